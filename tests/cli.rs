//! The `redline` binary end to end (SPEC sections 2 and 6): every command,
//! flag and exit status, run as a user would run them.
//!
//! Rule sets used here live in `tests/data/cli/`:
//!
//! - `rules/`: a pack (`drugs.cocaine` on "cocaine", category `drugs.sale`,
//!   action flag; `gambling.casino` on "online casino", category
//!   `gambling.ads`, action flag) and two jurisdictions: `AA` holds drugs and
//!   gambling, `BB` allows gambling (drugs fall back to the rule's flag).
//! - `diff/old`, `diff/new`: the same pack with `CN` and `US`; `CN` flags
//!   gambling in `old` and holds it in `new`.
//! - `broken/`: three errors in one file; `warn/`: a one-letter keyword
//!   (W001); `failing-tests/`: a rule whose `tests:` example does not fire.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{json, Value as Json};

// ---------------------------------------------------------------- helpers

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn data(rel: &str) -> PathBuf {
    root().join("tests/data/cli").join(rel)
}

/// `redline` run from the repository root, so relative paths in arguments
/// (and in the diagnostics that echo them) are stable.
fn redline() -> Command {
    let mut cmd = Command::cargo_bin("redline").expect("the redline binary is built");
    cmd.current_dir(root());
    cmd
}

/// `redline diff` between the two rule sets of `tests/data/cli/diff`.
fn redline_diff() -> Command {
    let mut cmd = redline();
    cmd.args([
        "diff",
        "--old",
        "tests/data/cli/diff/old",
        "--new",
        "tests/data/cli/diff/new",
    ]);
    cmd
}

const RULES: &str = "tests/data/cli/rules";
const EXAMPLES: &str = "examples/posts.jsonl";

/// Every line of `out` as JSON, failing on any line that is not.
fn json_lines(out: &[u8]) -> Vec<Json> {
    let text = std::str::from_utf8(out).expect("output is UTF-8");
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "output does not end with a newline: {text:?}"
    );
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Runs a command that must exit 0 and returns its stdout as JSON lines.
fn run_json(cmd: &mut Command) -> Vec<Json> {
    let out = cmd.assert().success().get_output().stdout.clone();
    json_lines(&out)
}

