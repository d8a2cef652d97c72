//! What the Word and OpenDocument copies share: a package rewritten with some parts changed
//! and the rest copied as they were, and XML text read back with its byte positions.

use std::collections::HashMap;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::anchor::Folded;
use super::{MARK, ReviewError};
use crate::document::{Document, Origin};
use crate::extract::ReadError;

/// Where notes go in a word-processing file's main story: the paragraph a text offset came
/// from, as the byte offset past its start tag in the part's XML.
pub struct Body<'a> {
    document: &'a Document,
    /// The source map's index of the part (`document` for Word, `content` for ODT).
    part: Option<usize>,
    /// Past each paragraph's start tag, by paragraph number (index 0 is paragraph 1).
    tags: &'a [usize],
    xml_len: usize,
}

impl<'a> Body<'a> {
    pub fn new(document: &'a Document, label: &str, tags: &'a [usize], xml_len: usize) -> Self {
        let part = document.source_map.parts.iter().position(|p| p == label);
        Body {
            document,
            part,
            tags,
            xml_len,
        }
    }

    /// The paragraph of the body holding text offset `offset`, if it is in the body.
    pub fn paragraph(&self, offset: usize) -> Option<usize> {
        match self.document.source_map.resolve(offset)?.origin {
            Origin::Paragraph { part, paragraph } if Some(usize::from(part)) == self.part => {
                let tag = *self.tags.get(paragraph.checked_sub(1)? as usize)?;
                (tag != usize::MAX && tag <= self.xml_len).then_some(tag)
            }
            _ => None,
        }
    }

    /// The first paragraph with text: where notes whose words are not in the body go.
    pub fn first(&self) -> Option<usize> {
        self.document
            .source_map
            .origins()
            .find_map(|(start, _)| self.paragraph(start))
    }

    /// How many characters into its paragraph text offset `offset` is.
    pub fn near(&self, offset: usize) -> usize {
        self.document
            .source_map
            .segment_start(offset)
            .and_then(|start| self.document.text.get(start..offset))
            .map_or(0, |before| before.chars().count())
    }
}

/// The package with these parts' new text and every other entry copied as it was.
pub fn rewrite(
    bytes: &[u8],
    mut replaced: HashMap<String, String>,
) -> Result<Vec<u8>, ReviewError> {
    let zip = |e: zip::result::ZipError| damaged(format!("the archive cannot be copied ({e})"));
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(zip)?;
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + 4096)));
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let name = archive
            .name_for_index(index)
            .and_then(Result::ok)
            .map(|name| name.into_owned())
            .unwrap_or_default();
        let key = replaced
            .keys()
            .find(|k| k.eq_ignore_ascii_case(&name))
            .cloned();
        match key.and_then(|k| replaced.remove(&k)) {
            Some(text) => {
                writer.start_file(name, deflated).map_err(zip)?;
                writer
                    .write_all(text.as_bytes())
                    .map_err(|e| damaged(e.to_string()))?;
            }
            None => {
                let file = archive.by_index_raw(index).map_err(zip)?;
                writer.raw_copy_file(file).map_err(zip)?;
            }
        }
    }
    let mut added: Vec<_> = replaced.into_iter().collect();
    added.sort();
    for (name, text) in added {
        writer.start_file(name, deflated).map_err(zip)?;
        writer
            .write_all(text.as_bytes())
            .map_err(|e| damaged(e.to_string()))?;
    }
    writer.set_comment(MARK).map_err(zip)?;
    Ok(writer.finish().map_err(zip)?.into_inner())
}

pub fn damaged(message: String) -> ReviewError {
    ReviewError::Read(ReadError::Damaged(message))
}

/// `text` with `insert` placed before its last `</…name>` closing tag, or inside an empty
/// `<…name/>` element (a package's empty comments part).
pub fn insert_before_close(text: &str, name: &str, insert: &str) -> Option<String> {
    let close = text.rfind(&format!("</{name}>")).or_else(|| {
        let local = text.rfind(&format!(":{name}>"))?;
        text[..local].rfind("</")
    });
    if let Some(at) = close {
        return Some(format!("{}{insert}{}", &text[..at], &text[at..]));
    }
    // An empty element: `<w:comments …/>` becomes `<w:comments …>insert</w:comments>`.
    let open = text
        .rfind(&format!(":{name} "))
        .or_else(|| text.rfind(&format!("<{name} ")))
        .or_else(|| text.rfind(&format!(":{name}/")))
        .or_else(|| text.rfind(&format!("<{name}/")))?;
    let start = text[..=open].rfind('<')?;
    let end = open + text[open..].find("/>")?;
    let qualified = text[start + 1..]
        .split([' ', '/', '\t', '\r', '\n'])
        .next()?;
    Some(format!(
        "{}>{insert}</{qualified}>{}",
        &text[..end],
        &text[end + 2..]
    ))
}

/// The characters of escaped XML text at `range`, each with its byte range in `xml`.
pub fn decode(xml: &str, (from, to): (usize, usize), folded: &mut Folded) {
    let Some(text) = xml.get(from..to) else {
        return;
    };
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '&'
            && let Some(semi) = text[i..].find(';').filter(|&s| s <= 12)
        {
            let entity = &text[i + 1..i + semi];
            let decoded = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            if let Some(d) = decoded {
                folded.push(d, from + i, from + i + semi + 1);
                while chars.peek().is_some_and(|&(j, _)| j <= i + semi) {
                    chars.next();
                }
                continue;
            }
        }
        folded.push(c, from + i, from + i + c.len_utf8());
    }
}

#[cfg(test)]
mod tests {
    use super::insert_before_close;

    #[test]
    fn insertions_go_before_the_closing_tag_or_open_an_empty_element() {
        assert_eq!(
            insert_before_close("<w:comments a=\"1\"><x/></w:comments>", "comments", "<y/>")
                .as_deref(),
            Some("<w:comments a=\"1\"><x/><y/></w:comments>")
        );
        assert_eq!(
            insert_before_close("<?xml?><w:comments a=\"1\"/>", "comments", "<y/>").as_deref(),
            Some("<?xml?><w:comments a=\"1\"><y/></w:comments>")
        );
        assert_eq!(
            insert_before_close("<Types><A/></Types>", "Types", "<O/>").as_deref(),
            Some("<Types><A/><O/></Types>")
        );
        assert_eq!(
            insert_before_close("<R xmlns=\"x\"><Relationship a=\"1\"/></R>", "R", "<O/>")
                .as_deref(),
            Some("<R xmlns=\"x\"><Relationship a=\"1\"/><O/></R>")
        );
    }
}
