//! The simulation engine's rules, each on a sequence written for it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use tasksequence::engine::{Outcome, Reason, RunResult, Scenario, Status, Trace, simulate};
use tasksequence::machine::MachineProfile;
use tasksequence::model::Sequence;

fn seq(xml: &str) -> Sequence {
    tasksequence::xml::read(xml.as_bytes()).unwrap().sequence
}

fn machine(json: &str) -> MachineProfile {
    MachineProfile::from_json(json).unwrap()
}

/// A full-OS machine with a few WMI facts.
fn laptop() -> MachineProfile {
    machine(
        r#"{"name":"test laptop",
        "variables":{"_SMSTSInWinPE":"false","_SMSTSMDataPath":"C:\\_SMSTaskSequence"},
        "environment":{"windir":"C:\\Windows"},
        "wmi":{"root\\cimv2":{
          "Win32_OperatingSystem":[{"Version":"10.0.19045","OSArchitecture":"64-bit","OSLanguage":1033,"ProductType":1,"SystemDrive":"C:"}],
          "Win32_ComputerSystem":[{"Manufacturer":"LENOVO","Model":"20XW003GUS","TotalPhysicalMemory":17179869184}],
          "Win32_BIOS":[{"SerialNumber":"PF2XQ7LM"}],
          "Win32_NetworkAdapterConfiguration":[{"IPEnabled":true,"MACAddress":"A4:C3:F0:12:34:56","IPAddress":["10.0.0.5"],"DefaultIPGateway":["10.0.0.1"]},
                                               {"IPEnabled":false,"MACAddress":"00:00:00:00:00:01"}],
          "Win32_Battery":[]}},
        "hardware":{"memory_mb":16384,"processor_mhz":2800,"free_disk_mb":182000,"uefi":true,
                    "on_ac_power":false,"network_connected":true,"wired":false,"client_version":"5.00.9106.1000"}}"#,
    )
}

fn run_on(xml: &str, host: &MachineProfile, scenario: Scenario) -> Trace {
    let trace = simulate(&seq(xml), host, &scenario.with_machine(host));
    assert!(trace.error.is_none(), "{:?}", trace.error);
    trace
}

fn run(xml: &str) -> Trace {
    run_on(xml, &laptop(), Scenario::new())
}

fn statuses(trace: &Trace) -> Vec<(String, Status, Option<Reason>)> {
    trace
        .steps
        .iter()
        .map(|s| (s.path.clone(), s.status, s.reason))
        .collect()
}

const CMD: &str = "SMS_TaskSequence_RunCommandLineAction";

fn cmd_step(name: &str, command: &str, extra: &str) -> String {
    format!(
        r#"<step type="{CMD}" name="{name}" successCodeList="0 3010" {extra}><action>smsswd.exe /run: {command}</action></step>"#
    )
}

fn var_condition(variable: &str, operator: &str, value: &str) -> String {
    format!(
        r#"<condition><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Operator">{operator}</variable><variable name="Value">{value}</variable><variable name="Variable">{variable}</variable></expression></condition>"#
    )
}

#[test]
fn worked_example_of_failure_propagation() {
    let xml = std::fs::read_to_string(common::data_path("engine-propagation.xml")).unwrap();
    let trace = run(&xml);
    use Reason::*;
    use Status::*;
    let got = statuses(&trace);
    let want: Vec<(String, Status, Option<Reason>)> = vec![
        ("Group1".into(), Ran, None),
        ("Group1/S1".into(), Ran, Some(ExitCode)),
        ("Group1/S2".into(), Ran, Some(ExitCode)),
        ("Group1/S3".into(), NotReached, Some(GroupStopped)),
        ("Group2".into(), Ran, None),
        ("Group2/S4".into(), Ran, Some(ExitCode)),
        ("Group2/S5".into(), NotReached, Some(SequenceFailed)),
        ("Group2/Nested".into(), NotReached, Some(SequenceFailed)),
        ("Group2/Nested/S6".into(), NotReached, Some(SequenceFailed)),
    ];
    assert_eq!(got, want);
    assert_eq!(trace.result, RunResult::Failure);
    assert_eq!(trace.exit_code.0, 14);
    assert_eq!(trace.failed_at.as_deref(), Some("Group2/S4"));
    let s1 = trace.step("Group1/S1").unwrap();
    assert_eq!(
        (s1.exit_code.map(|c| c.0), s1.succeeded),
        (Some(11), Some(false))
    );
    // The group that stopped and the one that failed are marked failed.
    assert_eq!(trace.step("Group1").unwrap().succeeded, Some(false));
    assert_eq!(trace.step("Group2").unwrap().succeeded, Some(false));
    assert_eq!(trace.variables.get("_SMSTSLastActionName"), Some("S4"));
}

