//! Any text: the Set Dynamic Variables rules reader never panics, and rules write back to text
//! that reads as equal rules.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tasksequence::xml::{read_rules, write_rules};

fuzz_target!(|text: &str| {
    let Ok(rules) = read_rules(text) else { return };
    let written = write_rules(&rules);
    match read_rules(&written) {
        Ok(again) => assert_eq!(again, rules, "{written}"),
        Err(err) => panic!("written rules must read: {err}\n{written}"),
    }
});
