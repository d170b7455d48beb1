//! One line of a plan: a package downloaded or skipped, and the reason.

use serde::{Deserialize, Serialize};

use super::catalog::PackageType;

/// One package of a plan: downloaded or skipped, with the reason.
///
/// JSON: `{"id": "PS100101", "name": "…" | null, "type": "os_upgrade" | … | null, "reason": "…"}`;
/// `name` and `type` are `null` for a package the catalog does not hold (the type is then the one
/// the steps that use it imply, when they agree).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanEntry {
    /// The package ID.
    pub id: String,
    /// The catalog's name.
    pub name: Option<String>,
    /// The package type.
    #[serde(rename = "type")]
    pub kind: Option<PackageType>,
    /// Why, in words (`language 1031 (de-DE) ≠ client 1033 (en-US)`).
    pub reason: String,
    /// The catalog's size (not part of the JSON).
    #[serde(skip)]
    pub size_mb: Option<u64>,
}
