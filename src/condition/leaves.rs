//! Evaluating each kind of expression, noting the facts that decide it.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::compare::{
    Basis, compare_values, compare_versions, text_equal, values_equal, wildcard_match,
};
use super::datetime::{self, Instant};
use super::eval::{EvalError, Evaluator, Facts, NoFacts, holds};
use super::machine_facts::{self, FactClass};
use super::text::quote;
use super::{CompareOperator, Expression, ExpressionKind, SoftwareOperator, VariableOperator};
use crate::machine::{Host, ProductQuery, RegistryData, RegistryValue};
use crate::model::RegistryType;
use crate::vars::Lookup as Variables;
use crate::wql::{Query, WqlError};

const DEFAULT_NAMESPACE: &str = "root\\cimv2";
const WMI_DATETIME: &str = "a wmi datetime `yyyyMMddhhmmss.ffffff+UUU`";
const RFC3339: &str = "an rfc 3339 time such as `2023-05-01T10:00:00Z`";

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
/// unresolved references stay as written. `redact` shows secret values as `********` (for
/// explanations; the lookup itself always uses real values).
pub fn expand_condition_path<'p>(
    path: &'p str,
    variables: &dyn Variables,
    host: Option<&dyn Host>,
    redact: bool,
) -> Cow<'p, str> {
    if !path.contains('%') {
        return Cow::Borrowed(path);
    }
    let vars = crate::machine::WithHost::new(variables, host);
    let out = if redact {
        crate::vars::expand_redacted(path, &vars)
    } else {
        crate::vars::expand(path, &vars)
    };
    Cow::Owned(out.into_owned())
}

impl Evaluator<'_, '_> {
    fn cs(&self) -> bool {
        self.ctx.options.case_sensitive
    }

    /// A variable's value as explanations show it.
    fn shown(&self, name: &str, value: &str) -> String {
        if self.ctx.options.secrets == crate::vars::Secrets::Redact
            && self.ctx.variables.is_secret(name)
        {
            crate::vars::REDACTED.to_string()
        } else {
            quote(value)
        }
    }

    pub(crate) fn expression<F: Facts>(
        &self,
        e: &Expression,
        facts: &mut F,
    ) -> Result<bool, EvalError> {
        match &e.kind {
            ExpressionKind::Variable {
                name,
                operator,
                value,
            } => Ok(self.variable(name, *operator, value, facts)),
            ExpressionKind::Wmi { namespace, query } => self.wmi(
                namespace.as_deref(),
                query,
                e.ignore_query_failure == Some(true),
                facts,
            ),
            ExpressionKind::File {
                path,
                version,
                version_operator,
                date_time,
                date_time_operator,
            } => self.file(
                path,
                (version.as_deref(), *version_operator),
                (date_time.as_deref(), *date_time_operator),
                facts,
            ),
            ExpressionKind::Folder {
                path,
                date_time,
                date_time_operator,
            } => self.folder(path, (date_time.as_deref(), *date_time_operator), facts),
            ExpressionKind::Registry {
                key_path,
                value_name,
                value_type,
                operator,
                data,
            } => self.registry(
                key_path,
                value_name.as_deref().unwrap_or(""),
                *value_type,
                *operator,
                data.as_deref().unwrap_or(""),
                facts,
            ),
            ExpressionKind::Software {
                operator,
                product_code,
                upgrade_code,
                version,
                ..
            } => self.software(
                *operator,
                product_code.as_deref(),
                upgrade_code.as_deref(),
                version.as_deref(),
                facts,
            ),
            ExpressionKind::Os {
                architecture,
                version,
                operator,
            } => self.os(
                architecture.as_deref(),
                (version.as_deref(), *operator),
                facts,
            ),
            ExpressionKind::MakeModel { make, model } => {
                self.make_model(make.as_deref(), model.as_deref(), facts)
            }
            ExpressionKind::Computer {
                asset_tag,
                mac_address,
                serial_number,
                uuid,
            } => self.computer(
                [
                    asset_tag.as_deref(),
                    mac_address.as_deref(),
                    serial_number.as_deref(),
                    uuid.as_deref(),
                ],
                facts,
            ),
            ExpressionKind::Other { type_name, .. } => Err(EvalError::Unsupported {
                element: type_name.clone(),
            }),
        }
    }

