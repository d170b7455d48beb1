use serde::{Deserialize, Serialize};

use crate::model::RegistryType;
use crate::wql::{Instance, Query};

/// What the core may ask about the machine a sequence runs on.
///
/// The core never reads files, the registry or WMI itself; every such question goes through this
/// trait. [`crate::machine`]'s profile type answers from a JSON description so that everything works
/// offline; C and C# callers can answer through callbacks.
///
/// Paths, registry keys, WMI class and property names are case-insensitive, as on Windows; an
/// implementation is expected to honour that.
pub trait Host {
    /// Runs a parsed WQL query in `namespace` and returns the matching instances.
    ///
    /// # Errors
    /// [`HostError`] when the class or namespace is unknown to the host or the query cannot be answered.
    fn wmi_query(&self, namespace: &str, query: &Query) -> Result<Vec<Instance>, HostError>;

    /// How many instances the query returns. Conditions only need the count, so hosts that can count
    /// without building instances should override this.
    ///
    /// # Errors
    /// As [`Host::wmi_query`].
    fn wmi_count(&self, namespace: &str, query: &Query) -> Result<usize, HostError> {
        self.wmi_query(namespace, query).map(|rows| rows.len())
    }

    /// Facts about a file, `None` when it does not exist. `path` is already expanded.
    fn file(&self, path: &str) -> Option<FileFacts>;

    /// Facts about a folder, `None` when it does not exist. `path` is already expanded.
    fn folder(&self, path: &str) -> Option<FolderFacts>;

    /// A registry value; `value` is the value name, `""` for the key's default value.
    fn registry(&self, key: &str, value: &str) -> Option<RegistryValue>;

    /// An installed MSI product matching the query.
    fn product(&self, query: &ProductQuery) -> Option<ProductFacts>;

    /// A variable of the operating system's environment (`windir`, `TEMP`), used when a `%NAME%`
    /// reference is not a task sequence variable.
    fn env_var(&self, name: &str) -> Option<String>;

    /// The facts Check Readiness tests (memory, disk, power, network, TPM, …); `None` (the
    /// default) when the host knows none, in which case the checks fall back on WMI where they can.
    fn hardware(&self) -> Option<Hardware> {
        None
    }
}

/// Hardware facts for Check Readiness ([`Host::hardware`]). Every field is optional; a missing one
/// is unknown.
///
/// JSON shape: the snake_case field names below; `null` fields are omitted when written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hardware {
    /// Physical memory in MB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_mb: Option<u64>,
    /// Processor speed in MHz.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processor_mhz: Option<u64>,
    /// Free space on the OS disk in MB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_disk_mb: Option<u64>,
    /// Booted in UEFI mode (false: legacy BIOS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uefi: Option<bool>,
    /// Running on AC power (false: on battery).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_ac_power: Option<bool>,
    /// A network connection is up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_connected: Option<bool>,
    /// The connection is wired (not wireless).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wired: Option<bool>,
    /// A TPM is present and enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tpm_enabled: Option<bool>,
    /// The TPM is activated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tpm_activated: Option<bool>,
    /// The ConfigMgr client version, dotted (`5.00.9106.1000`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_version: Option<String>,
}

impl Hardware {
    /// Whether no fact is known.
    ///
    /// ```
    /// assert!(tasksequence::machine::Hardware::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A host's refusal or failure to answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct HostError {
    /// What went wrong, lower-case, input quoted in backticks.
    pub message: String,
}

impl HostError {
    /// An error with the given message.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

/// Facts about a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFacts {
    /// The file version resource, dotted (`10.0.19041.1`), when the file has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Last modification time in UTC, RFC 3339 (`2023-05-01T10:00:00Z`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
}

/// Facts about a folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderFacts {
    /// Last modification time in UTC, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
}

