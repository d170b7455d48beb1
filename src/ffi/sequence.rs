//! `ts_sequence`: a parsed task sequence and its flattened node list.

use super::boundary::{Failure, str_in};
use super::handle::{free, handle_ref};
use super::result::ts_result;
use super::string::ts_string;
use crate::model::NodeKind;
use crate::xml::{self, Document};

/// A parsed task sequence (any of the three XML containers), with its groups and steps flattened
/// in document order.
///
/// Created by `ts_sequence_from_xml`, released by `ts_sequence_free`.
///
/// Thread safety: immutable after creation. Any number of threads may call any function on the
/// same `ts_sequence` at the same time; `ts_sequence_free` must not run while another thread
/// still uses it.
pub struct ts_sequence {
    document: Document,
    nodes: Box<[NodeEntry]>,
}

impl super::handle::Handle for ts_sequence {}

/// What a node of a sequence is.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ts_node_kind {
    /// A `<group>`.
    Group = 0,
    /// A `<step>`.
    Step = 1,
    /// A `<subtasksequence>` (the Run Task Sequence step).
    SubTaskSequence = 2,
}

// Computed once at creation so that walking from C is an index lookup, not a tree walk per call.
struct NodeEntry {
    kind: ts_node_kind,
    depth: usize,
    disabled: bool,
    name: Box<str>,
    type_name: Box<str>,
    // Indices, not text: a path's text grows with depth × name length, so it is built when asked.
    path: crate::model::NodePath,
}

impl ts_sequence {
    pub(crate) fn new(document: Document) -> ts_sequence {
        let nodes = document
            .sequence
            .walk()
            .into_iter()
            .filter_map(|visit| {
                let kind = match visit.node.kind() {
                    NodeKind::Group => ts_node_kind::Group,
                    NodeKind::Step => ts_node_kind::Step,
                    NodeKind::SubTaskSequence => ts_node_kind::SubTaskSequence,
                    // Verbatim content is not a node of the sequence for C callers (the walk
                    // does not yield it either).
                    NodeKind::Raw => return None,
                };
                Some(NodeEntry {
                    kind,
                    depth: visit.depth,
                    disabled: visit.node.is_disabled(),
                    name: visit.node.name().into(),
                    type_name: visit.node.type_name().unwrap_or_default().into(),
                    path: visit.path.clone(),
                })
            })
            .collect();
        ts_sequence { document, nodes }
    }

    /// The document this handle holds.
    pub fn document(&self) -> &Document {
        &self.document
    }

    fn node(&self, index: usize) -> Result<&NodeEntry, Failure> {
        self.nodes.get(index).ok_or_else(|| {
            Failure::new(
                ts_result::OutOfRange,
                format!(
                    "node index `{index}` is out of range: the sequence has {} nodes",
                    self.nodes.len()
                ),
            )
        })
    }
}

/// Reads a task sequence from XML text: an MDT `ts.xml`, a ConfigMgr `object.xml` export, or a
/// raw ConfigMgr `<sequence>`.
///
/// `xml` points to `xml_len` bytes of UTF-8 (no NUL terminator needed; NULL with length 0 is the
/// empty string). On success writes a new handle to `*out`, which the caller frees with
/// `ts_sequence_free`. The bytes are copied as needed; the library keeps no pointer to them.
///
/// Returns `TS_RESULT_NULL_ARGUMENT` (NULL `out`, or NULL `xml` with a non-zero length),
/// `TS_RESULT_INVALID_UTF8`, or `TS_RESULT_PARSE_ERROR` when the text is not a task sequence;
/// the last error then says why, with line and column.
///
/// # Safety
///
/// `xml` must be NULL or point to `xml_len` readable bytes; `out` must be NULL or point to
/// writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_sequence_from_xml(
    xml: *const u8,
    xml_len: usize,
    out: *mut *mut ts_sequence,
) -> ts_result {
    ffi_boundary!(check [], out out, {
        // SAFETY: the caller's promise about `xml` and `xml_len`.
        let text = unsafe { str_in(xml, xml_len, "xml")? };
        xml::read(text.as_bytes())
            .map(|document| Box::new(ts_sequence::new(document)))
            .map_err(|e| Failure::new(ts_result::ParseError, e.to_string()))
    })
}

