#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! The linter: each rule on its own fixture and the fixed twin, options and markers, output
//! shapes, and the corpus (counts per rule, kept in the README).

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use tasksequence::lint::{self, Catalog, Document, Finding, LintOptions, Severity};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/lint")
        .join(name)
}

/// The options every fixture is linted with: the fixtures' catalog and a 2010 site.
fn fixture_options() -> LintOptions {
    let catalog = std::fs::read_to_string(data("packages.json")).unwrap();
    LintOptions {
        packages: Some(Catalog::from_json(&catalog).unwrap()),
        site_version: Some(2010),
        ..LintOptions::default()
    }
}

fn lint_file(name: &str, options: &LintOptions) -> Vec<Finding> {
    let bytes = std::fs::read(data(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    lint::lint(&Document::read(&bytes).unwrap(), options)
}

fn lint_text(xml: &str, options: &LintOptions) -> Vec<Finding> {
    lint::lint(&Document::read(xml.as_bytes()).unwrap(), options)
}

/// The size rules' defect is a file over 1.5 MB, which is generated rather than kept.
const GENERATED: [&str; 2] = ["TS039", "TS040"];

#[test]
fn every_rule_finds_its_fixture_and_not_the_fixed_twin() {
    let options = fixture_options();
    for rule in lint::rules() {
        let stem = rule.id.to_ascii_lowercase();
        let good = lint_file(&format!("{stem}-good.xml"), &options);
        assert!(
            good.is_empty(),
            "{}: the fixed twin has findings: {good:#?}",
            rule.id
        );
        if GENERATED.contains(&rule.id) {
            continue;
        }
        let bad = lint_file(&format!("{stem}-bad.xml"), &options);
        assert!(
            bad.iter().any(|f| f.rule == rule.id),
            "{}: the fixture gives no finding of the rule: {bad:#?}",
            rule.id
        );
        for f in &bad {
            assert_eq!(
                f.rule, rule.id,
                "{}: the fixture also gives {f:#?}",
                rule.id
            );
            assert_eq!(f.severity, rule.severity);
            assert!(
                f.line > 1 && f.column > 0,
                "{}: a position in the file",
                rule.id
            );
            assert!(!f.message.is_empty() && !f.help.is_empty());
        }
    }
}

/// A sequence of `steps` identical Run Command Line steps with distinct names.
fn big_sequence(steps: usize) -> String {
    let mut xml = String::from("<sequence version=\"3.10\">\n");
    for i in 0..steps {
        xml.push_str(&format!(
            "  <step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"Step {i}\" description=\"\" runIn=\"WinPEandFullOS\" successCodeList=\"0 3010\"><action>smsswd.exe /run: cmd /c echo {i}</action><defaultVarList><variable name=\"CommandLine\" property=\"CommandLine\">cmd /c echo {i}</variable></defaultVarList></step>\n"
        ));
    }
    xml.push_str("</sequence>\n");
    xml
}

#[test]
fn size_rules_at_and_around_the_limit() {
    let options = LintOptions::default();
    let rules_of = |xml: &str| -> Vec<String> {
        lint_text(xml, &options)
            .into_iter()
            .map(|f| f.rule)
            .collect()
    };
    let small = big_sequence(10);
    assert!(rules_of(&small).is_empty());
    let near = big_sequence(6_500);
    assert!(
        (1_572_864..=2_097_152).contains(&near.len()),
        "{}",
        near.len()
    );
    assert_eq!(rules_of(&near), ["TS040"]);
    let over = big_sequence(9_000);
    assert!(over.len() > 2_097_152, "{}", over.len());
    let findings = lint_text(&over, &options);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].rule, "TS039");
    assert_eq!(findings[0].severity, Severity::Error);
    assert_eq!(findings[0].path, "");
    assert_eq!((findings[0].line, findings[0].column), (1, 1));
    assert!(findings[0].message.contains(&over.len().to_string()));
}

#[test]
fn findings_point_at_the_node_and_are_sorted() {
    let findings = lint_file("ts030-bad.xml", &fixture_options());
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(f.path, "Install/Restart computer");
    // The second step of that name, on line 11 of the fixture, indented by four spaces.
    assert_eq!((f.line, f.column), (11, 5));

    let xml = "<sequence>\n<step name=\"B\" disable=\"true\"/>\n<group name=\"A\" disable=\"true\"/>\n</sequence>";
    let findings = lint_text(xml, &LintOptions::default());
    let order: Vec<(&str, usize)> = findings.iter().map(|f| (f.rule.as_str(), f.line)).collect();
    assert_eq!(order, [("TS038", 2), ("TS037", 3), ("TS038", 3)]);
}

