#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! The committed C header matches the code, and the version agrees in all three places.

use std::ffi::CStr;
use std::path::Path;

const REFRESH: &str =
    "refresh it with `TS_UPDATE_HEADER=1 cargo build` and commit include/tasksequence.h";

fn committed_header() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include/tasksequence.h");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}; {REFRESH}", path.display()))
}

fn generated_header() -> String {
    let path = Path::new(env!("OUT_DIR")).join("tasksequence.h");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the header build.rs generates ({}): {e}; \
             the build printed a cbindgen warning saying why",
            path.display()
        )
    })
}

#[test]
fn committed_header_matches_the_code() {
    let generated = generated_header();
    let committed = committed_header();
    if generated != committed {
        let first_difference = generated
            .lines()
            .zip(committed.lines())
            .enumerate()
            .find(|(_, (g, c))| g != c)
            .map_or_else(
                || "one header is a prefix of the other".to_owned(),
                |(n, (g, c))| format!("line {}: generated `{g}`, committed `{c}`", n + 1),
            );
        panic!("include/tasksequence.h is out of date ({first_difference}); {REFRESH}");
    }
}

fn header_define(header: &str, name: &str) -> u64 {
    let prefix = format!("#define {name} ");
    let line = header
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("the header has no `{prefix}` line"));
    line[prefix.len()..].trim().parse().unwrap()
}

fn cargo_toml_version() -> String {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    // The first `version = "…"` after `[package]` is the package version.
    let package = manifest
        .split("[package]")
        .nth(1)
        .expect("Cargo.toml has a [package] table");
    let line = package
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("version") && l.contains('='))
        .expect("[package] has a version");
    line.split('"')
        .nth(1)
        .expect("the version is a string")
        .to_owned()
}

#[test]
fn version_agrees_in_cargo_toml_header_and_library() {
    let cargo = cargo_toml_version();
    let header = committed_header();
    let from_header = format!(
        "{}.{}.{}",
        header_define(&header, "TS_VERSION_MAJOR"),
        header_define(&header, "TS_VERSION_MINOR"),
        header_define(&header, "TS_VERSION_PATCH")
    );
    let from_library = unsafe { CStr::from_ptr(tasksequence::ffi::ts_version()) }
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        cargo, from_header,
        "Cargo.toml vs include/tasksequence.h; {REFRESH}"
    );
    assert_eq!(cargo, from_library, "Cargo.toml vs ts_version()");
    assert_eq!(cargo, tasksequence::VERSION);
}

#[test]
fn header_has_guard_and_cpp_linkage() {
    let header = committed_header();
    assert!(header.contains("#ifndef TASKSEQUENCE_H\n#define TASKSEQUENCE_H"));
    assert!(header.trim_end().ends_with("#endif  /* TASKSEQUENCE_H */"));
    assert!(header.contains("extern \"C\" {"));
}

#[test]
fn every_exported_function_is_declared() {
    // The functions the C test and the C# binding use; losing one from the header is a break.
    let header = committed_header();
    for name in [
        "ts_version(void)",
        "ts_result_name(",
        "ts_last_error(",
        "ts_string_ptr(",
        "ts_string_len(",
        "ts_string_free(",
    ] {
        assert!(header.contains(name), "the header lacks `{name}`");
    }
}
