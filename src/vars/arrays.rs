//! Array variables: `<base><index><Property>` with a zero-based index and a count variable
//! (`OSDAdapter0IPAddressList` with `OSDAdapterCount`).

use std::collections::BTreeMap;
use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use super::env::Environment;
use super::list_error::ListError;
use super::lists::{decimal_width, parse_canonical_digits};
use super::secret::Secrets;

/// An array variable family: its base name and the variable that holds its count.
///
/// JSON: `{"base":"OSDAdapter","count_variable":"OSDAdapterCount"}`.
///
/// ```
/// use tasksequence::vars::ArraySpec;
///
/// // A family of a script's own, with its count variable.
/// let disks = ArraySpec { base: "LabDisk", count_variable: "LabDiskCount" };
/// assert_eq!(disks.name(0, "Letter"), "LabDisk0Letter");
/// assert_eq!(serde_json::to_string(&disks)?, r#"{"base":"LabDisk","count_variable":"LabDiskCount"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ArraySpec<'a> {
    /// The base name (`OSDAdapter`).
    pub base: &'a str,
    /// The variable holding how many entries there are (`OSDAdapterCount`; for partitions the
    /// base itself, `OSDPartitions`).
    pub count_variable: &'a str,
}

/// Apply Network Settings' adapters: `OSDAdapter0IPAddressList`, count `OSDAdapterCount`.
///
/// ```
/// use tasksequence::vars::OSD_ADAPTER;
/// assert_eq!(OSD_ADAPTER.name(0, "DNSServerList"), "OSDAdapter0DNSServerList");
/// assert_eq!(OSD_ADAPTER.count_variable, "OSDAdapterCount");
/// ```
pub const OSD_ADAPTER: ArraySpec<'static> = ArraySpec {
    base: "OSDAdapter",
    count_variable: "OSDAdapterCount",
};
/// Format and Partition Disk's partitions: `OSDPartitions0Size`, count `OSDPartitions`.
///
/// ```
/// use tasksequence::vars::OSD_PARTITIONS;
///
/// // The count has no suffix: it is the base itself, so it never parses as an entry.
/// assert_eq!(OSD_PARTITIONS.count_variable, OSD_PARTITIONS.base);
/// assert!(OSD_PARTITIONS.parse("OSDPartitions").is_none());
/// ```
pub const OSD_PARTITIONS: ArraySpec<'static> = ArraySpec {
    base: "OSDPartitions",
    count_variable: "OSDPartitions",
};
/// Download Package Content's package list: `OSDPackage0PackageId`, count `OSDPackageCount`.
///
/// ```
/// use tasksequence::vars::OSD_PACKAGE;
/// assert_eq!(OSD_PACKAGE.parse("OSDPackage3PackageId").map(|n| n.index), Some(3));
/// ```
pub const OSD_PACKAGE: ArraySpec<'static> = ArraySpec {
    base: "OSDPackage",
    count_variable: "OSDPackageCount",
};
/// Install Application's fixed list: `OSDApp0Name`, count `OSDAppCount`.
///
/// ```
/// use tasksequence::vars::OSD_APP;
/// assert_eq!(OSD_APP.name(0, "Name"), "OSDApp0Name");
/// ```
pub const OSD_APP: ArraySpec<'static> = ArraySpec {
    base: "OSDApp",
    count_variable: "OSDAppCount",
};
/// The array families the engine's steps use.
///
/// ```
/// use tasksequence::vars::{KNOWN_ARRAYS, OSD_PARTITIONS};
///
/// let bases: Vec<&str> = KNOWN_ARRAYS.iter().map(|spec| spec.base).collect();
/// assert_eq!(bases, ["OSDAdapter", "OSDPartitions", "OSDPackage", "OSDApp"]);
/// assert!(KNOWN_ARRAYS.contains(&OSD_PARTITIONS));
/// ```
pub const KNOWN_ARRAYS: &[ArraySpec<'static>] =
    &[OSD_ADAPTER, OSD_PARTITIONS, OSD_PACKAGE, OSD_APP];

/// A parsed array variable name: `OSDAdapter0IPAddressList` → base `OSDAdapter`, index 0,
/// property `IPAddressList`. Borrowed from the name.
///
/// JSON: `{"base":"OSDAdapter","index":0,"property":"IPAddressList"}`.
///
/// ```
/// use tasksequence::vars::ArrayName;
///
/// let name = ArrayName::parse("OSDAdapter0IPAddressList").unwrap();
/// assert_eq!(name, ArrayName { base: "OSDAdapter", index: 0, property: "IPAddressList" });
/// assert_eq!(serde_json::to_string(&name)?, r#"{"base":"OSDAdapter","index":0,"property":"IPAddressList"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ArrayName<'n> {
    /// The base as written in the name.
    pub base: &'n str,
    /// The zero-based index.
    pub index: usize,
    /// The property as written.
    pub property: &'n str,
}

