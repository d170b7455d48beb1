//! `ts_machine`: a machine profile read from JSON, answering host questions offline.

use super::boundary::{Failure, str_in};
use super::handle::free;
use super::result::ts_result;
use crate::machine::MachineProfile;

/// A machine profile: variables, OS environment, WMI classes, files, folders, registry values,
/// installed products and hardware facts, as the JSON schema of `ts_machine_from_json` says.
///
/// Created by `ts_machine_from_json`, released by `ts_machine_free`.
///
/// Thread safety: immutable after creation. Any number of threads may use the same `ts_machine`
/// at the same time (evaluating conditions, expanding text); `ts_machine_free` must not run while
/// another thread still uses it.
pub struct ts_machine {
    pub(crate) profile: MachineProfile,
}

impl super::handle::Handle for ts_machine {}

/// Reads a machine profile from JSON text (`json` points to `json_len` bytes of UTF-8).
///
/// The schema: an object with the optional sections `name`, `description`, `variables` (name →
/// string), `environment` (name → string), `wmi` (namespace → class → array of instances),
/// `files` (path → `{"version", "modified"}`), `folders`, `registry` (key → value name →
/// `{"type", "data"}`), `products` and `hardware`; see `examples/machines/` and the library's
/// `MachineProfile` documentation. Unknown sections are errors.
///
/// On success writes a new handle to `*out`, which the caller frees with `ts_machine_free`.
/// Returns `TS_RESULT_MACHINE_ERROR` when the text is not JSON or does not fit the schema; the
/// last error names the offending field by its path (`wmi.root\cimv2.Win32_BIOS[0].Version`)
/// with line and column. Also `TS_RESULT_NULL_ARGUMENT`, `TS_RESULT_INVALID_UTF8`.
///
/// # Safety
///
/// `json` must be NULL or point to `json_len` readable bytes; `out` must be NULL or point to
/// writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_machine_from_json(
    json: *const u8,
    json_len: usize,
    out: *mut *mut ts_machine,
) -> ts_result {
    ffi_boundary!(check [], out out, {
        // SAFETY: the caller's promise about `json` and `json_len`.
        let text = unsafe { str_in(json, json_len, "json")? };
        MachineProfile::from_json(text)
            .map(|profile| Box::new(ts_machine { profile }))
            .map_err(|e| {
                Failure::new(ts_result::MachineError, format!("invalid machine profile: {e}"))
            })
    })
}

/// Frees a machine. `ts_machine_free(NULL)` does nothing.
///
/// Thread safety: no other thread may be using `machine`.
///
/// # Safety
///
/// `machine` must be NULL or a handle from `ts_machine_from_json` not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_machine_free(machine: *mut ts_machine) {
    ffi_boundary!(default (), check [], {
        // SAFETY: the caller hands back a handle of this library, or NULL.
        unsafe { free(machine) };
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::error::take_last_error_for_test;

    const PROFILE: &str = r#"{"name":"t","variables":{"Make":"LENOVO"},
        "environment":{"windir":"C:\\Windows"}}"#;

    #[test]
    fn reads_frees_and_reports_the_field() {
        let mut m = std::ptr::null_mut();
        let r = unsafe { ts_machine_from_json(PROFILE.as_ptr(), PROFILE.len(), &mut m) };
        assert_eq!(r, ts_result::Ok);
        assert_eq!(unsafe { (*m).profile.name() }, "t");
        unsafe { ts_machine_free(m) };
        unsafe { ts_machine_free(std::ptr::null_mut()) };

        let bad = r#"{"wmi": {"root\\cimv2": {"Win32_BIOS": [{"Version": {}}]}}}"#;
        let mut m = std::ptr::null_mut();
        let r = unsafe { ts_machine_from_json(bad.as_ptr(), bad.len(), &mut m) };
        assert_eq!(r, ts_result::MachineError);
        assert!(m.is_null());
        let message = take_last_error_for_test();
        assert!(
            message.contains(r"`wmi.root\cimv2.Win32_BIOS[0].Version`")
                && message.contains("line 1"),
            "{message}"
        );

        let r = unsafe { ts_machine_from_json(b"{".as_ptr(), 1, std::ptr::null_mut()) };
        assert_eq!(r, ts_result::NullArgument);
        let r = unsafe { ts_machine_from_json([0xffu8].as_ptr(), 1, &mut m) };
        assert_eq!(r, ts_result::InvalidUtf8);
        let _ = take_last_error_for_test();
    }

    #[test]
    fn calls_with_a_machine_start_like_tsq() {
        // The C ABI and `tsq` share `machine::Start`: the handle's variables over the profile's,
        // then the profile's OS environment for `%NAME%`.
        let mut m = std::ptr::null_mut();
        assert_eq!(
            unsafe { ts_machine_from_json(PROFILE.as_ptr(), PROFILE.len(), &mut m) },
            ts_result::Ok
        );
        let mut env = std::ptr::null_mut();
        assert_eq!(
            unsafe { crate::ffi::env::ts_env_new(&mut env) },
            ts_result::Ok
        );
        let expand = |text: &str| {
            let mut out = std::ptr::null_mut();
            let r = unsafe {
                crate::ffi::codes::ts_expand(text.as_ptr(), text.len(), env, m, &mut out)
            };
            assert_eq!(r, ts_result::Ok);
            let s = unsafe { (*out).as_str().to_string() };
            unsafe { crate::ffi::string::ts_string_free(out) };
            s
        };
        assert_eq!(expand("%make% %WINDIR%"), r"LENOVO C:\Windows");
        unsafe { (*env).env.set_engine("Make", "Dell Inc.", false).unwrap() };
        assert_eq!(expand("%MAKE%"), "Dell Inc.");
        unsafe { crate::ffi::env::ts_env_free(env) };
        unsafe { ts_machine_free(m) };

        // A profile whose variables the engine could not set is refused on reading, by both faces.
        let bad = r#"{"name":"b","variables":{"OSD Disk":"x"}}"#;
        let mut m = std::ptr::null_mut();
        let r = unsafe { ts_machine_from_json(bad.as_ptr(), bad.len(), &mut m) };
        assert_eq!(r, ts_result::MachineError);
        assert!(take_last_error_for_test().contains("`OSD Disk`"));
    }
}
