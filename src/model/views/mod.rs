//! Typed views of step settings.
//!
//! A step's settings live in its `defaultVarList`; that list stays the source of truth. A view reads
//! the variables it knows into typed fields (`Option<String>` as written, with typed accessors) and
//! writes them back: `None` removes the variable, `Some` sets it (adding it when missing), and every
//! other variable of the step is left alone.
//!
//! ```
//! use tasksequence::model::views::{StepView, RunCommandLine};
//! let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_RunCommandLineAction" name="x">
//!   <action>smsswd.exe /run: cmd /c exit 3</action>
//!   <defaultVarList><variable name="CommandLine" property="CommandLine" hidden="true">cmd /c exit 3</variable></defaultVarList>
//! </step></sequence>"#).unwrap();
//! let tasksequence::model::Node::Step(step) = &doc.sequence.children[0] else { unreachable!() };
//! let StepView::RunCommandLine(view) = StepView::of(step) else { unreachable!() };
//! assert_eq!(view.command_line.as_deref(), Some("cmd /c exit 3"));
//! ```

mod dynamic;
mod settings;

use serde::{Deserialize, Serialize};

pub use dynamic::{Rule, RuleVariable, Rules, SetDynamicVariables};
pub use settings::{
    ApplyDriverPackage, ApplyOperatingSystem, CheckReadiness, DownloadPackageContent,
    InstallApplication, InstallPackage, InstallSoftwareUpdates, PartitionDisk, RestartComputer,
    RunCommandLine, RunPowerShellScript, RunTaskSequence, SetVariable, UpgradeOperatingSystem,
};

use super::{Step, StepElement};

/// A step seen through the view of its type.
///
/// ```
/// use tasksequence::model::views::StepView;
///
/// let doc = tasksequence::xml::read(br#"<sequence><step type="BDD_Gather" name="Gather"><defaultVarList><variable name="GatherLocalOnly" property="GatherLocalOnly">true</variable></defaultVarList></step><step type="SMS_TaskSequence_EnableBitLockerAction" name="BitLocker"/></sequence>"#)?;
/// let views: Vec<StepView> = doc.sequence.walk().iter().filter_map(|v| match v.node {
///     tasksequence::model::Node::Step(step) => Some(step.view()),
///     _ => None,
/// }).collect();
/// assert_eq!(views[0], StepView::Mdt { name: "Gather".into(), parameters: vec![("GatherLocalOnly".into(), "true".into())] });
/// assert_eq!(views[1], StepView::Other { type_name: "SMS_TaskSequence_EnableBitLockerAction".into() });
/// assert_eq!(serde_json::to_value(&views[1])?["view"], "other");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "view", rename_all = "snake_case")]
// Views are short-lived values read on demand; boxing the large ones would only add allocations.
#[allow(clippy::large_enum_variant)]
pub enum StepView {
    /// `SMS_TaskSequence_RunCommandLineAction`, and MDT's untyped command-line steps.
    RunCommandLine(RunCommandLine),
    /// `SMS_TaskSequence_RunPowerShellScriptAction`.
    RunPowerShellScript(RunPowerShellScript),
    /// `SMS_TaskSequence_SetVariableAction` (`tsenv.exe` and MDT `ZTISetVariable.wsf` forms).
    SetVariable(SetVariable),
    /// `SMS_TaskSequence_SetDynamicVariablesAction`.
    SetDynamicVariables(SetDynamicVariables),
    /// `SMS_TaskSequence_UpgradeOperatingSystemAction`.
    UpgradeOperatingSystem(UpgradeOperatingSystem),
    /// `SMS_TaskSequence_DownloadPackageContentAction`.
    DownloadPackageContent(DownloadPackageContent),
    /// `SMS_TaskSequence_InstallApplicationAction`.
    InstallApplication(InstallApplication),
    /// `SMS_TaskSequence_InstallSoftwareAction` (Install Package).
    InstallPackage(InstallPackage),
    /// `SMS_TaskSequence_InstallUpdateAction`.
    InstallSoftwareUpdates(InstallSoftwareUpdates),
    /// `SMS_TaskSequence_PrestartCheckAction` (Check Readiness).
    CheckReadiness(CheckReadiness),
    /// `SMS_TaskSequence_RebootAction`.
    RestartComputer(RestartComputer),
    /// `<subtasksequence>` (Run Task Sequence).
    RunTaskSequence(RunTaskSequence),
    /// `SMS_TaskSequence_ApplyOperatingSystemAction`.
    ApplyOperatingSystem(ApplyOperatingSystem),
    /// `SMS_TaskSequence_ApplyDriverPackageAction`.
    ApplyDriverPackage(ApplyDriverPackage),
    /// `SMS_TaskSequence_PartitionDiskAction` (Format and Partition Disk).
    PartitionDisk(PartitionDisk),
    /// An MDT `BDD_*` step: its name without the prefix (`Gather`, `InstallApplication`) and its
    /// parameters in order.
    Mdt {
        /// The step type without `BDD_`.
        name: String,
        /// The step's variables as name/value pairs.
        parameters: Vec<(String, String)>,
    },
    /// Any other type, named; its settings stay in the variable list.
    Other {
        /// The `type` attribute (empty when the step has none).
        type_name: String,
    },
}