impl<'n> ArrayName<'n> {
    /// Parses `name` against [`KNOWN_ARRAYS`] first, then by shape: the first run of digits
    /// (written without leading zeros) that follows a non-empty base and is followed by a property
    /// starting with a letter. The shape rule cannot know that a base ends in digits; use
    /// [`ArraySpec::parse`] when the base is known.
    ///
    /// # Example
    /// ```
    /// use tasksequence::vars::ArrayName;
    /// let a = ArrayName::parse("OSDPartitions1Size").unwrap();
    /// assert_eq!((a.base, a.index, a.property), ("OSDPartitions", 1, "Size"));
    /// let b = ArrayName::parse("MyDisk12Letter").unwrap();
    /// assert_eq!((b.base, b.index, b.property), ("MyDisk", 12, "Letter"));
    /// assert!(ArrayName::parse("OSDAdapterCount").is_none());
    /// ```
    pub fn parse(name: &'n str) -> Option<Self> {
        if let Some(found) = KNOWN_ARRAYS.iter().find_map(|spec| spec.parse(name)) {
            return Some(found);
        }
        let bytes = name.as_bytes();
        let is_digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
        let mut at = 0;
        while at < bytes.len() {
            if !is_digit(at) {
                at += 1;
                continue;
            }
            let run_end = (at..bytes.len())
                .find(|&i| !is_digit(i))
                .unwrap_or(bytes.len());
            if let Some(parsed) = split_at_run(name, at, run_end) {
                return Some(parsed);
            }
            at = run_end;
        }
        None
    }

    /// The full variable name again.
    ///
    /// ```
    /// use tasksequence::vars::ArrayName;
    ///
    /// let name = ArrayName::parse("osdpartitions2VolumeName").unwrap();
    /// // The base keeps the spelling it was written with.
    /// assert_eq!(name.to_name(), "osdpartitions2VolumeName");
    /// assert_eq!(ArrayName { index: 3, ..name }.to_name(), "osdpartitions3VolumeName");
    /// ```
    pub fn to_name(&self) -> String {
        format!("{}{}{}", self.base, self.index, self.property)
    }
}

/// `name` split as base `..start`, index `start..end`, property `end..`, when that is canonical.
fn split_at_run(name: &str, start: usize, end: usize) -> Option<ArrayName<'_>> {
    let base = name.get(..start).filter(|b| !b.is_empty())?;
    let index = parse_index(name.get(start..end)?)?;
    let property = name.get(end..)?;
    property
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic())
        .then_some(ArrayName {
            base,
            index,
            property,
        })
}

/// A zero-based index written without leading zeros.
fn parse_index(digits: &str) -> Option<usize> {
    let index = parse_canonical_digits(digits)?;
    (digits.len() == decimal_width(index)).then_some(index)
}

impl<'a> ArraySpec<'a> {
    /// The variable for entry `index` (zero-based) and `property`: `OSDAdapter0IPAddressList`.
    ///
    /// # Example
    /// ```
    /// use tasksequence::vars::OSD_PARTITIONS;
    /// assert_eq!(OSD_PARTITIONS.name(1, "Size"), "OSDPartitions1Size");
    /// ```
    pub fn name(&self, index: usize, property: &str) -> String {
        array_variable_name(self.base, index, property)
    }

