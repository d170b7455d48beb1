use serde::{Deserialize, Serialize};

/// An attribute the model does not type, kept verbatim (value after XML unescaping).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    /// The attribute name as written.
    pub name: String,
    /// The attribute value, unescaped.
    pub value: String,
}

impl Attribute {
    /// An attribute from a name and a value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// XML content the model does not understand, kept verbatim where it stood.
///
/// JSON: `{"kind":"element","name":…,"attributes":[…],"children":[…]}`, `{"kind":"text","text":…}`,
/// `{"kind":"cdata","text":…}`, `{"kind":"comment","text":…}`,
/// `{"kind":"processing_instruction","text":…}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RawNode {
    /// An element with everything inside it.
    Element(RawElement),
    /// Character data (unescaped).
    Text {
        /// The text.
        text: String,
    },
    /// A CDATA section.
    Cdata {
        /// The section's content.
        text: String,
    },
    /// A comment.
    Comment {
        /// The comment's content, between `<!--` and `-->`.
        text: String,
    },
    /// A processing instruction (`<?target content?>`), content as written.
    ProcessingInstruction {
        /// Everything between `<?` and `?>`.
        text: String,
    },
}

/// An element kept verbatim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawElement {
    /// The element name.
    pub name: String,
    /// Its attributes in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// Its content in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<RawNode>,
}

impl RawElement {
    /// The value of the first attribute called `name`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }

    /// The concatenated text and CDATA directly inside this element.
    pub fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|c| match c {
                RawNode::Text { text } | RawNode::Cdata { text } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// An entry of a list the model types (variables, references), or something else that stood in the
/// list and is kept verbatim.
///
/// JSON: the known entry's own object, or a [`RawNode`] object (which carries `kind`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Entry<T> {
    /// Something the model does not type (a comment, an unknown element).
    Raw(RawNode),
    /// A typed entry.
    Known(T),
}

impl<T> Entry<T> {
    /// The typed entry, if this is one.
    pub fn known(&self) -> Option<&T> {
        match self {
            Entry::Known(t) => Some(t),
            Entry::Raw(_) => None,
        }
    }

    /// The typed entry, mutably, if this is one.
    pub fn known_mut(&mut self) -> Option<&mut T> {
        match self {
            Entry::Known(t) => Some(t),
            Entry::Raw(_) => None,
        }
    }
}
