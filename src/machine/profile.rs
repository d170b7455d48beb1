//! A machine described in JSON, answering every [`Host`] question offline.
//!
//! See [`MachineProfile`] for the JSON schema.

mod de;
mod table;

use serde::{Deserialize, Serialize};
use std::fmt;

use self::de::{Ctx, Raw, RootSeed};
use self::table::{KeyKind, Table};
use super::host::{
    FileFacts, FolderFacts, Hardware, Host, HostError, ProductFacts, ProductQuery, RegistryValue,
};
use crate::wql::{Ident, Instance, PropertyLookup, Query, WmiValue};

/// The longest text a profile value holds, in characters (UTF-16 code units, as Windows counts):
/// WMI strings (each item of an array too), registry string data (each string of a
/// `REG_MULTI_SZ`; binary data in bytes), file versions and times, product fields, the name and
/// the description. Longer values are refused when the profile is read, with an error naming
/// the field, so that no comparison or `LIKE` ever runs over an unbounded value.
///
/// Task sequence variables hold at most [`crate::vars::MAX_VALUE_LEN`] (4,000) characters, as in
/// the engine; environment values at most [`MAX_PROFILE_PATH`], as in Windows.
///
/// ```
/// use tasksequence::machine::{MachineProfile, MAX_PROFILE_TEXT};
///
/// let long = "x".repeat(MAX_PROFILE_TEXT + 1);
/// let json = format!(r#"{{"wmi": {{"root\\cimv2": {{"Win32_BIOS": [{{"Version": "{long}"}}]}}}}}}"#);
/// let err = MachineProfile::from_json(&json).unwrap_err();
/// assert_eq!(err.path, r"wmi.root\cimv2.Win32_BIOS[0].Version");
/// assert!(err.message.starts_with("value is 65537 characters long; this field holds at most 65536"));
/// ```
pub const MAX_PROFILE_TEXT: usize = 65_536;

/// The longest path a profile names, in characters: keys of `files`, `folders`, `registry` and
/// `wmi` (namespaces), and values of `environment` (32,767, Windows' limit for long paths and
/// environment values).
///
/// ```
/// use tasksequence::machine::{MachineProfile, MAX_PROFILE_PATH};
///
/// let path = format!(r"C:\\{}", "d".repeat(MAX_PROFILE_PATH));
/// let err = MachineProfile::from_json(&format!(r#"{{"files": {{"{path}": {{}}}}}}"#)).unwrap_err();
/// assert!(err.path.starts_with(r"files.C:\ddd") && err.path.ends_with('…'));
/// assert!(err.message.starts_with("key is 32770 characters long; keys here hold at most 32767"));
/// ```
pub const MAX_PROFILE_PATH: usize = 32_767;

/// The longest name a profile uses, in characters: variable and environment names are shorter
/// still (their own rules), WMI class and property names and registry value names hold at most
/// 16,383 (Windows' limit for registry value names).
///
/// ```
/// use tasksequence::machine::{MachineProfile, MAX_PROFILE_NAME};
///
/// let name = "P".repeat(MAX_PROFILE_NAME + 1);
/// let json = format!(r#"{{"registry": {{"HKLM\\SOFTWARE\\Contoso": {{"{name}": {{"type": "REG_SZ", "data": "x"}}}}}}}}"#);
/// let err = MachineProfile::from_json(&json).unwrap_err();
/// assert_eq!(err.message, "key is 16384 characters long; keys here hold at most 16383", "{err}");
/// ```
pub const MAX_PROFILE_NAME: usize = 16_383;

