//! The names the task sequence editor shows for step types (`Run Command Line` for
//! `SMS_TaskSequence_RunCommandLineAction`), ConfigMgr's and MDT's: one table, read by every
//! output that names a step's type for people.

use super::{Node, Step, StepElement};

/// Step type (the `type` attribute) → the name the editor's Add menu gives it. ConfigMgr's from
/// its step catalogue, MDT's from the Deployment Workbench.
const CONSOLE_NAMES: &[(&str, &str)] = &[
    ("SMS_TaskSequence_RunCommandLineAction", "Run Command Line"),
    (
        "SMS_TaskSequence_RunPowerShellScriptAction",
        "Run PowerShell Script",
    ),
    ("SMS_TaskSequence_SubTasksequence", "Run Task Sequence"),
    (
        "SMS_TaskSequence_SetDynamicVariablesAction",
        "Set Dynamic Variables",
    ),
    (
        "SMS_TaskSequence_JoinDomainWorkgroupAction",
        "Join Domain or Workgroup",
    ),
    (
        "SMS_TaskSequence_ConnectNetworkFolderAction",
        "Connect To Network Folder",
    ),
    ("SMS_TaskSequence_RebootAction", "Restart Computer"),
    (
        "SMS_TaskSequence_SetVariableAction",
        "Set Task Sequence Variable",
    ),
    ("SMS_TaskSequence_PrestartCheckAction", "Check Readiness"),
    (
        "SMS_TaskSequence_InstallApplicationAction",
        "Install Application",
    ),
    ("SMS_TaskSequence_InstallSoftwareAction", "Install Package"),
    (
        "SMS_TaskSequence_InstallUpdateAction",
        "Install Software Updates",
    ),
    (
        "SMS_TaskSequence_DownloadPackageContentAction",
        "Download Package Content",
    ),
    (
        "SMS_TaskSequence_PartitionDiskAction",
        "Format and Partition Disk",
    ),
    (
        "SMS_TaskSequence_ConvertDiskAction",
        "Convert Disk to Dynamic",
    ),
    ("SMS_TaskSequence_EnableBitLockerAction", "Enable BitLocker"),
    (
        "SMS_TaskSequence_DisableBitLockerAction",
        "Disable BitLocker",
    ),
    (
        "SMS_TaskSequence_OfflineEnableBitLockerAction",
        "Pre-provision BitLocker",
    ),
    (
        "SMS_TaskSequence_RequestStateStoreAction",
        "Request State Store",
    ),
    (
        "SMS_TaskSequence_CaptureUserStateAction",
        "Capture User State",
    ),
    (
        "SMS_TaskSequence_RestoreUserStateAction",
        "Restore User State",
    ),
    (
        "SMS_TaskSequence_ReleaseStateStoreAction",
        "Release State Store",
    ),
    (
        "SMS_TaskSequence_ApplyOperatingSystemAction",
        "Apply Operating System Image",
    ),
    ("SMS_TaskSequence_ApplyDataImageAction", "Apply Data Image"),
    (
        "SMS_TaskSequence_SetupWindowsAndSMSAction",
        "Setup Windows and ConfigMgr",
    ),
    (
        "SMS_TaskSequence_UpgradeOperatingSystemAction",
        "Upgrade Operating System",
    ),
    (
        "SMS_TaskSequence_InstallDeployToolsAction",
        "Install Deployment Tools",
    ),
    (
        "SMS_TaskSequence_PrepareSMSClientAction",
        "Prepare ConfigMgr Client for Capture",
    ),
    (
        "SMS_TaskSequence_PrepareOSAction",
        "Prepare Windows for Capture",
    ),
    (
        "SMS_TaskSequence_CaptureSystemImageAction",
        "Capture Operating System Image",
    ),
    ("SMS_TaskSequence_AutoApplyAction", "Auto Apply Drivers"),
    (
        "SMS_TaskSequence_ApplyDriverPackageAction",
        "Apply Driver Package",
    ),
    (
        "SMS_TaskSequence_CaptureNetworkSettingsAction",
        "Capture Network Settings",
    ),
    (
        "SMS_TaskSequence_CaptureWindowsSettingsAction",
        "Capture Windows Settings",
    ),
    (
        "SMS_TaskSequence_ApplyNetworkSettingsAction",
        "Apply Network Settings",
    ),
    (
        "SMS_TaskSequence_ApplyWindowsSettingsAction",
        "Apply Windows Settings",
    ),
    ("BDD_Gather", "Gather"),
    ("BDD_Validate", "Validate"),
    ("BDD_InstallOS", "Install Operating System"),
    ("BDD_InstallApplication", "Install Application"),
    ("BDD_InjectDrivers", "Inject Drivers"),
    ("BDD_InstallUpdatesOffline", "Install Updates Offline"),
    ("BDD_InstallRoles", "Install Roles and Features"),
    ("BDD_UninstallRoles", "Uninstall Roles and Features"),
    ("BDD_RunPowerShellAction", "Run PowerShell Script"),
    ("BDD_RecoverDomainJoin", "Recover From Domain"),
    ("BDD_UsePackage", "Use Toolkit Package"),
    (
        "BDD_InstallLanguagePacksOnline",
        "Install Language Packs Online",
    ),
    (
        "BDD_InstallLanguagePacksOffline",
        "Install Language Packs Offline",
    ),
    ("BDD_ExecuteRunbook", "Execute Runbook"),
    ("BDD_ConfigureADDS", "Configure ADDS"),
    ("BDD_ConfigureDHCP", "Configure DHCP"),
    ("BDD_ConfigureDNS", "Configure DNS"),
    ("BDD_AuthorizeDHCP", "Authorize DHCP"),
];

