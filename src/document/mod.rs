//! The document model every extractor fills and every later stage reads.
//!
//! A [`Document`] is normalised text plus structure:
//! - [`Block`]s in reading order: headings (with level and section), paragraphs, list items (with
//!   their visible label and, for nested numbered lists, the clause number such as "9.2"), and
//!   tables (rows of cells, header rows marked);
//! - [`Section`]s opened by headings, so any block has a heading path;
//! - a [`SourceMap`] from any text offset back to the original place: a byte offset in a Markdown
//!   file, a page and line in a PDF, a part and paragraph in a Word file.
//!
//! Rules never see the original bytes: they see `text` and the structure, and report [`Span`]s
//! into `text`. [`Document::locate`] turns a span into a [`Location`] for output.
//!
//! Extractors build documents through [`Builder`], which keeps the text, the blocks and the source
//! map in step so a new format only has to say what text came from where.

mod builder;
mod excerpt;
mod kind;
mod pack;
mod source_map;
mod span;

use std::path::PathBuf;

use serde::Serialize;

pub use builder::Builder;
pub use excerpt::{Excerpt, Mark, Quote, Quoter};
pub use kind::DocKind;
pub use pack::Joined;
pub use source_map::{LineIndex, Origin, Resolved, SourceMap, SourceText};
pub use span::Span;

/// The heading level given to a title line ([`is_title_line`]): below every heading a style or
/// markup gives (Word's outline levels go to 9), so that it opens a section inside the current one.
pub const TITLE_LINE_LEVEL: u8 = 9;

/// Whether a paragraph set wholly in bold reads as a heading typed without a heading style
/// ("**9. Disputes**", a bold "Payment terms" line in Word): a short line with letters, not
/// ending as a sentence or a list does. PDF applies the same test to bold lines of body size.
pub fn is_title_line(text: &str) -> bool {
    let text = text.trim();
    let words = text.split_whitespace().count();
    (1..=14).contains(&words)
        && text.chars().any(char::is_alphabetic)
        && !text.ends_with(['.', ',', ';'])
}

/// The file format a document was read from, found by content sniffing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Pdf,
    Docx,
    Odt,
    /// An Excel workbook (.xlsx, .xlsm).
    Xlsx,
    /// An OpenDocument spreadsheet (.ods).
    Ods,
    /// Comma-separated values.
    Csv,
}

impl Format {
    /// True for the spreadsheet formats, whose places are sheets and cells.
    pub fn is_spreadsheet(self) -> bool {
        matches!(self, Format::Xlsx | Format::Ods | Format::Csv)
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Xlsx => "xlsx",
            Format::Ods => "ods",
            Format::Csv => "csv",
        }
    }
}

/// One unit of structure in reading order.
#[derive(Clone, Debug)]
pub struct Block {
    pub kind: BlockKind,
    /// The block's text in [`Document::text`] (for a table: all its rows).
    pub span: Span,
    /// The innermost section this block belongs to (a heading belongs to the section it opens).
    pub section: Option<usize>,
    /// The clause number of the numbered list item this block sits in ("9.2"), if any.
    pub clause: Option<String>,
}

#[derive(Clone, Debug)]
pub enum BlockKind {
    Heading {
        level: u8,
    },
    Paragraph,
    /// A list item's own text. `label` is what a reader sees before it ("3.", "(b)", "•").
    ListItem {
        label: String,
        depth: u8,
    },
    Table(Table),
}

/// A table: rows of cells. The first `header_rows` rows are column headers.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// 1-based table number in the document.
    pub number: u32,
    pub header_rows: usize,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, Default)]
pub struct Row {
    pub span: Span,
    pub cells: Vec<Span>,
}

impl Table {
    /// The header cells' spans (the last header row), if the table has a header.
    pub fn header(&self) -> Option<&Row> {
        self.header_rows
            .checked_sub(1)
            .and_then(|i| self.rows.get(i))
    }

    /// The body rows with their 0-based index in `rows`.
    pub fn body(&self) -> impl Iterator<Item = (usize, &Row)> {
        self.rows.iter().enumerate().skip(self.header_rows)
    }
}

/// A section opened by a heading.
#[derive(Clone, Debug)]
pub struct Section {
    /// Index of the heading block in [`Document::blocks`].
    pub heading: usize,
    pub level: u8,
    /// The heading text, with its clause number when the heading is numbered ("9 Disputes").
    pub title: String,
    pub parent: Option<usize>,
}

/// A comment in the source that is kept out of the text (Markdown HTML comments). Later stages
/// read these for inline suppressions.
#[derive(Clone, Debug)]
pub struct Comment {
    /// The comment body without the `<!--` and `-->` markers, trimmed.
    pub body: String,
    /// Where the comment sat in the normalised text (the text offset that followed it).
    pub text_offset: usize,
    /// 1-based source lines the comment starts and ends on.
    pub line: u32,
    pub end_line: u32,
    /// The comment's byte range in the source, `<!--` to `-->`.
    pub source: (usize, usize),
}

