//! The registry of diagnostic codes: one code per meaning, each with a
//! title and a long explanation (what `redline check --explain CODE` prints
//! and what `docs/DIAGNOSTICS.md` is generated from).

use std::fmt;

use serde::{Serialize, Serializer};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The rules cannot be used as written.
    Error,
    /// The rules work but probably not as meant.
    Warning,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $title:literal, $explanation:literal; )*) => {
        /// A diagnostic code: `R0xx` for errors, `W0xx` for warnings.
        ///
        /// Codes are stable: a code keeps its meaning, and a new meaning
        /// gets a new code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as written: `R007`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// One line saying what the code means.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }

            /// What the code means, why it matters and how to fix it, with
            /// an example (Markdown).
            pub fn explanation(self) -> &'static str {
                match self { $(Code::$variant => $explanation,)* }
            }
        }
    };
}

codes! {
    /// A rules path cannot be read.
    Unreadable = "R000", "a rules path cannot be read",
"A path given with `--rules` (or to `EngineBuilder::add_path`) does not exist or cannot be
read: a missing file, a directory without permission, a file that is not UTF-8.

`redline` exits with status 2 for this error, not 1: nothing is wrong with the rules, they
could not be had at all. Check the path and its permissions.";

    /// The YAML itself is malformed.
    YamlSyntax = "R001", "YAML syntax error",
"The file is not valid YAML, so nothing in it can be read: an unclosed quote or bracket, a tab
used for indentation, a key indented under a scalar, an alias to an unknown anchor.

```yaml
rules:
  - id: spam.link
    match: {keywords: [free money]   # the `}` is missing
```

The place given is where the YAML parser gave up; the mistake is often just before it.";

    /// A mapping has a key the schema does not know.
    UnknownKey = "R002", "unknown key",
"A rule, condition, jurisdiction or file has a key that the schema does not know. Misspelt keys
are errors rather than being ignored, because an ignored `unles:` would silently change what a
rule does.

```yaml
  - id: drugs.sale
    actoin: hold        # did you mean `action`?
```

The hint names the nearest known key, or lists the known keys.";

    /// A value has the wrong YAML type.
    WrongType = "R003", "value of the wrong type",
"A value is of the wrong YAML type: a mapping where a list is expected, a string where a number
is expected, and so on.

```yaml
    match:
      near:
        terms: [[casino], [bonus]]
        within: many    # must be a whole number of words
```";

    /// A required key is missing.
    MissingKey = "R004", "required key missing",
"A rule or condition lacks a key it cannot do without: a rule needs `id` and `match`; `near`
needs `terms` and `within`.

```yaml
  - id: drugs.buy       # no `match:`: what should this rule look for?
```";

    /// A rule id breaks the id syntax.
    BadRuleId = "R005", "invalid rule id",
"Rule ids appear in decisions, statistics and jurisdiction overrides, so they are kept to one
simple syntax: lower-case ASCII letters, digits, `.`, `_` and `-`, starting with a letter or a
digit (`[a-z0-9][a-z0-9._-]*`). By convention the first dotted part is the category.

```yaml
  - id: Gambling Ads    # try `gambling-ads`, or better `gambling.ads`
```";

    /// Two rules share an id.
    DuplicateRuleId = "R006", "duplicate rule id",
"Two rules, in one file or across files, have the same id. Decisions name the rule that fired
by its id, and jurisdictions override actions by id, so ids must be unique across everything
loaded together. The help line gives the place of the first definition.";

    /// `list:` names a list that the pack does not define.
    UnknownList = "R007", "unknown list",
