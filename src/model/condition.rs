//! The condition tree of groups and steps: what the XML says, before any evaluation. The
//! evaluator, explanations and the text syntax live in [`crate::condition`], which re-exports these.

use serde::{Deserialize, Serialize};

use super::registry::RegistryType;
use super::{Attribute, RawNode};

/// A `<condition>`: its operands must all be true (an implicit AND). An empty condition is true.
///
/// ```
/// use tasksequence::model::condition::{Condition, Expression, ExpressionKind, Operand, VariableOperator};
/// use tasksequence::xml::{read_condition, write_condition, WriteOptions};
///
/// let condition = Condition {
///     operands: vec![Operand::Expression(Expression::new(ExpressionKind::Variable {
///         name: "_SMSTSInWinPE".into(),
///         operator: VariableOperator::Equals,
///         value: "false".into(),
///     }))],
///     ..Condition::default()
/// };
/// let xml = write_condition(&condition, &WriteOptions::one_line());
/// assert_eq!(xml, r#"<condition><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Operator">equals</variable><variable name="Value">false</variable><variable name="Variable">_SMSTSInWinPE</variable></expression></condition>"#);
/// assert_eq!(read_condition(&xml)?, condition);
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// The operands, in order.
    #[serde(default)]
    pub operands: Vec<Operand>,
    /// Attributes of `<condition>` the model does not type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<Attribute>,
}

/// One operand of a condition or operator.
///
/// JSON: `{"operator":{…}}`, `{"expression":{…}}`, `{"os_condition_group":{…}}`, `{"raw":{…}}`.
///
/// ```
/// use tasksequence::model::condition::Operand;
///
/// let c = tasksequence::xml::read_condition(r#"<condition><operator type="not"/><future/></condition>"#)?;
/// assert!(matches!(&c.operands[0], Operand::Operator(_)));
/// assert!(matches!(&c.operands[1], Operand::Raw(_)));
/// assert!(serde_json::to_value(&c.operands[0])?.get("operator").is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operand {
    /// `<operator type="and|or|not">`.
    Operator(Operator),
    /// `<expression type="…">`.
    Expression(Expression),
    /// ConfigMgr's "Operating system version" condition (`<osConditionGroup>`).
    OsConditionGroup(OsConditionGroup),
    /// An element this model does not understand, kept verbatim. Evaluating it is an error.
    Raw(RawNode),
}

/// `and`, `or` or `not`.
///
/// ```
/// use tasksequence::model::condition::{Operand, OperatorKind};
///
/// let c = tasksequence::xml::read_condition(r#"<condition><operator type="or"/></condition>"#)?;
/// assert!(matches!(&c.operands[0], Operand::Operator(op) if op.kind == OperatorKind::Or));
/// assert_eq!(serde_json::to_string(&OperatorKind::Not)?, r#""not""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperatorKind {
    /// All children true (`and()` is true).
    And,
    /// Any child true (`or()` is false).
    Or,
    /// None of the children true: NOT(OR(children)) (`not()` is true).
    Not,
}

impl OperatorKind {
    /// The XML spelling.
    ///
    /// ```
    /// use tasksequence::model::condition::OperatorKind;
    /// assert_eq!(OperatorKind::And.as_str(), "and");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            OperatorKind::And => "and",
            OperatorKind::Or => "or",
            OperatorKind::Not => "not",
        }
    }

    /// Parses `and`/`or`/`not`, case-insensitively.
    ///
    /// ```
    /// use tasksequence::model::condition::OperatorKind;
    ///
    /// assert_eq!(OperatorKind::parse("OR"), Some(OperatorKind::Or));
    /// assert_eq!(OperatorKind::parse("xor"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        [OperatorKind::And, OperatorKind::Or, OperatorKind::Not]
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(text))
    }
}

