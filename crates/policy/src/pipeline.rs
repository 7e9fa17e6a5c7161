//! The judging pipeline every batch command shares: lines in, judged in
//! parallel chunks with a scratch kept per worker, results out in input
//! order through a [`Sink`].
//!
//! The calling thread reads lines into a bounded queue; a judging thread
//! takes whatever the queue holds (at least one line, at most one chunk).
//! On a file the reader stays ahead, so chunks are full; in a live pipe
//! the judge finds the queue holding only the lines read so far and
//! judges them at once, so a decision follows its line without waiting
//! for a chunk to fill. Chunk boundaries never change the output: each
//! line is judged on its own, and results are put in input order.

use std::collections::VecDeque;
use std::io::{self, BufRead};
use std::sync::{Condvar, Mutex, MutexGuard};

use rayon::prelude::*;

use crate::stream::Line;

/// Where a pipeline's results go, in input order.
pub trait Sink<T> {
    /// Takes the result of the next line.
    fn put(&mut self, item: T) -> io::Result<()>;

    /// Called after each chunk with the running totals read so far: what
    /// was put must now reach its reader (flush any buffer).
    fn chunk_done(&mut self, read: &ReadTotals) -> io::Result<()>;
}

/// How a pipeline reads: chunk bounds and the line limit.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Chunking {
    /// Most lines judged together (at least 1).
    pub lines: usize,
    /// Most bytes read ahead (a chunk always takes at least one line).
    pub bytes: usize,
    /// Longest line kept; longer ones are read as [`Line::TooLong`].
    pub max_line: usize,
}

impl Chunking {
    /// At most `lines` lines and about `bytes` bytes per chunk (each at
    /// least 1), lines over `max_line` bytes read as [`Line::TooLong`].
    pub fn new(lines: usize, bytes: usize, max_line: usize) -> Chunking {
        Chunking {
            lines: lines.max(1),
            bytes: bytes.max(1),
            max_line,
        }
    }
}

/// Lines and bytes read so far (newlines included, blank lines too).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadTotals {
    /// Lines read.
    pub lines: u64,
    /// Bytes read.
    pub bytes: u64,
}

/// Judges `input` line by line: `judge(n, line, scratch)` for line `n`
/// (from 1), in parallel, each worker with a scratch from `scratch` kept
/// from chunk to chunk; every `Some` result goes to `sink` in input
/// order, and the sink hears after each chunk. Returns what was read.
///
/// # Errors
///
/// The first I/O error of `input` or of `sink`; either stops the other
/// side at its next line.
pub fn run<R, S, T, K>(
    mut input: R,
    chunking: Chunking,
    scratch: impl Fn() -> S + Sync,
    judge: impl Fn(u64, &Line, &mut S) -> Option<T> + Sync,
    sink: &mut K,
) -> io::Result<ReadTotals>
where
    R: BufRead,
    S: Send,
    T: Send,
    K: Sink<T> + Send + ?Sized,
{
    let chunking = Chunking::new(chunking.lines, chunking.bytes, chunking.max_line);
    let queue = Queue::new();
    std::thread::scope(|s| {
        let judged = s.spawn(|| {
            // However the judge ends (a panic too), the reader must not
            // wait for room.
            let _close = Close(&queue);
            judge_all(&queue, chunking, &scratch, &judge, sink)
        });
        let read = read_all(&mut input, &queue, chunking);
        {
            let mut q = queue.lock();
            q.ended = true;
        }
        queue.changed.notify_all();
        let judged = judged
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        // A sink error stops reading too; it is the one to report.
        let totals = judged?;
        read.map(|()| totals)
    })
}

/// Judges `items` in parallel, each worker of the chunk with its own
/// scratch from `scratches` (kept by the caller from chunk to chunk, so
/// caches stay warm); results in input order.
pub fn judge_chunk<I, S, T>(
    items: &[I],
    scratches: &mut [S],
    judge: impl Fn(&I, &mut S) -> T + Sync,
) -> Vec<T>
where
    I: Sync,
    S: Send,
    T: Send,
{
    let per = items.len().div_ceil(scratches.len().max(1)).max(1);
    let judged: Vec<Vec<T>> = items
        .par_chunks(per)
        .zip(scratches.par_iter_mut())
        .map(|(items, scratch)| items.iter().map(|i| judge(i, scratch)).collect())
        .collect();
    judged.into_iter().flatten().collect()
}

/// Scratches for [`judge_chunk`]: a few per worker thread, so that slices
/// balance when lines differ in cost.
pub fn scratches<S>(make: impl Fn() -> S) -> Vec<S> {
    (0..rayon::current_num_threads() * 4)
        .map(|_| make())
        .collect()
}

/// A line with its number and its size as read.
type Queued = (u64, Line, u64);

/// Lines read and not yet judged, with the two ends' states.
struct Queue {
    state: Mutex<QueueState>,
    changed: Condvar,
}

#[derive(Default)]
struct QueueState {
    lines: VecDeque<Queued>,
    bytes: usize,
    /// The reader has stopped (end of input or error).
    ended: bool,
    /// The judge has stopped (done or failed).
    closed: bool,
    /// Which side sleeps on the condition (each wakes the other only
    /// then: a wake-up is a system call, too dear to make per line).
    reader_waits: bool,
    judge_waits: bool,
}

