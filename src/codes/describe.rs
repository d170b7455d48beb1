//! Everything known about one code, gathered into one serializable answer.

use serde::{Deserialize, Serialize};

use super::hresult::{HresultParts, Win32Error, decode_hresult};
use super::setup::{ExtendDescription, SetupResult};
use super::success::Reboot;
use super::table::{self, CodeSource, KnownCode};
use super::{CodeError, ReturnCode};

/// Everything this crate can say about a code: its three written forms, its name and meaning,
/// its bits, the Win32 error inside it and, for Windows Setup reports, the extend code.
///
/// This is what `tsq code CODE --format json` prints and what the C ABI returns as JSON.
///
/// JSON shape (stable; absent knowledge is `null`, never a missing key):
///
/// ```json
/// {
///   "hex": "0x80070005",              // "0x" + 8 upper-case hex digits
///   "unsigned": 2147942405,           // u32
///   "signed": -2147024891,            // i32, same bits
///   "name": "E_ACCESSDENIED",         // symbolic name or null
///   "meaning": "access denied (…)",   // short English meaning or null
///   "source": "hresult",              // win32 | hresult | windows_update | ntstatus |
///                                     // windows_setup | setup_exe | null
///   "also": [],                       // other meanings of the same number:
///                                     // [{"name", "meaning", "source", "success"}]
///   "hresult": {                      // null for values below 0x10000
///     "layout": "hresult",            // hresult | ntstatus
///     "severity": "error",            // success | informational | error
///     "customer": false, "nt_bit": false,
///     "facility": 7, "facility_name": "FACILITY_WIN32", "code": 5
///   },
///   "win32": {"code": 5, "name": "ERROR_ACCESS_DENIED", "meaning": "access denied"},
///                                     // only for HRESULT_FROM_WIN32 values (0x8007xxxx)
///   "setup_extended": null,           // see ExtendDescription, when an extend code was given
///   "is_success": false,              // true/false when the meaning says so, else null
///   "is_reboot": false,               // 3010 or 1641
///   "reboot": null                    // "required" (3010) | "initiated" (1641) | null
/// }
/// ```
///
/// For an `HRESULT_FROM_WIN32` value that the table does not list by itself, `name` is built from
/// the Win32 name (`HRESULT_FROM_WIN32(ERROR_DISK_FULL)`) and `meaning` is the Win32 meaning.
/// `is_success` comes from the table; for an unknown code it is `false` when the severity bit
/// (bit 31) is set and `null` otherwise, because a plain exit code's meaning depends on the program.
///
/// ```
/// use tasksequence::codes::{describe_str, CodeSource, Reboot};
///
/// let d = describe_str("3010")?;
/// assert_eq!(d.hex, "0x00000BC2");
/// assert_eq!(d.name.as_deref(), Some("ERROR_SUCCESS_REBOOT_REQUIRED"));
/// assert_eq!(d.source, Some(CodeSource::Win32));
/// assert_eq!(d.hresult, None);
/// assert_eq!((d.is_success, d.reboot), (Some(true), Some(Reboot::Required)));
/// let json = serde_json::to_value(&d)?;
/// assert_eq!(json["reboot"], "required");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeDescription {
    /// `0x` and eight upper-case hex digits.
    pub hex: String,
    /// The unsigned decimal reading.
    pub unsigned: u32,
    /// The signed decimal reading.
    pub signed: i32,
    /// The symbolic name.
    pub name: Option<String>,
    /// The meaning, in a few words.
    pub meaning: Option<String>,
    /// The family the name comes from.
    pub source: Option<CodeSource>,
    /// Other meanings the same number has in other families.
    pub also: Vec<OtherMeaning>,
    /// The bits taken apart, for values of 0x10000 and above.
    pub hresult: Option<HresultParts>,
    /// The Win32 error inside an `HRESULT_FROM_WIN32` value.
    pub win32: Option<Win32Error>,
    /// Phase and operation, when a Windows Setup extend code was given.
    pub setup_extended: Option<ExtendDescription>,
    /// Whether the code reports success, when that can be told.
    pub is_success: Option<bool>,
    /// Whether the code asks for a restart (3010, 1641).
    pub is_reboot: bool,
    /// Which restart.
    pub reboot: Option<Reboot>,
}

