//! The last gate before output: a statement as JSON, checked field by
//! field against the database's enumerations, limits and date rules, so
//! one bad statement never makes the database refuse a whole batch.

use serde_json::Value as Json;

use crate::dsa::values::{self, chars, expand_scope, is_puid};

/// Every problem of one statement (empty when the database would accept
/// it): required fields, enumerated values, lengths, dates, `puid`.
///
/// # Examples
///
/// ```
/// let problems = redline_policy::dsa::validate(&serde_json::json!({"puid": "a b"}));
/// assert!(problems.iter().any(|p| p.contains("puid")));
/// ```
pub fn validate(s: &Json) -> Vec<String> {
    let mut out = Vec::new();
    let text = |k: &str| s.get(k).and_then(Json::as_str);
    let one_of = |out: &mut Vec<String>, k: &str, allowed: &[&str]| match text(k) {
        Some(v) if allowed.contains(&v) => {}
        Some(v) => out.push(format!("`{k}`: `{v}` is not allowed")),
        None => out.push(format!("`{k}` is missing")),
    };
    let many_of = |out: &mut Vec<String>, k: &str, allowed: &[&str], required: bool| match s.get(k)
    {
        Some(Json::Array(items)) if !items.is_empty() => {
            for item in items {
                if !item.as_str().is_some_and(|v| allowed.contains(&v)) {
                    out.push(format!("`{k}`: {item} is not allowed"));
                }
            }
        }
        None if !required => {}
        _ => out.push(format!("`{k}` must be a non-empty array")),
    };
    let limited = |out: &mut Vec<String>, k: &str, max: usize, required: bool| match text(k) {
        Some(v) if !v.trim().is_empty() && chars(v) <= max => {}
        Some(v) => out.push(format!(
            "`{k}` must hold 1 to {max} characters, has {}",
            chars(v)
        )),
        None if !required => {}
        None => out.push(format!("`{k}` is missing")),
    };
    many_of(&mut out, "decision_visibility", values::VISIBILITIES, true);
    one_of(&mut out, "decision_ground", values::GROUNDS);
    let illegal = text("decision_ground") == Some("DECISION_GROUND_ILLEGAL_CONTENT");
    limited(
        &mut out,
        "illegal_content_legal_ground",
        values::MAX_GROUND,
        illegal,
    );
    limited(
        &mut out,
        "illegal_content_explanation",
        values::MAX_EXPLANATION,
        illegal,
    );
    limited(
        &mut out,
        "incompatible_content_ground",
        values::MAX_GROUND,
        !illegal,
    );
    limited(
        &mut out,
        "incompatible_content_explanation",
        values::MAX_EXPLANATION,
        !illegal,
    );
    limited(
        &mut out,
        "decision_ground_reference_url",
        values::MAX_GROUND,
        false,
    );
    many_of(&mut out, "content_type", values::CONTENT_TYPES, true);
    one_of(&mut out, "category", values::CATEGORIES);
    many_of(&mut out, "category_addition", values::CATEGORIES, false);
    many_of(
        &mut out,
        "category_specification",
        values::SPECIFICATIONS,
        false,
    );
    match s.get("territorial_scope") {
        Some(Json::Array(codes)) if !codes.is_empty() => {
            for c in codes {
                let member = c
                    .as_str()
                    .is_some_and(|c| expand_scope(c).is_some_and(|v| v == [c]));
                if !member {
                    out.push(format!(
                        "`territorial_scope`: {c} is not an EU/EEA member state"
                    ));
                }
            }
        }
        _ => out.push("`territorial_scope` must be a non-empty array".to_owned()),
    }
    if let Some(lang) = s.get("content_language") {
        let ok = lang
            .as_str()
            .is_some_and(|l| l.len() == 2 && l.bytes().all(|b| b.is_ascii_uppercase()));
        if !ok {
            out.push(format!(
                "`content_language`: {lang} is not an upper-case ISO 639-1 code"
            ));
        }
    }
    let content = date(&mut out, s, "content_date", values::MIN_CONTENT_DATE);
    let applied = date(
        &mut out,
        s,
        "application_date",
        values::MIN_APPLICATION_DATE,
    );
    if let (Some(c), Some(a)) = (content, applied) {
        if c > a {
            out.push(format!(
                "`content_date` {c} is after `application_date` {a}"
            ));
        }
    }
    limited(&mut out, "decision_facts", values::MAX_FACTS, true);
    one_of(&mut out, "source_type", values::SOURCE_TYPES);
    one_of(&mut out, "automated_detection", &["Yes", "No"]);
    one_of(&mut out, "automated_decision", values::AUTOMATED_DECISIONS);
    match text("puid") {
        Some(p) if is_puid(p) => {}
        _ => out.push("`puid` must be 1 to 500 of [a-zA-Z0-9-_]".to_owned()),
    }
    out
}

/// A `YYYY-MM-DD` date field on or after `min`; `None` when invalid.
fn date<'s>(out: &mut Vec<String>, s: &'s Json, k: &str, min: &str) -> Option<&'s str> {
    let v = s.get(k).and_then(Json::as_str);
    match v.map(|d| (d, d.parse::<jiff::civil::Date>())) {
        Some((d, Ok(_))) if d.len() == 10 && d >= min => Some(d),
        Some((d, _)) => {
            out.push(format!(
                "`{k}`: `{d}` is not a YYYY-MM-DD date on or after {min}"
            ));
            None
        }
        None => {
            out.push(format!("`{k}` is missing"));
            None
        }
    }
}
