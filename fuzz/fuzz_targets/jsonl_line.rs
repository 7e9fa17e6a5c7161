//! Any bytes as JSONL input to the built-in rules: exactly one decision per
//! non-blank line, each valid JSON with a strictly increasing `line`, and
//! no panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::{fuzz_target, Corpus};
use redline_policy::{Engine, StreamOptions};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::builtin().expect("the built-in rules load"))
}

/// Lines the stream must answer: not blank once a trailing `\r` and a
/// leading byte-order mark are set aside.
fn non_blank(data: &[u8]) -> usize {
    if data.is_empty() {
        return 0;
    }
    data.split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .map(|l| l.strip_prefix("\u{feff}".as_bytes()).unwrap_or(l))
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .count()
}

fuzz_target!(|data: &[u8]| -> Corpus {
    if data.len() > 16 << 10 {
        return Corpus::Reject;
    }
    let mut out = Vec::new();
    let summary = engine()
        .moderate(data, &mut out, &StreamOptions::new())
        .expect("in-memory I/O cannot fail");
    let text = String::from_utf8(out).expect("output is UTF-8");
    let mut last = 0;
    let mut records = 0;
    for line in text.lines() {
        let record: serde_json::Value = serde_json::from_str(line).expect("each record is JSON");
        let n = record["line"].as_u64().expect("each record has a line");
        assert!(n > last, "line numbers out of order");
        last = n;
        records += 1;
    }
    assert_eq!(records, non_blank(data), "one decision per non-blank line");
    assert_eq!(summary.posts as usize, records);
    Corpus::Keep
});
