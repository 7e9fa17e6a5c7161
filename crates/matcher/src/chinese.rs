//! Chinese folding data: traditional to simplified, and toneless pinyin.

use std::sync::OnceLock;

use pinyin::ToPinyinMulti;

/// Code point ranges of CJK ideographs that OpenCC may convert.
const IDEOGRAPHS: [(u32, u32); 4] = [
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2A6DF),
];

/// Sorted `(traditional, simplified)` pairs for single characters.
///
/// Built once per process from OpenCC's `t2s` dictionaries
/// (`ferrous-opencc`), character by character: folding must keep every
/// character's place so spans map back, and traditional to simplified is
/// many-to-one, so per-character folding is safe (the reverse is not).
fn table() -> &'static [(char, char)] {
    static TABLE: OnceLock<Vec<(char, char)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let Ok(cc) =
            ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s)
        else {
            return Vec::new();
        };
        let mut buf = [0u8; 4];
        let mut pairs = Vec::with_capacity(4200);
        for (lo, hi) in IDEOGRAPHS {
            for c in (lo..=hi).filter_map(char::from_u32) {
                let converted = cc.convert(c.encode_utf8(&mut buf));
                let mut it = converted.chars();
                if let (Some(s), None) = (it.next(), it.next()) {
                    if s != c {
                        pairs.push((c, s));
                    }
                }
            }
        }
        pairs
    })
}

/// Loads the conversion table now rather than on the first scan.
pub(crate) fn warm_up() {
    table();
}

/// The simplified form of a traditional character, if it has one.
pub(crate) fn simplify(c: char) -> Option<char> {
    if !IDEOGRAPHS
        .iter()
        .any(|&(lo, hi)| (lo..=hi).contains(&(c as u32)))
    {
        return None;
    }
    let t = table();
    t.binary_search_by_key(&c, |&(from, _)| from)
        .ok()
        .map(|i| t[i].1)
}

/// Toneless pinyin readings of a character (several for heteronyms),
/// deduplicated, most common first.
pub(crate) fn readings(c: char) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    if let Some(multi) = c.to_pinyin_multi() {
        for p in multi {
            let r = p.plain();
            if !out.contains(&r) {
                out.push(r);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_folds_to_simplified() {
        assert_eq!(simplify('賭'), Some('赌'));
        assert_eq!(simplify('紅'), Some('红'));
        assert_eq!(simplify('書'), Some('书'));
        assert_eq!(simplify('赌'), None);
        assert_eq!(simplify('a'), None);
    }

    #[test]
    fn pinyin_readings() {
        assert_eq!(readings('赌'), vec!["du"]);
        assert!(readings('行').contains(&"hang"));
        assert!(readings('a').is_empty());
    }
}
