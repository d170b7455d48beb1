//! The one boundary every exported function crosses: panic catching, NULL checks, the last
//! error, and out-parameters written only on success.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::error::set_last_error;
use super::result::ts_result;

/// Wraps the body of every exported function.
///
/// Three forms:
///
/// - `ffi_boundary!(check [a, b], out o, { ... })`: a fallible function with an
///   out-parameter. `a`, `b` and `o` are NULL-checked, the body is a `Result<T, Failure>`,
///   and `T` is written to `*o` only when it is `Ok`. Returns `ts_result`.
/// - `ffi_boundary!(check [a, b], { ... })`: the same without an out-parameter; the body is
///   a `Result<(), Failure>`.
/// - `ffi_boundary!(default d, check [a], { ... })`: an infallible function; the body is the
///   value, and `d` is returned instead when a pointer is NULL or the body panics.
///
/// In every form a panic is caught and recorded as the thread's last error, and so is a
/// failure or a NULL pointer. Keeping all of this in one place is what lets the C API promise
/// the same behaviour for every function.
macro_rules! ffi_boundary {
    (check [$($ptr:ident),* $(,)?], out $out:ident, $body:block) => {
        $crate::ffi::boundary::fallible(|| {
            $( $crate::ffi::boundary::not_null($ptr.is_null(), stringify!($ptr))?; )*
            $crate::ffi::boundary::not_null($out.is_null(), stringify!($out))?;
            let value = $body?;
            let value = $crate::ffi::boundary::IntoOut::into_out(value);
            // SAFETY: `$out` is not NULL (checked above) and the caller promises that it points
            // to writable, aligned memory for one value.
            unsafe { $out.write(value) };
            Ok(())
        })
    };
    (check [$($ptr:ident),* $(,)?], $body:block) => {
        $crate::ffi::boundary::fallible(|| {
            $( $crate::ffi::boundary::not_null($ptr.is_null(), stringify!($ptr))?; )*
            $body
        })
    };
    (default $default:expr, check [$($ptr:ident),* $(,)?], $body:block) => {
        $crate::ffi::boundary::infallible(|| $default, || {
            $(
                if $ptr.is_null() {
                    $crate::ffi::boundary::record_null(stringify!($ptr));
                    return $default;
                }
            )*
            $body
        })
    };
}

/// Why a call failed: the code it returns and the message `ts_last_error` gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) code: ts_result,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn new(code: ts_result, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }

    fn null_argument(name: &str) -> Failure {
        Failure::new(
            ts_result::NullArgument,
            format!("argument `{name}` must not be null"),
        )
    }
}

/// Conversion from what a body returns to what its out-parameter holds: boxes become owned
/// raw pointers (ownership passes to the caller), plain values are copied.
pub(crate) trait IntoOut<T> {
    fn into_out(self) -> T;
}

impl<T: Copy> IntoOut<T> for T {
    fn into_out(self) -> T {
        self
    }
}

impl<T> IntoOut<*mut T> for Box<T> {
    fn into_out(self) -> *mut T {
        Box::into_raw(self)
    }
}

pub(crate) fn not_null(is_null: bool, name: &str) -> Result<(), Failure> {
    if is_null {
        Err(Failure::null_argument(name))
    } else {
        Ok(())
    }
}

pub(crate) fn record_null(name: &str) {
    set_last_error(Failure::null_argument(name).message);
}

/// Runs the body of a fallible function.
pub(crate) fn fallible(body: impl FnOnce() -> Result<(), Failure>) -> ts_result {
    // The state a body could leave half-changed is either the caller's (untouched until the
    // final write) or a handle that is immutable, so observing it after a panic is sound.
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => ts_result::Ok,
        Ok(Err(failure)) => {
            set_last_error(failure.message);
            failure.code
        }
        Err(payload) => {
            set_last_error(panic_message(payload));
            ts_result::Panic
        }
    }
}

/// Runs the body of an infallible function.
pub(crate) fn infallible<T>(default: impl FnOnce() -> T, body: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(payload) => {
            set_last_error(panic_message(payload));
            default()
        }
    }
}

fn panic_message(payload: Box<dyn Any + Send>) -> String {
    let detail = if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        String::from("no message")
    };
    // A payload's destructor may itself panic; that must not unwind into C.
    if catch_unwind(AssertUnwindSafe(move || drop(payload))).is_err() {
        // The second payload is leaked on purpose: dropping it could panic again.
    }
    format!("internal error: the library panicked (`{detail}`); please report this as a bug")
}

