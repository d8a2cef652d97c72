//! `tenderlint review FILE -o OUT`: check one Word, OpenDocument or PDF file and write a copy
//! of it with each finding as a comment on its words. The file itself is never written.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::{ExitStatus, Failure, resolve};
use crate::cli::ReviewArgs;
use crate::diagnostic::Severity;
use crate::document::Format;
use crate::engine::Options;
use crate::lint;
use crate::report;
use crate::review::{self, Author, CopyError};

pub(super) fn review(args: ReviewArgs) -> Result<ExitStatus, Failure> {
    let run = resolve(
        &args.rules,
        &args.settings,
        Some((&args.select, &args.ignore)),
    )?;
    let path = &args.file;
    let limits = run.config.limits;
    let bytes = read(path, limits.file_size)?;
    let output = match &args.output {
        Some(output) => output.clone(),
        None => default_output(path),
    };
    if same_file(path, &output) {
        return Err(Failure::Usage(format!(
            "{}: the reviewed copy must be a new file, not the document itself (give -o OTHER)",
            output.display()
        )));
    }
    let options = Options {
        lint: lint::Options {
            kind: args.kind,
            config: run.config.clone(),
            known_rules: run.known.clone(),
        },
        limits,
        threads: Some(1),
    };
    let (result, copy) = review::check_and_copy(path, &bytes, &run.rules, &options, &Author::now());
    let copy = match copy {
        Ok(copy) => copy,
        Err(CopyError::Unread) => {
            report::human::write(&mut std::io::stderr().lock(), &[result], human_style())?;
            return Ok(ExitStatus::Error);
        }
        Err(CopyError::NoComments(Format::Markdown)) => {
            return Err(Failure::Usage(format!(
                "{}: tenderlint review writes comments into Word, OpenDocument and PDF files; \
                 for Markdown and text, `tenderlint check {}` already points at lines in the \
                 file itself",
                path.display(),
                path.display()
            )));
        }
        Err(CopyError::NoComments(_)) => {
            return Err(Failure::Usage(format!(
                "{}: tenderlint review writes comments into Word, OpenDocument and PDF files, \
                 not spreadsheets; `tenderlint check {}` points at the sheet and cell of each \
                 finding",
                path.display(),
                path.display()
            )));
        }
        Err(CopyError::Internal) => {
            return Err(Failure::Usage(format!(
                "{}: could not write a reviewed copy (an internal error; please report it)",
                path.display()
            )));
        }
        Err(error @ CopyError::Failed(_)) => {
            return Err(Failure::Usage(format!(
                "{}: could not write a reviewed copy: {error}",
                path.display()
            )));
        }
    };
    std::fs::write(&output, copy)
        .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", output.display())))?;
    let count = |severity| {
        result
            .findings
            .iter()
            .filter(|f| f.finding.severity == severity)
            .count()
    };
    let (errors, warnings, info) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    if !args.quiet {
        let mut err = std::io::stderr().lock();
        let comments = result.findings.len();
        writeln!(
            err,
            "Wrote {}: {} ({} {}, {} {}, {} info) on {}.",
            output.display(),
            if comments == 1 {
                "1 comment".to_string()
            } else {
                format!("{comments} comments")
            },
            errors,
            if errors == 1 { "error" } else { "errors" },
            warnings,
            if warnings == 1 { "warning" } else { "warnings" },
            info,
            path.display()
        )?;
        if let Some(why) = &result.unchecked {
            writeln!(err, "Not checked: {}", why.reason())?;
        }
    }
    Ok(if errors + warnings > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

fn read(path: &Path, limit: u64) -> Result<Vec<u8>, Failure> {
    let file = std::fs::File::open(path)
        .map_err(|e| Failure::Usage(format!("{}: cannot open it: {e}", path.display())))?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Usage(format!("{}: cannot read it: {e}", path.display())))?;
    Ok(bytes)
}

/// `NAME.reviewed.EXT` beside the file.
fn default_output(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into());
    let name = match path.extension() {
        Some(ext) => format!("{stem}.reviewed.{}", ext.to_string_lossy()),
        None => format!("{stem}.reviewed"),
    };
    path.with_file_name(name)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn human_style() -> report::human::Style {
    report::human::Style {
        color: false,
        width: 100,
        quiet: false,
    }
}
