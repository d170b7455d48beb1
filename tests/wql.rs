#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use tasksequence::machine::{Host, MachineProfile};
use tasksequence::wql::{Expr, LikePattern, MAX_DEPTH, Query, WqlErrorKind};

const WMI_EXPRESSION: &str = "SMS_TaskSequence_WMIConditionExpression";
const RULES_VARIABLE: &str = "OSDSetDynamicVariablesRules";

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.is_dir().then_some(dir)
}

/// One WMI condition found in the corpus.
struct Found {
    file: String,
    namespace: String,
    query: String,
}

/// Collects the WMI expressions of a sequence document, descending into Set Dynamic Variables
/// rules, which carry a second XML document as text.
fn collect(xml: &str, file: &str, depth: usize, out: &mut Vec<Found>) {
    assert!(depth < 4, "{file}: rules nested too deeply");
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{file}: {e}"));
    for node in doc.descendants().filter(|n| n.is_element()) {
        if node.has_tag_name("expression") && node.attribute("type") == Some(WMI_EXPRESSION) {
            let field = |name: &str| {
                node.children()
                    .find(|c| c.has_tag_name("variable") && c.attribute("name") == Some(name))
                    .map(|c| c.text().unwrap_or_default().to_owned())
            };
            out.push(Found {
                file: file.to_owned(),
                namespace: field("Namespace").unwrap_or_else(|| r"root\cimv2".to_owned()),
                query: field("Query")
                    .unwrap_or_else(|| panic!("{file}: WMI expression without Query")),
            });
        }
        if node.has_tag_name("variable")
            && node.attribute("name") == Some(RULES_VARIABLE)
            && let Some(rules) = node.text().filter(|t| !t.trim().is_empty())
        {
            collect(rules, file, depth + 1, out);
        }
    }
}

/// Every WMI condition of the corpus: MDT and raw sequences directly, console exports through
/// the `Sequence` property of the `INSTANCE` wrapper.
fn corpus_queries(dir: &Path) -> Vec<Found> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        // File 059 has comments before its XML declaration, which XML forbids.
        let text = text.find("<?xml").map_or(text.as_str(), |i| &text[i..]);
        let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let root = doc.root_element();
        if root.has_tag_name("INSTANCE") {
            let sequence = root
                .children()
                .find(|c| c.has_tag_name("PROPERTY") && c.attribute("NAME") == Some("Sequence"))
                .and_then(|p| p.children().find(|c| c.has_tag_name("VALUE")))
                .and_then(|v| v.text())
                .unwrap_or_else(|| panic!("{name}: no Sequence property"));
            collect(sequence, &name, 0, &mut out);
        } else {
            collect(text, &name, 0, &mut out);
        }
    }
    out
}

