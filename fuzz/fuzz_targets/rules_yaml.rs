//! Any bytes as a rules file: loading either builds an engine or returns
//! diagnostics that each name a place (never a panic); a built engine
//! judges a post, runs its own tests and reports one decision per post.
#![no_main]

use libfuzzer_sys::{fuzz_target, Corpus};
use redline_policy::{EngineBuilder, Limits, Post};

fuzz_target!(|data: &[u8]| -> Corpus {
    if data.len() > 16 << 10 {
        return Corpus::Reject;
    }
    let text = String::from_utf8_lossy(data);
    let limits = Limits::default()
        .with_max_yaml_nodes(20_000)
        .with_regex_size_limit(1 << 20);
    match EngineBuilder::new().add_yaml("fuzz.yaml", &text).limits(limits).build() {
        Ok(engine) => {
            let posts = [Post::text("c0caine 賭博 free money"), Post::text(&text)];
            assert_eq!(engine.judge_batch(&posts).len(), 2);
            let _ = engine.run_tests();
        }
        Err(e) => {
            assert!(e.errors().count() > 0, "a failed load reports an error");
            for d in e.errors() {
                assert!(d.line >= 1 && d.column >= 1, "diagnostic without a place: {d}");
            }
        }
    }
    Corpus::Keep
});
