//! The in-place upgrade template: what the console's "Upgrade an operating system from an upgrade
//! package" wizard produces, with the wizard's options.
//!
//! With only the upgrade package, [`UpgradeTemplate::sequence`] is the wizard's sequence group for
//! group and step for step: Prepare for Upgrade (Check Readiness for Upgrade and five empty
//! groups), Upgrade the Operating System (Upgrade Operating System, Restart Computer),
//! Post-Processing (on `_SMSTSSetupRollback = false`, four empty groups), Rollback (on
//! `_SMSTSSetupRollback = true`) and Run Actions on Failure (on
//! `_SMSTSOSUpgradeActionReturnCode ≠ 0`, two empty groups), with the names, descriptions,
//! conditions and step settings the wizard writes.
//!
//! The options:
//! - edition index (default 1), product key ([`ProductKey`]: five groups of five letters or digits,
//!   or none), ignore dismissible compatibility messages;
//! - software updates ([`Updates`]): an Install Updates step at the start of Post-Processing,
//!   target `Mandatory` or `All`, continue on error and two retries, as a wizard-made sequence
//!   has it;
//! - applications: an Install Applications step after it, listing them in order (fixed list),
//!   with continue on install error as asked, and each application referenced;
//! - the recommended additions: an "Upgrade Assessment" compatibility scan (scan only, continue
//!   on error) after Check Readiness, then `cmd /c exit %_SMSTSOSUpgradeActionReturnCode%` unless
//!   the scan returned `0xC1900210` (`3247440400`, no compatibility issue), so the sequence fails
//!   with Setup's code before anything changes; and Check Readiness requiring the free disk space
//!   Windows Setup needs: 20480 MB on x64, 16384 MB on x86 ([`UpgradeTemplate::architecture`]);
//! - a name and description: the sequence then comes in an `object.xml` (the
//!   `SMS_TaskSequencePackage` instance a console export holds), where ConfigMgr keeps them; a raw
//!   `<sequence>` has no place for them.
//!
//! ```
//! use tasksequence::template::{UpgradeTemplate, Updates};
//! let doc = UpgradeTemplate::new("OPC005ED")?
//!     .updates(Updates::Required)
//!     .application("ScopeId_1/Application_2")?
//!     .build();
//! let xml = doc.to_xml();
//! let again = tasksequence::xml::read(xml.as_bytes())?;
//! assert_eq!(again, doc);
//! let paths: Vec<String> = again.sequence.walk().into_iter().map(|v| v.path_text().to_string()).collect();
//! assert!(paths.contains(&"Post-Processing/Install Updates".to_string()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod container;
mod error;
mod options_json;
mod parts;
mod product_key;
mod wizard;

use serde::{Deserialize, Serialize};

pub use error::TemplateError;
pub use product_key::ProductKey;

use crate::locale::Architecture;
use crate::model::{Entry, Reference, ReferenceList, Sequence};
use crate::xml::{Container, Document};

/// The wizard's "Include updates" choice.
///
/// JSON: `"none"`, `"required"`, `"all"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Updates {
    /// Do not install software updates (the wizard's default).
    #[default]
    None,
    /// Required (mandatory) updates only.
    Required,
    /// All available updates.
    All,
}

/// The wizard's choices; [`UpgradeTemplate::build`] writes the sequence.
///
/// ```
/// use tasksequence::template::{ProductKey, UpgradeTemplate};
/// let t = UpgradeTemplate::new("OPC005ED")?
///     .edition_index(3)?
///     .product_key(ProductKey::parse("NPPR9-FWDCX-D2C8J-H872K-2YT43")?)
///     .ignore_compat_messages(true);
/// let seq = t.sequence();
/// let upgrade = seq.walk().into_iter()
///     .find(|v| v.path_text().to_string() == "Upgrade the Operating System/Upgrade Operating System").unwrap();
/// let tasksequence::model::Node::Step(step) = upgrade.node else { unreachable!() };
/// assert_eq!(step.variable("OSDUpgradeInstallEditionIndex"), Some("3"));
/// assert_eq!(step.variable("OSDUpgradeIgnoreMessages"), Some("true"));
/// assert!(UpgradeTemplate::new("opc005ed").is_err());
/// # Ok::<(), tasksequence::template::TemplateError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpgradeTemplate {
    package_id: String,
    name: Option<String>,
    description: Option<String>,
    edition_index: u32,
    product_key: Option<ProductKey>,
    ignore_compat_messages: bool,
    updates: Updates,
    applications: Vec<String>,
    continue_on_app_failure: bool,
    recommended: bool,
    architecture: Architecture,
}

