//! Writing the condition tree, honouring the spellings and field order it was read with.

use super::writer::Writer;
use crate::model::RegistryType;
use crate::model::condition::{
    CompareOperator, Condition, Expression, ExpressionKind, Field, Operand, Operator,
    OsConditionGroup, OsExpressionGroup, OsGroupItem, SoftwareOperator, VariableOperator, XmlHints,
};

pub(super) fn condition(w: &mut Writer, c: &Condition) {
    w.open("condition");
    w.attrs(&c.extra_attributes);
    if c.operands.is_empty() {
        return w.empty();
    }
    w.body("condition", |w| {
        c.operands.iter().for_each(|o| operand(w, o))
    });
}

fn operand(w: &mut Writer, o: &Operand) {
    match o {
        Operand::Operator(op) => operator(w, op),
        Operand::Expression(e) => expression(w, e),
        Operand::OsConditionGroup(g) => os_condition_group(w, g),
        Operand::Raw(r) => w.raw(r),
    }
}

fn operator(w: &mut Writer, op: &Operator) {
    w.open("operator");
    let spelled = op
        .hints
        .type_spelling
        .as_deref()
        .filter(|s| s.eq_ignore_ascii_case(op.kind.as_str()));
    w.attr("type", spelled.unwrap_or(op.kind.as_str()));
    w.attrs(&op.extra_attributes);
    if op.operands.is_empty() {
        return w.empty();
    }
    w.body("operator", |w| {
        op.operands.iter().for_each(|o| operand(w, o))
    });
}

/// The written spelling of a typed field: as read, while it still means the current value.
fn spelled<'a, T: PartialEq>(
    hints: &'a XmlHints,
    field: &str,
    value: T,
    canonical: &'a str,
    parse: fn(&str) -> Option<T>,
) -> String {
    hints
        .spellings
        .iter()
        .find(|f| f.name == field && parse(&f.value).as_ref() == Some(&value))
        .map_or(canonical, |f| f.value.as_str())
        .to_string()
}

fn var_op(h: &XmlHints, field: &str, op: VariableOperator) -> String {
    spelled(h, field, op, op.as_str(), VariableOperator::parse)
}

fn cmp_op(h: &XmlHints, field: &str, op: CompareOperator) -> String {
    spelled(h, field, op, op.as_str(), CompareOperator::parse)
}

fn fields_of(e: &Expression) -> Vec<Field> {
    let h = &e.hints;
    let mut out: Vec<Field> = Vec::new();
    let mut put = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            out.push(Field {
                name: name.to_string(),
                value,
            });
        }
    };
    match &e.kind {
        ExpressionKind::Variable {
            name,
            operator,
            value,
        } => {
            put("Variable", Some(name.clone()));
            put("Operator", Some(var_op(h, "Operator", *operator)));
            put(
                "Value",
                (!(h.value_omitted && value.is_empty())).then(|| value.clone()),
            );
        }
        ExpressionKind::Wmi { namespace, query } => {
            put("Namespace", namespace.clone());
            put("Query", Some(query.clone()));
        }
        ExpressionKind::File {
            path,
            version,
            version_operator,
            date_time,
            date_time_operator,
        } => {
            put("Path", Some(path.clone()));
            put("Version", version.clone());
            put(
                "VersionOperator",
                version_operator.map(|o| cmp_op(h, "VersionOperator", o)),
            );
            put("DateTime", date_time.clone());
            put(
                "DateTimeOperator",
                date_time_operator.map(|o| cmp_op(h, "DateTimeOperator", o)),
            );
        }
        ExpressionKind::Folder {
            path,
            date_time,
            date_time_operator,
        } => {
            put("Path", Some(path.clone()));
            put("DateTime", date_time.clone());
            put(
                "DateTimeOperator",
                date_time_operator.map(|o| cmp_op(h, "DateTimeOperator", o)),
            );
        }
        ExpressionKind::Registry {
            key_path,
            value_name,
            value_type,
            operator,
            data,
        } => {
            put("KeyPath", Some(key_path.clone()));
            put("Value", value_name.clone());
            put(
                "Type",
                value_type.map(|t| spelled(h, "Type", t, t.as_str(), RegistryType::parse)),
            );
            put("Operator", Some(var_op(h, "Operator", *operator)));
            put("Data", data.clone());
        }
        ExpressionKind::Software {
            operator,
            product_code,
            upgrade_code,
            product_name,
            version,
        } => {
            put(
                "Operator",
                Some(spelled(
                    h,
                    "Operator",
                    *operator,
                    operator.as_str(),
                    SoftwareOperator::parse,
                )),
            );
            put("ProductCode", product_code.clone());
            put("UpgradeCode", upgrade_code.clone());
            put("ProductName", product_name.clone());
            put("Version", version.clone());
        }
        ExpressionKind::Os {
            architecture,
            version,
            operator,
        } => {
            put("Architecture", architecture.clone());
            put("Version", version.clone());
            put("Operator", operator.map(|o| cmp_op(h, "Operator", o)));
        }
        ExpressionKind::MakeModel { make, model } => {
            put("Make", make.clone());
            put("Model", model.clone());
        }
        ExpressionKind::Computer {
            asset_tag,
            mac_address,
            serial_number,
            uuid,
        } => {
            put("AssetTag", asset_tag.clone());
            put("MACAddress", mac_address.clone());
            put("SerialNumber", serial_number.clone());
            put("UUID", uuid.clone());
        }
        // Unknown expressions keep their written order exactly.
        ExpressionKind::Other { fields, .. } => return fields.clone(),
    }
    out.extend(e.extra_fields.iter().cloned());
    // Canonical order is alphabetical (as ConfigMgr writes); a recorded order wins for the fields
    // it names.
    out.sort_by(|a, b| a.name.cmp(&b.name));
    if !h.field_order.is_empty() {
        // A name may be recorded more than once: the k-th field of a name takes the place of the
        // name's k-th mention, so repeated fields keep their places between the others.
        let mut seen: Vec<(String, usize)> = Vec::new();
        let mut ranked: Vec<(usize, Field)> = out
            .into_iter()
            .map(|f| {
                let k = match seen.iter_mut().find(|(n, _)| *n == f.name) {
                    Some((_, count)) => {
                        *count += 1;
                        *count - 1
                    }
                    None => {
                        seen.push((f.name.clone(), 1));
                        0
                    }
                };
                let rank = h
                    .field_order
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| **n == f.name)
                    .nth(k)
                    .map_or(usize::MAX, |(i, _)| i);
                (rank, f)
            })
            .collect();
        ranked.sort_by_key(|(rank, _)| *rank);
        out = ranked.into_iter().map(|(_, f)| f).collect();
    }
    out
}

