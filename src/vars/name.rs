//! Variable name rules: which names are valid, and why a name is not.

/// The longest valid variable name, in characters.
pub const MAX_NAME_LEN: usize = 256;

/// Why a variable name is not valid.
///
/// Positions are 1-based character positions in the name as given.
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

/// Bit `c` is set when ASCII byte `c` may appear in a variable name: letters, digits, `_`, `-`.
const NAME_BYTES: u128 = {
    let mut mask = 0u128;
    let mut c = 0u8;
    while c < 128 {
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' {
            mask |= 1 << c;
        }
        c += 1;
    }
    mask
};

/// Whether `byte` may appear in a variable name: ASCII letters, digits, `_`, `-`.
#[inline]
pub(crate) fn is_name_byte(byte: u8) -> bool {
    byte < 128 && (NAME_BYTES >> byte) & 1 == 1
}

/// The fast check used by expansion: 1–256 bytes, each a name byte. Equivalent to
/// `validate_name(name).is_ok()` without building an error.
#[inline]
pub(crate) fn is_valid_name(name: &[u8]) -> bool {
    !name.is_empty() && name.len() <= MAX_NAME_LEN && name.iter().all(|&b| is_name_byte(b))
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

/// ASCII lower case of eight bytes at once: bytes `A`–`Z` gain `0x20`, all others (including
/// non-ASCII) are unchanged.
#[inline]
fn lower8(word: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = word & LOW7;
    // High bit of each byte: set when the byte (without its top bit) is >= `A`, resp. > `Z`.
    let at_least_a = low + 0x3f3f_3f3f_3f3f_3f3f;
    let above_z = low + 0x2525_2525_2525_2525;
    let upper = (at_least_a ^ above_z) & !word & HIGH;
    word | (upper >> 2)
}

/// Up to 8 bytes as a little-endian word, zero-padded, with at most two overlapping loads (a
/// byte loop here compiles to a `memcpy` call, which costs more than the whole lookup).
#[inline]
fn load_tail(tail: &[u8]) -> u64 {
    fn word<const N: usize>(bytes: Option<&[u8]>) -> u64 {
        let mut out = 0u64;
        if let Some(array) = bytes.and_then(|b| <[u8; N]>::try_from(b).ok()) {
            for (shift, byte) in array.iter().enumerate() {
                out |= u64::from(*byte) << (8 * shift);
            }
        }
        out
    }
    let n = tail.len();
    match n {
        8.. => word::<8>(tail.get(..8)),
        4..=7 => word::<4>(tail.get(..4)) | (word::<4>(tail.get(n - 4..)) << (8 * (n - 4))),
        2..=3 => word::<2>(tail.get(..2)) | (word::<2>(tail.get(n - 2..)) << (8 * (n - 2))),
        1 => word::<1>(tail.get(..1)),
        _ => 0,
    }
}

/// Calls `f` with each 8-byte word of `bytes`, lower-cased, the last one zero-padded; stops
/// and returns `false` when `f` does.
#[inline]
fn for_each_lower_word(bytes: &[u8], mut f: impl FnMut(u64) -> bool) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        if !f(lower8(load_tail(chunk))) {
            return false;
        }
    }
    let tail = chunks.remainder();
    tail.is_empty() || f(lower8(load_tail(tail)))
}

/// The hash of a name, the same for every ASCII case spelling (it hashes the lower-cased bytes,
/// eight at a time, with a multiply-rotate mix and a final avalanche). Names are short and
/// lookups sit on the condition hot path.
#[inline]
pub(crate) fn name_hash(name: &[u8]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut hash = name.len() as u64;
    for_each_lower_word(name, |word| {
        hash = (hash.rotate_left(26) ^ word).wrapping_mul(K);
        true
    });
    // Both the low (bucket) and high (tag) bits must depend on every byte.
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^ (hash >> 33)
}

/// Whether two names are the same variable: equal ignoring ASCII case.
#[inline]
pub(crate) fn same_name(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut rest = b;
    for_each_lower_word(a, |word| {
        let (head, tail) = rest.split_at(rest.len().min(8));
        rest = tail;
        word == lower8(load_tail(head))
    })
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
    fn lower8_is_ascii_lowercase() {
        for b in 0..=255u8 {
            let word = u64::from_le_bytes([b, b'A', b'z', b, 0x80, b'Z', b'@', b'[']);
            let expected = u64::from_le_bytes(
                [b, b'A', b'z', b, 0x80, b'Z', b'@', b'['].map(|c| c.to_ascii_lowercase()),
            );
            assert_eq!(lower8(word), expected, "{b}");
        }
    }

    #[test]
    fn name_bytes() {
        for b in 0..=255u8 {
            let expected = b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
            assert_eq!(is_name_byte(b), expected, "{b}");
        }
    }

    #[test]
    fn tails_load_every_length() {
        let bytes: Vec<u8> = (1..=9).collect();
        for n in 0..=8 {
            let mut expected = [0u8; 8];
            expected[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(load_tail(&bytes[..n]), u64::from_le_bytes(expected), "{n}");
        }
    }

    #[test]
    fn fast_check_agrees() {
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

    #[test]
    fn hash_ignores_case_only() {
        for (a, b) in [
            ("OsDisk", "OSDISK"),
            ("_SMSTSLastActionRetCode", "_smstslastactionretcode"),
            ("a-b_9", "A-B_9"),
            ("", ""),
            ("CustomSetting42x", "customsetting42X"),
        ] {
            assert_eq!(name_hash(a.as_bytes()), name_hash(b.as_bytes()), "{a}");
            assert!(same_name(a.as_bytes(), b.as_bytes()));
        }
        let distinct = [
            "a",
            "b",
            "ab",
            "ba",
            "a_",
            "a-",
            "a0",
            "OSDisk",
            "OSDisk1",
            "OSDisk12345678",
        ];
        for (i, a) in distinct.iter().enumerate() {
            for b in &distinct[i + 1..] {
                assert_ne!(name_hash(a.as_bytes()), name_hash(b.as_bytes()), "{a} {b}");
            }
        }
        assert_eq!(cmp_names("a_", "A-"), std::cmp::Ordering::Greater);
        // Bytes that only look alike under a bit trick stay apart.
        for (a, b) in [
            ("a-b", "a\rb"),
            ("a1", "a\u{11}"),
            ("a_", "a\u{7f}"),
            ("a@", "a`"),
            ("a[", "a{"),
        ] {
            assert!(!same_name(a.as_bytes(), b.as_bytes()), "{a:?} {b:?}");
        }
        assert!(!same_name(b"ab", b"abc"));
        assert!(same_name("éA".as_bytes(), "éa".as_bytes()));
        assert!(!same_name("É".as_bytes(), "é".as_bytes()));
        assert_eq!(cmp_names("ABC", "abd"), std::cmp::Ordering::Less);
    }
}
