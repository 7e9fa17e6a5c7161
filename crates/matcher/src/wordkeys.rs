//! Word-bounded keys, found by hashing the text between word edges.
//!
//! A key that needs a word boundary on both sides can only occur from a
//! word start to a word end of the view ([`WordEdges`]). Looking those
//! stretches up in a hash table costs about one probe per word, however
//! many keys there are, where an automaton walks every byte through a
//! table too large for the cache and reports every occurrence inside
//! longer words (a key `i` in each `i`) only for it to be rejected.
//!
//! From each start the walk goes on to the next end only while the text so
//! far is the beginning of some key up to one of its own word edges (a
//! *prefix* entry): in a view without leetspeak symbols, the edges inside
//! an occurrence are edges of the key, as both are the same characters.
//! A symbol read as a letter adds edges no key can foresee: the walk goes
//! on past every edge that a letter follows.

use crate::english::inflect::{self, Suffix};
use crate::fold::{kind_of, Kind};
use crate::view::WordEdges;

/// Longest key, in bytes, kept here; longer ones go to the automaton, so a
/// start never looks further ahead than this.
pub(crate) const MAX_LEN: usize = 64;

/// Odd multipliers of the hash.
const MIX: u64 = 0x9e37_79b9_7f4a_7c15;
const MIX2: u64 = 0xc2b2_ae3d_27d4_eb4f;

/// Most bits of the filter: 32 KiB stays in the first-level cache.
const MAX_FILTER_BITS: u32 = 18;

/// No key: a slot holding only a prefix.
const NO_KEY: u32 = u32::MAX;

/// Mixed into the hash of a *stem* (a key an inflection suffix may
/// follow), so a stem and a key of the same bytes have slots of their own.
const STEM_SALT: u64 = 0x5bd1_e995_7f4a_7c15;

/// How a key goes into the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Use {
    /// Found as a whole stretch between word edges.
    pub(crate) whole: bool,
    /// Found as a stem before an inflection suffix (`fuck` in `fucking`).
    pub(crate) stem: bool,
}

impl Use {
    /// A key found whole only.
    #[cfg(test)]
    pub(crate) const WHOLE: Use = Use {
        whole: true,
        stem: false,
    };
}

/// Where an inflection suffix follows a stem: the end of the word in the
/// view, and the suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Inflected {
    pub(crate) word_end: usize,
    pub(crate) suffix: Suffix,
}

/// One string in the table: a key, the beginning of keys up to one of
/// their word edges, or both.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    /// The string's hash with its low byte replaced: length in bytes
    /// (0 marks an empty slot) times two, plus one if some key goes on
    /// past this string (a prefix).
    tag: u64,
    /// The caller's key index, or [`NO_KEY`].
    key: u32,
    /// Where its bytes begin in [`WordKeys::bytes`].
    offset: u32,
}

impl Slot {
    fn len(&self) -> usize {
        (self.tag & 0xff) as usize >> 1
    }

    fn is_prefix(&self) -> bool {
        self.tag & 1 != 0
    }
}

/// The tag of a string of `len` bytes with hash `h`.
fn tag(h: u64, len: usize, prefix: bool) -> u64 {
    (h & !0xff) | (len as u64) << 1 | u64::from(prefix)
}

/// Up to eight bytes of `text` from `at`, `n` of them, little-endian and
/// zero-padded.
#[inline]
fn load(text: &[u8], at: usize, n: usize) -> u64 {
    if let Some(&block) = text.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
        // The common case: read the whole block and mask what lies beyond.
        let mask = u64::MAX.checked_shr(64 - 8 * n as u32).unwrap_or(0);
        return u64::from_le_bytes(block) & mask;
    }
    let mut block = [0u8; 8];
    if let Some(bytes) = text.get(at..at + n) {
        block[..n].copy_from_slice(bytes);
    }
    u64::from_le_bytes(block)
}

/// The hash of a stretch of text that grows at its end, eight bytes at a
/// time (a whole word takes one step). Whole blocks are folded in once;
/// the bytes past the last one are read at each end asked for.
struct Hasher {
    start: usize,
    /// End of the blocks folded into `h`.
    at: usize,
    h: u64,
}

impl Hasher {
    fn new(start: usize) -> Hasher {
        Hasher {
            start,
            at: start,
            h: 0,
        }
    }

