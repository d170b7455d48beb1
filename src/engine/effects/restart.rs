//! Restart Computer: the target (`HD`, the installed OS, or `WinPE`, the boot image) decides
//! the environment the next steps run in, recorded as `_SMSTSInWinPE`. No target means the
//! installed OS, as MDT's templates leave it.

use super::{Cx, Effect};
use crate::codes::ReturnCode;
use crate::model::views::RestartComputer;

pub(super) fn apply(cx: &mut Cx<'_, '_>, view: &RestartComputer) -> Effect {
    let code = cx.code_or(ReturnCode::SUCCESS);
    if cx.scenario_failed() {
        return Effect::code(code).note("the scenario's exit code is a failure: no restart");
    }
    let target = view
        .target
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .or_else(|| target_from_action(cx.step.action.as_deref()))
        .unwrap_or_else(|| "HD".to_string());
    let winpe = target.eq_ignore_ascii_case("WinPE");
    let value = if winpe { "true" } else { "false" };
    // `_SMSTSInWinPE` is always a valid name; setting it cannot fail.
    let _ = cx.vars.engine("_SMSTSInWinPE", value);
    Effect::code(code).note(if winpe {
        "restarts into the boot image (Windows PE)"
    } else {
        "restarts into the installed operating system"
    })
}

/// The `/target:` of `smsboot.exe /target:WinPE`.
fn target_from_action(action: Option<&str>) -> Option<String> {
    let action = action?;
    let lower = action.to_ascii_lowercase();
    let at = lower.find("/target:")? + "/target:".len();
    let rest = action.get(at..)?;
    let target: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
    (!target.is_empty()).then_some(target)
}
