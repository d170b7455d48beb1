//! One side of a diff flattened: every group and step with its parent, children and fingerprints.

use super::fields::{self, Field};
use crate::model::{Flow, Node, NodeKind, NodePath, Visitor, visit};

/// A group or step of one side.
pub(super) struct Item<'a> {
    pub path: NodePath,
    pub node: &'a Node,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub fields: Vec<Field>,
    /// Own content without the name.
    pub content: u64,
    /// Own content and the whole subtree (children's names included), without the own name.
    pub tree: u64,
}

impl Item<'_> {
    pub fn kind(&self) -> NodeKind {
        self.node.kind()
    }

    pub fn name(&self) -> &str {
        self.node.name()
    }
}

/// One side: items in document order (a parent before its children) and the top-level items.
pub(super) struct Side<'a> {
    pub items: Vec<Item<'a>>,
    pub top: Vec<usize>,
}

impl<'a> Side<'a> {
    pub fn new(children: &'a [Node]) -> Self {
        struct Build<'a> {
            items: Vec<Item<'a>>,
            top: Vec<usize>,
            open: Vec<usize>,
        }
        impl<'a> Visitor<'a> for Build<'a> {
            fn enter(&mut self, path: &NodePath, node: &'a Node) -> Flow {
                let index = self.items.len();
                let parent = self.open.last().copied();
                match parent.and_then(|p| self.items.get_mut(p)) {
                    Some(p) => p.children.push(index),
                    None => self.top.push(index),
                }
                let fields = fields::node_fields(node);
                let content = fields::content_hash(&fields);
                self.items.push(Item {
                    path: path.clone(),
                    node,
                    parent,
                    children: Vec::new(),
                    fields,
                    content,
                    tree: content,
                });
                self.open.push(index);
                Flow::Continue
            }
            fn leave(&mut self, _: &NodePath, _: &'a Node) {
                self.open.pop();
            }
        }
        let mut build = Build {
            items: Vec::new(),
            top: Vec::new(),
            open: Vec::new(),
        };
        visit(children, &mut build);
        let mut items = build.items;
        // Children come after their parent, so walking backwards finishes every subtree first.
        for i in (0..items.len()).rev() {
            let Some(item) = items.get(i) else { continue };
            let parts: Vec<(u64, u64)> = item
                .children
                .iter()
                .filter_map(|&c| items.get(c))
                .map(|c| (fields::name_hash(c.name()), c.tree))
                .collect();
            let tree = fields::tree_hash(item.content, parts.into_iter());
            if let Some(item) = items.get_mut(i) {
                item.tree = tree;
            }
        }
        Side {
            items,
            top: build.top,
        }
    }

    /// The children of `parent` (`None` = the sequence).
    pub fn children_of(&self, parent: Option<usize>) -> &[usize] {
        match parent {
            None => &self.top,
            Some(p) => self.items.get(p).map_or(&[], |i| i.children.as_slice()),
        }
    }
}
