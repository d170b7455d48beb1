//! Where conditions read task sequence variables from.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

/// Task sequence variables as conditions see them: looked up by name, case-insensitively.
///
/// Implemented for `HashMap<String, String>`, `BTreeMap<String, String>`, slices and vectors of
/// name/value pairs, and references to any of them. For maps, an exact-case hit costs one lookup;
/// otherwise the names are scanned case-insensitively (so a map built with the spelling the
/// conditions use is fastest). [`NoVariables`] is the empty set.
///
/// ```
/// use std::collections::HashMap;
/// use tasksequence::condition::Variables;
/// let vars = HashMap::from([("OSDisk".to_string(), "C:".to_string())]);
/// // `Variables::get`, not the map's own case-sensitive `get`.
/// assert_eq!(Variables::get(&vars, "osdisk"), Some("C:"));
/// assert!(vars.is_secret("OSDJoinPassword"));
/// ```
pub trait Variables {
    /// The value of `name` (case-insensitive), `None` when unset.
    fn get(&self, name: &str) -> Option<&str>;

    /// Whether the value of `name` must be redacted in explanations. The default is
    /// [`crate::vars::is_secret_name`] (`*Password*`, product keys, the BitLocker PIN, …);
    /// [`crate::vars::Environment`] also knows which values were set as hidden.
    fn is_secret(&self, name: &str) -> bool {
        crate::vars::is_secret_name(name)
    }
}

impl Variables for crate::vars::Environment {
    fn get(&self, name: &str) -> Option<&str> {
        crate::vars::Environment::get(self, name)
    }

    fn is_secret(&self, name: &str) -> bool {
        crate::vars::Environment::is_secret(self, name)
    }
}

/// No variables at all: every lookup is unset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoVariables;

impl Variables for NoVariables {
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
    !(b_ascii && a.is_ascii()) && super::compare::text_equal(a, b, false)
}

impl<S: BuildHasher> Variables for HashMap<String, String, S> {
    fn get(&self, name: &str) -> Option<&str> {
        match HashMap::get(self, name) {
            Some(v) => Some(v),
            None => scan(self.iter(), name),
        }
    }
}

impl Variables for BTreeMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        match BTreeMap::get(self, name) {
            Some(v) => Some(v),
            None => scan(self.iter(), name),
        }
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Variables for [(K, V)] {
    /// The first pair whose name matches.
    fn get(&self, name: &str) -> Option<&str> {
        scan(self.iter().map(|(k, v)| (k, v)), name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Variables for Vec<(K, V)> {
    fn get(&self, name: &str) -> Option<&str> {
        Variables::get(self.as_slice(), name)
    }
}

impl<T: Variables + ?Sized> Variables for &T {
    fn get(&self, name: &str) -> Option<&str> {
        (**self).get(name)
    }

    fn is_secret(&self, name: &str) -> bool {
        (**self).is_secret(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case() {
        let map: HashMap<String, String> =
            HashMap::from([("_SMSTSInWinPE".into(), "false".into())]);
        assert_eq!(Variables::get(&map, "_SMSTSInWinPE"), Some("false"));
        assert_eq!(Variables::get(&map, "_smstsinwinpe"), Some("false"));
        assert_eq!(Variables::get(&map, "_SMSTSInWinPE2"), None);
        let tree: BTreeMap<String, String> = BTreeMap::from([("ÄRGER".into(), "1".into())]);
        assert_eq!(Variables::get(&tree, "ärger"), Some("1"));
        let pairs = vec![("Make", "LENOVO"), ("make", "other")];
        assert_eq!(Variables::get(&pairs, "MAKE"), Some("LENOVO"));
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
        assert!(Variables::is_secret(&env, "hidden"));
        assert!(!Variables::is_secret(&env, "Shown"));
        assert_eq!(Variables::get(&env, "SHOWN"), Some("y"));
    }
}
