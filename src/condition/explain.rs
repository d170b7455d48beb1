//! Explanations: the evaluation tree with each node's value and the facts that decided the
//! leaves, built by a [`Sink`] from the one evaluation.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::EvalError;
use super::eval::CompiledCondition;
use super::options::EvalContext;
use super::program::{Program, Root, Site, sites};
use super::sink::{Sink, Value};
use super::text;
use super::{Condition, ExpressionKind, Operand, OperatorKind, OsGroupItem};
use crate::redact::condition as hide;

/// A node's value in an explanation.
///
/// JSON: `"true"`, `"false"`, `"error"`, `"not_evaluated"`.
///
/// ```
/// use tasksequence::condition::Outcome;
/// assert_eq!(serde_json::to_string(&Outcome::NotEvaluated)?, r#""not_evaluated""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
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
    fn of(result: &Value) -> Self {
        match result {
            Ok(true) => Outcome::True,
            Ok(false) => Outcome::False,
            Err(_) => Outcome::Error,
        }
    }

    /// `true`, `false`, `error` or `-` (not evaluated).
    ///
    /// ```
    /// use tasksequence::condition::Outcome;
    /// assert_eq!(Outcome::NotEvaluated.as_str(), "-");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::True => "true",
            Outcome::False => "false",
            Outcome::Error => "error",
            Outcome::NotEvaluated => "-",
        }
    }
}

/// What a node of an explanation is.
///
/// JSON and [`ExplanationKind::as_str`]: `condition`, `and`, `or`, `not`, `os_group`, `platform`,
/// `variable`, `wmi`, `file`, `folder`, `registry`, `software`, `os`, `make_model`, `computer`,
/// `other` or `raw`.
///
/// ```
/// use tasksequence::condition::ExplanationKind;
/// assert_eq!(serde_json::to_string(&ExplanationKind::MakeModel)?, r#""make_model""#);
/// assert!(ExplanationKind::Or.is_group());
/// assert!(!ExplanationKind::Wmi.is_group());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExplanationKind {
    /// The whole condition (its operands ANDed).
    Condition,
    /// `and`.
    And,
    /// `or`.
    Or,
    /// `not`.
    Not,
    /// An OS condition group.
    OsGroup,
    /// One platform of an OS condition group.
    Platform,
    /// A variable comparison.
    Variable,
    /// A WMI query.
    Wmi,
    /// A file.
    File,
    /// A folder.
    Folder,
    /// A registry value.
    Registry,
    /// Installed software.
    Software,
    /// An MDT OS condition.
    Os,
    /// A make and model rule.
    MakeModel,
    /// A computer rule.
    Computer,
    /// An expression type the model keeps but cannot evaluate.
    Other,
    /// An element the model keeps verbatim.
    Raw,
}

impl ExplanationKind {
    /// The kind as JSON writes it.
    ///
    /// ```
    /// use tasksequence::condition::ExplanationKind;
    /// assert_eq!(ExplanationKind::OsGroup.as_str(), "os_group");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ExplanationKind::Condition => "condition",
            ExplanationKind::And => "and",
            ExplanationKind::Or => "or",
            ExplanationKind::Not => "not",
            ExplanationKind::OsGroup => "os_group",
            ExplanationKind::Platform => "platform",
            ExplanationKind::Variable => "variable",
            ExplanationKind::Wmi => "wmi",
            ExplanationKind::File => "file",
            ExplanationKind::Folder => "folder",
            ExplanationKind::Registry => "registry",
            ExplanationKind::Software => "software",
            ExplanationKind::Os => "os",
            ExplanationKind::MakeModel => "make_model",
            ExplanationKind::Computer => "computer",
            ExplanationKind::Other => "other",
            ExplanationKind::Raw => "raw",
        }
    }

    /// Whether nodes of this kind combine children (`condition`, `and`, `or`, `not`,
    /// `os_group`, `platform`) rather than test something.
    ///
    /// ```
    /// use tasksequence::condition::ExplanationKind;
    /// assert!(ExplanationKind::Platform.is_group());
    /// ```
    pub fn is_group(self) -> bool {
        matches!(
            self,
            ExplanationKind::Condition
                | ExplanationKind::And
                | ExplanationKind::Or
                | ExplanationKind::Not
                | ExplanationKind::OsGroup
                | ExplanationKind::Platform
        )
    }

    fn of_operand(op: &Operand) -> Self {
        match op {
            Operand::Operator(o) => match o.kind {
                OperatorKind::And => ExplanationKind::And,
                OperatorKind::Or => ExplanationKind::Or,
                OperatorKind::Not => ExplanationKind::Not,
            },
            Operand::OsConditionGroup(_) => ExplanationKind::OsGroup,
            Operand::Raw(_) => ExplanationKind::Raw,
            Operand::Expression(e) => Self::of_expression(&e.kind),
        }
    }

    fn of_expression(kind: &ExpressionKind) -> Self {
        match kind {
            ExpressionKind::Variable { .. } => ExplanationKind::Variable,
            ExpressionKind::Wmi { .. } => ExplanationKind::Wmi,
            ExpressionKind::File { .. } => ExplanationKind::File,
            ExpressionKind::Folder { .. } => ExplanationKind::Folder,
            ExpressionKind::Registry { .. } => ExplanationKind::Registry,
            ExpressionKind::Software { .. } => ExplanationKind::Software,
            ExpressionKind::Os { .. } => ExplanationKind::Os,
            ExpressionKind::MakeModel { .. } => ExplanationKind::MakeModel,
            ExpressionKind::Computer { .. } => ExplanationKind::Computer,
            ExpressionKind::Other { .. } => ExplanationKind::Other,
        }
    }
}