#[test]
fn allow_and_deny_by_id_or_name() {
    let xml = "<sequence><group name=\"Empty\"/><step name=\"Old\" disable=\"true\"/></sequence>";
    let all = lint_text(xml, &LintOptions::default());
    assert_eq!(all.len(), 2);
    let allowed = lint_text(
        xml,
        &LintOptions {
            allow: vec!["empty-group".into()],
            ..LintOptions::default()
        },
    );
    assert_eq!(
        allowed.iter().map(|f| f.rule.as_str()).collect::<Vec<_>>(),
        ["TS038"]
    );
    let denied = lint_text(
        xml,
        &LintOptions {
            deny: vec!["ts038".into()],
            ..LintOptions::default()
        },
    );
    let old = denied.iter().find(|f| f.rule == "TS038").unwrap();
    assert_eq!(old.severity, Severity::Error);
    let empty = denied.iter().find(|f| f.rule == "TS037").unwrap();
    assert_eq!(empty.severity, Severity::Info);
}

#[test]
fn tsq_allow_in_descriptions_silences_the_node_its_children_or_the_file() {
    let step = |description: &str| {
        format!("<step name=\"Old\" description=\"{description}\" disable=\"true\"/>")
    };
    let options = LintOptions::default();
    let xml = format!(
        "<sequence>{}</sequence>",
        step("kept for reference. tsq:allow TS038")
    );
    assert!(lint_text(&xml, &options).is_empty());
    let xml = format!("<sequence>{}</sequence>", step("tsq:allow TS037"));
    assert_eq!(
        lint_text(&xml, &options).len(),
        1,
        "another rule is not silenced"
    );
    let xml = format!(
        "<sequence><group name=\"G\" description=\"tsq:allow disabled-step\">{}</group></sequence>",
        step("")
    );
    assert!(
        lint_text(&xml, &options).is_empty(),
        "a group's marker covers its steps"
    );
    let xml = format!(
        "<sequence name=\"MDT\" description=\"tsq:allow TS038\">{}</sequence>",
        step("")
    );
    assert!(
        lint_text(&xml, &options).is_empty(),
        "the sequence's marker covers the file"
    );
    // In an object.xml, the package description does the same.
    let object = std::fs::read_to_string(data("ts036-bad.xml")).unwrap().replace(
        "<PROPERTY NAME=\"Name\"",
        "<PROPERTY NAME=\"Description\" TYPE=\"string\"><VALUE>tsq:allow TS036</VALUE></PROPERTY><PROPERTY NAME=\"Name\"",
    );
    assert!(lint_text(&object, &options).is_empty());
    assert_eq!(lint_file("ts036-bad.xml", &options).len(), 1);
}

#[test]
fn rules_without_the_catalog_or_site_version_stay_quiet() {
    let options = LintOptions::default();
    for stem in ["ts001", "ts008", "ts014"] {
        let findings = lint_file(&format!("{stem}-bad.xml"), &options);
        assert!(findings.is_empty(), "{stem}: {findings:#?}");
    }
    // A newer site takes `notLike`.
    let newer = LintOptions {
        site_version: Some(2103),
        ..LintOptions::default()
    };
    assert!(lint_file("ts014-bad.xml", &newer).is_empty());
}

#[test]
fn free_disk_space_follows_the_package_architecture() {
    let xml = std::fs::read_to_string(data("ts002-bad.xml")).unwrap();
    let options = fixture_options();
    // 16384 MB is enough for the 32-bit package.
    let x86 = xml.replace(">LAB00010<", ">LAB00030<");
    assert!(lint_text(&x86, &options).is_empty());
    let findings = lint_text(&xml, &options);
    assert!(
        findings[0]
            .message
            .contains("20480 MB for the 64-bit upgrade package"),
        "{}",
        findings[0].message
    );
    // With the check off, whatever the figure.
    let off = xml.replace(
        "property=\"CheckFreeDiskSpace\">true<",
        "property=\"CheckFreeDiskSpace\">false<",
    );
    let findings = lint_text(&off, &options);
    assert_eq!(findings.len(), 1);
    assert!(
        findings[0]
            .message
            .contains("does not check free disk space")
    );
}