fn expression(w: &mut Writer, e: &Expression) {
    w.open("expression");
    let canonical = e.kind.type_name();
    let spelled = e
        .hints
        .type_spelling
        .as_deref()
        .filter(|s| s.eq_ignore_ascii_case(canonical));
    w.attr("type", spelled.unwrap_or(canonical));
    w.attr_opt(
        "ignoreQueryFailure",
        e.ignore_query_failure
            .map(|b| if b { "true" } else { "false" }),
    );
    w.attrs(&e.extra_attributes);
    let fields = fields_of(e);
    if fields.is_empty() {
        return w.empty();
    }
    w.body("expression", |w| {
        for f in &fields {
            w.open("variable");
            w.attr("name", &f.name);
            w.text_body("variable", &f.value);
        }
    });
}

fn os_condition_group(w: &mut Writer, g: &OsConditionGroup) {
    w.open("osConditionGroup");
    w.attr_opt("type", g.type_attr.as_deref());
    w.attrs(&g.extra_attributes);
    if g.groups.is_empty() && g.extra_children.is_empty() {
        return w.empty();
    }
    w.body("osConditionGroup", |w| {
        g.groups.iter().for_each(|e| os_expression_group(w, e));
        g.extra_children.iter().for_each(|r| w.raw(r));
    });
}

fn os_expression_group(w: &mut Writer, g: &OsExpressionGroup) {
    w.open("osExpressionGroup");
    w.attr_opt("type", g.type_attr.as_deref());
    w.attr_opt("name", g.name.as_deref());
    w.attrs(&g.extra_attributes);
    if g.items.is_empty() {
        return w.empty();
    }
    w.body("osExpressionGroup", |w| {
        for item in &g.items {
            match item {
                OsGroupItem::PlatformKey(k) => {
                    w.open("platformKey");
                    w.attr_opt("arch", k.arch.as_deref());
                    w.attr_opt("type", k.platform_type.as_deref());
                    w.attr_opt("minVer", k.min_version.as_deref());
                    w.attr_opt("maxVer", k.max_version.as_deref());
                    w.attrs(&k.extra_attributes);
                    w.empty();
                }
                OsGroupItem::Operand(o) => operand(w, o),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    /// Found by fuzzing the rules reader: fields whose names repeat, with another name between
    /// them, were written grouped by name, so the second read gave another order.
    #[test]
    fn repeated_field_names_keep_their_places() {
        let text = r#"<Rules><Rule><condition><expression type="SMS_TaskSequence_MakeModelConditionExpression"><variable name="Extra">1</variable><variable name="Other">2</variable><variable name="Extra">3</variable><variable name="Other">4</variable></expression></condition><Variables/></Rule></Rules>"#;
        let rules = crate::xml::read_rules(text).unwrap();
        let written = crate::xml::write_rules(&rules);
        let values: Vec<&str> = written
            .split("\">")
            .skip(1)
            .filter_map(|s| s.split('<').next())
            .filter(|v| v.len() == 1)
            .collect();
        assert_eq!(values, ["1", "2", "3", "4"], "{written}");
        assert_eq!(crate::xml::read_rules(&written).unwrap(), rules);
    }
}
