//! The Han innocent-word guard (SPEC 4.1): a Han keyword does not match
//! where its match starts or ends inside a dictionary word of the text,
//! unless that word is itself on the [`FLAGGED`] list.
//!
//! "Word" means a word of jieba's dictionary: the text around a candidate
//! is cut along jieba's most probable route through its dictionary words
//! (no HMM guessing for unknown text, which would invent words). Hits are
//! rare, so only a small window around each one is segmented, and the
//! dictionary is loaded once per process, on the first hit that needs it.

use std::sync::OnceLock;

use jieba_rs::Jieba;

use crate::chars::{is_sentence_break, is_word};
use crate::chinese::simplify;

/// Han characters segmented on each side of a match: jieba's words are
/// rarely longer than four characters, so six settle the words at the
/// match's edges.
const WINDOW: usize = 6;

/// Dictionary words that a shorter term inside them still counts in: the
/// word is itself what a rule on the shorter term is after (`他妈的` for
/// `妈的`, `赌场` for `赌`, `强奸` for `奸`). Written and reviewed for this
/// project (see `docs/DESIGN.md`); each entry is a jieba dictionary word,
/// as only those can straddle a match's edge.
pub(crate) const FLAGGED: &[&str] = &[
    // Insults and swearing.
    "他妈的",
    "尼玛",
    "草泥马",
    "王八蛋",
    "混蛋",
    "操蛋",
    "滚蛋",
    "傻屄",
    "婊子",
    "贱人",
    "贱货",
    "骚货",
    "荡妇",
    "龟儿子",
    "屌丝",
    "鸡巴",
    "屁眼",
    // Sexual acts and sex work.
    "强奸",
    "轮奸",
    "鸡奸",
    "性交",
    "口交",
    "肛交",
    "乳交",
    "做爱",
    "性爱",
    "手淫",
    "卖淫",
    "嫖娼",
    "嫖妓",
    "招妓",
    "妓女",
    "淫荡",
    "淫秽",
    "淫乱",
    "淫妇",
    "色情",
    "黄片",
    "毛片",
    // Gambling and drugs.
    "赌博",
    "赌场",
    "毒品",
    "吸毒",
    "贩毒",
    "冰毒",
];

/// jieba with its embedded dictionary, loaded on first use and shared by
/// every thread (see docs/PERFORMANCE.md for its cost).
pub(crate) fn dictionary() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Whether `c` is a Han ideograph (after folding to simplified, where the
/// guard compares words).
fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
        || c == '〇'
}

/// A character as the guard compares it: traditional folded to
/// simplified, as jieba's dictionary is.
fn folded(c: char) -> char {
    simplify(c).unwrap_or(c)
}

/// What stops a window: a letter, digit or other word character, or
/// sentence punctuation. Other separators (spaces, symbols, emoji,
/// invisible characters) are read through, as the view reads `冰 毒`.
fn stops(c: char) -> bool {
    !is_han(c) && (is_word(c) || is_sentence_break(c) || c.is_alphanumeric())
}

/// Whether a match of Han keyword `term` at `start..end` of `text`
/// stands: its Han edges fall on dictionary-word edges, or the word
/// straddling an edge is on the [`FLAGGED`] list. A match that repeats a
/// character of the term into a dictionary word (`奶奶` for `奶`) does not
/// stand, nor, when `strict` (homophone, initial and split matches), one
/// whose characters form a dictionary word themselves (`威信` for `微信`).
pub(crate) fn allows(text: &str, start: usize, end: usize, term: &str, strict: bool) -> bool {
    let Some(matched) = text.get(start..end) else {
        return true;
    };
    let han_count = |s: &str| s.chars().filter(|&c| is_han(c)).count();
    if han_count(matched) > han_count(term)
        && is_dictionary_word(matched)
        && !FLAGGED.contains(&&*fold_word(matched))
    {
        return false;
    }
    let first_han = matched.chars().next().is_some_and(is_han);
    let last_han = matched.chars().next_back().is_some_and(is_han);
    if !first_han && !last_han && !strict {
        return true;
    }
    if strict && is_dictionary_word(matched) {
        return false;
    }
    if !first_han && !last_han {
        return true;
    }
    // Most hits have no dictionary word across either edge: a few trie
    // look-ups around the edges settle them without cutting a window (so
    // a word of five or more characters across an edge counts only when a
    // shorter one crosses it too).
    let (near, from, to) = window(text, start, end, CROSSING - 1);
    let joined: String = near.iter().collect();
    let mut offsets: Vec<usize> = Vec::with_capacity(near.len() + 1);
    offsets.push(0);
    for c in &near {
        offsets.push(offsets[offsets.len() - 1] + c.len_utf8());
    }
    let crossed = |edge: usize| {
        (2..=CROSSING).any(|len| {
            (edge.saturating_sub(len - 1)..edge).any(|i| {
                let word = offsets
                    .get(i + len)
                    .and_then(|&e| joined.get(offsets[i]..e));
                word.is_some_and(|w| dictionary().has_word(w))
            })
        })
    };
    if !((first_han && crossed(from)) || (last_han && crossed(to))) {
        return true;
    }
    let (window, from, to) = window(text, start, end, WINDOW);
    let joined: String = window.iter().collect();
    // Token offsets count characters, as `from` and `to` do.
    dictionary().cut(&joined, false).iter().all(|token| {
        let (a, b) = (token.start, token.end);
        let starts_inside = first_han && a < from && from < b;
        let ends_inside = last_han && a < to && to < b;
        match (starts_inside, ends_inside) {
            (false, false) => true,
            _ if FLAGGED.contains(&token.word) => true,
            (true, false) if !strict => is_compound(&window[a..from], &window[from..b]),
            (false, true) if !strict => is_compound(&window[to..b], &window[a..to]),
            _ => false,
        }
    })
}

