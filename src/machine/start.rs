//! The variables a run or an evaluation starts with.

use super::host::Host;
use super::profile::MachineProfile;
use crate::vars::{Environment, Lookup, is_secret_name};

/// The one rule for starting variables, shared by `tsq eval`, `tsq expand`, `tsq simulate`, the
/// C ABI and the engine: the profile's `variables` first, then the caller's overrides (`--var`,
/// the `ts_env` handle), which win; a value is secret when its override was set as secret or its
/// name is a known secret ([`is_secret_name`]). Names are checked once, when the profile is read
/// ([`MachineProfile::from_json`] refuses an invalid name) and when an override is set, so both
/// faces accept and refuse the same inputs.
///
/// As a [`Lookup`] it layers the two without copying (what a single evaluation needs), and
/// answers `%windir%` from the profile's OS environment; [`Start::environment`] builds the
/// environment a simulated run goes on changing.
///
/// ```
/// use tasksequence::machine::{MachineProfile, Start};
/// use tasksequence::vars::{Environment, Lookup, expand};
/// let profile = MachineProfile::from_json(r#"{"name":"m","variables":{"Make":"LENOVO","PHASE":"INSTALL"},
///   "environment":{"windir":"C:\\Windows"}}"#)?;
/// let mut overrides = Environment::new();
/// overrides.set_engine("PHASE", "VALIDATION", false)?;
/// let start = Start::new(Some(&profile), &overrides);
/// assert_eq!(start.get("phase"), Some("VALIDATION"));
/// assert_eq!(start.get("MAKE"), Some("LENOVO"));
/// assert_eq!(expand("%Make% %windir%", &start), r"LENOVO C:\Windows");
/// assert_eq!(start.environment().get("Phase"), Some("VALIDATION"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct Start<'a> {
    profile: Option<&'a MachineProfile>,
    overrides: &'a Environment,
    unset: &'a [String],
}

impl<'a> Start<'a> {
    /// The profile's variables (if any) under `overrides`.
    ///
    /// ```
    /// use tasksequence::machine::{MachineProfile, Start};
    /// use tasksequence::vars::{Environment, Lookup};
    ///
    /// let profile = MachineProfile::from_json(r#"{"variables": {"Make": "LENOVO"}}"#)?;
    /// let mut overrides = Environment::new();
    /// overrides.set_engine("Pin", "1234", true)?;
    /// let start = Start::new(Some(&profile), &overrides);
    /// assert_eq!(start.get("make"), Some("LENOVO"));
    /// assert!(start.is_secret("Pin"));
    /// assert!(start.host().is_some());
    /// assert_eq!(Start::new(None, &overrides).get("Make"), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(profile: Option<&'a MachineProfile>, overrides: &'a Environment) -> Self {
        Self {
            profile,
            overrides,
            unset: &[],
        }
    }

    /// The same start with these profile variables unset (an override with an empty value, like
    /// `--var NAME=`: setting a variable to `""` deletes it, so the override itself holds nothing).
    ///
    /// ```
    /// use tasksequence::machine::{MachineProfile, Start};
    /// use tasksequence::vars::{Environment, Lookup};
    /// let profile = MachineProfile::from_json(r#"{"name":"m","variables":{"PHASE":"INSTALL"}}"#)?;
    /// let none = Environment::new();
    /// let unset = ["phase".to_string()];
    /// let start = Start::new(Some(&profile), &none).unsetting(&unset);
    /// assert_eq!(start.get("PHASE"), None);
    /// assert!(start.environment().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn unsetting(mut self, names: &'a [String]) -> Self {
        self.unset = names;
        self
    }

    /// The profile, as the host conditions ask.
    ///
    /// ```
    /// let env = tasksequence::vars::Environment::new();
    /// assert!(tasksequence::machine::Start::new(None, &env).host().is_none());
    /// ```
    pub fn host(&self) -> Option<&'a dyn Host> {
        self.profile.map(|p| p as &dyn Host)
    }

    /// A new environment holding the starting variables: the profile's set by the engine, then
    /// every override (keeping its secrecy).
    ///
    /// ```
    /// let env = tasksequence::vars::Environment::new();
    /// assert!(tasksequence::machine::Start::new(None, &env).environment().is_empty());
    /// ```
    pub fn environment(&self) -> Environment {
        let mut env = Environment::new();
        if let Some(profile) = self.profile {
            for (name, value) in profile.variables() {
                if self.is_unset(name) {
                    continue;
                }
                // The profile reader already refused names and values the environment refuses.
                let _ = env.set_engine(name, value, false);
            }
        }
        for var in self.overrides.iter() {
            if var.value().is_empty() {
                continue;
            }
            let _ = env.set_engine(var.name(), var.value(), var.is_secret());
        }
        env
    }

    fn is_unset(&self, name: &str) -> bool {
        self.unset
            .iter()
            .any(|n| crate::util::fold::text_equal(n, name.trim_ascii(), false))
    }

    fn profile_value(&self, name: &str) -> Option<&'a str> {
        let profile = self.profile?;
        if self.is_unset(name) {
            return None;
        }
        Lookup::get(profile.variables(), name.trim_ascii()).filter(|v| !v.is_empty())
    }
}

