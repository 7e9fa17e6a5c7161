//! Masked letters (`f*ck`, `sh#t`, `a**hole`): a mask inside a word hides
//! one letter each, so a masked word matches every one-word key of its
//! length that agrees on the letters it shows.
//!
//! Masks are rare, so they get no place in the automaton or the word
//! keys: the keys that can be masked are listed spelled out (runs
//! expanded) and sorted by first letter, last letter and length, and a
//! masked word is compared with the few keys that share those three.

use crate::chars::{is_mask, leet, symbol_letter};
use crate::fold::{Kind, RawChar};

/// One maskable key spelling.
#[derive(Clone, Copy, Debug)]
struct Item {
    first: char,
    last: char,
    len: u32,
    /// Where its spelling begins in [`MaskIndex::spelled`] (bytes).
    at: u32,
    /// The literal-set entry it stands for.
    entry: u32,
}

/// The one-word keys a mask may hide letters of.
#[derive(Debug, Default)]
pub(crate) struct MaskIndex {
    items: Vec<Item>,
    /// Every spelling, one after another.
    spelled: String,
}

/// A masked word found in folded characters: `chars[start..end]`, the
/// letters it shows (`None` where a mask hides one).
pub(crate) struct MaskedWord {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) letters: Vec<Option<char>>,
}

impl MaskIndex {
    /// Adds the spelling of entry `entry`: each `(char, run)` of its key.
    /// Keys of more than one word, or with characters that are not
    /// letters or digits, are left out.
    pub(crate) fn add(&mut self, entry: u32, key: impl Iterator<Item = (char, u32)>) {
        let at = self.spelled.len();
        let mut len = 0;
        for (c, run) in key {
            if !c.is_alphanumeric() {
                self.spelled.truncate(at);
                return;
            }
            self.spelled.extend(std::iter::repeat_n(c, run as usize));
            len += run;
        }
        let spelled = &self.spelled[at..];
        // A mask hides a letter between two shown ones.
        if let (Some(first), Some(last), true) = (
            spelled.chars().next(),
            spelled.chars().next_back(),
            len >= 3,
        ) {
            self.items.push(Item {
                first,
                last,
                len,
                at: at as u32,
                entry,
            });
        } else {
            self.spelled.truncate(at);
        }
    }

    /// Sorts the items for lookups; call once after the last `add`.
    pub(crate) fn finish(&mut self) {
        self.items
            .sort_unstable_by_key(|i| (i.first, i.last, i.len, i.entry));
        self.items.shrink_to_fit();
        self.spelled.shrink_to_fit();
    }

    /// Whether no key can be masked.
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Heap bytes held.
    pub(crate) fn memory_usage(&self) -> usize {
        self.items.capacity() * std::mem::size_of::<Item>() + self.spelled.capacity()
    }

    /// Calls `found` with each entry whose spelling `word` fits.
    pub(crate) fn for_each_fit(&self, word: &[Option<char>], mut found: impl FnMut(usize)) {
        let (Some(Some(first)), Some(Some(last))) = (word.first(), word.last()) else {
            return;
        };
        let key = (*first, *last, word.len() as u32);
        let from = self
            .items
            .partition_point(|i| (i.first, i.last, i.len) < key);
        for item in self.items[from..]
            .iter()
            .take_while(|i| (i.first, i.last, i.len) == key)
        {
            let Some(spelled) = self.spelled.get(item.at as usize..) else {
                continue;
            };
            let fits = word
                .iter()
                .zip(spelled.chars())
                .all(|(w, s)| w.is_none_or(|w| w == s));
            if fits {
                found(item.entry as usize);
            }
        }
    }
}

/// Whether `c` may be part of a masked word: a letter or digit, a symbol
/// read as a letter, or a mask.
fn in_masked_word(c: &RawChar) -> bool {
    c.kind.is_wordlike() || (c.kind == Kind::Sep && (is_mask(c.ch) || letter_of(c).is_some()))
}

/// The letter a character of a masked word shows: digits and symbols
/// read as leetspeak (a token of its own, `$` of `$#1t`, was not read).
fn letter_of(c: &RawChar) -> Option<char> {
    match c.kind {
        Kind::Sep => symbol_letter(c.ch),
        _ if c.ch.is_ascii_digit() => leet(c.ch).map(|l| l.0).or(Some(c.ch)),
        _ => Some(c.ch),
    }
}

