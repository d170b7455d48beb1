use serde::{Deserialize, Serialize};

use super::raw::{Attribute, Entry};

/// One `<variable name="…" property="…" [hidden="true"]>value</variable>` of a `defaultVarList` or
/// `globalVarList`: the raw source of truth that typed step views read and write.
///
/// ```
/// use tasksequence::model::Variable;
///
/// let doc = tasksequence::xml::read(br#"<sequence><step name="Join"><defaultVarList><variable name="OSDJoinPassword" property="DomainPassword" hidden="true">secret</variable></defaultVarList></step></sequence>"#)?;
/// let tasksequence::model::Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
/// let variable: &Variable = step.variables.as_ref().and_then(|list| list.get("OSDJoinPassword")).unwrap();
/// assert_eq!(variable.property.as_deref(), Some("DomainPassword"));
/// assert!(variable.is_hidden());
/// assert_eq!(variable.value, "secret");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    ///
    /// ```
    /// use tasksequence::model::Variable;
    ///
    /// let variable = Variable::new("CommandLine", "CommandLine", "cmd /c exit 0");
    /// assert_eq!(variable.property.as_deref(), Some("CommandLine"));
    /// assert_eq!(variable.hidden, None);
    /// ```
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
    ///
    /// ```
    /// use tasksequence::model::Variable;
    ///
    /// let mut variable = Variable::new("OSDJoinPassword", "DomainPassword", "");
    /// assert!(!variable.is_hidden());
    /// variable.hidden = Some(true);
    /// assert!(variable.is_hidden());
    /// ```
    pub fn is_hidden(&self) -> bool {
        self.hidden == Some(true)
    }
}

/// A `defaultVarList` or `globalVarList`.
///
/// ```
/// use tasksequence::model::VarList;
///
/// let mut list = VarList::default();
/// list.set("CommandLine", "cmd /c exit 0");
/// list.set("commandline", "cmd /c exit 1");
/// assert_eq!(list.len(), 1);
/// assert_eq!(list.value("CommandLine"), Some("cmd /c exit 1"));
/// ```
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
    ///
    /// ```
    /// let doc = tasksequence::xml::read(br#"<sequence><globalVarList><variable name="A">1</variable><!-- note --><variable name="B">2</variable></globalVarList></sequence>"#)?;
    /// let names: Vec<&str> = doc.sequence.globals.as_ref().unwrap().iter().map(|v| v.name.as_str()).collect();
    /// assert_eq!(names, ["A", "B"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = &Variable> {
        self.entries.iter().filter_map(Entry::known)
    }

    /// The first variable whose name equals `name`, case-insensitively (as the engine reads them).
    ///
    /// ```
    /// use tasksequence::model::VarList;
    ///
    /// let mut list = VarList::default();
    /// list.set("OSDComputerName", "PC01");
    /// assert_eq!(list.get("osdcomputername").map(|v| v.name.as_str()), Some("OSDComputerName"));
    /// assert!(list.get("OSDDomainName").is_none());
    /// ```
    pub fn get(&self, name: &str) -> Option<&Variable> {
        self.iter().find(|v| v.name.eq_ignore_ascii_case(name))
    }

    /// The value of the first variable called `name`, case-insensitively.
    ///
    /// ```
    /// use tasksequence::model::VarList;
    ///
    /// let mut list = VarList::default();
    /// list.set("OSDComputerName", "PC01");
    /// assert_eq!(list.value("OSDCOMPUTERNAME"), Some("PC01"));
    /// ```
    pub fn value(&self, name: &str) -> Option<&str> {
        self.get(name).map(|v| v.value.as_str())
    }

    /// Sets the value of `name`, adding the variable (with `property` = `name`) when it is missing.
    ///
    /// ```
    /// use tasksequence::model::VarList;
    ///
    /// let mut list = VarList::default();
    /// list.set("SMSRebootTimeout", "60");
    /// let added = list.get("SMSRebootTimeout").unwrap();
    /// assert_eq!((added.property.as_deref(), added.value.as_str()), (Some("SMSRebootTimeout"), "60"));
    /// ```
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
    ///
    /// ```
    /// let doc = tasksequence::xml::read(br#"<sequence><globalVarList><variable name="A">1</variable><!-- not counted --></globalVarList></sequence>"#)?;
    /// let globals = doc.sequence.globals.unwrap();
    /// assert_eq!((globals.len(), globals.entries.len()), (1, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether the list holds no typed variable.
    ///
    /// ```
    /// let doc = tasksequence::xml::read(br#"<sequence><globalVarList><!-- only a comment --></globalVarList></sequence>"#)?;
    /// assert!(doc.sequence.globals.unwrap().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
