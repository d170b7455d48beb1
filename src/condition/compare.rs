//! How condition values compare: integers, dotted versions, text and `*`/`?` wildcards.
//!
//! These are the rules of task sequence variable conditions (DESIGN §3.2), exposed so that other
//! parts of the library (and callers) compare exactly the same way:
//!
//! - [`parse_integer`]: decimal with an optional sign, or `0x` hexadecimal.
//! - [`values_equal`]: numeric when both sides are integers, else text.
//! - [`compare_values`]: numeric when both sides are integers, else part by part when both are
//!   dotted versions, else text (ordinal).
//! - [`wildcard_match`]: `*` and `?`, whole value.
//!
//! Text comparisons are case-insensitive (per character, `char::to_lowercase`) unless
//! `case_sensitive` is set (the ConfigMgr 2007 rules). Nothing here allocates.
//!
//! ```
//! use std::cmp::Ordering;
//! use tasksequence::condition::compare::{compare_values, values_equal, wildcard_match, Basis};
//!
//! assert_eq!(values_equal("3247440400", "0xC1900210", false), (true, Basis::Integer));
//! assert_eq!(compare_values("10.0.19045", "10.0.9600", false), (Ordering::Greater, Basis::Version));
//! assert!(wildcard_match("DELL-ABC-9001", "dell*900?", false));
//! ```

use std::borrow::Cow;
use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

/// How two values were compared, for explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Both sides are integers.
    Integer,
    /// Both sides are dotted versions (digits and dots).
    Version,
    /// As text.
    Text,
}

impl Basis {
    /// `as integers`, `as versions`, `as text`.
    pub fn describe(self) -> &'static str {
        match self {
            Basis::Integer => "as integers",
            Basis::Version => "as versions",
            Basis::Text => "as text",
        }
    }
}

/// Parses an integer: decimal digits with an optional `+`/`-`, or `0x`/`0X` and hex digits (also
/// with an optional sign). No spaces. `None` for anything else, and for values beyond ±2¹²⁷.
///
/// ```
/// use tasksequence::condition::compare::parse_integer;
/// assert_eq!(parse_integer("0xC1900210"), Some(3247440400));
/// assert_eq!(parse_integer("-1047526896"), Some(-1047526896));
/// assert_eq!(parse_integer("1.0"), None);
/// ```
#[inline]
pub fn parse_integer(text: &str) -> Option<i128> {
    crate::util::number::parse_integer(text)
}

/// Whether two integers are equal, also across the signed/unsigned 32-bit spellings of one value:
/// a return code is written `3247440400` or `-1047526896` (both `0xC1900210`), so a negative value
/// in the signed 32-bit range equals its unsigned two's-complement counterpart.
pub fn integers_equal(a: i128, b: i128) -> bool {
    if a == b {
        return true;
    }
    let as_u32 = |v: i128| -> Option<u32> {
        if (i128::from(i32::MIN)..0).contains(&v) {
            i32::try_from(v).ok().map(|v| v as u32)
        } else {
            u32::try_from(v).ok()
        }
    };
    // Only when exactly one side is negative: both positive and different stay different.
    (a < 0) != (b < 0) && matches!((as_u32(a), as_u32(b)), (Some(x), Some(y)) if x == y)
}

/// `equals` semantics: integers numerically (see [`integers_equal`]), anything else as text.
///
/// ```
/// use tasksequence::condition::compare::{values_equal, Basis};
/// assert_eq!(values_equal("-1047526896", "0xC1900210", false), (true, Basis::Integer));
/// assert_eq!(values_equal("TRUE", "true", false), (true, Basis::Text));
/// ```
#[inline]
pub fn values_equal(a: &str, b: &str, case_sensitive: bool) -> (bool, Basis) {
    Expected::plain(b).equals(a, case_sensitive)
}

