//! A pack: several files read as one document set (a contract's core terms and schedules, a
//! bid's application and budget workbook).
//!
//! The analyses and the rules see one [`Document`] whose text is the members' texts one after
//! the other, main document first ([`Joined`]): a definition made in one file applies in the
//! others, and a rule that asks "is there a dispute clause" is answered by any file. Places are
//! found in the members themselves: [`Joined::member_at`] turns a span of the joined text into
//! the member and the span in that member's own text, so a finding names the file and its page,
//! clause or cell.

use std::path::PathBuf;

use super::{Block, BlockKind, Document, Span};

/// What goes between two members' texts: a paragraph break, so that no sentence runs across.
const BETWEEN: &str = "\n\n";

/// The members of a pack joined into one document.
#[derive(Debug)]
pub struct Joined {
    /// The members' texts and structure in order, as one document named after the pack.
    pub document: Document,
    /// Where each member's text starts in the joined text, in member order.
    pub starts: Vec<usize>,
    /// Each member's text length.
    lengths: Vec<usize>,
}

impl Joined {
    /// Join `members` (the main document first) into one document named `path`.
    pub fn new<'a>(path: PathBuf, members: impl IntoIterator<Item = &'a Document>) -> Joined {
        let members: Vec<&Document> = members.into_iter().collect();
        let first = members.first();
        let mut document = Document {
            path,
            format: first.map_or(super::Format::Markdown, |d| d.format),
            text: String::new(),
            blocks: Vec::new(),
            sections: Vec::new(),
            source_map: super::SourceMap::default(),
            source: None,
            comments: Vec::new(),
            remarks: Vec::new(),
            front_matter: first.map(|d| d.front_matter.clone()).unwrap_or_default(),
            warnings: Vec::new(),
            pages: Vec::new(),
            notices: Vec::new(),
            titles: 0,
        };
        let mut starts = Vec::with_capacity(members.len());
        let mut lengths = Vec::with_capacity(members.len());
        for member in members {
            lengths.push(member.text.len());
            if !document.text.is_empty() {
                document.text.push_str(BETWEEN);
            }
            let by = document.text.len();
            starts.push(by);
            document.text.push_str(&member.text);
            let blocks = document.blocks.len();
            let sections = document.sections.len();
            document
                .blocks
                .extend(member.blocks.iter().map(|block| Block {
                    kind: shift_kind(&block.kind, by),
                    span: block.span.shift(by),
                    section: block.section.map(|s| s + sections),
                    clause: block.clause.clone(),
                }));
            document
                .sections
                .extend(member.sections.iter().map(|section| super::Section {
                    heading: section.heading + blocks,
                    level: section.level,
                    title: section.title.clone(),
                    parent: section.parent.map(|p| p + sections),
                }));
            document
                .notices
                .extend(member.notices.iter().map(|notice| super::Notice {
                    span: notice.span.shift(by),
                    ..notice.clone()
                }));
        }
        document.titles = document.count_title_sections();
        Joined {
            document,
            starts,
            lengths,
        }
    }

    /// The member a span of the joined text starts in, and the span in that member's text
    /// (cut at the member's end). `None` only for a pack with no members.
    pub fn member_at(&self, span: Span) -> Option<(usize, Span)> {
        let index = self
            .starts
            .partition_point(|&start| start <= span.start)
            .checked_sub(1)?;
        let start = self.starts[index];
        let len = *self.lengths.get(index)?;
        let from = (span.start - start).min(len);
        let to = span.end.saturating_sub(start).clamp(from, len);
        Some((index, Span::new(from, to)))
    }
}

fn shift_kind(kind: &BlockKind, by: usize) -> BlockKind {
    match kind {
        BlockKind::Table(table) => {
            let mut table = table.clone();
            for row in &mut table.rows {
                row.span = row.span.shift(by);
                for cell in &mut row.cells {
                    *cell = cell.shift(by);
                }
            }
            BlockKind::Table(table)
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::Joined;
    use crate::document::{BlockKind, Span};
    use crate::extract::extract;

    fn md(name: &str, text: &str) -> crate::document::Document {
        extract(Path::new(name), text.as_bytes()).expect("reads")
    }

    #[test]
    fn a_span_of_the_joined_text_is_found_in_its_member() {
        let members = vec![
            md("core.md", "# Core terms\n\n1. Disputes go to mediation.\n"),
            md(
                "budget.md",
                "# Budget\n\n| Partner | Cost |\n|---|---|\n| Ash Trust | £4,000 |\n",
            ),
        ];
        let joined = Joined::new(PathBuf::from("pack"), &members);
        let text = &joined.document.text;
        let at = text.find("Ash Trust").expect("joined");
        let (member, span) = joined.member_at(Span::new(at, at + 9)).expect("found");
        assert_eq!(member, 1);
        assert_eq!(members[1].slice(span), "Ash Trust");
        assert_eq!(members[1].locate(span).table, Some(1));
        // Structure moves with the text: the table's cells and the second heading's section.
        let cell = joined
            .document
            .blocks
            .iter()
            .find_map(|b| match &b.kind {
                BlockKind::Table(t) => Some(t.rows[1].cells[0]),
                _ => None,
            })
            .expect("table");
        assert_eq!(joined.document.slice(cell), "Ash Trust");
        assert_eq!(joined.document.heading_path(1), vec!["Budget"]);
        let mediation = text.find("mediation").expect("first member");
        assert_eq!(
            joined
                .member_at(Span::new(mediation, mediation + 9))
                .map(|(m, _)| m),
            Some(0)
        );
    }
}