/// Borrows a caller's UTF-8 string given as pointer and length.
///
/// A NULL pointer with length 0 is the empty string.
///
/// # Safety
///
/// When `ptr` is not NULL it must point to `len` readable bytes that stay valid and unchanged
/// for `'a`.
pub(crate) unsafe fn str_in<'a>(
    ptr: *const u8,
    len: usize,
    name: &str,
) -> Result<&'a str, Failure> {
    let bytes = unsafe { bytes_in(ptr, len, name)? };
    std::str::from_utf8(bytes).map_err(|e| {
        Failure::new(
            ts_result::InvalidUtf8,
            format!(
                "argument `{name}` is not valid utf-8: invalid byte sequence at byte offset {}",
                e.valid_up_to()
            ),
        )
    })
}

/// Borrows a caller's byte buffer given as pointer and length.
///
/// # Safety
///
/// As for [`str_in`].
pub(crate) unsafe fn bytes_in<'a>(
    ptr: *const u8,
    len: usize,
    name: &str,
) -> Result<&'a [u8], Failure> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::new(
                ts_result::NullArgument,
                format!("argument `{name}` is null but its length is {len}"),
            ))
        };
    }
    if len > isize::MAX as usize {
        return Err(Failure::new(
            ts_result::InvalidArgument,
            format!("argument `{name}` has length {len}, larger than any buffer can be"),
        ));
    }
    // SAFETY: not NULL, length within the limit `from_raw_parts` requires, and the caller
    // promises the bytes are readable for `'a`.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::error::take_last_error_for_test;

    #[test]
    fn out_parameter_is_written_only_on_success() {
        fn double(input: *const u32, out: *mut u32) -> ts_result {
            ffi_boundary!(check [input], out out, {
                let value = unsafe { *input };
                if value > 100 {
                    Err(Failure::new(ts_result::OutOfRange, format!("`{value}` is too large")))
                } else {
                    Ok(value * 2)
                }
            })
        }
        let mut out = 7u32;
        assert_eq!(double(&21, &mut out), ts_result::Ok);
        assert_eq!(out, 42);

        let mut out = 7u32;
        assert_eq!(double(&500, &mut out), ts_result::OutOfRange);
        assert_eq!(out, 7);
        assert_eq!(take_last_error_for_test(), "`500` is too large");

        assert_eq!(double(std::ptr::null(), &mut out), ts_result::NullArgument);
        assert_eq!(out, 7);
        assert_eq!(
            take_last_error_for_test(),
            "argument `input` must not be null"
        );
        assert_eq!(double(&1, std::ptr::null_mut()), ts_result::NullArgument);
        assert_eq!(
            take_last_error_for_test(),
            "argument `out` must not be null"
        );
    }

    #[test]
    #[allow(clippy::panic)]
    fn panics_become_results_and_messages() {
        fn boom(out: *mut u32) -> ts_result {
            ffi_boundary!(check [], out out, {
                if !out.is_null() {
                    panic!("kaboom");
                }
                Ok(1u32)
            })
        }
        let mut out = 3u32;
        assert_eq!(boom(&mut out), ts_result::Panic);
        assert_eq!(out, 3);
        let message = take_last_error_for_test();
        assert!(message.contains("`kaboom`"), "{message}");
    }

    #[test]
    #[allow(clippy::panic)]
    fn infallible_functions_return_their_default() {
        fn length(p: *const u8) -> usize {
            ffi_boundary!(default 0, check [p], {
                if unsafe { *p } == 0 {
                    panic!("zero");
                }
                5
            })
        }
        assert_eq!(length(&1), 5);
        assert_eq!(length(&0), 0);
        assert!(take_last_error_for_test().contains("`zero`"));
        assert_eq!(length(std::ptr::null()), 0);
        assert_eq!(take_last_error_for_test(), "argument `p` must not be null");
    }

    #[test]
    fn strings_in() {
        let text = "héllo";
        assert_eq!(
            unsafe { str_in(text.as_ptr(), text.len(), "s") },
            Ok("héllo")
        );
        assert_eq!(unsafe { str_in(std::ptr::null(), 0, "s") }, Ok(""));

        let null = unsafe { str_in(std::ptr::null(), 3, "s") }.unwrap_err();
        assert_eq!(null.code, ts_result::NullArgument);

        let bad = [b'a', b'b', 0xff, b'c'];
        let err = unsafe { str_in(bad.as_ptr(), bad.len(), "xml") }.unwrap_err();
        assert_eq!(err.code, ts_result::InvalidUtf8);
        assert_eq!(
            err.message,
            "argument `xml` is not valid utf-8: invalid byte sequence at byte offset 2"
        );

        let huge = unsafe { bytes_in(bad.as_ptr(), usize::MAX, "b") }.unwrap_err();
        assert_eq!(huge.code, ts_result::InvalidArgument);
    }
}
