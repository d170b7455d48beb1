//! `ts_lint`: the linter over XML text, findings as JSON.

use super::boundary::{Failure, str_in};
use super::result::ts_result;
use super::string::ts_string;
use crate::lint::{self, Document, LintOptions};

/// Lints a task sequence given as XML text (any container `ts_sequence_from_xml` reads) and
/// writes the findings as JSON to `*out`:
/// `{"findings":[{"rule":"TS005","severity":"error","path":"Prepare/Upgrade assessment",
/// "message":"…","help":"…","line":12,"column":5}]}`, sorted by line and column; `severity` is
/// `"error"`, `"warning"` or `"info"`, and `line`/`column` point at the node's element in `xml`.
///
/// The text is taken rather than a `ts_sequence` because the positions come from it.
///
/// `options_json` (NULL with length 0 for the defaults) is
/// `{"packages":[{"id","name","type","architecture","language","model","size_mb"}…],
/// "site_version":2103,"allow":["TS038"],"deny":["condition-always-true"]}`, every field
/// optional; rules are named by id or name.
///
/// Returns `TS_RESULT_PARSE_ERROR` when the XML is not a task sequence (the last error has line and
/// column), `TS_RESULT_JSON_ERROR` when the options are not JSON of that shape,
/// `TS_RESULT_INVALID_ARGUMENT` when they name a rule that does not exist.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
///
/// `xml` must be NULL or point to `xml_len` readable bytes; `options_json` must be NULL or point
/// to `options_len` readable bytes; `out` must be NULL or point to writable memory for one
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_lint(
    xml: *const u8,
    xml_len: usize,
    options_json: *const u8,
    options_len: usize,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [], out out, {
        // SAFETY: the caller's promises about `xml` and `options_json`.
        let (text, options) = unsafe {
            (
                str_in(xml, xml_len, "xml")?,
                str_in(options_json, options_len, "options_json")?,
            )
        };
        let options = if options.trim().is_empty() {
            LintOptions::default()
        } else {
            LintOptions::from_json(options).map_err(|e| {
                Failure::new(ts_result::JsonError, format!("lint options: {e}"))
            })?
        };
        options
            .check_rules()
            .map_err(|e| Failure::new(ts_result::InvalidArgument, e.to_string()))?;
        let doc = Document::read(text.as_bytes())
            .map_err(|e| Failure::new(ts_result::ParseError, e.to_string()))?;
        Ok::<_, Failure>(ts_string::new(lint::findings_json(&lint::lint(&doc, &options))))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::ts_string_free;

    fn call(xml: &str, options: &str) -> (ts_result, Option<String>) {
        let mut out = std::ptr::null_mut();
        let r = unsafe {
            ts_lint(
                xml.as_ptr(),
                xml.len(),
                options.as_ptr(),
                options.len(),
                &mut out,
            )
        };
        if out.is_null() {
            return (r, None);
        }
        let text = unsafe { (*out).as_str().to_string() };
        unsafe { ts_string_free(out) };
        (r, Some(text))
    }

    #[test]
    fn findings_come_back_as_json() {
        let xml = "<sequence>\n  <step name=\"Old\" disable=\"true\"/>\n</sequence>";
        let (r, json) = call(xml, "");
        assert_eq!(r, ts_result::Ok);
        let json = json.unwrap();
        assert!(
            json.starts_with("{\"findings\":[{\"rule\":\"TS038\",\"severity\":\"info\""),
            "{json}"
        );
        assert!(json.contains("\"line\":2,\"column\":3"), "{json}");
        let (r, json) = call(xml, "{\"allow\":[\"disabled-step\"]}");
        assert_eq!(r, ts_result::Ok);
        assert_eq!(json.as_deref(), Some("{\"findings\":[]}"));
    }

    #[test]
    fn bad_input_is_reported_and_out_is_untouched() {
        assert_eq!(call("<nope/>", "").0, ts_result::ParseError);
        assert_eq!(call("<sequence/>", "{\"allow\":5}").0, ts_result::JsonError);
        assert_eq!(
            call("<sequence/>", "{\"deny\":[\"TS999\"]}").0,
            ts_result::InvalidArgument
        );
        let r = unsafe {
            ts_lint(
                std::ptr::null(),
                3,
                std::ptr::null(),
                0,
                &mut std::ptr::null_mut(),
            )
        };
        assert_eq!(r, ts_result::NullArgument);
        let r = unsafe {
            ts_lint(
                std::ptr::null(),
                0,
                std::ptr::null(),
                0,
                std::ptr::null_mut(),
            )
        };
        assert_eq!(r, ts_result::NullArgument);
    }
}
