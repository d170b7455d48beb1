//! Whole-value wildcard matching with a bound on the work, shared by WQL `LIKE` (`%`, `_`, `[…]`)
//! and the task sequence's `like` and make/model rules (`*`, `?`).
//!
//! A pattern is runs of single-character atoms separated by "any run" wildcards. The run before
//! the first wildcard must match at the start of the value, the run after the last one at its end,
//! and each run in between at its leftmost place after the previous one: taking the leftmost place
//! never loses a match, because a later wildcard can absorb whatever an earlier one would have.
//! Each value position is therefore examined by one run's search only:
//!
//! - a run of literal characters is found with Knuth–Morris–Pratt, so the whole match is
//!   O(value + pattern);
//! - a run holding `_`/`?` or a `[…]` set is found with a bit-parallel (shift-and) scan, one
//!   machine word per 64 atoms of the run: O(value × ⌈run / 64⌉). For a character outside ASCII,
//!   each set and each non-ASCII literal of the run is asked once more.
//!
//! The plain greedy algorithm (retry after the last wildcard) is faster on everyday patterns but
//! costs value × pattern on hostile ones (a long literal that almost matches everywhere), so the
//! callers run it with a budget proportional to value + pattern and fall back on [`Matcher`] when
//! the budget runs out.

/// One single-character element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Atom {
    /// This character (already folded when matching ignores case).
    Char(char),
    /// Exactly one character, any.
    One,
    /// One character in (or, negated, not in) the ranges.
    Set {
        /// `[^…]`.
        negated: bool,
        /// Inclusive ranges; a lone character is a range of one.
        ranges: Box<[(char, char)]>,
    },
}

impl Atom {
    /// Whether this atom accepts `c`.
    #[inline]
    pub(crate) fn accepts(&self, c: char) -> bool {
        match self {
            Self::Char(want) => *want == c,
            Self::One => true,
            Self::Set { negated, ranges } => {
                ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
            }
        }
    }
}

/// A pattern element: an atom or "any run of characters, also none".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// One character.
    Atom(Atom),
    /// `%` / `*`.
    Any,
}

/// The value being matched, one character per position (already folded when matching ignores
/// case).
pub(crate) trait Subject {
    /// The number of positions.
    fn len(&self) -> usize;
    /// The character at `i`, `None` past the end.
    fn at(&self, i: usize) -> Option<char>;
}

/// ASCII text compared as it is.
pub(crate) struct AsciiExact<'a>(pub(crate) &'a [u8]);

/// ASCII text compared in lower case.
pub(crate) struct AsciiFolded<'a>(pub(crate) &'a [u8]);

impl Subject for AsciiExact<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    #[inline]
    fn at(&self, i: usize) -> Option<char> {
        self.0.get(i).map(|&b| char::from(b))
    }
}

impl Subject for AsciiFolded<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    #[inline]
    fn at(&self, i: usize) -> Option<char> {
        self.0.get(i).map(|&b| char::from(b.to_ascii_lowercase()))
    }
}

impl Subject for [char] {
    fn len(&self) -> usize {
        <[char]>::len(self)
    }
    #[inline]
    fn at(&self, i: usize) -> Option<char> {
        self.get(i).copied()
    }
}

/// A budget for the greedy algorithm on a value of `value` and a pattern of `pattern` positions:
/// a small multiple of their sum, which everyday patterns never reach.
pub(crate) fn greedy_budget(value: usize, pattern: usize) -> u64 {
    let sum = u64::try_from(value.saturating_add(pattern)).unwrap_or(u64::MAX);
    sum.saturating_mul(4).saturating_add(64)
}

/// How a run is searched for.
#[derive(Debug, Clone)]
enum Search {
    /// Only literal characters: the Knuth–Morris–Pratt failure function (for each prefix length
    /// `q`, the length of its longest proper border).
    Literal {
        chars: Box<[char]>,
        fail: Box<[usize]>,
    },
    /// Shift-and: for each ASCII character, the bits of the atoms that accept it (`words` per
    /// character); for other characters, the bits of the `_` atoms plus the atoms in `special`,
    /// asked one by one.
    Bits {
        words: usize,
        ascii: Box<[u64]>,
        one: Box<[u64]>,
        special: Box<[usize]>,
    },
}

