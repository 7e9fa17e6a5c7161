//! Decisions: what comes out for each post, as plain types that serialize
//! to the JSON of SPEC section 2.

use std::fmt;
use std::sync::Arc;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value as Json;

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
            ruleset: None,
        }
    }

    /// The rules that fired, each once, in order of first match.
    pub fn rules(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for m in self.matches.iter().flatten() {
            if !out.contains(&&*m.rule) {
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

impl PostError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> PostError {
        PostError {
            kind,
            message: message.into(),
        }
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
