//! The parsed form of a WQL `WHERE` clause.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use super::fold::fold;
use super::like::LikePattern;

/// A class or property name: as written, and folded to lower case once so that lookups compare
/// without allocating.
///
/// Serialized as the name as written (a JSON string).
///
/// ```
/// use tasksequence::wql::{Ident, Query};
///
/// let q = Query::parse("SELECT * FROM win32_operatingsystem")?;
/// assert_eq!(q.class(), &Ident::new("win32_operatingsystem"));
/// assert_ne!(q.class(), &Ident::new("Win32_OperatingSystem"));
/// assert_eq!(q.class().folded(), Ident::new("Win32_OperatingSystem").folded());
/// assert_eq!(serde_json::to_string(q.class())?, r#""win32_operatingsystem""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Ident {
    name: String,
    folded: String,
}

impl Ident {
    /// A name as written.
    ///
    /// ```
    /// use tasksequence::wql::Ident;
    /// assert_eq!(Ident::new("OSLanguage").to_string(), "OSLanguage");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        let name = name.into();
        let folded = fold(&name);
        Self { name, folded }
    }

    /// The name as written.
    ///
    /// ```
    /// use tasksequence::wql::Ident;
    /// assert_eq!(Ident::new("BatteryStatus").as_str(), "BatteryStatus");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The name folded to lower case (character by character, `char::to_lowercase`). Hosts that
    /// index their property names the same way can look names up by exact comparison.
    ///
    /// ```
    /// use tasksequence::wql::Ident;
    /// assert_eq!(Ident::new("SMBIOSBIOSVersion").folded(), "smbiosbiosversion");
    /// ```
    pub fn folded(&self) -> &str {
        &self.folded
    }
}

impl fmt::Debug for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.name, f)
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// Names compare as written; the folded form follows from it.
impl PartialEq for Ident {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Ident {}

impl Hash for Ident {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl Serialize for Ident {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name)
    }
}

impl<'de> Deserialize<'de> for Ident {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

/// A comparison operator.
///
/// Serialized as its symbol: `"="`, `"<>"`, `"<"`, `"<="`, `">"`, `">="` (`!=` reads as `<>`).
///
/// ```
/// use tasksequence::wql::{CompareOp, Expr, Query};
///
/// let q = Query::parse("SELECT * FROM Win32_Battery WHERE BatteryStatus != 2")?;
/// let Some(Expr::Compare(test)) = q.filter() else { panic!("not a comparison") };
/// assert_eq!(test.op, CompareOp::Ne);
/// assert_eq!(serde_json::to_string(&test.op)?, r#""<>""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CompareOp {
    /// `=`
    #[serde(rename = "=")]
    Eq,
    /// `<>` or `!=`
    #[serde(rename = "<>")]
    Ne,
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `<=`
    #[serde(rename = "<=")]
    Le,
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `>=`
    #[serde(rename = ">=")]
    Ge,
}

impl CompareOp {
    /// The operator's symbol.
    ///
    /// ```
    /// use tasksequence::wql::CompareOp;
    /// assert_eq!(CompareOp::Ge.symbol(), ">=");
    /// assert_eq!(CompareOp::Ne.symbol(), "<>");
    /// ```
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Eq => "=",
            Self::Ne => "<>",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
        }
    }

    /// The operator with its sides swapped (`5 < X` is `X > 5`).
    ///
    /// ```
    /// use tasksequence::wql::CompareOp;
    /// assert_eq!(CompareOp::Lt.flipped(), CompareOp::Gt);
    /// assert_eq!(CompareOp::Eq.flipped(), CompareOp::Eq);
    /// ```
    pub fn flipped(self) -> Self {
        match self {
            Self::Lt => Self::Gt,
            Self::Le => Self::Ge,
            Self::Gt => Self::Lt,
            Self::Ge => Self::Le,
            same => same,
        }
    }

    /// Whether `property ⟨op⟩ constant` holds when the property compares to the constant as `ord`.
    ///
    /// ```
    /// use std::cmp::Ordering;
    /// use tasksequence::wql::CompareOp;
    ///
    /// // `Size >= 100` for a disk whose size compares as greater than 100:
    /// assert!(CompareOp::Ge.holds(Ordering::Greater));
    /// assert!(!CompareOp::Lt.holds(Ordering::Equal));
    /// ```
    pub fn holds(self, ord: Ordering) -> bool {
        match self {
            Self::Eq => ord.is_eq(),
            Self::Ne => ord.is_ne(),
            Self::Lt => ord.is_lt(),
            Self::Le => ord.is_le(),
            Self::Gt => ord.is_gt(),
            Self::Ge => ord.is_ge(),
        }
    }
}

