//! Why a return code, Setup result or success-code list could not be read.

use thiserror::Error;

/// A return code, a Setup `result - extend` pair or a success-code list that could not be read.
///
/// Columns are 1-based character positions in the text the caller gave (before trimming).
///
/// ```
/// use tasksequence::codes::{CodeError, ReturnCode};
///
/// assert_eq!(ReturnCode::parse("  "), Err(CodeError::Empty));
/// let err = ReturnCode::parse("0x12G4").unwrap_err();
/// assert_eq!(err.to_string(), "expected a hexadecimal digit at column 5 in return code `0x12G4`");
/// ```
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodeError {
    /// Nothing but whitespace.
    #[error("empty return code")]
    Empty,
    /// A character that cannot be part of the number at that place.
    #[error("{reason} at column {column} in return code `{input}`")]
    Malformed {
        /// The whole text as given.
        input: String,
        /// 1-based column of the offending character.
        column: usize,
        /// What was expected there.
        reason: &'static str,
    },
    /// A well-formed number outside -2147483648 ..= 4294967295.
    #[error("return code `{input}` does not fit in 32 bits (allowed: -2147483648 to 4294967295)")]
    OutOfRange {
        /// The number as written (trimmed).
        input: String,
    },
    /// One entry of a success-code list is not a code.
    #[error("invalid success code `{token}` at column {column} in `{list}`: {reason}")]
    BadListEntry {
        /// The whole list as given.
        list: String,
        /// The entry that failed.
        token: String,
        /// 1-based column where the entry starts.
        column: usize,
        /// Why the entry is not a code (the message of the entry's own error).
        reason: String,
    },
}
