//! `ts_machine`: a machine profile read from JSON, answering host questions offline.

use super::boundary::{Failure, str_in};
use super::result::ts_result;
use crate::condition::Variables;
use crate::machine::{
    FileFacts, FolderFacts, Host, HostError, Instance, MachineProfile, ProductFacts, ProductQuery,
    RegistryValue,
};
use crate::vars::{Environment, is_secret_name};
use crate::wql::Query;

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

const _: fn() = || {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<ts_machine>();
};

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
        if !machine.is_null() {
            // SAFETY: the caller hands back ownership of a box this library created.
            drop(unsafe { Box::from_raw(machine) });
        }
    })
}

/// Task sequence variables as a call with a machine sees them: the caller's environment first,
/// then the variables the profile starts a run with (as `tsq` does with `--machine` and `--var`).
pub(crate) struct WithMachineVariables<'a> {
    pub(crate) env: &'a Environment,
    pub(crate) machine: &'a MachineProfile,
}

impl Variables for WithMachineVariables<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        match self.env.get(name) {
            Some(value) => Some(value),
            None => Variables::get(self.machine.variables(), name.trim_ascii()),
        }
    }

    fn is_secret(&self, name: &str) -> bool {
        if self.env.contains(name) {
            self.env.is_secret(name)
        } else {
            is_secret_name(name)
        }
    }
}

/// The machine as expansion sees it: a `%NAME%` the environment does not hold is looked up in
/// the profile's task sequence variables, then in its OS environment. Expansion asks the host
/// only for names the environment lacks, so this keeps the order of [`WithMachineVariables`]
/// without copying the environment.
pub(crate) struct ExpansionHost<'a>(pub(crate) &'a MachineProfile);

impl Host for ExpansionHost<'_> {
    fn wmi_query(&self, namespace: &str, query: &Query) -> Result<Vec<Instance>, HostError> {
        self.0.wmi_query(namespace, query)
    }

    fn wmi_count(&self, namespace: &str, query: &Query) -> Result<usize, HostError> {
        self.0.wmi_count(namespace, query)
    }

    fn file(&self, path: &str) -> Option<FileFacts> {
        self.0.file(path)
    }

    fn folder(&self, path: &str) -> Option<FolderFacts> {
        self.0.folder(path)
    }

    fn registry(&self, key: &str, value: &str) -> Option<RegistryValue> {
        self.0.registry(key, value)
    }

    fn product(&self, query: &ProductQuery) -> Option<ProductFacts> {
        self.0.product(query)
    }

    fn env_var(&self, name: &str) -> Option<String> {
        match Variables::get(self.0.variables(), name) {
            Some(value) => Some(value.to_owned()),
            None => self.0.env_var(name),
        }
    }
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
    fn environment_first_then_profile_variables() {
        let machine = MachineProfile::from_json(PROFILE).unwrap();
        let mut env = Environment::new();
        let both = WithMachineVariables {
            env: &env,
            machine: &machine,
        };
        assert_eq!(both.get("make"), Some("LENOVO"));
        assert_eq!(both.get("Model"), None);
        env.set_engine("Make", "Dell Inc.", false).unwrap();
        env.set_engine("Pin", "1", true).unwrap();
        let both = WithMachineVariables {
            env: &env,
            machine: &machine,
        };
        assert_eq!(both.get("MAKE"), Some("Dell Inc."));
        assert!(both.is_secret("pin"));
        assert!(both.is_secret("OSDJoinPassword"));
        assert!(!both.is_secret("Make"));

        let host = ExpansionHost(&machine);
        assert_eq!(host.env_var("WINDIR").as_deref(), Some(r"C:\Windows"));
        assert_eq!(host.env_var("make").as_deref(), Some("LENOVO"));
        assert_eq!(host.env_var("nothing"), None);
    }
}
