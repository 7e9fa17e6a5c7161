//! Word edges of a view: where a word-bounded term can begin and end.

use super::swar::{alnum_bits, space_bytes};
use super::View;
use crate::fold::Kind;

/// The byte offsets in a view's text where a word-bounded term may begin
/// and end, each list increasing.
#[derive(Clone, Debug, Default)]
pub(crate) struct WordEdges {
    /// Wordlike characters ([`Kind::Word`] or [`Kind::Soft`]) not preceded
    /// by a [`Kind::Word`] character.
    pub(crate) starts: Vec<u32>,
    /// Ends of wordlike characters not followed by a [`Kind::Word`]
    /// character.
    pub(crate) ends: Vec<u32>,
}

/// The walk behind [`View::word_edges`]: the kind of the last character.
struct Walk<'a> {
    edges: &'a mut WordEdges,
    prev_word: bool,
    prev_wordlike: bool,
}

impl Walk<'_> {
    #[inline]
    fn visit(&mut self, at: u32, kind: Kind) {
        let wordlike = kind.is_wordlike();
        let word = kind == Kind::Word;
        if !word && self.prev_wordlike {
            self.edges.ends.push(at);
        }
        if wordlike && !self.prev_word {
            self.edges.starts.push(at);
        }
        self.prev_word = word;
        self.prev_wordlike = wordlike;
    }
}

impl View {
    /// Fills `edges` with this view's word edges: a term bounded by word
    /// boundaries on both sides starts at one of `edges.starts` and ends at
    /// one of `edges.ends`.
    pub(crate) fn word_edges(&self, edges: &mut WordEdges) {
        edges.starts.clear();
        edges.ends.clear();
        // Without leetspeak symbols read as letters, a character is a letter
        // or digit of a word exactly when it is an ASCII letter or digit
        // (in these views), and bytes tell the edges.
        let soft = self.entries.iter().any(|e| e.kind == Kind::Soft);
        if !soft && (self.ascii_words || self.text.is_ascii()) {
            ascii_edges(self.text.as_bytes(), edges);
        } else {
            self.entry_edges(edges);
        }
    }

    /// [`View::word_edges`] from the entries' kinds.
    fn entry_edges(&self, edges: &mut WordEdges) {
        let mut walk = Walk {
            edges,
            prev_word: false,
            prev_wordlike: false,
        };
        let text = self.text.as_bytes();
        for e in &self.entries {
            let (from, len) = (e.byte, e.end - e.start);
            match (e.span, e.kind) {
                (true, Kind::Word) => {
                    // Letters and the single spaces between them: a span
                    // begins and ends with a letter.
                    walk.visit(from, Kind::Word);
                    let bytes = text.get(from as usize..(from + len) as usize);
                    for_each_space(bytes.unwrap_or_default(), |at| {
                        let at = from + at as u32;
                        walk.edges.ends.push(at);
                        walk.edges.starts.push(at + 1);
                    });
                }
                (true, kind) => {
                    // Han characters, three bytes each, none wordlike.
                    walk.visit(from, kind);
                }
                (false, kind) => walk.visit(from, kind),
            }
        }
        if walk.prev_wordlike {
            walk.edges.ends.push(self.text.len() as u32);
        }
    }
}

/// The word edges of a text whose word characters are the ASCII letters
/// and digits: a bit mask of them, shifted by one, marks the starts and
/// ends, 64 bytes at a time.
fn ascii_edges(text: &[u8], edges: &mut WordEdges) {
    let mut carry = 0u64;
    for (block, base) in text.chunks(64).zip((0u32..).step_by(64)) {
        let mut word = 0u64;
        let mut eights = block.chunks_exact(8);
        for (i, eight) in (0..).step_by(8).zip(&mut eights) {
            let x = eight
                .first_chunk::<8>()
                .map_or(0, |b| u64::from_le_bytes(*b));
            word |= u64::from(alnum_bits(x)) << i;
        }
        let done = block.len() - eights.remainder().len();
        for (i, &b) in (done..).zip(eights.remainder()) {
            word |= u64::from(b.is_ascii_alphanumeric()) << i;
        }
        let before = word << 1 | carry;
        push_bits(&mut edges.starts, base, word & !before);
        // In a short last block the end of the text reads as a non-word
        // byte, so a word running into it ends there.
        push_bits(&mut edges.ends, base, !word & before);
        carry = word >> 63;
    }
    if carry == 1 {
        edges.ends.push(text.len() as u32);
    }
}

