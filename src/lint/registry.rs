//! Every rule, looked up by id or name, and the README's table of them.

use super::options::{LintOptions, UnknownRule};
use super::rule::Rule;
use super::rules::FAMILIES;

/// Every rule, in id order.
///
/// ```
/// let rules: Vec<_> = tasksequence::lint::rules().collect();
/// assert!(rules.len() >= 25);
/// assert!(rules.windows(2).all(|w| w[0].id < w[1].id));
/// ```
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    FAMILIES.iter().flat_map(|family| family.iter())
}

/// The rule with this id or name (ASCII case-insensitive).
///
/// ```
/// assert_eq!(tasksequence::lint::rule("scan-only-without-continue-on-error").map(|r| r.id), Some("TS005"));
/// assert!(tasksequence::lint::rule("TS999").is_none());
/// ```
pub fn rule(name: &str) -> Option<&'static Rule> {
    rules().find(|r| r.is_named(name))
}

/// The README's table of rules: id, name, severity, what, why, fix, source.
///
/// ```
/// let table = tasksequence::lint::rules_markdown();
/// assert!(table.starts_with("| id | name | severity |"));
/// assert!(table.contains("| TS005 | `scan-only-without-continue-on-error` | error |"));
/// ```
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "| id | name | severity | what | why | fix | source |\n|---|---|---|---|---|---|---|\n",
    );
    for r in rules() {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} | {} |\n",
            r.id,
            r.name,
            r.severity,
            cell(r.what),
            cell(r.why),
            cell(r.fix),
            cell(r.source)
        ));
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

impl LintOptions {
    /// Checks that every name in `allow` and `deny` is a rule's id or name.
    ///
    /// # Errors
    /// [`UnknownRule`] naming the first that is not.
    pub fn check_rules(&self) -> Result<(), UnknownRule> {
        match self
            .allow
            .iter()
            .chain(&self.deny)
            .find(|n| rule(n).is_none())
        {
            Some(name) => Err(UnknownRule(name.clone())),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rules;

    #[test]
    fn ids_are_unique_ordered_and_well_formed() {
        let all: Vec<_> = rules().collect();
        for w in all.windows(2) {
            assert!(w[0].id < w[1].id, "{} before {}", w[0].id, w[1].id);
        }
        for r in &all {
            assert!(r.id.len() == 5 && r.id.starts_with("TS"), "{}", r.id);
            assert!(r.id[2..].bytes().all(|b| b.is_ascii_digit()), "{}", r.id);
            assert!(
                r.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                r.name
            );
            for text in [r.what, r.why, r.fix, r.source] {
                assert!(!text.trim().is_empty(), "{} has an empty doc field", r.id);
            }
        }
        let mut names: Vec<_> = all.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len(), "names are unique");
    }
}