    /// Parses `name` as base (any case), index without leading zeros, and a property starting with
    /// a letter; `None` for other names, including the count variable.
    ///
    /// ```
    /// use tasksequence::vars::{ArraySpec, OSD_ADAPTER};
    ///
    /// assert_eq!(OSD_ADAPTER.parse("osdadapter2Gateways").map(|n| (n.index, n.property)), Some((2, "Gateways")));
    /// assert!(OSD_ADAPTER.parse("OSDAdapterCount").is_none());
    /// assert!(OSD_ADAPTER.parse("OSDAdapter01Gateways").is_none());
    /// // A known base that ends in digits, which the shape rule of `ArrayName::parse` cannot tell.
    /// let spec = ArraySpec { base: "Disk2Part", count_variable: "Disk2PartCount" };
    /// assert_eq!(spec.parse("Disk2Part0Size").map(|n| n.index), Some(0));
    /// ```
    pub fn parse<'n>(&self, name: &'n str) -> Option<ArrayName<'n>> {
        let base_len = self.base.len();
        let prefix = name.get(..base_len)?;
        if !prefix.eq_ignore_ascii_case(self.base) {
            return None;
        }
        let rest = name.get(base_len..)?;
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        split_at_run(name, base_len, base_len + digits)
    }

    /// Reads the family from `env`: the count from the count variable (absent → 0, and the
    /// engine then ignores every entry) and, for each index below the count, the properties
    /// present. Entries with no property are left out; properties come in the environment's order.
    ///
    /// # Errors
    /// [`ListError::Count`] when the count variable is not a non-negative integer.
    ///
    /// # Example
    /// ```
    /// use tasksequence::vars::{Environment, OSD_ADAPTER};
    /// let mut env = Environment::new();
    /// env.set_engine("OSDAdapterCount", "1", false)?;
    /// env.set_engine("OSDAdapter0EnableDHCP", "false", false)?;
    /// env.set_engine("OSDAdapter0IPAddressList", "10.0.0.5", false)?;
    /// env.set_engine("OSDAdapter1EnableDHCP", "true", false)?; // beyond the count
    /// let read = OSD_ADAPTER.read(&env)?;
    /// assert_eq!(read.count, 1);
    /// assert_eq!(read.items.len(), 1);
    /// assert_eq!(read.items[0].get("ipaddresslist"), Some("10.0.0.5"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read(&self, env: &Environment) -> Result<ArrayEntries, ListError> {
        let count = match env.get_var(self.count_variable) {
            None => 0,
            Some(var) => {
                parse_canonical_digits(var.value().trim()).ok_or_else(|| ListError::Count {
                    name: var.name().to_owned(),
                    value: var.shown(Secrets::Redact).to_owned(),
                })?
            }
        };
        let mut items: BTreeMap<usize, Vec<ArrayProperty>> = BTreeMap::new();
        for var in env {
            let Some(parsed) = self.parse(var.name()) else {
                continue;
            };
            if parsed.index >= count {
                continue;
            }
            items.entry(parsed.index).or_default().push(ArrayProperty {
                name: var.name().to_owned(),
                property: parsed.property.to_owned(),
                value: var.value().to_owned(),
                secret: var.is_secret(),
            });
        }
        Ok(ArrayEntries {
            count,
            items: items
                .into_iter()
                .map(|(index, properties)| ArrayItem { index, properties })
                .collect(),
        })
    }
}

/// The name `<base><index><property>`: `array_variable_name("OSDAdapter", 0, "IPAddressList")`
/// is `OSDAdapter0IPAddressList`.
///
/// # Example
/// ```
/// use tasksequence::vars::array_variable_name;
/// assert_eq!(array_variable_name("OSDPartitions", 1, "Size"), "OSDPartitions1Size");
/// ```
pub fn array_variable_name(base: &str, index: usize, property: &str) -> String {
    format!("{base}{index}{property}")
}

