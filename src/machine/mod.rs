//! The outside world as the core sees it: the [`Host`] trait and the facts it answers with, and
//! [`MachineProfile`], a machine described in JSON that answers them offline.

mod host;
mod profile;

pub use host::{
    FileFacts, FolderFacts, Host, HostError, Instance, ProductFacts, ProductQuery, RegistryData,
    RegistryType, RegistryValue, WmiValue,
};
pub use profile::{Hardware, MachineProfile, ProfileError, ProfileErrorKind};
