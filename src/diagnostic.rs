//! The vocabulary of results, shared by every layer above the document model: a [`Finding`]
//! (what a rule or a reader found, on a span of the text), the same finding [`Located`] for
//! people (page, clause, line, the words), a file's [`FileResult`] with its [`FileError`]s, the
//! [`Severity`] scale, why a document that was read was still [`Unchecked`] (no rule ran on it),
//! and the registry of ids that findings carry without being rules ([`NOTICES`]).
//!
//! Everything here is plain data: rules make findings, the pipeline (`lint`) locates them, the
//! engine gathers results, suppressions and baselines filter them, and reports print them,
//! all without depending on one another.
//!
//! To add a notice (a finding no rule file makes, like `unaccepted-tracked-changes`): add a
//! [`NoticeDoc`] to [`NOTICES`] with its plain-words title and why; every report, the
//! configuration and `--select` then know it.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Serialize;

use crate::document::{DocKind, Excerpt, Format, Location, Span, TextRegion};

/// How much a finding matters. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Severity {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "error" => Ok(Severity::Error),
            "warning" | "warn" => Ok(Severity::Warning),
            "info" | "note" => Ok(Severity::Info),
            _ => Err(()),
        }
    }
}

/// One problem found by a rule (or a reader, or a suppression check) in a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// What the finding is about: a partner's name, a target's words, the document title.
    pub subject: Option<String>,
    pub help: String,
    /// The words the finding points at.
    pub span: Span,
    pub label: String,
    /// Other places that explain the finding (more trigger sentences).
    pub related: Vec<(Span, String)>,
    /// For findings about the source file itself rather than its text (a suppression comment),
    /// the byte range in the source to point at.
    pub source: Option<(usize, usize)>,
}

/// A finding with the place a reader can find it, and everything the reports quote from the
/// document: worked out while the document is at hand, so that the document itself can be
/// dropped as soon as it is checked (memory follows the largest document, not the run).
#[derive(Clone, Debug)]
pub struct Located {
    pub finding: Finding,
    pub location: Location,
    /// The words the finding points at, as they are in the normalised text.
    pub snippet: String,
    /// Where the words are in the file itself (Markdown only).
    pub region: Option<TextRegion>,
    /// The finding's other places (`finding.related`), in the same order.
    pub related: Vec<Related>,
    /// The passage a report quotes around the words (a Markdown file, a PDF page, a Word
    /// paragraph or table row), with the words marked. `None` once a report that quotes nothing
    /// has no more use for it ([`FileResult::drop_excerpts`]).
    pub excerpt: Option<Excerpt>,
}

/// One of a finding's other places.
#[derive(Clone, Debug)]
pub struct Related {
    pub location: Location,
    pub snippet: String,
    pub region: Option<TextRegion>,
}

/// Why a file produced no findings: it could not be read or understood.
#[derive(Clone, Debug, Serialize)]
pub struct FileError {
    pub code: &'static str,
    pub message: String,
    pub help: String,
}

impl FileError {
    /// tenderlint itself failed on the file (a panic, a lost worker).
    pub fn internal(message: &str) -> FileError {
        FileError {
            code: "internal-error",
            message: format!("tenderlint failed on this file (an internal error: {message})"),
            help:
                "please report it with the file if you can share it; the other files were checked"
                    .into(),
        }
    }
}

/// Why a document that was read was not checked: no rule ran on it, so having no findings says
/// nothing about it, and no report may call it clean. (A file that could not be read is a
/// [`FileError`] instead.) The pipeline decides it from the rules that applied, never from a
/// kind's name; the variant only says which explanation fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unchecked {
    /// The document's kind could not be told, and no rule that is on reads documents of
    /// unknown kind.
    UnknownKind,
    /// A workbook whose kind could not be told: figures alone do not say whether they are a
    /// bid's budget or an agreement's price schedule.
    UnknownWorkbook,
    /// The document's kind is known, but none of the rules that are on applies to it (all
    /// turned off by select/ignore, in `tenderlint.toml` or on the command line).
    NoRuleApplies(DocKind),
}

impl Unchecked {
    /// A stable code for tools: `unknown-kind` or `no-rule-applies`.
    pub fn code(self) -> &'static str {
        match self {
            Unchecked::UnknownKind | Unchecked::UnknownWorkbook => "unknown-kind",
            Unchecked::NoRuleApplies(_) => "no-rule-applies",
        }
    }

    /// Why, and what to do, as every format prints it after "not checked: ".
    pub fn reason(self) -> String {
        match self {
            Unchecked::UnknownKind => {
                "the kind of document could not be told; use --kind or front matter (kind: bid)"
                    .into()
            }
            Unchecked::UnknownWorkbook => "a workbook's figures do not say what kind of document \
                 they belong to; check it with the application or agreement it belongs to as a \
                 pack (--pack FOLDER), or use --kind"
                .into(),
            Unchecked::NoRuleApplies(kind) => format!(
                "none of the rules that are on applies to a document of kind {}; check select and \
                 ignore (tenderlint.toml, --select, --ignore)",
                kind.name()
            ),
        }
    }
}

