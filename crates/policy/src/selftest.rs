//! Rule self-tests: every `tests:` example checked against its rule.

use crate::engine::Engine;
use crate::post::Post;

/// One example that did not behave as its rule says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestFailure {
    /// The rule.
    pub rule: String,
    /// Whether the example was under `match` (must fire) or `no_match`.
    pub expected_match: bool,
    /// The example post, as JSON.
    pub example: String,
    /// Where the example is written: `file:line:column`.
    pub place: String,
    /// What happened instead.
    pub message: String,
}

impl std::fmt::Display for TestFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: rule `{}`: {} {}",
            self.place, self.rule, self.message, self.example
        )
    }
}

/// The outcome of [`Engine::run_tests`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TestReport {
    /// Examples that behaved as expected.
    pub passed: usize,
    /// Examples that did not.
    pub failures: Vec<TestFailure>,
}

impl TestReport {
    /// Whether every example passed.
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }
}

impl Engine {
    /// Runs every rule's `tests:` examples: each `match` example must make
    /// its rule fire, each `no_match` example must not.
    ///
    /// # Examples
    ///
    /// ```
    /// let engine = redline_policy::Engine::from_yaml(r#"
    /// rules:
    ///   - id: drugs.sale
    ///     match: {keywords: [cocaine]}
    ///     tests:
    ///       match: ["c0caine for sale"]
    ///       no_match: ["cocainene"]
    /// "#)?;
    /// let report = engine.run_tests();
    /// assert!(report.ok());
    /// assert_eq!(report.passed, 2);
    /// # Ok::<(), redline_policy::LoadError>(())
    /// ```
    pub fn run_tests(&self) -> TestReport {
        let mut report = TestReport::default();
        let mut scratch = self.create_scratch();
        for rule in &self.inner().rules {
            for case in &rule.tests {
                let example = case.post.to_string();
                let place = format!(
                    "{}:{}:{}",
                    case.loc.file, case.loc.pos.line, case.loc.pos.col
                );
                let outcome = Post::from_value(case.post.clone())
                    .and_then(|p| self.fired_rules(&p, &mut scratch));
                let message = match outcome {
                    Ok(fired) => {
                        let fires = fired.iter().any(|id| **id == *rule.id);
                        match (case.expect_match, fires) {
                            (true, true) | (false, false) => {
                                report.passed += 1;
                                continue;
                            }
                            (true, false) => "should match but does not:".to_owned(),
                            (false, true) => "should not match but does:".to_owned(),
                        }
                    }
                    Err(e) => format!("example cannot be judged ({e}):"),
                };
                report.failures.push(TestFailure {
                    rule: rule.id.to_string(),
                    expected_match: case.expect_match,
                    example,
                    place,
                    message,
                });
            }
        }
        report
    }
}
