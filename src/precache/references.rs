//! Which packages a sequence references, and where.

use serde::Serialize;

use super::adapter::step_sites;
use super::catalog::PackageType;
use crate::model::Sequence;
use crate::model::views::StepView;
use crate::xml::Document;

/// Where a sequence names a package.
///
/// JSON: the snake_case variant name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A `<reference package="…"/>` of the `<referenceList>`.
    ReferenceList,
    /// Upgrade Operating System's upgrade package.
    UpgradeOperatingSystem,
    /// Upgrade Operating System's driver package.
    UpgradeDrivers,
    /// One of Download Package Content's packages.
    DownloadPackageContent,
    /// Apply Operating System Image's image.
    ApplyOperatingSystem,
    /// Apply Driver Package's package.
    ApplyDriverPackage,
    /// Install Package's package.
    InstallPackage,
    /// A package the child of Run Task Sequence references.
    RunTaskSequence,
    /// Run Command Line's package.
    RunCommandLine,
    /// Run PowerShell Script's package.
    RunPowerShellScript,
    /// The task sequence package's boot image (`object.xml`).
    BootImage,
}

impl Source {
    /// The package type this use implies, when it implies one.
    pub fn implied_type(self) -> Option<PackageType> {
        match self {
            Source::UpgradeOperatingSystem => Some(PackageType::OsUpgrade),
            Source::ApplyOperatingSystem => Some(PackageType::OsImage),
            Source::UpgradeDrivers | Source::ApplyDriverPackage => Some(PackageType::Driver),
            Source::InstallPackage | Source::RunCommandLine | Source::RunPowerShellScript => {
                Some(PackageType::Package)
            }
            Source::BootImage => Some(PackageType::BootImage),
            Source::ReferenceList | Source::DownloadPackageContent | Source::RunTaskSequence => {
                None
            }
        }
    }
}

/// One place a package is named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// How it is named.
    pub source: Source,
    /// The step's path, for mentions by a step.
    pub step: Option<String>,
}

/// A package the sequence references, with every place that names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Referenced {
    /// The package ID as first written.
    pub id: String,
    /// Where it is named, in document order (the reference list first).
    pub mentions: Vec<Mention>,
}

impl Referenced {
    /// The type every typed mention agrees on; `None` when none implies a type or they disagree.
    pub fn implied_type(&self) -> Option<PackageType> {
        let mut types = self.mentions.iter().filter_map(|m| m.source.implied_type());
        let first = types.next()?;
        types.all(|t| t == first).then_some(first)
    }
}

