//! `ts_env`: task sequence variables (layers, case-insensitive names, secrets).

use super::boundary::{Failure, str_in};
use super::handle::{free, handle_mut, handle_ref};
use super::result::ts_result;
use super::string::ts_string;
use crate::vars::{Environment, Layer};

/// Task sequence variables: names case-insensitive (the first spelling is kept), values at most
/// 4000 characters, setting `""` deletes, one value per layer (collection priority 1 < … < 9 <
/// device < run time; the highest layer's value is the one conditions see), secret values
/// redacted in JSON unless asked for.
///
/// Created by `ts_env_new`, released by `ts_env_free`.
///
/// Thread safety: reading (`ts_env_get`, `ts_env_to_json`, evaluating or expanding against it)
/// may happen from any number of threads at once. Writing (`ts_env_set`, `ts_env_set_layered`,
/// `ts_env_free`) must not overlap any other use of the same `ts_env`; lock around it when
/// threads share one.
pub struct ts_env {
    pub(crate) env: Environment,
}

impl super::handle::Handle for ts_env {}

/// Where a variable's value comes from, lowest first; for `ts_env_set_layered`.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ts_layer {
    /// A collection variable; the priority (1–9, 9 wins) is a separate argument.
    Collection = 0,
    /// A device (computer) or media variable: beats every collection variable.
    Device = 1,
    /// Set while the sequence runs (by the engine, a step or the caller's scenario): beats both.
    Runtime = 2,
}

fn env_failure(e: impl std::fmt::Display) -> Failure {
    Failure::new(ts_result::EnvironmentError, e.to_string())
}

/// Writes a new, empty variable environment to `*out`; the caller frees it with `ts_env_free`.
///
/// # Safety
///
/// `out` must be NULL or point to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_env_new(out: *mut *mut ts_env) -> ts_result {
    ffi_boundary!(check [], out out, {
        Ok::<_, Failure>(Box::new(ts_env {
            env: Environment::new(),
        }))
    })
}

/// Frees an environment. `ts_env_free(NULL)` does nothing.
///
/// Thread safety: no other thread may be using `env`.
///
/// # Safety
///
/// `env` must be NULL or a handle from `ts_env_new` not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_env_free(env: *mut ts_env) {
    ffi_boundary!(default (), check [], {
        // SAFETY: the caller hands back a handle of this library, or NULL.
        unsafe { free(env) };
    })
}

/// Sets variable `name` to `value` at run time, as the engine does: any valid name, including
/// the read-only `_SMSTS…` names a step could not set. An empty value deletes the variable. The
/// value is secret when the name is a known secret (`*Password*`, `OSDProductKey`, …); use
/// `ts_env_set_layered` to mark others.
///
/// Returns `TS_RESULT_ENVIRONMENT_ERROR` for a name that is not 1–256 ASCII letters, digits, `_`
/// or `-` (surrounding spaces are ignored), or a value longer than 4000 characters; also
/// `TS_RESULT_NULL_ARGUMENT`, `TS_RESULT_INVALID_UTF8`.
///
/// Thread safety: a write; see `ts_env`.
///
/// # Safety
///
/// `env` must be NULL or a live handle; `name` and `value` must be NULL or point to as many
/// readable bytes as their lengths say.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_env_set(
    env: *mut ts_env,
    name: *const u8,
    name_len: usize,
    value: *const u8,
    value_len: usize,
) -> ts_result {
    ffi_boundary!(check[env], {
        // SAFETY: the caller's promises about the strings.
        let name = unsafe { str_in(name, name_len, "name")? };
        let value = unsafe { str_in(value, value_len, "value")? };
        // SAFETY: not NULL (checked by the boundary); the caller promises it is live and that
        // nothing else uses it during a write.
        let env = unsafe { handle_mut(env) };
        env.env.set_engine(name, value, false).map_err(env_failure)
    })
}

