//! The markdown documentation page of `tsq show --format markdown`.

use std::fmt::Write as _;

use super::settings::{condition_text, settings, title, type_label};
use crate::model::{Node, NodePath};
use crate::util::printable::printable;
use crate::xml::Document;

/// A documentation page: a heading per group (its path, condition and flags) and a table of its
/// steps — step, type, condition in text syntax, disabled, continue on error and the key settings
/// of the step's typed view, secrets shown as `********`. Top-level steps come first under
/// "Top level". Control characters are escaped ([`printable`]); `|` and line breaks in cells are
/// escaped for markdown.
///
/// ```
/// let doc = tasksequence::xml::read(br#"<sequence><group name="Prepare"><step name="Restart" type="SMS_TaskSequence_RebootAction" disable="true"/></group></sequence>"#)?;
/// let page = tasksequence::render::markdown(&doc);
/// assert!(page.starts_with("# Task sequence\n"));
/// assert!(page.contains("## Prepare\n"));
/// assert!(page.contains("| Restart | SMS_TaskSequence_RebootAction |  | yes | no |"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn markdown(doc: &Document) -> String {
    let seq = &doc.sequence;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", cell(&title(doc)));
    if let Some(v) = &seq.version {
        let _ = writeln!(out, "Version {}.\n", cell(v));
    }
    // Containers in document order: the sequence (top level) then every group.
    let mut containers: Vec<(Option<NodePath>, &[Node])> = vec![(None, &seq.children)];
    for visit in seq.walk() {
        if let Node::Group(g) = visit.node {
            containers.push((Some(visit.path.clone()), &g.children));
        }
    }
    for (path, children) in containers {
        let steps: Vec<&Node> = children
            .iter()
            .filter(|n| matches!(n, Node::Step(_)))
            .collect();
        match &path {
            None if steps.is_empty() => continue,
            None => out.push_str("## Top level\n\n"),
            Some(p) => {
                let node = seq.node(p);
                let level = "#".repeat((p.depth() + 2).min(6));
                let _ = writeln!(out, "{level} {}\n", cell(&seq.path_text(p)));
                if let Some(node) = node {
                    let mut facts = Vec::new();
                    if let Some(c) = condition_text(node) {
                        facts.push(format!("Condition: `{}`", code(&c)));
                    }
                    if node.is_disabled() {
                        facts.push("Disabled.".to_string());
                    }
                    if node.options().is_some_and(|o| o.continues_on_error()) {
                        facts.push("Continues on error.".to_string());
                    }
                    if !facts.is_empty() {
                        let _ = writeln!(out, "{}\n", facts.join(" "));
                    }
                }
                if steps.is_empty() {
                    out.push_str("(no steps of its own)\n\n");
                    continue;
                }
            }
        }
        out.push_str("| Step | Type | Condition | Disabled | Continue on error | Settings |\n");
        out.push_str("| --- | --- | --- | --- | --- | --- |\n");
        for node in steps {
            let Node::Step(step) = node else { continue };
            let settings: Vec<String> = settings(step)
                .into_iter()
                .map(|(k, v)| format!("{}: {}", cell(&k), cell(&v)))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                cell(node.name()),
                cell(type_label(node)),
                condition_text(node).map(|c| cell(&c)).unwrap_or_default(),
                yes_no(node.is_disabled()),
                yes_no(node.options().is_some_and(|o| o.continues_on_error())),
                settings.join("<br>"),
            );
        }
        out.push('\n');
    }
    out
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// Text for a table cell: printable, `|` escaped, line breaks as `<br>`, `<` and `&` as entities
/// so that values never turn into markup.
pub(super) fn cell(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// Text inside an inline code span (backticks cannot be escaped there; they become quotes).
pub(super) fn code(text: &str) -> String {
    printable(text).replace('`', "'").replace('\n', " ")
}
