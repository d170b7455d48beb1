//! `ts_host`: a machine the caller describes with callbacks instead of a JSON profile.
//!
//! The library copies the caller's `ts_host` at the start of a call and calls its functions only
//! during that call, on the calling thread. Text goes to a callback as pointer + length (valid
//! only during the callback); text comes back through `ts_host_answer_set` on an answer slot the
//! library owns, so no buffer size has to be guessed and no pointer of the caller is kept.

use std::cell::RefCell;
use std::ffi::c_void;
use std::mem::{MaybeUninit, size_of};

use super::boundary::{Failure, str_in};
use super::result::ts_result;
use crate::machine::{
    FileFacts, FolderFacts, Hardware, Host, HostError, Instance, ProductFacts, ProductQuery,
    RegistryData, RegistryType, RegistryValue,
};
use crate::wql::Query;

/// A slot for one piece of text a host callback gives back (a file version, a registry value's
/// data, an error message).
///
/// Opaque. The library creates it, passes it to a callback, and reads it when the callback has
/// returned; the callback fills it with `ts_host_answer_set`. It is valid only until the callback
/// returns: never keep it, and never pass it to another thread.
pub struct ts_host_answer {
    text: Option<String>,
    // Why the last `ts_host_answer_set` was refused; the call that asked fails with it, so a
    // callback's mistake is reported instead of read as "not found".
    refused: Option<String>,
}

impl ts_host_answer {
    fn new() -> ts_host_answer {
        ts_host_answer {
            text: None,
            refused: None,
        }
    }
}

/// Gives text back from a host callback: `text` points to `text_len` bytes of UTF-8 (NULL with
/// length 0 is the empty string). The library copies them before returning. Calling it again
/// replaces the text.
///
/// Returns `TS_RESULT_NULL_ARGUMENT` or `TS_RESULT_INVALID_UTF8`; the answer then counts as
/// malformed and the library call that ran the callback fails with `TS_RESULT_INVALID_ARGUMENT`
/// (unless a later `ts_host_answer_set` on the same answer succeeds).
///
/// Thread safety: only from inside the callback that received `answer`, on its thread.
///
/// # Safety
///
/// `answer` must be NULL or the answer the library passed to the running callback; `text` must
/// be NULL or point to `text_len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_host_answer_set(
    answer: *mut ts_host_answer,
    text: *const u8,
    text_len: usize,
) -> ts_result {
    ffi_boundary!(check[answer], {
        // SAFETY: not NULL (checked by the boundary); the caller promises it is the live answer
        // of the running callback, which nothing else touches until the callback returns.
        let answer = unsafe { &mut *answer };
        // SAFETY: the caller's promise about `text` and `text_len`.
        match unsafe { str_in(text, text_len, "text") } {
            Ok(text) => {
                answer.text = Some(text.to_owned());
                answer.refused = None;
                Ok(())
            }
            Err(failure) => {
                answer.refused = Some(failure.message.clone());
                Err(failure)
            }
        }
    })
}

/// Which code a product callback is asked about.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ts_product_key {
    /// A product code (the `ThisVersion` operator): this exact product.
    ProductCode = 0,
    /// An upgrade code (the `AnyVersion` operator): any version of the product.
    UpgradeCode = 1,
}

/// Registry value types, numbered as Windows numbers them (`REG_SZ` is 1, as in `winnt.h`), so a
/// Windows caller can pass the type `RegQueryValueEx` gives.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ts_registry_type {
    /// `REG_NONE`: data as hex digits, may be empty.
    None = 0,
    /// `REG_SZ`: data as text.
    Sz = 1,
    /// `REG_EXPAND_SZ`: data as text.
    ExpandSz = 2,
    /// `REG_BINARY`: data as hex digits, two per byte (`"0aff"`).
    Binary = 3,
    /// `REG_DWORD`: data as a decimal or `0x` hex number up to 4294967295.
    Dword = 4,
    /// `REG_MULTI_SZ`: the strings separated by U+0000 (trailing U+0000 ignored).
    MultiSz = 7,
    /// `REG_QWORD`: data as a decimal or `0x` hex number.
    Qword = 11,
}

