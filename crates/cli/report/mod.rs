//! `redline report`: `moderate --stats` or `diff` output as one
//! self-contained HTML page (no network: inline styles and SVG charts,
//! no scripts, and a Content-Security-Policy that blocks any load).
//!
//! The input is untrusted: every text from it (rule ids, jurisdiction
//! codes, post ids) reaches the page through `maud`, which escapes it;
//! CSS classes come from fixed lists, never from the input.

mod chart;
mod diff;
mod input;
mod page;
mod stats;

pub(crate) use input::{read, Input};

/// The page for a parsed input.
pub(crate) fn render(input: &Input) -> String {
    match input {
        Input::Stats(s) => stats::page(s).into_string(),
        Input::Diff(d) => diff::page(d).into_string(),
    }
}
