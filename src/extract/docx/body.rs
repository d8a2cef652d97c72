//! The streaming reader for WordprocessingML story parts: the body, footnotes, endnotes,
//! headers and footers.
//!
//! One pass over the XML events, no tree and no recursion. State is a set of small stacks:
//! open paragraphs (a text box puts a paragraph inside another one), open runs (for hidden
//! text), open complex fields (instruction or result part), open content controls, open tables.
//! A paragraph's text is buffered and written to the [`Builder`] when the paragraph ends, when
//! its style, numbering and outline level are all known.
//!
//! What counts as text, as a reader of the printed document would see it:
//! - `w:t` in runs, tabs and breaks as spaces, non-breaking hyphens; hyperlink and field
//!   *results* (display text); content controls' content; text boxes (the `mc:Choice` version,
//!   never the VML `mc:Fallback` copy of the same text);
//! - tracked insertions count, tracked deletions (`w:del`, `w:moveFrom`) do not, and both are
//!   counted for the `unaccepted-tracked-changes` notice;
//! - not: field instructions, hidden runs (`w:vanish`), old properties of formatting changes,
//!   tables of contents (their entries repeat the headings), page-number fields (the number when
//!   the file was saved), comments (another part, never read).
//!
//! A paragraph's clause is the number its list label shows, else a number typed at its start
//! (the office model's `clause_of` and `literal_clause`, shared with ODT: "9.2." → 9.2, "b)" →
//! b, "(b)" stays).
//!
//! The outermost tables become [`Builder`] tables with one cell per grid column (a merged cell
//! is followed by empty cells, so a column keeps its index: the office model's `GridRow`);
//! nested tables are flattened into the enclosing cell as `WORD_FLATTENING` says, rows
//! separated by "; ".

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};

use super::numbering::{Counters, Label, Numbering};
use super::styles::Styles;
use crate::document::{BlockKind, Builder, Origin, Span, TITLE_LINE_LEVEL, is_title_line};
use crate::extract::ReadError;
use crate::extract::office::clause::{clause_of, literal_clause};
use crate::extract::office::numbering::is_private_use;
use crate::extract::office::table::{GridRow, WORD_FLATTENING};
use crate::extract::xml::{XmlReader, attr, local, prefix, reference};

const MAIN_NAMESPACES: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const COMPATIBILITY_NAMESPACE: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
/// Word tables have at most 63 columns; anything wider is padding we do not need.
const MAX_SPAN: u32 = 64;

/// Styles and numbering shared by every part of one document.
pub struct Definitions {
    pub styles: Styles,
    pub numbering: Numbering,
}

/// Tracked changes seen so far.
#[derive(Debug, Default)]
pub struct Changes {
    pub insertions: u32,
    pub deletions: u32,
    /// The first paragraph with a change, as text, for the notice's label.
    pub first: Option<Span>,
    /// A change was seen in a paragraph that left no text (wholly deleted): point at the next.
    pending: bool,
}

#[derive(Default)]
struct Para {
    number: u32,
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    outline: Option<u8>,
    /// The first tracked change in the paragraph, as a byte range of `text` (empty for a
    /// deletion), and whether an insertion is still open.
    change: Option<(usize, usize)>,
    change_open: bool,
    /// Visible text in bold runs, and visible text outside them: a paragraph with only the first
    /// may be a heading typed without a heading style.
    bold: bool,
    plain: bool,
}

/// An open run's properties that matter to reading it.
#[derive(Clone, Copy, Default)]
struct Run {
    /// `w:vanish`: not shown.
    hidden: bool,
    /// `w:b`, or Word's built-in character style "Strong".
    bold: bool,
}

#[derive(Clone, Copy)]
struct Field {
    /// Past `w:fldChar w:fldCharType="separate"`: the result, which is displayed.
    result: bool,
    /// A result that is not the document's words: a table of contents (it repeats the
    /// headings) or a page number (the number when the file was saved, not where a reader is).
    hidden: bool,
}

struct Table {
    /// The outermost table, written to the builder as a table.
    outer: bool,
    rows: u32,
    first_row_header: bool,
    row: Row,
}

#[derive(Default)]
struct Row {
    header: bool,
    grid_before: u32,
    grid_after: u32,
    /// Cells written so far, empty ones for grid columns included.
    cells: u32,
    /// The open cell's `w:gridSpan`.
    span: u32,
    grid: GridRow,
}

