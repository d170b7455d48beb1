//! Upgrade Operating System. The exit code is the scenario's, else `0xC1900210`
//! (`MOSETUP_E_COMPAT_SCANONLY`) for a compatibility scan, `0xC1900101` for a rollback, 0
//! otherwise. `_SMSTSOSUpgradeActionReturnCode` gets it as an unsigned decimal. A rollback sets
//! `_SMSTSSetupRollback=true` and fails the step whatever the code; an upgrade that completed
//! (not a scan, exit code a success code) sets it `false`.

use super::{Cx, Effect};
use crate::codes::ReturnCode;
use crate::engine::trace::Reason;
use crate::model::views::UpgradeOperatingSystem;

/// Windows Setup's generic rollback code, the default for a rollback without a code.
const ROLLBACK: ReturnCode = ReturnCode(0xC190_0101);

pub(super) fn apply(cx: &mut Cx<'_, '_>, view: &UpgradeOperatingSystem) -> Effect {
    let scan_only = view.is_scan_only();
    let rollback = !scan_only && cx.outcome.is_some_and(|o| o.rollback);
    let default = if scan_only {
        ReturnCode::COMPAT_SCAN_PASSED
    } else if rollback {
        ROLLBACK
    } else {
        ReturnCode::SUCCESS
    };
    let code = cx.code_or(default);
    let mut notes = Vec::new();
    if let Some(source) = source(cx, view) {
        notes.push(source);
    }
    if scan_only {
        notes.push(if code == ReturnCode::COMPAT_SCAN_PASSED {
            // A clean scan is reported with this code, which is no success code: the step fails,
            // and sequences run the scan with continue on error.
            "compatibility scan only: no issue found".to_string()
        } else {
            "compatibility scan only".to_string()
        });
    }
    // Both names are valid; setting them cannot fail.
    let _ = cx.vars.engine(
        "_SMSTSOSUpgradeActionReturnCode",
        &code.unsigned().to_string(),
    );
    if rollback {
        let _ = cx.vars.engine("_SMSTSSetupRollback", "true");
        notes.push("Windows Setup rolled back to the previous operating system".to_string());
        let mut effect = Effect::code(code);
        effect.failure = Some(Reason::Rollback);
        effect.notes = notes;
        return effect;
    }
    if !scan_only && cx.success.contains(code) {
        let _ = cx.vars.engine("_SMSTSSetupRollback", "false");
    }
    let mut effect = Effect::code(code);
    effect.notes = notes;
    effect
}

/// Where Setup comes from: the upgrade package, or the source path expanded
/// (`%tsqmedia01%` after Download Package Content).
fn source(cx: &Cx<'_, '_>, view: &UpgradeOperatingSystem) -> Option<String> {
    if let Some(id) = view
        .install_package_id
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        return Some(format!("upgrade package `{}`", id.trim()));
    }
    let path = view.install_path.as_deref()?.trim();
    if path.is_empty() {
        return None;
    }
    let vars = crate::machine::WithHost::new(&*cx.vars.env, Some(cx.host));
    let expanded = crate::vars::expand_redacted(path, &vars);
    Some(format!("source path `{expanded}`"))
}
