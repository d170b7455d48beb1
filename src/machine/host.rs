use serde::{Deserialize, Serialize};

use crate::model::RegistryType;
use crate::wql::{Instance, Query};

/// What the core may ask about the machine a sequence runs on.
///
/// The core never reads files, the registry or WMI itself; every such question goes through this
/// trait. [`MachineProfile`](crate::machine::MachineProfile) answers from a JSON description so that
/// everything works offline; C and C# callers can answer through callbacks.
///
/// Paths, registry keys, WMI class and property names are case-insensitive, as on Windows; an
/// implementation is expected to honour that.
///
/// ```
/// use tasksequence::machine::{FileFacts, FolderFacts, Host, HostError, Instance, ProductFacts, ProductQuery, RegistryValue, WithHost, WmiValue};
/// use tasksequence::vars::{expand, NoVariables};
/// use tasksequence::wql::Query;
///
/// // A host that knows one WMI instance and one environment variable, and nothing else.
/// struct Kiosk;
/// impl Host for Kiosk {
///     fn wmi_query(&self, namespace: &str, query: &Query) -> Result<Vec<Instance>, HostError> {
///         if !namespace.eq_ignore_ascii_case(r"root\cimv2") || !query.class().as_str().eq_ignore_ascii_case("Win32_ComputerSystem") {
///             return Err(HostError::new(format!("unknown WMI class `{}`", query.class())));
///         }
///         let mut cs = Instance::new();
///         cs.insert("Manufacturer".into(), WmiValue::String("LENOVO".into()));
///         Ok(if query.matches(&cs).map_err(|e| HostError::new(e.to_string()))? { vec![cs] } else { Vec::new() })
///     }
///     fn file(&self, _: &str) -> Option<FileFacts> { None }
///     fn folder(&self, _: &str) -> Option<FolderFacts> { None }
///     fn registry(&self, _: &str, _: &str) -> Option<RegistryValue> { None }
///     fn product(&self, _: &ProductQuery) -> Option<ProductFacts> { None }
///     fn env_var(&self, name: &str) -> Option<String> {
///         name.eq_ignore_ascii_case("windir").then(|| r"C:\Windows".to_string())
///     }
/// }
///
/// let lenovo = Query::parse("SELECT * FROM Win32_ComputerSystem WHERE Manufacturer LIKE 'lenovo%'")?;
/// assert_eq!(Kiosk.wmi_count(r"ROOT\CIMV2", &lenovo)?, 1); // the default: `wmi_query`'s length
/// assert!(Kiosk.wmi_count(r"root\cimv2", &Query::parse("SELECT * FROM Win32_BIOS")?).is_err());
/// assert_eq!(expand(r"%windir%\Temp", &WithHost::new(&NoVariables, Some(&Kiosk))), r"C:\Windows\Temp");
/// assert!(Kiosk.hardware().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Host {
    /// Runs a parsed WQL query in `namespace` and returns the matching instances.
    ///
    /// # Errors
    /// [`HostError`] when the class or namespace is unknown to the host or the query cannot be answered.
    ///
    /// # Examples
    ///
    /// ```
    /// use tasksequence::machine::{Host, MachineProfile, WmiValue};
    /// use tasksequence::wql::Query;
    ///
    /// let profile = MachineProfile::from_json(r#"{"wmi": {"root\\cimv2": {"Win32_LogicalDisk": [
    ///     {"DeviceID": "C:", "DriveType": 3}, {"DeviceID": "D:", "DriveType": 5}]}}}"#)?;
    /// let q = Query::parse("SELECT DeviceID FROM Win32_LogicalDisk WHERE DriveType = 3")?;
    /// let rows = profile.wmi_query(r"root\cimv2", &q)?;
    /// assert_eq!(rows.len(), 1);
    /// assert_eq!(rows[0].get("DeviceID"), Some(&WmiValue::String("C:".into())));
    /// assert!(!rows[0].contains_key("DriveType")); // only the selected properties
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn wmi_query(&self, namespace: &str, query: &Query) -> Result<Vec<Instance>, HostError>;

    /// How many instances the query returns. Conditions only need the count, so hosts that can count
    /// without building instances should override this.
    ///
    /// # Errors
    /// As [`Host::wmi_query`].
    ///
    /// # Examples
    ///
    /// ```
    /// use tasksequence::machine::{Host, MachineProfile};
    /// use tasksequence::wql::Query;
    ///
    /// let profile = MachineProfile::from_json(r#"{"wmi": {"root\\cimv2": {"Win32_Battery": []}}}"#)?;
    /// assert_eq!(profile.wmi_count(r"root\cimv2", &Query::parse("SELECT * FROM Win32_Battery")?)?, 0);
    /// let err = profile.wmi_count(r"root\cimv2", &Query::parse("SELECT * FROM Win32_Tpm")?).unwrap_err();
    /// assert_eq!(err.to_string(), r"unknown WMI class `Win32_Tpm` in namespace `root\cimv2`");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn wmi_count(&self, namespace: &str, query: &Query) -> Result<usize, HostError> {
        self.wmi_query(namespace, query).map(|rows| rows.len())
    }

    /// Facts about a file, `None` when it does not exist. `path` is already expanded.
    ///
    /// ```
    /// use tasksequence::machine::{Host, MachineProfile};
    ///
    /// let profile = MachineProfile::from_json(r#"{"files": {"C:\\Windows\\System32\\ntdll.dll": {"version": "10.0.19041.3636"}}}"#)?;
    /// let facts = profile.file(r"c:/windows/system32/NTDLL.DLL").unwrap();
    /// assert_eq!(facts.version.as_deref(), Some("10.0.19041.3636"));
    /// assert!(profile.file(r"C:\Windows\notepad.exe").is_none());
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    fn file(&self, path: &str) -> Option<FileFacts>;

    /// [`Host::file`] without copying the facts when the host keeps them (a
    /// [`MachineProfile`](crate::machine::MachineProfile) does), for callers that only read them;
    /// the default calls [`Host::file`].
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use tasksequence::machine::{Host, MachineProfile};
    ///
    /// let profile = MachineProfile::from_json(r#"{"files": {"C:\\Windows\\notepad.exe": {"version": "10.0.19041.1"}}}"#)?;
    /// let facts = profile.file_ref(r"c:\windows\NOTEPAD.EXE").unwrap();
    /// assert!(matches!(facts, Cow::Borrowed(_)));
    /// assert_eq!(facts.version.as_deref(), Some("10.0.19041.1"));
    /// assert!(profile.file_ref(r"C:\Windows\regedit.exe").is_none());
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    fn file_ref(&self, path: &str) -> Option<std::borrow::Cow<'_, FileFacts>> {
        self.file(path).map(std::borrow::Cow::Owned)
    }

    /// Facts about a folder, `None` when it does not exist. `path` is already expanded.
    ///
    /// ```
    /// use tasksequence::machine::{Host, MachineProfile};
    ///
    /// let profile = MachineProfile::from_json(r#"{"folders": {"C:\\Temp": {"modified": "2024-01-02T03:04:05Z"}}}"#)?;
    /// assert_eq!(profile.folder(r"C:\TEMP\").and_then(|f| f.modified).as_deref(), Some("2024-01-02T03:04:05Z"));
    /// assert!(profile.folder(r"C:\Missing").is_none());
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    fn folder(&self, path: &str) -> Option<FolderFacts>;

    /// A registry value; `value` is the value name, `""` for the key's default value.
    ///
    /// ```
    /// use tasksequence::machine::{Host, MachineProfile, RegistryData, RegistryType};
    ///
    /// let profile = MachineProfile::from_json(r#"{"registry": {"HKLM\\SOFTWARE\\Contoso": {"Ring": {"type": "REG_SZ", "data": "pilot"}}}}"#)?;
    /// let value = profile.registry(r"HKEY_LOCAL_MACHINE\SOFTWARE\Contoso", "ring").unwrap();
    /// assert_eq!((value.kind, value.data), (RegistryType::Sz, RegistryData::String("pilot".into())));
    /// assert!(profile.registry(r"HKLM\SOFTWARE\Contoso", "").is_none());
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    fn registry(&self, key: &str, value: &str) -> Option<RegistryValue>;

    /// An installed MSI product matching the query.
    ///
    /// ```
    /// use tasksequence::machine::{Host, MachineProfile, ProductQuery};
    ///
    /// let profile = MachineProfile::from_json(r#"{"products": [{"product_code": "{11111111-1111-1111-1111-111111111111}",
    ///     "upgrade_code": "{22222222-2222-2222-2222-222222222222}", "name": "Contoso Agent", "version": "2.1.0"}]}"#)?;
    /// let by_upgrade = ProductQuery::UpgradeCode("22222222-2222-2222-2222-222222222222".into());
    /// assert_eq!(profile.product(&by_upgrade).map(|p| p.version).as_deref(), Some("2.1.0"));
    /// assert!(profile.product(&ProductQuery::ProductCode("{22222222-2222-2222-2222-222222222222}".into())).is_none());
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    fn product(&self, query: &ProductQuery) -> Option<ProductFacts>;

    /// A variable of the operating system's environment (`windir`, `TEMP`), used when a `%NAME%`
    /// reference is not a task sequence variable.
    ///
    /// ```
    /// use tasksequence::machine::{Host, MachineProfile};
    ///
    /// let profile = MachineProfile::from_json(r#"{"environment": {"PROCESSOR_ARCHITECTURE": "AMD64"}}"#)?;
    /// assert_eq!(profile.env_var("processor_architecture").as_deref(), Some("AMD64"));
    /// assert_eq!(profile.env_var("TEMP"), None);
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    fn env_var(&self, name: &str) -> Option<String>;

    /// [`Host::env_var`] without copying where the host keeps the value (a
    /// [`crate::machine::MachineProfile`] does): path expansion on the condition hot path asks
    /// this. The default copies from [`Host::env_var`].
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use tasksequence::machine::{Host, MachineProfile};
    ///
    /// let profile = MachineProfile::from_json(r#"{"environment": {"windir": "C:\\Windows"}}"#)?;
    /// let windir = profile.env_var_ref("WINDIR").unwrap();
    /// assert!(matches!(windir, Cow::Borrowed(r"C:\Windows")));
    /// assert!(profile.env_var_ref("TEMP").is_none());
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    fn env_var_ref(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.env_var(name).map(std::borrow::Cow::Owned)
    }

    /// The facts Check Readiness tests (memory, disk, power, network, TPM, …); `None` (the
    /// default) when the host knows none, in which case the checks fall back on WMI where they can.
    ///
    /// ```
    /// use tasksequence::machine::{Host, MachineProfile};
    ///
    /// let profile = MachineProfile::from_json(r#"{"hardware": {"memory_mb": 8192, "uefi": true}}"#)?;
    /// assert_eq!(Host::hardware(&profile).and_then(|h| h.memory_mb), Some(8192));
    /// // A profile without facts answers none.
    /// assert!(Host::hardware(&MachineProfile::from_json("{}")?).is_none());
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    fn hardware(&self) -> Option<Hardware> {
        None
    }
}