"A `list:` condition names a list that is not defined under `lists:` in the rule's pack. Lists
are looked up in the pack of the rule (`pack:` of its file, or the file's name), not across
packs.

```yaml
lists:
  words: [casino]
rules:
  - id: gambling.ads
    match: {list: word}   # did you mean `words`?
```";

    /// A regex does not compile.
    BadRegex = "R008", "invalid regex",
"A `regex:` pattern is not valid in the syntax of Rust's `regex` crate (an unclosed group or
class, an unknown escape, or a feature the engine does not have: look-around and
back-references are not supported, so that matching stays linear in the text), or compiles to
more than `Limits::regex_size_limit` (`\\w{5000}`).";

    /// A term is empty or only spaces.
    EmptyTerm = "R009", "empty term",
"A term in `keywords`, `substrings`, a list or a `near` group is empty or only white space. An
empty term would match everywhere (or nowhere); remove it.";

    /// A `file:` term file cannot be read.
    UnreadableTermFile = "R010", "term file cannot be read",
"A `file:` condition names a term file that cannot be read. The path is relative to the
directory of the rules file that names it; rules given as text (not from a path) cannot use
`file:`.";

    /// `extends:` names no loaded jurisdiction.
    UnknownParent = "R011", "unknown parent jurisdiction",
"A jurisdiction `extends:` a jurisdiction that is not loaded. Load the parent's file too (all
files of a directory are loaded together), or fix the code.";

    /// Jurisdictions extend each other in a cycle.
    ExtendsCycle = "R012", "jurisdictions extend each other in a cycle",
"Following `extends:` from this jurisdiction comes back to it, so an action that none of them
sets could never be resolved. Break the cycle: one of them must extend nothing, or a
jurisdiction outside the cycle.";

    /// Two jurisdictions share a code.
    DuplicateJurisdiction = "R013", "duplicate jurisdiction",
"Two files define a jurisdiction with the same code. A post names jurisdictions by code, so each
code may be defined once; merge the two files.";

    /// More rules than the limits allow.
    TooManyRules = "R015", "too many rules",
"The rules loaded together exceed `Limits::max_rules`. The limit bounds what untrusted rule
sources can cost; raise it if the rules are trusted, or split them into several engines.";

    /// A condition has no kind, or several.
    ConditionKind = "R016", "a condition needs exactly one kind",
"Each condition is one of `keywords`, `substrings`, `list`, `file`, `regex`, `near`, `any`,
`all` or `not`. A mapping with none of them matches nothing; one with several is ambiguous.

```yaml
    match:
      keywords: [casino]
      regex: 'bet\\d+'      # combine them with `any:` or `all:`
```";

    /// `severity:` is not one of the known severities.
    UnknownSeverity = "R017", "unknown severity",
"A rule's `severity:` is not one of `low`, `medium`, `high`, `critical`.";

    /// An action is not `allow`, `flag` or `hold`.
    UnknownAction = "R018", "unknown action",
"An action (a rule's `action:`, or a value under a jurisdiction's `actions:` or `rules:`) is
not one of `allow`, `flag`, `hold`.";

    /// `near` with fewer than two groups.
    NearGroups = "R019", "`near` needs at least two groups",
"`near` fires when terms of every group occur within `within` words of each other; with one
group there is nothing to be near. For a single group, use `keywords:`.

```yaml
      near:
        terms: [[casino, betting], [bonus, free spins]]
        within: 5
```";

    /// A jurisdiction code with other characters than letters, digits, `-`, `_`.
    BadJurisdictionCode = "R020", "invalid jurisdiction code",
"A jurisdiction code may hold only ASCII letters, digits, `-` and `_` (`US`, `CN`, `EU-minors`),
since posts and the command line name jurisdictions by it.";

    /// `fields:` names no field.
    NoFields = "R021", "`fields` names no field",
"A rule's `fields:` is empty, so the rule could never look at any text. Leave `fields:` out for
the default (`title`, `text`, `hashtags`) or name at least one field.";

    /// A pack defines a list twice.
    DuplicateList = "R022", "list defined twice",
"A pack defines a list of the same name twice (in one file or in two files of the same pack).
Merge the two lists.";

    /// A jurisdiction key in a file without `jurisdiction:`.
    JurisdictionKeyOutside = "R023", "jurisdiction key outside a jurisdiction",
