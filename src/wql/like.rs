//! WQL `LIKE` patterns, compiled once and matched without allocating.

use serde::{Deserialize, Serialize};
use std::fmt;

use std::sync::OnceLock;

use crate::util::wildcard::{AsciiFolded, Atom, Matcher, Tok, greedy_budget};

/// A compiled WQL `LIKE` pattern.
///
/// `%` matches any run of characters (also none), `_` exactly one, `[abc]` one of the listed
/// characters, `[a-z]` (or `[a=z]`, the spelling of the WMI documentation) one in the range, and
/// `[^…]` one character *not* listed. `[%]`, `[_]` and `[[]` match those characters literally. Any
/// other character matches itself. Matching is case-insensitive and covers the whole value.
///
/// Matching costs O(value + pattern) when the runs between `%` are literal text, and
/// O(value × ⌈run / 64⌉) for a run holding `_` or `[…]`, whatever the input: a hostile pattern
/// cannot make it quadratic.
///
/// Serialized as the pattern text (a JSON string).
///
/// ```
/// use tasksequence::wql::LikePattern;
/// let p = LikePattern::new("10.0.[1-9][0-9][0-9][0-9][0-9]").unwrap();
/// assert!(p.matches("10.0.19045"));
/// assert!(!p.matches("10.0.9600"));
/// assert!(LikePattern::new("%hewlett%packard%").unwrap().matches("Hewlett-Packard"));
/// ```
#[derive(Clone)]
pub struct LikePattern {
    text: String,
    tokens: Box<[Tok]>,
    /// Built on the first value the greedy algorithm gives up on.
    bounded: OnceLock<Box<Matcher>>,
}

impl LikePattern {
    /// Compiles `pattern`.
    ///
    /// # Errors
    /// A message (lower-case, without position) when a `[` set is unterminated, empty or holds a
    /// reversed range.
    ///
    /// # Examples
    ///
    /// ```
    /// use tasksequence::wql::LikePattern;
    ///
    /// assert!(LikePattern::new("[^0-9]%")?.matches("x64"));
    /// assert_eq!(LikePattern::new("[z-a]").unwrap_err(), "reversed range `z-a`");
    /// assert_eq!(LikePattern::new("Dell[").unwrap_err(), "unterminated `[`");
    /// # Ok::<(), String>(())
    /// ```
    pub fn new(pattern: &str) -> Result<Self, String> {
        let mut tokens = Vec::with_capacity(pattern.len());
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '%' => {
                    if !matches!(tokens.last(), Some(Tok::Any)) {
                        tokens.push(Tok::Any);
                    }
                }
                '_' => tokens.push(Tok::Atom(Atom::One)),
                '[' => {
                    let negated = chars.next_if_eq(&'^').is_some();
                    let mut ranges = Vec::new();
                    let mut closed = false;
                    while let Some(lo) = chars.next() {
                        if lo == ']' {
                            closed = true;
                            break;
                        }
                        let mut hi = lo;
                        if let Some(&sep) = chars.peek()
                            && (sep == '-' || sep == '=')
                        {
                            let mut ahead = chars.clone();
                            ahead.next();
                            match ahead.next() {
                                Some(end) if end != ']' => {
                                    chars = ahead;
                                    hi = end;
                                }
                                _ => {}
                            }
                        }
                        let (lo, hi) = (fold_one(lo), fold_one(hi));
                        if lo > hi {
                            return Err(format!("reversed range `{lo}-{hi}`"));
                        }
                        ranges.push((lo, hi));
                    }
                    if !closed {
                        return Err("unterminated `[`".to_owned());
                    }
                    if ranges.is_empty() {
                        return Err("empty `[]`".to_owned());
                    }
                    tokens.push(Tok::Atom(Atom::Set {
                        negated,
                        ranges: ranges.into_boxed_slice(),
                    }));
                }
                _ => tokens.extend(c.to_lowercase().map(|c| Tok::Atom(Atom::Char(c)))),
            }
        }
        Ok(Self {
            text: pattern.to_owned(),
            tokens: tokens.into_boxed_slice(),
            bounded: OnceLock::new(),
        })
    }

    /// The pattern as written.
    ///
    /// ```
    /// use tasksequence::wql::LikePattern;
    /// assert_eq!(LikePattern::new("%E6430%")?.as_str(), "%E6430%");
    /// # Ok::<(), String>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the whole of `value` matches, ignoring case.
    ///
    /// ```
    /// use tasksequence::wql::LikePattern;
    ///
    /// let model = LikePattern::new("Latitude E64_0")?;
    /// assert!(model.matches("LATITUDE E6430"));
    /// assert!(!model.matches("Latitude E64300"));
    /// assert!(LikePattern::new("100[%]")?.matches("100%"));
    /// # Ok::<(), String>(())
    /// ```
    pub fn matches(&self, value: &str) -> bool {
        self.matches_counting(value, &mut 0)
    }

    /// [`LikePattern::matches`], adding the positions and pattern elements examined to `work`.
    pub(crate) fn matches_counting(&self, value: &str, work: &mut u64) -> bool {
        let budget = greedy_budget(value.len(), self.tokens.len());
        if value.is_ascii() {
            let bytes = value.as_bytes();
            if let Some(matched) = run_ascii(&self.tokens, bytes, budget, work) {
                return matched;
            }
            return self.bounded().matches(&AsciiFolded(bytes), work);
        }
        let folded = value.chars().flat_map(char::to_lowercase);
        if let Some(matched) = run(&self.tokens, folded.clone(), budget, work) {
            return matched;
        }
        let folded: Vec<char> = folded.collect();
        self.bounded().matches(folded.as_slice(), work)
    }

    fn bounded(&self) -> &Matcher {
        self.bounded
            .get_or_init(|| Box::new(Matcher::new(self.tokens.iter().cloned())))
    }
}

