//! The Word review report (`--format docx`): a document for the people who never open a
//! terminal, a bid writer or a charity's trustee, to read, print and forward.
//!
//! Layout, top to bottom:
//! - the title ("tenderlint review"), a line saying which documents were checked and how many
//!   problems were found, and what the report is (an automatic check, not legal advice);
//! - **What to fix first** (Heading 1, `first.rs`), the rest of the first page: every error,
//!   document by document (the document's name, where, what is wrong, what to do and the
//!   number of the finding that sets it out in full); or, with no errors, a plain line saying so
//!   and pointing to the warnings; and how many documents could not be read or were not checked;
//! - **Summary** (Heading 1, on a new page): what error, warning and info mean, in plain words,
//!   then a table with a header row: document, kind, errors, warnings, info, one row per file
//!   ("could not be read", or "not checked" and why) and a totals row. The table's layout is
//!   fixed, with column widths that hold each header on one line (`look::COLUMNS`);
//! - **Documents not checked** (Heading 1, `first.rs`), when there are any: each document no
//!   check was applied to, and why, and each that could not be read, and the cause;
//! - one section per document (Heading 1: the file name; its path if two files share a name):
//!   how it was read and checked, then its findings, errors first, then warnings, then info
//!   (`by_severity`), each under a Heading 2 ("2. Error: <the rule's summary>") with labelled
//!   paragraphs: *What we found* (the message), *The words* (the quoted words in a shaded,
//!   indented block), *Where* (page / clause / paragraph / table row / line, and the heading
//!   path), *Why it matters* (the rule's `docs.why`, in full at a rule's first finding in a
//!   document and pointing back to it after that), *What to do* (the finding's help, which
//!   names the partner or words concerned) and the rule id, pointing to the appendix.
//!   Findings that come from reading the file rather than from a rule
//!   (`unaccepted-tracked-changes`, and the suppression checks) get a sentence of their own
//!   for *Why it matters* (`diagnostic::NOTICES`). A document with no findings says "No problems
//!   found"; one that could not be read says what went wrong and what to do; one that was read
//!   but that no rule ran on says "Not checked", why and what to do (`unchecked`), never "No
//!   problems found";
//! - **About the rules** (Heading 1, on a new page, `about.rs`): each cited rule's summary,
//!   what it checks, why it matters, an example of good wording and its public sources.
//!
//! The readers are bid writers and charity managers, not terminal users: paths are relative,
//! never the machine's (`paths.rs`), and the report gives no command line or flag (what
//! `tenderlint explain` would print is in the appendix; help text that names a flag is reworded
//! or cut, `plain_help` and `without_commands`).
//!
//! Word structure: `Heading1`/`Heading2` styles named "heading 1"/"heading 2" with outline levels
//! 0 and 1 (Word's navigation pane and tenderlint's own DOCX reader see them as headings), a
//! `Title`, a shaded `Quote`, the first page's `FixDocument`/`FixItem`/`FixDetail`, compact
//! table text and a footer with the page number. The summary
//! table's first row is a header row that repeats on each page (`w:tblHeader`, patched in after
//! building next to the row's `w:cantSplit`, as `examples/make_fixture_docx.rs` does: docx-rs
//! 0.4.22 has no row property for it); no row is split across pages.
//!
//! Determinism: the same results give the same bytes. The report has no date; docx-rs writes
//! creation and modification dates into `docProps/core.xml`, so they are fixed at
//! `FIXED_DATE` (the Unix epoch, the usual "no date" of reproducible builds) rather than the
//! time of the run. Paragraph ids (`w14:paraId`) are numbered per report here, because docx-rs
//! would otherwise take them from a per-thread counter that a second report in the same
//! process would continue. docx-rs's ZIP writer stores fixed entry times.
//!
//! Types: [`write()`] is the entry point; `Review` (private) holds the results and the rules and
//! builds the `docx_rs::Docx`, one method per part (`opening`, `fix_first`, `summary`,
//! `not_checked`, `file_section`, `finding`, `about_rules`); `Counts` are one file's findings
//! by severity. To add something to every finding, add a labelled paragraph
//! (`Review::labelled`) in `Review::finding`; to add a part, add a method returning its
//! paragraphs and call it from `Review::build`; a new paragraph style goes in `base_docx`. Keep text going through `clean` or `sentence`: they remove the control
//! characters XML cannot hold.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::path::Path;

