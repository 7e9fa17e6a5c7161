//! Views: the folded text a literal automaton scans, with the map back to
//! the original bytes.
//!
//! The third stage of normalization turns folded characters into a view:
//! separator runs become one space (or vanish between Chinese characters
//! and, in the joined view, between spaced-out single letters), and
//! repeated characters collapse into one entry that remembers its run
//! length. Patterns go through the very same stages, so the automaton sees
//! both sides folded alike.

use crate::chars::{is_blank, is_sentence_break};
use crate::chinese::han_at;
use crate::fold::{is_single, joins_letters, Kind, RawChar};
use crate::steps::{Step, Steps};

mod edges;
mod simple;
mod swar;

pub(crate) use edges::WordEdges;

/// One character of a view, or one entry standing for several (a span).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ViewChar {
    /// Byte offset of this character in the view's text.
    pub(crate) byte: u32,
    /// Original byte span (covers every repeat and separator it stands for).
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) steps: Steps,
    /// Steps of characters removed right before this one.
    pub(crate) gap: Steps,
    pub(crate) kind: Kind,
    /// The folded character.
    pub(crate) ch: char,
    /// How many equal characters this entry stands for.
    pub(crate) run: u32,
    /// Word index (a token of a spaced script, or one unspaced character).
    pub(crate) word: u32,
    /// Whether this entry is a span: characters copied from the original
    /// as they are (ASCII letters lower-cased), each one view character of
    /// its own with run 1 and no gap. A span of [`Kind::Word`] holds
    /// one-byte characters: the letters of words without repeats or
    /// leetspeak and the single plain spaces between them (`word` is its
    /// first word's); a span of [`Kind::Unspaced`] holds three-byte Han
    /// characters (a word each). Spans spare the builder a write per
    /// character in the commonest text; [`View::chars_from`] expands them.
    pub(crate) span: bool,
}

/// A folded, collapsed text and its map back to the original.
#[derive(Clone, Debug, Default)]
pub(crate) struct View {
    pub(crate) text: String,
    /// The characters, in order, a span entry standing for several.
    pub(crate) entries: Vec<ViewChar>,
    /// Whether the joined reading differs: a spaced-out spelling
    /// (`c o c a`), symbols inside a word (`s.hit`) or leetspeak symbols
    /// between single letters (`f!u!c!k`) could be joined.
    pub(crate) joinable: bool,
    /// Whether a mask follows a token somewhere (`f*ck`), so the mask pass
    /// may find a hidden letter; set only by [`View::build_simple`], as
    /// the matcher looks for masks in every text it folds.
    pub(crate) maybe_masked: bool,
    /// Whether every letter or digit of a spaced script is ASCII, as in
    /// every view [`View::build_simple`] builds (its other characters are
    /// Han or separators); false if unknown.
    pub(crate) ascii_words: bool,
}

/// Where the last [`View::word_at`] search ended, for the next one.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordCursor {
    entry: usize,
    /// In a span entry: the offset last asked for and its word.
    in_span: Option<(u32, u32)>,
}

