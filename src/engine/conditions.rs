//! Every condition of a sequence, compiled once, evaluated on many machines: which machines a
//! group's or step's condition holds on, without simulating the run.

use std::borrow::Borrow;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::seams;
use crate::condition::{CompiledCondition, EvalContext, EvalError, EvalOptions};
use crate::machine::{Host, MachineProfile, Start};
use crate::model::Sequence;
use crate::vars::{Environment, Lookup, is_secret_name};

/// The conditions of a sequence's groups and steps, in document order, each compiled once.
///
/// The conditions are evaluated against the machine as it starts (its profile's variables), not
/// as a run would have changed it: for the run, use [`super::simulate`].
///
/// ```
/// use tasksequence::engine::ConditionTable;
/// use tasksequence::machine::MachineProfile;
/// let doc = tasksequence::xml::read(br#"<sequence><step name="Laptops" type="SMS_TaskSequence_RunCommandLineAction">
///   <condition><expression type="SMS_TaskSequence_VariableConditionExpression">
///     <variable name="Operator">equals</variable><variable name="Value">True</variable>
///     <variable name="Variable">IsLaptop</variable></expression></condition></step></sequence>"#)?;
/// let table = ConditionTable::new(&doc.sequence);
/// let laptop = MachineProfile::from_json(r#"{"variables":{"IsLaptop":"True"}}"#)?;
/// assert_eq!(table.paths().collect::<Vec<_>>(), ["Laptops"]);
/// assert_eq!(table.evaluate_machine(&laptop, Default::default()), [Ok(true)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ConditionTable {
    entries: Vec<(String, CompiledCondition)>,
}

impl ConditionTable {
    /// Compiles every group and step condition of `sequence`.
    pub fn new(sequence: &Sequence) -> Self {
        let entries = seams::subtree(&sequence.children, 0, "")
            .into_iter()
            .filter_map(|item| {
                item.node
                    .condition()
                    .map(|c| (item.path, CompiledCondition::new(c.clone())))
            })
            .collect();
        Self { entries }
    }

    /// How many conditions the sequence has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the sequence has no condition.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The paths of the nodes with conditions, in document order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(p, _)| p.as_str())
    }

    /// Every condition's value with these variables on this host, in order.
    pub fn evaluate(
        &self,
        variables: &dyn Lookup,
        host: &dyn Host,
        options: EvalOptions,
    ) -> Vec<Result<bool, EvalError>> {
        let ctx = EvalContext::new(variables)
            .with_host(host)
            .with_options(options);
        self.entries.iter().map(|(_, c)| c.evaluate(&ctx)).collect()
    }

    /// Every condition's value on `machine`, with its profile's variables.
    pub fn evaluate_machine(
        &self,
        machine: &MachineProfile,
        options: EvalOptions,
    ) -> Vec<Result<bool, EvalError>> {
        let none = Environment::new();
        let start = Start::new(Some(machine), &none);
        self.evaluate(&start, machine, options)
    }
}

/// How one condition came out across a fleet.
///
/// JSON: `{"path":"…","text":"IsLaptop == \"True\"","true":812,"false":188,"error":0}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionSummary {
    /// The node's path.
    pub path: String,
    /// The condition in text syntax.
    pub text: String,
    /// Machines on which it holds.
    #[serde(rename = "true")]
    pub true_count: usize,
    /// Machines on which it does not.
    #[serde(rename = "false")]
    pub false_count: usize,
    /// Machines on which it cannot be evaluated.
    #[serde(rename = "error")]
    pub error_count: usize,
}

/// Evaluates every condition of `sequence` on every machine of `machines` with `threads`
/// threads, and counts the outcomes per condition (in document order). The same counts as
/// [`ConditionTable::evaluate_machine`] one machine at a time.
///
/// ```
/// use tasksequence::engine::{evaluate_fleet, generate};
/// let doc = tasksequence::xml::read(std::fs::read("examples/upgrade.xml")?.as_slice())?;
/// let counts = evaluate_fleet(&doc.sequence, generate::fleet(2, 100), 2, Default::default());
/// let rollback = counts.iter().find(|c| c.path == "Rollback").unwrap();
/// assert_eq!(rollback.false_count, 100); // no machine starts rolled back
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn evaluate_fleet<I>(
    sequence: &Sequence,
    machines: I,
    threads: usize,
    options: EvalOptions,
) -> Vec<ConditionSummary>
where
    I: IntoIterator,
    I::Item: Borrow<MachineProfile> + Send,
    I::IntoIter: Send,
{
    let table = ConditionTable::new(sequence);
    let source = Mutex::new(machines.into_iter());
    let totals: Mutex<Vec<[usize; 3]>> = Mutex::new(vec![[0; 3]; table.len()]);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            let (table, source, totals) = (&table, &source, &totals);
            scope.spawn(move || {
                let mut counts = vec![[0usize; 3]; table.len()];
                loop {
                    let next = match source.lock() {
                        Ok(mut machines) => machines.next(),
                        Err(_) => None,
                    };
                    let Some(machine) = next else { break };
                    let values = table.evaluate_machine(machine.borrow(), options);
                    for (count, value) in counts.iter_mut().zip(values) {
                        let slot = match value {
                            Ok(true) => 0,
                            Ok(false) => 1,
                            Err(_) => 2,
                        };
                        if let Some(c) = count.get_mut(slot) {
                            *c += 1;
                        }
                    }
                }
                if let Ok(mut totals) = totals.lock() {
                    for (total, count) in totals.iter_mut().zip(counts) {
                        for (t, c) in total.iter_mut().zip(count) {
                            *t += c;
                        }
                    }
                }
            });
        }
    });
    let totals = totals.into_inner().unwrap_or_default();
    table
        .entries
        .iter()
        .zip(totals)
        .map(|((path, condition), [t, f, e])| ConditionSummary {
            path: path.clone(),
            // A summary over many machines shows no secrets: what a secret-named variable is
            // compared with stays hidden.
            text: crate::redact::redacted_condition(condition.condition(), is_secret_name)
                .to_text(),
            true_count: t,
            false_count: f,
            error_count: e,
        })
        .collect()
}
