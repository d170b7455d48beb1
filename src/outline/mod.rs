//! Where a sequence has conditions: every group and step with a `<condition>`, and every rule of a
//! Set Dynamic Variables step, in document order. `tsq conditions` prints this list, and the lint,
//! diff and render modules read it instead of walking the tree for conditions themselves.

use serde::Serialize;

use crate::model::condition::Condition;
use crate::model::views::StepView;
use crate::model::{Node, NodeKind, NodePath, Sequence};
use crate::xml::ReadError;

/// What holds a listed condition.
///
/// JSON: `"group"`, `"step"`, `"sub_task_sequence"`, `"rule"`.
///
/// ```
/// use tasksequence::outline::{condition_sites, SiteKind};
///
/// let doc = tasksequence::xml::read(br#"<sequence><group name="G"><condition/><subtasksequence name="Child"><condition/></subtasksequence><step name="S"><condition/></step></group></sequence>"#)?;
/// let kinds: Vec<SiteKind> = condition_sites(&doc.sequence)?.iter().map(|site| site.kind).collect();
/// assert_eq!(kinds, [SiteKind::Group, SiteKind::SubTaskSequence, SiteKind::Step]);
/// assert_eq!(serde_json::to_string(&SiteKind::SubTaskSequence)?, r#""sub_task_sequence""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteKind {
    /// A group's `<condition>`.
    Group,
    /// A step's `<condition>`.
    Step,
    /// A Run Task Sequence step's `<condition>`.
    SubTaskSequence,
    /// A rule of a Set Dynamic Variables step (MakeModel, Computer or a rule condition).
    Rule,
}

/// One place a condition is written.
///
/// JSON (keys in this order): `{"path":"Install/Drivers","kind":"step","name":"Drivers",
/// "condition_text":"Make like \"*Dell*\"","condition":{…}}`; a rule's path is the step's followed
/// by `#rule N` (1-based, in rule order).
///
/// ```
/// use tasksequence::model::NodePath;
/// use tasksequence::outline::{condition_sites, SiteKind};
///
/// // The second rule of a Set Dynamic Variables step has a condition; the first applies always.
/// let doc = tasksequence::xml::read(br#"<sequence><group name="Drivers"><step type="SMS_TaskSequence_SetDynamicVariablesAction" name="Pick"><defaultVarList><variable name="OSDSetDynamicVariablesRules" property="DynamicVariableRules">&lt;Rules&gt;&lt;Rule&gt;&lt;Variables&gt;&lt;Variable Name="DriverPack" IsSecret="false"&gt;NONE&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;&lt;Rule&gt;&lt;condition&gt;&lt;expression type="SMS_TaskSequence_MakeModelConditionExpression"&gt;&lt;variable name="Make"&gt;Dell*&lt;/variable&gt;&lt;/expression&gt;&lt;/condition&gt;&lt;Variables&gt;&lt;Variable Name="DriverPack" IsSecret="false"&gt;CM100011&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;&lt;/Rules&gt;</variable></defaultVarList></step></group></sequence>"#)?;
/// let sites = condition_sites(&doc.sequence)?;
/// assert_eq!(sites.len(), 1);
/// let site = &sites[0];
/// assert_eq!((site.path.as_str(), site.kind, site.name.as_str()), ("Drivers/Pick#rule 2", SiteKind::Rule, "Pick"));
/// assert_eq!((site.node.clone(), site.rule), (NodePath::from(vec![0, 0]), Some(2)));
/// let json = serde_json::to_value(site)?;
/// assert_eq!(json["kind"], "rule");
/// assert!(json.get("node").is_none() && json.get("rule").is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Site {
    /// The readable path ([`NodePath::display`]), with `#rule N` for a rule.
    pub path: String,
    /// What holds the condition.
    pub kind: SiteKind,
    /// The group's or step's name.
    pub name: String,
    /// The condition in text syntax (empty for an empty `<condition/>`, which is true).
    pub condition_text: String,
    /// The condition.
    pub condition: Condition,
    /// The node holding it.
    #[serde(skip)]
    pub node: NodePath,
    /// For a rule: its 1-based position among the step's rules.
    #[serde(skip)]
    pub rule: Option<usize>,
}

/// A Set Dynamic Variables step whose rules do not parse.
///
/// ```
/// use tasksequence::outline::condition_sites;
///
/// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_SetDynamicVariablesAction" name="Pick"><defaultVarList><variable name="OSDSetDynamicVariablesRules" property="DynamicVariableRules">&lt;Rules&gt;&lt;Rule&gt;</variable></defaultVarList></step></sequence>"#)?;
/// let err = condition_sites(&doc.sequence).unwrap_err();
/// assert_eq!(err.path, "Pick");
/// assert_eq!(err.error.line(), 1);
/// assert!(err.to_string().starts_with("Pick: rules: "));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: rules: {error}")]
pub struct OutlineError {
    /// The step's readable path.
    pub path: String,
    /// Why its rules do not parse (positions within the rules text).
    pub error: ReadError,
}

