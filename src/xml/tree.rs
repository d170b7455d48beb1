//! The one place that turns bytes into structure, enforcing the limits and refusing DTDs and
//! unknown entities.
//!
//! The quick-xml events are recorded on a flat tape: one vector of nodes and one of attributes for
//! the whole document, each element knowing where its content ends. The model readers walk the
//! tape through small borrowed views ([`XElement`], [`XNode`]), so reading costs no allocation per
//! element, and names and most text stay borrowed from the input.

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::events::attributes::Attributes;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::error::{Position, ReadError, ReadErrorKind, Warning};
use super::names::is_name;

/// One recorded node. An element's content is the nodes after it up to `end`.
#[derive(Debug)]
enum Slot<'a> {
    Element {
        name: &'a str,
        /// Byte offset of the `<` that opens the element.
        offset: usize,
        /// The element's attributes: `attrs[start..end]` of the tape.
        attrs: (usize, usize),
        /// Index of the first node after the element's content.
        end: usize,
    },
    Text(Cow<'a, str>),
    CData(Cow<'a, str>),
    Comment(Cow<'a, str>),
    Pi(Cow<'a, str>),
}

/// A whole document's nodes and attributes, in document order.
#[derive(Debug, Default)]
pub(crate) struct Tape<'a> {
    nodes: Vec<Slot<'a>>,
    attrs: Vec<(&'a str, Cow<'a, str>)>,
}

/// An element on the tape: its name, attributes and offset, and a way to its content.
#[derive(Debug, Clone, Copy)]
pub(crate) struct XElement<'t> {
    tape: &'t Tape<'t>,
    index: usize,
    end: usize,
    pub name: &'t str,
    pub attrs: &'t [(&'t str, Cow<'t, str>)],
    /// Byte offset of the `<` that opens the element.
    pub offset: usize,
}

/// A node of an element's content.
#[derive(Debug, Clone, Copy)]
pub(crate) enum XNode<'t> {
    Element(XElement<'t>),
    Text(&'t str),
    CData(&'t str),
    Comment(&'t str),
    Pi(&'t str),
}

impl<'t> Tape<'t> {
    fn node(&'t self, index: usize) -> Option<(XNode<'t>, usize)> {
        Some(match self.nodes.get(index)? {
            Slot::Element {
                name,
                offset,
                attrs: (from, to),
                end,
            } => {
                // A well-formed tape ends an element after its start; never walk backwards.
                let end = (*end).max(index + 1);
                let element = XElement {
                    tape: self,
                    index,
                    end,
                    name,
                    attrs: self.attrs.get(*from..*to).unwrap_or_default(),
                    offset: *offset,
                };
                (XNode::Element(element), end)
            }
            Slot::Text(t) => (XNode::Text(t), index + 1),
            Slot::CData(t) => (XNode::CData(t), index + 1),
            Slot::Comment(t) => (XNode::Comment(t), index + 1),
            Slot::Pi(t) => (XNode::Pi(t), index + 1),
        })
    }
}

/// The nodes of a range of the tape, each element with its content skipped.
#[derive(Debug, Clone)]
pub(crate) struct Children<'t> {
    tape: &'t Tape<'t>,
    next: usize,
    end: usize,
}

impl<'t> Iterator for Children<'t> {
    type Item = XNode<'t>;

    fn next(&mut self) -> Option<XNode<'t>> {
        if self.next >= self.end {
            return None;
        }
        let (node, after) = self.tape.node(self.next)?;
        self.next = after;
        Some(node)
    }
}

impl<'t> XElement<'t> {
    /// The element's content, in document order.
    pub fn children(&self) -> Children<'t> {
        Children {
            tape: self.tape,
            next: self.index + 1,
            end: self.end,
        }
    }

    pub fn attr(&self, name: &str) -> Option<&'t str> {
        self.attrs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_ref())
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = XElement<'t>> + use<'t> {
        self.children().filter_map(|c| match c {
            XNode::Element(e) => Some(e),
            _ => None,
        })
    }

    /// Whether the element holds only text, CDATA and nothing else that matters.
    pub fn is_text_only(&self) -> bool {
        self.children()
            .all(|c| matches!(c, XNode::Text(_) | XNode::CData(_)))
    }

    /// The element's text, concatenated; borrowed when it is a single piece.
    pub fn text(&self) -> Cow<'t, str> {
        let mut pieces = self.children().filter_map(|c| match c {
            XNode::Text(t) | XNode::CData(t) => Some(t),
            _ => None,
        });
        match (pieces.next(), pieces.next()) {
            (None, _) => Cow::Borrowed(""),
            (Some(one), None) => Cow::Borrowed(one),
            (Some(first), Some(second)) => {
                let mut all = String::with_capacity(first.len() + second.len());
                all.push_str(first);
                all.push_str(second);
                pieces.for_each(|p| all.push_str(p));
                Cow::Owned(all)
            }
        }
    }
}

