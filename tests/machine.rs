#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::collections::BTreeMap;
use std::path::Path;

use tasksequence::machine::{Host, MachineProfile, RegistryData, WmiValue};
use tasksequence::wql::Query;

fn load_all() -> BTreeMap<String, MachineProfile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/machines");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            let profile = MachineProfile::from_json(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.insert(
                path.file_stem().unwrap().to_string_lossy().into_owned(),
                profile,
            );
        }
    }
    out
}

fn count(p: &MachineProfile, text: &str) -> usize {
    p.wmi_count(r"root\cimv2", &Query::parse(text).unwrap())
        .unwrap()
}

fn var<'a>(p: &'a MachineProfile, name: &str) -> Option<&'a str> {
    p.variables()
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn every_example_profile_loads_round_trips_and_holds_its_key_facts() {
    let all = load_all();
    assert!(all.len() >= 5, "{:?}", all.keys());
    for (file, p) in &all {
        assert!(!p.name().is_empty(), "{file}: every example has a name");
        let back = MachineProfile::from_json(&p.to_json()).unwrap();
        assert_eq!(&back, p, "{file} round trip");
        assert_eq!(count(p, "SELECT * FROM Win32_OperatingSystem"), 1, "{file}");
    }
    // (file, OSLanguage, Win32_Processor.Architecture, PROCESSOR_ARCHITECTURE, batteries, in WinPE)
    let expected = [
        ("win10-x64-en-us-laptop", 1033, 9, "AMD64", 1, "false"),
        ("win10-x86-fr-fr", 1036, 0, "x86", 1, "false"),
        ("win11-arm64-ja-jp", 1041, 12, "ARM64", 1, "false"),
        ("win11-x64-de-de-desktop", 1031, 9, "AMD64", 0, "false"),
        ("winpe-boot", 1033, 9, "AMD64", 0, "true"),
    ];
    for (file, lang, arch, env_arch, batteries, winpe) in expected {
        let p = all
            .get(file)
            .unwrap_or_else(|| panic!("examples/machines/{file}.json is missing"));

        assert_eq!(
            p.wmi_value(r"root\cimv2", "Win32_OperatingSystem", "OSLanguage"),
            Some(&WmiValue::Int(lang)),
            "{file}"
        );
        assert_eq!(
            p.wmi_value(r"root\cimv2", "Win32_Processor", "Architecture"),
            Some(&WmiValue::Int(arch)),
            "{file}"
        );
        assert_eq!(
            p.env_var("processor_architecture").as_deref(),
            Some(env_arch),
            "{file}"
        );
        assert_eq!(count(p, "SELECT * FROM Win32_Battery"), batteries, "{file}");
        assert_eq!(var(p, "_SMSTSInWinPE"), Some(winpe), "{file}");
        assert_eq!(
            count(
                p,
                &format!("SELECT OsLanguage FROM Win32_OperatingSystem WHERE OsLanguage='{lang}'")
            ),
            1,
            "{file}"
        );
        for class in [
            "Win32_ComputerSystem",
            "Win32_ComputerSystemProduct",
            "Win32_BIOS",
            "Win32_SystemEnclosure",
        ] {
            assert_eq!(
                count(p, &format!("SELECT * FROM {class}")),
                1,
                "{file}: {class}"
            );
        }
        assert!(p.hardware().uefi.is_some(), "{file}");
    }
}

#[test]
fn architecture_conditions() {
    let all = load_all();
    let x64 = "SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%'";
    let arm = "SELECT * FROM Win32_Processor WHERE Architecture = 12";
    let x86 = "SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '32%'";
    assert_eq!(count(&all["win10-x64-en-us-laptop"], x64), 1);
    assert_eq!(
        count(&all["win11-x64-de-de-desktop"], x64),
        1,
        "localized `64-Bit`"
    );
    assert_eq!(
        count(&all["win11-arm64-ja-jp"], x64),
        1,
        "`ARM 64-bit Processor` contains 64"
    );
    assert_eq!(count(&all["win10-x86-fr-fr"], x64), 0);
    assert_eq!(
        count(&all["win10-x86-fr-fr"], x86),
        1,
        "localized `32 bits`"
    );
    assert_eq!(count(&all["win11-arm64-ja-jp"], arm), 1);
    assert_eq!(count(&all["win10-x64-en-us-laptop"], arm), 0);
    assert_eq!(
        count(
            &all["win11-arm64-ja-jp"],
            "SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture = 'arm 64-BIT processor'"
        ),
        1
    );
}

