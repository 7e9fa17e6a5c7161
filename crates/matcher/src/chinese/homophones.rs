//! Same-sound readings (`homophones: true`): 薇信 for 微信, 堵博 for 赌博.
//!
//! Each common Han character folds to one representative of its toneless
//! syllable (the first character of the Unified block read that way), in
//! a view of its own built only when some pattern asks for homophones.
//! The representative is itself a common Han character, three bytes in
//! UTF-8 like every character it stands for, so the sound view is the
//! folded view with bytes replaced in place: offsets, entries and the map
//! back to the original stay as they are.
//!
//! Only terms of two or more Han characters get same-sound spellings: a
//! single character's homophones are ordinary text (on 35,000 benign
//! reviews, `逼` alone read as bi flags 6% of them).
//!
//! Every character, of the text and of the pattern, is read by its most
//! common reading only ([`SOUND_READINGS`]).

use std::collections::HashMap;
use std::sync::OnceLock;

use pinyin::ToPinyin;

use crate::chinese::guard::dictionary;
use crate::chinese::{han_at, is_common_han, readings, simplify};
use crate::view::View;

/// Most readings of one character that initials take: the pinyin data
/// lists the common ones first (都: dou, du; 长: zhang, chang) and rare or
/// archaic ones after (还: hai, huan, fu).
pub(crate) const READINGS: usize = 2;

/// Most readings of one pattern character that become same-sound
/// spellings: only the first, as second readings are often archaic (射
/// read ye, 野 read shu) and made 就有-like ordinary text match on benign
/// reviews (docs/PERFORMANCE.md).
const SOUND_READINGS: usize = 1;

/// Most same-sound spellings of one pattern.
const MAX_VARIANTS: usize = 16;

/// First code point of the table: the common Han ranges run from here.
const BASE: u32 = 0x3400;

/// Each common Han character's syllable representative and the
/// representative of each syllable, built once, on first use.
struct Sounds {
    /// One more than the representative's offset from [`BASE`], indexed
    /// by code point less [`BASE`]; 0 where a character has no reading.
    table: Box<[u16]>,
    representatives: HashMap<&'static str, char>,
}

fn sounds() -> &'static Sounds {
    static SOUNDS: OnceLock<Sounds> = OnceLock::new();
    SOUNDS.get_or_init(|| {
        let mut table = vec![0u16; (0xA000 - BASE) as usize];
        let mut representatives: HashMap<&'static str, char> = HashMap::new();
        // The Unified block first, so representatives are common ones.
        for c in (0x4E00..0xA000)
            .chain(BASE..0x4DC0)
            .filter_map(char::from_u32)
        {
            if let Some(p) = c.to_pinyin() {
                let rep = *representatives.entry(p.plain()).or_insert(c);
                table[(c as u32 - BASE) as usize] = (rep as u32 - BASE + 1) as u16;
            }
        }
        Sounds {
            table: table.into_boxed_slice(),
            representatives,
        }
    })
}

/// The representative of `c`'s most common toneless syllable, if `c` is a
/// common Han character with a reading.
pub(crate) fn sound(c: char) -> Option<char> {
    let cp = c as u32;
    if !is_common_han(cp) {
        return None;
    }
    match sounds().table.get((cp - BASE) as usize) {
        Some(&0) | None => None,
        Some(&offset) => char::from_u32(BASE + u32::from(offset) - 1),
    }
}

/// The same-sound spellings of a term: each Han character replaced by the
/// representative of each of its readings, other characters kept; empty
/// when the term has fewer than two Han characters.
pub(crate) fn variants(term: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![String::new()];
    let mut han = 0;
    for c in term.chars() {
        let c = simplify(c).unwrap_or(c);
        let mut options: Vec<char> = Vec::new();
        if is_common_han(c as u32) {
            for r in readings(c).into_iter().take(SOUND_READINGS) {
                // A syllable no character reads most commonly has no
                // representative: no text character folds to it.
                if let Some(&rep) = sounds().representatives.get(r) {
                    if !options.contains(&rep) {
                        options.push(rep);
                    }
                }
            }
        }
        if options.is_empty() {
            options.push(c);
        } else {
            han += 1;
        }
        let mut next = Vec::with_capacity(out.len() * options.len());
        for prefix in &out {
            for &o in &options {
                if next.len() < MAX_VARIANTS {
                    let mut s = prefix.clone();
                    s.push(o);
                    next.push(s);
                }
            }
        }
        out = next;
    }
    if han < 2 {
        return Vec::new();
    }
    out
}