/// A parsed document: what stood before the root, the root, and whether a declaration was seen.
#[derive(Debug)]
pub(crate) struct XDocument<'a> {
    pub declaration: Option<&'a str>,
    tape: Tape<'a>,
    /// The root's index on the tape; the comments and processing instructions before it are the
    /// prolog.
    root: usize,
    /// Byte offset just past the root element's end.
    pub root_end: usize,
    pub warnings: Vec<Warning>,
}

impl XDocument<'_> {
    pub fn root(&self) -> XElement<'_> {
        match self.tape.node(self.root) {
            Some((XNode::Element(e), _)) => e,
            // The parser records the root as an element; an empty view keeps this total.
            _ => XElement {
                tape: &self.tape,
                index: self.root,
                end: self.root,
                name: "",
                attrs: &[],
                offset: 0,
            },
        }
    }

    /// The comments and processing instructions before the root.
    pub fn prolog(&self) -> Children<'_> {
        Children {
            tape: &self.tape,
            next: 0,
            end: self.root,
        }
    }
}

/// Limits the builder enforces.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub max_depth: usize,
}

/// Borrows `inner` (a slice quick-xml handed out) as a slice of `input`, when it is one.
fn reborrow<'a>(input: &'a str, inner: &str) -> Option<&'a str> {
    let start = (inner.as_ptr() as usize).checked_sub(input.as_ptr() as usize)?;
    input.get(start..start.checked_add(inner.len())?)
}

/// An attribute's value as written, borrowed from the input, when XML's attribute-value
/// normalization has nothing to do: no reference, tab or line break (most values).
fn plain_value<'a>(input: &'a str, raw: &str) -> Option<&'a str> {
    if raw
        .bytes()
        .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'))
    {
        return None;
    }
    let start = (raw.as_ptr() as usize).checked_sub(input.as_ptr() as usize)?;
    input.get(start..start.checked_add(raw.len())?)
}

/// XML 1.0's `Char`: what a document may hold, raw or by reference. (Surrogates cannot occur in a
/// Rust string.) Refusing the rest keeps a terminal escape or a NUL out of the model, and out of
/// what the writer would otherwise write back.
pub(super) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether any byte of `chunk` is below 0x20 or is 0xEF, the only bytes that can start a
/// character XML refuses (a C0 control, or U+FFFE / U+FFFF, which UTF-8 writes `EF BF BE/BF`).
fn may_hold_forbidden(chunk: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below_space = chunk.wrapping_sub(ONES * 0x20) & !chunk & HIGHS;
    let ef = chunk ^ (ONES * 0xEF);
    let is_ef = ef.wrapping_sub(ONES) & !ef & HIGHS;
    below_space | is_ef != 0
}

/// The first character of `input` XML 1.0 does not allow, with its byte offset. Eight bytes are
/// tested at a time and only a block that may hold one is looked at byte by byte: in UTF-8 a byte
/// below 0x20 is always a whole character, and 0xEF always starts one.
fn first_forbidden(input: &str) -> Option<(usize, char)> {
    let bytes = input.as_bytes();
    let forbidden_at = |i: usize| match bytes.get(i..) {
        Some([b, ..]) if *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') => Some(char::from(*b)),
        Some([0xEF, 0xBF, 0xBE, ..]) => Some('\u{FFFE}'),
        Some([0xEF, 0xBF, 0xBF, ..]) => Some('\u{FFFF}'),
        _ => None,
    };
    for (n, chunk) in bytes.chunks(8).enumerate() {
        let suspicious = match <[u8; 8]>::try_from(chunk) {
            Ok(block) => may_hold_forbidden(u64::from_le_bytes(block)),
            Err(_) => true,
        };
        if suspicious {
            let from = n * 8;
            for i in from..from + chunk.len() {
                if let Some(c) = forbidden_at(i) {
                    return Some((i, c));
                }
            }
        }
    }
    None
}