impl StepView {
    /// The view of `step`, chosen by its `type` (and element, for Run Task Sequence).
    ///
    /// ```
    /// use tasksequence::model::views::{RunCommandLine, StepView};
    /// use tasksequence::model::{Step, VarList};
    ///
    /// // MDT's generic steps have no type: they are command lines.
    /// let mut variables = VarList::default();
    /// variables.set("CommandLine", "cscript.exe ZTIWindowsUpdate.wsf");
    /// let step = Step { variables: Some(variables), ..Step::default() };
    /// let expected = RunCommandLine { command_line: Some("cscript.exe ZTIWindowsUpdate.wsf".into()), ..RunCommandLine::default() };
    /// assert_eq!(StepView::of(&step), StepView::RunCommandLine(expected));
    /// ```
    pub fn of(step: &Step) -> Self {
        if step.element == StepElement::SubTaskSequence {
            return StepView::RunTaskSequence(RunTaskSequence::read(step));
        }
        let type_name = step.type_name.as_deref().unwrap_or_default();
        match type_name {
            // MDT's generic steps have no type: they are command lines.
            "" | "SMS_TaskSequence_RunCommandLineAction" => {
                StepView::RunCommandLine(RunCommandLine::read(step))
            }
            "SMS_TaskSequence_RunPowerShellScriptAction" => {
                StepView::RunPowerShellScript(RunPowerShellScript::read(step))
            }
            "SMS_TaskSequence_SetVariableAction" => StepView::SetVariable(SetVariable::read(step)),
            "SMS_TaskSequence_SetDynamicVariablesAction" => {
                StepView::SetDynamicVariables(SetDynamicVariables::read(step))
            }
            "SMS_TaskSequence_UpgradeOperatingSystemAction" => {
                StepView::UpgradeOperatingSystem(UpgradeOperatingSystem::read(step))
            }
            "SMS_TaskSequence_DownloadPackageContentAction" => {
                StepView::DownloadPackageContent(DownloadPackageContent::read(step))
            }
            "SMS_TaskSequence_InstallApplicationAction" => {
                StepView::InstallApplication(InstallApplication::read(step))
            }
            "SMS_TaskSequence_InstallSoftwareAction" => {
                StepView::InstallPackage(InstallPackage::read(step))
            }
            "SMS_TaskSequence_InstallUpdateAction" => {
                StepView::InstallSoftwareUpdates(InstallSoftwareUpdates::read(step))
            }
            "SMS_TaskSequence_PrestartCheckAction" => {
                StepView::CheckReadiness(CheckReadiness::read(step))
            }
            "SMS_TaskSequence_RebootAction" => {
                StepView::RestartComputer(RestartComputer::read(step))
            }
            "SMS_TaskSequence_SubTasksequence" => {
                StepView::RunTaskSequence(RunTaskSequence::read(step))
            }
            "SMS_TaskSequence_ApplyOperatingSystemAction" => {
                StepView::ApplyOperatingSystem(ApplyOperatingSystem::read(step))
            }
            "SMS_TaskSequence_ApplyDriverPackageAction" => {
                StepView::ApplyDriverPackage(ApplyDriverPackage::read(step))
            }
            "SMS_TaskSequence_PartitionDiskAction" => {
                StepView::PartitionDisk(PartitionDisk::read(step))
            }
            mdt if mdt.starts_with("BDD_") => StepView::Mdt {
                name: mdt.trim_start_matches("BDD_").to_string(),
                parameters: step
                    .variables
                    .iter()
                    .flat_map(|l| l.iter())
                    .map(|v| (v.name.clone(), v.value.clone()))
                    .collect(),
            },
            other => StepView::Other {
                type_name: other.to_string(),
            },
        }
    }
}

impl Step {
    /// The typed view of this step (see [`StepView`]).
    ///
    /// ```
    /// use tasksequence::model::views::{RestartComputer, StepView};
    /// use tasksequence::model::Step;
    ///
    /// let step = Step { type_name: Some("SMS_TaskSequence_RebootAction".into()), ..Step::default() };
    /// assert_eq!(step.view(), StepView::RestartComputer(RestartComputer::default()));
    /// ```
    pub fn view(&self) -> StepView {
        StepView::of(self)
    }
}

/// Sets or removes one step variable, keeping every other entry where it is.
pub(crate) fn set_variable(step: &mut Step, name: &str, property: &str, value: Option<&str>) {
    use super::{Entry, Variable};
    if value.is_none() && step.variables.is_none() {
        return;
    }
    let list = step.variables.get_or_insert_with(Default::default);
    let at = list
        .entries
        .iter()
        .position(|e| e.known().is_some_and(|v| v.name.eq_ignore_ascii_case(name)));
    match (at, value) {
        (Some(i), Some(v)) => {
            if let Some(Entry::Known(existing)) = list.entries.get_mut(i) {
                existing.value = v.to_string();
            }
        }
        (Some(i), None) => {
            list.entries.remove(i);
        }
        (None, Some(v)) => list
            .entries
            .push(Entry::Known(Variable::new(name, property, v))),
        (None, None) => {}
    }
}

/// Reads `true`/`false` in any case, as the engine does.
pub(crate) fn flag(value: Option<&str>) -> Option<bool> {
    match value?.trim() {
        v if v.eq_ignore_ascii_case("true") => Some(true),
        v if v.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}
