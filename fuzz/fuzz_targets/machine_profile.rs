//! Any text: profile loading never panics; a loaded profile serializes, loads again, and
//! serializes to the same JSON.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tasksequence::machine::MachineProfile;

fuzz_target!(|text: &str| {
    let Ok(profile) = MachineProfile::from_json(text) else { return };
    let json = profile.to_json();
    match MachineProfile::from_json(&json) {
        Ok(again) => assert_eq!(again.to_json(), json, "profile JSON is not stable"),
        Err(err) => panic!("a written profile must load: {err}\n{json}"),
    }
});
