#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! Variables and expansion against the traps seen in real sequences (FORMAT.md §9, DESIGN.md §4).

use std::borrow::Cow;
use std::path::Path;

use proptest::prelude::*;
use tasksequence::machine::MachineProfile;
use tasksequence::vars::{
    Environment, Layer, REDACTED, Resolution, Secrets, expand, expand_redacted, expand_report,
};

/// A machine that describes only its OS environment variables (looked up case-insensitively, as
/// Windows does).
fn os_env(pairs: &[(&str, &str)]) -> MachineProfile {
    let environment: serde_json::Map<String, serde_json::Value> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), serde_json::Value::from(*v)))
        .collect();
    let json = serde_json::json!({ "name": "os environment only", "environment": environment });
    MachineProfile::from_json(&json.to_string()).unwrap()
}

fn windows() -> MachineProfile {
    os_env(&[
        ("windir", r"C:\WINDOWS"),
        ("TEMP", r"C:\Windows\TEMP"),
        ("SystemDrive", "C:"),
        ("ERRORLEVEL", "0"),
        ("ProgramData", r"C:\ProgramData"),
    ])
}

fn env(pairs: &[(&str, &str)]) -> Environment {
    let mut env = Environment::new();
    for (name, value) in pairs {
        env.set_engine(name, value, false).unwrap();
    }
    env
}

#[test]
fn adjacent_references_all_expand() {
    // 043: three references with no separator; `%%` here is not an escape.
    let e = env(&[
        ("PowerShellCommandOpen", "powershell.exe -Command \""),
        ("GetOSInfo", "Get-CimInstance Win32_OperatingSystem"),
        ("PowerShellCommandClose", "\""),
    ]);
    assert_eq!(
        expand(
            "%PowerShellCommandOpen%%GetOSInfo%%PowerShellCommandClose%",
            &e
        ),
        "powershell.exe -Command \"Get-CimInstance Win32_OperatingSystem\""
    );
    // With the middle one undefined it stays and its neighbours still expand.
    let e = env(&[("A", "1"), ("C", "3")]);
    assert_eq!(expand("%A%%B%%C%", &e), "1%B%3");
    assert_eq!(expand("%A%%A%", &e), "11");
}

#[test]
fn cmd_for_loop_variables_survive() {
    // 003: `%F` and `%%F` are cmd's, not references, even when a variable `F` exists.
    let text = r#"cmd /c for /f %F in ('dir /b X:\Drivers\*.inf /s') do drvload %%F"#;
    for e in [Environment::new(), env(&[("F", "oops")])] {
        let out = expand(
            text,
            &tasksequence::machine::WithHost::new(&e, Some(&windows())),
        );
        assert_eq!(out, text);
        assert!(matches!(out, Cow::Borrowed(_)));
    }
}

#[test]
fn unbalanced_percent_is_literal() {
    // 011: the `%` after `SMSTSLog` has no partner.
    let text = r#"cmd /c bcdedit /enum all > "%TEMP%\SMSTSLog%\Configure-BCD.log""#;
    assert_eq!(
        expand(
            text,
            &tasksequence::machine::WithHost::new(&Environment::new(), Some(&windows()))
        ),
        r#"cmd /c bcdedit /enum all > "C:\Windows\TEMP\SMSTSLog%\Configure-BCD.log""#
    );
    // Without the host, nothing resolves and the text comes back untouched.
    assert_eq!(expand(text, &Environment::new()), text);
    // A task sequence `_SMSTSLogPath` and an OS `TEMP` side by side.
    let e = env(&[("_SMSTSLogPath", r"C:\_SMSTaskSequence\Logs")]);
    assert_eq!(
        expand(
            r"copy %TEMP%\x.log %_SMSTSLogPath%\",
            &tasksequence::machine::WithHost::new(&e, Some(&windows()))
        ),
        r"copy C:\Windows\TEMP\x.log C:\_SMSTaskSequence\Logs\"
    );
}

