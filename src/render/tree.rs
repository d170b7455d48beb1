//! The tree of `tsq show`.

use std::fmt::Write as _;

use crate::model::condition::Condition;
use crate::model::views::StepView;
use crate::model::{Node, Sequence, Step};
use crate::vars::Secrets;
use crate::xml::Document;

fn header(doc: &Document) -> String {
    let seq = &doc.sequence;
    let mut line = String::from("sequence");
    if let Some(name) = doc
        .package
        .as_ref()
        .and_then(|p| p.name.as_deref())
        .or(seq.name.as_deref())
    {
        let _ = write!(line, " \"{name}\"");
    }
    if let Some(id) = doc.package.as_ref().and_then(|p| p.package_id.as_deref()) {
        let _ = write!(line, " ({id})");
    }
    if let Some(v) = &seq.version {
        let _ = write!(line, " version {v}");
    }
    line
}

/// An indented tree: one line per group and step, with what matters when reading a sequence
/// (the type as the editor names it, disabled, continue on error, condition in text syntax), and
/// under each step its command line, the packages it names and the variables it sets. Secret
/// values read `********` (see [`crate::redact`]); [`tree_with`] can show them. `tsq show`
/// prints it.
///
/// ```
/// let doc = tasksequence::xml::read(br#"<sequence version="3.10"><group name="Prepare"><step name="Check" type="SMS_TaskSequence_PrestartCheckAction" disable="true"/><step name="Run" type="SMS_TaskSequence_RunCommandLineAction"><action>smsswd.exe /run:CM100001 setup.cmd</action><defaultVarList><variable name="CommandLine" property="CommandLine" hidden="true">setup.cmd</variable><variable name="PackageID" property="PackageID" hidden="true">CM100001</variable></defaultVarList></step><step name="Key" type="SMS_TaskSequence_SetVariableAction"><defaultVarList><variable name="VariableName" property="VariableName">OSDProductKey</variable><variable name="VariableValue" property="VariableValue">AAAAA-BBBBB</variable></defaultVarList></step></group></sequence>"#)?;
/// assert_eq!(
///     tasksequence::render::tree(&doc),
///     "sequence version 3.10
///   + Prepare
///     - Check [Check Readiness] (disabled)
///     - Run [Run Command Line]
///         command line: setup.cmd
///         package: CM100001
///     - Key [Set Task Sequence Variable]
///         sets: OSDProductKey = ********
/// "
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tree(doc: &Document) -> String {
    tree_with(doc, Secrets::Redact)
}

/// [`tree`], secret values shown when `secrets` is [`Secrets::Reveal`].
///
/// ```
/// use tasksequence::vars::Secrets;
///
/// let doc = tasksequence::xml::read(br#"<sequence><step name="Join" type="SMS_TaskSequence_SetVariableAction"><defaultVarList><variable name="VariableName" property="VariableName">OSDJoinPassword</variable><variable name="VariableValue" property="VariableValue">p4ss</variable></defaultVarList></step></sequence>"#)?;
/// assert!(tasksequence::render::tree_with(&doc, Secrets::Reveal).contains("sets: OSDJoinPassword = p4ss"));
/// assert!(tasksequence::render::tree_with(&doc, Secrets::Redact).contains("sets: OSDJoinPassword = ********"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tree_with(doc: &Document, secrets: Secrets) -> String {
    let redacted;
    let doc = match secrets {
        Secrets::Reveal => doc,
        Secrets::Redact => {
            redacted = crate::redact::redacted(doc);
            &redacted
        }
    };
    let mut out = header(doc);
    out.push('\n');
    let seq: &Sequence = &doc.sequence;
    if let Some(globals) = &seq.globals {
        let _ = writeln!(out, "  globals: {} variables", globals.len());
    }
    if let Some(refs) = &seq.references {
        let _ = writeln!(out, "  references: {}", refs.iter().count());
    }
    for visit in seq.walk() {
        let indent = "  ".repeat(visit.depth + 1);
        let node = visit.node;
        let marker = match node {
            Node::Group(_) => "+",
            _ => "-",
        };
        let mut line = format!("{indent}{marker} {}", node.name());
        if let Node::Step(step) = node {
            let _ = write!(line, " [{}]", step.type_display());
        }
        if node.is_disabled() {
            line.push_str(" (disabled)");
        }
        if node.options().is_some_and(|o| o.continues_on_error()) {
            line.push_str(" (continue on error)");
        }
        if let Some(c) = node.condition() {
            let _ = write!(line, " if {}", describe_condition(c));
        }
        out.push_str(&line);
        out.push('\n');
        if let Node::Step(step) = node {
            for (key, value) in details(step) {
                let _ = writeln!(out, "{indent}    {key}: {}", one_line(&value));
            }
        }
    }
    out
}

