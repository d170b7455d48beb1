//! The step types whose settings are plain variables, declared as tables: field, variable name, WMI
//! property. One macro turns each table into a struct with `read` and `write`.

use serde::{Deserialize, Serialize};

use super::{flag, set_variable};
use crate::model::Step;

macro_rules! settings {
    ($(#[$doc:meta])* $name:ident { $( $(#[$fdoc:meta])* $field:ident : $var:literal / $prop:literal ),* $(,)? }) => {
        $(#[$doc])*
        ///
        /// Every field is the variable's text as written; `None` when the step does not carry it.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $name {
            $( $(#[$fdoc])* #[doc = concat!("\n\nVariable `", $var, "` (property `", $prop, "`).")]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub $field: Option<String>, )*
        }

        impl $name {
            /// The variables this view reads and writes, in order.
            pub const VARIABLES: &'static [&'static str] = &[$($var),*];

            /// Reads the view from a step's variables (names compare case-insensitively).
            pub fn read(step: &Step) -> Self {
                Self { $( $field: step.variable($var).map(str::to_string), )* }
            }

            /// Writes the view back: `Some` sets (or adds) the variable, `None` removes it.
            pub fn write(&self, step: &mut Step) {
                $( set_variable(step, $var, $prop, self.$field.as_deref()); )*
            }
        }
    };
}

settings! {
    /// Run Command Line (and MDT's untyped command-line steps, which keep the command in `<action>`).
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
    pub fn wow64_redirection_disabled(&self) -> bool {
        flag(self.disable_wow64_redirection.as_deref()) == Some(true)
    }
}

settings! {
    /// Run PowerShell Script.
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
    pub fn is_scan_only(&self) -> bool {
        flag(self.scan_only.as_deref()) == Some(true)
    }
}

settings! {
    /// Download Package Content.
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
    pub fn continues_on_error(&self) -> bool {
        flag(self.continue_on_error.as_deref()).unwrap_or(true)
    }
}

settings! {
    /// Install Application: a fixed list (`OSDApp<N>Name`, N from 0) or a base variable whose
    /// numbered values (`Base01`…) name the applications.
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
    pub fn fixed_names(step: &Step) -> Vec<String> {
        (0..)
            .map_while(|i| step.variable(&format!("OSDApp{i}Name")).map(str::to_string))
            .collect()
    }
}

settings! {
    /// Install Package: one package and program, or a base variable whose numbered values
    /// (`Base001`…) are `PKGID:Program`.
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