fn fold_one(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// [`run`] for ASCII values, on the bytes by index: the same algorithm, but after a `%` followed by
/// a literal character it jumps to that character's next occurrence instead of retrying at every
/// position, which is what `'%text%'` patterns spend their time on. `None` when `budget` steps
/// did not decide.
fn run_ascii(tokens: &[Tok], subject: &[u8], budget: u64, work: &mut u64) -> Option<bool> {
    let at = |i: usize| subject.get(i).map(|b| char::from(b.to_ascii_lowercase()));
    // The next position at or after `from` where the token after a `%` can start.
    let candidate = |after_star: usize, from: usize, work: &mut u64| -> Option<usize> {
        match tokens.get(after_star) {
            Some(Tok::Atom(Atom::Char(c))) => {
                let rest = subject.get(from..)?;
                let found = rest
                    .iter()
                    .position(|b| char::from(b.to_ascii_lowercase()) == *c);
                *work += found.map_or(rest.len(), |i| i + 1) as u64;
                found.map(|i| from + i)
            }
            _ => (from <= subject.len()).then_some(from),
        }
    };
    let start = *work;
    let (mut p, mut s) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    loop {
        *work += 1;
        if *work - start > budget {
            return None;
        }
        match tokens.get(p) {
            Some(Tok::Any) => {
                p += 1;
                if p == tokens.len() {
                    return Some(true);
                }
                match candidate(p, s, work) {
                    Some(next) => {
                        s = next;
                        star = Some((p, s));
                    }
                    None => return Some(false),
                }
                continue;
            }
            Some(Tok::Atom(atom)) => {
                if let Some(c) = at(s)
                    && atom.accepts(c)
                {
                    p += 1;
                    s += 1;
                    continue;
                }
            }
            None => {
                if s == subject.len() {
                    return Some(true);
                }
            }
        }
        match star.as_mut() {
            Some((after, saved)) => match candidate(*after, *saved + 1, work) {
                Some(next) => {
                    *saved = next;
                    p = *after;
                    s = next;
                }
                None => return Some(false),
            },
            None => return Some(false),
        }
    }
}

/// Wildcard matching with backtracking to the last `%` only: a later `%` can absorb whatever an
/// earlier one would have, so one saved position is enough. No allocation (the subject iterator
/// is cloned to save a position); O(pattern × value) at worst, hence `budget`: `None` when that
/// many steps did not decide.
fn run<I: Iterator<Item = char> + Clone>(
    tokens: &[Tok],
    subject: I,
    budget: u64,
    work: &mut u64,
) -> Option<bool> {
    let start = *work;
    let mut p = 0usize;
    let mut s = subject;
    let mut star: Option<(usize, I)> = None;
    loop {
        *work += 1;
        if *work - start > budget {
            return None;
        }
        let tok = tokens.get(p);
        if let Some(Tok::Any) = tok {
            p += 1;
            star = Some((p, s.clone()));
            continue;
        }
        let mut next = s.clone();
        let c = next.next();
        match (tok, c) {
            (None, None) => return Some(true),
            (Some(Tok::Atom(atom)), Some(c)) if atom.accepts(c) => {
                p += 1;
                s = next;
                continue;
            }
            _ => {}
        }
        // Mismatch: let the last `%` swallow one more character and retry after it.
        match star.as_mut() {
            Some((after, saved)) => {
                if saved.next().is_none() {
                    return Some(false);
                }
                p = *after;
                s = saved.clone();
            }
            None => return Some(false),
        }
    }
}

impl fmt::Debug for LikePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("LikePattern").field(&self.text).finish()
    }
}

