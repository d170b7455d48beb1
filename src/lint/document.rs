//! What the linter reads: the parsed document, where its nodes stand, and how large its XML is.

use crate::xml::{self, ReadError, ReadOptions, SourceMap};

/// A task sequence as the linter sees it.
///
/// ```
/// let doc = tasksequence::lint::Document::read(b"<sequence><group name=\"G\"/></sequence>")?;
/// assert_eq!(doc.xml_size, 38);
/// assert_eq!(doc.source_map.len(), 1);
/// # Ok::<(), tasksequence::xml::ReadError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Document {
    /// The document as read.
    pub xml: xml::Document,
    /// Where each group and step stands in the file.
    pub source_map: SourceMap,
    /// The size in bytes of the XML the sequence is stored as: what ConfigMgr's 2 MB limit
    /// applies to. [`Document::read`] takes the size of the input (for an `object.xml`, the
    /// wrapper is small beside the sequence).
    pub xml_size: usize,
}

impl Document {
    /// Reads `bytes` (any container [`xml::read`] accepts) with positions.
    ///
    /// # Errors
    /// As [`xml::read`].
    pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
        let (xml, source_map) = xml::read_with_positions(bytes, ReadOptions::default())?;
        Ok(Document {
            xml,
            source_map,
            xml_size: bytes.len(),
        })
    }

    /// A document from parts already at hand; without a source map every finding is at line 1,
    /// column 1.
    ///
    /// ```
    /// use tasksequence::lint::Document;
    /// let xml = tasksequence::xml::read(b"<sequence/>")?;
    /// let doc = Document::new(xml, Default::default(), 11);
    /// assert!(doc.source_map.is_empty());
    /// # Ok::<(), tasksequence::xml::ReadError>(())
    /// ```
    pub fn new(xml: xml::Document, source_map: SourceMap, xml_size: usize) -> Document {
        Document {
            xml,
            source_map,
            xml_size,
        }
    }
}
