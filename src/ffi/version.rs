//! The library version as C sees it.

use std::ffi::c_char;

const VERSION_NUL: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// The library version, e.g. `"0.1.0"`, as a static NUL-terminated string (never NULL, never
/// freed). It equals `TS_VERSION_MAJOR.TS_VERSION_MINOR.TS_VERSION_PATCH` of the header the
/// program was compiled with when the header and library match.
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn ts_version() -> *const c_char {
    ffi_boundary!(default VERSION_NUL.as_ptr().cast(), check [], {
        VERSION_NUL.as_ptr().cast()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equals_the_package_version() {
        let version = unsafe { std::ffi::CStr::from_ptr(ts_version()) };
        assert_eq!(version.to_str().unwrap(), crate::VERSION);
    }
}
