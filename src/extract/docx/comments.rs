//! Reviewers' comments addressed to tenderlint: a comment or a reply whose text starts
//! "tenderlint:" (for instance `tenderlint: accept unfunded-partner — paid from the council's
//! own grant`). Every other comment is left unread, so no comment's text reaches the rules.
//!
//! A comment is anchored by its own range in the body (`commentRangeStart` … `commentRangeEnd`,
//! or only a `commentReference`). Word gives a reply the range of the comment it answers; a
//! reply with none of its own takes its parent's, found through `commentsExtended.xml`
//! (`w15:paraIdParent` names the parent's last paragraph). A comment anchored nowhere speaks to
//! the whole document.

use std::collections::HashMap;

use quick_xml::events::Event;

use crate::document::{Document, Origin, Remark, Span};
use crate::extract::ReadError;
use crate::extract::xml::{XmlReader, attr, local};

/// One comment of the comments part.
#[derive(Debug, Default)]
struct Comment {
    id: String,
    text: String,
    /// `w14:paraId` of its last paragraph, which replies name as their parent.
    para_id: Option<String>,
}

/// The remarks of a document from its comments part, `commentsExtended.xml` and the anchors
/// the body reader recorded (comment id to first and last body paragraph).
pub fn remarks(
    document: &Document,
    comments_xml: &str,
    extended_xml: Option<&str>,
    anchors: &HashMap<String, (u32, u32)>,
) -> Result<Vec<Remark>, ReadError> {
    let comments = read_comments(comments_xml)?;
    if !comments.iter().any(|c| addressed(&c.text)) {
        return Ok(Vec::new());
    }
    let parents = match extended_xml {
        Some(xml) => read_parents(xml)?,
        None => HashMap::new(),
    };
    let by_para: HashMap<&str, &Comment> = comments
        .iter()
        .filter_map(|c| Some((c.para_id.as_deref()?, c)))
        .collect();
    let mut remarks = Vec::new();
    for comment in comments.iter().filter(|c| addressed(&c.text)) {
        let mut anchor = anchors.get(&comment.id).copied();
        // A reply without a range of its own: its parent's (and so on up the thread).
        let mut current = comment;
        for _ in 0..16 {
            if anchor.is_some() {
                break;
            }
            let Some(parent) = current
                .para_id
                .as_deref()
                .and_then(|p| parents.get(p))
                .and_then(|p| by_para.get(p.as_str()))
            else {
                break;
            };
            anchor = anchors.get(&parent.id).copied();
            current = parent;
        }
        let span = anchor
            .and_then(|(from, to)| paragraphs_span(document, from.min(to), from.max(to)))
            .unwrap_or(Span::new(0, document.text.len()));
        remarks.push(Remark {
            body: comment.text.trim().to_string(),
            span,
        });
    }
    Ok(remarks)
}

/// Whether a comment speaks to tenderlint.
fn addressed(text: &str) -> bool {
    text.trim_start()
        .get(..11)
        .is_some_and(|head| head.eq_ignore_ascii_case("tenderlint:"))
}

/// The text of body paragraphs `from..=to`: from the first one's start to the next one's.
fn paragraphs_span(document: &Document, from: u32, to: u32) -> Option<Span> {
    let body = document
        .source_map
        .parts
        .iter()
        .position(|p| p == "document")?;
    let in_body = |origin: Origin, test: &dyn Fn(u32) -> bool| matches!(origin, Origin::Paragraph { part, paragraph } if usize::from(part) == body && test(paragraph));
    let mut origins = document.source_map.origins();
    let start = origins
        .by_ref()
        .find(|&(_, origin)| in_body(origin, &|p| p >= from))
        .map(|(start, _)| start)?;
    let end = document
        .source_map
        .origins()
        .find(|&(at, origin)| at > start && !in_body(origin, &|p| p <= to))
        .map_or(document.text.len(), |(at, _)| at);
    Some(Span::new(start, end.max(start)))
}

fn read_comments(xml: &str) -> Result<Vec<Comment>, ReadError> {
    let mut reader = XmlReader::new(xml, "comments.xml");
    let mut comments = Vec::new();
    let mut current: Option<Comment> = None;
    let mut in_text = false;
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) => match local(e.name().0) {
                "comment" => {
                    current = Some(Comment {
                        id: attr(&e, "id").unwrap_or_default(),
                        ..Comment::default()
                    });
                }
                "p" => {
                    if let Some(c) = current.as_mut() {
                        if !c.text.is_empty() {
                            c.text.push('\n');
                        }
                        if let Some(id) = attr(&e, "paraId") {
                            c.para_id = Some(id);
                        }
                    }
                }
                "t" => in_text = true,
                "tab" => {
                    if let Some(c) = current.as_mut() {
                        c.text.push(' ');
                    }
                }
                _ => {}
            },
            Event::Text(text) if in_text => {
                if let Some(c) = current.as_mut() {
                    c.text.push_str(&text.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let (Some(c), Some(ch)) = (current.as_mut(), crate::extract::xml::reference(&r))
                {
                    c.text.push(ch);
                }
            }
            Event::End(e) => match local(e.name().0) {
                "t" => in_text = false,
                "comment" => comments.extend(current.take()),
                _ => {}
            },
            Event::Eof => return Ok(comments),
            _ => {}
        }
    }
}

/// Reply paragraph id to its parent's, from `commentsExtended.xml`.
fn read_parents(xml: &str) -> Result<HashMap<String, String>, ReadError> {
    let mut reader = XmlReader::new(xml, "commentsExtended.xml");
    let mut parents = HashMap::new();
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) if local(e.name().0) == "commentEx" => {
                if let (Some(id), Some(parent)) = (attr(&e, "paraId"), attr(&e, "paraIdParent")) {
                    parents.insert(id, parent);
                }
            }
            Event::Eof => return Ok(parents),
            _ => {}
        }
    }
}