/// What went wrong in a profile's JSON.
///
/// JSON shape: `{"kind": "syntax" | "invalid", "path": "wmi.root\\cimv2.Win32_OperatingSystem[0].OSLanguage",
/// "line": 3, "column": 17, "message": "…"}`.
///
/// ```
/// use tasksequence::machine::{MachineProfile, ProfileErrorKind};
///
/// let err = MachineProfile::from_json("{\n  \"variables\": {\"Make\": []}\n}").unwrap_err();
/// assert_eq!(err.kind, ProfileErrorKind::Invalid);
/// assert_eq!((err.path.as_str(), err.line, err.column), ("variables.Make", 2, 26));
/// assert!(err.to_string().starts_with("`variables.Make`: "));
/// assert!(err.to_string().ends_with(" at line 2, column 26"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct ProfileError {
    /// Whether the text is not JSON at all, or JSON that does not fit the schema.
    pub kind: ProfileErrorKind,
    /// Where in the document: keys joined with `.`, array indices as `[n]`; empty at the top level.
    pub path: String,
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
    /// What is wrong, without the position.
    pub message: String,
}

/// The two kinds of [`ProfileError`].
///
/// ```
/// use tasksequence::machine::{MachineProfile, ProfileErrorKind};
///
/// assert_eq!(MachineProfile::from_json(r#"{"name": "cut"#).unwrap_err().kind, ProfileErrorKind::Syntax);
/// assert_eq!(MachineProfile::from_json(r#"{"nmae": "typo"}"#).unwrap_err().kind, ProfileErrorKind::Invalid);
/// assert_eq!(serde_json::to_string(&ProfileErrorKind::Syntax)?, r#""syntax""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileErrorKind {
    /// Not well-formed JSON (or cut short).
    Syntax,
    /// Well-formed JSON that does not fit the profile schema.
    Invalid,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)?;
        } else {
            write!(f, "`{}`: {}", self.path, self.message)?;
        }
        write!(f, " at line {}, column {}", self.line, self.column)
    }
}

/// The sections of a profile, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Name,
    Description,
    Variables,
    Environment,
    Wmi,
    Files,
    Folders,
    Registry,
    Products,
    Hardware,
}

impl Section {
    const NAMES: &'static [&'static str] = &[
        "name",
        "description",
        "variables",
        "environment",
        "wmi",
        "files",
        "folders",
        "registry",
        "products",
        "hardware",
    ];

    fn parse(key: &str) -> Option<Self> {
        const ALL: [Section; 10] = [
            Section::Name,
            Section::Description,
            Section::Variables,
            Section::Environment,
            Section::Wmi,
            Section::Files,
            Section::Folders,
            Section::Registry,
            Section::Products,
            Section::Hardware,
        ];
        Self::NAMES
            .iter()
            .zip(ALL)
            .find(|(n, _)| **n == key)
            .map(|(_, s)| s)
    }
}

/// One WMI instance: its properties in the order given, indexed by folded name.
type Object = Table<WmiValue>;

impl PropertyLookup for Object {
    fn property(&self, property: &Ident) -> Option<&WmiValue> {
        self.get_normalized(property.folded()).map(|(_, v)| v)
    }
}