"`name`, `extends` and `actions` belong to a jurisdiction file, but this file has no
`jurisdiction: CODE`. Add the code, or remove the key.";

    /// A term list with no term.
    NoTerms = "R024", "no terms",
"`keywords`, `substrings`, `regex` or a `near` group is an empty list: the condition could never
match. Add a term or remove the condition.";

    /// `any` or `all` with no condition.
    NoConditions = "R025", "`any` or `all` has no condition",
"An `any:` or `all:` with an empty list is ambiguous (`any` of nothing never fires, `all` of
nothing always would); give it at least one condition.";

    /// The matcher refuses a term.
    BadTerm = "R026", "term the matcher cannot use",
"The matcher refuses a term as written, for example a term that folds to nothing after
normalization (only punctuation or marks). The message says why.";

    /// More patterns than the limits allow.
    TooManyPatterns = "R027", "too many patterns",
"The distinct terms and regexes of all rules exceed `Limits::max_patterns`. Raise the limit if
the rules are trusted.";

    /// Conditions nest deeper than the limits allow.
    TooDeep = "R028", "conditions nest too deep",
"`any`, `all` and `not` nest deeper than `Limits::max_depth`. Deep nesting is almost always
generated; flatten it (`all` inside `all` is one `all`).";

    /// The YAML expands beyond the limits.
    YamlTooBig = "R029", "YAML beyond the limits",
"The file, once its aliases are expanded, has more nodes than `Limits::max_yaml_nodes` or nests
deeper than the depth limit. This stops alias bombs (a few lines that expand to billions of
nodes). Real rule files are far below the limits.";

    /// The matcher cannot be built as a whole.
    MatcherBuild = "R030", "the matcher cannot be built",
"The terms are each valid but the matcher for all of them together cannot be built (its
automaton exceeds its own size limits). Split the rules into several engines.";

    /// A term option cannot stand beside this kind of condition.
    OptionNotHere = "R031", "option not allowed beside this condition",
"Options such as `min_matches`, `pinyin` or `split` apply to terms (`keywords`, `substrings`,
`list`, `file`); `regex` takes only `normalize`; `any`, `all`, `not` and `near` take none.";

    /// A key appears twice in one mapping.
    DuplicateKey = "R032", "duplicate key",
"A key appears twice in one mapping. YAML parsers differ on which value wins, so neither is
taken: remove one.";

    /// `allow:` names something that is not a warning code.
    NotAWarning = "R033", "`allow` names no warning",
"A rule's `allow:` lists warning codes (`W001`...) to silence for that rule. Errors cannot be
allowed, and an unknown code is most likely a typo.

```yaml
  - id: profanity.short
    allow: [W001]
    match: {keywords: [f]}
```";

    /// A `dsa:` value the Transparency Database does not accept.
    DsaValue = "R034", "value the DSA Transparency Database does not accept",
"A `dsa:` block (docs/DSA.md) holds a value that the EU DSA Transparency Database would reject,
so every statement built from it would be refused: a `category`, `specification` or
`visibility` outside the database's enumerations (schema of 1 July 2025), a territorial
`scope` outside the EU and EEA, a legal ground or terms reference over 500 characters, an
explanation over 2,000, a `url` that is not http(s).

```yaml
dsa:
  categories:
    drugs.sale:
      category: STATEMENT_CATEGORY_DRUGS     # did you mean `STATEMENT_CATEGORY_VIOLENCE`?
      terms: Terms of service, section 3
```

The hint names the nearest allowed value, or lists them.";

    /// A category restricted in an EU/EEA jurisdiction has no DSA mapping.
    DsaUnmapped = "R035", "EU-restricted category without a DSA mapping",