#[test]
fn lone_and_doubled_percent() {
    let e = env(&[("A", "1"), ("OSDJoinType", "0")]);
    for text in [
        "%",
        "%%",
        "%%%",
        "100%",
        "50% done",
        "a % b % c",
        "%%F",
        "%-%",
    ] {
        assert_eq!(expand(text, &e), text, "{text}");
    }
    // The step's own `/type:%%OSDJoinType%%` form: the inner reference expands, the outer `%`
    // stay.
    assert_eq!(
        expand("osdjoin.exe /type:%%OSDJoinType%%", &e),
        "osdjoin.exe /type:%0%"
    );
}

#[test]
fn wql_like_patterns_survive() {
    // WQL is not expanded by the engine; if a caller does expand such text by mistake, patterns
    // whose gap is not a name (spaces, commas, slashes) still survive.
    let e = env(&[("Virtualization", "X")]);
    for text in [
        "SELECT * FROM Win32_ComputerSystem WHERE Model LIKE '%ProDesk 600 G2%'",
        "SELECT * FROM Win32_Processor WHERE Name LIKE '%Boot,Disable%'",
        "Quick Boot%/BootMode%",
        "SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%'",
    ] {
        assert_eq!(
            expand(
                text,
                &tasksequence::machine::WithHost::new(&e, Some(&windows()))
            ),
            text,
            "{text}"
        );
    }
}

#[test]
fn percent_in_group_names() {
    // 035's group names hold `%`; any expansion of them leaves them as they are unless a gap
    // really is a defined name.
    let e = Environment::new();
    for name in [
        "Secure%Boot%",
        "Boot Mode%/Boot Priority%",
        "%Virtualization%Technology%",
    ] {
        assert_eq!(expand(name, &e), name);
    }
}

