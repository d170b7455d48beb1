//! Where conditions and expansion read task sequence variables from.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

/// Task sequence variables as conditions and [`crate::vars::expand`] see them: looked up by name,
/// case-insensitively. (`condition::Variables` is the same trait under its older name.)
///
/// Implemented for `HashMap<String, String>`, `BTreeMap<String, String>`, slices and vectors of
/// name/value pairs, and references to any of them. For maps, an exact-case hit costs one lookup;
/// otherwise the names are scanned case-insensitively (so a map built with the spelling the
/// conditions use is fastest). [`NoVariables`] is the empty set.
///
/// ```
/// use std::collections::HashMap;
/// use tasksequence::vars::Lookup;
/// let vars = HashMap::from([("OSDisk".to_string(), "C:".to_string())]);
/// // `Lookup::get`, not the map's own case-sensitive `get`.
/// assert_eq!(Lookup::get(&vars, "osdisk"), Some("C:"));
/// assert!(vars.is_secret("OSDJoinPassword"));
/// ```
pub trait Lookup {
    /// The value of `name` (case-insensitive), `None` when unset.
    ///
    /// ```
    /// use tasksequence::vars::Lookup;
    ///
    /// let vars: &[(&str, &str)] = &[("_SMSTSInWinPE", "true")];
    /// // `Lookup::get`, not the slice's own `get` by index.
    /// assert_eq!(Lookup::get(vars, "_smstsinwinpe"), Some("true"));
    /// assert_eq!(Lookup::get(vars, "OSDisk"), None);
    /// ```
    fn get(&self, name: &str) -> Option<&str>;

    /// Whether the value of `name` must be redacted in explanations. The default is
    /// [`crate::vars::is_secret_name`] (`*Password*`, product keys, the BitLocker PIN, …);
    /// [`crate::vars::Environment`] also knows which values were set as hidden.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use tasksequence::vars::{Environment, Lookup};
    ///
    /// let map: BTreeMap<String, String> = BTreeMap::new();
    /// assert!(map.is_secret("OSDLocalAdminPassword"));
    /// assert!(!map.is_secret("Pin"));
    /// // An environment also knows what was set as hidden.
    /// let mut env = Environment::new();
    /// env.set_by_step("Pin", "1234", true)?;
    /// assert!(Lookup::is_secret(&env, "Pin"));
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    fn is_secret(&self, name: &str) -> bool {
        crate::vars::is_secret_name(name)
    }

    /// The value and whether it is secret, in one lookup where the source can (an
    /// [`crate::vars::Environment`] does). An empty value counts as unset, as setting a variable to
    /// `""` deletes it.
    ///
    /// ```
    /// use tasksequence::vars::Lookup;
    ///
    /// let vars = vec![("OSDJoinPassword".to_string(), "P@ss".to_string()), ("Empty".to_string(), String::new())];
    /// assert_eq!(vars.get_with_secrecy("osdjoinpassword"), Some(("P@ss", true)));
    /// assert_eq!(vars.get_with_secrecy("Empty"), None);
    /// ```
    fn get_with_secrecy(&self, name: &str) -> Option<(&str, bool)> {
        let value = self.get(name).filter(|v| !v.is_empty())?;
        Some((value, self.is_secret(name)))
    }

    /// The value of `name` (case-insensitive) with its kind (integer, version, text), `None` when
    /// unset. The default classifies the value on the spot; an [`crate::vars::Environment`] keeps
    /// the kind it worked out when the value was set, so comparisons do not parse it again.
    ///
    /// ```
    /// use tasksequence::vars::{Lookup, ValueKind};
    ///
    /// let vars: &[(&str, &str)] = &[("_SMSTSOSUpgradeActionReturnCode", "0xC1900210")];
    /// let value = vars.get_classified("_smstsosupgradeactionreturncode").unwrap();
    /// assert_eq!((value.kind(), value.integer()), (ValueKind::Integer, Some(3247440400)));
    /// assert!(vars.get_classified("Make").is_none());
    /// ```
    #[inline]
    fn get_classified(&self, name: &str) -> Option<crate::vars::Classified<'_>> {
        self.get(name).map(crate::vars::Classified::new)
    }

    /// [`Lookup::get_classified`] of a name hashed beforehand: an [`crate::vars::Environment`]
    /// skips hashing it again; the default looks the name up as usual. Wrappers that forward
    /// [`Lookup::get_classified`] forward this too.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use tasksequence::vars::{Lookup, PreparedName};
    ///
    /// let vars = HashMap::from([("Make".to_string(), "LENOVO".to_string())]);
    /// assert_eq!(vars.get_prepared(&PreparedName::new("MAKE")).map(|v| v.text()), Some("LENOVO"));
    /// ```
    #[inline]
    fn get_prepared(
        &self,
        name: &crate::vars::PreparedName<'_>,
    ) -> Option<crate::vars::Classified<'_>> {
        self.get_classified(name.as_str())
    }

    /// A variable of the operating system's environment (`windir`), asked when `name` is not a task
    /// sequence variable: borrowed where the source keeps it, so that expanding a path copies
    /// nothing but the result. None by default; `machine::WithHost` answers from a host.
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use tasksequence::vars::{expand_report, Lookup, Resolution, Secrets};
    ///
    /// // Task sequence variables from a slice, the operating system's environment from a closure.
    /// struct WithOs<'a>(&'a [(&'a str, &'a str)]);
    /// impl Lookup for WithOs<'_> {
    ///     fn get(&self, name: &str) -> Option<&str> {
    ///         Lookup::get(self.0, name)
    ///     }
    ///     fn os_var(&self, name: &str) -> Option<Cow<'_, str>> {
    ///         name.eq_ignore_ascii_case("windir").then(|| Cow::Borrowed(r"C:\Windows"))
    ///     }
    /// }
    /// let vars = WithOs(&[("OSDisk", "C:")]);
    /// let report = expand_report(r"%windir%\Temp on %OSDisk%", &vars, Secrets::Redact);
    /// assert_eq!(report.text, r"C:\Windows\Temp on C:");
    /// assert_eq!(report.references[0].resolution, Resolution::Host);
    /// assert_eq!([("windir", "x")].os_var("windir"), None);
    /// ```
    fn os_var(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        let _ = name;
        None
    }
}

