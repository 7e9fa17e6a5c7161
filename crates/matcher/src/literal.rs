//! Literal patterns: compiled into one overlapping Aho-Corasick automaton
//! over folded views, then verified (run lengths, word boundaries).

use std::collections::HashMap;

use crate::automaton::Automaton;
use crate::chinese::{self, guard, homophones, readings};
use crate::english::inflect::{self, Stem};
use crate::english::{self, compound};
use crate::fold::{fold, Kind, RawChar};
use crate::masks::{masked_words, MaskIndex};
use crate::pattern::{Pattern, PatternId};
use crate::steps::{Step, Steps};
use crate::view::{View, ViewChar, WordEdges};
use crate::wordkeys::{self, Inflected, Use, WordKeys};
use crate::Match;

/// Most variants one pattern may expand into (pinyin readings times
/// `l`/`i` spellings); beyond it only the plainest variants are kept.
const MAX_VARIANTS: usize = 64;

/// A folded pattern: characters, run lengths and kinds.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Folded {
    chars: Vec<(char, u32, Kind)>,
    steps: Steps,
}

/// Buffers reused while folding every pattern of a build.
#[derive(Default)]
struct FoldBuffers {
    raw: Vec<RawChar>,
    view: View,
}

impl Folded {
    #[cfg(test)]
    fn of(text: &str, normalize: bool) -> Folded {
        Folded::with(text, normalize, &mut FoldBuffers::default())
    }

    fn with(text: &str, normalize: bool, buffers: &mut FoldBuffers) -> Folded {
        let FoldBuffers { raw, view } = buffers;
        if normalize {
            fold(text, raw);
            view.build(raw, false);
        } else {
            view.build_exact(text);
        }
        let mut steps = Steps::NONE;
        let mut chars = Vec::with_capacity(view.entries.len());
        for c in view.chars(text) {
            steps |= c.steps | c.gap;
            chars.push((c.ch, c.run, c.kind));
        }
        let first = chars
            .iter()
            .position(|c| c.2 != Kind::Sep)
            .unwrap_or(chars.len());
        let last = chars
            .iter()
            .rposition(|c| c.2 != Kind::Sep)
            .map_or(first, |p| p + 1);
        Folded {
            chars: chars[first..last].to_vec(),
            steps,
        }
    }

    /// Replaces the `l`s at `positions` with `i` (how `1` and `|` fold),
    /// then merges the runs that this makes adjacent.
    fn with_i_for_l(&self, positions: &[usize]) -> Folded {
        let mut chars = self.chars.clone();
        for &p in positions {
            chars[p].0 = 'i';
        }
        let mut merged: Vec<(char, u32, Kind)> = Vec::with_capacity(chars.len());
        for c in chars {
            match merged.last_mut() {
                Some(last) if last.0 == c.0 && last.2 == c.2 && c.2 != Kind::Sep => last.1 += c.1,
                _ => merged.push(c),
            }
        }
        Folded {
            chars: merged,
            steps: self.steps,
        }
    }

    /// The folded term written out, repeats spelled in full and each
    /// separator run as one space (`blow job`).
    fn spelled(&self) -> String {
        let mut s = String::with_capacity(self.chars.len());
        for &(c, run, kind) in &self.chars {
            match kind {
                Kind::Sep => s.push(' '),
                _ => s.extend(std::iter::repeat_n(c, run as usize)),
            }
        }
        s
    }
}

/// Adds the English readings of SPEC 4.1 to the variants of a
/// word-bounded term, `variants[0]` being the term itself: sound-alike
/// spellings ([`english::sound_variants`]) with `sounds_like`, and with
/// `compounds` the term and those spellings again as entries that match
/// inside longer words (checked by [`compound::holds`]). Inflections need
/// no variants: see [`stems_of`].
fn add_english(p: &Pattern, variants: &mut Vec<(Folded, Steps)>, buffers: &mut FoldBuffers) {
    let Some((base, _)) = variants.first() else {
        return;
    };
    let ev = p.evasions;
    let spelled = base.spelled();
    let mut words: Vec<(Folded, Steps)> = Vec::new();
    if ev.sounds_like {
        for s in english::sound_variants(&spelled) {
            let mut f = Folded::with(&s, true, buffers);
            // The pattern's own steps, as the term's: a text needing no
            // more matched the term as written, but for this spelling.
            f.steps = base.steps;
            if !f.chars.is_empty() {
                words.push((f, Steps::of(Step::Sound)));
            }
        }
    }
    let latin_edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase());
    if ev.compounds && (latin_edge(spelled.chars().next()) || latin_edge(spelled.chars().last())) {
        let inside: Vec<(Folded, Steps)> = std::iter::once((base.clone(), Steps::NONE))
            .chain(words.iter().cloned())
            .map(|(f, steps)| (f, steps | Steps::of(Step::Compound)))
            .collect();
        words.extend(inside);
    }
    variants.extend(words);
}

