//! The walk: depth-first over the model with an explicit stack of frames (the sequence, each
//! group entered, each child sequence running), and failure propagation up that stack.

use super::effects::ENGINE_FAILURE;
use super::pairs::VarMap;
use super::resolve::{self, Resolved};
use super::scenario::{Scenario, ScenarioError};
use super::seams;
use super::trace::{ConditionTrace, Reason, RunResult, Status, StepTrace, Trace};
use super::why::deciding_facts;
use crate::codes::ReturnCode;
use crate::condition::{EvalContext, EvalOptions};
use crate::machine::{Hardware, Host};
use crate::model::{Node, NodeKind, Sequence};
use crate::vars::{Environment, Secrets};

/// What a frame of the stack is.
#[derive(Clone, Copy)]
pub(super) enum FrameKind {
    /// The sequence itself.
    Root,
    /// A group being run; `entry` is its trace index.
    Group {
        entry: usize,
        continue_on_error: bool,
    },
    /// A child sequence run by the Run Task Sequence step at trace index `entry`.
    Child {
        entry: usize,
        continue_on_error: bool,
    },
}

/// A list of nodes being run, and where the run is in it.
pub(super) struct Frame<'s> {
    pub nodes: &'s [Node],
    pub next: usize,
    /// The depth of the nodes in the trace.
    pub depth: usize,
    /// The path of the nodes' parent.
    pub prefix: String,
    pub kind: FrameKind,
    /// How many child sequences enclose these nodes.
    pub child_depth: usize,
}

/// One run in progress.
pub(super) struct Run<'s> {
    pub host: &'s dyn Host,
    pub scenario: &'s Scenario,
    pub resolved: &'s Resolved<'s>,
    pub env: Environment,
    pub hardware: Hardware,
    pub secrets: Secrets,
    pub eval: EvalOptions,
    pub trace: Vec<StepTrace>,
    pub stack: Vec<Frame<'s>>,
    /// Groups and steps executed so far, against the budget.
    pub executed: usize,
    /// The code and path of the failure that ended the run.
    pub failure: Option<(ReturnCode, String)>,
    /// Why the run stopped early.
    pub error: Option<String>,
}

/// A sequence and a scenario with the outcomes tied to their steps, ready to run on any number
/// of machines.
pub(super) struct Prepared<'s> {
    sequence: &'s Sequence,
    scenario: &'s Scenario,
    resolved: Resolved<'s>,
}

/// Ties the scenario's outcomes to the sequence's steps.
pub(super) fn prepare<'s>(
    sequence: &'s Sequence,
    scenario: &'s Scenario,
) -> Result<Prepared<'s>, ScenarioError> {
    Ok(Prepared {
        sequence,
        scenario,
        resolved: resolve::resolve(sequence, scenario)?,
    })
}

/// Runs `sequence` on `host` as `scenario` describes.
pub(super) fn simulate(sequence: &Sequence, host: &dyn Host, scenario: &Scenario) -> Trace {
    match prepare(sequence, scenario) {
        Ok(prepared) => prepared.run(host, &[]),
        Err(e) => stopped(&e),
    }
}

impl Prepared<'_> {
    /// One run on `host`, the `machine` variables set before the scenario's.
    pub(super) fn run(&self, host: &dyn Host, machine: &[(String, String)]) -> Trace {
        let scenario = self.scenario;
        let secrets = scenario.options.secrets;
        let env = match seams::starting_environment(self.sequence, machine, &scenario.variables.0) {
            Ok(env) => env,
            Err((name, source)) => return stopped(&ScenarioError::Variable { name, source }),
        };
        let mut run = Run {
            host,
            scenario,
            resolved: &self.resolved,
            env,
            hardware: seams::hardware(host),
            secrets,
            eval: EvalOptions {
                case_sensitive: scenario.options.case_sensitive,
                secrets,
            },
            trace: Vec::new(),
            stack: vec![Frame {
                nodes: &self.sequence.children,
                next: 0,
                depth: 0,
                prefix: String::new(),
                kind: FrameKind::Root,
                child_depth: 0,
            }],
            executed: 0,
            failure: None,
            error: None,
        };
        run.walk();
        run.finish()
    }
}

/// The trace of a run that could not start.
pub(super) fn stopped(error: &ScenarioError) -> Trace {
    Trace {
        result: RunResult::Failure,
        exit_code: ENGINE_FAILURE,
        steps: Vec::new(),
        variables: VarMap::new(),
        failed_at: None,
        error: Some(error.to_string()),
    }
}

impl<'s> Run<'s> {
    fn walk(&mut self) {
        while let Some(frame) = self.stack.last_mut() {
            let nodes = frame.nodes;
            let Some(node) = nodes.get(frame.next) else {
                self.close_frame();
                continue;
            };
            frame.next += 1;
            if matches!(node, Node::Raw { .. }) {
                continue;
            }
            let depth = frame.depth;
            let child_depth = frame.child_depth;
            let path = seams::child_path(&frame.prefix, nodes, frame.next - 1);
            self.visit(node, path, depth, child_depth);
            if self.error.is_some() {
                self.abort();
                return;
            }
        }
    }

