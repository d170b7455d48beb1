//! Findings as text (in the manner of rustc and clippy) and as JSON.

use super::finding::{Finding, Severity};

/// The findings as rustc-style text, `file` naming the input in each `-->` line:
///
/// ```text
/// warning[TS016]: `_SMSTSOSUpgradeActionReturnCode` is tested before any Upgrade Operating System step sets it
///   --> ts.xml:12:5
///    = step: Prepare/Check
///    = help: move the test after the upgrade step, or test a variable that is set by then
/// ```
///
/// Findings are separated by a blank line; the path line is left out for findings about the
/// whole file.
///
/// ```
/// use tasksequence::lint::{Finding, Severity, render_text};
/// let f = Finding { rule: "TS038".into(), severity: Severity::Info, path: "G/S".into(),
///     message: "step `S` is disabled".into(), help: "remove it".into(), line: 3, column: 5 };
/// assert_eq!(render_text(&[f], "ts.xml"),
///     "info[TS038]: step `S` is disabled\n  --> ts.xml:3:5\n   = step: G/S\n   = help: remove it\n");
/// ```
pub fn render_text(findings: &[Finding], file: &str) -> String {
    let mut out = String::new();
    for (i, f) in findings.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("{}[{}]: {}\n", f.severity, f.rule, f.message));
        out.push_str(&format!("  --> {file}:{}:{}\n", f.line, f.column));
        if !f.path.is_empty() {
            out.push_str(&format!("   = step: {}\n", f.path));
        }
        if !f.help.is_empty() {
            out.push_str(&format!("   = help: {}\n", f.help));
        }
    }
    out
}

/// How many findings of each severity: `1 error, 2 warnings, 1 info` (`no findings` for none).
///
/// ```
/// assert_eq!(tasksequence::lint::summary(&[]), "no findings");
/// ```
pub fn summary(findings: &[Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    if findings.is_empty() {
        return "no findings".to_string();
    }
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    [
        plural(count(Severity::Error), "error", "errors"),
        plural(count(Severity::Warning), "warning", "warnings"),
        plural(count(Severity::Info), "info", "infos"),
    ]
    .join(", ")
}

/// The findings as JSON, exactly `{"findings":[{"rule","severity","path","message","help","line","column"}]}`
/// (keys in that order).
///
/// ```
/// assert_eq!(tasksequence::lint::findings_json(&[]), r#"{"findings":[]}"#);
/// ```
pub fn findings_json(findings: &[Finding]) -> String {
    #[derive(serde::Serialize)]
    struct Report<'a> {
        findings: &'a [Finding],
    }
    // The shape is plain strings and numbers, which serde_json always writes.
    serde_json::to_string(&Report { findings }).unwrap_or_else(|_| "{\"findings\":[]}".into())
}
