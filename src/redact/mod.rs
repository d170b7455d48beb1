//! Which values a task sequence holds in secret, and the sequence with them hidden: what the
//! sequence's JSON shows unless secrets are asked for (`tsq show --format json`,
//! `ts_sequence_to_json`).
//!
//! A step setting (or a `globalVarList` entry) is secret when:
//! - its name or its property is a known secret name ([`is_secret_name`]: `*Password*`,
//!   `*ProductKey*`, `OSDBitLockerPIN`, the network access account, …);
//! - it is the value of a Set Task Sequence Variable step with "do not display this value"
//!   (`DoNotShowVariableValue`, or `/hiddenflag:True` in the `tsenv.exe` action), or one that sets
//!   a secret name; the value is hidden in the action too;
//! - it is a Set Dynamic Variables rule value marked `IsSecret="true"` or set to a secret name
//!   (only those values are hidden inside the rules, the rest stay readable);
//! - it is the value a condition (of a step or a group) compares a secret-named variable with
//!   (`OSDJoinPassword == "…"`): [`redacted_condition`].
//!
//! A `hidden="true"` entry is **not** secret by itself: ConfigMgr writes `hidden` on every
//! command line, success code list, package ID and variable name the console keeps out of its
//! grid, and hiding those would hide what the JSON is read for (the engine's trace decides the
//! same way). Secret values read [`REDACTED`]; empty values stay empty.
//!
//! ```
//! use tasksequence::redact;
//! use tasksequence::vars::Secrets;
//!
//! let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_ApplyWindowsSettingsAction" name="Apply"><defaultVarList><variable name="OSDProductKey" property="ProductKey">AAAAA-BBBBB-CCCCC-DDDDD-EEEEE</variable><variable name="OSDComputerName" property="ComputerName" hidden="true">PC01</variable></defaultVarList></step></sequence>"#)?;
//! let shown = redact::to_json(&doc, Secrets::Redact)?;
//! assert!(shown.contains(r#""value":"********""#) && shown.contains("PC01"));
//! assert!(!shown.contains("AAAAA"));
//! // Revealed, the JSON is the lossless dump of the document.
//! assert_eq!(redact::to_json(&doc, Secrets::Reveal)?, doc.to_json()?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod condition;

use crate::model::condition::Condition;
use crate::model::views::{SetDynamicVariables, SetVariable};
use crate::model::{Node, Step, VarList, Variable};
use crate::vars::{REDACTED, Secrets, is_secret_name};
use crate::xml::Document;

const SET_VARIABLE: &str = "SMS_TaskSequence_SetVariableAction";

/// Whether `variable`, a setting of `step`, holds a secret value (see the module documentation).
/// A Set Dynamic Variables rules list is not secret as a whole; [`redacted`] hides the secret
/// values inside it.
///
/// ```
/// use tasksequence::model::{Node, views::StepView};
/// use tasksequence::redact::is_secret_setting;
///
/// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_SetVariableAction" name="Key"><action>tsenv.exe "Key=abc" /hiddenflag:True</action><defaultVarList><variable name="VariableName" property="VariableName" hidden="true">Key</variable><variable name="VariableValue" property="VariableValue" hidden="true">abc</variable></defaultVarList></step></sequence>"#)?;
/// let Node::Step(step) = &doc.sequence.children[0] else { unreachable!() };
/// let secret: Vec<&str> = step.variables.iter().flat_map(|l| l.iter())
///     .filter(|v| is_secret_setting(step, v)).map(|v| v.name.as_str()).collect();
/// assert_eq!(secret, ["VariableValue"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn is_secret_setting(step: &Step, variable: &Variable) -> bool {
    secret_name(variable)
        || (variable.name.eq_ignore_ascii_case("VariableValue") && secret_set_variable(step))
}

/// A copy of `doc` with every secret value (see the module documentation) replaced by
/// [`REDACTED`]; everything else is left as it is.
///
/// ```
/// use tasksequence::model::Node;
///
/// let doc = tasksequence::xml::read(br#"<sequence><globalVarList><variable name="OSDJoinPassword">p4ss</variable></globalVarList><step name="S"/></sequence>"#)?;
/// let shown = tasksequence::redact::redacted(&doc);
/// assert_eq!(shown.sequence.globals.as_ref().and_then(|g| g.value("OSDJoinPassword")), Some("********"));
/// assert_eq!(shown.sequence.children, doc.sequence.children);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn redacted(doc: &Document) -> Document {
    let mut doc = doc.clone();
    if let Some(globals) = &mut doc.sequence.globals {
        redact_list(globals, secret_name);
    }
    // A work list rather than recursion: a document read from JSON has no depth limit.
    let mut stack: Vec<&mut Node> = doc.sequence.children.iter_mut().collect();
    while let Some(node) = stack.pop() {
        match node {
            Node::Group(group) => {
                if let Some(condition) = &mut group.condition {
                    redact_condition(condition, &is_secret_name);
                }
                stack.extend(group.children.iter_mut());
            }
            Node::Step(step) => redact_step(step),
            Node::Raw { .. } => {}
        }
    }
    doc
}

