#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! `tsq eval` and `tsq conditions` run as a program.

use std::path::PathBuf;
use std::process::{Command, Output};

fn tsq(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tsq"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A fixture of the library's `tests/data`.
fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn prints_true_or_false() {
    let out = tsq(&[
        "eval",
        "PHASE == \"VALIDATION\"",
        "--var",
        "PHASE=validation",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "true\n");
    let out = tsq(&["eval", "PHASE == \"VALIDATION\""]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "false\n");
    let out = tsq(&["eval", ""]);
    assert_eq!(stdout(&out), "true\n", "the empty condition is true");
}

#[test]
fn exit_status_1_on_false_only_when_asked() {
    let out = tsq(&["eval", "X exists", "--exit-status"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "false\n");
    let out = tsq(&["eval", "X exists", "--exit-status", "--var", "X=1"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "true\n");
}

#[test]
fn return_codes_compare_in_any_spelling() {
    for code in ["3247440400", "0xC1900210", "-1047526896"] {
        let var = format!("_SMSTSOSUpgradeActionReturnCode={code}");
        let out = tsq(&[
            "eval",
            "_SMSTSOSUpgradeActionReturnCode == 0xC1900210",
            "--var",
            &var,
        ]);
        assert_eq!(stdout(&out), "true\n", "{code}");
    }
}

#[test]
fn machine_profile_answers_host_questions_and_vars_override() {
    let machine = data("machine-conditions.json");
    let cond = r#"_SMSTSInWinPE == "false" and wmi("SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%'") and file("%windir%\notepad.exe", version >= "10.0")"#;
    let out = tsq(&["eval", cond, "--machine", &machine]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "true\n");
    let out = tsq(&[
        "eval",
        cond,
        "--machine",
        &machine,
        "--var",
        "_SMSTSInWinPE=true",
    ]);
    assert_eq!(stdout(&out), "false\n");
    // `--var NAME=` unsets a profile variable.
    let out = tsq(&[
        "eval",
        "Make exists",
        "--machine",
        &machine,
        "--var",
        "Make=",
    ]);
    assert_eq!(stdout(&out), "false\n");
    let out = tsq(&[
        "eval",
        r#"registry("HKEY_LOCAL_MACHINE\SOFTWARE\Contoso", "Installed", REG_DWORD) == 1"#,
        "--machine",
        &machine,
    ]);
    assert_eq!(stdout(&out), "true\n", "{}", stderr(&out));
}

#[test]
fn explain_prints_the_tree_after_the_result() {
    let machine = data("machine-conditions.json");
    let out = tsq(&[
        "eval",
        r#"Make like "*Dell*" or wmi("SELECT * FROM Win32_ComputerSystem WHERE Manufacturer = 'Dell Inc.'")"#,
        "--machine",
        &machine,
        "--explain",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "false");
    // A condition with one operand shows that operand as the root.
    assert_eq!(lines[1], "false  any of:");
    assert_eq!(lines[2], "  false  Make like \"*Dell*\"");
    assert_eq!(
        lines[3],
        "           - Make = \"LENOVO\" does not match \"*Dell*\""
    );
    assert!(
        lines[5].contains("returned 0 instances in `root\\cimv2`"),
        "{text}"
    );
}

#[test]
fn explain_redacts_secrets_unless_asked() {
    let machine = data("machine-conditions.json");
    let out = tsq(&[
        "eval",
        "OSDJoinPassword == \"x\"",
        "--machine",
        &machine,
        "--explain",
    ]);
    let text = stdout(&out);
    assert!(text.contains("OSDJoinPassword = ********"), "{text}");
    assert!(!text.contains("hunter2"));
    let out = tsq(&[
        "eval",
        "OSDJoinPassword == \"x\"",
        "--machine",
        &machine,
        "--explain",
        "--show-secrets",
    ]);
    assert!(stdout(&out).contains("\"hunter2\""));
}

#[test]
fn explain_keeps_secrets_out_of_file_and_folder_paths() {
    let machine = data("machine-conditions.json");
    for condition in [
        r#"file("C:\%OSDJoinPassword%.txt")"#,
        r#"folder("C:\%OSDJoinPassword%")"#,
    ] {
        let out = tsq(&["eval", condition, "--machine", &machine, "--explain"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        assert!(!text.contains("hunter2"), "{text}");
        assert!(
            text.contains(r"`C:\%OSDJoinPassword%"),
            "the reference stays as written: {text}"
        );
        assert!(text.contains(" not found"), "{text}");
        let out = tsq(&[
            "eval",
            condition,
            "--machine",
            &machine,
            "--explain",
            "--show-secrets",
        ]);
        assert!(stdout(&out).contains(r"C:\hunter2"), "{}", stdout(&out));
    }
    // A secret given on the command line is a secret too.
    let out = tsq(&[
        "eval",
        r#"file("C:\%OSDJoinPassword%.txt")"#,
        "--machine",
        &machine,
        "--var",
        "OSDJoinPassword=ProfJoinPw10",
        "--explain",
    ]);
    assert!(!stdout(&out).contains("ProfJoinPw10"), "{}", stdout(&out));
}

#[test]
fn xml_conditions_are_accepted() {
    let xml = r#"<condition><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Variable">PHASE</variable><variable name="Operator">Equals</variable><variable name="Value">STATERESTORE</variable></expression></condition>"#;
    let out = tsq(&["eval", xml, "--var", "PHASE=STATERESTORE"]);
    assert_eq!(stdout(&out), "true\n", "{}", stderr(&out));
}

#[test]
fn bad_conditions_exit_2_with_position_and_caret() {
    let out = tsq(&["eval", "PHASE == \"x\" and and"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines[0],
        "tsq: error: condition: expected a condition, found the keyword `and` at line 1, column 18"
    );
    assert_eq!(lines[1], "PHASE == \"x\" and and");
    assert_eq!(lines[2], "                 ^");
}

#[test]
fn evaluation_errors_exit_2() {
    let out = tsq(&["eval", r#"wmi("SELECT * FROM Win32_BIOS")"#]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("need a machine description"),
        "{}",
        stderr(&out)
    );
    let machine = data("machine-conditions.json");
    let out = tsq(&[
        "eval",
        r#"wmi("SELECT * FROM Win32_Nope")"#,
        "--machine",
        &machine,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`SELECT * FROM Win32_Nope`"),
        "{}",
        stderr(&out)
    );
    let out = tsq(&["eval", "A == 1", "--machine", "/nonexistent/m.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("tsq: error: /nonexistent/m.json:"));
    let out = tsq(&["eval", "A == 1", "--var", "novalue"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn conditions_lists_every_node_with_a_condition() {
    let out = tsq(&["conditions", &data("conditions-mixed.xml")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        concat!(
            "Prepare: (_SMSTSInWinPE == \"false\" and wmi(\"SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%'\"))\n",
            "Prepare/Lenovo only: Make like \"*Lenovo*\" or wmi(\"SELECT * FROM Win32_ComputerSystem WHERE Manufacturer = 'Lenovo'\")\n",
            "Prepare/Empty condition: (empty condition, always true)\n",
            "Run Actions on Failure: _SMSTSOSUpgradeActionReturnCode != 0 and not file(\"%windir%\\Panther\\setupact.log\")\n",
            "Run Actions on Failure/Collect logs: registry(\"HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\", \"Collected\", REG_DWORD) not exists\n",
        )
    );
}

#[test]
fn conditions_json_has_text_and_tree() {
    let out = tsq(&[
        "conditions",
        &data("conditions-mixed.xml"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let items: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(items[1]["path"], "Prepare/Lenovo only");
    assert_eq!(items[1]["kind"], "step");
    assert_eq!(items[1]["name"], "Lenovo only");
    assert_eq!(items[0]["kind"], "group");
    assert_eq!(items[2]["condition_text"], "");
    // The text and the tree agree: the text read back gives the tree.
    for item in items {
        let text = item["condition_text"].as_str().unwrap();
        let parsed = tasksequence::condition::Condition::parse_text(text).unwrap();
        let tree: tasksequence::condition::Condition =
            serde_json::from_value(item["condition"].clone()).unwrap();
        assert_eq!(parsed, tree, "{text}");
    }
}

#[test]
fn conditions_on_a_bad_file_exit_2() {
    let dir = std::env::temp_dir().join(format!("tsq-cond-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.xml");
    std::fs::write(&bad, "<sequence>\n  <group>\n</sequence>").unwrap();
    let out = tsq(&["conditions", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("bad.xml:3:"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn starting_variables_profile_then_var_and_empty_unsets() {
    let dir = std::env::temp_dir().join(format!("tsq-start-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.json");
    std::fs::write(&good, r#"{"name":"m","variables":{"PHASE":"INSTALL"}}"#).unwrap();
    let good = good.to_string_lossy().into_owned();
    let run = |extra: &[&str]| {
        let mut args = vec!["eval", "PHASE exists", "--machine", &good];
        args.extend_from_slice(extra);
        stdout(&tsq(&args)).trim().to_string()
    };
    assert_eq!(run(&[]), "true");
    assert_eq!(run(&["--var", "PHASE="]), "false");
    assert_eq!(run(&["--var", "PHASE=", "--var", "phase=X"]), "true");
    let out = tsq(&[
        "expand",
        "%PHASE%",
        "--machine",
        &good,
        "--var",
        "Phase=VALIDATION",
    ]);
    assert_eq!(stdout(&out).trim(), "VALIDATION");

    // The same profile rule as the C ABI: a variable the engine could not set is refused on reading.
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"name":"m","variables":{"OSD Disk":"C:"}}"#).unwrap();
    let out = tsq(&["eval", "all()", "--machine", &bad.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`OSD Disk`"), "{}", stderr(&out));
}
