//! `tenderlint check`: resolve the settings, walk the paths, have the engine check every file,
//! and print the results as they come (human, GitHub, JSON) or as one report (SARIF, JUnit, the
//! Word report, `--statistics`); baselines are applied and written here.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use super::{ExitStatus, Failure, resolve};
use crate::baseline;
use crate::cli::{CheckArgs, OutputFormat};
use crate::diagnostic::{FileResult, Severity};
use crate::engine::{self, Options};
use crate::extract::ReadError;
use crate::lint;
use crate::report::{self, Summary};
use crate::rules::RuleSet;
use crate::walk;

pub(super) fn check(mut args: CheckArgs) -> Result<ExitStatus, Failure> {
    if args.paths.is_empty() && args.pack.is_empty() {
        args.paths.push(PathBuf::from("."));
    }
    let mut run = resolve(
        &args.rules,
        &args.settings,
        Some((&args.select, &args.ignore)),
    )?;
    if args.fail_on_unchecked {
        run.config.fail_on_unchecked = Some(true);
    }
    let fail_on_unchecked = run.config.fail_on_unchecked.unwrap_or(false);
    if let Some(level) = args.min_severity {
        run.config.min_severity = Some(level.into());
    }
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
    if stdin && !args.pack.is_empty() {
        return Err(Failure::Usage(
            "`-` (standard input) cannot be combined with --pack: a pack is a folder of files"
                .into(),
        ));
    }
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
        // A report written into a folder being checked (review.docx) is not a document.
        let output = args.output.as_ref().and_then(|o| o.canonicalize().ok());
        let keep = |file: &Path| output.is_none() || file.canonicalize().ok() != output;
        let walk::Collected {
            inputs,
            mut missing,
            empty,
            excluded,
        } = walk::collect(
            &args.paths,
            &args.pack,
            &run.config,
            &keep,
            args.force_exclude,
        )
        .map_err(|e| match e {
            walk::PackError::NotAFolder(message) => Failure::Usage(message),
            walk::PackError::Settings(error) => Failure::Config(error),
        })?;
        let nothing = inputs.is_empty() && missing.is_empty();
        // Every file named was excluded on purpose (`--force-exclude`): nothing to do, and
        // the machine formats still write their (empty) report.
        if nothing
            && excluded > 0
            && matches!(args.format, OutputFormat::Human | OutputFormat::Concise)
        {
            if !args.quiet {
                eprintln!(
                    "Nothing to check: {} excluded by the configuration.",
                    crate::wording::plural(excluded, "file", "files")
                );
            }
            return Ok(ExitStatus::Clean);
        }
        if nothing && excluded == 0 {
            let named: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
            return Err(Failure::Usage(format!(
                "no documents to check in {}: folders are searched for .md, .markdown, .docx, \
                 .docm, .odt, .pdf, .doc, .xlsx, .xlsm, .ods and .csv files (hidden files, \
                 .gitignore, .tenderlintignore and `exclude` are skipped)",
                named.join(", ")
            )));
        }
        // A folder named beside others that holds no documents is a mistyped or emptied path:
        // reported like a missing file (exit 2), and the rest is still checked.
        missing.extend(
            empty
                .into_iter()
                .map(|dir| FileResult::failed(&dir, ReadError::NoDocuments.into())),
        );
        let mut inputs = inputs;
        if let Some(rev) = &args.diff_base {
            // A pack is checked whole when any of its files changed: its findings are about
            // the set.
            let changed = walk::changed_since(rev).map_err(Failure::Usage)?;
            let touched = |path: &Path| path.canonicalize().is_ok_and(|p| changed.contains(&p));
            inputs.retain(|input| match input {
                engine::Input::File(path) => touched(path),
                engine::Input::Pack(spec) => spec.files.iter().any(|f| touched(f)),
            });
            if inputs.is_empty()
                && missing.is_empty()
                && matches!(args.format, OutputFormat::Human | OutputFormat::Concise)
            {
                if !args.quiet {
                    eprintln!("Nothing to check: no document has changed since {rev}.");
                }
                return Ok(ExitStatus::Clean);
            }
        }
        if let Some((k, n)) = args.partition {
            // A pack stays whole, in the part of its first file.
            inputs.retain(|input| walk::in_partition(walk::first_path(input), k, n));
            missing.retain(|m| walk::in_partition(&m.path, k, n));
        }
        // Results come back in the order of `inputs`: sorted, they can be printed as they come.
        missing.sort_by(|a, b| a.path.cmp(&b.path));
        let streams = matches!(
            args.format,
            OutputFormat::Human | OutputFormat::Concise | OutputFormat::Github | OutputFormat::Json
        ) && !args.statistics
            && args.write_baseline.is_none();
        if streams {
            sink.stream = Some(open_stream(&args)?);
        }
        let bar = progress_bar(&args, inputs.len());
        let tick = || {
            if let Some(bar) = &bar {
                bar.inc(1);
            }
        };
        let mut missing = missing.into_iter().peekable();
        engine::check_inputs(&inputs, &run.rules, &options, &tick, &mut |result| {
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
    // In path order, a pack's files together where its first file falls, main document first.
    let key = |result: &FileResult| match result.pack.as_deref() {
        Some(pack) => (
            pack.files.iter().min().cloned().unwrap_or_default(),
            pack.files
                .iter()
                .position(|f| *f == result.path)
                .unwrap_or(0),
        ),
        None => (result.path.clone(), 0),
    };
    results.sort_by_cached_key(key);
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
            closing,
        }) => {
            match format {
                OutputFormat::Github => report::github::write_summary(&mut out, &summary)?,
                OutputFormat::Json => json.finish(&mut out, &summary)?,
                OutputFormat::Concise => {
                    report::concise::write_summary(&mut out, &summary, style.quiet)?
                }
                _ => report::human::write_summary(&mut out, &summary, &closing, style)?,
            }
            out.flush()?;
        }
        None if args.statistics => write_statistics(&results, &summary)?,
        None => write_report(&args, &results, &run.rules)?,
    }
    // The rules and their compiled patterns are dropped with the process, not one by one.
    std::mem::forget(run);
    let status = status(&summary, fail_on_unchecked, args.fail_on.into());
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
    /// What the human summary names (the errors to fix), gathered as files are printed.
    closing: report::human::Closing,
}

