//! Escaping for the writer. Characters an XML parser would normalize away (CR in text; tab, CR and
//! LF in attributes) are written as character references so they survive a round trip.

/// Copies `s` to `out`, replacing the bytes `replacement` names. Every replaced byte is ASCII, so
/// slicing between them stays on character boundaries.
fn escape_with(out: &mut String, s: &str, replacement: fn(u8) -> Option<&'static str>) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(rep) = replacement(b) {
            out.push_str(s.get(last..i).unwrap_or_default());
            out.push_str(rep);
            last = i + 1;
        }
    }
    out.push_str(s.get(last..).unwrap_or_default());
}

pub(super) fn text(out: &mut String, s: &str) {
    escape_with(out, s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'\r' => Some("&#xD;"),
        _ => None,
    });
}

pub(super) fn attribute(out: &mut String, s: &str) {
    escape_with(out, s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\t' => Some("&#x9;"),
        b'\n' => Some("&#xA;"),
        b'\r' => Some("&#xD;"),
        _ => None,
    });
}

pub(super) fn cdata(out: &mut String, s: &str) {
    out.push_str("<![CDATA[");
    out.push_str(&s.replace("]]>", "]]]]><![CDATA[>"));
    out.push_str("]]>");
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_what_a_parser_would_change() {
        let mut out = String::new();
        super::text(&mut out, "a<b>&c\r\nd");
        assert_eq!(out, "a&lt;b&gt;&amp;c&#xD;\nd");
        let mut out = String::new();
        super::attribute(&mut out, "\"x\"\r\n\ty");
        assert_eq!(out, "&quot;x&quot;&#xD;&#xA;&#x9;y");
    }
}
