//! How JSON is printed: indented by default, on one line with the global `--compact`. Every
//! command prints its JSON through here, so all of them look alike. JSON Lines stay one line per
//! record whatever the option says.

use std::sync::atomic::{AtomicBool, Ordering};

static COMPACT: AtomicBool = AtomicBool::new(false);

/// Chooses the layout for the rest of the run (from `--compact`).
pub fn set_compact(compact: bool) {
    COMPACT.store(compact, Ordering::Relaxed);
}

/// Prints `json` (any valid JSON text) on stdout in the chosen layout, with a final newline.
pub fn print_json(json: &str) {
    println!("{}", layout_chosen(json));
}

/// `json` in the chosen layout (for output written through a buffer rather than `println!`).
pub fn layout_chosen(json: &str) -> String {
    layout(json, !COMPACT.load(Ordering::Relaxed))
}

/// `json` re-laid out: indented by two spaces with `"key": value` (as `serde_json`'s pretty
/// printer writes it) when `pretty`, else without any whitespace between tokens. Only whitespace
/// outside strings changes, so keys keep their order and numbers their spelling.
pub fn layout(json: &str, pretty: bool) -> String {
    let bytes = json.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len() + bytes.len() / 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let newline = |out: &mut Vec<u8>, depth: usize| {
        if pretty {
            out.push(b'\n');
            for _ in 0..depth {
                out.extend_from_slice(b"  ");
            }
        }
    };
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        i += 1;
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                in_string = false;
            }
            continue;
        }
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b'"' => {
                in_string = true;
                out.push(c);
            }
            b'{' | b'[' => {
                out.push(c);
                let close = if c == b'{' { b'}' } else { b']' };
                let mut next = i;
                while matches!(bytes.get(next), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                    next += 1;
                }
                // An empty object or array stays `{}` / `[]`, as serde_json writes it.
                if bytes.get(next) == Some(&close) {
                    out.push(close);
                    i = next + 1;
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            b',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            b':' => {
                out.push(c);
                if pretty {
                    out.push(b' ');
                }
            }
            _ => out.push(c),
        }
    }
    // Only ASCII whitespace outside strings was dropped, so the bytes are still UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::layout;

    #[test]
    fn pretty_is_what_serde_json_writes_and_compact_has_no_whitespace() {
        let value = serde_json::json!({
            "z": [1, -2.5e3, {"a": "b \"q\" {[,:]} \\", "empty": {}, "none": []}],
            "text": "caf\u{e9} \u{1F600} \n",
            "null": null,
            "t": true
        });
        let compact = serde_json::to_string(&value).unwrap();
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(layout(&compact, true), pretty);
        assert_eq!(layout(&pretty, false), compact);
        assert_eq!(layout(&pretty, true), pretty);
        assert_eq!(layout("[ ]", true), "[]");
        assert_eq!(
            layout("{\"a\":[ ],\"b\":{ }}", false),
            "{\"a\":[],\"b\":{}}"
        );
    }

    #[test]
    fn key_order_is_kept() {
        let text = r#"{"rule":"TS001","severity":"error","path":"a"}"#;
        assert_eq!(
            layout(text, true),
            "{\n  \"rule\": \"TS001\",\n  \"severity\": \"error\",\n  \"path\": \"a\"\n}"
        );
    }
}