/// A comment a reviewer left in a Word file (a comment or a reply to one), kept only when it
/// speaks to tenderlint ("tenderlint: accept RULE — reason"), with the text it is anchored to.
#[derive(Clone, Debug)]
pub struct Remark {
    /// The comment's text, its paragraphs joined by line breaks, trimmed.
    pub body: String,
    /// The paragraphs it is anchored to, in the normalised text (the whole text when the file
    /// does not say).
    pub span: Span,
}

/// Something a reader should know about the document as a whole, found while extracting it
/// (unaccepted tracked changes in a Word file). The engine reports it as an info finding.
#[derive(Clone, Debug)]
pub struct Notice {
    /// A stable id, used like a rule id in output ("unaccepted-tracked-changes").
    pub code: &'static str,
    pub message: String,
    pub help: String,
    /// Where the reader can see it (the first place it applies).
    pub span: Span,
    pub label: String,
}

/// An extracted document.
#[derive(Clone, Debug)]
pub struct Document {
    /// The path as given on the command line (or found by walking a folder).
    pub path: PathBuf,
    pub format: Format,
    pub text: String,
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
    pub source_map: SourceMap,
    /// The decoded source text, for formats that are text (Markdown), so output can quote the
    /// file itself with its own line numbers.
    pub source: Option<SourceText>,
    pub comments: Vec<Comment>,
    /// Reviewers' comments addressed to tenderlint (Word files).
    pub remarks: Vec<Remark>,
    /// `key: value` pairs from front matter, in order.
    pub front_matter: Vec<(String, String)>,
    /// Problems that did not stop extraction (e.g. "not UTF-8; decoded as Windows-1252").
    pub warnings: Vec<String>,
    /// For paged formats (PDF): each page's lines as laid out, running headers and footers
    /// included, so output can quote a page with its own line numbers. Empty otherwise.
    pub pages: Vec<String>,
    pub notices: Vec<Notice>,
    /// How many sections at the top are the document's title ([`Document::title_sections`]),
    /// counted once when the document is built.
    titles: usize,
}

/// Where a span is, in the terms a reader of the original file uses. Fields that do not apply to
/// the format are `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub page: Option<u32>,
    pub paragraph: Option<u32>,
    /// For word-processing files, the part of the document when it is not the body:
    /// "footnotes", "endnotes", "header", "footer".
    pub part: Option<String>,
    /// The heading path, outermost first, joined with " > ".
    pub section: Option<String>,
    pub clause: Option<String>,
    pub table: Option<u32>,
    pub row: Option<u32>,
    pub cell: Option<u32>,
    /// For spreadsheets: the sheet's name, and the cell's address ("C9"); `row` is then the
    /// sheet's own row number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// For word-processing files: the innermost heading over the words, and the number of the
    /// paragraph (or list item) counted from that heading, 1 for the first, so a reader can be
    /// told "section 'Payment' › paragraph 3" ([`Location::place`]). Not in JSON, which has the
    /// heading path in `section` and the paragraph's number in the whole document.
    #[serde(skip)]
    pub heading: Option<String>,
    #[serde(skip)]
    pub section_paragraph: Option<u32>,
}

impl Location {
    /// A short human description: "line 12, column 3", "page 4, line 12", "clause 9.2,
    /// paragraph 41", "table 2, row 4".
    pub fn describe(&self) -> String {
        if let Some(sheet) = &self.sheet {
            // "sheet Budget, row 9, cell C9", as a spreadsheet user finds it.
            let mut parts = vec![format!("sheet {sheet}")];
            if let Some(row) = self.row {
                parts.push(format!("row {row}"));
            }
            if let Some(address) = &self.address {
                parts.push(format!("cell {address}"));
            }
            return parts.join(", ");
        }
        let mut parts = Vec::new();
        if let Some(page) = self.page {
            parts.push(format!("page {page}"));
        }
        if let Some(part) = &self.part {
            parts.push(part.clone());
        }
        if let Some(clause) = &self.clause {
            parts.push(format!("clause {clause}"));
        }
        if let Some(paragraph) = self.paragraph {
            parts.push(format!("paragraph {paragraph}"));
        }
        if let Some(table) = self.table {
            parts.push(format!("table {table}"));
            if let Some(row) = self.row {
                parts.push(format!("row {row}"));
            }
        }
        if let Some(line) = self.line {
            parts.push(format!("line {line}"));
            if self.page.is_none()
                && let Some(column) = self.column
            {
                parts.push(format!("column {column}"));
            }
        }
        parts.join(", ")
    }