#[test]
fn every_corpus_wmi_query_parses() {
    let Some(dir) = corpus_dir() else {
        println!("skipped: corpus folder ../shared/corpus not found");
        return;
    };
    let found = corpus_queries(&dir);
    let failures: Vec<String> = found
        .iter()
        .filter_map(|f| {
            Query::parse(&f.query)
                .err()
                .map(|e| format!("{}: `{}`: {e}", f.file, f.query))
        })
        .collect();
    println!("checked {} WMI queries from the corpus", found.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(found.len() > 100, "only {} queries found", found.len());

    // Each parsed query keeps its text and reparses from its canonical form to the same tree.
    for f in &found {
        let q = Query::parse(&f.query).unwrap();
        assert_eq!(q.text(), f.query);
        if let Some(filter) = q.filter() {
            let canonical = format!("SELECT * FROM {} WHERE {filter}", q.class());
            assert_eq!(
                Query::parse(&canonical).unwrap().filter(),
                Some(filter),
                "{canonical}"
            );
        }
    }
}

#[test]
fn corpus_queries_evaluate_against_every_example_profile() {
    let Some(dir) = corpus_dir() else {
        println!("skipped: corpus folder ../shared/corpus not found");
        return;
    };
    let found = corpus_queries(&dir);
    let machines = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/machines");
    let mut answered = 0;
    let mut unknown_class = 0;
    let mut matched = 0;
    for entry in std::fs::read_dir(machines).unwrap() {
        let path = entry.unwrap().path();
        let profile = MachineProfile::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for f in &found {
            let q = Query::parse(&f.query).unwrap();
            match profile.wmi_count(&f.namespace, &q) {
                Ok(n) => {
                    answered += 1;
                    matched += usize::from(n > 0);
                }
                Err(e) => {
                    assert!(
                        e.message.starts_with("unknown WMI"),
                        "{}: `{}`: {e}",
                        path.display(),
                        f.query
                    );
                    unknown_class += 1;
                }
            }
        }
    }
    println!("answered {answered} (matched {matched}), unknown class or namespace {unknown_class}");
    assert!(answered > 0 && matched > 0);
}

#[test]
fn corpus_shaped_queries_against_the_laptop() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/machines/win10-x64-en-us-laptop.json");
    let p = MachineProfile::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let count = |ns: &str, text: &str| p.wmi_count(ns, &Query::parse(text).unwrap()).unwrap();
    let cimv2 = r"root\cimv2";
    assert_eq!(
        count(
            cimv2,
            "SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%' AND OSLanguage='1033'"
        ),
        1
    );
    assert_eq!(
        count(
            cimv2,
            "SELECT OsLanguage FROM Win32_OperatingSystem WHERE OsLanguage='2108'"
        ),
        0
    );
    assert_eq!(
        count(
            cimv2,
            "SELECT * FROM Win32_OperatingSystem WHERE ((Version like '10.0.[1-9][0-9][0-9][0-9][0-9]' AND BuildNumber>='17763') OR (Version like '10.[1-9]%')) AND OSType=18 AND ProductType>1"
        ),
        0,
        "a client (ProductType 1) is not a server"
    );
    assert_eq!(
        count(
            cimv2,
            "SELECT * FROM Win32_OperatingSystem WHERE Version like '[1-9][0-9].%' AND OSType=18 AND ProductType=1"
        ),
        1
    );
    assert_eq!(
        count(
            cimv2,
            "Select Manufacturer from Win32_ComputerSystem where Manufacturer = 'Lenovo'"
        ),
        1
    );
    assert_eq!(
        count(
            cimv2,
            r#"Select * From Win32_ComputerSystem WHERE Manufacturer LIKE "%DELL%""#
        ),
        0
    );
    assert_eq!(
        count(
            cimv2,
            r#"SELECT * FROM Win32_ComputerSystem WHERE NOT Model LIKE "%Virtual Machine%""#
        ),
        1
    );
    assert_eq!(
        count(
            cimv2,
            "Select * from Win32_Battery where BatteryStatus != 2"
        ),
        0
    );
    assert_eq!(
        count(
            cimv2,
            r#"Select * from Win32_ComputerSystem where PCSystemType= "3" or PCSystemType= "1" or PCSystemType= "6""#
        ),
        0
    );
    assert_eq!(
        count(
            cimv2,
            "select * from Win32_LogicalDisk where DriveType=3 and DeviceID != 'X:' and FileSystem = 'NTFS'"
        ),
        1
    );
    assert_eq!(
        count(
            r"root\WMI",
            "Select CurrentSetting FROM Lenovo_BiosSetting WHERE CurrentSetting LIKE 'Secure%Boot,Disable%'"
        ),
        0
    );
    assert_eq!(
        count(
            r"root\WMI",
            "Select CurrentSetting FROM Lenovo_BiosSetting WHERE CurrentSetting LIKE 'BootMode,Quick%'"
        ),
        1
    );
    assert_eq!(
        count(
            r"root\WMI",
            "SELECT PasswordState FROM Lenovo_BiosPasswordSettings WHERE PasswordState = 2"
        ),
        1
    );
    let err = p.wmi_count(
        r"ROOT\HP\InstrumentedBIOS",
        &Query::parse("Select * from HP_BIOSSetting WHERE Name = 'Secure Boot'").unwrap(),
    );
    assert_eq!(
        err.unwrap_err().message,
        r"unknown WMI namespace `ROOT\HP\InstrumentedBIOS`"
    );
}

#[test]
fn unsupported_wql_is_never_an_answer() {
    for (text, construct) in [
        (
            "ASSOCIATORS OF {Win32_DiskDrive.DeviceID='x'} WHERE AssocClass = Win32_DiskDriveToDiskPartition",
            "`ASSOCIATORS OF`",
        ),
        (
            "REFERENCES OF {Win32_Service.Name='w32time'}",
            "`REFERENCES OF`",
        ),
        (
            "SELECT * FROM __InstanceModificationEvent WITHIN 5 WHERE TargetInstance ISA 'Win32_Service'",
            "system class",
        ),
        ("SELECT * FROM Win32_Process GROUP BY Name", "`GROUP`"),
        (
            "SELECT * FROM Win32_Process WHERE Name = 'x' HAVING NumberOfEvents > 1",
            "`HAVING`",
        ),
        ("SELECT * FROM Win32_Process WITHIN 10", "`WITHIN`"),
        ("SELECT COUNT(*) FROM Win32_Process", "function"),
        ("SELECT * FROM Win32_Process, Win32_Service", "joins"),
    ] {
        let err = Query::parse(text).unwrap_err();
        match &err.kind {
            WqlErrorKind::Unsupported(what) => assert!(what.contains(construct), "{text}: {what}"),
            other => panic!("{text}: {other:?}"),
        }
        assert!(err.to_string().starts_with("unsupported WQL: "), "{err}");
    }
}

