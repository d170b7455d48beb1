//! Any bytes: reading never panics, and what is read writes back to something that reads the same
//! (read → write → read gives an equal document), in the document's own container and on one line.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tasksequence::xml::{self, WriteOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = xml::read(data) else { return };
    for written in [doc.to_xml(), doc.to_xml_with(&WriteOptions::one_line())] {
        let again = match xml::read(written.as_bytes()) {
            Ok(again) => again,
            Err(err) => panic!("what is written must read: {err}\n{written}"),
        };
        assert!(again == doc, "round trip changed the document:\n{written}");
    }
});
