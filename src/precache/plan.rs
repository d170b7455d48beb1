//! The plan: what one client downloads before the user starts the task sequence, and why.

use serde::{Deserialize, Serialize};

use super::adapter::{KnownVariables, step_sites};
use super::catalog::{Catalog, CatalogPackage};
use super::deployment::{PlanOptions, SiteVersion, Start, When};
use super::entry::PlanEntry;
use super::facts::MachineFacts;
use super::references::{Referenced, document_packages, referenced_packages};
use super::select::{self, Decision};
use super::usage::Usage;
use super::warnings::{Content, PlanWarning, WarningKind, beyond_the_console, is_os_upgrade};
use crate::condition::Variables;
use crate::machine::{Host, MachineProfile};
use crate::model::views::StepView;
use crate::model::{Sequence, VarList};
use crate::xml::Document;

/// What one client pre-caches.
///
/// JSON (stable): `{"download": [entry…], "skip": [entry…], "start": {"when", "time", "reason"},
/// "total_mb": 4512, "warnings": [warning…]}` (see [`PlanEntry`], [`Start`], [`PlanWarning`]).
/// `download` and `total_mb` are what the client selects; `start` says whether and when it
/// downloads them. `total_mb` adds the catalog sizes of the downloaded packages; a package without
/// a size counts 0. The text form ([`fmt::Display`]) says the same for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Downloaded, in reference order.
    pub download: Vec<PlanEntry>,
    /// Not downloaded, in reference order.
    pub skip: Vec<PlanEntry>,
    /// When the download starts.
    pub start: Start,
    /// Megabytes downloaded.
    pub total_mb: u64,
    /// What the console would not tell.
    pub warnings: Vec<PlanWarning>,
    /// The client facts the attributes were compared with (not part of the JSON).
    #[serde(skip)]
    pub machine: MachineFacts,
    /// The site version the rules followed (not part of the JSON).
    #[serde(skip)]
    pub site_version: Option<SiteVersion>,
}

impl Plan {
    /// The plan as JSON, in the shape documented on [`Plan`].
    ///
    /// ```
    /// use tasksequence::precache::{plan, Catalog, PlanOptions};
    /// let doc = tasksequence::xml::read(br#"<sequence version="3.10"><referenceList><reference package="PS100301"/></referenceList></sequence>"#)?;
    /// let machine = tasksequence::machine::MachineProfile::from_json("{}")?;
    /// let p = plan(&doc.sequence, &Catalog::default(), &machine, &PlanOptions::default());
    /// assert!(p.downloads("ps100301"));
    /// let json: serde_json::Value = serde_json::from_str(&p.to_json())?;
    /// assert_eq!(json["download"][0]["reason"], "not in the catalog: downloaded unfiltered, as a package without attributes matches any client");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Whether package `id` is downloaded.
    pub fn downloads(&self, id: &str) -> bool {
        self.download.iter().any(|e| e.id.eq_ignore_ascii_case(id))
    }
}

