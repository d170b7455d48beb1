#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! `tsq precache` run as a program, on the repository's examples.

mod common;

use std::path::PathBuf;

use common::{machine, stderr, stdout, tsq};

fn example(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn temp_file(name: &str, content: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("precache-cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.to_string_lossy().into_owned()
}

fn plan_args<'a>(sequence: &'a str, packages: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["precache", sequence, "--packages", packages];
    args.extend_from_slice(extra);
    args
}

#[test]
fn one_machine_as_json() {
    let (seq, pkgs, m, d) = (
        example("upgrade-multilang.xml"),
        example("packages.json"),
        machine("win11-x64-de-de-desktop.json"),
        example("deployment.json"),
    );
    let out = tsq(&plan_args(
        &seq,
        &pkgs,
        &[
            "--machine",
            &m,
            "--deployment",
            &d,
            "--site-version",
            "2103",
            "--format",
            "json",
        ],
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids = |list: &str| -> Vec<String> {
        plan[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids("download"),
        ["PS100102", "PS100201", "PS100301", "PS100302", "PS100401"]
    );
    assert_eq!(
        ids("skip"),
        ["PS100101", "PS100103", "PS100104", "PS100202", "PS100203"]
    );
    assert_eq!(
        plan["skip"][0]["reason"],
        "language 1033 (en-US) ≠ client 1031 (de-DE)"
    );
    assert_eq!(
        plan["skip"][3]["reason"],
        "model \"20XW\" not in \"OptiPlex 7090\""
    );
    assert_eq!(plan["download"][4]["name"], serde_json::Value::Null);
    assert_eq!(plan["start"]["when"], "now");
    assert_eq!(plan["start"]["time"], "2024-06-03T08:00:00Z");
    assert_eq!(plan["total_mb"], 4688 + 1240 + 48 + 120);
    assert_eq!(plan["warnings"].as_array().unwrap().len(), 0);
}

#[test]
fn one_machine_as_text_warns_beyond_the_console() {
    let (seq, pkgs, m) = (
        example("upgrade-multilang.xml"),
        example("packages.json"),
        machine("win10-x86-fr-fr.json"),
    );
    let out = tsq(&plan_args(&seq, &pkgs, &["--machine", &m]));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("client: architecture x86 (32 bits), language 1036 (fr-FR), model \"HP ProBook 640 G1\"\n"),
        "{text}"
    );
    assert!(text.contains("start: now: no deployment given"), "{text}");
    assert!(
        text.contains("      architecture x64 ≠ client x86\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "  - step `Upgrade the Operating System/Upgrade fr-FR x86` will upgrade from `PS100103`"
        ),
        "{text}"
    );
}

#[test]
fn site_version_1902_downloads_drivers_unfiltered() {
    let (seq, pkgs, m) = (
        example("upgrade-multilang.xml"),
        example("packages.json"),
        machine("win10-x64-en-us-laptop.json"),
    );
    let count = |version: &str| {
        let out = tsq(&plan_args(
            &seq,
            &pkgs,
            &[
                "--machine",
                &m,
                "--site-version",
                version,
                "--format",
                "json",
            ],
        ));
        assert!(out.status.success(), "{}", stderr(&out));
        let plan: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        plan["download"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == "driver")
            .count()
    };
    assert_eq!(count("1902"), 3);
    assert_eq!(count("1906"), 1);
}

#[test]
fn a_fleet_from_a_directory_and_from_a_pattern() {
    let (seq, pkgs) = (example("upgrade-multilang.xml"), example("packages.json"));
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/machines")
        .to_string_lossy()
        .into_owned();
    let out = tsq(&plan_args(
        &seq,
        &pkgs,
        &["--machines", &dir, "--format", "json"],
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    let fleet: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let profiles = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert_eq!(fleet["machines"], profiles);
    let tools = fleet["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "PS100301")
        .unwrap();
    assert_eq!(tools["clients"], profiles);
    assert_eq!(tools["total_mb"], 48 * profiles);

    let pattern = format!("{dir}/win1?-x*.json");
    let out = tsq(&plan_args(&seq, &pkgs, &["--machines", &pattern]));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("machines: 3 (start now 3"), "{text}");
    assert!(text.contains("1 machine (win10-x86-fr-fr.json): step `Upgrade the Operating System/Upgrade fr-FR x86`"), "{text}");
}

#[test]
fn bad_input_exits_2_naming_the_file_and_field() {
    let (seq, pkgs, m) = (
        example("upgrade-multilang.xml"),
        example("packages.json"),
        machine("win10-x64-en-us-laptop.json"),
    );
    let bad_catalog = temp_file(
        "bad-catalog.json",
        r#"[{"id":"PS100101","name":"x","type":"os_upgrade"},{"id":"PS100102","name":"y","type":"os-upgrade"}]"#,
    );
    let out = tsq(&plan_args(&seq, &bad_catalog, &["--machine", &m]));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "tsq: error: {bad_catalog}: `[1].type`: unknown package type `os-upgrade` (expected os_upgrade, os_image, driver, package or boot_image)\n"
        )
    );

    let bad_deployment = temp_file(
        "bad-deployment.json",
        r#"{"purpose":"available","pre_download":"yes"}"#,
    );
    let out = tsq(&plan_args(
        &seq,
        &pkgs,
        &["--machine", &m, "--deployment", &bad_deployment],
    ));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!(
            "{bad_deployment}: `pre_download`: expected true or false, found a string"
        )),
        "{}",
        stderr(&out)
    );

    let not_json = temp_file("not-json.json", "{\"purpose\": ");
    let out = tsq(&plan_args(
        &seq,
        &pkgs,
        &["--machine", &m, "--deployment", &not_json],
    ));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not valid json"), "{}", stderr(&out));

    let out = tsq(&plan_args(
        &seq,
        &pkgs,
        &["--machine", &m, "--site-version", "2113"],
    ));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--site-version: `2113` is not a ConfigMgr version"),
        "{}",
        stderr(&out)
    );

    let out = tsq(&plan_args(&seq, &pkgs, &[]));
    assert_eq!(
        out.status.code(),
        Some(2),
        "a machine or machines is required"
    );
    let out = tsq(&plan_args(
        &seq,
        &pkgs,
        &["--machine", &m, "--machines", &m],
    ));
    assert_eq!(out.status.code(), Some(2), "not both");
    let out = tsq(&plan_args(
        &seq,
        &pkgs,
        &["--machines", "/nonexistent/dir/*.json"],
    ));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_deployment_without_now_is_compared_with_the_clock() {
    let (seq, pkgs, m) = (
        example("upgrade-multilang.xml"),
        example("packages.json"),
        machine("win10-x64-en-us-laptop.json"),
    );
    let start = |available: &str| {
        let d = temp_file(
            &format!("deployment-{}.json", &available[..4]),
            &format!(
                r#"{{"purpose":"available","pre_download":true,"available_time":"{available}"}}"#
            ),
        );
        let out = tsq(&plan_args(
            &seq,
            &pkgs,
            &["--machine", &m, "--deployment", &d, "--format", "json"],
        ));
        assert!(out.status.success(), "{}", stderr(&out));
        let plan: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        plan["start"]["when"].as_str().unwrap().to_string()
    };
    assert_eq!(start("2999-01-01T00:00:00Z"), "at");
    assert_eq!(start("2001-01-01T00:00:00Z"), "now");
}
