//! The table of return codes the field runs into, with their symbolic names and meanings.
//!
//! Numbers and symbolic names come from Windows' own lists (the Windows Setup upgrade-error pages,
//! `winerror.h`, the Windows Installer error list); the meanings are short summaries written for
//! this crate.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

use super::ReturnCode;

/// Which family of codes a table entry belongs to.
///
/// JSON: the snake_case variant name (`"windows_setup"`).
///
/// ```
/// use tasksequence::codes::{known, CodeSource, ReturnCode};
///
/// let row = known(ReturnCode(0x8024_0017)).unwrap();
/// assert_eq!(row.source, CodeSource::WindowsUpdate);
/// assert_eq!(serde_json::to_string(&CodeSource::WindowsSetup)?, r#""windows_setup""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeSource {
    /// A Win32 error number (`winerror.h` `ERROR_*`), including Windows Installer (MSI) results.
    Win32,
    /// A COM-style HRESULT (`E_*`, `NTE_*`, `HTTP_E_*`).
    Hresult,
    /// A Windows Update agent HRESULT (`WU_E_*`) or a WSUS result.
    WindowsUpdate,
    /// An NTSTATUS, typically a process that crashed (`STATUS_*`).
    Ntstatus,
    /// A Windows Setup (modern setup, `MOSETUP_E_*`) result code.
    WindowsSetup,
    /// An exit code of `setup.exe /Auto` (`CONX_SETUP_EXITCODE_*`), not an error number.
    SetupExe,
    /// A Configuration Manager client error (`0x87D0xxxx`, facility 0x7D0): application
    /// enforcement, content and software-update results. Microsoft publishes no symbolic names
    /// for these, so their rows have none.
    ConfigMgr,
}

impl CodeSource {
    /// A short English label (`"Windows Setup"`).
    ///
    /// ```
    /// use tasksequence::codes::CodeSource;
    /// assert_eq!(CodeSource::WindowsSetup.label(), "Windows Setup");
    /// assert_eq!(CodeSource::SetupExe.label(), "setup.exe exit code");
    /// ```
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            CodeSource::Win32 => "Win32 error",
            CodeSource::Hresult => "HRESULT",
            CodeSource::WindowsUpdate => "Windows Update",
            CodeSource::Ntstatus => "NTSTATUS",
            CodeSource::WindowsSetup => "Windows Setup",
            CodeSource::SetupExe => "setup.exe exit code",
            CodeSource::ConfigMgr => "ConfigMgr client",
        }
    }
}

/// One row of the known-code table.
///
/// JSON: `{"code": 3247440400, "hex": "0xC1900210", "name": "MOSETUP_E_COMPAT_SCANONLY",
/// "meaning": "…", "source": "windows_setup", "success": true}`; `name` is `null` for the few
/// codes Windows documents without a symbolic name. Deserializing looks the row up by `code` and
/// `name` (other fields are ignored) and fails for a row the table does not hold.
///
/// ```
/// use tasksequence::codes::{known, CodeSource, KnownCode, ReturnCode};
///
/// let row = known(ReturnCode(1603)).unwrap();
/// assert_eq!(row.name, Some("ERROR_INSTALL_FAILURE"));
/// assert_eq!(row.source, CodeSource::Win32);
/// assert!(!row.success);
/// let json = serde_json::to_string(row)?;
/// let back: KnownCode = serde_json::from_str(&json)?;
/// assert_eq!(&back, row);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KnownCode {
    /// The code.
    pub code: ReturnCode,
    /// Its symbolic name, when Windows gives one.
    pub name: Option<&'static str>,
    /// What it means, in a few words.
    pub meaning: &'static str,
    /// Which family it belongs to.
    pub source: CodeSource,
    /// Whether the code reports that the work was done (possibly needing a restart).
    pub success: bool,
}

impl Serialize for KnownCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut row = serializer.serialize_struct("KnownCode", 6)?;
        row.serialize_field("code", &self.code)?;
        row.serialize_field("hex", &self.code.hex())?;
        row.serialize_field("name", &self.name)?;
        row.serialize_field("meaning", self.meaning)?;
        row.serialize_field("source", &self.source)?;
        row.serialize_field("success", &self.success)?;
        row.end()
    }
}

impl<'de> Deserialize<'de> for KnownCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Key {
            code: ReturnCode,
            #[serde(default)]
            name: Option<String>,
        }
        let key = Key::deserialize(deserializer)?;
        known_all(key.code)
            .iter()
            .find(|row| row.name == key.name.as_deref())
            .copied()
            .ok_or_else(|| D::Error::custom(format_args!("`{}` is not a known code", key.code)))
    }
}

