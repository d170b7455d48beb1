#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! The library's layers, enforced: each module of `src/` may use only modules of layers below it
//! (DESIGN §1, "data flows one way"). Test code (after `#[cfg(test)]`, and `tests.rs` files) and
//! comments may reach anywhere.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Lowest first. A module may use the modules of lower layers only; modules sharing a layer are
/// independent of each other. `condition::text` (the syntax) sits below `condition` (evaluation).
const LAYERS: &[&[&str]] = &[
    &["util"],
    &["codes", "locale", "wql"],
    &["model"],
    &["xml"],
    &["condition::text"],
    &["vars"],
    &["machine", "redact"],
    &["condition"],
    &["outline"],
    &["engine", "precache", "template", "lint", "diff"],
    &["render"],
    &["ffi"],
];

fn layer_of(module: &str) -> Option<(usize, &'static str)> {
    // The longest listed prefix names the module's layer (`condition::text::parse` is syntax).
    let mut best: Option<(usize, &'static str)> = None;
    for (rank, names) in LAYERS.iter().enumerate() {
        for name in names.iter() {
            let matches = module == *name || module.starts_with(&format!("{name}::"));
            if matches && best.is_none_or(|(_, b)| name.len() > b.len()) {
                best = Some((rank, name));
            }
        }
    }
    best
}

/// `src/condition/text/parse.rs` → `condition::text::parse`; `mod.rs` names its folder.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate paths a line of code reaches: `crate::a::b`, each name of `crate::{a, b::c}`, and
/// `super::…` resolved against the file's module.
fn targets(line: &str, module: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect::<String>()
            .trim_end_matches(':')
            .to_string()
    };
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + 7..];
        if let Some(group) = after.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or_default();
            for item in inner.split(',') {
                let item = item.trim();
                if !item.is_empty() {
                    found.push(ident(item));
                }
            }
        } else {
            found.push(ident(after));
        }
        rest = after;
    }
    let mut rest = line;
    while let Some(at) = rest.find("super::") {
        let mut tail = &rest[at..];
        let mut base: Vec<String> = module.to_vec();
        while let Some(t) = tail.strip_prefix("super::") {
            base.pop();
            tail = t;
        }
        let names: Vec<String> = if let Some(group) = tail.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or_default();
            inner.split(',').map(|i| ident(i.trim())).collect()
        } else {
            vec![ident(tail)]
        };
        for name in names.into_iter().filter(|n| !n.is_empty()) {
            let mut full = base.clone();
            full.extend(name.split("::").map(str::to_string));
            found.push(full.join("::"));
        }
        // Past the whole `super::super::…` chain, so its later links are not read again.
        rest = tail;
    }
    found
}

#[test]
fn modules_use_only_lower_layers() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut violations = BTreeSet::new();
    let mut unlisted = BTreeSet::new();
    let mut checked = 0;
    for file in &files {
        let module = module_path(&src, file);
        if module.is_empty() || module == ["lib"] || module.last().is_some_and(|m| m == "tests") {
            continue;
        }
        let joined = module.join("::");
        let Some((own_rank, own)) = layer_of(&joined) else {
            unlisted.insert(joined);
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("#[cfg(test)]") {
                break;
            }
            if code.starts_with("//") {
                continue;
            }
            for target in targets(code, &module) {
                checked += 1;
                let Some((rank, name)) = layer_of(&target) else {
                    continue;
                };
                if name == own || (own.starts_with(&format!("{name}::")) && rank > own_rank) {
                    continue;
                }
                if rank >= own_rank {
                    violations.insert(format!(
                        "{}:{}: `{own}` (layer {own_rank}) uses `{target}` (layer {rank})",
                        file.strip_prefix(&src).unwrap().display(),
                        number + 1
                    ));
                }
            }
        }
    }
    assert!(
        unlisted.is_empty(),
        "modules missing from LAYERS: {unlisted:?}"
    );
    assert!(checked > 100, "the scan found only {checked} crate paths");
    assert!(
        violations.is_empty(),
        "imports against the layers:\n{}",
        violations.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_scanner_sees_every_form_of_path() {
    let module: Vec<String> = ["condition", "text", "parse"].map(String::from).to_vec();
    assert_eq!(
        targets("use crate::vars::Lookup;", &module),
        ["vars::Lookup"]
    );
    assert_eq!(
        targets("use crate::{model, xml::read};", &module),
        ["model", "xml::read"]
    );
    assert_eq!(
        targets("use super::super::compare::x;", &module),
        ["condition::compare::x"]
    );
    assert_eq!(
        targets("use super::lex;", &module),
        ["condition::text::lex"]
    );
    assert_eq!(
        layer_of("condition::text::lex").unwrap().1,
        "condition::text"
    );
    assert_eq!(layer_of("condition::compare").unwrap().1, "condition");
}

#[test]
fn unsafe_code_is_denied_outside_the_ffi() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    assert!(
        lib.contains("#![deny(unsafe_code)]"),
        "lib.rs must deny unsafe_code"
    );
    let ffi = std::fs::read_to_string(src.join("ffi/mod.rs")).unwrap();
    assert!(
        ffi.contains("#![allow(unsafe_code)]"),
        "ffi/mod.rs lifts the denial for the C boundary only"
    );
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for file in files {
        if file.starts_with(src.join("ffi")) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !text.contains("allow(unsafe_code)"),
            "{} lifts the unsafe_code denial",
            file.display()
        );
    }
}
