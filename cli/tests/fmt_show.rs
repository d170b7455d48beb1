//! `tsq fmt` and `tsq show` against the built binary: containers, the export .zip, exit statuses.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::io::Write;
mod common;

use common::*;

#[test]
fn fmt_of_an_object_xml_gives_the_object_xml_back_with_the_same_sequence() {
    let out = tsq(&["fmt", &data("package-object.xml")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(text.starts_with("<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\">"));
    let again = tasksequence::xml::read(text.as_bytes()).unwrap();
    assert!(
        text.as_bytes() == std::fs::read(data("package-object.xml")).unwrap(),
        "an unchanged canonical object.xml is written back byte for byte"
    );
    let original =
        tasksequence::xml::read(&std::fs::read(data("package-object.xml")).unwrap()).unwrap();
    assert_eq!(again, original);
    assert_eq!(
        again.package.unwrap().package_id.as_deref(),
        Some("TST00042")
    );
}

#[test]
fn fmt_sequence_only_prints_the_pretty_sequence() {
    let out = tsq(&["fmt", "--sequence-only", &data("package-object.xml")]);
    let text = stdout(&out);
    assert!(
        text.starts_with("<sequence version=\"3.10\">\n  <referenceList>"),
        "{text}"
    );
}

#[test]
fn show_tree_lists_groups_and_steps_with_their_flags() {
    let out = tsq(&["show", &data("mdt-small.xml")]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("sequence \"Small client\" version 3.00\n"),
        "{text}"
    );
    assert!(
        text.contains("\n    - Next Phase [Run Command Line] if "),
        "{text}"
    );
    assert!(text.contains("(continue on error)"), "{text}");
}

#[test]
fn show_json_is_the_document() {
    let out = tsq(&["show", "--format", "json", &data("package-object.xml")]);
    let doc = tasksequence::xml::Document::from_json(&stdout(&out)).unwrap();
    assert_eq!(doc.sequence.walk().len(), 5);
    assert_eq!(
        doc.package.unwrap().name.as_deref(),
        Some("Fixture In-Place Upgrade")
    );
}

#[test]
fn an_export_zip_is_read_through_its_object_xml() {
    let dir = std::env::temp_dir().join(format!("tsq-zip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("export.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    // A referenced package's object comes first: it must be skipped.
    zip.start_file("SCCM/Package/TST00007/object.xml", opts)
        .unwrap();
    zip.write_all(b"<INSTANCE CLASSNAME=\"SMS_Package\"></INSTANCE>")
        .unwrap();
    zip.start_file("SCCM/TaskSequence/TST00042/object.xml", opts)
        .unwrap();
    zip.write_all(&std::fs::read(data("package-object.xml")).unwrap())
        .unwrap();
    zip.finish().unwrap();
    let out = tsq(&["show", path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout(&out).starts_with("sequence \"Fixture In-Place Upgrade\" (TST00042) version 3.10")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_input_exits_2_with_file_line_and_column() {
    let dir = std::env::temp_dir().join(format!("tsq-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.xml");
    std::fs::write(
        &path,
        "<sequence version=\"3.10\">\n  <group name=\"a\">\n</sequence>\n",
    )
    .unwrap();
    let out = tsq(&["fmt", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:3:", path.display())), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let missing = tsq(&["show", "/no/such/file.xml"]);
    assert_eq!(missing.status.code(), Some(2));
    let usage = tsq(&["show"]);
    assert_eq!(usage.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn conditions_lists_set_dynamic_variables_rules_after_their_step() {
    let out = tsq(&["conditions", &data("dynamic-rules.xml")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Drivers: _SMSTSInWinPE == \"false\"\nDrivers/Pick driver pack#rule 2: make_model(\"Dell*\", \"Latitude 7?40\")\n"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&tsq(&[
        "conditions",
        "--format",
        "json",
        &data("dynamic-rules.xml"),
    ])))
    .unwrap();
    assert_eq!(json[1]["kind"], "rule");
    assert_eq!(json[1]["name"], "Pick driver pack");
}

#[test]
fn control_characters_are_escaped_on_the_terminal() {
    // `ESC [2K` would erase the line; an OSC 52 sequence would write the clipboard.
    let out = tsq(&[
        "expand",
        "%A%",
        "--var",
        "A=x\u{1b}[2Ky\u{1b}]52;c;aGk=\u{7}",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        !printed.contains('\u{1b}') && !printed.contains('\u{7}'),
        "{printed:?}"
    );
    assert_eq!(printed.trim_end(), r"x\u{1b}[2Ky\u{1b}]52;c;aGk=\u{7}");
    let out = tsq(&["expand", "%A%", "--var", "\u{1b}[2K=1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8(out.stderr).unwrap().contains('\u{1b}'));
}

#[test]
fn a_reader_closing_the_pipe_early_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let steps: String = (0..20_000)
        .map(|i| format!(r#"<step name="s{i}" type="SMS_TaskSequence_RunCommandLineAction"/>"#))
        .collect();
    let dir = std::env::temp_dir().join(format!("tsq-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("wide.xml");
    std::fs::write(&file, format!("<sequence>{steps}</sequence>")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tsq"))
        .args(["show", &file.to_string_lossy()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The reader is gone (as with `| head`); tsq must stop quietly.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn show_json_redacts_secrets_unless_asked_and_then_is_lossless() {
    let xml = r#"<sequence version="3.10"><step type="SMS_TaskSequence_UpgradeOperatingSystemAction" name="Upgrade"><defaultVarList><variable name="OSDUpgradeOsProductKey" property="OsProductKey">AAAAA-BBBBB-CCCCC-DDDDD-EEEEE</variable><variable name="OSDUpgradeInstallPackageID" property="InstallPackageID" hidden="true">CM100002</variable></defaultVarList></step><step type="SMS_TaskSequence_SetVariableAction" name="Pin"><action>tsenv.exe "Pin=4711" /hiddenflag:True</action><defaultVarList><variable name="DoNotShowVariableValue" property="DoNotShowVariableValue" hidden="true">true</variable><variable name="VariableName" property="VariableName" hidden="true">Pin</variable><variable name="VariableValue" property="VariableValue" hidden="true">4711</variable></defaultVarList></step></sequence>"#;
    let out = tsq_stdin(&["show", "--format", "json", "-"], xml.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains("AAAAA") && !text.contains("4711"), "{text}");
    assert!(
        text.contains("CM100002"),
        "hidden alone is not secret: {text}"
    );
    assert_eq!(text.matches("\"********\"").count(), 2, "{text}");
    let out = tsq_stdin(
        &["show", "--format", "json", "--show-secrets", "-"],
        xml.as_bytes(),
    );
    let doc = tasksequence::xml::Document::from_json(&stdout(&out)).unwrap();
    assert_eq!(doc, tasksequence::xml::read(xml.as_bytes()).unwrap());
}

#[test]
fn show_tree_names_types_as_the_console_and_shows_commands_packages_and_variables() {
    let xml = r#"<sequence version="3.10"><group name="G"><step type="SMS_TaskSequence_RunCommandLineAction" name="Run"><action>smsswd.exe /run:CM100001 setup.cmd /q</action><defaultVarList><variable name="CommandLine" property="CommandLine" hidden="true">setup.cmd /q</variable><variable name="PackageID" property="PackageID" hidden="true">CM100001</variable><variable name="SMSTSRunCommandLineOutputVariableName" property="OutputVariableName">SetupOut</variable></defaultVarList></step><step type="SMS_TaskSequence_DownloadPackageContentAction" name="Download"><defaultVarList><variable name="OSDDownloadDownloadPackages" property="DownloadPackages">CM100002,CM100003</variable><variable name="OSDDownloadDestinationVariable" property="DestinationVariable">DRV</variable></defaultVarList></step><step type="SMS_TaskSequence_SetVariableAction" name="Pin"><action>tsenv.exe "Pin=4711" /hiddenflag:True</action><defaultVarList><variable name="DoNotShowVariableValue" property="DoNotShowVariableValue" hidden="true">true</variable><variable name="VariableName" property="VariableName" hidden="true">Pin</variable><variable name="VariableValue" property="VariableValue" hidden="true">4711</variable></defaultVarList></step><step type="Contoso_Custom" name="Custom"/></group></sequence>"#;
    let out = tsq_stdin(&["show", "-"], xml.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "sequence version 3.10
  + G
    - Run [Run Command Line]
        command line: setup.cmd /q
        package: CM100001
        sets: SetupOut (output)
    - Download [Download Package Content]
        packages: CM100002, CM100003
        sets: DRV01, DRV02, …
    - Pin [Set Task Sequence Variable]
        sets: Pin = ********
    - Custom [Contoso_Custom]
"
    );
    let shown = stdout(&tsq_stdin(&["show", "--show-secrets", "-"], xml.as_bytes()));
    assert!(shown.contains("sets: Pin = 4711\n"), "{shown}");
}

#[test]
fn values_compared_with_secret_variables_are_hidden_in_show_and_simulate() {
    // A group and a step whose conditions compare secret-named variables with literals: the
    // literal is the secret.
    let xml = r#"<sequence version="3.10"><group name="Join"><condition><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Operator">equals</variable><variable name="Value">Winter2026!</variable><variable name="Variable">OSDJoinPassword</variable></expression></condition><step type="SMS_TaskSequence_RunCommandLineAction" name="Check"><condition><operator type="or"><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Operator">notEquals</variable><variable name="Value">s3cr3t-adm</variable><variable name="Variable">OSDLocalAdminPassword</variable></expression><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Operator">equals</variable><variable name="Value">INSTALL</variable><variable name="Variable">PHASE</variable></expression></operator></condition><action>cmd /c exit 0</action><defaultVarList><variable name="CommandLine" property="CommandLine">cmd /c exit 0</variable></defaultVarList></step></group></sequence>"#;
    let simulate_json = [
        "simulate",
        "-",
        "--var",
        "OSDJoinPassword=Winter2026!",
        "--format",
        "json",
    ];
    for args in [
        &["show", "--format", "json", "-"][..],
        &["show", "-"][..],
        &simulate_json[..],
        &simulate_json[..4],
    ] {
        let out = tsq_stdin(args, xml.as_bytes());
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            stderr(&out)
        );
        let text = stdout(&out);
        assert!(
            !text.contains("Winter2026") && !text.contains("s3cr3t"),
            "{args:?}: {text}"
        );
        // (The text trace shows no conditions of steps that ran.)
        assert!(
            args.len() == 4 || text.contains("INSTALL"),
            "the rest stays readable: {args:?}: {text}"
        );
    }
    // The simulation still compares the real values: the group's condition holds.
    let out = tsq_stdin(&simulate_json, xml.as_bytes());
    let trace: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(trace["steps"][0]["status"], "ran", "{trace}");
    assert_eq!(
        trace["steps"][0]["condition"]["text"],
        r#"OSDJoinPassword == "********""#
    );
    let out = tsq_stdin(
        &["show", "--format", "json", "--show-secrets", "-"],
        xml.as_bytes(),
    );
    assert!(stdout(&out).contains("Winter2026!"));
}
