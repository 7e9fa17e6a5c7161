//! Matcher against naive reference implementations (proptest).
//!
//! - Exact substrings (`normalize(false)`, not word-bounded) over a small
//!   alphabet must report exactly the overlapping occurrences a plain
//!   `starts_with` loop finds.
//! - Normalized keywords over letters and single spaces, on texts without
//!   repeated letters, must report exactly the word-bounded occurrences,
//!   in the text as written and in its joined reading (spaced-out single
//!   letters `a b c` read as `abc`, as the matcher documents).
//! - Any text: no panic, spans in bounds and on character boundaries, and
//!   `normalize` is idempotent.

use std::collections::BTreeSet;

use proptest::prelude::*;
use redline_matcher::{normalize, Matcher, Pattern, PatternId};

/// `(pattern id, start, end)` triples, the unit both sides are compared in.
type Hits = BTreeSet<(u32, usize, usize)>;

/// 512 cases each unless `PROPTEST_CASES` says otherwise (for long runs).
fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 512;
    }
    config
}

fn matcher_hits(m: &Matcher, text: &str) -> Hits {
    m.find_all(text)
        .iter()
        .map(|h| (h.pattern().0, h.start(), h.end()))
        .collect()
}

/// Every start `i` where `text[i..]` starts with `pat`, overlapping.
fn naive_occurrences(text: &str, pat: &str) -> Vec<usize> {
    (0..text.len())
        .filter(|&i| text.is_char_boundary(i) && text[i..].starts_with(pat))
        .collect()
}

fn exact_hits(patterns: &[String], text: &str) -> Hits {
    let lower = text.to_lowercase();
    assert_eq!(lower.len(), text.len(), "tests use ASCII only");
    let mut out = Hits::new();
    for (id, p) in patterns.iter().enumerate() {
        for i in naive_occurrences(&lower, p) {
            out.insert((id as u32, i, i + p.len()));
        }
    }
    out
}

fn substrings(patterns: &[String]) -> Matcher {
    Matcher::new(patterns.iter().enumerate().map(|(i, p)| {
        Pattern::substring(PatternId(i as u32), p)
            .normalize(false)
            .word_bounded(false)
    }))
    .expect("patterns compile")
}

/// A term over `letters` with optional single spaces inside, never at
/// either end (the matcher trims separators off a term's ends).
fn term(letters: &'static str, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::sample::select(letters.as_bytes()), any::<bool>()),
        1..=max,
    )
    .prop_map(|parts| {
        let mut s = String::new();
        for (i, (c, space)) in parts.iter().enumerate() {
            if i > 0 && *space && s.as_bytes().last() != Some(&b' ') {
                s.push(' ');
            }
            s.push(*c as char);
        }
        s
    })
}

proptest! {
    #![proptest_config(config())]

    /// Exact substrings find exactly what `starts_with` at every offset
    /// finds, overlaps included.
    #[test]
    fn exact_substrings_match_naive_search(
        patterns in prop::collection::vec(term("ab", 4), 1..6),
        text in "[ab ]{0,40}",
    ) {
        let m = substrings(&patterns);
        prop_assert_eq!(matcher_hits(&m, &text), exact_hits(&patterns, &text));
    }

    /// A three-letter alphabet without spaces: longer, rarer patterns.
    #[test]
    fn exact_substrings_match_naive_search_abc(
        patterns in prop::collection::vec("[abc]{1,6}", 1..8),
        text in "[abc]{0,60}",
    ) {
        let m = substrings(&patterns);
        prop_assert_eq!(matcher_hits(&m, &text), exact_hits(&patterns, &text));
    }

    /// `normalize(false)` still ignores case.
    #[test]
    fn exact_substrings_ignore_case(
        patterns in prop::collection::vec(term("ab", 4), 1..6),
        text in "[abAB ]{0,40}",
    ) {
        let m = substrings(&patterns);
        prop_assert_eq!(matcher_hits(&m, &text), exact_hits(&patterns, &text));
    }

    /// Normalized keywords on texts with no repeated letter (so no run
    /// collapses) equal a naive word-bounded search over the text and over
    /// its joined reading.
    #[test]
    fn keywords_match_naive_word_bounded_search(
        patterns in prop::collection::vec(no_repeats(4), 1..6),
        text in no_repeats(16),
    ) {
        let m = Matcher::new(
            patterns
                .iter()
                .enumerate()
                .map(|(i, p)| Pattern::keyword(PatternId(i as u32), p)),
        )
        .expect("patterns compile");
        prop_assert_eq!(matcher_hits(&m, &text), word_bounded_hits(&patterns, &text));
    }

    /// Any string: no panic, and every span is a non-empty slice of the
    /// text on character boundaries.
    #[test]
    fn any_string_scans_within_bounds(text in any::<String>()) {
        check_scan(&text)?;
        check_normalize(&text)?;
    }

    /// Strings made of evasion-prone pieces, where the folding does work.
    #[test]
    fn large_sets_find_what_small_sets_find(text in evasive()) {
        prop_assert_eq!(
            matcher_hits(padded_scan_matcher(), &text),
            matcher_hits(scan_matcher(), &text)
        );
    }

    #[test]
    fn evasive_strings_scan_within_bounds(text in evasive()) {
        check_scan(&text)?;
        check_normalize(&text)?;
    }
}

