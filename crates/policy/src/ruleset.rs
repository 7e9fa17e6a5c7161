//! The rule-set fingerprint (SPEC section 10): the first 16 hex digits of
//! a SHA-256 over the loaded rules in a canonical form, so a decision says
//! which rules judged it.
//!
//! Canonical form: each YAML document as JSON with sorted keys (so key
//! order, comments, quoting style and file names do not count, while every
//! field written does: descriptions, tests, `dsa:` blocks...); a `file:`
//! condition replaced by the terms of its file, as the matcher reads them
//! (so a term file counts by its content, not its path); the documents
//! sorted, so the order of files and of documents does not count either.
//! The built-in rules and `--rules rules/` give the same value.

use serde_json::Value as Json;
use sha2::{Digest, Sha256};

use crate::schema::to_json;
use crate::yaml::Node;

/// Collects the canonical documents of a rule set.
#[derive(Debug, Default)]
pub(crate) struct Fingerprint {
    documents: Vec<String>,
}

impl Fingerprint {
    /// Adds one YAML document; `term_file` reads a `file:` condition's
    /// file (relative to the document's file) or gives `None`.
    pub(crate) fn add(&mut self, doc: &Node, term_file: &dyn Fn(&str) -> Option<String>) {
        let mut json = to_json(doc);
        if json.is_null() {
            return;
        }
        if let Some(Json::Array(rules)) = json.get_mut("rules") {
            for rule in rules.iter_mut().filter_map(Json::as_object_mut) {
                for key in ["match", "unless"] {
                    if let Some(cond) = rule.get_mut(key) {
                        inline_term_files(cond, term_file);
                    }
                }
            }
        }
        self.documents.push(json.to_string());
    }

    /// The fingerprint: 16 lower-case hex digits.
    pub(crate) fn finish(mut self) -> String {
        self.documents.sort_unstable();
        let mut hasher = Sha256::new();
        for doc in &self.documents {
            // Length-prefixed, so documents cannot run into each other.
            hasher.update((doc.len() as u64).to_le_bytes());
            hasher.update(doc.as_bytes());
        }
        hasher
            .finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Replaces `file: PATH` in a condition (and its sub-conditions) by the
/// file's terms; an unreadable file keeps its path (the load fails anyway).
fn inline_term_files(cond: &mut Json, term_file: &dyn Fn(&str) -> Option<String>) {
    let Some(map) = cond.as_object_mut() else {
        return;
    };
    if let Some(Json::String(path)) = map.get("file") {
        if let Some(text) = term_file(path) {
            let terms = term_lines(&text).map(|(_, t)| Json::from(t)).collect();
            map.insert("file".to_owned(), Json::Array(terms));
        }
    }
    for key in ["any", "all"] {
        if let Some(Json::Array(subs)) = map.get_mut(key) {
            subs.iter_mut()
                .for_each(|c| inline_term_files(c, term_file));
        }
    }
    if let Some(sub) = map.get_mut("not") {
        inline_term_files(sub, term_file);
    }
}

/// The terms of a term file with their 0-based line numbers: one a line,
/// trimmed; blank lines and `#` comments skipped.
pub(crate) fn term_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{parse, YamlLimits};

    fn fingerprint(files: &[&str], term: Option<&str>) -> String {
        let mut f = Fingerprint::default();
        let limits = YamlLimits {
            max_nodes: 10_000,
            max_depth: 64,
        };
        for text in files {
            for doc in parse(text, limits).expect("valid YAML") {
                f.add(&doc, &|_| term.map(str::to_owned));
            }
        }
        f.finish()
    }

    const PACK: &str = "pack: p\nrules:\n  - id: a.b  # comment\n    description: x\n    match: {keywords: [cocaine]}\n";
    const JUR: &str = "jurisdiction: DE\nactions: {a: hold}\n";

    #[test]
    fn ignores_comments_key_order_and_document_order() {
        let base = fingerprint(&[PACK, JUR], None);
        assert_eq!(base.len(), 16);
        assert!(base.bytes().all(|b| b.is_ascii_hexdigit()));
        let reordered =
            "rules:\n  - match: {keywords: [cocaine]}\n    description: x\n    id: a.b\npack: p\n";
        assert_eq!(fingerprint(&[JUR, reordered], None), base);
        assert_ne!(
            fingerprint(&[&PACK.replace("x\n", "y\n"), JUR], None),
            base,
            "a description counts"
        );
    }

    #[test]
    fn term_files_count_by_their_terms() {
        let pack = "rules:\n  - id: a\n    match: {any: [{not: {file: t.txt}}]}\n";
        let a = fingerprint(&[pack], Some("# c\ncocaine\n\n heroin \n"));
        assert_eq!(fingerprint(&[pack], Some("cocaine\nheroin")), a);
        assert_ne!(fingerprint(&[pack], Some("cocaine\nheroine")), a);
    }
}
