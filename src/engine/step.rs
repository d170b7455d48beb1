//! One step that runs: its environment check, its outcome (scenario, built-in effect, or
//! success), its success codes, the engine's bookkeeping variables, and Run Task Sequence.

use std::borrow::Cow;

use super::effects::{self, Cx, ENGINE_FAILURE, NOT_SUPPORTED, StepEnv};
use super::resolve::is_run_task_sequence;
use super::run::{Frame, FrameKind, Run};
use super::scenario::MAX_CHILD_DEPTH;
use super::trace::{Reason, Status, StepTrace};
use crate::codes::{ReturnCode, SuccessCodes};
use crate::machine::WithHost;
use crate::model::views::RunTaskSequence;
use crate::model::{RunIn, Step, StepElement};
use crate::vars::{Environment, Secrets};

/// The step with each of its settings that a variable of the same name has been set to
/// replaced by that variable's value, as the engine does with action variables: a
/// `WorkingDirectory` set earlier applies to every later step that has the setting.
pub(super) fn effective_step<'a>(step: &'a Step, env: &Environment) -> Cow<'a, Step> {
    let Some(list) = &step.variables else {
        return Cow::Borrowed(step);
    };
    if !list.iter().any(|v| env.contains(&v.name)) {
        return Cow::Borrowed(step);
    }
    let mut owned = step.clone();
    if let Some(list) = &mut owned.variables {
        for var in list.entries.iter_mut().filter_map(|e| e.known_mut()) {
            if let Some(value) = env.get(&var.name) {
                var.value = value.to_string();
            }
        }
    }
    Cow::Owned(owned)
}

/// The success codes in force: `successCodeList`, else `successCodes`, else the step's
/// `SuccessCodes` setting, else 0 only.
fn success_codes(step: &Step) -> Result<SuccessCodes, String> {
    let text = step
        .options
        .success_code_text()
        .or_else(|| step.variable("SuccessCodes"));
    match text {
        Some(text) => SuccessCodes::parse(text).map_err(|e| e.to_string()),
        None => Ok(SuccessCodes::new(vec![ReturnCode::SUCCESS])),
    }
}

/// Whether a step with `run_in` may run in Windows PE (`true`) or the full OS (`false`).
fn allowed(run_in: RunIn, winpe: bool) -> bool {
    match run_in {
        RunIn::WinPeAndFullOs => true,
        RunIn::WinPe => winpe,
        RunIn::FullOs => !winpe,
    }
}

/// The command line a trace shows: Run Command Line's command, else the action; expanded,
/// secrets redacted unless revealed (also secret settings written literally into it).
fn shown_command_line(
    step: &Step,
    env: &Environment,
    host: &dyn crate::machine::Host,
    secrets: Secrets,
) -> Option<String> {
    // The type alone decides; building the whole view here would cost every setting's copy.
    let type_name = step.type_name.as_deref().unwrap_or_default();
    let command_line = step.element == StepElement::Step
        && (type_name.is_empty() || type_name == "SMS_TaskSequence_RunCommandLineAction");
    let text = if command_line {
        effects::command_text(step)
    } else {
        step.action.as_deref()
    }?;
    let vars = WithHost::new(env, Some(host));
    let mut shown = match secrets {
        Secrets::Reveal => crate::vars::expand(text, &vars),
        Secrets::Redact => crate::vars::expand_redacted(text, &vars),
    }
    .trim()
    .to_string();
    if secrets == Secrets::Redact {
        // The one rule of what a step holds in secret (names, "do not display" values).
        let secret_values = step
            .variables
            .iter()
            .flat_map(|l| l.iter())
            .filter(|v| crate::redact::is_secret_setting(step, v))
            .map(|v| v.value.clone());
        for value in secret_values {
            if !value.trim().is_empty() {
                shown = shown.replace(value.trim(), crate::vars::REDACTED);
            }
        }
    }
    (!shown.is_empty()).then_some(shown)
}

impl<'s> Run<'s> {
    /// Whether the current environment is Windows PE, from `_SMSTSInWinPE`; `None` when that
    /// variable is unset (or neither `true` nor `false`): then `runIn` is not checked.
    fn in_winpe(&self) -> Option<bool> {
        effects::flag(self.env.get("_SMSTSInWinPE"))
    }

