//! Word comments in a copy of a DOCX.
//!
//! Each note's paragraph is found where the extractor counted it (the same reader records where
//! every paragraph starts: [`crate::extract::docx::body_paragraphs`]), its words are found in
//! the paragraph's runs, and the comment range is put around them. A range that starts or ends
//! inside a run splits the run in two, each half keeping the run's properties, so the comment
//! covers the words and not the whole run. The comment reference follows the range's end.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::anchor::Folded;
use super::parts::{Body, damaged, decode, insert_before_close, rewrite};
use super::{Author, Edits, Note, ReviewError, escape};
use crate::document::Document;
use crate::extract::package::Package;

const COMMENTS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const COMMENTS_RELATIONSHIP: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const MAIN_NAMESPACE: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

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
    let (main, paragraphs) = crate::extract::docx::body_paragraphs(&mut package)?;
    let xml = package
        .read_text(&main)?
        .ok_or_else(|| damaged(format!("the main part {main} cannot be read again")))?;
    let (folder, main_name) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let in_folder = |name: &str| {
        if folder.is_empty() {
            name.to_string()
        } else {
            format!("{folder}/{name}")
        }
    };
    let rels_name = in_folder(&format!("_rels/{main_name}.rels"));
    let rels = package.read_text(&rels_name)?;
    let comments_name = rels
        .as_deref()
        .and_then(comments_target)
        .map(|target| crate::extract::docx::resolve(folder, &target))
        .unwrap_or_else(|| in_folder("comments.xml"));
    let old_comments = package.read_text(&comments_name)?;
    let w = word_prefix(&xml);
    let mut next_id = max_id(&xml)
        .max(old_comments.as_deref().map_or(0, max_id))
        .saturating_add(1);

    let body = Body::new(document, "document", &paragraphs, xml.len());
    let first = body.first();

    let mut edits = Edits::default();
    let mut comments = String::new();
    for note in notes {
        let in_body = body.paragraph(note.span.start);
        let Some(tag) = in_body.or(first) else {
            continue;
        };
        let paragraph = scan(&xml, tag)?;
        let near = body.near(note.span.start);
        let id = next_id;
        next_id = next_id.saturating_add(1);
        let start_mark = format!(r#"<{w}:commentRangeStart {w}:id="{id}"/>"#);
        let end_mark = format!(
            r#"<{w}:commentRangeEnd {w}:id="{id}"/><{w}:r><{w}:commentReference {w}:id="{id}"/></{w}:r>"#
        );
        let found = if in_body.is_some() {
            paragraph.folded.find(&note.words, near)
        } else {
            None
        };
        match found.and_then(|(from, to)| paragraph.nodes_at(from, to)) {
            Some(((start_node, from), (end_node, to))) => {
                paragraph.mark(&mut edits, w, start_node, from, start_mark, true);
                paragraph.mark(&mut edits, w, end_node, to, end_mark, false);
            }
            None => {
                edits.insert(paragraph.content_start, start_mark);
                edits.insert(paragraph.end, end_mark);
            }
        }
        comments.push_str(&comment(w, id, note, author));
    }

    let document_xml = edits.apply(&xml);
    let comments_xml = match &old_comments {
        Some(old) => insert_before_close(old, "comments", &comments)
            .ok_or_else(|| damaged(format!("{comments_name} has no closing comments element")))?,
        None => format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<{w}:comments xmlns:{w}="{MAIN_NAMESPACE}">{comments}</{w}:comments>"#,
            "\r\n"
        ),
    };
    let mut replaced: HashMap<String, String> = HashMap::new();
    replaced.insert(main.clone(), document_xml);
    replaced.insert(comments_name.clone(), comments_xml);
    if old_comments.is_none() {
        let types = package
            .read_text("[Content_Types].xml")?
            .ok_or_else(|| damaged("the package has no [Content_Types].xml".into()))?;
        let override_part =
            format!(r#"<Override PartName="/{comments_name}" ContentType="{COMMENTS_TYPE}"/>"#);
        let types = if types.contains(&format!("PartName=\"/{comments_name}\"")) {
            types
        } else {
            insert_before_close(&types, "Types", &override_part)
                .ok_or_else(|| damaged("[Content_Types].xml has no closing Types".into()))?
        };
        replaced.insert("[Content_Types].xml".into(), types);
        let target = comments_name
            .strip_prefix(&format!("{folder}/"))
            .unwrap_or(&comments_name);
        let rels = rels.unwrap_or_else(|| {
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#.into()
        });
        let mut rid = "rIdTenderlint".to_string();
        while rels.contains(&format!("Id=\"{rid}\"")) {
            rid.push('1');
        }
        let relationship = format!(
            r#"<Relationship Id="{rid}" Type="{COMMENTS_RELATIONSHIP}" Target="{target}"/>"#
        );
        let rels = insert_before_close(&rels, "Relationships", &relationship)
            .ok_or_else(|| damaged(format!("{rels_name} has no closing Relationships")))?;
        replaced.insert(rels_name, rels);
    }
    rewrite(bytes, replaced)
}

