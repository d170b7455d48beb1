//! What every rule looks at, computed once per run: the nodes in document order with their paths,
//! positions, typed views and `tsq:allow` markers, and the conditions of Set Dynamic Variables
//! rules.

use super::adapter::{self, Catalog};
use super::document::Document;
use super::options::{LintOptions, names};
use crate::condition::{Condition, Expression, ExpressionKind, Operand, OperatorKind};
use crate::model::views::StepView;
use crate::model::{Node, Step};
use crate::xml::Position;

/// One group or step.
pub(crate) struct NodeInfo<'d> {
    pub node: &'d Node,
    pub path: String,
    pub parent: Option<usize>,
    pub position: Option<Position>,
    /// The typed view, for steps.
    pub view: Option<StepView>,
    /// Disabled itself or through an ancestor.
    pub disabled: bool,
    /// The words of the `tsq:allow` markers of the node's own description.
    allows: Vec<String>,
}

impl NodeInfo<'_> {
    pub fn step(&self) -> Option<&Step> {
        match self.node {
            Node::Step(s) => Some(s),
            _ => None,
        }
    }
}

/// A variable one Set Dynamic Variables rule sets.
pub(crate) struct DynamicVariable {
    /// The step's index in [`Context::nodes`].
    pub node: usize,
    /// 1-based rule number, in rule order.
    pub number: usize,
    pub variable: crate::model::views::RuleVariable,
}

/// The condition of one Set Dynamic Variables rule.
pub(crate) struct RuleCondition {
    /// The step's index in [`Context::nodes`].
    pub node: usize,
    /// 1-based rule number, in rule order.
    pub number: usize,
    pub condition: Condition,
}

pub(crate) struct Context<'d> {
    pub doc: &'d Document,
    pub options: &'d LintOptions,
    pub nodes: Vec<NodeInfo<'d>>,
    pub rule_conditions: Vec<RuleCondition>,
    pub dynamic_variables: Vec<DynamicVariable>,
    /// Set Dynamic Variables steps whose rules do not read, with the reader's message.
    pub unreadable_rules: Vec<(usize, String)>,
    file_allows: Vec<String>,
}

/// The words of the `tsq:allow` markers in `text`, lower case: each marker is followed by rule
/// ids or names separated by spaces or commas, up to the end of its sentence (`.`, `;` or the end
/// of the line). Words that name no rule are harmless: they silence nothing.
pub(crate) fn allow_markers(text: &str) -> Vec<String> {
    const MARKER: &str = "tsq:allow";
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    for (at, _) in lower.match_indices(MARKER) {
        let rest = lower.get(at + MARKER.len()..).unwrap_or_default();
        let sentence = rest.split(['.', ';', '\n']).next().unwrap_or_default();
        out.extend(
            sentence
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|t| !t.is_empty())
                .map(str::to_string),
        );
    }
    out
}

fn marks(words: &[String], id: &str, name: &str) -> bool {
    words.iter().any(|w| names(w, id, name))
}

impl<'d> Context<'d> {
    pub fn new(doc: &'d Document, options: &'d LintOptions) -> Self {
        let walked = adapter::walk(&doc.xml.sequence.children);
        let mut nodes: Vec<NodeInfo<'d>> = Vec::with_capacity(walked.len());
        for w in walked {
            let parent = w.parent.and_then(|p| nodes.get(p));
            // The readable path the rest of the library prints (escaped names joined by `/`).
            let path = w.path.display(&doc.xml.sequence.children).to_string();
            let disabled = w.node.is_disabled() || parent.is_some_and(|p| p.disabled);
            let description = match w.node {
                Node::Group(g) => g.description.as_deref(),
                Node::Step(s) => s.description.as_deref(),
                Node::Raw { .. } => None,
            };
            let view = match w.node {
                Node::Step(s) => Some(s.view()),
                _ => None,
            };
            nodes.push(NodeInfo {
                node: w.node,
                path,
                parent: w.parent,
                position: doc.source_map.get(&w.path),
                view,
                disabled,
                allows: description.map(allow_markers).unwrap_or_default(),
            });
        }
        let mut rule_conditions = Vec::new();
        let mut dynamic_variables = Vec::new();
        let mut unreadable_rules = Vec::new();
        for (i, info) in nodes.iter().enumerate() {
            let Some(StepView::SetDynamicVariables(view)) = &info.view else {
                continue;
            };
            match adapter::dynamic_rules(view) {
                Ok(rules) => {
                    for (n, r) in rules.rules.into_iter().enumerate() {
                        dynamic_variables.extend(r.variables.into_iter().map(|variable| {
                            DynamicVariable {
                                node: i,
                                number: n + 1,
                                variable,
                            }
                        }));
                        if let Some(condition) = r.condition {
                            rule_conditions.push(RuleCondition {
                                node: i,
                                number: n + 1,
                                condition,
                            });
                        }
                    }
                }
                Err(e) => unreadable_rules.push((i, e.to_string())),
            }
        }
        let sequence = &doc.xml.sequence;
        let mut file_allows: Vec<String> = sequence
            .description
            .as_deref()
            .map(allow_markers)
            .unwrap_or_default();
        if let Some(d) = doc
            .xml
            .package
            .as_ref()
            .and_then(|p| p.description.as_deref())
        {
            file_allows.extend(allow_markers(d));
        }
        Self {
            doc,
            options,
            nodes,
            rule_conditions,
            dynamic_variables,
            unreadable_rules,
            file_allows,
        }
    }

