//! English evasions of SPEC 4.1 through the matcher: inflections (on by
//! default), compounds and sound-alikes (opt-in), and the innocent-word
//! guard against all of them.

use redline_matcher::{Matcher, Pattern, PatternId, Step};

/// The matched texts and their steps, for one term built by `pattern`.
fn found(pattern: Pattern, text: &str) -> Vec<(String, Vec<Step>)> {
    let m = Matcher::new([pattern]).expect("pattern compiles");
    m.find_all(text)
        .iter()
        .map(|h| {
            (
                text[h.start()..h.end()].to_string(),
                h.via().iter().collect(),
            )
        })
        .collect()
}

fn keyword(term: &str) -> Pattern {
    Pattern::keyword(PatternId(0), term)
}

#[test]
fn inflections_match_by_default() {
    let cases: &[(&str, &str, &str)] = &[
        ("fucker", "you fuckers!", "fuckers"),
        ("fuck", "what the fucking hell", "fucking"),
        ("fuck", "he fucked up", "fucked"),
        ("fuck", "fuckin hell", "fuckin"),
        ("shit", "a shitty day", "shitty"),
        ("shit", "it shits me", "shits"),
        ("shit", "stop shitting", "shitting"),
        ("whore", "whoring around", "whoring"),
        ("bitch", "stop bitching", "bitching"),
        ("bitch", "those bitches", "bitches"),
        ("kill", "killing them", "killing"),
        ("scam", "more scams", "scams"),
        ("blow job", "blow jobs", "blow jobs"),
        ("fuck", "FUCKING", "FUCKING"),
        ("fuck", "fuuuucking", "fuuuucking"),
    ];
    for &(term, text, want) in cases {
        let got = found(keyword(term), text);
        assert!(
            got.iter()
                .any(|(t, via)| t == want && via.contains(&Step::Inflection)),
            "{term} in {text:?}: {got:?}"
        );
    }
}

#[test]
fn inflections_can_be_turned_off() {
    for (term, text) in [
        ("fucker", "fuckers"),
        ("fuck", "fucking"),
        ("shit", "shitty"),
    ] {
        assert!(
            found(keyword(term).inflections(false), text).is_empty(),
            "{term} in {text}"
        );
        assert!(found(keyword(term).inflections(false), term).len() == 1);
    }
}

#[test]
fn the_term_as_written_needs_no_inflection() {
    assert_eq!(
        found(keyword("fuck"), "fuck"),
        vec![("fuck".to_string(), vec![])]
    );
}

#[test]
fn inflections_of_innocent_words_never_match() {
    let cases: &[(&str, &str)] = &[
        ("cock", "a cocky grin"),
        ("butt", "bread and butter"),
        ("tit", "a nervous titter"),
        ("spic", "spicy food"),
        ("spic", "spiced rum"),
        ("cum", "a pinch of cumin"),
        ("ho", "garden hoes"),
        ("ass", "bass guitar, class assessment"),
        ("ass", "assess them"),
    ];
    for &(term, text) in cases {
        for p in [
            keyword(term),
            keyword(term).compounds(true),
            keyword(term).sounds_like(true),
        ] {
            let got = found(p, text);
            assert!(got.is_empty(), "{term} in {text:?}: {got:?}");
        }
    }
}

#[test]
fn compounds_match_inside_words_on_request() {
    let cases: &[(&str, &str, &str)] = &[
        ("fuck", "what a headfuck", "fuck"),
        ("shit", "you shithead", "shit"),
        ("fuck", "fingerfuckers", "fuck"),
        ("ass", "kissmyass", "ass"),
        ("cunt", "xcuntx", "cunt"),
    ];
    for &(term, text, want) in cases {
        assert!(
            found(keyword(term), text).is_empty(),
            "{term} in {text:?} without compounds"
        );
        let got = found(keyword(term).compounds(true), text);
        assert_eq!(got.len(), 1, "{term} in {text:?}: {got:?}");
        assert_eq!(got[0].0, want, "{term} in {text:?}");
        assert!(got[0].1.contains(&Step::Compound), "{got:?}");
    }
    // A word that is the term and an inflection reports its longest
    // reading once, not every term inside it.
    let got = found(keyword("fuck").compounds(true), "fuckers");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "fuckers");
}

#[test]
fn compounds_never_match_innocent_words() {
    let cases: &[(&str, &str)] = &[
        ("cunt", "Scunthorpe United"),
        ("ass", "the assassin"),
        ("ass", "a class act"),
        ("ass", "CLASSSSS"),
        ("ass", "cl@ss"),
        ("penis", "Penistone market"),
        ("rapist", "my therapist"),
        ("cock", "a cocktail"),
        ("shit", "shitake mushrooms"),
        ("sex", "Essex and Middlesex"),
        ("butt", "butter"),
        ("cock", "cocky"),
        ("tit", "titter"),
        ("spic", "spicy"),
    ];
    for &(term, text) in cases {
        let got = found(keyword(term).compounds(true), text);
        assert!(got.is_empty(), "{term} in {text:?}: {got:?}");
    }
}

#[test]
fn sound_alikes_match_on_request() {
    for (term, text) in [
        ("fuck", "phuck"),
        ("fuck", "fuk"),
        ("fuck", "fcuk"),
        ("fuck", "phucking"),
        ("sucks", "it sux"),
    ] {
        assert!(
            found(keyword(term), text).is_empty(),
            "{term} in {text:?} without sounds_like"
        );
        let got = found(keyword(term).sounds_like(true), text);
        assert!(
            got.iter().any(|(_, via)| via.contains(&Step::Sound)),
            "{term} in {text:?}: {got:?}"
        );
    }
}
