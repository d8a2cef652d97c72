//! The passage a report quotes around a finding, cut from the document model while the
//! document is at hand, so that reports can quote it after the document is gone.
//!
//! Which passage depends on what the reader has in front of them:
//! - a **PDF**: the page the words start on, as laid out (so line numbers are the page's own);
//!   marks on other pages are left out;
//! - a **Word or OpenDocument** file: the paragraph, or the table row, the words start in,
//!   named by where it is ("bid.docx (clause 9.2, paragraph 41)"); related places outside it
//!   are described instead of quoted;
//! - a **Markdown** or text file: the file itself, with the words mapped into it;
//! - otherwise the extracted text, and the reader is told the place in words.
//!
//! [`Quoter`] cuts the excerpts of one document, sharing what they quote in common.

use std::cell::OnceCell;
use std::sync::Arc;

use super::{BlockKind, Document, Location, Span};

/// A passage quoted around a finding.
#[derive(Clone, Debug)]
pub struct Excerpt {
    /// What the passage is called: the file's name, with its page or paragraph when the
    /// passage is one.
    pub name: String,
    /// The passage. For a Markdown file this is the whole file, shared by every excerpt of it.
    pub text: Arc<str>,
    /// The marked words: the finding's own first, then its related places in the passage.
    pub marks: Vec<Mark>,
    /// Related places outside the passage, described: `label: where "words"`.
    pub elsewhere: Vec<String>,
    /// The passage is the extracted text rather than the file or a piece of it: it has no line
    /// numbers a reader could use, so the place must be said in words.
    pub needs_place: bool,
}

/// Marked words in an [`Excerpt`]: a byte range of its text and what to say there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub offset: usize,
    pub len: usize,
    pub label: String,
}

/// What an excerpt is cut around: a finding's words and the other places it points to.
pub struct Quote<'a> {
    pub span: Span,
    /// The finding's own byte range in the source file, when it is about the file (a comment).
    pub source: Option<(usize, usize)>,
    pub label: &'a str,
    pub location: &'a Location,
    /// The other places: span, label, and where it is with its words.
    pub related: &'a [(Span, String)],
    pub related_places: &'a [(&'a Location, &'a str)],
}

/// Cuts the excerpts of one document.
pub struct Quoter<'a> {
    doc: &'a Document,
    /// The whole file or text, made once for every finding that quotes it.
    whole: OnceCell<Arc<str>>,
}

impl<'a> Quoter<'a> {
    pub fn new(doc: &'a Document) -> Self {
        Quoter {
            doc,
            whole: OnceCell::new(),
        }
    }

    /// The passage to quote for `quote`.
    pub fn excerpt(&self, quote: &Quote<'_>) -> Excerpt {
        self.page(quote)
            .or_else(|| self.block(quote))
            .unwrap_or_else(|| self.whole(quote))
    }

    /// A PDF's page, quoted as laid out.
    fn page(&self, quote: &Quote<'_>) -> Option<Excerpt> {
        let doc = self.doc;
        let (page, start) = doc.page_offset(quote.span.start)?;
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
        let (_, length) = place(quote.span).unwrap_or((start, 0));
        let mut marks = vec![mark(start, length, quote.label)];
        for (span, label) in quote.related {
            if let Some((offset, length)) = place(*span) {
                marks.push(mark(offset, length, label));
            }
        }
        Some(Excerpt {
            name: format!("{} (page {page})", doc.name()),
            text: Arc::from(text.as_str()),
            marks,
            elsewhere: Vec::new(),
            needs_place: false,
        })
    }

