//! Markdown (CommonMark + GFM tables) to [`Document`], with pulldown-cmark.
//!
//! What a reader sees is what the rules see: emphasis and link markup are stripped, soft line
//! breaks become spaces (so a name that wraps in the source is one name again), code blocks,
//! images and raw HTML are left out, and HTML comments are kept out of the text but recorded as
//! [`crate::document::Comment`]s for suppressions. YAML-style front matter (`kind: subcontract`)
//! is recorded as `key: value` pairs. Numbered lists become list items with their visible label
//! and, for nested numbered lists, a clause number ("1.2") as in a contract.
//!
//! Every text run is recorded in the source map against its byte offset in the file, so a span of
//! normalised text maps back to line and column.

use std::path::PathBuf;

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use crate::document::{
    BlockKind, Builder, Document, Format, Origin, SourceText, TITLE_LINE_LEVEL, is_title_line,
};

/// A block being written, and the kind it will be closed as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    Paragraph,
    Heading(u8),
    /// The first text of a list item.
    Item,
}

struct List {
    /// The next number for an ordered list; `None` for a bullet list.
    next: Option<u64>,
}

struct Item {
    /// The item's number in an ordered list.
    number: Option<u64>,
    label: String,
    /// True until the item's own first block has been written.
    pending: bool,
}

struct Extractor<'s> {
    source: &'s str,
    builder: Builder,
    open: Option<Open>,
    lists: Vec<List>,
    items: Vec<Item>,
    /// Depth of constructs whose text is left out (code blocks, images, metadata).
    skip: u32,
    in_metadata: bool,
    in_table: bool,
    /// End of the last comment recorded, so a comment seen twice is recorded once.
    comments_until: usize,
    /// Depth of strong emphasis (`**…**`) at the current text.
    strong: u32,
    /// The open block has text outside strong emphasis.
    plain: bool,
}

/// Extract a Markdown document from its decoded text.
pub fn extract(path: PathBuf, text: String, warnings: Vec<String>) -> Document {
    let source = SourceText::new(text);
    let mut builder = Builder::new(path, Format::Markdown);
    for warning in warnings {
        builder.warn(warning);
    }
    let text = source.text.clone();
    builder.set_source(source);
    let mut extractor = Extractor {
        source: &text,
        builder,
        open: None,
        lists: Vec::new(),
        items: Vec::new(),
        skip: 0,
        in_metadata: false,
        in_table: false,
        comments_until: 0,
        strong: 0,
        plain: false,
    };
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    for (event, range) in Parser::new_ext(&text, options).into_offset_iter() {
        extractor.event(event, range);
    }
    extractor.close();
    extractor.builder.finish()
}

