//! Character folding: the first two stages of normalization.
//!
//! Stage one folds each character on its own (invisible characters, width,
//! accents, case, homoglyphs, traditional Chinese). Stage two reads the
//! folded characters as tokens and applies leetspeak inside tokens that
//! hold at least one letter, so `c0caine` folds while `2024` stays a number.

use unicode_normalization::char::{decompose_canonical, decompose_compatible, is_combining_mark};

use crate::chars::{
    enclosed_letter, homoglyph, is_invisible, is_unspaced, is_word, leet, symbol_lookalike,
};
use crate::chinese::{is_common_han, simplify};
use crate::steps::{Step, Steps};

/// How a folded character takes part in matching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A letter or digit of a spaced script.
    Word,
    /// A leetspeak symbol read as a letter (`@` as `a`): part of the word,
    /// but still punctuation as far as word boundaries go.
    Soft,
    /// A character of a script written without spaces (Han, Kana, Thai).
    Unspaced,
    /// Whitespace, punctuation, symbols, emoji.
    Sep,
}

impl Kind {
    pub(crate) fn is_wordlike(self) -> bool {
        matches!(self, Kind::Word | Kind::Soft)
    }
}

/// One folded character and the original bytes it came from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawChar {
    pub(crate) ch: char,
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) steps: Steps,
    /// Steps of characters dropped just before this one (invisible ones).
    pub(crate) gap: Steps,
    pub(crate) kind: Kind,
}

pub(crate) fn kind_of(c: char) -> Kind {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            Kind::Word
        } else {
            Kind::Sep
        }
    } else if is_unspaced(c) {
        Kind::Unspaced
    } else if is_word(c) {
        Kind::Word
    } else {
        Kind::Sep
    }
}

/// Folds `text` into `out` (cleared first): per character, then
/// leetspeak per token.
pub(crate) fn fold(text: &str, out: &mut Vec<RawChar>) {
    let leet_at = fold_chars(text, out);
    apply_leet(out, &leet_at);
}

/// Folds each character; returns the indices of characters that may be
/// leetspeak, so the token pass visits only their tokens.
fn fold_chars(text: &str, out: &mut Vec<RawChar>) -> Vec<u32> {
    let mut leet_at = Vec::new();
    out.clear();
    out.reserve(text.len());
    let mut gap = Steps::NONE;
    for (i, c) in text.char_indices() {
        let start = i as u32;
        let end = (i + c.len_utf8()) as u32;
        let mut push_kind = |ch: char, steps: Steps, kind: Kind, gap: &mut Steps| {
            out.push(RawChar {
                ch,
                start,
                end,
                steps,
                gap: std::mem::take(gap),
                kind,
            });
            if token_letter(ch).is_some() {
                leet_at.push(out.len() as u32 - 1);
            }
        };
        if c.is_ascii() {
            let lower = c.to_ascii_lowercase();
            let steps = if lower == c {
                Steps::NONE
            } else {
                Steps::of(Step::Case)
            };
            let kind = if c.is_ascii_alphanumeric() {
                Kind::Word
            } else {
                Kind::Sep
            };
            push_kind(lower, steps, kind, &mut gap);
            continue;
        }
        match c as u32 {
            // Fast paths for Chinese text: ideographs (folded to simplified)
            // and CJK punctuation, which has no decomposition to apply.
            cp if is_common_han(cp) => {
                match simplify(c) {
                    Some(s) => push_kind(s, Steps::of(Step::Traditional), Kind::Unspaced, &mut gap),
                    None => push_kind(c, Steps::NONE, Kind::Unspaced, &mut gap),
                }
                continue;
            }
            0x3001..=0x303F => {
                push_kind(c, Steps::NONE, kind_of(c), &mut gap);
                continue;
            }
            _ => {}
        }
        let mut push =
            |ch: char, steps: Steps, gap: &mut Steps| push_kind(ch, steps, kind_of(ch), gap);
        if is_invisible(c) {
            gap.insert(Step::Invisible);
            continue;
        }
        if is_combining_mark(c) {
            // A mark composes with the character before it: fold it into
            // that character's span so the span covers the whole grapheme.
            match out.last_mut() {
                Some(prev) if prev.end == start => {
                    prev.end = end;
                    prev.steps.insert(Step::Accent);
                }
                _ => gap.insert(Step::Accent),
            }
            continue;
        }
        if let Some(s) = simplify(c) {
            push(s, Steps::of(Step::Traditional), &mut gap);
            continue;
        }
        if is_unspaced(c) || ('\u{AC00}'..='\u{D7A3}').contains(&c) {
            // No compatibility decomposition to apply (and Hangul syllables
            // must not be split into jamo).
            push(c, Steps::NONE, &mut gap);
            continue;
        }
        fold_general(c, &mut gap, &mut push);
    }
    leet_at
}

