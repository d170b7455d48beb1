//! Windows Setup's two-part failure report: a result code plus an *extend* code (`0xC1900101 - 0x4000D`).
//!
//! The extend code says where Setup was: its first hex digit (bits 16 and up) is the *phase*, its
//! low 16 bits the *operation*. `0x4000D` is phase 4 (`SP_EXECUTION_OOBE_BOOT`, the second boot)
//! during operation `0xD` (`SP_EXECUTION_OP_MIGRATE_DATA`).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::parse::{column_of, parse_number};
use super::{CodeError, ReturnCode};

/// A Windows Setup extend code (always written in hexadecimal, `0x4000D`).
///
/// Serde: the number. Display: `0x` and upper-case digits without padding (`0x4000D`).
///
/// ```
/// use tasksequence::codes::SetupExtend;
///
/// let extend = SetupExtend(0x4_000D);
/// assert_eq!(extend.to_string(), "0x4000D");
/// assert_eq!(serde_json::to_string(&extend)?, "262157");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SetupExtend(pub u32);

impl SetupExtend {
    /// The phase number (`4` for `0x4000D`).
    ///
    /// ```
    /// use tasksequence::codes::SetupExtend;
    /// assert_eq!(SetupExtend(0x4_000D).phase(), 4);
    /// ```
    #[must_use]
    pub const fn phase(self) -> u32 {
        self.0 >> 16
    }

    /// The operation number (`0xD` for `0x4000D`).
    ///
    /// ```
    /// use tasksequence::codes::SetupExtend;
    /// assert_eq!(SetupExtend(0x4_000D).operation(), 0xD);
    /// ```
    #[must_use]
    pub const fn operation(self) -> u32 {
        self.0 & 0xFFFF
    }

    /// The phase's symbolic name, e.g. `SP_EXECUTION_OOBE_BOOT`.
    ///
    /// ```
    /// use tasksequence::codes::SetupExtend;
    /// assert_eq!(SetupExtend(0x2_000C).phase_name(), Some("SP_EXECUTION_SAFE_OS"));
    /// assert_eq!(SetupExtend(0x9_0001).phase_name(), None);
    /// ```
    #[must_use]
    pub fn phase_name(self) -> Option<&'static str> {
        PHASES
            .get(usize::try_from(self.phase()).ok()?)
            .map(|(name, _)| *name)
    }

    /// What the phase is, in a few words.
    ///
    /// ```
    /// use tasksequence::codes::SetupExtend;
    /// assert_eq!(SetupExtend(0x4_000D).phase_meaning(), Some("second boot, out-of-box experience"));
    /// ```
    #[must_use]
    pub fn phase_meaning(self) -> Option<&'static str> {
        PHASES
            .get(usize::try_from(self.phase()).ok()?)
            .map(|(_, meaning)| *meaning)
    }

    /// The operation's symbolic name, e.g. `SP_EXECUTION_OP_MIGRATE_DATA`.
    ///
    /// ```
    /// use tasksequence::codes::SetupExtend;
    /// assert_eq!(SetupExtend(0x1_0001).operation_name(), Some("SP_EXECUTION_OP_COPY_PAYLOAD"));
    /// assert_eq!(SetupExtend(0x1_FFFF).operation_name(), None);
    /// ```
    #[must_use]
    pub fn operation_name(self) -> Option<&'static str> {
        OPERATIONS
            .get(usize::try_from(self.operation()).ok()?)
            .copied()
    }

    /// The serializable summary of this extend code.
    ///
    /// ```
    /// use tasksequence::codes::SetupExtend;
    ///
    /// let d = SetupExtend(0x4_000D).describe();
    /// assert_eq!((d.hex.as_str(), d.value), ("0x4000D", 262_157));
    /// assert_eq!(d.operation_name.as_deref(), Some("SP_EXECUTION_OP_MIGRATE_DATA"));
    /// ```
    #[must_use]
    pub fn describe(self) -> ExtendDescription {
        ExtendDescription {
            hex: self.to_string(),
            value: self.0,
            phase: self.phase(),
            phase_name: self.phase_name().map(str::to_owned),
            phase_meaning: self.phase_meaning().map(str::to_owned),
            operation: self.operation(),
            operation_name: self.operation_name().map(str::to_owned),
        }
    }
}

