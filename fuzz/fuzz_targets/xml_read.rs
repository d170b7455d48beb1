//! Any bytes: reading never panics, and what is read writes back to something that reads the same.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = tasksequence::xml::read(data) {
        let written = doc.to_xml();
        let again = tasksequence::xml::read(written.as_bytes()).expect("what we write, we read");
        assert!(again == doc, "round trip changed the document");
    }
});
