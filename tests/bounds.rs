//! Bounded output: with default options no decision line exceeds 64 KiB,
//! whatever the post (many rules fired in many fields, a thousand hashtags,
//! giant spans, giant ids of any JSON type, error messages quoting input).

use redline_policy::{Engine, EngineBuilder, Limits, Post, StreamOptions};
use serde_json::{json, Value as Json};

const LINE_LIMIT: usize = 64 << 10;

/// 200 rules that all fire on `spam` in the title, text and hashtags, one
/// on any control-character run, one on any long run of letters.
fn many_rules() -> Engine {
    let mut yaml = String::from("rules:\n");
    for i in 0..200 {
        yaml.push_str(&format!(
            "  - id: spam.rule-with-a-long-identifier-{i:03}\n    category: spam.category-with-a-long-name-{i:03}\n    match: {{keywords: [spam]}}\n"
        ));
    }
    yaml.push_str("  - id: control\n    match: {regex: '[\\x00-\\x1f]+'}\n");
    yaml.push_str("  - id: letters\n    match: {regex: '[a-z]{100,}'}\n");
    Engine::from_yaml(&yaml).expect("rules load")
}

/// Each output line of the stream, checked against the bound and parsed.
fn lines(engine: &Engine, posts: &[Json]) -> Vec<Json> {
    let mut input = Vec::new();
    for p in posts {
        input.extend(serde_json::to_vec(p).expect("JSON"));
        input.push(b'\n');
    }
    let mut out = Vec::new();
    engine
        .moderate(&input[..], &mut out, &StreamOptions::new())
        .expect("in-memory I/O");
    let text = String::from_utf8(out).expect("UTF-8");
    let lines: Vec<Json> = text
        .lines()
        .map(|l| {
            assert!(l.len() <= LINE_LIMIT, "a line of {} bytes", l.len());
            serde_json::from_str(l).expect("each line is JSON")
        })
        .collect();
    assert_eq!(lines.len(), posts.len());
    lines
}

/// A post under the 1 MiB line limit once serialized.
fn big_post(id: Json, text: String, hashtags: usize) -> Json {
    json!({"id": id, "title": "spam ".repeat(1000), "text": text, "hashtags": vec!["spam"; hashtags]})
}

#[test]
fn no_line_exceeds_64_kib_whatever_the_post() {
    let engine = many_rules();
    let posts = vec![
        // 200 rules × 3 fields × 1000 hashtags, every span listed before.
        big_post(json!(1), "spam ".repeat(20_000), 1000),
        // Giant spans: 200 KB of letters, 20 KB of control characters
        // (escaped as six bytes each).
        json!({"id": 2, "text": "a".repeat(200_000)}),
        json!({"id": 3, "text": "\u{1}".repeat(20_000)}),
        // Giant ids of every JSON type.
        big_post(json!("i".repeat(500_000)), "spam".into(), 0),
        big_post(json!(vec![1; 200_000]), "spam".into(), 0),
        big_post(json!({"k": "v".repeat(300_000)}), "spam".into(), 0),
        // An error message quoting the input.
        json!({"id": 7, "text": "spam", "jurisdictions": ["X".repeat(500_000)]}),
    ];
    let out = lines(&engine, &posts);
    assert_eq!(out[0]["id"], 1);
    assert_eq!(out[0]["verdict"], "flagged");
    let listed = out[0]["matches"].as_array().map_or(0, Vec::len);
    assert!(listed > 0, "as many records as fit are kept");
    let left = out[0]["more_matches"].as_u64().expect("more_matches");
    // 200 rules × 3 fields × 32 spans before the line bound.
    assert_eq!(listed as u64 + left, 200 * 3 * 32);
    for (i, r) in out.iter().enumerate().skip(1).take(2) {
        let m = r["matches"]
            .as_array()
            .and_then(|ms| ms.iter().find(|m| m["field"] == "text"))
            .unwrap_or_else(|| panic!("post {}: a text span: {r}", i + 1));
        let text = m["text"].as_str().expect("span text");
        assert!(text.len() <= 1024, "span text cut to 1 KiB");
        let (start, end) = (m["start"].as_u64(), m["end"].as_u64());
        assert_eq!(start, Some(0));
        let whole = if i == 1 { 200_000 } else { 20_000 };
        assert_eq!(end, Some(whole), "offsets stay exact");
    }
    for r in &out[3..6] {
        assert_eq!(r["error"]["kind"], "limit", "{r}");
        assert_eq!(r["verdict"], "held");
        assert!(r.get("id").is_none(), "a giant id is not echoed");
    }
    assert_eq!(out[6]["error"]["kind"], "unknown_jurisdiction");
    assert!(out[6]["error"]["message"].as_str().unwrap_or("").len() <= 512);
}