/// Inputs these properties once failed on, replayed every run.
#[test]
fn found_regressions() {
    // A leet symbol next to the letter it stands for (`$` and `s`) folded
    // to two characters once and to one the second time.
    for text in ["$5ஜ", "|İ", "o4@", "a@", "s$"] {
        check_normalize(text).unwrap();
        check_scan(text).unwrap();
    }
}

proptest! {
    #![proptest_config(config())]

    /// Han substrings match anywhere (keywords do too, but for the
    /// innocent-word guard, tested in the matcher crate): with no run of
    /// three or more (the repeat evasion), every place a substring search
    /// finds a term lies in a span reported for it, and every reported
    /// span holds the term, including next to a doubled character
    /// (`特色色情` holds `色情`).
    #[test]
    fn han_substrings_match_naive_substring_search(
        patterns in prop::collection::vec(han_term(3), 1..5),
        text in han_text(12),
    ) {
        let m = Matcher::new(
            patterns
                .iter()
                .enumerate()
                .map(|(i, p)| Pattern::substring(PatternId(i as u32), p)),
        )
        .expect("patterns compile");
        let found = matcher_hits(&m, &text);
        for &(id, s, e) in &found {
            let p = &patterns[id as usize];
            prop_assert!(text[s..e].contains(p.as_str()), "{:?} at {}..{} of {:?}", p, s, e, text);
        }
        for (id, p) in patterns.iter().enumerate() {
            for i in naive_occurrences(&text, p) {
                let covered = found
                    .iter()
                    .any(|&(f, s, e)| f == id as u32 && s <= i && i + p.len() <= e);
                prop_assert!(covered, "{:?} at {} of {:?} not found: {:?}", p, i, text, found);
            }
        }
    }
}

const HAN_ALPHABET: [char; 3] = ['冰', '毒', '品'];

/// A Han term with no character twice in a row.
fn han_term(max: usize) -> impl Strategy<Value = String> {
    (0usize..3, prop::collection::vec(1usize..3, 0..max)).prop_map(|(first, steps)| {
        let mut i = first;
        let mut s = String::from(HAN_ALPHABET[i]);
        for step in steps {
            i = (i + step) % 3;
            s.push(HAN_ALPHABET[i]);
        }
        s
    })
}

/// A Han text whose runs of one character are at most two long.
fn han_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((0usize..3, any::<bool>()), 0..max).prop_map(|v| {
        let mut s = String::new();
        let mut last = usize::MAX;
        for (i, double) in v {
            if i == last {
                continue;
            }
            s.push(HAN_ALPHABET[i]);
            if double {
                s.push(HAN_ALPHABET[i]);
            }
            last = i;
        }
        s
    })
}

/// Letters of `abc` with no two adjacent equal, single spaces between
/// some of them: no repeats even once spaced-out letters are joined.
fn no_repeats(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((0u8..2, any::<bool>()), 1..=max).prop_flat_map(|steps| {
        (0u8..3).prop_map(move |first| {
            let mut s = String::new();
            let mut prev = first;
            for (i, (step, space)) in steps.iter().enumerate() {
                let c = if i == 0 { first } else { (prev + 1 + step) % 3 };
                if i > 0 && *space {
                    s.push(' ');
                }
                s.push((b'a' + c) as char);
                prev = c;
            }
            s
        })
    })
}

/// The occurrences of `pat` in `hay` starting and ending on a space or an
/// end of `hay`.
fn bounded_occurrences(hay: &str, pat: &str) -> Vec<usize> {
    let bytes = hay.as_bytes();
    naive_occurrences(hay, pat)
        .into_iter()
        .filter(|&i| {
            let end = i + pat.len();
            (i == 0 || bytes[i - 1] == b' ') && (end == hay.len() || bytes[end] == b' ')
        })
        .collect()
}

