#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

//! Condition parsing and evaluation over a table of conditions shaped like the corpus's, beside
//! the same logic hand-written in Rust (the floor) and in evalexpr (a general-purpose peer).
//!
//! Groups:
//! - `parse/text/NAME`, `parse/xml/NAME`, `parse/evalexpr/NAME`;
//! - `evaluate/ours/NAME` (a [`CompiledCondition`] against a `HashMap` of variables and a
//!   [`MachineProfile`]), `evaluate/ours_env/NAME` (the same with a `vars::Environment`),
//!   `evaluate/floor/NAME`, `evaluate/evalexpr/NAME`.

use std::collections::HashMap;
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use evalexpr::{
    ContextWithMutableFunctions, ContextWithMutableVariables, DefaultNumericTypes, Function,
    HashMapContext, Node, Value, build_operator_tree,
};
use tasksequence::condition::compare::wildcard_match;
use tasksequence::condition::{CompiledCondition, Condition, EvalContext};
use tasksequence::machine::{Host, MachineProfile, ProductQuery};
use tasksequence::vars::Environment;
use tasksequence::wql::Query;
use tasksequence::xml::{WriteOptions, write_condition};

type Vars = HashMap<String, String>;
type Floor = fn(&Vars, &MachineProfile, &Prepared) -> bool;

/// What the hand-written floor may prepare once (as the library's compiled form does).
struct Prepared {
    query: Option<Query>,
    product: ProductQuery,
}

struct Case {
    name: &'static str,
    text: &'static str,
    floor: Floor,
    /// The equivalent evalexpr expression, where one exists (no host access there).
    evalexpr: Option<&'static str>,
}

fn get<'a>(vars: &'a Vars, name: &str) -> &'a str {
    vars.get(name).map_or("", String::as_str)
}

fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn version_ge(a: &str, b: &str) -> bool {
    let mut x = a.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    let mut y = b.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (p, q) => {
                let (p, q) = (p.unwrap_or(0), q.unwrap_or(0));
                if p != q {
                    return p > q;
                }
            }
        }
    }
}

const WMI_OS: &str =
    "SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%' AND OSLanguage='1033'";