/// Frees a sequence. `ts_sequence_free(NULL)` does nothing.
///
/// Strings obtained from the sequence are separate allocations and stay valid.
///
/// Thread safety: no other thread may be using `seq`.
///
/// # Safety
///
/// `seq` must be NULL or a handle from `ts_sequence_from_xml` not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_sequence_free(seq: *mut ts_sequence) {
    ffi_boundary!(default (), check [], {
        // SAFETY: the caller hands back a handle of this library, or NULL.
        unsafe { free(seq) };
    })
}

/// Writes the sequence as XML to `*out`, in the container it was read from (an `object.xml`
/// stays an `object.xml`).
///
/// # Safety
///
/// `seq` must be NULL or a live handle; `out` must be NULL or point to writable memory for one
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_sequence_to_xml(
    seq: *const ts_sequence,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [seq], out out, {
        // SAFETY: not NULL (checked by the boundary); the caller promises it is live.
        let seq = unsafe { handle_ref(seq) };
        Ok(ts_string::new(seq.document.to_xml()))
    })
}

/// Writes the sequence as JSON to `*out`, in the library's documented JSON shape. Secret values
/// (known secret names such as `*Password*` and product keys, "do not display" Set Variable
/// values, `IsSecret` rule values) are `"********"` unless `reveal_secrets` is true, which gives
/// the lossless dump (from which `Document::from_json` gets the document back exactly).
///
/// Returns `TS_RESULT_JSON_ERROR` if the document cannot be serialized.
///
/// # Safety
///
/// As for `ts_sequence_to_xml`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_sequence_to_json(
    seq: *const ts_sequence,
    reveal_secrets: bool,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [seq], out out, {
        // SAFETY: as in `ts_sequence_to_xml`.
        let seq = unsafe { handle_ref(seq) };
        let secrets = if reveal_secrets {
            crate::vars::Secrets::Reveal
        } else {
            crate::vars::Secrets::Redact
        };
        crate::redact::to_json(&seq.document, secrets)
            .map(ts_string::new)
            .map_err(|e| Failure::new(ts_result::JsonError, format!("cannot write json: {e}")))
    })
}

/// Writes the number of nodes (groups, steps and sub-task-sequences at every depth) to `*out`.
///
/// Nodes are numbered 0 to count-1 in document order, depth first: a group comes right before
/// its children. The `ts_sequence_node_*` functions take such an index.
///
/// # Safety
///
/// `seq` must be NULL or a live handle; `out` must be NULL or point to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_sequence_node_count(
    seq: *const ts_sequence,
    out: *mut usize,
) -> ts_result {
    ffi_boundary!(check [seq], out out, {
        // SAFETY: as in `ts_sequence_to_xml`.
        let seq = unsafe { handle_ref(seq) };
        Ok(seq.nodes.len())
    })
}

/// Writes what node `index` is to `*out`.
///
/// Returns `TS_RESULT_OUT_OF_RANGE` when `index` is not below the node count.
///
/// # Safety
///
/// `seq` must be NULL or a live handle; `out` must be NULL or point to a writable
/// `ts_node_kind`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_sequence_node_kind(
    seq: *const ts_sequence,
    index: usize,
    out: *mut ts_node_kind,
) -> ts_result {
    ffi_boundary!(check [seq], out out, {
        // SAFETY: as in `ts_sequence_to_xml`.
        let seq = unsafe { handle_ref(seq) };
        Ok(seq.node(index)?.kind)
    })
}

/// Writes the depth of node `index` to `*out`: 0 for a node directly under the sequence, 1 for
/// a child of a top-level group, and so on.
///
/// Returns `TS_RESULT_OUT_OF_RANGE` when `index` is not below the node count.
///
/// # Safety
///
/// `seq` must be NULL or a live handle; `out` must be NULL or point to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_sequence_node_depth(
    seq: *const ts_sequence,
    index: usize,
    out: *mut usize,
) -> ts_result {
    ffi_boundary!(check [seq], out out, {
        // SAFETY: as in `ts_sequence_to_xml`.
        let seq = unsafe { handle_ref(seq) };
        Ok(seq.node(index)?.depth)
    })
}

/// Writes whether node `index` itself is disabled (`disable="true"`) to `*out`.
///
/// A node whose own flag is false still does not run when an ancestor group is disabled; walk
/// the depths to find out.
///
/// Returns `TS_RESULT_OUT_OF_RANGE` when `index` is not below the node count.
///
/// # Safety
///
/// `seq` must be NULL or a live handle; `out` must be NULL or point to a writable `bool`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_sequence_node_disabled(
    seq: *const ts_sequence,
    index: usize,
    out: *mut bool,
) -> ts_result {
    ffi_boundary!(check [seq], out out, {
        // SAFETY: as in `ts_sequence_to_xml`.
        let seq = unsafe { handle_ref(seq) };
        Ok(seq.node(index)?.disabled)
    })
}

