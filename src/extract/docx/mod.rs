//! Word documents (.docx, also .docm and .dotx): the package's parts to a [`Document`].
//!
//! A DOCX is a ZIP of XML parts linked by relationships. The package relationships
//! (`_rels/.rels`) name the main document part; its own relationships name the styles,
//! numbering, footnotes, endnotes, headers and footers. The parts are read with quick-xml's
//! streaming reader (see `body.rs`) and written to one [`Builder`] in this order:
//! 1. the body, with paragraph numbers counted from 1 in document order (table cells included),
//! 2. footnotes, then endnotes (each its own part in locations: "footnotes, paragraph 2"),
//! 3. headers and footers in the order the sections refer to them, each distinct paragraph once.
//!
//! Comments live in their own part and are never read, so their text cannot reach the rules.
//! Unaccepted tracked changes give a [`Notice`](crate::document::Notice) (`unaccepted-tracked-changes`).
//!
//! docx-rs was measured for reading and is not used here (see the DOCX section of README); it
//! writes the test fixtures instead.

mod body;
mod comments;
mod numbering;
mod styles;

use std::path::PathBuf;

use quick_xml::events::Event;

use self::body::{Definitions, StoryReader};
use self::numbering::Numbering;
use self::styles::Styles;
use super::ReadError;
use super::package::Package;
use super::xml::{XmlReader, attr, local};
use crate::document::{Builder, Document, Format};

/// A relationship from one part to another.
struct Relationship {
    id: String,
    /// The last segment of the relationship type URI: "styles", "footnotes", "header", …
    kind: String,
    /// The target part's name inside the package, resolved against the source part's folder.
    target: String,
}

pub fn extract(path: PathBuf, package: &mut Package<'_>) -> Result<Document, ReadError> {
    read(path, package).map(|read| read.document)
}

/// The main document part of a Word package and where its paragraphs start: the byte offset
/// just past each paragraph's start tag, by the paragraph number locations use (index 0 is
/// paragraph 1; `usize::MAX` for a number with no tag of its own). A reviewed copy anchors its
/// comments here, so that it and the extractor count paragraphs one way.
pub fn body_paragraphs(package: &mut Package<'_>) -> Result<(String, Vec<usize>), ReadError> {
    let read = read(PathBuf::new(), package)?;
    let paragraphs = read
        .paragraph_tags
        .into_iter()
        .find(|(label, _)| label == "document")
        .map(|(_, tags)| tags)
        .unwrap_or_default();
    Ok((read.main, paragraphs))
}

struct Read {
    document: Document,
    main: String,
    paragraph_tags: Vec<(String, Vec<usize>)>,
}

