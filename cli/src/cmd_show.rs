//! `tsq show FILE --format tree|json|markdown|mermaid|html`.

use std::process::ExitCode;
use tasksequence::render::printable;
use tasksequence::vars::Secrets;

use clap::{Args, ValueEnum};

use crate::fail::Failure;
use crate::input::load_sequence;

/// Show the structure of a task sequence.
#[derive(Args)]
pub struct ShowArgs {
    /// A task sequence: MDT ts.xml, raw ConfigMgr sequence, object.xml or export .zip; `-` reads standard input.
    file: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Tree)]
    format: ShowFormat,
    /// Show secret values (passwords, product keys, "do not display" and IsSecret values)
    /// instead of `********` in the tree and the JSON; the JSON is then the lossless dump.
    #[arg(long)]
    show_secrets: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ShowFormat {
    Tree,
    Json,
    Markdown,
    Mermaid,
    Html,
}

fn secrets(show: bool) -> Secrets {
    if show {
        Secrets::Reveal
    } else {
        Secrets::Redact
    }
}

pub fn run(args: &ShowArgs) -> Result<ExitCode, Failure> {
    let doc = load_sequence(&args.file)?;
    match args.format {
        ShowFormat::Json => crate::output::print_json(&tasksequence::redact::to_json(
            &doc,
            secrets(args.show_secrets),
        )?),
        ShowFormat::Tree => print!(
            "{}",
            printable(&tasksequence::render::tree_with(
                &doc,
                secrets(args.show_secrets)
            ))
        ),
        // These escape control characters themselves, each in its own syntax.
        ShowFormat::Markdown => print!("{}", tasksequence::render::markdown(&doc)),
        ShowFormat::Mermaid => print!("{}", tasksequence::render::mermaid(&doc)),
        ShowFormat::Html => print!("{}", tasksequence::render::html(&doc)),
    }
    Ok(ExitCode::SUCCESS)
}
