//! The WQL subset that task sequence conditions use (placeholder until the WQL change lands).

/// A parsed WQL query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The query text as written.
    pub text: String,
}
