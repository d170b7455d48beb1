//! Typed step views: every corpus step gets one, rules parse, views write back what they read.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use tasksequence::condition::{ExpressionKind, Operand};
use tasksequence::model::views::{
    DownloadPackageContent, InstallApplication, PartitionDisk, RunCommandLine, SetDynamicVariables,
    StepView, UpgradeOperatingSystem,
};
use tasksequence::model::{Node, Step};
use tasksequence::xml;

fn steps(doc: &xml::Document) -> Vec<&Step> {
    doc.sequence
        .walk()
        .into_iter()
        .filter_map(|v| match v.node {
            Node::Step(s) => Some(s),
            _ => None,
        })
        .collect()
}

#[test]
fn every_corpus_step_has_a_view_and_every_rule_set_parses() {
    let Some(files) = common::corpus() else {
        return;
    };
    let (mut typed, mut rules_seen, mut mdt) = (0, 0, 0);
    for (name, bytes) in &files {
        let doc = xml::read(bytes).unwrap();
        for step in steps(&doc) {
            match step.view() {
                StepView::Other { .. } => {}
                StepView::Mdt { .. } => mdt += 1,
                StepView::SetDynamicVariables(v) => {
                    let rules = xml::rules_of(&v).unwrap_or_else(|e| panic!("{name}: {e}"));
                    rules_seen += rules.rules.len();
                    let again = xml::read_rules(&xml::write_rules(&rules)).unwrap();
                    assert_eq!(again, rules, "{name}: rules round trip");
                    typed += 1;
                }
                view => {
                    // Reading and writing a view back leaves the step unchanged.
                    let mut copy = step.clone();
                    write_back(&view, &mut copy);
                    assert_eq!(&copy, step, "{name}: {view:?}");
                    typed += 1;
                }
            }
        }
    }
    eprintln!("{typed} typed steps, {mdt} MDT steps, {rules_seen} dynamic variable rules");
    assert!(
        typed > 800 && mdt > 150 && rules_seen > 100,
        "{typed} {mdt} {rules_seen}"
    );
}

fn write_back(view: &StepView, step: &mut Step) {
    match view {
        StepView::RunCommandLine(v) => v.write(step),
        StepView::RunPowerShellScript(v) => v.write(step),
        StepView::SetVariable(v) => v.write(step),
        StepView::SetDynamicVariables(v) => v.write(step),
        StepView::UpgradeOperatingSystem(v) => v.write(step),
        StepView::DownloadPackageContent(v) => v.write(step),
        StepView::InstallApplication(v) => v.write(step),
        StepView::InstallPackage(v) => v.write(step),
        StepView::InstallSoftwareUpdates(v) => v.write(step),
        StepView::CheckReadiness(v) => v.write(step),
        StepView::RestartComputer(v) => v.write(step),
        StepView::RunTaskSequence(v) => v.write(step),
        StepView::ApplyOperatingSystem(v) => v.write(step),
        StepView::ApplyDriverPackage(v) => v.write(step),
        StepView::PartitionDisk(v) => v.write(step),
        StepView::Mdt { .. } | StepView::Other { .. } => {}
    }
}

const FIXTURE: &str = r#"<sequence version="3.10">
  <step type="SMS_TaskSequence_DownloadPackageContentAction" name="Download" runIn="WinPEandFullOS" successCodeList="0" retryCount="0" runFromNet="false">
    <action>OSDDownloadContent.exe</action>
    <defaultVarList>
      <variable name="OSDDownloadDownloadPackages" property="DownloadPackages">TST00011, TST00012,</variable>
      <variable name="OSDDownloadDestinationLocationType" property="DestinationLocationType">Custom</variable>
      <variable name="OSDDownloadDestinationVariable" property="DestinationVariable">mycontent</variable>
      <variable name="OSDDownloadDestinationPath" property="DestinationCustomPath">D:\Content</variable>
    </defaultVarList>
  </step>
  <step type="SMS_TaskSequence_UpgradeOperatingSystemAction" name="Upgrade" runIn="FullOS" successCodeList="0 3010" retryCount="0" runFromNet="false">
    <action>OSDUpgradeOS.exe</action>
    <defaultVarList>
      <variable name="OSDUpgradeInstallPath" property="InstallPath">%mycontent01%</variable>
      <variable name="OSDUpgradeScanOnly" property="ScanOnly">True</variable>
    </defaultVarList>
  </step>
  <step type="SMS_TaskSequence_InstallApplicationAction" name="Apps" runIn="FullOS" successCodeList="0" retryCount="0" runFromNet="false">
    <action>smsappinstall.exe /app:x /basevar: /continueOnError:False</action>
    <defaultVarList>
      <variable name="OSDAppCount" property="NumApps">2</variable>
      <variable name="OSDApp0Name" property="Apps0Name">Contoso Agent</variable>
      <variable name="OSDApp1Name" property="Apps1Name">Contoso VPN</variable>
    </defaultVarList>
  </step>
  <step type="SMS_TaskSequence_PartitionDiskAction" name="Partition" runIn="WinPE" successCodeList="0" retryCount="0" runFromNet="false">
    <action>osddiskpart.exe</action>
    <defaultVarList>
      <variable name="OSDDiskIndex" property="DiskIndex">0</variable>
      <variable name="OSDPartitions" property="Partitions">11</variable>
      <variable name="OSDPartitions1Size" property="Partitions1Size">100</variable>
      <variable name="OSDPartitions10Size" property="Partitions10Size">5</variable>
    </defaultVarList>
  </step>
  <step type="SMS_TaskSequence_SetDynamicVariablesAction" name="Rules" runIn="WinPEandFullOS" successCodeList="0" retryCount="0" runFromNet="false">
    <action>OSDSetDynamicVariables.exe</action>
    <defaultVarList>
      <variable name="OSDSetDynamicVariablesRules" property="DynamicVariableRules">&lt;Rules&gt;&lt;Rule&gt;&lt;condition&gt;&lt;expression type="SMS_TaskSequence_MakeModelConditionExpression"&gt;&lt;variable name="Make"&gt;Dell*&lt;/variable&gt;&lt;variable name="Model"&gt;Latitude 7?40&lt;/variable&gt;&lt;/expression&gt;&lt;/condition&gt;&lt;Variables&gt;&lt;Variable Name="DriverPack" IsSecret="false"&gt;TST00099&lt;/Variable&gt;&lt;Variable Name="BiosPassword" IsSecret="true"&gt;x&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;&lt;/Rules&gt;</variable>
    </defaultVarList>
  </step>
  <step name="Untyped MDT step"><action>cscript.exe "%SCRIPTROOT%\ZTIGather.wsf"</action></step>
