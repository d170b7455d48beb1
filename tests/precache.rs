#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! Pre-cache plans on the repository's examples and fixtures: every rule of the client's package
//! selection (site versions, deployments, attribute-less packages, every spelling of
//! architecture and language), the warnings beyond the console, and fleets.

mod common;

use std::path::PathBuf;

use tasksequence::machine::MachineProfile;
use tasksequence::precache::{
    Catalog, Fleet, PackageType, Plan, PlanOptions, Planner, SiteVersion, WarningKind, When,
    document_packages,
};
use tasksequence::xml;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

fn example_sequence() -> xml::Document {
    xml::read(read("examples/upgrade-multilang.xml").as_bytes()).unwrap()
}

fn example_catalog() -> Catalog {
    Catalog::from_json(&read("examples/packages.json")).unwrap()
}

fn profile(name: &str) -> MachineProfile {
    MachineProfile::from_json(&read(&format!("examples/machines/{name}"))).unwrap()
}

fn ids(entries: &[tasksequence::precache::PlanEntry]) -> Vec<&str> {
    entries.iter().map(|e| e.id.as_str()).collect()
}

/// A machine with exactly these facts.
fn client(arch: &str, language: &str, model: &str) -> MachineProfile {
    MachineProfile::from_json(&format!(
        r#"{{"wmi":{{"root\\cimv2":{{"Win32_OperatingSystem":[{{"OSArchitecture":{arch},"OSLanguage":{language}}}],"Win32_ComputerSystemProduct":[{{"Name":"{model}"}}]}}}}}}"#
    ))
    .unwrap()
}

fn plan_with(
    doc: &xml::Document,
    catalog: &Catalog,
    machine: &MachineProfile,
    options: &str,
) -> Plan {
    Planner::for_document(doc, catalog, PlanOptions::from_json(options).unwrap()).plan_for(machine)
}

#[test]
fn each_example_machine_downloads_its_own_packages() {
    let doc = example_sequence();
    let catalog = example_catalog();
    let options = PlanOptions::from_json(&format!(
        r#"{{"site_version":2103,"deployment":{}}}"#,
        read("examples/deployment.json")
    ))
    .unwrap();
    let planner = Planner::for_document(&doc, &catalog, options);
    let cases = [
        (
            "win10-x64-en-us-laptop.json",
            vec!["PS100101", "PS100202", "PS100301", "PS100401"],
        ),
        (
            "win11-x64-de-de-desktop.json",
            vec!["PS100102", "PS100201", "PS100301", "PS100302", "PS100401"],
        ),
        (
            "win10-x86-fr-fr.json",
            vec!["PS100203", "PS100301", "PS100401"],
        ),
        (
            "win11-arm64-ja-jp.json",
            vec!["PS100104", "PS100301", "PS100401"],
        ),
    ];
    for (machine, expected) in cases {
        let plan = planner.plan_for(&profile(machine));
        assert_eq!(ids(&plan.download), expected, "{machine}");
        assert_eq!(
            plan.download.len() + plan.skip.len(),
            10,
            "{machine}: every reference once"
        );
        assert!(
            !plan.downloads("PS100105"),
            "catalog packages the sequence never names are left out"
        );
        assert!(!plan.skip.iter().any(|e| e.id == "PS100105"));
        assert_eq!(plan.start.when, When::Now, "{machine}");
        let sizes: u64 = plan.download.iter().filter_map(|e| e.size_mb).sum();
        assert_eq!(plan.total_mb, sizes, "{machine}");
        let unexpected: Vec<_> = plan
            .warnings
            .iter()
            .filter(|w| machine != "win10-x86-fr-fr.json" || w.kind != WarningKind::NotCached)
            .collect();
        assert!(unexpected.is_empty(), "{machine}: {unexpected:?}");
    }
}