/// Word-bounded hits in `text` and in its joined reading, where the space
/// between two one-letter words goes (`a b cd` reads `ab cd`).
fn word_bounded_hits(patterns: &[String], text: &str) -> Hits {
    let bytes = text.as_bytes();
    let single = |i: usize| {
        // Letter at `i` is a whole word.
        (i == 0 || bytes[i - 1] == b' ') && (i + 1 == bytes.len() || bytes[i + 1] == b' ')
    };
    let mut joined = String::new();
    let mut origin = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b' ' && single(i - 1) && single(i + 1) {
            continue;
        }
        joined.push(b as char);
        origin.push(i);
    }
    let mut out = Hits::new();
    for (id, p) in patterns.iter().enumerate() {
        for i in bounded_occurrences(text, p) {
            out.insert((id as u32, i, i + p.len()));
        }
        for i in bounded_occurrences(&joined, p) {
            let end = origin[i + p.len() - 1] + 1;
            out.insert((id as u32, origin[i], end));
        }
    }
    out
}

/// Pieces that exercise every folding stage.
fn evasive() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "c0caine", "cocaine", "赌博", "賭博", "ｃ", "\u{200b}", " ", ".", "-", "冰", "毒", "aaa",
        "a", "l", "1", "|", "!", "@", "。", "\n", "e\u{301}", "\u{301}", "ﬁ", "с", "Ⓒ", "𝐜", "du",
        "bo", "İ", "ß", "ǅ", "\u{ad}", "\u{fe0f}", "🙂", "x",
    ];
    prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|v| v.concat())
}

fn scan_matcher() -> &'static Matcher {
    static M: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
    M.get_or_init(|| Matcher::new(scan_patterns()).expect("patterns compile"))
}

/// The patterns of [`scan_matcher`] plus 3,000 filler keywords over
/// `jqvwz` (letters no evasive piece holds): a set large enough for the
/// other automaton, which must find exactly what the small one finds.
fn padded_scan_matcher() -> &'static Matcher {
    static M: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
    M.get_or_init(|| {
        let filler = (0..3_000u32).map(|n| {
            // Six letters, never two alike in a row (runs would fold
            // distinct terms together): 5 * 4^5 distinct terms.
            let letter = |i: u32| b"jqvwz"[i as usize] as char;
            let (mut prev, mut k) = (n % 5, n / 5);
            let mut term = String::from(letter(prev));
            for _ in 0..5 {
                prev = (prev + 1 + k % 4) % 5;
                k /= 4;
                term.push(letter(prev));
            }
            Pattern::keyword(PatternId(1_000 + n), &term)
        });
        Matcher::new(scan_patterns().into_iter().chain(filler)).expect("patterns compile")
    })
}

fn scan_patterns() -> Vec<Pattern> {
    vec![
        Pattern::keyword(PatternId(0), "cocaine"),
        Pattern::keyword(PatternId(1), "赌博").pinyin(true),
        Pattern::keyword(PatternId(2), "冰毒"),
        Pattern::substring(PatternId(3), "aaa"),
        Pattern::keyword(PatternId(4), "a"),
        Pattern::keyword(PatternId(5), "kill"),
        Pattern::substring(PatternId(6), "c").normalize(false),
        Pattern::keyword(PatternId(7), "x i").normalize(false),
        Pattern::regex(PatternId(8), r"c.{0,3}a"),
        Pattern::regex(PatternId(9), r"(?i)\bc\w*e\b").normalize(true),
        Pattern::regex(PatternId(10), r"").normalize(true),
        Pattern::keyword(PatternId(11), "fi"),
        Pattern::substring(PatternId(12), "ss"),
    ]
}

fn check_scan(text: &str) -> Result<(), TestCaseError> {
    for h in scan_matcher().find_all(text) {
        let (s, e) = (h.start(), h.end());
        prop_assert!(s < e, "empty or reversed span {s}..{e} in {text:?}: {h:?}");
        prop_assert!(e <= text.len(), "span {s}..{e} past the end of {text:?}");
        prop_assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "span {s}..{e} splits a character of {text:?}"
        );
    }
    Ok(())
}