use docx_rs::{
    AlignmentType, Docx, Footer, PageNum, Paragraph, Run, Shading, Table, TableBorderPosition,
    TableBorders, TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};

mod about;
mod first;
mod look;
mod paths;
mod words;

/// Whether a rule's source names one of the project's own files rather than a public document
/// (left out of what people read: the report's appendix, the local app).
pub use about::is_internal as is_internal_source;

use paths::relative_paths;

use look::{COLUMNS, HEADER_FILL, TEXT_WIDTH, TOTAL_FILL, base_docx, severity_run, table_border};
use words::{
    a_kind, clean, format_name, join_and, paragraphs, quote, sentence, title_case, where_is,
};

use super::{Summary, severity_counts};
use crate::diagnostic::{self, FileError, FileResult, Finding, Located, Severity, Unchecked};
use crate::rules::RuleSet;
use crate::wording::plural;

/// Write the review as a DOCX package. Paths are shown relative to the current directory.
pub fn write(out: &mut dyn Write, results: &[FileResult], rules: &RuleSet) -> std::io::Result<()> {
    let cwd = std::env::current_dir().ok();
    write_in(out, results, rules, cwd.as_deref())
}

/// [`write()`], with paths shown relative to `cwd`.
fn write_in(
    out: &mut dyn Write,
    results: &[FileResult],
    rules: &RuleSet,
    cwd: Option<&Path>,
) -> std::io::Result<()> {
    let docx = Review::new(results, rules, cwd).build();
    let mut xml = docx.build();
    xml.document = repeat_header_rows(&xml.document)?;
    let mut bytes = Cursor::new(Vec::new());
    xml.pack(&mut bytes).map_err(std::io::Error::other)?;
    // Marked as tenderlint's, so that a folder walk does not check the report.
    crate::extract::written::mark_zip(bytes.get_mut(), "written by tenderlint: review report");
    out.write_all(&bytes.into_inner())
}

/// Mark the summary table's first row as a header row (`w:tblHeader`), which docx-rs cannot
/// write. Every row of the table is `w:cantSplit` (kept on one page), and the summary is the
/// only table, so the first `w:cantSplit` is the header row's.
fn repeat_header_rows(xml: &[u8]) -> std::io::Result<Vec<u8>> {
    let xml = std::str::from_utf8(xml).map_err(std::io::Error::other)?;
    Ok(xml
        .replacen("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />", 1)
        .into_bytes())
}

/// Counts of findings in one file.
#[derive(Clone, Copy, Default)]
struct Counts {
    errors: usize,
    warnings: usize,
    info: usize,
}

impl Counts {
    fn of<'f>(findings: impl IntoIterator<Item = &'f Located>) -> Counts {
        let mut counts = Counts::default();
        for found in findings {
            match found.finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }

    fn total(self) -> usize {
        self.errors + self.warnings + self.info
    }

    /// "3 problems: 2 errors and 1 warning".
    fn describe(self) -> String {
        let parts = severity_counts(self.errors, self.warnings, self.info);
        format!(
            "{}: {}",
            plural(self.total(), "problem", "problems"),
            join_and(&parts)
        )
    }
}

/// The report being built: the results, the rules for their docs, and the next paragraph id.
struct Review<'a> {
    results: &'a [FileResult],
    rules: &'a RuleSet,
    /// Each file's path as shown: relative, never the machine's absolute path (`paths`).
    paths: Vec<String>,
    /// Heading names: the file name, or the shown path when two files share a name.
    names: Vec<String>,
    para_id: u32,
    /// How deep the current document's heading is: 1, or 2 inside a pack's section.
    depth: u8,
}

