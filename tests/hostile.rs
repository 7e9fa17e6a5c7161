//! Hostile input: every class of bad post and every limit yields one
//! clear record (or one clear rule error), never a panic or a lost line.

use redline_policy::{Engine, EngineBuilder, Limits, StreamOptions, Verdict};
use serde_json::Value as Json;

const RULES: &str =
    "rules:\n  - id: drugs.sale\n    action: hold\n    match: {keywords: [cocaine]}\n";

fn engine_with(limits: Limits) -> Engine {
    EngineBuilder::new()
        .add_yaml("hostile.yaml", RULES)
        .limits(limits)
        .build()
        .expect("rules load")
}

/// Runs the stream and returns each record as JSON.
fn stream(engine: &Engine, input: &[u8]) -> Vec<Json> {
    let mut out = Vec::new();
    engine
        .moderate(input, &mut out, &StreamOptions::new())
        .expect("in-memory I/O cannot fail");
    String::from_utf8(out)
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect()
}

fn kinds(records: &[Json]) -> Vec<String> {
    records
        .iter()
        .map(|r| {
            r["error"]["kind"].as_str().map_or_else(
                || r["verdict"].as_str().unwrap_or("?").to_owned(),
                str::to_owned,
            )
        })
        .collect()
}

#[test]
fn every_hostile_line_class_yields_one_record() {
    let engine = engine_with(Limits::default());
    let mut input = Vec::new();
    let lines: [&[u8]; 13] = [
        b"{\"text\": \"c0caine\"}",                        // 1 judged
        b"\xff\xfe not utf-8",                             // 2 invalid UTF-8
        b"{\"text\": \"raw\x00nul\"}",                     // 3 raw NUL byte
        b"{\"text\": \"esc \\u0000 cocaine\"}",            // 4 escaped NUL: judged
        b"{\"text\": \"lone \\ud800 surrogate\"}",         // 5 lone surrogate
        b"\xef\xbb\xbf{\"text\": \"bom cocaine\"}",        // 6 BOM: judged
        b"{\"text\": \"crlf cocaine\"}\r",                 // 7 CRLF: judged
        b"",                                               // 8 blank: no record
        b"[1, 2]",                                         // 9 not an object
        b"{\"text\": 5}",                                  // 10 wrong type
        b"{\"text\": \"x\", \"jurisdictions\": [\"XX\"]}", // 11 unknown code
        b"not json at all",                                // 12 invalid JSON
        b"{\"text\": \"no final newline cocaine\"}",       // 13 judged
    ];
    for (i, l) in lines.iter().enumerate() {
        input.extend_from_slice(l);
        if i + 1 < lines.len() {
            input.push(b'\n');
        }
    }
    let records = stream(&engine, &input);
    let got: Vec<(u64, String)> = records
        .iter()
        .map(|r| r["line"].as_u64().unwrap_or(0))
        .zip(kinds(&records))
        .collect();
    let want: Vec<(u64, String)> = [
        (1, "held"),
        (2, "invalid_utf8"),
        (3, "invalid_json"),
        (4, "held"),
        (5, "invalid_json"),
        (6, "held"),
        (7, "held"),
        (9, "not_object"),
        (10, "field_type"),
        (11, "unknown_jurisdiction"),
        (12, "invalid_json"),
        (13, "held"),
    ]
    .into_iter()
    .map(|(n, k)| (n, k.to_owned()))
    .collect();
    assert_eq!(got, want);
    for r in records.iter().filter(|r| r.get("error").is_some()) {
        assert_eq!(r["verdict"], "held", "errors fail closed: {r}");
        assert!(!r["error"]["message"].as_str().unwrap_or("").is_empty());
    }
}

