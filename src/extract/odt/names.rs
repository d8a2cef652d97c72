//! Namespace prefixes: `Names` maps the prefixes a part declares to the usual ones (`text:`,
//! `table:`, `style:` …), so the rest of the reader matches elements by their usual names, and
//! `each_element` walks a part's top-level elements by those names.
//!
//! To understand another namespace: add its URI to `usual_prefix`.

use std::borrow::Cow;
use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use crate::extract::ReadError;
use crate::extract::xml::XmlReader;

/// Maps the prefixes a file declares to the usual ones, so `text:p` is found even in a file that
/// calls the text namespace something else. Only the root element's declarations are read (every
/// producer declares them there); a file using the usual prefixes needs no mapping at all.
#[derive(Default)]
pub(super) struct Names {
    map: HashMap<String, &'static str>,
}

impl Names {
    fn learn(&mut self, root: &BytesStart<'_>) {
        for attribute in root.attributes().with_checks(false).flatten() {
            let key = attribute.key.0;
            let declared = if key == "xmlns" {
                ""
            } else if let Some(declared) = key.strip_prefix("xmlns:") {
                declared
            } else {
                continue;
            };
            if let Some(usual) = usual_prefix(attribute.value.trim())
                && usual != declared
            {
                self.map.insert(declared.to_string(), usual);
            }
        }
    }

    /// The element name with its usual prefix.
    pub(super) fn qname<'n>(&self, raw: &'n str) -> Cow<'n, str> {
        if self.map.is_empty() {
            return Cow::Borrowed(raw);
        }
        let (declared, name) = raw.split_once(':').unwrap_or(("", raw));
        match self.map.get(declared) {
            Some(usual) => Cow::Owned(format!("{usual}:{name}")),
            None => Cow::Borrowed(raw),
        }
    }
}

fn usual_prefix(uri: &str) -> Option<&'static str> {
    const ODF: &str = "urn:oasis:names:tc:opendocument:xmlns:";
    if let Some(rest) = uri.strip_prefix(ODF) {
        let name = rest.split(':').next().unwrap_or("");
        return Some(match name {
            "office" => "office",
            "style" => "style",
            "text" => "text",
            "table" => "table",
            "drawing" => "draw",
            "svg-compatible" => "svg",
            "xsl-fo-compatible" => "fo",
            "datastyle" => "number",
            "meta" => "meta",
            "presentation" => "presentation",
            "chart" => "chart",
            "dr3d" => "dr3d",
            "form" => "form",
            "script" => "script",
            "manifest" => "manifest",
            _ => return None,
        });
    }
    match uri {
        "http://purl.org/dc/elements/1.1/" => Some("dc"),
        "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" => Some("loext"),
        "http://www.w3.org/1999/xlink" => Some("xlink"),
        _ => None,
    }
}

/// Walk a part's elements below the root: the root's namespace declarations go to `names`,
/// and `visit` gets each element's usual name. `visit` reads or skips the element's content;
/// returning without doing either descends into it.
pub(super) fn each_element(
    reader: &mut XmlReader<'_>,
    names: &mut Names,
    mut visit: impl FnMut(&str, &mut XmlReader<'_>, &Names) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    loop {
        match reader.next()? {
            Event::Start(e) if reader.depth() == 1 => names.learn(&e),
            Event::Start(e) => {
                let name = names.qname(e.name().0).into_owned();
                visit(&name, reader, names)?;
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}
