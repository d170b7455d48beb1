//! The lossless guarantees, on every corpus file and every own fixture:
//! `read(write(read(x))) == read(x)`, and the written sequence is XML-equivalent to the input's,
//! as judged by an independent parser (roxmltree).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use tasksequence::xml::{self, Container};

/// The sequence document inside `bytes`: the whole input, or the `Sequence` property of an
/// `object.xml`. Comments before the declaration (tolerated by our reader) are cut for roxmltree.
fn sequence_text(bytes: &[u8]) -> String {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = match text.find("<?xml") {
        Some(at) if at > 0 => &text[at..],
        _ => text,
    };
    let doc = roxmltree::Document::parse(text).unwrap();
    let root = doc.root_element();
    if root.tag_name().name() == "INSTANCE" {
        let prop = root
            .children()
            .find(|n| n.tag_name().name() == "PROPERTY" && n.attribute("NAME") == Some("Sequence"))
            .unwrap();
        let value = prop
            .children()
            .find(|n| n.tag_name().name() == "VALUE")
            .unwrap();
        value.text().unwrap().to_string()
    } else {
        text.to_string()
    }
}

/// Structural comparison: names, attributes (as sets), element children in order, comments, and
/// text. Whitespace-only text between elements is formatting; text in text-only elements is exact.
fn significant<'a, 'i>(n: roxmltree::Node<'a, 'i>) -> Vec<roxmltree::Node<'a, 'i>> {
    let has_elements = n.children().any(|c| c.is_element());
    n.children()
        .filter(move |c| !(c.is_text() && has_elements && c.text().unwrap_or("").trim().is_empty()))
        .collect()
}

fn compare(a: roxmltree::Node, b: roxmltree::Node, path: &str) -> Result<(), String> {
    let here = format!("{path}/{}", a.tag_name().name());
    if a.tag_name() != b.tag_name() {
        return Err(format!(
            "{here}: element {:?} != {:?}",
            a.tag_name(),
            b.tag_name()
        ));
    }
    let mut aa: Vec<_> = a
        .attributes()
        .map(|x| (x.name().to_string(), x.value().to_string()))
        .collect();
    let mut ba: Vec<_> = b
        .attributes()
        .map(|x| (x.name().to_string(), x.value().to_string()))
        .collect();
    aa.sort();
    ba.sort();
    if aa != ba {
        return Err(format!("{here}: attributes {aa:?} != {ba:?}"));
    }
    let (ac, bc) = (significant(a), significant(b));
    let text_of = |v: &[roxmltree::Node]| -> String {
        v.iter()
            .filter(|c| c.is_text())
            .map(|c| c.text().unwrap_or(""))
            .collect()
    };
    if !a.children().any(|c| c.is_element()) {
        if text_of(&ac) != text_of(&bc) {
            return Err(format!(
                "{here}: text {:?} != {:?}",
                text_of(&ac),
                text_of(&bc)
            ));
        }
        return Ok(());
    }
    let ae: Vec<_> = ac
        .iter()
        .filter(|c| c.is_element() || c.is_comment())
        .collect();
    let be: Vec<_> = bc
        .iter()
        .filter(|c| c.is_element() || c.is_comment())
        .collect();
    if ae.len() != be.len() {
        return Err(format!("{here}: {} children != {}", ae.len(), be.len()));
    }
    for (x, y) in ae.into_iter().zip(be) {
        if x.is_comment() || y.is_comment() {
            if x.text() != y.text() {
                return Err(format!("{here}: comment {:?} != {:?}", x.text(), y.text()));
            }
            continue;
        }
        compare(*x, *y, &here)?;
    }
    Ok(())
}

/// The first difference between two values' pretty Debug forms, with a little context.
fn first_difference<T: std::fmt::Debug>(a: &T, b: &T) -> String {
    let (a, b) = (format!("{a:#?}"), format!("{b:#?}"));
    let (al, bl): (Vec<_>, Vec<_>) = (a.lines().collect(), b.lines().collect());
    let at = al
        .iter()
        .zip(&bl)
        .position(|(x, y)| x != y)
        .unwrap_or(al.len().min(bl.len()));
    let from = at.saturating_sub(6);
    format!(
        "left:\n{}\nright:\n{}",
        al[from..(at + 3).min(al.len())].join("\n"),
        bl[from..(at + 3).min(bl.len())].join("\n")
    )
}

