//! `tsq`: the command-line tool of `tasksequence`.
//!
//! Exit status: 0 success, 1 a negative answer, 2 bad input or usage.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check_sarif;
mod cmd_check;
mod cmd_code;
mod cmd_conditions;
mod cmd_diff;
mod cmd_eval;
mod cmd_expand;
mod cmd_fmt;
mod cmd_lcid;
mod cmd_new;
mod cmd_precache;
mod cmd_show;
mod cmd_simulate;
mod fail;
mod fleet;
mod input;
mod output;
mod simulate_args;

use fail::Failure;

/// Understand ConfigMgr and MDT task sequences offline.
#[derive(Parser)]
#[command(name = "tsq", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print JSON on one line instead of indented (every command's `--format json`).
    #[arg(long, global = true)]
    compact: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Print the canonical XML of a task sequence.
    Fmt(cmd_fmt::FmtArgs),
    /// Show the groups and steps of a task sequence.
    Show(cmd_show::ShowArgs),
    /// Decode a return code in any form (hex, unsigned, signed, Setup report, name).
    Code(cmd_code::CodeArgs),
    /// Look up a Windows language by LCID, culture tag or English name.
    Lcid(cmd_lcid::LcidArgs),
    /// Expand `%NAME%` references in TEXT.
    Expand(cmd_expand::ExpandArgs),
    /// Evaluate a condition and print `true` or `false`.
    Eval(cmd_eval::EvalArgs),
    /// List every group and step condition of FILE in text syntax.
    Conditions(cmd_conditions::ConditionsArgs),
    /// Which packages a client pre-caches for an available deployment, why and when.
    Precache(cmd_precache::PrecacheArgs),
    /// Write a new task sequence as the console's wizards make it.
    New(cmd_new::NewArgs),
    /// Simulate a run of FILE on a described machine and print what each step does and why.
    Simulate(simulate_args::SimulateArgs),
    /// Lint FILE: mistakes with rule ids, positions and fixes (exit 1 on errors).
    Check(cmd_check::CheckArgs),
    /// The structural changes from one task sequence to another (exit 0 equal, 1 different).
    Diff(cmd_diff::DiffArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    // `tsq … | head` closes the pipe early; printing then fails, which `println!` reports by
    // panicking. That is the reader's choice, not an error: stop quietly, as Unix tools do.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !closed_pipe(info.payload()) {
            default_hook(info);
        }
    }));
    let run = std::panic::catch_unwind(|| run(&cli));
    match run {
        Ok(code) => code,
        Err(payload) if closed_pipe(&*payload) => ExitCode::SUCCESS,
        Err(payload) => std::panic::resume_unwind(payload),
    }
}

/// Whether a panic is `println!` failing because stdout's reader went away.
fn closed_pipe(payload: &(dyn std::any::Any + Send)) -> bool {
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or_default();
    message.contains("failed printing to stdout") && message.contains("Broken pipe")
}

fn run(cli: &Cli) -> ExitCode {
    output::set_compact(cli.compact);
    let outcome: Result<ExitCode, Failure> = match &cli.command {
        Command::Fmt(args) => cmd_fmt::run(args),
        Command::Show(args) => cmd_show::run(args),
        Command::Code(args) => cmd_code::run(args),
        Command::Lcid(args) => cmd_lcid::run(args),
        Command::Expand(args) => cmd_expand::run(args),
        Command::Eval(args) => cmd_eval::run(args),
        Command::Conditions(args) => cmd_conditions::run(args),
        Command::Precache(args) => cmd_precache::run(args),
        Command::New(args) => cmd_new::run(args),
        Command::Simulate(args) => cmd_simulate::run(args),
        Command::Check(args) => cmd_check::run(args),
        Command::Diff(args) => cmd_diff::run(args),
    };
    match outcome {
        Ok(code) => code,
        Err(failure) => failure.report(),
    }
}
