//! The one-pass view builder for the texts most posts are made of: ASCII,
//! CJK ideographs and common CJK punctuation. It gives exactly what
//! folding into [`RawChar`](crate::fold::RawChar)s and then
//! [`View::build`] gives (the unit tests in `view.rs` and the properties in
//! `tests/matcher_reference.rs` compare the two), in one pass.

use super::swar::{letter_bits, same_as_before_bits};
use super::{View, ViewChar};
use crate::chars::{is_blank, is_mask, is_sentence_break, leet};
use crate::chinese::{han_at, is_common_han, simplify};
use crate::fold::Kind;
use crate::steps::{Step, Steps};

impl View {
    /// Builds the view of a text made of ASCII, CJK ideographs and common
    /// CJK punctuation (most posts) in one pass, without folding it into
    /// [`RawChar`]s first: exactly what [`fold`](crate::fold::fold)
    /// followed by `build(raw, false)` gives, `joinable` included.
    ///
    /// Returns false, leaving the view in no particular state, at the
    /// first character it does not handle.
    pub(crate) fn build_simple(&mut self, text: &str) -> bool {
        self.text.clear();
        self.entries.clear();
        self.joinable = false;
        self.maybe_masked = false;
        self.ascii_words = true;
        self.text.reserve(text.len());
        self.entries.reserve(text.len());
        let mut b = SimpleBuilder {
            view: self,
            word: 0,
            sep: None,
            prev_single: false,
            prev_unspaced: false,
            prev_word: false,
        };
        let bytes = text.as_bytes();
        let n = bytes.len();
        let token_at = |k: usize| {
            bytes
                .get(k)
                .is_some_and(|&c| ASCII_FOLD[usize::from(c)].token)
        };
        let mut i = 0;
        while i < n {
            let f = &ASCII_FOLD[usize::from(bytes[i])];
            if !f.token {
                if f.ascii {
                    // A mask after a letter may hide one (`f*ck`); the
                    // mask pass decides.
                    b.view.maybe_masked |= f.mask && i.checked_sub(1).is_some_and(token_at);
                    b.sep(
                        i as u32,
                        i as u32 + 1,
                        bytes[i] as char,
                        Steps::NONE,
                        f.breaks,
                        f.blank,
                    );
                    i += 1;
                } else {
                    let Some(c) = text[i..].chars().next() else {
                        return false;
                    };
                    let (start, end) = (i as u32, (i + c.len_utf8()) as u32);
                    let mut next = end as usize;
                    match c as u32 {
                        cp if is_common_han(cp) => {
                            let folded = simplify(c);
                            // After a word or a separator, which no Han
                            // character joins, a span can start here.
                            let spanned = if folded.is_none() && !b.prev_unspaced {
                                b.begin_unspaced();
                                b.han_span(text, i)
                            } else {
                                i
                            };
                            next = if spanned > i {
                                spanned
                            } else {
                                match folded {
                                    Some(s) => {
                                        b.unspaced(start, end, s, Steps::of(Step::Traditional))
                                    }
                                    None => b.unspaced(start, end, c, Steps::NONE),
                                }
                                b.han_span(text, end as usize)
                            };
                        }
                        // CJK punctuation, emoji and pictographs:
                        // separators as they are.
                        0x3001..=0x3003
                        | 0x3008..=0x3011
                        | 0x3014..=0x301F
                        | 0x2600..=0x2775
                        | 0x2794..=0x27BF
                        | 0x1F300..=0x1FAFF => {
                            b.sep(start, end, c, Steps::NONE, is_sentence_break(c), false)
                        }
                        // Emoji presentation selector after a separator:
                        // invisible, and kept in the run when one follows.
                        0xFE0F if b.sep.is_some() => match bytes.get(end as usize) {
                            None => {}
                            Some(a) if a.is_ascii() && !token_at(end as usize) => {
                                if let Some(run) = &mut b.sep {
                                    run.steps.insert(Step::Invisible);
                                }
                            }
                            _ => return false,
                        },
                        // Full-width punctuation: separators, the leetspeak
                        // symbols (`！` `｜`) only outside any token.
                        0xFF01 | 0xFF0C | 0xFF0E | 0xFF1A | 0xFF1B | 0xFF1F | 0xFF5C | 0xFF5E
                            if !matches!(c, '！' | '｜')
                                || (!i.checked_sub(1).is_some_and(token_at)
                                    && !token_at(end as usize)) =>
                        {
                            let ascii = char::from((c as u32 - 0xFEE0) as u8);
                            b.sep(
                                start,
                                end,
                                ascii,
                                Steps::of(Step::Width),
                                is_sentence_break(ascii),
                                false,
                            )
                        }
                        _ => return false,
                    }
                    i = next;
                }
                continue;
            }
            // A token: letters, digits and leetspeak symbols. The common
            // case: a word of letters only, often followed by more, one
            // space apart.
            let (j, repeats) = letter_run(bytes, i);
            if j > i && !token_at(j) {
                b.letters(&text[i..j], i as u32, repeats);
                i = if repeats { j } else { b.more_words(text, j) };
                continue;
            }
            // Else one with a digit or symbol. Leetspeak applies only when
            // it holds a letter.
            let mut any = 0;
            let mut j = i;
            for &c in &bytes[i..] {
                let class = CLASS[usize::from(c)];
                if class & CLASS_TOKEN == 0 {
                    break;
                }
                any |= class;
                j += 1;
            }
            let lettered = any & CLASS_ALPHA != 0;
            let alnum = |k: usize| ASCII_FOLD[usize::from(bytes[k])].alnum;
            let alnum_at = |k: usize| {
                bytes
                    .get(k)
                    .is_some_and(|&c| ASCII_FOLD[usize::from(c)].alnum)
            };
            for k in i..j {
                let f = &ASCII_FOLD[usize::from(bytes[k])];
                let (ch, kind, steps) = if lettered { f.lettered } else { f.plain };
                if kind == Kind::Sep {
                    b.sep(
                        k as u32,
                        k as u32 + 1,
                        bytes[k] as char,
                        steps,
                        f.breaks,
                        f.blank,
                    );
                    continue;
                }
                // Once leetspeak applied, a symbol read as a letter no
                // longer counts as part of a token; in a token without a
                // letter, every character does.
                let single = (k == i || (lettered && !alnum(k - 1)))
                    && (k + 1 == j || (lettered && !alnum(k + 1)));
                // As `joins_letters`: a symbol between single letters.
                if kind == Kind::Soft
                    && k > 0
                    && alnum_at(k - 1)
                    && alnum_at(k + 1)
                    && !(k > 1 && alnum_at(k - 2))
                    && !alnum_at(k + 2)
                {
                    b.view.joinable = true;
                }
                b.wordlike(k as u32, ch, kind, steps, single);
            }
            i = j;
        }
        b.flush_sep(false, false);
        // Letter spans are copied as written: lower-case them all at once.
        self.text.make_ascii_lowercase();
        true
    }
}