/// A run of atoms between wildcards.
#[derive(Debug, Clone)]
struct Run {
    atoms: Box<[Atom]>,
    search: Search,
}

impl Run {
    fn new(atoms: Vec<Atom>) -> Self {
        let literal: Option<Vec<char>> = atoms
            .iter()
            .map(|a| match a {
                Atom::Char(c) => Some(*c),
                _ => None,
            })
            .collect();
        let search = match literal {
            Some(chars) => {
                let fail = failure(&chars);
                Search::Literal {
                    chars: chars.into_boxed_slice(),
                    fail,
                }
            }
            None => {
                let words = atoms.len().div_ceil(64).max(1);
                let mut ascii = vec![0u64; 128 * words];
                let mut one = vec![0u64; words];
                let mut special = Vec::new();
                for (j, atom) in atoms.iter().enumerate() {
                    let (word, bit) = (j / 64, 1u64 << (j % 64));
                    for c in 0u8..128 {
                        if atom.accepts(char::from(c))
                            && let Some(w) = ascii.get_mut(usize::from(c) * words + word)
                        {
                            *w |= bit;
                        }
                    }
                    match atom {
                        Atom::One => {
                            if let Some(w) = one.get_mut(word) {
                                *w |= bit;
                            }
                        }
                        Atom::Char(c) if c.is_ascii() => {}
                        _ => special.push(j),
                    }
                }
                Search::Bits {
                    words,
                    ascii: ascii.into_boxed_slice(),
                    one: one.into_boxed_slice(),
                    special: special.into_boxed_slice(),
                }
            }
        };
        Self {
            atoms: atoms.into_boxed_slice(),
            search,
        }
    }

    fn len(&self) -> usize {
        self.atoms.len()
    }

    /// Whether the run matches at `pos`.
    fn matches_at<S: Subject + ?Sized>(&self, s: &S, pos: usize, work: &mut u64) -> bool {
        *work += self.atoms.len() as u64;
        self.atoms
            .iter()
            .enumerate()
            .all(|(i, atom)| s.at(pos + i).is_some_and(|c| atom.accepts(c)))
    }

    /// The leftmost start `i >= from` where the run matches and ends by `limit`.
    fn find<S: Subject + ?Sized>(
        &self,
        s: &S,
        from: usize,
        limit: usize,
        work: &mut u64,
    ) -> Option<usize> {
        let len = self.atoms.len();
        if len == 0 {
            return (from <= limit).then_some(from);
        }
        match &self.search {
            Search::Literal { chars, fail } => {
                let mut q = 0usize;
                for i in from..limit {
                    let c = s.at(i)?;
                    *work += 1;
                    while q > 0 && chars.get(q) != Some(&c) {
                        *work += 1;
                        q = fail.get(q - 1).copied().unwrap_or(0);
                    }
                    if chars.get(q) == Some(&c) {
                        q += 1;
                    }
                    if q == len {
                        return Some(i + 1 - len);
                    }
                }
                None
            }
            Search::Bits {
                words,
                ascii,
                one,
                special,
            } => {
                let words = *words;
                let mut state = vec![0u64; words];
                let mut scratch = vec![0u64; words];
                let (top_word, top_bit) = ((len - 1) / 64, 1u64 << ((len - 1) % 64));
                for i in from..limit {
                    let c = s.at(i)?;
                    let mask: &[u64] = if c.is_ascii() {
                        let at = c as usize * words;
                        ascii.get(at..at + words).unwrap_or(&scratch)
                    } else {
                        scratch.copy_from_slice(one);
                        for &j in special.iter() {
                            *work += 1;
                            if self.atoms.get(j).is_some_and(|a| a.accepts(c))
                                && let Some(w) = scratch.get_mut(j / 64)
                            {
                                *w |= 1u64 << (j % 64);
                            }
                        }
                        &scratch
                    };
                    *work += words as u64;
                    let mut carry = 1u64;
                    for (d, m) in state.iter_mut().zip(mask) {
                        let next = ((*d << 1) | carry) & m;
                        carry = *d >> 63;
                        *d = next;
                    }
                    if state.get(top_word).is_some_and(|d| d & top_bit != 0) {
                        return Some(i + 1 - len);
                    }
                }
                None
            }
        }
    }
}

