//! The WQL subset's grammar, with nom.
//!
//! ```text
//! query      = SELECT ( "*" | name { "," name } ) FROM class [ WHERE or ]
//! or         = and { OR and }
//! and        = not { AND not }
//! not        = NOT not | primary
//! primary    = "(" or ")" | predicate
//! predicate  = operand ( cmp operand | [NOT] LIKE string | IS [NOT] NULL )
//! operand    = name | string | number | TRUE | FALSE
//! cmp        = "=" | "<>" | "!=" | "<" | "<=" | ">" | ">="
//! ```
//!
//! Every failure is final (nom `Failure`) and carries the input where it happened, so the error
//! points at the offending token rather than at the start of an alternative.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while};
use nom::character::complete::{char, digit0, digit1, one_of, satisfy};
use nom::combinator::{not, opt, value};
use nom::error::{ErrorKind, ParseError};
use nom::{IResult, Parser};

use super::ast::{CompareOp, Comparison, Constant, Expr, Ident, LikeTest, Literal, NullTest};
use super::error::{WqlError, WqlErrorKind};
use super::like::LikePattern;
use super::{MAX_DEPTH, MAX_QUERY_CHARS};

/// A parse failure: where, and why (`None` for a combinator's own failure, which the grammar
/// always turns into a specific message before it escapes).
#[derive(Debug)]
pub(crate) struct PError<'a> {
    at: &'a str,
    kind: Option<WqlErrorKind>,
}

impl<'a> ParseError<&'a str> for PError<'a> {
    fn from_error_kind(input: &'a str, _kind: ErrorKind) -> Self {
        Self {
            at: input,
            kind: None,
        }
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }
}

type Res<'a, T> = IResult<&'a str, T, PError<'a>>;

/// The parts of a query.
pub(crate) struct Parsed {
    pub select: Option<Vec<Ident>>,
    pub class: Ident,
    pub filter: Option<Expr>,
}

/// Parses `text`, checking the length limit first.
pub(crate) fn parse(text: &str) -> Result<Parsed, WqlError> {
    if text.trim().is_empty() {
        return Err(WqlError::at(text, 0, WqlErrorKind::Empty));
    }
    if text.len() > MAX_QUERY_CHARS {
        let length = text.chars().count();
        if length > MAX_QUERY_CHARS {
            let offset = text
                .char_indices()
                .nth(MAX_QUERY_CHARS)
                .map_or(0, |(i, _)| i);
            let kind = WqlErrorKind::TooLong {
                length,
                max: MAX_QUERY_CHARS,
            };
            return Err(WqlError::at(text, offset, kind));
        }
    }
    match query(text) {
        Ok((_, parsed)) => Ok(parsed),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
            let kind = e
                .kind
                .unwrap_or_else(|| WqlErrorKind::Expected("valid WQL".to_owned()));
            Err(WqlError::at(
                text,
                text.len().saturating_sub(e.at.len()),
                kind,
            ))
        }
        Err(nom::Err::Incomplete(_)) => Err(WqlError::at(
            text,
            text.len(),
            WqlErrorKind::Expected("more input".to_owned()),
        )),
    }
}

fn fail<T>(at: &str, kind: WqlErrorKind) -> Res<'_, T> {
    Err(nom::Err::Failure(PError {
        at,
        kind: Some(kind),
    }))
}

fn expected<'a, T>(at: &'a str, what: &str) -> Res<'a, T> {
    fail(at, WqlErrorKind::Expected(what.to_owned()))
}

fn unsupported<'a, T>(at: &'a str, what: impl Into<String>) -> Res<'a, T> {
    fail(at, WqlErrorKind::Unsupported(what.into()))
}

fn ws(i: &str) -> &str {
    i.trim_start()
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// The input after `word` when it starts with that keyword (any case, not followed by a name
/// character). Keywords are ASCII, so an ASCII case-insensitive prefix test suffices; nom's
/// `tag_no_case` on `&str` lowercases every character through iterators and was most of the
/// parse time.
fn keyword<'a>(i: &'a str, word: &'static str) -> Option<&'a str> {
    let head = i.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = i.get(word.len()..)?;
    let boundary: Res<'a, _> = not(satisfy(is_ident_char)).parse(rest);
    boundary.ok().map(|(rest, ())| rest)
}

fn raw_ident(i: &str) -> Res<'_, &str> {
    let (rest, _) = (satisfy(is_ident_start), take_while(is_ident_char)).parse(i)?;
    Ok((rest, consumed(i, rest)))
}

