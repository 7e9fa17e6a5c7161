//! `redline check` and `redline test`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use redline_policy::{Diagnostic, Severity};

use super::RulesFailure;
use crate::args::{Check, Format, RulesArgs};

/// Treats a closed stdout as done: the exit status still tells the result.
fn quiet_pipe(result: std::io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn print(diags: &[Diagnostic], format: Format) -> Result<()> {
    match format {
        Format::Human => diags.iter().for_each(|d| eprintln!("{d}")),
        Format::Json => {
            let mut text = String::new();
            for d in diags {
                text.push_str(&serde_json::to_string(d)?);
                text.push('\n');
            }
            quiet_pipe(std::io::stdout().lock().write_all(text.as_bytes()))?;
        }
    }
    Ok(())
}

pub(crate) fn run(args: Check) -> Result<ExitCode> {
    let (diags, failed) = match super::load_rules(&args.rules) {
        Ok(engine) => {
            let warnings = engine.warnings().to_vec();
            let failed = args.deny_warnings && !warnings.is_empty();
            eprintln!(
                "{} rules, {} patterns, jurisdictions: {}",
                engine.rule_count(),
                engine.pattern_count(),
                engine.jurisdiction_codes().join(", ")
            );
            (warnings, failed)
        }
        Err(RulesFailure::Io(e)) => return Ok(RulesFailure::Io(e).report()),
        Err(RulesFailure::Invalid(e)) => (e.diagnostics().to_vec(), true),
    };
    print(&diags, args.format)?;
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    eprintln!("{errors} errors, {} warnings", diags.len() - errors);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub(crate) fn run_tests(args: RulesArgs) -> Result<ExitCode> {
    let engine = match super::load_rules(&args) {
        Ok(e) => e,
        Err(f) => return Ok(f.report()),
    };
    let report = engine.run_tests();
    let mut text = String::new();
    for f in &report.failures {
        text.push_str(&format!("FAIL {f}\n"));
    }
    text.push_str(&format!(
        "{} passed, {} failed\n",
        report.passed,
        report.failures.len()
    ));
    quiet_pipe(std::io::stdout().lock().write_all(text.as_bytes()))?;
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
