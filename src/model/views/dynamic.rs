//! Set Dynamic Variables: rules kept as escaped XML in `OSDSetDynamicVariablesRules`.
//!
//! The view holds the rules text; [`crate::xml::rules_of`] parses it and [`crate::xml::set_rules`]
//! writes it, so the model never calls into the reader.

use serde::{Deserialize, Serialize};

use super::set_variable;
use crate::model::condition::Condition;
use crate::model::{Attribute, Step};

/// The step's view: the raw rules text and its parsed form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetDynamicVariables {
    /// The `OSDSetDynamicVariablesRules` value, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules_xml: Option<String>,
}

impl SetDynamicVariables {
    /// The step variable holding the rules.
    pub const VARIABLE: &'static str = "OSDSetDynamicVariablesRules";

    /// Reads the view.
    pub fn read(step: &Step) -> Self {
        Self {
            rules_xml: step.variable(Self::VARIABLE).map(str::to_string),
        }
    }

    /// Writes the view back to the step.
    pub fn write(&self, step: &mut Step) {
        set_variable(step, Self::VARIABLE, "Rules", self.rules_xml.as_deref());
    }
}

/// `<Rules>`: evaluated in order; each true rule sets its variables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// The rules in order.
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// One `<Rule>`: an optional condition (none = always) and the variables it sets.
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
