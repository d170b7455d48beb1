//! Errors of the WQL parser and evaluator.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a query could not be parsed.
///
/// JSON shape: externally tagged, snake_case, e.g. `{"expected": "`FROM`"}`,
/// `{"unsupported": "`ASSOCIATORS OF`"}`, `"empty"`, `{"too_long": {"length": 20000, "max": 16384}}`.
///
/// ```
/// use tasksequence::wql::{Query, WqlErrorKind};
///
/// assert_eq!(Query::parse("  ").unwrap_err().kind, WqlErrorKind::Empty);
/// let err = Query::parse("SELECT * FROM Win32_BIOS WHERE Name = 'open").unwrap_err();
/// assert_eq!(err.kind, WqlErrorKind::UnterminatedString);
/// assert_eq!(serde_json::to_string(&err.kind)?, r#""unterminated_string""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WqlErrorKind {
    /// The query is empty or only whitespace.
    Empty,
    /// The query is longer than [`crate::wql::MAX_QUERY_CHARS`] characters.
    TooLong {
        /// The query's length in characters.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// Parentheses and `NOT` nest deeper than [`crate::wql::MAX_DEPTH`].
    TooDeep {
        /// The limit.
        max: usize,
    },
    /// Something else was expected here; the text says what.
    Expected(String),
    /// A construct of WQL (or SQL) that this subset does not evaluate; the text names it.
    Unsupported(String),
    /// A string literal has no closing quote.
    UnterminatedString,
    /// A backslash escape other than `\\`, `\'` and `\"` in a string literal.
    InvalidEscape(String),
    /// A number outside the range of a 64-bit signed integer (or, with a fraction, of a finite
    /// 64-bit real).
    NumberOutOfRange(String),
    /// A `LIKE` pattern that cannot be compiled; the text says why.
    InvalidPattern(String),
}

impl fmt::Display for WqlErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("empty query"),
            Self::TooLong { length, max } => {
                write!(f, "query too long ({length} characters, at most {max})")
            }
            Self::TooDeep { max } => {
                write!(
                    f,
                    "expression nested too deeply (at most {max} levels of parentheses and `NOT`)"
                )
            }
            Self::Expected(what) => write!(f, "expected {what}"),
            Self::Unsupported(what) => write!(f, "unsupported WQL: {what}"),
            Self::UnterminatedString => f.write_str("unterminated string literal"),
            Self::InvalidEscape(esc) => write!(f, "invalid escape `{esc}` in string literal"),
            Self::NumberOutOfRange(text) => write!(f, "number `{text}` out of range"),
            Self::InvalidPattern(why) => write!(f, "invalid LIKE pattern: {why}"),
        }
    }
}

/// A query that could not be parsed, with the place where parsing stopped.
///
/// JSON shape: `{"kind": <WqlErrorKind>, "offset": 14, "line": 1, "column": 15, "snippet": "FORM Win32_Bios"}`.
///
/// ```
/// use tasksequence::wql::{Query, WqlErrorKind};
///
/// let err = Query::parse("SELECT Name FORM Win32_BIOS").unwrap_err();
/// assert_eq!(err.kind, WqlErrorKind::Expected("`,` or `FROM`".into()));
/// assert_eq!((err.offset, err.line, err.column), (12, 1, 13));
/// assert_eq!(err.snippet, "FORM Win32_BIOS");
/// assert_eq!(err.to_string(), "expected `,` or `FROM` at line 1, column 13 (`FORM Win32_BIOS`)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct WqlError {
    /// What went wrong.
    pub kind: WqlErrorKind,
    /// Byte offset into the query text.
    pub offset: usize,
    /// 1-based line of the offset (queries are nearly always one line).
    pub line: usize,
    /// 1-based column of the offset, in characters.
    pub column: usize,
    /// Up to 24 characters of the query from the offset on; empty at the end of the query.
    pub snippet: String,
}

/// How many characters of the query an error quotes.
const SNIPPET_CHARS: usize = 24;

impl WqlError {
    /// Builds an error at byte `offset` of `text`, computing line, column and snippet.
    pub(crate) fn at(text: &str, offset: usize, kind: WqlErrorKind) -> Self {
        let at = crate::util::position::Position::in_str(text, offset);
        let rest = text.get(at.offset..).unwrap_or_default();
        let rest = rest.split(['\r', '\n']).next().unwrap_or_default();
        let mut snippet: String = rest.chars().take(SNIPPET_CHARS).collect();
        if rest.chars().nth(SNIPPET_CHARS).is_some() {
            snippet.push('…');
        }
        Self {
            kind,
            offset: at.offset,
            line: at.line,
            column: at.column,
            snippet,
        }
    }

    /// The offending line of `text` with a caret under the error's column, for messages that
    /// show where a query went wrong.
    ///
    /// ```
    /// use tasksequence::wql::Query;
    /// let text = "SELECT * FORM Win32_BIOS";
    /// let err = Query::parse(text).unwrap_err();
    /// assert_eq!(err.caret(text), "SELECT * FORM Win32_BIOS\n         ^");
    /// ```
    pub fn caret(&self, text: &str) -> String {
        let at = crate::util::position::Position::in_str(text, self.offset);
        let (line, caret) = crate::util::position::caret(text, at, usize::MAX / 2);
        format!("{line}\n{caret}")
    }
}

impl fmt::Display for WqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {}, column {}",
            self.kind, self.line, self.column
        )?;
        if self.snippet.is_empty() {
            f.write_str(" (end of query)")
        } else {
            write!(f, " (`{}`)", self.snippet)
        }
    }
}

/// A query that parsed but cannot be answered for a given instance.
///
/// Evaluation reports these instead of guessing, so a condition never silently takes a wrong value.
/// JSON shape: externally tagged, snake_case, fields as named below.
///
/// ```
/// use tasksequence::machine::{Instance, WmiValue};
/// use tasksequence::wql::{EvalError, Query};
///
/// let mut os = Instance::new();
/// os.insert("OSLanguage".into(), WmiValue::Int(1033));
/// let q = Query::parse("SELECT * FROM Win32_OperatingSystem WHERE OSLanguage = 'abc'")?;
/// let err = q.matches(&os).unwrap_err();
/// assert!(matches!(&err, EvalError::TypeMismatch { property_type, .. } if property_type == "integer"));
/// assert_eq!(err.to_string(), "cannot compare integer property `OSLanguage` with `'abc'`");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum EvalError {
    /// A system property other than `__CLASS` in a `WHERE` clause that the instance does not list:
    /// its value (a path, a key) cannot be made up without a wrong answer.
    #[error("system property `{property}` is not described for this instance")]
    SystemProperty {
        /// The property as the query spells it.
        property: String,
    },
    /// WQL does not compare array properties in a `WHERE` clause.
    #[error("array property `{property}` cannot be used in a WHERE clause")]
    ArrayProperty {
        /// The property as the query spells it.
        property: String,
    },
    /// The constant cannot be converted to the property's type.
    #[error("cannot compare {property_type} property `{property}` with `{constant}`")]
    TypeMismatch {
        /// The property as the query spells it.
        property: String,
        /// `boolean`, `integer` or `real`.
        property_type: String,
        /// The constant as written in the query.
        constant: String,
    },
}
