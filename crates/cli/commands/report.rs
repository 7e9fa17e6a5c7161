//! `redline report`: `--stats` or `diff` output as one HTML page.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::args::Report;
use crate::output::{open_input, open_output};
use crate::report;

pub(crate) fn run(args: Report) -> Result<ExitCode> {
    let path = args.input.unwrap_or_else(|| PathBuf::from("-"));
    let input = open_input(&path)?;
    // Read and check everything before the output file is created, so bad
    // input leaves no half-written page behind.
    let parsed = report::read(input)
        .with_context(|| format!("cannot make a report from {}", shown(&path)))?;
    let page = report::render(&parsed);
    let mut out = open_output(args.output.as_deref())?;
    out.write_all(page.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The input's name in messages.
fn shown(path: &std::path::Path) -> String {
    if path == std::path::Path::new("-") {
        "stdin".to_owned()
    } else {
        path.display().to_string()
    }
}