fn check_normalize(text: &str) -> Result<(), TestCaseError> {
    let once = normalize(text);
    let twice = normalize(once.as_str());
    prop_assert_eq!(
        twice.as_str(),
        once.as_str(),
        "not idempotent on {:?}",
        text
    );
    prop_assert_eq!(once.len(), once.as_str().chars().count());
    for i in 0..once.len() {
        let (s, e) = once.span(i);
        prop_assert!(
            s < e && e <= text.len(),
            "span {} = {}..{} of {:?}",
            i,
            s,
            e,
            text
        );
        prop_assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "span {} = {}..{} splits a character of {:?}",
            i,
            s,
            e,
            text
        );
    }
    Ok(())
}

/// Pieces of ASCII and Chinese texts where every folding stage such a
/// text can need does work: case, leetspeak (in and out of tokens with
/// letters), separator runs with and without sentence breaks, repeats,
/// spaced-out single letters, traditional characters, spaced Chinese,
/// masks and separators inside words.
fn simple_evasive() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "a",
        "b",
        "c",
        "s",
        "i",
        "l",
        "o",
        "A",
        "B",
        "C",
        "S",
        "cocaine",
        "COCAINE",
        "c0ca1ne",
        "(0c@ine",
        "kill",
        "k1ll",
        "aaa",
        "ss",
        "$",
        "5",
        "0",
        "1",
        "2",
        "4",
        "@",
        "!",
        "|",
        "(",
        "+",
        " ",
        " ",
        " ",
        "  ",
        ".",
        ",",
        "?",
        ";",
        ":",
        ")",
        "-",
        "\n",
        "\r\n",
        "\t",
        "#",
        "*",
        "_",
        "<",
        "k*ll",
        "c0c_ine",
        "'",
        "a b",
        "c o c a i n e",
        "C.O.C.A.I.N.E",
        "2024",
    ];
    prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|v| v.concat())
}

fn simple_matcher() -> &'static Matcher {
    static M: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
    M.get_or_init(|| {
        Matcher::new([
            Pattern::keyword(PatternId(0), "cocaine"),
            Pattern::keyword(PatternId(1), "a"),
            Pattern::keyword(PatternId(2), "ab"),
            Pattern::keyword(PatternId(3), "kill"),
            Pattern::keyword(PatternId(4), "a b"),
            Pattern::substring(PatternId(5), "aaa"),
            Pattern::substring(PatternId(6), "ss"),
            Pattern::substring(PatternId(7), "ci"),
            Pattern::keyword(PatternId(8), "co ca"),
            Pattern::keyword(PatternId(9), "2024"),
            Pattern::regex(PatternId(10), r"c\w*e").normalize(true),
            Pattern::regex(PatternId(11), r"\n\w").normalize(true),
            Pattern::keyword(PatternId(12), "赌博").pinyin(true),
            Pattern::keyword(PatternId(13), "冰毒"),
        ])
        .expect("patterns compile")
    })
}

/// ASCII and plain Chinese texts take a fast path that folds them in one
/// pass; a trailing invisible character (dropped without a trace) sends
/// the same text through the general path. Both must give the same normalized text,
/// spans and steps, and the same matches, `via` and words included.
fn check_simple_fast_path(text: &str) -> Result<(), TestCaseError> {
    let general_text = format!("{text}\u{200b}");
    let (fast, general) = (normalize(text), normalize(&general_text));
    prop_assert_eq!(fast.as_str(), general.as_str(), "{:?}", text);
    prop_assert_eq!(fast.len(), general.len());
    for i in 0..fast.len() {
        prop_assert_eq!(fast.span(i), general.span(i), "span {} of {:?}", i, text);
        prop_assert_eq!(fast.steps(i), general.steps(i), "steps {} of {:?}", i, text);
    }
    let m = simple_matcher();
    prop_assert_eq!(m.find_all(text), m.find_all(&general_text), "{:?}", text);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn simple_fast_path_equals_general_path(text in simple_evasive()) {
        check_simple_fast_path(&text)?;
    }

    #[test]
    fn ascii_fast_path_equals_general_path_any_ascii(text in "[\\x00-\\x7f]{0,48}") {
        check_simple_fast_path(&text)?;
    }
}

#[test]
fn simple_fast_path_examples() {
    for text in [
        "",
        "c o c a i n e",
        "C.O.C.A.I.N.E and c0ca1ne, (0c@ine!",
        "a b; a b. @a b 5 a 5$ a",
        "cocaaaine  --  ss$5 2024",
        "賭博 赌博，冰 毒 a 冰。b c 冰冰 冰 冰 a冰b 5冰 du bo",
    ] {
        check_simple_fast_path(text).unwrap();
    }
}
