//! `redline consume`: posts from a Redis Stream, through a consumer group,
//! judged in parallel; decisions added to an output stream; entries
//! acknowledged only once their decisions are written (at-least-once).
//!
//! Each round first reclaims (`XAUTOCLAIM`) entries left pending longer
//! than `--claim-idle-ms` on any consumer (a worker that died mid-batch),
//! then reads new entries (`XREADGROUP ... >`); the batch is judged on the
//! rayon pool; a writer thread, on its own connection, adds the batch's
//! decisions in one pipeline and only then acknowledges its entries.
//! Reading, judging and writing overlap (each stage at most one batch
//! ahead of the next). Any number of workers, on any number of
//! machines, share one stream by joining the same group. See
//! `docs/SCALE-OUT.md`.

use std::process::ExitCode;
mod replies;

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use redis::Value;
use redline_policy::{pipeline, Decision, Engine, ErrorKind, Line, PostError, Scratch, Verdict};
use serde_json::Value as Json;

use self::replies::{parse_autoclaim, parse_read, Entry};
use crate::args::Consume;

/// One judged entry, ready to be written.
struct Judged {
    /// The input entry id.
    source: String,
    /// The decision as JSON (no `line`).
    decision: Vec<u8>,
    /// The post id as text, if the post has one.
    id: Option<String>,
    /// Whether the entry could not be judged.
    error: bool,
}

/// What this worker did, for the summary on exit.
#[derive(Default)]
struct Counts {
    judged: u64,
    reclaimed: u64,
    errors: u64,
    duplicates: u64,
}

pub(crate) fn run(args: Consume) -> Result<ExitCode> {
    super::set_threads(args.threads)?;
    let engine = match super::load_with(&args.rules.rules, args.limits.limits()) {
        Ok(e) => e,
        Err(f) => return Ok(f.report()),
    };
    let engine = super::with_jurisdictions(engine, &args.jurisdictions)?;
    let on_error = Verdict::from(args.on_error);
    let consumer = args.consumer.clone().unwrap_or_else(default_consumer);

    let client = redis::Client::open(args.redis.as_str())
        .with_context(|| format!("invalid Redis URL {}", args.redis))?;
    let connect = || -> Result<redis::Connection> {
        let con = client
            .get_connection_with_timeout(Duration::from_secs(10))
            .with_context(|| format!("cannot connect to Redis at {}", args.redis))?;
        // A read blocks up to --block-ms on the server; anything much
        // longer than that is a dead connection, not a quiet stream.
        con.set_read_timeout(Some(
            Duration::from_millis(args.block_ms) + Duration::from_secs(30),
        ))
        .context("cannot set the Redis read timeout")?;
        Ok(con)
    };
    let mut con = connect()?;
    let mut writer_con = connect()?;

    create_group(&mut con, &args.stream, &args.group)?;

    let worker = Worker {
        engine: &engine,
        on_error,
        max_bytes: engine.limits().max_line_bytes(),
        args: &args,
        consumer: &consumer,
    };
    // Loaded now, so the first batch read does not pay for it and stay
    // pending past --claim-idle-ms.
    redline_matcher::load_dictionary();
    let started = Instant::now();
    let counts = worker.run(&mut con, &mut writer_con)?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "redline consume: {consumer} judged {} entries ({} reclaimed, {} not judgeable, \
         {} already acknowledged elsewhere) in {:.2} s, {:.0} entries/s",
        counts.judged,
        counts.reclaimed,
        counts.errors,
        counts.duplicates,
        seconds,
        counts.judged as f64 / seconds.max(1e-9),
    );
    Ok(ExitCode::SUCCESS)
}

/// `hostname-pid`: unique per process, readable in `XINFO CONSUMERS`.
fn default_consumer() -> String {
    let host = ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| {
            let h = std::fs::read_to_string(p).ok()?;
            let h = h.trim();
            (!h.is_empty()).then(|| h.to_owned())
        })
        .or_else(|| std::env::var("HOSTNAME").ok().filter(|h| !h.is_empty()))
        .unwrap_or_else(|| "redline".to_owned());
    format!("{host}-{}", std::process::id())
}

/// `XGROUP CREATE stream group 0 MKSTREAM`: from the start of the stream,
/// so entries added before any worker ran are judged too. An existing
/// group is left as it is.
fn create_group(con: &mut redis::Connection, stream: &str, group: &str) -> Result<()> {
    let created: redis::RedisResult<Value> = redis::cmd("XGROUP")
        .arg("CREATE")
        .arg(stream)
        .arg(group)
        .arg("0")
        .arg("MKSTREAM")
        .query(con);
    match created {
        Ok(_) => Ok(()),
        Err(e) if e.code() == Some("BUSYGROUP") => Ok(()),
        Err(e) => {
            Err(e).with_context(|| format!("cannot create consumer group {group} on {stream}"))
        }
    }
}

