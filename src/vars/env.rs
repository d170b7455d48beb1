//! The task sequence environment: layered, case-insensitive, secret-aware.

use super::layer::Layer;
use hashbrown::HashTable;

use super::class::{Class, Classified};
use super::key::{NameKey, PreparedName, Probe};
use super::name::{MAX_NAME_LEN, NameError, validate_name, validate_user_name};
use super::secret::is_secret_name;

/// The longest value a variable holds, in characters (UTF-16 code units, as on Windows).
///
/// ```
/// use tasksequence::vars::{Environment, VarError, MAX_VALUE_LEN};
///
/// let mut env = Environment::new();
/// env.set_by_step("Note", &"x".repeat(MAX_VALUE_LEN), false)?;
/// let err = env.set_by_step("Note", &"x".repeat(MAX_VALUE_LEN + 1), false).unwrap_err();
/// assert_eq!(err, VarError::ValueTooLong { name: "Note".into(), length: MAX_VALUE_LEN + 1 });
/// # Ok::<(), VarError>(())
/// ```
pub const MAX_VALUE_LEN: usize = 4000;

/// Why a variable could not be set.
///
/// ```
/// use tasksequence::vars::{Environment, NameError, VarError};
///
/// let mut env = Environment::new();
/// let err = env.set_by_step("_SMSTSLogPath", "X:", false).unwrap_err();
/// assert_eq!(err.to_string(), "variable `_SMSTSLogPath` is read-only: names starting with `_` are set by the engine only");
/// let err = env.set_engine("OSD Disk", "C:", false).unwrap_err();
/// assert!(matches!(err, VarError::Name(NameError::BadCharacter { character: ' ', position: 4, .. })));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VarError {
    /// The name is not valid.
    #[error(transparent)]
    Name(#[from] NameError),
    /// A step tried to set a name starting with `_`, which only the engine sets.
    #[error("variable `{name}` is read-only: names starting with `_` are set by the engine only")]
    ReadOnly {
        /// The name as given.
        name: String,
    },
    /// The value is longer than [`MAX_VALUE_LEN`].
    #[error("value of `{name}` is {length} characters long; values hold at most 4000")]
    ValueTooLong {
        /// The variable's name.
        name: String,
        /// The value's length in characters (UTF-16 code units).
        length: usize,
    },
}

/// One value of a variable in one layer.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Slot {
    pub(super) layer: Layer,
    pub(super) value: Box<str>,
}

/// A variable: its first spelling and its values by layer. The effective (highest-layer) value
/// is kept inline so that a lookup reads it without another indirection.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Entry {
    /// The name's hash ([`Probe::new`]), kept for rehashing.
    hash: u64,
    /// The name's case-folded key.
    key: NameKey,
    /// The first spelling seen.
    pub(super) name: Box<str>,
    /// The effective value's layer.
    pub(super) layer: Layer,
    /// The effective value.
    pub(super) value: Box<str>,
    /// The effective value's kind, worked out when it was set.
    class: Class,
    /// Values of lower layers, ascending; usually empty (and then not allocated).
    pub(super) lower: Vec<Slot>,
    /// Sticky: once any value of this name was secret (or the name is a known secret), every
    /// value shown for it is redacted until the variable is deleted.
    pub(super) secret: bool,
}

impl Entry {
    /// Sets `value` (non-empty) in `layer`.
    fn put(&mut self, layer: Layer, value: &str) {
        if layer > self.layer {
            let old = Slot {
                layer: self.layer,
                value: std::mem::replace(&mut self.value, value.into()),
            };
            self.lower.push(old);
            self.layer = layer;
            self.class = Class::of(value);
        } else if layer == self.layer {
            self.value = value.into();
            self.class = Class::of(value);
        } else {
            let slot = Slot {
                layer,
                value: value.into(),
            };
            match self.lower.binary_search_by(|s| s.layer.cmp(&layer)) {
                Ok(at) => {
                    if let Some(existing) = self.lower.get_mut(at) {
                        *existing = slot;
                    }
                }
                Err(at) => self.lower.insert(at, slot),
            }
        }
    }
}

