//! Reading and writing task sequence XML.
//!
//! [`read`] accepts the three containers a task sequence comes in:
//! 1. an MDT `ts.xml` or template (`<?xml …?>` then `<sequence version="3.00" name=… description=…>`),
//! 2. a ConfigMgr console export `object.xml` (a CIM `<INSTANCE CLASSNAME="SMS_TaskSequencePackage">`
//!    whose `Sequence` property holds the sequence as text),
//! 3. a raw ConfigMgr sequence (`<sequence version="3.10">`, no declaration).
//!
//! [`Document::to_xml`] writes the same container back: a sequence with its declaration and any
//! comments that stood before the root, or the whole `object.xml` with only the sequence replaced.
//!
//! Nothing read is lost. Content the typed model could not give back in place is kept verbatim
//! instead: an `<osConditionGroup>` holding text (ConfigMgr writes none), or anything before one
//! of its platform groups, becomes a verbatim operand with its text exact (it then evaluates as
//! unsupported, as any verbatim operand does). A byte-order mark at the start of an `object.xml`'s
//! `Sequence` property stays in the wrapper and counts in positions.
//!
//! Limits (see [`ReadOptions`]): input at most 64 MiB, elements nested at most 256 deep, conditions
//! at most [`MAX_CONDITION_DEPTH`] deep (the limit the condition text parser shares). DTDs are
//! refused and no entity other than the five predefined ones and character references is ever
//! expanded, so there is no external-entity or entity-expansion attack surface.
//!
//! ```
//! use tasksequence::xml;
//! let doc = xml::read(br#"<sequence version="3.10"><step type="SMS_TaskSequence_RebootAction" name="Restart" runIn="WinPEandFullOS"><action>smsboot.exe /target:HD</action></step></sequence>"#).unwrap();
//! assert_eq!(doc.sequence.children.len(), 1);
//! let again = xml::read(doc.to_xml().as_bytes()).unwrap();
//! assert_eq!(again.sequence, doc.sequence);
//! ```

mod cim;
mod condition_read;
mod condition_write;
mod elements;
mod encoding;
mod error;
mod escape;
mod model_read;
mod names;
mod positions;
mod rules;
mod tree;
mod write;
mod writer;

use serde::{Deserialize, Serialize};

pub use error::{Position, ReadError, ReadErrorKind, Warning};
pub use positions::SourceMap;
pub use rules::{read_rules, rules_of, set_rules, write_rules};
pub use write::{WriteOptions, write_condition, write_sequence};

use crate::model::condition::Condition;
use crate::model::{RawNode, Sequence};

/// How deeply a condition's operands may nest, in XML and in condition text alike: each
/// `<operator>` (`and`, `or`, `not`) is one level, an `<osConditionGroup>` two (the group, then
/// its `<osExpressionGroup>`s); expressions and verbatim content are none. The XML reader refuses
/// a deeper condition ([`ReadErrorKind::ConditionTooDeep`], at its `<condition>` element) and so
/// does the text parser, so every condition the reader accepts prints as text that parses back to
/// it. Real conditions nest at most 4 deep.
///
/// ```
/// use tasksequence::condition::text;
/// use tasksequence::xml::{read_condition, ReadErrorKind, MAX_CONDITION_DEPTH};
///
/// let nots = |n: usize| format!(
///     "<condition>{}<expression type=\"SMS_TaskSequence_VariableConditionExpression\"><variable name=\"Operator\">exists</variable><variable name=\"Variable\">OSDisk</variable></expression>{}</condition>",
///     "<operator type=\"not\">".repeat(n),
///     "</operator>".repeat(n),
/// );
/// let deepest = read_condition(&nots(MAX_CONDITION_DEPTH))?;
/// assert_eq!(text::parse(&text::print(&deepest)).unwrap(), deepest);
/// let err = read_condition(&nots(MAX_CONDITION_DEPTH + 1)).unwrap_err();
/// assert_eq!(err.kind, ReadErrorKind::ConditionTooDeep(MAX_CONDITION_DEPTH));
/// assert_eq!(text::MAX_DEPTH, MAX_CONDITION_DEPTH);
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
pub const MAX_CONDITION_DEPTH: usize = 64;

pub(crate) use condition_read::depth as condition_depth;

