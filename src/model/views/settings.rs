//! The step types whose settings are plain variables, declared as tables: field, variable name, WMI
//! property. One macro turns each table into a struct with `read` and `write`.

use serde::{Deserialize, Serialize};

use super::{flag, set_variable};
use crate::model::Step;

macro_rules! settings {
    ($(#[$doc:meta])* $name:ident { $( $(#[$fdoc:meta])* $field:ident : $var:literal / $prop:literal ),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $name {
            $( $(#[$fdoc])* #[doc = concat!("\n\nVariable `", $var, "` (property `", $prop, "`), as written; `None` when the step does not carry it.")]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub $field: Option<String>, )*
        }

        impl $name {
            /// The variables this view reads and writes, in order.
            ///
            /// Writing the empty view removes exactly these from a step and leaves the others:
            ///
            /// ```
            #[doc = concat!("use tasksequence::model::{Step, VarList, views::", stringify!($name), "};")]
            ///
            /// let mut variables = VarList::default();
            #[doc = concat!("for name in ", stringify!($name), "::VARIABLES {")]
            ///     variables.set(name, "1");
            /// }
            /// variables.set("Unrelated", "kept");
            /// let mut step = Step { variables: Some(variables), ..Step::default() };
            #[doc = concat!(stringify!($name), "::default().write(&mut step);")]
            /// let left: Vec<&str> = step.variables.iter().flat_map(|list| list.iter()).map(|v| v.name.as_str()).collect();
            /// assert_eq!(left, ["Unrelated"]);
            /// ```
            pub const VARIABLES: &'static [&'static str] = &[$($var),*];

            /// Reads the view from a step's variables (names compare case-insensitively).
            ///
            /// ```
            #[doc = concat!("use tasksequence::model::{Step, VarList, views::", stringify!($name), "};")]
            ///
            /// let mut variables = VarList::default();
            #[doc = concat!("for name in ", stringify!($name), "::VARIABLES {")]
            ///     variables.set(&name.to_ascii_lowercase(), "1");
            /// }
            #[doc = concat!("let view = ", stringify!($name), "::read(&Step { variables: Some(variables), ..Step::default() });")]
            /// // Every field was found: the view's JSON holds one "1" per variable.
            /// let json = serde_json::to_value(&view)?;
            /// let found = json.as_object().map(|fields| fields.values().filter(|v| *v == "1").count());
            #[doc = concat!("assert_eq!(found, Some(", stringify!($name), "::VARIABLES.len()));")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::read(&Step::default()), ", stringify!($name), "::default());")]
            /// # Ok::<(), serde_json::Error>(())
            /// ```
            pub fn read(step: &Step) -> Self {
                Self { $( $field: step.variable($var).map(str::to_string), )* }
            }

            /// Writes the view back: `Some` sets (or adds) the variable, `None` removes it.
            ///
            /// ```
            #[doc = concat!("use tasksequence::model::{Step, VarList, views::", stringify!($name), "};")]
            ///
            /// let mut variables = VarList::default();
            #[doc = concat!("for name in ", stringify!($name), "::VARIABLES {")]
            ///     variables.set(name, "1");
            /// }
            #[doc = concat!("let view = ", stringify!($name), "::read(&Step { variables: Some(variables), ..Step::default() });")]
            /// let mut step = Step::default();
            /// view.write(&mut step);
            #[doc = concat!("assert_eq!(", stringify!($name), "::read(&step), view);")]
            /// // A variable the view adds carries the WMI property it maps to.
            /// let properties: Vec<Option<&str>> = step.variables.iter().flat_map(|list| list.iter()).map(|v| v.property.as_deref()).collect();
            #[doc = concat!("assert_eq!(properties, [", $( "Some(\"", $prop, "\"), ", )* "]);")]
            /// ```
            pub fn write(&self, step: &mut Step) {
                $( set_variable(step, $var, $prop, self.$field.as_deref()); )*
            }
        }
    };
}

settings! {
    /// Run Command Line (and MDT's untyped command-line steps, which keep the command in `<action>`).
    ///
    /// ```
    /// use tasksequence::model::{views::StepView, Node};
    ///
    /// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_RunCommandLineAction" name="Run"><action>smsswd.exe /run:CM100001 setup.cmd</action><defaultVarList><variable name="CommandLine" property="CommandLine">setup.cmd</variable><variable name="PackageID" property="PackageID">CM100001</variable></defaultVarList></step></sequence>"#)?;
    /// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
    /// let StepView::RunCommandLine(view) = step.view() else { panic!("not Run Command Line") };
    /// assert_eq!(view.command_line.as_deref(), Some("setup.cmd"));
    /// assert_eq!(view.package_id.as_deref(), Some("CM100001"));
    /// assert_eq!(view.working_directory, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    RunCommandLine {
        /// The command line.
        command_line: "CommandLine" / "CommandLine",
        /// The package the command runs from.
        package_id: "PackageID" / "PackageID",
        /// Start in.
        working_directory: "WorkingDirectory" / "WorkingDirectory",
        /// Disable 64-bit file system redirection.
        disable_wow64_redirection: "SMSTSDisableWow64Redirection" / "DisableWow64Redirection",
        /// Run as another account.
        run_as_user: "_SMSTSRunCommandLineAsUser" / "RunAsUser",
        /// The account.
        user_name: "SMSTSRunCommandLineUserName" / "UserName",
        /// The account's password (a secret).
        user_password: "SMSTSRunCommandLineUserPassword" / "UserPassword",
        /// Success codes, as the hidden copy of `successCodeList`.
        success_codes: "SuccessCodes" / "SuccessCodes",
        /// Output to this task sequence variable.
        output_variable: "SMSTSRunCommandLineOutputVariableName" / "OutputVariableName",
    }
}

