//! Compounds (SPEC 4.1, `compounds: true`): a term inside a longer word
//! (`headfuck`, `fingerfuckers`), unless that word is innocent
//! (`Scunthorpe`, `assassin`, `cocktail`).

use super::lexicon::is_innocent;
use crate::matcher::Match;
use crate::steps::Step;
use crate::view::View;

/// Longest word, in letters, looked up in the lexicon; longer ones are
/// no dictionary word.
const MAX_WORD: usize = 48;

/// Whether a compound candidate at view bytes `start..end` stands: it lies
/// inside a longer word (a word character before or after it; else it is
/// a plain match, found as such) and that word, as the view spells it, is
/// not innocent.
pub(crate) fn holds(
    view: &View,
    original: &str,
    start: usize,
    end: usize,
    word_before: bool,
    word_after: bool,
) -> bool {
    (word_before || word_after) && !is_innocent_word(view, original, start, end)
}

/// Whether the word of the view around `start..end` (letters and digits,
/// repeats spelled out) is innocent: as written, or with runs of three or
/// more read as two or one (`classsss` is `class`).
fn is_innocent_word(view: &View, original: &str, start: usize, end: usize) -> bool {
    let bytes = view.text.as_bytes();
    let mut from = start.min(bytes.len());
    while from > 0 && bytes[from - 1].is_ascii_alphanumeric() {
        from -= 1;
    }
    let mut to = end.min(bytes.len());
    while to < bytes.len() && bytes[to].is_ascii_alphanumeric() {
        to += 1;
    }
    if to - from > MAX_WORD {
        return false;
    }
    let runs: Vec<(char, u32)> = view
        .chars_from(original, from)
        .take_while(|c| (c.byte as usize) < to)
        .map(|c| (c.ch, c.run))
        .collect();
    if runs.iter().map(|r| r.1 as usize).sum::<usize>() > MAX_WORD {
        return false;
    }
    let spell = |cap: u32| -> String {
        runs.iter()
            .flat_map(|&(c, run)| std::iter::repeat_n(c, run.min(cap) as usize))
            .collect()
    };
    is_innocent(&spell(u32::MAX))
        || (runs.iter().any(|r| r.1 >= 3) && (is_innocent(&spell(2)) || is_innocent(&spell(1))))
}

/// How far before a compound match another match of its pattern may
/// start and still hold it: a word's readings are words long.
const REACH: usize = 256;

/// Drops each compound match that lies inside another match of the same
/// pattern (`fuck` in `fuckers`, found whole by its inflection), so a
/// word reports its longest reading. `out` is sorted by start and end.
pub(crate) fn drop_contained(out: &mut Vec<Match>) {
    if !out.iter().any(|m| m.via.contains(Step::Compound)) {
        return;
    }
    let holds = |o: &Match, m: &Match| {
        o.pattern == m.pattern
            && o.start <= m.start
            && m.end <= o.end
            && o.end - o.start > m.end - m.start
    };
    let keep: Vec<bool> = (0..out.len())
        .map(|i| {
            let m = &out[i];
            if !m.via.contains(Step::Compound) {
                return true;
            }
            let before = out[..i]
                .iter()
                .rev()
                .take_while(|o| o.start + REACH >= m.start);
            let after = out[i + 1..].iter().take_while(|o| o.start == m.start);
            !before.chain(after).any(|o| holds(o, m))
        })
        .collect();
    let mut k = keep.into_iter();
    out.retain(|_| k.next().unwrap_or(true));
}
