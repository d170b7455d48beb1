//! Canonical text of a condition.
//!
//! The printer walks the tree with an explicit stack of pending pieces instead of recursion, so a
//! condition of any depth prints without risk to the stack.

use super::lex::{RESERVED, is_ident};
use crate::condition::{
    CompareOperator, Condition, Expression, ExpressionKind, Operand, Operator, OperatorKind,
    OsConditionGroup, OsExpressionGroup, OsGroupItem, PlatformKey, SoftwareOperator,
    VariableOperator,
};
use crate::xml::{WriteOptions, write_condition};

/// The namespace a `wmi(…)` without `namespace=` stands for.
pub(crate) const DEFAULT_NAMESPACE: &str = "root\\cimv2";

/// Where an operand is printed; decides whether an infix `and`/`or` needs parentheses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The only operand of the condition.
    Alone,
    /// One of several operands of the condition (joined by the implicit `and`).
    Among,
    /// A child of an infix `and`.
    InAnd,
    /// A child of an infix `or`.
    InOr,
    /// The child of `not`.
    InNot,
    /// An argument of `all(…)`, `any(…)`, `none(…)` or `platform(…)`, separated by commas.
    Arg,
}

enum Piece<'a> {
    Str(&'static str),
    Owned(String),
    Operand(&'a Operand, Place),
    Item(&'a OsGroupItem),
}

/// The canonical text of a whole condition.
pub(crate) fn condition(c: &Condition) -> String {
    if !c.extra_attributes.is_empty() {
        return xml_call(&write_condition(c, &WriteOptions::one_line()));
    }
    let place = if c.operands.len() == 1 {
        Place::Alone
    } else {
        Place::Among
    };
    let mut pieces = Vec::new();
    for (i, op) in c.operands.iter().enumerate().rev() {
        pieces.push(Piece::Operand(op, place));
        if i > 0 {
            pieces.push(Piece::Str(" and "));
        }
    }
    run(pieces)
}

/// The canonical text of one operand, as it would read standing alone in a condition.
pub(crate) fn operand(op: &Operand) -> String {
    run(vec![Piece::Operand(op, Place::Alone)])
}

/// The text of one platform of an OS condition group (`platform("…", …)`).
pub(crate) fn platform(g: &OsExpressionGroup) -> String {
    let mut pieces = Vec::new();
    push_platform(&mut pieces, g);
    run(pieces)
}

fn run(mut pieces: Vec<Piece<'_>>) -> String {
    let mut out = String::new();
    while let Some(piece) = pieces.pop() {
        match piece {
            Piece::Str(s) => out.push_str(s),
            Piece::Owned(s) => out.push_str(&s),
            Piece::Operand(op, place) => expand(&mut pieces, op, place),
            Piece::Item(OsGroupItem::PlatformKey(k)) => out.push_str(&platform_key(k)),
            Piece::Item(OsGroupItem::Operand(op)) => expand(&mut pieces, op, Place::Arg),
        }
    }
    out
}

/// Pushes, in reverse, the pieces that print `items` separated by `sep` inside `open … close`.
fn push_list<'a>(
    pieces: &mut Vec<Piece<'a>>,
    open: &'static str,
    items: impl DoubleEndedIterator<Item = Piece<'a>> + ExactSizeIterator,
    sep: &'static str,
    close: &'static str,
) {
    pieces.push(Piece::Str(close));
    let n = items.len();
    for (i, item) in items.enumerate().rev() {
        pieces.push(item);
        if i > 0 && n > 1 {
            pieces.push(Piece::Str(sep));
        }
    }
    pieces.push(Piece::Str(open));
}

fn expand<'a>(pieces: &mut Vec<Piece<'a>>, op: &'a Operand, place: Place) {
    match op {
        Operand::Operator(o) => operator(pieces, op, o, place),
        Operand::Expression(e) => pieces.push(Piece::Owned(expression(op, e))),
        Operand::OsConditionGroup(g) => os_group(pieces, op, g),
        Operand::Raw(_) => pieces.push(Piece::Owned(xml_of(op))),
    }
}

