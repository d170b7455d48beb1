#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

//! Condition evaluation through the public API: real corpus conditions against the example
//! machine profiles, and the variable sources a caller can use.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use tasksequence::condition::{
    CompiledCondition, Condition, EvalContext, EvalError, NoVariables, Outcome, Variables,
};
use tasksequence::machine::{Host, MachineProfile};
use tasksequence::vars::Environment;
use tasksequence::xml;

fn profiles() -> Vec<(String, MachineProfile)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/machines");
    let mut out: Vec<(String, MachineProfile)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let profile =
                MachineProfile::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, profile)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn environment(profile: &MachineProfile) -> Environment {
    let mut env = Environment::new();
    for (name, value) in profile.variables() {
        env.set_engine(name, value, false).unwrap();
    }
    env
}

#[test]
fn every_corpus_condition_evaluates_the_same_way_every_way() {
    let Some(files) = common::corpus() else {
        return;
    };
    let profiles = profiles();
    assert!(!profiles.is_empty());
    let (mut t, mut f, mut e) = (0, 0, 0);
    for (name, bytes) in files {
        let doc = xml::read(&bytes).unwrap();
        for visit in doc.sequence.walk() {
            let Some(c) = visit.node.condition() else {
                continue;
            };
            let compiled = CompiledCondition::new(c.clone());
            for (pname, profile) in &profiles {
                let env = environment(profile);
                let ctx = EvalContext::new(&env).with_host(profile as &dyn Host);
                let plain = c.evaluate(&ctx);
                assert_eq!(
                    compiled.evaluate(&ctx),
                    plain,
                    "{name}: {} on {pname}",
                    visit.path_text()
                );
                let (again, why) = compiled.evaluate_explained(&ctx);
                assert_eq!(again, plain);
                match &plain {
                    Ok(true) => {
                        t += 1;
                        assert_eq!(why.value, Outcome::True);
                    }
                    Ok(false) => {
                        f += 1;
                        assert_eq!(why.value, Outcome::False);
                    }
                    Err(err) => {
                        e += 1;
                        assert_eq!(why.value, Outcome::Error);
                        assert_eq!(why.error.as_deref(), Some(err.to_string().as_str()));
                    }
                }
                // The explanation text of the root is the condition's text.
                assert_eq!(why.text, c.to_text());
            }
        }
    }
    println!("corpus conditions × example machines: {t} true, {f} false, {e} errors");
    assert!(t > 0 && f > 0);
}

#[test]
fn upgrade_wizard_groups_against_example_machines() {
    let Some(files) = common::corpus() else {
        return;
    };
    let Some((_, bytes)) = files.iter().find(|(n, _)| n.starts_with("057_")) else {
        println!("skipping: 057 is not in the corpus");
        return;
    };
    let doc = xml::read(bytes).unwrap();
    let profiles = profiles();
    let (_, laptop) = profiles
        .iter()
        .find(|(n, _)| n.starts_with("win10-x64"))
        .unwrap();
    let mut env = environment(laptop);
    env.set_engine("_SMSTSOSUpgradeActionReturnCode", "3247440400", false)
        .unwrap();
    env.set_engine("_SMSTSSetupRollback", "false", false)
        .unwrap();
    let ctx = EvalContext::new(&env).with_host(laptop as &dyn Host);
    let mut seen = BTreeMap::new();
    for visit in doc.sequence.walk() {
        if let Some(c) = visit.node.condition() {
            seen.insert(visit.node.name().to_string(), c.evaluate(&ctx));
        }
    }
    assert_eq!(seen.get("Post-Processing"), Some(&Ok(true)), "{seen:?}");
    assert_eq!(seen.get("Rollback"), Some(&Ok(false)), "{seen:?}");
    assert_eq!(
        seen.get("Run Actions on Failure"),
        Some(&Ok(true)),
        "{seen:?}"
    );
}

#[test]
fn os_language_and_architecture_conditions_on_each_machine() {
    let c: Condition =
        r#"wmi("SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%' AND OSLanguage='1033'")"#
            .parse()
            .unwrap();
    let mut results = BTreeMap::new();
    for (name, profile) in profiles() {
        let ctx = EvalContext::empty().with_host(&profile as &dyn Host);
        results.insert(name, c.evaluate(&ctx).unwrap());
    }
    assert_eq!(results.get("win10-x64-en-us-laptop.json"), Some(&true));
    assert_eq!(results.get("win10-x86-fr-fr.json"), Some(&false));
    assert_eq!(results.get("win11-x64-de-de-desktop.json"), Some(&false));
}

#[test]
fn variable_sources() {
    let c: Condition = r#"make == "LENOVO" and Model like "20XW*""#.parse().unwrap();
    let hash: HashMap<String, String> = HashMap::from([
        ("Make".to_string(), "Lenovo".to_string()),
        ("MODEL".to_string(), "20XW003GUS".to_string()),
    ]);
    let tree: BTreeMap<String, String> = hash.clone().into_iter().collect();
    let pairs: Vec<(&str, &str)> = vec![("MAKE", "lenovo"), ("model", "20xw")];
    let mut env = Environment::new();
    env.set_engine("Make", "LENOVO", false).unwrap();
    env.set_engine("Model", "20XW1", false).unwrap();
    let sources: [&dyn Variables; 4] = [&hash, &tree, &pairs, &env];
    for vars in sources {
        assert_eq!(c.evaluate(&EvalContext::new(vars)), Ok(true));
    }
    assert_eq!(c.evaluate(&EvalContext::new(&NoVariables)), Ok(false));
}

#[test]
fn errors_name_what_failed() {
    let c: Condition = r#"wmi("SELECT * FROM Win32_NoSuchClass")"#.parse().unwrap();
    let profiles = profiles();
    let ctx = EvalContext::empty().with_host(&profiles[0].1 as &dyn Host);
    let err = c.evaluate(&ctx).unwrap_err();
    assert!(matches!(err, EvalError::Wmi { .. }));
    let message = err.to_string();
    assert!(
        message.starts_with("wmi query `SELECT * FROM Win32_NoSuchClass` in `root\\cimv2` failed:"),
        "{message}"
    );
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["wmi"]["query"], "SELECT * FROM Win32_NoSuchClass");
}
