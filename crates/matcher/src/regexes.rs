//! Regex patterns: one multi-pattern regex says which fire, then each of
//! those finds its spans. Caches live in the caller's scratch, never in a
//! shared pool that rayon workers would contend on.

use regex_automata::meta::{Cache, Config, Regex};
use regex_automata::util::iter::Searcher;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, PatternSet};

use crate::pattern::{Pattern, PatternId};

/// Regexes compiled for one haystack (original or folded text).
#[derive(Debug)]
pub(crate) struct RegexBank {
    set: Regex,
    each: Vec<Regex>,
    ids: Vec<PatternId>,
}

/// Per-thread search state for a [`RegexBank`].
#[derive(Debug)]
pub(crate) struct RegexCaches {
    set: Cache,
    each: Vec<Cache>,
    fired: PatternSet,
}

fn config(size_limit: usize) -> Config {
    Config::new()
        .nfa_size_limit(Some(size_limit))
        .hybrid_cache_capacity(size_limit.clamp(1 << 16, 2 << 20))
}

/// A one-line reason: the syntax error's own message ("unclosed group")
/// rather than the builder's "error parsing pattern 0".
fn describe(e: &regex_automata::meta::BuildError) -> String {
    if let Some(limit) = e.size_limit() {
        return format!("compiled regex exceeds the size limit of {limit} bytes");
    }
    match e.syntax_error() {
        Some(regex_syntax::Error::Parse(p)) => p.kind().to_string(),
        Some(regex_syntax::Error::Translate(t)) => t.kind().to_string(),
        Some(other) => other
            .to_string()
            .lines()
            .last()
            .unwrap_or_default()
            .to_owned(),
        None => e.to_string(),
    }
}

fn syntax_config() -> syntax::Config {
    syntax::Config::new().nest_limit(64)
}

impl RegexBank {
    /// Compiles `patterns`; the error lists each bad pattern with its reason.
    pub(crate) fn build(
        patterns: &[&Pattern],
        size_limit: usize,
    ) -> Result<RegexBank, Vec<(PatternId, String)>> {
        let mut each = Vec::with_capacity(patterns.len());
        let mut errors = Vec::new();
        for p in patterns {
            match Regex::builder()
                .configure(config(size_limit))
                .syntax(syntax_config())
                .build(&p.text)
            {
                Ok(re) => each.push(re),
                Err(e) => errors.push((p.id, describe(&e))),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let texts: Vec<&str> = patterns.iter().map(|p| p.text.as_str()).collect();
        let set = Regex::builder()
            .configure(
                config(size_limit.saturating_mul(patterns.len().max(1))).match_kind(MatchKind::All),
            )
            .syntax(syntax_config())
            .build_many(&texts)
            .map_err(|e| vec![(patterns[0].id, e.to_string())])?;
        Ok(RegexBank {
            set,
            each,
            ids: patterns.iter().map(|p| p.id).collect(),
        })
    }

    pub(crate) fn create_caches(&self) -> RegexCaches {
        RegexCaches {
            set: self.set.create_cache(),
            each: self.each.iter().map(Regex::create_cache).collect(),
            fired: PatternSet::new(self.set.pattern_len()),
        }
    }

    pub(crate) fn memory_usage(&self) -> usize {
        self.set.memory_usage() + self.each.iter().map(Regex::memory_usage).sum::<usize>()
    }

    /// Calls `found` with each non-empty match in `haystack`.
    pub(crate) fn scan(
        &self,
        haystack: &str,
        caches: &mut RegexCaches,
        mut found: impl FnMut(PatternId, usize, usize),
    ) {
        caches.fired.clear();
        self.set.which_overlapping_matches_with(
            &mut caches.set,
            &Input::new(haystack),
            &mut caches.fired,
        );
        for pid in caches.fired.iter() {
            let i = pid.as_usize();
            let (re, cache) = (&self.each[i], &mut caches.each[i]);
            let mut it = Searcher::new(Input::new(haystack));
            while let Some(m) = it.advance(|input| Ok(re.search_with(cache, input))) {
                if !m.is_empty() {
                    found(self.ids[i], m.start(), m.end());
                }
            }
        }
    }
}
