//! From rule sources to an engine: resolve lists, files, ids and
//! jurisdictions, intern every term as one matcher pattern, and precompute
//! each rule's action under each jurisdiction.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use redline_matcher::{Evasions, Matcher, Pattern, PatternId};

use crate::code::{Code, Severity};
use crate::diag::{nearest, Diagnostic, LoadError, Loc};
use crate::engine::{Engine, Inner};
use crate::jurisdiction::Jurisdictions;
use crate::limits::Limits;
use crate::rule::{CompiledCond, FieldPath, Rule};
use crate::ruleset::{term_lines, Fingerprint};
use crate::schema::{Cond, Reader, RuleDef, SourceDefs, Term, TermKind, TermSource};
use crate::yaml::{self, Pos, YamlLimits};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// `(path relative to rules/, contents)` of embedded rules files.
type EmbeddedFiles = &'static [(&'static str, &'static str)];

#[derive(Clone, Debug)]
enum Source {
    Path(PathBuf),
    Yaml { name: String, text: String },
    Embedded(EmbeddedFiles),
}

/// Collects rule sources and limits, then builds an [`Engine`].
///
/// # Examples
///
/// ```
/// use redline_policy::EngineBuilder;
///
/// let engine = EngineBuilder::new()
///     .add_yaml("inline.yaml", "rules:\n  - id: spam.link\n    match: {keywords: [free money]}\n")
///     .build()?;
/// assert_eq!(engine.rule_count(), 1);
/// # Ok::<(), redline_policy::LoadError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct EngineBuilder {
    sources: Vec<Source>,
    limits: Limits,
}

/// One file's text and where `file:` conditions in it are looked up.
struct SourceFile {
    name: String,
    text: String,
    dir: Lookup,
}

#[derive(Clone)]
enum Lookup {
    Disk(PathBuf),
    /// A folder (relative to rules/) among embedded files.
    Embedded {
        files: EmbeddedFiles,
        dir: String,
    },
    None,
}

impl EngineBuilder {
    /// An empty builder with default limits.
    pub fn new() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// Adds a YAML file, or a directory read recursively in sorted path
    /// order (files ending `.yaml` or `.yml`).
    pub fn add_path(&mut self, path: impl AsRef<Path>) -> &mut EngineBuilder {
        self.sources.push(Source::Path(path.as_ref().to_path_buf()));
        self
    }

    /// Adds YAML text; `name` is used in diagnostics.
    pub fn add_yaml(&mut self, name: &str, text: &str) -> &mut EngineBuilder {
        self.sources.push(Source::Yaml {
            name: name.to_owned(),
            text: text.to_owned(),
        });
        self
    }

    /// Adds the rules shipped with redline (embedded at build time).
    pub fn add_builtin(&mut self) -> &mut EngineBuilder {
        self.sources.push(Source::Embedded(builtin::BUILTIN_FILES));
        self
    }

    /// Replaces the limits.
    pub fn limits(&mut self, limits: Limits) -> &mut EngineBuilder {
        self.limits = limits;
        self
    }

