//! The ConfigMgr `object.xml` container: a CIM `INSTANCE` of `SMS_TaskSequencePackage` whose
//! `Sequence` property holds the sequence as text. The wrapper is kept byte for byte; only the
//! sequence is replaced when writing.

use super::error::{ReadError, ReadErrorKind, Warning};
use super::tree::{self, XElement};
use super::{Container, Document, PackageInfo, ReadOptions, model_read};

const CDATA_OPEN: &str = "<![CDATA[";
const CDATA_CLOSE: &str = "]]>";

fn property<'t>(root: &XElement<'t>, name: &str) -> Option<XElement<'t>> {
    // Only direct children: nested INSTANCEs (references) have properties of their own.
    root.elements()
        .find(|e| e.name == "PROPERTY" && e.attr("NAME") == Some(name))
}

fn value_text(root: &XElement<'_>, name: &str) -> Option<String> {
    let value = property(root, name)?
        .elements()
        .find(|e| e.name == "VALUE")?;
    Some(value.text().into_owned())
}

/// Byte offset just past the `>` of the start tag that opens at `at`.
fn after_start_tag(text: &str, at: usize) -> Option<usize> {
    let mut quote = None;
    for (i, b) in text.as_bytes().get(at..)?.iter().enumerate() {
        match (quote, *b) {
            (None, b'"' | b'\'') => quote = Some(*b),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return Some(at + i + 1),
            _ => {}
        }
    }
    None
}

/// An error whose offset is within `text`.
fn err(kind: ReadErrorKind, text: &str, offset: usize) -> ReadError {
    ReadError::new(kind, text.as_bytes(), offset)
}

fn embedded(e: ReadError, text: &str, base: usize) -> ReadError {
    err(
        ReadErrorKind::Embedded(Box::new(e.kind)),
        text,
        base + e.position.offset,
    )
}

/// Reads the package object. `root` was parsed from `text[start..]`; offsets in errors are within
/// `text`.
pub(super) fn read(
    text: &str,
    start: usize,
    root: &XElement<'_>,
    options: ReadOptions,
    mut warnings: Vec<Warning>,
    source_map: Option<&mut super::SourceMap>,
) -> Result<Document, ReadError> {
    let class = root.attr("CLASSNAME").unwrap_or_default();
    if class != "SMS_TaskSequencePackage" {
        return Err(err(
            ReadErrorKind::UnknownRoot(format!("INSTANCE CLASSNAME=\"{class}\"")),
            text,
            start + root.offset,
        ));
    }
    let sequence_property = property(root, "Sequence")
        .ok_or_else(|| err(ReadErrorKind::NoSequenceProperty, text, start + root.offset))?;
    let value = sequence_property
        .elements()
        .find(|e| e.name == "VALUE")
        .ok_or_else(|| {
            err(
                ReadErrorKind::NoSequenceProperty,
                text,
                start + sequence_property.offset,
            )
        })?;
    let value_at = start + value.offset;
    let content_start = after_start_tag(text, value_at)
        .ok_or_else(|| err(ReadErrorKind::NoSequenceProperty, text, value_at))?;
    let limits = tree::Limits {
        max_depth: options.max_depth,
    };
    let content = text.get(content_start..).unwrap_or_default();
    let leading_ws = content.len() - content.trim_start().len();

    let (inner_doc, before, after, inner_base);
    let inner_owned: String;
    if content
        .get(leading_ws..)
        .is_some_and(|c| c.starts_with(CDATA_OPEN))
    {
        // The sequence is the CDATA text: parse it in place so positions map onto the file exactly.
        let inner_start = content_start + leading_ws + CDATA_OPEN.len();
        let rest = text.get(inner_start..).unwrap_or_default();
        let inner_len = rest.find(CDATA_CLOSE).ok_or_else(|| {
            err(
                ReadErrorKind::Syntax("unterminated cdata".into()),
                text,
                inner_start,
            )
        })?;
        let inner = rest.get(..inner_len).unwrap_or_default();
        let doc = tree::parse(inner, limits).map_err(|e| embedded(e, text, inner_start))?;
        before = text
            .get(..inner_start + doc.root().offset)
            .unwrap_or_default()
            .to_string();
        after = text
            .get(inner_start + doc.root_end..)
            .unwrap_or_default()
            .to_string();
        for mut w in doc.warnings.iter().cloned() {
            w.position = super::Position::at(text.as_bytes(), inner_start + w.position.offset);
            warnings.push(w);
        }
        inner_doc = doc;
        inner_base = inner_start;
    } else {
        // Entity-escaped text: parse the unescaped copy; it is written back as CDATA.
        let content_end = content_start + content.find('<').unwrap_or(content.len());
        inner_owned = value.text().into_owned();
        let doc = tree::parse(&inner_owned, limits).map_err(|e| {
            err(
                ReadErrorKind::Embedded(Box::new(e.kind)),
                text,
                content_start,
            )
        })?;
        before = format!(
            "{}{CDATA_OPEN}",
            text.get(..content_start).unwrap_or_default()
        );
        after = format!(
            "{CDATA_CLOSE}{}",
            text.get(content_end..).unwrap_or_default()
        );
        warnings.extend(doc.warnings.iter().cloned());
        let inner_root = doc.root();
        if inner_root.name != "sequence" {
            return Err(err(
                ReadErrorKind::Embedded(Box::new(ReadErrorKind::UnknownRoot(
                    inner_root.name.to_string(),
                ))),
                text,
                content_start,
            ));
        }
        let mut cx = model_read::Cx::default();
        let sequence = model_read::sequence(&inner_root, &mut cx);
        if cx.too_deep.is_some() {
            return Err(too_deep(text, content_start));
        }
        if let Some(map) = source_map {
            let at = super::Position::at(text.as_bytes(), content_start);
            *map = super::positions::collect_at(&sequence.children, at);
        }
        // Offsets inside the unescaped copy do not map onto the file; point at the property.
        for mut w in cx.warnings {
            w.position = super::Position::at(text.as_bytes(), content_start);
            warnings.push(w);
        }
        return Ok(document(
            package_info(root),
            before,
            after,
            sequence,
            warnings,
        ));
    }
    let sequence_tree = inner_doc.root();
    if sequence_tree.name != "sequence" {
        return Err(err(
            ReadErrorKind::Embedded(Box::new(ReadErrorKind::UnknownRoot(
                sequence_tree.name.to_string(),
            ))),
            text,
            content_start,
        ));
    }
    let mut cx = model_read::Cx::default();
    let sequence = model_read::sequence(&sequence_tree, &mut cx);
    if let Some(at) = cx.too_deep {
        return Err(too_deep(text, inner_base + at));
    }
    if let Some(map) = source_map {
        let lines = super::positions::LineIndex::new(text.as_bytes());
        *map = super::positions::collect(&sequence_tree, &sequence.children, inner_base, &lines);
    }
    for mut w in cx.warnings {
        w.position = super::Position::at(text.as_bytes(), inner_base + w.position.offset);
        warnings.push(w);
    }
    Ok(document(
        package_info(root),
        before,
        after,
        sequence,
        warnings,
    ))
}

