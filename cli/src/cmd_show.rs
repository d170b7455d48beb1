//! `tsq show FILE --format tree|json`.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use tasksequence::model::{Node, Sequence};
use tasksequence::xml::Document;

use crate::fail::Failure;
use crate::input::load_sequence;

/// Show the structure of a task sequence.
#[derive(Args)]
pub struct ShowArgs {
    /// A task sequence: MDT ts.xml, raw ConfigMgr sequence, object.xml or export .zip.
    file: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Tree)]
    format: ShowFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum ShowFormat {
    Tree,
    Json,
}

pub fn run(args: &ShowArgs) -> Result<ExitCode, Failure> {
    let doc = load_sequence(&args.file)?;
    match args.format {
        ShowFormat::Json => println!("{}", doc.to_json()?),
        ShowFormat::Tree => print!("{}", tree(&doc)),
    }
    Ok(ExitCode::SUCCESS)
}

fn header(doc: &Document) -> String {
    let seq = &doc.sequence;
    let mut line = String::from("sequence");
    if let Some(name) = doc
        .package
        .as_ref()
        .and_then(|p| p.name.as_deref())
        .or(seq.name.as_deref())
    {
        let _ = write!(line, " \"{name}\"");
    }
    if let Some(id) = doc.package.as_ref().and_then(|p| p.package_id.as_deref()) {
        let _ = write!(line, " ({id})");
    }
    if let Some(v) = &seq.version {
        let _ = write!(line, " version {v}");
    }
    line
}

/// An indented tree: one line per group and step, with what matters when reading a sequence.
pub fn tree(doc: &Document) -> String {
    let mut out = header(doc);
    out.push('\n');
    let seq: &Sequence = &doc.sequence;
    if let Some(globals) = &seq.globals {
        let _ = writeln!(out, "  globals: {} variables", globals.len());
    }
    if let Some(refs) = &seq.references {
        let _ = writeln!(out, "  references: {}", refs.iter().count());
    }
    for visit in seq.walk() {
        let indent = "  ".repeat(visit.depth + 1);
        let node = visit.node;
        let marker = match node {
            Node::Group(_) => "+",
            _ => "-",
        };
        let mut line = format!("{indent}{marker} {}", node.name());
        if let Some(t) = node.type_name() {
            let _ = write!(line, " [{t}]");
        } else if matches!(node, Node::Step(_)) {
            line.push_str(" [command line]");
        }
        if node.is_disabled() {
            line.push_str(" (disabled)");
        }
        if node.options().is_some_and(|o| o.continues_on_error()) {
            line.push_str(" (continue on error)");
        }
        if let Some(c) = node.condition() {
            let _ = write!(line, " if {}", describe_condition(c));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A condition in one line, in the text syntax `tsq eval` reads.
fn describe_condition(condition: &tasksequence::condition::Condition) -> String {
    let text = condition.to_text();
    if text.trim().is_empty() {
        "<empty condition: always true>".to_string()
    } else {
        text
    }
}
