//! Which text encoding a file is in. Task sequences are UTF-8 (ConfigMgr writes it, with or
//! without a byte-order mark), but Windows PowerShell 5.1's `Out-File` and many export scripts
//! write UTF-16 with a byte-order mark; those are read too. Anything else is refused with an error
//! that names the encoding found, rather than read as the wrong characters.

use std::borrow::Cow;

use super::error::{ReadError, ReadErrorKind};

/// The input as text: borrowed when it already is UTF-8 (a UTF-8 byte-order mark is left in place
/// and skipped by the reader), decoded from UTF-16 (little or big endian, with a byte-order mark,
/// or without one when the text starts with `<`). The UTF-8 check is the only pass over the
/// input before parsing.
pub(super) fn to_utf8(bytes: &[u8]) -> Result<Cow<'_, str>, ReadError> {
    let utf16 = match bytes {
        [0xFF, 0xFE, 0x00, 0x00, ..] | [0x00, 0x00, 0xFE, 0xFF, ..] => {
            return Err(refused(bytes, "utf-32"));
        }
        [0xFF, 0xFE, rest @ ..] => Some((rest, false)),
        [0xFE, 0xFF, rest @ ..] => Some((rest, true)),
        [b'<', 0x00, ..] => Some((bytes, false)),
        [0x00, b'<', ..] => Some((bytes, true)),
        _ => None,
    };
    let Some((body, big_endian)) = utf16 else {
        return match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Cow::Borrowed(text)),
            Err(err) => match declared_encoding(bytes) {
                Some(name) if !name.eq_ignore_ascii_case("utf-8") => Err(refused(bytes, &name)),
                _ => Err(ReadError::new(
                    ReadErrorKind::InvalidUtf8,
                    bytes,
                    err.valid_up_to(),
                )),
            },
        };
    };
    if body.len() % 2 != 0 {
        return Err(ReadError::new(
            ReadErrorKind::Encoding("utf-16 with an odd number of bytes".into()),
            bytes,
            bytes.len(),
        ));
    }
    let units = body.chunks_exact(2).map(|pair| match pair {
        [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
        [a, b] => u16::from_le_bytes([*a, *b]),
        _ => 0,
    });
    let mut text = String::with_capacity(body.len() / 2);
    for (i, unit) in char::decode_utf16(units).enumerate() {
        match unit {
            Ok(c) => text.push(c),
            Err(_) => {
                return Err(ReadError::new(
                    ReadErrorKind::Encoding(format!(
                        "utf-16 with an unpaired surrogate at code unit {i}"
                    )),
                    bytes,
                    (bytes.len() - body.len()) + 2 * i,
                ));
            }
        }
    }
    Ok(Cow::Owned(declare_utf8(text)))
}

/// The text is UTF-8 once decoded; a declaration saying `utf-16` would then be wrong when written.
fn declare_utf8(text: String) -> String {
    let Some(end) = text.starts_with("<?xml").then(|| text.find("?>")).flatten() else {
        return text;
    };
    let (decl, rest) = text.split_at(end);
    let fixed = decl
        .replace("\"utf-16\"", "\"utf-8\"")
        .replace("\"UTF-16\"", "\"utf-8\"")
        .replace("'utf-16'", "'utf-8'")
        .replace("'UTF-16'", "'utf-8'");
    fixed + rest
}

/// The `encoding="…"` of an XML declaration at the start of `bytes`, if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(200))?;
    let head = String::from_utf8_lossy(head);
    let decl = head.strip_prefix("<?xml")?.split("?>").next()?;
    let at = decl.find("encoding")?;
    let value = decl
        .get(at + 8..)?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = value.chars().next()?;
    let inner = value.get(1..)?;
    Some(inner.split(quote).next()?.to_string())
}

fn refused(bytes: &[u8], name: &str) -> ReadError {
    ReadError::new(
        ReadErrorKind::Encoding(format!(
            "the input is {name}; task sequences are read as utf-8 or utf-16"
        )),
        bytes,
        0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if big_endian {
                [0xFE, 0xFF]
            } else {
                [0xFF, 0xFE]
            });
        }
        for unit in text.encode_utf16() {
            out.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn utf16_in_every_byte_order_reads_as_the_utf8_text() {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?><sequence name=\"Café\"/>";
        for (be, bom) in [(false, true), (true, true), (false, false), (true, false)] {
            let input = utf16(xml, be, bom);
            let got = to_utf8(&input).unwrap();
            assert_eq!(
                &*got,
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><sequence name=\"Café\"/>"
            );
        }
        assert!(matches!(to_utf8(b"<sequence/>").unwrap(), Cow::Borrowed(_)));
    }

    #[test]
    fn other_encodings_are_named() {
        let latin1 =
            b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><sequence name=\"Caf\xe9\"/>";
        let err = to_utf8(latin1).unwrap_err();
        assert!(err.to_string().contains("windows-1252"), "{err}");
        let err = to_utf8(&[0xFF, 0xFE, 0, 0, b'<', 0, 0, 0]).unwrap_err();
        assert!(err.to_string().contains("utf-32"), "{err}");
        let mut odd = utf16("<a/>", false, true);
        odd.push(0);
        assert!(to_utf8(&odd).is_err());
    }
}
