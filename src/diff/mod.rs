//! Structural diff of two task sequences: which groups and steps were added, removed, moved,
//! renamed or changed, and in which fields — not which lines of XML.
//!
//! Only the sequence is compared, never its container: an `object.xml` and the raw `<sequence>`
//! exported from it are equal, as are two files that differ in formatting, attribute order, CDATA
//! against escaped text, `disable="false"` against no `disable`, or an empty `<condition/>`
//! against none. Comments and verbatim content between steps are not compared, nor MDT's
//! `expand` (the editor's folding state).
//!
//! Nodes are matched by path and type first, then by content (moves and renames), then by place
//! (a step renamed and changed at once); see the `matching` notes in the source. Secret values,
//! decided by the one rule of [`crate::redact`] (known secret names such as `OSDJoinPassword`,
//! "do not display" Set Task Sequence Variable values and the action that repeats them, Set
//! Dynamic Variables rules with a secret value — the whole rules value then), are shown as
//! [`crate::vars::REDACTED`] unless [`Secrets::Reveal`] is asked for; `hidden="true"` alone is not
//! secret.
//!
//! ```
//! use tasksequence::diff::{diff, ChangeKind};
//! let old = tasksequence::xml::read(br#"<sequence><group name="Install"><step name="Apps" type="X"/></group></sequence>"#)?;
//! let new = tasksequence::xml::read(br#"<sequence>
//!   <group name="Install"><step name="Apps" type="X" disable="true"/></group>
//! </sequence>"#)?;
//! let d = diff(&old.sequence, &new.sequence);
//! assert_eq!(d.changes.len(), 1);
//! assert_eq!((d.changes[0].kind, d.changes[0].path.as_str()), (ChangeKind::Changed, "Install/Apps"));
//! assert_eq!(d.to_json(), r#"{"changes":[{"kind":"changed","path":"Install/Apps","old_path":null,"fields":[{"field":"disabled","old":"false","new":"true"}]}]}"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod fields;
mod matching;
mod text;
mod tree;

use serde::Serialize;

use crate::model::{NodePath, Sequence};
use crate::vars::{REDACTED, Secrets};
use fields::Field;
use tree::Side;

/// What happened to a node.
///
/// JSON: `"added"`, `"removed"`, `"moved"`, `"renamed"`, `"changed"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only in the new sequence (a group added is one change; its steps are not listed).
    Added,
    /// Only in the old sequence (likewise, once per removed subtree).
    Removed,
    /// Under another parent, or in another place among its siblings; `fields` lists what else
    /// changed (the name too, when it was renamed on the way).
    Moved,
    /// In its place under another name; `fields` holds the `name` and whatever else changed.
    Renamed,
    /// In its place with its name; `fields` says what changed.
    Changed,
}

impl ChangeKind {
    /// The JSON spelling.
    ///
    /// ```
    /// assert_eq!(tasksequence::diff::ChangeKind::Moved.as_str(), "moved");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Moved => "moved",
            ChangeKind::Renamed => "renamed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One changed field of a node.
///
/// Field names: `name`, `type`, `description`, `disabled`, `continue_on_error` (`"true"` or
/// `"false"`), `condition` (text syntax), `action`, `success_codes`, `variable:NAME` (a step
/// setting), `attribute:NAME` (`runIn`, `timeout` and any other attribute), `content`
/// (unknown elements inside a step); on the sequence itself (path `""`) also `version`,
/// `global:NAME` and `reference:ID`. A name met twice gets `#2`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// Which field.
    pub field: String,
    /// The old value; `None` (JSON `null`) when the field was absent.
    pub old: Option<String>,
    /// The new value; `None` when the field is absent now.
    pub new: Option<String>,
}

/// One change.
///
/// JSON (keys always present): `{"kind":"moved","path":"Install/Drivers","old_path":"Prepare/Drivers","fields":[…]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The readable path ([`NodePath::display`]) in the new sequence; for a removed node, in the
    /// old one; `""` for the sequence itself.
    pub path: String,
    /// For a moved or renamed node, its path in the old sequence; otherwise `None` (`null`).
    pub old_path: Option<String>,
    /// The fields that differ (for `added` and `removed`: none).
    pub fields: Vec<FieldChange>,
}

/// The changes from one sequence to another, in the new sequence's document order (a removed node
/// where it stood).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// The changes; empty when the sequences are equal.
    pub changes: Vec<Change>,
}

