//! From a decision to statements of reasons: one statement per post and
//! ground (the law or terms clause relied on, with what was done), over
//! every EU/EEA jurisdiction that restricted the post on that ground.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value as Json};
use sha2::{Digest, Sha256};

use crate::decision::Decision;
use crate::dsa::validate::validate;
use crate::dsa::values::{self, chars};
use crate::engine::Engine;
use crate::post::Post;
use crate::verdict::Verdict;

/// What `sor` needs of a judged post: its decision's verdicts and fired
/// rules, and of the post only `created_at` and `lang` (never its text or
/// author).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Judged {
    /// Input line, for warnings.
    pub line: Option<u64>,
    /// The post's `id`.
    pub id: Option<Json>,
    /// Verdict per jurisdiction.
    pub jurisdictions: Vec<(String, Verdict)>,
    /// Ids of the rules that fired.
    pub rules: Vec<String>,
    /// The error kind, when the line could not be judged.
    pub error: Option<String>,
    /// The post's `created_at` (RFC 3339 or Unix seconds).
    pub created_at: Option<Json>,
    /// The post's `lang`.
    pub lang: Option<String>,
}

impl Judged {
    /// From a decision just made and its post.
    pub fn new(decision: &Decision, post: Option<&Post>) -> Judged {
        let mut j = Judged {
            line: decision.line,
            id: decision.id.clone(),
            jurisdictions: decision.jurisdictions.clone().unwrap_or_default(),
            rules: decision.rules().into_iter().map(str::to_owned).collect(),
            error: decision.error.as_ref().map(|e| e.kind.name().to_owned()),
            ..Judged::default()
        };
        if let Some(post) = post {
            j.set_post(post.as_map());
        }
        j
    }

    /// From a decision record as `moderate` writes it; `None` when it is
    /// not one.
    pub fn from_record(record: &Json) -> Option<Judged> {
        let obj = record.as_object()?;
        Verdict::parse(obj.get("verdict")?.as_str()?)?;
        let jurisdictions = obj
            .get("jurisdictions")
            .and_then(Json::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), Verdict::parse(v.as_str()?)?)))
                    .collect()
            })
            .unwrap_or_default();
        let mut rules: Vec<String> = Vec::new();
        for m in obj
            .get("matches")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(r) = m.get("rule").and_then(Json::as_str) {
                if !rules.iter().any(|x| x == r) {
                    rules.push(r.to_owned());
                }
            }
        }
        Some(Judged {
            line: obj.get("line").and_then(Json::as_u64),
            id: obj.get("id").filter(|v| !v.is_null()).cloned(),
            jurisdictions,
            rules,
            error: obj.get("error").map(|e| {
                e.get("kind")
                    .and_then(Json::as_str)
                    .unwrap_or("error")
                    .to_owned()
            }),
            ..Judged::default()
        })
    }

    /// Takes `created_at` and `lang` from the post.
    pub fn set_post(&mut self, post: &Map<String, Json>) {
        self.created_at = post.get("created_at").filter(|v| !v.is_null()).cloned();
        self.lang = post.get("lang").and_then(Json::as_str).map(str::to_owned);
    }

    fn place(&self) -> String {
        match (&self.line, &self.id) {
            (Some(l), Some(id)) => format!("line {l} (id {id})"),
            (Some(l), None) => format!("line {l}"),
            (None, Some(id)) => format!("id {id}"),
            (None, None) => "a post".to_owned(),
        }
    }
}

/// The statements of one post, and why any were not written.
#[derive(Clone, Debug, Default)]
pub struct Statements {
    /// Statements, each valid for the database.
    pub statements: Vec<Json>,
    /// Problems for stderr (a restricted post without `id`, a bad date,
    /// a statement that would not validate).
    pub warnings: Vec<String>,
}