/// Folds one non-ASCII character through NFKD, case and homoglyphs.
fn fold_general(c: char, gap: &mut Steps, push: &mut impl FnMut(char, Steps, &mut Steps)) {
    let mut compat = [char::default(); 18];
    let mut n = 0;
    decompose_compatible(c, |d| {
        if n < compat.len() {
            compat[n] = d;
            n += 1;
        }
    });
    let mut base_steps = Steps::NONE;
    let mut canonical_len = 0;
    let mut canonical_same = true;
    decompose_canonical(c, |d| {
        if canonical_len >= n || compat[canonical_len] != d {
            canonical_same = false;
        }
        canonical_len += 1;
    });
    if !canonical_same || canonical_len != n {
        base_steps.insert(Step::Width);
    }
    for &d in &compat[..n] {
        if is_combining_mark(d) {
            base_steps.insert(Step::Accent);
        }
    }
    for &d in compat[..n].iter().filter(|d| !is_combining_mark(**d)) {
        if is_invisible(d) {
            continue;
        }
        for l in d.to_lowercase() {
            if is_combining_mark(l) {
                // `İ` lowercases to `i` plus a combining dot.
                continue;
            }
            let mut steps = base_steps;
            if l != d {
                steps.insert(Step::Case);
            }
            let mut ch = l;
            if let Some(h) = homoglyph(l).or_else(|| enclosed_letter(l)) {
                ch = h;
                steps.insert(Step::Homoglyph);
            } else if let Some(s) = simplify(l) {
                ch = s;
                steps.insert(Step::Traditional);
            }
            push(ch, steps, gap);
        }
    }
}

/// The letter a digit or symbol stands for inside a token with a letter,
/// whether it is a symbol, and the step that reads it: ASCII leetspeak
/// (`0`, `@`, `<`) or a look-alike symbol (`¢`, `⊂`).
fn token_letter(c: char) -> Option<(char, bool, Step)> {
    match c.is_ascii() {
        true => leet(c).map(|(l, symbol)| (l, symbol, Step::Leet)),
        false => symbol_lookalike(c).map(|l| (l, true, Step::Homoglyph)),
    }
}

/// Whether `c` belongs to a token: a word character, or a symbol that may
/// stand for a letter.
pub(crate) fn in_token(c: &RawChar) -> bool {
    c.kind == Kind::Word || (c.kind == Kind::Sep && token_letter(c.ch).is_some())
}

/// Whether `chars[i]` is a whole token on its own (`c` in `c o c a`).
pub(crate) fn is_single(chars: &[RawChar], i: usize) -> bool {
    chars[i].kind.is_wordlike()
        && !(i > 0 && in_token(&chars[i - 1]))
        && !chars.get(i + 1).is_some_and(in_token)
}

/// Whether `chars[i]`, a leetspeak symbol read as a letter, stands
/// between two letters or digits that are tokens on their own once such
/// symbols count as separators (the `!`s of `f!u!c!k`, not of `sh!t`):
/// the joined view drops it.
pub(crate) fn joins_letters(chars: &[RawChar], i: usize) -> bool {
    let word = |k: usize| chars.get(k).is_some_and(|c| c.kind == Kind::Word);
    i > 0 && word(i - 1) && word(i + 1) && !(i > 1 && word(i - 2)) && !word(i + 2)
}

/// Applies leetspeak to the tokens (around `leet_at`) that hold a letter.
fn apply_leet(chars: &mut [RawChar], leet_at: &[u32]) {
    let mut done = 0;
    for &at in leet_at {
        let at = at as usize;
        if at < done || !in_token(&chars[at]) {
            continue;
        }
        let mut i = at;
        while i > 0 && in_token(&chars[i - 1]) {
            i -= 1;
        }
        let mut j = at;
        while j < chars.len() && in_token(&chars[j]) {
            j += 1;
        }
        done = j;
        if chars[i..j]
            .iter()
            .any(|c| c.kind == Kind::Word && c.ch.is_alphabetic())
        {
            for c in &mut chars[i..j] {
                if let Some((letter, symbol, step)) = token_letter(c.ch) {
                    c.ch = letter;
                    c.steps.insert(step);
                    c.kind = if symbol { Kind::Soft } else { Kind::Word };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> String {
        let mut out = Vec::new();
        super::fold(text, &mut out);
        out.iter().map(|c| c.ch).collect()
    }

    #[test]
    fn folds_each_evasion() {
        assert_eq!(folded("CoCaInE"), "cocaine");
        assert_eq!(folded("ｃｏｃａｉｎｅ"), "cocaine");
        assert_eq!(folded("𝐜𝐨𝐜𝐚𝐢𝐧𝐞"), "cocaine");
        assert_eq!(folded("ⓒⓞⓒⓐⓘⓝⓔ"), "cocaine");
        assert_eq!(folded("cócaïne"), "cocaine");
        assert_eq!(folded("co\u{200b}caine"), "cocaine");
        assert_eq!(folded("co\u{ad}caine"), "cocaine");
        assert_eq!(folded("соcaine"), "cocaine");
        assert_eq!(folded("c0ca1ne"), "cocaine");
        assert_eq!(folded("(0c@ine"), "cocaine");
        assert_eq!(folded("賭博"), "赌博");
        assert_eq!(folded("2024"), "2024");
        assert_eq!(folded("fμ¢κ"), "fuck");
        assert_eq!(folded("βιτ⊂η"), "bitch");
        assert_eq!(folded("c🅾caine"), "cocaine");
        assert_eq!(folded("🇨🇴🇨🇦🇮🇳🇪"), "cocaine");
        assert_eq!(folded("fu<k"), "fuck");
        assert_eq!(folded("to55er"), "tosser");
        assert_eq!(folded("5 ¢ ⊂"), "5 ¢ ⊂");
    }

    #[test]
    fn combining_marks_join_the_previous_span() {
        let mut out = Vec::new();
        super::fold("ce\u{301}x", &mut out);
        assert_eq!(out.len(), 3);
        assert_eq!((out[1].start, out[1].end), (1, 4));
        assert!(out[1].steps.contains(Step::Accent));
    }
}
