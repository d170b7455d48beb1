//! Text helpers: `%NAME%` expansion, return codes, languages and architectures.

use super::boundary::{Failure, str_in};
use super::env::ts_env;
use super::handle::handle_ref;
use super::machine::ts_machine;
use super::result::ts_result;
use super::string::ts_string;
use crate::codes::{self, ReturnCode};
use crate::locale::{self, Architecture, LocaleError};
use crate::vars::expand;

/// A processor architecture, numbered as Windows numbers them (`PROCESSOR_ARCHITECTURE_*` in
/// `winnt.h`, `Win32_Processor.Architecture`), so a Windows caller can compare with what the
/// system reports.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ts_architecture {
    /// 32-bit Intel/AMD.
    X86 = 0,
    /// 32-bit ARM.
    Arm = 5,
    /// Itanium.
    Ia64 = 6,
    /// 64-bit Intel/AMD (x64, AMD64).
    X64 = 9,
    /// 64-bit ARM.
    Arm64 = 12,
}

impl From<Architecture> for ts_architecture {
    fn from(arch: Architecture) -> ts_architecture {
        match arch {
            Architecture::X86 => ts_architecture::X86,
            Architecture::X64 => ts_architecture::X64,
            Architecture::Arm => ts_architecture::Arm,
            Architecture::Arm64 => ts_architecture::Arm64,
            Architecture::Ia64 => ts_architecture::Ia64,
        }
    }
}

fn code_failure(e: impl std::fmt::Display) -> Failure {
    Failure::new(ts_result::CodeError, e.to_string())
}

fn json<T: serde::Serialize>(value: &T) -> Result<Box<ts_string>, Failure> {
    serde_json::to_string(value)
        .map(ts_string::new)
        .map_err(|e| Failure::new(ts_result::JsonError, format!("cannot write json: {e}")))
}

/// Expands `%NAME%` references in `text` and writes the result to `*out`.
///
/// A name is looked up in `env`, then, when `machine` is not NULL, in the machine profile's
/// `variables` and then its `environment` (so `%windir%` expands on a machine). References to
/// nothing stay as written, as does every `%` that does not start a reference (`%%F`, `100%`,
/// WQL's `LIKE '%64%'`); inserted values are not expanded again. Secret values are inserted as
/// they are.
///
/// # Safety
///
/// `text` must be NULL or point to `text_len` readable bytes; `env` must be NULL or a live
/// handle; `machine` must be NULL or a live handle; `out` must be NULL or point to writable
/// memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_expand(
    text: *const u8,
    text_len: usize,
    env: *const ts_env,
    machine: *const ts_machine,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [env], out out, {
        // SAFETY: the caller's promise about `text`; `env` is not NULL (checked by the
        // boundary) and `machine` is NULL or live, as the caller promises.
        let (text, env, machine) =
            unsafe { (str_in(text, text_len, "text")?, handle_ref(env), machine.as_ref()) };
        let start = crate::machine::Start::new(machine.map(|m| &m.profile), &env.env);
        let expanded = expand(text, &start);
        Ok::<_, Failure>(ts_string::new(expanded))
    })
}

/// Reads a return code in any form and writes its 32-bit value to `*out`: hex (`0xC1900210`,
/// `C1900210`), unsigned (`3247440400`) or signed (`-1047526896`) decimal, or a known symbolic
/// name (`ERROR_SUCCESS_REBOOT_REQUIRED`, any case).
///
/// Returns `TS_RESULT_CODE_ERROR` for text that is none of these (the last error gives the
/// column) or a number outside 32 bits.
///
/// # Safety
///
/// `text` must be NULL or point to `text_len` readable bytes; `out` must be NULL or point to a
/// writable `uint32_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_return_code_parse(
    text: *const u8,
    text_len: usize,
    out: *mut u32,
) -> ts_result {
    ffi_boundary!(check [], out out, {
        // SAFETY: the caller's promise about `text`.
        let text = unsafe { str_in(text, text_len, "text")? };
        match ReturnCode::parse(text) {
            Ok(code) => Ok(code.unsigned()),
            Err(err) => codes::known_by_name(text.trim())
                .map(|known| known.code.unsigned())
                .ok_or_else(|| code_failure(err)),
        }
    })
}

