//! Command-line flags (clap), kept apart from what the commands do.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Content-moderation rules engine: YAML rules, per-jurisdiction verdicts.
#[derive(Debug, Parser)]
#[command(name = "redline", version, about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Judge JSONL posts: one decision per non-blank line, in input order.
    Moderate(Moderate),
    /// Validate rules: print every diagnostic; exit 1 on any error.
    Check(Check),
    /// Run every rule's `tests:` examples; exit 1 on any failure.
    Test(RulesArgs),
    /// Show, for one text, each match, why it matched and what each
    /// jurisdiction does about it.
    Explain(Explain),
    /// Judge the same posts under two rule sets and report what changed.
    Diff(Diff),
    /// Judge posts from a Redis Stream through a consumer group; write
    /// decisions to an output stream; acknowledge after writing.
    Consume(Consume),
    /// Turn `moderate --stats` or `diff` output into one self-contained
    /// HTML page with charts.
    Report(Report),
    /// Write EU DSA statements of reasons for posts restricted in an EU/EEA
    /// jurisdiction, in batches of at most 100 per line.
    Sor(Sor),
}

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    /// Rules file or directory (repeatable); default: the built-in rules.
    #[arg(long = "rules", value_name = "PATH")]
    pub(crate) rules: Vec<PathBuf>,
}

/// Post-side limits (see `docs/THREATS.md`).
#[derive(Debug, Args)]
pub(crate) struct LimitArgs {
    /// Longest input line in bytes; longer lines become `too_large` records.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub(crate) max_line_bytes: usize,
    /// Most items in a list field such as `hashtags`; more is a `limit` record.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub(crate) max_hashtags: usize,
    /// Most spans listed per fired rule and field; the last one listed
    /// says how many more were left out (`"more": K`).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 32,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub(crate) max_spans: u32,
}

impl LimitArgs {
    /// The engine limits these flags set (the rest at their defaults).
    pub(crate) fn limits(&self) -> redline_policy::Limits {
        redline_policy::Limits::default()
            .with_max_line_bytes(self.max_line_bytes)
            .with_max_hashtags(self.max_hashtags)
            .with_max_spans(self.max_spans as usize)
    }
}

/// `--jurisdiction`: the jurisdictions for posts that name none.
#[derive(Debug, Args)]
pub(crate) struct DefaultJurisdictions {
    /// Judge posts without a `jurisdictions` field under CODE (repeatable);
    /// default: every jurisdiction loaded.
    #[arg(long = "jurisdiction", value_name = "CODE")]
    codes: Vec<String>,
}

