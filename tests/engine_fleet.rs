//! Fleet runs: results identical to one machine at a time, in input order, with a consistent
//! summary; the generator's machines vary.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;

use tasksequence::engine::{Outcome, Scenario, generate, simulate, simulate_fleet};
use tasksequence::machine::Host;
use tasksequence::wql::Query;

fn upgrade() -> tasksequence::model::Sequence {
    let bytes =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/upgrade.xml")).unwrap();
    tasksequence::xml::read(&bytes).unwrap().sequence
}

#[test]
fn fleet_results_equal_one_at_a_time_in_input_order() {
    let sequence = upgrade();
    let mut scenario = Scenario::new();
    scenario.set_outcome("Upgrade assessment", Outcome::exit(0xC190_0208u32));
    scenario.set_variable("FleetRun", "yes");
    for threads in [1, 3] {
        let mut seen = Vec::new();
        let summary = simulate_fleet(
            &sequence,
            &scenario,
            generate::fleet(11, 120),
            threads,
            |run| {
                let machine = generate::machine(11, run.index as u64);
                let alone = simulate(
                    &sequence,
                    &machine,
                    &scenario.clone().with_machine(&machine),
                );
                assert_eq!(run.trace, alone, "machine {}", run.index);
                assert_eq!(run.name, machine.name());
                seen.push(run.index);
            },
        )
        .unwrap();
        assert_eq!(seen, (0..120).collect::<Vec<_>>());
        assert_eq!(summary.machines, 120);
        assert_eq!(summary.succeeded + summary.failed, 120);
        for step in &summary.steps {
            assert_eq!(
                step.ran + step.skipped + step.not_reached,
                120,
                "{}",
                step.path
            );
            assert_eq!(step.ran, step.succeeded + step.failed, "{}", step.path);
            assert_eq!(
                step.failed_on.len(),
                step.failed.min(tasksequence::engine::MAX_NAMES)
            );
        }
    }
}

#[test]
fn the_summary_says_where_machines_fail() {
    let sequence = upgrade();
    let scenario = Scenario::new();
    let mut failed_names = BTreeSet::new();
    let summary = simulate_fleet(&sequence, &scenario, generate::fleet(5, 400), 2, |run| {
        if !run.trace.succeeded() {
            failed_names.insert(run.name.clone());
        }
    })
    .unwrap();
    // Small or busy machines fail Check Readiness; machines in Windows PE fail the steps that
    // need the full OS. Some of both are in a fleet this size.
    let check = summary
        .steps
        .iter()
        .find(|s| s.path == "Prepare for Upgrade/Check Readiness for Upgrade")
        .unwrap();
    assert!(check.failed > 0 && check.succeeded > 0, "{check:?}");
    assert_eq!(summary.failed, failed_names.len());
    for name in &check.failed_on {
        assert!(failed_names.contains(name), "{name}");
    }
    let text = summary.to_text();
    assert!(
        text.contains("Prepare for Upgrade/Check Readiness for Upgrade"),
        "{text}"
    );
    assert!(
        text.ends_with(&format!(
            "400 machines: {} succeeded, {} failed\n",
            summary.succeeded, summary.failed
        )),
        "{text}"
    );
    let json: serde_json::Value = serde_json::to_value(&summary).unwrap();
    assert_eq!(json["machines"], 400);
    assert!(json["steps"][0].get("not_reached").is_some());
}

#[test]
fn generated_machines_vary() {
    let os = Query::parse("SELECT Version, OSLanguage, OSArchitecture FROM Win32_OperatingSystem")
        .unwrap();
    let mut versions = BTreeSet::new();
    let mut languages = BTreeSet::new();
    let mut arches = BTreeSet::new();
    let mut winpe = 0;
    for machine in generate::fleet(1, 2000) {
        let row = machine.wmi_query(r"root\cimv2", &os).unwrap().remove(0);
        versions.insert(format!("{:?}", row["Version"]));
        languages.insert(format!("{:?}", row["OSLanguage"]));
        arches.insert(format!("{:?}", row["OSArchitecture"]));
        if machine
            .variables()
            .iter()
            .any(|(n, v)| n == "_SMSTSInWinPE" && v == "true")
        {
            winpe += 1;
        }
        assert!(Host::hardware(&machine).is_some());
    }
    assert!(versions.len() >= 5, "{versions:?}");
    assert!(languages.len() >= 8, "{languages:?}");
    assert_eq!(arches.len(), 3, "{arches:?}");
    assert!((20..200).contains(&winpe), "{winpe}");
}

#[test]
fn a_scenario_that_does_not_fit_fails_before_any_run() {
    let mut scenario = Scenario::new();
    scenario.set_outcome("No such step", Outcome::exit(1u32));
    let mut runs = 0;
    let result = simulate_fleet(&upgrade(), &scenario, generate::fleet(1, 10), 2, |_| {
        runs += 1
    });
    assert!(result.is_err());
    assert_eq!(runs, 0);
}

#[test]
fn condition_counts_across_a_fleet_match_one_machine_at_a_time() {
    use tasksequence::engine::{ConditionTable, evaluate_fleet};
    let xml = concat!(
        r#"<sequence><group name="Laptops"><condition><expression type="SMS_TaskSequence_VariableConditionExpression">"#,
        r#"<variable name="Operator">equals</variable><variable name="Value">True</variable><variable name="Variable">IsLaptop</variable>"#,
        r#"</expression></condition><step name="English x64" type="SMS_TaskSequence_RunCommandLineAction"><condition>"#,
        r#"<expression type="SMS_TaskSequence_WMIConditionExpression"><variable name="Namespace">root\cimv2</variable>"#,
        r#"<variable name="Query">SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%' AND OSLanguage='1033'</variable>"#,
        r#"</expression></condition></step><step name="Asks the unknown" type="SMS_TaskSequence_RunCommandLineAction"><condition>"#,
        r#"<expression type="SMS_TaskSequence_WMIConditionExpression"><variable name="Namespace">root\cimv2</variable>"#,
        r#"<variable name="Query">SELECT * FROM Win32_NoSuchClass</variable></expression></condition></step></group></sequence>"#
    );
    let sequence = tasksequence::xml::read(xml.as_bytes()).unwrap().sequence;
    let table = ConditionTable::new(&sequence);
    assert_eq!(table.len(), 3);
    let pool: Vec<_> = generate::fleet(4, 300).collect();
    let mut want = vec![[0usize; 3]; 3];
    for machine in &pool {
        for (w, value) in want
            .iter_mut()
            .zip(table.evaluate_machine(machine, Default::default()))
        {
            w[match value {
                Ok(true) => 0,
                Ok(false) => 1,
                Err(_) => 2,
            }] += 1;
        }
    }
    for threads in [1, 3] {
        let got = evaluate_fleet(&sequence, pool.iter(), threads, Default::default());
        let got: Vec<[usize; 3]> = got
            .iter()
            .map(|c| [c.true_count, c.false_count, c.error_count])
            .collect();
        assert_eq!(got, want);
    }
    assert!(want[0][0] > 0 && want[0][1] > 0, "{want:?}");
    assert!(want[1][0] > 0 && want[1][1] > 0, "{want:?}");
    assert_eq!(want[2], [0, 0, 300]);
}
