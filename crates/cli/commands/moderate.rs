//! `redline moderate`: the JSONL stream.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use redline_policy::{StreamOptions, StreamSummary, Verdict};

use crate::args::Moderate;
use crate::output::{inputs, open_input, open_output};

/// The progress line, redrawn in place: the line is cleared first, so a
/// shorter rate leaves no stale digits behind.
fn progress_line(posts: u64, elapsed: Duration) -> String {
    let rate = posts as f64 / elapsed.as_secs_f64().max(1e-9);
    format!("\r\x1b[2K{posts} posts, {rate:.0} posts/s")
}

pub(crate) fn run(args: Moderate) -> Result<ExitCode> {
    super::set_threads(args.threads)?;
    let engine = match super::load_with(&args.rules.rules, args.limits.limits()) {
        Ok(e) => e,
        Err(f) => return Ok(f.report()),
    };
    let engine = super::with_jurisdictions(engine, &args.jurisdictions)?;
    let on_error = Verdict::from(args.on_error);
    let mut options = StreamOptions::new().on_error(on_error);
    let tty = std::io::stderr().is_terminal();
    if tty {
        options = options.progress(|p| eprint!("{}", progress_line(p.posts, p.elapsed)));
    }
    let mut out = open_output(args.output.as_deref())?;
    let mut total = StreamSummary::default();
    for path in inputs(&args.inputs) {
        let input = open_input(&path)?;
        let summary = engine
            .moderate(input, &mut out, &options)
            .with_context(|| format!("while judging {}", path.display()))?;
        total.merge(&summary);
    }
    out.flush()?;
    if tty {
        eprintln!();
    }
    if let Some(path) = &args.stats {
        let mut stats = serde_json::to_value(&total)?;
        stats["threads"] = rayon::current_num_threads().into();
        stats["ruleset"] = engine.ruleset().into();
        std::fs::write(path, serde_json::to_vec_pretty(&stats)?)
            .with_context(|| format!("cannot write stats to {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_line_clears_what_a_longer_line_left() {
        let long = progress_line(1_000_000, Duration::from_secs(1));
        let short = progress_line(10, Duration::from_secs(10));
        assert_eq!(long, "\r\x1b[2K1000000 posts, 1000000 posts/s");
        assert_eq!(short, "\r\x1b[2K10 posts, 1 posts/s");
    }
}
