//! Reading a profile's JSON while keeping track of where the reader is, so that an error can name
//! the field (`wmi.root\cimv2.Win32_OperatingSystem[0].OSLanguage`) as well as the line and column
//! serde_json reports.
//!
//! Every nested value is read through a seed that pushes its key or index onto a shared path
//! stack and pops it only on success; after a failure the stack still holds the path of the value
//! that failed.

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;
use std::marker::PhantomData;

use super::table::KeyKind;
use super::{Hardware, MAX_PROFILE_NAME, MAX_PROFILE_PATH, MAX_PROFILE_TEXT, Section};
use crate::machine::{
    FileFacts, FolderFacts, ProductFacts, RegistryData, RegistryType, RegistryValue, WmiValue,
};

/// One step of the path to a value.
enum Segment {
    Key(String),
    Index(usize),
}

/// The path stack shared by all seeds of one read.
#[derive(Default)]
pub(super) struct Ctx {
    path: RefCell<Vec<Segment>>,
}

impl Ctx {
    fn push(&self, segment: Segment) {
        self.path.borrow_mut().push(segment);
    }

    fn pop(&self) {
        self.path.borrow_mut().pop();
    }

    /// The current path, keys joined with `.`, indices as `[n]`.
    pub(super) fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.path.borrow().iter() {
            match segment {
                Segment::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    /// Reads the next map value under `key`.
    fn value<'de, A: MapAccess<'de>, S: DeserializeSeed<'de>>(
        &self,
        map: &mut A,
        key: &str,
        seed: S,
    ) -> Result<S::Value, A::Error> {
        self.push(Segment::Key(key.to_owned()));
        let value = map.next_value_seed(seed)?;
        self.pop();
        Ok(value)
    }
}

/// The length of `text` in characters (UTF-16 code units, as Windows counts) when it exceeds
/// `max`; `None` when it fits.
fn too_long(text: &str, max: usize) -> Option<usize> {
    // UTF-16 never uses more units than UTF-8 uses bytes, so short text skips the count.
    if text.len() <= max {
        return None;
    }
    let length = text.encode_utf16().count();
    (length > max).then_some(length)
}

/// Refuses a value longer than `max`; the path the caller is at names the field.
fn check_len<E: de::Error>(text: &str, max: usize) -> Result<(), E> {
    check_field(text, max, "value")
}

/// [`check_len`] for a field of an object read whole (`files`, `products`), whose path stops at
/// the object: the message names the field.
fn check_field<E: de::Error>(text: &str, max: usize, field: &str) -> Result<(), E> {
    match too_long(text, max) {
        Some(length) => Err(E::custom(format!(
            "{field} is {length} characters long; this field holds at most {max}"
        ))),
        None => Ok(()),
    }
}

/// A key as shown in an error: cut short when it is long.
fn shown_key(key: &str) -> String {
    match key.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", key.get(..at).unwrap_or_default()),
        None => key.to_owned(),
    }
}

/// One WMI instance as read: properties in file order.
pub(super) type RawInstance = Vec<(String, WmiValue)>;

/// The classes of one namespace as read: class name and its instances, in file order.
pub(super) type RawClasses = Vec<(String, Vec<RawInstance>)>;

/// The sections of a profile as read, before indexing.
#[derive(Default)]
pub(super) struct Raw {
    pub name: Option<String>,
    pub description: Option<String>,
    pub variables: Vec<(String, String)>,
    pub environment: Vec<(String, String)>,
    pub wmi: Vec<(String, RawClasses)>,
    pub files: Vec<(String, FileFacts)>,
    pub folders: Vec<(String, FolderFacts)>,
    pub registry: Vec<(String, Vec<(String, RegistryValue)>)>,
    pub products: Vec<ProductFacts>,
    pub hardware: Hardware,
}

/// Reads a whole profile.
pub(super) struct RootSeed<'c>(pub &'c Ctx);