/// Limits and choices for [`read_with`].
///
/// ```
/// use tasksequence::xml::{read_with, ReadErrorKind, ReadOptions};
///
/// let nested = b"<sequence><group><group><step/></group></group></sequence>";
/// let strict = ReadOptions { max_depth: 2, ..ReadOptions::default() };
/// assert_eq!(read_with(nested, strict).unwrap_err().kind, ReadErrorKind::TooDeep(2));
/// assert!(read_with(nested, ReadOptions::default()).is_ok());
/// let small = ReadOptions { max_bytes: 16, ..ReadOptions::default() };
/// assert!(matches!(read_with(nested, small).unwrap_err().kind, ReadErrorKind::TooLarge { limit: 16, .. }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// The largest input accepted, in bytes. Default 64 MiB (the largest real sequence seen is
    /// 180 KB).
    pub max_bytes: usize,
    /// The deepest element nesting accepted. Default 256 (real sequences stay under 30).
    pub max_depth: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            max_bytes: 64 * 1024 * 1024,
            max_depth: 256,
        }
    }
}

/// A task sequence as read from one file: the sequence, the container it came in, and what the
/// reader tolerated.
///
/// Equality compares the content (container, prolog, package, sequence), not the warnings.
///
/// ```
/// use tasksequence::xml::{read, Container};
///
/// let doc = read(b"<?xml version=\"1.0\"?>\n<!-- exported -->\n<sequence version=\"3.00\" name=\"Client\"><step name=\"S\" disable=\"yes\"/></sequence>")?;
/// assert_eq!(doc.container, Container::Sequence { declaration: Some(r#"xml version="1.0""#.into()) });
/// assert_eq!(doc.prolog.len(), 1);
/// assert_eq!(doc.sequence.name.as_deref(), Some("Client"));
/// // `yes` is not a spelling ConfigMgr or MDT writes: kept as written, with a warning.
/// assert_eq!(doc.warnings.len(), 1);
/// assert!(doc.warnings[0].message.contains("`disable`"));
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    /// The container the sequence came in, so that it can be written back the same way.
    pub container: Container,
    /// Comments and processing instructions that stood before the root element.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prolog: Vec<RawNode>,
    /// Package metadata, when the sequence came from a ConfigMgr `object.xml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<PackageInfo>,
    /// The sequence.
    pub sequence: Sequence,
    /// What the reader tolerated (not serialized).
    #[serde(skip)]
    pub warnings: Vec<Warning>,
}

impl PartialEq for Document {
    fn eq(&self, other: &Self) -> bool {
        self.container == other.container
            && self.prolog == other.prolog
            && self.package == other.package
            && self.sequence == other.sequence
    }
}

impl Eq for Document {}

/// The container a sequence came in.
///
/// ```
/// use tasksequence::xml::{read, Container};
///
/// let object = br#"<INSTANCE CLASSNAME="SMS_TaskSequencePackage"><PROPERTY NAME="Sequence" TYPE="string"><VALUE><![CDATA[<sequence version="3.10"><step name="S"/></sequence>]]></VALUE></PROPERTY></INSTANCE>"#;
/// let doc = read(object)?;
/// let Container::PackageObject { before, after } = &doc.container else { panic!("not an object.xml") };
/// assert!(before.ends_with("<VALUE><![CDATA["));
/// assert_eq!(after, "]]></VALUE></PROPERTY></INSTANCE>");
/// assert_eq!(doc.to_xml().as_bytes(), object);
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Container {
    /// A `<sequence>` document (MDT `ts.xml`, raw ConfigMgr sequence).
    Sequence {
        /// The XML declaration's content (`xml version="1.0"`), when there was one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        declaration: Option<String>,
    },
    /// A ConfigMgr `object.xml`. The wrapper is kept byte for byte around the sequence text.
    PackageObject {
        /// Everything of the file before the sequence's root element.
        before: String,
        /// Everything of the file after the sequence's root element.
        after: String,
    },
}

/// Why a document cannot be written as XML (see [`Document::check`]).
///
/// ```
/// let err = tasksequence::xml::WriteError { message: "`a b` is not a valid xml element name".into() };
/// assert_eq!(err.to_string(), "cannot be written as xml: `a b` is not a valid xml element name");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot be written as xml: {message}")]
pub struct WriteError {
    /// What is wrong, naming the element or text.
    pub message: String,
}

