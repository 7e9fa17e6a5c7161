//! `redline sor` (SPEC section 10): DSA statements of reasons.
//!
//! `tests/data/sor/rules` maps three categories; `EU` holds drugs, `DE`
//! (extends EU) also holds `extremism.nazi` under StGB § 86a, `EEA` extends
//! EU, `FR` demotes flagged content, `US` holds drugs and sexual services.
//! Goldens are regenerated with `UPDATE_GOLDENFILES=1 cargo test --test
//! tests sor`.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use proptest::prelude::*;
use redline_policy::dsa::{self, validate, Judged};
use redline_policy::{Engine, Post};
use serde_json::{json, Value as Json};

const NOW: &str = "2025-07-02T10:00:00Z";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn redline() -> Command {
    let mut cmd = Command::cargo_bin("redline").expect("the redline binary is built");
    cmd.current_dir(root());
    cmd
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDENFILES").is_some_and(|v| v == "1")
}

/// Compares `actual` with the golden file, or rewrites it when updating.
fn golden(rel: &str, actual: &str) {
    let path = root().join("tests/data/sor").join(rel);
    if updating() {
        fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDENFILES=1 creates it)", path.display()));
    assert_eq!(
        actual, expected,
        "{rel} differs (UPDATE_GOLDENFILES=1 regenerates)"
    );
}