/// How a byte folds when it is an ASCII character: in a token holding a
/// letter, and elsewhere.
#[derive(Clone, Copy)]
struct AsciiFold {
    /// Folded character, kind and steps inside a token with a letter.
    lettered: (u8, Kind, Steps),
    /// The same anywhere else.
    plain: (u8, Kind, Steps),
    ascii: bool,
    /// A letter, a digit or a leetspeak symbol: part of a token.
    token: bool,
    alpha: bool,
    alnum: bool,
    breaks: bool,
    /// A mask that may hide a letter (`*`, `#`, `_`).
    mask: bool,
    /// Whitespace or an apostrophe: keeps words apart.
    blank: bool,
}

const fn ascii_fold(c: u8) -> AsciiFold {
    let ascii = c.is_ascii();
    let alpha = c.is_ascii_alphabetic();
    let alnum = c.is_ascii_alphanumeric();
    let leet = if ascii { leet(c as char) } else { None };
    let plain = if alpha {
        let lower = c.to_ascii_lowercase();
        let steps = if lower == c {
            Steps::NONE
        } else {
            Steps::of(Step::Case)
        };
        (lower, Kind::Word, steps)
    } else if alnum {
        (c, Kind::Word, Steps::NONE)
    } else {
        (c, Kind::Sep, Steps::NONE)
    };
    let lettered = match leet {
        Some((letter, symbol)) if !alpha => {
            let kind = if symbol { Kind::Soft } else { Kind::Word };
            (letter as u8, kind, Steps::of(Step::Leet))
        }
        _ => plain,
    };
    AsciiFold {
        lettered,
        plain,
        ascii,
        token: alnum || leet.is_some(),
        alpha,
        alnum,
        breaks: ascii && is_sentence_break(c as char),
        mask: ascii && is_mask(c as char),
        blank: ascii && is_blank(c as char),
    }
}

