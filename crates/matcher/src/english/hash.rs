//! The hash of the innocent-word index, shared by `build.rs` (which lays
//! the index out) and the lexicon (which probes it).

/// Slots of the index: a power of two, about three times the words.
pub(crate) const SLOTS: usize = 1 << 20;

/// FNV-1a over the word's bytes, then a multiply-shift finisher so the
/// low bits (the slot) depend on every byte.
pub(crate) fn word_hash(word: &[u8]) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    (h ^ (h >> 32)) as usize
}
