//! Where something is in a text, and the one caret renderer every error uses.

use serde::Serialize;

/// A place in the input: 1-based line and column (in characters), and the byte offset.
///
/// ```
/// let p = tasksequence::xml::Position::at(b"ab\ncd", 4);
/// assert_eq!((p.line, p.column, p.offset), (2, 2, 4));
/// assert_eq!(p.to_string(), "line 2, column 2");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// 0-based byte offset.
    pub offset: usize,
}

impl Position {
    /// The position of byte `offset` in `text` (clamped to its length).
    ///
    /// ```
    /// use tasksequence::xml::Position;
    ///
    /// // Columns count characters; an offset past the end is clamped.
    /// assert_eq!(Position::at("é\nx".as_bytes(), 2).column, 2);
    /// assert_eq!(Position::at(b"abc", 99), Position::at(b"abc", 3));
    /// ```
    pub fn at(text: &[u8], offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or_default();
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let line = memchr::memchr_iter(b'\n', before).count() + 1;
        let column = String::from_utf8_lossy(before.get(line_start..).unwrap_or_default())
            .chars()
            .count()
            + 1;
        Self {
            line,
            column,
            offset,
        }
    }

    /// The position of byte `offset` in `text`, moved back to a character boundary.
    pub(crate) fn in_str(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        Self::at(text.as_bytes(), offset)
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// The line of `text` holding `at`, cut to `side` characters either side of the column (an ellipsis
/// marks a cut; control characters show as spaces), and below it a caret under the column.
pub(crate) fn caret(text: &str, at: Position, side: usize) -> (String, String) {
    let line_text = text
        .get(at.offset.min(text.len())..)
        .map(|_| {
            let start = text
                .get(..at.offset)
                .and_then(|b| b.rfind('\n'))
                .map_or(0, |p| p + 1);
            text.get(start..)
                .unwrap_or_default()
                .split(['\n', '\r'])
                .next()
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let chars: Vec<char> = line_text.chars().collect();
    let col = at.column.saturating_sub(1);
    let from = col.saturating_sub(side);
    let to = col.saturating_add(side).min(chars.len());
    let mut excerpt = String::new();
    if from > 0 {
        excerpt.push('…');
    }
    excerpt.extend(
        chars
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .map(|c| if c.is_control() { ' ' } else { *c }),
    );
    if to < chars.len() {
        excerpt.push('…');
    }
    let pad = col - from + usize::from(from > 0);
    (excerpt, format!("{}^", " ".repeat(pad)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_under_the_column_of_the_right_line() {
        let text = "first\nSELECT * FORM X";
        let at = Position::in_str(text, 15);
        assert_eq!((at.line, at.column), (2, 10));
        assert_eq!(
            caret(text, at, 60),
            ("SELECT * FORM X".to_string(), "         ^".to_string())
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let text = "x".repeat(200);
        let (excerpt, caret_line) = caret(&text, Position::in_str(&text, 100), 10);
        assert_eq!(excerpt.chars().count(), 22);
        assert_eq!(caret_line, format!("{}^", " ".repeat(11)));
    }

    #[test]
    fn splits_inside_a_character_move_back() {
        let text = "é";
        assert_eq!(Position::in_str(text, 1).offset, 0);
    }
}
