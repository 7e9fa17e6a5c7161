//! Character classes the folding pipeline relies on.

use unicode_script::{Script, UnicodeScript};

use crate::chinese::is_common_han;

/// Scripts written without spaces between words: a term in them matches
/// anywhere, and each character counts as one word for `near`.
pub(crate) fn is_unspaced(c: char) -> bool {
    match c as u32 {
        0..=0x7F => return false,
        // Fast paths for the common blocks: kana, CJK ideographs.
        0x3040..=0x30FF => return true,
        cp if is_common_han(cp) => return true,
        _ => {}
    }
    matches!(
        c.script(),
        Script::Han
            | Script::Hiragana
            | Script::Katakana
            | Script::Thai
            | Script::Lao
            | Script::Khmer
            | Script::Myanmar
    ) || matches!(c, '々' | '〇' | 'ー')
}

/// Characters of words in spaced scripts (Latin, Cyrillic, Greek, Hangul,
/// digits, ...): terms made of them match on word boundaries.
pub(crate) fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() && !is_unspaced(c)
}

/// Unicode `Default_Ignorable_Code_Point` (DerivedCoreProperties.txt):
/// characters that render as nothing and are dropped before matching.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5
        | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0
        | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

/// Sentence punctuation of CJK text. A separator run holding one of these
/// is a real boundary, so Chinese terms are not joined across it.
pub(crate) const fn is_sentence_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '。'
            | '、'
            | '，'
            | ','
            | '！'
            | '!'
            | '？'
            | '?'
            | '；'
            | ';'
            | '：'
            | ':'
            | '「'
            | '」'
            | '『'
            | '』'
            | '《'
            | '》'
            | '【'
            | '】'
            | '（'
            | '）'
            | '('
            | ')'
    )
}

/// The letter a leetspeak character stands for, and whether it is a symbol
/// (symbols double as punctuation, so they never break a word boundary).
///
/// `1` and `|` read as `i` here; patterns with an `l` get an `i` variant
/// at compile time, so both readings match without scan-time branching.
pub(crate) const fn leet(c: char) -> Option<(char, bool)> {
    Some(match c {
        '0' => ('o', false),
        '1' => ('i', false),
        '3' => ('e', false),
        '4' => ('a', false),
        '5' => ('s', false),
        '7' => ('t', false),
        '8' => ('b', false),
        '9' => ('g', false),
        '@' => ('a', true),
        '$' => ('s', true),
        '!' => ('i', true),
        '|' => ('i', true),
        '(' => ('c', true),
        '<' => ('c', true),
        '+' => ('t', true),
        _ => return None,
    })
}

/// Latin look-alike of a letter from another script (Cyrillic `с`, Greek
/// `ο`), after the UTS #39 confusables skeleton. Only single ASCII letters
/// are taken: the skeleton also maps `m` to `rn` and `1` to `l`, which is
/// right for spoof detection and wrong for matching. Letters the skeleton
/// leaves alone fall back to [`lookalike`] (Greek `μ`, Cyrillic `и`).
pub(crate) fn homoglyph(c: char) -> Option<char> {
    if c.is_ascii() || !c.is_alphabetic() || is_unspaced(c) {
        return None;
    }
    let mut buf = [0u8; 4];
    let mut skeleton = unicode_security::skeleton(c.encode_utf8(&mut buf));
    let first = skeleton.next()?;
    if skeleton.next().is_some() || !first.is_ascii_alphabetic() {
        return lookalike(c).filter(|_| shape_script(c));
    }
    Some(first.to_ascii_lowercase())
}

/// Whether `c` is of a script whose letters fold by shape: Latin (the
/// stroked and hooked letters NFKD keeps, `ƒ` `ł` `ø`, but not `ß`, which
/// reads `ss`), Greek, Cyrillic, Armenian, Cherokee. Other scripts (Arabic,
/// Hebrew, Indic, Hangul) are real writing, not look-alikes of Latin.
fn shape_script(c: char) -> bool {
    !matches!(c, 'ß' | 'ẞ')
        && matches!(
            c.script(),
            Script::Latin | Script::Greek | Script::Cyrillic | Script::Armenian | Script::Cherokee
        )
}

