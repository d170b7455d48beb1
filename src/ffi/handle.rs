//! The one ownership model of every handle: a handle is a `Box` the library creates and gives to
//! the caller as a raw pointer, borrows while a call runs, and takes back in its `_free`.
//!
//! Every handle type implements [`Handle`]; the functions here are the only places that turn a
//! pointer into a reference or back into a box, so the rules are written (and reviewed) once.

use super::condition::ts_condition;
use super::env::ts_env;
use super::machine::ts_machine;
use super::sequence::ts_sequence;
use super::string::ts_string;

/// A type the C side holds only by pointer. Handles are created boxed (`Box<T>` becomes the
/// caller's `*mut T` through the boundary's out-parameter) and released by [`free`].
pub(crate) trait Handle: Sized {}

impl Handle for ts_condition {}
impl Handle for ts_env {}
impl Handle for ts_machine {}
impl Handle for ts_sequence {}
impl Handle for ts_string {}

// Handles cross threads in C without any locking, so each must be shareable: reads from any number
// of threads at once (the header says which calls write). One list, checked at compile time.
const _: fn() = || {
    fn shareable<T: Handle + Send + Sync>() {}
    shareable::<ts_condition>();
    shareable::<ts_env>();
    shareable::<ts_machine>();
    shareable::<ts_sequence>();
    shareable::<ts_string>();
};

/// Borrows a live handle for the rest of the call.
///
/// # Safety
///
/// `ptr` is not NULL (the boundary checks it first) and points to a handle this library created
/// and the caller has not freed; no call writes to it meanwhile (the header's thread rules).
pub(crate) unsafe fn handle_ref<'a, T: Handle>(ptr: *const T) -> &'a T {
    // SAFETY: as the caller promises above.
    unsafe { &*ptr }
}

/// Borrows a live handle mutably for the rest of the call.
///
/// # Safety
///
/// As [`handle_ref`], and no other thread uses the handle during the call.
pub(crate) unsafe fn handle_mut<'a, T: Handle>(ptr: *mut T) -> &'a mut T {
    // SAFETY: as the caller promises above.
    unsafe { &mut *ptr }
}

/// Takes a handle back from the caller and drops it; NULL does nothing.
///
/// # Safety
///
/// `ptr` is NULL or a handle this library created and the caller has not freed, used by no other
/// thread.
pub(crate) unsafe fn free<T: Handle>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: the caller hands back ownership of a box this library created.
        drop(unsafe { Box::from_raw(ptr) });
    }
}
