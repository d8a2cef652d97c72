//! Command-line interface (clap derive). `main.rs` parses [`Cli`] and hands it to
//! [`crate::run`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::analyse::DocKind;

#[derive(Debug, Parser)]
#[command(
    name = "tenderlint",
    version,
    about = "Lint bids, subcontracts, consortium agreements and MoUs for the traps that cost small charities money",
    long_about = None,
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check documents and report problems (exit 0: none, 1: problems, 2: a file or rule could not be read).
    Check(CheckArgs),
    /// List the rules: id, kind, document kinds, severity.
    Rules(RulesArgs),
    /// Explain a rule: what it checks, why it matters, and a compliant example.
    Explain(ExplainArgs),
    /// Write a copy of a Word, OpenDocument or PDF file with each problem as a comment on its
    /// words (the original is never changed).
    Review(ReviewArgs),
    /// Print what tenderlint read from a document: its text, and with options its blocks and facts.
    Extract(ExtractArgs),
    /// Run every rule's `[[examples]]` and report the ones that fail.
    TestRules(TestRulesArgs),
    /// Write a commented starter tenderlint.toml in the current folder.
    Init(InitArgs),
    /// Start the local app: a page in your web browser to drop documents on, read what to fix
    /// and download them with comments. Nothing leaves this computer.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

#[cfg(feature = "serve")]
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The port to listen on, on this computer only (127.0.0.1); default: a free one.
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Do not open the page in the web browser (print its address only).
    #[arg(long)]
    pub no_open: bool,
    /// A folder of extra rule files (*.toml), added to the built-in rules. Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    #[command(flatten)]
    pub settings: ConfigArgs,
    /// How many documents are checked at once (default: one per CPU); more wait their turn.
    #[arg(long, value_name = "N")]
    pub threads: Option<std::num::NonZeroUsize>,
}

/// Where settings come from: shared by the commands that read tenderlint.toml.
#[derive(Debug, Default, clap::Args)]
pub struct ConfigArgs {
    /// Use this configuration file instead of the nearest tenderlint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore any tenderlint.toml.
    #[arg(long)]
    pub isolated: bool,
    /// Start from a shipped profile: bid-writer, small-charity-signing or ci-strict (instead of
    /// the configuration's `profile`).
    #[arg(long, value_name = "NAME", value_parser = parse_profile)]
    pub profile: Option<String>,
    /// Set a safety limit for this run, over tenderlint.toml's `[limits]` (repeatable), e.g.
    /// `--limit seconds-per-document=120`. Keys: file-size-mb, part-size-mb, unpacked-size-mb,
    /// compression-ratio, xml-depth, pdf-depth, pages, pdf-objects, zip-entries,
    /// seconds-per-document, regex-size-kb.
    #[arg(long = "limit", value_name = "KEY=VALUE", value_parser = parse_limit)]
    pub limits: Vec<String>,
}

