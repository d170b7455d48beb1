//! The leaves of a program: each kind of expression prepared once, then evaluated against the
//! context, noting the facts that decide it.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::compare::{Expected, Uses, text_equal};
use super::datetime::{self, Instant};
use super::error::{DateTimeForm, DateTimeSource, EvalError, MachineKind, RequiredField, holds};
use super::machine_facts::{self, FactClass};
use super::options::EvalContext;
use super::sink::{Sink, Text, Value};
use super::text::quote;
use super::{CompareOperator, Expression, ExpressionKind, SoftwareOperator, VariableOperator};
use crate::machine::{Host, ProductQuery, RegistryData, RegistryValue, WithHost};
use crate::model::RegistryType;
use crate::vars::key::Hashed;
use crate::vars::{Lookup as Variables, PreparedName, REDACTED, Resolution, Secrets};
use crate::wql::{Query, WqlError};

const DEFAULT_NAMESPACE: &str = "root\\cimv2";

fn relation(ord: Ordering) -> &'static str {
    match ord {
        Ordering::Less => "is less than",
        Ordering::Equal => "equals",
        Ordering::Greater => "is greater than",
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Expands `%NAME%` references in a File or Folder condition's path with the rules of
/// [`crate::vars::expand`]: task sequence variables first, then the host's OS environment;
/// unresolved references stay as written. `redact` shows secret values as `********`.
///
/// ```
/// use std::collections::HashMap;
/// use tasksequence::condition::expand_condition_path;
/// let vars = HashMap::from([
///     ("OSDisk".to_string(), "C:".to_string()),
///     ("OSDJoinPassword".to_string(), "hunter2".to_string()),
/// ]);
/// assert_eq!(expand_condition_path(r"%OSDisk%\x.txt", &vars, None, false), r"C:\x.txt");
/// assert_eq!(expand_condition_path(r"%OSDJoinPassword%.txt", &vars, None, true), "********.txt");
/// ```
pub fn expand_condition_path<'p>(
    path: &'p str,
    variables: &dyn Variables,
    host: Option<&dyn Host>,
    redact: bool,
) -> Cow<'p, str> {
    if !path.contains('%') {
        return Cow::Borrowed(path);
    }
    let vars = WithHost::new(variables, host);
    if redact {
        crate::vars::expand_redacted(path, &vars)
    } else {
        crate::vars::expand(path, &vars)
    }
}

/// A path as explanations show it: expanded, except that a reference to a secret value stays as
/// written (`C:\%OSDJoinPassword%.txt`), unless secrets are revealed. Also says whether a secret
/// reference was kept.
fn shown_path<'p>(path: &'p str, ctx: &EvalContext<'_>) -> (Cow<'p, str>, bool) {
    let vars = WithHost::new(ctx.variables, ctx.host);
    if ctx.options.secrets == Secrets::Reveal {
        return (crate::vars::expand(path, &vars), false);
    }
    let report = crate::vars::expand_report(path, &vars, Secrets::Redact);
    if !report.references.iter().any(|r| r.secret) {
        return (Cow::Owned(report.text), false);
    }
    let mut out = String::with_capacity(path.len());
    let mut copied = 0;
    for r in &report.references {
        let value = match r.resolution {
            Resolution::Unresolved => continue,
            _ if r.secret => None,
            Resolution::Environment => vars.get(&r.name).map(Cow::Borrowed),
            Resolution::Host => vars.os_var(&r.name),
        };
        out.push_str(path.get(copied..r.start).unwrap_or_default());
        match value {
            Some(v) => out.push_str(&v),
            None => out.push_str(path.get(r.start..r.end).unwrap_or_default()),
        }
        copied = r.end;
    }
    out.push_str(path.get(copied..).unwrap_or_default());
    (Cow::Owned(out), true)
}

/// A variable's value as explanations show it.
fn shown(ctx: &EvalContext<'_>, name: &str, value: &str) -> String {
    if ctx.options.secrets == Secrets::Redact && ctx.variables.is_secret(name) {
        REDACTED.to_string()
    } else {
        quote(value)
    }
}