/// A sequence and a catalog prepared for planning many machines: references collected and the
/// conditions of the steps that use OS upgrade content compiled once.
///
/// ```
/// use tasksequence::machine::MachineProfile;
/// use tasksequence::precache::{Catalog, PlanOptions, Planner, When};
/// let doc = tasksequence::xml::read(br#"<sequence version="3.10">
///   <referenceList><reference package="PS100101"/><reference package="PS100102"/></referenceList>
///   <step type="SMS_TaskSequence_UpgradeOperatingSystemAction" name="Upgrade">
///     <defaultVarList><variable name="OSDUpgradeInstallPackageID" property="InstallPackageID">PS100102</variable></defaultVarList>
///   </step>
/// </sequence>"#)?;
/// let catalog = Catalog::from_json(r#"[
///   {"id":"PS100101","name":"Win11 x64 en-US","type":"os_upgrade","architecture":"x64","language":"en-US","size_mb":4600},
///   {"id":"PS100102","name":"Win11 x64 de-DE","type":"os_upgrade","architecture":"x64","language":"de-DE","size_mb":4700}
/// ]"#)?;
/// let machine = MachineProfile::from_json(r#"{"wmi":{"root\\cimv2":{
///   "Win32_OperatingSystem":[{"OSArchitecture":"64-bit","OSLanguage":1033}],
///   "Win32_ComputerSystemProduct":[{"Name":"Latitude 7490"}]}}}"#)?;
/// let planner = Planner::new(&doc.sequence, &catalog, PlanOptions::default());
/// let plan = planner.plan_for(&machine);
/// assert_eq!(plan.download[0].id, "PS100101");
/// assert_eq!(plan.skip[0].reason, "language 1031 (de-DE) ≠ client 1033 (en-US)");
/// assert_eq!((plan.start.when, plan.total_mb), (When::Now, 4600));
/// // The only upgrade step uses the package the client does not pre-cache.
/// assert_eq!(plan.warnings[0].step.as_deref(), Some("Upgrade"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Planner<'a> {
    catalog: &'a Catalog,
    options: PlanOptions,
    referenced: Vec<Referenced>,
    /// Each reference's catalog entry, looked up once.
    entries: Vec<Option<&'a CatalogPackage>>,
    usages: Vec<Usage>,
    globals: Option<&'a VarList>,
    sequence_warnings: Vec<PlanWarning>,
}

impl<'a> Planner<'a> {
    /// Prepares `sequence` and `catalog`.
    pub fn new(sequence: &'a Sequence, catalog: &'a Catalog, options: PlanOptions) -> Self {
        Planner::with_references(sequence, referenced_packages(sequence), catalog, options)
    }

    /// Prepares a document's sequence, including the boot image an `object.xml` names.
    pub fn for_document(
        document: &'a Document,
        catalog: &'a Catalog,
        options: PlanOptions,
    ) -> Self {
        Planner::with_references(
            &document.sequence,
            document_packages(document),
            catalog,
            options,
        )
    }

    fn with_references(
        sequence: &'a Sequence,
        referenced: Vec<Referenced>,
        catalog: &'a Catalog,
        options: PlanOptions,
    ) -> Self {
        let sites = step_sites(sequence);
        // Only OS upgrade content is checked beyond the console; steps that use none of it are
        // dropped here so that no machine pays for their conditions.
        let usages = sites
            .iter()
            .filter_map(Usage::of)
            .filter_map(|mut usage| {
                usage
                    .packages
                    .retain(|id| is_os_upgrade(catalog, &referenced, id));
                (!usage.packages.is_empty()).then_some(usage)
            })
            .collect();
        let sequence_warnings = sites
            .iter()
            .filter_map(|site| match StepView::of(site.step) {
                StepView::UpgradeOperatingSystem(v) => v
                    .feature_update_name
                    .filter(|n| !n.trim().is_empty())
                    .map(|name| PlanWarning {
                        kind: WarningKind::FeatureUpdate,
                        package: None,
                        step: Some(site.path.clone()),
                        message: format!(
                            "step `{}` installs the feature update `{name}`: pre-download does not apply to feature updates",
                            site.path
                        ),
                    }),
                _ => None,
            })
            .collect();
        let entries = referenced.iter().map(|r| catalog.get(&r.id)).collect();
        Planner {
            catalog,
            options,
            entries,
            referenced,
            usages,
            globals: sequence.globals.as_ref(),
            sequence_warnings,
        }
    }

    /// The packages the sequence references, in the order plans list them.
    pub fn referenced(&self) -> &[Referenced] {
        &self.referenced
    }

    /// The plan for a machine described by a profile (its WMI and its variables).
    pub fn plan_for(&self, machine: &MachineProfile) -> Plan {
        self.plan(machine, &machine.variables())
    }