"A rule's category is restricted (held, or flagged where the jurisdiction's `dsa.visibility`
gives a visibility for flagged content) in a jurisdiction of the EU or EEA, but no `dsa:`
block maps it to the Transparency Database's category and a terms-of-service ground. `redline
sor` could not write the statement of reasons the Digital Services Act (Art. 17, 24(5))
requires for it.

```yaml
pack: drugs
dsa:
  categories:
    drugs:                               # the category or a dotted prefix of it
      category: STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS
      specification: [KEYWORD_PROHIBITED_PRODUCTS]
      terms: Community guidelines, section 4 (regulated goods)
```

A jurisdiction may also name the law (`dsa.illegal`); the category mapping is needed either
way. Rule sets without any `dsa:` block do not take part in `redline sor` and are not checked
for this.";

    /// A one-letter term.
    SingleLetter = "W001", "one-letter term",
"A keyword or substring is a single letter, which matches very often. Use a longer term, or a
regex with context. If it is meant, silence it for the rule with `allow: [W001]`.";

    /// A rule fires exactly when an earlier one does.
    ShadowedRule = "W002", "rule shadowed by an identical rule",
"Two rules have the same condition, `unless`, `when` and fields, so they always fire together;
one of them is probably a copy left behind. Merge them, or tell them apart.";

    /// A term that alone fires a rule matches an everyday word.
    EverydayWord = "W003", "term matches an everyday word",
"A term that fires its rule on its own matches a common, innocent word (for example `ass` in
`class`, with substring matching). Make the term more specific, add an `unless:` for the
innocent use, or silence the warning for the rule with `allow: [W003]` when the hit is
intended.";

    /// A jurisdiction overrides a rule that is not loaded.
    UnknownOverride = "W004", "override of an unknown rule",
"A jurisdiction's `rules:` sets an action for a rule id that no loaded rule has. It may be a
typo, or a rule that was renamed or removed.";
}

impl Code {
    /// Errors stop the rules from loading; warnings do not.
    pub fn severity(self) -> Severity {
        if self.as_str().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// The code written as `R007` or `W003` (case-insensitive).
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(s))
    }

    /// The registry as Markdown: the text of `docs/DIAGNOSTICS.md`.
    pub fn markdown() -> String {
        let mut out = String::from(
            "# Diagnostics\n\n\
             <!-- Generated from crates/policy/src/code.rs by \
             `redline check --explain all > docs/DIAGNOSTICS.md`; do not edit. -->\n\n\
             Every diagnostic of `redline check` has a stable code: `R0xx` errors stop the \
             rules from loading, `W0xx` warnings do not. `redline check --explain CODE` \
             prints one entry. Warnings can be silenced per code (`--allow W003`), made \
             errors per code (`--deny W001`) or all at once (`--deny-warnings`), and \
             silenced for one rule with `allow: [W003]` on the rule.\n\n\
             | code | title |\n| --- | --- |\n",
        );
        for c in Code::ALL {
            out.push_str(&format!("| [{c}](#{}) | {} |\n", c.anchor(), c.title()));
        }
        for c in Code::ALL {
            out.push_str(&format!("\n## {c}: {}\n\n{}\n", c.title(), c.explanation()));
        }
        out
    }

    /// The Markdown heading anchor of the code's entry.
    fn anchor(self) -> String {
        let heading = format!("{}: {}", self.as_str(), self.title());
        heading
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect()
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_well_formed_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for &c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert_eq!(s.len(), 4, "{s}");
            assert!(s.starts_with('R') || s.starts_with('W'), "{s}");
            assert!(s[1..].bytes().all(|b| b.is_ascii_digit()), "{s}");
            assert_eq!(Code::parse(&s.to_lowercase()), Some(c));
            assert!(!c.title().is_empty() && c.explanation().len() > c.title().len());
        }
        assert_eq!(Code::parse("R999"), None);
        assert_eq!(Code::SingleLetter.severity(), Severity::Warning);
        assert_eq!(Code::BadRegex.severity(), Severity::Error);
    }
}
