//! The model writer: ConfigMgr-style XML, two-space indentation or one line.

use super::condition_write;
use super::elements::{node_rank, sequence_rank};
pub use super::writer::WriteOptions;
use super::writer::Writer;
use crate::model::condition::Condition;
use crate::model::{
    Entry, Group, Layout, Node, Options, Part, Reference, ReferenceList, Sequence, Step,
    StepElement, VarList, Variable,
};

/// Writes a sequence as a `<sequence>` element (no declaration).
///
/// ```
/// use tasksequence::model::{Sequence, Node, Step};
/// let seq = Sequence {
///     version: Some("3.10".into()),
///     children: vec![Node::Step(Step { name: Some("Restart".into()), ..Step::default() })],
///     ..Sequence::default()
/// };
/// let xml = tasksequence::xml::write_sequence(&seq, &Default::default());
/// assert_eq!(xml, "<sequence version=\"3.10\">\n  <step name=\"Restart\"/>\n</sequence>");
/// ```
pub fn write_sequence(sequence: &Sequence, options: &WriteOptions) -> String {
    let mut w = Writer::new(options);
    w.sequence(sequence);
    w.out
}

/// Writes a condition as a `<condition>` element.
///
/// ```
/// use tasksequence::xml::{read_condition, write_condition, WriteOptions};
///
/// let condition = read_condition(r#"<condition><operator type="not"><expression type="SMS_TaskSequence_FolderConditionExpression"><variable name="Path">C:\Temp</variable></expression></operator></condition>"#)?;
/// let pretty = write_condition(&condition, &WriteOptions::default());
/// assert_eq!(pretty, "<condition>\n  <operator type=\"not\">\n    <expression type=\"SMS_TaskSequence_FolderConditionExpression\">\n      <variable name=\"Path\">C:\\Temp</variable>\n    </expression>\n  </operator>\n</condition>");
/// assert_eq!(read_condition(&pretty)?, condition);
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
pub fn write_condition(condition: &Condition, options: &WriteOptions) -> String {
    let mut w = Writer::new(options);
    condition_write::condition(&mut w, condition);
    w.out
}

impl Writer {
    /// Writes the sequence and its tree. Groups nest without bound in a model built in code, so the
    /// open elements are kept on a heap stack rather than in recursive calls.
    pub(super) fn sequence(&mut self, seq: &Sequence) {
        self.open("sequence");
        self.attr_opt("version", seq.version.as_deref());
        self.attr_opt("name", seq.name.as_deref());
        self.attr_opt("description", seq.description.as_deref());
        self.attrs(&seq.extra_attributes);
        let present = [
            (Part::References, seq.references.is_some()),
            (Part::Variables, seq.globals.is_some()),
        ];
        let order = order(&seq.layout, &present, seq.children.len(), sequence_rank);
        if order.is_empty() {
            return self.empty();
        }
        self.out.push('>');
        self.depth += 1;
        let mut stack = vec![OpenElement {
            tag: "sequence",
            parts: order.into_iter(),
            children: seq.children.iter(),
            owner: Owner::Sequence(seq),
        }];
        while let Some(top) = stack.last_mut() {
            let Some(part) = top.parts.next() else {
                let tag = top.tag;
                stack.pop();
                self.depth -= 1;
                self.line();
                self.close_tag(tag);
                continue;
            };
            match (part, top.owner) {
                (Part::Child, _) => match top.children.next() {
                    Some(Node::Group(g)) => {
                        if let Some(open) = self.group_start(g) {
                            stack.push(open);
                        }
                    }
                    Some(Node::Step(s)) => self.step(s),
                    Some(Node::Raw { node }) => self.raw(node),
                    None => {}
                },
                (Part::References, Owner::Sequence(seq)) => {
                    self.references(seq.references.as_ref())
                }
                (Part::Variables, Owner::Sequence(seq)) => {
                    self.var_list("globalVarList", seq.globals.as_ref());
                }
                (Part::Condition, Owner::Group(g)) => self.condition_opt(g.condition.as_ref()),
                (Part::Action, Owner::Group(g)) => self.action(g.action.as_deref()),
                _ => {}
            }
        }
    }

    fn options(&mut self, o: &Options) {
        let flag = |b: Option<bool>| b.map(|b| if b { "true" } else { "false" });
        self.attr_opt("disable", flag(o.disable));
        self.attr_opt("continueOnError", flag(o.continue_on_error));
        self.attr_opt("runIn", o.run_in.map(|r| r.as_str()));
        self.attr_opt("successCodeList", o.success_code_list.as_deref());
        self.attr_opt("successCodes", o.success_codes.as_deref());
        if let Some(t) = o.timeout {
            self.attr("timeout", &t.to_string());
        }
        if let Some(r) = o.retry_count {
            self.attr("retryCount", &r.to_string());
        }
        self.attr_opt("runFromNet", flag(o.run_from_net));
        self.attr_opt("startIn", o.start_in.as_deref());
        self.attr_opt("expand", flag(o.expand));
    }

