//! `Runs`: the text of a paragraph or table cell being written, as runs of text with the
//! paragraph each came from, and the separator owed before the next text. White space is
//! normalised here, as ODF says.
//!
//! Separators are the office model's [`ODF_FLATTENING`], the stronger winning when two meet.
//!
//! To change how text is joined: change `Runs::add` (white space) or `Runs::separate`.

use crate::document::{Builder, Origin};
use crate::extract::office::table::ODF_FLATTENING;

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

    /// Owe `separator` before the next text, unless a stronger one is owed already. Nothing is
    /// owed at the start.
    pub(super) fn separate(&mut self, separator: &'static str) {
        if self.runs.is_empty() {
            return;
        }
        let strength = |s| ODF_FLATTENING.strength(s);
        if self
            .pending
            .is_none_or(|p| strength(p) < strength(separator))
        {
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