const WMI_BATTERY: &str = "Select * from Win32_Battery where BatteryStatus != 2";
const OFFICE: &str = "{90160000-0011-0000-0000-0000000FF1CE}";
const SECURE_BOOT_KEY: &str =
    r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecureBoot\State";

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "var_equals",
            text: r#"_SMSTSInWinPE == "false""#,
            floor: |v, _, _| get(v, "_SMSTSInWinPE").eq_ignore_ascii_case("false"),
            evalexpr: Some(r#"str::to_lowercase(_SMSTSInWinPE) == "false""#),
        },
        Case {
            name: "var_equals_int",
            text: "_SMSTSOSUpgradeActionReturnCode == 3247440400",
            floor: |v, _, _| {
                get(v, "_SMSTSOSUpgradeActionReturnCode").parse::<i64>() == Ok(3_247_440_400)
            },
            evalexpr: Some("_SMSTSOSUpgradeActionReturnCode == 3247440400"),
        },
        Case {
            name: "var_like",
            text: r#"Make like "*Lenovo*""#,
            floor: |v, _, _| contains_ci(get(v, "Make"), "lenovo"),
            evalexpr: Some(r#"like(Make, "*Lenovo*")"#),
        },
        Case {
            name: "var_version_ge",
            text: "OSCurrentVersion >= 10.0.19041",
            floor: |v, _, _| version_ge(get(v, "OSCurrentVersion"), "10.0.19041"),
            evalexpr: Some(r#"version_ge(OSCurrentVersion, "10.0.19041")"#),
        },
        Case {
            name: "var_not_exists_unset",
            text: "_SMSTSClientCache not exists",
            floor: |v, _, _| get(v, "_SMSTSClientCache").is_empty(),
            evalexpr: None,
        },
        Case {
            name: "not",
            text: r#"not _SMSTSBootUEFI == "true""#,
            floor: |v, _, _| !get(v, "_SMSTSBootUEFI").eq_ignore_ascii_case("true"),
            evalexpr: Some(r#"!(str::to_lowercase(_SMSTSBootUEFI) == "true")"#),
        },
        Case {
            name: "and5",
            text: r#"PHASE == "STATERESTORE" and DeploymentType != "REPLACE" and DoCapture != "YES" and IsUEFI == "True" and _SMSTSInWinPE == "false""#,
            floor: |v, _, _| {
                get(v, "PHASE").eq_ignore_ascii_case("STATERESTORE")
                    && !get(v, "DeploymentType").eq_ignore_ascii_case("REPLACE")
                    && !get(v, "DoCapture").eq_ignore_ascii_case("YES")
                    && get(v, "IsUEFI").eq_ignore_ascii_case("True")
                    && get(v, "_SMSTSInWinPE").eq_ignore_ascii_case("false")
            },
            evalexpr: Some(
                r#"str::to_lowercase(PHASE) == "staterestore" && str::to_lowercase(DeploymentType) != "replace" && str::to_lowercase(DoCapture) != "yes" && str::to_lowercase(IsUEFI) == "true" && str::to_lowercase(_SMSTSInWinPE) == "false""#,
            ),
        },
        Case {
            name: "or_and5",
            text: r#"(Make like "*Dell*" or Make like "*Lenovo*") and (_SMSTSBootUEFI == "true" or IsUEFI == "True") and not _SMSTSInWinPE == "true""#,
            floor: |v, _, _| {
                (contains_ci(get(v, "Make"), "dell") || contains_ci(get(v, "Make"), "lenovo"))
                    && (get(v, "_SMSTSBootUEFI").eq_ignore_ascii_case("true")
                        || get(v, "IsUEFI").eq_ignore_ascii_case("True"))
                    && !get(v, "_SMSTSInWinPE").eq_ignore_ascii_case("true")
            },
            evalexpr: Some(
                r#"(like(Make, "*Dell*") || like(Make, "*Lenovo*")) && (str::to_lowercase(_SMSTSBootUEFI) == "true" || str::to_lowercase(IsUEFI) == "true") && !(str::to_lowercase(_SMSTSInWinPE) == "true")"#,
            ),
        },
        Case {
            name: "wmi_os_language",
            text: r#"wmi("SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%' AND OSLanguage='1033'")"#,
            floor: |_, m, p| {
                m.wmi_count("root\\cimv2", p.query.as_ref().unwrap())
                    .unwrap()
                    > 0
            },
            evalexpr: None,
        },
        Case {
            name: "wmi_battery",
            text: r#"wmi("Select * from Win32_Battery where BatteryStatus != 2")"#,
            floor: |_, m, p| {
                m.wmi_count("root\\cimv2", p.query.as_ref().unwrap())
                    .unwrap()
                    > 0
            },
            evalexpr: None,
        },
        Case {
            name: "registry_dword",
            text: r#"registry("HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecureBoot\State", "UEFISecureBootEnabled", REG_DWORD) == 1"#,
            floor: |_, m, _| {
                matches!(
                    m.registry(SECURE_BOOT_KEY, "UEFISecureBootEnabled"),
                    Some(tasksequence::machine::RegistryValue {
                        data: tasksequence::machine::RegistryData::Number(1),
                        ..
                    })
                )
            },
            evalexpr: None,
        },
        Case {
            name: "file_expanded",
            text: r#"file("%windir%\notepad.exe", version >= "10.0")"#,
            floor: |_, m, _| {
                let windir = m.env_var("windir").unwrap_or_default();
                let path = format!("{windir}\\notepad.exe");
                m.file(&path)
                    .and_then(|f| f.version)
                    .is_some_and(|v| version_ge(&v, "10.0"))
            },
            evalexpr: None,
        },
        Case {
            name: "software_version",
            text: r#"software(this_version, product_code="{90160000-0011-0000-0000-0000000FF1CE}", version="16.0.4266.1001")"#,
            floor: |_, m, p| {
                m.product(&p.product).is_some_and(|f| {
                    version_ge(&f.version, "16.0.4266.1001")
                        && version_ge("16.0.4266.1001", &f.version)
                })
            },
            evalexpr: None,
        },
    ]
}

fn variables() -> Vars {
    let pairs = [
        ("_SMSTSInWinPE", "false"),
        ("_SMSTSBootUEFI", "true"),
        ("_SMSTSOSUpgradeActionReturnCode", "3247440400"),
        ("_SMSTSMediaType", "FullMedia"),
        ("_SMSTSLaunchMode", "SMS"),
        ("_SMSTSMachineName", "LT-0042"),
        ("_SMSTSMDataPath", "C:\\_SMSTaskSequence"),
        ("_SMSTSLastActionRetCode", "0"),
        ("_SMSTSLastActionSucceeded", "true"),
        ("_SMSTSPackageID", "PS100123"),
        ("_SMSTSSiteCode", "PS1"),
        ("Make", "LENOVO"),
        ("Model", "20XW003GUS"),
        ("IsUEFI", "True"),
        ("IsLaptop", "True"),
        ("OSDisk", "C:"),
        ("PHASE", "STATERESTORE"),
        ("DeploymentType", "NEWCOMPUTER"),
        ("DoCapture", "NO"),
        ("OSCurrentVersion", "10.0.19045"),
        ("Architecture", "X64"),
        ("OSDComputerName", "LT-0042"),
        ("DeployRoot", "\\\\mdt\\ds"),
        ("ScriptRoot", "\\\\mdt\\ds\\Scripts"),
    ];
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn machine() -> MachineProfile {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/machines/win10-x64-en-us-laptop.json");
    MachineProfile::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn evalexpr_context(vars: &Vars) -> HashMapContext<DefaultNumericTypes> {
    let mut ctx = HashMapContext::<DefaultNumericTypes>::new();
    for (k, v) in vars {
        let value = match v.parse::<i64>() {
            Ok(i) => Value::from_int(i),
            Err(_) => Value::from(v.as_str()),
        };
        ctx.set_value(k.clone(), value).unwrap();
    }
    ctx.set_function(
        "like".into(),
        Function::new(|arg| {
            let args = arg.as_fixed_len_tuple(2)?;
            let value = args[0].as_string()?;
            let pattern = args[1].as_string()?;
            Ok(Value::Boolean(wildcard_match(&value, &pattern, false)))
        }),
    )
    .unwrap();
    ctx.set_function(
        "version_ge".into(),
        Function::new(|arg| {
            let args = arg.as_fixed_len_tuple(2)?;
            Ok(Value::Boolean(version_ge(
                &args[0].as_string()?,
                &args[1].as_string()?,
            )))
        }),
    )
    .unwrap();
    ctx
}

fn bench_parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for case in cases() {
        let xml = write_condition(
            &Condition::parse_text(case.text).unwrap(),
            &WriteOptions::one_line(),
        );
        group.bench_function(BenchmarkId::new("text", case.name), |b| {
            b.iter(|| Condition::parse_text(black_box(case.text)).unwrap())
        });
        group.bench_function(BenchmarkId::new("xml", case.name), |b| {
            b.iter(|| tasksequence::xml::read_condition(black_box(&xml)).unwrap())
        });
        if let Some(expr) = case.evalexpr {
            group.bench_function(BenchmarkId::new("evalexpr", case.name), |b| {
                b.iter(|| build_operator_tree::<DefaultNumericTypes>(black_box(expr)).unwrap())
            });
        }
    }
    group.finish();
}

fn bench_evaluate(c: &mut Criterion) {
    let vars = variables();
    let mut env = Environment::new();
    for (k, v) in &vars {
        env.set_engine(k, v, false).unwrap();
    }
    let profile = machine();
    let peer = evalexpr_context(&vars);
    let mut group = c.benchmark_group("evaluate");
    for case in cases() {
        let compiled = CompiledCondition::new(Condition::parse_text(case.text).unwrap());
        let ctx = EvalContext::new(&vars).with_host(&profile as &dyn Host);
        let env_ctx = EvalContext::new(&env).with_host(&profile as &dyn Host);
        let prepared = Prepared {
            query: match case.name {
                "wmi_os_language" => Some(Query::parse(WMI_OS).unwrap()),
                "wmi_battery" => Some(Query::parse(WMI_BATTERY).unwrap()),
                _ => None,
            },
            product: ProductQuery::ProductCode(OFFICE.to_string()),
        };
        // All three must agree before their speed means anything.
        let ours = compiled.evaluate(&ctx).unwrap();
        assert_eq!(compiled.evaluate(&env_ctx).unwrap(), ours, "{}", case.name);
        assert_eq!(
            (case.floor)(&vars, &profile, &prepared),
            ours,
            "{}",
            case.name
        );
        group.bench_function(BenchmarkId::new("ours", case.name), |b| {
            b.iter(|| compiled.evaluate(black_box(&ctx)).unwrap())
        });
        group.bench_function(BenchmarkId::new("ours_env", case.name), |b| {
            b.iter(|| compiled.evaluate(black_box(&env_ctx)).unwrap())
        });
        group.bench_function(BenchmarkId::new("floor", case.name), |b| {
            b.iter(|| (case.floor)(black_box(&vars), &profile, &prepared))
        });
        if let Some(expr) = case.evalexpr {
            let node: Node<DefaultNumericTypes> = build_operator_tree(expr).unwrap();
            assert_eq!(
                node.eval_boolean_with_context(&peer).unwrap(),
                ours,
                "{}",
                case.name
            );
            group.bench_function(BenchmarkId::new("evalexpr", case.name), |b| {
                b.iter(|| node.eval_boolean_with_context(black_box(&peer)).unwrap())
            });
        }
    }
    group.finish();
}

/// A map whose keys are folded once when built, looked up by folding the query: the plain
/// implementation the profile's lookups are measured against.
struct FoldedMap<V>(HashMap<String, V>);

impl<V> FoldedMap<V> {
    fn new(entries: impl IntoIterator<Item = (String, V)>) -> Self {
        Self(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_lowercase(), v))
                .collect(),
        )
    }

    fn get(&self, key: &str) -> Option<&V> {
        self.0.get(&key.to_lowercase())
    }
}

