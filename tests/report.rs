//! `redline report` (SPEC section 10): the page made of `--stats` and
//! `diff` output, read back table by table against its input; escaping of
//! hostile names; golden pages (`tests/data/report`, regenerated with
//! `UPDATE_GOLDENFILES=1 cargo test --test tests report`); and the page
//! loaded in a real headless Chromium, which `scripts/test` installs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{json, Value as Json};

// ---------------------------------------------------------------- helpers

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn data(name: &str) -> PathBuf {
    root().join("tests/data/report").join(name)
}

fn redline() -> Command {
    let mut cmd = Command::cargo_bin("redline").expect("the redline binary is built");
    cmd.current_dir(root());
    cmd
}

/// The page `redline report` makes of `input` (given on stdin).
fn report(input: &str) -> String {
    let out = redline()
        .arg("report")
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("the page is UTF-8")
}

/// Text with the five entities an HTML serializer writes decoded.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Text content of an HTML fragment: tags dropped, entities decoded.
fn text_of(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

/// The body rows of the table with `id`, as cell texts: enough of an HTML
/// reader for what `maud` writes and Chromium serializes.
fn table(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no table #{id} in the page"));
    let rest = &html[start..];
    let body =
        &rest[rest.find("<tbody").expect("a tbody")..rest.find("</tbody>").expect("</tbody>")];
    body.split("<tr").skip(1).map(cells).collect()
}

/// The cells of one table row.
fn cells(row: &str) -> Vec<String> {
    let is_cell = |tag: &str| {
        ["<th>", "<th ", "<td>", "<td "]
            .iter()
            .any(|p| tag.starts_with(p))
    };
    let mut out = Vec::new();
    let mut rest = row;
    while let Some(open) = rest
        .match_indices('<')
        .map(|(i, _)| i)
        .find(|i| is_cell(&rest[*i..]))
    {
        let after = &rest[open..];
        let close = ["</th>", "</td>"]
            .iter()
            .filter_map(|c| after.find(c))
            .min()
            .expect("a closed cell");
        let inner = &after[after.find('>').expect("tag end") + 1..close];
        out.push(text_of(inner).trim().to_owned());
        rest = &after[close + 5..];
    }
    out
}

/// The figure labelled `label` in the row of headline numbers.
fn figure(html: &str, label: &str) -> String {
    let dt = format!("<dt>{label}</dt><dd>");
    let at = html
        .find(&dt)
        .unwrap_or_else(|| panic!("no figure {label}"));
    let rest = &html[at + dt.len()..];
    text_of(&rest[..rest.find("</dd>").expect("</dd>")])
}

/// The row of `table` whose first cell is `key`.
fn row<'t>(table: &'t [Vec<String>], key: &str) -> &'t [String] {
    table
        .iter()
        .find(|r| r.first().is_some_and(|k| k == key))
        .unwrap_or_else(|| panic!("no row {key:?} in {table:?}"))
}

/// Checks the verdict, jurisdiction and rule tables against a stats file.
fn check_stats_page(html: &str, stats: &Json) {
    assert_eq!(figure(html, "Posts"), stats["posts"].to_string());
    let verdicts = table(html, "verdict-table");
    let given = stats["verdicts"].as_object().expect("verdicts");
    assert_eq!(verdicts.len(), given.len(), "{verdicts:?}");
    for (v, n) in given {
        assert_eq!(row(&verdicts, v)[1], n.to_string(), "verdict {v}");
    }

    let by = table(html, "jurisdiction-table");
    let header_start = html.find("id=\"jurisdiction-table\"").unwrap();
    let header = &html[header_start..];
    let columns = cells(&header[header.find("<tr").unwrap()..header.find("</tr>").unwrap()]);
    let given = stats["jurisdictions"].as_object().expect("jurisdictions");
    assert_eq!(by.len(), given.len(), "{by:?}");
    for (code, counts) in given {
        let r = row(&by, code);
        let mut total = 0;
        for (v, n) in counts.as_object().expect("counts") {
            let col = columns
                .iter()
                .position(|c| c == v)
                .unwrap_or_else(|| panic!("no column {v}"));
            assert_eq!(r[col], n.to_string(), "{code} {v}");
            total += n.as_u64().unwrap();
        }
        assert_eq!(r.last().unwrap(), &total.to_string(), "{code} total");
    }

    let rules = table(html, "rule-table");
    let given = stats["rules"].as_object().expect("rules");
    assert_eq!(rules.len(), given.len().min(50));
    for r in &rules {
        assert_eq!(given[&r[0]].to_string(), r[1], "rule {}", r[0]);
    }
    let counts: Vec<u64> = rules.iter().map(|r| r[1].parse().unwrap()).collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "largest first: {counts:?}"
    );
}

