//! `%NAME%` expansion.
//!
//! The rules (the task sequence documentation leaves them open; these follow `cmd.exe` on a
//! command line and Windows' own environment-string expansion):
//!
//! - One pass, left to right. A reference is `%`, a valid variable name (1–256 ASCII letters,
//!   digits, `_`, `-`), `%`.
//! - A reference resolves in the task sequence environment first ([`Lookup::get_with_secrecy`]),
//!   then in the operating system's environment ([`Lookup::os_var`]; `machine::WithHost` asks a
//!   host). Names resolve in any case. An empty value counts as unset.
//! - A resolved reference is replaced by its value, and scanning continues after its closing `%`.
//!   Inserted values are never scanned again, so a value holding `%X%` stays as it is.
//! - An unresolved reference stays as written. Its closing `%` may open the next reference, as in
//!   `cmd.exe`: with only `B` defined, `%A%B%` gives `%A` followed by `B`'s value.
//! - `%NAME(PART)%` (`%ProgramFiles(x86)%`, `%CommonProgramFiles(x86)%`) is a reference to the
//!   operating system's environment only: task sequence variable names cannot hold parentheses.
//! - A `%` that does not open a reference (`%%F`, a lone `%`, `%Virtual Machine%`) is literal.
//!   There is no escape for `%`.
//!
//! WQL queries must not be expanded: their `%` are wildcards.

use std::borrow::Cow;

use memchr::memchr;
use serde::{Deserialize, Serialize};

use super::lookup::Lookup;
use super::name::{MAX_NAME_LEN, is_name_byte};
use super::secret::{Secrets, is_secret_name};

/// Expands `%NAME%` references in `text` with their real values, secrets included: this is the
/// text a step receives. Use [`expand_redacted`] for anything shown to people.
///
/// Text without a resolved reference comes back borrowed, without allocating.
///
/// # Example
/// ```
/// use std::borrow::Cow;
/// use tasksequence::vars::{Environment, expand};
/// let mut env = Environment::new();
/// env.set_engine("SCRIPTROOT", r"\\srv\ds\Scripts", false)?;
/// let out = expand(r#"cscript.exe "%ScriptRoot%\ZTIGather.wsf""#, &env);
/// assert_eq!(out, r#"cscript.exe "\\srv\ds\Scripts\ZTIGather.wsf""#);
/// assert!(matches!(expand("for /f %F in (x) do drvload %%F", &env), Cow::Borrowed(_)));
/// # Ok::<(), tasksequence::vars::VarError>(())
/// ```
pub fn expand<'t>(text: &'t str, vars: &dyn Lookup) -> Cow<'t, str> {
    expand_with(text, vars, Secrets::Reveal, false, |_| {})
}

/// Expands like [`expand`] but shows secret values as [`crate::vars::REDACTED`]: for traces and
/// command lines displayed to users.
///
/// # Example
/// ```
/// use tasksequence::vars::{Environment, expand_redacted};
/// let mut env = Environment::new();
/// env.set_by_step("OSDJoinPassword", "hunter2", false)?;
/// env.set_by_step("OSDJoinAccount", "CONTOSO\\join", false)?;
/// assert_eq!(
///     expand_redacted("net use /user:%OSDJoinAccount% %OSDJoinPassword%", &env),
///     "net use /user:CONTOSO\\join ********"
/// );
/// # Ok::<(), tasksequence::vars::VarError>(())
/// ```
pub fn expand_redacted<'t>(text: &'t str, vars: &dyn Lookup) -> Cow<'t, str> {
    expand_with(text, vars, Secrets::Redact, true, |_| {})
}

/// Expands and reports every reference met, resolved or not, in order. `secrets` decides whether
/// the expanded text shows secret values.
///
/// # Example
/// ```
/// use tasksequence::vars::{Environment, Resolution, Secrets, expand_report};
/// let mut env = Environment::new();
/// env.set_engine("OSDisk", "C:", false)?;
/// let report = expand_report("%OSDisk%\\%Nope%", &env, Secrets::Redact);
/// assert_eq!(report.text, "C:\\%Nope%");
/// assert_eq!(report.references[0].resolution, Resolution::Environment);
/// assert_eq!(report.references[1].name, "Nope");
/// assert_eq!(report.references[1].resolution, Resolution::Unresolved);
/// assert_eq!(report.unresolved().collect::<Vec<_>>(), ["Nope"]);
/// # Ok::<(), tasksequence::vars::VarError>(())
/// ```
pub fn expand_report(text: &str, vars: &dyn Lookup, secrets: Secrets) -> Expansion {
    let mut references = Vec::new();
    let text = expand_with(text, vars, secrets, true, |seen| {
        references.push(Reference {
            name: seen.name.to_owned(),
            start: seen.start,
            end: seen.end,
            resolution: seen.resolution,
            secret: seen.secret,
        });
    })
    .into_owned();
    Expansion { text, references }
}

