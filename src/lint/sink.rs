//! Where a rule's check reports its findings: positions and paths filled in, `tsq:allow` markers
//! honoured.

use super::context::Context;
use super::finding::{Finding, Severity};

/// Where one rule's check reports its findings.
pub(crate) struct Sink<'c> {
    id: &'static str,
    name: &'static str,
    ctx: &'c Context<'c>,
    severity: Severity,
    findings: Vec<Finding>,
}

impl<'c> Sink<'c> {
    /// A sink for the rule `id` (named `name`), whose findings have `severity`.
    pub(super) fn new(
        id: &'static str,
        name: &'static str,
        severity: Severity,
        ctx: &'c Context<'c>,
    ) -> Self {
        Self {
            id,
            name,
            ctx,
            severity,
            findings: Vec::new(),
        }
    }

    /// A finding about node `index` (an index into `Context::nodes`), unless the node, an ancestor
    /// or the file allows the rule.
    pub(crate) fn node(&mut self, index: usize, message: String, help: String) {
        let Some(node) = self.ctx.nodes.get(index) else {
            return;
        };
        if self.ctx.allowed_at(index, self.id, self.name) {
            return;
        }
        let (line, column) = node.position.map_or((1, 1), |p| (p.line, p.column));
        self.findings.push(Finding {
            rule: self.id.to_string(),
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
        if self.ctx.allowed_in_file(self.id, self.name) {
            return;
        }
        let (line, column) = self
            .ctx
            .doc
            .source_map
            .sequence()
            .map_or((1, 1), |p| (p.line, p.column));
        self.findings.push(Finding {
            rule: self.id.to_string(),
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
