#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! The renders in a real browser: the mermaid chart of every corpus file and own fixture drawn by
//! the npm `mermaid` library in headless Chromium without error, and the html page of every one
//! opened there with no console error, every step name in the DOM, the search box filtering, and
//! a screenshot kept under `target/browser/`; and the html page of simulation traces (the example
//! upgrade on the example laptop as it runs, with a blocking compatibility scan, with a Setup
//! rollback; the small upgrade with its child sequence; every corpus file on the laptop) with no
//! console error, every node's outcome (class and words) and the result in the DOM, and a
//! full-page screenshot. Needs `chromium` and `npm install` in `tests/browser` (`.ci/run` does
//! both); says so and skips when they are missing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use tasksequence::engine::{Outcome, Scenario, Status, Trace, simulate};
use tasksequence::machine::MachineProfile;
use tasksequence::model::Node;
use tasksequence::render::{html, mermaid, printable, trace_html};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for dir in ["tests/data", "tests/data/diff", "examples"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "xml"))
            .collect();
        found.sort();
        for p in found {
            let bytes = std::fs::read(&p).unwrap();
            if tasksequence::xml::read(&bytes).is_ok() {
                files.push((
                    format!("own-{}", p.file_name().unwrap().to_string_lossy()),
                    bytes,
                ));
            }
        }
    }
    files.extend(common::corpus().unwrap_or_default());
    files
}

#[test]
fn mermaid_and_html_render_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        eprintln!(
            "skipping the browser tests: chromium is not installed (apt-get install chromium)"
        );
        return;
    };
    let browser_dir = root().join("tests/browser");
    for needed in ["mermaid", "puppeteer-core"] {
        if !browser_dir.join("node_modules").join(needed).exists() {
            eprintln!(
                "skipping the browser tests: tests/browser/node_modules/{needed} is missing (npm ci in tests/browser)"
            );
            return;
        }
    }
    let out = root().join("target/browser");
    std::fs::create_dir_all(out.join("in")).unwrap();
    let mut mermaid_items = Vec::new();
    let mut html_items = Vec::new();
    let files = inputs();
    for (name, bytes) in &files {
        let doc = tasksequence::xml::read(bytes).unwrap();
        let stem = Path::new(name).with_extension("");
        let stem = stem.to_string_lossy();
        let chart = out.join("in").join(format!("{stem}.mmd"));
        std::fs::write(&chart, mermaid(&doc)).unwrap();
        mermaid_items.push(serde_json::json!({"name": name, "file": chart}));
        let page = out.join("in").join(format!("{stem}.html"));
        std::fs::write(&page, html(&doc)).unwrap();
        let steps: Vec<String> = doc
            .sequence
            .walk()
            .iter()
            .filter(|v| matches!(v.node, Node::Step(_)) && !v.node.name().trim().is_empty())
            .map(|v| printable(v.node.name()).into_owned())
            .collect();
        html_items.push(serde_json::json!({
            "name": name, "file": page, "steps": steps,
            "screenshot": out.join(format!("{stem}.png")),
        }));
    }
    let traces = traces();
    for (name, doc, trace) in &traces {
        let page = out.join("in").join(format!("trace-{name}.html"));
        std::fs::write(
            &page,
            trace_html(doc, trace, Some("Win10 x64 en-US laptop")),
        )
        .unwrap();
        html_items.push(trace_item(name, &page, trace, &out));
    }
    let manifest = out.join("manifest.json");
    std::fs::write(
        &manifest,
        serde_json::json!({"chromium": chromium, "mermaid": mermaid_items, "html": html_items})
            .to_string(),
    )
    .unwrap();
    let run = Command::new("node")
        .arg(browser_dir.join("check.mjs"))
        .arg(&manifest)
        .current_dir(&browser_dir)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(
        run.status.success(),
        "browser checks failed:\n{stdout}\n{stderr}"
    );
    let ok = stdout.lines().filter(|l| l.starts_with("ok ")).count();
    assert_eq!(ok, files.len() * 2 + traces.len(), "{stdout}");
    assert!(out.join("trace-upgrade-scan-blocks.png").exists());
    assert!(
        out.join(format!(
            "{}.png",
            Path::new(&files[0].0).with_extension("").to_string_lossy()
        ))
        .exists()
    );
}