impl ts_registry_type {
    fn from_u32(value: u32) -> Option<ts_registry_type> {
        [
            ts_registry_type::None,
            ts_registry_type::Sz,
            ts_registry_type::ExpandSz,
            ts_registry_type::Binary,
            ts_registry_type::Dword,
            ts_registry_type::MultiSz,
            ts_registry_type::Qword,
        ]
        .into_iter()
        .find(|t| *t as u32 == value)
    }
}

/// Counts the instances a WQL query returns in a namespace. Returns true and writes `*count` when
/// the query ran; returns false when it failed (unknown class or namespace, unsupported query),
/// optionally with a message given to `error` through `ts_host_answer_set`.
pub type ts_host_wmi_count_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        wmi_namespace: *const u8,
        wmi_namespace_len: usize,
        query: *const u8,
        query_len: usize,
        count: *mut u64,
        error: *mut ts_host_answer,
    ) -> bool,
>;

/// Runs a WQL query and gives back the matching instances as a JSON array of objects (property
/// name to null, boolean, number, string or array), e.g. `[{"OSArchitecture":"64-bit"}]`,
/// through `ts_host_answer_set(result, ...)`, and returns true. Returns false when the query
/// failed, optionally with a message in `result`. Conditions that read properties (MDT OS
/// conditions, make and model, computer) need it; WMI conditions need only a count.
pub type ts_host_wmi_query_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        wmi_namespace: *const u8,
        wmi_namespace_len: usize,
        query: *const u8,
        query_len: usize,
        result: *mut ts_host_answer,
    ) -> bool,
>;

/// Returns whether the file exists (the path is already `%`-expanded). When it does, it may give
/// the file version (dotted, `10.0.19041.1`) and the modification time (UTC, RFC 3339,
/// `2023-05-01T10:00:00Z`); an answer left unset means the file has none.
pub type ts_host_file_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        path: *const u8,
        path_len: usize,
        version: *mut ts_host_answer,
        modified: *mut ts_host_answer,
    ) -> bool,
>;

/// Returns whether the folder exists, and may give its modification time (UTC, RFC 3339).
pub type ts_host_folder_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        path: *const u8,
        path_len: usize,
        modified: *mut ts_host_answer,
    ) -> bool,
>;

/// Returns whether the registry value exists (`value` is the value name, empty for the key's
/// default value). When it does, it writes its `ts_registry_type` number to `*value_type` and gives
/// its data as text in the form `ts_registry_type` describes.
pub type ts_host_registry_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        key: *const u8,
        key_len: usize,
        value: *const u8,
        value_len: usize,
        value_type: *mut u32,
        data: *mut ts_host_answer,
    ) -> bool,
>;

/// Returns whether an MSI product with this product or upgrade code is installed, and may give
/// its version (dotted).
pub type ts_host_product_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        key: ts_product_key,
        code: *const u8,
        code_len: usize,
        version: *mut ts_host_answer,
    ) -> bool,
>;

/// Returns whether the operating system's environment has the variable (`windir`), giving its
/// value. Used for `%NAME%` references the task sequence variables do not hold (File and Folder
/// paths) and for the architecture fallback of MDT OS conditions.
pub type ts_host_env_var_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        name: *const u8,
        name_len: usize,
        value: *mut ts_host_answer,
    ) -> bool,
>;

/// Gives the Check Readiness facts as a JSON object with the fields of a machine profile's
/// `hardware` (`{"memory_mb":16384,"free_disk_mb":120000,"on_ac_power":true,…}`, every field
/// optional) through `ts_host_answer_set(result, ...)` and returns true; returns false when the
/// host knows none. A NULL function means no facts.
pub type ts_host_hardware_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, result: *mut ts_host_answer) -> bool>;