/// Metadata of an `SMS_TaskSequencePackage`.
///
/// ```
/// let doc = tasksequence::xml::read(br#"<INSTANCE CLASSNAME="SMS_TaskSequencePackage"><PROPERTY NAME="Name" TYPE="string"><VALUE>Upgrade</VALUE></PROPERTY><PROPERTY NAME="PackageID" TYPE="string"><VALUE>CM100010</VALUE></PROPERTY><PROPERTY NAME="Sequence" TYPE="string"><VALUE><![CDATA[<sequence version="3.10"/>]]></VALUE></PROPERTY></INSTANCE>"#)?;
/// let package = doc.package.unwrap();
/// assert_eq!((package.name.as_deref(), package.package_id.as_deref()), (Some("Upgrade"), Some("CM100010")));
/// assert_eq!(package.boot_image_id, None);
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageInfo {
    /// `Name`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `PackageID`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_id: Option<String>,
    /// `Description`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `BootImageID`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boot_image_id: Option<String>,
}

/// Reads a task sequence from any of the three containers, with default limits.
///
/// UTF-8 (with or without a byte-order mark) and UTF-16 (with a byte-order mark, or starting with
/// `<`) are read; positions then count in the decoded text.
///
/// # Errors
/// [`ReadError`] with line and column when the input is in another encoding, not well-formed XML, none of the
/// three containers, holds a DTD or an unknown entity, or exceeds a limit.
///
/// # Examples
///
/// ```
/// use tasksequence::xml::{read, ReadErrorKind};
///
/// let doc = read(br#"<sequence version="3.10"><group name="G"><step name="S"/></group></sequence>"#)?;
/// assert_eq!(doc.sequence.children[0].children()[0].name(), "S");
/// let err = read(b"<sequence><step></sequence>").unwrap_err();
/// assert!(matches!(err.kind, ReadErrorKind::Syntax(_)));
/// assert_eq!((err.line(), err.column()), (1, 17));
/// assert_eq!(read(b"<sequence>&foo;</sequence>").unwrap_err().kind, ReadErrorKind::UnknownEntity("foo".into()));
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    read_with(bytes, ReadOptions::default())
}

/// Reads a task sequence with the given limits.
///
/// # Errors
/// As [`read`].
///
/// # Examples
///
/// ```
/// use tasksequence::xml::{read_with, ReadOptions};
///
/// let options = ReadOptions { max_bytes: 1024 * 1024, max_depth: 64 };
/// let doc = read_with(br#"<sequence><step name="S"/></sequence>"#, options)?;
/// assert_eq!(doc.sequence.children.len(), 1);
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
pub fn read_with(bytes: &[u8], options: ReadOptions) -> Result<Document, ReadError> {
    read_inner(bytes, options, None)
}

/// Reads a task sequence and where each of its groups and steps stands in `bytes` (see
/// [`SourceMap`] for how nodes are keyed).
///
/// ```
/// let (doc, map) = tasksequence::xml::read_with_positions(
///     b"<sequence>\n<step name=\"Restart\" type=\"SMS_TaskSequence_RebootAction\"/></sequence>",
///     Default::default(),
/// )?;
/// assert_eq!(doc.sequence.children[0].name(), "Restart");
/// let first = tasksequence::model::NodePath::from(vec![0]);
/// assert_eq!(map.get(&first).map(|p| (p.line, p.column)), Some((2, 1)));
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
///
/// # Errors
/// As [`read`].
pub fn read_with_positions(
    bytes: &[u8],
    options: ReadOptions,
) -> Result<(Document, SourceMap), ReadError> {
    let mut map = SourceMap::default();
    let doc = read_inner(bytes, options, Some(&mut map))?;
    Ok((doc, map))
}

