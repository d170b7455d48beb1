//! What the "Upgrade an operating system from an upgrade package" wizard writes, group by group.

use super::parts::{
    ANYWHERE, FULL_OS, Runs, Var, group, hidden, placeholder, step, var, variable_condition,
};
use super::{Updates, UpgradeTemplate};
use crate::condition::VariableOperator;
use crate::locale::Architecture;
use crate::model::Node;

const CHECK_READINESS: &str = "SMS_TaskSequence_PrestartCheckAction";
const UPGRADE_OS: &str = "SMS_TaskSequence_UpgradeOperatingSystemAction";

/// `_SMSTSOSUpgradeActionReturnCode` after a compatibility scan that found nothing to block:
/// `0xC1900210`, `MOSETUP_E_COMPAT_SCANONLY`.
const SCAN_PASSED: &str = "3247440400";

pub(super) fn prepare(t: &UpgradeTemplate) -> Node {
    let mut children = vec![check_readiness(t)];
    if t.recommended {
        children.push(upgrade_step(
            t,
            "Upgrade Assessment",
            true,
            &Runs {
                continue_on_error: true,
                ..FULL_OS
            },
        ));
        let command = "cmd /c exit %_SMSTSOSUpgradeActionReturnCode%";
        let mut check = step(
            "SMS_TaskSequence_RunCommandLineAction",
            "Check Upgrade Assessment result",
            "Fails the task sequence with Setup's code unless the compatibility scan passed",
            &Runs {
                success_codes: "0 3010",
                ..ANYWHERE
            },
            &format!("smsswd.exe /run: {command}"),
            vec![
                hidden("CommandLine", "CommandLine", command),
                var(
                    "SMSTSDisableWow64Redirection",
                    "DisableWow64Redirection",
                    "false",
                ),
                var("_SMSTSRunCommandLineAsUser", "RunAsUser", "false"),
                hidden("SuccessCodes", "SuccessCodes", "0 3010"),
            ],
        );
        if let Node::Step(s) = &mut check {
            s.condition = Some(variable_condition(
                "_SMSTSOSUpgradeActionReturnCode",
                VariableOperator::NotEquals,
                SCAN_PASSED,
                None,
            ));
        }
        children.push(check);
    }
    children.extend([
        placeholder(
            "Battery Checks",
            "Add steps in this group to check whether the computer is using battery, or wired power",
        ),
        placeholder(
            "Network/Wired Connection Checks",
            "Add steps in this group to check whether the computer is connected to a network, and is not using a wireless connection",
        ),
        placeholder(
            "Remove incompatible applications",
            "Add steps in this group to remove any applications that are incompatible with this version of Windows 10",
        ),
        placeholder(
            "Remove incompatible drivers",
            "Add steps in this group to remove any drivers that are incompatible with this version of Windows 10",
        ),
        placeholder(
            "Remove/suspend third-party security",
            "Add steps in this group to remove or suspend third-party security programs, such as antivirus",
        ),
    ]);
    group(
        "Prepare for Upgrade",
        "Actions to run in full OS to prepare for upgrade of the operating system.",
        None,
        children,
    )
}

