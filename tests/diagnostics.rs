//! The diagnostics registry from outside: its generated document, a golden
//! file per code, warnings switched per code and per rule, `--explain`,
//! and the thread and unwind safety of the policy crate's public types.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use redline_policy::{Code, EngineBuilder, Severity};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn redline() -> Command {
    let mut cmd = Command::cargo_bin("redline").expect("the redline binary is built");
    cmd.current_dir(root());
    cmd
}

fn stderr(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().clone();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn diagnostics_doc_is_generated_from_the_registry() {
    let path = root().join("docs/DIAGNOSTICS.md");
    let on_disk = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == Code::markdown(),
        "docs/DIAGNOSTICS.md is stale; regenerate it with:\n  \
         cargo run -q -- check --explain all > docs/DIAGNOSTICS.md"
    );
}

/// Codes that YAML text alone cannot bring out, and the test that shows
/// each instead.
const NOT_FROM_TEXT: [(Code, &str); 2] = [
    (
        Code::Unreadable,
        "cli::check_missing_rules_path_is_an_io_error",
    ),
    (Code::MatcherBuild, "an automaton over its own size limits"),
];

#[test]
fn every_code_has_a_golden_file() {
    let dir = root().join("tests/data/errors");
    let goldens: Vec<String> = fs::read_dir(&dir)
        .expect("tests/data/errors")
        .map(|e| e.expect("entry").path())
        .filter(|p: &PathBuf| p.extension().is_some_and(|x| x == "out"))
        .map(|p| fs::read_to_string(p).expect("golden"))
        .collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| !NOT_FROM_TEXT.iter().any(|(n, _)| n == *c))
        .filter(|c| {
            let tag = format!("[{c}]");
            !goldens.iter().any(|g| g.contains(&tag))
        })
        .map(|c| c.as_str())
        .collect();
    assert!(missing.is_empty(), "no golden file shows {missing:?}");
}

/// Warning codes of loading `yaml`.
fn warning_codes(yaml: &str) -> Vec<Code> {
    let engine = EngineBuilder::new()
        .add_yaml("allow.yaml", yaml)
        .build()
        .expect("rules load");
    engine.warnings().iter().map(|d| d.code).collect()
}

#[test]
fn rule_allow_silences_its_warnings_only() {
    let rule = |allow: &str| {
        format!(
            "rules:\n  - id: a.short\n{allow}    match: {{any: [{{keywords: [f]}}, {{substrings: [ass]}}]}}\n"
        )
    };
    assert_eq!(
        warning_codes(&rule("")),
        [Code::SingleLetter, Code::EverydayWord]
    );
    assert_eq!(
        warning_codes(&rule("    allow: [W003]\n")),
        [Code::SingleLetter]
    );
    assert!(warning_codes(&rule("    allow: [w001, W003]\n")).is_empty());
    // A term shared with a rule that does not allow the warning keeps it.
    let shared = format!(
        "{}  - id: b.short\n    match: {{keywords: [q, f]}}\n",
        rule("    allow: [W001]\n")
    );
    let codes = warning_codes(&shared);
    assert_eq!(
        codes.iter().filter(|c| **c == Code::SingleLetter).count(),
        2,
        "{codes:?}"
    );
    // W002 is reported on the later rule, and allowed there.
    let twins = "rules:\n  - id: a.one\n    match: {keywords: [free money]}\n  \
                 - id: a.two\n    allow: [W002]\n    match: {keywords: [free money]}\n";
    assert!(warning_codes(twins).is_empty());
}

#[test]
fn check_allow_and_deny_switch_one_warning_code() {
    let warn = ["check", "--rules", "tests/data/cli/warn"];
    let err = stderr(redline().args(warn), 0);
    assert!(err.contains("warning[W001]"), "{err}");
    assert!(err.contains("0 errors, 1 warnings"), "{err}");

    let err = stderr(redline().args(warn).args(["--allow", "W001"]), 0);
    assert!(!err.contains("W001"), "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");

    let err = stderr(redline().args(warn).args(["--deny", "w001"]), 1);
    assert!(err.contains("error[W001]"), "{err}");
    assert!(err.contains("1 errors, 0 warnings"), "{err}");

    // Denying another warning leaves this one a warning.
    stderr(redline().args(warn).args(["--deny", "W003"]), 0);

    // Only warnings can be switched.
    let err = stderr(redline().args(warn).args(["--allow", "R007"]), 2);
    assert!(err.contains("not a warning code"), "{err}");
}

