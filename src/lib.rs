//! tenderlint: a linter for tender documents.
//!
//! Data flows one way:
//!
//! ```text
//! input (paths) → extract (bytes → Document) → analyse (facts) → rules (findings) → report
//! ```
//!
//! - [`document`]: the shared model: normalised text, blocks, sections, source map;
//! - [`extract`]: format sniffing and the extractors (Markdown today);
//! - [`analyse`]: document kind, organisations and roles, money, percentages, targets;
//! - [`rules`]: rule files (`rules/**/*.toml`) and the four rule kinds;
//! - [`engine`]: every file × every applicable rule, in parallel, in a stable order, each
//!   document contained on a worker under its [`limits`];
//! - [`suppress`]: Markdown suppression comments; [`baseline`]: accepted findings;
//! - [`report`]: human (miette), JSON, SARIF, GitHub, JUnit and a Word review report;
//! - [`config`] reads `tenderlint.toml`;
//! - [`cli`]: the command line; [`run`] executes a parsed command and returns the exit status.

pub mod analyse;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod extract;
#[doc(hidden)]
pub mod fuzzing;
pub mod limits;
pub mod lint;
pub mod report;
pub mod rules;
pub mod suppress;
pub mod toml_error;
pub mod wording;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use cli::{
    CheckArgs, Cli, Command, ConfigArgs, ExplainArgs, ExtractArgs, InitArgs, OutputFormat,
    TestRulesArgs,
};
use config::{Config, ConfigError};
use diagnostic::FileResult;
use document::{BlockKind, Document};
use engine::Options;
use report::Summary;
use rules::{RuleError, RuleSet};

/// How a run ended. 0: nothing at warning level or above; 1: findings; 2: a file, rule or
/// argument could not be used. A closed output pipe is not an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    Clean = 0,
    Findings = 1,
    Error = 2,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(status as u8)
    }
}

/// A file of gitignore-style patterns that folder walks skip, like `.gitignore`.
pub const IGNORE_FILE: &str = ".tenderlintignore";

/// Extensions searched for when walking a folder.
/// `.doc` is included so that a Word 97-2003 file in a folder gets its "save it as .docx" error
/// rather than being passed over in silence.
const EXTENSIONS: &[&str] = &["md", "markdown", "docx", "docm", "odt", "pdf", "doc"];

/// Run a parsed command line.
pub fn run(cli: Cli) -> ExitStatus {
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => {
            load_configured(&args.rules, &args.settings, None).and_then(|run| {
                if args.markdown {
                    let mut out = std::io::stdout().lock();
                    write!(out, "{}", report::rule_docs::markdown(&run.rules))?;
                    Ok(ExitStatus::Clean)
                } else {
                    list_rules(&run)
                }
            })
        }
        Command::Explain(args) => explain(args),
        Command::Extract(args) => extract(args),
        Command::TestRules(args) => test_rules(args),
        Command::Init(args) => init(args),
    };
    match result {
        Ok(status) => status,
        Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Clean,
        Err(Failure::Io(e)) => {
            eprintln!("tenderlint: {e}");
            ExitStatus::Error
        }
        Err(Failure::Rules(errors)) => {
            for error in errors {
                eprintln!("{:?}", miette::Report::new(error));
            }
            ExitStatus::Error
        }
        Err(Failure::Config(error)) => {
            eprintln!("{:?}", miette::Report::new(*error));
            ExitStatus::Error
        }
        Err(Failure::Usage(message)) => {
            eprintln!("tenderlint: {message}");
            ExitStatus::Error
        }
    }
}

enum Failure {
    Io(std::io::Error),
    Rules(Vec<RuleError>),
    Config(Box<ConfigError>),
    Usage(String),
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Io(error)
    }
}

fn load_rules(dirs: &[PathBuf]) -> Result<RuleSet, Failure> {
    let mut rules = RuleSet::builtin().map_err(Failure::Rules)?;
    for dir in dirs {
        rules.add_dir(dir).map_err(Failure::Rules)?;
    }
    Ok(rules)
}

