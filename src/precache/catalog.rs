//! The package catalog: what the site knows about each package the client may pre-cache.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::InputError;
use super::fields::{self, Fields};
use crate::locale::{self, Architecture, Language};
use crate::wql::LikePattern;

/// The kinds of content a task sequence references.
///
/// JSON: `"os_upgrade"`, `"os_image"`, `"driver"`, `"package"`, `"boot_image"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PackageType {
    /// An OS upgrade package (Upgrade Operating System).
    OsUpgrade,
    /// An OS image (Apply Operating System Image).
    OsImage,
    /// A driver package (Apply Driver Package).
    Driver,
    /// A software package (Install Package, Run Command Line, Download Package Content).
    Package,
    /// A boot image.
    BootImage,
}

impl PackageType {
    /// Every type, in the order the catalog schema lists them.
    pub const ALL: [PackageType; 5] = [
        PackageType::OsUpgrade,
        PackageType::OsImage,
        PackageType::Driver,
        PackageType::Package,
        PackageType::BootImage,
    ];

    /// The JSON spelling (`os_upgrade`).
    ///
    /// ```
    /// use tasksequence::precache::PackageType;
    /// assert_eq!(PackageType::parse("os_upgrade"), Some(PackageType::OsUpgrade));
    /// assert_eq!(PackageType::Driver.as_str(), "driver");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PackageType::OsUpgrade => "os_upgrade",
            PackageType::OsImage => "os_image",
            PackageType::Driver => "driver",
            PackageType::Package => "package",
            PackageType::BootImage => "boot_image",
        }
    }

    /// Parses the exact JSON spelling.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// The plural the console uses (`OS upgrade packages`), for reasons.
    pub fn plural(self) -> &'static str {
        match self {
            PackageType::OsUpgrade => "OS upgrade packages",
            PackageType::OsImage => "OS images",
            PackageType::Driver => "driver packages",
            PackageType::Package => "packages",
            PackageType::BootImage => "boot images",
        }
    }
}

impl fmt::Display for PackageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One package of the catalog.
///
/// An attribute left out (or `null`, or `""`) matches any client for that attribute.
#[derive(Debug, Clone)]
pub struct CatalogPackage {
    /// The package ID (`PS100123`).
    pub id: String,
    /// The package name.
    pub name: String,
    /// What kind of content it is.
    pub kind: PackageType,
    /// The Architecture attribute (OS upgrade packages, OS images, packages).
    pub architecture: Option<Architecture>,
    /// The Language attribute (OS upgrade packages, OS images, packages).
    pub language: Option<Language>,
    /// The Model attribute (driver packages), matched as `Name LIKE '%model%'` against
    /// `Win32_ComputerSystemProduct`.
    pub model: Option<String>,
    /// The content size in MB, when known.
    pub size_mb: Option<u64>,
    model_pattern: Option<LikePattern>,
}

impl CatalogPackage {
    /// A package with no attributes and no size.
    ///
    /// ```
    /// use tasksequence::precache::{CatalogPackage, PackageType};
    /// let p = CatalogPackage::new("PS100123", "Tools", PackageType::Package);
    /// assert!(p.architecture.is_none() && p.language.is_none());
    /// ```
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: PackageType) -> Self {
        CatalogPackage {
            id: id.into(),
            name: name.into(),
            kind,
            architecture: None,
            language: None,
            model: None,
            size_mb: None,
            model_pattern: None,
        }
    }

    /// The same package with a Model attribute.
    ///
    /// # Errors
    /// When `%model%` is not a valid WQL `LIKE` pattern (an unterminated `[` set).
    ///
    /// ```
    /// use tasksequence::precache::{CatalogPackage, PackageType};
    /// let p = CatalogPackage::new("PS100124", "Drivers", PackageType::Driver).with_model("Latitude 7490")?;
    /// assert!(p.model_matches("Dell Latitude 7490 (2018)"));
    /// # Ok::<(), String>(())
    /// ```
    pub fn with_model(mut self, model: impl Into<String>) -> Result<Self, String> {
        let model = model.into();
        self.model_pattern = Some(LikePattern::new(&format!("%{model}%"))?);
        self.model = Some(model);
        Ok(self)
    }

    /// Whether a machine whose `Win32_ComputerSystemProduct.Name` is `name` matches the Model
    /// attribute (always, when the package has none).
    pub fn model_matches(&self, name: &str) -> bool {
        self.model_pattern.as_ref().is_none_or(|p| p.matches(name))
    }
}