    /// The hash of `text[self.start..end]`; `end` never decreases.
    #[inline]
    fn hash_to(&mut self, text: &[u8], end: usize) -> u64 {
        let step = |h: u64, block: u64| (h ^ block).wrapping_mul(MIX).rotate_left(31);
        while self.at + 8 <= end {
            self.h = step(self.h, load(text, self.at, 8));
            self.at += 8;
        }
        let mut h = self.h;
        if self.at < end {
            h = step(h, load(text, self.at, end - self.at));
        }
        h ^= ((end - self.start) as u64).wrapping_mul(MIX2);
        (h ^ (h >> 29)).wrapping_mul(MIX2)
    }
}

/// Most bits of the stem filter: 8 KiB.
const MAX_STEM_FILTER_BITS: u32 = 16;

/// A stem's filter bit, from its length and last four bytes (one load,
/// no walk over the stem).
#[inline]
fn stem_signature(text: &[u8], start: usize, end: usize, bits: u32) -> usize {
    let n = (end - start).min(4);
    let v = load(text, end - n, n) ^ ((end - start) as u64) << 32;
    (v.wrapping_mul(MIX) >> (64 - bits)) as usize
}

/// The hash of `s` on its own.
fn hash(s: &[u8]) -> u64 {
    Hasher::new(0).hash_to(s, s.len())
}

/// A set of word-bounded keys, each at most [`MAX_LEN`] bytes.
#[derive(Debug)]
pub(crate) struct WordKeys {
    /// Open addressing with linear probing, at most half full.
    slots: Box<[Slot]>,
    /// One bit per spread hash prefix: most stretches of a text are no key,
    /// and this rejects them without leaving the first-level cache.
    filter: Box<[u64]>,
    /// The strings' bytes, one after another.
    bytes: Box<[u8]>,
    /// Length of the longest key.
    max_len: usize,
    /// Whether some key is a stem.
    stems: bool,
    /// Length of the shortest stem: a shorter word has no suffix after one.
    min_stem: usize,
    /// One bit per stem signature ([`stem_signature`]): most words that
    /// end in a suffix letter have no stem here, and this rejects them
    /// before their stem is hashed.
    stem_filter: Box<[u64]>,
    stem_filter_bits: u32,
    slot_bits: u32,
    filter_bits: u32,
}

impl WordKeys {
    /// Builds the set of `keys`: each a string (non-empty, at most
    /// [`MAX_LEN`] bytes, no two equal), the index reported for it and how
    /// it is found.
    pub(crate) fn new(keys: &[(&str, u32, Use)]) -> WordKeys {
        // Every key, the prefixes ending at its word edges, and stems
        // (salted).
        let mut strings: Vec<(&str, u32, bool, u64)> = Vec::with_capacity(keys.len());
        for &(s, key, usage) in keys {
            debug_assert!(!s.is_empty() && s.len() <= MAX_LEN);
            if usage.stem {
                strings.push((s, key, false, STEM_SALT));
            }
            if !usage.whole {
                continue;
            }
            strings.push((s, key, false, 0));
            for (at, c) in s.char_indices().skip(1) {
                if kind_of(c) != Kind::Word {
                    strings.push((&s[..at], NO_KEY, true, 0));
                }
            }
        }
        let slot_bits = (strings.len().max(1) * 2)
            .next_power_of_two()
            .trailing_zeros();
        let filter_bits = (slot_bits + 3).clamp(9, MAX_FILTER_BITS);
        let stems = keys.iter().filter(|(_, _, usage)| usage.stem).count();
        let stem_filter_bits = (stems.max(1) * 8)
            .next_power_of_two()
            .trailing_zeros()
            .clamp(6, MAX_STEM_FILTER_BITS);
        let mut set = WordKeys {
            slots: vec![Slot::default(); 1 << slot_bits].into_boxed_slice(),
            filter: vec![0u64; 1 << (filter_bits - 6)].into_boxed_slice(),
            bytes: Box::default(),
            max_len: keys.iter().map(|(s, _, _)| s.len()).max().unwrap_or(0),
            stems: stems > 0,
            min_stem: keys
                .iter()
                .filter(|(_, _, usage)| usage.stem)
                .map(|(s, _, _)| s.len())
                .min()
                .unwrap_or(0),
            stem_filter: vec![0u64; 1 << (stem_filter_bits - 6)].into_boxed_slice(),
            stem_filter_bits,
            slot_bits,
            filter_bits,
        };
        let mut bytes = Vec::new();
        for (s, key, prefix, salt) in strings {
            if salt != 0 {
                let bit = stem_signature(s.as_bytes(), 0, s.len(), stem_filter_bits);
                set.stem_filter[bit / 64] |= 1 << (bit % 64);
            }
            let h = hash(s.as_bytes()) ^ salt;
            let bit = set.filter_bit(h);
            set.filter[bit / 64] |= 1 << (bit % 64);
            let Some((i, held)) = probe(&set.slots, &bytes, slot_bits, h, s.as_bytes()) else {
                continue;
            };
            let slot = &mut set.slots[i];
            if held {
                slot.tag |= u64::from(prefix);
                if key != NO_KEY {
                    slot.key = key;
                }
            } else {
                *slot = Slot {
                    tag: tag(h, s.len(), prefix),
                    key,
                    offset: bytes.len() as u32,
                };
                bytes.extend_from_slice(s.as_bytes());
            }
        }
        set.bytes = bytes.into_boxed_slice();
        set
    }

