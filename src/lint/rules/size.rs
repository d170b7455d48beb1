//! The size of the whole sequence against what ConfigMgr can save.

use super::super::context::Context;
use super::super::finding::Severity;
use super::super::rule::Rule;
use super::super::sink::Sink;

/// ConfigMgr's limit on a task sequence's XML: 2 MB, taken as 2 MiB (2,097,152 bytes).
const LIMIT: usize = 2 * 1024 * 1024;

/// From three quarters of the limit on, the sequence is near it.
const NEAR: usize = LIMIT / 4 * 3;

pub(super) static RULES: &[Rule] = &[
    Rule {
        id: "TS039",
        name: "sequence-too-large",
        severity: Severity::Error,
        what: "The sequence's XML is larger than 2 MB.",
        why: "ConfigMgr cannot save a task sequence over 2 MB: the import or the edit fails.",
        fix: "Move parts into child sequences (Run Task Sequence), or remove disabled steps and long inline scripts.",
        source: "README \"tsq check\" (ConfigMgr's task sequence size limit)",
        check: too_large,
    },
    Rule {
        id: "TS040",
        name: "sequence-near-size-limit",
        severity: Severity::Warning,
        what: "The sequence's XML is over 1.5 MB, three quarters of the 2 MB limit.",
        why: "A few more steps and it can no longer be saved.",
        fix: "Plan to move parts into child sequences before the limit is reached.",
        source: "README \"tsq check\" (ConfigMgr's task sequence size limit)",
        check: near_limit,
    },
];

fn megabytes(bytes: usize) -> String {
    format!("{:.2} MB", bytes as f64 / (1024.0 * 1024.0))
}

fn too_large(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let size = ctx.doc.xml_size;
    if size > LIMIT {
        sink.file(
            format!("the sequence's XML is {size} bytes ({}), over ConfigMgr's 2 MB limit", megabytes(size)),
            "move parts into child sequences (Run Task Sequence), or remove disabled steps and long inline scripts".into(),
        );
    }
}

fn near_limit(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let size = ctx.doc.xml_size;
    if size > NEAR && size <= LIMIT {
        sink.file(
            format!(
                "the sequence's XML is {size} bytes ({}), near ConfigMgr's 2 MB limit",
                megabytes(size)
            ),
            "plan to move parts into child sequences before the limit is reached".into(),
        );
    }
}
