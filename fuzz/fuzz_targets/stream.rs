//! A fuzzer-chosen rule set (rules with nested conditions, every term
//! option of SPEC 4.1, jurisdictions overriding actions) judging a
//! fuzzer-chosen JSONL stream (posts, raw bytes, blank lines): no panic,
//! exactly one decision per non-blank line, in input order, with the
//! line's number; the same output whatever the chunk size; and each
//! judged post's verdict equal to what `Engine::judge` gives it alone.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::{fuzz_target, Corpus};
use redline_policy::{EngineBuilder, Limits, Post, StreamOptions, Verdict};
use serde_json::{json, Map, Value};

/// Inputs holding more text than this are rejected (16 KiB).
const MAX_INPUT: usize = 16 << 10;
/// Most rules, conditions per list, terms per condition, lines.
const MAX_RULES: usize = 4;
const MAX_ITEMS: usize = 4;
const MAX_LINES: usize = 24;
/// Conditions nested deeper than this become a keyword leaf.
const MAX_DEPTH: usize = 4;

#[derive(Arbitrary, Debug)]
struct Case {
    rules: Vec<FuzzRule>,
    /// Actions of the jurisdictions `AA` and `BB` (which extends `AA`).
    overrides: Vec<(u8, bool, Action)>,
    lines: Vec<FuzzLine>,
    chunk_lines: u8,
    on_error: Action,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Action {
    Allow,
    Flag,
    Hold,
}

#[derive(Arbitrary, Debug)]
struct FuzzRule {
    category: u8,
    action: Action,
    severity: u8,
    fields: u8,
    cond: Cond,
    unless: Option<Cond>,
}

#[derive(Arbitrary, Debug)]
struct TermOptions {
    min_matches: u8,
    pinyin: bool,
    normalize: Option<bool>,
    inflections: Option<bool>,
    compounds: bool,
    sounds_like: bool,
    homophones: bool,
    initials: bool,
    split: bool,
}

#[derive(Arbitrary, Debug)]
enum Cond {
    Keywords(Vec<String>, TermOptions),
    Substrings(Vec<String>, TermOptions),
    Regex(String, bool),
    Near(Vec<Vec<String>>, u8),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

#[derive(Arbitrary, Debug)]
enum FuzzLine {
    Post {
        id: Option<u16>,
        title: Option<String>,
        text: Option<String>,
        hashtags: Vec<String>,
        jurisdictions: Option<Vec<u8>>,
        age: Option<i16>,
    },
    /// Any bytes (a newline in them starts another line).
    Raw(Vec<u8>),
    Blank(u8),
}

const CATEGORIES: [&str; 4] = ["drugs.sale", "drugs", "spam.link", "gambling"];
const SEVERITIES: [&str; 4] = ["low", "medium", "high", "critical"];
const FIELDS: [&str; 4] = ["title", "text", "hashtags", "author.bio"];
const JURISDICTIONS: [&str; 3] = ["AA", "BB", "ZZ"];

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Allow => "allow",
            Action::Flag => "flag",
            Action::Hold => "hold",
        }
    }

    fn verdict(self) -> Verdict {
        match self {
            Action::Allow => Verdict::Allowed,
            Action::Flag => Verdict::Flagged,
            Action::Hold => Verdict::Held,
        }
    }
}

fn terms(list: &[String]) -> Value {
    list.iter().take(MAX_ITEMS).map(|t| json!(t)).collect()
}

impl TermOptions {
    fn add_to(&self, map: &mut Map<String, Value>) {
        if self.min_matches > 1 {
            map.insert("min_matches".into(), json!(self.min_matches % 4));
        }
        let flags = [
            ("pinyin", Some(self.pinyin)),
            ("normalize", self.normalize),
            ("inflections", self.inflections),
            ("compounds", Some(self.compounds)),
            ("sounds_like", Some(self.sounds_like)),
            ("homophones", Some(self.homophones)),
            ("initials", Some(self.initials)),
            ("split", Some(self.split)),
        ];
        for (name, value) in flags {
            if let Some(v) = value {
                map.insert(name.into(), json!(v));
            }
        }
    }
}

impl Cond {
    fn yaml(&self, depth: usize) -> Value {
        if depth >= MAX_DEPTH {
            return json!({"keywords": ["cocaine"]});
        }
        let list = |conds: &[Cond]| -> Value {
            conds
                .iter()
                .take(MAX_ITEMS)
                .map(|c| c.yaml(depth + 1))
                .collect()
        };
        match self {
            Cond::Keywords(list, opts) | Cond::Substrings(list, opts) => {
                let key = if matches!(self, Cond::Keywords(..)) {
                    "keywords"
                } else {
                    "substrings"
                };
                let mut map = Map::new();
                map.insert(key.into(), terms(list));
                opts.add_to(&mut map);
                Value::Object(map)
            }
            Cond::Regex(pattern, normalize) => json!({"regex": pattern, "normalize": normalize}),
            Cond::Near(groups, within) => {
                let groups: Vec<Value> = groups.iter().take(MAX_ITEMS).map(|g| terms(g)).collect();
                json!({"near": {"terms": groups, "within": within}})
            }
            Cond::All(conds) => json!({ "all": list(conds) }),
            Cond::Any(conds) => json!({ "any": list(conds) }),
            Cond::Not(cond) => json!({"not": cond.yaml(depth + 1)}),
        }
    }
}

