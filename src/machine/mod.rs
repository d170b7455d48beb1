//! The outside world as the core sees it: the [`Host`] trait and the facts it answers with.

mod host;

pub use host::{
    FileFacts, FolderFacts, Host, HostError, Instance, ProductFacts, ProductQuery, RegistryData,
    RegistryType, RegistryValue, WmiValue,
};