/// A machine described by the caller's functions, for `ts_condition_eval_with_host` and
/// `ts_condition_explain_with_host`.
///
/// Set `struct_size` to `sizeof(ts_host)`, so that a newer library knows which fields an older
/// caller has (fields are only ever appended). Any function may be NULL: for files, folders,
/// registry values, products and environment variables NULL means "the host does not know"
/// (not found); for WMI, a query with neither WMI function is an error. With only `wmi_query`,
/// counts are taken from its instances.
///
/// Every function gets `user_data` as its first argument. Text arguments are UTF-8 pointer +
/// length, valid only until the function returns. Functions run only during the library call
/// they were passed to, on the calling thread, any number of times, in no promised order.
/// A function must return normally: it must not throw a C++ or C# exception, `longjmp` out,
/// or free a handle the running call uses. It reports failure through its return value.
/// A function may call other library functions (including evaluating another condition).
///
/// The library copies this struct when the call starts and keeps no pointer to it, to
/// `user_data` or to any text once the call returns.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ts_host {
    /// `sizeof(ts_host)` as the caller's header declares it.
    pub struct_size: usize,
    /// Passed unchanged to every function; the library never reads it.
    pub user_data: *mut c_void,
    /// WMI instance counts (WMI conditions).
    pub wmi_count: ts_host_wmi_count_fn,
    /// WMI instances (conditions that read WMI properties).
    pub wmi_query: ts_host_wmi_query_fn,
    /// Files.
    pub file: ts_host_file_fn,
    /// Folders.
    pub folder: ts_host_folder_fn,
    /// Registry values.
    pub registry: ts_host_registry_fn,
    /// Installed MSI products.
    pub product: ts_host_product_fn,
    /// Operating system environment variables.
    pub env_var: ts_host_env_var_fn,
    /// Check Readiness facts. Added after the first release: a caller built against an older
    /// header declares a smaller `struct_size` and is treated as having none.
    pub hardware: ts_host_hardware_fn,
}

// Partial copies rely on every field being one pointer wide, so that a size rounded down to a
// multiple of the pointer size ends at a field boundary.
const POINTER: usize = size_of::<usize>();
const _: () = assert!(size_of::<ts_host>() == 10 * POINTER);
const MIN_HOST_SIZE: usize = 2 * POINTER;

/// The caller's host, copied, answering [`Host`] questions through its callbacks.
pub(crate) struct CallbackHost {
    callbacks: ts_host,
    // The first callback mistake (a refused answer, an unknown registry type, malformed JSON).
    // Evaluation goes on, but the call fails with it afterwards.
    problem: RefCell<Option<String>>,
}

impl CallbackHost {
    /// Copies the caller's struct, as much of it as the caller declared.
    ///
    /// # Safety
    ///
    /// `host` must point to a readable `ts_host` of at least `struct_size` bytes (and at least
    /// its first field), whose non-NULL function pointers are valid C functions of their types.
    pub(crate) unsafe fn from_raw(host: *const ts_host) -> Result<CallbackHost, Failure> {
        // SAFETY: the first field is always present; `read_unaligned` because nothing promises
        // more than the caller's own alignment.
        let declared = unsafe { host.cast::<usize>().read_unaligned() };
        if declared < MIN_HOST_SIZE {
            return Err(Failure::new(
                ts_result::InvalidArgument,
                format!(
                    "`host.struct_size` is {declared}; set it to sizeof(ts_host), which is {}",
                    size_of::<ts_host>()
                ),
            ));
        }
        let copied = declared.min(size_of::<ts_host>()) / POINTER * POINTER;
        let mut local = MaybeUninit::<ts_host>::zeroed();
        // SAFETY: `copied` bytes are readable from the caller's struct (at most what it
        // declared) and fit in `local`; the regions are distinct.
        unsafe {
            std::ptr::copy_nonoverlapping(
                host.cast::<u8>(),
                local.as_mut_ptr().cast::<u8>(),
                copied,
            );
        }
        // SAFETY: all-zero bytes are a valid `ts_host` (0 size, NULL data, no functions), and
        // the copied prefix consists of whole fields written by the caller.
        let callbacks = unsafe { local.assume_init() };
        Ok(CallbackHost {
            callbacks,
            problem: RefCell::new(None),
        })
    }

    /// Ends the call: a callback's mistake fails it even when evaluation got an answer.
    pub(crate) fn finish(self) -> Result<(), Failure> {
        match self.problem.into_inner() {
            None => Ok(()),
            Some(message) => Err(Failure::new(ts_result::InvalidArgument, message)),
        }
    }

    fn problem(&self, message: impl FnOnce() -> String) {
        if let Ok(mut slot) = self.problem.try_borrow_mut()
            && slot.is_none()
        {
            *slot = Some(message());
        }
    }

    /// The text of an answer after its callback returned, noting a refused one.
    fn take(&self, callback: &str, name: &str, answer: ts_host_answer) -> Option<String> {
        if let Some(why) = answer.refused {
            self.problem(|| format!("the host's `{callback}` callback gave a bad `{name}`: {why}"));
        }
        answer.text
    }

