//! Structural diffs and renders of sequences.

use super::boundary::{Failure, str_in};
use super::handle::handle_ref;
use super::result::ts_result;
use super::sequence::ts_sequence;
use super::string::ts_string;

/// Writes to `*out` the structural changes from `old` to `new` as JSON:
/// `{"changes":[{"kind","path","old_path","fields":[{"field","old","new"}]}]}`, `kind` one of
/// `added`, `removed`, `moved`, `renamed`, `changed`; `{"changes":[]}` when the sequences are
/// equal (their containers and formatting are not compared). Secret values read `********`.
///
/// Returns `TS_RESULT_NULL_ARGUMENT` when a pointer is NULL.
///
/// Thread safety: both sequences are only read; any number of threads may diff them at once.
///
/// # Safety
///
/// `old` and `new` must be NULL or live handles; `out` must be NULL or point to writable memory
/// for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_diff(
    old: *const ts_sequence,
    new: *const ts_sequence,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [old, new], out out, {
        // SAFETY: not NULL (checked by the boundary); the caller promises they are live.
        let (old, new) = unsafe { (handle_ref(old), handle_ref(new)) };
        let d = crate::diff::diff(&old.document().sequence, &new.document().sequence);
        Ok(ts_string::new(d.to_json()))
    })
}

/// Writes to `*out` the sequence rendered in `format` (UTF-8, `format_len` bytes): `tree` (the
/// outline of `tsq show`), `json` (the model), `markdown` (a documentation page), `mermaid` (a
/// flowchart) or `html` (one self-contained page). Secret values read `********` in every form
/// (`ts_sequence_to_json` with `reveal_secrets` gives them); control characters are escaped in
/// all but `json`.
///
/// Returns `TS_RESULT_INVALID_ARGUMENT` for another format (the last error names it),
/// `TS_RESULT_JSON_ERROR` if the model cannot be written as JSON, `TS_RESULT_NULL_ARGUMENT` and
/// `TS_RESULT_INVALID_UTF8`.
///
/// Thread safety: `seq` is only read; any number of threads may render it at once.
///
/// # Safety
///
/// `seq` must be NULL or a live handle; `format` must be NULL or point to `format_len` readable
/// bytes; `out` must be NULL or point to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_render(
    seq: *const ts_sequence,
    format: *const u8,
    format_len: usize,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [seq], out out, {
        // SAFETY: not NULL (checked by the boundary); the caller promises it is live.
        let seq = unsafe { handle_ref(seq) };
        // SAFETY: the caller's promise about the buffer and its length.
        let format = unsafe { str_in(format, format_len, "format")? };
        let doc = seq.document();
        let text = match format {
            "tree" => crate::render::printable(&crate::render::tree(doc)).into_owned(),
            // As `ts_sequence_to_json` without `reveal_secrets`: a render is for people to read.
            "json" => crate::redact::to_json(doc, crate::vars::Secrets::Redact).map_err(|e| {
                Failure::new(ts_result::JsonError, format!("cannot write json: {e}"))
            })?,
            "markdown" => crate::render::markdown(doc),
            "mermaid" => crate::render::mermaid(doc),
            "html" => crate::render::html(doc),
            other => {
                return Err(Failure::new(
                    ts_result::InvalidArgument,
                    format!("unknown render format `{other}`: expected tree, json, markdown, mermaid or html"),
                ));
            }
        };
        Ok(ts_string::new(text))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::error::take_last_error_for_test;
    use crate::ffi::sequence::{ts_sequence_free, ts_sequence_from_xml};
    use crate::ffi::string::ts_string_free;
    use std::ptr::{null, null_mut};

    fn load(xml: &str) -> *mut ts_sequence {
        let mut seq = null_mut();
        let r = unsafe { ts_sequence_from_xml(xml.as_ptr(), xml.len(), &mut seq) };
        assert_eq!(r, ts_result::Ok);
        seq
    }

    fn take(s: *mut ts_string) -> String {
        let text = unsafe { (*s).as_str().to_owned() };
        unsafe { ts_string_free(s) };
        text
    }

    #[test]
    fn diff_gives_the_json_of_the_core() {
        let a = load(r#"<sequence><step name="A" type="X"/></sequence>"#);
        let b = load(r#"<sequence><step name="A" type="X" disable="true"/></sequence>"#);
        let mut out = null_mut();
        assert_eq!(unsafe { ts_diff(a, b, &mut out) }, ts_result::Ok);
        assert_eq!(
            take(out),
            r#"{"changes":[{"kind":"changed","path":"A","old_path":null,"fields":[{"field":"disabled","old":"false","new":"true"}]}]}"#
        );
        let mut out = null_mut();
        assert_eq!(unsafe { ts_diff(a, a, &mut out) }, ts_result::Ok);
        assert_eq!(take(out), r#"{"changes":[]}"#);
        let mut untouched = null_mut();
        assert_eq!(
            unsafe { ts_diff(a, null(), &mut untouched) },
            ts_result::NullArgument
        );
        assert!(untouched.is_null());
        unsafe {
            ts_sequence_free(a);
            ts_sequence_free(b);
        }
    }

    #[test]
    fn every_render_hides_secrets() {
        let seq = load(
            r#"<sequence><step name="Key" type="SMS_TaskSequence_SetVariableAction"><defaultVarList><variable name="VariableName" property="VariableName">OSDProductKey</variable><variable name="VariableValue" property="VariableValue">AAAAA-BBBBB</variable></defaultVarList></step></sequence>"#,
        );
        for format in ["tree", "json", "markdown", "mermaid", "html"] {
            let mut out = null_mut();
            let r = unsafe { ts_render(seq, format.as_ptr(), format.len(), &mut out) };
            assert_eq!(r, ts_result::Ok, "{format}");
            let text = take(out);
            assert!(!text.contains("AAAAA"), "{format}: {text}");
        }
        unsafe { ts_sequence_free(seq) };
    }

    #[test]
    fn render_formats_and_refuses_unknown_ones() {
        let seq = load(r#"<sequence><group name="G"><step name="S" type="X"/></group></sequence>"#);
        for (format, needle) in [
            ("tree", "+ G"),
            ("json", "\"children\""),
            ("markdown", "## G"),
            ("mermaid", "flowchart TD"),
            ("html", "<summary>G"),
        ] {
            let mut out = null_mut();
            let r = unsafe { ts_render(seq, format.as_ptr(), format.len(), &mut out) };
            assert_eq!(r, ts_result::Ok, "{format}");
            let text = take(out);
            assert!(text.contains(needle), "{format}: {text}");
        }
        let mut out = null_mut();
        let r = unsafe { ts_render(seq, b"pdf".as_ptr(), 3, &mut out) };
        assert_eq!(r, ts_result::InvalidArgument);
        assert!(out.is_null());
        assert!(take_last_error_for_test().contains("`pdf`"));
        let r = unsafe { ts_render(seq, [0xffu8].as_ptr(), 1, &mut out) };
        assert_eq!(r, ts_result::InvalidUtf8);
        unsafe { ts_sequence_free(seq) };
    }
}