/// The rules and settings for a run: built-in rules, `--rules` folders, the configuration's
/// `rules-dirs`, then the configuration's and the command line's select/ignore, severities and
/// thresholds applied.
struct Configured {
    rules: RuleSet,
    config: Config,
    /// Every rule id before select/ignore.
    known: Vec<String>,
    /// Rule ids whose settings the configuration changed, for `tenderlint rules`.
    changed: Vec<String>,
    /// Rule ids whose settings the profile changed.
    profile_changed: Vec<String>,
}

fn load_configured(
    dirs: &[PathBuf],
    settings: &ConfigArgs,
    cli_select: Option<(&Option<Vec<String>>, &[String])>,
) -> Result<Configured, Failure> {
    let path = if settings.isolated {
        None
    } else {
        match &settings.config {
            Some(path) => Some(path.clone()),
            None => std::env::current_dir()
                .ok()
                .and_then(|dir| config::discover(&dir)),
        }
    };
    // The limits first: `regex-size-kb` applies while the rules compile.
    let mut limits = match &path {
        Some(path) => config::read_limits(path).map_err(Failure::Config)?,
        None => limits::Limits::default(),
    };
    for pair in &settings.limits {
        limits.set_pair(pair).map_err(Failure::Usage)?;
    }
    let mut run = limits::within(&limits, || {
        load_configured_with(dirs, settings, cli_select, path)
    })?;
    run.config.limits = limits;
    Ok(run)
}

fn load_configured_with(
    dirs: &[PathBuf],
    settings: &ConfigArgs,
    cli_select: Option<(&Option<Vec<String>>, &[String])>,
    path: Option<PathBuf>,
) -> Result<Configured, Failure> {
    let mut rules = load_rules(dirs)?;
    let mut config = Config::default();
    if let Some(path) = path {
        // Rule packs named by the configuration are loaded first, so it may name their rules.
        for dir in config::rules_dirs(&path) {
            rules.add_dir(&dir).map_err(Failure::Rules)?;
        }
        config = config::load(&path, &rules).map_err(Failure::Config)?;
    }
    // The file's settings win over its profile's; `--profile` names the profile instead of it.
    let file_changed: Vec<String> = config.rules.keys().cloned().collect();
    let mut profile_changed = Vec::new();
    if let Some(name) = settings.profile.clone().or_else(|| config.profile.clone()) {
        let profile = config::profile(&name, &rules).map_err(Failure::Config)?;
        profile_changed = profile.rules.keys().cloned().collect();
        config = config.over(profile);
    }
    let known: Vec<String> = rules.rules.iter().map(|r| r.id.clone()).collect();
    if let Some((select, ignore)) = cli_select {
        for id in select.iter().flatten().chain(ignore) {
            if !known.contains(id) && !diagnostic::is_notice(id) {
                return Err(Failure::Usage(format!(
                    "no rule {id:?}; rules are: {}",
                    known.join(", ")
                )));
            }
        }
        if select.is_some() {
            config.select.clone_from(select);
        }
        config.ignore.extend(ignore.iter().cloned());
    }
    config.apply_to_rules(&mut rules);
    Ok(Configured {
        rules,
        config,
        known,
        changed: file_changed,
        profile_changed,
    })
}