/// `redline moderate --rules tests/data/cli/rules ARGS` with `stdin`.
fn moderate_small(args: &[&str], stdin: impl Into<Vec<u8>>) -> Vec<Json> {
    run_json(
        redline()
            .args(["moderate", "--rules", RULES])
            .args(args)
            .write_stdin(stdin.into()),
    )
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The `jurisdictions` map of a decision, as `code -> verdict`.
fn verdicts(d: &Json) -> BTreeMap<String, String> {
    d["jurisdictions"]
        .as_object()
        .unwrap_or_else(|| panic!("no jurisdictions in {d}"))
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The distinct rule ids that fired, sorted.
fn rules_fired(d: &Json) -> Vec<String> {
    let mut ids: Vec<String> = d["matches"]
        .as_array()
        .unwrap_or_else(|| panic!("no matches in {d}"))
        .iter()
        .map(|m| m["rule"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn rank(v: &str) -> u8 {
    match v {
        "allowed" => 0,
        "flagged" => 1,
        "held" => 2,
        other => panic!("not a verdict: {other}"),
    }
}

/// The `error.kind` of an error record.
fn error_kind(d: &Json) -> &str {
    d["error"]["kind"]
        .as_str()
        .unwrap_or_else(|| panic!("not an error record: {d}"))
}

/// A JSONL corpus of `n` posts built by cycling through the example posts
/// with fresh ids, with a blank line every 37 lines and a broken line every
/// 101: deterministic, so two runs see the same bytes.
fn generated_corpus(n: usize) -> (String, usize) {
    let examples = fs::read_to_string(root().join(EXAMPLES)).unwrap();
    let posts: Vec<Json> = examples
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut out = String::new();
    let mut non_blank = 0;
    for i in 0..n {
        if i % 37 == 36 {
            out.push('\n');
            continue;
        }
        non_blank += 1;
        if i % 101 == 100 {
            out.push_str("{\"id\": broken\n");
            continue;
        }
        let mut post = posts[i % posts.len()].clone();
        post["id"] = json!(format!("gen-{i}"));
        out.push_str(&serde_json::to_string(&post).unwrap());
        out.push('\n');
    }
    (out, non_blank)
}

// ------------------------------------------------------- moderate: basics

/// Built-in rules on the shipped examples: one valid JSON decision per
/// non-blank line, `line` in input order, ids echoed, verdict the most
/// restrictive of the per-jurisdiction verdicts, spans that point at the
/// matched text, and the verdicts the built-in jurisdictions promise.
#[test]
fn moderate_builtin_rules_on_examples() {
    let input = fs::read_to_string(root().join(EXAMPLES)).unwrap();
    let posts: Vec<Json> = input
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let out = run_json(redline().args(["moderate", EXAMPLES]));
    assert_eq!(out.len(), posts.len(), "one decision per non-blank line");
    assert_eq!(out.len(), 72);

    let mut by_id = BTreeMap::new();
    for (i, (d, post)) in out.iter().zip(&posts).enumerate() {
        assert_eq!(d["line"], json!(i + 1), "line numbers in input order: {d}");
        assert_eq!(d["id"], post["id"], "id echoed: {d}");
        assert!(d.get("error").is_none(), "unexpected error record: {d}");
        // The verdict is the most restrictive per-jurisdiction verdict.
        let per = verdicts(d);
        let worst = per.values().map(|v| rank(v)).max().unwrap();
        assert_eq!(rank(d["verdict"].as_str().unwrap()), worst, "{d}");
        // Posts with `jurisdictions` are judged exactly under those.
        if let Some(codes) = post["jurisdictions"].as_array() {
            let mut want: Vec<&str> = codes.iter().map(|c| c.as_str().unwrap()).collect();
            want.sort_unstable();
            let got: Vec<&str> = per.keys().map(String::as_str).collect();
            assert_eq!(got, want, "{d}");
        } else {
            let got: Vec<&str> = per.keys().map(String::as_str).collect();
            assert_eq!(got, ["CN", "DE", "EU", "GLOBAL", "US"], "{d}");
        }
        // Every match span is a byte range of the field's original value.
        for m in d["matches"].as_array().unwrap() {
            let field = m["field"].as_str().unwrap();
            let value = match field {
                "hashtags" => &post["hashtags"][m["index"].as_u64().unwrap() as usize],
                f => &post[f],
            };
            let value = value
                .as_str()
                .unwrap_or_else(|| panic!("no field {field}: {m}"));
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                value.get(s..e),
                m["text"].as_str(),
                "span {s}..{e} of {field} in {d}"
            );
            assert!(m["via"].is_array(), "{m}");
        }
        by_id.insert(
            post["id"].to_string().trim_matches('"').to_owned(),
            d.clone(),
        );
    }

    let d = |id: &str| &by_id[id];
    let all = |v: &str| map(&[("CN", v), ("DE", v), ("EU", v), ("GLOBAL", v), ("US", v)]);
    // Innocent posts, including the SPEC section 4 precision examples.
    for id in [
        "1", "2", "p3", "p4", "11", "15", "33", "38", "39", "p65", "p68",
    ] {
        assert_eq!(d(id)["verdict"], "allowed", "{}", d(id));
        assert_eq!(verdicts(d(id)), all("allowed"));
        assert_eq!(d(id)["matches"], json!([]));
    }
    // Drug sales are held everywhere, through evasions.
    for id in ["5", "6", "7", "8", "9", "p69", "p70", "p72"] {
        assert_eq!(verdicts(d(id)), all("held"), "{}", d(id));
        assert_eq!(rules_fired(d(id)), ["drugs.sale"]);
    }
    let m = &d("5")["matches"][0];
    assert_eq!(m["text"], "c0caine");
    assert_eq!(m["via"], json!(["leet"]));
    // Harm reduction: allowed in the US, flagged in CN.
    assert_eq!(d("10")["verdict"], "flagged");
    assert_eq!(
        verdicts(d("10")),
        map(&[("CN", "flagged"), ("US", "allowed")])
    );
    // Gambling: held in CN, flagged in the US.
    assert_eq!(d("12")["verdict"], "held");
    assert_eq!(verdicts(d("12")), map(&[("CN", "held"), ("US", "flagged")]));
    assert_eq!(verdicts(d("14")), map(&[("US", "flagged")]));
    // Nazi slogans: held in DE, flagged in the US.
    assert_eq!(verdicts(d("16")), map(&[("DE", "held")]));
    assert_eq!(verdicts(d("17")), map(&[("US", "flagged")]));
    assert_eq!(rules_fired(d("16")), ["extremism.nazi.slogans"]);
    // SSN held in the US by a rule-id override.
    assert_eq!(verdicts(d("24")), map(&[("US", "held")]));
    assert_eq!(rules_fired(d("24")), ["pii.national-id.us-ssn"]);
}

/// The contact-diversion and explicit-content packs under the built-in
/// jurisdictions, as rules/README.md's table promises: CN holds disguised
/// platform names, QR lures and explicit content but only flags a plain ID;
/// everywhere else they are flagged.
#[test]
fn moderate_builtin_contact_and_explicit_per_jurisdiction() {
    let input = [
        "兼职日结，加我薇信了解",
        "高薪兼职 微信号：mm8899 备注来意",
        "扫码进群，每天免费领红包",
        "free hentai videos, link in my bio",
        "WeChat Pay is down again in Shanghai",
    ]
    .iter()
    .map(|t| format!("{}\n", json!({ "text": t })))
    .collect::<String>();
    let out = run_json(redline().arg("moderate").write_stdin(input));
    let with_cn = |cn: &str, rest: &str| {
        map(&[
            ("CN", cn),
            ("DE", rest),
            ("EU", rest),
            ("GLOBAL", rest),
            ("US", rest),
        ])
    };
    assert_eq!(rules_fired(&out[0]), ["contact.diversion.disguised"]);
    assert_eq!(verdicts(&out[0]), with_cn("held", "flagged"));
    assert_eq!(rules_fired(&out[1]), ["contact.diversion.id"]);
    assert_eq!(verdicts(&out[1]), with_cn("flagged", "flagged"));
    assert_eq!(rules_fired(&out[2]), ["contact.diversion.qr-lure"]);
    assert_eq!(verdicts(&out[2]), with_cn("held", "flagged"));
    assert_eq!(rules_fired(&out[3]), ["explicit.porn-sharing"]);
    assert_eq!(verdicts(&out[3]), with_cn("held", "flagged"));
    assert_eq!(out[4]["verdict"], "allowed", "{}", out[4]);
}

#[test]
fn moderate_reads_stdin_by_default_and_for_dash() {
    let input = fs::read(root().join(EXAMPLES)).unwrap();
    let from_file = stdout_of(redline().args(["moderate", EXAMPLES]));
    let default = stdout_of(redline().arg("moderate").write_stdin(input.clone()));
    let dash = stdout_of(redline().args(["moderate", "-"]).write_stdin(input));
    assert_eq!(json_lines(from_file.as_bytes()).len(), 72);
    assert_eq!(default, from_file);
    assert_eq!(dash, from_file);
}

/// In a live pipe (stdin kept open), each decision comes out while the
/// input is still open, not once a chunk of 4,096 lines fills. The
/// timeout only bounds a failure; it measures no speed.
#[test]
fn moderate_answers_each_line_of_a_pipe_that_stays_open() {
    use std::io::Write;
    use std::sync::mpsc;
    use std::time::Duration;

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_redline"))
        .current_dir(root())
        .args(["moderate", "--rules", &data("rules").to_string_lossy(), "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn redline");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.expect("stdout line")).is_err() {
                break;
            }
        }
    });
    let limit = Duration::from_secs(60);
    let ask = |stdin: &mut std::process::ChildStdin, post: &str| -> Json {
        writeln!(stdin, "{post}").expect("write a post");
        stdin.flush().expect("flush stdin");
        let line = rx
            .recv_timeout(limit)
            .unwrap_or_else(|e| panic!("no decision for {post} while stdin stays open: {e}"));
        serde_json::from_str(&line).expect("a JSON decision")
    };
    let first = ask(&mut stdin, r#"{"id":1,"text":"selling c0caine"}"#);
    assert_eq!(first["line"], 1);
    assert_eq!(first["id"], 1);
    assert_eq!(rules_fired(&first), ["drugs.cocaine"]);
    let second = ask(&mut stdin, r#"{"id":2,"text":"a quiet day"}"#);
    assert_eq!(second["line"], 2);
    assert_eq!(second["verdict"], "allowed");
    drop(stdin);
    assert!(child.wait().expect("redline exits").success());
    reader.join().expect("stdout reader");
    assert!(rx.try_recv().is_err(), "one decision per line");
}

/// Several inputs are judged in the order given (`-` at its place); as the
/// README documents, `line` restarts at 1 for each input.
#[test]
fn moderate_several_inputs_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.jsonl");
    let b = dir.path().join("b.jsonl");
    fs::write(
        &a,
        "{\"id\":\"a1\",\"text\":\"cocaine\"}\n\n{\"id\":\"a3\",\"text\":\"hi\"}\n",
    )
    .unwrap();
    fs::write(&b, "{\"id\":\"b1\",\"text\":\"online casino\"}\n").unwrap();
    let out = run_json(
        redline()
            .args(["moderate", "--rules", RULES])
            .arg(&a)
            .arg("-")
            .arg(&b)
            .write_stdin("{\"id\":\"s1\",\"text\":\"c0caine\"}\n"),
    );
    let got: Vec<(Json, Json, Json)> = out
        .iter()
        .map(|d| (d["id"].clone(), d["line"].clone(), d["verdict"].clone()))
        .collect();
    assert_eq!(
        got,
        [
            (json!("a1"), json!(1), json!("held")),
            (json!("a3"), json!(3), json!("allowed")),
            (json!("s1"), json!(1), json!("held")),
            (json!("b1"), json!(1), json!("held")),
        ]
    );
}

#[test]
fn moderate_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("decisions.jsonl");
    let expected = stdout_of(redline().args(["moderate", EXAMPLES]));
    redline()
        .args(["moderate", EXAMPLES, "-o"])
        .arg(&out_path)
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        // Not a terminal: no progress, nothing on stderr.
        .stderr(predicate::str::is_empty());
    assert_eq!(fs::read_to_string(&out_path).unwrap(), expected);

    // The long form too.
    let out2 = dir.path().join("long.jsonl");
    redline()
        .args(["moderate", EXAMPLES, "--output"])
        .arg(&out2)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    assert_eq!(fs::read_to_string(&out2).unwrap(), expected);
}

#[test]
fn moderate_output_file_that_cannot_be_created_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    redline()
        .args(["moderate", EXAMPLES, "-o"])
        .arg(dir.path().join("no/such/dir/out.jsonl"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("out.jsonl"));
}

// ------------------------------------------ moderate: rules, jurisdictions

/// A rules directory with a pack and two jurisdictions: every post is
/// judged under both, each with its own action.
#[test]
fn moderate_with_rules_dir() {
    let out = moderate_small(
        &[],
        "{\"id\":\"drug\",\"text\":\"buy c0caine now\"}\n\
         {\"id\":\"bet\",\"title\":\"Online Casino\"}\n\
         {\"id\":\"both\",\"text\":\"cocaine\",\"hashtags\":[\"onlinecasino\",\"online casino\"]}\n\
         {\"id\":\"none\",\"text\":\"a walk in the park\"}\n",
    );
    assert_eq!(out.len(), 4);

    assert_eq!(out[0]["verdict"], "held");
    assert_eq!(verdicts(&out[0]), map(&[("AA", "held"), ("BB", "flagged")]));
    assert_eq!(
        out[0]["matches"],
        json!([{"rule": "drugs.cocaine", "category": "drugs.sale", "severity": "high",
                "field": "text", "start": 4, "end": 11, "text": "c0caine", "via": ["leet"]}])
    );

    assert_eq!(out[1]["verdict"], "held");
    assert_eq!(verdicts(&out[1]), map(&[("AA", "held"), ("BB", "allowed")]));
    assert_eq!(out[1]["matches"][0]["field"], "title");
    assert_eq!(out[1]["matches"][0]["text"], "Online Casino");

    assert_eq!(verdicts(&out[2]), map(&[("AA", "held"), ("BB", "flagged")]));
    assert_eq!(rules_fired(&out[2]), ["drugs.cocaine", "gambling.casino"]);

    assert_eq!(out[3]["verdict"], "allowed");
    assert_eq!(
        verdicts(&out[3]),
        map(&[("AA", "allowed"), ("BB", "allowed")])
    );
    assert_eq!(out[3]["matches"], json!([]));
}

/// `--rules` may be given several times, and may name single files; with
/// no jurisdiction loaded, posts are judged under `default` with the rules'
/// own actions.
#[test]
fn moderate_with_rules_files() {
    let post = "{\"text\":\"cocaine and online casino\"}\n";
    let only_pack = moderate_files(&["rules/pack.yaml"], post);
    assert_eq!(verdicts(&only_pack[0]), map(&[("default", "flagged")]));
    assert_eq!(only_pack[0]["verdict"], "flagged");

    let pack_and_bb = moderate_files(&["rules/pack.yaml", "rules/bb.yaml"], post);
    assert_eq!(verdicts(&pack_and_bb[0]), map(&[("BB", "flagged")]));

    let casino = moderate_files(
        &["rules/pack.yaml", "rules/bb.yaml"],
        "{\"text\":\"online casino\"}\n",
    );
    assert_eq!(casino[0]["verdict"], "allowed");
    assert_eq!(verdicts(&casino[0]), map(&[("BB", "allowed")]));
}

fn moderate_files(files: &[&str], stdin: &str) -> Vec<Json> {
    let mut cmd = redline();
    cmd.arg("moderate");
    for f in files {
        cmd.arg("--rules").arg(data(f));
    }
    run_json(cmd.write_stdin(stdin))
}

/// `--jurisdiction CODE`: posts without a `jurisdictions` field are judged
/// only under CODE; posts with the field keep theirs.
#[test]
fn moderate_jurisdiction_flag() {
    let input = "{\"id\":1,\"text\":\"cocaine\"}\n\
                 {\"id\":2,\"text\":\"online casino\"}\n\
                 {\"id\":3,\"text\":\"online casino\",\"jurisdictions\":[\"AA\"]}\n\
                 {\"id\":4,\"text\":\"cocaine\",\"jurisdictions\":[\"AA\",\"BB\"]}\n";
    let out = moderate_small(&["--jurisdiction", "BB"], input);
    assert_eq!(out.len(), 4);
    assert_eq!(verdicts(&out[0]), map(&[("BB", "flagged")]));
    assert_eq!(out[0]["verdict"], "flagged");
    assert_eq!(verdicts(&out[1]), map(&[("BB", "allowed")]));
    assert_eq!(out[1]["verdict"], "allowed");
    assert_eq!(verdicts(&out[2]), map(&[("AA", "held")]));
    assert_eq!(out[2]["verdict"], "held");
    assert_eq!(verdicts(&out[3]), map(&[("AA", "held"), ("BB", "flagged")]));

    // Repeatable.
    let both = moderate_small(&["--jurisdiction", "AA", "--jurisdiction", "BB"], input);
    assert_eq!(
        verdicts(&both[1]),
        map(&[("AA", "held"), ("BB", "allowed")])
    );
    assert_eq!(verdicts(&both[2]), map(&[("AA", "held")]));

    // With the built-in rules too.
    let builtin = run_json(
        redline()
            .args(["moderate", "--jurisdiction", "US"])
            .write_stdin("{\"text\":\"澳门網賭平台，首充送彩金\"}\n{\"text\":\"澳门網賭平台，首充送彩金\",\"jurisdictions\":[\"CN\"]}\n"),
    );
    assert_eq!(verdicts(&builtin[0]), map(&[("US", "flagged")]));
    assert_eq!(verdicts(&builtin[1]), map(&[("CN", "held")]));
}

#[test]
fn moderate_unknown_jurisdiction_flag_is_a_usage_error() {
    let out = redline()
        .args(["moderate", "--rules", RULES, "--jurisdiction", "QQ"])
        .write_stdin("{\"text\":\"cocaine\"}\n")
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .get_output()
        .clone();
    assert!(stderr_of(&out).contains("QQ"), "{}", stderr_of(&out));
}

/// An unknown code inside one post makes an error record for that line
/// only; the lines around it are judged normally.
#[test]
fn moderate_unknown_jurisdiction_in_post_is_a_line_error() {
    let out = moderate_small(
        &[],
        "{\"id\":\"a\",\"text\":\"cocaine\"}\n\
         {\"id\":\"b\",\"text\":\"cocaine\",\"jurisdictions\":[\"AA\",\"ZZ\"]}\n\
         {\"id\":\"c\",\"text\":\"cocaine\",\"jurisdictions\":[\"BB\"]}\n",
    );
    assert_eq!(out.len(), 3);
    assert_eq!(verdicts(&out[0]), map(&[("AA", "held"), ("BB", "flagged")]));
    assert_eq!(out[1]["line"], 2);
    assert_eq!(out[1]["verdict"], "held");
    assert_eq!(error_kind(&out[1]), "unknown_jurisdiction");
    assert_eq!(out[1]["id"], "b", "the id is echoed on the error record");
    assert!(out[1]["error"]["message"].as_str().unwrap().contains("ZZ"));
    assert_eq!(verdicts(&out[2]), map(&[("BB", "flagged")]));
    assert_eq!(out[2]["line"], 3);
}

// -------------------------------------------------------- moderate: lines

/// Blank lines yield nothing but count in `line`; every bad line yields
/// exactly one error record with verdict `held`; CRLF, a BOM and a missing
/// final newline do not stop a post from being judged.
#[test]
fn moderate_bad_and_odd_lines() {
    let mut input: Vec<u8> = Vec::new();
    input.extend_from_slice(b"\xef\xbb\xbf{\"id\":1,\"text\":\"cocaine\"}\r\n"); // 1: BOM + CRLF
    input.extend_from_slice(b"\r\n"); // 2: blank (CRLF)
    input.extend_from_slice(b"not json\n"); // 3
    input.extend_from_slice(b"[1, 2, 3]\n"); // 4: array
    input.extend_from_slice(b"{\"id\":5,\"text\": 5}\n"); // 5: wrong type
    input.extend_from_slice(b"{\"id\":6,\"text\":\"caf\xff\"}\n"); // 6: invalid UTF-8
    input.extend_from_slice(b"   \t \n"); // 7: blank (whitespace)
    input.extend_from_slice(b"\n"); // 8: blank
    input.extend_from_slice(b"{\"id\":9,\"text\":\"online casino\"}\r\n"); // 9: CRLF
    input.extend_from_slice(b"{\"id\":10,\"hashtags\":[\"ok\", 3]}\n"); // 10: a tag that is not a string
    input.extend_from_slice(b"{\"id\":11,\"title\":\"c0caine\"}"); // 11: no final newline
    let out = moderate_small(&[], input);
    let lines: Vec<u64> = out.iter().map(|d| d["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [1, 3, 4, 5, 6, 9, 10, 11], "{out:#?}");

    assert_eq!(out[0]["id"], 1);
    assert_eq!(verdicts(&out[0]), map(&[("AA", "held"), ("BB", "flagged")]));
    assert_eq!(out[0]["matches"][0]["text"], "cocaine");

    for (d, kind) in [
        (&out[1], "invalid_json"),
        (&out[2], "not_object"),
        (&out[3], "field_type"),
        (&out[4], "invalid_utf8"),
        (&out[6], "field_type"),
    ] {
        assert_eq!(d["verdict"], "held", "{d}");
        assert_eq!(error_kind(d), kind, "{d}");
        assert!(
            !d["error"]["message"].as_str().unwrap().is_empty(),
            "an error record says what is wrong: {d}"
        );
        assert!(
            d.get("matches").is_none() || d["matches"] == json!([]),
            "{d}"
        );
    }

    assert_eq!(out[5]["id"], 9);
    assert_eq!(verdicts(&out[5]), map(&[("AA", "held"), ("BB", "allowed")]));
    assert_eq!(
        out[5]["matches"][0]["end"], 13,
        "the \\r is not part of the text"
    );
    assert_eq!(out[7]["id"], 11);
    assert_eq!(verdicts(&out[7]), map(&[("AA", "held"), ("BB", "flagged")]));
}

/// An `id` is echoed back as given, whatever its type: it is how a caller
/// joins decisions to posts. A null id is no id.
#[test]
fn moderate_echoes_ids_of_any_type() {
    let ids = [
        json!("p1"),
        json!(2),
        json!(2.5),
        json!({"shard": 3}),
        json!([1, 2]),
        json!(true),
    ];
    let mut input = String::new();
    for id in &ids {
        input.push_str(&json!({"id": id, "text": "cocaine"}).to_string());
        input.push('\n');
    }
    input.push_str("{\"id\":null,\"text\":\"cocaine\"}\n");
    let out = moderate_small(&[], input);
    assert_eq!(out.len(), ids.len() + 1, "{out:#?}");
    for (d, id) in out.iter().zip(&ids) {
        assert_eq!(&d["id"], id, "{d}");
        assert_eq!(d["matches"][0]["text"], "cocaine", "{d}");
    }
    assert!(out[ids.len()].get("id").is_none(), "{}", out[ids.len()]);
}

/// SPEC section 1 types the scanned fields: `title` and `text` are strings,
/// `hashtags` an array of strings; section 2 makes "a scanned field of the
/// wrong type" an error record. Clearly wrong types (numbers, booleans,
/// objects, non-string tags) and the swapped shapes (a bare string for
/// `hashtags`, an array for `text` or `title`) alike.
#[test]
fn moderate_scanned_fields_of_the_wrong_type_are_error_records() {
    let cases = [
        r#"{"id":1,"text":5}"#,
        r#"{"id":2,"title":true}"#,
        r#"{"id":3,"text":{"body":"cocaine"}}"#,
        r#"{"id":4,"hashtags":["ok",3]}"#,
        r#"{"id":5,"hashtags":{"tag":"casino"}}"#,
        r#"{"id":6,"hashtags":"online casino"}"#,
        r#"{"id":7,"text":["cocaine","online casino"]}"#,
        r#"{"id":8,"title":["cocaine"]}"#,
    ];
    let input: String = cases.iter().map(|c| format!("{c}\n")).collect();
    let out = moderate_small(&[], input);
    assert_eq!(out.len(), cases.len());
    let wrong: Vec<String> = out
        .iter()
        .zip(cases)
        .filter(|(d, _)| d["error"]["kind"] != "field_type" || d["verdict"] != "held")
        .map(|(d, c)| format!("{c} -> {d}"))
        .collect();
    assert!(
        wrong.is_empty(),
        "not field_type error records:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn moderate_line_over_the_size_limit_is_one_error_record() {
    let big = format!("{{\"id\":\"big\",\"text\":\"{}\"}}\n", "a".repeat(2 << 20));
    let input = format!("{big}{{\"id\":\"after\",\"text\":\"cocaine\"}}\n");
    let out = moderate_small(&[], input);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["line"], 1);
    assert_eq!(out[0]["verdict"], "held");
    assert_eq!(error_kind(&out[0]), "too_large");
    assert_eq!(out[1]["line"], 2);
    assert_eq!(out[1]["id"], "after");
    assert_eq!(out[1]["verdict"], "held");
}

#[test]
fn moderate_on_error_sets_the_verdict_of_bad_lines() {
    let input = "{\"text\":\"cocaine\"}\nnot json\n[]\n{\"title\": true}\n";
    for (flag, verdict) in [
        (None, "held"),
        (Some("held"), "held"),
        (Some("flagged"), "flagged"),
        (Some("allowed"), "allowed"),
    ] {
        let args: Vec<&str> = flag.map(|f| vec!["--on-error", f]).unwrap_or_default();
        let out = moderate_small(&args, input);
        assert_eq!(out.len(), 4, "{flag:?}");
        // Good lines are not affected.
        assert_eq!(out[0]["verdict"], "held", "{flag:?}");
        assert!(out[0].get("error").is_none());
        for d in &out[1..] {
            assert_eq!(d["verdict"], verdict, "{flag:?}: {d}");
            assert!(d["error"]["kind"].is_string(), "{d}");
        }
    }
    redline()
        .args(["moderate", "--on-error", "maybe"])
        .write_stdin("")
        .assert()
        .code(2);
}

#[test]
fn moderate_empty_input_writes_nothing() {
    redline()
        .arg("moderate")
        .write_stdin("")
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    redline()
        .arg("moderate")
        .write_stdin("\n\n  \n")
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
}

// ------------------------------------------------------ moderate: threads

/// Output order never depends on `--threads`: byte-identical output for 1
/// and 8 threads on a few thousand posts (several chunks' worth).
#[test]
fn moderate_threads_do_not_change_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus.jsonl");
    let (corpus, non_blank) = generated_corpus(9000);
    fs::write(&input, corpus).unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "8"] {
        let out = dir.path().join(format!("out-{threads}.jsonl"));
        redline()
            .args(["moderate", "--threads", threads])
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        outputs.push(fs::read(&out).unwrap());
    }
    assert!(
        outputs[0] == outputs[1],
        "--threads 1 and --threads 8 differ"
    );

    let decisions = json_lines(&outputs[0]);
    assert_eq!(decisions.len(), non_blank);
    let mut last = 0;
    for d in &decisions {
        let line = d["line"].as_u64().unwrap();
        assert!(line > last, "line numbers increase: {last} then {line}");
        last = line;
        let n = line - 1;
        if n % 101 == 100 {
            assert_eq!(error_kind(d), "invalid_json", "{d}");
        } else {
            assert_eq!(d["id"], json!(format!("gen-{n}")), "{d}");
        }
    }
    assert_eq!(last, 9000);

    // Default thread count: same bytes again.
    let out = dir.path().join("out-default.jsonl");
    redline()
        .arg("moderate")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert!(
        fs::read(&out).unwrap() == outputs[0],
        "default threads differ"
    );
}

// -------------------------------------------------------- moderate: stats

#[test]
fn moderate_stats_file() {
    let dir = tempfile::tempdir().unwrap();
    let stats = dir.path().join("stats.json");
    let input = "{\"text\":\"cocaine\"}\n\
                 {\"text\":\"online casino\"}\n\
                 {\"text\":\"online casino\",\"jurisdictions\":[\"BB\"]}\n\
                 \n\
                 {\"text\":\"hello\"}\n\
                 {\"text\":\"cocaine\",\"title\":\"cocaine again\",\"jurisdictions\":[\"AA\"]}\n\
                 broken\n";
    let out = run_json(
        redline()
            .args(["moderate", "--rules", RULES, "--stats"])
            .arg(&stats)
            .write_stdin(input),
    );
    assert_eq!(out.len(), 6);
    let s: Json =
        serde_json::from_str(&fs::read_to_string(&stats).unwrap()).expect("stats file is JSON");
    // Per-rule hit counts: posts each rule fired on.
    assert_eq!(
        s["rules"],
        json!({"drugs.cocaine": 2, "gambling.casino": 2}),
        "{s:#}"
    );
    // Per-jurisdiction verdict counts.
    assert_eq!(
        s["jurisdictions"],
        json!({
            "AA": {"held": 3, "allowed": 1},
            "BB": {"flagged": 1, "allowed": 3},
        }),
        "{s:#}"
    );
    assert_eq!(s["posts"], 6, "{s:#}");
    let pps = s["posts_per_second"]
        .as_f64()
        .expect("posts_per_second is a number");
    assert!(pps > 0.0, "{s:#}");
}

/// `--threads N` sets the worker count the stats report; 0 means all
/// cores, as the default does.
#[test]
fn moderate_threads_in_stats() {
    let dir = tempfile::tempdir().unwrap();
    let stats = dir.path().join("stats.json");
    let threads_for = |args: &[&str]| {
        redline()
            .args(["moderate", "--rules", RULES, "--stats"])
            .arg(&stats)
            .args(args)
            .env_remove("RAYON_NUM_THREADS")
            .write_stdin("{\"text\":\"hello\"}\n")
            .assert()
            .success();
        let s: Json = serde_json::from_str(&fs::read_to_string(&stats).unwrap()).unwrap();
        s["threads"].as_u64().expect("threads is a number")
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    assert_eq!(threads_for(&["--threads", "3"]), 3);
    assert_eq!(threads_for(&["--threads", "0"]), cores);
    assert_eq!(threads_for(&[]), cores);
}

/// Stats add up over several inputs.
#[test]
fn moderate_stats_over_several_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let stats = dir.path().join("stats.json");
    let a = dir.path().join("a.jsonl");
    fs::write(&a, "{\"text\":\"cocaine\"}\n{\"text\":\"x\"}\n").unwrap();
    redline()
        .args(["moderate", "--rules", RULES, "--stats"])
        .arg(&stats)
        .arg(&a)
        .arg(&a)
        .assert()
        .success();
    let s: Json = serde_json::from_str(&fs::read_to_string(&stats).unwrap()).unwrap();
    assert_eq!(s["rules"], json!({"drugs.cocaine": 2}));
    assert_eq!(s["jurisdictions"]["AA"], json!({"held": 2, "allowed": 2}));
    assert_eq!(
        s["jurisdictions"]["BB"],
        json!({"flagged": 2, "allowed": 2})
    );
    assert!(s["posts_per_second"].as_f64().unwrap() > 0.0);
}

// ------------------------------------------------- moderate: exit status

/// `redline moderate big | head -1`: a closed stdout ends quietly, exit 0.
#[test]
fn moderate_closed_stdout_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.jsonl");
    let (corpus, _) = generated_corpus(20_000);
    fs::write(&input, corpus).unwrap();
    for args in [&["moderate"][..], &["moderate", "--threads", "1"][..]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_redline"))
            .current_dir(root())
            .args(args)
            .arg(&input)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        reader.read_line(&mut first).unwrap();
        drop(reader);
        let out = child.wait_with_output().unwrap();
        let first: Json = serde_json::from_str(&first).unwrap();
        assert_eq!(first["line"], 1);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: exit status on a closed stdout; stderr: {}",
            stderr_of(&out)
        );
        assert_eq!(stderr_of(&out), "", "{args:?}: nothing on stderr");
    }
}

