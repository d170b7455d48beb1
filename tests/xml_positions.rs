#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! The reader's source map: every group and step has the line and column of its element.

mod common;

use tasksequence::model::{Node, NodePath};
use tasksequence::xml::{self, Position, ReadOptions, SourceMap};

/// Every group and step with its path of child indices (all children counted), in document order.
fn indexed(children: &[Node]) -> Vec<(Vec<usize>, &Node)> {
    let mut out = Vec::new();
    let mut stack: Vec<(&[Node], Vec<usize>)> = vec![(children, Vec::new())];
    while let Some((nodes, prefix)) = stack.pop() {
        for (i, node) in nodes.iter().enumerate().rev() {
            if matches!(node, Node::Raw { .. }) {
                continue;
            }
            let mut path = prefix.clone();
            path.push(i);
            out.push((path.clone(), node));
            if let Node::Group(g) = node {
                stack.push((&g.children, path));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The name the element at `offset` starts with, and its `name` attribute when the start tag has
/// one in plain form.
fn element_at(text: &str, offset: usize) -> (String, Option<String>) {
    let rest = &text[offset..];
    assert!(rest.starts_with('<'), "offset {offset} is not a start tag");
    let tag_end = rest.find('>').unwrap();
    let tag = &rest[1..tag_end];
    let element = tag
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap()
        .to_string();
    let name = tag.find(" name=\"").map(|at| {
        let v = &tag[at + 7..];
        v[..v.find('"').unwrap()].to_string()
    });
    (element, name)
}

fn check_exact(label: &str, bytes: &[u8]) -> usize {
    let (doc, map) = xml::read_with_positions(bytes, ReadOptions::default()).unwrap();
    assert_eq!(doc, xml::read(bytes).unwrap(), "{label}: same document");
    let text = std::str::from_utf8(bytes).unwrap();
    let nodes = indexed(&doc.sequence.children);
    assert_eq!(
        map.len(),
        nodes.len(),
        "{label}: one entry per group and step"
    );
    for (path, node) in &nodes {
        let pos = map
            .get(&NodePath::from(path.clone()))
            .unwrap_or_else(|| panic!("{label}: {path:?} missing"));
        assert_eq!(pos, Position::at(bytes, pos.offset), "{label}: line/column");
        let (element, name) = element_at(text, pos.offset);
        let expected = match node {
            Node::Group(_) => "group",
            Node::Step(s) if s.element == tasksequence::model::StepElement::SubTaskSequence => {
                "subtasksequence"
            }
            _ => "step",
        };
        assert_eq!(element, expected, "{label}: {path:?}");
        // Names with entities are unescaped in the model; compare only the plain ones.
        if let Some(name) = name.filter(|n| !n.contains('&')) {
            assert_eq!(name, node.name(), "{label}: {path:?}");
        }
    }
    let listed: Vec<Vec<usize>> = map.iter().map(|(p, _)| p.indices().to_vec()).collect();
    let expected: Vec<Vec<usize>> = nodes.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(listed, expected, "{label}: document order");
    nodes.len()
}

#[test]
fn raw_content_counts_in_the_index_and_lines_are_exact() {
    let xml = "<?xml version=\"1.0\"?>\n<sequence version=\"3.10\">\n  <globalVarList><variable name=\"A\" property=\"A\">1</variable></globalVarList>\n  <!-- a comment is child 0 -->\n  <group name=\"G\">\n    <condition/>\n    <unknown/>\n    <step name=\"S1\" type=\"X\"/>\n    <subtasksequence name=\"Child\" type=\"SMS_TaskSequence_SubTasksequence\"/>\n  </group>\n  <step name=\"Top\"/>\n</sequence>\n";
    let (doc, map) = xml::read_with_positions(xml.as_bytes(), ReadOptions::default()).unwrap();
    assert!(matches!(doc.sequence.children[0], Node::Raw { .. }));
    let at = |p: &[usize]| {
        map.get(&NodePath::from(p.to_vec()))
            .map(|p| (p.line, p.column))
    };
    assert_eq!(at(&[1]), Some((5, 3)));
    assert_eq!(at(&[1, 1]), Some((8, 5)));
    assert_eq!(at(&[1, 2]), Some((9, 5)));
    assert_eq!(at(&[2]), Some((11, 3)));
    assert_eq!(at(&[0]), None, "raw content has no entry");
    assert_eq!(at(&[1, 0]), None);
    assert_eq!(map.sequence().map(|p| p.line), Some(2));
    assert_eq!(check_exact("inline", xml.as_bytes()), 4);
}

#[test]
fn a_byte_order_mark_and_non_ascii_text_count_as_the_file_does() {
    let xml = "\u{feff}<sequence><group name=\"Préparer\"><step name=\"é\"/></group></sequence>";
    let (_, map) = xml::read_with_positions(xml.as_bytes(), ReadOptions::default()).unwrap();
    let step = map.get(&NodePath::from(vec![0, 0])).unwrap();
    assert_eq!(&xml.as_bytes()[step.offset..step.offset + 5], b"<step");
    // The BOM is one character; `Préparer` has one two-byte character.
    assert_eq!(
        step.column,
        1 + 1 + "<sequence><group name=\"Préparer\">".chars().count()
    );
}

#[test]
fn object_xml_with_cdata_maps_into_the_file() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/package-object.xml"
    ))
    .unwrap();
    assert!(check_exact("package-object.xml", &bytes) > 0);
}

#[test]
fn object_xml_with_escaped_text_points_at_the_property() {
    let xml = "<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\">\n<PROPERTY NAME=\"Sequence\" TYPE=\"string\"><VALUE>&lt;sequence&gt;&lt;group name=\"G\"&gt;&lt;step name=\"S\"/&gt;&lt;/group&gt;&lt;/sequence&gt;</VALUE></PROPERTY></INSTANCE>";
    let (doc, map) = xml::read_with_positions(xml.as_bytes(), ReadOptions::default()).unwrap();
    assert_eq!(doc.sequence.children.len(), 1);
    let g = map.get(&NodePath::from(vec![0])).unwrap();
    assert_eq!(map.get(&NodePath::from(vec![0, 0])), Some(g));
    assert_eq!(g.line, 2);
    assert!(xml[g.offset..].starts_with("&lt;sequence"));
}

#[test]
fn an_empty_map_holds_nothing() {
    let map = SourceMap::default();
    assert!(map.is_empty());
    assert_eq!(map.get(&NodePath::from(vec![0])), None);
    assert_eq!(map.sequence(), None);
}

#[test]
fn every_corpus_and_fixture_node_has_its_element_position() {
    for (name, bytes) in common::fixtures() {
        check_exact(&name, &bytes);
    }
    let Some(corpus) = common::corpus() else {
        return;
    };
    let mut total = 0;
    for (name, bytes) in corpus {
        total += check_exact(&name, &bytes);
    }
    assert!(total > 1000, "the corpus has many nodes, found {total}");
}
