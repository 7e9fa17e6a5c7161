//! English inflections of a Latin word (SPEC 4.1): plural and third
//! person, `-ed`, `-ing` (and the spoken `-in`), `-er`/`-ers`, `-y`, with
//! the doubled final consonant and the dropped final `e` of English
//! spelling.

use super::lexicon::is_innocent;

/// How a form relates to its word: a grammatical inflection (`kills`,
/// `killed`, `killing`) is the same word; a derived one (`killer`,
/// `cocky`, the spoken `fuckin`) is another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Grammatical,
    Derived,
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

#[cfg(test)]
/// Whether a word ending consonant-vowel-consonant doubles its last
/// letter before a vowel suffix (`shit` → `shitty`): only words of one
/// vowel group, as English spelling does for unstressed endings.
fn doubles(word: &[u8]) -> bool {
    let [.., a, v, c] = word else {
        return false;
    };
    let groups = word
        .iter()
        .zip(std::iter::once(&b'_').chain(word.iter()))
        .filter(|&(&b, &prev)| is_vowel(b) && !is_vowel(prev))
        .count();
    !is_vowel(*a) && is_vowel(*v) && !is_vowel(*c) && !b"cwxy".contains(c) && groups == 1
}

#[cfg(test)]
/// The stem a vowel suffix attaches to: the final `e` dropped, the final
/// consonant doubled, or the word as it is.
fn vowel_stem(word: &str) -> String {
    let b = word.as_bytes();
    if word.ends_with('e') && !word.ends_with("ee") && !word.ends_with("oe") && b.len() > 2 {
        return word[..word.len() - 1].to_owned();
    }
    let mut stem = word.to_owned();
    if doubles(b) {
        stem.push(char::from(b[b.len() - 1]));
    }
    stem
}

/// Whether the word ends in a consonant and `y` (`horny` → `hornier`).
fn consonant_y(word: &[u8]) -> bool {
    matches!(word, [.., c, b'y'] if !is_vowel(*c))
}

#[cfg(test)]
/// Every inflected form of `word` (lower-case ASCII letters), with its
/// kind; the word itself is not among them. Written from the spelling
/// rules, apart from the scan's suffix stripping ([`for_each_suffix`]), so tests
/// can hold that every form is found.
pub(crate) fn forms(word: &str) -> Vec<(String, Kind)> {
    use Kind::{Derived, Grammatical};
    let b = word.as_bytes();
    if b.len() < 2 || !b.iter().all(u8::is_ascii_lowercase) {
        return Vec::new();
    }
    let mut out: Vec<(String, Kind)> = Vec::with_capacity(10);
    let mut push = |s: String, kind| {
        if s != word && !out.iter().any(|(o, _)| *o == s) {
            out.push((s, kind));
        }
    };
    let y_stem = consonant_y(b).then(|| format!("{}i", &word[..word.len() - 1]));
    // Plural and third person.
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        push(format!("{word}es"), Grammatical);
    } else if let Some(stem) = &y_stem {
        push(format!("{stem}es"), Grammatical);
    } else {
        push(format!("{word}s"), Grammatical);
        if word.ends_with('o') {
            push(format!("{word}es"), Grammatical);
        }
    }
    // Suffixes that begin with a vowel: past, participle, agent, adjective.
    let stem = vowel_stem(word);
    let ends_e = word.ends_with('e');
    match &y_stem {
        Some(i) => {
            push(format!("{i}ed"), Grammatical);
            push(format!("{i}er"), Derived);
            push(format!("{i}ers"), Derived);
        }
        None if ends_e => {
            push(format!("{word}d"), Grammatical);
            push(format!("{word}r"), Derived);
            push(format!("{word}rs"), Derived);
        }
        None => {
            push(format!("{stem}ed"), Grammatical);
            push(format!("{stem}er"), Derived);
            push(format!("{stem}ers"), Derived);
        }
    }
    if let Some(ie) = word.strip_suffix("ie") {
        push(format!("{ie}ying"), Grammatical);
    } else {
        push(format!("{stem}ing"), Grammatical);
        push(format!("{stem}in"), Derived);
    }
    if !word.ends_with('y') {
        push(format!("{stem}y"), Derived);
    }
    out
}

