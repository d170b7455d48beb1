use super::*;
use super::{Instance, WmiValue};

fn inst(props: &[(&str, WmiValue)]) -> Instance {
    props
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn s(v: &str) -> WmiValue {
    WmiValue::String(v.to_owned())
}

fn os() -> Instance {
    inst(&[
        ("OSArchitecture", s("64-bit")),
        ("OSLanguage", WmiValue::Int(1033)),
        ("Version", s("10.0.19045")),
        ("BuildNumber", s("19045")),
        ("ProductType", WmiValue::Int(1)),
        ("OSType", WmiValue::Int(18)),
        ("Primary", WmiValue::Bool(true)),
        ("FreePhysicalMemoryRatio", WmiValue::Real(0.25)),
        ("Description", WmiValue::Null),
        ("MUILanguages", WmiValue::Array(vec![s("en-US")])),
    ])
}

fn eval(where_: &str) -> Result<bool, EvalError> {
    let q = Query::parse(&format!(
        "SELECT * FROM Win32_OperatingSystem WHERE {where_}"
    ))
    .unwrap();
    q.matches(&os())
}

fn holds(where_: &str) -> bool {
    eval(where_).unwrap_or_else(|e| panic!("`{where_}`: {e}"))
}

fn err(text: &str) -> WqlError {
    Query::parse(text).expect_err(text)
}

fn unsupported(text: &str) -> String {
    match err(text).kind {
        WqlErrorKind::Unsupported(what) => what,
        other => panic!("`{text}`: expected unsupported, got {other:?}"),
    }
}

// ---- parsing ----

#[test]
fn parses_select_list_class_and_filter() {
    let q = Query::parse("select Manufacturer, Model from Win32_ComputerSystem").unwrap();
    let names: Vec<_> = q.properties().unwrap().iter().map(Ident::as_str).collect();
    assert_eq!(names, ["Manufacturer", "Model"]);
    assert_eq!(q.class().as_str(), "Win32_ComputerSystem");
    assert_eq!(q.class().folded(), "win32_computersystem");
    assert!(q.filter().is_none());
    let q = Query::parse("  SELECT   *   FROM   Win32_BIOS  ").unwrap();
    assert!(q.properties().is_none());
    assert_eq!(q.text(), "  SELECT   *   FROM   Win32_BIOS  ");
}

#[test]
fn precedence_not_and_or() {
    let q = Query::parse("SELECT * FROM C WHERE NOT a = 1 AND b = 2 OR c = 3").unwrap();
    assert_eq!(
        q.filter().unwrap().to_string(),
        "NOT a = 1 AND b = 2 OR c = 3"
    );
    match q.filter().unwrap() {
        Expr::Or(items) => {
            assert_eq!(items.len(), 2);
            match &items[0] {
                Expr::And(inner) => assert!(matches!(inner[0], Expr::Not(_))),
                other => panic!("{other:?}"),
            }
        }
        other => panic!("{other:?}"),
    }
    let q =
        Query::parse("SELECT * FROM C WHERE (a = 1 OR b = 2) AND NOT (c = 3 AND d = 4)").unwrap();
    assert_eq!(
        q.filter().unwrap().to_string(),
        "(a = 1 OR b = 2) AND NOT (c = 3 AND d = 4)"
    );
}

#[test]
fn constants_and_flipped_comparisons() {
    let q = Query::parse(r#"SELECT * FROM C WHERE 5 < X AND Y = "it\'s \\ \"x\"" AND Z = -12 AND R >= 2.5 AND B = true"#)
        .unwrap();
    assert_eq!(
        q.filter().unwrap().to_string(),
        r#"X > 5 AND Y = 'it\'s \\ "x"' AND Z = -12 AND R >= 2.5 AND B = TRUE"#
    );
}

#[test]
fn canonical_text_reparses_to_the_same_tree() {
    for text in [
        "SELECT * FROM Win32_OperatingSystem WHERE ((Version like '10.0.[1-9][0-9][0-9][0-9][0-9]' AND BuildNumber>='17763') OR (Version like '10.[1-9]%')) AND OSType=18 AND ProductType>1",
        "SELECT * FROM Win32_ComputerSystem WHERE NOT Model LIKE \"%Virtual Machine%\"",
        "select * from Win32_LogicalDisk where DriveType=3 and DeviceID != 'X:' and FileSystem = 'NTFS'",
        "SELECT * FROM X WHERE A IS NOT NULL OR NOT (B NOT LIKE 'x_' OR C IS NULL)",
        "SELECT * FROM X WHERE (a = 0 OR b = 0) OR c = 0",
        "SELECT * FROM X WHERE a = 0 AND (b = 0 AND c = 0)",
    ] {
        let q = Query::parse(text).unwrap();
        let canon = format!("SELECT * FROM {} WHERE {}", q.class(), q.filter().unwrap());
        let again = Query::parse(&canon).unwrap();
        assert_eq!(again.filter(), q.filter(), "{canon}");
    }
}

#[test]
fn keywords_are_case_insensitive() {
    let q =
        Query::parse("sElEcT * fRoM c wHeRe a iS nOt NuLl aNd b LiKe 'x' oR nOt c = tRuE").unwrap();
    assert_eq!(
        q.filter().unwrap().to_string(),
        "a IS NOT NULL AND b LIKE 'x' OR NOT c = TRUE"
    );
}

// ---- evaluation: operators ----

#[test]
fn equals_and_not_equals() {
    assert!(holds("OSLanguage = 1033"));
    assert!(!holds("OSLanguage = 1031"));
    assert!(holds("OSLanguage <> 1031"));
    assert!(holds("OSLanguage != 1031"));
    assert!(!holds("OSLanguage != 1033"));
    assert!(holds("OSArchitecture = '64-BIT'"));
}

#[test]
fn ordering_operators() {
    assert!(holds("ProductType < 2"));
    assert!(holds("ProductType <= 1"));
    assert!(!holds("ProductType > 1"));
    assert!(holds("ProductType >= 1"));
    assert!(holds("2 > ProductType"));
    assert!(holds("Version > '10.0.1'"));
    assert!(
        holds("Version < '6'"),
        "strings order by code point, like WMI"
    );
    assert!(holds("BuildNumber >= '17763'"));
    assert!(holds("FreePhysicalMemoryRatio < 0.5"));
    assert!(holds("FreePhysicalMemoryRatio > 0"));
}

#[test]
fn like_operator() {
    assert!(holds("OSArchitecture LIKE '%64%'"));
    assert!(holds("OSArchitecture NOT LIKE '32%'"));
    assert!(holds("Version like '10.0.[1-9][0-9][0-9][0-9][0-9]'"));
    assert!(holds("Version LIKE '10._.%'"));
    assert!(holds("Version LIKE '[^6]%'"));
    assert!(
        holds("OSLanguage LIKE '10%'"),
        "LIKE on an integer matches its decimal text"
    );
    assert!(holds("Primary LIKE 'true'"));
}

#[test]
fn logic_operators() {
    assert!(holds("OSLanguage = 1033 AND ProductType = 1"));
    assert!(!holds("OSLanguage = 1033 AND ProductType = 2"));
    assert!(holds("OSLanguage = 1 OR ProductType = 1"));
    assert!(!holds("OSLanguage = 1 OR ProductType = 2"));
    assert!(holds("NOT OSLanguage = 1"));
    assert!(holds("NOT (OSLanguage = 1 OR ProductType = 2)"));
    assert!(holds("NOT NOT OSLanguage = 1033"));
}

#[test]
fn is_null() {
    assert!(holds("Missing IS NULL"));
    assert!(holds("Description IS NULL"));
    assert!(!holds("Description IS NOT NULL"));
    assert!(holds("OSLanguage IS NOT NULL"));
    assert!(holds("MUILanguages IS NOT NULL"));
}

#[test]
fn null_compares_false_everywhere() {
    for w in [
        "Missing = 1",
        "Missing <> 1",
        "Missing < 1",
        "Missing >= 1",
        "Missing LIKE '%'",
        "Missing NOT LIKE 'x'",
        "Description = ''",
        "Description <> 'x'",
    ] {
        assert!(!holds(w), "{w}");
    }
    assert!(holds("NOT Missing = 1"), "two-valued logic");
}

#[test]
fn names_are_case_insensitive() {
    assert!(holds("oslanguage = 1033"));
    assert!(holds("OSLANGUAGE = 1033"));
    let q = Query::parse("SELECT OsLanguage FROM win32_operatingsystem WHERE OsLanguage='1033'")
        .unwrap();
    assert!(q.matches(&os()).unwrap());
}

// ---- evaluation: coercion ----

#[test]
fn string_constant_coerced_to_integer_property() {
    assert!(holds("OSLanguage = '1033'"));
    assert!(holds("OSLanguage = \"1033\""));
    assert!(holds("OSLanguage > '999'"), "numeric, not string order");
    assert!(holds("OSLanguage = '+1033'"));
    assert!(holds("OSLanguage < '1033.5'"));
}

#[test]
fn untrimmed_numeric_string_is_a_mismatch_error() {
    assert!(matches!(
        eval("OSLanguage = ' 1033'"),
        Err(EvalError::TypeMismatch { .. })
    ));
    let e = eval("OSLanguage = 'abc'").unwrap_err();
    assert_eq!(
        e.to_string(),
        "cannot compare integer property `OSLanguage` with `'abc'`"
    );
}

#[test]
fn integer_constant_against_string_property_compares_text() {
    assert!(holds("BuildNumber = 19045"));
    assert!(holds("BuildNumber > 17763"));
    assert!(holds("BuildNumber < 9"), "a string property orders as text");
}

#[test]
fn booleans() {
    assert!(holds("Primary = TRUE"));
    assert!(holds("Primary = 'TRUE'"));
    assert!(holds("Primary = 'true'"));
    assert!(holds("Primary <> 'False'"));
    assert!(holds("Primary = 1"));
    assert!(holds("Primary = -1"), "non-zero is TRUE");
    assert!(!holds("Primary = 0"));
    assert!(matches!(
        eval("Primary = 'yes'"),
        Err(EvalError::TypeMismatch { .. })
    ));
    assert!(
        holds("ProductType = TRUE"),
        "TRUE is 1 for an integer property"
    );
}

#[test]
fn reals() {
    assert!(holds("FreePhysicalMemoryRatio = 0.25"));
    assert!(holds("FreePhysicalMemoryRatio = '0.25'"));
    assert!(holds("FreePhysicalMemoryRatio < 1"));
    assert!(matches!(
        eval("FreePhysicalMemoryRatio = TRUE"),
        Err(EvalError::TypeMismatch { .. })
    ));
    assert!(holds("OSLanguage > 1032.5"));
}

#[test]
fn arrays_are_an_error_not_a_guess() {
    let e = eval("MUILanguages = 'en-US'").unwrap_err();
    assert_eq!(
        e,
        EvalError::ArrayProperty {
            property: "MUILanguages".into()
        }
    );
    assert!(eval("MUILanguages LIKE '%'").is_err());
}

#[test]
fn short_circuit_skips_errors() {
    assert!(!holds("OSLanguage = 1 AND MUILanguages = 'x'"));
    assert!(holds("OSLanguage = 1033 OR MUILanguages = 'x'"));
}

#[test]
fn no_where_matches_everything() {
    let q = Query::parse("SELECT * FROM Win32_OperatingSystem").unwrap();
    assert!(q.matches(&Instance::new()).unwrap());
}

// ---- errors ----

#[test]
fn errors_are_positioned() {
    let e = err("SELECT * FORM Win32_BIOS");
    assert_eq!(e.kind, WqlErrorKind::Expected("`,` or `FROM`".into()));
    assert_eq!((e.offset, e.line, e.column), (9, 1, 10));
    assert_eq!(e.snippet, "FORM Win32_BIOS");
    assert_eq!(
        e.to_string(),
        "expected `,` or `FROM` at line 1, column 10 (`FORM Win32_BIOS`)"
    );

    let e = err("SELECT * FROM");
    assert_eq!(e.kind, WqlErrorKind::Expected("a class name".into()));
    assert_eq!((e.offset, e.column), (13, 14));
    assert!(e.to_string().ends_with("(end of query)"));

    let e = err("SELECT * FROM C WHERE a = 'open");
    assert_eq!(e.kind, WqlErrorKind::UnterminatedString);
    assert_eq!(e.column, 27);

    let e = err("SELECT * FROM C WHERE a 1");
    assert_eq!(
        e.kind,
        WqlErrorKind::Expected("a comparison operator, `LIKE` or `IS`".into())
    );
    assert_eq!(e.column, 25);

    let e = err("SELECT * FROM C WHERE (a = 1");
    assert_eq!(e.kind, WqlErrorKind::Expected("`AND`, `OR` or `)`".into()));
    assert_eq!(e.column, 29);

    let e = err("SELECT * FROM C WHERE a = 1 b = 2");
    assert_eq!(
        e.kind,
        WqlErrorKind::Expected("`AND`, `OR` or the end of the query".into())
    );
    assert_eq!(e.column, 29);

    let e = err("SELECT * FROM C WHER a = 1");
    assert_eq!(
        e.kind,
        WqlErrorKind::Expected("`WHERE` or the end of the query".into())
    );

    let e = err("SELECT * FROM C WHERE a = 'C:\\Windows'");
    assert_eq!(e.kind, WqlErrorKind::InvalidEscape("\\W".into()));
    assert_eq!(e.column, 30);

    let e = err("SELECT * FROM C WHERE a = 99999999999999999999");
    assert_eq!(
        e.kind,
        WqlErrorKind::NumberOutOfRange("99999999999999999999".into())
    );

    let e = err("SELECT * FROM C WHERE a LIKE '[abc'");
    assert_eq!(
        e.kind,
        WqlErrorKind::InvalidPattern("unterminated `[`".into())
    );

    let e = err("SELECT * FROM C WHERE a LIKE 5");
    assert_eq!(
        e.kind,
        WqlErrorKind::Expected("a quoted pattern after `LIKE`".into())
    );

    let e = err("SELECT * FROM C WHERE a IS 5");
    assert_eq!(
        e.kind,
        WqlErrorKind::Expected("`NULL` (`IS` only tests for NULL)".into())
    );

    let e = err("SELECT * FROM C WHERE 5 IS NULL");
    assert_eq!(
        e.kind,
        WqlErrorKind::Expected("a property name before `IS`".into())
    );

    let e = err("SELECT * FROM C WHERE a = 0x10");
    assert_eq!(e.kind, WqlErrorKind::Expected("a decimal number".into()));

    let e = err("DELETE FROM C");
    assert_eq!(e.kind, WqlErrorKind::Expected("`SELECT`".into()));

    let e = err("SELECT FROM C");
    assert_eq!(
        e.kind,
        WqlErrorKind::Expected("a property name or `*`".into())
    );
    assert_eq!(e.column, 8);
}

#[test]
fn error_columns_count_characters_and_lines() {
    let e = err("SELECT * FROM C\nWHERE Name = 'é' AND");
    assert_eq!(e.line, 2);
    assert_eq!(e.column, 21);
    assert_eq!(e.offset, "SELECT * FROM C\nWHERE Name = 'é' AND".len());
    let text = "SELECT * FROM C WHERE a ~ 1";
    assert_eq!(
        err(text).caret(text),
        "SELECT * FROM C WHERE a ~ 1\n                        ^"
    );
}

#[test]
fn empty_and_limits() {
    assert_eq!(err("").kind, WqlErrorKind::Empty);
    assert_eq!(err("   \n").kind, WqlErrorKind::Empty);

    let long = format!(
        "SELECT * FROM C WHERE a = '{}'",
        "x".repeat(MAX_QUERY_CHARS)
    );
    let e = err(&long);
    assert_eq!(
        e.kind,
        WqlErrorKind::TooLong {
            length: long.len(),
            max: MAX_QUERY_CHARS
        }
    );
    assert_eq!(e.offset, MAX_QUERY_CHARS);

    let fits = format!("SELECT * FROM C WHERE a = '{}'", "é".repeat(9000));
    assert!(fits.len() > MAX_QUERY_CHARS && fits.chars().count() <= MAX_QUERY_CHARS);
    assert!(
        Query::parse(&fits).is_ok(),
        "the limit counts characters, not bytes"
    );

    let ok = format!(
        "SELECT * FROM C WHERE {}a = 1{}",
        "(".repeat(MAX_DEPTH),
        ")".repeat(MAX_DEPTH)
    );
    assert!(Query::parse(&ok).is_ok());
    let deep = format!(
        "SELECT * FROM C WHERE {}a = 1{}",
        "(".repeat(MAX_DEPTH + 1),
        ")".repeat(MAX_DEPTH + 1)
    );
    let e = err(&deep);
    assert_eq!(e.kind, WqlErrorKind::TooDeep { max: MAX_DEPTH });
    assert_eq!(e.offset, "SELECT * FROM C WHERE ".len() + MAX_DEPTH);
    let nots = format!(
        "SELECT * FROM C WHERE {}a = 1",
        "NOT ".repeat(MAX_DEPTH + 1)
    );
    assert_eq!(err(&nots).kind, WqlErrorKind::TooDeep { max: MAX_DEPTH });
    assert!(err(&nots).to_string().contains("at most 64 levels"));
}

#[test]
fn long_flat_chains_are_not_depth() {
    let chain = vec!["a = 1"; 1500].join(" OR ");
    let q = Query::parse(&format!("SELECT * FROM C WHERE {chain}")).unwrap();
    assert!(matches!(q.filter(), Some(Expr::Or(items)) if items.len() == 1500));
}

#[test]
fn unsupported_constructs_are_named() {
    assert_eq!(
        unsupported("ASSOCIATORS OF {Win32_LogicalDisk.DeviceID='C:'}"),
        "`ASSOCIATORS OF`"
    );
    assert_eq!(
        unsupported("references of {Win32_Service.Name='x'}"),
        "`REFERENCES OF`"
    );
    assert_eq!(
        unsupported(
            "SELECT * FROM __InstanceCreationEvent WITHIN 5 WHERE TargetInstance ISA 'Win32_Process'"
        ),
        "system class `__InstanceCreationEvent` (event and schema queries)"
    );
    assert_eq!(
        unsupported("SELECT * FROM C WHERE TargetInstance ISA 'Win32_Process'"),
        "`ISA`"
    );
    assert_eq!(
        unsupported("SELECT * FROM meta_class"),
        "schema queries (`meta_class`)"
    );
    assert_eq!(
        unsupported("SELECT * FROM C WITHIN 10"),
        "`WITHIN` (event queries)"
    );
    assert_eq!(
        unsupported("SELECT * FROM C WHERE a = 1 GROUP WITHIN 10"),
        "`GROUP` clauses (`GROUP BY`, `GROUP WITHIN`)"
    );
    assert_eq!(
        unsupported("SELECT * FROM C GROUP BY a"),
        "`GROUP` clauses (`GROUP BY`, `GROUP WITHIN`)"
    );
    assert_eq!(
        unsupported("SELECT * FROM C WHERE a = 1 HAVING NumberOfEvents > 1"),
        "`HAVING`"
    );
    assert_eq!(unsupported("SELECT * FROM C ORDER BY a"), "`ORDER BY`");
    assert_eq!(unsupported("SELECT COUNT(*) FROM C"), "function `COUNT(…)`");
    assert_eq!(
        unsupported("SELECT * FROM C WHERE UPPER(a) = 'X'"),
        "function `UPPER(…)`"
    );
    assert_eq!(
        unsupported("SELECT * FROM A, B"),
        "joins (more than one class after `FROM`)"
    );
    assert_eq!(unsupported("SELECT * FROM A JOIN B"), "joins (`JOIN`)");
    assert_eq!(unsupported("SELECT * FROM C WHERE a IN (1, 2)"), "`IN`");
    assert_eq!(
        unsupported("SELECT * FROM C WHERE a BETWEEN 1 AND 2"),
        "`BETWEEN`"
    );
    assert_eq!(
        unsupported("SELECT * FROM C WHERE C.a = 1"),
        "qualified name `C.…`"
    );
    assert_eq!(
        unsupported("SELECT * FROM C WHERE a = b"),
        "comparison of two properties"
    );
    assert_eq!(
        unsupported("SELECT * FROM C WHERE 1 = 1"),
        "comparison of two constants"
    );
    assert_eq!(
        unsupported("SELECT * FROM C WHERE a = NULL"),
        "comparison with `NULL` (write `IS NULL` or `IS NOT NULL`)"
    );
    assert_eq!(
        unsupported("SELECT * FROM C WHERE NULL <> a"),
        "comparison with `NULL` (write `IS NULL` or `IS NOT NULL`)"
    );
    let e = err("SELECT * FROM C WHERE x = 1 AND TargetInstance ISA 'Win32_Process'");
    assert_eq!(e.column, 48);
    assert!(
        e.to_string()
            .starts_with("unsupported WQL: `ISA` at line 1, column 48")
    );
}

// ---- serde ----

#[test]
fn query_json_shape() {
    let q =
        Query::parse("SELECT Manufacturer FROM Win32_ComputerSystem WHERE Manufacturer = 'Lenovo'")
            .unwrap();
    let json = serde_json::to_value(&q).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "text": "SELECT Manufacturer FROM Win32_ComputerSystem WHERE Manufacturer = 'Lenovo'",
            "class": "Win32_ComputerSystem",
            "properties": ["Manufacturer"],
            "filter": {"compare": {"property": "Manufacturer", "op": "=", "value": {"string": "Lenovo"}}}
        })
    );
    let back: Query = serde_json::from_value(json).unwrap();
    assert_eq!(back, q);
    let from_text: Query = serde_json::from_str("\"SELECT * FROM C\"").unwrap();
    assert_eq!(from_text.text(), "SELECT * FROM C");
    assert!(serde_json::from_str::<Query>("\"SELECT\"").is_err());

    let q = Query::parse(
        "SELECT * FROM C WHERE NOT (a IS NULL OR b NOT LIKE 'x%') AND c >= 1.5 AND d = TRUE",
    )
    .unwrap();
    let json = serde_json::to_value(q.filter()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"and": [
            {"not": {"or": [
                {"is_null": {"property": "a", "negated": false}},
                {"like": {"property": "b", "pattern": "x%", "negated": true}}
            ]}},
            {"compare": {"property": "c", "op": ">=", "value": {"real": 1.5}}},
            {"compare": {"property": "d", "op": "=", "value": {"bool": true}}}
        ]})
    );
    let expr: Expr = serde_json::from_value(json).unwrap();
    assert_eq!(Some(&expr), q.filter());
}

