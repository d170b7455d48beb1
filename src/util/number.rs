//! How condition values read as numbers: integers (decimal or `0x` hexadecimal) and dotted
//! versions. One definition, used where a value is classified once (the environment) and where
//! it is compared (conditions).

/// An integer: decimal digits with an optional `+`/`-`, or `0x`/`0X` and hex digits (also with an
/// optional sign). No spaces. `None` for anything else, and beyond ±2¹²⁷.
#[inline]
pub(crate) fn parse_integer(text: &str) -> Option<i128> {
    let bytes = text.as_bytes();
    // Most values are words ("true", "VALIDATION"): reject them on the first byte.
    let first = *bytes.first()?;
    if !(first.is_ascii_digit() || first == b'-' || first == b'+') {
        return None;
    }
    let (negative, rest) = match first {
        b'-' => (true, bytes.get(1..)?),
        b'+' => (false, bytes.get(1..)?),
        _ => (false, bytes),
    };
    let (radix, digits) = match rest {
        [b'0', b'x' | b'X', hex @ ..] => (16, hex),
        _ => (10, rest),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value: i128 = 0;
    for &b in digits {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' if radix == 16 => b - b'a' + 10,
            b'A'..=b'F' if radix == 16 => b - b'A' + 10,
            _ => return None,
        };
        value = value.checked_mul(radix)?.checked_add(i128::from(d))?;
    }
    Some(if negative { -value } else { value })
}

/// Whether `text` is one or more runs of ASCII digits separated by single dots.
pub(crate) fn is_version(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}