/// Ordering semantics of `greater`/`less` and friends: integers numerically; else dotted versions
/// part by part (missing parts count as 0, so `10.0` equals `10.0.0`); else text in ordinal
/// (code point) order.
///
/// ```
/// use std::cmp::Ordering;
/// use tasksequence::condition::compare::{compare_values, Basis};
/// assert_eq!(compare_values("0x10", "15", false), (Ordering::Greater, Basis::Integer));
/// assert_eq!(compare_values("b", "A", false), (Ordering::Greater, Basis::Text));
/// ```
pub fn compare_values(a: &str, b: &str, case_sensitive: bool) -> (Ordering, Basis) {
    Expected::plain(b).order(a, case_sensitive)
}

/// The expected side of a comparison (a condition's `Value`, a registry condition's `Data`, a
/// file version), classified once: its integer value, its version parts, its ASCII lower case,
/// its `like` shape. Every comparison of the crate goes through it, so the rules exist once;
/// [`values_equal`] and [`compare_values`] use an unprepared one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expected<'c> {
    text: Cow<'c, str>,
    int: Option<i128>,
    /// Whether `parts` was worked out (else versions are recognised on each comparison).
    prepared: bool,
    parts: Option<Box<[Box<str>]>>,
    lower: Option<Box<[u8]>>,
    like: Option<LikeShape>,
}

/// What an [`Expected`] value will be used for, so that only the useful work is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Uses {
    /// Nothing to compare (`exists`).
    Nothing,
    /// `equals`/`notEquals`.
    Equality,
    /// The ordering operators.
    Order,
    /// `equals`, `notEquals` and the ordering operators.
    Any,
    /// `like`/`notLike`.
    Like,
}

impl<'c> Expected<'c> {
    /// `text` classified for `uses`.
    pub(crate) fn new(text: Cow<'c, str>, uses: Uses) -> Self {
        let equality = matches!(uses, Uses::Equality | Uses::Any);
        let order = matches!(uses, Uses::Order | Uses::Any);
        let int = if equality || order {
            parse_integer(&text)
        } else {
            None
        };
        let parts = (order && is_version(&text)).then(|| text.split('.').map(Box::from).collect());
        let lower = (equality && text.is_ascii())
            .then(|| text.bytes().map(|b| b.to_ascii_lowercase()).collect());
        let like = (uses == Uses::Like).then(|| LikeShape::new(&text));
        Self {
            int,
            prepared: true,
            parts,
            lower,
            like,
            text,
        }
    }

    /// `text` unprepared: nothing allocated, everything recognised when compared.
    pub(crate) fn plain(text: &'c str) -> Self {
        Self {
            int: parse_integer(text),
            prepared: false,
            parts: None,
            lower: None,
            like: None,
            text: Cow::Borrowed(text),
        }
    }

    /// The value as written.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// `equals` of `actual` with this value.
    #[inline(always)]
    pub(crate) fn equals(&self, actual: &str, cs: bool) -> (bool, Basis) {
        self.equals_classified(actual, || parse_integer(actual), cs)
    }

    /// [`Expected::equals`] for a value whose integer reading is already known (a variable
    /// classified when it was set), so that it is not parsed again on every comparison.
    #[inline]
    pub(crate) fn equals_classified(
        &self,
        actual: &str,
        integer: impl FnOnce() -> Option<i128>,
        cs: bool,
    ) -> (bool, Basis) {
        if let Some(y) = self.int
            && let Some(x) = integer()
        {
            return (integers_equal(x, y), Basis::Integer);
        }
        let equal = if cs {
            actual == self.text
        } else {
            self.lower
                .as_deref()
                .and_then(|l| eq_ascii_lowered(actual.as_bytes(), l))
                .unwrap_or_else(|| text_equal(actual, &self.text, false))
        };
        (equal, Basis::Text)
    }

    /// How `actual` orders against this value.
    #[inline]
    pub(crate) fn order(&self, actual: &str, cs: bool) -> (Ordering, Basis) {
        if let Some(y) = self.int
            && let Some(x) = parse_integer(actual)
        {
            return (x.cmp(&y), Basis::Integer);
        }
        let version = match (&self.parts, self.prepared) {
            (Some(parts), _) => compare_version_parts(actual, parts),
            (None, true) => None,
            (None, false) => compare_versions(actual, &self.text),
        };
        match version {
            Some(ord) => (ord, Basis::Version),
            None => (text_cmp(actual, &self.text, cs), Basis::Text),
        }
    }

