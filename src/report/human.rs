//! Human output: per file, the findings that matter first (errors, then warnings, then info,
//! each in document order), one miette diagnostic quoting the document and pointing at the
//! words; then a closing summary naming the errors to fix ([`Closing`]).
//!
//! Findings of one rule that say the same thing (same rule, severity and help, and the same
//! message once its quoted words are left out, such as every `unresolved-placeholder`) are
//! drawn once, as a group: the first one's excerpt and help, and a list of where the others are
//! ("unresolved-placeholder ×9: "[NAME]" page 4 line 12, … and 4 more").
//!
//! Quoted lines are cut around the marked words with `…` ([`fit`]) so that nothing is wider
//! than [`Style::width`] and no label wraps under its underline. For a Markdown file the quoted
//! source is the file itself, so line numbers are the file's; a PDF page is quoted with the
//! page's own line numbers; a Word paragraph or table row is named by its place in the reader's
//! terms ([`crate::document::Location::place`]).
//!
//! Files that could not be read get a diagnostic of their own with the cause and what to do;
//! files that were read but that no rule ran on get a warning saying they were not checked and
//! why (shown with `--quiet` too: such a file must never pass for clean).

use std::collections::HashMap;
use std::io::Write;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
};

use super::Summary;
use super::place::one_line;
use crate::diagnostic::{FileResult, Located, Severity};
use crate::document::Mark;
use crate::wording::plural;

/// How many places a group lists before "and K more".
const GROUP_PLACES: usize = 5;
/// How many errors the closing summary names before "and K more".
const NAMED_ERRORS: usize = 6;

/// How to draw diagnostics.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    /// Columns of the terminal (or `$COLUMNS`, or 80): no line is drawn wider, but for a word
    /// too long to break.
    pub width: usize,
    /// Findings and errors only: no read warnings, no summary line.
    pub quiet: bool,
}

impl Style {
    /// Headers name the passage as [`group_report`] says, never with miette's line and column,
    /// which would count the lines as cut.
    fn handler(self) -> GraphicalReportHandler {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
            .with_links(false)
            .without_primary_span_start()
    }
}

/// Write every file's findings and errors, then the summary.
pub fn write(out: &mut dyn Write, results: &[FileResult], style: Style) -> std::io::Result<()> {
    let mut closing = Closing::default();
    for result in results {
        write_file(out, result, style)?;
        closing.add(result);
    }
    write_summary(out, &Summary::of(results), &closing, style)
}

/// One file's errors, read warnings and findings: errors first, findings that say the same
/// thing grouped.
pub fn write_file(out: &mut dyn Write, result: &FileResult, style: Style) -> std::io::Result<()> {
    let handler = style.handler();
    let name = result.path.display().to_string();
    // A pack is introduced once, before its main document (which comes first).
    if let Some(pack) = result.pack.as_deref().filter(|p| p.main == result.path)
        && !style.quiet
    {
        let line = format!(
            "Pack {:?} ({}, {} files checked as one; main document {}: {})",
            pack.name,
            pack.kind.name(),
            pack.files.len(),
            name,
            pack.main_reason
        );
        writeln!(out, "{}\n", wrap(&line, style.width, ""))?;
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
    for group in groups(&result.findings) {
        render(out, &handler, group_report(&name, &group, style))?;
    }
    Ok(())
}

/// The findings in the order a reader should meet them (errors, warnings, info; document order
/// within each), those that say the same thing gathered behind the first of them.
pub fn groups(findings: &[Located]) -> Vec<Vec<&Located>> {
    let mut groups: Vec<Vec<&Located>> = Vec::new();
    let mut seen: HashMap<(&str, Severity, &str, String), usize> = HashMap::new();
    for found in findings {
        let finding = &found.finding;
        let key = (
            finding.rule.as_str(),
            finding.severity,
            finding.help.as_str(),
            template(&finding.message),
        );
        match seen.get(&key) {
            Some(&index) => groups[index].push(found),
            None => {
                seen.insert(key, groups.len());
                groups.push(vec![found]);
            }
        }
    }
    // Stable: document order stays within a severity.
    groups.sort_by_key(|group| std::cmp::Reverse(group[0].finding.severity));
    groups
}

/// A message without the words it quotes: what findings of one rule have in common
/// ('… a placeholder where a term should be: "£[ ]"' gives '… where a term should be').
fn template(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '"' => quoted = !quoted,
            '“' => quoted = true,
            '”' => quoted = false,
            _ if !quoted => out.push(c),
            _ => {}
        }
    }
    let words = one_line(&out);
    words
        .trim_end_matches(|c: char| c == ':' || c == ',' || c.is_whitespace())
        .to_string()
}

