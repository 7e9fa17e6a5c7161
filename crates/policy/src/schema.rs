//! Rule sources as written: YAML nodes read into definitions, with every
//! problem collected as a diagnostic instead of stopping at the first.

use redline_matcher::Evasions;
use serde_json::Value as Json;

use crate::code::{Code, Severity};
use crate::diag::{nearest, Diagnostic, Loc};
use crate::verdict::{Action, RuleSeverity};
use crate::yaml::{Node, Pos, Value};

/// A term and where it was written.
#[derive(Clone, Debug)]
pub(crate) struct Term {
    pub(crate) text: String,
    pub(crate) loc: Loc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum TermKind {
    Keyword,
    Substring,
}

#[derive(Clone, Debug)]
pub(crate) enum TermSource {
    Inline(Vec<Term>),
    List(Term),
    File(Term),
}

#[derive(Clone, Debug)]
pub(crate) enum Cond {
    Terms {
        kind: TermKind,
        source: TermSource,
        min_matches: usize,
        pinyin: bool,
        normalize: bool,
        evasions: Evasions,
    },
    Regex {
        patterns: Vec<Term>,
        normalize: bool,
    },
    Any(Vec<Cond>),
    All(Vec<Cond>),
    Not(Box<Cond>),
    Near {
        groups: Vec<Vec<Term>>,
        within: u32,
    },
}

/// Options that may stand beside `keywords`, `substrings`, `list` or `file`
/// (`regex` takes only `normalize`).
const TERM_OPTIONS: [&str; 9] = [
    "min_matches",
    "pinyin",
    "normalize",
    "inflections",
    "compounds",
    "sounds_like",
    "homophones",
    "initials",
    "split",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Exists,
}

const OPS: [(&str, Op); 9] = [
    ("eq", Op::Eq),
    ("ne", Op::Ne),
    ("lt", Op::Lt),
    ("le", Op::Le),
    ("gt", Op::Gt),
    ("ge", Op::Ge),
    ("in", Op::In),
    ("not_in", Op::NotIn),
    ("exists", Op::Exists),
];

#[derive(Clone, Debug)]
pub(crate) struct Predicate {
    pub(crate) path: String,
    pub(crate) op: Op,
    pub(crate) value: Json,
}

#[derive(Clone, Debug)]
pub(crate) struct TestCase {
    pub(crate) expect_match: bool,
    pub(crate) post: Json,
    pub(crate) loc: Loc,
}

#[derive(Clone, Debug)]
pub(crate) struct RuleDef {
    pub(crate) id: String,
    pub(crate) category: String,
    pub(crate) severity: RuleSeverity,
    pub(crate) action: Action,
    pub(crate) description: String,
    pub(crate) fields: Vec<String>,
    /// `None` when `match` is missing or broken (its errors are reported).
    pub(crate) cond: Option<Cond>,
    pub(crate) unless: Option<Cond>,
    pub(crate) when: Vec<Predicate>,
    pub(crate) tests: Vec<TestCase>,
    /// Warnings silenced for this rule (`allow: [W003]`).
    pub(crate) allow: Vec<Code>,
    /// Pack the rule belongs to (its named lists).
    pub(crate) pack: String,
    pub(crate) loc: Loc,
}

#[derive(Clone, Debug)]
pub(crate) struct JurisdictionDef {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) extends: Option<Term>,
    pub(crate) actions: Vec<(Term, Action)>,
    pub(crate) rules: Vec<(Term, Action)>,
    pub(crate) loc: Loc,
}

/// Everything read from one rule source.
#[derive(Clone, Debug, Default)]
pub(crate) struct SourceDefs {
    pub(crate) pack: String,
    pub(crate) lists: Vec<(Term, Vec<Term>)>,
    pub(crate) rules: Vec<RuleDef>,
    pub(crate) jurisdictions: Vec<JurisdictionDef>,
    /// The file's `dsa:` block.
    pub(crate) dsa: Option<crate::dsa::DsaDef>,
}

pub(crate) const DEFAULT_FIELDS: [&str; 3] = ["title", "text", "hashtags"];