/// `profile_lookup/…`: registry and file lookups of a [`MachineProfile`] beside a pre-folded
/// `HashMap` (the floor), and whole registry and file conditions through a compiled condition.
fn bench_profile_lookup(c: &mut Criterion) {
    use tasksequence::machine::{FileFacts, RegistryValue};
    let profile = machine();
    let json: serde_json::Value = serde_json::from_str(&profile.to_json()).unwrap();
    let registry: FoldedMap<FoldedMap<RegistryValue>> = FoldedMap::new(
        json["registry"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, values)| {
                let values = values.as_object().unwrap().iter().map(|(name, v)| {
                    (
                        name.clone(),
                        profile.registry(k, name).unwrap_or_else(|| panic!("{v}")),
                    )
                });
                (k.clone(), FoldedMap::new(values))
            }),
    );
    let files: FoldedMap<FileFacts> = FoldedMap::new(
        json["files"]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| (k.clone(), profile.file(k).unwrap())),
    );
    let file = r"C:\Windows
otepad.exe";
    let value = "UEFISecureBootEnabled";
    assert_eq!(
        profile.registry(SECURE_BOOT_KEY, value).as_ref(),
        registry.get(SECURE_BOOT_KEY).and_then(|v| v.get(value))
    );
    assert_eq!(profile.file(file).as_ref(), files.get(file));

    let mut env = Environment::new();
    for (k, v) in &variables() {
        env.set_engine(k, v, false).unwrap();
    }
    let mut group = c.benchmark_group("profile_lookup");
    group.bench_function("profile/registry", |b| {
        b.iter(|| profile.registry(black_box(SECURE_BOOT_KEY), black_box(value)))
    });
    group.bench_function("floor/registry", |b| {
        b.iter(|| {
            registry
                .get(black_box(SECURE_BOOT_KEY))
                .and_then(|v| v.get(black_box(value)))
                .cloned()
        })
    });
    group.bench_function("profile/file", |b| b.iter(|| profile.file(black_box(file))));
    group.bench_function("floor/file", |b| {
        b.iter(|| files.get(black_box(file)).cloned())
    });
    for case in cases()
        .into_iter()
        .filter(|c| matches!(c.name, "registry_dword" | "file_expanded"))
    {
        let compiled = CompiledCondition::new(Condition::parse_text(case.text).unwrap());
        let ctx = EvalContext::new(&env).with_host(&profile as &dyn Host);
        assert!(compiled.evaluate(&ctx).unwrap(), "{}", case.name);
        group.bench_function(BenchmarkId::new("condition", case.name), |b| {
            b.iter(|| compiled.evaluate(black_box(&ctx)).unwrap())
        });
    }
    group.finish();
}

