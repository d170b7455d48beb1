//! The WQL subset that task sequence conditions use, parsed once and evaluated against any
//! [`PropertyLookup`] (a [`crate::machine::MachineProfile`]'s instances, or a host's own).
//!
//! # Supported
//!
//! `SELECT * | prop[, prop…] FROM Class [WHERE expr]`, where `expr` combines, with `AND`, `OR`,
//! `NOT` and parentheses:
//!
//! - `prop op constant` and `constant op prop`, `op` one of `=`, `<>`, `!=`, `<`, `<=`, `>`, `>=`;
//! - `prop [NOT] LIKE 'pattern'` with `%`, `_`, `[abc]`, `[a-z]` (also `[a=z]`), `[^…]`
//!   ([`LikePattern`]);
//! - `prop IS NULL`, `prop IS NOT NULL`.
//!
//! Constants: strings in `'…'` or `"…"` (escapes `\\`, `\'`, `\"`), decimal integers with an
//! optional sign, decimal reals (`1.5`, `2e3`), `TRUE`, `FALSE`. Keywords, class and property names
//! are case-insensitive; so are string comparisons and `LIKE`. Precedence: `NOT` binds tighter than
//! `AND`, which binds tighter than `OR`.
//!
//! Evaluation converts the constant to the property's type (`OSLanguage = '1033'` matches the
//! integer 1033); a property the instance does not list is NULL, every comparison with NULL is
//! false and `IS NULL` is true. The full rules are on
//! [`Query::matches`].
//!
//! # Not supported
//!
//! These are parse errors of kind [`WqlErrorKind::Unsupported`] naming the construct, never a
//! silently wrong answer: `ASSOCIATORS OF`, `REFERENCES OF`, `ISA`, system classes
//! (`__InstanceCreationEvent`), `meta_class`, `WITHIN`, `GROUP BY`/`GROUP WITHIN`,
//! `HAVING`, `ORDER BY`, functions (`COUNT(*)`, `UPPER(x)`), joins, `IN`, `BETWEEN`, qualified
//! names (`Class.Prop`), comparisons of two properties or two constants, and `= NULL` (use
//! `IS NULL`). Array properties cannot be tested in `WHERE` (an [`EvalError`]).
//!
//! # Limits
//!
//! A query is 1 to [`MAX_QUERY_CHARS`] (16384) characters, the length ConfigMgr allows for a WMI
//! condition's query; parentheses and `NOT` nest at most [`MAX_DEPTH`] (64) deep. Both are
//! positioned errors ([`WqlErrorKind::TooLong`], [`WqlErrorKind::TooDeep`]).
//!
//! ```
//! use tasksequence::machine::{Instance, WmiValue};
//! use tasksequence::wql::Query;
//!
//! let q = Query::parse("SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%' AND OSLanguage='1033'")?;
//! let mut os = Instance::new();
//! os.insert("OSArchitecture".into(), WmiValue::String("64-bit".into()));
//! os.insert("OSLanguage".into(), WmiValue::Int(1033));
//! assert!(q.matches(&os)?);
//! assert_eq!(q.class().as_str(), "Win32_OperatingSystem");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod ast;
mod error;
mod eval;
pub(crate) mod fold;
mod like;
mod parse;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

pub use ast::{CompareOp, Comparison, Constant, Expr, Ident, LikeTest, Literal, NullTest};
pub use error::{EvalError, WqlError, WqlErrorKind};
pub use eval::PropertyLookup;
pub use like::LikePattern;

mod value;
pub use value::{Instance, WmiValue};

/// The longest query accepted, in characters (ConfigMgr's limit for a WMI condition's query).
///
/// ```
/// use tasksequence::wql::{Query, WqlErrorKind, MAX_QUERY_CHARS};
///
/// let text = format!("SELECT * FROM Win32_BIOS WHERE Name = '{}'", "x".repeat(MAX_QUERY_CHARS));
/// let err = Query::parse(&text).unwrap_err();
/// assert_eq!(err.kind, WqlErrorKind::TooLong { length: text.chars().count(), max: MAX_QUERY_CHARS });
/// ```
pub const MAX_QUERY_CHARS: usize = 16384;

/// How deeply parentheses and `NOT` may nest in a `WHERE` clause.
///
/// ```
/// use tasksequence::wql::{Query, WqlErrorKind, MAX_DEPTH};
///
/// let nested = |depth: usize| format!("SELECT * FROM A WHERE {}X = 1{}", "(".repeat(depth), ")".repeat(depth));
/// assert!(Query::parse(&nested(10)).is_ok());
/// let err = Query::parse(&nested(MAX_DEPTH + 1)).unwrap_err();
/// assert_eq!(err.kind, WqlErrorKind::TooDeep { max: MAX_DEPTH });
/// ```
pub const MAX_DEPTH: usize = 64;

