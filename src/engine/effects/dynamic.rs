//! Set Dynamic Variables. First the step sets the read-only machine facts `_SMSTSMake`,
//! `_SMSTSModel`, `_SMSTSSerialNumber`, `_SMSTSAssetTag`, `_SMSTSUUID`, `_SMSTSMacAddresses`,
//! `_SMSTSIPAddresses` and `_SMSTSDefaultGateways` from the machine's WMI facts (each one the
//! host can answer; lists comma-separated, from IP-enabled adapters). Then its rules run in
//! order: a rule without a condition always applies, a rule whose condition is true sets its
//! variables (values as written, not expanded; "secret value" entries are secret). Rules use
//! every condition kind (computer, make and model, variables, and any other the condition
//! evaluator knows), and location: a rule whose condition is one expression of a type naming
//! `Location` holds when one of its gateway values (fields naming `gateway`) is one of the
//! machine's default gateways (`_SMSTSDefaultGateways`), compared ignoring case. A rule
//! condition that cannot be evaluated, rules that do not parse, or a variable a step may not set
//! fail the step with `0x80004005`.

use super::{Cx, ENGINE_FAILURE, Effect};
use crate::codes::ReturnCode;
use crate::condition::{Condition, ExpressionKind, Operand};
use crate::engine::trace::Reason;
use crate::machine::WmiValue;
use crate::model::views::SetDynamicVariables;
use crate::wql::Query;

/// Machine facts: variable, WMI class, property, whether only IP-enabled adapters count.
const FACTS: [(&str, &str, &str, bool); 8] = [
    ("_SMSTSMake", "Win32_ComputerSystem", "Manufacturer", false),
    ("_SMSTSModel", "Win32_ComputerSystem", "Model", false),
    ("_SMSTSSerialNumber", "Win32_BIOS", "SerialNumber", false),
    (
        "_SMSTSAssetTag",
        "Win32_SystemEnclosure",
        "SMBIOSAssetTag",
        false,
    ),
    ("_SMSTSUUID", "Win32_ComputerSystemProduct", "UUID", false),
    (
        "_SMSTSMacAddresses",
        "Win32_NetworkAdapterConfiguration",
        "MACAddress",
        true,
    ),
    (
        "_SMSTSIPAddresses",
        "Win32_NetworkAdapterConfiguration",
        "IPAddress",
        true,
    ),
    (
        "_SMSTSDefaultGateways",
        "Win32_NetworkAdapterConfiguration",
        "DefaultIPGateway",
        true,
    ),
];

pub(super) fn apply(cx: &mut Cx<'_, '_>, view: &SetDynamicVariables) -> Effect {
    let code = cx.code_or(ReturnCode::SUCCESS);
    if cx.scenario_failed() {
        return Effect::code(code).note("the scenario's exit code is a failure: nothing was set");
    }
    for (variable, class, property, ip_enabled) in FACTS {
        if let Some(value) = fact(cx, class, property, ip_enabled) {
            // The names are valid engine names; values from WMI may exceed the length limit,
            // and such a fact is simply not set.
            let _ = cx.vars.engine(variable, &value);
        }
    }
    let rules = match crate::xml::rules_of(view) {
        Ok(rules) => rules,
        Err(e) => {
            return Effect::failed(
                ENGINE_FAILURE,
                Reason::StepError,
                format!("the rules do not read: {e}"),
            );
        }
    };
    let mut applied = Vec::new();
    for (index, rule) in rules.rules.iter().enumerate() {
        let number = index + 1;
        let holds = match &rule.condition {
            None => Ok(true),
            Some(condition) => match location_gateways(condition) {
                Some(wanted) => Ok(at_location(cx, &wanted)),
                None => condition.evaluate(&cx.eval_context()),
            },
        };
        match holds {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => {
                return Effect::failed(
                    ENGINE_FAILURE,
                    Reason::ConditionError,
                    format!("rule {number}: {e}"),
                );
            }
        }
        for var in &rule.variables {
            if let Err(e) = cx.vars.by_step(&var.name, &var.value, var.is_secret) {
                return Effect::failed(
                    ENGINE_FAILURE,
                    Reason::StepError,
                    format!("rule {number}: {e}"),
                );
            }
        }
        applied.push(number.to_string());
    }
    let mut effect = Effect::code(code);
    effect.notes.push(match applied.len() {
        0 if rules.rules.is_empty() => "no rules".to_string(),
        0 => format!("none of the {} rules applies", rules.rules.len()),
        _ => format!("rules applied: {}", applied.join(", ")),
    });
    effect
}

/// The gateways of a location rule: a condition of one expression whose type names `Location`,
/// its fields naming `gateway`. `None` for any other condition.
fn location_gateways(condition: &Condition) -> Option<Vec<String>> {
    let [Operand::Expression(expression)] = condition.operands.as_slice() else {
        return None;
    };
    let ExpressionKind::Other { type_name, fields } = &expression.kind else {
        return None;
    };
    if !type_name.to_ascii_lowercase().contains("location") {
        return None;
    }
    Some(
        fields
            .iter()
            .chain(&expression.extra_fields)
            .filter(|f| f.name.to_ascii_lowercase().contains("gateway"))
            .flat_map(|f| f.value.split([',', ';', ' ']))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// Whether one of `wanted` is among the machine's default gateways.
fn at_location(cx: &Cx<'_, '_>, wanted: &[String]) -> bool {
    let have = cx.vars.env.get("_SMSTSDefaultGateways").unwrap_or_default();
    have.split([',', ';', ' '])
        .map(str::trim)
        .any(|g| !g.is_empty() && wanted.iter().any(|w| w.eq_ignore_ascii_case(g)))
}

/// One fact from WMI, lists joined with commas; `None` when the host cannot answer or has no
/// value.
fn fact(cx: &Cx<'_, '_>, class: &str, property: &str, ip_enabled: bool) -> Option<String> {
    let text = if ip_enabled {
        format!("SELECT {property} FROM {class} WHERE IPEnabled = TRUE")
    } else {
        format!("SELECT {property} FROM {class}")
    };
    let query = Query::parse(&text).ok()?;
    let rows = cx.host.wmi_query(r"root\cimv2", &query).ok()?;
    let mut values = Vec::new();
    for row in &rows {
        let Some((_, value)) = row.iter().find(|(k, _)| k.eq_ignore_ascii_case(property)) else {
            continue;
        };
        collect(value, &mut values);
        if !ip_enabled {
            break;
        }
    }
    (!values.is_empty()).then(|| values.join(","))
}

fn collect(value: &WmiValue, out: &mut Vec<String>) {
    match value {
        WmiValue::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
        WmiValue::Int(i) => out.push(i.to_string()),
        WmiValue::Array(items) => {
            for item in items {
                if let WmiValue::String(s) = item
                    && !s.trim().is_empty()
                {
                    out.push(s.trim().to_string());
                }
            }
        }
        _ => {}
    }
}
