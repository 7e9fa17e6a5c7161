//! The page frame and what both pages share: figures, verdict order and
//! colours, shares.

use std::collections::BTreeMap;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::chart::{self, Bar};
use super::input::Ruleset;

/// Nothing may load: no scripts, fonts, images or connections; only the
/// page's own `<style>`. A browser reports any attempt as an error.
const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// The page's styles (a constant of ours, never input).
const CSS: &str = include_str!("style.css");

/// Rules drawn in a chart and listed in a table.
const CHART_RULES: usize = 20;
const TABLE_RULES: usize = 50;

/// Verdicts in the order of restriction; others (from a newer `redline`)
/// follow by name.
const VERDICTS: [&str; 4] = ["allowed", "flagged", "over_budget", "held"];

/// The whole HTML document around `body`.
pub(super) fn frame(title: &str, ruleset: Option<&Ruleset>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "redline report: " (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { "redline report: " (title) }
                    @match ruleset {
                        Some(Ruleset::One(hash)) => p #ruleset { "Rule set " code { (hash) } },
                        Some(Ruleset::Each(sides)) => p #ruleset {
                            "Rule sets: "
                            @for (i, (side, hash)) in old_first(sides).into_iter().enumerate() {
                                @if i > 0 { ", " }
                                (side) " " code { (hash) }
                            }
                        },
                        None => {},
                    }
                }
                main { (body) }
            }
        }
    }
}

/// A diff's rule sets, `old` before `new` (then any other side by name).
fn old_first(sides: &BTreeMap<String, String>) -> Vec<(&str, &str)> {
    let mut list: Vec<(&str, &str)> = sides
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    list.sort_by_key(|(side, _)| (*side != "old", *side != "new", *side));
    list
}

/// Headline numbers, as a row of labelled figures.
pub(super) fn figures(list: &[(&str, String)]) -> Markup {
    html! {
        dl #figures {
            @for (label, value) in list {
                div { dt { (label) } dd { (value) } }
            }
        }
    }
}

/// The words of a section of rules ranked by a count.
pub(super) struct RuleWords {
    pub(super) heading: &'static str,
    pub(super) note: &'static str,
    pub(super) empty: &'static str,
    /// The table's count column.
    pub(super) count: &'static str,
    /// The column of each count's share of `total`.
    pub(super) share: &'static str,
}

/// Rules by count, largest first: the top ones as bars, more in a table.
pub(super) fn rule_section(
    words: &RuleWords,
    counts: &BTreeMap<String, u64>,
    total: u64,
) -> Markup {
    let ranked = top(counts);
    let bars: Vec<Bar> = ranked
        .iter()
        .take(CHART_RULES)
        .map(|(rule, n)| Bar::new(rule, *n, "rule"))
        .collect();
    html! {
        section #rules {
            h2 { (words.heading) }
            @if ranked.is_empty() {
                p.empty { (words.empty) }
            } @else {
                p.note { (words.note) }
                (chart::bars(words.heading, &bars))
                table #rule-table {
                    thead { tr { th { "Rule" } th.num { (words.count) } th.num { (words.share) } } }
                    tbody {
                        @for (rule, n) in ranked.iter().take(TABLE_RULES) {
                            tr { th { (rule) } td.num { (n) } td.num { (percent(*n, total)) } }
                        }
                    }
                }
                @if ranked.len() > TABLE_RULES {
                    p.note { (ranked.len() - TABLE_RULES) " more rules with lower counts." }
                }
            }
        }
    }
}

/// The rank of a verdict in [`VERDICTS`]; unknown ones after all.
pub(super) fn verdict_rank(v: &str) -> Option<usize> {
    VERDICTS.iter().position(|k| *k == v)
}

/// The CSS class that colours a verdict: from a fixed list, so the input
/// never reaches an attribute it could break out of.
pub(super) fn verdict_class(v: &str) -> &'static str {
    match v {
        "allowed" => "v-allowed",
        "flagged" => "v-flagged",
        "over_budget" => "v-over",
        "held" => "v-held",
        _ => "v-other",
    }
}

fn verdict_key(v: &str) -> (usize, &str) {
    (verdict_rank(v).unwrap_or(VERDICTS.len()), v)
}

/// Verdict counts, least restrictive first.
pub(super) fn ordered_verdicts(counts: &BTreeMap<String, u64>) -> Vec<(&str, u64)> {
    let mut rows: Vec<(&str, u64)> = counts.iter().map(|(v, n)| (v.as_str(), *n)).collect();
    rows.sort_by_key(|(v, _)| verdict_key(v));
    rows
}

/// Every verdict any of the maps names, least restrictive first.
pub(super) fn verdict_columns<'a>(
    maps: impl Iterator<Item = &'a BTreeMap<String, u64>>,
) -> Vec<&'a str> {
    let mut columns: Vec<&str> = maps.flat_map(|m| m.keys().map(String::as_str)).collect();
    columns.sort_by_key(|v| verdict_key(v));
    columns.dedup();
    columns
}

/// Counts, largest first (ties by name, so the page is the same every run).
pub(super) fn top(counts: &BTreeMap<String, u64>) -> Vec<(&str, u64)> {
    let mut rows: Vec<(&str, u64)> = counts.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    rows
}

/// A sum that cannot overflow on hostile counts.
pub(super) fn sum<'a>(counts: impl Iterator<Item = &'a u64>) -> u64 {
    counts.fold(0, |a, b| a.saturating_add(*b))
}

/// `n` as a share of `total`, or a dash when there is no total.
pub(super) fn percent(n: u64, total: u64) -> String {
    if total == 0 {
        "—".to_owned()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / total as f64)
    }
}

/// A count the input may lack.
pub(super) fn optional(n: Option<u64>) -> String {
    n.map_or_else(|| "—".to_owned(), |n| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect()
    }

    #[test]
    fn verdicts_go_from_least_to_most_restrictive_then_by_name() {
        let counts = map(&[
            ("held", 1),
            ("zzz", 2),
            ("allowed", 3),
            ("aaa", 4),
            ("flagged", 5),
        ]);
        let names: Vec<&str> = ordered_verdicts(&counts).iter().map(|(v, _)| *v).collect();
        assert_eq!(names, ["allowed", "flagged", "held", "aaa", "zzz"]);
        let (a, b) = (
            map(&[("held", 1)]),
            map(&[("over_budget", 1), ("allowed", 2)]),
        );
        assert_eq!(
            verdict_columns([&a, &b].into_iter()),
            ["allowed", "over_budget", "held"]
        );
    }

    #[test]
    fn top_is_largest_first_ties_by_name() {
        let counts = map(&[("b", 2), ("a", 2), ("c", 9), ("d", 0)]);
        assert_eq!(top(&counts), [("c", 9), ("a", 2), ("b", 2), ("d", 0)]);
    }

    #[test]
    fn shares_and_sums_survive_hostile_counts() {
        assert_eq!(percent(1, 0), "—");
        assert_eq!(percent(1, 8), "12.5%");
        assert_eq!(sum([u64::MAX, 5].iter()), u64::MAX);
    }
}
