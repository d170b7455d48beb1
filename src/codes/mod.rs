//! Return codes: reading them in any written form, naming them, taking them apart, and success-code
//! lists.
//!
//! - [`ReturnCode`] holds 32 bits and reads `0xC1900210`, `C1900210`, `3247440400` and
//!   `-1047526896` alike (see its documentation for the exact rules).
//! - [`known`] / [`known_all`] / [`known_by_name`] look codes up in a table of the codes deployment
//!   work runs into: every Windows Setup `MOSETUP_E_*` result, common Win32, Windows Installer,
//!   HRESULT, Windows Update and NTSTATUS codes, and the `setup.exe /Auto` exit codes.
//! - [`decode_hresult`] splits any value into severity, facility and code; [`Win32Error::of`]
//!   finds the Win32 error in a `0x8007xxxx` HRESULT.
//! - [`SetupResult`] reads Windows Setup's `0xC1900101 - 0x4000D` form into result, phase and
//!   operation.
//! - [`describe`] / [`describe_str`] gather all of that into a serializable [`CodeDescription`].
//! - [`SuccessCodes`] reads `successCodeList="0 3010"` and flags the restart codes 3010 and 1641.
//!
//! ```
//! use tasksequence::codes::{describe_str, ReturnCode};
//!
//! let d = describe_str("0x80070005")?;
//! assert_eq!(d.win32.unwrap().name.as_deref(), Some("ERROR_ACCESS_DENIED"));
//! assert_eq!(ReturnCode::parse("-2147024891")?.to_string(), "0x80070005");
//! # Ok::<(), tasksequence::codes::CodeError>(())
//! ```

mod describe;
mod error;
mod hresult;
mod parse;
mod setup;
mod success;
mod table;

pub use describe::{CodeDescription, OtherMeaning, describe, describe_setup, describe_str};
pub use error::CodeError;
pub use hresult::{
    FACILITY_WIN32, HresultParts, Layout, Severity, Win32Error, decode_hresult, facility_name,
    win32_error_of,
};
pub use parse::ReturnCode;
pub use setup::{ExtendDescription, SetupExtend, SetupResult};
pub use success::{Reboot, SuccessCodes};
pub use table::{CodeSource, KnownCode, known, known_all, known_by_name, known_codes};