impl View {
    /// Builds the view of folded characters; `join` removes the separators
    /// of spaced-out single-letter spellings and those inside words (any
    /// run without whitespace, an apostrophe or sentence punctuation
    /// between two word characters), and leetspeak symbols between single
    /// letters.
    pub(crate) fn build(&mut self, raw: &[RawChar], join: bool) {
        self.text.clear();
        self.entries.clear();
        self.joinable = false;
        self.ascii_words = false;
        let mut gap = Steps::NONE;
        let mut word = 0u32;
        let mut i = 0;
        while i < raw.len() {
            let c = raw[i];
            if c.kind == Kind::Soft && joins_letters(raw, i) {
                self.joinable = true;
                if join {
                    gap |= c.gap | Steps::of(Step::Separator);
                    i += 1;
                    continue;
                }
            }
            if c.kind != Kind::Sep {
                self.push_char(c, gap, &mut word);
                gap = Steps::NONE;
                i += 1;
                continue;
            }
            let mut j = i;
            let mut breaks = false;
            let mut blank = false;
            let mut inner_gap = Steps::NONE;
            while j < raw.len() && raw[j].kind == Kind::Sep {
                breaks |= is_sentence_break(raw[j].ch);
                blank |= is_blank(raw[j].ch);
                inner_gap |= raw[j].gap | raw[j].steps;
                j += 1;
            }
            let han_join = !breaks
                && i > 0
                && raw[i - 1].kind == Kind::Unspaced
                && raw.get(j).is_some_and(|r| r.kind == Kind::Unspaced);
            let letters =
                !breaks && i > 0 && j < raw.len() && is_single(raw, i - 1) && is_single(raw, j);
            // Symbols and emoji inside a word (`s.hit`, `co🍑caine`).
            let in_word = !blank
                && !breaks
                && i > 0
                && raw[i - 1].kind.is_wordlike()
                && raw.get(j).is_some_and(|r| r.kind.is_wordlike());
            self.joinable |= letters || in_word;
            if han_join || (join && (letters || in_word)) {
                gap |= inner_gap | c.gap | Steps::of(Step::Separator);
            } else {
                // A run holding sentence punctuation stays a hard break, so
                // folding twice gives what folding once gave.
                let sep = if breaks { '\n' } else { ' ' };
                let mut steps = inner_gap;
                if j - i > 1 || c.ch != sep {
                    steps.insert(Step::Separator);
                }
                self.push_raw(
                    sep,
                    c.start,
                    raw[j - 1].end,
                    steps,
                    gap | c.gap,
                    Kind::Sep,
                    word,
                );
                gap = Steps::NONE;
            }
            i = j;
        }
    }

    fn push_char(&mut self, c: RawChar, gap: Steps, word: &mut u32) {
        let gap = gap | c.gap;
        if let Some(last) = self.entries.last_mut() {
            // A leet symbol and the letter it stands for merge into one run
            // (`$s` is `ss`); the run counts as a word character if either is
            // one, so folding twice gives what folding once gave.
            let same_kind =
                last.kind == c.kind || (last.kind.is_wordlike() && c.kind.is_wordlike());
            if same_kind && last.ch == c.ch && c.kind != Kind::Sep {
                last.run += 1;
                last.end = c.end;
                last.steps |= c.steps | gap;
                if c.kind == Kind::Word {
                    last.kind = Kind::Word;
                }
                return;
            }
        }
        let starts_word = match c.kind {
            Kind::Unspaced => true,
            _ => !self.entries.last().is_some_and(|l| l.kind.is_wordlike()),
        };
        if starts_word && !self.entries.is_empty() {
            *word += 1;
        }
        self.push_raw(c.ch, c.start, c.end, c.steps, gap, c.kind, *word);
    }

    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn push_raw(
        &mut self,
        ch: char,
        start: u32,
        end: u32,
        steps: Steps,
        gap: Steps,
        kind: Kind,
        word: u32,
    ) {
        self.entries.push(ViewChar {
            byte: self.text.len() as u32,
            start,
            end,
            steps,
            gap,
            kind,
            ch,
            run: 1,
            word,
            span: false,
        });
        self.text.push(ch);
    }

    /// Builds a view that only folds case (for `normalize: false`).
    pub(crate) fn build_exact(&mut self, text: &str) {
        self.text.clear();
        self.entries.clear();
        self.joinable = false;
        self.ascii_words = false;
        let mut word = 0u32;
        for (i, c) in text.char_indices() {
            let (start, end) = (i as u32, (i + c.len_utf8()) as u32);
            for l in c.to_lowercase() {
                let kind = crate::fold::kind_of(l);
                let starts_word = kind == Kind::Unspaced
                    || (kind == Kind::Word
                        && !self.entries.last().is_some_and(|p| p.kind == Kind::Word));
                if starts_word && !self.entries.is_empty() {
                    word += 1;
                }
                let steps = if l == c {
                    Steps::NONE
                } else {
                    Steps::of(Step::Case)
                };
                self.push_raw(l, start, end, steps, Steps::NONE, kind, word);
            }
        }
    }

    /// Every kind of view of `text`: general, joined, exact and, where it
    /// applies, simple.
    #[cfg(test)]
    pub(crate) fn every_kind(text: &str) -> Vec<View> {
        let mut raw = Vec::new();
        crate::fold::fold(text, &mut raw);
        let mut views = vec![View::default(), View::default(), View::default()];
        views[0].build(&raw, false);
        views[1].build(&raw, true);
        views[2].build_exact(text);
        let mut simple = View::default();
        if simple.build_simple(text) {
            views.push(simple);
        }
        views
    }

