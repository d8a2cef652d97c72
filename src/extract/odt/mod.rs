//! OpenDocument text (.odt, also .ott and .odm): the package's XML to a [`Document`].
//!
//! An ODT is a ZIP whose `content.xml` holds the text (`office:text`) and the automatic styles
//! the text uses, and whose `styles.xml` holds the named styles, the list styles, the outline
//! numbering and the master pages with their headers and footers. Both are read with the
//! streaming `XmlReader` (`xml.rs`), which bounds nesting depth and never expands entities.
//! Nothing here recurses over the document: nesting lives in explicit stacks, so a deeply nested file ends in
//! the reader's depth limit, never in a stack overflow. A password-protected file is refused
//! from its manifest (`manifest:encryption-data`) before anything else is read.
//!
//! The model, one file each:
//! - `styles.rs`, `StyleSheet`: what the text needs from styles. For each paragraph style: its
//!   parent, list style and outline level, so a `text:p` in a "Title", "Subtitle" or "Heading 2"
//!   style (or a style derived from one) is a heading. The list styles: per level a number format
//!   ("1", "a", "A", "i", "I"), prefix, suffix, levels shown and start value, or a bullet
//!   character. The outline style that numbers headings. The body sees the common styles plus
//!   content.xml's automatic styles; headers and footers see the common styles plus styles.xml's.
//! - `walker/`, `Walker`: one pass over a story (the body, a note body, a header) that writes
//!   blocks to the [`Builder`]. Its state is explicit stacks: open lists and list items, with
//!   numbering counters per list (`walker/lists.rs`: nested lists share their list's counters;
//!   `text:continue-numbering` and `text:continue-list` pick up an earlier list's), the open
//!   table (`walker/tables.rs`: rows are buffered, so a repeated row or cell is written a bounded
//!   number of times), and the block being written as `Runs` (`runs.rs`) of text, each with the
//!   paragraph it came from.
//! - `stories.rs`: the note bodies, headers and footers, each walked on its own; `names.rs`: the
//!   namespace prefixes a file declares, mapped to the usual ones.
//!
//! What becomes text, in this order:
//! 1. the body (part `content`): headings, paragraphs, list items with the label a reader sees
//!    ("2.1.", "(b)", "•"; a cached `text:number` wins) and tables (header rows from
//!    `table:table-header-rows`; a cell spanning columns is padded with empty cells so cells
//!    follow grid columns; nested tables are flattened into their cell, cells joined with ", "
//!    and rows with "; "). A text box anchored in a paragraph becomes paragraphs of its own after
//!    that paragraph.
//! 2. footnotes and endnotes (part `notes`), in the order they are cited;
//! 3. headers, then footers, of the master pages (parts `header`, `footer`), each distinct text
//!    once.
//!
//! Clause numbers (the office model's `clause`, shared with DOCX): a numbered item's is its label
//! without the punctuation that ends it ("3." → "3", "b)" → "b", "(b)" stays). When a nested
//! decimal level shows only its own number ("1." under "2."), the clause is "2.1", as the
//! Markdown reader numbers nested lists and as a contract cites it. A numbered heading has its
//! outline number; paragraphs, bullets and tables take the clause of the item or numbered
//! heading they sit under.
//!
//! Left out: comments (`office:annotation`), deleted text (kept in `text:tracked-changes`; the
//! inserted text is already in the body, so the text reads as if every change were accepted,
//! and a [`Notice`](crate::document::Notice) says so), tables of contents and other generated
//! indexes (they repeat the headings), note citations, page number fields (the number the page had when saved), image
//! titles and descriptions, hidden sections. White space follows ODF: runs of XML white space
//! are one space, `text:s` gives its count of spaces, `text:tab` a tab, a line break a space.
//!
//! Locations are [`Origin::Paragraph`](crate::document::Origin::Paragraph): the part and the 1-based number of the paragraph in it,
//! counting every `text:p` and `text:h` in document order (table cells, text boxes and skipped
//! indexes included, deleted text and comments not), so the numbers match what a reader counts.
//!
//! To read another element: add an arm to `Walker::start` (and to `Walker::end` if it opens a
//! `Frame`); an element without an arm is walked through for its text.

mod names;
mod runs;
mod stories;
mod styles;
mod walker;

use std::path::PathBuf;

use quick_xml::events::Event;

use self::names::{Names, each_element};
use self::stories::{each_note_body, write_page_regions};
use self::styles::{StylePart, read_styles};
use self::walker::Walker;
use super::ReadError;
use super::package::Package;
use super::xml::{XmlReader, local};
use crate::document::{BlockKind, Builder, Document, Format, Span};

/// Levels a list style or the outline numbering can define.
const LEVELS: usize = 10;

/// Read an OpenDocument text from its package.
pub fn extract(path: PathBuf, package: &mut Package<'_>) -> Result<Document, ReadError> {
    read(path, package).map(|(document, _)| document)
}

