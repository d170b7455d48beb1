//! What the linter takes from parts of the library that are still taking shape, in one file so
//! that each can be swapped for the real thing in one place: the package catalog (the pre-cache
//! catalog format), `%NAME%` reference scanning, and the walk over nodes by child-index path.

use serde::{Deserialize, Deserializer, Serialize};

use crate::locale::Architecture;
use crate::model::{Flow, Node, NodePath, Visitor, visit};
use crate::vars::{NoVariables, Secrets, expand_report};

/// One package of a catalog: `{"id","name","type","architecture","language","model","size_mb"}`,
/// the pre-cache catalog format. `type` is `os_upgrade`, `os_image`, `driver`, `package` or
/// `boot_image`; the attributes are optional; `language` may be a number (`1033`) or text.
///
/// ```
/// let catalog = tasksequence::lint::Catalog::from_json(r#"[{"id":"LAB00030","name":"Windows 10 x86","type":"os_upgrade","architecture":"32-bit"}]"#)?;
/// let p = &catalog.packages()[0];
/// assert!(p.is_os_upgrade());
/// assert_eq!(p.architecture(), Some(tasksequence::locale::Architecture::X86));
/// # Ok::<(), tasksequence::lint::CatalogError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Package {
    /// The package ID (`ABC00012`).
    pub id: String,
    /// The package's name as the console shows it.
    #[serde(default)]
    pub name: String,
    /// The kind of package.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The architecture attribute, any spelling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub architecture: Option<String>,
    /// The language attribute (LCID or tag), as text.
    #[serde(
        default,
        deserialize_with = "text_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub language: Option<String>,
    /// The model attribute of a driver package.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The content size in megabytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_mb: Option<f64>,
}

impl Package {
    /// The architecture attribute, when it is one [`Architecture::parse`] reads.
    pub fn architecture(&self) -> Option<Architecture> {
        self.architecture.as_deref().and_then(Architecture::parse)
    }

    /// Whether this is an OS upgrade package.
    pub fn is_os_upgrade(&self) -> bool {
        self.kind.eq_ignore_ascii_case("os_upgrade")
    }
}

fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Number(u64),
    }
    Ok(Option::<TextOrNumber>::deserialize(d)?.map(|v| match v {
        TextOrNumber::Text(t) => t,
        TextOrNumber::Number(n) => n.to_string(),
    }))
}

/// A package catalog: a JSON array of [`Package`]s (or an object whose `packages` is one).
///
/// ```
/// use tasksequence::lint::Catalog;
/// let catalog = Catalog::from_json(r#"[{"id":"ABC00012","name":"Windows Server 2016","type":"os_upgrade","architecture":"x64","language":1033}]"#)?;
/// let p = catalog.get("abc00012").unwrap();
/// assert_eq!(p.language.as_deref(), Some("1033"));
/// assert_eq!(p.architecture(), Some(tasksequence::locale::Architecture::X64));
/// # Ok::<(), tasksequence::lint::CatalogError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Catalog {
    packages: Vec<Package>,
}

/// A catalog that is not JSON of the documented shape.
///
/// ```
/// let e = tasksequence::lint::Catalog::from_json("[{\"name\":\"no id\"}]").unwrap_err();
/// assert_eq!((e.line(), e.column()), (1, 17));
/// assert!(e.to_string().starts_with("package catalog: missing field `id`"));
/// ```
#[derive(Debug, thiserror::Error)]
#[error("package catalog: {0}")]
pub struct CatalogError(#[from] serde_json::Error);

impl CatalogError {
    /// 1-based line of the error in the JSON.
    pub fn line(&self) -> usize {
        self.0.line()
    }

    /// 1-based column of the error in the JSON.
    pub fn column(&self) -> usize {
        self.0.column()
    }
}

impl<'de> Deserialize<'de> for Catalog {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor rather than an untagged enum, so that errors keep the field and the position.
        struct Shape;
        impl<'de> serde::de::Visitor<'de> for Shape {
            type Value = Vec<Package>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an array of packages, or an object with `packages`")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(p) = seq.next_element::<Package>()? {
                    out.push(p);
                }
                Ok(out)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut packages = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "packages" {
                        packages = Some(map.next_value::<Vec<Package>>()?);
                    } else {
                        return Err(serde::de::Error::unknown_field(&key, &["packages"]));
                    }
                }
                packages.ok_or_else(|| serde::de::Error::missing_field("packages"))
            }
        }
        Ok(Catalog {
            packages: d.deserialize_any(Shape)?,
        })
    }
}

impl Catalog {
    /// A catalog of these packages.
    pub fn new(packages: Vec<Package>) -> Catalog {
        Catalog { packages }
    }

    /// Reads the JSON form.
    ///
    /// # Errors
    /// [`CatalogError`] with line and column when the JSON does not have the shape.
    pub fn from_json(json: &str) -> Result<Catalog, CatalogError> {
        Ok(serde_json::from_str(json)?)
    }

    /// The package with this ID (ASCII case-insensitive).
    pub fn get(&self, id: &str) -> Option<&Package> {
        let id = id.trim();
        self.packages.iter().find(|p| p.id.eq_ignore_ascii_case(id))
    }

    /// Every package, in catalog order.
    pub fn packages(&self) -> &[Package] {
        &self.packages
    }
}

/// The names of the `%NAME%` references in `text`, in order, found by the same scanner that
/// expansion uses (so what counts as a reference is the same everywhere).
pub(super) fn references(text: &str) -> Vec<String> {
    if !text.contains('%') {
        return Vec::new();
    }
    expand_report(text, &NoVariables, Secrets::Redact)
        .references
        .into_iter()
        .map(|r| r.name)
        .collect()
}

/// One group or step met by [`walk`].
pub(super) struct Walked<'d> {
    pub node: &'d Node,
    /// Where the node is: the source map's key.
    pub path: NodePath,
    /// Index in the walk's output of the parent group.
    pub parent: Option<usize>,
}

/// Every group and step in document order (verbatim content skipped), through the model's one
/// traversal, which keeps its stack on the heap.
pub(super) fn walk(children: &[Node]) -> Vec<Walked<'_>> {
    struct Collect<'d> {
        out: Vec<Walked<'d>>,
        open: Vec<usize>,
    }
    impl<'d> Visitor<'d> for Collect<'d> {
        fn enter(&mut self, path: &NodePath, node: &'d Node) -> Flow {
            self.open.push(self.out.len());
            self.out.push(Walked {
                node,
                path: path.clone(),
                parent: self.open.iter().rev().nth(1).copied(),
            });
            Flow::Continue
        }
        fn leave(&mut self, _path: &NodePath, _node: &'d Node) {
            self.open.pop();
        }
    }
    let mut collect = Collect {
        out: Vec::new(),
        open: Vec::new(),
    };
    visit(children, &mut collect);
    collect.out
}

/// The rules of a Set Dynamic Variables step.
pub(super) fn dynamic_rules(
    view: &crate::model::views::SetDynamicVariables,
) -> Result<crate::model::views::Rules, crate::xml::ReadError> {
    crate::xml::rules_of(view)
}
