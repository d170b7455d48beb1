//! Taking a 32-bit code apart into severity, facility and code (HRESULT and NTSTATUS layouts).

use serde::{Deserialize, Serialize};

use super::{ReturnCode, table};

/// Which bit layout a value follows.
///
/// Both layouts keep the facility in bits 16–27 and the code in bits 0–15. They differ at the top:
/// an HRESULT has one severity bit (31) and a reserved bit 30 that is clear; an NTSTATUS has two
/// severity bits (31–30). Windows Setup's `0xC19xxxxx` results use the NTSTATUS layout, which is
/// what the upgrade documentation means by "a leading C is NTSTATUS-style".
///
/// ```
/// use tasksequence::codes::{decode_hresult, Layout, ReturnCode};
///
/// assert_eq!(decode_hresult(ReturnCode(0x8024_402C)).layout, Layout::Hresult);
/// assert_eq!(decode_hresult(ReturnCode(0xC000_0005)).layout, Layout::Ntstatus);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Bit 30 clear: `S R C N X facility code` (`0x8007xxxx`, `0x8024xxxx`, …).
    Hresult,
    /// Bit 30 set: `Sev Sev C N facility code` (`0xC0000005`, `0xC1900210`, …).
    Ntstatus,
}

/// How bad the code says things are.
///
/// An HRESULT only knows [`Severity::Success`] and [`Severity::Error`]; the NTSTATUS layout adds
/// [`Severity::Informational`] (`0x4xxxxxxx`). NTSTATUS warnings (`0x8xxxxxxx`) cannot be told
/// apart from HRESULT failures and are reported as errors. JSON: the lower-case variant name.
///
/// ```
/// use tasksequence::codes::{decode_hresult, ReturnCode, Severity};
///
/// assert_eq!(decode_hresult(ReturnCode(0x0004_0001)).severity, Severity::Success);
/// assert_eq!(decode_hresult(ReturnCode(0x4000_001E)).severity, Severity::Informational);
/// assert_eq!(decode_hresult(ReturnCode(0x8007_0005)).severity, Severity::Error);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worked.
    Success,
    /// Worked, with something to say (NTSTATUS only).
    Informational,
    /// Failed.
    Error,
}

/// A code taken apart bit by bit.
///
/// JSON: `{"layout": "hresult", "severity": "error", "customer": false, "nt_bit": false,
/// "facility": 7, "facility_name": "FACILITY_WIN32", "code": 5}`.
///
/// ```
/// use tasksequence::codes::{decode_hresult, ReturnCode};
///
/// let parts = decode_hresult(ReturnCode(0x8024_6007));
/// assert_eq!((parts.facility, parts.code), (36, 0x6007));
/// assert_eq!(parts.facility_name.as_deref(), Some("FACILITY_WINDOWSUPDATE"));
/// assert!(!parts.customer && !parts.nt_bit);
/// let json = serde_json::to_value(&parts)?;
/// assert_eq!(json["severity"], "error");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HresultParts {
    /// HRESULT or NTSTATUS layout (decided by bit 30).
    pub layout: Layout,
    /// The severity the top bits encode.
    pub severity: Severity,
    /// Bit 29: defined by a vendor rather than Microsoft.
    pub customer: bool,
    /// Bit 28: an NTSTATUS wrapped into an HRESULT (`HRESULT_FROM_NT`).
    pub nt_bit: bool,
    /// Bits 16–27.
    pub facility: u16,
    /// The `winerror.h` name of the facility, for the HRESULT layout only (NTSTATUS facilities
    /// are numbered differently); `null` when the number has no public name.
    pub facility_name: Option<String>,
    /// Bits 0–15: the facility's own error number (for `FACILITY_WIN32`, the Win32 error).
    pub code: u16,
}

/// `FACILITY_WIN32`: the low 16 bits are a Win32 error (`HRESULT_FROM_WIN32`).
///
/// ```
/// use tasksequence::codes::{decode_hresult, ReturnCode, FACILITY_WIN32};
///
/// assert_eq!(decode_hresult(ReturnCode(0x8007_0002)).facility, FACILITY_WIN32);
/// ```
pub const FACILITY_WIN32: u16 = 7;