/// An array family read from an environment.
///
/// JSON: `{"count":2,"items":[{"index":0,"properties":[{"name":"OSDPartitions0Size","property":"Size","value":"100","secret":false}]}]}`.
///
/// ```
/// use tasksequence::vars::{Environment, OSD_PARTITIONS};
///
/// let mut env = Environment::new();
/// env.set_engine("OSDPartitions", "2", false)?;
/// env.set_engine("OSDPartitions0Size", "100", false)?;
/// // Partition 1 has no property set, so it is not listed.
/// let read = OSD_PARTITIONS.read(&env)?;
/// assert_eq!((read.count, read.items.len()), (2, 1));
/// let json = serde_json::to_value(&read)?;
/// assert_eq!(json["items"][0]["properties"][0]["name"], "OSDPartitions0Size");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrayEntries {
    /// The count variable's value (0 when absent).
    pub count: usize,
    /// Entries below the count that have at least one property, by index.
    pub items: Vec<ArrayItem>,
}

/// One entry of an array family.
///
/// ```
/// use tasksequence::vars::{Environment, OSD_APP};
///
/// let mut env = Environment::new();
/// env.set_engine("OSDAppCount", "2", false)?;
/// env.set_engine("OSDApp1Name", "Contoso Agent", false)?;
/// let read = OSD_APP.read(&env)?;
/// assert_eq!(read.items[0].index, 1);
/// assert_eq!(read.items[0].properties[0].property, "Name");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrayItem {
    /// The zero-based index.
    pub index: usize,
    /// The entry's properties.
    pub properties: Vec<ArrayProperty>,
}

impl ArrayItem {
    /// The value of `property` (any case).
    ///
    /// ```
    /// use tasksequence::vars::{Environment, OSD_ADAPTER};
    ///
    /// let mut env = Environment::new();
    /// env.set_engine("OSDAdapterCount", "1", false)?;
    /// env.set_engine("OSDAdapter0Gateways", "10.0.0.1", false)?;
    /// let read = OSD_ADAPTER.read(&env)?;
    /// assert_eq!(read.items[0].get("GATEWAYS"), Some("10.0.0.1"));
    /// assert_eq!(read.items[0].get("DNSServerList"), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(&self, property: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|p| p.property.eq_ignore_ascii_case(property))
            .map(|p| p.value.as_str())
    }
}

/// One property of an array entry. `Debug` and JSON redact a secret value.
///
/// ```
/// use tasksequence::vars::{Environment, OSD_ADAPTER, REDACTED};
///
/// let mut env = Environment::new();
/// env.set_engine("OSDAdapterCount", "1", false)?;
/// env.set_engine("OSDAdapter0WINSServerList", "10.0.0.9", true)?;
/// let read = OSD_ADAPTER.read(&env)?;
/// let property = &read.items[0].properties[0];
/// assert!(property.secret);
/// assert_eq!(property.value, "10.0.0.9");
/// assert_eq!(serde_json::to_value(property)?["value"], REDACTED);
/// assert!(!format!("{property:?}").contains("10.0.0.9"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct ArrayProperty {
    /// The full variable name (`OSDPartitions0Size`).
    pub name: String,
    /// The property part (`Size`).
    pub property: String,
    /// The value (not redacted here; outputs redact).
    pub value: String,
    /// Whether the value is secret.
    #[serde(default)]
    pub secret: bool,
}

impl fmt::Debug for ArrayProperty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArrayProperty")
            .field("name", &self.name)
            .field("property", &self.property)
            .field("value", &Secrets::Redact.show(&self.value, self.secret))
            .field("secret", &self.secret)
            .finish()
    }
}

impl Serialize for ArrayProperty {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ArrayProperty", 4)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("property", &self.property)?;
        s.serialize_field("value", Secrets::Redact.show(&self.value, self.secret))?;
        s.serialize_field("secret", &self.secret)?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vars::REDACTED;

