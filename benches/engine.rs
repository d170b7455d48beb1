#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

//! Simulation: the largest corpus file on one machine (target ≤ 1 ms), the example upgrade, and
//! fleets of 1,000 / 10,000 / 100,000 generated machines on 2 threads beside the one-by-one loop
//! (linear in machines), for full simulations and for evaluating every condition.

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tasksequence::engine::{
    ConditionTable, Scenario, evaluate_fleet, generate, simulate, simulate_fleet,
};
use tasksequence::machine::MachineProfile;
use tasksequence::model::Sequence;

fn read(path: &Path) -> Sequence {
    tasksequence::xml::read(&std::fs::read(path).unwrap())
        .unwrap()
        .sequence
}

/// The largest corpus file, when `../shared/corpus` is there.
fn largest_corpus_file() -> Option<(String, Sequence)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0));
    let path = files.pop()?;
    let name = path.file_name()?.to_string_lossy().into_owned();
    Some((name, read(&path)))
}

fn laptop() -> MachineProfile {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/machines/win10-x64-en-us-laptop.json");
    MachineProfile::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn upgrade() -> Sequence {
    read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/upgrade.xml"))
}

fn one_machine(c: &mut Criterion) {
    let machine = laptop();
    let scenario = Scenario::new().with_machine(&machine);
    let mut group = c.benchmark_group("simulate");
    match largest_corpus_file() {
        Some((name, sequence)) => {
            group.bench_function(format!("largest_corpus_file/{name}"), |b| {
                b.iter(|| simulate(black_box(&sequence), &machine, &scenario));
            });
        }
        None => eprintln!("skipping the corpus benchmark: ../shared/corpus is absent"),
    }
    let sequence = upgrade();
    group.bench_function("examples_upgrade", |b| {
        b.iter(|| simulate(black_box(&sequence), &machine, &scenario));
    });
    group.finish();
}

/// A pool of distinct machines cycled to the fleet's size, so that the fleet costs no memory
/// per machine.
fn pool() -> Vec<MachineProfile> {
    generate::fleet(2024, 1000).collect()
}

fn fleets(c: &mut Criterion) {
    let sequence = upgrade();
    let scenario = Scenario::new();
    let pool = pool();
    let mut group = c.benchmark_group("fleet_simulate");
    group.sample_size(10);
    for size in [1_000usize, 10_000, 100_000] {
        group.throughput(Throughput::Elements(size as u64));
        group.bench_with_input(BenchmarkId::new("two_threads", size), &size, |b, &n| {
            b.iter(|| {
                simulate_fleet(
                    &sequence,
                    &scenario,
                    pool.iter().cycle().take(n),
                    2,
                    |run| {
                        black_box(run.trace.exit_code);
                    },
                )
                .unwrap()
            });
        });
        group.bench_with_input(BenchmarkId::new("one_by_one", size), &size, |b, &n| {
            b.iter(|| {
                for machine in pool.iter().cycle().take(n) {
                    let scenario = scenario.clone().with_machine(machine);
                    black_box(simulate(&sequence, machine, &scenario).exit_code);
                }
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("fleet_conditions");
    group.sample_size(10);
    let corpus = largest_corpus_file()
        .map(|(_, s)| s)
        .unwrap_or_else(upgrade);
    let table = ConditionTable::new(&corpus);
    eprintln!("fleet_conditions: {} conditions per machine", table.len());
    for size in [1_000usize, 10_000, 100_000] {
        group.throughput(Throughput::Elements(size as u64));
        group.bench_with_input(BenchmarkId::new("two_threads", size), &size, |b, &n| {
            b.iter(|| evaluate_fleet(&corpus, pool.iter().cycle().take(n), 2, Default::default()));
        });
        group.bench_with_input(BenchmarkId::new("one_by_one", size), &size, |b, &n| {
            b.iter(|| {
                for machine in pool.iter().cycle().take(n) {
                    black_box(table.evaluate_machine(machine, Default::default()));
                }
            });
        });
    }
    group.finish();
}

criterion_group!(benches, one_machine, fleets);
criterion_main!(benches);
