//! In-place upgrade: the Upgrade Operating System step, its compatibility scan, Check Readiness,
//! Download Package Content's numbered variable, and the template's Post-Processing and Rollback
//! groups.

use super::super::context::{Context, condition_label, expressions, variable_test};
use super::super::finding::Severity;
use super::super::rule::Rule;
use super::super::sink::Sink;
use super::shared::{
    RETURN_CODE_VARIABLES, SCAN_PASSED, UPGRADE_RETURN_CODE, flag, is_code, same_name,
};
use crate::codes::ReturnCode;
use crate::condition::{Operand, OperatorKind, VariableOperator};
use crate::locale::Architecture;
use crate::model::Node;
use crate::model::views::{StepView, UpgradeOperatingSystem};

pub(super) static RULES: &[Rule] = &[
    Rule {
        id: "TS001",
        name: "server-2016-upgrade-without-ignore-messages",
        severity: Severity::Error,
        what: "An Upgrade Operating System step installs a Windows Server 2016 package (per the package catalog) without \"Ignore any dismissible compatibility messages\".",
        why: "Windows Server 2016 setup needs `/Compat IgnoreWarning`: without it the upgrade stops at the first dismissible message.",
        fix: "Turn on \"Ignore any dismissible compatibility messages\" (`OSDUpgradeIgnoreMessages` = `true`).",
        source: "DOMAIN.md §1.7 (IgnoreMessages)",
        check: server_2016,
    },
    Rule {
        id: "TS002",
        name: "readiness-free-disk-space",
        severity: Severity::Warning,
        what: "In a sequence with an Upgrade Operating System step, Check Readiness does not check free disk space, or asks for less than 20480 MB (64-bit upgrade package) or 16384 MB (32-bit).",
        why: "Setup needs that much room; with less, the upgrade fails late (0xC190020E, 0x80070070) instead of at the readiness check.",
        fix: "Turn on \"Minimum free disk space\" and set it to at least 20480 MB for a 64-bit package, 16384 MB for a 32-bit one.",
        source: "DOMAIN.md §1.8 (IPU guidance), §4.1",
        check: readiness_disk,
    },
    Rule {
        id: "TS003",
        name: "download-variable-without-number",
        severity: Severity::Error,
        what: "A step after Download Package Content uses `%Base%`, the step's destination variable, without the number the engine adds (`%Base01%`).",
        why: "The engine always adds a two-digit number, even for one package: `Base` itself is never set, so the path stays `%Base%` and the step fails.",
        fix: "Use `%Base01%` for the first package of the list, `%Base02%` for the second, and so on.",
        source: "DOMAIN.md §1.4",
        check: download_variable,
    },
    Rule {
        id: "TS004",
        name: "return-code-not-unsigned-decimal",
        severity: Severity::Warning,
        what: "A condition compares a return-code variable (`_SMSTSOSUpgradeActionReturnCode`, `_SMSTSLastActionRetCode`) with a hex or negative value.",
        why: "The engine stores return codes as unsigned decimal (`3247440400`) and compares text unless both sides are decimal integers, so `0xC1900210` or `-1047526896` never matches.",
        fix: "Write the code in unsigned decimal (`tsq code` converts).",
        source: "DOMAIN.md §4.1, §4.3, §2.3",
        check: return_code_spelling,
    },
    Rule {
        id: "TS005",
        name: "scan-only-without-continue-on-error",
        severity: Severity::Error,
        what: "An Upgrade Operating System step runs the compatibility scan only but does not continue on error.",
        why: "A scan that finds nothing returns 0xC1900210 (3247440400), which is not 0: the step fails and so does the sequence, even on a ready machine.",
        fix: "Turn on Continue on error, and test `_SMSTSOSUpgradeActionReturnCode` in the next step.",
        source: "DOMAIN.md §4.3",
        check: scan_only,
    },
    Rule {
        id: "TS006",
        name: "compat-exit-without-condition",
        severity: Severity::Error,
        what: "A Run Command Line step runs `cmd /c exit %_SMSTSOSUpgradeActionReturnCode%` without the condition `_SMSTSOSUpgradeActionReturnCode != 3247440400`.",
        why: "Without the condition the step also runs when the scan passed, exits with 3247440400, and fails the sequence on every ready machine.",
        fix: "Add the condition: task sequence variable `_SMSTSOSUpgradeActionReturnCode` not equals `3247440400`.",
        source: "DOMAIN.md §4.3",
        check: compat_exit,
    },
    Rule {
        id: "TS007",
        name: "upgrade-group-without-rollback-condition",
        severity: Severity::Warning,
        what: "In an in-place upgrade, the Post-Processing or Rollback group has no condition on `_SMSTSSetupRollback`.",
        why: "After a failed upgrade Windows rolls back and the sequence resumes: without the condition Post-Processing runs on the old OS, or Rollback runs after a success.",
        fix: "Post-Processing: `_SMSTSSetupRollback equals false`; Rollback: `_SMSTSSetupRollback equals true`.",
        source: "DOMAIN.md §6 (default IPU template), §1.7",
        check: rollback_groups,
    },
    Rule {
        id: "TS008",
        name: "upgrade-package-not-in-catalog",
        severity: Severity::Warning,
        what: "An Upgrade Operating System step names a package that the package catalog does not list as an OS upgrade package.",
        why: "The catalog is what pre-caching and the other package rules read; a package missing from it, or of another type, is probably a wrong ID.",
        fix: "Check the package ID, or add the package to the catalog with `\"type\":\"os_upgrade\"`.",
        source: "DOMAIN.md §5, §1.7",
        check: package_in_catalog,
    },
];

