//! What a WMI query returns: instances of property values.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One WMI instance: property name to value. Names compare case-insensitively in queries; the map
/// keeps the spelling the host gave.
///
/// ```
/// use tasksequence::machine::{Instance, WmiValue};
///
/// let os: Instance = serde_json::from_str(r#"{"OSLanguage": 1033, "Caption": "Microsoft Windows 11 Pro"}"#)?;
/// assert_eq!(os.get("OSLanguage"), Some(&WmiValue::Int(1033)));
/// assert_eq!(os.keys().collect::<Vec<_>>(), ["Caption", "OSLanguage"]);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub type Instance = BTreeMap<String, WmiValue>;

/// A WMI property value.
///
/// ```
/// use tasksequence::machine::WmiValue;
///
/// let values: Vec<WmiValue> = serde_json::from_str(r#"[null, true, 7, 2.5, "x", [1]]"#)?;
/// assert_eq!(values, [
///     WmiValue::Null,
///     WmiValue::Bool(true),
///     WmiValue::Int(7),
///     WmiValue::Real(2.5),
///     WmiValue::String("x".into()),
///     WmiValue::Array(vec![WmiValue::Int(1)]),
/// ]);
/// # Ok::<(), serde_json::Error>(())
/// ```
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
