//! Warnings: rules that load but probably do not do what was meant.

use std::collections::HashMap;

use redline_matcher::{normalize, Pattern, PatternKind};

use crate::code::Code;
use crate::diag::{Diagnostic, Loc};
use crate::engine::Inner;
use crate::rule::Rule;

/// Everyday words a keyword should not hit; one a line.
const COMMON_WORDS: &str = include_str!("common_words.txt");

/// Which rules use each pattern, to honour their `allow:`.
struct Users<'a> {
    rules: &'a [Rule],
    of: Vec<Vec<usize>>,
}

impl Users<'_> {
    /// Whether every rule using pattern `p` allows `code` (a term shared
    /// by rules keeps its warning while one of them wants it).
    fn allow(&self, p: usize, code: Code) -> bool {
        let users = &self.of[p];
        !users.is_empty() && users.iter().all(|&r| self.rules[r].allow.contains(&code))
    }
}

/// Adds warnings: `W001` one-letter keywords, `W002` rules shadowed by an
/// identical earlier rule, `W003` terms that alone fire a rule and match
/// everyday words; a warning is left out where the rules concerned
/// `allow:` it.
pub(crate) fn lint(inner: &Inner, patterns: &[Pattern], locs: &[Loc], diags: &mut Vec<Diagnostic>) {
    let mut of = vec![Vec::new(); patterns.len()];
    for (ri, r) in inner.rules.iter().enumerate() {
        let mut used = Vec::new();
        r.cond.all_patterns(&mut used);
        if let Some(u) = &r.unless {
            u.all_patterns(&mut used);
        }
        used.sort_unstable();
        used.dedup();
        for p in used {
            of[p as usize].push(ri);
        }
    }
    let users = Users {
        rules: &inner.rules,
        of,
    };
    for (i, (p, loc)) in patterns.iter().zip(locs).enumerate() {
        if p.kind() == PatternKind::Regex || users.allow(i, Code::SingleLetter) {
            continue;
        }
        let folded = normalize(p.text());
        let s = folded.as_str();
        if s.chars().count() == 1 && s.chars().all(|c| c.is_ascii_alphabetic()) {
            diags.push(Diagnostic::new(
                Code::SingleLetter,
                loc,
                format!(
                    "term `{}` is a single letter and will match very often",
                    p.text()
                ),
                Some("use a longer term or a regex with context".into()),
            ));
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, r) in inner.rules.iter().enumerate() {
        let key = format!("{:?}|{:?}|{:?}|{:?}", r.cond, r.unless, r.when, r.fields);
        match seen.get(&key) {
            Some(_) if r.allow.contains(&Code::ShadowedRule) => {}
            Some(&first) => {
                let f = &inner.rules[first];
                diags.push(Diagnostic::new(
                    Code::ShadowedRule,
                    &r.loc,
                    format!("rule `{}` fires exactly when `{}` does", r.id, f.id),
                    Some(format!(
                        "`{}` is at {}:{}:{}; merge them or tell them apart",
                        f.id, f.loc.file, f.loc.pos.line, f.loc.pos.col
                    )),
                ));
            }
            None => {
                seen.insert(key, i);
            }
        }
    }
    // Only terms that fire a rule on their own (no context term, no
    // `unless`) are worth a warning for hitting an everyday word.
    let mut alone = vec![false; patterns.len()];
    for r in inner
        .rules
        .iter()
        .filter(|r| r.unless.is_none() && r.when.is_empty())
    {
        let mut positive = Vec::new();
        r.cond.positive_patterns(&mut positive);
        for p in positive {
            alone[p as usize] |= r.cond.fires_alone(p);
        }
    }
    let mut scratch = inner.matcher.create_scratch();
    let mut found = Vec::new();
    let mut warned = vec![false; patterns.len()];
    for word in COMMON_WORDS
        .lines()
        .map(str::trim)
        .filter(|w| !w.is_empty() && !w.starts_with('#'))
    {
        inner.matcher.scan(word, &mut scratch, &mut found);
        for m in &found {
            let i = m.pattern().0 as usize;
            if patterns[i].kind() == PatternKind::Regex
                || warned[i]
                || !alone[i]
                || users.allow(i, Code::EverydayWord)
            {
                continue;
            }
            warned[i] = true;
            diags.push(Diagnostic::new(
                Code::EverydayWord,
                &locs[i],
                format!(
                    "term `{}` matches the everyday word `{word}`",
                    patterns[i].text()
                ),
                Some(
                    "make the term more specific, or add an `unless:` for the innocent use".into(),
                ),
            ));
        }
    }
}
