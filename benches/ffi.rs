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
            let r = unsafe { ts_sequence_to_json(black_box(seq), &mut s) };
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

criterion_group!(benches, read, to_json);
criterion_main!(benches);