fn need_host<'a>(ctx: &EvalContext<'a>, kind: MachineKind) -> Result<&'a dyn Host, EvalError> {
    ctx.host.ok_or(EvalError::NoHost { kind })
}

/// An optional comparison: a value with its operator, neither, or only one of the two (never
/// seen; not compared).
#[derive(Debug)]
pub(crate) enum Check<T> {
    Neither,
    Both(T, CompareOperator),
    Half,
}

impl<T> Check<T> {
    fn new<'v>(
        value: Option<&'v str>,
        op: Option<CompareOperator>,
        f: impl FnOnce(&'v str) -> T,
    ) -> Self {
        match (value, op) {
            (Some(v), Some(op)) => Check::Both(f(v), op),
            (None, None) => Check::Neither,
            _ => Check::Half,
        }
    }
}

/// A date-time of a condition, read when the program is built.
#[derive(Debug)]
pub(crate) struct DateTime<'o> {
    text: Cow<'o, str>,
    instant: Option<Instant>,
}

/// A prepared expression.
#[derive(Debug)]
pub(crate) enum Leaf<'o> {
    Variable {
        name: Cow<'o, str>,
        /// The name trimmed, with its hash kept so that evaluation does not hash it again.
        key: Cow<'o, str>,
        hashed: Hashed,
        op: VariableOperator,
        want: Expected<'o>,
    },
    Wmi {
        namespace: Cow<'o, str>,
        text: Cow<'o, str>,
        query: Result<Query, WqlError>,
        ignore_failure: bool,
    },
    File {
        path: Cow<'o, str>,
        expands: bool,
        version: Check<Expected<'o>>,
        date: Check<DateTime<'o>>,
    },
    Folder {
        path: Cow<'o, str>,
        expands: bool,
        date: Check<DateTime<'o>>,
    },
    Registry {
        key: Cow<'o, str>,
        value_name: Cow<'o, str>,
        value_type: Option<RegistryType>,
        op: VariableOperator,
        data: Expected<'o>,
    },
    Software {
        /// The question for the host, or the field that is missing.
        query: Result<ProductQuery, RequiredField>,
        version: Option<Expected<'o>>,
    },
    Os {
        architecture: Option<Cow<'o, str>>,
        version: Check<Cow<'o, str>>,
    },
    MakeModel {
        make: Option<Expected<'o>>,
        model: Option<Expected<'o>>,
    },
    Computer {
        /// Asset tag, MAC address, serial number, UUID; trimmed, blank ones `None`.
        fields: [Option<Cow<'o, str>>; 4],
    },
    Unsupported(String),
}

