//! `tsq`: the command-line tool of `tasksequence`.
//!
//! Exit status: 0 success, 1 a negative answer, 2 bad input or usage.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd_conditions;
mod cmd_eval;
mod cmd_expand;
mod fail;

use fail::Failure;

/// Understand ConfigMgr and MDT task sequences offline.
#[derive(Parser)]
#[command(name = "tsq", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Expand `%NAME%` references in TEXT.
    Expand(cmd_expand::ExpandArgs),
    /// Evaluate a condition and print `true` or `false`.
    Eval(cmd_eval::EvalArgs),
    /// List every group and step condition of FILE in text syntax.
    Conditions(cmd_conditions::ConditionsArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let outcome: Result<ExitCode, Failure> = match &cli.command {
        Command::Expand(args) => cmd_expand::run(args),
        Command::Eval(args) => cmd_eval::run(args),
        Command::Conditions(args) => cmd_conditions::run(args),
    };
    match outcome {
        Ok(code) => code,
        Err(failure) => failure.report(),
    }
}
