#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! The cost of going through the C ABI: each C function beside the Rust call it wraps.

use std::hint::black_box;
use std::ptr::null_mut;

use criterion::{Criterion, criterion_group, criterion_main};
use tasksequence::ffi::*;

const FIXTURE: &str = include_str!("../tests/data/ipu-small.xml");

fn read(c: &mut Criterion) {
    let mut group = c.benchmark_group("ffi/read");
    group.bench_function("rust xml::read", |b| {
        b.iter(|| tasksequence::xml::read(black_box(FIXTURE.as_bytes())).unwrap())
    });
    group.bench_function("c ts_sequence_from_xml+free", |b| {
        b.iter(|| {
            let xml = black_box(FIXTURE);
            let mut seq = null_mut();
            let r = unsafe { ts_sequence_from_xml(xml.as_ptr(), xml.len(), &mut seq) };
            assert_eq!(r, ts_result::Ok);
            unsafe { ts_sequence_free(seq) };
        })
    });
    group.finish();
}

fn to_json(c: &mut Criterion) {
    let doc = tasksequence::xml::read(FIXTURE.as_bytes()).unwrap();
    let mut seq = null_mut();
    assert_eq!(
        unsafe { ts_sequence_from_xml(FIXTURE.as_ptr(), FIXTURE.len(), &mut seq) },
        ts_result::Ok
    );
    let mut group = c.benchmark_group("ffi/to_json");
    group.bench_function("rust serde_json::to_string", |b| {
        b.iter(|| serde_json::to_string(black_box(&doc)).unwrap())
    });
    group.bench_function("c ts_sequence_to_json+free", |b| {
        b.iter(|| {
            let mut s = null_mut();
            let r = unsafe { ts_sequence_to_json(black_box(seq), true, &mut s) };
            assert_eq!(r, ts_result::Ok);
            unsafe { ts_string_free(s) };
        })
    });
    group.finish();

    let mut group = c.benchmark_group("ffi/node_name");
    group.bench_function("rust walk()[8].node.name()", |b| {
        b.iter(|| black_box(&doc).sequence.walk()[8].node.name().len())
    });
    group.bench_function("c ts_sequence_node_name+free", |b| {
        b.iter(|| {
            let mut s = null_mut();
            let r = unsafe { ts_sequence_node_name(black_box(seq), black_box(8), &mut s) };
            assert_eq!(r, ts_result::Ok);
            unsafe { ts_string_free(s) };
        })
    });
    group.finish();
    unsafe { ts_sequence_free(seq) };
}

/// Conditions evaluated through `ts_condition_eval` (a pre-parsed handle, which holds a compiled
/// condition, and a `ts_env`) beside `CompiledCondition::evaluate` on the same condition and an
/// equal `Environment`.
fn condition_eval(c: &mut Criterion) {
    use tasksequence::condition::{Condition, EvalContext};
    use tasksequence::vars::Environment;

    let variables = [
        ("_SMSTSOSUpgradeActionReturnCode", "3247440400"),
        ("_SMSTSInWinPE", "false"),
        ("Make", "LENOVO"),
        ("Model", "20XW003GUS"),
        ("OSDComputerName", "LT-0042"),
    ];
    let mut rust_env = Environment::new();
    let mut c_env = null_mut();
    assert_eq!(unsafe { ts_env_new(&mut c_env) }, ts_result::Ok);
    for (name, value) in variables {
        rust_env.set_engine(name, value, false).unwrap();
        let r = unsafe {
            ts_env_set(
                c_env,
                name.as_ptr(),
                name.len(),
                value.as_ptr(),
                value.len(),
            )
        };
        assert_eq!(r, ts_result::Ok);
    }

    let cases = [
        (
            "one comparison",
            "_SMSTSOSUpgradeActionReturnCode == 0xC1900210",
        ),
        (
            "five operands",
            r#"_SMSTSInWinPE == "false" and (Make like "*lenovo*" or Make == "Dell Inc.") and Model != "" and not OSDComputerName like "MININT-*""#,
        ),
    ];
    for (label, text) in cases {
        let condition: Condition = text.parse().unwrap();
        let mut handle = null_mut();
        assert_eq!(
            unsafe { ts_condition_parse(text.as_ptr(), text.len(), &mut handle) },
            ts_result::Ok
        );
        let ctx = EvalContext::new(&rust_env);
        assert_eq!(condition.evaluate(&ctx), Ok(true));

        let compiled = condition.compile();
        let mut group = c.benchmark_group(format!("ffi/condition_eval/{label}"));
        group.bench_function("rust CompiledCondition::evaluate", |b| {
            b.iter(|| black_box(&compiled).evaluate(black_box(&ctx)).unwrap())
        });
        group.bench_function("c ts_condition_eval", |b| {
            b.iter(|| {
                let mut out = false;
                let r = unsafe {
                    ts_condition_eval(
                        black_box(handle),
                        black_box(c_env),
                        std::ptr::null(),
                        &mut out,
                    )
                };
                assert_eq!(r, ts_result::Ok);
                out
            })
        });
        group.finish();
        unsafe { ts_condition_free(handle) };
    }
    unsafe { ts_env_free(c_env) };
}

/// The example upgrade on the example laptop: `ts_simulate` (scenario defaults, trace JSON out)
/// beside `engine::simulate` alone and with the same JSON written.
fn simulate(c: &mut Criterion) {
    use tasksequence::engine::{Scenario, simulate};
    use tasksequence::machine::MachineProfile;

    let xml = include_str!("../examples/upgrade.xml");
    let profile = include_str!("../examples/machines/win10-x64-en-us-laptop.json");
    let doc = tasksequence::xml::read(xml.as_bytes()).unwrap();
    let machine = MachineProfile::from_json(profile).unwrap();
    let mut seq = null_mut();
    assert_eq!(
        unsafe { ts_sequence_from_xml(xml.as_ptr(), xml.len(), &mut seq) },
        ts_result::Ok
    );
    let mut m = null_mut();
    assert_eq!(
        unsafe { ts_machine_from_json(profile.as_ptr(), profile.len(), &mut m) },
        ts_result::Ok
    );
    let rust = || {
        let scenario = Scenario::new().with_machine(black_box(&machine));
        simulate(black_box(&doc.sequence), &machine, &scenario)
    };
    assert!(rust().succeeded());
    let mut group = c.benchmark_group("ffi/simulate");
    group.bench_function("rust engine::simulate", |b| b.iter(rust));
    group.bench_function("rust engine::simulate+to_json", |b| {
        b.iter(|| rust().to_json())
    });
    group.bench_function("c ts_simulate+free", |b| {
        b.iter(|| {
            let mut s = null_mut();
            let r =
                unsafe { ts_simulate(black_box(seq), black_box(m), std::ptr::null(), 0, &mut s) };
            assert_eq!(r, ts_result::Ok);
            unsafe { ts_string_free(s) };
        })
    });
    group.finish();
    unsafe {
        ts_machine_free(m);
        ts_sequence_free(seq);
    }
}

criterion_group!(benches, read, to_json, condition_eval, simulate);
criterion_main!(benches);
