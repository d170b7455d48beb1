//! What a WMI query returns: instances of property values.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One WMI instance: property name to value. Names compare case-insensitively in queries; the map
/// keeps the spelling the host gave.
pub type Instance = BTreeMap<String, WmiValue>;

/// A WMI property value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WmiValue {
    /// No value (`NULL`).
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer of any WMI integer type.
    Int(i64),
    /// A floating point number.
    Real(f64),
    /// A string (also datetimes and references, as WMI gives them).
    String(String),
    /// An array property.
    Array(Vec<WmiValue>),
}