/// Describes a return code given in any form `ts_return_code_parse` reads, or as Setup writes
/// its result (`0xC1900101 - 0x4000D`), and writes the description as JSON to `*out`:
/// `{"hex":"0xC1900210","unsigned":3247440400,"signed":-1047526896,"name":"MOSETUP_E_COMPAT_SCANONLY",
/// "meaning":"…", …}` (the library's `CodeDescription` shape: name and meaning from the table of
/// known codes, the HRESULT parts, the Setup phase and operation, whether it asks for a reboot).
///
/// Returns `TS_RESULT_CODE_ERROR` for text that is not a code.
///
/// # Safety
///
/// `text` must be NULL or point to `text_len` readable bytes; `out` must be NULL or point to
/// writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_return_code_describe(
    text: *const u8,
    text_len: usize,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [], out out, {
        // SAFETY: the caller's promise about `text`.
        let text = unsafe { str_in(text, text_len, "text")? };
        let description = codes::describe_str(text).map_err(code_failure)?;
        json(&description)
    })
}

/// Looks up a Windows language by LCID (`1033`, `0x0409`, `0409`), culture tag (`en-US`, any
/// case, `_` for `-`) or English name, and writes it as JSON to `*out`:
/// `{"lcid":1033,"hex":"0x0409","tag":"en-US","name":"English (United States)"}`.
///
/// Returns `TS_RESULT_CODE_ERROR` when no language matches (the code, language and architecture
/// lookups share that result).
///
/// # Safety
///
/// As for `ts_return_code_describe`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_lcid_lookup(
    text: *const u8,
    text_len: usize,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [], out out, {
        // SAFETY: the caller's promise about `text`.
        let text = unsafe { str_in(text, text_len, "text")? };
        let language = locale::find(text).map_err(code_failure)?;
        json(language)
    })
}

