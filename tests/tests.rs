//! The one integration test binary: matcher, policy and CLI layers.

mod cli;
mod consume;
mod diagnostics;
mod fuzz_replay;
mod hostile;
mod matcher;
mod matcher_reference;
mod policy;
mod ruleset;
mod sor;
