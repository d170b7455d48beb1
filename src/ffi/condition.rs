//! `ts_condition`: a parsed condition, evaluated and explained against variables and a machine.

use super::boundary::{Failure, str_in};
use super::env::ts_env;
use super::handle::{free, handle_ref};
use super::host::{CallbackHost, ts_host};
use super::machine::ts_machine;
use super::result::ts_result;
use super::string::ts_string;
use crate::condition::{CompiledCondition, Condition, EvalContext, EvalError};
use crate::machine::Host;

/// A condition (the `<condition>` of a step or group) ready to evaluate: its WMI queries are
/// parsed once, when it is created.
///
/// Created by `ts_condition_parse` or `ts_condition_from_xml`, released by
/// `ts_condition_free`.
///
/// Thread safety: immutable after creation. Any number of threads may evaluate, explain or print
/// the same `ts_condition` at the same time; `ts_condition_free` must not run while another
/// thread still uses it.
pub struct ts_condition {
    pub(crate) compiled: CompiledCondition,
}

impl super::handle::Handle for ts_condition {}

fn eval_failure(e: &EvalError) -> Failure {
    Failure::new(
        ts_result::ConditionError,
        format!("cannot evaluate the condition: {e}"),
    )
}

/// Runs `f` with the context of a call: the environment's variables, then the machine's (when
/// there is a machine), and the machine as host.
fn with_context<T>(
    env: &ts_env,
    machine: Option<&ts_machine>,
    f: impl FnOnce(&EvalContext<'_>) -> T,
) -> T {
    match machine {
        // Without a machine the environment is the whole context: the same call the Rust API
        // makes, nothing in between.
        None => f(&EvalContext::new(&env.env)),
        Some(machine) => {
            let start = crate::machine::Start::new(Some(&machine.profile), &env.env);
            let host: &dyn Host = &machine.profile;
            f(&EvalContext::new(&start).with_host(host))
        }
    }
}

fn explanation_json(cond: &ts_condition, ctx: &EvalContext<'_>) -> Result<Box<ts_string>, Failure> {
    let explanation = cond.compiled.explain(ctx);
    serde_json::to_string(&explanation)
        .map(ts_string::new)
        .map_err(|e| Failure::new(ts_result::JsonError, format!("cannot write json: {e}")))
}

/// Reads a condition in the one-line text syntax, e.g.
/// `_SMSTSOSUpgradeActionReturnCode == 0xC1900210 and not wmi("SELECT * FROM Win32_Battery")`
/// (`text` points to `text_len` bytes of UTF-8; the empty text is the empty condition, true).
///
/// On success writes a new handle to `*out`, which the caller frees with `ts_condition_free`.
/// Returns `TS_RESULT_CONDITION_ERROR` when the text does not follow the syntax; the last error
/// then says why, with line and column, and shows the text with a caret under the column.
/// Also `TS_RESULT_NULL_ARGUMENT`, `TS_RESULT_INVALID_UTF8`.
///
/// # Safety
///
/// `text` must be NULL or point to `text_len` readable bytes; `out` must be NULL or point to
/// writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_condition_parse(
    text: *const u8,
    text_len: usize,
    out: *mut *mut ts_condition,
) -> ts_result {
    ffi_boundary!(check [], out out, {
        // SAFETY: the caller's promise about `text` and `text_len`.
        let text = unsafe { str_in(text, text_len, "text")? };
        Condition::parse_text(text)
            .map(|c| Box::new(ts_condition { compiled: c.into() }))
            .map_err(|e| Failure::new(ts_result::ConditionError, e.to_string()))
    })
}

/// Reads a condition from XML: one `<condition>` element as it appears in a task sequence (with
/// its `<expression>` and `<operator>` children).
///
/// On success writes a new handle to `*out`. Returns `TS_RESULT_PARSE_ERROR` when the text is not
/// well-formed XML or its root is not `<condition>` (the XML reader's error, with line and
/// column, as for `ts_sequence_from_xml`). Unknown expression types are kept and give
/// `TS_RESULT_CONDITION_ERROR` only if evaluation reaches them.
///
/// # Safety
///
/// As for `ts_condition_parse`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_condition_from_xml(
    xml: *const u8,
    xml_len: usize,
    out: *mut *mut ts_condition,
) -> ts_result {
    ffi_boundary!(check [], out out, {
        // SAFETY: the caller's promise about `xml` and `xml_len`.
        let text = unsafe { str_in(xml, xml_len, "xml")? };
        crate::xml::read_condition(text)
            .map(|c| Box::new(ts_condition { compiled: c.into() }))
            .map_err(|e| Failure::new(ts_result::ParseError, e.to_string()))
    })
}

