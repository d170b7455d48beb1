//! Why a numbered list or an Install Package entry could not be read.

use super::name::NameError;

/// Why a numbered list could not be read.
///
/// ```
/// use tasksequence::vars::{install_package_list, Environment, ListError, OSD_ADAPTER};
///
/// let mut env = Environment::new();
/// env.set_engine("OSDAdapterCount", "two", false)?;
/// let err = OSD_ADAPTER.read(&env).unwrap_err();
/// assert_eq!(err.to_string(), "count variable `OSDAdapterCount` holds `two`, not a non-negative integer");
/// assert!(matches!(install_package_list(&env, "Bad Base"), Err(ListError::Name(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
///
/// ```
/// use tasksequence::vars::{parse_package_program, PackageProgramError};
///
/// assert!(matches!(parse_package_program("CEN00054"), Err(PackageProgramError::MissingColon { .. })));
/// assert!(matches!(parse_package_program("CEN00054: "), Err(PackageProgramError::EmptyProgram { .. })));
/// let err = parse_package_program("CEN0005G:Install").unwrap_err();
/// assert_eq!(err.to_string(), "package ID `CEN0005G` has a bad character `G` at position 8; positions 4–8 hold hexadecimal digits");
/// ```
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
