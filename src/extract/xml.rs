//! Streaming XML for the word-processing extractors, with the safety rules in one place.
//!
//! [`XmlReader`] wraps quick-xml's pull parser over a part's text and:
//! - limits element nesting to the `xml-depth` limit (512 by default), so thousands of nested tables or a deliberately deep
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

/// Events between checks of the document's deadline.
const EVENTS_PER_TIME_CHECK: u32 = 4096;

pub struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    /// Element depth after the last event (a `Start` counts until its `End`).
    depth: usize,
    /// Deepest nesting accepted (the `xml-depth` limit). Real documents stay under 60 (a table
    /// in a text box in a table cell is about 25); the default 512 leaves room for genuinely
    /// nested tables.
    max_depth: usize,
    /// Events until the next deadline check.
    until_time_check: u32,
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
            max_depth: crate::limits::current().xml_depth,
            until_time_check: EVENTS_PER_TIME_CHECK,
            part: part.to_string(),
        }
    }

    /// The byte offset in the part just past the last event read.
    pub fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    /// The depth of the element the last `Start` opened (1 for the root).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The next event; `Event::Eof` at the end. Comments, processing instructions and the
    /// document type declaration are skipped.
    pub fn next(&mut self) -> Result<Event<'a>, ReadError> {
        loop {
            self.until_time_check -= 1;
            if self.until_time_check == 0 {
                self.until_time_check = EVENTS_PER_TIME_CHECK;
                crate::limits::check_time()?;
            }
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
                    if self.depth > self.max_depth {
                        return Err(crate::limits::exceeded(
                            "xml-depth",
                            format!(
                                "the part {} nests elements more than {} deep",
                                self.part, self.max_depth
                            ),
                        )
                        .into());
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

    use super::{XmlReader, reference};
    use crate::extract::ReadError;
    use crate::limits::{self, LimitError, Limits};

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
        let max = Limits::default().xml_depth;
        let deep = "<t>".repeat(max + 1) + &"</t>".repeat(max + 1);
        assert!(matches!(
            texts(&deep),
            Err(ReadError::LimitExceeded(LimitError {
                limit: "xml-depth",
                ..
            }))
        ));
        let fine = "<t>".repeat(max) + "x" + &"</t>".repeat(max);
        assert_eq!(texts(&fine).expect("within the limit"), "x");
        // 100,000 levels: an error in bounded time, no recursion to overflow.
        let hostile = "<t>".repeat(100_000) + &"</t>".repeat(100_000);
        assert!(matches!(texts(&hostile), Err(ReadError::LimitExceeded(_))));
    }

    #[test]
    fn the_depth_limit_is_configurable() {
        let shallow = Limits {
            xml_depth: 3,
            ..Limits::default()
        };
        let four = "<a><b><c><d>x</d></c></b></a>";
        assert_eq!(texts(four).expect("default limit"), "x");
        let error = limits::within(&shallow, || texts(four)).expect_err("over 3");
        assert!(error.to_string().contains("more than 3 deep"), "{error}");
    }

    #[test]
    fn a_document_out_of_time_stops_reading() {
        let quick = Limits {
            time_per_document: std::time::Duration::ZERO,
            ..Limits::default()
        };
        let many = "<p>x</p>".repeat(10_000);
        let error = limits::within(&quick, || texts(&many)).expect_err("deadline");
        assert!(matches!(
            error,
            ReadError::LimitExceeded(LimitError {
                limit: "seconds-per-document",
                ..
            })
        ));
    }

    #[test]
    fn malformed_xml_names_the_part() {
        let error = texts("<a><b></b></a").expect_err("malformed");
        assert!(error.to_string().contains("test.xml"), "{error}");
    }
}
