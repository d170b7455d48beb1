#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

//! The condition text syntax: round trips over the corpus and generated conditions, canonical
//! printing, errors with positions, and robustness against garbage.

mod common;

use std::collections::HashMap;

use proptest::prelude::*;
use tasksequence::condition::{
    CompareOperator, Condition, EvalContext, Expression, ExpressionKind, Field, Operand, Operator,
    OperatorKind, OsConditionGroup, OsExpressionGroup, OsGroupItem, PlatformKey, SoftwareOperator,
    VariableOperator, XmlHints, text,
};
use tasksequence::machine::RegistryType;
use tasksequence::model::{Attribute, RawElement, RawNode};
use tasksequence::xml;

/// Every `<condition>` inside the escaped `<Rules>` XML of a Set Dynamic Variables step.
fn rule_conditions(rules: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = rules;
    while let Some(start) = rest.find("<condition") {
        let tail = &rest[start..];
        let end = if let Some(close) = tail.find("</condition>") {
            let self_closing = tail
                .find("/>")
                .filter(|&p| p < tail.find('>').unwrap_or(0) + 1);
            match self_closing {
                Some(p) => p + 2,
                None => close + "</condition>".len(),
            }
        } else if let Some(p) = tail.find("/>") {
            p + 2
        } else {
            break;
        };
        out.push(tail[..end].to_string());
        rest = &tail[end..];
    }
    out
}

fn assert_round_trip(c: &Condition, origin: &str) {
    let printed = c.to_text();
    let parsed = Condition::parse_text(&printed)
        .unwrap_or_else(|e| panic!("{origin}: cannot parse own text `{printed}`:\n{e}"));
    assert_eq!(&parsed, c, "{origin}: `{printed}` reads back differently");
    assert_eq!(
        parsed.to_text(),
        printed,
        "{origin}: printing is not canonical"
    );
}

