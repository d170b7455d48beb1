//! The built-in effect of each step type: what running it does to the variables and which exit
//! code it gives. One file per step type.

mod command;
mod download;
mod dynamic;
mod install;
mod readiness;
mod restart;
mod set_variable;
mod upgrade;

use std::borrow::Cow;

pub(super) use command::command_text;

use super::pairs::VarMap;
use super::scenario::Outcome;
use super::trace::Reason;
use crate::codes::{ReturnCode, SuccessCodes, known};
use crate::condition::{EvalContext, EvalOptions};
use crate::machine::{Hardware, Host, WithHost};
use crate::model::Step;
use crate::model::views::StepView;
use crate::vars::{Environment, Secrets, VarError};

/// `E_FAIL`, the code of failures the engine itself reports (a condition that cannot be
/// evaluated, a read-only variable, a child sequence that is missing).
pub(super) const ENGINE_FAILURE: ReturnCode = ReturnCode(0x8000_4005);

/// `HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED)`: a step whose `runIn` excludes the environment.
pub(super) const NOT_SUPPORTED: ReturnCode = ReturnCode(0x8007_0032);

/// The environment of one step, recording every variable the step sets.
pub(super) struct StepEnv<'e> {
    pub env: &'e mut Environment,
    pub set: VarMap,
    secrets: Secrets,
}

impl<'e> StepEnv<'e> {
    pub(super) fn new(env: &'e mut Environment, secrets: Secrets) -> Self {
        Self {
            env,
            set: VarMap::new(),
            secrets,
        }
    }

    /// Sets `name` as a step does (`_` names refused).
    pub(super) fn by_step(
        &mut self,
        name: &str,
        value: &str,
        secret: bool,
    ) -> Result<(), VarError> {
        self.env.set_by_step(name, value, secret)?;
        self.record(name, value);
        Ok(())
    }

    /// Sets `name` as the engine does (any valid name).
    pub(super) fn engine(&mut self, name: &str, value: &str) -> Result<(), VarError> {
        self.env.set_engine(name, value, false)?;
        self.record(name, value);
        Ok(())
    }

    /// `value` as outputs show it.
    pub(super) fn show<'v>(&self, value: &'v str, secret: bool) -> &'v str {
        self.secrets.show(value, secret)
    }

    fn record(&mut self, name: &str, value: &str) {
        let shown = self.secrets.show(value, self.env.is_secret(name));
        self.set.push(name.trim(), shown);
    }
}

/// Everything an effect reads and writes.
pub(super) struct Cx<'c, 'e> {
    pub vars: &'c mut StepEnv<'e>,
    pub host: &'c dyn Host,
    pub hardware: &'c Hardware,
    /// The step with its settings as they are in force (see [`super::step::effective_step`]).
    pub step: &'c Step,
    pub outcome: Option<&'c Outcome>,
    pub success: &'c SuccessCodes,
    pub eval: EvalOptions,
    pub in_winpe: Option<bool>,
}

impl Cx<'_, '_> {
    /// The exit code the scenario gives the step.
    pub(super) fn scenario_code(&self) -> Option<ReturnCode> {
        self.outcome.and_then(|o| o.exit_code)
    }

    /// The scenario's code, else `default`.
    pub(super) fn code_or(&self, default: ReturnCode) -> ReturnCode {
        self.scenario_code().unwrap_or(default)
    }

    /// Whether the scenario says the step failed: then effects that only make sense after the
    /// step did its work are not applied.
    pub(super) fn scenario_failed(&self) -> bool {
        self.scenario_code()
            .is_some_and(|c| !self.success.contains(c))
    }

    /// `text` expanded with real values, as the step receives it.
    pub(super) fn expand<'t>(&self, text: &'t str) -> Cow<'t, str> {
        crate::vars::expand(text, &WithHost::new(&*self.vars.env, Some(self.host)))
    }

    /// A context for evaluating conditions against the current variables.
    pub(super) fn eval_context(&self) -> EvalContext<'_> {
        EvalContext::new(&*self.vars.env)
            .with_host(self.host)
            .with_options(self.eval)
    }
}

/// What running a step did.
pub(super) struct Effect {
    pub code: ReturnCode,
    /// Set when the step fails whatever its exit code.
    pub failure: Option<Reason>,
    /// What happened, in words.
    pub notes: Vec<String>,
    /// What an install step would install.
    pub installs: Vec<String>,
}

impl Effect {
    pub(super) fn code(code: ReturnCode) -> Self {
        Self {
            code,
            failure: None,
            notes: Vec::new(),
            installs: Vec::new(),
        }
    }

    pub(super) fn failed(code: ReturnCode, reason: Reason, note: impl Into<String>) -> Self {
        Self {
            code,
            failure: Some(reason),
            notes: vec![note.into()],
            installs: Vec::new(),
        }
    }

    pub(super) fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}

/// Runs the built-in effect of the step's type, or gives the scenario's exit code (0 without
/// one) to types without an effect.
pub(super) fn apply(cx: &mut Cx<'_, '_>) -> Effect {
    if command::is_next_phase(cx.step) {
        return command::next_phase(cx);
    }
    let mut effect = match StepView::of(cx.step) {
        StepView::RunCommandLine(view) => command::run_command_line(cx, &view),
        StepView::RunPowerShellScript(view) => command::run_powershell(cx, &view),
        StepView::SetVariable(view) => set_variable::apply(cx, &view),
        StepView::SetDynamicVariables(view) => dynamic::apply(cx, &view),
        StepView::UpgradeOperatingSystem(view) => upgrade::apply(cx, &view),
        StepView::DownloadPackageContent(view) => download::apply(cx, &view),
        StepView::InstallApplication(view) => install::application(cx, &view),
        StepView::InstallPackage(view) => install::package(cx, &view),
        StepView::CheckReadiness(view) => readiness::apply(cx, &view),
        StepView::RestartComputer(view) => restart::apply(cx, &view),
        _ => Effect::code(cx.code_or(ReturnCode::SUCCESS)),
    };
    // The scenario's word on the exit code is final, except where the step fails regardless.
    if effect.failure.is_none()
        && let Some(code) = cx.scenario_code()
    {
        effect.code = code;
    }
    if let Some(reboot) = effect.code.reboot()
        && effect.failure.is_none()
        && cx.success.contains(effect.code)
    {
        effect.notes.push(match reboot {
            crate::codes::Reboot::Required => {
                "exit code 3010: the engine restarts the computer, then continues".to_string()
            }
            crate::codes::Reboot::Initiated => {
                "exit code 1641: the program started a restart; the engine continues after it"
                    .to_string()
            }
        });
    }
    effect
}

/// A code as people read it: decimal up to 65535, else hex, with its symbolic name when known
/// (`0xC1900210 (MOSETUP_E_COMPAT_SCANONLY)`, `3010 (ERROR_SUCCESS_REBOOT_REQUIRED)`). Codes
/// below 1000 stay bare: programs use them for their own meanings, and calling a script's
/// `exit 5` "access denied" would mislead.
pub(super) fn code_words(code: ReturnCode) -> String {
    if code.0 < 1000 {
        return code.0.to_string();
    }
    let number = if code.0 <= 0xFFFF {
        code.0.to_string()
    } else {
        code.to_string()
    };
    match known(code).and_then(|k| k.name) {
        Some(name) => format!("{number} ({name})"),
        None => number,
    }
}

/// `true`/`false` in any case, as the engine reads flags.
pub(super) fn flag(value: Option<&str>) -> Option<bool> {
    match value?.trim() {
        v if v.eq_ignore_ascii_case("true") => Some(true),
        v if v.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}