/// Everything known about one file after a run. The document itself is not kept.
#[derive(Debug)]
pub struct FileResult {
    pub path: PathBuf,
    pub format: Option<Format>,
    pub kind: Option<DocKind>,
    pub findings: Vec<Located>,
    pub errors: Vec<FileError>,
    pub warnings: Vec<String>,
    /// `Some` when the file was read but no rule ran on it. Its findings, if any, are notices
    /// from reading it (tracked changes, invalid UTF-8).
    pub unchecked: Option<Unchecked>,
    /// The pack the file was checked in, when it was read as part of one.
    pub pack: Option<std::sync::Arc<PackInfo>>,
    /// The rule id of each finding the file's own suppressions silenced (Markdown comments,
    /// Word comments), for `--statistics`.
    pub suppressed: Vec<String>,
}

/// A pack some files were checked in: its name, its main document and its members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackInfo {
    pub name: String,
    /// The document "missing" findings point at (the core terms, the application).
    pub main: PathBuf,
    /// Every member, main document first.
    pub files: Vec<PathBuf>,
    /// How the main document was chosen, in words.
    pub main_reason: String,
    /// The kind the pack was checked as.
    pub kind: DocKind,
    /// The findings about the pack as a whole (a provision no member holds), reported at the
    /// main document: their rule ids and messages.
    pub findings: Vec<PackFinding>,
}

/// A finding about a pack as a whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PackFinding {
    pub rule: String,
    pub severity: &'static str,
    pub message: String,
}

impl FileResult {
    /// A result with nothing in it yet.
    pub fn new(path: &Path) -> FileResult {
        FileResult {
            path: path.to_path_buf(),
            format: None,
            kind: None,
            findings: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            unchecked: None,
            pack: None,
            suppressed: Vec::new(),
        }
    }

    /// A result with one error and nothing else.
    pub fn failed(path: &Path, error: FileError) -> FileResult {
        let mut result = FileResult::new(path);
        result.errors.push(error);
        result
    }

    /// Forget the quoted passages (for reports that keep every result until the end and
    /// quote nothing: SARIF, JUnit, the Word report).
    pub fn drop_excerpts(&mut self) {
        for found in &mut self.findings {
            found.excerpt = None;
        }
    }
}

/// An id that findings carry without a rule file behind it: a reader's notice or a check of
/// the suppressions themselves. They can be selected, ignored and given severities like rules.
#[derive(Clone, Copy, Debug)]
pub struct NoticeDoc {
    pub id: &'static str,
    pub severity: Severity,
    /// What it is, for tools (a SARIF rule's short description).
    pub summary: &'static str,
    /// What it means and what to do, for tools (a SARIF rule's full description).
    pub description: &'static str,
    /// What it is, in plain words (the Word report's heading); `None`: the message says it.
    pub title: Option<&'static str>,
    /// Why it matters, in plain words (the Word report); `None`: the message says enough.
    pub why: Option<&'static str>,
}

/// A Markdown or text file that is not valid UTF-8 (read as Windows-1252).
pub const INVALID_UTF8: &str = "invalid-utf8";
/// A Word or OpenDocument file with tracked changes nobody has accepted or rejected.
pub const UNACCEPTED_TRACKED_CHANGES: &str = "unaccepted-tracked-changes";
/// A spreadsheet with hidden sheets: read and checked, but a reader of the workbook may not see
/// them.
pub const HIDDEN_SHEETS: &str = "hidden-sheets";
/// A spreadsheet with hidden rows that hold something, in a sheet that is not itself hidden.
pub const HIDDEN_ROWS: &str = "hidden-rows";
/// A suppression comment that silenced nothing.
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";
/// A suppression comment that names no known rule or cannot be read.
pub const INVALID_SUPPRESSION: &str = "invalid-suppression";

