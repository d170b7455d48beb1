//! `-` as standard input in every command that reads a file, and one JSON layout for every
//! command: indented by default, one line with `--compact`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::*;

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn ok(out: &std::process::Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    stdout(out)
}

#[test]
fn a_sequence_reads_from_standard_input_in_every_command() {
    let file = data("package-object.xml");
    let bytes = read(&file);
    for args in [
        vec!["show"],
        vec!["show", "--format", "json"],
        vec!["fmt"],
        vec!["conditions"],
        vec!["check"],
        vec!["simulate"],
    ] {
        let mut from_file = args.clone();
        from_file.push(&file);
        let mut from_stdin = args.clone();
        from_stdin.push("-");
        let expected = tsq(&from_file);
        let got = tsq_stdin(&from_stdin, &bytes);
        assert_eq!(
            got.status.code(),
            expected.status.code(),
            "{args:?}: {}",
            stderr(&got)
        );
        // `check` names the file in its report; everything else prints the same.
        assert_eq!(
            stdout(&got),
            stdout(&expected).replace(&file, "<stdin>"),
            "{args:?}"
        );
    }
    let precache = tsq_stdin(
        &[
            "precache",
            "-",
            "--packages",
            &example("packages.json"),
            "--machine",
            &machine("win10-x64-en-us-laptop.json"),
        ],
        &read(&example("upgrade.xml")),
    );
    assert!(ok(&precache).contains("download"), "{}", stdout(&precache));
}

#[test]
fn one_side_of_a_diff_reads_from_standard_input() {
    let base = data("diff/base.xml");
    let changed = read(&data("diff/changed.xml"));
    let expected = tsq(&["diff", &base, &data("diff/changed.xml")]);
    let got = tsq_stdin(&["diff", &base, "-"], &changed);
    assert_eq!(got.status.code(), Some(1), "{}", stderr(&got));
    assert_eq!(stdout(&got), stdout(&expected));
    let both = tsq_stdin(&["diff", "-", "-"], &changed);
    assert_eq!(both.status.code(), Some(2));
    assert!(stderr(&both).contains("only one side"), "{}", stderr(&both));
}

#[test]
fn a_condition_a_profile_and_a_catalog_read_from_standard_input() {
    let out = tsq_stdin(
        &["eval", "-", "--var", "PHASE=VALIDATION"],
        b"PHASE == \"VALIDATION\"\n",
    );
    assert_eq!(ok(&out), "true\n");
    let xml = b"<condition><expression type=\"SMS_TaskSequence_VariableConditionExpression\"><variable name=\"Operator\">equals</variable><variable name=\"Value\">2</variable><variable name=\"Variable\">A</variable></expression></condition>";
    assert_eq!(
        ok(&tsq_stdin(&["eval", "-", "--var", "A=1"], xml)),
        "false\n"
    );

    let profile = read(&machine("win10-x64-en-us-laptop.json"));
    let out = tsq_stdin(
        &[
            "eval",
            "wmi(\"SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%'\")",
            "--machine",
            "-",
        ],
        &profile,
    );
    assert_eq!(ok(&out), "true\n");

    let out = tsq_stdin(
        &[
            "precache",
            &example("upgrade.xml"),
            "--packages",
            "-",
            "--machine",
            &machine("win10-x64-en-us-laptop.json"),
            "--format",
            "json",
        ],
        &read(&example("packages.json")),
    );
    let from_file = tsq(&[
        "precache",
        &example("upgrade.xml"),
        "--packages",
        &example("packages.json"),
        "--machine",
        &machine("win10-x64-en-us-laptop.json"),
        "--format",
        "json",
    ]);
    assert_eq!(ok(&out), stdout(&from_file));
}