/// Writes the condition in the one-line text syntax to `*out`. The text is canonical, and
/// `ts_condition_parse` reads it back to the same condition.
///
/// # Safety
///
/// `cond` must be NULL or a live handle; `out` must be NULL or point to writable memory for one
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_condition_to_text(
    cond: *const ts_condition,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [cond], out out, {
        // SAFETY: not NULL (checked by the boundary); the caller promises it is live.
        let cond = unsafe { handle_ref(cond) };
        Ok::<_, Failure>(ts_string::new(cond.compiled.condition().to_text()))
    })
}

/// Evaluates the condition and writes the result to `*out`.
///
/// Variables are looked up in `env` (case-insensitively), then, when `machine` is not NULL, in
/// the machine profile's `variables`; an unset variable compares as `""`. The machine answers WMI,
/// file, folder, registry, software and OS questions, and its `environment` expands `%NAME%` in
/// file and folder paths. With `machine` NULL, a condition that reaches such a question fails.
///
/// Returns `TS_RESULT_CONDITION_ERROR` when evaluation fails: a WMI query that does not parse or
/// cannot be answered (unless the expression ignores query failures), a machine question without
/// a machine, an element the library cannot evaluate. Parts not reached (an `and` stops at its
/// first false operand) are never evaluated. This call allocates nothing beyond what evaluating
/// the condition itself needs (nothing, for variable comparisons).
///
/// Thread safety: `cond`, `env` and `machine` are only read.
///
/// # Safety
///
/// `cond` and `env` must be NULL or live handles; `machine` must be NULL or a live handle; `out`
/// must be NULL or point to a writable `bool`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_condition_eval(
    cond: *const ts_condition,
    env: *const ts_env,
    machine: *const ts_machine,
    out: *mut bool,
) -> ts_result {
    ffi_boundary!(check [cond, env], out out, {
        // SAFETY: `cond` and `env` are not NULL (checked by the boundary) and `machine` is NULL
        // or live; the caller promises the handles are live.
        let (cond, env, machine) = unsafe { (handle_ref(cond), handle_ref(env), machine.as_ref()) };
        with_context(env, machine, |ctx| cond.compiled.evaluate(ctx))
            .map_err(|e| eval_failure(&e))
    })
}

/// Evaluates the condition against `env` and a host given as callbacks (`ts_host`), and writes
/// the result to `*out`.
///
/// Variables come from `env` only. Each host question the evaluation reaches calls the matching
/// function of `host`, on this thread, before this call returns. Returns as
/// `ts_condition_eval`, and also `TS_RESULT_INVALID_ARGUMENT` when `host->struct_size` is not set
/// or a callback answered in a form the library cannot read (text that is not UTF-8, a registry
/// type that is not a `ts_registry_type`, a `wmi_query` answer that is not a JSON array of
/// objects); the last error names the callback.
///
/// # Safety
///
/// `cond` and `env` must be NULL or live handles; `host` must be NULL or point to a `ts_host` as
/// its documentation describes, with valid functions; `out` must be NULL or point to a writable
/// `bool`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_condition_eval_with_host(
    cond: *const ts_condition,
    env: *const ts_env,
    host: *const ts_host,
    out: *mut bool,
) -> ts_result {
    ffi_boundary!(check [cond, env, host], out out, {
        // SAFETY: not NULL (checked by the boundary); the caller promises they are live and that
        // `host` is a valid `ts_host`.
        let (cond, env, host) = unsafe { (handle_ref(cond), handle_ref(env), CallbackHost::from_raw(host)?) };
        let result = cond
            .compiled
            .evaluate(&EvalContext::new(&env.env).with_host(&host));
        host.finish()?;
        result.map_err(|e| eval_failure(&e))
    })
}

