#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! `%NAME%` expansion: throughput on text without `%`, cost per reference, beside a naive peer
//! (a `String::replace` pass per variable), and environment lookups.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tasksequence::vars::{Environment, Layer, expand, expand_redacted};

/// An environment shaped like an MDT/ConfigMgr run: about 100 variables.
fn environment() -> Environment {
    let mut env = Environment::new();
    let named = [
        ("SCRIPTROOT", r"\\mdt01\DeploymentShare$\Scripts"),
        ("DeployRoot", r"\\mdt01\DeploymentShare$"),
        ("OSDisk", "C:"),
        ("_SMSTSMDataPath", r"C:\_SMSTaskSequence"),
        ("_SMSTSLogPath", r"C:\_SMSTaskSequence\Logs"),
        ("OSDComputerName", "PC-0042"),
        ("Architecture", "x64"),
        ("TOOLROOT", r"\\mdt01\DeploymentShare$\Tools\x64"),
        ("OSDJoinPassword", "hunter2"),
        ("_SMSTSLastActionRetCode", "0"),
    ];
    for (name, value) in named {
        env.set_engine(name, value, false).unwrap();
    }
    for i in 0..90 {
        let layer = if i % 3 == 0 {
            Layer::Device
        } else {
            Layer::Runtime
        };
        env.set_layer(
            layer,
            &format!("CustomSetting{i:02}"),
            &format!("value number {i}"),
            false,
        )
        .unwrap();
    }
    env
}

/// The peer: what a script does without a scanner, one replace pass per variable. It is
/// case-sensitive and re-expands inserted values, so it is a cost reference, not a rival.
fn naive(text: &str, patterns: &[(String, String)]) -> String {
    let mut out = text.to_owned();
    for (pattern, value) in patterns {
        out = out.replace(pattern, value);
    }
    out
}

fn patterns(env: &Environment) -> Vec<(String, String)> {
    env.iter()
        .map(|v| (format!("%{}%", v.name()), v.value().to_owned()))
        .collect()
}

/// 64 KiB of command lines as the corpus writes them, without `%`.
fn plain_text() -> String {
    let lines = [
        r#"cscript.exe "\\mdt01\DeploymentShare$\Scripts\ZTIGather.wsf" /localonly /debug:true"#,
        r#"powershell.exe -NoProfile -ExecutionPolicy Bypass -File "C:\Windows\Temp\Invoke-Setup.ps1" -Mode Install"#,
        r#"smsswd.exe /run:ABC00012 cmd /c reg add HKLM\SOFTWARE\Contoso /v Installed /t REG_DWORD /d 1 /f"#,
        r#"osdjoin.exe /type:0 /domain:contoso.com /ou:"OU=Workstations,DC=contoso,DC=com""#,
    ];
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 64 * 1024 {
        text.push_str(lines[i % lines.len()]);
        text.push_str("\r\n");
        i += 1;
    }
    text.truncate(64 * 1024);
    text
}

/// A command line with `n` references (mixed case, short literal text between them).
fn referencing_text(n: usize) -> String {
    let refs = [
        "%SCRIPTROOT%",
        "%osdisk%",
        "%DeployRoot%",
        "%CustomSetting42%",
        "%_SMSTSLogPath%",
        "%Architecture%",
        "%OSDComputerName%",
        "%customsetting07%",
    ];
    let mut text = String::new();
    for i in 0..n {
        text.push_str(refs[i % refs.len()]);
        text.push_str(if i % 2 == 0 { "\\" } else { " " });
    }
    text
}

fn no_percent(c: &mut Criterion) {
    let env = environment();
    let pats = patterns(&env);
    let text = plain_text();
    let mut group = c.benchmark_group("expand_no_percent_64KiB");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("tasksequence", |b| {
        b.iter(|| black_box(expand(black_box(&text), &env)).len())
    });
    group.bench_function("naive_replace", |b| {
        b.iter(|| naive(black_box(&text), &pats).len())
    });
    group.finish();
}

fn per_reference(c: &mut Criterion) {
    let env = environment();
    let pats = patterns(&env);
    let mut group = c.benchmark_group("expand_references");
    for n in [1usize, 16, 256] {
        let text = referencing_text(n);
        assert!(!expand(&text, &env).contains('%'));
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("tasksequence", n), &text, |b, t| {
            b.iter(|| black_box(expand(black_box(t), &env)).len())
        });
        group.bench_with_input(
            BenchmarkId::new("tasksequence_redacted", n),
            &text,
            |b, t| b.iter(|| black_box(expand_redacted(black_box(t), &env)).len()),
        );
        group.bench_with_input(BenchmarkId::new("naive_replace", n), &text, |b, t| {
            b.iter(|| naive(black_box(t), &pats).len())
        });
    }
    group.finish();
}

fn lookups(c: &mut Criterion) {
    let env = environment();
    let mut group = c.benchmark_group("env_get_100_vars");
    group.bench_function("hit_mixed_case", |b| {
        b.iter(|| env.get(black_box("customsetting42")))
    });
    group.bench_function("miss", |b| b.iter(|| env.get(black_box("OSDNotThere"))));
    group.finish();
}

criterion_group!(benches, no_percent, per_reference, lookups);
criterion_main!(benches);