/// Standalone-word frequency (in jieba's dictionary, of about 60 million
/// counted words) above which a character is too common to count as a
/// substitute: the hundred-odd commonest (有, 是, 新, 见) are everyday text.
const COMMON: usize = 50_000;

/// Part-of-speech tags of grammar words in jieba's dictionary: adverbs,
/// prepositions, conjunctions, particles, pronouns, numerals, measure
/// words, directions, interjections, onomatopoeia.
const GRAMMAR: &[&str] = &[
    "d", "p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "y", "r", "m", "q", "f", "e", "o",
];

/// Whether a same-sound match `matched` of `term` is a plausible evasion:
/// no character that differs from the term's is a grammar word or one of
/// the commonest characters. Same-sound readings of ordinary text are
/// made of those (就有 read as 九游, 也请 as 射精, 引不 as 阴部); the
/// substitutes people choose are not (薇信, 堵博).
pub(crate) fn plausible(matched: &str, term: &str) -> bool {
    let han = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|&c| is_common_han(c as u32) || simplify(c).is_some())
            .map(|c| simplify(c).unwrap_or(c))
            .collect()
    };
    let (matched, term) = (han(matched), han(term));
    let jieba = dictionary();
    matched
        .iter()
        .zip(&term)
        .filter(|(m, t)| m != t)
        .all(|(&m, _)| {
            let mut buf = [0u8; 4];
            let c = &*m.encode_utf8(&mut buf);
            let tags = jieba.tag(c, false);
            let grammar = tags.first().is_some_and(|t| GRAMMAR.contains(&t.tag));
            !grammar && jieba.suggest_freq(c) <= COMMON
        })
}

/// Writes into `out` the sound view of `view`: every common Han character
/// replaced by its syllable's representative, all else as it is.
pub(crate) fn build_view(view: &View, out: &mut View) {
    out.clone_from(view);
    let mut bytes = std::mem::take(&mut out.text).into_bytes();
    let mut at = 0;
    while at + 3 <= bytes.len() {
        match han_at(&bytes, at).and_then(sound) {
            Some(rep) => {
                rep.encode_utf8(&mut bytes[at..at + 3]);
                at += 3;
            }
            None => at += 1,
        }
    }
    for e in &mut out.entries {
        if !e.span {
            if let Some(rep) = sound(e.ch) {
                e.ch = rep;
            }
        }
    }
    // Only three-byte characters were replaced, by three-byte ones.
    out.text = String::from_utf8(bytes).unwrap_or_else(|_| view.text.clone());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_is_no_plausible_substitute() {
        assert!(plausible("薇信", "微信"));
        assert!(plausible("堵博", "赌博"));
        assert!(plausible("賭博", "赌博"));
        assert!(!plausible("就有", "九游"));
        assert!(!plausible("也请", "射精"));
        assert!(!plausible("引不", "阴部"));
        assert!(!plausible("有信", "微信"));
    }

    #[test]
    fn same_sounds_share_a_representative() {
        for (a, b) in [('微', '薇'), ('赌', '堵'), ('信', '新'), ('博', '搏')] {
            assert_eq!(sound(a), sound(b), "{a} {b}");
            assert!(sound(a).is_some());
        }
        assert_ne!(sound('微'), sound('信'));
        assert_eq!(sound('a'), None);
    }

    #[test]
    fn variants_read_each_character_once() {
        let want: String = ['薇', '新'].iter().filter_map(|&c| sound(c)).collect();
        // 信 also reads shen, archaic: one reading only.
        assert_eq!(variants("微信"), [want]);
        // 射 also reads ye, 精 is jing: 也请 is no spelling of 射精.
        let also: String = ['也', '请'].iter().filter_map(|&c| sound(c)).collect();
        assert!(!variants("射精").contains(&also));
        assert!(variants("abc").is_empty());
        assert!(variants("逼").is_empty());
        assert!(variants("a逼").is_empty());
    }
}
