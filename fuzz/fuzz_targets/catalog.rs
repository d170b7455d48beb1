//! Any text: the pre-cache inputs (package catalog, deployment, plan options) read without
//! panicking, and planning a fixed sequence with a read catalog never panics.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tasksequence::machine::MachineProfile;
use tasksequence::precache::{Catalog, Deployment, PlanOptions, plan};
use tasksequence::xml::Document;

fn fixtures() -> &'static (Document, MachineProfile) {
    static FIXTURES: OnceLock<(Document, MachineProfile)> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let doc = tasksequence::xml::read(include_bytes!("../../examples/upgrade-multilang.xml"))
            .expect("the example reads");
        let machine = MachineProfile::from_json(include_str!(
            "../../examples/machines/win11-x64-de-de-desktop.json"
        ))
        .unwrap_or_default();
        (doc, machine)
    })
}

fuzz_target!(|text: &str| {
    let (doc, machine) = fixtures();
    if let Ok(catalog) = Catalog::from_json(text) {
        let p = plan(&doc.sequence, &catalog, machine, &PlanOptions::default());
        let json = p.to_json();
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "{json}");
    }
    if let Ok(options) = PlanOptions::from_json(text) {
        let _ = plan(&doc.sequence, &Catalog::default(), machine, &options);
    }
    let _ = Deployment::from_json(text);
});
