//! The compiled matcher, its builder and per-thread scratch space.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::chinese::homophones;
use crate::fold::{fold, RawChar};
use crate::literal::{LiteralError, LiteralScratch, LiteralSet};
use crate::pattern::{Pattern, PatternId, PatternKind};
use crate::regexes::{RegexBank, RegexCaches};
use crate::steps::Steps;
use crate::view::{View, WordCursor};

/// One occurrence of a pattern in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    pub(crate) pattern: PatternId,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) via: Steps,
    pub(crate) words: (u32, u32),
}

impl Match {
    /// The pattern that matched.
    pub fn pattern(&self) -> PatternId {
        self.pattern
    }

    /// Start byte offset in the original text (on a character boundary).
    pub fn start(&self) -> usize {
        self.start
    }

    /// End byte offset (exclusive) in the original text.
    pub fn end(&self) -> usize {
        self.end
    }

    /// The normalization steps the match needed; empty when the text
    /// matched as written.
    pub fn via(&self) -> Steps {
        self.via
    }

    /// Indices of the first and last word the match covers, counting
    /// tokens of spaced scripts and single Han or Kana characters.
    pub fn words(&self) -> (u32, u32) {
        self.words
    }
}

/// Why a matcher could not be built: every problem found, not the first.
#[derive(Clone, Debug)]
pub struct BuildError {
    problems: Vec<Problem>,
}

/// One problem found while building a matcher.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pattern: Option<PatternId>,
    message: String,
}

impl Problem {
    /// The pattern at fault, when one is.
    pub fn pattern(&self) -> Option<PatternId> {
        self.pattern
    }

    /// What is wrong, for people.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl BuildError {
    fn new(problems: Vec<Problem>) -> BuildError {
        BuildError { problems }
    }

    /// Every problem found.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            match p.pattern {
                Some(id) => write!(f, "pattern {}: {}", id.0, p.message)?,
                None => f.write_str(&p.message)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

/// Configures and builds a [`Matcher`].
///
/// # Examples
///
/// ```
/// use redline_matcher::{Matcher, Pattern, PatternId};
///
/// let matcher = Matcher::builder()
///     .regex_size_limit(1 << 20)
///     .build([Pattern::regex(PatternId(0), r"1[3-9]\d{9}")])?;
/// assert_eq!(matcher.find_all("call 13812345678").len(), 1);
/// # Ok::<(), redline_matcher::BuildError>(())
/// ```
#[derive(Clone, Debug)]
pub struct MatcherBuilder {
    regex_size_limit: usize,
    max_patterns: usize,
}

impl Default for MatcherBuilder {
    fn default() -> Self {
        MatcherBuilder {
            regex_size_limit: 10 << 20,
            max_patterns: 1_000_000,
        }
    }
}

impl MatcherBuilder {
    /// A builder with default limits.
    pub fn new() -> MatcherBuilder {
        MatcherBuilder::default()
    }

    /// Largest compiled size, in bytes, of one regex (default 10 MiB).
    pub fn regex_size_limit(&mut self, bytes: usize) -> &mut MatcherBuilder {
        self.regex_size_limit = bytes;
        self
    }

    /// Most patterns one matcher accepts (default one million).
    pub fn max_patterns(&mut self, n: usize) -> &mut MatcherBuilder {
        self.max_patterns = n;
        self
    }

