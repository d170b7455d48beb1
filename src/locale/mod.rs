//! Windows languages (LCIDs) and processor architectures, in every spelling the field uses.
//!
//! - [`lookup`] finds a [`Language`] from a decimal LCID (`1033`, what `OSLanguage`, OS Language
//!   conditions and Check Readiness use), a hex LCID (`0x0409`, `0409`, `409`), a culture tag
//!   (`en-US`, `en_us`, `EN-us`) or an English name (`English (United States)`).
//! - [`Architecture::parse`] reads `x64`, `AMD64`, `64-bit`, `9`, `ARM 64-bit Processor`, … and
//!   [`Architecture::spelled`] writes each source's own spelling back.
//!
//! ```
//! use tasksequence::locale::{self, ArchSpelling, Architecture};
//!
//! let german = locale::lookup("0x0407").unwrap();
//! assert_eq!((german.lcid, german.tag), (1031, "de-DE"));
//! let arch = Architecture::parse("AMD64").unwrap();
//! assert_eq!(arch.spelled(ArchSpelling::Win32OsArchitecture), Some("64-bit"));
//! ```

mod arch;
mod lcid_table;

use std::fmt;

use serde::de::Error as _;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

pub use arch::{ArchSpelling, Architecture};

use lcid_table::{LANGUAGES, TAG_ALIASES};

/// One Windows language/locale.
///
/// JSON: `{"lcid": 1033, "hex": "0x0409", "tag": "en-US", "name": "English (United States)"}`.
/// Deserializing accepts that object (only `lcid` is read), a bare number (`1033`) or any string
/// [`lookup`] understands, and fails for a language the table does not hold.
///
/// ```
/// use tasksequence::locale::{lookup, Language};
///
/// let italian = lookup("it-IT").unwrap();
/// assert_eq!((italian.lcid, italian.name), (1040, "Italian (Italy)"));
/// assert_eq!(italian.to_string(), "it-IT");
/// let json = serde_json::to_string(italian)?;
/// assert_eq!(json, r#"{"lcid":1040,"hex":"0x0410","tag":"it-IT","name":"Italian (Italy)"}"#);
/// let back: Language = serde_json::from_str("\"0x0410\"")?;
/// assert_eq!(&back, italian);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Language {
    /// The locale identifier (1033).
    pub lcid: u32,
    /// The culture tag Windows uses (`en-US`; `es-ES_tradnl` for traditional-sort Spanish).
    pub tag: &'static str,
    /// The English name (`English (United States)`).
    pub name: &'static str,
}

impl Language {
    /// The LCID in hex with at least four digits (`0x0409`), as Windows writes it.
    ///
    /// ```
    /// use tasksequence::locale::by_lcid;
    /// assert_eq!(by_lcid(1033).unwrap().hex(), "0x0409");
    /// ```
    #[must_use]
    pub fn hex(&self) -> String {
        format!("0x{:04X}", self.lcid)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag)
    }
}

impl Serialize for Language {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Language", 4)?;
        out.serialize_field("lcid", &self.lcid)?;
        out.serialize_field("hex", &self.hex())?;
        out.serialize_field("tag", self.tag)?;
        out.serialize_field("name", self.name)?;
        out.end()
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Number(u32),
            Text(String),
            Object { lcid: u32 },
        }
        let found = match Form::deserialize(deserializer)? {
            Form::Number(lcid) | Form::Object { lcid } => by_lcid(lcid),
            Form::Text(text) => lookup(&text),
        };
        found
            .copied()
            .ok_or_else(|| D::Error::custom("unknown Windows language"))
    }
}

/// A language or architecture that could not be recognised.
///
/// ```
/// use tasksequence::locale::{find, Architecture};
///
/// let err = find("xx-YY").unwrap_err();
/// assert!(err.to_string().starts_with("unknown language `xx-YY`"));
/// let err = "sparc".parse::<Architecture>().unwrap_err();
/// assert!(err.to_string().starts_with("unknown architecture `sparc`"));
/// ```
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum LocaleError {
    /// [`lookup`] found nothing.
    #[error(
        "unknown language `{input}` (expected an LCID such as `1033` or `0x0409`, a tag such as `en-US`, or an English name)"
    )]
    UnknownLanguage {
        /// The text as given.
        input: String,
    },
    /// [`Architecture::parse`] found nothing.
    #[error(
        "unknown architecture `{input}` (expected e.g. `x86`, `x64`, `AMD64`, `64-bit`, `arm64`, `9`)"
    )]
    UnknownArchitecture {
        /// The text as given.
        input: String,
    },
}