fn date_time<'c, 'o>(value: &'c str, text: &Text<'c, 'o>) -> DateTime<'o> {
    DateTime {
        instant: datetime::parse_wmi(value),
        text: text(value),
    }
}

impl<'o> Leaf<'o> {
    pub(crate) fn unsupported(element: String) -> Self {
        Leaf::Unsupported(element)
    }

    pub(crate) fn new<'c>(e: &'c Expression, text: &Text<'c, 'o>) -> Self {
        match &e.kind {
            ExpressionKind::Variable {
                name,
                operator,
                value,
            } => Leaf::Variable {
                name: text(name),
                key: text(name.trim_ascii()),
                hashed: PreparedName::new(name).parts(),
                op: *operator,
                want: Expected::new(
                    text(value),
                    match operator {
                        VariableOperator::Exists | VariableOperator::NotExists => Uses::Nothing,
                        VariableOperator::Equals | VariableOperator::NotEquals => Uses::Equality,
                        VariableOperator::Like | VariableOperator::NotLike => Uses::Like,
                        _ => Uses::Order,
                    },
                ),
            },
            ExpressionKind::Wmi { namespace, query } => Leaf::Wmi {
                namespace: namespace
                    .as_deref()
                    .map_or(Cow::Borrowed(DEFAULT_NAMESPACE), text),
                text: text(query),
                query: Query::parse(query),
                ignore_failure: e.ignore_query_failure == Some(true),
            },
            ExpressionKind::File {
                path,
                version,
                version_operator,
                date_time: date,
                date_time_operator,
            } => Leaf::File {
                expands: path.contains('%'),
                path: text(path),
                version: Check::new(version.as_deref(), *version_operator, |v| {
                    Expected::new(text(v), Uses::Order)
                }),
                date: Check::new(date.as_deref(), *date_time_operator, |v| date_time(v, text)),
            },
            ExpressionKind::Folder {
                path,
                date_time: date,
                date_time_operator,
            } => Leaf::Folder {
                expands: path.contains('%'),
                path: text(path),
                date: Check::new(date.as_deref(), *date_time_operator, |v| date_time(v, text)),
            },
            ExpressionKind::Registry {
                key_path,
                value_name,
                value_type,
                operator,
                data,
            } => Leaf::Registry {
                key: text(key_path),
                value_name: text(value_name.as_deref().unwrap_or("")),
                value_type: *value_type,
                op: *operator,
                data: Expected::new(text(data.as_deref().unwrap_or("")), Uses::Any),
            },
            ExpressionKind::Software {
                operator,
                product_code,
                upgrade_code,
                version,
                ..
            } => {
                let code = |c: &Option<String>| {
                    c.as_deref()
                        .filter(|c| !c.trim().is_empty())
                        .map(str::to_string)
                };
                let query = match operator {
                    SoftwareOperator::ThisVersion => code(product_code)
                        .map(ProductQuery::ProductCode)
                        .ok_or(RequiredField::ProductCode),
                    SoftwareOperator::AnyVersion => code(upgrade_code)
                        .map(ProductQuery::UpgradeCode)
                        .ok_or(RequiredField::UpgradeCode),
                };
                Leaf::Software {
                    query,
                    version: version
                        .as_deref()
                        .filter(|v| !v.trim().is_empty())
                        .map(|v| Expected::new(text(v), Uses::Order)),
                }
            }
            ExpressionKind::Os {
                architecture,
                version,
                operator,
            } => Leaf::Os {
                architecture: architecture
                    .as_deref()
                    .filter(|a| !a.trim().is_empty())
                    .map(text),
                version: Check::new(version.as_deref(), *operator, text),
            },
            ExpressionKind::MakeModel { make, model } => {
                let pattern = |p: &'c Option<String>| {
                    p.as_deref()
                        .filter(|p| !p.is_empty())
                        .map(|p| Expected::new(text(p), Uses::Like))
                };
                Leaf::MakeModel {
                    make: pattern(make),
                    model: pattern(model),
                }
            }
            ExpressionKind::Computer {
                asset_tag,
                mac_address,
                serial_number,
                uuid,
            } => {
                let wanted = |f: &'c Option<String>| {
                    f.as_deref()
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                        .map(text)
                };
                Leaf::Computer {
                    fields: [
                        wanted(asset_tag),
                        wanted(mac_address),
                        wanted(serial_number),
                        wanted(uuid),
                    ],
                }
            }
            ExpressionKind::Other { type_name, .. } => Leaf::Unsupported(type_name.clone()),
        }
    }

    /// Evaluates the leaf. Variable comparisons, the common case, are inlined into the program's
    /// loop; the others, which ask the host, are not.
    #[inline(always)]
    pub(crate) fn evaluate<S: Sink>(&self, ctx: &EvalContext<'_>, sink: &mut S) -> Value {
        match self {
            Leaf::Variable {
                name,
                key,
                hashed,
                op,
                want,
            } => {
                let key = PreparedName::with_parts(key, *hashed);
                Ok(variable(ctx, name, key, *op, want, sink))
            }
            other => other.ask(ctx, sink).map_err(Box::new),
        }
    }

    /// The leaves that ask the host (variables are answered by [`Leaf::evaluate`] itself).
    #[inline(never)]
    fn ask<S: Sink>(&self, ctx: &EvalContext<'_>, sink: &mut S) -> Result<bool, EvalError> {
        match self {
            Leaf::Variable { .. } => self.evaluate(ctx, sink).map_err(|e| *e),
            Leaf::Wmi {
                namespace,
                text,
                query,
                ignore_failure,
            } => wmi(ctx, namespace, text, query.as_ref(), *ignore_failure, sink),
            Leaf::File {
                path,
                expands,
                version,
                date,
            } => file(ctx, path, *expands, version, date, sink),
            Leaf::Folder {
                path,
                expands,
                date,
            } => folder(ctx, path, *expands, date, sink),
            Leaf::Registry {
                key,
                value_name,
                value_type,
                op,
                data,
            } => registry(ctx, key, value_name, *value_type, *op, data, sink),
            Leaf::Software { query, version } => {
                software(ctx, query.as_ref(), version.as_ref(), sink)
            }
            Leaf::Os {
                architecture,
                version,
            } => os(ctx, architecture.as_deref(), version, sink),
            Leaf::MakeModel { make, model } => make_model(ctx, make.as_ref(), model.as_ref(), sink),
            Leaf::Computer { fields } => computer(ctx, fields, sink),
            Leaf::Unsupported(element) => Err(EvalError::Unsupported {
                element: element.clone(),
            }),
        }
    }
}