#[test]
fn depth_limit_is_an_error_not_a_stack_overflow() {
    let deep = format!(
        "SELECT * FROM C WHERE {}a = 1{}",
        "(".repeat(5_000),
        ")".repeat(5_000)
    );
    let err = Query::parse(&deep).unwrap_err();
    assert_eq!(err.kind, WqlErrorKind::TooDeep { max: MAX_DEPTH });
}

/// A generator of valid `WHERE` expressions, for round trips through the canonical text.
fn expr_text() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        Just("Name"),
        Just("OSLanguage"),
        Just("Model"),
        Just("x_1"),
        Just("Été")
    ];
    let constant = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        "[a-zA-Z0-9 %_'\\\\\"é]{0,8}"
            .prop_map(|s| format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))),
        Just("TRUE".to_owned()),
        Just("false".to_owned()),
        (0u32..1000, 0u32..100).prop_map(|(a, b)| format!("{a}.{b}")),
    ];
    let op = prop_oneof![
        Just("="),
        Just("<>"),
        Just("!="),
        Just("<"),
        Just("<="),
        Just(">"),
        Just(">=")
    ];
    let leaf = prop_oneof![
        (name.clone(), op, constant).prop_map(|(n, o, c)| format!("{n} {o} {c}")),
        (name.clone(), any::<bool>(), "[a-z%_]{0,6}")
            .prop_map(|(n, neg, p)| format!("{n} {}LIKE '{p}'", if neg { "NOT " } else { "" })),
        (name, any::<bool>())
            .prop_map(|(n, neg)| format!("{n} IS {}NULL", if neg { "NOT " } else { "" })),
    ];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(|v| v.join(" AND ")),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|v| v.join(" or ")),
            inner.clone().prop_map(|e| format!("NOT ({e})")),
            inner.prop_map(|e| format!("({e})")),
        ]
    })
}

/// A plain recursive LIKE matcher over pattern tokens, to check the compiled one against.
fn reference(tokens: &[&str], value: &[char]) -> bool {
    let Some((first, rest)) = tokens.split_first() else {
        return value.is_empty();
    };
    let one = |c: char| -> bool {
        let c = c.to_ascii_lowercase();
        match *first {
            "_" => true,
            "[ab]" | "[a-b]" => c == 'a' || c == 'b',
            "[^a]" => c != 'a',
            lit => lit.chars().next().unwrap().to_ascii_lowercase() == c,
        }
    };
    if *first == "%" {
        return (0..=value.len()).any(|skip| reference(rest, &value[skip..]));
    }
    match value.split_first() {
        Some((c, tail)) => one(*c) && reference(rest, tail),
        None => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn like_matches_the_reference(
        tokens in prop::collection::vec(prop_oneof![
            Just("a"), Just("b"), Just("B"), Just("%"), Just("_"), Just("[ab]"), Just("[^a]"), Just("[a-b]"),
        ], 0..8),
        value in "[abAB]{0,10}",
        accent in any::<bool>(),
    ) {
        // An accented suffix forces the non-ASCII path; the reference sees the same text.
        let value = if accent { format!("{value}é") } else { value };
        let mut pattern = tokens.concat();
        let mut reference_tokens = tokens.clone();
        if accent {
            pattern.push('%');
            reference_tokens.push("%");
        }
        let chars: Vec<char> = value.chars().collect();
        let compiled = LikePattern::new(&pattern).unwrap();
        prop_assert_eq!(compiled.matches(&value), reference(&reference_tokens, &chars), "{} {}", pattern, value);
    }

    #[test]
    fn garbage_never_panics(text in "\\PC{0,200}") {
        let _ = Query::parse(&text);
    }

    #[test]
    fn token_soup_never_panics(tokens in prop::collection::vec(prop_oneof![
        Just("SELECT"), Just("*"), Just("FROM"), Just("WHERE"), Just("AND"), Just("OR"), Just("NOT"),
        Just("("), Just(")"), Just("="), Just("<>"), Just("<"), Just(">="), Just("LIKE"), Just("IS"),
        Just("NULL"), Just("'x"), Just("'a%[b-'"), Just("\"q\""), Just("-12"), Just("1.5e"), Just("Name"),
        Just("__CLASS"), Just(","), Just("ISA"), Just("f("), Just("\\"), Just("é"), Just("\n"),
    ], 0..40)) {
        let text = tokens.join(" ");
        if let Err(e) = Query::parse(&text) {
            prop_assert!(e.offset <= text.len());
            prop_assert!(e.column >= 1 && e.line >= 1);
        }
    }

    #[test]
    fn canonical_text_round_trips(expr in expr_text()) {
        let text = format!("SELECT * FROM Win32_Test WHERE {expr}");
        let q = Query::parse(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        let filter: &Expr = q.filter().unwrap();
        let again = Query::parse(&format!("SELECT * FROM Win32_Test WHERE {filter}")).unwrap();
        prop_assert_eq!(again.filter(), Some(filter));
    }
}
