//! From `<condition>` elements to the typed condition tree. Anything that does not fit a typed
//! node (an unknown operator, a field with children) is kept verbatim as [`Operand::Raw`] or
//! [`ExpressionKind::Other`], never dropped.

use super::elements::{Attrs, parse_bool, raw_element, raw_node};
use super::tree::{XElement, XNode};
use crate::model::RawNode;
use crate::model::RegistryType;
use crate::model::condition::{
    CompareOperator, Condition, Expression, ExpressionKind, Field, Operand, Operator, OperatorKind,
    OsConditionGroup, OsExpressionGroup, OsGroupItem, PlatformKey, SoftwareOperator,
    VariableOperator, XmlHints,
};

/// A condition nested deeper than [`super::MAX_CONDITION_DEPTH`]; `offset` is the `<condition>`
/// element's.
pub(super) struct TooDeep {
    pub offset: usize,
}

pub(super) fn condition(el: &XElement<'_>) -> Result<Condition, TooDeep> {
    let c = Condition {
        operands: operands(el),
        extra_attributes: Attrs::of(el).rest(),
    };
    if depth(&c) > super::MAX_CONDITION_DEPTH {
        return Err(TooDeep { offset: el.offset });
    }
    Ok(c)
}

/// How deeply a condition's operands nest (see [`super::MAX_CONDITION_DEPTH`]): each operator is
/// one level, an OS condition group two (the group, then its platform groups); expressions and
/// verbatim content are none. Walked with a heap stack, so any model built in code is measured
/// safely.
pub(crate) fn depth(c: &Condition) -> usize {
    let mut deepest = 0;
    let mut stack: Vec<(&Operand, usize)> = c.operands.iter().map(|o| (o, 0)).collect();
    while let Some((operand, level)) = stack.pop() {
        match operand {
            Operand::Operator(op) => {
                deepest = deepest.max(level + 1);
                stack.extend(op.operands.iter().map(|o| (o, level + 1)));
            }
            Operand::OsConditionGroup(g) => {
                deepest = deepest.max(level + 1);
                for group in &g.groups {
                    deepest = deepest.max(level + 2);
                    stack.extend(group.items.iter().filter_map(|item| match item {
                        OsGroupItem::Operand(o) => Some((o, level + 2)),
                        OsGroupItem::PlatformKey(_) => None,
                    }));
                }
            }
            Operand::Expression(_) | Operand::Raw(_) => {}
        }
    }
    deepest
}

fn operands(el: &XElement<'_>) -> Vec<Operand> {
    el.children()
        .filter_map(|child| match child {
            XNode::Element(e) => Some(operand(&e)),
            other => raw_node(&other).map(Operand::Raw),
        })
        .collect()
}

pub(super) fn operand(el: &XElement<'_>) -> Operand {
    match el.name {
        "operator" => operator(el),
        "expression" => expression(el),
        "osConditionGroup" if os_condition_group_fits(el) => {
            Operand::OsConditionGroup(os_condition_group(el))
        }
        _ => Operand::Raw(RawNode::Element(raw_element(el))),
    }
}

fn operator(el: &XElement<'_>) -> Operand {
    let written = el.attr("type").unwrap_or_default();
    let Some(kind) = OperatorKind::parse(written) else {
        return Operand::Raw(RawNode::Element(raw_element(el)));
    };
    let mut attrs = Attrs::of(el);
    attrs.string("type");
    let hints = XmlHints {
        type_spelling: (written != kind.as_str()).then(|| written.to_string()),
        ..XmlHints::default()
    };
    Operand::Operator(Operator {
        kind,
        operands: operands(el),
        extra_attributes: attrs.rest(),
        hints,
    })
}

/// The `<variable name="…">text</variable>` fields, or `None` when the expression holds anything
/// else (then it is kept verbatim).
fn fields(el: &XElement<'_>) -> Option<Vec<Field>> {
    let mut out = Vec::new();
    for child in el.children() {
        match child {
            XNode::Text(t) if t.trim().is_empty() => {}
            XNode::Element(v) if v.name == "variable" && v.is_text_only() && v.attrs.len() == 1 => {
                out.push(Field {
                    name: v.attr("name")?.to_string(),
                    value: v.text().into_owned(),
                });
            }
            _ => return None,
        }
    }
    Some(out)
}

const KNOWN_TYPES: [&str; 9] = [
    "SMS_TaskSequence_VariableConditionExpression",
    "SMS_TaskSequence_WMIConditionExpression",
    "SMS_TaskSequence_FileConditionExpression",
    "SMS_TaskSequence_FolderConditionExpression",
    "SMS_TaskSequence_RegistryConditionExpression",
    "SMS_TaskSequence_SoftwareConditionExpression",
    "SMS_TaskSequence_OSConditionExpression",
    "SMS_TaskSequence_MakeModelConditionExpression",
    "SMS_TaskSequence_ComputerConditionExpression",
];

