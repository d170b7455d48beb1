//! Any text: `Document::from_json` never panics; a document read from JSON writes JSON that reads
//! as an equal document, and writing it as XML never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tasksequence::xml::Document;

fuzz_target!(|text: &str| {
    let Ok(doc) = Document::from_json(text) else { return };
    let json = match doc.to_json() {
        Ok(json) => json,
        Err(err) => panic!("a document must serialize: {err}"),
    };
    match Document::from_json(&json) {
        Ok(again) => assert!(again == doc, "JSON round trip changed the document: {json}"),
        Err(err) => panic!("written JSON must read: {err}\n{json}"),
    }
    let _ = doc.to_xml();
});
