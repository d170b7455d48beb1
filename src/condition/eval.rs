//! Evaluating conditions: the combinators, the error type and the pre-compiled form.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::options::EvalContext;
use super::program::Program;
use super::{
    CompareOperator, Condition, Expression, ExpressionKind, Operand, OperatorKind,
    OsConditionGroup, OsGroupItem,
};
use crate::machine::Host;
use crate::model::RawNode;
use crate::wql::{Query, WqlError};

/// How deeply operators may nest for evaluation and explanation, as the XML reader's element
/// limit (real conditions nest at most 4 deep). Deeper conditions can only be built in code or
/// through `xml(…)` inside text; they are an [`EvalError::TooDeep`], never a stack overflow.
pub const MAX_EVAL_DEPTH: usize = 256;

/// Why a condition could not be evaluated. The real engine fails the step in these cases.
///
/// JSON: externally tagged by snake_case variant, e.g.
/// `{"wmi":{"namespace":"root\\cimv2","query":"SELECT …","message":"…"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum EvalError {
    /// A WMI query could not be parsed or answered, and `ignoreQueryFailure` was not set.
    #[error("wmi query `{query}` in `{namespace}` failed: {message}")]
    Wmi {
        /// The namespace asked.
        namespace: String,
        /// The query text.
        query: String,
        /// Why it failed.
        message: String,
    },
    /// A condition that asks the machine was evaluated without a host.
    #[error("`{kind}` conditions need a machine description, and none was given")]
    NoHost {
        /// `wmi`, `file`, `folder`, `registry`, `software`, `os`, `make_model` or `computer`.
        kind: String,
    },
    /// An element or expression type the model keeps verbatim but cannot evaluate.
    #[error("unsupported condition element `{element}`")]
    Unsupported {
        /// The element (`<foo>`) or expression type name.
        element: String,
    },
    /// A registry condition with `like`/`notLike`, which registry conditions do not have.
    #[error("registry conditions have no `{operator}` operator (key `{key}`)")]
    RegistryOperator {
        /// The operator.
        operator: String,
        /// The key path.
        key: String,
    },
    /// A date-time that is not in the expected form.
    #[error("invalid date-time `{value}` from the {source_kind}: expected {expected}")]
    InvalidDateTime {
        /// The value.
        value: String,
        /// `condition` or `host`.
        source_kind: String,
        /// The expected form.
        expected: String,
    },
    /// A condition without a field it needs (a software condition without its product code).
    #[error("`{kind}` condition has no `{field}`")]
    MissingField {
        /// The condition kind.
        kind: String,
        /// The missing field.
        field: String,
    },
    /// The host could not answer a question a condition needs (`Win32_OperatingSystem` unknown).
    #[error("`{kind}` condition: {message}")]
    Host {
        /// The condition kind.
        kind: String,
        /// What went wrong.
        message: String,
    },
    /// Operators nested deeper than [`MAX_EVAL_DEPTH`].
    #[error("condition nests deeper than the limit of {limit}")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
}

/// Collects the facts that decide a leaf, for explanations; evaluation passes a sink that drops
/// them, so building the messages costs nothing there.
pub(crate) trait Facts {
    fn note(&mut self, fact: impl FnOnce() -> String);
}

/// Drops facts: plain evaluation.
pub(crate) struct NoFacts;

impl Facts for NoFacts {
    #[inline(always)]
    fn note(&mut self, _fact: impl FnOnce() -> String) {}
}

impl Facts for Vec<String> {
    fn note(&mut self, fact: impl FnOnce() -> String) {
        self.push(fact());
    }
}

/// Parsed WMI queries of one condition, keyed by the address of their query text (stable while
/// the condition is not mutated, which [`CompiledCondition`] guarantees by owning it privately).
#[derive(Debug, Default)]
pub(crate) struct QueryTable(Vec<(usize, Result<Query, WqlError>)>);

impl QueryTable {
    fn build(condition: &Condition) -> Self {
        let mut entries = Vec::new();
        let mut stack: Vec<&Operand> = condition.operands.iter().collect();
        while let Some(op) = stack.pop() {
            match op {
                Operand::Operator(o) => stack.extend(o.operands.iter()),
                Operand::OsConditionGroup(g) => {
                    for group in &g.groups {
                        for item in &group.items {
                            if let OsGroupItem::Operand(inner) = item {
                                stack.push(inner);
                            }
                        }
                    }
                }
                Operand::Expression(Expression {
                    kind: ExpressionKind::Wmi { query, .. },
                    ..
                }) => entries.push((query.as_ptr() as usize, Query::parse(query))),
                Operand::Expression(_) | Operand::Raw(_) => {}
            }
        }
        entries.sort_by_key(|(k, _)| *k);
        entries.dedup_by_key(|(k, _)| *k);
        Self(entries)
    }

