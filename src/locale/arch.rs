//! Processor architectures and the many ways Windows, WMI, ConfigMgr and MDT write them.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::LocaleError;

/// A processor architecture.
///
/// Every source spells these differently; [`Architecture::parse`] reads them all and
/// [`Architecture::spelled`] writes each source's spelling:
///
/// | Source ([`ArchSpelling`]) | x86 | x64 | ARM64 | ARM | Itanium |
/// |---|---|---|---|---|---|
/// | ConfigMgr package / console attribute | `x86` | `x64` | `arm64` | — | — |
/// | MDT (`Architecture`, OS condition) | `X86` | `X64` | — | — | — |
/// | `PROCESSOR_ARCHITECTURE` / `PROCESSOR_ARCHITEW6432` | `x86` | `AMD64` | `ARM64` | `ARM` | `IA64` |
/// | `Win32_OperatingSystem.OSArchitecture` (English) | `32-bit` | `64-bit` | `ARM 64-bit Processor` | — | — |
/// | `Win32_Processor.Architecture` (number) | `0` | `9` | `12` | `5` | `6` |
/// | Check Readiness `OSArchitecture` | `32` | `64` | — | — | — |
///
/// Parsing is ASCII case-insensitive and ignores surrounding whitespace. Besides the table it
/// accepts common synonyms (`amd64`, `x86_64`, `x86-64`, `aarch64`, `i386`–`i686`, `arm32`,
/// `itanium`, `32bit`, `64 bit`, the `Win32_ComputerSystem.SystemType` forms `X86-based PC`,
/// `x64-based PC`, `ARM64-based PC`), and, because `OSArchitecture` is localized, any `32`/`64`
/// followed by `bit`/`bits` in any spacing (`64 bits`, `64-Bit`) and any text mentioning both `ARM`
/// and `64` (`Processeur ARM 64 bits`). A bare `32`/`64` is the Check Readiness form; `0`, `5`,
/// `6`, `9`, `12` are `Win32_Processor.Architecture` values.
///
/// Serde: the lower-case [`Architecture::as_str`] name (`"x64"`); deserializing accepts any
/// spelling [`Architecture::parse`] reads, as a string or a number.
///
/// ```
/// use tasksequence::locale::{ArchSpelling, Architecture};
///
/// for spelling in ["x64", "amd64", "AMD64", "64-bit", "9", "X64", "64"] {
///     assert_eq!(Architecture::parse(spelling), Some(Architecture::X64), "{spelling}");
/// }
/// assert_eq!(Architecture::parse("ARM 64-bit Processor"), Some(Architecture::Arm64));
/// assert_eq!(Architecture::X64.spelled(ArchSpelling::ProcessorArchitectureEnv), Some("AMD64"));
/// assert_eq!(Architecture::Arm64.spelled(ArchSpelling::CheckReadiness), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Architecture {
    /// 32-bit Intel/AMD (x86).
    X86,
    /// 64-bit Intel/AMD (x64, AMD64).
    X64,
    /// 32-bit ARM (Windows RT era; `Win32_Processor.Architecture` 5).
    Arm,
    /// 64-bit ARM.
    Arm64,
    /// Itanium (`Win32_Processor.Architecture` 6); still named by `PROCESSOR_ARCHITECTURE`.
    Ia64,
}

/// A source whose spelling of architectures [`Architecture::spelled`] reproduces.
///
/// JSON: the snake_case variant name.
///
/// ```
/// use tasksequence::locale::{ArchSpelling, Architecture};
///
/// assert_eq!(Architecture::X86.spelled(ArchSpelling::Mdt), Some("X86"));
/// assert_eq!(serde_json::to_string(&ArchSpelling::CheckReadiness)?, r#""check_readiness""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArchSpelling {
    /// ConfigMgr package and OS upgrade package attributes, console (`x86`, `x64`, `arm64`).
    /// The `arm64` token is not confirmed by ConfigMgr's documentation.
    ConfigMgr,
    /// MDT's `Architecture` variable and OS conditions (`X86`, `X64`).
    Mdt,
    /// The `PROCESSOR_ARCHITECTURE` environment variable (`x86`, `AMD64`, `ARM64`, `ARM`, `IA64`).
    ProcessorArchitectureEnv,
    /// `Win32_OperatingSystem.OSArchitecture` on an English system (`32-bit`, `64-bit`,
    /// `ARM 64-bit Processor`).
    Win32OsArchitecture,
    /// `Win32_Processor.Architecture` as a decimal number (`0`, `9`, `12`, `5`, `6`).
    Win32ProcessorArchitecture,
    /// Check Readiness's `OSArchitecture` property (`32`, `64`).
    CheckReadiness,
}