    /// A Word or OpenDocument paragraph or table row.
    fn block(&self, quote: &Quote<'_>) -> Option<Excerpt> {
        let doc = self.doc;
        if doc.source.is_some() || !doc.pages.is_empty() {
            return None;
        }
        let block = doc.blocks.get(doc.block_at(quote.span.start)?)?;
        let mut range = block.span;
        let mut cells: &[Span] = &[];
        if let BlockKind::Table(table) = &block.kind
            && let Some(row) = table
                .rows
                .iter()
                .find(|row| row.span.end >= quote.span.start)
        {
            range = row.span;
            cells = &row.cells;
        }
        let row = Cells::new(doc, cells);
        let text = match &row {
            Some(row) => row.text.clone(),
            None => doc.text.get(range.range())?.to_string(),
        };
        let at = |offset: usize| match &row {
            Some(row) => row.at(offset),
            None => offset - range.start,
        };
        let place = |span: Span| -> Option<(usize, usize)> {
            if span.start < range.start || span.start > range.end {
                return None;
            }
            let end = span.end.min(range.end);
            let (from, to) = (at(span.start), at(end));
            Some((from, to.saturating_sub(from)))
        };
        let (offset, length) = place(quote.span)?;
        let mut marks = vec![mark(offset, length, quote.label)];
        let mut elsewhere = Vec::new();
        for ((span, label), (location, snippet)) in quote.related.iter().zip(quote.related_places) {
            match place(*span) {
                Some((offset, length)) => marks.push(mark(offset, length, label)),
                None => elsewhere.push(format!("{label}: {} \"{snippet}\"", location.place())),
            }
        }
        let place = quote.location.describe();
        let name = if place.is_empty() {
            doc.name()
        } else {
            format!("{} ({place})", doc.name())
        };
        Some(Excerpt {
            name,
            text: Arc::from(text.as_str()),
            marks,
            elsewhere,
            needs_place: false,
        })
    }

    /// The whole file (Markdown), or the whole extracted text when nothing narrower applies.
    fn whole(&self, quote: &Quote<'_>) -> Excerpt {
        let doc = self.doc;
        let text = self.whole.get_or_init(|| match &doc.source {
            Some(source) => source.text.clone(),
            None => Arc::from(doc.text.as_str()),
        });
        let is_source = doc.source.is_some();
        let (offset, length) = self.range(quote.span, quote.source);
        let mut marks = vec![mark(offset, length, quote.label)];
        for (span, label) in quote.related {
            let (offset, length) = self.range(*span, None);
            marks.push(mark(offset, length, label));
        }
        Excerpt {
            name: doc.name(),
            text: text.clone(),
            marks,
            elsewhere: Vec::new(),
            needs_place: !is_source,
        }
    }

    /// A span of the text as a range of the whole passage: its own source range when it has
    /// one (a comment), else mapped into the file through the source map.
    fn range(&self, span: Span, source: Option<(usize, usize)>) -> (usize, usize) {
        let doc = self.doc;
        if doc.source.is_some() {
            if let Some((from, to)) = source {
                return (from, to.saturating_sub(from));
            }
            if let Some((from, to)) = doc.source_map.source_range(span.start, span.end) {
                return (from, to.saturating_sub(from));
            }
        }
        (span.start, span.len())
    }
}

/// A table row quoted as its cells, each in double quotes, with ` · ` between them
/// (`"Partner" · "£12,000"`), so a reader sees where one cell ends; and the way back from a
/// text offset to the quote.
struct Cells {
    text: String,
    /// Each cell's span and where its text starts in `text`.
    starts: Vec<(Span, usize)>,
}

impl Cells {
    fn new(doc: &Document, cells: &[Span]) -> Option<Cells> {
        if cells.is_empty() {
            return None;
        }
        let mut text = String::new();
        let mut starts = Vec::with_capacity(cells.len());
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                text.push_str(" · ");
            }
            text.push('"');
            starts.push((*cell, text.len()));
            text.push_str(doc.text.get(cell.range()).unwrap_or_default());
            text.push('"');
        }
        Some(Cells { text, starts })
    }

    /// A text offset in the row as an offset in the quote: inside a cell, the same character;
    /// between cells, the start of the next one.
    fn at(&self, offset: usize) -> usize {
        for (cell, start) in &self.starts {
            if offset <= cell.end {
                return start + offset.saturating_sub(cell.start).min(cell.len());
            }
        }
        self.text.len()
    }
}

fn mark(offset: usize, len: usize, label: &str) -> Mark {
    Mark {
        offset,
        len,
        label: label.to_string(),
    }
}
