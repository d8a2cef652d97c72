//! [`Builder`]: how extractors write a [`Document`] without getting text, blocks and source map
//! out of step.
//!
//! An extractor calls `begin_block`, pushes text runs with their origin, and ends the block with
//! its kind; tables go through `begin_table` / `begin_row` / `begin_cell`. The builder inserts the
//! separators (a blank line between blocks, " | " between cells, a newline between rows), trims
//! whitespace at block edges, drops empty blocks, and opens sections at headings.

use std::path::PathBuf;

use super::{
    Block, BlockKind, Comment, Document, Format, Origin, Row, Section, SourceMap, SourceText, Span,
    Table,
};

/// Separator between cells of a table row in the normalised text.
pub const CELL_SEPARATOR: &str = " | ";

pub struct Builder {
    doc: Document,
    /// Text offset where the open block's content starts, if a block is open.
    block_start: Option<usize>,
    /// Open sections as (heading level, section index), outermost first.
    open_sections: Vec<(u8, usize)>,
    table: Option<Table>,
    row: Option<Row>,
    cell_start: Option<usize>,
    tables_seen: u32,
}

impl Builder {
    pub fn new(path: PathBuf, format: Format) -> Self {
        Builder {
            doc: Document {
                path,
                format,
                text: String::new(),
                blocks: Vec::new(),
                sections: Vec::new(),
                source_map: SourceMap::default(),
                source: None,
                comments: Vec::new(),
                remarks: Vec::new(),
                front_matter: Vec::new(),
                warnings: Vec::new(),
                pages: Vec::new(),
                notices: Vec::new(),
                titles: 0,
            },
            block_start: None,
            open_sections: Vec::new(),
            table: None,
            row: None,
            cell_start: None,
            tables_seen: 0,
        }
    }

    pub fn set_source(&mut self, source: SourceText) {
        self.doc.source = Some(source);
    }

    pub fn set_pages(&mut self, pages: Vec<String>) {
        self.doc.pages = pages;
    }

    pub fn source_map_mut(&mut self) -> &mut SourceMap {
        &mut self.doc.source_map
    }

    pub fn warn(&mut self, warning: impl Into<String>) {
        self.doc.warnings.push(warning.into());
    }

    pub fn notice(&mut self, notice: super::Notice) {
        self.doc.notices.push(notice);
    }

    pub fn front_matter(&mut self, key: String, value: String) {
        self.doc.front_matter.push((key, value));
    }

    /// Record a source comment: its body, first and last line, and source byte range.
    pub fn comment(&mut self, body: String, lines: (u32, u32), source: (usize, usize)) {
        let text_offset = self.doc.text.len();
        self.doc.comments.push(Comment {
            body,
            text_offset,
            line: lines.0,
            end_line: lines.1,
            source,
        });
    }

    /// The current length of the normalised text.
    pub fn offset(&self) -> usize {
        self.doc.text.len()
    }

    /// The text written so far in the open block ("" when none is open).
    pub fn block_text(&self) -> &str {
        self.block_start
            .and_then(|start| self.doc.text.get(start..))
            .unwrap_or("")
    }

    pub fn in_block(&self) -> bool {
        self.block_start.is_some()
    }

    /// True when the open block (or cell) has no text yet.
    fn at_content_start(&self) -> bool {
        let start = self.cell_start.or(self.block_start);
        start.is_none_or(|s| s == self.doc.text.len())
    }

    /// Open a block. An already open block is left open (callers that nest, such as a list item
    /// whose first paragraph continues it, rely on this).
    pub fn begin_block(&mut self) {
        if self.block_start.is_some() {
            return;
        }
        if !self.doc.text.is_empty() {
            self.doc.text.push_str("\n\n");
        }
        self.block_start = Some(self.doc.text.len());
    }

    /// Append a run of text that came from `origin` (`source_len` source bytes). Leading
    /// whitespace at the start of a block or cell is dropped.
    pub fn push(&mut self, text: &str, origin: Origin, source_len: usize, exact: bool) {
        let mut text = text;
        let mut origin = origin;
        let mut source_len = source_len;
        if self.at_content_start() {
            let trimmed = text.trim_start();
            let cut = text.len() - trimmed.len();
            if cut > 0
                && exact
                && let Origin::Source { offset } = origin
            {
                origin = Origin::Source {
                    offset: offset + cut,
                };
                source_len = source_len.saturating_sub(cut);
            }
            text = trimmed;
        }
        if text.is_empty() {
            return;
        }
        if self.block_start.is_none() {
            self.begin_block();
        }
        let start = self.doc.text.len();
        self.doc.text.push_str(text);
        self.doc
            .source_map
            .push(start, text.len(), origin, source_len, exact);
    }

    /// Append joining text that has no source of its own (a space for a soft line break). It maps
    /// to the run before it. Never starts a block or doubles whitespace.
    pub fn push_joiner(&mut self, joiner: &str) {
        if self.at_content_start() || self.doc.text.ends_with(char::is_whitespace) {
            return;
        }
        self.doc.text.push_str(joiner);
    }

