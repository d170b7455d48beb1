use super::node::Node;
use super::path::{NodePath, PathDisplay};
use super::visit::walk_paths;

/// Finding nodes by their readable path: here, beside the walk it uses, so that the path type
/// itself depends on nothing but the node.
impl NodePath {
    /// Every group or step whose readable path ([`NodePath::display`]) is `text`, compared
    /// case-insensitively as the engine compares names; several when siblings share a name.
    ///
    /// ```
    /// use tasksequence::model::NodePath;
    /// let doc = tasksequence::xml::read(br#"<sequence><step name="A"/><step name="a"/></sequence>"#).unwrap();
    /// assert_eq!(NodePath::find(&doc.sequence.children, "A").len(), 2);
    /// ```
    pub fn find(children: &[Node], text: &str) -> Vec<NodePath> {
        let wanted = split_display(text);
        let mut found = Vec::new();
        super::visit::walk_paths(children, |path, _node| {
            if path.indices().len() == wanted.len() && segments_match(children, path, &wanted) {
                found.push(path.clone());
            }
        });
        found
    }
}

/// One segment of a readable path as typed: a name, or `#N` for the N-th child.
#[derive(Debug, PartialEq, Eq)]
enum Segment {
    Name(String),
    Position(usize),
}

fn split_display(text: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut escaped_start = false;
    let mut chars = text.chars();
    let finish = |current: &mut String, escaped_start: &mut bool, out: &mut Vec<Segment>| {
        let text = std::mem::take(current);
        let position = if *escaped_start {
            None
        } else {
            text.strip_prefix('#').and_then(|n| n.parse::<usize>().ok())
        };
        *escaped_start = false;
        out.push(match position {
            Some(p) => Segment::Position(p),
            None => Segment::Name(text),
        });
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    if current.is_empty() && next == '#' {
                        escaped_start = true;
                    }
                    current.push(next);
                }
            }
            '/' => finish(&mut current, &mut escaped_start, &mut segments),
            c => current.push(c),
        }
    }
    finish(&mut current, &mut escaped_start, &mut segments);
    segments
}

fn segments_match(children: &[Node], path: &NodePath, wanted: &[Segment]) -> bool {
    path.nodes(children)
        .zip(path.indices().iter())
        .zip(wanted)
        .all(|((node, &index), segment)| match segment {
            Segment::Name(name) => !name.is_empty() && node.name().eq_ignore_ascii_case(name),
            Segment::Position(p) => node.name().is_empty() && index + 1 == *p,
        })
}

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