/// The result of [`expand_report`].
///
/// JSON: `{"text":"…","references":[{"name":"OSDisk","start":0,"end":8,"resolution":"environment","secret":false}]}`.
///
/// ```
/// use tasksequence::vars::{expand_report, Environment, Secrets};
///
/// let mut env = Environment::new();
/// env.set_by_step("OSDJoinPassword", "P@ss", false)?;
/// let report = expand_report("/p:%OSDJoinPassword%", &env, Secrets::Redact);
/// assert_eq!(report.text, "/p:********");
/// let json = serde_json::to_value(&report)?;
/// assert_eq!(json["references"][0]["resolution"], "environment");
/// assert_eq!(json["references"][0]["secret"], true);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expansion {
    /// The expanded text (secrets shown as asked).
    pub text: String,
    /// Every reference met, in order of appearance.
    pub references: Vec<Reference>,
}

impl Expansion {
    /// Names of the references that stayed as written, in order (repeats included).
    ///
    /// ```
    /// use tasksequence::vars::{expand_report, NoVariables, Secrets};
    ///
    /// let report = expand_report("%A% %B% %A%", &NoVariables, Secrets::Redact);
    /// assert_eq!(report.unresolved().collect::<Vec<_>>(), ["A", "B", "A"]);
    /// ```
    pub fn unresolved(&self) -> impl Iterator<Item = &str> {
        self.references
            .iter()
            .filter(|r| r.resolution == Resolution::Unresolved)
            .map(|r| r.name.as_str())
    }

    /// Whether every reference resolved.
    ///
    /// ```
    /// use tasksequence::vars::{expand_report, Environment, Secrets};
    ///
    /// let mut env = Environment::new();
    /// env.set_engine("OSDisk", "C:", false)?;
    /// assert!(expand_report("%OSDisk%\\Windows", &env, Secrets::Redact).is_complete());
    /// assert!(!expand_report("%OSDisk%\\%Folder%", &env, Secrets::Redact).is_complete());
    /// // A `%` that opens no reference is literal, not unresolved.
    /// assert!(expand_report("100% done", &env, Secrets::Redact).is_complete());
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    pub fn is_complete(&self) -> bool {
        self.unresolved().next().is_none()
    }
}

/// One `%NAME%` reference in the input text.
///
/// ```
/// use tasksequence::vars::{expand_report, Environment, Secrets};
///
/// let mut env = Environment::new();
/// env.set_engine("OSDisk", "C:", false)?;
/// let text = "copy x %OSDisk%\\";
/// let report = expand_report(text, &env, Secrets::Redact);
/// let reference = &report.references[0];
/// assert_eq!(&text[reference.start..reference.end], "%OSDisk%");
/// assert_eq!((reference.name.as_str(), reference.secret), ("OSDisk", false));
/// # Ok::<(), tasksequence::vars::VarError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// The name as written between the `%`s.
    pub name: String,
    /// Byte offset of the opening `%` in the input.
    pub start: usize,
    /// Byte offset just past the closing `%` in the input.
    pub end: usize,
    /// Where the value came from.
    pub resolution: Resolution,
    /// Whether the value is secret (and so redacted unless revealed).
    pub secret: bool,
}

/// Where a reference's value came from.
///
/// ```
/// use tasksequence::vars::{expand_report, Resolution, Secrets};
///
/// let vars: &[(&str, &str)] = &[("osdisk", "C:")];
/// let report = expand_report("%OSDisk%", &vars, Secrets::Redact);
/// assert_eq!(report.references[0].resolution, Resolution::Environment);
/// assert_eq!(serde_json::to_string(&Resolution::Unresolved)?, r#""unresolved""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// The task sequence environment.
    Environment,
    /// The operating system's environment, through [`Lookup::os_var`].
    Host,
    /// Neither: the reference stays as written.
    Unresolved,
}

/// A reference as the scanner meets it, borrowed so that the plain variants allocate nothing.
struct Seen<'a> {
    name: &'a str,
    start: usize,
    end: usize,
    resolution: Resolution,
    secret: bool,
}

