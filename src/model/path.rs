//! Node identity: where a group or step sits in its sequence.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::node::Node;

/// The position of a node: the index of each ancestor among its parent's children, top down, then
/// the node's own index. Indices count every child, verbatim content included, so that a path found
/// once keeps pointing at the same node however the sequence is printed.
///
/// Names are not identity (two steps of a group may share one, a name may be empty or contain `/`),
/// so a path is indices; the readable form, escaped names joined by `/`, is built on demand by
/// [`NodePath::display`] and read back by [`NodePath::find`].
///
/// JSON: an array of indices, `[0, 2]`.
///
/// ```
/// use tasksequence::model::NodePath;
/// let doc = tasksequence::xml::read(br#"<sequence version="3.10">
///   <group name="Prepare"><step name="Check/Scan" type="X"/></group>
/// </sequence>"#).unwrap();
/// let path = NodePath::from(vec![0, 0]);
/// assert_eq!(path.display(&doc.sequence.children).to_string(), r"Prepare/Check\/Scan");
/// assert_eq!(NodePath::find(&doc.sequence.children, r"Prepare/Check\/Scan"), vec![path]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodePath(Vec<usize>);

impl NodePath {
    /// The empty path: the sequence itself, parent of the top-level nodes.
    ///
    /// ```
    /// assert!(tasksequence::model::NodePath::root().is_root());
    /// ```
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// Whether this is [`NodePath::root`].
    ///
    /// ```
    /// assert!(!tasksequence::model::NodePath::from(vec![1]).is_root());
    /// ```
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The indices, top down.
    ///
    /// ```
    /// assert_eq!(tasksequence::model::NodePath::from(vec![1, 3]).indices(), &[1, 3]);
    /// ```
    pub fn indices(&self) -> &[usize] {
        &self.0
    }

    /// How many ancestors the node has (0 for a top-level node); 0 for the root as well.
    ///
    /// ```
    /// assert_eq!(tasksequence::model::NodePath::from(vec![1, 3]).depth(), 1);
    /// ```
    pub fn depth(&self) -> usize {
        self.0.len().saturating_sub(1)
    }

    /// The path of child `index` of this node.
    ///
    /// ```
    /// use tasksequence::model::NodePath;
    /// assert_eq!(NodePath::root().child(2).child(0), NodePath::from(vec![2, 0]));
    /// ```
    pub fn child(&self, index: usize) -> Self {
        let mut indices = Vec::with_capacity(self.0.len() + 1);
        indices.extend_from_slice(&self.0);
        indices.push(index);
        Self(indices)
    }

    /// The parent's path; `None` for the root.
    ///
    /// ```
    /// use tasksequence::model::NodePath;
    /// assert_eq!(NodePath::from(vec![2, 0]).parent(), Some(NodePath::from(vec![2])));
    /// assert_eq!(NodePath::root().parent(), None);
    /// ```
    pub fn parent(&self) -> Option<Self> {
        let (_, rest) = self.0.split_last()?;
        Some(Self(rest.to_vec()))
    }

    /// Whether `self` is `other` or one of its ancestors.
    ///
    /// ```
    /// use tasksequence::model::NodePath;
    /// assert!(NodePath::from(vec![2]).contains(&NodePath::from(vec![2, 0])));
    /// assert!(!NodePath::from(vec![2, 0]).contains(&NodePath::from(vec![2])));
    /// ```
    pub fn contains(&self, other: &NodePath) -> bool {
        other.0.starts_with(&self.0)
    }

    /// Appends a child index in place (the walker's stack uses this to avoid reallocating).
    pub(crate) fn push(&mut self, index: usize) {
        self.0.push(index);
    }

    /// Removes the last index in place.
    pub(crate) fn pop(&mut self) {
        self.0.pop();
    }

