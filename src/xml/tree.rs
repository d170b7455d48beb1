//! A small borrowed element tree built from quick-xml events: the one place that turns bytes into
//! structure, enforcing the limits and refusing DTDs and unknown entities.

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::events::attributes::Attributes;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::error::{Position, ReadError, ReadErrorKind, Warning};

/// An element and everything inside it, borrowing from the input where it can.
#[derive(Debug, Clone)]
pub(crate) struct XElement<'a> {
    pub name: &'a str,
    pub attrs: Vec<(&'a str, Cow<'a, str>)>,
    pub children: Vec<XNode<'a>>,
    /// Byte offset of the `<` that opens the element.
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub(crate) enum XNode<'a> {
    Element(XElement<'a>),
    Text(Cow<'a, str>),
    CData(Cow<'a, str>),
    Comment(Cow<'a, str>),
    Pi(Cow<'a, str>),
}

impl<'a> XElement<'a> {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_ref())
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &XElement<'a>> {
        self.children.iter().filter_map(|c| match c {
            XNode::Element(e) => Some(e),
            _ => None,
        })
    }

    /// Whether the element holds only text, CDATA and nothing else that matters.
    pub fn is_text_only(&self) -> bool {
        self.children
            .iter()
            .all(|c| matches!(c, XNode::Text(_) | XNode::CData(_)))
    }

    /// The element's text, concatenated; borrowed when it is a single piece.
    pub fn text(&self) -> Cow<'a, str> {
        let mut pieces = self.children.iter().filter_map(|c| match c {
            XNode::Text(t) | XNode::CData(t) => Some(t),
            _ => None,
        });
        match (pieces.next(), pieces.next()) {
            (None, _) => Cow::Borrowed(""),
            (Some(one), None) => one.clone(),
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
    pub prolog: Vec<XNode<'a>>,
    pub root: XElement<'a>,
    /// Byte offset just past the root element's end.
    pub root_end: usize,
    pub warnings: Vec<Warning>,
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

fn open<'a>(
    input: &'a str,
    event: &BytesStart<'a>,
    offset: usize,
) -> Result<XElement<'a>, ReadErrorKind> {
    let whole: &str = event;
    let name_len = event.name().as_ref().len();
    // quick-xml reads `< />` as an element named ``, which no writer can write back.
    if name_len == 0 {
        return Err(ReadErrorKind::Syntax(
            "an element needs a name right after `<`".into(),
        ));
    }
    // Events from a slice reader borrow the input; reborrowing keeps names and values zero-copy.
    let (name, attrs) = match reborrow(input, whole) {
        Some(buf) => (
            buf.get(..name_len).unwrap_or(buf),
            Attributes::new(buf, name_len),
        ),
        None => return Err(ReadErrorKind::Syntax("unexpected owned event".into())),
    };
    let mut out = Vec::new();
    for attr in attrs {
        let attr = attr.map_err(|e| ReadErrorKind::Syntax(e.to_string()))?;
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| entity_error(&e.to_string(), &attr.value))?;
        if let Some(c) = value.chars().find(|c| !is_xml_char(*c)) {
            return Err(ReadErrorKind::ForbiddenCharacter(u32::from(c)));
        }
        out.push((attr.key.0, value));
    }
    Ok(XElement {
        name,
        attrs: out,
        children: Vec::new(),
        offset,
    })
}

/// XML 1.0's `Char`: what a document may hold, raw or by reference. (Surrogates cannot occur in a
/// Rust string.) Refusing the rest keeps a terminal escape or a NUL out of the model, and out of
/// what the writer would otherwise write back.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
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

/// Whether `text` is whitespace right after an element: formatting, unless a reference follows it
/// in the same run of text (`<b/> &gt;` holds the text ` >`).
fn is_formatting(children: &[XNode<'_>], text: &str) -> bool {
    matches!(children.last(), Some(XNode::Element(_))) && text.trim().is_empty()
}

fn push_text<'a>(children: &mut Vec<XNode<'a>>, text: Cow<'a, str>) {
    // Adjacent text and references become one text node, as an XML parser reports them.
    if let Some(XNode::Text(prev)) = children.last_mut() {
        prev.to_mut().push_str(&text);
    } else {
        children.push(XNode::Text(text));
    }
}

fn push_element<'a>(children: &mut Vec<XNode<'a>>, element: XElement<'a>) {
    // Whitespace before an element is formatting too.
    if matches!(children.last(), Some(XNode::Text(t)) if t.trim().is_empty()) {
        children.pop();
    }
    children.push(XNode::Element(element));
}