/// Calls `found` with every masked word of `chars`: the widest run of
/// word characters, symbols and masks around a mask, less masks at its
/// edges (emphasis, `*word*`), with a mask left inside.
pub(crate) fn masked_words(chars: &[RawChar], mut found: impl FnMut(&MaskedWord)) {
    let mut word = MaskedWord {
        start: 0,
        end: 0,
        letters: Vec::new(),
    };
    let mut i = 0;
    while i < chars.len() {
        if !(chars[i].kind == Kind::Sep && is_mask(chars[i].ch)) {
            i += 1;
            continue;
        }
        let mut start = i;
        while start > 0 && in_masked_word(&chars[start - 1]) {
            start -= 1;
        }
        let mut end = i;
        while end < chars.len() && in_masked_word(&chars[end]) {
            end += 1;
        }
        i = end.max(i + 1);
        let is_masked = |c: &RawChar| c.kind == Kind::Sep && is_mask(c.ch);
        while start < end && is_masked(&chars[start]) {
            start += 1;
        }
        while end > start && is_masked(&chars[end - 1]) {
            end -= 1;
        }
        // Symbols at the edges may be punctuation (`sh*t!`, `(f*ck)`) or
        // letters (`$h*t`): both readings are tried.
        let symbol = |c: &RawChar| c.kind != Kind::Word && !is_masked(c);
        let mut left = start;
        while left < end && symbol(&chars[left]) {
            left += 1;
        }
        let mut right = end;
        while right > left && symbol(&chars[right - 1]) {
            right -= 1;
        }
        let spans = [(start, end), (left, end), (start, right), (left, right)];
        for (k, &(s, e)) in spans.iter().enumerate() {
            let inner = &chars[s..e];
            if spans[..k].contains(&(s, e)) || inner.len() < 3 || !inner.iter().any(is_masked) {
                continue;
            }
            if is_masked(&inner[0]) || is_masked(&inner[inner.len() - 1]) {
                continue;
            }
            word.start = s;
            word.end = e;
            word.letters.clear();
            word.letters
                .extend(inner.iter().map(|c| match is_masked(c) {
                    true => None,
                    false => letter_of(c),
                }));
            found(&word);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::fold;

    fn words(text: &str) -> Vec<String> {
        let mut raw = Vec::new();
        fold(text, &mut raw);
        let mut out = Vec::new();
        masked_words(&raw, |w| {
            out.push(w.letters.iter().map(|l| l.unwrap_or('?')).collect());
        });
        out
    }

    #[test]
    fn masked_words_are_found_with_their_letters() {
        assert_eq!(words("f*ck sh#t"), ["f?ck", "sh?t"]);
        assert_eq!(words("*f**k*"), ["f??k"]);
        assert_eq!(words("$#1t"), ["s?it"]);
        assert_eq!(words("(f*ck)"), ["cf?ck", "f?ck"]);
        assert_eq!(words("sh*t!"), ["sh?ti", "sh?t"]);
        assert_eq!(words("*emphasis* #tag C# a*"), Vec::<String>::new());
        assert_eq!(words("snake_case"), ["snake?case"]);
    }

    #[test]
    fn fits_only_keys_of_the_same_length_and_letters() {
        let mut index = MaskIndex::default();
        index.add(0, [('f', 1), ('u', 1), ('c', 1), ('k', 1)].into_iter());
        index.add(1, [('f', 1), ('o', 2), ('k', 1)].into_iter());
        index.add(2, [('a', 1), (' ', 1), ('b', 1)].into_iter());
        index.finish();
        let fit = |w: &str| {
            let letters: Vec<Option<char>> = w.chars().map(|c| (c != '?').then_some(c)).collect();
            let mut out = Vec::new();
            index.for_each_fit(&letters, |e| out.push(e));
            out
        };
        assert_eq!(fit("f??k"), [0, 1]);
        assert_eq!(fit("f?ck"), [0]);
        assert_eq!(fit("fo?k"), [1]);
        assert_eq!(fit("f?k"), Vec::<usize>::new());
        assert_eq!(fit("a?b"), Vec::<usize>::new());
    }
}
