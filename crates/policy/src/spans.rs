//! From a fired rule's evidence to its match records, bounded: at most
//! `max_spans` spans per field, each span's text cut to
//! [`MAX_SPAN_TEXT_BYTES`]. No sorting: evidence is marked in a bitset
//! over the hits, which are in scan order, and read back text by text.

use std::ops::Range;
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
    /// Its hits: a range of the post's hits, which are in scan order.
    pub(crate) hits: Range<u32>,
}

/// What the records of one post are built from.
pub(crate) struct Spans<'a> {
    pub(crate) hits: &'a [Hit],
    pub(crate) instances: &'a [Instance<'a>],
    /// Instance indices by field name, then list index: record order.
    pub(crate) order: Vec<u32>,
    pub(crate) fields: &'a [FieldPath],
    pub(crate) max_spans: usize,
    /// One bit per hit; all clear between rules.
    marks: Vec<u64>,
}

impl<'a> Spans<'a> {
    pub(crate) fn new(
        hits: &'a [Hit],
        instances: &'a [Instance<'a>],
        fields: &'a [FieldPath],
        max_spans: usize,
    ) -> Self {
        let mut order: Vec<u32> = (0..instances.len() as u32).collect();
        order.sort_by_key(|&i| {
            let inst = &instances[i as usize];
            (fields[inst.field as usize].name.as_str(), inst.index)
        });
        Spans {
            hits,
            instances,
            order,
            fields,
            max_spans,
            marks: vec![0; hits.len().div_ceil(64)],
        }
    }

    /// Appends the records of `rule` fired with `evidence` (hit indices):
    /// its distinct spans ordered by field name, list index and offsets,
    /// at most `max_spans` per field, the last listed carrying `more` when
    /// some were left out; one record without a span when there is no
    /// evidence (a `when`/`not`-only rule).
    pub(crate) fn push_records(
        &mut self,
        rule: &Rule,
        evidence: &[u32],
        out: &mut Vec<MatchRecord>,
    ) {
        for &i in evidence {
            self.marks[i as usize / 64] |= 1 << (i % 64);
        }
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
        for &n in &self.order {
            let inst = &self.instances[n as usize];
            let name = self.fields[inst.field as usize].name.as_str();
            let mut last = None;
            for i in marked(&self.marks, inst.hits.clone()) {
                let h = &self.hits[i];
                if last == Some((h.start, h.end)) {
                    continue;
                }
                last = Some((h.start, h.end));
                if field.as_ref().is_none_or(|(f, _)| *f != name) {
                    mark_more(out, left_out);
                    field = Some((name, name.into()));
                    (listed, left_out) = (0, 0);
                }
                if listed == self.max_spans {
                    left_out += 1;
                    continue;
                }
                listed += 1;
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
        }
        mark_more(out, left_out);
        if out.len() == before {
            out.push(record(None));
        }
        for &i in evidence {
            self.marks[i as usize / 64] = 0;
        }
    }
}

/// The indices in `range` whose bit is set, in order.
fn marked(marks: &[u64], range: Range<u32>) -> impl Iterator<Item = usize> + '_ {
    let (start, end) = (range.start as usize, range.end as usize);
    (start / 64..end.div_ceil(64)).flat_map(move |w| {
        let mut bits = marks[w];
        if w == start / 64 {
            bits &= u64::MAX << (start % 64);
        }
        if w == end / 64 {
            bits &= (1u64 << (end % 64)).wrapping_sub(1);
        }
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let i = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                i
            })
        })
    })
}

/// Sets `more` on the last record when spans were left out after it.
fn mark_more(out: &mut [MatchRecord], left_out: usize) {
    if left_out > 0 {
        if let Some(last) = out.last_mut() {
            last.more = Some(left_out);
        }
    }
}
