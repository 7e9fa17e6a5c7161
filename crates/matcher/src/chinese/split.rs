//! Split characters (`split: true`, 拆字): a character written as its two
//! components (`弓长` for 张, `女马` for 妈).
//!
//! The table (`data/split.txt`) holds left-right and top-bottom splits of
//! the common simplified characters into two typeable components, derived
//! by `scripts/gen-split-table.py` from the 漢語拆字字典 (kfcd/chaizi,
//! CC BY 3.0); see rules/README.md. Splits into three or more components,
//! and radicals no input method offers as a character, are not in it.

use std::sync::OnceLock;

use crate::chinese::simplify;

/// Most split spellings of one term.
const MAX_VARIANTS: usize = 16;

/// Sorted `(character, components)` pairs, parsed once on first use.
fn table() -> &'static [(char, [char; 2])] {
    static TABLE: OnceLock<Vec<(char, [char; 2])>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: Vec<(char, [char; 2])> = include_str!("../../data/split.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut it = l.chars().filter(|c| !c.is_whitespace());
                match (it.next(), it.next(), it.next(), it.next()) {
                    (Some(c), Some(a), Some(b), None) => Some((c, [a, b])),
                    _ => None,
                }
            })
            .collect();
        t.sort_unstable_by_key(|e| e.0);
        t
    })
}

/// The two components of `c`, if the table splits it.
pub(crate) fn components(c: char) -> Option<[char; 2]> {
    let t = table();
    t.binary_search_by_key(&c, |e| e.0).ok().map(|i| t[i].1)
}

/// The spellings of `term` with one of its characters split, then (for
/// terms with several splittable characters) all of them split at once.
pub(crate) fn variants(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().map(|c| simplify(c).unwrap_or(c)).collect();
    let splits: Vec<Option<[char; 2]>> = chars.iter().map(|&c| components(c)).collect();
    let spell = |split: &dyn Fn(usize) -> bool| -> String {
        let mut s = String::new();
        for (i, &c) in chars.iter().enumerate() {
            match splits[i].filter(|_| split(i)) {
                Some(parts) => s.extend(parts),
                None => s.push(c),
            }
        }
        s
    };
    let at: Vec<usize> = (0..chars.len()).filter(|&i| splits[i].is_some()).collect();
    let mut out: Vec<String> = at.iter().map(|&i| spell(&|j| j == i)).collect();
    if at.len() > 1 {
        out.push(spell(&|_| true));
    }
    out.truncate(MAX_VARIANTS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_splits_common_characters() {
        assert_eq!(components('张'), Some(['弓', '长']));
        assert_eq!(components('妈'), Some(['女', '马']));
        assert_eq!(components('一'), None);
        assert!(table().len() > 5000);
    }

    #[test]
    fn one_character_then_all() {
        assert_eq!(variants("张"), ["弓长"]);
        assert_eq!(variants("賭博"), ["贝者博"]);
        assert_eq!(variants("妈的"), ["女马的", "妈白勺", "女马白勺"]);
        assert!(variants("一").is_empty());
    }
}
