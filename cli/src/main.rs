//! `tsq`: the command-line tool of `tasksequence`.
//!
//! Exit status: 0 success, 1 a negative answer, 2 bad input or usage.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check_sarif;
mod cmd_check;
mod cmd_code;
mod cmd_conditions;
mod cmd_eval;
mod cmd_expand;
mod cmd_fmt;
mod cmd_lcid;
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
    /// Lint FILE: mistakes with rule ids, positions and fixes (exit 1 on errors).
    Check(cmd_check::CheckArgs),
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
        Command::Code(args) => cmd_code::run(args),
        Command::Lcid(args) => cmd_lcid::run(args),
        Command::Expand(args) => cmd_expand::run(args),
        Command::Eval(args) => cmd_eval::run(args),
        Command::Conditions(args) => cmd_conditions::run(args),
        Command::Check(args) => cmd_check::run(args),
    };
    match outcome {
        Ok(code) => code,
        Err(failure) => failure.report(),
    }
}