/// The batches of a `sor` run: (stdout lines as JSON, stderr).
fn sor(args: &[&str], stdin: &str) -> (Vec<Json>, String) {
    let out = redline()
        .arg("sor")
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("redline runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let batches = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    (batches, String::from_utf8(out.stderr).expect("UTF-8"))
}

fn statements(batches: &[Json]) -> Vec<&Json> {
    batches
        .iter()
        .flat_map(|b| b["statements"].as_array().expect("statements array"))
        .collect()
}

#[test]
fn sor_golden_statements_and_warnings() {
    let args = [
        "--rules",
        "tests/data/sor/rules",
        "--now",
        NOW,
        "tests/data/sor/posts.jsonl",
    ];
    let out = redline().arg("sor").args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let pretty: String = stdout
        .lines()
        .map(|l| {
            let v: Json = serde_json::from_str(l).unwrap();
            serde_json::to_string_pretty(&v).unwrap() + "\n"
        })
        .collect();
    golden("expected.json", &pretty);
    golden("expected.stderr", &String::from_utf8_lossy(&out.stderr));
    // The cases the golden holds, asserted directly too.
    let batches: Vec<Json> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let all = statements(&batches);
    let by_id = |prefix: &str| -> Vec<&Json> {
        all.iter()
            .copied()
            .filter(|s| s["puid"].as_str().unwrap().starts_with(prefix))
            .collect()
    };
    let de = by_id("de-only-");
    assert_eq!(de.len(), 1);
    assert_eq!(de[0]["territorial_scope"], json!(["DE"]));
    assert_eq!(de[0]["illegal_content_legal_ground"], "StGB § 86a");
    assert_eq!(
        de[0]["content_date"], "2025-07-01",
        "22:30 at -02:00 is the next day in UTC"
    );
    assert_eq!(de[0]["content_language"], "DE");
    let eu = by_id("eu-and-us-");
    assert_eq!(eu.len(), 1, "EU and EEA share one ground: one statement");
    assert_eq!(eu[0]["territorial_scope"].as_array().unwrap().len(), 30);
    assert_eq!(
        eu[0]["decision_ground_reference_url"],
        "https://example.com/terms#3"
    );
    assert!(by_id("us-only-").is_empty(), "restricted in the US only");
    let fr = by_id("flagged-fr-");
    assert_eq!(
        fr[0]["decision_visibility"],
        json!(["DECISION_VISIBILITY_CONTENT_DEMOTED"])
    );
    assert_eq!(
        fr[0]["content_date"], "2025-07-02",
        "no created_at: the decision day"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 6: restricted in the EU/EEA but has no `id`"),
        "{err}"
    );
    assert!(err.contains("line 8: not judged (invalid_json)"), "{err}");
}

#[test]
fn sor_from_decisions_equals_judging_here() {
    let dir = tempfile::tempdir().unwrap();
    let decisions = dir.path().join("decisions.jsonl");
    redline()
        .args([
            "moderate",
            "--rules",
            "tests/data/sor/rules",
            "tests/data/sor/posts.jsonl",
            "-o",
        ])
        .arg(&decisions)
        .assert()
        .success();
    let direct = sor(
        &[
            "--rules",
            "tests/data/sor/rules",
            "--now",
            NOW,
            "tests/data/sor/posts.jsonl",
        ],
        "",
    );
    let joined = sor(
        &[
            "--rules",
            "tests/data/sor/rules",
            "--now",
            NOW,
            "--decisions",
            decisions.to_str().unwrap(),
            "tests/data/sor/posts.jsonl",
        ],
        "",
    );
    assert_eq!(joined.0, direct.0);
    assert!(!direct.0.is_empty());
}

/// Every statement the shipped rules write for the sample posts passes
/// the database's rules, checked by the validator and again here.
#[test]
fn sor_statements_validate_with_shipped_rules() {
    let mut posts = String::new();
    let texts = [
        "buy cocaine, discreet shipping",
        "Sieg Heil",
        "kys loser",
        "call me 13812345678",
        "澳门網賭平台，首充送彩金",
        "hello",
    ];
    for (i, t) in texts.iter().enumerate() {
        for j in ["DE", "EU", "US", "CN"] {
            posts.push_str(&format!(
                "{}\n",
                json!({"id": format!("p{i}-{j}"), "text": t, "jurisdictions": [j], "created_at": 1751328000 + i})
            ));
        }
    }
    let (batches, _) = sor(&["--now", NOW], &posts);
    let all = statements(&batches);
    assert!(all.len() >= 4, "{all:?}");
    let puid = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    for s in &all {
        assert_eq!(validate(s), Vec::<String>::new(), "{s}");
        assert!(puid(s["puid"].as_str().unwrap()));
        for c in s["territorial_scope"].as_array().unwrap() {
            assert!(
                dsa::values::EU_MEMBERS.contains(&c.as_str().unwrap()),
                "{c}"
            );
        }
        assert!(dsa::values::CATEGORIES.contains(&s["category"].as_str().unwrap()));
    }
    let cn_only: Vec<_> = all
        .iter()
        .filter(|s| s["puid"].as_str().unwrap().ends_with("CN"))
        .collect();
    assert!(cn_only.is_empty());
}

/// The validator refuses each kind of bad value.
#[test]
fn validator_refuses_what_the_database_refuses() {
    let (batches, _) = sor(
        &[
            "--rules",
            "tests/data/sor/rules",
            "--now",
            NOW,
            "tests/data/sor/posts.jsonl",
        ],
        "",
    );
    let good = statements(&batches)[0].clone();
    assert!(validate(&good).is_empty());
    let bad: [(&str, Json); 10] = [
        (
            "category",
            json!("STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT"),
        ),
        ("decision_visibility", json!([])),
        ("decision_visibility", json!(["DECISION_VISIBILITY_GONE"])),
        ("territorial_scope", json!(["US"])),
        ("territorial_scope", json!(["EU"])),
        ("content_date", json!("1999-12-31")),
        ("application_date", json!("2025-13-01")),
        ("decision_facts", json!("x".repeat(5001))),
        ("puid", json!("a/b")),
        ("automated_detection", json!("yes")),
    ];
    for (field, value) in bad {
        let mut s = good.clone();
        s[field] = value.clone();
        assert!(!validate(&s).is_empty(), "{field} = {value} passed");
    }
    let mut s = good.clone();
    s["content_date"] = json!("2025-07-03");
    assert!(!validate(&s).is_empty(), "content after application");
    let mut s = good;
    s.as_object_mut().unwrap().remove("puid");
    assert!(!validate(&s).is_empty());
}

#[test]
fn sor_batches_hold_at_most_100_and_reruns_repeat_puids() {
    let posts: String = (0..250)
        .map(|i| {
            format!(
                "{}\n",
                json!({"id": i, "text": "cocaine for sale", "jurisdictions": ["EU"]})
            )
        })
        .collect();
    let args = ["--rules", "tests/data/sor/rules", "--now", NOW];
    let (batches, _) = sor(&args, &posts);
    let sizes: Vec<usize> = batches
        .iter()
        .map(|b| b["statements"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [100, 100, 50]);
    let puids: HashSet<&str> = statements(&batches)
        .iter()
        .map(|s| s["puid"].as_str().unwrap())
        .collect();
    assert_eq!(puids.len(), 250, "one puid per post and ground");
    let (again, _) = sor(&args, &posts);
    assert_eq!(again, batches, "a rerun writes the same puids");
}

#[test]
fn sor_needs_rules_with_a_dsa_mapping() {
    let out = redline()
        .args(["sor", "--rules", "tests/data/cli/rules"])
        .write_stdin("{\"id\":1,\"text\":\"cocaine\"}\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no `dsa:` block"));
}

#[test]
fn sor_bad_now_is_a_usage_error() {
    redline()
        .args(["sor", "--now", "soon"])
        .write_stdin("")
        .assert()
        .code(2);
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("cocaine".to_owned()),
        Just("for sale".to_owned()),
        Just("shipping".to_owned()),
        Just("Sieg Heil".to_owned()),
        Just("escort service".to_owned()),
        "[a-z]{3,8}",
        "[\\p{Han}]{1,3}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// No statement field holds any matched text or any author value.
    #[test]
    fn statements_hold_no_matched_text_or_author_value(
        words in prop::collection::vec(word(), 1..8),
        name in "[A-Z][a-z]{4,9} [A-Z][a-z]{4,9}",
        handle in "@[a-z]{5,10}",
        email in "[a-z]{5,8}@[a-z]{4,8}\\.org",
        jurisdictions in prop::sample::subsequence(vec!["DE", "EU", "EEA", "FR", "US"], 1..5),
    ) {
        let engine = Engine::from_path(root().join("tests/data/sor/rules")).unwrap();
        let post = json!({
            "id": "p1",
            "text": words.join(" "),
            "jurisdictions": jurisdictions,
            "author": {"name": name, "handle": handle, "email": email, "id": "u-73519"},
        });
        let post = Post::from_value(post).unwrap();
        let decision = engine.judge(&post);
        let out = engine.statements(&Judged::new(&decision, Some(&post)), 1_751_450_400);
        let mut secrets: Vec<String> = vec![name, handle, email, "u-73519".to_owned()];
        for m in decision.matches.iter().flatten() {
            secrets.extend(m.text.clone());
        }
        for s in &out.statements {
            prop_assert!(validate(s).is_empty());
            let mut strings = Vec::new();
            collect_strings(s, &mut strings);
            for field in &strings {
                for secret in &secrets {
                    prop_assert!(
                        !field.to_lowercase().contains(&secret.to_lowercase()),
                        "{secret:?} in {field:?}"
                    );
                }
            }
        }
    }
}

fn collect_strings<'a>(v: &'a Json, out: &mut Vec<&'a str>) {
    match v {
        Json::String(s) => out.push(s),
        Json::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        Json::Object(m) => m.values().for_each(|i| collect_strings(i, out)),
        _ => {}
    }
}
