//! Variable values classified once, when they are set, for the comparisons conditions make.

use crate::util::number::{is_version, parse_integer};

/// What kind of value a variable holds, as conditions compare it (DESIGN §3.2).
///
/// ```
/// use tasksequence::vars::{Classified, ValueKind};
///
/// assert_eq!(Classified::new("0xC1900210").kind(), ValueKind::Integer);
/// assert_eq!(Classified::new("10.0.19045").kind(), ValueKind::Version);
/// assert_eq!(Classified::new("FullMedia").kind(), ValueKind::Text);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// Decimal digits with an optional sign, or `0x` and hex digits: compared numerically with
    /// another integer.
    Integer,
    /// Digits separated by single dots (`10.0.19045`): ordered part by part with another version.
    Version,
    /// Anything else: compared as text.
    Text,
}

/// What is stored beside a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Text,
    /// Dotted, not an integer.
    Version,
    /// An integer that fits in `i64`; `version` when it is also a one-part version (no sign, no
    /// `0x`).
    Int {
        value: i64,
        version: bool,
    },
    /// An integer beyond `i64`, parsed again when asked (rare: return codes fit in 64 bits).
    BigInt {
        version: bool,
    },
}

impl Class {
    pub(crate) fn of(text: &str) -> Self {
        match parse_integer(text) {
            Some(value) => {
                let version = is_version(text);
                match i64::try_from(value) {
                    Ok(value) => Self::Int { value, version },
                    Err(_) => Self::BigInt { version },
                }
            }
            None if text.contains('.') && is_version(text) => Self::Version,
            None => Self::Text,
        }
    }
}

/// A variable's value with its kind, worked out when the value was set (by an
/// [`crate::vars::Environment`]) or on the spot (by other [`crate::vars::Lookup`] sources), so
/// that a comparison reads the integer without parsing the text again.
///
/// ```
/// use tasksequence::vars::{Environment, Lookup, ValueKind};
///
/// let mut env = Environment::new();
/// env.set_engine("_SMSTSOSUpgradeActionReturnCode", "3247440400", false)?;
/// let value = env.get_classified("_smstsosupgradeactionreturncode").unwrap();
/// assert_eq!(value.text(), "3247440400");
/// assert_eq!(value.integer(), Some(0xC190_0210));
/// assert_eq!(value.kind(), ValueKind::Integer);
/// assert!(value.is_version()); // a lone number is also a one-part version
/// assert!(env.get_classified("Missing").is_none());
/// # Ok::<(), tasksequence::vars::VarError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classified<'a> {
    text: &'a str,
    class: Class,
}

impl<'a> Classified<'a> {
    /// Classifies `text` now.
    ///
    /// ```
    /// use tasksequence::vars::Classified;
    ///
    /// let v = Classified::new("-1047526896");
    /// assert_eq!(v.integer(), Some(-1047526896));
    /// assert!(!v.is_version());
    /// assert_eq!(Classified::new("6.1").integer(), None);
    /// ```
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            class: Class::of(text),
        }
    }

    pub(crate) fn with_class(text: &'a str, class: Class) -> Self {
        Self { text, class }
    }

    /// The value as set.
    ///
    /// ```
    /// use tasksequence::vars::Classified;
    /// assert_eq!(Classified::new("LENOVO").text(), "LENOVO");
    /// ```
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The value as an integer, when it is one (decimal with optional sign, or `0x` hex).
    ///
    /// ```
    /// use tasksequence::vars::Classified;
    /// assert_eq!(Classified::new("0x10").integer(), Some(16));
    /// assert_eq!(Classified::new("170141183460469231731687303715884105727").integer(), Some(i128::MAX));
    /// assert_eq!(Classified::new("x10").integer(), None);
    /// ```
    #[inline]
    pub fn integer(&self) -> Option<i128> {
        match self.class {
            Class::Int { value, .. } => Some(i128::from(value)),
            Class::BigInt { .. } => parse_integer(self.text),
            Class::Text | Class::Version => None,
        }
    }

    /// Whether the value is a dotted version: digits separated by single dots, a lone run of
    /// digits included.
    ///
    /// ```
    /// use tasksequence::vars::Classified;
    /// assert!(Classified::new("10.0.19045").is_version());
    /// assert!(Classified::new("19045").is_version());
    /// assert!(!Classified::new("10.0-beta").is_version());
    /// ```
    pub fn is_version(&self) -> bool {
        match self.class {
            Class::Version => true,
            Class::Int { version, .. } | Class::BigInt { version } => version,
            Class::Text => false,
        }
    }

    /// The kind: integer first, then version, else text.
    ///
    /// ```
    /// use tasksequence::vars::{Classified, ValueKind};
    /// assert_eq!(Classified::new("19045").kind(), ValueKind::Integer);
    /// assert_eq!(Classified::new("").kind(), ValueKind::Text);
    /// ```
    pub fn kind(&self) -> ValueKind {
        match self.class {
            Class::Int { .. } | Class::BigInt { .. } => ValueKind::Integer,
            Class::Version => ValueKind::Version,
            Class::Text => ValueKind::Text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The stored class answers exactly what parsing the text answers.
        #[test]
        fn classes_agree_with_parsing(text in "[-+]?(0[xX])?[0-9a-fA-F.]{0,40}|[a-z0-9.]{0,12}") {
            let c = Classified::new(&text);
            prop_assert_eq!(c.integer(), parse_integer(&text));
            prop_assert_eq!(c.is_version(), is_version(&text));
        }
    }

    #[test]
    fn big_integers_parse_again() {
        let big = "99999999999999999999";
        let c = Classified::new(big);
        assert_eq!(c.class, Class::BigInt { version: true });
        assert_eq!(c.integer(), Some(99_999_999_999_999_999_999));
        assert_eq!(
            Classified::new("-0x8000000000000000").integer(),
            Some(-(1i128 << 63))
        );
    }
}
