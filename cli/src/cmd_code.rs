//! `tsq code CODE [--format text|json]`: decode a return code written in any form.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use tasksequence::codes;

use crate::fail::Failure;

/// Arguments of `tsq code`.
#[derive(Args)]
pub struct CodeArgs {
    /// The code: 0xC1900210, C1900210, 3247440400, -1047526896, a Setup report such as
    /// "0xC1900101 - 0x4000D", or a symbolic name such as MOSETUP_E_COMPAT_SCANONLY.
    #[arg(allow_hyphen_values = true, value_name = "CODE")]
    code: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CodeFormat::Text)]
    format: CodeFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum CodeFormat {
    Text,
    Json,
}

/// Prints the description; a code missing from the table is still decoded (exit 0).
pub fn run(args: &CodeArgs) -> Result<ExitCode, Failure> {
    let description = codes::describe_str(&args.code)?;
    if let Some(hex) = codes::ReturnCode::hex_reading(&args.code) {
        eprintln!("tsq: hint: {}", hex_hint(args.code.trim(), hex));
    }
    match args.format {
        CodeFormat::Json => crate::output::print_json(&serde_json::to_string(&description)?),
        CodeFormat::Text => println!("{}", tasksequence::render::code_text(&description)),
    }
    Ok(ExitCode::SUCCESS)
}

/// The hint for digits that read as decimal but are also hex: which reading was taken, and what
/// the other one is (named when the table knows it).
fn hex_hint(input: &str, hex: codes::ReturnCode) -> String {
    let other = codes::describe(hex);
    let name = other.name.map(|n| format!(" ({n})")).unwrap_or_default();
    format!(
        "`{input}` is read as decimal; as hexadecimal it would be {hex}{name}: write `{hex}` for that"
    )
}