impl RunCommandLine {
    /// Whether 64-bit redirection is disabled.
    ///
    /// ```
    /// use tasksequence::model::views::RunCommandLine;
    ///
    /// let view = RunCommandLine { disable_wow64_redirection: Some("True".into()), ..RunCommandLine::default() };
    /// assert!(view.wow64_redirection_disabled());
    /// assert!(!RunCommandLine::default().wow64_redirection_disabled());
    /// ```
    pub fn wow64_redirection_disabled(&self) -> bool {
        flag(self.disable_wow64_redirection.as_deref()) == Some(true)
    }
}

settings! {
    /// Run PowerShell Script.
    ///
    /// ```
    /// use tasksequence::model::{views::StepView, Node};
    ///
    /// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_RunPowerShellScriptAction" name="PS"><defaultVarList><variable name="OSDRunPowerShellScriptExecutionPolicy" property="ExecutionPolicy">Bypass</variable><variable name="OSDRunPowerShellScriptSourceScript" property="SourceScript">exit 0</variable></defaultVarList></step></sequence>"#)?;
    /// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
    /// let StepView::RunPowerShellScript(view) = step.view() else { panic!("not Run PowerShell Script") };
    /// assert_eq!(view.execution_policy.as_deref(), Some("Bypass"));
    /// assert_eq!(view.source_script.as_deref(), Some("exit 0"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    RunPowerShellScript {
        /// Execution policy (`AllSigned`, `Bypass`, `Undefined`…).
        execution_policy: "OSDRunPowerShellScriptExecutionPolicy" / "ExecutionPolicy",
        /// Script parameters.
        parameters: "OSDRunPowerShellScriptParameters" / "Parameters",
        /// Output to this task sequence variable.
        output_variable: "OSDRunPowerShellScriptOutputVariableName" / "OutputVariableName",
        /// The script entered inline.
        source_script: "OSDRunPowerShellScriptSourceScript" / "SourceScript",
        /// The package holding the script.
        package_id: "OSDRunPowerShellScriptPackageID" / "PackageID",
        /// The script's file name in the package.
        script_name: "OSDRunPowerShellScriptScriptName" / "ScriptName",
        /// Success codes.
        success_codes: "OSDRunPowerShellScriptSuccessCodes" / "SuccessCodes",
        /// Run as another account.
        run_as_user: "_SMSTSRunPowerShellAsUser" / "RunAsUser",
        /// The account.
        user_name: "SMSTSRunPowerShellUserName" / "UserName",
        /// The account's password (a secret).
        user_password: "SMSTSRunPowerShellUserPassword" / "UserPassword",
        /// Start in.
        working_directory: "SMSTSRunPowerShellWorkingDirectory" / "WorkingDirectory",
    }
}