impl<'a> Review<'a> {
    fn new(results: &'a [FileResult], rules: &'a RuleSet, cwd: Option<&Path>) -> Self {
        let all: Vec<&Path> = results.iter().map(|r| r.path.as_path()).collect();
        let paths = relative_paths(&all, cwd);
        let file_name = |shown: &String| {
            shown
                .rsplit_once('/')
                .map_or(shown.clone(), |(_, name)| name.to_string())
        };
        let mut seen: HashMap<String, usize> = HashMap::new();
        for shown in &paths {
            *seen.entry(file_name(shown)).or_default() += 1;
        }
        let names = paths
            .iter()
            .map(|shown| {
                let name = file_name(shown);
                if seen.get(&name).copied().unwrap_or(0) > 1 {
                    shown.clone()
                } else {
                    name
                }
            })
            .collect();
        Review {
            results,
            rules,
            paths,
            names,
            para_id: 0,
            depth: 1,
        }
    }

    /// How `path`, one of the results' (a pack's main document), is shown.
    fn shown(&self, path: &Path) -> String {
        match self.results.iter().position(|r| r.path == path) {
            Some(index) => self.paths[index].clone(),
            None => path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        }
    }

    /// Text about file `index` (an error's message, a reader's note) with its absolute path,
    /// if the text quotes it, shown as in the rest of the report.
    fn local(&self, index: usize, text: &str) -> String {
        let path = &self.results[index].path;
        if path.is_absolute() {
            text.replace(&path.display().to_string(), &self.paths[index])
        } else {
            text.to_string()
        }
    }

    /// The whole document.
    fn build(mut self) -> Docx {
        let mut docx = base_docx();
        let mut parts = self.opening();
        parts.extend(self.fix_first());
        for p in parts {
            docx = docx.add_paragraph(p);
        }
        let (key, table) = self.summary();
        for p in key {
            docx = docx.add_paragraph(p);
        }
        docx = docx.add_table(table);
        for p in self.not_checked() {
            docx = docx.add_paragraph(p);
        }
        for index in 0..self.results.len() {
            for p in self.pack_section(index) {
                docx = docx.add_paragraph(p);
            }
            for p in self.file_section(index) {
                docx = docx.add_paragraph(p);
            }
        }
        for p in self.about_rules() {
            docx = docx.add_paragraph(p);
        }
        let footer = Footer::new().add_paragraph(
            self.paragraph()
                .style("Footer")
                .add_run(Run::new().add_text("tenderlint review, page "))
                .add_page_num(PageNum::new()),
        );
        docx.footer(footer)
    }

    /// A new paragraph with the next id ("00000001", ...).
    fn paragraph(&mut self) -> Paragraph {
        self.para_id += 1;
        Paragraph::new().id(format!("{:08X}", self.para_id))
    }

    /// A paragraph with a bold label and text: "What we found: ...".
    fn labelled(&mut self, label: &str, text: &str) -> Paragraph {
        self.paragraph()
            .add_run(Run::new().add_text(format!("{label}: ")).bold())
            .add_run(Run::new().add_text(clean(text)))
    }