fn check(args: CheckArgs) -> Result<ExitStatus, Failure> {
    let run = load_configured(
        &args.rules,
        &args.settings,
        Some((&args.select, &args.ignore)),
    )?;
    if args.show_config {
        let mut out = std::io::stdout().lock();
        write!(out, "{}", run.config.show())?;
        return Ok(ExitStatus::Clean);
    }
    let options = Options {
        lint: lint::Options {
            kind: args.kind,
            config: run.config.clone(),
            known_rules: run.known.clone(),
        },
        limits: run.config.limits,
        threads: args.threads.map(usize::from),
    };
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && args.paths.len() > 1 {
        return Err(Failure::Usage(
            "`-` (standard input) cannot be combined with other paths".into(),
        ));
    }
    let baseline = match (&args.baseline, &args.write_baseline) {
        // Writing a baseline records every finding, whatever an old one holds.
        (Some(path), None) => Some(baseline::Baseline::read(path).map_err(Failure::Usage)?),
        _ => None,
    };
    let mut sink = Sink {
        filter: baseline.as_ref().map(baseline::Baseline::filter),
        summary: Summary::default(),
        kept: Vec::new(),
        stream: None,
        failed: None,
    };
    if stdin {
        let mut bytes = Vec::new();
        // One byte past the file-size limit is enough to refuse it (and `< /dev/zero` ends).
        std::io::stdin()
            .lock()
            .take(run.config.limits.file_size.saturating_add(1))
            .read_to_end(&mut bytes)?;
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        sink.take(engine::check_file(
            &name,
            Some(&bytes),
            &run.rules,
            &options,
        ));
    } else {
        let (mut files, mut missing) = collect_paths(&args.paths, &run.config);
        // A report written into a folder being checked (review.docx) is not a document.
        if let Some(output) = args.output.as_ref().and_then(|o| o.canonicalize().ok()) {
            files.retain(|f| f.canonicalize().ok().as_ref() != Some(&output));
        }
        if let Some((k, n)) = args.partition {
            files.retain(|f| in_partition(f, k, n));
            missing.retain(|m| in_partition(&m.path, k, n));
        }
        // Results come back in the order of `files`: sorted, they can be printed as they come.
        files.sort();
        missing.sort_by(|a, b| a.path.cmp(&b.path));
        let streams = matches!(
            args.format,
            OutputFormat::Human | OutputFormat::Github | OutputFormat::Json
        ) && !args.statistics
            && args.write_baseline.is_none();
        if streams {
            sink.stream = Some(open_stream(&args)?);
        }
        let bar = progress_bar(&args, files.len());
        let tick = || {
            if let Some(bar) = &bar {
                bar.inc(1);
            }
        };
        let mut missing = missing.into_iter().peekable();
        engine::check_paths(&files, &run.rules, &options, &tick, &mut |result| {
            while let Some(absent) = missing.next_if(|m| m.path < result.path) {
                sink.take(absent);
            }
            match &bar {
                Some(bar) => bar.suspend(|| sink.take(result)),
                None => sink.take(result),
            }
        });
        for absent in missing {
            sink.take(absent);
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
    }
    if let Some(error) = sink.failed.take() {
        return Err(error.into());
    }
    let Sink {
        filter,
        summary,
        kept: mut results,
        stream,
        ..
    } = sink;
    results.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(path) = &args.write_baseline {
        let baseline = baseline::Baseline::of(&results);
        baseline.write(path).map_err(|e| {
            Failure::Usage(format!("cannot write the baseline {}: {e}", path.display()))
        })?;
        eprintln!(
            "tenderlint: wrote {} finding(s) to the baseline {}",
            baseline.entries.len(),
            path.display()
        );
        return Ok(if summary.tool_errors > 0 {
            ExitStatus::Error
        } else {
            ExitStatus::Clean
        });
    }
    if let (Some(path), Some(filter)) = (&args.baseline, filter) {
        let stale = filter.stale();
        if !stale.is_empty() {
            eprintln!(
                "tenderlint: {} stale baseline entr{} in {} (no longer found; remove them or run --write-baseline again):",
                stale.len(),
                if stale.len() == 1 { "y" } else { "ies" },
                path.display()
            );
            for entry in &stale {
                let subject = if entry.subject.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", entry.subject)
                };
                eprintln!(
                    "  {} {}{subject}: \"{}\"",
                    entry.file, entry.rule, entry.text
                );
            }
        }
    }
    match stream {
        Some(Stream {
            mut out,
            format,
            style,
            json,
        }) => {
            match format {
                OutputFormat::Github => report::github::write_summary(&mut out, &summary)?,
                OutputFormat::Json => json.finish(&mut out, &summary)?,
                _ => report::human::write_summary(&mut out, &summary, style)?,
            }
            out.flush()?;
        }
        None if args.statistics => write_statistics(&results, &summary)?,
        None => write_report(&args, &results, &run.rules)?,
    }
    // The rules and their compiled patterns are dropped with the process, not one by one.
    std::mem::forget(run);
    let status = status(&summary);
    Ok(if args.exit_zero && status == ExitStatus::Findings {
        ExitStatus::Clean
    } else {
        status
    })
}

