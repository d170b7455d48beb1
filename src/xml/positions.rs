//! Where each group and step stands in the file it was read from: a [`SourceMap`] built while
//! reading ([`super::read_with_positions`]), so that tools such as the linter can point into the
//! file.

use serde::Serialize;

use super::error::Position;
use super::tree::XElement;
use crate::model::{Node, NodePath};

/// The line and column of every group and step of a sequence, keyed by the node's [`NodePath`].
///
/// A path lists, from the top down, the index of each node in its parent's `children` (the
/// sequence's, then each group's). The index counts **all** children, verbatim content
/// ([`Node::Raw`]) included, so [`NodePath::node`] finds the node.
/// Positions are those of the `<` that opens the node's element; for a ConfigMgr `object.xml`
/// whose sequence is stored entity-escaped (not as CDATA) the nodes' own offsets do not exist in
/// the file, and every node points at the `Sequence` property's value instead.
///
/// ```
/// let xml = b"<sequence version=\"3.10\">\n  <group name=\"Prepare\">\n    <step name=\"Check\" type=\"SMS_TaskSequence_PrestartCheckAction\"/>\n  </group>\n</sequence>";
/// let (doc, map) = tasksequence::xml::read_with_positions(xml, Default::default()).unwrap();
/// assert_eq!(doc.sequence.children.len(), 1);
/// use tasksequence::model::NodePath;
/// let step = map.get(&NodePath::from(vec![0, 0])).unwrap();
/// assert_eq!((step.line, step.column), (3, 5));
/// assert_eq!(map.get(&NodePath::from(vec![0])).map(|p| p.line), Some(2));
/// assert!(map.get(&NodePath::from(vec![1])).is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SourceMap {
    /// Sorted by path, which is also document order.
    entries: Vec<(NodePath, Position)>,
    sequence: Option<Position>,
}

impl SourceMap {
    /// The position of the node at `path`, if the map holds it.
    pub fn get(&self, path: &NodePath) -> Option<Position> {
        self.entries
            .binary_search_by(|(p, _)| p.cmp(path))
            .ok()
            .and_then(|i| self.entries.get(i))
            .map(|(_, pos)| *pos)
    }

    /// The position of the `<sequence>` element itself.
    pub fn sequence(&self) -> Option<Position> {
        self.sequence
    }

    /// Every node's path and position, in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&NodePath, Position)> {
        self.entries.iter().map(|(p, pos)| (p, *pos))
    }

    /// How many nodes the map holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map holds no node.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Line starts of a text, computed once so that offsets convert with a binary search instead of a
/// scan from the start of the file.
pub(super) struct LineIndex<'t> {
    text: &'t [u8],
    starts: Vec<usize>,
}

/// Characters in UTF-8 `bytes`: the bytes that do not continue a character.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

impl<'t> LineIndex<'t> {
    /// `text` is UTF-8 (the reader checked it).
    pub(super) fn new(text: &'t [u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        Self { text, starts }
    }

    /// The 1-based line of `offset` and the offset its line starts at.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = line
            .checked_sub(1)
            .and_then(|i| self.starts.get(i))
            .copied()
            .unwrap_or(0);
        (line, start)
    }

    /// The position of byte `offset` (a character boundary), as [`Position::at`] gives it.
    pub(super) fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let (line, start) = self.line_of(offset);
        let column = chars_in(self.text.get(start..offset).unwrap_or_default()) + 1;
        Position {
            line,
            column,
            offset,
        }
    }

    /// The positions of many offsets at once. They are visited in file order, so each column is
    /// counted on from the previous offset of the same line: a sequence written on one line (as
    /// ConfigMgr stores it) costs one pass over the text, not one per node.
    fn positions(&self, offsets: &[usize]) -> Vec<Position> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets.get(i).copied().unwrap_or(0));
        let mut out = vec![Position::default(); offsets.len()];
        let mut previous: Option<Position> = None;
        for i in order {
            let offset = offsets.get(i).copied().unwrap_or(0).min(self.text.len());
            let (line, start) = self.line_of(offset);
            let column = match previous {
                Some(p) if p.line == line && p.offset <= offset => {
                    p.column + chars_in(self.text.get(p.offset..offset).unwrap_or_default())
                }
                _ => chars_in(self.text.get(start..offset).unwrap_or_default()) + 1,
            };
            let here = Position {
                line,
                column,
                offset,
            };
            if let Some(slot) = out.get_mut(i) {
                *slot = here;
            }
            previous = Some(here);
        }
        out
    }
}

