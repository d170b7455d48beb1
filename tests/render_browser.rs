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
//! a screenshot kept under `target/browser/`. Needs `chromium` and `npm install` in
//! `tests/browser` (`.ci/run` does both); says so and skips when they are missing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use tasksequence::model::Node;
use tasksequence::render::{html, mermaid, printable};

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
    assert_eq!(ok, files.len() * 2, "{stdout}");
    assert!(
        out.join(format!(
            "{}.png",
            Path::new(&files[0].0).with_extension("").to_string_lossy()
        ))
        .exists()
    );
}