fn check_readiness(t: &UpgradeTemplate) -> Node {
    // The wizard's figures; the recommendation raises nothing but the free space, to what
    // Windows Setup needs on each architecture.
    let (free_disk, os_architecture) = match (t.recommended, t.architecture) {
        (true, Architecture::X86) => ("16384", "32"),
        (true, _) => ("20480", "64"),
        (false, _) => ("25600", "64"),
    };
    step(
        CHECK_READINESS,
        "Check Readiness for Upgrade",
        "Check whether the computer is ready for the upgrade of the operating system.",
        &ANYWHERE,
        "OSDPrestartCheck.exe ",
        vec![
            var(
                "OSDCheckCMClientMinVersion",
                "CheckCMClientMinVersion",
                "false",
            ),
            var("OSDCheckDeviceUEFI", "CheckDeviceUEFI", "false"),
            var("OSDCheckFreeDiskSpace", "CheckFreeDiskSpace", "true"),
            var("OSDCheckMaxOsVersion", "CheckMaxOSVersion", "false"),
            var("OSDCheckMemory", "CheckMemory", "true"),
            var("OSDCheckMinOSVersion", "CheckMinOSVersion", "false"),
            var("OSDCheckNetworkConnected", "CheckNetworkConnected", "false"),
            var("OSDCheckNetworkWired", "CheckNetworkWired", "false"),
            var("OSDCheckOSArchitecture", "CheckOSArchitecture", "false"),
            var("OSDCheckOSLanguageID", "CheckOSLanguageID", "false"),
            var("OSDCheckOSType", "CheckOSType", "true"),
            var("OSDCheckPowerState", "CheckPowerState", "false"),
            var("OSDCheckProcessorSpeed", "CheckProcessorSpeed", "true"),
            var("OSDFreeDiskSpace", "FreeDiskSpace", free_disk),
            var("OSDMemory", "Memory", "2048"),
            var("OSDOSArchitecture", "OSArchitecture", os_architecture),
            var("OSDOSLanguageID", "OSLanguageID", "1033"),
            var("OSDOSType", "OSType", "CLIENT"),
            var("OSDProcessorSpeed", "ProcessorSpeed", "1024"),
        ],
    )
}

fn upgrade_step(t: &UpgradeTemplate, name: &str, scan_only: bool, runs: &Runs) -> Node {
    let flag = |b: bool| if b { "true" } else { "false" };
    step(
        UPGRADE_OS,
        name,
        "",
        runs,
        "OSDUpgradeOS.exe ",
        vec![
            var(
                "OSDUpgradeDynamicUpdateSettings",
                "DynamicUpdateSettings",
                "Disable",
            ),
            var(
                "OSDUpgradeIgnoreMessages",
                "IgnoreMessages",
                flag(t.ignore_compat_messages),
            ),
            var(
                "OSDUpgradeInstallEditionIndex",
                "InstallEditionIndex",
                t.edition_index.to_string(),
            ),
            var(
                "OSDUpgradeInstallPackageID",
                "InstallPackageID",
                t.package_id.as_str(),
            ),
            var(
                "OSDUpgradeOsProductKey",
                "OsProductKey",
                t.product_key.as_ref().map_or("", |k| k.as_str()),
            ),
            var("OSDUpgradePreserveSettings", "PreserveSettings", "Upgrade"),
            var("OSDUpgradeScanOnly", "ScanOnly", flag(scan_only)),
        ],
    )
}

pub(super) fn upgrade(t: &UpgradeTemplate) -> Node {
    let restart = step(
        "SMS_TaskSequence_RebootAction",
        "Restart Computer",
        "",
        &ANYWHERE,
        "smsboot.exe /target:HD",
        vec![
            var(
                "SMSRebootMessage",
                "Message",
                "Microsoft Windows operating system is being upgraded. The computer must reboot to continue.",
            ),
            var("SMSRebootTimeout", "MessageTimeout", "10"),
            hidden("SMSRebootTarget", "Target", "HD"),
        ],
    );
    group(
        "Upgrade the Operating System",
        "",
        None,
        vec![
            upgrade_step(t, "Upgrade Operating System", false, &FULL_OS),
            restart,
        ],
    )
}

