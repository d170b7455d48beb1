//! Any bytes: reading with positions and linting never panics, every finding points inside the
//! input, and the JSON report parses.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = tasksequence::lint::Document::read(data) {
        let findings = tasksequence::lint::lint(&doc, &Default::default());
        let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
        for f in &findings {
            assert!(f.line >= 1 && f.line <= lines && f.column >= 1, "{f:?}");
        }
        let json = tasksequence::lint::findings_json(&findings);
        assert!(json.starts_with("{\"findings\":["));
    }
});