impl UpgradeTemplate {
    /// The wizard's defaults for the OS upgrade package `package_id`.
    ///
    /// # Errors
    /// [`TemplateError::PackageId`] when the ID is not a ConfigMgr package ID (three letters or
    /// digits of site code, then five upper-case hexadecimal digits).
    pub fn new(package_id: &str) -> Result<Self, TemplateError> {
        crate::vars::validate_package_id(package_id).map_err(|e| TemplateError::PackageId {
            id: package_id.to_string(),
            problem: e.to_string(),
        })?;
        Ok(UpgradeTemplate {
            package_id: package_id.to_string(),
            name: None,
            description: None,
            edition_index: 1,
            product_key: None,
            ignore_compat_messages: false,
            updates: Updates::None,
            applications: Vec::new(),
            continue_on_app_failure: false,
            recommended: false,
            architecture: Architecture::X64,
        })
    }

    /// The task sequence's name (the sequence then comes in an `object.xml`).
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The task sequence's description (the sequence then comes in an `object.xml`).
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The edition to install, 1 for the first.
    ///
    /// # Errors
    /// [`TemplateError::EditionIndex`] for 0.
    pub fn edition_index(mut self, index: u32) -> Result<Self, TemplateError> {
        if index == 0 {
            return Err(TemplateError::EditionIndex { index });
        }
        self.edition_index = index;
        Ok(self)
    }

    /// The product key.
    #[must_use]
    pub fn product_key(mut self, key: ProductKey) -> Self {
        self.product_key = Some(key);
        self
    }

    /// "Ignore any dismissible compatibility messages".
    #[must_use]
    pub fn ignore_compat_messages(mut self, on: bool) -> Self {
        self.ignore_compat_messages = on;
        self
    }

    /// Which software updates to install after the upgrade.
    #[must_use]
    pub fn updates(mut self, updates: Updates) -> Self {
        self.updates = updates;
        self
    }

    /// One more application to install after the upgrade, by the name the step lists it by
    /// (its `ScopeId_…/Application_…` unique ID in a real site).
    ///
    /// # Errors
    /// [`TemplateError::Application`] for an empty name or one holding a comma.
    pub fn application(mut self, name: &str) -> Result<Self, TemplateError> {
        let problem = if name.trim().is_empty() {
            Some("the name is empty")
        } else if name.contains(',') {
            Some("the name holds a comma, which separates applications in the step")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(TemplateError::Application {
                name: name.to_string(),
                problem: problem.to_string(),
            });
        }
        self.applications.push(name.to_string());
        Ok(self)
    }

    /// Whether the Install Applications step goes on when an application fails.
    #[must_use]
    pub fn continue_on_app_failure(mut self, on: bool) -> Self {
        self.continue_on_app_failure = on;
        self
    }

    /// Whether to add the recommended compatibility scan and free disk space.
    #[must_use]
    pub fn recommended(mut self, on: bool) -> Self {
        self.recommended = on;
        self
    }

    /// The architecture the recommended free disk space is for (default x64).
    ///
    /// # Errors
    /// [`TemplateError::Architecture`] for anything but x86 and x64.
    pub fn architecture(mut self, architecture: Architecture) -> Result<Self, TemplateError> {
        if !matches!(architecture, Architecture::X86 | Architecture::X64) {
            return Err(TemplateError::Architecture {
                architecture: architecture.as_str().to_string(),
            });
        }
        self.architecture = architecture;
        Ok(self)
    }