    /// Where the words are in the terms of someone reading the document rather than a tool:
    /// "line 12" in a text file, "page 4 line 12" in a PDF, "clause 4.1", "section 'Payment' ›
    /// paragraph 3" or "table 2, row 4" in a Word or OpenDocument file (which has no lines of
    /// its own), "sheet Budget, row 9, cell C9" in a workbook. Empty when nothing is known.
    pub fn place(&self) -> String {
        if self.sheet.is_some() {
            return self.describe();
        }
        if let Some(page) = self.page {
            return match self.line {
                Some(line) => format!("page {page} line {line}"),
                None => format!("page {page}"),
            };
        }
        let Some(paragraph) = self.paragraph else {
            return match self.line {
                Some(line) => format!("line {line}"),
                None => self.describe(),
            };
        };
        let within = match (
            self.table,
            &self.clause,
            &self.heading,
            self.section_paragraph,
        ) {
            (Some(table), _, _, _) => match self.row {
                Some(row) => format!("table {table}, row {row}"),
                None => format!("table {table}"),
            },
            (None, Some(clause), _, _) => format!("clause {clause}"),
            (None, None, Some(heading), Some(n)) => {
                format!("section '{}' › paragraph {n}", short_title(heading))
            }
            _ => format!("paragraph {paragraph}"),
        };
        match &self.part {
            Some(part) => format!("{part} › {within}"),
            None => within,
        }
    }
}

