//! Set Task Sequence Variable: the value is expanded, then set as a step sets variables, so a
//! name starting with `_` (read-only) or an invalid name fails the step. "Do not display this
//! value" makes the value secret. An empty value deletes the variable.

use super::{Cx, ENGINE_FAILURE, Effect};
use crate::codes::ReturnCode;
use crate::engine::trace::Reason;
use crate::model::views::SetVariable;

pub(super) fn apply(cx: &mut Cx<'_, '_>, view: &SetVariable) -> Effect {
    let code = cx.code_or(ReturnCode::SUCCESS);
    if cx.scenario_failed() {
        return Effect::code(code).note("the scenario's exit code is a failure: nothing was set");
    }
    let Some(name) = view
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    else {
        return Effect::failed(
            ENGINE_FAILURE,
            Reason::StepError,
            "the step names no variable",
        );
    };
    let value = cx
        .expand(view.value.as_deref().unwrap_or_default())
        .into_owned();
    let secret = view.is_secret(cx.step);
    match cx.vars.by_step(name, &value, secret) {
        Ok(()) if value.is_empty() => Effect::code(code).note(format!("deleted `{name}`")),
        Ok(()) => Effect::code(code),
        Err(e) => Effect::failed(ENGINE_FAILURE, Reason::StepError, e.to_string()),
    }
}