const TOP_KEYS: [&str; 9] = [
    "pack",
    "dsa",
    "description",
    "lists",
    "rules",
    "jurisdiction",
    "name",
    "extends",
    "actions",
];
const RULE_KEYS: [&str; 14] = [
    "id",
    "category",
    "severity",
    "action",
    "description",
    "rationale",
    "status",
    "fields",
    "match",
    "unless",
    "when",
    "tests",
    "tags",
    "allow",
];
const COND_KEYS: [&str; 8] = [
    "keywords",
    "substrings",
    "list",
    "file",
    "regex",
    "any",
    "all",
    "not",
];
const COND_ALL_KEYS: [&str; 18] = [
    "keywords",
    "substrings",
    "list",
    "file",
    "regex",
    "any",
    "all",
    "not",
    "near",
    "min_matches",
    "pinyin",
    "normalize",
    "inflections",
    "compounds",
    "sounds_like",
    "homophones",
    "initials",
    "split",
];

/// Reads nodes of one file, collecting diagnostics.
pub(crate) struct Reader<'a> {
    pub(crate) file: &'a str,
    pub(crate) diags: &'a mut Vec<Diagnostic>,
    pub(crate) max_depth: usize,
}

/// A valid id close to `id`, if one can be made.
fn suggest_id(id: &str) -> Option<String> {
    let s: String = id
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_start_matches(['.', '_', '-']).to_owned();
    is_rule_id(&s).then_some(s)
}

fn is_rule_id(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-'))
}

