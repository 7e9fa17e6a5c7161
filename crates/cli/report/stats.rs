//! The page for a `moderate --stats` file.
//!
//! Queue data (SPEC section 8) is shown only when the stats hold a
//! `queues` object; the shape expected, per queue name:
//!
//! ```json
//! "queues": {
//!   "cn-drugs": {
//!     "holds": 640,                          // holds routed to the queue
//!     "peak": 560,                           // most holds in one budget window
//!     "budget": {"holds": 500, "per": "1h"}, // absent: no budget
//!     "over": 140,                           // holds past the budget
//!     "decisions": 812                       // held and flagged decisions
//!   }
//! }
//! ```
//!
//! Only `holds` is required; the load drawn against the budget is `peak`
//! when given, else `holds`.

use std::collections::BTreeMap;

use maud::{html, Markup};
use serde::Deserialize;

use super::chart::{self, Bar, Segment};
use super::input::Ruleset;
use super::page::{self, percent, top, verdict_class, verdict_columns, RuleWords};

/// A `moderate --stats` file: the fields the page shows.
#[derive(Debug, Deserialize)]
pub(crate) struct Stats {
    posts: u64,
    verdicts: BTreeMap<String, u64>,
    jurisdictions: BTreeMap<String, BTreeMap<String, u64>>,
    rules: BTreeMap<String, u64>,
    lines: Option<u64>,
    #[serde(default)]
    errors: BTreeMap<String, u64>,
    bytes: Option<u64>,
    seconds: Option<f64>,
    posts_per_second: Option<f64>,
    megabytes_per_second: Option<f64>,
    threads: Option<u64>,
    ruleset: Option<Ruleset>,
    #[serde(default)]
    queues: BTreeMap<String, Queue>,
}

/// One review queue's load (see the module docs).
#[derive(Debug, Deserialize)]
struct Queue {
    holds: u64,
    peak: Option<u64>,
    budget: Option<Budget>,
    over: Option<u64>,
    decisions: Option<u64>,
}

/// Holds allowed per window.
#[derive(Debug, Deserialize)]
struct Budget {
    holds: u64,
    per: Option<String>,
}

/// The whole page.
pub(super) fn page(s: &Stats) -> Markup {
    let body = html! {
        (figures(s))
        (verdicts(s))
        (jurisdictions(s))
        (rules(s))
        @if !s.errors.is_empty() { (errors(s)) }
        @if !s.queues.is_empty() { (queues(s)) }
    };
    page::frame("Moderation stats", s.ruleset.as_ref(), body)
}

fn figures(s: &Stats) -> Markup {
    let errors = page::sum(s.errors.values());
    let mut list = vec![("Posts", s.posts.to_string())];
    if let Some(lines) = s.lines {
        list.push(("Lines", lines.to_string()));
    }
    list.push(("Error records", errors.to_string()));
    list.push(("Rules that fired", s.rules.len().to_string()));
    if let Some(v) = s.posts_per_second {
        list.push(("Posts/s", format!("{v:.0}")));
    }
    if let Some(v) = s.megabytes_per_second {
        list.push(("MB/s", format!("{v:.2}")));
    }
    if let Some(v) = s.seconds {
        list.push(("Seconds", format!("{v:.3}")));
    }
    if let Some(v) = s.bytes {
        list.push(("Bytes", v.to_string()));
    }
    if let Some(v) = s.threads {
        list.push(("Threads", v.to_string()));
    }
    page::figures(&list)
}

fn verdicts(s: &Stats) -> Markup {
    let rows = page::ordered_verdicts(&s.verdicts);
    let total = s.posts;
    let segments: Vec<Segment> = rows
        .iter()
        .map(|(v, n)| Segment::new(v, *n, verdict_class(v)))
        .collect();
    html! {
        section #verdicts {
            h2 { "Verdicts" }
            p.note { "Each post's overall verdict: the most restrictive of its jurisdictions'." }
            (chart::stacked("Verdicts of all posts", &legend(rows.iter().map(|(v, _)| *v)), &[("All posts", segments)]))
            table #verdict-table {
                thead { tr { th { "Verdict" } th.num { "Posts" } th.num { "Share" } } }
                tbody {
                    @for (v, n) in &rows {
                        tr { th { (v) } td.num { (n) } td.num { (percent(*n, total)) } }
                    }
                }
            }
        }
    }
}