fn read_inner(
    bytes: &[u8],
    options: ReadOptions,
    source_map: Option<&mut SourceMap>,
) -> Result<Document, ReadError> {
    let decoded = encoding::to_utf8(bytes)?;
    let text: &str = &decoded;
    let bytes = text.as_bytes();
    if bytes.len() > options.max_bytes {
        return Err(ReadError::new(
            ReadErrorKind::TooLarge {
                size: bytes.len(),
                limit: options.max_bytes,
            },
            bytes,
            options.max_bytes,
        ));
    }
    // A byte-order mark is not markup; skip it so that positions still count from the file start.
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let limits = tree::Limits {
        max_depth: options.max_depth,
    };
    let mut tree = tree::parse(text.get(start..).unwrap_or_default(), limits)
        .map_err(|e| ReadError::new(e.kind, bytes, e.position.offset + start))?;
    let mut warnings = std::mem::take(&mut tree.warnings);
    for w in &mut warnings {
        w.position = Position::at(bytes, w.position.offset + start);
    }
    let root = tree.root();
    match root.name {
        "sequence" => {
            let mut cx = model_read::Cx::default();
            let sequence = model_read::sequence(&root, &mut cx);
            if let Some(at) = cx.too_deep {
                return Err(ReadError::new(
                    ReadErrorKind::ConditionTooDeep(MAX_CONDITION_DEPTH),
                    bytes,
                    at + start,
                ));
            }
            if let Some(map) = source_map {
                let lines = positions::LineIndex::new(bytes);
                *map = positions::collect(&root, &sequence.children, start, &lines);
            }
            for mut w in cx.warnings {
                w.position = Position::at(bytes, w.position.offset + start);
                warnings.push(w);
            }
            let prolog = tree
                .prolog()
                .filter_map(|node| elements::raw_node(&node))
                .collect();
            Ok(Document {
                container: Container::Sequence {
                    declaration: tree.declaration.map(str::to_string),
                },
                prolog,
                package: None,
                sequence,
                warnings,
            })
        }
        "INSTANCE" => cim::read(text, start, &root, options, warnings, source_map),
        other => Err(ReadError::new(
            ReadErrorKind::UnknownRoot(other.to_string()),
            bytes,
            root.offset + start,
        )),
    }
}

/// Reads a lone `<condition>` element (as found in a step, or in a Set Dynamic Variables rule).
///
/// ```
/// let c = tasksequence::xml::read_condition(r#"<condition><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Variable">PHASE</variable><variable name="Operator">equals</variable><variable name="Value">STATERESTORE</variable></expression></condition>"#).unwrap();
/// assert_eq!(c.operands.len(), 1);
/// ```
///
/// # Errors
/// [`ReadError`] when the text is not well-formed or its root is not `<condition>`.
pub fn read_condition(text: &str) -> Result<Condition, ReadError> {
    let defaults = ReadOptions::default();
    if text.len() > defaults.max_bytes {
        return Err(ReadError::new(
            ReadErrorKind::TooLarge {
                size: text.len(),
                limit: defaults.max_bytes,
            },
            text.as_bytes(),
            defaults.max_bytes,
        ));
    }
    let tree = tree::parse(
        text,
        tree::Limits {
            max_depth: defaults.max_depth,
        },
    )?;
    let root = tree.root();
    if root.name != "condition" {
        return Err(ReadError::new(
            ReadErrorKind::UnknownRoot(root.name.to_string()),
            text.as_bytes(),
            root.offset,
        ));
    }
    condition_read::condition(&root).map_err(|e| {
        ReadError::new(
            ReadErrorKind::ConditionTooDeep(MAX_CONDITION_DEPTH),
            text.as_bytes(),
            e.offset,
        )
    })
}

impl Document {
    /// Writes the document in its own container: a `<sequence>` document pretty-printed with two
    /// spaces (declaration and leading comments kept), or the `object.xml` with the sequence spliced
    /// back in on one line, as ConfigMgr stores it.
    ///
    /// ```
    /// let text = "<?xml version=\"1.0\"?>\n<!-- kept -->\n<sequence version=\"3.00\">\n  <step name=\"S\"/>\n</sequence>";
    /// let doc = tasksequence::xml::read(text.as_bytes())?;
    /// assert_eq!(doc.to_xml(), text);
    /// # Ok::<(), tasksequence::xml::ReadError>(())
    /// ```
    pub fn to_xml(&self) -> String {
        match &self.container {
            Container::Sequence { .. } => self.to_xml_with(&WriteOptions::default()),
            Container::PackageObject { .. } => self.to_xml_with(&WriteOptions::one_line()),
        }
    }

    /// Writes the document with explicit formatting.
    ///
    /// ```
    /// use tasksequence::xml::{read, WriteOptions};
    ///
    /// let doc = read(b"<sequence>\n  <group name=\"G\">\n    <step name=\"S\"/>\n  </group>\n</sequence>")?;
    /// assert_eq!(doc.to_xml_with(&WriteOptions::one_line()), r#"<sequence><group name="G"><step name="S"/></group></sequence>"#);
    /// assert_eq!(doc.to_xml_with(&WriteOptions { indent: Some(4) }), "<sequence>\n    <group name=\"G\">\n        <step name=\"S\"/>\n    </group>\n</sequence>");
    /// # Ok::<(), tasksequence::xml::ReadError>(())
    /// ```
    pub fn to_xml_with(&self, options: &WriteOptions) -> String {
        self.write(options, false).0
    }

