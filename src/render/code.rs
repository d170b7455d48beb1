//! The text of `tsq code`.

use std::fmt::Write as _;

use crate::codes::{self, CodeDescription, Layout, Severity};

/// A decoded return code as `tsq code` prints it: one `key: value` line per fact (hex, unsigned,
/// signed, name, meaning, HRESULT layout, Win32 error, Setup phase, success, restart).
///
/// ```
/// let d = tasksequence::codes::describe_str("0xC1900210")?;
/// let text = tasksequence::render::code_text(&d);
/// assert!(text.starts_with("hex:       0xC1900210\nunsigned:  3247440400\nsigned:    -1047526896\n"));
/// assert!(text.contains("MOSETUP_E_COMPAT_SCANONLY"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn code_text(d: &CodeDescription) -> String {
    let mut out = String::new();
    let mut line = |key: &str, value: &str| {
        let _ = writeln!(out, "{:<11}{value}", format!("{key}:"));
    };
    line("hex", &d.hex);
    line("unsigned", &d.unsigned.to_string());
    line("signed", &d.signed.to_string());
    match (&d.name, d.source) {
        (Some(name), Some(source)) => line("name", &format!("{name} ({})", source.label())),
        (Some(name), None) => line("name", name),
        (None, _) => line("name", "(not in the table)"),
    }
    if let Some(meaning) = &d.meaning {
        line("meaning", meaning);
    }
    for other in &d.also {
        let name = other.name.as_deref().unwrap_or("(unnamed)");
        line(
            "also",
            &format!("{name} ({}): {}", other.source.label(), other.meaning),
        );
    }
    if let Some(parts) = &d.hresult {
        let layout = match parts.layout {
            Layout::Hresult => "HRESULT",
            Layout::Ntstatus => "NTSTATUS",
        };
        let facility = match &parts.facility_name {
            Some(name) => format!("{} {name}", parts.facility),
            None => format!("{} (0x{:X})", parts.facility, parts.facility),
        };
        let severity = match parts.severity {
            Severity::Success => "success",
            Severity::Informational => "informational",
            Severity::Error => "error",
        };
        line(
            "layout",
            &format!(
                "{layout}, severity {severity}, facility {facility}, code 0x{:04X} ({})",
                parts.code, parts.code
            ),
        );
    }
    if let Some(win32) = &d.win32 {
        let mut value = format!("{}", win32.code);
        if let Some(name) = &win32.name {
            let _ = write!(value, " {name}");
        }
        if let Some(meaning) = &win32.meaning {
            let _ = write!(value, ": {meaning}");
        }
        line("win32", &value);
    }
    if let Some(ext) = &d.setup_extended {
        let phase = ext.phase_name.as_deref().unwrap_or("unknown phase");
        let operation = ext.operation_name.as_deref().unwrap_or("unknown operation");
        line("extend", &ext.hex);
        match &ext.phase_meaning {
            Some(meaning) => line("phase", &format!("{} {phase} ({meaning})", ext.phase)),
            None => line("phase", &format!("{} {phase}", ext.phase)),
        }
        line("operation", &format!("0x{:X} {operation}", ext.operation));
    }
    let success = match d.is_success {
        Some(true) => "yes",
        Some(false) => "no",
        None => "depends on the program",
    };
    line("success", success);
    if let Some(reboot) = d.reboot {
        let what = match reboot {
            codes::Reboot::Required => {
                "required: the task sequence engine restarts, then continues"
            }
            codes::Reboot::Initiated => "initiated by the program itself",
        };
        line("restart", what);
    }
    out.truncate(out.trim_end().len());
    out
}
