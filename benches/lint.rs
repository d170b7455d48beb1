//! The linter: every rule over the largest corpus file (target: at most 2 ms), with and without
//! reading the XML (with positions) first; and over a generated sequence of 2,400 steps.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tasksequence::lint::{self, Document, LintOptions};

/// Groups of steps with variable and WMI conditions, Set Task Sequence Variable and Run Command
/// Line steps referencing variables: the shapes the rules look at.
fn generated() -> String {
    let mut out = String::from("<sequence version=\"3.10\">");
    for g in 0..400 {
        out.push_str(&format!("<group name=\"Group {g}\" description=\"\"><condition><operator type=\"and\"><expression type=\"SMS_TaskSequence_VariableConditionExpression\"><variable name=\"Operator\">notEquals</variable><variable name=\"Value\">true</variable><variable name=\"Variable\">_SMSTSInWinPE</variable></expression><expression type=\"SMS_TaskSequence_WMIConditionExpression\"><variable name=\"Namespace\">root\\cimv2</variable><variable name=\"Query\">SELECT * FROM Win32_ComputerSystem WHERE Model LIKE '%{g}%'</variable></expression></operator></condition>"));
        for s in 0..5 {
            out.push_str(&format!("<step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"Step {g}.{s}\" description=\"\" runIn=\"WinPEandFullOS\" successCodeList=\"0 3010\"><action>smsswd.exe /run: cmd.exe /c dir %OSDisk%\\x{s}</action><defaultVarList><variable name=\"CommandLine\" property=\"CommandLine\">cmd.exe /c dir %OSDisk%\\x{s}</variable></defaultVarList></step>"));
        }
        out.push_str(&format!("<step type=\"SMS_TaskSequence_SetVariableAction\" name=\"Set {g}\" description=\"\" runIn=\"WinPEandFullOS\" successCodeList=\"0 3010\"><action>tsenv.exe \"Var{g}=x\"</action><defaultVarList><variable name=\"VariableName\" property=\"VariableName\">Var{g}</variable><variable name=\"VariableValue\" property=\"VariableValue\">x</variable></defaultVarList></step></group>"));
    }
    out.push_str("</sequence>");
    out
}

fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut inputs = Vec::new();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/037_cm-win10-1607_windowsadmins.xml");
    match std::fs::read(&corpus) {
        Ok(bytes) => inputs.push(("largest_corpus_file".to_string(), bytes)),
        Err(_) => eprintln!(
            "corpus file {} absent: benchmarking the generated input only",
            corpus.display()
        ),
    }
    inputs.push(("generated_2400_steps".to_string(), generated().into_bytes()));
    inputs
}

fn bench(c: &mut Criterion) {
    let options = LintOptions::default();
    for (name, bytes) in inputs() {
        let mut group = c.benchmark_group(format!("lint/{name}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let doc = Document::read(&bytes).unwrap();
        group.bench_function("lint", |b| {
            b.iter(|| lint::lint(black_box(&doc), black_box(&options)))
        });
        group.bench_function("read_with_positions_and_lint", |b| {
            b.iter(|| {
                let doc = Document::read(black_box(&bytes)).unwrap();
                lint::lint(&doc, &options)
            })
        });
        group.bench_function("read_without_positions", |b| {
            b.iter(|| tasksequence::xml::read(black_box(&bytes)).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