/// Sets variable `name` to `value` in one layer: `layer` is a `ts_layer` value, `priority` the
/// collection priority (1–9, ignored for other layers), `secret` marks the value as secret
/// (redacted in JSON and explanations; once secret, a variable stays secret until deleted).
/// An empty value deletes the value in that layer and every lower one.
///
/// Returns `TS_RESULT_INVALID_ARGUMENT` for a `layer` that is not a `ts_layer`,
/// `TS_RESULT_ENVIRONMENT_ERROR` for a priority outside 1–9 and as `ts_env_set`.
///
/// Thread safety: a write; see `ts_env`.
///
/// # Safety
///
/// As for `ts_env_set`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_env_set_layered(
    env: *mut ts_env,
    name: *const u8,
    name_len: usize,
    value: *const u8,
    value_len: usize,
    layer: u32,
    priority: u32,
    secret: bool,
) -> ts_result {
    ffi_boundary!(check[env], {
        // SAFETY: the caller's promises about the strings.
        let name = unsafe { str_in(name, name_len, "name")? };
        let value = unsafe { str_in(value, value_len, "value")? };
        let layer = if layer == ts_layer::Collection as u32 {
            u8::try_from(priority)
                .ok()
                .and_then(|p| Layer::collection(p).ok())
                .ok_or_else(|| {
                    env_failure(format!("collection priority `{priority}` is outside 1–9"))
                })?
        } else if layer == ts_layer::Device as u32 {
            Layer::Device
        } else if layer == ts_layer::Runtime as u32 {
            Layer::Runtime
        } else {
            return Err(Failure::new(
                ts_result::InvalidArgument,
                format!("layer `{layer}` is not a ts_layer (0 collection, 1 device, 2 runtime)"),
            ));
        };
        // SAFETY: as in `ts_env_set`.
        let env = unsafe { handle_mut(env) };
        env.env
            .set_layer(layer, name, value, secret)
            .map_err(env_failure)
    })
}

/// Writes the effective value of variable `name` (any case) to `*out`, a new `ts_string`, and
/// whether the variable is set to `*found` (when `found` is not NULL).
///
/// A variable that is not set is not an error: `*out` is then `""` and `*found` false. (Setting
/// `""` deletes, so a set variable is never empty and `""` alone already tells.) Secret values
/// are returned as they are: the caller set them.
///
/// # Safety
///
/// `env` must be NULL or a live handle; `name` must be NULL or point to `name_len` readable
/// bytes; `out` must be NULL or point to writable memory for one pointer; `found` must be NULL or
/// point to a writable `bool`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_env_get(
    env: *const ts_env,
    name: *const u8,
    name_len: usize,
    out: *mut *mut ts_string,
    found: *mut bool,
) -> ts_result {
    ffi_boundary!(check [env], out out, {
        // SAFETY: the caller's promise about `name`.
        let name = unsafe { str_in(name, name_len, "name")? };
        // SAFETY: not NULL (checked by the boundary); the caller promises it is live.
        let env = unsafe { handle_ref(env) };
        let value = env.env.get(name);
        if !found.is_null() {
            // SAFETY: not NULL; the caller promises it points to a writable `bool`. Nothing
            // after this can fail, so both out-parameters are written only on success.
            unsafe { found.write(value.is_some()) };
        }
        Ok::<_, Failure>(ts_string::new(value.unwrap_or_default()))
    })
}