/// A machine described in JSON; implements [`Host`] so that conditions evaluate offline.
///
/// Immutable after loading, `Send + Sync`; clone it to vary a machine. Two profiles are equal when
/// their contents are (key spelling and order included).
///
/// # JSON schema
///
/// A profile is one JSON object. Every section is optional; a missing section is empty. Unknown
/// top-level keys are an error (so a misspelt section is not silently ignored).
///
/// ```json
/// { "name": "Win10 x64 en-US laptop",
///   "description": "free text",
///   "variables":   { "_SMSTSInWinPE": "false", "Make": "LENOVO" },
///   "environment": { "windir": "C:\\Windows", "PROCESSOR_ARCHITECTURE": "AMD64" },
///   "wmi": { "root\\cimv2": {
///       "Win32_OperatingSystem": [ { "OSArchitecture": "64-bit", "OSLanguage": 1033, "Version": "10.0.19045" } ],
///       "Win32_Battery": [] } },
///   "files":    { "C:\\Windows\\notepad.exe": { "version": "10.0.19041.1", "modified": "2023-05-01T10:00:00Z" } },
///   "folders":  { "C:\\Temp": {} },
///   "registry": { "HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso": { "Installed": { "type": "REG_DWORD", "data": 1 },
///                                                          "":          { "type": "REG_SZ", "data": "default value" } } },
///   "products": [ { "product_code": "{90160000-0011-0000-0000-0000000FF1CE}",
///                   "upgrade_code": "{00160000-0011-0000-0000-0000000FF1CE}",
///                   "name": "Microsoft Office Professional Plus 2016", "version": "16.0.4266.1001" } ],
///   "hardware": { "memory_mb": 16384, "processor_mhz": 2400, "free_disk_mb": 120000, "uefi": true,
///                 "on_ac_power": true, "network_connected": true, "wired": true,
///                 "tpm_enabled": true, "tpm_activated": true, "client_version": "5.00.9106.1000" } }
/// ```
///
/// | key | value | notes |
/// |---|---|---|
/// | `name` | string | shown in reports |
/// | `description` | string | free text |
/// | `variables` | object: name → string | task sequence variables the run starts with (see [`MachineProfile::variables`]); `true`/`1` without quotes are taken as their text |
/// | `environment` | object: name → string | the OS environment (`%windir%`), see [`Host::env_var`] |
/// | `wmi` | object: namespace → class → array of instances | an instance is an object: property → `null`, boolean, integer, real, string, or an array of those. Give values in the type WMI uses (`OSLanguage` is a number, `Version` a string): WQL compares a string property as text. An empty array says the class exists with no instances (`Win32_Battery` on a desktop); a class not listed is unknown, and querying it is an error, as on a machine without that class |
/// | `files` | object: path → `{ "version"?, "modified"? }` | `version` dotted numbers; `modified` RFC 3339 UTC (`2023-05-01T10:00:00Z`) |
/// | `folders` | object: path → `{ "modified"? }` | the folders of every listed file and folder exist too, without facts |
/// | `registry` | object: key → value name → `{ "type", "data" }` | `""` is the key's default value. `type` is a `REG_*` name; `data` is a string (`REG_SZ`, `REG_EXPAND_SZ`), an array of strings (`REG_MULTI_SZ`), a number or a decimal/`0x` string (`REG_DWORD` ≤ 4294967295, `REG_QWORD`), an array of bytes or a hex string (`REG_BINARY`, `REG_NONE`; optional for `REG_NONE`) |
/// | `products` | array of `{ "product_code", "upgrade_code", "name", "version" }` | installed MSI products; codes are braced GUIDs |
/// | `hardware` | object, every field optional | [`Hardware`]: facts for Check Readiness |
///
/// Names compare as Windows compares them: namespaces, classes, property names, variable and
/// environment names, registry value names, paths and registry keys are case-insensitive. In paths
/// and namespaces `/` equals `\`, repeated separators count once and a trailing one is ignored;
/// registry keys also accept `HKLM`, `HKCU`, `HKU`, `HKCR` and `HKCC` for the full hive names.
/// Two keys of one object that compare equal this way are an error.
///
/// # Limits
///
/// Text values hold at most [`MAX_PROFILE_TEXT`] (65,536) characters, paths and environment
/// values [`MAX_PROFILE_PATH`] (32,767), names [`MAX_PROFILE_NAME`] (16,383) and variables
/// [`crate::vars::MAX_VALUE_LEN`] (4,000); a longer one is refused when the profile is read, with
/// an error whose `path` names the field. Every lookup and `LIKE` therefore works on bounded
/// values.
///
/// Loading builds sorted indexes of all of these, so that a lookup (and a WQL query over a small
/// profile) allocates nothing beyond the rows a [`Host::wmi_query`] returns.
///
/// # Example
///
/// ```
/// use tasksequence::machine::{Host, MachineProfile};
/// use tasksequence::wql::Query;
///
/// let profile = MachineProfile::from_json(r#"{
///     "name": "demo",
///     "variables": { "_SMSTSInWinPE": "false" },
///     "environment": { "windir": "C:\\Windows" },
///     "wmi": { "root\\cimv2": { "Win32_OperatingSystem": [ { "OSLanguage": 1033, "OSArchitecture": "64-bit" } ] } },
///     "files": { "C:\\Windows\\notepad.exe": { "version": "10.0.19041.1" } }
/// }"#)?;
/// let q = Query::parse("SELECT * FROM Win32_OperatingSystem WHERE OSLanguage='1033' AND OSArchitecture LIKE '%64%'")?;
/// assert_eq!(profile.wmi_count(r"ROOT\CIMV2", &q)?, 1);
/// assert_eq!(profile.env_var("WINDIR").as_deref(), Some(r"C:\Windows"));
/// assert!(profile.folder(r"c:\windows").is_some());
/// assert_eq!(profile.variables()[0], ("_SMSTSInWinPE".to_string(), "false".to_string()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct MachineProfile {
    name: String,
    description: Option<String>,
    variables: Vec<(String, String)>,
    environment: Table<String>,
    wmi: Table<Table<Vec<Object>>>,
    files: Table<FileFacts>,
    folders: Table<FolderFacts>,
    /// Normalized paths of the folders that hold a listed file or folder, sorted.
    implied_folders: Vec<Box<str>>,
    registry: Table<Table<RegistryValue>>,
    products: Vec<ProductFacts>,
    hardware: Hardware,
}

