use serde::Serialize;

pub use crate::util::position::Position;

/// Why a document could not be read. Every error names where in the input it was found.
///
/// ```
/// let err = tasksequence::xml::read(b"<sequence>\n  <step name=\"S\">\n</sequence>").unwrap_err();
/// assert_eq!((err.position.line, err.position.column, err.position.offset), (3, 1, 29));
/// assert!(err.to_string().ends_with(" at line 3, column 1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at {position}")]
pub struct ReadError {
    /// What went wrong.
    pub kind: ReadErrorKind,
    /// Where.
    pub position: Position,
}

impl ReadError {
    pub(crate) fn new(kind: ReadErrorKind, input: &[u8], offset: usize) -> Self {
        Self {
            kind,
            position: Position::at(input, offset),
        }
    }

    /// 1-based line of the error.
    ///
    /// ```
    /// let err = tasksequence::xml::read(b"<sequence>\n\n<x>&nbsp;</x></sequence>").unwrap_err();
    /// assert_eq!(err.line(), 3);
    /// ```
    pub fn line(&self) -> usize {
        self.position.line
    }

    /// 1-based column of the error.
    ///
    /// ```
    /// // Columns count characters, not bytes.
    /// let err = tasksequence::xml::read("<sequence name=\"Ünïcode\">&nbsp;</sequence>".as_bytes()).unwrap_err();
    /// assert_eq!(err.column(), 26);
    /// ```
    pub fn column(&self) -> usize {
        self.position.column
    }
}

/// The kinds of [`ReadError`].
///
/// ```
/// use tasksequence::xml::{read, ReadErrorKind};
///
/// assert_eq!(read(b"<!DOCTYPE x><sequence/>").unwrap_err().kind, ReadErrorKind::Doctype);
/// assert_eq!(read(b"<task/>").unwrap_err().kind, ReadErrorKind::UnknownRoot("task".into()));
/// assert_eq!(read(b"").unwrap_err().kind, ReadErrorKind::NoRoot);
/// assert_eq!(read(b"\xff").unwrap_err().to_string(), "input is not valid utf-8 at line 1, column 1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The input is larger than [`super::ReadOptions::max_bytes`].
    #[error("input is {size} bytes, larger than the limit of {limit} bytes")]
    TooLarge {
        /// The input size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A character XML 1.0 does not allow (a control character other than tab, line feed and
    /// carriage return, U+FFFE, U+FFFF), written raw or as a character reference.
    #[error("character U+{0:04X} is not allowed in xml")]
    ForbiddenCharacter(u32),
    /// The input is not UTF-8.
    #[error("input is not valid utf-8")]
    InvalidUtf8,
    /// The input is in an encoding the reader does not take (UTF-32, a legacy code page), or
    /// UTF-16 that does not decode.
    #[error("unsupported encoding: {0}")]
    Encoding(String),
    /// The input is not well-formed XML.
    #[error("not well-formed xml: {0}")]
    Syntax(String),
    /// A `<!DOCTYPE>`: DTDs and entity declarations are refused, so no entity is ever expanded.
    #[error(
        "`<!DOCTYPE` is not allowed: task sequences have no dtd and entities are never expanded"
    )]
    Doctype,
    /// A reference to an entity other than the five predefined ones or a character reference.
    #[error("unknown entity reference `&{0};`")]
    UnknownEntity(String),
    /// Elements nested deeper than [`super::ReadOptions::max_depth`].
    #[error("elements nested deeper than the limit of {0}")]
    TooDeep(usize),
    /// A condition nested deeper than [`super::MAX_CONDITION_DEPTH`], the limit the condition
    /// text parser shares; the position is the `<condition>` element's.
    #[error("conditions nest deeper than the limit of {0}")]
    ConditionTooDeep(usize),
    /// No root element.
    #[error("no root element")]
    NoRoot,
    /// Content after the root element.
    #[error("content after the root element: `{0}`")]
    TrailingContent(String),
    /// The root is none of the three task sequence containers.
    #[error(
        "root element `{0}` is not a task sequence: expected `<sequence>` or a ConfigMgr `<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\">`"
    )]
    UnknownRoot(String),
    /// A ConfigMgr `object.xml` without a top-level `Sequence` property.
    #[error("`SMS_TaskSequencePackage` instance has no `Sequence` property")]
    NoSequenceProperty,
    /// The embedded sequence of an `object.xml` is itself bad; positions are within the whole file.
    #[error("in the `Sequence` property: {0}")]
    Embedded(Box<ReadErrorKind>),
}

/// Something the reader tolerated but wants the caller to know.
///
/// ```
/// let doc = tasksequence::xml::read(b"<sequence>\n  <step name=\"S\" continueOnError=\"1\"/>\n</sequence>")?;
/// let warning = &doc.warnings[0];
/// assert_eq!(warning.message, "attribute `continueOnError` has the value `1`, which is kept as written but not understood");
/// assert_eq!(warning.position.line, 2);
/// assert!(warning.to_string().ends_with(&format!(" at line 2, column {}", warning.position.column)));
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// What was tolerated.
    pub message: String,
    /// Where.
    pub position: Position,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {}", self.message, self.position)
    }
}