    /// How the integer `actual` orders against this value, without writing it out when this
    /// value is an integer too.
    pub(crate) fn order_number(&self, actual: u64, cs: bool) -> (Ordering, Basis) {
        match self.int {
            Some(y) => (i128::from(actual).cmp(&y), Basis::Integer),
            None => self.order(&actual.to_string(), cs),
        }
    }

    /// `equals` of the integer `actual` with this value, as [`Expected::order_number`].
    pub(crate) fn equals_number(&self, actual: u64, cs: bool) -> (bool, Basis) {
        match self.int {
            Some(y) => (integers_equal(i128::from(actual), y), Basis::Integer),
            None => self.equals(&actual.to_string(), cs),
        }
    }

    /// Versions (a file's, a product's) against this value: as dotted versions when both are,
    /// else with the ordering rules.
    pub(crate) fn order_version(&self, actual: &str, cs: bool) -> (Ordering, Basis) {
        let version = match (&self.parts, self.prepared) {
            (Some(parts), _) => compare_version_parts(actual, parts),
            (None, true) => None,
            (None, false) => compare_versions(actual, &self.text),
        };
        match version {
            Some(ord) => (ord, Basis::Version),
            None => self.order(actual, cs),
        }
    }

    /// `like`: whether `actual` matches this value as a pattern.
    #[inline]
    pub(crate) fn like(&self, actual: &str, cs: bool) -> bool {
        match &self.like {
            Some(shape) => shape.matches(actual, cs),
            None => wildcard_match(actual, &self.text, cs),
        }
    }
}

/// Compares two dotted versions (`6.10.7601.1`, `10.0.19045`) part by part, each part a decimal
/// number, missing parts counting as 0. `None` when either side is not digits separated by single
/// dots (a lone number is a one-part version).
///
/// ```
/// use std::cmp::Ordering;
/// use tasksequence::condition::compare::compare_versions;
/// assert_eq!(compare_versions("6.10.7601.1", "6.2"), Some(Ordering::Greater));
/// assert_eq!(compare_versions("10.0", "10.0.0.0"), Some(Ordering::Equal));
/// assert_eq!(compare_versions("10.0-beta", "10.0"), None);
/// ```
pub fn compare_versions(a: &str, b: &str) -> Option<Ordering> {
    if !is_version(a) || !is_version(b) {
        return None;
    }
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Some(Ordering::Equal),
            (x, y) => {
                let ord = cmp_digits(x.unwrap_or("0").as_bytes(), y.unwrap_or("0").as_bytes());
                if ord != Ordering::Equal {
                    return Some(ord);
                }
            }
        }
    }
}

/// [`compare_versions`] of `actual` against a version already split into its parts; `None` when
/// `actual` is not a dotted version. One pass over `actual`.
pub(crate) fn compare_version_parts(actual: &str, parts: &[Box<str>]) -> Option<Ordering> {
    // A byte scan rather than `split('.')`: versions are short, and the pattern machinery of a
    // string split costs more than the comparison.
    let bytes = actual.as_bytes();
    let mut ord = Ordering::Equal;
    let mut count = 0;
    let mut start = 0;
    loop {
        let mut end = start;
        while let Some(&b) = bytes.get(end) {
            if b == b'.' {
                break;
            }
            if !b.is_ascii_digit() {
                return None;
            }
            end += 1;
        }
        if end == start {
            return None;
        }
        if ord == Ordering::Equal {
            let part = bytes.get(start..end).unwrap_or_default();
            let want = parts.get(count).map_or(&b"0"[..], |p| p.as_bytes());
            ord = cmp_digits(part, want);
        }
        count += 1;
        if end >= bytes.len() {
            break;
        }
        start = end + 1;
    }
    if ord == Ordering::Equal {
        ord = parts
            .iter()
            .skip(count)
            .map(|p| cmp_digits(b"0", p.as_bytes()))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal);
    }
    Some(ord)
}

