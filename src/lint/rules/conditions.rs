//! Conditions on task sequence variables: wildcards, contradictions and tautologies, tests that
//! come too early, and operators newer than the site.

use super::super::context::{Context, condition_label, expressions, operand_lists, variable_test};
use super::super::finding::Severity;
use super::super::rule::Rule;
use super::super::sink::Sink;
use super::shared::{UPGRADE_RETURN_CODE, same_name};
use crate::condition::compare::{parse_integer, values_equal};
use crate::condition::text::print_operand;
use crate::condition::{ExpressionKind, Operand, OperatorKind, VariableOperator};
use crate::model::views::StepView;

pub(super) static RULES: &[Rule] = &[
    Rule {
        id: "TS010",
        name: "like-with-wql-wildcards",
        severity: Severity::Warning,
        what: "A task sequence variable `like` (or Make and Model) pattern uses WQL's wildcards `%` or `_`.",
        why: "Task sequence variable patterns use `*` (any run) and `?` (one character); `%` and `_` match only themselves, so the test is false where a wildcard was meant.",
        fix: "Write `*` for `%` and `?` for `_`.",
        source: "DOMAIN.md §2.3, §8.2",
        check: wql_wildcards,
    },
    Rule {
        id: "TS011",
        name: "condition-never-true",
        severity: Severity::Warning,
        what: "A condition can never be true: two tests of one variable that cannot both hold under `and` (`A == 1 and A == 2`, `exists` and `not exists`, `A > 5 and A < 3`), an empty `or`, or `not like \"*\"`.",
        why: "The step or group never runs; usually a typo or `and` written for `or`.",
        fix: "Correct the values, or combine the tests with `or` if either should do.",
        source: "DOMAIN.md §2.2, §2.3",
        check: never_true,
    },
    Rule {
        id: "TS012",
        name: "condition-always-true",
        severity: Severity::Warning,
        what: "A condition is always true: two tests of one variable of which one always holds under `or` (`A == 1 or A != 1`, `exists` or `not exists`), or `like \"*\"`.",
        why: "The condition does nothing; usually `or` written for `and`, or a value left out.",
        fix: "Correct the tests, combine them with `and`, or remove the condition.",
        source: "DOMAIN.md §2.2, §2.3",
        check: always_true,
    },
    Rule {
        id: "TS013",
        name: "upgrade-return-code-before-upgrade",
        severity: Severity::Warning,
        what: "A condition tests `_SMSTSOSUpgradeActionReturnCode` before any Upgrade Operating System step has run.",
        why: "Only the Upgrade Operating System step sets the variable; before it the variable is unset and the test does not mean what it says.",
        fix: "Move the test after the upgrade step (or allow the rule in a child sequence whose parent runs the upgrade).",
        source: "DOMAIN.md §1.7, §3.5",
        check: return_code_too_early,
    },
    Rule {
        id: "TS014",
        name: "not-like-before-2103",
        severity: Severity::Error,
        what: "A condition uses `notLike`, and the site version given is older than 2103.",
        why: "`notLike` (\"Not like\") exists from ConfigMgr 2103; older clients do not evaluate it.",
        fix: "Write `not` around a `like` test, or upgrade the site.",
        source: "DOMAIN.md §2.3, §8.2",
        check: not_like_version,
    },
];

fn wql_wildcards(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, condition, rule) in ctx.conditions() {
        for e in expressions(condition) {
            let patterns: Vec<(&str, &str)> = match &e.kind {
                ExpressionKind::Variable {
                    name,
                    operator: VariableOperator::Like | VariableOperator::NotLike,
                    value,
                } => vec![(name.as_str(), value.as_str())],
                ExpressionKind::MakeModel { make, model } => [("Make", make), ("Model", model)]
                    .into_iter()
                    .filter_map(|(n, v)| Some((n, v.as_deref()?)))
                    .collect(),
                _ => continue,
            };
            for (name, pattern) in patterns {
                let has_own = pattern.contains(['*', '?']);
                if !(pattern.contains('%') || (pattern.contains('_') && !has_own)) {
                    continue;
                }
                let fixed: String = pattern
                    .chars()
                    .map(|c| match c {
                        '%' => '*',
                        '_' if !has_own => '?',
                        other => other,
                    })
                    .collect();
                sink.node(
                    i,
                    format!(
                        "{} matches `{name}` against `{pattern}`: `%` and `_` are WQL wildcards, not task sequence ones",
                        condition_label(rule)
                    ),
                    format!("write `{fixed}` (`*` any run of characters, `?` one character)"),
                );
            }
        }
    }
}

