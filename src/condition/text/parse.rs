//! The condition text parser (grammar in the module documentation of `text`).

use super::lex::{
    PErr, RESERVED, Res, commit, fail, ident, keyword, no, number, string, symbol, value, ws,
};
use super::print::DEFAULT_NAMESPACE;
use super::{MAX_DEPTH, MAX_INPUT_BYTES, TextError};
use crate::condition::{
    CompareOperator, Condition, Expression, ExpressionKind, Operand, Operator, OperatorKind,
    OsConditionGroup, OsExpressionGroup, OsGroupItem, PlatformKey, SoftwareOperator,
    VariableOperator, XmlHints,
};
use crate::model::RegistryType;

/// Parses the text form of a condition.
pub(crate) fn parse(text: &str) -> Result<Condition, TextError> {
    if text.len() > MAX_INPUT_BYTES {
        let at = floor_boundary(text, MAX_INPUT_BYTES);
        return Err(TextError::new(
            text,
            at,
            format!("condition text is longer than the limit of {MAX_INPUT_BYTES} bytes"),
        ));
    }
    let to_error = |e: PErr<'_>| TextError::new(text, text.len() - e.at.len(), e.msg.into_owned());
    let start = ws(text);
    if start.is_empty() {
        return Ok(Condition::default());
    }
    if let Some(result) = whole_condition_xml(start) {
        return result.map_err(to_error);
    }
    let (rest, lists) = match or_lists(start, 0) {
        Ok(ok) => ok,
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => return Err(to_error(e)),
        Err(nom::Err::Incomplete(_)) => {
            return Err(TextError::new(text, text.len(), "unexpected end of input"));
        }
    };
    let rest = ws(rest);
    if !rest.is_empty() {
        let msg = if rest.starts_with(')') {
            "unbalanced `)`".to_string()
        } else {
            format!(
                "unexpected `{}`: expected `and`, `or` or the end of the condition",
                snippet(rest)
            )
        };
        return Err(to_error(PErr::new(rest, msg)));
    }
    let operands = if lists.len() == 1 {
        lists.into_iter().next().unwrap_or_default()
    } else {
        vec![lists_to_operand(lists)]
    };
    let condition = Condition {
        operands,
        extra_attributes: Vec::new(),
    };
    // Syntax nests one level per operator it spells, but an `or` list at the top or in a
    // function's argument builds an operator without one; the XML reader counts operators.
    if crate::xml::condition_depth(&condition) > MAX_DEPTH {
        return Err(TextError::new(
            text,
            text.len() - start.len(),
            format!("conditions nest deeper than the limit of {MAX_DEPTH}"),
        ));
    }
    Ok(condition)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The start of `rest` for messages: up to the end of the word or 20 characters.
fn snippet(rest: &str) -> String {
    let word: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace())
        .take(20)
        .collect();
    if word.is_empty() {
        rest.chars().take(1).collect()
    } else {
        word
    }
}

/// `xml("<condition …>…</condition>")` as the whole text: a condition with attributes of its own.
fn whole_condition_xml(i: &str) -> Option<Result<Condition, PErr<'_>>> {
    let (after_kw, _) = keyword(i, "xml").ok()?;
    let after_paren = ws(after_kw).strip_prefix('(')?;
    let (after_str, content) = string(ws(after_paren)).ok()?;
    let after_close = ws(after_str).strip_prefix(')')?;
    if !ws(after_close).is_empty() || !starts_condition_element(&content) {
        return None;
    }
    Some(
        crate::xml::read_condition(&content).map_err(|e| PErr::new(i, format!("in `xml(…)`: {e}"))),
    )
}

fn starts_condition_element(xml: &str) -> bool {
    xml.trim_start()
        .strip_prefix("<condition")
        .is_some_and(|r| r.starts_with(|c: char| c == '>' || c == '/' || c.is_whitespace()))
}

fn too_deep(at: &str) -> Res<'_, ()> {
    fail(
        at,
        format!("conditions nest deeper than the limit of {MAX_DEPTH}"),
    )
}

