//! What is compared of a node: its fields, each as normalized text, so that spelling (attribute
//! order, CDATA against escaped text, `disable="false"` against no attribute) is no difference.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::model::{Attribute, Node, Options, RawNode, Sequence, VarList, Variable};
use crate::redact::redacted_step;
use crate::vars::is_secret_name;

/// One compared field of a node: its name (`condition`, `variable:OSDComputerName`…), its value
/// (`None` when absent) and whether the value is secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Field {
    pub name: String,
    pub value: Option<String>,
    pub secret: bool,
}

impl Field {
    fn new(name: impl Into<String>, value: Option<String>) -> Self {
        Self {
            name: name.into(),
            value,
            secret: false,
        }
    }
}

/// The field holding a node's name: compared, but left out of the content fingerprint so that a
/// renamed node is recognised by what it does.
pub(super) const NAME: &str = "name";

/// The fields of a group or step, in a fixed order.
pub(super) fn node_fields(node: &Node) -> Vec<Field> {
    let mut out = Vec::new();
    match node {
        Node::Group(g) => {
            out.push(Field::new(NAME, Some(node.name().to_string())));
            out.push(Field::new("description", g.description.clone()));
            options(&g.options, &mut out);
            condition(node, &mut out);
            out.push(Field::new("action", non_empty(g.action.as_deref())));
            attributes(&g.extra_attributes, &mut out);
        }
        Node::Step(s) => {
            out.push(Field::new(NAME, Some(node.name().to_string())));
            out.push(Field::new("type", s.type_name.clone()));
            out.push(Field::new("description", s.description.clone()));
            options(&s.options, &mut out);
            condition(node, &mut out);
            // What is secret is decided once, by the redaction rule: a value it would hide is
            // secret here (a "do not display" value also hides in its `tsenv.exe` action).
            let shown = redacted_step(s);
            out.push(Field {
                secret: shown.action != s.action,
                ..Field::new("action", non_empty(s.action.as_deref()))
            });
            if let Some(vars) = &s.variables {
                let hidden = shown.variables.as_ref();
                variables(vars, "variable", &mut out, |v| {
                    hidden.and_then(|h| h.value(&v.name)) != Some(v.value.as_str())
                });
            }
            attributes(&s.extra_attributes, &mut out);
            if !s.extra_children.is_empty() {
                let mut text = String::new();
                for raw in &s.extra_children {
                    raw_text(raw, &mut text);
                }
                out.push(Field::new("content", Some(text)));
            }
        }
        Node::Raw { .. } => {}
    }
    dedupe(&mut out);
    out
}

/// The fields of the sequence itself: version, name, globals, references, attributes.
pub(super) fn sequence_fields(seq: &Sequence) -> Vec<Field> {
    let mut out = vec![
        Field::new("version", seq.version.clone()),
        Field::new(NAME, seq.name.clone()),
        Field::new("description", seq.description.clone()),
    ];
    if let Some(globals) = &seq.globals {
        variables(globals, "global", &mut out, |v| {
            is_secret_name(&v.name) || v.property.as_deref().is_some_and(is_secret_name)
        });
    }
    if let Some(refs) = &seq.references {
        for r in refs.iter() {
            let (key, value) = match (&r.package, &r.application) {
                (Some(p), _) => (
                    format!("reference:{p}"),
                    r.program.clone().unwrap_or_default(),
                ),
                (None, Some(a)) => (format!("reference:{a}"), String::new()),
                (None, None) => continue,
            };
            out.push(Field::new(key, Some(value)));
        }
    }
    attributes(&seq.extra_attributes, &mut out);
    dedupe(&mut out);
    out
}

fn non_empty(text: Option<&str>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty()).map(str::to_string)
}

fn flag(value: bool) -> Option<String> {
    Some(if value { "true" } else { "false" }.to_string())
}