    /// The characters of the view, spans expanded; `original` is the text
    /// the view was built from.
    pub(crate) fn chars<'a>(&'a self, original: &'a str) -> Chars<'a> {
        self.chars_from(original, 0)
    }

    /// The characters from the one holding view byte `byte` on.
    pub(crate) fn chars_from<'a>(&'a self, original: &'a str, byte: usize) -> Chars<'a> {
        self.chars_from_entry(original, self.entry_at(byte), byte)
    }

    /// Index of the entry holding view byte `byte` (the last one past the
    /// end).
    pub(crate) fn entry_at(&self, byte: usize) -> usize {
        self.entries
            .partition_point(|e| (e.byte as usize) <= byte)
            .saturating_sub(1)
    }

    /// Whether the character at view byte `byte`, held by entry `i`, is a
    /// letter or digit of a spaced script ([`Kind::Word`]).
    pub(crate) fn is_word_at(&self, i: usize, byte: usize) -> bool {
        let Some(&b) = self.text.as_bytes().get(byte) else {
            return false;
        };
        self.entries
            .get(i)
            .is_some_and(|e| e.kind == Kind::Word && !(e.span && b == b' '))
    }

    /// The word index of the character covering original byte `pos` (the
    /// next one if none does, the last one past the end), searching from
    /// where `cursor` was left: for positions in increasing order each
    /// search gallops over the entries since the last and counts the
    /// spaces since the last inside a span, so a post's hits cost linear
    /// time, not a binary search over the whole view and a span scan each.
    pub(crate) fn word_at(&self, pos: usize, cursor: &mut WordCursor) -> u32 {
        let len = self.entries.len();
        let end = |i: usize| self.entries[i].end as usize;
        let mut lo = cursor.entry.min(len);
        if lo > 0 && end(lo - 1) > pos {
            lo = 0;
        }
        // Entries before `lo` end at or before `pos`; entry `hi` (if any)
        // after it.
        let (mut hi, mut step) = (lo, 1);
        while hi < len && end(hi) <= pos {
            lo = hi + 1;
            hi += step;
            step *= 2;
        }
        let i = lo + self.entries[lo..hi.min(len)].partition_point(|c| (c.end as usize) <= pos);
        if i != cursor.entry {
            *cursor = WordCursor {
                entry: i,
                in_span: None,
            };
        }
        let Some(e) = self.entries.get(i).or(self.entries.last()) else {
            return 0;
        };
        if !e.span {
            return e.word;
        }
        let width = span_width(e);
        let last = (e.end - e.start) / width - 1;
        let offset = ((pos as u32).saturating_sub(e.start) / width).min(last) * width;
        let word = match cursor.in_span {
            Some((at, word)) if at <= offset && e.kind != Kind::Unspaced => {
                word + self.spaces(e.byte + at, e.byte + offset)
            }
            _ => self.span_word(e, offset),
        };
        cursor.in_span = Some((offset, word));
        word
    }

    /// Spaces in view bytes `from..to`.
    fn spaces(&self, from: u32, to: u32) -> u32 {
        self.text.as_bytes()[from as usize..to as usize]
            .iter()
            .filter(|&&b| b == b' ')
            .count() as u32
    }

    /// The word of the character `offset` bytes into span `e`.
    fn span_word(&self, e: &ViewChar, offset: u32) -> u32 {
        if e.kind == Kind::Unspaced {
            return e.word + offset / 3;
        }
        e.word + self.spaces(e.byte, e.byte + offset)
    }

    /// [`View::chars_from`] given `first`, the [`View::entry_at`] `byte`.
    pub(crate) fn chars_from_entry<'a>(
        &'a self,
        original: &'a str,
        first: usize,
        byte: usize,
    ) -> Chars<'a> {
        let mut entries = self.entries.get(first..).unwrap_or_default().iter();
        let mut span = None;
        if let Some(e) = self.entries.get(first) {
            if e.span {
                entries.next();
                let width = span_width(e);
                let offset =
                    ((byte as u32).saturating_sub(e.byte) / width * width).min(e.end - e.start);
                span = Some((e, offset, self.span_word(e, offset)));
            } else if e.byte as usize + e.ch.len_utf8() <= byte {
                // `byte` lies past the last character.
                entries.next();
            }
        }
        Chars {
            entries,
            original: original.as_bytes(),
            text: self.text.as_bytes(),
            span,
        }
    }
}

