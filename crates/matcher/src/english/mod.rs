//! English evasion readings of Latin terms (SPEC 4.1): inflections
//! (default on), sound-alike spellings and compounds (on request), and the
//! innocent-word guard every evasion answers to.
//!
//! Inflections and sound-alikes are build-time variant keys, so a scan
//! pays nothing for them; the guard refuses the variants that are
//! innocent words as they are made. Compounds are found inside words at
//! scan time ([`compound`]), where the guard looks the text's word up.

pub(crate) mod compound;
pub(crate) mod inflect;
pub(crate) mod lexicon;
pub(crate) mod sounds;

use crate::steps::{Step, Steps};

/// Most sound-alike spellings of one word.
const MAX_SOUNDS: usize = 12;

/// The whole-word spellings a folded Latin term (`blow job`) also matches:
/// its last word inflected, when `inflections`; and sound-alike spellings
/// of that word (and their inflections), when `sounds_like`. Each with
/// the steps it stands for; none that the innocent-word guard refuses.
pub(crate) fn word_variants(
    term: &str,
    inflections: bool,
    sounds_like: bool,
) -> Vec<(String, Steps)> {
    let (prefix, word) = match term.rfind(' ') {
        Some(at) => term.split_at(at + 1),
        None => ("", term),
    };
    if word.len() < 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let mut bases = vec![(word.to_owned(), Steps::NONE)];
    if sounds_like {
        bases.extend(
            sounds::spellings(word, MAX_SOUNDS)
                .into_iter()
                .map(|s| (s, Steps::of(Step::Sound))),
        );
    }
    let mut out: Vec<(String, Steps)> = Vec::new();
    for (base, steps) in &bases {
        if !steps.is_empty() {
            out.push((format!("{prefix}{base}"), *steps));
        }
        if !inflections {
            continue;
        }
        for (form, kind) in inflect::forms(base) {
            if inflect::allowed(&form, kind, word) && !is_base(&bases, &form) {
                out.push((
                    format!("{prefix}{form}"),
                    *steps | Steps::of(Step::Inflection),
                ));
            }
        }
    }
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

fn is_base(bases: &[(String, Steps)], s: &str) -> bool {
    bases.iter().any(|(b, _)| b == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(term: &str, inflections: bool, sounds_like: bool) -> Vec<String> {
        word_variants(term, inflections, sounds_like)
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }

    #[test]
    fn variants_of_the_last_word() {
        let v = spelled("blow job", true, false);
        assert!(v.contains(&"blow jobs".to_string()), "{v:?}");
        assert!(spelled("fuck", false, false).is_empty());
        assert!(spelled("赌博", true, true).is_empty());
        let v = word_variants("fuck", true, true);
        let steps = |s: &str| v.iter().find(|(x, _)| x == s).map(|(_, st)| *st);
        assert_eq!(steps("fucking"), Some(Steps::of(Step::Inflection)));
        assert_eq!(steps("phuck"), Some(Steps::of(Step::Sound)));
        assert_eq!(
            steps("phucking"),
            Some(Steps::of(Step::Sound) | Steps::of(Step::Inflection))
        );
    }

    #[test]
    fn guarded_variants_are_left_out() {
        for (term, innocent) in [
            ("cock", "cocky"),
            ("butt", "butter"),
            ("tit", "titter"),
            ("spic", "spicy"),
            ("cum", "cumin"),
        ] {
            assert!(
                !spelled(term, true, true).iter().any(|s| s == innocent),
                "{innocent} for {term}"
            );
        }
    }
}