/// Where results go as the engine hands them over, in path order: past the baseline, counted,
/// then printed at once by the formats that print file by file (human, GitHub), so that a run
/// holds no more than one file's findings; kept for the formats written as one document.
struct Sink<'a> {
    filter: Option<baseline::Filter<'a>>,
    summary: Summary,
    kept: Vec<FileResult>,
    stream: Option<Stream>,
    /// The first write error: printing stops there and the run reports it.
    failed: Option<std::io::Error>,
}

/// The output the streaming formats print to, and how.
struct Stream {
    out: Box<dyn Write>,
    format: OutputFormat,
    style: report::human::Style,
    json: report::json::Writer,
}

impl Sink<'_> {
    fn take(&mut self, mut result: FileResult) {
        if let Some(filter) = &mut self.filter {
            filter.apply(&mut result);
        }
        self.summary.add(&result);
        // Only the human format quotes the documents.
        if !matches!(&self.stream, Some(s) if s.format == OutputFormat::Human) {
            result.drop_excerpts();
        }
        let Some(stream) = &mut self.stream else {
            self.kept.push(result);
            return;
        };
        if self.failed.is_some() {
            return;
        }
        let written = match stream.format {
            OutputFormat::Github => report::github::write_file(&mut stream.out, &result),
            OutputFormat::Json => stream.json.file(&mut stream.out, &result),
            _ => report::human::write_file(&mut stream.out, &result, stream.style),
        };
        if let Err(error) = written {
            self.failed = Some(error);
        }
    }
}

/// The output of a streaming format: `--output`, else standard error (human) or output.
fn open_stream(args: &CheckArgs) -> Result<Stream, Failure> {
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(create_output(path)?)),
        None if args.format == OutputFormat::Human => Box::new(std::io::stderr()),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    Ok(Stream {
        out,
        format: args.format,
        style: human_style(args),
        json: report::json::Writer::default(),
    })
}

fn create_output(path: &Path) -> Result<std::fs::File, Failure> {
    std::fs::File::create(path).map_err(|e| {
        Failure::Usage(format!(
            "cannot write the report to {}: {e}",
            path.display()
        ))
    })
}

/// Whether a file is in part `k` of `n`: by a hash of its path, so a file stays in its part
/// when others are added or removed.
fn in_partition(path: &Path, k: u32, n: u32) -> bool {
    // FNV-1a: stable across runs, platforms and Rust versions (std's hasher is not).
    let key = path.to_string_lossy().replace('\\', "/");
    let key = key.strip_prefix("./").unwrap_or(&key);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash % u64::from(n) == u64::from(k - 1)
}

