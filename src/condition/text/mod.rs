//! The one-line text form of conditions: what `tsq eval` reads, `tsq conditions` prints and
//! explanations show.
//!
//! ```
//! use tasksequence::condition::Condition;
//! let c: Condition = r#"_SMSTSOSUpgradeActionReturnCode != 3247440400 and wmi("SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%'")"#.parse()?;
//! assert_eq!(c.operands.len(), 2);
//! // Printing is canonical and reads back to the same condition.
//! assert_eq!(c.to_text().parse::<Condition>()?, c);
//! assert_eq!(Condition::parse_text("phase EQUALS 'x'")?.to_text(), r#"phase == "x""#);
//! # Ok::<(), tasksequence::condition::text::TextError>(())
//! ```
//!
//! # Grammar
//!
//! Keywords and function names are case-insensitive; whitespace is free between tokens.
//!
//! ```text
//! condition   = [ or_expr ] ;                  (* empty text: the empty condition, true *)
//! or_expr     = and_expr { "or" and_expr } ;
//! and_expr    = unary { "and" unary } ;
//! unary       = "not" unary | primary ;
//! primary     = "(" or_expr ")"
//!             | ( "all" | "any" | "none" ) "(" [ or_expr { "," or_expr } ] ")"
//!             | comparison | function ;
//! comparison  = name postfix | "exists" name ;
//! name        = ident | "var" "(" string ")" ;
//! postfix     = ( "==" | "=" | "!=" | "<>" | ">" | ">=" | "<" | "<=" ) value
//!             | ( "like" | "not" "like" ) value
//!             | ( "exists" | "not" "exists" ) [ value ]
//!             | opword value_or_none ;         (* equals, notEquals, greater, greaterEqual, less,
//!                                                 lessEqual, like, notLike, exists, notExists, nonExists *)
//! value       = string | number ;
//! function    = "wmi" "(" string [ "," "namespace" "=" string ] [ "," "ignore_failure" [ "=" bool ] ] ")"
//!             | "file" "(" string [ "," "version" cmp value ] [ "," "date" cmp value ] ")"
//!             | "folder" "(" string [ "," "date" cmp value ] ")"
//!             | "registry" "(" string [ "," string ] [ "," reg_type ] ")" postfix
//!             | "software" "(" ( "this_version" | "any_version" )
//!                   { "," ( "product_code" | "upgrade_code" | "product_name" | "version" ) "=" string } ")"
//!             | "os" "(" [ arch ] [ "," cmp value ] ")"
//!             | "make_model" "(" string "," string ")"
//!             | "make_model" "(" [ ( "make" | "model" ) "=" string { "," … } ] ")"
//!             | "computer" "(" [ ( "asset_tag" | "mac_address" | "serial_number" | "uuid" ) "=" string { "," … } ] ")"
//!             | "os_group" "(" [ platform { "," platform } ] ")"
//!             | "xml" "(" string ")" ;
//! platform    = "platform" "(" string { "," ( key | or_expr ) } ")" ;
//! key         = "key" "(" [ ( "arch" | "type" | "min" | "max" ) "=" string { "," … } ] ")" ;
//! cmp         = "==" | "!=" | "<>" | ">" | ">=" | "<" | "<=" ;
//! arch        = ident | string ;
//! reg_type    = "REG_SZ" | "REG_EXPAND_SZ" | "REG_MULTI_SZ" | "REG_DWORD" | "REG_QWORD" | "REG_BINARY" | "REG_NONE" ;
//! ident       = [A-Za-z_] [A-Za-z0-9_-]* ;      (* not one of: and or not exists like *)
//! number      = [+-]? ( "0x" hex+ | digit+ { "." digit+ } ) ;
//! string      = '"' … '"' | "'" … "'" ;        (* escapes: \\ \" \' \u{hex}; any other \ is literal *)
//! ```
//!
//! # Meaning
//!
//! - The operands of the XML `<condition>` are the `and`-separated terms of the top level:
//!   `A and B` is a condition with two operands (an implicit AND); `(A and B)` is one operand, an
//!   `<operator type="and">`. Below the top level, `A and B and C` is one `and` operator with three
//!   children and parentheses only group.
//! - `not X` is `<operator type="not">` with one child. `all(…)`, `any(…)` and `none(…)` write
//!   `and`, `or` and `not` with any number of children, so `all(X)` (an `and` with one child),
//!   `any()` (an empty `or`) and `none(A, B)` are all representable.
//! - Precedence: `not` binds tighter than `and`, which binds tighter than `or`.
//! - Values: a quoted string, or a bare number (`3247440400`, `-1`, `0xC1900210`, `10.0.19045`)
//!   taken exactly as written. `NAME exists` and `NAME not exists` take no value; a value after
//!   them is kept (some exports write one).
//! - `wmi("…")` stands for namespace `root\cimv2`; `ignore_failure` sets `ignoreQueryFailure`.
//! - `xml("…")` holds one condition element verbatim: an unknown expression type, an element the
//!   model does not know, a comment, or a known element with something the syntax does not say
//!   (extra attributes or fields, an omitted `Namespace`, a version without its operator). As the
//!   whole text, `xml("<condition …>…</condition>")` is a condition with attributes of its own.
//!
//! Printing ([`crate::condition::Condition::to_text`]) is canonical: `==` and friends, bare
//! numbers, double quotes (single quotes when the text holds `"` and no `'`), backslashes doubled
//! only where needed, the fewest parentheses that keep the structure (plus parentheses around an
//! `and` inside an `or`, for the reader), and `parse(print(c)) == c` for every condition (equality
//! ignores XML spelling hints).
//!
//! # Limits
//!
//! Input of at most [`MAX_INPUT_BYTES`] bytes; `not`, parentheses and function calls nest at most
//! [`MAX_DEPTH`] deep, and so does the condition they build (the XML reader's limit, so the two
//! agree). All are positioned [`TextError`]s.

