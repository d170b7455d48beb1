//! The trace as text an administrator reads at a glance: the tree with a mark per node, the
//! reasons in words, exit codes with their names, the result last.

use std::fmt::Write as _;

use super::effects::code_words;
use super::trace::{Reason, RunResult, Status, StepTrace, Trace};
use crate::model::NodeKind;
use crate::util::printable::printable;

/// A code as the text form writes it: decimal up to 65535, else hex, with its symbolic name
/// when it has one and is 1000 or more (programs give small codes their own meanings).
///
/// ```
/// use tasksequence::codes::ReturnCode;
/// use tasksequence::engine::code_text;
/// assert_eq!(code_text(ReturnCode(0xC190_0210)), "0xC1900210 (MOSETUP_E_COMPAT_SCANONLY)");
/// assert_eq!(code_text(ReturnCode(4316)), "4316 (ERROR_RESOURCE_NOT_PRESENT)");
/// assert_eq!(code_text(ReturnCode(5)), "5");
/// ```
pub fn code_text(code: crate::codes::ReturnCode) -> String {
    code_words(code)
}

/// How [`Trace::to_text`] writes.
///
/// ```
/// use tasksequence::engine::TextOptions;
/// let plain = TextOptions::default();
/// assert!(!plain.color && !plain.all);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// ANSI colours (for a terminal).
    pub color: bool,
    /// Also list what lies inside skipped and unreached groups (otherwise counted on the
    /// group's line).
    pub all: bool,
}

/// Marks: ran and succeeded, failed, skipped, not reached.
const OK: &str = "✓";
const FAILED: &str = "✗";
const SKIPPED: &str = "-";
const NOT_REACHED: &str = "·";

struct Paint {
    on: bool,
}

impl Paint {
    /// Painted text is also made printable, so that a name or value from the sequence cannot
    /// drive the terminal (the colours are the only escape sequences the text form writes).
    fn wrap(&self, code: &str, text: &str) -> String {
        let text = printable(text);
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn green(&self, t: &str) -> String {
        self.wrap("32", t)
    }
    fn red(&self, t: &str) -> String {
        self.wrap("31", t)
    }
    fn yellow(&self, t: &str) -> String {
        self.wrap("33", t)
    }
    fn dim(&self, t: &str) -> String {
        self.wrap("2", t)
    }
    fn bold(&self, t: &str) -> String {
        self.wrap("1", t)
    }
}

impl Trace {
    /// The text form:
    ///
    /// ```text
    /// ✓ Prepare for Upgrade
    ///   ✓ Check Readiness for Upgrade → 0
    ///       checks passed: memory, processor speed, free disk space, OS type
    ///       set _TS_CRMEMORY=1, _TS_CRSPEED=1, _TS_CRDISK=1, _TS_CROSTYPE=1
    ///   ✗ Upgrade assessment → 0xC1900210 (MOSETUP_E_COMPAT_SCANONLY), continues on error
    ///   - Stop on a blocking scan result: skipped: _SMSTSOSUpgradeActionReturnCode = "3247440400" equals "3247440400" as integers
    /// · Rollback: not reached (1 inside)
    /// result: success
    /// ```
    ///
    /// `✓` ran, `✗` failed, `-` skipped, `·` not reached. A step that ran shows its exit code
    /// and below it what it did, its command line (for command-line steps) and the variables
    /// it set.
    ///
    /// ```
    /// use tasksequence::engine::{Scenario, TextOptions, simulate};
    /// use tasksequence::machine::MachineProfile;
    /// let doc = tasksequence::xml::read(br#"<sequence>
    ///   <step name="Fail" type="SMS_TaskSequence_RunCommandLineAction" successCodeList="0">
    ///     <action>smsswd.exe /run: cmd /c exit 5</action></step>
    ///   <step name="Later" type="SMS_TaskSequence_RunCommandLineAction"/>
    /// </sequence>"#)?;
    /// let trace = simulate(&doc.sequence, &MachineProfile::default(), &Scenario::new());
    /// let text = trace.to_text(&TextOptions::default());
    /// assert!(text.starts_with("✗ Fail → 5\n"), "{text}");
    /// assert!(text.contains("· Later: not reached"), "{text}");
    /// assert!(text.ends_with("result: failure, exit code 5 at `Fail`\n"), "{text}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_text(&self, options: &TextOptions) -> String {
        let paint = Paint { on: options.color };
        let mut out = String::new();
        let mut hide_below: Option<usize> = None;
        for (index, step) in self.steps.iter().enumerate() {
            if let Some(depth) = hide_below {
                if step.depth > depth {
                    continue;
                }
                hide_below = None;
            }
            let folded = !options.all && step.status != Status::Ran;
            let inside = if folded {
                hide_below = Some(step.depth);
                self.steps
                    .get(index + 1..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|s| s.depth > step.depth)
                    .count()
            } else {
                0
            };
            line(&mut out, step, inside, &paint);
        }
        if let Some(error) = &self.error {
            let _ = writeln!(out, "{}", paint.red(&format!("error: {error}")));
        }
        let result = match self.result {
            RunResult::Success => paint.green("result: success"),
            RunResult::Failure => {
                let mut words =
                    format!("result: failure, exit code {}", code_words(self.exit_code));
                if let Some(at) = &self.failed_at {
                    let _ = write!(words, " at `{at}`");
                }
                paint.red(&words)
            }
        };
        let _ = writeln!(out, "{}", paint.bold(&result));
        out
    }
}

