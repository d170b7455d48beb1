//! The options of `tsq simulate` and the scenario they build, shared by the one-machine run
//! (`cmd_simulate`) and the fleet run (`fleet`).

use std::path::Path;

use clap::{Args, ValueEnum};
use tasksequence::engine::{Outcome, Scenario};
use tasksequence::machine::MachineProfile;
use tasksequence::model::Sequence;
use tasksequence::vars::Secrets;

use crate::fail::Failure;

/// Output formats of `tsq simulate`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The tree with a mark per node, reasons in words, the result last.
    Text,
    /// The trace as JSON (with `--machines`: each machine's result and the summary).
    Json,
    /// With `--machines`: one JSON line per machine as it finishes (with its trace), then the
    /// summary.
    Jsonl,
    /// One self-contained html page: the result at the top, collapsible groups, each step
    /// marked ran, failed, skipped or not reached with the reason, a search box.
    Html,
    /// A markdown page: the result, then a table per group with each step's outcome and reason.
    Markdown,
}

/// Arguments of `tsq simulate`.
#[derive(Args)]
pub struct SimulateArgs {
    /// A task sequence: MDT `ts.xml`, ConfigMgr `object.xml`, a raw `<sequence>` or an export `.zip`; `-` reads standard input.
    pub file: String,
    /// A machine profile (JSON): its variables start the run, it answers WMI, file, registry and
    /// hardware questions.
    #[arg(long, value_name = "M.json", conflicts_with = "machines")]
    pub machine: Option<String>,
    /// Many machine profiles: a folder (its `*.json`) or a pattern with `*` and `?` in the file
    /// name (`fleet/win11-*.json`). Prints one result per machine and a summary per step.
    #[arg(long, value_name = "DIR|GLOB")]
    pub machines: Option<String>,
    /// A starting variable, overriding the profile's and the scenario's; repeatable.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// What a step does when it runs, by path or unique name: its exit code in any form
    /// (`0xC1900210`, `3247440400`, `-1047526896`), and `,rollback` for a Windows Setup rollback;
    /// repeatable, later ones win.
    #[arg(
        long = "outcome",
        value_name = "STEP=CODE[,rollback]",
        allow_hyphen_values = true
    )]
    pub outcomes: Vec<String>,
    /// The sequence a Run Task Sequence step with this package ID runs; repeatable.
    #[arg(long = "child", value_name = "PKGID=FILE")]
    pub children: Vec<String>,
    /// A scenario (JSON: variables, outcomes, children, options); the other options add to it.
    /// A child given as a string that is not XML is a file path, relative to the scenario file.
    #[arg(long, value_name = "S.json")]
    pub scenario: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Show secret values instead of `********`.
    #[arg(long)]
    pub show_secrets: bool,
    /// Compare text in conditions case-sensitively (the ConfigMgr 2007 rules).
    #[arg(long)]
    pub case_sensitive: bool,
    /// Text: also list what lies inside skipped and unreached groups.
    #[arg(long)]
    pub all: bool,
}

/// The scenario file, then the machine's variables before its own, then the command line.
pub fn build_scenario(args: &SimulateArgs, machine: &MachineProfile) -> Result<Scenario, Failure> {
    let mut scenario = match args.scenario.as_deref() {
        Some(path) => load_scenario(path)?,
        None => Scenario::new(),
    }
    .with_machine(machine);
    for var in &args.vars {
        let Some((name, value)) = var.split_once('=') else {
            return Err(Failure(format!("--var expects NAME=VALUE, got `{var}`")));
        };
        scenario.set_variable(name, value);
    }
    for spec in &args.outcomes {
        let (key, outcome) = Outcome::parse_spec(spec).map_err(|e| Failure(e.to_string()))?;
        scenario.set_outcome(key, outcome);
    }
    for child in &args.children {
        let Some((id, file)) = child.split_once('=') else {
            return Err(Failure(format!(
                "--child expects PKGID=FILE, got `{child}`"
            )));
        };
        scenario.add_child(id.trim(), crate::input::load_sequence(file)?.sequence);
    }
    if args.show_secrets {
        scenario.options.secrets = Secrets::Reveal;
    }
    scenario.options.case_sensitive |= args.case_sensitive;
    Ok(scenario)
}

/// Reads a scenario file. Children given as file paths are read relative to it.
fn load_scenario(path: &str) -> Result<Scenario, Failure> {
    let text = crate::input::read_text(path)?;
    let name = crate::input::label(path);
    let mut value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Failure(format!("{name}:{}:{}: {e}", e.line(), e.column())))?;
    let mut files: Vec<(String, Sequence)> = Vec::new();
    if let Some(children) = value.get_mut("children").and_then(|c| c.as_object_mut()) {
        let dir = Path::new(path).parent().unwrap_or(Path::new("."));
        let named: Vec<(String, String)> = children
            .iter()
            .filter_map(|(id, v)| {
                let file = v.as_str()?;
                (!file.trim_start().starts_with('<')).then(|| (id.clone(), file.to_string()))
            })
            .collect();
        for (id, file) in named {
            children.remove(&id);
            let full = dir.join(&file);
            let doc = crate::input::load_sequence(&full.to_string_lossy())?;
            files.push((id, doc.sequence));
        }
    }
    let mut scenario = if files.is_empty() {
        Scenario::from_json(&text).map_err(|e| Failure(format!("{name}: {e}")))?
    } else {
        Scenario::from_json(&value.to_string()).map_err(|e| Failure(format!("{name}: {e}")))?
    };
    for (id, sequence) in files {
        scenario.add_child(id, sequence);
    }
    Ok(scenario)
}