impl fmt::Display for ExplanationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
/// `kind` is an [`ExplanationKind`].
///
/// The tree shares rather than copies, so that it stays proportional to the condition however
/// deep it nests: the root's `text` is the whole condition and every test (leaf) has its own
/// `text`, while the groups below the root (`and`, `or`, `not`, `os_group`, `platform`) have
/// none: their children spell them out. `error` is on the root and on the node where the error
/// arose, not repeated on the groups between them (their value is `error`).
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
    pub kind: ExplanationKind,
    /// The node's text form: for the root, the whole condition; for a leaf, the leaf; empty for
    /// the groups below the root.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// For leaves: the facts that decided the value (secret values not shown unless revealed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
    /// The error, on the root and on the node where it arose, when the value is `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The children, in order (not-evaluated ones included, without children of their own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Explanation>,
}

impl Explanation {
    /// The value as a boolean; `None` for an error or a node that was not evaluated.
    ///
    /// ```
    /// use tasksequence::condition::{Condition, EvalContext};
    /// let c: Condition = "A exists".parse()?;
    /// assert_eq!(c.explain(&EvalContext::empty()).as_bool(), Some(false));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Outcome::True => Some(true),
            Outcome::False => Some(false),
            Outcome::Error | Outcome::NotEvaluated => None,
        }
    }

    fn label(&self) -> String {
        match self.kind {
            ExplanationKind::Condition if self.children.is_empty() && self.text.is_empty() => {
                "empty condition (always true)".into()
            }
            ExplanationKind::Condition | ExplanationKind::And => "all of:".into(),
            ExplanationKind::Or => "any of:".into(),
            ExplanationKind::Not => "none of:".into(),
            ExplanationKind::OsGroup => "os_group, any platform of:".into(),
            ExplanationKind::Platform => "platform, all of:".into(),
            _ => self.text.clone(),
        }
    }

    fn write_tree(&self, f: &mut fmt::Formatter<'_>, indent: usize) -> fmt::Result {
        // An explicit stack: explanations are as deep as their conditions.
        let mut stack: Vec<(&Explanation, usize)> = vec![(self, indent)];
        while let Some((node, indent)) = stack.pop() {
            let pad = "  ".repeat(indent);
            let value = node.value.as_str();
            if node.value == Outcome::NotEvaluated {
                writeln!(f, "{pad}{value:<6} {} (not evaluated)", node.label())?;
                continue;
            }
            writeln!(f, "{pad}{value:<6} {}", node.label())?;
            for fact in &node.facts {
                writeln!(f, "{pad}         - {fact}")?;
            }
            if let Some(e) = &node.error
                && node.children.iter().all(|c| c.value != Outcome::Error)
            {
                writeln!(f, "{pad}         ! {e}")?;
            }
            stack.extend(node.children.iter().rev().map(|c| (c, indent + 1)));
        }
        Ok(())
    }
}

impl fmt::Display for Explanation {
    /// The indented tree. A condition with a single operand is shown as that operand, whose value
    /// it has.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.children.as_slice() {
            [only] if self.kind == ExplanationKind::Condition && only.value == self.value => {
                only.write_tree(f, 0)
            }
            _ => self.write_tree(f, 0),
        }
    }
}

/// Builds the explanation tree as the program runs: a node per opened step, facts on the
/// innermost, skipped children as not-evaluated nodes.
struct Explainer<'c> {
    sites: Vec<Site<'c>>,
    /// Which variables are secret, when secrets are redacted: the values compared with them are
    /// hidden in the nodes' texts.
    secrets: Option<&'c dyn crate::vars::Lookup>,
    open: Vec<Explanation>,
    done: Option<Explanation>,
}

impl<'c> Explainer<'c> {
    fn new(root: Root<'c>, secrets: Option<&'c dyn crate::vars::Lookup>) -> Self {
        Self {
            sites: sites(root),
            secrets,
            open: Vec::new(),
            done: None,
        }
    }

