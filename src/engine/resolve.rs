//! Which step each scenario outcome is for.

use super::scenario::{MAX_CHILD_DEPTH, Outcome, Scenario, ScenarioError};
use super::seams::{self, Listed};
use crate::model::{Node, Sequence, Step, views::RunTaskSequence};

/// Most nodes listed when resolving names through child sequences; a child that includes itself
/// would otherwise be listed once per nesting level, exponentially when it includes itself twice.
const MAX_LISTED: usize = 100_000;

/// How an outcome finds its step at run time.
enum Matcher<'s> {
    /// The run-time path, compared ignoring ASCII case and trailing spaces.
    Path(&'s str),
    /// One step of the model (wherever a child sequence holding it runs).
    Node(&'s Step),
}

/// The scenario's outcomes, each tied to its step.
pub(super) struct Resolved<'s> {
    matchers: Vec<(Matcher<'s>, &'s Outcome)>,
}

impl<'s> Resolved<'s> {
    /// The outcome for the step at `path`; the last matching one when several do.
    pub(super) fn outcome(&self, path: &str, step: &Step) -> Option<&'s Outcome> {
        self.matchers
            .iter()
            .rev()
            .find(|(m, _)| match m {
                Matcher::Path(p) => same(p, path),
                Matcher::Node(n) => std::ptr::eq(*n, step),
            })
            .map(|(_, o)| *o)
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim_end().eq_ignore_ascii_case(b.trim_end())
}

/// Every node of the sequence and of the children its Run Task Sequence steps reach, with
/// run-time paths. Each child is expanded under every step that runs it, to the nesting limit.
fn listing<'s>(sequence: &'s Sequence, scenario: &'s Scenario) -> Vec<Listed<'s>> {
    let mut out = Vec::new();
    let mut queue: Vec<(&'s Sequence, String, usize)> = vec![(sequence, String::new(), 0)];
    while let Some((seq, prefix, child_depth)) = queue.pop() {
        for item in seams::subtree(&seq.children, 0, &prefix) {
            if out.len() >= MAX_LISTED {
                return out;
            }
            if let Node::Step(step) = item.node
                && child_depth < MAX_CHILD_DEPTH
                && let Some(id) = RunTaskSequence::read(step).package_id
                && is_run_task_sequence(step)
                && let Some(child) = scenario.child(&id)
            {
                queue.push((child, item.path.clone(), child_depth + 1));
            }
            out.push(item);
        }
    }
    out
}

/// Whether `step` is a Run Task Sequence step.
pub(super) fn is_run_task_sequence(step: &Step) -> bool {
    step.element == crate::model::StepElement::SubTaskSequence
        || step
            .type_name
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("SMS_TaskSequence_SubTasksequence"))
}

impl Scenario {
    /// Checks the scenario against the sequence it will run: every starting and outcome variable
    /// can be set, and every outcome names exactly one step. [`super::simulate`] makes the same
    /// checks and reports a failure as the trace's error.
    ///
    /// ```
    /// use tasksequence::engine::{Outcome, Scenario, ScenarioError};
    /// let doc = tasksequence::xml::read(br#"<sequence>
    ///   <group name="A"><step name="Run" type="SMS_TaskSequence_RunCommandLineAction"/></group>
    ///   <group name="B"><step name="Run" type="SMS_TaskSequence_RunCommandLineAction"/></group>
    /// </sequence>"#)?;
    /// let mut s = Scenario::new();
    /// s.set_outcome("Run", Outcome::exit(1u32));
    /// let Err(ScenarioError::AmbiguousStep { paths, .. }) = s.check(&doc.sequence) else { panic!() };
    /// assert_eq!(paths, ["A/Run", "B/Run"]);
    /// let mut s = Scenario::new();
    /// s.set_outcome("b/run", Outcome::exit(1u32));
    /// assert!(s.check(&doc.sequence).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ScenarioError::Variable`], [`ScenarioError::OutcomeVariable`],
    /// [`ScenarioError::UnknownStep`], [`ScenarioError::AmbiguousStep`],
    /// [`ScenarioError::NotAStep`].
    pub fn check(&self, sequence: &Sequence) -> Result<(), ScenarioError> {
        seams::starting_environment(sequence, &[], &self.variables.0)
            .map_err(|(name, source)| ScenarioError::Variable { name, source })?;
        resolve(sequence, self).map(|_| ())
    }
}

/// Ties each outcome to its step.
pub(super) fn resolve<'s>(
    sequence: &'s Sequence,
    scenario: &'s Scenario,
) -> Result<Resolved<'s>, ScenarioError> {
    let mut matchers = Vec::new();
    if scenario.outcomes.is_empty() {
        return Ok(Resolved { matchers });
    }
    let listed = listing(sequence, scenario);
    for (key, outcome) in &scenario.outcomes {
        for (name, _) in outcome.variables.iter() {
            crate::vars::validate_name(name.trim()).map_err(|e| {
                ScenarioError::OutcomeVariable {
                    key: key.clone(),
                    name: name.to_string(),
                    source: e.into(),
                }
            })?;
        }
        matchers.push((matcher(key, &listed)?, outcome));
    }
    Ok(Resolved { matchers })
}

fn matcher<'s>(key: &'s str, listed: &[Listed<'s>]) -> Result<Matcher<'s>, ScenarioError> {
    let by_path: Vec<&Listed<'s>> = listed.iter().filter(|l| same(&l.path, key)).collect();
    let steps = |items: &[&Listed<'s>]| -> Vec<(String, &'s Step)> {
        let mut out: Vec<(String, &'s Step)> = Vec::new();
        for item in items {
            if let Node::Step(s) = item.node
                && !out.iter().any(|(_, seen)| std::ptr::eq(*seen, s))
            {
                out.push((item.path.clone(), s));
            }
        }
        out
    };
    let path_steps = steps(&by_path);
    match path_steps.len() {
        1 => return Ok(Matcher::Path(key)),
        0 => {}
        _ => {
            return Err(ScenarioError::AmbiguousStep {
                key: key.to_string(),
                paths: path_steps.into_iter().map(|(p, _)| p).collect(),
            });
        }
    }
    let by_name: Vec<&Listed<'s>> = listed.iter().filter(|l| same(l.node.name(), key)).collect();
    let name_steps = steps(&by_name);
    match name_steps.as_slice() {
        [(_, step)] => Ok(Matcher::Node(step)),
        [] if !by_path.is_empty() || !by_name.is_empty() => Err(ScenarioError::NotAStep {
            key: key.to_string(),
        }),
        [] => Err(ScenarioError::UnknownStep {
            key: key.to_string(),
        }),
        many => Err(ScenarioError::AmbiguousStep {
            key: key.to_string(),
            paths: many.iter().map(|(p, _)| p.clone()).collect(),
        }),
    }
}
