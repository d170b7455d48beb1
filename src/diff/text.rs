//! The text form of a diff: one line per change.

use std::fmt::Write as _;

use super::{ChangeKind, Diff};

impl Diff {
    /// One line per change, marked `+` added, `-` removed, `→` moved, `~` renamed or changed, each
    /// followed by its fields as `field: old → new` (`(none)` for an absent value), separated by
    /// `; `; line breaks inside a value are written `\\n`. The sequence itself is written `(sequence)`. Empty when nothing changed. Values are
    /// as in the sequence: pass the text through [`crate::render::printable`] before a terminal.
    ///
    /// ```
    /// let old = tasksequence::xml::read(br#"<sequence><step name="A" type="X"/></sequence>"#)?;
    /// let new = tasksequence::xml::read(br#"<sequence><step name="B" type="X"/><step name="C" type="Y"/></sequence>"#)?;
    /// let d = tasksequence::diff::diff(&old.sequence, &new.sequence);
    /// assert_eq!(d.to_text(), "~ B (renamed from A): name: A → B\n+ C\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for c in &self.changes {
            let path = if c.path.is_empty() {
                "(sequence)"
            } else {
                c.path.as_str()
            };
            let mark = match c.kind {
                ChangeKind::Added => "+",
                ChangeKind::Removed => "-",
                ChangeKind::Moved => "→",
                ChangeKind::Renamed | ChangeKind::Changed => "~",
            };
            let _ = write!(out, "{mark} {path}");
            if let Some(old) = &c.old_path {
                let verb = if c.kind == ChangeKind::Moved {
                    "moved"
                } else {
                    "renamed"
                };
                let _ = write!(out, " ({verb} from {old})");
            }
            for (i, f) in c.fields.iter().enumerate() {
                let sep = if i == 0 { ": " } else { "; " };
                let old = one_line(f.old.as_deref());
                let new = one_line(f.new.as_deref());
                let _ = write!(out, "{sep}{}: {old} → {new}", f.field);
            }
            out.push('\n');
        }
        out
    }
}

fn one_line(value: Option<&str>) -> String {
    match value {
        None => "(none)".to_string(),
        Some(v) => v.replace('\r', "\\r").replace('\n', "\\n"),
    }
}
