//! Entries kept in file order with a sorted index of normalized keys, so that lookups by any
//! spelling of a name, path or registry key are a binary search without allocation.

use crate::wql::fold::{cmp_folded, eq_folded, fold};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// How a table's keys are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    /// Names: case-insensitive.
    Name,
    /// File system paths and WMI namespaces: case-insensitive, `/` = `\`, repeated separators
    /// count once, trailing separators ignored.
    Path,
    /// Registry key paths: as [`KeyKind::Path`], and `HKLM` = `HKEY_LOCAL_MACHINE` (likewise
    /// `HKCU`, `HKU`, `HKCR`, `HKCC`).
    Registry,
}

impl KeyKind {
    /// The normalized form stored in the index.
    pub(crate) fn normalize(self, key: &str) -> String {
        match self {
            Self::Name => fold(key),
            Self::Path => path_chars(key).collect(),
            Self::Registry => registry_chars(key).collect(),
        }
    }
}

fn normalize_chars(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    let mut previous_separator = false;
    chars
        .map(|c| if c == '/' { '\\' } else { c })
        .filter(move |&c| {
            let separator = c == '\\';
            let keep = !(separator && previous_separator);
            previous_separator = separator;
            keep
        })
        .flat_map(char::to_lowercase)
}

fn path_chars(path: &str) -> impl Iterator<Item = char> {
    normalize_chars(path.trim_end_matches(['\\', '/']).chars())
}

const HIVES: [(&str, &str); 5] = [
    ("HKLM", "HKEY_LOCAL_MACHINE"),
    ("HKCU", "HKEY_CURRENT_USER"),
    ("HKU", "HKEY_USERS"),
    ("HKCR", "HKEY_CLASSES_ROOT"),
    ("HKCC", "HKEY_CURRENT_CONFIG"),
];

fn registry_chars(key: &str) -> impl Iterator<Item = char> {
    let key = key.trim_end_matches(['\\', '/']);
    let split = key.find(['\\', '/']).unwrap_or(key.len());
    let (hive, rest) = key.split_at(split);
    let hive = HIVES
        .iter()
        .find(|(short, _)| short.eq_ignore_ascii_case(hive))
        .map_or(hive, |(_, full)| full);
    normalize_chars(hive.chars().chain(rest.chars()))
}

/// The longest ASCII query normalized on the stack (`MAX_PATH` and then some); longer ones (and
/// non-ASCII ones) allocate.
const STACK_KEY: usize = 320;

/// Runs `f` on the normalized form of `key` ([`KeyKind::normalize`]) as bytes, built in a stack
/// buffer when `key` is ASCII and short, as nearly every path and registry key is.
pub(crate) fn with_normalized<R>(kind: KeyKind, key: &str, f: impl FnOnce(&[u8]) -> R) -> R {
    let mut buf = [0u8; STACK_KEY + 32];
    match normalize_ascii(kind, key, &mut buf) {
        Some(normalized) => f(normalized),
        None => f(kind.normalize(key).as_bytes()),
    }
}

/// [`KeyKind::normalize`] for an ASCII `key` of at most [`STACK_KEY`] bytes, into `buf`; `None`
/// for any other key.
fn normalize_ascii<'b>(kind: KeyKind, key: &str, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    if key.len() > STACK_KEY || !key.is_ascii() {
        return None;
    }
    let key = key.trim_end_matches(['\\', '/']).as_bytes();
    let mut rest = key;
    let mut start = 0;
    if kind == KeyKind::Registry {
        let split = key
            .iter()
            .position(|&b| b == b'\\' || b == b'/')
            .unwrap_or(key.len());
        let (hive, tail) = key.split_at(split);
        let hive = HIVES
            .iter()
            .find(|(short, _)| short.as_bytes().eq_ignore_ascii_case(hive))
            .map_or(hive, |(_, full)| full.as_bytes());
        buf.get_mut(..hive.len())?.copy_from_slice(hive);
        start = hive.len();
        rest = tail;
    }
    // Copy and lower-case in bulk; only a key with `/` or doubled separators (rare) needs the
    // byte-by-byte pass that rewrites and drops separators.
    let end = start + rest.len();
    let out = buf.get_mut(..end)?;
    out.get_mut(start..)?.copy_from_slice(rest);
    out.make_ascii_lowercase();
    // One plain pass: keys are short, where a `memchr` call costs more than the loop.
    let mut irregular = false;
    let mut previous_backslash = false;
    for &b in rest {
        let backslash = b == b'\\';
        irregular |= b == b'/' || (backslash && previous_backslash);
        previous_backslash = backslash;
    }
    if !irregular {
        return Some(out);
    }
    let mut len = start;
    let mut previous_separator = false;
    for read in start..end {
        let b = *out.get(read)?;
        let separator = b == b'\\' || b == b'/';
        if separator && previous_separator {
            continue;
        }
        previous_separator = separator;
        *out.get_mut(len)? = if separator { b'\\' } else { b };
        len += 1;
    }
    out.get(..len)
}