/// Pushes `base` plus the index of every set bit of `bits`.
#[inline]
fn push_bits(out: &mut Vec<u32>, base: u32, mut bits: u64) {
    while bits != 0 {
        out.push(base + bits.trailing_zeros());
        bits &= bits - 1;
    }
}

/// Calls `f` with the offset of every space in `bytes`, which are ASCII,
/// eight at a time.
#[inline]
fn for_each_space(bytes: &[u8], mut f: impl FnMut(usize)) {
    let mut blocks = bytes.chunks_exact(8);
    let mut base = 0;
    for block in &mut blocks {
        let x = block
            .first_chunk::<8>()
            .map_or(0, |b| u64::from_le_bytes(*b));
        let mut spaces = space_bytes(x);
        while spaces != 0 {
            f(base + spaces.trailing_zeros() as usize / 8);
            spaces &= spaces - 1;
        }
        base += 8;
    }
    for (i, _) in blocks
        .remainder()
        .iter()
        .enumerate()
        .filter(|b| *b.1 == b' ')
    {
        f(base + i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The edges as defined, from every character of the view.
    fn reference(v: &View, text: &str) -> (Vec<u32>, Vec<u32>) {
        let chars: Vec<_> = v.chars(text).collect();
        let word = |i: Option<usize>| {
            i.and_then(|i| chars.get(i))
                .is_some_and(|c| c.kind == Kind::Word)
        };
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        for (i, c) in chars.iter().enumerate() {
            if c.kind.is_wordlike() && !word(i.checked_sub(1)) {
                starts.push(c.byte);
            }
            if c.kind.is_wordlike() && !word(Some(i + 1)) {
                ends.push(c.byte + c.ch.len_utf8() as u32);
            }
        }
        (starts, ends)
    }

    fn check(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        for v in &View::every_kind(text) {
            let mut edges = WordEdges::default();
            v.word_edges(&mut edges);
            let (starts, ends) = reference(v, text);
            proptest::prop_assert_eq!(
                &edges.starts,
                &starts,
                "starts of {:?} in {:?}",
                v.text,
                text
            );
            proptest::prop_assert_eq!(&edges.ends, &ends, "ends of {:?} in {:?}", v.text, text);
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        /// Every way of finding edges (bytes, entries, spans) agrees with
        /// their definition, in every kind of view.
        #[test]
        fn edges_are_where_words_begin_and_end(
            text in "([a-dA-D]{1,12}|[0-9]|[@$!|(+]|[ ]{1,2}|[,.?;)\n-]|[赌賭博冰]{1,3}|[。，]|[🙂]|[сé]){0,40}"
        ) {
            check(&text)?;
        }

        #[test]
        fn edges_of_long_plain_text(text in "([a-z]{1,9}[ ]){0,60}[a-z]{0,9}") {
            check(&text)?;
        }
    }

    #[test]
    fn spaces_are_found_in_every_position() {
        for len in 0..40 {
            for mask in [0u64, 1, 0x8421_0842_1084, u64::MAX, 0x5555_5555_5555] {
                let text: Vec<u8> = (0..len)
                    .map(|i| {
                        if mask >> (i % 64) & 1 == 1 {
                            b' '
                        } else {
                            b'q'
                        }
                    })
                    .collect();
                let mut found = Vec::new();
                for_each_space(&text, |i| found.push(i));
                let want: Vec<usize> = (0..len).filter(|&i| text[i] == b' ').collect();
                assert_eq!(found, want, "{:?}", String::from_utf8_lossy(&text));
            }
        }
    }
}
