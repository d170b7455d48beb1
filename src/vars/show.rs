//! How an environment is shown: `Debug`, `Display` and JSON, with secrets redacted unless
//! revealed.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::env::Environment;
use super::secret::Secrets;

/// An environment shown with or without secrets.
#[derive(Clone, Copy)]
pub(super) struct View<'a> {
    pub(super) env: &'a Environment,
    pub(super) secrets: Secrets,
}

impl Serialize for View<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.env.len()))?;
        for var in self.env {
            map.serialize_entry(var.name(), var.shown(self.secrets))?;
        }
        map.end()
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for var in self.env {
            writeln!(f, "{}={}", var.name(), var.shown(self.secrets))?;
        }
        Ok(())
    }
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.env
                    .iter()
                    .map(|var| (var.name(), var.shown(self.secrets))),
            )
            .finish()
    }
}

/// `Debug`: `Environment {"Name": "value", …}` with secrets redacted.
impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Environment ")?;
        fmt::Debug::fmt(
            &View {
                env: self,
                secrets: Secrets::Redact,
            },
            f,
        )
    }
}

/// `Display`: one `Name=value` line per variable, in order, secrets redacted.
impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(
            &View {
                env: self,
                secrets: Secrets::Redact,
            },
            f,
        )
    }
}

impl Serialize for Environment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        View {
            env: self,
            secrets: Secrets::Redact,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Environment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EnvVisitor;

        impl<'de> Visitor<'de> for EnvVisitor {
            type Value = Environment;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object from variable name to string value")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Environment, A::Error> {
                let mut env = Environment::new();
                while let Some((name, value)) = access.next_entry::<String, String>()? {
                    env.set_engine(&name, &value, false)
                        .map_err(serde::de::Error::custom)?;
                }
                Ok(env)
            }
        }

        deserializer.deserialize_map(EnvVisitor)
    }
}

/// An [`Environment`] whose `Display`, `Debug` and JSON show secret values; from
/// [`Environment::reveal`]. JSON: the same object shape as [`Environment`]'s, unredacted.
///
/// ```
/// use tasksequence::vars::Environment;
///
/// let mut env = Environment::new();
/// env.set_by_step("OSDJoinPassword", "P@ss", false)?;
/// let revealed = env.reveal();
/// assert_eq!(serde_json::to_string(&revealed)?, r#"{"OSDJoinPassword":"P@ss"}"#);
/// assert!(format!("{revealed:?}").contains("P@ss"));
/// assert!(!format!("{env:?}").contains("P@ss"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct Revealed<'a>(pub(super) &'a Environment);

impl Revealed<'_> {
    fn view(&self) -> View<'_> {
        View {
            env: self.0,
            secrets: Secrets::Reveal,
        }
    }
}

impl fmt::Display for Revealed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.view(), f)
    }
}

impl fmt::Debug for Revealed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.view(), f)
    }
}

impl Serialize for Revealed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.view().serialize(serializer)
    }
}

/// The shown forms: secrets revealed on request, JSON.
impl Environment {
    /// A view of this environment whose `Display`, `Debug` and JSON show secret values. Use only
    /// where the caller asked for secrets.
    ///
    /// # Example
    /// ```
    /// use tasksequence::vars::Environment;
    /// let mut env = Environment::new();
    /// env.set_by_step("Pin", "1234", true)?;
    /// assert_eq!(env.to_string(), "Pin=********\n");
    /// assert_eq!(env.reveal().to_string(), "Pin=1234\n");
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    pub fn reveal(&self) -> Revealed<'_> {
        Revealed(self)
    }

    /// The JSON object of effective values, secrets redacted (the type's JSON shape).
    ///
    /// ```
    /// use tasksequence::vars::Environment;
    ///
    /// let mut env = Environment::new();
    /// env.set_by_step("OSDComputerName", "PC01", false)?;
    /// env.set_by_step("OSDJoinPassword", "P@ss", false)?;
    /// assert_eq!(env.to_json(), r#"{"OSDComputerName":"PC01","OSDJoinPassword":"********"}"#);
    /// let back: Environment = serde_json::from_str(&env.to_json())?;
    /// assert_eq!(back.get("OSDComputerName"), Some("PC01"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json(&self) -> String {
        self.json(Secrets::Redact)
    }

    /// The JSON object of effective values with secret values shown.
    ///
    /// # Example
    /// ```
    /// use tasksequence::vars::Environment;
    /// let mut env = Environment::new();
    /// env.set_by_step("OSDProductKey", "AAAAA-BBBBB", false)?;
    /// assert_eq!(env.to_json(), r#"{"OSDProductKey":"********"}"#);
    /// assert_eq!(env.to_json_with_secrets(), r#"{"OSDProductKey":"AAAAA-BBBBB"}"#);
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    pub fn to_json_with_secrets(&self) -> String {
        self.json(Secrets::Reveal)
    }

    fn json(&self, secrets: Secrets) -> String {
        // A map of strings always serializes; the empty fallback is never taken.
        serde_json::to_string(&View { env: self, secrets }).unwrap_or_default()
    }
}
