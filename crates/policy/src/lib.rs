/*!
The jurisdiction-aware policy layer of redline: YAML rules and
jurisdictions in, a decision per post out (`flagged`, `held` or `allowed`,
per jurisdiction, with every fired rule's exact spans and the normalization
each match needed).

This crate is all a Rust program needs: build an [`Engine`] once (from a
rules path, YAML text, or the rules shipped with redline), share it across
threads, judge one post, a batch in parallel, or a whole JSONL stream.

# Overview

- [`Engine`]: compiled rules and jurisdictions; `Send + Sync`, cheap to clone.
- [`EngineBuilder`]: several sources, custom [`Limits`].
- [`Post`] in, [`Decision`] out; [`Decision`] serializes to the JSON of the
  product contract.
- [`Engine::moderate`]: the JSONL stream, any `BufRead` in, any `Write` out.
- [`Engine::run_tests`]: the rules' own `tests:` examples.
- [`Engine::ruleset`]: the fingerprint of the loaded rules, on every decision.
- [`dsa`]: EU DSA statements of reasons ([`Engine::statements`]).
- [`LoadError`] / [`Diagnostic`]: every rule error with `file:line:column`,
  rendered as rustc does; [`Code`]: the registry of diagnostic codes.

# Example

```
use redline_policy::{Engine, Post, Verdict};

let engine = Engine::builtin()?;
let post = Post::from_json(r#"{"id": "p1", "text": "澳门網賭平台，首充送彩金"}"#)?;
let decision = engine.judge(&post);
assert_eq!(decision.verdict_in("CN"), Some(Verdict::Held));
assert_eq!(decision.verdict_in("US"), Some(Verdict::Flagged));
assert_eq!(decision.verdict, Verdict::Held);
let m = &decision.matches.as_ref().unwrap()[0];
assert!(m.via.contains(&"traditional"));
# Ok::<(), Box<dyn std::error::Error>>(())
```

# Guarantees

- Every post yields exactly one decision; a post that cannot be judged
  yields an error decision, `held` unless told otherwise (fail closed).
- One matcher scan per scanned field, however many rules and jurisdictions.
- No post content panics the engine; limits bound what a post can cost.
- Judging is linear in the post for every condition kind (`near` included).
- Output is bounded: at most [`Limits::max_spans`] spans per rule and field,
  span text cut to [`MAX_SPAN_TEXT_BYTES`], and no line written by the
  stream over [`Limits::max_decision_bytes`] (64 KiB by default).
- No setting hangs or panics the engine: [`Limits`] and [`StreamOptions`]
  setters raise a 0 to a working minimum.
- Rule errors are all reported at once, each with file, line and column.

# Crate features

None.
*/
#![deny(missing_docs, rustdoc::broken_intra_doc_links)]

mod code;
mod compile;
mod decision;
mod diag;
pub mod dsa;
mod engine;
mod eval;
mod jurisdiction;
mod limits;
mod lint;
pub mod pipeline;
mod post;
mod render;
mod rule;
mod ruleset;
mod schema;
mod selftest;
mod spans;
mod stream;
mod verdict;
mod yaml;

pub use crate::code::{Code, Severity};
pub use crate::compile::EngineBuilder;
pub use crate::decision::{Decision, ErrorKind, MatchRecord, PostError};
pub use crate::diag::{Diagnostic, LoadError};
pub use crate::engine::{Engine, JurisdictionInfo, RuleInfo, Scratch, UnknownJurisdiction};
pub use crate::jurisdiction::DEFAULT_JURISDICTION;
pub use crate::limits::{Limits, MAX_ID_BYTES_CAP, MAX_SPAN_TEXT_BYTES, MIN_DECISION_BYTES};
pub use crate::post::Post;
pub use crate::selftest::{TestFailure, TestReport};
pub use crate::stream::{Line, Progress, ProgressFn, StreamOptions, StreamSummary};
pub use crate::verdict::{Action, RuleSeverity, Verdict};

#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
