//! GitHub Actions output: one workflow command per finding, which GitHub turns into an
//! annotation on the file (and on the pull request's diff when the lines are in it).
//!
//! ```text
//! ::error file=bids/bid.md,line=25,col=5,endLine=25,endColumn=32,title=unfunded-partner::Halden Street Refugee Forum is presented as …
//! ::warning file=agreements/mou.pdf,title=missing-dispute-resolution::… (page 1, line 1): "Memorandum of Understanding"
//! ::error file=scan.pdf,title=tenderlint no-text-layer::… (ask for the original, or OCR it first)
//! ::notice file=notes.md,title=tenderlint not-checked::not checked: the kind of document could not be told; …
//! tenderlint: Found 9 problems (7 errors, 2 warnings) in 2 files.
//! ```
//!
//! Severity maps to the command: error → `error`, warning → `warning`, info → `notice`. A
//! Markdown finding carries `line`, `col`, `endLine` and `endColumn` in the file; a PDF, Word or
//! OpenDocument finding has no line in the file, so it is a file-level annotation and its message
//! says where (page, clause, paragraph) and quotes the words. A file that could not be read is
//! an `error` titled `tenderlint {code}`, a read warning a `warning` titled
//! `tenderlint read-warning`; a file read but not checked (no rule ran on it) a `notice` titled
//! `tenderlint not-checked` that says why. The last line is the plain summary, which GitHub prints in the log
//! and does not treat as a command. Values are escaped as GitHub's own toolkit does
//! ([`escape_data`], [`escape_property`]).

use std::io::Write;

use super::Summary;
use super::place::{place_and_quote, uri_path};
use crate::diagnostic::{FileResult, Severity};

/// Escape a command's message: `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value: as data, plus `:` and `,`, which separate properties.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Write one command line per error, read warning and finding, then the summary line.
pub fn write(out: &mut dyn Write, results: &[FileResult]) -> std::io::Result<()> {
    for result in results {
        write_file(out, result)?;
    }
    write_summary(out, &Summary::of(results))
}

/// One file's command lines.
pub fn write_file(out: &mut dyn Write, result: &FileResult) -> std::io::Result<()> {
    let file = escape_property(&uri_path(&result.path));
    for error in &result.errors {
        writeln!(
            out,
            "::error file={file},title={}::{}",
            escape_property(&format!("tenderlint {}", error.code)),
            escape_data(&format!("{} ({})", error.message, error.help))
        )?;
    }
    for warning in &result.warnings {
        writeln!(
            out,
            "::warning file={file},title=tenderlint read-warning::{}",
            escape_data(warning)
        )?;
    }
    if let Some(unchecked) = result.unchecked {
        writeln!(
            out,
            "::notice file={file},title=tenderlint not-checked::{}",
            escape_data(&format!("not checked: {}", unchecked.reason()))
        )?;
    }
    for found in &result.findings {
        let finding = &found.finding;
        let (position, message) = match found.region.clone() {
            Some(region) => (
                format!(
                    ",line={},col={},endLine={},endColumn={}",
                    region.start_line, region.start_column, region.end_line, region.end_column
                ),
                finding.message.clone(),
            ),
            None => (
                String::new(),
                format!("{}{}", finding.message, place_and_quote(found)),
            ),
        };
        writeln!(
            out,
            "::{} file={file}{position},title={}::{}",
            command(finding.severity),
            escape_property(&finding.rule),
            escape_data(&message)
        )?;
    }
    Ok(())
}

/// The summary line (a plain log line).
pub fn write_summary(out: &mut dyn Write, summary: &Summary) -> std::io::Result<()> {
    writeln!(out, "tenderlint: {}", summary.line())
}

#[cfg(test)]
mod tests {
    use super::{escape_data, escape_property};

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(escape_data("50% of\r\nall"), "50%25 of%0D%0Aall");
        assert_eq!(escape_data("a: b, c"), "a: b, c");
        assert_eq!(escape_property("C:\\a,b.md"), "C%3A\\a%2Cb.md");
        assert_eq!(escape_property("100%"), "100%25");
    }
}