    /// Compiles `patterns` into a matcher.
    ///
    /// # Errors
    ///
    /// Every pattern that is empty once folded, every regex that does not
    /// parse or exceeds the size limit, and too many patterns, all at once.
    pub fn build(
        &self,
        patterns: impl IntoIterator<Item = Pattern>,
    ) -> Result<Matcher, BuildError> {
        let patterns: Vec<Pattern> = patterns.into_iter().collect();
        if patterns.len() > self.max_patterns {
            return Err(BuildError::new(vec![Problem {
                pattern: None,
                message: format!(
                    "{} patterns exceed the limit of {}",
                    patterns.len(),
                    self.max_patterns
                ),
            }]));
        }
        let pick = |regex: bool, normalize: bool| -> Vec<&Pattern> {
            patterns
                .iter()
                .filter(|p| (p.kind == PatternKind::Regex) == regex && p.normalize == normalize)
                .collect()
        };
        let mut problems = Vec::new();
        let mut literals = |set: Vec<&Pattern>, normalize: bool| -> Option<LiteralSet> {
            if set.is_empty() {
                return None;
            }
            match LiteralSet::build(&set, normalize) {
                Ok(s) => Some(s),
                Err(errs) => {
                    problems.extend(errs.into_iter().map(|e| match e {
                        LiteralError::Empty(id) => Problem {
                            pattern: Some(id),
                            message: "the term is empty once separators and invisible characters are removed".into(),
                        },
                        LiteralError::Automaton(m) => Problem { pattern: None, message: m },
                    }));
                    None
                }
            }
        };
        let folded = literals(pick(false, true), true);
        let exact = literals(pick(false, false), false);
        let mut regexes = |set: Vec<&Pattern>| -> Option<RegexBank> {
            if set.is_empty() {
                return None;
            }
            match RegexBank::build(&set, self.regex_size_limit) {
                Ok(b) => Some(b),
                Err(errs) => {
                    problems.extend(errs.into_iter().map(|(id, message)| Problem {
                        pattern: Some(id),
                        message,
                    }));
                    None
                }
            }
        };
        let regex_original = regexes(pick(true, false));
        let regex_folded = regexes(pick(true, true));
        let sounds = sound_set(&patterns, &mut problems);
        if !problems.is_empty() {
            return Err(BuildError::new(problems));
        }
        static NEXT_UID: AtomicU64 = AtomicU64::new(1);
        Ok(Matcher(Arc::new(Inner {
            uid: NEXT_UID.fetch_add(1, Ordering::Relaxed),
            folded,
            sounds,
            exact,
            regex_original,
            regex_folded,
            pattern_count: patterns.len(),
        })))
    }
}

#[derive(Debug)]
struct Inner {
    uid: u64,
    folded: Option<LiteralSet>,
    /// Same-sound spellings of the patterns that ask for homophones,
    /// scanned in the sound view.
    sounds: Option<LiteralSet>,
    exact: Option<LiteralSet>,
    regex_original: Option<RegexBank>,
    regex_folded: Option<RegexBank>,
    pattern_count: usize,
}

/// An immutable, compiled set of patterns.
///
/// Build once, share everywhere: `Matcher` is `Send + Sync` and cloning it
/// copies a pointer. Scanning needs a [`Scratch`] per thread.
///
/// # Guarantees
///
/// - Every pattern that matches is reported, at every place it matches
///   (overlapping Aho-Corasick, not leftmost-first).
/// - Spans are byte offsets into the original text, on character
///   boundaries.
/// - Scan time is linear in the text length: pattern variants (pinyin,
///   leetspeak readings) are expanded at build time, never per scan.
/// - No text makes a scan panic.
///
/// # Resource usage
///
/// See `docs/PERFORMANCE.md` for measured build times, memory and
/// throughput; [`Matcher::memory_usage`] reports the heap held.
#[derive(Clone, Debug)]
pub struct Matcher(Arc<Inner>);

impl Matcher {
    /// Compiles `patterns` with default limits.
    ///
    /// # Errors
    ///
    /// As [`MatcherBuilder::build`].
    pub fn new(patterns: impl IntoIterator<Item = Pattern>) -> Result<Matcher, BuildError> {
        MatcherBuilder::new().build(patterns)
    }

    /// A builder to set limits.
    pub fn builder() -> MatcherBuilder {
        MatcherBuilder::new()
    }

    /// Number of patterns compiled.
    pub fn pattern_count(&self) -> usize {
        self.0.pattern_count
    }

    /// Approximate heap bytes held by the compiled automata and tables.
    pub fn memory_usage(&self) -> usize {
        self.0.folded.as_ref().map_or(0, LiteralSet::memory_usage)
            + self.0.sounds.as_ref().map_or(0, LiteralSet::memory_usage)
            + self.0.exact.as_ref().map_or(0, LiteralSet::memory_usage)
            + self
                .0
                .regex_original
                .as_ref()
                .map_or(0, RegexBank::memory_usage)
            + self
                .0
                .regex_folded
                .as_ref()
                .map_or(0, RegexBank::memory_usage)
    }

    /// Scratch space for scanning with this matcher on one thread.
    pub fn create_scratch(&self) -> Scratch {
        Scratch {
            owner: self.0.uid,
            raw: Vec::new(),
            view: View::default(),
            joined: View::default(),
            sounds: View::default(),
            exact: View::default(),
            literal: LiteralScratch::default(),
            original_caches: self.0.regex_original.as_ref().map(RegexBank::create_caches),
            folded_caches: self.0.regex_folded.as_ref().map(RegexBank::create_caches),
        }
    }

    /// Every match in `text`, using a fresh scratch. For many texts, reuse
    /// a [`Scratch`] with [`Matcher::scan`].
    pub fn find_all(&self, text: &str) -> Vec<Match> {
        let mut out = Vec::new();
        self.scan(text, &mut self.create_scratch(), &mut out);
        out
    }