    /// Loads, checks and compiles every source.
    ///
    /// # Errors
    ///
    /// A [`LoadError`] holding every error found in every source, each with
    /// file, line and column (and the warnings found on the way).
    pub fn build(&self) -> Result<Engine, LoadError> {
        let mut diags = Vec::new();
        let mut io_failed = false;
        let files = self.read_sources(&mut diags, &mut io_failed);
        let mut defs = Vec::new();
        let mut fingerprint = Fingerprint::default();
        let limits = YamlLimits {
            max_nodes: self.limits.max_yaml_nodes,
            max_depth: self.limits.max_depth.saturating_mul(4),
        };
        for file in &files {
            match yaml::parse(&file.text, limits) {
                Ok(docs) => {
                    let mut reader = Reader {
                        file: &file.name,
                        diags: &mut diags,
                        max_depth: self.limits.max_depth,
                    };
                    for doc in &docs {
                        defs.push((reader.document(doc, &file.name), file.dir.clone()));
                        fingerprint.add(doc, &|p| read_term_file(&file.dir, p).ok());
                    }
                }
                Err(e) => diags.push(Diagnostic::new(
                    if e.over_limit {
                        Code::YamlTooBig
                    } else {
                        Code::YamlSyntax
                    },
                    &Loc {
                        file: file.name.clone(),
                        pos: e.pos,
                    },
                    format!("YAML: {}", e.message),
                    None,
                )),
            }
        }
        if self
            .sources
            .iter()
            .any(|s| matches!(s, Source::Embedded(_)))
        {
            let embedded_rules: usize = defs
                .iter()
                .filter(|(_, dir)| matches!(dir, Lookup::Embedded { .. }))
                .map(|(d, _)| d.rules.len())
                .sum();
            if embedded_rules == 0 {
                diags.push(empty_builtin());
            }
        }
        let mut term_files = Vec::new();
        let compiled = Compiler::new(&self.limits, &mut diags, &mut term_files).compile(defs);
        let sources: Vec<(&str, &str)> = files
            .iter()
            .map(|f| (f.name.as_str(), f.text.as_str()))
            .chain(term_files.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .collect();
        // Errors first, then warnings; each in the order the files were
        // given, then by place.
        let order = |file: &str| sources.iter().position(|(n, _)| *n == file);
        for d in &mut diags {
            if let Some(&(_, text)) = order(&d.file).and_then(|i| sources.get(i)) {
                d.attach_source(text);
            }
        }
        diags.sort_by_cached_key(|d| {
            let file = order(&d.file).unwrap_or(sources.len());
            (d.severity, file, d.line, d.column)
        });
        let has_errors = diags.iter().any(|d| d.severity == Severity::Error);
        match compiled {
            Some(inner) if !has_errors => {
                let mut inner = inner;
                inner.warnings = diags;
                inner.ruleset = fingerprint.finish().into();
                Ok(Engine::from_inner(Arc::new(inner)))
            }
            _ => Err(LoadError {
                diagnostics: diags,
                io: io_failed,
            }),
        }
    }

    fn read_sources(&self, diags: &mut Vec<Diagnostic>, io_failed: &mut bool) -> Vec<SourceFile> {
        let mut files = Vec::new();
        for source in &self.sources {
            match source {
                Source::Yaml { name, text } => files.push(SourceFile {
                    name: name.clone(),
                    text: text.clone(),
                    dir: Lookup::None,
                }),
                Source::Embedded(embedded) => {
                    for (path, text) in *embedded {
                        if is_yaml(Path::new(path)) {
                            let dir = Path::new(path)
                                .parent()
                                .map(|p| p.to_string_lossy().into_owned())
                                .unwrap_or_default();
                            files.push(SourceFile {
                                name: format!("<builtin>/rules/{path}"),
                                text: (*text).to_owned(),
                                dir: Lookup::Embedded {
                                    files: embedded,
                                    dir,
                                },
                            });
                        }
                    }
                }
                Source::Path(path) => {
                    let mut paths = Vec::new();
                    if let Err(e) = collect_yaml(path, &mut paths) {
                        *io_failed = true;
                        diags.push(unreadable(path, &e));
                        continue;
                    }
                    for p in paths {
                        match fs::read_to_string(&p) {
                            Ok(text) => files.push(SourceFile {
                                name: p.display().to_string(),
                                text,
                                dir: Lookup::Disk(
                                    p.parent().map(Path::to_path_buf).unwrap_or_default(),
                                ),
                            }),
                            Err(e) => {
                                *io_failed = true;
                                diags.push(unreadable(&p, &e));
                            }
                        }
                    }
                }
            }
        }
        files
    }
}

/// The diagnostic for a rules path that cannot be read at all.
fn unreadable(path: &Path, e: &std::io::Error) -> Diagnostic {
    let loc = Loc {
        file: path.display().to_string(),
        pos: Pos { line: 1, col: 1 },
    };
    Diagnostic::new(
        Code::Unreadable,
        &loc,
        format!("cannot read rules: {e}"),
        None,
    )
}

/// The error for a built-in rule set without rules: judging with it would
/// allow every post (fail open), so it is refused.
fn empty_builtin() -> Diagnostic {
    let loc = Loc {
        file: "<builtin>/rules".to_owned(),
        pos: Pos { line: 1, col: 1 },
    };
    Diagnostic::new(
        Code::Unreadable,
        &loc,
        "the built-in rule set has no rules (redline-policy was built without its rules)"
            .to_owned(),
        Some("rebuild redline-policy with its rules/ folder, or pass --rules PATH".to_owned()),
    )
}

fn is_yaml(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

fn collect_yaml(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let meta = fs::metadata(path)?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = fs::read_dir(path)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect_yaml(&entry, out)?;
        } else if is_yaml(&entry) {
            out.push(entry);
        }
    }
    Ok(())
}

