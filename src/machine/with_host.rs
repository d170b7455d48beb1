//! Variables in front of a host's OS environment, for expansion.

use super::host::Host;
use crate::vars::Lookup;

/// Task sequence variables backed by a [`Host`]'s operating-system environment: what
/// [`crate::vars::expand`] consults for `%windir%` when no task sequence variable has the name.
///
/// ```
/// use tasksequence::machine::{MachineProfile, WithHost};
/// use tasksequence::vars::{Environment, expand};
/// let host = MachineProfile::from_json(r#"{"name":"m","environment":{"windir":"C:\\Windows"}}"#)?;
/// let mut env = Environment::new();
/// env.set_engine("OSDisk", "C:", false)?;
/// assert_eq!(expand(r"%OSDisk% %WINDIR%", &WithHost::new(&env, Some(&host))), r"C: C:\Windows");
/// assert_eq!(expand(r"%WINDIR%", &WithHost::new(&env, None)), r"%WINDIR%");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct WithHost<'a> {
    vars: &'a dyn Lookup,
    host: Option<&'a dyn Host>,
}

impl<'a> WithHost<'a> {
    /// `vars` first, then `host`'s environment when there is a host.
    ///
    /// ```
    /// use tasksequence::machine::{MachineProfile, WithHost};
    /// use tasksequence::vars::{expand, Environment};
    ///
    /// // A task sequence variable hides the OS variable of the same name.
    /// let host = MachineProfile::from_json(r#"{"environment": {"TEMP": "C:\\Windows\\Temp"}}"#)?;
    /// let mut env = Environment::new();
    /// env.set_engine("TEMP", r"X:\Temp", false)?;
    /// assert_eq!(expand("%TEMP%", &WithHost::new(&env, Some(&host))), r"X:\Temp");
    /// assert_eq!(expand("%TEMP%", &WithHost::new(&Environment::new(), Some(&host))), r"C:\Windows\Temp");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(vars: &'a dyn Lookup, host: Option<&'a dyn Host>) -> Self {
        Self { vars, host }
    }
}

impl Lookup for WithHost<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name)
    }

    fn is_secret(&self, name: &str) -> bool {
        self.vars.is_secret(name)
    }

    #[inline]
    fn get_with_secrecy(&self, name: &str) -> Option<(&str, bool)> {
        self.vars.get_with_secrecy(name)
    }

    #[inline]
    fn get_classified(&self, name: &str) -> Option<crate::vars::Classified<'_>> {
        self.vars.get_classified(name)
    }

    #[inline]
    fn get_prepared(
        &self,
        name: &crate::vars::PreparedName<'_>,
    ) -> Option<crate::vars::Classified<'_>> {
        self.vars.get_prepared(name)
    }

    fn os_var(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.host
            .and_then(|h| h.env_var_ref(name))
            .or_else(|| self.vars.os_var(name))
    }
}
