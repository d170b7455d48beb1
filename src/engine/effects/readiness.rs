//! Check Readiness. Every enabled check is evaluated (none stops the others); each sets its
//! `_TS_CR*` variable to `1` (passed) or `0` (failed); checks that are off leave theirs unset.
//! When any check fails the step exits with 4316 (`ERROR_RESOURCE_NOT_PRESENT`) and the detail
//! names the failed checks with what was needed and found.
//!
//! A check's switch and value are the step's settings; a missing switch takes the SDK default
//! (memory, processor speed, free disk space and OS type on; the rest off), a missing value the
//! SDK's (512 MB, 800 MHz, 25000 MB, `CLIENT`, `64`).
//!
//! | check | passes when | fact (first found) |
//! |---|---|---|
//! | memory | ≥ the MB given | `hardware.memory_mb`, `Win32_ComputerSystem.TotalPhysicalMemory` |
//! | processor speed | ≥ the MHz given | `hardware.processor_mhz`, `Win32_Processor.MaxClockSpeed` |
//! | free disk space | ≥ the MB given | `hardware.free_disk_mb`, `Win32_LogicalDisk.FreeSpace` of the system drive |
//! | OS type | `CLIENT`/`SERVER` matches | `Win32_OperatingSystem.ProductType` (1 = client) |
//! | OS architecture | `32`/`64` matches (empty: any) | `Win32_OperatingSystem.OSArchitecture` |
//! | minimum OS version | current is later | `Win32_OperatingSystem.Version` |
//! | maximum OS version | current is earlier | `Win32_OperatingSystem.Version` |
//! | client version | at least the version given | `hardware.client_version` |
//! | OS language | the LCID matches | `Win32_OperatingSystem.OSLanguage` |
//! | AC power | on AC power | `hardware.on_ac_power` |
//! | network connected | connected | `hardware.network_connected` |
//! | wired network | wired | `hardware.wired` |
//! | UEFI | booted in UEFI mode | `hardware.uefi` |
//! | TPM enabled / activated | so | `hardware.tpm_enabled` / `tpm_activated`, `Win32_Tpm` |
//!
//! A fact the machine description does not give fails its check ("unknown").

use std::cmp::Ordering;

use super::{Cx, Effect, flag};
use crate::codes::ReturnCode;
use crate::condition::compare::compare_versions;
use crate::locale::Architecture;
use crate::machine::WmiValue;
use crate::model::views::CheckReadiness;
use crate::wql::Query;

/// What Check Readiness exits with when a check fails.
const CHECK_FAILED: ReturnCode = ReturnCode(4316);

const CIMV2: &str = r"root\cimv2";
const TPM: &str = r"root\cimv2\Security\MicrosoftTpm";

/// A yes/no check: label, result variable, switch, the machine's answer, what is needed.
type FactCheck<'a> = (&'a str, &'a str, &'a Option<String>, Option<bool>, &'a str);

/// One check's verdict: passed, and the words saying what was needed and found.
struct Verdict {
    passed: bool,
    words: String,
}

fn verdict(passed: bool, words: String) -> Verdict {
    Verdict { passed, words }
}

