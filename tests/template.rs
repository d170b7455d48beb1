#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! The in-place upgrade template against the console wizard's real output (corpus file 057) and
//! with each wizard option.

use std::collections::BTreeMap;
use std::path::PathBuf;

use tasksequence::engine::{Outcome, Scenario, Status, TextOptions, simulate};
use tasksequence::machine::MachineProfile;
use tasksequence::model::{Node, Sequence, Step};
use tasksequence::template::{ProductKey, TemplateError, Updates, UpgradeTemplate};
use tasksequence::xml::{self, WriteOptions, write_sequence};

const WIZARD: &str = "057_cmraw-upgrade-os-wizard_selfhost.xml";

/// The wizard's output, or `None` (with a message) without the corpus.
fn wizard_output() -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(WIZARD);
    match std::fs::read(&path) {
        Ok(bytes) => Some(String::from_utf8(bytes).unwrap()),
        Err(_) => {
            eprintln!(
                "skipping the comparison with the wizard: {} is absent",
                path.display()
            );
            None
        }
    }
}

/// The writer writes an empty element self-closed; the wizard writes `<variable …></variable>`.
/// A value never ends a start tag, so `"></variable>` is always an empty variable.
fn self_closed(xml: &str) -> String {
    xml.replace("\"></variable>", "\"/>")
}

#[test]
fn only_the_package_gives_the_wizards_sequence() {
    let Some(wizard) = wizard_output() else {
        return;
    };
    let read = xml::read(wizard.as_bytes()).unwrap();
    let built = UpgradeTemplate::new("OPC005ED").unwrap().build();
    assert_eq!(built.sequence, read.sequence, "model-level equality");
    assert_eq!(built, read, "same container too");
    // And byte for byte on one line, as ConfigMgr stores it, including the wizard's lower-case
    // `notequals`.
    let ours = write_sequence(&built.sequence, &WriteOptions::one_line());
    assert_eq!(ours, self_closed(wizard.trim_end()));
}

#[test]
fn another_package_changes_only_the_package_ids() {
    let Some(wizard) = wizard_output() else {
        return;
    };
    let built = UpgradeTemplate::new("PS1000AB").unwrap().sequence();
    let ours = write_sequence(&built, &WriteOptions::one_line());
    assert_eq!(ours.matches("PS1000AB").count(), 2, "reference and step");
    assert_eq!(
        ours,
        self_closed(wizard.trim_end()).replace("OPC005ED", "PS1000AB")
    );
}

/// Elements in order with their attributes and text, as an independent parser sees them.
fn elements(xml: &str) -> Vec<(String, BTreeMap<String, String>, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(roxmltree::Node::is_element)
        .map(|e| {
            let attrs = e
                .attributes()
                .map(|a| (a.name().to_string(), a.value().to_string()))
                .collect();
            let text: String = e
                .children()
                .filter(roxmltree::Node::is_text)
                .filter_map(|t| t.text())
                .collect();
            // Whitespace between elements is formatting; text of a text-only element is data.
            let text = if e.children().any(|c| c.is_element()) {
                text.trim().to_string()
            } else {
                text
            };
            (e.tag_name().name().to_string(), attrs, text)
        })
        .collect()
}

#[test]
fn element_by_element_as_an_independent_parser_reads_it() {
    let Some(wizard) = wizard_output() else {
        return;
    };
    // The pretty-printed form `tsq new upgrade` writes.
    let ours = UpgradeTemplate::new("OPC005ED").unwrap().build().to_xml();
    let (ours, theirs) = (elements(&ours), elements(&wizard));
    assert_eq!(ours.len(), theirs.len());
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a, b, "element {i}");
    }
}

fn step<'a>(seq: &'a Sequence, path: &str) -> &'a Step {
    match seq
        .walk()
        .into_iter()
        .find(|v| v.path_text().to_string() == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .node
    {
        Node::Step(s) => s,
        _ => panic!("{path} is not a step"),
    }
}

