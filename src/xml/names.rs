//! XML 1.0's `Name` (fifth edition): what element and attribute names may be. The reader refuses
//! other names (with the element's position) and the writer refuses them in a model that did not
//! come from the reader (JSON, code), so that a name can neither carry markup into a file nor make
//! a document that does not read back.

/// Whether `name` is an XML name.
pub(super) fn is_name(name: &str) -> bool {
    // Nearly every name is ASCII letters, digits, `_`, `-`, `.` and `:`; the table below is only
    // walked for the others.
    let bytes = name.as_bytes();
    if bytes.is_ascii() {
        return bytes
            .first()
            .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_' || b == b':')
            && bytes
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'-' | b'.'));
    }
    let mut chars = name.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

fn is_name_start(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

#[cfg(test)]
mod tests {
    use super::is_name;

    #[test]
    fn names_follow_xml() {
        for good in [
            "step", "a", "_x", "x-1.y", "ns:name", "a:b:c", ":x", "Été", "日本", "x\u{B7}",
        ] {
            assert!(is_name(good), "{good}");
        }
        for bad in [
            "", "1a", "-a", "a b", "a>", "a\"", "a=b", "a/", ".a", "a\u{0}", "st@p", "a\u{D7}",
            "\u{B7}a",
        ] {
            assert!(!is_name(bad), "{bad}");
        }
    }
}
