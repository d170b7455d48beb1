//! Run Command Line, Run PowerShell Script and MDT's next-phase step.
//!
//! - A command line `cmd /c exit N` (also `cmd.exe`, a full path to it, `/C`, `exit /b N`,
//!   the command quoted after `/c`) exits with `N` after expansion, read as any
//!   [`ReturnCode`] spelling (`3247440400`, `-1047526896`, `0xC1900210`); an `N` that is not a
//!   number exits with 0, as `cmd.exe` does. Any other command exits with 0 unless the scenario
//!   says otherwise.
//! - With an output variable (`SMSTSRunCommandLineOutputVariableName`,
//!   `OSDRunPowerShellScriptOutputVariableName`), the last 1000 characters of the scenario's
//!   `output` are set into it; without an `output` the variable is left as it is.
//! - A step whose command runs `ZTINextPhase.wsf` (MDT) or `PSDNextPhase.ps1` (PSD) moves
//!   `PHASE` to the next of INITIALIZATION → VALIDATION → STATECAPTURE → PREINSTALL → INSTALL
//!   → POSTINSTALL → STATERESTORE → "" (deleted). Another value, or none, stays as it is, as
//!   those scripts leave it.

use super::{Cx, ENGINE_FAILURE, Effect};
use crate::codes::ReturnCode;
use crate::engine::trace::Reason;
use crate::model::Step;
use crate::model::views::{RunCommandLine, RunPowerShellScript};

/// The most a step's output variable keeps, in characters.
const OUTPUT_LIMIT: usize = 1000;

/// MDT's phases in order.
const PHASES: [&str; 7] = [
    "INITIALIZATION",
    "VALIDATION",
    "STATECAPTURE",
    "PREINSTALL",
    "INSTALL",
    "POSTINSTALL",
    "STATERESTORE",
];

/// The command a Run Command Line step runs: its `CommandLine` variable, else the action
/// without ConfigMgr's `smsswd.exe /run:[PKGID]` launcher.
pub(crate) fn command_text(step: &Step) -> Option<&str> {
    if let Some(line) = step
        .variable("CommandLine")
        .filter(|l| !l.trim().is_empty())
    {
        return Some(line);
    }
    let action = step.action.as_deref()?.trim();
    let lower = action.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("smsswd.exe /run:") else {
        return Some(action);
    };
    let start = action.len() - rest.len();
    let rest = action.get(start..).unwrap_or_default();
    // `/run:PKG00001 cmd …` names a package before the command.
    if rest.starts_with(char::is_whitespace) {
        Some(rest.trim())
    } else {
        Some(
            rest.split_once(char::is_whitespace)
                .map_or("", |(_, command)| command)
                .trim(),
        )
    }
}

/// What `cmd /c exit N` exits with: `Some(Ok(code))`, `Some(Err(text))` when `N` is not a
/// number (cmd exits with 0), `None` when the command is something else.
pub(crate) fn cmd_exit(command: &str) -> Option<Result<ReturnCode, String>> {
    let command = command.trim();
    let (program, rest) = split_program(command)?;
    let program = program.to_ascii_lowercase();
    let is_cmd = ["cmd", "cmd.exe"].iter().any(|name| {
        program == *name
            || program
                .strip_suffix(name)
                .is_some_and(|head| head.ends_with(['\\', '/']))
    });
    if !is_cmd {
        return None;
    }
    let rest = rest.trim_start();
    let after_c = rest
        .get(..2)
        .filter(|s| s.eq_ignore_ascii_case("/c"))
        .and_then(|_| rest.get(2..))?;
    if !after_c.is_empty() && !after_c.starts_with(char::is_whitespace) {
        return None;
    }
    let mut body = after_c.trim();
    if body.len() >= 2 && body.starts_with('"') && body.ends_with('"') {
        body = body.get(1..body.len() - 1).unwrap_or_default().trim();
    }
    let mut words = body.split_whitespace();
    if !words.next()?.eq_ignore_ascii_case("exit") {
        return None;
    }
    let mut value = words.next();
    if value.is_some_and(|v| v.eq_ignore_ascii_case("/b")) {
        value = words.next();
    }
    if words.next().is_some() {
        return None;
    }
    let Some(value) = value else {
        return Some(Ok(ReturnCode::SUCCESS));
    };
    Some(ReturnCode::parse(value).map_err(|_| value.to_string()))
}

/// The program (unquoted) and the rest of a command line.
fn split_program(command: &str) -> Option<(&str, &str)> {
    if let Some(quoted) = command.strip_prefix('"') {
        let end = quoted.find('"')?;
        Some((quoted.get(..end)?, quoted.get(end + 1..)?))
    } else {
        Some(
            command
                .split_once(char::is_whitespace)
                .unwrap_or((command, "")),
        )
    }
}

pub(super) fn run_command_line(cx: &mut Cx<'_, '_>, view: &RunCommandLine) -> Effect {
    let command = command_text(cx.step).unwrap_or_default();
    let expanded = cx.expand(command).into_owned();
    let mut effect = match cmd_exit(&expanded) {
        Some(Ok(code)) => Effect::code(code),
        Some(Err(text)) => Effect::code(ReturnCode::SUCCESS)
            .note(format!("`{text}` is not a number, so cmd exits with 0")),
        None => Effect::code(ReturnCode::SUCCESS),
    };
    if let Some(code) = cx.scenario_code() {
        effect.code = code;
    }
    output(cx, view.output_variable.as_deref(), effect)
}

