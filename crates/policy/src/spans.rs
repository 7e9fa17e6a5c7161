//! From a fired rule's evidence to its match records, bounded: at most
//! `max_spans` spans per field, each span's text cut to
//! [`MAX_SPAN_TEXT_BYTES`].

use std::sync::Arc;

use crate::decision::{cut, MatchRecord};
use crate::eval::Hit;
use crate::limits::MAX_SPAN_TEXT_BYTES;
use crate::rule::{FieldPath, Rule};

/// One scanned text: field, list element and value.
pub(crate) struct Instance<'p> {
    pub(crate) field: u32,
    pub(crate) index: Option<u32>,
    pub(crate) text: &'p str,
}

/// What the records of one post are built from.
pub(crate) struct Spans<'a> {
    pub(crate) hits: &'a [Hit],
    pub(crate) instances: &'a [Instance<'a>],
    pub(crate) fields: &'a [FieldPath],
    pub(crate) max_spans: usize,
}

impl Spans<'_> {
    /// Appends the records of `rule` fired with `evidence` (hit indices,
    /// reordered here): its distinct spans ordered by field name, list
    /// index and offsets, at most `max_spans` per field, the last listed
    /// carrying `more` when some were left out; one record without a span
    /// when there is no evidence (a `when`/`not`-only rule).
    pub(crate) fn push_records(
        &self,
        rule: &Rule,
        evidence: &mut [u32],
        out: &mut Vec<MatchRecord>,
    ) {
        let place = |i: u32| {
            let h = &self.hits[i as usize];
            let inst = &self.instances[h.instance as usize];
            (
                self.fields[inst.field as usize].name.as_str(),
                inst.index,
                h.start,
                h.end,
            )
        };
        evidence.sort_unstable_by(|&a, &b| (place(a), a).cmp(&(place(b), b)));
        let record = |field: Option<Arc<str>>| MatchRecord {
            rule: Arc::clone(&rule.id),
            category: Arc::clone(&rule.category),
            severity: rule.severity,
            field,
            index: None,
            start: None,
            end: None,
            text: None,
            via: Vec::new(),
            more: None,
        };
        let before = out.len();
        let mut field: Option<(&str, Arc<str>)> = None;
        let (mut listed, mut left_out) = (0usize, 0usize);
        let mut last = None;
        for &i in evidence.iter() {
            let here = place(i);
            if last == Some(here) {
                continue;
            }
            last = Some(here);
            if field.as_ref().is_none_or(|(name, _)| *name != here.0) {
                mark_more(out, left_out);
                field = Some((here.0, here.0.into()));
                (listed, left_out) = (0, 0);
            }
            if listed == self.max_spans {
                left_out += 1;
                continue;
            }
            listed += 1;
            let h = &self.hits[i as usize];
            let inst = &self.instances[h.instance as usize];
            let (start, end) = (h.start as usize, h.end as usize);
            out.push(MatchRecord {
                index: inst.index.map(|i| i as usize),
                start: Some(start),
                end: Some(end),
                text: inst
                    .text
                    .get(start..end)
                    .map(|t| cut(t, MAX_SPAN_TEXT_BYTES).to_owned()),
                via: h.via.iter().map(|s| s.name()).collect(),
                ..record(field.as_ref().map(|(_, name)| Arc::clone(name)))
            });
        }
        mark_more(out, left_out);
        if out.len() == before {
            out.push(record(None));
        }
    }
}

/// Sets `more` on the last record when spans were left out after it.
fn mark_more(out: &mut [MatchRecord], left_out: usize) {
    if left_out > 0 {
        if let Some(last) = out.last_mut() {
            last.more = Some(left_out);
        }
    }
}
