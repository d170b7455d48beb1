//! What the caller says about a run: starting variables, step outcomes, child sequences, options.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::pairs::VarMap;
use crate::codes::ReturnCode;
use crate::machine::MachineProfile;
use crate::model::Sequence;
use crate::vars::{Secrets, VarError};

/// How many groups and steps one run may execute before it stops with an error, unless
/// [`RunOptions::max_steps`] says otherwise. The largest real sequences run a few hundred.
pub const DEFAULT_MAX_STEPS: usize = 10_000;

/// How deeply Run Task Sequence steps may nest child sequences; deeper is an error (a child that
/// includes itself reaches it quickly).
pub const MAX_CHILD_DEPTH: usize = 32;

/// Everything the caller says about one run, beyond the sequence and the machine.
///
/// - `variables`: the variables the run starts with, set in order after the sequence's
///   `globalVarList` (so later entries win). [`Scenario::with_machine`] puts a machine profile's
///   variables first, so that the caller's own entries override them.
/// - `outcomes`: what happened when a step ran, keyed by the step's path
///   (`Prepare for Upgrade/Check Readiness for Upgrade`) or by its name when exactly one step has
///   it (both compared ignoring ASCII case and trailing spaces). When several keys match a step,
///   the last one wins.
/// - `children`: the sequences Run Task Sequence steps run, by package ID (any case).
/// - `options`: see [`RunOptions`].
///
/// # JSON
///
/// Every field is optional; unknown fields are an error.
///
/// ```json
/// { "variables": { "OSDComputerName": "PC01", "_SMSTSInWinPE": "false" },
///   "outcomes": {
///     "Upgrade Operating System": { "exit_code": "0xC1900101", "rollback": true },
///     "Prepare for Upgrade/Collect state": { "exit_code": 0, "output": "text the command printed",
///                                            "variables": { "StateCollected": "yes" } },
///     "Download drivers": { "failed_packages": ["TSQ00020"] } },
///   "children": { "TSQ00011": "<sequence version=\"3.10\">…</sequence>" },
///   "options": { "case_sensitive": false, "secrets": "redact", "max_steps": 10000 } }
/// ```
///
/// Variable values may be strings, numbers or booleans (taken as their text). A child is XML
/// text (any container [`crate::xml::read`] takes) or the model's JSON ([`Sequence`]). See
/// [`Outcome`] for an outcome's fields.
///
/// ```
/// use tasksequence::engine::Scenario;
/// let s = Scenario::from_json(r#"{"variables":{"PHASE":"VALIDATION"},
///     "outcomes":{"Upgrade Operating System":{"exit_code":"0xC1900101","rollback":true}}}"#)?;
/// assert_eq!(s.variables.get("phase"), Some("VALIDATION"));
/// assert!(s.outcomes[0].1.rollback);
/// assert_eq!(s.outcomes[0].1.exit_code.map(|c| c.0), Some(0xC190_0101));
/// # Ok::<(), tasksequence::engine::ScenarioError>(())
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// The starting variables, in the order they are set.
    pub variables: VarMap,
    /// Step outcomes by path or unique name, in order.
    #[serde(with = "outcome_map")]
    pub outcomes: Vec<(String, Outcome)>,
    /// Child sequences by package ID.
    #[serde(with = "child_map")]
    pub children: BTreeMap<String, Sequence>,
    /// Options.
    pub options: RunOptions,
}

impl fmt::Debug for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scenario")
            .field("variables", &self.variables)
            .field("outcomes", &self.outcomes)
            .field("children", &self.children.keys().collect::<Vec<_>>())
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// What happened when one step ran, as the caller describes it.
///
/// - `exit_code`: the step's exit code (any form [`ReturnCode`] reads, as a number or a string).
///   Without it the step's built-in effect decides (see [`crate::engine`]), else 0.
/// - `rollback`: for Upgrade Operating System, Windows Setup rolled back: the step fails and sets
///   `_SMSTSSetupRollback=true`. Its exit code defaults to `0xC1900101`.
/// - `variables`: variables the step set (for instance a script through the TS environment),
///   set after the step's own effect, with the engine's name rules (`_` names allowed).
/// - `output`: what a Run Command Line or Run PowerShell Script step printed; its last 1000
///   characters go to the step's output variable when it has one.
/// - `failed_packages`: Download Package Content packages whose download fails.
///
/// JSON: `{"exit_code":"0xC1900101","rollback":true,"variables":{"X":"1"},"output":"…",
/// "failed_packages":["TSQ00020"]}`, every field optional.
///
/// ```
/// use tasksequence::engine::Outcome;
/// let (step, outcome) = Outcome::parse_spec("Upgrade Operating System=0xC1900101,rollback")?;
/// assert_eq!(step, "Upgrade Operating System");
/// assert!(outcome.rollback);
/// assert_eq!(outcome.exit_code.map(|c| c.unsigned()), Some(3_247_440_129));
/// # Ok::<(), tasksequence::engine::ScenarioError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Outcome {
    /// The exit code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<ReturnCode>,
    /// Windows Setup rolled back (Upgrade Operating System).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub rollback: bool,
    /// Variables the step set.
    #[serde(skip_serializing_if = "VarMap::is_empty")]
    pub variables: VarMap,
    /// What the command printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// Packages whose download fails.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed_packages: Vec<String>,
}

