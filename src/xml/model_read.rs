//! From the recorded elements (see `tree`) to the model. Nothing is rejected here but a condition
//! nested deeper than the shared limit: what the model does not type is kept verbatim, and the
//! reader warns where a known attribute had a value it could not type.

use super::condition_read::{self, TooDeep};
use super::elements::{Attrs, node_rank, parse_bool, raw_node, sequence_rank};
use super::error::{Position, Warning};
use super::tree::{XElement, XNode};
use crate::model::{
    Attribute, Entry, Group, Layout, Node, Options, Part, Reference, ReferenceList, RunIn,
    Sequence, Step, StepElement, VarList, Variable,
};

/// What reading the model gathers besides the model: warnings, and the first condition nested
/// too deep (which makes the read fail).
#[derive(Default)]
pub(super) struct Cx {
    pub warnings: Vec<Warning>,
    pub too_deep: Option<usize>,
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

fn node_attributes(el: &XElement<'_>, with_type: bool, cx: &mut Cx) -> NodeAttributes {
    let mut out = NodeAttributes {
        type_name: None,
        name: None,
        description: None,
        options: Options::default(),
        extra: Vec::new(),
    };
    let o = &mut out.options;
    for (key, value) in el.attrs {
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
            cx.warnings.push(Warning {
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

pub(super) fn sequence(el: &XElement<'_>, cx: &mut Cx) -> Sequence {
    let mut attrs = Attrs::of(el);
    let mut seq = Sequence {
        version: attrs.string("version"),
        name: attrs.string("name"),
        description: attrs.string("description"),
        ..Sequence::default()
    };
    seq.extra_attributes = attrs.rest();
    let mut parts = Vec::new();
    for child in el.children() {
        match child {
            XNode::Element(e) if e.name == "referenceList" && seq.references.is_none() => {
                seq.references = Some(references(&e));
                parts.push(Part::References);
            }
            XNode::Element(e) if e.name == "globalVarList" && seq.globals.is_none() => {
                seq.globals = Some(var_list(&e, cx));
                parts.push(Part::Variables);
            }
            other => {
                if let Some(node) = node(&other, cx) {
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
fn node(child: &XNode<'_>, cx: &mut Cx) -> Option<Node> {
    Some(match child {
        XNode::Element(e) if e.name == "group" => Node::Group(group(e, cx)),
        XNode::Element(e) if e.name == "step" => Node::Step(step(e, StepElement::Step, cx)),
        XNode::Element(e) if e.name == "subtasksequence" => {
            Node::Step(step(e, StepElement::SubTaskSequence, cx))
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
    condition: &mut Option<crate::model::condition::Condition>,
    action: &mut Option<String>,
    parts: &mut Vec<Part>,
    cx: &mut Cx,
) -> bool {
    if e.name == "condition" && condition.is_none() {
        match condition_read::condition(e) {
            Ok(c) => *condition = Some(c),
            Err(TooDeep { offset }) => {
                cx.too_deep.get_or_insert(offset);
            }
        }
        parts.push(Part::Condition);
    } else if e.name == "action" && action.is_none() && e.is_text_only() {
        *action = Some(e.text().into_owned());
        parts.push(Part::Action);
    } else {
        return false;
    }
    true
}

fn group(el: &XElement<'_>, cx: &mut Cx) -> Group {
    let a = node_attributes(el, false, cx);
    let mut g = Group {
        name: a.name,
        description: a.description,
        options: a.options,
        extra_attributes: a.extra,
        ..Group::default()
    };
    let mut parts = Vec::new();
    for child in el.children() {
        match child {
            XNode::Element(e)
                if takes_condition_or_action(
                    &e,
                    &mut g.condition,
                    &mut g.action,
                    &mut parts,
                    cx,
                ) => {}
            other => {
                if let Some(node) = node(&other, cx) {
                    g.children.push(node);
                    parts.push(Part::Child);
                }
            }
        }
    }
    g.layout = layout(parts, node_rank);
    g
}

fn step(el: &XElement<'_>, element: StepElement, cx: &mut Cx) -> Step {
    let a = node_attributes(el, true, cx);
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
    for child in el.children() {
        match child {
            XNode::Element(e)
                if takes_condition_or_action(
                    &e,
                    &mut s.condition,
                    &mut s.action,
                    &mut parts,
                    cx,
                ) => {}
            XNode::Element(e) if e.name == "defaultVarList" && s.variables.is_none() => {
                s.variables = Some(var_list(&e, cx));
                parts.push(Part::Variables);
            }
            other => {
                if let Some(raw) = raw_node(&other) {
                    s.extra_children.push(raw);
                    parts.push(Part::Child);
                }
            }
        }
    }
    s.layout = layout(parts, node_rank);
    s
}

pub(super) fn var_list(el: &XElement<'_>, cx: &mut Cx) -> VarList {
    let entries = el
        .children()
        .filter_map(|child| match child {
            XNode::Element(e)
                if e.name == "variable" && e.is_text_only() && e.attr("name").is_some() =>
            {
                Some(Entry::Known(variable(&e, cx)))
            }
            other => raw_node(&other).map(Entry::Raw),
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

fn variable(el: &XElement<'_>, cx: &mut Cx) -> Variable {
    let mut attrs = Attrs::of(el);
    let name = attrs.string("name").unwrap_or_default();
    let property = attrs.string("property");
    let hidden = attrs.typed("hidden", parse_bool, &mut cx.warnings, el.offset);
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
        .children()
        .filter_map(|child| match child {
            XNode::Element(e)
                if e.name == "reference" && e.children().all(|c| is_formatting(&c)) =>
            {
                let mut attrs = Attrs::of(&e);
                Some(Entry::Known(Reference {
                    package: attrs.string("package"),
                    program: attrs.string("program"),
                    application: attrs.string("application"),
                    extra_attributes: attrs.rest(),
                }))
            }
            other => raw_node(&other).map(Entry::Raw),
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