/// The entries for `code`, primary meaning first; empty when the code is not in the table.
///
/// A number can mean several things: 5 is `ERROR_ACCESS_DENIED` as a Win32 error and
/// `CONX_SETUP_EXITCODE_RESUME_AT_COMPAT_REPORT` as a `setup.exe /Auto` exit code. The Win32
/// reading comes first because a step's exit code is far more often a Win32 error.
///
/// ```
/// use tasksequence::codes::{known_all, ReturnCode};
/// let rows = known_all(ReturnCode(5));
/// assert_eq!(rows[0].name, Some("ERROR_ACCESS_DENIED"));
/// assert_eq!(rows[1].name, Some("CONX_SETUP_EXITCODE_RESUME_AT_COMPAT_REPORT"));
/// ```
#[must_use]
pub fn known_all(code: ReturnCode) -> &'static [KnownCode] {
    let start = KNOWN.partition_point(|row| row.code < code);
    let len = KNOWN
        .get(start..)
        .map_or(0, |rest| rest.partition_point(|row| row.code == code));
    KNOWN.get(start..start + len).unwrap_or_default()
}

/// The primary table entry for `code`.
///
/// ```
/// use tasksequence::codes::{known, ReturnCode};
/// let row = known(ReturnCode(0xC190_0210)).unwrap();
/// assert_eq!(row.name, Some("MOSETUP_E_COMPAT_SCANONLY"));
/// assert!(known(ReturnCode(0x1234_5678)).is_none());
/// ```
#[must_use]
pub fn known(code: ReturnCode) -> Option<&'static KnownCode> {
    known_all(code).first()
}

/// The entry whose symbolic name is `name` (ASCII case-insensitive), e.g. `mosetup_e_compat_scanonly`.
///
/// ```
/// use tasksequence::codes::{known_by_name, ReturnCode};
/// assert_eq!(known_by_name("error_success_reboot_required").unwrap().code, ReturnCode(3010));
/// ```
#[must_use]
pub fn known_by_name(name: &str) -> Option<&'static KnownCode> {
    let name = name.trim();
    KNOWN
        .iter()
        .find(|row| row.name.is_some_and(|own| own.eq_ignore_ascii_case(name)))
}

/// The Win32 error entry for `number` (used to name the inside of `HRESULT_FROM_WIN32` values).
pub(super) fn win32(number: u32) -> Option<&'static KnownCode> {
    known_all(ReturnCode(number))
        .iter()
        .find(|row| row.source == CodeSource::Win32)
}

/// Every row of the table, sorted by code (rows sharing a code keep their priority order).
///
/// ```
/// use tasksequence::codes::known_codes;
///
/// let all = known_codes();
/// assert!(all.windows(2).all(|pair| pair[0].code <= pair[1].code));
/// assert!(all.iter().any(|row| row.name == Some("MOSETUP_E_COMPAT_SCANONLY")));
/// ```
#[must_use]
pub fn known_codes() -> &'static [KnownCode] {
    KNOWN
}

const fn row(
    code: u32,
    name: &'static str,
    meaning: &'static str,
    source: CodeSource,
) -> KnownCode {
    KnownCode {
        code: ReturnCode(code),
        name: Some(name),
        meaning,
        source,
        success: false,
    }
}

const fn ok(code: u32, name: &'static str, meaning: &'static str, source: CodeSource) -> KnownCode {
    KnownCode {
        code: ReturnCode(code),
        name: Some(name),
        meaning,
        source,
        success: true,
    }
}

const fn unnamed(code: u32, meaning: &'static str, source: CodeSource) -> KnownCode {
    KnownCode {
        code: ReturnCode(code),
        name: None,
        meaning,
        source,
        success: false,
    }
}

use CodeSource::{ConfigMgr, Hresult, Ntstatus, SetupExe, Win32, WindowsSetup, WindowsUpdate};

