//! Tokens of the condition text syntax, as nom parsers: whitespace, identifiers, keywords, string
//! literals, bare numbers and comparison symbols.

use std::borrow::Cow;

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while, take_while1};
use nom::character::complete::{char, digit1, hex_digit1, one_of, satisfy};
use nom::combinator::{opt, recognize};
use nom::error::{ErrorKind, ParseError};
use nom::multi::many0;
use nom::{IResult, Parser};

use crate::condition::VariableOperator;

/// Words that cannot be bare variable names (they would read as operators).
pub(crate) const RESERVED: [&str; 5] = ["and", "or", "not", "exists", "like"];

/// A parse error: where it happened (the rest of the input) and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PErr<'a> {
    pub at: &'a str,
    pub msg: Cow<'static, str>,
}

impl<'a> PErr<'a> {
    pub(crate) fn new(at: &'a str, msg: impl Into<Cow<'static, str>>) -> Self {
        Self {
            at,
            msg: msg.into(),
        }
    }
}

impl<'a> ParseError<&'a str> for PErr<'a> {
    fn from_error_kind(input: &'a str, _kind: ErrorKind) -> Self {
        Self::new(input, "unexpected input")
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }

    /// Of two failed alternatives, the one that got further explains the input better.
    fn or(self, other: Self) -> Self {
        if other.at.len() < self.at.len() {
            other
        } else {
            self
        }
    }
}

pub(crate) type Res<'a, T> = IResult<&'a str, T, PErr<'a>>;

/// A recoverable failure (an alternative may still match).
pub(crate) fn no<'a, T>(at: &'a str, msg: impl Into<Cow<'static, str>>) -> Res<'a, T> {
    Err(nom::Err::Error(PErr::new(at, msg)))
}

/// A committed failure: the input is wrong here.
pub(crate) fn fail<'a, T>(at: &'a str, msg: impl Into<Cow<'static, str>>) -> Res<'a, T> {
    Err(nom::Err::Failure(PErr::new(at, msg)))
}

/// Turns a recoverable failure into a committed one, keeping the inner message when the inner
/// parser got further than `at`.
pub(crate) fn commit<'a, T>(
    res: Res<'a, T>,
    at: &'a str,
    msg: impl Into<Cow<'static, str>>,
) -> Res<'a, T> {
    res.map_err(|e| match e {
        nom::Err::Error(inner) => nom::Err::Failure(PErr::new(at, msg).or(inner)),
        other => other,
    })
}

pub(crate) fn ws(i: &str) -> &str {
    i.trim_start_matches(char::is_whitespace)
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// `[A-Za-z_][A-Za-z0-9_-]*`
pub(crate) fn ident(i: &str) -> Res<'_, &str> {
    recognize((satisfy(is_ident_start), take_while(is_ident_char))).parse(i)
}

/// Whether the whole of `s` is one identifier.
pub(crate) fn is_ident(s: &str) -> bool {
    matches!(ident(s), Ok(("", _)))
}

/// The keyword `word`, case-insensitively, as a whole identifier (so `and` does not match the
/// start of `android`).
pub(crate) fn keyword<'a>(i: &'a str, word: &'static str) -> Res<'a, &'a str> {
    let (rest, id) = ident(i)?;
    if id.eq_ignore_ascii_case(word) {
        Ok((rest, id))
    } else {
        no(i, format!("expected `{word}`"))
    }
}

/// A bare number: `[+-]?(0x[0-9a-f]+ | [0-9]+(.[0-9]+)*)`, not followed by a letter, digit, `_`,
/// `-` or `.`.
pub(crate) fn number(i: &str) -> Res<'_, &str> {
    let (rest, n) = recognize((
        opt(one_of("+-")),
        alt((
            recognize((tag_no_case("0x"), hex_digit1)),
            recognize((digit1, many0((char('.'), digit1)))),
        )),
    ))
    .parse(i)?;
    match rest.chars().next() {
        Some(c) if is_ident_char(c) || c == '.' => no(i, "malformed number"),
        _ => Ok((rest, n)),
    }
}

/// A string literal in `"…"` or `'…'`. Escapes: `\\`, `\"`, `\'`, `\u{hex}`; any other backslash is
/// literal (so `"C:\Windows"` is `C:\Windows`).
pub(crate) fn string(i: &str) -> Res<'_, String> {
    let (body, q) = one_of("\"'").parse(i)?;
    let mut out = String::new();
    let mut rest = body;
    loop {
        let (run, tail) = {
            let (tail, run) = take_while(|c| c != q && c != '\\').parse(rest)?;
            (run, tail)
        };
        out.push_str(run);
        let mut chars = tail.chars();
        match chars.next() {
            None => return fail(i, "unterminated string: no closing quote"),
            Some(c) if c == q => return Ok((chars.as_str(), out)),
            Some(_) => {
                // A backslash.
                let after = chars.as_str();
                match after.chars().next() {
                    Some(c @ ('\\' | '"' | '\'')) => {
                        out.push(c);
                        rest = after.get(1..).unwrap_or_default();
                    }
                    Some('u') if after.get(1..2) == Some("{") => {
                        let (r, ch) = unicode_escape(after, tail)?;
                        out.push(ch);
                        rest = r;
                    }
                    None => return fail(i, "unterminated string: no closing quote"),
                    Some(_) => {
                        out.push('\\');
                        rest = after;
                    }
                }
            }
        }
    }
}

