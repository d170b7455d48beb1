//! Set Dynamic Variables: rules kept as escaped XML in `OSDSetDynamicVariablesRules`.
//!
//! The view holds the rules text; [`crate::xml::rules_of`] parses it and [`crate::xml::set_rules`]
//! writes it, so the model never calls into the reader.

use serde::{Deserialize, Serialize};

use super::set_variable;
use crate::model::condition::Condition;
use crate::model::{Attribute, Step};

/// The step's view: its rules as the step stores them, XML text in one variable. The view keeps the
/// text so that the model never calls into the reader; [`crate::xml::rules_of`] parses it.
///
/// ```
/// use tasksequence::model::{views::StepView, Node};
///
/// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_SetDynamicVariablesAction" name="Pick"><defaultVarList><variable name="OSDSetDynamicVariablesRules" property="DynamicVariableRules">&lt;Rules&gt;&lt;Rule&gt;&lt;Variables&gt;&lt;Variable Name="DriverPack" IsSecret="false"&gt;NONE&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;&lt;/Rules&gt;</variable></defaultVarList></step></sequence>"#)?;
/// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
/// let StepView::SetDynamicVariables(view) = step.view() else { panic!("not Set Dynamic Variables") };
/// assert!(view.rules_xml.as_deref().is_some_and(|xml| xml.starts_with("<Rules><Rule>")));
/// let rules = tasksequence::xml::rules_of(&view)?;
/// assert_eq!(rules.rules[0].variables[0].value, "NONE");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetDynamicVariables {
    /// The `OSDSetDynamicVariablesRules` value, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules_xml: Option<String>,
}

impl SetDynamicVariables {
    /// The step variable holding the rules.
    ///
    /// ```
    /// use tasksequence::model::{views::SetDynamicVariables, Step, VarList};
    ///
    /// let mut variables = VarList::default();
    /// variables.set(SetDynamicVariables::VARIABLE, "<Rules></Rules>");
    /// let step = Step { variables: Some(variables), ..Step::default() };
    /// assert_eq!(step.variable("OSDSetDynamicVariablesRules"), Some("<Rules></Rules>"));
    /// ```
    pub const VARIABLE: &'static str = "OSDSetDynamicVariablesRules";

    /// Reads the view.
    ///
    /// ```
    /// use tasksequence::model::{views::SetDynamicVariables, Step, VarList};
    ///
    /// let mut variables = VarList::default();
    /// variables.set("osdsetdynamicvariablesrules", "<Rules></Rules>");
    /// let step = Step { variables: Some(variables), ..Step::default() };
    /// assert_eq!(SetDynamicVariables::read(&step).rules_xml.as_deref(), Some("<Rules></Rules>"));
    /// assert_eq!(SetDynamicVariables::read(&Step::default()).rules_xml, None);
    /// ```
    pub fn read(step: &Step) -> Self {
        Self {
            rules_xml: step.variable(Self::VARIABLE).map(str::to_string),
        }
    }

    /// Writes the view back to the step.
    ///
    /// ```
    /// use tasksequence::model::views::{Rule, RuleVariable, Rules, SetDynamicVariables};
    /// use tasksequence::model::Step;
    ///
    /// let rules = Rules { rules: vec![Rule { variables: vec![RuleVariable { name: "DriverPack".into(), value: "NONE".into(), is_secret: false }], ..Rule::default() }] };
    /// let mut view = SetDynamicVariables::default();
    /// tasksequence::xml::set_rules(&mut view, &rules);
    /// let mut step = Step::default();
    /// view.write(&mut step);
    /// assert_eq!(step.variable("OSDSetDynamicVariablesRules"), Some(r#"<Rules><Rule><Variables><Variable Name="DriverPack" IsSecret="false">NONE</Variable></Variables></Rule></Rules>"#));
    /// // Writing a view without rules removes the variable.
    /// SetDynamicVariables::default().write(&mut step);
    /// assert_eq!(step.variable("OSDSetDynamicVariablesRules"), None);
    /// ```
    pub fn write(&self, step: &mut Step) {
        set_variable(step, Self::VARIABLE, "Rules", self.rules_xml.as_deref());
    }
}

/// `<Rules>`: evaluated in order; each true rule sets its variables.
///
/// ```
/// let rules = tasksequence::xml::read_rules(r#"<Rules><Rule><Variables><Variable Name="DriverPack" IsSecret="false">NONE</Variable></Variables></Rule><Rule><condition><expression type="SMS_TaskSequence_MakeModelConditionExpression"><variable name="Make">Dell*</variable></expression></condition><Variables><Variable Name="DriverPack" IsSecret="false">CM100009</Variable></Variables></Rule></Rules>"#)?;
/// assert_eq!(rules.rules.len(), 2);
/// assert!(rules.rules[0].condition.is_none());
/// assert!(rules.rules[1].condition.is_some());
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// The rules in order.
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// One `<Rule>`: an optional condition (none = always) and the variables it sets.
///
/// ```
/// use tasksequence::model::condition::{ExpressionKind, Operand};
///
/// let rules = tasksequence::xml::read_rules(r#"<Rules><Rule><condition><expression type="SMS_TaskSequence_ComputerConditionExpression"><variable name="SerialNumber">ABC123</variable></expression></condition><Variables><Variable Name="OSDComputerName" IsSecret="false">LAB-01</Variable></Variables></Rule></Rules>"#)?;
/// let rule = &rules.rules[0];
/// let Some(Operand::Expression(e)) = rule.condition.as_ref().and_then(|c| c.operands.first()) else { panic!("no expression") };
/// assert!(matches!(&e.kind, ExpressionKind::Computer { serial_number: Some(s), .. } if s == "ABC123"));
/// assert_eq!(rule.variables[0].name, "OSDComputerName");
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// The rule's condition; `None` applies the rule unconditionally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// The variables to set.
    #[serde(default)]
    pub variables: Vec<RuleVariable>,
    /// Attributes of `<Rule>` the model does not type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<Attribute>,
}

/// `<Variable Name="…" IsSecret="false">value</Variable>`.
///
/// ```
/// use tasksequence::model::views::{Rule, RuleVariable, Rules};
///
/// let secret = RuleVariable { name: "OSDJoinPassword".into(), value: "p&ss".into(), is_secret: true };
/// let text = tasksequence::xml::write_rules(&Rules { rules: vec![Rule { variables: vec![secret.clone()], ..Rule::default() }] });
/// assert!(text.contains(r#"<Variable Name="OSDJoinPassword" IsSecret="true">p&amp;ss</Variable>"#));
/// assert_eq!(tasksequence::xml::read_rules(&text)?.rules[0].variables, [secret]);
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleVariable {
    /// The variable's name.
    pub name: String,
    /// The value.
    #[serde(default)]
    pub value: String,
    /// `IsSecret`: the value is hidden.
    #[serde(default)]
    pub is_secret: bool,
}