    pub(super) fn step(
        &mut self,
        step: &'s Step,
        mut entry: StepTrace,
        continue_on_error: bool,
        child_depth: usize,
    ) {
        let path = entry.path.clone();
        let name = entry.name.clone();
        let in_winpe = self.in_winpe();
        entry.command_line = shown_command_line(step, &self.env, self.host, self.secrets);
        if let (Some(run_in), Some(winpe)) = (step.options.run_in, in_winpe)
            && !allowed(run_in, winpe)
        {
            let here = if winpe {
                "Windows PE"
            } else {
                "the full operating system"
            };
            entry.reason = Some(Reason::RunIn);
            entry.exit_code = Some(NOT_SUPPORTED);
            entry.succeeded = Some(false);
            entry.detail = Some(format!(
                "runIn is {} but the step would run in {here}",
                run_in.as_str()
            ));
            self.last_action(&name, NOT_SUPPORTED, false);
            self.push(entry);
            self.fail(continue_on_error, NOT_SUPPORTED, &path);
            return;
        }
        // The name is valid and short enough in practice; a name too long to hold is skipped.
        let _ = self.env.set_engine("_SMSTSCurrentActionName", &name, false);
        let outcome = self.resolved.outcome(&path, step);
        if is_run_task_sequence(step) && outcome.is_none() {
            self.run_child(step, entry, continue_on_error, child_depth);
            return;
        }
        let effective = effective_step(step, &self.env);
        let success = match success_codes(&effective) {
            Ok(codes) => codes,
            Err(e) => {
                entry.reason = Some(Reason::StepError);
                entry.exit_code = Some(ENGINE_FAILURE);
                entry.succeeded = Some(false);
                entry.detail = Some(format!("the success codes do not read: {e}"));
                self.last_action(&name, ENGINE_FAILURE, false);
                self.push(entry);
                self.fail(continue_on_error, ENGINE_FAILURE, &path);
                return;
            }
        };
        let mut vars = StepEnv::new(&mut self.env, self.secrets);
        let mut effect = {
            let mut cx = Cx {
                vars: &mut vars,
                host: self.host,
                hardware: &self.hardware,
                step: &effective,
                outcome,
                success: &success,
                eval: self.eval,
                in_winpe,
            };
            effects::apply(&mut cx)
        };
        if let Some(outcome) = outcome {
            for (var, value) in outcome.variables.iter() {
                if let Err(e) = vars.engine(var, value) {
                    effect.failure = Some(Reason::StepError);
                    effect.code = ENGINE_FAILURE;
                    effect.notes.push(format!("the scenario's variable: {e}"));
                }
            }
        }
        entry.variables_set = vars.set;
        let code = effect.code;
        let (succeeded, reason) = match effect.failure {
            Some(reason) => (false, Some(reason)),
            None if success.contains(code) => (true, None),
            None => {
                effect
                    .notes
                    .push(format!("not one of the success codes {success}"));
                (false, Some(Reason::ExitCode))
            }
        };
        if outcome.is_some_and(|o| o.exit_code.is_some()) {
            effect
                .notes
                .insert(0, "exit code given by the scenario".to_string());
        }
        entry.exit_code = Some(code);
        entry.succeeded = Some(succeeded);
        entry.reason = reason;
        entry.detail = (!effect.notes.is_empty()).then(|| effect.notes.join("; "));
        entry.installs = effect.installs;
        self.last_action(&name, code, succeeded);
        self.push(entry);
        if !succeeded {
            self.fail(continue_on_error, code, &path);
        }
    }

    /// Run Task Sequence without a scenario outcome: the child from the scenario runs in the
    /// same environment, its nodes under this step; its `globalVarList` fills names not set yet.
    /// A child the scenario does not supply fails the step.
    fn run_child(
        &mut self,
        step: &'s Step,
        mut entry: StepTrace,
        continue_on_error: bool,
        child_depth: usize,
    ) {
        let path = entry.path.clone();
        let id = RunTaskSequence::read(step)
            .package_id
            .map(|id| id.trim().to_string())
            .filter(|id| !id.is_empty());
        let child = id.as_deref().and_then(|id| self.scenario.child(id));
        let Some(child) = child else {
            entry.reason = Some(Reason::ChildNotSupplied);
            entry.exit_code = Some(ENGINE_FAILURE);
            entry.succeeded = Some(false);
            entry.detail = Some(match &id {
                Some(id) => format!(
                    "the child sequence `{id}` was not supplied (the scenario's children, or `--child {id}=FILE`)"
                ),
                None => "the step names no child sequence".to_string(),
            });
            self.last_action(&entry.name.clone(), ENGINE_FAILURE, false);
            self.push(entry);
            self.fail(continue_on_error, ENGINE_FAILURE, &path);
            return;
        };
        let id = id.unwrap_or_default();
        if child_depth >= MAX_CHILD_DEPTH {
            self.error = Some(format!(
                "child sequences nest more than {MAX_CHILD_DEPTH} deep at `{path}` (does `{id}` run itself?)"
            ));
            entry.status = Status::NotReached;
            entry.reason = Some(Reason::Aborted);
            self.push(entry);
            return;
        }
        let mut vars = StepEnv::new(&mut self.env, self.secrets);
        for var in child.globals.iter().flat_map(|g| g.iter()) {
            if !vars.env.contains(&var.name) {
                // A global that cannot be set is left out, as an invalid name would be.
                let _ = vars.engine(&var.name, &var.value);
            }
        }
        entry.variables_set = vars.set;
        entry.detail = Some(format!("runs the child sequence `{id}`"));
        let index = self.push(entry);
        self.stack.push(Frame {
            nodes: &child.children,
            next: 0,
            depth: self.trace.get(index).map_or(0, |e| e.depth + 1),
            prefix: path,
            kind: FrameKind::Child {
                entry: index,
                continue_on_error,
            },
            child_depth: child_depth + 1,
        });
    }
}
