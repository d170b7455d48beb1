//! The README's first commands print what the README shows.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Splits a shell command line into words: spaces separate, single quotes group.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(word);
    }
    out
}

/// Each `cargo run -q -p tsq -- …` line of a `sh` block directly followed by a `text` block,
/// with that block's content.
fn examples(readme: &str) -> Vec<(Vec<String>, String)> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 < lines.len() {
        let command = lines[i + 1].strip_prefix("cargo run -q -p tsq -- ");
        if lines[i] == "```sh"
            && lines[i + 2] == "```"
            && lines[i + 3].is_empty()
            && lines[i + 4] == "```text"
            && let Some(command) = command
        {
            let end = lines[i + 5..].iter().position(|l| *l == "```").unwrap() + i + 5;
            let mut text = lines[i + 5..end].join("\n");
            text.push('\n');
            out.push((words(command), text));
            i = end;
        }
        i += 1;
    }
    out
}

#[test]
fn the_first_run_prints_what_the_readme_shows() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let examples = examples(&readme);
    assert!(examples.len() >= 3, "{examples:?}");
    assert_eq!(
        examples[0].0,
        [
            "simulate",
            "examples/upgrade.xml",
            "--machine",
            "examples/machines/win10-x64-en-us-laptop.json"
        ]
    );
    for (args, shown) in &examples {
        let out = Command::new(env!("CARGO_BIN_EXE_tsq"))
            .args(args)
            .current_dir(root())
            .output()
            .unwrap();
        assert!(
            out.status.code().is_some_and(|c| c < 2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(&String::from_utf8(out.stdout).unwrap(), shown, "{args:?}");
    }
}
