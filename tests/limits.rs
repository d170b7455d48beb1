#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! Resource limits on hostile input: memory stays within a small multiple of the input.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts live and peak heap bytes, so a test can bound what a call allocates.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: delegates every call to the system allocator and only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak bytes allocated (above what was live before) while `f` runs.
fn peak_during(f: impl FnOnce()) -> usize {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    f();
    PEAK.load(Ordering::Relaxed) - before
}

#[test]
fn a_long_group_name_over_many_steps_does_not_multiply_memory() {
    // 1 MiB of group name over 2,000 steps: building every node's path as text would take 2 GB.
    let name = "n".repeat(1 << 20);
    let steps: String = (0..2000)
        .map(|i| format!(r#"<step name="s{i}" type="SMS_TaskSequence_RunCommandLineAction"/>"#))
        .collect();
    let xml =
        format!(r#"<sequence version="3.10"><group name="{name}">{steps}</group></sequence>"#);
    let limit = 16 * xml.len();
    let peak = peak_during(|| {
        let doc = tasksequence::xml::read(xml.as_bytes()).unwrap();
        let walk = doc.sequence.walk();
        assert_eq!(walk.len(), 2001);
        // A path is built only when asked for, and then just that one.
        assert!(walk[2000].path_text().to_string().ends_with("/s1999"));
        let tree = tasksequence::render::tree(&doc);
        assert_eq!(tree.lines().count(), 2002);
    });
    assert!(
        peak < limit,
        "peak {peak} bytes for {} bytes of input",
        xml.len()
    );

    let peak = peak_during(|| {
        let mut seq = std::ptr::null_mut();
        let r =
            unsafe { tasksequence::ffi::ts_sequence_from_xml(xml.as_ptr(), xml.len(), &mut seq) };
        assert_eq!(r, tasksequence::ffi::ts_result::Ok);
        unsafe { tasksequence::ffi::ts_sequence_free(seq) };
    });
    assert!(
        peak < limit,
        "ts_sequence_from_xml: peak {peak} bytes for {} bytes",
        xml.len()
    );
}