/// The part of `i` that a parser consumed to leave `rest`. Computed from lengths because nom 8's
/// `recognize` can return a short slice when a parser ends the input with an empty match (the
/// empty remainder is then not a subslice of the input).
fn consumed<'a>(i: &'a str, rest: &str) -> &'a str {
    i.get(..i.len().saturating_sub(rest.len()))
        .unwrap_or_default()
}

/// Words that end or join clauses and so cannot name a property.
const RESERVED: [&str; 13] = [
    "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "LIKE", "IS", "ISA", "NULL", "TRUE", "FALSE",
    "IN",
];

fn query(i: &str) -> Res<'_, Parsed> {
    let i = ws(i);
    for (word, what) in [
        ("ASSOCIATORS", "`ASSOCIATORS OF`"),
        ("REFERENCES", "`REFERENCES OF`"),
    ] {
        if keyword(i, word).is_some() {
            return unsupported(i, what);
        }
    }
    let Some(i) = keyword(i, "SELECT") else {
        return expected(i, "`SELECT`");
    };
    let (i, select) = select_list(ws(i))?;
    let i = ws(i);
    let Some(i) = keyword(i, "FROM") else {
        return expected(i, "`,` or `FROM`");
    };
    let (i, class) = class_name(ws(i))?;
    let (i, ()) = after_class(ws(i))?;
    let (i, filter) = match keyword(i, "WHERE") {
        Some(rest) => {
            let (rest, e) = or_expr(rest, 0)?;
            (ws(rest), Some(e))
        }
        None => (i, None),
    };
    if !i.is_empty() {
        unsupported_tail(i)?;
        let what = if filter.is_some() {
            "`AND`, `OR` or the end of the query"
        } else {
            "`WHERE` or the end of the query"
        };
        return expected(i, what);
    }
    Ok((
        i,
        Parsed {
            select,
            class,
            filter,
        },
    ))
}

fn select_list(i: &str) -> Res<'_, Option<Vec<Ident>>> {
    if let Ok((rest, _)) = char::<_, PError<'_>>('*').parse(i) {
        return Ok((rest, None));
    }
    let mut props = Vec::new();
    let mut i = i;
    loop {
        let (rest, name) = name(i, "a property name or `*`")?;
        props.push(name);
        match char::<_, PError<'_>>(',').parse(ws(rest)) {
            Ok((after, _)) => i = ws(after),
            Err(_) => return Ok((rest, Some(props))),
        }
    }
}

/// A property name, rejecting what would be silently misread.
fn name<'a>(i: &'a str, what: &str) -> Res<'a, Ident> {
    let Ok((rest, word)) = raw_ident(i) else {
        return expected(i, what);
    };
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word)) {
        return expected(i, what);
    }
    // System properties (`__CLASS`, `__RELPATH`) are names like any other here; evaluation answers
    // `__CLASS` from the query and the rest only where the profile lists them.
    let after = ws(rest);
    if after.starts_with('(') {
        return unsupported(i, format!("function `{word}(…)`"));
    }
    if after.starts_with('.') {
        return unsupported(i, format!("qualified name `{word}.…`"));
    }
    Ok((rest, Ident::new(word)))
}

fn class_name(i: &str) -> Res<'_, Ident> {
    let Ok((rest, word)) = raw_ident(i) else {
        return expected(i, "a class name");
    };
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word)) {
        return expected(i, "a class name");
    }
    if word.starts_with("__") {
        return unsupported(
            i,
            format!("system class `{word}` (event and schema queries)"),
        );
    }
    if word.eq_ignore_ascii_case("meta_class") {
        return unsupported(i, "schema queries (`meta_class`)");
    }
    Ok((rest, Ident::new(word)))
}

/// Rejects what may follow the class in full WQL but not in this subset.
fn after_class(i: &str) -> Res<'_, ()> {
    if i.starts_with(',') {
        return unsupported(i, "joins (more than one class after `FROM`)");
    }
    for word in ["JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS"] {
        if keyword(i, word).is_some() {
            return unsupported(i, "joins (`JOIN`)");
        }
    }
    unsupported_tail(i)
}

fn unsupported_tail(i: &str) -> Res<'_, ()> {
    let clauses = [
        ("WITHIN", "`WITHIN` (event queries)"),
        ("GROUP", "`GROUP` clauses (`GROUP BY`, `GROUP WITHIN`)"),
        ("HAVING", "`HAVING`"),
        ("ORDER", "`ORDER BY`"),
    ];
    for (word, what) in clauses {
        if keyword(i, word).is_some() {
            return unsupported(i, what);
        }
    }
    Ok((i, ()))
}