    /// The node at this path under `children` (a sequence's or group's children); `None` when the
    /// path does not lead to a node, and for the root.
    ///
    /// ```
    /// use tasksequence::model::NodePath;
    /// let doc = tasksequence::xml::read(br#"<sequence><group name="G"><step name="S"/></group></sequence>"#).unwrap();
    /// let node = NodePath::from(vec![0, 0]).node(&doc.sequence.children).unwrap();
    /// assert_eq!(node.name(), "S");
    /// assert!(NodePath::from(vec![0, 5]).node(&doc.sequence.children).is_none());
    /// ```
    pub fn node<'a>(&self, children: &'a [Node]) -> Option<&'a Node> {
        let (last, ancestors) = self.0.split_last()?;
        let mut level = children;
        for &index in ancestors {
            level = level.get(index)?.children();
        }
        level.get(*last)
    }

    /// The nodes from the top-level ancestor down to this node; shorter when the path breaks off.
    ///
    /// ```
    /// use tasksequence::model::NodePath;
    /// let doc = tasksequence::xml::read(br#"<sequence><group name="G"><step name="S"/></group></sequence>"#).unwrap();
    /// let path = NodePath::from(vec![0, 0]);
    /// let names: Vec<&str> = path.nodes(&doc.sequence.children).map(|n| n.name()).collect();
    /// assert_eq!(names, ["G", "S"]);
    /// ```
    pub fn nodes<'a>(&'a self, children: &'a [Node]) -> impl Iterator<Item = &'a Node> + 'a {
        let mut level = children;
        self.0.iter().map_while(move |&index| {
            let node = level.get(index)?;
            level = node.children();
            Some(node)
        })
    }

    /// The readable form: each node's name escaped (`\` → `\\`, `/` → `\/`, a leading `#` → `\#`),
    /// an empty name written `#N` (its 1-based position among its siblings), joined by `/`.
    ///
    /// ```
    /// use tasksequence::model::NodePath;
    /// let doc = tasksequence::xml::read(br#"<sequence><group name="G"><step/></group></sequence>"#).unwrap();
    /// assert_eq!(NodePath::from(vec![0, 0]).display(&doc.sequence.children).to_string(), "G/#1");
    /// ```
    pub fn display<'a>(&'a self, children: &'a [Node]) -> PathDisplay<'a> {
        PathDisplay {
            path: self,
            children,
        }
    }
}

impl From<Vec<usize>> for NodePath {
    fn from(indices: Vec<usize>) -> Self {
        Self(indices)
    }
}

/// The readable form of a [`NodePath`], from [`NodePath::display`].
///
/// ```
/// use tasksequence::model::NodePath;
///
/// let doc = tasksequence::xml::read(br##"<sequence><group name="#1 A/B"><step/><!-- note --><step name="S"/></group></sequence>"##)?;
/// let children = &doc.sequence.children;
/// // Separators and a leading `#` are escaped; an unnamed node prints as its 1-based position.
/// assert_eq!(NodePath::from(vec![0, 0]).display(children).to_string(), r"\#1 A\/B/#1");
/// assert_eq!(NodePath::from(vec![0, 2]).display(children).to_string(), r"\#1 A\/B/S");
/// // A path that leads nowhere still prints, by position.
/// assert_eq!(NodePath::from(vec![0, 9]).display(children).to_string(), r"\#1 A\/B/#10");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct PathDisplay<'a> {
    path: &'a NodePath,
    children: &'a [Node],
}

impl fmt::Display for PathDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut level = self.children;
        for (depth, &index) in self.path.0.iter().enumerate() {
            if depth > 0 {
                f.write_str("/")?;
            }
            match level.get(index) {
                Some(node) => {
                    write_segment(f, node.name(), index + 1)?;
                    level = node.children();
                }
                // A path that no longer leads anywhere still prints, by index, rather than failing.
                None => write!(f, "#{}", index + 1)?,
            }
        }
        Ok(())
    }
}

fn write_segment(f: &mut fmt::Formatter<'_>, name: &str, position: usize) -> fmt::Result {
    if name.is_empty() {
        return write!(f, "#{position}");
    }
    for (i, c) in name.chars().enumerate() {
        match c {
            '\\' => f.write_str("\\\\")?,
            '/' => f.write_str("\\/")?,
            '#' if i == 0 => f.write_str("\\#")?,
            c => fmt::Write::write_char(f, c)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Group, Step};

    fn step(name: &str) -> Node {
        Node::Step(Step {
            name: (!name.is_empty()).then(|| name.to_string()),
            ..Step::default()
        })
    }

    fn group(name: &str, children: Vec<Node>) -> Node {
        Node::Group(Group {
            name: Some(name.to_string()),
            children,
            ..Group::default()
        })
    }

    #[test]
    fn display_escapes_and_find_reads_back() {
        let tree = vec![group(r"a/b\c", vec![step("#1"), step(""), step("plain")])];
        for i in 0..3 {
            let path = NodePath::from(vec![0, i]);
            let text = path.display(&tree).to_string();
            assert_eq!(NodePath::find(&tree, &text), vec![path], "{text}");
        }
        assert_eq!(
            NodePath::from(vec![0, 0]).display(&tree).to_string(),
            r"a\/b\\c/\#1"
        );
        assert_eq!(
            NodePath::from(vec![0, 1]).display(&tree).to_string(),
            r"a\/b\\c/#2"
        );
    }

    #[test]
    fn broken_paths_print_and_find_nothing() {
        let tree = vec![step("x")];
        assert_eq!(NodePath::from(vec![4]).display(&tree).to_string(), "#5");
        assert!(NodePath::find(&tree, "y").is_empty());
        assert!(NodePath::find(&tree, "").is_empty());
    }
}
