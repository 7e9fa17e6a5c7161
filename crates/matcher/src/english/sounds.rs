//! Sound-alike spellings of a Latin word (SPEC 4.1, `sounds_like: true`):
//! spellings that read the same aloud (`phuck`, `fuk`, `sux`) and the
//! swapped letters of a known trick (`fcuk`).

use super::lexicon::is_innocent;

/// Spellings that sound alike, either way round where both make sense.
/// Each applies at one place at a time; [`spellings`] also combines two.
const SAME_SOUND: &[(&str, &str)] = &[
    ("ph", "f"),
    ("f", "ph"),
    ("ck", "k"),
    ("ck", "kk"),
    ("ck", "q"),
    ("cks", "x"),
    ("x", "cks"),
    ("qu", "kw"),
    ("ight", "ite"),
    ("oo", "u"),
    ("ee", "ea"),
    ("ea", "ee"),
    ("s", "z"),
    ("c", "k"),
    ("k", "c"),
];

/// Whether `c` is a hard `c` at byte `at` of `word` (not before e, i, y),
/// so that `k` sounds the same.
fn hard_c(word: &[u8], at: usize) -> bool {
    !matches!(word.get(at + 1), Some(b'e' | b'i' | b'y' | b'h' | b'k'))
}

/// Every spelling of `word` one substitution away.
fn one_away(word: &str) -> Vec<String> {
    let b = word.as_bytes();
    let mut out = Vec::new();
    for &(from, to) in SAME_SOUND {
        for (at, _) in word.match_indices(from) {
            if from == "c" && !hard_c(b, at) {
                continue;
            }
            // `k` for `c` only where a `c` would be hard, and not `kc`.
            if from == "k" && (at == 0 || b[at - 1] == b'c' || !hard_c(b, at)) {
                continue;
            }
            // `z` for `s` only at the end (`bitchez`), where it sounds so.
            if from == "s" && at + 1 != b.len() {
                continue;
            }
            out.push(format!("{}{to}{}", &word[..at], &word[at + from.len()..]));
        }
    }
    // A vowel swapped with the consonant after it, past the first letter
    // (`fcuk`): a spelling read at a glance as the word.
    for at in 1..b.len().saturating_sub(2) {
        let (v, c) = (b[at], b[at + 1]);
        if b"aeiou".contains(&v) && c.is_ascii_lowercase() && !b"aeiou".contains(&c) {
            let mut s = b.to_vec();
            s.swap(at, at + 1);
            out.extend(String::from_utf8(s).ok());
        }
    }
    out
}

/// The sound-alike spellings of `word` (lower-case ASCII letters): one or
/// two substitutions away, none the word itself or an innocent word of
/// the lexicon, at most `max` of them, the nearest first.
pub(crate) fn spellings(word: &str, max: usize) -> Vec<String> {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    let first = one_away(word);
    let second = first.iter().flat_map(|s| one_away(s));
    for s in first.iter().cloned().chain(second) {
        if out.len() >= max {
            break;
        }
        if s != word && !out.contains(&s) && !is_innocent(&s) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_sound_alikes() {
        let fuck = spellings("fuck", 64);
        for want in ["phuck", "fuk", "fcuk", "phuk", "fuq", "fukk"] {
            assert!(
                fuck.iter().any(|s| s == want),
                "{want} missing from {fuck:?}"
            );
        }
        assert!(spellings("sucks", 64).iter().any(|s| s == "sux"));
        assert!(spellings("cock", 64).iter().any(|s| s == "kok"));
    }

    #[test]
    fn innocent_words_are_no_spelling() {
        // `fuck` → `fuc` ... none may be a dictionary word, such as `cock`
        // → `cook` is not a substitution, but `suck` → `sue`-like ones
        // must be refused by the lexicon.
        for word in ["fuck", "cock", "shit", "dick", "cunt", "suck"] {
            for s in spellings(word, 64) {
                assert!(!is_innocent(&s), "{s} for {word}");
            }
        }
        assert!(spellings("ab", 64).is_empty() && spellings("Fuck", 64).is_empty());
        assert!(spellings("fuck", 3).len() <= 3);
    }
}
