//! Building a matcher from a few arbitrary patterns (errors are fine) and
//! scanning an arbitrary text: no panic, every span a non-empty slice of
//! the text on character boundaries, output sorted and deduplicated, a
//! reused scratch gives what a fresh one gives, and exact ASCII
//! substrings find what a naive search finds.
#![no_main]

use std::fmt;

use arbitrary::Arbitrary;
use libfuzzer_sys::{fuzz_target, Corpus};
use redline_matcher::{Matcher, Pattern, PatternId};

#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Keyword,
    Substring,
    Regex,
}

#[derive(Arbitrary)]
struct FuzzPattern {
    kind: Kind,
    text: String,
    normalize: bool,
    word_bounded: bool,
    pinyin: bool,
    evasions: Evasions,
}

/// The evasion options of SPEC 4.1 (`Pattern::inflections` and the rest).
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
struct Evasions {
    inflections: bool,
    compounds: bool,
    sounds_like: bool,
    homophones: bool,
    initials: bool,
    split: bool,
}

impl Evasions {
    fn any(self) -> bool {
        self.inflections
            || self.compounds
            || self.sounds_like
            || self.homophones
            || self.initials
            || self.split
    }
}

#[derive(Arbitrary)]
struct FuzzCase {
    patterns: Vec<FuzzPattern>,
    text: String,
}

/// Most patterns used from one input.
const MAX_PATTERNS: usize = 6;
/// Inputs holding more text than this are rejected (16 KiB).
const MAX_INPUT: usize = 16 << 10;
/// Regex size limit: large enough to be real, small enough to stay fast.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

impl FuzzPattern {
    fn build(&self, id: u32) -> Pattern {
        let id = PatternId(id);
        let p = match self.kind {
            Kind::Keyword => Pattern::keyword(id, &self.text),
            Kind::Substring => Pattern::substring(id, &self.text),
            Kind::Regex => Pattern::regex(id, &self.text),
        };
        let e = self.evasions;
        p.normalize(self.normalize)
            .word_bounded(self.word_bounded)
            .pinyin(self.pinyin)
            .inflections(e.inflections)
            .compounds(e.compounds)
            .sounds_like(e.sounds_like)
            .homophones(e.homophones)
            .initials(e.initials)
            .split(e.split)
    }

    /// Whether a naive search can say exactly what this pattern finds.
    fn is_plain_exact(&self) -> bool {
        self.kind == Kind::Substring
            && !self.normalize
            && !self.word_bounded
            && !self.evasions.any()
            && self.text.is_ascii()
    }
}

impl FuzzCase {
    fn patterns(&self) -> &[FuzzPattern] {
        &self.patterns[..self.patterns.len().min(MAX_PATTERNS)]
    }

    /// Bytes of text in the input: the scanned text and every pattern.
    fn size(&self) -> usize {
        self.text.len() + self.patterns.iter().map(|p| p.text.len()).sum::<usize>()
    }
}

/// Prints a Rust reproduction to paste into a test.
impl fmt::Debug for FuzzCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "FuzzCase (as Rust):")?;
        writeln!(f, "use redline_matcher::{{Matcher, Pattern, PatternId}};")?;
        writeln!(f, "let matcher = Matcher::builder()")?;
        writeln!(f, "    .regex_size_limit({REGEX_SIZE_LIMIT})")?;
        writeln!(f, "    .build([")?;
        for (i, p) in self.patterns().iter().enumerate() {
            let ctor = match p.kind {
                Kind::Keyword => "keyword",
                Kind::Substring => "substring",
                Kind::Regex => "regex",
            };
            let e = p.evasions;
            writeln!(
                f,
                "        Pattern::{ctor}(PatternId({i}), {:?}).normalize({}).word_bounded({}).pinyin({})",
                p.text, p.normalize, p.word_bounded, p.pinyin
            )?;
            writeln!(
                f,
                "            .inflections({}).compounds({}).sounds_like({}).homophones({}).initials({}).split({}),",
                e.inflections, e.compounds, e.sounds_like, e.homophones, e.initials, e.split
            )?;
        }
        writeln!(f, "    ]);")?;
        writeln!(f, "let text = {:?};", self.text)?;
        write!(f, "let found = matcher.map(|m| m.find_all(text));")
    }
}

fn check(case: &FuzzCase) {
    let specs = case.patterns();
    let built = Matcher::builder()
        .regex_size_limit(REGEX_SIZE_LIMIT)
        .build(specs.iter().enumerate().map(|(i, p)| p.build(i as u32)));
    let Ok(matcher) = built else {
        return;
    };
    let text = case.text.as_str();
    let found = matcher.find_all(text);
    for h in &found {
        let (s, e) = (h.start(), h.end());
        assert!(
            (h.pattern().0 as usize) < specs.len(),
            "unknown pattern in {h:?}"
        );
        assert!(s < e && e <= text.len(), "bad span {s}..{e} in {h:?}");
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "span {s}..{e} splits a character: {h:?}"
        );
        assert!(h.words().0 <= h.words().1, "words out of order: {h:?}");
    }
    for w in found.windows(2) {
        let key = |m: &redline_matcher::Match| (m.start(), m.end(), m.pattern());
        assert!(
            key(&w[0]) < key(&w[1]),
            "not sorted or not deduplicated: {w:?}"
        );
    }

    // A scratch reused across texts (and a second matcher's scratch)
    // gives the same answer as a fresh one.
    let mut scratch = matcher.create_scratch();
    let mut out = Vec::new();
    matcher.scan("warm up the scratch 赌博 c o c a", &mut scratch, &mut out);
    matcher.scan(text, &mut scratch, &mut out);
    assert_eq!(out, found, "a reused scratch changed the result");

    // Exact ASCII substrings: what a naive overlapping search finds.
    if text.is_ascii() {
        let lower = text.to_ascii_lowercase();
        for (i, p) in specs.iter().enumerate().filter(|(_, p)| p.is_plain_exact()) {
            let term = p.text.to_ascii_lowercase();
            let term = term.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            let want: Vec<(usize, usize)> = (0..lower.len())
                .filter(|&at| lower[at..].starts_with(term))
                .map(|at| (at, at + term.len()))
                .collect();
            let got: Vec<(usize, usize)> = found
                .iter()
                .filter(|h| h.pattern().0 as usize == i)
                .map(|h| (h.start(), h.end()))
                .collect();
            assert_eq!(got, want, "exact substring {:?} in {text:?}", p.text);
        }
    }
}

fuzz_target!(|case: FuzzCase| -> Corpus {
    if case.size() > MAX_INPUT {
        return Corpus::Reject;
    }
    check(&case);
    Corpus::Keep
});