/// `int_equality/…`: one integer comparison against an `Environment` (decimal and hex spellings of
/// the expected value), beside the floor and evalexpr with the value already an integer.
fn bench_int_equality(c: &mut Criterion) {
    let vars = variables();
    let mut env = Environment::new();
    for (k, v) in &vars {
        env.set_engine(k, v, false).unwrap();
    }
    let peer = evalexpr_context(&vars);
    let mut group = c.benchmark_group("int_equality");
    for (name, text) in [
        ("ours_env", "_SMSTSOSUpgradeActionReturnCode == 3247440400"),
        (
            "ours_env_hex",
            "_SMSTSOSUpgradeActionReturnCode == 0xC1900210",
        ),
        ("ours_env_ne", "_SMSTSLastActionRetCode != 0"),
    ] {
        let compiled = CompiledCondition::new(Condition::parse_text(text).unwrap());
        let ctx = EvalContext::new(&env);
        assert_eq!(compiled.evaluate(&ctx), Ok(name != "ours_env_ne"), "{name}");
        group.bench_function(name, |b| {
            b.iter(|| compiled.evaluate(black_box(&ctx)).unwrap())
        });
    }
    group.bench_function("floor", |b| {
        b.iter(|| {
            get(black_box(&vars), "_SMSTSOSUpgradeActionReturnCode").parse::<i64>()
                == Ok(3_247_440_400)
        })
    });
    let node: Node<DefaultNumericTypes> =
        build_operator_tree("_SMSTSOSUpgradeActionReturnCode == 3247440400").unwrap();
    assert!(node.eval_boolean_with_context(&peer).unwrap());
    group.bench_function("evalexpr", |b| {
        b.iter(|| node.eval_boolean_with_context(black_box(&peer)).unwrap())
    });
    group.finish();
}

