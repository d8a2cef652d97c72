//! Concise output: one line per finding, `path:place: severity rule message`, as ruff's
//! concise output and Vale's line format print them, for grep, editors and a quick look; then
//! the summary line (none with `--quiet`).
//!
//! The place is `line:column` in a Markdown or text file, whose lines are the file's own, and
//! the place in the reader's terms otherwise (`page 4 line 12`, `clause 4.1`, `table 2, row 4`,
//! [`crate::document::Location::place`]). A file that could not be read is a line of its own
//! with its error code in the rule's place (`path: error corrupt-file …`); so is a file read
//! but not checked (`path: warning not-checked …`).

use std::io::Write;

use super::Summary;
use super::place::one_line;
use crate::diagnostic::{FileResult, Located};

/// Every file's lines, then the summary.
pub fn write(out: &mut dyn Write, results: &[FileResult], quiet: bool) -> std::io::Result<()> {
    for result in results {
        write_file(out, result, quiet)?;
    }
    write_summary(out, &Summary::of(results), quiet)
}

/// One file's errors, read warnings (unless quiet), whether it was not checked, and findings in
/// document order.
pub fn write_file(out: &mut dyn Write, result: &FileResult, quiet: bool) -> std::io::Result<()> {
    let path = result.path.display();
    for error in &result.errors {
        writeln!(
            out,
            "{path}: error {} {}",
            error.code,
            one_line(&error.message)
        )?;
    }
    for warning in result.warnings.iter().filter(|_| !quiet) {
        writeln!(out, "{path}: warning read-warning {}", one_line(warning))?;
    }
    if let Some(unchecked) = result.unchecked {
        writeln!(
            out,
            "{path}: warning not-checked not checked: {}",
            unchecked.reason()
        )?;
    }
    for found in &result.findings {
        let finding = &found.finding;
        let place = place(found);
        let at = if place.is_empty() {
            String::new()
        } else {
            format!(":{place}")
        };
        writeln!(
            out,
            "{path}{at}: {} {} {}",
            finding.severity,
            finding.rule,
            one_line(&finding.message)
        )?;
    }
    Ok(())
}

/// The summary line, unless quiet.
pub fn write_summary(out: &mut dyn Write, summary: &Summary, quiet: bool) -> std::io::Result<()> {
    if quiet {
        return Ok(());
    }
    writeln!(out, "{}", summary.line())
}

/// `12:5` in a text file, else the place in words.
fn place(found: &Located) -> String {
    if let Some(region) = &found.region {
        return format!("{}:{}", region.start_line, region.start_column);
    }
    let location = &found.location;
    match (location.page, location.paragraph, location.line) {
        (None, None, Some(line)) if location.sheet.is_none() => {
            format!("{line}:{}", location.column.unwrap_or(1))
        }
        _ => location.place(),
    }
}
