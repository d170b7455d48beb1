//! Facts about the machine that OS, Make/Model and Computer conditions read through WMI, and how
//! they compare.

use std::sync::OnceLock;

use super::compare::text_equal;
use super::error::{EvalError, MachineKind};
use crate::machine::{Host, Instance, WmiValue};
use crate::wql::Query;

const CIMV2: &str = "root\\cimv2";

/// The WMI classes conditions read facts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FactClass {
    OperatingSystem,
    ComputerSystem,
    SystemEnclosure,
    Bios,
    ComputerSystemProduct,
    NetworkAdapter,
}

impl FactClass {
    const ALL: [FactClass; 6] = [
        FactClass::OperatingSystem,
        FactClass::ComputerSystem,
        FactClass::SystemEnclosure,
        FactClass::Bios,
        FactClass::ComputerSystemProduct,
        FactClass::NetworkAdapter,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            FactClass::OperatingSystem => "Win32_OperatingSystem",
            FactClass::ComputerSystem => "Win32_ComputerSystem",
            FactClass::SystemEnclosure => "Win32_SystemEnclosure",
            FactClass::Bios => "Win32_BIOS",
            FactClass::ComputerSystemProduct => "Win32_ComputerSystemProduct",
            FactClass::NetworkAdapter => "Win32_NetworkAdapterConfiguration",
        }
    }

    fn query_text(self) -> String {
        match self {
            // Only adapters with IP enabled have a MAC that identifies the machine on a network.
            FactClass::NetworkAdapter => {
                format!("SELECT * FROM {} WHERE IPEnabled = TRUE", self.name())
            }
            other => format!("SELECT * FROM {}", other.name()),
        }
    }

    fn query(self) -> Option<&'static Query> {
        static QUERIES: OnceLock<Vec<Option<Query>>> = OnceLock::new();
        let all = QUERIES.get_or_init(|| {
            FactClass::ALL
                .iter()
                .map(|c| Query::parse(&c.query_text()).ok())
                .collect()
        });
        let index = FactClass::ALL.iter().position(|c| *c == self)?;
        all.get(index)?.as_ref()
    }
}

fn instances(
    host: &dyn Host,
    kind: MachineKind,
    class: FactClass,
) -> Result<Vec<Instance>, EvalError> {
    let query = class.query().ok_or_else(|| EvalError::Host {
        kind,
        message: format!("cannot build the query for `{}`", class.name()),
    })?;
    host.wmi_query(CIMV2, query).map_err(|e| EvalError::Host {
        kind,
        message: format!("cannot read `{}`: {}", class.name(), e.message),
    })
}

fn property<'i>(instance: &'i Instance, name: &str) -> Option<&'i WmiValue> {
    instance
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

fn text_of(value: &WmiValue, out: &mut Vec<String>) {
    match value {
        WmiValue::Null => {}
        WmiValue::Bool(b) => out.push(b.to_string()),
        WmiValue::Int(i) => out.push(i.to_string()),
        WmiValue::Real(r) => out.push(r.to_string()),
        WmiValue::String(s) => out.push(s.clone()),
        WmiValue::Array(items) => items.iter().for_each(|v| text_of(v, out)),
    }
}

/// Every non-null value of `property` over the class's instances, in order.
pub(crate) fn wmi_values(
    host: &dyn Host,
    kind: MachineKind,
    class: FactClass,
    name: &str,
) -> Result<Vec<String>, EvalError> {
    let mut out = Vec::new();
    for instance in instances(host, kind, class)? {
        if let Some(v) = property(&instance, name) {
            text_of(v, &mut out);
        }
    }
    Ok(out)
}

/// What MDT OS conditions compare against.
pub(crate) struct OsFacts {
    pub architecture: Option<String>,
    /// `Win32_OperatingSystem.Version` with `ServicePackMajorVersion` as a fourth part, the way
    /// MDT writes OS versions (`6.10.7601.1` is Windows 7 SP1).
    pub version: Option<String>,
}