mod lex;
mod parse;
mod print;

use serde::{Deserialize, Serialize};

use super::{Condition, Operand, OsExpressionGroup};

pub(crate) use print::quote;

/// The longest condition text accepted, in bytes (1 MiB; the longest real condition, an OS
/// condition group of 13 platforms, prints in under 10 KB).
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;

/// How deeply a condition may nest: the XML reader's limit ([`crate::xml::MAX_CONDITION_DEPTH`]),
/// so that every condition read from XML prints as text that parses back. Text is refused when
/// `not`, parentheses and function calls nest deeper, or when the condition they build does (an
/// `or` at the top, or `a or b` as a function's argument, is an operator without parentheses).
/// Real conditions nest at most 4 deep.
///
/// ```
/// use tasksequence::condition::text::{parse, MAX_DEPTH};
/// assert!(parse(&format!("{}A exists", "not ".repeat(MAX_DEPTH))).is_ok());
/// let err = parse(&format!("{}A exists", "not ".repeat(MAX_DEPTH + 1))).unwrap_err();
/// assert_eq!(err.message, format!("conditions nest deeper than the limit of {MAX_DEPTH}"));
/// // The top-level `or` is a level too.
/// assert!(parse(&format!("{}A exists or B exists", "not ".repeat(MAX_DEPTH))).is_err());
/// ```
pub const MAX_DEPTH: usize = crate::xml::MAX_CONDITION_DEPTH;

/// Why a condition text could not be parsed: the message, where, and the line with a caret.
///
/// `Display` shows three lines: `message at line L, column C`, the input line (shortened around the
/// column when long) and a caret under the column. [`TextError::summary`] is the first line alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message} at line {line}, column {column}\n{excerpt}\n{caret}")]
pub struct TextError {
    /// What was wrong, lower-case, input quoted in backticks.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// 0-based byte offset.
    pub offset: usize,
    /// The input line (or a window of it around the column), control characters shown as spaces.
    pub excerpt: String,
    /// Spaces and a `^` under the column within `excerpt`.
    pub caret: String,
}

impl TextError {
    pub(crate) fn new(text: &str, offset: usize, message: impl Into<String>) -> Self {
        let at = crate::util::position::Position::in_str(text, offset);
        // A window of 60 characters either side keeps the caret line readable on huge inputs.
        let (excerpt, caret) = crate::util::position::caret(text, at, 60);
        Self {
            message: message.into(),
            line: at.line,
            column: at.column,
            offset: at.offset,
            excerpt,
            caret,
        }
    }

    /// The one-line form: `message at line L, column C`.
    pub fn summary(&self) -> String {
        format!(
            "{} at line {}, column {}",
            self.message, self.line, self.column
        )
    }
}

/// Parses condition text (see the module documentation for the grammar).
///
/// ```
/// let c = tasksequence::condition::text::parse("not SYSDISK exists")?;
/// assert_eq!(c.operands.len(), 1);
/// let err = tasksequence::condition::text::parse("PHASE === 1").unwrap_err();
/// assert_eq!(err.to_string(), "expected a value (a quoted string or a number) after `==` at line 1, column 9\nPHASE === 1\n        ^");
/// # Ok::<(), tasksequence::condition::text::TextError>(())
/// ```
///
/// # Errors
/// [`TextError`] with line, column and caret when the text does not follow the grammar, is longer
/// than [`MAX_INPUT_BYTES`], nests deeper than [`MAX_DEPTH`], or holds bad XML in `xml(…)`.
pub fn parse(text: &str) -> Result<Condition, TextError> {
    parse::parse(text)
}

/// The canonical text of a condition.
///
/// ```
/// use tasksequence::condition::text;
/// let c = tasksequence::xml::read_condition(r#"<condition><operator type="or"><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Variable">PHASE</variable><variable name="Operator">equals</variable><variable name="Value">VALIDATION</variable></expression></operator></condition>"#).unwrap();
/// assert_eq!(text::print(&c), r#"any(PHASE == "VALIDATION")"#);
/// ```
pub fn print(condition: &Condition) -> String {
    print::condition(condition)
}

/// The canonical text of one operand, as it reads standing alone in a condition.
pub fn print_operand(operand: &Operand) -> String {
    print::operand(operand)
}

/// The text of one platform of an OS condition group: `platform("name", key(…), …)`.
pub fn print_platform(group: &OsExpressionGroup) -> String {
    print::platform(group)
}

impl Condition {
    /// Parses condition text; the same as [`parse`] and `str::parse`.
    ///
    /// # Errors
    /// As [`parse`].
    pub fn parse_text(text: &str) -> Result<Condition, TextError> {
        parse::parse(text)
    }

    /// The canonical text; the same as [`print()`] and `Display`.
    pub fn to_text(&self) -> String {
        print::condition(self)
    }
}

impl std::str::FromStr for Condition {
    type Err = TextError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse::parse(s)
    }
}

impl std::fmt::Display for Condition {
    /// The canonical text form.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&print::condition(self))
    }
}

impl Operand {
    /// The canonical text of this operand standing alone.
    pub fn to_text(&self) -> String {
        print::operand(self)
    }
}

impl std::fmt::Display for Operand {
    /// The canonical text form.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&print::operand(self))
    }
}