pub(super) fn run_powershell(cx: &mut Cx<'_, '_>, view: &RunPowerShellScript) -> Effect {
    let effect = Effect::code(cx.code_or(ReturnCode::SUCCESS));
    output(cx, view.output_variable.as_deref(), effect)
}

/// Sets the output variable from the scenario's `output`.
fn output(cx: &mut Cx<'_, '_>, variable: Option<&str>, effect: Effect) -> Effect {
    let Some(variable) = variable.map(str::trim).filter(|v| !v.is_empty()) else {
        return effect;
    };
    let Some(text) = cx.outcome.and_then(|o| o.output.as_deref()) else {
        return effect.note(format!(
            "output variable `{variable}` left as it is (the scenario gives no output)"
        ));
    };
    let kept = last_chars(text, OUTPUT_LIMIT);
    match cx.vars.by_step(variable, kept, false) {
        Ok(()) => effect.note(format!("output set into `{variable}`")),
        Err(e) => Effect::failed(ENGINE_FAILURE, Reason::StepError, e.to_string()),
    }
}

/// The last `limit` characters of `text`.
fn last_chars(text: &str, limit: usize) -> &str {
    let count = text.chars().count();
    if count <= limit {
        return text;
    }
    let skip = count - limit;
    text.char_indices()
        .nth(skip)
        .and_then(|(at, _)| text.get(at..))
        .unwrap_or(text)
}

/// Whether the step runs MDT's or PSD's next-phase script.
pub(super) fn is_next_phase(step: &Step) -> bool {
    let runs = |text: &str| {
        let lower = text.to_ascii_lowercase();
        lower.contains("ztinextphase.wsf") || lower.contains("psdnextphase.ps1")
    };
    step.action.as_deref().is_some_and(runs) || step.variable("CommandLine").is_some_and(runs)
}

pub(super) fn next_phase(cx: &mut Cx<'_, '_>) -> Effect {
    let code = cx.code_or(ReturnCode::SUCCESS);
    if cx.scenario_failed() {
        return Effect::code(code).note("the scenario's exit code is a failure: PHASE unchanged");
    }
    let current = cx.vars.env.get("PHASE").map(str::to_string);
    let position = current
        .as_deref()
        .and_then(|c| PHASES.iter().position(|p| p.eq_ignore_ascii_case(c.trim())));
    let (Some(current), Some(position)) = (current, position) else {
        return Effect::code(code).note("PHASE is not one of MDT's phases, so it stays as it is");
    };
    let next = PHASES.get(position + 1).copied().unwrap_or("");
    match cx.vars.by_step("PHASE", next, false) {
        Ok(()) if next.is_empty() => {
            Effect::code(code).note(format!("PHASE {current} was the last phase; PHASE deleted"))
        }
        Ok(()) => Effect::code(code).note(format!("PHASE {current} → {next}")),
        Err(e) => Effect::failed(ENGINE_FAILURE, Reason::StepError, e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmd_exit_forms() {
        let code = |s: &str| cmd_exit(s).and_then(Result::ok).map(|c| c.0);
        assert_eq!(code("cmd /c exit 3"), Some(3));
        assert_eq!(code("cmd.exe /C exit /b 3010"), Some(3010));
        assert_eq!(code("CMD /c EXIT 3247440400"), Some(0xC190_0210));
        assert_eq!(code("cmd /c exit -1047526896"), Some(0xC190_0210));
        assert_eq!(code("cmd /c exit 0xC1900208"), Some(0xC190_0208));
        assert_eq!(code(r"C:\Windows\System32\cmd.exe /c exit 5"), Some(5));
        assert_eq!(
            code(r#""C:\Windows\System32\cmd.exe" /c "exit 7""#),
            Some(7)
        );
        assert_eq!(code("cmd /c exit"), Some(0));
        assert_eq!(
            cmd_exit("cmd /c exit %UNSET%"),
            Some(Err("%UNSET%".to_string()))
        );
        for other in [
            "cmd /c echo hi",
            "cmd /k exit 3",
            "mycmd /c exit 3",
            "cmd /cexit 3",
            "cmd /c exit 3 & echo",
            "powershell exit 3",
            "",
        ] {
            assert_eq!(cmd_exit(other), None, "{other}");
        }
    }

    #[test]
    fn launcher_stripped() {
        let step = |action: &str| Step {
            action: Some(action.to_string()),
            ..Step::default()
        };
        assert_eq!(
            command_text(&step("smsswd.exe /run: cmd /c exit 2")),
            Some("cmd /c exit 2")
        );
        assert_eq!(
            command_text(&step("smsswd.exe /run:TSQ00001 cmd /c exit 2")),
            Some("cmd /c exit 2")
        );
        assert_eq!(
            command_text(&step("cscript.exe x.wsf")),
            Some("cscript.exe x.wsf")
        );
    }

    #[test]
    fn output_keeps_the_tail() {
        assert_eq!(last_chars("abcdef", 3), "def");
        assert_eq!(last_chars("ab", 3), "ab");
        assert_eq!(last_chars("ééé€", 2), "é€");
    }
}