impl Queue {
    fn new() -> Queue {
        Queue {
            state: Mutex::new(QueueState::default()),
            changed: Condvar::new(),
        }
    }

    /// The state; a poisoned lock (a panicking judge) is taken as it is,
    /// since `closed` is what the reader needs to see.
    fn lock(&self) -> MutexGuard<'_, QueueState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn wait<'a>(&self, guard: MutexGuard<'a, QueueState>) -> MutexGuard<'a, QueueState> {
        self.changed.wait(guard).unwrap_or_else(|p| p.into_inner())
    }
}

/// Marks the queue closed when dropped.
struct Close<'q>(&'q Queue);

impl Drop for Close<'_> {
    fn drop(&mut self) {
        self.0.lock().closed = true;
        self.0.changed.notify_all();
    }
}

/// The reader: lines into the queue while it has room, until the end of
/// the input or the judge stops.
fn read_all(input: &mut impl BufRead, queue: &Queue, chunking: Chunking) -> io::Result<()> {
    let mut n = 0u64;
    while let Some(line) = Line::read(input, chunking.max_line)? {
        n += 1;
        let size = line.len().min(chunking.max_line);
        let read = line.len() as u64 + 1;
        let mut q = queue.lock();
        while !q.closed && (q.lines.len() >= chunking.lines || q.bytes >= chunking.bytes) {
            q.reader_waits = true;
            q = queue.wait(q);
            q.reader_waits = false;
        }
        if q.closed {
            return Ok(());
        }
        q.lines.push_back((n, line, read));
        q.bytes += size;
        let wake = q.judge_waits;
        drop(q);
        if wake {
            queue.changed.notify_all();
        }
    }
    Ok(())
}

/// The judge: whatever the queue holds (waiting for one line when it is
/// empty), judged and put in order, until the reader has ended and the
/// queue is empty.
fn judge_all<S, T, K>(
    queue: &Queue,
    chunking: Chunking,
    scratch: &(impl Fn() -> S + Sync),
    judge: &(impl Fn(u64, &Line, &mut S) -> Option<T> + Sync),
    sink: &mut K,
) -> io::Result<ReadTotals>
where
    S: Send,
    T: Send,
    K: Sink<T> + ?Sized,
{
    let mut scratches = scratches(scratch);
    let mut totals = ReadTotals::default();
    loop {
        let chunk: Vec<Queued> = {
            let mut q = queue.lock();
            while q.lines.is_empty() && !q.ended {
                q.judge_waits = true;
                q = queue.wait(q);
                q.judge_waits = false;
            }
            if q.lines.is_empty() {
                return Ok(totals);
            }
            q.bytes = 0;
            let chunk = q.lines.drain(..).collect();
            let wake = q.reader_waits;
            drop(q);
            if wake {
                queue.changed.notify_all();
            }
            chunk
        };
        debug_assert!(chunk.len() <= chunking.lines);
        for (_, _, read) in &chunk {
            totals.lines += 1;
            totals.bytes += read;
        }
        let judged = judge_chunk(&chunk, &mut scratches, |(n, line, _), s| judge(*n, line, s));
        for item in judged.into_iter().flatten() {
            sink.put(item)?;
        }
        sink.chunk_done(&totals)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Collect(Vec<u64>, Vec<ReadTotals>);

    impl Sink<u64> for Collect {
        fn put(&mut self, item: u64) -> io::Result<()> {
            self.0.push(item);
            Ok(())
        }
        fn chunk_done(&mut self, read: &ReadTotals) -> io::Result<()> {
            self.1.push(*read);
            Ok(())
        }
    }

    #[test]
    fn results_come_in_order_whatever_the_chunks() {
        let input: String = (1..=1000).map(|i| format!("{i}\n\n")).collect();
        for lines in [1, 3, 4096] {
            let mut sink = Collect(Vec::new(), Vec::new());
            let chunking = Chunking::new(lines, 8 << 20, 3);
            let read = run(
                input.as_bytes(),
                chunking,
                || 0u64,
                |_, line, calls| {
                    *calls += 1;
                    match line {
                        Line::Bytes(b) if !b.is_empty() => {
                            std::str::from_utf8(b).ok()?.parse().ok()
                        }
                        Line::TooLong(_) => Some(0),
                        Line::Bytes(_) => None,
                    }
                },
                &mut sink,
            )
            .unwrap();
            let want: Vec<u64> = (1..=1000).map(|i| if i < 1000 { i } else { 0 }).collect();
            assert_eq!(sink.0, want, "chunks of {lines}");
            assert_eq!(read.lines, 2000);
            assert_eq!(read.bytes, input.len() as u64);
            assert_eq!(sink.1.last(), Some(&read));
        }
    }

    struct Failing;

    impl Sink<u64> for Failing {
        fn put(&mut self, _: u64) -> io::Result<()> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }
        fn chunk_done(&mut self, _: &ReadTotals) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failing_sink_stops_the_reader() {
        let input = "1\n".repeat(100_000);
        let chunking = Chunking::new(2, 1, 10);
        let err = run(
            input.as_bytes(),
            chunking,
            || (),
            |n, _, _| Some(n),
            &mut Failing,
        )
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
    }
}