/// A progress bar on standard error, for people at a terminal waiting on many files.
fn progress_bar(args: &CheckArgs, files: usize) -> Option<indicatif::ProgressBar> {
    const MIN_FILES: usize = 20;
    let wanted = args.format == OutputFormat::Human
        && !args.quiet
        && !args.no_progress
        && !args.statistics
        && files >= MIN_FILES
        && std::io::stderr().is_terminal();
    if !wanted {
        return None;
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    let style = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} files {msg}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

/// `--statistics`: findings per rule, most first.
fn write_statistics(results: &[FileResult], summary: &Summary) -> Result<(), Failure> {
    let mut counts: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for result in results {
        for found in &result.findings {
            *counts
                .entry((found.finding.rule.as_str(), found.finding.severity.name()))
                .or_default() += 1;
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = std::io::stdout().lock();
    for ((rule, severity), count) in rows {
        writeln!(out, "{count:>5}  {severity:<8} {rule}")?;
    }
    writeln!(out, "{}", report::human::summary_line(summary))?;
    Ok(())
}

fn init(args: InitArgs) -> Result<ExitStatus, Failure> {
    let path = PathBuf::from(config::FILE_NAMES[0]);
    if path.exists() && !args.force {
        return Err(Failure::Usage(format!(
            "{} already exists; use --force to overwrite it",
            path.display()
        )));
    }
    std::fs::write(&path, config::STARTER)?;
    eprintln!(
        "tenderlint: wrote {} (every setting commented out)",
        path.display()
    );
    Ok(ExitStatus::Clean)
}

/// Write the report in the chosen format to `--output`, or to standard error (human) or
/// standard output (the machine formats).
fn write_report(args: &CheckArgs, results: &[FileResult], rules: &RuleSet) -> Result<(), Failure> {
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(create_output(path)?)),
        None if args.format == OutputFormat::Human => Box::new(std::io::stderr().lock()),
        None => {
            let stdout = std::io::stdout();
            if args.format == OutputFormat::Docx && stdout.is_terminal() {
                return Err(Failure::Usage(
                    "--format docx writes a Word file: give --output review.docx".into(),
                ));
            }
            Box::new(stdout.lock())
        }
    };
    match args.format {
        OutputFormat::Human => report::human::write(&mut out, results, human_style(args))?,
        OutputFormat::Json => report::json::write(&mut out, results)?,
        OutputFormat::Sarif => report::sarif::write(&mut out, results, rules)?,
        OutputFormat::Github => report::github::write(&mut out, results)?,
        OutputFormat::Junit => report::junit::write(&mut out, results)?,
        OutputFormat::Docx => report::docx::write(&mut out, results, rules)?,
    }
    out.flush()?;
    Ok(())
}

/// How the human format draws: colour only on a terminal (and not with `--no-color` or
/// `NO_COLOR`), as wide as `COLUMNS` says.
fn human_style(args: &CheckArgs) -> report::human::Style {
    let color = args.output.is_none()
        && !args.no_color
        && std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    report::human::Style {
        color,
        width,
        quiet: args.quiet,
    }
}

fn status(summary: &Summary) -> ExitStatus {
    if summary.tool_errors > 0 {
        ExitStatus::Error
    } else if summary.errors + summary.warnings > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    }
}

/// Expand folders into the documents inside them (sorted, honouring .gitignore,
/// .tenderlintignore and hidden files); explicit files are kept whatever their extension. Paths that do not exist become
/// results with a not-found error.
fn collect_paths(paths: &[PathBuf], config: &Config) -> (Vec<PathBuf>, Vec<FileResult>) {
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = ignore::WalkBuilder::new(path)
                .add_custom_ignore_filename(IGNORE_FILE)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build();
            for entry in walker.flatten() {
                let p = entry.path();
                let wanted = p
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
                if wanted && entry.file_type().is_some_and(|t| t.is_file()) && !config.excludes(p) {
                    files.push(p.to_path_buf());
                }
            }
        } else if path.exists() {
            files.push(path.clone());
        } else {
            missing.push(FileResult {
                path: path.clone(),
                format: None,
                kind: None,
                findings: Vec::new(),
                errors: vec![extract::ReadError::NotFound.into()],
                warnings: Vec::new(),
            });
        }
    }
    files.sort();
    files.dedup();
    (files, missing)
}