fn lists_to_operand(lists: Vec<Vec<Operand>>) -> Operand {
    fn and(mut terms: Vec<Operand>) -> Operand {
        if terms.len() == 1
            && let Some(only) = terms.pop()
        {
            return only;
        }
        operator(OperatorKind::And, terms)
    }
    if lists.len() == 1 {
        lists
            .into_iter()
            .next()
            .map(and)
            .unwrap_or_else(|| operator(OperatorKind::And, vec![]))
    } else {
        operator(OperatorKind::Or, lists.into_iter().map(and).collect())
    }
}

fn operator(kind: OperatorKind, operands: Vec<Operand>) -> Operand {
    Operand::Operator(Operator {
        kind,
        operands,
        extra_attributes: Vec::new(),
        hints: XmlHints::default(),
    })
}

fn expression(kind: ExpressionKind) -> Operand {
    Operand::Expression(Expression::new(kind))
}

/// `and`-chains separated by `or`: each inner list is one chain's terms.
fn or_lists(i: &str, depth: usize) -> Res<'_, Vec<Vec<Operand>>> {
    let (mut i, first) = and_terms(i, depth)?;
    let mut lists = vec![first];
    loop {
        let j = ws(i);
        match keyword(j, "or") {
            Ok((k, _)) => {
                let (k, terms) = commit(and_terms(k, depth), k, "expected a condition after `or`")?;
                lists.push(terms);
                i = k;
            }
            Err(nom::Err::Error(_)) => return Ok((i, lists)),
            Err(e) => return Err(e),
        }
    }
}

fn and_terms(i: &str, depth: usize) -> Res<'_, Vec<Operand>> {
    let (mut i, first) = unary(i, depth)?;
    let mut terms = vec![first];
    loop {
        let j = ws(i);
        match keyword(j, "and") {
            Ok((k, _)) => {
                let (k, term) = commit(unary(k, depth), k, "expected a condition after `and`")?;
                terms.push(term);
                i = k;
            }
            Err(nom::Err::Error(_)) => return Ok((i, terms)),
            Err(e) => return Err(e),
        }
    }
}

fn unary(i: &str, depth: usize) -> Res<'_, Operand> {
    let i = ws(i);
    if let Ok((rest, _)) = keyword(i, "not") {
        if depth >= MAX_DEPTH {
            too_deep(i)?;
        }
        let (rest, child) = commit(
            unary(rest, depth + 1),
            rest,
            "expected a condition after `not`",
        )?;
        return Ok((rest, operator(OperatorKind::Not, vec![child])));
    }
    primary(i, depth)
}

/// The identifier `name` when a `(` follows it: a function call.
fn call_name(i: &str) -> Option<(&str, &str)> {
    let (rest, name) = ident(i).ok()?;
    let after = ws(rest).strip_prefix('(')?;
    Some((after, name))
}

fn primary(i: &str, depth: usize) -> Res<'_, Operand> {
    let i = ws(i);
    if let Some(inner) = i.strip_prefix('(') {
        if depth >= MAX_DEPTH {
            too_deep(i)?;
        }
        let (rest, lists) = commit(
            or_lists(inner, depth + 1),
            inner,
            "expected a condition after `(`",
        )?;
        let rest = ws(rest);
        let Some(rest) = rest.strip_prefix(')') else {
            return fail(rest, "expected `)` or `and`/`or`");
        };
        return Ok((rest, lists_to_operand(lists)));
    }
    if let Some((after, name)) = call_name(i) {
        return call(i, after, name, depth);
    }
    if let Ok((rest, word)) = ident(i) {
        if word.eq_ignore_ascii_case("exists") {
            let (rest, name) = commit(
                variable_name(rest),
                rest,
                "expected a variable name after `exists`",
            )?;
            return Ok((
                rest,
                expression(ExpressionKind::Variable {
                    name,
                    operator: VariableOperator::Exists,
                    value: String::new(),
                }),
            ));
        }
        if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word)) {
            return no(
                i,
                format!("expected a condition, found the keyword `{word}`"),
            );
        }
        return comparison(rest, word.to_string());
    }
    if i.is_empty() {
        return no(i, "expected a condition, found the end of the text");
    }
    no(
        i,
        format!(
            "expected a condition (a variable comparison, `not`, `(`, or a function such as `wmi(…)`), found `{}`",
            snippet(i)
        ),
    )
}

