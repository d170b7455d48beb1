//! Borrowed views of an environment's variables.

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::env::{Entry, Environment};
use super::layer::Layer;
use super::name::cmp_names;
use super::secret::Secrets;

/// One variable of an [`Environment`]: a borrowed view.
///
/// `Debug` and JSON redact a secret value; [`Var::value`] gives it to code that needs it.
/// JSON: `{"name":"OSDisk","value":"C:","layer":"runtime","secret":false}` (serialize only).
///
/// ```
/// use tasksequence::vars::{Environment, Var};
///
/// let mut env = Environment::new();
/// env.set_by_step("OSDJoinPassword", "P@ss", false)?;
/// let var: Var<'_> = env.get_var("osdjoinpassword").unwrap();
/// assert_eq!(var.value(), "P@ss");
/// assert!(!format!("{var:?}").contains("P@ss"));
/// assert_eq!(serde_json::to_string(&var)?, r#"{"name":"OSDJoinPassword","value":"********","layer":"runtime","secret":true}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct Var<'a> {
    entry: &'a Entry,
}

impl<'a> Var<'a> {
    pub(super) fn new(entry: &'a Entry) -> Self {
        Self { entry }
    }

    /// The name as first spelled.
    ///
    /// ```
    /// use tasksequence::vars::Environment;
    ///
    /// let mut env = Environment::new();
    /// env.set_engine("OSDisk", "C:", false)?;
    /// env.set_engine("OSDISK", "D:", false)?;
    /// assert_eq!(env.get_var("osdisk").map(|v| v.name()), Some("OSDisk"));
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    pub fn name(&self) -> &'a str {
        &self.entry.name
    }

    /// The effective value (not redacted).
    ///
    /// ```
    /// use tasksequence::vars::Environment;
    ///
    /// let mut env = Environment::new();
    /// env.set_by_step("Pin", "1234", true)?;
    /// // Not redacted: code that passes the value on needs it.
    /// assert_eq!(env.get_var("Pin").map(|v| v.value()), Some("1234"));
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    pub fn value(&self) -> &'a str {
        &self.entry.value
    }

    /// The layer the effective value comes from.
    ///
    /// ```
    /// use tasksequence::vars::{Environment, Layer};
    ///
    /// let mut env = Environment::new();
    /// env.set_layer(Layer::collection(5)?, "Role", "Desk", false)?;
    /// assert_eq!(env.get_var("Role").map(|v| v.layer()), Some(Layer::collection(5)?));
    /// env.set_layer(Layer::Device, "Role", "Lab", false)?;
    /// assert_eq!(env.get_var("Role").map(|v| v.layer()), Some(Layer::Device));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn layer(&self) -> Layer {
        self.entry.layer
    }

    /// Whether the value is redacted in outputs.
    ///
    /// ```
    /// use tasksequence::vars::Environment;
    ///
    /// let mut env = Environment::new();
    /// env.set_by_step("Pin", "1234", true)?;
    /// env.set_by_step("OSDProductKey", "AAAAA", false)?;
    /// env.set_by_step("OSDisk", "C:", false)?;
    /// let secret: Vec<bool> = env.iter().map(|v| v.is_secret()).collect();
    /// assert_eq!(secret, [false, true, true]); // OSDisk, OSDProductKey, Pin
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    pub fn is_secret(&self) -> bool {
        self.entry.secret
    }

    /// The value as outputs show it: [`crate::vars::REDACTED`] for a secret unless revealed.
    ///
    /// ```
    /// use tasksequence::vars::{Environment, Secrets};
    ///
    /// let mut env = Environment::new();
    /// env.set_by_step("Pin", "1234", true)?;
    /// let var = env.get_var("Pin").unwrap();
    /// assert_eq!(var.shown(Secrets::Redact), "********");
    /// assert_eq!(var.shown(Secrets::Reveal), "1234");
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    pub fn shown(&self, secrets: Secrets) -> &'a str {
        secrets.show(self.value(), self.entry.secret)
    }

    /// Every layer's value, lowest layer first; the last is the effective one. Not redacted.
    ///
    /// ```
    /// use tasksequence::vars::{Environment, Layer};
    ///
    /// let mut env = Environment::new();
    /// env.set_layer(Layer::Device, "Role", "Lab", false)?;
    /// env.set_layer(Layer::collection(2)?, "Role", "Desk", false)?;
    /// let layers: Vec<(Layer, &str)> = env.get_var("Role").unwrap().layers().collect();
    /// assert_eq!(layers, [(Layer::collection(2)?, "Desk"), (Layer::Device, "Lab")]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn layers(&self) -> impl Iterator<Item = (Layer, &'a str)> + 'a {
        let entry = self.entry;
        entry
            .lower
            .iter()
            .map(|slot| (slot.layer, &*slot.value))
            .chain(std::iter::once((entry.layer, &*entry.value)))
    }
}

