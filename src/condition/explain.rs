//! Explanations: the evaluation tree with each node's value and the facts that decided the leaves.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::eval::{
    CompiledCondition, EvalError, Evaluator, MAX_EVAL_DEPTH, is_ignorable, raw_name,
};
use super::options::EvalContext;
use super::text;
use super::{Condition, ExpressionKind, Operand, OperatorKind, OsConditionGroup, OsGroupItem};

/// A node's value in an explanation.
///
/// JSON: `"true"`, `"false"`, `"error"`, `"not_evaluated"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The node is true.
    True,
    /// The node is false.
    False,
    /// Evaluating the node failed; [`Explanation::error`] says why.
    Error,
    /// An earlier sibling decided the parent, so this node was not evaluated.
    NotEvaluated,
}

impl Outcome {
    fn of(result: &Result<bool, EvalError>) -> Self {
        match result {
            Ok(true) => Outcome::True,
            Ok(false) => Outcome::False,
            Err(_) => Outcome::Error,
        }
    }

    /// `true`, `false`, `error` or `-` (not evaluated).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::True => "true",
            Outcome::False => "false",
            Outcome::Error => "error",
            Outcome::NotEvaluated => "-",
        }
    }
}

/// Why a condition came out as it did: a tree with one node per operator, expression or platform.
///
/// JSON shape (fields empty or null are left out):
/// ```json
/// { "value": "false", "kind": "condition", "text": "Make like \"*Lenovo*\"",
///   "children": [ { "value": "false", "kind": "variable", "text": "Make like \"*Lenovo*\"",
///                   "facts": ["Make = \"Dell Inc.\" does not match \"*Lenovo*\""] } ] }
/// ```
/// `kind` is `condition`, `and`, `or`, `not`, `os_group`, `platform`, `variable`, `wmi`, `file`,
/// `folder`, `registry`, `software`, `os`, `make_model`, `computer`, `other` or `raw`.
///
/// `Display` prints an indented tree, one node a line, facts below their leaf:
/// ```text
/// false  all of:
///   true   _SMSTSInWinPE == "false"
///            - _SMSTSInWinPE = "false" equals "false" as text
///   false  Make like "*Lenovo*"
///            - Make = "Dell Inc." does not match "*Lenovo*"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// The node's value.
    pub value: Outcome,
    /// What the node is.
    pub kind: String,
    /// The node's text form (for the root, the whole condition).
    pub text: String,
    /// For leaves: the facts that decided the value (secret values shown as `********`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
    /// The error, when the value is `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The children, in order (not-evaluated ones included, without children of their own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Explanation>,
}

impl Explanation {
    /// The value as a boolean; `None` for an error or a node that was not evaluated.
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Outcome::True => Some(true),
            Outcome::False => Some(false),
            Outcome::Error | Outcome::NotEvaluated => None,
        }
    }

    fn skipped(kind: &str, text: String) -> Self {
        Self {
            value: Outcome::NotEvaluated,
            kind: kind.to_string(),
            text,
            facts: Vec::new(),
            error: None,
            children: Vec::new(),
        }
    }

    fn with(kind: &str, text: String, result: &Result<bool, EvalError>) -> Self {
        Self {
            value: Outcome::of(result),
            kind: kind.to_string(),
            text,
            facts: Vec::new(),
            error: result.as_ref().err().map(ToString::to_string),
            children: Vec::new(),
        }
    }

    fn label(&self) -> String {
        match self.kind.as_str() {
            "condition" if self.children.is_empty() && self.text.is_empty() => {
                "empty condition (always true)".into()
            }
            "condition" | "and" => "all of:".into(),
            "or" => "any of:".into(),
            "not" => "none of:".into(),
            "os_group" => "os_group, any platform of:".into(),
            "platform" => "platform, all of:".into(),
            _ => self.text.clone(),
        }
    }

    fn write_tree(&self, f: &mut fmt::Formatter<'_>, indent: usize) -> fmt::Result {
        let pad = "  ".repeat(indent);
        let value = self.value.as_str();
        if self.value == Outcome::NotEvaluated {
            return writeln!(f, "{pad}{value:<6} {} (not evaluated)", self.label());
        }
        writeln!(f, "{pad}{value:<6} {}", self.label())?;
        for fact in &self.facts {
            writeln!(f, "{pad}         - {fact}")?;
        }
        if let Some(e) = &self.error
            && self.children.iter().all(|c| c.error.is_none())
        {
            writeln!(f, "{pad}         ! {e}")?;
        }
        for child in &self.children {
            child.write_tree(f, indent + 1)?;
        }
        Ok(())
    }
}

