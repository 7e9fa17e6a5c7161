//! The normalization steps a match may need, reported as `via`.

use std::fmt;

/// One normalization step of the folding pipeline.
///
/// A match reports the set of steps that were needed to make the text
/// equal the pattern (see [`Match::via`](crate::Match::via)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Step {
    /// Upper or title case folded to lower case (`COCAINE`).
    Case,
    /// Compatibility forms: full-width, styled or circled letters (`ｃｏｃａｉｎｅ`, `𝐜`, `ⓒ`).
    Width,
    /// Accents and other combining marks removed (`cócaïne`).
    Accent,
    /// Invisible characters removed (zero-width space, soft hyphen, ...).
    Invisible,
    /// Look-alike letters of other scripts mapped to Latin (Cyrillic `с`).
    Homoglyph,
    /// Digits and symbols standing for letters (`c0ca1ne`, `(0c@ine`).
    Leet,
    /// Separators inserted into or around a term (`c.o.c.a.i.n.e`, `冰 毒`).
    Separator,
    /// Letters repeated to evade a term (`cocaaaaine`).
    Repeat,
    /// Traditional Chinese folded to simplified (`賭博`).
    Traditional,
    /// Toneless pinyin standing for Chinese characters (`dubo`).
    Pinyin,
    /// A symbol standing for a hidden letter inside a word (`f*ck`).
    Mask,
    /// An English inflection of a Latin term (`fuckers`, `shitty`).
    Inflection,
    /// The term inside a longer word (`headfuck`), on request.
    Compound,
    /// A sound-alike spelling (`phuck`, `fcuk`), on request.
    Sound,
    /// A Chinese character with the same toneless pinyin (`薇信`), on request.
    Homophone,
    /// A Han syllable written as its pinyin initial (`微x`), on request.
    Initial,
    /// A Han character written as its components (`弓长` for `张`), on request.
    Split,
}

impl Step {
    /// Every step, in reporting order.
    pub const ALL: [Step; 17] = [
        Step::Case,
        Step::Width,
        Step::Accent,
        Step::Invisible,
        Step::Homoglyph,
        Step::Leet,
        Step::Separator,
        Step::Repeat,
        Step::Traditional,
        Step::Pinyin,
        Step::Mask,
        Step::Inflection,
        Step::Compound,
        Step::Sound,
        Step::Homophone,
        Step::Initial,
        Step::Split,
    ];

    /// The stable lower-case name used in JSON output (`"leet"`).
    pub fn name(self) -> &'static str {
        match self {
            Step::Case => "case",
            Step::Width => "width",
            Step::Accent => "accent",
            Step::Invisible => "invisible",
            Step::Homoglyph => "homoglyph",
            Step::Leet => "leet",
            Step::Separator => "separator",
            Step::Repeat => "repeat",
            Step::Traditional => "traditional",
            Step::Pinyin => "pinyin",
            Step::Mask => "mask",
            Step::Inflection => "inflection",
            Step::Compound => "compound",
            Step::Sound => "sound",
            Step::Homophone => "homophone",
            Step::Initial => "initial",
            Step::Split => "split",
        }
    }

    const fn bit(self) -> u32 {
        1 << self as u32
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of [`Step`]s.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Steps(pub(crate) u32);

impl Steps {
    /// The empty set: the text matched as written.
    pub const NONE: Steps = Steps(0);

    /// A set holding one step.
    pub const fn of(step: Step) -> Steps {
        Steps(step.bit())
    }

    /// The steps in either set.
    pub const fn union(self, other: Steps) -> Steps {
        Steps(self.0 | other.0)
    }

    /// Whether `step` is in the set.
    pub fn contains(self, step: Step) -> bool {
        self.0 & step.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Adds `step` to the set.
    pub fn insert(&mut self, step: Step) {
        self.0 |= step.bit();
    }

    /// The steps in `self` that are not in `other`.
    pub fn without(self, other: Steps) -> Steps {
        Steps(self.0 & !other.0)
    }

    /// The steps in the set, in [`Step::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Step> {
        Step::ALL.into_iter().filter(move |s| self.contains(*s))
    }
}

impl std::ops::BitOr for Steps {
    type Output = Steps;
    fn bitor(self, rhs: Steps) -> Steps {
        Steps(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for Steps {
    fn bitor_assign(&mut self, rhs: Steps) {
        self.0 |= rhs.0;
    }
}

impl fmt::Debug for Steps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let mut s = Steps::NONE;
        assert!(s.is_empty());
        s.insert(Step::Leet);
        s |= Steps::of(Step::Case);
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![Step::Case, Step::Leet]);
        assert_eq!(s.without(Steps::of(Step::Case)), Steps::of(Step::Leet));
        assert_eq!(Step::Traditional.to_string(), "traditional");
    }
}
