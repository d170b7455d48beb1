//! Evaluation and explanation rules, with the real condition shapes of FORMAT.md §11 written out
//! as XML.

use std::cell::RefCell;
use std::collections::HashMap;

use super::*;
use crate::machine::{
    FileFacts, FolderFacts, Host, HostError, Instance, MachineProfile, ProductFacts, ProductQuery,
    RegistryValue,
};
use crate::wql::Query;
use crate::xml::read_condition;

/// A machine profile that also records every WMI query asked, to check short-circuiting.
struct Recording {
    profile: MachineProfile,
    asked: RefCell<Vec<String>>,
}

impl Host for Recording {
    fn wmi_query(&self, namespace: &str, query: &Query) -> Result<Vec<Instance>, HostError> {
        self.asked.borrow_mut().push(query.text().to_string());
        self.profile.wmi_query(namespace, query)
    }
    fn wmi_count(&self, namespace: &str, query: &Query) -> Result<usize, HostError> {
        self.asked.borrow_mut().push(query.text().to_string());
        self.profile.wmi_count(namespace, query)
    }
    fn file(&self, path: &str) -> Option<FileFacts> {
        self.profile.file(path)
    }
    fn folder(&self, path: &str) -> Option<FolderFacts> {
        self.profile.folder(path)
    }
    fn registry(&self, key: &str, value: &str) -> Option<RegistryValue> {
        self.profile.registry(key, value)
    }
    fn product(&self, query: &ProductQuery) -> Option<ProductFacts> {
        self.profile.product(query)
    }
    fn env_var(&self, name: &str) -> Option<String> {
        self.profile.env_var(name)
    }
}

const MACHINE: &str = r#"{
  "name": "test laptop",
  "variables": { "OSDisk": "C:" },
  "environment": { "windir": "C:\\Windows", "PROCESSOR_ARCHITECTURE": "AMD64" },
  "wmi": {
    "root\\cimv2": {
      "Win32_OperatingSystem": [ { "OSArchitecture": "64-bit", "Version": "6.1.7601", "ServicePackMajorVersion": 1,
                                   "OSLanguage": 1033, "OSType": 18, "ProductType": 1 } ],
      "Win32_ComputerSystem": [ { "Manufacturer": "Lenovo", "Model": "20XW003GUS", "PCSystemType": 2 } ],
      "Win32_Battery": [ { "BatteryStatus": 2 } ],
      "Win32_BIOS": [ { "SerialNumber": "PF3ABCDE" } ],
      "Win32_SystemEnclosure": [ { "SMBIOSAssetTag": "2342342" } ],
      "Win32_ComputerSystemProduct": [ { "UUID": "4C4C4544-0042-3510-8052-B4C04F4A4A32" } ],
      "Win32_NetworkAdapterConfiguration": [ { "IPEnabled": true, "MACAddress": "00:15:5D:01:02:03" },
                                             { "IPEnabled": false, "MACAddress": "AA:BB:CC:DD:EE:FF" } ]
    },
    "root\\WMI": {
      "Lenovo_BiosSetting": [ { "CurrentSetting": "SecureBoot,Disable" }, { "CurrentSetting": "Boot Mode,UEFI Only" } ]
    }
  },
  "files": {
    "x:\\sms\\bin\\x64\\CMTrace.exe": { "version": "5.0.9068.1000", "modified": "2023-05-01T10:00:00Z" },
    "C:\\Windows\\notepad.exe": { "version": "10.0.19041.1", "modified": "2023-05-01T10:00:00Z" },
    "C:\\NoVersion.txt": {}
  },
  "folders": { "C:\\Temp": { "modified": "2023-12-31T23:00:00Z" } },
  "registry": {
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso": {
      "Installed": { "type": "REG_DWORD", "data": 1 },
      "Name": { "type": "REG_SZ", "data": "Contoso App" },
      "Paths": { "type": "REG_MULTI_SZ", "data": ["a", "b"] },
      "": { "type": "REG_SZ", "data": "default" }
    }
  },
  "products": [ { "product_code": "{90160000-0011-0000-0000-0000000FF1CE}",
                  "upgrade_code": "{00160000-0011-0000-0000-0000000FF1CE}",
                  "name": "Microsoft Office Professional Plus 2016", "version": "16.0.4266.1001" } ]
}"#;

fn machine() -> Recording {
    Recording {
        profile: MachineProfile::from_json(MACHINE).unwrap(),
        asked: RefCell::new(Vec::new()),
    }
}

fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn eval_text(text: &str, v: &HashMap<String, String>) -> Result<bool, EvalError> {
    let host = machine();
    let c: Condition = text.parse().unwrap();
    c.evaluate(&EvalContext::new(v).with_host(&host))
}