fn list_rules(run: &Configured) -> Result<ExitStatus, Failure> {
    let rules = &run.rules;
    let mut out = std::io::stdout().lock();
    let width = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    if let Some(profile) = &run.config.profile {
        let description = run
            .config
            .description
            .as_deref()
            .map(|d| format!(": {d}"))
            .unwrap_or_default();
        writeln!(out, "profile {profile}{description}\n")?;
    }
    writeln!(
        out,
        "{:width$}  {:11}  {:8}  {:44}  summary",
        "id", "kind", "severity", "applies to"
    )?;
    for rule in &rules.rules {
        let kinds: Vec<&str> = rule.applies_to.iter().map(|k| k.name()).collect();
        let changed = if run.changed.contains(&rule.id) {
            " [changed by tenderlint.toml]".to_string()
        } else if run.profile_changed.contains(&rule.id) {
            format!(
                " [changed by profile {}]",
                run.config.profile.as_deref().unwrap_or_default()
            )
        } else {
            String::new()
        };
        writeln!(
            out,
            "{:width$}  {:11}  {:8}  {:44}  {}{changed}",
            rule.id,
            rule.kind_name,
            rule.severity.name(),
            kinds.join(", "),
            rule.summary
        )?;
    }
    let off: Vec<&str> = run
        .known
        .iter()
        .filter(|id| rules.get(id).is_none())
        .map(String::as_str)
        .collect();
    if !off.is_empty() {
        writeln!(
            out,
            "\nnot run (select/ignore in the profile, tenderlint.toml or the command line): {}",
            off.join(", ")
        )?;
    }
    Ok(ExitStatus::Clean)
}

fn explain(args: ExplainArgs) -> Result<ExitStatus, Failure> {
    let run = load_configured(&args.rules, &args.settings, None)?;
    // Explain any rule that exists, also one the configuration turns off, with its settings.
    let mut rules = load_rules(&args.rules)?;
    for dir in &run.config.rules_dirs {
        rules.add_dir(dir).map_err(Failure::Rules)?;
    }
    let mut settings_only = run.config;
    settings_only.select = None;
    settings_only.ignore.clear();
    settings_only.apply_to_rules(&mut rules);
    let Some(rule) = rules.get(&args.rule) else {
        let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        return Err(Failure::Usage(format!(
            "no rule {:?}; rules are: {}",
            args.rule,
            ids.join(", ")
        )));
    };
    let mut out = std::io::stdout().lock();
    let kinds: Vec<&str> = rule.applies_to.iter().map(|k| k.name()).collect();
    writeln!(out, "{}: {}\n", rule.id, rule.summary)?;
    writeln!(
        out,
        "Kind: {}. Severity: {}. Applies to: {}.",
        rule.kind_name,
        rule.severity,
        kinds.join(", ")
    )?;
    for (kind, severity) in &rule.severity_by_kind {
        writeln!(out, "  ({severity} in a {})", kind.describe())?;
    }
    if !rule.thresholds.is_empty() {
        let thresholds: Vec<String> = rule
            .thresholds
            .iter()
            .map(|(k, v)| format!("{k} = {}", crate::wording::number(*v)))
            .collect();
        writeln!(out, "Thresholds: {}.", thresholds.join(", "))?;
    }
    writeln!(out, "\nWhat it checks\n\n{}\n", wrap(&rule.docs.what, 88))?;
    writeln!(out, "Why it matters\n\n{}\n", wrap(&rule.docs.why, 88))?;
    writeln!(
        out,
        "A compliant example\n\n{}\n",
        indent(&rule.docs.example)
    )?;
    if !rule.docs.sources.is_empty() {
        writeln!(out, "Sources\n")?;
        for source in &rule.docs.sources {
            writeln!(out, "- {source}")?;
        }
        writeln!(out)?;
    }
    writeln!(out, "Defined in {}.", rule.path)?;
    Ok(ExitStatus::Clean)
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Wrap paragraphs to `width` columns, keeping blank lines and list lines.
fn wrap(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for paragraph in text.split("\n\n") {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            lines.push(line);
        }
        out.push(lines.join("\n"));
    }
    out.join("\n\n")
}