/// Whether `text` is one or more runs of ASCII digits separated by single dots.
pub fn is_version(text: &str) -> bool {
    crate::util::number::is_version(text)
}

/// Compares two runs of decimal digits by value, whatever their length (no overflow).
fn cmp_digits(a: &[u8], b: &[u8]) -> Ordering {
    fn significant(digits: &[u8]) -> &[u8] {
        let zeros = digits.iter().take_while(|&&d| d == b'0').count();
        digits.get(zeros..).unwrap_or_default()
    }
    let (a, b) = (significant(a), significant(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

pub use crate::util::fold::{text_cmp, text_equal};

/// Compares Windows versions the way OS conditions write them: `major.minor.build.revision`, where
/// the minor part is a decimal fraction (`6.10` is Windows 7's 6.1, `6.30` is 8.1's 6.3,
/// `10.00` is 10.0), so `6.1.7601` equals `6.10.7601`. Missing parts count as 0. Versions that are
/// not dotted numbers compare as condition values.
pub(crate) fn os_version_cmp(have: &str, want: &str) -> Ordering {
    if !is_version(have) || !is_version(want) {
        return compare_values(have, want, false).0;
    }
    let mut left = have.split('.');
    let mut right = want.split('.');
    let mut index = 0;
    loop {
        let (x, y) = match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (x, y) => (x.unwrap_or("0"), y.unwrap_or("0")),
        };
        let ord = if index == 1 {
            // Fractions: the shorter is padded with trailing zeros.
            cmp_fraction(x, y)
        } else {
            cmp_digits(x.as_bytes(), y.as_bytes())
        };
        if ord != Ordering::Equal {
            return ord;
        }
        index += 1;
    }
}

/// Compares two runs of digits as the digits after a decimal point (`1` = `10` > `09`).
fn cmp_fraction(a: &str, b: &str) -> Ordering {
    let width = a.len().max(b.len());
    let digit = |s: &str, i: usize| s.as_bytes().get(i).copied().unwrap_or(b'0');
    (0..width)
        .map(|i| digit(a, i).cmp(&digit(b, i)))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// `like` semantics: `*` matches any run of characters (also none), `?` exactly one character,
/// anything else itself; the pattern must cover the whole value. Case-insensitive unless
/// `case_sensitive`. `%` and `_` are ordinary characters here (they are WQL's wildcards, not the
/// task sequence's). Costs O(value + pattern) when no `?` stands between two `*`, and
/// O(value × ⌈run / 64⌉) for a run with `?`, so a hostile pattern cannot make it quadratic.
///
/// ```
/// use tasksequence::condition::compare::wildcard_match;
/// assert!(wildcard_match("Hewlett-Packard", "*hewlett*packard*", false));
/// assert!(wildcard_match("DELL9009", "DELL*900?", false));
/// assert!(!wildcard_match("Dell Inc.", "*Lenovo*", false));
/// assert!(!wildcard_match("dell", "DELL", true));
/// ```
pub fn wildcard_match(value: &str, pattern: &str, case_sensitive: bool) -> bool {
    // Bounded time whatever the input: greedy first, a linear-time matcher when that stalls.
    crate::util::wildcard::star_match(value, pattern, case_sensitive)
}

/// A `like` pattern classified once, so that the common shapes (`*Dell*`, `HP*`) match without
/// the general algorithm. Matches exactly as [`wildcard_match`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LikeShape {
    kind: ShapeKind,
    /// The pattern without its leading/trailing `*`.
    literal: Box<str>,
    /// `literal` in ASCII lower case, when it is ASCII.
    lower: Option<Box<[u8]>>,
    /// The whole pattern, for the general algorithm.
    pattern: Box<str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ShapeKind {
    /// No wildcard: the whole value.
    Exact,
    /// `text*`
    Prefix,
    /// `*text`
    Suffix,
    /// `*text*`
    Contains,
    /// Anything else.
    General,
}

impl LikeShape {
    /// Classifies `pattern`.
    pub(crate) fn new(pattern: &str) -> Self {
        let starts = pattern.starts_with('*');
        let ends = pattern.len() > 1 && pattern.ends_with('*');
        let middle = pattern
            .get(usize::from(starts)..pattern.len() - usize::from(ends))
            .unwrap_or_default();
        let kind = if middle.contains(['*', '?']) {
            ShapeKind::General
        } else {
            match (starts, ends) {
                (false, false) => ShapeKind::Exact,
                (false, true) => ShapeKind::Prefix,
                (true, false) => ShapeKind::Suffix,
                (true, true) => ShapeKind::Contains,
            }
        };
        Self {
            kind,
            literal: middle.into(),
            lower: middle
                .is_ascii()
                .then(|| middle.bytes().map(|b| b.to_ascii_lowercase()).collect()),
            pattern: pattern.into(),
        }
    }

    /// Whether `value` matches.
    #[inline]
    pub(crate) fn matches(&self, value: &str, cs: bool) -> bool {
        let Some(lower) = self.lower.as_deref() else {
            return wildcard_match(value, &self.pattern, cs);
        };
        if self.kind == ShapeKind::General || !value.is_ascii() {
            return wildcard_match(value, &self.pattern, cs);
        }
        let v = value.as_bytes();
        let l = if cs { self.literal.as_bytes() } else { lower };
        let eq = |a: &[u8]| if cs { a == l } else { eq_lowered(a, l) };
        match self.kind {
            ShapeKind::Exact => eq(v),
            ShapeKind::Prefix => v.get(..l.len()).is_some_and(eq),
            ShapeKind::Suffix => v
                .len()
                .checked_sub(l.len())
                .and_then(|from| v.get(from..))
                .is_some_and(eq),
            ShapeKind::Contains if cs => memchr::memmem::find(v, l).is_some(),
            ShapeKind::Contains => contains_ascii_ci(v, l),
            ShapeKind::General => wildcard_match(value, &self.pattern, cs),
        }
    }
}

/// Lower-cases the ASCII letters of eight ASCII bytes at once.
#[inline]
fn lower8(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // With every byte below 0x80 there are no carries: a byte's high bit is set in `ge_a` when
    // it is at least `A` and in `gt_z` when it is past `Z`.
    let ge_a = x.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let gt_z = x.wrapping_add(0x2525_2525_2525_2525);
    x | ((ge_a & !gt_z & HIGH) >> 2)
}

/// Lower-cases the ASCII letters of four ASCII bytes at once (as [`lower8`]).
#[inline]
fn lower4(x: u32) -> u32 {
    let ge_a = x.wrapping_add(0x3f3f_3f3f);
    let gt_z = x.wrapping_add(0x2525_2525);
    x | ((ge_a & !gt_z & 0x8080_8080) >> 2)
}

fn load8(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

fn load4(bytes: &[u8], at: usize) -> Option<u32> {
    let chunk: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    Some(u32::from_le_bytes(chunk))
}

/// Case-insensitive equality of `actual` with `lower`, which is ASCII and already lower case;
/// `None` when `actual` is not ASCII (then only the Unicode rules can tell). Compares eight (or
/// four) bytes at a time, the last load overlapping the one before, so short values cost a
/// handful of instructions.
#[inline]
pub(crate) fn eq_ascii_lowered(actual: &[u8], lower: &[u8]) -> Option<bool> {
    const HIGH8: u64 = 0x8080_8080_8080_8080;
    let n = actual.len();
    if n != lower.len() {
        return if actual.is_ascii() { Some(false) } else { None };
    }
    if n >= 8 {
        let mut at = 0;
        let mut equal = true;
        loop {
            let x = load8(actual, at)?;
            if x & HIGH8 != 0 {
                return None;
            }
            equal &= lower8(x) == load8(lower, at)?;
            if at + 8 == n {
                return Some(equal);
            }
            // The last chunk overlaps the previous one.
            at = (at + 8).min(n - 8);
        }
    }
    if n >= 4 {
        let (a, b) = (load4(actual, 0)?, load4(actual, n - 4)?);
        if (a | b) & 0x8080_8080 != 0 {
            return None;
        }
        return Some(lower4(a) == load4(lower, 0)? && lower4(b) == load4(lower, n - 4)?);
    }
    let mut equal = true;
    for (x, y) in actual.iter().zip(lower) {
        if !x.is_ascii() {
            return None;
        }
        equal &= x.to_ascii_lowercase() == *y;
    }
    Some(equal)
}

/// Whether ASCII `a` equals `lower` (ASCII lower case) ignoring ASCII case, eight bytes at a time.
#[inline]
fn eq_lowered(a: &[u8], lower: &[u8]) -> bool {
    if a.len() != lower.len() {
        return false;
    }
    let mut x = a.chunks_exact(8);
    let mut y = lower.chunks_exact(8);
    for (p, q) in (&mut x).zip(&mut y) {
        let (Ok(p), Ok(q)) = (<[u8; 8]>::try_from(p), <[u8; 8]>::try_from(q)) else {
            return false;
        };
        if lower8(u64::from_le_bytes(p)) != u64::from_le_bytes(q) {
            return false;
        }
    }
    x.remainder()
        .iter()
        .zip(y.remainder())
        .all(|(p, q)| p.to_ascii_lowercase() == *q)
}

/// Whether `hay` contains `needle` (ASCII, already lower case), ignoring ASCII case.
fn contains_ascii_ci(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let Some(last_start) = hay.len().checked_sub(needle.len()) else {
        return false;
    };
    let candidates = hay.get(..=last_start).unwrap_or_default();
    let upper = first.to_ascii_uppercase();
    if candidates.len() < 16 {
        // Short values (most): a plain scan beats setting up a vector search.
        return candidates.iter().enumerate().any(|(at, &c)| {
            (c == first || c == upper)
                && hay
                    .get(at + 1..at + needle.len())
                    .is_some_and(|w| eq_lowered(w, rest))
        });
    }
    let mut from = 0;
    while let Some(found) = candidates
        .get(from..)
        .and_then(|c| memchr::memchr2(first, upper, c))
    {
        let at = from + found;
        if hay
            .get(at + 1..at + needle.len())
            .is_some_and(|w| eq_lowered(w, rest))
        {
            return true;
        }
        from = at + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_parse_in_every_spelling() {
        assert_eq!(parse_integer("3247440400"), Some(3_247_440_400));
        assert_eq!(parse_integer("0xC1900210"), Some(3_247_440_400));
        assert_eq!(parse_integer("0Xc1900210"), Some(3_247_440_400));
        assert_eq!(parse_integer("-1047526896"), Some(-1_047_526_896));
        assert_eq!(parse_integer("+7"), Some(7));
        assert_eq!(parse_integer("-0x10"), Some(-16));
        assert_eq!(parse_integer("007"), Some(7));
        for bad in [
            "", "-", "+", "0x", "1.0", " 1", "1 ", "true", "0x1G", "1e3", "١٢",
        ] {
            assert_eq!(parse_integer(bad), None, "{bad:?}");
        }
        // Beyond i128: not an integer, so it compares as text.
        assert_eq!(parse_integer(&"9".repeat(60)), None);
    }

    #[test]
    fn return_codes_equal_across_spellings() {
        assert!(values_equal("3247440400", "0xC1900210", false).0);
        assert!(values_equal("3247440400", "-1047526896", false).0);
        assert!(values_equal("-1047526896", "0xC1900210", false).0);
        assert!(values_equal("0xFFFFFFFF", "-1", false).0);
        assert!(!values_equal("4294967296", "0", false).0);
        assert!(!values_equal("-1", "18446744073709551615", false).0);
        assert_eq!(values_equal("0", "00", false), (true, Basis::Integer));
        assert!(values_equal("0", "-0", false).0);
    }

    #[test]
    fn text_equality_ignores_case_unless_asked() {
        assert_eq!(values_equal("TRUE", "true", false), (true, Basis::Text));
        assert_eq!(values_equal("TRUE", "true", true), (false, Basis::Text));
        assert!(text_equal("ÉCOLE", "école", false));
        assert!(!text_equal("ÉCOLE", "école", true));
        assert!(!text_equal("a", "ab", false));
        assert!(text_equal("", "", false));
    }

    #[test]
    fn ordering_uses_integers_then_versions_then_text() {
        assert_eq!(
            compare_values("10", "9", false),
            (Ordering::Greater, Basis::Integer)
        );
        assert_eq!(
            compare_values("0x10", "15", false),
            (Ordering::Greater, Basis::Integer)
        );
        assert_eq!(
            compare_values("-5", "3", false),
            (Ordering::Less, Basis::Integer)
        );
        assert_eq!(
            compare_values("10.0.19045", "10.0.9600", false),
            (Ordering::Greater, Basis::Version)
        );
        assert_eq!(
            compare_values("6.10.7601.1", "6.10.7601", false),
            (Ordering::Greater, Basis::Version)
        );
        assert_eq!(
            compare_values("6.1", "6.1.0.0", false),
            (Ordering::Equal, Basis::Version)
        );
        // One side a plain number, the other a version: both are versions.
        assert_eq!(
            compare_values("6", "6.1", false),
            (Ordering::Less, Basis::Version)
        );
        assert_eq!(
            compare_values("b", "A", false),
            (Ordering::Greater, Basis::Text)
        );
        assert_eq!(
            compare_values("b", "A", true),
            (Ordering::Greater, Basis::Text)
        );
        assert_eq!(
            compare_values("a", "B", true),
            (Ordering::Greater, Basis::Text)
        );
        assert_eq!(
            compare_values("", "x", false),
            (Ordering::Less, Basis::Text)
        );
        assert_eq!(
            compare_values("99999999999999999999999", "1.0", false),
            (Ordering::Greater, Basis::Version)
        );
        assert_eq!(compare_versions("1..2", "1"), None);
        assert_eq!(compare_versions(".1", "1"), None);
    }

    #[test]
    fn wildcards_cover_the_whole_value() {
        assert!(wildcard_match("Lenovo", "*Lenovo*", false));
        assert!(wildcard_match("LENOVO", "*lenovo*", false));
        assert!(wildcard_match("", "*", false));
        assert!(wildcard_match("", "", false));
        assert!(!wildcard_match("x", "", false));
        assert!(!wildcard_match("", "?", false));
        assert!(wildcard_match("ab", "??", false));
        assert!(!wildcard_match("abc", "??", false));
        assert!(wildcard_match("DELL-ABC-9001", "DELL*900?", false));
        assert!(!wildcard_match("DELL-ABC-90011", "DELL*900?", false));
        assert!(wildcard_match("aaa", "*a*a*a*", false));
        assert!(!wildcard_match("aa", "*a*a*a*", false));
        assert!(wildcard_match("100%", "100%", false));
        assert!(!wildcard_match("1000", "100%", false));
        assert!(wildcard_match("Ärger", "ä*", false));
        assert!(wildcard_match("日本語", "?本*", false));
        assert!(!wildcard_match("Lenovo", "lenovo", true));
        assert!(wildcard_match(&"a".repeat(200), &"*a".repeat(50), false));
        assert!(
            wildcard_match("\u{212a}", "k", false),
            "the Kelvin sign folds to k"
        );
    }

    #[test]
    fn like_shapes_match_as_the_general_algorithm() {
        let patterns = [
            "",
            "*",
            "**",
            "*Dell*",
            "Dell*",
            "*Dell",
            "Dell",
            "D?ll*",
            "*e*l*",
            "?",
            "*?",
            "a*b",
            "*\u{212a}*",
            "k*",
            "*ELL",
            "*é*",
            "*dd*",
            "*D*",
            "*ll",
            "ll*",
        ];
        let values = [
            "",
            "Dell",
            "dell inc.",
            "DELL",
            "Del",
            "xdellx",
            "Dell Inc.",
            "k",
            "\u{212a}elvin",
            "Kelvin",
            "é",
            "É",
            "Lenovo",
            "ll",
        ];
        for p in patterns {
            let shape = LikeShape::new(p);
            for v in values {
                for cs in [false, true] {
                    assert_eq!(
                        shape.matches(v, cs),
                        wildcard_match(v, p, cs),
                        "{v:?} like {p:?} (case-sensitive {cs})"
                    );
                }
            }
        }
        assert_eq!(LikeShape::new("*Dell*").kind, ShapeKind::Contains);
        assert_eq!(&*LikeShape::new("*Dell*").literal, "Dell");
        assert_eq!(LikeShape::new("*").kind, ShapeKind::Suffix);
        assert_eq!(LikeShape::new("HP*").kind, ShapeKind::Prefix);
        assert_eq!(LikeShape::new("a*b").kind, ShapeKind::General);
        assert!(contains_ascii_ci(b"xxDeLlxx", b"dell"));
        assert!(contains_ascii_ci(b"dddell", b"dell"));
        assert!(!contains_ascii_ci(b"del", b"dell"));
        assert!(contains_ascii_ci(b"", b""));
        let long = b"Hewlett-Packard Development Company, L.P.";
        assert!(contains_ascii_ci(long, b"company"));
        assert!(contains_ascii_ci(long, b"l.p."));
        assert!(!contains_ascii_ci(long, b"lenovo"));
    }

    #[test]
    fn version_parts_compare_as_versions() {
        let values = [
            "",
            "1",
            "1.0",
            "1.0.0",
            "10.0.19045",
            "10.0.9600",
            "6.10.7601.1",
            "6.1",
            "007.1",
            "1..2",
            ".1",
            "1.",
            "a.b",
            "99999999999999999999999.1",
        ];
        for a in values {
            for b in values.iter().filter(|b| is_version(b)) {
                let parts: Vec<Box<str>> = b.split('.').map(Box::from).collect();
                assert_eq!(
                    compare_version_parts(a, &parts),
                    compare_versions(a, b),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn eight_bytes_at_a_time() {
        let all: Vec<u8> = (0u8..0x80).collect();
        let lowered: Vec<u8> = all.iter().map(u8::to_ascii_lowercase).collect();
        assert_eq!(eq_ascii_lowered(&all, &lowered), Some(true));
        for (i, chunk) in all.chunks(8).enumerate() {
            let x = u64::from_le_bytes(chunk.try_into().unwrap());
            let want = u64::from_le_bytes(lowered[i * 8..i * 8 + 8].try_into().unwrap());
            assert_eq!(lower8(x), want);
        }
        assert_eq!(
            eq_ascii_lowered(b"STATERESTORE", b"staterestore"),
            Some(true)
        );
        assert_eq!(
            eq_ascii_lowered(b"STATERESTORF", b"staterestore"),
            Some(false)
        );
        assert_eq!(
            eq_ascii_lowered(b"StateRestore!", b"staterestore"),
            Some(false)
        );
        assert_eq!(eq_ascii_lowered(b"@[`{", b"@[`{"), Some(true));
        assert_eq!(eq_ascii_lowered("ÉCOLE".as_bytes(), b"ecole"), None);
        assert_eq!(eq_ascii_lowered("ÉCOLExx".as_bytes(), b"ecolexxx"), None);
        // Every length, every position of a difference or a non-ASCII byte.
        for n in 0..20usize {
            let word: Vec<u8> = (0..n).map(|i| b'A' + (i % 26) as u8).collect();
            let lowered: Vec<u8> = word.iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(eq_ascii_lowered(&word, &lowered), Some(true), "{n}");
            for i in 0..n {
                let mut other = word.clone();
                other[i] = b'#';
                assert_eq!(eq_ascii_lowered(&other, &lowered), Some(false), "{n} {i}");
                other[i] = 0xC3;
                assert_eq!(eq_ascii_lowered(&other, &lowered), None, "{n} {i}");
            }
        }
    }
}
