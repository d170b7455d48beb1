//! Evaluating conditions: the entry points and the pre-compiled form. Every entry point runs the
//! one evaluator of [`super::program`].

use serde::{Deserialize, Serialize};

use super::error::EvalError;
use super::options::EvalContext;
use super::program::{Program, Root};
use super::sink::NoFacts;
use super::{Condition, Expression, Operand};

impl Condition {
    /// Evaluates the condition: its operands are ANDed, an empty condition is true.
    ///
    /// This prepares the condition (WMI queries parsed, values classified) and runs it once;
    /// [`CompiledCondition`] keeps the preparation for repeated evaluation.
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
        Program::borrowed(Root::Condition(self))
            .run(ctx, &mut NoFacts)
            .map_err(|e| *e)
    }

    /// The condition prepared once, for repeated evaluation.
    ///
    /// ```
    /// use tasksequence::condition::{Condition, EvalContext};
    /// let c: Condition = r#"Make like "*Lenovo*""#.parse()?;
    /// let compiled = c.compile();
    /// assert_eq!(compiled.evaluate(&EvalContext::empty()), Ok(false));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compile(&self) -> CompiledCondition {
        CompiledCondition::new(self.clone())
    }
}

impl Operand {
    /// Evaluates one operand as if it stood alone.
    ///
    /// ```
    /// use tasksequence::condition::{Condition, EvalContext};
    /// let c: Condition = "A exists".parse()?;
    /// assert_eq!(c.operands[0].evaluate(&EvalContext::empty()), Ok(false));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Condition::evaluate`]; a comment or other non-element is an unsupported element here.
    pub fn evaluate(&self, ctx: &EvalContext<'_>) -> Result<bool, EvalError> {
        Program::borrowed(Root::Operand(self))
            .run(ctx, &mut NoFacts)
            .map_err(|e| *e)
    }
}

impl Expression {
    /// Evaluates one expression.
    ///
    /// ```
    /// use tasksequence::condition::{Condition, EvalContext, Operand};
    /// let c: Condition = "A not exists".parse()?;
    /// let Operand::Expression(e) = &c.operands[0] else { unreachable!() };
    /// assert_eq!(e.evaluate(&EvalContext::empty()), Ok(true));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Condition::evaluate`].
    pub fn evaluate(&self, ctx: &EvalContext<'_>) -> Result<bool, EvalError> {
        Program::borrowed(Root::Expression(self))
            .run(ctx, &mut NoFacts)
            .map_err(|e| *e)
    }
}

/// A condition prepared for repeated evaluation: the tree flattened, every WMI query parsed,
/// expected values classified, date-times read, once, up front. A query or date-time that does
/// not parse is kept as its error and reported only if evaluation reaches it.
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
    program: Program<'static>,
}

impl CompiledCondition {
    /// Prepares `condition`.
    ///
    /// ```
    /// use tasksequence::condition::{CompiledCondition, Condition};
    /// let c = CompiledCondition::new("A == 1".parse::<Condition>()?);
    /// assert_eq!(c.condition().to_text(), "A == 1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(condition: Condition) -> Self {
        let program = Program::owned(Root::Condition(&condition));
        Self { condition, program }
    }

    /// The condition.
    ///
    /// ```
    /// use tasksequence::condition::Condition;
    /// let c: Condition = "A exists".parse()?;
    /// assert_eq!(c.compile().condition(), &c);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn condition(&self) -> &Condition {
        &self.condition
    }

    /// Gives the condition back.
    ///
    /// ```
    /// use tasksequence::condition::Condition;
    /// let c: Condition = "A exists".parse()?;
    /// assert_eq!(c.compile().into_condition(), c);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_condition(self) -> Condition {
        self.condition
    }

    /// Evaluates, as [`Condition::evaluate`], without preparing anything again.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use tasksequence::condition::{Condition, EvalContext};
    /// let c = "PHASE == \"STATERESTORE\"".parse::<Condition>()?.compile();
    /// let vars = HashMap::from([("Phase".to_string(), "StateRestore".to_string())]);
    /// assert_eq!(c.evaluate(&EvalContext::new(&vars)), Ok(true));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Condition::evaluate`].
    pub fn evaluate(&self, ctx: &EvalContext<'_>) -> Result<bool, EvalError> {
        self.program.run(ctx, &mut NoFacts).map_err(|e| *e)
    }

    pub(crate) fn program(&self) -> &Program<'static> {
        &self.program
    }
}

impl Clone for CompiledCondition {
    fn clone(&self) -> Self {
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
