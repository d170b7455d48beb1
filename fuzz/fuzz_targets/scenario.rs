//! Any text: scenario JSON (and `--outcome` specs) read without panicking; a read scenario writes
//! JSON that reads as an equal scenario, and simulating a fixed sequence with it never panics.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tasksequence::engine::{Outcome, Scenario, simulate};
use tasksequence::machine::MachineProfile;
use tasksequence::model::Sequence;

fn fixtures() -> &'static (Sequence, MachineProfile) {
    static FIXTURES: OnceLock<(Sequence, MachineProfile)> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let sequence = tasksequence::xml::read(include_bytes!("../../examples/upgrade.xml"))
            .map(|d| d.sequence)
            .unwrap_or_default();
        let machine = MachineProfile::from_json(include_str!(
            "../../examples/machines/win10-x64-en-us-laptop.json"
        ))
        .unwrap_or_default();
        (sequence, machine)
    })
}

fuzz_target!(|text: &str| {
    let _ = Outcome::parse_spec(text);
    let Ok(mut scenario) = Scenario::from_json(text) else { return };
    let json = scenario.to_json();
    match Scenario::from_json(&json) {
        Ok(again) => assert!(again == scenario, "JSON round trip changed the scenario: {json}"),
        Err(err) => panic!("written scenario must read: {err}\n{json}"),
    }
    // Keep each run short: the step budget is the scenario's to choose, the fuzzer's time is not.
    scenario.options.max_steps = scenario.options.max_steps.min(2_000);
    let (sequence, machine) = fixtures();
    let trace = simulate(sequence, machine, &scenario);
    let _ = trace.to_json();
});
