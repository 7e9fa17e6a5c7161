//! Judging is linear in the post, checked without timing: the engine's
//! work counter (hits examined, `near` window steps) at most about doubles
//! when an adversarial post of each condition kind doubles in length.

use redline_policy::{Engine, Post, Verdict};

use crate::hostile_cases::{cases, BENIGN_UNIT};

/// The work of judging `unit` repeated to `bytes`, and the verdict.
fn work(engine: &Engine, unit: &str, bytes: usize) -> (u64, Verdict) {
    let text = unit.repeat(bytes / unit.len());
    let mut scratch = engine.create_scratch();
    let d = engine.judge_with(&Post::text(&text), &mut scratch);
    (scratch.last_work(), d.verdict)
}

fn assert_linear(name: &str, engine: &Engine, unit: &str, fires: bool) {
    let (small, v1) = work(engine, unit, 32 << 10);
    let (large, v2) = work(engine, unit, 64 << 10);
    assert_eq!(v1 != Verdict::Allowed, fires, "{name}: verdict {v1}");
    assert_eq!(v1, v2, "{name}");
    assert!(small > 0, "{name}: no work counted");
    assert!(
        large as f64 <= 2.1 * small as f64,
        "{name}: work {small} at 32 KiB, {large} at 64 KiB"
    );
}

#[test]
fn work_grows_linearly_for_every_condition_kind_and_the_builtin_rules() {
    let builtin = Engine::builtin().expect("builtin rules");
    for c in cases() {
        let engine = if c.rules.is_empty() {
            builtin.clone()
        } else {
            Engine::from_yaml(&c.rules).unwrap_or_else(|e| panic!("{}: {e}", c.name))
        };
        assert_linear(c.name, &engine, &c.unit, c.fires);
        let benign = work(&engine, BENIGN_UNIT, 32 << 10).1;
        assert_eq!(
            benign,
            Verdict::Allowed,
            "{}: the baseline is benign",
            c.name
        );
    }
}