/// Every notice, in the order tools list them.
pub const NOTICES: [NoticeDoc; 6] = [
    NoticeDoc {
        id: INVALID_UTF8,
        severity: Severity::Info,
        summary: "A Markdown or text file that is not valid UTF-8",
        description: "The file has bytes that are not UTF-8, so tenderlint read it as Windows-1252 (the \
         usual encoding of such files), which maps every byte to a character and loses nothing. \
         Symbols such as £, dashes and curly quotes may still not be what the author typed. The \
         finding points at the block holding the first bad byte. Save the file as UTF-8 and \
         check it again.",
        title: None,
        why: None,
    },
    NoticeDoc {
        id: UNACCEPTED_TRACKED_CHANGES,
        severity: Severity::Info,
        summary: "A Word or OpenDocument file has tracked changes nobody has accepted or rejected",
        description: "The document still carries tracked changes. tenderlint checked it as if every change \
         were accepted (inserted text in, deleted text out), but what its reader sees may not be \
         final: it is a draft. The finding points at the first change. Accept or reject the \
         changes (Word: Review > Accept or Reject; LibreOffice: Edit > Track Changes > Manage) \
         before you submit or sign, then check again.",
        title: Some("Tracked changes nobody has accepted or rejected"),
        why: Some(
            "A document with tracked changes is still a draft: what the other side reads, or what \
         is signed, may not be the text that was checked.",
        ),
    },
    NoticeDoc {
        id: HIDDEN_SHEETS,
        severity: Severity::Info,
        summary: "A workbook has hidden sheets",
        description: "The workbook has sheets that are hidden from its reader. tenderlint read and \
         checked them like the others, so a finding may point at a sheet nobody sees when the \
         workbook is opened. Unhide them (Excel: right-click a sheet tab > Unhide; LibreOffice: \
         Sheet > Show Sheet) to see what they hold, and delete what should not be sent.",
        title: Some("Sheets hidden from the reader"),
        why: Some(
            "A hidden sheet still goes out with the workbook: old figures, internal notes or a \
         different budget can be read by anyone who unhides it, and totals may draw on it.",
        ),
    },
    NoticeDoc {
        id: HIDDEN_ROWS,
        severity: Severity::Info,
        summary: "A workbook has hidden rows with something in them",
        description: "Rows of a visible sheet are hidden from its reader and hold figures or text. \
         tenderlint read and checked them like the others, so a finding may point at a row \
         nobody sees when the workbook is opened, and a total may count them. Unhide them \
         (Excel: select the rows either side, right-click > Unhide; LibreOffice: Format > Rows > \
         Show) to see what they hold.",
        title: Some("Rows hidden from the reader"),
        why: Some(
            "A hidden row still goes out with the workbook and still counts in a SUM over it: a \
         total that looks wrong on screen, or a cost line a partner never sees, may be in one.",
        ),
    },
    NoticeDoc {
        id: UNUSED_SUPPRESSION,
        severity: Severity::Warning,
        summary: "A tenderlint-disable comment that suppressed nothing",
        description: "A `<!-- tenderlint-disable ... -->` comment names a rule that found nothing where the \
         comment applies. Either the problem was fixed, or the comment names the wrong rule or \
         sits in the wrong place. Remove the comment, or correct it, so that it cannot hide a \
         later finding by accident.",
        title: Some("A note to ignore a problem that is not there"),
        why: Some(
            "A note telling tenderlint to ignore a problem that it no longer finds could hide a real \
         problem later, if the text changes.",
        ),
    },
    NoticeDoc {
        id: INVALID_SUPPRESSION,
        severity: Severity::Warning,
        summary: "A tenderlint-disable comment that cannot be understood",
        description: "A `<!-- tenderlint-disable ... -->` comment names no known rule or is malformed, so it \
         suppresses nothing. Correct the rule id or the comment's form.",
        title: Some("A note to ignore a problem that tenderlint cannot use"),
        why: Some(
            "A note telling tenderlint to ignore a problem only works when it names a check \
         tenderlint knows and is written in full; this one does nothing, so it is a mistake or \
         the problem it was meant to cover is still reported.",
        ),
    },
];

/// The notice with this id.
pub fn notice(id: &str) -> Option<&'static NoticeDoc> {
    NOTICES.iter().find(|n| n.id == id)
}

/// Whether findings may carry `id` without a rule of that id.
pub fn is_notice(id: &str) -> bool {
    notice(id).is_some()
}

#[cfg(test)]
mod tests {
    use super::{NOTICES, Severity, notice};

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::Info < Severity::Warning && Severity::Warning < Severity::Error);
        assert_eq!("warn".parse(), Ok(Severity::Warning));
        assert_eq!("note".parse(), Ok(Severity::Info));
        assert!("fatal".parse::<Severity>().is_err());
    }

    #[test]
    fn notices_are_listed_once_each() {
        for (i, a) in NOTICES.iter().enumerate() {
            assert!(NOTICES[i + 1..].iter().all(|b| b.id != a.id), "{}", a.id);
            assert_eq!(notice(a.id).map(|n| n.id), Some(a.id));
        }
        assert!(notice("unfunded-partner").is_none());
    }
}