/// Checks the direction and jurisdiction tables against a diff summary.
fn check_diff_page(html: &str, summary: &Json, changes: usize) {
    assert_eq!(figure(html, "Posts"), summary["posts"].to_string());
    assert_eq!(figure(html, "Changed"), summary["changed"].to_string());
    let dirs = table(html, "direction-table");
    let given = summary["by_direction"].as_object().unwrap();
    assert_eq!(dirs.len(), given.len());
    for (dir, n) in given {
        assert_eq!(row(&dirs, &dir.replace("->", " → "))[1], n.to_string());
    }
    let by = table(html, "jurisdiction-table");
    for (code, counts) in summary["by_jurisdiction"].as_object().unwrap() {
        let r = row(&by, code);
        let total: u64 = counts
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(r.last().unwrap(), &total.to_string());
    }
    assert_eq!(table(html, "change-table").len(), changes.min(100));
}

fn json_file(name: &str) -> Json {
    serde_json::from_str(&fs::read_to_string(data(name)).unwrap()).unwrap()
}

fn diff_lines(text: &str) -> Vec<Json> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The tags of a page (text never holds a raw `<`: it is escaped).
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|piece| &piece[..piece.find('>').unwrap_or(piece.len())])
        .collect()
}

/// Nothing in the page can load anything: no scripts, links, sources or
/// URLs but the SVG namespace, no CSS that fetches, and a policy that
/// forbids any load.
fn check_self_contained(html: &str) {
    for tag in tags(html) {
        let tag = tag.to_lowercase();
        for banned in [
            "script",
            "link",
            "img",
            "iframe",
            "object",
            "embed",
            "image",
            "use",
            "foreignobject",
        ] {
            assert!(
                tag.split([' ', '/']).next() != Some(banned),
                "page holds <{tag}>"
            );
        }
        for banned in [" src=", " href=", " style=", " on"] {
            assert!(!tag.contains(banned), "page holds <{tag}>");
        }
        if tag.contains("http:") {
            assert!(
                tag.starts_with("svg ") && tag.contains("xmlns=\"http://www.w3.org/2000/svg\""),
                "<{tag}>"
            );
        }
    }
    let css = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    assert!(
        !css.contains("url(") && !css.contains("@import"),
        "CSS fetches"
    );
    assert_eq!(html.matches("<style>").count(), 1);
    assert!(html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'"));
}

// ----------------------------------------------------- structure of pages

#[test]
fn report_stats_page_shows_its_numbers() {
    let stats = json_file("stats.json");
    let html = report(&fs::read_to_string(data("stats.json")).unwrap());
    check_stats_page(&html, &stats);
    check_self_contained(&html);
    assert!(
        !html.contains("id=\"queues\""),
        "no queue data, no queue section"
    );
    assert!(!html.contains("id=\"ruleset\""));
    // One chart per section: verdicts, jurisdictions, rules.
    assert_eq!(html.matches("<svg").count(), 3);
}

/// The `--stats` file as `moderate` writes it today, compact or pretty.
#[test]
fn report_reads_stats_as_moderate_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    let stats = dir.path().join("stats.json");
    redline()
        .args(["moderate", "--stats"])
        .arg(&stats)
        .arg("examples/posts.jsonl")
        .assert()
        .success();
    let text = fs::read_to_string(&stats).unwrap();
    let value: Json = serde_json::from_str(&text).unwrap();
    check_stats_page(&report(&text), &value);
    // The same object on one line, after blank lines.
    let compact = format!("\n\n{}\n", serde_json::to_string(&value).unwrap());
    check_stats_page(&report(&compact), &value);
}

#[test]
fn report_diff_page_shows_its_numbers() {
    let text = fs::read_to_string(data("diff.jsonl")).unwrap();
    let records = diff_lines(&text);
    let (summary, changes) = records.split_last().unwrap();
    let html = report(&text);
    check_diff_page(&html, summary, changes.len());
    check_self_contained(&html);
    // Rules in changed posts: each change counted once per rule it names.
    let rules = table(&html, "rule-table");
    assert_eq!(row(&rules, "gambling.ads"), ["gambling.ads", "4", "44.4%"]);
    // The first change as listed.
    let first = &table(&html, "change-table")[0];
    assert_eq!(
        first[..4],
        ["12", "12", "held → held", "US: flagged → held"]
    );
    assert!(!html.contains("id=\"count-mismatch\""));
}

