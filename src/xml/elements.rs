//! What every reader of an element shares: attribute access with positions, verbatim copies of
//! what the model does not type, and the canonical order of an element's parts (which the writer
//! follows too).

use std::borrow::Cow;

use super::error::{Position, Warning};
use super::tree::{XElement, XNode};
use crate::model::{Attribute, Part, RawElement, RawNode};

/// Collects warnings with positions; positions are filled in relative to the parsed text.
pub(super) struct Attrs<'t> {
    all: &'t [(&'t str, Cow<'t, str>)],
    /// Bit i set: attribute i was taken. Attributes past the 64th are never typed, only kept.
    taken: u64,
}

impl<'t> Attrs<'t> {
    pub fn of(el: &XElement<'t>) -> Self {
        Self {
            all: el.attrs,
            taken: 0,
        }
    }

    fn find(&self, name: &str) -> Option<(usize, &'t str)> {
        self.all
            .iter()
            .enumerate()
            .take(64)
            .find(|(i, (k, _))| *k == name && self.taken & (1 << i) == 0)
            .map(|(i, (_, v))| (i, v.as_ref()))
    }

    /// Takes the attribute `name` as a string.
    pub fn string(&mut self, name: &str) -> Option<String> {
        let (at, value) = self.find(name)?;
        self.taken |= 1 << at;
        Some(value.to_string())
    }

    /// Takes the attribute `name` when it parses exactly (its canonical spelling); otherwise leaves
    /// it to be kept verbatim, with a warning.
    pub fn typed<T>(
        &mut self,
        name: &str,
        parse: impl Fn(&str) -> Option<T>,
        warnings: &mut Vec<Warning>,
        offset: usize,
    ) -> Option<T> {
        let (at, value) = self.find(name)?;
        match parse(value) {
            Some(parsed) => {
                self.taken |= 1 << at;
                Some(parsed)
            }
            None => {
                warnings.push(Warning {
                    message: format!("attribute `{name}` has the value `{value}`, which is kept as written but not understood"),
                    position: Position { line: 0, column: 0, offset },
                });
                None
            }
        }
    }

    /// Everything not taken, in document order.
    pub fn rest(self) -> Vec<Attribute> {
        self.all
            .iter()
            .enumerate()
            .filter(|(i, _)| *i >= 64 || self.taken & (1 << i) == 0)
            .map(|(_, (k, v))| Attribute::new(*k, v.as_ref()))
            .collect()
    }
}

pub(super) fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Verbatim copy of a tree node; `None` for whitespace-only text (formatting). Stray text between
/// elements is kept without its surrounding whitespace, which is formatting there too (and which
/// the writer's indentation would otherwise change on every round trip).
pub(super) fn raw_node(node: &XNode<'_>) -> Option<RawNode> {
    Some(match node {
        XNode::Element(e) => RawNode::Element(raw_element(e)),
        XNode::Text(t) if t.trim().is_empty() => return None,
        XNode::Text(t) => RawNode::Text {
            text: t.trim().to_string(),
        },
        XNode::CData(t) => RawNode::Cdata {
            text: t.to_string(),
        },
        XNode::Comment(t) => RawNode::Comment {
            text: t.to_string(),
        },
        XNode::Pi(t) => RawNode::ProcessingInstruction {
            text: t.to_string(),
        },
    })
}

/// Verbatim copy of an element. Whitespace-only text is kept when the element holds only text
/// (it is then the value), dropped between child elements (it is then formatting).
pub(super) fn raw_element(el: &XElement<'_>) -> RawElement {
    let keep_all_text = el.is_text_only();
    // Mixed content (`Run <b>only</b> on Fridays`): the text beside an element is content, spaces
    // included; only whitespace-only runs between elements are formatting.
    let mixed = el.children().any(|c| match c {
        XNode::Text(t) => !t.trim().is_empty(),
        XNode::CData(_) => true,
        _ => false,
    });
    let children = el
        .children()
        .filter_map(|c| match c {
            XNode::Text(t) if keep_all_text => Some(RawNode::Text {
                text: t.to_string(),
            }),
            XNode::Text(t) if mixed && !t.trim().is_empty() => Some(RawNode::Text {
                text: t.to_string(),
            }),
            other => raw_node(&other),
        })
        .collect();
    RawElement {
        name: el.name.to_string(),
        attributes: el
            .attrs
            .iter()
            .map(|(k, v)| Attribute::new(*k, v.as_ref()))
            .collect(),
        children,
    }
}

/// The canonical order of a `<sequence>`'s parts.
pub(super) fn sequence_rank(part: Part) -> u8 {
    match part {
        Part::References => 0,
        Part::Variables => 1,
        Part::Condition => 2,
        Part::Action => 3,
        Part::Child => 4,
    }
}

/// The canonical order of a group's or step's parts.
pub(super) fn node_rank(part: Part) -> u8 {
    match part {
        Part::Condition => 0,
        Part::Action => 1,
        Part::Variables => 2,
        Part::References => 3,
        Part::Child => 4,
    }
}
