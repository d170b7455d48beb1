//! Case-insensitive name keys: a hash and an equality that ignore ASCII case, eight bytes at a
//! time, without allocating on lookup.

/// ASCII lower case of eight bytes at once: bytes `A`–`Z` gain `0x20`, all others (including
/// non-ASCII) are unchanged.
#[inline]
fn lower8(word: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = word & LOW7;
    // High bit of each byte: set when the byte (without its top bit) is >= `A`, resp. > `Z`;
    // no byte carries into the next.
    let at_least_a = low + 0x3f3f_3f3f_3f3f_3f3f;
    let above_z = low + 0x2525_2525_2525_2525;
    let upper = (at_least_a ^ above_z) & !word & HIGH;
    word | (upper >> 2)
}

/// Up to 8 bytes as a little-endian word, zero-padded, with at most two overlapping loads (a
/// byte loop here compiles to a `memcpy` call, which costs more than the whole lookup).
#[inline]
fn load(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    if let Some(word) = bytes.first_chunk::<8>() {
        return u64::from_le_bytes(*word);
    }
    if n >= 4 {
        let lo = bytes
            .first_chunk::<4>()
            .map_or(0, |b| u32::from_le_bytes(*b));
        let hi = bytes
            .last_chunk::<4>()
            .map_or(0, |b| u32::from_le_bytes(*b));
        return u64::from(lo) | (u64::from(hi) << (8 * (n - 4)));
    }
    if n >= 2 {
        let lo = bytes
            .first_chunk::<2>()
            .map_or(0, |b| u16::from_le_bytes(*b));
        let hi = bytes
            .last_chunk::<2>()
            .map_or(0, |b| u16::from_le_bytes(*b));
        return u64::from(lo) | (u64::from(hi) << (8 * (n - 2)));
    }
    bytes.first().map_or(0, |&b| u64::from(b))
}

/// The lower-cased word `index` (eight bytes from `8 * index`, zero-padded).
#[inline]
fn word_at(bytes: &[u8], index: usize) -> u64 {
    // Indices stay below 33 (names are at most 256 bytes), so the shift cannot overflow.
    lower8(load(bytes.get(index << 3..).unwrap_or_default()))
}

#[inline]
fn mix(hash: u64, word: u64) -> u64 {
    (hash.rotate_left(26) ^ word).wrapping_mul(0xf135_7aea_2e62_a9c5)
}

/// A name being looked up: its hash and the words the hash read, so that comparing against a
/// stored key does not lower-case them again.
pub(crate) struct Probe<'q> {
    name: &'q [u8],
    first: u64,
    second: u64,
    /// The hash to look up with.
    pub(crate) hash: u64,
}

impl<'q> Probe<'q> {
    /// Prepares a lookup of `name`. The hash reads the length, the first sixteen bytes and the
    /// last eight, all lower-cased: variable names differ at their start (`OSDisk`,
    /// `DeployRoot`) or at their end (`OSDAdapter0IPAddressList` / `…Gateways`), and three loads
    /// keep lookups on the condition hot path cheap. Names equal in all of those collide and
    /// are told apart by [`NameKey::matches`].
    #[inline]
    pub(crate) fn new(name: &'q [u8]) -> Self {
        let n = name.len();
        let first = word_at(name, 0);
        let mut hash = mix(n as u64, first);
        let mut second = 0;
        if n > 8 {
            second = word_at(name, 1);
            hash = mix(hash, second);
        }
        if n > 16 {
            let last = name.last_chunk::<8>().map_or(0, |b| u64::from_le_bytes(*b));
            hash = mix(hash, lower8(last));
        }
        // Both the low (bucket) and high (tag) bits must depend on every word.
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
        Self {
            name,
            first,
            second,
            hash: hash ^ (hash >> 33),
        }
    }
}

/// How many lower-cased words a key keeps in place: names of up to 32 bytes, nearly all of them,
/// compare without following a pointer.
const HEAD: usize = 4;

/// The first [`HEAD`] lower-cased words of `name` (zero past its end).
#[inline]
fn head_of(name: &[u8]) -> [u64; HEAD] {
    std::array::from_fn(|i| word_at(name, i))
}

