#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! Languages and architectures, checked against the domain notes and against an independent
//! table: CPython's `locale.windows_locale`.

use std::collections::{BTreeMap, HashSet};
use std::process::Command;

use tasksequence::locale::{self, ArchSpelling, Architecture};

/// LCIDs where CPython's table and ours disagree on more than a script subtag, and why.
/// Each entry must still be a real disagreement (the test fails when one goes stale).
const KNOWN_DIFFERENCES: &[(u32, &str, &str, &str)] = &[
    (
        0x0004,
        "zh-Hans",
        "zh_CHS",
        "CPython keeps the legacy .NET name of the neutral simplified-Chinese locale",
    ),
    (
        0x7C04,
        "zh-Hant",
        "zh_CHT",
        "CPython keeps the legacy .NET name of the neutral traditional-Chinese locale",
    ),
    (
        0x048C,
        "prs-AF",
        "gbz_AF",
        "Windows tags Dari `prs`; CPython uses the code of a different language (Zoroastrian Dari)",
    ),
    (
        0x0465,
        "dv-MV",
        "div_MV",
        "CPython uses the old three-letter .NET tag for Divehi",
    ),
    (
        0x2409,
        "en-029",
        "en_CB",
        "Windows uses the UN M.49 region 029 (Caribbean); `CB` is an old made-up region",
    ),
    (
        0x2009,
        "en-JM",
        "en_JA",
        "Jamaica is `JM`; CPython's `JA` is a typo",
    ),
    (
        0x4809,
        "en-SG",
        "en_IN",
        "0x4809 is English (Singapore); CPython maps both 0x4009 and 0x4809 to en_IN",
    ),
    (
        0x0453,
        "km-KH",
        "kh_KH",
        "Khmer's language code is `km`; `kh` is not a language code",
    ),
    (
        0x0486,
        "quc-Latn-GT",
        "qut_GT",
        "Windows renamed K'iche' from `qut` to `quc-Latn`",
    ),
    (
        0x0C1A,
        "sr-Cyrl-CS",
        "sr_SP",
        "CPython uses the old `SP` region for Serbia and Montenegro",
    ),
    (
        0x081A,
        "sr-Latn-CS",
        "sr_SP",
        "CPython uses the old `SP` region for Serbia and Montenegro",
    ),
    (
        0x046C,
        "nso-ZA",
        "ns_ZA",
        "Sesotho sa Leboa's code is `nso`; `ns` is not a language code",
    ),
    (
        0x040A,
        "es-ES_tradnl",
        "es_ES",
        "CPython drops Windows' traditional-sort suffix",
    ),
    (
        0x380A,
        "es-UY",
        "es_UR",
        "Uruguay is `UY`; CPython's `UR` is a typo",
    ),
    (
        0x085F,
        "tzm-Latn-DZ",
        "tmz_DZ",
        "Tamazight is `tzm`; `tmz` is a misspelling",
    ),
    (
        0x042E,
        "hsb-DE",
        "wen_DE",
        "Windows tags Upper Sorbian `hsb`; `wen` is the collective code for Sorbian languages",
    ),
];

