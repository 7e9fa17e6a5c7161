//! Adversarial posts for each condition kind, shared by the hostile bench
//! (`benches/hostile.rs`, time) and `tests/linear.rs` (work counted).

/// A rule set, the unit an adversarial post repeats, and whether the rule
/// fires on it.
pub(crate) struct Case {
    pub(crate) name: &'static str,
    /// YAML; empty for the built-in rules.
    pub(crate) rules: String,
    pub(crate) unit: String,
    pub(crate) fires: bool,
}

/// Ordinary text that no rule matches: the baseline of the same size.
pub(crate) const BENIGN_UNIT: &str =
    "the weather today is lovely and the park was full of people walking their dogs ";

/// Terms of most built-in packs, dense: every rule kind of the shipped
/// rules at once.
pub(crate) const BUILTIN_MIXED_UNIT: &str = "where to buy cocaine i will kill you bomb the school you bitch 赌博 网赌 casino bonus free spins 冰毒 求购冰毒 call 13812345678 joe@mail.com 1488 ";

fn case(name: &'static str, rules: &str, unit: &str, fires: bool) -> Case {
    Case {
        name,
        rules: rules.to_owned(),
        unit: unit.to_owned(),
        fires,
    }
}

/// `n` distinct letter-only terms (`qaa`, `qab`, ...).
fn terms(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let (a, b) = ((i / 26) % 26, i % 26);
            format!(
                "q{}{}",
                char::from(b'a' + a as u8),
                char::from(b'a' + b as u8)
            )
        })
        .collect()
}

/// One case per condition kind, then the built-in rules.
pub(crate) fn cases() -> Vec<Case> {
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
        case("built-in rules, near", "", "where to buy cocaine ", true),
        case("built-in rules, mixed", "", BUILTIN_MIXED_UNIT, true),
    ]
}