#[test]
fn check_explain_prints_the_registry_entry() {
    let out = redline()
        .args(["check", "--explain", "R007"])
        .assert()
        .success()
        .get_output()
        .clone();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("R007: unknown list\n\n"), "{text}");
    assert!(text.contains(Code::UnknownList.explanation()), "{text}");

    let err = stderr(redline().args(["check", "--explain", "R999"]), 2);
    assert!(err.contains("unknown diagnostic code `R999`"), "{err}");
}

#[test]
fn human_diagnostics_show_the_source_line_without_colour_off_a_terminal() {
    let err = stderr(
        redline().args(["check", "--rules", "tests/data/cli/broken"]),
        1,
    );
    assert!(
        !err.contains('\u{1b}'),
        "colour escapes off a terminal:\n{err}"
    );
    let expected = "error[R017]: unknown severity `extreme`\n \
                    --> tests/data/cli/broken/rules.yaml:6:15\n  \
                    |\n\
                    6 |     severity: extreme\n  \
                    |               ^^^^^^^\n";
    assert!(err.contains(expected), "{err}");
}

#[test]
fn rendered_diagnostics_match_their_display() {
    let err = EngineBuilder::new()
        .add_yaml(
            "r.yaml",
            "rules:\n  - id: Bad\n    match: {keywords: [x1]}\n",
        )
        .build()
        .expect_err("a bad id");
    let d = &err.diagnostics()[0];
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.code, Code::BadRuleId);
    assert_eq!(d.source_line(), Some("  - id: Bad"));
    let rendered = d.render(false);
    assert!(rendered.starts_with(&format!("error[R005]: {}\n", d.message)));
    assert!(rendered.contains(" --> r.yaml:2:9\n"), "{rendered}");
    assert!(rendered.contains("  |         ^^^\n"), "{rendered}");
    assert!(rendered.contains("= help: try `bad`"), "{rendered}");
    assert!(d.render(true).contains('\u{1b}'));
}

/// Every public type of the policy crate can be shared across threads and
/// survives a caught panic.
#[test]
fn policy_public_types_are_send_sync_unwind_safe() {
    fn check<T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}
    use redline_policy::*;
    check::<Action>();
    check::<Code>();
    check::<Decision>();
    check::<Diagnostic>();
    check::<Engine>();
    check::<EngineBuilder>();
    check::<ErrorKind>();
    check::<JurisdictionInfo>();
    check::<Limits>();
    check::<Line>();
    check::<LoadError>();
    check::<MatchRecord>();
    check::<Post>();
    check::<PostError>();
    check::<Progress>();
    check::<RuleInfo>();
    check::<RuleSeverity>();
    check::<Scratch>();
    check::<Severity>();
    check::<StreamOptions>();
    check::<StreamSummary>();
    check::<TestFailure>();
    check::<TestReport>();
    check::<UnknownJurisdiction>();
    check::<Verdict>();
}

#[test]
fn diagnostics_in_term_files_show_their_line_and_come_in_the_order_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("terms.txt"), "# short ones\n  q\nquiz\n").expect("write");
    let rules = dir.path().join("rules.yaml");
    fs::write(
        &rules,
        "rules:\n  - id: a.terms\n    match: {file: terms.txt}\n",
    )
    .expect("write");
    let broken = dir.path().join("a-broken.yaml");
    fs::write(
        &broken,
        "rules:\n  - id: Bad\n    match: {keywords: [x1]}\n",
    )
    .expect("write");

    // The rules file given first, though its name sorts last.
    let err = EngineBuilder::new()
        .add_path(&rules)
        .add_path(&broken)
        .add_yaml("z.yaml", "rules:\n  - id: B\n    match: {keywords: [x2]}\n")
        .build()
        .expect_err("bad ids");
    let files: Vec<&str> = err.diagnostics().iter().map(|d| d.file.as_str()).collect();
    let term_file = dir.path().join("terms.txt").display().to_string();
    let broken = broken.display().to_string();
    assert_eq!(files, [broken.as_str(), "z.yaml", term_file.as_str()]);

    let w = &err.diagnostics()[2];
    assert_eq!((w.code, w.line, w.column), (Code::SingleLetter, 2, 3));
    assert_eq!(w.source_line(), Some("  q"));
    assert!(
        w.render(false).contains("2 |   q\n  |   ^\n"),
        "{}",
        w.render(false)
    );
}