#[test]
fn as_text_helper() {
    #[derive(serde::Serialize, serde::Deserialize)]
    struct Wmi {
        #[serde(with = "crate::wql::as_text")]
        query: Query,
    }
    let w = Wmi {
        query: Query::parse("SELECT * FROM C").unwrap(),
    };
    let json = serde_json::to_string(&w).unwrap();
    assert_eq!(json, r#"{"query":"SELECT * FROM C"}"#);
    let back: Wmi = serde_json::from_str(&json).unwrap();
    assert_eq!(back.query, w.query);
}

#[test]
fn query_is_send_sync_and_projects() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Query>();
    let q = Query::parse("SELECT OSLANGUAGE, Nope FROM Win32_OperatingSystem").unwrap();
    let row = q.project(&os());
    assert_eq!(row.get("OSLanguage"), Some(&WmiValue::Int(1033)));
    assert_eq!(row.get("Nope"), Some(&WmiValue::Null));
    assert_eq!(row.len(), 2);
}

#[test]
fn numbers_at_the_end_of_the_query() {
    let q = Query::parse("SELECT * FROM C WHERE a < 0.5").unwrap();
    assert_eq!(q.filter().unwrap().to_string(), "a < 0.5");
    let q = Query::parse("SELECT * FROM C WHERE a < 1e3").unwrap();
    assert_eq!(q.filter().unwrap().to_string(), "a < 1000.0");
    let q = Query::parse("SELECT * FROM C WHERE a < 10").unwrap();
    assert_eq!(q.filter().unwrap().to_string(), "a < 10");
}