impl ArchSpelling {
    /// Every source, in declaration order.
    ///
    /// ```
    /// use tasksequence::locale::{ArchSpelling, Architecture};
    ///
    /// let spellings: Vec<_> = ArchSpelling::ALL.iter().filter_map(|source| Architecture::X64.spelled(*source)).collect();
    /// assert_eq!(spellings, ["x64", "X64", "AMD64", "64-bit", "9", "64"]);
    /// ```
    pub const ALL: [ArchSpelling; 6] = [
        ArchSpelling::ConfigMgr,
        ArchSpelling::Mdt,
        ArchSpelling::ProcessorArchitectureEnv,
        ArchSpelling::Win32OsArchitecture,
        ArchSpelling::Win32ProcessorArchitecture,
        ArchSpelling::CheckReadiness,
    ];
}

impl Architecture {
    /// Every architecture, in declaration order.
    ///
    /// ```
    /// use tasksequence::locale::Architecture;
    ///
    /// let names: Vec<_> = Architecture::ALL.iter().map(|arch| arch.as_str()).collect();
    /// assert_eq!(names, ["x86", "x64", "arm", "arm64", "ia64"]);
    /// ```
    pub const ALL: [Architecture; 5] = [
        Architecture::X86,
        Architecture::X64,
        Architecture::Arm,
        Architecture::Arm64,
        Architecture::Ia64,
    ];

    /// Reads any spelling listed on [`Architecture`]; `None` when it is not one.
    ///
    /// ```
    /// use tasksequence::locale::Architecture;
    ///
    /// assert_eq!(Architecture::parse(" x86-based PC "), Some(Architecture::X86));
    /// assert_eq!(Architecture::parse("Processeur ARM 64 bits"), Some(Architecture::Arm64));
    /// assert_eq!(Architecture::parse("12"), Some(Architecture::Arm64));
    /// assert_eq!(Architecture::parse("sparc"), None);
    /// ```
    #[must_use]
    pub fn parse(input: &str) -> Option<Architecture> {
        let text = input.trim();
        if text.is_empty() || text.len() > 64 {
            return None;
        }
        let lower = text.to_ascii_lowercase();
        if let Some((_, arch)) = SPELLINGS.iter().find(|(spelling, _)| *spelling == lower) {
            return Some(*arch);
        }
        localized(&lower)
    }

