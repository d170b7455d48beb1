//! Everything this module borrows from the core, in one place: walking the sequence with each
//! step's ancestors, the variables a condition sees, WMI facts through the host, condition leaves,
//! and date-times. The core's walking, variable and host APIs are being reshaped; only this file
//! should need to follow.

use std::cmp::Ordering;
use std::sync::OnceLock;

use crate::condition::datetime::{self, Instant};
use crate::condition::{CompiledCondition, Condition, EvalContext, Operand, Variables};
use crate::machine::{Host, HostError, WmiValue};
use crate::model::{Node, Sequence, Step, VarList};
use crate::wql::Query;

/// One group on the way from the top of the sequence down to a step.
pub(super) struct Ancestor<'a> {
    /// The group's path.
    pub path: String,
    /// The group.
    pub node: &'a Node,
}

/// A step with the groups above it, outermost first.
pub(super) struct StepSite<'a> {
    /// The step's path (names joined by `/`).
    pub path: String,
    /// The step.
    pub step: &'a Step,
    /// Its enclosing groups, outermost first.
    pub ancestors: Vec<Ancestor<'a>>,
}

/// Every step of the sequence (Run Task Sequence included) with its ancestors, in document
/// order.
pub(super) fn step_sites(sequence: &Sequence) -> Vec<StepSite<'_>> {
    // The walk is depth-first in document order, so the groups open at depth d are exactly the
    // first d entries of this stack.
    let mut open: Vec<(String, &Node)> = Vec::new();
    let mut out = Vec::new();
    for visit in sequence.walk() {
        open.truncate(visit.depth);
        match visit.node {
            Node::Group(_) => open.push((visit.path_text().to_string(), visit.node)),
            Node::Step(step) => out.push(StepSite {
                path: visit.path_text().to_string(),
                step,
                ancestors: open
                    .iter()
                    .map(|(path, node)| Ancestor {
                        path: path.clone(),
                        node,
                    })
                    .collect(),
            }),
            Node::Raw { .. } => {}
        }
    }
    out
}

/// The variables a condition sees before the run: the machine's, then the sequence's
/// `globalVarList` for names the machine does not set.
pub(super) struct KnownVariables<'a> {
    pub machine: &'a dyn Variables,
    pub globals: Option<&'a VarList>,
}

impl Variables for KnownVariables<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.machine
            .get(name)
            .or_else(|| self.globals.and_then(|g| g.value(name)))
            .filter(|v| !v.is_empty())
    }

    fn is_secret(&self, name: &str) -> bool {
        self.machine.is_secret(name)
    }
}

/// A condition operand prepared for repeated evaluation on its own.
pub(super) struct Leaf(CompiledCondition);

impl Leaf {
    pub fn new(operand: &Operand) -> Self {
        Leaf(CompiledCondition::new(Condition {
            operands: vec![operand.clone()],
            extra_attributes: Vec::new(),
        }))
    }

    /// Evaluates the operand against the machine; the error is its message.
    pub fn evaluate(&self, variables: &dyn Variables, host: &dyn Host) -> Result<bool, String> {
        let ctx = EvalContext::new(variables).with_host(host);
        self.0.evaluate(&ctx).map_err(|e| e.to_string())
    }
}

/// A condition's text syntax, for reasons.
pub(super) fn condition_text(condition: &Condition) -> String {
    condition.to_text()
}

/// The machine facts pre-cache compares, as the host gives them.
pub(super) struct RawFacts {
    pub os_architecture: Result<Option<WmiValue>, String>,
    pub os_language: Result<Option<WmiValue>, String>,
    pub product_name: Result<Option<WmiValue>, String>,
}

const CIMV2: &str = "root\\cimv2";

fn queries() -> &'static [Option<Query>; 2] {
    static QUERIES: OnceLock<[Option<Query>; 2]> = OnceLock::new();
    QUERIES.get_or_init(|| {
        [
            Query::parse("SELECT OSArchitecture, OSLanguage FROM Win32_OperatingSystem").ok(),
            Query::parse("SELECT Name FROM Win32_ComputerSystemProduct").ok(),
        ]
    })
}

/// Asks the host for `Win32_OperatingSystem.OSArchitecture`, `OSLanguage` and
/// `Win32_ComputerSystemProduct.Name` (first instance each).
pub(super) fn raw_facts(host: &dyn Host) -> RawFacts {
    let [os, product] = queries();
    let os_rows = ask(host, os.as_ref(), "Win32_OperatingSystem");
    let product_rows = ask(host, product.as_ref(), "Win32_ComputerSystemProduct");
    let pick = |rows: &Result<Vec<crate::machine::Instance>, String>, property: &str| {
        rows.as_ref().map_err(Clone::clone).map(|rows| {
            rows.first().and_then(|row| {
                row.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(property))
                    .map(|(_, v)| v.clone())
                    .filter(|v| *v != WmiValue::Null)
            })
        })
    };
    RawFacts {
        os_architecture: pick(&os_rows, "OSArchitecture"),
        os_language: pick(&os_rows, "OSLanguage"),
        product_name: pick(&product_rows, "Name"),
    }
}

fn ask(
    host: &dyn Host,
    query: Option<&Query>,
    class: &str,
) -> Result<Vec<crate::machine::Instance>, String> {
    let query = query.ok_or_else(|| format!("cannot build the query for `{class}`"))?;
    host.wmi_query(CIMV2, query)
        .map_err(|HostError { message }| message)
}

/// A point in time from an RFC 3339 date-time, for ordering only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Moment(Instant);

impl Moment {
    /// Parses `2024-05-01T18:00:00Z` or with an offset (`+02:00`); `None` otherwise.
    pub fn parse(text: &str) -> Option<Moment> {
        datetime::parse_rfc3339(text).map(Moment)
    }

    pub fn cmp_to(self, other: Moment) -> Ordering {
        self.0.cmp_to(other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_carry_their_ancestors() {
        let doc = crate::xml::read(
            br#"<sequence version="3.10">
              <group name="A"><group name="B"><step name="s1"/></group><step name="s2"/></group>
              <step name="s3"/>
            </sequence>"#,
        )
        .unwrap();
        let sites = step_sites(&doc.sequence);
        let summary: Vec<(String, Vec<String>)> = sites
            .iter()
            .map(|s| {
                (
                    s.path.clone(),
                    s.ancestors.iter().map(|a| a.path.clone()).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "A/B/s1".to_string(),
                    vec!["A".to_string(), "A/B".to_string()]
                ),
                ("A/s2".to_string(), vec!["A".to_string()]),
                ("s3".to_string(), vec![]),
            ]
        );
    }

    #[test]
    fn moments_order_across_offsets() {
        let a = Moment::parse("2024-05-01T18:00:00Z").unwrap();
        let b = Moment::parse("2024-05-01T19:30:00+02:00").unwrap();
        assert_eq!(b.cmp_to(a), Ordering::Less);
        assert!(Moment::parse("2024-05-01").is_none());
    }
}
