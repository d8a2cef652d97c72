//! Writing the planned blocks into the [`Document`](crate::document::Document): each line's
//! words become a text run mapped to its page and line, and lines are joined with a space, a
//! repaired hyphenation, or nothing where a narrow table cell broke a word.
//!
//! [`Writer::write`] writes one [`Plan`]; [`Writer::join`] decides how two lines meet ([`Join`]),
//! using the words the document uses elsewhere ([`Stats`]) to tell a hyphenation point from a
//! hyphenated word. A new kind of join belongs in [`Join`] and [`Writer::join`].

use super::stats::Stats;
use super::{Part, Plan};
use crate::document::{BlockKind, Builder, Origin};
use crate::extract::pdf::layout::Line;

pub(super) struct Writer<'a> {
    pub(super) builder: Builder,
    pub(super) pages: &'a [Vec<Line>],
    pub(super) stats: &'a Stats,
}

#[derive(Clone, Copy, PartialEq)]
enum Join {
    Space,
    Touch,
    DropHyphen,
}

impl Writer<'_> {
    fn line(&self, part: &Part) -> &Line {
        &self.pages[part.page][part.line]
    }

    pub(super) fn write(&mut self, plan: &Plan) {
        match plan {
            Plan::Heading { level, parts } => {
                self.builder.begin_block();
                self.parts(parts, None);
                self.builder
                    .end_block(BlockKind::Heading { level: *level }, None);
            }
            Plan::Paragraph { parts } => {
                self.builder.begin_block();
                self.parts(parts, None);
                self.builder.end_block(BlockKind::Paragraph, None);
            }
            Plan::Item {
                label,
                depth,
                parts,
            } => {
                self.builder.begin_block();
                self.parts(parts, None);
                let number = label.trim_end_matches(['.', ')']).trim_start_matches('(');
                let clause = number
                    .split('.')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| number.to_string());
                self.builder.end_block(
                    BlockKind::ListItem {
                        label: label.clone(),
                        depth: *depth,
                    },
                    clause,
                );
            }
            Plan::Table(table) => {
                self.builder.begin_table(None);
                for (r, row) in table.rows.iter().enumerate() {
                    self.builder.begin_row();
                    for (c, cell) in row.iter().enumerate() {
                        self.builder.begin_cell();
                        self.parts(cell, Some(table.columns[c].1));
                        self.builder.end_cell();
                    }
                    self.builder.end_row(table.header && r == 0);
                }
                self.builder.end_table(None);
            }
        }
    }

    /// Push a sequence of parts, joining lines with a space, a repaired hyphenation, or nothing
    /// where a narrow cell broke a word.
    fn parts(&mut self, parts: &[Part], cell_right: Option<f32>) {
        for (k, part) in parts.iter().enumerate() {
            let join = match parts.get(k + 1) {
                Some(next) => self.join(part, next, cell_right),
                None => Join::Space,
            };
            let line = self.line(part);
            if part.words.is_empty() {
                continue;
            }
            let mut text = line.words[part.words.clone()]
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            if join == Join::DropHyphen {
                text.pop();
            }
            let origin = Origin::Page {
                page: line.page,
                line: line.number,
                column: line.columns[part.words.start],
            };
            self.builder.push(&text, origin, 0, true);
            if join == Join::Space && k + 1 < parts.len() {
                self.builder.push_joiner(" ");
            }
        }
    }

    fn join(&self, part: &Part, next: &Part, cell_right: Option<f32>) -> Join {
        let line = self.line(part);
        let next_line = self.line(next);
        let (Some(last), Some(first)) = (
            line.words
                .get(part.words.end.saturating_sub(1))
                .filter(|_| !part.words.is_empty()),
            next_line
                .words
                .get(next.words.start)
                .filter(|_| !next.words.is_empty()),
        ) else {
            return Join::Space;
        };
        let last_text = last.text.as_str();
        let first_char = first.text.chars().next().unwrap_or(' ');
        if matches!(first_char, ',' | '.' | ';' | ':' | ')' | ']' | '%') {
            return Join::Touch;
        }
        let joined = |a: &str, b: &str| {
            let a = a.trim_start_matches(|c: char| !c.is_alphanumeric());
            let b: String = b.chars().take_while(|c| c.is_alphanumeric()).collect();
            format!("{a}{b}").to_lowercase()
        };
        if last_text.ends_with('\u{AD}') {
            return Join::DropHyphen;
        }
        let before_hyphen = last_text
            .strip_suffix('-')
            .or_else(|| last_text.strip_suffix('\u{2010}'));
        if let Some(stem) = before_hyphen
            && stem.chars().last().is_some_and(char::is_alphabetic)
        {
            // A hyphenation point: the whole word is used elsewhere in the document. Otherwise
            // the hyphen is part of the word ("trauma-informed").
            if first_char.is_lowercase()
                && self.stats.words.contains_key(&joined(stem, &first.text))
            {
                return Join::DropHyphen;
            }
            return Join::Touch;
        }
        // A number broken at its thousands separator: "£210," / "000".
        let mut tail = last_text.chars().rev();
        if tail.next() == Some(',')
            && tail.next().is_some_and(|c| c.is_ascii_digit())
            && first.text.chars().take(3).all(|c| c.is_ascii_digit())
            && first.text.chars().take(3).count() == 3
        {
            return Join::Touch;
        }
        // A word too long for a narrow cell, broken where the cell ended.
        if let Some(right) = cell_right {
            let full = last.x1 >= right - 1.0 * last.size;
            let letters = last_text.chars().last().is_some_and(char::is_alphanumeric)
                && first_char.is_alphanumeric();
            let known = self
                .stats
                .words
                .contains_key(&joined(last_text, &first.text));
            // A fragment seen nowhere else, filling the cell to its edge, is half a word.
            let fragment = part.words.len() == 1
                && !last_text.contains('-')
                && last.x1 >= right - 0.3 * last.size
                && first_char.is_lowercase()
                && self
                    .stats
                    .words
                    .get(&last_text.to_lowercase())
                    .is_some_and(|&n| n == 1);
            if full && letters && (known || fragment) {
                return Join::Touch;
            }
        }
        Join::Space
    }
}
