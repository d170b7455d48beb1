//! `tsq eval CONDITION [--machine M.json] [--var NAME=VALUE]… [--explain] [--exit-status]`:
//! evaluates a condition (text syntax, or a `<condition>` element) and prints `true` or `false`.

use std::process::ExitCode;

use clap::Args;
use tasksequence::condition::{Condition, EvalContext, EvalOptions};
use tasksequence::machine::{Host, MachineProfile};
use tasksequence::vars::Environment;

use crate::fail::Failure;

/// Arguments of `tsq eval`.
#[derive(Args)]
pub struct EvalArgs {
    /// The condition in text syntax (`PHASE == "VALIDATION" and wmi("…")`), or a `<condition>`
    /// element as found in task sequence XML.
    #[arg(allow_hyphen_values = true)]
    condition: String,
    /// A machine profile (JSON) answering WMI, file, folder, registry and software questions; its
    /// variables are set first.
    #[arg(long, value_name = "M.json")]
    machine: Option<String>,
    /// A task sequence variable, overriding the profile's; repeatable. An empty VALUE unsets.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    vars: Vec<String>,
    /// Print the explanation tree after the result.
    #[arg(long)]
    explain: bool,
    /// Exit with status 1 when the condition is false.
    #[arg(long)]
    exit_status: bool,
    /// Show secret variable values in the explanation instead of `********`.
    #[arg(long)]
    show_secrets: bool,
    /// Compare text case-sensitively (the ConfigMgr 2007 rules).
    #[arg(long)]
    case_sensitive: bool,
}

/// Reads a machine profile.
pub fn load_machine(path: &str) -> Result<MachineProfile, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure::in_file(path, e))?;
    MachineProfile::from_json(&text).map_err(|e| Failure::in_file(path, e))
}

/// The task sequence variables: the profile's, then each `--var`.
pub fn environment(
    machine: Option<&MachineProfile>,
    vars: &[String],
) -> Result<Environment, Failure> {
    let mut env = Environment::new();
    if let Some(m) = machine {
        for (name, value) in m.variables() {
            env.set_engine(name, value, false)
                .map_err(|err| Failure(format!("machine variable `{name}`: {err}")))?;
        }
    }
    for var in vars {
        let Some((name, value)) = var.split_once('=') else {
            return Err(Failure(format!("--var expects NAME=VALUE, got `{var}`")));
        };
        env.set_engine(name, value, false)
            .map_err(|err| Failure(format!("--var `{name}`: {err}")))?;
    }
    Ok(env)
}

/// Reads the condition argument: XML when it starts with `<`, else text. A text error prints its
/// caret lines on stderr after the one-line error.
fn read_condition(input: &str) -> Result<Condition, (Failure, Option<String>)> {
    if input.trim_start().starts_with('<') {
        return tasksequence::xml::read_condition(input)
            .map_err(|e| (Failure(format!("condition: {e}")), None));
    }
    Condition::parse_text(input).map_err(|e| {
        (
            Failure(format!("condition: {}", e.summary())),
            Some(format!("{}\n{}", e.excerpt, e.caret)),
        )
    })
}

/// Runs `tsq eval`.
pub fn run(args: &EvalArgs) -> Result<ExitCode, Failure> {
    let condition = match read_condition(&args.condition) {
        Ok(c) => c,
        Err((failure, caret)) => {
            let code = failure.report();
            if let Some(caret) = caret {
                eprintln!("{caret}");
            }
            return Ok(code);
        }
    };
    let machine = args.machine.as_deref().map(load_machine).transpose()?;
    let env = environment(machine.as_ref(), &args.vars)?;
    let mut ctx = EvalContext::new(&env).with_options(EvalOptions {
        case_sensitive: args.case_sensitive,
        show_secrets: args.show_secrets,
    });
    if let Some(m) = &machine {
        ctx = ctx.with_host(m as &dyn Host);
    }
    let (result, explanation) = if args.explain {
        let (r, e) = condition.evaluate_explained(&ctx);
        (r, Some(e))
    } else {
        (condition.evaluate(&ctx), None)
    };
    match result {
        Ok(value) => {
            println!("{value}");
            if let Some(e) = explanation {
                print!("{e}");
            }
            Ok(if !value && args.exit_status {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Err(err) => {
            if let Some(e) = explanation {
                print!("{e}");
            }
            Err(Failure(format!("cannot evaluate the condition: {err}")))
        }
    }
}