fn entity_error(message: &str, raw: &str) -> ReadErrorKind {
    // quick-xml reports unknown entities in its own words; name the entity when we can find it.
    if let Some(start) = raw.find('&') {
        let rest = raw.get(start + 1..).unwrap_or_default();
        if let Some(end) = rest.find(';') {
            let name = rest.get(..end).unwrap_or_default();
            if !name.starts_with('#')
                && quick_xml::escape::resolve_predefined_entity(name).is_none()
            {
                return ReadErrorKind::UnknownEntity(name.to_string());
            }
        }
    }
    ReadErrorKind::Syntax(message.to_string())
}

/// What an open element's content last received, which decides whether whitespace is formatting
/// and whether text joins the text before it.
#[derive(Debug, Clone, Copy)]
enum Last {
    Nothing,
    Element,
    /// A text node, at this index of the tape (always the last node).
    Text(usize),
    Other,
}

#[derive(Debug)]
struct Open {
    index: usize,
    last: Last,
}

struct Builder<'a> {
    input: &'a str,
    tape: Tape<'a>,
}

impl<'a> Builder<'a> {
    /// Records an element's start tag; its content follows on the tape.
    fn element(&mut self, event: &BytesStart<'a>, offset: usize) -> Result<usize, ReadErrorKind> {
        let whole: &str = event;
        let name_len = event.name().as_ref().len();
        // quick-xml reads `< />` as an element named ``, which no writer can write back.
        if name_len == 0 {
            return Err(ReadErrorKind::Syntax(
                "an element needs a name right after `<`".into(),
            ));
        }
        // Events from a slice reader borrow the input; reborrowing keeps names and values zero-copy.
        let (name, attrs) = match reborrow(self.input, whole) {
            Some(buf) => (
                buf.get(..name_len).unwrap_or(buf),
                Attributes::new(buf, name_len),
            ),
            None => return Err(ReadErrorKind::Syntax("unexpected owned event".into())),
        };
        if !is_name(name) {
            return Err(ReadErrorKind::Syntax(format!(
                "`{}` is not a valid xml element name",
                printable_name(name)
            )));
        }
        let from = self.tape.attrs.len();
        for attr in attrs {
            let attr = attr.map_err(|e| ReadErrorKind::Syntax(e.to_string()))?;
            if !is_name(attr.key.0) {
                return Err(ReadErrorKind::Syntax(format!(
                    "`{}` is not a valid xml attribute name (in `<{}>`)",
                    printable_name(attr.key.0),
                    printable_name(name)
                )));
            }
            let value = match plain_value(self.input, &attr.value) {
                Some(value) => Cow::Borrowed(value),
                None => attr
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map_err(|e| entity_error(&e.to_string(), &attr.value))?,
            };
            // Raw text was checked before parsing; only references can bring in more.
            if let Cow::Owned(value) = &value
                && let Some(c) = value.chars().find(|c| !is_xml_char(*c))
            {
                return Err(ReadErrorKind::ForbiddenCharacter(u32::from(c)));
            }
            self.tape.attrs.push((attr.key.0, value));
        }
        let index = self.tape.nodes.len();
        self.tape.nodes.push(Slot::Element {
            name,
            offset,
            attrs: (from, self.tape.attrs.len()),
            end: index + 1,
        });
        Ok(index)
    }

    /// Whitespace before an element is formatting: not worth a node (the model drops it anyway).
    fn before_element(&mut self, parent: &mut Open) {
        if let Last::Text(at) = parent.last
            && at + 1 == self.tape.nodes.len()
            && matches!(self.tape.nodes.last(), Some(Slot::Text(t)) if t.trim().is_empty())
        {
            self.tape.nodes.pop();
        }
        parent.last = Last::Element;
    }