    /// Writes every match in `text` to `out` (cleared first), sorted by
    /// start, end and pattern, each `(pattern, span)` once.
    ///
    /// A scratch made by another matcher is reset, not misused.
    pub fn scan(&self, text: &str, scratch: &mut Scratch, out: &mut Vec<Match>) {
        out.clear();
        if scratch.owner != self.0.uid {
            *scratch = self.create_scratch();
        }
        let text = clamp(text);
        let inner = &*self.0;
        // Most posts (ASCII and plain Chinese) skip the per-character fold.
        let simple = scratch.view.build_simple(text);
        if !simple {
            fold(text, &mut scratch.raw);
            scratch.view.build(&scratch.raw, false);
        }
        if let Some(set) = &inner.folded {
            set.scan(text, &scratch.view, &mut scratch.literal, out);
            // The other readings need the folded characters: joined words,
            // and masks (looked for in every text folded anyway).
            let masks = set.has_masks() && (!simple || scratch.view.maybe_masked);
            if scratch.view.joinable || masks {
                if simple {
                    fold(text, &mut scratch.raw);
                }
                if scratch.view.joinable {
                    scratch.joined.build(&scratch.raw, true);
                    set.scan(text, &scratch.joined, &mut scratch.literal, out);
                }
                if masks {
                    set.scan_masks(text, &scratch.raw, out);
                }
            }
        }
        // Same-sound hits that the folded view found as written too sort
        // after them, and the dedup below keeps the first.
        if let Some(set) = &inner.sounds {
            if !scratch.view.text.is_ascii() {
                homophones::build_view(&scratch.view, &mut scratch.sounds);
                set.scan(text, &scratch.sounds, &mut scratch.literal, out);
            }
        }
        if let Some(set) = &inner.exact {
            scratch.exact.build_exact(text);
            set.scan(text, &scratch.exact, &mut scratch.literal, out);
        }
        if let (Some(bank), Some(caches)) = (&inner.regex_original, &mut scratch.original_caches) {
            bank.scan(text, caches, |pattern, start, end| {
                out.push(Match {
                    pattern,
                    start,
                    end,
                    via: Steps::NONE,
                    words: (0, 0),
                })
            });
        }
        if let (Some(bank), Some(caches)) = (&inner.regex_folded, &mut scratch.folded_caches) {
            let view = &scratch.view;
            bank.scan(&view.text, caches, |pattern, s, e| {
                let mut span: Option<(u32, u32)> = None;
                let mut via = Steps::NONE;
                for c in view
                    .chars_from(text, s)
                    .take_while(|c| (c.byte as usize) < e)
                {
                    span = Some((span.map_or(c.start, |(start, _)| start), c.end));
                    via |= c.steps | c.gap;
                }
                if let Some((start, end)) = span {
                    out.push(Match {
                        pattern,
                        start: start as usize,
                        end: end as usize,
                        via,
                        words: (0, 0),
                    });
                }
            });
        }
        // Stable: of equal spans, the first found is kept.
        out.sort_by_key(|m| (m.start, m.end, m.pattern));
        out.dedup_by_key(|m| (m.start, m.end, m.pattern));
        crate::english::compound::drop_contained(out);
        let view = &scratch.view;
        let mut cursor = WordCursor::default();
        for m in out.iter_mut() {
            let first = view.word_at(m.start, &mut cursor);
            let mut to = cursor;
            m.words = (
                first,
                view.word_at(m.end.saturating_sub(1).max(m.start), &mut to),
            );
        }
    }
}

/// The literal set of the same-sound spellings of the normalized literals
/// that ask for homophones; problems were reported by the folded set.
fn sound_set(patterns: &[Pattern], problems: &mut Vec<Problem>) -> Option<LiteralSet> {
    let asking: Vec<&Pattern> = patterns
        .iter()
        .filter(|p| p.kind != PatternKind::Regex && p.normalize && p.evasions.homophones)
        .filter(|p| !homophones::variants(&p.text).is_empty())
        .collect();
    if asking.is_empty() {
        return None;
    }
    match LiteralSet::build_sounds(&asking) {
        Ok(set) => Some(set),
        Err(errs) => {
            problems.extend(errs.into_iter().filter_map(|e| match e {
                LiteralError::Automaton(message) => Some(Problem {
                    pattern: None,
                    message,
                }),
                LiteralError::Empty(_) => None,
            }));
            None
        }
    }
}

/// Offsets are `u32`; a text beyond 4 GiB is scanned up to that size.
fn clamp(text: &str) -> &str {
    let max = u32::MAX as usize;
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Per-thread scanning state: reusable buffers and regex caches.
///
/// Create one per worker with [`Matcher::create_scratch`] (in rayon,
/// `map_init`), so no lock or shared cache sits on the scan path.
#[derive(Debug)]
pub struct Scratch {
    owner: u64,
    raw: Vec<RawChar>,
    view: View,
    joined: View,
    /// The sound view, built only for matchers with homophone patterns.
    sounds: View,
    exact: View,
    /// Buffers of literal scans.
    literal: LiteralScratch,
    original_caches: Option<RegexCaches>,
    folded_caches: Option<RegexCaches>,
}