/// The text the rules see. For paged documents, each block is printed with the page it starts
/// on, pages separated by a form feed (as pdftotext does).
fn paged_text(doc: &Document) -> String {
    if doc.pages.is_empty() {
        return doc.text.clone();
    }
    let mut out = String::with_capacity(doc.text.len() + doc.pages.len());
    let mut page = 1;
    for (i, block) in doc.blocks.iter().enumerate() {
        let start = doc.locate(block.span).page.unwrap_or(page);
        if start > page {
            for _ in page..start {
                out.push('\x0C');
            }
            page = start;
        } else if i > 0 {
            out.push_str("\n\n");
        }
        out.push_str(doc.slice(block.span));
    }
    for _ in page..doc.pages.len() as u32 {
        out.push('\x0C');
    }
    out
}

fn extract(args: ExtractArgs) -> Result<ExitStatus, Failure> {
    let bytes = std::fs::read(&args.file).map_err(|e| {
        let error = extract::ReadError::from_io(&e);
        Failure::Usage(format!("{}: {error}", args.file.display()))
    })?;
    let doc = extract::extract(&args.file, &bytes)
        .map_err(|e| Failure::Usage(format!("{}: {e} ({})", args.file.display(), e.help())))?;
    let mut out = std::io::stdout().lock();
    for warning in &doc.warnings {
        eprintln!("warning: {}: {warning}", args.file.display());
    }
    if !args.blocks && !args.facts {
        writeln!(out, "{}", paged_text(&doc))?;
        return Ok(ExitStatus::Clean);
    }
    let analysis = analyse::analyse(&doc, args.kind);
    writeln!(
        out,
        "{} ({}): {}, {}",
        doc.name(),
        doc.format.name(),
        analysis.kind.kind.describe(),
        analysis.kind.reason
    )?;
    if args.blocks {
        writeln!(out, "\nBlocks")?;
        for (index, block) in doc.blocks.iter().enumerate() {
            let location = doc.locate(block.span).describe();
            let what = match &block.kind {
                BlockKind::Heading { level } => format!("heading {level}"),
                BlockKind::Paragraph => "paragraph".to_string(),
                BlockKind::ListItem { label, .. } => format!("item {label}"),
                BlockKind::Table(table) => {
                    format!("table {} ({} rows)", table.number, table.rows.len())
                }
            };
            let clause = block
                .clause
                .as_ref()
                .map(|c| format!(" clause {c}"))
                .unwrap_or_default();
            writeln!(out, "{:>4} [{what}{clause}] {location}", index + 1)?;
            for line in doc.slice(block.span).lines() {
                writeln!(out, "       {line}")?;
            }
        }
    }
    if args.facts {
        writeln!(out, "\nOrganisations")?;
        for org in &analysis.organisations {
            let mut roles: Vec<&str> = org.roles.iter().map(|r| r.role.name()).collect();
            roles.sort();
            roles.dedup();
            let aliases = if org.aliases.is_empty() {
                String::new()
            } else {
                format!(" (also {})", org.aliases.join(", "))
            };
            let roles = if roles.is_empty() {
                "no role found".to_string()
            } else {
                roles.join(", ")
            };
            writeln!(
                out,
                "  {}{aliases}: {roles}; {} mentions",
                org.name,
                org.mentions.len()
            )?;
        }
        writeln!(out, "\nSections and clauses")?;
        for section in &doc.sections {
            let block = &doc.blocks[section.heading];
            writeln!(
                out,
                "  {}{} ({})",
                "  ".repeat(usize::from(section.level.saturating_sub(1)).min(8)),
                section.title,
                doc.locate(block.span).describe()
            )?;
        }
        let mut last_clause: Option<&str> = None;
        for block in &doc.blocks {
            let Some(clause) = block.clause.as_deref() else {
                continue;
            };
            if last_clause == Some(clause) {
                continue;
            }
            last_clause = Some(clause);
            let text = doc.slice(block.span);
            let words: Vec<&str> = text.split_whitespace().take(10).collect();
            let more = if text.split_whitespace().count() > 10 {
                " …"
            } else {
                ""
            };
            writeln!(out, "  clause {clause}: {}{more}", words.join(" "))?;
        }
        writeln!(out, "\nMoney")?;
        for q in analysis.quantities.iter().filter(|q| q.is_money()) {
            let location = doc.locate(q.span).describe();
            writeln!(
                out,
                "  {} = {} ({location})",
                doc.slice(q.span),
                crate::wording::number(q.value)
            )?;
        }
        writeln!(out, "\nPercentages")?;
        for p in &analysis.percentages {
            let of =
                p.of.as_ref()
                    .map(|o| format!(" of {o}"))
                    .unwrap_or_default();
            writeln!(
                out,
                "  {}{of}: {} ({})",
                doc.slice(p.span),
                p.relation.name(),
                doc.locate(p.span).describe()
            )?;
        }
        writeln!(out, "\nDurations")?;
        for q in &analysis.quantities {
            if let analyse::QuantityKind::Duration { days, .. } = &q.kind {
                writeln!(
                    out,
                    "  {} = {} days ({})",
                    doc.slice(q.span),
                    crate::wording::number((days * 10.0).round() / 10.0),
                    doc.locate(q.span).describe()
                )?;
            }
        }
        writeln!(out, "\nTargets")?;
        for t in &analysis.targets {
            writeln!(
                out,
                "  {:?} {}%: \"{}\" ({})",
                t.class,
                crate::wording::number(t.percent),
                doc.slice(t.span),
                doc.locate(t.span).describe()
            )?;
        }
        writeln!(out, "\nCost per person")?;
        for c in &analysis.unit_costs {
            writeln!(
                out,
                "  {} per person: {} / {} ({})",
                crate::wording::number((c.per_person * 100.0).round() / 100.0),
                crate::wording::number(c.amount),
                crate::wording::number(c.count),
                doc.locate(c.span).describe()
            )?;
        }
    }
    Ok(ExitStatus::Clean)
}