    /// Writes a group's start tag; when it has content, returns the element left open for it.
    fn group_start<'a>(&mut self, g: &'a Group) -> Option<OpenElement<'a>> {
        self.open("group");
        self.attr_opt("name", g.name.as_deref());
        self.attr_opt("description", g.description.as_deref());
        self.options(&g.options);
        self.attrs(&g.extra_attributes);
        let present = [
            (Part::Condition, g.condition.is_some()),
            (Part::Action, g.action.is_some()),
        ];
        let order = order(&g.layout, &present, g.children.len(), node_rank);
        if order.is_empty() {
            self.empty();
            return None;
        }
        self.out.push('>');
        self.depth += 1;
        Some(OpenElement {
            tag: "group",
            parts: order.into_iter(),
            children: g.children.iter(),
            owner: Owner::Group(g),
        })
    }

    fn step(&mut self, s: &Step) {
        let name = match s.element {
            StepElement::Step => "step",
            StepElement::SubTaskSequence => "subtasksequence",
        };
        self.open(name);
        self.attr_opt("type", s.type_name.as_deref());
        self.attr_opt("name", s.name.as_deref());
        self.attr_opt("description", s.description.as_deref());
        self.options(&s.options);
        self.attrs(&s.extra_attributes);
        let present = [
            (Part::Condition, s.condition.is_some()),
            (Part::Action, s.action.is_some()),
            (Part::Variables, s.variables.is_some()),
        ];
        let order = order(&s.layout, &present, s.extra_children.len(), node_rank);
        if order.is_empty() {
            return self.empty();
        }
        self.body(name, |w| {
            let mut extra = s.extra_children.iter();
            for part in order {
                match part {
                    Part::Condition => w.condition_opt(s.condition.as_ref()),
                    Part::Action => w.action(s.action.as_deref()),
                    Part::Variables => w.var_list("defaultVarList", s.variables.as_ref()),
                    Part::Child => {
                        if let Some(raw) = extra.next() {
                            w.raw(raw);
                        }
                    }
                    Part::References => {}
                }
            }
        });
    }

    fn condition_opt(&mut self, c: Option<&Condition>) {
        if let Some(c) = c {
            condition_write::condition(self, c);
        }
    }

    fn action(&mut self, action: Option<&str>) {
        if let Some(a) = action {
            self.open("action");
            self.text_body("action", a);
        }
    }

    fn var_list(&mut self, name: &str, list: Option<&VarList>) {
        let Some(list) = list else { return };
        self.open(name);
        self.attrs(&list.extra_attributes);
        if list.entries.is_empty() {
            return self.empty();
        }
        self.body(name, |w| {
            for entry in &list.entries {
                match entry {
                    Entry::Known(v) => w.variable(v),
                    Entry::Raw(r) => w.raw(r),
                }
            }
        });
    }

    fn variable(&mut self, v: &Variable) {
        self.open("variable");
        self.attr("name", &v.name);
        self.attr_opt("property", v.property.as_deref());
        self.attr_opt("hidden", v.hidden.map(|h| if h { "true" } else { "false" }));
        self.attrs(&v.extra_attributes);
        self.text_body("variable", &v.value);
    }

    fn references(&mut self, list: Option<&ReferenceList>) {
        let Some(list) = list else { return };
        self.open("referenceList");
        self.attrs(&list.extra_attributes);
        if list.entries.is_empty() {
            return self.empty();
        }
        self.body("referenceList", |w| {
            for entry in &list.entries {
                match entry {
                    Entry::Known(r) => w.reference(r),
                    Entry::Raw(r) => w.raw(r),
                }
            }
        });
    }

    fn reference(&mut self, r: &Reference) {
        self.open("reference");
        self.attr_opt("package", r.package.as_deref());
        self.attr_opt("program", r.program.as_deref());
        self.attr_opt("application", r.application.as_deref());
        self.attrs(&r.extra_attributes);
        self.empty();
    }
}

/// A `<sequence>` or `<group>` whose content is being written.
struct OpenElement<'a> {
    tag: &'static str,
    parts: std::vec::IntoIter<Part>,
    children: std::slice::Iter<'a, Node>,
    owner: Owner<'a>,
}

#[derive(Clone, Copy)]
enum Owner<'a> {
    Sequence(&'a Sequence),
    Group(&'a Group),
}

/// The order to write an element's parts in: the recorded layout, then whatever is present but not
/// listed, in canonical order.
fn order(
    layout: &Layout,
    present: &[(Part, bool)],
    children: usize,
    rank: fn(Part) -> u8,
) -> Vec<Part> {
    let mut out = Vec::new();
    let mut listed_children = 0;
    for part in &layout.0 {
        match part {
            Part::Child if listed_children < children => {
                listed_children += 1;
                out.push(Part::Child);
            }
            Part::Child => {}
            p => {
                if present.iter().any(|(q, yes)| q == p && *yes) && !out.contains(p) {
                    out.push(*p);
                }
            }
        }
    }
    let mut missing: Vec<Part> = present
        .iter()
        .filter(|(p, yes)| *yes && !out.contains(p))
        .map(|(p, _)| *p)
        .collect();
    missing.extend(std::iter::repeat_n(Part::Child, children - listed_children));
    missing.sort_by_key(|p| rank(*p));
    out.extend(missing);
    out
}