/// `diff` output as `redline diff` writes it today, from a run.
#[test]
fn report_reads_diff_as_diff_writes_it() {
    let out = redline()
        .args([
            "diff",
            "--old",
            "tests/data/cli/diff/old",
            "--new",
            "tests/data/cli/diff/new",
        ])
        .write_stdin(
            "{\"id\":\"g1\",\"text\":\"best online casino\"}\n\
             {\"id\":\"g3\",\"text\":\"online casino\",\"jurisdictions\":[\"CN\"]}\n\
             {\"id\":\"n1\",\"text\":\"hello\"}\n",
        )
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let records = diff_lines(&text);
    let (summary, changes) = records.split_last().unwrap();
    assert_eq!(summary["by_direction"], json!({"flagged->held": 2}));
    let html = report(&text);
    check_diff_page(&html, summary, changes.len());
    assert_eq!(table(&html, "change-table")[1][1], "g3");
}

/// No changes at all: a page that says so, without empty charts.
#[test]
fn report_diff_without_changes() {
    let html = report(
        "{\"by_direction\":{},\"by_jurisdiction\":{},\"changed\":0,\"jurisdiction_only\":0,\"posts\":7,\"type\":\"summary\"}\n",
    );
    assert_eq!(figure(&html, "Posts"), "7");
    assert!(html.contains("No post's overall verdict changed."));
    assert!(html.contains("No change records."));
    assert_eq!(html.matches("<svg").count(), 0);
}

/// Many changes: the first 100 listed, all counted; a summary that does
/// not match its records is pointed out.
#[test]
fn report_diff_lists_the_first_changes_and_counts_all() {
    let mut text = String::new();
    for i in 0..150 {
        let rule = if i % 3 == 0 { "r.three" } else { "r.other" };
        text.push_str(
            &json!({"type": "change", "line": i + 1, "id": i, "old": "flagged", "new": "held",
                    "jurisdictions": {"XX": {"old": "flagged", "new": "held"}},
                    "old_rules": [rule], "new_rules": [rule]})
            .to_string(),
        );
        text.push('\n');
    }
    text.push_str(
        &json!({"type": "summary", "posts": 900, "changed": 151, "by_direction": {"flagged->held": 151},
                "jurisdiction_only": 0, "by_jurisdiction": {"XX": {"flagged->held": 151}}})
        .to_string(),
    );
    let html = report(&text);
    assert_eq!(table(&html, "change-table").len(), 100);
    assert!(html.contains("The first 100 of 150 change records."));
    assert_eq!(row(&table(&html, "rule-table"), "r.three")[1], "50");
    assert_eq!(row(&table(&html, "rule-table"), "r.other")[1], "100");
    let warning = &html[html
        .find("id=\"count-mismatch\"")
        .expect("a mismatch warning")..];
    assert!(text_of(&warning[..warning.find("</p>").unwrap()])
        .contains("151 changed posts but the input holds 150"));
}

// ------------------------------------------------ hostile and future input

