//! Name/value pairs kept in order and written as a JSON object.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Variables as name/value pairs in a fixed order, written as a JSON object in that order:
/// `{"OSDComputerName":"PC01","_SMSTSInWinPE":"false"}`. Lookups ignore case, as variable names
/// do. A deleted variable shows as `""` (setting `""` deletes).
///
/// ```
/// use tasksequence::engine::VarMap;
/// let scenario = tasksequence::engine::Scenario::from_json(r#"{"variables":{"B":"2","a":"1"}}"#)?;
/// let map: &VarMap = &scenario.variables;
/// assert_eq!(map.get("A"), Some("1"));
/// assert_eq!(map.iter().collect::<Vec<_>>(), [("B", "2"), ("a", "1")]);
/// assert!(scenario.to_json().contains(r#""variables": {
///     "B": "2",
///     "a": "1"
///   }"#));
/// # Ok::<(), tasksequence::engine::ScenarioError>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct VarMap(pub Vec<(String, String)>);

impl VarMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of `name` (any case); the last one when a name was set twice.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Adds a pair at the end.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    /// Whether the map holds no pair.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many pairs the map holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

impl fmt::Debug for VarMap {
    /// Values of known secret names show as `********`, whatever the map holds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(n, v)| {
                let shown = crate::vars::Secrets::Redact.show(v, crate::vars::is_secret_name(n));
                (n, shown)
            }))
            .finish()
    }
}

impl Serialize for VarMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de> Deserialize<'de> for VarMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PairsVisitor).map(VarMap)
    }
}

/// Reads a JSON object into pairs in document order; values may be strings, numbers or booleans
/// (taken as their text), as machine profiles allow.
struct PairsVisitor;

impl<'de> Visitor<'de> for PairsVisitor {
    type Value = Vec<(String, String)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of variable names to values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some((name, value)) = map.next_entry::<String, Scalar>()? {
            out.push((name, value.0));
        }
        Ok(out)
    }
}

/// A string, number or boolean, kept as its text.
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}