impl<'de> DeserializeSeed<'de> for RootSeed<'_> {
    type Value = Raw;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Raw, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RootSeed<'_> {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a machine profile object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let ctx = self.0;
        let mut raw = Raw::default();
        let mut seen = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let Some(section) = Section::parse(&key) else {
                return Err(de::Error::unknown_field(&key, Section::NAMES));
            };
            if !seen.insert(section) {
                return Err(de::Error::custom(format!("duplicate field `{key}`")));
            }
            let k = key.as_str();
            match section {
                Section::Name => raw.name = Some(ctx.value(&mut map, k, BoundedString)?),
                Section::Description => {
                    raw.description = Some(ctx.value(&mut map, k, BoundedString)?);
                }
                Section::Variables => {
                    let text = TextSeed {
                        max: crate::vars::MAX_VALUE_LEN,
                    };
                    raw.variables =
                        ctx.value(&mut map, k, MapSeed::new(ctx, KeyKind::Name, text))?;
                    // The starting variables must be ones the engine could set, so that every
                    // face (CLI, C ABI, engine) refuses a bad profile the same way, when it is read.
                    let mut check = crate::vars::Environment::new();
                    for (name, value) in &raw.variables {
                        check.set_engine(name, value, false).map_err(|e| {
                            de::Error::custom(format!("invalid variable in `variables`: {e}"))
                        })?;
                    }
                }
                Section::Environment => {
                    let text = TextSeed {
                        max: MAX_PROFILE_PATH,
                    };
                    raw.environment =
                        ctx.value(&mut map, k, MapSeed::new(ctx, KeyKind::Name, text))?;
                }
                Section::Wmi => {
                    let instance =
                        MapSeed::new(ctx, KeyKind::Name, WmiValueSeed { ctx, nested: false });
                    let class = MapSeed::new(
                        ctx,
                        KeyKind::Name,
                        SeqSeed {
                            ctx,
                            item: instance,
                        },
                    );
                    raw.wmi = ctx.value(&mut map, k, MapSeed::new(ctx, KeyKind::Path, class))?;
                }
                Section::Files => {
                    let files = MapSeed::new(ctx, KeyKind::Path, Leaf::<FileShape>::new());
                    let files: Vec<(String, FileShape)> = ctx.value(&mut map, k, files)?;
                    raw.files = files.into_iter().map(|(p, f)| (p, f.into())).collect();
                }
                Section::Folders => {
                    let folders = MapSeed::new(ctx, KeyKind::Path, Leaf::<FolderShape>::new());
                    let folders: Vec<(String, FolderShape)> = ctx.value(&mut map, k, folders)?;
                    raw.folders = folders.into_iter().map(|(p, f)| (p, f.into())).collect();
                }
                Section::Registry => {
                    let values = MapSeed::new(ctx, KeyKind::Name, RegistryValueSeed);
                    raw.registry =
                        ctx.value(&mut map, k, MapSeed::new(ctx, KeyKind::Registry, values))?;
                }
                Section::Products => {
                    let products = SeqSeed {
                        ctx,
                        item: Leaf::<ProductShape>::new(),
                    };
                    let products: Vec<ProductShape> = ctx.value(&mut map, k, products)?;
                    raw.products = products.into_iter().map(Into::into).collect();
                }
                Section::Hardware => {
                    raw.hardware = ctx.value(&mut map, k, Leaf::<Hardware>::new())?
                }
            }
        }
        Ok(raw)
    }
}

/// A value read with its own `Deserialize`.
struct Leaf<T>(PhantomData<T>);

impl<T> Leaf<T> {
    fn new() -> Self {
        Self(PhantomData)
    }
}

impl<T> Clone for Leaf<T> {
    fn clone(&self) -> Self {
        Self::new()
    }
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Leaf<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }
}

/// A JSON object read into `(key, value)` pairs in order, rejecting keys that differ only in the
/// ways `kind` ignores.
#[derive(Clone)]
struct MapSeed<'c, S> {
    ctx: &'c Ctx,
    kind: KeyKind,
    item: S,
}

impl<'c, S> MapSeed<'c, S> {
    fn new(ctx: &'c Ctx, kind: KeyKind, item: S) -> Self {
        Self { ctx, kind, item }
    }
}

impl<'de, S: DeserializeSeed<'de> + Clone> DeserializeSeed<'de> for MapSeed<'_, S> {
    type Value = Vec<(String, S::Value)>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, S: DeserializeSeed<'de> + Clone> Visitor<'de> for MapSeed<'_, S> {
    type Value = Vec<(String, S::Value)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        let max = match self.kind {
            KeyKind::Name => MAX_PROFILE_NAME,
            KeyKind::Path | KeyKind::Registry => MAX_PROFILE_PATH,
        };
        while let Some(key) = map.next_key::<String>()? {
            if let Some(length) = too_long(&key, max) {
                self.ctx.push(Segment::Key(shown_key(&key)));
                return Err(de::Error::custom(format!(
                    "key is {length} characters long; keys here hold at most {max}"
                )));
            }
            if !seen.insert(self.kind.normalize(&key)) {
                self.ctx.push(Segment::Key(key.clone()));
                return Err(de::Error::custom(format!(
                    "duplicate key `{key}` (keys compare case-insensitively)"
                )));
            }
            let value = self.ctx.value(&mut map, &key, self.item.clone())?;
            out.push((key, value));
        }
        Ok(out)
    }
}

