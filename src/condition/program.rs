//! The evaluation form of a [`super::CompiledCondition`]: the tree flattened into one array in
//! pre-order, variable comparisons with their expected value classified once, WMI queries parsed
//! once. Semantics are exactly those of the tree evaluator (tested against it); only the work that
//! does not depend on the variables is moved out of the evaluation.

use std::cmp::Ordering;

use super::compare::{
    LikeShape, compare_version_parts, eq_ascii_lowered, integers_equal, is_version, parse_integer,
    text_cmp, text_equal, wildcard_match,
};
use super::eval::{EvalError, Evaluator, MAX_EVAL_DEPTH, is_ignorable};
use super::{Condition, Expression, ExpressionKind, Operand, OperatorKind, VariableOperator};
use crate::wql::{Query, WqlError};

const DEFAULT_NAMESPACE: &str = "root\\cimv2";

#[derive(Debug)]
enum Step {
    /// All children, which follow, up to `end` (exclusive).
    And { end: usize },
    /// Any child.
    Or { end: usize },
    /// None of the children.
    Not { end: usize },
    /// A variable comparison.
    Var {
        name: Box<str>,
        op: VariableOperator,
        value: Box<str>,
        /// The expected value as an integer, when it is one.
        int: Option<i128>,
        /// For `like`/`notLike`: the pattern, classified.
        like: Option<LikeShape>,
        /// The expected value in ASCII lower case, when it is ASCII.
        lower: Option<Box<[u8]>>,
        /// For ordering operators: the expected value's parts, when it is a dotted version.
        parts: Option<Box<[Box<str>]>>,
    },
    /// A WMI query, parsed.
    Wmi {
        namespace: Box<str>,
        text: Box<str>,
        query: Result<Query, WqlError>,
        ignore_failure: bool,
    },
    /// Anything else, evaluated by the tree evaluator at this depth.
    Tree { operand: Box<Operand>, depth: usize },
    /// An operand nested deeper than [`MAX_EVAL_DEPTH`].
    TooDeep,
}

/// A flattened condition.
#[derive(Debug, Default)]
pub(crate) struct Program {
    steps: Vec<Step>,
}

impl Program {
    pub(crate) fn new(condition: &Condition) -> Self {
        let mut steps = vec![Step::And { end: 0 }];
        // An explicit stack: (operand, depth) to emit, or the index of a group step to close.
        enum Work<'a> {
            Emit(&'a Operand, usize),
            Close(usize),
        }
        let mut work: Vec<Work<'_>> = vec![Work::Close(0)];
        work.extend(
            condition
                .operands
                .iter()
                .rev()
                .filter(|op| !is_ignorable(op))
                .map(|op| Work::Emit(op, 0)),
        );
        while let Some(item) = work.pop() {
            match item {
                Work::Close(at) => {
                    let end = steps.len();
                    if let Some(Step::And { end: e } | Step::Or { end: e } | Step::Not { end: e }) =
                        steps.get_mut(at)
                    {
                        *e = end;
                    }
                }
                Work::Emit(_, depth) if depth >= MAX_EVAL_DEPTH => steps.push(Step::TooDeep),
                Work::Emit(Operand::Operator(o), depth) => {
                    let at = steps.len();
                    steps.push(match o.kind {
                        OperatorKind::And => Step::And { end: 0 },
                        OperatorKind::Or => Step::Or { end: 0 },
                        OperatorKind::Not => Step::Not { end: 0 },
                    });
                    work.push(Work::Close(at));
                    work.extend(
                        o.operands
                            .iter()
                            .rev()
                            .filter(|op| !is_ignorable(op))
                            .map(|op| Work::Emit(op, depth + 1)),
                    );
                }
                Work::Emit(op @ Operand::Expression(e), depth) => steps.push(leaf(op, e, depth)),
                Work::Emit(op, depth) => steps.push(Step::Tree {
                    operand: Box::new(op.clone()),
                    depth,
                }),
            }
        }
        Self { steps }
    }

    /// Evaluates the whole condition.
    pub(crate) fn run(&self, ev: &Evaluator<'_, '_>) -> Result<bool, EvalError> {
        self.step(ev, 0)
    }

    fn end_of(&self, at: usize) -> usize {
        match self.steps.get(at) {
            Some(Step::And { end } | Step::Or { end } | Step::Not { end }) => *end,
            _ => at + 1,
        }
    }

    /// Whether any child of the group at `at` (children up to `end`) evaluates to `want`.
    fn any_child(
        &self,
        ev: &Evaluator<'_, '_>,
        at: usize,
        end: usize,
        want: bool,
    ) -> Result<bool, EvalError> {
        let mut child = at + 1;
        while child < end {
            if self.step(ev, child)? == want {
                return Ok(true);
            }
            child = self.end_of(child);
        }
        Ok(false)
    }

    fn step(&self, ev: &Evaluator<'_, '_>, at: usize) -> Result<bool, EvalError> {
        match self.steps.get(at) {
            Some(Step::And { end }) => self.any_child(ev, at, *end, false).map(|found| !found),
            Some(Step::Or { end }) => self.any_child(ev, at, *end, true),
            Some(Step::Not { end }) => self.any_child(ev, at, *end, true).map(|found| !found),
            Some(leaf) => Self::leaf(ev, leaf),
            None => Ok(true),
        }
    }