fn line(out: &mut String, step: &StepTrace, inside: usize, paint: &Paint) {
    let pad = "  ".repeat(step.depth);
    let more = if inside > 0 {
        format!(" ({inside} inside)")
    } else {
        String::new()
    };
    match step.status {
        Status::Ran => ran(out, step, &pad, paint),
        Status::Skipped => {
            let why = match step.reason {
                Some(Reason::Disabled) if step.detail.as_deref() == Some("disabled") => {
                    "disabled".to_string()
                }
                _ => step.detail.clone().unwrap_or_default(),
            };
            let _ = writeln!(
                out,
                "{pad}{} {}{}",
                paint.yellow(SKIPPED),
                printable(&step.name),
                paint.dim(&format!(": skipped: {why}{more}"))
            );
        }
        Status::NotReached => {
            let _ = writeln!(
                out,
                "{pad}{} {}",
                paint.dim(NOT_REACHED),
                paint.dim(&format!("{}: not reached{more}", step.name))
            );
        }
    }
}

fn ran(out: &mut String, step: &StepTrace, pad: &str, paint: &Paint) {
    let failed = step.succeeded == Some(false);
    let mark = if failed {
        paint.red(FAILED)
    } else {
        paint.green(OK)
    };
    let mut head = format!("{pad}{mark} {}", printable(&step.name));
    if let Some(code) = step.exit_code
        && step.kind != NodeKind::Group
    {
        let words = format!(" → {}", code_words(code));
        head.push_str(&if failed { paint.red(&words) } else { words });
    }
    if failed && step.continue_on_error {
        head.push_str(", continues on error");
    }
    let _ = writeln!(out, "{head}");
    let sub = format!("{pad}    ");
    let shows_command = step.kind == NodeKind::Step
        && step
            .type_name
            .as_deref()
            .is_none_or(|t| t == "SMS_TaskSequence_RunCommandLineAction");
    if shows_command && let Some(command) = &step.command_line {
        let _ = writeln!(out, "{sub}{}", paint.dim(&format!("$ {command}")));
    }
    if let Some(detail) = &step.detail {
        // One note a line: the engine joins a step's notes with "; ".
        for note in detail.split("; ") {
            let _ = writeln!(out, "{sub}{}", paint.dim(note));
        }
    }
    if !step.installs.is_empty() {
        let _ = writeln!(
            out,
            "{sub}{}",
            paint.dim(&format!("installs {}", step.installs.join(", ")))
        );
    }
    if !step.variables_set.is_empty() {
        let set: Vec<String> = step
            .variables_set
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        let _ = writeln!(
            out,
            "{sub}{}",
            paint.dim(&format!("set {}", set.join(", ")))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Scenario, simulate};
    use crate::machine::MachineProfile;

    /// Names and values from the sequence reach the text escaped, with or without colours: the
    /// colour codes are the only escape sequences written.
    #[test]
    fn control_characters_from_the_sequence_are_escaped() {
        let xml = "<sequence>\
            <step name=\"Erase&#x9b;2K\" type=\"SMS_TaskSequence_SetVariableAction\">\
              <action>tsenv.exe</action><defaultVarList>\
              <variable name=\"VariableName\" property=\"VariableName\">Clip</variable>\
              <variable name=\"VariableValue\" property=\"VariableValue\">a&#x9d;52;c;x&#x7f;</variable>\
              </defaultVarList></step>\
            <step name=\"Skipped&#x9b;1A\" disable=\"true\" type=\"SMS_TaskSequence_RunCommandLineAction\"/>\
            </sequence>";
        let doc = crate::xml::read(xml.as_bytes()).unwrap();
        let trace = simulate(&doc.sequence, &MachineProfile::default(), &Scenario::new());
        for color in [false, true] {
            let text = trace.to_text(&TextOptions { color, all: false });
            assert!(text.contains(r"Erase\u{9b}2K"), "{text}");
            assert!(text.contains(r"Skipped\u{9b}1A"), "{text}");
            assert!(text.contains(r"Clip=a\u{9d}52;c;x\u{7f}"), "{text}");
            let raw: Vec<char> = text
                .chars()
                .filter(|c| c.is_control() && !matches!(c, '\n' | '\x1b'))
                .collect();
            assert!(raw.is_empty(), "{raw:?} in {text}");
            assert_eq!(text.contains('\x1b'), color, "{text}");
        }
    }
}