impl MachineProfile {
    /// Reads a profile from its JSON text.
    ///
    /// # Errors
    /// [`ProfileError`] naming the path of the offending value (`variables.Make`,
    /// `wmi.root\cimv2.Win32_OperatingSystem[0].OSLanguage`) with line and column.
    ///
    /// ```
    /// use tasksequence::machine::MachineProfile;
    /// let err = MachineProfile::from_json("{\"wmi\": {\"root\\\\cimv2\": {\"Win32_BIOS\": [{\"Version\": {}}]}}}").unwrap_err();
    /// assert_eq!(err.path, r"wmi.root\cimv2.Win32_BIOS[0].Version");
    /// assert_eq!((err.line, err.column), (1, 54));
    /// ```
    pub fn from_json(json: &str) -> Result<Self, ProfileError> {
        let ctx = Ctx::default();
        let mut reader = serde_json::Deserializer::from_str(json);
        let raw = serde::de::DeserializeSeed::deserialize(RootSeed(&ctx), &mut reader)
            .and_then(|raw| reader.end().map(|()| raw))
            .map_err(|e| profile_error(&e, ctx.path(), json))?;
        Ok(Self::build(raw))
    }

    /// The profile as pretty-printed JSON, in the schema [`MachineProfile::from_json`] reads.
    ///
    /// ```
    /// use tasksequence::machine::MachineProfile;
    ///
    /// let profile = MachineProfile::from_json(r#"{"name": "lab", "variables": {"Make": "LENOVO"}, "folders": {"C:\\Temp": {}}}"#)?;
    /// let again = MachineProfile::from_json(&profile.to_json())?;
    /// assert_eq!(again, profile);
    /// assert_eq!(again.variables(), profile.variables());
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    fn build(raw: Raw) -> Self {
        let wmi = raw
            .wmi
            .into_iter()
            .map(|(ns, classes)| {
                let classes = classes
                    .into_iter()
                    .map(|(class, instances)| {
                        let objects = instances
                            .into_iter()
                            .map(|props| Table::new(KeyKind::Name, props))
                            .collect();
                        (class, objects)
                    })
                    .collect();
                (ns, Table::new(KeyKind::Name, classes))
            })
            .collect();
        let files = Table::new(KeyKind::Path, raw.files);
        let folders = Table::new(KeyKind::Path, raw.folders);
        let mut implied: Vec<Box<str>> = Vec::new();
        for key in files.normalized_keys().chain(folders.normalized_keys()) {
            for (i, c) in key.char_indices() {
                if c == '\\'
                    && i > 0
                    && let Some(parent) = key.get(..i)
                {
                    implied.push(parent.into());
                }
            }
        }
        implied.sort();
        implied.dedup();
        let registry = raw
            .registry
            .into_iter()
            .map(|(key, values)| (key, Table::new(KeyKind::Name, values)))
            .collect();
        Self {
            name: raw.name.unwrap_or_default(),
            description: raw.description,
            variables: raw.variables,
            environment: Table::new(KeyKind::Name, raw.environment),
            wmi: Table::new(KeyKind::Path, wmi),
            files,
            folders,
            implied_folders: implied,
            registry: Table::new(KeyKind::Registry, registry),
            products: raw.products,
            hardware: raw.hardware,
        }
    }