fn jurisdictions(s: &Stats) -> Markup {
    let columns = verdict_columns(s.jurisdictions.values());
    let rows: Vec<(&str, Vec<Segment>)> = s
        .jurisdictions
        .iter()
        .map(|(code, counts)| {
            let segments = page::ordered_verdicts(counts)
                .into_iter()
                .map(|(v, n)| Segment::new(v, n, verdict_class(v)))
                .collect();
            (code.as_str(), segments)
        })
        .collect();
    html! {
        section #jurisdictions {
            h2 { "Verdicts per jurisdiction" }
            @if rows.is_empty() {
                p.empty { "No post was judged under any jurisdiction." }
            } @else {
                (chart::stacked("Verdicts per jurisdiction", &legend(columns.iter().copied()), &rows))
                table #jurisdiction-table {
                    thead { tr {
                        th { "Jurisdiction" }
                        @for c in &columns { th.num { (c) } }
                        th.num { "Posts" }
                    } }
                    tbody {
                        @for (code, counts) in &s.jurisdictions {
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

fn rules(s: &Stats) -> Markup {
    let words = RuleWords {
        heading: "Top rules",
        note: "Posts each rule fired on (a post can fire several rules).",
        empty: "No rule fired.",
        count: "Posts",
        share: "Share of posts",
    };
    page::rule_section(&words, &s.rules, s.posts)
}

/// The legend of verdict colours.
fn legend<'a>(verdicts: impl Iterator<Item = &'a str>) -> Vec<(&'a str, &'static str)> {
    verdicts.map(|v| (v, verdict_class(v))).collect()
}

fn errors(s: &Stats) -> Markup {
    html! {
        section #errors {
            h2 { "Lines that could not be judged" }
            table #error-table {
                thead { tr { th { "Kind" } th.num { "Lines" } } }
                tbody {
                    @for (kind, n) in top(&s.errors) {
                        tr { th { (kind) } td.num { (n) } }
                    }
                }
            }
        }
    }
}

fn queues(s: &Stats) -> Markup {
    let bars: Vec<Bar> = s
        .queues
        .iter()
        .map(|(name, q)| {
            let bar = Bar::new(name, q.peak.unwrap_or(q.holds), "queue");
            match &q.budget {
                Some(b) => bar.against(b.holds),
                None => bar,
            }
        })
        .collect();
    html! {
        section #queues {
            h2 { "Queue load against budgets" }
            p.note { "Holds in the busiest budget window (all holds where no window is given); the line marks the budget." }
            (chart::bars("Queue load against budgets", &bars))
            table #queue-table {
                thead { tr {
                    th { "Queue" } th.num { "Holds" } th.num { "Busiest window" }
                    th.num { "Budget" } th { "Per" } th.num { "Load" } th.num { "Over budget" }
                    th.num { "Decisions" }
                } }
                tbody {
                    @for (name, q) in &s.queues {
                        @let load = q.peak.unwrap_or(q.holds);
                        tr {
                            th { (name) }
                            td.num { (q.holds) }
                            td.num { (page::optional(q.peak)) }
                            td.num { (page::optional(q.budget.as_ref().map(|b| b.holds))) }
                            td { (q.budget.as_ref().and_then(|b| b.per.as_deref()).unwrap_or("—")) }
                            td.num { @match &q.budget { Some(b) => (percent(load, b.holds)), None => "—" } }
                            td.num { (page::optional(q.over)) }
                            td.num { (page::optional(q.decisions)) }
                        }
                    }
                }
            }
        }
    }
}