fn test_rules(args: TestRulesArgs) -> Result<ExitStatus, Failure> {
    let rules = if args.dirs.is_empty() {
        RuleSet::builtin().map_err(Failure::Rules)?
    } else {
        let mut set = RuleSet::default();
        for dir in &args.dirs {
            set.add_dir(dir).map_err(Failure::Rules)?;
        }
        set
    };
    let mut out = std::io::stdout().lock();
    let mut failures = 0;
    let mut examples = 0;
    let mut uncovered = Vec::new();
    for rule in &rules.rules {
        examples += rule.examples.len();
        for failure in rules::examples::test_examples(rule) {
            failures += 1;
            writeln!(out, "FAIL {failure}")?;
        }
        let count = |expect| rule.examples.iter().filter(|e| e.expect == expect).count();
        let (flag, clear) = (count(rules::Expect::Flag), count(rules::Expect::Clear));
        if args.coverage {
            let lacking = match (flag, clear) {
                (0, 0) => " (no examples)",
                (0, _) => " (no flagged example)",
                (_, 0) => " (no clear example)",
                _ => "",
            };
            writeln!(
                out,
                "{:<40} {flag:>2} flag {clear:>2} clear{lacking}",
                rule.id
            )?;
            if !lacking.is_empty() {
                uncovered.push(format!("{} ({})", rule.id, rule.path));
            }
        }
    }
    writeln!(
        out,
        "{} rules, {examples} examples, {failures} failed",
        rules.rules.len()
    )?;
    if !uncovered.is_empty() {
        writeln!(
            out,
            "{} rule(s) lack a flagged and a clear example: {}",
            uncovered.len(),
            uncovered.join(", ")
        )?;
    }
    Ok(if failures > 0 || !uncovered.is_empty() {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}
