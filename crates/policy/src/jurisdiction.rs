//! Jurisdictions: inheritance checked once, and each rule's action under
//! each jurisdiction precomputed, so judging is a table lookup.

use std::collections::HashMap;

use crate::code::Code;
use crate::diag::{nearest, Diagnostic};
use crate::rule::Rule;
use crate::schema::JurisdictionDef;
use crate::verdict::Action;

/// Name of the jurisdiction used when none is loaded.
pub const DEFAULT_JURISDICTION: &str = "default";

#[derive(Clone, Debug)]
pub(crate) struct Jurisdiction {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) parent: Option<usize>,
    /// `actions[rule]`: the rule's action here.
    pub(crate) actions: Vec<Action>,
}

#[derive(Clone, Debug)]
pub(crate) struct Jurisdictions {
    pub(crate) all: Vec<Jurisdiction>,
}

/// Whether `prefix` is `category` or a dotted prefix of it.
pub(crate) fn is_prefix(prefix: &str, category: &str) -> bool {
    category == prefix
        || (category.starts_with(prefix) && category.as_bytes().get(prefix.len()) == Some(&b'.'))
}

impl Jurisdictions {
    /// Checks parents, cycles and overrides (of `known_ids`, the ids of
    /// every rule read, with errors or not) and resolves every rule's
    /// action.
    pub(crate) fn build(
        defs: Vec<JurisdictionDef>,
        rules: &[Rule],
        known_ids: &[&str],
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Jurisdictions> {
        if defs.is_empty() {
            return Some(Jurisdictions {
                all: vec![Jurisdiction {
                    code: DEFAULT_JURISDICTION.to_owned(),
                    name: "Rules' own actions".to_owned(),
                    parent: None,
                    actions: rules.iter().map(|r| r.action).collect(),
                }],
            });
        }
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut ok = true;
        for (i, d) in defs.iter().enumerate() {
            if let Some(&first) = index.get(d.code.as_str()) {
                let f = &defs[first].loc;
                diags.push(Diagnostic::new(
                    Code::DuplicateJurisdiction,
                    &d.loc,
                    format!("jurisdiction `{}` is defined twice", d.code),
                    Some(format!(
                        "first defined at {}:{}:{}",
                        f.file, f.pos.line, f.pos.col
                    )),
                ));
                ok = false;
            } else {
                index.insert(&d.code, i);
            }
        }
        let mut parents = vec![None; defs.len()];
        for (i, d) in defs.iter().enumerate() {
            if let Some(ext) = &d.extends {
                match index.get(ext.text.as_str()) {
                    Some(&p) => parents[i] = Some(p),
                    None => {
                        let help = nearest(&ext.text, index.keys().copied())
                            .map(|n| format!("did you mean `{n}`?"));
                        diags.push(Diagnostic::new(
                            Code::UnknownParent,
                            &ext.loc,
                            format!("unknown parent jurisdiction `{}`", ext.text),
                            help,
                        ));
                        ok = false;
                    }
                }
            }
        }
        for (i, d) in defs.iter().enumerate() {
            let mut seen = vec![false; defs.len()];
            let mut at = Some(i);
            while let Some(j) = at {
                if seen[j] {
                    if j == i {
                        let loc = d.extends.as_ref().map_or(&d.loc, |e| &e.loc);
                        diags.push(Diagnostic::new(
                            Code::ExtendsCycle,
                            loc,
                            format!("jurisdiction `{}` extends itself through a cycle", d.code),
                            None,
                        ));
                        ok = false;
                    }
                    break;
                }
                seen[j] = true;
                at = parents[j];
            }
        }
        for d in &defs {
            for (id, _) in &d.rules {
                if !known_ids.contains(&id.text.as_str()) {
                    let help = nearest(&id.text, known_ids.iter().copied())
                        .map(|n| format!("did you mean `{n}`?"));
                    diags.push(Diagnostic::new(
                        Code::UnknownOverride,
                        &id.loc,
                        format!(
                            "jurisdiction `{}` overrides unknown rule `{}`",
                            d.code, id.text
                        ),
                        help,
                    ));
                }
            }
        }
        if !ok {
            return None;
        }
        let all = defs
            .iter()
            .enumerate()
            .map(|(i, d)| Jurisdiction {
                code: d.code.clone(),
                name: d.name.clone(),
                parent: parents[i],
                actions: rules
                    .iter()
                    .map(|r| resolve(i, r, &defs, &parents))
                    .collect(),
            })
            .collect();
        Some(Jurisdictions { all })
    }

    pub(crate) fn index_of(&self, code: &str) -> Option<usize> {
        self.all.iter().position(|j| j.code == code)
    }
}

/// SPEC section 5: the rule id entry, then the longest category prefix, in
/// the jurisdiction and then up its `extends` chain; else the rule's own.
fn resolve(j: usize, rule: &Rule, defs: &[JurisdictionDef], parents: &[Option<usize>]) -> Action {
    let mut at = Some(j);
    let mut steps = 0;
    while let Some(k) = at {
        let d = &defs[k];
        if let Some((_, a)) = d.rules.iter().rev().find(|(id, _)| id.text == *rule.id) {
            return *a;
        }
        let best = d
            .actions
            .iter()
            .filter(|(prefix, _)| is_prefix(&prefix.text, &rule.category))
            .max_by_key(|(prefix, _)| prefix.text.len());
        if let Some((_, a)) = best {
            return *a;
        }
        at = parents[k];
        steps += 1;
        if steps > defs.len() {
            break;
        }
    }
    rule.action
}

#[cfg(test)]
mod tests {
    use super::is_prefix;

    #[test]
    fn prefixes_stop_at_dots() {
        assert!(is_prefix("gambling", "gambling.ads"));
        assert!(is_prefix("gambling.ads", "gambling.ads"));
        assert!(!is_prefix("gamb", "gambling.ads"));
        assert!(!is_prefix("gambling.ads.x", "gambling.ads"));
    }
}