/// Takes fields out of the written list by name, remembering non-canonical spellings.
struct Taker {
    fields: Vec<Option<Field>>,
    spellings: Vec<Field>,
    broken: bool,
}

impl Taker {
    fn take(&mut self, name: &str) -> Option<String> {
        let mut found = self
            .fields
            .iter_mut()
            .filter(|f| f.as_ref().is_some_and(|f| f.name == name));
        let first = found.next()?.take().map(|f| f.value);
        if found.next().is_some() {
            // The same field twice cannot be typed without losing one of them.
            self.broken = true;
        }
        first
    }

    fn required(&mut self, name: &str) -> String {
        self.take(name).unwrap_or_else(|| {
            self.broken = true;
            String::new()
        })
    }

    fn parsed<T>(
        &mut self,
        name: &str,
        parse: impl Fn(&str) -> Option<T>,
        canonical: impl Fn(&T) -> &str,
    ) -> Option<T> {
        let written = self.take(name)?;
        match parse(&written) {
            Some(value) => {
                if canonical(&value) != written {
                    self.spellings.push(Field {
                        name: name.to_string(),
                        value: written,
                    });
                }
                Some(value)
            }
            None => {
                self.broken = true;
                None
            }
        }
    }

    fn rest(self) -> Vec<Field> {
        self.fields.into_iter().flatten().collect()
    }
}

fn expression(el: &XElement<'_>) -> Operand {
    let raw = || Operand::Raw(RawNode::Element(raw_element(el)));
    let Some(written_type) = el.attr("type") else {
        return raw();
    };
    let Some(fields) = fields(el) else {
        return raw();
    };
    let mut attrs = Attrs::of(el);
    attrs.string("type");
    let mut scratch = Vec::new();
    let ignore_query_failure =
        attrs.typed("ignoreQueryFailure", parse_bool, &mut scratch, el.offset);
    let extra_attributes = attrs.rest();

    // Recorded only when it differs from the canonical (alphabetical) order.
    let sorted = fields.windows(2).all(|w| match w {
        [a, b] => a.name <= b.name,
        _ => true,
    });
    let field_order = if sorted {
        Vec::new()
    } else {
        fields.iter().map(|f| f.name.clone()).collect()
    };

    let canonical_type = KNOWN_TYPES
        .into_iter()
        .find(|t| t.eq_ignore_ascii_case(written_type));
    let mut t = Taker {
        fields: fields.into_iter().map(Some).collect(),
        spellings: Vec::new(),
        broken: false,
    };
    let mut value_omitted = false;
    let kind = match canonical_type.unwrap_or_default() {
        "SMS_TaskSequence_VariableConditionExpression" => {
            let name = t.required("Variable");
            let operator = t.parsed("Operator", VariableOperator::parse, |o| o.as_str());
            let value = t.take("Value");
            value_omitted = value.is_none();
            match operator {
                Some(operator) if !t.broken => ExpressionKind::Variable {
                    name,
                    operator,
                    value: value.unwrap_or_default(),
                },
                _ => {
                    t.broken = true;
                    ExpressionKind::Other {
                        type_name: String::new(),
                        fields: Vec::new(),
                    }
                }
            }
        }
        "SMS_TaskSequence_WMIConditionExpression" => ExpressionKind::Wmi {
            namespace: t.take("Namespace"),
            query: t.required("Query"),
        },
        "SMS_TaskSequence_FileConditionExpression" => ExpressionKind::File {
            path: t.required("Path"),
            version: t.take("Version"),
            version_operator: t.parsed("VersionOperator", CompareOperator::parse, |o| o.as_str()),
            date_time: t.take("DateTime"),
            date_time_operator: t
                .parsed("DateTimeOperator", CompareOperator::parse, |o| o.as_str()),
        },
        "SMS_TaskSequence_FolderConditionExpression" => ExpressionKind::Folder {
            path: t.required("Path"),
            date_time: t.take("DateTime"),
            date_time_operator: t
                .parsed("DateTimeOperator", CompareOperator::parse, |o| o.as_str()),
        },
        "SMS_TaskSequence_RegistryConditionExpression" => {
            let key_path = t.required("KeyPath");
            let value_name = t.take("Value");
            let value_type = t.parsed("Type", RegistryType::parse, |r| r.as_str());
            let operator = t.parsed("Operator", VariableOperator::parse, |o| o.as_str());
            let data = t.take("Data");
            match operator {
                Some(operator) => ExpressionKind::Registry {
                    key_path,
                    value_name,
                    value_type,
                    operator,
                    data,
                },
                None => {
                    t.broken = true;
                    ExpressionKind::Other {
                        type_name: String::new(),
                        fields: Vec::new(),
                    }
                }
            }
        }
        "SMS_TaskSequence_SoftwareConditionExpression" => {
            let operator = t.parsed("Operator", SoftwareOperator::parse, |o| o.as_str());
            let kind = ExpressionKind::Software {
                operator: operator.unwrap_or(SoftwareOperator::ThisVersion),
                product_code: t.take("ProductCode"),
                upgrade_code: t.take("UpgradeCode"),
                product_name: t.take("ProductName"),
                version: t.take("Version"),
            };
            if operator.is_none() {
                t.broken = true;
            }
            kind
        }
        "SMS_TaskSequence_OSConditionExpression" => ExpressionKind::Os {
            architecture: t.take("Architecture"),
            version: t.take("Version"),
            operator: t.parsed("Operator", CompareOperator::parse, |o| o.as_str()),
        },
        "SMS_TaskSequence_MakeModelConditionExpression" => ExpressionKind::MakeModel {
            make: t.take("Make"),
            model: t.take("Model"),
        },
        "SMS_TaskSequence_ComputerConditionExpression" => ExpressionKind::Computer {
            asset_tag: t.take("AssetTag"),
            mac_address: t.take("MACAddress"),
            serial_number: t.take("SerialNumber"),
            uuid: t.take("UUID"),
        },
        _ => {
            t.broken = true;
            ExpressionKind::Other {
                type_name: String::new(),
                fields: Vec::new(),
            }
        }
    };
    if t.broken {
        // Keep the expression whole, as written, so nothing is lost or reordered.
        return Operand::Expression(Expression {
            kind: ExpressionKind::Other {
                type_name: written_type.to_string(),
                // Read again: the typed attempt consumed the first copy, and this path is rare.
                fields: self::fields(el).unwrap_or_default(),
            },
            ignore_query_failure,
            extra_fields: Vec::new(),
            extra_attributes,
            hints: XmlHints::default(),
        });
    }
    let hints = XmlHints {
        type_spelling: canonical_type
            .filter(|c| *c != written_type)
            .map(|_| written_type.to_string()),
        spellings: std::mem::take(&mut t.spellings),
        field_order,
        value_omitted,
    };
    Operand::Expression(Expression {
        kind,
        ignore_query_failure,
        extra_fields: t.rest(),
        extra_attributes,
        hints,
    })
}