#[test]
fn a_mislabelled_package_is_caught_beyond_the_console() {
    // The catalog labels the 32-bit French package x64: the client skips it, but the step for
    // French 32-bit machines runs and needs it.
    let doc = example_sequence();
    let plan = Planner::for_document(&doc, &example_catalog(), PlanOptions::default())
        .plan_for(&profile("win10-x86-fr-fr.json"));
    assert_eq!(plan.warnings.len(), 1, "{:?}", plan.warnings);
    let w = &plan.warnings[0];
    assert_eq!(w.kind, WarningKind::NotCached);
    assert_eq!(w.package.as_deref(), Some("PS100103"));
    assert_eq!(
        w.step.as_deref(),
        Some("Upgrade the Operating System/Upgrade fr-FR x86")
    );
    assert!(
        w.message.contains("(architecture x64 ≠ client x86)"),
        "{}",
        w.message
    );
    // Labelled right, the same machine pre-caches it and nothing is said.
    let fixed = read("examples/packages.json").replace(
        r#""type": "os_upgrade", "architecture": "x64", "language": "0x040C""#,
        r#""type": "os_upgrade", "architecture": "x86", "language": "0x040C""#,
    );
    let plan = Planner::for_document(
        &doc,
        &Catalog::from_json(&fixed).unwrap(),
        PlanOptions::default(),
    )
    .plan_for(&profile("win10-x86-fr-fr.json"));
    assert!(plan.downloads("PS100103"));
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
}