/// Writes the name of node `index` to `*out`, exactly as in the XML (trailing spaces kept).
///
/// Returns `TS_RESULT_OUT_OF_RANGE` when `index` is not below the node count.
///
/// # Safety
///
/// `seq` must be NULL or a live handle; `out` must be NULL or point to writable memory for one
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_sequence_node_name(
    seq: *const ts_sequence,
    index: usize,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [seq], out out, {
        // SAFETY: as in `ts_sequence_to_xml`.
        let seq = unsafe { handle_ref(seq) };
        Ok(ts_string::new(&*seq.node(index)?.name))
    })
}

/// Writes the step type of node `index` to `*out`, e.g. `"SMS_TaskSequence_RunCommandLineAction"`;
/// the empty string for groups and for MDT steps without a `type` attribute.
///
/// Returns `TS_RESULT_OUT_OF_RANGE` when `index` is not below the node count.
///
/// # Safety
///
/// As for `ts_sequence_node_name`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_sequence_node_type(
    seq: *const ts_sequence,
    index: usize,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [seq], out out, {
        // SAFETY: as in `ts_sequence_to_xml`.
        let seq = unsafe { handle_ref(seq) };
        Ok(ts_string::new(&*seq.node(index)?.type_name))
    })
}

/// Writes the path of node `index` to `*out`: the names from the top-level group down to the
/// node, the same path the rest of the library (simulation traces, outcomes) uses.
///
/// Returns `TS_RESULT_OUT_OF_RANGE` when `index` is not below the node count.
///
/// # Safety
///
/// As for `ts_sequence_node_name`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_sequence_node_path(
    seq: *const ts_sequence,
    index: usize,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [seq], out out, {
        // SAFETY: as in `ts_sequence_to_xml`.
        let seq = unsafe { handle_ref(seq) };
        let path = &seq.node(index)?.path;
        Ok(ts_string::new(seq.document.sequence.path_text(path)))
    })
}

/// Writes the number of warnings the reader recorded to `*out`: things it tolerated and went on
/// from (for example a comment before the XML declaration).
///
/// # Safety
///
/// `seq` must be NULL or a live handle; `out` must be NULL or point to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_sequence_warning_count(
    seq: *const ts_sequence,
    out: *mut usize,
) -> ts_result {
    ffi_boundary!(check [seq], out out, {
        // SAFETY: as in `ts_sequence_to_xml`.
        let seq = unsafe { handle_ref(seq) };
        Ok(seq.document.warnings.len())
    })
}

