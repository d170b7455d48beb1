//! Numbered variable lists: Download Package Content's destination variables and the Install
//! Application / Install Package base variables.

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use super::env::Environment;
use super::name::{NameError, validate_name, validate_user_name};
use super::secret::Secrets;

/// Digits of the Download Package Content and Install Application suffixes (`01`).
///
/// ```
/// use tasksequence::vars::{numbered_name, TWO_DIGITS};
/// assert_eq!(numbered_name("MyContent", 3, TWO_DIGITS), "MyContent03");
/// ```
pub const TWO_DIGITS: usize = 2;
/// Digits of the Install Package suffix (`001`).
///
/// ```
/// use tasksequence::vars::{numbered_name, THREE_DIGITS};
/// assert_eq!(numbered_name("Pkg", 3, THREE_DIGITS), "Pkg003");
/// ```
pub const THREE_DIGITS: usize = 3;

/// `base` followed by `number` zero-padded to at least `min_width` digits; wider numbers keep all
/// their digits (`base100`).
///
/// # Example
/// ```
/// use tasksequence::vars::numbered_name;
/// assert_eq!(numbered_name("MyContent", 1, 2), "MyContent01");
/// assert_eq!(numbered_name("MyContent", 100, 2), "MyContent100");
/// assert_eq!(numbered_name("Pkg", 7, 3), "Pkg007");
/// ```
pub fn numbered_name(base: &str, number: usize, min_width: usize) -> String {
    format!("{base}{number:0min_width$}")
}

/// The number of `name` when it is `base` (any case) followed by the canonical suffix
/// [`numbered_name`] writes for `min_width`: `MyContent01` → 1; `MyContent1` and `MyContent001`
/// are not suffixes for width 2.
///
/// # Example
/// ```
/// use tasksequence::vars::parse_numbered_name;
/// assert_eq!(parse_numbered_name("mycontent02", "MyContent", 2), Some(2));
/// assert_eq!(parse_numbered_name("MyContent123", "MyContent", 2), Some(123));
/// assert_eq!(parse_numbered_name("MyContent2", "MyContent", 2), None);
/// assert_eq!(parse_numbered_name("Other02", "MyContent", 2), None);
/// ```
pub fn parse_numbered_name(name: &str, base: &str, min_width: usize) -> Option<usize> {
    let prefix = name.get(..base.len())?;
    if !prefix.eq_ignore_ascii_case(base) {
        return None;
    }
    let digits = name.get(base.len()..)?;
    let number = parse_canonical_digits(digits)?;
    (digits.len() == decimal_width(number).max(min_width)).then_some(number)
}

/// Parses ASCII digits (no sign, no spaces); `None` when empty, not digits or too large.
pub(crate) fn parse_canonical_digits(digits: &str) -> Option<usize> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// How many decimal digits `number` has (1 for 0).
pub(crate) fn decimal_width(number: usize) -> usize {
    number.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// One variable of a numbered list: its number, name and value.
///
/// `Debug` and JSON redact a secret value. JSON:
/// `{"number":1,"name":"MyContent01","value":"C:\\_SMSTaskSequence\\Packages\\ABC00001","secret":false}`.
///
/// ```
/// use tasksequence::vars::{Environment, read_numbered};
///
/// let mut env = Environment::new();
/// env.set_engine("Cred01", "s3cret", true)?;
/// let list = read_numbered(&env, "Cred", 2)?;
/// assert_eq!((list[0].number, list[0].name.as_str(), list[0].secret), (1, "Cred01", true));
/// assert_eq!(serde_json::to_value(&list[0])?["value"], "********");
/// assert!(!format!("{:?}", list[0]).contains("s3cret"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct NumberedValue {
    /// The number in the name (1-based).
    pub number: usize,
    /// The variable's name.
    pub name: String,
    /// The value (not redacted here; outputs redact).
    pub value: String,
    /// Whether the value is secret.
    #[serde(default)]
    pub secret: bool,
}

impl NumberedValue {
    /// The value as outputs show it.
    ///
    /// ```
    /// use tasksequence::vars::{NumberedValue, Secrets};
    ///
    /// let value = NumberedValue { number: 1, name: "Cred01".into(), value: "s3cret".into(), secret: true };
    /// assert_eq!(value.shown(Secrets::Redact), "********");
    /// assert_eq!(value.shown(Secrets::Reveal), "s3cret");
    /// ```
    pub fn shown(&self, secrets: Secrets) -> &str {
        secrets.show(&self.value, self.secret)
    }
}

impl fmt::Debug for NumberedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NumberedValue")
            .field("number", &self.number)
            .field("name", &self.name)
            .field("value", &self.shown(Secrets::Redact))
            .field("secret", &self.secret)
            .finish()
    }
}

impl Serialize for NumberedValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("NumberedValue", 4)?;
        s.serialize_field("number", &self.number)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("value", self.shown(Secrets::Redact))?;
        s.serialize_field("secret", &self.secret)?;
        s.end()
    }
}

