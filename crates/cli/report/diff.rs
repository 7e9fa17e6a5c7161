//! The page for `redline diff` output: what a rules change did.

use std::collections::BTreeMap;
use std::io::BufRead;

use anyhow::{bail, Context, Result};
use maud::{html, Markup};
use serde::Deserialize;
use serde_json::Value;

use super::chart::{self, Bar, Segment};
use super::input::{typed, Lines, Ruleset};
use super::page::{self, percent, verdict_rank, RuleWords};

/// Changed posts listed one by one; the rest are counted.
const LISTED: usize = 100;

/// One line of `diff` output.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Record {
    Change(Change),
    Summary(Summary),
}

/// A post whose verdict changed somewhere.
#[derive(Debug, Deserialize)]
pub(crate) struct Change {
    line: Option<u64>,
    #[serde(default)]
    id: Value,
    old: String,
    new: String,
    #[serde(default)]
    jurisdictions: BTreeMap<String, Move>,
    #[serde(default)]
    old_rules: Vec<String>,
    #[serde(default)]
    new_rules: Vec<String>,
}

/// One jurisdiction's verdict before and after.
#[derive(Debug, Deserialize)]
struct Move {
    old: String,
    new: String,
}

/// The counts `diff` ends with.
#[derive(Debug, Deserialize)]
pub(crate) struct Summary {
    posts: u64,
    changed: u64,
    by_direction: BTreeMap<String, u64>,
    #[serde(default)]
    jurisdiction_only: u64,
    #[serde(default)]
    by_jurisdiction: BTreeMap<String, BTreeMap<String, u64>>,
    ruleset: Option<Ruleset>,
}

/// `diff` output, read: the summary, the first changes and per-rule counts.
#[derive(Debug)]
pub(crate) struct DiffReport {
    summary: Summary,
    /// The first [`LISTED`] change records.
    listed: Vec<Change>,
    /// Change records read.
    changes: u64,
    /// Per rule, the changed posts it fired on (before or after).
    rules: BTreeMap<String, u64>,
}

/// Reads `diff` output whose first record, `first`, was just read from
/// `lines`.
pub(super) fn read(first: Value, lines: &mut Lines<impl BufRead>) -> Result<DiffReport> {
    let mut listed = Vec::new();
    let mut changes = 0u64;
    let mut rules = BTreeMap::<String, u64>::new();
    let mut record = first;
    loop {
        let at = lines.number;
        let parsed: Record =
            typed(record).with_context(|| format!("line {at}: not a `diff` record"))?;
        match parsed {
            Record::Change(change) => {
                changes += 1;
                let mut fired: Vec<&String> =
                    change.old_rules.iter().chain(&change.new_rules).collect();
                fired.sort();
                fired.dedup();
                for rule in fired {
                    let n = rules.entry(rule.clone()).or_default();
                    *n = n.saturating_add(1);
                }
                if listed.len() < LISTED {
                    listed.push(change);
                }
            }
            Record::Summary(summary) => {
                if lines.next_nonblank()?.is_some() {
                    bail!(
                        "line {}: more input after the `diff` summary (were several outputs joined?)",
                        lines.number
                    );
                }
                return Ok(DiffReport {
                    summary,
                    listed,
                    changes,
                    rules,
                });
            }
        }
        let Some(line) = lines.next_nonblank()? else {
            bail!("the `diff` output ends without its `\"type\": \"summary\"` line (was it cut short?)");
        };
        record = serde_json::from_str(&line)
            .with_context(|| format!("line {} is not JSON", lines.number))?;
    }
}

/// How a verdict moved: to a stricter one, a looser one, or neither.
fn direction_class(old: &str, new: &str) -> &'static str {
    match (verdict_rank(old), verdict_rank(new)) {
        (Some(a), Some(b)) if b > a => "d-stricter",
        (Some(a), Some(b)) if b < a => "d-looser",
        _ => "d-other",
    }
}

/// `flagged->held` as its verdicts.
fn split_direction(direction: &str) -> (&str, &str) {
    direction.split_once("->").unwrap_or((direction, ""))
}

fn class_of(direction: &str) -> &'static str {
    let (old, new) = split_direction(direction);
    direction_class(old, new)
}

/// `flagged->held` as people read it.
fn arrow(direction: &str) -> String {
    match direction.split_once("->") {
        Some((old, new)) => format!("{old} → {new}"),
        None => direction.to_owned(),
    }
}

/// Directions stricter first, then looser, then the rest; by name within.
fn direction_order(directions: &mut [&str]) {
    let rank = |d: &str| match class_of(d) {
        "d-stricter" => 0,
        "d-looser" => 1,
        _ => 2,
    };
    directions.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
}