struct Worker<'a> {
    engine: &'a Engine,
    on_error: Verdict,
    max_bytes: usize,
    args: &'a Consume,
    consumer: &'a str,
}

/// What goes down the pipeline, reader → judge → writer.
enum Msg<T> {
    /// Entries read (to judge), or decisions (to write, then acknowledge).
    Batch(T),
    /// Answer once everything sent before is written and acknowledged.
    Flush(SyncSender<()>),
}

impl Worker<'_> {
    /// Three stages, each a bounded step ahead of the next: a reader
    /// thread (reclaim, read), this thread (judge, on the rayon pool), a
    /// writer thread (add decisions, then acknowledge). A stage that fails
    /// stops the others; the writer's error, then the reader's, is the one
    /// reported.
    fn run(&self, con: &mut redis::Connection, writer: &mut redis::Connection) -> Result<Counts> {
        let (to_judge, from_reader) = sync_channel::<Msg<Vec<Entry>>>(1);
        let (to_writer, from_judge) = sync_channel::<Msg<Vec<Judged>>>(1);
        std::thread::scope(|s| {
            let written = s.spawn(move || self.write_all(writer, from_judge));
            let read = s.spawn(move || self.read_all(con, &to_judge));
            let judged = self.judge_all(from_reader, &to_writer);
            drop(to_writer);
            let written = written
                .join()
                .unwrap_or_else(|_| Err(anyhow!("the writer thread panicked")));
            let read = read
                .join()
                .unwrap_or_else(|_| Err(anyhow!("the reader thread panicked")));
            match (read, judged, written) {
                (_, _, Err(e)) | (Err(e), _, Ok(_)) | (Ok(_), Err(e), Ok(_)) => Err(e),
                (Ok(mut counts), Ok(errors), Ok(duplicates)) => {
                    counts.errors = errors;
                    counts.duplicates = duplicates;
                    Ok(counts)
                }
            }
        })
    }

    /// The reader thread: entries to judge, reclaimed or new, until
    /// --max-messages or --exit-when-idle says stop. Counts what it read.
    fn read_all(
        &self,
        con: &mut redis::Connection,
        tx: &SyncSender<Msg<Vec<Entry>>>,
    ) -> Result<Counts> {
        let args = self.args;
        let mut counts = Counts::default();
        // Where the next XAUTOCLAIM resumes its walk of the pending list.
        let mut cursor = String::from("0-0");
        // An entry becomes claimable only --claim-idle-ms after it was
        // delivered, so looking four times as often is enough (a dead
        // worker's entries wait at most 1.25 times that); a walk that
        // found entries or is not finished goes on at once.
        let claim_every = Duration::from_millis(args.claim_idle_ms / 4);
        let mut last_claim: Option<Instant> = None;
        loop {
            let count = match args.max_messages {
                Some(max) if counts.judged >= max => break,
                Some(max) => args.batch.min(max - counts.judged),
                None => args.batch,
            };

            // 1. Entries a dead (or stuck) worker left pending.
            if cursor != "0-0" || last_claim.is_none_or(|t| t.elapsed() >= claim_every) {
                last_claim = Some(Instant::now());
                let reply: Value = redis::cmd("XAUTOCLAIM")
                    .arg(&args.stream)
                    .arg(&args.group)
                    .arg(self.consumer)
                    .arg(args.claim_idle_ms)
                    .arg(&cursor)
                    .arg("COUNT")
                    .arg(count)
                    .query(con)
                    .context("XAUTOCLAIM failed")?;
                let (next, claimed) = parse_autoclaim(reply)?;
                cursor = next;
                if !claimed.is_empty() {
                    // More may be waiting: walk on at once.
                    last_claim = None;
                    counts.reclaimed += claimed.len() as u64;
                    counts.judged += claimed.len() as u64;
                    send(tx, Msg::Batch(claimed))?;
                    continue;
                }
            }

            // 2. New entries.
            let reply: Value = redis::cmd("XREADGROUP")
                .arg("GROUP")
                .arg(&args.group)
                .arg(self.consumer)
                .arg("COUNT")
                .arg(count)
                .arg("BLOCK")
                .arg(args.block_ms)
                .arg("STREAMS")
                .arg(&args.stream)
                .arg(">")
                .query(con)
                .context("XREADGROUP failed")?;
            let entries = parse_read(reply)?;
            if !entries.is_empty() {
                counts.judged += entries.len() as u64;
                send(tx, Msg::Batch(entries))?;
                continue;
            }

            // 3. Nothing new. Done only when no worker holds anything
            // unacknowledged (this one included: let the pipeline drain):
            // a dead worker's entries become claimable after
            // --claim-idle-ms and are judged here first.
            if args.exit_when_idle {
                let (done_tx, done_rx) = sync_channel(1);
                send(tx, Msg::Flush(done_tx))?;
                done_rx.recv().map_err(|_| stopped())?;
                if self.pending(con)? == 0 {
                    break;
                }
            }
        }
        Ok(counts)
    }

    /// This thread: each batch judged in parallel, passed on to the
    /// writer. Returns how many entries could not be judged.
    fn judge_all(
        &self,
        rx: Receiver<Msg<Vec<Entry>>>,
        tx: &SyncSender<Msg<Vec<Judged>>>,
    ) -> Result<u64> {
        let mut errors = 0;
        // Kept from batch to batch: a fresh scratch starts with cold
        // regex caches, which costs more than judging a small batch.
        let mut scratches = pipeline::scratches(|| self.engine.create_scratch());
        for msg in rx {
            match msg {
                Msg::Batch(entries) => {
                    let judged =
                        pipeline::judge_chunk(&entries, &mut scratches, |e, s| self.judge(e, s));
                    errors += judged.iter().filter(|j| j.error).count() as u64;
                    send(tx, Msg::Batch(judged))?;
                }
                Msg::Flush(done) => send(tx, Msg::Flush(done))?,
            }
        }
        Ok(errors)
    }

    /// The writer thread: for each batch, every decision added to the
    /// output stream in one pipeline, then (only then) the entries
    /// acknowledged. Returns how many were already acknowledged by
    /// another worker.
    fn write_all(
        &self,
        con: &mut redis::Connection,
        rx: Receiver<Msg<Vec<Judged>>>,
    ) -> Result<u64> {
        let mut duplicates = 0;
        for msg in rx {
            match msg {
                Msg::Batch(judged) => duplicates += self.write(con, &judged)?,
                Msg::Flush(done) => {
                    let _ = done.send(());
                }
            }
        }
        Ok(duplicates)
    }

    fn write(&self, con: &mut redis::Connection, judged: &[Judged]) -> Result<u64> {
        let mut pipe = redis::pipe();
        for j in judged {
            let cmd = pipe
                .cmd("XADD")
                .arg(&self.args.output_stream)
                .arg("*")
                .arg("decision")
                .arg(&j.decision)
                .arg("source")
                .arg(&j.source);
            if let Some(id) = &j.id {
                cmd.arg("id").arg(id);
            }
            cmd.ignore();
        }
        pipe.query::<()>(con)
            .with_context(|| format!("XADD to {} failed", self.args.output_stream))?;
        let acked: u64 = redis::cmd("XACK")
            .arg(&self.args.stream)
            .arg(&self.args.group)
            .arg(judged.iter().map(|j| j.source.as_str()).collect::<Vec<_>>())
            .query(con)
            .context("XACK failed")?;
        // Fewer acks than entries: another worker reclaimed some of them
        // meanwhile (this one was slower than --claim-idle-ms), so they
        // are judged twice; at-least-once allows it.
        Ok((judged.len() as u64).saturating_sub(acked))
    }

    /// One entry's decision: an error decision (fail closed) for an entry
    /// without a usable `post`, so nothing is dropped.
    fn judge(&self, entry: &Entry, scratch: &mut Scratch) -> Judged {
        let fail = |kind, message: String| {
            Decision::from_error(None, self.on_error, PostError { kind, message })
        };
        let mut d = match &entry.post {
            Err(why) => fail(ErrorKind::InvalidJson, (*why).to_owned()),
            Ok(bytes) => {
                // Judged as the stream judges a line, limit included.
                let judged = if bytes.len() > self.max_bytes {
                    let line = Line::TooLong(bytes.len());
                    self.engine.judge_line(0, &line, self.on_error, scratch)
                } else {
                    self.engine.judge_raw(0, bytes, self.on_error, scratch)
                };
                judged.unwrap_or_else(|| fail(ErrorKind::InvalidJson, "empty post".to_owned()))
            }
        };
        d.line = None;
        d.ruleset = Some(self.engine.ruleset().into());
        let id = d.id.as_ref().map(|v| match v {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        });
        Judged {
            source: entry.id.clone(),
            decision: self.engine.decision_json(&d),
            id,
            error: d.error.is_some(),
        }
    }

    /// Entries delivered to any consumer of the group and not acknowledged.
    fn pending(&self, con: &mut redis::Connection) -> Result<u64> {
        let reply: Value = redis::cmd("XPENDING")
            .arg(&self.args.stream)
            .arg(&self.args.group)
            .query(con)
            .context("XPENDING failed")?;
        match reply {
            Value::Array(items) => match items.first() {
                Some(Value::Int(n)) => Ok(u64::try_from(*n).unwrap_or(0)),
                other => bail!("unexpected XPENDING reply: {other:?}"),
            },
            other => bail!("unexpected XPENDING reply: {other:?}"),
        }
    }
}

/// Passes `msg` on; fails when the next stage has stopped (its own error
/// is the one reported).
fn send<T>(tx: &SyncSender<Msg<T>>, msg: Msg<T>) -> Result<()> {
    tx.send(msg).map_err(|_| stopped())
}

fn stopped() -> anyhow::Error {
    anyhow!("a later stage of the pipeline stopped")
}
