//! `Clone` and `PartialEq` of [`Group`] and `Drop` of [`Node`] without recursion.
//!
//! The derived versions recurse once per level of nesting; a model built in code or read from JSON
//! has no depth bound, so these keep their own stack on the heap instead.

use super::node::{Group, Node};

impl Group {
    /// Everything but the children, which the callers below handle level by level. Destructuring
    /// makes a field added to `Group` a compile error here rather than a silent omission.
    fn clone_shallow(&self) -> Group {
        let Group {
            name,
            description,
            options,
            condition,
            action,
            children: _,
            extra_attributes,
            layout,
        } = self;
        Group {
            name: name.clone(),
            description: description.clone(),
            options: options.clone(),
            condition: condition.clone(),
            action: action.clone(),
            children: Vec::new(),
            extra_attributes: extra_attributes.clone(),
            layout: layout.clone(),
        }
    }

    fn eq_shallow(&self, other: &Group) -> bool {
        let Group {
            name,
            description,
            options,
            condition,
            action,
            children,
            extra_attributes,
            layout,
        } = self;
        *name == other.name
            && *description == other.description
            && *options == other.options
            && *condition == other.condition
            && *action == other.action
            && children.len() == other.children.len()
            && *extra_attributes == other.extra_attributes
            && *layout == other.layout
    }
}

impl Clone for Group {
    fn clone(&self) -> Self {
        let mut group = self.clone_shallow();
        group.children = clone_nodes(&self.children);
        group
    }
}

/// Clones a level bottom-up: a frame per group being copied holds the copies of its children made
/// so far and is attached to its parent's copy once complete.
fn clone_nodes(nodes: &[Node]) -> Vec<Node> {
    struct Frame<'a> {
        source: std::slice::Iter<'a, Node>,
        copies: Vec<Node>,
        group: Option<Group>,
    }
    let mut frames = vec![Frame {
        source: nodes.iter(),
        copies: Vec::with_capacity(nodes.len()),
        group: None,
    }];
    loop {
        let Some(top) = frames.last_mut() else {
            return Vec::new();
        };
        match top.source.next() {
            Some(Node::Group(g)) if !g.children.is_empty() => {
                let frame = Frame {
                    source: g.children.iter(),
                    copies: Vec::with_capacity(g.children.len()),
                    group: Some(g.clone_shallow()),
                };
                frames.push(frame);
            }
            Some(Node::Group(g)) => top.copies.push(Node::Group(g.clone_shallow())),
            Some(Node::Step(s)) => top.copies.push(Node::Step(s.clone())),
            Some(Node::Raw { node }) => top.copies.push(Node::Raw { node: node.clone() }),
            None => {
                let Some(done) = frames.pop() else {
                    return Vec::new();
                };
                let Some(mut group) = done.group else {
                    return done.copies;
                };
                group.children = done.copies;
                match frames.last_mut() {
                    Some(parent) => parent.copies.push(Node::Group(group)),
                    None => return vec![Node::Group(group)],
                }
            }
        }
    }
}

impl PartialEq for Group {
    fn eq(&self, other: &Self) -> bool {
        if !self.eq_shallow(other) {
            return false;
        }
        let mut pending: Vec<(&[Node], &[Node])> = vec![(&self.children, &other.children)];
        while let Some((left, right)) = pending.pop() {
            if left.len() != right.len() {
                return false;
            }
            for pair in left.iter().zip(right) {
                let same = match pair {
                    (Node::Group(a), Node::Group(b)) => {
                        pending.push((&a.children, &b.children));
                        a.eq_shallow(b)
                    }
                    (Node::Step(a), Node::Step(b)) => a == b,
                    (Node::Raw { node: a }, Node::Raw { node: b }) => a == b,
                    _ => false,
                };
                if !same {
                    return false;
                }
            }
        }
        true
    }
}

// On `Node` rather than `Group`, so that `Group { ..Group::default() }` keeps working.
impl Drop for Node {
    fn drop(&mut self) {
        let Node::Group(group) = self else { return };
        if group.children.is_empty() {
            return;
        }
        // Detach every descendant group's children onto one list before anything is dropped, so each
        // node dropped afterwards has no children left and nothing recurses.
        let mut orphans = std::mem::take(&mut group.children);
        let mut i = 0;
        while let Some(node) = orphans.get_mut(i) {
            if let Node::Group(g) = node {
                let children = std::mem::take(&mut g.children);
                orphans.extend(children);
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Sequence, Step};

    fn deep(levels: usize, leaf: &str) -> Sequence {
        let mut node = Node::Step(Step {
            name: Some(leaf.into()),
            ..Step::default()
        });
        for i in 0..levels {
            node = Node::Group(Group {
                name: Some(format!("g{i}")),
                children: vec![node],
                ..Group::default()
            });
        }
        Sequence {
            children: vec![node],
            ..Sequence::default()
        }
    }

    #[test]
    fn ten_thousand_deep_clones_compares_and_drops() {
        let a = deep(10_000, "leaf");
        let b = a.clone();
        assert!(a == b);
        let c = deep(10_000, "other");
        assert!(a != c);
        let xml = crate::xml::write_sequence(&a, &crate::xml::WriteOptions::one_line());
        assert_eq!(xml.matches("<group ").count(), 10_000);
        assert!(xml.ends_with("</group></sequence>"));
        drop((a, b, c));
    }

    #[test]
    fn clone_keeps_siblings_in_order() {
        let seq = crate::xml::read(
            br#"<sequence><group name="A"><step name="1"/><group name="B"><step name="2"/></group><!--c--><step name="3"/></group><step name="4"/></sequence>"#,
        )
        .unwrap()
        .sequence;
        let copy = seq.clone();
        assert_eq!(copy, seq);
        assert_eq!(
            crate::xml::write_sequence(&copy, &crate::xml::WriteOptions::default()),
            crate::xml::write_sequence(&seq, &crate::xml::WriteOptions::default())
        );
        let mut changed = seq.clone();
        if let Some(Node::Group(g)) = changed.children.get_mut(0) {
            g.children.pop();
        }
        assert_ne!(changed, seq);
    }
}