    fn text(&mut self, parent: &mut Open, text: Cow<'a, str>) {
        match parent.last {
            // Whitespace after an element is formatting too.
            Last::Element if text.trim().is_empty() => return,
            // Adjacent text and references become one text node, as an XML parser reports them.
            Last::Text(at) => {
                if let Some(Slot::Text(prev)) = self.tape.nodes.get_mut(at) {
                    prev.to_mut().push_str(&text);
                    return;
                }
            }
            _ => {}
        }
        parent.last = Last::Text(self.tape.nodes.len());
        self.tape.nodes.push(Slot::Text(text));
    }

    /// Whitespace after an element that a reference continues: the start of a text, not
    /// formatting.
    fn text_after_element(&mut self, parent: &mut Open, text: Cow<'a, str>) {
        parent.last = Last::Text(self.tape.nodes.len());
        self.tape.nodes.push(Slot::Text(text));
    }

    fn other(&mut self, parent: &mut Open, slot: Slot<'a>) {
        parent.last = Last::Other;
        self.tape.nodes.push(slot);
    }

    fn close(&mut self, open: &Open) {
        let end = self.tape.nodes.len();
        if let Some(Slot::Element { end: slot, .. }) = self.tape.nodes.get_mut(open.index) {
            *slot = end;
        }
    }

    fn name_of(&self, index: usize) -> &'a str {
        match self.tape.nodes.get(index) {
            Some(Slot::Element { name, .. }) => name,
            _ => "",
        }
    }

    fn offset_of(&self, index: usize) -> usize {
        match self.tape.nodes.get(index) {
            Some(Slot::Element { offset, .. }) => *offset,
            _ => 0,
        }
    }
}

/// A quick-xml position as an offset in the input, counting the skipped byte-order mark.
fn position(at: u64, skip: usize) -> usize {
    usize::try_from(at)
        .ok()
        .and_then(|at| at.checked_add(skip))
        .unwrap_or(usize::MAX)
}