/// Another reading of the same number (e.g. 5 as a `setup.exe /Auto` exit code).
///
/// JSON: `{"name": "…", "meaning": "…", "source": "setup_exe", "success": false}`.
///
/// ```
/// use tasksequence::codes::{describe, CodeSource, ReturnCode};
///
/// let d = describe(ReturnCode(5));
/// assert_eq!(d.name.as_deref(), Some("ERROR_ACCESS_DENIED"));
/// let other = &d.also[0];
/// assert_eq!(other.source, CodeSource::SetupExe);
/// assert_eq!(other.name.as_deref(), Some("CONX_SETUP_EXITCODE_RESUME_AT_COMPAT_REPORT"));
/// assert!(!other.success);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OtherMeaning {
    /// The symbolic name in that family.
    pub name: Option<String>,
    /// The meaning in that family.
    pub meaning: String,
    /// The family.
    pub source: CodeSource,
    /// Whether it reports success in that family.
    pub success: bool,
}

impl From<&KnownCode> for OtherMeaning {
    fn from(row: &KnownCode) -> Self {
        OtherMeaning {
            name: row.name.map(str::to_owned),
            meaning: row.meaning.to_owned(),
            source: row.source,
            success: row.success,
        }
    }
}

/// Describes `code`.
///
/// ```
/// use tasksequence::codes::{describe, ReturnCode};
///
/// let d = describe(ReturnCode(0x8007_0070));
/// assert_eq!(d.name.as_deref(), Some("HRESULT_FROM_WIN32(ERROR_DISK_FULL)"));
/// assert_eq!(d.win32.unwrap().code, 112);
///
/// let scan = describe(ReturnCode(3_247_440_400));
/// assert_eq!(scan.name.as_deref(), Some("MOSETUP_E_COMPAT_SCANONLY"));
/// assert_eq!(scan.signed, -1_047_526_896);
/// assert_eq!(scan.is_success, Some(true));
/// ```
#[must_use]
pub fn describe(code: ReturnCode) -> CodeDescription {
    let rows = table::known_all(code);
    let primary = rows.first();
    let win32 = Win32Error::of(code);
    let (name, meaning, source) = match (primary, &win32) {
        (Some(row), _) => (
            row.name.map(str::to_owned),
            Some(row.meaning.to_owned()),
            Some(row.source),
        ),
        (None, Some(inner)) => (
            inner
                .name
                .as_ref()
                .map(|name| format!("HRESULT_FROM_WIN32({name})")),
            inner.meaning.clone(),
            Some(CodeSource::Hresult),
        ),
        (None, None) => (None, None, None),
    };
    let hresult = (code.unsigned() > 0xFFFF).then(|| decode_hresult(code));
    let is_success = match primary {
        Some(row) => Some(row.success),
        None if code.unsigned() & 0x8000_0000 != 0 => Some(false),
        None => None,
    };
    let reboot = code.reboot();
    CodeDescription {
        hex: code.hex(),
        unsigned: code.unsigned(),
        signed: code.signed(),
        name,
        meaning,
        source,
        also: rows.iter().skip(1).map(OtherMeaning::from).collect(),
        hresult,
        win32,
        setup_extended: None,
        is_success,
        is_reboot: reboot.is_some(),
        reboot,
    }
}

/// Describes a Windows Setup report: the result code, plus the extend code's phase and operation.
///
/// ```
/// use tasksequence::codes::{describe_setup, SetupResult};
///
/// let d = describe_setup(SetupResult::parse("0xC1900101 - 0x4000D")?);
/// let ext = d.setup_extended.unwrap();
/// assert_eq!(ext.phase_name.as_deref(), Some("SP_EXECUTION_OOBE_BOOT"));
/// # Ok::<(), tasksequence::codes::CodeError>(())
/// ```
#[must_use]
pub fn describe_setup(report: SetupResult) -> CodeDescription {
    let mut description = describe(report.result);
    description.setup_extended = report.extend.map(|extend| extend.describe());
    description
}