/// Reads the architecture and version of the operating system: `Win32_OperatingSystem`
/// (`OSArchitecture`, `Version`, `ServicePackMajorVersion`); the architecture falls back to the
/// `PROCESSOR_ARCHITEW6432` and `PROCESSOR_ARCHITECTURE` environment variables.
pub(crate) fn operating_system(host: &dyn Host) -> Result<OsFacts, EvalError> {
    let all = instances(host, MachineKind::Os, FactClass::OperatingSystem)?;
    let os = all.first();
    let text = |name: &str| {
        let mut out = Vec::new();
        if let Some(v) = os.and_then(|i| property(i, name)) {
            text_of(v, &mut out);
        }
        out.into_iter().next()
    };
    let architecture = text("OSArchitecture")
        .or_else(|| host.env_var("PROCESSOR_ARCHITEW6432"))
        .or_else(|| host.env_var("PROCESSOR_ARCHITECTURE"));
    let version = text("Version").map(|v| {
        if v.split('.').count() == 3 {
            let sp = text("ServicePackMajorVersion").unwrap_or_else(|| "0".into());
            format!("{v}.{sp}")
        } else {
            v
        }
    });
    Ok(OsFacts {
        architecture,
        version,
    })
}

/// The architecture family of any spelling the field uses (DOMAIN §7.2).
fn architecture_family(text: &str) -> Option<&'static str> {
    let t = text.trim().to_ascii_lowercase();
    Some(match t.as_str() {
        "x86" | "i386" | "i686" | "32" | "32-bit" | "0" => "x86",
        "x64" | "amd64" | "x86_64" | "em64t" | "64" | "64-bit" | "9" => "x64",
        "arm64" | "aarch64" | "12" | "arm 64-bit processor" => "arm64",
        "ia64" | "6" => "ia64",
        "arm" | "5" => "arm",
        _ if t.contains("arm") && t.contains("64") => "arm64",
        _ if t.starts_with("64") => "x64",
        _ if t.starts_with("32") => "x86",
        _ => return None,
    })
}

/// Whether two architecture spellings name the same architecture (`X64` = `64-bit` = `AMD64`).
pub(crate) fn same_architecture(a: &str, b: &str) -> bool {
    match (architecture_family(a), architecture_family(b)) {
        (Some(x), Some(y)) => x == y,
        _ => text_equal(a.trim(), b.trim(), false),
    }
}

/// MAC addresses compare by their hex digits (`00:15:5D:01:02:03` = `00-15-5d-01-02-03`).
pub(crate) fn same_mac(a: &str, b: &str) -> bool {
    let digits = |s: &str| {
        s.chars()
            .filter(char::is_ascii_hexdigit)
            .map(|c| c.to_ascii_lowercase())
            .collect::<String>()
    };
    let x = digits(a);
    !x.is_empty() && x == digits(b)
}

/// UUIDs compare without braces and case (`{4C4C…}` = `4c4c…`).
pub(crate) fn same_uuid(a: &str, b: &str) -> bool {
    let strip = |s: &str| {
        s.trim()
            .trim_start_matches('{')
            .trim_end_matches('}')
            .to_string()
    };
    text_equal(&strip(a), &strip(b), false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    #[test]
    fn os_versions_read_the_minor_part_as_a_fraction() {
        use crate::condition::compare::os_version_cmp;
        assert_eq!(os_version_cmp("6.1.7601.1", "6.10.7601.1"), Ordering::Equal);
        assert_eq!(os_version_cmp("6.1.7601.0", "6.10.7601.1"), Ordering::Less);
        assert_eq!(
            os_version_cmp("6.3.9600.0", "6.10.7601.1"),
            Ordering::Greater
        );
        assert_eq!(
            os_version_cmp("10.0.19045.0", "6.30.9600.0"),
            Ordering::Greater
        );
        assert_eq!(
            os_version_cmp("10.0.10240.0", "10.00.10240.0"),
            Ordering::Equal
        );
        assert_eq!(os_version_cmp("6.2.9200", "6.20.9200.0"), Ordering::Equal);
        assert_eq!(os_version_cmp("6.1", "6.2"), Ordering::Less);
    }

    #[test]
    fn architectures_in_every_spelling() {
        assert!(same_architecture("X64", "64-bit"));
        assert!(same_architecture("x64", "AMD64"));
        assert!(same_architecture("X86", "32-bit"));
        assert!(!same_architecture("X86", "64-bit"));
        assert!(same_architecture("ARM64", "ARM 64-bit Processor"));
        assert!(!same_architecture("X64", "ARM 64-bit Processor"));
        assert!(same_architecture("64 bits", "x64"));
        assert!(same_architecture("Odd", "odd"));
    }

    #[test]
    fn macs_and_uuids() {
        assert!(same_mac("00:15:5D:01:02:03", "00-15-5d-01-02-03"));
        assert!(!same_mac("00:15:5D:01:02:03", "00:15:5D:01:02:04"));
        assert!(!same_mac("", ""));
        assert!(same_uuid("{4C4C4544-0042}", "4c4c4544-0042"));
        assert!(!same_uuid("4C4C4544-0042", "4C4C4544-0043"));
    }
}
