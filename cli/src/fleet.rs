//! `tsq simulate FILE --machines DIR|GLOB`: one sequence on many machines, in parallel. Profiles
//! are read as the simulation takes them, and results are printed as they come (in input
//! order), so `--format jsonl` streams a fleet of any size. A progress bar shows on stderr when
//! it is a terminal.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use tasksequence::codes::ReturnCode;
use tasksequence::engine::{FleetSummary, MachineRun, RunResult, Trace, code_text, simulate_fleet};
use tasksequence::machine::MachineProfile;
use tasksequence::model::Sequence;

use crate::fail::Failure;
use crate::simulate_args::{Format, SimulateArgs, build_scenario};

/// Runs the fleet form of `tsq simulate`.
pub fn run(args: &SimulateArgs, sequence: &Sequence, pattern: &str) -> Result<ExitCode, Failure> {
    let files = machine_files(pattern)?;
    if files.is_empty() {
        return Err(Failure(format!(
            "--machines `{pattern}`: no machine profile found"
        )));
    }
    let scenario = build_scenario(args, &MachineProfile::default())?;
    scenario
        .check(sequence)
        .map_err(|e| Failure(e.to_string()))?;
    let error: Arc<Mutex<Option<Failure>>> = Arc::new(Mutex::new(None));
    let profiles = {
        let error = Arc::clone(&error);
        let mut files = files.clone().into_iter();
        // Every thread asks for the next profile; after a bad one, none is handed out.
        std::iter::from_fn(move || {
            if error.lock().map_or(true, |slot| slot.is_some()) {
                return None;
            }
            let file = files.next()?;
            match crate::input::load_machine(&file.to_string_lossy()) {
                Ok(profile) => Some(profile),
                Err(failure) => {
                    if let Ok(mut slot) = error.lock() {
                        slot.get_or_insert(failure);
                    }
                    None
                }
            }
        })
    };
    let progress = progress_bar(files.len() as u64);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut rows = Vec::new();
    let summary = simulate_fleet(sequence, &scenario, profiles, threads, |run| {
        let name = label(run, &files);
        match args.format {
            Format::Jsonl => {
                let line = Row::of(&name, run, true);
                let _ = writeln!(out, "{}", serde_json::to_string(&line).unwrap_or_default());
            }
            Format::Json => rows.push(Row::of(&name, run, false).owned()),
            // html and markdown are refused before a fleet starts.
            Format::Text | Format::Html | Format::Markdown => {
                let _ = writeln!(out, "{}", text_line(&name, run));
            }
        }
        if let Some(bar) = &progress {
            bar.inc(1);
        }
    })
    .map_err(|e| Failure(e.to_string()))?;
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    match args.format {
        Format::Jsonl => {
            let line = SummaryLine { summary: &summary };
            let _ = writeln!(out, "{}", serde_json::to_string(&line).unwrap_or_default());
        }
        Format::Json => {
            let doc = Report {
                machines: &rows,
                summary: &summary,
            };
            let json = serde_json::to_string(&doc).unwrap_or_default();
            let _ = writeln!(out, "{}", crate::output::layout_chosen(&json));
        }
        Format::Text | Format::Html | Format::Markdown => {
            let _ = writeln!(out);
            let _ = write!(out, "{}", summary.to_text());
        }
    }
    let _ = out.flush();
    if let Some(failure) = error.lock().ok().and_then(|mut e| e.take()) {
        return Err(failure);
    }
    if summary.errors > 0 {
        return Err(Failure(format!(
            "{} of {} runs stopped with an error",
            summary.errors, summary.machines
        )));
    }
    Ok(if summary.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The machine's name, or its file's name when the profile has none.
fn label(run: &MachineRun, files: &[PathBuf]) -> String {
    if !run.name.is_empty() {
        return run.name.clone();
    }
    files
        .get(run.index)
        .and_then(|f| f.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One machine's result: `{"machine","result","exit_code","failed_at","error"}`, and in JSON
/// Lines its `trace`.
#[derive(Serialize)]
struct Row<'a> {
    machine: String,
    result: RunResult,
    exit_code: ReturnCode,
    failed_at: Option<String>,
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<&'a Trace>,
}

impl<'a> Row<'a> {
    fn of(name: &str, run: &'a MachineRun, with_trace: bool) -> Self {
        Row {
            machine: name.to_string(),
            result: run.trace.result,
            exit_code: run.trace.exit_code,
            failed_at: run.trace.failed_at.clone(),
            error: run.trace.error.clone(),
            trace: with_trace.then_some(&run.trace),
        }
    }

    fn owned(self) -> Row<'static> {
        Row {
            trace: None,
            machine: self.machine,
            result: self.result,
            exit_code: self.exit_code,
            failed_at: self.failed_at,
            error: self.error,
        }
    }
}

/// The last JSON line: `{"summary":{…}}`.
#[derive(Serialize)]
struct SummaryLine<'a> {
    summary: &'a FleetSummary,
}

/// `--format json`: `{"machines":[…],"summary":{…}}`.
#[derive(Serialize)]
struct Report<'a> {
    machines: &'a [Row<'static>],
    summary: &'a FleetSummary,
}

