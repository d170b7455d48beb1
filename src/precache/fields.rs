//! Reading a JSON object field by field, so that every schema error names the field's path.

use serde_json::{Map, Value};

use super::error::InputError;

/// Parses `text` as JSON.
pub(super) fn parse(text: &str) -> Result<Value, InputError> {
    serde_json::from_str(text).map_err(|e| InputError::syntax(&e))
}

/// The JSON kind of a value, for messages.
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One JSON object being read, with its path.
pub(super) struct Fields<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Fields<'a> {
    /// The object `value` at `path`, or an error when it is not an object.
    pub fn of(value: &'a Value, path: &str, what: &str) -> Result<Self, InputError> {
        match value {
            Value::Object(map) => Ok(Fields {
                map,
                path: path.to_string(),
            }),
            other => Err(InputError::at(
                path,
                format!("expected {what} (an object), found {}", kind(other)),
            )),
        }
    }

    /// The path of field `name` of this object.
    pub fn path_of(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    /// Refuses fields outside `allowed`, naming the first one.
    pub fn only(&self, allowed: &[&str]) -> Result<(), InputError> {
        match self.map.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(unknown) => Err(InputError::at(
                self.path_of(unknown),
                format!("unknown field (expected one of {})", allowed.join(", ")),
            )),
            None => Ok(()),
        }
    }

    /// A field's value; `null` counts as absent.
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    /// A required field.
    pub fn required(&self, name: &str) -> Result<&'a Value, InputError> {
        self.get(name)
            .ok_or_else(|| InputError::at(self.path_of(name), "missing field"))
    }

    /// An optional string; `""` counts as absent.
    pub fn text(&self, name: &str) -> Result<Option<&'a str>, InputError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(InputError::at(
                self.path_of(name),
                format!("expected a string, found {}", kind(other)),
            )),
        }
    }

    /// A required, non-empty string.
    pub fn required_text(&self, name: &str) -> Result<&'a str, InputError> {
        self.required(name)?;
        self.text(name)?
            .ok_or_else(|| InputError::at(self.path_of(name), "must not be empty"))
    }

    /// A required boolean.
    pub fn required_bool(&self, name: &str) -> Result<bool, InputError> {
        match self.required(name)? {
            Value::Bool(b) => Ok(*b),
            other => Err(InputError::at(
                self.path_of(name),
                format!("expected true or false, found {}", kind(other)),
            )),
        }
    }
}