/// A variable test as a pair analysis sees it.
struct Test<'a> {
    operand: &'a Operand,
    name: &'a str,
    op: VariableOperator,
    value: &'a str,
}

fn tests(operands: &[Operand]) -> Vec<Test<'_>> {
    operands
        .iter()
        .filter_map(|operand| match operand {
            Operand::Expression(e) => {
                let (name, op, value) = variable_test(e)?;
                Some(Test {
                    operand,
                    name,
                    op,
                    value,
                })
            }
            _ => None,
        })
        .collect()
}

fn only_stars(pattern: &str) -> bool {
    !pattern.is_empty() && pattern.chars().all(|c| c == '*')
}

/// Two tests of one variable that cannot both hold.
fn exclusive(a: &Test<'_>, b: &Test<'_>) -> bool {
    use VariableOperator as V;
    let eq = |x: &str, y: &str| values_equal(x, y, false).0;
    match (a.op, b.op) {
        (V::Equals, V::Equals) => !eq(a.value, b.value),
        (V::Equals, V::NotEquals) | (V::NotEquals, V::Equals) => eq(a.value, b.value),
        (V::Exists, V::NotExists) | (V::NotExists, V::Exists) => true,
        // Not set compares as "", which equals no non-empty value.
        (V::NotExists, V::Equals) => !b.value.is_empty(),
        (V::Equals, V::NotExists) => !a.value.is_empty(),
        _ => false,
    }
}

/// Two tests of one variable of which one always holds.
fn covering(a: &Test<'_>, b: &Test<'_>) -> bool {
    use VariableOperator as V;
    match (a.op, b.op) {
        (V::Equals, V::NotEquals) | (V::NotEquals, V::Equals) => {
            values_equal(a.value, b.value, false).0
        }
        (V::Exists, V::NotExists) | (V::NotExists, V::Exists) => true,
        _ => false,
    }
}

/// Integer bounds of one variable under `and` that leave no value: `A > 5 and A < 3`.
fn empty_range<'t>(tests: &[&'t Test<'t>]) -> Option<(&'t Test<'t>, &'t Test<'t>)> {
    use VariableOperator as V;
    let mut low: Option<(i128, &Test<'_>)> = None;
    let mut high: Option<(i128, &Test<'_>)> = None;
    for t in tests {
        let Some(v) = parse_integer(t.value.trim()) else {
            continue;
        };
        let (lo, hi) = match t.op {
            V::Greater => (v.checked_add(1), None),
            V::GreaterEqual => (Some(v), None),
            V::Less => (None, v.checked_sub(1)),
            V::LessEqual => (None, Some(v)),
            V::Equals => (Some(v), Some(v)),
            _ => continue,
        };
        if let Some(lo) = lo
            && low.is_none_or(|(l, _)| lo > l)
        {
            low = Some((lo, t));
        }
        if let Some(hi) = hi
            && high.is_none_or(|(h, _)| hi < h)
        {
            high = Some((hi, t));
        }
    }
    match (low, high) {
        (Some((l, a)), Some((h, b))) if l > h => Some((a, b)),
        _ => None,
    }
}

/// Pairs of tests of the same variable, in order.
fn same_variable_pairs<'t>(
    tests: &'t [Test<'t>],
) -> impl Iterator<Item = (&'t Test<'t>, &'t Test<'t>)> {
    tests.iter().enumerate().flat_map(move |(i, a)| {
        tests
            .iter()
            .skip(i + 1)
            .filter(move |b| same_name(a.name, b.name))
            .map(move |b| (a, b))
    })
}

