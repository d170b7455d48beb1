//! What several rule families use: the engine's flags, the return-code variables, name
//! comparison.

use crate::codes::ReturnCode;

/// The engine's `true`/`false`, any case.
pub(super) fn flag(value: Option<&str>) -> Option<bool> {
    match value?.trim() {
        v if v.eq_ignore_ascii_case("true") => Some(true),
        v if v.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// The variable the Upgrade Operating System step leaves Windows Setup's exit code in.
pub(super) const UPGRADE_RETURN_CODE: &str = "_SMSTSOSUpgradeActionReturnCode";

/// Variables that hold return codes, which the engine writes as unsigned decimal.
pub(super) const RETURN_CODE_VARIABLES: [&str; 2] =
    [UPGRADE_RETURN_CODE, "_SMSTSLastActionRetCode"];

/// `MOSETUP_E_COMPAT_SCANONLY`: the compatibility scan found nothing blocking.
pub(super) const SCAN_PASSED: ReturnCode = ReturnCode::COMPAT_SCAN_PASSED;

/// Whether `value` is a return code equal to `code`, in any spelling.
pub(super) fn is_code(value: &str, code: ReturnCode) -> bool {
    ReturnCode::parse(value).is_ok_and(|c| c == code)
}

/// Names compare ASCII case-insensitively, as the engine compares variable names.
pub(super) fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}