/// The Knuth–Morris–Pratt failure function of `p`.
fn failure(p: &[char]) -> Box<[usize]> {
    let mut fail = vec![0usize; p.len()];
    let mut k = 0usize;
    for i in 1..p.len() {
        let c = p.get(i);
        while k > 0 && p.get(k) != c {
            k = fail.get(k - 1).copied().unwrap_or(0);
        }
        if p.get(k) == c {
            k += 1;
        }
        if let Some(f) = fail.get_mut(i) {
            *f = k;
        }
    }
    fail.into_boxed_slice()
}

/// A pattern compiled for matching in bounded time (see the module documentation).
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    /// Before the first wildcard: anchored at the start.
    head: Run,
    /// Between wildcards, in order.
    middle: Box<[Run]>,
    /// After the last wildcard, anchored at the end; `None` when the pattern has no wildcard.
    tail: Option<Run>,
}

impl Matcher {
    /// Compiles a token sequence.
    pub(crate) fn new(tokens: impl IntoIterator<Item = Tok>) -> Self {
        let mut runs: Vec<Vec<Atom>> = vec![Vec::new()];
        for tok in tokens {
            match tok {
                Tok::Any => runs.push(Vec::new()),
                Tok::Atom(a) => {
                    if let Some(run) = runs.last_mut() {
                        run.push(a);
                    }
                }
            }
        }
        let mut runs = runs.into_iter();
        let head = Run::new(runs.next().unwrap_or_default());
        let mut rest: Vec<Run> = runs.map(Run::new).collect();
        let tail = rest.pop();
        rest.retain(|r| r.len() > 0);
        Self {
            head,
            middle: rest.into_boxed_slice(),
            tail,
        }
    }

    /// Whether the whole of `s` matches; `work` grows by the positions and atoms examined.
    pub(crate) fn matches<S: Subject + ?Sized>(&self, s: &S, work: &mut u64) -> bool {
        let n = s.len();
        let head = self.head.len();
        let Some(tail) = &self.tail else {
            return n == head && self.head.matches_at(s, 0, work);
        };
        let Some(limit) = n.checked_sub(tail.len()) else {
            return false;
        };
        if head > limit || !self.head.matches_at(s, 0, work) || !tail.matches_at(s, limit, work) {
            return false;
        }
        let mut from = head;
        for run in &self.middle {
            match run.find(s, from, limit, work) {
                Some(start) => from = start + run.len(),
                None => return false,
            }
        }
        true
    }
}

/// The task sequence's `like` (`*` any run, `?` one character, whole value, case-insensitive
/// unless `case_sensitive`; `%` and `_` are ordinary characters), in bounded time.
pub(crate) fn star_match(value: &str, pattern: &str, case_sensitive: bool) -> bool {
    star_match_counting(value, pattern, case_sensitive, &mut 0)
}

/// [`star_match`], adding the positions and pattern characters examined to `work`.
pub(crate) fn star_match_counting(
    value: &str,
    pattern: &str,
    case_sensitive: bool,
    work: &mut u64,
) -> bool {
    let budget = greedy_budget(value.len(), pattern.len());
    if value.is_ascii() && pattern.is_ascii() {
        let (v, p) = (value.as_bytes(), pattern.as_bytes());
        if let Some(matched) = star_bytes(v, p, case_sensitive, budget, work) {
            return matched;
        }
        let tokens = p.iter().map(|&b| star_tok(char::from(b), case_sensitive));
        let matcher = Matcher::new(tokens);
        return if case_sensitive {
            matcher.matches(&AsciiExact(v), work)
        } else {
            matcher.matches(&AsciiFolded(v), work)
        };
    }
    if let Some(matched) = star_chars(value, pattern, case_sensitive, budget, work) {
        return matched;
    }
    let matcher = Matcher::new(pattern.chars().map(|c| star_tok(c, case_sensitive)));
    let chars: Vec<char> = value.chars().map(|c| fold_key(c, case_sensitive)).collect();
    matcher.matches(chars.as_slice(), work)
}