/// An `<operator>` and its children.
///
/// ```
/// use tasksequence::model::condition::{Operand, OperatorKind};
///
/// // The spelling `AND` is kept for writing; it does not change what the operator is.
/// let text = r#"<condition><operator type="AND"><operator type="or"/></operator></condition>"#;
/// let c = tasksequence::xml::read_condition(text)?;
/// let Operand::Operator(op) = &c.operands[0] else { panic!("not an operator") };
/// assert_eq!((op.kind, op.operands.len()), (OperatorKind::And, 1));
/// assert_eq!(op.hints.type_spelling.as_deref(), Some("AND"));
/// assert_eq!(tasksequence::xml::write_condition(&c, &tasksequence::xml::WriteOptions::one_line()), text);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    /// Which operator.
    pub kind: OperatorKind,
    /// Its children, in order.
    #[serde(default)]
    pub operands: Vec<Operand>,
    /// Attributes the model does not type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<Attribute>,
    /// Spelling details.
    #[serde(default, skip_serializing_if = "XmlHints::is_empty")]
    pub hints: XmlHints,
}

/// One `<expression>`.
///
/// ```
/// use tasksequence::model::condition::{ExpressionKind, Operand};
///
/// let c = tasksequence::xml::read_condition(r#"<condition><expression type="SMS_TaskSequence_WMIConditionExpression" ignoreQueryFailure="true"><variable name="Query">SELECT * FROM Win32_Battery</variable></expression></condition>"#)?;
/// let Operand::Expression(e) = &c.operands[0] else { panic!("not an expression") };
/// assert!(matches!(&e.kind, ExpressionKind::Wmi { namespace: None, query } if query == "SELECT * FROM Win32_Battery"));
/// assert_eq!(e.ignore_query_failure, Some(true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expression {
    /// What the expression tests, typed.
    pub kind: ExpressionKind,
    /// `ignoreQueryFailure` (WMI expressions in OS condition groups): a failing query counts as false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_query_failure: Option<bool>,
    /// Fields (`<variable name="…">`) that the expression's type does not define, kept in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_fields: Vec<Field>,
    /// Attributes the model does not type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<Attribute>,
    /// Spelling and order details.
    #[serde(default, skip_serializing_if = "XmlHints::is_empty")]
    pub hints: XmlHints,
}

impl Expression {
    /// An expression of the given kind with nothing else set.
    ///
    /// ```
    /// use tasksequence::model::condition::{Expression, ExpressionKind};
    ///
    /// let e = Expression::new(ExpressionKind::Folder { path: r"C:\Temp".into(), date_time: None, date_time_operator: None });
    /// assert_eq!(e.ignore_query_failure, None);
    /// assert!(e.extra_fields.is_empty() && e.hints.is_empty());
    /// ```
    pub fn new(kind: ExpressionKind) -> Self {
        Self {
            kind,
            ignore_query_failure: None,
            extra_fields: Vec::new(),
            extra_attributes: Vec::new(),
            hints: XmlHints::default(),
        }
    }
}

/// A `<variable name="…">value</variable>` field of an expression.
///
/// ```
/// use tasksequence::model::condition::{Field, Operand};
///
/// // `Extra` is not a field of folder conditions, so it is kept beside the typed ones.
/// let c = tasksequence::xml::read_condition(r#"<condition><expression type="SMS_TaskSequence_FolderConditionExpression"><variable name="Path">C:\x</variable><variable name="Extra">y</variable></expression></condition>"#)?;
/// let Operand::Expression(e) = &c.operands[0] else { panic!("not an expression") };
/// assert_eq!(e.extra_fields, [Field { name: "Extra".into(), value: "y".into() }]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The field name.
    pub name: String,
    /// The field value.
    pub value: String,
}

/// Operators of task sequence variable conditions.
///
/// ```
/// use tasksequence::model::condition::{ExpressionKind, Operand, VariableOperator};
///
/// let c = tasksequence::xml::read_condition(r#"<condition><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Operator">notExists</variable><variable name="Variable">OSDComputerName</variable></expression></condition>"#)?;
/// let Operand::Expression(e) = &c.operands[0] else { panic!("not an expression") };
/// assert!(matches!(&e.kind, ExpressionKind::Variable { operator: VariableOperator::NotExists, .. }));
/// assert_eq!(serde_json::to_string(&VariableOperator::GreaterEqual)?, r#""greater_equal""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VariableOperator {
    /// `exists`: the variable is set.
    Exists,
    /// `notExists` (registry: also `nonExists`).
    NotExists,
    /// `equals`
    Equals,
    /// `notEquals`
    NotEquals,
    /// `greater`
    Greater,
    /// `greaterEqual`
    GreaterEqual,
    /// `less`
    Less,
    /// `lessEqual`
    LessEqual,
    /// `like`: `*` and `?` wildcards.
    Like,
    /// `notLike`
    NotLike,
}

