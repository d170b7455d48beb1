//! Success-code lists (`successCodeList="0 3010"`) and the two restart codes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::parse::{column_of, parse_number};
use super::{CodeError, ReturnCode};

/// What a restart code asks of the task sequence engine.
///
/// JSON: `"required"` or `"initiated"`.
///
/// ```
/// use tasksequence::codes::{Reboot, ReturnCode};
///
/// assert_eq!(ReturnCode(1641).reboot(), Some(Reboot::Initiated));
/// assert_eq!(serde_json::to_string(&Reboot::Required)?, r#""required""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reboot {
    /// 3010 `ERROR_SUCCESS_REBOOT_REQUIRED`: the engine restarts the machine, then continues.
    Required,
    /// 1641 `ERROR_SUCCESS_REBOOT_INITIATED`: the program already started a restart.
    Initiated,
}

impl ReturnCode {
    /// The restart this code asks for: 3010 → [`Reboot::Required`], 1641 → [`Reboot::Initiated`].
    ///
    /// Only these two count. 3011 (`ERROR_SUCCESS_RESTART_REQUIRED`) asks for an application
    /// restart, not a machine restart, and the engine does not act on it.
    ///
    /// ```
    /// use tasksequence::codes::{Reboot, ReturnCode};
    /// assert_eq!(ReturnCode(3010).reboot(), Some(Reboot::Required));
    /// assert_eq!(ReturnCode(0).reboot(), None);
    /// ```
    #[must_use]
    pub const fn reboot(self) -> Option<Reboot> {
        match self.0 {
            3010 => Some(Reboot::Required),
            1641 => Some(Reboot::Initiated),
            _ => None,
        }
    }
}

/// The codes a step treats as success, as in `successCodeList="0 3010"` or the `SuccessCodes`
/// property of Run Command Line and Install Package.
///
/// The text form is integers separated by whitespace (any amount, tabs and newlines included,
/// leading and trailing ignored). Each entry is a decimal number, unsigned or negative
/// (`-1047526896`), or a `0x` hexadecimal number (`0xC1900210`); unlike [`ReturnCode::parse`],
/// bare hex (`C1900210`) is refused, because in a list of integers `abc` is far more likely a typo. Order and duplicates are
/// kept as written. An empty or blank list is valid and holds no code.
///
/// [`Display`](fmt::Display) writes unsigned decimals separated by one space (`0 3010`), the form
/// the console writes. Serde: an array of unsigned numbers (`[0, 3010]`); deserializing also
/// accepts the text form as a string.
///
/// ```
/// use tasksequence::codes::{ReturnCode, SuccessCodes};
///
/// let list: SuccessCodes = "0  3010\t1641".parse()?;
/// assert!(list.contains(ReturnCode(3010)));
/// assert!(!list.contains(ReturnCode(1603)));
/// assert_eq!(list.reboot_codes().count(), 2);
/// assert_eq!(list.to_string(), "0 3010 1641");
/// # Ok::<(), tasksequence::codes::CodeError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SuccessCodes {
    codes: Vec<ReturnCode>,
}

impl SuccessCodes {
    /// The list the console and the SDK use when none is given: `0 3010`.
    ///
    /// ```
    /// use tasksequence::codes::SuccessCodes;
    /// assert_eq!(SuccessCodes::standard().to_string(), "0 3010");
    /// ```
    #[must_use]
    pub fn standard() -> SuccessCodes {
        SuccessCodes {
            codes: vec![ReturnCode::SUCCESS, ReturnCode::REBOOT_REQUIRED],
        }
    }

    /// A list holding `codes` in that order.
    ///
    /// ```
    /// use tasksequence::codes::{ReturnCode, SuccessCodes};
    ///
    /// let list = SuccessCodes::new(vec![ReturnCode(0), ReturnCode(0xC190_0210)]);
    /// assert_eq!(list.to_string(), "0 3247440400");
    /// ```
    #[must_use]
    pub fn new(codes: Vec<ReturnCode>) -> SuccessCodes {
        SuccessCodes { codes }
    }

