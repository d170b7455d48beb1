//! `tsq conditions FILE [--format text|json]`: every group and step that has a `<condition>`, with
//! its path and the condition in text syntax. Nodes without a `<condition>` element are left out;
//! an empty `<condition/>` is listed (it is true).

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use tasksequence::xml::Document;

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
    /// A task sequence: MDT `ts.xml`, ConfigMgr `object.xml` or a raw `<sequence>`.
    file: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// LEAD: swap for the shared loader (raw XML, object.xml and export .zip).
fn load_sequence(path: &str) -> Result<Document, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure::in_file(path, e))?;
    tasksequence::xml::read(&bytes).map_err(|e| Failure::in_file(path, e))
}

/// Runs `tsq conditions`.
pub fn run(args: &ConditionsArgs) -> Result<ExitCode, Failure> {
    let doc = load_sequence(&args.file)?;
    let visits = doc.sequence.walk();
    let with_condition = visits
        .iter()
        .filter_map(|v| v.node.condition().map(|c| (v, c)));
    match args.format {
        Format::Text => {
            for (visit, condition) in with_condition {
                let text = condition.to_text();
                if text.is_empty() {
                    println!("{}: (empty condition, always true)", visit.path);
                } else {
                    println!("{}: {text}", visit.path);
                }
            }
        }
        Format::Json => {
            // Written field by field so that the keys keep this order.
            let mut items = Vec::new();
            for (visit, condition) in with_condition {
                items.push(format!(
                    "{{\"path\":{},\"kind\":{},\"name\":{},\"condition_text\":{},\"condition\":{}}}",
                    serde_json::to_string(&visit.path)?,
                    serde_json::to_string(&visit.node.kind())?,
                    serde_json::to_string(visit.node.name())?,
                    serde_json::to_string(&condition.to_text())?,
                    serde_json::to_string(condition)?,
                ));
            }
            println!("[{}]", items.join(",\n "));
        }
    }
    Ok(ExitCode::SUCCESS)
}
