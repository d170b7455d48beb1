//! Evaluation of a parsed `WHERE` clause against one instance.
//!
//! Coercion rules (the constant is converted to the property's type, never the other way):
//!
//! | property value | constant used as | example that holds |
//! |---|---|---|
//! | string | the constant's text (`1033` → `"1033"`, `TRUE` → `"true"`), compared case-insensitively, ordered by code point | `BuildNumber >= '17763'` for `"19045"` |
//! | integer | an integer (`1033`, `'1033'`, `TRUE` = 1, `FALSE` = 0); else a real (`'1.5'`) | `OSLanguage = '1033'` for `1033` |
//! | real | a real (`2`, `'2.5'`) | `Value > 2` for `2.5` |
//! | boolean | `TRUE`/`FALSE` (also quoted, any case); integers: non-zero is TRUE | `PrimaryOwner = 'true'` for `true` |
//! | missing or `null` | — every comparison and `LIKE` is false; `IS NULL` is true | `BatteryStatus IS NULL` |
//! | array | — an error: WQL cannot test arrays in `WHERE` | |
//!
//! A constant that cannot be converted (`OSLanguage = 'abc'`) is an [`EvalError`], not a silent
//! false. `LIKE` on a number or boolean matches its decimal text (`TRUE`/`FALSE` for booleans).
//! Logic is two-valued: `NOT (X = 1)` is true when `X` is NULL, because `X = 1` is false.

use std::fmt::Write as _;

use super::ast::{Comparison, Expr, Ident, LikeTest};
use super::error::EvalError;
use super::fold::{cmp_folded, eq_folded};
use super::{Instance, WmiValue};

/// Something with named WMI properties that a query can be evaluated against.
///
/// Implemented for [`Instance`]; hosts with their own storage implement it to evaluate queries
/// without converting. Lookups must ignore case; [`Ident::folded`] gives the name pre-folded.
///
/// ```
/// use tasksequence::wql::{Ident, PropertyLookup, Query, WmiValue};
///
/// // A host that keeps one property needs no map to answer a query.
/// struct Bios {
///     version: WmiValue,
/// }
///
/// impl PropertyLookup for Bios {
///     fn property(&self, property: &Ident) -> Option<&WmiValue> {
///         (property.folded() == "smbiosbiosversion").then_some(&self.version)
///     }
/// }
///
/// let bios = Bios { version: WmiValue::String("N2EET50W".into()) };
/// let q = Query::parse("SELECT * FROM Win32_BIOS WHERE SMBIOSBIOSVersion LIKE 'n2eet%'")?;
/// assert!(q.matches(&bios)?);
/// assert!(Query::parse("SELECT * FROM Win32_BIOS WHERE Manufacturer IS NULL")?.matches(&bios)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait PropertyLookup {
    /// The value of `property`, `None` when the instance does not list it (it is then NULL).
    ///
    /// ```
    /// use tasksequence::machine::{Instance, WmiValue};
    /// use tasksequence::wql::{Ident, PropertyLookup};
    ///
    /// let mut os = Instance::new();
    /// os.insert("OSLanguage".into(), WmiValue::Int(1033));
    /// assert_eq!(os.property(&Ident::new("oslanguage")), Some(&WmiValue::Int(1033)));
    /// assert_eq!(os.property(&Ident::new("Locale")), None);
    /// ```
    fn property(&self, property: &Ident) -> Option<&WmiValue>;
}

impl PropertyLookup for Instance {
    fn property(&self, property: &Ident) -> Option<&WmiValue> {
        // Exact spelling first: queries usually spell names as WMI does.
        self.get(property.as_str()).or_else(|| {
            self.iter()
                .find(|(k, _)| eq_folded(k, property.folded()))
                .map(|(_, v)| v)
        })
    }
}

