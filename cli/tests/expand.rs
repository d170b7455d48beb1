#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! `tsq expand` run as a program.

mod common;

use common::*;

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
fn machine_profile_answers_os_environment_and_seeds_variables() {
    let winpe = machine("winpe-boot.json");
    let out = tsq(&[
        "expand",
        "%windir%|%_SMSTSInWinPE%|%Undefined%",
        "--machine",
        &winpe,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        "X:\\windows|true|%Undefined%"
    );
    // --var overrides the profile's variables.
    let out = tsq(&[
        "expand",
        "%_SMSTSInWinPE%",
        "--machine",
        &winpe,
        "--var",
        "_SMSTSInWinPE=false",
    ]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end(), "false");
}

#[test]
fn a_missing_or_malformed_machine_profile_is_exit_2_naming_the_file() {
    let out = tsq(&["expand", "%windir%", "--machine", "no-such-profile.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no-such-profile.json"),
        "{}",
        stderr(&out)
    );
    let dir = std::env::temp_dir().join(format!("tsq-expand-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\n  \"name\": \"x\",\n  \"wmi\": {\"root\\\\cimv2\": {\"Win32_OperatingSystem\": [{\"OSLanguage\": {}}]}}\n}").unwrap();
    let out = tsq(&["expand", "%windir%", "--machine", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.json:3:") && err.contains("OSLanguage"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn missing_text_is_usage_error() {
    let out = tsq(&["expand"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn program_files_x86_expands_from_the_machine_environment() {
    let dir = std::env::temp_dir().join(format!("tsq-pf86-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let m = dir.join("m.json");
    std::fs::write(
        &m,
        r#"{"name":"m","environment":{"ProgramFiles(x86)":"C:\\Program Files (x86)"}}"#,
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tsq"))
        .args([
            "expand",
            r"%ProgramFiles(x86)%\App\setup.exe",
            "--machine",
            &m.to_string_lossy(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim_end(),
        r"C:\Program Files (x86)\App\setup.exe"
    );
}
