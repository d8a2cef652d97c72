//! The styles the text needs: paragraph styles (parent, list style, outline level), list styles
//! and the outline style, read from `office:styles` and `office:automatic-styles`.
//!
//! - `StyleSheet`: a paragraph style and its parents make a `text:p` in a "Title", "Subtitle" or
//!   "Heading 2" style (or one derived from it) a heading (the office model's `chain` and
//!   `ODF_HEADINGS`); a list style gives, per level, a number format ("1", "a", "A", "i", "I"),
//!   prefix, suffix, levels shown and start value, or a bullet character (`NumberLevel::label`
//!   renders the label a reader sees). The outline style numbers headings.
//! - `StylePart`: styles.xml read once. The body sees the common styles plus content.xml's
//!   automatic styles; headers and footers see the common styles plus styles.xml's.
//!
//! To read another style property: add a field to `ParagraphStyle` (or `NumberLevel`) and read
//! it in `StyleSheet::add_style` (or `NumberLevel::read`).

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::LEVELS;
use super::names::{Names, each_element};
use crate::extract::ReadError;
use crate::extract::office::numbering::{LevelCounters, NumberFormat, is_private_use};
use crate::extract::office::styles::{Inherits, ODF_HEADINGS, chain};
use crate::extract::xml::{XmlReader, attr};

/// Longest chain of parent styles followed.
const MAX_STYLE_CHAIN: usize = 32;

/// What the text needs from the styles.
#[derive(Clone, Debug, Default)]
pub(super) struct StyleSheet {
    paragraph: HashMap<String, ParagraphStyle>,
    pub(super) lists: HashMap<String, ListStyle>,
    /// `text:outline-style`: how headings are numbered.
    pub(super) outline: Option<ListStyle>,
}

impl Inherits for ParagraphStyle {
    fn parent(&self) -> Option<&str> {
        self.parent.as_deref()
    }
}

#[derive(Clone, Debug, Default)]
struct ParagraphStyle {
    display: Option<String>,
    parent: Option<String>,
    list_style: Option<String>,
    outline_level: Option<u8>,
}

/// A list style: what each level shows.
#[derive(Clone, Debug, Default)]
pub(super) struct ListStyle {
    pub(super) levels: [Option<Level>; LEVELS],
}

#[derive(Clone, Debug)]
pub(super) enum Level {
    Number(NumberLevel),
    Bullet(String),
}

#[derive(Clone, Debug)]
pub(super) struct NumberLevel {
    /// `style:num-format`: "1", "a", "A", "i", "I", or "" for no number.
    format: String,
    prefix: String,
    suffix: String,
    /// `text:display-levels`: how many levels the label shows ("1.2" shows 2).
    display: usize,
    start: u64,
    /// `style:num-letter-sync`: letters after "z" go "aa", "bb" rather than "aa", "ab".
    letter_sync: bool,
    /// LibreOffice's `loext:num-list-format`, the whole label with `%1%`-style placeholders.
    template: Option<String>,
}

impl Level {
    pub(super) fn start(&self) -> u64 {
        match self {
            Level::Number(number) => number.start,
            Level::Bullet(_) => 1,
        }
    }
}

impl NumberLevel {
    fn read(e: &BytesStart<'_>) -> Self {
        NumberLevel {
            format: attr(e, "num-format").unwrap_or_default(),
            prefix: attr(e, "num-prefix").unwrap_or_default(),
            suffix: attr(e, "num-suffix").unwrap_or_default(),
            display: attr(e, "display-levels")
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(1),
            start: attr(e, "start-value")
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(1),
            letter_sync: attr(e, "num-letter-sync").as_deref() == Some("true"),
            template: attr(e, "num-list-format").filter(|t| t.contains('%')),
        }
    }