// Inlined into the program's loop: with plain evaluation the notes vanish and what is left is
// a lookup and a comparison.
#[inline(always)]
fn variable<S: Sink>(
    ctx: &EvalContext<'_>,
    name: &str,
    key: PreparedName<'_>,
    op: VariableOperator,
    want: &Expected<'_>,
    sink: &mut S,
) -> bool {
    let classified = ctx.variables.get_prepared(&key);
    let found = classified.as_ref().map(|c| c.text());
    let actual = found.unwrap_or("");
    let cs = ctx.options.case_sensitive;
    let lhs = || match found {
        Some(v) if !v.is_empty() => format!("{name} = {}", shown(ctx, name, v)),
        _ => format!("{name} is not set, so \"\""),
    };
    // What a secret variable is compared with is as secret as its value.
    let rhs = || shown(ctx, name, want.text());
    match op {
        VariableOperator::Exists | VariableOperator::NotExists => {
            let set = !actual.is_empty();
            sink.note(|| match found {
                Some(v) if !v.is_empty() => format!("{name} is set ({})", shown(ctx, name, v)),
                _ => format!("{name} is not set"),
            });
            set == (op == VariableOperator::Exists)
        }
        VariableOperator::Equals | VariableOperator::NotEquals => {
            let (equal, basis) = want.equals_classified(
                actual,
                || classified.as_ref().and_then(|c| c.integer()),
                cs,
            );
            sink.note(|| {
                let verb = if equal { "equals" } else { "does not equal" };
                format!("{} {verb} {} {}", lhs(), rhs(), basis.describe())
            });
            equal == (op == VariableOperator::Equals)
        }
        VariableOperator::Like | VariableOperator::NotLike => {
            let matched = want.like(actual, cs);
            sink.note(|| {
                let verb = if matched { "matches" } else { "does not match" };
                format!("{} {verb} {}", lhs(), rhs())
            });
            matched == (op == VariableOperator::Like)
        }
        VariableOperator::Greater
        | VariableOperator::GreaterEqual
        | VariableOperator::Less
        | VariableOperator::LessEqual => {
            let (ord, basis) = want.order(actual, cs);
            sink.note(|| format!("{} {} {} {}", lhs(), relation(ord), rhs(), basis.describe()));
            match op {
                VariableOperator::Greater => ord.is_gt(),
                VariableOperator::GreaterEqual => ord.is_ge(),
                VariableOperator::Less => ord.is_lt(),
                _ => ord.is_le(),
            }
        }
    }
}

fn wmi<S: Sink>(
    ctx: &EvalContext<'_>,
    ns: &str,
    query: &str,
    parsed: Result<&Query, &WqlError>,
    ignore_failure: bool,
    sink: &mut S,
) -> Result<bool, EvalError> {
    let host = need_host(ctx, MachineKind::Wmi)?;
    let outcome = match parsed {
        Ok(q) => host.wmi_count(ns, q).map_err(|e| e.message),
        Err(e) => Err(e.to_string()),
    };
    match outcome {
        Ok(n) => {
            sink.note(|| format!("`{query}` returned {n} instance{} in `{ns}`", plural(n)));
            Ok(n > 0)
        }
        Err(message) if ignore_failure => {
            sink.note(|| {
                format!("`{query}` failed in `{ns}` ({message}); ignoreQueryFailure makes it false")
            });
            Ok(false)
        }
        Err(message) => Err(EvalError::Wmi {
            namespace: ns.to_string(),
            query: query.to_string(),
            message,
        }),
    }
}

