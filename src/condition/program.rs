//! The one evaluator: a condition flattened into an array of steps in pre-order, each leaf
//! prepared once (WMI queries parsed, expected values classified, date-times read), run left to
//! right with short-circuiting. A sink (`super::sink::Sink`) watches the run: plain evaluation
//! passes `NoFacts`, whose calls compile to nothing; explanations pass a sink that builds the tree
//! from the same run (`super::explain`).
//!
//! A program either borrows its strings from the condition (one-shot evaluation, nothing copied)
//! or owns them ([`super::CompiledCondition`]).

use std::borrow::Cow;

use super::error::{EvalError, MAX_EVAL_DEPTH};
use super::leaves::Leaf;
use super::options::EvalContext;
use super::sink::{Sink, Text, Value};
use super::{Condition, Expression, Operand, OperatorKind, OsExpressionGroup, OsGroupItem};
use crate::model::RawNode;

/// What a program is made from.
#[derive(Clone, Copy)]
pub(crate) enum Root<'c> {
    /// A whole condition: its operands ANDed.
    Condition(&'c Condition),
    /// One operand standing alone.
    Operand(&'c Operand),
    /// One expression.
    Expression(&'c Expression),
}

/// The part of the condition a step stands for, for explanations.
#[derive(Clone, Copy)]
pub(crate) enum Site<'c> {
    Condition(&'c Condition),
    Operand(&'c Operand),
    Expression(&'c Expression),
    Platform(&'c OsExpressionGroup),
}

/// How a group combines its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Group {
    /// A condition's operands: all.
    Condition,
    And,
    Or,
    /// None of the children.
    Not,
    /// An OS condition group: any of its platforms.
    Platforms,
    /// One platform: all of its expressions.
    Platform,
}

impl Group {
    /// The child value that decides the group.
    fn decider(self) -> bool {
        matches!(self, Group::Or | Group::Not | Group::Platforms)
    }
}

// Steps live in one array read front to back; boxing the leaves would add an indirection to
// every leaf for the sake of the group steps' size.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
enum Step<'o> {
    /// A group whose children follow, up to `end` (exclusive).
    Group {
        kind: Group,
        end: usize,
    },
    Leaf(Leaf<'o>),
    /// An operand nested deeper than [`MAX_EVAL_DEPTH`].
    TooDeep,
}

/// A flattened condition.
#[derive(Debug, Default)]
pub(crate) struct Program<'o> {
    steps: Vec<Step<'o>>,
    /// Whether the program is a condition of one leaf (most are), worked out once.
    single_leaf: bool,
}

/// One step of the pre-order walk.
enum Event<'c> {
    Open(Site<'c>, Group),
    Leaf(Site<'c>, &'c Expression),
    Raw(&'c Operand, &'c RawNode),
    TooDeep(&'c Operand),
    Close,
}

/// Whether an operand is not a condition at all (a comment, a processing instruction, stray
/// text): lists skip it, as the engine's deserializer does.
fn is_ignorable(op: &Operand) -> bool {
    matches!(op, Operand::Raw(r) if !matches!(r, RawNode::Element(_)))
}

pub(crate) fn raw_name(r: &RawNode) -> String {
    match r {
        RawNode::Element(e) => format!("<{}>", e.name),
        RawNode::Text { .. } => "text".into(),
        RawNode::Cdata { .. } => "<![CDATA[…]]>".into(),
        RawNode::Comment { .. } => "<!--…-->".into(),
        RawNode::ProcessingInstruction { .. } => "<?…?>".into(),
    }
}

/// Walks `root` in pre-order with an explicit stack (any depth), calling `f` once per step and
/// once per group's end. Building a program and explaining one walk the same way, so step `i` of
/// a program is the `i`-th site of the walk.
fn walk<'c>(root: Root<'c>, mut f: impl FnMut(Event<'c>)) {
    enum Work<'c> {
        Operand(&'c Operand, usize),
        Platform(&'c OsExpressionGroup, usize),
        Close,
    }
    let mut work: Vec<Work<'c>> = Vec::new();
    let children = |work: &mut Vec<Work<'c>>, operands: &'c [Operand], depth: usize| {
        work.push(Work::Close);
        work.extend(
            operands
                .iter()
                .rev()
                .filter(|op| !is_ignorable(op))
                .map(|op| Work::Operand(op, depth)),
        );
    };
    match root {
        Root::Condition(c) => {
            f(Event::Open(Site::Condition(c), Group::Condition));
            children(&mut work, &c.operands, 0);
        }
        Root::Operand(op) => work.push(Work::Operand(op, 0)),
        Root::Expression(e) => f(Event::Leaf(Site::Expression(e), e)),
    }
    while let Some(item) = work.pop() {
        match item {
            Work::Close => f(Event::Close),
            Work::Operand(op, depth) if depth >= MAX_EVAL_DEPTH => f(Event::TooDeep(op)),
            Work::Operand(op @ Operand::Operator(o), depth) => {
                let kind = match o.kind {
                    OperatorKind::And => Group::And,
                    OperatorKind::Or => Group::Or,
                    OperatorKind::Not => Group::Not,
                };
                f(Event::Open(Site::Operand(op), kind));
                children(&mut work, &o.operands, depth + 1);
            }
            Work::Operand(op @ Operand::Expression(e), _) => f(Event::Leaf(Site::Operand(op), e)),
            Work::Operand(op @ Operand::OsConditionGroup(g), depth) => {
                f(Event::Open(Site::Operand(op), Group::Platforms));
                work.push(Work::Close);
                work.extend(g.groups.iter().rev().map(|p| Work::Platform(p, depth + 1)));
            }
            Work::Operand(op @ Operand::Raw(r), _) => f(Event::Raw(op, r)),
            Work::Platform(p, depth) => {
                f(Event::Open(Site::Platform(p), Group::Platform));
                work.push(Work::Close);
                work.extend(
                    p.items
                        .iter()
                        .rev()
                        .filter_map(|item| match item {
                            OsGroupItem::Operand(op) if !is_ignorable(op) => Some(op),
                            _ => None,
                        })
                        .map(|op| Work::Operand(op, depth + 1)),
                );
            }
        }
    }
}

/// The sites of `root`'s program, one per step, in step order.
pub(crate) fn sites(root: Root<'_>) -> Vec<Site<'_>> {
    let mut out = Vec::new();
    walk(root, |event| match event {
        Event::Open(site, _) | Event::Leaf(site, _) => out.push(site),
        Event::Raw(op, _) | Event::TooDeep(op) => out.push(Site::Operand(op)),
        Event::Close => {}
    });
    out
}

impl<'c> Program<'c> {
    /// A program that borrows its strings from the condition.
    pub(crate) fn borrowed(root: Root<'c>) -> Self {
        Self::build(root, &|s: &'c str| Cow::Borrowed(s))
    }
}

impl Program<'static> {
    /// A program that owns its strings.
    pub(crate) fn owned(root: Root<'_>) -> Self {
        Self::build(root, &|s: &str| Cow::Owned(s.to_owned()))
    }
}

impl<'o> Program<'o> {
    fn build<'c>(root: Root<'c>, text: &Text<'c, 'o>) -> Self {
        let mut steps = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        walk(root, |event| match event {
            Event::Open(_, kind) => {
                open.push(steps.len());
                steps.push(Step::Group { kind, end: 0 });
            }
            Event::Close => {
                let end = steps.len();
                if let Some(Step::Group { end: e, .. }) =
                    open.pop().and_then(|at| steps.get_mut(at))
                {
                    *e = end;
                }
            }
            Event::Leaf(_, e) => steps.push(Step::Leaf(Leaf::new(e, text))),
            Event::Raw(_, r) => steps.push(Step::Leaf(Leaf::unsupported(raw_name(r)))),
            Event::TooDeep(_) => steps.push(Step::TooDeep),
        });
        let single_leaf = matches!(
            &steps[..],
            [
                Step::Group {
                    kind: Group::Condition,
                    ..
                },
                Step::Leaf(_)
            ]
        );
        Self { steps, single_leaf }
    }

    /// Evaluates the whole program, telling `sink` what happens.
    #[inline]
    pub(crate) fn run<S: Sink>(&self, ctx: &EvalContext<'_>, sink: &mut S) -> Value {
        // Most conditions are one expression: a condition of one leaf is that leaf's value, so
        // plain evaluation skips the group's loop (explanations keep it, to see both steps).
        if !S::EXPLAINS
            && self.single_leaf
            && let Some(Step::Leaf(leaf)) = self.steps.get(1)
        {
            return leaf.evaluate(ctx, sink);
        }
        self.step(ctx, 0, sink)
    }

    fn end_of(&self, at: usize) -> usize {
        match self.steps.get(at) {
            Some(Step::Group { end, .. }) => *end,
            _ => at + 1,
        }
    }

    fn step<S: Sink>(&self, ctx: &EvalContext<'_>, at: usize, sink: &mut S) -> Value {
        match self.steps.get(at) {
            Some(Step::Group { kind, end }) => self.group(ctx, at, *kind, *end, sink),
            Some(Step::Leaf(leaf)) => {
                sink.open(at);
                let result = leaf.evaluate(ctx, sink);
                sink.close(at, &result);
                result
            }
            Some(Step::TooDeep) => {
                sink.open(at);
                let result = Err(Box::new(EvalError::TooDeep {
                    limit: MAX_EVAL_DEPTH,
                }));
                sink.close(at, &result);
                result
            }
            None => Ok(true),
        }
    }

    /// A group: children left to right until one decides it (recursion is bounded by
    /// [`MAX_EVAL_DEPTH`], which the walk enforced).
    fn group<S: Sink>(
        &self,
        ctx: &EvalContext<'_>,
        at: usize,
        kind: Group,
        end: usize,
        sink: &mut S,
    ) -> Value {
        sink.open(at);
        let decider = kind.decider();
        let mut result = Ok(!decider);
        let mut child = at + 1;
        while child < end {
            // Leaves are evaluated right here; only nested groups recurse.
            let (value, next) = match self.steps.get(child) {
                Some(Step::Leaf(leaf)) => {
                    sink.open(child);
                    let result = leaf.evaluate(ctx, sink);
                    sink.close(child, &result);
                    (result, child + 1)
                }
                _ => (self.step(ctx, child, sink), self.end_of(child)),
            };
            child = next;
            match value {
                Ok(v) if v == decider => {
                    result = Ok(v);
                    break;
                }
                Ok(_) => {}
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        if S::EXPLAINS {
            while child < end {
                sink.skipped(child);
                child = self.end_of(child);
            }
        }
        if kind == Group::Not {
            result = result.map(|found| !found);
        }
        sink.close(at, &result);
        result
    }
}
