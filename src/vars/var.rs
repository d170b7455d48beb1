//! Borrowed views of an environment's variables.

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::env::{Entry, Environment};
use super::layer::Layer;
use super::secret::Secrets;

/// One variable of an [`Environment`]: a borrowed view.
///
/// `Debug` and JSON redact a secret value; [`Var::value`] gives it to code that needs it.
/// JSON: `{"name":"OSDisk","value":"C:","layer":"runtime","secret":false}` (serialize only).
#[derive(Clone, Copy)]
pub struct Var<'a> {
    entry: &'a Entry,
}

impl<'a> Var<'a> {
    pub(super) fn new(entry: &'a Entry) -> Self {
        Self { entry }
    }

    /// The name as first spelled.
    pub fn name(&self) -> &'a str {
        &self.entry.name
    }

    /// The effective value (not redacted).
    pub fn value(&self) -> &'a str {
        &self.entry.value
    }

    /// The layer the effective value comes from.
    pub fn layer(&self) -> Layer {
        self.entry.layer
    }

    /// Whether the value is redacted in outputs.
    pub fn is_secret(&self) -> bool {
        self.entry.secret
    }

    /// The value as outputs show it: [`crate::vars::REDACTED`] for a secret unless revealed.
    pub fn shown(&self, secrets: Secrets) -> &'a str {
        secrets.show(self.value(), self.entry.secret)
    }

    /// Every layer's value, lowest layer first; the last is the effective one. Not redacted.
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