/// The data of a registry value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RegistryData {
    /// `REG_DWORD` / `REG_QWORD` data.
    Number(u64),
    /// `REG_SZ` / `REG_EXPAND_SZ` data.
    String(String),
    /// `REG_MULTI_SZ` data.
    Strings(Vec<String>),
    /// `REG_BINARY` / `REG_NONE` data.
    Bytes(Vec<u8>),
}

impl RegistryData {
    /// Reads data written as text, as hosts that are not JSON give it (the C callbacks, a profile
    /// writing a number or bytes as a string): `REG_SZ`/`REG_EXPAND_SZ` the text itself;
    /// `REG_MULTI_SZ` strings separated by U+0000 (a trailing one ignored); `REG_DWORD` (up to
    /// 4294967295) and `REG_QWORD` a decimal or `0x` hexadecimal number; `REG_BINARY` and
    /// `REG_NONE` hex digit pairs, spaces and commas between them allowed.
    ///
    /// ```
    /// use tasksequence::machine::{RegistryData, RegistryType};
    /// assert_eq!(RegistryData::from_text(RegistryType::Dword, "0xEDB"), Ok(RegistryData::Number(3803)));
    /// assert_eq!(RegistryData::from_text(RegistryType::Binary, "0a ff"), Ok(RegistryData::Bytes(vec![10, 255])));
    /// assert_eq!(
    ///     RegistryData::from_text(RegistryType::MultiSz, "a\0b\0"),
    ///     Ok(RegistryData::Strings(vec!["a".into(), "b".into()]))
    /// );
    /// assert!(RegistryData::from_text(RegistryType::Dword, "4294967296").is_err());
    /// ```
    ///
    /// # Errors
    /// A message naming the type and the expected form when the text does not fit the type.
    pub fn from_text(kind: RegistryType, text: &str) -> Result<RegistryData, String> {
        let fail = |what: &str| format!("{} data must be {what}, not `{text}`", kind.as_str());
        Ok(match kind {
            RegistryType::Sz | RegistryType::ExpandSz => RegistryData::String(text.to_owned()),
            RegistryType::MultiSz => {
                let body = text.trim_end_matches('\0');
                RegistryData::Strings(if body.is_empty() {
                    Vec::new()
                } else {
                    body.split('\0').map(str::to_owned).collect()
                })
            }
            RegistryType::Dword => RegistryData::Number(
                number_text(text)
                    .filter(|n| *n <= u64::from(u32::MAX))
                    .ok_or_else(|| fail("a number from 0 to 4294967295"))?,
            ),
            RegistryType::Qword => RegistryData::Number(
                number_text(text).ok_or_else(|| fail("an unsigned 64-bit number"))?,
            ),
            RegistryType::Binary | RegistryType::None => {
                RegistryData::Bytes(hex_bytes(text).ok_or_else(|| fail("hex digit pairs"))?)
            }
        })
    }
}

fn number_text(text: &str) -> Option<u64> {
    let text = text.trim();
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = text
        .bytes()
        .filter(|b| !matches!(b, b' ' | b',' | b'\t'))
        .collect();
    if digits.len() % 2 != 0 {
        return None;
    }
    digits
        .chunks_exact(2)
        .map(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|p| u8::from_str_radix(p, 16).ok())
        })
        .collect()
}

/// A registry value: its type and data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryValue {
    /// The value's type.
    #[serde(rename = "type")]
    pub kind: RegistryType,
    /// The value's data.
    pub data: RegistryData,
}

/// Which MSI product an Installed Software condition asks about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductQuery {
    /// This exact product (`ThisVersion`): match by product code.
    ProductCode(String),
    /// Any version of the product (`AnyVersion`): match by upgrade code.
    UpgradeCode(String),
}

/// An installed MSI product.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductFacts {
    /// The product code, a braced GUID.
    #[serde(default)]
    pub product_code: String,
    /// The upgrade code, a braced GUID.
    #[serde(default)]
    pub upgrade_code: String,
    /// The product name.
    #[serde(default)]
    pub name: String,
    /// The product version, dotted.
    #[serde(default)]
    pub version: String,
}