/// A JSON array, each item read with `item` under its index.
#[derive(Clone)]
struct SeqSeed<'c, S> {
    ctx: &'c Ctx,
    item: S,
}

impl<'de, S: DeserializeSeed<'de> + Clone> DeserializeSeed<'de> for SeqSeed<'_, S> {
    type Value = Vec<S::Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, S: DeserializeSeed<'de> + Clone> Visitor<'de> for SeqSeed<'_, S> {
    type Value = Vec<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        loop {
            self.ctx.push(Segment::Index(out.len()));
            match seq.next_element_seed(self.item.clone())? {
                Some(v) => out.push(v),
                None => {
                    self.ctx.pop();
                    return Ok(out);
                }
            }
            self.ctx.pop();
        }
    }
}

/// A string of at most [`MAX_PROFILE_TEXT`] characters.
#[derive(Clone, Copy)]
struct BoundedString;

impl<'de> DeserializeSeed<'de> for BoundedString {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        bounded(deserializer)
    }
}

fn bounded<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    bounded_field(d, "value")
}

fn bounded_field<'de, D: Deserializer<'de>>(d: D, field: &str) -> Result<String, D::Error> {
    let v = String::deserialize(d)?;
    check_field(&v, MAX_PROFILE_TEXT, field)?;
    Ok(v)
}

fn product_code<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    bounded_field(d, "`product_code`")
}

fn upgrade_code<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    bounded_field(d, "`upgrade_code`")
}

fn product_name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    bounded_field(d, "`name`")
}

fn product_version<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    bounded_field(d, "`version`")
}

/// A variable's value: a string, or a boolean or number written without quotes (kept as its
/// JSON text), of at most `max` characters.
#[derive(Clone, Copy)]
struct TextSeed {
    max: usize,
}

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Visitor<'_> for TextSeed {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string (or a boolean or number)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        check_len(v, self.max)?;
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        check_len(&v, self.max)?;
        Ok(v)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// A WMI property value: null, boolean, integer, real, string, or an array of those.
#[derive(Clone, Copy)]
struct WmiValueSeed<'c> {
    ctx: &'c Ctx,
    nested: bool,
}

