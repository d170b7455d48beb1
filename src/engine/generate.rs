//! Varied machine profiles for tests and benchmarks: deterministic, so a seed and an index always
//! give the same machine.
//!
//! The machines mix Windows 10 and 11 builds, a few Windows Server ones, x64, x86 and ARM64,
//! eight languages, laptops (with a battery) and desktops from three makers, memory from 2 to 64
//! GB, free disk from 5 to 500 GB, AC power, wired or wireless, UEFI and TPM states, and a few
//! machines in Windows PE.

use serde_json::json;

use crate::machine::MachineProfile;

/// A small deterministic generator (SplitMix64): no dependency, the same numbers everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// One of `items` (the first when empty is impossible: callers pass literals).
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let len = u64::try_from(items.len()).ok()?;
        let at = usize::try_from(self.next() % len.max(1)).ok()?;
        items.get(at)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Machine `index` of the fleet `seed`.
///
/// ```
/// use tasksequence::engine::generate;
/// let a = generate::machine(1, 42);
/// assert_eq!(a, generate::machine(1, 42));
/// assert_ne!(a, generate::machine(1, 43));
/// assert_eq!(a.name(), "PC-00042");
/// ```
pub fn machine(seed: u64, index: u64) -> MachineProfile {
    let mut rng = Rng(seed ^ index.wrapping_mul(0xA24B_AED4_963E_E407));
    let os = *rng
        .pick(&[
            ("Microsoft Windows 10 Enterprise", "10.0.19045", 1),
            ("Microsoft Windows 10 Enterprise", "10.0.19044", 1),
            ("Microsoft Windows 10 Enterprise LTSC", "10.0.17763", 1),
            ("Microsoft Windows 11 Enterprise", "10.0.22631", 1),
            ("Microsoft Windows 11 Enterprise", "10.0.26100", 1),
            ("Microsoft Windows Server 2019 Standard", "10.0.17763", 3),
        ])
        .unwrap_or(&("Microsoft Windows 10 Enterprise", "10.0.19045", 1));
    let (arch, processor_env, processor_arch) = *rng
        .pick(&[
            ("64-bit", "AMD64", 9),
            ("64-bit", "AMD64", 9),
            ("64-bit", "AMD64", 9),
            ("32-bit", "x86", 0),
            ("ARM 64-bit Processor", "ARM64", 12),
        ])
        .unwrap_or(&("64-bit", "AMD64", 9));
    let language = *rng
        .pick(&[1033, 1033, 1033, 1031, 1036, 1041, 2057, 3082, 1043, 1053])
        .unwrap_or(&1033);
    let (make, model) = *rng
        .pick(&[
            ("LENOVO", "20XW003GUS"),
            ("LENOVO", "21CB0068GE"),
            ("Dell Inc.", "Latitude 7440"),
            ("Dell Inc.", "OptiPlex 7010"),
            ("HP", "HP EliteBook 840 G9"),
            ("HP", "HP EliteDesk 800 G6"),
        ])
        .unwrap_or(&("LENOVO", "20XW003GUS"));
    let laptop = !model.contains("OptiPlex") && !model.contains("EliteDesk");
    let memory_mb = 2048u64 << rng.below(6);
    let free_disk_mb = 5_000 + rng.below(495_000);
    let winpe = rng.chance(3);
    let name = format!("PC-{index:05}");
    let on_ac = !laptop || rng.chance(70);
    let wired = !laptop || rng.chance(30);
    let uefi = rng.chance(85);
    let tpm = uefi && rng.chance(90);
    let battery = if laptop {
        json!([{ "BatteryStatus": if on_ac { 2 } else { 1 }, "EstimatedChargeRemaining": rng.below(100) }])
    } else {
        json!([])
    };
    let mac = format!(
        "{:02X}:{:02X}:{:02X}:{:02X}:{:02X}:{:02X}",
        0x00,
        rng.below(256),
        rng.below(256),
        rng.below(256),
        (index >> 8) & 0xFF,
        index & 0xFF
    );
    let value = json!({
        "name": name,
        "description": "generated",
        "variables": {
            "_SMSTSInWinPE": if winpe { "true" } else { "false" },
            "_SMSTSMachineName": name,
            "_SMSTSMDataPath": "C:\\_SMSTaskSequence",
            "_SMSTSClientCache": "C:\\Windows\\ccmcache",
            "Make": make,
            "Model": model,
            "IsLaptop": if laptop { "True" } else { "False" },
            "Architecture": if processor_env == "x86" { "X86" } else { "X64" }
        },
        "environment": {
            "windir": "C:\\Windows",
            "SystemDrive": "C:",
            "PROCESSOR_ARCHITECTURE": processor_env,
            "COMPUTERNAME": name
        },
        "wmi": {
            "root\\cimv2": {
                "Win32_OperatingSystem": [{
                    "Caption": os.0, "Version": os.1, "BuildNumber": os.1.rsplit('.').next().unwrap_or(""),
                    "OSArchitecture": arch, "OSLanguage": language, "ProductType": os.2,
                    "SystemDrive": "C:"
                }],
                "Win32_ComputerSystem": [{
                    "Manufacturer": make, "Model": model,
                    "TotalPhysicalMemory": memory_mb * 1024 * 1024,
                    "PCSystemType": if laptop { 2 } else { 1 }
                }],
                "Win32_ComputerSystemProduct": [{ "Vendor": make, "Name": model }],
                "Win32_Processor": [{ "Architecture": processor_arch, "MaxClockSpeed": 1600 + rng.below(2400) }],
                "Win32_Battery": battery,
                "Win32_BIOS": [{ "SerialNumber": format!("SN{:08X}", rng.below(u64::from(u32::MAX))) }],
                "Win32_SystemEnclosure": [{ "ChassisTypes": [if laptop { 10 } else { 3 }] }],
                "Win32_LogicalDisk": [{ "DeviceID": "C:", "FreeSpace": free_disk_mb * 1024 * 1024 }],
                "Win32_NetworkAdapterConfiguration": [{ "IPEnabled": true, "MACAddress": mac }]
            }
        },
        "hardware": {
            "memory_mb": memory_mb,
            "free_disk_mb": free_disk_mb,
            "uefi": uefi,
            "on_ac_power": on_ac,
            "network_connected": rng.chance(97),
            "wired": wired,
            "tpm_enabled": tpm,
            "tpm_activated": tpm,
            "client_version": "5.00.9106.1000"
        }
    });
    // The value above always fits the profile schema; an empty profile would only show a bug.
    serde_json::from_value(value).unwrap_or_default()
}

/// `count` machines of the fleet `seed`, made as they are taken.
///
/// ```
/// let names: Vec<String> = tasksequence::engine::generate::fleet(3, 2).map(|m| m.name().to_string()).collect();
/// assert_eq!(names, ["PC-00000", "PC-00001"]);
/// ```
pub fn fleet(seed: u64, count: u64) -> impl Iterator<Item = MachineProfile> + Send {
    (0..count).map(move |index| machine(seed, index))
}
