//! Reviewed copies: the user's own document with each finding as a comment on its words, as a
//! colleague's review would be (`tenderlint review FILE -o OUT`).
//!
//! - Word (DOCX, DOCM): a Word comment anchored on the words (`commentRangeStart/End`, a
//!   `comments.xml` part, its relationship and content type). The document part is edited only
//!   where a comment starts or ends; every other part is copied byte for byte, compressed as it
//!   was; existing comments and tracked changes are kept.
//! - PDF: a highlight annotation over the words with the same note, appended as an incremental
//!   update, so the original bytes are unchanged before it (a signature over them stays valid).
//! - ODT: an `office:annotation` at the words, ended by `office:annotation-end`.
//!
//! The copy is marked as tenderlint's ([`crate::extract::written`]): folder walks skip it, so a
//! reviewed copy saved beside the original is not checked twice. The comments are never read
//! as text, so checking the copy gives the original's findings. A finding with no words to
//! anchor to here (a "missing" finding at the title, words in a header or footnote) is a
//! comment on the first paragraph that has text. A document with no findings is copied as it
//! is, with the mark.
//!
//! This module writes bytes; it reads nothing from disk and is given the document and its
//! findings by the caller.

mod anchor;
mod checked;
mod docx;
mod odt;
mod parts;
mod pdf;

use crate::diagnostic::Located;
use crate::document::{Document, Format, Span};
use crate::extract::ReadError;

/// The mark of a reviewed copy (see [`crate::extract::written`]).
pub use checked::{CopyError, check_and_copy};

pub const MARK: &str = "written by tenderlint: reviewed copy";

/// One comment to write.
#[derive(Clone, Debug)]
pub struct Note {
    /// The words in the normalised text.
    pub span: Span,
    /// The same words as the finding quotes them.
    pub words: String,
    /// The comment's paragraphs: the message, what to do, the rule and how to accept it.
    pub paragraphs: Vec<String>,
}

impl Note {
    pub fn of(found: &Located) -> Note {
        let finding = &found.finding;
        let mut paragraphs = vec![finding.message.clone()];
        if !finding.help.trim().is_empty() {
            paragraphs.push(format!("What to do: {}", finding.help.trim()));
        }
        paragraphs.push(format!(
            "tenderlint {} ({}). To accept it, reply: tenderlint: accept {} — your reason",
            finding.rule,
            finding.severity.name(),
            finding.rule
        ));
        Note {
            span: finding.span,
            words: found.snippet.clone(),
            paragraphs,
        }
    }

    /// The comment as one text (a PDF note).
    pub fn text(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

/// Who and when, as the comments say.
#[derive(Clone, Debug)]
pub struct Author {
    pub name: String,
    pub initials: String,
    /// ISO 8601 UTC, e.g. `2026-12-07T19:00:00Z`.
    pub date: String,
}

impl Author {
    /// tenderlint, now (or at `SOURCE_DATE_EPOCH`, for reproducible copies).
    pub fn now() -> Author {
        let seconds = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs())
            });
        Author {
            name: "tenderlint".into(),
            initials: "TL".into(),
            date: iso_date(seconds),
        }
    }
}

/// Seconds since 1970 as `YYYY-MM-DDThh:mm:ssZ`.
fn iso_date(seconds: u64) -> String {
    let (year, month, day) = crate::wording::civil_from_days((seconds / 86_400) as i64);
    let rest = seconds % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// Why no copy was written.
#[derive(Debug)]
pub enum ReviewError {
    /// The format has no comments of its own (Markdown, plain text, spreadsheets).
    NoComments(Format),
    /// The file could not be read again, or its parts are not as the reader found them.
    Read(ReadError),
    /// The file was read, but a copy with comments cannot be made of it (an encrypted PDF).
    Cannot(String),
}

impl std::fmt::Display for ReviewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReviewError::NoComments(format) => write!(
                f,
                "{} files have no comments of their own: `tenderlint check` points at their lines",
                format.name()
            ),
            ReviewError::Read(error) => write!(f, "{error}"),
            ReviewError::Cannot(why) => f.write_str(why),
        }
    }
}

impl From<ReadError> for ReviewError {
    fn from(error: ReadError) -> Self {
        ReviewError::Read(error)
    }
}

/// A reviewed copy of `bytes` (the file `document` was read from) with a comment per finding.
pub fn review(
    bytes: &[u8],
    document: &Document,
    findings: &[Located],
    author: &Author,
) -> Result<Vec<u8>, ReviewError> {
    let notes: Vec<Note> = findings.iter().map(Note::of).collect();
    match document.format {
        Format::Docx => docx::review(bytes, document, &notes, author),
        Format::Odt => odt::review(bytes, document, &notes, author),
        Format::Pdf => pdf::review(bytes, document, &notes, author),
        other => Err(ReviewError::NoComments(other)),
    }
}

/// Escape text for XML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Edits to a text: insertions and replacements at byte offsets, applied back to front.
#[derive(Debug, Default)]
struct Edits {
    /// (start, end, text, order): `start..end` replaced by `text`; an insertion has
    /// `start == end`. `order` keeps insertions at one offset in the order they were made.
    edits: Vec<(usize, usize, String, usize)>,
}

impl Edits {
    fn insert(&mut self, at: usize, text: String) {
        let order = self.edits.len();
        self.edits.push((at, at, text, order));
    }

    fn replace(&mut self, start: usize, end: usize, text: String) {
        if self
            .edits
            .iter()
            .any(|e| e.0 == start && e.1 == end && e.1 > e.0)
        {
            return;
        }
        let order = self.edits.len();
        self.edits.push((start, end, text, order));
    }

    /// The text with every edit made. Overlapping replacements keep the first.
    fn apply(mut self, text: &str) -> String {
        self.edits.sort_by_key(|e| (e.0, e.3));
        let mut out = String::with_capacity(text.len() + self.edits.len() * 128);
        let mut at = 0;
        for (start, end, insert, _) in self.edits {
            if start < at || end > text.len() || !text.is_char_boundary(start) {
                continue;
            }
            out.push_str(&text[at..start]);
            out.push_str(&insert);
            at = end.max(start);
        }
        out.push_str(&text[at.min(text.len())..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Edits, iso_date};

    #[test]
    fn dates_are_iso_8601_utc() {
        assert_eq!(iso_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_date(1_796_670_000), "2026-12-07T19:00:00Z");
        assert_eq!(iso_date(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn edits_apply_in_place_order() {
        let mut edits = Edits::default();
        edits.insert(3, "<a>".into());
        edits.replace(0, 1, "X".into());
        edits.insert(3, "<b>".into());
        edits.insert(6, "!".into());
        assert_eq!(edits.apply("abcdef"), "Xbc<a><b>def!");
    }
}