/// Reads `text` in any form this module understands and describes it: a [`ReturnCode`] in any
/// form, a Setup report (`0xC1900101 - 0x4000D`), or a symbolic name from the table
/// (`MOSETUP_E_COMPAT_SCANONLY`, case-insensitive).
///
/// # Errors
/// The [`CodeError`] of [`SetupResult::parse`] when `text` is neither a number nor a known name.
///
/// ```
/// use tasksequence::codes::describe_str;
///
/// assert_eq!(describe_str("-1047526896")?.hex, "0xC1900210");
/// assert_eq!(describe_str("error_install_failure")?.unsigned, 1603);
/// assert!(describe_str("not a code").is_err());
/// # Ok::<(), tasksequence::codes::CodeError>(())
/// ```
pub fn describe_str(text: &str) -> Result<CodeDescription, CodeError> {
    match SetupResult::parse(text) {
        Ok(report) => Ok(describe_setup(report)),
        Err(err) => match table::known_by_name(text) {
            Some(row) => {
                let mut description = describe(row.code);
                // Name lookups pick the spelling the caller asked about, even an alias.
                if description.name.as_deref() != row.name {
                    description.name = row.name.map(str::to_owned);
                    description.meaning = Some(row.meaning.to_owned());
                }
                Ok(description)
            }
            None => Err(err),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Severity;

    #[test]
    fn unknown_codes_still_decode() {
        let d = describe(ReturnCode(0x8007_7777));
        assert_eq!(d.name, None);
        assert_eq!(d.win32.as_ref().unwrap().code, 0x7777);
        assert_eq!(d.is_success, Some(false));
        let plain = describe(ReturnCode(42));
        assert_eq!(plain.hresult, None);
        assert_eq!(plain.is_success, None);
        assert_eq!(plain.source, None);
        let odd = describe(ReturnCode(0x1234_5678));
        assert_eq!(odd.hresult.unwrap().severity, Severity::Success);
    }

    #[test]
    fn reboot_and_alternatives() {
        let d = describe(ReturnCode(3010));
        assert!(d.is_reboot);
        assert_eq!(d.reboot, Some(Reboot::Required));
        assert_eq!(d.is_success, Some(true));
        let five = describe(ReturnCode(5));
        assert_eq!(five.also.len(), 1);
        assert_eq!(five.also[0].source, CodeSource::SetupExe);
    }

    #[test]
    fn names_and_aliases() {
        let d = describe_str("MOSETUP_E_COMPAT_INSTALLDISKSPACE_BLOCK").unwrap();
        assert_eq!(d.unsigned, 0xC190_020E);
        assert_eq!(
            d.name.as_deref(),
            Some("MOSETUP_E_COMPAT_INSTALLDISKSPACE_BLOCK")
        );
        let plain = describe(ReturnCode(0xC190_020E));
        assert_eq!(
            plain.name.as_deref(),
            Some("MOSETUP_E_INSTALLDISKSPACE_BLOCK")
        );
        assert_eq!(plain.also.len(), 1);
    }

    #[test]
    fn json_keys_are_always_present() {
        let value = serde_json::to_value(describe(ReturnCode(42))).unwrap();
        for key in [
            "hex",
            "unsigned",
            "signed",
            "name",
            "meaning",
            "source",
            "also",
            "hresult",
            "win32",
            "setup_extended",
            "is_success",
            "is_reboot",
            "reboot",
        ] {
            assert!(value.get(key).is_some(), "{key}");
        }
        let back: CodeDescription = serde_json::from_value(value).unwrap();
        assert_eq!(back, describe(ReturnCode(42)));
    }
}