/// One comment element.
fn comment(w: &str, id: u64, note: &Note, author: &Author) -> String {
    let mut out = format!(
        r#"<{w}:comment {w}:id="{id}" {w}:author="{}" {w}:date="{}" {w}:initials="{}">"#,
        escape(&author.name),
        escape(&author.date),
        escape(&author.initials)
    );
    for (i, paragraph) in note.paragraphs.iter().enumerate() {
        out.push_str(&format!("<{w}:p>"));
        if i == 0 {
            out.push_str(&format!("<{w}:r><{w}:annotationRef/></{w}:r>"));
        }
        out.push_str(&format!(
            r#"<{w}:r><{w}:t xml:space="preserve">{}</{w}:t></{w}:r></{w}:p>"#,
            escape(paragraph)
        ));
    }
    out.push_str(&format!("</{w}:comment>"));
    out
}

/// The prefix the part gives WordprocessingML's main namespace (`w` almost always).
fn word_prefix(xml: &str) -> &str {
    let head = &xml[..xml.len().min(8192)];
    if let Some(at) = head.find(&format!("=\"{MAIN_NAMESPACE}\"")) {
        let before = &head[..at];
        if let Some(start) = before.rfind("xmlns:") {
            let prefix = &before[start + 6..];
            if !prefix.is_empty() && prefix.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return prefix;
            }
        }
    }
    "w"
}

/// The largest number in any `:id="N"` attribute (comment ids share no space with others, so
/// counting bookmarks' ids too only skips some numbers).
fn max_id(xml: &str) -> u64 {
    xml.match_indices(":id=\"")
        .filter_map(|(at, m)| {
            let rest = &xml[at + m.len()..];
            let digits = rest.split('"').next()?;
            digits.parse::<u64>().ok()
        })
        .max()
        .unwrap_or(0)
}

/// The comments relationship's target, if the main part has one.
fn comments_target(rels: &str) -> Option<String> {
    let at = rels.find(COMMENTS_RELATIONSHIP)?;
    let start = rels[..at].rfind('<')?;
    let end = at + rels[at..].find('>')?;
    let element = &rels[start..end];
    let target = element.split("Target=\"").nth(1)?.split('"').next()?;
    Some(target.to_string())
}

/// A `w:t` element's place in the part.
#[derive(Debug)]
struct TextNode {
    /// The start tag, `<w:t>` or `<w:t xml:space="preserve">`.
    tag: (usize, usize),
    content: (usize, usize),
    run: usize,
    /// Its place among the run's text, tabs and breaks.
    item: usize,
}

#[derive(Debug, Default)]
struct Run {
    start: usize,
    end: usize,
    /// The run's properties element, copied into each half when the run is split.
    properties: Option<(usize, usize)>,
    items: usize,
}

/// A paragraph as the review needs it.
#[derive(Debug, Default)]
struct Paragraph<'a> {
    xml: &'a str,
    /// Past the start tag and the paragraph's properties: where paragraph content may begin.
    content_start: usize,
    /// The start of the closing tag.
    end: usize,
    folded: Folded,
    nodes: Vec<TextNode>,
    runs: Vec<Run>,
}

impl<'a> Paragraph<'a> {
    /// The text nodes holding byte `from` (a first character) and the byte before `to`.
    fn nodes_at(&self, from: usize, to: usize) -> Option<((usize, usize), (usize, usize))> {
        let holding = |at: usize, end: bool| {
            self.nodes.iter().position(|n| {
                if end {
                    n.content.0 < at && at <= n.content.1
                } else {
                    n.content.0 <= at && at < n.content.1
                }
            })
        };
        Some(((holding(from, false)?, from), (holding(to, true)?, to)))
    }

