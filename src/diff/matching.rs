//! Which node of the old sequence is which node of the new one.
//!
//! 1. By path and type: from the top down, children of matched parents are paired by kind, step
//!    type and name (the n-th `Restart` with the n-th `Restart`).
//! 2. By content: what is left is paired when the whole subtree is the same apart from the node's
//!    own name (a moved or renamed node, a moved group with all its steps).
//! 3. By position: under matched parents, a left-over old and new child at the same place, of the
//!    same kind and type, are one node renamed (and maybe changed).
//!
//! Every pairing then pairs the two nodes' children by path again.

use std::collections::{HashMap, VecDeque};

use super::tree::Side;
use crate::model::NodeKind;

/// The pairing: `old[i]` is the new index of old item `i`, `new[j]` the old index of new item `j`.
pub(super) struct Matching {
    pub old: Vec<Option<usize>>,
    pub new: Vec<Option<usize>>,
}

impl Matching {
    fn pair(&mut self, a: usize, b: usize) {
        if let Some(slot) = self.old.get_mut(a) {
            *slot = Some(b);
        }
        if let Some(slot) = self.new.get_mut(b) {
            *slot = Some(a);
        }
    }

    fn old_free(&self, a: usize) -> bool {
        self.old.get(a).is_some_and(Option::is_none)
    }

    fn new_free(&self, b: usize) -> bool {
        self.new.get(b).is_some_and(Option::is_none)
    }
}

type Key<'a> = (NodeKind, Option<&'a str>, &'a str);

pub(super) fn match_sides(old: &Side<'_>, new: &Side<'_>) -> Matching {
    let mut m = Matching {
        old: vec![None; old.items.len()],
        new: vec![None; new.items.len()],
    };
    by_path(old, new, &mut m, None, None);
    by_content(old, new, &mut m);
    by_position(old, new, &mut m);
    m
}

/// Pairs the children of the parents given, by kind, type and name, then their children, and so
/// on (an explicit stack: no recursion over the tree).
fn by_path(
    old: &Side<'_>,
    new: &Side<'_>,
    m: &mut Matching,
    old_parent: Option<usize>,
    new_parent: Option<usize>,
) {
    let mut work = vec![(old_parent, new_parent)];
    while let Some((pa, pb)) = work.pop() {
        let mut waiting: HashMap<Key<'_>, VecDeque<usize>> = HashMap::new();
        for &b in new.children_of(pb) {
            if let Some(item) = new.items.get(b)
                && m.new_free(b)
            {
                waiting
                    .entry((item.kind(), item.node.type_name(), item.name()))
                    .or_default()
                    .push_back(b);
            }
        }
        for &a in old.children_of(pa) {
            let Some(item) = old.items.get(a) else {
                continue;
            };
            if !m.old_free(a) {
                continue;
            }
            let key = (item.kind(), item.node.type_name(), item.name());
            if let Some(b) = waiting.get_mut(&key).and_then(VecDeque::pop_front) {
                m.pair(a, b);
                work.push((Some(a), Some(b)));
            }
        }
    }
}

fn by_content(old: &Side<'_>, new: &Side<'_>, m: &mut Matching) {
    let mut waiting: HashMap<(NodeKind, u64), Vec<usize>> = HashMap::new();
    for (b, item) in new.items.iter().enumerate() {
        if m.new_free(b) {
            waiting.entry((item.kind(), item.tree)).or_default().push(b);
        }
    }
    for (a, item) in old.items.iter().enumerate() {
        if !m.old_free(a) {
            continue;
        }
        let Some(candidates) = waiting.get_mut(&(item.kind(), item.tree)) else {
            continue;
        };
        candidates.retain(|&b| m.new_free(b));
        // The same name first (a move), else the first left (a rename).
        let chosen = candidates
            .iter()
            .position(|&b| new.items.get(b).is_some_and(|n| n.name() == item.name()))
            .or(if candidates.is_empty() { None } else { Some(0) });
        if let Some(at) = chosen {
            let b = candidates.remove(at);
            m.pair(a, b);
            by_path(old, new, m, Some(a), Some(b));
        }
    }
}

fn by_position(old: &Side<'_>, new: &Side<'_>, m: &mut Matching) {
    // Parents first (document order), so pairs made here have their own children looked at later.
    let parents: Vec<Option<usize>> = std::iter::once(None)
        .chain((0..old.items.len()).map(Some))
        .collect();
    for pa in parents {
        let pb = match pa {
            None => None,
            Some(a) => match m.old.get(a).copied().flatten() {
                Some(b) => Some(b),
                None => continue,
            },
        };
        let olds = old.children_of(pa);
        let news = new.children_of(pb);
        for (&a, &b) in olds.iter().zip(news.iter()) {
            let (Some(x), Some(y)) = (old.items.get(a), new.items.get(b)) else {
                continue;
            };
            if m.old_free(a)
                && m.new_free(b)
                && x.kind() == y.kind()
                && x.node.type_name() == y.node.type_name()
            {
                m.pair(a, b);
                by_path(old, new, m, Some(a), Some(b));
            }
        }
    }
}
