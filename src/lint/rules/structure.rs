//! The shape of the sequence: names, descriptions, success codes, step kinds that cannot run
//! where they are, child sequences, empty groups and disabled steps.

use super::super::context::Context;
use super::super::finding::Severity;
use super::super::rule::Rule;
use super::super::sink::Sink;
use super::shared::same_name;
use crate::model::views::{InstallApplication, StepView};
use crate::model::{Node, RunIn};

pub(super) static RULES: &[Rule] = &[
    Rule {
        id: "TS030",
        name: "duplicate-step-name",
        severity: Severity::Warning,
        what: "Two steps of one group (or of the top level) have the same name.",
        why: "Logs, `_SMSTSLastActionName`/`_SMSTSCurrentActionName` conditions and status messages cannot tell them apart.",
        fix: "Give each step of a group its own name.",
        source: "DOMAIN.md §3.5 (`_SMSTSLastActionName`), README \"tsq check\"",
        check: duplicate_names,
    },
    Rule {
        id: "TS031",
        name: "step-name-too-long",
        severity: Severity::Warning,
        what: "A step or group name is longer than 50 characters.",
        why: "The console allows at most 50; the sequence cannot be edited and saved there as it is.",
        fix: "Shorten the name to 50 characters; move the rest to the description.",
        source: "DOMAIN.md §1.1, §8.5",
        check: long_names,
    },
    Rule {
        id: "TS032",
        name: "description-too-long",
        severity: Severity::Warning,
        what: "A step or group description is longer than 256 characters.",
        why: "The console allows at most 256 (the SDK 255); the sequence cannot be edited and saved there as it is.",
        fix: "Shorten the description to 255 characters.",
        source: "DOMAIN.md §1.1, §8.5",
        check: long_descriptions,
    },
    Rule {
        id: "TS033",
        name: "success-codes-not-numbers",
        severity: Severity::Error,
        what: "A success-code list (`successCodeList`, `successCodes`, a step's `SuccessCodes` setting) holds something other than decimal numbers separated by spaces.",
        why: "The list is space-separated decimal integers (`0 3010`); anything else does not read as the codes meant, and a successful exit is taken for a failure.",
        fix: "Write the codes in decimal, separated by spaces (`tsq code` converts hex).",
        source: "DOMAIN.md §1.1, §1.6",
        check: success_codes,
    },
    Rule {
        id: "TS034",
        name: "too-many-applications",
        severity: Severity::Warning,
        what: "An Install Application step lists more than 9 applications.",
        why: "The console's Install Application step holds at most 9 applications; a longer list cannot be edited there.",
        fix: "Split the list over several Install Application steps, or use the dynamic variable list (`Base01`, `Base02`…).",
        source: "DOMAIN.md §1.5, README \"tsq check\"",
        check: too_many_apps,
    },
    Rule {
        id: "TS035",
        name: "winpe-step-in-full-os-sequence",
        severity: Severity::Error,
        what: "A step that runs only in Windows PE (by its type or `runIn=\"WinPE\"`) is in a sequence that never leaves the full OS (an in-place upgrade with no restart into Windows PE).",
        why: "The step can never run where it is: the engine fails it.",
        fix: "Remove the step, or restart into Windows PE (Restart Computer, boot image) before it.",
        source: "DOMAIN.md §1.1, §1.3 (Env column), §6",
        check: winpe_only,
    },
    Rule {
        id: "TS036",
        name: "child-sequence-includes-itself",
        severity: Severity::Error,
        what: "A Run Task Sequence step runs the sequence's own package.",
        why: "A sequence that includes itself never ends expanding: ConfigMgr refuses it.",
        fix: "Point the step at another task sequence.",
        source: "DOMAIN.md §1.9 (Run Task Sequence)",
        check: includes_itself,
    },
    Rule {
        id: "TS037",
        name: "empty-group",
        severity: Severity::Info,
        what: "A group holds no step.",
        why: "Often a placeholder of a template (the upgrade template's Battery Checks…) that was never filled.",
        fix: "Add the steps it was meant for, or remove it.",
        source: "DOMAIN.md §6 (default IPU template)",
        check: empty_groups,
    },
    Rule {
        id: "TS038",
        name: "disabled-step",
        severity: Severity::Info,
        what: "A step or group is disabled.",
        why: "It never runs, and kept steps drift out of date; worth a look before deploying.",
        fix: "Remove it if it is not coming back.",
        source: "DOMAIN.md §1.2, §6",
        check: disabled,
    },
];

fn duplicate_names(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    // Names seen per parent group (`None` = the top level), ASCII case folded as the engine does.
    let mut seen: std::collections::HashSet<(Option<usize>, String)> =
        std::collections::HashSet::new();
    for (i, info) in ctx.nodes.iter().enumerate() {
        let Node::Step(step) = info.node else {
            continue;
        };
        let name = step.name.as_deref().unwrap_or_default();
        if name.trim().is_empty() {
            continue;
        }
        if !seen.insert((info.parent, name.trim().to_ascii_lowercase())) {
            sink.node(
                i,
                format!("another step of this group is also named `{name}`"),
                "give each step of a group its own name".into(),
            );
        }
    }
}

fn long_names(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, info) in ctx.nodes.iter().enumerate() {
        let length = info.node.name().chars().count();
        if length > 50 {
            sink.node(
                i,
                format!("the name is {length} characters long; the console allows 50"),
                "shorten the name to 50 characters and move the rest to the description".into(),
            );
        }
    }
}