    /// A step that is not a group.
    #[inline]
    fn leaf(ev: &Evaluator<'_, '_>, step: &Step) -> Result<bool, EvalError> {
        match step {
            Step::And { .. } | Step::Or { .. } | Step::Not { .. } => Ok(true),
            Step::Var {
                name,
                op,
                value,
                int,
                like,
                lower,
                parts,
            } => Ok(variable(
                ev,
                name,
                *op,
                value,
                Expected {
                    int: *int,
                    like: like.as_ref(),
                    lower: lower.as_deref(),
                    parts: parts.as_deref(),
                },
            )),
            Step::Wmi {
                namespace,
                text,
                query,
                ignore_failure,
            } => ev.wmi_parsed(namespace, text, query.as_ref(), *ignore_failure),
            Step::Tree { operand, depth } => ev.operand(operand, *depth),
            Step::TooDeep => Err(EvalError::TooDeep {
                limit: MAX_EVAL_DEPTH,
            }),
        }
    }
}

fn leaf(op: &Operand, e: &Expression, depth: usize) -> Step {
    match &e.kind {
        ExpressionKind::Variable {
            name,
            operator,
            value,
        } => Step::Var {
            name: name.as_str().into(),
            op: *operator,
            value: value.as_str().into(),
            int: parse_integer(value),
            like: matches!(operator, VariableOperator::Like | VariableOperator::NotLike)
                .then(|| LikeShape::new(value)),
            lower: value
                .is_ascii()
                .then(|| value.bytes().map(|b| b.to_ascii_lowercase()).collect()),
            parts: (!matches!(
                operator,
                VariableOperator::Exists
                    | VariableOperator::NotExists
                    | VariableOperator::Equals
                    | VariableOperator::NotEquals
                    | VariableOperator::Like
                    | VariableOperator::NotLike
            ) && is_version(value))
            .then(|| value.split('.').map(Box::from).collect()),
        },
        ExpressionKind::Wmi { namespace, query } => Step::Wmi {
            namespace: namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE).into(),
            text: query.as_str().into(),
            query: Query::parse(query),
            ignore_failure: e.ignore_query_failure == Some(true),
        },
        _ => Step::Tree {
            operand: Box::new(op.clone()),
            depth,
        },
    }
}

/// What was worked out about a variable leaf's expected value when the program was built.
struct Expected<'p> {
    int: Option<i128>,
    like: Option<&'p LikeShape>,
    lower: Option<&'p [u8]>,
    parts: Option<&'p [Box<str>]>,
}

/// [`super::compare::compare_values`] with the expected side pre-classified.
#[inline]
fn order(actual: &str, expected: &str, pre: &Expected<'_>, cs: bool) -> Ordering {
    if let Some(y) = pre.int
        && let Some(x) = parse_integer(actual)
    {
        return x.cmp(&y);
    }
    if let Some(parts) = pre.parts
        && let Some(ord) = compare_version_parts(actual, parts)
    {
        return ord;
    }
    text_cmp(actual, expected, cs)
}

/// The rules of [`super::compare`] for a variable leaf, with the expected value pre-classified.
#[inline]
fn variable(
    ev: &Evaluator<'_, '_>,
    name: &str,
    op: VariableOperator,
    expected: &str,
    pre: Expected<'_>,
) -> bool {
    let Expected {
        int: expected_int,
        like,
        lower,
        ..
    } = pre;
    let classified = ev.ctx.variables.get_classified(name);
    let actual = classified.map_or("", |c| c.text());
    let cs = ev.ctx.options.case_sensitive;
    match op {
        VariableOperator::Exists => !actual.is_empty(),
        VariableOperator::NotExists => actual.is_empty(),
        VariableOperator::Equals | VariableOperator::NotEquals => {
            // The variable's side was classified when it was set (`Lookup::get_classified`).
            let actual_int = || classified.and_then(|c| c.integer());
            let equal = match expected_int.and_then(|y| actual_int().map(|x| (x, y))) {
                Some((x, y)) => integers_equal(x, y),
                None if cs => actual == expected,
                None => lower
                    .and_then(|l| eq_ascii_lowered(actual.as_bytes(), l))
                    .unwrap_or_else(|| text_equal(actual, expected, cs)),
            };
            equal == (op == VariableOperator::Equals)
        }
        VariableOperator::Like | VariableOperator::NotLike => {
            let matched = match like {
                Some(shape) => shape.matches(actual, cs),
                None => wildcard_match(actual, expected, cs),
            };
            matched == (op == VariableOperator::Like)
        }
        VariableOperator::Greater => order(actual, expected, &pre, cs).is_gt(),
        VariableOperator::GreaterEqual => order(actual, expected, &pre, cs).is_ge(),
        VariableOperator::Less => order(actual, expected, &pre, cs).is_lt(),
        VariableOperator::LessEqual => order(actual, expected, &pre, cs).is_le(),
    }
}
