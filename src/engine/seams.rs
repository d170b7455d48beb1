//! The one place where the engine wraps core pieces for its own frames: node paths
//! ([`NodePath`] display), subtree listings ([`visit`]), the starting environment, machine
//! profiles' variables and hardware facts ([`Host::hardware`]). A later change to those core
//! pieces is a change here only.
//!
//! The starting environment follows [`crate::machine::Start`]'s rule (profile variables first,
//! then the caller's overrides, secrecy by name; an empty override unsets); the engine keeps the
//! variables as one ordered list because [`super::simulate`] takes any [`Host`], not a profile.

use crate::machine::{Hardware, Host, MachineProfile};
use crate::model::{Flow, Node, NodePath, Sequence, Visitor, visit};
use crate::vars::{Environment, VarError};

/// The path of `nodes[index]` under `prefix`: readable names ([`NodePath::display`]: `/` and
/// `\` escaped, an empty name as `#N`) joined by `/`.
pub(super) fn child_path(prefix: &str, nodes: &[Node], index: usize) -> String {
    let segment = NodePath::from(vec![index]).display(nodes).to_string();
    if prefix.is_empty() {
        segment
    } else {
        format!("{prefix}/{segment}")
    }
}

/// One node of a subtree listing.
pub(super) struct Listed<'s> {
    pub depth: usize,
    pub path: String,
    pub node: &'s Node,
}

/// Every group and step below `children` (not raw content), depth-first in document order, with
/// depths from `depth` and paths under `prefix`.
pub(super) fn subtree<'s>(children: &'s [Node], depth: usize, prefix: &str) -> Vec<Listed<'s>> {
    struct Lister<'s, 'p> {
        root: &'s [Node],
        depth: usize,
        prefix: &'p str,
        out: Vec<Listed<'s>>,
    }
    impl<'s> Visitor<'s> for Lister<'s, '_> {
        fn enter(&mut self, path: &NodePath, node: &'s Node) -> Flow {
            let text = path.display(self.root).to_string();
            let path_text = if self.prefix.is_empty() {
                text
            } else {
                format!("{}/{text}", self.prefix)
            };
            self.out.push(Listed {
                depth: self.depth + path.depth(),
                path: path_text,
                node,
            });
            Flow::Continue
        }
    }
    let mut lister = Lister {
        root: children,
        depth,
        prefix,
        out: Vec::new(),
    };
    visit(children, &mut lister);
    lister.out
}

/// The environment a run starts with: the sequence's `globalVarList`, then `machine`'s
/// variables, then `variables` in order (the profile's, then the caller's overrides). Secrecy follows the names
/// ([`crate::vars::is_secret_name`]); the engine's rules for names apply, so a profile may seed
/// `_SMSTS…` variables.
pub(super) fn starting_environment(
    sequence: &Sequence,
    machine: &[(String, String)],
    variables: &[(String, String)],
) -> Result<Environment, (String, VarError)> {
    let mut env = Environment::new();
    for var in sequence.globals.iter().flat_map(|g| g.iter()) {
        env.set_engine(&var.name, &var.value, false)
            .map_err(|e| (var.name.clone(), e))?;
    }
    for (name, value) in machine.iter().chain(variables) {
        env.set_engine(name, value, false)
            .map_err(|e| (name.clone(), e))?;
    }
    Ok(env)
}

/// The variables a machine profile brings to a scenario.
pub(super) fn profile_variables(profile: &MachineProfile) -> Vec<(String, String)> {
    profile.variables().to_vec()
}

/// The hardware facts Check Readiness reads; none known when the host has none.
pub(super) fn hardware(host: &dyn Host) -> Hardware {
    host.hardware().unwrap_or_default()
}
