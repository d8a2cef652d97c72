//! JSON output: one document for the whole run, shape documented in README.md ("JSON output").
//!
//! `version` changes only when a field is removed or changes meaning; new fields may be added.

use std::io::Write;

use serde::Serialize;

use super::Summary;
use crate::document::Location;
use crate::engine::{FileError, FileResult};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files: Vec<File<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct File<'a> {
    path: String,
    format: Option<&'static str>,
    kind: Option<&'static str>,
    diagnostics: Vec<Diagnostic<'a>>,
    errors: &'a [FileError],
    warnings: &'a [String],
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    subject: Option<&'a str>,
    help: &'a str,
    location: &'a Location,
    span: Span,
    snippet: &'a str,
}

/// Byte offset and length in the normalised text (what `tenderlint extract` prints).
#[derive(Serialize)]
struct Span {
    offset: usize,
    length: usize,
}

pub fn write(out: &mut dyn Write, results: &[FileResult]) -> std::io::Result<()> {
    let files = results
        .iter()
        .map(|result| File {
            path: result.path.display().to_string(),
            format: result.format.map(|f| f.name()),
            kind: result.kind.map(|k| k.name()),
            diagnostics: result
                .findings
                .iter()
                .map(|found| Diagnostic {
                    rule: &found.finding.rule,
                    severity: found.finding.severity.name(),
                    message: &found.finding.message,
                    subject: found.finding.subject.as_deref(),
                    help: &found.finding.help,
                    location: &found.location,
                    span: Span {
                        offset: found.finding.span.start,
                        length: found.finding.span.len(),
                    },
                    snippet: &found.snippet,
                })
                .collect(),
            errors: &result.errors,
            warnings: &result.warnings,
        })
        .collect();
    let output = Output {
        version: 1,
        files,
        summary: Summary::of(results),
    };
    serde_json::to_writer_pretty(&mut *out, &output).map_err(std::io::Error::other)?;
    writeln!(out)
}