/// A variable name: an identifier that is not a keyword, or `var("…")`.
fn variable_name(i: &str) -> Res<'_, String> {
    let i = ws(i);
    if let Some((after, name)) = call_name(i)
        && name.eq_ignore_ascii_case("var")
    {
        let (rest, quoted) = commit(
            string(ws(after)),
            after,
            "expected the variable name as a string in `var(…)`",
        )?;
        let (rest, ()) = close(rest, "var")?;
        return Ok((rest, quoted));
    }
    let (rest, name) = ident(i)?;
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name)) {
        return no(i, format!("`{name}` is a keyword; write `var(\"{name}\")`"));
    }
    Ok((rest, name.to_string()))
}

fn close<'a>(i: &'a str, function: &str) -> Res<'a, ()> {
    let i = ws(i);
    match i.strip_prefix(')') {
        Some(rest) => Ok((rest, ())),
        None => fail(i, format!("expected `)` closing `{function}(…)`")),
    }
}

fn comparison(i: &str, name: String) -> Res<'_, Operand> {
    let (rest, (op, val)) = postfix(i, true, &name)?;
    Ok((
        rest,
        expression(ExpressionKind::Variable {
            name,
            operator: op,
            value: val.unwrap_or_default(),
        }),
    ))
}

/// The operator and value after a variable name or `registry(…)`. The value is `None` when an
/// `exists`/`not exists` has none.
fn postfix<'a>(
    i: &'a str,
    single_eq: bool,
    subject: &str,
) -> Res<'a, (VariableOperator, Option<String>)> {
    let i = ws(i);
    let need_value = |rest: &'a str,
                      op: VariableOperator,
                      shown: &str|
     -> Res<'a, (VariableOperator, Option<String>)> {
        let (rest, v) = commit(
            value(rest),
            ws(rest),
            format!("expected a value (a quoted string or a number) after `{shown}`"),
        )?;
        Ok((rest, (op, Some(v))))
    };
    let opt_value =
        |rest: &'a str, op: VariableOperator| -> Res<'a, (VariableOperator, Option<String>)> {
            match value(rest) {
                Ok((r, v)) => Ok((r, (op, Some(v)))),
                Err(nom::Err::Error(_)) => Ok((rest, (op, None))),
                Err(e) => Err(e),
            }
        };
    if let Ok((rest, op)) = symbol(i, single_eq) {
        let shown = i.get(..i.len() - rest.len()).unwrap_or_default();
        return need_value(rest, op, shown);
    }
    if let Ok((rest, word)) = ident(i) {
        if word.eq_ignore_ascii_case("not") {
            let after = ws(rest);
            if let Ok((r, _)) = keyword(after, "like") {
                return need_value(r, VariableOperator::NotLike, "not like");
            }
            if let Ok((r, _)) = keyword(after, "exists") {
                return opt_value(r, VariableOperator::NotExists);
            }
            return fail(after, "expected `like` or `exists` after `not`");
        }
        if let Some(op) = VariableOperator::parse(word) {
            return match op {
                VariableOperator::Exists | VariableOperator::NotExists => opt_value(rest, op),
                _ => need_value(rest, op, word),
            };
        }
    }
    fail(
        i,
        format!(
            "expected an operator after `{subject}`: `==`, `!=`, `<`, `<=`, `>`, `>=`, `like`, `not like`, `exists` or `not exists`"
        ),
    )
}

/// One argument of `wmi(…)`, `file(…)` and the other leaf functions.
#[derive(Debug)]
enum Arg {
    /// A string, a bare number or a bare word.
    Pos(Val),
    /// `key=value`
    Named(String, Val),
    /// `key OP "value"` (`version >= "1.0"`)
    KeyCmp(String, CompareOperator, String),
    /// `OP "value"` (`>= "6.1"`)
    Cmp(CompareOperator, String),
}

#[derive(Debug)]
enum Val {
    Str(String),
    Num(String),
    Word(String),
}

impl Val {
    fn text(self) -> Option<String> {
        match self {
            Val::Str(s) | Val::Num(s) => Some(s),
            Val::Word(_) => None,
        }
    }
}

fn compare_operator(op: VariableOperator) -> Option<CompareOperator> {
    CompareOperator::parse(op.as_str())
}

