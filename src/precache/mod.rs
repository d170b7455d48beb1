//! Pre-cache: which packages a client downloads for an available task sequence deployment
//! before the user clicks Install, why, and when.
//!
//! Inputs: the sequence (its `<referenceList>` and every package a step names, see
//! [`referenced_packages`]), a [`Catalog`] of package attributes, the machine (read through the
//! [`crate::machine::Host`] trait, see [`MachineFacts`]), and [`PlanOptions`] (the
//! [`SiteVersion`] and the [`Deployment`]). Output: a [`Plan`], one per machine, or a [`Fleet`]
//! totalling many.
//!
//! # Rules (the client's)
//!
//! - Only referenced packages are planned; catalog packages the sequence never names are left out.
//!   A referenced package the catalog does not hold is downloaded: without attributes it matches
//!   any client, and the reason says it was not in the catalog.
//! - OS upgrade packages, OS images and packages match on Architecture and Language; driver
//!   packages on Model, as `Win32_ComputerSystemProduct.Name LIKE '%model%'` (WQL `LIKE`:
//!   substring, ignoring case, `_` and `[…]` wildcards as WQL has them). Each type is compared on
//!   its own attributes only: a driver package's architecture is not looked at.
//! - An attribute not set matches any client. Architecture and language compare after
//!   normalization ([`crate::locale`]): `64-bit` = `x64` = `AMD64`, `ARM 64-bit Processor` =
//!   `arm64`, `32 bits` = `x86`; `1031` = `0x0407` = `de-DE`. Languages compare by LCID exactly
//!   (`en-GB` does not match `en-US`).
//! - Site version 1902 and earlier filter only OS upgrade packages; everything else referenced is
//!   downloaded. 1906 and later filter all four types. Boot images are never filtered. Before
//!   1702 there is no pre-caching. Without a site version the current rules apply.
//! - Only an available deployment with "pre-download content" on pre-caches. It starts when the
//!   deployment becomes available, right away if that time has passed.
//!
//! # Beyond the console
//!
//! The client chooses by attributes; the sequence chooses by step conditions when it runs. The
//! plan evaluates, on the machine, the conditions of every Upgrade Operating System step (and
//! every Download Package Content step that downloads an OS upgrade package) together with the
//! conditions of their groups, and warns ([`PlanWarning`]) when a step that will run uses an OS
//! upgrade package the client does not pre-cache (it is then downloaded while the user waits),
//! when a pre-cached OS upgrade package is used by no step that runs, and when the client
//! pre-caches more than one. Conditions on variables the machine does not set (those the run sets,
//! such as `_SMSTSOSUpgradeActionReturnCode`) are undecided, not false, so they never make a step
//! look skipped.
//!
//! # Decisions where the documentation is silent
//!
//! - A machine fact that is missing (no `OSLanguage`) fails every package that needs it, with a
//!   reason and a warning, rather than matching by guess.
//! - More than one matching OS upgrade package is downloaded as each matches (the client's rule is
//!   per package); the plan warns.
//! - Without a deployment the plan assumes an available deployment with pre-download on,
//!   available now: the question a plan answers is what pre-caching would download.
//! - Packages of disabled steps stay referenced and are planned like the others.
//!
//! ```
//! use tasksequence::machine::MachineProfile;
//! use tasksequence::precache::{plan, Catalog, Deployment, PlanOptions, SiteVersion, When};
//! let doc = tasksequence::xml::read(br#"<sequence version="3.10"><referenceList>
//!   <reference package="PS100101"/><reference package="PS100102"/></referenceList></sequence>"#)?;
//! let catalog = Catalog::from_json(r#"[
//!   {"id":"PS100101","name":"Windows 11 x64 en-US","type":"os_upgrade","architecture":"x64","language":"en-US","size_mb":4600},
//!   {"id":"PS100102","name":"Windows 11 x64 de-DE","type":"os_upgrade","architecture":"x64","language":1031,"size_mb":4700}
//! ]"#)?;
//! let machine = MachineProfile::from_json(r#"{"wmi":{"root\\cimv2":{
//!   "Win32_OperatingSystem":[{"OSArchitecture":"64-bit","OSLanguage":1033}],
//!   "Win32_ComputerSystemProduct":[{"Name":"Latitude 7490"}]}}}"#)?;
//! let options = PlanOptions {
//!     site_version: Some(SiteVersion::new(2103)?),
//!     deployment: Some(Deployment::from_json(r#"{"purpose":"required","pre_download":true}"#)?),
//! };
//! let p = plan(&doc.sequence, &catalog, &machine, &options);
//! assert_eq!(p.download[0].reason, "architecture x64 and language 1033 (en-US) match the client");
//! assert_eq!(p.skip[0].reason, "language 1031 (de-DE) ≠ client 1033 (en-US)");
//! assert_eq!(p.start.when, When::Never);
//! assert_eq!(p.start.reason, "available deployments only: this one is required");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod adapter;
mod catalog;
mod deployment;
mod entry;
mod error;
mod facts;
mod fields;
mod fleet;
mod plan;
mod references;
mod select;
mod text;
mod usage;
mod warnings;

pub use catalog::{Catalog, CatalogPackage, PackageType};
pub use deployment::{Deployment, PlanOptions, Purpose, SiteVersion, Start, When};
pub use entry::PlanEntry;
pub use error::InputError;
pub use facts::MachineFacts;
pub use fleet::{Fleet, FleetPackage, FleetWarning, StartCounts};
pub use plan::{Plan, Planner, plan};
pub use references::{Mention, Referenced, Source, document_packages, referenced_packages};
pub use warnings::{PlanWarning, WarningKind};
