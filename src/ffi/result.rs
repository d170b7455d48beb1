//! The status code every fallible C function returns.

use std::ffi::c_char;

/// The outcome of a fallible call.
///
/// `TS_RESULT_OK` is 0; every other value is a failure, and the thread's last error
/// (`ts_last_error`) then holds a message that says what went wrong.
///
/// Values are part of the ABI: each has a fixed number, new values are only ever appended,
/// and a number is never reused or renumbered, even if the value it named is retired.
/// Treat unknown values as generic failures; `ts_result_name` names every known value.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ts_result {
    /// Success; out-parameters have been written.
    Ok = 0,
    /// A pointer argument that must not be NULL was NULL.
    NullArgument = 1,
    /// A string argument was not valid UTF-8.
    InvalidUtf8 = 2,
    /// The library panicked; this is a bug in the library, please report it with the last error.
    Panic = 3,
    /// XML input could not be read as a task sequence; the last error has its line and column.
    ParseError = 4,
    /// An argument was not acceptable (for example a length too large to be a real buffer).
    InvalidArgument = 5,
    /// A value could not be converted to or from JSON.
    JsonError = 6,
    /// An index was not below the number of items.
    OutOfRange = 7,
    /// Condition text that does not parse (the last error has line, column and a caret), or a
    /// condition that cannot be evaluated (a WMI query that fails, a machine question without a
    /// machine, an element the library cannot evaluate).
    ConditionError = 8,
    /// Reserved for a WQL API: a query that does not parse or is not supported. (A WMI query that
    /// fails while a condition is evaluated is a `ConditionError` naming the query.)
    WqlError = 9,
    /// A machine profile that is not JSON or does not fit the schema; the last error names the
    /// field by its path, with line and column.
    MachineError = 10,
    /// A variable that cannot be set: a bad name, a value longer than 4000 characters, a
    /// collection priority outside 1–9.
    EnvironmentError = 11,
    /// Text that is not a return code, a known language or an architecture.
    CodeError = 12,
}

impl ts_result {
    // Every known value, in numeric order.
    pub(crate) const ALL: [ts_result; 13] = [
        ts_result::Ok,
        ts_result::NullArgument,
        ts_result::InvalidUtf8,
        ts_result::Panic,
        ts_result::ParseError,
        ts_result::InvalidArgument,
        ts_result::JsonError,
        ts_result::OutOfRange,
        ts_result::ConditionError,
        ts_result::WqlError,
        ts_result::MachineError,
        ts_result::EnvironmentError,
        ts_result::CodeError,
    ];

    /// The value with this number, if it is a known one.
    pub fn from_u32(value: u32) -> Option<ts_result> {
        ts_result::ALL.into_iter().find(|r| *r as u32 == value)
    }

    /// The C name of this value, e.g. `TS_RESULT_PARSE_ERROR`.
    pub fn name(self) -> &'static str {
        self.name_nul().trim_end_matches('\0')
    }

    // The names carry their terminating NUL so that `ts_result_name` can hand out pointers to
    // them without allocating.
    fn name_nul(self) -> &'static str {
        match self {
            ts_result::Ok => "TS_RESULT_OK\0",
            ts_result::NullArgument => "TS_RESULT_NULL_ARGUMENT\0",
            ts_result::InvalidUtf8 => "TS_RESULT_INVALID_UTF8\0",
            ts_result::Panic => "TS_RESULT_PANIC\0",
            ts_result::ParseError => "TS_RESULT_PARSE_ERROR\0",
            ts_result::InvalidArgument => "TS_RESULT_INVALID_ARGUMENT\0",
            ts_result::JsonError => "TS_RESULT_JSON_ERROR\0",
            ts_result::OutOfRange => "TS_RESULT_OUT_OF_RANGE\0",
            ts_result::ConditionError => "TS_RESULT_CONDITION_ERROR\0",
            ts_result::WqlError => "TS_RESULT_WQL_ERROR\0",
            ts_result::MachineError => "TS_RESULT_MACHINE_ERROR\0",
            ts_result::EnvironmentError => "TS_RESULT_ENVIRONMENT_ERROR\0",
            ts_result::CodeError => "TS_RESULT_CODE_ERROR\0",
        }
    }
}

const UNKNOWN_RESULT_NAME: &str = "TS_RESULT_UNKNOWN\0";

/// The name of a result value as a static NUL-terminated string, e.g. `"TS_RESULT_PARSE_ERROR"`.
///
/// Takes any number, so that values from a newer library can be passed safely: unknown values
/// give `"TS_RESULT_UNKNOWN"`. Never returns NULL; the string must not be freed.
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn ts_result_name(result: u32) -> *const c_char {
    ffi_boundary!(default UNKNOWN_RESULT_NAME.as_ptr().cast(), check [], {
        ts_result::from_u32(result)
            .map_or(UNKNOWN_RESULT_NAME, ts_result::name_nul)
            .as_ptr()
            .cast()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn numbers_are_fixed() {
        // These numbers are ABI: this test changing means a broken promise, not a refactor.
        let expected = [
            ("TS_RESULT_OK", 0),
            ("TS_RESULT_NULL_ARGUMENT", 1),
            ("TS_RESULT_INVALID_UTF8", 2),
            ("TS_RESULT_PANIC", 3),
            ("TS_RESULT_PARSE_ERROR", 4),
            ("TS_RESULT_INVALID_ARGUMENT", 5),
            ("TS_RESULT_JSON_ERROR", 6),
            ("TS_RESULT_OUT_OF_RANGE", 7),
            ("TS_RESULT_CONDITION_ERROR", 8),
            ("TS_RESULT_WQL_ERROR", 9),
            ("TS_RESULT_MACHINE_ERROR", 10),
            ("TS_RESULT_ENVIRONMENT_ERROR", 11),
            ("TS_RESULT_CODE_ERROR", 12),
        ];
        let actual: Vec<(&str, u32)> = ts_result::ALL
            .iter()
            .map(|r| (r.name(), *r as u32))
            .collect();
        assert_eq!(actual, expected);
    }

    #[test]
    fn round_trips_through_u32() {
        for r in ts_result::ALL {
            assert_eq!(ts_result::from_u32(r as u32), Some(r));
        }
        assert_eq!(ts_result::from_u32(13), None);
        assert_eq!(ts_result::from_u32(u32::MAX), None);
    }

    #[test]
    fn c_names_are_static_and_terminated() {
        let name = unsafe { CStr::from_ptr(ts_result_name(4)) };
        assert_eq!(name.to_str().unwrap(), "TS_RESULT_PARSE_ERROR");
        let unknown = unsafe { CStr::from_ptr(ts_result_name(9999)) };
        assert_eq!(unknown.to_str().unwrap(), "TS_RESULT_UNKNOWN");
    }
}
