//! Compiled rules: conditions over pattern ids, field paths, predicates.

use std::sync::Arc;

use serde_json::Value as Json;

use crate::code::Code;
use crate::diag::Loc;
use crate::schema::{Op, Predicate, TestCase};
use crate::verdict::{Action, RuleSeverity};

/// A dotted path into a post (`author.bio`, `hashtags`).
#[derive(Clone, Debug)]
pub(crate) struct FieldPath {
    pub(crate) name: String,
    segments: Vec<String>,
}

impl FieldPath {
    pub(crate) fn new(name: &str) -> FieldPath {
        FieldPath {
            name: name.to_owned(),
            segments: name.split('.').map(str::to_owned).collect(),
        }
    }

    /// The value at this path, if any (`null` counts as missing).
    pub(crate) fn lookup<'p>(&self, post: &'p serde_json::Map<String, Json>) -> Option<&'p Json> {
        lookup_path(post, &self.segments)
    }
}

fn lookup_path<'p, S: AsRef<str>>(
    post: &'p serde_json::Map<String, Json>,
    segments: &[S],
) -> Option<&'p Json> {
    let (first, rest) = segments.split_first()?;
    let mut value = post.get(first.as_ref())?;
    for seg in rest {
        value = match value {
            Json::Object(m) => m.get(seg.as_ref())?,
            Json::Array(items) => items.get(seg.as_ref().parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    (!value.is_null()).then_some(value)
}

/// A condition whose terms are matcher pattern ids.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum CompiledCond {
    /// At least `min` distinct patterns matched in the rule's fields.
    Terms {
        patterns: Vec<u32>,
        min: usize,
    },
    Any(Vec<CompiledCond>),
    All(Vec<CompiledCond>),
    Not(Box<CompiledCond>),
    /// Every group matched within `within` words in one field.
    Near {
        groups: Vec<Vec<u32>>,
        within: u32,
    },
}

impl CompiledCond {
    /// Patterns whose matches count for the condition (not under `not`).
    pub(crate) fn positive_patterns(&self, out: &mut Vec<u32>) {
        match self {
            CompiledCond::Terms { patterns, .. } => out.extend(patterns),
            CompiledCond::Any(subs) | CompiledCond::All(subs) => {
                subs.iter().for_each(|s| s.positive_patterns(out))
            }
            CompiledCond::Not(_) => {}
            CompiledCond::Near { groups, .. } => groups.iter().for_each(|g| out.extend(g)),
        }
    }

    /// Every pattern of the condition, under `not` too.
    pub(crate) fn all_patterns(&self, out: &mut Vec<u32>) {
        match self {
            CompiledCond::Not(sub) => sub.all_patterns(out),
            CompiledCond::Any(subs) | CompiledCond::All(subs) => {
                subs.iter().for_each(|s| s.all_patterns(out))
            }
            leaf => leaf.positive_patterns(out),
        }
    }

    /// Whether a match of pattern `p` alone makes the condition hold.
    pub(crate) fn fires_alone(&self, p: u32) -> bool {
        match self {
            CompiledCond::Terms { patterns, min } => *min <= 1 && patterns.contains(&p),
            CompiledCond::Any(subs) => subs.iter().any(|s| s.fires_alone(p)),
            CompiledCond::All(subs) => subs.iter().all(|s| s.fires_alone(p)),
            CompiledCond::Not(sub) => !sub.fires_alone(p),
            CompiledCond::Near { groups, .. } => groups.iter().all(|g| g.contains(&p)),
        }
    }

    /// Whether the condition can only hold when some pattern matched.
    pub(crate) fn needs_hit(&self) -> bool {
        match self {
            CompiledCond::Terms { .. } | CompiledCond::Near { .. } => true,
            CompiledCond::Any(subs) => subs.iter().all(CompiledCond::needs_hit),
            CompiledCond::All(subs) => subs.iter().any(CompiledCond::needs_hit),
            CompiledCond::Not(_) => false,
        }
    }
}

/// A compiled rule.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub(crate) id: Arc<str>,
    pub(crate) category: Arc<str>,
    pub(crate) severity: RuleSeverity,
    pub(crate) action: Action,
    pub(crate) description: String,
    pub(crate) fields: Vec<u32>,
    pub(crate) cond: CompiledCond,
    pub(crate) unless: Option<CompiledCond>,
    pub(crate) when: Vec<Predicate>,
    pub(crate) tests: Vec<TestCase>,
    /// Warnings silenced for this rule.
    pub(crate) allow: Vec<Code>,
    pub(crate) loc: Loc,
}

fn number(v: &Json) -> Option<f64> {
    v.as_f64()
}

fn equal(a: &Json, b: &Json) -> bool {
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn order(a: &Json, b: &Json) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Json::Number(_), Json::Number(_)) => number(a)?.partial_cmp(&number(b)?),
        (Json::String(x), Json::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

impl Predicate {
    /// Whether the predicate holds for `post`; a missing field makes every
    /// operator false except `exists: false`.
    pub(crate) fn holds(&self, post: &serde_json::Map<String, Json>) -> bool {
        let segments: Vec<&str> = self.path.split('.').collect();
        use std::cmp::Ordering::*;
        match (self.op, lookup_path(post, &segments)) {
            (Op::Exists, found) => found.is_some() == self.value.as_bool().unwrap_or(true),
            (_, None) => false,
            (Op::Eq, Some(v)) => equal(v, &self.value),
            (Op::Ne, Some(v)) => !equal(v, &self.value),
            (Op::Lt, Some(v)) => order(v, &self.value) == Some(Less),
            (Op::Le, Some(v)) => matches!(order(v, &self.value), Some(Less | Equal)),
            (Op::Gt, Some(v)) => order(v, &self.value) == Some(Greater),
            (Op::Ge, Some(v)) => matches!(order(v, &self.value), Some(Greater | Equal)),
            (Op::In, Some(v)) => self
                .value
                .as_array()
                .is_some_and(|xs| xs.iter().any(|x| equal(v, x))),
            (Op::NotIn, Some(v)) => self
                .value
                .as_array()
                .is_some_and(|xs| !xs.iter().any(|x| equal(v, x))),
        }
    }
}
