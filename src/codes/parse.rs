//! The [`ReturnCode`] value type: reading every written form and printing the three usual ones.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::CodeError;

/// A process exit code, Win32 error, HRESULT or NTSTATUS: 32 bits, however it was written.
///
/// The same bits appear in three costumes and all of them mean the same code:
/// `0xC1900210` (how Windows documents it), `3247440400` (what `_SMSTSOSUpgradeActionReturnCode`
/// holds and what conditions compare) and `-1047526896` (what `cmd.exe` prints as `%ERRORLEVEL%`).
///
/// Accepted input (surrounding whitespace ignored):
/// - `0x` / `0X` followed by 1–8 hexadecimal digits (leading zeros beyond 8 digits are allowed):
///   `0xC1900210`, `0X80070005`, `0x0`;
/// - an unsigned decimal up to 4294967295 (`3247440400`, `3010`), optionally with a `+`;
/// - a negative decimal down to -2147483648 (`-1047526896`), read as a signed 32-bit value;
/// - a bare hexadecimal number **only when it contains a letter `A`–`F`** (`C1900210`, `80072efe`):
///   a string made only of decimal digits is always decimal, so `80070005` is the decimal number
///   80,070,005 and not the HRESULT — write `0x80070005` for that.
///
/// Printing: [`Display`](fmt::Display) gives `0x` and eight upper-case hex digits (`0xC1900210`);
/// [`ReturnCode::unsigned`] and [`ReturnCode::signed`] give the two decimal readings.
///
/// Serde: a `ReturnCode` serializes as its unsigned decimal number (`3247440400`); it deserializes
/// from a number (unsigned, or negative down to -2147483648) or from a string in any of the forms
/// above.
///
/// ```
/// use tasksequence::codes::ReturnCode;
///
/// let a = ReturnCode::parse("0xC1900210")?;
/// let b = ReturnCode::parse("3247440400")?;
/// let c = ReturnCode::parse(" -1047526896 ")?;
/// assert_eq!(a, b);
/// assert_eq!(b, c);
/// assert_eq!(a.to_string(), "0xC1900210");
/// assert_eq!(a.unsigned(), 3_247_440_400);
/// assert_eq!(a.signed(), -1_047_526_896);
/// # Ok::<(), tasksequence::codes::CodeError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReturnCode(pub u32);

impl ReturnCode {
    /// Success (`0`).
    ///
    /// ```
    /// use tasksequence::codes::ReturnCode;
    /// assert_eq!(ReturnCode::parse("0x0")?, ReturnCode::SUCCESS);
    /// # Ok::<(), tasksequence::codes::CodeError>(())
    /// ```
    pub const SUCCESS: ReturnCode = ReturnCode(0);
    /// `ERROR_SUCCESS_REBOOT_INITIATED` (1641): the installer already started a restart.
    ///
    /// ```
    /// use tasksequence::codes::{Reboot, ReturnCode};
    /// assert_eq!(ReturnCode::REBOOT_INITIATED.reboot(), Some(Reboot::Initiated));
    /// ```
    pub const REBOOT_INITIATED: ReturnCode = ReturnCode(1641);
    /// `ERROR_SUCCESS_REBOOT_REQUIRED` (3010): success, a restart is needed to finish.
    ///
    /// ```
    /// use tasksequence::codes::ReturnCode;
    /// assert_eq!(ReturnCode::REBOOT_REQUIRED.hex(), "0x00000BC2");
    /// ```
    pub const REBOOT_REQUIRED: ReturnCode = ReturnCode(3010);
    /// `MOSETUP_E_COMPAT_SCANONLY` (`0xC1900210`): a compatibility scan found nothing blocking.
    ///
    /// ```
    /// use tasksequence::codes::ReturnCode;
    /// assert_eq!(ReturnCode::COMPAT_SCAN_PASSED.signed(), -1_047_526_896);
    /// ```
    pub const COMPAT_SCAN_PASSED: ReturnCode = ReturnCode(0xC190_0210);

