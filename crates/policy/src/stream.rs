//! The JSONL stream: lines in, one decision per non-blank line out, in
//! input order, judged in parallel in bounded chunks so memory stays flat
//! however long the stream.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::decision::{Decision, ErrorKind, PostError};
use crate::engine::{Engine, Scratch};
use crate::pipeline::{self, Chunking, ReadTotals, Sink};
use crate::post::Post;
use crate::verdict::Verdict;

/// A progress callback (unwind safe, so that options holding one are).
pub type ProgressFn = Box<dyn Fn(&Progress) + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// Options for [`Engine::moderate`], set through methods that validate
/// (a chunk of 0 lines or 0 bytes is raised to 1, so the stream always
/// moves on).
///
/// # Examples
///
/// ```
/// use redline_policy::{StreamOptions, Verdict};
///
/// let options = StreamOptions::new()
///     .on_error(Verdict::Flagged)
///     .chunk_lines(0)   // raised to 1
///     .chunk_bytes(1 << 20);
/// # let _ = options;
/// ```
pub struct StreamOptions {
    on_error: Verdict,
    chunk_lines: usize,
    chunk_bytes: usize,
    progress: Option<ProgressFn>,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            on_error: Verdict::Held,
            chunk_lines: 4096,
            chunk_bytes: 8 << 20,
            progress: None,
        }
    }
}

impl std::fmt::Debug for StreamOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamOptions")
            .field("on_error", &self.on_error)
            .field("chunk_lines", &self.chunk_lines)
            .field("chunk_bytes", &self.chunk_bytes)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl StreamOptions {
    /// Default options: `held` for lines that cannot be judged, chunks of
    /// at most 4096 lines and 8 MiB.
    pub fn new() -> StreamOptions {
        StreamOptions::default()
    }

    /// Sets the verdict of lines that cannot be judged (default `Held`:
    /// fail closed).
    pub fn on_error(mut self, verdict: Verdict) -> StreamOptions {
        self.on_error = verdict;
        self
    }

    /// Sets the most lines judged together (at least 1; default 4096).
    pub fn chunk_lines(mut self, n: usize) -> StreamOptions {
        self.chunk_lines = n.max(1);
        self
    }

    /// Sets the most bytes read ahead before judging (at least 1; default
    /// 8 MiB). A chunk always takes at least one line.
    pub fn chunk_bytes(mut self, n: usize) -> StreamOptions {
        self.chunk_bytes = n.max(1);
        self
    }

    /// Sets a progress callback, called after each chunk with the running
    /// totals.
    pub fn progress(
        mut self,
        f: impl Fn(&Progress) + Send + Sync + UnwindSafe + RefUnwindSafe + 'static,
    ) -> StreamOptions {
        self.progress = Some(Box::new(f));
        self
    }
}

/// Running totals, for progress reports.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    /// Decisions written.
    pub posts: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Time since the stream started.
    pub elapsed: Duration,
}

/// What a stream did: counts for `--stats`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct StreamSummary {
    /// Input lines read (blank ones included).
    pub lines: u64,
    /// Decisions written (one per non-blank line).
    pub posts: u64,
    /// Lines that could not be judged, by error kind.
    pub errors: BTreeMap<&'static str, u64>,
    /// Decisions by overall verdict.
    pub verdicts: BTreeMap<&'static str, u64>,
    /// Per jurisdiction, decisions by verdict.
    pub jurisdictions: BTreeMap<String, BTreeMap<&'static str, u64>>,
    /// Per rule, the number of posts it fired on.
    pub rules: BTreeMap<String, u64>,
    /// Bytes read.
    pub bytes: u64,
    /// Wall time, in seconds.
    pub seconds: f64,
    /// Decisions per second.
    pub posts_per_second: f64,
    /// Input megabytes (10^6 bytes) per second.
    pub megabytes_per_second: f64,
}

impl StreamSummary {
    fn count(&mut self, d: &Decision) {
        self.posts += 1;
        *self.verdicts.entry(d.verdict.name()).or_default() += 1;
        if let Some(e) = &d.error {
            *self.errors.entry(e.kind.name()).or_default() += 1;
        }
        for (code, v) in d.jurisdictions.iter().flatten() {
            *self
                .jurisdictions
                .entry(code.clone())
                .or_default()
                .entry(v.name())
                .or_default() += 1;
        }
        for rule in d.rules() {
            *self.rules.entry(rule.to_owned()).or_default() += 1;
        }
    }