/// `u{hex}` after a backslash; `at` is the backslash, for errors.
fn unicode_escape<'a>(after: &'a str, at: &'a str) -> Res<'a, char> {
    let inner = after.get(2..).unwrap_or_default();
    let res: Res<'a, &'a str> = take_while1(|c: char| c.is_ascii_hexdigit()).parse(inner);
    let Ok((rest, hex)) = res else {
        return fail(at, "expected hex digits in `\\u{…}`");
    };
    let Some(rest) = rest.strip_prefix('}') else {
        return fail(at, "expected `}` closing `\\u{…}`");
    };
    match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
        Some(c) if hex.len() <= 6 => Ok((rest, c)),
        _ => fail(at, format!("`\\u{{{hex}}}` is not a unicode scalar value")),
    }
}

/// A value after an operator: a string literal or a bare number.
pub(crate) fn value(i: &str) -> Res<'_, String> {
    let i = ws(i);
    alt((string, |i| number(i).map(|(r, n)| (r, n.to_string())))).parse(i)
}

/// The comparison symbols: `==`, `!=`, `<>`, `>=`, `<=`, `>`, `<`, and `=` when `single_eq`.
pub(crate) fn symbol(i: &str, single_eq: bool) -> Res<'_, VariableOperator> {
    let (rest, s) = alt((
        tag("=="),
        tag("!="),
        tag("<>"),
        tag(">="),
        tag("<="),
        tag(">"),
        tag("<"),
        tag("="),
    ))
    .parse(i)?;
    Ok((
        rest,
        match s {
            "==" => VariableOperator::Equals,
            "!=" | "<>" => VariableOperator::NotEquals,
            ">=" => VariableOperator::GreaterEqual,
            "<=" => VariableOperator::LessEqual,
            ">" => VariableOperator::Greater,
            "<" => VariableOperator::Less,
            _ if single_eq => VariableOperator::Equals,
            _ => return no(i, "expected a comparison"),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_escapes() {
        assert_eq!(string(r#""abc" x"#), Ok((" x", "abc".to_string())));
        assert_eq!(string(r#"'a"b'"#), Ok(("", "a\"b".to_string())));
        assert_eq!(
            string(r#""C:\Windows""#),
            Ok(("", r"C:\Windows".to_string()))
        );
        assert_eq!(string(r#""a\"b""#), Ok(("", "a\"b".to_string())));
        assert_eq!(string(r#""a\\""#), Ok(("", "a\\".to_string())));
        assert_eq!(string(r#""\u{e9}t\u{e9}""#), Ok(("", "été".to_string())));
        assert_eq!(string(r#""C:\users""#), Ok(("", r"C:\users".to_string())));
        assert!(matches!(string(r#""abc"#), Err(nom::Err::Failure(_))));
        assert!(matches!(string(r#""abc\"#), Err(nom::Err::Failure(_))));
        assert!(matches!(
            string(r#""\u{110000}""#),
            Err(nom::Err::Failure(_))
        ));
        assert!(matches!(string(r#""\u{d800}""#), Err(nom::Err::Failure(_))));
        assert!(matches!(string(r#""\u{zz}""#), Err(nom::Err::Failure(_))));
        assert!(matches!(string("abc"), Err(nom::Err::Error(_))));
    }

    #[test]
    fn numbers_and_identifiers() {
        assert_eq!(number("3247440400 and"), Ok((" and", "3247440400")));
        assert_eq!(number("0xC1900210)"), Ok((")", "0xC1900210")));
        assert_eq!(number("-1"), Ok(("", "-1")));
        assert_eq!(number("10.0.19045,"), Ok((",", "10.0.19045")));
        assert!(number("1.").is_err());
        assert!(number("12abc").is_err());
        assert!(number("abc").is_err());
        assert_eq!(ident("_SMSTS-x1 =="), Ok((" ==", "_SMSTS-x1")));
        assert!(is_ident("PHASE"));
        assert!(!is_ident("9x"));
        assert!(!is_ident("a b"));
        assert!(keyword("AND x", "and").is_ok());
        assert!(keyword("android", "and").is_err());
    }
}
