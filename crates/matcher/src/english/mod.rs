//! English evasion readings of Latin terms (SPEC 4.1): inflections
//! (default on), sound-alike spellings and compounds (on request), and the
//! innocent-word guard every evasion answers to.
//!
//! Sound-alikes are build-time variant keys; the guard refuses those that
//! are innocent words as they are made. Inflections are found at scan
//! time: where a word of the text ends in a suffix, the word-key table is
//! asked for its stem ([`inflect::for_each_suffix`]), so a term costs one more
//! table slot, not a key per form. Compounds are found inside words
//! ([`compound`]). Both ask the guard about the text's word, only where a
//! term was found.

pub(crate) mod compound;
mod hash;
pub(crate) mod inflect;
pub(crate) mod lexicon;
pub(crate) mod sounds;

/// Most sound-alike spellings of one word.
const MAX_SOUNDS: usize = 12;

/// The sound-alike spellings of a folded Latin term (`blow job`): its
/// last word spelled otherwise ([`sounds::spellings`]).
pub(crate) fn sound_variants(term: &str) -> Vec<String> {
    let (prefix, word) = split_last_word(term);
    sounds::spellings(word, MAX_SOUNDS)
        .into_iter()
        .map(|s| format!("{prefix}{s}"))
        .collect()
}

/// A folded term split before its last word: (`blow `, `job`).
pub(crate) fn split_last_word(term: &str) -> (&str, &str) {
    match term.rfind(' ') {
        Some(at) => term.split_at(at + 1),
        None => ("", term),
    }
}

/// Whether `word` is a Latin word inflections apply to: two or more
/// lower-case ASCII letters.
pub(crate) fn is_latin_word(word: &str) -> bool {
    word.len() >= 2 && word.bytes().all(|b| b.is_ascii_lowercase())
}

/// The spelling of a word of the text, given as characters and run
/// lengths, under which it is innocent: as written, or with runs of three
/// or more read as two or one (`classsss` is `class`); none if it is not.
pub(crate) fn innocent_spelling(runs: &[(char, u32)]) -> Option<String> {
    const MAX_WORD: usize = 48;
    if runs.iter().map(|r| r.1 as usize).sum::<usize>() > MAX_WORD {
        return None;
    }
    let spell = |cap: u32| -> String {
        runs.iter()
            .flat_map(|&(c, run)| std::iter::repeat_n(c, run.min(cap) as usize))
            .collect()
    };
    let repeats = runs.iter().any(|r| r.1 >= 3);
    [u32::MAX, 2, 1]
        .into_iter()
        .take(if repeats { 3 } else { 1 })
        .map(spell)
        .find(|w| lexicon::is_innocent(w))
}

/// Whether an inflected word of the text (`runs`, its last word) may
/// match a term whose last word is `term_word`: the guard of
/// [`inflect::allowed`], under any spelling the word is innocent in.
pub(crate) fn inflection_allowed(
    runs: &[(char, u32)],
    term_word: &str,
    kind: inflect::Kind,
) -> bool {
    match innocent_spelling(runs) {
        None => true,
        Some(form) => inflect::allowed(&form, kind, term_word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sound_variants_of_the_last_word() {
        let v = sound_variants("blow fuck");
        assert!(v.contains(&"blow phuck".to_string()), "{v:?}");
        assert!(sound_variants("赌博").is_empty());
    }

    #[test]
    fn innocent_spellings_read_long_runs_short() {
        let runs = |w: &str, long: char| -> Vec<(char, u32)> {
            w.chars()
                .map(|c| (c, if c == long { 5 } else { 1 }))
                .collect()
        };
        assert_eq!(
            innocent_spelling(&runs("clas", 's')).as_deref(),
            Some("class")
        );
        assert_eq!(innocent_spelling(&runs("fuky", 'y')).as_deref(), None);
        assert_eq!(
            innocent_spelling(&runs("cocky", 'y')).as_deref(),
            Some("cocky")
        );
        assert_eq!(innocent_spelling(&[('a', 60)]), None);
    }

    use crate::{Matcher, Pattern, PatternId, Step};

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Every inflected form of a generated term that the guard allows
        /// matches the term, as a whole word, through `inflection`.
        #[test]
        fn every_inflected_form_matches(
            term in "[bcdfghjkmnprstvwz][aeiou]{1,2}([bcdfgkmnprstvz]|ck|sh|ch)(e|y)?",
            upper in proptest::bool::ANY,
        ) {
            let m = Matcher::new([Pattern::keyword(PatternId(0), &term)]).expect("term compiles");
            for (form, kind) in inflect::forms(&term) {
                if !inflect::allowed(&form, kind, &term) {
                    continue;
                }
                let written = if upper { form.to_uppercase() } else { form.clone() };
                let text = format!("so {written}!");
                let hits = m.find_all(&text);
                proptest::prop_assert!(
                    hits.iter().any(|h| h.start() == 3
                        && h.end() == 3 + form.len()
                        && h.via().contains(Step::Inflection)),
                    "{} not found for {}: {:?}", form, term, hits
                );
            }
        }

        /// No word of the innocent lexicon matches a term it contains, with
        /// `compounds: true`: only a grammatical form of the term itself
        /// (`kills` for `kill`) may, as an inflection.
        #[test]
        fn no_innocent_word_matches_a_term_inside_it(
            pick in 0usize..1_000_000,
            at in 0usize..64,
            len in 3usize..9,
        ) {
            static ALL: std::sync::OnceLock<Vec<&str>> = std::sync::OnceLock::new();
            let all = ALL.get_or_init(|| lexicon::words().collect());
            let word = all[pick % all.len()];
            proptest::prop_assume!(word.len() > 3);
            let len = len.min(word.len() - 1);
            let at = at % (word.len() - len + 1);
            let term = &word[at..at + len];
            let m = Matcher::new([Pattern::keyword(PatternId(0), term).compounds(true)])
                .expect("term compiles");
            for text in [word.to_string(), format!("a {word}, b"), word.to_uppercase()] {
                for h in m.find_all(&text) {
                    let whole = &text[h.start()..h.end()];
                    proptest::prop_assert!(
                        !h.via().contains(Step::Compound)
                            && h.via().contains(Step::Inflection)
                            && whole.eq_ignore_ascii_case(word)
                            && inflect::allowed(word, inflect::Kind::Grammatical, term),
                        "{} matched {:?} in {:?}: {:?}", term, whole, text, h
                    );
                }
            }
        }
    }
}
