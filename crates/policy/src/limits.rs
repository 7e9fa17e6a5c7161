//! Limits that keep hostile rules and posts from exhausting the engine.

/// Configurable limits, with defaults fit for production streams.
///
/// Rule-side limits guard against mistakes in rule files (which are
/// trusted); post-side limits guard against hostile posts (which are not);
/// output limits bound each decision line whatever the post.
///
/// Fields are read through getters and set through `with_*` methods that
/// validate: a value below a limit's minimum (given on each setter, 1 for
/// most) is raised to it, so no setting can hang or panic the engine.
///
/// # Examples
///
/// ```
/// use redline_policy::Limits;
///
/// let limits = Limits::default().with_max_hashtags(10).with_max_spans(0);
/// assert_eq!(limits.max_hashtags(), 10);
/// assert_eq!(limits.max_spans(), 1, "0 is raised to the minimum");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    pub(crate) max_line_bytes: usize,
    pub(crate) max_hashtags: usize,
    pub(crate) max_rules: usize,
    pub(crate) max_patterns: usize,
    pub(crate) regex_size_limit: usize,
    pub(crate) max_depth: usize,
    pub(crate) max_yaml_nodes: usize,
    pub(crate) max_spans: usize,
    pub(crate) max_id_bytes: usize,
    pub(crate) max_decision_bytes: usize,
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
            max_spans: 32,
            max_id_bytes: 1 << 10,
            max_decision_bytes: 64 << 10,
        }
    }
}

/// Longest span `text` in a match record, in bytes: a longer span's text
/// is cut on a character boundary (its `start` and `end` stay exact).
pub const MAX_SPAN_TEXT_BYTES: usize = 1 << 10;

/// Smallest `max_decision_bytes`: room for the fallback record (line,
/// an id of at most [`MAX_ID_BYTES_CAP`] bytes, verdict and a short
/// error), so the bound always holds.
pub const MIN_DECISION_BYTES: usize = 4 << 10;

/// Largest `max_id_bytes`: an id must fit the smallest decision line.
pub const MAX_ID_BYTES_CAP: usize = 2 << 10;

impl Limits {
    /// Longest input line, in bytes; a longer line becomes a `too_large`
    /// record and the stream goes on (default 1 MiB).
    pub fn max_line_bytes(&self) -> usize {
        self.max_line_bytes
    }

    /// Sets [`Limits::max_line_bytes`] (at least 1).
    pub fn with_max_line_bytes(mut self, n: usize) -> Limits {
        self.max_line_bytes = n.max(1);
        self
    }

    /// Most items of a list field (`hashtags`) judged in one post; more is
    /// a `limit` record (default 1000).
    pub fn max_hashtags(&self) -> usize {
        self.max_hashtags
    }

    /// Sets [`Limits::max_hashtags`] (at least 1).
    pub fn with_max_hashtags(mut self, n: usize) -> Limits {
        self.max_hashtags = n.max(1);
        self
    }

    /// Most rules over all sources (default 100 000).
    pub fn max_rules(&self) -> usize {
        self.max_rules
    }

    /// Sets [`Limits::max_rules`] (at least 1).
    pub fn with_max_rules(mut self, n: usize) -> Limits {
        self.max_rules = n.max(1);
        self
    }

    /// Most distinct patterns over all rules (default 1 000 000).
    pub fn max_patterns(&self) -> usize {
        self.max_patterns
    }

    /// Sets [`Limits::max_patterns`] (at least 1).
    pub fn with_max_patterns(mut self, n: usize) -> Limits {
        self.max_patterns = n.max(1);
        self
    }

    /// Largest compiled size of one regex, in bytes (default 10 MiB).
    pub fn regex_size_limit(&self) -> usize {
        self.regex_size_limit
    }

    /// Sets [`Limits::regex_size_limit`] (at least 1).
    pub fn with_regex_size_limit(mut self, bytes: usize) -> Limits {
        self.regex_size_limit = bytes.max(1);
        self
    }

    /// Deepest nesting of conditions (YAML may nest four times as deep;
    /// default 32).
    pub fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// Sets [`Limits::max_depth`] (at least 1).
    pub fn with_max_depth(mut self, n: usize) -> Limits {
        self.max_depth = n.max(1);
        self
    }

    /// Most YAML nodes one file may expand into, aliases included
    /// (default 1 000 000).
    pub fn max_yaml_nodes(&self) -> usize {
        self.max_yaml_nodes
    }

    /// Sets [`Limits::max_yaml_nodes`] (at least 1).
    pub fn with_max_yaml_nodes(mut self, n: usize) -> Limits {
        self.max_yaml_nodes = n.max(1);
        self
    }

    /// Most spans listed per fired rule and field in `matches`; the last
    /// one listed carries `"more": K` for the K left out (default 32).
    pub fn max_spans(&self) -> usize {
        self.max_spans
    }

    /// Sets [`Limits::max_spans`] (at least 1).
    pub fn with_max_spans(mut self, n: usize) -> Limits {
        self.max_spans = n.max(1);
        self
    }

    /// Longest post `id`, in bytes of compact JSON; a post with a longer
    /// id is a `limit` record without the id (default 1 KiB).
    pub fn max_id_bytes(&self) -> usize {
        self.max_id_bytes
    }

    /// Sets [`Limits::max_id_bytes`] (from 1 to [`MAX_ID_BYTES_CAP`]).
    pub fn with_max_id_bytes(mut self, n: usize) -> Limits {
        self.max_id_bytes = n.clamp(1, MAX_ID_BYTES_CAP);
        self
    }

    /// Longest decision line written by the stream, in bytes, newline
    /// excluded (default 64 KiB). Match records that would not fit are
    /// left out, counted in the decision's `more_matches`; see
    /// [`Decision::to_json_bounded`](crate::Decision::to_json_bounded).
    pub fn max_decision_bytes(&self) -> usize {
        self.max_decision_bytes
    }

    /// Sets [`Limits::max_decision_bytes`] (at least
    /// [`MIN_DECISION_BYTES`]).
    pub fn with_max_decision_bytes(mut self, n: usize) -> Limits {
        self.max_decision_bytes = n.max(MIN_DECISION_BYTES);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_is_raised_to_each_minimum() {
        let l = Limits::default()
            .with_max_line_bytes(0)
            .with_max_hashtags(0)
            .with_max_rules(0)
            .with_max_patterns(0)
            .with_regex_size_limit(0)
            .with_max_depth(0)
            .with_max_yaml_nodes(0)
            .with_max_spans(0)
            .with_max_id_bytes(0)
            .with_max_decision_bytes(0);
        assert_eq!(
            [
                l.max_line_bytes(),
                l.max_hashtags(),
                l.max_rules(),
                l.max_patterns(),
                l.regex_size_limit(),
                l.max_depth(),
                l.max_yaml_nodes(),
                l.max_spans(),
                l.max_id_bytes(),
            ],
            [1; 9]
        );
        assert_eq!(l.max_decision_bytes(), MIN_DECISION_BYTES);
        let big = Limits::default().with_max_id_bytes(usize::MAX);
        assert_eq!(big.max_id_bytes(), MAX_ID_BYTES_CAP);
    }
}
