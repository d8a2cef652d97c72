//! The stories besides the body: footnotes and endnotes (in content.xml, in the order they are
//! cited) and the headers and footers of the master pages (in styles.xml), each read by a
//! [`Walker`] of its own.
//!
//! To read another page region: add its element to `each_page_region`.

use std::collections::HashSet;
use std::path::PathBuf;

use quick_xml::events::Event;

use super::add_part;
use super::names::Names;
use super::styles::StylePart;
use super::walker::{Walker, is_hidden, is_index};
use crate::document::{Builder, Format};
use crate::extract::ReadError;
use crate::extract::xml::{XmlReader, attr, local, prefix};

/// Call `walk` for each note body in content.xml, in document order.
pub(super) fn each_note_body(
    xml: &str,
    names: &Names,
    mut walk: impl FnMut(&mut XmlReader<'_>) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let mut reader = XmlReader::new(xml, "content.xml");
    loop {
        match reader.next()? {
            Event::Start(e) => {
                let name = names.qname(e.name().0);
                match name.as_ref() {
                    "text:note-body" => walk(&mut reader)?,
                    "office:automatic-styles"
                    | "office:font-face-decls"
                    | "office:scripts"
                    | "office:annotation"
                    | "text:tracked-changes"
                    | "text:note-citation" => reader.skip()?,
                    other if is_index(other) || is_hidden(other, &e) => reader.skip()?,
                    _ => {}
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Call `walk` for each header and footer of the master pages, with `true` for footers.
fn each_page_region(
    xml: &str,
    names: &Names,
    mut walk: impl FnMut(&mut XmlReader<'_>, bool) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let mut reader = XmlReader::new(xml, "styles.xml");
    loop {
        match reader.next()? {
            Event::Start(e) => {
                if reader.depth() == 1 {
                    continue;
                }
                let name = names.qname(e.name().0);
                let footer = match (prefix(&name), local(&name)) {
                    ("office", "master-styles") | ("style", "master-page") => continue,
                    ("style" | "loext", "header" | "header-left" | "header-first") => false,
                    ("style" | "loext", "footer" | "footer-left" | "footer-first") => true,
                    _ => {
                        reader.skip()?;
                        continue;
                    }
                };
                if attr(&e, "display").as_deref() == Some("false") {
                    reader.skip()?;
                } else {
                    walk(&mut reader, footer)?;
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Write the headers, then the footers, of the master pages: each distinct text once (the same
/// footer on every page style is one footer to a reader).
pub(super) fn write_page_regions(
    builder: &mut Builder,
    xml: &str,
    styles: &StylePart,
) -> Result<(), ReadError> {
    // First pass: the text of each region, written to a scratch document.
    let mut texts: Vec<(bool, String)> = Vec::new();
    each_page_region(xml, &styles.names, |reader, footer| {
        let mut scratch = Builder::new(PathBuf::new(), Format::Odt);
        Walker::new(&mut scratch, &styles.pages, &styles.names, 0).walk(reader)?;
        texts.push((footer, scratch.finish().text));
        Ok(())
    })?;
    let mut seen = HashSet::new();
    let keep: Vec<bool> = texts
        .iter()
        .map(|(footer, text)| !text.trim().is_empty() && seen.insert((*footer, text.clone())))
        .collect();
    for footer in [false, true] {
        if !texts
            .iter()
            .zip(&keep)
            .any(|((f, _), &k)| k && *f == footer)
        {
            continue;
        }
        let part = add_part(builder, if footer { "footer" } else { "header" });
        let mut paragraph = 0;
        let mut index = 0;
        each_page_region(xml, &styles.names, |reader, is_footer| {
            let wanted = keep.get(index).copied().unwrap_or(false) && is_footer == footer;
            index += 1;
            if !wanted {
                return reader.skip();
            }
            let mut walker = Walker::new(builder, &styles.pages, &styles.names, part);
            walker.paragraph = paragraph;
            walker.walk(reader)?;
            paragraph = walker.paragraph;
            Ok(())
        })?;
    }
    Ok(())
}