// Commands pass `&args.jurisdictions` straight on as the list of codes.
impl std::ops::Deref for DefaultJurisdictions {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.codes
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum OnError {
    Held,
    Flagged,
    Allowed,
}

#[derive(Debug, Args)]
pub(crate) struct Moderate {
    /// JSONL files, or `-` for stdin (the default).
    #[arg(value_name = "INPUT")]
    pub(crate) inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) rules: RulesArgs,
    #[command(flatten)]
    pub(crate) jurisdictions: DefaultJurisdictions,
    /// Write decisions to FILE instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Worker threads; default (and 0): all cores. Output order never depends on it.
    #[arg(long, value_name = "N")]
    pub(crate) threads: Option<usize>,
    /// Verdict for lines that cannot be judged.
    #[arg(long = "on-error", value_enum, default_value = "held")]
    pub(crate) on_error: OnError,
    /// Write per-rule hits, per-jurisdiction verdicts and posts/s as JSON.
    #[arg(long, value_name = "FILE")]
    pub(crate) stats: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

impl From<OnError> for redline_policy::Verdict {
    fn from(o: OnError) -> Self {
        match o {
            OnError::Held => redline_policy::Verdict::Held,
            OnError::Flagged => redline_policy::Verdict::Flagged,
            OnError::Allowed => redline_policy::Verdict::Allowed,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct Check {
    #[command(flatten)]
    pub(crate) rules: RulesArgs,
    /// Output format of diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    pub(crate) format: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// Silence a warning code (repeatable; wins over `--deny`).
    #[arg(long, value_name = "CODE", value_parser = warning_code)]
    pub(crate) allow: Vec<redline_policy::Code>,
    /// Treat one warning code as an error (repeatable).
    #[arg(long, value_name = "CODE", value_parser = warning_code)]
    pub(crate) deny: Vec<redline_policy::Code>,
    /// Print what a diagnostic code means and exit (`all`: every code, as
    /// Markdown).
    #[arg(long, value_name = "CODE")]
    pub(crate) explain: Option<String>,
}

/// A warning code for `--allow` and `--deny`.
fn warning_code(s: &str) -> Result<redline_policy::Code, String> {
    redline_policy::Code::parse(s)
        .filter(|c| c.severity() == redline_policy::Severity::Warning)
        .ok_or_else(|| format!("`{s}` is not a warning code (W001, W002, ...)"))
}

#[derive(Debug, Args)]
pub(crate) struct Explain {
    #[command(flatten)]
    pub(crate) rules: RulesArgs,
    /// Jurisdictions to show (repeatable); default: every one loaded.
    #[arg(long = "jurisdiction", value_name = "CODE")]
    pub(crate) jurisdictions: Vec<String>,
    /// The text to explain.
    pub(crate) text: String,
}

#[derive(Debug, Args)]
pub(crate) struct Diff {
    /// The current rules (file or directory).
    #[arg(long, value_name = "PATH")]
    pub(crate) old: PathBuf,
    /// The proposed rules (file or directory).
    #[arg(long, value_name = "PATH")]
    pub(crate) new: PathBuf,
    /// JSONL files, or `-` for stdin (the default).
    #[arg(value_name = "INPUT")]
    pub(crate) inputs: Vec<PathBuf>,
    /// Judge posts without a `jurisdictions` field under CODE (repeatable).
    #[arg(long = "jurisdiction", value_name = "CODE")]
    pub(crate) jurisdictions: Vec<String>,
    /// Write the report to FILE instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Worker threads; default (and 0): all cores.
    #[arg(long, value_name = "N")]
    pub(crate) threads: Option<usize>,
}

#[derive(Debug, Args)]
pub(crate) struct Consume {
    /// Redis server URL.
    #[arg(
        long = "redis",
        value_name = "URL",
        default_value = "redis://127.0.0.1:6379"
    )]
    pub(crate) redis: String,
    /// Input stream: each entry holds one JSON post in its `post` field.
    #[arg(long, value_name = "NAME", default_value = "redline:posts")]
    pub(crate) stream: String,
    /// Consumer group shared by every worker (created at `0` if missing).
    #[arg(long, value_name = "NAME", default_value = "redline")]
    pub(crate) group: String,
    /// This worker's name in the group; default: hostname-pid.
    #[arg(long, value_name = "NAME")]
    pub(crate) consumer: Option<String>,
    /// Stream the decisions are added to.
    #[arg(
        long = "output-stream",
        value_name = "NAME",
        default_value = "redline:decisions"
    )]
    pub(crate) output_stream: String,
    #[command(flatten)]
    pub(crate) rules: RulesArgs,
    #[command(flatten)]
    pub(crate) jurisdictions: DefaultJurisdictions,
    /// Most entries read (or reclaimed) and judged together.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 256,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub(crate) batch: u64,
    /// How long one read waits for new entries, in milliseconds (at
    /// least 1: a worker never blocks forever, so it keeps reclaiming).
    #[arg(
        long = "block-ms",
        value_name = "MS",
        default_value_t = 2000,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub(crate) block_ms: u64,
    /// Entries pending longer than this on any consumer (a dead worker)
    /// are reclaimed and judged here, in milliseconds.
    #[arg(long = "claim-idle-ms", value_name = "MS", default_value_t = 30000)]
    pub(crate) claim_idle_ms: u64,
    /// Verdict for entries that cannot be judged.
    #[arg(long = "on-error", value_enum, default_value = "held")]
    pub(crate) on_error: OnError,
    /// Exit 0 once a read finds nothing new and nothing in the group is
    /// pending (for batch jobs and tests).
    #[arg(long = "exit-when-idle")]
    pub(crate) exit_when_idle: bool,
    /// Exit 0 after judging N entries.
    #[arg(long = "max-messages", value_name = "N")]
    pub(crate) max_messages: Option<u64>,
    /// Worker threads; default (and 0): all cores.
    #[arg(long, value_name = "N")]
    pub(crate) threads: Option<usize>,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

#[derive(Debug, Args)]
pub(crate) struct Report {
    /// A `moderate --stats` file or `diff` output (recognised by content);
    /// `-` or none: stdin.
    #[arg(value_name = "INPUT")]
    pub(crate) input: Option<PathBuf>,
    /// Write the page to FILE instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct Sor {
    /// JSONL posts, or `-` for stdin (the default).
    #[arg(value_name = "POSTS")]
    pub(crate) inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) rules: RulesArgs,
    #[command(flatten)]
    pub(crate) jurisdictions: DefaultJurisdictions,
    /// Decision time (`application_date`), RFC 3339 or Unix seconds;
    /// default: now.
    #[arg(long, value_name = "TIME")]
    pub(crate) now: Option<String>,
    /// Decisions written earlier by `moderate`, joined to POSTS by `id`,
    /// instead of judging POSTS here.
    #[arg(long, value_name = "FILE")]
    pub(crate) decisions: Option<PathBuf>,
    /// Write the batches to FILE instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}