    /// Drop trailing whitespace after `floor` (the start of the block or cell being closed).
    fn trim_end(&mut self, floor: usize) {
        let keep = self.doc.text.trim_end().len().max(floor);
        self.doc.text.truncate(keep);
    }

    /// Close the open block as `kind`. An empty block is dropped (and its separator removed).
    pub fn end_block(&mut self, kind: BlockKind, clause: Option<String>) {
        let Some(start) = self.block_start.take() else {
            return;
        };
        self.trim_end(start);
        let end = self.doc.text.len();
        let mut kind = kind;
        // Trimming may have cut the separator after a last empty cell: keep spans inside the text.
        if let BlockKind::Table(table) = &mut kind {
            for row in &mut table.rows {
                row.span.end = row.span.end.min(end);
                row.span.start = row.span.start.min(end);
                for cell in &mut row.cells {
                    cell.end = cell.end.min(end);
                    cell.start = cell.start.min(end);
                }
            }
        }
        if end == start {
            // Remove the separator added for this block.
            let keep = self.doc.text.trim_end_matches('\n').len();
            self.doc.text.truncate(keep);
            return;
        }
        let index = self.doc.blocks.len();
        let section = match kind {
            BlockKind::Heading { level } => {
                Some(self.open_section(level, index, Span::new(start, end), clause.as_deref()))
            }
            _ => self.open_sections.last().map(|&(_, s)| s),
        };
        self.doc.blocks.push(Block {
            kind,
            span: Span::new(start, end),
            section,
            clause,
        });
    }

    fn open_section(
        &mut self,
        level: u8,
        heading: usize,
        span: Span,
        clause: Option<&str>,
    ) -> usize {
        while self.open_sections.last().is_some_and(|&(l, _)| l >= level) {
            self.open_sections.pop();
        }
        let parent = self.open_sections.last().map(|&(_, s)| s);
        let heading_text = self.doc.text[span.range()].to_string();
        let title = match clause {
            Some(clause) if !heading_text.starts_with(clause) => format!("{clause} {heading_text}"),
            _ => heading_text,
        };
        let index = self.doc.sections.len();
        self.doc.sections.push(Section {
            heading,
            level,
            title,
            parent,
        });
        self.open_sections.push((level, index));
        index
    }

    /// Start a table block. Any open block is closed as a paragraph first.
    pub fn begin_table(&mut self, clause: Option<String>) {
        if self.block_start.is_some() {
            self.end_block(BlockKind::Paragraph, clause);
        }
        self.begin_block();
        self.tables_seen += 1;
        self.table = Some(Table {
            number: self.tables_seen,
            header_rows: 0,
            rows: Vec::new(),
        });
    }

    pub fn begin_row(&mut self) {
        let Some(table) = &self.table else { return };
        if !table.rows.is_empty() {
            self.doc.text.push('\n');
        }
        let start = self.doc.text.len();
        self.row = Some(Row {
            span: Span::new(start, start),
            cells: Vec::new(),
        });
    }

    pub fn begin_cell(&mut self) {
        let Some(row) = &self.row else { return };
        if !row.cells.is_empty() {
            self.doc.text.push_str(CELL_SEPARATOR);
        }
        self.cell_start = Some(self.doc.text.len());
    }

    pub fn end_cell(&mut self) {
        let Some(start) = self.cell_start else { return };
        self.trim_end(start);
        self.cell_start = None;
        let end = self.doc.text.len();
        if let Some(row) = &mut self.row {
            row.cells.push(Span::new(start, end));
        }
    }

    pub fn end_row(&mut self, header: bool) {
        if self.cell_start.is_some() {
            self.end_cell();
        }
        let Some(mut row) = self.row.take() else {
            return;
        };
        row.span.end = self.doc.text.len();
        if let Some(table) = &mut self.table {
            if header && table.header_rows == table.rows.len() {
                table.header_rows += 1;
            }
            table.rows.push(row);
        }
    }

    pub fn end_table(&mut self, clause: Option<String>) {
        if self.row.is_some() {
            self.end_row(false);
        }
        let Some(table) = self.table.take() else {
            return;
        };
        if table.rows.iter().all(|row| row.span.is_empty()) {
            self.tables_seen -= 1;
        }
        self.end_block(BlockKind::Table(table), clause);
    }