impl Diff {
    /// Whether nothing changed.
    ///
    /// ```
    /// let doc = tasksequence::xml::read(br#"<sequence><step name="A"/></sequence>"#)?;
    /// assert!(tasksequence::diff::diff(&doc.sequence, &doc.sequence).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The JSON outside tools read: `{"changes":[{"kind","path","old_path","fields":[{"field","old","new"}]}]}`.
    ///
    /// ```
    /// let doc = tasksequence::xml::read(br#"<sequence><step name="A"/></sequence>"#)?;
    /// assert_eq!(tasksequence::diff::diff(&doc.sequence, &doc.sequence).to_json(), r#"{"changes":[]}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json(&self) -> String {
        // Strings, options and vectors only: serializing cannot fail.
        serde_json::to_string(self).unwrap_or_else(|_| String::from(r#"{"changes":[]}"#))
    }
}

/// The changes from `old` to `new`, secrets redacted.
///
/// ```
/// use tasksequence::diff::{diff, ChangeKind};
/// let old = tasksequence::xml::read(br#"<sequence><group name="A"><step name="S" type="X"/></group><group name="B"/></sequence>"#)?;
/// let new = tasksequence::xml::read(br#"<sequence><group name="A"/><group name="B"><step name="S" type="X"/></group></sequence>"#)?;
/// let d = diff(&old.sequence, &new.sequence);
/// assert_eq!(d.changes[0].kind, ChangeKind::Moved);
/// assert_eq!((d.changes[0].old_path.as_deref(), d.changes[0].path.as_str()), (Some("A/S"), "B/S"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diff(old: &Sequence, new: &Sequence) -> Diff {
    diff_with(old, new, Secrets::Redact)
}

/// [`diff`], choosing whether secret values are shown.
///
/// ```
/// use tasksequence::vars::Secrets;
/// let old = tasksequence::xml::read(br#"<sequence><step name="J" type="X"><defaultVarList><variable name="OSDJoinPassword" property="P">a</variable></defaultVarList></step></sequence>"#)?;
/// let new = tasksequence::xml::read(br#"<sequence><step name="J" type="X"><defaultVarList><variable name="OSDJoinPassword" property="P">b</variable></defaultVarList></step></sequence>"#)?;
/// let hidden = tasksequence::diff::diff_with(&old.sequence, &new.sequence, Secrets::Redact);
/// assert_eq!(hidden.changes[0].fields[0].new.as_deref(), Some("********"));
/// let shown = tasksequence::diff::diff_with(&old.sequence, &new.sequence, Secrets::Reveal);
/// assert_eq!(shown.changes[0].fields[0].new.as_deref(), Some("b"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diff_with(old: &Sequence, new: &Sequence, secrets: Secrets) -> Diff {
    let a = Side::new(&old.children);
    let b = Side::new(&new.children);
    let m = matching::match_sides(&a, &b);
    let moved = reordered(&a, &b, &m);
    let old_path = |p: &NodePath| p.display(&old.children).to_string();
    let new_path = |p: &NodePath| p.display(&new.children).to_string();

    // Sort keys: a node of the new side at its document index; a removed node just after the new
    // place of the last matched node before it in the old document.
    let mut keyed: Vec<((usize, usize, usize), Change)> = Vec::new();
    let seq_fields = field_changes(
        &fields::sequence_fields(old),
        &fields::sequence_fields(new),
        secrets,
    );
    if !seq_fields.is_empty() {
        keyed.push((
            (0, 0, 0),
            Change {
                kind: ChangeKind::Changed,
                path: String::new(),
                old_path: None,
                fields: seq_fields,
            },
        ));
    }
    for (j, item) in b.items.iter().enumerate() {
        let key = (j + 1, 0, 0);
        match m.new.get(j).copied().flatten() {
            None => {
                let parent_added = item
                    .parent
                    .is_some_and(|p| m.new.get(p).is_some_and(Option::is_none));
                if !parent_added {
                    keyed.push((key, bare(ChangeKind::Added, new_path(&item.path))));
                }
            }
            Some(i) => {
                let Some(was) = a.items.get(i) else { continue };
                let fields = field_changes(&was.fields, &item.fields, secrets);
                let renamed = was.name() != item.name();
                let kind = if moved.get(j).copied().unwrap_or(false) {
                    ChangeKind::Moved
                } else if renamed {
                    ChangeKind::Renamed
                } else if !fields.is_empty() {
                    ChangeKind::Changed
                } else {
                    continue;
                };
                let old_path = (kind != ChangeKind::Changed).then(|| old_path(&was.path));
                keyed.push((
                    key,
                    Change {
                        kind,
                        path: new_path(&item.path),
                        old_path,
                        fields,
                    },
                ));
            }
        }
    }
    let mut last_new = 0;
    for (i, item) in a.items.iter().enumerate() {
        match m.old.get(i).copied().flatten() {
            Some(j) => last_new = j + 1,
            None => {
                let parent_removed = item
                    .parent
                    .is_some_and(|p| m.old.get(p).is_some_and(Option::is_none));
                if !parent_removed {
                    keyed.push((
                        (last_new, 1, i),
                        bare(ChangeKind::Removed, old_path(&item.path)),
                    ));
                }
            }
        }
    }
    keyed.sort_by_key(|(k, _)| *k);
    Diff {
        changes: keyed.into_iter().map(|(_, c)| c).collect(),
    }
}

