//! Why a template option is refused.

/// A wizard option the template refuses, naming the problem.
///
/// ```
/// use tasksequence::template::{ProductKey, TemplateError};
/// let err = ProductKey::parse("ABCDE-12345").unwrap_err();
/// assert!(matches!(err, TemplateError::ProductKey { .. }));
/// assert_eq!(err.to_string(), "product key `ABCDE-12345`: 2 groups, expected 5 groups of 5 letters or digits separated by `-`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// Not a ConfigMgr package ID.
    #[error("upgrade package: {problem}")]
    PackageId {
        /// The ID as given.
        id: String,
        /// What is wrong with it.
        problem: String,
    },
    /// Not five groups of five letters or digits.
    #[error("product key `{key}`: {problem}")]
    ProductKey {
        /// The key as given.
        key: String,
        /// What is wrong with it.
        problem: String,
    },
    /// An edition index below 1.
    #[error("edition index `{index}`: the first edition is 1")]
    EditionIndex {
        /// The index as given.
        index: u32,
    },
    /// An application name that is empty or holds a comma (the step lists names with commas).
    #[error("application `{name}`: {problem}")]
    Application {
        /// The name as given.
        name: String,
        /// What is wrong with it.
        problem: String,
    },
    /// Template options as JSON that do not fit their schema.
    #[error("options: {message}")]
    Json {
        /// What the JSON reader said, with the field, line and column.
        message: String,
    },
    /// An architecture the disk space recommendation has no figure for.
    #[error(
        "architecture `{architecture}`: the recommended free disk space is known for x86 and x64 only"
    )]
    Architecture {
        /// The architecture's name.
        architecture: String,
    },
}
