//! `Runs`: the text of a paragraph or table cell being written, as runs of text with the
//! paragraph each came from, and the separator owed before the next text. White space is
//! normalised here, as ODF says.
//!
//! To add a separator: give it its place in the ranking in `Runs::separate`.

use crate::document::{Builder, Origin};

/// The text of a paragraph or cell being written, as runs with the paragraph each came from.
/// White space is normalised as ODF says: runs of spaces, tabs and newlines in the XML are one
/// space, and none is kept at the start.
#[derive(Clone, Debug, Default)]
pub(super) struct Runs {
    runs: Vec<(String, Origin)>,
    /// A separator to write before the next text, if more text comes (" " between paragraphs of
    /// a cell, ", " between cells and "; " between rows of a flattened table).
    pending: Option<&'static str>,
    /// The last character written was white space from the XML, so more of it is dropped.
    /// Spaces from `text:s` and tabs do not count: a space after them is kept.
    collapsed: bool,
}

impl Runs {
    pub(super) fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    pub(super) fn separate(&mut self, separator: &'static str) {
        if self.runs.is_empty() {
            return;
        }
        let rank = |s: &str| [" ", ", ", "; "].iter().position(|x| *x == s).unwrap_or(0);
        if self.pending.is_none_or(|p| rank(p) < rank(separator)) {
            self.pending = Some(separator);
        }
    }

    /// Append text from `origin`. With `collapse`, white space runs become one space; without,
    /// each space is kept (`text:s`).
    pub(super) fn add(&mut self, text: &str, origin: Origin, collapse: bool) {
        let mut out = String::new();
        for c in text.chars() {
            let white = if collapse {
                matches!(c, ' ' | '\t' | '\n' | '\r')
            } else {
                matches!(c, ' ' | '\t')
            };
            if white {
                let at_start = self.runs.is_empty() && out.is_empty();
                if self.pending.is_none() && !at_start && !(collapse && self.collapsed) {
                    out.push(if collapse { ' ' } else { c });
                    self.collapsed = collapse;
                }
                continue;
            }
            if let Some(separator) = self.pending.take() {
                out.truncate(out.trim_end_matches([' ', '\t']).len());
                if out.is_empty()
                    && let Some((last, _)) = self.runs.last_mut()
                {
                    last.truncate(last.trim_end_matches([' ', '\t']).len());
                }
                out.push_str(separator);
            }
            out.push(c);
            self.collapsed = false;
        }
        if out.is_empty() {
            return;
        }
        match self.runs.last_mut() {
            Some((last, last_origin)) if *last_origin == origin => last.push_str(&out),
            _ => self.runs.push((out, origin)),
        }
    }

    pub(super) fn write(&self, builder: &mut Builder) {
        for (text, origin) in &self.runs {
            builder.push(text, *origin, 0, false);
        }
    }
}
