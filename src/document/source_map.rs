//! From a span of normalised text back to the place a reader can find it.
//!
//! Extractors record [`Segment`]s as they write the normalised text: "these text bytes came from
//! here". A Markdown extractor records byte offsets into the file ([`Origin::Source`]); a PDF
//! extractor records page and line ([`Origin::Page`]); a DOCX extractor records the part and
//! paragraph ([`Origin::Paragraph`]). Lookups are a binary search; line and column in a source
//! file come from a [`LineIndex`] built once per file.

use std::sync::Arc;

/// Where a run of normalised text came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A byte offset into the decoded source text (Markdown and plain text).
    Source { offset: usize },
    /// A PDF position: 1-based page, 1-based line on that page, 1-based column (in characters).
    Page { page: u32, line: u32, column: u32 },
    /// A word-processing position: the part (index into [`SourceMap::parts`]) and the 1-based
    /// paragraph number in document order.
    Paragraph { part: u16, paragraph: u32 },
    /// A spreadsheet cell: the sheet (index into [`SourceMap::parts`]), 1-based row and column.
    Cell { sheet: u16, row: u32, column: u32 },
}

#[derive(Clone, Debug)]
struct Segment {
    text_start: usize,
    text_len: usize,
    origin: Origin,
    /// Length of the source run, for [`Origin::Source`] segments.
    source_len: usize,
    /// True when the text bytes are a verbatim copy of the source bytes, so offsets inside the
    /// segment map one to one. False for decoded entities, escapes and joined words.
    exact: bool,
}

/// The resolved origin of one text offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub origin: Origin,
    /// Bytes past the segment start (only meaningful for exact segments).
    pub delta: usize,
}

/// Sorted segments mapping normalised-text offsets to their origin.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    segments: Vec<Segment>,
    /// Names of the parts an [`Origin::Paragraph`] can refer to ("document", "footnotes", …).
    pub parts: Vec<String>,
}

impl SourceMap {
    /// Record that `text_len` bytes starting at `text_start` came from `origin`, a run of
    /// `source_len` source bytes (0 when the origin is not a byte offset). Segments must be
    /// pushed in increasing `text_start` order; out-of-order pushes are ignored in release builds
    /// rather than corrupting lookups.
    pub fn push(
        &mut self,
        text_start: usize,
        text_len: usize,
        origin: Origin,
        source_len: usize,
        exact: bool,
    ) {
        if let Some(last) = self.segments.last() {
            debug_assert!(
                last.text_start <= text_start,
                "source map segments out of order"
            );
            if last.text_start > text_start {
                return;
            }
        }
        self.segments.push(Segment {
            text_start,
            text_len,
            origin,
            source_len,
            exact,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// The origin of the text byte at `offset`: the last segment starting at or before it.
    pub fn resolve(&self, offset: usize) -> Option<Resolved> {
        let segment = self.segment(offset)?;
        let inside = offset - segment.text_start;
        let delta = if segment.exact {
            inside.min(segment.text_len)
        } else {
            0
        };
        Some(Resolved {
            origin: segment.origin,
            delta,
        })
    }

    /// Where the run of text holding `offset` starts in the normalised text (a Word
    /// paragraph's first byte, for a reviewed copy to count from).
    pub fn segment_start(&self, offset: usize) -> Option<usize> {
        self.segment(offset).map(|s| s.text_start)
    }

    /// Every run's start in the normalised text and its origin, in text order.
    pub fn origins(&self) -> impl Iterator<Item = (usize, Origin)> + '_ {
        self.segments.iter().map(|s| (s.text_start, s.origin))
    }

    fn segment(&self, offset: usize) -> Option<&Segment> {
        let index = self.segments.partition_point(|s| s.text_start <= offset);
        self.segments.get(index.checked_sub(1)?)
    }

    /// The source byte offset for a text offset, for sources that are text files.
    pub fn source_offset(&self, offset: usize) -> Option<usize> {
        match self.resolve(offset)? {
            Resolved {
                origin: Origin::Source { offset: start },
                delta,
            } => Some(start + delta),
            _ => None,
        }
    }

    /// The source byte range covering a text range: the start maps as a start, the end as the
    /// end of the last byte, so a span inside one exact segment maps to the exact words.
    pub fn source_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let from = self.source_offset(start)?;
        if end <= start {
            return Some((from, from));
        }
        let last_byte = end - 1;
        let segment = self.segment(last_byte)?;
        let to = match segment.origin {
            Origin::Source { offset } if segment.exact => {
                offset + (last_byte - segment.text_start).min(segment.text_len) + 1
            }
            Origin::Source { offset } => offset + segment.source_len,
            _ => from,
        };
        Some((from, to.max(from)))
    }
}

/// Line starts of a source text, for byte offset to 1-based line and column.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()));
        LineIndex { starts }
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_column(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let line_start = self.starts[line];
        let column = text
            .get(line_start..offset)
            .map_or(offset - line_start, |s| s.chars().count());
        (line as u32 + 1, column as u32 + 1)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .map(|(i, _)| i + 1)
}

/// The original text of a document read from a text file, kept so that human output can quote
/// the file itself with its own line numbers.
#[derive(Clone, Debug)]
pub struct SourceText {
    pub text: Arc<str>,
    pub lines: Arc<LineIndex>,
}

impl SourceText {
    pub fn new(text: String) -> Self {
        let lines = LineIndex::new(&text);
        SourceText {
            text: text.into(),
            lines: Arc::new(lines),
        }
    }

    pub fn line_column(&self, offset: usize) -> (u32, u32) {
        self.lines.line_column(&self.text, offset)
    }
}

#[cfg(test)]
mod tests {
    use super::{LineIndex, Origin, SourceMap};

    #[test]
    fn exact_segments_map_byte_for_byte() {
        let mut map = SourceMap::default();
        map.push(0, 5, Origin::Source { offset: 10 }, 5, true);
        map.push(5, 1, Origin::Source { offset: 40 }, 5, false);
        assert_eq!(map.source_offset(0), Some(10));
        assert_eq!(map.source_offset(4), Some(14));
        assert_eq!(map.source_offset(6), Some(40));
        assert_eq!(map.source_range(1, 4), Some((11, 14)));
        // A decoded entity ("&amp;" -> "&") maps to the whole entity.
        assert_eq!(map.source_range(5, 6), Some((40, 45)));
    }

    #[test]
    fn offsets_before_the_first_segment_resolve_to_nothing() {
        let mut map = SourceMap::default();
        map.push(
            3,
            2,
            Origin::Page {
                page: 2,
                line: 7,
                column: 1,
            },
            0,
            true,
        );
        assert!(map.resolve(0).is_none());
        assert_eq!(map.source_offset(4), None);
        assert!(map.resolve(4).is_some());
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\n£5 x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(text, 0), (1, 1));
        assert_eq!(index.line_column(text, 3), (2, 1));
        // "£" is two bytes; the space after "£5" is the third character.
        assert_eq!(index.line_column(text, 6), (2, 3));
        assert_eq!(index.line_count(), 3);
    }
}
