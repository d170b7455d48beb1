//! `tsq diff A B [--format text|json]`: the structural changes from A to B. Exit status as
//! `diff(1)`: 0 equal, 1 different, 2 bad input.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use tasksequence::render::printable;

use crate::fail::Failure;
use crate::input::load_sequence;

/// Output formats of `tsq diff`.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// One line per change, marked `+`, `-`, `→`, `~`.
    Text,
    /// `{"changes":[{"kind","path","old_path","fields":[{"field","old","new"}]}]}`.
    Json,
}

/// Arguments of `tsq diff`.
#[derive(Args)]
pub struct DiffArgs {
    /// The old task sequence (any container, or an export .zip); `-` reads standard input.
    old: String,
    /// The new task sequence; `-` reads standard input (for one side only).
    new: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// Runs `tsq diff`.
pub fn run(args: &DiffArgs) -> Result<ExitCode, Failure> {
    if args.old == crate::input::STDIN && args.new == crate::input::STDIN {
        return Err(Failure(
            "only one side of a diff can be `-` (standard input)".into(),
        ));
    }
    let old = load_sequence(&args.old)?;
    let new = load_sequence(&args.new)?;
    let d = tasksequence::diff::diff(&old.sequence, &new.sequence);
    match args.format {
        Format::Text => print!("{}", printable(&d.to_text())),
        Format::Json => crate::output::print_json(&d.to_json()),
    }
    Ok(if d.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