/// `like_long/…`: WQL `LIKE` and task sequence wildcards on long values, with a common pattern and
/// a hostile one (a long literal after `%` that almost matches everywhere).
fn bench_like_long(c: &mut Criterion) {
    use tasksequence::wql::LikePattern;
    let value = "a".repeat(64 * 1024);
    let hostile = format!("%{}b", "a".repeat(600));
    let hostile_star = format!("*{}b", "a".repeat(600));
    let mut group = c.benchmark_group("like_long");
    group.sample_size(10);
    let common = LikePattern::new("%64%").unwrap();
    let arch = "ARM 64-bit Processor";
    group.bench_function("wql/common", |b| b.iter(|| common.matches(black_box(arch))));
    let p = LikePattern::new(&hostile).unwrap();
    assert!(!p.matches(&value));
    group.bench_function("wql/hostile_64k_x_600", |b| {
        b.iter(|| p.matches(black_box(&value)))
    });
    assert!(!wildcard_match(&value, &hostile_star, false));
    group.bench_function("wildcard/hostile_64k_x_600", |b| {
        b.iter(|| wildcard_match(black_box(&value), black_box(&hostile_star), false))
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_parse,
    bench_evaluate,
    bench_profile_lookup,
    bench_int_equality,
    bench_like_long
);
criterion_main!(benches);
