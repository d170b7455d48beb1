//! The record of a run: what happened to every group and step, and the variables at the end.

use serde::{Deserialize, Serialize};

use super::pairs::VarMap;
use crate::codes::ReturnCode;
use crate::condition::Explanation;
use crate::model::NodeKind;

/// How a run ended.
///
/// JSON: `"success"` or `"failure"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunResult {
    /// Every failure was tolerated (or none happened).
    Success,
    /// A failure reached the top of the sequence, or the run stopped with an error.
    Failure,
}

/// What happened to one node.
///
/// JSON: `"ran"`, `"skipped"` or `"not_reached"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The group was entered, or the step was processed (it succeeded or failed).
    Ran,
    /// The node was passed over: disabled, its condition false, or inside a skipped group.
    Skipped,
    /// A failure ended the group or the sequence before the node's turn.
    NotReached,
}

/// Why a node was skipped, failed or not reached; `null` in JSON for a node that ran and
/// succeeded. The words are in [`StepTrace::detail`].
///
/// JSON: the snake_case name, e.g. `"condition"`, `"exit_code"`, `"group_stopped"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Skipped: the node or an ancestor is disabled.
    Disabled,
    /// Skipped: the node's condition is false ([`StepTrace::condition`] explains).
    Condition,
    /// Skipped: an enclosing group was skipped because its condition is false.
    ParentSkipped,
    /// Failed: the condition could not be evaluated (the detail names the query or fact).
    ConditionError,
    /// Failed: the step's `runIn` excludes the environment it would run in.
    RunIn,
    /// Failed: the exit code is not one of the step's success codes.
    ExitCode,
    /// Failed: Windows Setup rolled back (Upgrade Operating System).
    Rollback,
    /// Failed: the step could not do its work (a read-only variable, a malformed list…).
    StepError,
    /// Failed: a Run Task Sequence step's child sequence was not supplied.
    ChildNotSupplied,
    /// Not reached: the group is failing (a condition error) so its content never ran.
    ParentFailed,
    /// Not reached: an earlier failure ended the enclosing group, which continues on error.
    GroupStopped,
    /// Not reached: an earlier failure ended the sequence.
    SequenceFailed,
    /// Not reached: the run stopped with an error ([`Trace::error`]).
    Aborted,
}

impl Reason {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Disabled => "disabled",
            Reason::Condition => "condition",
            Reason::ParentSkipped => "parent_skipped",
            Reason::ConditionError => "condition_error",
            Reason::RunIn => "run_in",
            Reason::ExitCode => "exit_code",
            Reason::Rollback => "rollback",
            Reason::StepError => "step_error",
            Reason::ChildNotSupplied => "child_not_supplied",
            Reason::ParentFailed => "parent_failed",
            Reason::GroupStopped => "group_stopped",
            Reason::SequenceFailed => "sequence_failed",
            Reason::Aborted => "aborted",
        }
    }
}

/// A node's condition as the run met it.
///
/// JSON: `{"text":"_SMSTSSetupRollback == \"false\"","value":true,"explain":{…}}`; `value` is
/// `null` when the condition could not be evaluated. `explain` is an
/// [`Explanation`](crate::condition::Explanation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionTrace {
    /// The condition in text syntax.
    pub text: String,
    /// Its value; `None` when evaluating it failed.
    pub value: Option<bool>,
    /// Why it came out so.
    pub explain: Explanation,
}

/// One group or step of the run, in document order (a child sequence's nodes follow the Run
/// Task Sequence step that runs them).
///
/// JSON (the first ten fields are the stable shape; the others add to it):
/// ```json
/// { "path": "Prepare for Upgrade/Check Readiness for Upgrade", "name": "Check Readiness for Upgrade",
///   "type": "SMS_TaskSequence_PrestartCheckAction", "status": "ran", "reason": null,
///   "exit_code": 0, "succeeded": true, "command_line": "OSDPrestartCheck.exe",
///   "condition": null, "variables_set": {"_TS_CRMEMORY": "1"},
///   "kind": "step", "depth": 1, "detail": "checks passed: memory, …",
///   "continue_on_error": false }
/// ```
/// `exit_code` is the unsigned number (`3247440400`); `type` is the step's `type` attribute,
/// `SMS_TaskSequence_Group` for groups, `null` for MDT's untyped steps. `variables_set` holds
/// what the step (and the scenario's outcome for it) set, `""` for a deleted variable; the
/// engine's bookkeeping (`_SMSTSLastAction*`, `_SMSTSCurrentActionName`) is left out. An
/// Install Application or Install Package step adds `installs`, what it would install.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepTrace {
    /// Names from the top down, joined by `/`; a child sequence's nodes are under the Run Task
    /// Sequence step's path.
    pub path: String,
    /// The node's name.
    pub name: String,
    /// The type.
    #[serde(rename = "type")]
    pub type_name: Option<String>,
    /// What happened.
    pub status: Status,
    /// Why, unless the node ran and succeeded.
    pub reason: Option<Reason>,
    /// The exit code of a step that ran.
    pub exit_code: Option<ReturnCode>,
    /// Whether a node that ran succeeded.
    pub succeeded: Option<bool>,
    /// The command line, expanded, secrets redacted unless revealed.
    pub command_line: Option<String>,
    /// The condition, when the node has one and it was evaluated.
    pub condition: Option<ConditionTrace>,
    /// Variables the step set.
    pub variables_set: VarMap,
    /// Group, step or Run Task Sequence step.
    pub kind: NodeKind,
    /// 0 for top-level nodes.
    pub depth: usize,
    /// What happened, in words.
    pub detail: Option<String>,
    /// Whether the node continues on error.
    pub continue_on_error: bool,
    /// What an install step would install: application names, or `PKGID:Program`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub installs: Vec<String>,
}

impl StepTrace {
    /// Whether the node ran and failed.
    pub fn failed(&self) -> bool {
        self.status == Status::Ran && self.succeeded == Some(false)
    }
}

/// The record of one simulated run.
///
/// JSON (the first four fields are the stable shape of DESIGN §6):
/// ```json
/// { "result": "failure", "exit_code": 3247440392,
///   "steps": [ { "path": "…", … } ],
///   "variables": { "_SMSTSInWinPE": "false", "OSDJoinPassword": "********" },
///   "failed_at": "Prepare for Upgrade/Compatibility scan result", "error": null }
/// ```
/// `exit_code` is 0 on success, else the code of the failure that ended the run. `variables`
/// is the final environment. `failed_at` is the path of the node whose failure ended the run;
/// `error` says why a run stopped early (a scenario that does not fit the sequence, a child
/// sequence nesting too deep, the step budget spent).
///
/// Values are redacted when the trace is made (unless the scenario reveals secrets), so every
/// output of a trace — `Debug`, JSON, text — is safe to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// How the run ended.
    pub result: RunResult,
    /// 0, or the failing code.
    pub exit_code: ReturnCode,
    /// Every group and step, in document order.
    pub steps: Vec<StepTrace>,
    /// The final variables.
    pub variables: VarMap,
    /// The node whose failure ended the run.
    pub failed_at: Option<String>,
    /// Why the run stopped early.
    pub error: Option<String>,
}

impl Trace {
    /// Whether the run succeeded.
    pub fn succeeded(&self) -> bool {
        self.result == RunResult::Success
    }

    /// The first node at `path` (ignoring ASCII case).
    pub fn step(&self, path: &str) -> Option<&StepTrace> {
        self.steps
            .iter()
            .find(|s| s.path.eq_ignore_ascii_case(path))
    }

    /// The trace as one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The trace as indented JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