impl Outcome {
    /// An outcome with this exit code.
    pub fn exit(code: impl Into<ReturnCode>) -> Self {
        Self {
            exit_code: Some(code.into()),
            ..Self::default()
        }
    }

    /// Reads the command-line form `STEP=CODE[,rollback]` into the step key and the outcome. The
    /// key is everything before the last `=`, so a step name may hold `=`.
    ///
    /// # Errors
    /// [`ScenarioError::OutcomeSpec`] when there is no `=`, the key is empty, the code does not
    /// read as a [`ReturnCode`], or what follows the comma is not `rollback`.
    pub fn parse_spec(spec: &str) -> Result<(String, Outcome), ScenarioError> {
        let bad = |reason: String| ScenarioError::OutcomeSpec {
            spec: spec.to_string(),
            reason,
        };
        let Some((key, rest)) = spec.rsplit_once('=') else {
            return Err(bad("expected STEP=CODE[,rollback]".into()));
        };
        if key.trim().is_empty() {
            return Err(bad("the step is empty".into()));
        }
        let (code, flag) = match rest.split_once(',') {
            Some((code, flag)) => (code, Some(flag.trim())),
            None => (rest, None),
        };
        let rollback = match flag {
            None => false,
            Some(f) if f.eq_ignore_ascii_case("rollback") => true,
            Some(f) => return Err(bad(format!("`{f}` is not `rollback`"))),
        };
        let exit_code = ReturnCode::parse(code).map_err(|e| bad(e.to_string()))?;
        Ok((
            key.to_string(),
            Outcome {
                exit_code: Some(exit_code),
                rollback,
                ..Outcome::default()
            },
        ))
    }
}

/// Options of a run.
///
/// JSON: `{"case_sensitive":false,"secrets":"redact","max_steps":10000}`, every field
/// optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunOptions {
    /// Compare text in conditions case-sensitively (see
    /// [`crate::condition::EvalOptions::case_sensitive`]).
    pub case_sensitive: bool,
    /// Whether the trace shows secret values (command lines, variables, explanations) or
    /// `********` (the default): `"redact"` or `"reveal"`.
    pub secrets: Secrets,
    /// How many groups and steps the run may execute before it stops with an error.
    pub max_steps: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            case_sensitive: false,
            secrets: Secrets::Redact,
            max_steps: DEFAULT_MAX_STEPS,
        }
    }
}

/// Why a scenario cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    /// The scenario's JSON is not well-formed or does not fit the shape.
    #[error("scenario: {message} at line {line}, column {column}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// An outcome names no step of the sequence (or of a supplied child).
    #[error("outcome for `{key}`: no step has this path or name")]
    UnknownStep {
        /// The key as given.
        key: String,
    },
    /// An outcome's key is a name that several steps have.
    #[error("outcome for `{key}`: {} steps have this name; give one of their paths: {}", paths.len(), quoted(paths))]
    AmbiguousStep {
        /// The key as given.
        key: String,
        /// The paths of the steps with that name.
        paths: Vec<String>,
    },
    /// An outcome's key names a group.
    #[error("outcome for `{key}`: this is a group; outcomes are for steps")]
    NotAStep {
        /// The key as given.
        key: String,
    },
    /// A starting variable cannot be set.
    #[error("starting variable `{name}`: {source}")]
    Variable {
        /// The variable.
        name: String,
        /// Why.
        source: VarError,
    },
    /// A variable of an outcome cannot be set.
    #[error("outcome for `{key}`: variable `{name}`: {source}")]
    OutcomeVariable {
        /// The outcome's key.
        key: String,
        /// The variable.
        name: String,
        /// Why.
        source: VarError,
    },
    /// A `STEP=CODE[,rollback]` outcome does not read.
    #[error("outcome `{spec}`: {reason}")]
    OutcomeSpec {
        /// The text as given.
        spec: String,
        /// What is wrong.
        reason: String,
    },
}