    pub fn catalog(&self) -> Option<&'d Catalog> {
        self.options.packages.as_ref()
    }

    /// Whether a `tsq:allow` of the whole file silences the rule `id` (named `name`).
    pub fn allowed_in_file(&self, id: &str, name: &str) -> bool {
        marks(&self.file_allows, id, name)
    }

    /// Whether a `tsq:allow` on the node, an ancestor or the file silences the rule `id` (named
    /// `name`) at node `index`.
    pub fn allowed_at(&self, index: usize, id: &str, name: &str) -> bool {
        if self.allowed_in_file(id, name) {
            return true;
        }
        let mut at = Some(index);
        while let Some(i) = at {
            let Some(info) = self.nodes.get(i) else {
                return false;
            };
            if marks(&info.allows, id, name) {
                return true;
            }
            at = info.parent;
        }
        false
    }

    /// The indices of the node's ancestors, nearest first.
    pub fn ancestors(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.nodes.get(index).and_then(|n| n.parent), |&i| {
            self.nodes.get(i).and_then(|n| n.parent)
        })
    }

    /// Every step with its view, in document order.
    pub fn steps(&self) -> impl Iterator<Item = (usize, &Step, &StepView)> + '_ {
        self.nodes.iter().enumerate().filter_map(|(i, n)| {
            let step = n.step()?;
            Some((i, step, n.view.as_ref()?))
        })
    }

    /// Every condition in the sequence: each node's own, then (as they follow their step) each
    /// Set Dynamic Variables rule's, with the rule number.
    pub fn conditions(&self) -> Vec<(usize, &Condition, Option<usize>)> {
        let mut out: Vec<(usize, &Condition, Option<usize>)> = self
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| Some((i, n.node.condition()?, None)))
            .collect();
        out.extend(
            self.rule_conditions
                .iter()
                .map(|r| (r.node, &r.condition, Some(r.number))),
        );
        out.sort_by_key(|(i, _, rule)| (*i, *rule));
        out
    }

    /// The names of the `%NAME%` references in every text a step passes to the engine: its
    /// action and its variables' values.
    pub fn step_references(&self, step: &Step) -> Vec<String> {
        let mut out = step
            .action
            .as_deref()
            .map(adapter::references)
            .unwrap_or_default();
        for v in step.variables.iter().flat_map(|l| l.iter()) {
            out.extend(adapter::references(&v.value));
        }
        out
    }
}

/// Where a condition is, for messages: ``condition`` or ``rule 2 of the step``.
pub(crate) fn condition_label(rule: Option<usize>) -> String {
    match rule {
        Some(n) => format!("rule {n} of the step"),
        None => "condition".to_string(),
    }
}

/// Every expression of a condition, at any depth (operators and OS condition groups opened), in
/// document order.
pub(crate) fn expressions(condition: &Condition) -> Vec<&Expression> {
    let mut out = Vec::new();
    let mut stack: Vec<&Operand> = condition.operands.iter().rev().collect();
    while let Some(op) = stack.pop() {
        match op {
            Operand::Expression(e) => out.push(e),
            Operand::Operator(o) => stack.extend(o.operands.iter().rev()),
            Operand::OsConditionGroup(g) => {
                for group in g.groups.iter().rev() {
                    for item in group.items.iter().rev() {
                        if let crate::condition::OsGroupItem::Operand(o) = item {
                            stack.push(o);
                        }
                    }
                }
            }
            Operand::Raw(_) => {}
        }
    }
    out
}

/// Each list of operands in a condition with how it combines: the root (and), then every
/// operator's children, at any depth.
pub(crate) fn operand_lists(condition: &Condition) -> Vec<(OperatorKind, &[Operand])> {
    let mut out = vec![(OperatorKind::And, condition.operands.as_slice())];
    let mut stack: Vec<&Operand> = condition.operands.iter().collect();
    while let Some(op) = stack.pop() {
        if let Operand::Operator(o) = op {
            out.push((o.kind, o.operands.as_slice()));
            stack.extend(o.operands.iter());
        }
    }
    out
}

/// A task sequence variable test: name, operator, value.
pub(crate) fn variable_test(
    e: &Expression,
) -> Option<(&str, crate::condition::VariableOperator, &str)> {
    match &e.kind {
        ExpressionKind::Variable {
            name,
            operator,
            value,
        } => Some((name.as_str(), *operator, value.as_str())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_list_words_up_to_the_end_of_their_sentence() {
        assert_eq!(
            allow_markers("Scan only. tsq:allow TS005, ts038 disabled-step. Not TS030"),
            ["ts005", "ts038", "disabled-step"]
        );
        assert_eq!(
            allow_markers("tsq:allow TS030; later tsq:allow TS031\nTS032"),
            ["ts030", "ts031"]
        );
        assert!(allow_markers("no marker TS030").is_empty());
        let words = allow_markers("TSQ:ALLOW Disabled-Step");
        assert!(marks(&words, "TS038", "disabled-step"));
        assert!(!marks(&words, "TS037", "empty-group"));
    }
}