    /// Reads a code in any of the forms listed on [`ReturnCode`].
    ///
    /// # Errors
    /// [`CodeError::Empty`] for blank input, [`CodeError::Malformed`] (with the 1-based column of
    /// the offending character) for anything that is not a number, [`CodeError::OutOfRange`] when
    /// the number does not fit in 32 bits.
    ///
    /// ```
    /// use tasksequence::codes::{CodeError, ReturnCode};
    ///
    /// assert_eq!(ReturnCode::parse("C1900210")?, ReturnCode(0xC190_0210));
    /// assert_eq!(ReturnCode::parse("0x80070005")?.signed(), -2_147_024_891);
    /// assert!(matches!(ReturnCode::parse("4294967296"), Err(CodeError::OutOfRange { .. })));
    /// assert!(matches!(ReturnCode::parse("12x"), Err(CodeError::Malformed { column: 3, .. })));
    /// # Ok::<(), CodeError>(())
    /// ```
    pub fn parse(input: &str) -> Result<ReturnCode, CodeError> {
        let leading = input.len() - input.trim_start().len();
        let text = input.trim();
        if text.is_empty() {
            return Err(CodeError::Empty);
        }
        parse_number(text, input, leading, true)
    }

    /// The value as an unsigned 32-bit number (`3247440400`).
    ///
    /// ```
    /// use tasksequence::codes::ReturnCode;
    /// assert_eq!(ReturnCode::parse("-1047526896")?.unsigned(), 3_247_440_400);
    /// # Ok::<(), tasksequence::codes::CodeError>(())
    /// ```
    #[must_use]
    pub const fn unsigned(self) -> u32 {
        self.0
    }

    /// The same bits read as a signed 32-bit number (`-1047526896`), as `cmd.exe` prints them.
    ///
    /// ```
    /// use tasksequence::codes::ReturnCode;
    /// assert_eq!(ReturnCode(0xC190_0210).signed(), -1_047_526_896);
    /// assert_eq!(ReturnCode(3010).signed(), 3010);
    /// ```
    #[must_use]
    pub const fn signed(self) -> i32 {
        i32::from_ne_bytes(self.0.to_ne_bytes())
    }

    /// Builds a code from its signed reading.
    ///
    /// ```
    /// use tasksequence::codes::ReturnCode;
    /// assert_eq!(ReturnCode::from_signed(-2_147_024_891), ReturnCode(0x8007_0005));
    /// ```
    #[must_use]
    pub const fn from_signed(value: i32) -> ReturnCode {
        ReturnCode(u32::from_ne_bytes(value.to_ne_bytes()))
    }

    /// The other reading of `input` when it is bare decimal digits that are also valid hex:
    /// [`ReturnCode::parse`] reads `80070005` as the decimal 80,070,005, and this gives the code
    /// the same digits make after `0x` (`0x80070005`), so that a tool can point out the other
    /// reading. `None` for any other input (a sign, a `0x`, a letter A–F, more than eight digits)
    /// and when both readings are the same number (`0` to `9`).
    ///
    /// ```
    /// use tasksequence::codes::ReturnCode;
    ///
    /// assert_eq!(ReturnCode::hex_reading(" 80070005 "), Some(ReturnCode(0x8007_0005)));
    /// assert_eq!(ReturnCode::hex_reading("16389"), Some(ReturnCode(0x16389)));
    /// assert_eq!(ReturnCode::hex_reading("10"), Some(ReturnCode(16)));
    /// assert_eq!(ReturnCode::hex_reading("7"), None);
    /// assert_eq!(ReturnCode::hex_reading("0x10"), None);
    /// assert_eq!(ReturnCode::hex_reading("C1900210"), None);
    /// assert_eq!(ReturnCode::hex_reading("-10"), None);
    /// assert_eq!(ReturnCode::hex_reading("3247440400"), None);
    /// ```
    #[must_use]
    pub fn hex_reading(input: &str) -> Option<ReturnCode> {
        let text = input.trim();
        let digits = text.strip_prefix('+').unwrap_or(text);
        if digits.is_empty() || digits.len() > 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let hex = hex_value(digits).ok()?;
        let decimal = decimal_value(digits)?;
        (u64::from(hex.0) != decimal).then_some(hex)
    }

    /// The hexadecimal form: `0x` and eight upper-case digits (`0x00000BC2` for 3010).
    ///
    /// ```
    /// use tasksequence::codes::ReturnCode;
    /// assert_eq!(ReturnCode(3010).hex(), "0x00000BC2");
    /// assert_eq!(ReturnCode(3010).hex(), ReturnCode(3010).to_string());
    /// ```
    #[must_use]
    pub fn hex(self) -> String {
        format!("0x{:08X}", self.0)
    }
}