fn options(o: &Options, out: &mut Vec<Field>) {
    // Absent and `false` mean the same to the engine, so both read as `false`.
    out.push(Field::new("disabled", flag(o.is_disabled())));
    out.push(Field::new(
        "continue_on_error",
        flag(o.continues_on_error()),
    ));
    let codes = o
        .success_code_text()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    out.push(Field::new("success_codes", codes));
    out.push(Field::new(
        "attribute:runIn",
        o.run_in.map(|r| r.as_str().to_string()),
    ));
    out.push(Field::new(
        "attribute:timeout",
        o.timeout.map(|t| t.to_string()),
    ));
    out.push(Field::new(
        "attribute:retryCount",
        o.retry_count.map(|t| t.to_string()),
    ));
    out.push(Field::new(
        "attribute:runFromNet",
        o.run_from_net.and_then(|b| b.then(|| "true".to_string())),
    ));
    out.push(Field::new("attribute:startIn", o.start_in.clone()));
    // `expand` is the MDT editor remembering a folded group: no meaning when the sequence runs,
    // and it flips whenever someone browses the sequence, so it is not compared.
}

fn condition(node: &Node, out: &mut Vec<Field>) {
    // An empty `<condition/>` is true, as is no condition at all.
    let text = node
        .condition()
        .map(|c| c.to_text())
        .filter(|t| !t.trim().is_empty());
    out.push(Field::new("condition", text));
}

/// `secret` says which entries are secret. Set Dynamic Variables keeps its rules in one variable:
/// a secret rule value makes the whole value secret here.
fn variables(
    list: &VarList,
    prefix: &str,
    out: &mut Vec<Field>,
    secret: impl Fn(&Variable) -> bool,
) {
    for v in list.iter() {
        out.push(Field {
            name: format!("{prefix}:{}", v.name),
            value: Some(v.value.clone()),
            secret: secret(v),
        });
    }
}

fn attributes(attrs: &[Attribute], out: &mut Vec<Field>) {
    // Attribute order is spelling: compare them sorted by name.
    let mut sorted: Vec<&Attribute> = attrs.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    for a in sorted {
        out.push(Field::new(
            format!("attribute:{}", a.name),
            Some(a.value.clone()),
        ));
    }
}

/// Verbatim content as one line of text in which CDATA and escaped text read the same and
/// whitespace-only text (formatting) is dropped.
fn raw_text(raw: &RawNode, out: &mut String) {
    let mut stack = vec![Some(raw)];
    let mut closing: Vec<&str> = Vec::new();
    while let Some(item) = stack.pop() {
        let Some(node) = item else {
            if let Some(name) = closing.pop() {
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            continue;
        };
        match node {
            RawNode::Element(e) => {
                out.push('<');
                out.push_str(&e.name);
                let mut attrs: Vec<&Attribute> = e.attributes.iter().collect();
                attrs.sort_by(|a, b| a.name.cmp(&b.name));
                for a in attrs {
                    out.push(' ');
                    out.push_str(&a.name);
                    out.push_str("=\"");
                    out.push_str(&a.value);
                    out.push('"');
                }
                out.push('>');
                closing.push(&e.name);
                stack.push(None);
                stack.extend(e.children.iter().rev().map(Some));
            }
            RawNode::Text { text } | RawNode::Cdata { text } => {
                if !text.trim().is_empty() {
                    out.push_str(text);
                }
            }
            RawNode::Comment { .. } | RawNode::ProcessingInstruction { .. } => {}
        }
    }
}

/// A variable set twice gets `#2`, `#3`… so that every field name is unique.
fn dedupe(fields: &mut [Field]) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for f in fields.iter_mut() {
        let count = seen.entry(f.name.to_ascii_lowercase()).or_insert(0);
        *count += 1;
        if *count > 1 {
            f.name = format!("{}#{count}", f.name);
        }
    }
}

/// A fingerprint of the fields other than the name.
pub(super) fn content_hash(fields: &[Field]) -> u64 {
    let mut h = DefaultHasher::new();
    for f in fields.iter().filter(|f| f.name != NAME) {
        f.name.hash(&mut h);
        f.value.hash(&mut h);
    }
    h.finish()
}

/// A fingerprint of a node's own content and its children's names and fingerprints.
pub(super) fn tree_hash(own: u64, children: impl Iterator<Item = (u64, u64)>) -> u64 {
    let mut h = DefaultHasher::new();
    own.hash(&mut h);
    for child in children {
        child.hash(&mut h);
    }
    h.finish()
}

/// A fingerprint of a name.
pub(super) fn name_hash(name: &str) -> u64 {
    let mut h = DefaultHasher::new();
    name.hash(&mut h);
    h.finish()
}
