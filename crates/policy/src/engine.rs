//! The engine: compiled rules and jurisdictions, judging posts.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use redline_matcher::{Match, Matcher};
use serde_json::Value as Json;

use crate::compile::EngineBuilder;
use crate::decision::{json_len, Decision, ErrorKind, PostError};
use crate::diag::{Diagnostic, LoadError};
use crate::eval::{by_pattern_key, Ctx, EvalScratch, Hit};
use crate::jurisdiction::Jurisdictions;
use crate::limits::Limits;
use crate::post::{json_type, Post};
use crate::rule::{FieldPath, Rule};
use crate::spans::{Instance, Spans};
use crate::verdict::{Action, RuleSeverity, Verdict};

pub(crate) struct Inner {
    pub(crate) matcher: Matcher,
    pub(crate) rules: Vec<Rule>,
    pub(crate) fields: Vec<FieldPath>,
    /// `pattern_rules[p]`: rules in which pattern `p` counts positively.
    pub(crate) pattern_rules: Vec<Vec<u32>>,
    /// Rules that may fire with no pattern matched (`not`-only).
    pub(crate) always: Vec<u32>,
    pub(crate) jurisdictions: Jurisdictions,
    pub(crate) limits: Limits,
    pub(crate) warnings: Vec<Diagnostic>,
    /// Literal terms as written (keywords, substrings, lists, files).
    pub(crate) terms: Vec<String>,
    /// The rule-set fingerprint (`ruleset.rs`).
    pub(crate) ruleset: Arc<str>,
    /// The DSA mapping of the `dsa:` blocks.
    pub(crate) dsa: crate::dsa::Mapping,
}

/// Compiled rules and jurisdictions, ready to judge posts.
///
/// Build once, share everywhere: `Engine` is `Send + Sync`, and cloning it
/// copies two pointers. Every judgement is one matcher scan per text field,
/// however many rules and jurisdictions are loaded.
///
/// # Examples
///
/// ```
/// use redline_policy::{Engine, Post, Verdict};
///
/// let engine = Engine::from_yaml(r#"
/// rules:
///   - id: gambling.ads
///     category: gambling.ads
///     match: {keywords: [赌博, online casino]}
/// ---
/// jurisdiction: CN
/// actions: {gambling: hold}
/// ---
/// jurisdiction: US
/// actions: {gambling: flag}
/// "#)?;
/// let d = engine.judge(&Post::text("最好的網上賭博"));
/// assert_eq!(d.verdict, Verdict::Held);
/// assert_eq!(d.verdict_in("US"), Some(Verdict::Flagged));
/// # Ok::<(), redline_policy::LoadError>(())
/// ```
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
    /// Jurisdictions for posts that name none (empty: every one loaded).
    defaults: Arc<[usize]>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("rules", &self.inner.rules.len())
            .field("patterns", &self.inner.matcher.pattern_count())
            .field("jurisdictions", &self.jurisdiction_codes())
            .finish()
    }
}

/// A jurisdiction code that is not loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownJurisdiction(pub String);

impl std::fmt::Display for UnknownJurisdiction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown jurisdiction `{}`", self.0)
    }
}

impl std::error::Error for UnknownJurisdiction {}

/// Per-thread judging state (matcher scratch and buffers).
#[derive(Debug)]
pub struct Scratch {
    matcher: redline_matcher::Scratch,
    found: Vec<Match>,
    hits: Vec<Hit>,
    by_pattern: Vec<u64>,
    eval: EvalScratch,
    evidence: Vec<u32>,
    work: u64,
}

impl Scratch {
    /// Units of work the last judgement with this scratch did evaluating
    /// conditions (hits examined, `near` window steps): for tests that
    /// hold judging to linear time without timing it.
    #[doc(hidden)]
    pub fn last_work(&self) -> u64 {
        self.work
    }
}

/// A loaded jurisdiction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JurisdictionInfo {
    /// Code (`DE`).
    pub code: String,
    /// Name (`Germany`).
    pub name: String,
    /// Parent code, if it extends one.
    pub extends: Option<String>,
}

/// What a rule looks like from outside (for `explain` and tooling).
#[derive(Clone, Debug)]
pub struct RuleInfo {
    /// Rule id.
    pub id: String,
    /// Category.
    pub category: String,
    /// Severity.
    pub severity: RuleSeverity,
    /// The rule's own action.
    pub action: Action,
    /// Description.
    pub description: String,
}