/// The name of Download Package Content's destination variable for the package at `position`
/// (1-based) in the step's package list: `base01`, `base02`, … `base99`, `base100`.
///
/// # Example
/// ```
/// use tasksequence::vars::download_variable_name;
/// assert_eq!(download_variable_name("MyContent", 1), "MyContent01");
/// ```
pub fn download_variable_name(base: &str, position: usize) -> String {
    numbered_name(base, position, TWO_DIGITS)
}

/// The position (1-based) a Download Package Content destination variable stands for:
/// `MyContent01` → 1. `None` for other names and for `MyContent00`.
///
/// # Example
/// ```
/// use tasksequence::vars::parse_download_variable_name;
/// assert_eq!(parse_download_variable_name("MYCONTENT100", "MyContent"), Some(100));
/// assert_eq!(parse_download_variable_name("MyContent00", "MyContent"), None);
/// ```
pub fn parse_download_variable_name(name: &str, base: &str) -> Option<usize> {
    parse_numbered_name(name, base, TWO_DIGITS).filter(|&n| n >= 1)
}

/// The variables Download Package Content sets for destination variable `base`, given each
/// package's outcome in the step's list order: `Some(path)` when it downloaded, `None` when it
/// failed. Every downloaded package's variable is numbered by its position, even when there is
/// only one; a failed package leaves its number unset (later packages keep their positions).
///
/// # Errors
/// [`NameError`] when `base` is not a valid user name or a numbered name would pass 256 characters.
///
/// # Example
/// ```
/// use tasksequence::vars::download_variables;
/// let vars = download_variables("Drivers", [Some("C:\\D\\ABC00001"), None, Some("C:\\D\\ABC00003")])?;
/// let names: Vec<&str> = vars.iter().map(|v| v.name.as_str()).collect();
/// assert_eq!(names, ["Drivers01", "Drivers03"]);
/// assert_eq!(vars[1].value, "C:\\D\\ABC00003");
/// # Ok::<(), tasksequence::vars::NameError>(())
/// ```
pub fn download_variables<I, S>(base: &str, outcomes: I) -> Result<Vec<NumberedValue>, NameError>
where
    I: IntoIterator<Item = Option<S>>,
    S: Into<String>,
{
    validate_user_name(base)?;
    let mut out = Vec::new();
    for (index, outcome) in outcomes.into_iter().enumerate() {
        let Some(path) = outcome else { continue };
        let number = index + 1;
        let name = download_variable_name(base, number);
        validate_name(&name)?;
        out.push(NumberedValue {
            number,
            name,
            value: path.into(),
            secret: false,
        });
    }
    Ok(out)
}

/// Reads `base` + suffix (`min_width` digits, starting at 1) from `env` until the first missing
/// number. Values are kept exactly (they are case-sensitive to the engine).
///
/// # Errors
/// [`NameError`] when `base` is not a valid name.
///
/// # Example
/// ```
/// use tasksequence::vars::{Environment, read_numbered};
/// let mut env = Environment::new();
/// env.set_engine("Drv01", "a", false)?;
/// env.set_engine("Drv02", "b", false)?;
/// let list = read_numbered(&env, "Drv", 2)?;
/// assert_eq!(list.iter().map(|v| (v.number, v.value.as_str())).collect::<Vec<_>>(), [(1, "a"), (2, "b")]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_numbered(
    env: &Environment,
    base: &str,
    min_width: usize,
) -> Result<Vec<NumberedValue>, NameError> {
    let base = base.trim_ascii();
    validate_name(base)?;
    let mut out = Vec::new();
    // Each number needs a present variable, so the loop ends within `env.len() + 1` rounds.
    for number in 1..=env.len().saturating_add(1) {
        let name = numbered_name(base, number, min_width);
        let Some(var) = env.get_var(&name) else { break };
        out.push(NumberedValue {
            number,
            name,
            value: var.value().to_owned(),
            secret: var.is_secret(),
        });
    }
    Ok(out)
}