/// Bytes per character of a span.
fn span_width(e: &ViewChar) -> u32 {
    if e.kind == Kind::Unspaced {
        3
    } else {
        1
    }
}

/// The characters of a [`View`], spans expanded.
pub(crate) struct Chars<'a> {
    entries: std::slice::Iter<'a, ViewChar>,
    original: &'a [u8],
    text: &'a [u8],
    /// The span being expanded, the byte offset of its next character and
    /// that character's word.
    span: Option<(&'a ViewChar, u32, u32)>,
}

impl Iterator for Chars<'_> {
    type Item = ViewChar;

    #[inline]
    fn next(&mut self) -> Option<ViewChar> {
        loop {
            if let Some((e, offset, word)) = self.span {
                if offset < e.end - e.start {
                    let width = span_width(e);
                    let (byte, start) = (e.byte + offset, e.start + offset);
                    let mut c = ViewChar {
                        byte,
                        start,
                        end: start + width,
                        steps: Steps::NONE,
                        gap: Steps::NONE,
                        kind: e.kind,
                        ch: ' ',
                        run: 1,
                        word,
                        span: false,
                    };
                    let mut next_word = word;
                    if width == 1 {
                        match self.text.get(byte as usize) {
                            Some(b' ') => {
                                c.kind = Kind::Sep;
                                next_word += 1;
                            }
                            Some(&b) => {
                                c.ch = char::from(b);
                                let upper = self
                                    .original
                                    .get(start as usize)
                                    .is_some_and(u8::is_ascii_uppercase);
                                if upper {
                                    c.steps = Steps::of(Step::Case);
                                }
                            }
                            None => {}
                        }
                    } else {
                        c.ch = han_at(self.text, byte as usize).unwrap_or(' ');
                        next_word += 1;
                    }
                    self.span = Some((e, offset + width, next_word));
                    return Some(c);
                }
                self.span = None;
            }
            let e = self.entries.next()?;
            if !e.span {
                return Some(*e);
            }
            self.span = Some((e, 0, e.word));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::leet;
    use crate::fold::fold;

    fn view(text: &str, join: bool) -> View {
        let mut raw = Vec::new();
        fold(text, &mut raw);
        let mut v = View::default();
        v.build(&raw, join);
        v
    }

    #[test]
    fn separators_collapse_and_join() {
        assert_eq!(view("betting -- site", false).text, "beting site");
        assert_eq!(view("冰 毒", false).text, "冰毒");
        assert_eq!(view("冰.毒", false).text, "冰毒");
        assert_eq!(view("冰。毒", false).text, "冰\n毒");
        let v = view("c o c a i n e", false);
        assert!(v.joinable);
        assert_eq!(v.text, "c o c a i n e");
        assert_eq!(view("c.o.c.a.i.n.e", true).text, "cocaine");
        assert_eq!(view("a cocaine", true).text, "a cocaine");
    }

    #[test]
    fn repeats_collapse_with_runs() {
        let v = view("cocaaaaine", false);
        assert_eq!(v.text, "cocaine");
        let c = v.chars("cocaaaaine").nth(3).expect("a fourth character");
        assert_eq!(c.run, 4);
        assert_eq!((c.start, c.end), (3, 7));
    }

    /// Every field of a view, for comparing two of them.
    fn fields(v: &View, text: &str) -> (String, bool, Vec<String>) {
        let chars = v.chars(text).map(|c| format!("{c:?}")).collect();
        (v.text.clone(), v.joinable, chars)
    }

    fn simple_view(text: &str) -> View {
        let mut v = View::default();
        assert!(v.build_simple(text), "{text:?} is simple");
        v
    }

    /// The characters `build_simple` handles beyond ASCII fold as it
    /// assumes; every other one makes it give up.
    #[test]
    fn simple_view_handles_only_what_it_knows() {
        for c in ('\u{80}'..='\u{FFFF}')
            .chain('\u{1F000}'..='\u{1FAFF}')
            .chain(['\u{20000}'])
        {
            let text = c.to_string();
            let mut v = View::default();
            if v.build_simple(&text) {
                assert_eq!(
                    fields(&v, &text),
                    fields(&view(&text, false), &text),
                    "{c:?}"
                );
                let mut raw = Vec::new();
                fold(&text, &mut raw);
                assert_eq!(raw.len(), 1, "{c:?}");
                // Full-width `!` and `|` are taken only outside tokens.
                if !matches!(c, '！' | '｜') {
                    assert!(leet(raw[0].ch).is_none(), "{c:?}");
                }
            }
        }
        for c in ['赌', '賭', '。', '，', '、', '「', '】', '？', '🙂', '☕'] {
            assert!(View::default().build_simple(&c.to_string()), "{c:?}");
        }
        for c in ['ａ', '（', 'é', '\u{200b}', 'с', 'カ', '\u{3005}', '🄰'] {
            assert!(!View::default().build_simple(&c.to_string()), "{c:?}");
        }
    }

    #[test]
    fn ascii_view_matches_the_general_path_on_examples() {
        for text in [
            "",
            " ",
            "\n",
            "a",
            "A",
            "c o c a i n e",
            "C.O.C.A",
            "c0ca1ne and (0c@ine, 2024! $5 +1 |",
            "hi !! there, a $ b; 5$ a 5 a @a b a@ b",
            "cocaaaaine  --  OK?? \r\n x",
            "@@@ a!! !!a 1a1 |||| (((c",
            "a  b, c d.e f:g",
            "賭博 赌博，冰 毒 a 冰。b c 冰冰 冰 冰 a冰b 5冰",
        ] {
            assert_eq!(
                fields(&simple_view(text), text),
                fields(&view(text, false), text),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        #[test]
        fn ascii_view_matches_the_general_path(
            text in "([a-eA-E]{1,3}|[0-9]|[@$!|(+]|[ ]{1,2}|[,.?;:)\n\r\t-]|[A-Za-z0-9 @$!|(+,.?;:)\n\r#*_'\"]){0,40}"
        ) {
            proptest::prop_assert_eq!(fields(&simple_view(&text), &text), fields(&view(&text, false), &text));
        }

        #[test]
        fn simple_view_matches_the_general_path_with_chinese(
            text in "([a-cA-C]{1,3}|[0-9]|[@$!|(+]|[ ]{1,2}|[,.?;:)\n-]|[赌賭博冰毒]{1,2}|[。，、「」？：；．【～]|[🙂☕✨]{1,2}){0,40}"
        ) {
            proptest::prop_assert_eq!(fields(&simple_view(&text), &text), fields(&view(&text, false), &text));
        }

        /// Characters the simple view takes only in some places: where it
        /// takes them, it folds them as the general path does.
        #[test]
        fn simple_view_matches_where_it_accepts(
            text in "([a-c]{1,2}|[0-9]|[!|]|[ ]{1,2}|[,.)]|[赌賭冰]|[。！｜～]|[🙂☕]|[🙂☕]\u{fe0f}){0,30}"
        ) {
            let mut v = View::default();
            if v.build_simple(&text) {
                proptest::prop_assert_eq!(fields(&v, &text), fields(&view(&text, false), &text));
            }
        }

        #[test]
        fn ascii_view_matches_on_any_ascii(text in "[\x00-\x7f]{0,60}") {
            proptest::prop_assert_eq!(fields(&simple_view(&text), &text), fields(&view(&text, false), &text));
        }

        /// Starting anywhere, the characters are those of the whole view
        /// from the one holding that byte on, spans expanded or not.
        #[test]
        fn chars_from_any_byte(text in "([a-cA-C]{1,4}|[ 1@.]|[冰毒赌賭博，]{1,4}){0,20}") {
            let v = simple_view(&text);
            let all: Vec<String> = v.chars(&text).map(|c| format!("{c:?}")).collect();
            for byte in 0..=v.text.len() {
                let want: Vec<String> = v
                    .chars(&text)
                    .filter(|c| c.byte as usize + c.ch.len_utf8() > byte)
                    .map(|c| format!("{c:?}"))
                    .collect();
                let got: Vec<String> = v.chars_from(&text, byte).map(|c| format!("{c:?}")).collect();
                proptest::prop_assert_eq!(&got, &want, "from byte {} of {:?}", byte, all);
            }
        }
    }

    #[test]
    fn words_are_counted() {
        let v = view("buy 冰毒 now", false);
        let words: Vec<u32> = v
            .chars("buy 冰毒 now")
            .filter(|c| c.kind != Kind::Sep)
            .map(|c| c.word)
            .collect();
        assert_eq!(words, vec![0, 0, 0, 1, 2, 3, 3, 3]);
    }
}