/// Reads story parts into one builder; see the module docs.
pub struct StoryReader<'a> {
    builder: &'a mut Builder,
    definitions: &'a Definitions,
    pub changes: Changes,
    /// Header and footer relationship ids from section properties, in document order.
    pub section_refs: Vec<String>,
    /// Header/footer paragraphs already written, so that repeats across sections are not.
    seen_furniture: HashSet<String>,
    /// Per part label, the byte offset just past each counted paragraph's start tag, by
    /// paragraph number (index 0 is paragraph 1): where a reviewed copy anchors its comments.
    pub paragraph_tags: Vec<(String, Vec<usize>)>,
    /// Comment id to the body paragraphs its range starts and ends in (from
    /// `commentRangeStart`/`End`, else its `commentReference`).
    pub comment_anchors: HashMap<String, (u32, u32)>,
}

/// Per-part state.
struct PartState {
    part: u16,
    /// The main document part, where comments are anchored.
    body: bool,
    furniture: bool,
    paragraphs: u32,
    counters: Counters,
    w: String,
    mc: String,
    paras: Vec<Para>,
    runs: Vec<Run>,
    in_text: bool,
    fields: Vec<Field>,
    sdts: Vec<bool>,
    tables: Vec<Table>,
}

impl<'a> StoryReader<'a> {
    pub fn new(builder: &'a mut Builder, definitions: &'a Definitions) -> Self {
        StoryReader {
            builder,
            definitions,
            changes: Changes::default(),
            section_refs: Vec::new(),
            seen_furniture: HashSet::new(),
            paragraph_tags: Vec::new(),
            comment_anchors: HashMap::new(),
        }
    }