fn simple_arg(i: &str) -> Res<'_, Arg> {
    let i = ws(i);
    if let Ok((rest, s)) = string(i) {
        return Ok((rest, Arg::Pos(Val::Str(s))));
    }
    if let Ok((rest, n)) = number(i) {
        return Ok((rest, Arg::Pos(Val::Num(n.to_string()))));
    }
    if let Ok((rest, op)) = symbol(i, false) {
        let op = compare_operator(op).unwrap_or(CompareOperator::Equals);
        let (rest, v) = commit(
            value(rest),
            ws(rest),
            "expected a value after the comparison",
        )?;
        return Ok((rest, Arg::Cmp(op, v)));
    }
    if let Ok((rest, word)) = ident(i) {
        let after = ws(rest);
        if let Ok((r, op)) = symbol(after, false) {
            let op = compare_operator(op).unwrap_or(CompareOperator::Equals);
            let (r, v) = commit(value(r), ws(r), "expected a value after the comparison")?;
            return Ok((r, Arg::KeyCmp(word.to_string(), op, v)));
        }
        if let Some(r) = after.strip_prefix('=') {
            let r = ws(r);
            if let Ok((r2, s)) = string(r) {
                return Ok((r2, Arg::Named(word.to_string(), Val::Str(s))));
            }
            if let Ok((r2, n)) = number(r) {
                return Ok((r2, Arg::Named(word.to_string(), Val::Num(n.to_string()))));
            }
            if let Ok((r2, w)) = ident(r) {
                return Ok((r2, Arg::Named(word.to_string(), Val::Word(w.to_string()))));
            }
            return fail(r, format!("expected a value after `{word}=`"));
        }
        return Ok((rest, Arg::Pos(Val::Word(word.to_string()))));
    }
    no(i, "expected an argument")
}

/// `arg, arg, …)` after the opening parenthesis; each argument with where it starts.
fn simple_args<'a>(i: &'a str, function: &str) -> Res<'a, Vec<(&'a str, Arg)>> {
    let mut args = Vec::new();
    let mut i = ws(i);
    if let Some(rest) = i.strip_prefix(')') {
        return Ok((rest, args));
    }
    loop {
        let at = ws(i);
        let (rest, arg) = commit(
            simple_arg(at),
            at,
            format!("expected an argument of `{function}(…)`"),
        )?;
        args.push((at, arg));
        let rest = ws(rest);
        if let Some(r) = rest.strip_prefix(',') {
            i = r;
        } else if let Some(r) = rest.strip_prefix(')') {
            return Ok((r, args));
        } else {
            return fail(rest, format!("expected `,` or `)` in `{function}(…)`"));
        }
    }
}

/// `condition, condition, …)` after the opening parenthesis.
fn operand_args<'a>(i: &'a str, function: &str, depth: usize) -> Res<'a, Vec<Operand>> {
    let mut out = Vec::new();
    let mut i = ws(i);
    if let Some(rest) = i.strip_prefix(')') {
        return Ok((rest, out));
    }
    loop {
        let at = ws(i);
        let (rest, lists) = commit(
            or_lists(at, depth),
            at,
            format!("expected a condition in `{function}(…)`"),
        )?;
        out.push(lists_to_operand(lists));
        let rest = ws(rest);
        if let Some(r) = rest.strip_prefix(',') {
            i = r;
        } else if let Some(r) = rest.strip_prefix(')') {
            return Ok((r, out));
        } else {
            return fail(rest, format!("expected `,` or `)` in `{function}(…)`"));
        }
    }
}

fn unexpected<'a, T>(at: &'a str, function: &str, expected: &str) -> Res<'a, T> {
    fail(
        at,
        format!("unexpected argument to `{function}(…)`: expected {expected}"),
    )
}

fn duplicate<'a, T>(at: &'a str, function: &str, what: &str) -> Res<'a, T> {
    fail(at, format!("`{what}` is given twice in `{function}(…)`"))
}

fn set<'a, T>(
    slot: &mut Option<T>,
    v: T,
    at: &'a str,
    function: &str,
    what: &str,
) -> Result<(), nom::Err<PErr<'a>>> {
    if slot.is_some() {
        return duplicate(at, function, what).map(|_: (&str, ())| ());
    }
    *slot = Some(v);
    Ok(())
}