/// Up to this many entries a lookup scans: equality checks reject on length at once, which beats
/// the ordered comparisons of a binary search on the small tables WMI data makes (a few
/// namespaces, a dozen classes, a few dozen properties).
const LINEAR_MAX: usize = 32;

/// Entries in the order they were given, plus `(normalized key, position)` sorted by key.
#[derive(Debug, Clone)]
pub(crate) struct Table<V> {
    entries: Vec<(String, V)>,
    index: Vec<(Box<str>, usize)>,
    kind: KeyKind,
}

impl<V> Default for Table<V> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            index: Vec::new(),
            kind: KeyKind::Name,
        }
    }
}

impl<V> Table<V> {
    /// Builds the index. Keys that normalize alike are the caller's to reject beforehand; here the
    /// first one wins.
    pub(crate) fn new(kind: KeyKind, entries: Vec<(String, V)>) -> Self {
        let mut index: Vec<(Box<str>, usize)> = entries
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (kind.normalize(k).into_boxed_str(), i))
            .collect();
        index.sort();
        index.dedup_by(|later, earlier| later.0 == earlier.0);
        Self {
            entries,
            index,
            kind,
        }
    }

    /// The entries in their original order.
    pub(crate) fn entries(&self) -> &[(String, V)] {
        &self.entries
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Looks up any spelling of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&(String, V)> {
        if self.kind != KeyKind::Name {
            // Paths and registry keys are normalized once, then compared byte for byte against
            // the stored keys: comparing the unnormalized query with each key instead redoes the
            // separator and hive rules per key, which cost microseconds on long registry paths.
            return with_normalized(self.kind, key, |normalized| self.get_bytes(normalized));
        }
        if self.index.len() <= LINEAR_MAX {
            // Whether the query is ASCII is asked once, not once per stored key.
            let found = if key.is_ascii() {
                self.index
                    .iter()
                    .find(|(k, _)| k.len() == key.len() && k.eq_ignore_ascii_case(key))
            } else {
                self.index.iter().find(|(k, _)| eq_folded(key, k))
            };
            let (_, pos) = found?;
            return self.entries.get(*pos);
        }
        let found = self
            .index
            .binary_search_by(|(k, _)| cmp_folded(key, k).reverse());
        self.at(found)
    }

    /// Looks up a key that is already normalized (a pre-folded WQL name in a `Name` table).
    pub(crate) fn get_normalized(&self, normalized: &str) -> Option<&(String, V)> {
        self.get_bytes(normalized.as_bytes())
    }

    /// [`Table::get_normalized`] of the normalized key's bytes (ordered as the strings are).
    fn get_bytes(&self, normalized: &[u8]) -> Option<&(String, V)> {
        if self.index.len() <= LINEAR_MAX {
            let (_, pos) = self
                .index
                .iter()
                .find(|(k, _)| k.as_bytes() == normalized)?;
            return self.entries.get(*pos);
        }
        let found = self
            .index
            .binary_search_by(|(k, _)| k.as_bytes().cmp(normalized));
        self.at(found)
    }

    fn at(&self, found: Result<usize, usize>) -> Option<&(String, V)> {
        let (_, pos) = self.index.get(found.ok()?)?;
        self.entries.get(*pos)
    }

    /// The normalized keys, sorted.
    pub(crate) fn normalized_keys(&self) -> impl Iterator<Item = &str> {
        self.index.iter().map(|(k, _)| k.as_ref())
    }
}