/// Parses the trimmed `text`; `whole` and `base` (the byte offset of `text` inside `whole`) are
/// only used to build errors that point into what the caller wrote.
/// `bare_hex` allows hex without `0x` when it has a letter A–F.
pub(super) fn parse_number(
    text: &str,
    whole: &str,
    base: usize,
    bare_hex: bool,
) -> Result<ReturnCode, CodeError> {
    let malformed = |byte: usize, reason: &'static str| CodeError::Malformed {
        input: whole.to_owned(),
        column: column_of(whole, base + byte),
        reason,
    };
    let out_of_range = || CodeError::OutOfRange {
        input: whole.trim().to_owned(),
    };

    let (negative, sign_len) = match text.as_bytes().first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let body = text.get(sign_len..).unwrap_or_default();
    if body.is_empty() {
        return Err(malformed(sign_len, "expected a digit"));
    }

    if let Some(digits) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        if sign_len > 0 {
            return Err(malformed(
                0,
                "a sign cannot precede a `0x` hexadecimal number",
            ));
        }
        if digits.is_empty() {
            return Err(malformed(2, "expected hexadecimal digits after `0x`"));
        }
        return hex_value(digits).map_err(|err| match err {
            DigitError::Bad(at) => malformed(2 + at, "expected a hexadecimal digit"),
            DigitError::Overflow => out_of_range(),
        });
    }

    if let Some(bad) = body.bytes().position(|b| !b.is_ascii_digit()) {
        // Windows logs often drop the `0x`; a letter A-F is the only sign that the number is hex.
        let all_hex = bare_hex && body.bytes().all(|b| b.is_ascii_hexdigit());
        if all_hex && sign_len == 0 {
            return hex_value(body).map_err(|err| match err {
                DigitError::Bad(at) => malformed(at, "expected a hexadecimal digit"),
                DigitError::Overflow => out_of_range(),
            });
        }
        if all_hex {
            return Err(malformed(0, "a sign cannot precede a hexadecimal number"));
        }
        return Err(malformed(sign_len + bad, "expected a decimal digit"));
    }

    let magnitude = decimal_value(body).ok_or_else(out_of_range)?;
    if negative {
        // i32::MIN's magnitude is one more than i32::MAX, hence the i64 detour.
        let signed = i32::try_from(-i64::from(
            u32::try_from(magnitude).map_err(|_| out_of_range())?,
        ))
        .map_err(|_| out_of_range())?;
        Ok(ReturnCode::from_signed(signed))
    } else {
        u32::try_from(magnitude)
            .map(ReturnCode)
            .map_err(|_| out_of_range())
    }
}

enum DigitError {
    Bad(usize),
    Overflow,
}

fn hex_value(digits: &str) -> Result<ReturnCode, DigitError> {
    let mut value: u32 = 0;
    for (at, byte) in digits.bytes().enumerate() {
        let digit = char::from(byte).to_digit(16).ok_or(DigitError::Bad(at))?;
        value = value
            .checked_mul(16)
            .and_then(|v| v.checked_add(digit))
            .ok_or(DigitError::Overflow)?;
    }
    Ok(ReturnCode(value))
}

/// Decimal digits (already checked) to a number; `None` past `u64`, which is out of range anyway.
fn decimal_value(digits: &str) -> Option<u64> {
    digits.bytes().try_fold(0_u64, |acc, byte| {
        acc.checked_mul(10)?.checked_add(u64::from(byte - b'0'))
    })
}

/// The 1-based character column of byte offset `byte` in `text`.
pub(super) fn column_of(text: &str, byte: usize) -> usize {
    text.char_indices().take_while(|(at, _)| *at < byte).count() + 1
}

impl fmt::Display for ReturnCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:08X}", self.0)
    }
}

impl FromStr for ReturnCode {
    type Err = CodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReturnCode::parse(s)
    }
}

impl From<u32> for ReturnCode {
    fn from(value: u32) -> Self {
        ReturnCode(value)
    }
}

impl From<i32> for ReturnCode {
    fn from(value: i32) -> Self {
        ReturnCode::from_signed(value)
    }
}

impl From<ReturnCode> for u32 {
    fn from(code: ReturnCode) -> Self {
        code.0
    }
}

impl Serialize for ReturnCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.0)
    }
}

