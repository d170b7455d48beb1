//! The product key the wizard accepts.

use std::fmt;

use super::error::TemplateError;

/// A product key as the wizard takes it: five groups of five letters or digits separated by `-`
/// (`XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`). Letters are kept upper-case.
///
/// ```
/// use tasksequence::template::ProductKey;
/// let key = ProductKey::parse("nppr9-fwdcx-d2c8j-h872k-2yt43")?;
/// assert_eq!(key.as_str(), "NPPR9-FWDCX-D2C8J-H872K-2YT43");
/// assert!(ProductKey::parse("NPPR9-FWDCX-D2C8J-H872K-2YT4").is_err());
/// # Ok::<(), tasksequence::template::TemplateError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ProductKey(String);

impl ProductKey {
    /// Validates `text`.
    ///
    /// # Errors
    /// [`TemplateError::ProductKey`] saying what is wrong: the number of groups, a group's length,
    /// or a character that is not an ASCII letter or digit.
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let problem = |problem: String| TemplateError::ProductKey {
            key: text.to_string(),
            problem,
        };
        let groups: Vec<&str> = text.split('-').collect();
        if groups.len() != 5 {
            let count = match groups.len() {
                1 => "1 group".to_string(),
                n => format!("{n} groups"),
            };
            return Err(problem(format!(
                "{count}, expected 5 groups of 5 letters or digits separated by `-`"
            )));
        }
        for (i, group) in groups.iter().enumerate() {
            if let Some(bad) = group.chars().find(|c| !c.is_ascii_alphanumeric()) {
                return Err(problem(format!(
                    "group {} `{group}` holds `{bad}`, which is not a letter or digit",
                    i + 1
                )));
            }
            if group.len() != 5 {
                return Err(problem(format!(
                    "group {} `{group}` has {} characters, expected 5",
                    i + 1,
                    group.len()
                )));
            }
        }
        Ok(ProductKey(text.to_ascii_uppercase()))
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ProductKey {
    // A product key is a secret: it is shown only on purpose, through `as_str`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProductKey(********)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_named() {
        let problem = |key: &str| match ProductKey::parse(key).unwrap_err() {
            TemplateError::ProductKey { problem, .. } => problem,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            problem(""),
            "1 group, expected 5 groups of 5 letters or digits separated by `-`"
        );
        assert_eq!(
            problem("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF"),
            "6 groups, expected 5 groups of 5 letters or digits separated by `-`"
        );
        assert_eq!(
            problem("AAAAA-BBBB-CCCCC-DDDDD-EEEEE"),
            "group 2 `BBBB` has 4 characters, expected 5"
        );
        assert_eq!(
            problem("AAAAA-BBBBB-CC CC-DDDDD-EEEEE"),
            "group 3 `CC CC` holds ` `, which is not a letter or digit"
        );
        assert_eq!(
            problem("AAAAA-BBBBB-CCCCC-DDDDD-ÉEEEE"),
            "group 5 `ÉEEEE` holds `É`, which is not a letter or digit"
        );
        assert_eq!(
            problem("AAAAA-BBBBB-CCCCC-DDDDD-"),
            "group 5 `` has 0 characters, expected 5"
        );
        assert_eq!(
            format!(
                "{:?}",
                ProductKey::parse("AAAAA-BBBBB-CCCCC-DDDDD-12345").unwrap()
            ),
            "ProductKey(********)"
        );
    }
}
