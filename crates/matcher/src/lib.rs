/*!
The multi-pattern matcher core of redline: many keywords, substrings and
regexes, one pass over a text, every match reported with its span in the
**original** text and the normalization steps it needed.

It knows nothing of rules files, posts or jurisdictions: its vocabulary is
[`Pattern`]s with caller-chosen [`PatternId`]s, and [`Match`]es with byte
spans.

# Overview

- [`Pattern`]: a keyword (word-bounded), substring or regex, with options.
- [`Matcher`]: the immutable compiled set; `Send + Sync`, cheap to clone.
- [`Scratch`]: per-thread buffers and regex caches for [`Matcher::scan`].
- [`Match`]: pattern, original byte span, [`Steps`] (`via`), word indices.
- [`normalize`]: the folded text keywords see, for explanations.

# Example

```
use redline_matcher::{Matcher, Pattern, PatternId, Step};

let matcher = Matcher::new([
    Pattern::keyword(PatternId(1), "cocaine"),
    Pattern::keyword(PatternId(2), "赌博").pinyin(true),
    Pattern::keyword(PatternId(3), "ass"),
])?;
let text = "ｃ0ｃａｉｎｅ and 賭博, no class assessment";
let mut scratch = matcher.create_scratch();
let mut found = Vec::new();
matcher.scan(text, &mut scratch, &mut found);

assert_eq!(found.len(), 2);
assert_eq!(found[0].pattern(), PatternId(1));
assert_eq!(&text[found[0].start()..found[0].end()], "ｃ0ｃａｉｎｅ");
assert!(found[0].via().contains(Step::Leet));
assert!(found[1].via().contains(Step::Traditional));
# Ok::<(), redline_matcher::BuildError>(())
```

# Normalization

Keywords and substrings match through: case, compatibility forms
(full-width, styled, circled letters), accents, invisible characters,
homoglyphs of other scripts, leetspeak (only inside tokens that hold a
letter, so numbers stay numbers), separators (runs of them match a space in
a term; spaced-out letters `c o c a i n e` and spaced Chinese `冰 毒` are
joined), repeated letters (a run of three or more matches a single letter,
so `good` does not match `god` but `cocaaaine` matches `cocaine`),
traditional to simplified Chinese and, on request, toneless pinyin.

Scan-time evasions of a word, on by default for normalized literals: a
mask hiding one letter each (`f*ck`, `sh#t`), symbols and emoji inside a
word (`s.hit`, `co🍑caine`, `f!u!c!k`; never whitespace or an
apostrophe), and look-alikes by shape (Greek, Cyrillic and mathematical
letters, enclosed and regional-indicator letters, symbols such as `¢`
and `<` inside a word: `fμ¢κ`, `c🅾caine`, `fu<k`).

Latin (and other spaced-script) keywords match on word boundaries, so
`ass` matches neither "class" nor "assessment". Han keywords match
anywhere except inside a longer dictionary word of the text (jieba's
dictionary, loaded on the first Han hit): `妈的` matches in 他妈的 but not
in 妈妈的生日. Substrings and Kana terms match anywhere.

On request, Han terms also match same-sound characters
([`Pattern::homophones`]: 薇信 for 微信), a syllable written as its pinyin
initial ([`Pattern::initials`]: 微x) and characters written as their
components ([`Pattern::split`]: 弓长 for 张), each refused where the
matched characters are a dictionary word themselves (威信).

# Guarantees

- Scanning is linear in the text length; variants are expanded at build
  time.
- Every pattern that matches is reported (overlapping search).
- Spans fall on character boundaries of the original text.
- No input panics; texts over 4 GiB are scanned up to 4 GiB.
- All public types are `Send + Sync`.

# Crate features

None.
*/
#![deny(missing_docs, rustdoc::broken_intra_doc_links)]

mod automaton;
mod chars;
mod chinese;
mod english;
mod fold;
mod literal;
mod masks;
mod matcher;
mod normalized;
mod pattern;
mod regexes;
mod steps;
mod view;
mod wordkeys;

pub use crate::matcher::{BuildError, Match, Matcher, MatcherBuilder, Problem, Scratch};
pub use crate::normalized::{normalize, Normalized};
pub use crate::pattern::{Evasions, Pattern, PatternId, PatternKind};
pub use crate::steps::{Step, Steps};

/// Loads the Chinese word dictionary of the innocent-word guard now,
/// instead of on the first Han hit that needs it (about 0.6 s and 32 MiB,
/// once per process; docs/PERFORMANCE.md). For long-running workers whose
/// first batch must not pay it.
pub fn load_dictionary() {
    chinese::guard::dictionary();
}
