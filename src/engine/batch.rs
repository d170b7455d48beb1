//! Fleet what-if: one sequence on many machines, in parallel, with a summary per step.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, mpsc};

use serde::{Deserialize, Serialize};

use super::run;
use super::scenario::{Scenario, ScenarioError};
use super::trace::{Status, Trace};
use crate::machine::MachineProfile;
use crate::model::Sequence;

/// How many machine names a [`StepSummary`] keeps in `failed_on`; the count is always exact.
pub const MAX_NAMES: usize = 20;

/// One machine's run in a fleet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineRun {
    /// The machine's position in the input (0-based).
    pub index: usize,
    /// The profile's name (empty when it has none).
    pub name: String,
    /// The run.
    pub trace: Trace,
}

/// What one node did across a fleet.
///
/// JSON: `{"path":"…","name":"…","type":"…","ran":9800,"succeeded":9790,"failed":10,
/// "skipped":150,"not_reached":50,"failed_on":["PC-0007",…]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepSummary {
    /// The node's path.
    pub path: String,
    /// Its name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub type_name: Option<String>,
    /// Machines on which it ran.
    pub ran: usize,
    /// …and succeeded.
    pub succeeded: usize,
    /// …and failed.
    pub failed: usize,
    /// Machines on which it was skipped.
    pub skipped: usize,
    /// Machines on which it was not reached.
    pub not_reached: usize,
    /// The first [`MAX_NAMES`] machines on which it failed.
    pub failed_on: Vec<String>,
}

/// What a sequence did across a fleet: how many machines succeeded and failed, and for every node
/// how many ran, skipped, failed or never reached it. Nodes are in the order first seen (the
/// first machine's trace, then nodes only later machines reached, such as a child sequence's).
///
/// JSON: `{"machines":10000,"succeeded":9990,"failed":10,"errors":0,"steps":[…]}`.
///
/// ```
/// use tasksequence::engine::{FleetSummary, Scenario, simulate};
/// use tasksequence::machine::MachineProfile;
/// let doc = tasksequence::xml::read(br#"<sequence><step name="S" type="SMS_TaskSequence_RunCommandLineAction"/></sequence>"#)?;
/// let machine = MachineProfile::default();
/// let mut summary = FleetSummary::default();
/// summary.add("m1", &simulate(&doc.sequence, &machine, &Scenario::new()));
/// summary.add("m2", &simulate(&doc.sequence, &machine, &Scenario::new()));
/// assert_eq!((summary.machines, summary.succeeded), (2, 2));
/// assert_eq!(summary.steps[0].ran, 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetSummary {
    /// Machines simulated.
    pub machines: usize,
    /// Runs that succeeded.
    pub succeeded: usize,
    /// Runs that failed (errors included).
    pub failed: usize,
    /// Runs that stopped with an error.
    pub errors: usize,
    /// Per node.
    pub steps: Vec<StepSummary>,
    #[serde(skip)]
    index: HashMap<String, usize>,
}

impl FleetSummary {
    /// Counts one machine's run.
    pub fn add(&mut self, machine: &str, trace: &Trace) {
        self.machines += 1;
        if trace.succeeded() {
            self.succeeded += 1;
        } else {
            self.failed += 1;
        }
        if trace.error.is_some() {
            self.errors += 1;
        }
        for step in &trace.steps {
            let at = match self.index.get(&step.path) {
                Some(&at) => at,
                None => {
                    self.steps.push(StepSummary {
                        path: step.path.clone(),
                        name: step.name.clone(),
                        type_name: step.type_name.clone(),
                        ..StepSummary::default()
                    });
                    let at = self.steps.len() - 1;
                    self.index.insert(step.path.clone(), at);
                    at
                }
            };
            let Some(summary) = self.steps.get_mut(at) else {
                continue;
            };
            match step.status {
                Status::Ran => {
                    summary.ran += 1;
                    if step.failed() {
                        summary.failed += 1;
                        if summary.failed_on.len() < MAX_NAMES {
                            summary.failed_on.push(machine.to_string());
                        }
                    } else {
                        summary.succeeded += 1;
                    }
                }
                Status::Skipped => summary.skipped += 1,
                Status::NotReached => summary.not_reached += 1,
            }
        }
    }

