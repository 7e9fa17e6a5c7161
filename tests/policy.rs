//! The policy layer from outside: golden verdicts (`tests/data/policy`),
//! golden diagnostics (`tests/data/errors`), and the library guarantees of
//! SPEC section 7.
//!
//! Golden files are regenerated with `UPDATE_GOLDENFILES=1 cargo test --test
//! tests policy`. A regenerated file is a claim about the SPEC: read every
//! changed line against it before committing.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use redline_policy::{
    Decision, Engine, EngineBuilder, Limits, LoadError, Post, StreamOptions, Verdict,
};
use serde_json::Value as Json;

fn data_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDENFILES").is_some_and(|v| v == "1")
}

/// Panics with every failure at once.
fn report(kind: &str, failures: &[String], checked: usize) {
    assert!(checked > 0, "no {kind} cases found");
    if !failures.is_empty() {
        panic!(
            "{} of {checked} {kind} cases failed (UPDATE_GOLDENFILES=1 regenerates; check every change against the SPEC):\n\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

// ---------------------------------------------------------------------------
// JSON comparison with readable differences
// ---------------------------------------------------------------------------

/// `matches` order is not part of the contract: compare them sorted.
fn canonical(mut v: Json) -> Json {
    if let Some(Json::Array(ms)) = v.get_mut("matches") {
        ms.sort_by_key(|m| m.to_string());
    }
    v
}

/// Every place where `actual` differs from `expected`, as `path: ...` lines.
fn json_diff(path: &str, expected: &Json, actual: &Json, out: &mut Vec<String>) {
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) => {
            for (k, ev) in e {
                let p = format!("{path}.{k}");
                match a.get(k) {
                    Some(av) => json_diff(&p, ev, av, out),
                    None => out.push(format!("{p}: expected {ev}, missing")),
                }
            }
            for (k, av) in a {
                if !e.contains_key(k) {
                    out.push(format!("{path}.{k}: unexpected {av}"));
                }
            }
        }
        (Json::Array(e), Json::Array(a)) => {
            for i in 0..e.len().max(a.len()) {
                let p = format!("{path}[{i}]");
                match (e.get(i), a.get(i)) {
                    (Some(ev), Some(av)) => json_diff(&p, ev, av, out),
                    (Some(ev), None) => out.push(format!("{p}: expected {ev}, missing")),
                    (None, Some(av)) => out.push(format!("{p}: unexpected {av}")),
                    (None, None) => {}
                }
            }
        }
        _ if expected != actual => out.push(format!("{path}: expected {expected}, got {actual}")),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// Golden verdicts: tests/data/policy/<case>/{rules.yaml | rules/, posts.jsonl, expected.jsonl}
// ---------------------------------------------------------------------------

fn case_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(root)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn render_load_error(e: &LoadError) -> String {
    e.diagnostics()
        .iter()
        .map(|d| format!("    {d}\n"))
        .collect()
}

/// Runs one verdict case; `Err` holds a readable description of what differs.
fn run_verdict_case(dir: &Path) -> Result<(), String> {
    let rules = if dir.join("rules.yaml").is_file() {
        dir.join("rules.yaml")
    } else {
        dir.join("rules")
    };
    let engine = Engine::from_path(&rules)
        .map_err(|e| format!("rules do not load:\n{}", render_load_error(&e)))?;
    let posts = fs::read(dir.join("posts.jsonl")).map_err(|e| format!("posts.jsonl: {e}"))?;
    let mut out = Vec::new();
    engine
        .moderate(posts.as_slice(), &mut out, &StreamOptions::new())
        .map_err(|e| format!("moderate failed: {e}"))?;
    let out = String::from_utf8(out).map_err(|e| format!("output is not UTF-8: {e}"))?;
    let expected_path = dir.join("expected.jsonl");
    if updating() {
        fs::write(&expected_path, &out)
            .map_err(|e| format!("cannot write {}: {e}", expected_path.display()))?;
        return Ok(());
    }
    let expected = fs::read_to_string(&expected_path).map_err(|e| {
        format!(
            "{}: {e} (UPDATE_GOLDENFILES=1 creates it)",
            expected_path.display()
        )
    })?;
    let expected: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
    let actual: Vec<&str> = out.lines().collect();
    let mut problems = String::new();
    if expected.len() != actual.len() {
        let _ = writeln!(
            problems,
            "  {} output lines, expected {}",
            actual.len(),
            expected.len()
        );
    }
    for i in 0..expected.len().max(actual.len()) {
        let (e, a) = (expected.get(i), actual.get(i));
        let parse = |s: &str| serde_json::from_str::<Json>(s).map(canonical);
        match (e, a) {
            (Some(e), Some(a)) => {
                let ev = parse(e)
                    .map_err(|err| format!("expected.jsonl record {}: bad JSON: {err}", i + 1))?;
                let av = parse(a)
                    .map_err(|err| format!("output record {}: bad JSON: {err}: {a}", i + 1))?;
                if ev != av {
                    let mut diffs = Vec::new();
                    json_diff("", &ev, &av, &mut diffs);
                    let _ = writeln!(
                        problems,
                        "  record {} (expected line {}):",
                        i + 1,
                        ev.get("line").unwrap_or(&Json::Null)
                    );
                    for d in diffs {
                        let _ = writeln!(problems, "    {d}");
                    }
                    let _ = writeln!(problems, "    expected: {e}\n    actual:   {a}");
                }
            }
            (Some(e), None) => {
                let _ = writeln!(problems, "  record {}: missing, expected {e}", i + 1);
            }
            (None, Some(a)) => {
                let _ = writeln!(problems, "  record {}: unexpected {a}", i + 1);
            }
            (None, None) => {}
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[test]
fn policy_golden_verdicts() {
    let dirs = case_dirs(&data_dir("policy"));
    let mut failures = Vec::new();
    for dir in &dirs {
        if let Err(e) = run_verdict_case(dir) {
            failures.push(format!(
                "--- {}\n{e}",
                dir.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    report("verdict", &failures, dirs.len());
}

// ---------------------------------------------------------------------------
// Golden diagnostics: tests/data/errors/NNN-name.{yaml,out}
// ---------------------------------------------------------------------------

/// Limits from a `# limits: max_rules=1 max_depth=3` line of a golden
/// file, for the codes that only a limit brings out.
fn golden_limits(text: &str) -> Limits {
    let mut limits = Limits::default();
    let settings = text
        .lines()
        .filter_map(|l| l.strip_prefix("# limits:"))
        .flat_map(str::split_whitespace);
    for setting in settings {
        let (key, value) = setting.split_once('=').expect("limit as key=value");
        let value: usize = value.parse().expect("a number");
        match key {
            "max_rules" => limits = limits.with_max_rules(value),
            "max_patterns" => limits = limits.with_max_patterns(value),
            "max_depth" => limits = limits.with_max_depth(value),
            "max_yaml_nodes" => limits = limits.with_max_yaml_nodes(value),
            "regex_size_limit" => limits = limits.with_regex_size_limit(value),
            other => panic!("unknown limit {other}"),
        }
    }
    limits
}

/// Every diagnostic as rustc renders it (without colour), errors and
/// warnings alike.
fn render_diagnostics(name: &str, text: &str) -> String {
    let built = EngineBuilder::new()
        .limits(golden_limits(text))
        .add_yaml(name, text)
        .build();
    let (mut s, diags) = match &built {
        Ok(engine) => ("(loaded without errors)\n".to_owned(), engine.warnings()),
        Err(e) => (String::new(), e.diagnostics()),
    };
    for d in diags {
        s.push_str(&d.render(false));
        s.push('\n');
    }
    s
}

#[test]
fn policy_golden_diagnostics() {
    let root = data_dir("errors");
    let mut files: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(path).unwrap();
        let actual = render_diagnostics(&name, &text);
        let out_path = path.with_extension("out");
        if updating() {
            fs::write(&out_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&out_path)
            .unwrap_or_else(|e| format!("<{}: {e}>\n", out_path.display()));
        if expected != actual {
            let mut msg = format!("--- {name}\n");
            let (e, a): (Vec<&str>, Vec<&str>) =
                (expected.lines().collect(), actual.lines().collect());
            for line in &e {
                if !a.contains(line) {
                    let _ = writeln!(msg, "  - {line}");
                }
            }
            for line in &a {
                if !e.contains(line) {
                    let _ = writeln!(msg, "  + {line}");
                }
            }
            if e.iter().all(|l| a.contains(l)) && a.iter().all(|l| e.contains(l)) {
                let _ = writeln!(msg, "  (same lines, different order or count)");
            }
            let _ = write!(
                msg,
                "  expected:\n{}  actual:\n{}",
                indent(&expected),
                indent(&actual)
            );
            failures.push(msg);
        }
    }
    report("diagnostics", &failures, files.len());
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}

// ---------------------------------------------------------------------------
// Library guarantees
// ---------------------------------------------------------------------------

#[test]
fn policy_builtin_rules_load_and_pass_their_tests() {
    let engine = match Engine::builtin() {
        Ok(e) => e,
        Err(e) => panic!("built-in rules do not load:\n{}", render_load_error(&e)),
    };
    assert!(engine.rule_count() > 0);
    let report = engine.run_tests();
    assert!(report.passed > 0, "built-in rules carry no tests");
    if !report.ok() {
        let lines: Vec<String> = report.failures.iter().map(|f| format!("  {f}")).collect();
        panic!(
            "{} of {} built-in rule examples failed:\n{}",
            report.failures.len(),
            report.failures.len() + report.passed,
            lines.join("\n")
        );
    }
}

/// The SPEC 4.1 evasions, one rule per step, with their near misses.
#[test]
fn policy_evasion_cases_match_and_near_misses_do_not() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/detection/evasions.yaml");
    let engine = match Engine::from_path(&path) {
        Ok(e) => e,
        Err(e) => panic!("evasion cases do not load:\n{}", render_load_error(&e)),
    };
    let report = engine.run_tests();
    let failures: Vec<String> = report.failures.iter().map(|f| format!("  {f}")).collect();
    assert!(
        failures.is_empty(),
        "evasion cases failed:\n{}",
        failures.join("\n")
    );
    assert!(
        report.passed >= 70,
        "only {} evasion cases ran",
        report.passed
    );
}

#[test]
fn policy_builtin_rules_have_no_errors_among_warnings() {
    let engine = Engine::builtin().expect("built-in rules load");
    let errors: Vec<String> = engine
        .warnings()
        .iter()
        .filter(|d| d.severity == redline_policy::Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "errors among warnings: {errors:#?}");
}

#[test]
fn policy_public_types_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Engine>();
    send_sync::<Decision>();
    send_sync::<Post>();
    send_sync::<LoadError>();
}

#[test]
fn policy_engine_is_shared_across_threads() {
    let engine = Engine::builtin().unwrap();
    let post = Post::from_json(r#"{"text": "c0caine for sale, dm me"}"#).unwrap();
    let here = engine.judge(&post);
    let there = std::thread::scope(|s| s.spawn(|| engine.clone().judge(&post)).join().unwrap());
    assert_eq!(here, there);
}

#[test]
fn policy_judge_batch_equals_sequential_judge() {
    let engine = Engine::builtin().unwrap();
    let texts = [
        r#"{"id": 1, "text": "c0caine for sale, dm me"}"#,
        r#"{"id": 2, "text": "nice weather today"}"#,
        r#"{"id": 3, "text": "最好的網上賭博, 首充送彩金"}"#,
        r#"{"id": 4, "text": 42}"#,
        r#"{"id": 5, "text": "Best online casino sign up bonus", "jurisdictions": ["US"]}"#,
        r#"{"id": 6, "text": "x", "jurisdictions": ["XX"]}"#,
        r#"{"id": 7, "title": "Sieg Heil", "text": "88", "hashtags": ["1488"]}"#,
    ];
    let mut posts: Vec<Post> = texts.iter().map(|t| Post::from_json(t).unwrap()).collect();
    // Enough posts for rayon to split the work.
    for i in 0..300 {
        posts.push(posts[i % texts.len()].clone());
    }
    let sequential: Vec<Decision> = posts.iter().map(|p| engine.judge(p)).collect();
    let batch = engine.judge_batch(&posts);
    assert_eq!(batch.len(), posts.len());
    for (i, (s, b)) in sequential.iter().zip(&batch).enumerate() {
        assert_eq!(s, b, "post {i} differs");
    }
    assert!(sequential.iter().any(|d| d.verdict == Verdict::Held));
    assert!(sequential.iter().any(|d| d.verdict == Verdict::Allowed));
    assert!(sequential.iter().any(|d| d.error.is_some()));
}

#[test]
fn policy_when_on_a_missing_field_is_false() {
    let engine = Engine::from_yaml(
        r#"
rules:
  - id: spam.new-account
    match: {keywords: [free money]}
    when:
      author.account_age_days: {lt: 30}
  - id: spam.not-verified
    match: {keywords: [free money]}
    when:
      author.verified: {ne: true}
  - id: spam.no-region
    match: {keywords: [free money]}
    when:
      author.region: {exists: false}
"#,
    )
    .unwrap();
    let fired = |json: &str| {
        let d = engine.judge(&Post::from_json(json).unwrap());
        d.rules().into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    // No author at all: `lt` and `ne` are false, `exists: false` holds.
    assert_eq!(fired(r#"{"text": "free money"}"#), ["spam.no-region"]);
    // An author without the fields: the same.
    assert_eq!(
        fired(r#"{"text": "free money", "author": {}}"#),
        ["spam.no-region"]
    );
    // `null` counts as missing.
    assert_eq!(
        fired(r#"{"text": "free money", "author": {"account_age_days": null, "verified": null}}"#),
        ["spam.no-region"]
    );
    // Present fields make them hold.
    assert_eq!(
        fired(r#"{"text": "free money", "author": {"account_age_days": 3, "verified": false}}"#),
        ["spam.new-account", "spam.not-verified", "spam.no-region"]
    );
}

#[test]
fn policy_decision_serializes_to_the_contract_shape() {
    let engine = Engine::from_yaml(
        "rules:\n  - id: drugs.sale\n    category: drugs.sale\n    severity: high\n    match: {keywords: [cocaine]}\n",
    )
    .unwrap();
    let d = engine.judge(&Post::from_json(r#"{"id": "p1", "text": "buy c0caine"}"#).unwrap());
    let json: Json = serde_json::to_value(&d).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "id": "p1",
            "verdict": "flagged",
            "jurisdictions": {"default": "flagged"},
            "matches": [{"rule": "drugs.sale", "category": "drugs.sale", "severity": "high",
                         "field": "text", "start": 4, "end": 11, "text": "c0caine", "via": ["leet"]}],
            "ruleset": engine.ruleset(),
        })
    );
}

fn moderate_to_string(engine: &Engine, input: &[u8], options: &StreamOptions) -> String {
    let mut out = Vec::new();
    engine.moderate(input, &mut out, options).expect("moderate");
    String::from_utf8(out).expect("UTF-8 output")
}

#[test]
fn policy_stream_order_does_not_depend_on_chunking() {
    let engine = Engine::builtin().unwrap();
    let samples = [
        r#"{"text": "c0caine for sale, dm me"}"#,
        "",
        r#"{"text": "nice weather today"}"#,
        "not json",
        r#"{"text": "最好的網上賭博, 首充送彩金"}"#,
    ];
    let mut input = String::new();
    for i in 0..2000 {
        let line = samples[i % samples.len()];
        if line.starts_with('{') {
            input.push_str(&line.replacen('{', &format!("{{\"id\": {i}, "), 1));
        } else {
            input.push_str(line);
        }
        input.push('\n');
    }
    let whole = moderate_to_string(&engine, input.as_bytes(), &StreamOptions::new());
    for chunk in [1, 7, 64] {
        let chunked = moderate_to_string(
            &engine,
            input.as_bytes(),
            &StreamOptions::new().chunk_lines(chunk),
        );
        assert!(whole == chunked, "output differs with chunk_lines({chunk})");
    }
    let lines: Vec<Json> = whole
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2000 - 400, "one record per non-blank line");
    let numbers: Vec<u64> = lines.iter().map(|d| d["line"].as_u64().unwrap()).collect();
    assert!(
        numbers.windows(2).all(|w| w[0] < w[1]),
        "records out of input order"
    );
}

#[test]
fn policy_stream_on_error_sets_the_error_verdict() {
    let engine =
        Engine::from_yaml("rules:\n  - id: spam.word\n    match: {keywords: [spam]}\n").unwrap();
    let input = b"not json\n{\"text\": 5}\n{\"text\": \"spam\"}\n";
    for (verdict, name) in [
        (Verdict::Allowed, "allowed"),
        (Verdict::Flagged, "flagged"),
        (Verdict::Held, "held"),
    ] {
        let out = moderate_to_string(&engine, input, &StreamOptions::new().on_error(verdict));
        let records: Vec<Json> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(records.len(), 3);
        assert_eq!(records[0]["verdict"], name);
        assert_eq!(records[0]["error"]["kind"], "invalid_json");
        assert_eq!(records[1]["verdict"], name);
        assert_eq!(records[1]["error"]["kind"], "field_type");
        assert_eq!(
            records[2]["verdict"], "flagged",
            "judged lines keep their verdict"
        );
    }
}

#[test]
fn policy_stream_reports_too_large_and_invalid_utf8_lines() {
    let limits = redline_policy::Limits::default().with_max_line_bytes(64);
    let engine = EngineBuilder::new()
        .add_yaml(
            "spam.yaml",
            "rules:\n  - id: spam.word\n    match: {keywords: [spam]}\n",
        )
        .limits(limits)
        .build()
        .unwrap();
    let mut input = Vec::new();
    input.extend_from_slice(format!("{{\"text\": \"{}\"}}\n", "x".repeat(200)).as_bytes());
    input.extend_from_slice(b"{\"text\": \"bad \xff byte\"}\n");
    input.extend_from_slice(b"{\"text\": \"spam\"}\n");
    let out = moderate_to_string(&engine, &input, &StreamOptions::new());
    let records: Vec<Json> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 3, "{out}");
    assert_eq!(
        (records[0]["line"].as_u64(), &records[0]["error"]["kind"]),
        (Some(1), &Json::from("too_large"))
    );
    assert_eq!(records[0]["verdict"], "held");
    assert_eq!(
        (records[1]["line"].as_u64(), &records[1]["error"]["kind"]),
        (Some(2), &Json::from("invalid_utf8"))
    );
    assert_eq!(records[1]["verdict"], "held");
    assert_eq!(records[2]["line"], 3);
    assert_eq!(records[2]["verdict"], "flagged");
}