impl fmt::Debug for Var<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Var")
            .field("name", &self.name())
            .field("value", &self.shown(Secrets::Redact))
            .field("layer", &self.layer())
            .field("secret", &self.is_secret())
            .finish()
    }
}

impl Serialize for Var<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Var", 4)?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("value", self.shown(Secrets::Redact))?;
        s.serialize_field("layer", &self.layer())?;
        s.serialize_field("secret", &self.is_secret())?;
        s.end()
    }
}

/// Iterator over an [`Environment`]'s variables, in its stable order.
///
/// ```
/// use tasksequence::vars::Environment;
///
/// let mut env = Environment::new();
/// for name in ["b", "A", "_c"] {
///     env.set_engine(name, "1", false)?;
/// }
/// let iter = env.iter();
/// assert_eq!(iter.len(), 3);
/// let backwards: Vec<&str> = iter.rev().map(|v| v.name()).collect();
/// assert_eq!(backwards, ["b", "A", "_c"]);
/// // `&Environment` iterates the same way.
/// assert_eq!((&env).into_iter().count(), 3);
/// # Ok::<(), tasksequence::vars::VarError>(())
/// ```
#[derive(Clone)]
pub struct Iter<'a> {
    inner: std::vec::IntoIter<&'a Entry>,
}

impl<'a> Iter<'a> {
    pub(super) fn new(entries: Vec<&'a Entry>) -> Self {
        Self {
            inner: entries.into_iter(),
        }
    }
}

impl<'a> Iterator for Iter<'a> {
    type Item = Var<'a>;

    fn next(&mut self) -> Option<Var<'a>> {
        self.inner.next().map(Var::new)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back().map(Var::new)
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Environment {
    type Item = Var<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// Reading variables one by one, as views that know their layer and secrecy.
impl Environment {
    /// The variable `name` (any case) with its spelling, layer and secrecy, `None` when unset.
    ///
    /// ```
    /// use tasksequence::vars::{Environment, Layer};
    ///
    /// let mut env = Environment::new();
    /// env.set_layer(Layer::Device, "OSDComputerName", "PC01", false)?;
    /// let var = env.get_var("osdcomputername").unwrap();
    /// assert_eq!((var.name(), var.value(), var.layer()), ("OSDComputerName", "PC01", Layer::Device));
    /// assert!(env.get_var("OSDDomainName").is_none());
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    pub fn get_var(&self, name: &str) -> Option<Var<'_>> {
        self.find(name.trim_ascii().as_bytes()).map(Var::new)
    }

    /// The variables in the stable order described on [`Environment`].
    ///
    /// # Example
    /// ```
    /// use tasksequence::vars::Environment;
    /// let mut env = Environment::new();
    /// for name in ["OSDisk", "_SMSTSInWinPE", "Architecture"] {
    ///     env.set_engine(name, "x", false)?;
    /// }
    /// let names: Vec<&str> = env.iter().map(|v| v.name()).collect();
    /// assert_eq!(names, ["_SMSTSInWinPE", "Architecture", "OSDisk"]);
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    pub fn iter(&self) -> Iter<'_> {
        let mut entries: Vec<&Entry> = self.table.iter().collect();
        entries.sort_unstable_by(|a, b| cmp_names(&a.name, &b.name));
        Iter::new(entries)
    }
}