#[test]
fn system_properties_select_and_filter_where_the_instance_can_answer() {
    let mut explorer = Instance::new();
    explorer.insert("Caption".into(), WmiValue::String("explorer.exe".into()));
    // The select list does not change which instances match: the real idiom evaluates.
    let q =
        Query::parse("SELECT __RELPATH FROM Win32_Process WHERE Caption = 'explorer.exe'").unwrap();
    assert!(q.matches(&explorer).unwrap());
    // `__CLASS` is the queried class unless the instance says otherwise.
    let q = Query::parse("SELECT * FROM Win32_Process WHERE __CLASS = 'win32_process'").unwrap();
    assert!(q.matches(&explorer).unwrap());
    let q = Query::parse("SELECT * FROM Win32_Process WHERE __CLASS = 'Win32_Service'").unwrap();
    assert!(!q.matches(&explorer).unwrap());
    // A path or key the profile does not describe is an error, never a guess.
    let q = Query::parse("SELECT * FROM Win32_Process WHERE __RELPATH LIKE '%Handle%'").unwrap();
    assert_eq!(
        q.matches(&explorer).unwrap_err().to_string(),
        "system property `__RELPATH` is not described for this instance"
    );
    explorer.insert(
        "__RELPATH".into(),
        WmiValue::String("Win32_Process.Handle=\"4242\"".into()),
    );
    assert!(q.matches(&explorer).unwrap());
}
