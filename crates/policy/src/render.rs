//! Diagnostics shown as rustc shows them: a title with the code, the path,
//! the source line with its underline, and the help, through
//! `annotate-snippets` (the crate rustc renders with).

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::code::Severity;
use crate::diag::Diagnostic;

impl Diagnostic {
    /// The diagnostic as rustc renders one, ending in a newline; `color`
    /// adds ANSI colours (for a terminal).
    ///
    /// # Examples
    ///
    /// ```
    /// use redline_policy::EngineBuilder;
    ///
    /// let err = EngineBuilder::new()
    ///     .add_yaml("r.yaml", "rules:\n  - id: a\n    match: {list: nope}\n")
    ///     .build()
    ///     .unwrap_err();
    /// let text = err.diagnostics()[0].render(false);
    /// assert!(text.starts_with("error[R007]: unknown list `nope`"));
    /// assert!(text.contains("--> r.yaml:3:19"));
    /// assert!(text.contains("match: {list: nope}"));
    /// ```
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(&self.message).id(self.code.as_str());
        let mut group: Group<'_> = match &self.snippet {
            Some(s) => title.element(
                Snippet::source(&s.text)
                    .line_start(self.line as usize)
                    .path(&self.file)
                    .annotation(AnnotationKind::Primary.span(s.span.clone())),
            ),
            None if self.file.is_empty() => Group::with_title(title),
            None => title.element(
                Origin::path(&self.file)
                    .line(self.line as usize)
                    .char_column(self.column as usize),
            ),
        };
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = renderer.render(&[group]);
        out.push('\n');
        out
    }
}
