//! Any text: the WQL parser never panics; a parsed filter prints to text that parses to the same
//! filter, and evaluating the query against a profile's instances never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tasksequence::machine::{Instance, WmiValue};
use tasksequence::wql::Query;

fuzz_target!(|text: &str| {
    let Ok(query) = Query::parse(text) else { return };
    if let Some(filter) = query.filter() {
        let printed = format!("SELECT * FROM {} WHERE {filter}", query.class());
        match Query::parse(&printed) {
            Ok(again) => assert_eq!(again.filter(), Some(filter), "{printed}"),
            Err(err) => panic!("printed filter must parse: {err}\n{printed}"),
        }
    }
    let mut instance = Instance::new();
    instance.insert("Name".into(), WmiValue::String("Latitude 7490".into()));
    instance.insert("OSLanguage".into(), WmiValue::Int(1033));
    instance.insert("Version".into(), WmiValue::String("10.0.19045".into()));
    let _ = query.matches(&instance);
    let _ = query.project(&instance);
});
