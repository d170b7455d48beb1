//! Why a condition could not be evaluated ([`EvalError`] and the kinds its fields name), and the
//! one rule for what an ordering satisfies.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{CompareOperator, VariableOperator};

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