settings! {
    /// Set Task Sequence Variable. ConfigMgr writes `tsenv.exe "Name=Value"` as the action and MDT
    /// runs `ZTISetVariable.wsf`; both keep the name and value in these variables.
    ///
    /// ```
    /// use tasksequence::model::{views::StepView, Node};
    ///
    /// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_SetVariableAction" name="Set"><action>tsenv.exe "OSDComputerName=%SerialNumber%"</action><defaultVarList><variable name="VariableName" property="VariableName">OSDComputerName</variable><variable name="VariableValue" property="VariableValue">%SerialNumber%</variable></defaultVarList></step></sequence>"#)?;
    /// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
    /// let StepView::SetVariable(view) = step.view() else { panic!("not Set Task Sequence Variable") };
    /// assert_eq!(view.name.as_deref(), Some("OSDComputerName"));
    /// assert_eq!(view.value.as_deref(), Some("%SerialNumber%"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    SetVariable {
        /// The variable to set.
        name: "VariableName" / "VariableName",
        /// Its new value (may reference `%OTHER%`).
        value: "VariableValue" / "VariableValue",
        /// "Do not display this value".
        do_not_show: "DoNotShowVariableValue" / "DoNotShowVariableValue",
    }
}

impl SetVariable {
    /// Whether the value is a secret: "do not display" is on, either as the variable or as the
    /// `/hiddenflag:True` of the `tsenv.exe` command line.
    ///
    /// ```
    /// use tasksequence::model::{views::SetVariable, Step};
    ///
    /// let step = Step { action: Some(r#"tsenv.exe "Key=abc" /hiddenflag:True"#.into()), ..Step::default() };
    /// assert!(SetVariable::read(&step).is_secret(&step));
    /// let shown = SetVariable { do_not_show: Some("false".into()), ..SetVariable::default() };
    /// assert!(!shown.is_secret(&Step::default()));
    /// ```
    pub fn is_secret(&self, step: &Step) -> bool {
        flag(self.do_not_show.as_deref()) == Some(true)
            || step
                .action
                .as_deref()
                .is_some_and(|a| a.to_ascii_lowercase().contains("/hiddenflag:true"))
    }
}