/// Parses `input` onto a tape. Comments and processing instructions before the root are kept in
/// the prolog; a declaration that does not come first is tolerated with a warning.
pub(crate) fn parse(input: &str, limits: Limits) -> Result<XDocument<'_>, ReadError> {
    let bytes = input.as_bytes();
    if let Some((at, c)) = first_forbidden(input) {
        return Err(ReadError::new(
            ReadErrorKind::ForbiddenCharacter(u32::from(c)),
            bytes,
            at,
        ));
    }
    // quick-xml drops a leading byte-order mark without counting it in its positions, which would
    // put every offset three bytes early (an `object.xml` may carry one inside its CDATA). Skip it
    // here and count it in.
    let skip = if input.starts_with('\u{feff}') { 3 } else { 0 };
    let body = input.get(skip..).unwrap_or_default();
    let mut reader = Reader::from_str(body);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;

    let mut b = Builder {
        input: body,
        tape: Tape {
            // Real sequences hold about one node per 50-70 bytes and one attribute per 40-50: one
            // allocation each, mostly, instead of a copy at every doubling.
            nodes: Vec::with_capacity(input.len() / 48),
            attrs: Vec::with_capacity(input.len() / 32),
        },
    };
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<usize> = None;
    let mut root_end = 0;
    let mut declaration = None;
    let mut warnings = Vec::new();
    let fail = |kind, offset| ReadError::new(kind, bytes, offset);

    // Whitespace right after an element, held back for one event: quick-xml reports a reference
    // as an event of its own, so only the next event tells formatting (dropped) from the start of
    // a text (`<v/> &gt;` holds the text ` >`).
    let mut held: Option<Cow<'_, str>> = None;
    loop {
        let offset = position(reader.buffer_position(), skip);
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(err) => {
                let at = position(reader.error_position(), skip);
                return Err(fail(ReadErrorKind::Syntax(err.to_string()), at));
            }
        };
        let whitespace = held.take();
        match event {
            Event::Start(e) => {
                if stack.len() >= limits.max_depth {
                    return Err(fail(ReadErrorKind::TooDeep(limits.max_depth), offset));
                }
                if root.is_some() {
                    return Err(fail(
                        ReadErrorKind::TrailingContent(format!("<{}", e.name().0)),
                        offset,
                    ));
                }
                if let Some(parent) = stack.last_mut() {
                    b.before_element(parent);
                }
                let index = b.element(&e, offset).map_err(|k| fail(k, offset))?;
                stack.push(Open {
                    index,
                    last: Last::Nothing,
                });
            }
            Event::Empty(e) => {
                if stack.len() >= limits.max_depth {
                    return Err(fail(ReadErrorKind::TooDeep(limits.max_depth), offset));
                }
                if let Some(parent) = stack.last_mut() {
                    b.before_element(parent);
                }
                let index = b.element(&e, offset).map_err(|k| fail(k, offset))?;
                if stack.is_empty() {
                    if root.is_some() {
                        return Err(fail(
                            ReadErrorKind::TrailingContent(format!("<{}", b.name_of(index))),
                            offset,
                        ));
                    }
                    root = Some(index);
                    root_end = position(reader.buffer_position(), skip);
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(fail(
                        ReadErrorKind::Syntax("closing tag without opening tag".into()),
                        offset,
                    ));
                };
                b.close(&done);
                if stack.is_empty() {
                    root = Some(done.index);
                    root_end = position(reader.buffer_position(), skip);
                }
            }
            Event::Text(t) => {
                let text = t.xml10_content();
                match stack.last_mut() {
                    Some(parent)
                        if matches!(parent.last, Last::Element) && text.trim().is_empty() =>
                    {
                        held = Some(text);
                    }
                    Some(parent) => b.text(parent, text),
                    None if text.trim().is_empty() => {}
                    None => {
                        let kind = if root.is_some() {
                            ReadErrorKind::TrailingContent(text.trim().chars().take(20).collect())
                        } else {
                            ReadErrorKind::Syntax(format!(
                                "text `{}` before the root element",
                                text.trim().chars().take(20).collect::<String>()
                            ))
                        };
                        return Err(fail(kind, offset));
                    }
                }
            }
            Event::GeneralRef(r) => {
                let resolved: Cow<'_, str> = if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) if is_xml_char(c) => Cow::Owned(c.to_string()),
                        Ok(Some(c)) => {
                            return Err(fail(
                                ReadErrorKind::ForbiddenCharacter(u32::from(c)),
                                offset,
                            ));
                        }
                        _ => {
                            return Err(fail(
                                ReadErrorKind::Syntax(format!(
                                    "invalid character reference `&{};`",
                                    &*r
                                )),
                                offset,
                            ));
                        }
                    }
                } else {
                    match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(s) => Cow::Borrowed(s),
                        None => {
                            return Err(fail(ReadErrorKind::UnknownEntity(r.to_string()), offset));
                        }
                    }
                };
                match stack.last_mut() {
                    Some(parent) => {
                        if let Some(whitespace) = whitespace {
                            b.text_after_element(parent, whitespace);
                        }
                        b.text(parent, resolved);
                    }
                    None => {
                        return Err(fail(
                            ReadErrorKind::Syntax("reference outside the root element".into()),
                            offset,
                        ));
                    }
                }
            }
            Event::CData(c) => {
                let text = c.xml10_content();
                match stack.last_mut() {
                    Some(parent) => b.other(parent, Slot::CData(text)),
                    None => {
                        return Err(fail(
                            ReadErrorKind::Syntax("cdata outside the root element".into()),
                            offset,
                        ));
                    }
                }
            }
            Event::Comment(c) => match stack.last_mut() {
                Some(parent) => b.other(parent, Slot::Comment(c.into_inner())),
                None if root.is_none() => b.tape.nodes.push(Slot::Comment(c.into_inner())),
                // A comment after the root is legal XML and carries no meaning for the sequence.
                None => {}
            },
            Event::PI(p) => match stack.last_mut() {
                Some(parent) => b.other(parent, Slot::Pi(p.into_inner())),
                None if root.is_none() => b.tape.nodes.push(Slot::Pi(p.into_inner())),
                None => {}
            },
            Event::Decl(d) => {
                let prolog_empty = b.tape.nodes.is_empty();
                if offset > skip || !prolog_empty || root.is_some() || !stack.is_empty() {
                    warnings.push(Warning {
                        message: "xml declaration is not at the start of the input (content before it was kept)".into(),
                        position: Position::at(bytes, offset),
                    });
                }
                let whole: &str = &d;
                declaration = reborrow(body, whole);
            }
            Event::DocType(_) => return Err(fail(ReadErrorKind::Doctype, offset)),
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(fail(
            ReadErrorKind::Syntax(format!("element `{}` is not closed", b.name_of(open.index))),
            b.offset_of(open.index),
        ));
    }
    let root = root.ok_or_else(|| fail(ReadErrorKind::NoRoot, bytes.len()))?;
    Ok(XDocument {
        declaration,
        tape: b.tape,
        root,
        root_end,
        warnings,
    })
}

