//! Reading `dsa:` blocks (in pack and jurisdiction files), each value
//! checked against what the Transparency Database accepts.

use crate::code::Code;
use crate::diag::{nearest, Loc};
use crate::dsa::values::{self, chars, expand_scope};
use crate::schema::{find, Reader, Term};
use crate::verdict::Verdict;
use crate::yaml::{Node, Value};

/// How a rule category maps to the database: category, keywords, and the
/// terms-of-service clause used when no law is named.
#[derive(Clone, Debug)]
pub(crate) struct CategoryMap {
    pub(crate) category: String,
    pub(crate) specification: Vec<String>,
    /// `incompatible_content_ground`.
    pub(crate) terms: String,
    pub(crate) explanation: Option<String>,
    pub(crate) url: Option<String>,
}

/// A law a jurisdiction names for a category (`illegal_content_legal_ground`).
#[derive(Clone, Debug)]
pub(crate) struct LegalGround {
    pub(crate) ground: String,
    pub(crate) explanation: Option<String>,
    pub(crate) url: Option<String>,
}

/// One `dsa:` block as written.
#[derive(Clone, Debug, Default)]
pub(crate) struct DsaDef {
    /// The file's jurisdiction code, when it has one.
    pub(crate) jurisdiction: Option<String>,
    pub(crate) categories: Vec<(Term, CategoryMap)>,
    /// Member-state codes (`EU`/`EEA` expanded).
    pub(crate) scope: Option<Vec<&'static str>>,
    pub(crate) visibility: Vec<(Verdict, Vec<String>)>,
    pub(crate) illegal: Vec<(Term, LegalGround)>,
}

const DSA_KEYS: [&str; 4] = ["categories", "scope", "visibility", "illegal"];
const JURISDICTION_ONLY: [&str; 3] = ["scope", "visibility", "illegal"];

