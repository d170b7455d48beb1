//! What the caller tells the linter beyond the file.

use serde::{Deserialize, Serialize};

use super::adapter::Catalog;

/// Options of [`super::lint`].
///
/// JSON (for the C ABI and scripts), every field optional:
/// `{"packages":[…catalog…],"site_version":2103,"allow":["TS038"],"deny":["TS012"]}`.
///
/// ```
/// use tasksequence::lint::LintOptions;
/// let options = LintOptions::from_json(r#"{"site_version":2010,"allow":["disabled-step"]}"#)?;
/// assert_eq!(options.site_version, Some(2010));
/// assert!(options.check_rules().is_ok());
/// let bad = LintOptions { deny: vec!["TS999".into()], ..LintOptions::default() };
/// assert_eq!(bad.check_rules().unwrap_err().to_string(), "unknown lint rule `TS999`");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintOptions {
    /// The package catalog, to know what the packages the sequence names are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packages: Option<Catalog>,
    /// The ConfigMgr site version (`2103`), for rules about features added in a version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_version: Option<u32>,
    /// Rules (ids or names, any case) that give no finding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
    /// Rules (ids or names, any case) whose findings are errors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deny: Vec<String>,
}

/// A rule name in [`LintOptions::allow`] or [`LintOptions::deny`] that is no rule's id or name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown lint rule `{0}`")]
pub struct UnknownRule(pub String);

impl LintOptions {
    /// Options from their JSON form.
    ///
    /// # Errors
    /// When the JSON does not have the documented shape (the message names the field, line and
    /// column).
    pub fn from_json(json: &str) -> Result<LintOptions, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// Whether `allow` names the rule `id` (named `name`).
    pub(super) fn allows(&self, id: &str, name: &str) -> bool {
        self.allow.iter().any(|n| names(n, id, name))
    }

    /// Whether `deny` names the rule `id` (named `name`).
    pub(super) fn denies(&self, id: &str, name: &str) -> bool {
        self.deny.iter().any(|n| names(n, id, name))
    }
}

/// Whether `given` is `id` or `name`, ASCII case-insensitively.
pub(super) fn names(given: &str, id: &str, name: &str) -> bool {
    let given = given.trim();
    given.eq_ignore_ascii_case(id) || given.eq_ignore_ascii_case(name)
}
