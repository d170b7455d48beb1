//! The client facts package attributes are compared with.

use serde::Serialize;

use super::adapter::{self, RawFacts};
use crate::locale::{self, Architecture};
use crate::machine::{Host, WmiValue};

/// What the client compares package attributes with, read through WMI:
/// `Win32_OperatingSystem.OSArchitecture` (localized text such as `64-bit`, `64 bits`,
/// `ARM 64-bit Processor`), `Win32_OperatingSystem.OSLanguage` (a decimal LCID) and
/// `Win32_ComputerSystemProduct.Name`.
///
/// A fact the host cannot give is `None`, and `problems` says why; a package that needs that
/// fact is then skipped, never matched by guess.
///
/// ```
/// use tasksequence::machine::MachineProfile;
/// use tasksequence::precache::MachineFacts;
/// let m = MachineProfile::from_json(r#"{"wmi": {"root\\cimv2": {
///   "Win32_OperatingSystem": [{"OSArchitecture": "64 bits", "OSLanguage": 1036}],
///   "Win32_ComputerSystemProduct": [{"Name": "HP ProBook 640 G1"}]}}}"#)?;
/// let facts = MachineFacts::from_host(&m);
/// assert_eq!(facts.architecture.unwrap().as_str(), "x64");
/// assert_eq!(facts.language_text().as_deref(), Some("1036 (fr-FR)"));
/// assert_eq!(facts.model.as_deref(), Some("HP ProBook 640 G1"));
/// # Ok::<(), tasksequence::machine::ProfileError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MachineFacts {
    /// The OS architecture.
    pub architecture: Option<Architecture>,
    /// `OSArchitecture` as the machine wrote it.
    pub architecture_text: Option<String>,
    /// The OS language's LCID.
    pub language: Option<u32>,
    /// `Win32_ComputerSystemProduct.Name`.
    pub model: Option<String>,
    /// Why a fact is missing, one sentence each.
    pub problems: Vec<String>,
}

impl MachineFacts {
    /// Reads the facts through the host's WMI.
    pub fn from_host(host: &dyn Host) -> Self {
        let raw = adapter::raw_facts(host);
        let mut facts = MachineFacts::default();
        facts.read(raw);
        facts
    }

    fn read(&mut self, raw: RawFacts) {
        match raw.os_architecture {
            Ok(Some(value)) => {
                let text = value_text(&value);
                self.architecture = Architecture::parse(&text);
                if self.architecture.is_none() {
                    self.problems.push(format!(
                        "`Win32_OperatingSystem.OSArchitecture` is `{text}`, which is not an architecture"
                    ));
                }
                self.architecture_text = Some(text);
            }
            Ok(None) => self
                .problems
                .push("the machine gives no `Win32_OperatingSystem.OSArchitecture`".into()),
            Err(e) => self
                .problems
                .push(format!("cannot read `Win32_OperatingSystem`: {e}")),
        }
        match raw.os_language {
            Ok(Some(value)) => {
                let text = value_text(&value);
                self.language = match &value {
                    WmiValue::Int(n) => u32::try_from(*n).ok(),
                    _ => text
                        .trim()
                        .parse::<u32>()
                        .ok()
                        .or_else(|| locale::lookup(&text).map(|l| l.lcid)),
                };
                if self.language.is_none() {
                    self.problems.push(format!(
                        "`Win32_OperatingSystem.OSLanguage` is `{text}`, which is not a language"
                    ));
                }
            }
            Ok(None) => self
                .problems
                .push("the machine gives no `Win32_OperatingSystem.OSLanguage`".into()),
            // Already reported with the architecture: both come from the same class.
            Err(_) => {}
        }
        match raw.product_name {
            Ok(Some(value)) => self.model = Some(value_text(&value)),
            Ok(None) => self
                .problems
                .push("the machine gives no `Win32_ComputerSystemProduct.Name`".into()),
            Err(e) => self
                .problems
                .push(format!("cannot read `Win32_ComputerSystemProduct`: {e}")),
        }
    }

    /// The language as `1033 (en-US)` (the bare number for an LCID the table does not hold).
    pub fn language_text(&self) -> Option<String> {
        self.language.map(lcid_text)
    }
}

/// `1033 (en-US)`, or the bare number when the table does not hold it.
pub(super) fn lcid_text(lcid: u32) -> String {
    match locale::by_lcid(lcid) {
        Some(lang) => format!("{lcid} ({})", lang.tag),
        None => lcid.to_string(),
    }
}

fn value_text(value: &WmiValue) -> String {
    match value {
        WmiValue::String(s) => s.clone(),
        WmiValue::Int(n) => n.to_string(),
        WmiValue::Real(r) => r.to_string(),
        WmiValue::Bool(b) => b.to_string(),
        WmiValue::Null => String::new(),
        WmiValue::Array(items) => items.first().map(value_text).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machine::MachineProfile;

    fn facts(json: &str) -> MachineFacts {
        MachineFacts::from_host(&MachineProfile::from_json(json).unwrap())
    }

    #[test]
    fn every_architecture_and_language_spelling() {
        let cases = [
            (r#""64-bit""#, "1033", Some("x64"), Some(1033)),
            (r#""64-Bit""#, r#""1031""#, Some("x64"), Some(1031)),
            (r#""32 bits""#, r#""fr-FR""#, Some("x86"), Some(1036)),
            (
                r#""ARM 64-bit Processor""#,
                "1041",
                Some("arm64"),
                Some(1041),
            ),
            (r#""32-bit""#, "9", Some("x86"), Some(9)),
        ];
        for (arch, lang, want_arch, want_lang) in cases {
            let f = facts(&format!(
                r#"{{"wmi":{{"root\\cimv2":{{"Win32_OperatingSystem":[{{"OSArchitecture":{arch},"OSLanguage":{lang}}}],"Win32_ComputerSystemProduct":[{{"Name":"X"}}]}}}}}}"#
            ));
            assert_eq!(
                f.architecture.map(Architecture::as_str),
                want_arch,
                "{arch}"
            );
            assert_eq!(f.language, want_lang, "{lang}");
            assert!(f.problems.is_empty(), "{:?}", f.problems);
        }
    }

    #[test]
    fn missing_facts_are_problems() {
        let f = facts(
            r#"{"wmi":{"root\\cimv2":{"Win32_OperatingSystem":[{"OSArchitecture":"sideways"}]}}}"#,
        );
        assert_eq!(f.architecture, None);
        assert_eq!(f.architecture_text.as_deref(), Some("sideways"));
        assert_eq!(
            f.problems,
            [
                "`Win32_OperatingSystem.OSArchitecture` is `sideways`, which is not an architecture",
                "the machine gives no `Win32_OperatingSystem.OSLanguage`",
                "cannot read `Win32_ComputerSystemProduct`: unknown WMI class `Win32_ComputerSystemProduct` in namespace `root\\cimv2`",
            ]
        );
        let none = facts("{}");
        assert_eq!(none.problems.len(), 2, "{:?}", none.problems);
        assert_eq!(lcid_text(1031), "1031 (de-DE)");
        assert_eq!(lcid_text(12345), "12345");
    }
}
