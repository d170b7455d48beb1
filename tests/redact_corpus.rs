#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! The redacted JSON of every corpus file and fixture: it reads back as a document, every secret
//! setting reads `********`, and nothing but secret values changed.

mod common;

use tasksequence::model::{Node, Step};
use tasksequence::redact::{self, is_secret_setting};
use tasksequence::vars::{REDACTED, Secrets};
use tasksequence::xml::Document;

fn steps(doc: &Document) -> Vec<&Step> {
    doc.sequence
        .walk()
        .into_iter()
        .filter_map(|v| match v.node {
            Node::Step(s) => Some(s),
            _ => None,
        })
        .collect()
}

fn check(name: &str, bytes: &[u8]) -> usize {
    let doc = tasksequence::xml::read(bytes).unwrap();
    let json = redact::to_json(&doc, Secrets::Redact).unwrap();
    let shown = Document::from_json(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        redact::to_json(&doc, Secrets::Reveal).unwrap(),
        doc.to_json().unwrap(),
        "{name}: revealed is the lossless dump"
    );
    let (before, after) = (steps(&doc), steps(&shown));
    assert_eq!(before.len(), after.len(), "{name}");
    let mut hidden = 0;
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old.name, new.name, "{name}");
        assert_eq!(old.condition, new.condition, "{name}");
        let old_vars: Vec<_> = old.variables.iter().flat_map(|l| l.iter()).collect();
        let new_vars: Vec<_> = new.variables.iter().flat_map(|l| l.iter()).collect();
        assert_eq!(old_vars.len(), new_vars.len(), "{name}");
        for (o, n) in old_vars.iter().zip(&new_vars) {
            assert_eq!(o.name, n.name, "{name}");
            if is_secret_setting(old, o) && !o.value.is_empty() {
                assert_eq!(n.value, REDACTED, "{name}: {}", o.name);
                hidden += 1;
            } else if o.value.contains("IsSecret=\"true\"") {
                assert_ne!(o.value, n.value, "{name}: secret rule values are hidden");
                hidden += 1;
            } else {
                assert_eq!(o.value, n.value, "{name}: {}", o.name);
            }
        }
    }
    hidden
}

#[test]
fn redacted_json_of_the_corpus_and_fixtures() {
    let mut hidden = 0;
    for (name, bytes) in common::fixtures() {
        if tasksequence::xml::read(&bytes).is_ok() {
            hidden += check(&name, &bytes);
        }
    }
    let Some(files) = common::corpus() else {
        return;
    };
    for (name, bytes) in files {
        hidden += check(&name, &bytes);
    }
    assert!(hidden > 0, "the corpus holds secret settings");
}
