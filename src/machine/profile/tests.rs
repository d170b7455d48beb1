use super::*;
use crate::machine::{RegistryData, RegistryType};

const SAMPLE: &str = r#"{
  "name": "Win10 x64 en-US laptop",
  "variables": { "_SMSTSInWinPE": "false", "Make": "LENOVO", "IsUEFI": true, "Count": 3 },
  "environment": { "windir": "C:\\Windows", "PROCESSOR_ARCHITECTURE": "AMD64" },
  "wmi": {
    "root\\cimv2": {
      "Win32_OperatingSystem": [ { "OSArchitecture": "64-bit", "OSLanguage": 1033, "Version": "10.0.19045", "ProductType": 1, "MUILanguages": ["en-US"] } ],
      "Win32_ComputerSystem": [ { "Manufacturer": "LENOVO", "Model": "20XW", "PCSystemType": 2 } ],
      "Win32_LogicalDisk": [ { "DeviceID": "C:", "DriveType": 3, "FileSystem": "NTFS" },
                             { "DeviceID": "D:", "DriveType": 5 },
                             { "DeviceID": "E:", "DriveType": 3, "FileSystem": "FAT32" } ],
      "Win32_Battery": []
    },
    "root\\WMI": { "Lenovo_BiosSetting": [ { "CurrentSetting": "SecureBoot,Enable" } ] }
  },
  "files": { "C:\\Windows\\notepad.exe": { "version": "10.0.19041.1", "modified": "2023-05-01T10:00:00Z" },
             "C:\\Windows\\System32\\drivers\\etc\\hosts": {} },
  "folders": { "C:\\Temp\\": { "modified": "2024-01-02T03:04:05.5Z" } },
  "registry": { "HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso": {
      "Installed": { "type": "REG_DWORD", "data": 1 },
      "": { "type": "REG_SZ", "data": "default" },
      "Paths": { "type": "REG_MULTI_SZ", "data": ["a", "b"] },
      "Blob": { "type": "REG_BINARY", "data": "01 ff" },
      "Big": { "type": "reg_qword", "data": "0x100000000" },
      "Nothing": { "type": "REG_NONE" } } },
  "products": [ { "product_code": "{90160000-0011-0000-0000-0000000FF1CE}", "upgrade_code": "{00160000-0011-0000-0000-0000000FF1CE}",
                  "name": "Microsoft Office Professional Plus 2016", "version": "16.0.4266.1001" } ],
  "hardware": { "memory_mb": 16384, "uefi": true, "client_version": "5.00.9106.1000" }
}"#;

fn sample() -> MachineProfile {
    MachineProfile::from_json(SAMPLE).unwrap()
}

fn q(text: &str) -> Query {
    Query::parse(text).unwrap()
}

#[test]
fn reads_every_section() {
    let p = sample();
    assert_eq!(p.name(), "Win10 x64 en-US laptop");
    assert_eq!(p.variables().len(), 4);
    assert_eq!(p.variables()[2], ("IsUEFI".to_owned(), "true".to_owned()));
    assert_eq!(p.variables()[3], ("Count".to_owned(), "3".to_owned()));
    assert_eq!(p.environment()[1].0, "PROCESSOR_ARCHITECTURE");
    assert_eq!(p.hardware().memory_mb, Some(16384));
    assert_eq!(p.hardware().uefi, Some(true));
    assert_eq!(p.hardware().tpm_enabled, None);
    assert_eq!(p.products().len(), 1);
}

#[test]
fn wmi_queries_run_over_instances() {
    let p = sample();
    let count = |ns: &str, text: &str| p.wmi_count(ns, &q(text)).unwrap();
    assert_eq!(
        count(
            r"root\cimv2",
            "SELECT * FROM Win32_OperatingSystem WHERE OSLanguage='1033'"
        ),
        1
    );
    assert_eq!(
        count(
            r"ROOT\CIMV2",
            "select * from win32_operatingsystem where oslanguage=1031"
        ),
        0
    );
    assert_eq!(
        count(
            "root/cimv2",
            "SELECT * FROM Win32_LogicalDisk WHERE DriveType=3 and DeviceID != 'X:'"
        ),
        2
    );
    assert_eq!(
        count(
            r"root\cimv2",
            "select * from Win32_LogicalDisk where DriveType=3 and DeviceID != 'X:' and FileSystem = 'NTFS'"
        ),
        1
    );
    assert_eq!(
        count(
            r"root\cimv2",
            "SELECT * FROM Win32_LogicalDisk WHERE FileSystem IS NULL"
        ),
        1
    );
    assert_eq!(
        count(
            r"root\cimv2",
            "Select * from Win32_Battery where BatteryStatus != 2"
        ),
        0
    );
    assert_eq!(count(r"root\cimv2", "SELECT * FROM Win32_Battery"), 0);
    assert_eq!(
        count(
            r"root\wmi",
            "Select CurrentSetting FROM Lenovo_BiosSetting WHERE CurrentSetting LIKE 'Secure%Boot,Enable%'"
        ),
        1
    );

    let rows = p
        .wmi_query(
            r"root\cimv2",
            &q("SELECT manufacturer, Domain FROM Win32_ComputerSystem"),
        )
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].get("Manufacturer"),
        Some(&WmiValue::String("LENOVO".into()))
    );
    assert_eq!(rows[0].get("Domain"), Some(&WmiValue::Null));
    let rows = p
        .wmi_query(
            r"root\cimv2",
            &q("SELECT * FROM Win32_LogicalDisk WHERE DriveType = 3"),
        )
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[1].get("FileSystem"),
        Some(&WmiValue::String("FAT32".into()))
    );
}