/// The summary, unless quiet: the errors to fix, named, then the other counts, and the files
/// that could not be read or were not checked. Never "no problems" when a file was not read
/// or not checked.
pub fn write_summary(
    out: &mut dyn Write,
    summary: &Summary,
    closing: &Closing,
    style: Style,
) -> std::io::Result<()> {
    if style.quiet {
        return Ok(());
    }
    for line in closing.lines(summary) {
        writeln!(out, "{}", wrap(&line, style.width, "  "))?;
    }
    Ok(())
}

/// What the closing summary names, gathered file by file as the report is written.
#[derive(Debug, Default)]
pub struct Closing {
    /// Each rule with error findings, in report order, with the files (and how many in each).
    errors: Vec<(String, Vec<(String, usize)>)>,
    /// Files that could not be read, with the first cause.
    unread: Vec<(String, &'static str)>,
    /// Files read but not checked.
    unchecked: Vec<String>,
}

impl Closing {
    pub fn add(&mut self, result: &FileResult) {
        let file = short_name(result);
        for found in &result.findings {
            if found.finding.severity != Severity::Error {
                continue;
            }
            let rule = &found.finding.rule;
            let index = match self.errors.iter().position(|(r, _)| r == rule) {
                Some(index) => index,
                None => {
                    self.errors.push((rule.clone(), Vec::new()));
                    self.errors.len() - 1
                }
            };
            let files = &mut self.errors[index].1;
            match files.iter_mut().find(|(f, _)| *f == file) {
                Some(entry) => entry.1 += 1,
                None => files.push((file.clone(), 1)),
            }
        }
        if let Some(error) = result.errors.first() {
            self.unread.push((file.clone(), error.code));
        }
        if result.unchecked.is_some() {
            self.unchecked.push(file);
        }
    }