#[test]
fn deeply_nested_json_is_an_error_record_not_a_stack_overflow() {
    let engine = engine_with(Limits::default());
    let deep = format!(
        "{{\"text\": \"x\", \"meta\": {}{}}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let records = stream(&engine, deep.as_bytes());
    assert_eq!(kinds(&records), vec!["invalid_json"]);
}

#[test]
fn line_and_hashtag_limits_are_configurable() {
    let limits = Limits::default()
        .with_max_line_bytes(64)
        .with_max_hashtags(3);
    let engine = engine_with(limits);
    let long = format!("{{\"text\": \"{}\"}}\n", "a".repeat(100));
    let tags = "{\"text\": \"x\", \"hashtags\": [\"a\", \"b\", \"c\", \"d\"]}\n";
    let ok = "{\"text\": \"cocaine\", \"hashtags\": [\"a\"]}\n";
    let records = stream(&engine, format!("{long}{tags}{ok}").as_bytes());
    assert_eq!(kinds(&records), vec!["too_large", "limit", "held"]);
}

#[test]
fn huge_and_match_dense_posts_are_judged() {
    let engine = engine_with(Limits::default());
    let dense = "cocaine ".repeat(100_000);
    let line = format!("{{\"id\": 1, \"text\": \"{dense}\"}}\n");
    assert!(line.len() < 1 << 20);
    let records = stream(&engine, line.as_bytes());
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["verdict"], "held");
    let matches = records[0]["matches"].as_array().expect("matches");
    assert_eq!(matches.len(), 32, "at most 32 spans per rule and field");
    assert_eq!(matches[31]["start"], 31 * 8);
    assert_eq!(matches[31]["more"], 100_000 - 32);
    assert!(matches[..31].iter().all(|m| m.get("more").is_none()));
}

#[test]
fn on_error_sets_the_verdict_of_bad_lines() {
    let engine = engine_with(Limits::default());
    let mut out = Vec::new();
    engine
        .moderate(
            &b"nope\n"[..],
            &mut out,
            &StreamOptions::new().on_error(Verdict::Allowed),
        )
        .expect("in-memory I/O");
    let r: Json = serde_json::from_slice(&out).expect("one JSON record");
    assert_eq!(r["verdict"], "allowed");
}

fn load_errors(yaml: &str, limits: Limits) -> Vec<String> {
    match EngineBuilder::new()
        .add_yaml("limits.yaml", yaml)
        .limits(limits)
        .build()
    {
        Ok(_) => Vec::new(),
        Err(e) => e.errors().map(|d| d.to_string()).collect(),
    }
}

#[test]
fn rule_side_limits_are_errors_with_places() {
    let limits = Limits::default().with_max_rules(1);
    let two =
        "rules:\n  - id: a\n    match: {keywords: [x1]}\n  - id: b\n    match: {keywords: [x2]}\n";
    let errs = load_errors(two, limits);
    assert!(
        errs.iter()
            .any(|e| e.contains("R015") && e.contains("limit of 1")),
        "{errs:?}"
    );

    let limits = Limits::default().with_max_patterns(2);
    let three = "rules:\n  - id: a\n    match: {keywords: [x1, x2, x3]}\n";
    let errs = load_errors(three, limits);
    assert!(
        errs.iter()
            .any(|e| e.contains("R027") && e.contains("patterns")),
        "{errs:?}"
    );

    let limits = Limits::default().with_regex_size_limit(1000);
    let big = "rules:\n  - id: a\n    match: {regex: '\\w{500}'}\n";
    let errs = load_errors(big, limits);
    assert!(
        errs.iter()
            .any(|e| e.starts_with("limits.yaml:3:") && e.contains("size limit")),
        "{errs:?}"
    );

    let limits = Limits::default().with_max_depth(3);
    let deep = "rules:\n  - id: a\n    match: {not: {not: {not: {not: {not: {keywords: [x]}}}}}}\n";
    let errs = load_errors(deep, limits);
    assert!(
        errs.iter()
            .any(|e| e.contains("R028") && e.contains("nest")),
        "{errs:?}"
    );
}

#[test]
fn yaml_alias_bombs_are_refused() {
    let mut y = String::from("lists:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h"];
    let mut prev = "a";
    for n in names {
        let refs = vec![format!("*{prev}"); 10].join(", ");
        y.push_str(&format!("  {n}: &{n} [{refs}]\n"));
        prev = n;
    }
    let errs = load_errors(&y, Limits::default());
    assert!(
        errs.iter()
            .any(|e| e.contains("R029") && e.contains("limit")),
        "{errs:?}"
    );
}

#[test]
fn zero_chunk_settings_cannot_stall_the_stream() {
    let engine = engine_with(Limits::default());
    let input = b"{\"text\": \"cocaine\"}\n\n{\"text\": \"hi\"}\nnope\n";
    let mut out = Vec::new();
    let options = StreamOptions::new().chunk_lines(0).chunk_bytes(0);
    let summary = engine
        .moderate(&input[..], &mut out, &options)
        .expect("in-memory I/O");
    assert_eq!(summary.posts, 3);
    assert_eq!(out, {
        let mut whole = Vec::new();
        engine
            .moderate(&input[..], &mut whole, &StreamOptions::new())
            .expect("in-memory I/O");
        whole
    });
}