/// The task sequence environment: variables by name, with layers and secrets.
///
/// - Names are case-insensitive; a variable keeps the spelling it was first set with (a name
///   deleted and set again takes the new spelling). Surrounding ASCII whitespace in a name is
///   ignored. Names are ASCII letters, digits, `_` and `-`, 1–256 characters.
/// - Values are at most [`MAX_VALUE_LEN`] characters; setting a longer one is an error. Setting
///   `""` deletes.
/// - Each name can hold a value per [`Layer`]; the effective value is the highest layer's
///   (collection priority 1 < … < 9 < device < runtime).
/// - Iteration (and `Display`, JSON) is in a stable order: by name compared byte-wise after ASCII
///   lower-casing, so `-` < digits < `_` < letters.
/// - Secret values (set with `secret = true`, or under a name [`is_secret_name`] knows) show as
///   `********` in `Debug`, `Display` and JSON unless secrets are asked for with
///   [`Environment::reveal`] or [`Environment::to_json_with_secrets`].
///
/// JSON: an object from name (first spelling) to effective value, in iteration order, secrets
/// redacted: `{"OSDComputerName":"PC01","OSDJoinPassword":"********"}`. Deserializing sets each
/// entry as [`Environment::set_engine`] does (runtime layer, secret by name only).
///
/// Lookups do not allocate: a hash table keyed by a case-folding hash of the name, compared
/// ignoring ASCII case. Iteration sorts (one allocation of references).
///
/// # Example
/// ```
/// use tasksequence::vars::{Environment, Layer};
/// let mut env = Environment::new();
/// env.set_layer(Layer::collection(1)?, "OSDisk", "C:", false)?;
/// env.set_layer(Layer::Device, "OSDISK", "D:", false)?;
/// assert_eq!(env.get("osdisk"), Some("D:"));
/// assert_eq!(env.get_var("OSDisk").unwrap().name(), "OSDisk"); // first spelling kept
/// env.set_by_step("OSDJoinPassword", "P@ss", false)?;
/// assert_eq!(env.to_json(), r#"{"OSDisk":"D:","OSDJoinPassword":"********"}"#);
/// assert!(env.set_by_step("_SMSTSLogPath", "X:", false).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct Environment {
    pub(super) table: HashTable<Entry>,
}

impl PartialEq for Environment {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .table
                .iter()
                .all(|entry| other.find(entry.name.as_bytes()) == Some(entry))
    }
}

impl Eq for Environment {}

