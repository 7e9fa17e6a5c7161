//! The naive baseline for `scripts/bench-cli.sh`: parse each JSONL post,
//! lowercase its text fields and run one overlapping aho-corasick search
//! over them with the same literal terms as the built-in rules. No
//! normalization, no rules, no jurisdictions: the floor a moderation
//! engine's throughput is compared against.
//!
//! Usage: `cargo bench --bench naive_baseline -- FILE`

use std::io::{BufRead, BufReader};
use std::time::Instant;

use aho_corasick::{AhoCorasick, MatchKind};
use serde_json::Value;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(path) = std::env::args().skip(1).find(|a| !a.starts_with('-')) else {
        eprintln!("usage: naive_baseline FILE.jsonl");
        return Ok(());
    };
    let engine = redline_policy::Engine::builtin()?;
    let terms: Vec<String> = engine.terms().iter().map(|t| t.to_lowercase()).collect();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&terms)?;
    let started = Instant::now();
    let (mut posts, mut bytes, mut hits, mut flagged) = (0u64, 0u64, 0u64, 0u64);
    for line in BufReader::new(std::fs::File::open(&path)?).split(b'\n') {
        let line = line?;
        bytes += line.len() as u64 + 1;
        let Ok(Value::Object(post)) = serde_json::from_slice::<Value>(&line) else {
            continue;
        };
        posts += 1;
        let mut found = 0;
        let mut scan = |s: &str| found += ac.find_overlapping_iter(&s.to_lowercase()).count();
        for key in ["title", "text"] {
            if let Some(Value::String(s)) = post.get(key) {
                scan(s);
            }
        }
        if let Some(Value::Array(tags)) = post.get("hashtags") {
            tags.iter().filter_map(Value::as_str).for_each(&mut scan);
        }
        hits += found as u64;
        flagged += u64::from(found > 0);
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{{\"posts\":{posts},\"hits\":{hits},\"posts_with_hits\":{flagged},\"seconds\":{secs:.3},\"posts_per_second\":{:.0},\"megabytes_per_second\":{:.2}}}",
        posts as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
    Ok(())
}