/// Writes warning `index` to `*out`: what was tolerated, with line and column.
///
/// Returns `TS_RESULT_OUT_OF_RANGE` when `index` is not below the warning count.
///
/// # Safety
///
/// As for `ts_sequence_node_name`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_sequence_warning(
    seq: *const ts_sequence,
    index: usize,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [seq], out out, {
        // SAFETY: as in `ts_sequence_to_xml`.
        let seq = unsafe { handle_ref(seq) };
        let warnings = &seq.document.warnings;
        warnings
            .get(index)
            .map(|warning| ts_string::new(warning.to_string()))
            .ok_or_else(|| {
                Failure::new(
                    ts_result::OutOfRange,
                    format!(
                        "warning index `{index}` is out of range: the sequence has {} warnings",
                        warnings.len()
                    ),
                )
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::error::take_last_error_for_test;
    use crate::ffi::string::ts_string_free;
    use std::ptr::{null, null_mut};

    const SMALL: &str = r#"<sequence version="3.10">
  <group name="Prepare" description="">
    <step type="SMS_TaskSequence_RunCommandLineAction" name="Hello" description="" disable="true"><action>cmd /c exit 0</action></step>
    <group name="Inner" description=""/>
  </group>
  <subtasksequence type="SMS_TaskSequence_SubTasksequence" name="Child" description=""><action>SubTasksequence.exe</action></subtasksequence>
  <step name="Untyped" description=""><action>cscript.exe x.wsf</action></step>
</sequence>"#;

    fn load(xml: &str) -> *mut ts_sequence {
        let mut seq = null_mut();
        let result = unsafe { ts_sequence_from_xml(xml.as_ptr(), xml.len(), &mut seq) };
        assert_eq!(result, ts_result::Ok, "{}", take_last_error_for_test());
        assert!(!seq.is_null());
        seq
    }

    fn take(s: *mut ts_string) -> String {
        let text = unsafe { (*s).as_str().to_owned() };
        unsafe { ts_string_free(s) };
        text
    }

    fn text_of(
        f: unsafe extern "C" fn(*const ts_sequence, usize, *mut *mut ts_string) -> ts_result,
        seq: *const ts_sequence,
        index: usize,
    ) -> String {
        let mut out = null_mut();
        assert_eq!(unsafe { f(seq, index, &mut out) }, ts_result::Ok);
        take(out)
    }

    #[test]
    fn walks_every_node_in_document_order() {
        let seq = load(SMALL);
        let mut count = 0;
        assert_eq!(
            unsafe { ts_sequence_node_count(seq, &mut count) },
            ts_result::Ok
        );
        assert_eq!(count, 5);

        let mut rows = Vec::new();
        for i in 0..count {
            let mut kind = ts_node_kind::Group;
            let mut depth = 0;
            let mut disabled = false;
            unsafe {
                assert_eq!(ts_sequence_node_kind(seq, i, &mut kind), ts_result::Ok);
                assert_eq!(ts_sequence_node_depth(seq, i, &mut depth), ts_result::Ok);
                assert_eq!(
                    ts_sequence_node_disabled(seq, i, &mut disabled),
                    ts_result::Ok
                );
            }
            rows.push((
                kind,
                depth,
                disabled,
                text_of(ts_sequence_node_name, seq, i),
                text_of(ts_sequence_node_type, seq, i),
                text_of(ts_sequence_node_path, seq, i),
            ));
        }
        let expected = [
            (ts_node_kind::Group, 0, false, "Prepare", "", "Prepare"),
            (
                ts_node_kind::Step,
                1,
                true,
                "Hello",
                "SMS_TaskSequence_RunCommandLineAction",
                "Prepare/Hello",
            ),
            (ts_node_kind::Group, 1, false, "Inner", "", "Prepare/Inner"),
            (
                ts_node_kind::SubTaskSequence,
                0,
                false,
                "Child",
                "SMS_TaskSequence_SubTasksequence",
                "Child",
            ),
            (ts_node_kind::Step, 0, false, "Untyped", "", "Untyped"),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|(k, d, x, n, t, p)| (*k, *d, *x, n.to_string(), t.to_string(), p.to_string()))
            .collect();
        assert_eq!(rows, expected);
        unsafe { ts_sequence_free(seq) };
    }

    #[test]
    fn writes_xml_that_reads_back_the_same() {
        let seq = load(SMALL);
        let mut xml = null_mut();
        assert_eq!(unsafe { ts_sequence_to_xml(seq, &mut xml) }, ts_result::Ok);
        let xml = take(xml);
        let again = load(&xml);
        assert_eq!(unsafe { (*again).document() }, unsafe { (*seq).document() });
        unsafe {
            ts_sequence_free(again);
            ts_sequence_free(seq);
        }
    }

    #[test]
    fn writes_json() {
        let seq = load(SMALL);
        let mut json = null_mut();
        assert_eq!(
            unsafe { ts_sequence_to_json(seq, false, &mut json) },
            ts_result::Ok
        );
        let json = take(json);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(value.is_object());
        assert!(json.contains("\"Hello\""));
        unsafe { ts_sequence_free(seq) };
    }

    #[test]
    fn json_redacts_secrets_unless_revealed() {
        let xml = r#"<sequence><step name="Join" type="SMS_TaskSequence_JoinDomainWorkgroupAction"><defaultVarList><variable name="OSDJoinPassword" property="DomainPassword" hidden="true">p4ss</variable><variable name="OSDJoinDomainName" property="DomainName">corp.example</variable></defaultVarList></step></sequence>"#;
        let seq = load(xml);
        let json_of = |reveal: bool| {
            let mut json = null_mut();
            assert_eq!(
                unsafe { ts_sequence_to_json(seq, reveal, &mut json) },
                ts_result::Ok
            );
            take(json)
        };
        let redacted = json_of(false);
        assert!(!redacted.contains("p4ss"), "{redacted}");
        assert!(redacted.contains("\"********\"") && redacted.contains("corp.example"));
        let revealed = json_of(true);
        let doc = crate::xml::Document::from_json(&revealed).unwrap();
        assert_eq!(&doc, unsafe { (*seq).document() }, "the lossless dump");
        unsafe { ts_sequence_free(seq) };
    }

    #[test]
    fn parse_errors_carry_line_and_column() {
        let bad = "<sequence version=\"3.10\">\n  <group name=\"a\">\n</sequence>";
        let sentinel = std::ptr::dangling_mut::<ts_sequence>();
        let mut seq = sentinel;
        let result = unsafe { ts_sequence_from_xml(bad.as_ptr(), bad.len(), &mut seq) };
        assert_eq!(result, ts_result::ParseError);
        assert_eq!(seq, sentinel, "out-parameter untouched on failure");
        let message = take_last_error_for_test();
        assert!(message.contains("line 3"), "{message}");
        assert!(message.contains("column"), "{message}");
    }

    #[test]
    fn argument_errors() {
        let mut seq = null_mut();
        let bad = b"<sequence version=\"3.10\"><group name=\"\xff\"/></sequence>";
        unsafe {
            assert_eq!(
                ts_sequence_from_xml(bad.as_ptr(), bad.len(), &mut seq),
                ts_result::InvalidUtf8
            );
            assert_eq!(
                ts_sequence_from_xml(null(), 3, &mut seq),
                ts_result::NullArgument
            );
            assert_eq!(
                ts_sequence_from_xml(null(), 0, &mut seq),
                ts_result::ParseError
            );
            assert_eq!(
                ts_sequence_from_xml(SMALL.as_ptr(), SMALL.len(), null_mut()),
                ts_result::NullArgument
            );
            assert!(seq.is_null());

            let mut out = null_mut();
            assert_eq!(
                ts_sequence_to_xml(null(), &mut out),
                ts_result::NullArgument
            );
            assert_eq!(
                take_last_error_for_test(),
                "argument `seq` must not be null"
            );
            assert_eq!(
                ts_sequence_to_json(null(), false, &mut out),
                ts_result::NullArgument
            );
            assert!(out.is_null());
            ts_sequence_free(null_mut());
        }
    }

    #[test]
    fn indexes_past_the_end() {
        let seq = load(SMALL);
        let mut name = null_mut();
        let mut depth = 99;
        unsafe {
            assert_eq!(
                ts_sequence_node_name(seq, 5, &mut name),
                ts_result::OutOfRange
            );
            assert_eq!(
                take_last_error_for_test(),
                "node index `5` is out of range: the sequence has 5 nodes"
            );
            assert_eq!(
                ts_sequence_node_depth(seq, usize::MAX, &mut depth),
                ts_result::OutOfRange
            );
            assert_eq!(
                ts_sequence_warning(seq, 0, &mut name),
                ts_result::OutOfRange
            );
            assert!(name.is_null());
            assert_eq!(depth, 99);
            ts_sequence_free(seq);
        }
    }

    #[test]
    fn warnings_are_listed() {
        let seq = load(
            "<!-- exported by hand -->\n<?xml version=\"1.0\"?>\n<sequence version=\"3.00\"/>",
        );
        let mut count = 0;
        assert_eq!(
            unsafe { ts_sequence_warning_count(seq, &mut count) },
            ts_result::Ok
        );
        assert!(count >= 1);
        let warning = text_of(ts_sequence_warning, seq, 0);
        assert!(warning.contains("line"), "{warning}");
        unsafe { ts_sequence_free(seq) };
    }

    #[test]
    fn one_handle_many_threads() {
        struct Shared(*const ts_sequence);
        // SAFETY: `ts_sequence` is `Send + Sync`; this only carries the pointer across.
        unsafe impl Send for Shared {}
        unsafe impl Sync for Shared {}

        let seq = load(SMALL);
        let shared = std::sync::Arc::new(Shared(seq));
        let threads: Vec<_> = (0..3)
            .map(|_| {
                let shared = std::sync::Arc::clone(&shared);
                std::thread::spawn(move || {
                    let shared = &*shared;
                    text_of(ts_sequence_node_path, shared.0, 1)
                })
            })
            .collect();
        for thread in threads {
            assert_eq!(thread.join().unwrap(), "Prepare/Hello");
        }
        unsafe { ts_sequence_free(seq) };
    }
}