impl fmt::Display for CompareOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// A constant as written in a query.
///
/// JSON shape: externally tagged, `{"string": "1033"}`, `{"int": 2}`, `{"real": 1.5}`,
/// `{"bool": true}`.
///
/// ```
/// use tasksequence::wql::Literal;
///
/// assert_eq!(Literal::String(r"C:\it's".into()).to_string(), r"'C:\\it\'s'");
/// assert_eq!(Literal::Bool(true).to_string(), "TRUE");
/// assert_eq!(serde_json::to_string(&Literal::Int(2))?, r#"{"int":2}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Literal {
    /// `'text'` or `"text"`, escapes resolved.
    String(String),
    /// A decimal integer, optionally signed.
    Int(i64),
    /// A decimal number with a fraction or exponent.
    Real(f64),
    /// `TRUE` or `FALSE`.
    Bool(bool),
}

/// Reals compare by bit pattern so that equality is total (a query equals itself).
impl PartialEq for Literal {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::String(a), Self::String(b)) => a == b,
            (Self::Int(a), Self::Int(b)) => a == b,
            (Self::Real(a), Self::Real(b)) => a.to_bits() == b.to_bits(),
            (Self::Bool(a), Self::Bool(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Literal {}

impl fmt::Display for Literal {
    /// WQL spelling: strings in single quotes with `\` and `'` escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::String(s) => {
                f.write_str("'")?;
                for c in s.chars() {
                    if c == '\\' || c == '\'' {
                        f.write_str("\\")?;
                    }
                    fmt::Write::write_char(f, c)?;
                }
                f.write_str("'")
            }
            Self::Int(n) => write!(f, "{n}"),
            Self::Real(x) => write!(f, "{x:?}"),
            Self::Bool(true) => f.write_str("TRUE"),
            Self::Bool(false) => f.write_str("FALSE"),
        }
    }
}

/// A constant with its conversions to each WMI type worked out once, at parse time, so that
/// evaluation only picks the one the property's type asks for.
///
/// Serialized as its [`Literal`].
///
/// ```
/// use tasksequence::wql::{Expr, Literal, Query};
///
/// let q = Query::parse("SELECT * FROM Win32_OperatingSystem WHERE OSLanguage = '1033'")?;
/// let Some(Expr::Compare(test)) = q.filter() else { panic!("not a comparison") };
/// assert_eq!(test.value.literal(), &Literal::String("1033".into()));
/// assert_eq!(serde_json::to_string(&test.value)?, r#"{"string":"1033"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Constant {
    literal: Literal,
    /// The constant as text, folded: what a string property is compared with.
    pub(crate) text: String,
    /// As an integer, when it is one or a string holding one.
    pub(crate) int: Option<i64>,
    /// As a real, when it is a number or a string holding one.
    pub(crate) real: Option<f64>,
    /// As a boolean: `TRUE`/`FALSE` (any case, also quoted); integers are true when non-zero.
    pub(crate) boolean: Option<bool>,
}

impl Constant {
    /// Prepares `literal` for comparison with properties of any type.
    ///
    /// ```
    /// use tasksequence::wql::{CompareOp, Comparison, Constant, Expr, Ident, Literal};
    ///
    /// let test = Expr::Compare(Comparison {
    ///     property: Ident::new("OSLanguage"),
    ///     op: CompareOp::Eq,
    ///     value: Constant::new(Literal::Int(1033)),
    /// });
    /// assert_eq!(test.to_string(), "OSLanguage = 1033");
    /// ```
    pub fn new(literal: Literal) -> Self {
        let (text, int, real, boolean) = match &literal {
            Literal::String(s) => (fold(s), s.parse::<i64>().ok(), parse_real(s), parse_bool(s)),
            Literal::Int(n) => (n.to_string(), Some(*n), Some(*n as f64), Some(*n != 0)),
            Literal::Real(x) => (fold(&x.to_string()), None, Some(*x), None),
            Literal::Bool(b) => (b.to_string(), Some(i64::from(*b)), None, Some(*b)),
        };
        Self {
            literal,
            text,
            int,
            real,
            boolean,
        }
    }

    /// The constant as written.
    ///
    /// ```
    /// use tasksequence::wql::{Constant, Literal};
    /// assert_eq!(Constant::new(Literal::Real(1.5)).literal(), &Literal::Real(1.5));
    /// ```
    pub fn literal(&self) -> &Literal {
        &self.literal
    }
}

fn parse_real(s: &str) -> Option<f64> {
    let numeric = s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
    if numeric { s.parse().ok() } else { None }
}

fn parse_bool(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

impl fmt::Debug for Constant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.literal, f)
    }
}

impl PartialEq for Constant {
    fn eq(&self, other: &Self) -> bool {
        self.literal == other.literal
    }
}

impl Eq for Constant {}

impl Serialize for Constant {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.literal.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Constant {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Literal::deserialize(deserializer).map(Self::new)
    }
}

