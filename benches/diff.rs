#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

//! Structural diff and renders of the largest corpus file (the own diff fixture when the corpus
//! is absent): a diff against itself, against a second version (every fifth step disabled, one
//! step removed, one group renamed), and each render; and the renders of its simulation trace on
//! the example laptop beside the trace's text and JSON forms.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use tasksequence::engine::{Scenario, TextOptions, simulate};
use tasksequence::machine::MachineProfile;
use tasksequence::model::Node;
use tasksequence::xml::Document;

fn largest() -> (String, Vec<u8>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus");
    let best: Option<PathBuf> = std::fs::read_dir(&corpus).ok().and_then(|entries| {
        entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "xml"))
            .max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
    });
    let path = best.unwrap_or_else(|| {
        eprintln!("corpus absent: benchmarking the own fixture");
        root.join("tests/data/diff/base.xml")
    });
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    (name, std::fs::read(path).unwrap())
}

/// A second version: every fifth node disabled (toggled), the last top-level child removed, the
/// first group renamed.
fn edited(doc: &Document) -> Document {
    let mut doc = doc.clone();
    let mut stack: Vec<&mut Vec<Node>> = vec![&mut doc.sequence.children];
    let mut count = 0usize;
    let mut renamed = false;
    while let Some(level) = stack.pop() {
        for node in level.iter_mut() {
            count += 1;
            match node {
                Node::Group(g) => {
                    if !renamed {
                        g.name = Some(format!("{} (v2)", g.name.clone().unwrap_or_default()));
                        renamed = true;
                    }
                    if count.is_multiple_of(5) {
                        g.options.disable = Some(!g.options.is_disabled());
                    }
                    stack.push(&mut g.children);
                }
                Node::Step(s) if count.is_multiple_of(5) => {
                    s.options.disable = Some(!s.options.is_disabled())
                }
                _ => {}
            }
        }
    }
    doc.sequence.children.pop();
    doc
}

fn benches(c: &mut Criterion) {
    let (name, bytes) = largest();
    let doc = tasksequence::xml::read(&bytes).unwrap();
    let v2 = edited(&doc);
    let changes = tasksequence::diff::diff(&doc.sequence, &v2.sequence)
        .changes
        .len();
    eprintln!(
        "{name}: {} bytes, {} nodes, {changes} changes in the second version",
        bytes.len(),
        doc.sequence.walk().len()
    );
    let mut g = c.benchmark_group("diff");
    g.bench_function("self", |b| {
        b.iter(|| tasksequence::diff::diff(black_box(&doc.sequence), black_box(&doc.sequence)))
    });
    g.bench_function("two_versions", |b| {
        b.iter(|| tasksequence::diff::diff(black_box(&doc.sequence), black_box(&v2.sequence)))
    });
    g.bench_function("two_versions_json", |b| {
        b.iter(|| {
            tasksequence::diff::diff(black_box(&doc.sequence), black_box(&v2.sequence)).to_json()
        })
    });
    g.finish();
    let mut g = c.benchmark_group("render");
    g.bench_function("tree", |b| {
        b.iter(|| tasksequence::render::tree(black_box(&doc)))
    });
    g.bench_function("markdown", |b| {
        b.iter(|| tasksequence::render::markdown(black_box(&doc)))
    });
    g.bench_function("mermaid", |b| {
        b.iter(|| tasksequence::render::mermaid(black_box(&doc)))
    });
    g.bench_function("html", |b| {
        b.iter(|| tasksequence::render::html(black_box(&doc)))
    });
    let laptop = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/machines/win10-x64-en-us-laptop.json"),
    )
    .unwrap();
    let laptop = MachineProfile::from_json(&laptop).unwrap();
    let trace = simulate(
        &doc.sequence,
        &laptop,
        &Scenario::new().with_machine(&laptop),
    );
    eprintln!(
        "{name} on the laptop: {} nodes in the trace",
        trace.steps.len()
    );
    g.bench_function("trace_text", |b| {
        b.iter(|| black_box(&trace).to_text(&TextOptions::default()))
    });
    g.bench_function("trace_json", |b| b.iter(|| black_box(&trace).to_json()));
    g.bench_function("trace_markdown", |b| {
        b.iter(|| {
            tasksequence::render::trace_markdown(black_box(&doc), black_box(&trace), Some("laptop"))
        })
    });
    g.bench_function("trace_html", |b| {
        b.iter(|| {
            tasksequence::render::trace_html(black_box(&doc), black_box(&trace), Some("laptop"))
        })
    });
    g.finish();
}

criterion_group!(diff_benches, benches);
criterion_main!(diff_benches);