/// The ASCII letter decancer's look-alike table reads `c` as, if one.
fn lookalike(c: char) -> Option<char> {
    match c {
        // Written for `h` (`βιτ⊂η`); decancer reads it `n`.
        'η' | 'Η' => return Some('h'),
        _ => {}
    }
    match decancer::cure_char(c, decancer::Options::default()) {
        decancer::Translation::Character(l) if l.is_ascii_lowercase() => Some(l),
        _ => None,
    }
}

/// Enclosed, squared and regional-indicator letters NFKD leaves alone
/// (`🅾`, `🇨`): letters in disguise wherever they stand.
pub(crate) fn enclosed_letter(c: char) -> Option<char> {
    match c as u32 {
        0x1F100..=0x1F1FF => lookalike(c),
        _ => None,
    }
}

/// The letter a symbol outside ASCII stands for by shape (`¢`, `⊂`, `€`),
/// from currency, letter-like and mathematical symbols: like leetspeak
/// symbols, read as letters only inside a token that holds a letter.
pub(crate) fn symbol_lookalike(c: char) -> Option<char> {
    match c as u32 {
        0xA2..=0xAE | 0x20A0..=0x20CF | 0x2100..=0x214F | 0x2200..=0x22FF => lookalike(c),
        _ => None,
    }
}

/// The letter any symbol stands for inside a token with a letter: ASCII
/// leetspeak (`@`, `$`, `<`) or a look-alike symbol (`¢`).
pub(crate) fn symbol_letter(c: char) -> Option<char> {
    if c.is_ascii() {
        leet(c).filter(|l| l.1).map(|l| l.0)
    } else {
        symbol_lookalike(c)
    }
}

/// Characters that hide one letter each inside a word (`f*ck`, `sh#t`).
pub(crate) const fn is_mask(c: char) -> bool {
    matches!(c, '*' | '#' | '_' | '•' | '∗' | '●')
}

/// Separators that keep two words apart even with no space between
/// (`let's`): whitespace and apostrophes.
pub(crate) const fn is_blank(c: char) -> bool {
    // Unicode `White_Space`, spelled out so that the ASCII table of the
    // simple view can be built at compile time.
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`')
        || matches!(c as u32,
            0x09..=0x0D | 0x20 | 0x85 | 0xA0 | 0x1680 | 0x2000..=0x200A
            | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_unspaced('赌'));
        assert!(is_unspaced('カ'));
        assert!(!is_unspaced('a'));
        assert!(is_word('é'));
        assert!(is_word('с'));
        assert!(is_word('한'));
        assert!(!is_word('赌'));
        assert!(!is_word('-'));
        assert!(is_invisible('\u{200b}'));
        assert!(is_invisible('\u{ad}'));
        assert!(!is_invisible(' '));
        for c in (0..0x11000).filter_map(char::from_u32) {
            let apostrophe = matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`');
            assert_eq!(is_blank(c), c.is_whitespace() || apostrophe, "{c:?}");
        }
    }

    #[test]
    fn homoglyphs_map_to_single_latin_letters() {
        assert_eq!(homoglyph('с'), Some('c'));
        assert_eq!(homoglyph('о'), Some('o'));
        assert_eq!(homoglyph('α'), Some('a'));
        assert_eq!(homoglyph('m'), None);
        assert_eq!(homoglyph('一'), None);
        assert_eq!(homoglyph('ж'), Some('x'));
        assert_eq!(homoglyph('μ'), Some('u'));
        assert_eq!(homoglyph('η'), Some('h'));
        assert_eq!(homoglyph('ß'), None);
        assert_eq!(homoglyph('한'), None);
        assert_eq!(homoglyph('ب'), None);
        assert_eq!(enclosed_letter('🅾'), Some('o'));
        assert_eq!(enclosed_letter('🇨'), Some('c'));
        assert_eq!(enclosed_letter('🍑'), None);
        assert_eq!(symbol_lookalike('¢'), Some('c'));
        assert_eq!(symbol_lookalike('⊂'), Some('c'));
        assert_eq!(symbol_lookalike('🍑'), None);
        assert_eq!(symbol_letter('<'), Some('c'));
        assert_eq!(symbol_letter('1'), None);
    }
}