    /// The plan for a machine answering through `host`, whose task sequence variables (before
    /// the run) are `variables`: any [`Host`] (a C caller's callbacks, a live WMI bridge), not
    /// only a profile.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use tasksequence::machine::MachineProfile;
    /// use tasksequence::precache::{Catalog, PlanOptions, Planner};
    /// let doc = tasksequence::xml::read(br#"<sequence version="3.10">
    ///   <step type="SMS_TaskSequence_UpgradeOperatingSystemAction" name="Upgrade">
    ///     <condition><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Operator">equals</variable><variable name="Value">pilot</variable><variable name="Variable">Ring</variable></expression></condition>
    ///     <defaultVarList><variable name="OSDUpgradeInstallPackageID" property="InstallPackageID">PS100102</variable></defaultVarList>
    ///   </step></sequence>"#)?;
    /// let catalog = Catalog::from_json(r#"[{"id":"PS100102","name":"de-DE","type":"os_upgrade","language":1031}]"#)?;
    /// let host = MachineProfile::from_json(r#"{"wmi":{"root\\cimv2":{"Win32_OperatingSystem":[{"OSArchitecture":"64-bit","OSLanguage":1033}],"Win32_ComputerSystemProduct":[{"Name":"x"}]}}}"#)?;
    /// let planner = Planner::new(&doc.sequence, &catalog, PlanOptions::default());
    /// let pilot = HashMap::from([("Ring".to_string(), "pilot".to_string())]);
    /// assert_eq!(planner.plan(&host, &pilot).warnings.len(), 1, "the step runs and its package is not cached");
    /// let other = HashMap::from([("Ring".to_string(), "broad".to_string())]);
    /// assert!(planner.plan(&host, &other).warnings.is_empty(), "the step does not run here");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn plan(&self, host: &dyn Host, variables: &dyn Variables) -> Plan {
        let facts = MachineFacts::from_host(host);
        let site = self.options.site_version;
        let mut download = Vec::new();
        let mut skip = Vec::new();
        for (referenced, in_catalog) in self.referenced.iter().zip(&self.entries) {
            let (entry, decision) = match in_catalog {
                Some(package) => {
                    let decision = select::decide(package, &facts, site);
                    (
                        PlanEntry {
                            id: package.id.clone(),
                            name: Some(package.name.clone()),
                            kind: Some(package.kind),
                            reason: String::new(),
                            size_mb: package.size_mb,
                        },
                        decision,
                    )
                }
                None => (
                    PlanEntry {
                        id: referenced.id.clone(),
                        name: None,
                        kind: referenced.implied_type(),
                        reason: String::new(),
                        size_mb: None,
                    },
                    select::not_in_catalog(),
                ),
            };
            let Decision {
                download: wanted,
                reason,
            } = decision;
            let entry = PlanEntry { reason, ..entry };
            if wanted {
                download.push(entry);
            } else {
                skip.push(entry);
            }
        }
        let total_mb = download.iter().filter_map(|e| e.size_mb).sum();
        let start = self.start(download.len());
        let known = KnownVariables {
            machine: variables,
            globals: self.globals,
        };
        let mut warnings: Vec<PlanWarning> = facts
            .problems
            .iter()
            .map(|p| PlanWarning {
                kind: WarningKind::MachineFact,
                package: None,
                step: None,
                message: p.clone(),
            })
            .collect();
        warnings.extend(self.sequence_warnings.iter().cloned());
        beyond_the_console(
            &Content {
                usages: &self.usages,
                catalog: self.catalog,
                referenced: &self.referenced,
            },
            &download,
            &skip,
            &known,
            host,
            &mut warnings,
        );
        Plan {
            download,
            skip,
            start,
            total_mb,
            warnings,
            machine: facts,
            site_version: site,
        }
    }

    fn start(&self, count: usize) -> Start {
        if let Some(site) = self.options.site_version
            && site < SiteVersion::FIRST_PRECACHE
        {
            return Start::never(format!(
                "pre-caching needs ConfigMgr 1702 or later: this site is {site}"
            ));
        }
        match &self.options.deployment {
            Some(deployment) => deployment.start(count),
            None if count == 0 => Start::never("no package to download"),
            None => Start {
                when: When::Now,
                time: None,
                reason:
                    "no deployment given: assumed available, with pre-download on, available now"
                        .into(),
            },
        }
    }
}