    /// How `source` writes this architecture; `None` when that source has no value for it.
    ///
    /// ```
    /// use tasksequence::locale::{ArchSpelling, Architecture};
    ///
    /// assert_eq!(Architecture::Arm64.spelled(ArchSpelling::ConfigMgr), Some("arm64"));
    /// assert_eq!(Architecture::Arm64.spelled(ArchSpelling::Mdt), None);
    /// ```
    #[must_use]
    pub const fn spelled(self, source: ArchSpelling) -> Option<&'static str> {
        use ArchSpelling as S;
        use Architecture as A;
        match (source, self) {
            (S::ConfigMgr, A::X86) | (S::ProcessorArchitectureEnv, A::X86) => Some("x86"),
            (S::ConfigMgr, A::X64) => Some("x64"),
            (S::ConfigMgr, A::Arm64) => Some("arm64"),
            (S::Mdt, A::X86) => Some("X86"),
            (S::Mdt, A::X64) => Some("X64"),
            (S::ProcessorArchitectureEnv, A::X64) => Some("AMD64"),
            (S::ProcessorArchitectureEnv, A::Arm64) => Some("ARM64"),
            (S::ProcessorArchitectureEnv, A::Arm) => Some("ARM"),
            (S::ProcessorArchitectureEnv, A::Ia64) => Some("IA64"),
            (S::Win32OsArchitecture, A::X86) => Some("32-bit"),
            (S::Win32OsArchitecture, A::X64) => Some("64-bit"),
            (S::Win32OsArchitecture, A::Arm64) => Some("ARM 64-bit Processor"),
            (S::Win32ProcessorArchitecture, A::X86) => Some("0"),
            (S::Win32ProcessorArchitecture, A::Arm) => Some("5"),
            (S::Win32ProcessorArchitecture, A::Ia64) => Some("6"),
            (S::Win32ProcessorArchitecture, A::X64) => Some("9"),
            (S::Win32ProcessorArchitecture, A::Arm64) => Some("12"),
            (S::CheckReadiness, A::X86) => Some("32"),
            (S::CheckReadiness, A::X64) => Some("64"),
            _ => None,
        }
    }

    /// The `Win32_Processor.Architecture` number: 0 x86, 5 ARM, 6 Itanium, 9 x64, 12 ARM64.
    ///
    /// ```
    /// use tasksequence::locale::Architecture;
    /// assert_eq!(Architecture::X64.processor_architecture(), 9);
    /// assert_eq!(Architecture::Arm64.processor_architecture(), 12);
    /// ```
    #[must_use]
    pub const fn processor_architecture(self) -> u16 {
        match self {
            Architecture::X86 => 0,
            Architecture::Arm => 5,
            Architecture::Ia64 => 6,
            Architecture::X64 => 9,
            Architecture::Arm64 => 12,
        }
    }

    /// The canonical lower-case name: `x86`, `x64`, `arm`, `arm64`, `ia64`.
    ///
    /// ```
    /// use tasksequence::locale::Architecture;
    ///
    /// assert_eq!(Architecture::parse("AMD64").map(Architecture::as_str), Some("x64"));
    /// assert_eq!(serde_json::to_string(&Architecture::Arm64)?, r#""arm64""#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Architecture::X86 => "x86",
            Architecture::X64 => "x64",
            Architecture::Arm => "arm",
            Architecture::Arm64 => "arm64",
            Architecture::Ia64 => "ia64",
        }
    }

    /// Pointer width: 32 or 64.
    ///
    /// ```
    /// use tasksequence::locale::Architecture;
    /// assert_eq!(Architecture::Arm.bits(), 32);
    /// assert_eq!(Architecture::Ia64.bits(), 64);
    /// ```
    #[must_use]
    pub const fn bits(self) -> u8 {
        match self {
            Architecture::X86 | Architecture::Arm => 32,
            Architecture::X64 | Architecture::Arm64 | Architecture::Ia64 => 64,
        }
    }
}

/// Lower-case spellings; every `spelled` output must be here (a test checks).
static SPELLINGS: &[(&str, Architecture)] = &[
    ("x86", Architecture::X86),
    ("i386", Architecture::X86),
    ("i486", Architecture::X86),
    ("i586", Architecture::X86),
    ("i686", Architecture::X86),
    ("ia32", Architecture::X86),
    ("32-bit", Architecture::X86),
    ("32", Architecture::X86),
    ("0", Architecture::X86),
    ("x86-based pc", Architecture::X86),
    ("x64", Architecture::X64),
    ("amd64", Architecture::X64),
    ("x86_64", Architecture::X64),
    ("x86-64", Architecture::X64),
    ("64-bit", Architecture::X64),
    ("64", Architecture::X64),
    ("9", Architecture::X64),
    ("x64-based pc", Architecture::X64),
    ("arm64", Architecture::Arm64),
    ("aarch64", Architecture::Arm64),
    ("arm 64-bit processor", Architecture::Arm64),
    ("arm64-based pc", Architecture::Arm64),
    ("12", Architecture::Arm64),
    ("arm", Architecture::Arm),
    ("arm32", Architecture::Arm),
    ("5", Architecture::Arm),
    ("ia64", Architecture::Ia64),
    ("itanium", Architecture::Ia64),
    ("6", Architecture::Ia64),
];

