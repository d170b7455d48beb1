//! `tsq check FILE [--packages P.json] [--site-version N] [--allow RULE]… [--deny RULE]…
//! [--deny-warnings] [--format text|json|sarif]`: the linter.
//!
//! Exit status: 1 when an error is found (or a warning, with `--deny-warnings`), else 0; 2 for bad
//! input or usage.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use tasksequence::lint::{self, Catalog, Document, LintOptions, Severity};

use crate::fail::Failure;

/// Output formats of `tsq check`.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics and a summary line.
    Text,
    /// `{"findings":[{"rule","severity","path","message","help","line","column"}]}`.
    Json,
    /// A SARIF 2.1.0 log, for code-scanning pipelines.
    Sarif,
}

/// Arguments of `tsq check`.
#[derive(Args)]
pub struct CheckArgs {
    /// A task sequence: MDT `ts.xml`, ConfigMgr `object.xml`, a raw `<sequence>` or an export `.zip`; `-` reads standard input.
    file: String,
    /// The package catalog (pre-cache format), for the rules about what packages are.
    #[arg(long, value_name = "P.json")]
    packages: Option<String>,
    /// The ConfigMgr site version (e.g. 2103), for the rules about newer features.
    #[arg(long, value_name = "N")]
    site_version: Option<u32>,
    /// A rule (id or name) to silence; may be repeated.
    #[arg(long, value_name = "RULE")]
    allow: Vec<String>,
    /// A rule (id or name) whose findings are errors; may be repeated.
    #[arg(long, value_name = "RULE")]
    deny: Vec<String>,
    /// Exit 1 when any warning is found too.
    #[arg(long)]
    deny_warnings: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

fn load_catalog(path: &str) -> Result<Catalog, Failure> {
    let text = crate::input::read_text(path)?;
    let path = crate::input::label(path);
    Catalog::from_json(&text)
        .map_err(|e| Failure(format!("{path}:{}:{}: {e}", e.line(), e.column())))
}

/// Runs `tsq check`.
pub fn run(args: &CheckArgs) -> Result<ExitCode, Failure> {
    let options = LintOptions {
        packages: args.packages.as_deref().map(load_catalog).transpose()?,
        site_version: args.site_version,
        allow: args.allow.clone(),
        deny: args.deny.clone(),
    };
    options.check_rules().map_err(|e| {
        Failure(format!(
            "{e} (the rules are listed in the README; ids like `TS012` or names like `condition-always-true`)"
        ))
    })?;
    let (bytes, label) = crate::input::sequence_bytes(&args.file)?;
    let doc = Document::read(&bytes).map_err(|e| crate::input::read_failure(&label, &e))?;
    crate::input::print_warnings(&label, &doc.xml);
    let findings = lint::lint(&doc, &options);
    match args.format {
        Format::Text => {
            let text = lint::render_text(&findings, &label);
            if !text.is_empty() {
                println!("{text}");
            }
            println!("{label}: {}", lint::summary(&findings));
        }
        Format::Json => crate::output::print_json(&lint::findings_json(&findings)),
        Format::Sarif => crate::output::print_json(&crate::check_sarif::log(&findings, &label)?),
    }
    let failing = findings.iter().any(|f| {
        f.severity == Severity::Error || (args.deny_warnings && f.severity == Severity::Warning)
    });
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