fn is_node_element(el: &XElement<'_>) -> bool {
    matches!(el.name, "group" | "step" | "subtasksequence")
}

/// Pairs each group and step of the model with the element it was read from and records where
/// that element stands. `base` is the offset in `lines`' text of the text the tree was parsed
/// from.
///
/// The pairing relies on the reader turning every `<group>`, `<step>` and `<subtasksequence>`
/// child into exactly one [`Node::Group`] or [`Node::Step`], in order, and nothing else into
/// either.
pub(super) fn collect(
    root: &XElement<'_>,
    children: &[Node],
    base: usize,
    lines: &LineIndex<'_>,
) -> SourceMap {
    let mut paths = Vec::new();
    let mut offsets = Vec::new();
    // An explicit stack: the reader bounds nesting, but the walk must not depend on it.
    let mut stack: Vec<(XElement<'_>, &[Node], NodePath)> =
        vec![(*root, children, NodePath::root())];
    while let Some((element, nodes, prefix)) = stack.pop() {
        let models = nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| matches!(n, Node::Group(_) | Node::Step(_)));
        for (el, (index, node)) in element.elements().filter(is_node_element).zip(models) {
            let path = prefix.child(index);
            offsets.push(base + el.offset);
            if let Node::Group(g) = node {
                stack.push((el, &g.children, path.clone()));
            }
            paths.push(path);
        }
    }
    let mut entries: Vec<(NodePath, Position)> =
        paths.into_iter().zip(lines.positions(&offsets)).collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    SourceMap {
        entries,
        sequence: Some(lines.position(base + root.offset)),
    }
}

/// A map whose every node points at one place (an `object.xml` whose sequence was escaped text).
pub(super) fn collect_at(children: &[Node], position: Position) -> SourceMap {
    let mut entries = Vec::new();
    let mut stack: Vec<(&[Node], NodePath)> = vec![(children, NodePath::root())];
    while let Some((nodes, prefix)) = stack.pop() {
        for (index, node) in nodes.iter().enumerate() {
            if matches!(node, Node::Raw { .. }) {
                continue;
            }
            let path = prefix.child(index);
            entries.push((path.clone(), position));
            if let Node::Group(g) = node {
                stack.push((&g.children, path));
            }
        }
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    SourceMap {
        entries,
        sequence: Some(position),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_position_at() {
        let text = "ab\ncdé\n\nxyz".as_bytes();
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            // Offsets inside a multi-byte character are not element offsets; skip them.
            if std::str::from_utf8(text)
                .unwrap()
                .is_char_boundary(offset.min(text.len()))
            {
                assert_eq!(
                    index.position(offset),
                    Position::at(text, offset),
                    "{offset}"
                );
            }
        }
    }

    #[test]
    fn batch_positions_in_any_order_agree_with_position_at() {
        let text = "<a><b/>é<c/>\n  <d/><e/>\n<f/>".as_bytes();
        let index = LineIndex::new(text);
        // Offsets of every `<`, given out of order and with a repeat.
        let mut offsets: Vec<usize> = (0..text.len()).filter(|&i| text[i] == b'<').collect();
        offsets.reverse();
        offsets.swap(0, 3);
        offsets.push(offsets[2]);
        let got = index.positions(&offsets);
        assert_eq!(got.len(), offsets.len());
        for (offset, position) in offsets.iter().zip(got) {
            assert_eq!(position, Position::at(text, *offset), "{offset}");
        }
    }
}