fn parse_limit(pair: &str) -> Result<String, String> {
    crate::limits::Limits::default().set_pair(pair)?;
    Ok(pair.to_string())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Diagnostics for people (on standard error).
    Human,
    /// One line per finding, `path:place: severity rule message`, then a summary line (on
    /// standard output): for grep, editors and a quick look.
    Concise,
    /// One JSON document (on standard output).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.
    Sarif,
    /// GitHub Actions workflow commands (::error file=…), shown as annotations on a pull request.
    Github,
    /// A JUnit XML test report: one test case per document, a failure per finding.
    Junit,
    /// A Word review report for people who never open a terminal (needs --output or a pipe).
    Docx,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check (default: the current folder, unless `--pack` names what to
    /// check). Folders are searched for .md, .markdown, .docx, .docm, .odt, .pdf, .doc, .xlsx,
    /// .xlsm, .ods and .csv files.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Write the report to this file instead of standard output (standard error for human).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A folder of extra rule files (*.toml), added to the built-in rules. Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Check the documents in this folder as one pack: rules are answered over all of them
    /// (a dispute clause in the core terms answers for every schedule), and findings still
    /// point at the file where the words are. Repeatable.
    #[arg(long, value_name = "DIR")]
    pub pack: Vec<PathBuf>,
    /// Treat every document as this kind, whatever its title or front matter says.
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<DocKind>,
    /// Never colour the output.
    #[arg(long)]
    pub no_color: bool,
    #[command(flatten)]
    pub settings: ConfigArgs,
    /// Print the settings that apply (from tenderlint.toml and the defaults) and exit.
    #[arg(long)]
    pub show_config: bool,
    /// Run only these rules (comma-separated ids), instead of the configuration's `select`.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub select: Option<Vec<String>>,
    /// Also skip these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub ignore: Vec<String>,
    /// Leave out findings in this baseline file (see --write-baseline); list its stale entries.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write every current finding to this baseline file, report nothing, and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Check only part K of N of the files (e.g. 2/4), split stably by path, for parallel CI jobs.
    #[arg(long, value_name = "K/N", value_parser = parse_partition)]
    pub partition: Option<(u32, u32)>,
    /// The name to report (and match configuration globs against) for a document read from
    /// standard input (`-`).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Exit 0 even when there are findings (2 still means a file could not be read).
    #[arg(long)]
    pub exit_zero: bool,
    /// Report only on files changed since this git revision (committed since, staged, modified
    /// or new): for pull-request gates, e.g. `--diff-base origin/main`.
    #[arg(long, value_name = "REV")]
    pub diff_base: Option<String>,
    /// Skip files named on the command line that `exclude` or a .tenderlintignore would skip in
    /// a folder walk (for pre-commit and editors, which name every file).
    #[arg(long)]
    pub force_exclude: bool,
    /// The least severe finding that makes the run exit 1: error, warning (the default) or
    /// info. Findings below it are still reported.
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = Level::Warning)]
    pub fail_on: Level,
    /// Report only findings at or above this severity: error, warning or info (over
    /// tenderlint.toml's `min-severity`).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub min_severity: Option<Level>,
    /// Exit 1 when a document was read but not checked (no rule applies to it: its kind could
    /// not be told), as for findings. Also `fail-on-unchecked = true` in tenderlint.toml.
    #[arg(long)]
    pub fail_on_unchecked: bool,
    /// Print findings only: no summary, read warnings or progress.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Never show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Check this many documents at once (default: one per CPU). Output does not depend on it.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// The document to review: .docx, .docm, .odt or .pdf.
    pub file: PathBuf,
    /// Where to write the reviewed copy (default: beside the file, as NAME.reviewed.EXT). Never
    /// the file itself.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A folder of extra rule files (*.toml), added to the built-in rules. Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Treat the document as this kind, whatever its title says.
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<DocKind>,
    #[command(flatten)]
    pub settings: ConfigArgs,
    /// Run only these rules (comma-separated ids), instead of the configuration's `select`.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub select: Option<Vec<String>>,
    /// Also skip these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub ignore: Vec<String>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Overwrite an existing tenderlint.toml.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// A folder of extra rule files to include. Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Print every rule's documentation as Markdown (docs/rules.md is this, for the shipped rules).
    #[arg(long)]
    pub markdown: bool,
    #[command(flatten)]
    pub settings: ConfigArgs,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. unfunded-partner.
    pub rule: String,
    /// A folder of extra rule files to include. Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    #[command(flatten)]
    pub settings: ConfigArgs,
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// The document to read.
    pub file: PathBuf,
    /// Also list the blocks (headings, paragraphs, list items, table rows) with their locations.
    #[arg(long)]
    pub blocks: bool,
    /// Also list what the analysis found: kind, organisations and roles, money, percentages, targets.
    #[arg(long)]
    pub facts: bool,
    /// How to print the facts: text, or json (one JSON document; implies --facts).
    #[arg(long, value_enum, default_value_t = ExtractFormat::Text)]
    pub format: ExtractFormat,
    /// Treat the document as this kind.
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<DocKind>,
}

/// A severity as the command line names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl From<Level> for crate::diagnostic::Severity {
    fn from(level: Level) -> Self {
        match level {
            Level::Error => crate::diagnostic::Severity::Error,
            Level::Warning => crate::diagnostic::Severity::Warning,
            Level::Info => crate::diagnostic::Severity::Info,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// For people.
    Text,
    /// The facts as one JSON document (README, "What the analysis finds").
    Json,
}

#[derive(Debug, clap::Args)]
pub struct TestRulesArgs {
    /// Folders of rule files to test. Without one, the built-in rules are tested.
    pub dirs: Vec<PathBuf>,
    /// Also fail every rule that lacks a flagged or a clear example, and print the counts.
    #[arg(long)]
    pub coverage: bool,
}

fn parse_profile(value: &str) -> Result<String, String> {
    let names = crate::config::profile_names();
    if names.contains(&value) {
        Ok(value.to_string())
    } else {
        Err(format!(
            "no profile {value:?}{}; profiles are: {}",
            crate::wording::did_you_mean(value, names.iter().copied()),
            names.join(", ")
        ))
    }
}

fn parse_kind(value: &str) -> Result<DocKind, String> {
    value.parse()
}

/// "K/N" with 1 <= K <= N.
fn parse_partition(value: &str) -> Result<(u32, u32), String> {
    let usage = || format!("expected K/N with 1 <= K <= N, such as 1/3, not {value:?}");
    let (k, n) = value.split_once('/').ok_or_else(usage)?;
    let k: u32 = k.trim().parse().map_err(|_| usage())?;
    let n: u32 = n.trim().parse().map_err(|_| usage())?;
    if k == 0 || n == 0 || k > n {
        return Err(usage());
    }
    Ok((k, n))
}