/// The packages the site knows, read from JSON.
///
/// # JSON schema
///
/// An array of objects, one per package:
///
/// | field | | |
/// |---|---|---|
/// | `id` | required | the package ID, unique in the catalog (compared ignoring case) |
/// | `name` | required | the package name |
/// | `type` | required | `os_upgrade`, `os_image`, `driver`, `package` or `boot_image` |
/// | `architecture` | optional | any spelling [`Architecture::parse`] reads (`x64`, `64-bit`, `AMD64`, `arm64`, `9`…) |
/// | `language` | optional | an LCID (`1031`, `"0x0407"`) or culture tag (`"de-DE"`), as [`locale::lookup`] reads |
/// | `model` | optional | the driver package's Model attribute |
/// | `size_mb` | optional | a whole number of megabytes |
///
/// `null` and `""` mean the attribute is not set. Any other field is an error, so that a typing
/// mistake (`"lang"`) does not silently make a package match every client.
///
/// ```
/// use tasksequence::precache::{Catalog, PackageType};
/// let catalog = Catalog::from_json(r#"[
///   {"id": "PS100101", "name": "Windows 11 23H2 x64 de-DE", "type": "os_upgrade",
///    "architecture": "x64", "language": "de-DE", "size_mb": 4700},
///   {"id": "PS100201", "name": "OptiPlex 7090 drivers", "type": "driver", "model": "OptiPlex 7090"}
/// ]"#)?;
/// let upgrade = catalog.get("ps100101").unwrap();
/// assert_eq!(upgrade.language.unwrap().lcid, 1031);
/// assert_eq!(catalog.get("PS100201").unwrap().kind, PackageType::Driver);
/// # Ok::<(), tasksequence::precache::InputError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    packages: Vec<CatalogPackage>,
    index: HashMap<String, usize>,
}

const FIELDS: &[&str] = &[
    "id",
    "name",
    "type",
    "architecture",
    "language",
    "model",
    "size_mb",
];