/// Evaluates the condition as `ts_condition_eval` does and writes why it came out as it did, as
/// JSON, to `*out`: a tree with one node per operator and expression,
/// `{"value":"false","kind":"condition","text":"…","children":[{"value":"false",
/// "kind":"variable","text":"Make like \"*Lenovo*\"","facts":["Make = \"Dell Inc.\" does not
/// match \"*Lenovo*\""]}]}`. `value` is `"true"`, `"false"`, `"error"` (with an `"error"`
/// message) or `"not_evaluated"`; empty fields are left out. Secret variables show as
/// `"********"`.
///
/// An evaluation that fails is not a failure of this call: the explanation says where it failed.
///
/// # Safety
///
/// As for `ts_condition_eval`, with `out` pointing to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_condition_explain(
    cond: *const ts_condition,
    env: *const ts_env,
    machine: *const ts_machine,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [cond, env], out out, {
        // SAFETY: as in `ts_condition_eval`.
        let (cond, env, machine) = unsafe { (handle_ref(cond), handle_ref(env), machine.as_ref()) };
        with_context(env, machine, |ctx| explanation_json(cond, ctx))
    })
}

/// Explains the condition as `ts_condition_explain` does, against `env` and a callback host as
/// `ts_condition_eval_with_host` uses.
///
/// # Safety
///
/// As for `ts_condition_eval_with_host`, with `out` pointing to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_condition_explain_with_host(
    cond: *const ts_condition,
    env: *const ts_env,
    host: *const ts_host,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [cond, env, host], out out, {
        // SAFETY: as in `ts_condition_eval_with_host`.
        let (cond, env, host) = unsafe { (handle_ref(cond), handle_ref(env), CallbackHost::from_raw(host)?) };
        let json = explanation_json(cond, &EvalContext::new(&env.env).with_host(&host));
        host.finish()?;
        json
    })
}

