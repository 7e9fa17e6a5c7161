//! Recognising the input by its content: a `moderate --stats` object
//! (pretty-printed over many lines, or on one) or `diff` JSON lines.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};

use anyhow::{bail, Context, Result};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::diff::{self, DiffReport};
use super::stats::Stats;

/// What a report can be made from.
pub(crate) enum Input {
    /// A `redline moderate --stats` file.
    Stats(Stats),
    /// The output of `redline diff`.
    Diff(DiffReport),
}

/// What the input must be, for every error message.
const EXPECTED: &str = "expected the `--stats` file of `redline moderate` (one JSON \
     object with `posts`, `verdicts`, `jurisdictions` and `rules`) or the output of \
     `redline diff` (JSON lines of `\"type\": \"change\"` records ending with one \
     `\"type\": \"summary\"`)";

/// Longest line read (a `diff` record or a one-line stats object).
const MAX_LINE_BYTES: u64 = 64 << 20;
/// Largest stats file read.
const MAX_STATS_BYTES: u64 = 256 << 20;

/// A rule-set hash as `moderate` and `diff` may report it: one value, or
/// one per side (`{"old": ..., "new": ...}`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Ruleset {
    One(String),
    Each(BTreeMap<String, String>),
}

/// Reads and checks the whole input.
///
/// # Errors
///
/// Unreadable input, or input that is neither stats nor `diff` output
/// (the message says what was expected and where it went wrong).
pub(crate) fn read(input: impl BufRead) -> Result<Input> {
    let mut lines = Lines::new(input);
    let Some(first) = lines.next_nonblank()? else {
        bail!("the input is empty; {EXPECTED}");
    };
    let at = lines.number;
    let value = match serde_json::from_str::<Value>(&first) {
        Ok(value) => value,
        // A value spread over several lines: a pretty-printed stats file.
        Err(e) if e.is_eof() => {
            // Blank lines in front keep serde_json's line numbers those of the file.
            let mut text = "\n".repeat(usize::try_from(at - 1).unwrap_or(0));
            text.push_str(&first);
            lines.read_rest(&mut text, MAX_STATS_BYTES)?;
            let value = serde_json::from_str::<Value>(&text)
                .map_err(|e| anyhow::anyhow!("not JSON ({e}); {EXPECTED}"))?;
            return match value {
                Value::Object(ref o) if looks_like_stats(o) => stats(value),
                other => bail!("found {}; {EXPECTED}", describe(&other)),
            };
        }
        Err(e) => bail!("line {at} is not JSON ({e}); {EXPECTED}"),
    };
    match &value {
        Value::Object(o) if o.contains_key("type") => {
            Ok(Input::Diff(diff::read(value, &mut lines)?))
        }
        Value::Object(o) if looks_like_stats(o) => {
            if lines.next_nonblank()?.is_some() {
                bail!(
                    "line {}: more input after the stats object; {EXPECTED}",
                    lines.number
                );
            }
            stats(value)
        }
        other => bail!("line {at}: found {}; {EXPECTED}", describe(other)),
    }
}

/// A stats object, checked field by field.
fn stats(value: Value) -> Result<Input> {
    Ok(Input::Stats(
        typed(value).context("not a `moderate --stats` file")?,
    ))
}

/// Whether an object without `type` is meant as stats (its fields are then
/// checked one by one, so a broken stats file gets a precise message).
fn looks_like_stats(o: &serde_json::Map<String, Value>) -> bool {
    ["posts", "verdicts", "jurisdictions", "rules"]
        .iter()
        .any(|k| o.contains_key(*k))
}

/// What a JSON value that is not what we want is, in words.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(_) => "a boolean".into(),
        Value::Number(_) => "a number".into(),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "a JSON array".into(),
        Value::Object(_) => "a JSON object without `type` or stats fields".into(),
    }
}

/// A JSON value as `T`; the message names the field that is wrong.
pub(super) fn typed<T: DeserializeOwned>(value: Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." {
            anyhow::anyhow!("{inner}")
        } else {
            anyhow::anyhow!("field `{path}`: {inner}")
        }
    })
}

/// Lines of the input with their numbers, each at most
/// [`MAX_LINE_BYTES`] long.
pub(super) struct Lines<R> {
    input: R,
    /// The number of the line last read (1-based).
    pub(super) number: u64,
}

impl<R: BufRead> Lines<R> {
    fn new(input: R) -> Self {
        Lines { input, number: 0 }
    }

    /// The next line that holds more than whitespace, without its line end.
    pub(super) fn next_nonblank(&mut self) -> Result<Option<String>> {
        loop {
            let mut line = String::new();
            let read = (&mut self.input)
                .take(MAX_LINE_BYTES + 1)
                .read_line(&mut line)
                .with_context(|| format!("cannot read line {}", self.number + 1))?;
            if read == 0 {
                return Ok(None);
            }
            self.number += 1;
            if read as u64 > MAX_LINE_BYTES {
                bail!("line {} is longer than {MAX_LINE_BYTES} bytes", self.number);
            }
            if !line.trim().is_empty() {
                return Ok(Some(line));
            }
        }
    }

    /// Appends the rest of the input, at most `limit` bytes in all.
    fn read_rest(&mut self, text: &mut String, limit: u64) -> Result<()> {
        (&mut self.input)
            .take(limit + 1)
            .read_to_string(text)
            .context("cannot read the input")?;
        if text.len() as u64 > limit {
            bail!("the input is larger than {limit} bytes");
        }
        Ok(())
    }
}
