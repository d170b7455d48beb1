//! `tsq fmt FILE`: the canonical XML of a sequence.

use std::process::ExitCode;

use clap::Args;
use tasksequence::xml::{WriteOptions, write_sequence};

use crate::fail::Failure;
use crate::input::load_sequence;

/// Print the canonical XML of a task sequence.
#[derive(Args)]
pub struct FmtArgs {
    /// A task sequence: MDT ts.xml, raw ConfigMgr sequence, object.xml or export .zip; `-` reads standard input.
    file: String,
    /// Print only the `<sequence>` element, pretty-printed, even for an object.xml.
    #[arg(long)]
    sequence_only: bool,
}

pub fn run(args: &FmtArgs) -> Result<ExitCode, Failure> {
    let doc = load_sequence(&args.file)?;
    let text = if args.sequence_only {
        write_sequence(&doc.sequence, &WriteOptions::default())
    } else {
        doc.to_xml()
    };
    // Files usually end with a newline; add one only when the written text has none.
    if text.ends_with('\n') {
        print!("{text}");
    } else {
        println!("{text}");
    }
    Ok(ExitCode::SUCCESS)
}
