#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! `tsq new upgrade` run as a program.

mod common;

use std::path::PathBuf;

use common::{stderr, stdout, tsq};
use tasksequence::model::Node;

#[test]
fn only_the_package_writes_the_wizards_sequence() {
    let out = tsq(&["new", "upgrade", "--package", "OPC005ED"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ours = tasksequence::xml::read(stdout(&out).as_bytes()).unwrap();
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/057_cmraw-upgrade-os-wizard_selfhost.xml");
    let Ok(bytes) = std::fs::read(&corpus) else {
        eprintln!(
            "skipping the comparison with the wizard: {} is absent",
            corpus.display()
        );
        return;
    };
    assert_eq!(ours, tasksequence::xml::read(&bytes).unwrap());
}

#[test]
fn options_reach_the_output() {
    let out = tsq(&[
        "new",
        "upgrade",
        "--package",
        "PS100101",
        "--edition-index",
        "3",
        "--product-key",
        "NPPR9-FWDCX-D2C8J-H872K-2YT43",
        "--ignore-compat-messages",
        "--updates",
        "required",
        "--app",
        "Office",
        "--app",
        "Teams",
        "--continue-on-app-failure",
        "--recommended",
        "--architecture",
        "x86",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = tasksequence::xml::read(stdout(&out).as_bytes()).unwrap();
    let steps: Vec<(String, String)> = doc
        .sequence
        .walk()
        .into_iter()
        .filter_map(|v| match v.node {
            Node::Step(s) => Some((
                v.path_text().to_string(),
                s.type_name.clone().unwrap_or_default(),
            )),
            _ => None,
        })
        .collect();
    let paths: Vec<&str> = steps.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Prepare for Upgrade/Check Readiness for Upgrade",
            "Prepare for Upgrade/Upgrade Assessment",
            "Prepare for Upgrade/Check Upgrade Assessment result",
            "Upgrade the Operating System/Upgrade Operating System",
            "Upgrade the Operating System/Restart Computer",
            "Post-Processing/Install Updates",
            "Post-Processing/Install Applications",
        ]
    );
    let text = stdout(&out);
    for needle in [
        r#"<variable name="OSDUpgradeInstallEditionIndex" property="InstallEditionIndex">3</variable>"#,
        r#"<variable name="OSDUpgradeOsProductKey" property="OsProductKey">NPPR9-FWDCX-D2C8J-H872K-2YT43</variable>"#,
        r#"<variable name="OSDUpgradeIgnoreMessages" property="IgnoreMessages">true</variable>"#,
        r#"<variable name="SMSInstallUpdateTarget" property="Target">Mandatory</variable>"#,
        r#"<action>smsappinstall.exe /app:Office,Teams /basevar: /continueOnError:True</action>"#,
        r#"<variable name="OSDFreeDiskSpace" property="FreeDiskSpace">16384</variable>"#,
    ] {
        assert!(text.contains(needle), "{needle}\n{text}");
    }
}

#[test]
fn a_name_makes_an_object_xml() {
    let out = tsq(&[
        "new",
        "upgrade",
        "--package",
        "PS100101",
        "--name",
        "Upgrade 23H2",
        "--description",
        "Pilot",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = tasksequence::xml::read(stdout(&out).as_bytes()).unwrap();
    let info = doc.package.unwrap();
    assert_eq!(info.name.as_deref(), Some("Upgrade 23H2"));
    assert_eq!(info.description.as_deref(), Some("Pilot"));
}

#[test]
fn bad_options_exit_2_naming_the_problem() {
    let out = tsq(&[
        "new",
        "upgrade",
        "--package",
        "OPC005ED",
        "--product-key",
        "NPPR9-FWDCX-D2C8J-H872K",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "tsq: error: product key `NPPR9-FWDCX-D2C8J-H872K`: 4 groups, expected 5 groups of 5 letters or digits separated by `-`\n"
    );
    assert!(stdout(&out).is_empty());
    for args in [
        &["new", "upgrade", "--package", "opc005ed"][..],
        &[
            "new",
            "upgrade",
            "--package",
            "OPC005ED",
            "--edition-index",
            "0",
        ],
        &[
            "new",
            "upgrade",
            "--package",
            "OPC005ED",
            "--updates",
            "some",
        ],
        &[
            "new",
            "upgrade",
            "--package",
            "OPC005ED",
            "--continue-on-app-failure",
        ],
        &["new", "upgrade", "--package", "OPC005ED", "--app", "a,b"],
        &["new", "upgrade"],
    ] {
        let out = tsq(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&out).is_empty(), "{args:?}");
    }
}