/// Every condition of `sequence`, in document order: a node's own condition, then its rules.
///
/// ```
/// let doc = tasksequence::xml::read(br#"<sequence><group name="G"><condition><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Variable">PHASE</variable><variable name="Operator">equals</variable><variable name="Value">INSTALL</variable></expression></condition><step name="S"/></group></sequence>"#)?;
/// let sites = tasksequence::outline::condition_sites(&doc.sequence)?;
/// assert_eq!(sites.len(), 1);
/// assert_eq!((sites[0].path.as_str(), sites[0].condition_text.as_str()), ("G", r#"PHASE == "INSTALL""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`OutlineError`] for the first Set Dynamic Variables step whose rules are not well-formed.
pub fn condition_sites(sequence: &Sequence) -> Result<Vec<Site>, OutlineError> {
    let mut sites = Vec::new();
    let mut failure = None;
    crate::model::walk_paths(&sequence.children, |path, node| {
        if failure.is_some() {
            return;
        }
        let kind = match node.kind() {
            NodeKind::Group => SiteKind::Group,
            NodeKind::Step => SiteKind::Step,
            NodeKind::SubTaskSequence => SiteKind::SubTaskSequence,
            NodeKind::Raw => return,
        };
        let display = || path.display(&sequence.children).to_string();
        if let Some(c) = node.condition() {
            sites.push(site(display(), kind, node, c.clone(), path, None));
        }
        if let Node::Step(step) = node
            && let StepView::SetDynamicVariables(view) = step.view()
        {
            match crate::xml::rules_of(&view) {
                Ok(rules) => {
                    for (i, rule) in rules.rules.into_iter().enumerate() {
                        if let Some(condition) = rule.condition {
                            let at = format!("{}#rule {}", display(), i + 1);
                            sites.push(site(
                                at,
                                SiteKind::Rule,
                                node,
                                condition,
                                path,
                                Some(i + 1),
                            ));
                        }
                    }
                }
                Err(error) => {
                    failure = Some(OutlineError {
                        path: display(),
                        error,
                    });
                }
            }
        }
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(sites),
    }
}

fn site(
    path: String,
    kind: SiteKind,
    node: &Node,
    condition: Condition,
    at: &NodePath,
    rule: Option<usize>,
) -> Site {
    Site {
        path,
        kind,
        name: node.name().to_string(),
        condition_text: condition.to_text(),
        condition,
        node: at.clone(),
        rule,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_follow_their_step_and_bad_rules_are_errors() {
        let rules = r#"&lt;Rules&gt;&lt;Rule&gt;&lt;Variables&gt;&lt;Variable Name="A" IsSecret="false"&gt;1&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;&lt;Rule&gt;&lt;condition&gt;&lt;expression type="SMS_TaskSequence_VariableConditionExpression"&gt;&lt;variable name="Variable"&gt;X&lt;/variable&gt;&lt;variable name="Operator"&gt;exists&lt;/variable&gt;&lt;/expression&gt;&lt;/condition&gt;&lt;Variables/&gt;&lt;/Rule&gt;&lt;/Rules&gt;"#;
        let xml = format!(
            r#"<sequence><step name="D" type="SMS_TaskSequence_SetDynamicVariablesAction"><condition/><defaultVarList><variable name="OSDSetDynamicVariablesRules" property="Rules">{rules}</variable></defaultVarList></step></sequence>"#
        );
        let doc = crate::xml::read(xml.as_bytes()).unwrap();
        let sites = condition_sites(&doc.sequence).unwrap();
        let got: Vec<(&str, SiteKind, &str)> = sites
            .iter()
            .map(|s| (s.path.as_str(), s.kind, s.condition_text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("D", SiteKind::Step, ""),
                ("D#rule 2", SiteKind::Rule, "X exists")
            ]
        );
        assert_eq!(sites[1].rule, Some(2));
        let json = serde_json::to_string(&sites[1]).unwrap();
        assert!(json.starts_with(r#"{"path":"D#rule 2","kind":"rule","name":"D","condition_text":"X exists","condition":"#), "{json}");

        let broken = xml.replace("&lt;/Rules&gt;", "");
        let doc = crate::xml::read(broken.as_bytes()).unwrap();
        let err = condition_sites(&doc.sequence).unwrap_err();
        assert_eq!(err.path, "D");
    }
}
