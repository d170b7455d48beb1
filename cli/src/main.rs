//! `tsq`: the command-line tool of `tasksequence`.
//!
//! Exit status: 0 success, 1 a negative answer, 2 bad input or usage.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd_fmt;
mod cmd_show;
mod fail;
mod input;

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
    /// Print the canonical XML of a task sequence.
    Fmt(cmd_fmt::FmtArgs),
    /// Show the groups and steps of a task sequence.
    Show(cmd_show::ShowArgs),
}

/// A condition in one line, for listings.
pub fn describe_condition(condition: &tasksequence::condition::Condition) -> String {
    format!("<{} operand(s)>", condition.operands.len())
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
    let outcome: Result<ExitCode, Failure> = match &cli.command {
        Command::Fmt(args) => cmd_fmt::run(args),
        Command::Show(args) => cmd_show::run(args),
    };
    match outcome {
        Ok(code) => code,
        Err(failure) => failure.report(),
    }
}