    fn get(&self, query: &str) -> Option<&Result<Query, WqlError>> {
        let key = query.as_ptr() as usize;
        self.0
            .binary_search_by_key(&key, |(k, _)| *k)
            .ok()
            .and_then(|i| self.0.get(i))
            .map(|(_, q)| q)
    }
}

/// The engine shared by evaluation and explanation.
pub(crate) struct Evaluator<'e, 'a> {
    pub ctx: &'e EvalContext<'a>,
    pub queries: Option<&'e QueryTable>,
}

/// Whether an operand is not a condition at all (a comment, a processing instruction, stray
/// text): lists skip it, as the engine's deserializer does.
pub(crate) fn is_ignorable(op: &Operand) -> bool {
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

impl Evaluator<'_, '_> {
    pub(crate) fn host(&self, kind: &str) -> Result<&dyn Host, EvalError> {
        self.ctx
            .host
            .ok_or_else(|| EvalError::NoHost { kind: kind.into() })
    }

    pub(crate) fn parsed_query<'q>(&'q self, query: &str) -> Option<&'q Result<Query, WqlError>> {
        self.queries.and_then(|t| t.get(query))
    }

    fn all(&self, operands: &[Operand], depth: usize) -> Result<bool, EvalError> {
        for op in operands {
            if !is_ignorable(op) && !self.operand(op, depth)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn any(&self, operands: &[Operand], depth: usize) -> Result<bool, EvalError> {
        for op in operands {
            if !is_ignorable(op) && self.operand(op, depth)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    pub(crate) fn condition(&self, c: &Condition) -> Result<bool, EvalError> {
        self.all(&c.operands, 0)
    }

    pub(crate) fn operand(&self, op: &Operand, depth: usize) -> Result<bool, EvalError> {
        if depth >= MAX_EVAL_DEPTH {
            return Err(EvalError::TooDeep {
                limit: MAX_EVAL_DEPTH,
            });
        }
        match op {
            Operand::Operator(o) => match o.kind {
                OperatorKind::And => self.all(&o.operands, depth + 1),
                OperatorKind::Or => self.any(&o.operands, depth + 1),
                OperatorKind::Not => self.any(&o.operands, depth + 1).map(|b| !b),
            },
            Operand::Expression(e) => self.expression(e, &mut NoFacts),
            Operand::OsConditionGroup(g) => self.os_group(g, depth + 1),
            Operand::Raw(r) => Err(EvalError::Unsupported {
                element: raw_name(r),
            }),
        }
    }

    fn os_group(&self, g: &OsConditionGroup, depth: usize) -> Result<bool, EvalError> {
        for group in &g.groups {
            let mut all = true;
            for item in &group.items {
                if let OsGroupItem::Operand(op) = item
                    && !is_ignorable(op)
                    && !self.operand(op, depth + 1)?
                {
                    all = false;
                    break;
                }
            }
            if all {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// Whether a comparison that came out `ord` satisfies `op`.
pub(crate) fn holds(op: CompareOperator, ord: Ordering) -> bool {
    match op {
        CompareOperator::Equals => ord.is_eq(),
        CompareOperator::NotEquals => ord.is_ne(),
        CompareOperator::Greater => ord.is_gt(),
        CompareOperator::GreaterEqual => ord.is_ge(),
        CompareOperator::Less => ord.is_lt(),
        CompareOperator::LessEqual => ord.is_le(),
    }
}

impl CompareOperator {
    /// Whether a comparison whose left side compared to its right side as `ord` satisfies this
    /// operator.
    ///
    /// ```
    /// use std::cmp::Ordering;
    /// use tasksequence::condition::CompareOperator;
    /// assert!(CompareOperator::GreaterEqual.holds(Ordering::Equal));
    /// assert!(!CompareOperator::Less.holds(Ordering::Greater));
    /// ```
    pub fn holds(self, ord: Ordering) -> bool {
        holds(self, ord)
    }
}

impl Condition {
    /// Evaluates the condition: its operands are ANDed, an empty condition is true.
    ///
    /// WMI queries are parsed on every call; [`CompiledCondition`] parses them once for repeated
    /// evaluation.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use tasksequence::condition::{Condition, EvalContext};
    /// let c: Condition = "_SMSTSOSUpgradeActionReturnCode == 0xC1900210".parse()?;
    /// let vars = HashMap::from([("_SMSTSOSUpgradeActionReturnCode".to_string(), "3247440400".to_string())]);
    /// assert_eq!(c.evaluate(&EvalContext::new(&vars)), Ok(true));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`EvalError`] when a reached operand cannot be evaluated: a WMI failure without
    /// `ignoreQueryFailure`, a host-needing condition without a host, an unsupported element,
    /// a malformed date-time, nesting beyond [`MAX_EVAL_DEPTH`]. Operands not reached because an
    /// earlier sibling decided the result are never evaluated.
    pub fn evaluate(&self, ctx: &EvalContext<'_>) -> Result<bool, EvalError> {
        Evaluator { ctx, queries: None }.condition(self)
    }

    /// The condition with its WMI queries parsed once, for repeated evaluation.
    pub fn compile(&self) -> CompiledCondition {
        CompiledCondition::new(self.clone())
    }
}

impl Operand {
    /// Evaluates one operand as if it stood alone.
    ///
    /// # Errors
    /// As [`Condition::evaluate`]; a comment or other non-element is an unsupported element here.
    pub fn evaluate(&self, ctx: &EvalContext<'_>) -> Result<bool, EvalError> {
        Evaluator { ctx, queries: None }.operand(self, 0)
    }
}

impl Expression {
    /// Evaluates one expression.
    ///
    /// # Errors
    /// As [`Condition::evaluate`].
    pub fn evaluate(&self, ctx: &EvalContext<'_>) -> Result<bool, EvalError> {
        Evaluator { ctx, queries: None }.expression(self, &mut NoFacts)
    }
}

/// A condition prepared for repeated evaluation: every WMI query is parsed once, up front. A
/// query that does not parse is kept as its error and reported only if evaluation reaches it.
///
/// Immutable, `Send + Sync`. Serializes as the condition (JSON as [`Condition`]).
///
/// ```
/// use tasksequence::condition::{CompiledCondition, Condition, EvalContext};
/// let c: CompiledCondition = r#"PHASE == "STATERESTORE" or not DeploymentType exists"#.parse::<Condition>()?.into();
/// assert_eq!(c.evaluate(&EvalContext::empty()), Ok(true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Serialize, Deserialize)]
#[serde(from = "Condition", into = "Condition")]
pub struct CompiledCondition {
    condition: Condition,
    /// For explanations, which walk the tree.
    queries: QueryTable,
    /// For evaluation.
    program: Program,
}

impl CompiledCondition {
    /// Prepares `condition`.
    pub fn new(condition: Condition) -> Self {
        let queries = QueryTable::build(&condition);
        let program = Program::new(&condition);
        Self {
            condition,
            queries,
            program,
        }
    }

    /// The condition.
    pub fn condition(&self) -> &Condition {
        &self.condition
    }

    /// Gives the condition back.
    pub fn into_condition(self) -> Condition {
        self.condition
    }

    /// Evaluates, as [`Condition::evaluate`], without parsing any query.
    ///
    /// # Errors
    /// As [`Condition::evaluate`].
    pub fn evaluate(&self, ctx: &EvalContext<'_>) -> Result<bool, EvalError> {
        self.program.run(&Evaluator { ctx, queries: None })
    }

    pub(crate) fn evaluator<'e, 'a>(&'e self, ctx: &'e EvalContext<'a>) -> Evaluator<'e, 'a> {
        Evaluator {
            ctx,
            queries: Some(&self.queries),
        }
    }
}

impl Clone for CompiledCondition {
    fn clone(&self) -> Self {
        // The query table is keyed by addresses inside this condition; a copy needs its own.
        Self::new(self.condition.clone())
    }
}

impl PartialEq for CompiledCondition {
    fn eq(&self, other: &Self) -> bool {
        self.condition == other.condition
    }
}

impl Eq for CompiledCondition {}

impl From<Condition> for CompiledCondition {
    fn from(condition: Condition) -> Self {
        Self::new(condition)
    }
}

impl From<CompiledCondition> for Condition {
    fn from(compiled: CompiledCondition) -> Self {
        compiled.condition
    }
}
