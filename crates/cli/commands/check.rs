//! `redline check` and `redline test`.

use std::process::ExitCode;

use anyhow::Result;
use redline_policy::{Diagnostic, Severity};

use super::RulesFailure;
use crate::args::{Check, Format, RulesArgs};

fn print(diags: &[Diagnostic], format: Format) -> Result<()> {
    match format {
        Format::Human => diags.iter().for_each(|d| eprintln!("{d}")),
        Format::Json => {
            for d in diags {
                println!("{}", serde_json::to_string(d)?);
            }
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
    for f in &report.failures {
        println!("FAIL {f}");
    }
    println!("{} passed, {} failed", report.passed, report.failures.len());
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