fn upgrades<'c>(ctx: &'c Context<'_>) -> impl Iterator<Item = (usize, &'c UpgradeOperatingSystem)> {
    ctx.steps().filter_map(|(i, _, view)| match view {
        StepView::UpgradeOperatingSystem(u) => Some((i, u)),
        _ => None,
    })
}

fn server_2016(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let Some(catalog) = ctx.catalog() else {
        return;
    };
    for (i, up) in upgrades(ctx) {
        let Some(package) = up
            .install_package_id
            .as_deref()
            .and_then(|id| catalog.get(id))
        else {
            continue;
        };
        if !package.name.to_ascii_lowercase().contains("server 2016")
            || flag(up.ignore_messages.as_deref()) == Some(true)
        {
            continue;
        }
        sink.node(
            i,
            format!(
                "Upgrade Operating System installs `{}` ({}), a Windows Server 2016 package, without \"Ignore any dismissible compatibility messages\"",
                package.name, package.id
            ),
            "turn on \"Ignore any dismissible compatibility messages\" (`OSDUpgradeIgnoreMessages` = `true`): Windows Server 2016 setup stops at them otherwise".into(),
        );
    }
}

/// The free space an upgrade needs, from what is known of its package's architecture, and what
/// the figure is based on.
fn needed_space(ctx: &Context<'_>, readiness_arch: Option<&str>) -> (u64, &'static str) {
    let from_catalog: Vec<Architecture> = ctx
        .catalog()
        .map(|catalog| {
            upgrades(ctx)
                .filter_map(|(_, u)| u.install_package_id.as_deref())
                .filter_map(|id| catalog.get(id)?.architecture())
                .collect()
        })
        .unwrap_or_default();
    if from_catalog.iter().any(|a| a.bits() == 64) {
        return (20480, "for the 64-bit upgrade package");
    }
    if !from_catalog.is_empty() {
        return (16384, "for the 32-bit upgrade package");
    }
    match readiness_arch.and_then(Architecture::parse) {
        Some(a) if a.bits() == 64 => (20480, "for a 64-bit upgrade"),
        Some(_) => (16384, "for a 32-bit upgrade"),
        // Unknown: the lower figure, so that no 32-bit sequence is told to ask for too much.
        None => (
            16384,
            "even for a 32-bit package (20480 MB for a 64-bit one; give the package catalog to know)",
        ),
    }
}