/// Expands a File or Folder path for the lookup, and for explanations works out how to show it
/// (secret values not in clear) and notes the expansion.
fn expanded_path<'p, S: Sink>(
    ctx: &EvalContext<'_>,
    host: &dyn Host,
    kind: &str,
    path: &'p str,
    expands: bool,
    sink: &mut S,
) -> (Cow<'p, str>, Cow<'p, str>) {
    if !expands {
        return (Cow::Borrowed(path), Cow::Borrowed(path));
    }
    let expanded = crate::vars::expand(path, &WithHost::new(ctx.variables, Some(host)));
    if !S::EXPLAINS {
        return (expanded, Cow::Borrowed(path));
    }
    let (shown, hid_secrets) = shown_path(path, ctx);
    if expanded != path {
        sink.note(|| {
            let hidden = if hid_secrets {
                " (secret values not shown)"
            } else {
                ""
            };
            format!("{kind} path `{path}` expands to `{shown}`{hidden}")
        });
    }
    (expanded, shown)
}

fn date_compare<S: Sink>(
    what: &str,
    modified: Option<&str>,
    want: &DateTime<'_>,
    op: CompareOperator,
    sink: &mut S,
) -> Result<bool, EvalError> {
    let value = &*want.text;
    let want = want.instant.ok_or_else(|| EvalError::InvalidDateTime {
        value: value.to_string(),
        source_kind: DateTimeSource::Condition,
        expected: DateTimeForm::WmiDateTime,
    })?;
    let Some(modified) = modified else {
        sink.note(|| format!("the host gives no modification time for the {what}"));
        return Ok(false);
    };
    let have = datetime::parse_rfc3339(modified).ok_or_else(|| EvalError::InvalidDateTime {
        value: modified.to_string(),
        source_kind: DateTimeSource::Host,
        expected: DateTimeForm::Rfc3339,
    })?;
    let ord = have.cmp_to(want);
    sink.note(|| format!("modified {modified} {} {value} (UTC)", relation(ord)));
    Ok(holds(op, ord))
}

fn date_check<S: Sink>(
    what: &str,
    modified: Option<&str>,
    date: &Check<DateTime<'_>>,
    sink: &mut S,
) -> Result<bool, EvalError> {
    match date {
        Check::Both(want, op) => date_compare(what, modified, want, *op, sink),
        Check::Neither => Ok(true),
        Check::Half => {
            sink.note(|| "a date without its operator (or the reverse) is not compared".into());
            Ok(true)
        }
    }
}

fn file<S: Sink>(
    ctx: &EvalContext<'_>,
    path: &str,
    expands: bool,
    version: &Check<Expected<'_>>,
    date: &Check<DateTime<'_>>,
    sink: &mut S,
) -> Result<bool, EvalError> {
    let host = need_host(ctx, MachineKind::File)?;
    let (expanded, shown) = expanded_path(ctx, host, "file", path, expands, sink);
    let Some(found) = host.file_ref(&expanded) else {
        sink.note(|| format!("file `{shown}` not found"));
        return Ok(false);
    };
    sink.note(|| format!("file `{shown}` exists"));
    match version {
        Check::Both(want, op) => {
            let Some(have) = found.version.as_deref() else {
                sink.note(|| "the file has no version".to_string());
                return Ok(false);
            };
            let (ord, basis) = want.order_version(have, ctx.options.case_sensitive);
            sink.note(|| {
                format!(
                    "version {have} {} {} {}",
                    relation(ord),
                    want.text(),
                    basis.describe()
                )
            });
            if !holds(*op, ord) {
                return Ok(false);
            }
        }
        Check::Neither => {}
        Check::Half => {
            sink.note(|| "a version without its operator (or the reverse) is not compared".into())
        }
    }
    date_check("file", found.modified.as_deref(), date, sink)
}