    /// Title, what was checked and found, what this report is.
    fn opening(&mut self) -> Vec<Paragraph> {
        let summary = Summary::of(self.results);
        let documents = match self.results.len() {
            0 => "no documents".to_string(),
            1..=3 => join_and(&self.names),
            n => format!("{n} documents (listed in the summary below)"),
        };
        let found = match summary.findings() {
            0 => "found no problems".to_string(),
            _ => format!(
                "found {}",
                Counts {
                    errors: summary.errors,
                    warnings: summary.warnings,
                    info: summary.info,
                }
                .describe()
            ),
        };
        let unread = summary.tool_errors;
        let unchecked = summary.unchecked;
        let line = if unchecked > 0 {
            // Only the documents checked count as "found": notices in the others are listed
            // in their own sections.
            let counts = Counts::of(
                self.results
                    .iter()
                    .filter(|r| r.unchecked.is_none())
                    .flat_map(|r| &r.findings),
            );
            let found = match counts.total() {
                0 => "found no problems".to_string(),
                _ => format!("found {}", counts.describe()),
            };
            not_checked_line(&documents, &found, summary)
        } else if unread == 0 {
            format!("tenderlint checked {documents} and {found}.")
        } else if unread == summary.files {
            format!(
                "tenderlint was given {documents} but could not read {}, so nothing was checked.",
                if unread == 1 { "it" } else { "any of them" }
            )
        } else {
            format!(
                "tenderlint was given {documents}. {} could not be read; in the other {} it {found}.",
                plural(unread, "document", "documents"),
                summary.files - unread
            )
        };
        let title = self
            .paragraph()
            .style("Title")
            .add_run(Run::new().add_text("tenderlint review"));
        let intro = self.paragraph().add_run(Run::new().add_text(line));
        // With no errors, "What to fix first" says so rather than listing them.
        let first = if summary.errors > 0 {
            "The errors come first, below. After them"
        } else {
            "What to fix first, below, says whether anything must be fixed. After it"
        };
        let about = self.paragraph().add_run(Run::new().add_text(format!(
            "{first}: a summary of every document, then each problem, document by document \
             (what was found, the words it was found in, where they are, why it matters and \
             what to do), and at the end what each rule checks and the public documents it is \
             based on. tenderlint is an automatic check, not legal advice: it can miss problems \
             and it can be wrong, so read each one against the document itself."
        )));
        vec![title, intro, about]
    }

    /// The summary: its heading and the severity key, and the table.
    fn summary(&mut self) -> (Vec<Paragraph>, Table) {
        // The summary starts a page: the first is "What to fix first".
        let mut before = vec![
            self.paragraph()
                .style("Heading1")
                .page_break_before(true)
                .add_run(Run::new().add_text("Summary")),
        ];
        for (severity, meaning) in [
            (
                Severity::Error,
                "must be fixed before you submit the bid or sign the agreement.",
            ),
            (
                Severity::Warning,
                "check it; it is likely to be a problem that needs a change.",
            ),
            (Severity::Info, "for your attention; it may need no change."),
        ] {
            before.push(
                self.paragraph()
                    .style("Key")
                    .add_run(severity_run(
                        severity,
                        &format!("{}: ", title_case(severity)),
                    ))
                    .add_run(Run::new().add_text(meaning)),
            );
        }

        let header = ["Document", "Kind", "Errors", "Warnings", "Info"];
        let mut rows = vec![self.row(&header.map(String::from), RowStyle::Header)];
        let mut total = Counts::default();
        for (index, result) in self.results.iter().enumerate() {
            let name = clean(&self.paths[index]);
            let cells = if result.errors.is_empty() {
                let counts = Counts::of(&result.findings);
                total.errors += counts.errors;
                total.warnings += counts.warnings;
                total.info += counts.info;
                let kind = match (result.unchecked, result.kind) {
                    (Some(unchecked), _) => unchecked_cell(unchecked),
                    (None, Some(kind)) => kind.name().to_string(),
                    (None, None) => "not known".to_string(),
                };
                [
                    name,
                    kind,
                    counts.errors.to_string(),
                    counts.warnings.to_string(),
                    counts.info.to_string(),
                ]
            } else {
                let dash = "–".to_string();
                [
                    name,
                    "could not be read".into(),
                    dash.clone(),
                    dash.clone(),
                    dash,
                ]
            };
            rows.push(self.row(&cells, RowStyle::Body));
        }
        let totals = [
            format!(
                "Total ({})",
                plural(self.results.len(), "document", "documents")
            ),
            String::new(),
            total.errors.to_string(),
            total.warnings.to_string(),
            total.info.to_string(),
        ];
        rows.push(self.row(&totals, RowStyle::Total));
        let grid = TableBorders::new()
            .set(table_border(TableBorderPosition::Top))
            .set(table_border(TableBorderPosition::Bottom))
            .set(table_border(TableBorderPosition::Left))
            .set(table_border(TableBorderPosition::Right))
            .set(table_border(TableBorderPosition::InsideH))
            .set(table_border(TableBorderPosition::InsideV));
        let table = Table::new(rows)
            .set_grid(COLUMNS.to_vec())
            .width(TEXT_WIDTH, WidthType::Dxa)
            // Fixed: the columns keep the widths set for their headers, rather than Word or
            // LibreOffice fitting them to the paths and breaking "Warnings" over two lines.
            .layout(TableLayoutType::Fixed)
            .set_borders(grid);
        (before, table)
    }

