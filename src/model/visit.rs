//! The one traversal of a node tree.
//!
//! Models built in code or from JSON have no depth bound (only the XML reader limits nesting), so
//! every traversal keeps its own stack on the heap: a 10,000-deep tree is walked, written, cloned,
//! compared and dropped without touching the call stack's limit.

use super::node::Node;
use super::path::NodePath;

/// What a [`Visitor`] wants next after entering a node.
///
/// ```
/// use tasksequence::model::{visit, Flow, Node, NodePath, Visitor};
///
/// // Names of everything outside disabled groups.
/// struct Enabled(Vec<String>);
/// impl<'a> Visitor<'a> for Enabled {
///     fn enter(&mut self, _: &NodePath, node: &'a Node) -> Flow {
///         if node.is_disabled() {
///             return Flow::SkipChildren;
///         }
///         self.0.push(node.name().to_string());
///         Flow::Continue
///     }
/// }
/// let doc = tasksequence::xml::read(br#"<sequence><group name="Off" disable="true"><step name="Hidden"/></group><group name="On"><step name="Shown"/></group></sequence>"#)?;
/// let mut enabled = Enabled(Vec::new());
/// assert!(visit(&doc.sequence.children, &mut enabled));
/// assert_eq!(enabled.0, ["On", "Shown"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Visit the node's children, then leave it.
    Continue,
    /// Do not visit the children; leave the node at once.
    SkipChildren,
    /// End the traversal now; no further `leave` calls are made.
    Stop,
}

/// Receives the groups and steps of a tree depth-first in document order. Verbatim content
/// (comments, unknown elements) is not visited, but it counts in the [`NodePath`] indices.
///
/// ```
/// use tasksequence::model::{visit, Flow, Node, NodePath, Visitor};
/// struct Names(Vec<String>);
/// impl<'a> Visitor<'a> for Names {
///     fn enter(&mut self, _path: &NodePath, node: &'a Node) -> Flow {
///         self.0.push(format!("+{}", node.name()));
///         Flow::Continue
///     }
///     fn leave(&mut self, _path: &NodePath, node: &'a Node) {
///         self.0.push(format!("-{}", node.name()));
///     }
/// }
/// let doc = tasksequence::xml::read(br#"<sequence><group name="G"><step name="S"/></group></sequence>"#).unwrap();
/// let mut names = Names(Vec::new());
/// visit(&doc.sequence.children, &mut names);
/// assert_eq!(names.0, ["+G", "+S", "-S", "-G"]);
/// ```
pub trait Visitor<'a> {
    /// Called before the node's children.
    ///
    /// ```
    /// use tasksequence::model::{visit, Flow, Node, NodePath, Visitor};
    ///
    /// struct Paths(Vec<Vec<usize>>);
    /// impl<'a> Visitor<'a> for Paths {
    ///     fn enter(&mut self, path: &NodePath, _: &'a Node) -> Flow {
    ///         self.0.push(path.indices().to_vec());
    ///         Flow::Continue
    ///     }
    /// }
    /// // The comment is not visited, but it counts in the indices.
    /// let doc = tasksequence::xml::read(br#"<sequence><!-- note --><group name="G"><step name="S"/></group></sequence>"#)?;
    /// let mut paths = Paths(Vec::new());
    /// visit(&doc.sequence.children, &mut paths);
    /// assert_eq!(paths.0, [vec![1], vec![1, 0]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn enter(&mut self, path: &NodePath, node: &'a Node) -> Flow;

    /// Called after the node's children (at once when [`Flow::SkipChildren`] was returned).
    ///
    /// ```
    /// use tasksequence::model::{visit, Flow, Node, NodePath, Visitor};
    ///
    /// // Counts the steps of each group once the group is done.
    /// struct StepCounts { open: Vec<usize>, done: Vec<(String, usize)> }
    /// impl<'a> Visitor<'a> for StepCounts {
    ///     fn enter(&mut self, _: &NodePath, node: &'a Node) -> Flow {
    ///         match node {
    ///             Node::Group(_) => self.open.push(0),
    ///             _ => if let Some(count) = self.open.last_mut() { *count += 1 },
    ///         }
    ///         Flow::Continue
    ///     }
    ///     fn leave(&mut self, _: &NodePath, node: &'a Node) {
    ///         if let Node::Group(_) = node {
    ///             let count = self.open.pop().unwrap_or(0);
    ///             self.done.push((node.name().to_string(), count));
    ///         }
    ///     }
    /// }
    /// let doc = tasksequence::xml::read(br#"<sequence><group name="Outer"><step/><group name="Inner"><step/><step/></group></group></sequence>"#)?;
    /// let mut counts = StepCounts { open: Vec::new(), done: Vec::new() };
    /// visit(&doc.sequence.children, &mut counts);
    /// assert_eq!(counts.done, [("Inner".to_string(), 2), ("Outer".to_string(), 1)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn leave(&mut self, path: &NodePath, node: &'a Node) {
        let _ = (path, node);
    }
}

