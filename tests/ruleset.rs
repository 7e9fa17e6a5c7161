//! The rule-set fingerprint (SPEC section 10): the same for the same rules
//! whatever the file names, file order, key order and comments; different
//! after any one-character change; the built-in rules equal `rules/`.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use redline_policy::{Engine, Post};
use serde_json::Value as Json;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("rules dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

/// The file with its comments dropped and its top-level keys (each with
/// the block under it) in reverse order.
fn reorder_keys(text: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
        if !line.starts_with(' ') && !line.trim().is_empty() {
            blocks.push(String::new());
        }
        if let Some(block) = blocks.last_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks.reverse();
    blocks.concat()
}

/// The shipped rules copied to a temporary directory: files renamed (so
/// they load in a different order), keys reordered, comments dropped.
fn shuffled_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    yaml_files(&root().join("rules"), &mut files);
    files.sort();
    let n = files.len();
    for (i, path) in files.iter().enumerate() {
        let text = fs::read_to_string(path).expect("rules file");
        let name = format!(
            "{:02}-{}",
            n - i,
            path.file_name().unwrap().to_string_lossy()
        );
        fs::write(dir.path().join(name), reorder_keys(&text)).expect("write copy");
    }
    dir
}

fn ruleset_of(path: &Path) -> String {
    Engine::from_path(path)
        .unwrap_or_else(|e| panic!("{} does not load: {e}", path.display()))
        .ruleset()
        .to_owned()
}

#[test]
fn builtin_equals_rules_dir_and_is_stable_across_loads() {
    let builtin = Engine::builtin()
        .expect("built-in rules")
        .ruleset()
        .to_owned();
    assert_eq!(builtin.len(), 16);
    assert!(builtin
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    assert_eq!(ruleset_of(&root().join("rules")), builtin);
    assert_eq!(Engine::builtin().unwrap().ruleset(), builtin);
}

#[test]
fn file_names_order_keys_and_comments_do_not_count() {
    let copy = shuffled_copy();
    let reordered = fs::read_dir(copy.path())
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .any(|t| t.trim_start().starts_with("rules:") || t.trim_start().starts_with("actions:"));
    assert!(reordered, "the copy really reorders keys");
    assert_eq!(ruleset_of(copy.path()), ruleset_of(&root().join("rules")));
}

#[test]
fn a_one_character_change_anywhere_changes_it() {
    let base = ruleset_of(&root().join("rules"));
    let edits = [
        ("drugs.yaml", "    - heroin\n", "    - heroim\n"),
        ("de.yaml", "name: Germany", "name: Germanx"),
        ("us.yaml", "gambling: flag", "gambling: hold"),
    ];
    for (file, from, to) in edits {
        let copy = shuffled_copy();
        let target = fs::read_dir(copy.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().ends_with(file))
            .expect("file in copy");
        let text = fs::read_to_string(&target).unwrap();
        assert!(text.contains(from), "{file} holds {from}");
        fs::write(&target, text.replacen(from, to, 1)).unwrap();
        assert_ne!(ruleset_of(copy.path()), base, "{file}: {from} -> {to}");
    }
}

#[test]
fn every_decision_and_the_cli_carry_it() {
    let engine = Engine::builtin().unwrap();
    let d = engine.judge(&Post::text("hello"));
    assert_eq!(d.ruleset.as_deref(), Some(engine.ruleset()));
    let out = Command::cargo_bin("redline")
        .unwrap()
        .args(["moderate"])
        .write_stdin("{\"id\":1,\"text\":\"hi\"}\nnot json\n")
        .output()
        .unwrap();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let d: Json = serde_json::from_str(line).unwrap();
        assert_eq!(d["ruleset"], engine.ruleset(), "{line}");
    }
    let dir = tempfile::tempdir().unwrap();
    let stats = dir.path().join("stats.json");
    Command::cargo_bin("redline")
        .unwrap()
        .arg("moderate")
        .arg("--stats")
        .arg(&stats)
        .write_stdin("{\"text\":\"hi\"}\n")
        .assert()
        .success();
    let stats: Json = serde_json::from_slice(&fs::read(&stats).unwrap()).unwrap();
    assert_eq!(stats["ruleset"], engine.ruleset());
    let diff = Command::cargo_bin("redline")
        .unwrap()
        .current_dir(root())
        .args([
            "diff",
            "--old",
            "tests/data/cli/diff/old",
            "--new",
            "tests/data/cli/diff/new",
        ])
        .write_stdin("{\"text\":\"online casino\"}\n")
        .output()
        .unwrap();
    let (old, new) = (
        ruleset_of(&root().join("tests/data/cli/diff/old")),
        ruleset_of(&root().join("tests/data/cli/diff/new")),
    );
    assert_ne!(old, new);
    let records: Vec<Json> = String::from_utf8(diff.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(records.len() >= 2, "a change and the summary: {records:?}");
    for r in &records {
        assert_eq!(
            (r["old_ruleset"].as_str(), r["new_ruleset"].as_str()),
            (Some(&*old), Some(&*new)),
            "{r}"
        );
    }
    let check = Command::cargo_bin("redline")
        .unwrap()
        .args(["check"])
        .output()
        .unwrap();
    let err = String::from_utf8(check.stderr).unwrap();
    assert!(
        err.contains(&format!("ruleset: {}", engine.ruleset())),
        "{err}"
    );
}