    fn instances(&self, namespace: &str, query: &Query) -> Result<Vec<Instance>, HostError> {
        let Some(callback) = self.callbacks.wmi_query else {
            return Err(HostError::new(format!(
                "the host has no `wmi_query` callback, so it cannot list `{}` instances",
                query.class()
            )));
        };
        let mut result = ts_host_answer::new();
        let text = query.text();
        // SAFETY: the caller promised a valid function; the text and the answer outlive the
        // call, and the answer is reached only through this pointer until it returns.
        let ran = unsafe {
            callback(
                self.callbacks.user_data,
                namespace.as_ptr(),
                namespace.len(),
                text.as_ptr(),
                text.len(),
                &raw mut result,
            )
        };
        let answer = self.take("wmi_query", "result", result);
        if !ran {
            return Err(HostError::new(answer.unwrap_or_else(|| {
                format!("the host's `wmi_query` callback failed for `{text}`")
            })));
        }
        let json = answer.unwrap_or_default();
        serde_json::from_str::<Vec<Instance>>(&json).map_err(|e| {
            let message = format!(
                "the host's `wmi_query` callback answered `{text}` with text that is not a json \
                 array of instances: {e}"
            );
            self.problem(|| message.clone());
            HostError::new(message)
        })
    }
}

/// The registry data a callback gave, read as its type says; `None` when it does not fit.
fn registry_data(kind: ts_registry_type, text: Option<String>) -> Option<RegistryValue> {
    let kind = match kind {
        ts_registry_type::None => RegistryType::None,
        ts_registry_type::Sz => RegistryType::Sz,
        ts_registry_type::ExpandSz => RegistryType::ExpandSz,
        ts_registry_type::Binary => RegistryType::Binary,
        ts_registry_type::Dword => RegistryType::Dword,
        ts_registry_type::MultiSz => RegistryType::MultiSz,
        ts_registry_type::Qword => RegistryType::Qword,
    };
    let data = RegistryData::from_text(kind, &text.unwrap_or_default()).ok()?;
    Some(RegistryValue { kind, data })
}

impl Host for CallbackHost {
    fn wmi_query(&self, namespace: &str, query: &Query) -> Result<Vec<Instance>, HostError> {
        self.instances(namespace, query)
    }

    fn wmi_count(&self, namespace: &str, query: &Query) -> Result<usize, HostError> {
        let Some(callback) = self.callbacks.wmi_count else {
            if self.callbacks.wmi_query.is_some() {
                return self.instances(namespace, query).map(|rows| rows.len());
            }
            return Err(HostError::new(
                "the host has no `wmi_count` or `wmi_query` callback, so it cannot run wmi queries",
            ));
        };
        let mut count = 0u64;
        let mut error = ts_host_answer::new();
        let text = query.text();
        // SAFETY: as in `instances`; `count` is a live, writable `u64`.
        let ran = unsafe {
            callback(
                self.callbacks.user_data,
                namespace.as_ptr(),
                namespace.len(),
                text.as_ptr(),
                text.len(),
                &raw mut count,
                &raw mut error,
            )
        };
        let message = self.take("wmi_count", "error", error);
        if ran {
            Ok(usize::try_from(count).unwrap_or(usize::MAX))
        } else {
            Err(HostError::new(message.unwrap_or_else(|| {
                format!("the host's `wmi_count` callback failed for `{text}`")
            })))
        }
    }

    fn file(&self, path: &str) -> Option<FileFacts> {
        let callback = self.callbacks.file?;
        let mut version = ts_host_answer::new();
        let mut modified = ts_host_answer::new();
        // SAFETY: as in `instances`.
        let exists = unsafe {
            callback(
                self.callbacks.user_data,
                path.as_ptr(),
                path.len(),
                &raw mut version,
                &raw mut modified,
            )
        };
        let version = self.take("file", "version", version);
        let modified = self.take("file", "modified", modified);
        exists.then_some(FileFacts { version, modified })
    }