/// Hardware facts for Check Readiness ([`Host::hardware`]). Every field is optional; a missing one
/// is unknown.
///
/// JSON shape: the snake_case field names below; `null` fields are omitted when written.
///
/// ```
/// use tasksequence::machine::Hardware;
///
/// let facts: Hardware = serde_json::from_str(r#"{"memory_mb": 16384, "tpm_enabled": true}"#)?;
/// assert_eq!((facts.memory_mb, facts.tpm_enabled, facts.uefi), (Some(16384), Some(true), None));
/// assert_eq!(serde_json::to_string(&facts)?, r#"{"memory_mb":16384,"tpm_enabled":true}"#);
/// // A misspelt fact is refused rather than ignored.
/// assert!(serde_json::from_str::<Hardware>(r#"{"memory": 1}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
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
///
/// ```
/// use tasksequence::machine::{Host, MachineProfile};
/// use tasksequence::wql::Query;
///
/// let profile = MachineProfile::from_json("{}")?;
/// let err = profile.wmi_query(r"root\cimv2", &Query::parse("SELECT * FROM Win32_BIOS")?).unwrap_err();
/// assert_eq!(err.message, r"unknown WMI namespace `root\cimv2`");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct HostError {
    /// What went wrong, lower-case, input quoted in backticks.
    pub message: String,
}