/// The runs whose trace pages are checked: the example upgrade on the example laptop three ways
/// (between them every outcome), the small upgrade with a disabled step and a child sequence,
/// and every corpus file on the laptop.
fn traces() -> Vec<(String, tasksequence::xml::Document, Trace)> {
    let laptop_json =
        std::fs::read_to_string(root().join("examples/machines/win10-x64-en-us-laptop.json"))
            .unwrap();
    let laptop = MachineProfile::from_json(&laptop_json).unwrap();
    let read =
        |path: &str| tasksequence::xml::read(&std::fs::read(root().join(path)).unwrap()).unwrap();
    let run = |doc: &tasksequence::xml::Document, outcomes: &[&str], children: &[(&str, &str)]| {
        let mut scenario = Scenario::new().with_machine(&laptop);
        for spec in outcomes {
            let (key, outcome): (String, Outcome) = Outcome::parse_spec(spec).unwrap();
            scenario.set_outcome(key, outcome);
        }
        for (id, path) in children {
            scenario.add_child(*id, read(path).sequence);
        }
        simulate(&doc.sequence, &laptop, &scenario)
    };
    let upgrade = read("examples/upgrade.xml");
    let ipu = read("tests/data/ipu-small.xml");
    let mut out = vec![
        (
            "upgrade".to_string(),
            upgrade.clone(),
            run(&upgrade, &[], &[]),
        ),
        (
            "upgrade-scan-blocks".to_string(),
            upgrade.clone(),
            run(&upgrade, &["Upgrade assessment=0xC1900208"], &[]),
        ),
        (
            "upgrade-rollback".to_string(),
            upgrade.clone(),
            run(
                &upgrade,
                &["Upgrade Operating System=0xC1900101,rollback"],
                &[],
            ),
        ),
        (
            "ipu-small-child".to_string(),
            ipu.clone(),
            run(&ipu, &[], &[("TSQ00011", "tests/data/engine-child.xml")]),
        ),
    ];
    // Between them, the example runs show every outcome, so every class is looked for.
    let fates: Vec<&str> = out
        .iter()
        .flat_map(|(_, _, t)| t.steps.iter().map(fate))
        .collect();
    for wanted in ["ran", "failed", "skipped", "not-reached"] {
        assert!(
            fates.contains(&wanted),
            "no example run has a {wanted} node"
        );
    }
    assert!(!out[1].2.succeeded() && out[0].2.succeeded());
    for (name, bytes) in common::corpus().unwrap_or_default() {
        let doc = tasksequence::xml::read(&bytes).unwrap();
        let trace = run(&doc, &[], &[]);
        let stem = Path::new(&name).with_extension("");
        out.push((stem.to_string_lossy().into_owned(), doc, trace));
    }
    out
}

/// A node's outcome as the page must mark it (its css class).
fn fate(step: &tasksequence::engine::StepTrace) -> &'static str {
    match (step.status, step.succeeded) {
        (Status::Ran, Some(false)) => "failed",
        (Status::Ran, _) => "ran",
        (Status::Skipped, _) => "skipped",
        (Status::NotReached, _) => "not-reached",
    }
}

fn trace_item(name: &str, page: &Path, trace: &Trace, out: &Path) -> serde_json::Value {
    // Every node's name; steps before groups, as the search check types the first name and
    // expects only steps that contain it to stay visible.
    let mut named: Vec<&tasksequence::engine::StepTrace> = trace
        .steps
        .iter()
        .filter(|s| !s.name.trim().is_empty())
        .collect();
    named.sort_by_key(|s| s.kind == tasksequence::model::NodeKind::Group);
    let steps: Vec<String> = named
        .iter()
        .map(|s| printable(&s.name).into_owned())
        .collect();
    let outcomes: Vec<serde_json::Value> = trace
        .steps
        .iter()
        .map(|s| {
            let class = fate(s);
            serde_json::json!({
                "path": printable(&s.path),
                "class": class,
                "words": class.replace('-', " "),
                // Every node that did not simply run says why.
                "why": class != "ran",
            })
        })
        .collect();
    let result = if trace.succeeded() {
        "success"
    } else {
        "failure"
    };
    serde_json::json!({
        "name": format!("trace {name}"), "file": page, "steps": steps,
        "screenshot": out.join(format!("trace-{name}.png")), "full_page": true,
        "trace": {
            "result": result,
            "exit_code": tasksequence::engine::code_text(trace.exit_code),
            "outcomes": outcomes,
        },
    })
}