fn operator<'a>(pieces: &mut Vec<Piece<'a>>, op: &'a Operand, o: &'a Operator, place: Place) {
    if !o.extra_attributes.is_empty() {
        return pieces.push(Piece::Owned(xml_of(op)));
    }
    let children = o.operands.iter();
    match (o.kind, o.operands.len()) {
        (OperatorKind::Not, 1) => {
            if let Some(child) = o.operands.first() {
                pieces.push(Piece::Operand(child, Place::InNot));
                pieces.push(Piece::Str("not "));
            }
        }
        (OperatorKind::And, n) if n >= 2 => {
            let parens = place != Place::Arg;
            let items = children.map(|c| Piece::Operand(c, Place::InAnd));
            if parens {
                push_list(pieces, "(", items, " and ", ")");
            } else {
                push_list(pieces, "", items, " and ", "");
            }
        }
        (OperatorKind::Or, n) if n >= 2 => {
            let parens = !matches!(place, Place::Alone | Place::Arg);
            let items = children.map(|c| Piece::Operand(c, Place::InOr));
            if parens {
                push_list(pieces, "(", items, " or ", ")");
            } else {
                push_list(pieces, "", items, " or ", "");
            }
        }
        (kind, _) => {
            let open = match kind {
                OperatorKind::And => "all(",
                OperatorKind::Or => "any(",
                OperatorKind::Not => "none(",
            };
            let items = children.map(|c| Piece::Operand(c, Place::Arg));
            push_list(pieces, open, items, ", ", ")");
        }
    }
}

/// Whether an OS condition group has the shape `os_group(platform(…), …)` can say; anything else
/// prints as `xml(…)`.
fn os_group_is_regular(g: &OsConditionGroup) -> bool {
    g.type_attr.as_deref() == Some("or")
        && g.extra_children.is_empty()
        && g.extra_attributes.is_empty()
        && g.groups.iter().all(|p| {
            p.type_attr.as_deref() == Some("and")
                && p.name.is_some()
                && p.extra_attributes.is_empty()
                && p.items.iter().all(|item| match item {
                    OsGroupItem::PlatformKey(k) => k.extra_attributes.is_empty(),
                    OsGroupItem::Operand(_) => true,
                })
        })
}

fn os_group<'a>(pieces: &mut Vec<Piece<'a>>, op: &'a Operand, g: &'a OsConditionGroup) {
    if !os_group_is_regular(g) {
        return pieces.push(Piece::Owned(xml_of(op)));
    }
    pieces.push(Piece::Str(")"));
    for (i, p) in g.groups.iter().enumerate().rev() {
        push_platform(pieces, p);
        if i > 0 {
            pieces.push(Piece::Str(", "));
        }
    }
    pieces.push(Piece::Str("os_group("));
}

fn push_platform<'a>(pieces: &mut Vec<Piece<'a>>, p: &'a OsExpressionGroup) {
    pieces.push(Piece::Str(")"));
    for item in p.items.iter().rev() {
        pieces.push(Piece::Item(item));
        pieces.push(Piece::Str(", "));
    }
    pieces.push(Piece::Owned(format!(
        "platform({}",
        quote(p.name.as_deref().unwrap_or_default())
    )));
}

fn platform_key(k: &PlatformKey) -> String {
    let mut args = Vec::new();
    named(&mut args, "arch", k.arch.as_deref());
    named(&mut args, "type", k.platform_type.as_deref());
    named(&mut args, "min", k.min_version.as_deref());
    named(&mut args, "max", k.max_version.as_deref());
    format!("key({})", args.join(", "))
}

fn named(args: &mut Vec<String>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        args.push(format!("{key}={}", quote(v)));
    }
}

/// `xml("…")` holding the operand's XML on one line.
fn xml_of(op: &Operand) -> String {
    let wrapped = write_condition(
        &Condition {
            operands: vec![op.clone()],
            extra_attributes: Vec::new(),
        },
        &WriteOptions::one_line(),
    );
    let inner = wrapped
        .strip_prefix("<condition>")
        .and_then(|s| s.strip_suffix("</condition>"))
        .unwrap_or(&wrapped);
    xml_call(inner)
}

fn xml_call(xml: &str) -> String {
    format!("xml({})", quote(xml))
}

fn expression(op: &Operand, e: &Expression) -> String {
    let plain = e.extra_fields.is_empty() && e.extra_attributes.is_empty();
    let iqf_ok = e.ignore_query_failure.is_none() || matches!(e.kind, ExpressionKind::Wmi { .. });
    if !(plain && iqf_ok) {
        return xml_of(op);
    }
    kind(&e.kind, e.ignore_query_failure).unwrap_or_else(|| xml_of(op))
}