fn folder<S: Sink>(
    ctx: &EvalContext<'_>,
    path: &str,
    expands: bool,
    date: &Check<DateTime<'_>>,
    sink: &mut S,
) -> Result<bool, EvalError> {
    let host = need_host(ctx, MachineKind::Folder)?;
    let (expanded, shown) = expanded_path(ctx, host, "folder", path, expands, sink);
    let Some(found) = host.folder(&expanded) else {
        sink.note(|| format!("folder `{shown}` not found"));
        return Ok(false);
    };
    sink.note(|| format!("folder `{shown}` exists"));
    date_check("folder", found.modified.as_deref(), date, sink)
}

/// Whether registry `data` compares with `op` to `want`: a multi-string holds when any of its
/// strings does (`notEquals`: when none equals).
fn registry_holds(
    data: &RegistryData,
    op: VariableOperator,
    want: &Expected<'_>,
    cs: bool,
) -> bool {
    let one = |have: &str| match op {
        VariableOperator::Equals | VariableOperator::NotEquals => want.equals(have, cs).0,
        _ => order_holds(op, want.order(have, cs).0),
    };
    let any_equal_or_holds = match data {
        RegistryData::Number(n) => match op {
            VariableOperator::Equals | VariableOperator::NotEquals => want.equals_number(*n, cs).0,
            _ => order_holds(op, want.order_number(*n, cs).0),
        },
        RegistryData::String(s) => one(s),
        RegistryData::Strings(list) if list.is_empty() => one(""),
        RegistryData::Strings(list) => list.iter().any(|s| one(s)),
        RegistryData::Bytes(bytes) => one(&hex(bytes)),
    };
    if op == VariableOperator::NotEquals {
        !any_equal_or_holds
    } else {
        any_equal_or_holds
    }
}