    pub fn finish(mut self) -> Document {
        if self.table.is_some() {
            self.end_table(None);
        }
        if self.block_start.is_some() {
            self.end_block(BlockKind::Paragraph, None);
        }
        self.doc.titles = self.doc.count_title_sections();
        self.doc
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::Builder;
    use crate::document::{BlockKind, Format, Origin};

    fn src(offset: usize) -> Origin {
        Origin::Source { offset }
    }

    #[test]
    fn blocks_are_separated_trimmed_and_empty_ones_dropped() {
        let mut b = Builder::new(PathBuf::from("t.md"), Format::Markdown);
        b.begin_block();
        b.push("  Partners", src(0), 10, true);
        b.end_block(BlockKind::Heading { level: 1 }, None);
        b.begin_block();
        b.push("   ", src(20), 3, true);
        b.end_block(BlockKind::Paragraph, None);
        b.begin_block();
        b.push("Fernlea Deaf", src(30), 12, true);
        b.push_joiner(" ");
        b.push("Community Association ", src(43), 22, true);
        b.end_block(BlockKind::Paragraph, None);
        let doc = b.finish();
        assert_eq!(doc.text, "Partners\n\nFernlea Deaf Community Association");
        assert_eq!(doc.blocks.len(), 2);
        assert_eq!(doc.sections[0].title, "Partners");
        assert_eq!(doc.blocks[1].section, Some(0));
        // Leading spaces were cut, so "Partners" maps to source offset 2.
        assert_eq!(doc.source_map.source_offset(0), Some(2));
        // "Community" starts the second run.
        let at = doc.text.find("Community").unwrap();
        assert_eq!(doc.source_map.source_offset(at), Some(43));
    }

    #[test]
    fn tables_keep_rows_and_cells() {
        let mut b = Builder::new(PathBuf::from("t.md"), Format::Markdown);
        b.begin_table(None);
        b.begin_row();
        b.begin_cell();
        b.push("Partner", src(0), 7, true);
        b.end_cell();
        b.begin_cell();
        b.push("Amount", src(10), 6, true);
        b.end_cell();
        b.end_row(true);
        b.begin_row();
        b.begin_cell();
        b.push("Fernlea", src(20), 7, true);
        b.end_cell();
        b.begin_cell();
        b.push("£12,000", src(30), 8, true);
        b.end_cell();
        b.end_row(false);
        b.end_table(None);
        let doc = b.finish();
        assert_eq!(doc.text, "Partner | Amount\nFernlea | £12,000");
        let BlockKind::Table(table) = &doc.blocks[0].kind else {
            panic!("not a table")
        };
        assert_eq!(table.header_rows, 1);
        assert_eq!(table.number, 1);
        assert_eq!(doc.slice(table.rows[1].cells[1]), "£12,000");
        let location = doc.locate(table.rows[1].cells[1]);
        assert_eq!(
            (location.table, location.row, location.cell),
            (Some(1), Some(2), Some(2))
        );
    }

    #[test]
    fn a_last_row_ending_in_empty_cells_stays_inside_the_text() {
        let mut b = Builder::new(PathBuf::from("t.pdf"), Format::Pdf);
        b.begin_table(None);
        b.begin_row();
        b.begin_cell();
        b.push("Total", src(0), 5, true);
        b.end_cell();
        b.begin_cell();
        b.end_cell();
        b.end_row(false);
        b.end_table(None);
        let doc = b.finish();
        assert_eq!(doc.text, "Total |");
        let BlockKind::Table(table) = &doc.blocks[0].kind else {
            panic!("not a table")
        };
        assert!(table.rows[0].span.end <= doc.text.len());
        assert!(table.rows[0].cells.iter().all(|c| c.end <= doc.text.len()));
    }

    #[test]
    fn nested_headings_form_a_path() {
        let mut b = Builder::new(PathBuf::from("t.md"), Format::Markdown);
        for (level, title) in [
            (1, "Agreement"),
            (2, "Payment"),
            (2, "Disputes"),
            (3, "Mediation"),
        ] {
            b.begin_block();
            b.push(title, src(0), title.len(), true);
            b.end_block(BlockKind::Heading { level }, None);
        }
        let doc = b.finish();
        assert_eq!(
            doc.heading_path(3),
            vec!["Agreement", "Disputes", "Mediation"]
        );
        assert_eq!(doc.sections[2].parent, Some(0));
        // "Agreement" is the document's title, so locations leave it out.
        assert_eq!(doc.title_sections(), 1);
        let location = doc.locate(doc.blocks[3].span);
        assert_eq!(location.section.as_deref(), Some("Disputes > Mediation"));
    }

    fn headings(levels: &[(u8, &str)]) -> crate::document::Document {
        let mut b = Builder::new(PathBuf::from("t.md"), Format::Markdown);
        for &(level, title) in levels {
            b.begin_block();
            b.push(title, src(0), title.len(), true);
            b.end_block(BlockKind::Heading { level }, None);
        }
        b.finish()
    }

    #[test]
    fn only_a_chain_of_headings_over_all_the_rest_is_a_title() {
        // Organisation, then the proposal's name, then its sections.
        let doc = headings(&[(1, "Riverbend"), (2, "Proposal"), (3, "Need"), (3, "Plan")]);
        assert_eq!(doc.title_sections(), 2);
        // Sections side by side from the start: no title.
        let doc = headings(&[(1, "Parties"), (1, "Payment"), (1, "Disputes")]);
        assert_eq!(doc.title_sections(), 0);
        // A first heading with a later sibling is a section, even with headings under it.
        let doc = headings(&[(1, "Terms"), (2, "Fees"), (1, "Schedule")]);
        assert_eq!(doc.title_sections(), 0);
        // A lone heading with nothing under it is a section, not a title.
        let doc = headings(&[(1, "1 Payment")]);
        assert_eq!(doc.title_sections(), 0);
        let location = doc.locate(doc.blocks[0].span);
        assert_eq!(location.section.as_deref(), Some("1 Payment"));
    }
}