    /// A table: one line per node with its counts, then the totals.
    ///
    /// ```
    /// let summary = tasksequence::engine::FleetSummary::default();
    /// assert!(summary.to_text().ends_with("0 machines: 0 succeeded, 0 failed\n"));
    /// ```
    pub fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:>7} {:>7} {:>7} {:>11}  step",
            "ran", "failed", "skipped", "not reached"
        );
        for s in &self.steps {
            let _ = writeln!(
                out,
                "{:>7} {:>7} {:>7} {:>11}  {}",
                s.ran, s.failed, s.skipped, s.not_reached, s.path
            );
            if !s.failed_on.is_empty() {
                let more = s.failed - s.failed_on.len();
                let tail = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                let _ = writeln!(out, "{:>36}failed on {}{tail}", "", s.failed_on.join(", "));
            }
        }
        let errors = if self.errors > 0 {
            format!(" ({} stopped with an error)", self.errors)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{} machines: {} succeeded, {} failed{errors}",
            self.machines, self.succeeded, self.failed
        );
        out
    }
}

/// Simulates `sequence` on every machine of `machines` (profiles or references to them) with
/// `threads` threads (at least one),
/// each run as [`super::simulate`] with [`Scenario::with_machine`] would give it, and calls
/// `each` with every run in input order, on the calling thread. The machines are taken from the
/// iterator as threads become free, and a result is handed on as soon as those before it are,
/// so a fleet streams: memory holds the runs in flight, not the fleet. Returns the summary.
///
/// No I/O: the iterator may read profiles from anywhere; the library only calls `next`.
///
/// ```
/// use tasksequence::engine::{Scenario, generate, simulate, simulate_fleet};
/// let doc = tasksequence::xml::read(std::fs::read("examples/upgrade.xml")?.as_slice())?;
/// let scenario = Scenario::new();
/// let mut traces = Vec::new();
/// let summary = simulate_fleet(&doc.sequence, &scenario, generate::fleet(7, 50), 2, |run| {
///     traces.push(run.trace.clone());
/// })?;
/// assert_eq!(summary.machines, 50);
/// // The same as one at a time.
/// let third = generate::machine(7, 3);
/// assert_eq!(traces[3], simulate(&doc.sequence, &third, &scenario.clone().with_machine(&third)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ScenarioError`] when the scenario's outcomes do not fit the sequence (checked once, before
/// any run).
pub fn simulate_fleet<I, F>(
    sequence: &Sequence,
    scenario: &Scenario,
    machines: I,
    threads: usize,
    mut each: F,
) -> Result<FleetSummary, ScenarioError>
where
    I: IntoIterator,
    I::Item: Borrow<MachineProfile> + Send,
    I::IntoIter: Send,
    F: FnMut(&MachineRun),
{
    let prepared = run::prepare(sequence, scenario)?;
    let threads = threads.max(1);
    let source = Mutex::new(machines.into_iter().enumerate());
    let mut summary = FleetSummary::default();
    std::thread::scope(|scope| {
        // Bounded, so that workers wait for a slow consumer instead of piling up results.
        let (sender, receiver) = mpsc::sync_channel::<MachineRun>(threads * 4);
        for _ in 0..threads {
            let sender = sender.clone();
            let source = &source;
            let prepared = &prepared;
            scope.spawn(move || {
                loop {
                    let next = match source.lock() {
                        Ok(mut machines) => machines.next(),
                        Err(_) => None,
                    };
                    let Some((index, machine)) = next else {
                        return;
                    };
                    let machine: &MachineProfile = machine.borrow();
                    let trace = prepared.run(machine, machine.variables());
                    let run = MachineRun {
                        index,
                        name: machine.name().to_string(),
                        trace,
                    };
                    if sender.send(run).is_err() {
                        return;
                    }
                }
            });
        }
        drop(sender);
        // Results come in completion order; hand them on in input order.
        let mut pending: BTreeMap<usize, MachineRun> = BTreeMap::new();
        let mut next = 0;
        for run in receiver {
            pending.insert(run.index, run);
            while let Some(run) = pending.remove(&next) {
                summary.add(&run.name, &run.trace);
                each(&run);
                next += 1;
            }
        }
    });
    Ok(summary)
}