/// The packages `sequence` references: its `<referenceList>`, then every package a step names
/// (Upgrade Operating System's upgrade and driver packages, Download Package Content, Apply
/// Operating System Image, Apply Driver Package, Install Package, Run Command Line, Run
/// PowerShell Script, and the packages a Run Task Sequence child references), in first-seen
/// order, each once (IDs compare ignoring case).
///
/// Disabled steps count: their packages stay in the task sequence's references, and the client
/// downloads referenced content whether or not a step will run. Placeholders (empty,
/// `00000000`, values with `%` such as `%PackageID%`) are not packages. A Run Task Sequence step's
/// own package is policy, not content, so only what its child references is listed.
///
/// ```
/// use tasksequence::precache::{referenced_packages, Source};
/// let doc = tasksequence::xml::read(br#"<sequence version="3.10">
///   <referenceList><reference package="PS100101"/></referenceList>
///   <step type="SMS_TaskSequence_UpgradeOperatingSystemAction" name="Upgrade">
///     <defaultVarList><variable name="OSDUpgradeInstallPackageID" property="InstallPackageID">PS100101</variable>
///     <variable name="OSDUpgradeDriverPackageID" property="DriverPackageID">00000000</variable></defaultVarList>
///   </step>
/// </sequence>"#).unwrap();
/// let refs = referenced_packages(&doc.sequence);
/// assert_eq!(refs.len(), 1);
/// assert_eq!(refs[0].mentions[1].source, Source::UpgradeOperatingSystem);
/// assert_eq!(refs[0].mentions[1].step.as_deref(), Some("Upgrade"));
/// ```
pub fn referenced_packages(sequence: &Sequence) -> Vec<Referenced> {
    let mut out = Collected::default();
    for reference in sequence.references.iter().flat_map(|r| r.iter()) {
        if let Some(id) = &reference.package {
            out.add(id, Source::ReferenceList, None);
        }
    }
    for site in step_sites(sequence) {
        let path = Some(site.path.as_str());
        match StepView::of(site.step) {
            StepView::UpgradeOperatingSystem(v) => {
                out.add_opt(v.install_package_id, Source::UpgradeOperatingSystem, path);
                out.add_opt(v.driver_package_id, Source::UpgradeDrivers, path);
            }
            StepView::DownloadPackageContent(v) => {
                for id in v.package_ids() {
                    out.add(id, Source::DownloadPackageContent, path);
                }
            }
            StepView::ApplyOperatingSystem(v) => {
                out.add_opt(v.image_package_id, Source::ApplyOperatingSystem, path);
            }
            StepView::ApplyDriverPackage(v) => {
                out.add_opt(v.package_id, Source::ApplyDriverPackage, path);
            }
            StepView::InstallPackage(v) => out.add_opt(v.package_id, Source::InstallPackage, path),
            StepView::RunCommandLine(v) => out.add_opt(v.package_id, Source::RunCommandLine, path),
            StepView::RunPowerShellScript(v) => {
                out.add_opt(v.package_id, Source::RunPowerShellScript, path);
            }
            StepView::RunTaskSequence(v) => {
                for id in v
                    .reference_packages
                    .as_deref()
                    .unwrap_or_default()
                    .split(',')
                {
                    out.add(id, Source::RunTaskSequence, path);
                }
            }
            _ => {}
        }
    }
    out.0
}

/// [`referenced_packages`] of the document's sequence, plus the boot image an `object.xml`
/// names.
///
/// ```
/// use tasksequence::precache::{document_packages, Source};
/// let doc = tasksequence::template::UpgradeTemplate::new("PS100101")?.name("IPU").build();
/// let refs = document_packages(&doc);
/// assert_eq!(refs.len(), 1, "a template names no boot image");
/// assert_eq!(refs[0].mentions[0].source, Source::ReferenceList);
/// # Ok::<(), tasksequence::template::TemplateError>(())
/// ```
pub fn document_packages(document: &Document) -> Vec<Referenced> {
    let mut out = Collected(referenced_packages(&document.sequence));
    if let Some(boot) = document
        .package
        .as_ref()
        .and_then(|p| p.boot_image_id.as_deref())
    {
        out.add(boot, Source::BootImage, None);
    }
    out.0
}

#[derive(Default)]
struct Collected(Vec<Referenced>);

impl Collected {
    fn add_opt(&mut self, id: Option<String>, source: Source, step: Option<&str>) {
        if let Some(id) = id {
            self.add(&id, source, step);
        }
    }