/// A variable name hashed and lower-cased once, for a lookup made many times: a compiled
/// condition keeps one for each variable it reads, so evaluating it neither hashes nor folds the
/// name again. Surrounding ASCII whitespace is dropped, as every lookup does.
///
/// Any [`crate::vars::Lookup`] answers [`crate::vars::Lookup::get_prepared`];
/// an [`crate::vars::Environment`] uses what was kept, other sources look the name up as usual.
///
/// ```
/// use tasksequence::vars::{Environment, Lookup, PreparedName};
///
/// let mut env = Environment::new();
/// env.set_engine("_SMSTSOSUpgradeActionReturnCode", "3247440400", false)?;
/// let name = PreparedName::new(" _smstsosupgradeactionreturncode ");
/// assert_eq!(name.as_str(), "_smstsosupgradeactionreturncode");
/// assert_eq!(env.get_prepared(&name).and_then(|v| v.integer()), Some(3247440400));
/// let pairs: &[(&str, &str)] = &[("_SMSTSOSUpgradeActionReturnCode", "0")];
/// assert_eq!(pairs.get_prepared(&name).map(|v| v.text()), Some("0"));
/// # Ok::<(), tasksequence::vars::VarError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreparedName<'n> {
    name: &'n str,
    parts: Hashed,
}

/// What a [`PreparedName`] keeps besides the name: its hash and first lower-cased words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hashed {
    hash: u64,
    head: [u64; HEAD],
}

impl<'n> PreparedName<'n> {
    /// Hashes `name` (trimmed of ASCII whitespace).
    ///
    /// ```
    /// use tasksequence::vars::PreparedName;
    /// assert_eq!(PreparedName::new("OSDisk").as_str(), "OSDisk");
    /// ```
    pub fn new(name: &'n str) -> Self {
        let name = name.trim_ascii();
        let bytes = name.as_bytes();
        Self {
            name,
            parts: Hashed {
                hash: Probe::new(bytes).hash,
                head: head_of(bytes),
            },
        }
    }

    /// `name` with the parts another prepared name worked out for an equal string (a compiled
    /// condition keeps the parts beside its own copy of the name).
    #[inline]
    pub(crate) fn with_parts(name: &'n str, parts: Hashed) -> Self {
        Self { name, parts }
    }

    /// The hash and words, to keep without the borrow.
    pub(crate) fn parts(&self) -> Hashed {
        self.parts
    }

    /// The hash to look up with.
    #[inline]
    pub(crate) fn hash(&self) -> u64 {
        self.parts.hash
    }

    /// The name, trimmed.
    ///
    /// ```
    /// use tasksequence::vars::PreparedName;
    /// assert_eq!(PreparedName::new(" PHASE\t").as_str(), "PHASE");
    /// ```
    pub fn as_str(&self) -> &'n str {
        self.name
    }
}

/// A stored name's lower-cased words, compared against queries in any case: the first
/// [`HEAD`] in place, the rest (names over 32 bytes) behind a pointer.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct NameKey {
    len: usize,
    head: [u64; HEAD],
    tail: Box<[u64]>,
}

impl NameKey {
    /// The key of `name`.
    pub(crate) fn new(name: &[u8]) -> Self {
        let tail = (HEAD..name.len().div_ceil(8))
            .map(|i| word_at(name, i))
            .collect();
        Self {
            len: name.len(),
            head: head_of(name),
            tail,
        }
    }

    /// Whether the probed name is this name ignoring ASCII case.
    #[inline]
    pub(crate) fn matches(&self, probe: &Probe<'_>) -> bool {
        if probe.name.len() != self.len {
            return false;
        }
        // Words past the end are zero on both sides (equal lengths).
        let [a, b, rest @ ..] = &self.head;
        *a == probe.first
            && *b == probe.second
            && rest
                .iter()
                .chain(self.tail.iter())
                .enumerate()
                .all(|(i, &word)| word == word_at(probe.name, i + 2))
    }

    /// Whether the prepared name is this name ignoring ASCII case.
    #[inline(always)]
    pub(crate) fn matches_prepared(&self, name: &PreparedName<'_>) -> bool {
        name.name.len() == self.len
            && name.parts.head == self.head
            && (self.tail.is_empty() || self.tail_matches(name.name.as_bytes()))
    }