    /// Read one part. `label` names it in locations ("document", "footnotes", "header", …);
    /// header and footer paragraphs already seen in another section are skipped.
    pub fn read(&mut self, xml: &str, part_name: &str, label: &str) -> Result<(), ReadError> {
        let parts = &mut self.builder.source_map_mut().parts;
        let part = match parts.iter().position(|p| p == label) {
            Some(index) => index,
            None => {
                parts.push(label.to_string());
                parts.len() - 1
            }
        };
        let mut state = PartState {
            part: u16::try_from(part).unwrap_or(u16::MAX),
            body: label == "document",
            furniture: matches!(label, "header" | "footer"),
            paragraphs: 0,
            counters: Counters::default(),
            w: "w".into(),
            mc: "mc".into(),
            paras: Vec::new(),
            runs: Vec::new(),
            in_text: false,
            fields: Vec::new(),
            sdts: Vec::new(),
            tables: Vec::new(),
        };
        let mut reader = XmlReader::new(xml, part_name);
        let tags = match self.paragraph_tags.iter().position(|(l, _)| l == label) {
            Some(index) => index,
            None => {
                self.paragraph_tags.push((label.to_string(), Vec::new()));
                self.paragraph_tags.len() - 1
            }
        };
        let mut root = true;
        loop {
            match reader.next()? {
                Event::Start(e) => {
                    if root {
                        namespaces(&e, &mut state);
                        root = false;
                    }
                    self.start(&e, true, &mut state, &mut reader)?;
                    self.note_paragraph(tags, &state, &reader);
                }
                Event::Empty(e) => {
                    self.start(&e, false, &mut state, &mut reader)?;
                    self.note_paragraph(tags, &state, &reader);
                }
                Event::End(e) => self.end(e.name().0, &mut state),
                Event::Text(text) if state.in_text => state.push_text(&text.xml10_content()),
                Event::CData(text) if state.in_text => state.push_text(&text.xml10_content()),
                Event::GeneralRef(r) => {
                    if state.in_text
                        && state.visible()
                        && let Some(c) = reference(&r)
                        && let Some(para) = state.paras.last_mut()
                    {
                        para.text.push(c);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        // A truncated part: write what was read.
        while let Some(para) = state.paras.pop() {
            self.emit(para, &mut state);
        }
        while let Some(table) = state.tables.pop() {
            if table.outer {
                self.builder.end_table(None);
            }
        }
        Ok(())
    }

    /// Record where the paragraph just counted starts (past its tag), for reviewed copies.
    fn note_paragraph(&mut self, tags: usize, state: &PartState, reader: &XmlReader<'_>) {
        let Some((_, positions)) = self.paragraph_tags.get_mut(tags) else {
            return;
        };
        let counted = state.paragraphs as usize;
        if counted > positions.len() {
            positions.resize(counted - 1, usize::MAX);
            positions.push(reader.position());
        }
    }

    fn start(
        &mut self,
        e: &BytesStart<'_>,
        is_start: bool,
        state: &mut PartState,
        reader: &mut XmlReader<'_>,
    ) -> Result<(), ReadError> {
        let name = e.name().0;
        let ns = prefix(name);
        if ns == state.mc && local(name) == "Fallback" {
            if is_start {
                reader.skip()?;
            }
            return Ok(());
        }
        if ns != state.w {
            return Ok(());
        }
        let val = || attr(e, "val");
        match local(name) {
            "p" => {
                state.paragraphs += 1;
                if is_start {
                    state.paras.push(Para {
                        number: state.paragraphs,
                        ..Para::default()
                    });
                }
            }
            "pStyle" => {
                if let Some(para) = state.paras.last_mut() {
                    para.style = val();
                }
            }
            "numId" => {
                if let Some(para) = state.paras.last_mut() {
                    para.num_id = val();
                }
            }
            "ilvl" => {
                if let Some(para) = state.paras.last_mut() {
                    para.ilvl = val().and_then(|v| v.parse().ok());
                }
            }
            "outlineLvl" => {
                if let Some(para) = state.paras.last_mut() {
                    para.outline = val().and_then(|v| v.parse().ok());
                }
            }
            "r" if is_start => state.runs.push(Run::default()),
            "vanish" => {
                if !matches!(val().as_deref(), Some("0" | "false" | "off"))
                    && let Some(run) = state.runs.last_mut()
                {
                    run.hidden = true;
                }
            }
            // Bold as a run property (a `w:b` in the paragraph's own properties marks only the
            // paragraph mark, and is read before any run is open).
            "b" => {
                if let Some(run) = state.runs.last_mut() {
                    run.bold = !matches!(val().as_deref(), Some("0" | "false" | "off"));
                }
            }
            "rStyle" => {
                if let Some(run) = state.runs.last_mut()
                    && val().is_some_and(|id| id.eq_ignore_ascii_case("strong"))
                {
                    run.bold = true;
                }
            }
            "t" => state.in_text = is_start,
            // A tab stop definition (w:tabs/w:tab) is not in a run.
            "tab" | "ptab" | "br" | "cr" if !state.runs.is_empty() => state.push_text(" "),
            "noBreakHyphen" => state.push_text("-"),
            "sym" => {
                let font = attr(e, "font").unwrap_or_default().to_ascii_lowercase();
                if !font.contains("symbol")
                    && !font.contains("wingdings")
                    && let Some(c) = attr(e, "char")
                        .and_then(|c| u32::from_str_radix(&c, 16).ok())
                        .and_then(char::from_u32)
                        .filter(|&c| !is_private_use(c))
                {
                    state.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            "fldChar" => match attr(e, "fldCharType").as_deref() {
                Some("begin") => state.fields.push(Field {
                    result: false,
                    hidden: false,
                }),
                Some("separate") => {
                    if let Some(field) = state.fields.last_mut() {
                        field.result = true;
                    }
                }
                Some("end") => {
                    state.fields.pop();
                }
                _ => {}
            },
            "instrText" if is_start => {
                let instruction = read_text(reader)?;
                if hidden_field(&instruction)
                    && let Some(field) = state.fields.last_mut()
                {
                    field.hidden = true;
                }
            }
            "fldSimple" if is_start && attr(e, "instr").is_some_and(|i| hidden_field(&i)) => {
                reader.skip()?;
            }
            // Deleted text, old formatting, field codes, phonetic guides: not seen by a reader.
            "del" | "moveFrom" => {
                self.changes.deletions += 1;
                state.mark_changed(&mut self.changes, false);
                if is_start {
                    reader.skip()?;
                }
            }
            "ins" | "moveTo" => {
                self.changes.insertions += 1;
                state.mark_changed(&mut self.changes, is_start);
            }
            "delText" | "delInstrText" | "instrText" | "rPrChange" | "pPrChange"
            | "sectPrChange" | "tblPrChange" | "trPrChange" | "tcPrChange" | "tblGridChange"
            | "numberingChange" | "rt"
                if is_start =>
            {
                reader.skip()?;
            }
            // Separators are the rule line Word draws above the notes, not text.
            "footnote" | "endnote"
                if is_start && attr(e, "type").is_some_and(|t| t != "normal") =>
            {
                reader.skip()?;
            }
            "sdt" if is_start => state.sdts.push(false),
            "docPartGallery" => {
                if val().is_some_and(|v| v.contains("Table of Contents"))
                    && let Some(toc) = state.sdts.last_mut()
                {
                    *toc = true;
                }
            }
            "sdtContent" if is_start && state.sdts.last() == Some(&true) => reader.skip()?,
            "commentRangeStart" | "commentRangeEnd" | "commentReference" if state.body => {
                if let Some(id) = attr(e, "id") {
                    // Between paragraphs, a range starts in the next one and ends in the last.
                    let here = state.paras.last().map(|p| p.number);
                    let anchors = &mut self.comment_anchors;
                    match local(name) {
                        "commentRangeStart" => {
                            let at = here.unwrap_or(state.paragraphs + 1);
                            anchors.insert(id, (at, at));
                        }
                        "commentRangeEnd" => {
                            let at = here.unwrap_or(state.paragraphs).max(1);
                            anchors.entry(id).or_insert((at, at)).1 = at;
                        }
                        _ => {
                            let at = here.unwrap_or(state.paragraphs).max(1);
                            anchors.entry(id).or_insert((at, at));
                        }
                    }
                }
            }
            "headerReference" | "footerReference" => {
                if let Some(id) = attr(e, "id") {
                    self.section_refs.push(id);
                }
            }
            "tbl" if is_start => {
                let outer = state.tables.is_empty() && state.paras.is_empty();
                if outer {
                    self.builder.begin_table(None);
                }
                state.tables.push(Table {
                    outer,
                    rows: 0,
                    first_row_header: true,
                    row: Row::default(),
                });
            }
            "tblLook" => {
                let first = match attr(e, "firstRow") {
                    Some(v) => !matches!(v.as_str(), "0" | "false" | "off"),
                    None => val()
                        .and_then(|v| u32::from_str_radix(&v, 16).ok())
                        .is_none_or(|bits| bits & 0x0020 != 0),
                };
                if let Some(table) = state.tables.last_mut() {
                    table.first_row_header = first;
                }
            }
            "tr" if is_start => {
                let Some(table) = state.tables.last_mut() else {
                    return Ok(());
                };
                table.rows += 1;
                table.row = Row::default();
                let (outer, rows) = (table.outer, table.rows);
                if outer {
                    self.builder.begin_row();
                } else if rows > 1 {
                    self.builder_joiner(state, WORD_FLATTENING.row);
                }
            }
            "tblHeader" => {
                if !matches!(val().as_deref(), Some("0" | "false" | "off"))
                    && let Some(table) = state.tables.last_mut()
                {
                    table.row.header = true;
                }
            }
            "gridBefore" | "gridAfter" | "gridSpan" => {
                let n = val()
                    .and_then(|v| v.parse::<u32>().ok())
                    .unwrap_or(1)
                    .min(MAX_SPAN);
                if let Some(table) = state.tables.last_mut() {
                    match local(name) {
                        "gridBefore" => table.row.grid_before = n,
                        "gridAfter" => table.row.grid_after = n,
                        _ => table.row.span = n,
                    }
                }
            }
            "tc" if is_start => {
                let Some(table) = state.tables.last_mut() else {
                    return Ok(());
                };
                let (outer, cells) = (table.outer, table.row.cells);
                if outer {
                    if cells == 0 {
                        let before = table.row.grid_before;
                        table.row.cells += before;
                        self.empty_cells(before);
                    }
                    self.builder.begin_cell();
                } else if cells > 0 {
                    self.builder_joiner(state, WORD_FLATTENING.cell);
                }
                if let Some(table) = state.tables.last_mut() {
                    table.row.span = 1;
                    table.row.cells += 1;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str, state: &mut PartState) {
        if prefix(name) != state.w {
            return;
        }
        match local(name) {
            "p" => {
                if let Some(para) = state.paras.pop() {
                    self.emit(para, state);
                }
            }
            "r" => {
                state.runs.pop();
            }
            "t" => state.in_text = false,
            "ins" | "moveTo" => {
                if let Some(para) = state.paras.last_mut()
                    && para.change_open
                {
                    para.change_open = false;
                    if let Some((_, end)) = &mut para.change {
                        *end = para.text.len();
                    }
                }
            }
            "sdt" => {
                state.sdts.pop();
            }
            "tc" => {
                if let Some(table) = state.tables.last_mut()
                    && table.outer
                {
                    self.builder.end_cell();
                    let covered = table.row.grid.after_cell(table.row.span);
                    table.row.cells += covered;
                    self.empty_cells(covered);
                }
            }
            "tr" => {
                if let Some(table) = state.tables.last_mut()
                    && table.outer
                {
                    self.empty_cells(table.row.grid_after);
                    let header = table.row.header || (table.rows == 1 && table.first_row_header);
                    self.builder.end_row(header);
                }
            }
            "tbl" => {
                if let Some(table) = state.tables.pop()
                    && table.outer
                {
                    self.builder.end_table(None);
                }
            }
            _ => {}
        }
    }

    /// Empty cells for grid columns with no cell of their own.
    fn empty_cells(&mut self, count: u32) {
        for _ in 0..count {
            self.builder.begin_cell();
            self.builder.end_cell();
        }
    }

    /// A joiner inside the outermost table's current cell (between nested rows and cells).
    fn builder_joiner(&mut self, state: &PartState, joiner: &str) {
        if state.tables.first().is_some_and(|t| t.outer) {
            self.builder.push_joiner(joiner);
        }
    }

    /// Write a finished paragraph: into the open table cell, or as a block of its own.
    fn emit(&mut self, para: Para, state: &mut PartState) {
        let definitions = self.definitions;
        let styles = &definitions.styles;
        let style = styles.effective(para.style.as_deref());
        let heading = match para.outline {
            Some(outline) => (outline < 9).then_some(outline + 1),
            None => style.and_then(|s| styles.heading_level(s)),
        };
        let inherited = style.map(|s| styles.numbering(s)).unwrap_or_default();
        let num_id = para.num_id.clone().or(inherited.num_id);
        let ilvl = para.ilvl.or(inherited.ilvl).unwrap_or(0);
        let label = num_id.and_then(|id| state.counters.next(&definitions.numbering, &id, ilvl));
        let text = collapse_whitespace(&para.text);
        if state.furniture && !text.is_empty() && !self.seen_furniture.insert(text.clone()) {
            return;
        }
        let origin = Origin::Paragraph {
            part: state.part,
            paragraph: para.number,
        };
        let start = self.builder.offset();
        if state.tables.first().is_some_and(|t| t.outer) {
            self.builder.push_joiner(WORD_FLATTENING.paragraph);
            self.builder.push(&text, origin, 0, false);
        } else {
            self.builder.begin_block();
            self.builder.push(&text, origin, 0, false);
            // The number shown, else one typed at the start (also after a bullet).
            let clause = match &label {
                Some(Label {
                    text: shown,
                    bullet: false,
                }) => clause_of(shown).or_else(|| literal_clause(&text)),
                _ => literal_clause(&text),
            };
            let kind = match (heading, label) {
                (Some(level), _) => BlockKind::Heading { level },
                (None, Some(label)) => BlockKind::ListItem {
                    label: label.text,
                    depth: ilvl,
                },
                // Wholly bold and reading as a title: a heading typed without a heading style,
                // as the same bold line is in a PDF.
                (None, None)
                    if para.bold && !para.plain && !state.furniture && is_title_line(&text) =>
                {
                    BlockKind::Heading {
                        level: TITLE_LINE_LEVEL,
                    }
                }
                (None, None) => BlockKind::Paragraph,
            };
            self.builder.end_block(kind, clause);
        }
        let end = self.builder.offset();
        let changes = &mut self.changes;
        if (para.change.is_some() || changes.pending) && changes.first.is_none() {
            if end > start {
                // The paragraph's text is the last `text.len()` bytes written.
                let text_start = end - text.len().min(end - start);
                let (from, to) = match para.change {
                    Some((from, to)) => change_range(&para.text, &text, from, to),
                    None => (0, text.len()),
                };
                changes.first = Some(Span::new(text_start + from, text_start + to));
                changes.pending = false;
            } else {
                changes.pending = true;
            }
        }
    }
}

impl PartState {
    /// Text is visible unless it is in a hidden run, a field instruction or a table of contents.
    fn visible(&self) -> bool {
        self.runs.last().is_none_or(|run| !run.hidden)
            && self.fields.iter().all(|f| f.result && !f.hidden)
    }

    fn push_text(&mut self, text: &str) {
        let bold = self.runs.last().is_some_and(|run| run.bold);
        if self.visible()
            && let Some(para) = self.paras.last_mut()
        {
            para.text.push_str(text);
            if !text.trim().is_empty() {
                if bold {
                    para.bold = true;
                } else {
                    para.plain = true;
                }
            }
        }
    }

    /// Note a tracked change at the current end of the open paragraph's text. `open`: an
    /// insertion whose end is not read yet.
    fn mark_changed(&mut self, changes: &mut Changes, open: bool) {
        match self.paras.last_mut() {
            Some(para) if para.change.is_none() => {
                let at = para.text.len();
                para.change = Some((at, at));
                para.change_open = open;
            }
            Some(_) => {}
            None => changes.pending = true,
        }
    }
}

/// The prefixes the root element binds to the WordprocessingML and markup-compatibility
/// namespaces ("w" and "mc" in every producer we know, but not required to be).
fn namespaces(root: &BytesStart<'_>, state: &mut PartState) {
    for attribute in root.attributes().with_checks(false).flatten() {
        let key = attribute.key.0;
        let bound = if key == "xmlns" {
            ""
        } else if let Some(p) = key.strip_prefix("xmlns:") {
            p
        } else {
            continue;
        };
        let value = attribute.value.as_ref();
        if MAIN_NAMESPACES.contains(&value) {
            state.w = bound.to_string();
        } else if value == COMPATIBILITY_NAMESPACE {
            state.mc = bound.to_string();
        }
    }
}

/// The text content of the element whose start was just read (for field instructions).
fn read_text(reader: &mut XmlReader<'_>) -> Result<String, ReadError> {
    let target = reader.depth().saturating_sub(1);
    let mut text = String::new();
    loop {
        match reader.next()? {
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::End(_) if reader.depth() <= target => return Ok(text),
            Event::Eof => return Ok(text),
            _ => {}
        }
    }
}

/// Fields whose displayed result is left out: tables of contents and page numbers.
fn hidden_field(instruction: &str) -> bool {
    let name = instruction.split_whitespace().next().unwrap_or("");
    ["TOC", "PAGE", "NUMPAGES", "SECTIONPAGES"]
        .iter()
        .any(|hidden| name.eq_ignore_ascii_case(hidden))
}

/// Runs of whitespace (tabs, breaks, doubled spaces) become one space; ends are trimmed.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A change at bytes `from..to` of a paragraph's raw text, as a range of its collapsed text.
/// A deletion (an empty range) points at the word after it, or the last word at the end.
fn change_range(raw: &str, collapsed: &str, from: usize, to: usize) -> (usize, usize) {
    let position = |at: usize| -> usize {
        let before = raw.get(..at).unwrap_or(raw);
        let mut n = collapse_whitespace(before).len();
        if n > 0 && before.ends_with(char::is_whitespace) {
            n += 1;
        }
        n.min(collapsed.len())
    };
    let (mut from, mut to) = (position(from), position(to));
    if to <= from {
        let rest = &collapsed[from..];
        let word = rest.split_whitespace().next().unwrap_or("");
        if word.is_empty() {
            let last = collapsed.trim_end().rsplit(' ').next().unwrap_or("");
            from = collapsed.trim_end().len() - last.len();
            to = from + last.len();
        } else {
            from += rest.len() - rest.trim_start().len();
            to = from + word.len();
        }
    }
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::{change_range, collapse_whitespace};

    #[test]
    fn whitespace_is_collapsed() {
        assert_eq!(collapse_whitespace(" a \t b  c "), "a b c");
    }

    #[test]
    fn a_change_maps_to_the_collapsed_text() {
        let raw = "Paid  within\t30 days.";
        let text = collapse_whitespace(raw);
        let at = raw.find("30").expect("at");
        let (from, to) = change_range(raw, &text, at, raw.len());
        assert_eq!(&text[from..to], "30 days.");
        // A deletion points at the next word, or the last one at the end.
        let (from, to) = change_range(raw, &text, at, at);
        assert_eq!(&text[from..to], "30");
        let (from, to) = change_range(raw, &text, raw.len(), raw.len());
        assert_eq!(&text[from..to], "days.");
    }
}