    /// The profile's name (empty when not given).
    ///
    /// ```
    /// use tasksequence::machine::MachineProfile;
    ///
    /// assert_eq!(MachineProfile::from_json(r#"{"name": "Win11 laptop"}"#)?.name(), "Win11 laptop");
    /// assert_eq!(MachineProfile::from_json("{}")?.name(), "");
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The free-text description, when given.
    ///
    /// ```
    /// use tasksequence::machine::MachineProfile;
    ///
    /// let profile = MachineProfile::from_json(r#"{"description": "pilot ring, en-GB"}"#)?;
    /// assert_eq!(profile.description(), Some("pilot ring, en-GB"));
    /// assert_eq!(MachineProfile::from_json("{}")?.description(), None);
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The task sequence variables the profile sets, as `(name, value)` in file order, for callers
    /// that seed a run's variables. Names are unique case-insensitively.
    ///
    /// ```
    /// use tasksequence::machine::MachineProfile;
    ///
    /// // Unquoted `true` and numbers are taken as their text.
    /// let profile = MachineProfile::from_json(r#"{"variables": {"Make": "LENOVO", "_SMSTSInWinPE": true, "Count": 2}}"#)?;
    /// let names: Vec<(&str, &str)> = profile.variables().iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    /// assert_eq!(names, [("Make", "LENOVO"), ("_SMSTSInWinPE", "true"), ("Count", "2")]);
    /// assert!(MachineProfile::from_json(r#"{"variables": {"make": "a", "MAKE": "b"}}"#).is_err());
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    pub fn variables(&self) -> &[(String, String)] {
        &self.variables
    }

    /// The OS environment variables, as `(name, value)` in file order.
    ///
    /// ```
    /// use tasksequence::machine::MachineProfile;
    ///
    /// let profile = MachineProfile::from_json(r#"{"environment": {"windir": "C:\\Windows", "TEMP": "C:\\Temp"}}"#)?;
    /// assert_eq!(profile.environment()[1], ("TEMP".to_string(), r"C:\Temp".to_string()));
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    pub fn environment(&self) -> &[(String, String)] {
        self.environment.entries()
    }

    /// The hardware facts.
    ///
    /// ```
    /// use tasksequence::machine::MachineProfile;
    ///
    /// let profile = MachineProfile::from_json(r#"{"hardware": {"free_disk_mb": 120000, "on_ac_power": false}}"#)?;
    /// assert_eq!(profile.hardware().free_disk_mb, Some(120_000));
    /// assert_eq!(profile.hardware().on_ac_power, Some(false));
    /// assert!(MachineProfile::from_json("{}")?.hardware().is_empty());
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    pub fn hardware(&self) -> &Hardware {
        &self.hardware
    }

    /// The installed MSI products.
    ///
    /// ```
    /// use tasksequence::machine::MachineProfile;
    ///
    /// let profile = MachineProfile::from_json(r#"{"products": [{"product_code": "{1}", "upgrade_code": "{2}", "name": "Contoso Agent", "version": "2.1.0"}]}"#)?;
    /// assert_eq!(profile.products().len(), 1);
    /// assert_eq!(profile.products()[0].product_code, "{1}");
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    pub fn products(&self) -> &[ProductFacts] {
        &self.products
    }