fn never_true(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, condition, rule) in ctx.conditions() {
        let label = condition_label(rule);
        for (kind, operands) in operand_lists(condition) {
            let list = tests(operands);
            let found = match kind {
                OperatorKind::And => same_variable_pairs(&list)
                    .find(|(a, b)| exclusive(a, b))
                    .map(|(a, b)| {
                        format!(
                            "`{}` and `{}` cannot both hold",
                            print_operand(a.operand),
                            print_operand(b.operand)
                        )
                    })
                    .or_else(|| {
                        let mut names: Vec<&str> = list.iter().map(|t| t.name).collect();
                        names.sort_by_key(|n| n.to_ascii_lowercase());
                        names.dedup_by(|a, b| same_name(a, b));
                        names.into_iter().find_map(|n| {
                            let same: Vec<&Test<'_>> =
                                list.iter().filter(|t| same_name(t.name, n)).collect();
                            empty_range(&same).map(|(a, b)| {
                                format!(
                                    "no number satisfies both `{}` and `{}`",
                                    print_operand(a.operand),
                                    print_operand(b.operand)
                                )
                            })
                        })
                    }),
                // `not` is true when none of its children is: never, if one of them always is.
                OperatorKind::Not => same_variable_pairs(&list)
                    .find(|(a, b)| covering(a, b))
                    .map(|(a, b)| {
                        format!(
                            "`not` over `{}` and `{}`, one of which always holds",
                            print_operand(a.operand),
                            print_operand(b.operand)
                        )
                    }),
                OperatorKind::Or if operands.is_empty() => {
                    Some("an empty `or` is false".to_string())
                }
                OperatorKind::Or => None,
            };
            if let Some(why) = found {
                sink.node(
                    i,
                    format!("{label} can never be true: {why}"),
                    "correct the values, or combine the tests with `or` if either should do".into(),
                );
            }
        }
        for e in expressions(condition) {
            if let Some((name, VariableOperator::NotLike, value)) = variable_test(e)
                && only_stars(value)
            {
                sink.node(
                    i,
                    format!(
                        "{label} can never be true: `{name}` not like `{value}` matches no value"
                    ),
                    "correct the pattern or remove the test".into(),
                );
            }
        }
    }
}

fn always_true(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for (i, condition, rule) in ctx.conditions() {
        let label = condition_label(rule);
        for (kind, operands) in operand_lists(condition) {
            if kind != OperatorKind::Or {
                continue;
            }
            let list = tests(operands);
            if let Some((a, b)) = same_variable_pairs(&list).find(|(a, b)| covering(a, b)) {
                sink.node(
                    i,
                    format!(
                        "{label} is always true: `{}` or `{}` always holds",
                        print_operand(a.operand),
                        print_operand(b.operand)
                    ),
                    "correct the tests, combine them with `and`, or remove the condition".into(),
                );
            }
        }
        for e in expressions(condition) {
            if let Some((name, VariableOperator::Like, value)) = variable_test(e)
                && only_stars(value)
            {
                sink.node(
                    i,
                    format!("{label} is always true: `{name}` like `{value}` matches every value, an unset variable too"),
                    "correct the pattern, test `exists` if that was meant, or remove the test".into(),
                );
            }
        }
    }
}

fn return_code_too_early(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let mut upgraded = false;
    for (i, info) in ctx.nodes.iter().enumerate() {
        let tests_code = info.node.condition().is_some_and(|c| {
            expressions(c)
                .into_iter()
                .filter_map(variable_test)
                .any(|(n, _, _)| same_name(n, UPGRADE_RETURN_CODE))
        });
        if tests_code && !upgraded {
            sink.node(
                i,
                format!("`{UPGRADE_RETURN_CODE}` is tested before any Upgrade Operating System step sets it"),
                "move the test after the upgrade step; in a child sequence whose parent runs the upgrade, allow this rule".into(),
            );
        }
        if !info.disabled && matches!(info.view, Some(StepView::UpgradeOperatingSystem(_))) {
            upgraded = true;
        }
    }
}

fn not_like_version(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let Some(version) = ctx.options.site_version.filter(|v| *v < 2103) else {
        return;
    };
    for (i, condition, rule) in ctx.conditions() {
        for (name, op, value) in expressions(condition).into_iter().filter_map(variable_test) {
            if op == VariableOperator::NotLike {
                sink.node(
                    i,
                    format!(
                        "{} tests `{name}` not like `{value}`: `notLike` needs site version 2103 or later, and this site is {version}",
                        condition_label(rule)
                    ),
                    format!("write `not ({name} like \"{value}\")`, or upgrade the site"),
                );
            }
        }
    }
}
