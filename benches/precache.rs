#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

//! Pre-cache plans: the example multi-language upgrade sequence and catalog, planned for one
//! machine, and for a fleet of 10,000 machines (profiles varying architecture, language and model,
//! parsed before timing) totalled into a `Fleet`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use tasksequence::machine::MachineProfile;
use tasksequence::precache::{Catalog, Fleet, PlanOptions, Planner};

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// A fleet shaped like a real one: mostly English and German x64, some French x86 and Japanese
/// ARM64, four hardware models.
fn fleet(n: usize) -> Vec<MachineProfile> {
    const CLIENTS: [(&str, u32); 5] = [
        ("64-bit", 1033),
        ("64-Bit", 1031),
        ("64-bit", 1033),
        ("32 bits", 1036),
        ("ARM 64-bit Processor", 1041),
    ];
    const MODELS: [&str; 4] = [
        "20XW003GUS",
        "OptiPlex 7090",
        "HP ProBook 640 G1",
        "Surface Pro X",
    ];
    (0..n)
        .map(|i| {
            let (arch, lcid) = CLIENTS[i % CLIENTS.len()];
            let model = MODELS[i % MODELS.len()];
            MachineProfile::from_json(&format!(
                r#"{{"name":"pc{i}","variables":{{"_SMSTSInWinPE":"false"}},"wmi":{{"root\\cimv2":{{
                  "Win32_OperatingSystem":[{{"OSArchitecture":"{arch}","OSLanguage":{lcid},"Version":"10.0.19045"}}],
                  "Win32_ComputerSystemProduct":[{{"Name":"{model}"}}]}}}}}}"#
            ))
            .unwrap()
        })
        .collect()
}

fn plans(c: &mut Criterion) {
    let doc = tasksequence::xml::read(read("examples/upgrade-multilang.xml").as_bytes()).unwrap();
    let catalog = Catalog::from_json(&read("examples/packages.json")).unwrap();
    let laptop =
        MachineProfile::from_json(&read("examples/machines/win10-x64-en-us-laptop.json")).unwrap();
    let planner = Planner::for_document(&doc, &catalog, PlanOptions::default());
    let machines = fleet(10_000);

    let mut group = c.benchmark_group("precache");
    group.bench_function("planner_new", |b| {
        b.iter(|| Planner::for_document(black_box(&doc), &catalog, PlanOptions::default()))
    });
    group.bench_function("plan_one_machine", |b| {
        b.iter(|| planner.plan_for(black_box(&laptop)))
    });
    group.bench_function("plan_one_machine_json", |b| {
        b.iter(|| planner.plan_for(black_box(&laptop)).to_json())
    });
    group.sample_size(10);
    group.bench_function("fleet_10000_machines", |b| {
        b.iter(|| {
            let mut fleet = Fleet::new();
            for m in &machines {
                fleet.add(m.name(), &planner.plan_for(m));
            }
            black_box(fleet.total_mb())
        })
    });
    group.finish();
}

criterion_group!(benches, plans);
criterion_main!(benches);