/// Markup in every name the input gives is shown as text, never run or
/// parsed; fields of a newer `redline` are ignored; queues and the rule
/// set show when present.
#[test]
fn report_escapes_every_name_and_shows_queues() {
    let stats = json_file("hostile-stats.json");
    let html = report(&fs::read_to_string(data("hostile-stats.json")).unwrap());
    check_self_contained(&html);
    for bad in [
        "<svg onload",
        "<script>alert",
        "</style><script",
        "<b>odd",
        "<i>kind",
        "<queue",
        "<img src=x",
    ] {
        assert!(!html.contains(bad), "{bad} reached the page unescaped");
    }
    check_stats_page(&html, &stats);
    // Names read back exactly from the escaped page.
    assert_eq!(row(&table(&html, "rule-table"), "a&amp;b")[1], "4");
    assert_eq!(
        row(&table(&html, "rule-table"), "'single' \"double\"")[1],
        "1"
    );
    assert_eq!(row(&table(&html, "verdict-table"), "<b>odd</b>")[1], "1");
    let ruleset = &html[html.find("id=\"ruleset\"").expect("the rule set")..];
    assert!(
        text_of(&ruleset[..ruleset.find("</p>").unwrap()]).contains("<img src=x onerror=alert(4)>")
    );
    // Long names are cut in charts, whole in tooltips and tables.
    assert!(html.contains("赌博.very.long.rule.id.that.goe…</text>"));

    let queues = table(&html, "queue-table");
    assert_eq!(
        row(&queues, "cn-drugs"),
        ["cn-drugs", "640", "560", "500", "1h", "112.0%", "140", "812"]
    );
    assert_eq!(
        row(&queues, "<queue onclick=x>"),
        ["<queue onclick=x>", "30", "—", "—", "—", "—", "—", "—"]
    );
    assert_eq!(row(&queues, "eu-hate")[5], "30.0%");
    // The over-budget part of the busiest window is drawn apart.
    assert!(html.contains("<rect class=\"over\""));
    assert!(html.contains(">560 / 500</text>"));
}

/// The rule-set hash of each side of a diff, when the summary has them.
#[test]
fn report_shows_the_rule_sets_of_a_diff() {
    let html = report(
        "{\"type\":\"summary\",\"posts\":1,\"changed\":0,\"by_direction\":{},\"ruleset\":{\"new\":\"11bb\",\"old\":\"00aa\",\"base\":\"22cc\"}}\n",
    );
    let ruleset = &html[html.find("id=\"ruleset\"").expect("the rule sets")..];
    assert_eq!(
        text_of(&ruleset[ruleset.find('>').unwrap() + 1..ruleset.find("</p>").unwrap()]),
        "Rule sets: old 00aa, new 11bb, base 22cc"
    );
}

// --------------------------------------------------------------- errors

/// Input that is neither: exit 2, a message naming both expected inputs
/// and what went wrong, and no output file.
#[test]
fn report_rejects_what_it_cannot_read() {
    let cases: &[(&str, &str)] = &[
        ("", "the input is empty"),
        ("hello\n", "line 1 is not JSON"),
        ("[1, 2]\n", "found a JSON array"),
        ("{\"a\": 1}\n", "found a JSON object without `type` or stats fields"),
        ("{\"posts\": \"x\", \"verdicts\": {}}", "not a `moderate --stats` file: field `posts`: invalid type"),
        ("{\n\"posts\": 1,\n\"verdicts\": {\"held\": -1}, \"jurisdictions\": {}, \"rules\": {}\n}", "field `verdicts.held`"),
        ("{\"posts\": 1}", "missing field `verdicts`"),
        ("{\"posts\":1,\"verdicts\":{},\"jurisdictions\":{},\"rules\":{}}\nmore\n", "line 2: more input after the stats object"),
        ("{\n\"posts\": 1\n", "EOF while parsing"),
        ("{\"type\": \"change\", \"line\": 1}\n", "line 1: not a `diff` record: missing field `old`"),
        ("{\"type\": \"chang\"}\n", "unknown variant `chang`"),
        ("{\"type\":\"change\",\"old\":\"held\",\"new\":\"held\"}\n", "ends without its `\"type\": \"summary\"` line"),
        ("{\"type\":\"change\",\"old\":\"held\",\"new\":\"held\"}\n{oops\n", "line 2 is not JSON"),
        (
            "{\"type\":\"summary\",\"posts\":1,\"changed\":0,\"by_direction\":{}}\n{\"type\":\"summary\",\"posts\":1,\"changed\":0,\"by_direction\":{}}\n",
            "line 2: more input after the `diff` summary",
        ),
        ("\u{feff}x", "not JSON"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("page.html");
    // Input that is no kind of report names both kinds expected.
    redline()
        .arg("report")
        .write_stdin("[]")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "expected the `--stats` file of `redline moderate` (one JSON object with `posts`, \
             `verdicts`, `jurisdictions` and `rules`) or the output of `redline diff`",
        ));
    for (input, message) in cases {
        redline()
            .args(["report", "-o"])
            .arg(&out)
            .write_stdin(*input)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*message));
        assert!(!out.exists(), "a page was written for {input:?}");
    }
    redline()
        .args(["report", "-o"])
        .arg(&out)
        .write_stdin(b"\xff\xfe\n".to_vec())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 1").and(predicate::str::contains("UTF-8")));
    redline()
        .args(["report", "tests/data/report/no-such-file.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.json"));
}

