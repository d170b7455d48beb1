//! From the element tree to the model. Nothing is rejected here: what the model does not type is
//! kept verbatim, and the reader warns where a known attribute had a value it could not type.

use std::borrow::Cow;

use super::condition_read;
use super::error::{Position, Warning};
use super::tree::{XElement, XNode};
use crate::model::{
    Attribute, Entry, Group, Layout, Node, Options, Part, RawElement, RawNode, Reference,
    ReferenceList, RunIn, Sequence, Step, StepElement, VarList, Variable,
};

/// Collects warnings with positions; positions are filled in relative to the parsed text.
pub(super) struct Attrs<'t, 'a> {
    all: &'t [(&'a str, Cow<'a, str>)],
    /// Bit i set: attribute i was taken. Attributes past the 64th are never typed, only kept.
    taken: u64,
}

impl<'t, 'a> Attrs<'t, 'a> {
    pub fn of(el: &'t XElement<'a>) -> Self {
        Self {
            all: &el.attrs,
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

fn parse_u32(text: &str) -> Option<u32> {
    // Only the canonical form is typed, so that writing it back gives the same text.
    text.parse::<u32>().ok().filter(|n| n.to_string() == text)
}

/// The attributes of a group or step, read in one pass: names, options, and everything else kept
/// in order. `type` is typed only for steps.
struct NodeAttributes {
    type_name: Option<String>,
    name: Option<String>,
    description: Option<String>,
    options: Options,
    extra: Vec<Attribute>,
}

fn node_attributes(
    el: &XElement<'_>,
    with_type: bool,
    warnings: &mut Vec<Warning>,
) -> NodeAttributes {
    let mut out = NodeAttributes {
        type_name: None,
        name: None,
        description: None,
        options: Options::default(),
        extra: Vec::new(),
    };
    let o = &mut out.options;
    for (key, value) in &el.attrs {
        let value: &str = value;
        // A typed attribute whose value does not parse is kept verbatim, with a warning.
        let typed = match *key {
            "type" if with_type => set(&mut out.type_name, Some(value.to_string())),
            "name" => set(&mut out.name, Some(value.to_string())),
            "description" => set(&mut out.description, Some(value.to_string())),
            "disable" => set(&mut o.disable, parse_bool(value)),
            "continueOnError" => set(&mut o.continue_on_error, parse_bool(value)),
            "runIn" => set(&mut o.run_in, RunIn::parse(value)),
            "successCodeList" => set(&mut o.success_code_list, Some(value.to_string())),
            "successCodes" => set(&mut o.success_codes, Some(value.to_string())),
            "timeout" => set(&mut o.timeout, parse_u32(value)),
            "retryCount" => set(&mut o.retry_count, parse_u32(value)),
            "runFromNet" => set(&mut o.run_from_net, parse_bool(value)),
            "startIn" => set(&mut o.start_in, Some(value.to_string())),
            "expand" => set(&mut o.expand, parse_bool(value)),
            _ => {
                out.extra.push(Attribute::new(*key, value));
                continue;
            }
        };
        if !typed {
            warnings.push(Warning {
                message: format!("attribute `{key}` has the value `{value}`, which is kept as written but not understood"),
                position: Position { line: 0, column: 0, offset: el.offset },
            });
            out.extra.push(Attribute::new(*key, value));
        }
    }
    out
}

/// Stores a parsed value; `false` when it did not parse.
fn set<T>(slot: &mut Option<T>, value: Option<T>) -> bool {
    match value {
        Some(v) => {
            *slot = Some(v);
            true
        }
        None => false,
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
    let children = el
        .children
        .iter()
        .filter_map(|c| match c {
            XNode::Text(t) if keep_all_text => Some(RawNode::Text {
                text: t.to_string(),
            }),
            other => raw_node(other),
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

/// Stores the layout only when it differs from the canonical order, which keeps ConfigMgr-written
/// models free of layout noise.
fn layout(parts: Vec<Part>, rank: impl Fn(Part) -> u8) -> Layout {
    let canonical = parts.windows(2).all(|w| match w {
        [a, b] => rank(*a) <= rank(*b),
        _ => true,
    });
    if canonical {
        Layout::default()
    } else {
        Layout(parts)
    }
}

pub(super) fn sequence_rank(part: Part) -> u8 {
    match part {
        Part::References => 0,
        Part::Variables => 1,
        Part::Condition => 2,
        Part::Action => 3,
        Part::Child => 4,
    }
}

pub(super) fn node_rank(part: Part) -> u8 {
    match part {
        Part::Condition => 0,
        Part::Action => 1,
        Part::Variables => 2,
        Part::References => 3,
        Part::Child => 4,
    }
}

pub(super) fn sequence(el: &XElement<'_>, warnings: &mut Vec<Warning>) -> Sequence {
    let mut attrs = Attrs::of(el);
    let mut seq = Sequence {
        version: attrs.string("version"),
        name: attrs.string("name"),
        description: attrs.string("description"),
        ..Sequence::default()
    };
    seq.extra_attributes = attrs.rest();
    let mut parts = Vec::new();
    for child in &el.children {
        match child {
            XNode::Element(e) if e.name == "referenceList" && seq.references.is_none() => {
                seq.references = Some(references(e));
                parts.push(Part::References);
            }
            XNode::Element(e) if e.name == "globalVarList" && seq.globals.is_none() => {
                seq.globals = Some(var_list(e, warnings));
                parts.push(Part::Variables);
            }
            other => {
                if let Some(node) = node(other, warnings) {
                    seq.children.push(node);
                    parts.push(Part::Child);
                }
            }
        }
    }
    seq.layout = layout(parts, sequence_rank);
    seq
}

/// A child of a sequence or group; `None` for formatting whitespace.
fn node(child: &XNode<'_>, warnings: &mut Vec<Warning>) -> Option<Node> {
    Some(match child {
        XNode::Element(e) if e.name == "group" => Node::Group(group(e, warnings)),
        XNode::Element(e) if e.name == "step" => Node::Step(step(e, StepElement::Step, warnings)),
        XNode::Element(e) if e.name == "subtasksequence" => {
            Node::Step(step(e, StepElement::SubTaskSequence, warnings))
        }
        other => Node::Raw {
            node: raw_node(other)?,
        },
    })
}

/// Takes the first `<condition>` or the first text-only `<action>` of a group or step, recording
/// its place; `false` for anything else.
fn takes_condition_or_action(
    e: &XElement<'_>,
    condition: &mut Option<crate::condition::Condition>,
    action: &mut Option<String>,
    parts: &mut Vec<Part>,
) -> bool {
    if e.name == "condition" && condition.is_none() {
        *condition = Some(condition_read::condition(e));
        parts.push(Part::Condition);
    } else if e.name == "action" && action.is_none() && e.is_text_only() {
        *action = Some(e.text().into_owned());
        parts.push(Part::Action);
    } else {
        return false;
    }
    true
}

fn group(el: &XElement<'_>, warnings: &mut Vec<Warning>) -> Group {
    let a = node_attributes(el, false, warnings);
    let mut g = Group {
        name: a.name,
        description: a.description,
        options: a.options,
        extra_attributes: a.extra,
        ..Group::default()
    };
    let mut parts = Vec::new();
    for child in &el.children {
        match child {
            XNode::Element(e)
                if takes_condition_or_action(e, &mut g.condition, &mut g.action, &mut parts) => {}
            other => {
                if let Some(node) = node(other, warnings) {
                    g.children.push(node);
                    parts.push(Part::Child);
                }
            }
        }
    }
    g.layout = layout(parts, node_rank);
    g
}

fn step(el: &XElement<'_>, element: StepElement, warnings: &mut Vec<Warning>) -> Step {
    let a = node_attributes(el, true, warnings);
    let mut s = Step {
        element,
        type_name: a.type_name,
        name: a.name,
        description: a.description,
        options: a.options,
        extra_attributes: a.extra,
        ..Step::default()
    };
    let mut parts = Vec::new();
    for child in &el.children {
        match child {
            XNode::Element(e)
                if takes_condition_or_action(e, &mut s.condition, &mut s.action, &mut parts) => {}
            XNode::Element(e) if e.name == "defaultVarList" && s.variables.is_none() => {
                s.variables = Some(var_list(e, warnings));
                parts.push(Part::Variables);
            }
            other => {
                if let Some(raw) = raw_node(other) {
                    s.extra_children.push(raw);
                    parts.push(Part::Child);
                }
            }
        }
    }
    s.layout = layout(parts, node_rank);
    s
}

pub(super) fn var_list(el: &XElement<'_>, warnings: &mut Vec<Warning>) -> VarList {
    let entries = el
        .children
        .iter()
        .filter_map(|child| match child {
            XNode::Element(e)
                if e.name == "variable" && e.is_text_only() && e.attr("name").is_some() =>
            {
                Some(Entry::Known(variable(e, warnings)))
            }
            other => raw_node(other).map(Entry::Raw),
        })
        .collect();
    VarList {
        entries,
        extra_attributes: el
            .attrs
            .iter()
            .map(|(k, v)| Attribute::new(*k, v.as_ref()))
            .collect(),
    }
}

fn variable(el: &XElement<'_>, warnings: &mut Vec<Warning>) -> Variable {
    let mut attrs = Attrs::of(el);
    let name = attrs.string("name").unwrap_or_default();
    let property = attrs.string("property");
    let hidden = attrs.typed("hidden", parse_bool, warnings, el.offset);
    Variable {
        name,
        property,
        hidden,
        value: el.text().into_owned(),
        extra_attributes: attrs.rest(),
    }
}

fn references(el: &XElement<'_>) -> ReferenceList {
    let entries = el
        .children
        .iter()
        .filter_map(|child| match child {
            XNode::Element(e) if e.name == "reference" && e.children.iter().all(is_formatting) => {
                let mut attrs = Attrs::of(e);
                Some(Entry::Known(Reference {
                    package: attrs.string("package"),
                    program: attrs.string("program"),
                    application: attrs.string("application"),
                    extra_attributes: attrs.rest(),
                }))
            }
            other => raw_node(other).map(Entry::Raw),
        })
        .collect();
    ReferenceList {
        entries,
        extra_attributes: el
            .attrs
            .iter()
            .map(|(k, v)| Attribute::new(*k, v.as_ref()))
            .collect(),
    }
}

fn is_formatting(node: &XNode<'_>) -> bool {
    matches!(node, XNode::Text(t) if t.trim().is_empty())
}
