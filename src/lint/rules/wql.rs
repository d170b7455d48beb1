//! WMI query conditions: queries that do not parse, classes asked in the wrong namespace, and
//! the architecture test that also matches ARM64.

use super::super::context::{Context, condition_label, expressions};
use super::super::finding::Severity;
use super::super::rule::Rule;
use super::super::sink::Sink;
use crate::condition::ExpressionKind;
use crate::wql::{Expr, Query, WqlErrorKind};

pub(super) static RULES: &[Rule] = &[
    Rule {
        id: "TS015",
        name: "wql-does-not-parse",
        severity: Severity::Error,
        what: "A WMI query condition is not valid WQL (a syntax error, an unterminated string, an empty query).",
        why: "WMI rejects the query on the client; the condition fails and so does the step or group, on every machine.",
        fix: "Correct the query (`tsq eval 'wmi(\"…\")'` shows where it stops).",
        source: "DOMAIN.md §2.3 (WMI query), README \"WQL conditions\"",
        check: does_not_parse,
    },
    Rule {
        id: "TS016",
        name: "wql-class-not-in-namespace",
        severity: Severity::Warning,
        what: "A WMI query asks for a well-known class in a namespace that does not hold it (`Win32_*` outside `root\\cimv2`, `Lenovo_*` outside `root\\wmi`, `Win32_Tpm` outside `root\\cimv2\\Security\\MicrosoftTpm`…).",
        why: "WMI answers \"invalid class\": the query fails on every machine.",
        fix: "Set the expression's namespace to the class's own (the message names it).",
        source: "DOMAIN.md §2.1, §2.3 (Namespace)",
        check: class_namespace,
    },
    Rule {
        id: "TS017",
        name: "architecture-like-matches-arm64",
        severity: Severity::Info,
        what: "A WMI query tests `OSArchitecture LIKE '%64%'`, which ARM64 Windows (`ARM 64-bit Processor`) also matches.",
        why: "Content meant for x64 (an x64 upgrade package, x64 drivers) would be chosen on ARM64 devices too.",
        fix: "Add `AND NOT OSArchitecture LIKE '%ARM%'`, or test `Win32_Processor.Architecture = 9` for x64.",
        source: "DOMAIN.md §2.3, §5, §7.2",
        check: arm64_like,
    },
];

/// The queries of a condition with their namespace (`None` = the default `root\cimv2`).
fn queries(condition: &crate::condition::Condition) -> Vec<(Option<&str>, &str)> {
    expressions(condition)
        .into_iter()
        .filter_map(|e| match &e.kind {
            ExpressionKind::Wmi { namespace, query } => {
                Some((namespace.as_deref(), query.as_str()))
            }
            _ => None,
        })
        .collect()
}

fn does_not_parse(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, condition, rule) in ctx.conditions() {
        for (_, query) in queries(condition) {
            match Query::parse(query) {
                // What the parser does not evaluate may still be valid WQL.
                Ok(_)
                | Err(crate::wql::WqlError {
                    kind: WqlErrorKind::Unsupported(_),
                    ..
                }) => {}
                Err(e) => sink.node(
                    i,
                    format!(
                        "{} has a WMI query that is not valid WQL: {e}",
                        condition_label(rule)
                    ),
                    format!("correct the query `{}`", query.trim()),
                ),
            }
        }
    }
}

/// Namespaces of well-known classes, by class name or name prefix (lower case), most specific
/// first.
const CLASS_NAMESPACES: &[(&str, bool, &str)] = &[
    ("win32_tpm", false, r"root\cimv2\Security\MicrosoftTpm"),
    (
        "win32_encryptablevolume",
        false,
        r"root\cimv2\Security\MicrosoftVolumeEncryption",
    ),
    ("win32_", true, r"root\cimv2"),
    ("cim_", true, r"root\cimv2"),
    ("lenovo_", true, r"root\wmi"),
    ("ms_systeminformation", false, r"root\wmi"),
    ("batterystatus", false, r"root\wmi"),
    ("msacpi_", true, r"root\wmi"),
    ("wmimonitorid", false, r"root\wmi"),
    ("hp_bios", true, r"root\HP\InstrumentedBIOS"),
    ("dcim_", true, r"root\dcim\sysman"),
    ("msft_disk", false, r"root\Microsoft\Windows\Storage"),
    (
        "msft_physicaldisk",
        false,
        r"root\Microsoft\Windows\Storage",
    ),
    ("msft_partition", false, r"root\Microsoft\Windows\Storage"),
    ("msft_volume", false, r"root\Microsoft\Windows\Storage"),
];

