//! Variables the sequence sets: read-only names, invalid names, long values, secrets shown, and
//! Set Dynamic Variables rules that do not read.

use super::super::context::Context;
use super::super::finding::Severity;
use super::super::rule::Rule;
use super::super::sink::Sink;
use crate::model::views::StepView;
use crate::vars::{MAX_VALUE_LEN, is_secret_name, validate_name, validate_user_name};

pub(super) static RULES: &[Rule] = &[
    Rule {
        id: "TS020",
        name: "set-read-only-variable",
        severity: Severity::Error,
        what: "Set Task Sequence Variable, Set Dynamic Variables or a step's output variable sets a read-only variable (a name starting with `_`).",
        why: "The engine refuses to set read-only variables: the step fails.",
        fix: "Use a name that starts with a letter.",
        source: "DOMAIN.md §1.9, §3.1",
        check: read_only,
    },
    Rule {
        id: "TS021",
        name: "invalid-variable-name",
        severity: Severity::Error,
        what: "A variable the sequence sets (or a Download Package Content destination variable) has an invalid name: empty, over 256 characters, or with characters other than letters, digits, `_` and `-`, or not starting with a letter.",
        why: "The engine rejects the name when the step runs.",
        fix: "Rename the variable: a letter first, then letters, digits, `_` or `-`.",
        source: "DOMAIN.md §3.2",
        check: invalid_name,
    },
    Rule {
        id: "TS022",
        name: "variable-value-too-long",
        severity: Severity::Error,
        what: "A variable the sequence sets has a value over 4000 characters.",
        why: "Values hold at most 4000 characters; a longer one cannot be set.",
        fix: "Shorten the value, or split it over several variables.",
        source: "DOMAIN.md §3.2",
        check: long_value,
    },
    Rule {
        id: "TS023",
        name: "secret-value-shown",
        severity: Severity::Warning,
        what: "A variable whose name marks a secret (`*Password*`, `*ProductKey*`, the BitLocker PIN…) is set without \"Do not display this value\".",
        why: "The value then shows in the editor, in smsts.log and in the debugger.",
        fix: "Turn on \"Do not display this value\" (Set Dynamic Variables: \"Secret value\") and type the value again.",
        source: "DOMAIN.md §1.9, §3.4",
        check: secret_shown,
    },
    Rule {
        id: "TS024",
        name: "dynamic-rules-unreadable",
        severity: Severity::Error,
        what: "A Set Dynamic Variables step's rules (`OSDSetDynamicVariablesRules`) are not well-formed XML.",
        why: "The engine cannot read the rules, so the step fails; no rule of it is checked either.",
        fix: "Recreate the rules in the console, or correct the escaped XML.",
        source: "DOMAIN.md §1.9, README \"Typed views\"",
        check: unreadable_rules,
    },
];

/// A variable the sequence sets.
struct Assignment<'c> {
    node: Option<usize>,
    /// What sets it, for messages.
    by: String,
    name: &'c str,
    value: Option<&'c str>,
    secret: bool,
    /// Whether setting it is an assignment by a step (and so subject to read-only rules).
    by_step: bool,
}

