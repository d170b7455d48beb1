//! Which values are secret, and how they are shown.

use serde::{Deserialize, Serialize};

/// What a secret value is shown as in every output that has not asked for secrets.
///
/// ```
/// use tasksequence::vars::{expand_redacted, Environment, REDACTED};
///
/// let mut env = Environment::new();
/// env.set_by_step("OSDLocalAdminPassword", "hunter2", false)?;
/// assert_eq!(expand_redacted("net user admin %OSDLocalAdminPassword%", &env), format!("net user admin {REDACTED}"));
/// # Ok::<(), tasksequence::vars::VarError>(())
/// ```
pub const REDACTED: &str = "********";

/// Variable names whose values are secret whatever flag they were set with. Any name containing
/// `password` or `productkey` (ASCII case-insensitive) is secret too; the list spells out the
/// ones that pattern does not catch, and the documented ones it does, for reference.
///
/// ```
/// use tasksequence::vars::{is_secret_name, KNOWN_SECRET_NAMES};
///
/// assert!(KNOWN_SECRET_NAMES.iter().all(|name| is_secret_name(name)));
/// // Listed because neither `password` nor `productkey` is in the name:
/// assert!(KNOWN_SECRET_NAMES.contains(&"OSDBitLockerPIN"));
/// ```
pub const KNOWN_SECRET_NAMES: &[&str] = &[
    "OSDProductKey",
    "OSDUpgradeOsProductKey",
    "OSDJoinPassword",
    "OSDLocalAdminPassword",
    "OSDBitLockerPIN",
    "OSDBitLockerRecoveryPassword",
    "OSDCaptureAccountPassword",
    "OSDMigrateLocalAccountPassword",
    "SMSConnectNetworkFolderPassword",
    "SMSTSRunCommandLineUserPassword",
    "SMSTSRunPowerShellUserPassword",
    // A BIOS password that community sequences set and pass to vendor tools.
    "BIOSPWFormatted",
    // The network access account (user name and password) the client hands the engine.
    "_SMSTSReserved1-000",
    "_SMSTSReserved2-000",
    // MDT's BitLocker PIN.
    "BDEPin",
];

/// Name fragments that make a name secret wherever they occur, lower case.
const SECRET_FRAGMENTS: [&[u8]; 2] = [b"password", b"productkey"];

/// Whether `name` is a known secret: it contains `password` or `productkey` (ASCII
/// case-insensitive) or is one of [`KNOWN_SECRET_NAMES`].
///
/// # Example
/// ```
/// use tasksequence::vars::is_secret_name;
/// assert!(is_secret_name("SMSTSRunCommandLineUserPassword"));
/// assert!(is_secret_name("osdbitlockerpin"));
/// assert!(is_secret_name("_SMSTSReserved2-000"));
/// assert!(is_secret_name("BDEPIN"));
/// assert!(!is_secret_name("OSDComputerName"));
/// ```
pub fn is_secret_name(name: &str) -> bool {
    let bytes = name.trim_ascii().as_bytes();
    SECRET_FRAGMENTS
        .iter()
        .any(|fragment| contains_folded(bytes, fragment))
        || KNOWN_SECRET_NAMES
            .iter()
            .any(|known| known.as_bytes().eq_ignore_ascii_case(bytes))
}

/// Whether `haystack` contains `needle` (already lower case), ignoring ASCII case.
fn contains_folded(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.len() >= needle.len()
        && haystack
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle))
}

/// Whether an output shows secret values or [`REDACTED`]. Outputs redact unless the caller passes
/// [`Secrets::Reveal`].
///
/// ```
/// use tasksequence::vars::Secrets;
///
/// assert_eq!(Secrets::default(), Secrets::Redact);
/// assert_eq!(serde_json::to_string(&Secrets::Reveal)?, r#""reveal""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Secrets {
    /// Show secret values as [`REDACTED`] (the default).
    #[default]
    Redact,
    /// Show secret values as they are.
    Reveal,
}

impl Secrets {
    /// `value`, or [`REDACTED`] when it is secret and secrets are redacted.
    ///
    /// ```
    /// use tasksequence::vars::{Secrets, REDACTED};
    ///
    /// assert_eq!(Secrets::Redact.show("1234", true), REDACTED);
    /// assert_eq!(Secrets::Redact.show("PC01", false), "PC01");
    /// assert_eq!(Secrets::Reveal.show("1234", true), "1234");
    /// ```
    #[inline]
    pub fn show(self, value: &str, secret: bool) -> &str {
        if secret && self == Secrets::Redact {
            REDACTED
        } else {
            value
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_are_secret_in_any_case() {
        for name in KNOWN_SECRET_NAMES {
            assert!(is_secret_name(name), "{name}");
            assert!(is_secret_name(&name.to_ascii_uppercase()), "{name}");
            assert!(is_secret_name(&name.to_ascii_lowercase()), "{name}");
        }
        for name in [
            "MyPassword",
            "PASSWORDX",
            "password",
            "OsProductKey",
            " OSDBitLockerPIN ",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn ordinary_names_are_not() {
        for name in [
            "OSDComputerName",
            "OSDJoinAccount",
            "OSDBitLockerStartupKeyDrive",
            "Pass",
            "OSDBitLockerPINs",
            "",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn show_redacts_only_secrets_unless_revealed() {
        assert_eq!(Secrets::Redact.show("x", true), REDACTED);
        assert_eq!(Secrets::Redact.show("x", false), "x");
        assert_eq!(Secrets::Reveal.show("x", true), "x");
        assert_eq!(Secrets::default(), Secrets::Redact);
    }
}