    /// The end of a frame's nodes: the group or child sequence completed.
    fn close_frame(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame.kind {
            FrameKind::Root => {}
            FrameKind::Group { entry, .. } => {
                if let Some(e) = self.trace.get_mut(entry) {
                    e.succeeded.get_or_insert(true);
                }
            }
            FrameKind::Child { entry, .. } => {
                if let Some(e) = self.trace.get_mut(entry) {
                    e.exit_code.get_or_insert(ReturnCode::SUCCESS);
                    e.succeeded.get_or_insert(true);
                }
            }
        }
    }

    /// A trace entry for `node`, status `ran` until decided otherwise.
    pub(super) fn entry(&self, node: &Node, path: String, depth: usize) -> StepTrace {
        let type_name = match node {
            Node::Group(_) => Some("SMS_TaskSequence_Group".to_string()),
            Node::Step(s) if s.type_name.is_none() && node.kind() == NodeKind::SubTaskSequence => {
                Some("SMS_TaskSequence_SubTasksequence".to_string())
            }
            Node::Step(s) => s.type_name.clone(),
            Node::Raw { .. } => None,
        };
        StepTrace {
            path,
            name: node.name().to_string(),
            type_name,
            status: Status::Ran,
            reason: None,
            exit_code: None,
            succeeded: None,
            command_line: None,
            condition: None,
            variables_set: VarMap::new(),
            kind: node.kind(),
            depth,
            detail: None,
            continue_on_error: node.options().is_some_and(|o| o.continues_on_error()),
            installs: Vec::new(),
        }
    }

    /// Adds an entry and returns its index.
    pub(super) fn push(&mut self, entry: StepTrace) -> usize {
        self.trace.push(entry);
        self.trace.len() - 1
    }

    /// Lists `children` (and everything below them) with one status and reason.
    pub(super) fn list(
        &mut self,
        children: &'s [Node],
        depth: usize,
        prefix: &str,
        status: Status,
        reason: Reason,
        detail: &str,
    ) {
        for item in seams::subtree(children, depth, prefix) {
            let mut e = self.entry(item.node, item.path, item.depth);
            e.status = status;
            e.reason = Some(reason);
            e.detail = Some(detail.to_string());
            self.trace.push(e);
        }
    }

    /// One group or step: disabled, condition, budget, then the group is entered or the step
    /// runs.
    fn visit(&mut self, node: &'s Node, path: String, depth: usize, child_depth: usize) {
        let continue_on_error = node.options().is_some_and(|o| o.continues_on_error());
        let mut entry = self.entry(node, path.clone(), depth);
        if node.is_disabled() {
            entry.status = Status::Skipped;
            entry.reason = Some(Reason::Disabled);
            entry.detail = Some("disabled".into());
            self.push(entry);
            let detail = format!("in disabled group `{path}`");
            self.list(
                node.children(),
                depth + 1,
                &path,
                Status::Skipped,
                Reason::Disabled,
                &detail,
            );
            return;
        }
        if let Some(condition) = node.condition() {
            let ctx = EvalContext::new(&self.env)
                .with_host(self.host)
                .with_options(self.eval);
            let (result, explain) = condition.evaluate_explained(&ctx);
            let facts = deciding_facts(&explain);
            entry.condition = Some(ConditionTrace {
                text: match self.secrets {
                    Secrets::Reveal => condition.to_text(),
                    Secrets::Redact => {
                        crate::redact::redacted_condition(condition, |n| self.env.is_secret(n))
                            .to_text()
                    }
                },
                value: result.as_ref().ok().copied(),
                explain,
            });
            match result {
                Ok(true) => {}
                Ok(false) => {
                    entry.status = Status::Skipped;
                    entry.reason = Some(Reason::Condition);
                    entry.detail = Some(if facts.is_empty() {
                        "its condition is false".to_string()
                    } else {
                        facts.join("; ")
                    });
                    self.push(entry);
                    let detail = format!("group `{path}` was skipped");
                    self.list(
                        node.children(),
                        depth + 1,
                        &path,
                        Status::Skipped,
                        Reason::ParentSkipped,
                        &detail,
                    );
                    return;
                }
                Err(e) => {
                    entry.reason = Some(Reason::ConditionError);
                    entry.exit_code = Some(ENGINE_FAILURE);
                    entry.succeeded = Some(false);
                    entry.detail = Some(format!("the condition could not be evaluated: {e}"));
                    if matches!(node, Node::Step(_)) {
                        self.last_action(node.name(), ENGINE_FAILURE, false);
                    }
                    self.push(entry);
                    let detail = format!("group `{path}` failed");
                    self.list(
                        node.children(),
                        depth + 1,
                        &path,
                        Status::NotReached,
                        Reason::ParentFailed,
                        &detail,
                    );
                    self.fail(continue_on_error, ENGINE_FAILURE, &path);
                    return;
                }
            }
        }
        if self.executed >= self.scenario.options.max_steps {
            self.error = Some(format!(
                "the run executed {} groups and steps, the most allowed, and stopped at `{path}`",
                self.executed
            ));
            entry.status = Status::NotReached;
            entry.reason = Some(Reason::Aborted);
            self.push(entry);
            let detail = "the run stopped early";
            self.list(
                node.children(),
                depth + 1,
                &path,
                Status::NotReached,
                Reason::Aborted,
                detail,
            );
            return;
        }
        self.executed += 1;
        match node {
            Node::Group(group) => {
                let index = self.push(entry);
                self.stack.push(Frame {
                    nodes: &group.children,
                    next: 0,
                    depth: depth + 1,
                    prefix: path,
                    kind: FrameKind::Group {
                        entry: index,
                        continue_on_error,
                    },
                    child_depth,
                });
            }
            Node::Step(step) => self.step(step, entry, continue_on_error, child_depth),
            Node::Raw { .. } => {}
        }
    }

