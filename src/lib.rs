//! `tasksequence` understands Configuration Manager (ConfigMgr/SCCM/MECM) and MDT task sequences
//! offline: it reads and writes their XML without loss, evaluates their conditions against a described
//! machine, expands `%VARIABLES%`, decodes return codes and exposes all of it to C.
//!
//! The core performs no I/O: it takes bytes and strings, and asks the outside world only through the
//! [`machine::Host`] trait.
#![warn(missing_docs)]
// Only the C boundary (`ffi`) may hold unsafe code; it lifts this for itself alone.
#![deny(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod codes;
pub mod condition;
pub mod diff;
pub mod engine;
pub mod ffi;
pub mod lint;
pub mod locale;
pub mod machine;
pub mod model;
pub mod outline;
pub mod precache;
pub mod redact;
pub mod render;
pub mod template;
mod util;
pub mod vars;
pub mod wql;
pub mod xml;

/// The library version, equal to the package version in `Cargo.toml` and to the C header's
/// `TS_VERSION_MAJOR/MINOR/PATCH`.
///
/// ```
/// let parts: Vec<u32> = tasksequence::VERSION.split('.').map(str::parse).collect::<Result<_, _>>()?;
/// assert_eq!(parts.len(), 3);
/// assert_eq!(tasksequence::VERSION, env!("CARGO_PKG_VERSION"));
/// # Ok::<(), std::num::ParseIntError>(())
/// ```
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The README's Rust examples, compiled and run as doc tests so that they cannot drift.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
