//! The one place where the engine touches core pieces that are being reshaped: node paths,
//! walking a subtree, the starting environment, hardware facts and redaction. When the core's
//! `NodePath`, `model::visit`, starting-environment type, `Host::hardware()` and
//! `Secrets::{Reveal, Redact}` options land, only this file changes.

use crate::machine::{Hardware, Host, MachineProfile};
use crate::model::{Node, Sequence};
use crate::vars::{Environment, Secrets, VarError};

/// The path of a node called `name` under `prefix`: names joined by `/`, as
/// [`Sequence::walk`] writes them.
pub(super) fn child_path(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        let mut path = String::with_capacity(prefix.len() + 1 + name.len());
        path.push_str(prefix);
        path.push('/');
        path.push_str(name);
        path
    }
}

/// One node of a subtree listing.
pub(super) struct Listed<'s> {
    pub depth: usize,
    pub path: String,
    pub node: &'s Node,
}

/// Every group and step below `children` (not raw content), depth-first in document order, with
/// depths from `depth` and paths under `prefix`. An explicit stack, so that no model nests deep
/// enough to overflow it.
pub(super) fn subtree<'s>(children: &'s [Node], depth: usize, prefix: &str) -> Vec<Listed<'s>> {
    let mut out = Vec::new();
    let mut stack: Vec<(&'s [Node], usize, String)> = vec![(children, depth, prefix.to_string())];
    while let Some((nodes, depth, prefix)) = stack.pop() {
        let Some((first, rest)) = nodes.split_first() else {
            continue;
        };
        if !rest.is_empty() {
            stack.push((rest, depth, prefix.clone()));
        }
        if matches!(first, Node::Raw { .. }) {
            continue;
        }
        let path = child_path(&prefix, first.name());
        if !first.children().is_empty() {
            stack.push((first.children(), depth + 1, path.clone()));
        }
        out.push(Listed {
            depth,
            path,
            node: first,
        });
    }
    out
}

/// The environment a run starts with: the sequence's `globalVarList`, then `variables` in order
/// (the profile's, then the caller's overrides). Secrecy follows the names
/// ([`crate::vars::is_secret_name`]); the engine's rules for names apply, so a profile may seed
/// `_SMSTS…` variables.
pub(super) fn starting_environment(
    sequence: &Sequence,
    variables: &[(String, String)],
) -> Result<Environment, (String, VarError)> {
    let mut env = Environment::new();
    for var in sequence.globals.iter().flat_map(|g| g.iter()) {
        env.set_engine(&var.name, &var.value, false)
            .map_err(|e| (var.name.clone(), e))?;
    }
    for (name, value) in variables {
        env.set_engine(name, value, false)
            .map_err(|e| (name.clone(), e))?;
    }
    Ok(env)
}

/// What a machine profile brings to a scenario: its variables and its hardware facts.
pub(super) fn profile_parts(profile: &MachineProfile) -> (Vec<(String, String)>, Hardware) {
    (profile.variables().to_vec(), profile.hardware().clone())
}

/// The hardware facts Check Readiness reads: the ones the scenario took from the machine
/// profile. (The host cannot be asked yet.)
pub(super) fn hardware(from_scenario: Option<&Hardware>, _host: &dyn Host) -> Hardware {
    from_scenario.cloned().unwrap_or_default()
}

/// How outputs show secret values.
pub(super) fn secrets(reveal: bool) -> Secrets {
    if reveal {
        Secrets::Reveal
    } else {
        Secrets::Redact
    }
}