/// Whether the typed [`OsConditionGroup`] holds the element's content as written: it keeps the
/// platform groups first and anything else after them, so text (which ConfigMgr never writes
/// there) or content before a platform group could not come back in place. Such an element is
/// kept verbatim instead, its text exact.
fn os_condition_group_fits(el: &XElement<'_>) -> bool {
    let mut past_groups = false;
    for child in el.children() {
        match child {
            XNode::Text(t) if t.trim().is_empty() => {}
            XNode::Text(_) | XNode::CData(_) => return false,
            XNode::Element(e) if e.name == "osExpressionGroup" => {
                if past_groups {
                    return false;
                }
            }
            _ => past_groups = true,
        }
    }
    true
}

fn os_condition_group(el: &XElement<'_>) -> OsConditionGroup {
    let mut attrs = Attrs::of(el);
    let type_attr = attrs.string("type");
    let mut group = OsConditionGroup {
        type_attr,
        extra_attributes: attrs.rest(),
        ..OsConditionGroup::default()
    };
    for child in el.children() {
        match child {
            XNode::Element(e) if e.name == "osExpressionGroup" => {
                group.groups.push(os_expression_group(&e))
            }
            other => group.extra_children.extend(raw_node(&other)),
        }
    }
    group
}

fn os_expression_group(el: &XElement<'_>) -> OsExpressionGroup {
    let mut attrs = Attrs::of(el);
    let name = attrs.string("name");
    let type_attr = attrs.string("type");
    let items = el
        .children()
        .filter_map(|child| match child {
            XNode::Element(e)
                if e.name == "platformKey"
                    && e.children()
                        .all(|c| matches!(c, XNode::Text(t) if t.trim().is_empty())) =>
            {
                let mut a = Attrs::of(&e);
                Some(OsGroupItem::PlatformKey(PlatformKey {
                    arch: a.string("arch"),
                    platform_type: a.string("type"),
                    min_version: a.string("minVer"),
                    max_version: a.string("maxVer"),
                    extra_attributes: a.rest(),
                }))
            }
            XNode::Element(e) => Some(OsGroupItem::Operand(operand(&e))),
            other => raw_node(&other).map(|r| OsGroupItem::Operand(Operand::Raw(r))),
        })
        .collect();
    OsExpressionGroup {
        name,
        type_attr,
        items,
        extra_attributes: attrs.rest(),
    }
}
