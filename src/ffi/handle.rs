//! The one ownership model of every handle: a handle is a `Box` the library creates and gives to
//! the caller as a raw pointer, borrows while a call runs, and takes back in its `_free`.
//!
//! Every handle type implements [`Handle`]; the functions here are the only places that turn a
//! pointer into a reference or back into a box, so the rules are written (and reviewed) once.

/// A type the C side holds only by pointer (each handle's file implements it; `ffi/mod.rs` lists
/// them all as `Send + Sync`). Handles are created boxed (`Box<T>` becomes the
/// caller's `*mut T` through the boundary's out-parameter) and released by [`free`].
pub(crate) trait Handle: Sized {}

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