    fn add(&mut self, id: &str, source: Source, step: Option<&str>) {
        let id = id.trim();
        if id.is_empty() || id.contains('%') || id.bytes().all(|b| b == b'0') {
            return;
        }
        let mention = Mention {
            source,
            step: step.map(str::to_string),
        };
        match self.0.iter_mut().find(|r| r.id.eq_ignore_ascii_case(id)) {
            Some(existing) => existing.mentions.push(mention),
            None => self.0.push(Referenced {
                id: id.to_string(),
                mentions: vec![mention],
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_kind_names_its_package() {
        let xml = br#"<sequence version="3.10">
  <referenceList><reference package="R0000001"/><reference application="ScopeId_X/Application_Y"/></referenceList>
  <group name="G">
    <step type="SMS_TaskSequence_UpgradeOperatingSystemAction" name="up"><defaultVarList>
      <variable name="OSDUpgradeInstallPackageID" property="InstallPackageID">U0000001</variable>
      <variable name="OSDUpgradeDriverPackageID" property="DriverPackageID">D0000001</variable></defaultVarList></step>
    <step type="SMS_TaskSequence_DownloadPackageContentAction" name="dl"><defaultVarList>
      <variable name="OSDDownloadDownloadPackages" property="DownloadPackages">U0000001, D0000002,,%X%</variable></defaultVarList></step>
    <step type="SMS_TaskSequence_ApplyOperatingSystemAction" name="img"><defaultVarList>
      <variable name="ImagePackageID" property="ImagePackageID">I0000001</variable></defaultVarList></step>
    <step type="SMS_TaskSequence_ApplyDriverPackageAction" name="drv" disable="true"><defaultVarList>
      <variable name="OSDApplyDriverDriverPackageID" property="DriverPackageID">d0000002</variable></defaultVarList></step>
    <step type="SMS_TaskSequence_InstallSoftwareAction" name="pkg"><defaultVarList>
      <variable name="PackageID" property="PackageID">P0000001</variable></defaultVarList></step>
    <step type="SMS_TaskSequence_RunCommandLineAction" name="cmd"><defaultVarList>
      <variable name="PackageID" property="PackageID">P0000002</variable></defaultVarList></step>
    <step type="SMS_TaskSequence_RunPowerShellScriptAction" name="ps"><defaultVarList>
      <variable name="OSDRunPowerShellScriptPackageID" property="PackageID">P0000003</variable></defaultVarList></step>
    <subtasksequence type="SMS_TaskSequence_SubTasksequence" name="child"><defaultVarList>
      <variable name="OSDSubTasksequencePackageID" property="TsPackageID">T0000001</variable>
      <variable name="OSDSubTasksequenceTsReferencePackages" property="TsReferencePackages">C0000001,C0000002</variable></defaultVarList></subtasksequence>
  </group>
</sequence>"#;
        let doc = crate::xml::read(xml).unwrap();
        let refs = referenced_packages(&doc.sequence);
        let ids: Vec<&str> = refs.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "R0000001", "U0000001", "D0000001", "D0000002", "I0000001", "P0000001", "P0000002",
                "P0000003", "C0000001", "C0000002"
            ]
        );
        let up = &refs[1];
        assert_eq!(up.mentions.len(), 2);
        assert_eq!(up.implied_type(), Some(PackageType::OsUpgrade));
        let d2 = &refs[3];
        assert_eq!(
            d2.mentions
                .iter()
                .map(|m| (m.source, m.step.as_deref()))
                .collect::<Vec<_>>(),
            [
                (Source::DownloadPackageContent, Some("G/dl")),
                (Source::ApplyDriverPackage, Some("G/drv"))
            ]
        );
        assert_eq!(d2.implied_type(), Some(PackageType::Driver));
        assert_eq!(refs[0].implied_type(), None);
        assert_eq!(refs[8].mentions[0].source, Source::RunTaskSequence);
    }

    #[test]
    fn disagreeing_mentions_imply_no_type() {
        let r = Referenced {
            id: "X".into(),
            mentions: vec![
                Mention {
                    source: Source::ApplyDriverPackage,
                    step: None,
                },
                Mention {
                    source: Source::InstallPackage,
                    step: None,
                },
            ],
        };
        assert_eq!(r.implied_type(), None);
    }

    #[test]
    fn object_xml_adds_its_boot_image() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/package-object.xml"
        ))
        .unwrap();
        let doc = crate::xml::read(&bytes).unwrap();
        let refs = document_packages(&doc);
        let last = refs.last().unwrap();
        assert_eq!(last.id, "TST00002");
        assert_eq!(last.implied_type(), Some(PackageType::BootImage));
    }
}