/// What a step does, beyond its type: the command it runs, the packages it names, the variables
/// it sets, as (label, text) lines.
fn details(step: &Step) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut packages: Vec<String> = Vec::new();
    let mut add_package = |id: Option<&str>| {
        if let Some(id) = id.map(str::trim).filter(|id| !id.is_empty()) {
            packages.push(id.to_string());
        }
    };
    let mut sets: Vec<String> = Vec::new();
    match step.view() {
        StepView::RunCommandLine(v) => {
            // MDT's untyped steps may keep the command in `<action>` only.
            let command = v.command_line.clone().or_else(|| {
                (step.type_name.is_none())
                    .then(|| step.action.clone())
                    .flatten()
            });
            if let Some(c) = command.filter(|c| !c.trim().is_empty()) {
                out.push(("command line", c));
            }
            add_package(v.package_id.as_deref());
            sets.extend(output(v.output_variable.as_deref()));
        }
        StepView::RunPowerShellScript(v) => {
            if let Some(script) = v.script_name.as_deref().filter(|s| !s.trim().is_empty()) {
                let params = v.parameters.as_deref().unwrap_or_default().trim();
                let text = if params.is_empty() {
                    script.to_string()
                } else {
                    format!("{script} {params}")
                };
                out.push(("script", text));
            } else if v.source_script.as_deref().is_some_and(|s| !s.is_empty()) {
                out.push(("script", "(entered in the step)".to_string()));
            }
            add_package(v.package_id.as_deref());
            sets.extend(output(v.output_variable.as_deref()));
        }
        StepView::SetVariable(v) => {
            if let Some(name) = v.name.as_deref().filter(|n| !n.trim().is_empty()) {
                sets.push(format!(
                    "{name} = {}",
                    v.value.as_deref().unwrap_or_default()
                ));
            }
        }
        StepView::SetDynamicVariables(v) => {
            if let Ok(rules) = crate::xml::rules_of(&v) {
                let numbered = rules.rules.len() > 1;
                for (i, rule) in rules.rules.iter().enumerate() {
                    for var in &rule.variables {
                        let mut text = format!("{} = {}", var.name, var.value);
                        if numbered {
                            let _ = write!(text, " (rule {})", i + 1);
                        }
                        sets.push(text);
                    }
                }
            }
        }
        StepView::UpgradeOperatingSystem(v) => {
            add_package(v.install_package_id.as_deref());
            add_package(v.driver_package_id.as_deref());
            sets.extend(output(Some("_SMSTSOSUpgradeActionReturnCode")));
        }
        StepView::DownloadPackageContent(v) => {
            for id in v.packages.as_deref().unwrap_or_default().split(',') {
                add_package(Some(id));
            }
            if let Some(var) = v
                .destination_variable
                .as_deref()
                .filter(|n| !n.trim().is_empty())
            {
                sets.push(format!("{var}01, {var}02, …"));
            }
        }
        StepView::InstallPackage(v) => add_package(v.package_id.as_deref()),
        StepView::RunTaskSequence(v) => add_package(v.package_id.as_deref()),
        StepView::ApplyOperatingSystem(v) => add_package(v.image_package_id.as_deref()),
        StepView::ApplyDriverPackage(v) => add_package(v.package_id.as_deref()),
        _ => {}
    }
    match packages.len() {
        0 => {}
        1 => out.push(("package", packages.concat())),
        _ => out.push(("packages", packages.join(", "))),
    }
    out.extend(sets.into_iter().map(|s| ("sets", s)));
    out
}

/// A variable a step writes its output to, when it names one.
fn output(name: Option<&str>) -> Option<String> {
    name.map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| format!("{n} (output)"))
}

/// Multi-line values (scripts, long command lines) on one line: line breaks as `⏎`.
fn one_line(value: &str) -> String {
    value
        .trim()
        .replace("\r\n", "\n")
        .replace(['\n', '\r'], " ⏎ ")
}

/// A condition in one line, in the text syntax `tsq eval` reads.
fn describe_condition(condition: &Condition) -> String {
    let text = condition.to_text();
    if text.trim().is_empty() {
        "<empty condition: always true>".to_string()
    } else {
        text
    }
}
