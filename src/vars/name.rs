//! Variable name rules: which names are valid, and why a name is not.

/// The longest valid variable name, in characters.
///
/// ```
/// use tasksequence::vars::{validate_name, NameError, MAX_NAME_LEN};
///
/// assert!(validate_name(&"A".repeat(MAX_NAME_LEN)).is_ok());
/// let err = validate_name(&"A".repeat(MAX_NAME_LEN + 1)).unwrap_err();
/// assert!(matches!(err, NameError::TooLong { length: 257, .. }));
/// ```
pub const MAX_NAME_LEN: usize = 256;

/// Why a variable name is not valid.
///
/// Positions are 1-based character positions in the name as given.
///
/// ```
/// use tasksequence::vars::{validate_name, validate_user_name, NameError};
///
/// assert_eq!(validate_name(""), Err(NameError::Empty));
/// assert_eq!(
///     validate_user_name("1stDisk").unwrap_err().to_string(),
///     "variable name `1stDisk` must start with a letter"
/// );
/// assert_eq!(
///     validate_name("OSD.Disk").unwrap_err().to_string(),
///     "variable name `OSD.Disk` has a bad character `.` at position 4; names hold letters, digits, `_` and `-`"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// The name is empty (or only whitespace, where surrounding whitespace is ignored).
    #[error("variable name is empty")]
    Empty,
    /// The name is longer than [`MAX_NAME_LEN`] characters.
    #[error("variable name `{name}` is {length} characters long; names hold at most 256")]
    TooLong {
        /// The first 40 characters of the name, so that the message stays one line.
        name: String,
        /// The name's length in characters.
        length: usize,
    },
    /// A character other than an ASCII letter, digit, `_` or `-`.
    #[error(
        "variable name `{name}` has a bad character `{character}` at position {position}; names hold letters, digits, `_` and `-`"
    )]
    BadCharacter {
        /// The name.
        name: String,
        /// The offending character.
        character: char,
        /// Its 1-based character position.
        position: usize,
    },
    /// A name set by a user (collection, device or a step) must start with a letter.
    #[error("variable name `{name}` must start with a letter")]
    MustStartWithLetter {
        /// The name.
        name: String,
    },
}

/// Whether each byte may appear in a variable name: ASCII letters, digits, `_`, `-`. A table,
/// because expansion tests every byte of every reference.
static NAME_BYTES: [bool; 256] = name_byte_table();

// Evaluated at compile time: an out-of-range index would be a build error, not a panic.
#[allow(clippy::indexing_slicing)]
const fn name_byte_table() -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        table[i] = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        i += 1;
    }
    table
}

/// Whether `byte` may appear in a variable name: ASCII letters, digits, `_`, `-`.
#[inline]
pub(crate) fn is_name_byte(byte: u8) -> bool {
    NAME_BYTES.get(usize::from(byte)) == Some(&true)
}

/// Checks a variable name as the engine accepts it: 1–256 characters, each an ASCII letter, digit,
/// `_` or `-`. Names the engine sets (`_SMSTSLastActionRetCode`) may start with any of these; see
/// [`validate_user_name`] for names users set.
///
/// The name is checked as given: callers that ignore surrounding whitespace (as
/// [`crate::vars::Environment`] does) trim first.
///
/// # Errors
/// A [`NameError`] saying why the name is invalid.
///
/// # Example
/// ```
/// use tasksequence::vars::{validate_name, NameError};
/// assert!(validate_name("_SMSTSLogPath").is_ok());
/// assert_eq!(
///     validate_name("OSD Disk"),
///     Err(NameError::BadCharacter { name: "OSD Disk".into(), character: ' ', position: 4 })
/// );
/// ```
pub fn validate_name(name: &str) -> Result<(), NameError> {
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if let Some((index, character)) = name
        .chars()
        .enumerate()
        .find(|&(_, c)| !(c.is_ascii() && is_name_byte(c as u8)))
    {
        return Err(NameError::BadCharacter {
            name: name.to_owned(),
            character,
            position: index + 1,
        });
    }
    // Every character is ASCII from here on, so bytes are characters.
    if name.len() > MAX_NAME_LEN {
        return Err(NameError::TooLong {
            name: name.chars().take(40).collect(),
            length: name.len(),
        });
    }
    Ok(())
}

