#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! The structural diff on own fixtures (each kind of change, each spelling that is no change) and
//! on every corpus file (equal to itself and to its own rewritten XML; one removed step is one
//! change).

mod common;

use tasksequence::diff::{ChangeKind, diff};
use tasksequence::model::{Group, Node, Sequence, Step};
use tasksequence::xml::{self, WriteOptions};

fn fixture(name: &str) -> Sequence {
    let path = format!("{}/tests/data/diff/{name}", env!("CARGO_MANIFEST_DIR"));
    xml::read(&std::fs::read(path).unwrap()).unwrap().sequence
}

fn summary(
    old: &Sequence,
    new: &Sequence,
) -> Vec<(ChangeKind, String, Option<String>, Vec<String>)> {
    diff(old, new)
        .changes
        .into_iter()
        .map(|c| {
            let fields = c.fields.iter().map(|f| f.field.clone()).collect();
            (c.kind, c.path, c.old_path, fields)
        })
        .collect()
}

#[test]
fn spelling_and_container_are_no_change() {
    let base = fixture("base.xml");
    for other in ["base-reformatted.xml", "base-object.xml"] {
        let d = diff(&base, &fixture(other));
        assert!(d.is_empty(), "{other}: {}", d.to_text());
    }
}

#[test]
fn every_kind_of_change_is_named_with_its_fields() {
    let got = summary(&fixture("base.xml"), &fixture("changed.xml"));
    let s = |v: &str| v.to_string();
    assert_eq!(
        got,
        vec![
            (
                ChangeKind::Changed,
                s("Prepare/Check Readiness"),
                None,
                vec![s("disabled"), s("variable:OSDMemory")]
            ),
            (ChangeKind::Added, s("Prepare/Check Disk"), None, vec![]),
            (
                ChangeKind::Changed,
                s("Install"),
                None,
                vec![s("condition")]
            ),
            (
                ChangeKind::Changed,
                s("Install/Join Domain"),
                None,
                vec![s("variable:OSDJoinPassword")]
            ),
            (
                ChangeKind::Renamed,
                s("Install/Install Monitoring Agent"),
                Some(s("Install/Install Agent")),
                vec![s("name")]
            ),
            (ChangeKind::Removed, s("Install/Restart"), None, vec![]),
            (
                ChangeKind::Moved,
                s("Cleanup/Log Start"),
                Some(s("Prepare/Log Start")),
                vec![]
            ),
        ]
    );
}

#[test]
fn conditions_show_in_text_syntax_and_secrets_never_show() {
    let d = diff(&fixture("base.xml"), &fixture("changed.xml"));
    let json = d.to_json();
    assert!(!json.contains("S3cret"), "{json}");
    assert!(!d.to_text().contains("S3cret"));
    let condition = d
        .changes
        .iter()
        .flat_map(|c| &c.fields)
        .find(|f| f.field == "condition")
        .unwrap();
    assert_eq!(condition.old.as_deref(), Some(r#"Phase == "INSTALL""#));
    assert_eq!(condition.new.as_deref(), Some(r#"Phase == "UPGRADE""#));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    for change in value["changes"].as_array().unwrap() {
        let mut keys: Vec<&str> = change
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["fields", "kind", "old_path", "path"]);
        for field in change["fields"].as_array().unwrap() {
            let mut keys: Vec<&str> = field
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            keys.sort_unstable();
            assert_eq!(keys, ["field", "new", "old"]);
        }
    }
}

#[test]
fn reversed_diff_swaps_added_and_removed() {
    let got = summary(&fixture("changed.xml"), &fixture("base.xml"));
    let kinds: Vec<(ChangeKind, &str)> = got.iter().map(|(k, p, _, _)| (*k, p.as_str())).collect();
    assert!(
        kinds.contains(&(ChangeKind::Removed, "Prepare/Check Disk")),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(ChangeKind::Added, "Install/Restart")),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(ChangeKind::Moved, "Prepare/Log Start")),
        "{kinds:?}"
    );
}

