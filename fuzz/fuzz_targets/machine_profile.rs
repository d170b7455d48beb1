//! Any text: profile loading never panics; a loaded profile serializes and loads again.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(profile) = tasksequence::machine::MachineProfile::from_json(text) {
        let again = tasksequence::machine::MachineProfile::from_json(&profile.to_json());
        assert!(again.is_ok(), "a written profile must load");
    }
});