settings! {
    /// Upgrade Operating System.
    ///
    /// ```
    /// use tasksequence::model::{views::StepView, Node};
    ///
    /// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_UpgradeOperatingSystemAction" name="Upgrade"><defaultVarList><variable name="OSDUpgradeInstallPackageID" property="InstallPackageID">CM100002</variable><variable name="OSDUpgradeScanOnly" property="ScanOnly">true</variable></defaultVarList></step></sequence>"#)?;
    /// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
    /// let StepView::UpgradeOperatingSystem(view) = step.view() else { panic!("not Upgrade Operating System") };
    /// assert_eq!(view.install_package_id.as_deref(), Some("CM100002"));
    /// assert!(view.is_scan_only());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    UpgradeOperatingSystem {
        /// Upgrade package.
        install_package_id: "OSDUpgradeInstallPackageID" / "InstallPackageID",
        /// Source path (alternative to the package; often `%DPC01%`).
        install_path: "OSDUpgradeInstallPath" / "InstallPath",
        /// Edition index (default 1).
        edition_index: "OSDUpgradeInstallEditionIndex" / "InstallEditionIndex",
        /// Product key (a secret).
        product_key: "OSDUpgradeOsProductKey" / "OsProductKey",
        /// Compatibility scan only.
        scan_only: "OSDUpgradeScanOnly" / "ScanOnly",
        /// Ignore dismissible compatibility messages.
        ignore_messages: "OSDUpgradeIgnoreMessages" / "IgnoreMessages",
        /// Dynamic update setting.
        dynamic_update: "OSDUpgradeDynamicUpdateSettings" / "DynamicUpdateSettings",
        /// What to keep (`Upgrade`).
        preserve_settings: "OSDUpgradePreserveSettings" / "PreserveSettings",
        /// Staged driver content.
        staged_content: "OSDUpgradeStagedContent" / "StagedContent",
        /// Driver package.
        driver_package_id: "OSDUpgradeDriverPackageID" / "DriverPackageID",
        /// Feature update name (2103+).
        feature_update_name: "OSDUpgradeFeatureUpdateName" / "FeatureUpdateName",
        /// Feature update assignment (2103+).
        feature_update_assignment_id: "OSDFeatureUpdateAssignmentID" / "FeatureUpdateAssignmentId",
        /// Setup time-out in minutes.
        setup_timeout: "OSDUpgradeSetupTimeout" / "SetupTimeout",
    }
}

impl UpgradeOperatingSystem {
    /// Whether this is a compatibility scan only.
    ///
    /// ```
    /// use tasksequence::model::views::UpgradeOperatingSystem;
    ///
    /// let scan = UpgradeOperatingSystem { scan_only: Some("TRUE".into()), ..UpgradeOperatingSystem::default() };
    /// assert!(scan.is_scan_only());
    /// assert!(!UpgradeOperatingSystem::default().is_scan_only());
    /// ```
    pub fn is_scan_only(&self) -> bool {
        flag(self.scan_only.as_deref()) == Some(true)
    }
}

settings! {
    /// Download Package Content.
    ///
    /// ```
    /// use tasksequence::model::{views::StepView, Node};
    ///
    /// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_DownloadPackageContentAction" name="Drivers"><defaultVarList><variable name="OSDDownloadDownloadPackages" property="DownloadPackages">CM100003,CM100004</variable><variable name="OSDDownloadDestinationLocationType" property="DestinationLocationType">TSCache</variable></defaultVarList></step></sequence>"#)?;
    /// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
    /// let StepView::DownloadPackageContent(view) = step.view() else { panic!("not Download Package Content") };
    /// assert_eq!(view.destination_type.as_deref(), Some("TSCache"));
    /// assert_eq!(view.package_ids(), ["CM100003", "CM100004"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    DownloadPackageContent {
        /// The packages, comma-separated, in order.
        packages: "OSDDownloadDownloadPackages" / "DownloadPackages",
        /// `TSCache`, `CCMCache` or `Custom`.
        destination_type: "OSDDownloadDestinationLocationType" / "DestinationLocationType",
        /// The custom path (the engine appends the package ID).
        destination_path: "OSDDownloadDestinationPath" / "DestinationCustomPath",
        /// The base name of the numbered path variables (`base01`, `base02`…).
        destination_variable: "OSDDownloadDestinationVariable" / "DestinationVariable",
        /// Continue with the other packages when one fails (default true).
        continue_on_error: "OSDDownloadContinueDownloadOnError" / "ContinueDownloadOnError",
    }
}

impl DownloadPackageContent {
    /// The package IDs in order (blank entries dropped).
    ///
    /// ```
    /// use tasksequence::model::views::DownloadPackageContent;
    ///
    /// let view = DownloadPackageContent { packages: Some(" CM100003, ,CM100004 ".into()), ..DownloadPackageContent::default() };
    /// assert_eq!(view.package_ids(), ["CM100003", "CM100004"]);
    /// assert!(DownloadPackageContent::default().package_ids().is_empty());
    /// ```
    pub fn package_ids(&self) -> Vec<&str> {
        self.packages
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    }

