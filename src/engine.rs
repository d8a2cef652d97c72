//! Documents × rules, in parallel, with deterministic output.
//!
//! Each file is read, extracted, analysed once and checked by every rule that applies to its
//! kind, on rayon's thread pool. Results come back in the order the files were given (folder
//! walks are sorted by path) and findings within a file are sorted by position then rule id, so
//! output never depends on thread scheduling. A file that cannot be read becomes a
//! [`FileError`] in its own result; the other files are still checked.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::analyse::{self, Analysis, DocKind};
use crate::config::{self, Config};
use crate::document::{Document, Format, Location, Notice};
use crate::extract::{self, ReadError};
use crate::rules::{Finding, RuleSet, Severity, check};
use crate::suppress;

/// Why a file produced no findings: it could not be read or understood.
#[derive(Clone, Debug, Serialize)]
pub struct FileError {
    pub code: &'static str,
    pub message: String,
    pub help: String,
}

impl From<ReadError> for FileError {
    fn from(error: ReadError) -> Self {
        FileError {
            code: error.code(),
            message: error.to_string(),
            help: error.help().to_string(),
        }
    }
}

/// A finding with the place a reader can find it.
#[derive(Clone, Debug)]
pub struct Located {
    pub finding: Finding,
    pub location: Location,
    /// The words the finding points at, as they are in the normalised text.
    pub snippet: String,
    pub related: Vec<(Location, String)>,
}

/// Everything known about one file after a run.
#[derive(Debug)]
pub struct FileResult {
    pub path: PathBuf,
    pub format: Option<Format>,
    pub kind: Option<DocKind>,
    pub findings: Vec<Located>,
    pub errors: Vec<FileError>,
    pub warnings: Vec<String>,
    /// The extracted document, kept for output that quotes it.
    pub document: Option<Document>,
}

/// Settings that apply to every document in a run.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--kind`: the document kind for every file, overriding detection, front matter and
    /// configuration overrides.
    pub kind: Option<DocKind>,
    /// `tenderlint.toml`: per-file kind and rules, notice ids, minimum severity.
    pub config: Config,
    /// Every rule id that exists, before select/ignore (for judging suppressions).
    pub known_rules: Vec<String>,
}

/// Check every path (files, not folders) with `rules`. `done` is called after each file (for a
/// progress bar), from any thread.
pub fn check_paths(
    paths: &[PathBuf],
    rules: &RuleSet,
    options: &Options,
    done: &(dyn Fn() + Sync),
) -> Vec<FileResult> {
    paths
        .par_iter()
        .map(|path| {
            let result = check_file(path, None, rules, options);
            done();
            result
        })
        .collect()
}

/// Check one file, read from `path` or given as `bytes` (standard input, named `path`). Never
/// panics: an internal failure becomes an error for this file.
pub fn check_file(
    path: &Path,
    bytes: Option<&[u8]>,
    rules: &RuleSet,
    options: &Options,
) -> FileResult {
    let attempt = catch_unwind(AssertUnwindSafe(|| {
        check_file_inner(path, bytes, rules, options)
    }));
    attempt.unwrap_or_else(|_| FileResult {
        path: path.to_path_buf(),
        format: None,
        kind: None,
        findings: Vec::new(),
        errors: vec![FileError {
            code: "internal-error",
            message: "tenderlint failed on this file (an internal error)".into(),
            help:
                "please report it with the file if you can share it; the other files were checked"
                    .into(),
        }],
        warnings: Vec::new(),
        document: None,
    })
}

fn check_file_inner(
    path: &Path,
    given: Option<&[u8]>,
    rules: &RuleSet,
    options: &Options,
) -> FileResult {
    let mut result = FileResult {
        path: path.to_path_buf(),
        format: None,
        kind: None,
        findings: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        document: None,
    };
    let read;
    let bytes = match given {
        Some(bytes) => bytes,
        None => match std::fs::read(path) {
            Ok(bytes) => {
                read = bytes;
                &read
            }
            Err(error) => {
                result.errors.push(ReadError::from_io(&error).into());
                return result;
            }
        },
    };
    let settings = options.config.for_file(path);
    match extract::extract(path, bytes) {
        Ok(document) => {
            let analysis = analyse::analyse(&document, options.kind.or(settings.kind));
            let kind = analysis.kind.kind;
            let findings = check_document(&document, &analysis, rules);
            let known = |id: &str| {
                options.known_rules.iter().any(|r| r == id) || config::NON_RULE_IDS.contains(&id)
            };
            let ran = |id: &str| {
                rules.get(id).is_some_and(|rule| rule.applies(kind)) && settings.reports(id)
            };
            let judge = suppress::Rules {
                known: &known,
                ran: &ran,
            };
            let min = options.config.min_severity.unwrap_or(Severity::Info);
            result.findings = suppress::apply(&document, &judge, findings)
                .into_iter()
                .filter(|found| {
                    let id = found.finding.rule.as_str();
                    settings.reports(id)
                        && (rules.get(id).is_some() || options.config.reports(id))
                        && found.finding.severity >= min
                })
                .collect();
            result.format = Some(document.format);
            result.kind = Some(analysis.kind.kind);
            result.warnings = document.warnings.clone();
            result.document = Some(document);
        }
        Err(error) => result.errors.push(error.into()),
    }
    result
}

/// A notice from extraction, reported like a finding at info level.
fn notice_finding(notice: &Notice) -> Finding {
    Finding {
        rule: notice.code.to_string(),
        severity: Severity::Info,
        message: notice.message.clone(),
        subject: None,
        help: notice.help.clone(),
        span: notice.span,
        label: notice.label.clone(),
        related: Vec::new(),
        source: None,
    }
}

/// Run every applicable rule over an analysed document; findings sorted by position, then rule.
pub fn check_document(doc: &Document, analysis: &Analysis, rules: &RuleSet) -> Vec<Located> {
    let kind = analysis.kind.kind;
    let mut findings: Vec<Finding> = rules
        .rules
        .iter()
        .filter(|rule| rule.applies(kind))
        .flat_map(|rule| check::run(rule, doc, analysis))
        .chain(doc.notices.iter().map(notice_finding))
        .collect();
    findings.sort_by(|a, b| {
        (a.span.start, &a.rule, a.span.end).cmp(&(b.span.start, &b.rule, b.span.end))
    });
    findings
        .into_iter()
        .map(|finding| {
            let location = doc.locate(finding.span);
            let snippet = doc.slice(finding.span).to_string();
            let related = finding
                .related
                .iter()
                .map(|(span, label)| (doc.locate(*span), label.clone()))
                .collect();
            Located {
                finding,
                location,
                snippet,
                related,
            }
        })
        .collect()
}