    /// The summary's paragraphs, each one line before wrapping.
    fn lines(&self, summary: &Summary) -> Vec<String> {
        let mut lines = Vec::new();
        let files = plural(summary.files, "file", "files");
        if summary.errors > 0 {
            let named: Vec<String> = self
                .errors
                .iter()
                .take(NAMED_ERRORS)
                .map(|(rule, files)| {
                    let count: usize = files.iter().map(|(_, n)| n).sum();
                    let times = if count > 1 {
                        format!(" ×{count}")
                    } else {
                        String::new()
                    };
                    let mut names: Vec<&str> =
                        files.iter().take(3).map(|(f, _)| f.as_str()).collect();
                    let more = files.len().saturating_sub(3);
                    let more = if more > 0 {
                        format!(" and {}", plural(more, "other file", "other files"))
                    } else {
                        String::new()
                    };
                    names.dedup();
                    format!("{rule}{times} ({}{more})", names.join(", "))
                })
                .collect();
            let mut list = named.join(", ");
            if self.errors.len() > NAMED_ERRORS {
                let more = self.errors.len() - NAMED_ERRORS;
                list.push_str(&format!(
                    ", and {}",
                    plural(more, "more rule", "more rules")
                ));
            }
            lines.push(format!(
                "{} to fix before you sign or submit: {list}.",
                plural(summary.errors, "error", "errors")
            ));
            lines.push(format!("Found {} in {files}.", counts(summary)));
        } else if summary.findings() > 0 {
            lines.push(format!("No errors. Found {} in {files}.", counts(summary)));
        } else if self.unread.is_empty() && self.unchecked.is_empty() {
            lines.push(format!("No problems found in {files}."));
        } else {
            let checked = summary
                .files
                .saturating_sub(self.unread.len() + self.unchecked.len());
            if checked > 0 {
                lines.push(format!(
                    "No findings in the {} checked.",
                    plural(checked, "file", "files")
                ));
            }
        }
        if !self.unread.is_empty() {
            let named = listed(
                self.unread
                    .iter()
                    .map(|(file, code)| format!("{file} ({code})")),
            );
            lines.push(format!(
                "{} could not be read: {named}.",
                plural(self.unread.len(), "file", "files")
            ));
        }
        if !self.unchecked.is_empty() {
            let named = listed(self.unchecked.iter().cloned());
            lines.push(format!(
                "{} not checked (no rule applies to {}): {named}.",
                plural(self.unchecked.len(), "file", "files"),
                if self.unchecked.len() == 1 {
                    "it"
                } else {
                    "them"
                }
            ));
        }
        lines
    }
}

/// "2 errors, 5 warnings and 1 info".
fn counts(summary: &Summary) -> String {
    let mut parts = super::severity_counts(summary.errors, summary.warnings, summary.info);
    let last = parts.pop().unwrap_or_default();
    if parts.is_empty() {
        last
    } else {
        format!("{} and {last}", parts.join(", "))
    }
}

/// Up to [`NAMED_ERRORS`] items, then "and K more".
fn listed(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    let mut list = items
        .iter()
        .take(NAMED_ERRORS)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > NAMED_ERRORS {
        list.push_str(&format!(", and {} more", items.len() - NAMED_ERRORS));
    }
    list
}

/// A file as the summary names it: its file name.
fn short_name(result: &FileResult) -> String {
    result.path.file_name().map_or_else(
        || result.path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// `text` wrapped at spaces to `width` columns, lines after the first indented; a word longer
/// than the line stays whole.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut column = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if column > 0 && column + 1 + len > width {
            out.push('\n');
            out.push_str(indent);
            column = indent.chars().count();
        } else if column > 0 {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += len;
    }
    out
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

/// A group's diagnostic: the first finding's, quoting its excerpt with the words marked; for
/// two or more, the rule's id counts them and the message lists where they are. Related places
/// outside the excerpt are listed in the help ("See also").
fn group_report(path: &str, group: &[&Located], style: Style) -> Report {
    let found = group[0];
    let finding = &found.finding;
    let place = found.location.place();
    let mut message = finding.message.clone();
    let mut code = finding.rule.clone();
    if group.len() > 1 {
        code = format!("{} ×{}", finding.rule, group.len());
        let mut places: Vec<String> = group
            .iter()
            .take(GROUP_PLACES)
            .map(|found| {
                let words = cut(&one_line(&found.snippet), 30);
                let place = found.location.place();
                match (words.is_empty(), place.is_empty()) {
                    (true, _) => place,
                    (false, true) => format!("\"{words}\""),
                    (false, false) => format!("\"{words}\" {place}"),
                }
            })
            .collect();
        if group.len() > GROUP_PLACES {
            places.push(format!("and {} more", group.len() - GROUP_PLACES));
        }
        message = format!("{}: {}", template(&finding.message), places.join(", "));
    }
    let Some(excerpt) = &found.excerpt else {
        // Not quoted (a result whose excerpts were dropped): the message alone, with its place.
        if group.len() == 1 && !place.is_empty() {
            message = format!("{message} ({place})");
        }
        let diagnostic = MietteDiagnostic::new(message)
            .with_code(code)
            .with_severity(severity_of(finding.severity))
            .with_help(finding.help.clone());
        return Report::new(diagnostic);
    };
    // The header names the passage: the file with the line and column of the words (Markdown:
    // the quoted lines are cut to fit, so miette's own count would be of the cut text), or the
    // file and the place in words when that fits on the line; else the message says where.
    let mut name = path.to_string();
    match &found.region {
        Some(region) if !excerpt.needs_place => {
            name = format!("{path}:{}:{}", region.start_line, region.start_column);
        }
        _ if place.is_empty() => {}
        _ => {
            let named = format!("{path} › {place}");
            if named.chars().count() + 12 <= style.width && !excerpt.needs_place {
                name = named;
            } else if group.len() == 1 {
                message = format!("{message} ({place})");
            }
        }
    }
    let (text, marks) = fit(&excerpt.text, &excerpt.marks, style.width);
    let labels = marks.iter().enumerate().map(|(i, mark)| {
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
    let diagnostic = MietteDiagnostic::new(message)
        .with_code(code)
        .with_severity(severity_of(finding.severity))
        .with_help(help)
        .with_labels(labels);
    Report::new(diagnostic).with_source_code(NamedSource::new(name, text))
}

/// `text` on one line cut to `most` characters, with `…` when cut.
fn cut(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        return text.to_string();
    }
    let mut out: String = text.chars().take(most - 1).collect();
    out.push('…');
    out
}

fn severity_of(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// The fewest columns a quoted line is given, however narrow the terminal.
const MIN_TEXT: usize = 24;
/// Dropped runs of at most this many characters between two marks are kept instead.
const SMALL_GAP: usize = 8;

/// A passage with its marks, its lines cut so that, once miette draws its gutter (line
/// numbers and bars) before them, each fits in `width` columns and each mark's label fits
/// beside its underline. A line too long keeps its marks (a long mark keeps its start and end)
/// and as much around them as fits, with `…` where words were left out; lines without marks
/// keep their start. Line breaks are never removed, so line numbers stay the passage's own.
fn fit(text: &str, marks: &[Mark], width: usize) -> (String, Vec<Mark>) {
    let lines = text.split('\n').count();
    let gutter = digits(lines) + 4;
    let multi = marks
        .iter()
        .filter(|m| {
            text.get(m.offset..m.offset + m.len)
                .is_some_and(|s| s.contains('\n'))
        })
        .count();
    let gutter = gutter + if multi > 0 { multi + 3 } else { 0 };
    let budget = width.saturating_sub(gutter).max(MIN_TEXT);
    let label_most = budget.saturating_sub(8).max(8);
    let mut marks: Vec<Mark> = marks
        .iter()
        .map(|m| Mark {
            offset: m.offset.min(text.len()),
            len: m.len.min(text.len() - m.offset.min(text.len())),
            label: cut(&m.label, label_most),
        })
        .collect();
    // Every mark boundary, old byte offset to new.
    let mut starts: Vec<Option<usize>> = vec![None; marks.len()];
    let mut ends: Vec<Option<usize>> = vec![None; marks.len()];
    let mut out = String::with_capacity(text.len());
    let mut line_start = 0;
    for line in text.split('\n') {
        let line_end = line_start + line.len();
        let on_line: Vec<usize> = (0..marks.len())
            .filter(|&i| {
                let (s, e) = (marks[i].offset, marks[i].offset + marks[i].len);
                s <= line_end && e >= line_start && !(e == line_start && s < line_start)
            })
            .collect();
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let n = chars.len();
        let char_at = |byte: usize| -> usize {
            let rel = byte.saturating_sub(line_start);
            chars.partition_point(|&(b, _)| b < rel)
        };
        // Marks as char ranges on this line, and whether the label is drawn beside them here.
        let portions: Vec<(usize, usize, Option<usize>)> = on_line
            .iter()
            .map(|&i| {
                let (s, e) = (marks[i].offset, marks[i].offset + marks[i].len);
                let single = s >= line_start && e <= line_end;
                let label = single.then(|| marks[i].label.chars().count());
                (char_at(s.max(line_start)), char_at(e.min(line_end)), label)
            })
            .collect();
        let text: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
        let keep = choose(&text, &portions, budget);
        // The line as kept, with old char index -> new byte offset (and n -> end).
        let new_start = out.len();
        let mut at = vec![0usize; n + 1];
        for (i, &(_, c)) in chars.iter().enumerate() {
            if keep[i] {
                at[i] = out.len() - new_start;
                out.push(if c == '\t' { ' ' } else { c });
            } else {
                if i == 0 || keep[i - 1] {
                    out.push('…');
                }
                at[i] = out.len() - new_start;
            }
        }
        at[n] = out.len() - new_start;
        for &i in &on_line {
            let (s, e) = (marks[i].offset, marks[i].offset + marks[i].len);
            if s >= line_start && s <= line_end && starts[i].is_none() {
                let c = char_at(s);
                // A mark starting in a dropped run starts at its `…`.
                let byte = if c < n && !keep[c] {
                    at[c] - '…'.len_utf8()
                } else {
                    at[c]
                };
                starts[i] = Some(new_start + byte);
            }
            if e >= line_start && e <= line_end {
                ends[i] = Some(new_start + at[char_at(e)]);
            }
        }
        out.push('\n');
        line_start = line_end + 1;
    }
    out.pop();
    for (i, mark) in marks.iter_mut().enumerate() {
        let start = starts[i].unwrap_or(out.len()).min(out.len());
        let end = ends[i].unwrap_or(out.len()).clamp(start, out.len());
        mark.offset = start;
        mark.len = end - start;
    }
    (out, marks)
}

fn digits(n: usize) -> usize {
    n.max(1).to_string().len()
}

/// Which characters of a line of `n` to keep so that it fits in `budget` columns (with a `…`
/// for each dropped run) and each labelled mark's label fits after its underline's middle.
/// Tries the whole line, then shorter and shorter marks and less context before them.
fn choose(line: &[char], portions: &[(usize, usize, Option<usize>)], budget: usize) -> Vec<bool> {
    let whole = vec![true; line.len()];
    if fits(&whole, portions, budget) {
        return whole;
    }
    let mut last = whole;
    for most in [budget * 2 / 3, budget / 2, budget / 3, 16, 8] {
        for before in [20, 8, 0] {
            let keep = pick(line, portions, budget, most.max(3), before);
            if fits(&keep, portions, budget) {
                return keep;
            }
            last = keep;
        }
    }
    last
}

/// Keep each mark (its first and last `most / 2` characters when longer than `most`), small
/// gaps between marks, up to `before` characters before the first (from a word's start), then
/// as much after as the budget allows. A line without marks keeps its start.
fn pick(
    line: &[char],
    portions: &[(usize, usize, Option<usize>)],
    budget: usize,
    most: usize,
    before: usize,
) -> Vec<bool> {
    let n = line.len();
    let mut keep = vec![false; n];
    if n == 0 {
        return keep;
    }
    for &(a, b, _) in portions {
        let (a, b) = (a.min(n), b.min(n));
        if b <= a {
            keep[a.min(n - 1)] = true;
        } else if b - a <= most {
            keep[a..b].iter_mut().for_each(|k| *k = true);
        } else {
            // The mark's first and last words, cut at spaces when one is near.
            let half = ((most - 1) / 2).max(1);
            let head = (a + half / 2..a + half)
                .rev()
                .find(|&j| line[j].is_whitespace())
                .unwrap_or(a + half);
            let tail = (b - half..b - half / 2)
                .find(|&j| line[j].is_whitespace())
                .map_or(b - half, |j| j + 1);
            keep[a..head].iter_mut().for_each(|k| *k = true);
            keep[tail..b].iter_mut().for_each(|k| *k = true);
        }
    }
    let first = keep.iter().position(|k| *k);
    let Some(first) = first else {
        // No marks: the start of the line.
        let most = budget.saturating_sub(1).min(n);
        keep[..most].iter_mut().for_each(|k| *k = true);
        return keep;
    };
    let last = keep.iter().rposition(|k| *k).unwrap_or(first);
    // Small gaps between kept runs are kept: a `…` would save little.
    let mut i = first;
    while i <= last {
        if keep[i] {
            i += 1;
            continue;
        }
        let j = (i..=last).find(|&j| keep[j]).unwrap_or(last);
        if j - i <= SMALL_GAP {
            keep[i..j].iter_mut().for_each(|k| *k = true);
        }
        i = j.max(i + 1);
    }
    // Context before, from a word's start.
    let mut from = first.saturating_sub(before);
    if from > 0 {
        let words = (from..first).find(|&j| line[j - 1].is_whitespace());
        from = words.unwrap_or(first);
    }
    keep[from..first].iter_mut().for_each(|k| *k = true);
    // Context after, while it fits.
    let mut total = width_of(&keep);
    let mut j = last + 1;
    while j < n {
        let grows = if j + 1 == n { 0 } else { 1 };
        if total + grows > budget {
            break;
        }
        keep[j] = true;
        total += grows;
        j += 1;
    }
    // Not mid-word: back to the last space when one is near.
    if j < n && !line[j].is_whitespace() {
        let space = (last + 1..j)
            .rev()
            .take(15)
            .find(|&i| line[i].is_whitespace());
        if let Some(space) = space {
            keep[space..j].iter_mut().for_each(|k| *k = false);
        }
    }
    keep
}

/// Columns a line takes when the unkept runs are each one `…`.
fn width_of(keep: &[bool]) -> usize {
    let kept = keep.iter().filter(|k| **k).count();
    let runs = keep
        .iter()
        .enumerate()
        .filter(|&(i, k)| !*k && (i == 0 || keep[i - 1]))
        .count();
    kept + runs
}

/// Whether a line kept so fits, labels included: miette draws a label as `╰── label` from the
/// middle of its underline.
fn fits(keep: &[bool], portions: &[(usize, usize, Option<usize>)], budget: usize) -> bool {
    if width_of(keep) > budget {
        return false;
    }
    // Column of each char index once dropped runs are a `…` each.
    let mut column = Vec::with_capacity(keep.len() + 1);
    let mut c = 0;
    for (i, k) in keep.iter().enumerate() {
        if *k {
            column.push(c);
            c += 1;
        } else {
            if i == 0 || keep[i - 1] {
                c += 1;
            }
            column.push(c);
        }
    }
    column.push(c);
    portions.iter().all(|&(a, b, label)| {
        let Some(label) = label else { return true };
        let start = column[a.min(keep.len())];
        let end = column[b.min(keep.len())].max(start + 1);
        (start + end) / 2 + 4 + label <= budget
    })
}

#[cfg(test)]
mod tests {
    use super::{Mark, fit, template, wrap};

    fn mark(text: &str, words: &str, label: &str) -> Mark {
        Mark {
            offset: text.find(words).expect("words"),
            len: words.len(),
            label: label.into(),
        }
    }

    #[test]
    fn a_long_line_is_cut_around_its_mark() {
        let text = format!(
            "short line\n{} the marked words {}\nend",
            "a ".repeat(60),
            "b ".repeat(60)
        );
        let marks = [mark(&text, "marked words", "here")];
        let (cut, marks) = fit(&text, &marks, 60);
        assert_eq!(cut.lines().count(), 3, "{cut}");
        assert!(cut.lines().all(|l| l.chars().count() <= 60 - 5), "{cut}");
        let marked = &cut[marks[0].offset..marks[0].offset + marks[0].len];
        assert_eq!(marked, "marked words");
        assert!(cut.lines().nth(1).expect("line").starts_with('…'), "{cut}");
    }

    #[test]
    fn a_long_mark_keeps_its_ends() {
        let words = "word ".repeat(40);
        let text = format!("before {words}after");
        let marks = [mark(&text, words.trim_end(), "a label of some length")];
        let (cut, marks) = fit(&text, &marks, 60);
        let marked = &cut[marks[0].offset..marks[0].offset + marks[0].len];
        assert!(marked.starts_with("word") && marked.ends_with("word") && marked.contains('…'));
        assert!(cut.chars().count() <= 55, "{cut}");
    }

    #[test]
    fn templates_leave_out_quoted_words() {
        assert_eq!(
            template("This bid still holds a placeholder where a term should be: \"[NAME]\""),
            "This bid still holds a placeholder where a term should be"
        );
        assert_eq!(wrap("one two three", 8, "  "), "one two\n  three");
    }
}