#[test]
fn failure_tolerated_by_the_step_keeps_the_run_going() {
    let xml = format!(
        "<sequence>{}{}</sequence>",
        cmd_step("Fails", "cmd /c exit 5", r#"continueOnError="true""#),
        cmd_step("Next", "cmd /c exit 0", "")
    );
    let trace = run(&xml);
    assert!(trace.succeeded());
    assert_eq!(trace.exit_code.0, 0);
    assert!(trace.steps[0].failed());
    assert_eq!(trace.steps[1].succeeded, Some(true));
}

#[test]
fn disabled_nodes_and_their_content_are_skipped() {
    let xml = format!(
        r#"<sequence><group name="Off" disable="true">{}<group name="Inner">{}</group></group>{}</sequence>"#,
        cmd_step("A", "cmd /c exit 0", ""),
        cmd_step("B", "cmd /c exit 0", ""),
        cmd_step("C", "cmd /c exit 0", r#"disable="true""#),
    );
    let trace = run(&xml);
    for s in &trace.steps {
        assert_eq!(
            (s.status, s.reason),
            (Status::Skipped, Some(Reason::Disabled)),
            "{}",
            s.path
        );
    }
    assert_eq!(trace.steps.len(), 5);
    assert_eq!(
        trace.step("Off/Inner/B").unwrap().detail.as_deref(),
        Some("in disabled group `Off`")
    );
    // Nothing ran, so the last action is still what the machine said.
    assert_eq!(trace.variables.get("_SMSTSLastActionName"), None);
}

#[test]
fn false_condition_skips_with_its_explanation_in_words() {
    let xml = format!(
        r#"<sequence><group name="Post-Processing">{}{}</group></sequence>"#,
        var_condition("_SMSTSSetupRollback", "equals", "true"),
        cmd_step("Inside", "cmd /c exit 0", "")
    );
    let mut scenario = Scenario::new();
    scenario.set_variable("_SMSTSSetupRollback", "false");
    let trace = run_on(&xml, &laptop(), scenario);
    let group = &trace.steps[0];
    assert_eq!(
        (group.status, group.reason),
        (Status::Skipped, Some(Reason::Condition))
    );
    assert_eq!(
        group.detail.as_deref(),
        Some(r#"_SMSTSSetupRollback = "false" does not equal "true" as text"#)
    );
    let condition = group.condition.as_ref().unwrap();
    assert_eq!(condition.text, r#"_SMSTSSetupRollback == "true""#);
    assert_eq!(condition.value, Some(false));
    assert_eq!(
        condition.explain.facts.len() + condition.explain.children.len(),
        1
    );
    let inside = &trace.steps[1];
    assert_eq!(
        (inside.status, inside.reason),
        (Status::Skipped, Some(Reason::ParentSkipped))
    );
    assert!(inside.condition.is_none());
}

#[test]
fn condition_that_cannot_be_evaluated_fails_the_step_naming_the_query() {
    let xml = r#"<sequence>
      <step type="SMS_TaskSequence_RunCommandLineAction" name="Ask" successCodeList="0">
        <condition><expression type="SMS_TaskSequence_WMIConditionExpression">
          <variable name="Namespace">root\cimv2</variable>
          <variable name="Query">SELECT * FROM Win32_NoSuchClass</variable></expression></condition>
        <action>smsswd.exe /run: cmd /c exit 0</action></step>
      <step type="SMS_TaskSequence_RunCommandLineAction" name="After" successCodeList="0"><action>x</action></step>
    </sequence>"#;
    let trace = run(xml);
    let ask = &trace.steps[0];
    assert_eq!(
        (ask.status, ask.reason),
        (Status::Ran, Some(Reason::ConditionError))
    );
    assert_eq!(ask.succeeded, Some(false));
    assert_eq!(ask.exit_code.map(|c| c.0), Some(0x8000_4005));
    let detail = ask.detail.as_deref().unwrap();
    assert!(
        detail.contains("`SELECT * FROM Win32_NoSuchClass`"),
        "{detail}"
    );
    assert_eq!(ask.condition.as_ref().unwrap().value, None);
    assert_eq!(trace.steps[1].status, Status::NotReached);
    assert_eq!(trace.exit_code.0, 0x8000_4005);
}

#[test]
fn success_codes_decide() {
    let xml = format!(
        "<sequence>{}{}{}</sequence>",
        cmd_step("Reboot ok", "cmd /c exit 3010", ""),
        r#"<step type="SMS_TaskSequence_RunCommandLineAction" name="Odd ok" successCodeList="0 12"><action>smsswd.exe /run: cmd /c exit 12</action></step>"#,
        r#"<step type="SMS_TaskSequence_RunCommandLineAction" name="Zero only" successCodeList="0"><action>smsswd.exe /run: cmd /c exit 3010</action></step>"#,
    );
    let trace = run(&xml);
    assert_eq!(trace.steps[0].succeeded, Some(true));
    assert!(
        trace.steps[0]
            .detail
            .as_deref()
            .unwrap()
            .contains("restarts the computer")
    );
    assert_eq!(trace.steps[1].succeeded, Some(true));
    assert_eq!(trace.steps[2].succeeded, Some(false));
    assert_eq!(trace.steps[2].reason, Some(Reason::ExitCode));
    let detail = trace.steps[2].detail.as_deref().unwrap();
    assert_eq!(detail, "not one of the success codes 0");
}

#[test]
fn last_action_variables_follow_steps_that_ran_only() {
    let xml = format!(
        r#"<sequence>{}{}<step type="{CMD}" name="Check" successCodeList="0">{}<action>x</action></step></sequence>"#,
        cmd_step(
            "Scan",
            "cmd /c exit 3247440400",
            r#"continueOnError="true""#
        ),
        cmd_step("Skipped", "cmd /c exit 0", r#"disable="true""#),
        var_condition("_SMSTSLastActionRetCode", "equals", "-1047526896"),
    );
    let trace = run(&xml);
    // The signed decimal, as the engine writes it, and the condition after it sees it.
    assert_eq!(trace.step("Check").unwrap().status, Status::Ran);
    assert_eq!(trace.variables.get("_SMSTSLastActionName"), Some("Check"));
    assert_eq!(trace.variables.get("_SMSTSLastActionRetCode"), Some("0"));
    let xml = format!(
        "<sequence>{}{}</sequence>",
        cmd_step(
            "Scan",
            "cmd /c exit 3247440400",
            r#"continueOnError="true""#
        ),
        cmd_step("Skipped", "cmd /c exit 0", r#"disable="true""#),
    );
    let trace = run(&xml);
    assert_eq!(
        trace.variables.get("_SMSTSLastActionRetCode"),
        Some("-1047526896")
    );
    assert_eq!(trace.variables.get("_SMSTSLastActionName"), Some("Scan"));
    assert_eq!(
        trace.variables.get("_SMSTSLastActionSucceeded"),
        Some("false")
    );
    // Bookkeeping is not reported as the step's own variables.
    assert!(trace.steps[0].variables_set.is_empty());
}

#[test]
fn environment_follows_restarts_and_run_in_is_enforced() {
    let xml = r#"<sequence>
      <step type="SMS_TaskSequence_RunCommandLineAction" name="Full OS only" runIn="FullOS" successCodeList="0"><action>x</action></step>
      <step type="SMS_TaskSequence_RebootAction" name="To WinPE" runIn="WinPEandFullOS" successCodeList="0">
        <action>smsboot.exe /target:WinPE</action>
        <defaultVarList><variable name="SMSRebootTarget" property="Target" hidden="true">WinPE</variable></defaultVarList></step>
      <step type="SMS_TaskSequence_PartitionDiskAction" name="Partition" runIn="WinPE" successCodeList="0"><action>osddiskpart.exe</action></step>
      <step type="SMS_TaskSequence_RebootAction" name="To the OS" successCodeList="0"><action>smsboot.exe /target:HD</action></step>
      <step type="SMS_TaskSequence_PartitionDiskAction" name="Partition again" runIn="WinPE" successCodeList="0"><action>osddiskpart.exe</action></step>
    </sequence>"#;
    let trace = run(xml);
    assert_eq!(trace.steps[0].succeeded, Some(true));
    assert_eq!(
        trace.steps[1].variables_set.get("_SMSTSInWinPE"),
        Some("true")
    );
    assert_eq!(trace.steps[2].succeeded, Some(true));
    // The action's target counts when the setting is missing.
    assert_eq!(
        trace.steps[3].variables_set.get("_SMSTSInWinPE"),
        Some("false")
    );
    let last = &trace.steps[4];
    assert_eq!(
        (last.reason, last.exit_code.map(|c| c.0)),
        (Some(Reason::RunIn), Some(0x8007_0032))
    );
    assert_eq!(
        last.detail.as_deref(),
        Some("runIn is WinPE but the step would run in the full operating system")
    );
    // Unknown environment: runIn is not checked.
    let trace = run_on(
        r#"<sequence><step type="SMS_TaskSequence_PartitionDiskAction" name="P" runIn="WinPE" successCodeList="0"/></sequence>"#,
        &MachineProfile::default(),
        Scenario::new(),
    );
    assert!(trace.succeeded());
}

fn set_var_step(name: &str, variable: &str, value: &str, secret: bool) -> String {
    format!(
        r#"<step type="SMS_TaskSequence_SetVariableAction" name="{name}" successCodeList="0">
          <action>tsenv.exe "{variable}={value}" /hiddenflag:{secret}</action>
          <defaultVarList>
            <variable name="DoNotShowVariableValue" property="DoNotShowVariableValue" hidden="true">{secret}</variable>
            <variable name="VariableName" property="VariableName" hidden="true">{variable}</variable>
            <variable name="VariableValue" property="VariableValue" hidden="true">{value}</variable>
          </defaultVarList></step>"#
    )
}

#[test]
fn set_task_sequence_variable_expands_and_refuses_read_only_names() {
    let xml = format!(
        "<sequence>{}{}{}</sequence>",
        set_var_step(
            "Log dir",
            "LogDir",
            r"%windir%\Logs\%_SMSTSMachineName%",
            false
        ),
        set_var_step("Clear", "LogDir2", "", false),
        set_var_step("Read-only", "_SMSTSLogPath", "X:", false),
    );
    let mut scenario = Scenario::new();
    scenario.set_variable("_SMSTSMachineName", "LT-0042");
    let trace = run_on(&xml, &laptop(), scenario);
    assert_eq!(
        trace.variables.get("LogDir"),
        Some(r"C:\Windows\Logs\LT-0042")
    );
    assert_eq!(
        trace.steps[0].variables_set.get("LogDir"),
        Some(r"C:\Windows\Logs\LT-0042")
    );
    assert_eq!(trace.steps[1].detail.as_deref(), Some("deleted `LogDir2`"));
    assert_eq!(trace.steps[1].variables_set.get("LogDir2"), Some(""));
    let ro = &trace.steps[2];
    assert_eq!(
        (ro.reason, ro.succeeded),
        (Some(Reason::StepError), Some(false))
    );
    assert!(ro.detail.as_deref().unwrap().contains("read-only"));
    assert_eq!(trace.result, RunResult::Failure);
}

#[test]
fn secrets_are_redacted_unless_revealed_and_hidden_is_not_secret() {
    let xml = format!(
        "<sequence>{}{}{}</sequence>",
        set_var_step("Pin", "MyPin", "4711", true),
        set_var_step("Join", "OSDJoinPassword", "hunter2", false),
        cmd_step("Use", "net use /user:x %OSDJoinPassword% %MyPin%", ""),
    );
    let trace = run(&xml);
    let json = trace.to_json();
    assert!(
        !json.contains("4711") && !json.contains("hunter2"),
        "{json}"
    );
    assert_eq!(trace.variables.get("MyPin"), Some("********"));
    assert_eq!(trace.steps[0].variables_set.get("MyPin"), Some("********"));
    assert_eq!(
        trace.steps[2].command_line.as_deref(),
        Some("net use /user:x ******** ********")
    );
    // The do-not-display value written into tsenv's command line is redacted too.
    assert_eq!(
        trace.steps[0].command_line.as_deref(),
        Some(r#"tsenv.exe "MyPin=********" /hiddenflag:true"#)
    );
    assert!(!format!("{trace:?}").contains("hunter2"));
    let mut scenario = Scenario::new();
    scenario.options.secrets = tasksequence::vars::Secrets::Reveal;
    let trace = run_on(&xml, &laptop(), scenario);
    assert_eq!(trace.variables.get("MyPin"), Some("4711"));
    assert_eq!(
        trace.steps[2].command_line.as_deref(),
        Some("net use /user:x hunter2 4711")
    );
    // `hidden="true"` settings (the command line, the variable name) are shown.
    let trace = run(&format!(
        "<sequence>{}</sequence>",
        set_var_step("Plain", "Stage", "Prepare", false)
    ));
    assert_eq!(trace.variables.get("Stage"), Some("Prepare"));
}

#[test]
fn set_dynamic_variables_rules_in_order() {
    let rules = concat!(
        "&lt;Rules&gt;",
        "&lt;Rule&gt;&lt;condition&gt;&lt;expression type=\"SMS_TaskSequence_ComputerConditionExpression\"&gt;",
        "&lt;variable name=\"AssetTag\"&gt;&lt;/variable&gt;&lt;variable name=\"MACAddress\"&gt;A4-C3-F0-12-34-56&lt;/variable&gt;",
        "&lt;/expression&gt;&lt;/condition&gt;",
        "&lt;Variables&gt;&lt;Variable Name=\"Site\" IsSecret=\"false\"&gt;by-mac&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;",
        "&lt;Rule&gt;&lt;condition&gt;&lt;expression type=\"SMS_TaskSequence_MakeModelConditionExpression\"&gt;",
        "&lt;variable name=\"Make\"&gt;LENOVO&lt;/variable&gt;&lt;variable name=\"Model\"&gt;20XW*&lt;/variable&gt;&lt;/expression&gt;&lt;/condition&gt;",
        "&lt;Variables&gt;&lt;Variable Name=\"Drivers\" IsSecret=\"false\"&gt;X1C9&lt;/Variable&gt;",
        "&lt;Variable Name=\"Site\" IsSecret=\"false\"&gt;by-model&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;",
        "&lt;Rule&gt;&lt;condition&gt;&lt;expression type=\"SMS_TaskSequence_VariableConditionExpression\"&gt;",
        "&lt;variable name=\"Operator\"&gt;equals&lt;/variable&gt;&lt;variable name=\"Value\"&gt;nope&lt;/variable&gt;",
        "&lt;variable name=\"Variable\"&gt;Drivers&lt;/variable&gt;&lt;/expression&gt;&lt;/condition&gt;",
        "&lt;Variables&gt;&lt;Variable Name=\"Never\" IsSecret=\"false\"&gt;1&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;",
        "&lt;Rule&gt;&lt;Variables&gt;&lt;Variable Name=\"Token\" IsSecret=\"true\"&gt;s3cret&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;",
        "&lt;Rule&gt;&lt;condition&gt;&lt;expression type=\"SMS_TaskSequence_LocationConditionExpression\"&gt;",
        "&lt;variable name=\"DefaultGateway\"&gt;192.168.9.9&lt;/variable&gt;&lt;/expression&gt;&lt;/condition&gt;",
        "&lt;Variables&gt;&lt;Variable Name=\"Office\" IsSecret=\"false\"&gt;elsewhere&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;",
        "&lt;Rule&gt;&lt;condition&gt;&lt;expression type=\"SMS_TaskSequence_LocationConditionExpression\"&gt;",
        "&lt;variable name=\"DefaultGateway\"&gt;10.0.0.1&lt;/variable&gt;&lt;/expression&gt;&lt;/condition&gt;",
        "&lt;Variables&gt;&lt;Variable Name=\"Office\" IsSecret=\"false\"&gt;HQ&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;",
        "&lt;/Rules&gt;"
    );
    let xml = format!(
        r#"<sequence><step type="SMS_TaskSequence_SetDynamicVariablesAction" name="Dynamic" successCodeList="0">
          <action>OSDSetDynamicVariables.exe</action>
          <defaultVarList><variable name="OSDSetDynamicVariablesRules" property="Rules">{rules}</variable></defaultVarList></step></sequence>"#
    );
    let trace = run(&xml);
    let step = &trace.steps[0];
    assert_eq!(step.succeeded, Some(true), "{:?}", step.detail);
    assert_eq!(step.detail.as_deref(), Some("rules applied: 1, 2, 4, 6"));
    assert_eq!(trace.variables.get("Site"), Some("by-model"));
    assert_eq!(trace.variables.get("Drivers"), Some("X1C9"));
    assert_eq!(trace.variables.get("Never"), None);
    assert_eq!(trace.variables.get("Office"), Some("HQ"));
    assert_eq!(trace.variables.get("Token"), Some("********"));
    // The machine facts come first, from WMI; only IP-enabled adapters count.
    assert_eq!(step.variables_set.get("_SMSTSMake"), Some("LENOVO"));
    assert_eq!(
        step.variables_set.get("_SMSTSMacAddresses"),
        Some("A4:C3:F0:12:34:56")
    );
    assert_eq!(
        step.variables_set.get("_SMSTSDefaultGateways"),
        Some("10.0.0.1")
    );
    assert_eq!(
        step.variables_set.get("_SMSTSSerialNumber"),
        Some("PF2XQ7LM")
    );
}

fn download_step(name: &str, packages: &str, kind: &str, extra: &str) -> String {
    format!(
        r#"<step type="SMS_TaskSequence_DownloadPackageContentAction" name="{name}" successCodeList="0">
          <action>OSDDownloadContent.exe</action>
          <defaultVarList>
            <variable name="OSDDownloadDestinationLocationType" property="DestinationLocationType">{kind}</variable>
            <variable name="OSDDownloadDestinationVariable" property="DestinationVariable">Media</variable>
            <variable name="OSDDownloadDownloadPackages" property="DownloadPackages">{packages}</variable>
            {extra}
          </defaultVarList></step>"#
    )
}

#[test]
fn download_package_content_numbers_paths_by_position() {
    let xml = format!(
        "<sequence>{}{}{}</sequence>",
        download_step("TS cache", "TSQ00001,TSQ00002,TSQ00003", "TSCache", ""),
        download_step("Client cache", "TSQ00004", "CCMCache", ""),
        download_step(
            "Custom",
            "TSQ00005",
            "Custom",
            r#"<variable name="OSDDownloadDestinationPath" property="DestinationCustomPath">%windir%\Temp\</variable>"#
        ),
    );
    let mut scenario = Scenario::new();
    scenario.set_outcome(
        "TS cache",
        Outcome {
            failed_packages: vec!["TSQ00002".into()],
            ..Outcome::default()
        },
    );
    let trace = run_on(&xml, &laptop(), scenario);
    let first = &trace.steps[0];
    assert_eq!(first.succeeded, Some(true));
    let names: Vec<(&str, &str)> = first.variables_set.iter().collect();
    assert_eq!(
        names,
        [
            ("Media01", r"C:\_SMSTaskSequence\Packages\TSQ00001"),
            ("Media03", r"C:\_SMSTaskSequence\Packages\TSQ00003")
        ]
    );
    assert!(
        first
            .detail
            .as_deref()
            .unwrap()
            .contains("`TSQ00002` failed to download")
    );
    assert_eq!(
        trace.steps[1].variables_set.get("Media01"),
        Some(r"C:\Windows\ccmcache\TSQ00004")
    );
    assert_eq!(
        trace.steps[2].variables_set.get("Media01"),
        Some(r"C:\Windows\Temp\TSQ00005")
    );

    // Without "continue downloading", a failed package fails the step.
    let xml = format!(
        "<sequence>{}</sequence>",
        download_step(
            "Strict",
            "TSQ00001,TSQ00002,TSQ00003",
            "TSCache",
            r#"<variable name="OSDDownloadContinueDownloadOnError" property="ContinueDownloadOnError">false</variable>"#
        )
    );
    let mut scenario = Scenario::new();
    scenario.set_outcome(
        "Strict",
        Outcome {
            failed_packages: vec!["TSQ00002".into()],
            ..Outcome::default()
        },
    );
    let trace = run_on(&xml, &laptop(), scenario);
    assert_eq!(trace.steps[0].succeeded, Some(false));
    assert_eq!(trace.steps[0].variables_set.len(), 1);
    // The client cache is not there in Windows PE.
    let mut scenario = Scenario::new();
    scenario.set_variable("_SMSTSInWinPE", "true");
    let trace = run_on(
        &format!(
            "<sequence>{}</sequence>",
            download_step("CC", "TSQ00004", "CCMCache", "")
        ),
        &laptop(),
        scenario,
    );
    assert_eq!(trace.steps[0].reason, Some(Reason::StepError));
}

fn upgrade_step(name: &str, scan_only: bool, extra: &str) -> String {
    format!(
        r#"<step type="SMS_TaskSequence_UpgradeOperatingSystemAction" name="{name}" runIn="FullOS" successCodeList="0" {extra}>
          <action>OSDUpgradeOS.exe</action>
          <defaultVarList>
            <variable name="OSDUpgradeInstallPath" property="InstallPath">%Media01%</variable>
            <variable name="OSDUpgradeScanOnly" property="ScanOnly">{scan_only}</variable>
          </defaultVarList></step>"#
    )
}

#[test]
fn upgrade_operating_system_codes_and_rollback() {
    let xml = format!(
        "<sequence>{}</sequence>",
        upgrade_step("Upgrade", false, "")
    );
    let trace = run(&xml);
    assert!(trace.succeeded());
    assert_eq!(
        trace.variables.get("_SMSTSOSUpgradeActionReturnCode"),
        Some("0")
    );
    assert_eq!(trace.variables.get("_SMSTSSetupRollback"), Some("false"));

    let mut scenario = Scenario::new();
    scenario.set_outcome(
        "Upgrade",
        Outcome {
            rollback: true,
            ..Outcome::default()
        },
    );
    let trace = run_on(&xml, &laptop(), scenario);
    let step = &trace.steps[0];
    assert_eq!(
        (step.reason, step.succeeded),
        (Some(Reason::Rollback), Some(false))
    );
    assert_eq!(trace.variables.get("_SMSTSSetupRollback"), Some("true"));
    assert_eq!(
        trace.variables.get("_SMSTSOSUpgradeActionReturnCode"),
        Some("3247440129")
    );
    // A rollback fails even with a code that is otherwise a success.
    let mut scenario = Scenario::new();
    let (key, outcome) = Outcome::parse_spec("Upgrade=0,rollback").unwrap();
    scenario.set_outcome(key, outcome);
    assert_eq!(
        run_on(&xml, &laptop(), scenario).steps[0].reason,
        Some(Reason::Rollback)
    );

    let scan = format!(
        "<sequence>{}</sequence>",
        upgrade_step("Scan", true, r#"continueOnError="true""#)
    );
    let trace = run(&scan);
    let step = &trace.steps[0];
    assert_eq!(step.exit_code.map(|c| c.0), Some(0xC190_0210));
    assert_eq!(
        trace.variables.get("_SMSTSOSUpgradeActionReturnCode"),
        Some("3247440400")
    );
    // A scan does not say anything about a rollback.
    assert_eq!(trace.variables.get("_SMSTSSetupRollback"), None);
    assert!(trace.succeeded());
    let mut scenario = Scenario::new();
    scenario.set_outcome("Scan", Outcome::exit(0xC190_0208u32));
    let trace = run_on(&scan, &laptop(), scenario);
    assert_eq!(
        trace.variables.get("_SMSTSOSUpgradeActionReturnCode"),
        Some("3247440392")
    );
}

fn readiness_step(settings: &[(&str, &str)]) -> String {
    let vars: String = settings
        .iter()
        .map(|(n, v)| format!(r#"<variable name="{n}" property="{n}">{v}</variable>"#))
        .collect();
    format!(
        r#"<sequence><step type="SMS_TaskSequence_PrestartCheckAction" name="Check" successCodeList="0"><action>OSDPrestartCheck.exe</action><defaultVarList>{vars}</defaultVarList></step></sequence>"#
    )
}

#[test]
fn check_readiness_checks_the_machine() {
    let xml = readiness_step(&[
        ("OSDCheckMemory", "true"),
        ("OSDMemory", "2048"),
        ("OSDCheckProcessorSpeed", "true"),
        ("OSDProcessorSpeed", "1024"),
        ("OSDCheckFreeDiskSpace", "true"),
        ("OSDFreeDiskSpace", "25600"),
        ("OSDCheckOSType", "true"),
        ("OSDOSType", "CLIENT"),
        ("OSDCheckOSArchitecture", "true"),
        ("OSDOSArchitecture", "64"),
        ("OSDCheckOSLanguageID", "true"),
        ("OSDOSLanguageID", "1033"),
        ("OSDCheckMinOSVersion", "true"),
        ("OSDMinOSVersion", "10.0.16299"),
        ("OSDCheckCMClientMinVersion", "true"),
        ("OSDCMClientMinVersion", "5.00.8913.1005"),
        ("OSDCheckDeviceUEFI", "true"),
        ("OSDCheckPowerState", "false"),
    ]);
    let trace = run(&xml);
    let step = &trace.steps[0];
    assert_eq!(step.succeeded, Some(true), "{:?}", step.detail);
    for var in [
        "_TS_CRMEMORY",
        "_TS_CRSPEED",
        "_TS_CRDISK",
        "_TS_CROSTYPE",
        "_TS_CRARCH",
        "_TS_CROSLANGUAGE",
        "_TS_CRMINOSVER",
        "_TS_CRCLIENTMINVER",
        "_TS_CRUEFI",
    ] {
        assert_eq!(step.variables_set.get(var), Some("1"), "{var}");
    }
    // A check that is off leaves its variable unset.
    assert_eq!(trace.variables.get("_TS_CRACPOWER"), None);

    let xml = readiness_step(&[
        ("OSDCheckMemory", "true"),
        ("OSDMemory", "32768"),
        ("OSDCheckPowerState", "true"),
        ("OSDCheckMaxOsVersion", "true"),
        ("OSDMaxOSVersion", "10.0.18362"),
        ("OSDCheckTpmEnabled", "true"),
    ]);
    let trace = run(&xml);
    let step = &trace.steps[0];
    assert_eq!(
        (step.exit_code.map(|c| c.0), step.succeeded),
        (Some(4316), Some(false))
    );
    let detail = step.detail.as_deref().unwrap();
    assert!(
        detail.contains("memory (32768 MB needed, 16384 MB found)"),
        "{detail}"
    );
    assert!(
        detail.contains("AC power (on AC power needed: no)"),
        "{detail}"
    );
    assert!(
        detail.contains("maximum OS version (earlier than 10.0.18362 needed, 10.0.19045 found)"),
        "{detail}"
    );
    assert!(
        detail.contains("TPM enabled (an enabled TPM needed, unknown on this machine)"),
        "{detail}"
    );
    // Defaults of the SDK: speed, disk and OS type are on.
    assert!(
        detail.contains("checks passed: processor speed, free disk space, OS type"),
        "{detail}"
    );
    assert_eq!(step.variables_set.get("_TS_CRMEMORY"), Some("0"));
    assert_eq!(step.variables_set.get("_TS_CRSPEED"), Some("1"));
    assert_eq!(trace.exit_code.0, 4316);
}

#[test]
fn memory_falls_back_to_wmi() {
    let host = machine(
        r#"{"wmi":{"root\\cimv2":{"Win32_ComputerSystem":[{"TotalPhysicalMemory":4294967296}]}}}"#,
    );
    let xml = readiness_step(&[
        ("OSDCheckMemory", "true"),
        ("OSDMemory", "4096"),
        ("OSDCheckProcessorSpeed", "false"),
        ("OSDCheckFreeDiskSpace", "false"),
        ("OSDCheckOSType", "false"),
    ]);
    let trace = run_on(&xml, &host, Scenario::new());
    assert_eq!(
        trace.steps[0].succeeded,
        Some(true),
        "{:?}",
        trace.steps[0].detail
    );
}

#[test]
fn run_command_line_exit_code_from_expanded_command() {
    let xml = format!(
        "<sequence>{}{}</sequence>",
        cmd_step(
            "Exit with var",
            "cmd.exe /c exit /b %Code%",
            r#"continueOnError="true""#
        ),
        cmd_step("Plain", "cscript.exe //nologo x.vbs", ""),
    );
    let mut scenario = Scenario::new();
    scenario.set_variable("Code", "0x80070005");
    let trace = run_on(&xml, &laptop(), scenario);
    assert_eq!(trace.steps[0].exit_code.map(|c| c.0), Some(0x8007_0005));
    assert_eq!(
        trace.steps[0].command_line.as_deref(),
        Some("cmd.exe /c exit /b 0x80070005")
    );
    assert_eq!(trace.steps[1].exit_code.map(|c| c.0), Some(0));
    // The scenario's code wins over the command.
    let mut scenario = Scenario::new();
    scenario.set_outcome("Plain", Outcome::exit(1603u32));
    let trace = run_on(&xml, &laptop(), scenario);
    assert_eq!(trace.steps[1].exit_code.map(|c| c.0), Some(1603));
    assert!(
        trace.steps[1]
            .detail
            .as_deref()
            .unwrap()
            .starts_with("exit code given by the scenario")
    );
}

#[test]
fn output_variables_from_the_scenario() {
    let xml = format!(
        r#"<sequence>
        <step type="{CMD}" name="Query" successCodeList="0"><action>smsswd.exe /run: cmd /c ver</action>
          <defaultVarList><variable name="SMSTSRunCommandLineOutputVariableName" property="OutputVariableName">VerText</variable></defaultVarList></step>
        <step type="SMS_TaskSequence_RunPowerShellScriptAction" name="PS" successCodeList="0"><action>OSDRunPowerShellScript.exe</action>
          <defaultVarList><variable name="OSDRunPowerShellScriptOutputVariableName" property="OutputVariableName">PsOut</variable></defaultVarList></step>
        </sequence>"#
    );
    let mut scenario = Scenario::new();
    let long = format!("{}END", "x".repeat(2000));
    scenario.set_outcome(
        "Query",
        Outcome {
            output: Some(long),
            ..Outcome::default()
        },
    );
    let trace = run_on(&xml, &laptop(), scenario);
    let value = trace.variables.get("VerText").unwrap();
    assert_eq!(value.len(), 1000);
    assert!(value.ends_with("END"));
    assert_eq!(trace.variables.get("PsOut"), None);
    assert!(
        trace.steps[1]
            .detail
            .as_deref()
            .unwrap()
            .contains("left as it is")
    );
}

#[test]
fn install_lists_are_reported() {
    let xml = r#"<sequence>
      <step type="SMS_TaskSequence_InstallApplicationAction" name="Apps" successCodeList="0"><action>smsappinstall.exe /app: /basevar:App /continueOnError:False</action>
        <defaultVarList><variable name="BaseVariableName" property="BaseVariableName">App</variable></defaultVarList></step>
      <step type="SMS_TaskSequence_InstallApplicationAction" name="Fixed" successCodeList="0"><action>smsappinstall.exe</action>
        <defaultVarList><variable name="OSDAppCount" property="NumApps">2</variable>
          <variable name="OSDApp0Name" property="OSDApp0Name">7-Zip</variable><variable name="OSDApp1Name" property="OSDApp1Name">Notepad++</variable></defaultVarList></step>
      <step type="SMS_TaskSequence_InstallSoftwareAction" name="Packages" successCodeList="0"><action>smsswd.exe /pkg: /install /basevar:Pkg</action>
        <defaultVarList><variable name="BaseVariableName" property="BaseVariableName">Pkg</variable></defaultVarList></step>
      <step type="SMS_TaskSequence_InstallSoftwareAction" name="Bad packages" successCodeList="0"><action>smsswd.exe</action>
        <defaultVarList><variable name="BaseVariableName" property="BaseVariableName">Bad</variable></defaultVarList></step>
    </sequence>"#;
    let mut scenario = Scenario::new();
    for (n, v) in [
        ("App01", "Office"),
        ("App02", "Teams"),
        ("App04", "after a gap"),
        ("Pkg001", "TSQ00054:Install"),
        ("Pkg002", "TSQ0005A:Install Quiet"),
        ("Bad001", "tsq00054:Install"),
    ] {
        scenario.set_variable(n, v);
    }
    let trace = run_on(xml, &laptop(), scenario);
    assert_eq!(trace.steps[0].installs, ["Office", "Teams"]);
    assert_eq!(trace.steps[1].installs, ["7-Zip", "Notepad++"]);
    assert_eq!(
        trace.steps[2].installs,
        ["TSQ00054:Install", "TSQ0005A:Install Quiet"]
    );
    let bad = &trace.steps[3];
    assert_eq!(bad.reason, Some(Reason::StepError));
    assert!(
        bad.detail
            .as_deref()
            .unwrap()
            .contains("must be upper case")
    );
    // Nothing to install is not a failure.
    let trace = run(xml);
    assert_eq!(trace.steps[0].succeeded, Some(true));
    assert!(trace.steps[0].installs.is_empty());
    assert_eq!(
        trace.steps[0].detail.as_deref(),
        Some("`App01` is not set: nothing to install")
    );
}

const PARENT: &str = r#"<sequence>
  <group name="Main">
    <subtasksequence type="SMS_TaskSequence_SubTasksequence" name="Run child" successCodeList="0">
      <action>SubTasksequence.exe</action>
      <defaultVarList><variable name="OSDSubTasksequencePackageID" property="TsPackageID">TSQ00011</variable></defaultVarList>
    </subtasksequence>
    <step type="SMS_TaskSequence_RunCommandLineAction" name="After child" successCodeList="0">
      <action>smsswd.exe /run: cmd /c exit %ChildCode%</action></step>
  </group>
</sequence>"#;

#[test]
fn run_task_sequence_runs_the_supplied_child_in_the_same_environment() {
    let child = seq(&format!(
        r#"<sequence><globalVarList><variable name="ChildDefault" property="ChildDefault">d</variable><variable name="Keep" property="Keep">child</variable></globalVarList>
        <group name="Child group">{}</group></sequence>"#,
        set_var_step("Set code", "ChildCode", "0", false)
    ));
    let mut scenario = Scenario::new();
    scenario.set_variable("Keep", "parent");
    scenario.add_child("tsq00011", child);
    let trace = run_on(PARENT, &laptop(), scenario);
    let paths: Vec<&str> = trace.steps.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Main",
            "Main/Run child",
            "Main/Run child/Child group",
            "Main/Run child/Child group/Set code",
            "Main/After child"
        ]
    );
    assert_eq!(trace.steps[2].depth, 2);
    assert!(trace.succeeded(), "{}", trace.to_text(&Default::default()));
    assert_eq!(trace.variables.get("ChildDefault"), Some("d"));
    assert_eq!(trace.variables.get("Keep"), Some("parent"));
    assert_eq!(trace.steps[1].succeeded, Some(true));
}

#[test]
fn child_failure_fails_its_run_task_sequence_step() {
    let child = seq(&format!(
        "<sequence>{}</sequence>",
        cmd_step("Boom", "cmd /c exit 9", "")
    ));
    let mut scenario = Scenario::new();
    scenario.add_child("TSQ00011", child);
    let trace = run_on(PARENT, &laptop(), scenario);
    let run_child = trace.step("Main/Run child").unwrap();
    assert_eq!(
        (run_child.succeeded, run_child.exit_code.map(|c| c.0)),
        (Some(false), Some(9))
    );
    assert_eq!(
        trace.step("Main/After child").unwrap().status,
        Status::NotReached
    );
    assert_eq!(trace.failed_at.as_deref(), Some("Main/Run child/Boom"));
    assert_eq!(trace.exit_code.0, 9);
}

#[test]
fn missing_child_fails_with_a_clear_reason() {
    let trace = run(PARENT);
    let step = trace.step("Main/Run child").unwrap();
    assert_eq!(step.reason, Some(Reason::ChildNotSupplied));
    assert!(
        step.detail
            .as_deref()
            .unwrap()
            .contains("`TSQ00011` was not supplied")
    );
    assert_eq!(trace.result, RunResult::Failure);
    // A scenario outcome for the step stands in for the child.
    let mut scenario = Scenario::new();
    scenario.set_outcome("Run child", Outcome::exit(0u32));
    let trace = run_on(PARENT, &laptop(), scenario);
    assert_eq!(trace.step("Main/Run child").unwrap().succeeded, Some(true));
}

#[test]
fn a_child_that_runs_itself_ends_in_an_error() {
    let mut scenario = Scenario::new();
    scenario.add_child("TSQ00011", seq(PARENT));
    let trace = simulate(&seq(PARENT), &laptop(), &scenario);
    let error = trace.error.as_deref().unwrap();
    assert!(error.contains("nest more than 32"), "{error}");
    assert_eq!(trace.result, RunResult::Failure);
    assert!(
        trace
            .steps
            .iter()
            .any(|s| s.reason == Some(Reason::Aborted))
    );
    // The step budget stops long runs the same way.
    let mut scenario = Scenario::new();
    scenario.add_child("TSQ00011", seq(PARENT));
    scenario.options.max_steps = 10;
    let trace = simulate(&seq(PARENT), &laptop(), &scenario);
    assert!(
        trace
            .error
            .as_deref()
            .unwrap()
            .contains("executed 10 groups and steps")
    );
}

#[test]
fn mdt_sequences_walk_through_their_phases() {
    let phase_group = |phase: &str| {
        format!(
            r#"<group name="{phase}">{}{}</group>"#,
            var_condition("PHASE", "equals", phase),
            r#"<step name="Next Phase" successCodeList="0 3010"><action>cscript.exe "%SCRIPTROOT%\ZTINextPhase.wsf"</action></step>"#
        )
    };
    let groups: String = [
        "VALIDATION",
        "STATECAPTURE",
        "PREINSTALL",
        "INSTALL",
        "POSTINSTALL",
        "STATERESTORE",
    ]
    .iter()
    .map(|p| phase_group(p))
    .collect();
    let xml = format!(r#"<sequence version="3.00" name="MDT">{groups}</sequence>"#);
    let mut scenario = Scenario::new();
    scenario.set_variable("PHASE", "VALIDATION");
    let trace = run_on(&xml, &laptop(), scenario);
    let ran: Vec<&str> = trace
        .steps
        .iter()
        .filter(|s| s.kind == tasksequence::model::NodeKind::Group && s.status == Status::Ran)
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        ran,
        [
            "VALIDATION",
            "STATECAPTURE",
            "PREINSTALL",
            "INSTALL",
            "POSTINSTALL",
            "STATERESTORE"
        ]
    );
    assert_eq!(trace.variables.get("PHASE"), None);
    assert_eq!(
        trace
            .step("VALIDATION/Next Phase")
            .unwrap()
            .detail
            .as_deref(),
        Some("PHASE VALIDATION → STATECAPTURE")
    );
    // Without PHASE nothing moves and every phase group is skipped.
    let trace = run(&xml);
    assert!(trace.steps.iter().all(|s| s.status == Status::Skipped));
}

#[test]
fn action_variables_set_earlier_override_step_settings() {
    let xml = format!(
        "<sequence>{}{}</sequence>",
        set_var_step(
            "Redirect",
            "OSDDownloadDestinationVariable",
            "Elsewhere",
            false
        ),
        download_step("Download", "TSQ00001", "TSCache", "")
    );
    let trace = run(&xml);
    assert_eq!(
        trace.steps[1].variables_set.get("Elsewhere01"),
        Some(r"C:\_SMSTaskSequence\Packages\TSQ00001")
    );
    assert_eq!(trace.variables.get("Media01"), None);
}

#[test]
fn outcomes_by_name_or_path_and_ambiguity() {
    let xml = format!(
        r#"<sequence><group name="A">{}</group><group name="B">{}</group></sequence>"#,
        cmd_step("Same", "cmd /c exit 0", ""),
        cmd_step("Same", "cmd /c exit 0", "")
    );
    let sequence = seq(&xml);
    let mut scenario = Scenario::new();
    scenario.set_outcome("Same", Outcome::exit(1u32));
    let err = scenario.check(&sequence).unwrap_err();
    assert_eq!(
        err.to_string(),
        "outcome for `Same`: 2 steps have this name; give one of their paths: `A/Same`, `B/Same`"
    );
    let trace = simulate(&sequence, &laptop(), &scenario);
    assert_eq!(trace.error.as_deref(), Some(err.to_string().as_str()));
    assert!(trace.steps.is_empty());
    let mut scenario = Scenario::new();
    scenario.set_outcome("b/same", Outcome::exit(1u32));
    scenario.set_outcome("Nope", Outcome::exit(1u32));
    assert_eq!(
        scenario.check(&sequence).unwrap_err().to_string(),
        "outcome for `Nope`: no step has this path or name"
    );
    let mut scenario = Scenario::new();
    scenario.set_outcome("A", Outcome::exit(1u32));
    assert!(
        scenario
            .check(&sequence)
            .unwrap_err()
            .to_string()
            .contains("is a group")
    );
    let mut scenario = Scenario::new();
    scenario.set_outcome("B/Same", Outcome::exit(1u32));
    let trace = run_on(&xml, &laptop(), scenario);
    assert_eq!(trace.step("A/Same").unwrap().succeeded, Some(true));
    assert_eq!(
        trace.step("B/Same").unwrap().exit_code.map(|c| c.0),
        Some(1)
    );
}

#[test]
fn scenario_from_json() {
    let json = r#"{
      "variables": {"PHASE": "VALIDATION", "Count": 3, "Flag": true},
      "outcomes": {
        "Upgrade": {"exit_code": "0xC1900101", "rollback": true},
        "Query": {"exit_code": -1047526896, "output": "hi", "variables": {"Done": "yes"}},
        "Download": {"failed_packages": ["TSQ00002"]}
      },
      "children": {"TSQ00011": "<sequence><step name=\"x\" type=\"SMS_TaskSequence_RunCommandLineAction\"/></sequence>"},
      "options": {"case_sensitive": true, "secrets": "reveal", "max_steps": 50}
    }"#;
    let s = Scenario::from_json(json).unwrap();
    assert_eq!(s.variables.get("Count"), Some("3"));
    assert_eq!(s.variables.get("Flag"), Some("true"));
    assert_eq!(s.outcomes.len(), 3);
    assert_eq!(s.outcomes[1].1.exit_code.unwrap().0, 0xC190_0210);
    assert_eq!(s.outcomes[1].1.variables.get("done"), Some("yes"));
    assert_eq!(s.outcomes[2].1.failed_packages, ["TSQ00002"]);
    assert_eq!(s.child("tsq00011").unwrap().children.len(), 1);
    assert!(s.options.case_sensitive);
    assert_eq!(s.options.secrets, tasksequence::vars::Secrets::Reveal);
    assert_eq!(s.options.max_steps, 50);
    // And back.
    let again = Scenario::from_json(&s.to_json()).unwrap();
    assert_eq!(again, s);
    let err = Scenario::from_json(r#"{"outcome": {}}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("scenario: unknown field `outcome`"),
        "{err}"
    );
    assert!(err.contains("line 1, column"), "{err}");
    let err = Scenario::from_json(r#"{"children": {"X": "<sequence>"}}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("child `X`"), "{err}");
}

#[test]
fn trace_json_has_the_documented_shape() {
    let xml = format!(
        r#"<sequence><group name="G">{}{}</group></sequence>"#,
        var_condition("X", "equals", "1"),
        cmd_step("S", "cmd /c exit 0", "")
    );
    let mut scenario = Scenario::new();
    scenario.set_variable("X", "1");
    let trace = run_on(&xml, &laptop(), scenario);
    let json: serde_json::Value = serde_json::from_str(&trace.to_json()).unwrap();
    let top: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in ["result", "exit_code", "steps", "variables"] {
        assert!(top.contains(&key), "{key}");
    }
    assert_eq!(json["result"], "success");
    assert_eq!(json["exit_code"], 0);
    let step = &json["steps"][1];
    for key in [
        "path",
        "name",
        "type",
        "status",
        "reason",
        "exit_code",
        "succeeded",
        "command_line",
        "condition",
        "variables_set",
    ] {
        assert!(step.get(key).is_some(), "{key}: {step}");
    }
    assert_eq!(step["path"], "G/S");
    assert_eq!(step["type"], CMD);
    assert_eq!(step["status"], "ran");
    assert_eq!(step["reason"], serde_json::Value::Null);
    assert_eq!(step["succeeded"], true);
    assert_eq!(step["command_line"], "cmd /c exit 0");
    let group = &json["steps"][0];
    assert_eq!(group["type"], "SMS_TaskSequence_Group");
    assert_eq!(group["condition"]["text"], "X == 1");
    assert_eq!(group["condition"]["value"], true);
    assert_eq!(group["condition"]["explain"]["value"], "true");
    assert_eq!(json["variables"]["X"], "1");
    // The trace reads back.
    let back: Trace = serde_json::from_str(&trace.to_json()).unwrap();
    assert_eq!(back, trace);
}

#[test]
fn simulation_is_deterministic() {
    let xml = std::fs::read_to_string(common::data_path("engine-propagation.xml")).unwrap();
    let a = run(&xml);
    let b = run(&xml);
    assert_eq!(a.to_json(), b.to_json());
}

#[test]
fn paths_escape_names_as_node_paths_do() {
    let xml = format!(
        r#"<sequence><group name="Boot Mode%/Boot Priority%">{}<step type="{CMD}" successCodeList="0"/></group></sequence>"#,
        cmd_step("#1 first", "cmd /c exit 0", "")
    );
    let trace = run(&xml);
    let paths: Vec<&str> = trace.steps.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            r"Boot Mode%\/Boot Priority%",
            r"Boot Mode%\/Boot Priority%/\#1 first",
            r"Boot Mode%\/Boot Priority%/#2"
        ]
    );
    let mut scenario = Scenario::new();
    scenario.set_outcome(r"Boot Mode%\/Boot Priority%/#2", Outcome::exit(7u32));
    let trace = run_on(&xml, &laptop(), scenario);
    assert_eq!(trace.steps[2].exit_code.map(|c| c.0), Some(7));
}