impl<'de> DeserializeSeed<'de> for WmiValueSeed<'_> {
    type Value = WmiValue;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<WmiValue, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for WmiValueSeed<'_> {
    type Value = WmiValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.nested {
            f.write_str("an array item: null, a boolean, a number or a string")
        } else {
            f.write_str("a WMI value: null, a boolean, a number, a string or an array of those")
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<WmiValue, E> {
        Ok(WmiValue::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<WmiValue, E> {
        Ok(WmiValue::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<WmiValue, E> {
        Ok(WmiValue::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<WmiValue, E> {
        Ok(WmiValue::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<WmiValue, E> {
        i64::try_from(v).map(WmiValue::Int).map_err(|_| {
            E::custom(format!(
                "integer `{v}` is too large (the largest is {})",
                i64::MAX
            ))
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<WmiValue, E> {
        Ok(WmiValue::Real(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<WmiValue, E> {
        check_len(v, MAX_PROFILE_TEXT)?;
        Ok(WmiValue::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<WmiValue, E> {
        check_len(&v, MAX_PROFILE_TEXT)?;
        Ok(WmiValue::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<WmiValue, A::Error> {
        if self.nested {
            return Err(de::Error::invalid_type(Unexpected::Seq, &self));
        }
        let item = WmiValueSeed {
            ctx: self.ctx,
            nested: true,
        };
        SeqSeed {
            ctx: self.ctx,
            item,
        }
        .visit_seq(seq)
        .map(WmiValue::Array)
    }
}

/// `files` entries.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    #[serde(default, deserialize_with = "version")]
    version: Option<String>,
    #[serde(default, deserialize_with = "timestamp")]
    modified: Option<String>,
}

impl From<FileShape> for FileFacts {
    fn from(f: FileShape) -> Self {
        Self {
            version: f.version,
            modified: f.modified,
        }
    }
}

/// `folders` entries.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FolderShape {
    #[serde(default, deserialize_with = "timestamp")]
    modified: Option<String>,
}

impl From<FolderShape> for FolderFacts {
    fn from(f: FolderShape) -> Self {
        Self {
            modified: f.modified,
        }
    }
}

/// `products` entries.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductShape {
    #[serde(default, deserialize_with = "product_code")]
    product_code: String,
    #[serde(default, deserialize_with = "upgrade_code")]
    upgrade_code: String,
    #[serde(default, deserialize_with = "product_name")]
    name: String,
    #[serde(default, deserialize_with = "product_version")]
    version: String,
}

impl From<ProductShape> for ProductFacts {
    fn from(p: ProductShape) -> Self {
        Self {
            product_code: p.product_code,
            upgrade_code: p.upgrade_code,
            name: p.name,
            version: p.version,
        }
    }
}

fn version<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = bounded_field(d, "`version`")?;
    let dotted = !v.is_empty()
        && v.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if dotted {
        Ok(Some(v))
    } else {
        Err(de::Error::custom(format!(
            "invalid version `{v}`, expected dotted numbers such as `10.0.19041.1`"
        )))
    }
}

fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = bounded_field(d, "`modified`")?;
    if super::is_utc_timestamp(&v) {
        Ok(Some(v))
    } else {
        Err(de::Error::custom(format!(
            "invalid time `{v}`, expected RFC 3339 in UTC such as `2023-05-01T10:00:00Z`"
        )))
    }
}

/// A registry value: `{"type": "REG_…", "data": …}`, checked against its type.
#[derive(Clone, Copy)]
struct RegistryValueSeed;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryShape {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    data: Option<serde_json::Value>,
}

impl<'de> DeserializeSeed<'de> for RegistryValueSeed {
    type Value = RegistryValue;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RegistryValue, D::Error> {
        let shape = RegistryShape::deserialize(deserializer)?;
        registry_value(shape).map_err(de::Error::custom)
    }
}

fn registry_value(shape: RegistryShape) -> Result<RegistryValue, String> {
    let Some(kind) = RegistryType::parse(&shape.kind) else {
        return Err(format!(
            "unknown registry type `{}`, expected one of REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_DWORD, REG_QWORD, REG_BINARY, REG_NONE",
            shape.kind
        ));
    };
    use serde_json::Value as J;
    let too_long = |s: &str| {
        too_long(s, MAX_PROFILE_TEXT).map(|length| {
            format!(
                "data is {length} characters long; registry data holds at most {MAX_PROFILE_TEXT}"
            )
        })
    };
    match &shape.data {
        Some(J::String(s)) => too_long(s).map_or(Ok(()), Err)?,
        Some(J::Array(items)) if kind == RegistryType::MultiSz => {
            for s in items.iter().filter_map(J::as_str) {
                too_long(s).map_or(Ok(()), Err)?;
            }
        }
        Some(J::Array(items)) if items.len() > MAX_PROFILE_TEXT => {
            return Err(format!(
                "data is {} bytes long; registry data holds at most {MAX_PROFILE_TEXT}",
                items.len()
            ));
        }
        _ => {}
    }
    let data = match (kind, shape.data) {
        (RegistryType::None, None) => RegistryData::Bytes(Vec::new()),
        (_, None) => return Err(format!("missing `data` for a {} value", kind.as_str())),
        (RegistryType::Sz | RegistryType::ExpandSz, Some(J::String(s))) => RegistryData::String(s),
        (RegistryType::MultiSz, Some(J::Array(items))) => {
            let strings: Option<Vec<String>> = items
                .into_iter()
                .map(|v| match v {
                    J::String(s) => Some(s),
                    _ => None,
                })
                .collect();
            RegistryData::Strings(strings.ok_or("REG_MULTI_SZ data must be an array of strings")?)
        }
        // Text data of every type reads as the C callbacks' text does: one rule for both.
        (
            RegistryType::Dword | RegistryType::Qword | RegistryType::Binary | RegistryType::None,
            Some(J::String(s)),
        ) => RegistryData::from_text(kind, &s)?,
        (RegistryType::Dword, Some(v)) => {
            let n = v.as_u64().filter(|n| *n <= u64::from(u32::MAX));
            RegistryData::Number(n.ok_or_else(|| {
                format!("REG_DWORD data must be a number from 0 to 4294967295, not `{v}`")
            })?)
        }
        (RegistryType::Qword, Some(v)) => RegistryData::Number(v.as_u64().ok_or_else(|| {
            format!("REG_QWORD data must be an unsigned 64-bit number, not `{v}`")
        })?),
        (RegistryType::Binary | RegistryType::None, Some(J::Array(items))) => {
            let bytes: Option<Vec<u8>> = items
                .iter()
                .map(|i| i.as_u64().and_then(|n| u8::try_from(n).ok()))
                .collect();
            RegistryData::Bytes(bytes.ok_or_else(|| {
                format!(
                    "{} data must be an array of bytes (0-255) or a hex string",
                    kind.as_str()
                )
            })?)
        }
        (_, Some(v)) => {
            return Err(format!(
                "{} data must be a string, not `{v}`",
                kind.as_str()
            ));
        }
    };
    Ok(RegistryValue { kind, data })
}
