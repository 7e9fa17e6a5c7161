//! `redline sor`: EU DSA statements of reasons, in batches of at most 100
//! (`{"statements": [...]}` per line), as the Transparency Database API
//! takes them.

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::{anyhow, Context, Result};
use rayon::prelude::*;
use redline_policy::dsa::{parse_time, Judged, Statements, BATCH};
use redline_policy::{Engine, Line, Post, Verdict};
use serde_json::{json, Value as Json};

use crate::args::Sor;
use crate::output::{inputs, open_input, open_output, read_chunk};

const CHUNK: usize = 4096;

/// Writes statements in batches of at most [`BATCH`], one per line.
struct Batches {
    out: Box<dyn Write>,
    pending: Vec<Json>,
    statements: u64,
    batches: u64,
    warnings: u64,
}

impl Batches {
    fn add(&mut self, s: Statements) -> Result<()> {
        for w in &s.warnings {
            eprintln!("redline sor: warning: {w}");
        }
        self.warnings += s.warnings.len() as u64;
        for statement in s.statements {
            self.pending.push(statement);
            if self.pending.len() == BATCH {
                self.flush()?;
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let batch = json!({ "statements": std::mem::take(&mut self.pending) });
        self.statements += batch["statements"].as_array().map_or(0, |a| a.len() as u64);
        self.batches += 1;
        let mut line = serde_json::to_vec(&batch)?;
        line.push(b'\n');
        self.out.write_all(&line)?;
        Ok(())
    }
}

/// The key posts and decisions are joined on: the `id` as JSON text.
fn key(id: &Json) -> String {
    id.to_string()
}

/// Judges POSTS here, as `moderate` does.
fn judge_posts(engine: &Engine, args: &Sor, now: i64, batches: &mut Batches) -> Result<u64> {
    let mut posts = 0;
    for path in inputs(&args.inputs) {
        let mut input = open_input(&path)?;
        let mut line_no = 0u64;
        loop {
            let max = engine.limits().max_line_bytes();
            let chunk = read_chunk(&mut input, &path, max, CHUNK, &mut line_no)?;
            if chunk.is_empty() {
                break;
            }
            let judged: Vec<Option<Statements>> = chunk
                .par_iter()
                .map_init(
                    || engine.create_scratch(),
                    |scratch, (n, line)| {
                        let d = engine.judge_line(*n, line, Verdict::Held, scratch)?;
                        let post = match line {
                            Line::Bytes(b) => std::str::from_utf8(b)
                                .ok()
                                .and_then(|t| Post::from_json(t).ok()),
                            Line::TooLong(_) => None,
                        };
                        Some(engine.statements(&Judged::new(&d, post.as_ref()), now))
                    },
                )
                .collect();
            for s in judged.into_iter().flatten() {
                posts += 1;
                batches.add(s)?;
            }
        }
    }
    Ok(posts)
}

/// Reads decisions from FILE and takes `created_at` and `lang` from the
/// posts with the same `id`.
fn from_decisions(engine: &Engine, args: &Sor, now: i64, batches: &mut Batches) -> Result<u64> {
    let file = args
        .decisions
        .as_deref()
        .ok_or_else(|| anyhow!("no --decisions"))?;
    let mut facts: HashMap<String, serde_json::Map<String, Json>> = HashMap::new();
    for path in inputs(&args.inputs) {
        let mut input = open_input(&path)?;
        while let Some(line) = Line::read(&mut input, engine.limits().max_line_bytes())
            .with_context(|| format!("reading {}", path.display()))?
        {
            let Line::Bytes(bytes) = line else { continue };
            let Some(post) = std::str::from_utf8(&bytes)
                .ok()
                .and_then(|t| Post::from_json(t).ok())
            else {
                continue;
            };
            if let Some(id) = post.id() {
                let mut kept = serde_json::Map::new();
                for k in ["created_at", "lang"] {
                    if let Some(v) = post.as_map().get(k) {
                        kept.insert(k.to_owned(), v.clone());
                    }
                }
                facts.entry(key(id)).or_insert(kept);
            }
        }
    }
    let mut input = open_input(file)?;
    let mut n = 0u64;
    let mut posts = 0;
    while let Some(line) =
        Line::read(&mut input, 1 << 24).with_context(|| format!("reading {}", file.display()))?
    {
        n += 1;
        let Line::Bytes(bytes) = line else { continue };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let record: Option<Json> = serde_json::from_slice(&bytes).ok();
        let Some(mut judged) = record.as_ref().and_then(Judged::from_record) else {
            eprintln!(
                "redline sor: warning: {}:{n}: not a decision record",
                file.display()
            );
            batches.warnings += 1;
            continue;
        };
        posts += 1;
        match judged.id.as_ref().map(|id| facts.get(&key(id))) {
            Some(Some(post)) => judged.set_post(post),
            Some(None) => {
                eprintln!(
                    "redline sor: warning: {}:{n}: no post with id {} among POSTS (dates from --now)",
                    file.display(),
                    judged.id.as_ref().map_or(String::new(), key)
                );
                batches.warnings += 1;
            }
            None => {}
        }
        batches.add(engine.statements(&judged, now))?;
    }
    Ok(posts)
}

pub(crate) fn run(args: Sor) -> Result<ExitCode> {
    let engine = match super::load_rules(&args.rules) {
        Ok(e) => e,
        Err(f) => return Ok(f.report()),
    };
    if !engine.has_dsa_mapping() {
        eprintln!("redline sor: the rules hold no `dsa:` block to map decisions to statements (see docs/DSA.md)");
        return Ok(ExitCode::from(1));
    }
    let engine = super::with_jurisdictions(engine, &args.jurisdictions)?;
    let now = match &args.now {
        Some(t) => parse_time(t)
            .ok_or_else(|| anyhow!("--now `{t}` is neither RFC 3339 nor Unix seconds"))?,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    let mut batches = Batches {
        out: open_output(args.output.as_deref())?,
        pending: Vec::new(),
        statements: 0,
        batches: 0,
        warnings: 0,
    };
    let posts = if args.decisions.is_some() {
        from_decisions(&engine, &args, now, &mut batches)?
    } else {
        judge_posts(&engine, &args, now, &mut batches)?
    };
    batches.flush()?;
    batches.out.flush()?;
    eprintln!(
        "{posts} posts, {} statements in {} batches, {} warnings, ruleset {}",
        batches.statements,
        batches.batches,
        batches.warnings,
        engine.ruleset()
    );
    Ok(ExitCode::SUCCESS)
}