/// Frees a condition. `ts_condition_free(NULL)` does nothing.
///
/// Thread safety: no other thread may be using `cond`.
///
/// # Safety
///
/// `cond` must be NULL or a handle from `ts_condition_parse` or `ts_condition_from_xml` not
/// freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_condition_free(cond: *mut ts_condition) {
    ffi_boundary!(default (), check [], {
        // SAFETY: the caller hands back a handle of this library, or NULL.
        unsafe { free(cond) };
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::env::{ts_env_free, ts_env_new, ts_env_set};
    use crate::ffi::error::take_last_error_for_test;
    use crate::ffi::host::{ts_host_answer, ts_host_answer_set};
    use crate::ffi::machine::{ts_machine_free, ts_machine_from_json};
    use crate::ffi::string::ts_string_free;
    use std::ffi::c_void;
    use std::ptr::{null, null_mut};

    const MACHINE: &str = r#"{"variables":{"Make":"LENOVO"},
        "environment":{"windir":"C:\\Windows"},
        "wmi":{"root\\cimv2":{"Win32_Battery":[{"BatteryStatus":2}]}},
        "files":{"C:\\Windows\\notepad.exe":{"version":"10.0.19041.1"}}}"#;

    fn parse(text: &str) -> *mut ts_condition {
        let mut c = null_mut();
        let r = unsafe { ts_condition_parse(text.as_ptr(), text.len(), &mut c) };
        assert_eq!(r, ts_result::Ok, "{text}: {}", take_last_error_for_test());
        c
    }

    fn env(pairs: &[(&str, &str)]) -> *mut ts_env {
        let mut e = null_mut();
        assert_eq!(unsafe { ts_env_new(&mut e) }, ts_result::Ok);
        for (n, v) in pairs {
            let r = unsafe { ts_env_set(e, n.as_ptr(), n.len(), v.as_ptr(), v.len()) };
            assert_eq!(r, ts_result::Ok);
        }
        e
    }

    fn machine() -> *mut ts_machine {
        let mut m = null_mut();
        let r = unsafe { ts_machine_from_json(MACHINE.as_ptr(), MACHINE.len(), &mut m) };
        assert_eq!(r, ts_result::Ok);
        m
    }

    fn eval(
        c: *const ts_condition,
        e: *const ts_env,
        m: *const ts_machine,
    ) -> Result<bool, ts_result> {
        let mut out = false;
        match unsafe { ts_condition_eval(c, e, m, &mut out) } {
            ts_result::Ok => Ok(out),
            r => Err(r),
        }
    }

    fn take(s: *mut ts_string) -> String {
        let text = unsafe { (*s).as_str().to_owned() };
        unsafe { ts_string_free(s) };
        text
    }

    #[test]
    fn return_codes_compare_as_numbers() {
        let c = parse("_SMSTSOSUpgradeActionReturnCode == 0xC1900210");
        let e = env(&[("_SMSTSOSUpgradeActionReturnCode", "3247440400")]);
        assert_eq!(eval(c, e, null()), Ok(true));
        let other = env(&[("_SMSTSOSUpgradeActionReturnCode", "0")]);
        assert_eq!(eval(c, other, null()), Ok(false));
        unsafe {
            ts_env_free(e);
            ts_env_free(other);
            ts_condition_free(c);
            ts_condition_free(null_mut());
        }
    }

    #[test]
    fn machine_answers_wmi_files_and_variables() {
        let m = machine();
        let e = env(&[]);
        let c = parse(
            r#"wmi("SELECT * FROM Win32_Battery WHERE BatteryStatus = 2") and Make == "lenovo" and file("%windir%\notepad.exe", version >= "10.0")"#,
        );
        assert_eq!(eval(c, e, m), Ok(true));
        // Without a machine the WMI question has nobody to ask.
        assert_eq!(eval(c, e, null()), Err(ts_result::ConditionError));
        let message = take_last_error_for_test();
        assert!(message.contains("`wmi`"), "{message}");

        // The environment wins over the profile's variables.
        let dell = env(&[("Make", "Dell Inc.")]);
        let make = parse(r#"Make == "LENOVO""#);
        assert_eq!(eval(make, dell, m), Ok(false));
        assert_eq!(eval(make, e, m), Ok(true));

        let unknown = parse(r#"wmi("SELECT * FROM Win32_Nothing")"#);
        assert_eq!(eval(unknown, e, m), Err(ts_result::ConditionError));
        let ignored = parse(r#"wmi("SELECT * FROM Win32_Nothing", ignore_failure)"#);
        assert_eq!(eval(ignored, e, m), Ok(false));
        let _ = take_last_error_for_test();
        unsafe {
            for c in [c, make, unknown, ignored] {
                ts_condition_free(c);
            }
            ts_env_free(e);
            ts_env_free(dell);
            ts_machine_free(m);
        }
    }

    #[test]
    fn parse_errors_text_and_xml() {
        let mut c = null_mut();
        let text = "Make == ";
        let r = unsafe { ts_condition_parse(text.as_ptr(), text.len(), &mut c) };
        assert_eq!(r, ts_result::ConditionError);
        assert!(c.is_null());
        let message = take_last_error_for_test();
        assert!(message.contains("line 1, column"), "{message}");

        let bad = [b'a', 0xff];
        let r = unsafe { ts_condition_parse(bad.as_ptr(), bad.len(), &mut c) };
        assert_eq!(r, ts_result::InvalidUtf8);
        let r = unsafe { ts_condition_parse(null(), 0, null_mut()) };
        assert_eq!(r, ts_result::NullArgument);

        let xml = r#"<condition><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Variable">PHASE</variable><variable name="Operator">equals</variable><variable name="Value">x</variable></expression></condition>"#;
        let r = unsafe { ts_condition_from_xml(xml.as_ptr(), xml.len(), &mut c) };
        assert_eq!(r, ts_result::Ok);
        let mut s = null_mut();
        assert_eq!(unsafe { ts_condition_to_text(c, &mut s) }, ts_result::Ok);
        assert_eq!(take(s), r#"PHASE == "x""#);
        unsafe { ts_condition_free(c) };

        let mut c = null_mut();
        let r = unsafe { ts_condition_from_xml(b"<step/>".as_ptr(), 7, &mut c) };
        assert_eq!(r, ts_result::ParseError);
        let r = unsafe { ts_condition_from_xml(b"<condition>".as_ptr(), 11, &mut c) };
        assert_eq!(r, ts_result::ParseError);
        assert!(take_last_error_for_test().contains("line 1"));
        assert!(c.is_null());
    }

    #[test]
    fn explanations_redact_secrets() {
        let c = parse(r#"OSDJoinPassword == "x" or Make like "*Lenovo*""#);
        let e = env(&[("OSDJoinPassword", "hunter2")]);
        let m = machine();
        let mut s = null_mut();
        assert_eq!(
            unsafe { ts_condition_explain(c, e, m, &mut s) },
            ts_result::Ok
        );
        let json = take(s);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["value"], "true");
        assert!(!json.contains("hunter2"), "{json}");
        assert!(json.contains("********"), "{json}");

        // A failing evaluation is explained, not failed.
        let w = parse(r#"wmi("SELECT * FROM Win32_Battery")"#);
        assert_eq!(
            unsafe { ts_condition_explain(w, e, null(), &mut s) },
            ts_result::Ok
        );
        let value: serde_json::Value = serde_json::from_str(&take(s)).unwrap();
        assert_eq!(value["value"], "error");
        unsafe {
            ts_condition_free(c);
            ts_condition_free(w);
            ts_env_free(e);
            ts_machine_free(m);
        }
    }

    #[test]
    fn explained_paths_keep_secret_values_out() {
        let c = parse(r#"file("C:\%OSDJoinPassword%.txt") or folder("C:\%OSDJoinPassword%")"#);
        let e = env(&[("OSDJoinPassword", "ProfJoinPw10")]);
        let m = machine();
        let mut s = null_mut();
        assert_eq!(
            unsafe { ts_condition_explain(c, e, m, &mut s) },
            ts_result::Ok
        );
        let json = take(s);
        assert!(!json.contains("ProfJoinPw10"), "{json}");
        assert!(
            json.contains(r"C:\\%OSDJoinPassword%.txt` not found"),
            "{json}"
        );
        assert!(json.contains(r"C:\\%OSDJoinPassword%` not found"), "{json}");
        unsafe {
            ts_condition_free(c);
            ts_env_free(e);
            ts_machine_free(m);
        }
    }

    struct Calls {
        wmi: u32,
        file: u32,
    }

    unsafe extern "C" fn wmi_count(
        user_data: *mut c_void,
        _ns: *const u8,
        _ns_len: usize,
        _query: *const u8,
        _query_len: usize,
        count: *mut u64,
        _error: *mut ts_host_answer,
    ) -> bool {
        unsafe {
            (*user_data.cast::<Calls>()).wmi += 1;
            *count = 1;
        }
        true
    }

    unsafe extern "C" fn file(
        user_data: *mut c_void,
        path: *const u8,
        path_len: usize,
        version: *mut ts_host_answer,
        _modified: *mut ts_host_answer,
    ) -> bool {
        unsafe { (*user_data.cast::<Calls>()).file += 1 };
        let path = unsafe { std::slice::from_raw_parts(path, path_len) };
        if path == br"C:\Windows\notepad.exe" {
            let v = "10.0.19041.1";
            unsafe { ts_host_answer_set(version, v.as_ptr(), v.len()) };
            true
        } else {
            false
        }
    }

    unsafe extern "C" fn env_var(
        _user_data: *mut c_void,
        name: *const u8,
        name_len: usize,
        value: *mut ts_host_answer,
    ) -> bool {
        let name = unsafe { std::slice::from_raw_parts(name, name_len) };
        if name.eq_ignore_ascii_case(b"windir") {
            let v = r"C:\Windows";
            unsafe { ts_host_answer_set(value, v.as_ptr(), v.len()) };
            true
        } else {
            false
        }
    }

    #[test]
    fn callback_host() {
        let mut calls = Calls { wmi: 0, file: 0 };
        let host = ts_host {
            struct_size: size_of::<ts_host>(),
            user_data: (&raw mut calls).cast(),
            wmi_count: Some(wmi_count),
            wmi_query: None,
            file: Some(file),
            folder: None,
            registry: None,
            product: None,
            env_var: Some(env_var),
            hardware: None,
        };
        let c = parse(
            r#"wmi("SELECT * FROM Win32_Battery") and file("%WINDIR%\notepad.exe", version == "10.0.19041.1") and not folder("C:\Temp")"#,
        );
        let e = env(&[]);
        let mut out = false;
        let r = unsafe { ts_condition_eval_with_host(c, e, &host, &mut out) };
        assert_eq!(r, ts_result::Ok, "{}", take_last_error_for_test());
        assert!(out);
        assert_eq!((calls.wmi, calls.file), (1, 1));

        let mut s = null_mut();
        let r = unsafe { ts_condition_explain_with_host(c, e, &host, &mut s) };
        assert_eq!(r, ts_result::Ok);
        assert!(take(s).contains("returned 1 instance"));
        assert_eq!((calls.wmi, calls.file), (2, 2));

        let r = unsafe { ts_condition_eval_with_host(c, e, null(), &mut out) };
        assert_eq!(r, ts_result::NullArgument);
        let unset = ts_host {
            struct_size: 0,
            ..host
        };
        let r = unsafe { ts_condition_eval_with_host(c, e, &unset, &mut out) };
        assert_eq!(r, ts_result::InvalidArgument);
        let _ = take_last_error_for_test();
        unsafe {
            ts_condition_free(c);
            ts_env_free(e);
        }
    }
}