impl HostError {
    /// An error with the given message.
    ///
    /// ```
    /// use tasksequence::machine::HostError;
    ///
    /// let err = HostError::new("access to `root\\wmi` denied");
    /// assert_eq!(err.to_string(), "access to `root\\wmi` denied");
    /// ```
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

/// Facts about a file.
///
/// ```
/// use tasksequence::machine::FileFacts;
///
/// let facts: FileFacts = serde_json::from_str(r#"{"version": "10.0.19041.1"}"#)?;
/// assert_eq!(facts, FileFacts { version: Some("10.0.19041.1".into()), modified: None });
/// assert_eq!(serde_json::to_string(&FileFacts::default())?, "{}");
/// # Ok::<(), serde_json::Error>(())
/// ```
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
///
/// ```
/// use tasksequence::machine::{FolderFacts, Host, MachineProfile};
///
/// // A listed file's folders exist too, without facts.
/// let profile = MachineProfile::from_json(r#"{"files": {"C:\\Tools\\x.exe": {}}}"#)?;
/// assert_eq!(profile.folder(r"C:\Tools"), Some(FolderFacts::default()));
/// # Ok::<(), tasksequence::machine::ProfileError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderFacts {
    /// Last modification time in UTC, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
}

/// The data of a registry value.
///
/// ```
/// use tasksequence::machine::RegistryData;
///
/// let data: Vec<RegistryData> = serde_json::from_str(r#"[1, "text", ["a", "b"]]"#)?;
/// assert_eq!(data, [
///     RegistryData::Number(1),
///     RegistryData::String("text".into()),
///     RegistryData::Strings(vec!["a".into(), "b".into()]),
/// ]);
/// # Ok::<(), serde_json::Error>(())
/// ```
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
    if !digits.len().is_multiple_of(2) {
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
///
/// ```
/// use tasksequence::machine::{RegistryData, RegistryType, RegistryValue};
///
/// let value: RegistryValue = serde_json::from_str(r#"{"type": "REG_DWORD", "data": 1}"#)?;
/// assert_eq!(value, RegistryValue { kind: RegistryType::Dword, data: RegistryData::Number(1) });
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryValue {
    /// The value's type.
    #[serde(rename = "type")]
    pub kind: RegistryType,
    /// The value's data.
    pub data: RegistryData,
}

/// Which MSI product an Installed Software condition asks about.
///
/// ```
/// use tasksequence::machine::ProductQuery;
///
/// let query = ProductQuery::ProductCode("{90160000-0011-0000-0000-0000000FF1CE}".into());
/// assert_eq!(serde_json::to_string(&query)?, r#"{"product_code":"{90160000-0011-0000-0000-0000000FF1CE}"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductQuery {
    /// This exact product (`ThisVersion`): match by product code.
    ProductCode(String),
    /// Any version of the product (`AnyVersion`): match by upgrade code.
    UpgradeCode(String),
}

/// An installed MSI product.
///
/// ```
/// use tasksequence::machine::{MachineProfile, ProductFacts};
///
/// let profile = MachineProfile::from_json(r#"{"products": [{"product_code": "{1}", "upgrade_code": "{2}", "name": "Contoso Agent", "version": "2.1.0"}]}"#)?;
/// let product: &ProductFacts = &profile.products()[0];
/// assert_eq!((product.name.as_str(), product.version.as_str()), ("Contoso Agent", "2.1.0"));
/// # Ok::<(), tasksequence::machine::ProfileError>(())
/// ```
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