/// Writes the environment as a JSON object of effective values to `*out`, names in their first
/// spelling, in a stable order (`{"OSDComputerName":"PC01","OSDJoinPassword":"********"}`).
/// Secret values are `"********"` unless `reveal_secrets` is true.
///
/// # Safety
///
/// `env` must be NULL or a live handle; `out` must be NULL or point to writable memory for one
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_env_to_json(
    env: *const ts_env,
    reveal_secrets: bool,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [env], out out, {
        // SAFETY: not NULL (checked by the boundary); the caller promises it is live.
        let env = unsafe { handle_ref(env) };
        let json = if reveal_secrets {
            env.env.to_json_with_secrets()
        } else {
            env.env.to_json()
        };
        Ok::<_, Failure>(ts_string::new(json))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::error::take_last_error_for_test;
    use crate::ffi::string::ts_string_free;

    fn new_env() -> *mut ts_env {
        let mut env = std::ptr::null_mut();
        assert_eq!(unsafe { ts_env_new(&mut env) }, ts_result::Ok);
        env
    }

    fn set(env: *mut ts_env, name: &str, value: &str) -> ts_result {
        unsafe { ts_env_set(env, name.as_ptr(), name.len(), value.as_ptr(), value.len()) }
    }

    fn layered(
        env: *mut ts_env,
        name: &str,
        value: &str,
        layer: u32,
        p: u32,
        s: bool,
    ) -> ts_result {
        unsafe {
            ts_env_set_layered(
                env,
                name.as_ptr(),
                name.len(),
                value.as_ptr(),
                value.len(),
                layer,
                p,
                s,
            )
        }
    }

    fn get(env: *const ts_env, name: &str) -> (String, bool) {
        let mut out = std::ptr::null_mut();
        let mut found = false;
        let r = unsafe { ts_env_get(env, name.as_ptr(), name.len(), &mut out, &mut found) };
        assert_eq!(r, ts_result::Ok);
        let text = unsafe { (*out).as_str().to_owned() };
        unsafe { ts_string_free(out) };
        (text, found)
    }

    fn json(env: *const ts_env, reveal: bool) -> String {
        let mut out = std::ptr::null_mut();
        assert_eq!(
            unsafe { ts_env_to_json(env, reveal, &mut out) },
            ts_result::Ok
        );
        let text = unsafe { (*out).as_str().to_owned() };
        unsafe { ts_string_free(out) };
        text
    }

    #[test]
    fn set_get_delete() {
        let env = new_env();
        assert_eq!(set(env, "_SMSTSInWinPE", "false"), ts_result::Ok);
        assert_eq!(get(env, "_smstsinwinpe"), ("false".into(), true));
        assert_eq!(get(env, "Missing"), (String::new(), false));
        assert_eq!(set(env, "_SMSTSInWinPE", ""), ts_result::Ok);
        assert_eq!(get(env, "_SMSTSInWinPE"), (String::new(), false));

        let mut out = std::ptr::null_mut();
        let r = unsafe { ts_env_get(env, "x".as_ptr(), 1, &mut out, std::ptr::null_mut()) };
        assert_eq!(r, ts_result::Ok);
        unsafe { ts_string_free(out) };

        assert_eq!(set(env, "bad name", "x"), ts_result::EnvironmentError);
        assert!(take_last_error_for_test().contains("`bad name`"));
        let long = "x".repeat(4001);
        assert_eq!(set(env, "Long", &long), ts_result::EnvironmentError);
        let bad = [b'a', 0xff];
        let r = unsafe { ts_env_set(env, bad.as_ptr(), bad.len(), "v".as_ptr(), 1) };
        assert_eq!(r, ts_result::InvalidUtf8);
        assert_eq!(set(std::ptr::null_mut(), "a", "b"), ts_result::NullArgument);
        let _ = take_last_error_for_test();
        unsafe { ts_env_free(env) };
        unsafe { ts_env_free(std::ptr::null_mut()) };
    }

    #[test]
    fn layers_and_secrets() {
        let env = new_env();
        let collection = ts_layer::Collection as u32;
        assert_eq!(
            layered(env, "Role", "Kiosk", collection, 9, false),
            ts_result::Ok
        );
        assert_eq!(
            layered(env, "Role", "Desk", collection, 2, false),
            ts_result::Ok
        );
        assert_eq!(get(env, "Role").0, "Kiosk");
        assert_eq!(
            layered(env, "Role", "Lab", ts_layer::Device as u32, 0, false),
            ts_result::Ok
        );
        assert_eq!(get(env, "Role").0, "Lab");
        assert_eq!(
            layered(env, "Role", "Run", ts_layer::Runtime as u32, 0, false),
            ts_result::Ok
        );
        assert_eq!(get(env, "ROLE").0, "Run");

        assert_eq!(
            layered(env, "Role", "x", collection, 0, false),
            ts_result::EnvironmentError
        );
        assert_eq!(
            layered(env, "Role", "x", collection, 266, false),
            ts_result::EnvironmentError
        );
        assert!(take_last_error_for_test().contains("`266`"));
        assert_eq!(
            layered(env, "Role", "x", 3, 0, false),
            ts_result::InvalidArgument
        );

        assert_eq!(
            layered(env, "Pin", "1234", ts_layer::Runtime as u32, 0, true),
            ts_result::Ok
        );
        assert_eq!(set(env, "OSDJoinPassword", "P@ss"), ts_result::Ok);
        assert_eq!(
            json(env, false),
            r#"{"OSDJoinPassword":"********","Pin":"********","Role":"Run"}"#
        );
        assert_eq!(
            json(env, true),
            r#"{"OSDJoinPassword":"P@ss","Pin":"1234","Role":"Run"}"#
        );
        assert_eq!(get(env, "pin").0, "1234");
        unsafe { ts_env_free(env) };
    }
}
