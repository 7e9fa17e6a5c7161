//! Hostile benchmark: for each condition kind (and the built-in rules), an
//! adversarial post at the largest line the stream accepts (1 MiB) against
//! a benign post of the same size, through `Engine::moderate` (parsing,
//! judging and the bounded JSON line). Prints each ratio and the worst;
//! docs/PERFORMANCE.md records them (target: at most 10x).
//!
//! Run: `cargo bench --bench hostile`. Under `cargo test` (an unoptimized
//! build) each case runs once at 64 KiB, as a smoke test: no timing is
//! asserted.

use std::time::{Duration, Instant};

use redline_policy::{Engine, StreamOptions, Verdict};

mod hostile_cases;

use hostile_cases::{cases, BENIGN_UNIT};

/// One JSONL line of about `bytes` bytes whose text repeats `unit`.
fn line(unit: &str, bytes: usize) -> Vec<u8> {
    let text: String = unit.repeat(bytes / unit.len() + 1);
    let mut end = bytes.saturating_sub(64).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let post = serde_json::json!({"id": 1, "text": &text[..end]});
    let mut line = serde_json::to_vec(&post).expect("JSON");
    line.push(b'\n');
    line
}

/// The fastest of `reps` runs of the stream over `input`, with the
/// verdict and the output line's length.
fn time(engine: &Engine, input: &[u8], reps: usize) -> (Duration, Verdict, usize) {
    let mut best = Duration::MAX;
    let mut seen = (Verdict::Allowed, 0);
    for _ in 0..reps {
        let mut out = Vec::new();
        let started = Instant::now();
        engine
            .moderate(input, &mut out, &StreamOptions::new())
            .expect("in-memory I/O");
        best = best.min(started.elapsed());
        let record: serde_json::Value = serde_json::from_slice(&out).expect("one JSON line");
        let verdict = Verdict::parse(record["verdict"].as_str().unwrap_or("")).expect("verdict");
        seen = (verdict, out.len());
    }
    (best, seen.0, seen.1)
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let (bytes, reps) = if benching {
        (1 << 20, 7)
    } else {
        (64 << 10, 1)
    };
    let builtin = Engine::builtin().expect("built-in rules");
    println!(
        "{:<28} {:>11} {:>11} {:>7} {:>9}",
        "case", "benign ms", "hostile ms", "ratio", "out bytes"
    );
    let mut worst = (0.0f64, "");
    for c in cases() {
        let engine = if c.rules.is_empty() {
            builtin.clone()
        } else {
            Engine::from_yaml(&c.rules).expect("case rules load")
        };
        let benign = line(BENIGN_UNIT, bytes);
        let hostile = line(&c.unit, bytes);
        assert!(hostile.len() <= engine.limits().max_line_bytes());
        let (b, bv, _) = time(&engine, &benign, reps);
        let (h, hv, out) = time(&engine, &hostile, reps);
        assert_eq!(bv, Verdict::Allowed, "{}: the baseline is benign", c.name);
        assert_eq!(hv != Verdict::Allowed, c.fires, "{}: verdict {hv}", c.name);
        let ratio = h.as_secs_f64() / b.as_secs_f64().max(1e-9);
        if ratio > worst.0 {
            worst = (ratio, c.name);
        }
        println!(
            "{:<28} {:>11.2} {:>11.2} {:>6.2}x {:>9}",
            c.name,
            b.as_secs_f64() * 1e3,
            h.as_secs_f64() * 1e3,
            ratio,
            out
        );
    }
    println!("worst ratio: {:.2}x ({})", worst.0, worst.1);
}
