//! Which field of a JSON text a parse error points at, so that a scenario error names the
//! field (`options.max_steps`) and not only a line and column.
//!
//! serde reports where it stopped, not along which keys it got there; this walks the text up to
//! that point, keeping the open objects' current keys and the open arrays' indices.

enum Frame {
    Object { key: Option<String>, want_key: bool },
    Array { index: usize },
}

/// The field a serde_json error is about: the value's path, or for an unknown field (which the
/// message names) the path of the object holding it.
pub(super) fn field_of(text: &str, e: &serde_json::Error) -> String {
    let mut frames = frames_at(text, e.line(), e.column());
    if e.to_string().starts_with("unknown field") {
        frames.pop();
    }
    join(&frames)
}

/// The path (`outcomes.Upgrade.exit_code`, `[2].id`) of the value open at 1-based `line` and
/// `column` of `text` (the position serde_json gives, on the value's last byte). Empty at the top
/// level or when the position is outside the text.
#[cfg(test)]
fn path_at(text: &str, line: usize, column: usize) -> String {
    join(&frames_at(text, line, column))
}

/// The open objects (with a key read) and arrays at that position, outermost first.
fn frames_at(text: &str, line: usize, column: usize) -> Vec<Frame> {
    let start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let end = start.saturating_add(column).min(text.len());
    let bytes = text.as_bytes().get(..end).unwrap_or_default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    // serde stops on the opening bracket of a value of the wrong type: that value is the field.
    let mut opened_last = false;
    while let Some(&b) = bytes.get(i) {
        opened_last = matches!(b, b'{' | b'[');
        match b {
            b'{' => stack.push(Frame::Object {
                key: None,
                want_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, want_key }) => {
                    *key = None;
                    *want_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { want_key, .. }) = stack.last_mut() {
                    *want_key = false;
                }
            }
            b'"' => {
                opened_last = false;
                let (text, next) = string_at(bytes, i + 1);
                if let Some(Frame::Object {
                    key,
                    want_key: true,
                }) = stack.last_mut()
                {
                    *key = text;
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if opened_last {
        stack.pop();
    }
    if let Some(open) = stack
        .iter()
        .position(|f| matches!(f, Frame::Object { key: None, .. }))
    {
        stack.truncate(open);
    }
    stack
}

fn join(frames: &[Frame]) -> String {
    let mut path = String::new();
    for frame in frames {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// The string whose text starts at `from` (after its opening quote), read as written (escapes
/// kept), and the index after its closing quote; `None` when it is not closed before the end.
fn string_at(bytes: &[u8], from: usize) -> (Option<String>, usize) {
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => {
                let text = bytes
                    .get(from..i)
                    .map(|raw| String::from_utf8_lossy(raw).into_owned());
                return (text, i + 1);
            }
            _ => i += 1,
        }
    }
    (None, bytes.len())
}

#[cfg(test)]
mod tests {
    use super::path_at;

    fn path_of_error(json: &str) -> String {
        let e = serde_json::from_str::<crate::engine::Scenario>(json).unwrap_err();
        path_at(json, e.line(), e.column())
    }

    #[test]
    fn names_the_field_serde_stopped_at() {
        assert_eq!(
            path_of_error(r#"{"options":{"max_steps":"x"}}"#),
            "options.max_steps"
        );
        assert_eq!(
            path_of_error(r#"{"outcomes":{"A":{"rollback":true},"B/C":{"exit_code":"zz"}}}"#),
            "outcomes.B/C.exit_code"
        );
        assert_eq!(path_of_error(r#"{"varibles":{}}"#), "varibles");
        let unknown = |json: &str| {
            let e = serde_json::from_str::<crate::engine::Scenario>(json).unwrap_err();
            super::field_of(json, &e)
        };
        assert_eq!(unknown(r#"{"varibles":{}}"#), "");
        assert_eq!(
            unknown(r#"{"outcomes":{"A.b":{"rollbak":true}}}"#),
            "outcomes.A.b"
        );
        assert_eq!(
            unknown(r#"{"options":{"max_steps":true}}"#),
            "options.max_steps"
        );
        assert_eq!(
            path_of_error("{\"variables\":\n  {\"A\":\"1\", \"B\":[1]}}"),
            "variables.B"
        );
        assert_eq!(
            path_of_error(r#"{"outcomes":{"A":{"failed_packages":["P1",2]}}}"#),
            "outcomes.A.failed_packages[1]"
        );
        assert_eq!(path_of_error(r#"{"a\"b":1}"#), r#"a\"b"#);
        assert_eq!(path_at(r#"[1,{"a":2}]"#, 1, 9), "[1].a");
        assert_eq!(path_at("7", 1, 1), "");
        assert_eq!(path_at("{}", 9, 9), "");
    }
}
