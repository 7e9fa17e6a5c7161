//! Compounds (SPEC 4.1, `compounds: true`): a term inside a longer word
//! (`headfuck`, `fingerfuckers`), unless that word is innocent
//! (`Scunthorpe`, `assassin`, `cocktail`).

use super::innocent_spelling;
use crate::matcher::Match;
use crate::steps::Step;
use crate::view::View;

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
    (word_before || word_after)
        && innocent_spelling(&word_runs(view, original, start, end)).is_none()
}

/// The characters and run lengths of the word of the view around view
/// bytes `start..end` (ASCII letters and digits; a word of other
/// characters is no word of the lexicon, so it ends there).
fn word_runs(view: &View, original: &str, start: usize, end: usize) -> Vec<(char, u32)> {
    let bytes = view.text.as_bytes();
    let mut from = start.min(bytes.len());
    while from > 0 && bytes[from - 1].is_ascii_alphanumeric() {
        from -= 1;
    }
    let mut to = end.min(bytes.len());
    while to < bytes.len() && bytes[to].is_ascii_alphanumeric() {
        to += 1;
    }
    view.chars_from(original, from)
        .take_while(|c| (c.byte as usize) < to)
        .take(64)
        .map(|c| (c.ch, c.run))
        .collect()
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