/// Stores the string argument `name="value"` in the field of `fields` whose name (in `names`,
/// case-insensitively) it is; anything else is an error saying what `function` expects.
fn named_string<'a, const N: usize>(
    fields: &mut [Option<String>; N],
    names: &[&str; N],
    (name, value): (&str, Val),
    at: &'a str,
    function: &str,
    expected: &str,
) -> Result<(), nom::Err<PErr<'a>>> {
    let Some(slot) = names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(name))
        .and_then(|p| fields.get_mut(p))
    else {
        return unexpected(at, function, expected).map(|_: (&str, ())| ());
    };
    let Some(value) = value.text() else {
        return fail(at, format!("expected `{name}=\"…\"`, a string")).map(|_: (&str, ())| ());
    };
    set(slot, value, at, function, name)
}

fn call<'a>(start: &'a str, after: &'a str, name: &str, depth: usize) -> Res<'a, Operand> {
    let lower = name.to_ascii_lowercase();
    if depth >= MAX_DEPTH {
        too_deep(start)?;
    }
    match lower.as_str() {
        "all" | "any" | "none" => {
            let kind = match lower.as_str() {
                "all" => OperatorKind::And,
                "any" => OperatorKind::Or,
                _ => OperatorKind::Not,
            };
            let (rest, children) = operand_args(after, &lower, depth + 1)?;
            Ok((rest, operator(kind, children)))
        }
        "var" => {
            let (rest, name) = variable_name(start)?;
            comparison(rest, name)
        }
        "wmi" => wmi(start, after),
        "file" | "folder" => file_or_folder(start, after, lower == "file"),
        "registry" => registry(start, after),
        "software" => software(start, after),
        "os" => os(start, after),
        "make_model" => make_model(start, after),
        "computer" => computer(start, after),
        "os_group" => os_group(after, depth),
        "xml" => xml(start, after),
        "platform" | "key" => fail(
            start,
            format!("`{lower}(…)` is only allowed inside `os_group(…)`"),
        ),
        _ => fail(
            start,
            format!(
                "unknown function `{name}`: expected all, any, none, var, wmi, file, folder, registry, software, os, make_model, computer, os_group or xml"
            ),
        ),
    }
}

fn wmi<'a>(start: &'a str, after: &'a str) -> Res<'a, Operand> {
    const F: &str = "wmi";
    let (rest, args) = simple_args(after, F)?;
    let mut query = None;
    let mut namespace = None;
    let mut ignore = None;
    for (idx, (at, arg)) in args.into_iter().enumerate() {
        match arg {
            Arg::Pos(Val::Str(q)) if idx == 0 => query = Some(q),
            Arg::Named(k, Val::Str(ns)) if k.eq_ignore_ascii_case("namespace") => {
                set(&mut namespace, ns, at, F, "namespace")?;
            }
            Arg::Pos(Val::Word(w)) if w.eq_ignore_ascii_case("ignore_failure") => {
                set(&mut ignore, true, at, F, "ignore_failure")?;
            }
            Arg::Named(k, Val::Word(w)) if k.eq_ignore_ascii_case("ignore_failure") => {
                let b = if w.eq_ignore_ascii_case("true") {
                    true
                } else if w.eq_ignore_ascii_case("false") {
                    false
                } else {
                    return fail(
                        at,
                        "expected `ignore_failure=true` or `ignore_failure=false`",
                    );
                };
                set(&mut ignore, b, at, F, "ignore_failure")?;
            }
            _ => {
                return unexpected(
                    at,
                    F,
                    "the query string first, then `namespace=\"…\"` or `ignore_failure`",
                );
            }
        }
    }
    let Some(query) = query else {
        return fail(
            start,
            "`wmi(…)` needs the query as its first argument, a string",
        );
    };
    let mut e = Expression::new(ExpressionKind::Wmi {
        namespace: Some(namespace.unwrap_or_else(|| DEFAULT_NAMESPACE.to_string())),
        query,
    });
    e.ignore_query_failure = ignore;
    Ok((rest, Operand::Expression(e)))
}

