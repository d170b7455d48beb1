//! The inline compatibility-scan recipe end to end: a scan-only Upgrade Operating System step
//! that continues on error, then `cmd /c exit %_SMSTSOSUpgradeActionReturnCode%` under the
//! condition `_SMSTSOSUpgradeActionReturnCode != 3247440400`.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use tasksequence::codes::ReturnCode;
use tasksequence::engine::{Outcome, Reason, Scenario, Status, Trace, simulate};
use tasksequence::machine::MachineProfile;

fn run(scan: Option<u32>) -> Trace {
    let xml = std::fs::read(common::data_path("engine-compat-scan.xml")).unwrap();
    let sequence = tasksequence::xml::read(&xml).unwrap().sequence;
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/machines/win10-x64-en-us-laptop.json"),
    )
    .unwrap();
    let machine = MachineProfile::from_json(&text).unwrap();
    let mut scenario = Scenario::new().with_machine(&machine);
    if let Some(code) = scan {
        scenario.set_outcome("Upgrade assessment", Outcome::exit(code));
    }
    simulate(&sequence, &machine, &scenario)
}

#[test]
fn a_clean_scan_skips_the_check_and_upgrades() {
    let trace = run(None);
    let scan = trace
        .step("Prepare for Upgrade/Upgrade assessment")
        .unwrap();
    assert_eq!(scan.exit_code, Some(ReturnCode::COMPAT_SCAN_PASSED));
    assert!(scan.failed() && scan.continue_on_error);
    let check = trace
        .step("Prepare for Upgrade/Check assessment result")
        .unwrap();
    assert_eq!(
        (check.status, check.reason),
        (Status::Skipped, Some(Reason::Condition))
    );
    assert_eq!(
        check.detail.as_deref(),
        Some(r#"_SMSTSOSUpgradeActionReturnCode = "3247440400" equals "3247440400" as integers"#)
    );
    let upgrade = trace
        .step("Upgrade the Operating System/Upgrade Operating System")
        .unwrap();
    assert_eq!(upgrade.succeeded, Some(true));
    assert!(trace.succeeded());
    assert_eq!(trace.variables.get("_SMSTSSetupRollback"), Some("false"));
    // The last action is the upgrade, not the skipped check.
    assert_eq!(
        trace.variables.get("_SMSTSLastActionName"),
        Some("Upgrade Operating System")
    );
}

#[test]
fn a_blocking_scan_fails_the_sequence_with_the_scans_code() {
    for code in [
        0xC190_0208u32,
        0xC190_0204,
        0xC190_0200,
        0xC190_020E,
        0x8007_0070,
    ] {
        let trace = run(Some(code));
        let check = trace
            .step("Prepare for Upgrade/Check assessment result")
            .unwrap();
        assert_eq!(check.status, Status::Ran, "{code:#x}");
        assert_eq!(check.exit_code, Some(ReturnCode(code)));
        assert_eq!(
            check.command_line.as_deref(),
            Some(format!("cmd /c exit {code}").as_str())
        );
        assert_eq!(trace.exit_code, ReturnCode(code));
        assert!(!trace.succeeded());
        assert_eq!(
            trace.failed_at.as_deref(),
            Some("Prepare for Upgrade/Check assessment result")
        );
        let upgrade = trace.step("Upgrade the Operating System").unwrap();
        assert_eq!(
            (upgrade.status, upgrade.reason),
            (Status::NotReached, Some(Reason::SequenceFailed))
        );
        assert_eq!(
            trace.variables.get("_SMSTSOSUpgradeActionReturnCode"),
            Some(code.to_string().as_str())
        );
        // The engine writes the last action's code signed, as cmd.exe reports it.
        assert_eq!(
            trace.variables.get("_SMSTSLastActionRetCode"),
            Some(ReturnCode(code).signed().to_string().as_str())
        );
    }
}