fn every_option() -> Vec<(&'static str, UpgradeTemplate)> {
    let base = || UpgradeTemplate::new("OPC005ED").unwrap();
    vec![
        ("defaults", base()),
        ("edition", base().edition_index(4).unwrap()),
        (
            "product key",
            base().product_key(ProductKey::parse("NPPR9-FWDCX-D2C8J-H872K-2YT43").unwrap()),
        ),
        ("ignore", base().ignore_compat_messages(true)),
        ("required updates", base().updates(Updates::Required)),
        ("all updates", base().updates(Updates::All)),
        (
            "apps",
            base()
                .application("ScopeId_1/Application_a")
                .unwrap()
                .application("ScopeId_1/Application_b")
                .unwrap(),
        ),
        (
            "apps, continue",
            base()
                .application("ScopeId_1/Application_a")
                .unwrap()
                .continue_on_app_failure(true),
        ),
        ("recommended", base().recommended(true)),
        (
            "named",
            base()
                .name("Upgrade to 23H2")
                .description("Pilot ring & friends"),
        ),
        (
            "everything",
            base()
                .name("All")
                .edition_index(2)
                .unwrap()
                .product_key(ProductKey::parse("aaaaa-bbbbb-ccccc-ddddd-12345").unwrap())
                .ignore_compat_messages(true)
                .updates(Updates::All)
                .application("Office")
                .unwrap()
                .continue_on_app_failure(true)
                .recommended(true),
        ),
    ]
}

#[test]
fn every_option_loads_back_and_round_trips() {
    for (label, template) in every_option() {
        let doc = template.build();
        let text = doc.to_xml();
        let again = xml::read(text.as_bytes()).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert!(again.warnings.is_empty(), "{label}: {:?}", again.warnings);
        assert_eq!(again, doc, "{label}");
        assert_eq!(again.to_xml(), text, "{label}: writing is stable");
        let json = doc.to_json().unwrap();
        assert_eq!(
            xml::Document::from_json(&json).unwrap(),
            doc,
            "{label}: json"
        );
    }
}

#[test]
fn each_option_changes_what_the_wizard_page_changes() {
    let options: BTreeMap<&str, Sequence> = every_option()
        .into_iter()
        .map(|(label, t)| (label, t.sequence()))
        .collect();
    let upgrade = "Upgrade the Operating System/Upgrade Operating System";
    assert_eq!(
        step(&options["edition"], upgrade).variable("OSDUpgradeInstallEditionIndex"),
        Some("4")
    );
    assert_eq!(
        step(&options["product key"], upgrade).variable("OSDUpgradeOsProductKey"),
        Some("NPPR9-FWDCX-D2C8J-H872K-2YT43")
    );
    assert_eq!(
        step(&options["everything"], upgrade).variable("OSDUpgradeOsProductKey"),
        Some("AAAAA-BBBBB-CCCCC-DDDDD-12345")
    );
    assert_eq!(
        step(&options["ignore"], upgrade).variable("OSDUpgradeIgnoreMessages"),
        Some("true")
    );
    for (label, target) in [("required updates", "Mandatory"), ("all updates", "All")] {
        let s = step(&options[label], "Post-Processing/Install Updates");
        assert_eq!(
            s.type_name.as_deref(),
            Some("SMS_TaskSequence_InstallUpdateAction")
        );
        assert_eq!(s.variable("SMSInstallUpdateTarget"), Some(target));
    }
    let apps = step(&options["apps"], "Post-Processing/Install Applications");
    assert_eq!(
        apps.variable("OSDApp0Name"),
        Some("ScopeId_1/Application_a")
    );
    assert_eq!(
        apps.variable("OSDApp1Name"),
        Some("ScopeId_1/Application_b")
    );
    assert_eq!(apps.variable("ContinueOnInstallError"), Some("false"));
    let apps = step(
        &options["apps, continue"],
        "Post-Processing/Install Applications",
    );
    assert_eq!(apps.variable("ContinueOnInstallError"), Some("true"));
    // The defaults differ from each single option only where that option's page writes.
    let defaults = write_sequence(&options["defaults"], &WriteOptions::default());
    let ignore = write_sequence(&options["ignore"], &WriteOptions::default());
    let changed: Vec<(&str, &str)> = defaults
        .lines()
        .zip(ignore.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].1.contains("OSDUpgradeIgnoreMessages"));
}