/// A condition of the embedded sequence nested too deep, at `offset` of the file (the condition's
/// own, or the property's when the sequence was escaped text).
fn too_deep(text: &str, offset: usize) -> ReadError {
    err(
        ReadErrorKind::Embedded(Box::new(ReadErrorKind::ConditionTooDeep(
            super::MAX_CONDITION_DEPTH,
        ))),
        text,
        offset,
    )
}

fn package_info(root: &XElement<'_>) -> PackageInfo {
    PackageInfo {
        name: value_text(root, "Name"),
        package_id: value_text(root, "PackageID"),
        description: value_text(root, "Description"),
        boot_image_id: value_text(root, "BootImageID"),
    }
}

fn document(
    package: PackageInfo,
    before: String,
    after: String,
    sequence: crate::model::Sequence,
    warnings: Vec<Warning>,
) -> Document {
    Document {
        container: Container::PackageObject { before, after },
        prolog: Vec::new(),
        package: Some(package),
        sequence,
        warnings,
    }
}

/// The `object.xml` with `sequence` in place of the original sequence text. `]]>` cannot occur
/// inside CDATA, so it is split across two sections.
pub(super) fn splice(before: &str, sequence: &str, after: &str) -> String {
    let mut out = String::with_capacity(before.len() + sequence.len() + after.len());
    out.push_str(before);
    out.push_str(&sequence.replace(CDATA_CLOSE, "]]]]><![CDATA[>"));
    out.push_str(after);
    out
}

/// Whether an `object.xml` wrapper (from JSON or code) still holds a sequence in its `Sequence`
/// property exactly where the sequence is spliced in.
pub(super) fn check_wrapper(before: &str, after: &str) -> Result<(), String> {
    let probe = splice(before, "<sequence/>", after);
    match super::read(probe.as_bytes()) {
        Ok(doc) if matches!(&doc.container, Container::PackageObject { before: b, after: a } if b == before && a == after) => {
            Ok(())
        }
        Ok(_) => Err(
            "the `object.xml` wrapper does not hold the sequence in its `Sequence` property".into(),
        ),
        Err(e) => Err(format!("the `object.xml` wrapper does not read back: {e}")),
    }
}
