//! Limits that keep hostile rules and posts from exhausting the engine.

/// Configurable limits, with defaults fit for production streams.
///
/// Rule-side limits guard against mistakes in rule files (which are
/// trusted); post-side limits guard against hostile posts (which are not).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Longest input line, in bytes; a longer line becomes an error record
    /// and the stream goes on (default 1 MiB).
    pub max_line_bytes: usize,
    /// Most hashtags judged in one post; more is an error record (default 1000).
    pub max_hashtags: usize,
    /// Most rules over all sources (default 100 000).
    pub max_rules: usize,
    /// Most distinct patterns over all rules (default 1 000 000).
    pub max_patterns: usize,
    /// Largest compiled size of one regex, in bytes (default 10 MiB).
    pub regex_size_limit: usize,
    /// Deepest nesting of conditions and YAML (default 32).
    pub max_depth: usize,
    /// Most YAML nodes one file may expand into, aliases included
    /// (default 1 000 000).
    pub max_yaml_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_line_bytes: 1 << 20,
            max_hashtags: 1000,
            max_rules: 100_000,
            max_patterns: 1_000_000,
            regex_size_limit: 10 << 20,
            max_depth: 32,
            max_yaml_nodes: 1_000_000,
        }
    }
}