    /// Put `mark` at byte `at` of node `index`: before or after its run when `at` is the run's
    /// first or last character, else where the run is split in two.
    fn mark(&self, edits: &mut Edits, w: &str, index: usize, at: usize, mark: String, start: bool) {
        let node = &self.nodes[index];
        let run = &self.runs[node.run];
        if start && at == node.content.0 && node.item == 0 {
            edits.insert(run.start, mark);
            return;
        }
        if !start && at == node.content.1 && node.item + 1 == run.items && run.end > run.start {
            edits.insert(run.end, mark);
            return;
        }
        let properties = run
            .properties
            .map_or("", |(from, to)| self.xml.get(from..to).unwrap_or(""));
        edits.replace(
            node.tag.0,
            node.tag.1,
            format!(r#"<{w}:t xml:space="preserve">"#),
        );
        edits.insert(
            at,
            format!(r#"</{w}:t></{w}:r>{mark}<{w}:r>{properties}<{w}:t xml:space="preserve">"#),
        );
    }
}

/// Read the paragraph whose start tag ends at byte `tag`: its runs, text nodes and end.
fn scan(xml: &str, tag: usize) -> Result<Paragraph<'_>, ReviewError> {
    let mut paragraph = Paragraph {
        xml,
        content_start: tag,
        end: tag,
        ..Paragraph::default()
    };
    // An empty paragraph (`<w:p/>`) has no content and no closing tag.
    if xml[..tag].ends_with("/>") {
        return Ok(paragraph);
    }
    let mut reader = Reader::from_str(&xml[tag..]);
    reader.config_mut().check_end_names = false;
    reader.config_mut().allow_unmatched_ends = true;
    let bad = |e: quick_xml::Error| damaged(format!("a paragraph cannot be read again ({e})"));
    let position = |reader: &Reader<&[u8]>| tag + reader.buffer_position() as usize;
    let mut depth = 1usize;
    let mut run: Option<usize> = None;
    loop {
        let before = position(&reader);
        let event = reader.read_event().map_err(bad)?;
        match event {
            Event::Start(e) => {
                let name = e.name();
                let local = local(name.as_ref());
                match local {
                    // Not the paragraph's own visible text: skipped whole.
                    "txbxContent" | "Fallback" | "del" | "moveFrom" | "instrText" | "delText"
                    | "delInstrText" | "rt" | "rPrChange" | "pPrChange" => {
                        reader.read_to_end(name).map_err(bad)?;
                    }
                    "pPr" if depth == 1 => {
                        reader.read_to_end(name).map_err(bad)?;
                        paragraph.content_start = position(&reader);
                    }
                    "rPr" if run.is_some() => {
                        reader.read_to_end(name).map_err(bad)?;
                        if let Some(r) = run.and_then(|r| paragraph.runs.get_mut(r)) {
                            r.properties = Some((before, position(&reader)));
                        }
                    }
                    "t" if run.is_some() => {
                        let tag_end = position(&reader);
                        let span = reader.read_to_end(name).map_err(bad)?;
                        let content = (tag + span.start as usize, tag + span.end as usize);
                        let Some(r) = run else { continue };
                        let item = paragraph.runs[r].items;
                        paragraph.runs[r].items += 1;
                        decode(xml, content, &mut paragraph.folded);
                        paragraph.nodes.push(TextNode {
                            tag: (before, tag_end),
                            content,
                            run: r,
                            item,
                        });
                    }
                    "r" => {
                        depth += 1;
                        paragraph.runs.push(Run {
                            start: before,
                            ..Run::default()
                        });
                        run = Some(paragraph.runs.len() - 1);
                    }
                    _ => depth += 1,
                }
            }
            Event::Empty(e) => {
                let name = e.name();
                match local(name.as_ref()) {
                    "pPr" if depth == 1 => paragraph.content_start = position(&reader),
                    "ta" | "pta" | "br" | "cr" | "noBreakHyphen" => {
                        if let Some(r) = run.and_then(|r| paragraph.runs.get_mut(r)) {
                            r.items += 1;
                            let c = if local(name.as_ref()) == "noBreakHyphen" {
                                '-'
                            } else {
                                ' '
                            };
                            paragraph.folded.push(c, before, before);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    paragraph.end = before;
                    break;
                }
                if local(e.name().as_ref()) == "r" {
                    if let Some(r) = run.and_then(|r| paragraph.runs.get_mut(r)) {
                        r.end = position(&reader);
                    }
                    run = None;
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

fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}
