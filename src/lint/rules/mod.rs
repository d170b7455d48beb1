//! The rules, one file per family. Each family lists its rules in id order, and the families
//! follow each other in id order, so [`FAMILIES`] read in order is [`super::rules`].

mod conditions;
mod size;
mod structure;
mod upgrade;
mod variables;
mod wql;

use super::rule::Rule;
use crate::codes::ReturnCode;

pub(super) static FAMILIES: &[&[Rule]] = &[
    upgrade::RULES,
    conditions::RULES,
    wql::RULES,
    variables::RULES,
    structure::RULES,
    size::RULES,
];

/// The engine's `true`/`false`, any case.
fn flag(value: Option<&str>) -> Option<bool> {
    match value?.trim() {
        v if v.eq_ignore_ascii_case("true") => Some(true),
        v if v.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// The variable the Upgrade Operating System step leaves Windows Setup's exit code in.
const UPGRADE_RETURN_CODE: &str = "_SMSTSOSUpgradeActionReturnCode";

/// Variables that hold return codes, which the engine writes as unsigned decimal.
const RETURN_CODE_VARIABLES: [&str; 2] = [UPGRADE_RETURN_CODE, "_SMSTSLastActionRetCode"];

/// `MOSETUP_E_COMPAT_SCANONLY`: the compatibility scan found nothing blocking.
const SCAN_PASSED: ReturnCode = ReturnCode::COMPAT_SCAN_PASSED;

/// Whether `value` is a return code equal to `code`, in any spelling.
fn is_code(value: &str, code: ReturnCode) -> bool {
    ReturnCode::parse(value).is_ok_and(|c| c == code)
}

/// Names compare ASCII case-insensitively, as the engine compares variable names.
fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

#[cfg(test)]
mod tests {
    use super::super::rules;

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