impl Catalog {
    /// Reads a catalog from its JSON text.
    ///
    /// # Errors
    /// [`InputError::Syntax`] when the text is not JSON; [`InputError::Field`] naming the field
    /// (`[3].type`) when an entry does not fit the schema or repeats an ID.
    pub fn from_json(text: &str) -> Result<Self, InputError> {
        let value = fields::parse(text)?;
        let Value::Array(entries) = &value else {
            return Err(InputError::at(
                "",
                format!(
                    "expected the catalog to be an array of packages, found {}",
                    fields::kind(&value)
                ),
            ));
        };
        let packages = entries
            .iter()
            .enumerate()
            .map(|(i, entry)| read_package(entry, &format!("[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        Catalog::new(packages)
    }

    /// A catalog of these packages.
    ///
    /// # Errors
    /// [`InputError::Field`] at `[i].id` when two packages have the same ID (ignoring case).
    pub fn new(packages: Vec<CatalogPackage>) -> Result<Self, InputError> {
        let mut index = HashMap::with_capacity(packages.len());
        for (i, package) in packages.iter().enumerate() {
            if let Some(first) = index.insert(package.id.to_ascii_uppercase(), i) {
                return Err(InputError::at(
                    format!("[{i}].id"),
                    format!(
                        "duplicate package id `{}` (also at `[{first}]`)",
                        package.id
                    ),
                ));
            }
        }
        Ok(Catalog { packages, index })
    }

    /// The package with this ID (ignoring case).
    pub fn get(&self, id: &str) -> Option<&CatalogPackage> {
        self.index
            .get(&id.to_ascii_uppercase())
            .and_then(|&i| self.packages.get(i))
    }

    /// Every package, in catalog order.
    pub fn packages(&self) -> &[CatalogPackage] {
        &self.packages
    }
}

fn read_package(entry: &Value, path: &str) -> Result<CatalogPackage, InputError> {
    let obj = Fields::of(entry, path, "a package")?;
    obj.only(FIELDS)?;
    let id = obj.required_text("id")?.trim();
    let name = obj.required_text("name")?;
    let type_text = match obj.required("type")? {
        Value::String(s) => s.as_str(),
        other => {
            return Err(InputError::at(
                obj.path_of("type"),
                format!("expected a string, found {}", fields::kind(other)),
            ));
        }
    };
    let kind = PackageType::parse(type_text.trim()).ok_or_else(|| {
        InputError::at(
            obj.path_of("type"),
            format!(
                "unknown package type `{type_text}` (expected os_upgrade, os_image, driver, package or boot_image)"
            ),
        )
    })?;
    let mut package = CatalogPackage::new(id, name, kind);
    package.architecture = match text_or_number(&obj, "architecture")? {
        None => None,
        Some(text) => Some(Architecture::parse(&text).ok_or_else(|| {
            InputError::at(
                obj.path_of("architecture"),
                locale::LocaleError::UnknownArchitecture { input: text }.to_string(),
            )
        })?),
    };
    package.language = match text_or_number(&obj, "language")? {
        None => None,
        Some(text) => Some(
            *locale::find(&text)
                .map_err(|e| InputError::at(obj.path_of("language"), e.to_string()))?,
        ),
    };
    if let Some(model) = obj.text("model")? {
        package = package.with_model(model).map_err(|e| {
            InputError::at(
                obj.path_of("model"),
                format!("`{model}` cannot be matched as `LIKE '%{model}%'`: {e}"),
            )
        })?;
    }
    package.size_mb = match obj.get("size_mb") {
        None => None,
        Some(value) => Some(value.as_u64().ok_or_else(|| {
            InputError::at(
                obj.path_of("size_mb"),
                format!("expected a whole number of megabytes, found `{value}`"),
            )
        })?),
    };
    Ok(package)
}

/// A string field, or a number written as its decimal text (`"language": 1031`).
fn text_or_number(obj: &Fields<'_>, name: &str) -> Result<Option<String>, InputError> {
    match obj.get(name) {
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        _ => Ok(obj.text(name)?.map(|s| s.trim().to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(json: &str) -> InputError {
        Catalog::from_json(json).unwrap_err()
    }

    #[test]
    fn every_attribute_spelling() {
        let catalog = Catalog::from_json(
            r#"[
            {"id":"A0000001","name":"a","type":"os_upgrade","architecture":"64-bit","language":1031},
            {"id":"A0000002","name":"b","type":"os_upgrade","architecture":"AMD64","language":"0x0407"},
            {"id":"A0000003","name":"c","type":"os_image","architecture":"ARM 64-bit Processor","language":"de-DE"},
            {"id":"A0000004","name":"d","type":"package","architecture":9,"language":"0407"},
            {"id":"A0000005","name":"e","type":"driver","model":"Latitude","size_mb":812},
            {"id":"A0000006","name":"f","type":"boot_image","architecture":"","language":null}
        ]"#,
        )
        .unwrap();
        let arch: Vec<Option<&str>> = catalog
            .packages()
            .iter()
            .map(|p| p.architecture.map(Architecture::as_str))
            .collect();
        assert_eq!(
            arch,
            [
                Some("x64"),
                Some("x64"),
                Some("arm64"),
                Some("x64"),
                None,
                None
            ]
        );
        let lang: Vec<Option<u32>> = catalog
            .packages()
            .iter()
            .map(|p| p.language.map(|l| l.lcid))
            .collect();
        assert_eq!(
            lang,
            [Some(1031), Some(1031), Some(1031), Some(1031), None, None]
        );
        assert_eq!(catalog.get("a0000005").unwrap().size_mb, Some(812));
        assert!(
            catalog
                .get("A0000005")
                .unwrap()
                .model_matches("LATITUDE 7490")
        );
        assert!(!catalog.get("A0000005").unwrap().model_matches("OptiPlex"));
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (r#"{"id":"x"}"#, ""),
            (r#"[{"name":"a","type":"driver"}]"#, "[0].id"),
            (r#"[{"id":"A","type":"driver"}]"#, "[0].name"),
            (r#"[{"id":"A","name":"a"}]"#, "[0].type"),
            (r#"[{"id":"A","name":"a","type":"image"}]"#, "[0].type"),
            (r#"[{"id":"A","name":"a","type":3}]"#, "[0].type"),
            (
                r#"[{"id":"A","name":"a","type":"package","architecture":"sparc"}]"#,
                "[0].architecture",
            ),
            (
                r#"[{"id":"A","name":"a","type":"package","language":99999}]"#,
                "[0].language",
            ),
            (
                r#"[{"id":"A","name":"a","type":"driver","model":"[abc"}]"#,
                "[0].model",
            ),
            (
                r#"[{"id":"A","name":"a","type":"driver","size_mb":-3}]"#,
                "[0].size_mb",
            ),
            (
                r#"[{"id":"A","name":"a","type":"driver","size_mb":"big"}]"#,
                "[0].size_mb",
            ),
            (
                r#"[{"id":"A","name":"a","type":"driver","lang":"de"}]"#,
                "[0].lang",
            ),
            (
                r#"[{"id":"A","name":"a","type":"driver"},{"id":"a","name":"b","type":"driver"}]"#,
                "[1].id",
            ),
            (r#"[3]"#, "[0]"),
        ];
        for (json, field) in cases {
            assert_eq!(err(json).field(), Some(field), "{json}");
        }
        assert_eq!(
            err(r#"[{"id":"A","name":"a","type":"image"}]"#).to_string(),
            "`[0].type`: unknown package type `image` (expected os_upgrade, os_image, driver, package or boot_image)"
        );
        assert_eq!(
            err(r#"[{"id":"A","name":"a","type":"driver"},{"id":"a","name":"b","type":"driver"}]"#)
                .to_string(),
            "`[1].id`: duplicate package id `a` (also at `[0]`)"
        );
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let e = err("[{\"id\": }]");
        let InputError::Syntax { line, column, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!((*line, *column), (1, 9));
        assert!(!e.to_string().contains(" at line 1 column"), "{e}");
    }
}
