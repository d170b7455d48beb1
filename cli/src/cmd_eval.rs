//! `tsq eval CONDITION [--machine M.json] [--var NAME=VALUE]… [--explain] [--exit-status]`:
//! evaluates a condition (text syntax, or a `<condition>` element) and prints `true` or `false`.

use std::process::ExitCode;
use tasksequence::render::printable;

use clap::Args;
use tasksequence::condition::{Condition, EvalContext, EvalOptions};
use tasksequence::vars::Secrets;

use crate::fail::Failure;

/// Arguments of `tsq eval`.
#[derive(Args)]
pub struct EvalArgs {
    /// The condition in text syntax (`PHASE == "VALIDATION" and wmi("…")`), or a `<condition>`
    /// element as found in task sequence XML; `-` reads it from standard input.
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
    let text = if args.condition == crate::input::STDIN {
        crate::input::read_text(crate::input::STDIN)?
    } else {
        args.condition.clone()
    };
    let condition = match read_condition(&text) {
        Ok(c) => c,
        Err((failure, caret)) => {
            let code = failure.report();
            if let Some(caret) = caret {
                eprintln!("{caret}");
            }
            return Ok(code);
        }
    };
    let machine = args
        .machine
        .as_deref()
        .map(crate::input::load_machine)
        .transpose()?;
    let overrides = crate::input::overrides(&args.vars)?;
    let start = overrides.start(machine.as_ref());
    let mut ctx = EvalContext::new(&start).with_options(EvalOptions {
        case_sensitive: args.case_sensitive,
        secrets: if args.show_secrets {
            Secrets::Reveal
        } else {
            Secrets::Redact
        },
    });
    if let Some(host) = start.host() {
        ctx = ctx.with_host(host);
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
                print!("{}", printable(&e.to_string()));
            }
            Ok(if !value && args.exit_status {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Err(err) => {
            if let Some(e) = explanation {
                print!("{}", printable(&e.to_string()));
            }
            Err(Failure(format!("cannot evaluate the condition: {err}")))
        }
    }
}
