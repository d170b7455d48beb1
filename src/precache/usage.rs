//! Beyond the console: which steps that use OS upgrade content will run on the machine.
//!
//! The client picks what to pre-cache from package attributes only; the steps that use the
//! content decide by their conditions when the sequence runs. When the two disagree, the content a
//! step needs is downloaded while the user waits. Conditions are evaluated before the run, so a
//! test of a variable the machine does not set (one the run itself sets, such as
//! `_SMSTSOSUpgradeActionReturnCode`) is undecided rather than false: `and`, `or` and `not`
//! combine true, false and undecided the way three-valued logic does.

use super::adapter::{KnownVariables, Leaf, StepSite, condition_text};
use crate::condition::{ExpressionKind, MAX_EVAL_DEPTH, Operand, OperatorKind, Variables};
use crate::machine::Host;
use crate::model::RawNode;
use crate::model::views::StepView;

/// How a step uses the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UsageKind {
    /// Upgrade Operating System installs from the package.
    Upgrade,
    /// Download Package Content downloads it (for a later step's source path).
    Download,
}

/// A step that uses packages, prepared for evaluation on many machines.
pub(super) struct Usage {
    pub step: String,
    pub kind: UsageKind,
    pub packages: Vec<String>,
    gate: Gate,
}

enum Gate {
    Disabled(String),
    Conditions(Vec<Guard>),
}

/// One condition on the way to the step: the group's or the step's own.
struct Guard {
    path: String,
    text: String,
    tree: Tree,
}

enum Tree {
    Leaf {
        leaf: Leaf,
        /// The task sequence variable a variable expression tests.
        variable: Option<String>,
    },
    All(Vec<Tree>),
    Any(Vec<Tree>),
    NoneOf(Vec<Tree>),
    Invalid(String),
}

/// Whether a step runs on the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum RunState {
    Runs,
    Skipped(String),
    /// Decided by variables the run sets.
    Depends(Vec<String>),
    Undecided(String),
}

enum Tri {
    True,
    False,
    Unknown(Vec<String>),
    Error(String),
}

impl Usage {
    /// The usage of a step, when it is an Upgrade Operating System with an upgrade package or a
    /// Download Package Content step.
    pub fn of(site: &StepSite<'_>) -> Option<Usage> {
        let (kind, packages) = match StepView::of(site.step) {
            StepView::UpgradeOperatingSystem(v) => (
                UsageKind::Upgrade,
                v.install_package_id.into_iter().collect::<Vec<_>>(),
            ),
            StepView::DownloadPackageContent(v) => (
                UsageKind::Download,
                v.package_ids().into_iter().map(str::to_string).collect(),
            ),
            _ => return None,
        };
        let packages: Vec<String> = packages
            .into_iter()
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty() && !p.bytes().all(|b| b == b'0'))
            .collect();
        if packages.is_empty() {
            return None;
        }
        Some(Usage {
            step: site.path.clone(),
            kind,
            packages,
            gate: gate(site),
        })
    }

    /// Whether the step runs on this machine.
    pub fn state(&self, variables: &KnownVariables<'_>, host: &dyn Host) -> RunState {
        let guards = match &self.gate {
            Gate::Disabled(reason) => return RunState::Skipped(reason.clone()),
            Gate::Conditions(guards) => guards,
        };
        let mut depends: Vec<String> = Vec::new();
        let mut error = None;
        for guard in guards {
            match guard.tree.eval(variables, host) {
                Tri::True => {}
                Tri::False => {
                    return RunState::Skipped(format!(
                        "the condition of `{}` is false: {}",
                        guard.path, guard.text
                    ));
                }
                Tri::Unknown(vars) => {
                    for v in vars {
                        if !depends.iter().any(|d| d.eq_ignore_ascii_case(&v)) {
                            depends.push(v);
                        }
                    }
                }
                Tri::Error(e) => {
                    error.get_or_insert(format!("the condition of `{}`: {e}", guard.path));
                }
            }
        }
        match error {
            Some(e) => RunState::Undecided(e),
            None if !depends.is_empty() => RunState::Depends(depends),
            None => RunState::Runs,
        }
    }
}

fn gate(site: &StepSite<'_>) -> Gate {
    if site.step.options.is_disabled() {
        return Gate::Disabled("the step is disabled".into());
    }
    if let Some(group) = site.ancestors.iter().find(|a| a.node.is_disabled()) {
        return Gate::Disabled(format!("its group `{}` is disabled", group.path));
    }
    let mut guards = Vec::new();
    let own = site
        .step
        .condition
        .as_ref()
        .map(|c| (site.path.as_str(), c));
    let chain = site
        .ancestors
        .iter()
        .filter_map(|a| a.node.condition().map(|c| (a.path.as_str(), c)))
        .chain(own);
    for (path, condition) in chain {
        guards.push(Guard {
            path: path.to_string(),
            text: condition_text(condition),
            tree: Tree::All(operands(&condition.operands, 0)),
        });
    }
    Gate::Conditions(guards)
}

fn operands(list: &[Operand], depth: usize) -> Vec<Tree> {
    list.iter()
        .filter(|o| !matches!(o, Operand::Raw(r) if !matches!(r, RawNode::Element(_))))
        .map(|o| tree(o, depth + 1))
        .collect()
}