/// How a variant of a pattern takes inflection suffixes, and the
/// stem-only spelling it also needs (`whor` for `whore`): a whole-word
/// Latin spelling of a term with `inflections`, not a pinyin or compound
/// one, is a stem; the term and its sound-alikes also get their
/// stem-only spelling.
fn stems_of(
    p: &Pattern,
    f: &Folded,
    steps: Steps,
    buffers: &mut FoldBuffers,
) -> (Stem, Option<(Folded, Steps, Stem)>) {
    let other = Steps::of(Step::Pinyin) | Steps::of(Step::Compound);
    if !p.evasions.inflections || !p.word_bounded || steps.0 & other.0 != 0 {
        return (Stem::None, None);
    }
    let spelled = f.spelled();
    let (prefix, word) = english::split_last_word(&spelled);
    if !english::is_latin_word(word) {
        return (Stem::None, None);
    }
    let stem_only = (!steps.contains(Step::Leet))
        .then(|| Stem::of(word))
        .flatten()
        .map(|(stem, kind)| {
            let mut g = Folded::with(&format!("{prefix}{stem}"), true, buffers);
            g.steps = f.steps;
            (g, steps, kind)
        });
    (Stem::Whole, stem_only)
}

/// Which of the `l`s at `ls` a variant writes as `i` (a `1` or `|` in the
/// text folds to `i`): every non-empty choice of up to three, else all of
/// them at once, so a long term cannot multiply its keys.
fn l_choices(ls: &[usize]) -> Vec<Vec<usize>> {
    if ls.len() > 3 {
        return vec![ls.to_vec()];
    }
    (1..1u32 << ls.len())
        .map(|mask| {
            ls.iter()
                .enumerate()
                .filter(|&(bit, _)| mask >> bit & 1 != 0)
                .map(|(_, &p)| p)
                .collect()
        })
        .collect()
}

