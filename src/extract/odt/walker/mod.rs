//! `Walker`: one pass over a story (the body, a note body, a header) that writes blocks to the
//! [`Builder`].
//!
//! Its state is explicit stacks, never recursion: the XML elements open (`Frame`s), open lists and
//! list items (numbering in `lists.rs`), the open table (`tables.rs`), and the block being written
//! as [`Runs`] of text, each with the paragraph it came from. A paragraph's kind and clause are
//! decided when it starts (`open_block`) and it is written when it ends (`write_block`).
//!
//! `is_index` and `is_hidden` name what no story reads: generated indexes and hidden sections.
//!
//! To read another element: add an arm to `Walker::start` (and to `Walker::end` if it opens a
//! `Frame`); an element without an arm is walked through for its text.

mod lists;
mod tables;

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use self::tables::OpenTable;
use super::LEVELS;
use super::names::Names;
use super::runs::Runs;
use super::styles::StyleSheet;
use crate::document::{BlockKind, Builder, Origin};
use crate::extract::ReadError;
use crate::extract::office::clause::clause_of;
use crate::extract::office::numbering::LevelCounters;
use crate::extract::office::table::ODF_FLATTENING;
use crate::extract::xml::{XmlReader, attr, reference};

/// Cells that repeats may add to a whole document, beyond the first copy of each. A hostile file
/// could otherwise ask for a thousand copies of every row.
const REPEAT_BUDGET: usize = 200_000;
/// Most spaces one `text:s` writes.
const MAX_SPACES: usize = 100;

/// What to do when an element ends.
#[derive(Debug)]
enum Frame {
    /// Nothing: the element's text (if any) flows into what is open.
    Other,
    /// A `text:p` or `text:h`; `top` when it is a block of its own. `saved` is the origin to go
    /// back to (a paragraph in a text box inside another).
    Paragraph {
        top: bool,
        saved: Origin,
    },
    List,
    Item,
    /// A table written as a table block.
    Table,
    /// A table inside a cell of that table, flattened into the cell.
    NestedTable,
    HeaderRows,
    Row,
    Cell,
    /// A drawing shape whose text is held back until the paragraph it is anchored in ends.
    Shape,
    /// A cached list or heading number (`text:number`).
    Number,
}

/// What `start` wants done with an element.
enum Action {
    Enter(Frame),
    /// Leave the element out.
    Skip,
    /// Leave it out but count its paragraphs (generated indexes), so numbers stay as a reader
    /// counts them.
    SkipCounting,
    /// Count the changes in `text:tracked-changes` and leave its (deleted) text out.
    CountChanges,
}

/// The paragraph-like block being written.
struct OpenBlock {
    runs: Runs,
    kind: OpenKind,
    clause: Option<String>,
    /// A heading's cached number (`text:number`).
    number: Option<String>,
    /// A tracked-change marker was seen in it.
    change: bool,
}

enum OpenKind {
    Paragraph,
    Heading(u8),
    Item { label: String, depth: u8 },
}

/// A `text:list`.
struct OpenList {
    /// The list style in effect (this list's, or the enclosing list's).
    style: Option<String>,
    /// 1-based nesting level.
    level: usize,
    /// Index of its numbering counters in [`Walker::counters`] (shared by nested lists).
    counters: usize,
    top: bool,
}

/// A `text:list-item` or `text:list-header`.
struct OpenItem {
    /// True until the item's first paragraph, which is numbered and becomes the list item block.
    pending: bool,
    /// A list header: its paragraphs are not numbered.
    header: bool,
    start_value: Option<u64>,
    /// A cached label (`text:number`).
    number: Option<String>,
    /// The clause number of this item, or of the nearest numbered item around it.
    clause: Option<String>,
}

/// What the body pass learned besides the text.
pub(super) struct Summary {
    pub(super) insertions: u32,
    pub(super) deletions: u32,
    /// A text offset inside the first block or cell that holds a tracked-change marker.
    pub(super) first_change: Option<usize>,
    pub(super) images: u32,
}

