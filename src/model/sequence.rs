use serde::{Deserialize, Serialize};

use super::node::{Layout, Node};
use super::raw::{Attribute, Entry};
use super::variable::VarList;
use super::walk::{Visit, walk};

/// A whole task sequence: the root `<sequence>` element.
///
/// ```
/// let doc = tasksequence::xml::read(br#"<sequence version="3.10"><globalVarList><variable name="OSDComputerName" property="OSDComputerName">PC01</variable></globalVarList><step name="S"/></sequence>"#)?;
/// let seq = &doc.sequence;
/// assert_eq!(seq.version.as_deref(), Some("3.10"));
/// assert_eq!(seq.globals.as_ref().and_then(|g| g.value("OSDComputerName")), Some("PC01"));
/// assert_eq!(seq.children.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    /// `version` (`3.00` MDT, `3.10` ConfigMgr, up to `3.40`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `name` (MDT only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `description` (MDT only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The `<referenceList>`: packages and applications the sequence needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub references: Option<ReferenceList>,
    /// The `<globalVarList>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub globals: Option<VarList>,
    /// Top-level groups, steps and verbatim content, in order.
    #[serde(default)]
    pub children: Vec<Node>,
    /// Attributes the model does not type, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<Attribute>,
    /// The order the content was written in.
    #[serde(default, skip_serializing_if = "Layout::is_empty")]
    pub layout: Layout,
}

impl Sequence {
    /// Every group and step, depth-first in document order, with its depth (0 = top level) and
    /// [`super::NodePath`]. Raw content is not listed. To act while walking (skip a subtree, stop
    /// early, know when a group ends), use [`super::visit`].
    ///
    /// ```
    /// let doc = tasksequence::xml::read(br#"<sequence version="3.10">
    ///   <group name="Prepare"><step name="Check" type="SMS_TaskSequence_PrestartCheckAction"/></group>
    /// </sequence>"#).unwrap();
    /// let paths: Vec<String> = doc.sequence.walk().iter().map(|v| v.path_text().to_string()).collect();
    /// assert_eq!(paths, ["Prepare", "Prepare/Check"]);
    /// ```
    pub fn walk(&self) -> Vec<Visit<'_>> {
        walk(&self.children)
    }

    /// The group or step at `path`, `None` when there is none.
    ///
    /// ```
    /// use tasksequence::model::NodePath;
    /// let doc = tasksequence::xml::read(br#"<sequence><group name="G"><step name="S"/></group></sequence>"#).unwrap();
    /// assert_eq!(doc.sequence.node(&NodePath::from(vec![0, 0])).map(|n| n.name()), Some("S"));
    /// ```
    pub fn node(&self, path: &super::NodePath) -> Option<&Node> {
        path.node(&self.children)
    }

    /// The readable form of `path` in this sequence (see [`super::NodePath::display`]).
    ///
    /// ```
    /// use tasksequence::model::NodePath;
    /// let doc = tasksequence::xml::read(br#"<sequence><group name="G"><step name="S"/></group></sequence>"#).unwrap();
    /// assert_eq!(doc.sequence.path_text(&NodePath::from(vec![0, 0])), "G/S");
    /// ```
    pub fn path_text(&self, path: &super::NodePath) -> String {
        path.display(&self.children).to_string()
    }
}

/// A `<referenceList>`.
///
/// ```
/// use tasksequence::model::Entry;
///
/// let doc = tasksequence::xml::read(br#"<sequence><referenceList><reference package="CM100001" program="*"/><!-- keep --></referenceList></sequence>"#)?;
/// let list = doc.sequence.references.unwrap();
/// assert_eq!(list.entries.len(), 2);
/// assert!(matches!(list.entries[1], Entry::Raw(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceList {
    /// The references in document order.
    #[serde(default)]
    pub entries: Vec<Entry<Reference>>,
    /// Attributes of the list element, which the model does not type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<Attribute>,
}

impl ReferenceList {
    /// The typed references, in order.
    ///
    /// ```
    /// let doc = tasksequence::xml::read(br#"<sequence><referenceList><reference package="CM100001"/><!-- keep --><reference application="ScopeId_1/Application_2"/></referenceList></sequence>"#)?;
    /// let list = doc.sequence.references.unwrap();
    /// let typed: Vec<_> = list.iter().collect();
    /// assert_eq!(typed.len(), 2);
    /// assert_eq!(typed[1].application.as_deref(), Some("ScopeId_1/Application_2"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = &Reference> {
        self.entries.iter().filter_map(Entry::known)
    }
}

/// One `<reference package="…" [program="…"]/>` or `<reference application="…"/>`.
///
/// ```
/// let doc = tasksequence::xml::read(br#"<sequence><referenceList><reference package="CM100001" program="Install"/></referenceList></sequence>"#)?;
/// let reference = doc.sequence.references.as_ref().and_then(|list| list.iter().next()).unwrap();
/// assert_eq!(reference.package.as_deref(), Some("CM100001"));
/// assert_eq!(reference.program.as_deref(), Some("Install"));
/// assert_eq!(reference.application, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// A package ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// The program of the package (`*` = any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// An application's CI unique ID (`ScopeId_…/Application_…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    /// Attributes the model does not type, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<Attribute>,
}
