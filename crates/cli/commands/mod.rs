//! The subcommands.

mod check;
mod consume;
mod diff;
mod explain;
mod moderate;
mod report;
mod sor;

use std::process::ExitCode;

use anyhow::{Context, Result};
use redline_policy::{Engine, EngineBuilder, Limits, LoadError};

use crate::args::{Cli, Command, RulesArgs};

pub(crate) fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Moderate(args) => moderate::run(args),
        Command::Check(args) => check::run(args),
        Command::Test(args) => check::run_tests(args),
        Command::Explain(args) => explain::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Consume(args) => consume::run(args),
        Command::Report(args) => report::run(args),
        Command::Sor(args) => sor::run(args),
    }
}

/// Why rules could not be had: unreadable (exit 2) or invalid (exit 1).
pub(crate) enum RulesFailure {
    Io(LoadError),
    Invalid(LoadError),
}

impl RulesFailure {
    /// Prints the diagnostics and gives the exit status.
    pub(crate) fn report(self) -> ExitCode {
        let (err, code) = match self {
            RulesFailure::Io(e) => (e, 2),
            RulesFailure::Invalid(e) => (e, 1),
        };
        eprintln!("{}", check::render_errors(&err));
        ExitCode::from(code)
    }
}

/// The engine from `--rules` paths, or the built-in rules.
pub(crate) fn load(paths: &[std::path::PathBuf]) -> std::result::Result<Engine, RulesFailure> {
    load_with(paths, Limits::default())
}

/// As [`load`], with custom limits.
pub(crate) fn load_with(
    paths: &[std::path::PathBuf],
    limits: Limits,
) -> std::result::Result<Engine, RulesFailure> {
    let mut builder = EngineBuilder::new();
    builder.limits(limits);
    if paths.is_empty() {
        builder.add_builtin();
    }
    for p in paths {
        builder.add_path(p);
    }
    builder.build().map_err(|e| {
        if e.is_io() {
            RulesFailure::Io(e)
        } else {
            RulesFailure::Invalid(e)
        }
    })
}

pub(crate) fn load_rules(args: &RulesArgs) -> std::result::Result<Engine, RulesFailure> {
    load(&args.rules)
}

/// Sets the rayon pool size once, for the whole process; 0 means all
/// cores, as in rayon (and `xz -T0`).
pub(crate) fn set_threads(threads: Option<usize>) -> Result<()> {
    if let Some(n) = threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("cannot start worker threads")?;
    }
    Ok(())
}

/// Applies `--jurisdiction` codes as the default for posts naming none.
pub(crate) fn with_jurisdictions(engine: Engine, codes: &[String]) -> Result<Engine> {
    if codes.is_empty() {
        return Ok(engine);
    }
    Ok(engine.with_default_jurisdictions(codes)?)
}