/// Where the body's paragraphs start in `content.xml`: the byte offset just past each
/// paragraph's start tag, by the paragraph number locations use (index 0 is paragraph 1;
/// `usize::MAX` for one with no place of its own). A reviewed copy anchors its annotations
/// here, so that it and the extractor count paragraphs one way.
pub fn body_paragraphs(package: &mut Package<'_>) -> Result<Vec<usize>, ReadError> {
    read(PathBuf::new(), package).map(|(_, tags)| tags)
}

fn read(path: PathBuf, package: &mut Package<'_>) -> Result<(Document, Vec<usize>), ReadError> {
    if is_encrypted(package)? {
        return Err(ReadError::Encrypted {
            format: "OpenDocument file",
        });
    }
    let content = package.read_text("content.xml")?.ok_or_else(|| {
        ReadError::Damaged(
            "the OpenDocument file has no content.xml, the part with its text".into(),
        )
    })?;
    let styles_xml = package.read_text("styles.xml")?.unwrap_or_default();
    let styles = StylePart::read(&styles_xml)?;

    let mut builder = Builder::new(path, Format::Odt);
    builder.source_map_mut().parts.push("content".into());

    // 1. The body.
    let mut body_sheet = styles.common.clone();
    let mut names = Names::default();
    let mut reader = XmlReader::new(&content, "content.xml");
    let mut body = None;
    let mut tags = Vec::new();
    each_element(&mut reader, &mut names, |name, reader, names| {
        match name {
            "office:automatic-styles" => read_styles(reader, names, &mut body_sheet)?,
            "office:body" => {}
            "office:text" if body.is_none() => {
                let mut walker = Walker::new(&mut builder, &body_sheet, names, 0);
                walker.walk(reader)?;
                body = Some(walker.summary());
                tags = std::mem::take(&mut walker.paragraph_tags);
            }
            _ => reader.skip()?,
        }
        Ok(())
    })?;
    if reader.depth() != 0 {
        return Err(ReadError::Damaged(
            "content.xml ends before its elements are closed; the file may be truncated".into(),
        ));
    }
    let Some(body) = body else {
        return Err(ReadError::Damaged(
            "content.xml has no text body (office:text); it may be another kind of OpenDocument file"
                .into(),
        ));
    };

    // 2. Footnotes and endnotes.
    if content.contains("note-body") {
        let part = add_part(&mut builder, "notes");
        let mut walker = Walker::new(&mut builder, &body_sheet, &names, part);
        each_note_body(&content, &names, |reader| walker.walk(reader))?;
    }

    // 3. Headers and footers, each distinct text once.
    if !styles_xml.is_empty() {
        write_page_regions(&mut builder, &styles_xml, &styles)?;
    }

    let mut document = builder.finish();
    if body.insertions + body.deletions > 0 {
        let span = change_span(&document, body.first_change);
        document.notices.push(super::tracked_changes_notice(
            body.insertions,
            body.deletions,
            Some(span),
        ));
    }
    if document.text.trim().is_empty() {
        let images = match body.images {
            0 => String::new(),
            1 => " (it has an image; tenderlint does not read text in images)".into(),
            n => format!(" (it has {n} images; tenderlint does not read text in images)"),
        };
        document.warnings.push(format!(
            "the document has no text in its body, notes, headers or footers{images}"
        ));
    }
    Ok((document, tags))
}

/// A document saved with a password keeps its parts encrypted and says so in the manifest.
fn is_encrypted(package: &mut Package<'_>) -> Result<bool, ReadError> {
    let manifest = match package.read_text("META-INF/manifest.xml") {
        Ok(Some(manifest)) => manifest,
        Ok(None) | Err(ReadError::Damaged(_)) => return Ok(false),
        Err(error) => return Err(error),
    };
    let mut reader = XmlReader::new(&manifest, "META-INF/manifest.xml");
    loop {
        match reader.next() {
            Ok(Event::Start(e) | Event::Empty(e)) if local(e.name().0) == "encryption-data" => {
                return Ok(true);
            }
            Ok(Event::Eof) => return Ok(false),
            Ok(_) => {}
            // A damaged manifest is not needed for reading; look for the element by name.
            Err(_) => return Ok(manifest.contains("encryption-data")),
        }
    }
}

fn add_part(builder: &mut Builder, name: &str) -> u16 {
    let parts = &mut builder.source_map_mut().parts;
    parts.push(name.to_string());
    (parts.len() - 1) as u16
}

/// The span a tracked-changes notice points at: the cell or block that holds the first change
/// marker, or the first block.
fn change_span(document: &Document, offset: Option<usize>) -> Span {
    if let Some(offset) = offset
        && let Some(index) = document.block_at(offset)
    {
        let block = &document.blocks[index];
        if let BlockKind::Table(table) = &block.kind
            && let Some(cell) = table
                .rows
                .iter()
                .flat_map(|row| row.cells.iter())
                .find(|cell| cell.start <= offset && offset < cell.end)
        {
            return *cell;
        }
        return block.span;
    }
    document
        .blocks
        .first()
        .map_or(Span::new(0, 0), |block| block.span)
}

#[cfg(test)]
mod tests;
