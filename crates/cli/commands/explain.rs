//! `redline explain`: one text, for people.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use redline_policy::{Post, Verdict};
use unicode_width::UnicodeWidthStr;

use crate::args::Explain;

/// The text with a caret line under bytes `start..end`.
fn underline(text: &str, start: usize, end: usize) -> String {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    // Terminal columns (East Asian wide characters take two).
    let pad = text[line_start..start].width();
    let marks = text[start..end].width().max(1);
    format!(
        "      {}\n      {}{}",
        &text[line_start..line_end],
        " ".repeat(pad),
        "^".repeat(marks)
    )
}

pub(crate) fn run(args: Explain) -> Result<ExitCode> {
    let engine = match super::load_rules(&args.rules) {
        Ok(e) => e,
        Err(f) => return Ok(f.report()),
    };
    let engine = super::with_jurisdictions(engine, &args.jurisdictions)?;
    let text = &args.text;
    let mut out = String::new();
    let decision = engine.judge(&Post::text(text));
    let rules = engine.rules();
    writeln!(out, "text:     {text}")?;
    // Sentence breaks fold to a newline; show them inline.
    writeln!(
        out,
        "folded:   {}",
        redline_matcher::normalize(text)
            .as_str()
            .replace('\n', " | ")
    )?;
    let codes: Vec<String> = decision
        .jurisdictions
        .iter()
        .flatten()
        .map(|(c, _)| c.clone())
        .collect();
    let matches = decision.matches.clone().unwrap_or_default();
    if matches.is_empty() {
        writeln!(out, "\nno rule fired")?;
    }
    let mut last_rule: Option<&str> = None;
    for m in &matches {
        if last_rule != Some(&*m.rule) {
            last_rule = Some(&m.rule);
            let info = rules.iter().find(|r| r.id == *m.rule);
            writeln!(
                out,
                "\nrule {} [{}, {}]",
                m.rule,
                m.category,
                m.severity.name()
            )?;
            if let Some(info) = info.filter(|i| !i.description.is_empty()) {
                writeln!(out, "  {}", info.description.trim())?;
            }
            let actions: Vec<String> = codes
                .iter()
                .map(|c| {
                    format!(
                        "{c}: {}",
                        engine.action(&m.rule, c).map_or("?", |a| a.name())
                    )
                })
                .collect();
            writeln!(out, "  actions: {}", actions.join(", "))?;
        }
        match (m.start, m.end, &m.text) {
            (Some(start), Some(end), Some(span)) => {
                let via = if m.via.is_empty() {
                    "as written".to_owned()
                } else {
                    format!("via {}", m.via.join(", "))
                };
                writeln!(out, "  match {span:?} at bytes {start}..{end} ({via})")?;
                if start <= end
                    && end <= text.len()
                    && text.is_char_boundary(start)
                    && text.is_char_boundary(end)
                {
                    writeln!(out, "{}", underline(text, start, end))?;
                }
            }
            _ => writeln!(out, "  fired without a span (metadata or `not` conditions)")?,
        }
    }
    let per: Vec<String> = decision
        .jurisdictions
        .iter()
        .flatten()
        .map(|(c, v)| format!("{c}: {v}"))
        .collect();
    writeln!(out, "\nverdict: {}  ({})", decision.verdict, per.join(", "))?;
    if decision.verdict == Verdict::Allowed && !matches.is_empty() {
        writeln!(
            out,
            "(the rules that fired are set to `allow` in these jurisdictions)"
        )?;
    }
    // One write, so a closed stdout surfaces as an error main treats quietly.
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_line_up_under_wide_characters() {
        let u = underline("网上賭博 now", 6, 12);
        assert_eq!(u, "      网上賭博 now\n          ^^^^");
    }

    #[test]
    fn carets_skip_zero_width_and_count_emoji_as_two() {
        // A zero-width space before the match takes no column.
        let u = underline("a\u{200B}b bet", 6, 9);
        assert_eq!(u, "      a\u{200B}b bet\n         ^^^");
        let u = underline("🎰 casino", 5, 11);
        assert_eq!(u, "      🎰 casino\n         ^^^^^^");
    }
}