/// The words a grammatical form could be an inflection of: what undoing
/// its suffix gives.
fn bases(form: &str) -> Vec<String> {
    let mut out = Vec::new();
    let undouble = |stem: &str| -> Option<String> {
        let b = stem.as_bytes();
        matches!(b, [.., x, y] if x == y).then(|| stem[..stem.len() - 1].to_owned())
    };
    for (suffix, keep) in [
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
    ] {
        if let Some(stem) = form.strip_suffix(suffix) {
            out.push(format!("{stem}{keep}"));
            if keep.is_empty() && (suffix == "ed" || suffix == "ing") {
                out.extend(undouble(stem));
            }
        }
    }
    out
}

/// Whether `form`, an inflection of `word` of the given kind, may match a
/// term ending in `word`: yes unless the form is an innocent word that is
/// another word than the term's (`cocky` for `cock`, `spiced` for `spic`,
/// `butter` for `butt`). A grammatical form of the term itself (`kills`
/// for `kill`) is the term, whatever the dictionary says.
pub(crate) fn allowed(form: &str, kind: Kind, word: &str) -> bool {
    if !is_innocent(form) {
        return true;
    }
    kind == Kind::Grammatical && !bases(form).iter().any(|b| b != word && is_innocent(b))
}

/// What a key stands for where an inflection suffix follows it in a word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Stem {
    /// Nothing: the key matches whole words only.
    #[default]
    None,
    /// The term's last word as it is (`fuck` in `fucking`).
    Whole,
    /// The word less its final `e`, before a vowel suffix (`whor` in
    /// `whoring`); no match without a suffix.
    DropE,
    /// The word with its final `y` as `i` (`horni` in `hornier`); no
    /// match without a suffix.
    YToI,
}

impl Stem {
    /// Whether the key matches only with a suffix after it.
    pub(crate) fn needs_suffix(self) -> bool {
        matches!(self, Stem::DropE | Stem::YToI)
    }

    /// The term's word from the stem's letters (`whor` → `whore`).
    pub(crate) fn restore(self, stem: &mut String) {
        match self {
            Stem::DropE => stem.push('e'),
            Stem::YToI => {
                stem.pop();
                stem.push('y');
            }
            Stem::None | Stem::Whole => {}
        }
    }

    /// The stem-only spelling a word needs besides itself, if any.
    pub(crate) fn of(word: &str) -> Option<(String, Stem)> {
        let b = word.as_bytes();
        if b.len() < 3 {
            return None;
        }
        if word.ends_with('e') && !word.ends_with("ee") && !word.ends_with("oe") {
            return Some((word[..word.len() - 1].to_owned(), Stem::DropE));
        }
        consonant_y(b).then(|| (format!("{}i", &word[..word.len() - 1]), Stem::YToI))
    }
}

/// A suffix at the end of a word of a view, after a stem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Suffix {
    /// Its length in bytes.
    pub(crate) len: usize,
    pub(crate) kind: Kind,
    /// Its first letter: the doubled consonant and the dropped `e` come
    /// before `e`, `i` and `y` only, the `i` of a `y` before `e`.
    pub(crate) first: u8,
}

/// Calls `f` with each suffix the view word ending `word` may end in, longest first,
/// each after a stem of two letters or more that English spelling lets
/// it follow (`d` and `r` only after `e`; `es` after a sibilant, `o` or
/// the `i` of a `y`). Suffixes as a view spells them (repeats collapsed).
///
/// On the scan's path for every word ending in `s d g n r y`: slice
/// patterns, no loops over a table.
#[inline]
pub(crate) fn for_each_suffix(word: &[u8], mut f: impl FnMut(Suffix)) {
    use Kind::{Derived, Grammatical};
    // The stem's last letter, if the `len` bytes before the suffix end in
    // two letters.
    let stem_last = |len: usize| -> Option<u8> {
        let stem = word.get(..word.len().checked_sub(len)?)?;
        match stem {
            [.., a, last] if a.is_ascii_lowercase() && last.is_ascii_lowercase() => Some(*last),
            _ => None,
        }
    };
    let mut suffix = |len: usize, kind: Kind, first: u8, fits: fn(u8) -> bool| {
        if stem_last(len).is_some_and(fits) {
            f(Suffix { len, kind, first });
        }
    };
    let after_e = |last: u8| last == b'e';
    let not_e = |last: u8| last != b'e';
    match word {
        [.., b'e', b'r', b's'] => {
            suffix(3, Derived, b'e', not_e);
            suffix(2, Derived, b'r', after_e);
            suffix(1, Grammatical, b's', |l| !b"sxzh".contains(&l));
        }
        [.., b'e', b's'] => {
            suffix(2, Grammatical, b'e', |l| b"sxzhoi".contains(&l));
            suffix(1, Grammatical, b's', |l| !b"sxzh".contains(&l));
        }
        [.., b's'] => suffix(1, Grammatical, b's', |l| !b"sxzh".contains(&l)),
        [.., b'i', b'n', b'g'] => suffix(3, Grammatical, b'i', not_e),
        [.., b'e', b'd'] => {
            suffix(2, Grammatical, b'e', not_e);
            suffix(1, Grammatical, b'd', after_e);
        }
        [.., b'd'] => suffix(1, Grammatical, b'd', after_e),
        [.., b'e', b'r'] => {
            suffix(2, Derived, b'e', not_e);
            suffix(1, Derived, b'r', after_e);
        }
        [.., b'r'] => suffix(1, Derived, b'r', after_e),
        [.., b'i', b'n'] => suffix(2, Derived, b'i', not_e),
        [.., b'y'] => suffix(1, Derived, b'y', |l| !b"ey".contains(&l)),
        _ => {}
    }
}