#[test]
fn return_codes_in_any_wrong_spelling() {
    let options = fixture_options();
    let xml = std::fs::read_to_string(data("ts004-bad.xml")).unwrap();
    for (value, fixed) in [
        ("0xC1900210", "3247440400"),
        ("-1047526896", "3247440400"),
        ("0x0", "0"),
    ] {
        let findings = lint_text(&xml.replace("0xC1900210", value), &options);
        assert_eq!(findings.len(), 1, "{value}");
        assert!(
            findings[0].help.contains(&format!("`{fixed}`")),
            "{}",
            findings[0].help
        );
    }
}

#[test]
fn never_and_always_true_shapes() {
    let cond = |body: &str| {
        format!("<sequence><step name=\"S\"><condition>{body}</condition></step></sequence>")
    };
    let v = |name: &str, op: &str, value: &str| {
        format!(
            "<expression type=\"SMS_TaskSequence_VariableConditionExpression\"><variable name=\"Operator\">{op}</variable><variable name=\"Value\">{value}</variable><variable name=\"Variable\">{name}</variable></expression>"
        )
    };
    let rules = |body: &str| -> Vec<String> {
        lint_text(&cond(body), &LintOptions::default())
            .into_iter()
            .map(|f| f.rule)
            .collect()
    };
    // The root of a condition is an implicit `and`.
    assert_eq!(
        rules(&(v("A", "greater", "5") + &v("a", "less", "3"))),
        ["TS011"]
    );
    assert_eq!(
        rules(&(v("A", "greaterEqual", "5") + &v("A", "lessEqual", "5"))),
        Vec::<String>::new()
    );
    assert_eq!(
        rules(&(v("A", "exists", "") + &v("A", "notExists", ""))),
        ["TS011"]
    );
    assert_eq!(
        rules(&(v("A", "notExists", "") + &v("A", "equals", "x"))),
        ["TS011"]
    );
    assert_eq!(
        rules(&(v("A", "equals", "10") + &v("A", "equals", "0xA"))),
        Vec::<String>::new()
    );
    assert_eq!(rules("<operator type=\"or\"/>"), ["TS011"]);
    assert_eq!(rules(&v("A", "notLike", "*")), ["TS011"]);
    assert_eq!(rules(&v("A", "like", "**")), ["TS012"]);
    assert_eq!(
        rules(&format!(
            "<operator type=\"not\">{}{}</operator>",
            v("A", "exists", ""),
            v("A", "notExists", "")
        )),
        ["TS011"]
    );
    assert_eq!(
        rules(&format!(
            "<operator type=\"or\">{}{}</operator>",
            v("A", "exists", ""),
            v("A", "notExists", "")
        )),
        ["TS012"]
    );
    // Different variables never contradict.
    assert_eq!(
        rules(&(v("A", "equals", "1") + &v("B", "equals", "2"))),
        Vec::<String>::new()
    );
}

#[test]
fn dynamic_variable_rules_are_checked_too() {
    let rules = "&lt;Rules&gt;&lt;Rule&gt;&lt;condition&gt;&lt;expression type=\"SMS_TaskSequence_MakeModelConditionExpression\"&gt;&lt;variable name=\"Make\"&gt;LENOVO&lt;/variable&gt;&lt;variable name=\"Model\"&gt;20BU%&lt;/variable&gt;&lt;/expression&gt;&lt;/condition&gt;&lt;Variables&gt;&lt;Variable Name=\"_SMSTSDriverPack\" IsSecret=\"false\"&gt;X&lt;/Variable&gt;&lt;Variable Name=\"BIOSPassword\" IsSecret=\"false\"&gt;pw&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;&lt;/Rules&gt;";
    let xml = format!(
        "<sequence><step type=\"SMS_TaskSequence_SetDynamicVariablesAction\" name=\"Rules\"><defaultVarList><variable name=\"OSDSetDynamicVariablesRules\" property=\"Rules\">{rules}</variable></defaultVarList></step></sequence>"
    );
    let findings = lint_text(&xml, &LintOptions::default());
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.rule.as_str(), f.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [("TS010", "Rules"), ("TS020", "Rules"), ("TS023", "Rules")]
    );
    assert!(findings[0].message.starts_with("rule 1 of the step"));
    assert!(findings[0].help.contains("`20BU*`"));
}