/// A name for an error message: its first 40 characters, control characters escaped.
fn printable_name(name: &str) -> String {
    let head: String = name.chars().take(40).collect();
    crate::util::printable::printable(&head).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_scan_finds_what_the_character_scan_finds() {
        let long = "abcdefgh".repeat(5);
        for (text, expected) in [
            (
                String::from("plain ascii text, long enough for blocks"),
                None,
            ),
            (format!("{long}\u{1}"), Some((40, '\u{1}'))),
            (format!("{long}é\u{FFFE}"), Some((42, '\u{FFFE}'))),
            (format!("{long}\u{FFFD}\u{FFFF}"), Some((43, '\u{FFFF}'))),
            (format!("{long}\t\r\n\u{EFFF}ok"), None),
            (format!("é{long}\u{0}"), Some((42, '\u{0}'))),
            (format!("abcdefgé{long}\u{B}"), Some((49, '\u{B}'))),
        ] {
            assert_eq!(first_forbidden(&text), expected, "{text:?}");
            let slow = text.char_indices().find(|(_, c)| !is_xml_char(*c));
            assert_eq!(first_forbidden(&text), slow, "{text:?}");
        }
    }

    fn root_children(xml: &str) -> Vec<String> {
        let doc = parse(xml, Limits { max_depth: 16 }).unwrap();
        doc.root()
            .children()
            .map(|n| match n {
                XNode::Element(e) => format!("<{}>", e.name),
                XNode::Text(t) => format!("text {t:?}"),
                XNode::Comment(c) => format!("comment {c:?}"),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn whitespace_after_an_element_starts_a_text_when_a_reference_follows() {
        // Found by fuzzing: ` &gt;` after `<v/>` lost its space, so the written `<v/> &gt;` read
        // back as `>`.
        assert_eq!(
            root_children("<foo><v/> &gt;</foo>"),
            ["<v>", "text \" >\""]
        );
        assert_eq!(
            root_children("<foo><v/>\n &amp; x<w/></foo>"),
            ["<v>", "text \"\\n & x\"", "<w>"]
        );
        assert_eq!(
            root_children("<foo><v/>&gt; </foo>"),
            ["<v>", "text \"> \""]
        );
    }

    #[test]
    fn whitespace_between_elements_stays_formatting() {
        assert_eq!(
            root_children("<foo>\n  <v/>\n  <w/>\n</foo>"),
            ["<v>", "<w>"]
        );
        assert_eq!(
            root_children("<foo><v/> <!--c--></foo>"),
            ["<v>", "comment \"c\""]
        );
        assert_eq!(root_children("<foo><v/>&#32;<w/></foo>"), ["<v>", "<w>"]);
    }

    #[test]
    fn an_element_without_a_name_is_an_error() {
        // Found by fuzzing: `< />` was read as an element named ``, written back as `</>`.
        for input in ["<sequence>< /></sequence>", "<sequence>< ></ ></sequence>"] {
            let err = parse(input, Limits { max_depth: 16 }).unwrap_err();
            assert_eq!(
                err.kind,
                ReadErrorKind::Syntax("an element needs a name right after `<`".into()),
                "{input}"
            );
            assert_eq!((err.line(), err.column()), (1, 11), "{input}");
        }
    }

    #[test]
    fn text_after_an_element_round_trips() {
        let input =
            b"<sequence><group><expression><variable></variable> ></expression></group></sequence>";
        let doc = crate::xml::read(input).unwrap();
        let written = doc.to_xml();
        assert!(
            written.contains("<variable/> &gt;</expression>"),
            "{written}"
        );
        assert_eq!(crate::xml::read(written.as_bytes()).unwrap(), doc);
    }
}
