//! The XML emitter every writer shares: indentation, attributes, escaping, verbatim content.

use super::escape;
use super::names::is_name;
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
pub(super) fn raw_top_level(w: &mut Writer, node: &RawNode) {
    let saved = w.indent.take();
    if w.check
        && !matches!(
            node,
            RawNode::Comment { .. } | RawNode::ProcessingInstruction { .. }
        )
    {
        w.problem(|| {
            "only comments and processing instructions may stand before the root element".into()
        });
    }
    w.raw(node);
    w.indent = saved;
}

pub(crate) struct Writer {
    pub out: String,
    indent: Option<usize>,
    pub(super) depth: usize,
    /// Checking mode: names, comments, processing instructions and characters are validated as they
    /// are written, and the first problem kept (see [`super::Document::check`]).
    check: bool,
    pub(super) first_problem: Option<String>,
    /// Where in `out` the current start tag's attribute names stand (checking mode only), to find
    /// a name written twice.
    names: Vec<(usize, usize)>,
    /// The element whose start tag is being written, for messages.
    element: String,
}

impl Writer {
    pub(super) fn new(options: &WriteOptions) -> Self {
        Self {
            out: String::new(),
            indent: options.indent,
            depth: 0,
            check: false,
            first_problem: None,
            names: Vec::new(),
            element: String::new(),
        }
    }

    /// A writer that also validates what it writes.
    pub(super) fn checking(options: &WriteOptions) -> Self {
        Self {
            check: true,
            ..Self::new(options)
        }
    }

    fn problem(&mut self, message: impl FnOnce() -> String) {
        if self.first_problem.is_none() {
            self.first_problem = Some(message());
        }
    }

    fn check_chars(&mut self, what: &str, text: &str) {
        if self.check
            && let Some(c) = text.chars().find(|c| !super::tree::is_xml_char(*c))
        {
            let element = self.element.clone();
            self.problem(|| {
                format!(
                    "{what} in `<{element}>` holds U+{:04X}, a character xml does not allow",
                    u32::from(c)
                )
            });
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
        if self.check {
            self.names.clear();
            name.clone_into(&mut self.element);
            if !is_name(name) {
                self.problem(|| format!("`{name}` is not a valid xml element name"));
            }
        }
    }

    pub fn attr(&mut self, name: &str, value: &str) {
        self.out.push(' ');
        let at = self.out.len();
        self.out.push_str(name);
        if self.check {
            self.check_attribute(name, at);
            self.check_chars(&format!("attribute `{name}`"), value);
        }
        self.out.push_str("=\"");
        escape::attribute(&mut self.out, value);
        self.out.push('"');
    }

    fn check_attribute(&mut self, name: &str, at: usize) {
        let element = self.element.clone();
        if !is_name(name) {
            self.problem(|| {
                format!("`{name}` is not a valid xml attribute name (in `<{element}>`)")
            });
        }
        let twice = self
            .names
            .iter()
            .any(|&(from, to)| self.out.get(from..to) == Some(name));
        if twice {
            self.problem(|| format!("attribute `{name}` is written twice in `<{element}>`"));
        }
        self.names.push((at, at + name.len()));
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
        self.check_chars("the text", text);
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
                self.check_chars("text", text);
                self.line();
                escape::text(&mut self.out, text);
            }
            RawNode::Cdata { text } => {
                self.check_chars("cdata", text);
                self.line();
                escape::cdata(&mut self.out, text);
            }
            RawNode::Comment { text } => {
                if self.check {
                    self.check_chars("a comment", text);
                    // `--` would end the comment early (or make the file unreadable), letting the
                    // rest of the text become markup.
                    if text.contains("--") || text.ends_with('-') {
                        self.problem(|| format!("comment `{text}` holds `--` or ends with `-`, which xml comments cannot"));
                    }
                }
                self.line();
                self.out.push_str("<!--");
                self.out.push_str(text);
                self.out.push_str("-->");
            }
            RawNode::ProcessingInstruction { text } => {
                if self.check {
                    self.check_chars("a processing instruction", text);
                    self.check_instruction(text);
                }
                self.line();
                self.out.push_str("<?");
                self.out.push_str(text);
                self.out.push_str("?>");
            }
        }
    }

    /// A processing instruction is a target name (not `xml`, which is the declaration's), then
    /// optionally whitespace and data without `?>`.
    fn check_instruction(&mut self, text: &str) {
        let target = text
            .split([' ', '\t', '\n', '\r'])
            .next()
            .unwrap_or_default();
        if text.contains("?>") || !is_name(target) || target.eq_ignore_ascii_case("xml") {
            self.problem(|| format!("`<?{text}?>` is not a valid processing instruction"));
        }
    }

    /// The XML declaration's content (`xml version="1.0"`): it must be one, and must not end early.
    pub(super) fn check_declaration(&mut self, decl: &str) {
        let is_declaration = decl
            .strip_prefix("xml")
            .is_some_and(|rest| rest.starts_with([' ', '\t', '\n', '\r']));
        if self.check && (!is_declaration || decl.contains("?>")) {
            self.problem(|| format!("`<?{decl}?>` is not an xml declaration"));
        }
        self.check_chars("the xml declaration", decl);
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