impl Reader<'_> {
    /// Reads a `dsa:` block; `jurisdiction` is the file's code, if any.
    pub(crate) fn dsa(&mut self, node: &Node, jurisdiction: Option<&str>) -> DsaDef {
        let mut def = DsaDef {
            jurisdiction: jurisdiction.map(str::to_owned),
            ..DsaDef::default()
        };
        let Some(map) = self.map_of(node, "`dsa`", &DSA_KEYS) else {
            return def;
        };
        for (key, v, pos) in map {
            if jurisdiction.is_none() && JURISDICTION_ONLY.contains(&key) {
                self.error(
                    Code::JurisdictionKeyOutside,
                    pos,
                    format!("`dsa.{key}` belongs to a jurisdiction, but this file has no `jurisdiction:`"),
                    Some("move it to a jurisdiction file, or add `jurisdiction: CODE`".into()),
                );
                continue;
            }
            match key {
                "categories" => def.categories = self.dsa_categories(v),
                "scope" => def.scope = self.dsa_scope(v),
                "visibility" => def.visibility = self.dsa_visibility(v),
                _ => def.illegal = self.dsa_illegal(v),
            }
        }
        def
    }

    /// A value that must be one of `allowed`; reports it otherwise.
    fn dsa_enum(&mut self, term: &Term, allowed: &[&str], field: &str) -> bool {
        if allowed.contains(&term.text.as_str()) {
            return true;
        }
        let help = nearest(&term.text, allowed.iter().copied()).map_or_else(
            || format!("allowed: {}", allowed.join(", ")),
            |n| format!("did you mean `{n}`?"),
        );
        self.error(
            Code::DsaValue,
            term.loc.pos,
            format!("`{}` is not a `{field}` of the DSA database", term.text),
            Some(help),
        );
        false
    }

    /// A free text of at most `max` characters, not empty.
    fn dsa_text(&mut self, node: &Node, what: &str, max: usize) -> Option<String> {
        let text = self.str_of(node, what)?;
        if text.trim().is_empty() || chars(&text) > max {
            self.error(
                Code::DsaValue,
                node.pos,
                format!(
                    "{what} must hold 1 to {max} characters, found {}",
                    chars(&text)
                ),
                None,
            );
            return None;
        }
        Some(text)
    }

    fn dsa_url(&mut self, node: &Node) -> Option<String> {
        let url = self.dsa_text(node, "`url`", values::MAX_GROUND)?;
        if url.starts_with("https://") || url.starts_with("http://") {
            return Some(url);
        }
        self.error(
            Code::DsaValue,
            node.pos,
            format!("`url` must be an http(s) URL, found `{url}`"),
            None,
        );
        None
    }

    fn dsa_categories(&mut self, node: &Node) -> Vec<(Term, CategoryMap)> {
        let mut out = Vec::new();
        let Some(map) = self.map_of(node, "`dsa.categories`", &[]) else {
            return out;
        };
        for (prefix, v, pos) in map {
            let keys = ["category", "specification", "terms", "explanation", "url"];
            let Some(fields) = self.map_of(v, "a DSA category mapping", &keys) else {
                continue;
            };
            let get = |k: &str| find(&fields, k).map(|(n, _)| n);
            // A bad value is reported and still kept: the load fails on
            // it, and the prefix counts as mapped (no second error).
            let category = get("category").and_then(|n| {
                let term = Term {
                    text: self.str_of(n, "`category`")?,
                    loc: self.loc(n.pos),
                };
                self.dsa_enum(&term, values::CATEGORIES, "category");
                Some(term.text)
            });
            let specification: Vec<String> = get("specification")
                .map(|n| self.terms_of(n, "`specification`"))
                .unwrap_or_default()
                .into_iter()
                .filter(|t| self.dsa_enum(t, values::SPECIFICATIONS, "category_specification"))
                .map(|t| t.text)
                .collect();
            let terms = get("terms").map(|n| {
                self.dsa_text(n, "`terms`", values::MAX_GROUND)
                    .unwrap_or_default()
            });
            let explanation = get("explanation")
                .and_then(|n| self.dsa_text(n, "`explanation`", values::MAX_EXPLANATION));
            let url = get("url").and_then(|n| self.dsa_url(n));
            for key in ["category", "terms"] {
                if get(key).is_none() {
                    let message = format!("DSA category mapping `{prefix}` has no `{key}`");
                    self.error(Code::MissingKey, pos, message, None);
                }
            }
            let term = Term {
                text: prefix.to_owned(),
                loc: self.loc(pos),
            };
            out.push((
                term,
                CategoryMap {
                    category: category.unwrap_or_default(),
                    specification,
                    terms: terms.unwrap_or_default(),
                    explanation,
                    url,
                },
            ));
        }
        out
    }

    fn dsa_scope(&mut self, node: &Node) -> Option<Vec<&'static str>> {
        let mut out = Vec::new();
        for term in self.terms_of(node, "`dsa.scope`") {
            match expand_scope(&term.text) {
                Some(codes) => out.extend(codes),
                None => self.error(
                    Code::DsaValue,
                    term.loc.pos,
                    format!("`{}` is not in the EU or EEA", term.text),
                    Some("use EU, EEA or a member state's ISO 3166-1 code (GR for Greece)".into()),
                ),
            }
        }
        out.sort_unstable();
        out.dedup();
        (!out.is_empty()).then_some(out)
    }

    fn dsa_visibility(&mut self, node: &Node) -> Vec<(Verdict, Vec<String>)> {
        let mut out = Vec::new();
        let Some(map) = self.map_of(node, "`dsa.visibility`", &["held", "flagged"]) else {
            return out;
        };
        for (key, v, pos) in map {
            let written = self.terms_of(v, "a visibility");
            let empty = written.is_empty();
            let terms: Vec<String> = written
                .into_iter()
                .filter(|t| self.dsa_enum(t, values::VISIBILITIES, "decision_visibility"))
                .map(|t| t.text)
                .collect();
            if empty {
                let message = format!("`dsa.visibility.{key}` needs at least one value");
                self.error(Code::DsaValue, pos, message, None);
                continue;
            }
            let verdict = if key == "held" {
                Verdict::Held
            } else {
                Verdict::Flagged
            };
            out.push((verdict, terms));
        }
        out
    }

    fn dsa_illegal(&mut self, node: &Node) -> Vec<(Term, LegalGround)> {
        let mut out = Vec::new();
        let Some(map) = self.map_of(node, "`dsa.illegal`", &[]) else {
            return out;
        };
        for (prefix, v, pos) in map {
            let ground = match &v.value {
                Value::Map(_) => {
                    let keys = ["ground", "explanation", "url"];
                    let Some(fields) = self.map_of(v, "a legal ground", &keys) else {
                        continue;
                    };
                    let get = |k: &str| find(&fields, k).map(|(n, _)| n);
                    let Some(g) = get("ground") else {
                        let message = format!("legal ground `{prefix}` has no `ground`");
                        self.error(Code::MissingKey, pos, message, None);
                        continue;
                    };
                    let ground = self.dsa_text(g, "`ground`", values::MAX_GROUND);
                    let explanation = get("explanation")
                        .and_then(|n| self.dsa_text(n, "`explanation`", values::MAX_EXPLANATION));
                    let url = get("url").and_then(|n| self.dsa_url(n));
                    ground.map(|ground| LegalGround {
                        ground,
                        explanation,
                        url,
                    })
                }
                _ => self
                    .dsa_text(v, "a legal ground", values::MAX_GROUND)
                    .map(|ground| LegalGround {
                        ground,
                        explanation: None,
                        url: None,
                    }),
            };
            if let Some(ground) = ground {
                let loc: Loc = self.loc(pos);
                out.push((
                    Term {
                        text: prefix.to_owned(),
                        loc,
                    },
                    ground,
                ));
            }
        }
        out
    }
}