pub(super) fn post_processing(t: &UpgradeTemplate) -> Node {
    let mut children = Vec::new();
    if let Some(target) = match t.updates {
        Updates::None => None,
        Updates::Required => Some("Mandatory"),
        Updates::All => Some("All"),
    } {
        children.push(step(
            "SMS_TaskSequence_InstallUpdateAction",
            "Install Updates",
            "",
            &Runs {
                retry_count: 2,
                continue_on_error: true,
                ..FULL_OS
            },
            "TSInstallSWUpdate.exe /target:%SMSInstallUpdateTarget%",
            vec![
                hidden("RetryCount", "RetryCount", "2"),
                var("SMSInstallUpdateTarget", "Target", target),
            ],
        ));
    }
    if !t.applications.is_empty() {
        children.push(install_applications(t));
    }
    children.extend([
        placeholder(
            "Apply setup-based drivers",
            "Add steps in this group to install setup-based drivers (.exe) from packages",
        ),
        placeholder(
            "Install/enable third-party security",
            "Add steps in this group to install or enable third-party security programs, such as antivirus",
        ),
        placeholder(
            "Set Windows default apps and associations",
            "Add steps in this group to set Windows default apps and file associations",
        ),
        placeholder(
            "Apply customizations and personalizations",
            "Add steps in this group to apply Start menu customizations, such as organizing program groups",
        ),
    ]);
    group(
        "Post-Processing",
        "Run tasks after the operating system upgrades and the computer restarts",
        Some(variable_condition(
            "_SMSTSSetupRollback",
            VariableOperator::Equals,
            "false",
            None,
        )),
        children,
    )
}

fn install_applications(t: &UpgradeTemplate) -> Node {
    let names = t.applications.join(",");
    let continue_text = if t.continue_on_app_failure {
        "True"
    } else {
        "False"
    };
    let count = t.applications.len().to_string();
    // The fixed list as the console writes it: the count, then each application's three
    // settings, then the hidden copies.
    let mut settings: Vec<Var<'_>> = vec![hidden("OSDApp", "AppInfo", count.as_str())];
    let keys: Vec<[String; 6]> = (0..t.applications.len())
        .map(|i| {
            [
                format!("OSDApp{i}Description"),
                format!("AppInfo{i}Description"),
                format!("OSDApp{i}DisplayName"),
                format!("AppInfo{i}DisplayName"),
                format!("OSDApp{i}Name"),
                format!("AppInfo{i}Name"),
            ]
        })
        .collect();
    for (k, app) in keys.iter().zip(&t.applications) {
        settings.push(var(&k[0], &k[1], "Valid"));
        settings.push(var(&k[2], &k[3], app.as_str()));
        settings.push(var(&k[4], &k[5], app.as_str()));
    }
    settings.extend([
        hidden("ApplicationName", "ApplicationName", names.as_str()),
        hidden(
            "ContinueOnInstallError",
            "ContinueOnInstallError",
            continue_text.to_ascii_lowercase(),
        ),
        var("OSDAppCount", "NumApps", count.as_str()),
        hidden("RetryCount", "RetryCount", "2"),
    ]);
    step(
        "SMS_TaskSequence_InstallApplicationAction",
        "Install Applications",
        "",
        &Runs {
            retry_count: 2,
            ..FULL_OS
        },
        &format!("smsappinstall.exe /app:{names} /basevar: /continueOnError:{continue_text}"),
        settings,
    )
}

pub(super) fn rollback() -> Node {
    group(
        "Rollback",
        "Run tasks if the upgrade fails and the operating system rolls back",
        Some(variable_condition(
            "_SMSTSSetupRollback",
            VariableOperator::Equals,
            "true",
            None,
        )),
        Vec::new(),
    )
}

pub(super) fn on_failure() -> Node {
    group(
        "Run Actions on Failure",
        "Run tasks if OS upgrade fails to gather logs and run diagnostic tools",
        Some(variable_condition(
            "_SMSTSOSUpgradeActionReturnCode",
            VariableOperator::NotEquals,
            "0",
            Some("notequals"),
        )),
        vec![
            placeholder(
                "Collect Logs",
                "Save Windows Setup and Task Sequence logs to a Network Share",
            ),
            placeholder("Run Diagnostic Tools", "Run Diagnostic Tools"),
        ],
    )
}