impl Engine {
    pub(crate) fn from_inner(inner: Arc<Inner>) -> Engine {
        Engine {
            inner,
            defaults: Arc::from(Vec::new()),
        }
    }

    /// A builder for several sources and custom limits.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::new()
    }

    /// The rules shipped with redline, embedded at build time.
    ///
    /// # Errors
    ///
    /// Only if the shipped rules were broken at build time.
    pub fn builtin() -> Result<Engine, LoadError> {
        EngineBuilder::new().add_builtin().build()
    }

    /// Rules from a YAML file or a directory of them.
    ///
    /// # Errors
    ///
    /// Every error in the rules, with file, line and column.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Engine, LoadError> {
        EngineBuilder::new().add_path(path).build()
    }

    /// Rules from YAML text (several documents may be separated by `---`).
    ///
    /// # Errors
    ///
    /// Every error in the rules, with line and column.
    pub fn from_yaml(yaml: &str) -> Result<Engine, LoadError> {
        EngineBuilder::new().add_yaml("<yaml>", yaml).build()
    }

    /// The same engine, judging posts that name no jurisdiction under
    /// `codes` instead of every jurisdiction loaded.
    ///
    /// # Errors
    ///
    /// The first code that is not loaded.
    pub fn with_default_jurisdictions<S: AsRef<str>>(
        &self,
        codes: &[S],
    ) -> Result<Engine, UnknownJurisdiction> {
        let mut idx = Vec::with_capacity(codes.len());
        for c in codes {
            let c = c.as_ref();
            let i = self
                .inner
                .jurisdictions
                .index_of(c)
                .ok_or_else(|| UnknownJurisdiction(c.to_owned()))?;
            if !idx.contains(&i) {
                idx.push(i);
            }
        }
        Ok(Engine {
            inner: Arc::clone(&self.inner),
            defaults: idx.into(),
        })
    }

    /// Number of rules.
    pub fn rule_count(&self) -> usize {
        self.inner.rules.len()
    }

    /// Number of distinct patterns in the matcher.
    pub fn pattern_count(&self) -> usize {
        self.inner.matcher.pattern_count()
    }

    /// Every literal term of every rule, as written (for tooling and
    /// baselines; regexes excluded).
    pub fn terms(&self) -> &[String] {
        &self.inner.terms
    }

    /// The rule-set fingerprint: the first 16 hex digits of a SHA-256 over
    /// the loaded rules in a canonical form (every field, term files by
    /// content; not comments, key order or file order). Every decision
    /// carries it as `ruleset`.
    pub fn ruleset(&self) -> &str {
        &self.inner.ruleset
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// Codes of the loaded jurisdictions (`["default"]` when none is).
    pub fn jurisdiction_codes(&self) -> Vec<&str> {
        self.inner
            .jurisdictions
            .all
            .iter()
            .map(|j| j.code.as_str())
            .collect()
    }

    /// The loaded jurisdictions, in load order.
    pub fn jurisdictions(&self) -> Vec<JurisdictionInfo> {
        let all = &self.inner.jurisdictions.all;
        all.iter()
            .map(|j| JurisdictionInfo {
                code: j.code.clone(),
                name: j.name.clone(),
                extends: j.parent.map(|p| all[p].code.clone()),
            })
            .collect()
    }

    /// Warnings found while loading (never errors: those fail the load).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.inner.warnings
    }

    /// Every rule, in load order.
    pub fn rules(&self) -> Vec<RuleInfo> {
        self.inner
            .rules
            .iter()
            .map(|r| RuleInfo {
                id: r.id.to_string(),
                category: r.category.to_string(),
                severity: r.severity,
                action: r.action,
                description: r.description.clone(),
            })
            .collect()
    }

    /// The action of rule `id` under jurisdiction `code`.
    pub fn action(&self, id: &str, code: &str) -> Option<Action> {
        let r = self.inner.rules.iter().position(|r| &*r.id == id)?;
        let j = self.inner.jurisdictions.index_of(code)?;
        Some(self.inner.jurisdictions.all[j].actions[r])
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// Per-thread state for [`Engine::judge_with`].
    pub fn create_scratch(&self) -> Scratch {
        Scratch {
            matcher: self.inner.matcher.create_scratch(),
            found: Vec::new(),
            hits: Vec::new(),
            by_pattern: Vec::new(),
            eval: EvalScratch::default(),
            evidence: Vec::new(),
            work: 0,
        }
    }

    /// Judges one post with a fresh scratch.
    pub fn judge(&self, post: &Post) -> Decision {
        self.judge_with(post, &mut self.create_scratch())
    }

    /// Judges one post; a post that cannot be judged gets a `held` error
    /// decision (fail closed).
    pub fn judge_with(&self, post: &Post, scratch: &mut Scratch) -> Decision {
        match self.try_judge_with(post, scratch) {
            Ok(d) => d,
            Err(e) => {
                let mut d = Decision::from_error(None, Verdict::Held, e);
                d.id = self.echoed_id(post);
                self.stamp(d)
            }
        }
    }

    /// Sets the decision's `ruleset` to this engine's.
    pub(crate) fn stamp(&self, mut d: Decision) -> Decision {
        d.ruleset = Some(Arc::clone(&self.inner.ruleset));
        d
    }

    /// Judges many posts in parallel (rayon), in order.
    pub fn judge_batch(&self, posts: &[Post]) -> Vec<Decision> {
        posts
            .par_iter()
            .map_init(
                || self.create_scratch(),
                |scratch, post| self.judge_with(post, scratch),
            )
            .collect()
    }

    /// Judges one post.
    ///
    /// # Errors
    ///
    /// A scanned field of the wrong type, an unknown jurisdiction code, or
    /// a post over the limits.
    pub fn try_judge_with(
        &self,
        post: &Post,
        scratch: &mut Scratch,
    ) -> Result<Decision, PostError> {
        let judged = self.judged_under(post)?;
        let inner = &*self.inner;
        if let Some(id) = post.id() {
            let len = json_len(id);
            if len > inner.limits.max_id_bytes {
                return Err(PostError::new(
                    ErrorKind::Limit,
                    format!(
                        "`id` is {len} bytes of JSON, over the limit of {} bytes",
                        inner.limits.max_id_bytes
                    ),
                ));
            }
        }
        let mut instances = self.instances(post)?;
        scratch.hits.clear();
        for (i, inst) in instances.iter_mut().enumerate() {
            inner
                .matcher
                .scan(inst.text, &mut scratch.matcher, &mut scratch.found);
            let first = scratch.hits.len() as u32;
            scratch.hits.extend(scratch.found.iter().map(|m| Hit {
                pattern: m.pattern().0,
                instance: i as u32,
                field: inst.field,
                start: m.start() as u32,
                end: m.end() as u32,
                via: m.via(),
                words: m.words(),
            }));
            inst.hits = first..scratch.hits.len() as u32;
        }
        let hits = &scratch.hits;
        let by_pattern = &mut scratch.by_pattern;
        by_pattern.clear();
        by_pattern.extend(hits.iter().enumerate().map(|(i, h)| by_pattern_key(h, i)));
        by_pattern.sort_unstable();
        let mut candidates: Vec<u32> = inner.always.clone();
        let mut last = u32::MAX;
        for &k in by_pattern.iter() {
            let pattern = (k >> 32) as u32;
            if pattern != last {
                candidates.extend(&inner.pattern_rules[pattern as usize]);
                last = pattern;
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut ctx = Ctx::new(hits, by_pattern, inner.fields.len(), &mut scratch.eval);
        let mut spans = Spans::new(hits, &instances, &inner.fields, inner.limits.max_spans);
        let mut fired = Vec::new();
        let mut matches = Vec::new();
        let evidence = &mut scratch.evidence;
        for r in candidates {
            let rule = &inner.rules[r as usize];
            if !rule.when.iter().all(|p| p.holds(&post.fields)) {
                continue;
            }
            ctx.set_fields(&rule.fields);
            evidence.clear();
            if !ctx.eval(&rule.cond, true, evidence)
                || rule
                    .unless
                    .as_ref()
                    .is_some_and(|u| ctx.eval(u, false, evidence))
            {
                continue;
            }
            fired.push(r);
            spans.push_records(rule, evidence, &mut matches);
        }
        scratch.work = ctx.work;
        let mut jurisdictions = Vec::with_capacity(judged.len());
        let mut verdict = Verdict::Allowed;
        for &j in &judged {
            let jur = &inner.jurisdictions.all[j];
            let v = fired
                .iter()
                .map(|&r| jur.actions[r as usize].verdict())
                .max()
                .unwrap_or(Verdict::Allowed);
            verdict = verdict.max(v);
            jurisdictions.push((jur.code.clone(), v));
        }
        Ok(Decision {
            line: None,
            id: post.id().cloned(),
            verdict,
            jurisdictions: Some(jurisdictions),
            matches: Some(matches),
            error: None,
            more_matches: None,
            ruleset: Some(Arc::clone(&inner.ruleset)),
        })
    }

    /// The post's id as decisions echo it: none when it is over
    /// [`Limits::max_id_bytes`] (the post is then a `limit` record).
    pub(crate) fn echoed_id(&self, post: &Post) -> Option<Json> {
        post.id()
            .filter(|id| json_len(*id) <= self.inner.limits.max_id_bytes)
            .cloned()
    }

    fn judged_under(&self, post: &Post) -> Result<Vec<usize>, PostError> {
        let all = &self.inner.jurisdictions;
        match post.fields.get("jurisdictions") {
            Some(Json::Array(codes)) => {
                let mut out = Vec::with_capacity(codes.len());
                for c in codes {
                    let Some(code) = c.as_str() else {
                        return Err(PostError::new(
                            ErrorKind::FieldType,
                            format!("`jurisdictions` must hold strings, found {}", json_type(c)),
                        ));
                    };
                    let i = all.index_of(code).ok_or_else(|| {
                        PostError::new(
                            ErrorKind::UnknownJurisdiction,
                            format!(
                                "unknown jurisdiction `{code}` (loaded: {})",
                                self.jurisdiction_codes().join(", ")
                            ),
                        )
                    })?;
                    if !out.contains(&i) {
                        out.push(i);
                    }
                }
                if !out.is_empty() {
                    return Ok(out);
                }
            }
            None | Some(Json::Null) => {}
            Some(other) => {
                return Err(PostError::new(
                    ErrorKind::FieldType,
                    format!(
                        "`jurisdictions` must be an array of strings, found {}",
                        json_type(other)
                    ),
                ))
            }
        }
        if !self.defaults.is_empty() {
            return Ok(self.defaults.to_vec());
        }
        Ok((0..all.all.len()).collect())
    }

    fn instances<'p>(&self, post: &'p Post) -> Result<Vec<Instance<'p>>, PostError> {
        let mut out = Vec::new();
        for (fi, field) in self.inner.fields.iter().enumerate() {
            let Some(value) = field.lookup(&post.fields) else {
                continue;
            };
            let wrong = |found: &Json| {
                PostError::new(
                    ErrorKind::FieldType,
                    format!(
                        "field `{}` must be a string or an array of strings, found {}",
                        field.name,
                        json_type(found)
                    ),
                )
            };
            // SPEC section 1: `title` and `text` are strings, `hashtags` a
            // list of strings; other scanned paths may be either.
            let shape_ok = match field.name.as_str() {
                "title" | "text" => value.is_string(),
                "hashtags" => value.is_array(),
                _ => true,
            };
            if !shape_ok {
                let expected = if field.name == "hashtags" {
                    "an array of strings"
                } else {
                    "a string"
                };
                return Err(PostError::new(
                    ErrorKind::FieldType,
                    format!(
                        "field `{}` must be {expected}, found {}",
                        field.name,
                        json_type(value)
                    ),
                ));
            }
            match value {
                Json::String(s) => out.push(Instance {
                    field: fi as u32,
                    index: None,
                    text: s,
                    hits: 0..0,
                }),
                Json::Array(items) => {
                    if items.len() > self.inner.limits.max_hashtags {
                        return Err(PostError::new(
                            ErrorKind::Limit,
                            format!(
                                "field `{}` has {} items, over the limit of {}",
                                field.name,
                                items.len(),
                                self.inner.limits.max_hashtags
                            ),
                        ));
                    }
                    for (i, item) in items.iter().enumerate() {
                        match item {
                            Json::String(s) => out.push(Instance {
                                field: fi as u32,
                                index: Some(i as u32),
                                text: s,
                                hits: 0..0,
                            }),
                            other => return Err(wrong(other)),
                        }
                    }
                }
                other => return Err(wrong(other)),
            }
        }
        Ok(out)
    }

    /// Ids of the rules that fire for `post`, whatever their actions
    /// (used by rule self-tests).
    pub(crate) fn fired_rules(
        &self,
        post: &Post,
        scratch: &mut Scratch,
    ) -> Result<Vec<String>, PostError> {
        let d = self.try_judge_with(post, scratch)?;
        Ok(d.rules().into_iter().map(str::to_owned).collect())
    }
}