/// [`CLASS`] bit of bytes that belong to tokens.
const CLASS_TOKEN: u8 = 1;
/// [`CLASS`] bit of ASCII letters.
const CLASS_ALPHA: u8 = 2;

/// The end of the run of ASCII letters from `start` (one), and whether two
/// letters in a row in it are equal but for case; eight bytes at a time.
#[inline]
fn letter_run(bytes: &[u8], start: usize) -> (usize, bool) {
    let (mut at, mut prev, mut repeats) = (start, 0u8, false);
    while let Some(block) = bytes.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
        let x = u64::from_le_bytes(*block);
        let n = letter_bits(x).trailing_ones();
        // The first letter has no letter before it in the run.
        let mut same = same_as_before_bits(x, prev);
        if at == start {
            same &= !1;
        }
        repeats |= u32::from(same) & ((1 << n) - 1) != 0;
        at += n as usize;
        if n < 8 {
            return (at, repeats);
        }
        prev = block[7];
    }
    for &c in bytes.get(at..).unwrap_or_default() {
        if !c.is_ascii_alphabetic() {
            break;
        }
        repeats |= at > start && c | 0x20 == prev | 0x20;
        prev = c;
        at += 1;
    }
    (at, repeats)
}

/// Whether `rest` is empty or starts with ASCII separators (a few at
/// most, no leetspeak symbol) and then an ASCII letter or digit or its
/// end: nothing in it can join a run of the Han character before it.
#[inline]
fn ascii_to_word(rest: &[u8]) -> bool {
    for &c in rest.iter().take(4) {
        let f = &ASCII_FOLD[usize::from(c)];
        if f.alnum {
            return true;
        }
        if !f.ascii || f.token {
            return false;
        }
    }
    rest.len() <= 4
}

/// Token and letter bits of every byte, for the token scan (a byte per
/// entry keeps that loop tight).
static CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut i = 0;
    while i < 256 {
        let f = ascii_fold(i as u8);
        table[i] = (f.token as u8) * CLASS_TOKEN + (f.alpha as u8) * CLASS_ALPHA;
        i += 1;
    }
    table
};

/// [`ascii_fold`] of every byte.
static ASCII_FOLD: [AsciiFold; 256] = {
    let mut table = [ascii_fold(0); 256];
    let mut i = 0;
    while i < 256 {
        table[i] = ascii_fold(i as u8);
        i += 1;
    }
    table
};

/// Most bytes of one span of words: a character's word is counted from
/// its span's start, so this bounds that count.
const MAX_WORD_SPAN: u32 = 128;

/// A pending separator run.
struct SepRun {
    start: u32,
    end: u32,
    first: char,
    len: u32,
    steps: Steps,
    breaks: bool,
    /// Whether it holds whitespace or an apostrophe.
    blank: bool,
}

impl SepRun {
    /// Whether the run is one ASCII space, which stays as it is.
    fn is_one_space(&self) -> bool {
        self.len == 1 && self.first == ' ' && self.steps == Steps::NONE && !self.breaks
    }
}

/// The state of [`View::build_simple`].
struct SimpleBuilder<'a> {
    view: &'a mut View,
    word: u32,
    sep: Option<SepRun>,
    /// Whether the last non-separator was a token on its own.
    prev_single: bool,
    /// Whether the last non-separator was an unspaced character.
    prev_unspaced: bool,
    /// Whether the last non-separator was a letter, digit or leetspeak
    /// symbol read as a letter.
    prev_word: bool,
}