    /// Whether failures of single packages are tolerated (default true when unset).
    ///
    /// ```
    /// use tasksequence::model::views::DownloadPackageContent;
    ///
    /// assert!(DownloadPackageContent::default().continues_on_error());
    /// let strict = DownloadPackageContent { continue_on_error: Some("false".into()), ..DownloadPackageContent::default() };
    /// assert!(!strict.continues_on_error());
    /// ```
    pub fn continues_on_error(&self) -> bool {
        flag(self.continue_on_error.as_deref()).unwrap_or(true)
    }
}

settings! {
    /// Install Application: a fixed list (`OSDApp<N>Name`, N from 0) or a base variable whose
    /// numbered values (`Base01`…) name the applications.
    ///
    /// ```
    /// use tasksequence::model::{views::StepView, Node};
    ///
    /// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_InstallApplicationAction" name="Apps"><defaultVarList><variable name="OSDAppCount" property="NumApps">1</variable><variable name="OSDApp0Name" property="AppName">Contoso Agent</variable></defaultVarList></step></sequence>"#)?;
    /// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
    /// let StepView::InstallApplication(view) = step.view() else { panic!("not Install Application") };
    /// assert_eq!(view.app_count.as_deref(), Some("1"));
    /// assert_eq!(view.base_variable, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    InstallApplication {
        /// How many applications the fixed list holds.
        app_count: "OSDAppCount" / "NumApps",
        /// The base variable of the dynamic form.
        base_variable: "BaseVariableName" / "BaseVariableName",
        /// Continue when an application fails.
        continue_on_install_error: "ContinueOnInstallError" / "ContinueOnInstallError",
        /// Retries.
        retry_count: "RetryCount" / "RetryCount",
        /// Clear the content from the cache after installing.
        clear_cache: "OSDAppClearCache" / "ClearCache",
    }
}

impl InstallApplication {
    /// The fixed list's application names (`OSDApp0Name`, `OSDApp1Name`… up to the first missing).
    ///
    /// ```
    /// use tasksequence::model::{views::InstallApplication, Step, VarList};
    ///
    /// let mut variables = VarList::default();
    /// variables.set("OSDApp0Name", "Contoso Agent");
    /// variables.set("OSDApp1Name", "Fabrikam Tools");
    /// variables.set("OSDApp3Name", "after a gap: not listed");
    /// let step = Step { variables: Some(variables), ..Step::default() };
    /// assert_eq!(InstallApplication::fixed_names(&step), ["Contoso Agent", "Fabrikam Tools"]);
    /// ```
    pub fn fixed_names(step: &Step) -> Vec<String> {
        (0..)
            .map_while(|i| step.variable(&format!("OSDApp{i}Name")).map(str::to_string))
            .collect()
    }
}

settings! {
    /// Install Package: one package and program, or a base variable whose numbered values
    /// (`Base001`…) are `PKGID:Program`.
    ///
    /// ```
    /// use tasksequence::model::{views::StepView, Node};
    ///
    /// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_InstallSoftwareAction" name="Package"><defaultVarList><variable name="PackageID" property="PackageID">CM100005</variable><variable name="_SMSSWDProgramName" property="ProgramName">Install</variable></defaultVarList></step></sequence>"#)?;
    /// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
    /// let StepView::InstallPackage(view) = step.view() else { panic!("not Install Package") };
    /// assert_eq!(view.package_id.as_deref(), Some("CM100005"));
    /// assert_eq!(view.program_name.as_deref(), Some("Install"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    InstallPackage {
        /// The package.
        package_id: "PackageID" / "PackageID",
        /// The program.
        program_name: "_SMSSWDProgramName" / "ProgramName",
        /// The base variable of the dynamic form.
        base_variable: "BaseVariableName" / "BaseVariableName",
        /// Continue when a package fails.
        continue_on_install_error: "ContinueOnInstallError" / "ContinueOnInstallError",
    }
}

