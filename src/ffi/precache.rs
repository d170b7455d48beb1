//! Pre-cache plans and the in-place upgrade template.

use super::boundary::{Failure, str_in};
use super::machine::ts_machine;
use super::result::ts_result;
use super::sequence::ts_sequence;
use super::string::ts_string;
use crate::precache::{Catalog, PlanOptions, Planner};
use crate::template::UpgradeTemplate;

/// Writes the pre-cache plan of `seq` for `machine` to `*out`, as JSON: which referenced
/// packages the client downloads before the user starts the task sequence, which it skips, each
/// with its reason, when the download starts, the megabytes, and warnings when the Upgrade
/// Operating System step that runs on the machine uses a package the client does not pre-cache.
///
/// `catalog` is the package catalog's JSON (`catalog_len` bytes): an array of `{"id", "name",
/// "type": "os_upgrade" | "os_image" | "driver" | "package" | "boot_image", "architecture",
/// "language", "model", "size_mb"}`, the last four optional. `options` is `{"site_version": 2103,
/// "deployment": {"purpose": "available" | "required", "pre_download": true, "available_time":
/// "…", "now": "…"}}`, every field optional; NULL with length 0 (or `{}`) is the default: current
/// site rules, an available deployment with pre-download on, available now.
///
/// The plan's shape: `{"download": [{"id", "name", "type", "reason"}], "skip": […], "start":
/// {"when": "now" | "at" | "never", "time", "reason"}, "total_mb", "warnings": [{"kind",
/// "package", "step", "message"}]}`.
///
/// Returns `TS_RESULT_JSON_ERROR` when the catalog or the options do not fit their schema; the
/// last error names the field (`catalog: `[2].language`: unknown language `xx-YY` …`). Also
/// `TS_RESULT_NULL_ARGUMENT` and `TS_RESULT_INVALID_UTF8`.
///
/// Thread safety: `seq` and `machine` are only read; any number of threads may plan with the
/// same handles at once.
///
/// # Safety
///
/// `seq` and `machine` must be NULL or live handles; `catalog` and `options` must be NULL or
/// point to their lengths in readable bytes; `out` must be NULL or point to writable memory for
/// one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_precache_plan(
    seq: *const ts_sequence,
    machine: *const ts_machine,
    catalog: *const u8,
    catalog_len: usize,
    options: *const u8,
    options_len: usize,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [seq, machine], out out, {
        // SAFETY: not NULL (checked by the boundary); the caller promises they are live.
        let (seq, machine) = unsafe { (&*seq, &*machine) };
        // SAFETY: the caller's promises about the buffers and their lengths.
        let catalog_text = unsafe { str_in(catalog, catalog_len, "catalog")? };
        let options_text = unsafe { str_in(options, options_len, "options")? };
        let catalog = Catalog::from_json(catalog_text)
            .map_err(|e| Failure::new(ts_result::JsonError, format!("catalog: {e}")))?;
        let options = PlanOptions::from_json(options_text)
            .map_err(|e| Failure::new(ts_result::JsonError, format!("options: {e}")))?;
        let plan = Planner::for_document(seq.document(), &catalog, options)
            .plan_for(&machine.profile);
        Ok(ts_string::new(plan.to_json()))
    })
}