#[test]
fn every_spelling_of_architecture_and_language() {
    let doc = xml::read(br#"<sequence version="3.10"><referenceList><reference package="PS100001"/></referenceList></sequence>"#).unwrap();
    let catalog_arch = ["x64", "X64", "amd64", "AMD64", "64-bit", "x86_64", "9"];
    let catalog_lang = [
        r#"1031"#,
        r#""1031""#,
        r#""0x0407""#,
        r#""0407""#,
        r#""de-DE""#,
        r#""de_de""#,
        r#""German (Germany)""#,
    ];
    let machines = [
        client(r#""64-bit""#, "1031", "x"),
        client(r#""64-Bit""#, r#""1031""#, "x"),
        client(r#""64 bits""#, "1031", "x"),
    ];
    for arch in catalog_arch {
        for lang in catalog_lang {
            let catalog = Catalog::from_json(&format!(
                r#"[{{"id":"PS100001","name":"p","type":"os_upgrade","architecture":"{arch}","language":{lang}}}]"#
            ))
            .unwrap();
            for m in &machines {
                let plan = plan_with(&doc, &catalog, m, "");
                assert_eq!(
                    plan.download.first().map(|e| e.reason.as_str()),
                    Some("architecture x64 and language 1031 (de-DE) match the client"),
                    "{arch} {lang}"
                );
            }
        }
    }
    let arm = Catalog::from_json(
        r#"[{"id":"PS100001","name":"p","type":"os_upgrade","architecture":"arm64"}]"#,
    )
    .unwrap();
    assert!(
        plan_with(
            &doc,
            &arm,
            &client(r#""ARM 64-bit Processor""#, "1041", "x"),
            ""
        )
        .downloads("PS100001")
    );
    assert!(!plan_with(&doc, &arm, &client(r#""64-bit""#, "1041", "x"), "").downloads("PS100001"));
    let x86 = Catalog::from_json(
        r#"[{"id":"PS100001","name":"p","type":"package","architecture":"32-bit"}]"#,
    )
    .unwrap();
    assert!(plan_with(&doc, &x86, &client(r#""32 bits""#, "1036", "x"), "").downloads("PS100001"));
    assert_eq!(
        plan_with(&doc, &x86, &client(r#""64-bit""#, "1036", "x"), "").skip[0].reason,
        "architecture x86 ≠ client x64"
    );
}

#[test]
fn packages_without_attributes_match_any_client() {
    let doc = xml::read(
        br#"<sequence version="3.10"><referenceList>
        <reference package="PS100001"/><reference package="PS100002"/><reference package="PS100003"/>
        <reference package="PS100004"/><reference package="PS100005"/></referenceList></sequence>"#,
    )
    .unwrap();
    let catalog = Catalog::from_json(
        r#"[{"id":"PS100001","name":"a","type":"os_upgrade"},{"id":"PS100002","name":"b","type":"os_image","architecture":""},
            {"id":"PS100003","name":"c","type":"driver","model":null},{"id":"PS100004","name":"d","type":"package"},
            {"id":"PS100005","name":"e","type":"boot_image"}]"#,
    )
    .unwrap();
    for m in [
        client(r#""64-bit""#, "1033", "Latitude"),
        client(r#""32-bit""#, "1041", "OptiPlex"),
        client(r#""ARM 64-bit Processor""#, "2052", "Surface"),
    ] {
        for site in ["", r#"{"site_version":1902}"#, r#"{"site_version":1906}"#] {
            let plan = plan_with(&doc, &catalog, &m, site);
            assert_eq!(plan.download.len(), 5, "{site}: {:?}", plan.skip);
        }
    }
}

#[test]
fn site_version_boundaries() {
    let doc = xml::read(
        br#"<sequence version="3.10"><referenceList>
        <reference package="PS100001"/><reference package="PS100002"/><reference package="PS100003"/><reference package="PS100004"/>
        </referenceList></sequence>"#,
    )
    .unwrap();
    let catalog = Catalog::from_json(
        r#"[{"id":"PS100001","name":"upgrade de","type":"os_upgrade","language":"de-DE"},
            {"id":"PS100002","name":"image de","type":"os_image","language":"de-DE"},
            {"id":"PS100003","name":"dell","type":"driver","model":"OptiPlex"},
            {"id":"PS100004","name":"tools de","type":"package","language":"de-DE"}]"#,
    )
    .unwrap();
    let m = client(r#""64-bit""#, "1033", "Latitude 7490");
    let downloaded = |options: &str| {
        let plan = plan_with(&doc, &catalog, &m, options);
        (
            ids(&plan.download)
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>(),
            plan.start.when,
        )
    };
    let unfiltered = vec!["PS100002".to_string(), "PS100003".into(), "PS100004".into()];
    for old in [1702, 1802, 1810, 1902, 1905] {
        assert_eq!(
            downloaded(&format!(r#"{{"site_version":{old}}}"#)),
            (unfiltered.clone(), When::Now),
            "{old}"
        );
    }
    for new in [1906, 1910, 2103, 2403] {
        assert_eq!(
            downloaded(&format!(r#"{{"site_version":{new}}}"#)),
            (vec![], When::Never),
            "{new}"
        );
    }
    assert_eq!(downloaded(""), (vec![], When::Never));
    let (_, when) = downloaded(r#"{"site_version":1610}"#);
    assert_eq!(when, When::Never);
    assert!(SiteVersion::new(1701).unwrap() < SiteVersion::FIRST_PRECACHE);
}

#[test]
fn each_deployment_case() {
    let doc = example_sequence();
    let catalog = example_catalog();
    let m = profile("win10-x64-en-us-laptop.json");
    let start = |deployment: &str| {
        plan_with(
            &doc,
            &catalog,
            &m,
            &format!(r#"{{"deployment":{deployment}}}"#),
        )
        .start
    };
    let cases = [
        (
            r#"{"purpose":"required","pre_download":true}"#,
            When::Never,
            "available deployments only: this one is required",
        ),
        (
            r#"{"purpose":"available","pre_download":false}"#,
            When::Never,
            "pre-download content for this task sequence is off",
        ),
        (
            r#"{"purpose":"available","pre_download":true}"#,
            When::Now,
            "no available time: the client downloads as soon as it receives the deployment",
        ),
        (
            r#"{"purpose":"available","pre_download":true,"available_time":"2024-06-01T18:00:00Z","now":"2024-06-03T08:00:00Z"}"#,
            When::Now,
            "available since 2024-06-01T18:00:00Z, before now (2024-06-03T08:00:00Z)",
        ),
        (
            r#"{"purpose":"available","pre_download":true,"available_time":"2024-06-05T18:00:00+02:00","now":"2024-06-03T08:00:00Z"}"#,
            When::At,
            "the deployment becomes available at 2024-06-05T18:00:00+02:00, after now (2024-06-03T08:00:00Z)",
        ),
    ];
    for (deployment, when, reason) in cases {
        let s = start(deployment);
        assert_eq!((s.when, s.reason.as_str()), (when, reason), "{deployment}");
    }
}

#[test]
fn referenced_packages_missing_from_the_catalog_are_downloaded() {
    let doc = xml::read(read("tests/data/ipu-small.xml").as_bytes()).unwrap();
    let plan = plan_with(
        &doc,
        &Catalog::default(),
        &profile("win10-x64-en-us-laptop.json"),
        "",
    );
    assert_eq!(ids(&plan.download), ["TSQ00010", "TSQ00011"]);
    for e in &plan.download {
        assert_eq!(e.name, None);
        assert!(e.reason.starts_with("not in the catalog"), "{}", e.reason);
    }
    // Named by a Download Package Content step and the reference list only: no type implied.
    assert_eq!(plan.download[0].kind, None);
}

#[test]
fn object_xml_boot_images_are_never_filtered() {
    let doc = xml::read(read("tests/data/package-object.xml").as_bytes()).unwrap();
    let catalog = Catalog::from_json(
        r#"[{"id":"TST00002","name":"Boot image x86","type":"boot_image","architecture":"x86"},
            {"id":"TST00007","name":"Upgrade x86","type":"os_upgrade","architecture":"x86"}]"#,
    )
    .unwrap();
    let plan = plan_with(&doc, &catalog, &profile("win10-x64-en-us-laptop.json"), "");
    assert_eq!(ids(&plan.download), ["TST00002"]);
    assert_eq!(plan.download[0].reason, "boot images are not filtered");
    assert_eq!(plan.download[0].kind, Some(PackageType::BootImage));
    assert_eq!(ids(&plan.skip), ["TST00007"]);
}

#[test]
fn the_template_planned_on_every_example_machine() {
    let doc = tasksequence::template::UpgradeTemplate::new("PS100101")
        .unwrap()
        .recommended(true)
        .build();
    let catalog = example_catalog();
    for machine in [
        "win10-x64-en-us-laptop.json",
        "win11-x64-de-de-desktop.json",
    ] {
        let plan = Planner::for_document(&doc, &catalog, PlanOptions::default())
            .plan_for(&profile(machine));
        let english = machine.contains("en-us");
        assert_eq!(plan.downloads("PS100101"), english, "{machine}");
        // Both the assessment and the upgrade use the package; on the German machine neither
        // has its content in advance.
        let not_cached = plan
            .warnings
            .iter()
            .filter(|w| w.kind == WarningKind::NotCached)
            .count();
        assert_eq!(
            not_cached,
            if english { 0 } else { 2 },
            "{machine}: {:?}",
            plan.warnings
        );
    }
}

#[test]
fn a_fleet_totals_what_its_plans_say() {
    let doc = example_sequence();
    let catalog = example_catalog();
    let planner = Planner::for_document(&doc, &catalog, PlanOptions::default());
    let dir = root().join("examples/machines");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let mut fleet = Fleet::new();
    let mut expected_mb = 0;
    let mut tools = 0;
    for name in &names {
        let plan = planner.plan_for(&profile(name));
        expected_mb += plan.total_mb;
        tools += usize::from(plan.downloads("PS100301"));
        fleet.add(name, &plan);
    }
    assert_eq!(fleet.machines(), names.len());
    assert_eq!(fleet.total_mb(), expected_mb);
    let per_package: u64 = fleet.packages().iter().filter_map(|p| p.total_mb).sum();
    assert_eq!(per_package, expected_mb);
    let row = fleet
        .packages()
        .iter()
        .find(|p| p.id == "PS100301")
        .unwrap();
    assert_eq!(row.clients, tools);
    let ordered: Vec<&str> = fleet.packages().iter().map(|p| p.id.as_str()).collect();
    let mut sorted = ordered.clone();
    sorted.sort_unstable();
    assert_eq!(ordered, sorted);
}

#[test]
fn every_corpus_sequence_is_planned_without_losing_a_reference() {
    let Some(files) = common::corpus() else {
        return;
    };
    let m = profile("win10-x64-en-us-laptop.json");
    let mut planned = 0;
    for (name, bytes) in files {
        let Ok(doc) = xml::read(&bytes) else {
            continue;
        };
        planned += 1;
        let referenced = document_packages(&doc);
        // Half the references in a catalog, with attributes that exclude this machine, so both
        // lists are exercised.
        let entries: Vec<String> = referenced
            .iter()
            .step_by(2)
            .map(|r| {
                format!(
                    r#"{{"id":{:?},"name":"x","type":"os_upgrade","language":"ja-JP"}}"#,
                    r.id
                )
            })
            .collect();
        let catalog = Catalog::from_json(&format!("[{}]", entries.join(","))).unwrap();
        let plan = Planner::for_document(&doc, &catalog, PlanOptions::default()).plan_for(&m);
        assert_eq!(
            plan.download.len() + plan.skip.len(),
            referenced.len(),
            "{name}"
        );
        assert_eq!(plan.skip.len(), entries.len(), "{name}");
        serde_json::from_str::<serde_json::Value>(&plan.to_json()).unwrap();
        assert!(!plan.to_string().is_empty());
    }
    assert!(planned >= 30, "{planned} corpus files planned");
}
