//! Byte ranges into a document's normalised text.
//!
//! Every position tenderlint reports is a [`Span`] into [`crate::document::Document::text`];
//! lines, pages and paragraphs are derived from it on demand through the source map, never by
//! searching for the matched words again.

use std::ops::Range;

use serde::Serialize;

/// A half-open byte range `start..end` into a document's normalised text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// True when `other` lies wholly inside this span.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The span moved `by` bytes to the right (for spans found in a slice of the text).
    pub fn shift(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

#[cfg(test)]
mod tests {
    use super::Span;

    #[test]
    fn containment_and_overlap() {
        let outer = Span::new(10, 20);
        assert!(outer.contains(Span::new(12, 20)));
        assert!(!outer.contains(Span::new(9, 12)));
        assert!(outer.overlaps(Span::new(19, 25)));
        assert!(!outer.overlaps(Span::new(20, 25)));
        assert_eq!(outer.cover(Span::new(5, 12)), Span::new(5, 20));
        assert_eq!(Span::new(1, 3).shift(4), Span::new(5, 7));
    }
}