/// Collapses a one-element chain to its element.
fn chain(mut items: Vec<Expr>, build: fn(Vec<Expr>) -> Expr) -> Expr {
    if items.len() == 1
        && let Some(only) = items.pop()
    {
        return only;
    }
    build(items)
}

fn or_expr(i: &str, depth: usize) -> Res<'_, Expr> {
    let (mut i, first) = and_expr(i, depth)?;
    let mut items = vec![first];
    while let Some(rest) = keyword(ws(i), "OR") {
        let (rest, e) = and_expr(rest, depth)?;
        items.push(e);
        i = rest;
    }
    Ok((i, chain(items, Expr::Or)))
}

fn and_expr(i: &str, depth: usize) -> Res<'_, Expr> {
    let (mut i, first) = not_expr(i, depth)?;
    let mut items = vec![first];
    while let Some(rest) = keyword(ws(i), "AND") {
        let (rest, e) = not_expr(rest, depth)?;
        items.push(e);
        i = rest;
    }
    Ok((i, chain(items, Expr::And)))
}

fn not_expr(i: &str, depth: usize) -> Res<'_, Expr> {
    let i = ws(i);
    if let Some(rest) = keyword(i, "NOT") {
        if depth >= MAX_DEPTH {
            return fail(i, WqlErrorKind::TooDeep { max: MAX_DEPTH });
        }
        let (rest, inner) = not_expr(rest, depth + 1)?;
        return Ok((rest, Expr::Not(Box::new(inner))));
    }
    primary(i, depth)
}

fn primary(i: &str, depth: usize) -> Res<'_, Expr> {
    if let Some(inner) = i.strip_prefix('(') {
        if depth >= MAX_DEPTH {
            return fail(i, WqlErrorKind::TooDeep { max: MAX_DEPTH });
        }
        let (rest, e) = or_expr(inner, depth + 1)?;
        let rest = ws(rest);
        return match rest.strip_prefix(')') {
            Some(after) => Ok((after, e)),
            None => expected(rest, "`AND`, `OR` or `)`"),
        };
    }
    predicate(i)
}

/// One side of a comparison.
enum Operand {
    Property(Ident),
    Constant(Literal),
    Null,
}

fn predicate(start: &str) -> Res<'_, Expr> {
    let (i, left) = operand(start)?;
    let i = ws(i);
    if keyword(i, "ISA").is_some() {
        return unsupported(i, "`ISA`");
    }
    if let Some(rest) = keyword(i, "IS") {
        let property = need_property(start, left, "`IS`")?;
        let rest = ws(rest);
        let (rest, negated) = match keyword(rest, "NOT") {
            Some(after) => (ws(after), true),
            None => (rest, false),
        };
        let Some(rest) = keyword(rest, "NULL") else {
            return expected(rest, "`NULL` (`IS` only tests for NULL)");
        };
        return Ok((rest, Expr::IsNull(NullTest { property, negated })));
    }
    let (at_like, negated) = match keyword(i, "NOT") {
        Some(after) if keyword(ws(after), "LIKE").is_some() => (ws(after), true),
        _ => (i, false),
    };
    if let Some(rest) = keyword(at_like, "LIKE") {
        let property = need_property(start, left, "`LIKE`")?;
        let rest = ws(rest);
        let (after, pattern) = match string_literal(rest)? {
            (after, Some(text)) => (after, text),
            (_, None) => return expected(rest, "a quoted pattern after `LIKE`"),
        };
        let pattern = match LikePattern::new(&pattern) {
            Ok(p) => p,
            Err(why) => return fail(rest, WqlErrorKind::InvalidPattern(why)),
        };
        return Ok((
            after,
            Expr::Like(LikeTest {
                property,
                pattern,
                negated,
            }),
        ));
    }
    for word in ["IN", "BETWEEN"] {
        if keyword(i, word).is_some() {
            return unsupported(i, format!("`{word}`"));
        }
    }
    let Ok((rest, op)) = compare_op(i) else {
        return expected(i, "a comparison operator, `LIKE` or `IS`");
    };
    let right_at = ws(rest);
    let (rest, right) = operand(right_at)?;
    let expr = match (left, right) {
        (Operand::Property(property), Operand::Constant(k)) => Comparison {
            property,
            op,
            value: Constant::new(k),
        },
        (Operand::Constant(k), Operand::Property(property)) => Comparison {
            property,
            op: op.flipped(),
            value: Constant::new(k),
        },
        (Operand::Null, _) => return null_compare(start),
        (_, Operand::Null) => return null_compare(right_at),
        (Operand::Property(_), Operand::Property(_)) => {
            return unsupported(start, "comparison of two properties");
        }
        (Operand::Constant(_), Operand::Constant(_)) => {
            return unsupported(start, "comparison of two constants");
        }
    };
    Ok((rest, Expr::Compare(expr)))
}

