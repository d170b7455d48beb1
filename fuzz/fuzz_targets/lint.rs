//! Any bytes: reading with positions and linting never panics, every finding points inside the
//! input, and the JSON report parses. Input holding a NUL byte is split there: the part after it
//! is the lint options JSON (with a package catalog).
#![no_main]
use libfuzzer_sys::fuzz_target;
use tasksequence::lint::{Document, LintOptions, findings_json, lint};

fuzz_target!(|data: &[u8]| {
    let (xml, options) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    let options = match options.map(std::str::from_utf8) {
        None => LintOptions::default(),
        Some(Ok(text)) => match LintOptions::from_json(text) {
            Ok(options) => options,
            Err(_) => return,
        },
        Some(Err(_)) => return,
    };
    let Ok(doc) = Document::read(xml) else { return };
    let findings = lint(&doc, &options);
    // Positions count in the decoded text; a UTF-16 file has as many lines as its UTF-8 reading.
    let decoded = String::from_utf8_lossy(xml);
    let lines = decoded.matches('\n').count().max(xml.iter().filter(|&&b| b == b'\n').count()) + 1;
    for f in &findings {
        assert!(f.line >= 1 && f.line <= lines && f.column >= 1, "{f:?}");
    }
    let json = findings_json(&findings);
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "{json}");
});