/// Writes one story (body, note bodies, a header) to the builder.
pub(super) struct Walker<'w> {
    builder: &'w mut Builder,
    styles: &'w StyleSheet,
    names: &'w Names,
    part: u16,
    /// Paragraphs counted so far in this part.
    pub(super) paragraph: u32,
    /// The byte offset just past each paragraph's start tag, by paragraph number (index 0 is
    /// paragraph 1; `usize::MAX` for one counted inside skipped content): where a reviewed copy
    /// anchors its annotations.
    pub(super) paragraph_tags: Vec<usize>,
    /// Where the text being read comes from.
    origin: Origin,
    /// Open `text:p` / `text:h` elements: text outside paragraphs is layout white space.
    in_paragraph: u32,
    block: Option<OpenBlock>,
    /// Depth of drawing shapes inside `block` whose paragraphs are held back in `deferred`.
    capture: u32,
    deferred: Vec<Runs>,
    table: Option<OpenTable>,
    lists: Vec<OpenList>,
    items: Vec<OpenItem>,
    /// Numbering counters of each list (a list continued by another shares them).
    counters: Vec<LevelCounters<LEVELS>>,
    /// Counters by the `xml:id` of the list that started them, for `text:continue-list`.
    list_ids: HashMap<String, usize>,
    /// The counters of the last top-level list, for `text:continue-numbering`.
    last_list: Option<usize>,
    /// Heading numbering counters.
    outline: LevelCounters<LEVELS>,
    /// The open headings' levels and clause numbers: a paragraph under "1.1 Definitions" is in
    /// clause 1.1.
    headings: Vec<(u8, Option<String>)>,
    /// The text of a `text:number` being read.
    number: Option<String>,
    repeat_budget: usize,
    insertions: u32,
    deletions: u32,
    first_change: Option<usize>,
    images: u32,
}

impl<'w> Walker<'w> {
    pub(super) fn new(
        builder: &'w mut Builder,
        styles: &'w StyleSheet,
        names: &'w Names,
        part: u16,
    ) -> Self {
        Walker {
            builder,
            styles,
            names,
            part,
            paragraph: 0,
            paragraph_tags: Vec::new(),
            origin: Origin::Paragraph { part, paragraph: 0 },
            in_paragraph: 0,
            block: None,
            capture: 0,
            deferred: Vec::new(),
            table: None,
            lists: Vec::new(),
            items: Vec::new(),
            counters: Vec::new(),
            list_ids: HashMap::new(),
            last_list: None,
            outline: LevelCounters::default(),
            headings: Vec::new(),
            number: None,
            repeat_budget: REPEAT_BUDGET,
            insertions: 0,
            deletions: 0,
            first_change: None,
            images: 0,
        }
    }

    pub(super) fn summary(&self) -> Summary {
        Summary {
            insertions: self.insertions,
            deletions: self.deletions,
            first_change: self.first_change,
            images: self.images,
        }
    }

    /// Record where the paragraph whose start tag was just read begins (it is counted next).
    fn note_paragraph(&mut self, name: &str, reader: &XmlReader<'_>) {
        if matches!(name, "text:p" | "text:h") {
            let number = self.paragraph as usize + 1;
            self.paragraph_tags.resize(number - 1, usize::MAX);
            self.paragraph_tags.push(reader.position());
        }
    }