impl VariableOperator {
    /// Every operator, in the order the console lists them.
    ///
    /// ```
    /// use tasksequence::model::condition::VariableOperator;
    ///
    /// let spellings: Vec<&str> = VariableOperator::ALL.iter().map(|o| o.as_str()).collect();
    /// assert_eq!(spellings[..4], ["exists", "notExists", "equals", "notEquals"]);
    /// assert!(VariableOperator::ALL.iter().all(|o| VariableOperator::parse(o.as_str()) == Some(*o)));
    /// ```
    pub const ALL: [VariableOperator; 10] = [
        VariableOperator::Exists,
        VariableOperator::NotExists,
        VariableOperator::Equals,
        VariableOperator::NotEquals,
        VariableOperator::Greater,
        VariableOperator::GreaterEqual,
        VariableOperator::Less,
        VariableOperator::LessEqual,
        VariableOperator::Like,
        VariableOperator::NotLike,
    ];

    /// The canonical XML spelling.
    ///
    /// ```
    /// use tasksequence::model::condition::VariableOperator;
    /// assert_eq!(VariableOperator::LessEqual.as_str(), "lessEqual");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            VariableOperator::Exists => "exists",
            VariableOperator::NotExists => "notExists",
            VariableOperator::Equals => "equals",
            VariableOperator::NotEquals => "notEquals",
            VariableOperator::Greater => "greater",
            VariableOperator::GreaterEqual => "greaterEqual",
            VariableOperator::Less => "less",
            VariableOperator::LessEqual => "lessEqual",
            VariableOperator::Like => "like",
            VariableOperator::NotLike => "notLike",
        }
    }

    /// Parses an operator case-insensitively; `nonExists` (the SDK's registry spelling) is
    /// `NotExists`.
    ///
    /// ```
    /// use tasksequence::model::condition::VariableOperator;
    ///
    /// assert_eq!(VariableOperator::parse("NOTEQUALS"), Some(VariableOperator::NotEquals));
    /// assert_eq!(VariableOperator::parse("nonExists"), Some(VariableOperator::NotExists));
    /// assert_eq!(VariableOperator::parse("contains"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        if text.eq_ignore_ascii_case("nonExists") {
            return Some(VariableOperator::NotExists);
        }
        Self::ALL
            .into_iter()
            .find(|o| o.as_str().eq_ignore_ascii_case(text))
    }
}

/// Comparison operators of file, folder and OS conditions.
///
/// ```
/// use tasksequence::model::condition::{CompareOperator, ExpressionKind, Operand};
///
/// let c = tasksequence::xml::read_condition(r#"<condition><expression type="SMS_TaskSequence_FileConditionExpression"><variable name="Path">%windir%\system32\ntdll.dll</variable><variable name="Version">10.0.19041.1</variable><variable name="VersionOperator">greaterEqual</variable></expression></condition>"#)?;
/// let Operand::Expression(e) = &c.operands[0] else { panic!("not an expression") };
/// assert!(matches!(&e.kind, ExpressionKind::File { version_operator: Some(CompareOperator::GreaterEqual), .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompareOperator {
    /// `equals`
    Equals,
    /// `notEquals`
    NotEquals,
    /// `greater`
    Greater,
    /// `greaterEqual`
    GreaterEqual,
    /// `less`
    Less,
    /// `lessEqual`
    LessEqual,
}

impl CompareOperator {
    /// Every operator.
    ///
    /// ```
    /// use tasksequence::model::condition::CompareOperator;
    ///
    /// assert_eq!(CompareOperator::ALL.len(), 6);
    /// assert!(CompareOperator::ALL.iter().all(|o| CompareOperator::parse(o.as_str()) == Some(*o)));
    /// ```
    pub const ALL: [CompareOperator; 6] = [
        CompareOperator::Equals,
        CompareOperator::NotEquals,
        CompareOperator::Greater,
        CompareOperator::GreaterEqual,
        CompareOperator::Less,
        CompareOperator::LessEqual,
    ];

