use super::node::Node;

/// One node met by [`super::Sequence::walk`].
#[derive(Debug, Clone)]
pub struct Visit<'a> {
    /// 0 for top-level nodes, 1 for their children, and so on.
    pub depth: usize,
    /// The names from the top down, joined by `/`.
    pub path: String,
    /// The node.
    pub node: &'a Node,
}

pub(crate) fn walk(children: &[Node]) -> Vec<Visit<'_>> {
    // An explicit stack instead of recursion: the reader bounds nesting, but a model built in code
    // or from JSON is not bounded, and walking must never overflow the stack.
    let mut out = Vec::new();
    let mut stack: Vec<(&[Node], usize, String)> = vec![(children, 0, String::new())];
    while let Some((nodes, depth, prefix)) = stack.pop() {
        let Some((first, rest)) = nodes.split_first() else {
            continue;
        };
        stack.push((rest, depth, prefix.clone()));
        if matches!(first, Node::Raw { .. }) {
            continue;
        }
        let path = if prefix.is_empty() {
            first.name().to_string()
        } else {
            format!("{prefix}/{}", first.name())
        };
        if !first.children().is_empty() {
            stack.push((first.children(), depth + 1, path.clone()));
        }
        out.push(Visit {
            depth,
            path,
            node: first,
        });
    }
    out
}
