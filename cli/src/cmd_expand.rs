//! `tsq expand TEXT [--machine M.json] [--var NAME=VALUE]… [--show-secrets]`: prints TEXT with its
//! `%NAME%` references expanded, secret values redacted unless `--show-secrets`.

use std::process::ExitCode;

use clap::Args;
use tasksequence::machine::Host;
use tasksequence::vars::{Environment, Secrets, expand_report};

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

/// What a machine profile contributes to expansion.
#[derive(Default)]
struct Machine {
    /// Answers `%windir%` and other OS environment variables.
    host: Option<Box<dyn Host>>,
    /// The profile's task sequence variables, set before `--var`.
    variables: Vec<(String, String)>,
}

/// LEAD: connect `MachineProfile` here (parse the JSON at `path`, box it as the host, and return
/// its `variables` map as pairs). Until then `--machine` is refused rather than ignored.
fn load_machine(path: Option<&str>) -> Result<Machine, Failure> {
    match path {
        None => Ok(Machine::default()),
        Some(path) => Err(Failure::in_file(
            path,
            "--machine is not yet supported by `tsq expand`",
        )),
    }
}

/// Runs `tsq expand`.
pub fn run(args: &ExpandArgs) -> Result<ExitCode, Failure> {
    let machine = load_machine(args.machine.as_deref())?;
    let mut env = Environment::new();
    for (name, value) in &machine.variables {
        env.set_engine(name, value, false)?;
    }
    for var in &args.vars {
        let Some((name, value)) = var.split_once('=') else {
            return Err(Failure(format!("--var expects NAME=VALUE, got `{var}`")));
        };
        env.set_engine(name, value, false)
            .map_err(|err| Failure(format!("--var `{name}`: {err}")))?;
    }
    let secrets = if args.show_secrets {
        Secrets::Reveal
    } else {
        Secrets::Redact
    };
    let expansion = expand_report(&args.text, &env, machine.host.as_deref(), secrets);
    println!("{}", expansion.text);
    Ok(ExitCode::SUCCESS)
}