    /// A property of the first instance of a class, when the profile lists both (names in any
    /// case). For facts that have one instance per machine, such as `Win32_OperatingSystem`'s
    /// `OSLanguage`.
    ///
    /// ```
    /// use tasksequence::machine::{MachineProfile, WmiValue};
    /// let p = MachineProfile::from_json(r#"{"wmi": {"root\\cimv2": {"Win32_OperatingSystem": [{"OSLanguage": 1031}]}}}"#)?;
    /// assert_eq!(p.wmi_value("root/CIMV2", "win32_operatingsystem", "oslanguage"), Some(&WmiValue::Int(1031)));
    /// # Ok::<(), tasksequence::machine::ProfileError>(())
    /// ```
    pub fn wmi_value(&self, namespace: &str, class: &str, property: &str) -> Option<&WmiValue> {
        let (_, classes) = self.wmi.get(namespace)?;
        let (_, instances) = classes.get(class)?;
        instances.first()?.get(property).map(|(_, v)| v)
    }

    /// The instances of `query`'s class in `namespace`.
    fn instances(&self, namespace: &str, query: &Query) -> Result<&[Object], HostError> {
        let Some((_, classes)) = self.wmi.get(namespace) else {
            return Err(HostError::new(format!(
                "unknown WMI namespace `{namespace}`"
            )));
        };
        match classes.get_normalized(query.class().folded()) {
            Some((_, instances)) => Ok(instances),
            None => Err(HostError::new(format!(
                "unknown WMI class `{}` in namespace `{namespace}`",
                query.class()
            ))),
        }
    }
}

fn eval_error(query: &Query, e: &crate::wql::EvalError) -> HostError {
    HostError::new(format!("cannot evaluate `{}`: {e}", query.text()))
}

impl Host for MachineProfile {
    fn wmi_query(&self, namespace: &str, query: &Query) -> Result<Vec<Instance>, HostError> {
        let mut rows = Vec::new();
        for object in self.instances(namespace, query)? {
            if query.matches(object).map_err(|e| eval_error(query, &e))? {
                rows.push(project(query, object));
            }
        }
        Ok(rows)
    }

    fn wmi_count(&self, namespace: &str, query: &Query) -> Result<usize, HostError> {
        let mut count = 0;
        for object in self.instances(namespace, query)? {
            if query.matches(object).map_err(|e| eval_error(query, &e))? {
                count += 1;
            }
        }
        Ok(count)
    }

    fn file(&self, path: &str) -> Option<FileFacts> {
        self.files.get(path).map(|(_, f)| f.clone())
    }

    fn file_ref(&self, path: &str) -> Option<std::borrow::Cow<'_, FileFacts>> {
        self.files
            .get(path)
            .map(|(_, f)| std::borrow::Cow::Borrowed(f))
    }

    fn folder(&self, path: &str) -> Option<FolderFacts> {
        if let Some((_, f)) = self.folders.get(path) {
            return Some(f.clone());
        }
        table::with_normalized(KeyKind::Path, path, |key| {
            self.implied_folders
                .binary_search_by(|k| k.as_bytes().cmp(key))
                .ok()
                .map(|_| FolderFacts::default())
        })
    }

    fn registry(&self, key: &str, value: &str) -> Option<RegistryValue> {
        let (_, values) = self.registry.get(key)?;
        values.get(value).map(|(_, v)| v.clone())
    }

    fn product(&self, query: &ProductQuery) -> Option<ProductFacts> {
        let (code, of): (&str, fn(&ProductFacts) -> &str) = match query {
            ProductQuery::ProductCode(code) => (code, |p| &p.product_code),
            ProductQuery::UpgradeCode(code) => (code, |p| &p.upgrade_code),
        };
        let code = unbrace(code);
        if code.is_empty() {
            return None;
        }
        self.products
            .iter()
            .find(|p| unbrace(of(p)).eq_ignore_ascii_case(code))
            .cloned()
    }

    fn env_var(&self, name: &str) -> Option<String> {
        self.environment.get(name).map(|(_, v)| v.clone())
    }

    fn env_var_ref(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.environment
            .get(name)
            .map(|(_, v)| std::borrow::Cow::Borrowed(v.as_str()))
    }

    fn hardware(&self) -> Option<Hardware> {
        (!self.hardware.is_empty()).then(|| self.hardware.clone())
    }
}