#[test]
fn json_has_exactly_the_contract_keys() {
    let findings = lint_file("ts038-bad.xml", &LintOptions::default());
    let json: serde_json::Value = serde_json::from_str(&lint::findings_json(&findings)).unwrap();
    let object = json.as_object().unwrap();
    assert_eq!(object.keys().collect::<Vec<_>>(), ["findings"]);
    let list = json["findings"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    let keys: Vec<&str> = list[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = [
        "rule", "severity", "path", "message", "help", "line", "column",
    ];
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    expected.sort_unstable();
    assert_eq!(sorted, expected);
    assert_eq!(list[0]["rule"], "TS038");
    assert_eq!(list[0]["severity"], "info");
    assert_eq!(list[0]["path"], "Old step");
    assert!(list[0]["line"].as_u64().unwrap() > 1);
    // Key order as the contract lists it.
    let text = lint::findings_json(&findings);
    let at = |k: &str| text.find(&format!("\"{k}\":")).unwrap();
    assert!(at("rule") < at("severity") && at("severity") < at("path") && at("help") < at("line"));
}

#[test]
fn options_read_from_json_and_unknown_rules_are_reported() {
    let catalog = std::fs::read_to_string(data("packages.json")).unwrap();
    let options = LintOptions::from_json(&format!(
        "{{\"packages\":{catalog},\"site_version\":2010,\"allow\":[\"TS038\"],\"deny\":[\"condition-always-true\"]}}"
    ))
    .unwrap();
    assert_eq!(
        options,
        LintOptions {
            allow: vec!["TS038".into()],
            deny: vec!["condition-always-true".into()],
            ..fixture_options()
        }
    );
    assert!(options.check_rules().is_ok());
    assert!(LintOptions::from_json("{\"sites\":1}").is_err());
    let bad = LintOptions {
        allow: vec!["no-such-rule".into()],
        ..LintOptions::default()
    };
    assert_eq!(bad.check_rules().unwrap_err().0, "no-such-rule");
}

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");

/// Checks that the README's text between `<!-- NAME start -->` and `<!-- NAME end -->` is
/// `expected`; with `TS_UPDATE_README=1` it writes `expected` there instead.
fn readme_section(name: &str, expected: &str) {
    let readme = std::fs::read_to_string(README).unwrap();
    let start = format!("<!-- {name} start -->\n");
    let end = format!("<!-- {name} end -->");
    let from = readme
        .find(&start)
        .unwrap_or_else(|| panic!("README has no `{start}`"))
        + start.len();
    let to = readme[from..].find(&end).unwrap() + from;
    if std::env::var_os("TS_UPDATE_README").is_some_and(|v| v == "1") {
        std::fs::write(
            README,
            format!("{}{expected}{}", &readme[..from], &readme[to..]),
        )
        .unwrap();
        return;
    }
    assert_eq!(
        &readme[from..to],
        expected,
        "README section `{name}` is out of date: refresh it with `TS_UPDATE_README=1 cargo test --test lint`"
    );
}

#[test]
fn readme_rules_table_is_the_rules_data() {
    readme_section("lint-rules", &lint::rules_markdown());
}

#[test]
fn corpus_is_linted_without_panic_and_the_readme_counts_match() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let mut counts: BTreeMap<&str, (usize, usize)> =
        lint::rules().map(|r| (r.id, (0, 0))).collect();
    let mut errors = Vec::new();
    for (name, bytes) in &corpus {
        let doc = Document::read(bytes).unwrap();
        let findings = lint::lint(&doc, &LintOptions::default());
        let mut seen = std::collections::BTreeSet::new();
        for f in &findings {
            let entry = counts.get_mut(f.rule.as_str()).unwrap();
            entry.0 += 1;
            if seen.insert(f.rule.clone()) {
                entry.1 += 1;
            }
            if f.severity == Severity::Error {
                errors.push(format!(
                    "{name}:{}:{} {} {}",
                    f.line, f.column, f.rule, f.path
                ));
            }
        }
    }
    let mut table = format!(
        "| rule | findings | files (of {}) |\n|---|---|---|\n",
        corpus.len()
    );
    for rule in lint::rules() {
        let (n, files) = counts[rule.id];
        table.push_str(&format!(
            "| {} `{}` | {n} | {files} |\n",
            rule.id, rule.name
        ));
    }
    readme_section("lint-corpus", &table);
    // Every error-level finding on the corpus was checked by hand; the README lists each with
    // what was found, and this test fails when one is not listed.
    let readme = std::fs::read_to_string(README).unwrap();
    let reviewed = readme
        .split("<!-- lint-corpus-errors start -->")
        .nth(1)
        .and_then(|rest| rest.split("<!-- lint-corpus-errors end -->").next())
        .unwrap();
    for e in &errors {
        let (file, rest) = e.split_once(':').unwrap();
        let rule = rest.split_whitespace().nth(1).unwrap();
        assert!(
            reviewed
                .lines()
                .any(|l| l.contains(file) && l.contains(rule)),
            "error finding not reviewed in the README: {e}"
        );
    }
}