impl FuzzRule {
    fn yaml(&self, i: usize) -> Value {
        let fields: Vec<&str> = FIELDS
            .iter()
            .enumerate()
            .filter(|(b, _)| self.fields & (1 << b) != 0)
            .map(|(_, f)| *f)
            .collect();
        let mut rule = json!({
            "id": format!("{}.r{i}", CATEGORIES[self.category as usize % CATEGORIES.len()]),
            "category": CATEGORIES[self.category as usize % CATEGORIES.len()],
            "severity": SEVERITIES[self.severity as usize % SEVERITIES.len()],
            "action": self.action.name(),
            "match": self.cond.yaml(0),
        });
        if !fields.is_empty() {
            rule["fields"] = json!(fields);
        }
        if let Some(unless) = &self.unless {
            rule["unless"] = unless.yaml(1);
        }
        rule
    }
}

impl Case {
    /// The rule set as YAML documents (JSON is YAML's flow syntax).
    fn yaml(&self) -> String {
        let rules: Vec<Value> = self
            .rules
            .iter()
            .take(MAX_RULES)
            .enumerate()
            .map(|(i, r)| r.yaml(i))
            .collect();
        let mut actions = [Map::new(), Map::new()];
        for (category, second, action) in self.overrides.iter().take(MAX_ITEMS) {
            let category = CATEGORIES[*category as usize % CATEGORIES.len()];
            actions[usize::from(*second)].insert(category.into(), json!(action.name()));
        }
        let [aa, bb] = actions;
        format!(
            "{}\n---\n{}\n---\n{}\n",
            json!({"pack": "fuzz", "rules": rules}),
            json!({"jurisdiction": "AA", "actions": aa}),
            json!({"jurisdiction": "BB", "extends": "AA", "actions": bb}),
        )
    }

    /// The JSONL input.
    fn jsonl(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for line in self.lines.iter().take(MAX_LINES) {
            match line {
                FuzzLine::Post {
                    id,
                    title,
                    text,
                    hashtags,
                    jurisdictions,
                    age,
                } => {
                    let mut post = Map::new();
                    let mut put = |k: &str, v: Option<Value>| {
                        if let Some(v) = v {
                            post.insert(k.into(), v);
                        }
                    };
                    put("id", id.map(|i| json!(i)));
                    put("title", title.as_ref().map(|t| json!(t)));
                    put("text", text.as_ref().map(|t| json!(t)));
                    put("hashtags", (!hashtags.is_empty()).then(|| terms(hashtags)));
                    put(
                        "jurisdictions",
                        jurisdictions.as_ref().map(|js| {
                            js.iter()
                                .take(3)
                                .map(|j| json!(JURISDICTIONS[*j as usize % JURISDICTIONS.len()]))
                                .collect()
                        }),
                    );
                    put(
                        "author",
                        age.map(|a| json!({"account_age_days": a, "bio": text})),
                    );
                    out.extend(Value::Object(post).to_string().into_bytes());
                }
                FuzzLine::Raw(bytes) => out.extend(bytes),
                FuzzLine::Blank(n) => out.extend(" \t\r".bytes().cycle().take(*n as usize % 4)),
            }
            out.push(b'\n');
        }
        out
    }
}

/// The 1-based numbers of the lines the stream must answer: not blank once
/// a trailing `\r` and a leading byte-order mark are set aside.
fn non_blank_lines(data: &[u8]) -> Vec<u64> {
    if data.is_empty() {
        return Vec::new();
    }
    data.split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .map(|l| l.strip_prefix("\u{feff}".as_bytes()).unwrap_or(l))
        .zip(1..)
        .filter(|(l, _)| !l.iter().all(u8::is_ascii_whitespace))
        .map(|(_, n)| n)
        .collect()
}

fn check(case: &Case) {
    let yaml = case.yaml();
    let limits = Limits::default().with_regex_size_limit(1 << 20);
    let Ok(engine) = EngineBuilder::new()
        .add_yaml("fuzz.yaml", &yaml)
        .limits(limits)
        .build()
    else {
        return;
    };
    let input = case.jsonl();
    let on_error = case.on_error.verdict();
    let run = |options: StreamOptions| {
        let mut out = Vec::new();
        let summary = engine
            .moderate(&input[..], &mut out, &options)
            .expect("in-memory I/O cannot fail");
        (
            summary.posts,
            String::from_utf8(out).expect("output is UTF-8"),
        )
    };
    let (posts, text) = run(StreamOptions::new().on_error(on_error));
    let chunked = run(StreamOptions::new()
        .on_error(on_error)
        .chunk_lines(usize::from(case.chunk_lines % 8) + 1));
    assert_eq!(
        (posts, &text),
        (chunked.0, &chunked.1),
        "chunking changed the output"
    );

    let expected = non_blank_lines(&input);
    let records: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each record is JSON"))
        .collect();
    let numbers: Vec<u64> = records
        .iter()
        .map(|r| r["line"].as_u64().expect("each record has a line"))
        .collect();
    assert_eq!(
        numbers, expected,
        "one decision per non-blank line, in order"
    );
    assert_eq!(posts as usize, records.len());

    let lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    for (record, n) in records.iter().zip(&expected) {
        if record.get("error").is_some() {
            continue;
        }
        let line = std::str::from_utf8(lines[*n as usize - 1]).expect("a judged line is UTF-8");
        let post =
            Post::from_json(line.trim_start_matches('\u{feff}')).expect("a judged line is a post");
        let alone = engine.judge(&post);
        if alone.error.is_none() {
            assert_eq!(
                record["verdict"],
                serde_json::to_value(alone.verdict).expect("a verdict serializes"),
                "line {n}: the stream and judge disagree"
            );
        }
    }
}

fuzz_target!(|case: Case| -> Corpus {
    let size = case.yaml().len() + case.jsonl().len();
    if size > MAX_INPUT {
        return Corpus::Reject;
    }
    check(&case);
    Corpus::Keep
});
