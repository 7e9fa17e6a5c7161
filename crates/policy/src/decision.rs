//! Decisions: what comes out for each post, as plain types that serialize
//! to the JSON of SPEC section 2.

use std::fmt;
use std::sync::Arc;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value as Json;

use crate::limits::{MAX_ID_BYTES_CAP, MIN_DECISION_BYTES};
use crate::verdict::{RuleSeverity, Verdict};

/// The decision for one post (or one input line).
///
/// # Examples
///
/// ```
/// use redline_policy::{Engine, Post, Verdict};
///
/// let engine = Engine::from_yaml(
///     "rules:\n  - id: drugs.sale\n    action: hold\n    match: {keywords: [cocaine]}\n",
/// )?;
/// let decision = engine.judge(&Post::from_json(r#"{"id": 7, "text": "c0caine here"}"#)?);
/// assert_eq!(decision.verdict, Verdict::Held);
/// let json = serde_json::to_string(&decision)?;
/// assert!(json.contains(r#""via":["leet"]"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    /// 1-based input line, when the post came from a stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The post's `id`, echoed back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Json>,
    /// The most restrictive of the per-jurisdiction verdicts.
    pub verdict: Verdict,
    /// Every jurisdiction the post was judged under, with its verdict.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ordered_map"
    )]
    pub jurisdictions: Option<Vec<(String, Verdict)>>,
    /// Every rule that fired, with each span that made it fire.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matches: Option<Vec<MatchRecord>>,
    /// Why the line could not be judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<PostError>,
    /// Match records left out at the end of `matches` to keep the line
    /// within the limit (set only by [`Decision::to_json_bounded`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more_matches: Option<usize>,
    /// The fingerprint of the rules that judged it ([`crate::Engine::ruleset`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Arc<str>>,
}

fn ordered_map<S: Serializer>(v: &Option<Vec<(String, Verdict)>>, s: S) -> Result<S::Ok, S::Error> {
    let items = v.as_deref().unwrap_or_default();
    let mut map = s.serialize_map(Some(items.len()))?;
    for (k, verdict) in items {
        map.serialize_entry(k, verdict)?;
    }
    map.end()
}

impl Decision {
    /// The record for a line that could not be judged.
    pub fn from_error(line: Option<u64>, verdict: Verdict, error: PostError) -> Decision {
        Decision {
            line,
            id: None,
            verdict,
            jurisdictions: None,
            matches: None,
            error: Some(error),
            more_matches: None,
            ruleset: None,
        }
    }

    /// The decision as one line of compact JSON (no newline) of at most
    /// `max` bytes (raised to [`MIN_DECISION_BYTES`]):
    ///
    /// 1. the whole decision when it fits;
    /// 2. else the decision with as many of its first match records as fit,
    ///    and `"more_matches": K` for the K left out;
    /// 3. else (when the rest of it alone does not fit, e.g. thousands of
    ///    jurisdictions) an error record of kind `limit` with the line, the
    ///    same verdict, and the id when it is at most [`MAX_ID_BYTES_CAP`]
    ///    bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use redline_policy::{Engine, Post};
    ///
    /// let engine = Engine::from_yaml("rules:\n  - id: spam\n    match: {keywords: [spam]}\n")?;
    /// let d = engine.judge(&Post::text(&"spam ".repeat(10_000)));
    /// assert_eq!(d.matches.as_ref().map(Vec::len), Some(32), "32 spans per rule and field");
    /// assert_eq!(d.matches.as_ref().unwrap()[31].more, Some(10_000 - 32));
    /// let line = d.to_json_bounded(4096);
    /// assert!(line.len() <= 4096);
    /// let json: serde_json::Value = serde_json::from_slice(&line)?;
    /// assert_eq!(json["verdict"], "flagged");
    /// let listed = json["matches"].as_array().map_or(0, Vec::len);
    /// assert_eq!(listed as u64 + json["more_matches"].as_u64().unwrap_or(0), 32);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json_bounded(&self, max: usize) -> Vec<u8> {
        let max = max.max(MIN_DECISION_BYTES);
        let whole = to_json(self);
        if whole.len() <= max {
            return whole;
        }
        let records = self.matches.as_deref().unwrap_or_default();
        // `more_matches` is measured at its widest, so the count written
        // at the end can only make the line shorter than measured.
        let mut head = Decision {
            matches: Some(Vec::new()),
            more_matches: Some(usize::MAX),
            ..self.clone()
        };
        let mut used = json_len(&head);
        if used <= max {
            let mut kept = 0;
            for r in records {
                let add = json_len(r).saturating_add(usize::from(kept > 0));
                if used.saturating_add(add) > max {
                    break;
                }
                used += add;
                kept += 1;
            }
            head.matches = Some(records[..kept].to_vec());
            head.more_matches = Some(records.len() - kept);
            return to_json(&head);
        }
        let id = self
            .id
            .clone()
            .filter(|id| json_len(id) <= MAX_ID_BYTES_CAP);
        let mut fallback = Decision::from_error(
            self.line,
            self.verdict,
            PostError::new(
                ErrorKind::Limit,
                format!(
                    "decision of {} bytes is over the limit of {max} bytes",
                    whole.len()
                ),
            ),
        );
        fallback.id = id;
        to_json(&fallback)
    }

    /// The rules that fired, each once, in order of first match.
    pub fn rules(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for m in self.matches.iter().flatten() {
            // A rule's records are contiguous: most are the last one seen.
            if out.last() != Some(&&*m.rule) && !out.contains(&&*m.rule) {
                out.push(&m.rule);
            }
        }
        out
    }

    /// The verdict under `code`, if the post was judged under it.
    pub fn verdict_in(&self, code: &str) -> Option<Verdict> {
        self.jurisdictions
            .as_ref()?
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, v)| *v)
    }
}