/// The plan for one machine profile; see [`Planner`] to plan many machines.
///
/// ```
/// use tasksequence::machine::MachineProfile;
/// use tasksequence::precache::{plan, Catalog, PlanOptions};
/// let doc = tasksequence::xml::read(br#"<sequence version="3.10"><referenceList><reference package="PS100201"/></referenceList></sequence>"#)?;
/// let catalog = Catalog::from_json(r#"[{"id":"PS100201","name":"OptiPlex drivers","type":"driver","model":"OptiPlex 9020"}]"#)?;
/// let machine = MachineProfile::from_json(r#"{"wmi":{"root\\cimv2":{"Win32_ComputerSystemProduct":[{"Name":"Latitude 7490"}]}}}"#)?;
/// let p = plan(&doc.sequence, &catalog, &machine, &PlanOptions::default());
/// assert_eq!(p.skip[0].reason, r#"model "OptiPlex 9020" not in "Latitude 7490""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plan(
    sequence: &Sequence,
    catalog: &Catalog,
    machine: &MachineProfile,
    options: &PlanOptions,
) -> Plan {
    Planner::new(sequence, catalog, options.clone()).plan_for(machine)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::precache::Deployment;

    const CATALOG: &str = r#"[
      {"id":"U0000001","name":"en-US x64","type":"os_upgrade","architecture":"x64","language":"en-US","size_mb":4600},
      {"id":"U0000002","name":"de-DE x64","type":"os_upgrade","architecture":"x64","language":"de-DE","size_mb":4700},
      {"id":"U0000003","name":"any","type":"os_upgrade","size_mb":4500}
    ]"#;

    fn machine(lcid: u32) -> MachineProfile {
        MachineProfile::from_json(&format!(
            r#"{{"variables":{{"Ring":"pilot"}},"wmi":{{"root\\cimv2":{{"Win32_OperatingSystem":[{{"OSArchitecture":"64-bit","OSLanguage":{lcid}}}],"Win32_ComputerSystemProduct":[{{"Name":"Latitude 7490"}}]}}}}}}"#
        ))
        .unwrap()
    }

    fn upgrade_step(name: &str, package: &str, condition: &str, extra: &str) -> String {
        format!(
            r#"<step type="SMS_TaskSequence_UpgradeOperatingSystemAction" name="{name}" {extra}>{condition}<defaultVarList><variable name="OSDUpgradeInstallPackageID" property="InstallPackageID">{package}</variable></defaultVarList></step>"#
        )
    }

    fn wmi_language(lcid: u32) -> String {
        format!(
            r#"<condition><expression type="SMS_TaskSequence_WMIConditionExpression"><variable name="Namespace">root\cimv2</variable><variable name="Query">SELECT * FROM Win32_OperatingSystem WHERE OSLanguage = {lcid}</variable></expression></condition>"#
        )
    }

    fn variable(name: &str, value: &str) -> String {
        format!(
            r#"<condition><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Operator">equals</variable><variable name="Value">{value}</variable><variable name="Variable">{name}</variable></expression></condition>"#
        )
    }

    fn plan_of(body: &str, machine: &MachineProfile, options: PlanOptions) -> Plan {
        let xml = format!(r#"<sequence version="3.10">{body}</sequence>"#);
        let doc = crate::xml::read(xml.as_bytes()).unwrap();
        let catalog = Catalog::from_json(CATALOG).unwrap();
        Planner::new(&doc.sequence, &catalog, options).plan_for(machine)
    }

    fn kinds(plan: &Plan) -> Vec<(WarningKind, Option<&str>, Option<&str>)> {
        plan.warnings
            .iter()
            .map(|w| (w.kind, w.package.as_deref(), w.step.as_deref()))
            .collect()
    }

    #[test]
    fn a_matching_step_for_the_cached_package_is_quiet() {
        let body = upgrade_step("en", "U0000001", &wmi_language(1033), "")
            + &upgrade_step("de", "U0000002", &wmi_language(1031), "");
        let plan = plan_of(&body, &machine(1033), PlanOptions::default());
        assert_eq!(
            plan.download
                .iter()
                .map(|e| e.id.as_str())
                .collect::<Vec<_>>(),
            ["U0000001"]
        );
        assert_eq!(plan.total_mb, 4600);
        assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    }

    #[test]
    fn a_running_step_whose_package_is_not_cached() {
        // The step's condition says German, the client is English: the condition is false, the
        // English package is cached, and no step uses it.
        let body = upgrade_step("up", "U0000002", &variable("Ring", "pilot"), "")
            + r#"<referenceList><reference package="U0000001"/></referenceList>"#;
        let plan = plan_of(&body, &machine(1033), PlanOptions::default());
        assert_eq!(
            kinds(&plan),
            [
                (WarningKind::NotCached, Some("U0000002"), Some("up")),
                (WarningKind::CachedUnused, Some("U0000001"), None),
            ]
        );
        assert_eq!(
            plan.warnings[0].message,
            "step `up` will upgrade from `U0000002` (de-DE x64), which the client does not pre-cache (language 1031 (de-DE) ≠ client 1033 (en-US)): it is downloaded while the user waits; the client pre-caches `U0000001` instead"
        );
        assert_eq!(
            plan.warnings[1].message,
            "OS upgrade package `U0000001` is pre-cached, but no step uses it"
        );
    }

    #[test]
    fn steps_that_do_not_run() {
        let body = format!(
            r#"<group name="G" disable="true">{}</group>{}{}"#,
            upgrade_step("off by group", "U0000002", "", ""),
            upgrade_step("off", "U0000002", "", r#"disable="true""#),
            upgrade_step("not here", "U0000001", &wmi_language(1031), "")
        );
        let plan = plan_of(&body, &machine(1033), PlanOptions::default());
        assert_eq!(
            kinds(&plan),
            [(WarningKind::CachedUnused, Some("U0000001"), None)]
        );
        assert_eq!(
            plan.warnings[0].message,
            "OS upgrade package `U0000001` is pre-cached, but no step that uses it runs on this machine: `not here` (the condition of `not here` is false: wmi(\"SELECT * FROM Win32_OperatingSystem WHERE OSLanguage = 1031\"))"
        );
    }

    #[test]
    fn run_time_variables_leave_a_step_undecided_not_skipped() {
        let body = format!(
            r#"<group name="Upgrade">{}{}</group>"#,
            variable("_SMSTSOSUpgradeActionReturnCode", "3247440400"),
            upgrade_step("up", "U0000002", "", "")
        );
        let plan = plan_of(&body, &machine(1033), PlanOptions::default());
        assert_eq!(
            kinds(&plan),
            [(WarningKind::NotCached, Some("U0000002"), Some("Upgrade/up"))]
        );
        assert!(
            plan.warnings[0].message.starts_with(
                "step `Upgrade/up` may upgrade from `U0000002` (de-DE x64) (its conditions depend on `_SMSTSOSUpgradeActionReturnCode`, set during the run)"
            ),
            "{}",
            plan.warnings[0].message
        );
    }

    #[test]
    fn unanswerable_conditions_and_other_warnings() {
        let broken = r#"<condition><expression type="SMS_TaskSequence_WMIConditionExpression"><variable name="Query">SELECT * FROM Win32_Battery</variable></expression></condition>"#;
        let body = upgrade_step("odd", "U0000001", broken, "")
            + r#"<referenceList><reference package="U0000003"/></referenceList>"#
            + r#"<step type="SMS_TaskSequence_UpgradeOperatingSystemAction" name="fu"><defaultVarList><variable name="OSDUpgradeFeatureUpdateName" property="FeatureUpdateName">Windows 11, version 23H2</variable></defaultVarList></step>"#;
        let plan = plan_of(&body, &machine(1033), PlanOptions::default());
        assert_eq!(
            kinds(&plan),
            [
                (WarningKind::FeatureUpdate, None, Some("fu")),
                (WarningKind::Undecided, Some("U0000001"), Some("odd")),
                (WarningKind::CachedUnused, Some("U0000003"), None),
                (WarningKind::SeveralUpgrades, None, None),
            ]
        );
        assert!(
            plan.warnings[1].message.contains("Win32_Battery"),
            "{}",
            plan.warnings[1].message
        );
        assert_eq!(
            plan.warnings[3].message,
            "the client pre-caches 2 OS upgrade packages: `U0000003`, `U0000001`"
        );
        let bare = MachineProfile::from_json("{}").unwrap();
        let plan = plan_of(
            &upgrade_step("up", "U0000001", "", ""),
            &bare,
            PlanOptions::default(),
        );
        assert_eq!(
            plan.warnings
                .iter()
                .filter(|w| w.kind == WarningKind::MachineFact)
                .count(),
            2
        );
        assert!(plan.download.is_empty());
        assert_eq!(plan.start.when, When::Never);
    }

    #[test]
    fn start_follows_site_and_deployment() {
        let body = upgrade_step("up", "U0000001", "", "");
        let m = machine(1033);
        let default = plan_of(&body, &m, PlanOptions::default());
        assert_eq!(default.start.when, When::Now);
        assert_eq!(
            default.start.reason,
            "no deployment given: assumed available, with pre-download on, available now"
        );
        let old = PlanOptions {
            site_version: Some(SiteVersion::new(1610).unwrap()),
            deployment: Some(Deployment::available()),
        };
        let p = plan_of(&body, &m, old);
        assert_eq!(p.start.when, When::Never);
        assert_eq!(
            p.start.reason,
            "pre-caching needs ConfigMgr 1702 or later: this site is 1610"
        );
        let required = PlanOptions {
            site_version: None,
            deployment: Some(
                Deployment::from_json(r#"{"purpose":"required","pre_download":true}"#).unwrap(),
            ),
        };
        let p = plan_of(&body, &m, required);
        assert_eq!(
            p.start.reason,
            "available deployments only: this one is required"
        );
        assert_eq!(
            p.download.len(),
            1,
            "the selection is listed whatever the start"
        );
    }

    #[test]
    fn json_has_exactly_the_documented_fields() {
        let plan = plan_of(
            &upgrade_step("up", "U0000001", "", ""),
            &machine(1031),
            PlanOptions::default(),
        );
        let v: serde_json::Value = serde_json::from_str(&plan.to_json()).unwrap();
        let keys = |v: &serde_json::Value| {
            let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        assert_eq!(
            keys(&v),
            ["download", "skip", "start", "total_mb", "warnings"]
        );
        assert_eq!(keys(&v["skip"][0]), ["id", "name", "reason", "type"]);
        assert_eq!(keys(&v["start"]), ["reason", "time", "when"]);
        assert_eq!(
            keys(&v["warnings"][0]),
            ["kind", "message", "package", "step"]
        );
        assert_eq!(v["skip"][0]["type"], "os_upgrade");
        assert_eq!(v["start"]["when"], "never");
        assert_eq!(v["warnings"][0]["kind"], "not_cached");
        let back: Plan = serde_json::from_str(&plan.to_json()).unwrap();
        assert_eq!(back.skip[0].reason, plan.skip[0].reason);
        assert_eq!(back.skip[0].size_mb, None, "sizes are not part of the JSON");
    }
}
