//! Running the built `tsq` in integration tests.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs `tsq` with `args`.
pub fn tsq(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tsq"))
        .args(args)
        .output()
        .unwrap()
}

/// What the run printed on stdout.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// What the run printed on stderr.
pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A fixture of the repository's `tests/data`.
pub fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// An example machine profile of the repository's `examples/machines`.
pub fn machine(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/machines")
        .join(name)
        .to_string_lossy()
        .into_owned()
}