fn readiness_disk(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    if upgrades(ctx).next().is_none() {
        return;
    }
    for (i, _, view) in ctx.steps() {
        let StepView::CheckReadiness(cr) = view else {
            continue;
        };
        let (needed, basis) = needed_space(ctx, cr.os_architecture.as_deref());
        // An absent switch is the SDK's default, which is on (DOMAIN §8.6).
        if flag(cr.check_free_disk_space.as_deref()) == Some(false) {
            sink.node(
                i,
                "Check Readiness does not check free disk space before the upgrade".into(),
                format!("turn on \"Minimum free disk space\" with at least {needed} MB {basis}"),
            );
            continue;
        }
        let Some(value) = cr.free_disk_space.as_deref() else {
            continue;
        };
        match value.trim().parse::<u64>() {
            Ok(mb) if mb >= needed => {}
            Ok(mb) => sink.node(
                i,
                format!("Check Readiness asks for {mb} MB of free disk space; the upgrade needs {needed} MB {basis}"),
                format!("set \"Minimum free disk space\" (`OSDFreeDiskSpace`) to at least {needed}"),
            ),
            Err(_) => sink.node(
                i,
                format!("Check Readiness's free disk space `{value}` is not a number of megabytes"),
                format!("set `OSDFreeDiskSpace` to a whole number of megabytes, at least {needed}"),
            ),
        }
    }
}

/// Whether anything in the sequence sets `name` itself: a global, Set Task Sequence Variable,
/// Set Dynamic Variables, or a step's output variable.
fn set_anywhere(ctx: &Context<'_>, name: &str) -> bool {
    let globals = ctx
        .doc
        .xml
        .sequence
        .globals
        .iter()
        .flat_map(|g| g.iter())
        .any(|v| same_name(&v.name, name));
    let steps = ctx.steps().any(|(_, _, view)| match view {
        StepView::SetVariable(s) => s.name.as_deref().is_some_and(|n| same_name(n, name)),
        StepView::RunCommandLine(r) => r
            .output_variable
            .as_deref()
            .is_some_and(|n| same_name(n, name)),
        StepView::RunPowerShellScript(r) => r
            .output_variable
            .as_deref()
            .is_some_and(|n| same_name(n, name)),
        _ => false,
    });
    let dynamic = ctx
        .dynamic_variables
        .iter()
        .any(|d| same_name(&d.variable.name, name));
    globals || steps || dynamic
}

fn download_variable(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let downloads: Vec<(usize, String, &str)> = ctx
        .steps()
        .filter_map(|(i, step, view)| match view {
            StepView::DownloadPackageContent(d) => {
                let base = d.destination_variable.as_deref()?.trim();
                (!base.is_empty())
                    .then(|| (i, base.to_string(), step.name.as_deref().unwrap_or("")))
            }
            _ => None,
        })
        .collect();
    for (first, base, download_name) in &downloads {
        if set_anywhere(ctx, base) {
            continue;
        }
        let help = format!(
            "use `%{base}01%` (the first package of the step's list; `{base}02` for the second, and so on)"
        );
        for (i, info) in ctx.nodes.iter().enumerate().skip(first + 1) {
            let in_text = info
                .step()
                .is_some_and(|s| ctx.step_references(s).iter().any(|r| same_name(r, base)));
            let in_condition = info.node.condition().is_some_and(|c| {
                expressions(c)
                    .into_iter()
                    .filter_map(variable_test)
                    .any(|(n, _, _)| same_name(n, base))
            });
            if in_text || in_condition {
                let how = if in_text {
                    format!("`%{base}%`")
                } else {
                    format!("`{base}` in its condition")
                };
                sink.node(
                    i,
                    format!(
                        "uses {how}, which is never set: Download Package Content `{download_name}` saves the path as `{base}01` (the number is always added, even for one package)"
                    ),
                    help.clone(),
                );
            }
        }
    }
}

fn return_code_spelling(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, condition, rule) in ctx.conditions() {
        for (name, op, value) in expressions(condition).into_iter().filter_map(variable_test) {
            if !RETURN_CODE_VARIABLES.iter().any(|v| same_name(v, name))
                || matches!(op, VariableOperator::Exists | VariableOperator::NotExists)
            {
                continue;
            }
            let text = value.trim();
            let unsigned_decimal = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
            let Ok(code) = ReturnCode::parse(text) else {
                continue;
            };
            if unsigned_decimal {
                continue;
            }
            sink.node(
                i,
                format!(
                    "{} compares `{name}` with `{text}`, but the engine stores return codes as unsigned decimal",
                    condition_label(rule)
                ),
                format!("write `{}` instead of `{text}`", code.unsigned()),
            );
        }
    }
}

