//! `tsq simulate`: exit status, formats, outcomes, children, scenarios.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;

use std::path::PathBuf;

use common::{data, machine, stderr, stdout, tsq};

fn laptop() -> String {
    machine("win10-x64-en-us-laptop.json")
}

#[test]
fn success_exits_0_and_failure_exits_1() {
    let ipu = data("ipu-small.xml");
    let child = format!("TSQ00011={}", data("engine-child.xml"));
    let out = tsq(&["simulate", &ipu, "--machine", &laptop(), "--child", &child]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("    ✓ Post-upgrade tasks\n"), "{text}");
    assert!(text.ends_with("result: success\n"), "{text}");

    let out = tsq(&[
        "simulate",
        &data("engine-propagation.xml"),
        "--machine",
        &laptop(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("  · S3: not reached\n"), "{text}");
    assert!(
        text.ends_with("result: failure, exit code 14 at `Group2/S4`\n"),
        "{text}"
    );
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn json_trace_and_outcomes() {
    let out = tsq(&[
        "simulate",
        &data("ipu-small.xml"),
        "--machine",
        &laptop(),
        "--outcome",
        "Upgrade Operating System=0xC1900101,rollback",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["result"], "failure");
    assert_eq!(json["exit_code"], 3_247_440_129u64);
    assert_eq!(json["variables"]["_SMSTSSetupRollback"], "true");
    let steps = json["steps"].as_array().unwrap();
    let upgrade = steps
        .iter()
        .find(|s| s["name"] == "Upgrade Operating System")
        .unwrap();
    assert_eq!(upgrade["reason"], "rollback");
    assert_eq!(
        upgrade["path"],
        "Upgrade the Operating System/Upgrade Operating System"
    );
}

#[test]
fn variables_and_scenario_file() {
    // The scenario file's child is a path relative to it; its rollback outcome is overridden on the
    // command line, later wins.
    let out = tsq(&[
        "simulate",
        &data("ipu-small.xml"),
        "--machine",
        &laptop(),
        "--scenario",
        &data("engine-scenario.json"),
        "--outcome",
        "Upgrade Operating System=0",
        "--var",
        "TSQChildCode=5",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("$ cmd /c exit 5"), "{text}");
    assert!(
        text.ends_with(
            "result: failure, exit code 5 at `Post-Processing/Run post-upgrade child/Post-upgrade tasks/Report stage`\n"
        ),
        "{text}"
    );
}

#[test]
fn ambiguous_or_unknown_steps_are_bad_input() {
    let xml = data("engine-propagation.xml");
    let out = tsq(&["simulate", &xml, "--outcome", "S9=1"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "tsq: error: outcome for `S9`: no step has this path or name\n"
    );
    assert!(stdout(&out).is_empty());
    let dir = std::env::temp_dir().join(format!("tsq-simulate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let twice = dir.join("twice.xml");
    std::fs::write(
        &twice,
        r#"<sequence><group name="A"><step name="Run" type="SMS_TaskSequence_RunCommandLineAction"/></group>
           <group name="B"><step name="Run" type="SMS_TaskSequence_RunCommandLineAction"/></group></sequence>"#,
    )
    .unwrap();
    let out = tsq(&["simulate", twice.to_str().unwrap(), "--outcome", "Run=1"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "tsq: error: outcome for `Run`: 2 steps have this name; give one of their paths: `A/Run`, `B/Run`\n"
    );
    let out = tsq(&["simulate", twice.to_str().unwrap(), "--outcome", "B/Run=1"]);
    assert_eq!(out.status.code(), Some(1));
    for bad in ["Run", "Run=xyz", "Run=1,later", "=1"] {
        let out = tsq(&["simulate", twice.to_str().unwrap(), "--outcome", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&out).starts_with("tsq: error: outcome `"),
            "{bad}: {}",
            stderr(&out)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn other_bad_input_exits_2() {
    let xml = data("ipu-small.xml");
    let out = tsq(&["simulate", &xml, "--var", "novalue"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--var expects NAME=VALUE"));
    let out = tsq(&[
        "simulate",
        &xml,
        "--child",
        "TSQ00011=/nonexistent/child.xml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/nonexistent/child.xml"),
        "{}",
        stderr(&out)
    );
    let out = tsq(&["simulate", &xml, "--scenario", &data("ipu-small.xml")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(":1:1:"), "{}", stderr(&out));
    let out = tsq(&["simulate", &data("nonexistent.xml")]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_child_that_runs_itself_is_an_error() {
    let xml = data("ipu-small.xml");
    let child = format!("TSQ00011={xml}");
    let out = tsq(&["simulate", &xml, "--machine", &laptop(), "--child", &child]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nest more than 32"),
        "{}",
        stderr(&out)
    );
    // The trace up to there is still printed.
    assert!(stdout(&out).contains("error: child sequences nest more than 32"));
}

#[test]
fn secrets_only_when_asked() {
    let xml = data("ipu-small.xml");
    let args = [
        "simulate",
        xml.as_str(),
        "--var",
        "OSDJoinPassword=hunter2",
        "--outcome",
        "Run post-upgrade child=0",
        "--format",
        "json",
    ];
    let out = tsq(&args);
    assert!(!stdout(&out).contains("hunter2"));
    let mut shown = args.to_vec();
    shown.push("--show-secrets");
    assert!(stdout(&tsq(&shown)).contains("hunter2"));
}

/// A folder of generated machine profiles, removed when dropped.
struct Fleet(std::path::PathBuf);

impl Fleet {
    fn new(tag: &str, count: u64) -> Self {
        let dir = std::env::temp_dir().join(format!("tsq-fleet-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for machine in tasksequence::engine::generate::fleet(9, count) {
            let file = dir.join(format!("{}.json", machine.name()));
            std::fs::write(file, machine.to_json()).unwrap();
        }
        std::fs::write(dir.join("notes.txt"), "not a profile").unwrap();
        Fleet(dir)
    }

    fn path(&self) -> String {
        self.0.to_string_lossy().into_owned()
    }
}

impl Drop for Fleet {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn upgrade() -> String {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/upgrade.xml")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn fleet_jsonl_streams_one_line_per_machine_then_the_summary() {
    let fleet = Fleet::new("jsonl", 60);
    let out = tsq(&[
        "simulate",
        &upgrade(),
        "--machines",
        &fleet.path(),
        "--format",
        "jsonl",
    ]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 61);
    let summary = &lines[60]["summary"];
    assert_eq!(summary["machines"], 60);
    let failed = lines[..60]
        .iter()
        .filter(|l| l["result"] == "failure")
        .count();
    assert_eq!(summary["failed"], failed);
    assert_eq!(out.status.code(), Some(if failed == 0 { 0 } else { 1 }));
    // In input order (file names sort as the generator numbers them), each as a single run.
    for (i, line) in lines[..60].iter().enumerate() {
        assert_eq!(line["machine"], format!("PC-{i:05}"));
    }
    let one = format!("{}/PC-00007.json", fleet.path());
    let single = tsq(&[
        "simulate",
        &upgrade(),
        "--machine",
        &one,
        "--format",
        "json",
    ]);
    let single: serde_json::Value = serde_json::from_str(&stdout(&single)).unwrap();
    assert_eq!(lines[7]["trace"], single);
}

#[test]
fn fleet_text_and_glob() {
    let fleet = Fleet::new("text", 12);
    let pattern = format!("{}/PC-0000?.json", fleet.path());
    let out = tsq(&["simulate", &upgrade(), "--machines", &pattern]);
    let text = stdout(&out);
    let results = text
        .lines()
        .filter(|l| l.starts_with("✓ PC-") || l.starts_with("✗ PC-"))
        .count();
    assert_eq!(results, 10, "{text}");
    assert!(
        text.contains("  Prepare for Upgrade/Check Readiness for Upgrade\n"),
        "{text}"
    );
    assert!(text.contains("10 machines: "), "{text}");
    let out = tsq(&[
        "simulate",
        &upgrade(),
        "--machines",
        &fleet.path(),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["machines"].as_array().unwrap().len(), 12);
    assert_eq!(json["summary"]["machines"], 12);
}

#[test]
fn fleet_bad_input() {
    let fleet = Fleet::new("bad", 3);
    std::fs::write(fleet.0.join("PC-00001.json"), "{ not json").unwrap();
    let out = tsq(&[
        "simulate",
        &upgrade(),
        "--machines",
        &fleet.path(),
        "--format",
        "jsonl",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("PC-00001.json:1:3:"),
        "{}",
        stderr(&out)
    );
    // The machine before the bad one was still simulated and printed.
    assert_eq!(stdout(&out).lines().count(), 2);
    let out = tsq(&[
        "simulate",
        &upgrade(),
        "--machines",
        "/nonexistent-dir/*.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = tsq(&[
        "simulate",
        &upgrade(),
        "--machines",
        &format!("{}/none-*.json", fleet.path()),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no machine profile found"));
    let out = tsq(&["simulate", &upgrade(), "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    let out = tsq(&[
        "simulate",
        &upgrade(),
        "--machine",
        &laptop(),
        "--machines",
        &fleet.path(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

/// Text as the html page writes it.
fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn html_trace_of_the_example_upgrade() {
    let laptop = laptop();
    let profile: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&laptop).unwrap()).unwrap();
    let upgrade = upgrade();
    for (outcome, exit) in [(None, 0), (Some("Upgrade assessment=0xC1900208"), 1)] {
        let mut args = vec!["simulate", upgrade.as_str(), "--machine", laptop.as_str()];
        if let Some(o) = outcome {
            args.extend(["--outcome", o]);
        }
        let json = tsq(&[args.as_slice(), &["--format", "json"]].concat());
        let trace: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
        let out = tsq(&[args.as_slice(), &["--format", "html"]].concat());
        assert_eq!(out.status.code(), Some(exit), "{}", stderr(&out));
        assert!(stderr(&out).is_empty(), "{}", stderr(&out));
        let page = stdout(&out);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(!page.contains("http://") && !page.contains("https://"));
        let name = profile["name"].as_str().unwrap();
        assert!(
            page.contains(&format!("simulation on <b>{}</b>", html_text(name))),
            "{page}"
        );
        let result = trace["result"].as_str().unwrap();
        assert!(
            page.contains(&format!(
                "<section id=\"result\" class=\"result {result}\">"
            )),
            "{page}"
        );
        // Every node of the JSON trace, in its order, with its outcome.
        let mut from = 0;
        for step in trace["steps"].as_array().unwrap() {
            let outcome = match (step["status"].as_str().unwrap(), &step["succeeded"]) {
                ("ran", serde_json::Value::Bool(false)) => "failed",
                (status, _) => status,
            };
            let node = format!(
                "data-path=\"{}\" data-outcome=\"{outcome}\"",
                html_text(step["path"].as_str().unwrap())
            );
            let at = page[from..].find(&node).unwrap_or_else(|| panic!("{node}"));
            from += at + node.len();
        }
    }
    // The failing run: the code, its meaning, and where it ended.
    let out = tsq(&[
        "simulate",
        &upgrade,
        "--machine",
        &laptop,
        "--outcome",
        "Upgrade assessment=0xC1900208",
        "--format",
        "html",
    ]);
    let page = stdout(&out);
    let code = tasksequence::codes::ReturnCode(0xC190_0208);
    let meaning = tasksequence::codes::describe(code).meaning.unwrap();
    assert!(
        page.contains("<code>0xC1900208 (MOSETUP_E_COMPAT_INSTALLREQ_BLOCK)</code> = 3247440392"),
        "{page}"
    );
    assert!(page.contains(&html_text(&meaning)), "{page}");
    assert!(
        page.contains(">Prepare for Upgrade/Stop on compatibility issues</a>"),
        "{page}"
    );
}

#[test]
fn markdown_trace_and_what_html_refuses() {
    let out = tsq(&[
        "simulate",
        &upgrade(),
        "--machine",
        &laptop(),
        "--outcome",
        "Upgrade assessment=0xC1900208",
        "--format",
        "markdown",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(
        md.starts_with("# Task sequence: simulation\n\nMachine: Win10 x64 en-US laptop"),
        "{md}"
    );
    assert!(md.contains("**Result: failure**, exit code 0xC1900208 (MOSETUP_E_COMPAT_INSTALLREQ_BLOCK) at `Prepare for Upgrade/Stop on compatibility issues`: "), "{md}");
    assert!(
        md.contains("## Prepare for Upgrade\n\n✗ failed: a step inside it failed.\n"),
        "{md}"
    );
    let stop = md
        .lines()
        .find(|l| l.starts_with("| Stop on compatibility issues |"))
        .unwrap();
    assert!(stop.contains("| ✗ failed | 0xC1900208"), "{stop}");
    assert!(
        stop.contains("`_SMSTSOSUpgradeActionReturnCode != 3247440400` → true"),
        "{stop}"
    );
    let restart = md
        .lines()
        .find(|l| l.starts_with("| Restart Computer |"))
        .unwrap();
    assert!(restart.contains("| · not reached |"), "{restart}");

    // One page is one run: a fleet cannot be one.
    let fleet = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/machines");
    for format in ["html", "markdown"] {
        let out = tsq(&[
            "simulate",
            &upgrade(),
            "--machines",
            &fleet.to_string_lossy(),
            "--format",
            format,
        ]);
        assert_eq!(out.status.code(), Some(2));
        assert!(stdout(&out).is_empty());
        assert!(
            stderr(&out).contains("use --machine, not --machines"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn html_and_markdown_traces_redact_secrets() {
    let xml = data("ipu-small.xml");
    for format in ["html", "markdown"] {
        let args = [
            "simulate",
            xml.as_str(),
            "--var",
            "OSDJoinPassword=hunter2",
            "--outcome",
            "Run post-upgrade child=0",
            "--format",
            format,
        ];
        let out = stdout(&tsq(&args));
        assert!(!out.contains("hunter2"), "{format}");
        assert!(out.contains("OSDJoinPassword"), "{format}");
        let mut shown = args.to_vec();
        shown.push("--show-secrets");
        assert!(stdout(&tsq(&shown)).contains("hunter2"), "{format}");
    }
}