fn check(name: &str, bytes: &[u8]) {
    let first = xml::read(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let written = first.to_xml();
    let second =
        xml::read(written.as_bytes()).unwrap_or_else(|e| panic!("{name}: re-read: {e}\n{written}"));
    assert!(
        first == second,
        "{name}: read(write(read(x))) != read(x)\n{}",
        first_difference(&first, &second)
    );
    if matches!(first.container, Container::PackageObject { .. }) {
        assert!(second.package.is_some(), "{name}: package metadata lost");
    }
    let (original, ours) = (sequence_text(bytes), sequence_text(written.as_bytes()));
    let a = roxmltree::Document::parse(&original).unwrap();
    let b = roxmltree::Document::parse(&ours).unwrap();
    if let Err(diff) = compare(a.root_element(), b.root_element(), "") {
        panic!("{name}: written XML differs from the input: {diff}");
    }
    // JSON round trip: model -> JSON -> model -> XML gives the same XML.
    let json = first.to_json().unwrap();
    let back = xml::Document::from_json(&json).unwrap_or_else(|e| panic!("{name}: json: {e}"));
    assert!(
        back.sequence == first.sequence,
        "{name}: json round trip changed the model\n{}",
        first_difference(&back.sequence, &first.sequence)
    );
    assert_eq!(
        back.to_xml(),
        written,
        "{name}: json round trip changed the xml"
    );
}

#[test]
fn corpus_round_trips_losslessly() {
    let Some(files) = common::corpus() else {
        return;
    };
    assert!(
        files.len() >= 30,
        "expected the corpus, found {} files",
        files.len()
    );
    for (name, bytes) in &files {
        check(name, bytes);
    }
    eprintln!("checked {} corpus files", files.len());
}

#[test]
fn fixtures_round_trip_losslessly() {
    let files = common::fixtures();
    assert!(!files.is_empty());
    for (name, bytes) in &files {
        check(name, bytes);
    }
}

#[test]
fn the_comparison_itself_sees_differences() {
    let same = |a: &str, b: &str| {
        let (x, y) = (
            roxmltree::Document::parse(a).unwrap(),
            roxmltree::Document::parse(b).unwrap(),
        );
        compare(x.root_element(), y.root_element(), "").is_ok()
    };
    assert!(same(
        "<a x='1'><b>t </b></a>",
        "<a x=\"1\">\n  <b>t </b>\n</a>"
    ));
    assert!(!same("<a x='1'/>", "<a x='2'/>"));
    assert!(!same("<a><b>t </b></a>", "<a><b>t</b></a>"));
    assert!(!same("<a><b/><c/></a>", "<a><c/><b/></a>"));
    assert!(!same("<a><b/></a>", "<a><b/><b/></a>"));
    assert!(!same("<a><!--x--><b/></a>", "<a><b/></a>"));
}

#[test]
fn utf16_files_read_as_their_utf8_text() {
    // What Windows PowerShell 5.1 `Out-File` writes: UTF-16 LE with a byte-order mark.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ipu-small.xml");
    let utf8 = std::fs::read_to_string(path).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in utf8.encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let a = tasksequence::xml::read(utf8.as_bytes()).unwrap();
    let b = tasksequence::xml::read(&utf16).unwrap();
    assert_eq!(a.sequence, b.sequence);
    assert_eq!(a.to_xml(), b.to_xml());
}

#[test]
fn mixed_content_keeps_its_spaces() {
    let xml = r#"<sequence version="3.10"><step name="S" type="X"><notes>Run <b>only</b> on Fridays</notes></step></sequence>"#;
    let doc = tasksequence::xml::read(xml.as_bytes()).unwrap();
    let out = doc.to_xml();
    assert!(
        out.contains("<notes>Run <b>only</b> on Fridays</notes>"),
        "{out}"
    );
    let again = tasksequence::xml::read(out.as_bytes()).unwrap();
    assert_eq!(again.sequence, doc.sequence);
}

/// Found by fuzzing: a byte-order mark at the start of the `Sequence` property's CDATA.
#[test]
fn a_byte_order_mark_inside_the_sequence_property_round_trips() {
    let xml = "<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\"><PROPERTY NAME=\"Sequence\" TYPE=\"string\"><VALUE><![CDATA[\u{FEFF}<sequence/>]]></VALUE></PROPERTY></INSTANCE>";
    let doc = xml::read(xml.as_bytes()).unwrap();
    let written = doc.to_xml();
    let again = xml::read(written.as_bytes()).unwrap();
    assert_eq!(again, doc, "{written}");
    assert_eq!(again.to_xml(), written);
    check("byte-order mark in cdata", xml.as_bytes());
    // Positions inside the property count the mark too.
    let bad = xml.replace("<sequence/>", "<sequence><step></sequence>");
    let err = xml::read(bad.as_bytes()).unwrap_err();
    assert_eq!(
        err.position.offset,
        bad.find("</sequence>").unwrap(),
        "{err}"
    );
}

/// Found by fuzzing: text beside the platform groups of an `osConditionGroup` was moved behind
/// them and merged on writing. It is kept in place, exactly.
#[test]
fn text_between_os_condition_group_children_stays_in_place() {
    let xml = r#"<sequence><step name="S"><condition><osConditionGroup>a<osExpressionGroup/>b</osConditionGroup></condition></step></sequence>"#;
    let doc = xml::read(xml.as_bytes()).unwrap();
    let written = doc.to_xml();
    assert!(
        written.contains("<osConditionGroup>a<osExpressionGroup/>b</osConditionGroup>"),
        "{written}"
    );
    check("text in osConditionGroup", xml.as_bytes());
    // A comment before a platform group cannot go behind it either; after the groups it can.
    for xml in [
        r#"<sequence><step name="S"><condition><osConditionGroup type="or"><!--c--><osExpressionGroup name="x"/></osConditionGroup></condition></step></sequence>"#,
        r#"<sequence><step name="S"><condition><osConditionGroup type="or"><osExpressionGroup name="x"/><!--c--></osConditionGroup></condition></step></sequence>"#,
        "<sequence><step name=\"S\"><condition><osConditionGroup>\n  <osExpressionGroup/>\n  <![CDATA[ c ]]></osConditionGroup></condition></step></sequence>",
    ] {
        check(xml, xml.as_bytes());
    }
    // ConfigMgr's own form stays typed.
    let typed = xml::read(br#"<sequence><step name="S"><condition><osConditionGroup type="or"> <osExpressionGroup name="x"/> <osExpressionGroup name="y"/> </osConditionGroup></condition></step></sequence>"#).unwrap();
    let tasksequence::model::Node::Step(step) = &typed.sequence.children[0] else {
        panic!("not a step")
    };
    let operand = &step.condition.as_ref().unwrap().operands[0];
    assert!(
        matches!(operand, tasksequence::model::condition::Operand::OsConditionGroup(g) if g.groups.len() == 2),
        "{operand:?}"
    );
}

/// A document from JSON is written as given, so what it holds must not be able to break out of
/// its place in the XML: every such case is refused with a message naming it.
#[test]
fn json_that_would_inject_markup_is_refused() {
    let doc = |sequence: &str, container: &str| {
        format!(r#"{{"container": {container}, "sequence": {sequence}}}"#)
    };
    let plain = r#"{"kind": "sequence"}"#;
    let step = |extra: &str| {
        doc(
            &format!(r#"{{"children": [{{"kind": "step", "name": "S"{extra}}}]}}"#),
            plain,
        )
    };
    let cases = [
        (
            step(
                r#", "extra_children": [{"kind": "comment", "text": "--><step name=\"injected\"/><!--"}]"#,
            ),
            "holds `--`",
        ),
        (
            step(r#", "extra_children": [{"kind": "comment", "text": "ends with -"}]"#),
            "ends with `-`",
        ),
        (
            step(
                r#", "extra_children": [{"kind": "element", "name": "x/><step name=\"injected\"", "attributes": [], "children": []}]"#,
            ),
            "is not a valid xml element name",
        ),
        (
            step(r#", "extra_attributes": [{"name": "a=\"\" b", "value": ""}]"#),
            "is not a valid xml attribute name",
        ),
        (
            step(r#", "extra_attributes": [{"name": "name", "value": "T"}]"#),
            "written twice",
        ),
        (
            step(
                r#", "extra_children": [{"kind": "processing_instruction", "text": "x ?><step/><?x"}]"#,
            ),
            "not a valid processing instruction",
        ),
        (step(r#", "description": "a\u0000b""#), "U+0000"),
        (step(r#", "action": "\u001b[2K""#), "U+001B"),
        (
            doc(
                r#"{}"#,
                r#"{"kind": "sequence", "declaration": "xml version=\"1.0\"?><step/><?x"}"#,
            ),
            "is not an xml declaration",
        ),
        (
            doc(
                r#"{}"#,
                r#"{"kind": "package_object", "before": "<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\"><PROPERTY NAME=\"Sequence\"><VALUE><![CDATA[<sequence><step name=\"injected\"/></sequence>]]></VALUE></PROPERTY><X><![CDATA[", "after": "]]></X></INSTANCE>"}"#,
            ),
            "wrapper",
        ),
    ];
    for (json, expected) in &cases {
        // The JSON itself has the document's shape: only the check refuses it.
        let parsed: xml::Document =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
        let err = xml::Document::from_json(json).expect_err(json);
        assert!(err.to_string().contains(expected), "{json}: {err}");
        assert_eq!(
            parsed.check().unwrap_err().to_string(),
            format!(
                "cannot be written as xml: {}",
                parsed.check().unwrap_err().message
            )
        );
    }
    // What the reader produced always passes, and so does its JSON.
    let ok = xml::read(br#"<?xml version="1.0"?><!-- a - b --><?pi data?><sequence><step name="S" x="1"><notes a="1">t<!--c--></notes></step></sequence>"#).unwrap();
    assert!(ok.check().is_ok());
    assert_eq!(
        xml::Document::from_json(&ok.to_json().unwrap()).unwrap(),
        ok
    );
}
