//! What an evaluation reads from: variables, an optional host, options.

use serde::{Deserialize, Serialize};

use crate::machine::Host;
use crate::vars::{Lookup as Variables, NoVariables, Secrets};

/// Choices that change how conditions evaluate or explain themselves.
///
/// JSON: `{"case_sensitive":false,"secrets":"redact"}` (both optional; `secrets` is `redact` or
/// `reveal`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct EvalOptions {
    /// Compare text case-sensitively (`equals`, ordering and `like`), as ConfigMgr 2007 documented:
    /// "string comparison is case-sensitive unless both values are integers". Off by default:
    /// current ConfigMgr compares values case-insensitively.
    pub case_sensitive: bool,
    /// Whether explanations show secret variable values or `********` (the default).
    pub secrets: Secrets,
}

/// Everything a condition is evaluated against.
///
/// ```
/// use std::collections::HashMap;
/// use tasksequence::condition::{Condition, EvalContext};
/// let vars = HashMap::from([("_SMSTSInWinPE".to_string(), "false".to_string())]);
/// let ctx = EvalContext::new(&vars);
/// let c: Condition = r#"_SMSTSInWinPE == "FALSE""#.parse()?;
/// assert_eq!(c.evaluate(&ctx), Ok(true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct EvalContext<'a> {
    /// The task sequence variables.
    pub variables: &'a dyn Variables,
    /// The machine, for WMI, file, folder, registry, software and OS conditions; `None` makes
    /// those conditions fail with [`super::EvalError::NoHost`].
    pub host: Option<&'a dyn Host>,
    /// Options.
    pub options: EvalOptions,
}

static NO_VARIABLES: NoVariables = NoVariables;

impl<'a> EvalContext<'a> {
    /// A context with these variables, no host and default options.
    pub fn new(variables: &'a dyn Variables) -> Self {
        Self {
            variables,
            host: None,
            options: EvalOptions::default(),
        }
    }

    /// A context with no variables, no host and default options.
    pub fn empty() -> EvalContext<'static> {
        EvalContext {
            variables: &NO_VARIABLES,
            host: None,
            options: EvalOptions::default(),
        }
    }

    /// The same context with a host.
    #[must_use]
    pub fn with_host(mut self, host: &'a dyn Host) -> Self {
        self.host = Some(host);
        self
    }

    /// The same context with these options.
    #[must_use]
    pub fn with_options(mut self, options: EvalOptions) -> Self {
        self.options = options;
        self
    }
}

impl std::fmt::Debug for EvalContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EvalContext")
            .field("host", &self.host.is_some())
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}