/// `-o FILE` writes the page there; a file argument is read.
#[test]
fn report_reads_a_file_and_writes_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("page.html");
    redline()
        .args(["report", "tests/data/report/stats.json", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        report(&fs::read_to_string(data("stats.json")).unwrap())
    );
}

// --------------------------------------------------------------- goldens

#[test]
fn report_golden_pages() {
    let update = std::env::var_os("UPDATE_GOLDENFILES").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for input in ["stats.json", "diff.jsonl", "hostile-stats.json"] {
        let html = report(&fs::read_to_string(data(input)).unwrap());
        let golden = data(&format!("{}.html", input.split('.').next().unwrap()));
        if update {
            fs::write(&golden, &html).unwrap();
        } else if fs::read_to_string(&golden).ok().as_deref() != Some(html.as_str()) {
            failures.push(golden.display().to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "pages differ from {failures:?} (UPDATE_GOLDENFILES=1 regenerates; look at the page before committing)"
    );
}

// ------------------------------------------------- in a headless browser

const CHROMIUM: &str = "/usr/bin/chromium";

/// What Chromium made of a page: the DOM after load and the console
/// messages it logged (CSP violations, script errors, failed loads).
struct Rendered {
    dom: String,
    console: Vec<String>,
}

/// Loads `page` in headless Chromium with a fresh profile and no network
/// services; the DOM is dumped once the page has loaded.
fn render(page: &Path) -> Rendered {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = (dir.path().join("dom.html"), dir.path().join("stderr.txt"));
    let mut child = Process::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out).unwrap())
        .stderr(fs::File::create(&err).unwrap())
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = fs::read_to_string(&err).unwrap_or_default();
    assert!(status.success(), "chromium failed ({status}):\n{stderr}");
    Rendered {
        dom: fs::read_to_string(&out).unwrap(),
        console: stderr
            .lines()
            .filter(|l| l.contains(":CONSOLE"))
            .map(str::to_owned)
            .collect(),
    }
}

/// Both pages load in Chromium without a console message (the page has
/// no script, so any message is an error: a blocked load, a CSP
/// violation) and show the numbers of their inputs; a page that tries
/// a load is caught, so the check can fail.
#[test]
fn report_pages_load_in_chromium() {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: run the tests with scripts/test, which installs Debian's chromium package"
    );
    let dir = tempfile::tempdir().unwrap();
    let stats_page = dir.path().join("stats.html");
    let diff_page = dir.path().join("diff.html");
    let bad_page = dir.path().join("bad.html");
    fs::write(
        &stats_page,
        report(&fs::read_to_string(data("hostile-stats.json")).unwrap()),
    )
    .unwrap();
    fs::write(
        &diff_page,
        report(&fs::read_to_string(data("diff.jsonl")).unwrap()),
    )
    .unwrap();
    let good = fs::read_to_string(&stats_page).unwrap();
    fs::write(
        &bad_page,
        good.replace("<main>", "<main><img src=\"http://127.0.0.1:9/x.png\">"),
    )
    .unwrap();

    let pages = [stats_page, diff_page, bad_page];
    let rendered: Vec<Rendered> = std::thread::scope(|s| {
        let handles: Vec<_> = pages.iter().map(|p| s.spawn(move || render(p))).collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("render"))
            .collect()
    });
    let [stats, diff, bad] = &rendered[..] else {
        unreachable!()
    };

    assert!(stats.console.is_empty(), "console: {:#?}", stats.console);
    assert!(diff.console.is_empty(), "console: {:#?}", diff.console);
    assert!(
        bad.console
            .iter()
            .any(|l| l.contains("Content Security Policy")),
        "a blocked load must show on the console: {:#?}",
        bad.console
    );

    let hostile = json_file("hostile-stats.json");
    check_stats_page(&stats.dom, &hostile);
    assert!(
        !stats.dom.contains("<script"),
        "no script element in the live DOM"
    );
    assert_eq!(row(&table(&stats.dom, "queue-table"), "cn-drugs")[1], "640");
    assert_eq!(stats.dom.matches("<svg").count(), 4);

    let text = fs::read_to_string(data("diff.jsonl")).unwrap();
    let records = diff_lines(&text);
    let (summary, changes) = records.split_last().unwrap();
    check_diff_page(&diff.dom, summary, changes.len());
}