impl fmt::Display for Explanation {
    /// The indented tree. A condition with a single operand is shown as that operand, whose value
    /// it has.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.children.as_slice() {
            [only] if self.kind == "condition" && only.value == self.value => only.write_tree(f, 0),
            _ => self.write_tree(f, 0),
        }
    }
}

fn operand_kind(op: &Operand) -> &'static str {
    match op {
        Operand::Operator(o) => match o.kind {
            OperatorKind::And => "and",
            OperatorKind::Or => "or",
            OperatorKind::Not => "not",
        },
        Operand::OsConditionGroup(_) => "os_group",
        Operand::Raw(_) => "raw",
        Operand::Expression(e) => match e.kind {
            ExpressionKind::Variable { .. } => "variable",
            ExpressionKind::Wmi { .. } => "wmi",
            ExpressionKind::File { .. } => "file",
            ExpressionKind::Folder { .. } => "folder",
            ExpressionKind::Registry { .. } => "registry",
            ExpressionKind::Software { .. } => "software",
            ExpressionKind::Os { .. } => "os",
            ExpressionKind::MakeModel { .. } => "make_model",
            ExpressionKind::Computer { .. } => "computer",
            ExpressionKind::Other { .. } => "other",
        },
    }
}

/// Which way a list of children combines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Combine {
    All,
    Any,
}

impl Evaluator<'_, '_> {
    /// Evaluates the children left to right, stopping as evaluation does, and explains each.
    fn explain_list<'o>(
        &self,
        operands: impl IntoIterator<Item = &'o Operand>,
        combine: Combine,
        depth: usize,
    ) -> (Result<bool, EvalError>, Vec<Explanation>) {
        let mut children = Vec::new();
        let mut result = Ok(combine == Combine::All);
        let mut decided = false;
        for op in operands {
            if is_ignorable(op) {
                continue;
            }
            if decided {
                children.push(Explanation::skipped(operand_kind(op), op.to_text()));
                continue;
            }
            let (r, node) = self.explain_operand(op, depth);
            children.push(node);
            match r {
                Ok(v) if v == (combine == Combine::Any) => {
                    result = Ok(v);
                    decided = true;
                }
                Ok(_) => {}
                Err(e) => {
                    result = Err(e);
                    decided = true;
                }
            }
        }
        (result, children)
    }

    pub(crate) fn explain_condition(
        &self,
        c: &Condition,
    ) -> (Result<bool, EvalError>, Explanation) {
        let (result, children) = self.explain_list(&c.operands, Combine::All, 0);
        let mut node = Explanation::with("condition", c.to_text(), &result);
        node.children = children;
        (result, node)
    }

    pub(crate) fn explain_operand(
        &self,
        op: &Operand,
        depth: usize,
    ) -> (Result<bool, EvalError>, Explanation) {
        let kind = operand_kind(op);
        if depth >= MAX_EVAL_DEPTH {
            let r = Err(EvalError::TooDeep {
                limit: MAX_EVAL_DEPTH,
            });
            let node = Explanation::with(kind, op.to_text(), &r);
            return (r, node);
        }
        match op {
            Operand::Operator(o) => {
                let combine = if o.kind == OperatorKind::And {
                    Combine::All
                } else {
                    Combine::Any
                };
                let (mut r, children) = self.explain_list(&o.operands, combine, depth + 1);
                if o.kind == OperatorKind::Not {
                    r = r.map(|b| !b);
                }
                let mut node = Explanation::with(kind, op.to_text(), &r);
                node.children = children;
                (r, node)
            }
            Operand::Expression(e) => {
                let mut facts = Vec::new();
                let r = self.expression(e, &mut facts);
                let mut node = Explanation::with(kind, op.to_text(), &r);
                node.facts = facts;
                (r, node)
            }
            Operand::OsConditionGroup(g) => {
                let (r, children) = self.explain_os_group(g, depth + 1);
                let mut node = Explanation::with(kind, op.to_text(), &r);
                node.children = children;
                (r, node)
            }
            Operand::Raw(raw) => {
                let r = Err(EvalError::Unsupported {
                    element: raw_name(raw),
                });
                (r.clone(), Explanation::with(kind, op.to_text(), &r))
            }
        }
    }

    fn explain_os_group(
        &self,
        g: &OsConditionGroup,
        depth: usize,
    ) -> (Result<bool, EvalError>, Vec<Explanation>) {
        let mut children = Vec::new();
        let mut result = Ok(false);
        let mut decided = false;
        for group in &g.groups {
            let text = text::print_platform(group);
            if decided {
                children.push(Explanation::skipped("platform", text));
                continue;
            }
            let operands = group.items.iter().filter_map(|item| match item {
                OsGroupItem::Operand(op) => Some(op),
                OsGroupItem::PlatformKey(_) => None,
            });
            let (r, kids) = self.explain_list(operands, Combine::All, depth + 1);
            let mut node = Explanation::with("platform", text, &r);
            node.facts.push(platform_fact(group));
            node.children = kids;
            children.push(node);
            match r {
                Ok(true) => {
                    result = Ok(true);
                    decided = true;
                }
                Ok(false) => {}
                Err(e) => {
                    result = Err(e);
                    decided = true;
                }
            }
        }
        (result, children)
    }
}