/// Writes to `*out` a new sequence made as the console's "Upgrade an operating system from an
/// upgrade package" wizard makes it, from the wizard's choices as JSON (`options_len` bytes):
/// `{"package": "OPC005ED"}` and, all optional, `"name"`, `"description"`, `"edition_index"`,
/// `"product_key"` (five groups of five letters or digits separated by `-`),
/// `"ignore_compat_messages"`, `"updates"` (`"none"`, `"required"`, `"all"`), `"applications"`
/// (an array of names), `"continue_on_app_failure"`, `"recommended"`, `"architecture"` (`"x64"`,
/// `"x86"`). The caller frees the sequence with `ts_sequence_free`; `ts_sequence_to_xml` writes
/// it (a raw `<sequence>`, or an `object.xml` when a name or description is given).
///
/// Returns `TS_RESULT_JSON_ERROR` when the JSON does not fit (the last error names the field)
/// and `TS_RESULT_INVALID_ARGUMENT` when a choice is refused (a product key of four groups, a
/// malformed package ID; the last error says what is wrong). Also `TS_RESULT_NULL_ARGUMENT` and
/// `TS_RESULT_INVALID_UTF8`.
///
/// # Safety
///
/// `options` must be NULL or point to `options_len` readable bytes; `out` must be NULL or point
/// to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_template_upgrade(
    options: *const u8,
    options_len: usize,
    out: *mut *mut ts_sequence,
) -> ts_result {
    ffi_boundary!(check [], out out, {
        // SAFETY: the caller's promise about `options` and `options_len`.
        let text = unsafe { str_in(options, options_len, "options")? };
        let template = UpgradeTemplate::from_json(text).map_err(|e| {
            let code = match e {
                crate::template::TemplateError::Json { .. } => ts_result::JsonError,
                _ => ts_result::InvalidArgument,
            };
            Failure::new(code, e.to_string())
        })?;
        Ok(Box::new(ts_sequence::new(template.build())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::error::take_last_error_for_test;
    use crate::ffi::machine::{ts_machine_free, ts_machine_from_json};
    use crate::ffi::sequence::{ts_sequence_free, ts_sequence_node_count, ts_sequence_to_xml};
    use crate::ffi::string::ts_string_free;
    use std::ptr::{null, null_mut};

    const MACHINE: &str = r#"{"wmi":{"root\\cimv2":{"Win32_OperatingSystem":[{"OSArchitecture":"64-bit","OSLanguage":1033}],"Win32_ComputerSystemProduct":[{"Name":"Latitude 7490"}]}}}"#;
    const CATALOG: &str = r#"[{"id":"OPC005ED","name":"Windows 11 x64 de-DE","type":"os_upgrade","architecture":"x64","language":"de-DE","size_mb":4700}]"#;

    fn take(s: *mut ts_string) -> String {
        let text = unsafe { (*s).as_str().to_owned() };
        unsafe { ts_string_free(s) };
        text
    }

    fn template(json: &str) -> (ts_result, *mut ts_sequence) {
        let mut seq = null_mut();
        let r = unsafe { ts_template_upgrade(json.as_ptr(), json.len(), &mut seq) };
        (r, seq)
    }

    #[test]
    fn plans_the_template_for_a_machine() {
        let (r, seq) = template(r#"{"package":"OPC005ED"}"#);
        assert_eq!(r, ts_result::Ok, "{}", take_last_error_for_test());
        let mut machine = null_mut();
        let r = unsafe { ts_machine_from_json(MACHINE.as_ptr(), MACHINE.len(), &mut machine) };
        assert_eq!(r, ts_result::Ok);
        let mut out = null_mut();
        let r = unsafe {
            ts_precache_plan(
                seq,
                machine,
                CATALOG.as_ptr(),
                CATALOG.len(),
                null(),
                0,
                &mut out,
            )
        };
        assert_eq!(r, ts_result::Ok, "{}", take_last_error_for_test());
        let plan: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
        assert_eq!(
            plan["skip"][0]["reason"],
            "language 1031 (de-DE) ≠ client 1033 (en-US)"
        );
        assert_eq!(plan["warnings"][0]["kind"], "not_cached");
        let options = r#"{"deployment":{"purpose":"required","pre_download":true}}"#;
        let r = unsafe {
            ts_precache_plan(
                seq,
                machine,
                CATALOG.as_ptr(),
                CATALOG.len(),
                options.as_ptr(),
                options.len(),
                &mut out,
            )
        };
        assert_eq!(r, ts_result::Ok);
        let plan: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
        assert_eq!(
            plan["start"]["reason"],
            "available deployments only: this one is required"
        );
        unsafe {
            ts_machine_free(machine);
            ts_sequence_free(seq);
        }
    }

    #[test]
    fn bad_json_names_the_field_and_leaves_out_alone() {
        let (_, seq) = template(r#"{"package":"OPC005ED"}"#);
        let mut machine = null_mut();
        unsafe { ts_machine_from_json(MACHINE.as_ptr(), MACHINE.len(), &mut machine) };
        let sentinel = std::ptr::dangling_mut::<ts_string>();
        let mut out = sentinel;
        let bad = r#"[{"id":"A","name":"a","type":"os_upgrade","language":"xx-YY"}]"#;
        let r =
            unsafe { ts_precache_plan(seq, machine, bad.as_ptr(), bad.len(), null(), 0, &mut out) };
        assert_eq!(r, ts_result::JsonError);
        assert_eq!(out, sentinel);
        assert!(
            take_last_error_for_test()
                .starts_with("catalog: `[0].language`: unknown language `xx-YY`")
        );
        let options = r#"{"site_version":1913}"#;
        let r = unsafe {
            ts_precache_plan(
                seq,
                machine,
                CATALOG.as_ptr(),
                CATALOG.len(),
                options.as_ptr(),
                options.len(),
                &mut out,
            )
        };
        assert_eq!(r, ts_result::JsonError);
        assert!(take_last_error_for_test().starts_with("options: `site_version`"));
        let r = unsafe { ts_precache_plan(null(), machine, null(), 0, null(), 0, &mut out) };
        assert_eq!(r, ts_result::NullArgument);
        let r = unsafe { ts_precache_plan(seq, null(), null(), 0, null(), 0, &mut out) };
        assert_eq!(r, ts_result::NullArgument);
        assert_eq!(out, sentinel);
        unsafe {
            ts_machine_free(machine);
            ts_sequence_free(seq);
        }
    }

    #[test]
    fn template_choices_and_refusals() {
        let (r, seq) = template(r#"{"package":"OPC005ED","recommended":true,"updates":"all"}"#);
        assert_eq!(r, ts_result::Ok);
        let mut count = 0;
        assert_eq!(
            unsafe { ts_sequence_node_count(seq, &mut count) },
            ts_result::Ok
        );
        let (_, plain) = template(r#"{"package":"OPC005ED"}"#);
        let mut plain_count = 0;
        assert_eq!(
            unsafe { ts_sequence_node_count(plain, &mut plain_count) },
            ts_result::Ok
        );
        assert_eq!(plain_count, 19, "the wizard's groups and steps");
        assert_eq!(
            count,
            plain_count + 3,
            "scan, its check, and Install Updates"
        );
        unsafe { ts_sequence_free(plain) };
        let mut xml = null_mut();
        assert_eq!(unsafe { ts_sequence_to_xml(seq, &mut xml) }, ts_result::Ok);
        assert!(take(xml).contains("TSInstallSWUpdate.exe"));
        unsafe { ts_sequence_free(seq) };

        let (r, seq) = template(r#"{"package":"OPC005ED","product_key":"AAAAA-BBBBB"}"#);
        assert_eq!(r, ts_result::InvalidArgument);
        assert!(seq.is_null());
        assert!(take_last_error_for_test().starts_with("product key `AAAAA-BBBBB`: 2 groups"));
        let (r, _) = template(r#"{"pakage":"OPC005ED"}"#);
        assert_eq!(r, ts_result::JsonError);
        assert!(take_last_error_for_test().contains("unknown field `pakage`"));
        let r = unsafe { ts_template_upgrade(null(), 0, null_mut()) };
        assert_eq!(r, ts_result::NullArgument);
    }
}