fn file_or_folder<'a>(start: &'a str, after: &'a str, is_file: bool) -> Res<'a, Operand> {
    let f = if is_file { "file" } else { "folder" };
    let (rest, args) = simple_args(after, f)?;
    let mut path = None;
    let mut version = None;
    let mut date = None;
    let expected = if is_file {
        "the path first, then `version OP \"…\"` or `date OP \"…\"`"
    } else {
        "the path first, then `date OP \"…\"`"
    };
    for (idx, (at, arg)) in args.into_iter().enumerate() {
        match arg {
            Arg::Pos(Val::Str(p)) if idx == 0 => path = Some(p),
            Arg::KeyCmp(k, op, v) if is_file && k.eq_ignore_ascii_case("version") => {
                set(&mut version, (op, v), at, f, "version")?;
            }
            Arg::KeyCmp(k, op, v) if k.eq_ignore_ascii_case("date") => {
                set(&mut date, (op, v), at, f, "date")?;
            }
            _ => return unexpected(at, f, expected),
        }
    }
    let Some(path) = path else {
        return fail(
            start,
            format!("`{f}(…)` needs the path as its first argument, a string"),
        );
    };
    let (date_time_operator, date_time) = date.map_or((None, None), |(o, v)| (Some(o), Some(v)));
    let kind = if is_file {
        let (version_operator, version) = version.map_or((None, None), |(o, v)| (Some(o), Some(v)));
        ExpressionKind::File {
            path,
            version,
            version_operator,
            date_time,
            date_time_operator,
        }
    } else {
        ExpressionKind::Folder {
            path,
            date_time,
            date_time_operator,
        }
    };
    Ok((rest, expression(kind)))
}

fn registry<'a>(start: &'a str, after: &'a str) -> Res<'a, Operand> {
    const F: &str = "registry";
    let (rest, args) = simple_args(after, F)?;
    let mut key = None;
    let mut value_name = None;
    let mut value_type = None;
    for (idx, (at, arg)) in args.into_iter().enumerate() {
        match arg {
            Arg::Pos(Val::Str(k)) if idx == 0 => key = Some(k),
            Arg::Pos(Val::Str(v)) if idx == 1 => value_name = Some(v),
            Arg::Named(k, v) if k.eq_ignore_ascii_case("value") => match v.text() {
                Some(v) => set(&mut value_name, v, at, F, "value")?,
                None => return fail(at, "expected `value=\"…\"`, a string"),
            },
            Arg::Pos(Val::Word(w)) if idx > 0 => registry_type(&mut value_type, &w, at)?,
            Arg::Named(k, v) if k.eq_ignore_ascii_case("type") => match v {
                Val::Word(w) | Val::Str(w) => registry_type(&mut value_type, &w, at)?,
                Val::Num(_) => return fail(at, "expected a registry type such as `REG_DWORD`"),
            },
            _ => {
                return unexpected(
                    at,
                    F,
                    "the key path, then the value name (a string), then a type such as `REG_DWORD`",
                );
            }
        }
    }
    let Some(key_path) = key else {
        return fail(
            start,
            "`registry(…)` needs the key path as its first argument, a string",
        );
    };
    let (rest, (operator, data)) = postfix(rest, true, "registry(…)")?;
    Ok((
        rest,
        expression(ExpressionKind::Registry {
            key_path,
            value_name,
            value_type,
            operator,
            data,
        }),
    ))
}

fn registry_type<'a>(
    slot: &mut Option<RegistryType>,
    word: &str,
    at: &'a str,
) -> Result<(), nom::Err<PErr<'a>>> {
    match RegistryType::parse(word) {
        Some(t) => set(slot, t, at, "registry", "type"),
        None => Err(nom::Err::Failure(PErr::new(
            at,
            format!(
                "unknown registry type `{word}`: expected REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_DWORD, REG_QWORD, REG_BINARY or REG_NONE"
            ),
        ))),
    }
}