fn step(name: &str, command: &str) -> Node {
    Node::Step(Step {
        name: Some(name.to_string()),
        type_name: Some("SMS_TaskSequence_RunCommandLineAction".to_string()),
        action: Some(command.to_string()),
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

fn seq(children: Vec<Node>) -> Sequence {
    Sequence {
        children,
        ..Sequence::default()
    }
}

#[test]
fn a_moved_group_is_one_move_and_its_steps_follow_it() {
    let a = || group("A", vec![step("a1", "x"), step("a2", "y")]);
    let b = || group("B", vec![step("b1", "z")]);
    let old = seq(vec![a(), b()]);
    let new = seq(vec![b(), a()]);
    let got = summary(&old, &new);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ChangeKind::Moved);

    // Into another group: one move, with the new path.
    let new = seq(vec![group("B", vec![step("b1", "z"), a()])]);
    let got = summary(&old, &new);
    assert_eq!(
        got,
        vec![(
            ChangeKind::Moved,
            "B/A".to_string(),
            Some("A".to_string()),
            vec![]
        )]
    );
}

#[test]
fn an_added_group_is_one_change_and_a_renamed_changed_step_is_a_rename() {
    let old = seq(vec![step("one", "x"), step("two", "y")]);
    let new = seq(vec![
        step("one", "x"),
        step("second", "y2"),
        group("New", vec![step("n1", "a"), step("n2", "b")]),
    ]);
    let got = summary(&old, &new);
    assert_eq!(
        got,
        vec![
            (
                ChangeKind::Renamed,
                "second".to_string(),
                Some("two".to_string()),
                vec!["name".to_string(), "action".to_string()]
            ),
            (ChangeKind::Added, "New".to_string(), None, vec![]),
        ]
    );
}

#[test]
fn steps_sharing_a_name_are_matched_in_order() {
    let old = seq(vec![step("Restart", "a"), step("Restart", "b")]);
    let new = seq(vec![step("Restart", "a"), step("Restart", "c")]);
    let d = diff(&old, &new);
    assert_eq!(d.changes.len(), 1);
    assert_eq!(d.changes[0].kind, ChangeKind::Changed);
    assert_eq!(d.changes[0].fields[0].new.as_deref(), Some("c"));
}

#[test]
fn a_very_deep_tree_diffs_without_overflowing_the_stack() {
    let build = |leaf: &str| {
        let mut node = step("leaf", leaf);
        for i in 0..3_000 {
            node = group(&format!("g{i}"), vec![node]);
        }
        seq(vec![node])
    };
    let d = diff(&build("x"), &build("y"));
    assert_eq!(d.changes.len(), 1);
    assert!(d.changes[0].path.ends_with("/leaf"));
}

#[test]
fn corpus_files_equal_themselves_and_their_rewritten_xml() {
    let Some(files) = common::corpus() else {
        return;
    };
    for (name, bytes) in &files {
        let doc = xml::read(bytes).unwrap();
        let d = diff(&doc.sequence, &doc.sequence);
        assert!(d.is_empty(), "{name}: {}", d.to_text());
        for options in [WriteOptions::default(), WriteOptions::one_line()] {
            let again = xml::read(doc.to_xml_with(&options).as_bytes()).unwrap();
            let d = diff(&doc.sequence, &again.sequence);
            assert!(d.is_empty(), "{name}: {}", d.to_text());
        }
    }
    eprintln!("diffed {} corpus files", files.len());
}

#[test]
fn corpus_files_with_one_step_removed_show_exactly_that() {
    let Some(files) = common::corpus() else {
        return;
    };
    let mut checked = 0;
    for (name, bytes) in &files {
        let doc = xml::read(bytes).unwrap();
        let walk = doc.sequence.walk();
        let Some(last) = walk.iter().rev().find(|v| matches!(v.node, Node::Step(_))) else {
            continue;
        };
        let expected = last.path_text().to_string();
        let path = last.path.indices().to_vec();
        let mut smaller = doc.sequence.clone();
        let (index, parents) = path.split_last().unwrap();
        let mut level = &mut smaller.children;
        for &p in parents {
            let Node::Group(g) = &mut level[p] else {
                panic!("{name}: not a group")
            };
            level = &mut g.children;
        }
        level.remove(*index);
        let d = diff(&doc.sequence, &smaller);
        assert_eq!(d.changes.len(), 1, "{name}: {}", d.to_text());
        assert_eq!(d.changes[0].kind, ChangeKind::Removed, "{name}");
        assert_eq!(d.changes[0].path, expected, "{name}");
        checked += 1;
    }
    assert!(checked > 0);
}