    fn row(&mut self, cells: &[String; 5], style: RowStyle) -> TableRow {
        let cells = cells
            .iter()
            .zip(COLUMNS)
            .enumerate()
            .map(|(i, (text, width))| {
                let mut run = Run::new().add_text(text.as_str());
                if !matches!(style, RowStyle::Body) {
                    run = run.bold();
                }
                let mut p = self.paragraph().style("TableText").add_run(run);
                if i >= 2 {
                    p = p.align(AlignmentType::Center);
                }
                let mut cell = TableCell::new()
                    .width(width, WidthType::Dxa)
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(p);
                match style {
                    RowStyle::Header => cell = cell.shading(Shading::new().fill(HEADER_FILL)),
                    RowStyle::Total => cell = cell.shading(Shading::new().fill(TOTAL_FILL)),
                    RowStyle::Body => {}
                }
                cell
            })
            .collect();
        // A row stays on one page; repeat_header_rows makes the first one a header row.
        TableRow::new(cells).cant_split()
    }

    /// One document: a heading, how it was read, then its findings or its errors.
    /// Before a pack's first document: the pack's heading (its documents follow one level
    /// down) and how it was checked.
    fn pack_section(&mut self, index: usize) -> Vec<Paragraph> {
        let result = &self.results[index];
        self.depth = if result.pack.is_some() { 2 } else { 1 };
        let Some(pack) = result.pack.as_deref() else {
            return Vec::new();
        };
        let first = index
            .checked_sub(1)
            .and_then(|i| self.results.get(i))
            .is_none_or(|before| before.pack.as_deref() != Some(pack));
        if !first {
            return Vec::new();
        }
        let main = self.shown(&pack.main);
        let mut about = format!(
            "These {} files were checked together, as one {}: a provision in any of them counts              for all, and each finding below is under the file where its words are. Findings              about the pack as a whole (a provision none of the files holds) are under the main              document, {main} ({}).",
            pack.files.len(),
            pack.kind.describe(),
            pack.main_reason
        );
        if pack.findings.is_empty() {
            about.push_str(" No provision the checks look for is missing from the pack.");
        }
        vec![
            self.paragraph()
                .style("Heading1")
                .add_run(Run::new().add_text(clean(&format!("Pack: {}", pack.name)))),
            self.paragraph().add_run(Run::new().add_text(clean(&about))),
        ]
    }