/// A time given as RFC 3339 (`2025-07-01T12:00:00Z`) or Unix seconds, as
/// Unix seconds.
///
/// # Examples
///
/// ```
/// use redline_policy::dsa::parse_time;
/// assert_eq!(parse_time("1970-01-02T00:00:00Z"), Some(86_400));
/// assert_eq!(parse_time("86400"), Some(86_400));
/// assert_eq!(parse_time("yesterday"), None);
/// ```
pub fn parse_time(s: &str) -> Option<i64> {
    if let Ok(n) = s.trim().parse::<i64>() {
        return jiff::Timestamp::from_second(n).ok().map(|t| t.as_second());
    }
    s.trim()
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_second())
}

fn time_of(v: &Json) -> Option<i64> {
    match v {
        Json::String(s) => parse_time(s),
        Json::Number(n) => n
            .as_i64()
            .and_then(|n| jiff::Timestamp::from_second(n).ok())
            .map(|t| t.as_second()),
        _ => None,
    }
}

/// `YYYY-MM-DD` of Unix seconds, in UTC.
fn day(seconds: i64) -> Option<String> {
    let t = jiff::Timestamp::from_second(seconds).ok()?;
    Some(t.strftime("%Y-%m-%d").to_string())
}

/// Cuts `s` to at most `max` characters, marking the cut.
fn fit(s: String, max: usize) -> String {
    if chars(&s) <= max {
        return s;
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The `puid`: the post id's safe characters (at most 100) for people,
/// then 16 hex digits of a SHA-256 of the exact id and the ground, so the
/// same post and ground always give the same `puid`, and different ones
/// never share it.
fn puid(id: &Json, ground: &Ground) -> String {
    let readable: String = match id {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
    .chars()
    .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
    .take(100)
    .collect();
    let mut h = Sha256::new();
    h.update(id.to_string().as_bytes());
    for part in [ground.kind, &ground.text, &ground.visibility.join(",")] {
        h.update([0]);
        h.update(part.as_bytes());
    }
    let hex: String = h
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    if readable.is_empty() {
        format!("rl-{hex}")
    } else {
        format!("{readable}-{hex}")
    }
}

/// What a statement relies on: the decision ground, the law or terms
/// clause, and the visibility restriction.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Ground {
    kind: &'static str,
    text: String,
    visibility: Vec<String>,
}

/// Rules and member states of one ground.
struct Group {
    ground: Ground,
    rules: Vec<usize>,
    scope: BTreeSet<&'static str>,
    jurisdictions: Vec<(String, Verdict)>,
}

impl Engine {
    /// Whether the rules hold any `dsa:` block. Without one, `sor` has no
    /// mapping to work from (and `check` does not ask for one).
    pub fn has_dsa_mapping(&self) -> bool {
        self.inner().dsa.configured
    }

    /// The statements of reasons for one judged post at time `now` (Unix
    /// seconds): one per ground over the EU/EEA jurisdictions where the
    /// post is restricted (held, or flagged where `dsa.visibility` gives a
    /// visibility for flagged content). Every statement is validated; one
    /// that would not validate is left out with a warning.
    pub fn statements(&self, judged: &Judged, now: i64) -> Statements {
        let mut out = Statements::default();
        let inner = self.inner();
        let dsa = &inner.dsa;
        if let Some(kind) = &judged.error {
            out.warnings.push(format!(
                "{}: not judged ({kind}), no statement",
                judged.place()
            ));
            return out;
        }
        let mut groups: Vec<Group> = Vec::new();
        for (code, verdict) in &judged.jurisdictions {
            let Some(j) = inner.jurisdictions.index_of(code) else {
                continue;
            };
            let jd = &dsa.jurisdictions[j];
            let Some(visibility) = jd.visibility(*verdict) else {
                continue;
            };
            for id in &judged.rules {
                let Some(r) = inner.rules.iter().position(|r| *r.id == **id) else {
                    out.warnings
                        .push(format!("{}: rule `{id}` is not loaded", judged.place()));
                    continue;
                };
                let rule = &inner.rules[r];
                if inner.jurisdictions.all[j].actions[r].verdict() != *verdict {
                    continue;
                }
                let ground = match (
                    jd.legal_ground(&rule.category),
                    dsa.category(&rule.category),
                ) {
                    (Some(law), _) => Ground {
                        kind: "DECISION_GROUND_ILLEGAL_CONTENT",
                        text: law.ground.clone(),
                        visibility: visibility.to_vec(),
                    },
                    (None, Some(map)) => Ground {
                        kind: "DECISION_GROUND_INCOMPATIBLE_CONTENT",
                        text: map.terms.clone(),
                        visibility: visibility.to_vec(),
                    },
                    (None, None) => {
                        out.warnings.push(format!(
                            "{}: category `{}` has no DSA mapping, no statement",
                            judged.place(),
                            rule.category
                        ));
                        continue;
                    }
                };
                let at = match groups.iter().position(|g| g.ground == ground) {
                    Some(at) => at,
                    None => {
                        groups.push(Group {
                            ground,
                            rules: Vec::new(),
                            scope: BTreeSet::new(),
                            jurisdictions: Vec::new(),
                        });
                        groups.len() - 1
                    }
                };
                let g = &mut groups[at];
                if !g.rules.contains(&r) {
                    g.rules.push(r);
                }
                g.scope.extend(jd.scope.iter().copied());
                if !g.jurisdictions.iter().any(|(c, _)| c == code) {
                    g.jurisdictions.push((code.clone(), *verdict));
                }
            }
        }
        if groups.is_empty() {
            return out;
        }
        let Some(id) = &judged.id else {
            out.warnings.push(format!(
                "{}: restricted in the EU/EEA but has no `id`, no statement",
                judged.place()
            ));
            return out;
        };
        let applied = day(now);
        let content = match &judged.created_at {
            None => applied.clone(),
            Some(v) => match time_of(v).and_then(day) {
                Some(d) => Some(d),
                None => {
                    out.warnings.push(format!(
                        "{}: `created_at` {v} is neither RFC 3339 nor Unix seconds, no statement",
                        judged.place()
                    ));
                    return out;
                }
            },
        };
        for g in groups {
            let statement = self.statement(judged, id, &g, content.as_deref(), applied.as_deref());
            let problems = validate(&statement);
            if problems.is_empty() {
                out.statements.push(statement);
            } else {
                out.warnings.push(format!(
                    "{}: statement left out: {}",
                    judged.place(),
                    problems.join("; ")
                ));
            }
        }
        out
    }

    fn statement(
        &self,
        judged: &Judged,
        id: &Json,
        g: &Group,
        content_date: Option<&str>,
        application_date: Option<&str>,
    ) -> Json {
        let inner = self.inner();
        let dsa = &inner.dsa;
        // The most severe rule first: its category is the statement's.
        let mut rules: Vec<&crate::rule::Rule> = g.rules.iter().map(|&r| &inner.rules[r]).collect();
        rules.sort_by_key(|r| std::cmp::Reverse(r.severity));
        let maps: Vec<_> = rules
            .iter()
            .filter_map(|r| dsa.category(&r.category))
            .collect();
        let mut categories: Vec<&str> = Vec::new();
        let mut specification: BTreeSet<&str> = BTreeSet::new();
        for m in &maps {
            if !categories.contains(&m.category.as_str()) {
                categories.push(&m.category);
            }
            specification.extend(m.specification.iter().map(String::as_str));
        }
        // Rule ids and categories only: a description may quote the very
        // words a rule looks for, and statements must quote no post text.
        let described: Vec<String> = rules
            .iter()
            .map(|r| {
                format!(
                    "`{}` (category `{}`, severity {})",
                    r.id,
                    r.category,
                    r.severity.name()
                )
            })
            .collect();
        let default_explanation = fit(
            format!(
                "Detected automatically: the content matched the rule(s) {}.",
                described.join(", ")
            ),
            values::MAX_EXPLANATION,
        );
        // Sorted, so decisions read back from JSON (keys sorted) say the same.
        let mut where_: Vec<String> = g
            .jurisdictions
            .iter()
            .map(|(c, v)| format!("{v} in {c}"))
            .collect();
        where_.sort_unstable();
        let facts = fit(
            format!(
                "Automated moderation by redline, rule set {}: rule(s) {} fired on the content \
                 ({}). No person reviewed the decision before it applied.",
                inner.ruleset,
                described.join(", "),
                where_.join(", ")
            ),
            values::MAX_FACTS,
        );
        let mut s = json!({
            "decision_visibility": g.ground.visibility,
            "decision_ground": g.ground.kind,
            "content_type": ["CONTENT_TYPE_TEXT"],
            "category": categories.first().copied().unwrap_or_default(),
            "territorial_scope": g.scope.iter().collect::<Vec<_>>(),
            "content_date": content_date,
            "application_date": application_date,
            "decision_facts": facts,
            "source_type": "SOURCE_VOLUNTARY",
            "automated_detection": "Yes",
            "automated_decision": "AUTOMATED_DECISION_FULLY",
            "puid": puid(id, &g.ground),
        });
        let obj = s.as_object_mut().expect("a JSON object literal");
        if categories.len() > 1 {
            obj.insert("category_addition".into(), json!(categories[1..]));
        }
        if !specification.is_empty() {
            obj.insert("category_specification".into(), json!(specification));
        }
        let url = if g.ground.kind == "DECISION_GROUND_ILLEGAL_CONTENT" {
            let law = rules.iter().zip(std::iter::repeat(())).find_map(|(r, ())| {
                g.jurisdictions.iter().find_map(|(c, _)| {
                    let j = inner.jurisdictions.index_of(c)?;
                    dsa.jurisdictions[j]
                        .legal_ground(&r.category)
                        .filter(|l| l.ground == g.ground.text)
                })
            });
            let explanation = law
                .and_then(|l| l.explanation.clone())
                .unwrap_or_else(|| default_explanation.clone());
            obj.insert("illegal_content_legal_ground".into(), json!(g.ground.text));
            obj.insert("illegal_content_explanation".into(), json!(explanation));
            law.and_then(|l| l.url.clone())
        } else {
            let map = maps.iter().find(|m| m.terms == g.ground.text);
            let explanation = map
                .and_then(|m| m.explanation.clone())
                .unwrap_or(default_explanation);
            obj.insert("incompatible_content_ground".into(), json!(g.ground.text));
            obj.insert(
                "incompatible_content_explanation".into(),
                json!(explanation),
            );
            map.and_then(|m| m.url.clone())
        };
        if let Some(url) = url {
            obj.insert("decision_ground_reference_url".into(), json!(url));
        }
        let lang = judged
            .lang
            .as_deref()
            .and_then(|l| l.split(['-', '_']).next())
            .filter(|l| l.len() == 2 && l.bytes().all(|b| b.is_ascii_alphabetic()));
        if let Some(lang) = lang {
            obj.insert("content_language".into(), json!(lang.to_ascii_uppercase()));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn puid_is_stable_safe_and_tells_grounds_apart() {
        let g = |t: &str| Ground {
            kind: "DECISION_GROUND_ILLEGAL_CONTENT",
            text: t.to_owned(),
            visibility: vec!["DECISION_VISIBILITY_CONTENT_DISABLED".to_owned()],
        };
        let a = puid(&json!("post/1 ü"), &g("StGB § 86a"));
        assert_eq!(a, puid(&json!("post/1 ü"), &g("StGB § 86a")));
        assert!(a.starts_with("post1-"), "{a}");
        assert!(values::is_puid(&a));
        assert_ne!(a, puid(&json!("post/1 ü"), &g("StGB § 130")));
        assert_ne!(puid(&json!("1"), &g("x")), puid(&json!(1), &g("x")));
        assert!(values::is_puid(&puid(&json!("€€"), &g("x"))));
    }

    #[test]
    fn dates_and_cuts() {
        assert_eq!(day(0).as_deref(), Some("1970-01-01"));
        assert_eq!(
            parse_time("2025-07-01T23:30:00-02:00")
                .and_then(day)
                .as_deref(),
            Some("2025-07-02")
        );
        assert_eq!(fit("abcdef".into(), 4), "abc…");
        assert_eq!(fit("abc".into(), 4), "abc");
    }
}