/// Longest word looked up across a match's edge before the window is cut:
/// 98 in 100 of jieba's words have at most four characters, and each
/// look-up costs a trie walk.
const CROSSING: usize = 4;

/// The Han characters of the match at `start..end` of `text` and up to
/// `side` on each side, folded, with the offsets where the match starts
/// and ends among them.
fn window(text: &str, start: usize, end: usize, side: usize) -> (Vec<char>, usize, usize) {
    let mut window: Vec<char> = Vec::with_capacity(2 * side + (end - start) / 3);
    for c in text[..start].chars().rev() {
        if window.len() == side || stops(c) {
            break;
        }
        if is_han(c) {
            window.push(folded(c));
        }
    }
    window.reverse();
    let from = window.len();
    window.extend(text[start..end].chars().filter(|&c| is_han(c)).map(folded));
    let to = window.len();
    for c in text[end..].chars() {
        if window.len() == to + side || stops(c) {
            break;
        }
        if is_han(c) {
            window.push(folded(c));
        }
    }
    (window, from, to)
}

/// Whether a dictionary word that a match's edge cuts into `outside` and
/// `inside` (the part within the match) is a compound of the matched
/// term: the inside part is a word of two or more characters and the
/// outside part a word too (`毒品` in `贩卖毒品`, `色情` in `色情片`, `内幕`
/// in `内幕消息`). A single character inside (`妈` of `妈妈`, `口` of
/// `十字路口`, `靠` of `靠背`) is no compound: the innocent-word case.
fn is_compound(outside: &[char], inside: &[char]) -> bool {
    let is_word = |part: &[char]| dictionary().has_word(&part.iter().collect::<String>());
    inside.len() >= 2 && is_word(inside) && is_word(outside)
}

/// Whether `matched`, folded (simplified, lower case, separators dropped),
/// is a word of the dictionary.
fn is_dictionary_word(matched: &str) -> bool {
    let word = fold_word(matched);
    word.chars().count() > 1 && dictionary().has_word(&word)
}

/// `matched` as the dictionary spells words: Han simplified, letters in
/// lower case, separators dropped.
fn fold_word(matched: &str) -> String {
    matched
        .chars()
        .filter(|&c| is_han(c) || c.is_alphanumeric())
        .map(|c| match is_han(c) {
            true => folded(c),
            false => c.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `matched` stands for a term of as many characters where
    /// it first occurs in `text`.
    fn stands(text: &str, matched: &str, strict: bool) -> bool {
        let start = text.find(matched).expect("the term occurs");
        allows(text, start, start + matched.len(), matched, strict)
    }

    #[test]
    fn repeats_that_make_a_word_do_not_stand() {
        assert!(!allows("我奶奶", 3, 9, "奶", false));
        assert!(allows("我奶", 3, 6, "奶", false));
        assert!(allows("冰冰冰毒", 0, 12, "冰毒", false));
    }

    #[test]
    fn plain_keywords_inside_innocent_words_do_not_stand() {
        for (text, term, want) in [
            ("妈妈的生日", "妈的", false),
            ("他妈的", "妈的", true),
            ("你妈的", "妈的", true),
            ("十字路口交通", "口交", false),
            ("他们口交", "口交", true),
            ("靠背", "靠", false),
            ("靠，又输了", "靠", true),
            ("我靠", "靠", true),
            ("赌博网站", "赌", true),
            ("冰毒", "冰毒", true),
            ("溜冰 毒品", "冰 毒", false),
            ("卖冰 毒", "冰 毒", true),
            ("賭博", "賭博", true),
            ("網上賭博", "賭博", true),
            // Compounds of the term: it is a word of its own in them.
            ("贩卖毒品", "毒品", true),
            ("看色情片", "色情", true),
            ("内幕消息", "内幕", true),
            ("卖好", "卖", false),
        ] {
            assert_eq!(stands(text, term, false), want, "{term} in {text}");
        }
    }

    #[test]
    fn strict_matches_refuse_dictionary_words() {
        for (text, term, want) in [
            ("他很有威信", "威信", false),
            ("加我薇信", "薇信", true),
            ("我们去首都博物馆", "都博", false),
            ("网上堵博", "堵博", true),
            ("加我微x", "微x", true),
        ] {
            assert_eq!(stands(text, term, true), want, "{term} in {text}");
        }
    }

    #[test]
    fn edges_outside_han_are_not_checked() {
        assert!(stands("dubo", "dubo", false));
        assert!(stands("du博物馆", "du", false));
    }

    #[test]
    fn flagged_words_are_dictionary_words() {
        for w in FLAGGED {
            assert!(dictionary().has_word(w), "{w}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Any span of any text is judged without a panic, and a span
        /// with no Han edge always stands unless strict.
        #[test]
        fn any_span_is_judged(text in "[妈的口交靠背a1 ，.\u{200b}賭]{0,12}", a in 0usize..40, b in 0usize..40) {
            let (mut start, mut end) = (a.min(b).min(text.len()), a.max(b).min(text.len()));
            while !text.is_char_boundary(start) { start -= 1; }
            while !text.is_char_boundary(end) { end += 1; }
            let stood = allows(&text, start, end, "", false);
            let han_edge = text[start..end].chars().next().is_some_and(is_han)
                || text[start..end].chars().next_back().is_some_and(is_han);
            proptest::prop_assert!(stood || han_edge);
        }
    }
}