impl<V: PartialEq> PartialEq for Table<V> {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

impl<V: Serialize> Serialize for Table<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_paths_and_registry_keys() {
        let t = Table::new(
            KeyKind::Name,
            vec![("OSLanguage".to_owned(), 1), ("Version".to_owned(), 2)],
        );
        assert_eq!(t.get("oslanguage").map(|e| e.1), Some(1));
        assert_eq!(t.get_normalized("version").map(|e| e.1), Some(2));
        assert!(t.get("Versio").is_none());

        let t = Table::new(
            KeyKind::Path,
            vec![
                (r"C:\Windows\notepad.exe".to_owned(), 1),
                (r"C:\Temp\".to_owned(), 2),
            ],
        );
        assert_eq!(t.get(r"c:\WINDOWS\Notepad.EXE").map(|e| e.1), Some(1));
        assert_eq!(t.get("C:/Windows//notepad.exe").map(|e| e.1), Some(1));
        assert_eq!(t.get(r"C:\Temp").map(|e| e.1), Some(2));
        assert_eq!(t.get(r"c:\temp\\").map(|e| e.1), Some(2));
        assert!(t.get(r"C:\Windows").is_none());

        let t = Table::new(
            KeyKind::Registry,
            vec![(r"HKEY_LOCAL_MACHINE\SOFTWARE\Contoso".to_owned(), 1)],
        );
        assert_eq!(t.get(r"HKLM\Software\contoso").map(|e| e.1), Some(1));
        assert_eq!(
            t.get(r"hkey_local_machine\SOFTWARE\Contoso\").map(|e| e.1),
            Some(1)
        );
        assert!(t.get(r"HKCU\SOFTWARE\Contoso").is_none());
        assert_eq!(
            KeyKind::Registry.normalize(r"HKCU\X"),
            r"hkey_current_user\x"
        );
        assert_eq!(KeyKind::Path.normalize("root/CIMV2"), r"root\cimv2");
    }

    #[test]
    fn the_stack_normalization_agrees_with_the_general_one() {
        for kind in [KeyKind::Name, KeyKind::Path, KeyKind::Registry] {
            for key in [
                r"C:\Windows\notepad.exe",
                "C:/Windows//System32///drivers\\",
                r"HKLM\SOFTWARE\\Contoso/Key\",
                "hkcc",
                r"HKCC\x",
                "",
                "/",
                r"\\server\share",
                "Mixed/Case\\//Path",
            ] {
                let mut buf = [0u8; STACK_KEY + 32];
                let fast = normalize_ascii(kind, key, &mut buf).map(<[u8]>::to_vec);
                if kind == KeyKind::Name {
                    continue;
                }
                assert_eq!(
                    fast,
                    Some(kind.normalize(key).into_bytes()),
                    "{kind:?} {key:?}"
                );
            }
        }
        let long = "a".repeat(STACK_KEY + 1);
        assert_eq!(
            normalize_ascii(KeyKind::Path, &long, &mut [0u8; STACK_KEY + 32]),
            None
        );
        assert_eq!(
            normalize_ascii(KeyKind::Path, "é", &mut [0u8; STACK_KEY + 32]),
            None
        );
    }

    #[test]
    fn large_tables_use_the_sorted_index() {
        let files: Vec<_> = (0..100)
            .map(|i| (format!(r"C:\Dir{i}\File.TXT"), i))
            .collect();
        let t = Table::new(KeyKind::Path, files);
        for i in 0..100 {
            assert_eq!(t.get(&format!(r"c:\dir{i}\file.txt")).map(|e| e.1), Some(i));
            assert_eq!(t.get(&format!("C:/DIR{i}//FILE.txt")).map(|e| e.1), Some(i));
        }
        assert!(t.get(r"C:\Dir100\File.txt").is_none());
        let names: Vec<_> = (0..50).map(|i| (format!("Prop{i}"), i)).collect();
        let t = Table::new(KeyKind::Name, names);
        assert_eq!(t.get_normalized("prop42").map(|e| e.1), Some(42));
        assert_eq!(t.get("PROP7").map(|e| e.1), Some(7));
        assert!(
            t.get_normalized("Prop7").is_none(),
            "normalized lookups are exact"
        );
        let keys: Vec<_> = (0..40)
            .map(|i| (format!(r"HKEY_LOCAL_MACHINE\SOFTWARE\K{i}"), i))
            .collect();
        let t = Table::new(KeyKind::Registry, keys);
        assert_eq!(t.get(r"hklm\software\k39").map(|e| e.1), Some(39));
    }
}
