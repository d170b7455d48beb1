//! The thread's last error message.

use std::cell::Cell;

use super::result::ts_result;
use super::string::ts_string;

thread_local! {
    // A `Cell` rather than a `RefCell`: take-and-put-back cannot fail, so reading the last error
    // can never panic, even re-entrantly.
    static LAST_ERROR: Cell<Option<String>> = const { Cell::new(None) };
}

/// Records `message` as this thread's last error, replacing the previous one.
pub(crate) fn set_last_error(message: String) {
    // During thread teardown the slot may be gone; there is nobody left to read the message then.
    let _ = LAST_ERROR.try_with(|slot| slot.set(Some(message)));
}

/// This thread's last error message, or the empty string when no call on this thread has failed.
pub(crate) fn last_error() -> String {
    LAST_ERROR
        .try_with(|slot| {
            let message = slot.take();
            let copy = message.clone().unwrap_or_default();
            slot.set(message);
            copy
        })
        .unwrap_or_default()
}

#[cfg(test)]
pub(crate) fn take_last_error_for_test() -> String {
    LAST_ERROR.with(|slot| slot.take()).unwrap_or_default()
}

/// Writes the message of the last failed call on the calling thread to `*out`, as a new
/// `ts_string` the caller frees with `ts_string_free`.
///
/// Every failing call (one returning something other than `TS_RESULT_OK`, or an infallible
/// function given a NULL pointer) replaces the message; successful calls leave it alone, so read
/// it right after the failure. Messages of parse errors carry the line and column. When no call
/// on this thread has failed yet, the message is the empty string. Reading it does not clear it.
///
/// Returns `TS_RESULT_NULL_ARGUMENT` when `out` is NULL.
///
/// Thread safety: the message is per thread; a failure on one thread never shows on another.
///
/// # Safety
///
/// `out` must be NULL or point to writable memory for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_last_error(out: *mut *mut ts_string) -> ts_result {
    // Read before the boundary runs, so that a NULL `out` reports itself without first
    // destroying the message the caller wanted.
    let message = last_error();
    ffi_boundary!(check [], out out, { Ok(ts_string::new(message)) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::string::{ts_string_free, ts_string_len};

    fn read_last_error() -> String {
        let mut out = std::ptr::null_mut();
        assert_eq!(unsafe { ts_last_error(&mut out) }, ts_result::Ok);
        let text = unsafe { (*out).as_str().to_owned() };
        unsafe { ts_string_free(out) };
        text
    }

    #[test]
    fn empty_until_something_fails_and_kept_after_reading() {
        let _ = take_last_error_for_test();
        assert_eq!(read_last_error(), "");
        set_last_error("first `x`".to_owned());
        assert_eq!(read_last_error(), "first `x`");
        assert_eq!(read_last_error(), "first `x`");
        set_last_error("second".to_owned());
        assert_eq!(read_last_error(), "second");
    }

    #[test]
    fn null_out_is_reported() {
        assert_eq!(
            unsafe { ts_last_error(std::ptr::null_mut()) },
            ts_result::NullArgument
        );
        assert_eq!(read_last_error(), "argument `out` must not be null");
    }

    #[test]
    fn per_thread() {
        set_last_error("main thread".to_owned());
        let other = std::thread::spawn(|| {
            let before = read_last_error();
            set_last_error("other thread".to_owned());
            let mut out = std::ptr::null_mut();
            assert_eq!(unsafe { ts_last_error(&mut out) }, ts_result::Ok);
            let len = unsafe { ts_string_len(out) };
            unsafe { ts_string_free(out) };
            (before, len)
        })
        .join()
        .unwrap();
        assert_eq!(other, (String::new(), "other thread".len()));
        assert_eq!(read_last_error(), "main thread");
    }
}