    /// The canonical XML spelling.
    ///
    /// ```
    /// use tasksequence::model::condition::CompareOperator;
    /// assert_eq!(CompareOperator::NotEquals.as_str(), "notEquals");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOperator::Equals => "equals",
            CompareOperator::NotEquals => "notEquals",
            CompareOperator::Greater => "greater",
            CompareOperator::GreaterEqual => "greaterEqual",
            CompareOperator::Less => "less",
            CompareOperator::LessEqual => "lessEqual",
        }
    }

    /// Parses an operator case-insensitively.
    ///
    /// ```
    /// use tasksequence::model::condition::CompareOperator;
    ///
    /// assert_eq!(CompareOperator::parse("Greater"), Some(CompareOperator::Greater));
    /// // `exists` is a variable operator, not a comparison.
    /// assert_eq!(CompareOperator::parse("exists"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|o| o.as_str().eq_ignore_ascii_case(text))
    }
}

/// Installed Software operators.
///
/// ```
/// use tasksequence::model::condition::{ExpressionKind, Operand, SoftwareOperator};
///
/// let c = tasksequence::xml::read_condition(r#"<condition><expression type="SMS_TaskSequence_SoftwareConditionExpression"><variable name="Operator">AnyVersion</variable><variable name="UpgradeCode">{AC76BA86-7AD7-1033-7B44-AC0F074E4100}</variable></expression></condition>"#)?;
/// let Operand::Expression(e) = &c.operands[0] else { panic!("not an expression") };
/// assert!(matches!(&e.kind, ExpressionKind::Software { operator: SoftwareOperator::AnyVersion, product_code: None, .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SoftwareOperator {
    /// `ThisVersion`: this exact product, matched by product code.
    ThisVersion,
    /// `AnyVersion`: any version of the product, matched by upgrade code.
    AnyVersion,
}

impl SoftwareOperator {
    /// The XML spelling.
    ///
    /// ```
    /// use tasksequence::model::condition::SoftwareOperator;
    /// assert_eq!(SoftwareOperator::ThisVersion.as_str(), "ThisVersion");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SoftwareOperator::ThisVersion => "ThisVersion",
            SoftwareOperator::AnyVersion => "AnyVersion",
        }
    }

    /// Parses case-insensitively.
    ///
    /// ```
    /// use tasksequence::model::condition::SoftwareOperator;
    ///
    /// assert_eq!(SoftwareOperator::parse("anyversion"), Some(SoftwareOperator::AnyVersion));
    /// assert_eq!(SoftwareOperator::parse("Newer"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        [SoftwareOperator::ThisVersion, SoftwareOperator::AnyVersion]
            .into_iter()
            .find(|o| o.as_str().eq_ignore_ascii_case(text))
    }
}

