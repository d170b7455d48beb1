//! Many machines at once: per package, how many clients download it and how many megabytes.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use super::catalog::PackageType;
use super::deployment::When;
use super::entry::PlanEntry;
use super::plan::Plan;
use super::text::table;
use super::warnings::WarningKind;

/// Totals over the plans of many machines. Memory grows with the number of distinct packages and
/// warnings, not with the number of machines.
///
/// JSON: `{"machines": 3, "start": {"now": 2, "at": 0, "never": 1}, "packages": [{"id", "name",
/// "type", "clients", "size_mb", "total_mb"}], "total_mb": 14000, "warnings": [{"kind", "package",
/// "step", "machines", "examples", "message"}]}`. A package is listed (in ID order) once any plan names it;
/// `clients` counts the plans that download it, `total_mb` is `clients` × `size_mb` (`null`
/// without a size). Warnings are grouped by kind, package and step: `machines` counts them,
/// `examples` names the first three machines, `message` is the first machine's.
///
/// ```
/// use tasksequence::machine::MachineProfile;
/// use tasksequence::precache::{Catalog, Fleet, PlanOptions, Planner};
/// let doc = tasksequence::xml::read(br#"<sequence version="3.10"><referenceList><reference package="PS100101"/></referenceList></sequence>"#)?;
/// let catalog = Catalog::from_json(r#"[{"id":"PS100101","name":"Win11 en-US","type":"os_upgrade","language":1033,"size_mb":4600}]"#)?;
/// let planner = Planner::new(&doc.sequence, &catalog, PlanOptions::default());
/// let mut fleet = Fleet::new();
/// for lcid in [1033, 1033, 1031] {
///     let m = MachineProfile::from_json(&format!(r#"{{"wmi":{{"root\\cimv2":{{"Win32_OperatingSystem":[{{"OSArchitecture":"64-bit","OSLanguage":{lcid}}}],"Win32_ComputerSystemProduct":[{{"Name":"x"}}]}}}}}}"#))?;
///     fleet.add(&lcid.to_string(), &planner.plan_for(&m));
/// }
/// assert_eq!(fleet.packages()[0].clients, 2);
/// assert_eq!(fleet.total_mb(), 9200);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, Serialize)]
pub struct Fleet {
    machines: usize,
    start: StartCounts,
    packages: Vec<FleetPackage>,
    total_mb: u64,
    warnings: Vec<FleetWarning>,
    #[serde(skip)]
    package_index: HashMap<String, usize>,
    #[serde(skip)]
    warning_index: HashMap<(WarningKind, Option<String>, Option<String>), usize>,
}

/// How many plans start now, at the available time, or never.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StartCounts {
    /// Plans that start now.
    pub now: usize,
    /// Plans that start at the available time.
    pub at: usize,
    /// Plans that never start.
    pub never: usize,
}

/// One package over the fleet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FleetPackage {
    /// The package ID.
    pub id: String,
    /// The catalog's name.
    pub name: Option<String>,
    /// The package type.
    #[serde(rename = "type")]
    pub kind: Option<PackageType>,
    /// How many clients download it.
    pub clients: usize,
    /// The catalog's size.
    pub size_mb: Option<u64>,
    /// `clients` × `size_mb`.
    pub total_mb: Option<u64>,
}

/// One warning over the fleet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FleetWarning {
    /// What it is about.
    pub kind: WarningKind,
    /// The package concerned.
    pub package: Option<String>,
    /// The step concerned.
    pub step: Option<String>,
    /// How many machines have it.
    pub machines: usize,
    /// The first three of them.
    pub examples: Vec<String>,
    /// The first machine's message.
    pub message: String,
}

impl Fleet {
    /// An empty fleet.
    pub fn new() -> Self {
        Fleet::default()
    }

    /// Adds the plan of the machine called `machine`.
    pub fn add(&mut self, machine: &str, plan: &Plan) {
        self.machines += 1;
        match plan.start.when {
            When::Now => self.start.now += 1,
            When::At => self.start.at += 1,
            When::Never => self.start.never += 1,
        }
        for (entry, downloaded) in plan
            .download
            .iter()
            .map(|e| (e, true))
            .chain(plan.skip.iter().map(|e| (e, false)))
        {
            let key = entry.id.to_ascii_uppercase();
            let at = match self.package_index.get(&key) {
                Some(at) => *at,
                None => self.insert(entry),
            };
            if let (true, Some(package)) = (downloaded, self.packages.get_mut(at)) {
                package.clients += 1;
                if let Some(size) = package.size_mb {
                    package.total_mb = Some(size.saturating_mul(package.clients as u64));
                    self.total_mb = self.total_mb.saturating_add(size);
                }
            }
        }
        for w in &plan.warnings {
            let key = (w.kind, w.package.clone(), w.step.clone());
            let at = *self.warning_index.entry(key).or_insert_with(|| {
                self.warnings.push(FleetWarning {
                    kind: w.kind,
                    package: w.package.clone(),
                    step: w.step.clone(),
                    machines: 0,
                    examples: Vec::new(),
                    message: w.message.clone(),
                });
                self.warnings.len() - 1
            });
            if let Some(group) = self.warnings.get_mut(at) {
                group.machines += 1;
                if group.examples.len() < 3 {
                    group.examples.push(machine.to_string());
                }
            }
        }
    }