fn software<'a>(start: &'a str, after: &'a str) -> Res<'a, Operand> {
    const F: &str = "software";
    let (rest, args) = simple_args(after, F)?;
    let mut operator = None;
    let mut fields: [Option<String>; 4] = [None, None, None, None];
    const NAMES: [&str; 4] = ["product_code", "upgrade_code", "product_name", "version"];
    for (idx, (at, arg)) in args.into_iter().enumerate() {
        match arg {
            Arg::Pos(Val::Word(w)) if idx == 0 => {
                let folded = w.replace('_', "");
                operator = SoftwareOperator::parse(&folded);
                if operator.is_none() {
                    return fail(at, "expected `this_version` or `any_version`");
                }
            }
            Arg::Named(k, v) => named_string(
                &mut fields,
                &NAMES,
                (&k, v),
                at,
                F,
                "`product_code=`, `upgrade_code=`, `product_name=` or `version=`",
            )?,
            _ => {
                return unexpected(
                    at,
                    F,
                    "`this_version` or `any_version` first, then `product_code=\"…\"`, `upgrade_code=\"…\"`, `product_name=\"…\"`, `version=\"…\"`",
                );
            }
        }
    }
    let Some(operator) = operator else {
        return fail(
            start,
            "`software(…)` needs `this_version` or `any_version` as its first argument",
        );
    };
    let [product_code, upgrade_code, product_name, version] = fields;
    Ok((
        rest,
        expression(ExpressionKind::Software {
            operator,
            product_code,
            upgrade_code,
            product_name,
            version,
        }),
    ))
}

fn os<'a>(_start: &'a str, after: &'a str) -> Res<'a, Operand> {
    const F: &str = "os";
    let (rest, args) = simple_args(after, F)?;
    let mut architecture = None;
    let mut version = None;
    for (idx, (at, arg)) in args.into_iter().enumerate() {
        match arg {
            Arg::Pos(Val::Word(a) | Val::Str(a) | Val::Num(a)) if idx == 0 => {
                architecture = Some(a)
            }
            Arg::Cmp(op, v) => set(&mut version, (op, v), at, F, "version comparison")?,
            _ => {
                return unexpected(
                    at,
                    F,
                    "an architecture such as `X64`, then a version comparison such as `>= \"6.1\"`",
                );
            }
        }
    }
    let (operator, version) = version.map_or((None, None), |(o, v)| (Some(o), Some(v)));
    Ok((
        rest,
        expression(ExpressionKind::Os {
            architecture,
            version,
            operator,
        }),
    ))
}

fn make_model<'a>(_start: &'a str, after: &'a str) -> Res<'a, Operand> {
    const F: &str = "make_model";
    let (rest, args) = simple_args(after, F)?;
    let mut make = None;
    let mut model = None;
    for (idx, (at, arg)) in args.into_iter().enumerate() {
        match arg {
            Arg::Pos(Val::Str(m)) if idx == 0 => make = Some(m),
            Arg::Pos(Val::Str(m)) if idx == 1 => model = Some(m),
            Arg::Named(k, v) if k.eq_ignore_ascii_case("make") => match v.text() {
                Some(v) => set(&mut make, v, at, F, "make")?,
                None => return fail(at, "expected `make=\"…\"`, a string"),
            },
            Arg::Named(k, v) if k.eq_ignore_ascii_case("model") => match v.text() {
                Some(v) => set(&mut model, v, at, F, "model")?,
                None => return fail(at, "expected `model=\"…\"`, a string"),
            },
            _ => return unexpected(at, F, "the make pattern and the model pattern, strings"),
        }
    }
    Ok((rest, expression(ExpressionKind::MakeModel { make, model })))
}

fn computer<'a>(_start: &'a str, after: &'a str) -> Res<'a, Operand> {
    const F: &str = "computer";
    const NAMES: [&str; 4] = ["asset_tag", "mac_address", "serial_number", "uuid"];
    let (rest, args) = simple_args(after, F)?;
    let mut fields: [Option<String>; 4] = [None, None, None, None];
    for (at, arg) in args {
        let Arg::Named(k, v) = arg else {
            return unexpected(
                at,
                F,
                "`asset_tag=`, `mac_address=`, `serial_number=` or `uuid=`",
            );
        };
        named_string(
            &mut fields,
            &NAMES,
            (&k, v),
            at,
            F,
            "`asset_tag=`, `mac_address=`, `serial_number=` or `uuid=`",
        )?;
    }
    let [asset_tag, mac_address, serial_number, uuid] = fields;
    Ok((
        rest,
        expression(ExpressionKind::Computer {
            asset_tag,
            mac_address,
            serial_number,
            uuid,
        }),
    ))
}