/// The editor's name for the step type `type_name` (ASCII case ignored), `None` for a type it
/// does not list.
///
/// ```
/// use tasksequence::model::console_name;
///
/// assert_eq!(console_name("SMS_TaskSequence_RunCommandLineAction"), Some("Run Command Line"));
/// assert_eq!(console_name("sms_tasksequence_upgradeoperatingsystemaction"), Some("Upgrade Operating System"));
/// assert_eq!(console_name("BDD_Gather"), Some("Gather"));
/// assert_eq!(console_name("Contoso_CustomAction"), None);
/// ```
pub fn console_name(type_name: &str) -> Option<&'static str> {
    CONSOLE_NAMES
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(type_name.trim()))
        .map(|(_, name)| *name)
}

impl Step {
    /// The type as the editor names it: [`console_name`] of the `type`, `Run Command Line` for
    /// MDT's untyped steps, `Run Task Sequence` for a `<subtasksequence>`, else the `type` as
    /// written.
    ///
    /// ```
    /// use tasksequence::model::{Step, StepElement};
    ///
    /// let typed = Step { type_name: Some("SMS_TaskSequence_PrestartCheckAction".into()), ..Step::default() };
    /// assert_eq!(typed.type_display(), "Check Readiness");
    /// assert_eq!(Step::default().type_display(), "Run Command Line");
    /// let child = Step { element: StepElement::SubTaskSequence, ..Step::default() };
    /// assert_eq!(child.type_display(), "Run Task Sequence");
    /// let other = Step { type_name: Some("Contoso_CustomAction".into()), ..Step::default() };
    /// assert_eq!(other.type_display(), "Contoso_CustomAction");
    /// ```
    pub fn type_display(&self) -> &str {
        match self.type_name.as_deref() {
            Some(t) if !t.trim().is_empty() => console_name(t).unwrap_or(t),
            _ if self.element == StepElement::SubTaskSequence => "Run Task Sequence",
            _ => "Run Command Line",
        }
    }
}

impl Node {
    /// The type as the editor names it: `Group` for a group, [`Step::type_display`] for a
    /// step, empty for kept raw content.
    ///
    /// ```
    /// let doc = tasksequence::xml::read(br#"<sequence><group name="G"><step name="S" type="SMS_TaskSequence_RebootAction"/></group></sequence>"#)?;
    /// let names: Vec<&str> = doc.sequence.walk().iter().map(|v| v.node.type_display()).collect();
    /// assert_eq!(names, ["Group", "Restart Computer"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn type_display(&self) -> &str {
        match self {
            Node::Group(_) => "Group",
            Node::Step(step) => step.type_display(),
            Node::Raw { .. } => "",
        }
    }
}
