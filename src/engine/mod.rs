//! Simulation: what a task sequence does on a described machine, step by step.
//!
//! [`simulate`] runs a [`Sequence`] against a [`Host`] (usually a
//! [`MachineProfile`](crate::machine::MachineProfile)) as a [`Scenario`] describes (starting
//! variables, step outcomes, child sequences, options) and returns a [`Trace`]: every group and
//! step with what happened to it and why, and the variables at the end. No I/O, no clock, no
//! randomness: the same inputs give the same trace.
//!
//! ```
//! use tasksequence::engine::{Outcome, Scenario, Status, simulate};
//! use tasksequence::machine::MachineProfile;
//! let doc = tasksequence::xml::read(br#"<sequence version="3.10">
//!   <step type="SMS_TaskSequence_UpgradeOperatingSystemAction" name="Upgrade Operating System" successCodeList="0"/>
//!   <group name="Rollback">
//!     <condition><expression type="SMS_TaskSequence_VariableConditionExpression">
//!       <variable name="Operator">equals</variable><variable name="Value">true</variable>
//!       <variable name="Variable">_SMSTSSetupRollback</variable></expression></condition>
//!   </group>
//! </sequence>"#)?;
//! let machine = MachineProfile::from_json(r#"{"variables":{"_SMSTSInWinPE":"false"}}"#)?;
//! let trace = simulate(&doc.sequence, &machine, &Scenario::new().with_machine(&machine));
//! assert!(trace.succeeded());
//! assert_eq!(trace.variables.get("_SMSTSSetupRollback"), Some("false"));
//! assert_eq!(trace.step("Rollback").unwrap().status, Status::Skipped);
//!
//! let mut scenario = Scenario::new().with_machine(&machine);
//! scenario.set_outcome("Upgrade Operating System", Outcome { rollback: true, ..Outcome::default() });
//! let trace = simulate(&doc.sequence, &machine, &scenario);
//! assert!(!trace.succeeded());
//! assert_eq!(trace.exit_code.to_string(), "0xC1900101");
//! assert_eq!(trace.step("Rollback").unwrap().status, Status::NotReached);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The rules
//!
//! - **Order.** Depth-first in document order, over an explicit stack (no recursion on the
//!   node tree). Comments and unknown elements are not nodes.
//! - **Disabled.** A disabled node is `skipped` (reason `disabled`), and so is everything in a
//!   disabled group.
//! - **Conditions.** A node's condition is evaluated against the current variables and the host
//!   (see [`crate::condition`] for the semantics). False: the node is `skipped` (reason
//!   `condition`), the trace carries the explanation, the detail the deciding facts in words
//!   (`_SMSTSSetupRollback = "false" does not equal "true" as text`), and what is inside a
//!   skipped group is `skipped` too (`parent_skipped`). A condition that cannot be evaluated (a
//!   WMI query the machine cannot answer, …) fails the node with `0x80004005`, the detail
//!   naming the query; what is inside such a group is `not_reached` (`parent_failed`).
//! - **Outcome of a step.** From the scenario's outcome for it (by path or unique name), else
//!   its type's built-in effect, else success with exit code 0. A scenario exit code replaces
//!   the one the effect would give. When it is a failure code, effects that only make sense
//!   after the step did its work (setting variables, downloading, restarting, moving `PHASE`)
//!   do not apply; the ones that report a result (Upgrade OS's return code, Check Readiness's
//!   results, an output variable) still do. The outcome's own variables are set after the
//!   effect.
//! - **Success.** The exit code is in the step's success codes: `successCodeList`, else
//!   `successCodes`, else its `SuccessCodes` setting, else 0 only. 3010 and 1641 among them
//!   restart the computer and continue (noted in the detail; the environment stays the same).
//! - **Bookkeeping.** Before a step runs, `_SMSTSCurrentActionName` is its name; after every
//!   step that ran (succeeded or failed), `_SMSTSLastActionRetCode` is its exit code as a
//!   signed decimal (as the engine writes it: `-1047526896`), `_SMSTSLastActionName` its name,
//!   `_SMSTSLastActionSucceeded` `true`/`false`. Skipped steps leave them alone. A Run Task
//!   Sequence step that runs a child is a container: the last action is the child's last step.
//! - **Failure.** A failing node that continues on error: the run goes on with the next node.
//!   Otherwise the failure goes to the enclosing group: if that group continues on error, the
//!   rest of it is `not_reached` (`group_stopped`) and the run goes on after it; else the failure
//!   goes further up. A child sequence's failure becomes its Run Task Sequence step's failure
//!   (with the failing code), decided the same way by that step's continue-on-error. At the top
//!   the sequence fails with that exit code and everything after is `not_reached`
//!   (`sequence_failed`); [`Trace::failed_at`] names the node.
//! - **Action variables.** A step setting that a variable of the same name was set to (a
//!   `WorkingDirectory`, an `OSDDownloadDestinationPath` set by an earlier step or by the
//!   machine) takes the variable's value, as the engine gives action variables.
//! - **Environment.** Windows PE or the full OS, from `_SMSTSInWinPE`; Restart Computer
//!   switches it (`HD` → full OS, `WinPE` → Windows PE). A step whose `runIn` excludes the
//!   environment it would run in fails with `0x80070032` (`ERROR_NOT_SUPPORTED` as an HRESULT,
//!   reason `run_in`), as the engine refuses to start it; when `_SMSTSInWinPE` is unset the
//!   environment is unknown and `runIn` is not checked.
//! - **Run Task Sequence.** Runs the child the scenario supplies for its package ID, in the same
//!   environment (its `globalVarList` fills names not yet set), its nodes listed under the step.
//!   A child not supplied fails the step (`child_not_supplied`). Children nest at most
//!   [`MAX_CHILD_DEPTH`] deep, and a run executes at most [`RunOptions::max_steps`] groups and
//!   steps; past either the run stops with an [`Trace::error`] (a child that runs itself ends
//!   there, never in a hang), the rest `not_reached` (`aborted`).
//! - **MDT.** The engine does not set `PHASE` (MDT's start scripts do; give it as a starting
//!   variable). A step running `ZTINextPhase.wsf` or `PSDNextPhase.ps1` moves it along, so MDT
//!   sequences walk through their phase groups.
//!
//! The built-in effects, one module each: Set Task Sequence Variable, Set Dynamic Variables,
//! Download Package Content, Upgrade Operating System, Check Readiness, Run Command Line and
//! Run PowerShell Script (`cmd /c exit N`, output variables, the next-phase step), Install
//! Application and Install Package, Restart Computer. Their rules are on the effect table in
//! the README and in each section below.
//!
//! ## Set Task Sequence Variable
//! The value is expanded ([`crate::vars::expand`]), then set as a step sets variables: a name
//! starting with `_` or an invalid name fails the step (`step_error`, `0x80004005`). "Do not
//! display this value" makes it secret; an empty value deletes the variable.
//!
//! ## Set Dynamic Variables
//! Sets the read-only machine facts `_SMSTSMake`, `_SMSTSModel`, `_SMSTSSerialNumber`,
//! `_SMSTSAssetTag`, `_SMSTSUUID`, `_SMSTSMacAddresses`, `_SMSTSIPAddresses`,
//! `_SMSTSDefaultGateways` from WMI (those the host answers), then runs its rules in order:
//! a rule without condition always applies, a true rule sets its variables (as written,
//! "secret value" ones secret). Rule conditions are computer, make and model, variable and any
//! kind the condition evaluator knows, and location: true when a gateway it names is one of
//! `_SMSTSDefaultGateways`. A rule condition that cannot be evaluated fails the step.
//!
//! ## Download Package Content
//! Each package goes to `%_SMSTSMDataPath%\Packages\<ID>` (TS cache, the default),
//! `%_SMSTSClientCache%\<ID>` (client cache; fails in Windows PE) or `<custom path>\<ID>`. With
//! a destination variable `base`, the package at position N sets `baseNN` (`base01`, also for
//! one package). A package in the outcome's `failed_packages` leaves its number unset; with
//! "continue downloading" on (the default) the step goes on, else it fails there.
//!
//! ## Upgrade Operating System
//! Exit code: the scenario's, else `0xC1900210` for a compatibility scan (scan only), else
//! `0xC1900101` for a rollback, else 0. `_SMSTSOSUpgradeActionReturnCode` gets it as an
//! unsigned decimal (`3247440400`). The outcome's `rollback` sets `_SMSTSSetupRollback=true` and
//! fails the step (`rollback`) whatever the code; an upgrade that completed (not a scan, a
//! success code) sets `_SMSTSSetupRollback=false`.
//!
//! ## Check Readiness
//! Every enabled check runs against the machine's hardware facts and WMI (memory, processor
//! speed, free disk, OS type, architecture, minimum and maximum OS version, client version, OS
//! language, AC power, network, wired, UEFI, TPM enabled and activated); each sets its `_TS_CR*`
//! variable to `1` or `0`, disabled checks leave theirs unset; any failure exits 4316 with the
//! failed checks named. Unknown facts fail their check.
//!
//! ## Run Command Line, Run PowerShell Script
//! `cmd /c exit N` (and `cmd.exe /c exit /b N`, quoted forms) exits with `N` as expanded, read in
//! any [`crate::codes::ReturnCode`] spelling (a non-number exits 0, as cmd does). An output
//! variable takes the last 1000 characters of the outcome's `output`. A command running MDT's
//! `ZTINextPhase.wsf` or PSD's `PSDNextPhase.ps1` moves `PHASE` INITIALIZATION → VALIDATION →
//! STATECAPTURE → PREINSTALL → INSTALL → POSTINSTALL → STATERESTORE → "" (deleted).
//!
//! ## Install Application, Install Package
//! The trace's `installs` lists the applications (fixed list, or `Base01`, `Base02`… up to the
//! first missing) or `PKGID:Program` entries (one package, or `Base001`…; a malformed or
//! lower-case ID fails the step).
//!
//! ## Restart Computer
//! `HD` (or no target) → `_SMSTSInWinPE=false`; `WinPE` → `true`.
//!
//! # Secrets
//!
//! The trace redacts (`********`) values of known secret names ([`crate::vars::is_secret_name`]:
//! `*Password*`, product keys, the BitLocker PIN…), of Set Task Sequence Variable steps with
//! "do not display this value" and of Set Dynamic Variables' "secret value" entries — in command
//! lines, `variables_set`, the final variables and explanations, and the value a condition
//! compares a secret variable with (`condition.text` reads `OSDJoinPassword == "********"`) — unless
//! [`RunOptions::secrets`] is [`Secrets::Reveal`](crate::vars::Secrets::Reveal). A `hidden="true"` step setting is **not** secret by itself:
//! ConfigMgr writes it on every command line, package ID and restart target the console keeps
//! out of its grid, and redacting those would hide exactly what a trace is for; a hidden
//! setting is secret when its name is.