/// Install Application's dynamic list: application names from `base01`, `base02`, … until the
/// first missing. Empty when `base01` is unset (nothing is installed).
///
/// # Errors
/// [`NameError`] when `base` is not a valid name.
///
/// # Example
/// ```
/// use tasksequence::vars::{Environment, install_application_list};
/// let mut env = Environment::new();
/// env.set_engine("App01", "7-Zip", false)?;
/// env.set_engine("App02", "Notepad++", false)?;
/// env.set_engine("App04", "Skipped: 03 is missing", false)?;
/// let apps = install_application_list(&env, "App")?;
/// assert_eq!(apps.iter().map(|a| a.value.as_str()).collect::<Vec<_>>(), ["7-Zip", "Notepad++"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn install_application_list(
    env: &Environment,
    base: &str,
) -> Result<Vec<NumberedValue>, NameError> {
    read_numbered(env, base, TWO_DIGITS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vars::{REDACTED, install_package_list};

    #[test]
    fn numbered_names_grow_past_width() {
        assert_eq!(download_variable_name("base", 1), "base01");
        assert_eq!(download_variable_name("base", 9), "base09");
        assert_eq!(download_variable_name("base", 10), "base10");
        assert_eq!(download_variable_name("base", 99), "base99");
        assert_eq!(download_variable_name("base", 100), "base100");
        assert_eq!(numbered_name("B", 1000, 3), "B1000");
    }

    #[test]
    fn parse_only_canonical() {
        assert_eq!(parse_download_variable_name("BASE01", "base"), Some(1));
        assert_eq!(parse_download_variable_name("base99", "base"), Some(99));
        assert_eq!(parse_download_variable_name("base100", "base"), Some(100));
        for bad in [
            "base", "base1", "base001", "base0100", "base00", "base1a", "bas01", "base-1", "base+1",
        ] {
            assert_eq!(parse_download_variable_name(bad, "base"), None, "{bad}");
        }
        assert_eq!(parse_numbered_name("x001", "x", 3), Some(1));
        assert_eq!(parse_numbered_name("x01", "x", 3), None);
        assert_eq!(parse_numbered_name("x1000", "x", 3), Some(1000));
        assert_eq!(parse_numbered_name("x01000", "x", 3), None);
        assert_eq!(
            parse_numbered_name("x99999999999999999999999", "x", 3),
            None
        );
        // Round trip.
        for n in [1, 5, 10, 99, 100, 101, 999, 1000, 12345] {
            for w in [1, 2, 3] {
                assert_eq!(
                    parse_numbered_name(&numbered_name("Ab", n, w), "ab", w),
                    Some(n)
                );
            }
        }
        // A base with multi-byte characters does not panic.
        assert_eq!(parse_numbered_name("é01", "e", 2), None);
    }

    #[test]
    fn download_variables_keep_positions() {
        let one = download_variables("ImageDir", [Some("C:\\x")]).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].name, "ImageDir01");
        assert_eq!(one[0].number, 1);
        let many: Vec<Option<String>> = (1..=101)
            .map(|i| (i != 2).then(|| format!("p{i}")))
            .collect();
        let vars = download_variables("C", many).unwrap();
        assert_eq!(vars.len(), 100);
        assert_eq!(vars[0].name, "C01");
        assert_eq!(vars[1].name, "C03");
        assert_eq!(vars[1].value, "p3");
        assert_eq!(vars.last().unwrap().name, "C101");
        assert!(
            download_variables("C", Vec::<Option<String>>::new())
                .unwrap()
                .is_empty()
        );
        assert!(matches!(
            download_variables("_x", [Some("p")]),
            Err(NameError::MustStartWithLetter { .. })
        ));
        assert!(matches!(
            download_variables(&"a".repeat(255), [Some("p")]),
            Err(NameError::TooLong { length: 257, .. })
        ));
    }

    #[test]
    fn application_list_stops_at_first_gap() {
        let mut env = Environment::new();
        assert!(install_application_list(&env, "App").unwrap().is_empty());
        env.set_engine("App02", "B", false).unwrap();
        assert!(install_application_list(&env, "App").unwrap().is_empty());
        env.set_engine("APP01", "a", false).unwrap();
        let apps = install_application_list(&env, "app").unwrap();
        assert_eq!(apps.len(), 2);
        assert_eq!(apps[0].name, "app01");
        assert_eq!(apps[0].value, "a");
        // Install Application uses two digits, not three.
        env.set_engine("Three001", "x", false).unwrap();
        assert!(install_application_list(&env, "Three").unwrap().is_empty());
        assert!(install_application_list(&env, "bad base").is_err());
    }

    #[test]
    fn list_values_redacted_in_outputs() {
        let mut env = Environment::new();
        env.set_engine("App01", "SecretApp", true).unwrap();
        let apps = install_application_list(&env, "App").unwrap();
        assert!(apps[0].secret);
        assert_eq!(apps[0].value, "SecretApp");
        let json = serde_json::to_string(&apps).unwrap();
        assert!(
            !json.contains("SecretApp") && json.contains(REDACTED),
            "{json}"
        );
        let debug = format!("{apps:?}");
        assert!(!debug.contains("SecretApp"), "{debug}");
        env.set_engine("Pkg001", "oops", true).unwrap();
        let err = install_package_list(&env, "Pkg").unwrap_err().to_string();
        assert!(!err.contains("oops") && err.contains(REDACTED), "{err}");
    }

    #[test]
    fn widths() {
        assert_eq!(decimal_width(0), 1);
        assert_eq!(decimal_width(9), 1);
        assert_eq!(decimal_width(10), 2);
        assert_eq!(decimal_width(usize::MAX), 20);
    }
}