    fn folder(&self, path: &str) -> Option<FolderFacts> {
        let callback = self.callbacks.folder?;
        let mut modified = ts_host_answer::new();
        // SAFETY: as in `instances`.
        let exists = unsafe {
            callback(
                self.callbacks.user_data,
                path.as_ptr(),
                path.len(),
                &raw mut modified,
            )
        };
        let modified = self.take("folder", "modified", modified);
        exists.then_some(FolderFacts { modified })
    }

    fn registry(&self, key: &str, value: &str) -> Option<RegistryValue> {
        let callback = self.callbacks.registry?;
        let mut kind = u32::MAX;
        let mut data = ts_host_answer::new();
        // SAFETY: as in `instances`; `kind` is a live, writable `u32`.
        let exists = unsafe {
            callback(
                self.callbacks.user_data,
                key.as_ptr(),
                key.len(),
                value.as_ptr(),
                value.len(),
                &raw mut kind,
                &raw mut data,
            )
        };
        let data = self.take("registry", "data", data);
        if !exists {
            return None;
        }
        let Some(known) = ts_registry_type::from_u32(kind) else {
            self.problem(|| {
                format!(
                    "the host's `registry` callback gave type `{kind}` for value `{value}` of \
                     `{key}`, which is not a ts_registry_type"
                )
            });
            return None;
        };
        let shown = data.clone();
        let read = registry_data(known, data);
        if read.is_none() {
            self.problem(|| {
                format!(
                    "the host's `registry` callback gave data `{}` for value `{value}` of `{key}`, \
                     which is not valid for its type",
                    shown.unwrap_or_default()
                )
            });
        }
        read
    }

    fn product(&self, query: &ProductQuery) -> Option<ProductFacts> {
        let callback = self.callbacks.product?;
        let (key, code) = match query {
            ProductQuery::ProductCode(code) => (ts_product_key::ProductCode, code),
            ProductQuery::UpgradeCode(code) => (ts_product_key::UpgradeCode, code),
        };
        let mut version = ts_host_answer::new();
        // SAFETY: as in `instances`.
        let found = unsafe {
            callback(
                self.callbacks.user_data,
                key,
                code.as_ptr(),
                code.len(),
                &raw mut version,
            )
        };
        let version = self.take("product", "version", version).unwrap_or_default();
        found.then(|| {
            let mut facts = ProductFacts {
                version,
                ..ProductFacts::default()
            };
            match key {
                ts_product_key::ProductCode => facts.product_code = code.clone(),
                ts_product_key::UpgradeCode => facts.upgrade_code = code.clone(),
            }
            facts
        })
    }

    fn env_var(&self, name: &str) -> Option<String> {
        let callback = self.callbacks.env_var?;
        let mut value = ts_host_answer::new();
        // SAFETY: as in `instances`.
        let found = unsafe {
            callback(
                self.callbacks.user_data,
                name.as_ptr(),
                name.len(),
                &raw mut value,
            )
        };
        let value = self.take("env_var", "value", value);
        found.then(|| value.unwrap_or_default())
    }