/// Runs `redline ARGS` with its stdout a pipe whose reading end is closed
/// at once, before the command has written anything (`redline ... | true`).
fn run_with_closed_stdout(args: &[&str]) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_redline"))
        .current_dir(root())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("RUST_BACKTRACE")
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

/// A closed stdout ends every command quietly (SPEC section 6), not only
/// `moderate`: no panic, no "Broken pipe" message, the exit status the
/// command would have had anyway.
#[test]
fn closed_stdout_ends_every_command_quietly() {
    let cases: [(&[&str], i32); 6] = [
        (&["moderate", EXAMPLES], 0),
        (&["explain", "c0caine for sale"], 0),
        (&["test"], 0),
        (&["test", "--rules", "tests/data/cli/failing-tests"], 1),
        (
            &[
                "check",
                "--format",
                "json",
                "--rules",
                "tests/data/cli/broken",
            ],
            1,
        ),
        (
            &[
                "diff",
                "--old",
                "tests/data/cli/diff/old",
                "--new",
                "tests/data/cli/diff/new",
                EXAMPLES,
            ],
            0,
        ),
    ];
    let mut wrong = Vec::new();
    for (args, code) in cases {
        let out = run_with_closed_stdout(args);
        let err = stderr_of(&out);
        if out.status.code() != Some(code)
            || err.contains("panicked")
            || err.to_lowercase().contains("broken pipe")
        {
            wrong.push(format!(
                "redline {}: status {:?} (want {code}), stderr:\n{err}",
                args.join(" "),
                out.status.code()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `redline diff ... | head -1` on a long input: ends quietly, exit 0.
#[test]
fn diff_closed_stdout_after_first_line_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.jsonl");
    let many: String = (0..20_000)
        .map(|i| format!("{{\"id\":{i},\"text\":\"online casino\"}}\n"))
        .collect();
    fs::write(&input, many).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_redline"))
        .current_dir(root())
        .args([
            "diff",
            "--old",
            "tests/data/cli/diff/old",
            "--new",
            "tests/data/cli/diff/new",
        ])
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    drop(reader);
    let out = child.wait_with_output().unwrap();
    let first: Json = serde_json::from_str(&first).unwrap();
    assert_eq!(first["type"], "change");
    assert_eq!(first["id"], 0);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "stderr: {err}");
    assert!(!err.to_lowercase().contains("broken pipe"), "{err}");
}

#[test]
fn moderate_missing_rules_path_is_an_io_error() {
    let out = redline()
        .args([
            "moderate",
            "--rules",
            "tests/data/cli/no-such-rules",
            EXAMPLES,
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .get_output()
        .clone();
    assert!(
        stderr_of(&out).contains("no-such-rules"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn moderate_invalid_rules_exit_1_with_diagnostics() {
    let out = redline()
        .args(["moderate", "--rules", "tests/data/cli/broken", EXAMPLES])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .get_output()
        .clone();
    let err = stderr_of(&out);
    for place in [
        "tests/data/cli/broken/rules.yaml:6:15",
        "tests/data/cli/broken/rules.yaml:10:5",
        "tests/data/cli/broken/rules.yaml:15:14",
    ] {
        assert!(err.contains(place), "missing {place} in:\n{err}");
    }
}

#[test]
fn moderate_missing_input_file_is_an_io_error() {
    let out = redline()
        .args(["moderate", "tests/data/cli/no-such-posts.jsonl"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .get_output()
        .clone();
    assert!(
        stderr_of(&out).contains("no-such-posts.jsonl"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn bad_flags_and_commands_are_usage_errors() {
    for args in [
        &["moderate", "--bogus"][..],
        &["moderate", "--threads", "many"][..],
        &["moderate", "--jurisdiction"][..],
        &["check", "--format", "xml"][..],
        &["explain"][..],
        &["diff", "--old", "tests/data/cli/diff/old"][..],
        &["frobnicate"][..],
        &[][..],
    ] {
        redline()
            .args(args)
            .write_stdin("")
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty());
    }
    redline().arg("--version").assert().success();
    redline().arg("--help").assert().success();
}

// ------------------------------------------------------------------ check

#[test]
fn check_builtin_rules_are_valid() {
    redline()
        .arg("check")
        .assert()
        .success()
        .stderr(predicate::str::contains("0 errors"));
    redline()
        .args(["check", "--rules", RULES])
        .assert()
        .success()
        .stderr(predicate::str::contains("0 errors, 0 warnings"));
    // Built-in rules have no warnings either.
    redline()
        .args(["check", "--deny-warnings"])
        .assert()
        .success();
}

#[test]
fn check_reports_every_error_with_its_place() {
    let out = redline()
        .args(["check", "--rules", "tests/data/cli/broken"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = stderr_of(&out);
    for (place, code, words) in [
        ("tests/data/cli/broken/rules.yaml:6:15", "R017", "extreme"),
        ("tests/data/cli/broken/rules.yaml:10:5", "R002", "catgory"),
        (
            "tests/data/cli/broken/rules.yaml:15:14",
            "R008",
            "(unclosed",
        ),
    ] {
        // rustc's layout: the title line, then ` --> path:line:column`.
        let lines: Vec<&str> = err.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.trim_start() == format!("--> {place}"))
            .unwrap_or_else(|| panic!("missing {place} in:\n{err}"));
        let line = lines[at.saturating_sub(1)];
        assert!(line.contains("error"), "{line}");
        assert!(line.contains(code), "{line}");
        assert!(line.contains(words), "{line}");
    }
    // The unknown key gets a "did you mean" hint.
    assert!(err.contains("did you mean `category`?"), "{err}");
    assert!(err.contains("3 errors"), "{err}");
}

/// Errors from several files (and of several kinds) are all reported at
/// once, each with its own path.
#[test]
fn check_reports_errors_across_files() {
    let dir = tempfile::tempdir().unwrap();
    let j = dir.path().join("zz.yaml");
    fs::write(
        &j,
        "jurisdiction: ZZ\nextends: NOPE\nactions:\n  drugs: destroy\n",
    )
    .unwrap();
    let out = redline()
        .args(["check", "--rules", "tests/data/cli/broken", "--rules"])
        .arg(&j)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = stderr_of(&out);
    let jp = j.display().to_string();
    assert!(err.contains(&format!("{jp}:2:10")), "{err}");
    assert!(err.contains(&format!("{jp}:4:10")), "{err}");
    assert!(
        err.contains("tests/data/cli/broken/rules.yaml:6:15"),
        "{err}"
    );
    assert!(
        err.contains("tests/data/cli/broken/rules.yaml:10:5"),
        "{err}"
    );
    assert!(
        err.contains("tests/data/cli/broken/rules.yaml:15:14"),
        "{err}"
    );
}

#[test]
fn check_json_format() {
    let out = redline()
        .args([
            "check",
            "--format",
            "json",
            "--rules",
            "tests/data/cli/broken",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let diags = json_lines(&out.stdout);
    let places: Vec<(String, u64, u64, String, String)> = diags
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let f = "tests/data/cli/broken/rules.yaml".to_owned();
    assert_eq!(
        places,
        [
            (f.clone(), 6, 15, "R017".into(), "error".into()),
            (f.clone(), 10, 5, "R002".into(), "error".into()),
            (f, 15, 14, "R008".into(), "error".into()),
        ]
    );
    assert!(diags.iter().all(|d| d["message"].is_string()));
    assert_eq!(diags[1]["help"], "did you mean `category`?");

    // Valid rules: no diagnostics at all on stdout.
    redline()
        .args(["check", "--format", "json", "--rules", RULES])
        .assert()
        .success()
        .stdout(predicate::str::is_empty());

    // Warnings come out as JSON too.
    let out = redline()
        .args([
            "check",
            "--format",
            "json",
            "--rules",
            "tests/data/cli/warn",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let diags = json_lines(&out.stdout);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["code"], "W001");
    assert_eq!(diags[0]["severity"], "warning");
    assert_eq!(diags[0]["line"], 4);
}

#[test]
fn check_deny_warnings() {
    let out = redline()
        .args(["check", "--rules", "tests/data/cli/warn"])
        .assert()
        .success()
        .get_output()
        .clone();
    let err = stderr_of(&out);
    assert!(
        err.contains("tests/data/cli/warn/rules.yaml:4:18") && err.contains("W001"),
        "{err}"
    );
    redline()
        .args(["check", "--deny-warnings", "--rules", "tests/data/cli/warn"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("tests/data/cli/warn/rules.yaml:4:18")
                .and(predicate::str::contains("W001")),
        );
}

#[test]
fn check_missing_rules_path_is_an_io_error() {
    redline()
        .args(["check", "--rules", "tests/data/cli/no-such-rules"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-rules"));
}

// ------------------------------------------------------------------- test

#[test]
fn test_builtin_rules_pass() {
    let out = stdout_of(redline().arg("test"));
    let last = out.lines().last().unwrap_or_default();
    let passed: u64 = last
        .strip_suffix(" passed, 0 failed")
        .unwrap_or_else(|| panic!("unexpected summary: {out}"))
        .parse()
        .unwrap();
    assert!(passed > 0, "{out}");
    assert!(!out.contains("FAIL"), "{out}");

    // The small rules: 3 + 2 examples.
    let out = stdout_of(redline().args(["test", "--rules", RULES]));
    assert_eq!(out.lines().last(), Some("5 passed, 0 failed"), "{out}");
}

#[test]
fn test_failing_example_exits_1_and_names_it() {
    let out = redline()
        .args(["test", "--rules", "tests/data/cli/failing-tests"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr_of(&out)
    );
    let fail = text
        .lines()
        .find(|l| l.contains("heroin for sale"))
        .unwrap_or_else(|| panic!("the failing example is not named:\n{text}"));
    assert!(fail.contains("drugs.cocaine"), "{fail}");
    assert!(
        fail.contains("tests/data/cli/failing-tests/rules.yaml:9:"),
        "the failure names its place: {fail}"
    );
    // The passing examples are not reported as failures.
    assert!(!text.contains("c0caine here"), "{text}");
    assert!(text.contains("2 passed, 1 failed"), "{text}");
}

#[test]
fn test_with_invalid_or_missing_rules() {
    redline()
        .args(["test", "--rules", "tests/data/cli/broken"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "tests/data/cli/broken/rules.yaml:6:15",
        ));
    redline()
        .args(["test", "--rules", "tests/data/cli/no-such-rules"])
        .assert()
        .code(2);
}

// ---------------------------------------------------------------- explain

#[test]
fn explain_shows_rule_match_via_and_actions() {
    let out = stdout_of(redline().args(["explain", "--rules", RULES, "buy c0caine now"]));
    assert!(out.contains("drugs.cocaine"), "{out}");
    assert!(out.contains("\"c0caine\""), "the matched text: {out}");
    let m = out.lines().find(|l| l.contains("\"c0caine\"")).unwrap();
    assert!(m.contains("leet"), "the via step: {m}");
    assert!(m.contains("4..11"), "the byte span: {m}");
    let actions = out
        .lines()
        .find(|l| l.contains("actions"))
        .unwrap_or_else(|| panic!("no actions line: {out}"));
    assert!(actions.contains("AA: hold"), "{actions}");
    assert!(actions.contains("BB: flag"), "{actions}");
    let verdict = out.lines().find(|l| l.starts_with("verdict")).unwrap();
    assert!(verdict.contains("held"), "{verdict}");
    assert!(
        verdict.contains("AA: held") && verdict.contains("BB: flagged"),
        "{verdict}"
    );
}

#[test]
fn explain_with_builtin_rules() {
    let out = stdout_of(redline().args(["explain", "c0caine for sale"]));
    assert!(out.contains("drugs.sale"), "{out}");
    let m = out.lines().find(|l| l.contains("\"c0caine\"")).unwrap();
    assert!(m.contains("leet"), "{m}");
    for code in ["CN", "DE", "EU", "GLOBAL", "US"] {
        assert!(out.contains(&format!("{code}: hold")), "{code}: {out}");
    }

    // Per-jurisdiction actions differ for gambling.
    let out = stdout_of(redline().args([
        "explain",
        "--jurisdiction",
        "CN",
        "--jurisdiction",
        "US",
        "澳门網賭平台，首充送彩金",
    ]));
    assert!(out.contains("gambling.ads"), "{out}");
    assert!(
        out.contains("CN: hold") && out.contains("US: flag"),
        "{out}"
    );
    assert!(!out.contains("DE:"), "{out}");
    let m = out.lines().find(|l| l.contains("\"網賭\"")).unwrap();
    assert!(m.contains("traditional"), "{m}");
}

#[test]
fn explain_jurisdiction_restricts() {
    let out = stdout_of(redline().args([
        "explain",
        "--rules",
        RULES,
        "--jurisdiction",
        "BB",
        "buy c0caine and online casino",
    ]));
    assert!(!out.contains("AA"), "only BB is shown: {out}");
    assert!(out.contains("BB: flag"), "{out}");
    assert!(out.contains("BB: allow"), "{out}");
    let verdict = out.lines().find(|l| l.starts_with("verdict")).unwrap();
    assert!(
        verdict.contains("flagged") && !verdict.contains("held"),
        "{verdict}"
    );

    // An allowed rule still shows, with verdict allowed.
    let out = stdout_of(redline().args([
        "explain",
        "--rules",
        RULES,
        "--jurisdiction",
        "BB",
        "online casino",
    ]));
    assert!(
        out.contains("gambling.casino") && out.contains("BB: allow"),
        "{out}"
    );
    let verdict = out.lines().find(|l| l.starts_with("verdict")).unwrap();
    assert!(verdict.contains("allowed"), "{verdict}");
}

#[test]
fn explain_nothing_fired_and_errors() {
    let out = stdout_of(redline().args(["explain", "--rules", RULES, "a walk in the park"]));
    assert!(out.contains("no rule fired"), "{out}");
    let verdict = out.lines().find(|l| l.starts_with("verdict")).unwrap();
    assert!(verdict.contains("allowed"), "{verdict}");

    redline()
        .args([
            "explain",
            "--rules",
            RULES,
            "--jurisdiction",
            "QQ",
            "cocaine",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("QQ"));
    redline()
        .args(["explain", "--rules", "tests/data/cli/broken", "cocaine"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "tests/data/cli/broken/rules.yaml:6:15",
        ));
    redline()
        .args([
            "explain",
            "--rules",
            "tests/data/cli/no-such-rules",
            "cocaine",
        ])
        .assert()
        .code(2);
}

// ------------------------------------------------------------------- diff

const DIFF_INPUT: &str = "{\"id\":\"g1\",\"text\":\"best online casino\"}\n\
                          {\"id\":\"d1\",\"text\":\"cocaine\"}\n\
                          \n\
                          {\"id\":\"n1\",\"text\":\"hello\"}\n\
                          {\"id\":\"g2\",\"text\":\"online casino\",\"jurisdictions\":[\"US\"]}\n\
                          {\"id\":\"g3\",\"text\":\"online casino\",\"jurisdictions\":[\"CN\"]}\n\
                          {\"id\":\"gd\",\"text\":\"online casino, cocaine\"}\n";

fn check_diff_report(report: &[Json]) {
    let (summary, changes) = report.split_last().expect("a summary line");
    assert_eq!(changes.len(), 2, "{report:#?}");
    for c in changes {
        assert_eq!(c["type"], "change", "{c}");
        assert_eq!(c["old"], "flagged", "{c}");
        assert_eq!(c["new"], "held", "{c}");
        assert_eq!(
            c["jurisdictions"],
            json!({"CN": {"old": "flagged", "new": "held"}}),
            "only CN changed: {c}"
        );
    }
    assert_eq!(changes[0]["id"], "g1");
    assert_eq!(changes[0]["line"], 1);
    assert_eq!(changes[1]["id"], "g3");
    assert_eq!(changes[1]["line"], 6);

    assert_eq!(summary["type"], "summary", "{summary}");
    assert_eq!(summary["changed"], 2, "{summary}");
    assert_eq!(
        summary["by_direction"],
        json!({"flagged->held": 2}),
        "{summary}"
    );
}

#[test]
fn diff_judges_a_line_over_the_limit_as_an_error_on_both_sides() {
    let long = format!("{{\"id\":9,\"text\":\"{}\"}}", "x".repeat((1 << 20) + 10));
    let input = format!(
        "{{\"id\":1,\"text\":\"hello\"}}\n{long}\n{{\"id\":2,\"text\":\"online casino\"}}\n"
    );
    let report = run_json(redline_diff().write_stdin(input));
    let summary = report.last().unwrap();
    assert_eq!(summary["posts"], 3, "{summary}");
    let changes: Vec<&Json> = report.iter().filter(|r| r["type"] == "change").collect();
    assert_eq!(changes.len(), 1, "{report:?}");
    assert_eq!(changes[0]["id"], 2);
    assert_eq!(changes[0]["line"], 3);
}

#[test]
fn diff_reports_changed_posts() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("posts.jsonl");
    fs::write(&input, DIFF_INPUT).unwrap();
    let report = run_json(redline_diff().arg(&input));
    check_diff_report(&report);
    assert_eq!(report.last().unwrap()["posts"], 6);

    // stdin by default, and `-`.
    for extra in [&[][..], &["-"][..]] {
        let report = run_json(redline_diff().args(extra).write_stdin(DIFF_INPUT));
        check_diff_report(&report);
    }

    // Same rules on both sides: nothing changed.
    let report = run_json(
        redline()
            .args([
                "diff",
                "--old",
                "tests/data/cli/diff/old",
                "--new",
                "tests/data/cli/diff/old",
            ])
            .arg(&input),
    );
    assert_eq!(report.len(), 1, "{report:#?}");
    assert_eq!(report[0]["type"], "summary");
    assert_eq!(report[0]["changed"], 0);
    assert_eq!(report[0]["by_direction"], json!({}));

    // The other way round: held -> flagged.
    let report = run_json(
        redline()
            .args([
                "diff",
                "--old",
                "tests/data/cli/diff/new",
                "--new",
                "tests/data/cli/diff/old",
            ])
            .arg(&input),
    );
    let summary = report.last().unwrap();
    assert_eq!(summary["changed"], 2);
    assert_eq!(summary["by_direction"], json!({"held->flagged": 2}));
    assert_eq!(
        report[0]["jurisdictions"],
        json!({"CN": {"old": "held", "new": "flagged"}})
    );
}

/// A jurisdiction whose verdict changes counts even when the post's overall
/// verdict does not.
#[test]
fn diff_reports_per_jurisdiction_changes() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new");
    fs::create_dir(&new).unwrap();
    fs::copy(data("diff/old/pack.yaml"), new.join("pack.yaml")).unwrap();
    fs::copy(data("diff/old/cn.yaml"), new.join("cn.yaml")).unwrap();
    // US now holds gambling; CN already held the drug post, so only US moves.
    fs::write(
        new.join("us.yaml"),
        "jurisdiction: US\nactions:\n  gambling: hold\n",
    )
    .unwrap();
    let report = run_json(
        redline()
            .args(["diff", "--old", "tests/data/cli/diff/old", "--new"])
            .arg(&new)
            .write_stdin("{\"id\":\"x\",\"text\":\"cocaine, online casino\"}\n"),
    );
    assert_eq!(report.len(), 2, "{report:#?}");
    assert_eq!(report[0]["type"], "change");
    assert_eq!(report[0]["id"], "x");
    assert_eq!(
        report[0]["jurisdictions"],
        json!({"US": {"old": "flagged", "new": "held"}})
    );
    assert_eq!(report[1]["changed"], 1);
    // The overall verdict stayed `held`: counted apart from the directions.
    assert_eq!(report[1]["jurisdiction_only"], 1);
    assert_eq!(report[1]["by_direction"], json!({}));
}

#[test]
fn diff_errors() {
    redline()
        .args([
            "diff",
            "--old",
            "tests/data/cli/no-such-rules",
            "--new",
            "tests/data/cli/diff/new",
        ])
        .write_stdin("")
        .assert()
        .code(2);
    redline()
        .args([
            "diff",
            "--old",
            "tests/data/cli/diff/old",
            "--new",
            "tests/data/cli/broken",
        ])
        .write_stdin("")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "tests/data/cli/broken/rules.yaml:10:5",
        ));
    redline_diff()
        .arg("tests/data/cli/no-such-posts.jsonl")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-posts.jsonl"));
}

#[test]
fn moderate_max_spans_caps_spans_and_refuses_zero() {
    let post = format!("{}\n", json!({"text": "c0caine ".repeat(5)}));
    let d = &moderate_small(&["--max-spans", "2"], post.clone())[0];
    let ms = d["matches"].as_array().expect("matches");
    assert_eq!(ms.len(), 2, "{d}");
    assert_eq!(ms[1]["more"], 3);
    let d = &moderate_small(&[], post.clone())[0];
    assert_eq!(d["matches"].as_array().map(Vec::len), Some(5));
    let out = redline()
        .args(["moderate", "--rules", RULES, "--max-spans", "0"])
        .write_stdin(post)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
}