impl SimpleBuilder<'_> {
    /// Adds a separator to the pending run; `blank` if it is whitespace
    /// or an apostrophe ([`is_blank`]).
    #[inline]
    #[allow(clippy::too_many_arguments)]
    fn sep(&mut self, start: u32, end: u32, c: char, steps: Steps, breaks: bool, blank: bool) {
        match &mut self.sep {
            Some(run) => {
                run.end = end;
                run.len += 1;
                run.steps |= steps;
                run.breaks |= breaks;
                run.blank |= blank;
            }
            None => {
                self.sep = Some(SepRun {
                    start,
                    end,
                    first: c,
                    len: 1,
                    steps,
                    breaks,
                    blank,
                })
            }
        }
    }

    /// Pushes the pending separator run; `next_single` says whether the
    /// character after it is a token on its own, `next_word` whether it is
    /// a letter, digit or leetspeak symbol (both false at the end).
    #[inline]
    fn flush_sep(&mut self, next_single: bool, next_word: bool) {
        let Some(run) = self.sep.take() else {
            return;
        };
        let letters = !run.breaks && self.prev_single && next_single;
        let in_word = !run.blank && !run.breaks && self.prev_word && next_word;
        self.view.joinable |= letters || in_word;
        let sep = if run.breaks { '\n' } else { ' ' };
        let mut steps = run.steps;
        if run.len > 1 || run.first != sep {
            steps.insert(Step::Separator);
        }
        self.view.push_raw(
            sep,
            run.start,
            run.end,
            steps,
            Steps::NONE,
            Kind::Sep,
            self.word,
        );
    }

    /// Pushes an unspaced (Han) character.
    #[inline]
    fn unspaced(&mut self, start: u32, end: u32, ch: char, steps: Steps) {
        let gap = self.begin_unspaced();
        let view = &mut *self.view;
        match view.entries.last_mut() {
            Some(last) if !last.span && last.kind == Kind::Unspaced && last.ch == ch => {
                last.run += 1;
                last.end = end;
                last.steps |= steps | gap;
                return;
            }
            Some(_) => self.word += 1,
            None => {}
        }
        view.push_raw(ch, start, end, steps, gap, Kind::Unspaced, self.word);
    }

    /// Settles the pending separators before an unspaced character: gone
    /// between two of them (returned as the character's gap), else
    /// pushed.
    #[inline]
    fn begin_unspaced(&mut self) -> Steps {
        let mut gap = Steps::NONE;
        if let Some(run) = &self.sep {
            if !run.breaks && self.prev_unspaced {
                // Separators between Chinese characters vanish.
                gap = run.steps | Steps::of(Step::Separator);
                self.sep = None;
            } else {
                self.flush_sep(false, false);
            }
        }
        self.prev_single = false;
        self.prev_unspaced = true;
        self.prev_word = false;
        gap
    }

    /// Copies the Han characters from `from` on that need no folding as
    /// one span, up to the first that is not such a character or equals
    /// the one before, and only as far as nothing after the span can join
    /// its last run: the last character must be followed by a Han
    /// character folding to another, or by ASCII that holds no Han
    /// character before the next word; returns where the span ends. Call
    /// right after pushing a Han character, or where one follows a word or
    /// separator.
    fn han_span(&mut self, text: &str, from: usize) -> usize {
        let bytes = text.as_bytes();
        let mut prev = self.view.entries.last().map_or('\0', |e| e.ch);
        let mut at = from;
        let mut cur = han_at(bytes, at).map(|c| (c, simplify(c)));
        while let Some((c, None)) = cur {
            if c == prev {
                break;
            }
            let next = han_at(bytes, at + 3).map(|n| (n, simplify(n)));
            match next {
                Some((n, folded)) if folded.unwrap_or(n) != c => {}
                None if ascii_to_word(&bytes[at + 3..]) => {
                    prev = c;
                    at += 3;
                    break;
                }
                _ => break,
            }
            prev = c;
            at += 3;
            cur = next;
        }
        if at > from {
            let view = &mut *self.view;
            if !view.entries.is_empty() {
                self.word += 1;
            }
            view.entries.push(ViewChar {
                byte: view.text.len() as u32,
                start: from as u32,
                end: at as u32,
                steps: Steps::NONE,
                gap: Steps::NONE,
                kind: Kind::Unspaced,
                ch: prev,
                run: 1,
                word: self.word,
                span: true,
            });
            view.text.push_str(&text[from..at]);
            self.word += ((at - from) / 3) as u32 - 1;
        }
        at
    }

    /// Pushes a token of ASCII letters only, starting at `at`: most words
    /// of most posts, so a token without `repeats` (two letters in a row
    /// equal but for case) goes into a span entry.
    #[inline]
    fn letters(&mut self, token: &str, at: u32, repeats: bool) {
        let single = token.len() == 1;
        let bytes = token.as_bytes();
        // After one plain space, a word without repeats extends the span of
        // the word before it (as the space does).
        if let (Some(sep), Some(last), false) = (&self.sep, self.view.entries.last_mut(), repeats) {
            if last.span
                && last.kind == Kind::Word
                && sep.is_one_space()
                && last.end == sep.start
                && at + bytes.len() as u32 - last.start <= MAX_WORD_SPAN
            {
                last.end = at + bytes.len() as u32;
                self.view.joinable |= self.prev_single && single;
                self.sep = None;
                self.prev_single = single;
                self.word += 1;
                self.view.text.push(' ');
                self.view.text.push_str(token);
                return;
            }
        }
        self.flush_sep(single, true);
        self.prev_single = single;
        self.prev_unspaced = false;
        self.prev_word = true;
        // Tokens are maximal, so what comes before is a separator, an
        // unspaced character or nothing: this token is a new word.
        if !self.view.entries.is_empty() {
            self.word += 1;
        }
        let word = self.word;
        let view = &mut *self.view;
        let byte = view.text.len() as u32;
        if !repeats {
            // A longer word takes several spans.
            for offset in (0..bytes.len() as u32).step_by(MAX_WORD_SPAN as usize) {
                view.entries.push(ViewChar {
                    byte: byte + offset,
                    start: at + offset,
                    end: at + (offset + MAX_WORD_SPAN).min(bytes.len() as u32),
                    steps: Steps::NONE,
                    gap: Steps::NONE,
                    kind: Kind::Word,
                    ch: 'a',
                    run: 1,
                    word,
                    span: true,
                });
            }
            view.text.push_str(token);
            return;
        }
        let mut last = 0u8;
        for (k, &c) in (at..).zip(bytes) {
            let lower = c.to_ascii_lowercase();
            let steps = if lower == c {
                Steps::NONE
            } else {
                Steps::of(Step::Case)
            };
            if lower == last {
                if let Some(l) = view.entries.last_mut() {
                    l.run += 1;
                    l.end = k + 1;
                    l.steps |= steps;
                }
                continue;
            }
            view.push_raw(
                char::from(lower),
                k,
                k + 1,
                steps,
                Steps::NONE,
                Kind::Word,
                word,
            );
            last = lower;
        }
    }

    /// Extends the word span just pushed, which ends at `from`, over the
    /// words that follow one plain space apart, as [`Self::letters`] would
    /// one by one but in a single pass; returns where it stops.
    fn more_words(&mut self, text: &str, from: usize) -> usize {
        let bytes = text.as_bytes();
        let view = &mut *self.view;
        let Some(span) = view
            .entries
            .last_mut()
            .filter(|e| e.span && e.kind == Kind::Word && e.end as usize == from)
        else {
            return from;
        };
        let limit = (span.start + MAX_WORD_SPAN) as usize;
        let (mut end, mut words) = (from, 0);
        while bytes.get(end) == Some(&b' ')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_alphabetic)
        {
            let start = end + 1;
            let (at, repeats) = letter_run(bytes, start);
            // A word with a repeat, or part of a token with digits or
            // symbols, takes the general way.
            let token_goes_on = bytes
                .get(at)
                .is_some_and(|&c| ASCII_FOLD[usize::from(c)].token);
            if repeats || token_goes_on || at > limit {
                break;
            }
            let single = at - start == 1;
            view.joinable |= self.prev_single && single;
            self.prev_single = single;
            words += 1;
            end = at;
        }
        if words > 0 {
            span.end = end as u32;
            view.text.push_str(&text[from..end]);
            self.word += words;
        }
        end
    }

    /// Pushes a letter, digit or leetspeak symbol read as a letter.
    #[inline]
    fn wordlike(&mut self, at: u32, ch: u8, kind: Kind, steps: Steps, single: bool) {
        self.flush_sep(single, true);
        self.prev_single = single;
        self.prev_unspaced = false;
        self.prev_word = true;
        let ch = ch as char;
        let view = &mut *self.view;
        match view.entries.last_mut() {
            Some(last) if !last.span && last.kind.is_wordlike() && last.ch == ch => {
                last.run += 1;
                last.end = at + 1;
                last.steps |= steps;
                if kind == Kind::Word {
                    last.kind = Kind::Word;
                }
                return;
            }
            Some(last) if !last.kind.is_wordlike() => self.word += 1,
            _ => {}
        }
        view.push_raw(ch, at, at + 1, steps, Steps::NONE, kind, self.word);
    }
}
