//! Text that is safe to print on a terminal.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control character other than line feed and tab shown as an escape (`\u{1b}`),
/// so that a name or value from a task sequence cannot move the cursor, erase lines or write the
/// clipboard (escape sequences such as `ESC [2K` or OSC 52) when `tsq` prints it. C0 controls,
/// DEL, C1 controls and the bidirectional overrides are escaped; text without them is borrowed.
///
/// ```
/// use tasksequence::render::printable;
/// assert_eq!(printable("Install\u{1b}[2K"), r"Install\u{1b}[2K");
/// assert_eq!(printable("line one\n\tline two"), "line one\n\tline two");
/// assert!(matches!(printable("plain"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}
