//! What the documentation renders show of a step: the key settings of its typed view, secrets
//! redacted, and small helpers shared by the markdown, mermaid and html forms.

use crate::model::views::StepView;
use crate::model::{Node, Step};
use crate::vars::{REDACTED, is_secret_name};

/// The step's key settings as (name, value): the typed view's fields that are set, or, for a
/// type without a view, its variables. Secret values read [`REDACTED`].
pub(super) fn settings(step: &Step) -> Vec<(String, String)> {
    // Set Variable's "do not display", secret names it sets and secret rule values first.
    let step = &crate::redact::redacted_step(step);
    let secret_values: Vec<&str> = step
        .variables
        .iter()
        .flat_map(|v| v.iter())
        .filter(|v| v.is_hidden() || is_secret_name(&v.name))
        .map(|v| v.value.as_str())
        .filter(|v| !v.is_empty())
        .collect();
    let view = step.view();
    let mut out = Vec::new();
    let typed = !matches!(view, StepView::Other { .. } | StepView::Mdt { .. });
    if typed && let Ok(serde_json::Value::Object(map)) = serde_json::to_value(&view) {
        for (key, value) in map {
            if key == "view" {
                continue;
            }
            let text = match value {
                serde_json::Value::String(s) => s,
                serde_json::Value::Bool(b) => b.to_string(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Array(items) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => continue,
            };
            if text.is_empty() {
                continue;
            }
            let secret =
                is_secret_name(&key.replace('_', "")) || secret_values.contains(&text.as_str());
            out.push((key, if secret { REDACTED.to_string() } else { text }));
        }
    } else {
        for v in step.variables.iter().flat_map(|v| v.iter()) {
            let secret = v.is_hidden() || is_secret_name(&v.name);
            let value = if secret {
                REDACTED.to_string()
            } else {
                v.value.clone()
            };
            out.push((v.name.clone(), value));
        }
    }
    out
}

/// The type shown for a node: the step type, `command line` for MDT's untyped steps, `group`,
/// `run task sequence`.
pub(super) fn type_label(node: &Node) -> &str {
    match node {
        Node::Group(_) => "group",
        Node::Step(s) => match s.type_name.as_deref() {
            Some(t) => t,
            None if s.element == crate::model::StepElement::SubTaskSequence => "run task sequence",
            None => "command line",
        },
        Node::Raw { .. } => "",
    }
}

/// The condition in text syntax, `None` when there is none or it is empty (true).
pub(super) fn condition_text(node: &Node) -> Option<String> {
    node.condition()
        .map(|c| c.to_text())
        .filter(|t| !t.trim().is_empty())
}

/// The title of a document: the package name, else the sequence name, else `Task sequence`.
pub(super) fn title(doc: &crate::xml::Document) -> String {
    doc.package
        .as_ref()
        .and_then(|p| p.name.clone())
        .or_else(|| doc.sequence.name.clone())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Task sequence".to_string())
}
