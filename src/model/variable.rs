use serde::{Deserialize, Serialize};

use super::raw::{Attribute, Entry};

/// One `<variable name="…" property="…" [hidden="true"]>value</variable>` of a `defaultVarList` or
/// `globalVarList`: the raw source of truth that typed step views read and write.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variable {
    /// The task sequence variable name (`name` attribute).
    pub name: String,
    /// The WMI property of the step class it maps to (`property` attribute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
    /// The `hidden` attribute: the console hides the value (passwords, generated values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    /// The value, exactly as written (whitespace kept).
    #[serde(default)]
    pub value: String,
    /// Attributes the model does not type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<Attribute>,
}

impl Variable {
    /// A variable with a name, a property and a value.
    pub fn new(
        name: impl Into<String>,
        property: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            property: Some(property.into()),
            value: value.into(),
            ..Self::default()
        }
    }

    /// Whether the value is marked hidden (`hidden="true"`).
    pub fn is_hidden(&self) -> bool {
        self.hidden == Some(true)
    }
}

/// A `defaultVarList` or `globalVarList`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VarList {
    /// The entries in document order.
    #[serde(default)]
    pub entries: Vec<Entry<Variable>>,
    /// Attributes of the list element itself, which the model does not type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<Attribute>,
}

impl VarList {
    /// The typed variables, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Variable> {
        self.entries.iter().filter_map(Entry::known)
    }

    /// The first variable whose name equals `name`, case-insensitively (as the engine reads them).
    pub fn get(&self, name: &str) -> Option<&Variable> {
        self.iter().find(|v| v.name.eq_ignore_ascii_case(name))
    }

    /// The value of the first variable called `name`, case-insensitively.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.get(name).map(|v| v.value.as_str())
    }

    /// Sets the value of `name`, adding the variable (with `property` = `name`) when it is missing.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self
            .entries
            .iter_mut()
            .filter_map(Entry::known_mut)
            .find(|v| v.name.eq_ignore_ascii_case(name))
        {
            Some(existing) => existing.value = value,
            None => self
                .entries
                .push(Entry::Known(Variable::new(name, name, value))),
        }
    }

    /// How many typed variables the list holds.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether the list holds no typed variable.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
