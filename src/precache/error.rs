//! What is wrong with a catalog, deployment or options document.

use serde::Serialize;

/// A catalog, deployment or plan-options document that cannot be used. Every schema error names
/// the field by its path: `[2].language` (the third catalog entry), `pre_download`,
/// `deployment.now`.
///
/// JSON: `{"syntax":{"line":1,"column":9,"message":"…"}}` or
/// `{"field":{"field":"[2].language","message":"…"}}`.
///
/// ```
/// use tasksequence::precache::{Catalog, InputError};
/// let err = Catalog::from_json(r#"[{"id":"P0100001","name":"x","type":"os_upgrade","language":"xx-YY"}]"#).unwrap_err();
/// assert_eq!(err.field(), Some("[0].language"));
/// assert!(err.to_string().starts_with("`[0].language`: unknown language `xx-YY`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum InputError {
    /// The text is not JSON.
    #[error("not valid json: {message} at line {line}, column {column}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the JSON reader said.
        message: String,
    },
    /// A field that does not fit the schema (missing, of the wrong kind, an unknown value, or a
    /// field the schema does not have).
    #[error("{}", field_message(field, message))]
    Field {
        /// The field's path.
        field: String,
        /// What is wrong with it.
        message: String,
    },
}

fn field_message(field: &str, message: &str) -> String {
    if field.is_empty() {
        message.to_string()
    } else {
        format!("`{field}`: {message}")
    }
}

impl InputError {
    /// The path of the offending field, for schema errors.
    pub fn field(&self) -> Option<&str> {
        match self {
            InputError::Field { field, .. } => Some(field),
            InputError::Syntax { .. } => None,
        }
    }

    pub(super) fn at(field: impl Into<String>, message: impl Into<String>) -> Self {
        InputError::Field {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error with its field path under `prefix` (`deployment` + `now` →
    /// `deployment.now`).
    pub(super) fn within(self, prefix: &str) -> Self {
        match self {
            InputError::Field { field, message } => {
                let field = if field.starts_with('[') {
                    format!("{prefix}{field}")
                } else if field.is_empty() {
                    prefix.to_string()
                } else {
                    format!("{prefix}.{field}")
                };
                InputError::Field { field, message }
            }
            syntax => syntax,
        }
    }

    pub(super) fn syntax(err: &serde_json::Error) -> Self {
        let text = err.to_string();
        // serde_json appends " at line L column C"; the position is kept in its own fields.
        let message = match text.rfind(" at line ") {
            Some(at) => text.get(..at).unwrap_or(&text).to_string(),
            None => text,
        };
        InputError::Syntax {
            line: err.line(),
            column: err.column(),
            message,
        }
    }
}