#[test]
fn names_resolve_in_any_case() {
    let e = env(&[
        ("SCRIPTROOT", r"\\mdt\DeploymentShare$\Scripts"),
        ("DeployRoot", r"\\mdt\ds"),
    ]);
    assert_eq!(
        expand(r#"cscript.exe "%SCRIPTROOT%\ZTIGather.wsf""#, &e),
        r#"cscript.exe "\\mdt\DeploymentShare$\Scripts\ZTIGather.wsf""#
    );
    assert_eq!(
        expand(r#"cscript.exe "%ScriptRoot%\ZTIGather.wsf""#, &e),
        r#"cscript.exe "\\mdt\DeploymentShare$\Scripts\ZTIGather.wsf""#
    );
    for spelling in [
        "%DeployRoot%",
        "%deployroot%",
        "%deployRoot%",
        "%DEPLOYROOT%",
    ] {
        assert_eq!(expand(spelling, &e), r"\\mdt\ds");
    }
    // 016: an unbalanced quote is only text.
    assert_eq!(
        expand(r#"cscript.exe "%SCRIPTROOT%\ZTIPowerShell.wsf"#, &e),
        r#"cscript.exe "\\mdt\DeploymentShare$\Scripts\ZTIPowerShell.wsf"#
    );
}

#[test]
fn look_alike_names_are_distinct() {
    // 042 spells `FaiIedStepReturnCode` with a capital I, consistently; it must not be confused
    // with `FailedStepReturnCode`.
    let e = env(&[("FaiIedStepReturnCode", "5")]);
    assert_eq!(expand("exit %FaiIedStepReturnCode%", &e), "exit 5");
    assert_eq!(
        expand("exit %FailedStepReturnCode%", &e),
        "exit %FailedStepReturnCode%"
    );
}

#[test]
fn os_environment_through_the_host() {
    let e = Environment::new();
    let host = windows();
    assert_eq!(
        expand(
            r"%windir%\System32",
            &tasksequence::machine::WithHost::new(&e, Some(&host))
        ),
        r"C:\WINDOWS\System32"
    );
    assert_eq!(
        expand(
            r"%WINDIR%\System32",
            &tasksequence::machine::WithHost::new(&e, Some(&host))
        ),
        r"C:\WINDOWS\System32"
    );
    assert_eq!(
        expand(
            "exit %ERRORLEVEL%",
            &tasksequence::machine::WithHost::new(&e, Some(&host))
        ),
        "exit 0"
    );
    // The task sequence environment is asked first.
    let e = env(&[("windir", r"D:\Windows")]);
    assert_eq!(
        expand(
            "%windir%",
            &tasksequence::machine::WithHost::new(&e, Some(&host))
        ),
        r"D:\Windows"
    );
    let report = expand_report(
        "%windir% %SystemDrive% %nothing%",
        &tasksequence::machine::WithHost::new(&e, Some(&host)),
        Secrets::Redact,
    );
    let resolutions: Vec<Resolution> = report.references.iter().map(|r| r.resolution).collect();
    assert_eq!(
        resolutions,
        [
            Resolution::Environment,
            Resolution::Host,
            Resolution::Unresolved
        ]
    );
    assert_eq!(report.text, r"D:\Windows C: %nothing%");
}

#[test]
fn inserted_values_are_not_expanded_again() {
    let e = env(&[
        ("A", "%B%"),
        ("B", "no"),
        ("Self", "%Self%"),
        ("Pct", "100%"),
    ]);
    assert_eq!(expand("%A%", &e), "%B%");
    assert_eq!(expand("%Self%", &e), "%Self%");
    // A value ending in `%` does not pair with the next `%` of the text.
    assert_eq!(expand("%Pct%B%", &e), "100%B%");
    assert_eq!(expand("%A%%B%", &e), "%B%no");
}

#[test]
fn undefined_references_stay() {
    let e = env(&[("B", "b")]);
    assert_eq!(expand("%UNDEFINED%", &e), "%UNDEFINED%");
    assert_eq!(expand("x %OSDisk%\\y", &e), "x %OSDisk%\\y");
    // As in cmd.exe, the closing `%` of an unresolved reference may open the next one.
    assert_eq!(expand("%A%B%", &e), "%Ab");
}

#[test]
fn no_percent_borrows() {
    let e = env(&[("A", "1")]);
    let text = "cscript.exe //nologo C:\\x.vbs /arg:value";
    assert!(matches!(expand(text, &e), Cow::Borrowed(t) if std::ptr::eq(t, text)));
    assert!(matches!(expand_redacted(text, &e), Cow::Borrowed(_)));
}

#[test]
fn layered_values_expand_with_the_winner() {
    let mut e = Environment::new();
    e.set_layer(Layer::collection(1).unwrap(), "OSDisk", "E:", false)
        .unwrap();
    e.set_layer(Layer::collection(7).unwrap(), "osdisk", "D:", false)
        .unwrap();
    assert_eq!(expand("%OSDISK%", &e), "D:");
    e.set_layer(Layer::Device, "OSDisk", "C:", false).unwrap();
    assert_eq!(expand("%OsDisk%", &e), "C:");
    e.set_by_step("OSDisk", "Z:", false).unwrap();
    assert_eq!(expand("%OSDisk%", &e), "Z:");
}

#[test]
fn secrets_redact_in_every_output_path() {
    let mut e = Environment::new();
    e.set_by_step("OSDJoinAccount", r"CONTOSO\join", false)
        .unwrap();
    e.set_by_step("OSDJoinPassword", "pw-by-name", false)
        .unwrap();
    e.set_by_step("Custom", "pw-by-flag", true).unwrap();
    e.set_layer(Layer::collection(3).unwrap(), "Hidden", "pw-hidden", true)
        .unwrap();
    let host = os_env(&[("SvcPassword", "pw-host")]);
    let text = "run %OSDJoinAccount% %OSDJoinPassword% %Custom% %Hidden% %SvcPassword%";

    let redacted = expand_redacted(text, &tasksequence::machine::WithHost::new(&e, Some(&host)));
    let report = expand_report(
        text,
        &tasksequence::machine::WithHost::new(&e, Some(&host)),
        Secrets::Redact,
    );
    let default_report = expand_report(
        text,
        &tasksequence::machine::WithHost::new(&e, Some(&host)),
        Secrets::default(),
    );
    let outputs = [
        redacted.to_string(),
        report.text.clone(),
        default_report.text.clone(),
        serde_json::to_string(&report).unwrap(),
        format!("{report:?}"),
        format!("{e:?}"),
        e.to_string(),
        e.to_json(),
        serde_json::to_string(&e).unwrap(),
    ];
    for out in &outputs {
        assert!(!out.contains("pw-"), "secret leaked: {out}");
    }
    assert_eq!(
        redacted,
        format!("run CONTOSO\\join {REDACTED} {REDACTED} {REDACTED} {REDACTED}")
    );
    assert!(report.references.iter().skip(1).all(|r| r.secret));

    // Asking explicitly shows them.
    let revealed = expand_report(
        text,
        &tasksequence::machine::WithHost::new(&e, Some(&host)),
        Secrets::Reveal,
    );
    assert_eq!(
        revealed.text,
        r"run CONTOSO\join pw-by-name pw-by-flag pw-hidden pw-host"
    );
    assert_eq!(
        expand(text, &tasksequence::machine::WithHost::new(&e, Some(&host))),
        revealed.text
    );
    assert!(e.to_json_with_secrets().contains("pw-hidden"));
    assert!(e.reveal().to_string().contains("pw-by-flag"));
}

#[test]
fn report_json_shape() {
    let e = env(&[("A", "1")]);
    let report = expand_report("%A%-%B%", &e, Secrets::Redact);
    assert_eq!(
        serde_json::to_string(&report).unwrap(),
        r#"{"text":"1-%B%","references":[{"name":"A","start":0,"end":3,"resolution":"environment","secret":false},{"name":"B","start":4,"end":7,"resolution":"unresolved","secret":false}]}"#
    );
}

/// A direct transcription of the rules, character by character, to check the scanner against.
fn model(text: &str, env: &Environment) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let Some(offset) = chars[i + 1..].iter().position(|&c| c == '%') else {
            out.extend(&chars[i..]);
            break;
        };
        let close = i + 1 + offset;
        let name: String = chars[i + 1..close].iter().collect();
        let valid = !name.is_empty()
            && name.len() <= 256
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        match env.get(&name).filter(|_| valid) {
            Some(value) => {
                out.push_str(value);
                i = close + 1;
            }
            None => {
                out.extend(&chars[i..close]);
                i = close;
            }
        }
    }
    out
}

proptest! {
    #[test]
    fn matches_the_model(text in "[%aAbB_ é1-]{0,40}") {
        let e = env(&[("a", "<%b%>"), ("B", "[b]"), ("a_b", "AB"), ("1", "one")]);
        prop_assert_eq!(expand(&text, &e).into_owned(), model(&text, &e));
    }

    #[test]
    fn empty_environment_is_identity(text in "\\PC{0,80}") {
        let out = expand(&text, &Environment::new());
        prop_assert!(matches!(out, Cow::Borrowed(_)));
        prop_assert_eq!(out, text.as_str());
    }

    #[test]
    fn report_agrees_with_expand(text in "[%aAbBx ]{0,30}") {
        let e = env(&[("a", "1"), ("bb", "2")]);
        let report = expand_report(&text, &e, Secrets::Reveal);
        let plain = expand(&text, &e);
        prop_assert_eq!(report.text.as_str(), plain.as_ref());
        for r in &report.references {
            prop_assert_eq!(&text[r.start..r.end], format!("%{}%", r.name));
        }
    }
}

/// Every `<action>` and `<variable>` text of the corpus survives expansion with an empty
/// environment unchanged, and with every referenced name defined, no `%NAME%` of those names is
/// left.
#[test]
fn corpus_texts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !dir.is_dir() {
        println!("skipping corpus test: {} is absent", dir.display());
        return;
    }
    let mut texts = 0;
    let mut references = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "xml") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let xml = String::from_utf8_lossy(&bytes);
        for text in element_texts(&xml, "action").chain(element_texts(&xml, "variable")) {
            texts += 1;
            let empty = expand(text, &Environment::new());
            assert_eq!(empty, text, "{}", path.display());
            let report = expand_report(text, &Environment::new(), Secrets::Redact);
            let mut defined = Environment::new();
            for r in &report.references {
                defined.set_engine(&r.name, "V", false).unwrap();
            }
            references += report.references.len();
            let full = expand_report(text, &defined, Secrets::Redact);
            assert!(full.is_complete(), "{}: {text}", path.display());
        }
    }
    println!("corpus: {texts} texts, {references} references");
    assert!(
        texts > 1000 && references > 500,
        "{texts} texts, {references} references"
    );
}