/// What an expression tests. Optional fields are `None` when the XML does not write them (and are
/// then not written back); present-but-empty is `Some("")`.
///
/// JSON: externally tagged by snake_case kind, e.g. `{"variable":{"name":"PHASE","operator":"equals","value":"VALIDATION"}}`.
///
/// ```
/// use tasksequence::model::condition::{ExpressionKind, Operand};
///
/// // A known type whose fields do not fit it (an unknown operator) is kept whole as `Other`.
/// let c = tasksequence::xml::read_condition(r#"<condition><expression type="SMS_TaskSequence_FileConditionExpression"><variable name="Path">C:\a.dll</variable><variable name="Version">1.0</variable><variable name="VersionOperator">bogus</variable></expression></condition>"#)?;
/// let Operand::Expression(e) = &c.operands[0] else { panic!("not an expression") };
/// assert!(matches!(&e.kind, ExpressionKind::Other { fields, .. } if fields.len() == 3));
/// let json = serde_json::to_value(ExpressionKind::Registry {
///     key_path: r"HKEY_LOCAL_MACHINE\SOFTWARE\Contoso".into(),
///     value_name: Some("Ring".into()),
///     value_type: None,
///     operator: tasksequence::model::condition::VariableOperator::Exists,
///     data: None,
/// })?;
/// assert_eq!(json["registry"]["value_name"], "Ring");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpressionKind {
    /// `SMS_TaskSequence_VariableConditionExpression`.
    Variable {
        /// `Variable`: the task sequence variable's name.
        name: String,
        /// `Operator`.
        operator: VariableOperator,
        /// `Value` (`""` when omitted; see [`XmlHints::value_omitted`]).
        #[serde(default)]
        value: String,
    },
    /// `SMS_TaskSequence_WMIConditionExpression`: true when the query returns an instance.
    Wmi {
        /// `Namespace`; `None` when omitted (the engine uses `root\cimv2`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        namespace: Option<String>,
        /// `Query`, WQL.
        query: String,
    },
    /// `SMS_TaskSequence_FileConditionExpression`.
    File {
        /// `Path` (variables expanded before lookup).
        path: String,
        /// `Version`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<String>,
        /// `VersionOperator`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version_operator: Option<CompareOperator>,
        /// `DateTime`, WMI datetime form (`yyyyMMddhhmmss.ffffff+000`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date_time: Option<String>,
        /// `DateTimeOperator`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date_time_operator: Option<CompareOperator>,
    },
    /// `SMS_TaskSequence_FolderConditionExpression`.
    Folder {
        /// `Path` (variables expanded before lookup).
        path: String,
        /// `DateTime`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date_time: Option<String>,
        /// `DateTimeOperator`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date_time_operator: Option<CompareOperator>,
    },
    /// `SMS_TaskSequence_RegistryConditionExpression`.
    Registry {
        /// `KeyPath`, with the full hive name.
        key_path: String,
        /// `Value`: the value name; `None` when omitted (the default value, like `Some("")`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value_name: Option<String>,
        /// `Type`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value_type: Option<RegistryType>,
        /// `Operator`; `like`/`notLike` are not registry operators and fail evaluation.
        operator: VariableOperator,
        /// `Data`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        data: Option<String>,
    },
    /// `SMS_TaskSequence_SoftwareConditionExpression`.
    Software {
        /// `Operator`.
        operator: SoftwareOperator,
        /// `ProductCode`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        product_code: Option<String>,
        /// `UpgradeCode`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        upgrade_code: Option<String>,
        /// `ProductName`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        product_name: Option<String>,
        /// `Version`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<String>,
    },
    /// MDT's `SMS_TaskSequence_OSConditionExpression`.
    Os {
        /// `Architecture` (`X86`, `X64`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        architecture: Option<String>,
        /// `Version`, dotted.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<String>,
        /// `Operator`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        operator: Option<CompareOperator>,
    },
    /// `SMS_TaskSequence_MakeModelConditionExpression` (Set Dynamic Variables rules).
    MakeModel {
        /// `Make`, wildcards allowed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        make: Option<String>,
        /// `Model`, wildcards allowed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        model: Option<String>,
    },
    /// `SMS_TaskSequence_ComputerConditionExpression` (Set Dynamic Variables rules).
    Computer {
        /// `AssetTag`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        asset_tag: Option<String>,
        /// `MACAddress`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mac_address: Option<String>,
        /// `SerialNumber`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        serial_number: Option<String>,
        /// `UUID`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        uuid: Option<String>,
    },
    /// An expression type this model does not know, or a known type whose fields do not fit it (an
    /// unknown operator, a missing required field). Kept whole; evaluating it is an error.
    Other {
        /// The `type` attribute.
        type_name: String,
        /// Its fields in order.
        #[serde(default)]
        fields: Vec<Field>,
    },
}