impl Reader<'_> {
    pub(crate) fn loc(&self, pos: Pos) -> Loc {
        Loc {
            file: self.file.to_owned(),
            pos,
        }
    }

    pub(crate) fn error(&mut self, code: Code, pos: Pos, message: String, help: Option<String>) {
        let loc = self.loc(pos);
        self.diags.push(Diagnostic::new(code, &loc, message, help));
    }

    fn wrong_type(&mut self, node: &Node, what: &str, expected: &str) {
        let found = node.value.type_name();
        self.error(
            Code::WrongType,
            node.pos,
            format!("{what} must be {expected}, found {found}"),
            None,
        );
    }

    pub(crate) fn str_of(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                self.wrong_type(node, what, "a string");
                None
            }
        }
    }

    pub(crate) fn map_of<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        known: &[&str],
    ) -> Option<Vec<(&'n str, &'n Node, Pos)>> {
        let Value::Map(pairs) = &node.value else {
            self.wrong_type(node, what, "a mapping");
            return None;
        };
        let mut out: Vec<(&str, &Node, Pos)> = Vec::new();
        for (k, v) in pairs {
            let Value::Str(key) = &k.value else {
                self.wrong_type(k, "a key", "a string");
                continue;
            };
            if !known.is_empty() && !known.contains(&key.as_str()) {
                let help =
                    nearest(key, known.iter().copied()).map(|n| format!("did you mean `{n}`?"));
                let help = help.or_else(|| Some(format!("known keys: {}", known.join(", "))));
                self.error(
                    Code::UnknownKey,
                    k.pos,
                    format!("unknown key `{key}` in {what}"),
                    help,
                );
                continue;
            }
            if out.iter().any(|(seen, _, _)| seen == key) {
                self.error(
                    Code::DuplicateKey,
                    k.pos,
                    format!("duplicate key `{key}` in {what}"),
                    None,
                );
                continue;
            }
            out.push((key.as_str(), v, k.pos));
        }
        Some(out)
    }

    pub(crate) fn terms_of(&mut self, node: &Node, what: &str) -> Vec<Term> {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Str(_) => vec![node],
            _ => {
                self.wrong_type(node, what, "a list of strings");
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for item in items {
            if let Some(text) = self.str_of(item, what) {
                if text.trim().is_empty() {
                    self.error(
                        Code::EmptyTerm,
                        item.pos,
                        format!("empty term in {what}"),
                        None,
                    );
                    continue;
                }
                out.push(Term {
                    text,
                    loc: self.loc(item.pos),
                });
            }
        }
        out
    }

    fn bool_of(&mut self, node: &Node, what: &str) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong_type(node, what, "true or false");
                None
            }
        }
    }

    fn uint_of(&mut self, node: &Node, what: &str) -> Option<u32> {
        match node.value {
            Value::Int(i) if (0..=i64::from(u32::MAX)).contains(&i) => Some(i as u32),
            _ => {
                self.wrong_type(node, what, "a whole number of zero or more");
                None
            }
        }
    }

    /// Reads one source document.
    pub(crate) fn document(&mut self, node: &Node, default_pack: &str) -> SourceDefs {
        let mut defs = SourceDefs {
            pack: default_pack.to_owned(),
            ..SourceDefs::default()
        };
        if matches!(node.value, Value::Null) {
            return defs;
        }
        let Some(map) = self.map_of(node, "a rules file", &TOP_KEYS) else {
            return defs;
        };
        let get = |k: &str| find(&map, k);
        if let Some((n, _)) = get("pack") {
            if let Some(p) = self.str_of(n, "`pack`") {
                defs.pack = p;
            }
        }
        if let Some((n, _)) = get("lists") {
            if let Some(lists) = self.map_of(n, "`lists`", &[]) {
                for (name, v, pos) in lists {
                    let terms = self.terms_of(v, "a list");
                    defs.lists.push((
                        Term {
                            text: name.to_owned(),
                            loc: self.loc(pos),
                        },
                        terms,
                    ));
                }
            }
        }
        let jurisdiction = get("jurisdiction");
        match get("rules") {
            Some((
                n @ Node {
                    value: Value::Seq(items),
                    ..
                },
                _,
            )) => {
                let _ = n;
                for item in items {
                    if let Some(rule) = self.rule(item, &defs.pack) {
                        defs.rules.push(rule);
                    }
                }
            }
            Some((
                n @ Node {
                    value: Value::Map(_),
                    ..
                },
                _,
            )) if jurisdiction.is_some() => {
                let _ = n;
            }
            Some((n, _)) if jurisdiction.is_none() => {
                self.wrong_type(n, "`rules`", "a list of rules")
            }
            Some((n, _)) => self.wrong_type(
                n,
                "`rules`",
                "a list of rules or a mapping of rule ids to actions",
            ),
            None => {}
        }
        if let Some((n, _)) = get("dsa") {
            let code = jurisdiction.and_then(|(c, _)| match &c.value {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            });
            defs.dsa = Some(self.dsa(n, code.as_deref()));
        }
        if let Some((code_node, pos)) = jurisdiction {
            if let Some(j) = self.jurisdiction(code_node, pos, &map) {
                defs.jurisdictions.push(j);
            }
        } else {
            for key in ["name", "extends", "actions"] {
                if let Some((_, pos)) = get(key) {
                    self.error(
                        Code::JurisdictionKeyOutside,
                        pos,
                        format!("`{key}` belongs to a jurisdiction, but this file has no `jurisdiction:`"),
                        Some("add `jurisdiction: CODE` or remove the key".into()),
                    );
                }
            }
        }
        defs
    }

    fn actions_of(&mut self, node: &Node, what: &str) -> Vec<(Term, Action)> {
        let mut out = Vec::new();
        if let Some(map) = self.map_of(node, what, &[]) {
            for (key, v, pos) in map {
                if let Some(action) = self.action_of(v) {
                    out.push((
                        Term {
                            text: key.to_owned(),
                            loc: self.loc(pos),
                        },
                        action,
                    ));
                }
            }
        }
        out
    }

    fn jurisdiction(
        &mut self,
        code_node: &Node,
        pos: Pos,
        map: &[(&str, &Node, Pos)],
    ) -> Option<JurisdictionDef> {
        let get = |k: &str| find(map, k);
        let code = self.str_of(code_node, "`jurisdiction`");
        let valid = code.as_ref().is_some_and(|code| {
            !code.is_empty()
                && code
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
        if let (Some(code), false) = (&code, valid) {
            self.error(
                Code::BadJurisdictionCode,
                code_node.pos,
                format!("jurisdiction code `{code}` must be letters, digits, `-` or `_`"),
                None,
            );
        }
        // The rest is read whatever the code, for its own errors.
        let code = code.unwrap_or_default();
        let name = get("name")
            .and_then(|(n, _)| self.str_of(n, "`name`"))
            .unwrap_or_else(|| code.clone());
        let extends = get("extends").and_then(|(n, _)| {
            self.str_of(n, "`extends`").map(|text| Term {
                text,
                loc: self.loc(n.pos),
            })
        });
        let actions = get("actions")
            .map(|(n, _)| self.actions_of(n, "`actions`"))
            .unwrap_or_default();
        let rules = match get("rules") {
            Some((
                n @ Node {
                    value: Value::Map(_),
                    ..
                },
                _,
            )) => self.actions_of(n, "jurisdiction `rules`"),
            _ => Vec::new(),
        };
        valid.then_some(JurisdictionDef {
            code,
            name,
            extends,
            actions,
            rules,
            loc: self.loc(pos),
        })
    }

    fn action_of(&mut self, node: &Node) -> Option<Action> {
        let s = self.str_of(node, "an action")?;
        match Action::parse(&s) {
            Some(a) => Some(a),
            None => {
                let help = nearest(&s, Action::NAMES).map_or_else(
                    || "use one of: allow, flag, hold".to_owned(),
                    |n| format!("did you mean `{n}`?"),
                );
                self.error(
                    Code::UnknownAction,
                    node.pos,
                    format!("unknown action `{s}`"),
                    Some(help),
                );
                None
            }
        }
    }

    fn rule(&mut self, node: &Node, pack: &str) -> Option<RuleDef> {
        let map = self.map_of(node, "a rule", &RULE_KEYS)?;
        let get = |k: &str| map.iter().find(|(key, _, _)| *key == k).map(|(_, v, _)| *v);
        let id = match get("id") {
            Some(n) => self.str_of(n, "`id`").unwrap_or_default(),
            None => {
                self.error(Code::MissingKey, node.pos, "rule has no `id`".into(), None);
                String::new()
            }
        };
        if !id.is_empty() && !is_rule_id(&id) {
            let pos = get("id").map_or(node.pos, |n| n.pos);
            self.error(
                Code::BadRuleId,
                pos,
                format!("rule id `{id}` must match [a-z0-9][a-z0-9._-]*"),
                suggest_id(&id).map(|s| format!("try `{s}`")),
            );
        }
        let category = get("category")
            .and_then(|n| self.str_of(n, "`category`"))
            .unwrap_or_else(|| id.clone());
        let severity = match get("severity") {
            Some(n) => {
                let s = self.str_of(n, "`severity`").unwrap_or_default();
                RuleSeverity::parse(&s).unwrap_or_else(|| {
                    let help = nearest(&s, RuleSeverity::NAMES).map_or_else(
                        || "use one of: low, medium, high, critical".to_owned(),
                        |n| format!("did you mean `{n}`?"),
                    );
                    self.error(
                        Code::UnknownSeverity,
                        n.pos,
                        format!("unknown severity `{s}`"),
                        Some(help),
                    );
                    RuleSeverity::Medium
                })
            }
            None => RuleSeverity::Medium,
        };
        let action = get("action")
            .and_then(|n| self.action_of(n))
            .unwrap_or(Action::Flag);
        let description = get("description")
            .and_then(|n| self.str_of(n, "`description`"))
            .unwrap_or_default();
        for key in ["rationale", "status"] {
            if let Some(n) = get(key) {
                self.str_of(n, &format!("`{key}`"));
            }
        }
        let fields = match get("fields") {
            Some(n) => {
                let fields: Vec<String> = self
                    .terms_of(n, "`fields`")
                    .into_iter()
                    .map(|t| t.text)
                    .collect();
                if fields.is_empty() {
                    self.error(
                        Code::NoFields,
                        n.pos,
                        "`fields` must name at least one field".into(),
                        None,
                    );
                }
                fields
            }
            None => DEFAULT_FIELDS.iter().map(|s| s.to_string()).collect(),
        };
        let cond = match get("match") {
            Some(n) => self.cond(n, 0),
            None => {
                self.error(
                    Code::MissingKey,
                    get("id").map_or(node.pos, |n| n.pos),
                    format!("rule `{id}` has no `match`"),
                    None,
                );
                None
            }
        };
        let unless = get("unless").and_then(|n| self.cond(n, 0));
        let when = get("when").map(|n| self.when(n)).unwrap_or_default();
        let tests = get("tests").map(|n| self.tests(n)).unwrap_or_default();
        let allow = get("allow").map(|n| self.allow(n)).unwrap_or_default();
        // A rule with errors is still returned, with what of it could be
        // read, so later checks (lists, regexes, duplicate ids) report
        // theirs too; the errors already recorded fail the build.
        Some(RuleDef {
            id,
            category,
            severity,
            action,
            description,
            fields,
            cond,
            unless,
            when,
            tests,
            allow,
            pack: pack.to_owned(),
            loc: self.loc(get("id").map_or(node.pos, |n| n.pos)),
        })
    }

    /// The warning codes of a rule's `allow:`.
    fn allow(&mut self, node: &Node) -> Vec<Code> {
        let mut out = Vec::new();
        for term in self.terms_of(node, "`allow`") {
            match Code::parse(&term.text).filter(|c| c.severity() == Severity::Warning) {
                Some(code) => out.push(code),
                None => {
                    let warnings = Code::ALL
                        .iter()
                        .filter(|c| c.severity() == Severity::Warning)
                        .map(|c| c.as_str());
                    let help = nearest(&term.text, warnings).map_or_else(
                        || "only warnings (`W0xx`) can be allowed".to_owned(),
                        |n| format!("did you mean `{n}`?"),
                    );
                    let message = format!("`{}` is not a warning code", term.text);
                    self.error(Code::NotAWarning, term.loc.pos, message, Some(help));
                }
            }
        }
        out
    }

    fn cond(&mut self, node: &Node, depth: usize) -> Option<Cond> {
        if depth > self.max_depth {
            self.error(
                Code::TooDeep,
                node.pos,
                format!(
                    "conditions nest deeper than the limit of {}",
                    self.max_depth
                ),
                None,
            );
            return None;
        }
        let map = self.map_of(node, "a condition", &COND_ALL_KEYS)?;
        let get = |k: &str| map.iter().find(|(key, _, _)| *key == k).map(|(_, v, _)| *v);
        let primary: Vec<&str> = map
            .iter()
            .map(|(k, _, _)| *k)
            .filter(|k| COND_KEYS.contains(k) || *k == "near")
            .collect();
        let unknown_key = matches!(&node.value, Value::Map(pairs)
            if pairs.iter().any(|(k, _)| !matches!(&k.value, Value::Str(s) if COND_ALL_KEYS.contains(&s.as_str()))));
        if primary.is_empty() && unknown_key {
            return None;
        }
        if primary.len() != 1 {
            let message = if primary.is_empty() {
                "a condition needs one of: keywords, substrings, list, file, regex, any, all, not, near".to_owned()
            } else {
                format!(
                    "a condition takes one of its kinds, found {}",
                    primary.join(", ")
                )
            };
            let help =
                (!primary.is_empty()).then(|| "combine several with `any:` or `all:`".into());
            self.error(Code::ConditionKind, node.pos, message, help);
            return self.each_kind_alone(node, &primary, depth);
        }
        let kind = primary[0];
        let options: Vec<&str> = map
            .iter()
            .map(|(k, _, _)| *k)
            .filter(|k| TERM_OPTIONS.contains(k))
            .collect();
        let allowed: &[&str] = match kind {
            "keywords" | "substrings" | "list" | "file" => &TERM_OPTIONS,
            "regex" => &["normalize"],
            _ => &[],
        };
        for opt in &options {
            if !allowed.contains(opt) {
                let pos = map
                    .iter()
                    .find(|(k, _, _)| k == opt)
                    .map_or(node.pos, |(_, _, p)| *p);
                self.error(
                    Code::OptionNotHere,
                    pos,
                    format!("`{opt}` cannot stand beside `{kind}`"),
                    None,
                );
            }
        }
        let min_matches = get("min_matches")
            .and_then(|n| self.uint_of(n, "`min_matches`"))
            .unwrap_or(1)
            .max(1) as usize;
        let pinyin = get("pinyin")
            .and_then(|n| self.bool_of(n, "`pinyin`"))
            .unwrap_or(false);
        let normalize = get("normalize").and_then(|n| self.bool_of(n, "`normalize`"));
        let mut flag = |name: &str, default: bool| {
            get(name)
                .and_then(|n| self.bool_of(n, &format!("`{name}`")))
                .unwrap_or(default)
        };
        // Absent options keep the matcher's defaults (inflections on).
        let mut evasions = Evasions::default();
        evasions.inflections = flag("inflections", evasions.inflections);
        evasions.compounds = flag("compounds", evasions.compounds);
        evasions.sounds_like = flag("sounds_like", evasions.sounds_like);
        evasions.homophones = flag("homophones", evasions.homophones);
        evasions.initials = flag("initials", evasions.initials);
        evasions.split = flag("split", evasions.split);
        let body = get(kind)?;
        let terms = |_: &mut Self, kind: TermKind, source: TermSource| Cond::Terms {
            kind,
            source,
            min_matches,
            pinyin,
            normalize: normalize.unwrap_or(true),
            evasions,
        };
        let single = |r: &mut Self, what: &str| {
            r.str_of(body, what).map(|text| Term {
                text,
                loc: r.loc(body.pos),
            })
        };
        Some(match kind {
            "keywords" | "substrings" => {
                let list = self.terms_of(body, &format!("`{kind}`"));
                if list.is_empty() {
                    self.error(
                        Code::NoTerms,
                        body.pos,
                        format!("`{kind}` needs at least one term"),
                        None,
                    );
                    return None;
                }
                let k = if kind == "keywords" {
                    TermKind::Keyword
                } else {
                    TermKind::Substring
                };
                terms(self, k, TermSource::Inline(list))
            }
            "list" => {
                let t = single(self, "`list`")?;
                terms(self, TermKind::Keyword, TermSource::List(t))
            }
            "file" => {
                let t = single(self, "`file`")?;
                terms(self, TermKind::Keyword, TermSource::File(t))
            }
            "regex" => {
                let patterns = self.terms_of(body, "`regex`");
                if patterns.is_empty() {
                    return None;
                }
                Cond::Regex {
                    patterns,
                    normalize: normalize.unwrap_or(false),
                }
            }
            "any" | "all" => {
                let Value::Seq(items) = &body.value else {
                    self.wrong_type(body, &format!("`{kind}`"), "a list of conditions");
                    return None;
                };
                if items.is_empty() {
                    self.error(
                        Code::NoConditions,
                        body.pos,
                        format!("`{kind}` needs at least one condition"),
                        None,
                    );
                    return None;
                }
                // The conditions that read well are kept (the others'
                // errors are reported), so later phases check them too.
                let subs: Vec<Cond> = items
                    .iter()
                    .filter_map(|i| self.cond(i, depth + 1))
                    .collect();
                if subs.is_empty() {
                    return None;
                }
                if kind == "any" {
                    Cond::Any(subs)
                } else {
                    Cond::All(subs)
                }
            }
            "not" => Cond::Not(Box::new(self.cond(body, depth + 1)?)),
            _ => self.near(body)?,
        })
    }

    /// After several kinds in one condition: each kind read as a condition
    /// of its own, so its errors (and later its lists and regexes) are
    /// checked too. The error already reported fails the build.
    fn each_kind_alone(&mut self, node: &Node, kinds: &[&str], depth: usize) -> Option<Cond> {
        let Value::Map(pairs) = &node.value else {
            return None;
        };
        let alone: Vec<Cond> = pairs
            .iter()
            .filter(|(k, _)| matches!(&k.value, Value::Str(s) if kinds.contains(&s.as_str())))
            .filter_map(|(k, v)| {
                let single = Node {
                    value: Value::Map(vec![(k.clone(), v.clone())]),
                    pos: k.pos,
                };
                self.cond(&single, depth)
            })
            .collect();
        (!alone.is_empty()).then_some(Cond::All(alone))
    }

    fn near(&mut self, body: &Node) -> Option<Cond> {
        let map = self.map_of(body, "`near`", &["terms", "within"])?;
        let get = |k: &str| map.iter().find(|(key, _, _)| *key == k).map(|(_, v, _)| *v);
        // Every part is checked, whatever the others hold.
        let terms = get("terms");
        let within = get("within");
        for (key, part) in [("terms", terms), ("within", within)] {
            if part.is_none() {
                let message = format!("`near` needs `{key}`");
                self.error(Code::MissingKey, body.pos, message, None);
            }
        }
        let within = within.and_then(|n| self.uint_of(n, "`within`"));
        let groups = terms.and_then(|terms| self.near_groups(terms));
        Some(Cond::Near {
            groups: groups?,
            within: within?,
        })
    }

    /// The term groups of `near.terms`, when there are two or more and none
    /// is empty.
    fn near_groups(&mut self, terms: &Node) -> Option<Vec<Vec<Term>>> {
        let Value::Seq(items) = &terms.value else {
            self.wrong_type(terms, "`near.terms`", "a list of term lists");
            return None;
        };
        if items.len() < 2 {
            self.error(
                Code::NearGroups,
                terms.pos,
                "`near.terms` needs at least two groups".into(),
                Some("for terms alone, use `keywords:`".into()),
            );
        }
        let mut groups = Vec::with_capacity(items.len());
        for item in items {
            let group = self.terms_of(item, "a `near` group");
            if group.is_empty() && matches!(&item.value, Value::Seq(v) if v.is_empty()) {
                let message = "a `near` group needs at least one term".into();
                self.error(Code::NoTerms, item.pos, message, None);
            }
            groups.push(group);
        }
        (items.len() >= 2 && groups.iter().all(|g| !g.is_empty())).then_some(groups)
    }

    fn when(&mut self, node: &Node) -> Vec<Predicate> {
        let mut out = Vec::new();
        let Some(map) = self.map_of(node, "`when`", &[]) else {
            return out;
        };
        for (path, v, _) in map {
            let ops: Vec<(Op, &Node)> = match &v.value {
                Value::Map(_) => {
                    let names: Vec<&str> = OPS.iter().map(|(n, _)| *n).collect();
                    let Some(m) = self.map_of(v, "a `when` predicate", &names) else {
                        continue;
                    };
                    m.into_iter()
                        .filter_map(|(k, n, _)| {
                            OPS.iter()
                                .find(|(name, _)| *name == k)
                                .map(|(_, op)| (*op, n))
                        })
                        .collect()
                }
                _ => vec![(Op::Eq, v)],
            };
            for (op, n) in ops {
                let value = to_json(n);
                let ok = match op {
                    Op::In | Op::NotIn => value.is_array(),
                    Op::Exists => value.is_boolean(),
                    Op::Lt | Op::Le | Op::Gt | Op::Ge => value.is_number() || value.is_string(),
                    Op::Eq | Op::Ne => true,
                };
                if !ok {
                    let expected = match op {
                        Op::In | Op::NotIn => "a list",
                        Op::Exists => "true or false",
                        _ => "a number or a string",
                    };
                    self.wrong_type(n, "this operator's value", expected);
                    continue;
                }
                out.push(Predicate {
                    path: path.to_owned(),
                    op,
                    value,
                });
            }
        }
        out
    }

    fn tests(&mut self, node: &Node) -> Vec<TestCase> {
        let mut out = Vec::new();
        let Some(map) = self.map_of(node, "`tests`", &["match", "no_match"]) else {
            return out;
        };
        for (key, v, _) in map {
            let Value::Seq(items) = &v.value else {
                self.wrong_type(v, &format!("`tests.{key}`"), "a list of examples");
                continue;
            };
            for item in items {
                let post = match &item.value {
                    Value::Str(s) => serde_json::json!({ "text": s }),
                    Value::Map(_) => to_json(item),
                    _ => {
                        self.wrong_type(item, "a test example", "a string or a post");
                        continue;
                    }
                };
                out.push(TestCase {
                    expect_match: key == "match",
                    post,
                    loc: self.loc(item.pos),
                });
            }
        }
        out
    }
}

/// The value of `key` in a mapping read by `map_of`, with its key's place.
pub(crate) fn find<'n>(map: &[(&str, &'n Node, Pos)], key: &str) -> Option<(&'n Node, Pos)> {
    map.iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, v, p)| (*v, *p))
}

/// A YAML node as JSON (for `when` values and test posts).
pub(crate) fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::Str(s) => Json::String(s.clone()),
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(pairs) => Json::Object(
            pairs
                .iter()
                .map(|(k, v)| {
                    let key = match &k.value {
                        Value::Str(s) => s.clone(),
                        other => to_json(&Node {
                            value: other.clone(),
                            pos: k.pos,
                        })
                        .to_string(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
    }
}
