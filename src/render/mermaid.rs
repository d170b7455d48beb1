//! The mermaid flowchart of `tsq show --format mermaid`.

use std::fmt::Write as _;

use super::settings::condition_text;
use crate::model::{Flow, Node, NodePath, Visitor, visit};
use crate::util::printable::printable;
use crate::xml::Document;

/// Longest condition written on an edge; longer ones end in `…` (mermaid lays labels out on one
/// line, and the full text is in the markdown and html forms).
const MAX_LABEL: usize = 80;

/// A mermaid flowchart: the steps in the order they run, groups as subgraphs, each condition on
/// the edge into its step (a group's in its title), disabled steps and groups dashed.
///
/// Node ids are `ts_start`, `ts_end`, `sN` (steps) and `gN` (groups), N their place in
/// document order; every label is quoted with each character other than letters, digits, space
/// and `.,:_-()/` written as a mermaid entity (`#35;`), so names cannot break the syntax. Large
/// sequences need mermaid's `maxEdges` (default 500) and `maxTextSize` (default 50 000) raised.
///
/// ```
/// let doc = tasksequence::xml::read(br#"<sequence><group name="Prepare"><step name="Check" type="X" disable="true"/></group></sequence>"#)?;
/// let chart = tasksequence::render::mermaid(&doc);
/// assert!(chart.starts_with("flowchart TD\n"));
/// assert!(chart.contains("subgraph g0 [\"Prepare\"]"));
/// assert!(chart.contains("s1[\"Check\"]"));
/// assert!(chart.contains("class s1 disabled"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn mermaid(doc: &Document) -> String {
    struct Chart {
        out: String,
        next: usize,
        indent: usize,
        /// The node the next edge starts from, and the label waiting for the next step.
        last: String,
        pending: Vec<String>,
        edges: Vec<String>,
        disabled: Vec<String>,
        dashed_groups: Vec<String>,
    }
    impl<'a> Visitor<'a> for Chart {
        fn enter(&mut self, _path: &NodePath, node: &'a Node) -> Flow {
            let id_number = self.next;
            self.next += 1;
            let pad = "  ".repeat(self.indent);
            match node {
                Node::Group(_) => {
                    let id = format!("g{id_number}");
                    let mut title = node.name().to_string();
                    if let Some(c) = condition_text(node) {
                        let _ = write!(title, " — if {}", shorten(&c));
                    }
                    let _ = writeln!(self.out, "{pad}subgraph {id} [\"{}\"]", label(&title));
                    self.indent += 1;
                    if node.is_disabled() {
                        self.dashed_groups.push(id);
                    }
                    Flow::Continue
                }
                Node::Step(_) => {
                    let id = format!("s{id_number}");
                    let _ = writeln!(self.out, "{pad}{id}[\"{}\"]", label(node.name()));
                    if let Some(c) = condition_text(node) {
                        self.pending.push(format!("if {}", shorten(&c)));
                    }
                    let text = self.pending.join(" ");
                    self.pending.clear();
                    let edge = if text.is_empty() {
                        format!("{} --> {id}", self.last)
                    } else {
                        format!("{} -->|\"{}\"| {id}", self.last, label(&text))
                    };
                    self.edges.push(edge);
                    if node.is_disabled() {
                        self.disabled.push(id.clone());
                    }
                    self.last = id;
                    Flow::SkipChildren
                }
                Node::Raw { .. } => Flow::SkipChildren,
            }
        }
        fn leave(&mut self, _path: &NodePath, node: &'a Node) {
            if matches!(node, Node::Group(_)) {
                self.indent = self.indent.saturating_sub(1);
                let pad = "  ".repeat(self.indent);
                let _ = writeln!(self.out, "{pad}end");
            }
        }
    }
    let mut chart = Chart {
        out: String::from("flowchart TD\n  ts_start([\"Start\"])\n"),
        next: 0,
        indent: 1,
        last: "ts_start".to_string(),
        pending: Vec::new(),
        edges: Vec::new(),
        disabled: Vec::new(),
        dashed_groups: Vec::new(),
    };
    visit(&doc.sequence.children, &mut chart);
    let mut out = chart.out;
    out.push_str("  ts_end([\"End\"])\n");
    for edge in &chart.edges {
        let _ = writeln!(out, "  {edge}");
    }
    let _ = writeln!(out, "  {} --> ts_end", chart.last);
    out.push_str("  classDef disabled stroke-dasharray: 5 5,color:#888888\n");
    for id in chart.disabled {
        let _ = writeln!(out, "  class {id} disabled");
    }
    for id in chart.dashed_groups {
        let _ = writeln!(out, "  style {id} stroke-dasharray: 5 5");
    }
    out
}

fn shorten(text: &str) -> String {
    let one_line = text.replace(['\n', '\r'], " ");
    if one_line.chars().count() <= MAX_LABEL {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(MAX_LABEL).collect();
    cut.push('…');
    cut
}

/// A label safe inside mermaid's `"…"`: anything but plain characters as `#NNN;`.
fn label(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || matches!(c, ' ' | '.' | ',' | ':' | '_' | '-' | '(' | ')' | '/') {
            out.push(c);
        } else {
            let _ = write!(out, "#{};", u32::from(c));
        }
    }
    if out.trim().is_empty() {
        // An empty label draws a node too small to see.
        out.push_str("#160;");
    }
    out
}