/// The single scanner behind every expansion; `on_ref` sees each reference (a no-op closure
/// compiles away for the plain variants).
#[inline]
/// `secrecy`: whether the caller needs to know which host values are secret (to redact or to
/// report them); without it, the name check is skipped and `Seen::secret` is false for them.
fn expand_with<'t>(
    text: &'t str,
    vars: &dyn Lookup,
    secrets: Secrets,
    secrecy: bool,
    mut on_ref: impl FnMut(Seen<'_>),
) -> Cow<'t, str> {
    let bytes = text.as_bytes();
    let Some(mut open) = memchr(b'%', bytes) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::new();
    // Input up to `copied` is already in `out` (or needs no copy while nothing was replaced).
    let mut copied = 0;
    loop {
        let after = open + 1;
        // Name bytes run up to the closing `%` in a valid reference; scanning them directly
        // saves a search and a separate validation on the common path.
        let window = bytes.get(after..).unwrap_or_default();
        let window = window.get(..=MAX_NAME_LEN).unwrap_or(window);
        let mut run = window
            .iter()
            .position(|&b| !is_name_byte(b))
            .unwrap_or(window.len());
        // `%ProgramFiles(x86)%`: Windows environment names may hold one parenthesised part.
        // Task sequence variable names cannot, so such a name is only an OS-environment reference.
        let mut os_only = false;
        if run > 0 && bytes.get(after + run) == Some(&b'(') {
            let inner = bytes.get(after + run + 1..).unwrap_or_default();
            let inner_run = inner
                .iter()
                .take(MAX_NAME_LEN)
                .position(|&b| !is_name_byte(b))
                .unwrap_or(0);
            if inner_run > 0
                && inner.get(inner_run) == Some(&b')')
                && inner.get(inner_run + 1) == Some(&b'%')
                && run + inner_run + 2 <= MAX_NAME_LEN
            {
                run += inner_run + 2;
                os_only = true;
            }
        }
        let is_reference =
            (1..=MAX_NAME_LEN).contains(&run) && bytes.get(after + run) == Some(&b'%');
        let close = if is_reference {
            after + run
        } else {
            // Not a reference: the next `%` (if any) is where scanning resumes.
            match bytes.get(after + run..).and_then(|tail| memchr(b'%', tail)) {
                Some(offset) => after + run + offset,
                None => break,
            }
        };
        // When the gap is not a name or does not resolve, the closing `%` may open a reference.
        let mut next_from = close;
        if is_reference {
            // `name` is ASCII and lies between two ASCII bytes, so both slices are on char
            // boundaries.
            let name_str = text.get(after..close).unwrap_or_default();
            let in_sequence = if os_only {
                None
            } else {
                vars.get_with_secrecy(name_str)
            };
            let (resolution, secret, value): (Resolution, bool, Cow<'_, str>) = match in_sequence {
                Some((value, secret)) => (Resolution::Environment, secret, Cow::Borrowed(value)),
                None => match vars.os_var(name_str) {
                    Some(value) => (Resolution::Host, secrecy && is_secret_name(name_str), value),
                    None => (Resolution::Unresolved, false, Cow::Borrowed("")),
                },
            };
            if resolution != Resolution::Unresolved {
                if out.is_empty() && copied == 0 {
                    out.reserve(text.len() + value.len());
                }
                out.push_str(text.get(copied..open).unwrap_or_default());
                out.push_str(secrets.show(&value, secret));
                copied = close + 1;
                next_from = close + 1;
            }
            on_ref(Seen {
                name: name_str,
                start: open,
                end: close + 1,
                resolution,
                secret,
            });
        }
        match bytes.get(next_from..).and_then(|tail| memchr(b'%', tail)) {
            Some(offset) => open = next_from + offset,
            None => break,
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vars::{Environment, REDACTED};

    /// Task sequence variables in front of an OS environment.
    struct WithOs<'a>(&'a Environment, Vec<(&'static str, &'static str)>);

    impl Lookup for WithOs<'_> {
        fn get(&self, name: &str) -> Option<&str> {
            self.0.get(name)
        }
        fn os_var(&self, name: &str) -> Option<Cow<'_, str>> {
            self.1
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| Cow::Borrowed(*v))
        }
    }

    fn env_host(pairs: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
        pairs.to_vec()
    }

    fn env(pairs: &[(&str, &str)]) -> Environment {
        let mut env = Environment::new();
        for (n, v) in pairs {
            env.set_engine(n, v, false).unwrap();
        }
        env
    }

    #[test]
    fn borrowed_when_nothing_changes() {
        let e = env(&[("A", "1")]);
        for text in [
            "",
            "plain text",
            "100%",
            "%",
            "%%",
            "%B%",
            "%a b%",
            "50% off %Nope% %",
        ] {
            assert!(
                matches!(expand(text, &e), Cow::Borrowed(t) if t == text),
                "{text}"
            );
        }
    }

    #[test]
    fn basic_and_positions() {
        let e = env(&[("A", "1"), ("Bee", "two")]);
        assert_eq!(expand("%A%", &e), "1");
        assert_eq!(expand("x%a%y%BEE%z", &e), "x1ytwoz");
        let report = expand_report("x%a%y%Q%z", &e, Secrets::Redact);
        assert_eq!(
            report.references,
            [
                Reference {
                    name: "a".into(),
                    start: 1,
                    end: 4,
                    resolution: Resolution::Environment,
                    secret: false
                },
                Reference {
                    name: "Q".into(),
                    start: 5,
                    end: 8,
                    resolution: Resolution::Unresolved,
                    secret: false
                },
            ]
        );
        assert!(!report.is_complete());
    }

    #[test]
    fn unresolved_closing_percent_can_open_next() {
        let e = env(&[("B", "v")]);
        assert_eq!(expand("%A%B%", &e), "%Av");
        assert_eq!(expand("%A%%B%", &e), "%A%v");
        // A resolved reference consumes its closing `%`.
        let e = env(&[("A", "a")]);
        assert_eq!(expand("%A%B%", &e), "aB%");
    }

    #[test]
    fn host_fallback_after_environment() {
        let host = env_host(&[
            ("windir", "C:\\Windows"),
            ("TEMP", "C:\\Temp"),
            ("A", "host"),
        ]);
        let e = env(&[("A", "ts")]);
        assert_eq!(expand("%A%", &WithOs(&e, host.clone())), "ts");
        assert_eq!(
            expand("%WINDIR%\\x", &WithOs(&e, host.clone())),
            "C:\\Windows\\x"
        );
        assert_eq!(expand("%WINDIR%\\x", &e), "%WINDIR%\\x");
        let report = expand_report("%windir%", &WithOs(&e, host.clone()), Secrets::Redact);
        assert_eq!(report.references[0].resolution, Resolution::Host);
    }

    #[test]
    fn host_secret_names_redacted() {
        let host = env_host(&[("SvcPassword", "pw")]);
        let e = Environment::new();
        assert_eq!(
            expand_redacted("x %SvcPassword%", &WithOs(&e, host.clone())),
            format!("x {REDACTED}")
        );
        assert_eq!(expand("x %SvcPassword%", &WithOs(&e, host.clone())), "x pw");
    }

    #[test]
    fn parenthesised_names_come_from_the_os_environment_only() {
        let host = env_host(&[("ProgramFiles(x86)", "C:\\Program Files (x86)")]);
        let e = env(&[("ProgramFiles", "ts")]);
        assert_eq!(
            expand("%ProgramFiles(x86)%\\App", &WithOs(&e, host.clone())),
            "C:\\Program Files (x86)\\App"
        );
        assert_eq!(
            expand("%programfiles(X86)%", &WithOs(&e, host.clone())),
            "C:\\Program Files (x86)"
        );
        // Without the OS environment it stays as written; malformed forms are literal.
        assert_eq!(expand("%ProgramFiles(x86)%", &e), "%ProgramFiles(x86)%");
        assert_eq!(expand("%ProgramFiles(x86%", &e), "%ProgramFiles(x86%");
        assert_eq!(expand("%ProgramFiles()%", &e), "%ProgramFiles()%");
        assert_eq!(expand("%ProgramFiles% (x86)", &e), "ts (x86)");
    }

    #[test]
    fn utf8_around_references() {
        let e = env(&[("A", "é")]);
        assert_eq!(expand("ü%A%“”%", &e), "üé“”%");
        assert_eq!(expand("%é%A%", &e), "%éé");
    }

    #[test]
    fn long_gaps_are_not_names() {
        let e = env(&[("A", "1")]);
        let name = "a".repeat(257);
        let text = format!("%{name}%A%");
        // The 257-character gap is not a name; its closing `%` opens `%A%`.
        assert_eq!(expand(&text, &e), format!("%{name}1"));
    }
}