settings! {
    /// Install Software Updates.
    ///
    /// ```
    /// use tasksequence::model::{views::StepView, Node};
    ///
    /// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_InstallUpdateAction" name="Updates"><defaultVarList><variable name="SMSInstallUpdateTarget" property="Target">All</variable></defaultVarList></step></sequence>"#)?;
    /// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
    /// let StepView::InstallSoftwareUpdates(view) = step.view() else { panic!("not Install Software Updates") };
    /// assert_eq!(view.target.as_deref(), Some("All"));
    /// assert_eq!(view.use_scan_cache, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    InstallSoftwareUpdates {
        /// `All` or `Mandatory`.
        target: "SMSInstallUpdateTarget" / "Target",
        /// Use cached scan results.
        use_scan_cache: "SMSTSSoftwareUpdateScanUseCache" / "UseCache",
        /// Retries after an unexpected restart.
        retry_count: "RetryCount" / "RetryCount",
    }
}

settings! {
    /// Check Readiness: which checks are on and their values.
    ///
    /// ```
    /// use tasksequence::model::{views::StepView, Node};
    ///
    /// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_PrestartCheckAction" name="Check"><defaultVarList><variable name="OSDCheckMemory" property="CheckMemory">true</variable><variable name="OSDMemory" property="Memory">2000</variable></defaultVarList></step></sequence>"#)?;
    /// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
    /// let StepView::CheckReadiness(view) = step.view() else { panic!("not Check Readiness") };
    /// assert_eq!((view.check_memory.as_deref(), view.memory.as_deref()), (Some("true"), Some("2000")));
    /// assert_eq!(view.check_uefi, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    CheckReadiness {
        /// Check memory.
        check_memory: "OSDCheckMemory" / "CheckMemory",
        /// Minimum memory (MB).
        memory: "OSDMemory" / "Memory",
        /// Check processor speed.
        check_processor_speed: "OSDCheckProcessorSpeed" / "CheckProcessorSpeed",
        /// Minimum speed (MHz).
        processor_speed: "OSDProcessorSpeed" / "ProcessorSpeed",
        /// Check free disk space.
        check_free_disk_space: "OSDCheckFreeDiskSpace" / "CheckFreeDiskSpace",
        /// Minimum free space (MB).
        free_disk_space: "OSDFreeDiskSpace" / "FreeDiskSpace",
        /// Check the OS type.
        check_os_type: "OSDCheckOSType" / "CheckOSType",
        /// `CLIENT` or `SERVER`.
        os_type: "OSDOSType" / "OSType",
        /// Check the OS architecture.
        check_os_architecture: "OSDCheckOSArchitecture" / "CheckOSArchitecture",
        /// `32` or `64`.
        os_architecture: "OSDOSArchitecture" / "OSArchitecture",
        /// Check the minimum OS version.
        check_min_os_version: "OSDCheckMinOSVersion" / "CheckMinOSVersion",
        /// Minimum OS version.
        min_os_version: "OSDMinOSVersion" / "MinOSVersion",
        /// Check the maximum OS version.
        check_max_os_version: "OSDCheckMaxOsVersion" / "CheckMaxOSVersion",
        /// Maximum OS version.
        max_os_version: "OSDMaxOSVersion" / "MaxOSVersion",
        /// Check the client version.
        check_client_min_version: "OSDCheckCMClientMinVersion" / "CheckCMClientMinVersion",
        /// Minimum client version.
        client_min_version: "OSDCMClientMinVersion" / "CMClientMinVersion",
        /// Check the OS language.
        check_os_language: "OSDCheckOSLanguageID" / "CheckOSLanguageID",
        /// The LCID, decimal.
        os_language: "OSDOSLanguageID" / "OSLanguageID",
        /// Check AC power.
        check_power_state: "OSDCheckPowerState" / "CheckPowerState",
        /// Check a connected network adapter.
        check_network_connected: "OSDCheckNetworkConnected" / "CheckNetworkConnected",
        /// Check the adapter is wired.
        check_network_wired: "OSDCheckNetworkWired" / "CheckNetworkWired",
        /// Check UEFI mode.
        check_uefi: "OSDCheckDeviceUEFI" / "CheckDeviceUEFI",
        /// Check TPM 2.0 enabled.
        check_tpm_enabled: "OSDCheckTpmEnabled" / "CheckTpmEnabled",
        /// Check TPM 2.0 activated.
        check_tpm_activated: "OSDCheckTpmActivated" / "CheckTpmActivated",
    }
}

