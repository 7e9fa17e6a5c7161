//! `redline diff`: backtest a rules change on the same posts.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use redline_policy::pipeline::{self, Chunking, ReadTotals, Sink};
use redline_policy::{Decision, Verdict};
use serde_json::json;

use crate::args::Diff;
use crate::output::{inputs, open_input, open_output};

/// Chunks as `moderate` reads them (`StreamOptions`' defaults).
const CHUNK: usize = 4096;
const CHUNK_BYTES: usize = 8 << 20;

#[derive(Default)]
struct Counts {
    posts: u64,
    changed: u64,
    /// Changed posts whose overall verdict stayed (one jurisdiction moved).
    jurisdiction_only: u64,
    by_direction: BTreeMap<String, u64>,
    by_jurisdiction: BTreeMap<String, BTreeMap<String, u64>>,
}

fn direction(old: Verdict, new: Verdict) -> String {
    format!("{old}->{new}")
}

/// The change record for one line, if any verdict changed.
fn compare(old: &Decision, new: &Decision, counts: &mut Counts) -> Option<serde_json::Value> {
    counts.posts += 1;
    let verdicts = |d: &Decision| -> BTreeMap<String, Verdict> {
        d.jurisdictions.iter().flatten().cloned().collect()
    };
    let (o, n) = (verdicts(old), verdicts(new));
    let mut changes = serde_json::Map::new();
    for code in o
        .keys()
        .chain(n.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let (a, b) = (o.get(code).copied(), n.get(code).copied());
        if a != b {
            let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
            *counts
                .by_jurisdiction
                .entry(code.clone())
                .or_default()
                .entry(direction(a, b))
                .or_default() += 1;
            changes.insert(code.clone(), json!({"old": a, "new": b}));
        }
    }
    if changes.is_empty() && old.verdict == new.verdict {
        return None;
    }
    counts.changed += 1;
    if old.verdict == new.verdict {
        counts.jurisdiction_only += 1;
    } else {
        *counts
            .by_direction
            .entry(direction(old.verdict, new.verdict))
            .or_default() += 1;
    }
    Some(json!({
        "type": "change",
        "line": new.line,
        "id": new.id.clone().or_else(|| old.id.clone()),
        "old": old.verdict,
        "new": new.verdict,
        "jurisdictions": changes,
        "old_rules": old.rules(),
        "new_rules": new.rules(),
        "old_ruleset": old.ruleset,
        "new_ruleset": new.ruleset,
    }))
}

/// The report's change records, written as the pipeline hands over each
/// line's two decisions.
struct ChangeSink<'o> {
    out: &'o mut (dyn Write + Send),
    counts: Counts,
}

impl Sink<(Decision, Decision)> for ChangeSink<'_> {
    fn put(&mut self, (old, new): (Decision, Decision)) -> std::io::Result<()> {
        match compare(&old, &new, &mut self.counts) {
            Some(record) => write_record(self.out, &record),
            None => Ok(()),
        }
    }

    fn chunk_done(&mut self, _: &ReadTotals) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Writes one JSON line; I/O errors stay `io::Error`s so a closed pipe is
/// recognised (serde_json would wrap them).
fn write_record(out: &mut dyn Write, record: &serde_json::Value) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(record)?;
    line.push(b'\n');
    out.write_all(&line)
}

pub(crate) fn run(args: Diff) -> Result<ExitCode> {
    super::set_threads(args.threads)?;
    let old = match super::load(std::slice::from_ref(&args.old)) {
        Ok(e) => e,
        Err(f) => return Ok(f.report()),
    };
    let new = match super::load(std::slice::from_ref(&args.new)) {
        Ok(e) => e,
        Err(f) => return Ok(f.report()),
    };
    let old = super::with_jurisdictions(old, &args.jurisdictions)?;
    let new = super::with_jurisdictions(new, &args.jurisdictions)?;
    let mut out = open_output(args.output.as_deref())?;
    let mut sink = ChangeSink {
        out: &mut *out,
        counts: Counts::default(),
    };
    // Bounded as in `moderate`: a line over the limit is an error
    // decision on both sides, never buffered.
    let chunking = Chunking::new(CHUNK, CHUNK_BYTES, new.limits().max_line_bytes());
    for path in inputs(&args.inputs) {
        let input = open_input(&path)?;
        pipeline::run(
            input,
            chunking,
            || (old.create_scratch(), new.create_scratch()),
            |n, line, (so, sn)| {
                let a = old.judge_line(n, line, Verdict::Held, so)?;
                let b = new.judge_line(n, line, Verdict::Held, sn)?;
                Some((a, b))
            },
            &mut sink,
        )
        .with_context(|| format!("while comparing on {}", path.display()))?;
    }
    let counts = sink.counts;
    let summary = json!({
        "type": "summary",
        "posts": counts.posts,
        "changed": counts.changed,
        "by_direction": counts.by_direction,
        "jurisdiction_only": counts.jurisdiction_only,
        "by_jurisdiction": counts.by_jurisdiction,
        "old_ruleset": old.ruleset(),
        "new_ruleset": new.ruleset(),
    });
    write_record(&mut out, &summary)?;
    out.flush()?;
    eprintln!("{} posts, {} changed", counts.posts, counts.changed);
    for (dir, n) in &counts.by_direction {
        eprintln!("  {dir}: {n}");
    }
    Ok(ExitCode::SUCCESS)
}
