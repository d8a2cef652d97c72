//! Human output: one miette diagnostic per finding, quoting the document and pointing at the
//! words, then a summary line.
//!
//! For a Markdown file the quoted source is the file itself, so line numbers are the file's.
//! Files that could not be read get a diagnostic of their own with the cause and what to do.

use std::io::Write;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
};

use super::{Summary, plural, severity_counts};
use crate::document::{BlockKind, Document, Span};
use crate::engine::{FileResult, Located};
use crate::rules::Severity;

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

/// One file's errors, read warnings and findings (drawn on the worker: [`draw_findings`]).
pub fn write_file(out: &mut dyn Write, result: &FileResult, style: Style) -> std::io::Result<()> {
    let handler = style.handler();
    let name = result.path.display().to_string();
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
    for text in result.findings.iter().filter_map(|f| f.rendered.as_deref()) {
        write!(out, "{text}")?;
        writeln!(out)?;
    }
    Ok(())
}

/// The summary line, unless quiet.
pub fn write_summary(out: &mut dyn Write, summary: &Summary, style: Style) -> std::io::Result<()> {
    if style.quiet {
        return Ok(());
    }
    writeln!(out, "{}", summary_line(summary))
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

/// Draw a document's findings, one string each, quoting the document (the engine calls this on
/// its workers, while the document is still there; [`write_file`] prints the strings).
pub fn draw_findings(doc: &Document, findings: &[Located], style: Style) -> Vec<String> {
    let handler = style.handler();
    let source = source_of(doc);
    findings
        .iter()
        .map(|found| draw(&handler, &finding_report(doc, &source, found)))
        .collect()
}

/// What a diagnostic quotes: the source file for text formats, else the extracted text.
struct Quoted {
    name: String,
    text: Arc<str>,
    /// True when `text` is the original file and spans must be mapped into it.
    is_source: bool,
}

fn source_of(doc: &Document) -> Quoted {
    match &doc.source {
        Some(source) => Quoted {
            name: doc.name(),
            text: source.text.clone(),
            is_source: true,
        },
        None => Quoted {
            name: doc.name(),
            text: Arc::from(doc.text.as_str()),
            is_source: false,
        },
    }
}

/// A text span as a span of what is quoted.
fn quoted_span(doc: &Document, quoted: &Quoted, span: Span) -> (usize, usize) {
    quoted_range(doc, quoted, span, None)
}

/// A finding's own span in what is quoted: its source range when it has one (a comment).
fn quoted_range(
    doc: &Document,
    quoted: &Quoted,
    span: Span,
    source: Option<(usize, usize)>,
) -> (usize, usize) {
    if quoted.is_source
        && doc.source.is_some()
        && let Some((from, to)) = source
    {
        return (from, to.saturating_sub(from));
    }
    if quoted.is_source
        && let Some((from, to)) = doc.source_map.source_range(span.start, span.end)
    {
        return (from, to.saturating_sub(from));
    }
    (span.start, span.len())
}

/// For a PDF: the page a finding starts on, quoted as laid out, so that miette's line numbers
/// are the page's own. Spans on other pages are left out.
/// A label on quoted text: byte offset, length, words.
type Label = (usize, usize, String);

fn page_quote(doc: &Document, found: &Located) -> Option<(Quoted, Vec<Label>)> {
    let finding = &found.finding;
    let (page, start) = doc.page_offset(finding.span.start)?;
    let text = doc.pages.get((page as usize).checked_sub(1)?)?;
    let place = |span: Span| -> Option<(usize, usize)> {
        let (p, from) = doc.page_offset(span.start)?;
        if p != page {
            return None;
        }
        let last = span.end.saturating_sub(1).max(span.start);
        let to = match doc.page_offset(last) {
            Some((p, to)) if p == page && to >= from => {
                to + text[to..].chars().next().map_or(0, char::len_utf8)
            }
            // Runs onto the next page: stop at the end of the line.
            _ => from + text[from..].find('\n').unwrap_or(text.len() - from),
        };
        Some((from, to - from))
    };
    let (_, length) = place(finding.span).unwrap_or((start, 0));
    let mut labels = vec![(start, length, finding.label.clone())];
    for (span, label) in &finding.related {
        if let Some((offset, length)) = place(*span) {
            labels.push((offset, length, label.clone()));
        }
    }
    let quoted = Quoted {
        name: format!("{} (page {page})", doc.name()),
        text: Arc::from(text.as_str()),
        is_source: true,
    };
    Some((quoted, labels))
}

/// For a Word or OpenDocument file: the paragraph (or table row) a finding starts in, named by
/// where it is ("bid.docx (clause 9.2, paragraph 41)"). Related places elsewhere are listed in
/// the help, since quoting them would need a second excerpt.
fn block_quote(doc: &Document, found: &Located) -> Option<(Quoted, Vec<Label>, Vec<String>)> {
    if doc.source.is_some() || !doc.pages.is_empty() {
        return None;
    }
    let finding = &found.finding;
    let block = doc.blocks.get(doc.block_at(finding.span.start)?)?;
    let mut range = block.span;
    if let BlockKind::Table(table) = &block.kind
        && let Some(row) = table
            .rows
            .iter()
            .find(|row| row.span.end >= finding.span.start)
    {
        range = row.span;
    }
    let text = doc.text.get(range.range())?;
    let place = |span: Span| -> Option<(usize, usize)> {
        if span.start < range.start || span.start > range.end {
            return None;
        }
        let end = span.end.min(range.end);
        Some((span.start - range.start, end - span.start))
    };
    let (offset, length) = place(finding.span)?;
    let mut labels = vec![(offset, length, finding.label.clone())];
    let mut elsewhere = Vec::new();
    for ((span, label), related) in finding.related.iter().zip(&found.related) {
        match place(*span) {
            Some((offset, length)) => labels.push((offset, length, label.clone())),
            None => elsewhere.push(format!(
                "{label}: {} \"{}\"",
                related.location.describe(),
                related.snippet
            )),
        }
    }
    let place = found.location.describe();
    let name = if place.is_empty() {
        doc.name()
    } else {
        format!("{} ({place})", doc.name())
    };
    let quoted = Quoted {
        name,
        text: Arc::from(text),
        is_source: true,
    };
    Some((quoted, labels, elsewhere))
}

/// A diagnostic quoting an excerpt (a PDF page, a paragraph) with labels into it.
fn excerpt_report(
    found: &Located,
    excerpt: Quoted,
    labels: Vec<Label>,
    elsewhere: &[String],
) -> Report {
    let finding = &found.finding;
    let labels = labels
        .into_iter()
        .enumerate()
        .map(|(i, (offset, length, label))| {
            if i == 0 {
                LabeledSpan::new_primary_with_span(Some(label), (offset, length))
            } else {
                LabeledSpan::new_with_span(Some(label), (offset, length))
            }
        });
    let mut help = finding.help.clone();
    if !elsewhere.is_empty() {
        help.push_str("\nSee also:");
        for line in elsewhere {
            help.push_str("\n  ");
            help.push_str(line);
        }
    }
    let diagnostic = MietteDiagnostic::new(finding.message.clone())
        .with_code(finding.rule.clone())
        .with_severity(severity_of(finding.severity))
        .with_help(help)
        .with_labels(labels);
    Report::new(diagnostic).with_source_code(NamedSource::new(excerpt.name, excerpt.text))
}

fn finding_report(doc: &Document, quoted: &Quoted, found: &Located) -> Report {
    if let Some((page, labels)) = page_quote(doc, found) {
        return excerpt_report(found, page, labels, &[]);
    }
    if let Some((block, labels, elsewhere)) = block_quote(doc, found) {
        return excerpt_report(found, block, labels, &elsewhere);
    }
    let finding = &found.finding;
    let severity = severity_of(finding.severity);
    let (offset, length) = quoted_range(doc, quoted, finding.span, finding.source);
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        Some(finding.label.clone()),
        (offset, length),
    )];
    for (span, label) in &finding.related {
        let (offset, length) = quoted_span(doc, quoted, *span);
        labels.push(LabeledSpan::new_with_span(
            Some(label.clone()),
            (offset, length),
        ));
    }
    let mut message = finding.message.clone();
    if !quoted.is_source {
        let place = found.location.describe();
        if !place.is_empty() {
            message = format!("{message} ({place})");
        }
    }
    let diagnostic = MietteDiagnostic::new(message)
        .with_code(finding.rule.clone())
        .with_severity(severity)
        .with_help(finding.help.clone())
        .with_labels(labels);
    Report::new(diagnostic)
        .with_source_code(NamedSource::new(quoted.name.clone(), quoted.text.clone()))
}

fn severity_of(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// "Found 9 problems (5 errors, 3 warnings, 1 info) in 8 files."
pub fn summary_line(summary: &Summary) -> String {
    let files = plural(summary.files, "file", "files");
    let mut line = if summary.findings() == 0 {
        format!("No problems found in {files}.")
    } else {
        let parts = severity_counts(summary.errors, summary.warnings, summary.info);
        format!(
            "Found {} ({}) in {files}.",
            plural(summary.findings(), "problem", "problems"),
            parts.join(", ")
        )
    };
    if summary.tool_errors > 0 {
        line.push_str(&format!(
            " {} could not be read.",
            plural(summary.tool_errors, "file", "files")
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::summary_line;
    use crate::report::Summary;

    #[test]
    fn summary_lines_read_well() {
        assert_eq!(
            summary_line(&Summary {
                files: 3,
                ..Summary::default()
            }),
            "No problems found in 3 files."
        );
        let s = Summary {
            files: 1,
            errors: 2,
            warnings: 0,
            info: 1,
            tool_errors: 1,
        };
        assert_eq!(
            summary_line(&s),
            "Found 3 problems (2 errors, 1 info) in 1 file. 1 file could not be read."
        );
    }
}
