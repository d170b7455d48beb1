#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

//! WQL: parsing corpus-shaped queries, and evaluating pre-parsed ones against a machine profile
//! through `Host::wmi_count` (the path a WMI condition takes).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use tasksequence::machine::{Host, MachineProfile};
use tasksequence::wql::Query;

/// Shapes seen in real sequences: a model match, the language-and-architecture pre-cache test, and
/// a nested version test of the kind OS-version condition groups generate.
const QUERIES: [(&str, &str, &str); 5] = [
    (
        "model_like",
        r"root\cimv2",
        r#"SELECT * FROM Win32_ComputerSystem WHERE Model LIKE "%20XW%""#,
    ),
    (
        "lang_and_arch",
        r"root\cimv2",
        "SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%' AND OSLanguage='1033'",
    ),
    (
        "nested_version",
        r"root\cimv2",
        "SELECT * FROM Win32_OperatingSystem WHERE ((Version like '10.0.[1-9][0-9][0-9][0-9][0-9]' AND BuildNumber>='17763') OR (Version like '1[1-9].%')) AND OSType=18 AND ProductType=1",
    ),
    (
        "battery_ne",
        r"root\cimv2",
        "Select * from Win32_Battery where BatteryStatus != 2",
    ),
    (
        "bios_setting_4_instances",
        r"root\WMI",
        "Select CurrentSetting FROM Lenovo_BiosSetting WHERE CurrentSetting LIKE 'Secure%Boot,Disable%'",
    ),
];

fn profile() -> MachineProfile {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/machines/win10-x64-en-us-laptop.json");
    MachineProfile::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("wql_parse");
    for (name, _, text) in &QUERIES[..3] {
        group.bench_function(*name, |b| b.iter(|| Query::parse(black_box(text)).unwrap()));
    }
    group.finish();
}

fn eval(c: &mut Criterion) {
    let profile = profile();
    let mut group = c.benchmark_group("wql_eval_wmi_count");
    for (name, namespace, text) in &QUERIES {
        let query = Query::parse(text).unwrap();
        group.bench_function(*name, |b| {
            b.iter(|| {
                profile
                    .wmi_count(black_box(namespace), black_box(&query))
                    .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, parse, eval);
criterion_main!(benches);