/// Finds a language from any of its forms (surrounding whitespace ignored).
///
/// Tried in this order:
/// 1. a culture tag, ASCII case-insensitive, `_` and `-` interchangeable (`en-US`, `en_us`,
///    `EN-us`), including a few older tags (`zh-CHS`, `zh-CHT`, `en-CB`, `qut-GT`, …);
/// 2. an English name, case-insensitive, runs of whitespace equal (`english (united states)`);
/// 3. a number:
///    - `0x` / `0X` then hex digits: hex (`0x0409`, `0X409`);
///    - digits with a leading zero: hex, because Windows writes LCIDs as four zero-padded hex
///      digits and decimal LCIDs never start with 0 (`0409`, `0804`);
///    - hex digits including a letter: hex (`0C0A`, `40a`);
///    - other digits: decimal (`1033`); if no language has that decimal LCID and the input has at
///      most four digits, it is tried as hex, so `409` finds English (United States) (no LCID in
///      the table is a three-digit decimal).
///
/// ```
/// use tasksequence::locale::lookup;
///
/// for form in ["1033", "0x0409", "0409", "409", "en-US", "en_us", "EN-us", "English (United States)"] {
///     assert_eq!(lookup(form).unwrap().lcid, 1033, "{form}");
/// }
/// assert_eq!(lookup("0C0A").unwrap().tag, "es-ES");
/// assert!(lookup("xx-YY").is_none());
/// ```
#[must_use]
pub fn lookup(input: &str) -> Option<&'static Language> {
    let text = input.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(found) = LANGUAGES.iter().find(|lang| tag_eq(lang.tag, text)) {
        return Some(found);
    }
    if let Some((_, lcid)) = TAG_ALIASES.iter().find(|(tag, _)| tag_eq(tag, text)) {
        return by_lcid(*lcid);
    }
    if let Some(found) = LANGUAGES.iter().find(|lang| name_eq(lang.name, text)) {
        return Some(found);
    }
    by_number(text)
}

/// Like [`lookup`], with an error that names the input.
///
/// # Errors
/// [`LocaleError::UnknownLanguage`] when nothing matches.
///
/// ```
/// use tasksequence::locale::find;
/// assert_eq!(find("de-CH")?.lcid, 2055);
/// assert!(find("Klingon").is_err());
/// # Ok::<(), tasksequence::locale::LocaleError>(())
/// ```
pub fn find(input: &str) -> Result<&'static Language, LocaleError> {
    lookup(input).ok_or_else(|| LocaleError::UnknownLanguage {
        input: input.to_owned(),
    })
}

/// The language with exactly this LCID.
///
/// ```
/// assert_eq!(tasksequence::locale::by_lcid(2057).unwrap().tag, "en-GB");
/// ```
#[must_use]
pub fn by_lcid(lcid: u32) -> Option<&'static Language> {
    LANGUAGES
        .binary_search_by_key(&lcid, |lang| lang.lcid)
        .ok()
        .and_then(|at| LANGUAGES.get(at))
}

/// Every language in the table, sorted by LCID.
///
/// ```
/// use tasksequence::locale::languages;
///
/// let all = languages();
/// assert!(all.windows(2).all(|pair| pair[0].lcid < pair[1].lcid));
/// assert!(all.iter().any(|lang| lang.tag == "ja-JP"));
/// ```
#[must_use]
pub fn languages() -> &'static [Language] {
    LANGUAGES
}

fn by_number(text: &str) -> Option<&'static Language> {
    let hex = |digits: &str| u32::from_str_radix(digits, 16).ok().and_then(by_lcid);
    if let Some(digits) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        // from_str_radix would accept a sign; an LCID never has one.
        return digits
            .bytes()
            .all(|b| b.is_ascii_hexdigit())
            .then(|| hex(digits))
            .flatten();
    }
    if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) || (text.starts_with('0') && text.len() > 1) {
        return hex(text);
    }
    text.parse::<u32>()
        .ok()
        .and_then(by_lcid)
        .or_else(|| if text.len() <= 4 { hex(text) } else { None })
}

