//! Diagnostics for rule sources: stable codes, `path:line:column`, hints.

use std::fmt;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The rules cannot be used as written.
    Error,
    /// The rules work but probably not as meant.
    Warning,
}

/// One problem in a rule source, with its place.
///
/// Displays as `path:line:column: error[R002]: message` followed by an
/// optional `help:` line, as compilers do, so editors and CI logs can jump
/// to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code: `R0xx` for errors, `W0xx` for warnings.
    pub code: &'static str,
    /// The file (or source name) at fault.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when a hint helps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.file, self.line, self.column, kind, self.code, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Rules that could not be loaded: every error found, in file order, and
/// the warnings found on the way.
#[derive(Clone, Debug)]
pub struct LoadError {
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) io: bool,
}

impl LoadError {
    /// Every diagnostic, errors and warnings, sorted by place.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Whether a rules path could not be read at all (an I/O error rather
    /// than a mistake in the rules).
    pub fn is_io(&self) -> bool {
        self.io
    }

    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors().count();
        for d in self.errors() {
            writeln!(f, "{d}")?;
        }
        write!(f, "{n} error{} in rules", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for LoadError {}

/// Closest candidate to a misspelt name, for "did you mean" hints.
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(d, c)| d <= 2.max(c.len() / 3))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}