fn assignments<'c>(ctx: &'c Context<'_>) -> Vec<Assignment<'c>> {
    let mut out = Vec::new();
    for v in ctx.doc.xml.sequence.globals.iter().flat_map(|g| g.iter()) {
        out.push(Assignment {
            node: None,
            by: "the sequence's global variables".into(),
            name: &v.name,
            value: Some(&v.value),
            secret: v.hidden == Some(true),
            by_step: false,
        });
    }
    for (i, step, view) in ctx.steps() {
        match view {
            StepView::SetVariable(s) => out.push(Assignment {
                node: Some(i),
                by: "Set Task Sequence Variable".into(),
                name: s.name.as_deref().unwrap_or_default(),
                value: Some(s.value.as_deref().unwrap_or_default()),
                secret: s.is_secret(step),
                by_step: true,
            }),
            StepView::RunCommandLine(r) => {
                if let Some(n) = r
                    .output_variable
                    .as_deref()
                    .filter(|n| !n.trim().is_empty())
                {
                    out.push(Assignment {
                        node: Some(i),
                        by: "the step's output variable".into(),
                        name: n,
                        value: None,
                        secret: false,
                        by_step: true,
                    });
                }
            }
            StepView::RunPowerShellScript(r) => {
                if let Some(n) = r
                    .output_variable
                    .as_deref()
                    .filter(|n| !n.trim().is_empty())
                {
                    out.push(Assignment {
                        node: Some(i),
                        by: "the step's output variable".into(),
                        name: n,
                        value: None,
                        secret: false,
                        by_step: true,
                    });
                }
            }
            StepView::DownloadPackageContent(d) => {
                if let Some(n) = d
                    .destination_variable
                    .as_deref()
                    .filter(|n| !n.trim().is_empty())
                {
                    out.push(Assignment {
                        node: Some(i),
                        by: "Download Package Content's destination variable".into(),
                        name: n,
                        value: None,
                        secret: false,
                        by_step: true,
                    });
                }
            }
            _ => {}
        }
    }
    for d in &ctx.dynamic_variables {
        out.push(Assignment {
            node: Some(d.node),
            by: format!("rule {} of Set Dynamic Variables", d.number),
            name: &d.variable.name,
            value: Some(&d.variable.value),
            secret: d.variable.is_secret,
            by_step: true,
        });
    }
    out
}

fn report(sink: &mut Sink<'_>, at: Option<usize>, message: String, help: String) {
    match at {
        Some(i) => sink.node(i, message, help),
        None => sink.file(message, help),
    }
}

fn read_only(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for a in assignments(ctx) {
        let name = a.name.trim();
        if a.by_step && name.starts_with('_') {
            report(
                sink,
                a.node,
                format!(
                    "{} sets `{name}`, a read-only variable (its name starts with `_`)",
                    a.by
                ),
                "read-only variables cannot be set; use a name that starts with a letter".into(),
            );
        }
    }
}

fn invalid_name(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for a in assignments(ctx) {
        // Surrounding spaces are ignored by the engine.
        let name = a.name.trim();
        // Read-only names are the business of TS020; only their characters are checked here.
        let checked = if name.starts_with('_') || !a.by_step {
            validate_name(name)
        } else {
            validate_user_name(name)
        };
        if let Err(e) = checked {
            report(
                sink,
                a.node,
                format!("{} uses an invalid variable name: {e}", a.by),
                "a name starts with a letter and holds letters, digits, `_` and `-`, at most 256 characters".into(),
            );
        }
    }
}

fn long_value(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for a in assignments(ctx) {
        let Some(value) = a.value else {
            continue;
        };
        let length = value.chars().count();
        if length > MAX_VALUE_LEN {
            report(
                sink,
                a.node,
                format!(
                    "{} sets `{}` to a value of {length} characters; values hold at most {MAX_VALUE_LEN}",
                    a.by,
                    a.name.trim()
                ),
                "shorten the value, or split it over several variables".into(),
            );
        }
    }
}

fn secret_shown(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for a in assignments(ctx) {
        let Some(value) = a.value else {
            continue;
        };
        if a.secret || value.is_empty() || !is_secret_name(a.name) {
            continue;
        }
        report(
            sink,
            a.node,
            format!(
                "{} sets `{}`, a secret by its name, without \"Do not display this value\"",
                a.by,
                a.name.trim()
            ),
            "turn on \"Do not display this value\" (Set Dynamic Variables: \"Secret value\") and type the value again".into(),
        );
    }
}

fn unreadable_rules(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, message) in &ctx.unreadable_rules {
        sink.node(
            *i,
            format!("the step's rules (`OSDSetDynamicVariablesRules`) do not read: {message}"),
            "recreate the rules in the console, or correct the escaped XML".into(),
        );
    }
}
