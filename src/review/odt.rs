//! OpenDocument annotations in a copy of an ODT.
//!
//! Each note's paragraph is found where the extractor counted it
//! ([`crate::extract::odt::body_paragraphs`]), its words are found in the paragraph's text, and
//! an `office:annotation` is put before them with an `office:annotation-end` after them (ODF
//! 1.2 §14.1): both may sit anywhere in a paragraph's text, so nothing is split.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::anchor::Folded;
use super::parts::{Body, damaged, decode, rewrite};
use super::{Author, Edits, Note, ReviewError, escape};
use crate::document::Document;
use crate::extract::package::Package;

const DC_NAMESPACE: &str = "http://purl.org/dc/elements/1.1/";

pub fn review(
    bytes: &[u8],
    document: &Document,
    notes: &[Note],
    author: &Author,
) -> Result<Vec<u8>, ReviewError> {
    if notes.is_empty() {
        return rewrite(bytes, HashMap::new());
    }
    let mut package = Package::open(bytes)?;
    let paragraphs = crate::extract::odt::body_paragraphs(&mut package)?;
    let xml = package
        .read_text("content.xml")?
        .ok_or_else(|| damaged("content.xml cannot be read again".into()))?;
    let root = root_tag(&xml).ok_or_else(|| damaged("content.xml has no root element".into()))?;
    for prefix in ["office", "text"] {
        if !xml[root.0..root.1].contains(&format!("xmlns:{prefix}=")) {
            return Err(ReviewError::Cannot(format!(
                "content.xml names its elements without the usual `{prefix}:` prefix, which \
                 tenderlint does not write into"
            )));
        }
    }
    let body = Body::new(document, "content", &paragraphs, xml.len());
    let first = body.first();

    let mut edits = Edits::default();
    if !xml[root.0..root.1].contains("xmlns:dc=") {
        edits.insert(root.1 - 1, format!(r#" xmlns:dc="{DC_NAMESPACE}""#));
    }
    for (n, note) in notes.iter().enumerate() {
        let in_body = body.paragraph(note.span.start);
        let Some(tag) = in_body.or(first) else {
            continue;
        };
        let paragraph = scan(&xml, tag)?;
        let near = body.near(note.span.start);
        let name = format!("tenderlint-{}", n + 1);
        let found = if in_body.is_some() {
            paragraph.folded.find(&note.words, near)
        } else {
            None
        };
        let (from, to) = found.unwrap_or((paragraph.start, paragraph.end));
        edits.insert(from, annotation(&name, note, author));
        edits.insert(
            to,
            format!(r#"<office:annotation-end office:name="{name}"/>"#),
        );
    }
    let mut replaced = HashMap::new();
    replaced.insert("content.xml".to_string(), edits.apply(&xml));
    rewrite(bytes, replaced)
}

fn annotation(name: &str, note: &Note, author: &Author) -> String {
    let mut out = format!(
        r#"<office:annotation office:name="{name}"><dc:creator>{}</dc:creator><dc:date>{}</dc:date>"#,
        escape(&author.name),
        escape(author.date.trim_end_matches('Z'))
    );
    for paragraph in &note.paragraphs {
        out.push_str(&format!("<text:p>{}</text:p>", escape(paragraph)));
    }
    out.push_str("</office:annotation>");
    out
}

/// The byte range of the document's root start tag.
fn root_tag(xml: &str) -> Option<(usize, usize)> {
    let mut at = 0;
    loop {
        let start = at + xml[at..].find('<')?;
        let rest = &xml[start + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            at = start + 1;
            continue;
        }
        let end = start + xml[start..].find('>')? + 1;
        return Some((start, end));
    }
}

/// A paragraph's text with its byte positions, and where its content starts and ends.
struct Paragraph {
    start: usize,
    end: usize,
    folded: Folded,
}

/// Read the paragraph whose start tag ends at byte `tag`.
fn scan(xml: &str, tag: usize) -> Result<Paragraph, ReviewError> {
    let mut paragraph = Paragraph {
        start: tag,
        end: tag,
        folded: Folded::default(),
    };
    if xml[..tag].ends_with("/>") {
        return Ok(paragraph);
    }
    let mut reader = Reader::from_str(&xml[tag..]);
    reader.config_mut().check_end_names = false;
    reader.config_mut().allow_unmatched_ends = true;
    let bad = |e: quick_xml::Error| damaged(format!("a paragraph cannot be read again ({e})"));
    let position = |reader: &Reader<&[u8]>| tag + reader.buffer_position() as usize;
    let mut depth = 1usize;
    loop {
        let before = position(&reader);
        match reader.read_event().map_err(bad)? {
            Event::Start(e) => {
                let name = e.name();
                match name.as_ref() {
                    // Not the paragraph's own text (the extractor leaves these out, or reads
                    // them as paragraphs of their own).
                    "office:annotation"
                    | "text:note"
                    | "text:number"
                    | "text:ruby-text"
                    | "draw:frame"
                    | "draw:custom-shape"
                    | "svg:title"
                    | "svg:desc"
                    | "text:page-number"
                    | "text:page-count"
                    | "text:tracked-changes" => {
                        reader.read_to_end(name).map_err(bad)?;
                    }
                    _ => depth += 1,
                }
            }
            Event::Empty(e) => match e.name().as_ref() {
                "text:s" => {
                    let count = e
                        .try_get_attribute("text:c")
                        .ok()
                        .flatten()
                        .and_then(|a| a.value.parse::<usize>().ok())
                        .unwrap_or(1)
                        .min(64);
                    for _ in 0..count {
                        paragraph.folded.push(' ', before, before);
                    }
                }
                "text:tab" | "text:line-break" => paragraph.folded.push(' ', before, before),
                _ => {}
            },
            Event::Text(_) | Event::GeneralRef(_) => {
                decode(xml, (before, position(&reader)), &mut paragraph.folded);
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    paragraph.end = before;
                    break;
                }
            }
            Event::Eof => {
                paragraph.end = position(&reader);
                break;
            }
            _ => {}
        }
    }
    Ok(paragraph)
}