/// A parsed WQL query. Immutable, cheap to evaluate many times, `Send + Sync`.
///
/// Two queries are equal when their texts are equal (the parsed form follows from the text).
///
/// # JSON shape
///
/// ```json
/// { "text": "SELECT Manufacturer FROM Win32_ComputerSystem WHERE Manufacturer = 'Lenovo'",
///   "class": "Win32_ComputerSystem",
///   "properties": ["Manufacturer"],
///   "filter": { "compare": { "property": "Manufacturer", "op": "=", "value": { "string": "Lenovo" } } } }
/// ```
///
/// `properties` is `null` for `SELECT *`; `filter` is `null` without `WHERE` (see [`Expr`] for its
/// shape). Deserializing reads only `text` (or a bare JSON string) and parses it again, so the
/// other fields are informative. To store only the text, use [`as_text`] with
/// `#[serde(with = "tasksequence::wql::as_text")]`.
///
/// # Examples
///
/// ```
/// use tasksequence::wql::Query;
///
/// let q: Query = "SELECT Manufacturer FROM Win32_ComputerSystem WHERE Manufacturer = 'Lenovo'".parse()?;
/// let json = serde_json::to_value(&q)?;
/// assert_eq!(json["class"], "Win32_ComputerSystem");
/// assert_eq!(json["properties"][0], "Manufacturer");
/// assert_eq!(json["filter"]["compare"]["value"]["string"], "Lenovo");
/// let back: Query = serde_json::from_value(json)?;
/// assert_eq!(back, q);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Query {
    text: String,
    class: Ident,
    properties: Option<Box<[Ident]>>,
    filter: Option<Expr>,
}

impl Query {
    /// Parses `text`.
    ///
    /// # Errors
    /// [`WqlError`] with the byte offset, line, column and a snippet of the text where parsing
    /// stopped; unsupported WQL is [`WqlErrorKind::Unsupported`] naming the construct.
    ///
    /// ```
    /// use tasksequence::wql::{Query, WqlErrorKind};
    /// let q = Query::parse("Select * from Win32_Battery where BatteryStatus != 2")?;
    /// assert_eq!(q.text(), "Select * from Win32_Battery where BatteryStatus != 2");
    ///
    /// let err = Query::parse("ASSOCIATORS OF {Win32_LogicalDisk.DeviceID='C:'}").unwrap_err();
    /// assert_eq!(err.kind, WqlErrorKind::Unsupported("`ASSOCIATORS OF`".into()));
    /// assert_eq!(err.to_string(), "unsupported WQL: `ASSOCIATORS OF` at line 1, column 1 (`ASSOCIATORS OF {Win32_Lo…`)");
    /// # Ok::<(), tasksequence::wql::WqlError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Self, WqlError> {
        let parsed = parse::parse(text)?;
        Ok(Self {
            text: text.to_owned(),
            class: parsed.class,
            properties: parsed.select.map(Vec::into_boxed_slice),
            filter: parsed.filter,
        })
    }

    /// The query text as written.
    ///
    /// ```
    /// use tasksequence::wql::Query;
    ///
    /// let q = Query::parse("select * from Win32_BIOS")?;
    /// assert_eq!(q.text(), "select * from Win32_BIOS");
    /// assert_eq!(q.to_string(), q.text());
    /// # Ok::<(), tasksequence::wql::WqlError>(())
    /// ```
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The class after `FROM`.
    ///
    /// ```
    /// use tasksequence::wql::Query;
    /// assert_eq!(Query::parse("SELECT * FROM Win32_Battery")?.class().as_str(), "Win32_Battery");
    /// # Ok::<(), tasksequence::wql::WqlError>(())
    /// ```
    pub fn class(&self) -> &Ident {
        &self.class
    }

    /// The selected properties; `None` for `SELECT *`.
    ///
    /// ```
    /// use tasksequence::wql::{Ident, Query};
    ///
    /// let q = Query::parse("SELECT Model, Manufacturer FROM Win32_ComputerSystem")?;
    /// assert_eq!(q.properties(), Some(&[Ident::new("Model"), Ident::new("Manufacturer")][..]));
    /// assert_eq!(Query::parse("SELECT * FROM Win32_ComputerSystem")?.properties(), None);
    /// # Ok::<(), tasksequence::wql::WqlError>(())
    /// ```
    pub fn properties(&self) -> Option<&[Ident]> {
        self.properties.as_deref()
    }

    /// The `WHERE` expression; `None` when there is none (every instance matches).
    ///
    /// ```
    /// use tasksequence::wql::Query;
    ///
    /// let q = Query::parse("SELECT * FROM Win32_Battery WHERE BatteryStatus=2")?;
    /// assert_eq!(q.filter().map(ToString::to_string).as_deref(), Some("BatteryStatus = 2"));
    /// assert!(Query::parse("SELECT * FROM Win32_Battery")?.filter().is_none());
    /// # Ok::<(), tasksequence::wql::WqlError>(())
    /// ```
    pub fn filter(&self) -> Option<&Expr> {
        self.filter.as_ref()
    }

    /// Whether `instance` satisfies the `WHERE` clause. The caller has already picked instances of
    /// [`Query::class`].
    ///
    /// The constant is converted to the property's type: strings compare with the constant's
    /// text case-insensitively; integers with an integer (`1033`, `'1033'`, `TRUE` = 1) or else a
    /// real; reals with a real; booleans with `TRUE`/`FALSE` (quoted or not, any case) or an
    /// integer (non-zero is TRUE). A missing or null property makes every comparison and `LIKE`
    /// false and `IS NULL` true. `LIKE` on a number matches its decimal text.
    ///
    /// # Errors
    /// [`EvalError`] when a tested property is an array, or a constant cannot be converted to the
    /// property's type (`OSLanguage = 'abc'`). `AND`/`OR` stop at the first deciding child, so a
    /// later error is not reached.
    ///
    /// ```
    /// use tasksequence::machine::{Instance, WmiValue};
    /// use tasksequence::wql::Query;
    /// let mut battery = Instance::new();
    /// battery.insert("BatteryStatus".into(), WmiValue::Int(2));
    /// let q = Query::parse("SELECT * FROM Win32_Battery WHERE BatteryStatus != 2")?;
    /// assert!(!q.matches(&battery)?);
    /// let q = Query::parse("SELECT * FROM Win32_Battery WHERE Chemistry IS NULL")?;
    /// assert!(q.matches(&battery)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn matches<P: PropertyLookup + ?Sized>(&self, instance: &P) -> Result<bool, EvalError> {
        match &self.filter {
            Some(expr) => eval::eval(
                expr,
                &eval::WithClass {
                    instance,
                    class: WmiValue::String(self.class().as_str().to_owned()),
                },
            ),
            None => Ok(true),
        }
    }

    /// The instance as the query returns it: all properties for `SELECT *`, else the selected
    /// ones (spelled as the instance spells them; a property the instance lacks comes back NULL,
    /// spelled as the query does).
    ///
    /// ```
    /// use tasksequence::machine::{Instance, WmiValue};
    /// use tasksequence::wql::Query;
    /// let mut cs = Instance::new();
    /// cs.insert("Manufacturer".into(), WmiValue::String("LENOVO".into()));
    /// cs.insert("Model".into(), WmiValue::String("20XW".into()));
    /// let q = Query::parse("SELECT manufacturer, Domain FROM Win32_ComputerSystem")?;
    /// let row = q.project(&cs);
    /// assert_eq!(row.get("Manufacturer"), Some(&WmiValue::String("LENOVO".into())));
    /// assert_eq!(row.get("Domain"), Some(&WmiValue::Null));
    /// assert_eq!(row.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn project(&self, instance: &Instance) -> Instance {
        let Some(props) = &self.properties else {
            return instance.clone();
        };
        let mut row = Instance::new();
        for p in props.iter() {
            let found = instance
                .iter()
                .find(|(k, _)| fold::eq_folded(k, p.folded()));
            match found {
                Some((k, v)) => row.insert(k.clone(), v.clone()),
                None => row.insert(p.as_str().to_owned(), WmiValue::Null),
            };
        }
        row
    }
}

