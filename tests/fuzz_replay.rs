//! Inputs the fuzzers (and property tests) once failed on, replayed as
//! ordinary tests with the fuzz targets' invariants. Add a crash input as a
//! file under `tests/data/fuzz/<target>/`.

use std::fs;
use std::path::Path;

use redline_matcher::normalize;
use redline_policy::{Engine, EngineBuilder, StreamOptions};

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let path = e.expect("directory entry").path();
            let bytes = fs::read(&path).expect("readable input");
            (path.display().to_string(), bytes)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no inputs for {target}");
    out
}

#[test]
fn normalize_inputs_keep_invariants() {
    for (name, bytes) in inputs("normalize") {
        let text = String::from_utf8_lossy(&bytes);
        let once = normalize(&text);
        assert_eq!(
            normalize(once.as_str()).as_str(),
            once.as_str(),
            "{name}: not idempotent"
        );
        for i in 0..once.len() {
            let (s, e) = once.span(i);
            assert!(
                s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e),
                "{name}"
            );
        }
    }
}

#[test]
fn jsonl_inputs_get_one_decision_per_line() {
    let engine = Engine::builtin().expect("built-in rules load");
    for (name, bytes) in inputs("jsonl_line") {
        let mut out = Vec::new();
        let summary = engine
            .moderate(&bytes[..], &mut out, &StreamOptions::new())
            .expect("in-memory I/O");
        let non_blank = bytes
            .split(|&b| b == b'\n')
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
            .map(|l| l.strip_prefix("\u{feff}".as_bytes()).unwrap_or(l))
            .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
            .count();
        let text = String::from_utf8(out).expect("UTF-8 output");
        assert_eq!(text.lines().count(), non_blank, "{name}");
        assert_eq!(summary.posts as usize, non_blank, "{name}");
    }
}

#[test]
fn rules_inputs_load_or_fail_with_places() {
    for (name, bytes) in inputs("rules_yaml") {
        let text = String::from_utf8_lossy(&bytes);
        match EngineBuilder::new().add_yaml("fuzz.yaml", &text).build() {
            Ok(engine) => {
                let _ = engine.run_tests();
            }
            Err(e) => {
                assert!(e.errors().count() > 0, "{name}");
                assert!(
                    e.errors().all(|d| d.line >= 1 && d.column >= 1),
                    "{name}: {e}"
                );
                // Rendering any diagnostic of any input shows its code.
                for d in e.diagnostics() {
                    assert!(d.render(false).contains(d.code.as_str()), "{name}");
                }
            }
        }
    }
}