#[test]
fn every_corpus_condition_round_trips_through_text() {
    let Some(files) = common::corpus() else {
        return;
    };
    let mut conditions = 0;
    let mut rules = 0;
    let mut longest = 0;
    for (name, bytes) in files {
        let doc = xml::read(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        for visit in doc.sequence.walk() {
            let origin = format!("{name}: {}", visit.path_text());
            if let Some(c) = visit.node.condition() {
                assert_round_trip(c, &origin);
                longest = longest.max(c.to_text().len());
                conditions += 1;
            }
            if let tasksequence::model::Node::Step(step) = visit.node
                && let Some(value) = step.variable("OSDSetDynamicVariablesRules")
            {
                for xml_text in rule_conditions(value) {
                    let c = xml::read_condition(&xml_text)
                        .unwrap_or_else(|e| panic!("{origin}: rule condition: {e}"));
                    assert_round_trip(&c, &format!("{origin} (rule)"));
                    rules += 1;
                }
            }
        }
    }
    println!(
        "round-tripped {conditions} step/group conditions and {rules} Set Dynamic Variables rule conditions through text (longest {longest} bytes)"
    );
    assert!(
        conditions > 300,
        "expected the corpus' conditions, saw {conditions}"
    );
    assert!(rules > 50, "expected the rule conditions, saw {rules}");
}

fn var(name: &str, operator: VariableOperator, value: &str) -> Operand {
    Operand::Expression(Expression::new(ExpressionKind::Variable {
        name: name.into(),
        operator,
        value: value.into(),
    }))
}

fn op(kind: OperatorKind, operands: Vec<Operand>) -> Operand {
    Operand::Operator(Operator {
        kind,
        operands,
        extra_attributes: vec![],
        hints: XmlHints::default(),
    })
}

fn cond(operands: Vec<Operand>) -> Condition {
    Condition {
        operands,
        extra_attributes: vec![],
    }
}

fn canonical(input: &str) -> String {
    Condition::parse_text(input)
        .unwrap_or_else(|e| panic!("`{input}`:\n{e}"))
        .to_text()
}

#[test]
fn structure_is_kept_exactly() {
    use OperatorKind::*;
    use VariableOperator::Equals;
    let a = || var("A", Equals, "1");
    let b = || var("B", Equals, "2");
    let c = || var("C", Equals, "3");
    let cases = [
        (cond(vec![]), ""),
        (cond(vec![a()]), "A == 1"),
        (cond(vec![a(), b()]), "A == 1 and B == 2"),
        (cond(vec![op(And, vec![a(), b()])]), "(A == 1 and B == 2)"),
        (cond(vec![op(And, vec![a()])]), "all(A == 1)"),
        (cond(vec![op(Or, vec![a()])]), "any(A == 1)"),
        (cond(vec![op(Or, vec![])]), "any()"),
        (cond(vec![op(And, vec![])]), "all()"),
        (cond(vec![op(Not, vec![])]), "none()"),
        (cond(vec![op(Not, vec![a(), b()])]), "none(A == 1, B == 2)"),
        (cond(vec![op(Not, vec![a()])]), "not A == 1"),
        (
            cond(vec![op(Not, vec![op(Not, vec![a()])])]),
            "not not A == 1",
        ),
        (cond(vec![op(Or, vec![a(), b()])]), "A == 1 or B == 2"),
        (
            cond(vec![op(Or, vec![a(), op(And, vec![b(), c()])])]),
            "A == 1 or (B == 2 and C == 3)",
        ),
        (
            cond(vec![op(And, vec![op(Or, vec![a(), b()]), c()])]),
            "((A == 1 or B == 2) and C == 3)",
        ),
        (
            cond(vec![op(Or, vec![op(Or, vec![a(), b()]), c()])]),
            "(A == 1 or B == 2) or C == 3",
        ),
        (
            cond(vec![op(Or, vec![a(), b()]), c()]),
            "(A == 1 or B == 2) and C == 3",
        ),
        (
            cond(vec![op(Not, vec![op(Or, vec![a(), b()])])]),
            "not (A == 1 or B == 2)",
        ),
        (
            cond(vec![op(And, vec![op(Or, vec![a(), b()])])]),
            "all(A == 1 or B == 2)",
        ),
        (
            cond(vec![op(Or, vec![]), a(), b()]),
            "any() and A == 1 and B == 2",
        ),
    ];
    for (c, text) in cases {
        assert_eq!(c.to_text(), text);
        assert_eq!(Condition::parse_text(text).unwrap(), c, "{text}");
    }
}

#[test]
fn precedence_and_grouping() {
    assert_eq!(
        canonical("A == 1 or B == 2 and C == 3"),
        "A == 1 or (B == 2 and C == 3)"
    );
    assert_eq!(canonical("not A == 1 and B == 2"), "not A == 1 and B == 2");
    assert_eq!(canonical("((A == 1))"), "A == 1");
    assert_eq!(canonical("(A == 1) and (B == 2)"), "A == 1 and B == 2");
    assert_eq!(
        canonical("A == 1 and B == 2 or C == 3"),
        "(A == 1 and B == 2) or C == 3"
    );
    let c = Condition::parse_text("A == 1 and B == 2 or C == 3").unwrap();
    assert_eq!(c.operands.len(), 1);
}

#[test]
fn operators_and_values_have_one_canonical_spelling() {
    let cases = [
        ("PHASE EQUALS 'VALIDATION'", r#"PHASE == "VALIDATION""#),
        ("phase = \"x\"", r#"phase == "x""#),
        ("X <> 0", "X != 0"),
        ("X notequals \"0\"", "X != 0"),
        ("X greaterEqual 6", "X >= 6"),
        ("X lessequal 10.0.19045", "X <= 10.0.19045"),
        ("X greater '0x10'", "X > 0x10"),
        ("X less -1", "X < -1"),
        ("Make LIKE \"*Dell*\"", r#"Make like "*Dell*""#),
        ("Make NOT LIKE '*Dell*'", r#"Make not like "*Dell*""#),
        ("Make notLike '*Dell*'", r#"Make not like "*Dell*""#),
        ("EXISTS OSDisk", "OSDisk exists"),
        ("OSDisk Exists", "OSDisk exists"),
        ("OSDisk NOT EXISTS", "OSDisk not exists"),
        ("OSDisk notexists", "OSDisk not exists"),
        ("OSDisk nonExists", "OSDisk not exists"),
        ("SYSDISK exists \"C:\"", r#"SYSDISK exists "C:""#),
        ("var(\"and\") == 1", r#"var("and") == 1"#),
        ("VAR('odd name') == 1", r#"var("odd name") == 1"#),
        ("android == 1", "android == 1"),
        ("os == 1", "os == 1"),
        ("X == '007'", "X == 007"),
        ("X == 'a\"b'", r#"X == 'a"b'"#),
        ("X == \"\"", r#"X == """#),
        (
            "_SMSTSOSUpgradeActionReturnCode != 3247440400 and WMI(\"SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%'\")",
            "_SMSTSOSUpgradeActionReturnCode != 3247440400 and wmi(\"SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%'\")",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(canonical(input), expected, "{input}");
    }
}

#[test]
fn every_kind_has_a_function() {
    let cases = [
        r#"wmi("SELECT * FROM Win32_Battery")"#,
        r#"wmi("SELECT * FROM Lenovo_BiosSetting", namespace="root\WMI")"#,
        r#"wmi("SELECT * FROM Win32_OperatingSystem", ignore_failure)"#,
        r#"wmi("SELECT * FROM Win32_OperatingSystem", ignore_failure=false)"#,
        r#"wmi('SELECT * FROM Win32_ComputerSystem WHERE PCSystemType = "3"')"#,
        r#"file("%OSDisk%\Windows\System32\CMTrace.exe")"#,
        r#"file("C:\Windows\notepad.exe", version >= "10.0", date < "20230501100000.000000+000")"#,
        r#"folder("%ScriptRoot%")"#,
        r#"folder("C:\Temp\\", date == "20230501100000.000000+000")"#,
        r#"registry("HKEY_LOCAL_MACHINE\SOFTWARE\Remediations\KB5025885", "Complete", REG_DWORD) not exists"#,
        r#"registry("HKEY_LOCAL_MACHINE\SOFTWARE\Contoso", "Installed", REG_DWORD) == 1"#,
        r#"registry("HKEY_LOCAL_MACHINE\SOFTWARE\Contoso", "") exists"#,
        r#"registry("HKEY_LOCAL_MACHINE\SOFTWARE\Contoso") exists """#,
        r#"registry("HKEY_LOCAL_MACHINE\SOFTWARE\Contoso", REG_SZ) like "x*""#,
        r#"software(this_version, product_code="{90160000-0011-0000-0000-0000000FF1CE}", upgrade_code="{00160000-0011-0000-0000-0000000FF1CE}", product_name="Microsoft Office Professional Plus 2016", version="16.0.4266.1001")"#,
        r#"software(any_version, upgrade_code="{00160000-0011-0000-0000-0000000FF1CE}")"#,
        r#"os(X64, >= "6.10.7601.1")"#,
        r#"os("x 64")"#,
        r#"os()"#,
        r#"make_model("Dell*", "*")"#,
        r#"make_model(make="Dell*")"#,
        r#"make_model()"#,
        r#"computer(asset_tag="2342342", mac_address="", serial_number="", uuid="")"#,
        r#"computer()"#,
        r#"os_group(platform("All x64 Windows 7 Client", key(arch="x64", type="Win_NT", min="6.10.0000.0", max="6.10.9999.9999"), wmi("SELECT * FROM Win32_OperatingSystem WHERE Version LIKE '6.1%'", ignore_failure), wmi("SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '64%'", ignore_failure)), platform("Other", key()))"#,
        r#"os_group()"#,
        r#"xml('<foo a="1"/>')"#,
        r#"xml('<expression type="Custom_Expression"><variable name="X">1</variable></expression>')"#,
        r#"xml("<!-- note -->")"#,
    ];
    for text in cases {
        assert_eq!(canonical(text), text);
    }
}

#[test]
fn unusual_shapes_fall_back_to_xml() {
    // An omitted Namespace is not what `wmi("…")` means (that is root\cimv2).
    let c = xml::read_condition(r#"<condition><expression type="SMS_TaskSequence_WMIConditionExpression"><variable name="Query">SELECT * FROM Win32_BIOS</variable></expression></condition>"#).unwrap();
    let t = c.to_text();
    assert!(t.starts_with("xml("), "{t}");
    assert_eq!(Condition::parse_text(&t).unwrap(), c);
    // Extra attributes on the condition itself: the whole text is one xml(…).
    let c = xml::read_condition(r#"<condition x="1"><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Variable">A</variable><variable name="Operator">exists</variable></expression></condition>"#).unwrap();
    let t = c.to_text();
    assert!(t.starts_with(r#"xml('<condition x="1">"#), "{t}");
    assert_eq!(Condition::parse_text(&t).unwrap(), c);
    // An unknown operator type and an expression with an extra field.
    let c = xml::read_condition(r#"<condition><operator type="xor"/><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Variable">A</variable><variable name="Operator">exists</variable><variable name="Extra">1</variable></expression></condition>"#).unwrap();
    assert_round_trip(&c, "unusual");
    assert!(matches!(c.operands[0], Operand::Raw(_)));
}

#[test]
fn errors_point_at_the_problem() {
    let cases = [
        ("PHASE", 1, 6, "expected an operator after `PHASE`"),
        ("PHASE ==", 1, 9, "expected a value"),
        ("A == 1 and", 1, 11, "expected a condition after `and`"),
        ("A == 1 B == 2", 1, 8, "unexpected `B`"),
        ("(A == 1", 1, 8, "expected `)`"),
        ("A == 1)", 1, 7, "unbalanced `)`"),
        ("A == \"x", 1, 6, "unterminated string"),
        ("foo(1)", 1, 1, "unknown function `foo`"),
        ("wmi()", 1, 1, "needs the query"),
        (
            "wmi(\"q\", bogus=1)",
            1,
            10,
            "unexpected argument to `wmi(…)`",
        ),
        (
            "wmi(\"q\", namespace=\"a\", namespace=\"b\")",
            1,
            25,
            "given twice",
        ),
        (
            "registry(\"K\", REG_FOO) exists",
            1,
            15,
            "unknown registry type `REG_FOO`",
        ),
        (
            "registry(\"K\")",
            1,
            14,
            "expected an operator after `registry(…)`",
        ),
        (
            "software(foo)",
            1,
            10,
            "expected `this_version` or `any_version`",
        ),
        (
            "X == 1 and\n  Y ~ 2",
            2,
            5,
            "expected an operator after `Y`",
        ),
        ("and", 1, 1, "found the keyword `and`"),
        ("platform(\"x\")", 1, 1, "only allowed inside `os_group(…)`"),
        ("xml(\"<a>\")", 1, 5, "in `xml(…)`"),
        ("xml(\"<a/><b/>\")", 1, 5, "exactly one"),
        (
            "A == 1 and xml(\"<condition/>\")",
            1,
            12,
            "must be the whole text",
        ),
        ("X == \"\\u{110000}\"", 1, 7, "not a unicode scalar value"),
    ];
    for (input, line, column, message) in cases {
        let err = Condition::parse_text(input).unwrap_err();
        assert!(
            err.message.contains(message),
            "`{input}`: message `{}` lacks `{message}`",
            err.message
        );
        assert_eq!((err.line, err.column), (line, column), "`{input}`: {err}");
        let shown = err.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines.len(), 3, "{shown}");
        assert_eq!(lines[2].find('^'), Some(column - 1), "{shown}");
        assert_eq!(err.summary(), lines[0]);
    }
}

#[test]
fn limits_are_errors_not_crashes() {
    let deep = format!("{}A == 1{}", "(".repeat(100), ")".repeat(100));
    let err = Condition::parse_text(&deep).unwrap_err();
    assert!(err.message.contains("deeper than the limit of 64"), "{err}");
    let nots = format!("{}A == 1", "not ".repeat(100));
    assert!(
        Condition::parse_text(&nots)
            .unwrap_err()
            .message
            .contains("deeper")
    );
    let calls = format!("{}A == 1{}", "all(".repeat(100), ")".repeat(100));
    assert!(
        Condition::parse_text(&calls)
            .unwrap_err()
            .message
            .contains("deeper")
    );
    let ok = format!("{}A == 1{}", "(".repeat(60), ")".repeat(60));
    assert!(Condition::parse_text(&ok).is_ok());
    let long = format!("X == \"{}\"", "a".repeat(text::MAX_INPUT_BYTES));
    let err = Condition::parse_text(&long).unwrap_err();
    assert!(
        err.message.contains("longer than the limit"),
        "{}",
        err.message
    );
    assert!(err.excerpt.chars().count() < 200);
}

// ---------------------------------------------------------------------------------------------
// Generated conditions.

fn text_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z0-9 _.*?%-]{0,8}",
        "[0-9]{1,10}",
        Just("0xC1900210".to_string()),
        Just("10.0.19045".to_string()),
        Just("6.1".to_string()),
        "[0-9]{1,3}(\\.[0-9]{1,3}){0,3}",
        Just("-1047526896".to_string()),
        Just(r"C:\Temp\".to_string()),
        Just("it's \"quoted\"".to_string()),
        Just("line\nbreak\ttab".to_string()),
        Just(r"\\server\u{share}".to_string()),
        "\\PC{0,6}",
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z_][A-Za-z0-9_]{0,6}",
        1 => Just("and".to_string()),
        1 => Just("NOT".to_string()),
        1 => "\\PC{0,5}",
    ]
}

fn opt(s: impl Strategy<Value = String>) -> impl Strategy<Value = Option<String>> {
    proptest::option::of(s)
}

fn cmp_op() -> impl Strategy<Value = CompareOperator> {
    proptest::sample::select(CompareOperator::ALL.to_vec())
}

fn expression_kind() -> BoxedStrategy<ExpressionKind> {
    prop_oneof![
        4 => (name(), proptest::sample::select(VariableOperator::ALL.to_vec()), text_value())
            .prop_map(|(name, operator, value)| ExpressionKind::Variable { name, operator, value }),
        2 => (opt(prop_oneof![Just("root\\cimv2".to_string()), text_value()]), text_value())
            .prop_map(|(namespace, query)| ExpressionKind::Wmi { namespace, query }),
        1 => (text_value(), opt(text_value()), proptest::option::of(cmp_op()), opt(text_value()), proptest::option::of(cmp_op()))
            .prop_map(|(path, version, version_operator, date_time, date_time_operator)| ExpressionKind::File { path, version, version_operator, date_time, date_time_operator }),
        1 => (text_value(), opt(text_value()), proptest::option::of(cmp_op()))
            .prop_map(|(path, date_time, date_time_operator)| ExpressionKind::Folder { path, date_time, date_time_operator }),
        1 => (text_value(), opt(text_value()), proptest::option::of(proptest::sample::select(vec![RegistryType::Dword, RegistryType::Sz, RegistryType::MultiSz])), proptest::sample::select(VariableOperator::ALL.to_vec()), opt(text_value()))
            .prop_map(|(key_path, value_name, value_type, operator, data)| ExpressionKind::Registry { key_path, value_name, value_type, operator, data }),
        1 => (proptest::sample::select(vec![SoftwareOperator::ThisVersion, SoftwareOperator::AnyVersion]), opt(text_value()), opt(text_value()), opt(text_value()), opt(text_value()))
            .prop_map(|(operator, product_code, upgrade_code, product_name, version)| ExpressionKind::Software { operator, product_code, upgrade_code, product_name, version }),
        1 => (opt(prop_oneof![Just("X64".to_string()), text_value()]), opt(text_value()), proptest::option::of(cmp_op()))
            .prop_map(|(architecture, version, operator)| ExpressionKind::Os { architecture, version, operator }),
        1 => (opt(text_value()), opt(text_value())).prop_map(|(make, model)| ExpressionKind::MakeModel { make, model }),
        1 => (opt(text_value()), opt(text_value()), opt(text_value()), opt(text_value()))
            .prop_map(|(asset_tag, mac_address, serial_number, uuid)| ExpressionKind::Computer { asset_tag, mac_address, serial_number, uuid }),
        1 => ("[A-Z][a-z]{1,6}_Expression", proptest::collection::vec(("[A-Z][a-z]{0,4}", text_value()).prop_map(|(name, value)| Field { name, value }), 0..3))
            .prop_map(|(type_name, fields)| ExpressionKind::Other { type_name, fields }),
    ]
    .boxed()
}

fn attribute() -> impl Strategy<Value = Attribute> {
    ("x[a-z]{0,3}", text_value()).prop_map(|(n, v)| Attribute::new(n, v))
}

fn expression() -> BoxedStrategy<Expression> {
    (
        expression_kind(),
        proptest::option::of(any::<bool>()),
        proptest::collection::vec(
            ("Z[a-z]{0,4}", text_value()).prop_map(|(name, value)| Field { name, value }),
            0..2,
        ),
        proptest::collection::vec(attribute(), 0..2),
    )
        .prop_map(|(kind, iqf, extra_fields, extra_attributes)| {
            // Mostly plain expressions, which print as functions; sometimes extras (xml(…)).
            let plain = extra_fields.len() + extra_attributes.len() < 2;
            let mut e = Expression::new(kind);
            if matches!(e.kind, ExpressionKind::Wmi { .. }) || !plain {
                e.ignore_query_failure = iqf;
            }
            // The reader keeps every field of an unknown expression in `fields`.
            if !plain && !matches!(e.kind, ExpressionKind::Other { .. }) {
                e.extra_fields = extra_fields;
            }
            if !plain {
                e.extra_attributes = extra_attributes;
            }
            e
        })
        .boxed()
}

fn raw() -> impl Strategy<Value = RawNode> {
    prop_oneof![
        ("[a-z]{1,5}", proptest::collection::vec(attribute(), 0..2)).prop_map(
            |(name, attributes)| {
                RawNode::Element(RawElement {
                    name,
                    attributes,
                    children: vec![],
                })
            }
        ),
        "[a-z ]{1,6}".prop_map(|text| RawNode::Comment { text }),
    ]
}

fn leaf() -> impl Strategy<Value = Operand> {
    prop_oneof![
        10 => expression().prop_map(Operand::Expression),
        1 => raw().prop_map(Operand::Raw),
    ]
}

fn operand() -> impl Strategy<Value = Operand> {
    leaf().prop_recursive(5, 40, 4, |inner| {
        prop_oneof![
            4 => (
                proptest::sample::select(vec![OperatorKind::And, OperatorKind::Or, OperatorKind::Not]),
                proptest::collection::vec(inner.clone(), 0..4),
                proptest::collection::vec(attribute(), 0..=1),
                any::<u8>(),
            )
                .prop_map(|(kind, operands, attrs, coin)| Operand::Operator(Operator {
                    kind,
                    operands,
                    extra_attributes: if coin < 25 { attrs } else { vec![] },
                    hints: XmlHints::default(),
                })),
            1 => proptest::collection::vec(
                (text_value(), proptest::collection::vec(inner, 0..3), opt(text_value()))
                    .prop_map(|(name, ops, key_arch)| OsExpressionGroup {
                        name: Some(name),
                        type_attr: Some("and".into()),
                        items: key_arch
                            .map(|arch| OsGroupItem::PlatformKey(PlatformKey { arch: Some(arch), ..PlatformKey::default() }))
                            .into_iter()
                            .chain(ops.into_iter().map(OsGroupItem::Operand))
                            .collect(),
                        extra_attributes: vec![],
                    }),
                0..3,
            )
            .prop_map(|groups| Operand::OsConditionGroup(OsConditionGroup { type_attr: Some("or".into()), groups, ..OsConditionGroup::default() })),
        ]
    })
}

fn condition() -> impl Strategy<Value = Condition> {
    (
        proptest::collection::vec(operand(), 0..4),
        proptest::collection::vec(attribute(), 0..=1),
        any::<u8>(),
    )
        .prop_map(|(operands, attrs, coin)| Condition {
            operands,
            extra_attributes: if coin < 20 { attrs } else { vec![] },
        })
}

fn variables() -> impl Strategy<Value = HashMap<String, String>> {
    proptest::collection::hash_map(
        prop_oneof![name(), Just("A".to_string()), Just("Make".to_string())],
        text_value(),
        0..6,
    )
}

/// Generating the recursive strategies takes deep stacks in debug builds: run on a big one.
fn with_big_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

fn runner(cases: u32) -> proptest::test_runner::TestRunner {
    proptest::test_runner::TestRunner::new(ProptestConfig {
        cases,
        ..ProptestConfig::default()
    })
}

#[test]
fn generated_conditions_round_trip_through_text() {
    with_big_stack(|| {
        runner(512)
            .run(&condition(), |c| {
                let printed = c.to_text();
                let parsed = Condition::parse_text(&printed);
                prop_assert!(
                    parsed.is_ok(),
                    "cannot parse `{}`: {}",
                    printed,
                    parsed.unwrap_err()
                );
                let parsed = parsed.unwrap();
                prop_assert_eq!(&parsed, &c, "`{}`", printed);
                prop_assert_eq!(parsed.to_text(), printed);
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn text_round_trip_keeps_the_value() {
    with_big_stack(|| {
        runner(512)
            .run(
                &(condition(), variables(), any::<bool>()),
                |(c, vars, case_sensitive)| {
                    let parsed = Condition::parse_text(&c.to_text()).unwrap();
                    let ctx = EvalContext::new(&vars).with_options(
                        tasksequence::condition::EvalOptions {
                            case_sensitive,
                            secrets: tasksequence::vars::Secrets::Redact,
                        },
                    );
                    prop_assert_eq!(c.evaluate(&ctx), parsed.evaluate(&ctx));
                    prop_assert_eq!(c.compile().evaluate(&ctx), c.evaluate(&ctx));
                    let (result, why) = c.evaluate_explained(&ctx);
                    prop_assert_eq!(result.as_ref().ok().copied(), why.as_bool());
                    prop_assert_eq!(result, c.evaluate(&ctx));
                    Ok(())
                },
            )
            .unwrap();
    });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn the_text_parser_never_panics(input in "\\PC{0,80}") {
        let _ = Condition::parse_text(&input);
    }

    #[test]
    fn the_text_parser_never_panics_on_near_misses(
        parts in proptest::collection::vec(prop_oneof![
            Just("and "), Just("or "), Just("not "), Just("("), Just(")"), Just("A "), Just("== "),
            Just("\"x\" "), Just("1 "), Just("wmi("), Just("all("), Just(", "), Just("exists "),
            Just("like "), Just("xml(\"<a/>\")"), Just("os_group("), Just("platform(\"p\""),
            Just("key("), Just("registry(\"k\""), Just("version >= "), Just("\\u{"), Just("'"),
        ], 0..20)
    ) {
        let input: String = parts.concat();
        let _ = Condition::parse_text(&input);
    }

    #[test]
    fn the_xml_reader_never_panics(input in "\\PC{0,80}") {
        let _ = xml::read_condition(&input);
        let _ = xml::read_condition(&format!("<condition>{input}</condition>"));
    }
}

/// The XML reader and the text parser share one depth limit, so `parse(print(c)) == c` holds for
/// every condition the reader accepts, at the limit; one level more is refused by both.
#[test]
fn the_xml_reader_and_the_text_parser_share_one_depth_limit() {
    const LEAF: &str = r#"<expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Operator">equals</variable><variable name="Value">1</variable><variable name="Variable">A</variable></expression>"#;
    let limit = xml::MAX_CONDITION_DEPTH;
    assert_eq!(text::MAX_DEPTH, limit);
    // Shapes whose XML nesting `levels` prints with different syntax: `not`, parentheses
    // (`and` and `or` alternating), calls (`all(…)` of one operand), and an OS condition group,
    // which is two levels, holding operators.
    type Shape = fn(usize) -> String;
    let shapes: [(&str, Shape); 4] = [
        ("not", |n| {
            format!(
                "{}{LEAF}{}",
                r#"<operator type="not">"#.repeat(n),
                "</operator>".repeat(n)
            )
        }),
        ("and/or", |n| {
            let mut open = String::new();
            for i in 0..n {
                let kind = if i % 2 == 0 { "and" } else { "or" };
                open.push_str(&format!(r#"<operator type="{kind}">{LEAF}"#));
            }
            format!("{open}{LEAF}{}", "</operator>".repeat(n))
        }),
        ("all", |n| {
            format!(
                "{}{LEAF}{}",
                r#"<operator type="and">"#.repeat(n),
                "</operator>".repeat(n)
            )
        }),
        ("os group", |n| {
            format!(
                r#"<osConditionGroup type="or"><osExpressionGroup type="and" name="P">{}{LEAF}{}</osExpressionGroup></osConditionGroup>"#,
                r#"<operator type="or">"#.repeat(n - 2),
                "</operator>".repeat(n - 2)
            )
        }),
    ];
    for (name, shape) in shapes {
        let at_limit = format!("<condition>{}</condition>", shape(limit));
        let c = xml::read_condition(&at_limit).unwrap_or_else(|e| panic!("{name}: {e}"));
        let printed = text::print(&c);
        let back = text::parse(&printed).unwrap_or_else(|e| panic!("{name}: {e}\n{printed}"));
        assert_eq!(back, c, "{name}");

        let past = format!("<condition>{}</condition>", shape(limit + 1));
        let err = xml::read_condition(&past).unwrap_err();
        assert_eq!(
            err.kind,
            xml::ReadErrorKind::ConditionTooDeep(limit),
            "{name}"
        );
        assert_eq!((err.line(), err.column()), (1, 1), "{name}");
        // In a sequence the error points at the `<condition>` element.
        let doc = format!("<sequence>\n  <step name=\"S\">\n    {past}\n  </step>\n</sequence>");
        let err = xml::read(doc.as_bytes()).unwrap_err();
        assert_eq!(
            err.kind,
            xml::ReadErrorKind::ConditionTooDeep(limit),
            "{name}"
        );
        assert_eq!((err.line(), err.column()), (3, 5), "{name}");
        // The same condition one level deeper, built in code, prints to text the parser refuses.
        let deeper = Condition {
            operands: vec![Operand::Operator(Operator {
                kind: OperatorKind::Not,
                operands: c.operands.clone(),
                extra_attributes: Vec::new(),
                hints: XmlHints::default(),
            })],
            extra_attributes: Vec::new(),
        };
        let printed = text::print(&deeper);
        let err = text::parse(&printed).unwrap_err();
        assert!(
            err.message
                .contains(&format!("deeper than the limit of {limit}")),
            "{name}: {err}"
        );
    }
    // A top-level `or` is an operator without parentheses: it counts too.
    let nots = "not ".repeat(limit);
    assert!(text::parse(&format!("{nots}A == 1")).is_ok());
    let err = text::parse(&format!("{nots}A == 1 or B == 1")).unwrap_err();
    assert!(err.message.contains("deeper than the limit"), "{err}");
}