/// A GUID without surrounding braces and spaces, so `{ABC}` and `abc` compare equal.
fn unbrace(code: &str) -> &str {
    code.trim().trim_start_matches('{').trim_end_matches('}')
}

/// The row a query returns for an instance: every property for `SELECT *`, else the selected ones
/// (NULL when the instance lacks one).
fn project(query: &Query, object: &Object) -> Instance {
    match query.properties() {
        None => object.entries().iter().cloned().collect(),
        Some(props) => props
            .iter()
            .map(|p| match object.get_normalized(p.folded()) {
                Some((k, v)) => (k.clone(), v.clone()),
                None => (p.as_str().to_owned(), WmiValue::Null),
            })
            .collect(),
    }
}

/// Whether `s` is an RFC 3339 date-time in UTC: `YYYY-MM-DDTHH:MM:SS`, optional fraction, `Z`.
pub(crate) fn is_utc_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let head = digits(0..4)
        && at(4, b'-')
        && digits(5..7)
        && at(7, b'-')
        && digits(8..10)
        && (at(10, b'T') || at(10, b't'))
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19);
    let Some(tail) = s.get(19..) else {
        return false;
    };
    let tail = match tail.strip_prefix('.') {
        Some(frac) => frac.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => tail,
    };
    head && matches!(tail, "Z" | "z" | "+00:00")
}

fn profile_error(e: &serde_json::Error, path: String, json: &str) -> ProfileError {
    let kind = match e.classify() {
        serde_json::error::Category::Data => ProfileErrorKind::Invalid,
        _ => ProfileErrorKind::Syntax,
    };
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
    ProfileError {
        kind,
        path,
        line: e.line(),
        column: char_column(json, e.line(), e.column()),
        message,
    }
}

/// serde_json counts a column in bytes and says 0 at the start of a line (an input that ends
/// after a newline): the 1-based column in characters of the same place, as editors count it.
fn char_column(json: &str, line: usize, byte_column: usize) -> usize {
    let text = json
        .split('\n')
        .nth(line.saturating_sub(1))
        .unwrap_or_default();
    let mut end = byte_column.min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text.get(..end).map_or(0, |t| t.chars().count()).max(1)
}

impl Serialize for MachineProfile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Pairs<'a>(&'a [(String, String)]);
        impl Serialize for Pairs<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
            }
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("name", &self.name)?;
        if let Some(d) = &self.description {
            map.serialize_entry("description", d)?;
        }
        if !self.variables.is_empty() {
            map.serialize_entry("variables", &Pairs(&self.variables))?;
        }
        if !self.environment.is_empty() {
            map.serialize_entry("environment", &self.environment)?;
        }
        if !self.wmi.is_empty() {
            map.serialize_entry("wmi", &self.wmi)?;
        }
        if !self.files.is_empty() {
            map.serialize_entry("files", &self.files)?;
        }
        if !self.folders.is_empty() {
            map.serialize_entry("folders", &self.folders)?;
        }
        if !self.registry.is_empty() {
            map.serialize_entry("registry", &self.registry)?;
        }
        if !self.products.is_empty() {
            map.serialize_entry("products", &self.products)?;
        }
        if !self.hardware.is_empty() {
            map.serialize_entry("hardware", &self.hardware)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for MachineProfile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let ctx = Ctx::default();
        let raw = serde::de::DeserializeSeed::deserialize(RootSeed(&ctx), deserializer)?;
        Ok(Self::build(raw))
    }
}

impl PartialEq for MachineProfile {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.description == other.description
            && self.variables == other.variables
            && self.environment == other.environment
            && self.wmi == other.wmi
            && self.files == other.files
            && self.folders == other.folders
            && self.registry == other.registry
            && self.products == other.products
            && self.hardware == other.hardware
    }
}

#[cfg(test)]
mod tests;