impl fmt::Display for Query {
    /// The query text as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq for Query {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Query {}

impl Hash for Query {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl FromStr for Query {
    type Err = WqlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for Query {
    type Error = WqlError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl Serialize for Query {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shape<'a> {
            text: &'a str,
            class: &'a Ident,
            properties: Option<&'a [Ident]>,
            filter: Option<&'a Expr>,
        }
        Shape {
            text: &self.text,
            class: &self.class,
            properties: self.properties(),
            filter: self.filter(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Query {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            Text(String),
            Object { text: String },
        }
        let text = match Shape::deserialize(deserializer)? {
            Shape::Text(text) | Shape::Object { text } => text,
        };
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Serde helpers that store a [`Query`] as its text alone (a JSON string), for types that embed
/// a query and want a compact shape: `#[serde(with = "tasksequence::wql::as_text")]`.
pub mod as_text {
    use super::Query;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the query's text.
    ///
    /// # Errors
    /// Whatever the serializer reports.
    ///
    /// # Examples
    ///
    /// ```
    /// use tasksequence::wql::{as_text, Query};
    ///
    /// let q = Query::parse("SELECT * FROM Win32_Battery")?;
    /// let json = as_text::serialize(&q, serde_json::value::Serializer)?;
    /// assert_eq!(json, serde_json::json!("SELECT * FROM Win32_Battery"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn serialize<S: Serializer>(query: &Query, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(query.text())
    }

    /// Reads a string and parses it.
    ///
    /// # Errors
    /// When the value is not a string or does not parse as WQL (the message is the [`super::WqlError`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use tasksequence::wql::{as_text, Query};
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Check {
    ///     #[serde(with = "as_text")]
    ///     query: Query,
    /// }
    ///
    /// let check: Check = serde_json::from_str(r#"{"query": "SELECT * FROM Win32_BIOS"}"#)?;
    /// assert_eq!(check.query.class().as_str(), "Win32_BIOS");
    /// assert!(serde_json::from_str::<Check>(r#"{"query": "SELECT *"}"#).is_err());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Query, D::Error> {
        let text = String::deserialize(deserializer)?;
        Query::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;