/// Walks `children` (a sequence's or a group's) with `visitor`; see [`Visitor`]. Returns `false`
/// when the visitor stopped the walk.
///
/// ```
/// use tasksequence::model::{visit, Flow, Node, NodePath, Visitor};
/// struct First(Option<String>);
/// impl<'a> Visitor<'a> for First {
///     fn enter(&mut self, _: &NodePath, node: &'a Node) -> Flow {
///         self.0 = Some(node.name().to_string());
///         Flow::Stop
///     }
/// }
/// let doc = tasksequence::xml::read(br#"<sequence><step name="A"/><step name="B"/></sequence>"#).unwrap();
/// let mut first = First(None);
/// assert!(!visit(&doc.sequence.children, &mut first));
/// assert_eq!(first.0.as_deref(), Some("A"));
/// ```
pub fn visit<'a>(children: &'a [Node], visitor: &mut impl Visitor<'a>) -> bool {
    // Each frame is a level being walked: its nodes and the index of the next one. `path` holds the
    // index of the node being entered at every level, so it is reused, not rebuilt, per node.
    let mut frames: Vec<(&'a [Node], usize)> = vec![(children, 0)];
    let mut path = NodePath::root();
    let mut open: Vec<&'a Node> = Vec::new();
    while let Some((nodes, next)) = frames.last_mut() {
        let index = *next;
        let Some(node) = nodes.get(index) else {
            frames.pop();
            if let Some(parent) = open.pop() {
                visitor.leave(&path, parent);
                path.pop();
            }
            continue;
        };
        *next += 1;
        if matches!(node, Node::Raw { .. }) {
            continue;
        }
        path.push(index);
        match visitor.enter(&path, node) {
            Flow::Stop => return false,
            Flow::Continue if !node.children().is_empty() => {
                open.push(node);
                frames.push((node.children(), 0));
            }
            Flow::Continue | Flow::SkipChildren => {
                visitor.leave(&path, node);
                path.pop();
            }
        }
    }
    true
}

/// Calls `f` with every group and step, depth-first in document order.
pub(crate) fn walk_paths<'a>(children: &'a [Node], f: impl FnMut(&NodePath, &'a Node)) {
    struct Each<F>(F);
    impl<'a, F: FnMut(&NodePath, &'a Node)> Visitor<'a> for Each<F> {
        fn enter(&mut self, path: &NodePath, node: &'a Node) -> Flow {
            (self.0)(path, node);
            Flow::Continue
        }
    }
    visit(children, &mut Each(f));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Group, RawNode, Step};

    fn named(name: &str, children: Vec<Node>) -> Node {
        Node::Group(Group {
            name: Some(name.into()),
            children,
            ..Group::default()
        })
    }

    struct Log(Vec<String>, Option<&'static str>);
    impl<'a> Visitor<'a> for Log {
        fn enter(&mut self, path: &NodePath, node: &'a Node) -> Flow {
            self.0.push(format!("+{}{:?}", node.name(), path.indices()));
            if Some(node.name()) == self.1 {
                Flow::SkipChildren
            } else {
                Flow::Continue
            }
        }
        fn leave(&mut self, path: &NodePath, node: &'a Node) {
            self.0.push(format!("-{}{:?}", node.name(), path.indices()));
        }
    }

    fn tree() -> Vec<Node> {
        vec![
            Node::Raw {
                node: RawNode::Comment { text: "c".into() },
            },
            named("A", vec![named("B", vec![]), Node::Step(Step::default())]),
            named("C", vec![]),
        ]
    }

    #[test]
    fn enter_and_leave_in_document_order_with_raw_counted_in_indices() {
        let tree = tree();
        let mut log = Log(Vec::new(), None);
        assert!(visit(&tree, &mut log));
        assert_eq!(
            log.0,
            [
                "+A[1]", "+B[1, 0]", "-B[1, 0]", "+[1, 1]", "-[1, 1]", "-A[1]", "+C[2]", "-C[2]"
            ]
        );
    }

    #[test]
    fn skip_children_still_leaves() {
        let tree = tree();
        let mut log = Log(Vec::new(), Some("A"));
        visit(&tree, &mut log);
        assert_eq!(log.0, ["+A[1]", "-A[1]", "+C[2]", "-C[2]"]);
    }

    #[test]
    fn ten_thousand_deep_is_walked_without_recursion() {
        let mut node = named("leaf", vec![]);
        for _ in 0..10_000 {
            node = named("g", vec![node]);
        }
        let tree = vec![node];
        let mut deepest = 0;
        walk_paths(&tree, |path, _| deepest = deepest.max(path.depth()));
        assert_eq!(deepest, 10_000);
    }
}
