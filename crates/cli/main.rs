//! `redline`: judge JSONL posts against YAML moderation rules, per
//! jurisdiction; check and test rule sets; explain and diff verdicts.
//!
//! Exit status: 0 ran (whatever the verdicts), 1 rules invalid or rule
//! tests failed, 2 usage or I/O error. A closed stdout ends quietly.

mod args;
mod commands;
mod output;
mod report;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            if output::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("redline: {err:#}");
            ExitCode::from(2)
        }
    }
}