impl Lookup for crate::vars::Environment {
    fn get(&self, name: &str) -> Option<&str> {
        crate::vars::Environment::get(self, name)
    }

    fn is_secret(&self, name: &str) -> bool {
        crate::vars::Environment::is_secret(self, name)
    }

    #[inline]
    fn get_with_secrecy(&self, name: &str) -> Option<(&str, bool)> {
        self.lookup(name.as_bytes())
    }

    #[inline]
    fn get_classified(&self, name: &str) -> Option<crate::vars::Classified<'_>> {
        crate::vars::Environment::get_classified(self, name)
    }

    #[inline]
    fn get_prepared(
        &self,
        name: &crate::vars::PreparedName<'_>,
    ) -> Option<crate::vars::Classified<'_>> {
        crate::vars::Environment::get_prepared(self, name)
    }
}

/// No variables at all: every lookup is unset.
///
/// ```
/// use tasksequence::vars::{expand, Lookup, NoVariables};
///
/// assert_eq!(NoVariables.get("OSDisk"), None);
/// assert_eq!(expand("%OSDisk%\\Windows", &NoVariables), "%OSDisk%\\Windows");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoVariables;

impl Lookup for NoVariables {
    fn get(&self, _name: &str) -> Option<&str> {
        None
    }
}

fn scan<'a, K: AsRef<str> + 'a, V: AsRef<str> + 'a>(
    pairs: impl IntoIterator<Item = (&'a K, &'a V)>,
    name: &str,
) -> Option<&'a str> {
    let ascii = name.is_ascii();
    pairs
        .into_iter()
        .find(|(k, _)| names_equal(k.as_ref(), name, ascii))
        .map(|(_, v)| v.as_ref())
}

/// Variable names compare case-insensitively: ASCII without folding, Unicode (`K`, the Kelvin
/// sign, is `k`) only when a side is not ASCII. `b_ascii` is `b.is_ascii()`, computed once per scan.
#[inline]
fn names_equal(a: &str, b: &str, b_ascii: bool) -> bool {
    if a.len() == b.len() && a.eq_ignore_ascii_case(b) {
        return true;
    }
    !(b_ascii && a.is_ascii()) && crate::util::fold::text_equal(a, b, false)
}

impl<S: BuildHasher> Lookup for HashMap<String, String, S> {
    fn get(&self, name: &str) -> Option<&str> {
        match HashMap::get(self, name) {
            Some(v) => Some(v),
            None => scan(self.iter(), name),
        }
    }
}

impl Lookup for BTreeMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        match BTreeMap::get(self, name) {
            Some(v) => Some(v),
            None => scan(self.iter(), name),
        }
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Lookup for [(K, V)] {
    /// The first pair whose name matches.
    fn get(&self, name: &str) -> Option<&str> {
        scan(self.iter().map(|(k, v)| (k, v)), name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Lookup for Vec<(K, V)> {
    fn get(&self, name: &str) -> Option<&str> {
        Lookup::get(self.as_slice(), name)
    }
}

impl<T: Lookup + ?Sized> Lookup for &T {
    fn get(&self, name: &str) -> Option<&str> {
        (**self).get(name)
    }

    fn is_secret(&self, name: &str) -> bool {
        (**self).is_secret(name)
    }

    fn get_with_secrecy(&self, name: &str) -> Option<(&str, bool)> {
        (**self).get_with_secrecy(name)
    }

    fn get_classified(&self, name: &str) -> Option<crate::vars::Classified<'_>> {
        (**self).get_classified(name)
    }

    fn get_prepared(
        &self,
        name: &crate::vars::PreparedName<'_>,
    ) -> Option<crate::vars::Classified<'_>> {
        (**self).get_prepared(name)
    }

    fn os_var(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        (**self).os_var(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case() {
        let map: HashMap<String, String> =
            HashMap::from([("_SMSTSInWinPE".into(), "false".into())]);
        assert_eq!(Lookup::get(&map, "_SMSTSInWinPE"), Some("false"));
        assert_eq!(Lookup::get(&map, "_smstsinwinpe"), Some("false"));
        assert_eq!(Lookup::get(&map, "_SMSTSInWinPE2"), None);
        let tree: BTreeMap<String, String> = BTreeMap::from([("ÄRGER".into(), "1".into())]);
        assert_eq!(Lookup::get(&tree, "ärger"), Some("1"));
        let pairs = vec![("Make", "LENOVO"), ("make", "other")];
        assert_eq!(Lookup::get(&pairs, "MAKE"), Some("LENOVO"));
        assert_eq!(NoVariables.get("x"), None);
    }

    #[test]
    fn secret_names_and_environments() {
        let map: HashMap<String, String> = HashMap::new();
        assert!(map.is_secret("OSDJoinPassword"));
        assert!(map.is_secret("osdbitlockerpin"));
        assert!(!map.is_secret("PHASE"));
        let mut env = crate::vars::Environment::new();
        env.set_by_step("Hidden", "x", true).unwrap();
        env.set_by_step("Shown", "y", false).unwrap();
        assert!(Lookup::is_secret(&env, "hidden"));
        assert!(!Lookup::is_secret(&env, "Shown"));
        assert_eq!(Lookup::get(&env, "SHOWN"), Some("y"));
    }
}
