//! Character folding: the first two stages of normalization.
//!
//! Stage one folds each character on its own (invisible characters, width,
//! accents, case, homoglyphs, traditional Chinese). Stage two reads the
//! folded characters as tokens and applies leetspeak inside tokens that
//! hold at least one letter, so `c0caine` folds while `2024` stays a number.

use unicode_normalization::char::{decompose_canonical, decompose_compatible, is_combining_mark};

use crate::chars::{homoglyph, is_invisible, is_unspaced, is_word, leet};
use crate::chinese::simplify;
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
    /// This character is a whole token on its own (`c` in `c o c a`).
    pub(crate) single: bool,
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

/// Folds `text` into `out` (cleared first).
pub(crate) fn fold_into(text: &str, out: &mut Vec<RawChar>) {
    out.clear();
    let mut gap = Steps::NONE;
    for (i, c) in text.char_indices() {
        let start = i as u32;
        let end = (i + c.len_utf8()) as u32;
        let mut push = |ch: char, steps: Steps, gap: &mut Steps| {
            out.push(RawChar {
                ch,
                start,
                end,
                steps,
                gap: std::mem::take(gap),
                kind: kind_of(ch),
                single: false,
            });
        };
        if c.is_ascii() {
            let lower = c.to_ascii_lowercase();
            let steps = if lower == c {
                Steps::NONE
            } else {
                Steps::of(Step::Case)
            };
            push(lower, steps, &mut gap);
            continue;
        }
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
            if let Some(h) = homoglyph(l) {
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

/// Applies leetspeak to tokens holding a letter and marks one-character
/// tokens (candidates for joining spaced-out spellings).
pub(crate) fn apply_leet(chars: &mut [RawChar]) {
    let in_token =
        |c: &RawChar| c.kind == Kind::Word || (c.kind == Kind::Sep && leet(c.ch).is_some());
    let mut i = 0;
    while i < chars.len() {
        if !in_token(&chars[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut has_letter = false;
        let mut has_leet = false;
        while j < chars.len() && in_token(&chars[j]) {
            has_letter |= chars[j].kind == Kind::Word && chars[j].ch.is_alphabetic();
            has_leet |= leet(chars[j].ch).is_some();
            j += 1;
        }
        if has_letter && has_leet {
            for c in &mut chars[i..j] {
                if let Some((letter, symbol)) = leet(c.ch) {
                    c.ch = letter;
                    c.steps.insert(Step::Leet);
                    c.kind = if symbol { Kind::Soft } else { Kind::Word };
                }
            }
        }
        if j - i == 1 && chars[i].kind.is_wordlike() {
            chars[i].single = true;
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(text: &str) -> String {
        let mut out = Vec::new();
        fold_into(text, &mut out);
        apply_leet(&mut out);
        out.iter().map(|c| c.ch).collect()
    }

    #[test]
    fn folds_each_evasion() {
        assert_eq!(fold("CoCaInE"), "cocaine");
        assert_eq!(fold("ｃｏｃａｉｎｅ"), "cocaine");
        assert_eq!(fold("𝐜𝐨𝐜𝐚𝐢𝐧𝐞"), "cocaine");
        assert_eq!(fold("ⓒⓞⓒⓐⓘⓝⓔ"), "cocaine");
        assert_eq!(fold("cócaïne"), "cocaine");
        assert_eq!(fold("co\u{200b}caine"), "cocaine");
        assert_eq!(fold("co\u{ad}caine"), "cocaine");
        assert_eq!(fold("соcaine"), "cocaine");
        assert_eq!(fold("c0ca1ne"), "cocaine");
        assert_eq!(fold("(0c@ine"), "cocaine");
        assert_eq!(fold("賭博"), "赌博");
        assert_eq!(fold("2024"), "2024");
    }

    #[test]
    fn combining_marks_join_the_previous_span() {
        let mut out = Vec::new();
        fold_into("ce\u{301}x", &mut out);
        assert_eq!(out.len(), 3);
        assert_eq!((out[1].start, out[1].end), (1, 4));
        assert!(out[1].steps.contains(Step::Accent));
    }
}