/// A copy of `step` with its secret values replaced by [`REDACTED`], as [`redacted`] does for a
/// whole document.
///
/// ```
/// use tasksequence::model::{Step, VarList};
///
/// let mut variables = VarList::default();
/// variables.set("OSDLocalAdminPassword", "adm1n");
/// let step = Step { variables: Some(variables), ..Step::default() };
/// assert_eq!(tasksequence::redact::redacted_step(&step).variable("OSDLocalAdminPassword"), Some("********"));
/// ```
pub fn redacted_step(step: &Step) -> Step {
    let mut step = step.clone();
    redact_step(&mut step);
    step
}

/// A copy of `condition` in which every value compared with a secret variable reads
/// [`REDACTED`]: `secret` says which names are secret ([`is_secret_name`] for a document; an
/// environment also knows the values set as hidden). `exists` tests and empty values stay as they
/// are.
///
/// ```
/// use tasksequence::condition::Condition;
/// use tasksequence::redact::redacted_condition;
/// use tasksequence::vars::is_secret_name;
///
/// let c: Condition = r#"OSDJoinPassword == "hunter2" and PHASE == "INSTALL""#.parse()?;
/// assert_eq!(
///     redacted_condition(&c, is_secret_name).to_text(),
///     r#"OSDJoinPassword == "********" and PHASE == "INSTALL""#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn redacted_condition(condition: &Condition, secret: impl Fn(&str) -> bool) -> Condition {
    let mut condition = condition.clone();
    redact_condition(&mut condition, &secret);
    condition
}

fn redact_condition(condition: &mut Condition, secret: &dyn Fn(&str) -> bool) {
    condition::hide(condition.operands.iter_mut(), secret);
}

/// The document's JSON (the shape of [`Document::to_json`]), secret values hidden unless
/// `secrets` is [`Secrets::Reveal`], which gives the lossless dump.
///
/// # Errors
/// Only if serialization fails, which the model's types do not do.
///
/// ```
/// use tasksequence::vars::Secrets;
///
/// let doc = tasksequence::xml::read(br#"<sequence><step name="Join"><defaultVarList><variable name="OSDJoinPassword" property="DomainPassword" hidden="true">p4ss</variable></defaultVarList></step></sequence>"#)?;
/// assert!(tasksequence::redact::to_json(&doc, Secrets::Redact)?.contains(r#""value":"********""#));
/// assert!(tasksequence::redact::to_json(&doc, Secrets::Reveal)?.contains(r#""value":"p4ss""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_json(doc: &Document, secrets: Secrets) -> Result<String, serde_json::Error> {
    match secrets {
        Secrets::Reveal => doc.to_json(),
        Secrets::Redact => redacted(doc).to_json(),
    }
}

/// The name or the property is a known secret.
fn secret_name(variable: &Variable) -> bool {
    is_secret_name(&variable.name) || variable.property.as_deref().is_some_and(is_secret_name)
}

/// A Set Task Sequence Variable step whose value is secret: "do not display", or a secret name.
fn secret_set_variable(step: &Step) -> bool {
    if step.type_name.as_deref() != Some(SET_VARIABLE) {
        return false;
    }
    let view = SetVariable::read(step);
    view.is_secret(step) || view.name.as_deref().is_some_and(is_secret_name)
}

fn redact_list(list: &mut VarList, secret: impl Fn(&Variable) -> bool) {
    for variable in list.entries.iter_mut().filter_map(|e| e.known_mut()) {
        if !variable.value.is_empty() && secret(variable) {
            variable.value = REDACTED.to_string();
        }
    }
}

fn redact_step(step: &mut Step) {
    if secret_set_variable(step) {
        let value = SetVariable::read(step).value.unwrap_or_default();
        // `tsenv.exe "Name=Value"` carries the value again.
        if let Some(action) = &mut step.action
            && !value.trim().is_empty()
        {
            *action = action.replace(value.trim(), REDACTED);
        }
    }
    if let Some(condition) = &mut step.condition {
        redact_condition(condition, &is_secret_name);
    }
    let snapshot = step.clone();
    if let Some(list) = &mut step.variables {
        redact_list(list, |v| is_secret_setting(&snapshot, v));
    }
    redact_rules(step);
}