impl fmt::Display for SetupExtend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:X}", self.0)
    }
}

/// An extend code taken apart.
///
/// JSON: `{"hex": "0x4000D", "value": 262157, "phase": 4, "phase_name": "SP_EXECUTION_OOBE_BOOT",
/// "phase_meaning": "…", "operation": 13, "operation_name": "SP_EXECUTION_OP_MIGRATE_DATA"}`;
/// names are `null` for numbers the Windows documentation does not list.
///
/// ```
/// use tasksequence::codes::describe_str;
///
/// let d = describe_str("0xC1900101 - 0x30018")?;
/// let extend = d.setup_extended.unwrap();
/// assert_eq!((extend.phase, extend.operation), (3, 0x18));
/// assert_eq!(extend.phase_name.as_deref(), Some("SP_EXECUTION_FIRST_BOOT"));
/// assert_eq!(extend.operation_name.as_deref(), Some("SP_EXECUTION_OP_SYSPREP"));
/// # Ok::<(), tasksequence::codes::CodeError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ExtendDescription {
    /// The extend code in hex (`0x4000D`).
    pub hex: String,
    /// The extend code as a number.
    pub value: u32,
    /// Phase number.
    pub phase: u32,
    /// Phase name (`SP_EXECUTION_*`).
    pub phase_name: Option<String>,
    /// What the phase is.
    pub phase_meaning: Option<String>,
    /// Operation number.
    pub operation: u32,
    /// Operation name (`SP_EXECUTION_OP_*`).
    pub operation_name: Option<String>,
}

/// What Windows Setup reported: the result code and, when the tool captured it, the extend code.
///
/// ```
/// use tasksequence::codes::{ReturnCode, SetupResult};
///
/// for text in ["0xC1900101 - 0x4000D", "0xC1900101-0x4000D", "0xC1900101 – 0x4000D"] {
///     let report = SetupResult::parse(text)?;
///     assert_eq!(report.result, ReturnCode(0xC190_0101));
///     let extend = report.extend.unwrap();
///     assert_eq!(extend.phase_name(), Some("SP_EXECUTION_OOBE_BOOT"));
///     assert_eq!(extend.operation_name(), Some("SP_EXECUTION_OP_MIGRATE_DATA"));
/// }
/// assert_eq!(SetupResult::parse("-1047527167")?.extend, None);
/// # Ok::<(), tasksequence::codes::CodeError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SetupResult {
    /// The result code.
    pub result: ReturnCode,
    /// The extend code, when one was given.
    pub extend: Option<SetupExtend>,
}

/// Dashes accepted between the two parts: hyphen-minus, en dash, em dash, minus sign.
const SEPARATORS: [char; 4] = ['-', '\u{2013}', '\u{2014}', '\u{2212}'];

impl SetupResult {
    /// Reads `RESULT [SEP EXTEND]`, where `RESULT` is any [`ReturnCode`] form, `SEP` a hyphen,
    /// en dash, em dash or minus sign with optional spaces around it, and `EXTEND` a hexadecimal
    /// number with or without `0x` (extend codes are always hex, so `4000D` and `30018` are read
    /// as hex too).
    ///
    /// # Errors
    /// As [`ReturnCode::parse`] for the result; [`CodeError::Malformed`] when the extend part is
    /// missing or not hexadecimal; [`CodeError::OutOfRange`] past 32 bits.
    ///
    /// # Examples
    ///
    /// ```
    /// use tasksequence::codes::{CodeError, SetupExtend, SetupResult};
    ///
    /// assert_eq!(SetupResult::parse("0xC1900101 - 4000D")?.extend, Some(SetupExtend(0x4_000D)));
    /// assert!(matches!(SetupResult::parse("0xC1900101 -"), Err(CodeError::Malformed { .. })));
    /// # Ok::<(), CodeError>(())
    /// ```
    pub fn parse(input: &str) -> Result<SetupResult, CodeError> {
        let leading = input.len() - input.trim_start().len();
        let text = input.trim();
        if text.is_empty() {
            return Err(CodeError::Empty);
        }
        // The first character may be a sign of the result itself; a separator comes later.
        let split = text
            .char_indices()
            .skip(1)
            .find(|(_, c)| SEPARATORS.contains(c))
            .map(|(at, c)| (at, c.len_utf8()));
        let Some((at, sep_len)) = split else {
            return Ok(SetupResult {
                result: parse_number(text, input, leading, true)?,
                extend: None,
            });
        };
        let head = text.get(..at).unwrap_or_default();
        let result = parse_number(head.trim_end(), input, leading, true)?;
        let tail_start = at + sep_len;
        let tail = text.get(tail_start..).unwrap_or_default();
        let tail_offset = leading + tail_start + (tail.len() - tail.trim_start().len());
        let extend = parse_extend(tail.trim(), input, tail_offset)?;
        Ok(SetupResult {
            result,
            extend: Some(extend),
        })
    }
}