fn xml<'a>(start: &'a str, after: &'a str) -> Res<'a, Operand> {
    let at = ws(after);
    let (rest, content) = commit(string(at), at, "expected the xml as a string in `xml(…)`")?;
    let (rest, ()) = close(rest, "xml")?;
    if starts_condition_element(&content) {
        return fail(
            start,
            "`xml(\"<condition…>\")` must be the whole text, not part of it",
        );
    }
    let wrapped = format!("<condition>{content}</condition>");
    let c = match crate::xml::read_condition(&wrapped) {
        Ok(c) => c,
        Err(e) => return fail(at, format!("in `xml(…)`: {}", e.kind)),
    };
    let n = c.operands.len();
    match c.operands.into_iter().next() {
        Some(op) if n == 1 => Ok((rest, op)),
        _ => fail(
            at,
            format!("`xml(…)` must hold exactly one condition element, found {n}"),
        ),
    }
}

fn os_group(after: &str, depth: usize) -> Res<'_, Operand> {
    let mut groups = Vec::new();
    let mut i = ws(after);
    if let Some(rest) = i.strip_prefix(')') {
        return Ok((rest, Operand::OsConditionGroup(regular_group(groups))));
    }
    loop {
        let at = ws(i);
        let Some((inner, _)) = call_name(at).filter(|(_, n)| n.eq_ignore_ascii_case("platform"))
        else {
            return fail(at, "expected `platform(\"name\", …)` in `os_group(…)`");
        };
        let (rest, group) = platform(at, inner, depth + 1)?;
        groups.push(group);
        let rest = ws(rest);
        if let Some(r) = rest.strip_prefix(',') {
            i = r;
        } else if let Some(r) = rest.strip_prefix(')') {
            return Ok((r, Operand::OsConditionGroup(regular_group(groups))));
        } else {
            return fail(rest, "expected `,` or `)` in `os_group(…)`");
        }
    }
}

fn regular_group(groups: Vec<OsExpressionGroup>) -> OsConditionGroup {
    OsConditionGroup {
        type_attr: Some("or".to_string()),
        groups,
        extra_children: Vec::new(),
        extra_attributes: Vec::new(),
    }
}

fn platform<'a>(start: &'a str, after: &'a str, depth: usize) -> Res<'a, OsExpressionGroup> {
    if depth >= MAX_DEPTH {
        too_deep(start)?;
    }
    let at = ws(after);
    let (mut i, name) = commit(
        string(at),
        at,
        "expected the platform's name as a string in `platform(…)`",
    )?;
    let mut items = Vec::new();
    loop {
        let rest = ws(i);
        if let Some(r) = rest.strip_prefix(')') {
            return Ok((
                r,
                OsExpressionGroup {
                    name: Some(name),
                    type_attr: Some("and".to_string()),
                    items,
                    extra_attributes: Vec::new(),
                },
            ));
        }
        let Some(r) = rest.strip_prefix(',') else {
            return fail(rest, "expected `,` or `)` in `platform(…)`");
        };
        let at = ws(r);
        if let Some((inner, _)) = call_name(at).filter(|(_, n)| n.eq_ignore_ascii_case("key")) {
            let (r, key) = platform_key(inner)?;
            items.push(OsGroupItem::PlatformKey(key));
            i = r;
        } else {
            let (r, lists) = commit(
                or_lists(at, depth + 1),
                at,
                "expected `key(…)` or a condition in `platform(…)`",
            )?;
            items.push(OsGroupItem::Operand(lists_to_operand(lists)));
            i = r;
        }
    }
}

fn platform_key(after: &str) -> Res<'_, PlatformKey> {
    const F: &str = "key";
    let (rest, args) = simple_args(after, F)?;
    let mut key = PlatformKey::default();
    for (at, arg) in args {
        let Arg::Named(k, v) = arg else {
            return unexpected(at, F, "`arch=`, `type=`, `min=` or `max=`");
        };
        let slot = match k.to_ascii_lowercase().as_str() {
            "arch" => &mut key.arch,
            "type" => &mut key.platform_type,
            "min" => &mut key.min_version,
            "max" => &mut key.max_version,
            _ => return unexpected(at, F, "`arch=`, `type=`, `min=` or `max=`"),
        };
        let Some(v) = v.text() else {
            return fail(at, format!("expected `{k}=\"…\"`, a string"));
        };
        set(slot, v, at, F, &k)?;
    }
    Ok((rest, key))
}
