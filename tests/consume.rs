//! `redline consume` against a real Redis (docs/SCALE-OUT.md): every entry
//! of the input stream gets a decision in the output stream and is
//! acknowledged; entries a dead worker left pending are reclaimed; two
//! workers share one stream.
//!
//! Each test starts its own `redis-server` on a free loopback port (no
//! persistence) and kills it at the end. `redis-server` must be on PATH:
//! `scripts/test` (the README's test command) installs it through
//! `scripts/redis-server.sh`; `cargo test` itself never installs anything
//! and fails these tests, naming that command, when it is missing.

use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use redis::Value;
use redline_policy::{Engine, Verdict};
use serde_json::Value as Json;

// ---------------------------------------------------------------- helpers

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn has_redis_server() -> bool {
    Command::new("redis-server")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Fails the test, naming the command that installs it, when
/// `redis-server` is not on PATH (checked once per test binary).
fn require_redis_server() {
    static FOUND: OnceLock<bool> = OnceLock::new();
    assert!(
        *FOUND.get_or_init(has_redis_server),
        "redis-server is not on PATH: install it with scripts/redis-server.sh \
         (Debian's redis-server, needs root or sudo), or run the whole suite with \
         scripts/test, which does"
    );
}

/// A throw-away `redis-server`, killed when dropped.
struct Redis {
    child: Child,
    url: String,
}

impl Redis {
    fn start() -> Redis {
        require_redis_server();
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free loopback port")
                .port();
            let child = Command::new("redis-server")
                .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
                .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("redis-server starts");
            let mut redis = Redis {
                child,
                url: format!("redis://127.0.0.1:{port}"),
            };
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = redis.child.try_wait() {
                    break; // lost the port to someone else: try another
                }
                let pong = redis::Client::open(redis.url.as_str())
                    .and_then(|c| c.get_connection())
                    .and_then(|mut c| redis::cmd("PING").query::<String>(&mut c));
                if pong.is_ok() {
                    return redis;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        panic!("redis-server did not start on a free loopback port");
    }

    fn con(&self) -> redis::Connection {
        redis::Client::open(self.url.as_str())
            .and_then(|c| c.get_connection())
            .expect("connects to the test redis-server")
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const STREAM: &str = "t:posts";
const GROUP: &str = "t:group";
const OUTPUT: &str = "t:decisions";

/// `n` posts cycled from `examples/posts.jsonl`, each with the unique id
/// `c<i>`, as JSON lines.
fn posts(n: usize) -> Vec<String> {
    let examples = std::fs::read_to_string(root().join("examples/posts.jsonl")).unwrap();
    let base: Vec<Json> = examples
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (0..n)
        .map(|i| {
            let mut post = base[i % base.len()].clone();
            post["id"] = Json::from(format!("c{i}"));
            post.to_string()
        })
        .collect()
}

/// Entries that are not posts: each must still get an error decision.
fn malformed() -> Vec<Vec<(&'static str, &'static str)>> {
    vec![
        vec![("text", "no post field here")],
        vec![("post", "not json {")],
        vec![("post", "[1, 2, 3]")],
        vec![("post", "")],
    ]
}

/// Adds the posts (field `post`) and the malformed entries, in one
/// pipeline; returns each entry id with the post it holds (if any).
fn fill(con: &mut redis::Connection, posts: &[String]) -> BTreeMap<String, Option<String>> {
    let mut pipe = redis::pipe();
    let mut bodies = Vec::new();
    for (i, p) in posts.iter().enumerate() {
        pipe.cmd("XADD").arg(STREAM).arg("*").arg("post").arg(p);
        bodies.push(Some(p.clone()));
        if i == posts.len() / 2 {
            for fields in malformed() {
                let cmd = pipe.cmd("XADD").arg(STREAM).arg("*");
                for (k, v) in &fields {
                    cmd.arg(*k).arg(*v);
                }
                bodies.push(None);
            }
        }
    }
    let ids: Vec<String> = pipe.query(con).expect("XADD pipeline");
    ids.into_iter().zip(bodies).collect()
}

/// Every output entry: (source, post id field, decision JSON).
fn read_output(con: &mut redis::Connection) -> Vec<(String, Option<String>, Json)> {
    let entries: Vec<(String, Vec<(String, String)>)> = redis::cmd("XRANGE")
        .arg(OUTPUT)
        .arg("-")
        .arg("+")
        .query(con)
        .expect("XRANGE of the output stream");
    entries
        .into_iter()
        .map(|(_, fields)| {
            let get = |k: &str| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.clone());
            let decision = get("decision").expect("output entry has a `decision` field");
            let decision: Json = serde_json::from_str(&decision).expect("decision is JSON");
            let source = get("source").expect("output entry has a `source` field");
            (source, get("id"), decision)
        })
        .collect()
}

fn pending(con: &mut redis::Connection) -> i64 {
    let reply: Value = redis::cmd("XPENDING")
        .arg(STREAM)
        .arg(GROUP)
        .query(con)
        .expect("XPENDING");
    match reply {
        Value::Array(items) => match items[0] {
            Value::Int(n) => n,
            ref other => panic!("XPENDING count: {other:?}"),
        },
        other => panic!("XPENDING reply: {other:?}"),
    }
}

fn xlen(con: &mut redis::Connection, key: &str) -> usize {
    redis::cmd("XLEN").arg(key).query(con).expect("XLEN")
}

/// A worker that reclaims entries idle for a second.
fn worker(redis: &Redis, name: &str) -> Command {
    worker_claiming(redis, name, 1000)
}

fn worker_claiming(redis: &Redis, name: &str, claim_idle_ms: u64) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_redline"));
    cmd.current_dir(root())
        .args(["consume", "--redis", &redis.url])
        .args([
            "--stream",
            STREAM,
            "--group",
            GROUP,
            "--output-stream",
            OUTPUT,
        ])
        .args(["--consumer", name, "--batch", "50", "--block-ms", "200"])
        .args(["--claim-idle-ms", &claim_idle_ms.to_string()])
        .arg("--exit-when-idle")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Waits for `child` at most `limit`, killing it (and failing) after.
fn wait(mut child: Child, limit: Duration) -> Output {
    let deadline = Instant::now() + limit;
    while child.try_wait().expect("try_wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "worker still running after {limit:?}; stderr:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("worker output")
}

/// The checks every run must pass: each input entry has a decision (the
/// same one however often it was judged), each post id exactly one after
/// deduplication by source, verdicts as the library gives them, nothing
/// pending.
fn check_output(con: &mut redis::Connection, input: &BTreeMap<String, Option<String>>) {
    let engine = Engine::builtin().unwrap();
    let mut scratch = engine.create_scratch();
    let mut by_source: BTreeMap<String, (Option<String>, Json)> = BTreeMap::new();
    for (source, id, decision) in read_output(con) {
        assert!(
            decision.get("line").is_none(),
            "decisions from a stream have no line: {decision}"
        );
        if let Some((_, first)) = by_source.get(&source) {
            assert_eq!(first, &decision, "entry {source} judged twice, differently");
        }
        by_source.insert(source, (id, decision));
    }
    let mut sources_by_post: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (entry, body) in input {
        let (id, decision) = by_source
            .get(entry)
            .unwrap_or_else(|| panic!("input entry {entry} has no decision"));
        match body {
            Some(post) => {
                let mut want = engine
                    .judge_raw(0, post.as_bytes(), Verdict::Held, &mut scratch)
                    .expect("a post");
                want.line = None;
                assert_eq!(
                    decision,
                    &serde_json::to_value(&want).unwrap(),
                    "decision for {entry}: {post}"
                );
                let post_id = id.clone().expect("output entry has the post's `id`");
                assert_eq!(decision["id"], Json::from(post_id.clone()));
                sources_by_post
                    .entry(post_id)
                    .or_default()
                    .insert(entry.clone());
            }
            None => {
                assert_eq!(decision["verdict"], "held", "fail closed: {decision}");
                assert!(decision["error"]["kind"].is_string(), "{decision}");
                assert!(id.is_none());
            }
        }
    }
    assert_eq!(
        by_source.len(),
        input.len(),
        "decisions for entries that were never added"
    );
    let posts = input.values().filter(|b| b.is_some()).count();
    assert_eq!(sources_by_post.len(), posts, "post ids with a decision");
    for (id, sources) in &sources_by_post {
        assert_eq!(sources.len(), 1, "post {id} decided from {sources:?}");
    }
    assert_eq!(pending(con), 0, "entries left unacknowledged");
}

// ---------------------------------------------------------------- tests

#[test]
fn consume_one_worker_judges_and_acknowledges_everything() {
    let redis = Redis::start();
    let mut con = redis.con();
    let input = fill(&mut con, &posts(300));
    let child = worker(&redis, "solo")
        .spawn()
        .expect("redline consume starts");
    let out = wait(child, Duration::from_secs(20));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "consume failed: {stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.contains(&format!("judged {} entries", input.len())),
        "{stderr}"
    );
    assert_eq!(
        xlen(&mut con, OUTPUT),
        input.len(),
        "one decision per entry"
    );
    check_output(&mut con, &input);

    // Run again: nothing new, nothing pending: judges nothing, exits.
    let out = wait(
        worker(&redis, "again").spawn().unwrap(),
        Duration::from_secs(10),
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("judged 0 entries"));
    assert_eq!(xlen(&mut con, OUTPUT), input.len());
}

#[test]
fn consume_max_messages_stops_early_and_leaves_the_rest() {
    let redis = Redis::start();
    let mut con = redis.con();
    let input = fill(&mut con, &posts(120));
    let out = worker(&redis, "part")
        .args(["--max-messages", "70"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(xlen(&mut con, OUTPUT), 70);
    assert_eq!(pending(&mut con), 0, "what was judged was acknowledged");
    let out = wait(
        worker(&redis, "rest").spawn().unwrap(),
        Duration::from_secs(20),
    );
    assert!(out.status.success());
    check_output(&mut con, &input);
}

#[test]
fn consume_acknowledges_nothing_it_could_not_write() {
    let redis = Redis::start();
    let mut con = redis.con();
    let input = fill(&mut con, &posts(100));
    // The output key is not a stream: every XADD fails.
    let _: () = redis::cmd("SET")
        .arg(OUTPUT)
        .arg("x")
        .query(&mut con)
        .unwrap();
    let out = worker(&redis, "blocked").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("XADD to t:decisions failed"), "{stderr}");
    assert!(pending(&mut con) > 0, "read entries stay pending: {stderr}");

    // Once the output is writable, the next worker reclaims them.
    let _: () = redis::cmd("DEL").arg(OUTPUT).query(&mut con).unwrap();
    let out = worker_claiming(&redis, "next", 0).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_output(&mut con, &input);
}

#[test]
fn consume_two_workers_survive_a_killed_one() {
    let redis = Redis::start();
    let mut con = redis.con();
    let input = fill(&mut con, &posts(3000));

    // A worker that read a batch and died before acknowledging it: these
    // entries can only be judged by being reclaimed.
    let ghost: Value = redis::cmd("XGROUP")
        .arg(&["CREATE", STREAM, GROUP, "0"])
        .query(&mut con)
        .unwrap();
    assert_eq!(ghost, Value::Okay);
    let taken: Value = redis::cmd("XREADGROUP")
        .arg(&[
            "GROUP", GROUP, "ghost", "COUNT", "100", "STREAMS", STREAM, ">",
        ])
        .query(&mut con)
        .unwrap();
    assert!(matches!(taken, Value::Array(_)));
    assert_eq!(pending(&mut con), 100);

    let started = Instant::now();
    let held_by = |con: &mut redis::Connection, name: &str| -> u64 {
        let held: Vec<Value> = redis::cmd("XPENDING")
            .arg(&[STREAM, GROUP, "-", "+", "100000", name])
            .query(con)
            .unwrap();
        held.len() as u64
    };
    // The doomed worker first (so it is surely running when the survivor
    // joins), then both share the stream until one is killed: once
    // decisions are coming out and it holds a batch it has read but not
    // acknowledged, well before the end.
    let mut doomed = worker(&redis, "doomed").spawn().unwrap();
    while held_by(&mut con, "doomed") == 0 {
        assert!(
            doomed.try_wait().unwrap().is_none(),
            "the doomed worker exited on its own"
        );
        assert!(started.elapsed() < Duration::from_secs(60), "no progress");
        std::thread::sleep(Duration::from_millis(1));
    }
    // The doomed worker's connections, to know when the server has run
    // everything it sent before it died.
    let doomed_clients = other_clients(&mut con);
    let survivor = worker(&redis, "survivor").spawn().unwrap();
    loop {
        let n = xlen(&mut con, OUTPUT);
        if n >= 100 && held_by(&mut con, "doomed") > 0 {
            doomed.kill().unwrap();
            doomed.wait().unwrap();
            assert!(
                n < input.len() - 500,
                "killed too late to test anything: {n} decisions"
            );
            break;
        }
        assert!(
            doomed.try_wait().unwrap().is_none(),
            "the doomed worker exited on its own"
        );
        assert!(started.elapsed() < Duration::from_secs(60), "no progress");
        std::thread::sleep(Duration::from_millis(1));
    }
    // Commands the dead worker sent may still be in the server's socket
    // buffers: the server runs them before it drops the connection.
    while other_clients(&mut con)
        .intersection(&doomed_clients)
        .next()
        .is_some()
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the dead worker's connections stay open"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // What the dead are holding now only the survivor can take (the
    // doomed worker may have reclaimed some of the ghost's entries before
    // it died, and the survivor some of the doomed's: those count here
    // only if still held).
    let held_by_dead = held_by(&mut con, "doomed") + held_by(&mut con, "ghost");

    let out = wait(survivor, Duration::from_secs(60));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "survivor failed: {stderr}");
    let reclaimed: u64 = stderr
        .split(" reclaimed")
        .next()
        .and_then(|s| s.rsplit('(').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no reclaim count in: {stderr}"));
    assert!(
        reclaimed >= held_by_dead,
        "the {held_by_dead} entries the ghost and the dead worker held were \
         reclaimed: {stderr}"
    );
    eprintln!("{stderr}(the dead held {held_by_dead})");
    check_output(&mut con, &input);
}

/// Ids of the server's clients other than `con` itself.
fn other_clients(con: &mut redis::Connection) -> BTreeSet<u64> {
    let me: u64 = redis::cmd("CLIENT")
        .arg("ID")
        .query(con)
        .expect("CLIENT ID");
    let list: String = redis::cmd("CLIENT")
        .arg("LIST")
        .query(con)
        .expect("CLIENT LIST");
    list.lines()
        .filter_map(|l| l.strip_prefix("id=")?.split(' ').next()?.parse().ok())
        .filter(|&id| id != me)
        .collect()
}