fn tag_eq(tag: &str, text: &str) -> bool {
    let fold = |b: u8| {
        if b == b'_' {
            b'-'
        } else {
            b.to_ascii_lowercase()
        }
    };
    tag.len() == text.len()
        && tag
            .bytes()
            .zip(text.bytes())
            .all(|(a, b)| fold(a) == fold(b))
}

fn name_eq(name: &str, text: &str) -> bool {
    folded_words(name).eq(folded_words(text))
}

/// Lower-cased characters with each run of whitespace turned into one trailing space.
fn folded_words(s: &str) -> impl Iterator<Item = char> + '_ {
    s.split_whitespace()
        .flat_map(|word| word.chars().flat_map(char::to_lowercase).chain([' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(LANGUAGES.len() >= 200, "{}", LANGUAGES.len());
        for pair in LANGUAGES.windows(2) {
            assert!(
                pair[0].lcid < pair[1].lcid,
                "{} then {}",
                pair[0].tag,
                pair[1].tag
            );
        }
        let mut tags = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for lang in LANGUAGES {
            assert!(tags.insert(lang.tag.to_ascii_lowercase()), "{}", lang.tag);
            assert!(names.insert(lang.name.to_lowercase()), "{}", lang.name);
            // Every table entry must be reachable from each of its own forms.
            assert_eq!(lookup(lang.tag), Some(lang));
            assert_eq!(lookup(lang.name), Some(lang));
            assert_eq!(lookup(&lang.lcid.to_string()), Some(lang), "{}", lang.tag);
            assert_eq!(lookup(&lang.hex()), Some(lang));
            assert_eq!(
                lookup(&format!("{:04X}", lang.lcid)),
                Some(lang),
                "{}",
                lang.tag
            );
        }
        for (alias, lcid) in TAG_ALIASES {
            assert!(by_lcid(*lcid).is_some(), "{alias}");
            assert!(
                LANGUAGES.iter().all(|lang| !tag_eq(lang.tag, alias)),
                "{alias} shadows a tag"
            );
        }
    }

    #[test]
    fn numeric_forms() {
        assert_eq!(lookup("409").unwrap().tag, "en-US");
        assert_eq!(lookup("0X409").unwrap().tag, "en-US");
        assert_eq!(lookup("0x0c0a").unwrap().tag, "es-ES");
        assert_eq!(lookup("040a").unwrap().tag, "es-ES_tradnl");
        assert_eq!(lookup(" 2052 ").unwrap().tag, "zh-CN");
        assert_eq!(lookup("804").unwrap().tag, "zh-CN");
        assert_eq!(lookup("9").unwrap().tag, "en");
        assert!(lookup("0x").is_none());
        assert!(lookup("0x+409").is_none());
        assert!(lookup("99999").is_none());
        assert!(lookup("99999999999999999999").is_none());
        assert!(lookup("").is_none());
        assert!(lookup("-1033").is_none());
    }

    #[test]
    fn tags_names_aliases() {
        assert_eq!(lookup("es-es_TRADNL").unwrap().lcid, 1034);
        assert_eq!(lookup("zh-chs").unwrap().lcid, 4);
        assert_eq!(lookup("  norwegian   bokmål (NORWAY) ").unwrap().lcid, 1044);
        assert_eq!(lookup("sr_latn_rs").unwrap().lcid, 0x241A);
        assert!(lookup("en-U").is_none());
    }

    #[test]
    fn serde_forms() {
        let us = *lookup("en-US").unwrap();
        let json = serde_json::to_string(&us).unwrap();
        assert_eq!(
            json,
            r#"{"lcid":1033,"hex":"0x0409","tag":"en-US","name":"English (United States)"}"#
        );
        for form in [json.as_str(), "1033", "\"en_us\"", "\"0x0409\""] {
            assert_eq!(
                serde_json::from_str::<Language>(form).unwrap(),
                us,
                "{form}"
            );
        }
        assert!(serde_json::from_str::<Language>("12345").is_err());
        assert!(serde_json::from_str::<Language>("\"nope\"").is_err());
    }
}