    /// The words past the head (names over 32 bytes), kept out of line so that the common
    /// comparison stays small enough to inline into the table's probe loop.
    #[cold]
    #[inline(never)]
    fn tail_matches(&self, name: &[u8]) -> bool {
        self.tail
            .iter()
            .enumerate()
            .all(|(i, &word)| word == word_at(name, i + HEAD))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_hash(name: &[u8]) -> u64 {
        Probe::new(name).hash
    }

    fn same(a: &str, b: &str) -> bool {
        NameKey::new(a.as_bytes()).matches(&Probe::new(b.as_bytes()))
    }

    #[test]
    fn lower8_is_ascii_lowercase() {
        for b in 0..=255u8 {
            let bytes = [b, b'A', b'z', b, 0x80, b'Z', b'@', b'['];
            assert_eq!(
                lower8(u64::from_le_bytes(bytes)),
                u64::from_le_bytes(bytes.map(|c| c.to_ascii_lowercase())),
                "{b}"
            );
        }
    }

    #[test]
    fn loads_every_length() {
        let bytes: Vec<u8> = (1..=9).collect();
        for n in 0..=9 {
            let mut expected = [0u8; 8];
            let take = n.min(8);
            expected[..take].copy_from_slice(&bytes[..take]);
            assert_eq!(load(&bytes[..n]), u64::from_le_bytes(expected), "{n}");
        }
    }

    #[test]
    fn case_variants_match_and_hash_alike() {
        for (a, b) in [
            ("OsDisk", "OSDISK"),
            ("_SMSTSLastActionRetCode", "_smstslastactionretcode"),
            ("a-b_9", "A-B_9"),
            ("CustomSetting42x", "customsetting42X"),
            ("OSDAdapter0IPAddressList", "osdadapter0ipaddresslist"),
            (&"Ab".repeat(128), &"aB".repeat(128)),
        ] {
            assert_eq!(name_hash(a.as_bytes()), name_hash(b.as_bytes()), "{a}");
            assert!(same(a, b), "{a}");
        }
    }

    #[test]
    fn different_names_differ() {
        let names = [
            "a",
            "b",
            "ab",
            "ba",
            "a_",
            "a-",
            "a0",
            "OSDisk",
            "OSDisk1",
            "OSDisk12345678",
            "OSDAdapter0IPAddressList",
            "OSDAdapter0IPAddressGateways",
            "OSDAdapter1IPAddressList",
        ];
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                assert_ne!(name_hash(a.as_bytes()), name_hash(b.as_bytes()), "{a} {b}");
                assert!(!same(a, b) && !same(b, a), "{a} {b}");
            }
        }
        // Same start and end, different middle: the hash collides, the key tells them apart.
        let (x, y) = (
            "prefix-sixteen-bXmiddle-end-eight",
            "prefix-sixteen-bYmiddle-end-eight",
        );
        assert_eq!(name_hash(x.as_bytes()), name_hash(y.as_bytes()));
        assert!(!same(x, y));
    }

    #[test]
    fn prepared_names_match_as_fresh_ones() {
        let long = "Ab".repeat(40);
        let names = [
            "a",
            "OSDisk",
            "OSDisk12",
            "_SMSTSOSUpgradeActionReturnCode",
            "prefix-sixteen-bXmiddle-end-eigh",
            "prefix-sixteen-bXmiddle-end-eight",
            &long,
        ];
        for a in names {
            let prepared = PreparedName::new(a);
            assert_eq!(prepared.hash(), Probe::new(a.as_bytes()).hash, "{a}");
            for b in names {
                let key = NameKey::new(b.to_uppercase().as_bytes());
                assert_eq!(key.matches_prepared(&prepared), a == b, "{a} {b}");
                assert_eq!(key.matches(&Probe::new(a.as_bytes())), a == b, "{a} {b}");
            }
        }
        let spaced = PreparedName::new(" a ");
        assert_eq!(spaced.hash(), Probe::new(b"a").hash);
        assert!(NameKey::new(b"A").matches_prepared(&spaced));
        // Differing only past the first 32 bytes.
        let (x, y) = (format!("{long}x"), format!("{long}y"));
        assert!(!NameKey::new(x.as_bytes()).matches_prepared(&PreparedName::new(&y)));
        assert!(NameKey::new(x.as_bytes()).matches_prepared(&PreparedName::new(&x.to_lowercase())));
    }

    #[test]
    fn look_alike_bytes_stay_apart() {
        for (a, b) in [
            ("a-b", "a\rb"),
            ("a1", "a\u{11}"),
            ("a_", "a\u{7f}"),
            ("a@", "a`"),
            ("a[", "a{"),
        ] {
            assert!(!same(a, b), "{a:?} {b:?}");
        }
        assert!(!same("ab", "abc"));
        assert!(same("éA", "éa"));
        assert!(!same("É", "é"));
        assert!(same("", ""));
    }
}