    /// Whether the document can be written as XML that reads back as itself: element and
    /// attribute names are XML names and no attribute is written twice, comments hold no `--`,
    /// processing instructions and the declaration do not end early, no text holds a character
    /// XML forbids, and an `object.xml` wrapper still holds the sequence where it was. A document
    /// read from XML always can; one built from JSON ([`Document::from_json`] checks) or in code
    /// may not, and [`Document::to_xml`] would then write something else (a comment holding `-->`
    /// would end early and let the rest become steps).
    ///
    /// # Errors
    /// The first problem found, in document order.
    ///
    /// # Examples
    ///
    /// ```
    /// use tasksequence::model::RawNode;
    /// use tasksequence::xml::read;
    ///
    /// let mut doc = read(br#"<sequence><step name="S"/></sequence>"#)?;
    /// assert!(doc.check().is_ok());
    /// doc.prolog.push(RawNode::Comment { text: "--><step name=\"injected\"/><!--".into() });
    /// let err = doc.check().unwrap_err();
    /// assert!(err.message.starts_with("comment `--><step"), "{err}");
    /// # Ok::<(), tasksequence::xml::ReadError>(())
    /// ```
    pub fn check(&self) -> Result<(), WriteError> {
        match self.write(&WriteOptions::one_line(), true).1 {
            Some(message) => Err(WriteError { message }),
            None => Ok(()),
        }
    }

    /// The document as XML, and (when `check`) the first reason it would not read back as itself.
    fn write(&self, options: &WriteOptions, check: bool) -> (String, Option<String>) {
        let new = |o: &WriteOptions| {
            if check {
                writer::Writer::checking(o)
            } else {
                writer::Writer::new(o)
            }
        };
        let mut sequence = new(options);
        sequence.sequence(&self.sequence);
        let mut problem = sequence.first_problem.take();
        let out = match &self.container {
            Container::Sequence { declaration } => {
                let mut head = new(options);
                if let Some(decl) = declaration {
                    head.check_declaration(decl);
                    head.out.push_str("<?");
                    head.out.push_str(decl);
                    head.out.push_str("?>");
                    head.out.push_str(options.newline());
                }
                for node in &self.prolog {
                    writer::raw_top_level(&mut head, node);
                    head.out.push_str(options.newline());
                }
                problem = head.first_problem.take().or(problem);
                head.out.push_str(&sequence.out);
                head.out
            }
            Container::PackageObject { before, after } => {
                if check && problem.is_none() {
                    problem = cim::check_wrapper(before, after).err();
                }
                cim::splice(before, &sequence.out, after)
            }
        };
        (out, problem)
    }

    /// The document as JSON (see the types' documentation for the shape).
    ///
    /// # Errors
    /// Only if serialization fails, which the model's types do not do.
    ///
    /// # Examples
    ///
    /// ```
    /// let doc = tasksequence::xml::read(br#"<sequence version="3.10"><step name="S"/></sequence>"#)?;
    /// assert_eq!(doc.to_json()?, r#"{"container":{"kind":"sequence"},"sequence":{"version":"3.10","children":[{"kind":"step","element":"step","name":"S","options":{}}]}}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    /// A document from its JSON form.
    ///
    /// # Errors
    /// When the JSON does not have the document's shape (the error names line and column), or
    /// describes a document that cannot be written as XML ([`Document::check`]: an invalid name, a
    /// comment holding `--`, a character XML forbids).
    ///
    /// # Examples
    ///
    /// ```
    /// use tasksequence::xml::Document;
    ///
    /// let doc = Document::from_json(r#"{"container": {"kind": "sequence"}, "sequence": {"children": [{"kind": "step", "name": "From JSON"}]}}"#)?;
    /// assert_eq!(doc.to_xml(), "<sequence>\n  <step name=\"From JSON\"/>\n</sequence>");
    /// assert_eq!(Document::from_json(&doc.to_json()?)?, doc);
    /// let err = Document::from_json(r#"{"sequence": {}}"#).unwrap_err();
    /// assert!(err.to_string().contains("container"));
    /// let injected = r#"{"container": {"kind": "sequence"}, "sequence": {"children": [{"kind": "step", "name": "S", "extra_attributes": [{"name": "x/><step name=\"injected\"", "value": ""}]}]}}"#;
    /// let err = Document::from_json(injected).unwrap_err();
    /// assert!(err.to_string().contains("is not a valid xml attribute name"), "{err}");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        let doc: Self = serde_json::from_str(json)?;
        doc.check()
            .map_err(<serde_json::Error as serde::de::Error>::custom)?;
        Ok(doc)
    }
}