fn place(loc: &Loc) -> String {
    format!("{}:{}:{}", loc.file, loc.pos.line, loc.pos.col)
}

/// How a term is matched; a condition gives all of its terms the same.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct MatchOptions {
    regex: bool,
    kind: Option<TermKind>,
    normalize: bool,
    pinyin: bool,
    evasions: Evasions,
}

/// Terms equal in text and options share one matcher pattern.
#[derive(Clone, PartialEq, Eq, Hash)]
struct PatternKey {
    text: String,
    options: MatchOptions,
}

struct Compiler<'a> {
    limits: &'a Limits,
    diags: &'a mut Vec<Diagnostic>,
    /// Term files read, by the name their diagnostics give, with their text.
    term_files: &'a mut Vec<(String, String)>,
    patterns: Vec<Pattern>,
    pattern_locs: Vec<Loc>,
    interned: HashMap<PatternKey, u32>,
    lists: HashMap<(String, String), Vec<Term>>,
    fields: Vec<FieldPath>,
}

impl<'a> Compiler<'a> {
    fn new(
        limits: &'a Limits,
        diags: &'a mut Vec<Diagnostic>,
        term_files: &'a mut Vec<(String, String)>,
    ) -> Compiler<'a> {
        Compiler {
            limits,
            diags,
            term_files,
            patterns: Vec::new(),
            pattern_locs: Vec::new(),
            interned: HashMap::new(),
            lists: HashMap::new(),
            fields: Vec::new(),
        }
    }

    fn compile(mut self, defs: Vec<(SourceDefs, Lookup)>) -> Option<Inner> {
        let mut rule_defs: Vec<(RuleDef, Lookup)> = Vec::new();
        let mut jurisdiction_defs = Vec::new();
        let mut dsa_defs = Vec::new();
        for (d, lookup) in defs {
            dsa_defs.extend(d.dsa);
            for (name, terms) in d.lists {
                let key = (d.pack.clone(), name.text.clone());
                if self.lists.contains_key(&key) {
                    self.diags.push(Diagnostic::new(
                        Code::DuplicateList,
                        &name.loc,
                        format!("list `{}` is defined twice in pack `{}`", name.text, d.pack),
                        None,
                    ));
                    continue;
                }
                self.lists.insert(key, terms);
            }
            rule_defs.extend(d.rules.into_iter().map(|r| (r, lookup.clone())));
            jurisdiction_defs.extend(d.jurisdictions);
        }
        if rule_defs.len() > self.limits.max_rules {
            let loc = rule_defs
                .get(self.limits.max_rules)
                .map(|(r, _)| r.loc.clone())
                .unwrap_or_default();
            self.diags.push(Diagnostic::new(
                Code::TooManyRules,
                &loc,
                format!(
                    "{} rules exceed the limit of {}",
                    rule_defs.len(),
                    self.limits.max_rules
                ),
                None,
            ));
            return None;
        }
        let mut seen: HashMap<String, Loc> = HashMap::new();
        let mut rules = Vec::with_capacity(rule_defs.len());
        for (def, lookup) in rule_defs {
            let duplicate = seen.get(&def.id).filter(|_| !def.id.is_empty());
            if let Some(first) = duplicate {
                self.diags.push(Diagnostic::new(
                    Code::DuplicateRuleId,
                    &def.loc,
                    format!("duplicate rule id `{}`", def.id),
                    Some(format!("first defined at {}", place(first))),
                ));
            }
            let duplicate = duplicate.is_some();
            seen.entry(def.id.clone())
                .or_insert_with(|| def.loc.clone());
            // A duplicate is still compiled, for the errors in its terms.
            if let Some(rule) = self.rule(def, &lookup).filter(|_| !duplicate) {
                rules.push(rule);
            }
        }
        // Rules dropped for their errors still exist for overrides.
        let known_ids: Vec<&str> = seen.keys().map(String::as_str).collect();
        let jurisdictions = Jurisdictions::build(jurisdiction_defs, &rules, &known_ids, self.diags);
        if self.patterns.len() > self.limits.max_patterns {
            let first_over = self.pattern_locs.get(self.limits.max_patterns);
            self.diags.push(Diagnostic::new(
                Code::TooManyPatterns,
                first_over.unwrap_or(&Loc::default()),
                format!(
                    "{} patterns exceed the limit of {}",
                    self.patterns.len(),
                    self.limits.max_patterns
                ),
                None,
            ));
            return None;
        }
        let matcher = match Matcher::builder()
            .regex_size_limit(self.limits.regex_size_limit)
            .build(self.patterns.clone())
        {
            Ok(m) => m,
            Err(e) => {
                for p in e.problems() {
                    let loc = p
                        .pattern()
                        .and_then(|id| self.pattern_locs.get(id.0 as usize))
                        .cloned()
                        .unwrap_or_default();
                    let (code, message) = match p.pattern().map(|id| &self.patterns[id.0 as usize])
                    {
                        Some(pat) if pat.kind() == redline_matcher::PatternKind::Regex => (
                            Code::BadRegex,
                            format!("invalid regex `{}`: {}", pat.text(), p.message()),
                        ),
                        Some(pat) => (
                            Code::BadTerm,
                            format!("term `{}`: {}", pat.text(), p.message()),
                        ),
                        None => (Code::MatcherBuild, p.message().to_owned()),
                    };
                    self.diags.push(Diagnostic::new(code, &loc, message, None));
                }
                return None;
            }
        };
        let jurisdictions = jurisdictions?;
        let dsa = crate::dsa::Mapping::build(dsa_defs, &jurisdictions, &rules, self.diags);
        let mut pattern_rules = vec![Vec::new(); self.patterns.len()];
        let mut always = Vec::new();
        for (ri, rule) in rules.iter().enumerate() {
            let mut positive = Vec::new();
            rule.cond.positive_patterns(&mut positive);
            positive.sort_unstable();
            positive.dedup();
            for p in positive {
                pattern_rules[p as usize].push(ri as u32);
            }
            if !rule.cond.needs_hit() {
                always.push(ri as u32);
            }
        }
        let mut inner = Inner {
            matcher,
            rules,
            fields: self.fields,
            pattern_rules,
            always,
            jurisdictions,
            limits: self.limits.clone(),
            warnings: Vec::new(),
            ruleset: Arc::from(""),
            dsa,
            terms: self
                .patterns
                .iter()
                .filter(|p| p.kind() != redline_matcher::PatternKind::Regex)
                .map(|p| p.text().to_owned())
                .collect(),
        };
        crate::lint::lint(&inner, &self.patterns, &self.pattern_locs, self.diags);
        inner.warnings.clear();
        Some(inner)
    }

    fn field(&mut self, name: &str) -> u32 {
        if let Some(i) = self.fields.iter().position(|f| f.name == name) {
            return i as u32;
        }
        self.fields.push(FieldPath::new(name));
        (self.fields.len() - 1) as u32
    }

    fn rule(&mut self, def: RuleDef, lookup: &Lookup) -> Option<Rule> {
        let before = self.diags.len();
        let cond = def
            .cond
            .as_ref()
            .and_then(|c| self.cond(c, &def.pack, lookup));
        let unless = def.unless.as_ref().map(|c| self.cond(c, &def.pack, lookup));
        if self.diags.len() > before {
            return None;
        }
        let fields = def.fields.iter().map(|f| self.field(f)).collect();
        Some(Rule {
            id: def.id.into(),
            category: def.category.into(),
            severity: def.severity,
            action: def.action,
            description: def.description,
            fields,
            cond: cond?,
            unless: unless.flatten(),
            when: def.when,
            tests: def.tests,
            allow: def.allow,
            loc: def.loc,
        })
    }

    fn intern(&mut self, key: PatternKey, loc: &Loc) -> u32 {
        if let Some(&id) = self.interned.get(&key) {
            return id;
        }
        let id = self.patterns.len() as u32;
        let pid = PatternId(id);
        let opts = key.options;
        let pattern = if opts.regex {
            Pattern::regex(pid, &key.text).normalize(opts.normalize)
        } else {
            let literal = match opts.kind {
                Some(TermKind::Substring) => Pattern::substring,
                _ => Pattern::keyword,
            };
            literal(pid, &key.text)
                .normalize(opts.normalize)
                .pinyin(opts.pinyin)
                .evasions(opts.evasions)
        };
        self.patterns.push(pattern);
        self.pattern_locs.push(loc.clone());
        self.interned.insert(key, id);
        id
    }

    /// The pattern id of each term, in order.
    fn intern_terms(&mut self, terms: &[Term], options: MatchOptions) -> Vec<u32> {
        terms
            .iter()
            .map(|t| {
                let key = PatternKey {
                    text: t.text.clone(),
                    options,
                };
                self.intern(key, &t.loc)
            })
            .collect()
    }

    fn terms_of(&mut self, source: &TermSource, pack: &str, lookup: &Lookup) -> Option<Vec<Term>> {
        match source {
            TermSource::Inline(terms) => Some(terms.clone()),
            TermSource::List(name) => match self.lists.get(&(pack.to_owned(), name.text.clone())) {
                Some(terms) => Some(terms.clone()),
                None => {
                    let known: Vec<&str> = self
                        .lists
                        .keys()
                        .filter(|(p, _)| p == pack)
                        .map(|(_, n)| n.as_str())
                        .collect();
                    let help = nearest(&name.text, known.iter().copied())
                        .map(|n| format!("did you mean `{n}`?"))
                        .or_else(|| Some(format!("define it under `lists:` in pack `{pack}`")));
                    self.diags.push(Diagnostic::new(
                        Code::UnknownList,
                        &name.loc,
                        format!("unknown list `{}`", name.text),
                        help,
                    ));
                    None
                }
            },
            TermSource::File(path) => match read_term_file(lookup, &path.text) {
                Ok(text) => {
                    let file = format!("{}/{}", dir_name(lookup), path.text);
                    let lines: Vec<&str> = text.lines().collect();
                    let terms = term_lines(&text)
                        .map(|(i, t)| Term {
                            text: t.to_owned(),
                            loc: Loc {
                                file: file.clone(),
                                pos: Pos {
                                    line: i as u32 + 1,
                                    col: lines.get(i).map_or(0, |l| {
                                        l.chars().count() - l.trim_start().chars().count()
                                    }) as u32
                                        + 1,
                                },
                            },
                        })
                        .collect();
                    if !self.term_files.iter().any(|(n, _)| *n == file) {
                        self.term_files.push((file, text));
                    }
                    Some(terms)
                }
                Err(e) => {
                    self.diags.push(Diagnostic::new(
                        Code::UnreadableTermFile,
                        &path.loc,
                        format!("cannot read term file `{}`: {e}", path.text),
                        None,
                    ));
                    None
                }
            },
        }
    }

    /// Every condition compiled, even after one fails, so that all their
    /// errors are reported.
    fn conds(&mut self, conds: &[Cond], pack: &str, lookup: &Lookup) -> Option<Vec<CompiledCond>> {
        let compiled: Vec<Option<CompiledCond>> =
            conds.iter().map(|c| self.cond(c, pack, lookup)).collect();
        compiled.into_iter().collect()
    }

    fn cond(&mut self, cond: &Cond, pack: &str, lookup: &Lookup) -> Option<CompiledCond> {
        Some(match cond {
            Cond::Terms {
                kind,
                source,
                min_matches,
                pinyin,
                normalize,
                evasions,
            } => {
                let terms = self.terms_of(source, pack, lookup)?;
                let options = MatchOptions {
                    regex: false,
                    kind: Some(*kind),
                    normalize: *normalize,
                    pinyin: *pinyin,
                    evasions: *evasions,
                };
                let mut ids = self.intern_terms(&terms, options);
                ids.sort_unstable();
                ids.dedup();
                CompiledCond::Terms {
                    patterns: ids,
                    min: *min_matches,
                }
            }
            Cond::Regex {
                patterns,
                normalize,
            } => {
                let options = MatchOptions {
                    regex: true,
                    kind: None,
                    normalize: *normalize,
                    pinyin: false,
                    evasions: Evasions::default(),
                };
                let ids = self.intern_terms(patterns, options);
                CompiledCond::Terms {
                    patterns: ids,
                    min: 1,
                }
            }
            Cond::Any(subs) => CompiledCond::Any(self.conds(subs, pack, lookup)?),
            Cond::All(subs) => CompiledCond::All(self.conds(subs, pack, lookup)?),
            Cond::Not(sub) => CompiledCond::Not(Box::new(self.cond(sub, pack, lookup)?)),
            Cond::Near { groups, within } => {
                // `near` takes no match options: its terms are always normalized keywords.
                let options = MatchOptions {
                    regex: false,
                    kind: Some(TermKind::Keyword),
                    normalize: true,
                    pinyin: false,
                    evasions: Evasions::default(),
                };
                CompiledCond::Near {
                    groups: groups
                        .iter()
                        .map(|g| self.intern_terms(g, options))
                        .collect(),
                    within: *within,
                }
            }
        })
    }
}