impl<'de> Deserialize<'de> for ReturnCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CodeVisitor)
    }
}

struct CodeVisitor;

impl Visitor<'_> for CodeVisitor {
    type Value = ReturnCode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a 32-bit return code as a number or a string such as \"0xC1900210\"")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ReturnCode, E> {
        u32::try_from(v)
            .map(ReturnCode)
            .map_err(|_| E::custom(format_args!("return code `{v}` is out of range")))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ReturnCode, E> {
        if let Ok(unsigned) = u32::try_from(v) {
            return Ok(ReturnCode(unsigned));
        }
        i32::try_from(v)
            .map(ReturnCode::from_signed)
            .map_err(|_| E::custom(format_args!("return code `{v}` is out of range")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ReturnCode, E> {
        ReturnCode::parse(v).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_the_scan_only_code_is_the_same() {
        for form in [
            "0xC1900210",
            "0xc1900210",
            "0XC1900210",
            "C1900210",
            "c1900210",
            "3247440400",
            "+3247440400",
            "-1047526896",
            "  0xC1900210\t",
            "\n-1047526896 ",
            "0x00000000C1900210",
        ] {
            assert_eq!(
                ReturnCode::parse(form).unwrap(),
                ReturnCode(0xC190_0210),
                "{form}"
            );
        }
    }

    #[test]
    fn digits_only_means_decimal() {
        assert_eq!(
            ReturnCode::parse("80070005").unwrap(),
            ReturnCode(80_070_005)
        );
        assert_eq!(ReturnCode::parse("0003010").unwrap(), ReturnCode(3010));
        assert_eq!(ReturnCode::parse("0").unwrap(), ReturnCode(0));
        assert_eq!(ReturnCode::parse("-0").unwrap(), ReturnCode(0));
    }

    #[test]
    fn bounds() {
        assert_eq!(
            ReturnCode::parse("4294967295").unwrap(),
            ReturnCode(u32::MAX)
        );
        assert_eq!(
            ReturnCode::parse("-2147483648").unwrap(),
            ReturnCode(0x8000_0000)
        );
        assert_eq!(
            ReturnCode::parse("0xFFFFFFFF").unwrap(),
            ReturnCode(u32::MAX)
        );
        for bad in [
            "4294967296",
            "-2147483649",
            "0x100000000",
            "123456789012345678901234567890",
        ] {
            match ReturnCode::parse(bad) {
                Err(CodeError::OutOfRange { input }) => assert_eq!(input, bad),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn malformed_inputs_point_at_the_column() {
        let cases = [
            ("12x", 3),
            ("0x", 3),
            ("0xG1", 3),
            ("-", 2),
            ("-C19", 1),
            ("-0x5", 1),
            ("  1 2", 4),
            ("zz", 1),
            ("é1", 1),
            ("1é", 2),
        ];
        for (input, want) in cases {
            match ReturnCode::parse(input) {
                Err(CodeError::Malformed {
                    column,
                    input: echoed,
                    ..
                }) => {
                    assert_eq!(column, want, "{input}");
                    assert_eq!(echoed, input);
                }
                other => panic!("{input}: {other:?}"),
            }
        }
        assert!(matches!(ReturnCode::parse("   "), Err(CodeError::Empty)));
    }

    #[test]
    fn printing() {
        let code = ReturnCode(3010);
        assert_eq!(code.to_string(), "0x00000BC2");
        assert_eq!(code.hex(), "0x00000BC2");
        assert_eq!(ReturnCode(0x8007_0005).signed(), -2_147_024_891);
        assert_eq!(ReturnCode::from(-1_i32), ReturnCode(u32::MAX));
    }

    #[test]
    fn serde_round_trip() {
        let code = ReturnCode(0xC190_0210);
        assert_eq!(serde_json::to_string(&code).unwrap(), "3247440400");
        for json in [
            "3247440400",
            "-1047526896",
            "\"0xC1900210\"",
            "\"C1900210\"",
        ] {
            assert_eq!(
                serde_json::from_str::<ReturnCode>(json).unwrap(),
                code,
                "{json}"
            );
        }
        assert!(serde_json::from_str::<ReturnCode>("4294967296").is_err());
        assert!(serde_json::from_str::<ReturnCode>("-2147483649").is_err());
        assert!(serde_json::from_str::<ReturnCode>("\"nope\"").is_err());
    }
}