/// One span that made a rule fire.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatchRecord {
    /// Rule id.
    pub rule: Arc<str>,
    /// Rule category.
    pub category: Arc<str>,
    /// Rule severity.
    pub severity: RuleSeverity,
    /// The field (path as written in the rule) the span is in; absent when
    /// the rule fired without a span (a `when`/`not`-only rule).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Arc<str>>,
    /// Element index, for fields that are lists (`hashtags`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// Start byte offset (UTF-8) into the field's original value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// End byte offset (exclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// The original text of the span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Normalization steps the match needed; empty when matched as written.
    pub via: Vec<&'static str>,
    /// On the last record listed for a rule and field: how many more spans
    /// of that rule in that field were left out ([`Limits::max_spans`](crate::Limits::max_spans)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more: Option<usize>,
}

/// What kind of problem kept a line from being judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The line is not valid UTF-8.
    InvalidUtf8,
    /// The line is not valid JSON.
    InvalidJson,
    /// The JSON is not an object.
    NotObject,
    /// The line is longer than the limit.
    TooLarge,
    /// A scanned field has the wrong type.
    FieldType,
    /// The post names a jurisdiction that is not loaded.
    UnknownJurisdiction,
    /// The post exceeds another limit (e.g. number of hashtags).
    Limit,
}

impl ErrorKind {
    /// The stable snake_case name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::InvalidUtf8 => "invalid_utf8",
            ErrorKind::InvalidJson => "invalid_json",
            ErrorKind::NotObject => "not_object",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::FieldType => "field_type",
            ErrorKind::UnknownJurisdiction => "unknown_jurisdiction",
            ErrorKind::Limit => "limit",
        }
    }
}

/// Why a post could not be judged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostError {
    /// The kind.
    pub kind: ErrorKind,
    /// What is wrong, for people.
    pub message: String,
}

/// Longest error message, in bytes: messages may quote the input.
const MAX_MESSAGE_BYTES: usize = 512;

impl PostError {
    /// An error whose message is cut to 512 bytes (on a character
    /// boundary, marked with `…`), as messages may quote the input.
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> PostError {
        let mut message = message.into();
        if message.len() > MAX_MESSAGE_BYTES {
            let keep = cut(&message, MAX_MESSAGE_BYTES - '…'.len_utf8()).len();
            message.truncate(keep);
            message.push('…');
        }
        PostError { kind, message }
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a
/// character boundary.
pub(crate) fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Compact JSON of a value that always serializes (plain data, string
/// keys).
fn to_json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// Bytes of `value`'s compact JSON, counted without buffering it.
pub(crate) fn json_len(value: &impl Serialize) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    match serde_json::to_writer(&mut count, value) {
        Ok(()) => count.0,
        Err(_) => usize::MAX,
    }
}

impl Serialize for PostError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("kind", self.kind.name())?;
        map.serialize_entry("message", &self.message)?;
        map.end()
    }
}

impl fmt::Display for PostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for PostError {}
