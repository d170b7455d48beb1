//! Case-insensitive text comparison as Windows and the task sequence engine do it: ASCII without
//! folding tables, other scripts through Unicode lower-casing.

use std::cmp::Ordering;

/// Whether `a` and `b` are equal, ignoring case unless `case_sensitive`.
///
/// ```
/// use tasksequence::condition::compare::text_equal;
/// assert!(text_equal("STATERESTORE", "StateRestore", false));
/// assert!(text_equal("ÄRGER", "ärger", false));
/// assert!(!text_equal("STATERESTORE", "StateRestore", true));
/// ```
pub fn text_equal(a: &str, b: &str, case_sensitive: bool) -> bool {
    if case_sensitive {
        return a == b;
    }
    // Equal ignoring ASCII case implies equal ignoring all case; the reverse needs the slow path
    // only when some byte is not ASCII.
    a.eq_ignore_ascii_case(b)
        || (!(a.is_ascii() && b.is_ascii())
            && a.chars()
                .flat_map(char::to_lowercase)
                .eq(b.chars().flat_map(char::to_lowercase)))
}

/// Ordinal text order, case-insensitive unless `case_sensitive`.
///
/// ```
/// use std::cmp::Ordering;
/// use tasksequence::condition::compare::text_cmp;
/// assert_eq!(text_cmp("apple", "BANANA", false), Ordering::Less);
/// // Case-sensitive, upper case sorts first (`B` is 0x42, `a` is 0x61).
/// assert_eq!(text_cmp("apple", "BANANA", true), Ordering::Greater);
/// assert_eq!(text_cmp("Windows", "WINDOWS", false), Ordering::Equal);
/// ```
pub fn text_cmp(a: &str, b: &str, case_sensitive: bool) -> Ordering {
    if case_sensitive {
        a.cmp(b)
    } else if a.is_ascii() && b.is_ascii() {
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    } else {
        a.chars()
            .flat_map(char::to_lowercase)
            .cmp(b.chars().flat_map(char::to_lowercase))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_ascii_and_unicode() {
        assert!(text_equal("OSDisk", "osdisk", false));
        assert!(!text_equal("OSDisk", "osdisk", true));
        assert!(text_equal("ÄRGER", "ärger", false));
        assert_eq!(text_cmp("a", "B", false), Ordering::Less);
        assert_eq!(text_cmp("a", "B", true), Ordering::Greater);
    }
}
