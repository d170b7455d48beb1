//! `tsq lcid VALUE [--format text|json]`: look up a Windows language.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use tasksequence::locale;

use crate::fail::Failure;

/// Arguments of `tsq lcid`.
#[derive(Args)]
pub struct LcidArgs {
    /// 1033, 0x0409, 0409, 409, en-US, en_us or an English name such as "English (United States)".
    #[arg(allow_hyphen_values = true, value_name = "VALUE")]
    value: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LcidFormat::Text)]
    format: LcidFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum LcidFormat {
    Text,
    Json,
}

/// Prints the language; an unknown one is bad input (exit 2).
pub fn run(args: &LcidArgs) -> Result<ExitCode, Failure> {
    let lang = locale::find(&args.value)?;
    match args.format {
        LcidFormat::Json => crate::output::print_json(&serde_json::to_string(lang)?),
        LcidFormat::Text => {
            println!("decimal:  {}", lang.lcid);
            println!("hex:      {}", lang.hex());
            println!("tag:      {}", lang.tag);
            println!("name:     {}", lang.name);
        }
    }
    Ok(ExitCode::SUCCESS)
}
