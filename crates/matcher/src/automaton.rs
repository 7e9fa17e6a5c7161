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
    AhoCorasick(AhoCorasick),
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
    /// Compiles `strings` (distinct and non-empty); pattern `k` is
    /// `strings[k]`.
    pub(crate) fn build(strings: &[String]) -> Result<Automaton, String> {
        if (DFA_MAX_PATTERNS + 1..=DOUBLE_ARRAY_MAX_PATTERNS).contains(&strings.len()) {
            if let Ok(bytewise) = DoubleArrayAhoCorasick::new(strings) {
                let charwise = if strings.iter().all(|s| s.is_ascii()) {
                    None
                } else {
                    CharwiseDoubleArrayAhoCorasick::new(strings)
                        .ok()
                        .map(Box::new)
                };
                return Ok(Automaton::DoubleArray { bytewise, charwise });
            }
        }
        let kind = (strings.len() <= DFA_MAX_PATTERNS).then_some(AhoCorasickKind::DFA);
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(kind)
            .build(strings)
            .map(Automaton::AhoCorasick)
            .map_err(|e| e.to_string())
    }

    /// Calls `f(end, pattern)` for every occurrence of every pattern in
    /// `haystack`, overlapping ones included, by increasing `end`.
    #[inline]
    pub(crate) fn for_each_overlapping(&self, haystack: &str, mut f: impl FnMut(usize, usize)) {
        match self {
            Automaton::AhoCorasick(ac) => {
                for m in ac.find_overlapping_iter(haystack) {
                    f(m.end(), m.pattern().as_usize());
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
            Automaton::AhoCorasick(ac) => ac.memory_usage(),
            Automaton::DoubleArray { bytewise, charwise } => {
                bytewise.heap_bytes() + charwise.as_ref().map_or(0, |c| c.heap_bytes())
            }
        }
    }
}

impl std::fmt::Debug for Automaton {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Automaton::AhoCorasick(ac) => ac.fmt(f),
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
