//! Any bytes, split at the first NUL into an old and a new sequence: diffing never panics, a
//! sequence has no changes against itself, and the JSON of the changes parses.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tasksequence::diff::diff;
use tasksequence::xml::read;

fuzz_target!(|data: &[u8]| {
    let (old, new) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, data),
    };
    let Ok(old) = read(old) else { return };
    assert!(diff(&old.sequence, &old.sequence).is_empty(), "a sequence differs from itself");
    let Ok(new) = read(new) else { return };
    let changes = diff(&old.sequence, &new.sequence);
    let json = changes.to_json();
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "{json}");
});
