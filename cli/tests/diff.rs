#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! `tsq diff` through the built binary: exit status, text marks, the JSON contract.

mod common;

use common::*;

#[test]
fn equal_sequences_exit_0_with_no_output() {
    for other in ["diff/base-reformatted.xml", "diff/base-object.xml"] {
        let out = tsq(&["diff", &data("diff/base.xml"), &data(other)]);
        assert_eq!(out.status.code(), Some(0), "{other}: {}", stderr(&out));
        assert_eq!(stdout(&out), "");
        let out = tsq(&[
            "diff",
            &data("diff/base.xml"),
            &data(other),
            "--format",
            "json",
        ]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(stdout(&out), "{\n  \"changes\": []\n}\n");
    }
}

#[test]
fn differences_exit_1_one_line_each_with_marks() {
    let out = tsq(&["diff", &data("diff/base.xml"), &data("diff/changed.xml")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 7, "{text}");
    assert!(lines.contains(&"+ Prepare/Check Disk"), "{text}");
    assert!(lines.contains(&"- Install/Restart"), "{text}");
    assert!(
        lines.contains(&"→ Cleanup/Log Start (moved from Prepare/Log Start)"),
        "{text}"
    );
    assert!(
        lines.contains(&r#"~ Install: condition: Phase == "INSTALL" → Phase == "UPGRADE""#),
        "{text}"
    );
    assert!(!text.contains("S3cret"), "{text}");
}

#[test]
fn json_has_the_contract_shape() {
    let out = tsq(&[
        "diff",
        &data("diff/base.xml"),
        &data("diff/changed.xml"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes = v["changes"].as_array().unwrap();
    let kinds: Vec<&str> = changes
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    for kind in ["added", "removed", "moved", "renamed", "changed"] {
        assert!(kinds.contains(&kind), "{kind} missing in {kinds:?}");
    }
    let renamed = changes.iter().find(|c| c["kind"] == "renamed").unwrap();
    assert_eq!(renamed["old_path"], "Install/Install Agent");
    assert_eq!(renamed["path"], "Install/Install Monitoring Agent");
    assert_eq!(renamed["fields"][0]["field"], "name");
    let added = changes.iter().find(|c| c["kind"] == "added").unwrap();
    assert!(added["old_path"].is_null());
}

#[test]
fn bad_input_exits_2_naming_the_file() {
    let out = tsq(&["diff", &data("diff/base.xml"), "/nonexistent/x.xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/nonexistent/x.xml"),
        "{}",
        stderr(&out)
    );
    let dir = std::env::temp_dir().join(format!("tsq-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.xml");
    std::fs::write(&broken, "<sequence><group name=\"x\"></sequence>").unwrap();
    let out = tsq(&["diff", broken.to_str().unwrap(), &data("diff/base.xml")]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("broken.xml:1:"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