    /// A fresh node for step `at`; `root` nodes keep their text whatever their kind.
    fn node(&self, at: usize, root: bool) -> Explanation {
        let secret = |name: &str| self.secrets.is_some_and(|vars| vars.is_secret(name));
        let operand_text = |op: &Operand| match self.secrets {
            Some(_) => hide::operand_text(op, &secret),
            None => op.to_text(),
        };
        let (kind, text, facts) = match self.sites.get(at) {
            Some(Site::Condition(c)) => {
                let text = match self.secrets {
                    Some(_) => hide::condition_text(c, &secret),
                    None => c.to_text(),
                };
                (ExplanationKind::Condition, text, Vec::new())
            }
            Some(Site::Operand(op)) => {
                let kind = ExplanationKind::of_operand(op);
                let text = if root || !kind.is_group() {
                    operand_text(op)
                } else {
                    String::new()
                };
                (kind, text, Vec::new())
            }
            Some(Site::Expression(e)) => (
                ExplanationKind::of_expression(&e.kind),
                operand_text(&Operand::Expression((*e).clone())),
                Vec::new(),
            ),
            Some(Site::Platform(p)) => (
                ExplanationKind::Platform,
                if root {
                    text::print_platform(p)
                } else {
                    String::new()
                },
                vec![platform_fact(p)],
            ),
            None => (ExplanationKind::Raw, String::new(), Vec::new()),
        };
        Explanation {
            value: Outcome::NotEvaluated,
            kind,
            text,
            facts,
            error: None,
            children: Vec::new(),
        }
    }

    fn finish(self) -> Explanation {
        self.done.unwrap_or_else(|| Explanation {
            value: Outcome::NotEvaluated,
            kind: ExplanationKind::Condition,
            text: String::new(),
            facts: Vec::new(),
            error: None,
            children: Vec::new(),
        })
    }
}

impl Sink for Explainer<'_> {
    const EXPLAINS: bool = true;

    fn note(&mut self, fact: impl FnOnce() -> String) {
        if let Some(node) = self.open.last_mut() {
            node.facts.push(fact());
        }
    }

    fn open(&mut self, at: usize) {
        let node = self.node(at, self.open.is_empty());
        self.open.push(node);
    }

    fn close(&mut self, _at: usize, result: &Value) {
        let Some(mut node) = self.open.pop() else {
            return;
        };
        node.value = Outcome::of(result);
        let root = self.open.is_empty();
        if let Err(e) = result
            && (root || node.children.iter().all(|c| c.value != Outcome::Error))
        {
            node.error = Some(e.to_string());
        }
        match self.open.last_mut() {
            Some(parent) => parent.children.push(node),
            None => self.done = Some(node),
        }
    }

    fn skipped(&mut self, at: usize) {
        // A skipped platform keeps its fact, which names it.
        let node = self.node(at, false);
        if let Some(parent) = self.open.last_mut() {
            parent.children.push(node);
        }
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

/// Runs `program` (made from `root`) with an explainer.
fn explained(
    program: &Program<'_>,
    root: Root<'_>,
    ctx: &EvalContext<'_>,
) -> (Result<bool, EvalError>, Explanation) {
    let secrets = (ctx.options.secrets == crate::vars::Secrets::Redact).then_some(ctx.variables);
    let mut explainer = Explainer::new(root, secrets);
    let result = program.run(ctx, &mut explainer).map_err(|e| *e);
    (result, explainer.finish())
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
    ///
    /// ```
    /// use tasksequence::condition::{Condition, EvalContext, Outcome};
    /// let c: Condition = "A exists or B not exists".parse()?;
    /// let (result, why) = c.evaluate_explained(&EvalContext::empty());
    /// assert_eq!(result, Ok(true));
    /// assert_eq!(why.children[0].children[1].value, Outcome::True);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_explained(
        &self,
        ctx: &EvalContext<'_>,
    ) -> (Result<bool, EvalError>, Explanation) {
        let root = Root::Condition(self);
        explained(&Program::borrowed(root), root, ctx)
    }
}

impl Operand {
    /// Explains one operand as if it stood alone.
    ///
    /// ```
    /// use tasksequence::condition::{Condition, EvalContext, ExplanationKind};
    /// let c: Condition = "A exists or B exists".parse()?;
    /// let why = c.operands[0].explain(&EvalContext::empty());
    /// assert_eq!(why.kind, ExplanationKind::Or);
    /// // Standing alone, the operand is the root and keeps its text.
    /// assert_eq!(why.text, "A exists or B exists");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain(&self, ctx: &EvalContext<'_>) -> Explanation {
        let root = Root::Operand(self);
        explained(&Program::borrowed(root), root, ctx).1
    }
}

impl CompiledCondition {
    /// Explains, as [`Condition::explain`], from the prepared program.
    ///
    /// ```
    /// use tasksequence::condition::{Condition, EvalContext, Outcome};
    /// let c = "A exists".parse::<Condition>()?.compile();
    /// assert_eq!(c.explain(&EvalContext::empty()).value, Outcome::False);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain(&self, ctx: &EvalContext<'_>) -> Explanation {
        self.evaluate_explained(ctx).1
    }

    /// Evaluates and explains in one pass.
    ///
    /// ```
    /// use tasksequence::condition::{Condition, EvalContext};
    /// let c = "A exists".parse::<Condition>()?.compile();
    /// let (result, why) = c.evaluate_explained(&EvalContext::empty());
    /// assert_eq!(result, Ok(false));
    /// assert_eq!(why.children[0].facts, ["A is not set"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_explained(
        &self,
        ctx: &EvalContext<'_>,
    ) -> (Result<bool, EvalError>, Explanation) {
        explained(self.program(), Root::Condition(self.condition()), ctx)
    }
}
