//! Matcher core: every evasion and false-positive guard of SPEC section 4.

use redline_matcher::{normalize, Matcher, Pattern, PatternId, Step};

fn keywords(terms: &[&str]) -> Matcher {
    let patterns = terms
        .iter()
        .enumerate()
        .map(|(i, t)| Pattern::keyword(PatternId(i as u32), t));
    Matcher::new(patterns).expect("patterns compile")
}

/// The matched original texts, with the term that matched.
fn hits(m: &Matcher, terms: &[&str], text: &str) -> Vec<(String, String)> {
    m.find_all(text)
        .iter()
        .map(|h| {
            (
                terms[h.pattern().0 as usize].to_string(),
                text[h.start()..h.end()].to_string(),
            )
        })
        .collect()
}

#[test]
fn every_spec_evasion_matches() {
    let terms = ["cocaine", "赌博", "小红书", "冰毒"];
    let m = keywords(&terms);
    let cases: &[(&str, &str, &str, Step)] = &[
        ("COCAINE", "cocaine", "COCAINE", Step::Case),
        ("CoCaInE", "cocaine", "CoCaInE", Step::Case),
        (
            "buy ｃｏｃａｉｎｅ now",
            "cocaine",
            "ｃｏｃａｉｎｅ",
            Step::Width,
        ),
        ("𝐜𝐨𝐜𝐚𝐢𝐧𝐞", "cocaine", "𝐜𝐨𝐜𝐚𝐢𝐧𝐞", Step::Width),
        ("ⓒⓞⓒⓐⓘⓝⓔ", "cocaine", "ⓒⓞⓒⓐⓘⓝⓔ", Step::Width),
        ("cócaïne", "cocaine", "cócaïne", Step::Accent),
        (
            "co\u{200b}caine",
            "cocaine",
            "co\u{200b}caine",
            Step::Invisible,
        ),
        ("co\u{ad}caine", "cocaine", "co\u{ad}caine", Step::Invisible),
        ("соcaine", "cocaine", "соcaine", Step::Homoglyph),
        ("c0ca1ne", "cocaine", "c0ca1ne", Step::Leet),
        ("(0c@ine", "cocaine", "(0c@ine", Step::Leet),
        (
            "get c.o.c.a.i.n.e",
            "cocaine",
            "c.o.c.a.i.n.e",
            Step::Separator,
        ),
        (
            "c o c a i n e here",
            "cocaine",
            "c o c a i n e",
            Step::Separator,
        ),
        ("c-o-c-a-i-n-e", "cocaine", "c-o-c-a-i-n-e", Step::Separator),
        ("卖冰 毒", "冰毒", "冰 毒", Step::Separator),
        ("卖冰.毒", "冰毒", "冰.毒", Step::Separator),
        ("cocaaaaine", "cocaine", "cocaaaaine", Step::Repeat),
        ("網上賭博", "赌博", "賭博", Step::Traditional),
        ("小紅書", "小红书", "小紅書", Step::Traditional),
        ("cocaine-free", "cocaine", "cocaine", Step::Case),
    ];
    let mut failures = Vec::new();
    for &(text, term, span, step) in cases {
        let found = m.find_all(text);
        let hit = found
            .iter()
            .find(|h| terms[h.pattern().0 as usize] == term && &text[h.start()..h.end()] == span);
        match hit {
            Some(h) if step == Step::Case && text == "cocaine-free" => assert!(h.via().is_empty()),
            Some(h) if h.via().contains(step) => {}
            Some(h) => failures.push(format!("{text:?}: via {:?} lacks {step}", h.via())),
            None => failures.push(format!(
                "{text:?}: no {term} at {span:?}, got {:?}",
                hits(&m, &terms, text)
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn precision_guards_hold() {
    let terms = ["ass", "sex", "cocaine", "heroin"];
    let m = keywords(&terms);
    for text in [
        "class assessment",
        "Essex",
        "Sussex",
        "bass guitar",
        "passion",
        "heroine",
        "cocainene",
        "as good as it gets",
        "the god of good food",
    ] {
        assert_eq!(hits(&m, &terms, text), vec![], "{text:?} must not match");
    }
    assert_eq!(
        hits(&m, &terms, "cocaine-free"),
        vec![("cocaine".into(), "cocaine".into())]
    );
}

#[test]
fn doubled_letters_are_not_single_letters() {
    let terms = ["god", "bet", "kill"];
    let m = keywords(&terms);
    assert!(hits(&m, &terms, "good beet").is_empty());
    assert_eq!(hits(&m, &terms, "ki11 him").len(), 1);
    assert_eq!(hits(&m, &terms, "k!ll").len(), 1);
    assert!(hits(&m, &terms, "kil").is_empty());
}

#[test]
fn ones_for_ls_in_short_and_long_terms() {
    // Up to three `l`s may each be written `1`; past that, all or none.
    let terms = ["lol", "la ".repeat(40).trim_end().to_string().leak()];
    let m = keywords(&terms);
    for text in ["lol", "1ol", "lo1", "1o1"] {
        assert_eq!(hits(&m, &terms, text).len(), 1, "{text:?}");
    }
    let long = terms[1];
    assert_eq!(hits(&m, &terms, long).len(), 1);
    assert_eq!(hits(&m, &terms, &long.replace('l', "1")).len(), 1);
    assert!(hits(&m, &terms, &long.replacen('l', "1", 1)).is_empty());
}

#[test]
fn pinyin_only_when_asked() {
    let with = Matcher::new([Pattern::keyword(PatternId(0), "赌博").pinyin(true)]).unwrap();
    let without = Matcher::new([Pattern::keyword(PatternId(0), "赌博")]).unwrap();
    for text in ["dubo", "du bo", "赌bo", "DuBo online"] {
        let found = with.find_all(text);
        assert_eq!(found.len(), 1, "{text:?}");
        assert!(found[0].via().contains(Step::Pinyin));
        assert!(without.find_all(text).is_empty(), "{text:?}");
    }
    assert!(with.find_all("dubois").is_empty());
}

#[test]
fn han_matches_anywhere_latin_on_boundaries() {
    let terms = ["网赌", "free spins", "sex"];
    let m = keywords(&terms);
    assert_eq!(hits(&m, &terms, "加我网赌优惠").len(), 1);
    assert_eq!(hits(&m, &terms, "我要sex服务").len(), 1);
    assert_eq!(hits(&m, &terms, "100 FREE   spins!").len(), 1);
    assert!(hits(&m, &terms, "freespins").is_empty());
}

#[test]
fn open_edges_may_start_inside_a_run() {
    // See: the matcher_reference property that found it.
    let terms = ["色情", "情色", "as"];
    let m = Matcher::new([
        Pattern::keyword(PatternId(0), terms[0]),
        Pattern::keyword(PatternId(1), terms[1]),
        Pattern::substring(PatternId(2), terms[2]),
    ])
    .unwrap();
    assert_eq!(
        hits(&m, &terms, "特色色情"),
        vec![("色情".into(), "色情".into())]
    );
    assert_eq!(
        hits(&m, &terms, "情色色"),
        vec![("情色".into(), "情色".into())]
    );
    assert_eq!(hits(&m, &terms, "aass"), vec![("as".into(), "as".into())]);
}

#[test]
fn exact_and_substring_options() {
    let m = Matcher::new([
        Pattern::keyword(PatternId(0), "CoKe").normalize(false),
        Pattern::substring(PatternId(1), "porn"),
    ])
    .unwrap();
    let ids = |t: &str| {
        m.find_all(t)
            .iter()
            .map(|h| h.pattern().0)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("coke"), vec![0]);
    assert_eq!(ids("c0ke"), Vec::<u32>::new());
    assert_eq!(ids("pornhub"), vec![1]);
    assert_eq!(ids("p0rnhub"), vec![1]);
}

#[test]
fn regexes_report_original_spans() {
    let m = Matcher::new([
        Pattern::regex(PatternId(0), r"1[3-9]\d{9}"),
        Pattern::regex(PatternId(1), r"cocaine").normalize(true),
    ])
    .unwrap();
    let text = "电话13812345678 ｃｏｃａｉｎｅ";
    let found = m.find_all(text);
    let spans: Vec<(u32, &str)> = found
        .iter()
        .map(|h| (h.pattern().0, &text[h.start()..h.end()]))
        .collect();
    assert_eq!(spans, vec![(0, "13812345678"), (1, "ｃｏｃａｉｎｅ")]);
}

#[test]
fn every_overlapping_pattern_is_reported() {
    let terms = ["betting site", "betting", "site"];
    let m = keywords(&terms);
    assert_eq!(hits(&m, &terms, "a betting site").len(), 3);
}

#[test]
fn bad_patterns_are_all_reported() {
    let err = Matcher::new([
        Pattern::regex(PatternId(7), "("),
        Pattern::keyword(PatternId(8), " .. "),
        Pattern::regex(PatternId(9), "[z-a]"),
    ])
    .unwrap_err();
    let ids: Vec<_> = err
        .problems()
        .iter()
        .filter_map(|p| p.pattern())
        .map(|p| p.0)
        .collect();
    assert_eq!(ids, vec![8, 7, 9]);
}

#[test]
fn word_indices_count_han_characters() {
    let m = keywords(&["buy", "冰毒"]);
    let found = m.find_all("buy 冰毒 now");
    let words: Vec<_> = found.iter().map(|h| h.words()).collect();
    assert_eq!(words, vec![(0, 0), (1, 2)]);
}

#[test]
fn normalize_is_idempotent_on_examples() {
    for t in [
        "Ｃ0caaaine!!",
        "c o c a",
        "冰 毒。賭博",
        "(hello) w0rld 2024",
        "ß straße ǅ",
    ] {
        let once = normalize(t);
        assert_eq!(normalize(once.as_str()).as_str(), once.as_str(), "{t:?}");
    }
}

#[test]
fn public_types_are_send_sync() {
    fn check<T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}
    check::<Matcher>();
    check::<redline_matcher::Scratch>();
    check::<redline_matcher::Match>();
    check::<redline_matcher::BuildError>();
    check::<redline_matcher::Normalized>();
    check::<Pattern>();
}
