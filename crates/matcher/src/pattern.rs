//! Patterns: what callers ask the matcher to find.

/// A caller-chosen pattern identifier, reported back with each match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PatternId(pub u32);

/// What a pattern's text means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PatternKind {
    /// A literal term, word-bounded in spaced scripts by default.
    Keyword,
    /// A literal term that may match inside words.
    Substring,
    /// A regular expression in Rust `regex` syntax.
    Regex,
}

/// One pattern with its options.
///
/// # Examples
///
/// ```
/// use redline_matcher::{Pattern, PatternId};
///
/// let p = Pattern::keyword(PatternId(1), "赌博").pinyin(true);
/// assert_eq!(p.text(), "赌博");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub(crate) id: PatternId,
    pub(crate) kind: PatternKind,
    pub(crate) text: String,
    pub(crate) normalize: bool,
    pub(crate) word_bounded: bool,
    pub(crate) pinyin: bool,
    pub(crate) evasions: Evasions,
}

/// Which evasion readings of SPEC section 4.1 a literal matches through,
/// beyond the folding every normalized literal gets.
///
/// Inflections are on by default; the rest are opt-in because each one
/// trades precision for recall (see `docs/DESIGN.md`). Each field is also
/// settable on its own with the [`Pattern`] method of the same name.
///
/// # Examples
///
/// ```
/// use redline_matcher::{Evasions, Pattern, PatternId};
///
/// let mut evasions = Evasions::default();
/// evasions.compounds = true;
/// let p = Pattern::keyword(PatternId(1), "fuck").evasions(evasions);
/// assert_eq!(p, Pattern::keyword(PatternId(1), "fuck").compounds(true));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Evasions {
    /// English inflections of a Latin term (`fuckers`); default on.
    pub inflections: bool,
    /// The term inside a longer word that is not an innocent word.
    pub compounds: bool,
    /// Sound-alike spellings of a Latin term (`phuck`).
    pub sounds_like: bool,
    /// Han characters with the same toneless pinyin (`薇信`).
    pub homophones: bool,
    /// A Han syllable written as its pinyin initial (`微x`).
    pub initials: bool,
    /// A Han character written as its components (`弓长`).
    pub split: bool,
}

impl Default for Evasions {
    fn default() -> Self {
        Evasions {
            inflections: true,
            compounds: false,
            sounds_like: false,
            homophones: false,
            initials: false,
            split: false,
        }
    }
}

impl Pattern {
    fn new(id: PatternId, kind: PatternKind, text: &str) -> Pattern {
        Pattern {
            id,
            kind,
            text: text.to_owned(),
            normalize: kind != PatternKind::Regex,
            word_bounded: kind == PatternKind::Keyword,
            pinyin: false,
            evasions: Evasions::default(),
        }
    }

    /// A keyword: folded through every evasion, matched on word boundaries
    /// where its first or last character belongs to a spaced script.
    pub fn keyword(id: PatternId, text: &str) -> Pattern {
        Pattern::new(id, PatternKind::Keyword, text)
    }

    /// A substring: folded like a keyword, never word-bounded.
    pub fn substring(id: PatternId, text: &str) -> Pattern {
        Pattern::new(id, PatternKind::Substring, text)
    }

    /// A regular expression, run on the original text unless
    /// [`normalize`](Pattern::normalize) is set.
    pub fn regex(id: PatternId, pattern: &str) -> Pattern {
        Pattern::new(id, PatternKind::Regex, pattern)
    }

    /// Whether to match through the folding pipeline. For literals, `false`
    /// matches as written, ignoring case only; for regexes, `true` runs the
    /// regex on the folded text.
    pub fn normalize(mut self, yes: bool) -> Pattern {
        self.normalize = yes;
        self
    }

    /// Whether a literal must start and end on word boundaries.
    pub fn word_bounded(mut self, yes: bool) -> Pattern {
        self.word_bounded = yes;
        self
    }

    /// Whether Chinese characters of a literal also match their toneless
    /// pinyin (`赌博` as `dubo`, `du bo` or `赌bo`).
    pub fn pinyin(mut self, yes: bool) -> Pattern {
        self.pinyin = yes;
        self
    }

    /// Sets every evasion option at once.
    pub fn evasions(mut self, evasions: Evasions) -> Pattern {
        self.evasions = evasions;
        self
    }

    /// Whether a Latin term also matches its English inflections
    /// (`fucker` as `fuckers`, `shit` as `shitty`); on by default.
    pub fn inflections(mut self, yes: bool) -> Pattern {
        self.evasions.inflections = yes;
        self
    }

    /// Whether the term also matches inside a longer word that is not an
    /// innocent word (`headfuck`, not `Scunthorpe`).
    pub fn compounds(mut self, yes: bool) -> Pattern {
        self.evasions.compounds = yes;
        self
    }

    /// Whether a Latin term also matches sound-alike spellings (`phuck`).
    pub fn sounds_like(mut self, yes: bool) -> Pattern {
        self.evasions.sounds_like = yes;
        self
    }

    /// Whether Chinese characters also match characters with the same
    /// toneless pinyin (`薇信` for `微信`).
    pub fn homophones(mut self, yes: bool) -> Pattern {
        self.evasions.homophones = yes;
        self
    }

    /// Whether one Han syllable may be written as its pinyin initial
    /// (`微x` for `微信`).
    pub fn initials(mut self, yes: bool) -> Pattern {
        self.evasions.initials = yes;
        self
    }

    /// Whether a Han character may be written as its components
    /// (`弓长` for `张`).
    pub fn split(mut self, yes: bool) -> Pattern {
        self.evasions.split = yes;
        self
    }

    /// The identifier.
    pub fn id(&self) -> PatternId {
        self.id
    }

    /// The kind.
    pub fn kind(&self) -> PatternKind {
        self.kind
    }

    /// The text as given.
    pub fn text(&self) -> &str {
        &self.text
    }
}
