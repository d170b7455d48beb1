//! `tsq conditions FILE [--format text|json]`: every group and step that has a `<condition>`, with
//! its path and the condition in text syntax. Nodes without a `<condition>` element are left out;
//! an empty `<condition/>` is listed (it is true).

use std::process::ExitCode;
use tasksequence::render::printable;

use clap::{Args, ValueEnum};

use crate::fail::Failure;

/// Output formats of `tsq conditions`.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// `PATH: CONDITION`, one node a line.
    Text,
    /// An array of `{path, kind, name, condition_text, condition}`.
    Json,
}

/// Arguments of `tsq conditions`.
#[derive(Args)]
pub struct ConditionsArgs {
    /// A task sequence: MDT `ts.xml`, ConfigMgr `object.xml` or a raw `<sequence>`; `-` reads standard input.
    file: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// Runs `tsq conditions`.
pub fn run(args: &ConditionsArgs) -> Result<ExitCode, Failure> {
    let doc = crate::input::load_sequence(&args.file)?;
    let sites = tasksequence::outline::condition_sites(&doc.sequence)
        .map_err(|e| Failure(e.to_string()))?;
    match args.format {
        Format::Text => {
            for site in &sites {
                if site.condition_text.is_empty() {
                    println!("{}: (empty condition, always true)", printable(&site.path));
                } else {
                    println!(
                        "{}: {}",
                        printable(&site.path),
                        printable(&site.condition_text)
                    );
                }
            }
        }
        Format::Json => crate::output::print_json(&serde_json::to_string(&sites)?),
    }
    Ok(ExitCode::SUCCESS)
}
