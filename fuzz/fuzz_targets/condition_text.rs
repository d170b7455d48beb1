//! Any text: the condition text parser never panics; a parsed condition prints to text that parses
//! to an equal condition (parse(text(c)) == c). Input starting with `<` is also read as a
//! `<condition>` element, whose text must parse back to it where it parses at all. Every parsed
//! condition is evaluated and explained against a machine without panicking.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tasksequence::condition::{Condition, EvalContext, text};
use tasksequence::machine::MachineProfile;

fn machine() -> &'static MachineProfile {
    static MACHINE: OnceLock<MachineProfile> = OnceLock::new();
    MACHINE.get_or_init(|| {
        MachineProfile::from_json(include_str!(
            "../../examples/machines/win10-x64-en-us-laptop.json"
        ))
        .unwrap_or_default()
    })
}

fn check(c: &Condition, must_parse: bool) {
    let printed = text::print(c);
    match text::parse(&printed) {
        Ok(again) => assert_eq!(&again, c, "text changed the condition: {printed}"),
        Err(err) => assert!(!must_parse, "printed text must parse: {err}\n{printed}"),
    }
    let ctx = EvalContext::empty().with_host(machine());
    let _ = c.evaluate(&ctx);
    let _ = c.explain(&ctx);
}

fuzz_target!(|input: &str| {
    if let Ok(c) = text::parse(input) {
        check(&c, true);
    }
    if input.starts_with('<') {
        if let Ok(c) = tasksequence::xml::read_condition(input) {
            check(&c, false);
        }
    }
});