/// A post id as given: strings bare, other JSON as JSON, none as a dash.
fn shown_id(id: &Value) -> String {
    match id {
        Value::Null => "—".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The whole page.
pub(super) fn page(d: &DiffReport) -> Markup {
    let body = html! {
        (figures(d))
        (directions(d))
        (jurisdictions(d))
        (rules(d))
        (changes(d))
    };
    page::frame("Rules change", d.summary.ruleset.as_ref(), body)
}

fn figures(d: &DiffReport) -> Markup {
    let s = &d.summary;
    page::figures(&[
        ("Posts", s.posts.to_string()),
        ("Changed", s.changed.to_string()),
        ("Changed share", percent(s.changed, s.posts)),
        (
            "Overall verdict changed",
            s.changed.saturating_sub(s.jurisdiction_only).to_string(),
        ),
        ("One jurisdiction only", s.jurisdiction_only.to_string()),
    ])
}

fn directions(d: &DiffReport) -> Markup {
    let s = &d.summary;
    let mut names: Vec<&str> = s.by_direction.keys().map(String::as_str).collect();
    direction_order(&mut names);
    let count = |name: &str| s.by_direction.get(name).copied().unwrap_or(0);
    let labels: Vec<String> = names.iter().map(|n| arrow(n)).collect();
    let bars: Vec<Bar> = names
        .iter()
        .zip(&labels)
        .map(|(name, label)| Bar::new(label, count(name), class_of(name)))
        .collect();
    html! {
        section #directions {
            h2 { "Changes by direction" }
            p.note { "Posts whose overall verdict moved, by old and new verdict." }
            @if bars.is_empty() {
                p.empty { "No post's overall verdict changed." }
            } @else {
                (chart::bars("Changes by direction", &bars))
                table #direction-table {
                    thead { tr { th { "Direction" } th.num { "Posts" } th.num { "Share of posts" } } }
                    tbody {
                        @for (name, label) in names.iter().zip(&labels) {
                            tr class=(class_of(name)) { th { (label) } td.num { (count(name)) } td.num { (percent(count(name), s.posts)) } }
                        }
                    }
                }
            }
        }
    }
}

fn jurisdictions(d: &DiffReport) -> Markup {
    let by = &d.summary.by_jurisdiction;
    let mut columns: Vec<&str> = by
        .values()
        .flat_map(|m| m.keys().map(String::as_str))
        .collect();
    direction_order(&mut columns);
    columns.dedup();
    let labels: Vec<String> = columns.iter().map(|c| arrow(c)).collect();
    let legend: Vec<(&str, &'static str)> = columns
        .iter()
        .zip(&labels)
        .map(|(c, l)| (l.as_str(), class_of(c)))
        .collect();
    let rows: Vec<(&str, Vec<Segment>)> = by
        .iter()
        .map(|(code, counts)| {
            let segments = columns
                .iter()
                .zip(&labels)
                .filter_map(|(c, l)| counts.get(*c).map(|n| Segment::new(l, *n, class_of(c))))
                .collect();
            (code.as_str(), segments)
        })
        .collect();
    html! {
        section #jurisdictions {
            h2 { "Changes per jurisdiction" }
            @if rows.is_empty() {
                p.empty { "No jurisdiction's verdict changed." }
            } @else {
                (chart::stacked("Changes per jurisdiction", &legend, &rows))
                table #jurisdiction-table {
                    thead { tr {
                        th { "Jurisdiction" }
                        @for l in &labels { th.num { (l) } }
                        th.num { "Posts" }
                    } }
                    tbody {
                        @for (code, counts) in by {
                            tr {
                                th { (code) }
                                @for c in &columns { td.num { (counts.get(*c).copied().unwrap_or(0)) } }
                                td.num { (page::sum(counts.values())) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn rules(d: &DiffReport) -> Markup {
    let words = RuleWords {
        heading: "Rules in changed posts",
        note: "Changed posts each rule fired on, under the old or the new rules.",
        empty: "No change record names a rule.",
        count: "Changed posts",
        share: "Share of changed posts",
    };
    page::rule_section(&words, &d.rules, d.changes)
}

fn changes(d: &DiffReport) -> Markup {
    html! {
        section #changes {
            h2 { "Changed posts" }
            @if d.changes != d.summary.changed {
                p.warning #count-mismatch {
                    "The summary counts " (d.summary.changed) " changed posts but the input holds "
                    (d.changes) " change records."
                }
            }
            @if d.listed.is_empty() {
                p.empty { "No change records." }
            } @else {
                @if d.changes > d.listed.len() as u64 {
                    p.note { "The first " (d.listed.len()) " of " (d.changes) " change records." }
                }
                table #change-table {
                    thead { tr {
                        th.num { "Line" } th { "Id" } th { "Verdict" } th { "Jurisdictions" }
                        th { "Rules before" } th { "Rules after" }
                    } }
                    tbody {
                        @for c in &d.listed {
                            tr {
                                td.num { (page::optional(c.line)) }
                                td { (shown_id(&c.id)) }
                                td class=(direction_class(&c.old, &c.new)) { (c.old) " → " (c.new) }
                                td {
                                    @for (i, (code, m)) in c.jurisdictions.iter().enumerate() {
                                        @if i > 0 { br; }
                                        (code) ": " (m.old) " → " (m.new)
                                    }
                                }
                                td { (c.old_rules.join(", ")) }
                                td { (c.new_rules.join(", ")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_are_stricter_looser_or_neither() {
        assert_eq!(class_of("flagged->held"), "d-stricter");
        assert_eq!(class_of("held->allowed"), "d-looser");
        assert_eq!(class_of("held->over_budget"), "d-looser");
        assert_eq!(class_of("held->mystery"), "d-other");
        assert_eq!(class_of("no arrow"), "d-other");
        let mut names = vec!["held->flagged", "x->y", "allowed->held", "allowed->flagged"];
        direction_order(&mut names);
        assert_eq!(
            names,
            ["allowed->flagged", "allowed->held", "held->flagged", "x->y"]
        );
        assert_eq!(arrow("flagged->held"), "flagged → held");
    }

    #[test]
    fn ids_show_as_given() {
        assert_eq!(shown_id(&Value::Null), "—");
        assert_eq!(shown_id(&serde_json::json!("p1")), "p1");
        assert_eq!(shown_id(&serde_json::json!(12)), "12");
        assert_eq!(shown_id(&serde_json::json!({"a": 1})), r#"{"a":1}"#);
    }
}