    #[test]
    fn names_round_trip() {
        assert_eq!(
            array_variable_name("OSDAdapter", 0, "IPAddressList"),
            "OSDAdapter0IPAddressList"
        );
        assert_eq!(OSD_ADAPTER.name(10, "EnableDHCP"), "OSDAdapter10EnableDHCP");
        for spec in KNOWN_ARRAYS {
            for index in [0, 1, 9, 10, 123] {
                let name = spec.name(index, "Prop");
                let parsed = spec.parse(&name).unwrap();
                assert_eq!(
                    (parsed.base, parsed.index, parsed.property),
                    (spec.base, index, "Prop")
                );
                assert_eq!(parsed.to_name(), name);
                assert_eq!(ArrayName::parse(&name), Some(parsed));
            }
        }
    }

    #[test]
    fn parse_rejects() {
        for name in [
            "OSDAdapterCount",
            "OSDPartitions",
            "OSDPartitions01Size",
            "OSDPartitions1",
            "OSDPartitions1_x",
            "OSDAdapter",
            "",
            "0Name",
            "12Name",
        ] {
            assert!(ArrayName::parse(name).is_none(), "{name}");
        }
        assert!(OSD_ADAPTER.parse("OSDPartitions0Size").is_none());
        assert_eq!(OSD_ADAPTER.parse("osdadapter2Gateways").unwrap().index, 2);
        // A property may contain digits after its first letter.
        assert_eq!(
            ArrayName::parse("OSDAdapter0IPv6").unwrap().property,
            "IPv6"
        );
        // The shape rule skips digit runs that cannot split the name.
        let odd = ArrayName::parse("A01B2Name").unwrap();
        assert_eq!((odd.base, odd.index, odd.property), ("A01B", 2, "Name"));
        assert!(ArrayName::parse("A٣Name").is_none());
    }

    #[test]
    fn read_with_count() {
        let mut env = Environment::new();
        env.set_engine("OSDPartitions", "2", false).unwrap();
        env.set_engine("OSDPartitions0Size", "100", false).unwrap();
        env.set_engine("OSDPartitions0Type", "Primary", false)
            .unwrap();
        env.set_engine("OSDPartitions1Size", "200", false).unwrap();
        env.set_engine("OSDPartitions2Size", "ignored", false)
            .unwrap();
        let read = OSD_PARTITIONS.read(&env).unwrap();
        assert_eq!(read.count, 2);
        assert_eq!(read.items.len(), 2);
        assert_eq!(read.items[0].get("size"), Some("100"));
        assert_eq!(read.items[0].get("Type"), Some("Primary"));
        assert_eq!(read.items[1].get("Size"), Some("200"));
        assert_eq!(read.items[1].get("Type"), None);
        assert_eq!(
            serde_json::to_string(&read.items[1]).unwrap(),
            r#"{"index":1,"properties":[{"name":"OSDPartitions1Size","property":"Size","value":"200","secret":false}]}"#
        );
    }

    #[test]
    fn read_without_or_bad_count() {
        let mut env = Environment::new();
        env.set_engine("OSDAdapter0EnableDHCP", "true", false)
            .unwrap();
        let read = OSD_ADAPTER.read(&env).unwrap();
        assert_eq!((read.count, read.items.len()), (0, 0));
        env.set_engine("OSDAdapterCount", "two", false).unwrap();
        assert_eq!(
            OSD_ADAPTER.read(&env).unwrap_err().to_string(),
            "count variable `OSDAdapterCount` holds `two`, not a non-negative integer"
        );
        env.set_engine("OSDAdapterCount", " 99999999999999999999999 ", false)
            .unwrap();
        assert!(OSD_ADAPTER.read(&env).is_err());
        env.set_engine("OSDAdapterCount", "4000000000", false)
            .unwrap();
        assert_eq!(OSD_ADAPTER.read(&env).unwrap().items.len(), 1);
    }

    #[test]
    fn secrets_redacted() {
        let mut env = Environment::new();
        env.set_engine("OSDAdapterCount", "1", false).unwrap();
        env.set_engine("OSDAdapter0Secret", "hush", true).unwrap();
        let read = OSD_ADAPTER.read(&env).unwrap();
        assert_eq!(read.items[0].get("Secret"), Some("hush"));
        let json = serde_json::to_string(&read).unwrap();
        let debug = format!("{read:?}");
        for out in [json, debug] {
            assert!(!out.contains("hush") && out.contains(REDACTED), "{out}");
        }
    }
}