/// Hides the secret values inside a Set Dynamic Variables step's rules. Rules that do not read
/// are left as written (the lint reports them).
fn redact_rules(step: &mut Step) {
    let view = SetDynamicVariables::read(step);
    if view.rules_xml.is_none() {
        return;
    }
    let Ok(mut rules) = crate::xml::rules_of(&view) else {
        return;
    };
    let mut changed = false;
    for variable in rules.rules.iter_mut().flat_map(|r| r.variables.iter_mut()) {
        if (variable.is_secret || is_secret_name(&variable.name)) && !variable.value.is_empty() {
            variable.value = REDACTED.to_string();
            changed = true;
        }
    }
    if changed {
        let mut view = view;
        crate::xml::set_rules(&mut view, &rules);
        view.write(step);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step_of(doc: &Document) -> &Step {
        match doc.sequence.children.first() {
            Some(Node::Step(step)) => step,
            _ => unreachable!("the fixture starts with a step"),
        }
    }

    #[test]
    fn do_not_display_values_are_hidden_in_the_variable_and_the_action() {
        let doc = crate::xml::read(br#"<sequence><step type="SMS_TaskSequence_SetVariableAction" name="Pin"><action>tsenv.exe "Pin=4711" /hiddenflag:True</action><defaultVarList><variable name="DoNotShowVariableValue" property="DoNotShowVariableValue" hidden="true">true</variable><variable name="VariableName" property="VariableName" hidden="true">Pin</variable><variable name="VariableValue" property="VariableValue" hidden="true">4711</variable></defaultVarList></step><step type="SMS_TaskSequence_SetVariableAction" name="Shown"><action>tsenv.exe "Mode=4711" /hiddenflag:False</action><defaultVarList><variable name="DoNotShowVariableValue" property="DoNotShowVariableValue" hidden="true">false</variable><variable name="VariableName" property="VariableName" hidden="true">Mode</variable><variable name="VariableValue" property="VariableValue" hidden="true">4711</variable></defaultVarList></step></sequence>"#).unwrap_or_else(|e| unreachable!("{e}"));
        let shown = redacted(&doc);
        let json = shown.to_json().unwrap_or_default();
        assert_eq!(json.matches("4711").count(), 2, "{json}");
        let step = step_of(&shown);
        assert_eq!(
            step.action.as_deref(),
            Some(r#"tsenv.exe "Pin=********" /hiddenflag:True"#)
        );
        assert_eq!(step.variable("VariableValue"), Some(REDACTED));
        assert_eq!(step.variable("VariableName"), Some("Pin"));
    }

    #[test]
    fn secret_rule_values_are_hidden_and_the_rest_of_the_rules_kept() {
        let rules = r#"&lt;Rules&gt;&lt;Rule&gt;&lt;Variables&gt;&lt;Variable Name="Join" IsSecret="true"&gt;s3cret&lt;/Variable&gt;&lt;Variable Name="OSDLocalAdminPassword" IsSecret="false"&gt;adm1n&lt;/Variable&gt;&lt;Variable Name="Site" IsSecret="false"&gt;LAB&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;&lt;/Rules&gt;"#;
        let xml = format!(
            r#"<sequence><step type="SMS_TaskSequence_SetDynamicVariablesAction" name="Rules"><defaultVarList><variable name="OSDSetDynamicVariablesRules" property="Rules">{rules}</variable></defaultVarList></step></sequence>"#
        );
        let doc = crate::xml::read(xml.as_bytes()).unwrap_or_else(|e| unreachable!("{e}"));
        let json = to_json(&doc, Secrets::Redact).unwrap_or_default();
        assert!(
            !json.contains("s3cret") && !json.contains("adm1n"),
            "{json}"
        );
        assert!(json.contains("LAB") && json.contains("IsSecret"), "{json}");
        assert!(
            to_json(&doc, Secrets::Reveal)
                .unwrap_or_default()
                .contains("s3cret")
        );
    }

    #[test]
    fn hidden_alone_is_not_secret_and_nothing_else_changes() {
        let doc = crate::xml::read(br#"<sequence><step type="SMS_TaskSequence_RunCommandLineAction" name="Run"><action>smsswd.exe /run: cmd /c exit 0</action><defaultVarList><variable name="CommandLine" property="CommandLine" hidden="true">cmd /c exit 0</variable><variable name="SMSTSRunCommandLineUserPassword" property="UserPassword" hidden="true">pw</variable><variable name="Other" property="AdminPassword"></variable></defaultVarList></step></sequence>"#).unwrap_or_else(|e| unreachable!("{e}"));
        let shown = redacted(&doc);
        let step = step_of(&shown);
        assert_eq!(step.variable("CommandLine"), Some("cmd /c exit 0"));
        assert_eq!(
            step.variable("SMSTSRunCommandLineUserPassword"),
            Some(REDACTED)
        );
        assert_eq!(step.variable("Other"), Some(""), "empty stays empty");
        let mut back = shown.clone();
        if let Some(Node::Step(s)) = back.sequence.children.first_mut()
            && let Some(list) = &mut s.variables
        {
            list.set("SMSTSRunCommandLineUserPassword", "pw");
        }
        assert_eq!(back, doc, "only the secret value differs");
    }
}
