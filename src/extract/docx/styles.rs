//! `styles.xml`: which paragraph styles are headings, and which carry list numbering.
//!
//! A paragraph's style decides much of what it is. A style is a heading when its name is
//! "heading N" or "Title", or when it (or a style it is based on) sets an outline level; a style
//! can also attach numbering (`w:numPr`), which is how Word numbers clause headings. Lookups walk
//! the `basedOn` chain with the office model's [`chain`], bounded so that a cycle in a damaged
//! file cannot loop; heading names are read as [`WORD_HEADINGS`] says.

use std::collections::HashMap;

use quick_xml::events::Event;

use super::super::xml::{XmlReader, attr, local};
use crate::extract::ReadError;
use crate::extract::office::styles::{Inherits, WORD_HEADINGS, chain};

/// A numbering reference: `w:numId` and `w:ilvl`, either possibly unset at this level.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NumRef {
    pub num_id: Option<String>,
    pub ilvl: Option<u8>,
}

#[derive(Clone, Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: NumRef,
}

impl Inherits for Style {
    fn parent(&self) -> Option<&str> {
        self.based_on.as_deref()
    }
}

#[derive(Debug, Default)]
pub struct Styles {
    paragraph: HashMap<String, Style>,
    default: Option<String>,
}

/// How far `basedOn` chains are followed. Word itself allows about ten levels in practice.
const MAX_CHAIN: usize = 16;

impl Styles {
    pub fn parse(xml: &str) -> Result<Styles, ReadError> {
        let mut styles = Styles::default();
        let mut reader = XmlReader::new(xml, "word/styles.xml");
        let mut current: Option<(String, Style)> = None;
        loop {
            let event = reader.next()?;
            let (element, is_start) = match &event {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(e) if local(e.name().0) == "style" => {
                    if let Some((id, style)) = current.take() {
                        styles.paragraph.entry(id).or_insert(style);
                    }
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            match local(element.name().0) {
                "style" if is_start => {
                    if attr(element, "type").as_deref() != Some("paragraph") {
                        reader.skip()?;
                        continue;
                    }
                    let id = attr(element, "styleId").unwrap_or_default();
                    if matches!(
                        attr(element, "default").as_deref(),
                        Some("1" | "true" | "on")
                    ) {
                        styles.default = Some(id.clone());
                    }
                    current = Some((id, Style::default()));
                }
                // Old properties in a tracked formatting change are not the style's.
                "pPrChange" | "rPrChange" if is_start => reader.skip()?,
                name => {
                    let Some((_, style)) = current.as_mut() else {
                        continue;
                    };
                    let value = attr(element, "val");
                    match name {
                        "name" => style.name = value.unwrap_or_default(),
                        "basedOn" => style.based_on = value,
                        "outlineLvl" => style.outline = value.and_then(|v| v.parse().ok()),
                        "numId" => style.num.num_id = value,
                        "ilvl" => style.num.ilvl = value.and_then(|v| v.parse().ok()),
                        _ => {}
                    }
                }
            }
        }
        Ok(styles)
    }

    /// The style applied to a paragraph: its own, else the document default.
    pub fn effective<'a>(&'a self, id: Option<&'a str>) -> Option<&'a str> {
        id.or(self.default.as_deref())
    }

    /// The heading level (1-9) a paragraph style gives, if it is a heading style.
    pub fn heading_level(&self, id: &str) -> Option<u8> {
        if let Some(level) = name_level(id) {
            // Styles referenced but not defined (some generators) are known by their id.
            if !self.paragraph.contains_key(id) {
                return Some(level);
            }
        }
        for (_, style) in chain(&self.paragraph, Some(id), MAX_CHAIN) {
            let style = style?;
            if let Some(level) = name_level(&style.name) {
                return Some(level);
            }
            if let Some(outline) = style.outline {
                return (outline < 9).then_some(outline + 1);
            }
        }
        None
    }

    /// The numbering a paragraph style attaches, merged along the `basedOn` chain.
    pub fn numbering(&self, id: &str) -> NumRef {
        let mut found = NumRef::default();
        for (_, style) in chain(&self.paragraph, Some(id), MAX_CHAIN) {
            let Some(style) = style else {
                break;
            };
            if found.num_id.is_none() {
                found.num_id.clone_from(&style.num.num_id);
            }
            if found.ilvl.is_none() {
                found.ilvl = style.num.ilvl;
            }
        }
        found
    }
}

/// "heading 2", "Heading2" → 2; "Title" → 1.
fn name_level(name: &str) -> Option<u8> {
    WORD_HEADINGS.heading(name).map(|heading| heading.level)
}

#[cfg(test)]
mod tests {
    use super::Styles;

    const XML: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="ClauseHead"><w:name w:val="Clause Head"/><w:basedOn w:val="Heading1"/>
    <w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Loop"/><w:basedOn w:val="Loop"/></w:style>
  <w:style w:type="character" w:styleId="Heading1Char"><w:name w:val="Heading 1 Char"/></w:style>
</w:styles>"#;

    #[test]
    fn headings_come_from_names_outline_levels_and_based_on() {
        let styles = Styles::parse(XML).expect("parses");
        assert_eq!(styles.heading_level("Heading1"), Some(1));
        assert_eq!(styles.heading_level("ClauseHead"), Some(1));
        assert_eq!(styles.heading_level("Normal"), None);
        assert_eq!(styles.heading_level("Loop"), None, "a cycle ends");
        assert_eq!(
            styles.heading_level("Heading3"),
            Some(3),
            "undefined but known"
        );
        assert_eq!(styles.heading_level("Heading1Char"), None);
        assert_eq!(styles.effective(None), Some("Normal"));
    }

    #[test]
    fn numbering_is_merged_along_the_chain() {
        let styles = Styles::parse(XML).expect("parses");
        let num = styles.numbering("ClauseHead");
        assert_eq!(num.num_id.as_deref(), Some("3"));
        assert_eq!(num.ilvl, Some(1));
    }
}