impl Extractor<'_> {
    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) if self.in_metadata => self.front_matter(&text),
            Event::Text(text) | Event::Code(text) => self.text(&text, range),
            Event::SoftBreak => self.builder.push_joiner(" "),
            Event::HardBreak => self.builder.push_joiner("\n"),
            Event::Html(_) | Event::InlineHtml(_) => self.comments_in(range),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text, range),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) | Event::Rule => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: std::ops::Range<usize>) {
        match tag {
            Tag::Paragraph => {
                if self.open.is_none() {
                    self.open_block();
                }
            }
            Tag::Heading { level, .. } => {
                self.close();
                if let Some(item) = self.items.last_mut() {
                    item.pending = false;
                }
                self.builder.begin_block();
                self.open = Some(Open::Heading(level as u8));
            }
            Tag::List(first) => {
                self.close();
                self.lists.push(List { next: first });
            }
            Tag::Item => {
                self.close();
                let number = self.lists.last_mut().and_then(|list| {
                    let number = list.next?;
                    list.next = Some(number + 1);
                    Some(number)
                });
                let label = number.map_or_else(|| "•".to_string(), |n| format!("{n}."));
                self.items.push(Item {
                    number,
                    label,
                    pending: true,
                });
            }
            Tag::Table(_) => {
                self.close();
                self.in_table = true;
                self.builder.begin_table(self.clause());
            }
            Tag::TableHead => self.builder.begin_row(),
            Tag::TableRow => self.builder.begin_row(),
            Tag::TableCell => self.builder.begin_cell(),
            Tag::CodeBlock(_) => {
                self.close();
                self.skip += 1;
            }
            Tag::Image { .. } => self.skip += 1,
            Tag::MetadataBlock(MetadataBlockKind::YamlStyle) => self.in_metadata = true,
            Tag::MetadataBlock(MetadataBlockKind::PlusesStyle) => self.skip += 1,
            Tag::HtmlBlock => {
                self.close();
                self.comments_in(range);
            }
            Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) => self.close(),
            Tag::Strong => self.strong += 1,
            Tag::Emphasis
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => self.close(),
            TagEnd::Item => {
                self.close();
                self.items.pop();
            }
            TagEnd::List(_) => {
                self.close();
                self.lists.pop();
            }
            TagEnd::TableHead => self.builder.end_row(true),
            TagEnd::TableRow => self.builder.end_row(false),
            TagEnd::TableCell => self.builder.end_cell(),
            TagEnd::Table => {
                self.in_table = false;
                self.builder.end_table(self.clause());
            }
            TagEnd::CodeBlock
            | TagEnd::Image
            | TagEnd::MetadataBlock(MetadataBlockKind::PlusesStyle) => {
                self.skip = self.skip.saturating_sub(1);
            }
            TagEnd::MetadataBlock(MetadataBlockKind::YamlStyle) => self.in_metadata = false,
            TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => self.close(),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            _ => {}
        }
    }

    /// Open a paragraph-like block: the first block of a pending list item is the item itself.
    fn open_block(&mut self) {
        let kind = match self.items.last_mut() {
            Some(item) if item.pending => {
                item.pending = false;
                Open::Item
            }
            _ => Open::Paragraph,
        };
        self.builder.begin_block();
        self.open = Some(kind);
        self.plain = false;
    }

    /// Close the open block, if any, as the kind it was opened as.
    fn close(&mut self) {
        let Some(open) = self.open.take() else { return };
        let kind = match open {
            // A paragraph wholly in strong emphasis that reads as a title is a heading typed
            // without heading markup ("**9. Disputes**"), as the same bold line is in a PDF.
            Open::Paragraph
                if !self.plain
                    && !self.in_table
                    && self.items.is_empty()
                    && is_title_line(self.builder.block_text()) =>
            {
                BlockKind::Heading {
                    level: TITLE_LINE_LEVEL,
                }
            }
            Open::Paragraph => BlockKind::Paragraph,
            Open::Heading(level) => BlockKind::Heading { level },
            Open::Item => BlockKind::ListItem {
                label: self
                    .items
                    .last()
                    .map_or_else(String::new, |item| item.label.clone()),
                depth: self.items.len().saturating_sub(1) as u8,
            },
        };
        self.builder.end_block(kind, self.clause());
    }

    /// The clause number of the current position: the numbers of the enclosing ordered list
    /// items, outermost first, up to the first bullet list ("9.2" for a bullet inside 9.2).
    fn clause(&self) -> Option<String> {
        let numbers: Vec<String> = self
            .items
            .iter()
            .map_while(|item| item.number.map(|n| n.to_string()))
            .collect();
        (!numbers.is_empty()).then(|| numbers.join("."))
    }

    fn text(&mut self, text: &str, range: std::ops::Range<usize>) {
        if self.skip > 0 {
            return;
        }
        if self.open.is_none() && !self.in_table {
            self.open_block();
        }
        if self.strong == 0 && !text.trim().is_empty() {
            self.plain = true;
        }
        let source = self.source.get(range.clone()).unwrap_or("");
        if source == text {
            self.builder.push(
                text,
                Origin::Source {
                    offset: range.start,
                },
                text.len(),
                true,
            );
        } else if let Some(at) = source.find(text).filter(|&at| {
            // Only markup around the text (a backslash escape, code backticks), not an entity.
            let markup = |s: &str| s.chars().all(|c| matches!(c, '\\' | '`' | ' '));
            !text.is_empty() && markup(&source[..at]) && markup(&source[at + text.len()..])
        }) {
            let offset = range.start + at;
            self.builder
                .push(text, Origin::Source { offset }, text.len(), true);
        } else {
            let origin = Origin::Source {
                offset: range.start,
            };
            self.builder.push(text, origin, range.len(), false);
        }
    }

    /// Record every HTML comment that starts inside `range` of the source.
    fn comments_in(&mut self, range: std::ops::Range<usize>) {
        let Some(html) = self.source.get(range.clone()) else {
            return;
        };
        let mut from = 0;
        while let Some(start) = html[from..].find("<!--") {
            let start = from + start;
            let absolute = range.start + start;
            let body_start = start + 4;
            let (body_end, end) = match html[body_start..].find("-->") {
                Some(e) => (body_start + e, body_start + e + 3),
                None => {
                    // An unterminated comment runs to the end of the file in HTML; find its end
                    // in the whole source so the next events do not record it again.
                    let rest = &self.source[range.start + body_start..];
                    let e = rest.find("-->").unwrap_or(rest.len());
                    (body_start + e, body_start + e + 3)
                }
            };
            if absolute >= self.comments_until {
                let body = self
                    .source
                    .get(range.start + body_start..(range.start + body_end).min(self.source.len()))
                    .unwrap_or("")
                    .trim()
                    .to_string();
                let lines = self.line_of(absolute);
                let end_line = self.line_of((range.start + end).min(self.source.len()));
                let source_end = (range.start + end).min(self.source.len());
                self.builder
                    .comment(body, (lines, end_line), (absolute, source_end));
                self.comments_until = range.start + end;
            }
            from = end.min(html.len());
        }
    }

    fn line_of(&self, offset: usize) -> u32 {
        self.source[..offset.min(self.source.len())]
            .bytes()
            .filter(|&b| b == b'\n')
            .count() as u32
            + 1
    }

    fn front_matter(&mut self, text: &str) {
        for line in text.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim();
            if key.is_empty() || key.starts_with(['#', ' ', '-']) || line.starts_with([' ', '\t']) {
                continue;
            }
            let value = value.trim().trim_matches(['"', '\'']).to_string();
            self.builder.front_matter(key.to_string(), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::extract;
    use crate::document::{BlockKind, Document};

    fn md(text: &str) -> Document {
        extract(PathBuf::from("test.md"), text.to_string(), Vec::new())
    }

    #[test]
    fn a_paragraph_wholly_in_strong_emphasis_that_reads_as_a_title_is_a_heading() {
        let doc = extract(
            PathBuf::from("t.md"),
            "# Grant agreement\n\n**9. Disputes**\n\n9.1 You may ask for a review.\n\n\
             **Note:** the fee is fixed.\n\n**All reports are due monthly.**\n\n\
             - **Exit**\n\n| **Total** | £5 |\n|---|---|\n"
                .to_string(),
            Vec::new(),
        );
        let headings: Vec<_> = doc
            .blocks
            .iter()
            .filter_map(|b| match b.kind {
                BlockKind::Heading { level } => Some((level, doc.slice(b.span))),
                _ => None,
            })
            .collect();
        // Not a heading: a bold lead-in with plain text after it, a bold sentence, a bold list
        // item, a bold table cell.
        assert_eq!(
            headings,
            [
                (1, "Grant agreement"),
                (crate::document::TITLE_LINE_LEVEL, "9. Disputes")
            ]
        );
        let at = doc.text.find("review").expect("text");
        let location = doc.locate(crate::document::Span::new(at, at + 6));
        assert_eq!(location.section.as_deref(), Some("9. Disputes"));
    }

    #[test]
    fn emphasis_is_stripped_and_wrapped_names_are_joined() {
        let doc = md("We work with **Fernlea Deaf\nCommunity Association** and _Brightside_.\n");
        assert_eq!(
            doc.text,
            "We work with Fernlea Deaf Community Association and Brightside."
        );
        let at = doc.text.find("Community").unwrap();
        let location = doc.locate(crate::document::Span::new(at, at + 9));
        assert_eq!((location.line, location.column), (Some(2), Some(1)));
    }

    #[test]
    fn headings_open_sections_and_lists_keep_clause_numbers() {
        let doc = md(
            "# Agreement\n\n1. ## Payment\n\n   1. The fee is £5,000.\n   2. Paid monthly.\n\n      - within 30 days\n",
        );
        let titles: Vec<_> = doc.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Agreement", "1 Payment"]);
        let items: Vec<_> = doc
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::ListItem { .. }))
            .map(|b| (doc.slice(b.span), b.clause.clone()))
            .collect();
        assert_eq!(
            items,
            [
                ("The fee is £5,000.", Some("1.1".to_string())),
                ("Paid monthly.", Some("1.2".to_string())),
                ("within 30 days", Some("1.2".to_string())),
            ]
        );
        let location = doc.locate(doc.blocks.last().unwrap().span);
        // "Agreement" heads every other heading: it is the title, not a section.
        assert_eq!(location.section.as_deref(), Some("1 Payment"));
        assert_eq!(location.clause.as_deref(), Some("1.2"));
    }

    #[test]
    fn tables_become_rows_of_cells() {
        let doc = md(
            "| Partner | Allocation |\n|---|---|\n| **Fernlea** Trust | £12,000 |\n| Oakham CIC | TBC |\n",
        );
        assert_eq!(
            doc.text,
            "Partner | Allocation\nFernlea Trust | £12,000\nOakham CIC | TBC"
        );
        let BlockKind::Table(table) = &doc.blocks[0].kind else {
            panic!("no table")
        };
        assert_eq!(table.header_rows, 1);
        assert_eq!(table.rows.len(), 3);
        assert_eq!(doc.slice(table.rows[2].cells[1]), "TBC");
        assert_eq!(doc.locate(table.rows[1].cells[1]).line, Some(3));
    }

    #[test]
    fn comments_and_code_are_kept_out_of_the_text() {
        let doc = md(
            "Intro <!-- tenderlint-disable-next-line unfunded-partner -->\n\n<!--\nblock\n-->\n\n```\ncode £5\n```\n\nEnd.\n",
        );
        assert_eq!(doc.text, "Intro\n\nEnd.");
        let bodies: Vec<_> = doc
            .comments
            .iter()
            .map(|c| (c.body.as_str(), c.line))
            .collect();
        assert_eq!(
            bodies,
            [
                ("tenderlint-disable-next-line unfunded-partner", 1),
                ("block", 3)
            ]
        );
    }

    #[test]
    fn front_matter_is_read_and_kept_out_of_the_text() {
        let doc = md(
            "---\nkind: subcontract\ntitle: \"Service Level Agreement\"\n---\n\n# Service Level Agreement\n",
        );
        assert_eq!(doc.front_matter("kind"), Some("subcontract"));
        assert_eq!(doc.front_matter("title"), Some("Service Level Agreement"));
        assert_eq!(doc.text, "Service Level Agreement");
    }

    #[test]
    fn escapes_and_entities_map_back_to_the_source() {
        let doc = md("Fee: \\[ADD\\] &amp; more\n");
        assert_eq!(doc.text, "Fee: [ADD] & more");
        let at = doc.text.find("ADD").unwrap();
        let (from, to) = doc.source_map.source_range(at, at + 3).unwrap();
        assert_eq!(&doc.source.as_ref().unwrap().text[from..to], "ADD");
        let amp = doc.text.find('&').unwrap();
        let (from, to) = doc.source_map.source_range(amp, amp + 1).unwrap();
        assert_eq!(&doc.source.as_ref().unwrap().text[from..to], "&amp;");
    }
}