/// A heading cut to a length that names it without filling the line.
fn short_title(title: &str) -> String {
    const MOST: usize = 40;
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.chars().count() <= MOST {
        return title;
    }
    let mut cut: String = title.chars().take(MOST - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// A spreadsheet cell's address from its 1-based row and column: (9, 3) is "C9", (1, 28) "AB1".
pub fn cell_address(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &row.to_string()
}

/// Where a span is in a text file: 1-based lines, columns in characters, the end exclusive
/// (the column of the character after the last one), and the file's own text there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextRegion {
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub source: String,
}

impl Document {
    /// The region of `span` in the file itself, for a document read from a text file (Markdown):
    /// `source` when given (a finding about the file, such as a suppression comment, carries its
    /// own source range), else the span mapped through the source map. Without a mapping, an
    /// empty region at `fallback` (1-based line and column). `None` for other formats, whose
    /// positions are not the file's characters.
    pub fn text_region(
        &self,
        span: Span,
        source: Option<(usize, usize)>,
        fallback: (Option<u32>, Option<u32>),
    ) -> Option<TextRegion> {
        if self.format != Format::Markdown {
            return None;
        }
        let text = self.source.as_ref()?;
        let Some((from, to)) =
            source.or_else(|| self.source_map.source_range(span.start, span.end))
        else {
            let (line, column) = (fallback.0?, fallback.1.unwrap_or(1));
            return Some(TextRegion {
                start_line: line,
                start_column: column,
                end_line: line,
                end_column: column,
                source: String::new(),
            });
        };
        let (start_line, start_column) = text.line_column(from);
        let (end_line, end_column) = text.line_column(to);
        Some(TextRegion {
            start_line,
            start_column,
            end_line,
            end_column,
            source: text.text.get(from..to).unwrap_or_default().to_string(),
        })
    }

    /// The display name of the document's file.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The front-matter value for `key` (case-insensitive), if any.
    pub fn front_matter(&self, key: &str) -> Option<&str> {
        self.front_matter
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// The index of the block containing text offset `offset` (or the last block before it).
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        let index = self.blocks.partition_point(|b| b.span.start <= offset);
        index.checked_sub(1)
    }

    /// How many sections at the top of the document are its title rather than sections of it: a
    /// chain of headings from the first, each the parent of the next, each with headings under it
    /// and every later heading within it ("# Riverbend Literacy Coalition" over "## Proposal to
    /// the Foundation" over the numbered sections). Locations leave these out of the section path:
    /// every finding would repeat them, and a title names the document, not a place in it.
    pub fn title_sections(&self) -> usize {
        self.titles
    }

    /// Count the title sections ([`Document::title_sections`]). A section holds every later one
    /// when every later one is deeper (a heading opens inside the last shallower one), so one pass
    /// over the levels from the end answers it for each section.
    fn count_title_sections(&self) -> usize {
        let mut shallowest_after = vec![u8::MAX; self.sections.len() + 1];
        for (index, section) in self.sections.iter().enumerate().rev() {
            shallowest_after[index] = shallowest_after[index + 1].min(section.level);
        }
        let mut titles = 0;
        for (index, section) in self.sections.iter().enumerate() {
            let chained = section.parent == index.checked_sub(1);
            let has_child = self
                .sections
                .get(index + 1)
                .is_some_and(|next| next.parent == Some(index));
            if !chained || !has_child || shallowest_after[index + 1] <= section.level {
                break;
            }
            titles += 1;
        }
        titles
    }

    /// The heading path of a section, outermost first.
    pub fn heading_path(&self, section: usize) -> Vec<&str> {
        let mut path = Vec::new();
        let mut current = Some(section);
        while let Some(index) = current {
            let Some(section) = self.sections.get(index) else {
                break;
            };
            path.push(section.title.as_str());
            current = section.parent;
        }
        path.reverse();
        path
    }

    /// For paged documents (PDF): the page a text offset is on and the byte offset of that place
    /// in the page's laid-out text ([`Document::pages`]).
    pub fn page_offset(&self, offset: usize) -> Option<(u32, usize)> {
        let Resolved {
            origin: Origin::Page { page, line, column },
            delta,
        } = self.source_map.resolve(offset)?
        else {
            return None;
        };
        let chars = self
            .text
            .get(offset - delta..offset)
            .map_or(0, |s| s.chars().count());
        let text = self.pages.get((page as usize).checked_sub(1)?)?;
        let line_start: usize = text
            .split('\n')
            .take((line as usize).saturating_sub(1))
            .map(|l| l.len() + 1)
            .sum();
        let line_text = text.get(line_start..)?.split('\n').next()?;
        let column = (column as usize).saturating_sub(1) + chars;
        let byte = line_text
            .char_indices()
            .nth(column)
            .map_or(line_text.len(), |(i, _)| i);
        Some((page, line_start + byte))
    }

    /// The number of block `index` among the paragraphs and list items of its section, counted
    /// from the section's heading (1 for the first); `None` for a heading or a table.
    fn paragraph_in_section(&self, section: usize, index: usize) -> Option<u32> {
        let counts = |block: &Block| {
            matches!(
                block.kind,
                BlockKind::Paragraph | BlockKind::ListItem { .. }
            )
        };
        if !counts(self.blocks.get(index)?) {
            return None;
        }
        let heading = self.sections.get(section)?.heading;
        let from = (heading + 1).min(index);
        let n = self.blocks[from..=index]
            .iter()
            .filter(|b| counts(b))
            .count();
        u32::try_from(n).ok()
    }

    /// Where `span` is, for output.
    pub fn locate(&self, span: Span) -> Location {
        let mut location = Location::default();
        match self.source_map.resolve(span.start) {
            Some(Resolved {
                origin: Origin::Source { offset },
                delta,
            }) => {
                if let Some(source) = &self.source {
                    let (line, column) = source.line_column(offset + delta);
                    location.line = Some(line);
                    location.column = Some(column);
                }
            }
            Some(Resolved {
                origin: Origin::Page { page, line, column },
                delta,
            }) => {
                let start = span.start - delta;
                let chars = self
                    .text
                    .get(start..span.start)
                    .map_or(0, |s| s.chars().count());
                location.page = Some(page);
                location.line = Some(line);
                location.column = Some(column + chars as u32);
            }
            Some(Resolved {
                origin: Origin::Paragraph { part, paragraph },
                ..
            }) => {
                location.paragraph = Some(paragraph);
                location.part = self
                    .source_map
                    .parts
                    .get(usize::from(part))
                    .filter(|name| !matches!(name.as_str(), "document" | "content"))
                    .cloned();
            }
            Some(Resolved {
                origin: Origin::Cell { sheet, row, column },
                ..
            }) => {
                location.sheet = self.source_map.parts.get(usize::from(sheet)).cloned();
                location.row = Some(row);
                location.address = Some(cell_address(row, column));
                return location;
            }
            None => {}
        }
        if let Some(index) = self.block_at(span.start) {
            let block = &self.blocks[index];
            if let Some(section) = block.section {
                let titles = self.title_sections();
                let path = self.heading_path(section);
                let path = path.get(titles.min(path.len())..).unwrap_or_default();
                if !path.is_empty() {
                    location.section = Some(path.join(" > "));
                }
                if location.paragraph.is_some() {
                    location.heading = path.last().map(|title| title.to_string());
                    location.section_paragraph = self.paragraph_in_section(section, index);
                }
            }
            location.clause = block.clause.clone();
            if let BlockKind::Table(table) = &block.kind {
                location.table = Some(table.number);
                if let Some((r, row)) = table
                    .rows
                    .iter()
                    .enumerate()
                    .find(|(_, row)| row.span.end >= span.start)
                {
                    location.row = Some(r as u32 + 1);
                    if let Some(c) = row.cells.iter().position(|cell| cell.end >= span.start) {
                        location.cell = Some(c as u32 + 1);
                    }
                }
            }
        }
        location
    }
}