impl Environment {
    /// An empty environment.
    ///
    /// ```
    /// use tasksequence::vars::Environment;
    ///
    /// let env = Environment::new();
    /// assert!(env.is_empty());
    /// assert_eq!(env.to_json(), "{}");
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// How many variables have a value.
    ///
    /// ```
    /// use tasksequence::vars::{Environment, Layer};
    ///
    /// let mut env = Environment::new();
    /// env.set_layer(Layer::Device, "Role", "Lab", false)?;
    /// env.set_engine("role", "Kiosk", false)?; // the same variable, in another layer
    /// env.set_engine("OSDisk", "C:", false)?;
    /// assert_eq!(env.len(), 2);
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether no variable has a value.
    ///
    /// ```
    /// use tasksequence::vars::Environment;
    ///
    /// let mut env = Environment::new();
    /// env.set_engine("OSDisk", "C:", false)?;
    /// assert!(!env.is_empty());
    /// env.set_engine("OSDisk", "", false)?; // setting "" deletes
    /// assert!(env.is_empty());
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The effective value of `name` (any case), `None` when unset.
    ///
    /// # Example
    /// ```
    /// use tasksequence::vars::Environment;
    /// let mut env = Environment::new();
    /// env.set_engine("_SMSTSInWinPE", "true", false)?;
    /// assert_eq!(env.get("_smstsinwinpe"), Some("true"));
    /// assert_eq!(env.get("Missing"), None);
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    #[inline]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.find(name.trim_ascii().as_bytes())
            .map(|entry| &*entry.value)
    }

    /// Whether `name` (any case) has a value.
    ///
    /// ```
    /// use tasksequence::vars::Environment;
    ///
    /// let mut env = Environment::new();
    /// env.set_engine(" _SMSTSInWinPE ", "false", false)?;
    /// assert!(env.contains("_smstsinwinpe"));
    /// assert!(!env.contains("_SMSTSMediaType"));
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    pub fn contains(&self, name: &str) -> bool {
        self.find(name.trim_ascii().as_bytes()).is_some()
    }

    /// Whether a value of `name` would be redacted: the variable was set as secret, or the name
    /// is a known secret (also for names without a value).
    ///
    /// ```
    /// use tasksequence::vars::Environment;
    ///
    /// let mut env = Environment::new();
    /// env.set_by_step("Pin", "1234", true)?;
    /// assert!(env.is_secret("PIN"));
    /// // A known secret name is secret before it has a value.
    /// assert!(env.is_secret("OSDJoinPassword"));
    /// assert!(!env.is_secret("OSDComputerName"));
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    pub fn is_secret(&self, name: &str) -> bool {
        match self.find(name.trim_ascii().as_bytes()) {
            Some(entry) => entry.secret,
            None => is_secret_name(name),
        }
    }

    /// The effective value of `name` (any case) with its kind, classified when it was set, so that
    /// comparing it as an integer does not parse it again; `None` when unset.
    ///
    /// ```
    /// use tasksequence::vars::{Environment, ValueKind};
    ///
    /// let mut env = Environment::new();
    /// env.set_engine("_SMSTSLastActionRetCode", "3010", false)?;
    /// env.set_engine("OSCurrentVersion", "10.0.19045", false)?;
    /// assert_eq!(env.get_classified("_SMSTSLastActionRetCode").and_then(|v| v.integer()), Some(3010));
    /// assert_eq!(env.get_classified("oscurrentversion").map(|v| v.kind()), Some(ValueKind::Version));
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    #[inline]
    pub fn get_classified(&self, name: &str) -> Option<Classified<'_>> {
        self.find(name.trim_ascii().as_bytes())
            .map(|entry| Classified::with_class(&entry.value, entry.class))
    }

    /// The effective value and secrecy of an already valid name; used by expansion.
    #[inline]
    pub(crate) fn lookup(&self, name: &[u8]) -> Option<(&str, bool)> {
        self.find(name).map(|entry| (&*entry.value, entry.secret))
    }

    #[inline]
    pub(super) fn find(&self, name: &[u8]) -> Option<&Entry> {
        // Longer names are never stored; skip hashing a long input.
        if name.len() > MAX_NAME_LEN {
            return None;
        }
        self.find_probe(&Probe::new(name))
    }

    #[inline]
    fn find_probe(&self, probe: &Probe<'_>) -> Option<&Entry> {
        self.table
            .find(probe.hash, |entry| entry.key.matches(probe))
    }

    /// [`Environment::get_classified`] of a name hashed beforehand.
    ///
    /// ```
    /// use tasksequence::vars::{Environment, PreparedName};
    ///
    /// let mut env = Environment::new();
    /// env.set_engine("PHASE", "STATERESTORE", false)?;
    /// let phase = PreparedName::new("Phase");
    /// assert_eq!(env.get_prepared(&phase).map(|v| v.text()), Some("STATERESTORE"));
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    #[inline(always)]
    pub fn get_prepared(&self, name: &PreparedName<'_>) -> Option<Classified<'_>> {
        // No length check first: a name longer than any stored one simply matches no key.
        self.table
            .find(name.hash(), |entry| entry.key.matches_prepared(name))
            .map(|entry| Classified::with_class(&entry.value, entry.class))
    }

    /// Sets `name` at run time as a step does (Set Task Sequence Variable, Set Dynamic Variables,
    /// a script through `Microsoft.SMS.TSEnvironment`). `secret` is the step's "do not display
    /// this value". Setting `""` deletes the variable from every layer.
    ///
    /// # Errors
    /// [`VarError::ReadOnly`] for names starting with `_`; [`VarError::Name`] for names that are
    /// invalid or do not start with a letter; [`VarError::ValueTooLong`].
    ///
    /// # Example
    /// ```
    /// use tasksequence::vars::{Environment, VarError};
    /// let mut env = Environment::new();
    /// env.set_by_step("OSDComputerName", "PC01", false)?;
    /// assert!(matches!(
    ///     env.set_by_step("_SMSTSLastActionRetCode", "0", false),
    ///     Err(VarError::ReadOnly { .. })
    /// ));
    /// env.set_by_step("OSDComputerName", "", false)?; // deletes
    /// assert!(env.is_empty());
    /// # Ok::<(), VarError>(())
    /// ```
    pub fn set_by_step(&mut self, name: &str, value: &str, secret: bool) -> Result<(), VarError> {
        let name = name.trim_ascii();
        if name.starts_with('_') {
            return Err(VarError::ReadOnly {
                name: name.to_owned(),
            });
        }
        validate_user_name(name)?;
        self.store(Layer::Runtime, name, value, secret)
    }

    /// Sets `name` at run time as the engine does: any valid name, including read-only `_` names
    /// (`_SMSTSLastActionRetCode`). Also the path for a caller describing the machine's state.
    /// Setting `""` deletes the variable from every layer.
    ///
    /// # Errors
    /// [`VarError::Name`] for invalid names; [`VarError::ValueTooLong`].
    ///
    /// # Example
    /// ```
    /// use tasksequence::vars::{Environment, Layer};
    /// let mut env = Environment::new();
    /// env.set_engine("_SMSTSLastActionRetCode", "3010", false)?;
    /// let var = env.get_var("_smstslastactionretcode").unwrap();
    /// assert_eq!((var.name(), var.value(), var.layer()), ("_SMSTSLastActionRetCode", "3010", Layer::Runtime));
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    pub fn set_engine(&mut self, name: &str, value: &str, secret: bool) -> Result<(), VarError> {
        let name = name.trim_ascii();
        validate_name(name)?;
        self.store(Layer::Runtime, name, value, secret)
    }

    /// Sets `name` in `layer` (collection variables with their priority, device variables, or
    /// run time). The name rules are the engine's ([`validate_name`]), so a described machine can
    /// seed `_` variables in any layer. Setting `""` deletes the value in `layer` and every lower
    /// layer; higher layers keep theirs.
    ///
    /// # Errors
    /// [`VarError::Name`] for invalid names; [`VarError::ValueTooLong`].
    ///
    /// # Example
    /// ```
    /// use tasksequence::vars::{Environment, Layer};
    /// let mut env = Environment::new();
    /// env.set_layer(Layer::collection(9)?, "Role", "Kiosk", false)?;
    /// env.set_layer(Layer::collection(2)?, "Role", "Desk", false)?;
    /// assert_eq!(env.get("Role"), Some("Kiosk")); // priority 9 beats 2
    /// env.set_layer(Layer::Device, "Role", "Lab", false)?;
    /// assert_eq!(env.get("Role"), Some("Lab")); // device beats every collection
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_layer(
        &mut self,
        layer: Layer,
        name: &str,
        value: &str,
        secret: bool,
    ) -> Result<(), VarError> {
        let name = name.trim_ascii();
        validate_name(name)?;
        self.store(layer, name, value, secret)
    }

    /// Deletes `name` (any case) from every layer; `true` when it had a value.
    ///
    /// # Example
    /// ```
    /// use tasksequence::vars::{Environment, Layer};
    /// let mut env = Environment::new();
    /// env.set_layer(Layer::Device, "Role", "Lab", false)?;
    /// assert!(env.remove("ROLE"));
    /// assert!(!env.contains("Role"));
    /// # Ok::<(), tasksequence::vars::VarError>(())
    /// ```
    pub fn remove(&mut self, name: &str) -> bool {
        let name = name.trim_ascii().as_bytes();
        if name.len() > MAX_NAME_LEN {
            return false;
        }
        let probe = Probe::new(name);
        match self
            .table
            .find_entry(probe.hash, |entry| entry.key.matches(&probe))
        {
            Ok(found) => {
                found.remove();
                true
            }
            Err(_) => false,
        }
    }

    /// `name` is trimmed and valid here.
    fn store(
        &mut self,
        layer: Layer,
        name: &str,
        value: &str,
        secret: bool,
    ) -> Result<(), VarError> {
        if !value.is_empty() {
            check_value_len(name, value)?;
        }
        let probe = Probe::new(name.as_bytes());
        let hash = probe.hash;
        let found = self
            .table
            .find_entry(hash, |entry| entry.key.matches(&probe));
        match found {
            Ok(mut occupied) => {
                let entry = occupied.get_mut();
                if value.is_empty() {
                    if layer >= entry.layer {
                        occupied.remove();
                    } else {
                        entry.lower.retain(|slot| slot.layer > layer);
                    }
                } else {
                    entry.secret |= secret;
                    entry.put(layer, value);
                }
            }
            Err(_) => {
                if !value.is_empty() {
                    let entry = Entry {
                        hash,
                        key: NameKey::new(name.as_bytes()),
                        name: name.into(),
                        layer,
                        value: value.into(),
                        class: Class::of(value),
                        lower: Vec::new(),
                        secret: secret || is_secret_name(name),
                    };
                    self.table.insert_unique(hash, entry, |e| e.hash);
                }
            }
        }
        Ok(())
    }
}

