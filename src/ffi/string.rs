//! `ts_string`: text the library hands to the caller.

use super::handle::{free, handle_ref};
use std::ffi::c_char;

/// Text returned by the library: UTF-8, with its length, and NUL-terminated as a convenience.
///
/// Opaque; read it with `ts_string_ptr` and `ts_string_len`, release it with `ts_string_free`.
/// The caller owns every `ts_string` a function writes to an out-parameter.
///
/// The text contains U+0000 only when the data it comes from does (an error message quoting
/// the caller's input, say); use `ts_string_len` rather than `strlen` when that matters.
///
/// Thread safety: immutable; any number of threads may read the same `ts_string` at once.
/// `ts_string_free` must not run while another thread still uses it.
pub struct ts_string {
    // The text followed by exactly one NUL byte.
    bytes: Box<[u8]>,
}

impl super::handle::Handle for ts_string {}

impl ts_string {
    /// A new string holding a copy of `text`.
    pub(crate) fn new(text: impl Into<String>) -> Box<ts_string> {
        let mut bytes = text.into().into_bytes();
        bytes.push(0);
        Box::new(ts_string {
            bytes: bytes.into_boxed_slice(),
        })
    }

    /// The text, without the terminating NUL.
    pub fn as_str(&self) -> &str {
        let text = self.bytes.split_last().map_or(&[][..], |(_, text)| text);
        // Built from a `String` plus one NUL, so the text is always UTF-8.
        std::str::from_utf8(text).unwrap_or_default()
    }
}

const EMPTY: &[u8; 1] = b"\0";

/// The text of `s` as a NUL-terminated UTF-8 string, valid until `ts_string_free(s)`.
///
/// For a NULL `s`, returns a pointer to a static empty string (never NULL), so the result can
/// always be passed to `printf("%s")`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
///
/// `s` must be NULL or a live `ts_string` returned by this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_string_ptr(s: *const ts_string) -> *const c_char {
    ffi_boundary!(default EMPTY.as_ptr().cast(), check [s], {
        // SAFETY: not NULL (checked by the boundary), and the caller promises it is live.
        let s = unsafe { handle_ref(s) };
        s.bytes.as_ptr().cast()
    })
}

/// The length of the text of `s` in bytes, without the terminating NUL; 0 for a NULL `s`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
///
/// `s` must be NULL or a live `ts_string` returned by this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_string_len(s: *const ts_string) -> usize {
    ffi_boundary!(default 0, check [s], {
        // SAFETY: as in `ts_string_ptr`.
        let s = unsafe { handle_ref(s) };
        s.bytes.len().saturating_sub(1)
    })
}

/// Frees a string returned by this library. `ts_string_free(NULL)` does nothing.
///
/// Thread safety: no other thread may be using `s`.
///
/// # Safety
///
/// `s` must be NULL or a `ts_string` returned by this library and not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_string_free(s: *mut ts_string) {
    ffi_boundary!(default (), check [], {
        // SAFETY: the caller hands back a handle of this library, or NULL.
        unsafe { free(s) };
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn text_length_and_terminator() {
        let s = Box::into_raw(ts_string::new("grüße"));
        unsafe {
            assert_eq!(ts_string_len(s), "grüße".len());
            assert_eq!(CStr::from_ptr(ts_string_ptr(s)).to_str().unwrap(), "grüße");
            assert_eq!((*s).as_str(), "grüße");
            ts_string_free(s);
        }
    }

    #[test]
    fn empty_and_interior_nul() {
        let empty = Box::into_raw(ts_string::new(""));
        let nul = Box::into_raw(ts_string::new("a\0b"));
        unsafe {
            assert_eq!(ts_string_len(empty), 0);
            assert_eq!(*ts_string_ptr(empty), 0);
            assert_eq!(ts_string_len(nul), 3);
            assert_eq!((*nul).as_str(), "a\0b");
            ts_string_free(empty);
            ts_string_free(nul);
        }
    }

    #[test]
    fn null_is_harmless() {
        unsafe {
            assert_eq!(ts_string_len(std::ptr::null()), 0);
            assert_eq!(
                CStr::from_ptr(ts_string_ptr(std::ptr::null())).to_bytes(),
                b""
            );
            ts_string_free(std::ptr::null_mut());
        }
    }
}
