//! The wizard's choices as JSON, for callers that cannot call the builder (the C API).

use serde::Deserialize;

use super::{ProductKey, TemplateError, Updates, UpgradeTemplate};
use crate::locale::Architecture;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Choices {
    package: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    edition_index: Option<u32>,
    #[serde(default)]
    product_key: Option<String>,
    #[serde(default)]
    ignore_compat_messages: bool,
    #[serde(default)]
    updates: Updates,
    #[serde(default)]
    applications: Vec<String>,
    #[serde(default)]
    continue_on_app_failure: bool,
    #[serde(default)]
    recommended: bool,
    #[serde(default)]
    architecture: Option<Architecture>,
}

impl UpgradeTemplate {
    /// The wizard's choices from JSON: `{"package": "OPC005ED"}` and, all optional, `"name"`,
    /// `"description"`, `"edition_index"` (1), `"product_key"`, `"ignore_compat_messages"`
    /// (false), `"updates"` (`"none"`, `"required"`, `"all"`), `"applications"` (names in
    /// order), `"continue_on_app_failure"` (false), `"recommended"` (false), `"architecture"`
    /// (`"x64"`, `"x86"`). Other fields are refused.
    ///
    /// # Errors
    /// [`TemplateError::Json`] for JSON that does not fit (the message names the field, line and
    /// column); otherwise the error of the builder method the field goes to.
    ///
    /// ```
    /// use tasksequence::template::UpgradeTemplate;
    /// let t = UpgradeTemplate::from_json(r#"{"package":"OPC005ED","updates":"all","applications":["Office"]}"#)?;
    /// assert_eq!(t, UpgradeTemplate::new("OPC005ED")?.updates(tasksequence::template::Updates::All).application("Office")?);
    /// let err = UpgradeTemplate::from_json(r#"{"package":"OPC005ED","product_key":"ABC"}"#).unwrap_err();
    /// assert!(err.to_string().starts_with("product key `ABC`"));
    /// # Ok::<(), tasksequence::template::TemplateError>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Self, TemplateError> {
        let c: Choices = serde_json::from_str(text).map_err(|e| TemplateError::Json {
            message: e.to_string(),
        })?;
        let mut t = UpgradeTemplate::new(&c.package)?
            .ignore_compat_messages(c.ignore_compat_messages)
            .updates(c.updates)
            .continue_on_app_failure(c.continue_on_app_failure)
            .recommended(c.recommended);
        if let Some(index) = c.edition_index {
            t = t.edition_index(index)?;
        }
        if let Some(key) = &c.product_key {
            t = t.product_key(ProductKey::parse(key)?);
        }
        for app in &c.applications {
            t = t.application(app)?;
        }
        if let Some(arch) = c.architecture {
            t = t.architecture(arch)?;
        }
        if let Some(name) = c.name {
            t = t.name(name);
        }
        if let Some(description) = c.description {
            t = t.description(description);
        }
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field() {
        let t = UpgradeTemplate::from_json(
            r#"{"package":"OPC005ED","name":"n","description":"d","edition_index":2,
                "product_key":"NPPR9-FWDCX-D2C8J-H872K-2YT43","ignore_compat_messages":true,
                "updates":"required","applications":["a","b"],"continue_on_app_failure":true,
                "recommended":true,"architecture":"x86"}"#,
        )
        .unwrap();
        let built = UpgradeTemplate::new("OPC005ED")
            .unwrap()
            .name("n")
            .description("d")
            .edition_index(2)
            .unwrap()
            .product_key(ProductKey::parse("NPPR9-FWDCX-D2C8J-H872K-2YT43").unwrap())
            .ignore_compat_messages(true)
            .updates(Updates::Required)
            .application("a")
            .unwrap()
            .application("b")
            .unwrap()
            .continue_on_app_failure(true)
            .recommended(true)
            .architecture(Architecture::X86)
            .unwrap();
        assert_eq!(t, built);
    }

    #[test]
    fn refusals() {
        for (json, start) in [
            ("{}", "options: missing field `package`"),
            (
                r#"{"package":"OPC005ED","colour":1}"#,
                "options: unknown field `colour`",
            ),
            (
                r#"{"package":"OPC005ED","updates":"some"}"#,
                "options: unknown variant `some`",
            ),
            (
                r#"{"package":"OPC005ED","edition_index":0}"#,
                "edition index `0`",
            ),
            (
                r#"{"package":"OPC005ED","architecture":"arm64"}"#,
                "architecture `arm64`",
            ),
            (r#"{"package":"x"}"#, "upgrade package:"),
        ] {
            let err = UpgradeTemplate::from_json(json).unwrap_err().to_string();
            assert!(err.starts_with(start), "{json}: {err}");
        }
    }
}
