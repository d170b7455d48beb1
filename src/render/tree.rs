//! The tree of `tsq show`.

use std::fmt::Write as _;

use crate::model::condition::Condition;
use crate::model::{Node, Sequence};
use crate::xml::Document;

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

/// An indented tree: one line per group and step, with what matters when reading a sequence
/// (type, disabled, continue on error, condition in text syntax). `tsq show` prints it.
///
/// ```
/// let doc = tasksequence::xml::read(br#"<sequence version="3.10"><group name="Prepare"><step name="Check" type="SMS_TaskSequence_PrestartCheckAction" disable="true"/></group></sequence>"#)?;
/// assert_eq!(
///     tasksequence::render::tree(&doc),
///     "sequence version 3.10\n  + Prepare\n    - Check [SMS_TaskSequence_PrestartCheckAction] (disabled)\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
fn describe_condition(condition: &Condition) -> String {
    let text = condition.to_text();
    if text.trim().is_empty() {
        "<empty condition: always true>".to_string()
    } else {
        text
    }
}
