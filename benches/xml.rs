//! XML load: our reader (bytes to the lossless model) beside a raw quick-xml event scan of the same
//! bytes, on the largest corpus file and on a large generated sequence; and the model's memory.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// Counts live heap bytes, to measure what a loaded model keeps.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The peer: every event of the document and every attribute, nothing kept. A sequence embedded as
/// CDATA (ConfigMgr's `object.xml`) is scanned too, as any reader of the sequence must.
fn raw_scan(text: &str) -> usize {
    let mut reader = Reader::from_str(text);
    let mut events = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e) | Event::Empty(e)) => {
                events += e.attributes().count();
            }
            Ok(Event::CData(c)) if c.trim_start().starts_with("<sequence") => {
                events += raw_scan(&c);
            }
            Ok(_) => events += 1,
            Err(_) => break,
        }
    }
    events
}

/// A large sequence written for this benchmark: groups of ConfigMgr-style steps with conditions,
/// hidden variables and escaped text, about 2 MB.
fn generated() -> String {
    let mut out = String::from(
        "<sequence version=\"3.10\"><referenceList><reference package=\"TST00001\"/></referenceList>",
    );
    for g in 0..400 {
        out.push_str(&format!("<group name=\"Group {g}\" description=\"\"><condition><operator type=\"and\"><expression type=\"SMS_TaskSequence_VariableConditionExpression\"><variable name=\"Operator\">notEquals</variable><variable name=\"Value\">true</variable><variable name=\"Variable\">_SMSTSInWinPE</variable></expression><expression type=\"SMS_TaskSequence_WMIConditionExpression\"><variable name=\"Namespace\">root\\cimv2</variable><variable name=\"Query\">SELECT * FROM Win32_ComputerSystem WHERE Model LIKE '%{g}%'</variable></expression></operator></condition>"));
        for s in 0..6 {
            out.push_str(&format!("<step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"Step {g}.{s}\" description=\"\" runIn=\"WinPEandFullOS\" successCodeList=\"0 3010\" retryCount=\"0\" runFromNet=\"false\" timeout=\"900\"><action>smsswd.exe /run: cmd.exe /c if exist %OSDisk%\\x{s}.txt (echo &gt; found) else (exit {s})</action><defaultVarList><variable name=\"CommandLine\" property=\"CommandLine\" hidden=\"true\">cmd.exe /c if exist %OSDisk%\\x{s}.txt (echo &gt; found) else (exit {s})</variable><variable name=\"SMSTSDisableWow64Redirection\" property=\"DisableWow64Redirection\">false</variable><variable name=\"_SMSTSRunCommandLineAsUser\" property=\"RunAsUser\">false</variable><variable name=\"SuccessCodes\" property=\"SuccessCodes\" hidden=\"true\">0 3010</variable></defaultVarList></step>"));
        }
        out.push_str("</group>");
    }
    out.push_str("</sequence>");
    out
}

fn inputs() -> Vec<(String, String)> {
    let mut inputs = Vec::new();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/037_cm-win10-1607_windowsadmins.xml");
    match std::fs::read_to_string(&corpus) {
        Ok(text) => inputs.push(("largest_corpus_file".to_string(), text)),
        Err(_) => eprintln!(
            "corpus file {} absent: benchmarking the generated input only",
            corpus.display()
        ),
    }
    inputs.push(("generated_2mb".to_string(), generated()));
    inputs
}

fn memory_report(name: &str, text: &str) {
    let before = LIVE.load(Ordering::Relaxed);
    let doc = tasksequence::xml::read(text.as_bytes()).unwrap();
    let kept = LIVE.load(Ordering::Relaxed) - before;
    eprintln!(
        "memory {name}: xml {} bytes, model {} bytes, ratio {:.2}",
        text.len(),
        kept,
        kept as f64 / text.len() as f64
    );
    drop(black_box(doc));
}

fn load(c: &mut Criterion) {
    for (name, text) in inputs() {
        memory_report(&name, &text);
        let mut group = c.benchmark_group(format!("xml_load/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("tasksequence_read", |b| {
            b.iter(|| tasksequence::xml::read(black_box(text.as_bytes())).unwrap())
        });
        group.bench_function("quick_xml_raw_scan", |b| {
            b.iter(|| raw_scan(black_box(&text)))
        });
        let doc = tasksequence::xml::read(text.as_bytes()).unwrap();
        group.bench_function("tasksequence_write", |b| {
            b.iter(|| black_box(&doc).to_xml())
        });
        group.finish();
    }
}

criterion_group!(benches, load);
criterion_main!(benches);