/// Whether a stem of kind `stem` takes `suffix`: a stem-only spelling
/// takes the suffixes its spelling change is for.
pub(crate) fn takes(stem: Stem, suffix: Suffix) -> bool {
    match stem {
        Stem::None => false,
        Stem::Whole => true,
        Stem::DropE => b"eiy".contains(&suffix.first),
        Stem::YToI => suffix.first == b'e',
    }
}

/// Whether a suffix beginning with `first` may follow a doubled final
/// consonant (`shitty`, `cumming`).
pub(crate) fn doubles_before(first: u8) -> bool {
    b"eiy".contains(&first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(word: &str) -> Vec<String> {
        forms(word).into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn forms_follow_english_spelling() {
        let table: &[(&str, &[&str])] = &[
            (
                "fuck",
                &[
                    "fucks", "fucked", "fucking", "fuckin", "fucker", "fuckers", "fucky",
                ],
            ),
            ("fucker", &["fuckers"]),
            (
                "shit",
                &[
                    "shits", "shitty", "shitting", "shitted", "shitter", "shitters",
                ],
            ),
            ("whore", &["whores", "whored", "whoring", "whorer", "whory"]),
            ("bitch", &["bitches", "bitchy", "bitching", "bitched"]),
            ("horny", &["hornies", "hornier", "horniers"]),
            ("die", &["dies", "died", "dying"]),
            ("cum", &["cums", "cumming", "cummed"]),
            ("blow", &["blows", "blowing", "blowed"]),
        ];
        for (word, want) in table {
            let got = spelled(word);
            for w in *want {
                assert!(
                    got.iter().any(|g| g == w),
                    "{word}: {w} missing from {got:?}"
                );
            }
        }
        assert!(!spelled("spic").contains(&"spiccy".to_string()));
        assert!(
            spelled("x").is_empty() && spelled("Fuck").is_empty() && spelled("f4ck").is_empty()
        );
    }

    #[test]
    fn the_guard_keeps_innocent_words_out() {
        for (form, kind, word) in [
            ("cocky", Kind::Derived, "cock"),
            ("butter", Kind::Derived, "butt"),
            ("titter", Kind::Derived, "tit"),
            ("spicy", Kind::Derived, "spic"),
            ("spiced", Kind::Grammatical, "spic"),
            ("cumin", Kind::Derived, "cum"),
            ("hoes", Kind::Grammatical, "ho"),
        ] {
            assert!(!allowed(form, kind, word), "{form} for {word}");
        }
        for (form, kind, word) in [
            ("fuckers", Kind::Derived, "fucker"),
            ("shitty", Kind::Derived, "shit"),
            ("fucking", Kind::Grammatical, "fuck"),
            ("kills", Kind::Grammatical, "kill"),
            ("killing", Kind::Grammatical, "kill"),
            ("scams", Kind::Grammatical, "scam"),
            ("cocks", Kind::Grammatical, "cock"),
            ("fuckin", Kind::Derived, "fuck"),
        ] {
            assert!(allowed(form, kind, word), "{form} for {word}");
        }
    }
}
