//! How a command fails: one line on stderr and exit status 2.

use std::fmt::Display;
use std::process::ExitCode;

/// A command that could not do its work because of bad input or usage (exit status 2).
#[derive(Debug)]
pub struct Failure(pub String);

impl Failure {
    /// A failure about `file`, with the library error's own message (which carries line and column).
    pub fn in_file(file: &str, err: impl Display) -> Self {
        Self(format!("{file}: {err}"))
    }

    /// Prints the one-line error and returns exit status 2.
    pub fn report(&self) -> ExitCode {
        eprintln!("tsq: error: {}", self.0);
        ExitCode::from(2)
    }
}

impl<E: Display> From<E> for Failure {
    fn from(err: E) -> Self {
        Self(err.to_string())
    }
}