#[test]
fn spans_past_the_cap_are_counted_on_the_last_record_of_each_field() {
    let engine =
        Engine::from_yaml("rules:\n  - id: spam\n    match: {keywords: [spam]}\n").expect("load");
    let post =
        json!({"title": "spam spam", "text": "spam ".repeat(40), "hashtags": vec!["spam"; 50]});
    let d = engine.judge(&Post::from_value(post).expect("object"));
    let ms = d.matches.expect("matches");
    let per_field = |f: &str| ms.iter().filter(|m| m.field.as_deref() == Some(f)).count();
    assert_eq!(
        (per_field("hashtags"), per_field("text"), per_field("title")),
        (32, 32, 2)
    );
    let more: Vec<(Option<&str>, Option<usize>)> = ms
        .iter()
        .filter(|m| m.more.is_some())
        .map(|m| (m.field.as_deref(), m.more))
        .collect();
    assert_eq!(
        more,
        [(Some("hashtags"), Some(18)), (Some("text"), Some(8))]
    );
    assert_eq!(
        ms[31].index,
        Some(31),
        "the 32nd hashtag is the last listed"
    );

    let three = EngineBuilder::new()
        .add_yaml(
            "r.yaml",
            "rules:\n  - id: spam\n    match: {keywords: [spam]}\n",
        )
        .limits(Limits::default().with_max_spans(3))
        .build()
        .expect("load");
    let d = three.judge(&Post::text(&"spam ".repeat(40)));
    let ms = d.matches.expect("matches");
    assert_eq!(ms.len(), 3);
    assert_eq!(ms[2].more, Some(37));
}

#[test]
fn an_id_at_the_limit_is_echoed_one_byte_over_is_a_limit_record() {
    let engine =
        Engine::from_yaml("rules:\n  - id: spam\n    match: {keywords: [spam]}\n").expect("load");
    // 1024 bytes of JSON: the quotes and 1022 letters.
    let at = "i".repeat(1022);
    let over = "i".repeat(1023);
    let out = lines(
        &engine,
        &[
            json!({"id": at, "text": "spam"}),
            json!({"id": over, "text": "spam"}),
        ],
    );
    assert_eq!(out[0]["id"], at.as_str());
    assert_eq!(out[0]["verdict"], "flagged");
    assert_eq!(out[1]["error"]["kind"], "limit");
    assert!(out[1].get("id").is_none());
}

#[test]
fn builtin_rules_on_a_post_full_of_their_terms_stay_bounded() {
    let engine = Engine::builtin().expect("builtin rules");
    let words = "where to buy cocaine i will kill you bomb the school you bitch 赌博 网赌 casino bonus free spins 冰毒 call 13812345678 mail me at joe@mail.com 1488 ";
    let text = words.repeat((900 << 10) / words.len());
    let tags: Vec<&str> = ["cocaine", "赌博", "1488", "casino"]
        .into_iter()
        .cycle()
        .take(1000)
        .collect();
    let out = lines(
        &engine,
        &[json!({"id": "p", "title": words, "text": text, "hashtags": tags})],
    );
    assert_eq!(out[0]["verdict"], "held");
    assert!(out[0]["matches"].as_array().is_some_and(|m| !m.is_empty()));
}
