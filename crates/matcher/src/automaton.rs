//! The literal automaton behind a [`LiteralSet`](crate::literal::LiteralSet):
//! whichever measured fastest for the set's size (docs/PERFORMANCE.md).

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use daachorse::{CharwiseDoubleArrayAhoCorasick, DoubleArrayAhoCorasick};

/// Most automaton patterns for which aho-corasick's full DFA is built.
const DFA_MAX_PATTERNS: usize = 2_000;

/// Most automaton patterns for which daachorse's double array is built:
/// its builder peaks at ~1.5x the resident memory of aho-corasick's
/// (256 against 177 MiB for the 293k patterns of 100k keywords), so the
/// largest sets keep aho-corasick's contiguous NFA.
const DOUBLE_ARRAY_MAX_PATTERNS: usize = 100_000;

/// An overlapping multi-pattern automaton over folded views.
pub(crate) enum Automaton {
    /// aho-corasick: its DFA is the fastest while its table fits in cache;
    /// its NFA serves the largest sets, and any set daachorse refuses.
    /// Pattern `i` reports value `values[i]`.
    AhoCorasick { ac: AhoCorasick, values: Vec<u32> },
    /// daachorse's double arrays: ~1.5x faster than aho-corasick's NFA on
    /// sets too large for the DFA, and smaller. The bytewise one scans
    /// ASCII texts; the charwise one, built when some pattern is not ASCII,
    /// scans the others (on Chinese posts it is ~1.3x faster again).
    DoubleArray {
        bytewise: DoubleArrayAhoCorasick<u32>,
        charwise: Option<Box<CharwiseDoubleArrayAhoCorasick<u32>>>,
    },
}

impl Automaton {
    /// Compiles `patterns`: strings (distinct and non-empty), each with
    /// the value its occurrences report.
    pub(crate) fn build(patterns: &[(&str, u32)]) -> Result<Automaton, String> {
        if (DFA_MAX_PATTERNS + 1..=DOUBLE_ARRAY_MAX_PATTERNS).contains(&patterns.len()) {
            if let Ok(bytewise) = DoubleArrayAhoCorasick::with_values(patterns.iter().copied()) {
                let charwise = if patterns.iter().all(|(s, _)| s.is_ascii()) {
                    None
                } else {
                    CharwiseDoubleArrayAhoCorasick::with_values(patterns.iter().copied())
                        .ok()
                        .map(Box::new)
                };
                return Ok(Automaton::DoubleArray { bytewise, charwise });
            }
        }
        let kind = (patterns.len() <= DFA_MAX_PATTERNS).then_some(AhoCorasickKind::DFA);
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(kind)
            .build(patterns.iter().map(|(s, _)| s))
            .map(|ac| Automaton::AhoCorasick {
                ac,
                values: patterns.iter().map(|(_, v)| *v).collect(),
            })
            .map_err(|e| e.to_string())
    }

    /// Calls `f(end, pattern)` for every occurrence of every pattern in
    /// `haystack`, overlapping ones included, by increasing `end`.
    #[inline]
    pub(crate) fn for_each_overlapping(&self, haystack: &str, mut f: impl FnMut(usize, usize)) {
        match self {
            Automaton::AhoCorasick { ac, values } => {
                for m in ac.find_overlapping_iter(haystack) {
                    if let Some(&v) = values.get(m.pattern().as_usize()) {
                        f(m.end(), v as usize);
                    }
                }
            }
            Automaton::DoubleArray { bytewise, charwise } => match charwise {
                Some(charwise) if !haystack.is_ascii() => {
                    for m in charwise.find_overlapping_iter(haystack) {
                        f(m.end(), m.value() as usize);
                    }
                }
                _ => {
                    for m in bytewise.find_overlapping_iter(haystack) {
                        f(m.end(), m.value() as usize);
                    }
                }
            },
        }
    }

    /// Heap bytes held.
    pub(crate) fn memory_usage(&self) -> usize {
        match self {
            Automaton::AhoCorasick { ac, values } => ac.memory_usage() + values.capacity() * 4,
            Automaton::DoubleArray { bytewise, charwise } => {
                bytewise.heap_bytes() + charwise.as_ref().map_or(0, |c| c.heap_bytes())
            }
        }
    }
}

impl std::fmt::Debug for Automaton {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Automaton::AhoCorasick { ac, .. } => ac.fmt(f),
            Automaton::DoubleArray { bytewise, .. } => {
                write!(
                    f,
                    "DoubleArrayAhoCorasick({} states)",
                    bytewise.num_states()
                )
            }
        }
    }
}