    fn hardware(&self) -> Option<Hardware> {
        let callback = self.callbacks.hardware?;
        let mut result = ts_host_answer::new();
        // SAFETY: as in `instances`.
        let found = unsafe { callback(self.callbacks.user_data, &raw mut result) };
        let json = self.take("hardware", "result", result)?;
        if !found {
            return None;
        }
        match serde_json::from_str::<Hardware>(&json) {
            Ok(facts) => Some(facts),
            Err(e) => {
                self.problem(|| {
                    format!(
                        "the host's `hardware` callback gave text that is not hardware facts: {e}"
                    )
                });
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::error::take_last_error_for_test;

    unsafe fn text<'a>(ptr: *const u8, len: usize) -> &'a str {
        unsafe { std::str::from_utf8(std::slice::from_raw_parts(ptr, len)).unwrap() }
    }

    unsafe fn answer(slot: *mut ts_host_answer, text: &str) {
        assert_eq!(
            unsafe { ts_host_answer_set(slot, text.as_ptr(), text.len()) },
            ts_result::Ok
        );
    }

    unsafe extern "C" fn count_calls(
        user_data: *mut c_void,
        _ns: *const u8,
        _ns_len: usize,
        query: *const u8,
        query_len: usize,
        count: *mut u64,
        error: *mut ts_host_answer,
    ) -> bool {
        unsafe { *user_data.cast::<u32>() += 1 };
        if unsafe { text(query, query_len) }.contains("Win32_Nothing") {
            unsafe { answer(error, "invalid class `Win32_Nothing`") };
            return false;
        }
        unsafe { *count = 2 };
        true
    }

    unsafe extern "C" fn notepad_only(
        _user_data: *mut c_void,
        path: *const u8,
        path_len: usize,
        version: *mut ts_host_answer,
        _modified: *mut ts_host_answer,
    ) -> bool {
        if unsafe { text(path, path_len) }.eq_ignore_ascii_case(r"C:\Windows\notepad.exe") {
            unsafe { answer(version, "10.0.19041.1") };
            true
        } else {
            false
        }
    }

    unsafe extern "C" fn bad_utf8_version(
        _user_data: *mut c_void,
        _path: *const u8,
        _path_len: usize,
        version: *mut ts_host_answer,
        _modified: *mut ts_host_answer,
    ) -> bool {
        let bad = [b'1', 0xff];
        let r = unsafe { ts_host_answer_set(version, bad.as_ptr(), bad.len()) };
        assert_eq!(r, ts_result::InvalidUtf8);
        true
    }

    unsafe extern "C" fn registry(
        _user_data: *mut c_void,
        _key: *const u8,
        _key_len: usize,
        value: *const u8,
        value_len: usize,
        kind: *mut u32,
        data: *mut ts_host_answer,
    ) -> bool {
        let (t, d) = match unsafe { text(value, value_len) } {
            "UBR" => (ts_registry_type::Dword as u32, "0xEDB"),
            "List" => (ts_registry_type::MultiSz as u32, "a\0b\0"),
            "Blob" => (ts_registry_type::Binary as u32, "0aFF"),
            "Weird" => (99, "x"),
            "BadNumber" => (ts_registry_type::Dword as u32, "4294967296"),
            _ => return false,
        };
        unsafe {
            *kind = t;
            answer(data, d);
        }
        true
    }

    fn host(callbacks: ts_host) -> CallbackHost {
        unsafe { CallbackHost::from_raw(&callbacks) }.unwrap()
    }

    fn empty(user_data: *mut c_void) -> ts_host {
        ts_host {
            struct_size: size_of::<ts_host>(),
            user_data,
            wmi_count: None,
            wmi_query: None,
            file: None,
            folder: None,
            registry: None,
            product: None,
            env_var: None,
            hardware: None,
        }
    }

    unsafe extern "C" fn laptop(user_data: *mut c_void, result: *mut ts_host_answer) -> bool {
        let json = if user_data.is_null() {
            "not json"
        } else {
            r#"{"memory_mb":8192,"on_ac_power":false}"#
        };
        unsafe { answer(result, json) };
        true
    }

    #[test]
    fn hardware_facts_come_from_the_callback_and_old_structs_have_none() {
        let mut marker = 0u8;
        let h = host(ts_host {
            hardware: Some(laptop),
            ..empty((&raw mut marker).cast())
        });
        let facts = h.hardware().unwrap();
        assert_eq!(
            (facts.memory_mb, facts.on_ac_power),
            (Some(8192), Some(false))
        );
        assert!(h.finish().is_ok());

        let bad = host(ts_host {
            hardware: Some(laptop),
            ..empty(std::ptr::null_mut())
        });
        assert_eq!(bad.hardware(), None);
        assert!(bad.finish().unwrap_err().message.contains("hardware"));

        // A caller compiled before the field existed declares the older size.
        let older = ts_host {
            struct_size: 9 * POINTER,
            hardware: Some(laptop),
            ..empty((&raw mut marker).cast())
        };
        assert_eq!(
            unsafe { CallbackHost::from_raw(&older) }
                .unwrap()
                .hardware(),
            None
        );
        assert_eq!(host(empty(std::ptr::null_mut())).hardware(), None);
    }

    #[test]
    fn wmi_counts_and_failures_go_through_the_callback() {
        let mut calls = 0u32;
        let h = host(ts_host {
            wmi_count: Some(count_calls),
            ..empty((&raw mut calls).cast())
        });
        let q = Query::parse("SELECT * FROM Win32_Battery").unwrap();
        assert_eq!(h.wmi_count(r"root\cimv2", &q), Ok(2));
        let bad = Query::parse("SELECT * FROM Win32_Nothing").unwrap();
        assert_eq!(
            h.wmi_count(r"root\cimv2", &bad).unwrap_err().message,
            "invalid class `Win32_Nothing`"
        );
        assert!(h.wmi_query(r"root\cimv2", &q).is_err());
        assert!(h.finish().is_ok());
        assert_eq!(calls, 2);

        let none = host(empty(std::ptr::null_mut()));
        assert!(none.wmi_count(r"root\cimv2", &q).is_err());
        assert_eq!(none.file("x"), None);
        assert_eq!(none.env_var("windir"), None);
    }

    #[test]
    fn files_and_refused_answers() {
        let h = host(ts_host {
            file: Some(notepad_only),
            ..empty(std::ptr::null_mut())
        });
        let found = h.file(r"c:\windows\NOTEPAD.EXE").unwrap();
        assert_eq!(found.version.as_deref(), Some("10.0.19041.1"));
        assert_eq!(found.modified, None);
        assert_eq!(h.file(r"C:\missing.txt"), None);
        assert!(h.finish().is_ok());

        let h = host(ts_host {
            file: Some(bad_utf8_version),
            ..empty(std::ptr::null_mut())
        });
        assert!(h.file("x").is_some());
        let failure = h.finish().unwrap_err();
        assert_eq!(failure.code, ts_result::InvalidArgument);
        assert!(failure.message.contains("`file`"), "{}", failure.message);
        let _ = take_last_error_for_test();
    }

    #[test]
    fn registry_data_by_type() {
        let h = host(ts_host {
            registry: Some(registry),
            ..empty(std::ptr::null_mut())
        });
        assert_eq!(
            h.registry("HKLM", "UBR").unwrap().data,
            RegistryData::Number(3803)
        );
        assert_eq!(
            h.registry("HKLM", "List").unwrap().data,
            RegistryData::Strings(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            h.registry("HKLM", "Blob").unwrap().data,
            RegistryData::Bytes(vec![0x0a, 0xff])
        );
        assert_eq!(h.registry("HKLM", "Missing"), None);
        assert!(h.finish().is_ok());

        for (value, needle) in [("Weird", "type `99`"), ("BadNumber", "`4294967296`")] {
            let h = host(ts_host {
                registry: Some(registry),
                ..empty(std::ptr::null_mut())
            });
            assert_eq!(h.registry("HKLM", value), None);
            let message = h.finish().unwrap_err().message;
            assert!(message.contains(needle), "{message}");
        }
    }

    #[test]
    fn struct_size_is_checked_and_honoured() {
        let mut calls = 0u32;
        let mut callbacks = ts_host {
            wmi_count: Some(count_calls),
            file: Some(notepad_only),
            ..empty((&raw mut calls).cast())
        };
        callbacks.struct_size = 0;
        let err = unsafe { CallbackHost::from_raw(&callbacks) }.err().unwrap();
        assert_eq!(err.code, ts_result::InvalidArgument);
        assert!(err.message.contains("struct_size"), "{}", err.message);

        // An older caller that knew only the fields up to `wmi_count`: later ones are unseen.
        callbacks.struct_size = 3 * POINTER;
        let h = unsafe { CallbackHost::from_raw(&callbacks) }.unwrap();
        assert!(h.callbacks.wmi_count.is_some());
        assert!(h.callbacks.file.is_none());

        // A newer caller with more fields than this library knows.
        callbacks.struct_size = size_of::<ts_host>() + 64;
        let h = unsafe { CallbackHost::from_raw(&callbacks) }.unwrap();
        assert!(h.callbacks.file.is_some());
    }

    #[test]
    fn answer_set_checks_its_arguments() {
        let mut slot = ts_host_answer::new();
        let r = unsafe { ts_host_answer_set(std::ptr::null_mut(), std::ptr::null(), 0) };
        assert_eq!(r, ts_result::NullArgument);
        let r = unsafe { ts_host_answer_set(&raw mut slot, std::ptr::null(), 0) };
        assert_eq!(r, ts_result::Ok);
        assert_eq!(slot.text.as_deref(), Some(""));
        let r = unsafe { ts_host_answer_set(&raw mut slot, std::ptr::null(), 3) };
        assert_eq!(r, ts_result::NullArgument);
        assert!(slot.refused.is_some());
        let _ = take_last_error_for_test();
    }
}
