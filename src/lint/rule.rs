//! A rule as data: what it finds and why, and the check that finds it.

use super::context::Context;
use super::finding::Severity;
use super::sink::Sink;

/// One lint rule: what it finds and why, as data (the README table and SARIF metadata are built
/// from it), and the check that finds it.
#[derive(Debug)]
pub struct Rule {
    /// Stable id, `TS` and three digits. Never reused for another meaning.
    pub id: &'static str,
    /// Stable kebab-case name; accepted wherever an id is.
    pub name: &'static str,
    /// The severity of its findings (unless denied, which makes them errors).
    pub severity: Severity,
    /// What it finds, one sentence.
    pub what: &'static str,
    /// Why that matters.
    pub why: &'static str,
    /// How to fix it.
    pub fix: &'static str,
    /// Where the fact comes from (`DOMAIN.md §1.7`, or the README's decisions).
    pub source: &'static str,
    pub(super) check: fn(&Context<'_>, &mut Sink<'_>),
}

impl Rule {
    /// Whether `name` is this rule's id or name (ASCII case-insensitive).
    ///
    /// ```
    /// let rule = tasksequence::lint::rule("TS038").unwrap();
    /// assert!(rule.is_named("ts038") && rule.is_named("Disabled-Step"));
    /// assert!(!rule.is_named("TS037"));
    /// ```
    pub fn is_named(&self, name: &str) -> bool {
        super::options::names(name, self.id, self.name)
    }
}