/// `property ⟨op⟩ constant`. A query that writes `constant ⟨op⟩ property` is stored with the
/// operator flipped.
///
/// JSON shape: `{"property": "OSLanguage", "op": "=", "value": {"string": "1033"}}`.
///
/// ```
/// use tasksequence::wql::{CompareOp, Expr, Literal, Query};
///
/// // A constant on the left is stored on the right, with the operator flipped.
/// let q = Query::parse("SELECT * FROM Win32_DiskDrive WHERE 100 < Size")?;
/// let Some(Expr::Compare(test)) = q.filter() else { panic!("not a comparison") };
/// assert_eq!((test.property.as_str(), test.op), ("Size", CompareOp::Gt));
/// assert_eq!(test.value.literal(), &Literal::Int(100));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// The property compared.
    pub property: Ident,
    /// The operator.
    pub op: CompareOp,
    /// The constant.
    pub value: Constant,
}

/// `property [NOT] LIKE 'pattern'`.
///
/// JSON shape: `{"property": "Model", "pattern": "%E6430%", "negated": false}`.
///
/// ```
/// use tasksequence::wql::{Expr, Query};
///
/// let q = Query::parse("SELECT * FROM Win32_ComputerSystem WHERE Model NOT LIKE '%Virtual%'")?;
/// let Some(Expr::Like(test)) = q.filter() else { panic!("not a LIKE") };
/// assert_eq!(test.property.as_str(), "Model");
/// assert_eq!(test.pattern.as_str(), "%Virtual%");
/// assert!(test.negated);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LikeTest {
    /// The property matched.
    pub property: Ident,
    /// The compiled pattern.
    pub pattern: LikePattern,
    /// `NOT LIKE`.
    pub negated: bool,
}

/// `property IS [NOT] NULL`.
///
/// JSON shape: `{"property": "BatteryStatus", "negated": true}`.
///
/// ```
/// use tasksequence::wql::{Expr, Ident, NullTest, Query};
///
/// let q = Query::parse("SELECT * FROM Win32_Battery WHERE BatteryStatus IS NOT NULL")?;
/// let expected = Expr::IsNull(NullTest { property: Ident::new("BatteryStatus"), negated: true });
/// assert_eq!(q.filter(), Some(&expected));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NullTest {
    /// The property tested.
    pub property: Ident,
    /// `IS NOT NULL`.
    pub negated: bool,
}

/// A `WHERE` expression.
///
/// JSON shape: externally tagged, snake_case: `{"and": [ … ]}`, `{"or": [ … ]}`, `{"not": { … }}`,
/// `{"compare": Comparison}`, `{"like": LikeTest}`, `{"is_null": NullTest}`. Chains of one operator
/// are flattened: `a AND b AND c` is one `and` with three children.
///
/// ```
/// use tasksequence::wql::{Expr, Query};
///
/// let q = Query::parse("select * from Win32_BIOS where not (A = 1 or B = 2) and C like 'x%' and D is null")?;
/// let Some(Expr::And(items)) = q.filter() else { panic!("not an AND") };
/// assert_eq!(items.len(), 3);
/// assert_eq!(q.filter().unwrap().to_string(), "NOT (A = 1 OR B = 2) AND C LIKE 'x%' AND D IS NULL");
/// assert_eq!(serde_json::to_value(&items[2])?["is_null"]["property"], "D");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expr {
    /// All children hold (checked left to right, stopping at the first that does not).
    And(Vec<Expr>),
    /// Any child holds (checked left to right, stopping at the first that does).
    Or(Vec<Expr>),
    /// The child does not hold.
    Not(Box<Expr>),
    /// A comparison with a constant.
    Compare(Comparison),
    /// A `LIKE` match.
    Like(LikeTest),
    /// An `IS [NOT] NULL` test.
    IsNull(NullTest),
}

impl fmt::Display for Expr {
    /// Canonical WQL text: keywords upper case, single-quoted strings, parentheses where
    /// precedence or the tree's shape needs them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // A nested chain keeps its parentheses so that the text parses back to the same tree
            // (the parser flattens only unparenthesized chains).
            Self::And(items) => join(f, items, " AND ", |e| {
                matches!(e, Self::And(_) | Self::Or(_))
            }),
            Self::Or(items) => join(f, items, " OR ", |e| matches!(e, Self::Or(_))),
            Self::Not(inner) => match inner.as_ref() {
                Self::And(_) | Self::Or(_) => write!(f, "NOT ({inner})"),
                _ => write!(f, "NOT {inner}"),
            },
            Self::Compare(c) => write!(f, "{} {} {}", c.property, c.op, c.value.literal()),
            Self::Like(t) => {
                let not = if t.negated { "NOT " } else { "" };
                let pattern = Literal::String(t.pattern.as_str().to_owned());
                write!(f, "{} {not}LIKE {pattern}", t.property)
            }
            Self::IsNull(t) => {
                let not = if t.negated { "NOT " } else { "" };
                write!(f, "{} IS {not}NULL", t.property)
            }
        }
    }
}

fn join(
    f: &mut fmt::Formatter<'_>,
    items: &[Expr],
    sep: &str,
    needs_parens: impl Fn(&Expr) -> bool,
) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        if needs_parens(item) {
            write!(f, "({item})")?;
        } else {
            write!(f, "{item}")?;
        }
    }
    Ok(())
}