/// Reads an architecture in any spelling the field uses (`x64`, `amd64`, `AMD64`, `64-bit`, `9`,
/// `X64`, `arm64`, `ARM 64-bit Processor`, `12`, `x86`, `32-bit`, `0`, `32`, `64`, …) and writes
/// it to `*out`.
///
/// Returns `TS_RESULT_CODE_ERROR` when the text is not an architecture.
///
/// # Safety
///
/// `text` must be NULL or point to `text_len` readable bytes; `out` must be NULL or point to a
/// writable `ts_architecture`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_architecture_parse(
    text: *const u8,
    text_len: usize,
    out: *mut ts_architecture,
) -> ts_result {
    ffi_boundary!(check [], out out, {
        // SAFETY: the caller's promise about `text`.
        let text = unsafe { str_in(text, text_len, "text")? };
        Architecture::parse(text)
            .map(ts_architecture::from)
            .ok_or_else(|| {
                code_failure(LocaleError::UnknownArchitecture {
                    input: text.to_owned(),
                })
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::env::{ts_env_free, ts_env_new, ts_env_set};
    use crate::ffi::error::take_last_error_for_test;
    use crate::ffi::machine::{ts_machine_free, ts_machine_from_json};
    use crate::ffi::string::ts_string_free;
    use std::ptr::{null, null_mut};

    fn take(s: *mut ts_string) -> String {
        let text = unsafe { (*s).as_str().to_owned() };
        unsafe { ts_string_free(s) };
        text
    }

    fn code(text: &str) -> Result<u32, ts_result> {
        let mut out = 0;
        match unsafe { ts_return_code_parse(text.as_ptr(), text.len(), &mut out) } {
            ts_result::Ok => Ok(out),
            r => Err(r),
        }
    }

    #[test]
    fn expands_against_env_and_machine() {
        let mut env = null_mut();
        assert_eq!(unsafe { ts_env_new(&mut env) }, ts_result::Ok);
        let (n, v) = ("OSDComputerName", "PC01");
        assert_eq!(
            unsafe { ts_env_set(env, n.as_ptr(), n.len(), v.as_ptr(), v.len()) },
            ts_result::Ok
        );
        let json = r#"{"variables":{"Make":"LENOVO"},"environment":{"windir":"C:\\Windows"}}"#;
        let mut m = null_mut();
        assert_eq!(
            unsafe { ts_machine_from_json(json.as_ptr(), json.len(), &mut m) },
            ts_result::Ok
        );
        let text = "%OSDCOMPUTERNAME% %windir% %Make% %Nope% 100%";
        let mut s = null_mut();
        let r = unsafe { ts_expand(text.as_ptr(), text.len(), env, null(), &mut s) };
        assert_eq!(r, ts_result::Ok);
        assert_eq!(take(s), "PC01 %windir% %Make% %Nope% 100%");
        let r = unsafe { ts_expand(text.as_ptr(), text.len(), env, m, &mut s) };
        assert_eq!(r, ts_result::Ok);
        assert_eq!(take(s), r"PC01 C:\Windows LENOVO %Nope% 100%");
        let r = unsafe { ts_expand(text.as_ptr(), text.len(), null(), m, &mut s) };
        assert_eq!(r, ts_result::NullArgument);
        let _ = take_last_error_for_test();
        unsafe {
            ts_env_free(env);
            ts_machine_free(m);
        }
    }

    #[test]
    fn return_codes() {
        assert_eq!(code("0xC1900210"), Ok(3_247_440_400));
        assert_eq!(code("-1047526896"), Ok(3_247_440_400));
        assert_eq!(code(" 3010 "), Ok(3010));
        assert_eq!(code("error_success_reboot_required"), Ok(3010));
        assert_eq!(code("12x"), Err(ts_result::CodeError));
        assert!(take_last_error_for_test().contains("column 3"));
        assert_eq!(code("4294967296"), Err(ts_result::CodeError));

        let mut s = null_mut();
        let t = "0xC1900210";
        let r = unsafe { ts_return_code_describe(t.as_ptr(), t.len(), &mut s) };
        assert_eq!(r, ts_result::Ok);
        let value: serde_json::Value = serde_json::from_str(&take(s)).unwrap();
        assert_eq!(value["unsigned"], 3_247_440_400u32);
        assert_eq!(value["hex"], "0xC1900210");
        let t = "not a code";
        let r = unsafe { ts_return_code_describe(t.as_ptr(), t.len(), &mut s) };
        assert_eq!(r, ts_result::CodeError);
        let _ = take_last_error_for_test();
    }

    #[test]
    fn languages_and_architectures() {
        let mut s = null_mut();
        for form in ["1033", "0x0409", "en-us"] {
            let r = unsafe { ts_lcid_lookup(form.as_ptr(), form.len(), &mut s) };
            assert_eq!(r, ts_result::Ok);
            assert_eq!(
                take(s),
                r#"{"lcid":1033,"hex":"0x0409","tag":"en-US","name":"English (United States)"}"#
            );
        }
        let r = unsafe { ts_lcid_lookup("xx-YY".as_ptr(), 5, &mut s) };
        assert_eq!(r, ts_result::CodeError);
        assert!(take_last_error_for_test().contains("`xx-YY`"));

        let mut arch = ts_architecture::X86;
        for (text, want) in [
            ("AMD64", ts_architecture::X64),
            ("64-bit", ts_architecture::X64),
            ("ARM 64-bit Processor", ts_architecture::Arm64),
            ("32-bit", ts_architecture::X86),
        ] {
            let r = unsafe { ts_architecture_parse(text.as_ptr(), text.len(), &mut arch) };
            assert_eq!(r, ts_result::Ok);
            assert_eq!(arch, want, "{text}");
        }
        assert_eq!(ts_architecture::X64 as u32, 9);
        let r = unsafe { ts_architecture_parse("sparc".as_ptr(), 5, &mut arch) };
        assert_eq!(r, ts_result::CodeError);
        assert_eq!(arch, ts_architecture::X86);
        let r = unsafe { ts_architecture_parse(null(), 0, null_mut()) };
        assert_eq!(r, ts_result::NullArgument);
        let _ = take_last_error_for_test();
    }
}
