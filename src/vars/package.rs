//! Install Package's dynamic list: `PKGID:Program` values and their validation.

use serde::{Deserialize, Serialize};

use super::env::Environment;
use super::list_error::{ListError, PackageProgramError};
use super::lists::{THREE_DIGITS, read_numbered};
use super::secret::REDACTED;

/// A package and program to install, from an Install Package list value `PKGID:Program`.
///
/// JSON: `{"package_id":"CEN00054","program":"Install"}`.
///
/// ```
/// use tasksequence::vars::{parse_package_program, PackageProgram};
///
/// // Only the first `:` separates: the program keeps the rest as written.
/// let pp = parse_package_program("CEN00054:Setup: quiet")?;
/// assert_eq!(pp, PackageProgram { package_id: "CEN00054".into(), program: "Setup: quiet".into() });
/// assert_eq!(serde_json::to_string(&pp)?, r#"{"package_id":"CEN00054","program":"Setup: quiet"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PackageProgram {
    /// The package ID: a 3-character site code and 5 hexadecimal digits, upper case.
    pub package_id: String,
    /// The program name, exactly as written (case-sensitive).
    pub program: String,
}

/// Parses an Install Package list value `PKGID:Program Name`. The ID is everything before the
/// first `:` and must be a site code (3 upper-case letters or digits) followed by 5 upper-case
/// hexadecimal digits; the program is the rest, kept exactly, and must not be blank.
///
/// # Errors
/// [`PackageProgramError`] saying what is wrong.
///
/// # Example
/// ```
/// use tasksequence::vars::{parse_package_program, PackageProgramError};
/// let pp = parse_package_program("CEN00054:Install")?;
/// assert_eq!((pp.package_id.as_str(), pp.program.as_str()), ("CEN00054", "Install"));
/// assert!(matches!(
///     parse_package_program("cen00054:Install"),
///     Err(PackageProgramError::IdLowerCase { .. })
/// ));
/// # Ok::<(), PackageProgramError>(())
/// ```
pub fn parse_package_program(value: &str) -> Result<PackageProgram, PackageProgramError> {
    let Some((id, program)) = value.split_once(':') else {
        return Err(PackageProgramError::MissingColon {
            value: value.to_owned(),
        });
    };
    validate_package_id(id)?;
    if program.trim().is_empty() {
        return Err(PackageProgramError::EmptyProgram {
            value: value.to_owned(),
        });
    }
    Ok(PackageProgram {
        package_id: id.to_owned(),
        program: program.to_owned(),
    })
}

/// Checks a package ID: 3 upper-case letters or digits (the site code), then 5 upper-case
/// hexadecimal digits.
///
/// # Errors
/// [`PackageProgramError`] (`IdLength`, `IdLowerCase` or `IdCharacter`).
///
/// # Example
/// ```
/// use tasksequence::vars::validate_package_id;
/// assert!(validate_package_id("SMS00001").is_ok());
/// assert!(validate_package_id("SMS0000G").is_err());
/// ```
pub fn validate_package_id(id: &str) -> Result<(), PackageProgramError> {
    let length = id.chars().count();
    if length != 8 {
        return Err(PackageProgramError::IdLength {
            id: id.to_owned(),
            length,
        });
    }
    if id.chars().any(|c| c.is_lowercase()) {
        return Err(PackageProgramError::IdLowerCase { id: id.to_owned() });
    }
    for (index, character) in id.chars().enumerate() {
        let (ok, expected) = if index < 3 {
            (
                character.is_ascii_uppercase() || character.is_ascii_digit(),
                "the site code (positions 1–3) holds letters and digits",
            )
        } else {
            (
                character.is_ascii_digit() || matches!(character, 'A'..='F'),
                "positions 4–8 hold hexadecimal digits",
            )
        };
        if !ok {
            return Err(PackageProgramError::IdCharacter {
                id: id.to_owned(),
                character,
                position: index + 1,
                expected,
            });
        }
    }
    Ok(())
}

/// One entry of an Install Package list: the variable it came from and what it names.
///
/// JSON: `{"name":"Pkg001","package_id":"CEN00054","program":"Install"}`.
///
/// ```
/// use tasksequence::vars::{install_package_list, Environment, PackageListEntry};
///
/// let mut env = Environment::new();
/// env.set_engine("Apps001", "CEN00054:Install", false)?;
/// let list = install_package_list(&env, "Apps")?;
/// assert_eq!(list, [PackageListEntry { name: "Apps001".into(), package_id: "CEN00054".into(), program: "Install".into() }]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageListEntry {
    /// The variable (`Base001`).
    pub name: String,
    /// The package ID.
    pub package_id: String,
    /// The program name.
    pub program: String,
}