    /// Adds another summary's counts (for several inputs).
    pub fn merge(&mut self, other: &StreamSummary) {
        self.lines += other.lines;
        self.posts += other.posts;
        self.bytes += other.bytes;
        self.seconds += other.seconds;
        for (k, v) in &other.errors {
            *self.errors.entry(k).or_default() += v;
        }
        for (k, v) in &other.verdicts {
            *self.verdicts.entry(k).or_default() += v;
        }
        for (j, m) in &other.jurisdictions {
            let e = self.jurisdictions.entry(j.clone()).or_default();
            for (k, v) in m {
                *e.entry(k).or_default() += v;
            }
        }
        for (k, v) in &other.rules {
            *self.rules.entry(k.clone()).or_default() += v;
        }
        self.rates();
    }

    fn rates(&mut self) {
        if self.seconds > 0.0 {
            self.posts_per_second = self.posts as f64 / self.seconds;
            self.megabytes_per_second = self.bytes as f64 / 1e6 / self.seconds;
        }
    }
}

/// A decision and its JSON line.
type Judged = (Decision, Vec<u8>);

/// The stream's output: each decision's line written and counted; after
/// each chunk, flushed and reported.
struct StreamSink<'p, W> {
    output: W,
    summary: StreamSummary,
    progress: Option<&'p ProgressFn>,
    started: Instant,
}

impl<W: Write> Sink<Judged> for StreamSink<'_, W> {
    fn put(&mut self, (d, json): Judged) -> io::Result<()> {
        self.output.write_all(&json)?;
        self.summary.count(&d);
        Ok(())
    }

    fn chunk_done(&mut self, read: &ReadTotals) -> io::Result<()> {
        self.output.flush()?;
        if let Some(progress) = self.progress {
            progress(&Progress {
                posts: self.summary.posts,
                bytes: read.bytes,
                elapsed: self.started.elapsed(),
            });
        }
        Ok(())
    }
}

/// One line of a JSONL stream as read: its bytes, or only its length
/// when it is over the line limit (such a line is never buffered).
///
/// # Examples
///
/// ```
/// use redline_policy::{Engine, Line, Verdict};
///
/// let engine = Engine::builtin()?;
/// let mut scratch = engine.create_scratch();
/// let mut input = &b"{\"text\":\"hello\"}\nxxxxxxxxxxxxxxxxxxxx\n"[..];
/// let mut decisions = Vec::new();
/// let mut n = 0;
/// while let Some(line) = Line::read(&mut input, 16)? {
///     n += 1;
///     decisions.extend(engine.judge_line(n, &line, Verdict::Held, &mut scratch));
/// }
/// assert_eq!(decisions.len(), 2);
/// assert_eq!(decisions[0].verdict, Verdict::Allowed);
/// assert!(decisions[1].error.is_some(), "the second line is over 16 bytes");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// The line's bytes, without the newline.
    Bytes(Vec<u8>),
    /// A line over the limit, by length in bytes.
    TooLong(usize),
}

