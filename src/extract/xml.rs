//! Streaming XML for the word-processing extractors, with the safety rules in one place.
//!
//! [`XmlReader`] wraps quick-xml's pull parser over a part's text and:
//! - limits element nesting to [`MAX_DEPTH`], so thousands of nested tables or a deliberately deep
//!   file end in [`ReadError::LimitExceeded`] instead of unbounded work (nothing here recurses);
//! - never resolves entities beyond the five predefined ones and character references: a DTD is
//!   skipped, so neither external entities nor "billion laughs" expansions can happen;
//! - turns malformed XML into [`ReadError::Damaged`] naming the part and the byte offset.
//!
//! Names are compared by local name (`w:p` → `p`); callers check prefixes where two vocabularies
//! share a local name.

use std::borrow::Cow;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::ReadError;

/// Deepest element nesting accepted. Real documents stay under 60 (a table in a text box in a
/// table cell is about 25); the limit leaves room for genuinely nested tables.
pub const MAX_DEPTH: usize = 512;

pub struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    /// Element depth after the last event (a `Start` counts until its `End`).
    depth: usize,
    part: String,
}

impl<'a> XmlReader<'a> {
    pub fn new(xml: &'a str, part: &str) -> Self {
        let mut reader = Reader::from_str(xml);
        let config = reader.config_mut();
        config.trim_text(false);
        config.expand_empty_elements = false;
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        XmlReader {
            reader,
            depth: 0,
            part: part.to_string(),
        }
    }

    /// The depth of the element the last `Start` opened (1 for the root).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The next event; `Event::Eof` at the end. Comments, processing instructions and the
    /// document type declaration are skipped.
    pub fn next(&mut self) -> Result<Event<'a>, ReadError> {
        loop {
            let event = self.reader.read_event().map_err(|error| {
                ReadError::Damaged(format!(
                    "the part {} is not well-formed XML near byte {} ({error})",
                    self.part,
                    self.reader.error_position()
                ))
            })?;
            match &event {
                Event::Start(_) => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(ReadError::LimitExceeded(format!(
                            "the part {} nests elements more than {MAX_DEPTH} deep",
                            self.part
                        )));
                    }
                }
                Event::End(_) => self.depth = self.depth.saturating_sub(1),
                Event::Comment(_) | Event::PI(_) | Event::DocType(_) | Event::Decl(_) => continue,
                _ => {}
            }
            return Ok(event);
        }
    }

    /// Skip the rest of the element whose `Start` was just read.
    pub fn skip(&mut self) -> Result<(), ReadError> {
        let target = self.depth.saturating_sub(1);
        while self.depth > target {
            if matches!(self.next()?, Event::Eof) {
                break;
            }
        }
        Ok(())
    }
}

/// The local part of a qualified name: `w:p` → `p`.
pub fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

/// The prefix of a qualified name: `w:p` → `w`, `p` → empty.
pub fn prefix(name: &str) -> &str {
    name.rsplit_once(':').map_or("", |(prefix, _)| prefix)
}

/// The value of the attribute with this local name (any prefix), unescaped.
pub fn attr(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| local(a.key.0) == name)
        .map(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .map(Cow::into_owned)
                .unwrap_or_else(|_| a.value.to_string())
        })
}

/// The text an entity or character reference stands for. Only the predefined entities and
/// character references are resolved; anything else (from a DTD we never read) is dropped.
pub fn reference(reference: &BytesRef<'_>) -> Option<char> {
    if reference.is_char_ref() {
        return reference.resolve_char_ref().ok().flatten();
    }
    match reference.xml10_content().as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use quick_xml::events::Event;

    use super::{MAX_DEPTH, XmlReader, reference};
    use crate::extract::ReadError;

    fn texts(xml: &str) -> Result<String, ReadError> {
        let mut reader = XmlReader::new(xml, "test.xml");
        let mut out = String::new();
        loop {
            match reader.next()? {
                Event::Text(text) => out.push_str(&text.xml10_content()),
                Event::GeneralRef(r) => out.extend(reference(&r)),
                Event::Eof => return Ok(out),
                _ => {}
            }
        }
    }

    #[test]
    fn entities_are_never_expanded_beyond_the_predefined_ones() {
        let xml = r#"<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa">]>
<d>&x;&a;&amp;&#163;&#x20AC;</d>"#;
        let text = texts(xml).expect("parses");
        assert_eq!(text.trim(), "&£€");
    }

    #[test]
    fn deep_nesting_is_a_limit_error() {
        let deep = "<t>".repeat(MAX_DEPTH + 1) + &"</t>".repeat(MAX_DEPTH + 1);
        assert!(matches!(texts(&deep), Err(ReadError::LimitExceeded(_))));
        let fine = "<t>".repeat(MAX_DEPTH) + "x" + &"</t>".repeat(MAX_DEPTH);
        assert_eq!(texts(&fine).expect("within the limit"), "x");
    }

    #[test]
    fn malformed_xml_names_the_part() {
        let error = texts("<a><b></b></a").expect_err("malformed");
        assert!(error.to_string().contains("test.xml"), "{error}");
    }
}