fn parse_extend(text: &str, whole: &str, base: usize) -> Result<SetupExtend, CodeError> {
    let malformed = |byte: usize, reason: &'static str| CodeError::Malformed {
        input: whole.to_owned(),
        column: column_of(whole, base + byte),
        reason,
    };
    let (digits, skip) = match text.get(..2) {
        Some("0x" | "0X") => (text.get(2..).unwrap_or_default(), 2),
        _ => (text, 0),
    };
    if digits.is_empty() {
        return Err(malformed(skip, "expected a hexadecimal extend code"));
    }
    let mut value: u32 = 0;
    for (at, c) in digits.char_indices() {
        let digit = c.to_digit(16).ok_or_else(|| {
            malformed(skip + at, "expected a hexadecimal digit in the extend code")
        })?;
        value = value
            .checked_mul(16)
            .and_then(|v| v.checked_add(digit))
            .ok_or_else(|| CodeError::OutOfRange {
                input: text.to_owned(),
            })?;
    }
    Ok(SetupExtend(value))
}

static PHASES: &[(&str, &str)] = &[
    ("SP_EXECUTION_UNKNOWN", "unknown phase"),
    (
        "SP_EXECUTION_DOWNLEVEL",
        "downlevel: still running in the old operating system",
    ),
    (
        "SP_EXECUTION_SAFE_OS",
        "SafeOS: the minimal environment that applies the new image",
    ),
    (
        "SP_EXECUTION_FIRST_BOOT",
        "first boot into the new operating system (drivers, migration)",
    ),
    (
        "SP_EXECUTION_OOBE_BOOT",
        "second boot, out-of-box experience",
    ),
    (
        "SP_EXECUTION_UNINSTALL",
        "uninstall: going back to the previous operating system",
    ),
];