fn read(path: PathBuf, package: &mut Package<'_>) -> Result<Read, ReadError> {
    let main = main_part(package)?;
    let xml = package.read_text(&main)?.ok_or_else(|| {
        ReadError::Damaged(format!(
            "the Word package has no main document part ({main})"
        ))
    })?;
    let relationships = relationships(package, &main)?;
    let part_of = |kind: &str| {
        relationships
            .iter()
            .find(|r| r.kind == kind)
            .map(|r| r.target.clone())
    };
    let styles = match part_of("styles") {
        Some(name) => match package.read_text(&name)? {
            Some(xml) => Styles::parse(&xml)?,
            None => Styles::default(),
        },
        None => Styles::default(),
    };
    let numbering = match part_of("numbering") {
        Some(name) => match package.read_text(&name)? {
            Some(xml) => Numbering::parse(&xml)?,
            None => Numbering::default(),
        },
        None => Numbering::default(),
    };
    let definitions = Definitions { styles, numbering };

    let mut builder = Builder::new(path, Format::Docx);
    let mut reader = StoryReader::new(&mut builder, &definitions);
    reader.read(&xml, &main, "document")?;
    for (kind, label) in [("footnotes", "footnotes"), ("endnotes", "endnotes")] {
        if let Some(name) = part_of(kind)
            && let Some(xml) = package.read_text(&name)?
        {
            reader.read(&xml, &name, label)?;
        }
    }
    // Headers and footers in the order sections use them; any never referenced come last.
    let mut furniture: Vec<&Relationship> = Vec::new();
    for id in &reader.section_refs {
        if let Some(r) = relationships.iter().find(|r| &r.id == id)
            && !furniture.iter().any(|f| f.target == r.target)
        {
            furniture.push(r);
        }
    }
    for r in &relationships {
        if matches!(r.kind.as_str(), "header" | "footer")
            && !furniture.iter().any(|f| f.target == r.target)
        {
            furniture.push(r);
        }
    }
    for r in furniture {
        if !matches!(r.kind.as_str(), "header" | "footer") {
            continue;
        }
        if let Some(xml) = package.read_text(&r.target)? {
            reader.read(&xml, &r.target, &r.kind)?;
        }
    }
    let changes = std::mem::take(&mut reader.changes);
    let paragraph_tags = std::mem::take(&mut reader.paragraph_tags);
    let anchors = std::mem::take(&mut reader.comment_anchors);
    if changes.insertions + changes.deletions > 0 {
        builder.notice(super::tracked_changes_notice(
            changes.insertions,
            changes.deletions,
            changes.first,
        ));
    }
    let mut document = with_empty_warning(builder.finish());
    if let Some(name) = part_of("comments")
        && let Some(xml) = package.read_text(&name)?
    {
        let extended = match part_of("commentsExtended") {
            Some(name) => package.read_text(&name)?,
            None => None,
        };
        match comments::remarks(&document, &xml, extended.as_deref(), &anchors) {
            Ok(remarks) => document.remarks = remarks,
            Err(ReadError::Damaged(why)) => document.warnings.push(format!(
                "the comments could not be read, so none of them was: {why}"
            )),
            Err(error) => return Err(error),
        }
    }
    Ok(Read {
        document,
        main,
        paragraph_tags,
    })
}

fn with_empty_warning(mut document: Document) -> Document {
    if document.text.trim().is_empty() {
        document
            .warnings
            .push("the document has no text in its body, notes, headers or footers".into());
    }
    document
}

/// The main document part, from the package relationships (`word/document.xml` by default).
fn main_part(package: &mut Package<'_>) -> Result<String, ReadError> {
    const DEFAULT: &str = "word/document.xml";
    let Some(xml) = package.read_text("_rels/.rels")? else {
        return Ok(DEFAULT.into());
    };
    let found = parse_relationships(&xml, "_rels/.rels", "")?
        .into_iter()
        .find(|r| r.kind == "officeDocument")
        .map(|r| r.target);
    Ok(match found {
        Some(target) if package.has(&target) => target,
        _ => DEFAULT.into(),
    })
}

/// The relationships of `part` (from `folder/_rels/name.rels`).
fn relationships(package: &mut Package<'_>, part: &str) -> Result<Vec<Relationship>, ReadError> {
    let (folder, name) = part.rsplit_once('/').unwrap_or(("", part));
    let rels = if folder.is_empty() {
        format!("_rels/{name}.rels")
    } else {
        format!("{folder}/_rels/{name}.rels")
    };
    match package.read_text(&rels)? {
        Some(xml) => parse_relationships(&xml, &rels, folder),
        None => Ok(Vec::new()),
    }
}

fn parse_relationships(
    xml: &str,
    part_name: &str,
    folder: &str,
) -> Result<Vec<Relationship>, ReadError> {
    let mut reader = XmlReader::new(xml, part_name);
    let mut found = Vec::new();
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) if local(e.name().0) == "Relationship" => {
                if attr(&e, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("external")) {
                    continue;
                }
                let (Some(id), Some(kind), Some(target)) =
                    (attr(&e, "Id"), attr(&e, "Type"), attr(&e, "Target"))
                else {
                    continue;
                };
                found.push(Relationship {
                    id,
                    kind: kind.rsplit('/').next().unwrap_or("").to_string(),
                    target: resolve(folder, &target),
                });
            }
            Event::Eof => return Ok(found),
            _ => {}
        }
    }
}

/// A relationship target as a part name: absolute ("/word/x.xml") or relative to `folder`,
/// with "." and ".." segments resolved.
pub fn resolve(folder: &str, target: &str) -> String {
    let mut segments: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        folder.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

#[cfg(test)]
mod tests;