pub(super) fn apply(cx: &mut Cx<'_, '_>, view: &CheckReadiness) -> Effect {
    let on = |value: &Option<String>, default: bool| flag(value.as_deref()).unwrap_or(default);
    let number = |value: &Option<String>, default: u64| {
        value
            .as_deref()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(default)
    };
    let text = |value: &Option<String>, default: &str| {
        value
            .as_deref()
            .map(str::trim)
            .unwrap_or(default)
            .to_string()
    };
    let mut checks: Vec<(&str, &str, Option<Verdict>)> = Vec::new();
    let mut add = |label, variable, enabled: bool, run: &dyn Fn() -> Verdict| {
        checks.push((label, variable, enabled.then(run)));
    };
    let host = cx.host;
    let hw = cx.hardware;
    add(
        "memory",
        "_TS_CRMEMORY",
        on(&view.check_memory, true),
        &|| at_least(number(&view.memory, 512), memory_mb(hw, host), "MB"),
    );
    add(
        "processor speed",
        "_TS_CRSPEED",
        on(&view.check_processor_speed, true),
        &|| {
            at_least(
                number(&view.processor_speed, 800),
                processor_mhz(hw, host),
                "MHz",
            )
        },
    );
    add(
        "free disk space",
        "_TS_CRDISK",
        on(&view.check_free_disk_space, true),
        &|| {
            at_least(
                number(&view.free_disk_space, 25_000),
                free_disk_mb(hw, host),
                "MB",
            )
        },
    );
    add(
        "OS type",
        "_TS_CROSTYPE",
        on(&view.check_os_type, true),
        &|| {
            let want = text(&view.os_type, "CLIENT").to_ascii_uppercase();
            match os_type(host) {
                Some(have) => verdict(have == want, format!("{want} needed, {have} found")),
                None => unknown(&format!("{want} needed")),
            }
        },
    );
    add(
        "OS architecture",
        "_TS_CRARCH",
        on(&view.check_os_architecture, false),
        &|| {
            let want = text(&view.os_architecture, "64");
            match os_bits(host) {
                _ if want.is_empty() => verdict(true, "any architecture".into()),
                Some(have) => verdict(have == want, format!("{want}-bit needed, {have}-bit found")),
                None => unknown(&format!("{want}-bit needed")),
            }
        },
    );
    add(
        "minimum OS version",
        "_TS_CRMINOSVER",
        on(&view.check_min_os_version, false),
        &|| {
            let want = text(&view.min_os_version, "");
            version_check(&want, os_version(host), Ordering::Greater, "later than")
        },
    );
    add(
        "maximum OS version",
        "_TS_CRMAXOSVER",
        on(&view.check_max_os_version, false),
        &|| {
            let want = text(&view.max_os_version, "");
            version_check(&want, os_version(host), Ordering::Less, "earlier than")
        },
    );
    add(
        "client version",
        "_TS_CRCLIENTMINVER",
        on(&view.check_client_min_version, false),
        &|| {
            let want = text(&view.client_min_version, "");
            match hw.client_version.as_deref() {
                Some(have) => {
                    let ok = compare_versions(have, &want).is_some_and(Ordering::is_ge);
                    verdict(ok, format!("{want} or later needed, {have} found"))
                }
                None => unknown(&format!("{want} or later needed")),
            }
        },
    );
    add(
        "OS language",
        "_TS_CROSLANGUAGE",
        on(&view.check_os_language, false),
        &|| {
            let want = text(&view.os_language, "");
            match os_language(host) {
                Some(have) => verdict(
                    want.parse::<i64>().ok() == Some(have),
                    format!("language {want} needed, {have} found"),
                ),
                None => unknown(&format!("language {want} needed")),
            }
        },
    );
    let facts: [FactCheck<'_>; 6] = [
        (
            "AC power",
            "_TS_CRACPOWER",
            &view.check_power_state,
            hw.on_ac_power,
            "on AC power",
        ),
        (
            "network connected",
            "_TS_CRNETWORK",
            &view.check_network_connected,
            hw.network_connected,
            "a network connection",
        ),
        (
            "wired network",
            "_TS_CRWIRED",
            &view.check_network_wired,
            hw.wired,
            "a wired network",
        ),
        ("UEFI", "_TS_CRUEFI", &view.check_uefi, hw.uefi, "UEFI mode"),
        (
            "TPM enabled",
            "_TS_CRTPMENABLED",
            &view.check_tpm_enabled,
            hw.tpm_enabled
                .or_else(|| tpm(host, "IsEnabled_InitialValue")),
            "an enabled TPM",
        ),
        (
            "TPM activated",
            "_TS_CRTPMACTIVATED",
            &view.check_tpm_activated,
            hw.tpm_activated
                .or_else(|| tpm(host, "IsActivated_InitialValue")),
            "an activated TPM",
        ),
    ];
    for (label, variable, switch, fact, needed) in facts {
        add(label, variable, on(switch, false), &|| match fact {
            Some(true) => verdict(true, format!("{needed}: yes")),
            Some(false) => verdict(false, format!("{needed} needed: no")),
            None => unknown(&format!("{needed} needed")),
        });
    }
    let mut passed = Vec::new();
    let mut failed = Vec::new();
    for (label, variable, result) in &checks {
        let Some(result) = result else { continue };
        // `_TS_CR*` are valid engine names; setting them cannot fail.
        let _ = cx
            .vars
            .engine(variable, if result.passed { "1" } else { "0" });
        if result.passed {
            passed.push(*label);
        } else {
            failed.push(format!("{label} ({})", result.words));
        }
    }
    let code = cx.code_or(if failed.is_empty() {
        ReturnCode::SUCCESS
    } else {
        CHECK_FAILED
    });
    let mut effect = Effect::code(code);
    if !failed.is_empty() {
        effect
            .notes
            .push(format!("checks failed: {}", failed.join(", ")));
    }
    if !passed.is_empty() {
        effect
            .notes
            .push(format!("checks passed: {}", passed.join(", ")));
    }
    if passed.is_empty() && failed.is_empty() {
        effect.notes.push("no check is enabled".into());
    }
    effect
}

fn unknown(needed: &str) -> Verdict {
    verdict(false, format!("{needed}, unknown on this machine"))
}