impl ExpressionKind {
    /// The XML `type` of the expression.
    ///
    /// ```
    /// use tasksequence::model::condition::ExpressionKind;
    ///
    /// let kind = ExpressionKind::MakeModel { make: Some("Dell*".into()), model: None };
    /// assert_eq!(kind.type_name(), "SMS_TaskSequence_MakeModelConditionExpression");
    /// let other = ExpressionKind::Other { type_name: "Custom_Thing".into(), fields: Vec::new() };
    /// assert_eq!(other.type_name(), "Custom_Thing");
    /// ```
    pub fn type_name(&self) -> &str {
        match self {
            ExpressionKind::Variable { .. } => "SMS_TaskSequence_VariableConditionExpression",
            ExpressionKind::Wmi { .. } => "SMS_TaskSequence_WMIConditionExpression",
            ExpressionKind::File { .. } => "SMS_TaskSequence_FileConditionExpression",
            ExpressionKind::Folder { .. } => "SMS_TaskSequence_FolderConditionExpression",
            ExpressionKind::Registry { .. } => "SMS_TaskSequence_RegistryConditionExpression",
            ExpressionKind::Software { .. } => "SMS_TaskSequence_SoftwareConditionExpression",
            ExpressionKind::Os { .. } => "SMS_TaskSequence_OSConditionExpression",
            ExpressionKind::MakeModel { .. } => "SMS_TaskSequence_MakeModelConditionExpression",
            ExpressionKind::Computer { .. } => "SMS_TaskSequence_ComputerConditionExpression",
            ExpressionKind::Other { type_name, .. } => type_name,
        }
    }
}

/// `<osConditionGroup type="or">`: true when any of its platform groups is true.
///
/// ```
/// use tasksequence::model::condition::{Operand, OsGroupItem};
///
/// let c = tasksequence::xml::read_condition(r#"<condition><osConditionGroup type="or"><osExpressionGroup type="and" name="All x64 Windows 10 and higher Clients"><platformKey arch="x64" type="Win_NT" minVer="10.00.0000.0" maxVer="10.99.9999.9999"/></osExpressionGroup></osConditionGroup></condition>"#)?;
/// let Operand::OsConditionGroup(os) = &c.operands[0] else { panic!("not an OS condition") };
/// assert_eq!(os.type_attr.as_deref(), Some("or"));
/// assert_eq!(os.groups[0].name.as_deref(), Some("All x64 Windows 10 and higher Clients"));
/// assert!(matches!(&os.groups[0].items[0], OsGroupItem::PlatformKey(key) if key.arch.as_deref() == Some("x64")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OsConditionGroup {
    /// The `type` attribute as written (`or`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_attr: Option<String>,
    /// The platform groups, in order.
    #[serde(default)]
    pub groups: Vec<OsExpressionGroup>,
    /// Verbatim content that is not an `<osExpressionGroup>`, kept in order after the groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_children: Vec<RawNode>,
    /// Attributes the model does not type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<Attribute>,
}

/// `<osExpressionGroup type="and" name="All x64 Windows 7 Client">`: one platform, true when all of
/// its expressions are.
///
/// ```
/// use tasksequence::model::condition::{OsConditionGroup, OsExpressionGroup, OsGroupItem, Operand, Condition, PlatformKey};
///
/// let group = OsExpressionGroup {
///     name: Some("All x64 Windows 11 Clients".into()),
///     type_attr: Some("and".into()),
///     items: vec![OsGroupItem::PlatformKey(PlatformKey {
///         arch: Some("x64".into()),
///         platform_type: Some("Win_NT".into()),
///         ..PlatformKey::default()
///     })],
///     ..OsExpressionGroup::default()
/// };
/// let condition = Condition {
///     operands: vec![Operand::OsConditionGroup(OsConditionGroup { groups: vec![group], ..OsConditionGroup::default() })],
///     ..Condition::default()
/// };
/// let xml = tasksequence::xml::write_condition(&condition, &tasksequence::xml::WriteOptions::one_line());
/// assert!(xml.contains(r#"<osExpressionGroup type="and" name="All x64 Windows 11 Clients"><platformKey arch="x64" type="Win_NT"/>"#));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OsExpressionGroup {
    /// The platform's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The `type` attribute as written (`and`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_attr: Option<String>,
    /// The platform key and the WMI expressions, in order.
    #[serde(default)]
    pub items: Vec<OsGroupItem>,
    /// Attributes the model does not type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<Attribute>,
}

