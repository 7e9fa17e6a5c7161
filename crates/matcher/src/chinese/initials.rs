//! Pinyin initials (`initials: true`): one Han syllable of a term written
//! as the first letter of its pinyin (`微x` for 微信, `d博` for 赌博).
//!
//! Only one syllable at a time, and only in terms of two or more Han
//! characters: a term reduced to letters alone (`wx`) is a different
//! keyword, for the rule to list.

use crate::chinese::homophones::READINGS;
use crate::chinese::{readings, simplify};

/// Most initial spellings of one term.
const MAX_VARIANTS: usize = 16;

/// The spellings of `term` with one Han character written as the initial
/// of one of its readings.
pub(crate) fn variants(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().map(|c| simplify(c).unwrap_or(c)).collect();
    let initials: Vec<Vec<char>> = chars
        .iter()
        .map(|&c| {
            let mut out: Vec<char> = Vec::new();
            for r in readings(c).into_iter().take(READINGS) {
                if let Some(i) = r.chars().next().filter(char::is_ascii_lowercase) {
                    if !out.contains(&i) {
                        out.push(i);
                    }
                }
            }
            out
        })
        .collect();
    if initials.iter().filter(|i| !i.is_empty()).count() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (at, options) in initials.iter().enumerate() {
        for &initial in options {
            if out.len() == MAX_VARIANTS {
                return out;
            }
            let mut s: String = chars[..at].iter().collect();
            s.push(initial);
            s.extend(&chars[at + 1..]);
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_syllable_at_a_time() {
        // 信 also reads shen.
        assert_eq!(variants("微信"), ["w信", "微x", "微s"]);
        assert_eq!(variants("賭博"), ["d博", "赌b"]);
        // 行 reads xing, hang and heng: the first two count.
        assert_eq!(variants("银行"), ["y行", "银x", "银h"]);
        assert!(variants("赌").is_empty());
        assert!(variants("dubo").is_empty());
    }
}