/// The platform's name and key, which describe it (the expressions decide).
fn platform_fact(group: &super::OsExpressionGroup) -> String {
    let name = group.name.as_deref().unwrap_or("(unnamed)");
    let keys: Vec<String> = group
        .items
        .iter()
        .filter_map(|item| match item {
            OsGroupItem::PlatformKey(k) => Some(format!(
                "{} {} {}–{}",
                k.arch.as_deref().unwrap_or("?"),
                k.platform_type.as_deref().unwrap_or("?"),
                k.min_version.as_deref().unwrap_or("?"),
                k.max_version.as_deref().unwrap_or("?")
            )),
            OsGroupItem::Operand(_) => None,
        })
        .collect();
    if keys.is_empty() {
        format!("platform {}", text::quote(name))
    } else {
        format!("platform {} ({})", text::quote(name), keys.join("; "))
    }
}

impl Condition {
    /// Evaluates and explains: the tree of values and, for leaves, the facts that decided them.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use tasksequence::condition::{Condition, EvalContext, Outcome};
    /// let c: Condition = r#"_SMSTSInWinPE == "false" and Make like "*Lenovo*""#.parse()?;
    /// let vars = HashMap::from([
    ///     ("_SMSTSInWinPE".to_string(), "false".to_string()),
    ///     ("Make".to_string(), "Dell Inc.".to_string()),
    /// ]);
    /// let why = c.explain(&EvalContext::new(&vars));
    /// assert_eq!(why.value, Outcome::False);
    /// assert_eq!(why.children[1].facts, ["Make = \"Dell Inc.\" does not match \"*Lenovo*\""]);
    /// println!("{why}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain(&self, ctx: &EvalContext<'_>) -> Explanation {
        self.evaluate_explained(ctx).1
    }

    /// Evaluates and explains in one pass, returning both the typed result and the explanation.
    pub fn evaluate_explained(
        &self,
        ctx: &EvalContext<'_>,
    ) -> (Result<bool, EvalError>, Explanation) {
        Evaluator { ctx, queries: None }.explain_condition(self)
    }
}

impl Operand {
    /// Explains one operand as if it stood alone.
    pub fn explain(&self, ctx: &EvalContext<'_>) -> Explanation {
        Evaluator { ctx, queries: None }.explain_operand(self, 0).1
    }
}

impl CompiledCondition {
    /// Explains, as [`Condition::explain`], without parsing any query.
    pub fn explain(&self, ctx: &EvalContext<'_>) -> Explanation {
        self.evaluate_explained(ctx).1
    }

    /// Evaluates and explains in one pass.
    pub fn evaluate_explained(
        &self,
        ctx: &EvalContext<'_>,
    ) -> (Result<bool, EvalError>, Explanation) {
        self.evaluator(ctx).explain_condition(self.condition())
    }
}
