//! Diagnostics for rule sources: stable codes, `path:line:column`, hints,
//! and the source line each one points at.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::code::{Code, Severity};
use crate::yaml::Pos;

/// A place in a rule source.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Loc {
    pub(crate) file: String,
    pub(crate) pos: Pos,
}

/// One problem in a rule source, with its place.
///
/// Displays as `path:line:column: error[R002]: message` followed by an
/// optional `help:` line, as compilers do, so editors and CI logs can jump
/// to it.
///
/// [`Diagnostic::render`] shows it as rustc does, with the source line and
/// an underline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning (a warning denied by the caller may be raised to an
    /// error).
    pub severity: Severity,
    /// Stable code: `R0xx` for errors, `W0xx` for warnings; its meaning is
    /// in the registry ([`Code::explanation`]).
    pub code: Code,
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
    /// The line at fault and the bytes of it to underline, when the source
    /// is known.
    #[serde(skip)]
    pub(crate) snippet: Option<Snippet>,
}

/// One source line and the byte range of it that a diagnostic points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Snippet {
    pub(crate) text: String,
    pub(crate) span: Range<usize>,
}

impl Diagnostic {
    /// A diagnostic of `code` at `loc`; its severity is the code's.
    pub(crate) fn new(code: Code, loc: &Loc, message: String, help: Option<String>) -> Diagnostic {
        Diagnostic {
            severity: code.severity(),
            code,
            file: loc.file.clone(),
            line: loc.pos.line,
            column: loc.pos.col,
            message,
            help,
            snippet: None,
        }
    }

    /// The source line this diagnostic points at, if its source is known.
    pub fn source_line(&self) -> Option<&str> {
        self.snippet.as_ref().map(|s| s.text.as_str())
    }

    /// Points the diagnostic at the token at its column in `text`, the
    /// whole source of its file.
    pub(crate) fn attach_source(&mut self, text: &str) {
        let Some(line) = text.lines().nth(self.line.saturating_sub(1) as usize) else {
            return;
        };
        let line = line.trim_end_matches('\r');
        let start = line
            .char_indices()
            .nth(self.column.saturating_sub(1) as usize)
            .map_or(line.len(), |(i, _)| i);
        let end = start + token_len(&line[start..]);
        self.snippet = Some(Snippet {
            text: line.to_owned(),
            span: start..end,
        });
    }
}

/// Bytes of the YAML token at the start of `rest`: a quoted scalar, a flow
/// collection, or a plain scalar up to its end (a key stops at its `:`).
fn token_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    match bytes.first() {
        None => 0,
        Some(&q @ (b'"' | b'\'')) => {
            let mut i = 1;
            while i < bytes.len() {
                if bytes[i] == b'\\' && q == b'"' {
                    i += 2;
                    continue;
                }
                // `''` is a quote inside a single-quoted scalar.
                if bytes[i] == q && q == b'\'' && bytes.get(i + 1) == Some(&q) {
                    i += 2;
                    continue;
                }
                if bytes[i] == q {
                    return i + 1;
                }
                i += 1;
            }
            bytes.len()
        }
        Some(b'[' | b'{') => {
            let mut depth = 0usize;
            let mut quote = None;
            for (i, &b) in bytes.iter().enumerate() {
                match (quote, b) {
                    (Some(q), b) if b == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'"' | b'\'') => quote = Some(b),
                    (None, b'[' | b'{') => depth += 1,
                    (None, b']' | b'}') => {
                        depth -= 1;
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
            }
            bytes.len()
        }
        Some(_) => {
            let mut end = bytes.len();
            for (i, &b) in bytes.iter().enumerate() {
                let next = bytes.get(i + 1).copied();
                let stop = match b {
                    b',' | b']' | b'}' => true,
                    b':' => matches!(next, None | Some(b' ' | b'\t')),
                    b'#' => i > 0 && bytes[i - 1] == b' ',
                    _ => false,
                };
                if stop {
                    end = i;
                    break;
                }
            }
            rest[..end].trim_end().len()
        }
    }
}

/// The one-line form: `path:line:column: error[R007]: message`, then an
/// indented `help:` line; [`Diagnostic::render`] gives the full form.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The underlined text of a diagnostic at `col` of the one-line `text`.
    fn underlined(text: &str, col: u32) -> String {
        let loc = Loc {
            file: "t.yaml".into(),
            pos: Pos { line: 1, col },
        };
        let mut d = Diagnostic::new(Code::WrongType, &loc, String::new(), None);
        d.attach_source(text);
        let s = d.snippet.expect("a snippet");
        s.text[s.span].to_owned()
    }

    #[test]
    fn the_underline_covers_the_yaml_token() {
        assert_eq!(underlined("severity: huge  # comment", 11), "huge");
        assert_eq!(underlined("  catgory: spam", 3), "catgory");
        assert_eq!(underlined(r#"regex: "a\"b" x"#, 8), r#""a\"b""#);
        assert_eq!(underlined("regex: 'it''s' x", 8), "'it''s'");
        assert_eq!(
            underlined("terms: [[a, 'b]'], [c]] # x", 8),
            "[[a, 'b]'], [c]]"
        );
        assert_eq!(underlined("m: {keywords: [x, 赌场]}", 19), "赌场");
        assert_eq!(underlined("id: spam.link", 5), "spam.link");
        // Past the end of the line, or on a line that is not there.
        assert_eq!(underlined("id:", 9), "");
        let loc = Loc {
            file: "t.yaml".into(),
            pos: Pos { line: 3, col: 1 },
        };
        let mut d = Diagnostic::new(Code::WrongType, &loc, String::new(), None);
        d.attach_source("one line");
        assert!(d.snippet.is_none());
    }
}