fn check_value_len(name: &str, value: &str) -> Result<(), VarError> {
    // UTF-16 never uses more units than UTF-8 uses bytes, so short values skip the count.
    if value.len() <= MAX_VALUE_LEN {
        return Ok(());
    }
    let length = value.encode_utf16().count();
    if length > MAX_VALUE_LEN {
        return Err(VarError::ValueTooLong {
            name: name.to_owned(),
            length,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vars::REDACTED;

    fn c(p: u8) -> Layer {
        Layer::collection(p).unwrap()
    }

    #[test]
    fn first_spelling_kept_and_case_insensitive() {
        let mut env = Environment::new();
        env.set_engine("DeployRoot", "\\\\srv\\ds", false).unwrap();
        env.set_engine("DEPLOYROOT", "\\\\srv2\\ds", false).unwrap();
        assert_eq!(env.len(), 1);
        let var = env.get_var("deployroot").unwrap();
        assert_eq!(var.name(), "DeployRoot");
        assert_eq!(var.value(), "\\\\srv2\\ds");
        assert_eq!(env.get("deployRoot"), Some("\\\\srv2\\ds"));
    }

    #[test]
    fn deleted_then_reset_takes_new_spelling() {
        let mut env = Environment::new();
        env.set_engine("abc", "1", false).unwrap();
        env.set_engine("ABC", "", false).unwrap();
        assert!(!env.contains("abc"));
        env.set_engine("Abc", "2", false).unwrap();
        assert_eq!(env.get_var("ABC").unwrap().name(), "Abc");
    }

    #[test]
    fn surrounding_whitespace_ignored() {
        let mut env = Environment::new();
        env.set_by_step("  OSDisk ", "C:", false).unwrap();
        assert_eq!(env.get("OSDisk"), Some("C:"));
        assert_eq!(env.get(" osdisk\t"), Some("C:"));
        assert_eq!(env.get_var("OSDisk").unwrap().name(), "OSDisk");
    }

    #[test]
    fn value_length_limit() {
        let mut env = Environment::new();
        env.set_engine("Long", &"x".repeat(4000), false).unwrap();
        let err = env
            .set_engine("Long", &"x".repeat(4001), false)
            .unwrap_err();
        assert_eq!(
            err,
            VarError::ValueTooLong {
                name: "Long".into(),
                length: 4001
            }
        );
        assert_eq!(
            err.to_string(),
            "value of `Long` is 4001 characters long; values hold at most 4000"
        );
        // The old value stays.
        assert_eq!(env.get("Long").map(str::len), Some(4000));
        // 4000 two-byte characters are 4000 characters, not 8000.
        env.set_engine("Wide", &"é".repeat(4000), false).unwrap();
        // Characters outside the BMP count twice, as on Windows.
        assert!(env.set_engine("Emoji", &"😀".repeat(2001), false).is_err());
        assert!(env.set_engine("Emoji", &"😀".repeat(2000), false).is_ok());
    }

    #[test]
    fn read_only_and_user_rules() {
        let mut env = Environment::new();
        assert_eq!(
            env.set_by_step("_SMSTSLogPath", "X:", false),
            Err(VarError::ReadOnly {
                name: "_SMSTSLogPath".into()
            })
        );
        assert_eq!(
            env.set_by_step("_SMSTSLogPath", "X:", false)
                .unwrap_err()
                .to_string(),
            "variable `_SMSTSLogPath` is read-only: names starting with `_` are set by the engine only"
        );
        // Deleting is setting too.
        env.set_engine("_SMSTSLogPath", "X:\\Logs", false).unwrap();
        assert!(env.set_by_step("_smstslogpath", "", false).is_err());
        assert_eq!(env.get("_SMSTSLogPath"), Some("X:\\Logs"));
        assert!(matches!(
            env.set_by_step("1abc", "x", false),
            Err(VarError::Name(NameError::MustStartWithLetter { .. }))
        ));
        assert!(matches!(
            env.set_by_step("a b", "x", false),
            Err(VarError::Name(NameError::BadCharacter { position: 2, .. }))
        ));
        assert!(matches!(
            env.set_engine("", "x", false),
            Err(VarError::Name(NameError::Empty))
        ));
        env.set_engine("9x", "ok", false).unwrap();
    }

    #[test]
    fn layers_and_precedence() {
        let mut env = Environment::new();
        env.set_layer(c(5), "X", "c5", false).unwrap();
        env.set_layer(c(1), "X", "c1", false).unwrap();
        assert_eq!(env.get("X"), Some("c5"));
        env.set_layer(c(9), "X", "c9", false).unwrap();
        assert_eq!(env.get("X"), Some("c9"));
        env.set_layer(Layer::Device, "X", "dev", false).unwrap();
        assert_eq!(env.get("X"), Some("dev"));
        env.set_by_step("X", "run", false).unwrap();
        assert_eq!(env.get("X"), Some("run"));
        // Setting a lower layer later does not change the effective value.
        env.set_layer(c(3), "X", "c3", false).unwrap();
        assert_eq!(env.get("X"), Some("run"));
        let var = env.get_var("x").unwrap();
        assert_eq!(var.layer(), Layer::Runtime);
        let layers: Vec<_> = var.layers().collect();
        assert_eq!(
            layers,
            [
                (c(1), "c1"),
                (c(3), "c3"),
                (c(5), "c5"),
                (c(9), "c9"),
                (Layer::Device, "dev"),
                (Layer::Runtime, "run")
            ]
        );
        // Replacing a layer's value.
        env.set_layer(Layer::Device, "X", "dev2", false).unwrap();
        assert_eq!(env.get_var("X").unwrap().layers().count(), 6);
        // Deleting the device value also drops the collection values below it.
        env.set_layer(Layer::Device, "X", "", false).unwrap();
        assert_eq!(
            env.get_var("X").unwrap().layers().collect::<Vec<_>>(),
            [(Layer::Runtime, "run")]
        );
        // A step deleting at run time removes everything.
        env.set_layer(c(2), "X", "c2", false).unwrap();
        env.set_by_step("X", "", false).unwrap();
        assert!(!env.contains("X"));
    }

    #[test]
    fn deleting_low_layer_keeps_higher() {
        let mut env = Environment::new();
        env.set_layer(Layer::Device, "X", "dev", false).unwrap();
        env.set_layer(c(4), "X", "", false).unwrap();
        assert_eq!(env.get("X"), Some("dev"));
        // Deleting a name that was never set is not an error.
        env.set_engine("Nope", "", false).unwrap();
        assert!(env.is_empty() || !env.contains("Nope"));
    }

    #[test]
    fn stable_order() {
        let mut env = Environment::new();
        for name in ["b", "A", "_x", "a-", "C9", "c1", "c_"] {
            env.set_engine(name, "v", false).unwrap();
        }
        let names: Vec<&str> = env.iter().map(|v| v.name()).collect();
        assert_eq!(names, ["_x", "A", "a-", "b", "c1", "C9", "c_"]);
        assert_eq!(env.iter().len(), 7);
        assert_eq!(env.iter().rev().count(), 7);
    }

    #[test]
    fn remove() {
        let mut env = Environment::new();
        env.set_layer(Layer::Device, "X", "1", false).unwrap();
        env.set_engine("X", "2", false).unwrap();
        assert!(env.remove("x"));
        assert!(!env.remove("x"));
        assert!(!env.remove(&"a".repeat(300)));
        assert!(env.get("X").is_none());
    }

    #[test]
    fn lookups_of_impossible_names_are_none() {
        let mut env = Environment::new();
        env.set_engine("a", "1", false).unwrap();
        assert_eq!(env.get(""), None);
        assert_eq!(env.get(&"a".repeat(1000)), None);
        assert_eq!(env.get("é"), None);
        assert!(env.get_var("b").is_none());
    }

    #[test]
    fn secrets_redacted_everywhere() {
        let mut env = Environment::new();
        env.set_by_step("Plain", "visible", false).unwrap();
        env.set_by_step("Hidden", "s3cret-hidden", true).unwrap();
        env.set_by_step("OSDJoinPassword", "s3cret-join", false)
            .unwrap();
        env.set_layer(Layer::Device, "OSDProductKey", "s3cret-key", false)
            .unwrap();
        let outputs = [
            format!("{env:?}"),
            format!("{env:#?}"),
            env.to_string(),
            env.to_json(),
            serde_json::to_string(&env).unwrap(),
            serde_json::to_string_pretty(&env).unwrap(),
            serde_json::to_string(&env.iter().collect::<Vec<_>>()).unwrap(),
            format!("{:?}", env.iter().collect::<Vec<_>>()),
        ];
        for out in &outputs {
            assert!(!out.contains("s3cret"), "leaked: {out}");
            assert!(out.contains(REDACTED), "no marker: {out}");
            assert!(out.contains("visible"), "plain value missing: {out}");
        }
        for single in [
            format!("{:?}", env.get_var("Hidden").unwrap()),
            serde_json::to_string(&env.get_var("OSDJoinPassword").unwrap()).unwrap(),
        ] {
            assert!(
                !single.contains("s3cret") && single.contains(REDACTED),
                "{single}"
            );
        }
        assert_eq!(
            serde_json::to_string(&env.get_var("OSDJoinPassword").unwrap()).unwrap(),
            r#"{"name":"OSDJoinPassword","value":"********","layer":"runtime","secret":true}"#
        );
        assert_eq!(
            env.to_json(),
            r#"{"Hidden":"********","OSDJoinPassword":"********","OSDProductKey":"********","Plain":"visible"}"#
        );
        assert_eq!(
            env.to_json_with_secrets(),
            r#"{"Hidden":"s3cret-hidden","OSDJoinPassword":"s3cret-join","OSDProductKey":"s3cret-key","Plain":"visible"}"#
        );
        let revealed = [
            env.reveal().to_string(),
            format!("{:?}", env.reveal()),
            serde_json::to_string(&env.reveal()).unwrap(),
        ];
        for out in &revealed {
            assert!(
                out.contains("s3cret-hidden") && out.contains("s3cret-join"),
                "{out}"
            );
        }
        // Programmatic access is not an output.
        assert_eq!(env.get("Hidden"), Some("s3cret-hidden"));
        assert!(env.is_secret("hidden") && env.is_secret("OSDJOINPASSWORD"));
        assert!(!env.is_secret("Plain"));
        assert!(env.is_secret("UnsetAdminPassword"));
    }

    #[test]
    fn secrecy_is_sticky_until_deleted() {
        let mut env = Environment::new();
        env.set_layer(c(1), "Token", "abc", true).unwrap();
        env.set_by_step("Token", "now-plain", false).unwrap();
        assert!(env.get_var("Token").unwrap().is_secret());
        assert!(!env.to_json().contains("now-plain"));
        env.set_by_step("Token", "", false).unwrap();
        env.set_by_step("Token", "fresh", false).unwrap();
        assert!(!env.is_secret("Token"));
    }

    #[test]
    fn json_round_trip() {
        let env: Environment = serde_json::from_str(
            r#"{"OSDisk":"C:","_SMSTSInWinPE":"false","osdisk":"D:","Gone":""}"#,
        )
        .unwrap();
        assert_eq!(env.to_json(), r#"{"_SMSTSInWinPE":"false","OSDisk":"D:"}"#);
        let err = serde_json::from_str::<Environment>(r#"{"bad name":"x"}"#).unwrap_err();
        assert!(
            err.to_string().contains("bad character ` ` at position 4"),
            "{err}"
        );
        assert!(serde_json::from_str::<Environment>("[1]").is_err());
        let back: Environment = serde_json::from_str(&env.to_json()).unwrap();
        assert_eq!(back, env);
    }

    #[test]
    fn thread_safe() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Environment>();
    }
}
