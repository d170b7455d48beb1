//! The condition tree of groups and steps: what the XML says, before any evaluation. The
//! evaluator, explanations and the text syntax live in [`crate::condition`], which re-exports these.

use serde::{Deserialize, Serialize};

use super::registry::RegistryType;
use super::{Attribute, RawNode};

/// A `<condition>`: its operands must all be true (an implicit AND). An empty condition is true.
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
    pub fn as_str(self) -> &'static str {
        match self {
            OperatorKind::And => "and",
            OperatorKind::Or => "or",
            OperatorKind::Not => "not",
        }
    }

    /// Parses `and`/`or`/`not`, case-insensitively.
    pub fn parse(text: &str) -> Option<Self> {
        [OperatorKind::And, OperatorKind::Or, OperatorKind::Not]
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(text))
    }
}

/// An `<operator>` and its children.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The field name.
    pub name: String,
    /// The field value.
    pub value: String,
}

/// Operators of task sequence variable conditions.
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
    pub const ALL: [CompareOperator; 6] = [
        CompareOperator::Equals,
        CompareOperator::NotEquals,
        CompareOperator::Greater,
        CompareOperator::GreaterEqual,
        CompareOperator::Less,
        CompareOperator::LessEqual,
    ];

    /// The canonical XML spelling.
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
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|o| o.as_str().eq_ignore_ascii_case(text))
    }
}

/// Installed Software operators.
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
    pub fn as_str(self) -> &'static str {
        match self {
            SoftwareOperator::ThisVersion => "ThisVersion",
            SoftwareOperator::AnyVersion => "AnyVersion",
        }
    }

    /// Parses case-insensitively.
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OsConditionGroup {
    /// The `type` attribute as written (`or`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_attr: Option<String>,
    /// The platform groups and anything else inside, in order.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OsGroupItem {
    /// The `<platformKey>` naming the platform.
    PlatformKey(PlatformKey),
    /// An operand (in practice WMI expressions with `ignoreQueryFailure`).
    Operand(Operand),
}

/// `<platformKey arch="x64" type="Win_NT" minVer="6.10.0000.0" maxVer="6.10.9999.9999"/>`.
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
