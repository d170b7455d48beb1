//! `tsq check` against the built binary: the three formats, exit statuses, options and bad input;
//! the SARIF log is validated against the published SARIF 2.1.0 JSON schema.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::PathBuf;

use common::{data, stderr, stdout, tsq};

fn lint_data(name: &str) -> String {
    data(&format!("lint/{name}"))
}

#[test]
fn text_output_is_rustc_style_with_a_summary() {
    let file = lint_data("ts005-bad.xml");
    let out = tsq(&["check", &file]);
    assert_eq!(out.status.code(), Some(1), "an error finding exits 1");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("error[TS005]: the compatibility scan"),
        "{text}"
    );
    assert_eq!(lines[1], format!("  --> {file}:4:3"));
    assert_eq!(lines[2], "   = step: Upgrade assessment");
    assert!(lines[3].starts_with("   = help: turn on Continue on error"));
    assert_eq!(
        lines.last().unwrap(),
        &format!("{file}: 1 error, 0 warnings, 0 infos")
    );

    let clean = lint_data("ts005-good.xml");
    let out = tsq(&["check", &clean]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), format!("{clean}: no findings\n"));
}

#[test]
fn json_is_exactly_the_contract() {
    let out = tsq(&["check", &lint_data("ts030-bad.xml"), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "a warning alone exits 0");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"findings":[{
            "rule": "TS030",
            "severity": "warning",
            "path": "Install/Restart computer",
            "message": "another step of this group is also named `Restart computer`",
            "help": "give each step of a group its own name",
            "line": 11,
            "column": 5
        }]})
    );
}