fn tree(operand: &Operand, depth: usize) -> Tree {
    if depth > MAX_EVAL_DEPTH {
        return Tree::Invalid(format!(
            "conditions nest deeper than {MAX_EVAL_DEPTH} levels"
        ));
    }
    match operand {
        Operand::Operator(op) => {
            let children = operands(&op.operands, depth);
            match op.kind {
                OperatorKind::And => Tree::All(children),
                OperatorKind::Or => Tree::Any(children),
                OperatorKind::Not => Tree::NoneOf(children),
            }
        }
        Operand::Expression(e) => Tree::Leaf {
            leaf: Leaf::new(operand),
            variable: match &e.kind {
                ExpressionKind::Variable { name, .. } => Some(name.trim().to_string()),
                _ => None,
            },
        },
        Operand::OsConditionGroup(_) | Operand::Raw(_) => Tree::Leaf {
            leaf: Leaf::new(operand),
            variable: None,
        },
    }
}

impl Tree {
    // Recursion is bounded: trees are built no deeper than MAX_EVAL_DEPTH.
    fn eval(&self, variables: &KnownVariables<'_>, host: &dyn Host) -> Tri {
        match self {
            Tree::Leaf { leaf, variable } => {
                if let Some(name) = variable
                    && variables.get(name).is_none()
                {
                    return Tri::Unknown(vec![name.clone()]);
                }
                match leaf.evaluate(variables, host) {
                    Ok(true) => Tri::True,
                    Ok(false) => Tri::False,
                    Err(e) => Tri::Error(e),
                }
            }
            Tree::All(children) => combine(children, variables, host, true),
            Tree::Any(children) => combine(children, variables, host, false),
            Tree::NoneOf(children) => match combine(children, variables, host, false) {
                Tri::True => Tri::False,
                Tri::False => Tri::True,
                other => other,
            },
            Tree::Invalid(e) => Tri::Error(e.clone()),
        }
    }
}

/// `and` (`all` true) or `or`: a deciding value anywhere decides; else an error; else undecided.
fn combine(children: &[Tree], variables: &KnownVariables<'_>, host: &dyn Host, all: bool) -> Tri {
    let mut unknown: Vec<String> = Vec::new();
    let mut error = None;
    for child in children {
        match (child.eval(variables, host), all) {
            (Tri::False, true) => return Tri::False,
            (Tri::True, false) => return Tri::True,
            (Tri::True, true) | (Tri::False, false) => {}
            (Tri::Unknown(v), _) => unknown.extend(v),
            (Tri::Error(e), _) => {
                error.get_or_insert(e);
            }
        }
    }
    match error {
        Some(e) => Tri::Error(e),
        None if !unknown.is_empty() => Tri::Unknown(unknown),
        None if all => Tri::True,
        None => Tri::False,
    }
}

#[cfg(test)]
fn holds(
    condition: &crate::condition::Condition,
    variables: &KnownVariables<'_>,
    host: &dyn Host,
) -> Option<bool> {
    match Tree::All(operands(&condition.operands, 0)).eval(variables, host) {
        Tri::True => Some(true),
        Tri::False => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::Condition;
    use crate::machine::MachineProfile;

    fn machine() -> MachineProfile {
        MachineProfile::from_json(
            r#"{"variables":{"Site":"Berlin"},"wmi":{"root\\cimv2":{"Win32_OperatingSystem":[{"OSArchitecture":"64-bit","OSLanguage":1031}]}}}"#,
        )
        .unwrap()
    }

    fn holds_text(text: &str) -> Option<bool> {
        let m = machine();
        let vars = KnownVariables {
            machine: &m.variables(),
            globals: None,
        };
        holds(&text.parse::<Condition>().unwrap(), &vars, &m)
    }

    #[test]
    fn three_valued_logic() {
        let wmi_de = r#"wmi("SELECT * FROM Win32_OperatingSystem WHERE OSLanguage = 1031")"#;
        let wmi_us = r#"wmi("SELECT * FROM Win32_OperatingSystem WHERE OSLanguage = 1033")"#;
        assert_eq!(holds_text(wmi_de), Some(true));
        assert_eq!(holds_text(wmi_us), Some(false));
        assert_eq!(holds_text(r#"Site == "Berlin""#), Some(true));
        assert_eq!(holds_text("_SMSTSOSUpgradeActionReturnCode == 0"), None);
        assert_eq!(
            holds_text(&format!("{wmi_us} and _SMSTSSetupRollback == \"false\"")),
            Some(false)
        );
        assert_eq!(
            holds_text(&format!("{wmi_de} and _SMSTSSetupRollback == \"false\"")),
            None
        );
        assert_eq!(
            holds_text(&format!("{wmi_de} or _SMSTSSetupRollback == \"false\"")),
            Some(true)
        );
        assert_eq!(
            holds_text(&format!("{wmi_us} or _SMSTSSetupRollback == \"false\"")),
            None
        );
        assert_eq!(holds_text(&format!("not ({wmi_us})")), Some(true));
        assert_eq!(holds_text("not (_SMSTSSetupRollback == \"true\")"), None);
    }
}
