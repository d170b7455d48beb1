//! Evaluating conditions: the error type, the entry points and the pre-compiled form. Every entry
//! point runs the one evaluator of [`super::program`].

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::options::EvalContext;
use super::program::{NoFacts, Program, Root};
use super::{CompareOperator, Condition, Expression, Operand, VariableOperator};

/// How deeply operators may nest for evaluation and explanation, as the XML reader's element
/// limit (real conditions nest at most 4 deep). Deeper conditions can only be built in code or
/// through `xml(…)` inside text; they are an [`EvalError::TooDeep`], never a stack overflow.
pub const MAX_EVAL_DEPTH: usize = 256;

/// The kinds of expression that ask the machine, as errors name them.
///
/// JSON and `Display`: `wmi`, `file`, `folder`, `registry`, `software`, `os`, `make_model`,
/// `computer`.
///
/// ```
/// use tasksequence::condition::{Condition, EvalContext, EvalError, MachineKind};
/// let c: Condition = r#"file("C:\Windows\notepad.exe")"#.parse()?;
/// let err = c.evaluate(&EvalContext::empty()).unwrap_err();
/// assert_eq!(err, EvalError::NoHost { kind: MachineKind::File });
/// assert_eq!(serde_json::to_string(&MachineKind::MakeModel)?, r#""make_model""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MachineKind {
    /// A WMI query.
    Wmi,
    /// A file.
    File,
    /// A folder.
    Folder,
    /// A registry value.
    Registry,
    /// Installed software.
    Software,
    /// An MDT OS condition.
    Os,
    /// A make and model rule.
    MakeModel,
    /// A computer rule.
    Computer,
}

impl MachineKind {
    /// The kind as errors and JSON write it.
    ///
    /// ```
    /// use tasksequence::condition::MachineKind;
    /// assert_eq!(MachineKind::Registry.as_str(), "registry");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MachineKind::Wmi => "wmi",
            MachineKind::File => "file",
            MachineKind::Folder => "folder",
            MachineKind::Registry => "registry",
            MachineKind::Software => "software",
            MachineKind::Os => "os",
            MachineKind::MakeModel => "make_model",
            MachineKind::Computer => "computer",
        }
    }
}

impl fmt::Display for MachineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a malformed date-time came from.
///
/// JSON and `Display`: `condition`, `host`.
///
/// ```
/// use tasksequence::condition::DateTimeSource;
/// assert_eq!(DateTimeSource::Host.to_string(), "host");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateTimeSource {
    /// The condition's `DateTime` field.
    Condition,
    /// The host's modification time.
    Host,
}

impl fmt::Display for DateTimeSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateTimeSource::Condition => "condition",
            DateTimeSource::Host => "host",
        })
    }
}

/// The form a date-time was expected in.
///
/// JSON and `Display` are the description:
/// ``a wmi datetime `yyyyMMddhhmmss.ffffff+UUU` `` or
/// ``an rfc 3339 time such as `2023-05-01T10:00:00Z` ``.
///
/// ```
/// use tasksequence::condition::DateTimeForm;
/// assert_eq!(DateTimeForm::Rfc3339.to_string(), "an rfc 3339 time such as `2023-05-01T10:00:00Z`");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DateTimeForm {
    /// The WMI datetime conditions write (`20230501100000.000000+000`).
    #[serde(rename = "a wmi datetime `yyyyMMddhhmmss.ffffff+UUU`")]
    WmiDateTime,
    /// RFC 3339, as hosts give modification times.
    #[serde(rename = "an rfc 3339 time such as `2023-05-01T10:00:00Z`")]
    Rfc3339,
}

impl fmt::Display for DateTimeForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateTimeForm::WmiDateTime => "a wmi datetime `yyyyMMddhhmmss.ffffff+UUU`",
            DateTimeForm::Rfc3339 => "an rfc 3339 time such as `2023-05-01T10:00:00Z`",
        })
    }
}

/// A field a condition needs and does not have.
///
/// JSON and `Display`: `ProductCode`, `UpgradeCode` (the XML field names).
///
/// ```
/// use tasksequence::condition::RequiredField;
/// assert_eq!(RequiredField::UpgradeCode.to_string(), "UpgradeCode");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequiredField {
    /// A software condition's `ProductCode` (`ThisVersion`).
    ProductCode,
    /// A software condition's `UpgradeCode` (`AnyVersion`).
    UpgradeCode,
}

impl fmt::Display for RequiredField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RequiredField::ProductCode => "ProductCode",
            RequiredField::UpgradeCode => "UpgradeCode",
        })
    }
}

/// Why a condition could not be evaluated. The real engine fails the step in these cases.
///
/// JSON: externally tagged by snake_case variant, e.g.
/// `{"wmi":{"namespace":"root\\cimv2","query":"SELECT …","message":"…"}}`,
/// `{"no_host":{"kind":"file"}}`, `{"registry_operator":{"operator":"like","key":"…"}}`.
///
/// ```
/// use tasksequence::condition::{Condition, EvalContext, EvalError, MachineKind};
/// let c: Condition = r#"wmi("SELECT * FROM Win32_Battery")"#.parse()?;
/// let err = c.evaluate(&EvalContext::empty()).unwrap_err();
/// assert_eq!(err, EvalError::NoHost { kind: MachineKind::Wmi });
/// assert_eq!(err.to_string(), "`wmi` conditions need a machine description, and none was given");
/// assert_eq!(serde_json::to_string(&err)?, r#"{"no_host":{"kind":"wmi"}}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
        /// What kind of condition.
        kind: MachineKind,
    },
    /// An element or expression type the model keeps verbatim but cannot evaluate.
    #[error("unsupported condition element `{element}`")]
    Unsupported {
        /// The element (`<foo>`) or expression type name.
        element: String,
    },
    /// A registry condition with `like`/`notLike`, which registry conditions do not have.
    #[error("registry conditions have no `{}` operator (key `{key}`)", .operator.as_str())]
    RegistryOperator {
        /// The operator, written as in XML (`like`, `notLike`).
        #[serde(with = "xml_operator")]
        operator: VariableOperator,
        /// The key path.
        key: String,
    },
    /// A date-time that is not in the expected form.
    #[error("invalid date-time `{value}` from the {source_kind}: expected {expected}")]
    InvalidDateTime {
        /// The value.
        value: String,
        /// Where it came from.
        source_kind: DateTimeSource,
        /// The expected form.
        expected: DateTimeForm,
    },
    /// A condition without a field it needs (a software condition without its product code).
    #[error("`{kind}` condition has no `{field}`")]
    MissingField {
        /// The condition kind.
        kind: MachineKind,
        /// The missing field.
        field: RequiredField,
    },
    /// The host could not answer a question a condition needs (`Win32_OperatingSystem` unknown).
    #[error("`{kind}` condition: {message}")]
    Host {
        /// The condition kind.
        kind: MachineKind,
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

/// A variable operator as XML writes it (`notLike`), which is how errors have always named it.
mod xml_operator {
    use super::*;

    pub(super) fn serialize<S: Serializer>(op: &VariableOperator, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(op.as_str())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<VariableOperator, D::Error> {
        let text = String::deserialize(d)?;
        VariableOperator::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown operator `{text}`")))
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
