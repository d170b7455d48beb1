//! Registry value types, as conditions name them.

use serde::{Deserialize, Serialize};

/// The registry value types.
///
/// ```
/// use tasksequence::model::RegistryType;
///
/// assert_eq!(serde_json::to_string(&RegistryType::Dword)?, r#""REG_DWORD""#);
/// assert_eq!(serde_json::from_str::<RegistryType>(r#""REG_MULTI_SZ""#)?, RegistryType::MultiSz);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RegistryType {
    /// `REG_SZ`
    #[serde(rename = "REG_SZ")]
    Sz,
    /// `REG_EXPAND_SZ`
    #[serde(rename = "REG_EXPAND_SZ")]
    ExpandSz,
    /// `REG_MULTI_SZ`
    #[serde(rename = "REG_MULTI_SZ")]
    MultiSz,
    /// `REG_DWORD`
    #[serde(rename = "REG_DWORD")]
    Dword,
    /// `REG_QWORD`
    #[serde(rename = "REG_QWORD")]
    Qword,
    /// `REG_BINARY`
    #[serde(rename = "REG_BINARY")]
    Binary,
    /// `REG_NONE`
    #[serde(rename = "REG_NONE")]
    None,
}

impl RegistryType {
    /// The `REG_*` spelling.
    ///
    /// ```
    /// use tasksequence::model::RegistryType;
    /// assert_eq!(RegistryType::ExpandSz.as_str(), "REG_EXPAND_SZ");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sz => "REG_SZ",
            Self::ExpandSz => "REG_EXPAND_SZ",
            Self::MultiSz => "REG_MULTI_SZ",
            Self::Dword => "REG_DWORD",
            Self::Qword => "REG_QWORD",
            Self::Binary => "REG_BINARY",
            Self::None => "REG_NONE",
        }
    }

    /// Parses a `REG_*` name, case-insensitively.
    ///
    /// ```
    /// use tasksequence::model::RegistryType;
    ///
    /// assert_eq!(RegistryType::parse(" reg_qword "), Some(RegistryType::Qword));
    /// assert_eq!(RegistryType::parse("DWORD"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        const ALL: [RegistryType; 7] = [
            RegistryType::Sz,
            RegistryType::ExpandSz,
            RegistryType::MultiSz,
            RegistryType::Dword,
            RegistryType::Qword,
            RegistryType::Binary,
            RegistryType::None,
        ];
        ALL.into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(text.trim()))
    }
}