impl Sink<'_> {
    fn take(&mut self, mut result: FileResult) {
        if let Some(filter) = &mut self.filter {
            filter.apply(&mut result);
        }
        self.summary.add(&result);
        // Only the human format quotes the documents, and JSON the passage around the words.
        if !matches!(&self.stream, Some(s) if matches!(s.format, OutputFormat::Human | OutputFormat::Json))
        {
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
            OutputFormat::Concise => {
                report::concise::write_file(&mut stream.out, &result, stream.style.quiet)
            }
            _ => {
                stream.closing.add(&result);
                report::human::write_file(&mut stream.out, &result, stream.style)
            }
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
        closing: report::human::Closing::default(),
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
    let mut suppressed: std::collections::BTreeMap<&str, usize> = Default::default();
    for result in results {
        for rule in &result.suppressed {
            *suppressed.entry(rule.as_str()).or_default() += 1;
        }
    }
    let mut silenced: Vec<_> = suppressed.into_iter().collect();
    silenced.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut out = std::io::stdout().lock();
    for ((rule, severity), count) in rows {
        writeln!(out, "{count:>5}  {severity:<8} {rule}")?;
    }
    // Findings the documents' own suppressions silenced (a Markdown comment, a Word reply).
    for (rule, count) in silenced {
        writeln!(out, "{count:>5}  {:<8} {rule}", "accepted")?;
    }
    // The files the counts leave out, by name: a gate must not pass them over in silence.
    for result in results {
        let path = report::place::uri_path(&result.path);
        if let Some(error) = result.errors.first() {
            writeln!(out, "could not be read: {path} ({})", error.code)?;
        } else if let Some(why) = result.unchecked {
            writeln!(out, "not checked: {path} ({})", why.code())?;
        }
    }
    writeln!(out, "{}", summary.line())?;
    Ok(())
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
        OutputFormat::Concise => report::concise::write(&mut out, results, args.quiet)?,
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
/// `NO_COLOR`), as wide as the terminal it is drawn on (standard error, where the report goes),
/// else as `COLUMNS` says, else 80 columns.
fn human_style(args: &CheckArgs) -> report::human::Style {
    let color = args.output.is_none()
        && !args.no_color
        && std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let terminal = args
        .output
        .is_none()
        .then(|| terminal_size::terminal_size_of(std::io::stderr()))
        .flatten()
        .map(|(terminal_size::Width(columns), _)| usize::from(columns))
        .filter(|columns| *columns > 0);
    let width = terminal
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
        .unwrap_or(80);
    report::human::Style {
        color,
        width,
        quiet: args.quiet,
    }
}

/// 2 when a file could not be read; 1 for findings at warning level or above, and for files no
/// rule ran on when `fail_on_unchecked` (`--fail-on-unchecked`, `fail-on-unchecked = true`).
fn status(summary: &Summary, fail_on_unchecked: bool, fail_on: Severity) -> ExitStatus {
    let failing = match fail_on {
        Severity::Error => summary.errors,
        Severity::Warning => summary.errors + summary.warnings,
        Severity::Info => summary.findings(),
    };
    if summary.tool_errors > 0 {
        ExitStatus::Error
    } else if failing > 0 || (fail_on_unchecked && summary.unchecked > 0) {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    }
}