impl fmt::Display for LikePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq for LikePattern {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for LikePattern {}

impl std::hash::Hash for LikePattern {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl Serialize for LikePattern {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for LikePattern {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::new(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn like(p: &str, v: &str) -> bool {
        LikePattern::new(p).unwrap().matches(v)
    }

    #[test]
    fn percent_matches_any_run() {
        assert!(like("%64%", "64-bit"));
        assert!(like("%64%", "ARM 64-bit Processor"));
        assert!(!like("%64%", "32-bit"));
        assert!(like("%", ""));
        assert!(like("%%", "anything"));
        assert!(like("a%", "a"));
        assert!(like("%a", "bba"));
        assert!(!like("%a", "ab"));
        assert!(like("Secure%Boot,Disable%", "SecureBoot,Disabled"));
        assert!(like(
            "Secure%Boot,Disable%",
            "Secure Boot,Disabled;[Optional:Disabled,Enabled]"
        ));
        assert!(like("%a%b%c%", "xxaxxbxxcxx"));
        assert!(!like("%a%b%c%", "xxcxxbxxaxx"));
    }

    #[test]
    fn underscore_matches_exactly_one() {
        assert!(like("6._", "6.1"));
        assert!(!like("6._", "6."));
        assert!(!like("6._", "6.12"));
        assert!(like("_%", "x"));
        assert!(!like("_%", ""));
        assert!(like("ä_", "Äx"));
    }

    #[test]
    fn sets_and_ranges() {
        assert!(like("[abc]", "B"));
        assert!(!like("[abc]", "d"));
        assert!(like("[a-c]x", "bx"));
        assert!(like("[a=c]x", "bx"));
        assert!(like("[A-Z]", "q"));
        assert!(!like("[^a]", "A"));
        assert!(like("[^a]", "b"));
        assert!(like("[^a-c]%", "d1"));
        assert!(like("10.0.[1-9][0-9][0-9][0-9][0-9]", "10.0.19045"));
        assert!(!like("10.0.[1-9][0-9][0-9][0-9][0-9]", "10.0.9600"));
        assert!(like("[1-9][0-9].%", "10.0.1"));
        assert!(like("[%]%", "%x"));
        assert!(!like("[%]%", "x%"));
        assert!(like("[_]", "_"));
        assert!(like("[a-]", "-"));
        assert!(like("x]", "x]"));
    }

    #[test]
    fn case_insensitive_literals() {
        assert!(like("%hewlett%packard%", "HEWLETT-PACKARD"));
        assert!(like("%DELL%", "Dell Inc."));
        assert!(like("ÉCOLE", "école"));
    }

    #[test]
    fn bad_patterns() {
        assert_eq!(LikePattern::new("[abc").unwrap_err(), "unterminated `[`");
        assert_eq!(LikePattern::new("[]").unwrap_err(), "empty `[]`");
        assert_eq!(
            LikePattern::new("[z-a]").unwrap_err(),
            "reversed range `z-a`"
        );
    }

    #[test]
    fn pathological_pattern_terminates() {
        let value = "a".repeat(2000);
        assert!(!like("%a%a%a%a%a%b", &value));
    }

    #[test]
    fn ascii_path_agrees_with_the_general_one() {
        let patterns = [
            "%",
            "%a%",
            "a%b",
            "%ab%ab%",
            "_%_",
            "[a-c]%[^x]",
            "%[0-9].%",
            "ab",
            "%b",
            "b%",
            "%%a_",
        ];
        let values = [
            "",
            "a",
            "ab",
            "abab",
            "xaby",
            "bab",
            "c1.x",
            "aab",
            "ba",
            "abx",
            "q9.",
            "xxabxxabxx",
        ];
        for p in patterns {
            let lp = LikePattern::new(p).unwrap();
            for v in values {
                let general = run(
                    &lp.tokens,
                    v.chars().flat_map(char::to_lowercase),
                    u64::MAX,
                    &mut 0,
                );
                assert_eq!(Some(lp.matches(v)), general, "{p} {v}");
            }
        }
    }

    /// A value of 1 MiB against a 6,000-character pattern: the work stays a small multiple of
    /// their sum (the greedy algorithm alone would take about six billion steps).
    #[test]
    fn long_pattern_on_a_long_value_is_bounded() {
        let value = "a".repeat(1 << 20);
        let n = value.len() as u64;
        for pattern in [
            format!("%{}b%", "a".repeat(5998)),
            format!("%{}b", "a".repeat(5999)),
            format!("{}%{}b%", "a".repeat(10), "a".repeat(5988)),
            format!("%{}%", "a".repeat(5998)),
        ] {
            let p = LikePattern::new(&pattern).unwrap();
            let mut work = 0;
            let expected = !pattern.contains('b');
            assert_eq!(
                p.matches_counting(&value, &mut work),
                expected,
                "{pattern:.20}"
            );
            assert!(work <= 8 * (n + 6000), "{work} steps for {pattern:.20}");
        }
        // With `_` in the run the scan costs one word per 64 atoms at each position.
        let value = "a".repeat(1 << 16);
        let pattern = format!("%{}b%", "a_".repeat(2999));
        let mut work = 0;
        assert!(
            !LikePattern::new(&pattern)
                .unwrap()
                .matches_counting(&value, &mut work)
        );
        let words = 5998u64.div_ceil(64);
        assert!(work <= 8 * (1 << 16) + (1 << 16) * words + 6000, "{work}");
    }

    #[test]
    fn long_non_ascii_values_are_bounded() {
        let value = "é".repeat(1 << 16);
        let pattern = format!("%{}b%", "É".repeat(3000));
        let mut work = 0;
        assert!(
            !LikePattern::new(&pattern)
                .unwrap()
                .matches_counting(&value, &mut work)
        );
        assert!(work <= 8 * ((2 << 16) + 6000), "{work}");
        assert!(like(&format!("%{}%", "É".repeat(3000)), &value));
    }

    fn pattern_text() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "a", "b", "A", "é", "É", "%", "_", "[ab]", "[^a]", "[a-b]", "[%]",
        ]);
        prop::collection::vec(piece, 0..10).prop_map(|p| p.concat())
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The greedy path, the bounded matcher and the plain greedy algorithm without a budget
        /// agree on every pattern and value.
        #[test]
        fn matchers_agree(pattern in pattern_text(), value in "[abAéÉ%c]{0,14}") {
            let p = LikePattern::new(&pattern).unwrap();
            let folded: Vec<char> = value.chars().flat_map(char::to_lowercase).collect();
            let reference = run(&p.tokens, folded.iter().copied(), u64::MAX, &mut 0);
            prop_assert_eq!(Some(p.matches(&value)), reference);
            prop_assert_eq!(Some(p.bounded().matches(folded.as_slice(), &mut 0)), reference);
            if value.is_ascii() {
                let bytes = value.as_bytes();
                prop_assert_eq!(Some(p.bounded().matches(&AsciiFolded(bytes), &mut 0)), reference);
            }
        }
    }
}