    /// Heap bytes held.
    pub(crate) fn memory_usage(&self) -> usize {
        self.slots.len() * std::mem::size_of::<Slot>() + self.filter.len() * 8 + self.bytes.len()
    }

    /// Calls `f(end, key, None)` for every key that occurs in `text` from
    /// one of `edges.starts` to one of `edges.ends` (the word edges of the
    /// view whose text it is), by increasing start; and `f(end, key,
    /// Some(inflected))` for every stem that occurs from a start to `end`,
    /// where the rest of the word up to an edge is an inflection suffix.
    pub(crate) fn for_each(
        &self,
        text: &str,
        edges: &WordEdges,
        mut f: impl FnMut(usize, usize, Option<Inflected>),
    ) {
        let bytes = text.as_bytes();
        let ends = &edges.ends[..];
        let mut next_end = 0;
        for &start in &edges.starts {
            let start = start as usize;
            while ends.get(next_end).is_some_and(|&e| e as usize <= start) {
                next_end += 1;
            }
            let mut hasher = Hasher::new(start);
            for &end in ends.get(next_end..).unwrap_or_default() {
                let end = end as usize;
                if self.stems && end - start > self.min_stem.max(2) {
                    self.stems_before(bytes, start, end, &mut hasher, &mut f);
                }
                if end - start > self.max_len {
                    break;
                }
                let slot = self.find(hasher.hash_to(bytes, end), bytes, start, end);
                if let Some(slot) = slot.filter(|s| s.key != NO_KEY) {
                    f(end, slot.key as usize, None);
                }
                // An edge before a letter is one only because that letter
                // stands for a leetspeak symbol: no key foresees it.
                let soft_next = bytes.get(end).is_some_and(u8::is_ascii_alphanumeric);
                if !soft_next && !slot.is_some_and(Slot::is_prefix) {
                    break;
                }
            }
        }
    }

    /// Reports the stems from `start` that an inflection suffix ending the
    /// word at `end` follows, longest suffix (shortest stem) first, as the
    /// hasher's ends must grow.
    #[inline]
    fn stems_before(
        &self,
        bytes: &[u8],
        start: usize,
        end: usize,
        hasher: &mut Hasher,
        f: &mut impl FnMut(usize, usize, Option<Inflected>),
    ) {
        // Most words end in no suffix letter.
        if !matches!(
            bytes.get(end - 1),
            Some(b's' | b'd' | b'g' | b'n' | b'r' | b'y')
        ) {
            return;
        }
        let tail = &bytes[end.saturating_sub(5).max(start)..end];
        inflect::for_each_suffix(tail, |suffix| {
            let stem_end = end - suffix.len;
            // A leetspeak edge may lie inside the word, past the stem.
            if stem_end - start > self.max_len || stem_end < hasher.at {
                return;
            }
            let bit = stem_signature(bytes, start, stem_end, self.stem_filter_bits);
            if self
                .stem_filter
                .get(bit / 64)
                .is_none_or(|w| w & (1 << (bit % 64)) == 0)
            {
                return;
            }
            let h = hasher.hash_to(bytes, stem_end) ^ STEM_SALT;
            if let Some(slot) = self
                .find(h, bytes, start, stem_end)
                .filter(|s| s.key != NO_KEY)
            {
                let inflected = Inflected {
                    word_end: end,
                    suffix,
                };
                f(stem_end, slot.key as usize, Some(inflected));
            }
        });
    }

