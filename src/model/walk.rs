use super::node::Node;
use super::path::{NodePath, PathDisplay};
use super::visit::walk_paths;

/// One node met by [`super::Sequence::walk`].
///
/// ```
/// use tasksequence::model::NodePath;
///
/// let doc = tasksequence::xml::read(br#"<sequence><group name="G"><step name="S"/></group></sequence>"#)?;
/// let walk = doc.sequence.walk();
/// let step = &walk[1];
/// assert_eq!((step.depth, step.node.name()), (1, "S"));
/// assert_eq!(step.path, NodePath::from(vec![0, 0]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Visit<'a> {
    /// 0 for top-level nodes, 1 for their children, and so on.
    pub depth: usize,
    /// Where the node is.
    pub path: NodePath,
    /// The node.
    pub node: &'a Node,
    root: &'a [Node],
}

impl<'a> Visit<'a> {
    /// The readable path (escaped names joined by `/`, see [`NodePath::display`]), built when asked.
    ///
    /// ```
    /// let doc = tasksequence::xml::read(br#"<sequence><group name="G"><step name="S"/></group></sequence>"#).unwrap();
    /// let walk = doc.sequence.walk();
    /// assert_eq!(walk[1].path_text().to_string(), "G/S");
    /// ```
    pub fn path_text(&self) -> PathDisplay<'_> {
        self.path.display(self.root)
    }
}

pub(crate) fn walk(children: &[Node]) -> Vec<Visit<'_>> {
    let mut out = Vec::new();
    walk_paths(children, |path, node| {
        out.push(Visit {
            depth: path.depth(),
            path: path.clone(),
            node,
            root: children,
        });
    });
    out
}