    fn file_section(&mut self, index: usize) -> Vec<Paragraph> {
        let result = &self.results[index];
        let path = clean(&self.paths[index]);
        let heading = format!("Heading{}", self.depth);
        let mut out = vec![
            self.paragraph()
                .style(&heading)
                .add_run(Run::new().add_text(clean(&self.names[index]))),
        ];
        if !result.errors.is_empty() {
            out.push(self.paragraph().add_run(
                Run::new().add_text(format!("{path} could not be read, so it was not checked.")),
            ));
            for error in &result.errors {
                let (what, help) = (self.local(index, &error.message), plain_help(error));
                out.push(self.labelled("What went wrong", &sentence(&what)));
                out.push(self.labelled("What to do", &sentence(&help)));
            }
            return out;
        }
        let counts = Counts::of(&result.findings);
        let mut about = format!("{path}, read as {}", format_name(result.format));
        match (result.unchecked, result.kind) {
            (Some(_), _) => about.push_str(", was not checked"),
            (None, Some(kind)) => {
                about.push_str(&format!(", checked as {}", a_kind(kind.describe())));
            }
            (None, None) => {}
        }
        about.push('.');
        if counts.total() > 0 {
            about.push_str(&format!(" {}.", counts.describe()));
        }
        out.push(self.paragraph().add_run(Run::new().add_text(about)));
        for warning in &result.warnings {
            let warning = self.local(index, warning);
            out.push(self.labelled("Note", &sentence(&warning)));
        }
        if let Some(unchecked) = result.unchecked {
            let (why, what) = unchecked_words(unchecked);
            out.push(
                self.paragraph().add_run(
                    Run::new()
                        .add_text(
                            "Not checked: none of tenderlint's checks was applied, so it may have \
                             problems this report does not show.",
                        )
                        .bold(),
                ),
            );
            out.push(self.labelled("Why", why));
            out.push(self.labelled("What to do", what));
        } else if result.findings.is_empty() {
            out.push(
                self.paragraph()
                    .add_run(Run::new().add_text("No problems found.").bold()),
            );
        }
        if result.findings.is_empty() {
            return out;
        }
        // A rule's "why" is given in full at its first finding in the document; later findings
        // of the same rule point back to it.
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (index, found) in by_severity(result).into_iter().enumerate() {
            let number = index + 1;
            let earlier = first.get(found.finding.rule.as_str()).copied();
            first.entry(found.finding.rule.as_str()).or_insert(number);
            out.extend(self.finding(number, found, earlier));
        }
        out
    }

    /// What a finding is about, in a few words: its rule's summary, a notice's title, or its
    /// message.
    fn title_of(&self, finding: &Finding) -> String {
        let rule = self.rules.get(&finding.rule);
        let notice = diagnostic::notice(&finding.rule);
        match (rule, notice.and_then(|n| n.title)) {
            (Some(rule), _) => clean(&rule.summary),
            (None, Some(title)) => title.to_string(),
            (None, None) => clean(&finding.message),
        }
    }

    /// One finding: a numbered heading and labelled paragraphs. `earlier` is the number of an
    /// earlier finding of the same rule in this document, whose "why it matters" this shares.
    fn finding(
        &mut self,
        number: usize,
        found: &Located,
        earlier: Option<usize>,
    ) -> Vec<Paragraph> {
        let finding = &found.finding;
        let rule = self.rules.get(&finding.rule);
        let notice = diagnostic::notice(&finding.rule);
        let title = self.title_of(finding);
        let mut out = vec![
            self.paragraph()
                .style(&format!("Heading{}", self.depth + 1))
                .add_run(Run::new().add_text(format!("{number}. ")))
                .add_run(severity_run(
                    finding.severity,
                    &format!("{}: ", title_case(finding.severity)),
                ))
                .add_run(Run::new().add_text(title)),
        ];
        out.push(self.labelled("What we found", &sentence(&finding.message)));
        if !found.snippet.trim().is_empty() {
            out.push(
                self.paragraph()
                    .keep_next(true)
                    .add_run(Run::new().add_text("The words:").bold()),
            );
            out.push(
                self.paragraph()
                    .style("Quote")
                    .add_run(Run::new().add_text(format!("“{}”", quote(&found.snippet)))),
            );
        }
        out.push(self.labelled("Where", &where_is(found)));
        let elsewhere: Vec<String> = finding
            .related
            .iter()
            .zip(&found.related)
            .filter_map(|((_, label), related)| {
                let words = quote(&related.snippet);
                if words.is_empty() {
                    return None;
                }
                let mut text = format!("“{words}”");
                let place = related.location.describe();
                if !place.is_empty() {
                    text.push_str(&format!(" ({place})"));
                }
                // Rules label their extra places "and here"; other labels say more.
                if label != "and here" {
                    text.push_str(&format!(", {}", clean(label)));
                }
                Some(text)
            })
            .collect();
        if !elsewhere.is_empty() {
            out.push(self.labelled("Also here", &sentence(&elsewhere.join("; "))));
        }
        let why = match (earlier, rule, notice.and_then(|n| n.why)) {
            (Some(earlier), ..) => vec![format!("see finding {earlier} above.")],
            (None, Some(rule), _) => paragraphs(&rule.docs.why),
            (None, None, Some(why)) => vec![why.to_string()],
            (None, None, None) => Vec::new(),
        };
        for (i, text) in why.iter().enumerate() {
            out.push(if i == 0 {
                self.labelled("Why it matters", text)
            } else {
                self.paragraph().add_run(Run::new().add_text(text.as_str()))
            });
        }
        let help = plain_finding_help(finding);
        if !help.trim().is_empty() {
            out.push(self.labelled("What to do", &sentence(&help)));
        }
        let more = if rule.is_some() {
            format!(
                "Rule: {}. What it checks, an example of good wording and the public documents \
                 it is based on are under “About the rules” at the end of this report.",
                finding.rule
            )
        } else {
            format!("Check: {}.", finding.rule)
        };
        out.push(
            self.paragraph()
                .style("Note")
                .add_run(Run::new().add_text(more)),
        );
        out
    }
}