impl Line {
    /// Reads one line of at most `max` bytes (the newline excluded); a
    /// longer line is skipped to its end and reported by length. `None` at
    /// the end of the input.
    ///
    /// # Errors
    ///
    /// The reader's I/O errors (interruptions are retried).
    pub fn read(reader: &mut impl BufRead, max: usize) -> io::Result<Option<Line>> {
        let mut buf = Vec::new();
        let mut total = 0usize;
        let mut any = false;
        loop {
            let available = match reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                break;
            }
            any = true;
            let (take, done) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (i, true),
                None => (available.len(), false),
            };
            total += take;
            if total <= max {
                buf.extend_from_slice(&available[..take]);
            } else {
                buf = Vec::new();
            }
            reader.consume(take + usize::from(done));
            if done {
                break;
            }
        }
        Ok(match (any, total > max) {
            (false, _) => None,
            (true, true) => Some(Line::TooLong(total)),
            (true, false) => Some(Line::Bytes(buf)),
        })
    }

    /// The line's length in bytes.
    pub fn len(&self) -> usize {
        match self {
            Line::Bytes(b) => b.len(),
            Line::TooLong(n) => *n,
        }
    }

    /// Whether the line is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Engine {
    /// Judges a JSONL stream: one decision per non-blank line, in input
    /// order whatever the thread count, lines that cannot be judged as
    /// error records with `options.on_error` as verdict. Reads and judges
    /// bounded chunks, so memory does not grow with the stream; when the
    /// input pauses, the lines read so far are judged, written and flushed
    /// at once (see [`pipeline`](crate::pipeline)), so a live pipe gets
    /// each decision as soon as its line is in.
    ///
    /// # Errors
    ///
    /// Only I/O errors of `input` or `output` (a closed output shows as
    /// `BrokenPipe`); bad lines never stop the stream.
    ///
    /// # Examples
    ///
    /// ```
    /// use redline_policy::{Engine, StreamOptions};
    ///
    /// let engine = Engine::from_yaml("rules:\n  - id: drugs.sale\n    match: {keywords: [cocaine]}\n")?;
    /// let input = "{\"id\": 1, \"text\": \"c0caine\"}\n\nnot json\n";
    /// let mut out = Vec::new();
    /// let summary = engine.moderate(input.as_bytes(), &mut out, &StreamOptions::new())?;
    /// let out = String::from_utf8(out)?;
    /// let lines: Vec<&str> = out.lines().collect();
    /// assert_eq!(lines.len(), 2);
    /// assert!(lines[0].starts_with(r#"{"line":1,"id":1,"verdict":"flagged""#));
    /// assert!(lines[1].contains(r#""line":3,"verdict":"held","error":{"kind":"invalid_json""#));
    /// assert_eq!(summary.posts, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn moderate<R: BufRead, W: Write + Send>(
        &self,
        input: R,
        output: W,
        options: &StreamOptions,
    ) -> io::Result<StreamSummary> {
        let mut sink = StreamSink {
            output,
            summary: StreamSummary::default(),
            progress: options.progress.as_ref(),
            started: Instant::now(),
        };
        let chunking = Chunking::new(
            options.chunk_lines,
            options.chunk_bytes,
            self.limits().max_line_bytes,
        );
        let read = pipeline::run(
            input,
            chunking,
            || self.create_scratch(),
            |n, line, scratch| self.judge_stream_line(n, line, options, scratch),
            &mut sink,
        )?;
        let mut summary = sink.summary;
        summary.lines = read.lines;
        summary.bytes = read.bytes;
        summary.seconds = sink.started.elapsed().as_secs_f64();
        summary.rates();
        Ok(summary)
    }

    /// Judges one line as read by the stream, with its JSON record.
    fn judge_stream_line(
        &self,
        n: u64,
        line: &Line,
        options: &StreamOptions,
        scratch: &mut Scratch,
    ) -> Option<Judged> {
        let d = self.judge_line(n, line, options.on_error, scratch)?;
        let mut json = self.decision_json(&d);
        json.push(b'\n');
        Some((d, json))
    }

    /// The decision as the stream writes it: compact JSON (no newline) of
    /// at most [`Limits::max_decision_bytes`](crate::Limits::max_decision_bytes)
    /// bytes, as [`Decision::to_json_bounded`] shapes it.
    pub fn decision_json(&self, decision: &Decision) -> Vec<u8> {
        decision.to_json_bounded(self.limits().max_decision_bytes)
    }

    /// Judges line `n` as read by [`Line::read`], as the stream does: a
    /// line over the limit is an error decision with verdict `on_error`,
    /// any other as [`Engine::judge_raw`] judges it.
    pub fn judge_line(
        &self,
        n: u64,
        line: &Line,
        on_error: Verdict,
        scratch: &mut Scratch,
    ) -> Option<Decision> {
        match line {
            Line::Bytes(b) => self.judge_raw(n, b, on_error, scratch),
            Line::TooLong(len) => Some(self.stamp(Decision::from_error(
                Some(n),
                on_error,
                PostError::new(
                    ErrorKind::TooLarge,
                    format!(
                        "line of {len} bytes is over the limit of {} bytes",
                        self.limits().max_line_bytes
                    ),
                ),
            ))),
        }
    }

    /// Judges one raw JSONL line as the stream does: `None` for a blank
    /// line; an error decision with verdict `on_error` for a line that is
    /// not valid UTF-8, not a JSON object, or cannot be judged. A trailing
    /// `\r` and a leading byte-order mark are ignored.
    pub fn judge_raw(
        &self,
        n: u64,
        bytes: &[u8],
        on_error: Verdict,
        scratch: &mut Scratch,
    ) -> Option<Decision> {
        let fail = |e: PostError| Some(self.stamp(Decision::from_error(Some(n), on_error, e)));
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                return fail(PostError::new(
                    ErrorKind::InvalidUtf8,
                    format!("invalid UTF-8 at byte {}", e.valid_up_to()),
                ))
            }
        };
        let post = match Post::from_json(text) {
            Ok(p) => p,
            Err(e) => return fail(e),
        };
        let mut d = match self.try_judge_with(&post, scratch) {
            Ok(d) => d,
            Err(e) => {
                let mut d = Decision::from_error(Some(n), on_error, e);
                d.id = self.echoed_id(&post);
                self.stamp(d)
            }
        };
        d.line = Some(n);
        Some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_skipped_not_buffered() {
        let data = format!("{}\nshort\nlast", "x".repeat(100));
        let mut r = io::BufReader::with_capacity(8, data.as_bytes());
        assert!(matches!(
            Line::read(&mut r, 10).unwrap(),
            Some(Line::TooLong(100))
        ));
        assert!(matches!(Line::read(&mut r, 10).unwrap(), Some(Line::Bytes(b)) if b == b"short"));
        assert!(matches!(Line::read(&mut r, 10).unwrap(), Some(Line::Bytes(b)) if b == b"last"));
        assert!(Line::read(&mut r, 10).unwrap().is_none());
    }
}