/// Evaluates `expr` against `instance`, left to right with short-circuit.
pub(crate) fn eval<P: PropertyLookup + ?Sized>(
    expr: &Expr,
    instance: &P,
) -> Result<bool, EvalError> {
    match expr {
        Expr::And(items) => {
            for item in items {
                if !eval(item, instance)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Expr::Or(items) => {
            for item in items {
                if eval(item, instance)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Expr::Not(inner) => eval(inner, instance).map(|b| !b),
        Expr::Compare(c) => compare(c, value_of(instance, &c.property)?),
        Expr::Like(t) => like(t, value_of(instance, &t.property)?),
        Expr::IsNull(t) => {
            let null = matches!(
                value_of(instance, &t.property)?,
                None | Some(WmiValue::Null)
            );
            Ok(null != t.negated)
        }
    }
}

/// A property's value; a system property the instance does not list is an error rather than NULL
/// (`__CLASS` is answered by [`WithClass`] before this).
fn value_of<'a, P: PropertyLookup + ?Sized>(
    instance: &'a P,
    property: &Ident,
) -> Result<Option<&'a WmiValue>, EvalError> {
    match instance.property(property) {
        None if property.as_str().starts_with("__") => Err(EvalError::SystemProperty {
            property: property.as_str().to_owned(),
        }),
        found => Ok(found),
    }
}

/// An instance of the queried class: `__CLASS` is the class name unless the instance says
/// otherwise.
pub(crate) struct WithClass<'a, P: ?Sized> {
    pub(crate) instance: &'a P,
    pub(crate) class: WmiValue,
}

impl<P: PropertyLookup + ?Sized> PropertyLookup for WithClass<'_, P> {
    fn property(&self, property: &Ident) -> Option<&WmiValue> {
        self.instance.property(property).or_else(|| {
            property
                .as_str()
                .eq_ignore_ascii_case("__CLASS")
                .then_some(&self.class)
        })
    }
}

fn compare(c: &Comparison, value: Option<&WmiValue>) -> Result<bool, EvalError> {
    let k = &c.value;
    let ord = match value {
        None | Some(WmiValue::Null) => return Ok(false),
        Some(WmiValue::Array(_)) => return Err(array(&c.property)),
        Some(WmiValue::String(s)) => Some(cmp_folded(s, &k.text)),
        Some(WmiValue::Int(n)) => match (k.int, k.real) {
            (Some(m), _) => Some(n.cmp(&m)),
            (None, Some(x)) => (*n as f64).partial_cmp(&x),
            (None, None) => return Err(mismatch(c, "integer")),
        },
        Some(WmiValue::Real(x)) => match k.real {
            Some(y) => x.partial_cmp(&y),
            None => return Err(mismatch(c, "real")),
        },
        Some(WmiValue::Bool(b)) => match k.boolean {
            Some(want) => Some(b.cmp(&want)),
            None => return Err(mismatch(c, "boolean")),
        },
    };
    // An unordered pair (NaN) satisfies no operator, `<>` included, like NULL.
    Ok(ord.is_some_and(|ord| c.op.holds(ord)))
}

fn like(t: &LikeTest, value: Option<&WmiValue>) -> Result<bool, EvalError> {
    let matched = match value {
        None | Some(WmiValue::Null) => return Ok(false),
        Some(WmiValue::Array(_)) => return Err(array(&t.property)),
        Some(WmiValue::String(s)) => t.pattern.matches(s),
        Some(WmiValue::Bool(true)) => t.pattern.matches("TRUE"),
        Some(WmiValue::Bool(false)) => t.pattern.matches("FALSE"),
        Some(WmiValue::Int(n)) => with_text(format_args!("{n}"), |s| t.pattern.matches(s)),
        Some(WmiValue::Real(x)) => with_text(format_args!("{x}"), |s| t.pattern.matches(s)),
    };
    Ok(matched != t.negated)
}

/// Formats into a stack buffer, falling back to the heap only for very long output.
fn with_text<R>(args: std::fmt::Arguments<'_>, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = StackText {
        buf: [0; 48],
        len: 0,
    };
    if buf.write_fmt(args).is_ok()
        && let Some(s) = buf
            .buf
            .get(..buf.len)
            .and_then(|b| std::str::from_utf8(b).ok())
    {
        return f(s);
    }
    f(&args.to_string())
}

struct StackText {
    buf: [u8; 48],
    len: usize,
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(std::fmt::Error)?;
        let dest = self.buf.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        dest.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

fn array(property: &Ident) -> EvalError {
    EvalError::ArrayProperty {
        property: property.as_str().to_owned(),
    }
}

fn mismatch(c: &Comparison, property_type: &str) -> EvalError {
    EvalError::TypeMismatch {
        property: c.property.as_str().to_owned(),
        property_type: property_type.to_owned(),
        constant: c.value.literal().to_string(),
    }
}
