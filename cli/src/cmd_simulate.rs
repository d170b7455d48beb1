//! `tsq simulate FILE [--machine M.json] [--var NAME=VALUE]… [--outcome 'STEP=CODE[,rollback]']…
//! [--child PKGID=FILE]… [--scenario S.json] [--format text|json|html|markdown]`: runs the sequence on a
//! described machine and prints the trace; with `--machines DIR|GLOB`, on a fleet (see `fleet`). Exit status 0 when the sequence succeeds, 1 when it
//! fails, 2 for bad input (an outcome naming no step or several, a file that does not read, a
//! run that stops with an error).

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use tasksequence::engine::{TextOptions, Trace, simulate};
use tasksequence::machine::MachineProfile;
use tasksequence::render::{trace_html, trace_markdown};
use tasksequence::xml::Document;

use crate::fail::Failure;
use crate::simulate_args::{Format, SimulateArgs, build_scenario};

/// Runs `tsq simulate`.
pub fn run(args: &SimulateArgs) -> Result<ExitCode, Failure> {
    let doc = crate::input::load_sequence(&args.file)?;
    if let Some(pattern) = &args.machines {
        if matches!(args.format, Format::Html | Format::Markdown) {
            return Err(Failure(
                "--format html and markdown render one run: use --machine, not --machines".into(),
            ));
        }
        return crate::fleet::run(args, &doc.sequence, pattern);
    }
    if args.format == Format::Jsonl {
        return Err(Failure("--format jsonl needs --machines".into()));
    }
    let machine = match args.machine.as_deref() {
        Some(path) => crate::input::load_machine(path)?,
        None => MachineProfile::default(),
    };
    let scenario = build_scenario(args, &machine)?;
    scenario
        .check(&doc.sequence)
        .map_err(|e| Failure(e.to_string()))?;
    let trace = simulate(&doc.sequence, &machine, &scenario);
    print_trace(&doc, &trace, &machine, args);
    if let Some(error) = &trace.error {
        return Err(Failure(format!(
            "{}: {error}",
            crate::input::label(&args.file)
        )));
    }
    Ok(if trace.succeeded() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_trace(doc: &Document, trace: &Trace, machine: &MachineProfile, args: &SimulateArgs) {
    // The page names the machine by its profile's name, else by its file.
    let name = match machine.name() {
        "" => args.machine.as_deref().map(|p| {
            Path::new(p)
                .file_stem()
                .map_or_else(|| p.to_string(), |s| s.to_string_lossy().into_owned())
        }),
        n => Some(n.to_string()),
    };
    match args.format {
        Format::Json | Format::Jsonl => crate::output::print_json(&trace.to_json()),
        Format::Text => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let all = args.all;
            print!("{}", trace.to_text(&TextOptions { color, all }));
        }
        Format::Html => print!("{}", trace_html(doc, trace, name.as_deref())),
        Format::Markdown => print!("{}", trace_markdown(doc, trace, name.as_deref())),
    }
}
