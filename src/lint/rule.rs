//! Rules as data, and the sink their checks report into.

use super::context::Context;
use super::finding::{Finding, Severity};
use super::rules::FAMILIES;

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
        let name = name.trim();
        self.id.eq_ignore_ascii_case(name) || self.name.eq_ignore_ascii_case(name)
    }
}

/// Every rule, in id order.
///
/// ```
/// let rules: Vec<_> = tasksequence::lint::rules().collect();
/// assert!(rules.len() >= 25);
/// assert!(rules.windows(2).all(|w| w[0].id < w[1].id));
/// ```
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    FAMILIES.iter().flat_map(|family| family.iter())
}

/// The rule with this id or name (ASCII case-insensitive).
///
/// ```
/// assert_eq!(tasksequence::lint::rule("scan-only-without-continue-on-error").map(|r| r.id), Some("TS005"));
/// assert!(tasksequence::lint::rule("TS999").is_none());
/// ```
pub fn rule(name: &str) -> Option<&'static Rule> {
    rules().find(|r| r.is_named(name))
}

/// The README's table of rules: id, name, severity, what, why, fix, source.
///
/// ```
/// let table = tasksequence::lint::rules_markdown();
/// assert!(table.starts_with("| id | name | severity |"));
/// assert!(table.contains("| TS005 | `scan-only-without-continue-on-error` | error |"));
/// ```
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "| id | name | severity | what | why | fix | source |\n|---|---|---|---|---|---|---|\n",
    );
    for r in rules() {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} | {} |\n",
            r.id,
            r.name,
            r.severity,
            cell(r.what),
            cell(r.why),
            cell(r.fix),
            cell(r.source)
        ));
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Where one rule's check reports its findings.
pub(crate) struct Sink<'c> {
    rule: &'static Rule,
    ctx: &'c Context<'c>,
    severity: Severity,
    findings: Vec<Finding>,
}

impl<'c> Sink<'c> {
    pub(super) fn new(rule: &'static Rule, ctx: &'c Context<'c>, denied: bool) -> Self {
        Self {
            rule,
            ctx,
            severity: if denied {
                Severity::Error
            } else {
                rule.severity
            },
            findings: Vec::new(),
        }
    }

    /// A finding about node `index` (an index into [`Context::nodes`]), unless the node or an
    /// ancestor allows the rule.
    pub(crate) fn node(&mut self, index: usize, message: String, help: String) {
        let Some(node) = self.ctx.nodes.get(index) else {
            return;
        };
        if self.ctx.allowed_at(index, self.rule) {
            return;
        }
        let (line, column) = node.position.map_or((1, 1), |p| (p.line, p.column));
        self.findings.push(Finding {
            rule: self.rule.id.to_string(),
            severity: self.severity,
            path: node.path.clone(),
            message,
            help,
            line,
            column,
        });
    }

    /// A finding about the whole file.
    pub(crate) fn file(&mut self, message: String, help: String) {
        if self.ctx.allowed_in_file(self.rule) {
            return;
        }
        let (line, column) = self
            .ctx
            .doc
            .source_map
            .sequence()
            .map_or((1, 1), |p| (p.line, p.column));
        self.findings.push(Finding {
            rule: self.rule.id.to_string(),
            severity: self.severity,
            path: String::new(),
            message,
            help,
            line,
            column,
        });
    }

    pub(super) fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}