fn bare(kind: ChangeKind, path: String) -> Change {
    Change {
        kind,
        path,
        old_path: None,
        fields: Vec::new(),
    }
}

/// Which new items moved: their old parent is not their new parent's match, or they left the
/// longest run of siblings that kept their order.
fn reordered(a: &Side<'_>, b: &Side<'_>, m: &matching::Matching) -> Vec<bool> {
    let mut moved = vec![false; b.items.len()];
    let parents = std::iter::once(None).chain((0..b.items.len()).map(Some));
    for pb in parents {
        // The old parent of children that stayed under this new parent; for a new parent that is
        // itself added, every matched child came from elsewhere.
        let pa = match pb {
            None => Some(None),
            Some(j) => m.new.get(j).copied().flatten().map(Some),
        };
        // (new child, its old index among the old parent's children) for children that stayed.
        let mut stayed: Vec<(usize, usize)> = Vec::new();
        for &j in b.children_of(pb) {
            let Some(i) = m.new.get(j).copied().flatten() else {
                continue;
            };
            let old_parent = a.items.get(i).map(|x| x.parent);
            match pa {
                Some(pa) if old_parent == Some(pa) => {
                    let position = a.children_of(pa).iter().position(|&c| c == i).unwrap_or(0);
                    stayed.push((j, position));
                }
                _ => {
                    if let Some(slot) = moved.get_mut(j) {
                        *slot = true;
                    }
                }
            }
        }
        for j in out_of_order(&stayed) {
            if let Some(slot) = moved.get_mut(j) {
                *slot = true;
            }
        }
    }
    moved
}

/// The items not in the longest increasing run of old positions.
fn out_of_order(stayed: &[(usize, usize)]) -> Vec<usize> {
    let n = stayed.len();
    // Patience sorting: `tails[k]` is the index (into `stayed`) ending the best run of length k+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; n];
    for (k, &(_, pos)) in stayed.iter().enumerate() {
        let at = tails.partition_point(|&t| stayed.get(t).is_some_and(|&(_, p)| p < pos));
        if at > 0
            && let Some(slot) = before.get_mut(k)
        {
            *slot = tails.get(at - 1).copied();
        }
        if at == tails.len() {
            tails.push(k);
        } else if let Some(slot) = tails.get_mut(at) {
            *slot = k;
        }
    }
    let mut keep = vec![false; n];
    let mut cur = tails.last().copied();
    while let Some(k) = cur {
        if let Some(slot) = keep.get_mut(k) {
            *slot = true;
        }
        cur = before.get(k).copied().flatten();
    }
    stayed
        .iter()
        .zip(keep)
        .filter(|(_, kept)| !kept)
        .map(|(&(j, _), _)| j)
        .collect()
}

/// The differing fields, in the old order then the fields only the new side has.
fn field_changes(old: &[Field], new: &[Field], secrets: Secrets) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let find = |list: &[Field], name: &str| list.iter().position(|f| f.name == name);
    for f in old {
        let other = find(new, &f.name).and_then(|i| new.get(i));
        let new_value = other.and_then(|o| o.value.clone());
        if f.value != new_value {
            let secret = f.secret || other.is_some_and(|o| o.secret);
            out.push(shown(&f.name, f.value.clone(), new_value, secret, secrets));
        }
    }
    for f in new {
        if find(old, &f.name).is_none() && f.value.is_some() {
            out.push(shown(&f.name, None, f.value.clone(), f.secret, secrets));
        }
    }
    out
}

fn shown(
    field: &str,
    old: Option<String>,
    new: Option<String>,
    secret: bool,
    secrets: Secrets,
) -> FieldChange {
    let hide = |v: Option<String>| {
        if secret && secrets == Secrets::Redact {
            v.map(|_| REDACTED.to_string())
        } else {
            v
        }
    };
    FieldChange {
        field: field.to_string(),
        old: hide(old),
        new: hide(new),
    }
}
