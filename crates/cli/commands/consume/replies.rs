//! Redis replies of the stream commands `consume` sends (`XREADGROUP`,
//! `XAUTOCLAIM`), parsed into entries.
//!
//! Parsed from raw values rather than typed replies so that one odd entry
//! (a non-UTF-8 field name, a missing field) becomes an error decision for
//! that entry instead of failing the whole batch forever.

use anyhow::{bail, Context, Result};
use redis::Value;

/// One input stream entry.
pub(super) struct Entry {
    /// The entry id (`1700000000000-0`).
    pub(super) id: String,
    /// The `post` field, or why there is none.
    pub(super) post: Result<Vec<u8>, &'static str>,
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::BulkString(b) => String::from_utf8(b.clone()).ok(),
        Value::SimpleString(s) => Some(s.clone()),
        _ => None,
    }
}

/// `[id, [field, value, ...]]` (RESP2) or with a map of fields (RESP3).
/// `None` for a nil entry (deleted from the stream while pending).
fn parse_entry(v: Value) -> Result<Option<Entry>> {
    let Value::Array(mut parts) = v else {
        return Ok(None);
    };
    if parts.len() != 2 {
        bail!("unexpected stream entry: {parts:?}");
    }
    let fields = parts.pop().unwrap_or_default();
    let id = text(&parts[0]).with_context(|| format!("unexpected entry id: {:?}", parts[0]))?;
    let pairs: Vec<(Value, Value)> = match fields {
        Value::Array(flat) => {
            let mut it = flat.into_iter();
            let mut pairs = Vec::new();
            while let (Some(k), Some(v)) = (it.next(), it.next()) {
                pairs.push((k, v));
            }
            pairs
        }
        Value::Map(pairs) => pairs,
        Value::Nil => {
            return Ok(Some(Entry {
                id,
                post: Err("stream entry was deleted before it was judged"),
            }))
        }
        other => bail!("unexpected fields of entry {id}: {other:?}"),
    };
    let post = pairs
        .into_iter()
        .find_map(|(k, v)| match (k, v) {
            (Value::BulkString(k), Value::BulkString(v)) if k == b"post" => Some(Ok(v)),
            (Value::BulkString(k), Value::SimpleString(v)) if k == b"post" => {
                Some(Ok(v.into_bytes()))
            }
            (Value::BulkString(k), _) if k == b"post" => {
                Some(Err("the `post` field is not a string"))
            }
            _ => None,
        })
        .unwrap_or(Err("stream entry has no `post` field"));
    Ok(Some(Entry { id, post }))
}

fn parse_entries(v: Value) -> Result<Vec<Entry>> {
    match v {
        Value::Array(items) => Ok(items
            .into_iter()
            .map(parse_entry)
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect()),
        Value::Nil => Ok(Vec::new()),
        other => bail!("unexpected list of stream entries: {other:?}"),
    }
}

/// `XREADGROUP` reply: nil on timeout, else `[[stream, entries]]` (RESP2)
/// or `{stream: entries}` (RESP3).
pub(super) fn parse_read(v: Value) -> Result<Vec<Entry>> {
    let per_stream: Vec<Value> = match v {
        Value::Nil => return Ok(Vec::new()),
        Value::Array(streams) => streams
            .into_iter()
            .map(|s| match s {
                Value::Array(mut kv) if kv.len() == 2 => Ok(kv.pop().unwrap_or_default()),
                other => bail!("unexpected XREADGROUP reply: {other:?}"),
            })
            .collect::<Result<_>>()?,
        Value::Map(streams) => streams.into_iter().map(|(_, e)| e).collect(),
        other => bail!("unexpected XREADGROUP reply: {other:?}"),
    };
    let mut out = Vec::new();
    for entries in per_stream {
        out.extend(parse_entries(entries)?);
    }
    Ok(out)
}

/// `XAUTOCLAIM` reply: `[next-cursor, entries, deleted-ids]` (Redis 7;
/// deleted ids are already dropped from the pending list by the server).
pub(super) fn parse_autoclaim(v: Value) -> Result<(String, Vec<Entry>)> {
    let Value::Array(mut items) = v else {
        bail!("unexpected XAUTOCLAIM reply: {v:?}");
    };
    if items.len() < 2 {
        bail!("unexpected XAUTOCLAIM reply: {items:?}");
    }
    let entries = parse_entries(std::mem::take(&mut items[1]))?;
    let cursor =
        text(&items[0]).with_context(|| format!("unexpected XAUTOCLAIM cursor: {:?}", items[0]))?;
    Ok((cursor, entries))
}
