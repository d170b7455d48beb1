#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! Every corpus file and own fixture through the C ABI: it loads, its node list matches the
//! model's walk, and what it writes loads again to the same document.

mod common;

use std::ptr::null_mut;

use tasksequence::ffi::*;

fn take(s: *mut ts_string) -> String {
    let text = unsafe { (*s).as_str().to_owned() };
    unsafe { ts_string_free(s) };
    text
}

fn last_error() -> String {
    let mut s = null_mut();
    assert_eq!(unsafe { ts_last_error(&mut s) }, ts_result::Ok);
    take(s)
}

fn check(name: &str, bytes: &[u8]) {
    let mut seq = null_mut();
    let r = unsafe { ts_sequence_from_xml(bytes.as_ptr(), bytes.len(), &mut seq) };
    assert_eq!(r, ts_result::Ok, "{name}: {}", last_error());
    let doc = unsafe { (*seq).document() };
    let walk = doc.sequence.walk();

    let mut count = 0;
    assert_eq!(
        unsafe { ts_sequence_node_count(seq, &mut count) },
        ts_result::Ok
    );
    assert_eq!(count, walk.len(), "{name}: node count");
    for (i, visit) in walk.iter().enumerate() {
        let mut depth = 0;
        let mut path = null_mut();
        unsafe {
            assert_eq!(ts_sequence_node_depth(seq, i, &mut depth), ts_result::Ok);
            assert_eq!(ts_sequence_node_path(seq, i, &mut path), ts_result::Ok);
        }
        assert_eq!(depth, visit.depth, "{name}: depth of node {i}");
        assert_eq!(
            take(path),
            visit.path_text().to_string(),
            "{name}: path of node {i}"
        );
    }

    let mut xml = null_mut();
    assert_eq!(unsafe { ts_sequence_to_xml(seq, &mut xml) }, ts_result::Ok);
    let xml = take(xml);
    let mut again = null_mut();
    let r = unsafe { ts_sequence_from_xml(xml.as_ptr(), xml.len(), &mut again) };
    assert_eq!(
        r,
        ts_result::Ok,
        "{name}: written xml does not load: {}",
        last_error()
    );
    assert!(
        unsafe { (*again).document() == doc },
        "{name}: round trip changed the document"
    );

    let mut json = null_mut();
    assert_eq!(
        unsafe { ts_sequence_to_json(seq, true, &mut json) },
        ts_result::Ok
    );
    let json: serde_json::Value = serde_json::from_str(&take(json)).unwrap();
    assert!(json.is_object(), "{name}: json");

    unsafe {
        ts_sequence_free(again);
        ts_sequence_free(seq);
    }
}

#[test]
fn corpus_through_the_c_abi() {
    let Some(files) = common::corpus() else {
        println!("SKIPPED: ../shared/corpus is absent");
        return;
    };
    assert!(!files.is_empty());
    for (name, bytes) in &files {
        check(name, bytes);
    }
    println!("{} corpus files checked through the C ABI", files.len());
}

#[test]
fn fixtures_through_the_c_abi() {
    for (name, bytes) in common::fixtures() {
        check(&name, &bytes);
    }
}