/// Localized `OSArchitecture` values: "64 bits", "64-Bit", "Processeur ARM 64 bits".
fn localized(lower: &str) -> Option<Architecture> {
    if lower.contains("arm") && lower.contains("64") {
        return Some(Architecture::Arm64);
    }
    let (width, rest) = lower.split_at_checked(2)?;
    let rest = rest.trim_start_matches([' ', '-']);
    if rest != "bit" && rest != "bits" {
        return None;
    }
    match width {
        "32" => Some(Architecture::X86),
        "64" => Some(Architecture::X64),
        _ => None,
    }
}

impl fmt::Display for Architecture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Architecture {
    type Err = LocaleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Architecture::parse(s).ok_or_else(|| LocaleError::UnknownArchitecture {
            input: s.to_owned(),
        })
    }
}

impl Serialize for Architecture {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Architecture {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ArchVisitor)
    }
}

struct ArchVisitor;

impl Visitor<'_> for ArchVisitor {
    type Value = Architecture;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an architecture such as \"x64\", \"AMD64\", \"64-bit\" or 9")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Architecture, E> {
        v.parse().map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Architecture, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Architecture, E> {
        self.visit_str(&v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_reads_back() {
        for arch in Architecture::ALL {
            for source in ArchSpelling::ALL {
                if let Some(spelling) = arch.spelled(source) {
                    assert_eq!(
                        Architecture::parse(spelling),
                        Some(arch),
                        "{source:?} {spelling}"
                    );
                }
            }
            assert_eq!(Architecture::parse(arch.as_str()), Some(arch));
            assert_eq!(
                Architecture::parse(&arch.processor_architecture().to_string()),
                Some(arch)
            );
        }
    }

    #[test]
    fn documented_spellings() {
        use Architecture::*;
        let cases = [
            ("x64", X64),
            ("amd64", X64),
            ("AMD64", X64),
            ("64-bit", X64),
            ("9", X64),
            ("X64", X64),
            ("ARM64", Arm64),
            ("ARM 64-bit Processor", Arm64),
            ("12", Arm64),
            ("x86", X86),
            ("32-bit", X86),
            ("0", X86),
            ("32", X86),
            ("64", X64),
            (" X86 ", X86),
            ("64 bits", X64),
            ("64-Bit", X64),
            ("32bit", X86),
            ("Processeur ARM 64 bits", Arm64),
            ("x64-based PC", X64),
            ("IA64", Ia64),
            ("ARM", Arm),
            ("5", Arm),
            ("6", Ia64),
        ];
        for (text, want) in cases {
            assert_eq!(Architecture::parse(text), Some(want), "{text}");
        }
        for text in ["", "128-bit", "sparc", "1", "64bitsx", "é", "96 bits"] {
            assert_eq!(Architecture::parse(text), None, "{text}");
        }
    }

    #[test]
    fn serde() {
        assert_eq!(
            serde_json::to_string(&Architecture::Arm64).unwrap(),
            "\"arm64\""
        );
        assert_eq!(
            serde_json::from_str::<Architecture>("\"AMD64\"").unwrap(),
            Architecture::X64
        );
        assert_eq!(
            serde_json::from_str::<Architecture>("12").unwrap(),
            Architecture::Arm64
        );
        assert!(serde_json::from_str::<Architecture>("\"mips\"").is_err());
        assert_eq!(
            serde_json::to_string(&ArchSpelling::Win32OsArchitecture).unwrap(),
            "\"win32_os_architecture\""
        );
        let err = "z80".parse::<Architecture>().unwrap_err().to_string();
        assert!(err.starts_with("unknown architecture `z80`"), "{err}");
    }
}
