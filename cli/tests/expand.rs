#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! `tsq expand` run as a program.

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

#[test]
fn expands_vars() {
    let out = tsq(&[
        "expand",
        r#"cscript.exe "%ScriptRoot%\ZTIGather.wsf" %Missing% 100%"#,
        "--var",
        r"SCRIPTROOT=\\mdt\ds\Scripts",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "cscript.exe \"\\\\mdt\\ds\\Scripts\\ZTIGather.wsf\" %Missing% 100%\n"
    );
}

#[test]
fn later_var_wins_and_value_may_hold_equals() {
    let out = tsq(&[
        "expand", "%A%|%B%", "--var", "A=1", "--var", "a=2", "--var", "B=x=y",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "2|x=y\n");
}

#[test]
fn text_without_references_and_leading_dash() {
    let out = tsq(&["expand", "-arg %%F"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "-arg %%F\n");
}

#[test]
fn secrets_redacted_unless_asked() {
    let args = [
        "expand",
        "join %OSDJoinPassword%",
        "--var",
        "OSDJoinPassword=hunter2",
    ];
    let out = tsq(&args);
    assert_eq!(stdout(&out), "join ********\n");
    let mut shown = args.to_vec();
    shown.push("--show-secrets");
    assert_eq!(stdout(&tsq(&shown)), "join hunter2\n");
}

#[test]
fn empty_value_unsets() {
    let out = tsq(&["expand", "%A%", "--var", "A=1", "--var", "A="]);
    assert_eq!(stdout(&out), "%A%\n");
}

#[test]
fn bad_var_is_exit_2_with_one_line() {
    for (arg, needle) in [
        ("NOEQUALS", "--var expects NAME=VALUE, got `NOEQUALS`"),
        ("bad name=1", "bad character ` ` at position 4"),
        ("=1", "variable name is empty"),
    ] {
        let out = tsq(&["expand", "x", "--var", arg]);
        assert_eq!(out.status.code(), Some(2), "{arg}");
        let err = stderr(&out);
        assert!(err.contains(needle), "{arg}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(stdout(&out).is_empty());
    }
    let long = format!("A={}", "x".repeat(4001));
    let out = tsq(&["expand", "x", "--var", &long]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("4001 characters"), "{}", stderr(&out));
}

#[test]
fn machine_is_refused_not_ignored() {
    let out = tsq(&["expand", "%windir%", "--machine", "m.json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("m.json") && err.contains("not yet supported"),
        "{err}"
    );
}

#[test]
fn missing_text_is_usage_error() {
    let out = tsq(&["expand"]);
    assert_eq!(out.status.code(), Some(2));
}