#[test]
fn exit_status_follows_errors_and_deny_warnings() {
    let warning = lint_data("ts030-bad.xml");
    assert_eq!(tsq(&["check", &warning]).status.code(), Some(0));
    assert_eq!(
        tsq(&["check", &warning, "--deny-warnings"]).status.code(),
        Some(1)
    );
    assert_eq!(
        tsq(&["check", &warning, "--allow", "TS030", "--deny-warnings"])
            .status
            .code(),
        Some(0)
    );
    let info = lint_data("ts038-bad.xml");
    assert_eq!(
        tsq(&["check", &info, "--deny-warnings"]).status.code(),
        Some(0),
        "infos never fail"
    );
    let out = tsq(&[
        "check",
        &info,
        "--deny",
        "disabled-step",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["findings"][0]["severity"], "error");
}

#[test]
fn packages_and_site_version_switch_rules_on() {
    let catalog = lint_data("packages.json");
    let file = lint_data("ts001-bad.xml");
    assert_eq!(
        tsq(&["check", &file]).status.code(),
        Some(0),
        "no catalog, no TS001"
    );
    let out = tsq(&["check", &file, "--packages", &catalog]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("error[TS001]"), "{}", stdout(&out));

    let file = lint_data("ts014-bad.xml");
    assert_eq!(
        tsq(&["check", &file, "--site-version", "2103"])
            .status
            .code(),
        Some(0)
    );
    let out = tsq(&["check", &file, "--site-version", "2010"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("error[TS014]"));
}

#[test]
fn bad_input_exits_2_with_file_line_and_column() {
    let dir = std::env::temp_dir().join(format!("tsq-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.xml");
    std::fs::write(&broken, "<sequence>\n  <group name=\"G\">\n</sequence>\n").unwrap();
    let out = tsq(&["check", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("tsq: error: {}:", broken.display())),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");

    let catalog = dir.join("catalog.json");
    std::fs::write(&catalog, "[{\"id\": 5}]").unwrap();
    let out = tsq(&[
        "check",
        &lint_data("ts001-bad.xml"),
        "--packages",
        catalog.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("{}:1:", catalog.display())),
        "{}",
        stderr(&out)
    );

    let out = tsq(&["check", &lint_data("ts001-bad.xml"), "--deny", "TS999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown lint rule `TS999`"));
    let out = tsq(&["check", &lint_data("ts001-bad.xml"), "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_export_zip_is_checked_through_its_object_xml() {
    use std::io::Write;
    let dir = std::env::temp_dir().join(format!("tsq-check-zip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("export.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    zip.start_file(
        "LAB00100/object.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(&std::fs::read(lint_data("ts036-bad.xml")).unwrap())
        .unwrap();
    zip.finish().unwrap();
    let out = tsq(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("error[TS036]"), "{text}");
    assert!(
        text.contains(&format!("--> {}!LAB00100/object.xml:", path.display())),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The published SARIF 2.1.0 schema, from the copy the `serde-sarif` crate ships in its
/// crates.io package (`src/schema.json`), which cargo unpacks into its registry when it builds
/// `tsq`. The version is the one `Cargo.lock` pins.
fn sarif_schema() -> Option<serde_json::Value> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).ok()?;
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"serde-sarif\""))?
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))?
        .trim_end_matches('"')
        .to_string();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    let registry = cargo_home.join("registry").join("src");
    for index in std::fs::read_dir(&registry).ok()?.filter_map(Result::ok) {
        let candidate = index
            .path()
            .join(format!("serde-sarif-{version}"))
            .join("src/schema.json");
        if let Ok(text) = std::fs::read_to_string(&candidate) {
            return serde_json::from_str(&text).ok();
        }
    }
    None
}

/// The checks the schema's required fields make, for when no copy of the schema is at hand:
/// `version` and `runs` on the log; `tool.driver.name` on each run; `message.text` on each result;
/// `id` on each rule.
fn check_required_fields(log: &serde_json::Value) {
    assert_eq!(log["version"], "2.1.0");
    for run in log["runs"].as_array().unwrap() {
        assert!(run["tool"]["driver"]["name"].is_string());
        for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
            assert!(rule["id"].is_string());
        }
        for result in run["results"].as_array().unwrap() {
            assert!(result["message"]["text"].is_string());
        }
    }
}

/// Replaces the schema's malformed `language` patterns; returns how many it replaced.
fn fix_language_patterns(schema: &mut serde_json::Value) -> usize {
    const MALFORMED: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    let mut fixed = 0;
    let mut stack = vec![schema];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if key == "pattern" && v == MALFORMED {
                        *v = serde_json::json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
                        fixed += 1;
                    } else {
                        stack.push(v);
                    }
                }
            }
            serde_json::Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    fixed
}

#[test]
fn sarif_is_valid_against_the_published_schema() {
    let file = lint_data("ts010-bad.xml");
    let out = tsq(&["check", &file, "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(0));
    let log: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();

    match sarif_schema() {
        Some(mut schema) => {
            assert_eq!(
                schema["title"],
                "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
            );
            // The published schema's `language` patterns (of `run` and `toolComponent`) end in a
            // stray `]`, which the validator's check of the schema itself rejects as a regex; they
            // are given their evident meaning. `tsq` never writes `language`, so no result
            // depends on them.
            let fixed = fix_language_patterns(&mut schema);
            assert_eq!(fixed, 2, "the schema's two `language` patterns");
            let validator = jsonschema::validator_for(&schema).unwrap();
            let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "SARIF log fails the schema: {errors:#?}");
            // The validator is not trivially permissive.
            let mut broken = log.clone();
            broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
            assert!(!validator.is_valid(&broken));
        }
        None => {
            println!(
                "SKIPPED the schema validation: no copy of the SARIF 2.1.0 schema in cargo's registry; checking the schema's required fields instead"
            );
        }
    }
    check_required_fields(&log);

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), tasksequence::lint::rules().count());
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let result = &results[0];
    assert_eq!(result["ruleId"], "TS010");
    assert_eq!(result["level"], "warning");
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "TS010");
    assert_eq!(rules[index]["name"], "like-with-wql-wildcards");
    assert_eq!(rules[index]["defaultConfiguration"]["level"], "warning");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(4), Some(3))
    );
    assert_eq!(
        result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "Model drivers"
    );
}