#[test]
fn refused_options_name_the_problem() {
    let cases = [
        (
            "NPPR9-FWDCX-D2C8J-H872K",
            "4 groups, expected 5 groups of 5 letters or digits separated by `-`",
        ),
        (
            "NPPR9-FWDCX-D2C8J-H872K-2YT4",
            "group 5 `2YT4` has 4 characters, expected 5",
        ),
        (
            "NPPR9-FWD_X-D2C8J-H872K-2YT43",
            "group 2 `FWD_X` holds `_`, which is not a letter or digit",
        ),
        (
            "NPPR9_FWDCX-D2C8J-H872K-2YT43",
            "4 groups, expected 5 groups of 5 letters or digits separated by `-`",
        ),
    ];
    for (key, expected) in cases {
        match ProductKey::parse(key) {
            Err(TemplateError::ProductKey { problem, .. }) => {
                assert_eq!(problem, expected, "{key}")
            }
            other => panic!("{key}: {other:?}"),
        }
    }
    assert!(matches!(
        UpgradeTemplate::new("OPC005E"),
        Err(TemplateError::PackageId { .. })
    ));
}

fn machine() -> MachineProfile {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/machines/win10-x64-en-us-laptop.json");
    MachineProfile::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every option's output simulates to success on the Windows 10 example machine: the readiness
/// checks pass, the compatibility scan (with `--recommended`) comes back clean so its check is
/// skipped, the upgrade completes, Post-Processing runs, Rollback and the failure actions do not.
/// Windows Setup rolling back fails the same sequences.
#[test]
fn a_successful_run_on_the_windows_10_machine() {
    let m = machine();
    for (label, template) in every_option() {
        let seq = template.sequence();
        let scenario = Scenario::new().with_machine(&m);
        let trace = simulate(&seq, &m, &scenario);
        assert_eq!(trace.error, None, "{label}");
        assert!(
            trace.succeeded(),
            "{label}: failed at {:?}\n{}",
            trace.failed_at,
            trace.to_text(&TextOptions::default())
        );
        let status = |path: &str| trace.step(path).map(|s| (s.status, s.succeeded));
        assert_eq!(
            status("Prepare for Upgrade/Check Readiness for Upgrade"),
            Some((Status::Ran, Some(true))),
            "{label}"
        );
        assert_eq!(
            status("Upgrade the Operating System/Upgrade Operating System"),
            Some((Status::Ran, Some(true))),
            "{label}"
        );
        assert_eq!(
            status("Rollback").map(|s| s.0),
            Some(Status::Skipped),
            "{label}"
        );
        assert_eq!(
            status("Run Actions on Failure").map(|s| s.0),
            Some(Status::Skipped),
            "{label}"
        );
        assert_eq!(trace.variables.get("_SMSTSSetupRollback"), Some("false"));
        let recommended = label == "recommended" || label == "everything";
        let scan = trace
            .steps
            .iter()
            .find(|s| s.path.starts_with("Prepare for Upgrade/") && s.path.contains("Assessment"));
        assert_eq!(scan.is_some(), recommended, "{label}: the scan steps");
        if recommended {
            assert_eq!(
                status("Prepare for Upgrade/Check Upgrade Assessment result").map(|s| s.0),
                Some(Status::Skipped),
                "{label}: a clean scan does not stop the run"
            );
        }
        let post = trace
            .steps
            .iter()
            .filter(|s| s.path.starts_with("Post-Processing/") && s.status == Status::Ran)
            .count();
        assert!(post > 0, "{label}: Post-Processing ran");

        let mut rollback = scenario.clone();
        rollback.set_outcome(
            "Upgrade Operating System",
            Outcome {
                rollback: true,
                ..Outcome::default()
            },
        );
        let failed = simulate(&seq, &m, &rollback);
        assert!(!failed.succeeded(), "{label}: a rollback fails the run");
        // The wizard's upgrade group does not continue on error, so the run ends at the step.
        assert_eq!(
            failed.failed_at.as_deref(),
            Some("Upgrade the Operating System/Upgrade Operating System"),
            "{label}"
        );
    }
}