/// What an [`OsExpressionGroup`] holds.
///
/// ```
/// use tasksequence::model::condition::{Operand, OsGroupItem};
///
/// let c = tasksequence::xml::read_condition(r#"<condition><osConditionGroup type="or"><osExpressionGroup type="and" name="P"><platformKey arch="x64"/><expression type="SMS_TaskSequence_WMIConditionExpression" ignoreQueryFailure="true"><variable name="Query">SELECT * FROM Win32_OperatingSystem WHERE ProductType = 1</variable></expression></osExpressionGroup></osConditionGroup></condition>"#)?;
/// let Operand::OsConditionGroup(os) = &c.operands[0] else { panic!("not an OS condition") };
/// let items = &os.groups[0].items;
/// assert!(matches!(&items[0], OsGroupItem::PlatformKey(_)));
/// assert!(matches!(&items[1], OsGroupItem::Operand(Operand::Expression(e)) if e.ignore_query_failure == Some(true)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OsGroupItem {
    /// The `<platformKey>` naming the platform.
    PlatformKey(PlatformKey),
    /// An operand (in practice WMI expressions with `ignoreQueryFailure`).
    Operand(Operand),
}

/// `<platformKey arch="x64" type="Win_NT" minVer="6.10.0000.0" maxVer="6.10.9999.9999"/>`.
///
/// ```
/// use tasksequence::model::condition::PlatformKey;
///
/// let key = PlatformKey { min_version: Some("10.00.0000.0".into()), max_version: Some("10.99.9999.9999".into()), ..PlatformKey::default() };
/// // `platform_type` is the `type` attribute, also in JSON.
/// let json = serde_json::to_value(PlatformKey { platform_type: Some("Win_NT".into()), ..key })?;
/// assert_eq!(json["type"], "Win_NT");
/// assert_eq!(json["min_version"], "10.00.0000.0");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformKey {
    /// `arch`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arch: Option<String>,
    /// `type`
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub platform_type: Option<String>,
    /// `minVer`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_version: Option<String>,
    /// `maxVer`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_version: Option<String>,
    /// Attributes the model does not type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<Attribute>,
}

/// How an operator or expression was spelled and ordered in XML. Writing honours it; equality
/// ignores it (two conditions that mean the same thing are equal however they were written).
///
/// ```
/// use tasksequence::model::condition::Operand;
///
/// let written = r#"<condition><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Variable">PHASE</variable><variable name="Operator">Equals</variable><variable name="Value">STATERESTORE</variable></expression></condition>"#;
/// let canonical = r#"<condition><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Operator">equals</variable><variable name="Value">STATERESTORE</variable><variable name="Variable">PHASE</variable></expression></condition>"#;
/// let (a, b) = (tasksequence::xml::read_condition(written)?, tasksequence::xml::read_condition(canonical)?);
/// let Operand::Expression(e) = &a.operands[0] else { panic!("not an expression") };
/// assert_eq!(e.hints.field_order, ["Variable", "Operator", "Value"]);
/// assert_eq!(e.hints.spellings[0].value, "Equals");
/// // Same meaning, so equal; each is written back as it was read.
/// assert_eq!(a, b);
/// assert_eq!(tasksequence::xml::write_condition(&a, &tasksequence::xml::WriteOptions::one_line()), written);
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
#[derive(Debug, Clone, Default, Eq, Serialize, Deserialize)]
pub struct XmlHints {
    /// The `type` attribute as written, when it differs from the canonical spelling (`AND`,
    /// `sms_tasksequence_variableconditionexpression`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_spelling: Option<String>,
    /// Fields whose typed value was written in a non-canonical spelling (`Equals`, `notequals`,
    /// `nonExists`), as written. Used only while the typed value still reads the same.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spellings: Vec<Field>,
    /// The field names in the order they were written, when it differs from the canonical
    /// (alphabetical, as ConfigMgr writes them) order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_order: Vec<String>,
    /// A variable expression written without its `Value` field.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub value_omitted: bool,
}

impl XmlHints {
    /// Whether nothing differs from the canonical spelling.
    ///
    /// ```
    /// use tasksequence::model::condition::XmlHints;
    ///
    /// assert!(XmlHints::default().is_empty());
    /// assert!(!XmlHints { value_omitted: true, ..XmlHints::default() }.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.type_spelling.is_none()
            && self.spellings.is_empty()
            && self.field_order.is_empty()
            && !self.value_omitted
    }
}

impl PartialEq for XmlHints {
    /// Always equal: hints are presentation, not meaning.
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}
