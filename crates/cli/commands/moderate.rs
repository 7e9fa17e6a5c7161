//! `redline moderate`: the JSONL stream.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use redline_policy::{StreamOptions, StreamSummary, Verdict};

use crate::args::Moderate;
use crate::output::{inputs, open_input, open_output};

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
        options = options.progress(|p| {
            let rate = p.posts as f64 / p.elapsed.as_secs_f64().max(1e-9);
            eprint!("\r{} posts, {:.0} posts/s", p.posts, rate);
        });
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
        std::fs::write(path, serde_json::to_vec_pretty(&stats)?)
            .with_context(|| format!("cannot write stats to {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