fn null_compare<T>(at: &str) -> Res<'_, T> {
    unsupported(
        at,
        "comparison with `NULL` (write `IS NULL` or `IS NOT NULL`)",
    )
}

fn need_property<'a>(
    start: &'a str,
    operand: Operand,
    op: &str,
) -> Result<Ident, nom::Err<PError<'a>>> {
    match operand {
        Operand::Property(p) => Ok(p),
        _ => Err(nom::Err::Failure(PError {
            at: start,
            kind: Some(WqlErrorKind::Expected(format!(
                "a property name before {op}"
            ))),
        })),
    }
}

fn compare_op(i: &str) -> Res<'_, CompareOp> {
    alt((
        value(CompareOp::Le, tag("<=")),
        value(CompareOp::Ge, tag(">=")),
        value(CompareOp::Ne, tag("<>")),
        value(CompareOp::Ne, tag("!=")),
        value(CompareOp::Eq, tag("=")),
        value(CompareOp::Lt, tag("<")),
        value(CompareOp::Gt, tag(">")),
    ))
    .parse(i)
}

fn operand(i: &str) -> Res<'_, Operand> {
    let i = ws(i);
    if let (rest, Some(text)) = string_literal(i)? {
        return Ok((rest, Operand::Constant(Literal::String(text))));
    }
    if let Some(result) = number(i) {
        return result.map(|(rest, lit)| (rest, Operand::Constant(lit)));
    }
    for (word, lit) in [("TRUE", Some(true)), ("FALSE", Some(false)), ("NULL", None)] {
        if let Some(rest) = keyword(i, word) {
            let operand = lit.map_or(Operand::Null, |b| Operand::Constant(Literal::Bool(b)));
            return Ok((rest, operand));
        }
    }
    let (rest, property) = name(i, "a property name or a constant")?;
    Ok((rest, Operand::Property(property)))
}

/// A quoted string (`'…'` or `"…"`, with `\\`, `\'` and `\"` escapes); `None` when `i` does not
/// start with a quote.
fn string_literal(i: &str) -> Res<'_, Option<String>> {
    let Ok((body, quote)) = one_of::<_, _, PError<'_>>("'\"").parse(i) else {
        return Ok((i, None));
    };
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((at, c)) = chars.next() {
        if c == quote {
            let rest = body.get(at + c.len_utf8()..).unwrap_or_default();
            return Ok((rest, Some(out)));
        }
        if c == '\\' {
            match chars.next() {
                Some((_, e @ ('\\' | '\'' | '"'))) => out.push(e),
                Some((_, e)) => {
                    let here = body.get(at..).unwrap_or_default();
                    return fail(here, WqlErrorKind::InvalidEscape(format!("\\{e}")));
                }
                None => break,
            }
        } else {
            out.push(c);
        }
    }
    fail(i, WqlErrorKind::UnterminatedString)
}

/// A decimal number, `None` when `i` does not start with one.
fn number(i: &str) -> Option<Res<'_, Literal>> {
    let parsed: Res<'_, _> = (
        opt(one_of("+-")),
        digit1,
        opt((char('.'), digit0)),
        opt((one_of("eE"), opt(one_of("+-")), digit1)),
    )
        .parse(i);
    let (rest, _) = parsed.ok()?;
    let text = consumed(i, rest);
    // A fraction or exponent makes it real.
    let real = text.contains(['.', 'e', 'E']);
    if rest.starts_with(is_ident_char) {
        return Some(expected(i, "a decimal number"));
    }
    if real {
        return Some(match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok((rest, Literal::Real(x))),
            _ => fail(i, WqlErrorKind::NumberOutOfRange(text.to_owned())),
        });
    }
    Some(match text.parse::<i64>() {
        Ok(n) => Ok((rest, Literal::Int(n))),
        Err(_) => fail(i, WqlErrorKind::NumberOutOfRange(text.to_owned())),
    })
}