impl Lookup for Start<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.overrides
            .get(name)
            .or_else(|| self.profile_value(name))
    }

    fn is_secret(&self, name: &str) -> bool {
        if self.overrides.contains(name) {
            self.overrides.is_secret(name)
        } else {
            is_secret_name(name)
        }
    }

    #[inline]
    fn get_with_secrecy(&self, name: &str) -> Option<(&str, bool)> {
        match Lookup::get_with_secrecy(self.overrides, name) {
            Some(found) => Some(found),
            None => self.profile_value(name).map(|v| (v, is_secret_name(name))),
        }
    }

    #[inline]
    fn get_classified(&self, name: &str) -> Option<crate::vars::Classified<'_>> {
        match self.overrides.get_classified(name) {
            Some(found) => Some(found),
            None => self.profile_value(name).map(crate::vars::Classified::new),
        }
    }

    #[inline]
    fn get_prepared(
        &self,
        name: &crate::vars::PreparedName<'_>,
    ) -> Option<crate::vars::Classified<'_>> {
        match self.overrides.get_prepared(name) {
            Some(found) => Some(found),
            None => self
                .profile_value(name.as_str())
                .map(crate::vars::Classified::new),
        }
    }

    fn os_var(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.profile.and_then(|p| p.env_var_ref(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> MachineProfile {
        MachineProfile::from_json(
            r#"{"name":"m","variables":{"OSDJoinPassword":"pw","A":"profile"},"environment":{"TEMP":"C:\\T"}}"#,
        )
        .unwrap()
    }

    #[test]
    fn overrides_win_and_secrecy_follows_names_and_overrides() {
        let p = profile();
        let mut over = Environment::new();
        over.set_engine("A", "override", false).unwrap();
        over.set_by_step("Hidden", "h", true).unwrap();
        let start = Start::new(Some(&p), &over);
        assert_eq!(start.get("a"), Some("override"));
        assert_eq!(
            start.get_with_secrecy("OSDJOINPASSWORD"),
            Some(("pw", true))
        );
        assert_eq!(start.get_with_secrecy("hidden"), Some(("h", true)));
        assert_eq!(start.os_var("temp").as_deref(), Some(r"C:\T"));
        let env = start.environment();
        assert_eq!(env.get("A"), Some("override"));
        assert!(env.is_secret("Hidden") && env.is_secret("OSDJoinPassword"));
        assert_eq!(env.len(), 3);
    }

    #[test]
    fn without_a_profile_only_overrides() {
        let over = Environment::new();
        let start = Start::new(None, &over);
        assert_eq!(start.get("A"), None);
        assert_eq!(start.os_var("TEMP"), None);
    }
}
