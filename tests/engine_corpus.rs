//! Every corpus file simulates on every example machine: no panic, no error, every node listed
//! once, in document order.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::PathBuf;

use tasksequence::engine::{Scenario, Status, simulate};
use tasksequence::machine::MachineProfile;

fn profiles() -> Vec<(String, MachineProfile)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/machines");
    let mut out: Vec<(String, MachineProfile)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                MachineProfile::from_json(&text).unwrap(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 5);
    out
}

#[test]
fn every_corpus_file_on_every_example_machine() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let mut files = corpus;
    files.extend(common::fixtures());
    let profiles = profiles();
    let mut runs = 0;
    let mut ran_steps = 0;
    for (name, bytes) in &files {
        let doc = tasksequence::xml::read(bytes).unwrap();
        let paths: Vec<String> = doc
            .sequence
            .walk()
            .iter()
            .map(|v| v.path_text().to_string())
            .collect();
        for (profile_name, profile) in &profiles {
            let scenario = Scenario::new().with_machine(profile);
            let trace = simulate(&doc.sequence, profile, &scenario);
            assert!(
                trace.error.is_none(),
                "{name} on {profile_name}: {:?}",
                trace.error
            );
            let listed: Vec<&str> = trace.steps.iter().map(|s| s.path.as_str()).collect();
            assert_eq!(listed, paths, "{name} on {profile_name}");
            assert_eq!(trace.succeeded(), trace.failed_at.is_none(), "{name}");
            if !trace.succeeded() {
                let at = trace.failed_at.as_deref().unwrap();
                assert!(trace.step(at).unwrap().failed(), "{name}: {at}");
            }
            ran_steps += trace
                .steps
                .iter()
                .filter(|s| s.status == Status::Ran)
                .count();
            let back: tasksequence::engine::Trace = serde_json::from_str(&trace.to_json()).unwrap();
            assert_eq!(back, trace, "{name}");
            runs += 1;
        }
    }
    eprintln!("{runs} runs, {ran_steps} nodes ran");
    assert!(ran_steps > 0);
}
