//! Install Application and Install Package: the trace lists what would be installed.
//!
//! - Install Application reads its fixed list (`OSDApp0Name`, `OSDApp1Name`, …) or, with a base
//!   variable, the dynamic list `Base01`, `Base02`, … up to the first missing number; no
//!   `Base01` installs nothing and succeeds.
//! - Install Package installs its one package and program, or the dynamic list `Base001`, … of
//!   `PKGID:Program` values; a malformed value (or a lower-case package ID) fails the step with
//!   `0x80004005`, as the engine refuses it.

use super::{Cx, ENGINE_FAILURE, Effect};
use crate::codes::ReturnCode;
use crate::engine::trace::Reason;
use crate::model::views::{InstallApplication, InstallPackage};
use crate::vars::{install_application_list, install_package_list};

pub(super) fn application(cx: &mut Cx<'_, '_>, view: &InstallApplication) -> Effect {
    let code = cx.code_or(ReturnCode::SUCCESS);
    let base = view
        .base_variable
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty());
    let names = match base {
        Some(base) => match install_application_list(cx.vars.env, base) {
            Ok(list) => list
                .iter()
                .map(|item| cx.vars.show(&item.value, item.secret).to_string())
                .collect(),
            Err(e) => return Effect::failed(ENGINE_FAILURE, Reason::StepError, e.to_string()),
        },
        None => InstallApplication::fixed_names(cx.step),
    };
    let mut effect = Effect::code(code);
    effect.notes.push(match (base, names.len()) {
        (Some(base), 0) => format!("`{base}01` is not set: nothing to install"),
        (_, 0) => "no application to install".to_string(),
        (Some(base), n) => format!("{n} application(s) from `{base}01`…"),
        (None, n) => format!("{n} application(s)"),
    });
    effect.installs = names;
    effect
}

pub(super) fn package(cx: &mut Cx<'_, '_>, view: &InstallPackage) -> Effect {
    let code = cx.code_or(ReturnCode::SUCCESS);
    let base = view
        .base_variable
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty());
    let mut effect = Effect::code(code);
    match base {
        Some(base) => match install_package_list(cx.vars.env, base) {
            Ok(list) => {
                effect.notes.push(if list.is_empty() {
                    format!("`{base}001` is not set: nothing to install")
                } else {
                    format!("{} package(s) from `{base}001`…", list.len())
                });
                effect.installs = list
                    .into_iter()
                    .map(|e| format!("{}:{}", e.package_id, e.program))
                    .collect();
            }
            Err(e) => return Effect::failed(ENGINE_FAILURE, Reason::StepError, e.to_string()),
        },
        None => {
            let id = view
                .package_id
                .as_deref()
                .map(str::trim)
                .unwrap_or_default();
            let program = view
                .program_name
                .as_deref()
                .map(str::trim)
                .unwrap_or_default();
            if !id.is_empty() {
                effect.installs.push(format!("{id}:{program}"));
            }
        }
    }
    effect
}