fn quoted(paths: &[String]) -> String {
    paths
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Scenario {
    /// An empty scenario: no variables, no outcomes, no children, default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads a scenario from its JSON (see [`Scenario`]).
    ///
    /// # Errors
    /// [`ScenarioError::Json`] naming the field (`options.max_steps`), with line and column.
    pub fn from_json(json: &str) -> Result<Self, ScenarioError> {
        serde_json::from_str(json).map_err(|e| json_error(json, &e))
    }

    /// The scenario as JSON (children as XML text).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The scenario with a machine's variables set before its own (so that the scenario's
    /// entries override the machine's).
    ///
    /// ```
    /// use tasksequence::engine::Scenario;
    /// use tasksequence::machine::MachineProfile;
    /// let machine = MachineProfile::from_json(r#"{"variables":{"Role":"Desk","OSDisk":"C:"}}"#)?;
    /// let mut scenario = Scenario::new();
    /// scenario.set_variable("Role", "Kiosk");
    /// let scenario = scenario.with_machine(&machine);
    /// let names: Vec<(&str, &str)> = scenario.variables.iter().collect();
    /// assert_eq!(names, [("Role", "Desk"), ("OSDisk", "C:"), ("Role", "Kiosk")]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_machine(mut self, machine: &MachineProfile) -> Self {
        let mut variables = super::seams::profile_variables(machine);
        variables.append(&mut self.variables.0);
        self.variables = VarMap(variables);
        self
    }

    /// Adds a starting variable after the others (it overrides earlier values of the name).
    pub fn set_variable(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.variables.push(name, value);
    }

    /// Adds an outcome after the others.
    pub fn set_outcome(&mut self, key: impl Into<String>, outcome: Outcome) {
        self.outcomes.push((key.into(), outcome));
    }

    /// Adds a child sequence for Run Task Sequence steps naming `package_id`.
    pub fn add_child(&mut self, package_id: impl Into<String>, sequence: Sequence) {
        self.children.insert(package_id.into(), sequence);
    }

    /// The child sequence of `package_id` (any case).
    pub fn child(&self, package_id: &str) -> Option<&Sequence> {
        let id = package_id.trim();
        self.children.get(id).or_else(|| {
            self.children
                .iter()
                .find(|(k, _)| k.trim().eq_ignore_ascii_case(id))
                .map(|(_, s)| s)
        })
    }
}

fn json_error(json: &str, e: &serde_json::Error) -> ScenarioError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    let path = super::json_path::field_of(json, e);
    ScenarioError::Json {
        line: e.line(),
        column: e.column(),
        message: if path.is_empty() {
            message.to_string()
        } else {
            format!("`{path}`: {message}")
        },
    }
}

/// Outcomes as a JSON object, in order.
mod outcome_map {
    use super::*;

    pub fn serialize<S: Serializer>(
        outcomes: &[(String, Outcome)],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(outcomes.iter().map(|(k, v)| (k, v)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<(String, Outcome)>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Vec<(String, Outcome)>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of step paths or names to outcomes")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Outcome>()? {
                    out.push(entry);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(V)
    }
}

/// Children as a JSON object of package ID to XML text or model JSON.
mod child_map {
    use super::*;
    use crate::xml::{WriteOptions, write_sequence};

    pub fn serialize<S: Serializer>(
        children: &BTreeMap<String, Sequence>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let options = WriteOptions::default();
        serializer.collect_map(
            children
                .iter()
                .map(|(k, v)| (k, write_sequence(v, &options))),
        )
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Source {
        Xml(String),
        Model(Box<Sequence>),
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<String, Sequence>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = BTreeMap<String, Sequence>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of package IDs to sequences (XML text or model JSON)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((id, source)) = map.next_entry::<String, Source>()? {
                    let sequence = match source {
                        Source::Model(s) => *s,
                        Source::Xml(text) => {
                            crate::xml::read(text.as_bytes())
                                .map_err(|e| {
                                    serde::de::Error::custom(format!(
                                        "child `{id}`: line {}, column {}: {}",
                                        e.line(),
                                        e.column(),
                                        e.kind
                                    ))
                                })?
                                .sequence
                        }
                    };
                    out.insert(id, sequence);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(V)
    }
}