/// Takes `code` apart.
///
/// ```
/// use tasksequence::codes::{decode_hresult, Layout, ReturnCode, Severity};
///
/// let parts = decode_hresult(ReturnCode(0x8007_0005));
/// assert_eq!(parts.layout, Layout::Hresult);
/// assert_eq!(parts.severity, Severity::Error);
/// assert_eq!((parts.facility, parts.code), (7, 5));
/// assert_eq!(parts.facility_name.as_deref(), Some("FACILITY_WIN32"));
///
/// let setup = decode_hresult(ReturnCode(0xC190_0101));
/// assert_eq!(setup.layout, Layout::Ntstatus);
/// assert_eq!((setup.facility, setup.code), (0x190, 0x101));
/// ```
#[must_use]
pub fn decode_hresult(code: ReturnCode) -> HresultParts {
    let value = code.unsigned();
    let bit = |n: u32| value & (1 << n) != 0;
    let layout = if bit(30) {
        Layout::Ntstatus
    } else {
        Layout::Hresult
    };
    // With bit 30 clear an NTSTATUS warning (0x8xxxxxxx) has the same bits as an HRESULT failure;
    // the HRESULT reading wins because that is what step exit codes in that range are.
    let severity = match (bit(31), bit(30)) {
        (false, false) => Severity::Success,
        (false, true) => Severity::Informational,
        (true, _) => Severity::Error,
    };
    let facility = u16::try_from((value >> 16) & 0x0FFF).unwrap_or_default();
    let facility_name = match layout {
        Layout::Hresult => facility_name(facility).map(str::to_owned),
        Layout::Ntstatus => None,
    };
    HresultParts {
        layout,
        severity,
        customer: bit(29),
        nt_bit: bit(28),
        facility,
        facility_name,
        code: u16::try_from(value & 0xFFFF).unwrap_or_default(),
    }
}

/// The Win32 error inside an `HRESULT_FROM_WIN32` value (`0x8007xxxx`), if `code` is one.
///
/// ```
/// use tasksequence::codes::{win32_error_of, ReturnCode};
/// assert_eq!(win32_error_of(ReturnCode(0x8007_0070)), Some(112));
/// assert_eq!(win32_error_of(ReturnCode(0x8000_4005)), None);
/// ```
#[must_use]
pub fn win32_error_of(code: ReturnCode) -> Option<u32> {
    let value = code.unsigned();
    // Exactly S=1, R=C=N=X=0, facility 7: anything else is not HRESULT_FROM_WIN32's output.
    (value >> 16 == 0x8007).then_some(value & 0xFFFF)
}

/// The symbolic name of an HRESULT facility number, from `winerror.h`.
///
/// Where `winerror.h` gives one number two names, the one met in deployment work is used
/// (48 is `FACILITY_WINDOWS_SETUP` rather than `FACILITY_PLA`).
///
/// ```
/// use tasksequence::codes::facility_name;
/// assert_eq!(facility_name(36), Some("FACILITY_WINDOWSUPDATE"));
/// assert_eq!(facility_name(400), None);
/// ```
#[must_use]
pub fn facility_name(facility: u16) -> Option<&'static str> {
    FACILITIES
        .iter()
        .find(|(number, _)| *number == facility)
        .map(|(_, name)| *name)
}

static FACILITIES: &[(u16, &str)] = &[
    (0, "FACILITY_NULL"),
    (1, "FACILITY_RPC"),
    (2, "FACILITY_DISPATCH"),
    (3, "FACILITY_STORAGE"),
    (4, "FACILITY_ITF"),
    (7, "FACILITY_WIN32"),
    (8, "FACILITY_WINDOWS"),
    (9, "FACILITY_SECURITY"),
    (10, "FACILITY_CONTROL"),
    (11, "FACILITY_CERT"),
    (12, "FACILITY_INTERNET"),
    (13, "FACILITY_MEDIASERVER"),
    (14, "FACILITY_MSMQ"),
    (15, "FACILITY_SETUPAPI"),
    (16, "FACILITY_SCARD"),
    (17, "FACILITY_COMPLUS"),
    (18, "FACILITY_AAF"),
    (19, "FACILITY_URT"),
    (20, "FACILITY_ACS"),
    (21, "FACILITY_DPLAY"),
    (22, "FACILITY_UMI"),
    (23, "FACILITY_SXS"),
    (24, "FACILITY_WINDOWS_CE"),
    (25, "FACILITY_HTTP"),
    (26, "FACILITY_USERMODE_COMMONLOG"),
    (27, "FACILITY_WER"),
    (31, "FACILITY_USERMODE_FILTER_MANAGER"),
    (32, "FACILITY_BACKGROUNDCOPY"),
    (33, "FACILITY_CONFIGURATION"),
    (34, "FACILITY_STATE_MANAGEMENT"),
    (35, "FACILITY_METADIRECTORY"),
    (36, "FACILITY_WINDOWSUPDATE"),
    (37, "FACILITY_DIRECTORYSERVICE"),
    (38, "FACILITY_GRAPHICS"),
    (39, "FACILITY_SHELL"),
    (40, "FACILITY_TPM_SERVICES"),
    (41, "FACILITY_TPM_SOFTWARE"),
    (42, "FACILITY_UI"),
    (43, "FACILITY_XAML"),
    (44, "FACILITY_ACTION_QUEUE"),
    (48, "FACILITY_WINDOWS_SETUP"),
    (49, "FACILITY_FVE"),
    (50, "FACILITY_FWP"),
    (51, "FACILITY_WINRM"),
    (52, "FACILITY_NDIS"),
    (53, "FACILITY_USERMODE_HYPERVISOR"),
    (54, "FACILITY_CMI"),
    (55, "FACILITY_USERMODE_VIRTUALIZATION"),
    (56, "FACILITY_USERMODE_VOLMGR"),
    (57, "FACILITY_BCD"),
    (58, "FACILITY_USERMODE_VHD"),
    (60, "FACILITY_SDIAG"),
    (61, "FACILITY_WINPE"),
    (62, "FACILITY_WPN"),
    (63, "FACILITY_WINDOWS_STORE"),
    (80, "FACILITY_WINDOWS_DEFENDER"),
    (81, "FACILITY_OPC"),
];