    /// The sequence the wizard writes.
    pub fn sequence(&self) -> Sequence {
        let mut entries = vec![Entry::Known(Reference {
            package: Some(self.package_id.clone()),
            ..Reference::default()
        })];
        entries.extend(self.applications.iter().map(|app| {
            Entry::Known(Reference {
                application: Some(app.clone()),
                ..Reference::default()
            })
        }));
        Sequence {
            version: Some("3.10".into()),
            references: Some(ReferenceList {
                entries,
                extra_attributes: Vec::new(),
            }),
            children: vec![
                wizard::prepare(self),
                wizard::upgrade(self),
                wizard::post_processing(self),
                wizard::rollback(),
                wizard::on_failure(),
            ],
            ..Sequence::default()
        }
    }

    /// The document: a raw `<sequence>` as the wizard stores it, or, with a name or description,
    /// an `object.xml` carrying them.
    ///
    /// ```
    /// use tasksequence::template::UpgradeTemplate;
    /// let raw = UpgradeTemplate::new("PS100101")?.build().to_xml();
    /// assert!(raw.starts_with("<sequence version=\"3.10\">"));
    /// let named = UpgradeTemplate::new("PS100101")?.name("Windows 11 23H2").build();
    /// let again = tasksequence::xml::read(named.to_xml().as_bytes()).unwrap();
    /// assert_eq!(again.package.unwrap().name.as_deref(), Some("Windows 11 23H2"));
    /// # Ok::<(), tasksequence::template::TemplateError>(())
    /// ```
    pub fn build(&self) -> Document {
        let sequence = self.sequence();
        if self.name.is_none() && self.description.is_none() {
            return Document {
                container: Container::Sequence { declaration: None },
                prolog: Vec::new(),
                package: None,
                sequence,
                warnings: Vec::new(),
            };
        }
        container::package_object(self.name.as_deref(), self.description.as_deref(), sequence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Node;
    use crate::model::views::{InstallApplication, StepView};

    fn step<'a>(seq: &'a Sequence, path: &str) -> &'a crate::model::Step {
        let visit = seq
            .walk()
            .into_iter()
            .find(|v| v.path_text().to_string() == path)
            .unwrap_or_else(|| panic!("no {path}"));
        match visit.node {
            Node::Step(s) => s,
            _ => panic!("{path} is not a step"),
        }
    }

    #[test]
    fn defaults_are_the_wizards() {
        let seq = UpgradeTemplate::new("OPC005ED").unwrap().sequence();
        let top: Vec<&str> = seq.children.iter().map(Node::name).collect();
        assert_eq!(
            top,
            [
                "Prepare for Upgrade",
                "Upgrade the Operating System",
                "Post-Processing",
                "Rollback",
                "Run Actions on Failure"
            ]
        );
        let upgrade = step(
            &seq,
            "Upgrade the Operating System/Upgrade Operating System",
        );
        assert_eq!(
            upgrade.variable("OSDUpgradeInstallPackageID"),
            Some("OPC005ED")
        );
        assert_eq!(upgrade.variable("OSDUpgradeOsProductKey"), Some(""));
        assert_eq!(upgrade.variable("OSDUpgradeScanOnly"), Some("false"));
        let check = step(&seq, "Prepare for Upgrade/Check Readiness for Upgrade");
        assert_eq!(check.variable("OSDFreeDiskSpace"), Some("25600"));
        assert_eq!(
            seq.children[2].condition().unwrap().to_text(),
            "_SMSTSSetupRollback == \"false\""
        );
        assert_eq!(
            seq.children[4].condition().unwrap().to_text(),
            "_SMSTSOSUpgradeActionReturnCode != 0"
        );
    }