/// Install Package's dynamic list: `base001`, `base002`, … until the first missing, each parsed
/// as `PKGID:Program`. Empty when `base001` is unset (nothing is installed).
///
/// # Errors
/// [`ListError::Package`] at the first malformed value (the step fails there);
/// [`ListError::Name`] when `base` is invalid.
///
/// # Example
/// ```
/// use tasksequence::vars::{Environment, install_package_list};
/// let mut env = Environment::new();
/// env.set_engine("Pkg001", "CEN00054:Install", false)?;
/// env.set_engine("Pkg002", "CEN0001A:Install Quiet", false)?;
/// let list = install_package_list(&env, "Pkg")?;
/// assert_eq!(list[1].program, "Install Quiet");
/// env.set_engine("Pkg003", "cen00099:Install", false)?;
/// let err = install_package_list(&env, "Pkg").unwrap_err();
/// assert_eq!(err.to_string(), "variable `Pkg003`: package ID `cen00099` must be upper case");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn install_package_list(
    env: &Environment,
    base: &str,
) -> Result<Vec<PackageListEntry>, ListError> {
    read_numbered(env, base, THREE_DIGITS)?
        .into_iter()
        .map(|item| {
            let parsed =
                parse_package_program(&item.value).map_err(|source| ListError::Package {
                    name: item.name.clone(),
                    source: redact_error(source, item.secret),
                })?;
            Ok(PackageListEntry {
                name: item.name,
                package_id: parsed.package_id,
                program: parsed.program,
            })
        })
        .collect()
}

/// Errors quote the value; a secret value is quoted redacted.
fn redact_error(error: PackageProgramError, secret: bool) -> PackageProgramError {
    if !secret {
        return error;
    }
    match error {
        PackageProgramError::MissingColon { .. } => PackageProgramError::MissingColon {
            value: REDACTED.to_owned(),
        },
        PackageProgramError::EmptyProgram { .. } => PackageProgramError::EmptyProgram {
            value: REDACTED.to_owned(),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_program_rules() {
        let ok = parse_package_program("ABC0001F:Install: quiet").unwrap();
        assert_eq!(ok.package_id, "ABC0001F");
        assert_eq!(ok.program, "Install: quiet");
        assert!(parse_package_program("P0100000:x").is_ok());
        let cases: &[(&str, &str)] = &[
            (
                "CEN00054",
                "`CEN00054` has no `:` between package ID and program name",
            ),
            ("CEN00054:", "`CEN00054:` has an empty program name"),
            ("CEN00054:  ", "`CEN00054:  ` has an empty program name"),
            (
                "CEN0054:Install",
                "package ID `CEN0054` is 7 characters long; package IDs are 8 (a 3-character site code and 5 hexadecimal digits)",
            ),
            (
                "Cen00054:Install",
                "package ID `Cen00054` must be upper case",
            ),
            (
                "CEN0005G:Install",
                "package ID `CEN0005G` has a bad character `G` at position 8; positions 4–8 hold hexadecimal digits",
            ),
            (
                "C_N00054:Install",
                "package ID `C_N00054` has a bad character `_` at position 2; the site code (positions 1–3) holds letters and digits",
            ),
            (
                ":Install",
                "package ID `` is 0 characters long; package IDs are 8 (a 3-character site code and 5 hexadecimal digits)",
            ),
        ];
        for (input, message) in cases {
            assert_eq!(
                parse_package_program(input).unwrap_err().to_string(),
                *message,
                "{input}"
            );
        }
    }

    #[test]
    fn package_list() {
        let mut env = Environment::new();
        env.set_engine("Base001", "CEN00054:Install", false)
            .unwrap();
        env.set_engine("Base002", "CEN00055:Setup", false).unwrap();
        env.set_engine("Base01", "ignored: two digits", false)
            .unwrap();
        let list = install_package_list(&env, "Base").unwrap();
        assert_eq!(
            list,
            [
                PackageListEntry {
                    name: "Base001".into(),
                    package_id: "CEN00054".into(),
                    program: "Install".into()
                },
                PackageListEntry {
                    name: "Base002".into(),
                    package_id: "CEN00055".into(),
                    program: "Setup".into()
                },
            ]
        );
        assert_eq!(
            serde_json::to_string(&list[0]).unwrap(),
            r#"{"name":"Base001","package_id":"CEN00054","program":"Install"}"#
        );
    }
}