/// The Win32 error inside a `0x8007xxxx` value, with its name and meaning when known.
///
/// JSON: `{"code": 5, "name": "ERROR_ACCESS_DENIED", "meaning": "access denied"}`.
///
/// ```
/// use tasksequence::codes::{describe_str, Win32Error};
///
/// let inner: Win32Error = describe_str("0x80070002")?.win32.unwrap();
/// assert_eq!(inner.code, 2);
/// assert_eq!(inner.name.as_deref(), Some("ERROR_FILE_NOT_FOUND"));
/// assert_eq!(inner.meaning.as_deref(), Some("file not found"));
/// # Ok::<(), tasksequence::codes::CodeError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Win32Error {
    /// The Win32 error number.
    pub code: u32,
    /// Its `ERROR_*` name, when the table knows it.
    pub name: Option<String>,
    /// What it means, when the table knows it.
    pub meaning: Option<String>,
}

impl Win32Error {
    /// The Win32 error wrapped in `code`, if `code` is an `HRESULT_FROM_WIN32` value.
    ///
    /// ```
    /// use tasksequence::codes::{ReturnCode, Win32Error};
    ///
    /// let inner = Win32Error::of(ReturnCode(0x8007_0005)).unwrap();
    /// assert_eq!(inner.name.as_deref(), Some("ERROR_ACCESS_DENIED"));
    /// // An unlisted Win32 number is still found, only without a name.
    /// assert_eq!(Win32Error::of(ReturnCode(0x8007_7777)).unwrap().name, None);
    /// assert_eq!(Win32Error::of(ReturnCode(0xC000_0005)), None);
    /// ```
    #[must_use]
    pub fn of(code: ReturnCode) -> Option<Win32Error> {
        let number = win32_error_of(code)?;
        let row = table::win32(number);
        Some(Win32Error {
            code: number,
            name: row.and_then(|row| row.name).map(str::to_owned),
            meaning: row.map(|row| row.meaning.to_owned()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities() {
        let sev = |v: u32| decode_hresult(ReturnCode(v)).severity;
        assert_eq!(sev(0), Severity::Success);
        assert_eq!(sev(0x4000_0000), Severity::Informational);
        assert_eq!(sev(0x8000_0005), Severity::Error);
        assert_eq!(sev(0xC000_0005), Severity::Error);
        assert_eq!(sev(0x0003_0200), Severity::Success);
    }

    #[test]
    fn bits() {
        let p = decode_hresult(ReturnCode(0xD000_0022));
        assert!(p.nt_bit);
        assert_eq!(p.layout, Layout::Ntstatus);
        let c = decode_hresult(ReturnCode(0xA001_0001));
        assert!(c.customer);
        assert_eq!(c.facility, 1);
        assert_eq!(c.facility_name.as_deref(), Some("FACILITY_RPC"));
        let wu = decode_hresult(ReturnCode(0x8024_6007));
        assert_eq!(wu.facility_name.as_deref(), Some("FACILITY_WINDOWSUPDATE"));
        assert_eq!(wu.code, 0x6007);
        assert_eq!(decode_hresult(ReturnCode(0xC000_0005)).facility_name, None);
    }

    #[test]
    fn win32_inside() {
        let err = Win32Error::of(ReturnCode(0x8007_0005)).unwrap();
        assert_eq!(err.code, 5);
        assert_eq!(err.name.as_deref(), Some("ERROR_ACCESS_DENIED"));
        let unknown = Win32Error::of(ReturnCode(0x8007_7777)).unwrap();
        assert_eq!(unknown.name, None);
        assert!(Win32Error::of(ReturnCode(5)).is_none());
        assert!(Win32Error::of(ReturnCode(0x0007_0005)).is_none());
    }
}
