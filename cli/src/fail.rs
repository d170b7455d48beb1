//! How a command fails: one line on stderr and exit status 2.

use std::fmt::Display;
use std::process::ExitCode;

/// A command that could not do its work because of bad input or usage (exit status 2).
#[derive(Debug)]
pub struct Failure(pub String);

impl Failure {
    /// Prints the one-line error and returns exit status 2.
    pub fn report(&self) -> ExitCode {
        eprintln!("tsq: error: {}", tasksequence::render::printable(&self.0));
        ExitCode::from(2)
    }
}

impl<E: Display> From<E> for Failure {
    fn from(err: E) -> Self {
        Self(err.to_string())
    }
}