/// Parses `input` into a tree. Comments and processing instructions before the root are kept in
/// the prolog; a declaration that does not come first is tolerated with a warning.
pub(crate) fn parse(input: &str, limits: Limits) -> Result<XDocument<'_>, ReadError> {
    let bytes = input.as_bytes();
    if let Some((at, c)) = input.char_indices().find(|(_, c)| !is_xml_char(*c)) {
        return Err(ReadError::new(
            ReadErrorKind::ForbiddenCharacter(u32::from(c)),
            bytes,
            at,
        ));
    }
    let mut reader = Reader::from_str(input);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;

    let mut stack: Vec<XElement<'_>> = Vec::new();
    let mut prolog: Vec<XNode<'_>> = Vec::new();
    let mut root: Option<XElement<'_>> = None;
    let mut root_end = 0;
    let mut declaration = None;
    let mut warnings = Vec::new();
    let fail = |kind, offset| ReadError::new(kind, bytes, offset);

    // Whitespace after an element, held back for one event: quick-xml reports a reference as its
    // own event, so only the next event tells formatting (dropped) from the start of a text.
    let mut held: Option<Cow<'_, str>> = None;
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(err) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(offset);
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
                stack.push(open(input, &e, offset).map_err(|k| fail(k, offset))?);
            }
            Event::Empty(e) => {
                if stack.len() >= limits.max_depth {
                    return Err(fail(ReadErrorKind::TooDeep(limits.max_depth), offset));
                }
                let element = open(input, &e, offset).map_err(|k| fail(k, offset))?;
                match stack.last_mut() {
                    Some(parent) => push_element(&mut parent.children, element),
                    None if root.is_none() => {
                        root = Some(element);
                        root_end = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
                    }
                    None => {
                        return Err(fail(
                            ReadErrorKind::TrailingContent(format!("<{}", element.name)),
                            offset,
                        ));
                    }
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(fail(
                        ReadErrorKind::Syntax("closing tag without opening tag".into()),
                        offset,
                    ));
                };
                match stack.last_mut() {
                    Some(parent) => push_element(&mut parent.children, done),
                    None => {
                        root = Some(done);
                        root_end = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
                    }
                }
            }
            Event::Text(t) => {
                let text = t.xml10_content();
                match stack.last_mut() {
                    Some(parent) if is_formatting(&parent.children, &text) => held = Some(text),
                    Some(parent) => push_text(&mut parent.children, text),
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
                            push_text(&mut parent.children, whitespace);
                        }
                        push_text(&mut parent.children, resolved);
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
                    Some(parent) => parent.children.push(XNode::CData(text)),
                    None => {
                        return Err(fail(
                            ReadErrorKind::Syntax("cdata outside the root element".into()),
                            offset,
                        ));
                    }
                }
            }
            Event::Comment(c) => match stack.last_mut() {
                Some(parent) => parent.children.push(XNode::Comment(c.into_inner())),
                None if root.is_none() => prolog.push(XNode::Comment(c.into_inner())),
                // A comment after the root is legal XML and carries no meaning for the sequence.
                None => {}
            },
            Event::PI(p) => match stack.last_mut() {
                Some(parent) => parent.children.push(XNode::Pi(p.into_inner())),
                None if root.is_none() => prolog.push(XNode::Pi(p.into_inner())),
                None => {}
            },
            Event::Decl(d) => {
                if offset > 0 || !prolog.is_empty() || root.is_some() || !stack.is_empty() {
                    warnings.push(Warning {
                        message: "xml declaration is not at the start of the input (content before it was kept)".into(),
                        position: Position::at(bytes, offset),
                    });
                }
                let whole: &str = &d;
                declaration = reborrow(input, whole);
            }
            Event::DocType(_) => return Err(fail(ReadErrorKind::Doctype, offset)),
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(fail(
            ReadErrorKind::Syntax(format!("element `{}` is not closed", open.name)),
            open.offset,
        ));
    }
    let root = root.ok_or_else(|| fail(ReadErrorKind::NoRoot, bytes.len()))?;
    Ok(XDocument {
        declaration,
        prolog,
        root,
        root_end,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root_children(xml: &str) -> Vec<String> {
        let doc = parse(xml, Limits { max_depth: 16 }).unwrap();
        doc.root
            .children
            .iter()
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