mod batch;
mod conditions;
mod effects;
pub mod generate;
mod json_path;
mod pairs;
mod resolve;
mod run;
mod scenario;
mod seams;
mod step;
mod text;
mod trace;
mod why;

pub use batch::{FleetSummary, MAX_NAMES, MachineRun, StepSummary, simulate_fleet};
pub use conditions::{ConditionSummary, ConditionTable, evaluate_fleet};
pub use pairs::VarMap;
pub use scenario::{
    DEFAULT_MAX_STEPS, MAX_CHILD_DEPTH, Outcome, RunOptions, Scenario, ScenarioError,
};
pub use text::{TextOptions, code_text};
pub use trace::{ConditionTrace, Reason, RunResult, Status, StepTrace, Trace};

use crate::machine::Host;
use crate::model::Sequence;

/// Simulates `sequence` on `host` as `scenario` describes (see the [module](self) for the
/// rules). Never fails: a scenario that does not fit the sequence gives a trace with no steps and
/// [`Trace::error`] set; use [`Scenario::check`] to get that error typed.
///
/// ```
/// use tasksequence::engine::{Scenario, simulate};
/// use tasksequence::machine::MachineProfile;
/// let doc = tasksequence::xml::read(br#"<sequence>
///   <step name="Set" type="SMS_TaskSequence_SetVariableAction">
///     <defaultVarList><variable name="VariableName" property="VariableName">Greeting</variable>
///       <variable name="VariableValue" property="VariableValue">hello %USERNAME%</variable></defaultVarList>
///   </step></sequence>"#)?;
/// let machine = MachineProfile::from_json(r#"{"environment":{"USERNAME":"ada"}}"#)?;
/// let trace = simulate(&doc.sequence, &machine, &Scenario::new());
/// assert_eq!(trace.variables.get("Greeting"), Some("hello ada"));
/// assert_eq!(trace.steps[0].variables_set.get("Greeting"), Some("hello ada"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn simulate(sequence: &Sequence, host: &dyn Host, scenario: &Scenario) -> Trace {
    run::simulate(sequence, host, scenario)
}