/// The text of an expression kind; `None` when only `xml(…)` can say it.
fn kind(k: &ExpressionKind, ignore_query_failure: Option<bool>) -> Option<String> {
    Some(match k {
        ExpressionKind::Variable {
            name,
            operator,
            value,
        } => format!(
            "{}{}",
            variable_name(name),
            postfix(*operator, Some(value.as_str()), true)?
        ),
        ExpressionKind::Wmi { namespace, query } => {
            let mut args = vec![quote(query)];
            match namespace.as_deref() {
                None => return None,
                Some(DEFAULT_NAMESPACE) => {}
                Some(ns) => args.push(format!("namespace={}", quote(ns))),
            }
            match ignore_query_failure {
                Some(true) => args.push("ignore_failure".into()),
                Some(false) => args.push("ignore_failure=false".into()),
                None => {}
            }
            format!("wmi({})", args.join(", "))
        }
        ExpressionKind::File {
            path,
            version,
            version_operator,
            date_time,
            date_time_operator,
        } => {
            let mut args = vec![quote(path)];
            compare_arg(&mut args, "version", version, version_operator)?;
            compare_arg(&mut args, "date", date_time, date_time_operator)?;
            format!("file({})", args.join(", "))
        }
        ExpressionKind::Folder {
            path,
            date_time,
            date_time_operator,
        } => {
            let mut args = vec![quote(path)];
            compare_arg(&mut args, "date", date_time, date_time_operator)?;
            format!("folder({})", args.join(", "))
        }
        ExpressionKind::Registry {
            key_path,
            value_name,
            value_type,
            operator,
            data,
        } => {
            let mut args = vec![quote(key_path)];
            if let Some(v) = value_name {
                args.push(quote(v));
            }
            if let Some(t) = value_type {
                args.push(t.as_str().to_string());
            }
            format!(
                "registry({}){}",
                args.join(", "),
                postfix(*operator, data.as_deref(), false)?
            )
        }
        ExpressionKind::Software {
            operator,
            product_code,
            upgrade_code,
            product_name,
            version,
        } => {
            let mut args = vec![
                match operator {
                    SoftwareOperator::ThisVersion => "this_version",
                    SoftwareOperator::AnyVersion => "any_version",
                }
                .to_string(),
            ];
            named(&mut args, "product_code", product_code.as_deref());
            named(&mut args, "upgrade_code", upgrade_code.as_deref());
            named(&mut args, "product_name", product_name.as_deref());
            named(&mut args, "version", version.as_deref());
            format!("software({})", args.join(", "))
        }
        ExpressionKind::Os {
            architecture,
            version,
            operator,
        } => {
            let mut args = Vec::new();
            if let Some(a) = architecture {
                args.push(if is_ident(a) { a.clone() } else { quote(a) });
            }
            match (version, operator) {
                (Some(v), Some(op)) => args.push(format!("{} {}", cmp_symbol(*op), quote(v))),
                (None, None) => {}
                _ => return None,
            }
            format!("os({})", args.join(", "))
        }
        ExpressionKind::MakeModel { make, model } => match (make, model) {
            (Some(make), Some(model)) => format!("make_model({}, {})", quote(make), quote(model)),
            _ => {
                let mut args = Vec::new();
                named(&mut args, "make", make.as_deref());
                named(&mut args, "model", model.as_deref());
                format!("make_model({})", args.join(", "))
            }
        },
        ExpressionKind::Computer {
            asset_tag,
            mac_address,
            serial_number,
            uuid,
        } => {
            let mut args = Vec::new();
            named(&mut args, "asset_tag", asset_tag.as_deref());
            named(&mut args, "mac_address", mac_address.as_deref());
            named(&mut args, "serial_number", serial_number.as_deref());
            named(&mut args, "uuid", uuid.as_deref());
            format!("computer({})", args.join(", "))
        }
        ExpressionKind::Other { .. } => return None,
    })
}

/// `version >= "1.0"`; `None` when only one of value and operator is given.
fn compare_arg(
    args: &mut Vec<String>,
    key: &str,
    value: &Option<String>,
    op: &Option<CompareOperator>,
) -> Option<()> {
    match (value, op) {
        (Some(v), Some(op)) => args.push(format!("{key} {} {}", cmp_symbol(*op), quote(v))),
        (None, None) => {}
        _ => return None,
    }
    Some(())
}

pub(crate) fn cmp_symbol(op: CompareOperator) -> &'static str {
    match op {
        CompareOperator::Equals => "==",
        CompareOperator::NotEquals => "!=",
        CompareOperator::Greater => ">",
        CompareOperator::GreaterEqual => ">=",
        CompareOperator::Less => "<",
        CompareOperator::LessEqual => "<=",
    }
}

