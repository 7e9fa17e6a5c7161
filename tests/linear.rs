//! Judging is linear in the post, checked without timing: the engine's
//! work counter (hits examined, `near` window steps) at most about doubles
//! when an adversarial post of each condition kind doubles in length.

use redline_policy::{Engine, Post, Verdict};

/// A rule set, the unit an adversarial post repeats, and whether the rule
/// fires on it.
struct Case {
    name: &'static str,
    rules: String,
    unit: String,
    fires: bool,
}

fn case(name: &'static str, rules: &str, unit: &str, fires: bool) -> Case {
    Case {
        name,
        rules: rules.to_owned(),
        unit: unit.to_owned(),
        fires,
    }
}

/// `n` distinct letter-only terms (`qab`, `qac`, ...).
fn terms(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let (a, b) = (i / 26, i % 26);
            format!(
                "q{}{}",
                char::from(b'a' + a as u8),
                char::from(b'a' + b as u8)
            )
        })
        .collect()
}

fn cases() -> Vec<Case> {
    let near = "rules:\n  - id: r\n    match:\n      near: {terms: [[where to buy], [cocaine]], within: 5}\n";
    let many = terms(400);
    let nested = "rules:\n  - id: r\n    match:\n      all:\n        - any: [{keywords: [alpha]}, {all: [{keywords: [beta]}, {any: [{keywords: [gamma]}, {not: {keywords: [omega]}}]}]}]\n        - any: [{all: [{keywords: [delta]}, {any: [{keywords: [alpha]}, {keywords: [beta]}]}]}]\n        - not: {keywords: [omega]}\n";
    vec![
        case("near, every window holds", near, "where to buy cocaine ", true),
        case(
            "near, no window holds",
            near,
            "where to buy one two three four five six cocaine seven eight nine ten eleven twelve ",
            false,
        ),
        case(
            "min_matches",
            "rules:\n  - id: r\n    match: {keywords: [alpha, beta, gamma, delta, omega], min_matches: 5}\n",
            "alpha beta gamma delta ",
            false,
        ),
        case("all/any/not", nested, "alpha beta gamma delta ", true),
        case(
            "regex",
            "rules:\n  - id: r\n    match: {regex: '[0-9]{3}-[0-9]{4}'}\n",
            "call 555-1234 ",
            true,
        ),
        case(
            "one term, many hits",
            "rules:\n  - id: r\n    match: {keywords: [cocaine]}\n",
            "cocaine ",
            true,
        ),
        case(
            "many terms",
            &format!(
                "rules:\n  - id: r\n    match: {{keywords: [{}]}}\n",
                many.join(", ")
            ),
            &(many.join(" ") + " "),
            true,
        ),
    ]
}

/// The work of judging `unit` repeated to `bytes`, and the verdict.
fn work(engine: &Engine, unit: &str, bytes: usize) -> (u64, Verdict) {
    let text = unit.repeat(bytes / unit.len());
    let mut scratch = engine.create_scratch();
    let d = engine.judge_with(&Post::text(&text), &mut scratch);
    (scratch.last_work(), d.verdict)
}

fn assert_linear(name: &str, engine: &Engine, unit: &str, fires: Option<bool>) {
    let (small, v1) = work(engine, unit, 32 << 10);
    let (large, v2) = work(engine, unit, 64 << 10);
    if let Some(fires) = fires {
        assert_eq!(v1 != Verdict::Allowed, fires, "{name}: verdict {v1}");
    }
    assert_eq!(v1, v2, "{name}");
    assert!(small > 0, "{name}: no work counted");
    assert!(
        large as f64 <= 2.1 * small as f64,
        "{name}: work {small} at 32 KiB, {large} at 64 KiB"
    );
}

#[test]
fn work_grows_linearly_for_every_condition_kind() {
    for c in cases() {
        let engine = Engine::from_yaml(&c.rules).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        assert_linear(c.name, &engine, &c.unit, Some(c.fires));
    }
}

#[test]
fn work_grows_linearly_for_the_builtin_rules() {
    let engine = Engine::builtin().expect("builtin rules");
    let unit = "where to buy cocaine i will kill you bomb the school you bitch 赌博 网赌 casino bonus free spins 冰毒 求购冰毒 call 13812345678 joe@mail.com 1488 ";
    assert_linear("builtin", &engine, unit, Some(true));
}