    /// Reads the whitespace-separated text form.
    ///
    /// # Errors
    /// [`CodeError::BadListEntry`] naming the first entry that is not a code, with its 1-based
    /// column in `text`.
    ///
    /// ```
    /// use tasksequence::codes::{CodeError, SuccessCodes};
    /// match SuccessCodes::parse("0 30x10") {
    ///     Err(CodeError::BadListEntry { token, column, .. }) => assert_eq!((token.as_str(), column), ("30x10", 3)),
    ///     other => panic!("{other:?}"),
    /// }
    /// ```
    pub fn parse(text: &str) -> Result<SuccessCodes, CodeError> {
        let mut codes = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
            let after = rest.get(start..).unwrap_or_default();
            let len = after.find(char::is_whitespace).unwrap_or(after.len());
            let token = after.get(..len).unwrap_or_default();
            let offset = text.len() - after.len();
            let code =
                parse_number(token, token, 0, false).map_err(|err| CodeError::BadListEntry {
                    list: text.to_owned(),
                    token: token.to_owned(),
                    column: column_of(text, offset),
                    reason: match err {
                        CodeError::Malformed { reason, .. } => reason.to_owned(),
                        other => other.to_string(),
                    },
                })?;
            codes.push(code);
            rest = after.get(len..).unwrap_or_default();
        }
        Ok(SuccessCodes { codes })
    }

    /// Whether `code` is in the list.
    ///
    /// ```
    /// use tasksequence::codes::{ReturnCode, SuccessCodes};
    ///
    /// let list = SuccessCodes::parse("0 0xC1900210")?;
    /// assert!(list.contains(ReturnCode::parse("-1047526896")?));
    /// assert!(!list.contains(ReturnCode(3010)));
    /// # Ok::<(), tasksequence::codes::CodeError>(())
    /// ```
    #[must_use]
    pub fn contains(&self, code: ReturnCode) -> bool {
        self.codes.contains(&code)
    }

    /// The codes in the list that ask for a restart (3010, 1641), in list order.
    ///
    /// ```
    /// use tasksequence::codes::{Reboot, ReturnCode, SuccessCodes};
    ///
    /// let list = SuccessCodes::parse("0 1641 3010")?;
    /// let reboots: Vec<_> = list.reboot_codes().collect();
    /// assert_eq!(reboots, [(ReturnCode(1641), Reboot::Initiated), (ReturnCode(3010), Reboot::Required)]);
    /// # Ok::<(), tasksequence::codes::CodeError>(())
    /// ```
    pub fn reboot_codes(&self) -> impl Iterator<Item = (ReturnCode, Reboot)> + '_ {
        self.codes
            .iter()
            .filter_map(|code| code.reboot().map(|reboot| (*code, reboot)))
    }

    /// The codes, in list order.
    ///
    /// ```
    /// use tasksequence::codes::{ReturnCode, SuccessCodes};
    /// assert_eq!(SuccessCodes::parse("3010 0 3010")?.codes(), [ReturnCode(3010), ReturnCode(0), ReturnCode(3010)]);
    /// # Ok::<(), tasksequence::codes::CodeError>(())
    /// ```
    #[must_use]
    pub fn codes(&self) -> &[ReturnCode] {
        &self.codes
    }

    /// How many entries the list has (duplicates counted).
    ///
    /// ```
    /// use tasksequence::codes::SuccessCodes;
    /// assert_eq!(SuccessCodes::parse("0 3010 0")?.len(), 3);
    /// # Ok::<(), tasksequence::codes::CodeError>(())
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the list has no entry.
    ///
    /// ```
    /// use tasksequence::codes::SuccessCodes;
    /// assert!(SuccessCodes::parse(" \t ")?.is_empty());
    /// assert!(!SuccessCodes::standard().is_empty());
    /// # Ok::<(), tasksequence::codes::CodeError>(())
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

impl fmt::Display for SuccessCodes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, code) in self.codes.iter().enumerate() {
            if index > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{}", code.unsigned())?;
        }
        Ok(())
    }
}

impl FromStr for SuccessCodes {
    type Err = CodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SuccessCodes::parse(s)
    }
}

impl Serialize for SuccessCodes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.codes.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SuccessCodes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            List(Vec<ReturnCode>),
            Text(String),
        }
        match Form::deserialize(deserializer)? {
            Form::List(codes) => Ok(SuccessCodes { codes }),
            Form::Text(text) => SuccessCodes::parse(&text).map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_shapes() {
        for (text, len) in [
            ("0 3010", 2),
            ("0", 1),
            ("0 3010 3 8", 4),
            ("0 1 2 3 4 5 6 7 8 16", 10),
            ("0 12 3010", 3),
            ("", 0),
            ("   ", 0),
            ("\t0\r\n3010  ", 2),
        ] {
            let list = SuccessCodes::parse(text).unwrap();
            assert_eq!(list.len(), len, "{text:?}");
        }
        assert_eq!(
            SuccessCodes::parse(" 0   3010 ").unwrap(),
            SuccessCodes::standard()
        );
    }

    #[test]
    fn bad_entries_report_their_column() {
        let cases = [
            ("0 abc", "abc", 3),
            ("x", "x", 1),
            ("  0\t\t99999999999", "99999999999", 6),
            ("é 1", "é", 1),
            ("1 é", "é", 3),
        ];
        for (text, want_token, want_column) in cases {
            match SuccessCodes::parse(text) {
                Err(CodeError::BadListEntry {
                    token,
                    column,
                    list,
                    ..
                }) => {
                    assert_eq!(token, want_token);
                    assert_eq!(column, want_column, "{text}");
                    assert_eq!(list, text);
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        let message = SuccessCodes::parse("0 3010 nope").unwrap_err().to_string();
        assert_eq!(
            message,
            "invalid success code `nope` at column 8 in `0 3010 nope`: expected a decimal digit"
        );
    }

    #[test]
    fn other_forms_and_membership() {
        let list = SuccessCodes::parse("0 -1047526896 0x80070005").unwrap();
        assert!(list.contains(ReturnCode(0xC190_0210)));
        assert!(list.contains(ReturnCode(0x8007_0005)));
        assert_eq!(list.to_string(), "0 3247440400 2147942405");
        assert_eq!(list.reboot_codes().count(), 0);
        let reboots: Vec<_> = SuccessCodes::parse("1641 0 3010")
            .unwrap()
            .reboot_codes()
            .collect();
        assert_eq!(
            reboots,
            [
                (ReturnCode(1641), Reboot::Initiated),
                (ReturnCode(3010), Reboot::Required)
            ]
        );
        assert_eq!(ReturnCode(3011).reboot(), None);
    }

    #[test]
    fn serde_forms() {
        let list = SuccessCodes::standard();
        assert_eq!(serde_json::to_string(&list).unwrap(), "[0,3010]");
        assert_eq!(
            serde_json::from_str::<SuccessCodes>("[0,3010]").unwrap(),
            list
        );
        assert_eq!(
            serde_json::from_str::<SuccessCodes>("\"0 3010\"").unwrap(),
            list
        );
        assert!(serde_json::from_str::<SuccessCodes>("\"0 x\"").is_err());
        assert_eq!(
            serde_json::to_string(&Reboot::Initiated).unwrap(),
            "\"initiated\""
        );
    }
}
