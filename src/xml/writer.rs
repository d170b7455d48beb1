//! The XML emitter every writer shares: indentation, attributes, escaping, verbatim content.

use super::escape;
use crate::model::{Attribute, RawElement, RawNode};

/// How to format written XML.
///
/// ```
/// use tasksequence::model::{Node, Sequence, Step};
/// use tasksequence::xml::{write_sequence, WriteOptions};
///
/// let seq = Sequence { children: vec![Node::Step(Step { name: Some("S".into()), ..Step::default() })], ..Sequence::default() };
/// assert_eq!(WriteOptions::default(), WriteOptions { indent: Some(2) });
/// assert_eq!(write_sequence(&seq, &WriteOptions { indent: Some(1) }), "<sequence>\n <step name=\"S\"/>\n</sequence>");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOptions {
    /// Spaces per nesting level, one element per line; `None` writes everything on one line (as
    /// ConfigMgr stores sequences).
    pub indent: Option<usize>,
}

impl Default for WriteOptions {
    /// Two-space indentation.
    fn default() -> Self {
        Self { indent: Some(2) }
    }
}

impl WriteOptions {
    /// Everything on one line.
    ///
    /// ```
    /// use tasksequence::model::{Group, Node, Sequence};
    /// use tasksequence::xml::{write_sequence, WriteOptions};
    ///
    /// let seq = Sequence { children: vec![Node::Group(Group { name: Some("G".into()), ..Group::default() })], ..Sequence::default() };
    /// assert_eq!(write_sequence(&seq, &WriteOptions::one_line()), r#"<sequence><group name="G"/></sequence>"#);
    /// ```
    pub fn one_line() -> Self {
        Self { indent: None }
    }

    pub(super) fn newline(&self) -> &'static str {
        if self.indent.is_some() { "\n" } else { "" }
    }
}

/// Writes a node that stood outside the root (a comment, a processing instruction).
pub(super) fn raw_top_level(out: &mut String, node: &RawNode) {
    let mut w = Writer {
        out: std::mem::take(out),
        indent: None,
        depth: 0,
    };
    w.raw(node);
    *out = w.out;
}

pub(crate) struct Writer {
    pub out: String,
    indent: Option<usize>,
    pub(super) depth: usize,
}

impl Writer {
    pub(super) fn new(options: &WriteOptions) -> Self {
        Self {
            out: String::new(),
            indent: options.indent,
            depth: 0,
        }
    }

    pub(super) fn line(&mut self) {
        if let Some(n) = self.indent {
            if !self.out.is_empty() {
                self.out.push('\n');
            }
            self.out.extend(std::iter::repeat_n(' ', n * self.depth));
        }
    }

    /// Starts `<name`; attributes follow.
    pub fn open(&mut self, name: &str) {
        self.line();
        self.out.push('<');
        self.out.push_str(name);
    }

    pub fn attr(&mut self, name: &str, value: &str) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape::attribute(&mut self.out, value);
        self.out.push('"');
    }

    pub fn attr_opt(&mut self, name: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.attr(name, v);
        }
    }

    pub fn attrs(&mut self, extra: &[Attribute]) {
        for a in extra {
            self.attr(&a.name, &a.value);
        }
    }

    /// Ends the start tag of an element with children, runs `body` one level deeper, closes.
    pub fn body(&mut self, name: &str, body: impl FnOnce(&mut Self)) {
        self.out.push('>');
        self.depth += 1;
        body(self);
        self.depth -= 1;
        self.line();
        self.close_tag(name);
    }

    pub fn empty(&mut self) {
        self.out.push_str("/>");
    }

    pub(super) fn close_tag(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Ends the start tag and writes text content inline (text is never re-indented).
    pub fn text_body(&mut self, name: &str, text: &str) {
        if text.is_empty() {
            self.empty();
        } else {
            self.out.push('>');
            escape::text(&mut self.out, text);
            self.close_tag(name);
        }
    }

    pub fn raw(&mut self, node: &RawNode) {
        match node {
            RawNode::Element(e) => self.raw_element(e),
            RawNode::Text { text } => {
                self.line();
                escape::text(&mut self.out, text);
            }
            RawNode::Cdata { text } => {
                self.line();
                escape::cdata(&mut self.out, text);
            }
            RawNode::Comment { text } => {
                self.line();
                self.out.push_str("<!--");
                self.out.push_str(text);
                self.out.push_str("-->");
            }
            RawNode::ProcessingInstruction { text } => {
                self.line();
                self.out.push_str("<?");
                self.out.push_str(text);
                self.out.push_str("?>");
            }
        }
    }

    fn raw_element(&mut self, e: &RawElement) {
        self.open(&e.name);
        self.attrs(&e.attributes);
        if e.children.is_empty() {
            return self.empty();
        }
        let has_text = e
            .children
            .iter()
            .any(|c| matches!(c, RawNode::Text { .. } | RawNode::Cdata { .. }));
        if has_text {
            // Mixed or text content is written inline: indentation would change the text.
            self.out.push('>');
            let saved = self.indent.take();
            for child in &e.children {
                self.raw(child);
            }
            self.indent = saved;
            self.close_tag(&e.name);
        } else {
            self.body(&e.name, |w| {
                for child in &e.children {
                    w.raw(child);
                }
            });
        }
    }
}