fn long_descriptions(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, info) in ctx.nodes.iter().enumerate() {
        let description = match info.node {
            Node::Group(g) => g.description.as_deref(),
            Node::Step(s) => s.description.as_deref(),
            Node::Raw { .. } => None,
        };
        let length = description.map_or(0, |d| d.chars().count());
        if length > 256 {
            sink.node(
                i,
                format!("the description is {length} characters long; the console allows 256"),
                "shorten the description to 255 characters".into(),
            );
        }
    }
}

/// The first entry of a success-code list that is not a decimal integer.
fn bad_code(list: &str) -> Option<&str> {
    list.split_whitespace().find(|token| {
        let digits = token.strip_prefix('-').unwrap_or(token);
        digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 10
    })
}

fn success_codes(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, step, view) in ctx.steps() {
        let setting = match view {
            StepView::RunCommandLine(r) => r.success_codes.as_deref(),
            StepView::RunPowerShellScript(r) => r.success_codes.as_deref(),
            _ => None,
        };
        let lists = [
            (
                "`successCodeList`",
                step.options.success_code_list.as_deref(),
            ),
            ("`successCodes`", step.options.success_codes.as_deref()),
            ("the `SuccessCodes` setting", setting),
        ];
        for (what, list) in lists {
            let Some(list) = list else {
                continue;
            };
            if let Some(token) = bad_code(list) {
                sink.node(
                    i,
                    format!("{what} `{list}` holds `{token}`, which is not a decimal return code"),
                    "write the codes in decimal separated by spaces, e.g. `0 3010` (`tsq code` converts hex)".into(),
                );
            }
        }
    }
}

fn too_many_apps(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, step, view) in ctx.steps() {
        let StepView::InstallApplication(app) = view else {
            continue;
        };
        let listed = InstallApplication::fixed_names(step).len();
        let counted = app
            .app_count
            .as_deref()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .unwrap_or(0);
        let count = listed.max(counted);
        if count > 9 {
            sink.node(
                i,
                format!("Install Application lists {count} applications; the console's step holds at most 9"),
                "split the list over several Install Application steps, or use a dynamic variable list".into(),
            );
        }
    }
}

/// Step types that run only in Windows PE.
const WINPE_ONLY: &[&str] = &[
    "SMS_TaskSequence_PartitionDiskAction",
    "SMS_TaskSequence_OfflineEnableBitLockerAction",
    "SMS_TaskSequence_ApplyOperatingSystemAction",
    "SMS_TaskSequence_ApplyDataImageAction",
    "SMS_TaskSequence_CaptureSystemImageAction",
    "SMS_TaskSequence_AutoApplyAction",
    "SMS_TaskSequence_ApplyDriverPackageAction",
    "SMS_TaskSequence_ApplyNetworkSettingsAction",
    "SMS_TaskSequence_ApplyWindowsSettingsAction",
    "SMS_TaskSequence_SetupWindowsAndSMSAction",
];

fn winpe_only(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let mut upgrades = false;
    let mut enters_winpe = false;
    for (_, _, view) in ctx.steps() {
        match view {
            StepView::UpgradeOperatingSystem(u) => upgrades |= !u.is_scan_only(),
            StepView::RestartComputer(r) => {
                enters_winpe |= r
                    .target
                    .as_deref()
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("WinPE"));
            }
            _ => {}
        }
    }
    if !upgrades || enters_winpe {
        return;
    }
    for (i, step, _) in ctx.steps() {
        if ctx.nodes.get(i).is_some_and(|n| n.disabled) {
            continue;
        }
        let type_name = step.type_name.as_deref().unwrap_or_default();
        let by_type = WINPE_ONLY.iter().any(|t| t.eq_ignore_ascii_case(type_name));
        let by_option = step.options.run_in == Some(RunIn::WinPe);
        if by_type || by_option {
            let why = if by_type {
                format!("a `{type_name}` step")
            } else {
                "a step set to run in Windows PE (`runIn=\"WinPE\"`)".to_string()
            };
            sink.node(
                i,
                format!("{why} runs only in Windows PE, and this in-place upgrade never restarts into Windows PE"),
                "remove the step, or restart into Windows PE before it".into(),
            );
        }
    }
}

fn includes_itself(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let Some(own) = ctx
        .doc
        .xml
        .package
        .as_ref()
        .and_then(|p| p.package_id.as_deref())
        .map(str::trim)
        .filter(|id| !id.is_empty())
    else {
        return;
    };
    for (i, _, view) in ctx.steps() {
        if let StepView::RunTaskSequence(r) = view
            && r.package_id.as_deref().is_some_and(|id| same_name(id, own))
        {
            sink.node(
                i,
                format!("Run Task Sequence runs `{own}`, the package of this very sequence"),
                "point the step at another task sequence".into(),
            );
        }
    }
}

fn empty_groups(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, info) in ctx.nodes.iter().enumerate() {
        if let Node::Group(g) = info.node
            && !g
                .children
                .iter()
                .any(|c| matches!(c, Node::Group(_) | Node::Step(_)))
        {
            sink.node(
                i,
                format!("group `{}` holds no step", info.node.name()),
                "add the steps it was meant for, or remove it".into(),
            );
        }
    }
}

fn disabled(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, info) in ctx.nodes.iter().enumerate() {
        if !info.node.is_disabled() {
            continue;
        }
        let what = match info.node {
            Node::Group(_) => "group",
            _ => "step",
        };
        let message = format!("{what} `{}` is disabled and never runs", info.node.name());
        sink.node(
            i,
            message,
            format!("remove the {what} if it is not coming back"),
        );
    }
}
