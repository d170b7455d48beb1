//! `tsq new upgrade --package ID [--name N] [--description D] [--edition-index N]
//! [--product-key K] [--ignore-compat-messages] [--updates required|all|none] [--app NAME]…
//! [--continue-on-app-failure] [--recommended [--architecture x64|x86]]`: the sequence the
//! console's "Upgrade an operating system from an upgrade package" wizard writes, on stdout.

use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use tasksequence::locale::Architecture;
use tasksequence::template::{ProductKey, Updates, UpgradeTemplate};

use crate::fail::Failure;

/// Arguments of `tsq new`.
#[derive(Args)]
pub struct NewArgs {
    #[command(subcommand)]
    kind: NewKind,
}

/// What `tsq new` makes.
#[derive(Subcommand)]
enum NewKind {
    /// An in-place upgrade from an OS upgrade package, as the console's wizard makes it.
    Upgrade(UpgradeArgs),
}

/// The wizard's "Include updates" page.
#[derive(Clone, Copy, ValueEnum)]
enum UpdatesArg {
    /// Required updates only.
    Required,
    /// All available updates.
    All,
    /// No updates (the default).
    None,
}

/// The architecture the recommended free disk space is for.
#[derive(Clone, Copy, ValueEnum)]
enum ArchitectureArg {
    /// 64-bit: 20480 MB.
    X64,
    /// 32-bit: 16384 MB.
    X86,
}

/// Arguments of `tsq new upgrade`.
#[derive(Args)]
struct UpgradeArgs {
    /// The OS upgrade package's ID.
    #[arg(long, value_name = "ID")]
    package: String,
    /// The task sequence's name (the output is then an object.xml, which carries it).
    #[arg(long, value_name = "N")]
    name: Option<String>,
    /// The task sequence's description (the output is then an object.xml).
    #[arg(long, value_name = "D")]
    description: Option<String>,
    /// The edition to install (1 is the first).
    #[arg(long, value_name = "N", default_value_t = 1)]
    edition_index: u32,
    /// The product key: five groups of five letters or digits separated by `-`.
    #[arg(long, value_name = "K")]
    product_key: Option<String>,
    /// Ignore any dismissible compatibility messages.
    #[arg(long)]
    ignore_compat_messages: bool,
    /// Software updates to install after the upgrade.
    #[arg(long, value_enum, default_value = "none")]
    updates: UpdatesArg,
    /// An application to install after the upgrade, in order; repeatable.
    #[arg(long = "app", value_name = "NAME")]
    apps: Vec<String>,
    /// Go on installing the other applications when one fails.
    #[arg(long, requires = "apps")]
    continue_on_app_failure: bool,
    /// Add the recommended compatibility scan before the upgrade and Setup's free disk space.
    #[arg(long)]
    recommended: bool,
    /// The architecture the recommended free disk space is for.
    #[arg(long, value_enum, default_value = "x64", requires = "recommended")]
    architecture: ArchitectureArg,
}

/// Runs `tsq new`.
pub fn run(args: &NewArgs) -> Result<ExitCode, Failure> {
    let NewKind::Upgrade(args) = &args.kind;
    let mut template = UpgradeTemplate::new(&args.package)?
        .edition_index(args.edition_index)?
        .ignore_compat_messages(args.ignore_compat_messages)
        .updates(match args.updates {
            UpdatesArg::Required => Updates::Required,
            UpdatesArg::All => Updates::All,
            UpdatesArg::None => Updates::None,
        })
        .continue_on_app_failure(args.continue_on_app_failure)
        .recommended(args.recommended)
        .architecture(match args.architecture {
            ArchitectureArg::X64 => Architecture::X64,
            ArchitectureArg::X86 => Architecture::X86,
        })?;
    if let Some(key) = &args.product_key {
        template = template.product_key(ProductKey::parse(key)?);
    }
    for app in &args.apps {
        template = template.application(app)?;
    }
    if let Some(name) = &args.name {
        template = template.name(name);
    }
    if let Some(description) = &args.description {
        template = template.description(description);
    }
    let xml = template.build().to_xml();
    if xml.ends_with('\n') {
        print!("{xml}");
    } else {
        println!("{xml}");
    }
    Ok(ExitCode::SUCCESS)
}
