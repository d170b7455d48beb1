//! Bad input gets a typed error with line and column, never a panic or a hang; tolerated oddities
//! load with a warning.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use tasksequence::xml::{self, ReadErrorKind, ReadOptions};

fn error(input: &[u8]) -> xml::ReadError {
    match xml::read(input) {
        Ok(_) => panic!("expected an error for {:?}", String::from_utf8_lossy(input)),
        Err(e) => e,
    }
}

#[test]
fn not_xml_is_a_syntax_error_with_position() {
    let e = error(b"<sequence version=\"3.10\">\n  <group name=\"a\">\n</sequence>");
    assert!(matches!(e.kind, ReadErrorKind::Syntax(_)), "{e}");
    assert_eq!(e.line(), 3, "{e}");
    let text = e.to_string();
    assert!(text.contains("line 3, column"), "{text}");

    let e = error(b"this is not xml at all");
    assert!(matches!(e.kind, ReadErrorKind::Syntax(_)), "{e}");
    assert_eq!((e.line(), e.column()), (1, 1), "{e}");
}

#[test]
fn empty_input_has_no_root() {
    assert!(matches!(error(b"").kind, ReadErrorKind::NoRoot));
    assert!(matches!(
        error(b"  \n <!-- only a comment --> ").kind,
        ReadErrorKind::NoRoot
    ));
}

#[test]
fn a_root_that_is_none_of_the_three_containers_is_refused() {
    let e = error(b"<?xml version=\"1.0\"?>\n<policy name=\"x\"/>");
    assert!(
        matches!(&e.kind, ReadErrorKind::UnknownRoot(name) if name == "policy"),
        "{e}"
    );
    assert_eq!((e.line(), e.column()), (2, 1));
    let e = error(b"<INSTANCE CLASSNAME=\"SMS_Package\"><PROPERTY NAME=\"Sequence\"><VALUE>x</VALUE></PROPERTY></INSTANCE>");
    assert!(
        matches!(&e.kind, ReadErrorKind::UnknownRoot(name) if name.contains("SMS_Package")),
        "{e}"
    );
}

#[test]
fn a_package_object_without_sequence_is_refused() {
    let e = error(b"<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\"><PROPERTY NAME=\"Name\"><VALUE>x</VALUE></PROPERTY></INSTANCE>");
    assert!(matches!(e.kind, ReadErrorKind::NoSequenceProperty), "{e}");
}

#[test]
fn a_bad_embedded_sequence_is_reported_at_its_place_in_the_file() {
    let input = b"<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\">\n  <PROPERTY NAME=\"Sequence\" TYPE=\"string\">\n    <VALUE><![CDATA[<sequence version=\"3.10\"><group></sequence>]]></VALUE>\n  </PROPERTY>\n</INSTANCE>";
    let e = error(input);
    assert!(matches!(e.kind, ReadErrorKind::Embedded(_)), "{e}");
    assert_eq!(e.line(), 3, "{e}");
}

#[test]
fn doctype_and_entities_are_refused_without_expansion() {
    let billion_laughs = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<sequence version="3.10"><group name="&lol2;"/></sequence>"#;
    let e = error(billion_laughs);
    assert!(matches!(e.kind, ReadErrorKind::Doctype), "{e}");
    assert_eq!(e.line(), 2);

    let xxe = br#"<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><sequence>&x;</sequence>"#;
    assert!(matches!(error(xxe).kind, ReadErrorKind::Doctype));

    let undeclared = br#"<sequence version="3.10"><group name="a">&x;</group></sequence>"#;
    let e = error(undeclared);
    assert!(
        matches!(&e.kind, ReadErrorKind::UnknownEntity(n) if n == "x"),
        "{e}"
    );
    let in_attribute = br#"<sequence version="3.10"><group name="a&x;b"/></sequence>"#;
    let e = error(in_attribute);
    assert!(
        matches!(&e.kind, ReadErrorKind::UnknownEntity(n) if n == "x"),
        "{e}"
    );
}

