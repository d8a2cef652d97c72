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
    /// Print what tenderlint read from a document: its text, and with options its blocks and facts.
    Extract(ExtractArgs),
    /// Run every rule's [[examples]] and report the ones that fail.
    TestRules(TestRulesArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Diagnostics for people (on standard error).
    Human,
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
    /// Files or folders to check. Folders are searched for .md, .markdown, .docx, .docm, .odt, .pdf and .doc files.
    #[arg(default_value = ".")]
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
    /// Treat every document as this kind, whatever its title or front matter says.
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<DocKind>,
    /// Never colour the output.
    #[arg(long)]
    pub no_color: bool,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// A folder of extra rule files to include. Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. unfunded-partner.
    pub rule: String,
    /// A folder of extra rule files to include. Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
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
    /// Treat the document as this kind.
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<DocKind>,
}

#[derive(Debug, clap::Args)]
pub struct TestRulesArgs {
    /// Folders of rule files to test. Without one, the built-in rules are tested.
    pub dirs: Vec<PathBuf>,
}

fn parse_kind(value: &str) -> Result<DocKind, String> {
    value.parse()
}