/// Indexed by operation number.
static OPERATIONS: &[&str] = &[
    "SP_EXECUTION_OP_UNKNOWN",
    "SP_EXECUTION_OP_COPY_PAYLOAD",
    "SP_EXECUTION_OP_DOWNLOAD_UPDATES",
    "SP_EXECUTION_OP_INSTALL_UPDATES",
    "SP_EXECUTION_OP_INSTALL_RECOVERY_ENVIRONMENT",
    "SP_EXECUTION_OP_INSTALL_RECOVERY_IMAGE",
    "SP_EXECUTION_OP_REPLICATE_OC",
    // The Windows documentation misspells this one `..._INSTALL_DRVIERS`.
    "SP_EXECUTION_OP_INSTALL_DRIVERS",
    "SP_EXECUTION_OP_PREPARE_SAFE_OS",
    "SP_EXECUTION_OP_PREPARE_ROLLBACK",
    "SP_EXECUTION_OP_PREPARE_FIRST_BOOT",
    "SP_EXECUTION_OP_PREPARE_OOBE_BOOT",
    "SP_EXECUTION_OP_APPLY_IMAGE",
    "SP_EXECUTION_OP_MIGRATE_DATA",
    "SP_EXECUTION_OP_SET_PRODUCT_KEY",
    "SP_EXECUTION_OP_ADD_UNATTEND",
    "SP_EXECUTION_OP_ADD_DRIVER",
    "SP_EXECUTION_OP_ENABLE_FEATURE",
    "SP_EXECUTION_OP_DISABLE_FEATURE",
    "SP_EXECUTION_OP_REGISTER_ASYNC_PROCESS",
    "SP_EXECUTION_OP_REGISTER_SYNC_PROCESS",
    "SP_EXECUTION_OP_CREATE_FILE",
    "SP_EXECUTION_OP_CREATE_REGISTRY",
    "SP_EXECUTION_OP_BOOT",
    "SP_EXECUTION_OP_SYSPREP",
    "SP_EXECUTION_OP_OOBE",
    "SP_EXECUTION_OP_BEGIN_FIRST_BOOT",
    "SP_EXECUTION_OP_END_FIRST_BOOT",
    "SP_EXECUTION_OP_BEGIN_OOBE_BOOT",
    "SP_EXECUTION_OP_END_OOBE_BOOT",
    "SP_EXECUTION_OP_PRE_OOBE",
    "SP_EXECUTION_OP_POST_OOBE",
    "SP_EXECUTION_OP_ADD_PROVISIONING_PACKAGE",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_follow_the_documented_numbers() {
        assert_eq!(PHASES.len(), 6);
        assert_eq!(OPERATIONS.len(), 0x21);
        assert_eq!(
            SetupExtend(0x30018).operation_name(),
            Some("SP_EXECUTION_OP_SYSPREP")
        );
        assert_eq!(
            SetupExtend(0x30018).phase_name(),
            Some("SP_EXECUTION_FIRST_BOOT")
        );
        assert_eq!(
            SetupExtend(0x2000C).operation_name(),
            Some("SP_EXECUTION_OP_APPLY_IMAGE")
        );
        assert_eq!(
            SetupExtend(0x4001E).operation_name(),
            Some("SP_EXECUTION_OP_PRE_OOBE")
        );
        assert_eq!(
            SetupExtend(0x20004).operation_name(),
            Some("SP_EXECUTION_OP_INSTALL_RECOVERY_ENVIRONMENT")
        );
        assert_eq!(SetupExtend(0x60000).phase_name(), None);
        assert_eq!(
            SetupExtend(0x60000).operation_name(),
            Some("SP_EXECUTION_OP_UNKNOWN")
        );
        assert_eq!(SetupExtend(0x50021).operation_name(), None);
        assert_eq!(SetupExtend(u32::MAX).phase_name(), None);
    }

    #[test]
    fn spacing_and_dash_variants() {
        let want = SetupResult {
            result: ReturnCode(0xC190_0101),
            extend: Some(SetupExtend(0x4000D)),
        };
        for text in [
            "0xC1900101 - 0x4000D",
            "0xC1900101-0x4000D",
            "0xC1900101 -0x4000D",
            "0xC1900101\u{2013}0x4000D",
            "  0xC1900101 \u{2013} 0x4000D ",
            "0xC1900101 \u{2014} 4000d",
            "3247440129 - 0X4000D",
            "-1047527167 - 0x4000D",
            "C1900101 \u{2212} 0x0004000D",
        ] {
            assert_eq!(SetupResult::parse(text).unwrap(), want, "{text}");
        }
        assert_eq!(
            SetupResult::parse("0x80070070 - 0x50011").unwrap().extend,
            Some(SetupExtend(0x50011))
        );
        assert_eq!(
            SetupResult::parse("8007042B - 0x4000D").unwrap().result,
            ReturnCode(0x8007_042B)
        );
    }

    #[test]
    fn errors_point_into_the_input() {
        match SetupResult::parse("0xC1900101 - 0x40G0D") {
            Err(CodeError::Malformed { column, .. }) => assert_eq!(column, 18),
            other => panic!("{other:?}"),
        }
        match SetupResult::parse("0xC1900101 \u{2013} ") {
            Err(CodeError::Malformed { reason, .. }) => assert!(reason.contains("extend")),
            other => panic!("{other:?}"),
        }
        match SetupResult::parse("0xC19Z0101 - 0x4000D") {
            Err(CodeError::Malformed { column, .. }) => assert_eq!(column, 6),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            SetupResult::parse("1 - 0x123456789"),
            Err(CodeError::OutOfRange { .. })
        ));
        assert!(matches!(SetupResult::parse(""), Err(CodeError::Empty)));
        assert!(matches!(
            SetupResult::parse(" - 0x4000D"),
            Err(CodeError::Malformed { .. })
        ));
    }

    #[test]
    fn describe_extend() {
        let d = SetupExtend(0x4000D).describe();
        assert_eq!(d.hex, "0x4000D");
        assert_eq!(d.phase, 4);
        assert_eq!(d.operation, 0xD);
        assert_eq!(
            d.operation_name.as_deref(),
            Some("SP_EXECUTION_OP_MIGRATE_DATA")
        );
    }
}
