//! One finding and its severity.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a finding is. Orders `Info < Warning < Error`.
///
/// JSON: `"error"`, `"warning"`, `"info"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong by itself (a disabled step, an empty group).
    Info,
    /// Probably wrong, or wrong on some machines.
    Warning,
    /// Wrong: the sequence fails, cannot be saved, or does something other than written.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    ///
    /// ```
    /// assert_eq!(tasksequence::lint::Severity::Warning.as_str(), "warning");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding of one rule at one place.
///
/// JSON (a contract: outside checks read it, the keys in this order):
/// `{"rule":"TS012","severity":"warning","path":"Prepare/Check","message":"…","help":"…","line":12,"column":5}`.
/// `path` is the names of the node and its ancestors joined by `/`, escaped as
/// [`crate::model::NodePath::display`] writes them (empty for findings about the whole file).
///
/// ```
/// let doc = tasksequence::lint::Document::read(b"<sequence>\n  <group name=\"Battery Checks\"/>\n</sequence>")?;
/// let findings = tasksequence::lint::lint(&doc, &Default::default());
/// let f = &findings[0];
/// assert_eq!((f.rule.as_str(), f.path.as_str(), f.line, f.column), ("TS037", "Battery Checks", 2, 3));
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's id (`TS012`).
    pub rule: String,
    /// The severity (the rule's, or `error` when the rule is denied).
    pub severity: Severity,
    /// The node's path: names from the top down, joined by `/`.
    pub path: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// 1-based line of the node's element.
    pub line: usize,
    /// 1-based column (in characters) of the node's element.
    pub column: usize,
}
