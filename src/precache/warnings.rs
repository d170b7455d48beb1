//! Beyond the console: the warnings a plan gives when the steps that will run disagree with what
//! the client pre-caches.

use serde::{Deserialize, Serialize};

use super::adapter::KnownVariables;
use super::catalog::{Catalog, PackageType};
use super::entry::PlanEntry;
use super::references::Referenced;
use super::usage::{RunState, Usage, UsageKind};
use crate::machine::Host;

/// What a warning is about.
///
/// JSON: the snake_case variant name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A step that runs (or may run) uses OS upgrade content the client does not pre-cache: it
    /// is downloaded while the user waits.
    NotCached,
    /// An OS upgrade package is pre-cached, but no step that uses it runs on this machine.
    CachedUnused,
    /// Whether a step that uses OS upgrade content runs cannot be told (its condition cannot be
    /// evaluated on this machine).
    Undecided,
    /// More than one OS upgrade package is pre-cached.
    SeveralUpgrades,
    /// A step installs a feature update, which pre-download does not cover.
    FeatureUpdate,
    /// A machine fact the attributes are compared with is missing.
    MachineFact,
}

/// Something the console does not tell.
///
/// JSON: `{"kind": "not_cached", "package": "PS100103" | null, "step": "Upgrade/…" | null,
/// "message": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanWarning {
    /// What it is about.
    pub kind: WarningKind,
    /// The package, when one is concerned.
    pub package: Option<String>,
    /// The step's path, when one is concerned.
    pub step: Option<String>,
    /// In words.
    pub message: String,
}

/// What the sequence says about the content its steps use, prepared once per planner.
#[derive(Clone, Copy)]
pub(super) struct Content<'p> {
    pub usages: &'p [Usage],
    pub catalog: &'p Catalog,
    pub referenced: &'p [Referenced],
}

/// Adds the warnings of one machine's plan: steps that will (or may) run but whose OS upgrade
/// content is not pre-cached, pre-cached OS upgrade packages no running step uses, steps whose
/// conditions cannot be evaluated, and more than one pre-cached OS upgrade package.
pub(super) fn beyond_the_console(
    content: &Content<'_>,
    download: &[PlanEntry],
    skip: &[PlanEntry],
    variables: &KnownVariables<'_>,
    host: &dyn Host,
    warnings: &mut Vec<PlanWarning>,
) {
    let Content {
        usages,
        catalog,
        referenced,
    } = *content;
    let states: Vec<RunState> = usages.iter().map(|u| u.state(variables, host)).collect();
    let cached_upgrades: Vec<&PlanEntry> = download
        .iter()
        .filter(|e| is_os_upgrade(catalog, referenced, &e.id))
        .collect();
    let instead = match cached_upgrades.as_slice() {
        [] => "; the client pre-caches no OS upgrade package".to_string(),
        list => format!(
            "; the client pre-caches {} instead",
            list.iter()
                .map(|e| format!("`{}`", e.id))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    for (usage, state) in usages.iter().zip(&states) {
        let (verb, note) = match state {
            RunState::Runs => ("will", String::new()),
            RunState::Depends(vars) => (
                "may",
                format!(
                    " (its conditions depend on {}, set during the run)",
                    vars.iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            RunState::Skipped(_) => continue,
            RunState::Undecided(e) => {
                warnings.push(PlanWarning {
                    kind: WarningKind::Undecided,
                    package: usage.packages.first().cloned(),
                    step: Some(usage.step.clone()),
                    message: format!(
                        "cannot tell whether step `{}` runs on this machine: {e}",
                        usage.step
                    ),
                });
                continue;
            }
        };
        for id in &usage.packages {
            let Some(skipped) = skip.iter().find(|e| e.id.eq_ignore_ascii_case(id)) else {
                continue;
            };
            let action = match usage.kind {
                UsageKind::Upgrade => "upgrade from",
                UsageKind::Download => "download",
            };
            warnings.push(PlanWarning {
                    kind: WarningKind::NotCached,
                    package: Some(skipped.id.clone()),
                    step: Some(usage.step.clone()),
                    message: format!(
                        "step `{}` {verb} {action} `{}`{}{note}, which the client does not pre-cache ({}): it is downloaded while the user waits{instead}",
                        usage.step,
                        skipped.id,
                        skipped
                            .name
                            .as_ref()
                            .map_or_else(String::new, |n| format!(" ({n})")),
                        skipped.reason
                    ),
                });
        }
    }
    for cached in &cached_upgrades {
        let users: Vec<(&Usage, &RunState)> = usages
            .iter()
            .zip(&states)
            .filter(|(u, _)| {
                u.packages
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(&cached.id))
            })
            .collect();
        let why = if users.is_empty() {
            "no step uses it".to_string()
        } else if users.iter().all(|(_, s)| matches!(s, RunState::Skipped(_))) {
            let reasons: Vec<String> = users
                .iter()
                .filter_map(|(u, s)| match s {
                    RunState::Skipped(r) => Some(format!("`{}` ({r})", u.step)),
                    _ => None,
                })
                .collect();
            format!(
                "no step that uses it runs on this machine: {}",
                reasons.join("; ")
            )
        } else {
            continue;
        };
        warnings.push(PlanWarning {
            kind: WarningKind::CachedUnused,
            package: Some(cached.id.clone()),
            step: None,
            message: format!(
                "OS upgrade package `{}` is pre-cached, but {why}",
                cached.id
            ),
        });
    }
    if cached_upgrades.len() > 1 {
        warnings.push(PlanWarning {
            kind: WarningKind::SeveralUpgrades,
            package: None,
            step: None,
            message: format!(
                "the client pre-caches {} OS upgrade packages: {}",
                cached_upgrades.len(),
                cached_upgrades
                    .iter()
                    .map(|e| format!("`{}`", e.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
}

/// Whether package `id` is OS upgrade content: by the catalog, else by the steps that name it.
pub(super) fn is_os_upgrade(catalog: &Catalog, referenced: &[Referenced], id: &str) -> bool {
    match catalog.get(id) {
        Some(p) => p.kind == PackageType::OsUpgrade,
        None => {
            referenced
                .iter()
                .find(|r| r.id.eq_ignore_ascii_case(id))
                .and_then(Referenced::implied_type)
                == Some(PackageType::OsUpgrade)
        }
    }
}
