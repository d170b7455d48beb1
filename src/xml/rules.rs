//! The rules language of Set Dynamic Variables: `<Rules><Rule>[<condition>…]<Variables>…`.

use super::condition_read;
use super::elements::Attrs;
use super::error::{ReadError, ReadErrorKind};
use super::tree;
use super::write::write_condition;
use super::writer::WriteOptions;
use crate::model::views::{Rule, RuleVariable, Rules, SetDynamicVariables};

/// Reads the rules of a Set Dynamic Variables step (the unescaped `OSDSetDynamicVariablesRules`
/// value).
///
/// ```
/// let rules = tasksequence::xml::read_rules(r#"<Rules><Rule><Variables><Variable Name="A" IsSecret="false">1</Variable></Variables></Rule></Rules>"#).unwrap();
/// assert_eq!(rules.rules[0].variables[0].name, "A");
/// assert!(rules.rules[0].condition.is_none());
/// ```
///
/// # Errors
/// When the text is not well-formed or its root is not `<Rules>`.
pub fn read_rules(text: &str) -> Result<Rules, ReadError> {
    let doc = tree::parse(
        text,
        tree::Limits {
            max_depth: super::ReadOptions::default().max_depth,
        },
    )?;
    let root = doc.root();
    if root.name != "Rules" {
        return Err(ReadError::new(
            ReadErrorKind::UnknownRoot(root.name.to_string()),
            text.as_bytes(),
            root.offset,
        ));
    }
    let mut rules = Vec::new();
    for rule in root.elements().filter(|e| e.name == "Rule") {
        let mut out = Rule {
            extra_attributes: Attrs::of(&rule).rest(),
            ..Rule::default()
        };
        for child in rule.elements() {
            match child.name {
                "condition" => {
                    let c = condition_read::condition(&child).map_err(|e| {
                        ReadError::new(
                            ReadErrorKind::ConditionTooDeep(super::MAX_CONDITION_DEPTH),
                            text.as_bytes(),
                            e.offset,
                        )
                    })?;
                    out.condition = Some(c);
                }
                "Variables" => {
                    for v in child.elements().filter(|e| e.name == "Variable") {
                        out.variables.push(RuleVariable {
                            name: v.attr("Name").unwrap_or_default().to_string(),
                            value: v.text().into_owned(),
                            is_secret: v
                                .attr("IsSecret")
                                .is_some_and(|s| s.eq_ignore_ascii_case("true")),
                        });
                    }
                }
                _ => {}
            }
        }
        rules.push(out);
    }
    Ok(Rules { rules })
}

/// Writes rules in the one-line form ConfigMgr stores.
///
/// ```
/// use tasksequence::model::views::{Rule, RuleVariable, Rules};
///
/// let rules = Rules { rules: vec![Rule {
///     variables: vec![RuleVariable { name: "DriverPack".into(), value: "NONE".into(), is_secret: false }],
///     ..Rule::default()
/// }] };
/// let text = tasksequence::xml::write_rules(&rules);
/// assert_eq!(text, r#"<Rules><Rule><Variables><Variable Name="DriverPack" IsSecret="false">NONE</Variable></Variables></Rule></Rules>"#);
/// assert_eq!(tasksequence::xml::read_rules(&text)?, rules);
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
pub fn write_rules(rules: &Rules) -> String {
    let mut out = String::from("<Rules>");
    for rule in &rules.rules {
        out.push_str("<Rule");
        for a in &rule.extra_attributes {
            out.push(' ');
            out.push_str(&a.name);
            out.push_str("=\"");
            super::escape::attribute(&mut out, &a.value);
            out.push('"');
        }
        out.push('>');
        if let Some(c) = &rule.condition {
            out.push_str(&write_condition(c, &WriteOptions::one_line()));
        }
        out.push_str("<Variables>");
        for v in &rule.variables {
            out.push_str("<Variable Name=\"");
            super::escape::attribute(&mut out, &v.name);
            out.push_str(if v.is_secret {
                "\" IsSecret=\"true\">"
            } else {
                "\" IsSecret=\"false\">"
            });
            super::escape::text(&mut out, &v.value);
            out.push_str("</Variable>");
        }
        out.push_str("</Variables></Rule>");
    }
    out.push_str("</Rules>");
    out
}

/// The parsed rules of a Set Dynamic Variables step; an empty list when the step has none.
///
/// ```
/// use tasksequence::model::views::SetDynamicVariables;
/// let view = SetDynamicVariables { rules_xml: Some(r#"<Rules><Rule><Variables><Variable Name="A" IsSecret="false">1</Variable></Variables></Rule></Rules>"#.into()) };
/// assert_eq!(tasksequence::xml::rules_of(&view).unwrap().rules.len(), 1);
/// assert!(tasksequence::xml::rules_of(&SetDynamicVariables::default()).unwrap().rules.is_empty());
/// ```
///
/// # Errors
/// When the rules text is not well-formed; positions are within the rules text.
pub fn rules_of(view: &SetDynamicVariables) -> Result<Rules, ReadError> {
    match &view.rules_xml {
        Some(text) if !text.trim().is_empty() => read_rules(text),
        _ => Ok(Rules::default()),
    }
}

/// Replaces the rules of a Set Dynamic Variables view, in the canonical one-line form ConfigMgr
/// writes.
///
/// ```
/// use tasksequence::model::views::{Rules, SetDynamicVariables};
/// let mut view = SetDynamicVariables::default();
/// tasksequence::xml::set_rules(&mut view, &Rules::default());
/// assert_eq!(view.rules_xml.as_deref(), Some("<Rules></Rules>"));
/// ```
pub fn set_rules(view: &mut SetDynamicVariables, rules: &Rules) {
    view.rules_xml = Some(write_rules(rules));
}