/// The pinyin spellings of a term: all syllables joined, all syllables
/// spaced, and (for short terms) each character either Chinese or pinyin.
fn pinyin_variants(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let options: Vec<Vec<&str>> = chars.iter().map(|&c| readings(c)).collect();
    if options.iter().all(Vec::is_empty) {
        return Vec::new();
    }
    let mut full: Vec<Vec<String>> = vec![Vec::new()];
    for (c, opts) in chars.iter().zip(&options) {
        let choices: Vec<String> = if opts.is_empty() {
            vec![c.to_string()]
        } else {
            opts.iter().map(|s| s.to_string()).collect()
        };
        let mut next = Vec::new();
        for prefix in &full {
            for choice in &choices {
                if next.len() < MAX_VARIANTS / 4 {
                    let mut p = prefix.clone();
                    p.push(choice.clone());
                    next.push(p);
                }
            }
        }
        full = next;
    }
    let mut out = Vec::new();
    for parts in &full {
        out.push(parts.concat());
        out.push(parts.join(" "));
    }
    let han: Vec<usize> = (0..chars.len())
        .filter(|&i| !options[i].is_empty())
        .collect();
    if han.len() <= 4 {
        for mask in 1..(1u32 << han.len()) - 1 {
            let mut s = String::new();
            for (i, c) in chars.iter().enumerate() {
                match han.iter().position(|&h| h == i) {
                    Some(bit) if mask & (1 << bit) != 0 => s.push_str(options[i][0]),
                    _ => s.push(*c),
                }
            }
            out.push(s);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// One way a pattern can appear in a view.
#[derive(Debug)]
struct Entry {
    pattern: u32,
    /// Where its run lengths, one per character of its key, begin in
    /// [`LiteralSet::runs`]: one table, not an allocation per entry.
    runs_at: u32,
    bound_left: bool,
    bound_right: bool,
    /// Steps the variant itself stands for (pinyin, `i` for `l`).
    variant_steps: Steps,
    /// Steps the pattern needed: a text needing no more matched as written.
    pattern_steps: Steps,
    /// Whether the Han innocent-word guard judges its matches (keywords).
    guard: bool,
    /// How an inflection suffix may follow.
    stem: Stem,
}

/// One automaton pattern, packed so that checking a candidate touches one
/// cache line before the view.
#[derive(Clone, Copy, Debug)]
struct Key {
    /// Its entries are `entries[first..first + count]`.
    first: u32,
    count: u32,
    /// Length in bytes.
    len: u32,
    /// Length in characters (every entry has one run per character).
    chars: u32,
    /// Whether every entry needs a word boundary on the left, and on the
    /// right.
    bound_left: bool,
    bound_right: bool,
    /// Whether some entry matches without a suffix, and whether some entry
    /// takes one.
    whole: bool,
    stems: bool,
}

/// Literal patterns compiled for one kind of view.
#[derive(Debug)]
pub(crate) struct LiteralSet {
    /// The keys that are not all word-bounded and short: reports key
    /// indices.
    ac: Option<Automaton>,
    /// Whether some automaton key is ASCII (else ASCII views skip it).
    ac_ascii: bool,
    /// The keys every entry of which needs word boundaries on both sides.
    words: Option<WordKeys>,
    /// What a candidate of key `k` needs first: `keys[k]`.
    keys: Vec<Key>,
    entries: Vec<Entry>,
    /// Run lengths of every entry, one after another.
    runs: Vec<u32>,
    ids: Vec<PatternId>,
    sources: Vec<Box<str>>,
    /// The one-word keys a mask may hide letters of (normalized sets).
    masks: MaskIndex,
}

/// Why a literal pattern could not be compiled.
pub(crate) enum LiteralError {
    Empty(PatternId),
    Automaton(String),
}

impl LiteralSet {
    /// Compiles literal patterns; `normalize` says which view they are for.
    pub(crate) fn build(
        patterns: &[&Pattern],
        normalize: bool,
    ) -> Result<LiteralSet, Vec<LiteralError>> {
        LiteralSet::build_with(patterns, normalize, wordkeys::MAX_LEN, false)
    }

    /// Compiles the same-sound spellings of `patterns` for the sound view
    /// ([`homophones`]).
    pub(crate) fn build_sounds(patterns: &[&Pattern]) -> Result<LiteralSet, Vec<LiteralError>> {
        LiteralSet::build_with(patterns, true, wordkeys::MAX_LEN, true)
    }

    /// [`LiteralSet::build`], looking up word-bounded keys of at most
    /// `word_keys` bytes at word edges (none if 0) and finding the rest
    /// with the automaton; `sounds` compiles same-sound spellings only.
    fn build_with(
        patterns: &[&Pattern],
        normalize: bool,
        word_keys: usize,
        sounds: bool,
    ) -> Result<LiteralSet, Vec<LiteralError>> {
        let mut strings: Vec<String> = Vec::new();
        // Compound entries have keys of their own: found inside words by
        // the automaton, while the term's whole-word key stays a word key.
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut compound_index: HashMap<String, u32> = HashMap::new();
        // Each key's entries, with their run lengths.
        let mut grouped: Vec<Vec<(Entry, Box<[u32]>)>> = Vec::new();
        let mut errors = Vec::new();
        let mut buffers = FoldBuffers::default();
        for (pi, p) in patterns.iter().enumerate() {
            let base = Folded::with(&p.text, normalize, &mut buffers);
            if base.chars.is_empty() {
                errors.push(LiteralError::Empty(p.id));
                continue;
            }
            let mut variants = vec![(base, Steps::NONE)];
            let mut fold_all = |texts: Vec<String>, step: Step| -> Vec<(Folded, Steps)> {
                texts
                    .iter()
                    .map(|v| (Folded::with(v, true, &mut buffers), Steps::of(step)))
                    .filter(|(f, _)| !f.chars.is_empty())
                    .collect()
            };
            if sounds {
                variants = fold_all(homophones::variants(&p.text), Step::Homophone);
            } else if normalize {
                for (step, texts) in chinese::evasion_variants(p) {
                    variants.extend(fold_all(texts, step));
                }
            }
            if p.pinyin && normalize && !sounds {
                for v in pinyin_variants(&p.text) {
                    let f = Folded::with(&v, true, &mut buffers);
                    if !f.chars.is_empty() {
                        variants.push((f, Steps::of(Step::Pinyin)));
                    }
                }
            }
            if normalize {
                let mut extra = Vec::new();
                for (f, steps) in &variants {
                    let ls: Vec<usize> = (0..f.chars.len())
                        .filter(|&i| f.chars[i].0 == 'l' && f.chars[i].2 == Kind::Word)
                        .collect();
                    for chosen in l_choices(&ls) {
                        extra.push((f.with_i_for_l(&chosen), *steps | Steps::of(Step::Leet)));
                    }
                }
                variants.extend(extra);
            }
            variants.truncate(MAX_VARIANTS);
            if normalize && p.word_bounded {
                add_english(p, &mut variants, &mut buffers);
            }
            let mut stemmed = Vec::with_capacity(variants.len() + 1);
            for (f, steps) in variants {
                let (stem, stem_only) = match normalize && stemmed.len() < MAX_VARIANTS {
                    true => stems_of(p, &f, steps, &mut buffers),
                    false => (Stem::None, None),
                };
                stemmed.push((f, steps, stem));
                stemmed.extend(stem_only);
            }
            for (f, variant_steps, stem) in stemmed {
                let key: String = f.chars.iter().map(|c| c.0).collect();
                let index = match variant_steps.contains(Step::Compound) {
                    true => &mut compound_index,
                    false => &mut index,
                };
                let k = *index.entry(key.clone()).or_insert_with(|| {
                    strings.push(key);
                    // Most keys have one entry: no room for four.
                    grouped.push(Vec::with_capacity(1));
                    (strings.len() - 1) as u32
                });
                let (Some(first), Some(last)) = (f.chars.first(), f.chars.last()) else {
                    continue;
                };
                let runs: Box<[u32]> = f.chars.iter().map(|c| c.1).collect();
                // A compound entry matches inside words: its check asks
                // for a word around it instead.
                let bounded = p.word_bounded && !variant_steps.contains(Step::Compound);
                let entry = Entry {
                    pattern: pi as u32,
                    runs_at: 0,
                    bound_left: bounded && first.2.is_wordlike(),
                    bound_right: bounded && last.2.is_wordlike(),
                    variant_steps,
                    pattern_steps: f.steps,
                    guard: p.word_bounded,
                    stem,
                };
                let group = &mut grouped[k as usize];
                match group
                    .iter_mut()
                    .find(|(e, r)| e.pattern == entry.pattern && *r == runs)
                {
                    // The same spelling as a stem-only one of the term: it
                    // matches whole as well as before a suffix.
                    Some((e, _)) if e.stem.needs_suffix() && !stem.needs_suffix() => *e = entry,
                    Some(_) => {}
                    None => group.push((entry, runs)),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // Freed before the automata are built, which set the peak.
        drop(index);
        drop(compound_index);
        let mut keys = Vec::with_capacity(grouped.len());
        let mut entries = Vec::with_capacity(grouped.iter().map(Vec::len).sum());
        let mut runs = Vec::with_capacity(grouped.iter().flatten().map(|(_, r)| r.len()).sum());
        let mut masks = MaskIndex::default();
        for (group, string) in grouped.into_iter().zip(&strings) {
            keys.push(Key {
                first: entries.len() as u32,
                count: group.len() as u32,
                len: string.len() as u32,
                chars: string.chars().count() as u32,
                bound_left: group.iter().all(|(e, _)| e.bound_left),
                bound_right: group.iter().all(|(e, _)| e.bound_right),
                whole: group.iter().any(|(e, _)| !e.stem.needs_suffix()),
                stems: group.iter().any(|(e, _)| e.stem != Stem::None),
            });
            for (mut entry, entry_runs) in group {
                if normalize && entry.bound_left && entry.bound_right {
                    let spelled = string.chars().zip(entry_runs.iter().copied());
                    masks.add(entries.len() as u32, spelled);
                }
                entry.runs_at = runs.len() as u32;
                runs.extend_from_slice(&entry_runs);
                entries.push(entry);
            }
        }
        masks.finish();
        // Word-bounded keys are looked up at word edges; the automaton
        // finds the rest.
        // Inflection stems are found at word edges only: a stem-only key
        // left for the automaton is dropped.
        let mut bounded: Vec<(&str, u32, Use)> = Vec::new();
        let mut free: Vec<(&str, u32)> = Vec::new();
        for ((s, key), k) in strings.iter().zip(&keys).zip(0u32..) {
            let usage = Use {
                whole: key.whole,
                stem: key.stems,
            };
            match key.bound_left && key.bound_right && s.len() <= word_keys {
                true => bounded.push((s.as_str(), k, usage)),
                false if key.whole => free.push((s.as_str(), k)),
                false => {}
            }
        }
        let ac = match free.is_empty() {
            true => None,
            false => Some(Automaton::build(&free).map_err(|e| vec![LiteralError::Automaton(e)])?),
        };
        Ok(LiteralSet {
            ac,
            ac_ascii: free.iter().any(|(s, _)| s.is_ascii()),
            words: (!bounded.is_empty()).then(|| WordKeys::new(&bounded)),
            keys,
            entries,
            runs,
            ids: patterns.iter().map(|p| p.id).collect(),
            sources: patterns.iter().map(|p| p.text.as_str().into()).collect(),
            masks,
        })
    }

    /// Heap bytes held by the automaton and the entry tables.
    pub(crate) fn memory_usage(&self) -> usize {
        self.ac.as_ref().map_or(0, Automaton::memory_usage)
            + self.words.as_ref().map_or(0, WordKeys::memory_usage)
            + self.keys.capacity() * std::mem::size_of::<Key>()
            + self.entries.capacity() * std::mem::size_of::<Entry>()
            + self.runs.capacity() * 4
            + self.sources.iter().map(|s| s.len() + 16).sum::<usize>()
            + self.ids.capacity() * 4
            + self.masks.memory_usage()
    }

    /// Whether some key may be written with masked letters.
    pub(crate) fn has_masks(&self) -> bool {
        !self.masks.is_empty()
    }

    /// Finds the words of folded `raw` characters of `text` that hide
    /// letters of a one-word key behind masks (`f*ck`).
    pub(crate) fn scan_masks(&self, text: &str, raw: &[RawChar], out: &mut Vec<Match>) {
        masked_words(raw, |word| {
            let chars = &raw[word.start..word.end];
            let (Some(first), Some(last)) = (chars.first(), chars.last()) else {
                return;
            };
            self.masks.for_each_fit(&word.letters, |e| {
                let Some(entry) = self.entries.get(e) else {
                    return;
                };
                let (start, end) = (first.start as usize, last.end as usize);
                out.push(self.hit(entry, text, start, end, || {
                    let mut via = Steps::of(Step::Mask);
                    for (i, c) in chars.iter().enumerate() {
                        via |= c.steps;
                        if i > 0 {
                            via |= c.gap;
                        }
                    }
                    via
                }));
            });
        });
    }

    /// Finds every verified occurrence in `view` of the original `text`.
    pub(crate) fn scan(
        &self,
        text: &str,
        view: &View,
        scratch: &mut LiteralScratch,
        out: &mut Vec<Match>,
    ) {
        let LiteralScratch { chars, edges } = scratch;
        let mut check = Check {
            set: self,
            text,
            view,
            chars,
            out,
            cursor: 0,
        };
        if let Some(ac) = &self.ac {
            if self.ac_ascii || !view.text.is_ascii() {
                ac.for_each_overlapping(&view.text, |end, k| check.candidate(end, k, None));
            }
        }
        if let Some(keys) = &self.words {
            view.word_edges(edges);
            keys.for_each(&view.text, edges, |end, k, inflected| {
                check.candidate(end, k, inflected)
            });
        }
    }
}

/// The buffers a scan reuses: kept in the caller's scratch space.
#[derive(Clone, Debug, Default)]
pub(crate) struct LiteralScratch {
    /// The characters of a candidate.
    chars: Vec<ViewChar>,
    edges: WordEdges,
}

/// Verifies the candidates of one scan: occurrences of automaton keys in
/// the view's text.
struct Check<'a> {
    set: &'a LiteralSet,
    text: &'a str,
    view: &'a View,
    chars: &'a mut Vec<ViewChar>,
    out: &'a mut Vec<Match>,
    /// The entry holding the last candidate's end.
    cursor: usize,
}

impl Check<'_> {
    /// Checks an occurrence of key `k` ending at view byte `end`, pushing
    /// the matches it verifies; `inflected` when it is a stem an inflection
    /// suffix follows, to the end of the word.
    #[inline]
    fn candidate(&mut self, end: usize, k: usize, inflected: Option<Inflected>) {
        let Check {
            set,
            text,
            view,
            chars,
            out,
            cursor,
        } = self;
        let (text, view) = (*text, *view);
        let Some(&key) = set.keys.get(k) else {
            return;
        };
        let (lo, n) = (key.first as usize, key.chars as usize);
        let hi = lo + key.count as usize;
        let start = end.saturating_sub(key.len as usize);
        let from = start.checked_sub(1);
        // Each source gives candidates by increasing end, so a cursor finds
        // the entry holding `end` (or the last one) in a step or two.
        let entries = &view.entries;
        if entries.get(*cursor).is_some_and(|e| e.byte as usize > end) {
            *cursor = view.entry_at(end);
        }
        while entries
            .get(*cursor + 1)
            .is_some_and(|e| e.byte as usize <= end)
        {
            *cursor += 1;
        }
        let mut first = *cursor;
        let from_byte = from.unwrap_or(0);
        while first > 0 && entries[first].byte as usize > from_byte {
            first -= 1;
        }
        // Most candidates of short patterns lie inside a word: reject
        // those from the entries next to them, before expanding any
        // character.
        let word_before = from.is_some_and(|f| view.is_word_at(first, f));
        let word_after = view.is_word_at(*cursor, end);
        if (key.bound_left && word_before) || (key.bound_right && word_after && inflected.is_none())
        {
            return;
        }
        if let Some(inflected) = inflected {
            let stem = Stemmed {
                key,
                first,
                from,
                word_before,
            };
            inflected_hits(set, text, view, chars, out, stem, inflected);
            return;
        }
        // Most hits lie inside one span entry: characters as written, one
        // view character each, no repeats; they need no expansion.
        let mut last = *cursor;
        while last > 0 && entries[last].byte as usize >= end {
            last -= 1;
        }
        // Compound entries ask whether the word around the candidate is
        // innocent: once per candidate, and only if one asks.
        let view_start = start;
        let mut compound_ok = None;
        let mut compound_holds = |e: &Entry| {
            !e.variant_steps.contains(Step::Compound)
                || *compound_ok.get_or_insert_with(|| {
                    compound::holds(view, text, view_start, end, word_before, word_after)
                })
        };
        if let Some(span) = entries.get(last).filter(|e| {
            e.span && e.byte as usize <= start && end <= (e.byte + e.end - e.start) as usize
        }) {
            let start = (span.start + (start as u32 - span.byte)) as usize;
            let end = (span.start + (end as u32 - span.byte)) as usize;
            let Some(written) = text.get(start..end) else {
                return;
            };
            let case =
                match span.kind == Kind::Word && written.bytes().any(|b| b.is_ascii_uppercase()) {
                    true => Steps::of(Step::Case),
                    false => Steps::NONE,
                };
            for e in &set.entries[lo..hi] {
                if (e.bound_left && word_before)
                    || (e.bound_right && word_after)
                    || e.stem.needs_suffix()
                    || set.runs(e, n).iter().any(|&r| r != 1)
                    || !compound_holds(e)
                {
                    continue;
                }
                if set.guard_allows(e, text, start, end) {
                    out.push(set.hit(e, text, start, end, || case));
                }
            }
            return;
        }
        // The matched characters, after the one before them.
        chars.clear();
        chars.extend(
            view.chars_from_entry(text, first, from.unwrap_or(0))
                .skip(usize::from(from.is_some()))
                .take(n),
        );
        let matched = &chars[..];
        if matched.len() < n || n == 0 {
            return;
        }
        for e in &set.entries[lo..hi] {
            if (e.bound_left && word_before)
                || (e.bound_right && word_after)
                || e.stem.needs_suffix()
                || !compound_holds(e)
            {
                continue;
            }
            let runs = set.runs(e, n);
            // Inside a match a run must be as written, or three or more
            // (the repeat evasion). At an edge with no word boundary the
            // match may begin or end inside a longer run (`色情` in
            // `特色色情`, substring `as` in `aass`).
            let last = n - 1;
            let mut repeat = false;
            let runs_ok = matched.iter().zip(runs).enumerate().all(|(k, (c, &r))| {
                let open_edge = (k == 0 && !e.bound_left) || (k == last && !e.bound_right);
                if open_edge && c.run >= r {
                    return true;
                }
                repeat |= c.run != r;
                c.run == r || (c.run >= 3 && c.run > r)
            });
            if !runs_ok {
                continue;
            }
            let mut start = matched[0].start as usize;
            let mut end = matched[last].end as usize;
            // A one-character term keeps the whole run (every repeat is
            // an occurrence); a longer one starts at the repeat next to
            // the rest of the term.
            if !e.bound_left && last > 0 && matched[0].run > runs[0] {
                start = trim_run_start(
                    text,
                    start,
                    matched[0].end as usize,
                    matched[0].run - runs[0],
                );
            }
            if !e.bound_right && last > 0 && matched[last].run > runs[last] {
                end = trim_run_end(
                    text,
                    matched[last].start as usize,
                    end,
                    matched[last].run - runs[last],
                );
            }
            if !set.guard_allows(e, text, start, end) {
                continue;
            }
            out.push(set.hit(e, text, start, end, || {
                let mut via = Steps::NONE;
                for (i, c) in matched.iter().enumerate() {
                    via |= c.steps;
                    if i > 0 {
                        via |= c.gap;
                    }
                }
                if repeat {
                    via.insert(Step::Repeat);
                }
                via
            }));
        }
    }
}

/// A stem candidate: its key, the entry of the view that its first
/// character (or the one before it) is in, the view byte before it, and
/// whether a word character is there.
struct Stemmed {
    key: Key,
    first: usize,
    from: Option<usize>,
    word_before: bool,
}

/// Verifies a stem followed by an inflection suffix to the end of its
/// word (`fuck` in `fucking`), pushing a match of the whole word for each
/// entry that takes the suffix, whose runs hold (the stem's last run may
/// be doubled before `e`, `i` or `y`: `shitty`) and whose word the
/// innocent-word guard lets through (`cocky` is no `cock`).
fn inflected_hits(
    set: &LiteralSet,
    text: &str,
    view: &View,
    chars: &mut Vec<ViewChar>,
    out: &mut Vec<Match>,
    stem: Stemmed,
    inflected: Inflected,
) {
    let Stemmed {
        key,
        first,
        from,
        word_before,
    } = stem;
    let (lo, n) = (key.first as usize, key.chars as usize);
    let hi = lo + key.count as usize;
    let suffix = inflected.suffix;
    chars.clear();
    chars.extend(
        view.chars_from_entry(text, first, from.unwrap_or(0))
            .skip(usize::from(from.is_some()))
            .take_while(|c| (c.byte as usize) < inflected.word_end)
            .take(wordkeys::MAX_LEN + 8),
    );
    let matched = &chars[..];
    let (Some(head), Some(tail)) = (matched.first(), matched.last()) else {
        return;
    };
    // The view collapsed repeats: its suffix `es` may stand for `ess`
    // (`assess` is no `ass`). A suffix letter is written once, or three
    // or more times (the repeat evasion).
    if matched.len() <= n || n == 0 || matched[n..].iter().any(|c| c.run == 2) {
        return;
    }
    // The word the guard asks about: the last word of the match.
    let word_from = matched
        .iter()
        .rposition(|c| c.kind == Kind::Sep)
        .map_or(0, |p| p + 1);
    let form: Vec<(char, u32)> = matched[word_from..].iter().map(|c| (c.ch, c.run)).collect();
    let doubled = inflect::doubles_before(suffix.first);
    for e in &set.entries[lo..hi] {
        if (e.bound_left && word_before) || !inflect::takes(e.stem, suffix) {
            continue;
        }
        let runs = set.runs(e, n);
        let mut repeat = false;
        let runs_ok = matched[..n]
            .iter()
            .zip(runs)
            .enumerate()
            .all(|(k, (c, &r))| {
                let open = (k == 0 && !e.bound_left) || (k == n - 1 && doubled);
                if open && c.run >= r {
                    return true;
                }
                repeat |= c.run != r;
                c.run == r || (c.run >= 3 && c.run > r)
            });
        if !runs_ok {
            continue;
        }
        let mut term_word: String = matched[word_from.min(n)..n]
            .iter()
            .zip(&runs[word_from.min(n)..])
            .flat_map(|(c, &r)| std::iter::repeat_n(c.ch, r as usize))
            .collect();
        e.stem.restore(&mut term_word);
        if !english::inflection_allowed(&form, &term_word, suffix.kind) {
            continue;
        }
        out.push(
            set.hit(e, text, head.start as usize, tail.end as usize, || {
                let mut via = Steps::of(Step::Inflection);
                for (i, c) in matched.iter().enumerate() {
                    via |= c.steps;
                    if i > 0 {
                        via |= c.gap;
                    }
                }
                if repeat {
                    via.insert(Step::Repeat);
                }
                via
            }),
        );
    }
}

impl LiteralSet {
    /// The run lengths of entry `e`, whose key has `n` characters.
    fn runs(&self, e: &Entry, n: usize) -> &[u32] {
        let at = e.runs_at as usize;
        self.runs.get(at..at + n).unwrap_or_default()
    }

    /// Whether the Han innocent-word guard lets a match of entry `e` at
    /// `start..end` stand; homophone, initial and split variants are
    /// judged strictly, and same-sound ones must be plausible evasions.
    #[inline]
    fn guard_allows(&self, e: &Entry, text: &str, start: usize, end: usize) -> bool {
        const STRICT: Steps = Steps::of(Step::Homophone)
            .union(Steps::of(Step::Initial))
            .union(Steps::of(Step::Split));
        let term = &self.sources[e.pattern as usize];
        let strict = e.variant_steps.0 & STRICT.0 != 0;
        let same_sound = || homophones::plausible(text.get(start..end).unwrap_or_default(), term);
        (!e.guard || guard::allows(text, start, end, term, strict))
            && (!e.variant_steps.contains(Step::Homophone) || same_sound())
    }

    /// The match of entry `e` at `start..end` of the original `text`: no
    /// steps if that is the pattern as written, else those its characters
    /// needed (`steps`) and its variant's, less the pattern's own.
    #[inline]
    fn hit(
        &self,
        e: &Entry,
        text: &str,
        start: usize,
        end: usize,
        steps: impl FnOnce() -> Steps,
    ) -> Match {
        let pi = e.pattern as usize;
        // A compound is reported as such even where the term is as written.
        let as_written = text.get(start..end) == Some(&*self.sources[pi])
            && !e.variant_steps.contains(Step::Compound);
        let via = match as_written {
            true => Steps::NONE,
            false => (e.variant_steps | steps()).without(e.pattern_steps),
        };
        Match {
            pattern: self.ids[pi],
            start,
            end,
            via,
            words: (0, 0),
        }
    }
}

/// Skips the first `extra` characters of a run spanning `start..end`, when
/// the run is one original character repeated (else keeps it whole).
fn trim_run_start(text: &str, start: usize, end: usize, extra: u32) -> usize {
    match text.get(start..end) {
        Some(run) if single_chars(run) => run
            .char_indices()
            .nth(extra as usize)
            .map_or(start, |(i, _)| start + i),
        _ => start,
    }
}

/// Drops the last `extra` characters of a run spanning `start..end`, when
/// the run is one original character repeated.
fn trim_run_end(text: &str, start: usize, end: usize, extra: u32) -> usize {
    match text.get(start..end) {
        Some(run) if single_chars(run) && extra > 0 => run
            .char_indices()
            .rev()
            .nth(extra as usize - 1)
            .map_or(end, |(i, _)| start + i),
        _ => end,
    }
}

/// Whether every character of `run` is the same (no separators, invisible
/// characters or multi-character foldings inside it).
fn single_chars(run: &str) -> bool {
    let mut it = run.chars();
    let first = it.next();
    it.all(|c| Some(c) == first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_spellings() {
        let v = pinyin_variants("赌博");
        for want in ["dubo", "du bo", "赌bo", "du博"] {
            assert!(v.contains(&want.to_string()), "{want} missing from {v:?}");
        }
    }

    /// Scans `text` in every kind of view `set` may see.
    fn scan_views(set: &LiteralSet, text: &str) -> Vec<(usize, usize, u32, u32)> {
        let mut scratch = LiteralScratch::default();
        let mut all = Vec::new();
        for v in &View::every_kind(text) {
            let mut out = Vec::new();
            set.scan(text, v, &mut scratch, &mut out);
            all.extend(out.iter().map(|m| (m.start, m.end, m.pattern.0, m.via.0)));
        }
        all.sort_unstable();
        all
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        /// Word-bounded keys looked up at word edges are found exactly
        /// where the automaton finds them.
        #[test]
        fn word_keys_find_what_the_automaton_finds(
            terms in proptest::collection::vec("([acs]{1,3}|[ .@1]|[赌博]){1,4}", 1..6),
            flags in proptest::collection::vec(0u8..8, 6),
            pieces in proptest::collection::vec((0usize..12, proptest::bits::u8::ANY), 0..12),
        ) {
            // Texts of the terms themselves, some letters written as
            // leetspeak symbols or upper case, among other characters.
            const OTHER: [&str; 6] = [" ", "x", "a", ".", "\u{200b}", "賭"];
            let mut text = String::new();
            for &(pick, mask) in &pieces {
                let Some(term) = terms.get(pick) else {
                    text.push_str(OTHER[pick % OTHER.len()]);
                    continue;
                };
                for (i, c) in term.chars().enumerate() {
                    let leet = mask >> (i % 8) & 1 == 1;
                    match (c, leet) {
                        ('a', true) => text.push('@'),
                        ('s', true) => text.push('$'),
                        ('c', true) => text.push('('),
                        (c, true) => text.extend(c.to_uppercase()),
                        (c, false) => text.push(c),
                    }
                }
            }
            let patterns: Vec<Pattern> = terms
                .iter()
                .zip(&flags)
                .enumerate()
                .map(|(i, (t, &f))| {
                    let p = match f & 1 {
                        0 => Pattern::keyword(PatternId(i as u32), t),
                        _ => Pattern::substring(PatternId(i as u32), t),
                    };
                    // Inflection stems are word keys only (the automaton
                    // route has none): compare the rest.
                    p.pinyin(f & 2 != 0).inflections(false)
                })
                .collect();
            for normalize in [true, false] {
                let refs: Vec<&Pattern> = patterns.iter().collect();
                let (Ok(words), Ok(automaton)) = (
                    LiteralSet::build_with(&refs, normalize, wordkeys::MAX_LEN, false),
                    LiteralSet::build_with(&refs, normalize, 0, false),
                ) else {
                    continue;
                };
                proptest::prop_assert_eq!(
                    scan_views(&words, &text),
                    scan_views(&automaton, &text),
                    "terms {:?} in {:?}", terms, text
                );
            }
        }
    }

    #[test]
    fn i_for_l_merges_runs() {
        let f = Folded::of("kill", true);
        let v = f.with_i_for_l(&[2]);
        assert_eq!(
            v.chars.iter().map(|c| (c.0, c.1)).collect::<Vec<_>>(),
            vec![('k', 1), ('i', 3)]
        );
    }

    #[test]
    fn l_choices_are_every_subset_of_three_or_all() {
        assert!(l_choices(&[]).is_empty());
        let three = l_choices(&[1, 4, 6]);
        assert_eq!(three.len(), 7);
        assert!(three.contains(&vec![1, 6]) && three.contains(&vec![1, 4, 6]));
        let many: Vec<usize> = (0..70).collect();
        assert_eq!(l_choices(&many), [many]);
    }
}