#[test]
fn language_chassis_and_power_conditions() {
    let all = load_all();
    let pre_cache = "SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%' AND OSLanguage='1033'";
    let matching: Vec<_> = all
        .iter()
        .filter(|(_, p)| count(p, pre_cache) == 1)
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(matching, ["win10-x64-en-us-laptop", "winpe-boot"]);

    let desktop = r#"Select * from Win32_ComputerSystem where PCSystemType= "3" or PCSystemType= "1" or PCSystemType= "6""#;
    assert_eq!(count(&all["win11-x64-de-de-desktop"], desktop), 1);
    assert_eq!(count(&all["win10-x64-en-us-laptop"], desktop), 0);

    let on_battery = "Select * from Win32_Battery where BatteryStatus != 2";
    let on_battery: Vec<_> = all
        .iter()
        .filter(|(_, p)| count(p, on_battery) > 0)
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(on_battery, ["win10-x86-fr-fr"]);

    let hp = "Select * from Win32_ComputerSystem where Manufacturer like '%hewlett%packard%'";
    assert_eq!(count(&all["win10-x86-fr-fr"], hp), 1);
    let hp_bios =
        Query::parse("SELECT * FROM HP_BIOSPassword WHERE Name = 'Setup Password' AND IsSet = '0'")
            .unwrap();
    assert_eq!(
        all["win10-x86-fr-fr"]
            .wmi_count(r"root\HP\InstrumentedBIOS", &hp_bios)
            .unwrap(),
        1
    );

    let dell = r#"Select * From Win32_ComputerSystem WHERE Manufacturer LIKE "%DELL%""#;
    assert_eq!(count(&all["win11-x64-de-de-desktop"], dell), 1);

    // Arrays cannot be tested in WHERE: an error, not a guess.
    let chassis =
        Query::parse("SELECT * FROM Win32_SystemEnclosure WHERE ChassisTypes = 10").unwrap();
    assert!(
        all["win10-x64-en-us-laptop"]
            .wmi_count(r"root\cimv2", &chassis)
            .is_err()
    );
    let rows = all["win10-x64-en-us-laptop"]
        .wmi_query(
            r"root\cimv2",
            &Query::parse("SELECT ChassisTypes FROM Win32_SystemEnclosure").unwrap(),
        )
        .unwrap();
    assert_eq!(
        rows[0]["ChassisTypes"],
        WmiValue::Array(vec![WmiValue::Int(10)])
    );
}

#[test]
fn files_folders_and_registry() {
    let all = load_all();
    let pe = &all["winpe-boot"];
    assert!(pe.file(r"x:\sms\bin\x64\CMTrace.exe").is_some());
    assert!(pe.folder(r"X:\_SMSTaskSequence").is_some());
    assert!(pe.folder(r"C:\Windows").is_none());
    assert_eq!(pe.env_var("SystemDrive").as_deref(), Some("X:"));
    assert!(
        pe.registry(r"HKLM\SYSTEM\CurrentControlSet\Control\MiniNT", "")
            .is_some()
    );

    let laptop = &all["win10-x64-en-us-laptop"];
    assert_eq!(
        laptop
            .file(
                r"%windir%\notepad.exe"
                    .replace("%windir%", "C:\\Windows")
                    .as_str()
            )
            .unwrap()
            .version
            .as_deref(),
        Some("10.0.19041.1")
    );
    assert!(laptop.file(r"C:\Windows\System32\CMTrace.exe").is_none());
    assert!(
        laptop.folder(r"C:\Windows\CCM").is_some(),
        "implied by CcmExec.exe"
    );
    let ubr = laptop
        .registry(
            r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion",
            "UBR",
        )
        .unwrap();
    assert_eq!(ubr.data, RegistryData::Number(3803));

    let kb = r"HKEY_LOCAL_MACHINE\SOFTWARE\Remediations\KB5025885";
    assert!(
        all["win11-x64-de-de-desktop"]
            .registry(kb, "Complete")
            .is_some()
    );
    assert!(laptop.registry(kb, "Complete").is_none());
}