#[test]
fn nesting_deeper_than_the_limit_is_refused() {
    let depth = 300;
    let mut input = String::from("<sequence version=\"3.10\">");
    input.push_str(&"<group name=\"g\">".repeat(depth));
    input.push_str(&"</group>".repeat(depth));
    input.push_str("</sequence>");
    let e = error(input.as_bytes());
    assert!(matches!(e.kind, ReadErrorKind::TooDeep(256)), "{e}");
    // The limit is a setting: a tighter one refuses shallower input.
    let shallow = b"<sequence><group><group><group/></group></group></sequence>";
    let e = xml::read_with(
        shallow,
        ReadOptions {
            max_depth: 3,
            ..ReadOptions::default()
        },
    )
    .unwrap_err();
    assert!(matches!(e.kind, ReadErrorKind::TooDeep(3)), "{e}");
    assert!(
        xml::read_with(
            shallow,
            ReadOptions {
                max_depth: 4,
                ..ReadOptions::default()
            }
        )
        .is_ok()
    );
}

#[test]
fn input_larger_than_the_limit_is_refused_before_parsing() {
    let input = format!("<sequence version=\"3.10\">{}</sequence>", " ".repeat(2000));
    let e = xml::read_with(
        input.as_bytes(),
        ReadOptions {
            max_bytes: 1000,
            ..ReadOptions::default()
        },
    )
    .unwrap_err();
    assert!(
        matches!(e.kind, ReadErrorKind::TooLarge { size, limit: 1000 } if size == input.len()),
        "{e}"
    );
}

#[test]
fn invalid_utf8_is_refused_with_its_position() {
    let mut input = b"<sequence version=\"3.10\">\n<group name=\"caf".to_vec();
    input.push(0xE9); // Latin-1 e-acute, not UTF-8
    input.extend_from_slice(b"\"/></sequence>");
    let e = error(&input);
    assert!(matches!(e.kind, ReadErrorKind::InvalidUtf8), "{e}");
    assert_eq!((e.line(), e.column()), (2, 17), "{e}");
}

#[test]
fn content_after_the_root_is_refused() {
    let e = error(b"<sequence version=\"3.10\"/>\n<sequence/>");
    assert!(matches!(e.kind, ReadErrorKind::TrailingContent(_)), "{e}");
    assert_eq!(e.line(), 2);
}

#[test]
fn comments_before_the_declaration_load_with_a_warning() {
    let input = b"<!-- reference only -->\n<?xml version=\"1.0\"?>\n<sequence version=\"3.00\"><group name=\"a\"/></sequence>";
    let doc = xml::read(input).unwrap();
    assert_eq!(doc.warnings.len(), 1);
    assert_eq!(doc.warnings[0].position.line, 2);
    assert_eq!(doc.prolog.len(), 1);
    // Written back well-formed: declaration first, then the comment.
    let out = doc.to_xml();
    assert!(
        out.starts_with("<?xml version=\"1.0\"?>\n<!-- reference only -->\n<sequence"),
        "{out}"
    );
}

#[test]
fn tolerated_shapes_load() {
    let input = br#"<sequence version="3.40">
  <step name="Untyped MDT step" successCodeList="0 3010" successCodes="0 3010 1"><action>cscript.exe "%SCRIPTROOT%\ZTINextPhase.wsf</action></step>
  <subtasksequence type="SMS_TaskSequence_SubTasksequence" name="Child" description="" successCodeList="0" retryCount="0" runFromNet="false"><action>SubTasksequence.exe</action></subtasksequence>
  <group name="g" description="a&#xD;&#xA;b">
    <step name="s"><defaultVarList><variable name="V" property="V">   </variable></defaultVarList><action/><condition/></step>
  </group>
</sequence>"#;
    let doc = xml::read(input).unwrap();
    let walk = doc.sequence.walk();
    assert_eq!(walk.len(), 4);
    assert_eq!(walk[0].node.type_name(), None);
    assert_eq!(
        walk[1].node.kind(),
        tasksequence::model::NodeKind::SubTaskSequence
    );
    let tasksequence::model::Node::Group(g) = walk[2].node else {
        panic!()
    };
    assert_eq!(g.description.as_deref(), Some("a\r\nb"));
    let tasksequence::model::Node::Step(s) = walk[3].node else {
        panic!()
    };
    assert_eq!(s.variable("v"), Some("   "));
    assert_eq!(s.condition.as_ref().unwrap().operands.len(), 0);
    // Order of the step's children is remembered.
    let again = xml::read(doc.to_xml().as_bytes()).unwrap();
    assert_eq!(again, doc);
    assert!(doc.to_xml().contains("<defaultVarList>\n        <variable name=\"V\" property=\"V\">   </variable>\n      </defaultVarList>\n      <action/>\n      <condition/>"));
}

