//! `tsq expand TEXT [--machine M.json] [--var NAME=VALUE]… [--show-secrets]`: prints TEXT with its
//! `%NAME%` references expanded, secret values redacted unless `--show-secrets`.

use std::process::ExitCode;

use clap::Args;
use tasksequence::vars::{Secrets, expand_report};

use crate::fail::Failure;

/// Arguments of `tsq expand`.
#[derive(Args)]
pub struct ExpandArgs {
    /// The text to expand (a command line, a path, a value).
    #[arg(allow_hyphen_values = true)]
    text: String,
    /// A machine profile (JSON): its variables and OS environment (`%windir%`) take part.
    #[arg(long, value_name = "M.json")]
    machine: Option<String>,
    /// A task sequence variable, overriding the profile's; repeatable. An empty VALUE unsets.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    vars: Vec<String>,
    /// Print secret values instead of `********`.
    #[arg(long)]
    show_secrets: bool,
}

/// Runs `tsq expand`.
pub fn run(args: &ExpandArgs) -> Result<ExitCode, Failure> {
    let machine = args
        .machine
        .as_deref()
        .map(crate::input::load_machine)
        .transpose()?;
    let overrides = crate::input::overrides(&args.vars)?;
    let start = overrides.start(machine.as_ref());
    let secrets = if args.show_secrets {
        Secrets::Reveal
    } else {
        Secrets::Redact
    };
    let expansion = expand_report(&args.text, &start, secrets);
    println!("{}", tasksequence::render::printable(&expansion.text));
    Ok(ExitCode::SUCCESS)
}