    /// The filter bit of hash `h`.
    #[inline]
    fn filter_bit(&self, h: u64) -> usize {
        (h.rotate_left(self.slot_bits) >> (64 - self.filter_bits)) as usize
    }

    /// The slot holding `text[start..end]`, whose hash is `h`.
    #[inline]
    fn find(&self, h: u64, text: &[u8], start: usize, end: usize) -> Option<&Slot> {
        let bit = self.filter_bit(h);
        if self.filter.get(bit / 64)? & (1 << (bit % 64)) == 0 {
            return None;
        }
        match probe(
            &self.slots,
            &self.bytes,
            self.slot_bits,
            h,
            text.get(start..end)?,
        ) {
            Some((i, true)) => self.slots.get(i),
            _ => None,
        }
    }
}

/// Linear probing from the home slot of `s` (hash `h`, bytes of the
/// strings in `bytes`): the slot holding it and true, or the empty slot
/// where it would go and false.
#[inline]
fn probe(slots: &[Slot], bytes: &[u8], slot_bits: u32, h: u64, s: &[u8]) -> Option<(usize, bool)> {
    let want = tag(h, s.len(), true);
    let mask = slots.len() - 1;
    let mut i = (h >> (64 - slot_bits)) as usize;
    loop {
        let slot = slots.get(i)?;
        if slot.len() == 0 {
            return Some((i, false));
        }
        let from = slot.offset as usize;
        if slot.tag | 1 == want && bytes.get(from..from + s.len()) == Some(s) {
            return Some((i, true));
        }
        i = (i + 1) & mask;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(keys: &WordKeys, text: &str, starts: &[u32], ends: &[u32]) -> Vec<(usize, usize)> {
        let edges = WordEdges {
            starts: starts.to_vec(),
            ends: ends.to_vec(),
        };
        let mut found = Vec::new();
        keys.for_each(text, &edges, |end, key, _| found.push((end, key)));
        found
    }

    #[test]
    fn finds_keys_only_between_edges() {
        let keys = WordKeys::new(&[
            ("fox", 7, Use::WHOLE),
            ("quick brown", 3, Use::WHOLE),
            ("row", 1, Use::WHOLE),
            ("quick", 2, Use::WHOLE),
        ]);
        let text = "the quick brown fox";
        let (starts, ends) = ([0, 4, 10, 16], [3, 9, 15, 19]);
        assert_eq!(
            found(&keys, text, &starts, &ends),
            [(9, 2), (15, 3), (19, 7)]
        );
    }

    #[test]
    fn a_walk_goes_on_through_prefixes_and_leetspeak_edges() {
        // `a$b` folds to `asb`, with edges around the `s` the key lacks.
        let keys = WordKeys::new(&[
            ("asb", 0, Use::WHOLE),
            ("x y", 1, Use::WHOLE),
            ("x y z", 2, Use::WHOLE),
        ]);
        assert_eq!(found(&keys, "asb", &[0, 2], &[1, 3]), [(3, 0)]);
        assert_eq!(
            found(&keys, "x y z", &[0, 2, 4], &[1, 3, 5]),
            [(3, 1), (5, 2)]
        );
        assert_eq!(found(&keys, "x q y", &[0, 2, 4], &[1, 3, 5]), []);
    }

    #[test]
    fn hashes_do_not_depend_on_what_follows() {
        let text = b"abcdefghijklmnopqrstuvwxyz";
        for start in 0..text.len() {
            let mut hasher = Hasher::new(start);
            for end in start + 1..=text.len() {
                assert_eq!(hasher.hash_to(text, end), hash(&text[start..end]));
            }
        }
    }

    #[test]
    fn reach_ends_at_the_longest_key() {
        let long = "a".repeat(MAX_LEN);
        let keys = WordKeys::new(&[(long.as_str(), 5, Use::WHOLE)]);
        let text = format!("{long}a");
        let ends = [MAX_LEN as u32, MAX_LEN as u32 + 1];
        assert_eq!(found(&keys, &text, &[0], &ends), [(MAX_LEN, 5)]);
    }
}