/// A file's findings in the order the report gives them: errors, then warnings, then info,
/// each in the order of the document (the sort is stable).
fn by_severity(result: &FileResult) -> Vec<&Located> {
    let mut found: Vec<&Located> = result.findings.iter().collect();
    found.sort_by_key(|found| Reverse(found.finding.severity));
    found
}

/// What to do about a file that could not be read, with no command line in it: a limit is
/// raised by whoever ran the check, not by the reader.
fn plain_help(error: &FileError) -> String {
    match error.help.split_once("raise the limit") {
        Some((before, _)) => format!(
            "{before}ask whoever ran this check to raise tenderlint's limit for it and run it again"
        ),
        None => without_commands(&error.help),
    }
}

/// A finding's help with no command line in it.
fn plain_finding_help(finding: &Finding) -> String {
    without_commands(&finding.help)
}

/// `text` less any part ("; "-separated) that gives a command or a flag: "check the spelling;
/// `tenderlint rules` lists the ids" is "check the spelling".
fn without_commands(text: &str) -> String {
    let command =
        |part: &&str| part.contains('`') || part.contains(" --") || part.starts_with("--");
    if !text.split("; ").any(|part| command(&part)) {
        return text.to_string();
    }
    text.split("; ")
        .filter(|part| !command(part))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The opening line of a run in which some documents were not checked.
fn not_checked_line(documents: &str, found: &str, summary: Summary) -> String {
    let (unchecked, unread) = (summary.unchecked, summary.tool_errors);
    if unchecked == summary.files {
        let (them, reasons) = if unchecked == 1 {
            ("it", "the reason is")
        } else {
            ("them", "the reasons are")
        };
        return format!(
            "tenderlint was given {documents} but did not check {them}: {reasons} below."
        );
    }
    let was = if unchecked == 1 { "was" } else { "were" };
    let mut line = format!(
        "tenderlint was given {documents}. {} {was} not checked (the reasons are below).",
        plural(unchecked, "document", "documents")
    );
    if unread > 0 {
        line.push_str(&format!(
            " {} could not be read.",
            plural(unread, "document", "documents")
        ));
    }
    let checked = summary.files - unchecked - unread;
    if checked > 0 {
        line.push_str(&format!(" In the other {checked} it {found}."));
    }
    line
}

/// The summary table's kind cell for a document no rule ran on: "not checked" and why.
fn unchecked_cell(unchecked: Unchecked) -> String {
    match unchecked {
        Unchecked::UnknownKind | Unchecked::UnknownWorkbook => "not checked: kind not known".into(),
        Unchecked::NoRuleApplies(kind) => {
            format!("{}, not checked: its checks are off", kind.name())
        }
    }
}

/// Why a document was not checked and what to do, in plain words.
fn unchecked_words(unchecked: Unchecked) -> (&'static str, &'static str) {
    match unchecked {
        Unchecked::UnknownKind => (
            "tenderlint could not tell what kind of document this is, and each of its checks is \
             for a particular kind of document (a bid, or a kind of agreement).",
            "If it is a bid or an agreement, ask whoever ran this check to run it again and tell \
             tenderlint which kind of document it is.",
        ),
        Unchecked::UnknownWorkbook => (
            "A workbook's figures alone do not say whether they are a bid's budget or an \
             agreement's prices, and each of tenderlint's checks is for a particular kind of \
             document.",
            "Ask whoever ran this check to run it again with the workbook and the application \
             or agreement it belongs to checked together, as a pack.",
        ),
        Unchecked::NoRuleApplies(_) => (
            "Every check for this kind of document was turned off in this run's settings.",
            "Ask whoever ran this check to turn those checks back on in tenderlint's settings \
             and run it again.",
        ),
    }
}

#[derive(Clone, Copy)]
enum RowStyle {
    Header,
    Body,
    Total,
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::words::{a_kind, clean, join_and, paragraphs, quote, sentence};
    use super::write;
    use crate::analyse::DocKind;
    use crate::diagnostic::{FileResult, Finding, Located, Severity};
    use crate::document::{Format, Location, Span};
    use crate::rules::RuleSet;

    #[test]
    fn text_is_cleaned_for_word() {
        assert_eq!(clean("  a\n b\x0Cc\t\td "), "a b c d");
        assert_eq!(sentence("Add a clause"), "Add a clause.");
        assert_eq!(sentence("Say \"who\"."), "Say \"who\".");
        assert_eq!(
            paragraphs("One line\nwrapped.\n\nTwo.\n"),
            ["One line wrapped.", "Two."]
        );
        let long = "word ".repeat(200);
        let cut = quote(&long);
        assert!(cut.ends_with(" …") && cut.chars().count() <= 602, "{cut}");
        assert_eq!(
            join_and(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(
            a_kind("memorandum of understanding"),
            "a memorandum of understanding"
        );
        assert_eq!(a_kind("bid"), "a bid");
        assert_eq!(a_kind("document"), "a document of no particular kind");
    }

    /// A second report in the same process gets the same bytes: docx-rs's own paragraph-id
    /// counter would continue from the first.
    #[test]
    fn two_reports_in_one_process_are_identical() {
        let rules = RuleSet::builtin().expect("rules");
        let finding = Finding {
            rule: "unfunded-partner".into(),
            severity: Severity::Error,
            message: "Oakham Trust is presented as a delivery partner but has no funding line"
                .into(),
            subject: Some("Oakham Trust".into()),
            help: "Give Oakham Trust a line in the budget.".into(),
            span: Span::new(0, 12),
            label: "no funding line".into(),
            related: Vec::new(),
            source: None,
        };
        let results = vec![FileResult {
            path: PathBuf::from("bids/bid.md"),
            format: Some(Format::Markdown),
            kind: Some(DocKind::Bid),
            findings: vec![Located {
                finding,
                location: Location {
                    line: Some(3),
                    column: Some(1),
                    ..Location::default()
                },
                snippet: "Oakham Trust".into(),
                region: None,
                related: Vec::new(),
                excerpt: None,
            }],
            errors: Vec::new(),
            warnings: Vec::new(),
            unchecked: None,
            pack: None,
            suppressed: Vec::new(),
        }];
        let mut first = Vec::new();
        let mut second = Vec::new();
        write(&mut first, &results, &rules).expect("write");
        write(&mut second, &results, &rules).expect("write");
        assert!(first.starts_with(b"PK"));
        assert_eq!(first, second);
    }
}