    /// Adds a package not seen before, keeping the list in package ID order (IDs are handed out
    /// in sequence, so this is the order the site created them in); returns its position.
    fn insert(&mut self, entry: &PlanEntry) -> usize {
        let key = entry.id.to_ascii_uppercase();
        let at = self
            .packages
            .partition_point(|p| p.id.to_ascii_uppercase() < key);
        self.packages.insert(
            at,
            FleetPackage {
                id: entry.id.clone(),
                name: entry.name.clone(),
                kind: entry.kind,
                clients: 0,
                size_mb: entry.size_mb,
                total_mb: entry.size_mb.map(|_| 0),
            },
        );
        for (i, p) in self.packages.iter().enumerate().skip(at) {
            self.package_index.insert(p.id.to_ascii_uppercase(), i);
        }
        at
    }

    /// How many plans were added.
    pub fn machines(&self) -> usize {
        self.machines
    }

    /// The packages, in package ID order.
    pub fn packages(&self) -> &[FleetPackage] {
        &self.packages
    }

    /// Megabytes downloaded over the fleet.
    pub fn total_mb(&self) -> u64 {
        self.total_mb
    }

    /// How many plans start now, at the available time, or never.
    pub fn start(&self) -> StartCounts {
        self.start
    }

    /// The warnings, grouped.
    pub fn warnings(&self) -> &[FleetWarning] {
        &self.warnings
    }

    /// The totals as JSON, in the shape documented on [`Fleet`].
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl fmt::Display for Fleet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "machines: {} (start now {}, at the available time {}, never {})",
            self.machines, self.start.now, self.start.at, self.start.never
        )?;
        writeln!(f, "packages:")?;
        let mb = |v: Option<u64>| v.map_or_else(|| "? MB".to_string(), |v| format!("{v} MB"));
        let rows: Vec<Vec<String>> = self
            .packages
            .iter()
            .map(|p| {
                vec![
                    p.id.clone(),
                    p.kind.map_or("?", PackageType::as_str).to_string(),
                    format!("{}/{} clients", p.clients, self.machines),
                    format!("{} each", mb(p.size_mb)),
                    format!("{} in all", mb(p.total_mb)),
                    p.name
                        .clone()
                        .unwrap_or_else(|| "(not in the catalog)".into()),
                ]
            })
            .collect();
        for line in table(&rows) {
            writeln!(f, "  {line}")?;
        }
        writeln!(f, "total: {} MB", self.total_mb)?;
        if !self.warnings.is_empty() {
            writeln!(f, "warnings:")?;
            for w in &self.warnings {
                let more = w.machines.saturating_sub(w.examples.len());
                let names = if more > 0 {
                    format!("{}, and {more} more", w.examples.join(", "))
                } else {
                    w.examples.join(", ")
                };
                let machines = if w.machines == 1 {
                    "machine"
                } else {
                    "machines"
                };
                writeln!(f, "  - {} {machines} ({names}): {}", w.machines, w.message)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::precache::{Catalog, PlanOptions, Planner};

    #[test]
    fn totals_per_package_and_grouped_warnings() {
        let doc = crate::xml::read(
            br#"<sequence version="3.10"><referenceList><reference package="B0000002"/><reference package="A0000001"/><reference package="C0000003"/></referenceList>
            <step type="SMS_TaskSequence_UpgradeOperatingSystemAction" name="up"><defaultVarList><variable name="OSDUpgradeInstallPackageID" property="InstallPackageID">B0000002</variable></defaultVarList></step></sequence>"#,
        )
        .unwrap();
        let catalog = Catalog::from_json(
            r#"[{"id":"A0000001","name":"en","type":"os_upgrade","language":1033,"size_mb":100},
                {"id":"B0000002","name":"de","type":"os_upgrade","language":1031,"size_mb":200}]"#,
        )
        .unwrap();
        let planner = Planner::new(&doc.sequence, &catalog, PlanOptions::default());
        let mut fleet = Fleet::new();
        for (name, lcid) in [
            ("m1", 1033),
            ("m2", 1031),
            ("m3", 1033),
            ("m4", 1033),
            ("m5", 1033),
        ] {
            let m = crate::machine::MachineProfile::from_json(&format!(
                r#"{{"wmi":{{"root\\cimv2":{{"Win32_OperatingSystem":[{{"OSArchitecture":"64-bit","OSLanguage":{lcid}}}],"Win32_ComputerSystemProduct":[{{"Name":"x"}}]}}}}}}"#
            ))
            .unwrap();
            fleet.add(name, &planner.plan_for(&m));
        }
        let rows: Vec<(&str, usize, Option<u64>)> = fleet
            .packages()
            .iter()
            .map(|p| (p.id.as_str(), p.clients, p.total_mb))
            .collect();
        assert_eq!(
            rows,
            [
                ("A0000001", 4, Some(400)),
                ("B0000002", 1, Some(200)),
                ("C0000003", 5, None)
            ]
        );
        assert_eq!(fleet.total_mb(), 600);
        assert_eq!(fleet.machines(), 5);
        assert_eq!(
            fleet.start(),
            StartCounts {
                now: 5,
                at: 0,
                never: 0
            }
        );
        let not_cached: Vec<&FleetWarning> = fleet
            .warnings()
            .iter()
            .filter(|w| w.kind == WarningKind::NotCached)
            .collect();
        assert_eq!(not_cached.len(), 1);
        assert_eq!(not_cached[0].machines, 4);
        assert_eq!(not_cached[0].examples, ["m1", "m3", "m4"]);
        let text = fleet.to_string();
        assert!(
            text.contains(
                "  - 4 machines (m1, m3, m4, and 1 more): step `up` will upgrade from `B0000002`"
            ),
            "{text}"
        );
        assert!(
            text.contains("A0000001  os_upgrade  4/5 clients  100 MB each  400 MB in all  en"),
            "{text}"
        );
        let json: serde_json::Value = serde_json::from_str(&fleet.to_json()).unwrap();
        assert_eq!(json["packages"][2]["total_mb"], serde_json::Value::Null);
        assert_eq!(json["start"]["now"], 5);
    }
}