    /// Walk the children of the element whose start was just read, up to its end.
    pub(super) fn walk(&mut self, reader: &mut XmlReader<'_>) -> Result<(), ReadError> {
        let base = reader.depth();
        let mut frames: Vec<Frame> = Vec::new();
        loop {
            match reader.next()? {
                Event::Start(e) => {
                    let in_item = matches!(frames.last(), Some(Frame::Item));
                    let name = self.names.qname(e.name().0);
                    self.note_paragraph(&name, reader);
                    match self.start(&name, &e, in_item) {
                        Action::Enter(frame) => frames.push(frame),
                        Action::Skip => reader.skip()?,
                        Action::SkipCounting => self.skip_counting(reader)?,
                        Action::CountChanges => self.count_changes(reader)?,
                    }
                }
                Event::Empty(e) => {
                    let in_item = matches!(frames.last(), Some(Frame::Item));
                    let name = self.names.qname(e.name().0);
                    self.note_paragraph(&name, reader);
                    if let Action::Enter(frame) = self.start(&name, &e, in_item) {
                        self.end(frame);
                    }
                }
                Event::End(_) => {
                    if reader.depth() < base {
                        break;
                    }
                    if let Some(frame) = frames.pop() {
                        self.end(frame);
                    }
                }
                Event::Text(text) => self.text(&text.xml10_content()),
                Event::CData(text) => self.text(&text.xml10_content()),
                Event::GeneralRef(r) => {
                    if let Some(c) = reference(&r) {
                        self.text(c.encode_utf8(&mut [0; 4]));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        // Close whatever a truncated story left open.
        while let Some(frame) = frames.pop() {
            self.end(frame);
        }
        Ok(())
    }

    fn start(&mut self, name: &str, e: &BytesStart<'_>, in_item: bool) -> Action {
        match name {
            "text:p" => Action::Enter(self.paragraph_start(e, false)),
            "text:h" => Action::Enter(self.paragraph_start(e, true)),
            "text:s" => {
                let count = attr(e, "c")
                    .and_then(|c| c.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(MAX_SPACES);
                self.add(&" ".repeat(count), false);
                Action::Enter(Frame::Other)
            }
            "text:tab" => {
                self.add("\t", false);
                Action::Enter(Frame::Other)
            }
            "text:line-break" => {
                self.add(" ", true);
                Action::Enter(Frame::Other)
            }
            "text:change-start" | "text:change" => {
                self.change_marker();
                Action::Enter(Frame::Other)
            }
            "text:list" => Action::Enter(self.list_start(e, in_item)),
            "text:list-item" | "text:list-header" => {
                self.items.push(OpenItem {
                    pending: true,
                    header: name == "text:list-header",
                    start_value: attr(e, "start-value").and_then(|v| v.trim().parse().ok()),
                    number: None,
                    clause: self.items.last().and_then(|item| item.clause.clone()),
                });
                Action::Enter(Frame::Item)
            }
            "text:number" if self.capture == 0 => {
                self.number = Some(String::new());
                Action::Enter(Frame::Number)
            }
            "table:table" => self.table_start(),
            "table:table-column"
            | "table:table-header-rows"
            | "table:table-row"
            | "table:table-cell"
            | "table:covered-table-cell" => self.table_part(name, e),
            "text:tracked-changes" => Action::CountChanges,
            "office:annotation"
            | "text:note-citation"
            | "text:note-body"
            | "text:number"
            | "text:sequence-decls"
            | "text:variable-decls"
            | "text:user-field-decls"
            | "text:dde-connection-decls"
            | "office:forms"
            | "office:event-listeners"
            | "office:binary-data"
            | "text:ruby-text"
            | "svg:title"
            | "svg:desc"
            // The page number a field showed when the file was saved, not text of the document.
            | "text:page-number"
            | "text:page-count"
            | "text:page-continuation" => Action::Skip,
            "draw:image" => {
                self.images += 1;
                Action::Skip
            }
            "draw:object" | "draw:object-ole" | "draw:applet" | "draw:plugin" => Action::Skip,
            _ if is_index(name) || is_hidden(name, e) => Action::SkipCounting,
            _ if name.starts_with("draw:") => {
                if self.capture > 0 || (self.block.is_some() && self.table.is_none()) {
                    self.capture += 1;
                    Action::Enter(Frame::Shape)
                } else {
                    Action::Enter(Frame::Other)
                }
            }
            _ => Action::Enter(Frame::Other),
        }
    }

    fn end(&mut self, frame: Frame) {
        match frame {
            Frame::Other => {}
            Frame::Paragraph { top, saved } => {
                self.in_paragraph = self.in_paragraph.saturating_sub(1);
                if top {
                    self.write_block();
                }
                self.origin = saved;
            }
            Frame::List => {
                if let Some(list) = self.lists.pop()
                    && list.top
                {
                    self.last_list = Some(list.counters);
                }
            }
            Frame::Item => {
                self.items.pop();
            }
            Frame::Table => self.table_end(),
            Frame::NestedTable => {
                if let Some(table) = &mut self.table {
                    table.nested = table.nested.saturating_sub(1);
                }
            }
            Frame::HeaderRows => {
                if let Some(table) = &mut self.table {
                    table.header = table.header.saturating_sub(1);
                }
            }
            Frame::Row => self.row_end(),
            Frame::Cell => self.cell_end(),
            Frame::Shape => self.capture = self.capture.saturating_sub(1),
            Frame::Number => {
                let number = self.number.take().filter(|n| !n.trim().is_empty());
                if let Some(block) = &mut self.block
                    && self.in_paragraph > 0
                {
                    block.number = number;
                } else if let Some(item) = self.items.last_mut() {
                    item.number = number;
                }
            }
        }
    }

    // --- text ---------------------------------------------------------------------------------

    fn text(&mut self, text: &str) {
        if let Some(number) = &mut self.number {
            number.push_str(text);
            return;
        }
        self.add(text, true);
    }

    fn add(&mut self, text: &str, collapse: bool) {
        if self.in_paragraph == 0 {
            return;
        }
        let origin = self.origin;
        if let Some(runs) = self.sink() {
            runs.add(text, origin, collapse);
        }
    }

    /// Where text goes now: a held-back text box paragraph, the open cell, or the open block.
    fn sink(&mut self) -> Option<&mut Runs> {
        if self.capture > 0 {
            return self.deferred.last_mut();
        }
        if let Some(table) = &mut self.table {
            return table.cell.as_mut().map(|cell| &mut cell.runs);
        }
        self.block.as_mut().map(|block| &mut block.runs)
    }

    fn change_marker(&mut self) {
        if self.first_change.is_some() || self.capture > 0 {
            return;
        }
        if let Some(table) = &mut self.table {
            if let Some(cell) = &mut table.cell {
                cell.change = true;
            }
        } else if let Some(block) = &mut self.block {
            block.change = true;
        }
    }

    // --- paragraphs ---------------------------------------------------------------------------

    fn paragraph_start(&mut self, e: &BytesStart<'_>, heading: bool) -> Frame {
        self.paragraph += 1;
        let saved = self.origin;
        self.origin = Origin::Paragraph {
            part: self.part,
            paragraph: self.paragraph,
        };
        self.in_paragraph += 1;
        if self.capture > 0 {
            if self.deferred.last().is_none_or(|runs| !runs.is_empty()) {
                self.deferred.push(Runs::default());
            }
            return Frame::Paragraph { top: false, saved };
        }
        let in_cell = self.table.as_ref().is_some_and(|t| t.cell.is_some());
        let styled = in_cell && self.styles.table_heading(attr(e, "style-name").as_deref());
        if let Some(table) = &mut self.table {
            if let Some(cell) = &mut table.cell {
                cell.runs.separate(ODF_FLATTENING.paragraph);
                cell.heading = Some(cell.heading.unwrap_or(true) && styled);
            }
            return Frame::Paragraph { top: false, saved };
        }
        if let Some(block) = &mut self.block {
            block.runs.separate(ODF_FLATTENING.paragraph);
            return Frame::Paragraph { top: false, saved };
        }
        self.open_block(e, heading);
        Frame::Paragraph { top: true, saved }
    }

    /// Decide what the paragraph starting now is: a heading, the first paragraph of a list item
    /// (numbered now), or a paragraph inside the clause around it.
    fn open_block(&mut self, e: &BytesStart<'_>, is_h: bool) {
        let style = attr(e, "style-name");
        let heading = if is_h {
            let level = attr(e, "outline-level")
                .and_then(|l| l.trim().parse::<u8>().ok())
                .filter(|&l| l > 0)
                .or_else(|| self.styles.heading(style.as_deref()).map(|(l, _)| l))
                .unwrap_or(1);
            Some((level, true))
        } else {
            self.styles.heading(style.as_deref())
        };
        let heading = heading.map(|(level, outline)| (level.min(LEVELS as u8), outline));
        let pending = self.items.last().is_some_and(|item| item.pending);
        let (kind, clause) = if pending {
            let (label, clause) = self.number_item(style.as_deref());
            let clause = clause.or_else(|| self.heading_clause());
            let depth = self
                .lists
                .last()
                .map_or(0, |list| list.level.saturating_sub(1)) as u8;
            match heading {
                Some((level, _)) => (OpenKind::Heading(level), clause),
                None if label.is_empty() => (OpenKind::Paragraph, clause),
                None => (OpenKind::Item { label, depth }, clause),
            }
        } else {
            let inherited = self.context_clause();
            match heading {
                Some((level, true)) if self.items.is_empty() => {
                    (OpenKind::Heading(level), self.number_heading(e, level))
                }
                Some((level, _)) => (OpenKind::Heading(level), inherited),
                None => (OpenKind::Paragraph, inherited),
            }
        };
        self.block = Some(OpenBlock {
            runs: Runs::default(),
            kind,
            clause,
            number: None,
            change: false,
        });
    }

    /// The clause number around what is read now: the innermost numbered list item's, or the
    /// innermost numbered heading's.
    fn context_clause(&self) -> Option<String> {
        self.items
            .last()
            .and_then(|item| item.clause.clone())
            .or_else(|| self.heading_clause())
    }

    fn heading_clause(&self) -> Option<String> {
        self.headings
            .iter()
            .rev()
            .find_map(|(_, clause)| clause.clone())
    }

    /// Write the open block, then any text box paragraphs held back while it was open.
    fn write_block(&mut self) {
        let Some(block) = self.block.take() else {
            return;
        };
        let clause = match (&block.kind, &block.number) {
            (OpenKind::Heading(_), Some(number)) => clause_of(number).or(block.clause),
            _ => block.clause,
        };
        let kind = match block.kind {
            OpenKind::Paragraph => BlockKind::Paragraph,
            OpenKind::Heading(level) => {
                while self.headings.last().is_some_and(|&(l, _)| l >= level) {
                    self.headings.pop();
                }
                self.headings.push((level, clause.clone()));
                BlockKind::Heading { level }
            }
            OpenKind::Item { label, depth } => BlockKind::ListItem { label, depth },
        };
        let before = self.builder.offset();
        self.builder.begin_block();
        block.runs.write(self.builder);
        self.builder.end_block(kind, clause.clone());
        let after = self.builder.offset();
        if block.change && self.first_change.is_none() && after > before {
            self.first_change = Some(after - 1);
        }
        for runs in std::mem::take(&mut self.deferred) {
            self.builder.begin_block();
            runs.write(self.builder);
            self.builder.end_block(BlockKind::Paragraph, clause.clone());
        }
    }

    // --- skipped content ----------------------------------------------------------------------

    /// Skip the element whose start was just read, counting the paragraphs in it.
    fn skip_counting(&mut self, reader: &mut XmlReader<'_>) -> Result<(), ReadError> {
        let base = reader.depth();
        loop {
            match reader.next()? {
                Event::Start(e) | Event::Empty(e) => {
                    if matches!(self.names.qname(e.name().0).as_ref(), "text:p" | "text:h") {
                        self.paragraph += 1;
                    }
                }
                Event::End(_) if reader.depth() < base => return Ok(()),
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// Count the insertions and deletions in `text:tracked-changes` and skip it: it holds the
    /// deleted text, which a reader of the accepted document does not see.
    fn count_changes(&mut self, reader: &mut XmlReader<'_>) -> Result<(), ReadError> {
        let base = reader.depth();
        loop {
            match reader.next()? {
                Event::Start(e) | Event::Empty(e) => match self.names.qname(e.name().0).as_ref() {
                    "text:insertion" => self.insertions += 1,
                    "text:deletion" => self.deletions += 1,
                    _ => {}
                },
                Event::End(_) if reader.depth() < base => return Ok(()),
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }
}

/// Generated indexes: their text repeats headings and captions.
pub(super) fn is_index(name: &str) -> bool {
    matches!(
        name,
        "text:table-of-content"
            | "text:illustration-index"
            | "text:table-index"
            | "text:object-index"
            | "text:user-index"
            | "text:alphabetical-index"
            | "text:bibliography"
    )
}

/// A hidden section.
pub(super) fn is_hidden(name: &str, e: &BytesStart<'_>) -> bool {
    name == "text:section" && attr(e, "display").as_deref() == Some("none")
}