#[test]
fn garbage_never_panics() {
    // A small deterministic generator: mutations of a valid document.
    let base = br#"<sequence version="3.10"><group name="a"><condition><operator type="and"><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Variable">X</variable><variable name="Operator">equals</variable><variable name="Value">1</variable></expression></operator></condition><step name="s" type="T"><action>a &amp; b</action></step></group></sequence>"#;
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..5000 {
        let mut input = base.to_vec();
        for _ in 0..(next() % 6 + 1) {
            let at = (next() as usize) % input.len();
            match next() % 3 {
                0 => input[at] = (next() % 256) as u8,
                1 => {
                    input.remove(at);
                }
                _ => input.insert(at, b"<>&;\"'/=x"[(next() % 9) as usize]),
            }
        }
        if let Ok(doc) = xml::read(&input) {
            let written = doc.to_xml();
            let again = xml::read(written.as_bytes()).expect("what we write, we read");
            assert!(
                again == doc,
                "input:\n{}\nwritten:\n{written}\n{:?}\n{:?}",
                String::from_utf8_lossy(&input),
                again.sequence,
                doc.sequence
            );
        }
    }
}

#[test]
fn characters_xml_forbids_are_refused_with_their_position() {
    for (xml, code, column) in [
        ("<sequence name=\"a\u{0}b\"/>", 0x0, 18),
        ("<sequence>\n  <step name=\"x&#1;\"/></sequence>", 0x1, 3),
        (
            "<sequence><step name=\"s\"><action>a&#x1b;[2K</action></step></sequence>",
            0x1b,
            35,
        ),
        ("<sequence>\u{1b}</sequence>", 0x1b, 11),
    ] {
        let err = tasksequence::xml::read(xml.as_bytes()).unwrap_err();
        assert_eq!(
            err.to_string().split(" at ").next().unwrap(),
            format!("character U+{code:04X} is not allowed in xml"),
            "{xml:?}"
        );
        assert_eq!(err.column(), column, "{xml:?}: {err}");
    }
    // Tab, line feed and carriage return are characters like any other.
    assert!(tasksequence::xml::read(b"<sequence name=\"a&#9;&#10;&#13;b\"/>").is_ok());
}

#[test]
fn names_that_are_not_xml_names_are_refused_where_they_stand() {
    let e = error(b"<sequence>\n  <st@p name=\"x\"/>\n</sequence>");
    assert_eq!((e.line(), e.column()), (2, 3), "{e}");
    assert!(
        e.to_string()
            .contains("`st@p` is not a valid xml element name"),
        "{e}"
    );
    let e = error(b"<sequence><step 1name=\"x\"/></sequence>");
    assert!(
        e.to_string()
            .contains("`1name` is not a valid xml attribute name (in `<step>`)"),
        "{e}"
    );
    // What the reader accepts, the writer's check accepts: colons and non-ASCII letters are name
    // characters.
    let doc =
        xml::read("<sequence><step a:b=\"1\" é=\"2\" name=\"x\"/><ns:x/></sequence>".as_bytes())
            .unwrap();
    assert!(doc.check().is_ok());
}
