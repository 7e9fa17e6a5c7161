//! Verdicts, actions and severities.

use std::fmt;

use serde::{Serialize, Serializer};

/// What a post gets: ordered `Allowed < Flagged < Held`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing that counts here fired.
    #[default]
    Allowed,
    /// Published with a label, or queued for review after the fact.
    Flagged,
    /// Held back until a person reviews it.
    Held,
}

impl Verdict {
    /// Every verdict, least restrictive first.
    pub const ALL: [Verdict; 3] = [Verdict::Allowed, Verdict::Flagged, Verdict::Held];

    /// The lower-case name used in JSON (`"held"`).
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Allowed => "allowed",
            Verdict::Flagged => "flagged",
            Verdict::Held => "held",
        }
    }

    /// Parses `allowed`, `flagged` or `held`.
    pub fn parse(s: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.name() == s)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a rule does when it fires under a jurisdiction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// The rule does not count here.
    Allow,
    /// The post is flagged.
    Flag,
    /// The post is held for review.
    Hold,
}

impl Action {
    pub(crate) const NAMES: [&'static str; 3] = ["allow", "flag", "hold"];

    /// Parses `allow`, `flag` or `hold`.
    pub fn parse(s: &str) -> Option<Action> {
        match s {
            "allow" => Some(Action::Allow),
            "flag" => Some(Action::Flag),
            "hold" => Some(Action::Hold),
            _ => None,
        }
    }

    /// The name as written in rules (`"hold"`).
    pub fn name(self) -> &'static str {
        Action::NAMES[self as usize]
    }

    /// The verdict this action gives.
    pub fn verdict(self) -> Verdict {
        match self {
            Action::Allow => Verdict::Allowed,
            Action::Flag => Verdict::Flagged,
            Action::Hold => Verdict::Held,
        }
    }
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How bad a rule's content is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleSeverity {
    /// Low.
    Low,
    /// Medium (the default).
    Medium,
    /// High.
    High,
    /// Critical.
    Critical,
}

impl RuleSeverity {
    pub(crate) const NAMES: [&'static str; 4] = ["low", "medium", "high", "critical"];

    /// Parses `low`, `medium`, `high` or `critical`.
    pub fn parse(s: &str) -> Option<RuleSeverity> {
        [
            RuleSeverity::Low,
            RuleSeverity::Medium,
            RuleSeverity::High,
            RuleSeverity::Critical,
        ]
        .into_iter()
        .find(|v| v.name() == s)
    }

    /// The name as written in rules.
    pub fn name(self) -> &'static str {
        RuleSeverity::NAMES[self as usize]
    }
}

impl Serialize for RuleSeverity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}