fn home_namespace(class: &str) -> Option<&'static str> {
    let lower = class.to_ascii_lowercase();
    CLASS_NAMESPACES
        .iter()
        .find(|(key, prefix, _)| {
            if *prefix {
                lower.starts_with(key)
            } else {
                lower == *key
            }
        })
        .map(|(_, _, ns)| *ns)
}

/// A namespace in one spelling: lower case, `\` separators, no machine prefix, no doubled or
/// trailing separators.
fn normalize(namespace: &str) -> String {
    let lower = namespace.trim().replace('/', "\\").to_ascii_lowercase();
    let without_machine = ["\\\\.\\", "\\\\localhost\\"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower);
    without_machine
        .split('\\')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\\")
}

fn class_namespace(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, condition, rule) in ctx.conditions() {
        for (namespace, query) in queries(condition) {
            let Ok(q) = Query::parse(query) else {
                continue;
            };
            let class = q.class().as_str();
            let Some(home) = home_namespace(class) else {
                continue;
            };
            let asked = namespace
                .filter(|n| !n.trim().is_empty())
                .unwrap_or(r"root\cimv2");
            if normalize(asked) != normalize(home) {
                sink.node(
                    i,
                    format!(
                        "{} asks for `{class}` in namespace `{asked}`, which does not hold it",
                        condition_label(rule)
                    ),
                    format!("set the namespace to `{home}`"),
                );
            }
        }
    }
}

/// Whether the filter holds a `LIKE` on `OSArchitecture` that matches both x64's and ARM64's
/// English values.
fn matches_both(expr: &Expr) -> bool {
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        match e {
            Expr::And(items) | Expr::Or(items) => stack.extend(items),
            // Under NOT the LIKE excludes instead of selecting.
            Expr::Not(_) => {}
            Expr::Like(t) => {
                if !t.negated
                    && t.property.folded() == "osarchitecture"
                    && t.pattern.matches("64-bit")
                    && t.pattern.matches("ARM 64-bit Processor")
                {
                    return true;
                }
            }
            Expr::Compare(_) | Expr::IsNull(_) => {}
        }
    }
    false
}

/// Whether the filter already keeps ARM out (`NOT OSArchitecture LIKE '%ARM%'` or similar).
fn excludes_arm(expr: &Expr) -> bool {
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        match e {
            Expr::And(items) | Expr::Or(items) => stack.extend(items),
            Expr::Not(inner) => {
                if let Expr::Like(t) = inner.as_ref()
                    && t.pattern.matches("ARM 64-bit Processor")
                    && !t.pattern.matches("64-bit")
                {
                    return true;
                }
            }
            Expr::Like(t) => {
                if t.negated
                    && t.pattern.matches("ARM 64-bit Processor")
                    && !t.pattern.matches("64-bit")
                {
                    return true;
                }
            }
            Expr::Compare(_) | Expr::IsNull(_) => {}
        }
    }
    false
}

fn arm64_like(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, condition, rule) in ctx.conditions() {
        for (_, query) in queries(condition) {
            let Ok(q) = Query::parse(query) else {
                continue;
            };
            let Some(filter) = q.filter() else {
                continue;
            };
            if q.class().folded() == "win32_operatingsystem"
                && matches_both(filter)
                && !excludes_arm(filter)
            {
                sink.node(
                    i,
                    format!(
                        "{} tests `OSArchitecture LIKE` a pattern that ARM64 Windows (`ARM 64-bit Processor`) matches as well as x64",
                        condition_label(rule)
                    ),
                    "if the content is for x64 only, add `AND NOT OSArchitecture LIKE '%ARM%'` (or test `Win32_Processor.Architecture = 9`)".into(),
                );
            }
        }
    }
}
