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

/// Tests take turns: the counters are global, and tests run on several threads. Each test holds
/// the guard from its start, so another test's allocations never land in its measurements.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    TURN.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Peak bytes allocated (above what was live before) while `f` runs.
fn peak_during(f: impl FnOnce()) -> usize {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    f();
    PEAK.load(Ordering::Relaxed).saturating_sub(before)
}

#[test]
fn a_long_group_name_over_many_steps_does_not_multiply_memory() {
    let _turn = one_at_a_time();
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

/// `A == "<1 MiB>"` under 60 alternating `all(…, B exists)` / `any(…, B exists)` (the XML reader
/// takes at most `xml::MAX_CONDITION_DEPTH`): every operator is evaluated, and each one's subtree
/// is the whole megabyte.
fn deep_megabyte_condition() -> tasksequence::condition::Condition {
    use tasksequence::condition::{
        Condition, Expression, ExpressionKind, Operand, Operator, OperatorKind, VariableOperator,
        XmlHints,
    };
    let leaf = |name: &str, operator, value: String| {
        Operand::Expression(Expression::new(ExpressionKind::Variable {
            name: name.into(),
            operator,
            value,
        }))
    };
    let mut op = leaf("A", VariableOperator::Equals, "v".repeat(1 << 20));
    for level in 0..60 {
        op = Operand::Operator(Operator {
            kind: if level % 2 == 0 {
                OperatorKind::And
            } else {
                OperatorKind::Or
            },
            operands: vec![op, leaf("B", VariableOperator::Exists, String::new())],
            extra_attributes: vec![],
            hints: XmlHints::default(),
        });
    }
    Condition {
        operands: vec![op],
        extra_attributes: vec![],
    }
}

#[test]
fn a_deep_megabyte_condition_explains_in_a_small_multiple_of_its_size() {
    use tasksequence::condition::{EvalContext, Outcome};
    let _turn = one_at_a_time();
    let condition = deep_megabyte_condition();
    let text = condition.to_text();
    let size = text.len();
    // Copying each node's subtree text would take depth × size: about 60 MB here. What is left
    // is three copies of the megabyte (the root's text, the leaf's, its fact), each with the
    // slack of a growing string, and the evaluation's own classified copy of the value.
    let limit = 12 * size;
    let mut why = None;
    let peak = peak_during(|| why = Some(condition.explain(&EvalContext::empty())));
    assert!(peak < limit, "explain: peak {peak} bytes for {size} bytes");
    let why = why.unwrap();
    assert_eq!(why.value, Outcome::False);
    let json_len = serde_json::to_string(&why).unwrap().len();
    assert!(
        json_len < 4 * size,
        "explanation JSON of {json_len} bytes for {size} bytes"
    );

    // The same through the C ABI: a handle, its explanation as JSON.
    let mut condition_handle = std::ptr::null_mut();
    let xml = tasksequence::xml::write_condition(
        &condition,
        &tasksequence::xml::WriteOptions::one_line(),
    );
    let r = unsafe {
        tasksequence::ffi::ts_condition_from_xml(xml.as_ptr(), xml.len(), &mut condition_handle)
    };
    assert_eq!(r, tasksequence::ffi::ts_result::Ok);
    let mut env = std::ptr::null_mut();
    assert_eq!(
        unsafe { tasksequence::ffi::ts_env_new(&mut env) },
        tasksequence::ffi::ts_result::Ok
    );
    let peak = peak_during(|| {
        let mut json = std::ptr::null_mut();
        let r = unsafe {
            tasksequence::ffi::ts_condition_explain(
                condition_handle,
                env,
                std::ptr::null(),
                &mut json,
            )
        };
        assert_eq!(r, tasksequence::ffi::ts_result::Ok);
        unsafe { tasksequence::ffi::ts_string_free(json) };
    });
    // The JSON text comes on top: about three more copies.
    assert!(
        peak < limit + 4 * size,
        "ts_condition_explain: peak {peak} bytes for {size} bytes"
    );
    unsafe {
        tasksequence::ffi::ts_env_free(env);
        tasksequence::ffi::ts_condition_free(condition_handle);
    }
}
