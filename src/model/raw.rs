use serde::{Deserialize, Serialize};

/// An attribute the model does not type, kept verbatim (value after XML unescaping).
///
/// ```
/// use tasksequence::model::{Attribute, Node};
///
/// // `owner` is not an attribute the model types, so it is kept as written.
/// let doc = tasksequence::xml::read(br#"<sequence><step name="S" owner="desk &amp; field"/></sequence>"#)?;
/// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
/// assert_eq!(step.extra_attributes, [Attribute::new("owner", "desk & field")]);
/// assert!(doc.to_xml().contains(r#"owner="desk &amp; field""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    /// The attribute name as written.
    pub name: String,
    /// The attribute value, unescaped.
    pub value: String,
}

impl Attribute {
    /// An attribute from a name and a value.
    ///
    /// ```
    /// use tasksequence::model::Attribute;
    ///
    /// let attribute = Attribute::new("owner", "IT");
    /// assert_eq!((attribute.name.as_str(), attribute.value.as_str()), ("owner", "IT"));
    /// ```
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
///
/// ```
/// use tasksequence::model::{Node, RawNode};
///
/// let doc = tasksequence::xml::read(br#"<sequence><!-- reviewed --><custom id="1">text</custom></sequence>"#)?;
/// let raw: Vec<&RawNode> = doc.sequence.children.iter().filter_map(|n| match n {
///     Node::Raw { node } => Some(node),
///     _ => None,
/// }).collect();
/// assert_eq!(raw[0], &RawNode::Comment { text: " reviewed ".into() });
/// assert!(matches!(raw[1], RawNode::Element(e) if e.name == "custom"));
/// assert_eq!(serde_json::to_value(raw[0])?["kind"], "comment");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
///
/// ```
/// use tasksequence::model::{Node, RawNode};
///
/// let doc = tasksequence::xml::read(br#"<sequence><custom id="1"><inner/>text</custom></sequence>"#)?;
/// let Node::Raw { node: RawNode::Element(element) } = &doc.sequence.children[0] else { panic!("not raw") };
/// assert_eq!(element.name, "custom");
/// assert_eq!(element.children.len(), 2);
/// assert_eq!(doc.to_xml(), "<sequence>\n  <custom id=\"1\"><inner/>text</custom>\n</sequence>");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    ///
    /// ```
    /// use tasksequence::model::{Attribute, RawElement};
    ///
    /// let element = RawElement { name: "custom".into(), attributes: vec![Attribute::new("id", "7")], ..RawElement::default() };
    /// assert_eq!(element.attribute("id"), Some("7"));
    /// assert_eq!(element.attribute("ID"), None);
    /// ```
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }

    /// The concatenated text and CDATA directly inside this element.
    ///
    /// ```
    /// use tasksequence::model::{RawElement, RawNode};
    ///
    /// let element = RawElement {
    ///     name: "note".into(),
    ///     children: vec![
    ///         RawNode::Text { text: "a ".into() },
    ///         RawNode::Comment { text: "skipped".into() },
    ///         RawNode::Cdata { text: "<b>".into() },
    ///     ],
    ///     ..RawElement::default()
    /// };
    /// assert_eq!(element.text(), "a <b>");
    /// ```
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
///
/// ```
/// use tasksequence::model::{Entry, Variable};
///
/// let doc = tasksequence::xml::read(br#"<sequence><globalVarList><!-- why --><variable name="A" property="A">1</variable></globalVarList></sequence>"#)?;
/// let entries = &doc.sequence.globals.as_ref().unwrap().entries;
/// assert!(matches!(&entries[0], Entry::Raw(_)));
/// assert!(matches!(&entries[1], Entry::Known(Variable { name, .. }) if name == "A"));
/// // A typed entry is its own JSON object; a kept one carries `kind`.
/// assert_eq!(serde_json::to_value(&entries[0])?["kind"], "comment");
/// assert_eq!(serde_json::to_value(&entries[1])?["name"], "A");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    ///
    /// ```
    /// use tasksequence::model::{Entry, RawNode};
    ///
    /// let known: Entry<u8> = Entry::Known(1);
    /// assert_eq!(known.known(), Some(&1));
    /// assert_eq!(Entry::<u8>::Raw(RawNode::Comment { text: String::new() }).known(), None);
    /// ```
    pub fn known(&self) -> Option<&T> {
        match self {
            Entry::Known(t) => Some(t),
            Entry::Raw(_) => None,
        }
    }

    /// The typed entry, mutably, if this is one.
    ///
    /// ```
    /// use tasksequence::model::{Entry, Variable};
    ///
    /// let mut entry = Entry::Known(Variable::new("A", "A", "1"));
    /// if let Some(variable) = entry.known_mut() {
    ///     variable.value = "2".into();
    /// }
    /// assert_eq!(entry.known().map(|v| v.value.as_str()), Some("2"));
    /// ```
    pub fn known_mut(&mut self) -> Option<&mut T> {
        match self {
            Entry::Known(t) => Some(t),
            Entry::Raw(_) => None,
        }
    }
}
