//! What watches an evaluation ([`Sink`]), the value a step gives it, and how the program takes
//! its strings: the seam between the program (`super::program`) and its leaves
//! (`super::leaves`).

use std::borrow::Cow;

use super::error::EvalError;

/// A step's value inside the program. The error is boxed so that the value is two words and
/// moves in registers (errors are rare; a wide error type copied through the stack on every
/// step costs more than the variable comparisons themselves).
pub(crate) type Value = Result<bool, Box<EvalError>>;

/// Watches an evaluation. Every step is opened and closed (with its result); facts are noted
/// between, for the innermost open step; children an earlier sibling made unnecessary are
/// reported as skipped, and only when [`Sink::EXPLAINS`].
pub(crate) trait Sink {
    /// Whether the sink wants facts and skipped children at all.
    const EXPLAINS: bool;
    /// A fact about the innermost open step.
    fn note(&mut self, fact: impl FnOnce() -> String);
    /// Step `at` starts.
    fn open(&mut self, at: usize);
    /// Step `at` ends with `result`.
    fn close(&mut self, at: usize, result: &Value);
    /// Step `at`, a child of the innermost open group, is not evaluated.
    fn skipped(&mut self, at: usize);
}

/// Watches nothing: plain evaluation.
pub(crate) struct NoFacts;

impl Sink for NoFacts {
    const EXPLAINS: bool = false;
    #[inline(always)]
    fn note(&mut self, _fact: impl FnOnce() -> String) {}
    #[inline(always)]
    fn open(&mut self, _at: usize) {}
    #[inline(always)]
    fn close(&mut self, _at: usize, _result: &Value) {}
    #[inline(always)]
    fn skipped(&mut self, _at: usize) {}
}

/// Turns a string of the condition into one of the program: borrowed or copied.
pub(crate) type Text<'c, 'o> = dyn Fn(&'c str) -> Cow<'o, str>;