</sequence>"#;

#[test]
fn views_read_the_fixture() {
    let doc = xml::read(FIXTURE.as_bytes()).unwrap();
    let s = steps(&doc);
    let StepView::DownloadPackageContent(d) = s[0].view() else {
        panic!()
    };
    assert_eq!(d.package_ids(), ["TST00011", "TST00012"]);
    assert!(d.continues_on_error(), "default when unset");
    assert_eq!(d.destination_variable.as_deref(), Some("mycontent"));
    let StepView::UpgradeOperatingSystem(u) = s[1].view() else {
        panic!()
    };
    assert!(u.is_scan_only(), "`True` reads as true");
    assert_eq!(u.install_path.as_deref(), Some("%mycontent01%"));
    assert_eq!(
        InstallApplication::fixed_names(s[2]),
        ["Contoso Agent", "Contoso VPN"]
    );
    assert_eq!(
        PartitionDisk::partition(s[3], 1),
        [("Size".to_string(), "100".to_string())]
    );
    let StepView::SetDynamicVariables(r) = s[4].view() else {
        panic!()
    };
    let rules = xml::rules_of(&r).unwrap();
    let Some(Operand::Expression(e)) = rules.rules[0].condition.as_ref().map(|c| &c.operands[0])
    else {
        panic!()
    };
    assert!(matches!(&e.kind, ExpressionKind::MakeModel { make: Some(m), .. } if m == "Dell*"));
    assert!(rules.rules[0].variables[1].is_secret);
    assert!(matches!(
        s[5].view(),
        StepView::RunCommandLine(RunCommandLine {
            command_line: None,
            ..
        })
    ));
}

#[test]
fn views_write_back_into_the_variable_list() {
    let doc = xml::read(FIXTURE.as_bytes()).unwrap();
    let mut step = steps(&doc)[0].clone();
    let mut d = DownloadPackageContent::read(&step);
    d.destination_path = None;
    d.continue_on_error = Some("false".into());
    d.write(&mut step);
    assert_eq!(step.variable("OSDDownloadDestinationPath"), None);
    assert_eq!(
        step.variable("OSDDownloadContinueDownloadOnError"),
        Some("false")
    );
    assert_eq!(step.variables.as_ref().unwrap().len(), 4);

    let mut upgrade = steps(&doc)[1].clone();
    let mut u = UpgradeOperatingSystem::read(&upgrade);
    u.edition_index = Some("3".into());
    u.write(&mut upgrade);
    let again = xml::read(
        xml::write_sequence(
            &tasksequence::model::Sequence {
                children: vec![Node::Step(upgrade)],
                ..Default::default()
            },
            &Default::default(),
        )
        .as_bytes(),
    )
    .unwrap();
    let StepView::UpgradeOperatingSystem(u2) = steps(&again)[0].view() else {
        panic!()
    };
    assert_eq!(u2.edition_index.as_deref(), Some("3"));

    let mut rules_step = steps(&doc)[4].clone();
    let mut r = SetDynamicVariables::read(&rules_step);
    let mut rules = xml::rules_of(&r).unwrap();
    rules.rules[0]
        .variables
        .push(tasksequence::model::views::RuleVariable {
            name: "Extra".into(),
            value: "a<b".into(),
            is_secret: false,
        });
    xml::set_rules(&mut r, &rules);
    r.write(&mut rules_step);
    let back = xml::rules_of(&SetDynamicVariables::read(&rules_step)).unwrap();
    assert_eq!(back, rules);
}
