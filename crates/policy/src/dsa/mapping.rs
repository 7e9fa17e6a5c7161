//! The compiled DSA mapping: category mappings by dotted prefix, and per
//! jurisdiction its territorial scope, visibilities and legal grounds
//! (inherited up `extends`), with the load-time check that every category
//! restricted in the EU/EEA is mapped.

use std::collections::BTreeMap;

use crate::code::Code;
use crate::diag::Diagnostic;
use crate::dsa::read::{CategoryMap, DsaDef, LegalGround};
use crate::dsa::values::expand_scope;
use crate::jurisdiction::{is_prefix, Jurisdictions};
use crate::rule::Rule;
use crate::verdict::Verdict;

/// Where a jurisdiction stands under the DSA.
#[derive(Clone, Debug, Default)]
pub(crate) struct JurisdictionDsa {
    /// Member-state codes; empty outside the EU/EEA.
    pub(crate) scope: Vec<&'static str>,
    /// Visibility of held content (default: access disabled).
    pub(crate) held: Vec<String>,
    /// Visibility of flagged content; `None`: flagging restricts nothing.
    pub(crate) flagged: Option<Vec<String>>,
    /// Legal grounds by category prefix: this jurisdiction's first, then
    /// each parent's.
    pub(crate) illegal: Vec<Vec<(String, LegalGround)>>,
}

/// Everything `sor` needs from the rules.
#[derive(Clone, Debug, Default)]
pub(crate) struct Mapping {
    categories: Vec<(String, CategoryMap)>,
    /// By jurisdiction index.
    pub(crate) jurisdictions: Vec<JurisdictionDsa>,
    /// Whether any `dsa:` block was loaded (rule sets without one do not
    /// take part in `sor`, and are not checked for mappings).
    pub(crate) configured: bool,
}

/// The entry of the longest prefix of `category`.
fn longest<'a, T>(entries: &'a [(String, T)], category: &str) -> Option<&'a T> {
    entries
        .iter()
        .filter(|(p, _)| is_prefix(p, category))
        .max_by_key(|(p, _)| p.len())
        .map(|(_, t)| t)
}

impl JurisdictionDsa {
    /// The visibility restriction of `verdict` here, if it is one.
    pub(crate) fn visibility(&self, verdict: Verdict) -> Option<&[String]> {
        match verdict {
            Verdict::Held if !self.scope.is_empty() => Some(&self.held),
            Verdict::Flagged if !self.scope.is_empty() => self.flagged.as_deref(),
            _ => None,
        }
    }

    /// The law named for `category` here or up `extends`.
    pub(crate) fn legal_ground(&self, category: &str) -> Option<&LegalGround> {
        self.illegal
            .iter()
            .find_map(|level| longest(level, category))
    }
}

impl Mapping {
    /// The category mapping of `category` (longest dotted prefix).
    pub(crate) fn category(&self, category: &str) -> Option<&CategoryMap> {
        longest(&self.categories, category)
    }

    /// Compiles the `dsa:` blocks and checks that every category restricted
    /// in an EU/EEA jurisdiction is mapped.
    pub(crate) fn build(
        defs: Vec<DsaDef>,
        jurisdictions: &Jurisdictions,
        rules: &[Rule],
        diags: &mut Vec<Diagnostic>,
    ) -> Mapping {
        let configured = !defs.is_empty();
        let mut categories: Vec<(String, CategoryMap)> = Vec::new();
        let mut own: Vec<Option<DsaDef>> = vec![None; jurisdictions.all.len()];
        for mut def in defs {
            for (prefix, map) in std::mem::take(&mut def.categories) {
                if categories.iter().any(|(p, _)| *p == prefix.text) {
                    let message = format!("DSA category `{}` is mapped twice", prefix.text);
                    diags.push(Diagnostic::new(
                        Code::DuplicateKey,
                        &prefix.loc,
                        message,
                        None,
                    ));
                    continue;
                }
                categories.push((prefix.text, map));
            }
            let index = def
                .jurisdiction
                .as_deref()
                .and_then(|c| jurisdictions.index_of(c));
            if let Some(i) = index {
                own[i] = Some(def);
            }
        }
        let per = (0..jurisdictions.all.len())
            .map(|j| resolve(j, jurisdictions, &own))
            .collect();
        let mapping = Mapping {
            categories,
            jurisdictions: per,
            configured,
        };
        if configured {
            mapping.check(jurisdictions, rules, diags);
        }
        mapping
    }

    /// One error per restricted category without a mapping, at its first
    /// rule.
    fn check(&self, jurisdictions: &Jurisdictions, rules: &[Rule], diags: &mut Vec<Diagnostic>) {
        let mut missing: BTreeMap<&str, (usize, String)> = BTreeMap::new();
        for (j, dsa) in self.jurisdictions.iter().enumerate() {
            for (r, rule) in rules.iter().enumerate() {
                let verdict = jurisdictions.all[j].actions[r].verdict();
                if dsa.visibility(verdict).is_some() && self.category(&rule.category).is_none() {
                    let code = &jurisdictions.all[j].code;
                    missing
                        .entry(&rule.category)
                        .or_insert_with(|| (r, format!("{verdict} in {code}")));
                }
            }
        }
        for (category, (r, how)) in missing {
            diags.push(Diagnostic::new(
                Code::DsaUnmapped,
                &rules[r].loc,
                format!("category `{category}` is restricted in the EU/EEA ({how}) but has no DSA mapping"),
                Some(format!(
                    "map `{category}` or a dotted prefix of it under `dsa: categories:` with `category:` and `terms:`"
                )),
            ));
        }
    }
}

/// Jurisdiction `j`'s DSA standing: scope from its own `scope:` or code;
/// visibilities from the nearest definition up `extends`; legal grounds
/// from every level.
fn resolve(j: usize, jurisdictions: &Jurisdictions, own: &[Option<DsaDef>]) -> JurisdictionDsa {
    let code = &jurisdictions.all[j].code;
    let scope = own[j]
        .as_ref()
        .and_then(|d| d.scope.clone())
        .or_else(|| expand_scope(code))
        .unwrap_or_default();
    let mut out = JurisdictionDsa {
        scope,
        held: vec!["DECISION_VISIBILITY_CONTENT_DISABLED".to_owned()],
        ..JurisdictionDsa::default()
    };
    let (mut held_set, mut flagged_set) = (false, false);
    let mut at = Some(j);
    let mut steps = 0;
    while let Some(k) = at {
        if let Some(def) = &own[k] {
            for (verdict, vis) in &def.visibility {
                match verdict {
                    Verdict::Held if !held_set => {
                        out.held = vis.clone();
                        held_set = true;
                    }
                    Verdict::Flagged if !flagged_set => {
                        out.flagged = Some(vis.clone());
                        flagged_set = true;
                    }
                    _ => {}
                }
            }
            let level = def
                .illegal
                .iter()
                .map(|(t, g)| (t.text.clone(), g.clone()))
                .collect();
            out.illegal.push(level);
        }
        at = jurisdictions.all[k].parent;
        steps += 1;
        if steps > own.len() {
            break;
        }
    }
    out
}
