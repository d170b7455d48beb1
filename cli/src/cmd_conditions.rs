//! `tsq conditions FILE [--format text|json]`: every group and step that has a `<condition>`, with
//! its path and the condition in text syntax. Nodes without a `<condition>` element are left out;
//! an empty `<condition/>` is listed (it is true).

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use tasksequence::condition::Condition;

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

/// Runs `tsq conditions`.
pub fn run(args: &ConditionsArgs) -> Result<ExitCode, Failure> {
    let doc = crate::input::load_sequence(&args.file)?;
    let entries = entries(&doc)?;
    match args.format {
        Format::Text => {
            for entry in &entries {
                let text = entry.condition.to_text();
                if text.is_empty() {
                    println!("{}: (empty condition, always true)", entry.path);
                } else {
                    println!("{}: {text}", entry.path);
                }
            }
        }
        Format::Json => {
            // Written field by field so that the keys keep this order.
            let mut items = Vec::new();
            for entry in &entries {
                items.push(format!(
                    "{{\"path\":{},\"kind\":{},\"name\":{},\"condition_text\":{},\"condition\":{}}}",
                    serde_json::to_string(&entry.path)?,
                    serde_json::to_string(entry.kind)?,
                    serde_json::to_string(entry.name)?,
                    serde_json::to_string(&entry.condition.to_text())?,
                    serde_json::to_string(&entry.condition)?,
                ));
            }
            println!("[{}]", items.join(",\n "));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One listed condition: a group's or step's, or a Set Dynamic Variables rule's (path
/// `STEP#rule N`, kind `rule`, 1-based N in rule order).
struct Entry<'a> {
    path: String,
    kind: &'static str,
    name: &'a str,
    condition: Condition,
}

fn entries(doc: &tasksequence::xml::Document) -> Result<Vec<Entry<'_>>, Failure> {
    use tasksequence::model::{Node, NodeKind, views::StepView};
    let mut out = Vec::new();
    for visit in doc.sequence.walk() {
        let kind = match visit.node.kind() {
            NodeKind::Group => "group",
            NodeKind::Step => "step",
            NodeKind::SubTaskSequence => "sub_task_sequence",
            NodeKind::Raw => continue,
        };
        if let Some(c) = visit.node.condition() {
            out.push(Entry {
                path: visit.path_text().to_string(),
                kind,
                name: visit.node.name(),
                condition: c.clone(),
            });
        }
        if let Node::Step(step) = visit.node
            && let StepView::SetDynamicVariables(view) = step.view()
        {
            let rules = tasksequence::xml::rules_of(&view)
                .map_err(|e| Failure(format!("{}: rules: {e}", visit.path_text())))?;
            for (i, rule) in rules.rules.into_iter().enumerate() {
                if let Some(condition) = rule.condition {
                    out.push(Entry {
                        path: format!("{}#rule {}", visit.path_text(), i + 1),
                        kind: "rule",
                        name: visit.node.name(),
                        condition,
                    });
                }
            }
        }
    }
    Ok(out)
}
