//! Download Package Content. Each package of the list goes to
//! - `TSCache` (the default): `%_SMSTSMDataPath%\Packages\<ID>` (`C:\_SMSTaskSequence` when
//!   `_SMSTSMDataPath` is unset);
//! - `CCMCache`: `%_SMSTSClientCache%\<ID>` (`C:\Windows\ccmcache` when unset; the real folder
//!   name is chosen by the client, so this path stands for it). Not available in Windows PE:
//!   the step fails there;
//! - `Custom`: `<expanded path>\<ID>`.
//!
//! With a destination variable `base`, the package at position N (1-based) sets `baseNN`
//! (`base01`, even for one package). Packages the scenario lists in `failed_packages` do not
//! download: their number stays unset and, when "continue downloading other packages" is on
//! (the default), the step goes on and succeeds; otherwise the step fails there with
//! `0x80004005`.

use super::{Cx, ENGINE_FAILURE, Effect, flag};
use crate::codes::ReturnCode;
use crate::engine::trace::Reason;
use crate::model::views::DownloadPackageContent;
use crate::vars::download_variable_name;

pub(super) fn apply(cx: &mut Cx<'_, '_>, view: &DownloadPackageContent) -> Effect {
    let code = cx.code_or(ReturnCode::SUCCESS);
    if cx.scenario_failed() {
        return Effect::code(code)
            .note("the scenario's exit code is a failure: nothing downloaded");
    }
    let kind = view
        .destination_type
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or("TSCache");
    let root = if kind.eq_ignore_ascii_case("CCMCache") {
        if cx.in_winpe == Some(true) {
            return Effect::failed(
                ENGINE_FAILURE,
                Reason::StepError,
                "the client cache is not available in Windows PE",
            );
        }
        cx.vars
            .env
            .get("_SMSTSClientCache")
            .unwrap_or(r"C:\Windows\ccmcache")
            .to_string()
    } else if kind.eq_ignore_ascii_case("Custom") {
        let path = view.destination_path.as_deref().unwrap_or_default();
        cx.expand(path).trim_end_matches(['\\', '/']).to_string()
    } else {
        let data = cx
            .vars
            .env
            .get("_SMSTSMDataPath")
            .unwrap_or(r"C:\_SMSTaskSequence");
        format!(r"{}\Packages", data.trim_end_matches(['\\', '/']))
    };
    let base = view
        .destination_variable
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty());
    let keep_going = flag(view.continue_on_error.as_deref()).unwrap_or(true);
    let failed: Vec<&str> = cx
        .outcome
        .map(|o| o.failed_packages.iter().map(|p| p.trim()).collect())
        .unwrap_or_default();
    let mut effect = Effect::code(code);
    let mut done = Vec::new();
    for (index, id) in view.package_ids().into_iter().enumerate() {
        if failed.iter().any(|f| f.eq_ignore_ascii_case(id)) {
            effect.notes.push(format!("`{id}` failed to download"));
            if keep_going {
                continue;
            }
            effect.code = ENGINE_FAILURE;
            effect.failure = Some(Reason::StepError);
            break;
        }
        let path = format!(r"{root}\{id}");
        if let Some(base) = base {
            let name = download_variable_name(base, index + 1);
            if let Err(e) = cx.vars.by_step(&name, &path, false) {
                return Effect::failed(ENGINE_FAILURE, Reason::StepError, e.to_string());
            }
        }
        done.push(format!("`{id}` → `{path}`"));
    }
    if !done.is_empty() {
        effect
            .notes
            .insert(0, format!("downloaded {}", done.join(", ")));
    }
    effect
}
