//! Human output: one miette diagnostic per finding, quoting the document and pointing at the
//! words, then a summary line.
//!
//! For a Markdown file the quoted source is the file itself, so line numbers are the file's.
//! Files that could not be read get a diagnostic of their own with the cause and what to do;
//! files that were read but that no rule ran on get a warning saying they were not checked and
//! why (shown with `--quiet` too: such a file must never pass for clean).

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
};
use std::io::Write;

use super::Summary;
use crate::diagnostic::{FileResult, Located, Severity};

/// How to draw diagnostics.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    /// Findings and errors only: no read warnings, no summary line.
    pub quiet: bool,
}

impl Style {
    fn handler(self) -> GraphicalReportHandler {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
            .with_links(false)
    }
}

/// Write every file's findings and errors, then the summary.
pub fn write(out: &mut dyn Write, results: &[FileResult], style: Style) -> std::io::Result<()> {
    for result in results {
        write_file(out, result, style)?;
    }
    write_summary(out, &Summary::of(results), style)
}

/// One file's errors, read warnings and findings, each finding quoting its excerpt.
pub fn write_file(out: &mut dyn Write, result: &FileResult, style: Style) -> std::io::Result<()> {
    let handler = style.handler();
    let name = result.path.display().to_string();
    // A pack is introduced once, before its main document (which comes first).
    if let Some(pack) = result.pack.as_deref().filter(|p| p.main == result.path)
        && !style.quiet
    {
        writeln!(
            out,
            "Pack {:?} ({}, {} files checked as one; main document {}: {})\n",
            pack.name,
            pack.kind.name(),
            pack.files.len(),
            name,
            pack.main_reason
        )?;
    }
    for error in &result.errors {
        let diagnostic = MietteDiagnostic::new(format!("{name}: {}", error.message))
            .with_code(format!("tenderlint::{}", error.code))
            .with_severity(miette::Severity::Error)
            .with_help(error.help.clone());
        render(out, &handler, Report::new(diagnostic))?;
    }
    for warning in result.warnings.iter().filter(|_| !style.quiet) {
        let diagnostic = MietteDiagnostic::new(format!("{name}: {warning}"))
            .with_code("tenderlint::read-warning")
            .with_severity(miette::Severity::Warning);
        render(out, &handler, Report::new(diagnostic))?;
    }
    if let Some(unchecked) = result.unchecked {
        let diagnostic =
            MietteDiagnostic::new(format!("{name}: not checked: {}", unchecked.reason()))
                .with_code("tenderlint::not-checked")
                .with_severity(miette::Severity::Warning);
        render(out, &handler, Report::new(diagnostic))?;
    }
    for found in &result.findings {
        render(out, &handler, finding_report(found))?;
    }
    Ok(())
}

/// The summary line, unless quiet.
pub fn write_summary(out: &mut dyn Write, summary: &Summary, style: Style) -> std::io::Result<()> {
    if style.quiet {
        return Ok(());
    }
    writeln!(out, "{}", summary.line())
}

fn render(
    out: &mut dyn Write,
    handler: &GraphicalReportHandler,
    report: Report,
) -> std::io::Result<()> {
    let text = draw(handler, &report);
    write!(out, "{text}")?;
    writeln!(out)
}

fn draw(handler: &GraphicalReportHandler, report: &Report) -> String {
    let mut text = String::new();
    if handler.render_report(&mut text, report.as_ref()).is_err() {
        text = format!("{report}\n");
    }
    text
}

/// A finding's diagnostic, quoting its excerpt with the words marked. Related places outside
/// the excerpt are listed in the help ("See also"); when the excerpt is the extracted text
/// rather than the file, the message says where the words are.
fn finding_report(found: &Located) -> Report {
    let finding = &found.finding;
    let Some(excerpt) = &found.excerpt else {
        // Not quoted (a result whose excerpts were dropped): the message alone, with its place.
        let place = found.location.describe();
        let message = if place.is_empty() {
            finding.message.clone()
        } else {
            format!("{} ({place})", finding.message)
        };
        let diagnostic = MietteDiagnostic::new(message)
            .with_code(finding.rule.clone())
            .with_severity(severity_of(finding.severity))
            .with_help(finding.help.clone());
        return Report::new(diagnostic);
    };
    let labels = excerpt.marks.iter().enumerate().map(|(i, mark)| {
        let span = (mark.offset, mark.len);
        if i == 0 {
            LabeledSpan::new_primary_with_span(Some(mark.label.clone()), span)
        } else {
            LabeledSpan::new_with_span(Some(mark.label.clone()), span)
        }
    });
    let mut help = finding.help.clone();
    if !excerpt.elsewhere.is_empty() {
        help.push_str("\nSee also:");
        for line in &excerpt.elsewhere {
            help.push_str("\n  ");
            help.push_str(line);
        }
    }
    let mut message = finding.message.clone();
    if excerpt.needs_place {
        let place = found.location.describe();
        if !place.is_empty() {
            message = format!("{message} ({place})");
        }
    }
    let diagnostic = MietteDiagnostic::new(message)
        .with_code(finding.rule.clone())
        .with_severity(severity_of(finding.severity))
        .with_help(help)
        .with_labels(labels);
    Report::new(diagnostic)
        .with_source_code(NamedSource::new(excerpt.name.clone(), excerpt.text.clone()))
}

fn severity_of(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}