    #[inline]
    fn variable<F: Facts>(
        &self,
        name: &str,
        op: VariableOperator,
        expected: &str,
        facts: &mut F,
    ) -> bool {
        let found = self.ctx.variables.get(name);
        let actual = found.unwrap_or("");
        let cs = self.cs();
        let lhs = || match found {
            Some(v) if !v.is_empty() => format!("{name} = {}", self.shown(name, v)),
            _ => format!("{name} is not set, so \"\""),
        };
        let rhs = || quote(expected);
        match op {
            VariableOperator::Exists | VariableOperator::NotExists => {
                let set = !actual.is_empty();
                facts.note(|| match found {
                    Some(v) if !v.is_empty() => format!("{name} is set ({})", self.shown(name, v)),
                    _ => format!("{name} is not set"),
                });
                set == (op == VariableOperator::Exists)
            }
            VariableOperator::Equals | VariableOperator::NotEquals => {
                let (equal, basis) = values_equal(actual, expected, cs);
                facts.note(|| {
                    let verb = if equal { "equals" } else { "does not equal" };
                    format!("{} {verb} {} {}", lhs(), rhs(), basis.describe())
                });
                equal == (op == VariableOperator::Equals)
            }
            VariableOperator::Like | VariableOperator::NotLike => {
                let matched = wildcard_match(actual, expected, cs);
                facts.note(|| {
                    let verb = if matched { "matches" } else { "does not match" };
                    format!("{} {verb} {}", lhs(), rhs())
                });
                matched == (op == VariableOperator::Like)
            }
            VariableOperator::Greater
            | VariableOperator::GreaterEqual
            | VariableOperator::Less
            | VariableOperator::LessEqual => {
                let (ord, basis) = compare_values(actual, expected, cs);
                facts
                    .note(|| format!("{} {} {} {}", lhs(), relation(ord), rhs(), basis.describe()));
                match op {
                    VariableOperator::Greater => ord.is_gt(),
                    VariableOperator::GreaterEqual => ord.is_ge(),
                    VariableOperator::Less => ord.is_lt(),
                    _ => ord.is_le(),
                }
            }
        }
    }

    fn wmi<F: Facts>(
        &self,
        namespace: Option<&str>,
        query: &str,
        ignore_failure: bool,
        facts: &mut F,
    ) -> Result<bool, EvalError> {
        let host = self.host("wmi")?;
        let ns = namespace.unwrap_or(DEFAULT_NAMESPACE);
        let owned;
        let parsed = match self.parsed_query(query) {
            Some(p) => p,
            None => {
                owned = Query::parse(query);
                &owned
            }
        };
        wmi_count(host, ns, query, parsed.as_ref(), ignore_failure, facts)
    }

    /// A WMI expression whose query is already parsed (the compiled form).
    pub(crate) fn wmi_parsed(
        &self,
        namespace: &str,
        query: &str,
        parsed: Result<&Query, &WqlError>,
        ignore_failure: bool,
    ) -> Result<bool, EvalError> {
        let host = self.host("wmi")?;
        wmi_count(host, namespace, query, parsed, ignore_failure, &mut NoFacts)
    }