fn truth(text: &str, v: &[(&str, &str)]) -> bool {
    eval_text(text, &vars(v)).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn var_xml(name: &str, op: &str, value: Option<&str>) -> String {
    let value = value
        .map(|v| format!(r#"<variable name="Value">{v}</variable>"#))
        .unwrap_or_default();
    format!(
        r#"<expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Variable">{name}</variable><variable name="Operator">{op}</variable>{value}</expression>"#
    )
}

fn wmi_xml(ns: &str, query: &str, extra: &str) -> String {
    format!(
        r#"<expression type="SMS_TaskSequence_WMIConditionExpression"{extra}><variable name="Namespace">{ns}</variable><variable name="Query">{query}</variable></expression>"#
    )
}

fn xml_eval(xml: &str, v: &[(&str, &str)]) -> (Result<bool, EvalError>, Vec<String>) {
    let c = read_condition(xml).unwrap();
    let host = machine();
    let map = vars(v);
    let r = c.evaluate(&EvalContext::new(&map).with_host(&host));
    let asked = host.asked.borrow().clone();
    // Owned and borrowed programs, explained or not, ask the same and answer the same.
    let compiled = c.compile();
    for (label, again) in [
        (
            "compiled",
            compiled.evaluate(&EvalContext::new(&map).with_host(&host)),
        ),
        (
            "explained",
            c.evaluate_explained(&EvalContext::new(&map).with_host(&host))
                .0,
        ),
        (
            "compiled and explained",
            compiled
                .evaluate_explained(&EvalContext::new(&map).with_host(&host))
                .0,
        ),
    ] {
        assert_eq!(r, again, "{label} evaluation differs for {xml}");
    }
    let all = host.asked.borrow();
    for run in 1..4 {
        assert_eq!(
            all[asked.len() * run..asked.len() * (run + 1)],
            asked[..],
            "{xml}"
        );
    }
    (r, asked)
}

#[test]
fn combinators_and_empty_forms() {
    assert!(truth("", &[]));
    assert!(truth("all()", &[]));
    assert!(!truth("any()", &[]));
    assert!(truth("none()", &[]));
    assert!(truth("A == 1 and B == 2", &[("A", "1"), ("B", "2")]));
    assert!(!truth("A == 1 and B == 2", &[("A", "1"), ("B", "3")]));
    assert!(truth("A == 1 or B == 2", &[("B", "2")]));
    assert!(!truth("A == 1 or B == 2", &[]));
    // not = none of the children.
    assert!(truth("none(A == 1, B == 2)", &[]));
    assert!(!truth("none(A == 1, B == 2)", &[("B", "2")]));
    assert!(truth("not A == 1", &[("A", "2")]));
    assert!(truth("any() or all()", &[]));
    // Comments are not operands: an `or` holding only a comment is an empty `or`.
    let (r, _) = xml_eval(
        r#"<condition><operator type="or"><!-- nothing --></operator></condition>"#,
        &[],
    );
    assert_eq!(r, Ok(false));
    let (r, _) = xml_eval(r#"<condition><!-- c --></condition>"#, &[]);
    assert_eq!(r, Ok(true));
}

#[test]
fn variable_operators() {
    let v = [
        ("Code", "3247440400"),
        ("Build", "10.0.19045"),
        ("Make", "Dell Inc."),
        ("Flag", "TRUE"),
        ("Empty", ""),
    ];
    let yes = [
        "Code == 0xC1900210",
        "Code == -1047526896",
        "Code == \"3247440400\"",
        "Code != 0",
        "Code > 3247440399",
        "Code >= 3247440400",
        "Code <= 0xC1900210",
        "Build > 10.0.9600",
        "Build >= 10.0.19045.0",
        "Build < 10.1",
        "Build <= \"10.0.19045\"",
        "Make like \"*dell*\"",
        "Make like \"Dell?Inc.\"",
        "Make not like \"*Lenovo*\"",
        "Flag == \"true\"",
        "Flag != \"false\"",
        "Flag > \"FALSE\"",
        "Flag exists",
        "Missing not exists",
        "Empty not exists",
        "Missing == \"\"",
        "Missing < \"a\"",
        "Missing like \"*\"",
        "code == 3247440400",
    ];
    for t in yes {
        assert!(truth(t, &v), "{t} should be true");
    }
    let no = [
        "Code != 0xC1900210",
        "Code < 3247440400",
        "Build < 10.0.9600",
        "Make like \"Dell\"",
        "Make like \"%Dell%\"",
        "Flag == \"false\"",
        "Missing exists",
        "Empty exists",
        "Flag not exists",
        "Missing like \"?\"",
    ];
    for t in no {
        assert!(!truth(t, &v), "{t} should be false");
    }
}

#[test]
fn case_sensitive_option() {
    let v = vars(&[("Flag", "TRUE"), ("Make", "Dell")]);
    let strict = EvalOptions {
        case_sensitive: true,
        secrets: crate::vars::Secrets::Redact,
    };
    let ctx = EvalContext::new(&v).with_options(strict);
    let check = |t: &str| t.parse::<Condition>().unwrap().evaluate(&ctx).unwrap();
    assert!(!check("Flag == \"true\""));
    assert!(check("Flag == \"TRUE\""));
    assert!(!check("Make like \"dell\""));
    assert!(check("flag == \"TRUE\""), "names stay case-insensitive");
    assert!(check("Flag > \"Ab\""), "ordinal: `T` (0x54) > `A`");
    assert!(!check("Flag > \"a\""), "ordinal: `T` (0x54) < `a` (0x61)");
}

#[test]
fn short_circuit_never_asks_decided_queries() {
    let c: Condition = r#"A == 1 and wmi("SELECT * FROM Win32_Nope")"#.parse().unwrap();
    let host = machine();
    let map = vars(&[]);
    assert_eq!(
        c.evaluate(&EvalContext::new(&map).with_host(&host)),
        Ok(false)
    );
    assert!(host.asked.borrow().is_empty());
    let c: Condition = r#"A == 1 or wmi("SELECT * FROM Win32_Nope")"#.parse().unwrap();
    let map = vars(&[("A", "1")]);
    assert_eq!(
        c.evaluate(&EvalContext::new(&map).with_host(&host)),
        Ok(true)
    );
    assert!(host.asked.borrow().is_empty());
    // Reached, the failing query is an error naming it.
    let map = vars(&[]);
    let err = c
        .evaluate(&EvalContext::new(&map).with_host(&host))
        .unwrap_err();
    assert!(
        matches!(&err, EvalError::Wmi { query, .. } if query == "SELECT * FROM Win32_Nope"),
        "{err}"
    );
    assert!(err.to_string().contains("`SELECT * FROM Win32_Nope`"));
}

#[test]
fn wmi_failures_and_ignore_query_failure() {
    let fail = wmi_xml(
        "root\\cimv2",
        "SELECT * FROM Win32_Nope",
        r#" ignoreQueryFailure="true""#,
    );
    let (r, _) = xml_eval(&format!("<condition>{fail}</condition>"), &[]);
    assert_eq!(r, Ok(false));
    let bad = wmi_xml("root\\cimv2", "ASSOCIATORS OF {x}", "");
    let (r, _) = xml_eval(&format!("<condition>{bad}</condition>"), &[]);
    assert!(matches!(r, Err(EvalError::Wmi { .. })), "{r:?}");
    let bad = wmi_xml(
        "root\\cimv2",
        "ASSOCIATORS OF {x}",
        r#" ignoreQueryFailure="true""#,
    );
    let (r, _) = xml_eval(&format!("<condition>{bad}</condition>"), &[]);
    assert_eq!(r, Ok(false));
    // No host at all: an error, even with ignoreQueryFailure.
    let c = read_condition(&format!("<condition>{fail}</condition>")).unwrap();
    assert_eq!(
        c.evaluate(&EvalContext::empty()),
        Err(EvalError::NoHost {
            kind: MachineKind::Wmi
        })
    );
    // The namespace defaults to root\cimv2 when the field is omitted.
    let (r, _) = xml_eval(
        r#"<condition><expression type="SMS_TaskSequence_WMIConditionExpression"><variable name="Query">SELECT * FROM Win32_Battery</variable></expression></condition>"#,
        &[],
    );
    assert_eq!(r, Ok(true));
}

#[test]
fn format_examples_1_to_4() {
    // 1. A single-operand `or`.
    let x1 = format!(
        r#"<condition><operator type="or">{}</operator></condition>"#,
        var_xml("PHASE", "equals", Some("VALIDATION"))
    );
    assert_eq!(xml_eval(&x1, &[("PHASE", "VALIDATION")]).0, Ok(true));
    assert_eq!(xml_eval(&x1, &[("PHASE", "STATERESTORE")]).0, Ok(false));
    assert_eq!(xml_eval(&x1, &[]).0, Ok(false));
    // 2. Capital `Equals`.
    let x2 = format!(
        "<condition>{}</condition>",
        var_xml("USMTOfflineMigration", "Equals", Some("TRUE"))
    );
    assert_eq!(
        xml_eval(&x2, &[("USMTOfflineMigration", "true")]).0,
        Ok(true)
    );
    // 3. Four sibling operands, implicitly ANDed; the first without a Value.
    let x3 = format!(
        "<condition>{}{}{}{}</condition>",
        var_xml("_SMSTSClientCache", "notExists", None),
        var_xml("_SMSTSMediaType", "notEquals", Some("OEMMedia")),
        var_xml("_OSDMigrateUseHardlinks", "notEquals", Some("true")),
        var_xml("_SMSTSBootUEFI", "notEquals", Some("true")),
    );
    assert_eq!(
        xml_eval(&x3, &[("_SMSTSMediaType", "BootMedia")]).0,
        Ok(true)
    );
    assert_eq!(
        xml_eval(
            &x3,
            &[("_SMSTSMediaType", "BootMedia"), ("_SMSTSBootUEFI", "TRUE")]
        )
        .0,
        Ok(false)
    );
    assert_eq!(
        xml_eval(&x3, &[("_SMSTSClientCache", "C:\\cache")]).0,
        Ok(false)
    );
    // 4. not(SYSDISK exists) with an empty Value.
    let x4 = format!(
        r#"<condition><operator type="not">{}</operator></condition>"#,
        var_xml("SYSDISK", "exists", Some(""))
    );
    assert_eq!(xml_eval(&x4, &[]).0, Ok(true));
    assert_eq!(xml_eval(&x4, &[("SYSDISK", "C:")]).0, Ok(false));
}

#[test]
fn format_examples_5_and_6_nested_wmi() {
    // 5. and(or(WMI Lenovo, Make like *Lenovo*), or(WMI secure boot disabled, …)).
    let x5 = format!(
        r#"<condition><operator type="and"><operator type="or">{}{}</operator><operator type="or">{}</operator></operator></condition>"#,
        wmi_xml(
            "root\\cimv2",
            "Select Manufacturer from Win32_ComputerSystem where Manufacturer = 'Lenovo'",
            ""
        ),
        var_xml("Make", "like", Some("*Lenovo*")),
        wmi_xml(
            "root\\WMI",
            "Select CurrentSetting FROM Lenovo_BiosSetting WHERE CurrentSetting LIKE 'Secure%Boot,Disable%'",
            ""
        ),
    );
    let (r, asked) = xml_eval(&x5, &[]);
    assert_eq!(r, Ok(true));
    // The second member of the first `or` was not needed: only two queries were asked.
    assert_eq!(asked.len(), 2, "{asked:?}");
    // 6. or(and(WMI, not(WMI)), and(WMI, not(WMI))), operator depth 3.
    let boot = |pattern: &str| {
        wmi_xml(
            "root\\WMI",
            &format!("SELECT * FROM Lenovo_BiosSetting WHERE CurrentSetting LIKE '{pattern}'"),
            "",
        )
    };
    let x6 = format!(
        r#"<condition><operator type="or"><operator type="and">{}<operator type="not">{}</operator></operator><operator type="and">{}<operator type="not">{}</operator></operator></operator></condition>"#,
        boot("Boot Mode%"),
        boot("Boot Mode,Auto%"),
        boot("Boot Priority%"),
        boot("Boot Priority,UEFI%"),
    );
    assert_eq!(xml_eval(&x6, &[]).0, Ok(true));
}

#[test]
fn format_examples_7_to_9_files_folders_registry() {
    let file = |p: &str| {
        format!(
            r#"<expression type="SMS_TaskSequence_FileConditionExpression"><variable name="Path">{p}</variable></expression>"#
        )
    };
    let folder = |p: &str| {
        format!(
            r#"<expression type="SMS_TaskSequence_FolderConditionExpression"><variable name="Path">{p}</variable></expression>"#
        )
    };
    // 7. and(File x:\…\CMTrace.exe, not(File %OSDisk%\Windows\System32\CMTrace.exe)).
    let x7 = format!(
        r#"<condition><operator type="and">{}<operator type="not">{}</operator></operator></condition>"#,
        file(r"x:\sms\bin\x64\CMTrace.exe"),
        file(r"%OSDisk%\Windows\System32\CMTrace.exe"),
    );
    assert_eq!(xml_eval(&x7, &[("OSDisk", "C:")]).0, Ok(true));
    // With OSDisk pointing at X:, the second path is the first one's drive… still absent.
    assert_eq!(xml_eval(&x7, &[]).0, Ok(true));
    let x7b = format!("<condition>{}</condition>", file(r"%windir%\notepad.exe"));
    assert_eq!(
        xml_eval(&x7b, &[]).0,
        Ok(true),
        "%windir% comes from the host's environment"
    );
    // 8. not(Folder %ScriptRoot%).
    let x8 = format!(
        r#"<condition><operator type="not">{}</operator></condition>"#,
        folder("%ScriptRoot%")
    );
    assert_eq!(xml_eval(&x8, &[]).0, Ok(true));
    assert_eq!(xml_eval(&x8, &[("ScriptRoot", r"C:\Temp")]).0, Ok(false));
    // 9. Registry notExists with a type.
    let reg = |key: &str, value: &str, ty: &str, op: &str| {
        format!(
            r#"<condition><expression type="SMS_TaskSequence_RegistryConditionExpression"><variable name="KeyPath">{key}</variable><variable name="Operator">{op}</variable><variable name="Type">{ty}</variable><variable name="Value">{value}</variable></expression></condition>"#
        )
    };
    let x9 = reg(
        r"HKEY_LOCAL_MACHINE\SOFTWARE\Remediations\KB5025885",
        "Complete",
        "REG_DWORD",
        "notExists",
    );
    assert_eq!(xml_eval(&x9, &[]).0, Ok(true));
    let contoso = r"HKEY_LOCAL_MACHINE\SOFTWARE\Contoso";
    assert_eq!(
        xml_eval(&reg(contoso, "Installed", "REG_DWORD", "exists"), &[]).0,
        Ok(true)
    );
    assert_eq!(
        xml_eval(&reg(contoso, "Installed", "REG_SZ", "exists"), &[]).0,
        Ok(false)
    );
    assert_eq!(
        xml_eval(&reg(contoso, "Installed", "REG_SZ", "nonExists"), &[]).0,
        Ok(true)
    );
}

#[test]
fn file_folder_comparisons() {
    let yes = [
        r#"file("C:\Windows\notepad.exe", version >= "10.0")"#,
        r#"file("C:\Windows\notepad.exe", version == "10.0.19041.1.0")"#,
        r#"file("C:\Windows\notepad.exe", version < "10.0.22000")"#,
        r#"file("C:\Windows\notepad.exe", date == "20230501100000.000000+000")"#,
        r#"file("C:\Windows\notepad.exe", date == "20230501120000.000000+120")"#,
        r#"file("C:\Windows\notepad.exe", date > "20230501095959.999999+000")"#,
        r#"file("c:\windows\NOTEPAD.EXE")"#,
        r#"folder("C:\Temp", date == "20231231230000.000000+000")"#,
        r#"folder("%windir%")"#,
        r#"not file("C:\NoVersion.txt", version >= "1.0")"#,
        r#"not file("C:\NoVersion.txt", date >= "20000101000000.000000+000")"#,
    ];
    for t in yes {
        assert!(truth(t, &[]), "{t}");
    }
    let err = eval_text(
        r#"file("C:\Windows\notepad.exe", date == "2023-05-01")"#,
        &vars(&[]),
    )
    .unwrap_err();
    assert!(matches!(err, EvalError::InvalidDateTime { .. }), "{err}");
    assert!(err.to_string().contains("`2023-05-01`"));
    assert_eq!(
        eval_text(r#"folder("C:\Temp")"#, &vars(&[])).ok(),
        Some(true)
    );
    let c: Condition = r#"file("C:\x")"#.parse().unwrap();
    assert_eq!(
        c.evaluate(&EvalContext::empty()),
        Err(EvalError::NoHost {
            kind: MachineKind::File
        })
    );
}

#[test]
fn registry_comparisons() {
    let k = r"HKEY_LOCAL_MACHINE\SOFTWARE\Contoso";
    let yes = [
        format!(r#"registry("{k}", "Installed", REG_DWORD) == 1"#),
        format!(r#"registry("{k}", "Installed", REG_DWORD) == 0x1"#),
        format!(r#"registry("{k}", "Installed") >= 1"#),
        format!(r#"registry("{k}", "Installed", REG_SZ) == 1"#),
        format!(r#"registry("{k}", "Name") == "contoso app""#),
        format!(r#"registry("{k}", "Paths") == "b""#),
        format!(r#"registry("{k}", "Paths") != "c""#),
        format!(r#"registry("{k}", "") == "default""#),
        format!(r#"registry("{k}") exists"#),
        format!(r#"registry("{k}", "Nope") not exists"#),
        format!(r#"not registry("{k}", "Nope") == 1"#),
        format!(r#"not registry("{k}", "Nope") != 1"#),
    ];
    for t in &yes {
        assert!(truth(t, &[]), "{t}");
    }
    assert!(!truth(&format!(r#"registry("{k}", "Paths") != "a""#), &[]));
    let err = eval_text(&format!(r#"registry("{k}", "Name") like "C*""#), &vars(&[])).unwrap_err();
    assert!(matches!(err, EvalError::RegistryOperator { .. }), "{err}");
}

#[test]
fn format_examples_10_and_11_os_and_software() {
    let os = |arch: &str, version: &str, op: &str| {
        format!(
            r#"<expression type="SMS_TaskSequence_OSConditionExpression"><variable name="Architecture">{arch}</variable><variable name="Version">{version}</variable><variable name="Operator">{op}</variable></expression>"#
        )
    };
    // 10. or(OS X86 >= 6.10.7601.1, OS X64 >= 6.10.7601.1) on Windows 7 SP1 x64.
    let x10 = format!(
        r#"<condition><operator type="or">{}{}</operator></condition>"#,
        os("X86", "6.10.7601.1", "greaterEqual"),
        os("X64", "6.10.7601.1", "greaterEqual"),
    );
    assert_eq!(xml_eval(&x10, &[]).0, Ok(true));
    let x10b = format!(
        "<condition>{}</condition>",
        os("X64", "6.30.9600.0", "greaterEqual")
    );
    assert_eq!(xml_eval(&x10b, &[]).0, Ok(false));
    let x10c = format!(
        "<condition>{}</condition>",
        os("X64", "6.10.7601.1", "equals")
    );
    assert_eq!(xml_eval(&x10c, &[]).0, Ok(true));
    let x10d = format!(
        "<condition>{}</condition>",
        os("X86", "6.10.7601.1", "equals")
    );
    assert_eq!(xml_eval(&x10d, &[]).0, Ok(false));
    // 11. and(Software ThisVersion …, REFIMAGE_MODE equals TRUE).
    let x11 = format!(
        r#"<condition><operator type="and"><expression type="SMS_TaskSequence_SoftwareConditionExpression"><variable name="Operator">ThisVersion</variable><variable name="ProductCode">{{90160000-0011-0000-0000-0000000FF1CE}}</variable><variable name="ProductName">Microsoft Office Professional Plus 2016</variable><variable name="UpgradeCode">{{00160000-0011-0000-0000-0000000FF1CE}}</variable><variable name="Version">16.0.4266.1001</variable></expression>{}</operator></condition>"#,
        var_xml("REFIMAGE_MODE", "equals", Some("TRUE"))
    );
    assert_eq!(xml_eval(&x11, &[("REFIMAGE_MODE", "TRUE")]).0, Ok(true));
    assert_eq!(xml_eval(&x11, &[]).0, Ok(false));
    assert!(truth(
        r#"software(this_version, product_code="{90160000-0011-0000-0000-0000000FF1CE}")"#,
        &[]
    ));
    assert!(!truth(
        r#"software(this_version, product_code="{90160000-0011-0000-0000-0000000FF1CE}", version="16.0.1")"#,
        &[]
    ));
    assert!(truth(
        r#"software(any_version, upgrade_code="00160000-0011-0000-0000-0000000ff1ce", version="1.0")"#,
        &[]
    ));
    assert!(!truth(
        r#"software(any_version, upgrade_code="{00000000-0000-0000-0000-000000000000}")"#,
        &[]
    ));
    let err = eval_text("software(this_version)", &vars(&[])).unwrap_err();
    assert!(matches!(err, EvalError::MissingField { .. }), "{err}");
}

#[test]
fn format_examples_12_to_16() {
    // 12. Post-processing / rollback / failure groups of the upgrade wizard.
    let post = format!(
        "<condition>{}</condition>",
        var_xml("_SMSTSSetupRollback", "equals", Some("false"))
    );
    assert_eq!(
        xml_eval(&post, &[("_SMSTSSetupRollback", "False")]).0,
        Ok(true)
    );
    let failure = format!(
        "<condition>{}</condition>",
        var_xml("_SMSTSOSUpgradeActionReturnCode", "notequals", Some("0"))
    );
    assert_eq!(
        xml_eval(
            &failure,
            &[("_SMSTSOSUpgradeActionReturnCode", "3247440400")]
        )
        .0,
        Ok(true)
    );
    assert_eq!(
        xml_eval(&failure, &[("_SMSTSOSUpgradeActionReturnCode", "0")]).0,
        Ok(false)
    );
    // 13. The decimal form of 0xC1900210.
    let scan = format!(
        "<condition>{}</condition>",
        var_xml(
            "_SMSTSOSUpgradeActionReturnCode",
            "equals",
            Some("3247440400")
        )
    );
    assert_eq!(
        xml_eval(&scan, &[("_SMSTSOSUpgradeActionReturnCode", "0xC1900210")]).0,
        Ok(true)
    );
    // 14. Battery present and not charging (status 2 = on AC: false here).
    let battery = format!(
        "<condition>{}</condition>",
        wmi_xml(
            "root\\cimv2",
            "Select * from Win32_Battery where BatteryStatus != 2",
            ""
        )
    );
    assert_eq!(xml_eval(&battery, &[]).0, Ok(false));
    // 15. A desktop test with double-quoted WQL literals.
    let desktop = format!(
        "<condition>{}</condition>",
        wmi_xml(
            "root\\cimv2",
            r#"Select * from Win32_ComputerSystem where PCSystemType= "3" or PCSystemType= "1" or PCSystemType= "6""#,
            ""
        )
    );
    assert_eq!(xml_eval(&desktop, &[]).0, Ok(false));
    // 16. An empty `or` and two WMI siblings: the empty `or` is false, so the whole is false and
    // no query is asked.
    let hp = format!(
        r#"<condition><operator type="or"/>{}{}</condition>"#,
        wmi_xml(
            "root\\cimv2",
            "SELECT * FROM Win32_ComputerSystem WHERE Manufacturer LIKE '%HP%'",
            ""
        ),
        wmi_xml(
            "root\\cimv2",
            "SELECT * FROM Win32_ComputerSystem WHERE Manufacturer LIKE '%Hewlett-Packard%'",
            ""
        ),
    );
    let (r, asked) = xml_eval(&hp, &[]);
    assert_eq!(r, Ok(false));
    assert!(asked.is_empty(), "{asked:?}");
}

#[test]
fn format_example_17_os_condition_group() {
    let group = |name: &str, arch: &str, min: &str, max: &str, q1: &str, q2: &str| {
        format!(
            r#"<osExpressionGroup type="and" name="{name}"><platformKey arch="{arch}" type="Win_NT" minVer="{min}" maxVer="{max}" />{}{}</osExpressionGroup>"#,
            wmi_xml("root\\cimv2", q1, r#" ignoreQueryFailure="true""#),
            wmi_xml("root\\cimv2", q2, r#" ignoreQueryFailure="true""#),
        )
    };
    let x17 = format!(
        r#"<condition><operator type="and"><osConditionGroup type="or">{}{}</osConditionGroup></operator></condition>"#,
        group(
            "All x86 Windows 7 Client",
            "x86",
            "6.10.0000.0",
            "6.10.9999.9999",
            "select * from Win32_OperatingSystem where Version like '6.1%' and OSType=18 and ProductType=1",
            "select * from Win32_OperatingSystem where OSArchitecture like '32%'"
        ),
        group(
            "All x64 Windows 7 Client",
            "x64",
            "6.10.0000.0",
            "6.10.9999.9999",
            "select * from Win32_OperatingSystem where Version like '6.1%' and OSType=18 and ProductType=1",
            "select * from Win32_OperatingSystem where OSArchitecture like '64%'"
        ),
    );
    assert_eq!(xml_eval(&x17, &[]).0, Ok(true));
    let c = read_condition(&x17).unwrap();
    let host = machine();
    let map = vars(&[]);
    let why = c.explain(&EvalContext::new(&map).with_host(&host));
    let shown = why.to_string();
    assert!(shown.contains("platform, all of:"), "{shown}");
    assert!(
        shown.contains(
            r#"platform "All x64 Windows 7 Client" (x64 Win_NT 6.10.0000.0–6.10.9999.9999)"#
        ),
        "{shown}"
    );
    // No platform matched: false (an empty group list is false too).
    assert!(!truth("os_group()", &[]));
}

#[test]
fn set_dynamic_variables_rules() {
    let yes = [
        r#"make_model("Lenovo", "20XW*")"#,
        r#"make_model("LENOVO", "20XW00??US")"#,
        r#"make_model("*", "*")"#,
        r#"make_model(make="Len*")"#,
        r#"make_model("", "20XW003GUS")"#,
        r#"computer(asset_tag="2342342", mac_address="", serial_number="", uuid="")"#,
        r#"computer(mac_address="00-15-5d-01-02-03")"#,
        r#"computer(serial_number="nope", uuid="{4c4c4544-0042-3510-8052-b4c04f4a4a32}")"#,
        r#"computer(serial_number="pf3abcde")"#,
    ];
    for t in yes {
        assert!(truth(t, &[]), "{t}");
    }
    let no = [
        r#"make_model("Dell*", "*")"#,
        r#"make_model("Lenovo", "T440s")"#,
        r#"computer(asset_tag="s", mac_address="", serial_number="", uuid="")"#,
        r#"computer(mac_address="AA:BB:CC:DD:EE:FF")"#,
        r#"computer()"#,
    ];
    for t in no {
        assert!(!truth(t, &[]), "{t}");
    }
    // The variables the step sets win over WMI, and need no host.
    let v = vars(&[
        ("_SMSTSMake", "Dell Inc."),
        ("_SMSTSModel", "Latitude 7490"),
        ("_SMSTSMacAddresses", "00:11:22:33:44:55,66:77:88:99:AA:BB"),
    ]);
    let ctx = EvalContext::new(&v);
    let check = |t: &str| t.parse::<Condition>().unwrap().evaluate(&ctx);
    assert_eq!(check(r#"make_model("DELL*", "Latitude 7?90")"#), Ok(true));
    assert_eq!(
        check(r#"computer(mac_address="66-77-88-99-aa-bb")"#),
        Ok(true)
    );
    assert_eq!(
        check(r#"computer(serial_number="x")"#),
        Err(EvalError::NoHost {
            kind: MachineKind::Computer
        })
    );
}

#[test]
fn unsupported_elements_are_errors_naming_them() {
    let (r, _) = xml_eval(
        r#"<condition><expression type="Custom_Expression"><variable name="X">1</variable></expression></condition>"#,
        &[],
    );
    assert_eq!(
        r,
        Err(EvalError::Unsupported {
            element: "Custom_Expression".into()
        })
    );
    let (r, _) = xml_eval(r#"<condition><weird/></condition>"#, &[]);
    assert_eq!(
        r.unwrap_err().to_string(),
        "unsupported condition element `<weird>`"
    );
    // Not reached: no error.
    let (r, _) = xml_eval(
        &format!(
            r#"<condition><operator type="or">{}<weird/></operator></condition>"#,
            var_xml("A", "notExists", None)
        ),
        &[],
    );
    assert_eq!(r, Ok(true));
}

#[test]
fn depth_limit_is_an_error() {
    let mut op = Operand::Expression(Expression::new(ExpressionKind::Variable {
        name: "A".into(),
        operator: VariableOperator::NotExists,
        value: String::new(),
    }));
    for _ in 0..(MAX_EVAL_DEPTH + 5) {
        op = Operand::Operator(Operator {
            kind: OperatorKind::And,
            operands: vec![op],
            extra_attributes: vec![],
            hints: XmlHints::default(),
        });
    }
    let c = Condition {
        operands: vec![op],
        extra_attributes: vec![],
    };
    assert_eq!(
        c.evaluate(&EvalContext::empty()),
        Err(EvalError::TooDeep {
            limit: MAX_EVAL_DEPTH
        })
    );
    assert_eq!(
        c.compile().evaluate(&EvalContext::empty()),
        Err(EvalError::TooDeep {
            limit: MAX_EVAL_DEPTH
        })
    );
    assert_eq!(c.explain(&EvalContext::empty()).value, Outcome::Error);
    // Never reached, the deep part is no error, compiled or not.
    let mut shallow_first = c.clone();
    shallow_first.operands.insert(
        0,
        "A exists".parse::<Condition>().unwrap().operands.remove(0),
    );
    assert_eq!(shallow_first.evaluate(&EvalContext::empty()), Ok(false));
    assert_eq!(
        shallow_first.compile().evaluate(&EvalContext::empty()),
        Ok(false)
    );
    // The printer does not recurse: any depth prints.
    assert!(c.to_text().starts_with("all(all(all("));
}

#[test]
fn explanations_name_the_deciding_facts() {
    let c: Condition = r#"_SMSTSInWinPE == "false" and Make like "*Lenovo*" and wmi("SELECT * FROM Win32_Battery")"#
        .parse()
        .unwrap();
    let map = vars(&[("_SMSTSInWinPE", "false"), ("Make", "Dell Inc.")]);
    let host = machine();
    let why = c.explain(&EvalContext::new(&map).with_host(&host));
    assert_eq!(why.value, Outcome::False);
    assert_eq!(why.kind, ExplanationKind::Condition);
    assert_eq!(why.children.len(), 3);
    assert_eq!(why.children[0].value, Outcome::True);
    assert_eq!(
        why.children[0].facts,
        [r#"_SMSTSInWinPE = "false" equals "false" as text"#]
    );
    assert_eq!(
        why.children[1].facts,
        [r#"Make = "Dell Inc." does not match "*Lenovo*""#]
    );
    assert_eq!(why.children[2].value, Outcome::NotEvaluated);
    let shown = why.to_string();
    assert_eq!(
        shown,
        concat!(
            "false  all of:\n",
            "  true   _SMSTSInWinPE == \"false\"\n",
            "           - _SMSTSInWinPE = \"false\" equals \"false\" as text\n",
            "  false  Make like \"*Lenovo*\"\n",
            "           - Make = \"Dell Inc.\" does not match \"*Lenovo*\"\n",
            "  -      wmi(\"SELECT * FROM Win32_Battery\") (not evaluated)\n",
        )
    );
    let json = serde_json::to_value(&why).unwrap();
    assert_eq!(json["value"], "false");
    assert_eq!(json["children"][2]["value"], "not_evaluated");
    assert!(json["children"][2].get("facts").is_none());
    let back: Explanation = serde_json::from_value(json).unwrap();
    assert_eq!(back, why);
}

#[test]
fn explanation_facts_for_each_kind() {
    let host = machine();
    let map = vars(&[("Code", "3247440400"), ("OSDisk", "C:")]);
    let ctx = EvalContext::new(&map).with_host(&host);
    let facts = |t: &str| {
        let c: Condition = t.parse().unwrap();
        let why = c.explain(&ctx);
        why.children[0].facts.join(" | ")
    };
    assert_eq!(
        facts("Code == 0xC1900210"),
        r#"Code = "3247440400" equals "0xC1900210" as integers"#
    );
    assert_eq!(facts("Nope exists"), "Nope is not set");
    assert_eq!(
        facts("Nope >= 1.0"),
        r#"Nope is not set, so "" is less than "1.0" as text"#
    );
    assert_eq!(
        facts(r#"wmi("SELECT * FROM Win32_Battery")"#),
        r"`SELECT * FROM Win32_Battery` returned 1 instance in `root\cimv2`"
    );
    assert_eq!(
        facts(r#"wmi("SELECT * FROM Win32_Battery WHERE BatteryStatus = 1")"#),
        r"`SELECT * FROM Win32_Battery WHERE BatteryStatus = 1` returned 0 instances in `root\cimv2`"
    );
    assert_eq!(
        facts(r#"file("%OSDisk%\x.exe")"#),
        r"file path `%OSDisk%\x.exe` expands to `C:\x.exe` | file `C:\x.exe` not found"
    );
    assert_eq!(
        facts(r#"file("C:\Windows\notepad.exe", version >= "10.0")"#),
        r"file `C:\Windows\notepad.exe` exists | version 10.0.19041.1 is greater than 10.0 as versions"
    );
    assert_eq!(
        facts(r#"registry("HKEY_LOCAL_MACHINE\SOFTWARE\Contoso", "Installed", REG_SZ) exists"#),
        r"value `Installed` of `HKEY_LOCAL_MACHINE\SOFTWARE\Contoso` is REG_DWORD, not REG_SZ"
    );
    assert_eq!(
        facts(r#"os(X64, >= "6.10.7601.1")"#),
        "architecture 64-bit matches X64 | OS version 6.1.7601.1 equals 6.10.7601.1"
    );
    assert_eq!(
        facts(r#"make_model("Dell*", "*")"#),
        r#"make "Lenovo" (from Win32_ComputerSystem.Manufacturer) does not match "Dell*""#
    );
    // Errors show in the explanation.
    let c: Condition = r#"wmi("SELECT * FROM Win32_Nope")"#.parse().unwrap();
    let (r, why) = c.evaluate_explained(&ctx);
    assert!(r.is_err());
    assert_eq!(why.value, Outcome::Error);
    assert_eq!(why.children[0].value, Outcome::Error);
    assert!(
        why.to_string()
            .contains("! wmi query `SELECT * FROM Win32_Nope`"),
        "{why}"
    );
}

#[test]
fn explanations_redact_secrets() {
    let map = vars(&[("OSDJoinPassword", "hunter2")]);
    let c: Condition = r#"OSDJoinPassword == "hunter3""#.parse().unwrap();
    let why = c.explain(&EvalContext::new(&map));
    assert_eq!(
        why.children[0].facts,
        ["OSDJoinPassword = ******** does not equal ******** as text"]
    );
    // What a secret is compared with is the secret too.
    assert!(!why.to_string().contains("hunter2"));
    assert!(!why.to_string().contains("hunter3"), "{why}");
    let shown = c.explain(&EvalContext::new(&map).with_options(EvalOptions {
        case_sensitive: false,
        secrets: crate::vars::Secrets::Reveal,
    }));
    assert!(shown.children[0].facts[0].contains("\"hunter2\""));
    // An environment's hidden values are secret whatever their name.
    let mut env = crate::vars::Environment::new();
    env.set_by_step("Token", "abc", true).unwrap();
    let c: Condition = "Token exists".parse().unwrap();
    let why = c.explain(&EvalContext::new(&env));
    assert_eq!(why.children[0].facts, ["Token is set (********)"]);
}

#[test]
fn paths_with_secret_values_are_not_shown_in_clear() {
    let host = machine();
    let map = vars(&[("OSDJoinPassword", "hunter2"), ("OSDisk", "C:")]);
    for text in [
        r#"file("%OSDisk%\%OSDJoinPassword%.txt")"#,
        r#"folder("%OSDisk%\%OSDJoinPassword%")"#,
    ] {
        let c: Condition = text.parse().unwrap();
        let ctx = EvalContext::new(&map).with_host(&host);
        let why = c.explain(&ctx);
        let facts = why.children[0].facts.join(" | ");
        assert!(!facts.contains("hunter2"), "{facts}");
        assert!(!why.to_string().contains("hunter2"), "{why}");
        assert!(
            !serde_json::to_string(&why).unwrap().contains("hunter2"),
            "{why}"
        );
        assert!(
            facts.contains(r"`C:\%OSDJoinPassword%"),
            "the secret reference stays as written: {facts}"
        );
        assert!(facts.contains("(secret values not shown)"), "{facts}");
        // The lookup used the real value, and asking for secrets shows it.
        let revealed = c.explain(&ctx.with_options(EvalOptions {
            case_sensitive: false,
            secrets: crate::vars::Secrets::Reveal,
        }));
        assert!(
            revealed.children[0].facts.join(" ").contains(r"C:\hunter2"),
            "{revealed}"
        );
    }
    let c: Condition = r#"file("%OSDisk%\%OSDJoinPassword%.txt")"#.parse().unwrap();
    let why = c.explain(&EvalContext::new(&map).with_host(&host));
    assert_eq!(
        why.children[0].facts,
        [
            r"file path `%OSDisk%\%OSDJoinPassword%.txt` expands to `C:\%OSDJoinPassword%.txt` (secret values not shown)",
            r"file `C:\%OSDJoinPassword%.txt` not found",
        ]
    );
}

#[test]
fn make_model_and_computer_facts_hide_secret_variables() {
    let mut env = crate::vars::Environment::new();
    env.set_engine("_SMSTSMake", "Contoso Secret Labs", true)
        .unwrap();
    env.set_engine("_SMSTSSerialNumber", "SN-TOPSECRET", true)
        .unwrap();
    let host = machine();
    let ctx = EvalContext::new(&env).with_host(&host);
    for text in [
        r#"make_model("Dell*", "*")"#,
        r#"computer(serial_number="x")"#,
    ] {
        let c: Condition = text.parse().unwrap();
        let why = c.explain(&ctx);
        let shown = format!("{why}{}", serde_json::to_string(&why).unwrap());
        assert!(!shown.contains("Secret Labs"), "{shown}");
        assert!(!shown.contains("TOPSECRET"), "{shown}");
        assert!(shown.contains("********"), "{shown}");
        let revealed = c
            .explain(&ctx.with_options(EvalOptions {
                case_sensitive: false,
                secrets: crate::vars::Secrets::Reveal,
            }))
            .to_string();
        assert!(
            revealed.contains("Secret Labs") || revealed.contains("TOPSECRET"),
            "{revealed}"
        );
    }
}

#[test]
fn explanations_share_instead_of_copying() {
    // Groups below the root carry no text of their own, and an error is written where it arose
    // and on the root only.
    let c: Condition = r#"A exists or (B exists and not wmi("SELECT * FROM Win32_Nope"))"#
        .parse()
        .unwrap();
    let map = vars(&[("B", "1")]);
    let host = machine();
    let (r, why) = c.evaluate_explained(&EvalContext::new(&map).with_host(&host));
    assert!(r.is_err());
    assert_eq!(why.text, c.to_text());
    let or = &why.children[0];
    assert_eq!((or.kind, or.text.as_str()), (ExplanationKind::Or, ""));
    assert_eq!(or.children[0].text, "A exists");
    let and = &or.children[1];
    let not = &and.children[1];
    let leaf = &not.children[0];
    assert_eq!(leaf.kind, ExplanationKind::Wmi);
    assert!(leaf.error.is_some());
    for group in [or, and, not] {
        assert_eq!(group.value, Outcome::Error);
        assert_eq!(group.error, None);
    }
    assert_eq!(why.error, leaf.error);
    let json = serde_json::to_value(&why).unwrap();
    assert!(json["children"][0].get("text").is_none());
    assert_eq!(json["children"][0]["kind"], "or");
    let back: Explanation = serde_json::from_value(json).unwrap();
    assert_eq!(back, why);
    // The error is printed once, under its leaf.
    assert_eq!(why.to_string().matches("! wmi query").count(), 1, "{why}");
}

#[test]
fn errors_keep_their_json_spelling() {
    let host = machine();
    let map = vars(&[]);
    let ctx = EvalContext::new(&map).with_host(&host);
    let cases = [
        (
            r#"file("C:\Windows\notepad.exe", date == "2023-05-01")"#,
            r#"{"invalid_date_time":{"value":"2023-05-01","source_kind":"condition","expected":"a wmi datetime `yyyyMMddhhmmss.ffffff+UUU`"}}"#,
        ),
        (
            r#"registry("HKEY_LOCAL_MACHINE\SOFTWARE\Contoso", "Name") not like "C*""#,
            r#"{"registry_operator":{"operator":"notLike","key":"HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso"}}"#,
        ),
    ];
    for (text, json) in cases {
        let err = text
            .parse::<Condition>()
            .unwrap()
            .evaluate(&ctx)
            .unwrap_err();
        assert_eq!(serde_json::to_string(&err).unwrap(), json, "{text}");
        let back: EvalError = serde_json::from_str(json).unwrap();
        assert_eq!(back, err);
    }
    let missing = EvalError::MissingField {
        kind: MachineKind::Software,
        field: RequiredField::ProductCode,
    };
    assert_eq!(
        serde_json::to_string(&missing).unwrap(),
        r#"{"missing_field":{"kind":"software","field":"ProductCode"}}"#
    );
    assert_eq!(
        missing.to_string(),
        "`software` condition has no `ProductCode`"
    );
    let host_error = EvalError::InvalidDateTime {
        value: "x".into(),
        source_kind: DateTimeSource::Host,
        expected: DateTimeForm::Rfc3339,
    };
    assert_eq!(
        host_error.to_string(),
        "invalid date-time `x` from the host: expected an rfc 3339 time such as `2023-05-01T10:00:00Z`"
    );
}

#[test]
fn compiled_conditions_parse_queries_once_and_clone_safely() {
    let c: Condition = r#"wmi("SELECT * FROM Win32_Battery") and wmi("NOT WQL", ignore_failure)"#
        .parse()
        .unwrap();
    let compiled = c.compile();
    let copy = compiled.clone();
    drop(compiled);
    let host = machine();
    let map = vars(&[]);
    assert_eq!(
        copy.evaluate(&EvalContext::new(&map).with_host(&host)),
        Ok(false)
    );
    assert_eq!(copy.condition(), &c);
    let json = serde_json::to_string(&copy).unwrap();
    assert_eq!(json, serde_json::to_string(&c).unwrap());
    let back: CompiledCondition = serde_json::from_str(&json).unwrap();
    assert_eq!(back, copy);
    fn send_sync<T: Send + Sync>() {}
    send_sync::<CompiledCondition>();
}