settings! {
    /// Restart Computer.
    ///
    /// ```
    /// use tasksequence::model::{views::StepView, Node};
    ///
    /// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_RebootAction" name="Restart"><defaultVarList><variable name="SMSRebootMessage" property="Message">Restarting</variable><variable name="SMSRebootTarget" property="Target">HD</variable></defaultVarList></step></sequence>"#)?;
    /// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
    /// let StepView::RestartComputer(view) = step.view() else { panic!("not Restart Computer") };
    /// assert_eq!(view.target.as_deref(), Some("HD"));
    /// assert_eq!(view.timeout, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    RestartComputer {
        /// `HD` (the installed OS) or `WinPE` (the boot image).
        target: "SMSRebootTarget" / "Target",
        /// The message shown.
        message: "SMSRebootMessage" / "Message",
        /// How long the message shows, in seconds.
        timeout: "SMSRebootTimeout" / "MessageTimeout",
    }
}

settings! {
    /// Run Task Sequence.
    ///
    /// ```
    /// use tasksequence::model::{views::StepView, Node};
    ///
    /// let doc = tasksequence::xml::read(br#"<sequence><subtasksequence type="SMS_TaskSequence_SubTasksequence" name="Child"><defaultVarList><variable name="OSDSubTasksequencePackageID" property="TsPackageID">CM100006</variable></defaultVarList></subtasksequence></sequence>"#)?;
    /// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
    /// let StepView::RunTaskSequence(view) = step.view() else { panic!("not Run Task Sequence") };
    /// assert_eq!(view.package_id.as_deref(), Some("CM100006"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    RunTaskSequence {
        /// The child sequence's package.
        package_id: "OSDSubTasksequencePackageID" / "TsPackageID",
        /// `"PKGID, name"` as the console writes it.
        name: "OSDSubTasksequenceTsName" / "TsName",
        /// Applications the child references.
        reference_applications: "OSDSubTasksequenceTsReferenceApplications" / "TsReferenceApplications",
        /// Packages the child references.
        reference_packages: "OSDSubTasksequenceTsReferencePackages" / "TsReferencePackages",
    }
}

settings! {
    /// Apply Operating System Image.
    ///
    /// ```
    /// use tasksequence::model::{views::StepView, Node};
    ///
    /// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_ApplyOperatingSystemAction" name="Apply"><defaultVarList><variable name="ImagePackageID" property="ImagePackageID">CM100007</variable><variable name="OSDImageIndex" property="ImageIndex">3</variable></defaultVarList></step></sequence>"#)?;
    /// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
    /// let StepView::ApplyOperatingSystem(view) = step.view() else { panic!("not Apply Operating System Image") };
    /// assert_eq!((view.image_package_id.as_deref(), view.image_index.as_deref()), (Some("CM100007"), Some("3")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ApplyOperatingSystem {
        /// The image package.
        image_package_id: "ImagePackageID" / "ImagePackageID",
        /// The image index.
        image_index: "OSDImageIndex" / "ImageIndex",
        /// The variable holding the destination drive.
        destination_variable: "DestinationVariable" / "DestinationVariable",
        /// Run from the network.
        run_from_net: "RunFromNet" / "RunFromNet",
    }
}