#[test]
fn standard_input_stands_for_one_file_only_and_errors_name_it() {
    let out = tsq_stdin(
        &[
            "precache",
            "-",
            "--packages",
            "-",
            "--machine",
            &machine("win10-x64-en-us-laptop.json"),
        ],
        &read(&example("upgrade.xml")),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`-` (standard input) can stand for one file only"),
        "{}",
        stderr(&out)
    );

    let out = tsq_stdin(
        &["show", "-"],
        b"<sequence>\n  <group name=\"a\">\n</sequence>\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("tsq: error: <stdin>:3:"),
        "{}",
        stderr(&out)
    );

    let out = tsq_stdin(
        &["eval", "A == 1", "--machine", "-"],
        b"{\n  \"variables\": []\n}",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("tsq: error: <stdin>:2:"),
        "{}",
        stderr(&out)
    );

    // A profile cut short after a newline: the column is 1, not serde_json's 0.
    let out = tsq_stdin(&["eval", "A == 1", "--machine", "-"], b"{\n");
    assert!(
        stderr(&out).starts_with("tsq: error: <stdin>:2:1: "),
        "{}",
        stderr(&out)
    );

    let out = tsq(&["show", "/no/such/dir/ts.xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("tsq: error: /no/such/dir/ts.xml: "),
        "{}",
        stderr(&out)
    );
    let out = tsq(&["eval", "A == 1", "--machine", "/no/such/m.json"]);
    assert!(
        stderr(&out).starts_with("tsq: error: /no/such/m.json: "),
        "{}",
        stderr(&out)
    );
}

/// Every command's JSON, in both layouts: the same value, indented by two spaces by default,
/// one line with `--compact` (placed anywhere on the command line).
#[test]
fn every_command_prints_json_alike_and_compact_on_request() {
    let laptop = machine("win10-x64-en-us-laptop.json");
    let upgrade = example("upgrade.xml");
    let packages = example("packages.json");
    let base = data("diff/base.xml");
    let changed = data("diff/changed.xml");
    let object = data("package-object.xml");
    let fleet = machine("");
    let runs: Vec<Vec<&str>> = vec![
        vec!["show", &object, "--format", "json"],
        vec!["conditions", &object, "--format", "json"],
        vec!["code", "0xC1900210", "--format", "json"],
        vec!["lcid", "1033", "--format", "json"],
        vec!["diff", &base, &changed, "--format", "json"],
        vec!["check", &object, "--format", "json"],
        vec!["check", &object, "--format", "sarif"],
        vec![
            "precache",
            &upgrade,
            "--packages",
            &packages,
            "--machine",
            &laptop,
            "--format",
            "json",
        ],
        vec![
            "precache",
            &upgrade,
            "--packages",
            &packages,
            "--machines",
            &fleet,
            "--format",
            "json",
        ],
        vec![
            "simulate",
            &upgrade,
            "--machine",
            &laptop,
            "--format",
            "json",
        ],
        vec![
            "simulate",
            &upgrade,
            "--machines",
            &fleet,
            "--format",
            "json",
        ],
    ];
    for args in runs {
        let pretty = tsq(&args);
        let mut compact_args = vec!["--compact"];
        compact_args.extend(&args);
        let compact = tsq(&compact_args);
        assert_eq!(pretty.status.code(), compact.status.code(), "{args:?}");
        let (pretty, compact) = (stdout(&pretty), stdout(&compact));
        let value: serde_json::Value =
            serde_json::from_str(&pretty).unwrap_or_else(|e| panic!("{args:?}: {e}\n{pretty}"));
        assert_eq!(
            value,
            serde_json::from_str::<serde_json::Value>(&compact).unwrap(),
            "{args:?}"
        );
        assert_eq!(compact.lines().count(), 1, "{args:?}: {compact}");
        assert!(
            pretty.starts_with("{\n  \"") || pretty.starts_with("[\n  {"),
            "{args:?}: {pretty}"
        );
        assert!(
            !pretty.contains("\":\""),
            "{args:?}: no compact pairs in the indented form"
        );
        // The same layout as serde_json's own pretty printer, key order kept.
        let reparsed = compact.trim_end();
        assert_eq!(
            pretty.trim_end().replace(['\n', ' '], "").len(),
            reparsed.replace(' ', "").len(),
            "{args:?}"
        );
    }
}

#[test]
fn json_lines_stay_one_record_a_line() {
    let out = tsq(&[
        "simulate",
        &example("upgrade.xml"),
        "--machines",
        &machine(""),
        "--format",
        "jsonl",
    ]);
    let text = stdout(&out);
    assert!(text.lines().count() > 1);
    for line in text.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
}
