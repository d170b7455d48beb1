//! Task sequence variables: the [`Environment`] (layers, case-insensitive names, secrets),
//! `%NAME%` expansion ([`expand`]) and the numbered and array variable lists steps read and write.
//!
//! Names are ASCII letters, digits, `_` and `-`, 1–256 characters, case-insensitive; values are
//! at most 4000 characters and setting `""` deletes. Secret values show as [`REDACTED`] in every
//! `Debug`, `Display` and JSON output unless the caller asks for them ([`Secrets::Reveal`],
//! [`Environment::reveal`], [`Environment::to_json_with_secrets`]).
//!
//! # Example
//! ```
//! use tasksequence::vars::{Environment, Layer, expand, expand_redacted};
//! let mut env = Environment::new();
//! env.set_layer(Layer::Device, "OSDComputerName", "PC01", false)?;
//! env.set_by_step("OSDLocalAdminPassword", "hunter2", false)?;
//! let line = "setup.cmd %OSDCOMPUTERNAME% %OSDLocalAdminPassword% %Undefined% 100%";
//! assert_eq!(expand(line, &env), "setup.cmd PC01 hunter2 %Undefined% 100%");
//! assert_eq!(expand_redacted(line, &env), "setup.cmd PC01 ******** %Undefined% 100%");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod arrays;
mod class;
mod env;
mod expand;
pub(crate) mod key;
mod layer;
mod list_error;
mod lists;
mod lookup;
mod name;
mod package;
mod secret;
mod show;
mod var;

pub use arrays::{
    ArrayEntries, ArrayItem, ArrayName, ArrayProperty, ArraySpec, KNOWN_ARRAYS, OSD_ADAPTER,
    OSD_APP, OSD_PACKAGE, OSD_PARTITIONS, array_variable_name,
};
pub use class::{Classified, ValueKind};
pub use env::{Environment, MAX_VALUE_LEN, VarError};
pub use expand::{Expansion, Reference, Resolution, expand, expand_redacted, expand_report};
pub use key::PreparedName;
pub use layer::{CollectionPriority, Layer, PriorityError};
pub use list_error::{ListError, PackageProgramError};
pub use lists::{
    NumberedValue, THREE_DIGITS, TWO_DIGITS, download_variable_name, download_variables,
    install_application_list, numbered_name, parse_download_variable_name, parse_numbered_name,
    read_numbered,
};
pub use lookup::{Lookup, NoVariables};
pub use name::{MAX_NAME_LEN, NameError, validate_name, validate_user_name};
pub use package::{
    PackageListEntry, PackageProgram, install_package_list, parse_package_program,
    validate_package_id,
};
pub use secret::{KNOWN_SECRET_NAMES, REDACTED, Secrets, is_secret_name};
pub use show::Revealed;
pub use var::{Iter, Var};
