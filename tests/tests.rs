//! The one integration test binary: matcher, policy and CLI layers.

mod bounds;
mod cli;
mod consume;
mod diagnostics;
mod english;
mod fuzz_replay;
mod hostile;
#[path = "../benches/hostile_cases.rs"]
mod hostile_cases;
mod linear;
mod matcher;
mod matcher_reference;
mod policy;
mod report;
mod ruleset;
mod sor;
