//! The outside world as the core sees it: the [`Host`] trait and the facts it answers with, and
//! [`MachineProfile`], a machine described in JSON that answers them offline.

mod host;
mod profile;
mod start;
mod with_host;

pub use host::{
    FileFacts, FolderFacts, Hardware, Host, HostError, ProductFacts, ProductQuery, RegistryData,
    RegistryValue,
};
// The types live with what they describe; these paths stay for callers.
pub use crate::model::RegistryType;
pub use crate::wql::{Instance, WmiValue};
pub use profile::{
    MAX_PROFILE_NAME, MAX_PROFILE_PATH, MAX_PROFILE_TEXT, MachineProfile, ProfileError,
    ProfileErrorKind,
};
pub use start::Start;
pub use with_host::WithHost;