fn python_windows_locale() -> BTreeMap<u32, String> {
    let script = "import locale, json; print(json.dumps(locale.windows_locale))";
    let output = match Command::new("python3").args(["-c", script]).output() {
        Ok(output) => output,
        Err(err) => panic!(
            "this test needs `python3` on PATH to cross-check the LCID table against CPython's \
             locale.windows_locale, but it could not be started: {err}"
        ),
    };
    assert!(
        output.status.success(),
        "python3 failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let raw: BTreeMap<String, String> = serde_json::from_slice(&output.stdout).unwrap();
    raw.into_iter()
        .map(|(lcid, tag)| (lcid.parse().unwrap(), tag))
        .collect()
}

fn normalize(tag: &str) -> String {
    tag.to_ascii_lowercase().replace('_', "-")
}

/// Our tag without its script subtag (`az-Latn-AZ` → `az-az`), as CPython writes such locales.
fn without_script(tag: &str) -> String {
    normalize(tag)
        .split('-')
        .filter(|part| !(part.len() == 4 && part.bytes().all(|b| b.is_ascii_alphabetic())))
        .collect::<Vec<_>>()
        .join("-")
}

#[test]
fn lcid_table_agrees_with_cpython() {
    let python = python_windows_locale();
    assert!(
        python.len() > 150,
        "CPython's table looks truncated: {} entries",
        python.len()
    );
    let mut compared = 0;
    let mut script_only = Vec::new();
    let mut used_exceptions = HashSet::new();
    let mut failures = Vec::new();
    for lang in locale::languages() {
        let Some(theirs) = python.get(&lang.lcid) else {
            continue;
        };
        compared += 1;
        if normalize(lang.tag) == normalize(theirs) {
            continue;
        }
        if without_script(lang.tag) == normalize(theirs) {
            script_only.push(lang.tag);
            continue;
        }
        match KNOWN_DIFFERENCES
            .iter()
            .find(|(lcid, ..)| *lcid == lang.lcid)
        {
            Some((_, ours, cpython, _)) if *ours == lang.tag && cpython == theirs => {
                used_exceptions.insert(lang.lcid);
            }
            _ => failures.push(format!(
                "0x{:04X}: ours `{}`, CPython `{theirs}`",
                lang.lcid, lang.tag
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "LCID table disagrees with CPython:\n{}",
        failures.join("\n")
    );
    for (lcid, ours, _, reason) in KNOWN_DIFFERENCES {
        assert!(
            used_exceptions.contains(lcid),
            "stale exception 0x{lcid:04X} {ours} ({reason})"
        );
    }
    // Script subtags CPython leaves out: az, bs, ha, iu, mn, sr (Bosnia), tg, uz.
    assert!(script_only.len() >= 10, "{script_only:?}");
    assert!(
        compared >= 200,
        "only {compared} LCIDs in common with CPython"
    );
}

#[test]
fn the_language_pack_table_of_the_notes() {
    let table: &[(&str, u32, u32)] = &[
        ("ar-SA", 0x0401, 1025),
        ("bg-BG", 0x0402, 1026),
        ("ca-ES", 0x0403, 1027),
        ("zh-TW", 0x0404, 1028),
        ("cs-CZ", 0x0405, 1029),
        ("da-DK", 0x0406, 1030),
        ("de-DE", 0x0407, 1031),
        ("el-GR", 0x0408, 1032),
        ("en-US", 0x0409, 1033),
        ("es-ES_tradnl", 0x040A, 1034),
        ("fi-FI", 0x040B, 1035),
        ("fr-FR", 0x040C, 1036),
        ("he-IL", 0x040D, 1037),
        ("hu-HU", 0x040E, 1038),
        ("is-IS", 0x040F, 1039),
        ("it-IT", 0x0410, 1040),
        ("ja-JP", 0x0411, 1041),
        ("ko-KR", 0x0412, 1042),
        ("nl-NL", 0x0413, 1043),
        ("nb-NO", 0x0414, 1044),
        ("pl-PL", 0x0415, 1045),
        ("pt-BR", 0x0416, 1046),
        ("ro-RO", 0x0418, 1048),
        ("ru-RU", 0x0419, 1049),
        ("hr-HR", 0x041A, 1050),
        ("sk-SK", 0x041B, 1051),
        ("sq-AL", 0x041C, 1052),
        ("sv-SE", 0x041D, 1053),
        ("th-TH", 0x041E, 1054),
        ("tr-TR", 0x041F, 1055),
        ("ur-PK", 0x0420, 1056),
        ("id-ID", 0x0421, 1057),
        ("uk-UA", 0x0422, 1058),
        ("sl-SI", 0x0424, 1060),
        ("et-EE", 0x0425, 1061),
        ("lv-LV", 0x0426, 1062),
        ("lt-LT", 0x0427, 1063),
        ("fa-IR", 0x0429, 1065),
        ("vi-VN", 0x042A, 1066),
        ("hi-IN", 0x0439, 1081),
        ("ms-MY", 0x043E, 1086),
        ("zh-CN", 0x0804, 2052),
        ("de-CH", 0x0807, 2055),
        ("en-GB", 0x0809, 2057),
        ("es-MX", 0x080A, 2058),
        ("pt-PT", 0x0816, 2070),
        ("sr-Latn-CS", 0x081A, 2074),
        ("sr-Latn-RS", 0x241A, 9242),
        ("ga-IE", 0x083C, 2108),
        ("zh-HK", 0x0C04, 3076),
        ("es-ES", 0x0C0A, 3082),
        ("fr-CA", 0x0C0C, 3084),
        ("en-AU", 0x0C09, 3081),
        ("en-CA", 0x1009, 4105),
    ];
    for &(tag, hex, decimal) in table {
        assert_eq!(hex, decimal);
        let lang = locale::lookup(tag).unwrap_or_else(|| panic!("{tag} missing"));
        assert_eq!(lang.lcid, decimal, "{tag}");
        assert_eq!(lang.tag, tag);
        assert_eq!(locale::lookup(&decimal.to_string()), Some(lang));
        assert_eq!(locale::lookup(&format!("0x{hex:04X}")), Some(lang));
        assert_eq!(locale::lookup(&format!("{hex:04x}")), Some(lang));
    }
    // Neutral values documented for OSLanguage.
    for (lcid, tag) in [(1, "ar"), (4, "zh-Hans"), (9, "en")] {
        assert_eq!(locale::by_lcid(lcid).unwrap().tag, tag);
    }
}

#[test]
fn the_lookup_forms_of_the_issue() {
    for form in [
        "1033",
        "0x0409",
        "0409",
        "409",
        "en-US",
        "en_us",
        "EN-us",
        "english (united states)",
    ] {
        let lang = locale::lookup(form).unwrap_or_else(|| panic!("{form}"));
        assert_eq!(lang.lcid, 1033, "{form}");
    }
    assert!(locale::lookup("Klingon").is_none());
    let err = locale::find("Klingon").unwrap_err().to_string();
    assert!(err.starts_with("unknown language `Klingon`"), "{err}");
}

#[test]
fn table_size_and_json() {
    assert!(locale::languages().len() >= 200);
    let value = serde_json::to_value(locale::lookup("fr-CA").unwrap()).unwrap();
    assert_eq!(
        value,
        serde_json::json!({"lcid": 3084, "hex": "0x0C0C", "tag": "fr-CA", "name": "French (Canada)"})
    );
}

#[test]
fn architectures_from_every_source_of_the_notes() {
    use Architecture::*;
    let by_source: &[(ArchSpelling, &[(&str, Architecture)])] = &[
        (
            ArchSpelling::Win32OsArchitecture,
            &[
                ("32-bit", X86),
                ("64-bit", X64),
                ("ARM 64-bit Processor", Arm64),
            ],
        ),
        (
            ArchSpelling::ProcessorArchitectureEnv,
            &[
                ("x86", X86),
                ("AMD64", X64),
                ("ARM64", Arm64),
                ("IA64", Ia64),
            ],
        ),
        (
            ArchSpelling::Win32ProcessorArchitecture,
            &[
                ("0", X86),
                ("9", X64),
                ("12", Arm64),
                ("5", Arm),
                ("6", Ia64),
            ],
        ),
        (ArchSpelling::CheckReadiness, &[("32", X86), ("64", X64)]),
        (
            ArchSpelling::ConfigMgr,
            &[("x86", X86), ("x64", X64), ("arm64", Arm64)],
        ),
        (ArchSpelling::Mdt, &[("X86", X86), ("X64", X64)]),
    ];
    for (source, pairs) in by_source {
        for &(text, arch) in *pairs {
            assert_eq!(Architecture::parse(text), Some(arch), "{source:?} {text}");
            assert_eq!(arch.spelled(*source), Some(text), "{source:?} {arch}");
        }
    }
    for text in ["x64", "amd64", "AMD64", "64-bit", "9", "X64", "64"] {
        assert_eq!(Architecture::parse(text), Some(X64), "{text}");
    }
    for text in ["ARM64", "ARM 64-bit Processor", "12"] {
        assert_eq!(Architecture::parse(text), Some(Arm64), "{text}");
    }
    for text in ["x86", "32-bit", "0", "32"] {
        assert_eq!(Architecture::parse(text), Some(X86), "{text}");
    }
}