settings! {
    /// Apply Driver Package.
    ///
    /// ```
    /// use tasksequence::model::{views::StepView, Node};
    ///
    /// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_ApplyDriverPackageAction" name="Drivers"><defaultVarList><variable name="OSDApplyDriverDriverPackageID" property="DriverPackageID">CM100008</variable></defaultVarList></step></sequence>"#)?;
    /// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
    /// let StepView::ApplyDriverPackage(view) = step.view() else { panic!("not Apply Driver Package") };
    /// assert_eq!(view.package_id.as_deref(), Some("CM100008"));
    /// assert_eq!(view.allow_unsigned, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ApplyDriverPackage {
        /// The driver package.
        package_id: "OSDApplyDriverDriverPackageID" / "DriverPackageID",
        /// Allow unsigned drivers.
        allow_unsigned: "OSDAllowUnsignedDriver" / "UnsignedDriver",
        /// Additional DISM options.
        additional_options: "OSDInstallDriversAdditionalOptions" / "AdditionalOptions",
    }
}

settings! {
    /// Format and Partition Disk. The partitions are the zero-based array `OSDPartitions<N>…`.
    ///
    /// ```
    /// use tasksequence::model::{views::StepView, Node};
    ///
    /// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_PartitionDiskAction" name="Disk"><defaultVarList><variable name="OSDDiskIndex" property="DiskIndex">0</variable><variable name="OSDPartitionStyle" property="PartitionStyle">GPT</variable></defaultVarList></step></sequence>"#)?;
    /// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
    /// let StepView::PartitionDisk(view) = step.view() else { panic!("not Format and Partition Disk") };
    /// assert_eq!((view.disk_index.as_deref(), view.partition_style.as_deref()), (Some("0"), Some("GPT")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    PartitionDisk {
        /// The disk number.
        disk_index: "OSDDiskIndex" / "DiskIndex",
        /// `GPT` or `MBR`.
        partition_style: "OSDPartitionStyle" / "PartitionStyle",
        /// How many partitions.
        partition_count: "OSDPartitions" / "Partitions",
        /// Whether the disk is a GPT boot disk.
        gpt_boot_disk: "OSDGPTBootDisk" / "GPTBootDisk",
    }
}

impl PartitionDisk {
    /// One partition's settings (`Type`, `FileSystem`, `Size`, `SizeUnits`, `VolumeName`,
    /// `VolumeLetterVariable`…), by zero-based index, as name/value pairs without the prefix.
    ///
    /// ```
    /// use tasksequence::model::{views::PartitionDisk, Step, VarList};
    ///
    /// let mut variables = VarList::default();
    /// variables.set("OSDPartitions1Type", "Primary");
    /// variables.set("OSDPartitions1Size", "100");
    /// variables.set("OSDPartitions10Size", "1");
    /// let step = Step { variables: Some(variables), ..Step::default() };
    /// assert_eq!(PartitionDisk::partition(&step, 1), [("Type".to_string(), "Primary".to_string()), ("Size".to_string(), "100".to_string())]);
    /// assert!(PartitionDisk::partition(&step, 2).is_empty());
    /// ```
    pub fn partition(step: &Step, index: usize) -> Vec<(String, String)> {
        let prefix = format!("OSDPartitions{index}");
        step.variables
            .iter()
            .flat_map(|l| l.iter())
            .filter_map(|v| {
                let rest = v.name.strip_prefix(&prefix)?;
                // `OSDPartitions1Size` belongs to partition 1, not to partition 10's prefix.
                (!rest.starts_with(|c: char| c.is_ascii_digit()))
                    .then(|| (rest.to_string(), v.value.clone()))
            })
            .collect()
    }
}
