//! Case folding shared by the WQL evaluator and the machine profile.
//!
//! Names and values are folded with `char::to_lowercase`, one character at a time (no context
//! rules), so that a stored folded string and a value folded on the fly always agree. Comparing two
//! folded character sequences orders them by code point, which is also the byte order of their
//! UTF-8, so folded strings sorted with `str::cmp` can be binary-searched with [`cmp_folded`].

use std::cmp::Ordering;

/// `s` folded to lower case, character by character.
pub(crate) fn fold(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.chars().flat_map(char::to_lowercase).collect()
    }
}

/// Compares `value` folded on the fly with `folded`, which is already folded. Allocates nothing.
pub(crate) fn cmp_folded(value: &str, folded: &str) -> Ordering {
    if value.is_ascii() {
        // A plain loop: `Iterator::cmp` over mapped bytes does not optimize as well.
        let (a, b) = (value.as_bytes(), folded.as_bytes());
        for (x, y) in a.iter().zip(b) {
            let x = x.to_ascii_lowercase();
            if x != *y {
                return x.cmp(y);
            }
        }
        a.len().cmp(&b.len())
    } else {
        value
            .chars()
            .flat_map(char::to_lowercase)
            .cmp(folded.chars())
    }
}

/// Whether `value` folds to `folded`. Allocates nothing.
pub(crate) fn eq_folded(value: &str, folded: &str) -> bool {
    if value.is_ascii() {
        value.eq_ignore_ascii_case(folded)
    } else {
        value
            .chars()
            .flat_map(char::to_lowercase)
            .eq(folded.chars())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_ascii_and_unicode() {
        assert_eq!(fold("OSLanguage"), "oslanguage");
        assert_eq!(fold("ÄRGER"), "ärger");
    }

    #[test]
    fn compares_without_folding_the_value() {
        assert_eq!(cmp_folded("ABC", "abc"), Ordering::Equal);
        assert_eq!(cmp_folded("ABD", "abc"), Ordering::Greater);
        assert_eq!(cmp_folded("Ä", "ä"), Ordering::Equal);
        assert!(eq_folded("Win32_BIOS", "win32_bios"));
        assert!(!eq_folded("Win32_BIOS", "win32_bio"));
        // Simple per-character folding: `ß` does not expand to `ss`.
        assert!(!eq_folded("Straße", "strasse"));
        assert!(eq_folded("ÉCOLE", "école"));
    }
}