/// Checks a name that a user defines (collection and device variables, Set Task Sequence Variable):
/// everything [`validate_name`] checks, and the first character must be an ASCII letter.
///
/// # Errors
/// A [`NameError`] saying why the name is invalid.
///
/// # Example
/// ```
/// use tasksequence::vars::{validate_user_name, NameError};
/// assert!(validate_user_name("OSDComputerName").is_ok());
/// assert_eq!(
///     validate_user_name("1stDisk"),
///     Err(NameError::MustStartWithLetter { name: "1stDisk".into() })
/// );
/// ```
pub fn validate_user_name(name: &str) -> Result<(), NameError> {
    validate_name(name)?;
    match name.as_bytes().first() {
        Some(first) if first.is_ascii_alphabetic() => Ok(()),
        _ => Err(NameError::MustStartWithLetter {
            name: name.to_owned(),
        }),
    }
}

/// Orders names byte-wise after ASCII lower-casing (the environment's iteration order).
pub(crate) fn cmp_names(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_engine_and_user_names() {
        for name in [
            "a",
            "OSDComputerName",
            "_SMSTSLogPath",
            "_TS_CR1",
            "My-Var_2",
            "9lives",
        ] {
            assert_eq!(validate_name(name), Ok(()), "{name}");
        }
        assert!(validate_user_name("A").is_ok());
        assert!(validate_user_name(&"x".repeat(256)).is_ok());
    }

    #[test]
    fn says_why() {
        assert_eq!(validate_name(""), Err(NameError::Empty));
        let long = "a".repeat(257);
        let err = validate_name(&long).unwrap_err();
        assert_eq!(
            err,
            NameError::TooLong {
                name: "a".repeat(40),
                length: 257
            }
        );
        assert!(err.to_string().contains("257 characters"));
        let err = validate_name("Var%X").unwrap_err();
        assert_eq!(
            err.to_string(),
            "variable name `Var%X` has a bad character `%` at position 4; names hold letters, digits, `_` and `-`"
        );
        // Positions count characters, not bytes.
        assert_eq!(
            validate_name("éa b"),
            Err(NameError::BadCharacter {
                name: "éa b".into(),
                character: 'é',
                position: 1
            })
        );
        assert_eq!(
            validate_name("ab c"),
            Err(NameError::BadCharacter {
                name: "ab c".into(),
                character: ' ',
                position: 3
            })
        );
        assert_eq!(
            validate_user_name("_x"),
            Err(NameError::MustStartWithLetter { name: "_x".into() })
        );
        assert_eq!(
            validate_user_name("-x").unwrap_err().to_string(),
            "variable name `-x` must start with a letter"
        );
    }

    #[test]
    fn iteration_order() {
        assert_eq!(cmp_names("a_", "A-"), std::cmp::Ordering::Greater);
        assert_eq!(cmp_names("ABC", "abd"), std::cmp::Ordering::Less);
        assert_eq!(cmp_names("abc", "ABC"), std::cmp::Ordering::Equal);
    }

    #[test]
    fn name_bytes() {
        for b in 0..=255u8 {
            let expected = b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
            assert_eq!(is_name_byte(b), expected, "{b}");
        }
    }

    #[test]
    fn fast_check_agrees() {
        fn is_valid_name(name: &[u8]) -> bool {
            !name.is_empty() && name.len() <= MAX_NAME_LEN && name.iter().all(|&b| is_name_byte(b))
        }

        for name in [
            "",
            "a",
            "a b",
            "_x",
            "%",
            "é",
            "x-y",
            &"a".repeat(256),
            &"a".repeat(257),
        ] {
            assert_eq!(
                is_valid_name(name.as_bytes()),
                validate_name(name).is_ok(),
                "{name}"
            );
        }
    }
}