fn order_holds(op: VariableOperator, ord: Ordering) -> bool {
    match op {
        VariableOperator::Greater => ord.is_gt(),
        VariableOperator::GreaterEqual => ord.is_ge(),
        VariableOperator::Less => ord.is_lt(),
        _ => ord.is_le(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn registry<S: Sink>(
    ctx: &EvalContext<'_>,
    key: &str,
    value_name: &str,
    value_type: Option<RegistryType>,
    op: VariableOperator,
    data: &Expected<'_>,
    sink: &mut S,
) -> Result<bool, EvalError> {
    if matches!(op, VariableOperator::Like | VariableOperator::NotLike) {
        return Err(EvalError::RegistryOperator {
            operator: op,
            key: key.to_string(),
        });
    }
    let host = need_host(ctx, MachineKind::Registry)?;
    let shown_name = if value_name.is_empty() {
        "(Default)"
    } else {
        value_name
    };
    let Some(found) = host.registry(key, value_name) else {
        sink.note(|| format!("value `{shown_name}` of `{key}` not found"));
        return Ok(op == VariableOperator::NotExists);
    };
    match op {
        VariableOperator::Exists | VariableOperator::NotExists => {
            let type_ok = value_type.is_none_or(|t| t == found.kind);
            sink.note(|| match value_type {
                Some(t) if !type_ok => format!(
                    "value `{shown_name}` of `{key}` is {}, not {}",
                    found.kind.as_str(),
                    t.as_str()
                ),
                _ => format!(
                    "value `{shown_name}` of `{key}` exists ({} {})",
                    found.kind.as_str(),
                    describe_data(&found)
                ),
            });
            Ok(type_ok == (op == VariableOperator::Exists))
        }
        _ => {
            let result = registry_holds(&found.data, op, data, ctx.options.case_sensitive);
            sink.note(|| {
                format!(
                    "value `{shown_name}` of `{key}` is {} {}; compared with {}",
                    found.kind.as_str(),
                    describe_data(&found),
                    quote(data.text())
                )
            });
            Ok(result)
        }
    }
}

fn software<S: Sink>(
    ctx: &EvalContext<'_>,
    query: Result<&ProductQuery, &RequiredField>,
    version: Option<&Expected<'_>>,
    sink: &mut S,
) -> Result<bool, EvalError> {
    let host = need_host(ctx, MachineKind::Software)?;
    let query = query.map_err(|field| EvalError::MissingField {
        kind: MachineKind::Software,
        field: *field,
    })?;
    let found = host.product(query);
    match query {
        ProductQuery::ProductCode(code) => {
            let Some(found) = found else {
                sink.note(|| format!("product {code} is not installed"));
                return Ok(false);
            };
            match version {
                Some(want) => {
                    let (ord, basis) = want.order_version(&found.version, false);
                    sink.note(|| {
                        format!(
                            "product {code} is installed, version {} {} {} {}",
                            found.version,
                            relation(ord),
                            want.text(),
                            basis.describe()
                        )
                    });
                    Ok(ord.is_eq())
                }
                None => {
                    sink.note(|| format!("product {code} is installed"));
                    Ok(true)
                }
            }
        }
        ProductQuery::UpgradeCode(code) => match found {
            Some(found) => {
                sink.note(|| {
                    format!(
                        "a product with upgrade code {code} is installed ({} {})",
                        found.name, found.version
                    )
                });
                Ok(true)
            }
            None => {
                sink.note(|| format!("no product with upgrade code {code} is installed"));
                Ok(false)
            }
        },
    }
}

fn os<S: Sink>(
    ctx: &EvalContext<'_>,
    architecture: Option<&str>,
    version: &Check<Cow<'_, str>>,
    sink: &mut S,
) -> Result<bool, EvalError> {
    let host = need_host(ctx, MachineKind::Os)?;
    let os = machine_facts::operating_system(host)?;
    if let Some(want) = architecture {
        let Some(have) = os.architecture.as_deref() else {
            sink.note(|| "the machine's architecture is unknown".to_string());
            return Ok(false);
        };
        let same = machine_facts::same_architecture(want, have);
        sink.note(|| {
            let verb = if same { "matches" } else { "does not match" };
            format!("architecture {have} {verb} {want}")
        });
        if !same {
            return Ok(false);
        }
    }
    match version {
        Check::Both(want, op) => {
            let Some(have) = os.version.as_deref() else {
                sink.note(|| "the machine's OS version is unknown".to_string());
                return Ok(false);
            };
            let ord = super::compare::os_version_cmp(have, want);
            sink.note(|| format!("OS version {have} {} {want}", relation(ord)));
            Ok(holds(*op, ord))
        }
        Check::Neither => Ok(true),
        Check::Half => {
            sink.note(|| "a version without its operator (or the reverse) is not compared".into());
            Ok(true)
        }
    }
}

/// A machine fact: the variable Set Dynamic Variables sets, else the WMI property. The source
/// says where it came from; a secret variable's value is shown as `********`.
struct MachineValues {
    values: Vec<String>,
    source: String,
    secret: bool,
}

impl MachineValues {
    fn shown(&self, value: &str, ctx: &EvalContext<'_>) -> String {
        if self.secret && ctx.options.secrets == Secrets::Redact {
            REDACTED.to_string()
        } else {
            quote(value)
        }
    }
}

fn machine_values(
    ctx: &EvalContext<'_>,
    kind: MachineKind,
    variable: &str,
    class: FactClass,
    property: &str,
) -> Result<MachineValues, EvalError> {
    if let Some(v) = ctx.variables.get(variable).filter(|v| !v.is_empty()) {
        return Ok(MachineValues {
            values: vec![v.to_string()],
            source: variable.to_string(),
            secret: ctx.variables.is_secret(variable),
        });
    }
    let host = need_host(ctx, kind)?;
    let values = machine_facts::wmi_values(host, kind, class, property)?;
    Ok(MachineValues {
        values,
        source: format!("{}.{property}", class.name()),
        secret: false,
    })
}

fn make_model<S: Sink>(
    ctx: &EvalContext<'_>,
    make: Option<&Expected<'_>>,
    model: Option<&Expected<'_>>,
    sink: &mut S,
) -> Result<bool, EvalError> {
    let cs = ctx.options.case_sensitive;
    let parts = [
        (make, "_SMSTSMake", "Manufacturer", "make"),
        (model, "_SMSTSModel", "Model", "model"),
    ];
    for (pattern, variable, property, label) in parts {
        let Some(pattern) = pattern else {
            sink.note(|| format!("no {label} given: any {label} matches"));
            continue;
        };
        let found = machine_values(
            ctx,
            MachineKind::MakeModel,
            variable,
            FactClass::ComputerSystem,
            property,
        )?;
        let have = found.values.first().map_or("", String::as_str);
        let matched = pattern.like(have, cs);
        sink.note(|| {
            let verb = if matched { "matches" } else { "does not match" };
            format!(
                "{label} {} (from {}) {verb} {}",
                found.shown(have, ctx),
                found.source,
                quote(pattern.text())
            )
        });
        if !matched {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The four fields of a computer rule, in order.
const COMPUTER_FIELDS: [(&str, &str, FactClass, &str); 4] = [
    (
        "asset tag",
        "_SMSTSAssetTag",
        FactClass::SystemEnclosure,
        "SMBIOSAssetTag",
    ),
    (
        "MAC address",
        "_SMSTSMacAddresses",
        FactClass::NetworkAdapter,
        "MACAddress",
    ),
    (
        "serial number",
        "_SMSTSSerialNumber",
        FactClass::Bios,
        "SerialNumber",
    ),
    (
        "UUID",
        "_SMSTSUUID",
        FactClass::ComputerSystemProduct,
        "UUID",
    ),
];

fn computer<S: Sink>(
    ctx: &EvalContext<'_>,
    fields: &[Option<Cow<'_, str>>; 4],
    sink: &mut S,
) -> Result<bool, EvalError> {
    let cs = ctx.options.case_sensitive;
    let mut any_given = false;
    for (want, (label, variable, class, property)) in fields.iter().zip(COMPUTER_FIELDS) {
        let Some(want) = want.as_deref() else {
            continue;
        };
        any_given = true;
        let found = machine_values(ctx, MachineKind::Computer, variable, class, property)?;
        let have: Vec<&str> = if label == "MAC address" {
            found
                .values
                .iter()
                .flat_map(|v| v.split([',', ';', ' ']))
                .filter(|v| !v.is_empty())
                .collect()
        } else {
            found.values.iter().map(String::as_str).collect()
        };
        let matched = have.iter().any(|h| match label {
            "MAC address" => machine_facts::same_mac(h, want),
            "UUID" => machine_facts::same_uuid(h, want),
            _ => text_equal(h.trim(), want, cs),
        });
        sink.note(|| {
            let verb = if matched { "matches" } else { "does not match" };
            let shown = if have.is_empty() {
                "(none)".to_string()
            } else if found.secret && ctx.options.secrets == Secrets::Redact {
                REDACTED.to_string()
            } else {
                let all: Vec<String> = have.iter().map(|h| quote(h)).collect();
                all.join(", ")
            };
            format!(
                "{label} {shown} (from {}) {verb} {}",
                found.source,
                quote(want)
            )
        });
        if matched {
            return Ok(true);
        }
    }
    if !any_given {
        sink.note(|| "no asset tag, MAC address, serial number or UUID given".to_string());
    }
    Ok(false)
}

fn describe_data(v: &RegistryValue) -> String {
    match &v.data {
        RegistryData::Number(n) => n.to_string(),
        RegistryData::String(s) => quote(s),
        RegistryData::Strings(list) => {
            let items: Vec<String> = list.iter().map(|s| quote(s)).collect();
            format!("[{}]", items.join(", "))
        }
        RegistryData::Bytes(bytes) => hex(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::compare::Basis;

    #[test]
    fn registry_numbers_compare_as_their_decimal_text() {
        let want = Expected::new(Cow::Borrowed("0x10"), Uses::Any);
        assert!(registry_holds(
            &RegistryData::Number(16),
            VariableOperator::Equals,
            &want,
            false
        ));
        let word = Expected::new(Cow::Borrowed("16"), Uses::Any);
        assert_eq!(word.equals_number(16, false), (true, Basis::Integer));
        let text = Expected::new(Cow::Borrowed("abc"), Uses::Any);
        assert_eq!(text.equals_number(16, false), (false, Basis::Text));
        assert_eq!(text.order_number(16, false), (Ordering::Less, Basis::Text));
    }
}