/// The raw text between `<tag …>` and `</tag>` (entities left as they are; fine for `%` scans).
fn element_texts<'a>(xml: &'a str, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut rest = xml;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find(&open)?;
            let after = &rest[start + open.len()..];
            let gt = after.find('>')?;
            let self_closing = after[..gt].ends_with('/');
            let body = &after[gt + 1..];
            if self_closing || !(after.starts_with('>') || after.starts_with(' ')) {
                rest = body;
                continue;
            }
            let end = body.find(&close)?;
            rest = &body[end..];
            return Some(&body[..end]);
        }
    })
}

#[test]
fn download_then_upgrade_reads_numbered_variable() {
    use tasksequence::vars::{download_variables, install_application_list, install_package_list};
    // Two mutually exclusive DPC steps share a variable; the one that ran downloaded one package.
    let mut e = Environment::new();
    for var in download_variables(
        "OSUpgradeContent",
        [Some(r"C:\_SMSTaskSequence\Packages\CEN00101")],
    )
    .unwrap()
    {
        e.set_engine(&var.name, &var.value, false).unwrap();
    }
    assert_eq!(
        expand("%OSUpgradeContent01%", &e),
        r"C:\_SMSTaskSequence\Packages\CEN00101"
    );
    // A failed first package leaves 01 unset, so `%X01%` stays as written.
    let mut e = Environment::new();
    for var in download_variables("X", [None, Some("D:\\b")]).unwrap() {
        e.set_engine(&var.name, &var.value, false).unwrap();
    }
    assert_eq!(expand("%X01%|%X02%", &e), "%X01%|D:\\b");

    let mut e = Environment::new();
    e.set_layer(
        Layer::collection(1).unwrap(),
        "COALESCEDAPPS01",
        "Office",
        false,
    )
    .unwrap();
    e.set_layer(Layer::Device, "COALESCEDAPPS02", "Teams", false)
        .unwrap();
    let apps: Vec<String> = install_application_list(&e, "COALESCEDAPPS")
        .unwrap()
        .into_iter()
        .map(|a| a.value)
        .collect();
    assert_eq!(apps, ["Office", "Teams"]);
    e.set_engine("PKGS001", "CEN00054:Install", false).unwrap();
    assert_eq!(
        install_package_list(&e, "PKGS").unwrap()[0].package_id,
        "CEN00054"
    );
}

#[test]
fn array_variables_from_a_step() {
    use tasksequence::vars::{ArrayName, OSD_ADAPTER, OSD_PARTITIONS};
    let mut e = Environment::new();
    e.set_engine("OSDPartitions", "2", false).unwrap();
    e.set_engine(&OSD_PARTITIONS.name(0, "Size"), "500", false)
        .unwrap();
    e.set_engine(&OSD_PARTITIONS.name(0, "SizeUnits"), "MB", false)
        .unwrap();
    e.set_engine(&OSD_PARTITIONS.name(1, "Size"), "100", false)
        .unwrap();
    e.set_engine(&OSD_PARTITIONS.name(1, "SizeUnits"), "%", false)
        .unwrap();
    let read = OSD_PARTITIONS.read(&e).unwrap();
    assert_eq!(read.count, 2);
    assert_eq!(read.items[1].get("sizeunits"), Some("%"));
    let parsed = ArrayName::parse("OSDAdapter0IPAddressList").unwrap();
    assert_eq!(
        (parsed.base, parsed.index, parsed.property),
        ("OSDAdapter", 0, "IPAddressList")
    );
    assert_eq!(OSD_ADAPTER.read(&e).unwrap().count, 0);
}
