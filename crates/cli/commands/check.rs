//! `redline check` and `redline test`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{bail, Result};
use redline_policy::{Code, Diagnostic, LoadError, Severity};

use super::RulesFailure;
use crate::args::{Check, Format, RulesArgs};

/// Treats a closed stdout as done: the exit status still tells the result.
fn quiet_pipe(result: std::io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Colour on a terminal only, and never when `NO_COLOR` is set.
fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Diagnostics as rustc shows them, one after another.
fn render(diags: &[Diagnostic]) -> String {
    let color = stderr_color();
    diags.iter().map(|d| d.render(color) + "\n").collect()
}

/// The errors of rules that failed to load, rendered, then their count.
pub(super) fn render_errors(err: &LoadError) -> String {
    let errors: Vec<Diagnostic> = err.errors().cloned().collect();
    let n = errors.len();
    format!(
        "{}{n} error{} in rules",
        render(&errors),
        if n == 1 { "" } else { "s" }
    )
}

fn print(diags: &[Diagnostic], format: Format) -> Result<()> {
    match format {
        Format::Human => eprint!("{}", render(diags)),
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

/// `--explain CODE`: the code's title and explanation; `all`: the whole
/// registry as Markdown (`docs/DIAGNOSTICS.md`).
fn explain(code: &str) -> Result<ExitCode> {
    let text = if code.eq_ignore_ascii_case("all") {
        Code::markdown()
    } else {
        match Code::parse(code) {
            Some(c) => format!("{c}: {}\n\n{}\n", c.title(), c.explanation()),
            None => bail!("unknown diagnostic code `{code}` (see `redline check --explain all`)"),
        }
    };
    quiet_pipe(std::io::stdout().lock().write_all(text.as_bytes()))?;
    Ok(ExitCode::SUCCESS)
}

/// Applies `--allow`, `--deny` and `--deny-warnings`: allowed warnings are
/// dropped, denied ones become errors.
fn apply_levels(diags: Vec<Diagnostic>, args: &Check) -> Vec<Diagnostic> {
    diags
        .into_iter()
        .filter(|d| !args.allow.contains(&d.code))
        .map(|mut d| {
            if d.severity == Severity::Warning
                && (args.deny_warnings || args.deny.contains(&d.code))
            {
                d.severity = Severity::Error;
            }
            d
        })
        .collect()
}

pub(crate) fn run(args: Check) -> Result<ExitCode> {
    if let Some(code) = &args.explain {
        return explain(code);
    }
    let diags = match super::load_rules(&args.rules) {
        Ok(engine) => {
            eprintln!(
                "{} rules, {} patterns, jurisdictions: {}, ruleset: {}",
                engine.rule_count(),
                engine.pattern_count(),
                engine.jurisdiction_codes().join(", "),
                engine.ruleset()
            );
            engine.warnings().to_vec()
        }
        Err(RulesFailure::Io(e)) => return Ok(RulesFailure::Io(e).report()),
        Err(RulesFailure::Invalid(e)) => e.diagnostics().to_vec(),
    };
    let diags = apply_levels(diags, &args);
    print(&diags, args.format)?;
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    eprintln!("{errors} errors, {} warnings", diags.len() - errors);
    Ok(if errors > 0 {
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