/// The operator and value after a variable name or `registry(…)`: ` == 3`, ` exists`,
/// ` not like "*x*"`. `value` is `None` when the field is absent (registry `Data`); variables pass
/// `Some` always and print an empty value after `exists` as nothing. Comparisons need a value:
/// `None` there yields `None` (only `xml(…)` can say it).
fn postfix(op: VariableOperator, value: Option<&str>, empty_is_none: bool) -> Option<String> {
    let val = |v: &str| {
        if is_bare_number(v) {
            v.to_string()
        } else {
            quote(v)
        }
    };
    let word = match op {
        VariableOperator::Exists => "exists",
        VariableOperator::NotExists => "not exists",
        VariableOperator::Equals => "==",
        VariableOperator::NotEquals => "!=",
        VariableOperator::Greater => ">",
        VariableOperator::GreaterEqual => ">=",
        VariableOperator::Less => "<",
        VariableOperator::LessEqual => "<=",
        VariableOperator::Like => "like",
        VariableOperator::NotLike => "not like",
    };
    Some(match op {
        VariableOperator::Exists | VariableOperator::NotExists => match value {
            // A variable's empty value is the same as none: it is not printed.
            Some("") if empty_is_none => format!(" {word}"),
            None => format!(" {word}"),
            Some(v) => format!(" {word} {}", val(v)),
        },
        _ => format!(" {word} {}", val(value?)),
    })
}

/// A variable name as written in text: bare when it is an identifier that is not a keyword, else
/// `var("…")`.
pub(crate) fn variable_name(name: &str) -> String {
    if is_ident(name) && !RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name)) {
        name.to_string()
    } else {
        format!("var({})", quote(name))
    }
}

/// Whether `v` reads back from text as a bare number: `[+-]?(0x[0-9a-f]+ | [0-9]+(.[0-9]+)*)`.
pub(crate) fn is_bare_number(v: &str) -> bool {
    let body = v.strip_prefix(['+', '-']).unwrap_or(v);
    if let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    crate::condition::compare::is_version(body)
}

/// A string literal: double quotes unless the text holds `"` and no `'`. Inside, the delimiter is
/// written `\"` (or `\'`), a control character `\u{…}`, and a backslash `\\` only where a lone one
/// would be read as the start of an escape (before `\`, a quote, `u{`, a control character, or at
/// the end); every other backslash stays single, so Windows paths read as written.
pub(crate) fn quote(s: &str) -> String {
    let q = if s.contains('"') && !s.contains('\'') {
        '\''
    } else {
        '"'
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let mut rest = chars.clone();
                let escape = match rest.next() {
                    None | Some('\\' | '"' | '\'') => true,
                    Some(n) if n.is_control() => true,
                    Some('u') => rest.next() == Some('{'),
                    Some(_) => false,
                };
                out.push_str(if escape { "\\\\" } else { "\\" });
            }
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_keeps_paths_readable() {
        assert_eq!(
            quote(r"C:\Windows\notepad.exe"),
            r#""C:\Windows\notepad.exe""#
        );
        assert_eq!(quote(r"C:\Temp\"), r#""C:\Temp\\""#);
        assert_eq!(quote(r"\\server\share"), r#""\\\server\share""#);
        assert_eq!(quote(r#"a "b" c"#), r#"'a "b" c'"#);
        assert_eq!(quote(r#"it's "x""#), r#""it's \"x\"""#);
        assert_eq!(quote("a\nb"), r#""a\u{a}b""#);
        assert_eq!(quote(r"C:\u{x}"), r#""C:\\u{x}""#);
        assert_eq!(quote(r"C:\users"), r#""C:\users""#);
        assert_eq!(quote(""), r#""""#);
    }

    #[test]
    fn bare_numbers() {
        for yes in [
            "0",
            "3247440400",
            "-1",
            "+5",
            "0xC1900210",
            "10.0.19045",
            "007",
        ] {
            assert!(is_bare_number(yes), "{yes}");
        }
        for no in [
            "", "-", "0x", "1.", ".1", "1..2", "1e3", "true", "0x1g", "- 1",
        ] {
            assert!(!is_bare_number(no), "{no}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(variable_name("PHASE"), "PHASE");
        assert_eq!(variable_name("_SMSTSInWinPE"), "_SMSTSInWinPE");
        assert_eq!(variable_name("And"), "var(\"And\")");
        assert_eq!(variable_name("odd name"), "var(\"odd name\")");
        assert_eq!(variable_name(""), "var(\"\")");
        assert_eq!(variable_name("9lives"), "var(\"9lives\")");
    }
}