    #[test]
    fn updates_and_applications() {
        let seq = UpgradeTemplate::new("OPC005ED")
            .unwrap()
            .updates(Updates::All)
            .application("App A")
            .unwrap()
            .application("App B")
            .unwrap()
            .continue_on_app_failure(true)
            .sequence();
        let updates = step(&seq, "Post-Processing/Install Updates");
        assert_eq!(updates.variable("SMSInstallUpdateTarget"), Some("All"));
        let apps = step(&seq, "Post-Processing/Install Applications");
        assert_eq!(InstallApplication::fixed_names(apps), ["App A", "App B"]);
        let StepView::InstallApplication(view) = apps.view() else {
            panic!()
        };
        assert_eq!(view.continue_on_install_error.as_deref(), Some("true"));
        assert_eq!(view.app_count.as_deref(), Some("2"));
        assert_eq!(
            apps.action.as_deref(),
            Some("smsappinstall.exe /app:App A,App B /basevar: /continueOnError:True")
        );
        let post: Vec<&str> = seq.children[2].children().iter().map(Node::name).collect();
        assert_eq!(&post[..2], ["Install Updates", "Install Applications"]);
        let apps_referenced = seq
            .references
            .as_ref()
            .unwrap()
            .iter()
            .filter_map(|r| r.application.as_deref())
            .collect::<Vec<_>>();
        assert_eq!(apps_referenced, ["App A", "App B"]);
        let required = UpgradeTemplate::new("OPC005ED")
            .unwrap()
            .updates(Updates::Required)
            .sequence();
        assert_eq!(
            step(&required, "Post-Processing/Install Updates").variable("SMSInstallUpdateTarget"),
            Some("Mandatory")
        );
    }

    #[test]
    fn recommended_additions() {
        for (arch, disk, bits) in [
            (Architecture::X64, "20480", "64"),
            (Architecture::X86, "16384", "32"),
        ] {
            let seq = UpgradeTemplate::new("OPC005ED")
                .unwrap()
                .recommended(true)
                .architecture(arch)
                .unwrap()
                .sequence();
            let check = step(&seq, "Prepare for Upgrade/Check Readiness for Upgrade");
            assert_eq!(check.variable("OSDFreeDiskSpace"), Some(disk));
            assert_eq!(check.variable("OSDOSArchitecture"), Some(bits));
            let scan = step(&seq, "Prepare for Upgrade/Upgrade Assessment");
            assert_eq!(scan.variable("OSDUpgradeScanOnly"), Some("true"));
            assert!(scan.options.continues_on_error());
            let exit = step(&seq, "Prepare for Upgrade/Check Upgrade Assessment result");
            assert_eq!(
                exit.variable("CommandLine"),
                Some("cmd /c exit %_SMSTSOSUpgradeActionReturnCode%")
            );
            assert_eq!(
                exit.condition.as_ref().unwrap().to_text(),
                "_SMSTSOSUpgradeActionReturnCode != 3247440400"
            );
            let order: Vec<&str> = seq.children[0]
                .children()
                .iter()
                .take(3)
                .map(Node::name)
                .collect();
            assert_eq!(
                order,
                [
                    "Check Readiness for Upgrade",
                    "Upgrade Assessment",
                    "Check Upgrade Assessment result"
                ]
            );
        }
        assert!(
            UpgradeTemplate::new("OPC005ED")
                .unwrap()
                .architecture(Architecture::Arm64)
                .is_err()
        );
    }

    #[test]
    fn refused_options() {
        assert!(matches!(
            UpgradeTemplate::new("OPC05ED"),
            Err(TemplateError::PackageId { .. })
        ));
        assert!(matches!(
            UpgradeTemplate::new("OPC005EG"),
            Err(TemplateError::PackageId { .. })
        ));
        let t = UpgradeTemplate::new("OPC005ED").unwrap();
        assert_eq!(
            t.clone().edition_index(0).unwrap_err().to_string(),
            "edition index `0`: the first edition is 1"
        );
        assert!(t.clone().application("a,b").is_err());
        assert!(t.application(" ").is_err());
    }
}