    fn expanded_path<'p, F: Facts>(
        &self,
        kind: &str,
        path: &'p str,
        facts: &mut F,
    ) -> Cow<'p, str> {
        let expanded = expand_condition_path(path, self.ctx.variables, self.ctx.host, false);
        if expanded != path {
            facts.note(|| {
                let shown = expand_condition_path(
                    path,
                    self.ctx.variables,
                    self.ctx.host,
                    self.ctx.options.secrets == crate::vars::Secrets::Redact,
                );
                format!("{kind} path `{path}` expands to `{shown}`")
            });
        }
        expanded
    }

    fn date_compare<F: Facts>(
        &self,
        what: &str,
        modified: Option<&str>,
        wanted: (&str, CompareOperator),
        facts: &mut F,
    ) -> Result<bool, EvalError> {
        let (value, op) = wanted;
        let want: Instant =
            datetime::parse_wmi(value).ok_or_else(|| EvalError::InvalidDateTime {
                value: value.to_string(),
                source_kind: "condition".into(),
                expected: WMI_DATETIME.into(),
            })?;
        let Some(modified) = modified else {
            facts.note(|| format!("the host gives no modification time for the {what}"));
            return Ok(false);
        };
        let have = datetime::parse_rfc3339(modified).ok_or_else(|| EvalError::InvalidDateTime {
            value: modified.to_string(),
            source_kind: "host".into(),
            expected: RFC3339.into(),
        })?;
        let ord = have.cmp_to(want);
        facts.note(|| format!("modified {modified} {} {value} (UTC)", relation(ord)));
        Ok(holds(op, ord))
    }

    fn file<F: Facts>(
        &self,
        path: &str,
        version: (Option<&str>, Option<CompareOperator>),
        date: (Option<&str>, Option<CompareOperator>),
        facts: &mut F,
    ) -> Result<bool, EvalError> {
        let host = self.host("file")?;
        let expanded = self.expanded_path("file", path, facts);
        let Some(found) = host.file_ref(&expanded) else {
            facts.note(|| format!("file `{expanded}` not found"));
            return Ok(false);
        };
        facts.note(|| format!("file `{expanded}` exists"));
        match version {
            (Some(want), Some(op)) => {
                let Some(have) = found.version.as_deref() else {
                    facts.note(|| "the file has no version".to_string());
                    return Ok(false);
                };
                let (ord, basis) = version_order(have, want, self.cs());
                facts.note(|| {
                    format!(
                        "version {have} {} {want} {}",
                        relation(ord),
                        basis.describe()
                    )
                });
                if !holds(op, ord) {
                    return Ok(false);
                }
            }
            (None, None) => {}
            _ => facts
                .note(|| "a version without its operator (or the reverse) is not compared".into()),
        }
        match date {
            (Some(want), Some(op)) => {
                self.date_compare("file", found.modified.as_deref(), (want, op), facts)
            }
            (None, None) => Ok(true),
            _ => {
                facts
                    .note(|| "a date without its operator (or the reverse) is not compared".into());
                Ok(true)
            }
        }
    }

    fn folder<F: Facts>(
        &self,
        path: &str,
        date: (Option<&str>, Option<CompareOperator>),
        facts: &mut F,
    ) -> Result<bool, EvalError> {
        let host = self.host("folder")?;
        let expanded = self.expanded_path("folder", path, facts);
        let Some(found) = host.folder(&expanded) else {
            facts.note(|| format!("folder `{expanded}` not found"));
            return Ok(false);
        };
        facts.note(|| format!("folder `{expanded}` exists"));
        match date {
            (Some(want), Some(op)) => {
                self.date_compare("folder", found.modified.as_deref(), (want, op), facts)
            }
            (None, None) => Ok(true),
            _ => {
                facts
                    .note(|| "a date without its operator (or the reverse) is not compared".into());
                Ok(true)
            }
        }
    }

    fn registry<F: Facts>(
        &self,
        key: &str,
        value_name: &str,
        value_type: Option<RegistryType>,
        op: VariableOperator,
        data: &str,
        facts: &mut F,
    ) -> Result<bool, EvalError> {
        if matches!(op, VariableOperator::Like | VariableOperator::NotLike) {
            return Err(EvalError::RegistryOperator {
                operator: op.as_str().to_string(),
                key: key.to_string(),
            });
        }
        let host = self.host("registry")?;
        let shown_name = if value_name.is_empty() {
            "(Default)"
        } else {
            value_name
        };
        let found = host.registry(key, value_name);
        let Some(found) = found else {
            facts.note(|| format!("value `{shown_name}` of `{key}` not found"));
            return Ok(op == VariableOperator::NotExists);
        };
        match op {
            VariableOperator::Exists | VariableOperator::NotExists => {
                let type_ok = value_type.is_none_or(|t| t == found.kind);
                facts.note(|| match value_type {
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
                let cs = self.cs();
                let texts = data_texts(&found.data);
                let mut result = false;
                for have in &texts {
                    let ok = match op {
                        VariableOperator::Equals => values_equal(have, data, cs).0,
                        VariableOperator::NotEquals => !values_equal(have, data, cs).0,
                        _ => {
                            let ord = compare_values(have, data, cs).0;
                            match op {
                                VariableOperator::Greater => ord.is_gt(),
                                VariableOperator::GreaterEqual => ord.is_ge(),
                                VariableOperator::Less => ord.is_lt(),
                                _ => ord.is_le(),
                            }
                        }
                    };
                    if ok {
                        result = true;
                        break;
                    }
                }
                // A multi-string value holds when any of its strings does (all, for notEquals).
                if op == VariableOperator::NotEquals && texts.len() > 1 {
                    result = texts.iter().all(|h| !values_equal(h, data, cs).0);
                }
                facts.note(|| {
                    format!(
                        "value `{shown_name}` of `{key}` is {} {}; compared with {}",
                        found.kind.as_str(),
                        describe_data(&found),
                        quote(data)
                    )
                });
                Ok(result)
            }
        }
    }

    fn software<F: Facts>(
        &self,
        op: SoftwareOperator,
        product_code: Option<&str>,
        upgrade_code: Option<&str>,
        version: Option<&str>,
        facts: &mut F,
    ) -> Result<bool, EvalError> {
        let host = self.host("software")?;
        let missing = |field: &str| EvalError::MissingField {
            kind: "software".into(),
            field: field.into(),
        };
        match op {
            SoftwareOperator::ThisVersion => {
                let code = product_code
                    .filter(|c| !c.trim().is_empty())
                    .ok_or_else(|| missing("ProductCode"))?;
                let Some(found) = host.product(&ProductQuery::ProductCode(code.to_string())) else {
                    facts.note(|| format!("product {code} is not installed"));
                    return Ok(false);
                };
                match version.filter(|v| !v.trim().is_empty()) {
                    Some(want) => {
                        let (ord, basis) = version_order(&found.version, want, false);
                        facts.note(|| {
                            format!(
                                "product {code} is installed, version {} {} {want} {}",
                                found.version,
                                relation(ord),
                                basis.describe()
                            )
                        });
                        Ok(ord.is_eq())
                    }
                    None => {
                        facts.note(|| format!("product {code} is installed"));
                        Ok(true)
                    }
                }
            }
            SoftwareOperator::AnyVersion => {
                let code = upgrade_code
                    .filter(|c| !c.trim().is_empty())
                    .ok_or_else(|| missing("UpgradeCode"))?;
                match host.product(&ProductQuery::UpgradeCode(code.to_string())) {
                    Some(found) => {
                        facts.note(|| {
                            format!(
                                "a product with upgrade code {code} is installed ({} {})",
                                found.name, found.version
                            )
                        });
                        Ok(true)
                    }
                    None => {
                        facts.note(|| format!("no product with upgrade code {code} is installed"));
                        Ok(false)
                    }
                }
            }
        }
    }

    fn os<F: Facts>(
        &self,
        architecture: Option<&str>,
        version: (Option<&str>, Option<CompareOperator>),
        facts: &mut F,
    ) -> Result<bool, EvalError> {
        let host = self.host("os")?;
        let os = machine_facts::operating_system(host)?;
        if let Some(want) = architecture.filter(|a| !a.trim().is_empty()) {
            let Some(have) = os.architecture.as_deref() else {
                facts.note(|| "the machine's architecture is unknown".to_string());
                return Ok(false);
            };
            let same = machine_facts::same_architecture(want, have);
            facts.note(|| {
                let verb = if same { "matches" } else { "does not match" };
                format!("architecture {have} {verb} {want}")
            });
            if !same {
                return Ok(false);
            }
        }
        match version {
            (Some(want), Some(op)) => {
                let Some(have) = os.version.as_deref() else {
                    facts.note(|| "the machine's OS version is unknown".to_string());
                    return Ok(false);
                };
                let ord = machine_facts::os_version_cmp(have, want);
                facts.note(|| format!("OS version {have} {} {want}", relation(ord)));
                Ok(holds(op, ord))
            }
            (None, None) => Ok(true),
            _ => {
                facts.note(|| {
                    "a version without its operator (or the reverse) is not compared".into()
                });
                Ok(true)
            }
        }
    }

    /// A machine fact: the variable Set Dynamic Variables sets, else the WMI property.
    fn machine_values(
        &self,
        kind: &str,
        variable: &str,
        class: FactClass,
        property: &str,
    ) -> Result<(Vec<String>, String), EvalError> {
        if let Some(v) = self.ctx.variables.get(variable).filter(|v| !v.is_empty()) {
            return Ok((vec![v.to_string()], variable.to_string()));
        }
        let host = self.host(kind)?;
        let values = machine_facts::wmi_values(host, kind, class, property)?;
        Ok((values, format!("{}.{property}", class.name())))
    }

    fn make_model<F: Facts>(
        &self,
        make: Option<&str>,
        model: Option<&str>,
        facts: &mut F,
    ) -> Result<bool, EvalError> {
        let cs = self.cs();
        let parts = [
            (make, "_SMSTSMake", "Manufacturer", "make"),
            (model, "_SMSTSModel", "Model", "model"),
        ];
        for (pattern, variable, property, label) in parts {
            let Some(pattern) = pattern.filter(|p| !p.is_empty()) else {
                facts.note(|| format!("no {label} given: any {label} matches"));
                continue;
            };
            let (values, source) =
                self.machine_values("make_model", variable, FactClass::ComputerSystem, property)?;
            let have = values.first().map_or("", String::as_str);
            let matched = wildcard_match(have, pattern, cs);
            facts.note(|| {
                let verb = if matched { "matches" } else { "does not match" };
                format!(
                    "{label} {} (from {source}) {verb} {}",
                    quote(have),
                    quote(pattern)
                )
            });
            if !matched {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn computer<F: Facts>(
        &self,
        fields: [Option<&str>; 4],
        facts: &mut F,
    ) -> Result<bool, EvalError> {
        let [asset_tag, mac, serial, uuid] = fields;
        let cs = self.cs();
        let checks: [(Option<&str>, &str, &str, FactClass, &str); 4] = [
            (
                wanted(asset_tag),
                "asset tag",
                "_SMSTSAssetTag",
                FactClass::SystemEnclosure,
                "SMBIOSAssetTag",
            ),
            (
                wanted(mac),
                "MAC address",
                "_SMSTSMacAddresses",
                FactClass::NetworkAdapter,
                "MACAddress",
            ),
            (
                wanted(serial),
                "serial number",
                "_SMSTSSerialNumber",
                FactClass::Bios,
                "SerialNumber",
            ),
            (
                wanted(uuid),
                "UUID",
                "_SMSTSUUID",
                FactClass::ComputerSystemProduct,
                "UUID",
            ),
        ];
        let mut any_given = false;
        for (want, label, variable, class, property) in checks {
            let Some(want) = want else { continue };
            any_given = true;
            let (values, source) = self.machine_values("computer", variable, class, property)?;
            let have: Vec<&str> = if label == "MAC address" {
                values
                    .iter()
                    .flat_map(|v| v.split([',', ';', ' ']))
                    .filter(|v| !v.is_empty())
                    .collect()
            } else {
                values.iter().map(String::as_str).collect()
            };
            let matched = have.iter().any(|h| match label {
                "MAC address" => machine_facts::same_mac(h, want),
                "UUID" => machine_facts::same_uuid(h, want),
                _ => text_equal(h.trim(), want, cs),
            });
            facts.note(|| {
                let verb = if matched { "matches" } else { "does not match" };
                let shown: Vec<String> = have.iter().map(|h| quote(h)).collect();
                let shown = if shown.is_empty() {
                    "(none)".to_string()
                } else {
                    shown.join(", ")
                };
                format!("{label} {shown} (from {source}) {verb} {}", quote(want))
            });
            if matched {
                return Ok(true);
            }
        }
        if !any_given {
            facts.note(|| "no asset tag, MAC address, serial number or UUID given".to_string());
        }
        Ok(false)
    }
}

fn wmi_count<F: Facts>(
    host: &dyn Host,
    ns: &str,
    query: &str,
    parsed: Result<&Query, &WqlError>,
    ignore_failure: bool,
    facts: &mut F,
) -> Result<bool, EvalError> {
    let outcome = match parsed {
        Ok(q) => host.wmi_count(ns, q).map_err(|e| e.message),
        Err(e) => Err(e.to_string()),
    };
    match outcome {
        Ok(n) => {
            facts.note(|| format!("`{query}` returned {n} instance{} in `{ns}`", plural(n)));
            Ok(n > 0)
        }
        Err(message) if ignore_failure => {
            facts.note(|| {
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

fn wanted(field: Option<&str>) -> Option<&str> {
    field.map(str::trim).filter(|v| !v.is_empty())
}

/// Versions compare as dotted versions when both are; otherwise as condition values.
fn version_order(have: &str, want: &str, cs: bool) -> (Ordering, Basis) {
    match compare_versions(have, want) {
        Some(ord) => (ord, Basis::Version),
        None => compare_values(have, want, cs),
    }
}

fn data_texts(data: &RegistryData) -> Vec<Cow<'_, str>> {
    match data {
        RegistryData::Number(n) => vec![Cow::Owned(n.to_string())],
        RegistryData::String(s) => vec![Cow::Borrowed(s.as_str())],
        RegistryData::Strings(list) if list.is_empty() => vec![Cow::Borrowed("")],
        RegistryData::Strings(list) => list.iter().map(|s| Cow::Borrowed(s.as_str())).collect(),
        RegistryData::Bytes(bytes) => vec![Cow::Owned(
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        )],
    }
}

fn describe_data(v: &RegistryValue) -> String {
    match &v.data {
        RegistryData::Number(n) => n.to_string(),
        RegistryData::String(s) => quote(s),
        RegistryData::Strings(list) => {
            let items: Vec<String> = list.iter().map(|s| quote(s)).collect();
            format!("[{}]", items.join(", "))
        }
        RegistryData::Bytes(_) => data_texts(&v.data).concat(),
    }
}