#[test]
fn wmi_failures_are_host_errors() {
    let p = sample();
    let e = p
        .wmi_count(r"root\cimv2", &q("SELECT * FROM Win32_Nope"))
        .unwrap_err();
    assert_eq!(
        e.message,
        r"unknown WMI class `Win32_Nope` in namespace `root\cimv2`"
    );
    let e = p
        .wmi_count(
            r"ROOT\HP\InstrumentedBIOS",
            &q("SELECT * FROM HP_BIOSSetting"),
        )
        .unwrap_err();
    assert_eq!(
        e.message,
        r"unknown WMI namespace `ROOT\HP\InstrumentedBIOS`"
    );
    let e = p
        .wmi_query(
            r"root\cimv2",
            &q("SELECT * FROM Win32_OperatingSystem WHERE MUILanguages = 'en-US'"),
        )
        .unwrap_err();
    assert_eq!(
        e.message,
        "cannot evaluate `SELECT * FROM Win32_OperatingSystem WHERE MUILanguages = 'en-US'`: array property `MUILanguages` cannot be used in a WHERE clause"
    );
}

#[test]
fn files_and_folders() {
    let p = sample();
    let f = p.file(r"c:\windows\NOTEPAD.EXE").unwrap();
    assert_eq!(f.version.as_deref(), Some("10.0.19041.1"));
    assert_eq!(f.modified.as_deref(), Some("2023-05-01T10:00:00Z"));
    assert!(p.file("C:/Windows/notepad.exe").is_some());
    assert!(p.file(r"C:\Windows\calc.exe").is_none());
    assert!(p.file(r"C:\Windows").is_none(), "a folder is not a file");

    assert_eq!(
        p.folder(r"C:\TEMP").unwrap().modified.as_deref(),
        Some("2024-01-02T03:04:05.5Z")
    );
    assert_eq!(
        p.folder(r"C:\Windows\System32\drivers"),
        Some(FolderFacts::default())
    );
    assert!(p.folder(r"C:\Windows\").is_some());
    assert!(p.folder(r"C:\").is_some());
    assert!(p.folder(r"C:\Win").is_none());
    assert!(p.folder(r"C:\Windows\notepad.exe").is_none());
    assert!(p.folder(r"D:\").is_none());
}

#[test]
fn registry_values() {
    let p = sample();
    let v = p.registry(r"HKLM\software\contoso", "installed").unwrap();
    assert_eq!(
        v,
        RegistryValue {
            kind: RegistryType::Dword,
            data: RegistryData::Number(1)
        }
    );
    let v = p
        .registry(r"HKEY_LOCAL_MACHINE\SOFTWARE\Contoso\", "")
        .unwrap();
    assert_eq!(v.data, RegistryData::String("default".into()));
    assert_eq!(
        p.registry(r"HKLM\SOFTWARE\Contoso", "Paths").unwrap().data,
        RegistryData::Strings(vec!["a".into(), "b".into()])
    );
    assert_eq!(
        p.registry(r"HKLM\SOFTWARE\Contoso", "Blob").unwrap().data,
        RegistryData::Bytes(vec![1, 255])
    );
    assert_eq!(
        p.registry(r"HKLM\SOFTWARE\Contoso", "Big").unwrap().data,
        RegistryData::Number(1 << 32)
    );
    assert_eq!(
        p.registry(r"HKLM\SOFTWARE\Contoso", "Nothing")
            .unwrap()
            .data,
        RegistryData::Bytes(vec![])
    );
    assert!(p.registry(r"HKLM\SOFTWARE\Contoso", "Missing").is_none());
    assert!(p.registry(r"HKCU\SOFTWARE\Contoso", "Installed").is_none());
}

#[test]
fn products_environment_and_values() {
    let p = sample();
    let office = ProductQuery::ProductCode("{90160000-0011-0000-0000-0000000ff1ce}".into());
    assert_eq!(p.product(&office).unwrap().version, "16.0.4266.1001");
    let any = ProductQuery::UpgradeCode("00160000-0011-0000-0000-0000000FF1CE".into());
    assert!(p.product(&any).is_some());
    assert!(
        p.product(&ProductQuery::UpgradeCode(
            "{90160000-0011-0000-0000-0000000FF1CE}".into()
        ))
        .is_none()
    );
    assert!(
        p.product(&ProductQuery::ProductCode(String::new()))
            .is_none()
    );

    assert_eq!(p.env_var("WinDir").as_deref(), Some(r"C:\Windows"));
    assert!(p.env_var("TEMP").is_none());
    assert_eq!(
        p.wmi_value(r"root\cimv2", "Win32_ComputerSystem", "pcsystemtype"),
        Some(&WmiValue::Int(2))
    );
    assert_eq!(
        p.wmi_value(r"root\cimv2", "Win32_Battery", "BatteryStatus"),
        None
    );
}

#[test]
fn round_trips_through_json() {
    let p = sample();
    let json = p.to_json();
    let back = MachineProfile::from_json(&json).unwrap();
    assert_eq!(back, p);
    assert_eq!(back.to_json(), json);
    let via_serde: MachineProfile = serde_json::from_str(&json).unwrap();
    assert_eq!(via_serde, p);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["registry"][r"HKEY_LOCAL_MACHINE\SOFTWARE\Contoso"]["Big"]["type"],
        "REG_QWORD"
    );
    assert_eq!(
        value["wmi"][r"root\cimv2"]["Win32_OperatingSystem"][0]["OSLanguage"],
        1033
    );
    assert_eq!(value["variables"]["IsUEFI"], "true");

    let empty = MachineProfile::from_json("{}").unwrap();
    assert_eq!(empty.to_json(), "{\n  \"name\": \"\"\n}");
    assert_eq!(empty, MachineProfile::default());
}

fn error(json: &str) -> ProfileError {
    MachineProfile::from_json(json).unwrap_err()
}

#[test]
fn errors_name_the_path_and_position() {
    let e = error(
        "{\n  \"wmi\": { \"root\\\\cimv2\": { \"Win32_OperatingSystem\": [\n    { \"OSLanguage\": { \"x\": 1 } } ] } } }",
    );
    assert_eq!(
        e.path,
        r"wmi.root\cimv2.Win32_OperatingSystem[0].OSLanguage"
    );
    assert_eq!(e.kind, ProfileErrorKind::Invalid);
    assert_eq!(e.line, 3);
    assert!(
        e.message
            .starts_with("invalid type: map, expected a WMI value"),
        "{}",
        e.message
    );
    assert!(
        e.to_string()
            .starts_with(r"`wmi.root\cimv2.Win32_OperatingSystem[0].OSLanguage`: invalid type")
    );
    assert!(e.to_string().ends_with("at line 3, column 22"), "{e}");

    let e = error(r#"{"variables": {"Make": "x", "MAKE": "y"}}"#);
    assert_eq!(e.path, "variables.MAKE");
    assert_eq!(
        e.message,
        "duplicate key `MAKE` (keys compare case-insensitively)"
    );

    let e = error(r#"{"files": {"C:\\x": {"version": "1.a"}}}"#);
    assert_eq!(e.path, r"files.C:\x");
    assert!(e.message.starts_with("invalid version `1.a`"));

    let e = error(r#"{"files": {"C:\\x": {"modified": "2023-05-01 10:00"}}}"#);
    assert!(e.message.starts_with("invalid time `2023-05-01 10:00`"));

    let e = error(r#"{"folders": {"C:\\x": {}, "c:/X/": {}}}"#);
    assert_eq!(e.path, "folders.c:/X/");

    let e = error(r#"{"registry": {"HKLM\\A": {"v": {"type": "REG_DWORD", "data": 4294967296}}}}"#);
    assert_eq!(e.path, r"registry.HKLM\A.v");
    assert_eq!(
        e.message,
        "REG_DWORD data must be a number from 0 to 4294967295, not `4294967296`"
    );
    let e = error(r#"{"registry": {"HKLM\\A": {"v": {"type": "REG_TEXT", "data": "x"}}}}"#);
    assert!(e.message.starts_with("unknown registry type `REG_TEXT`"));
    let e = error(r#"{"registry": {"HKLM\\A": {"v": {"type": "REG_SZ"}}}}"#);
    assert_eq!(e.message, "missing `data` for a REG_SZ value");
    let e = error(r#"{"registry": {"HKLM\\A": {}, "HKEY_LOCAL_MACHINE\\a": {}}}"#);
    assert_eq!(e.path, r"registry.HKEY_LOCAL_MACHINE\a");

    let e = error(r#"{"products": [{}, {"nam": "x"}]}"#);
    assert_eq!(e.path, "products[1]");
    assert!(e.message.starts_with("unknown field `nam`"));

    let e = error(r#"{"hardware": {"memory_mb": -1}}"#);
    assert_eq!(e.path, "hardware");

    let e = error(r#"{"wmii": {}}"#);
    assert_eq!(e.path, "");
    assert!(
        e.message
            .starts_with("unknown field `wmii`, expected one of `name`")
    );

    let e = error(r#"{"wmi": {"root\\cimv2": {"C": [{"Big": 9223372036854775808}]}}}"#);
    assert_eq!(e.path, r"wmi.root\cimv2.C[0].Big");
    assert!(
        e.message
            .starts_with("integer `9223372036854775808` is too large")
    );

    let e = error(r#"{"wmi": {"root\\cimv2": {"C": [{"A": [[1]]}]}}}"#);
    assert_eq!(e.path, r"wmi.root\cimv2.C[0].A[0]");

    let e = error(r#"{"wmi": {"root\\cimv2": {"C": {}}}}"#);
    assert_eq!(e.path, r"wmi.root\cimv2.C");
    assert!(e.message.contains("expected an array"));
}

#[test]
fn syntax_errors() {
    let e = error("{\n  \"name\": \"x\",\n  \"variables\": { \"A\": \"1\" \"B\": \"2\" }\n}");
    assert_eq!(e.kind, ProfileErrorKind::Syntax);
    assert_eq!(e.path, "variables", "the error is between entries");
    assert_eq!((e.line, e.column), (3, 27));
    assert_eq!(e.message, "expected `,` or `}`");

    let e = error("{\"name\": \"x\"");
    assert_eq!(e.kind, ProfileErrorKind::Syntax);
    let e = error("{} x");
    assert_eq!(e.message, "trailing characters");
    let e = error("");
    assert_eq!(e.kind, ProfileErrorKind::Syntax);
    let e = error("[]");
    assert_eq!(e.kind, ProfileErrorKind::Invalid);
}

#[test]
fn timestamps() {
    assert!(is_utc_timestamp("2023-05-01T10:00:00Z"));
    assert!(is_utc_timestamp("2023-05-01T10:00:00.123Z"));
    assert!(is_utc_timestamp("2023-05-01T10:00:00+00:00"));
    assert!(!is_utc_timestamp("2023-05-01T10:00:00+02:00"));
    assert!(!is_utc_timestamp("2023-05-01"));
    assert!(!is_utc_timestamp("2023-05-01T10:00:00"));
    assert!(!is_utc_timestamp("2023-05-01T10:00:0éZ"));
}

#[test]
fn profile_is_send_sync() {
    fn check<T: Send + Sync + Clone>() {}
    check::<MachineProfile>();
}

#[test]
fn hardware_facts_through_the_host_trait() {
    let host: &dyn Host = &sample();
    let facts = host.hardware().unwrap();
    assert_eq!(facts, *sample().hardware());
    assert!(!facts.is_empty());
    let bare = MachineProfile::from_json(r#"{"name":"bare"}"#).unwrap();
    assert_eq!((&bare as &dyn Host).hardware(), None);
}

#[test]
fn columns_are_1_based_and_count_characters() {
    // Cut short after a newline: serde_json says column 0.
    let e = error("{\n");
    assert_eq!((e.line, e.column), (2, 1));
    let e = error("\n\n");
    assert_eq!((e.line, e.column), (3, 1));
    // `é` and `€` are one column each, not two and three bytes.
    let e = error("{\n\"name\": \"é€\", \"x\": 1}");
    assert_eq!((e.line, e.column), (2, 17), "{e}");
    let ascii = error("{\n\"name\": \"ab\", \"x\": 1}");
    assert_eq!((ascii.line, ascii.column), (2, 17), "{ascii}");
    let e = error("{\"variables\": {\"Ä\": []}}");
    assert_eq!(e.column, error("{\"variables\": {\"A\": []}}").column);
    let e = error("{\"name\": \"x\",\n}");
    assert_eq!((e.line, e.column), (2, 1));
}

/// Every kind of profile value has a documented limit; one character more is refused with an
/// error naming the field, and a value at the limit loads.
#[test]
fn over_long_values_are_refused_naming_the_field() {
    let text = |n: usize| "x".repeat(n);
    let cases: Vec<(String, String, &str)> = vec![
        (
            format!(r#"{{"variables": {{"Make": "{}"}}}}"#, text(4001)),
            "variables.Make".into(),
            "at most 4000",
        ),
        (
            format!(
                r#"{{"environment": {{"TEMP": "{}"}}}}"#,
                text(MAX_PROFILE_PATH + 1)
            ),
            "environment.TEMP".into(),
            "at most 32767",
        ),
        (
            format!(r#"{{"name": "{}"}}"#, text(MAX_PROFILE_TEXT + 1)),
            "name".into(),
            "at most 65536",
        ),
        (
            format!(r#"{{"description": "{}"}}"#, text(MAX_PROFILE_TEXT + 1)),
            "description".into(),
            "at most 65536",
        ),
        (
            format!(
                r#"{{"wmi": {{"root\\cimv2": {{"Win32_BIOS": [{{"BIOSVersion": ["a", "{}"]}}]}}}}}}"#,
                text(MAX_PROFILE_TEXT + 1)
            ),
            r"wmi.root\cimv2.Win32_BIOS[0].BIOSVersion[1]".into(),
            "at most 65536",
        ),
        (
            format!(
                r#"{{"registry": {{"HKLM\\SOFTWARE\\C": {{"V": {{"type": "REG_SZ", "data": "{}"}}}}}}}}"#,
                text(MAX_PROFILE_TEXT + 1)
            ),
            r"registry.HKLM\SOFTWARE\C.V".into(),
            "registry data holds at most 65536",
        ),
        (
            format!(
                r#"{{"registry": {{"HKLM\\SOFTWARE\\C": {{"V": {{"type": "REG_MULTI_SZ", "data": ["a", "{}"]}}}}}}}}"#,
                text(MAX_PROFILE_TEXT + 1)
            ),
            r"registry.HKLM\SOFTWARE\C.V".into(),
            "registry data holds at most 65536",
        ),
        (
            format!(
                r#"{{"registry": {{"HKLM\\SOFTWARE\\C": {{"V": {{"type": "REG_BINARY", "data": [{}0]}}}}}}}}"#,
                "1,".repeat(MAX_PROFILE_TEXT)
            ),
            r"registry.HKLM\SOFTWARE\C.V".into(),
            "65537 bytes long",
        ),
        (
            format!(
                r#"{{"registry": {{"HKLM\\SOFTWARE\\C": {{"{}": {{"type": "REG_SZ", "data": "x"}}}}}}}}"#,
                text(MAX_PROFILE_NAME + 1)
            ),
            format!(r"registry.HKLM\SOFTWARE\C.{}…", text(40)),
            "keys here hold at most 16383",
        ),
        (
            format!(
                r#"{{"folders": {{"C:\\{}": {{}}}}}}"#,
                text(MAX_PROFILE_PATH)
            ),
            format!(r"folders.C:\{}…", text(37)),
            "keys here hold at most 32767",
        ),
        (
            format!(
                r#"{{"files": {{"C:\\a.exe": {{"version": "1.{}"}}}}}}"#,
                "0".repeat(MAX_PROFILE_TEXT)
            ),
            r"files.C:\a.exe".into(),
            "`version` is 65538 characters long; this field holds at most 65536",
        ),
        (
            format!(
                r#"{{"products": [{{"name": "{}"}}]}}"#,
                text(MAX_PROFILE_TEXT + 1)
            ),
            "products[0]".into(),
            "`name` is 65537 characters long; this field holds at most 65536",
        ),
    ];
    for (json, path, message) in cases {
        let err = MachineProfile::from_json(&json).unwrap_err();
        assert_eq!(err.kind, ProfileErrorKind::Invalid, "{path}: {err}");
        assert_eq!(err.path, path, "{err}");
        assert!(err.message.contains(message), "{path}: {}", err.message);
    }
    // At the limits, everything loads; UTF-16 units are counted, not bytes.
    let json = format!(
        r#"{{"variables": {{"Make": "{}"}}, "wmi": {{"root\\cimv2": {{"Win32_BIOS": [{{"Caption": "{}"}}]}}}},
            "folders": {{"{}": {{}}}}}}"#,
        "é".repeat(4000),
        text(MAX_PROFILE_TEXT),
        text(MAX_PROFILE_PATH)
    );
    let profile = MachineProfile::from_json(&json).unwrap();
    assert_eq!(profile.variables()[0].1.chars().count(), 4000);
    assert!(profile.folder(&text(MAX_PROFILE_PATH)).is_some());
}