fn at_least(want: u64, have: Option<u64>, unit: &str) -> Verdict {
    match have {
        Some(have) => verdict(
            have >= want,
            format!("{want} {unit} needed, {have} {unit} found"),
        ),
        None => unknown(&format!("{want} {unit} needed")),
    }
}

fn version_check(want: &str, have: Option<String>, order: Ordering, words: &str) -> Verdict {
    match have {
        Some(have) => verdict(
            compare_versions(&have, want) == Some(order),
            format!("{words} {want} needed, {have} found"),
        ),
        None => unknown(&format!("{words} {want} needed")),
    }
}

/// The first value of `property` on `class`, when the host knows it.
fn wmi(
    host: &dyn crate::machine::Host,
    namespace: &str,
    class: &str,
    property: &str,
) -> Option<WmiValue> {
    let query = Query::parse(&format!("SELECT {property} FROM {class}")).ok()?;
    let rows = host.wmi_query(namespace, &query).ok()?;
    rows.into_iter().find_map(|row| {
        row.into_iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(property))
            .map(|(_, v)| v)
            .filter(|v| *v != WmiValue::Null)
    })
}

fn as_u64(value: &WmiValue) -> Option<u64> {
    match value {
        WmiValue::Int(i) => u64::try_from(*i).ok(),
        WmiValue::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn as_text(value: WmiValue) -> Option<String> {
    match value {
        WmiValue::String(s) => Some(s),
        WmiValue::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

const MIB: u64 = 1024 * 1024;

fn memory_mb(hw: &crate::machine::Hardware, host: &dyn crate::machine::Host) -> Option<u64> {
    hw.memory_mb.or_else(|| {
        wmi(host, CIMV2, "Win32_ComputerSystem", "TotalPhysicalMemory")
            .as_ref()
            .and_then(as_u64)
            .map(|bytes| bytes / MIB)
    })
}

fn processor_mhz(hw: &crate::machine::Hardware, host: &dyn crate::machine::Host) -> Option<u64> {
    hw.processor_mhz.or_else(|| {
        wmi(host, CIMV2, "Win32_Processor", "MaxClockSpeed")
            .as_ref()
            .and_then(as_u64)
    })
}

fn free_disk_mb(hw: &crate::machine::Hardware, host: &dyn crate::machine::Host) -> Option<u64> {
    if let Some(mb) = hw.free_disk_mb {
        return Some(mb);
    }
    let drive = wmi(host, CIMV2, "Win32_OperatingSystem", "SystemDrive")
        .and_then(as_text)
        .unwrap_or_else(|| "C:".to_string());
    let query = Query::parse("SELECT DeviceID, FreeSpace FROM Win32_LogicalDisk").ok()?;
    let rows = host.wmi_query(CIMV2, &query).ok()?;
    rows.iter().find_map(|row| {
        let id = row
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("DeviceID"))
            .and_then(|(_, v)| match v {
                WmiValue::String(s) => Some(s.as_str()),
                _ => None,
            })?;
        if !id.trim().eq_ignore_ascii_case(drive.trim()) {
            return None;
        }
        row.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("FreeSpace"))
            .and_then(|(_, v)| as_u64(v))
            .map(|bytes| bytes / MIB)
    })
}

fn os_type(host: &dyn crate::machine::Host) -> Option<String> {
    let product = wmi(host, CIMV2, "Win32_OperatingSystem", "ProductType")
        .as_ref()
        .and_then(as_u64)?;
    Some(if product == 1 { "CLIENT" } else { "SERVER" }.to_string())
}

fn os_bits(host: &dyn crate::machine::Host) -> Option<String> {
    let text = wmi(host, CIMV2, "Win32_OperatingSystem", "OSArchitecture").and_then(as_text)?;
    Some(
        match Architecture::parse(&text)? {
            Architecture::X86 | Architecture::Arm => "32",
            Architecture::X64 | Architecture::Arm64 | Architecture::Ia64 => "64",
        }
        .to_string(),
    )
}

fn os_version(host: &dyn crate::machine::Host) -> Option<String> {
    wmi(host, CIMV2, "Win32_OperatingSystem", "Version").and_then(as_text)
}

fn os_language(host: &dyn crate::machine::Host) -> Option<i64> {
    match wmi(host, CIMV2, "Win32_OperatingSystem", "OSLanguage")? {
        WmiValue::Int(i) => Some(i),
        WmiValue::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn tpm(host: &dyn crate::machine::Host, property: &str) -> Option<bool> {
    match wmi(host, TPM, "Win32_Tpm", property)? {
        WmiValue::Bool(b) => Some(b),
        _ => None,
    }
}