    /// The label for `level` (1-based) given the counters of its list.
    pub(super) fn label(
        &self,
        counters: &LevelCounters<LEVELS>,
        level: usize,
        style: &ListStyle,
    ) -> String {
        if self.format.is_empty() {
            return format!("{}{}", self.prefix, self.suffix).trim().to_string();
        }
        let value = |k: usize| -> String {
            let shown = style.levels[k - 1].as_ref();
            let count = counters.shown_or(k - 1, shown.map_or(1, Level::start));
            match shown {
                Some(Level::Number(number)) => {
                    NumberFormat::odf(&number.format, number.letter_sync).format(count)
                }
                _ => count.to_string(),
            }
        };
        if let Some(template) = &self.template {
            let mut label = String::new();
            let mut rest = template.as_str();
            while let Some(at) = rest.find('%') {
                label.push_str(&rest[..at]);
                let after = &rest[at + 1..];
                let digits =
                    after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                match after[digits..].strip_prefix('%') {
                    Some(tail) if digits > 0 => {
                        let k: usize = after[..digits].parse().unwrap_or(0);
                        if (1..=level).contains(&k) {
                            label.push_str(&value(k));
                        }
                        rest = tail;
                    }
                    _ => {
                        label.push('%');
                        rest = after;
                    }
                }
            }
            label.push_str(rest);
            return label.trim().to_string();
        }
        let shown = self.display.clamp(1, level);
        let numbers: Vec<String> = (level + 1 - shown..=level)
            .map(value)
            .filter(|n| !n.is_empty())
            .collect();
        format!("{}{}{}", self.prefix, numbers.join("."), self.suffix)
            .trim()
            .to_string()
    }

    /// True when the label is a plain decimal number of this level alone ("1." rather than
    /// "2.1"), so a nested item's clause number is its parent's plus this one, as a reader cites
    /// it ("clause 2.1").
    pub(super) fn own_decimal(&self, level: usize) -> bool {
        if self.format != "1" {
            return false;
        }
        match &self.template {
            Some(template) => {
                template.matches('%').count() == 2 && template.contains(&format!("%{level}%"))
            }
            None => self.display <= 1,
        }
    }
}

impl StyleSheet {
    fn add_style(&mut self, e: &BytesStart<'_>) {
        if attr(e, "family").as_deref() != Some("paragraph") {
            return;
        }
        let Some(name) = attr(e, "name") else { return };
        let style = ParagraphStyle {
            display: attr(e, "display-name"),
            parent: attr(e, "parent-style-name").filter(|p| !p.is_empty()),
            list_style: attr(e, "list-style-name").filter(|l| !l.is_empty()),
            outline_level: attr(e, "default-outline-level")
                .and_then(|l| l.trim().parse::<u8>().ok())
                .filter(|&l| l > 0),
        };
        self.paragraph.insert(name, style);
    }

    fn merged(&self, other: &StyleSheet) -> StyleSheet {
        let mut merged = self.clone();
        merged
            .paragraph
            .extend(other.paragraph.iter().map(|(k, v)| (k.clone(), v.clone())));
        merged
            .lists
            .extend(other.lists.iter().map(|(k, v)| (k.clone(), v.clone())));
        if other.outline.is_some() {
            merged.outline.clone_from(&other.outline);
        }
        merged
    }

    /// A paragraph style and its ancestors, nearest first.
    fn chain<'s>(
        &'s self,
        name: Option<&'s str>,
    ) -> impl Iterator<Item = (&'s str, Option<&'s ParagraphStyle>)> {
        chain(&self.paragraph, name, MAX_STYLE_CHAIN)
    }

    /// The heading level a paragraph style gives, and whether it is an outline level (numbered
    /// by the outline style) rather than Title or Subtitle.
    pub(super) fn heading(&self, name: Option<&str>) -> Option<(u8, bool)> {
        for (name, style) in self.chain(name) {
            if let Some(level) = style.and_then(|s| s.outline_level) {
                return Some((level, true));
            }
            let shown = style
                .and_then(|s| s.display.as_deref())
                .map_or_else(|| name.replace("_20_", " "), str::to_string);
            if let Some(heading) = ODF_HEADINGS.heading(shown.trim()) {
                return Some((heading.level, heading.outline));
            }
        }
        None
    }

    /// Whether a paragraph style is, or derives from, LibreOffice's "Table Heading": the style
    /// Writer gives a table's header cells.
    pub(super) fn table_heading(&self, name: Option<&str>) -> bool {
        self.chain(name).any(|(name, style)| {
            let shown = style
                .and_then(|s| s.display.as_deref())
                .map_or_else(|| name.replace("_20_", " "), str::to_string);
            shown.trim().eq_ignore_ascii_case("table heading")
        })
    }

    /// The list style a paragraph style names (its own or an ancestor's).
    pub(super) fn list_style_of<'s>(&'s self, name: Option<&'s str>) -> Option<&'s str> {
        self.chain(name)
            .find_map(|(_, style)| style.and_then(|s| s.list_style.as_deref()))
    }
}

