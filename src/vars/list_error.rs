//! Why a numbered list or an Install Package entry could not be read.

use super::name::NameError;

/// Why a numbered list could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    /// The base name is invalid.
    #[error(transparent)]
    Name(#[from] NameError),
    /// An Install Package entry is not `PKGID:Program`.
    #[error("variable `{name}`: {source}")]
    Package {
        /// The variable holding the bad value.
        name: String,
        /// What is wrong with it.
        source: PackageProgramError,
    },
    /// An array's count variable does not hold a non-negative integer.
    #[error("count variable `{name}` holds `{value}`, not a non-negative integer")]
    Count {
        /// The count variable.
        name: String,
        /// Its value (redacted when secret).
        value: String,
    },
}

/// Why an Install Package list value is not `PKGID:Program`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageProgramError {
    /// No `:` separates package ID and program.
    #[error("`{value}` has no `:` between package ID and program name")]
    MissingColon {
        /// The value.
        value: String,
    },
    /// The package ID is not 8 characters.
    #[error(
        "package ID `{id}` is {length} characters long; package IDs are 8 (a 3-character site code and 5 hexadecimal digits)"
    )]
    IdLength {
        /// The ID as written.
        id: String,
        /// Its length in characters.
        length: usize,
    },
    /// The package ID has lower-case letters, which the engine rejects.
    #[error("package ID `{id}` must be upper case")]
    IdLowerCase {
        /// The ID as written.
        id: String,
    },
    /// A character of the package ID is not allowed where it is.
    #[error(
        "package ID `{id}` has a bad character `{character}` at position {position}; {expected}"
    )]
    IdCharacter {
        /// The ID as written.
        id: String,
        /// The offending character.
        character: char,
        /// Its 1-based position in the ID.
        position: usize,
        /// What is allowed there.
        expected: &'static str,
    },
    /// Nothing (or only whitespace) follows the `:`.
    #[error("`{value}` has an empty program name")]
    EmptyProgram {
        /// The value.
        value: String,
    },
}