fn scan_only(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, step, view) in ctx.steps() {
        if let StepView::UpgradeOperatingSystem(up) = view
            && up.is_scan_only()
            && !step.options.continues_on_error()
        {
            sink.node(
                i,
                "the compatibility scan (scan only) does not continue on error: a scan that finds nothing returns 0xC1900210 and fails the sequence".into(),
                "turn on Continue on error, and test `_SMSTSOSUpgradeActionReturnCode` in the next step".into(),
            );
        }
    }
}

/// Whether a condition holds `_SMSTSOSUpgradeActionReturnCode != 3247440400` (as a not-equals
/// test, or an equals test under `not`).
fn guards_scan_result(condition: &crate::condition::Condition) -> bool {
    let mut stack: Vec<(&Operand, bool)> = condition.operands.iter().map(|o| (o, false)).collect();
    while let Some((op, negated)) = stack.pop() {
        match op {
            Operand::Operator(o) => {
                let negated = negated ^ (o.kind == OperatorKind::Not);
                stack.extend(o.operands.iter().map(|c| (c, negated)));
            }
            Operand::Expression(e) => {
                if let Some((name, op, value)) = variable_test(e)
                    && same_name(name, UPGRADE_RETURN_CODE)
                    && is_code(value, SCAN_PASSED)
                {
                    let wanted = if negated {
                        VariableOperator::Equals
                    } else {
                        VariableOperator::NotEquals
                    };
                    if op == wanted {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

fn compat_exit(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, step, view) in ctx.steps() {
        let StepView::RunCommandLine(r) = view else {
            continue;
        };
        let command = r
            .command_line
            .as_deref()
            .or(step.action.as_deref())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let compact: String = command.split_whitespace().collect::<Vec<_>>().join(" ");
        if !compact.contains("exit %_smstsosupgradeactionreturncode%") {
            continue;
        }
        let guarded = std::iter::once(i)
            .chain(ctx.ancestors(i))
            .filter_map(|n| ctx.nodes.get(n)?.node.condition())
            .any(guards_scan_result);
        if !guarded {
            sink.node(
                i,
                "`exit %_SMSTSOSUpgradeActionReturnCode%` runs without the condition `_SMSTSOSUpgradeActionReturnCode != 3247440400`: it fails the sequence even when the scan passed".into(),
                "add the condition: task sequence variable `_SMSTSOSUpgradeActionReturnCode` not equals `3247440400`".into(),
            );
        }
    }
}

fn rollback_groups(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    if !upgrades(ctx).any(|(_, u)| !u.is_scan_only()) {
        return;
    }
    for (i, info) in ctx.nodes.iter().enumerate() {
        let Node::Group(g) = info.node else {
            continue;
        };
        let key: String = g
            .name
            .as_deref()
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let wanted = match key.as_str() {
            "postprocessing" => "false",
            "rollback" => "true",
            _ => continue,
        };
        let tests_rollback = g.condition.as_ref().is_some_and(|c| {
            expressions(c)
                .into_iter()
                .filter_map(variable_test)
                .any(|(n, _, _)| same_name(n, "_SMSTSSetupRollback"))
        });
        if !tests_rollback {
            sink.node(
                i,
                format!(
                    "group `{}` has no condition on `_SMSTSSetupRollback`, so it also runs when the upgrade {}",
                    g.name.as_deref().unwrap_or_default(),
                    if wanted == "true" { "succeeded" } else { "rolled back" }
                ),
                format!("add the condition: task sequence variable `_SMSTSSetupRollback` equals `{wanted}`"),
            );
        }
    }
}

fn package_in_catalog(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let Some(catalog) = ctx.catalog() else {
        return;
    };
    for (i, up) in upgrades(ctx) {
        let Some(id) = up
            .install_package_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            continue;
        };
        match catalog.get(id) {
            None => sink.node(
                i,
                format!("Upgrade Operating System uses package `{id}`, which the package catalog does not list"),
                "check the package ID, or add the package to the catalog".into(),
            ),
            Some(p) if !p.is_os_upgrade() => sink.node(
                i,
                format!("Upgrade Operating System uses `{}` ({id}), which the catalog lists as `{}`, not an OS upgrade package", p.name, p.kind),
                "point the step at an OS upgrade package".into(),
            ),
            Some(_) => {}
        }
    }
}
