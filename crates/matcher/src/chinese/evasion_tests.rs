//! Chinese evasions and the Han guard, through the whole matcher.

use crate::{Matcher, Pattern, PatternId, Step};

/// The spans (as text) and `via` of the matches of `pattern` in `text`.
fn found(pattern: Pattern, text: &str) -> Vec<(String, Vec<Step>)> {
    let matcher = Matcher::new([pattern]).expect("the pattern compiles");
    matcher
        .find_all(text)
        .iter()
        .map(|m| {
            (
                text[m.start()..m.end()].to_owned(),
                m.via().iter().collect(),
            )
        })
        .collect()
}

fn keyword(term: &str) -> Pattern {
    Pattern::keyword(PatternId(0), term)
}

#[test]
fn guard_keeps_keywords_out_of_innocent_words() {
    for (term, text, want) in [
        ("妈的", "妈妈的生日", None),
        ("妈的", "他妈的", Some("妈的")),
        ("妈的", "你妈的，滚", Some("妈的")),
        ("口交", "十字路口交通", None),
        ("口交", "视频里口交", Some("口交")),
        ("靠", "靠背", None),
        ("靠", "靠，又输了", Some("靠")),
        ("赌博", "網上賭博", Some("賭博")),
        ("冰毒", "出售冰 毒", Some("冰 毒")),
        ("色情", "特色色情", Some("色情")),
        ("奶", "我奶奶", None),
        ("奶", "奶奶奶", Some("奶奶奶")),
    ] {
        let got = found(keyword(term), text);
        assert_eq!(got.first().map(|m| m.0.as_str()), want, "{term} in {text}");
    }
}

#[test]
fn substrings_are_not_guarded() {
    let got = found(Pattern::substring(PatternId(0), "妈的"), "妈妈的生日");
    assert_eq!(got.len(), 1);
}

#[test]
fn homophones_match_same_sounds_outside_words() {
    for (term, text, want) in [
        ("微信", "加我薇信", Some("薇信")),
        // 威信 is a dictionary word (prestige): refused wherever it stands.
        ("微信", "加我威信", None),
        ("微信", "加我维新", None),
        ("微信", "他很有威信", None),
        ("赌博", "网上堵博", Some("堵博")),
        ("赌博", "我们去首都博物馆", None),
        ("微信", "加我微信", Some("微信")),
    ] {
        let got = found(keyword(term).homophones(true), text);
        assert_eq!(got.first().map(|m| m.0.as_str()), want, "{term} in {text}");
        if let Some(m) = got.first().filter(|m| m.0 != term) {
            assert!(m.1.contains(&Step::Homophone), "{text}: {m:?}");
        }
    }
    // Off by default.
    assert!(found(keyword("微信"), "加我薇信").is_empty());
}

#[test]
fn plain_matches_keep_their_via_with_homophones_on() {
    assert_eq!(
        found(keyword("微信").homophones(true), "加我微信"),
        [("微信".to_owned(), vec![])]
    );
}

#[test]
fn initials_stand_for_one_syllable() {
    for (term, text, want) in [
        ("微信", "加我微x", Some("微x")),
        ("微信", "加我w信", Some("w信")),
        ("赌博", "网上d博", Some("d博")),
        ("微信", "微xin", None),
        ("微信", "加我wx", None),
        ("赌博", "d博物馆", None),
        ("赌博", "PhD博士", None),
    ] {
        let got = found(keyword(term).initials(true), text);
        assert_eq!(got.first().map(|m| m.0.as_str()), want, "{term} in {text}");
        if let Some(m) = got.first() {
            assert!(m.1.contains(&Step::Initial), "{text}: {m:?}");
        }
    }
    assert!(found(keyword("微信"), "加我微x").is_empty());
}

#[test]
fn split_characters_match_their_components() {
    for (term, text, want) in [
        ("张", "找弓长", Some("弓长")),
        ("妈的", "你女马的", Some("女马的")),
        ("妈的", "你妈白勺", Some("妈白勺")),
    ] {
        let got = found(keyword(term).split(true), text);
        assert_eq!(got.first().map(|m| m.0.as_str()), want, "{term} in {text}");
        if let Some(m) = got.first() {
            assert!(m.1.contains(&Step::Split), "{text}: {m:?}");
        }
    }
    assert!(found(keyword("张"), "弓长").is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Every same-sound spelling of a term, built from characters of the
    /// same reading, matches it where it stands alone between separators.
    #[test]
    fn any_same_sound_spelling_matches(picks in proptest::collection::vec(0usize..3, 2)) {
        const SOUNDS: [[char; 3]; 2] = [['微', '薇', '维'], ['信', '芯', '心']];
        let text: String = picks.iter().zip(SOUNDS).map(|(&i, s)| s[i]).collect();
        let got = found(keyword("微信").homophones(true), &format!("，{text}。"));
        // A spelling that is a word (维新, 微信 itself) is refused or plain.
        let word = crate::chinese::guard::dictionary().has_word(&text);
        proptest::prop_assert!(got.len() == 1 || (word && text != "微信"), "{} {:?}", text, got);
    }
}