/// Sorted by code; a unit test guards the order because lookups binary-search it.
static KNOWN: &[KnownCode] = &[
    ok(0, "ERROR_SUCCESS", "success", Win32),
    row(1, "ERROR_INVALID_FUNCTION", "incorrect function", Win32),
    row(2, "ERROR_FILE_NOT_FOUND", "file not found", Win32),
    row(3, "ERROR_PATH_NOT_FOUND", "path not found", Win32),
    ok(
        3,
        "CONX_SETUP_EXITCODE_CONTINUE_REBOOT",
        "setup.exe /Auto: success, continuing after a restart",
        SetupExe,
    ),
    row(
        4,
        "ERROR_TOO_MANY_OPEN_FILES",
        "the system cannot open the file",
        Win32,
    ),
    row(5, "ERROR_ACCESS_DENIED", "access denied", Win32),
    row(
        5,
        "CONX_SETUP_EXITCODE_RESUME_AT_COMPAT_REPORT",
        "setup.exe /Auto: stopped at the compatibility report",
        SetupExe,
    ),
    row(6, "ERROR_INVALID_HANDLE", "invalid handle", Win32),
    row(
        7,
        "ERROR_ARENA_TRASHED",
        "storage control blocks destroyed",
        Win32,
    ),
    row(
        7,
        "CONX_SETUP_EXITCODE_AUTO_INSTALL_FAIL",
        "setup.exe /Auto: the installation failed",
        SetupExe,
    ),
    row(
        8,
        "ERROR_NOT_ENOUGH_MEMORY",
        "not enough memory to process the command",
        Win32,
    ),
    row(13, "ERROR_INVALID_DATA", "the data is invalid", Win32),
    row(
        14,
        "ERROR_OUTOFMEMORY",
        "not enough memory to complete the operation",
        Win32,
    ),
    row(15, "ERROR_INVALID_DRIVE", "drive not found", Win32),
    row(
        19,
        "ERROR_WRITE_PROTECT",
        "the media is write-protected",
        Win32,
    ),
    row(21, "ERROR_NOT_READY", "the device is not ready", Win32),
    row(
        31,
        "ERROR_GEN_FAILURE",
        "a device attached to the system is not working",
        Win32,
    ),
    row(
        32,
        "ERROR_SHARING_VIOLATION",
        "the file is in use by another process",
        Win32,
    ),
    row(53, "ERROR_BAD_NETPATH", "network path not found", Win32),
    row(67, "ERROR_BAD_NET_NAME", "network name not found", Win32),
    row(87, "ERROR_INVALID_PARAMETER", "invalid parameter", Win32),
    row(
        112,
        "ERROR_DISK_FULL",
        "not enough space on the disk",
        Win32,
    ),
    row(
        122,
        "ERROR_INSUFFICIENT_BUFFER",
        "the buffer is too small",
        Win32,
    ),
    row(
        126,
        "ERROR_MOD_NOT_FOUND",
        "a required module (DLL) was not found",
        Win32,
    ),
    row(
        183,
        "ERROR_ALREADY_EXISTS",
        "the file or object already exists",
        Win32,
    ),
    row(258, "WAIT_TIMEOUT", "the wait timed out", Win32),
    row(
        267,
        "ERROR_DIRECTORY",
        "the directory name is invalid",
        Win32,
    ),
    row(
        605,
        "ERROR_BAD_COMPRESSION_BUFFER",
        "the buffer holds ill-formed (corrupt) data",
        Win32,
    ),
    row(
        1067,
        "ERROR_PROCESS_ABORTED",
        "the process ended unexpectedly",
        Win32,
    ),
    row(1168, "ERROR_NOT_FOUND", "element not found", Win32),
    row(
        1223,
        "ERROR_CANCELLED",
        "the operation was cancelled by the user",
        Win32,
    ),
    row(
        1314,
        "ERROR_PRIVILEGE_NOT_HELD",
        "a required privilege is not held",
        Win32,
    ),
    row(
        1392,
        "ERROR_FILE_CORRUPT",
        "the file or directory is corrupt",
        Win32,
    ),
    row(1460, "ERROR_TIMEOUT", "the operation timed out", Win32),
    row(
        1601,
        "ERROR_INSTALL_SERVICE_FAILURE",
        "the Windows Installer service could not be reached",
        Win32,
    ),
    row(
        1602,
        "ERROR_INSTALL_USEREXIT",
        "the user cancelled the installation",
        Win32,
    ),
    row(
        1603,
        "ERROR_INSTALL_FAILURE",
        "fatal error during installation",
        Win32,
    ),
    row(
        1605,
        "ERROR_UNKNOWN_PRODUCT",
        "the product is not installed",
        Win32,
    ),
    row(
        1612,
        "ERROR_INSTALL_SOURCE_ABSENT",
        "the installation source is not available",
        Win32,
    ),
    row(
        1618,
        "ERROR_INSTALL_ALREADY_RUNNING",
        "another installation is in progress (the _MSIExecute mutex is held)",
        Win32,
    ),
    row(
        1619,
        "ERROR_INSTALL_PACKAGE_OPEN_FAILED",
        "the installation package could not be opened",
        Win32,
    ),
    row(
        1620,
        "ERROR_INSTALL_PACKAGE_INVALID",
        "the installation package is invalid",
        Win32,
    ),
    row(
        1624,
        "ERROR_INSTALL_TRANSFORM_FAILURE",
        "a transform could not be applied",
        Win32,
    ),
    row(
        1625,
        "ERROR_INSTALL_PACKAGE_REJECTED",
        "system policy forbids this installation",
        Win32,
    ),
    row(
        1633,
        "ERROR_INSTALL_PLATFORM_UNSUPPORTED",
        "the package does not support this platform",
        Win32,
    ),
    row(
        1638,
        "ERROR_PRODUCT_VERSION",
        "another version of the product is already installed",
        Win32,
    ),
    row(
        1639,
        "ERROR_INVALID_COMMAND_LINE",
        "invalid msiexec command line",
        Win32,
    ),
    ok(
        1641,
        "ERROR_SUCCESS_REBOOT_INITIATED",
        "success; the installer started a restart (a task sequence step must not restart by itself)",
        Win32,
    ),
    row(
        1642,
        "ERROR_PATCH_TARGET_NOT_FOUND",
        "the patch target is not installed",
        Win32,
    ),
    ok(
        3010,
        "ERROR_SUCCESS_REBOOT_REQUIRED",
        "success; a restart is needed to finish (the task sequence engine restarts, then continues)",
        Win32,
    ),
    ok(
        3011,
        "ERROR_SUCCESS_RESTART_REQUIRED",
        "success; the application must be restarted",
        Win32,
    ),
    row(
        4316,
        "ERROR_RESOURCE_NOT_PRESENT",
        "the resource required for the operation does not exist (seen when Check Readiness fails)",
        Win32,
    ),
    row(
        12002,
        "ERROR_INTERNET_TIMEOUT",
        "the download request timed out",
        Win32,
    ),
    row(
        12007,
        "ERROR_INTERNET_NAME_NOT_RESOLVED",
        "the server name could not be resolved",
        Win32,
    ),
    row(
        12029,
        "ERROR_INTERNET_CANNOT_CONNECT",
        "could not connect to the server",
        Win32,
    ),
    row(
        12030,
        "ERROR_INTERNET_CONNECTION_ABORTED",
        "the server connection ended abnormally",
        Win32,
    ),
    unnamed(
        16389,
        "0x4005, the low 16 bits of E_FAIL (0x80004005) as task sequence status messages report a \
         failed step; the step's own error is in smsts.log",
        Hresult,
    ),
    row(0x8000_4001, "E_NOTIMPL", "not implemented", Hresult),
    row(
        0x8000_4002,
        "E_NOINTERFACE",
        "interface not supported",
        Hresult,
    ),
    row(0x8000_4003, "E_POINTER", "invalid pointer", Hresult),
    row(0x8000_4004, "E_ABORT", "operation aborted", Hresult),
    row(
        0x8000_4005,
        "E_FAIL",
        "unspecified error (common in smsts.log)",
        Hresult,
    ),
    row(0x8000_FFFF, "E_UNEXPECTED", "catastrophic failure", Hresult),
    row(
        0x8007_0005,
        "E_ACCESSDENIED",
        "access denied (for example a task sequence resumed by SetupRollback.cmd in the user's context)",
        Hresult,
    ),
    row(0x8007_0006, "E_HANDLE", "invalid handle", Hresult),
    row(0x8007_000E, "E_OUTOFMEMORY", "out of memory", Hresult),
    row(0x8007_0057, "E_INVALIDARG", "invalid argument", Hresult),
    row(
        0x8009_0011,
        "NTE_NOT_FOUND",
        "object not found; during an upgrade, a driver failed while user data was migrated",
        Hresult,
    ),
    row(
        0x8009_1007,
        "CRYPT_E_HASH_VALUE",
        "the hash value is not correct: downloaded content does not match the package's hash \
         (content changed on the distribution point, or a proxy altered it)",
        Hresult,
    ),
    row(
        0x800F_081F,
        "CBS_E_SOURCE_MISSING",
        "the source files could not be found (a Windows feature such as .NET 3.5 or an update \
         needs its payload)",
        Hresult,
    ),
    row(
        0x8019_0001,
        "HTTP_E_STATUS_UNEXPECTED",
        "unexpected HTTP status while downloading",
        Hresult,
    ),
    row(
        0x8024_0017,
        "WU_E_NOT_APPLICABLE",
        "the update does not apply (for example to this edition)",
        WindowsUpdate,
    ),
    row(
        0x8024_0FFF,
        "WU_E_UNEXPECTED",
        "unexpected Windows Update failure (also an update sync failure)",
        WindowsUpdate,
    ),
    row(
        0x8024_4018,
        "WU_E_PT_HTTP_STATUS_FORBIDDEN",
        "HTTP 403 from the update server, often a proxy",
        WindowsUpdate,
    ),
    row(
        0x8024_6007,
        "WU_E_DM_NOTDOWNLOADED",
        "the update has not been downloaded",
        WindowsUpdate,
    ),
    unnamed(
        0x87D0_0213,
        "timeout occurred: the program did not finish within its maximum run time",
        ConfigMgr,
    ),
    unnamed(
        0x87D0_0324,
        "the application was not detected after installation completed (check the detection \
         method)",
        ConfigMgr,
    ),
    unnamed(
        0x87D0_0325,
        "the application was still detected after uninstallation completed",
        ConfigMgr,
    ),
    unnamed(
        0x87D0_0607,
        "content not found: no distribution point in the client's boundary groups has the \
         content",
        ConfigMgr,
    ),
    unnamed(
        0x87D0_0668,
        "the software update is still detected as required after it was applied",
        ConfigMgr,
    ),
    unnamed(
        0x87D0_1106,
        "failed to verify that the program is a valid executable or to build its command line",
        ConfigMgr,
    ),
    row(
        0xC000_0005,
        "STATUS_ACCESS_VIOLATION",
        "the process crashed with an access violation",
        Ntstatus,
    ),
    row(
        0xC000_0017,
        "STATUS_NO_MEMORY",
        "not enough virtual memory",
        Ntstatus,
    ),
    row(
        0xC000_007B,
        "STATUS_INVALID_IMAGE_FORMAT",
        "the program or a DLL is not a valid image (often 32/64-bit mismatch)",
        Ntstatus,
    ),
    row(
        0xC000_0135,
        "STATUS_DLL_NOT_FOUND",
        "a DLL the program needs was not found",
        Ntstatus,
    ),
    row(
        0xC000_013A,
        "STATUS_CONTROL_C_EXIT",
        "the process was ended by Ctrl+C or window close",
        Ntstatus,
    ),
    row(
        0xC000_0142,
        "STATUS_DLL_INIT_FAILED",
        "a DLL failed to initialize",
        Ntstatus,
    ),
    row(
        0xC000_0409,
        "STATUS_STACK_BUFFER_OVERRUN",
        "the process stopped itself on a fatal error (fail-fast)",
        Ntstatus,
    ),
    unnamed(
        0xC180_0118,
        "WSUS downloaded upgrade content it cannot use: the decryption key is missing",
        WindowsUpdate,
    ),
    row(
        0xC190_0100,
        "MOSETUP_E_VERSION_MISMATCH",
        "unexpected version of the setup platform binaries",
        WindowsSetup,
    ),
    row(
        0xC190_0101,
        "MOSETUP_E_SETUP_PLATFORM",
        "generic rollback, usually caused by a driver; the extend code tells the phase and operation",
        WindowsSetup,
    ),
    row(
        0xC190_0102,
        "MOSETUP_E_SHUTDOWN_BLOCK",
        "could not create or remove the shutdown-block message",
        WindowsSetup,
    ),
    row(
        0xC190_0103,
        "MOSETUP_E_COMPAT_TIMEOUT",
        "compatibility issues were not resolved in time",
        WindowsSetup,
    ),
    row(
        0xC190_0104,
        "MOSETUP_E_PROCESS_TIMEOUT",
        "the install process did not finish in time",
        WindowsSetup,
    ),
    row(
        0xC190_0105,
        "MOSETUP_E_TEST_MODE",
        "the install process is running in a test environment",
        WindowsSetup,
    ),
    row(
        0xC190_0106,
        "MOSETUP_E_TERMINATE_PROCESS",
        "the install process was terminated",
        WindowsSetup,
    ),
    row(
        0xC190_0107,
        "MOSETUP_E_CLEANUP_PENDING",
        "cleanup from an earlier attempt is still pending; restart before trying again",
        WindowsSetup,
    ),
    row(
        0xC190_0108,
        "MOSETUP_E_REPORTING",
        "an error was folded into one result for telemetry",
        WindowsSetup,
    ),
    row(
        0xC190_0109,
        "MOSETUP_E_COMPAT_TERMINATE",
        "terminated during the actionable compatibility phase",
        WindowsSetup,
    ),
    row(
        0xC190_010A,
        "MOSETUP_E_UNKNOWN_CMD_LINE",
        "unknown setup command-line argument",
        WindowsSetup,
    ),
    row(
        0xC190_010B,
        "MOSETUP_E_INSTALL_IMAGE_NOT_FOUND",
        "the install image was not found",
        WindowsSetup,
    ),
    row(
        0xC190_010C,
        "MOSETUP_E_AUTOMATION_INVALID",
        "the automation information is invalid",
        WindowsSetup,
    ),
    row(
        0xC190_010D,
        "MOSETUP_E_INVALID_CMD_LINE",
        "invalid setup command-line argument",
        WindowsSetup,
    ),
    row(
        0xC190_010E,
        "MOSETUP_E_EULA_ACCEPT_REQUIRED",
        "the license terms must be accepted",
        WindowsSetup,
    ),
    row(
        0xC190_0110,
        "MOSETUP_E_EULA_CANCEL",
        "the user cancelled at the license terms",
        WindowsSetup,
    ),
    row(
        0xC190_0111,
        "MOSETUP_E_ADVERTISE_CANCEL",
        "the user cancelled at the advertisement",
        WindowsSetup,
    ),
    row(
        0xC190_0112,
        "MOSETUP_E_TARGET_DRIVE_NOT_FOUND",
        "no target drive letter was found",
        WindowsSetup,
    ),
    row(
        0xC190_0113,
        "MOSETUP_E_EULA_DECLINED",
        "the user declined the license terms",
        WindowsSetup,
    ),
    row(
        0xC190_011E,
        "MOSETUP_E_FLIGHTING_BVT",
        "setup was halted for testing purposes",
        WindowsSetup,
    ),
    row(
        0xC190_011F,
        "MOSETUP_E_PROCESS_CRASHED",
        "the install process crashed",
        WindowsSetup,
    ),
    row(
        0xC190_0120,
        "MOSETUP_E_EULA_TIMEOUT",
        "the license terms were not accepted in time",
        WindowsSetup,
    ),
    row(
        0xC190_0121,
        "MOSETUP_E_ADVERTISE_TIMEOUT",
        "the advertisement was not accepted in time",
        WindowsSetup,
    ),
    row(
        0xC190_0122,
        "MOSETUP_E_DOWNLOADDISKSPACE_TIMEOUT",
        "download disk-space issues were not resolved in time",
        WindowsSetup,
    ),
    row(
        0xC190_0123,
        "MOSETUP_E_INSTALLDISKSPACE_TIMEOUT",
        "install disk-space issues were not resolved in time",
        WindowsSetup,
    ),
    row(
        0xC190_0124,
        "MOSETUP_E_COMPAT_SYSREQ_TIMEOUT",
        "minimum-requirement issues were not resolved in time",
        WindowsSetup,
    ),
    row(
        0xC190_0125,
        "MOSETUP_E_COMPAT_DOWNLOADREQ_TIMEOUT",
        "download compatibility issues were not resolved in time",
        WindowsSetup,
    ),
    row(
        0xC190_0126,
        "MOSETUP_E_GATHER_OS_STATE_SIGNATURE",
        "the GatherOsState executable has an invalid signature",
        WindowsSetup,
    ),
    row(
        0xC190_0127,
        "MOSETUP_E_UNINSTALL_ALLOWED_ABORT",
        "the user stopped setup to keep the uninstall option",
        WindowsSetup,
    ),
    row(
        0xC190_0128,
        "MOSETUP_E_MISSING_TASK",
        "a required setup task is missing",
        WindowsSetup,
    ),
    row(
        0xC190_0129,
        "MOSETUP_E_UPDATEMEDIA_REQUESTED",
        "a newer setup is launched to continue the installation",
        WindowsSetup,
    ),
    row(
        0xC190_012F,
        "MOSETUP_E_FINALIZE_ALREADY_REQUESTED",
        "a finalize operation was already requested",
        WindowsSetup,
    ),
    row(
        0xC190_0130,
        "MOSETUP_E_INSTALL_HASH_MISSING",
        "the instance hash was not found",
        WindowsSetup,
    ),
    row(
        0xC190_0131,
        "MOSETUP_E_INSTALL_HASH_MISMATCH",
        "the instance hash does not match",
        WindowsSetup,
    ),
    row(
        0xC190_01DF,
        "MOSETUP_E_DISK_FULL",
        "the system ran out of disk space",
        WindowsSetup,
    ),
    row(
        0xC190_01E0,
        "MOSETUP_E_GATHER_OS_STATE_FAILED",
        "the GatherOsState executable failed",
        WindowsSetup,
    ),
    row(
        0xC190_01E1,
        "MOSETUP_E_PROCESS_SUSPENDED",
        "the install process was suspended",
        WindowsSetup,
    ),
    row(
        0xC190_01E2,
        "MOSETUP_E_PREINSTALL_SCRIPT_FAILED",
        "a preinstall script failed or returned an error",
        WindowsSetup,
    ),
    row(
        0xC190_01E3,
        "MOSETUP_E_PRECOMMIT_SCRIPT_FAILED",
        "a precommit script failed or returned an error",
        WindowsSetup,
    ),
    row(
        0xC190_01E4,
        "MOSETUP_E_FAILURE_SCRIPT_FAILED",
        "a failure script failed or returned an error",
        WindowsSetup,
    ),
    row(
        0xC190_01E5,
        "MOSETUP_E_SCRIPT_TIMEOUT",
        "a setup script ran past its time limit",
        WindowsSetup,
    ),
    row(
        0xC190_0200,
        "MOSETUP_E_COMPAT_SYSREQ_BLOCK",
        "the machine does not meet the minimum requirements (not eligible)",
        WindowsSetup,
    ),
    row(
        0xC190_0201,
        "MOSETUP_E_COMPAT_SYSREQ_CANCEL",
        "cancelled: the minimum requirements are not met",
        WindowsSetup,
    ),
    row(
        0xC190_0202,
        "MOSETUP_E_COMPAT_DOWNLOADREQ_BLOCK",
        "the machine does not meet the requirements to download",
        WindowsSetup,
    ),
    row(
        0xC190_0203,
        "MOSETUP_E_COMPAT_DOWNLOADREQ_CANCEL",
        "cancelled: the download requirements are not met",
        WindowsSetup,
    ),
    row(
        0xC190_0204,
        "MOSETUP_E_COMPAT_MIGCHOICE_BLOCK",
        "the chosen migration is not available (for example Enterprise to Home or Pro)",
        WindowsSetup,
    ),
    row(
        0xC190_0205,
        "MOSETUP_E_COMPAT_MIGCHOICE_CANCEL",
        "cancelled: the chosen migration is not available",
        WindowsSetup,
    ),
    row(
        0xC190_0206,
        "MOSETUP_E_COMPAT_DEVICEREQ_BLOCK",
        "the device scan failed",
        WindowsSetup,
    ),
    row(
        0xC190_0207,
        "MOSETUP_E_COMPAT_DEVICEREQ_CANCEL",
        "cancelled: the device scan failed",
        WindowsSetup,
    ),
    row(
        0xC190_0208,
        "MOSETUP_E_COMPAT_INSTALLREQ_BLOCK",
        "the compatibility scan found an actionable issue, such as an incompatible app",
        WindowsSetup,
    ),
    row(
        0xC190_0209,
        "MOSETUP_E_COMPAT_INSTALLREQ_CANCEL",
        "cancelled at the compatibility scan: incompatible software blocks the upgrade",
        WindowsSetup,
    ),
    row(
        0xC190_020A,
        "MOSETUP_E_COMPAT_RECOVERYREQ_BLOCK",
        "the recovery requirements are not met",
        WindowsSetup,
    ),
    row(
        0xC190_020B,
        "MOSETUP_E_COMPAT_RECOVERYREQ_CANCEL",
        "cancelled: the recovery requirements are not met",
        WindowsSetup,
    ),
    row(
        0xC190_020C,
        "MOSETUP_E_DOWNLOADDISKSPACE_BLOCK",
        "not enough disk space to download",
        WindowsSetup,
    ),
    row(
        0xC190_020D,
        "MOSETUP_E_DOWNLOADDISKSPACE_CANCEL",
        "cancelled: not enough disk space to download",
        WindowsSetup,
    ),
    row(
        0xC190_020E,
        "MOSETUP_E_INSTALLDISKSPACE_BLOCK",
        "not enough free disk space to install",
        WindowsSetup,
    ),
    // The ConfigMgr documentation spells this code differently from the Windows documentation.
    row(
        0xC190_020E,
        "MOSETUP_E_COMPAT_INSTALLDISKSPACE_BLOCK",
        "ConfigMgr documentation's name for MOSETUP_E_INSTALLDISKSPACE_BLOCK",
        WindowsSetup,
    ),
    row(
        0xC190_020F,
        "MOSETUP_E_INSTALLDISKSPACE_CANCEL",
        "cancelled: not enough disk space to install",
        WindowsSetup,
    ),
    ok(
        0xC190_0210,
        "MOSETUP_E_COMPAT_SCANONLY",
        "compatibility scan (/Compat ScanOnly) finished without finding any issue: the scan's success",
        WindowsSetup,
    ),
    row(
        0xC190_0211,
        "MOSETUP_E_DOWNLOAD_UNPACK_DISKSPACE_BLOCK",
        "not enough disk space to download and unpack the media",
        WindowsSetup,
    ),
    row(
        0xC190_0212,
        "MOSETUP_E_DOWNLOAD_UNPACK_DISKSPACE_MULTIARCH_BLOCK",
        "not enough disk space to download and unpack multi-architecture media",
        WindowsSetup,
    ),
    row(
        0xC190_0213,
        "MOSETUP_E_NO_OFFER_FOUND",
        "no offer matches the required criteria",
        WindowsSetup,
    ),
    row(
        0xC190_0214,
        "MOSETUP_E_UNSUPPORTED_VERSION",
        "this version of the tool is not supported",
        WindowsSetup,
    ),
    row(
        0xC190_0215,
        "MOSETUP_E_NO_MATCHING_INSTALL_IMAGE",
        "no install image matches this system",
        WindowsSetup,
    ),
    row(
        0xC190_0216,
        "MOSETUP_E_ROLLBACK_PENDING",
        "an operating system rollback is pending",
        WindowsSetup,
    ),
    row(
        0xC190_0220,
        "MOSETUP_E_COMPAT_REPORT_NOT_DISPLAYED",
        "the compatibility report cannot be shown: a system component is missing",
        WindowsSetup,
    ),
    row(
        0xC190_0400,
        "MOSETUP_E_UA_VERSION_MISMATCH",
        "unexpected version of the Update Agent client",
        WindowsSetup,
    ),
    row(
        0xC190_0401,
        "MOSETUP_E_UA_NO_PACKAGES_TO_DOWNLOAD",
        "Update Agent: no packages to download",
        WindowsSetup,
    ),
    row(
        0xC190_0402,
        "MOSETUP_E_UA_UPDATE_CANNOT_BE_MERGED",
        "Update Agent: the update cannot be merged",
        WindowsSetup,
    ),
    row(
        0xC190_0403,
        "MOSETUP_E_UA_CORRUPT_PAYLOAD_FILES",
        "Update Agent: the payload files are corrupt",
        WindowsSetup,
    ),
    row(
        0xC190_0404,
        "MOSETUP_E_UA_BOX_NOT_FOUND",
        "Update Agent: the installation executable was not found",
        WindowsSetup,
    ),
    row(
        0xC190_0405,
        "MOSETUP_E_UA_BOX_CRASHED",
        "Update Agent: the installation process ended unexpectedly",
        WindowsSetup,
    ),
    unnamed(
        0xC770_0112,
        "could not finish writing to the system drive (Upgrade Assistant); update the tool",
        WindowsSetup,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_for_binary_search() {
        for pair in KNOWN.windows(2) {
            assert!(
                pair[0].code <= pair[1].code,
                "{} before {}",
                pair[0].code,
                pair[1].code
            );
        }
    }

    #[test]
    fn names_are_unique_and_shaped_like_symbols() {
        let mut seen = std::collections::HashSet::new();
        for row in KNOWN {
            if let Some(name) = row.name {
                assert!(seen.insert(name), "{name} twice");
                assert!(
                    name.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'),
                    "{name}"
                );
            }
            assert!(!row.meaning.is_empty());
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(known_all(ReturnCode(3)).len(), 2);
        assert_eq!(known(ReturnCode(3)).unwrap().source, CodeSource::Win32);
        assert!(known_all(ReturnCode(9999)).is_empty());
        assert!(known_all(ReturnCode(u32::MAX)).is_empty());
        assert!(known(ReturnCode(0)).unwrap().success);
        assert_eq!(win32(112).unwrap().name, Some("ERROR_DISK_FULL"));
        assert!(win32(0x8007_0005).is_none());
        assert_eq!(
            known_by_name(" MOSETUP_E_COMPAT_INSTALLDISKSPACE_BLOCK ")
                .unwrap()
                .code,
            ReturnCode(0xC190_020E)
        );
        assert!(known_by_name("NOPE").is_none());
    }

    #[test]
    fn serde_shape() {
        let row = known(ReturnCode(3010)).unwrap();
        let json = serde_json::to_value(row).unwrap();
        assert_eq!(json["hex"], "0x00000BC2");
        assert_eq!(json["source"], "win32");
        assert_eq!(json["success"], true);
        let back: KnownCode = serde_json::from_value(json).unwrap();
        assert_eq!(&back, row);
        assert!(serde_json::from_str::<KnownCode>(r#"{"code": 9999}"#).is_err());
        let unnamed: KnownCode =
            serde_json::from_str(r#"{"code": 3246391576, "name": null}"#).unwrap();
        assert_eq!(unnamed.source, CodeSource::WindowsUpdate);
    }
}