fn text_line(name: &str, run: &MachineRun) -> String {
    let trace = &run.trace;
    match (trace.result, &trace.error) {
        (RunResult::Success, _) => format!("✓ {name}: success"),
        (RunResult::Failure, Some(error)) => format!("✗ {name}: error: {error}"),
        (RunResult::Failure, None) => {
            let at = trace
                .failed_at
                .as_deref()
                .map(|p| format!(" at `{p}`"))
                .unwrap_or_default();
            format!(
                "✗ {name}: failure, exit code {}{at}",
                code_text(trace.exit_code)
            )
        }
    }
}

fn progress_bar(len: u64) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} machines {eta}") {
        bar.set_style(style);
    }
    Some(bar)
}

/// The profiles a `--machines` argument names: a folder's `*.json`, or the files of a folder
/// whose names match a pattern with `*` (any run) and `?` (one character), sorted by name.
fn machine_files(pattern: &str) -> Result<Vec<PathBuf>, Failure> {
    let path = Path::new(pattern);
    let (dir, name_pattern) = if path.is_dir() {
        (path.to_path_buf(), "*.json".to_string())
    } else {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.contains(['*', '?']) {
            return Err(Failure(format!(
                "--machines `{pattern}`: not a folder, and no `*` or `?` in the file name"
            )));
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        (dir, name)
    };
    let entries = std::fs::read_dir(&dir)
        .map_err(|e| Failure(format!("--machines `{pattern}`: {}: {e}", dir.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| wildcard(&n.to_string_lossy(), &name_pattern))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// `*` and `?` matching of a whole file name.
fn wildcard(name: &str, pattern: &str) -> bool {
    let name: Vec<char> = name.chars().collect();
    let pattern: Vec<char> = pattern.chars().collect();
    // Greedy matching with one backtrack point per `*`, linear in practice.
    let (mut n, mut p) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, n));
                p += 1;
            }
            Some('?') => {
                n += 1;
                p += 1;
            }
            Some(c) if Some(c) == name.get(n) => {
                n += 1;
                p += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    p = sp + 1;
                    n = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

#[cfg(test)]
mod tests {
    use super::wildcard;

    #[test]
    fn wildcards() {
        assert!(wildcard("win10-x64.json", "*.json"));
        assert!(wildcard("win10-x64.json", "win1?-*.json"));
        assert!(!wildcard("win10-x64.jsonx", "*.json"));
        assert!(!wildcard("readme.md", "*.json"));
        assert!(wildcard("a", "*"));
        assert!(wildcard("abcabc", "*abc"));
        assert!(!wildcard("", "?"));
    }
}