/// A `*`/`?` pattern character as a token.
fn star_tok(c: char, case_sensitive: bool) -> Tok {
    match c {
        '*' => Tok::Any,
        '?' => Tok::Atom(Atom::One),
        c => Tok::Atom(Atom::Char(fold_key(c, case_sensitive))),
    }
}

/// The character two characters are compared by: its lower case when that is one character (the
/// other case, `İ`, stays itself, as it equals only itself), unless case matters.
fn fold_key(c: char, case_sensitive: bool) -> char {
    if case_sensitive {
        return c;
    }
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn chars_equal(a: char, b: char, case_sensitive: bool) -> bool {
    a == b
        || (!case_sensitive
            && (a.eq_ignore_ascii_case(&b)
                || (!(a.is_ascii() && b.is_ascii()) && a.to_lowercase().eq(b.to_lowercase()))))
}

/// Greedy `*`/`?` matching that remembers the last `*` and retries one character further on a
/// mismatch; `None` when `budget` steps did not decide.
fn star_chars(
    value: &str,
    pattern: &str,
    case_sensitive: bool,
    budget: u64,
    work: &mut u64,
) -> Option<bool> {
    let start = *work;
    let mut t = 0usize;
    let mut p = 0usize;
    let mut star: Option<(usize, usize)> = None;
    loop {
        *work += 1;
        if *work - start > budget {
            return None;
        }
        let pc = pattern.get(p..).and_then(|s| s.chars().next());
        let tc = value.get(t..).and_then(|s| s.chars().next());
        match (pc, tc) {
            (Some('*'), _) => {
                p += 1;
                star = Some((p, t));
                continue;
            }
            (Some(pc), Some(tc)) if pc == '?' || chars_equal(pc, tc, case_sensitive) => {
                p += pc.len_utf8();
                t += tc.len_utf8();
                continue;
            }
            (None, None) => return Some(true),
            _ => {}
        }
        // Mismatch: let the last `*` swallow one more character, or fail.
        let Some((after_star, star_t)) = star else {
            return Some(false);
        };
        let Some(c) = value.get(star_t..).and_then(|s| s.chars().next()) else {
            return Some(false);
        };
        let next = star_t + c.len_utf8();
        star = Some((after_star, next));
        p = after_star;
        t = next;
    }
}

/// [`star_chars`] for ASCII text, byte by byte.
fn star_bytes(
    value: &[u8],
    pattern: &[u8],
    case_sensitive: bool,
    budget: u64,
    work: &mut u64,
) -> Option<bool> {
    let eq = |a: u8, b: u8| a == b || (!case_sensitive && a.eq_ignore_ascii_case(&b));
    let start = *work;
    let (mut t, mut p) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    loop {
        *work += 1;
        if *work - start > budget {
            return None;
        }
        match (pattern.get(p), value.get(t)) {
            (Some(b'*'), _) => {
                p += 1;
                star = Some((p, t));
                continue;
            }
            (Some(&pc), Some(&tc)) if pc == b'?' || eq(pc, tc) => {
                p += 1;
                t += 1;
                continue;
            }
            (None, None) => return Some(true),
            _ => {}
        }
        let Some((after_star, star_t)) = star else {
            return Some(false);
        };
        if star_t >= value.len() {
            return Some(false);
        }
        star = Some((after_star, star_t + 1));
        p = after_star;
        t = star_t + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The textbook dynamic programme: whether `p[..j]` matches `v[..i]`.
    fn reference(tokens: &[Tok], value: &[char]) -> bool {
        let mut row = vec![false; tokens.len() + 1];
        row[0] = true;
        for (j, t) in tokens.iter().enumerate() {
            row[j + 1] = row[j] && *t == Tok::Any;
        }
        for &c in value {
            let mut next = vec![false; tokens.len() + 1];
            for (j, t) in tokens.iter().enumerate() {
                next[j + 1] = match t {
                    Tok::Any => next[j] || row[j + 1],
                    Tok::Atom(a) => row[j] && a.accepts(c),
                };
            }
            row = next;
        }
        row[tokens.len()]
    }

    fn tok() -> impl Strategy<Value = Tok> {
        prop_oneof![
            4 => prop::sample::select(vec!['a', 'b', 'é']).prop_map(|c| Tok::Atom(Atom::Char(c))),
            1 => Just(Tok::Atom(Atom::One)),
            1 => (any::<bool>(), prop::sample::select(vec![('a', 'a'), ('a', 'b'), ('b', 'é')]))
                .prop_map(|(negated, r)| Tok::Atom(Atom::Set { negated, ranges: Box::new([r]) })),
            2 => Just(Tok::Any),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn agrees_with_the_reference(
            tokens in prop::collection::vec(tok(), 0..12),
            value in prop::collection::vec(prop::sample::select(vec!['a', 'b', 'c', 'é']), 0..16),
        ) {
            let m = Matcher::new(tokens.clone());
            let mut work = 0;
            prop_assert_eq!(m.matches(value.as_slice(), &mut work), reference(&tokens, &value));
        }
    }

    #[test]
    fn long_runs_use_several_words() {
        let mut tokens = vec![Tok::Any];
        tokens.extend((0..150).map(|i| {
            Tok::Atom(if i % 7 == 3 {
                Atom::One
            } else {
                Atom::Char('a')
            })
        }));
        tokens.push(Tok::Atom(Atom::Char('b')));
        tokens.push(Tok::Any);
        let m = Matcher::new(tokens.clone());
        for value in [
            format!("{}b", "a".repeat(150)),
            format!("x{}bx", "a".repeat(160)),
            format!("{}b", "a".repeat(149)),
            "a".repeat(400),
        ] {
            let chars: Vec<char> = value.chars().collect();
            let mut work = 0;
            assert_eq!(
                m.matches(chars.as_slice(), &mut work),
                reference(&tokens, &chars),
                "{value}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// `*`/`?` matching agrees with the plain greedy algorithm without a budget, and the
        /// bounded matcher (reached by a budget of nothing) gives the same answers.
        #[test]
        fn star_match_agrees(
            pattern in "[ab*?İiKk%]{0,10}",
            value in "[abAB%İiKk]{0,14}",
            case_sensitive in any::<bool>(),
        ) {
            let reference = star_chars(&value, &pattern, case_sensitive, u64::MAX, &mut 0);
            prop_assert_eq!(Some(star_match(&value, &pattern, case_sensitive)), reference);
            let matcher = Matcher::new(pattern.chars().map(|c| star_tok(c, case_sensitive)));
            let chars: Vec<char> = value.chars().map(|c| fold_key(c, case_sensitive)).collect();
            prop_assert_eq!(Some(matcher.matches(chars.as_slice(), &mut 0)), reference);
            if value.is_ascii() && pattern.is_ascii() {
                let bytes = star_bytes(value.as_bytes(), pattern.as_bytes(), case_sensitive, u64::MAX, &mut 0);
                prop_assert_eq!(bytes, reference);
            }
        }
    }

    /// Make/model rules against a 1 MiB value with a 6,000-character pattern: bounded work.
    #[test]
    fn star_match_on_a_long_value_is_bounded() {
        let value = "A".repeat(1 << 20);
        let n = value.len() as u64;
        for (pattern, expected) in [
            (format!("*{}B*", "a".repeat(5998)), false),
            (format!("*{}b", "a".repeat(5999)), false),
            (format!("*{}*", "a".repeat(5998)), true),
            (format!("{}*", "a".repeat(5999)), true),
        ] {
            let mut work = 0;
            assert_eq!(
                star_match_counting(&value, &pattern, false, &mut work),
                expected,
                "{pattern:.12}"
            );
            assert!(work <= 8 * (n + 6000), "{work} steps for {pattern:.12}");
        }
        let mut work = 0;
        assert!(!star_match_counting(
            &value,
            &format!("*{}B*", "A".repeat(5998)),
            true,
            &mut work
        ));
        assert!(work <= 8 * (n + 6000), "{work}");
    }
}
