//! Judging conditions over one post's hits, in time linear in the hits:
//! each condition is evaluated once per rule, collecting its evidence (the
//! hits that show why it holds) on the way, and `near` slides one window
//! over its hits sorted by word position.

use redline_matcher::Steps;

use crate::rule::CompiledCond;

/// One pattern match in one scanned text of the post.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hit {
    pub(crate) pattern: u32,
    /// Index into the post's scanned instances.
    pub(crate) instance: u32,
    /// Field id of the instance.
    pub(crate) field: u32,
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) via: Steps,
    pub(crate) words: (u32, u32),
}

/// Buffers reused from post to post.
#[derive(Debug, Default)]
pub(crate) struct EvalScratch {
    /// `near` hits as `hit << 32 | group`: sorted, they are in scan
    /// order, which is (text, word) order.
    placed: Vec<u64>,
    counts: Vec<u32>,
    in_rule: Vec<bool>,
}

/// Packs a hit index under its pattern: sorted, such keys group the hits
/// by pattern, each pattern's in scan order.
pub(crate) fn by_pattern_key(hit: &Hit, index: usize) -> u64 {
    u64::from(hit.pattern) << 32 | index as u64
}

/// The hits of one post and the rule being judged.
pub(crate) struct Ctx<'a> {
    /// In scan order: by text, then start, end and pattern.
    hits: &'a [Hit],
    /// [`by_pattern_key`] of every hit, sorted.
    by_pattern: &'a [u64],
    scratch: &'a mut EvalScratch,
    /// Units of work done: hits examined and window steps. Linear in the
    /// hits, which are linear in the post (see `tests/linear.rs`).
    pub(crate) work: u64,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        hits: &'a [Hit],
        by_pattern: &'a [u64],
        field_count: usize,
        scratch: &'a mut EvalScratch,
    ) -> Self {
        scratch.in_rule.clear();
        scratch.in_rule.resize(field_count, false);
        Ctx {
            hits,
            by_pattern,
            scratch,
            work: 0,
        }
    }

    /// Restricts the hits that count to those in `fields` (a rule's).
    pub(crate) fn set_fields(&mut self, fields: &[u32]) {
        self.scratch.in_rule.fill(false);
        for &f in fields {
            if let Some(slot) = self.scratch.in_rule.get_mut(f as usize) {
                *slot = true;
            }
        }
    }

    /// Indices of the hits of pattern `p`, in scan order.
    fn pattern_hits(&self, p: u32) -> impl Iterator<Item = u32> + 'a {
        let keys = self.by_pattern;
        let range = keys.partition_point(|k| k >> 32 < u64::from(p))
            ..keys.partition_point(|k| k >> 32 <= u64::from(p));
        keys[range].iter().map(|&k| k as u32)
    }

    /// Whether hit `i` is in a field of the rule.
    fn counts(&self, i: u32) -> bool {
        self.scratch.in_rule[self.hits[i as usize].field as usize]
    }

    /// Whether `cond` holds; when `collect`, the indices of the hits that
    /// show why are appended to `out` (nothing is appended when it does
    /// not hold). Each hit of each term is examined at most once per call.
    pub(crate) fn eval(&mut self, cond: &CompiledCond, collect: bool, out: &mut Vec<u32>) -> bool {
        let mark = out.len();
        let held = match cond {
            CompiledCond::Terms { patterns, min } => self.terms(patterns, *min, collect, out),
            CompiledCond::Any(subs) => {
                let mut any = false;
                for sub in subs {
                    let before = out.len();
                    if self.eval(sub, collect, out) {
                        any = true;
                        if !collect {
                            break;
                        }
                    } else {
                        out.truncate(before);
                    }
                }
                any
            }
            CompiledCond::All(subs) => subs.iter().all(|sub| self.eval(sub, collect, out)),
            CompiledCond::Not(sub) => !self.eval(sub, false, out),
            CompiledCond::Near { groups, within } => self.near(groups, *within, collect, out),
        };
        if !held {
            out.truncate(mark);
        }
        held
    }

    /// At least `min` distinct patterns with a hit in the rule's fields;
    /// the evidence is every such hit.
    fn terms(&mut self, patterns: &[u32], min: usize, collect: bool, out: &mut Vec<u32>) -> bool {
        let mut n = 0;
        for &p in patterns {
            let mut found = false;
            for i in self.pattern_hits(p) {
                self.work += 1;
                if self.counts(i) {
                    found = true;
                    if !collect {
                        break;
                    }
                    out.push(i);
                }
            }
            n += usize::from(found);
            if n >= min && !collect {
                return true;
            }
        }
        n >= min
    }

    /// Whether, in one scanned text, every group has a hit, all starting
    /// within `within` words of the first; the evidence is every hit of
    /// every such window. One pass of a window over the hits sorted by
    /// (text, word): each hit enters and leaves it once.
    fn near(
        &mut self,
        groups: &[Vec<u32>],
        within: u32,
        collect: bool,
        out: &mut Vec<u32>,
    ) -> bool {
        let mut placed = std::mem::take(&mut self.scratch.placed);
        placed.clear();
        for (g, patterns) in groups.iter().enumerate() {
            for &p in patterns {
                for i in self.pattern_hits(p) {
                    self.work += 1;
                    if self.counts(i) {
                        placed.push(u64::from(i) << 32 | g as u64);
                    }
                }
            }
        }
        placed.sort_unstable();
        let at = |k: u64| {
            let h = &self.hits[(k >> 32) as usize];
            (h.instance, h.words.0, k as u32 as usize)
        };
        let counts = &mut self.scratch.counts;
        counts.clear();
        counts.resize(groups.len(), 0);
        let mut present = 0usize;
        let (mut lo, mut hi, mut emitted) = (0usize, 0usize, 0usize);
        let mut held = false;
        let mut a = 0usize;
        // Each anchor is the first hit at a new (text, word); the window
        // holds the hits of that text from its word to `within` words on.
        while a < placed.len() {
            let (instance, word, _) = at(placed[a]);
            while lo < a {
                let g = at(placed[lo]).2;
                counts[g] -= 1;
                present -= usize::from(counts[g] == 0);
                lo += 1;
                self.work += 1;
            }
            while hi < placed.len() {
                let (i, w, g) = at(placed[hi]);
                if i != instance || w.saturating_sub(word) > within {
                    break;
                }
                present += usize::from(counts[g] == 0);
                counts[g] += 1;
                hi += 1;
                self.work += 1;
            }
            if present == groups.len() {
                held = true;
                if !collect {
                    break;
                }
                out.extend(placed[emitted.max(a)..hi].iter().map(|&k| (k >> 32) as u32));
                emitted = hi;
            }
            a += 1;
            while a < placed.len() && at(placed[a]).0 == instance && at(placed[a]).1 == word {
                a += 1;
            }
        }
        self.scratch.placed = placed;
        held
    }
}