/// The text of a `file:` condition's term file, next to its rules file.
fn read_term_file(lookup: &Lookup, path: &str) -> Result<String, String> {
    match lookup {
        Lookup::Disk(dir) => fs::read_to_string(dir.join(path)).map_err(|e| e.to_string()),
        Lookup::Embedded { files, dir } => {
            let wanted = Path::new(dir).join(path);
            files
                .iter()
                .find(|(p, _)| Path::new(p) == wanted)
                .map(|(_, t)| (*t).to_owned())
                .ok_or_else(|| "not among the built-in files".to_owned())
        }
        Lookup::None => Err("`file:` needs rules loaded from a path".to_owned()),
    }
}

fn dir_name(lookup: &Lookup) -> String {
    match lookup {
        Lookup::Disk(d) => d.display().to_string(),
        Lookup::Embedded { dir, .. } => format!("<builtin>/rules/{dir}"),
        Lookup::None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded(files: EmbeddedFiles) -> Result<Engine, LoadError> {
        let mut builder = EngineBuilder::new();
        builder.sources.push(Source::Embedded(files));
        builder.build()
    }

    #[test]
    fn shipped_builtin_rules_are_not_empty() {
        let engine = Engine::builtin().expect("built-in rules load");
        assert!(engine.rule_count() > 0);
    }

    #[test]
    fn an_empty_builtin_set_is_an_error() {
        for files in [
            &[][..],
            &[("README.txt", "not rules")][..],
            &[("jurisdictions/x.yaml", "jurisdiction: XX\n")][..],
        ] {
            let err = embedded(files).expect_err("no built-in rules must not load");
            assert!(
                err.errors()
                    .any(|d| d.message.contains("built-in rule set has no rules")),
                "{files:?}: {err}"
            );
        }
    }

    #[test]
    fn an_embedded_set_with_rules_loads() {
        let engine = embedded(&[(
            "packs/x.yaml",
            "rules:\n  - id: spam.x\n    match: {keywords: [free money]}\n",
        )])
        .expect("one rule loads");
        assert_eq!(engine.rule_count(), 1);
    }
}