/// styles.xml: the common styles, its own automatic styles, and its namespace prefixes.
pub(super) struct StylePart {
    pub(super) common: StyleSheet,
    /// Common plus styles.xml's automatic styles, for headers and footers.
    pub(super) pages: StyleSheet,
    pub(super) names: Names,
}

impl StylePart {
    pub(super) fn read(xml: &str) -> Result<Self, ReadError> {
        let mut common = StyleSheet::default();
        let mut automatic = StyleSheet::default();
        let mut names = Names::default();
        let mut reader = XmlReader::new(xml, "styles.xml");
        each_element(&mut reader, &mut names, |name, reader, names| {
            match name {
                "office:styles" => read_styles(reader, names, &mut common)?,
                "office:automatic-styles" => read_styles(reader, names, &mut automatic)?,
                _ => reader.skip()?,
            }
            Ok(())
        })?;
        let pages = common.merged(&automatic);
        Ok(StylePart {
            common,
            pages,
            names,
        })
    }
}

/// Read the styles in the container element whose start was just read.
pub(super) fn read_styles(
    reader: &mut XmlReader<'_>,
    names: &Names,
    sheet: &mut StyleSheet,
) -> Result<(), ReadError> {
    let base = reader.depth();
    loop {
        match reader.next()? {
            Event::Start(e) => match names.qname(e.name().0).as_ref() {
                "style:style" => {
                    sheet.add_style(&e);
                    reader.skip()?;
                }
                "text:list-style" => {
                    let style = read_list_style(reader, names)?;
                    if let Some(name) = attr(&e, "name") {
                        sheet.lists.insert(name, style);
                    }
                }
                "text:outline-style" => {
                    let style = read_list_style(reader, names)?;
                    // Some producers wrap numbered headings in a list that names this style.
                    if let Some(name) = attr(&e, "name") {
                        sheet.lists.insert(name, style.clone());
                    }
                    sheet.outline = Some(style);
                }
                _ => reader.skip()?,
            },
            Event::Empty(e) if names.qname(e.name().0) == "style:style" => sheet.add_style(&e),
            Event::End(_) if reader.depth() < base => return Ok(()),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Read the levels of the list or outline style whose start was just read.
fn read_list_style(reader: &mut XmlReader<'_>, names: &Names) -> Result<ListStyle, ReadError> {
    let base = reader.depth();
    let mut style = ListStyle::default();
    loop {
        let event = reader.next()?;
        let e = match &event {
            Event::Start(e) | Event::Empty(e) => e,
            Event::End(_) if reader.depth() < base => return Ok(style),
            Event::Eof => return Ok(style),
            _ => continue,
        };
        let level = attr(e, "level")
            .and_then(|l| l.trim().parse::<usize>().ok())
            .filter(|l| (1..=LEVELS).contains(l));
        let shown = match names.qname(e.name().0).as_ref() {
            "text:list-level-style-number" | "text:outline-level-style" => {
                Some(Level::Number(NumberLevel::read(e)))
            }
            "text:list-level-style-bullet" => {
                let bullet = attr(e, "bullet-char").unwrap_or_default();
                // Symbol-font bullets are private-use characters that mean nothing as text.
                let bullet = if bullet.trim().is_empty() || bullet.chars().any(is_private_use) {
                    "•".to_string()
                } else {
                    bullet.trim().to_string()
                };
                Some(Level::Bullet(bullet))
            }
            "text:list-level-style-image" => Some(Level::Bullet("•".into())),
            _ => None,
        };
        if let (Some(level), Some(shown)) = (level, shown) {
            style.levels[level - 1] = Some(shown);
        }
        if matches!(event, Event::Start(_)) {
            reader.skip()?;
        }
    }
}
