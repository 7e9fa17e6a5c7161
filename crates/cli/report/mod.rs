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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    /// Every element the pages use; anything else came from the input.
    const ELEMENTS: &[&str] = &[
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p",
        "code", "main", "dl", "div", "dt", "dd", "section", "figure", "ul", "li", "span", "svg",
        "g", "text", "rect", "line", "table", "thead", "tbody", "tr", "th", "td", "br",
    ];

    /// Each tag's name and its attribute names, checked against what the
    /// pages write: input text never adds an element or an attribute.
    fn check_tags(html: &str) {
        for tag in html.split('<').skip(1) {
            let tag = &tag[..tag.find('>').expect("a closed tag")];
            let tag = tag.strip_prefix('/').unwrap_or(tag);
            let name = tag.split(' ').next().unwrap_or_default();
            assert!(ELEMENTS.contains(&name), "element <{name}> in <{tag}>");
            if name == "!DOCTYPE" {
                continue;
            }
            // Attributes are `name="value"` with no quote inside values.
            let mut rest = &tag[name.len()..];
            while let Some(eq) = rest.find("=\"") {
                let attr = rest[..eq].trim();
                assert!(
                    attr.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                    "attribute {attr:?} in <{tag}>"
                );
                assert!(!attr.starts_with("on"), "handler {attr} in <{tag}>");
                let value_end = rest[eq + 2..].find('"').expect("a closed value");
                rest = &rest[eq + 2 + value_end + 1..];
            }
            assert!(rest.trim().is_empty(), "stray {rest:?} in <{tag}>");
        }
    }

    fn name() -> impl Strategy<Value = String> {
        "[a-z<>&\"' =/]{1,12}"
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn names_from_the_input_never_become_markup(
            rules in proptest::collection::btree_map(name(), 0u64..1000, 0..8),
            codes in proptest::collection::btree_map(name(), 0u64..1000, 0..4),
            verdict in name(),
            queue in name(),
            id in name(),
        ) {
            let jurisdictions: serde_json::Map<String, serde_json::Value> = codes
                .iter()
                .map(|(c, n)| (c.clone(), json!({"held": n, verdict.clone(): 1})))
                .collect();
            let stats = json!({
                "posts": 5, "verdicts": {verdict.clone(): 2}, "jurisdictions": jurisdictions,
                "rules": rules, "errors": {verdict.clone(): 1}, "ruleset": id.clone(),
                "queues": {queue.clone(): {"holds": 3, "budget": {"holds": 2, "per": id.clone()}}},
            });
            let diff = format!(
                "{}\n{}\n",
                json!({"type": "change", "line": 1, "id": id, "old": verdict, "new": "held",
                       "jurisdictions": {queue.clone(): {"old": id, "new": verdict}},
                       "old_rules": rules.keys().collect::<Vec<_>>(), "new_rules": [queue]}),
                json!({"type": "summary", "posts": 2, "changed": 1,
                       "by_direction": {format!("{verdict}->{id}"): 1},
                       "by_jurisdiction": {queue.clone(): {format!("{id}->held"): 1}},
                       "ruleset": {id.clone(): verdict}}),
            );
            for input in [stats.to_string(), diff] {
                let parsed = read(input.as_bytes()).expect("valid input");
                check_tags(&render(&parsed));
            }
        }
    }
}