    /// Sets `_SMSTSLastActionRetCode` (signed decimal), `_SMSTSLastActionName` and
    /// `_SMSTSLastActionSucceeded` after a step ran.
    pub(super) fn last_action(&mut self, name: &str, code: ReturnCode, succeeded: bool) {
        // Engine names are valid and the values short; these cannot fail, except a step name
        // longer than a variable holds, which then keeps the previous value.
        let _ = self
            .env
            .set_engine("_SMSTSLastActionRetCode", &code.signed().to_string(), false);
        let _ = self.env.set_engine("_SMSTSLastActionName", name, false);
        let _ = self.env.set_engine(
            "_SMSTSLastActionSucceeded",
            if succeeded { "true" } else { "false" },
            false,
        );
    }

    /// A node at `path` failed with `code`. Unless it continues on error, the failure goes up
    /// the stack: a group (or Run Task Sequence step) that continues on error ends there and
    /// the run goes on after it; at the top the sequence fails. Nodes the failure passes over
    /// are `not_reached`.
    pub(super) fn fail(&mut self, tolerated: bool, code: ReturnCode, path: &str) {
        if tolerated {
            return;
        }
        let stop = self.stack.iter().rposition(|f| {
            matches!(
                f.kind,
                FrameKind::Group {
                    continue_on_error: true,
                    ..
                } | FrameKind::Child {
                    continue_on_error: true,
                    ..
                }
            )
        });
        let (reason, keep) = match stop {
            Some(at) => (Reason::GroupStopped, at),
            None => (Reason::SequenceFailed, 0),
        };
        let detail = format!("`{path}` failed");
        while self.stack.len() > keep {
            let Some(frame) = self.stack.pop() else {
                break;
            };
            let rest = frame.nodes.get(frame.next..).unwrap_or_default();
            self.list(
                rest,
                frame.depth,
                &frame.prefix,
                Status::NotReached,
                reason,
                &detail,
            );
            match frame.kind {
                FrameKind::Root => {}
                FrameKind::Group { entry, .. } => {
                    if let Some(e) = self.trace.get_mut(entry) {
                        e.succeeded = Some(false);
                    }
                }
                FrameKind::Child { entry, .. } => {
                    if let Some(e) = self.trace.get_mut(entry) {
                        e.exit_code = Some(code);
                        e.succeeded = Some(false);
                        e.reason = Some(Reason::ExitCode);
                        e.detail = Some(format!("the child sequence failed at `{path}`"));
                    }
                }
            }
        }
        if stop.is_none() {
            self.failure = Some((code, path.to_string()));
        }
    }

    /// The run stopped with an error: everything not yet run is `not_reached`.
    fn abort(&mut self) {
        while let Some(frame) = self.stack.pop() {
            let rest = frame.nodes.get(frame.next..).unwrap_or_default();
            self.list(
                rest,
                frame.depth,
                &frame.prefix,
                Status::NotReached,
                Reason::Aborted,
                "the run stopped early",
            );
        }
    }

    fn finish(self) -> Trace {
        let variables = VarMap(
            self.env
                .iter()
                .map(|v| {
                    let shown = self.secrets.show(v.value(), v.is_secret());
                    (v.name().to_string(), shown.to_string())
                })
                .collect(),
        );
        let (result, exit_code, failed_at) = match (&self.error, self.failure) {
            (Some(_), failure) => (
                RunResult::Failure,
                failure.as_ref().map_or(ENGINE_FAILURE, |f| f.0),
                failure.map(|f| f.1),
            ),
            (None, Some((code, path))) => (RunResult::Failure, code, Some(path)),
            (None, None) => (RunResult::Success, ReturnCode::SUCCESS, None),
        };
        Trace {
            result,
            exit_code,
            steps: self.trace,
            variables,
            failed_at,
            error: self.error,
        }
    }
}
