//! `numbering.xml`: turning a paragraph's `numId`/`ilvl` into the number a reader sees.
//!
//! Word stores list numbers as rules, not text. A `w:num` points at a `w:abstractNum`, whose
//! nine levels each have a start value, a format (decimal, lowerLetter, upperRoman, bullet, …)
//! and a template such as `%1.%2` that combines the counters of the levels above. A `w:num` may
//! override a level's start (`w:startOverride`), which is how a list restarts at 1.
//!
//! [`Counters`] replays the numbering in document order: counters are shared by all `w:num`s of
//! one abstract definition (so a clause list continues across unnumbered paragraphs and across
//! `w:num` instances), a start override resets its level the first time its `w:num` is used,
//! and counting at one level restarts the deeper levels (unless `w:lvlRestart` says otherwise).
//!
//! The number formats and the per-level counters are the office model's
//! ([`NumberFormat::word`], [`LevelCounters`]); what is Word's own is here: `numbering.xml`'s
//! definitions, instances and overrides, and the `%1.%2` label templates.

use std::collections::{HashMap, HashSet};

use quick_xml::events::Event;

use super::super::xml::{XmlReader, attr, local};
use crate::extract::ReadError;
use crate::extract::office::numbering::{LevelCounters, NumberFormat, is_private_use};

const LEVELS: usize = 9;

#[derive(Clone, Debug)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// `w:lvlRestart`: restart after this 1-based level is used; 0 = never restart.
    restart: Option<u32>,
    legal: bool,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            format: "decimal".into(),
            text: String::new(),
            restart: None,
            legal: false,
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
    /// `w:numStyleLink`: this definition takes its levels from the one with this `w:styleLink`.
    style_link_to: Option<String>,
    style_link: Option<String>,
}

#[derive(Clone, Debug, Default)]
struct Num {
    abstract_id: String,
    starts: [Option<u32>; LEVELS],
    levels: [Option<Level>; LEVELS],
}

#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Abstract>,
    nums: HashMap<String, Num>,
}

/// A rendered list label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// What the reader sees before the text: "9.2.", "(b)", "•".
    pub text: String,
    pub bullet: bool,
}

/// Where in numbering.xml the reader is.
enum Scope {
    None,
    Abstract(String),
    Num(String),
}

impl Numbering {
    pub fn parse(xml: &str) -> Result<Numbering, ReadError> {
        let mut numbering = Numbering::default();
        let mut reader = XmlReader::new(xml, "word/numbering.xml");
        let mut scope = Scope::None;
        // The level being defined (in an abstractNum, or a whole-level override in a num).
        let mut level: Option<(usize, Level)> = None;
        let mut override_level: Option<usize> = None;
        loop {
            let event = reader.next()?;
            let (element, is_start) = match &event {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(e) => {
                    match local(e.name().0) {
                        "lvl" => {
                            if let Some((index, definition)) = level.take() {
                                numbering.store_level(&scope, index, definition);
                            }
                        }
                        "lvlOverride" => override_level = None,
                        "abstractNum" | "num" => scope = Scope::None,
                        _ => {}
                    }
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            let value = || attr(element, "val");
            match local(element.name().0) {
                "abstractNum" if is_start => {
                    let id = attr(element, "abstractNumId").unwrap_or_default();
                    numbering.abstracts.entry(id.clone()).or_default();
                    scope = Scope::Abstract(id);
                }
                "num" if is_start => {
                    let id = attr(element, "numId").unwrap_or_default();
                    numbering.nums.entry(id.clone()).or_default();
                    scope = Scope::Num(id);
                }
                "abstractNumId" => {
                    if let Scope::Num(id) = &scope
                        && let Some(num) = numbering.nums.get_mut(id)
                    {
                        num.abstract_id = value().unwrap_or_default();
                    }
                }
                "lvlOverride" if is_start => {
                    override_level = level_index(attr(element, "ilvl"));
                }
                "startOverride" => {
                    if let (Scope::Num(id), Some(index)) = (&scope, override_level)
                        && let Some(num) = numbering.nums.get_mut(id)
                    {
                        num.starts[index] = value().and_then(|v| v.parse().ok());
                    }
                }
                "lvl" if is_start => {
                    let index = level_index(attr(element, "ilvl")).or(override_level);
                    level = index.map(|i| (i, Level::default()));
                }
                "styleLink" | "numStyleLink" => {
                    if let Scope::Abstract(id) = &scope
                        && let Some(definition) = numbering.abstracts.get_mut(id)
                    {
                        if local(element.name().0) == "styleLink" {
                            definition.style_link = value();
                        } else {
                            definition.style_link_to = value();
                        }
                    }
                }
                name => {
                    let Some((_, definition)) = level.as_mut() else {
                        continue;
                    };
                    match name {
                        "start" => {
                            definition.start = value().and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                        "numFmt" => definition.format = value().unwrap_or_default(),
                        "lvlText" => definition.text = value().unwrap_or_default(),
                        "lvlRestart" => definition.restart = value().and_then(|v| v.parse().ok()),
                        "isLgl" => {
                            definition.legal = !matches!(value().as_deref(), Some("0" | "false"));
                        }
                        // Run properties of the number (font, size) hold nothing we need.
                        "rPr" | "pPr" if is_start => reader.skip()?,
                        _ => {}
                    }
                }
            }
        }
        Ok(numbering)
    }

    fn store_level(&mut self, scope: &Scope, index: usize, definition: Level) {
        match scope {
            Scope::Abstract(id) => {
                if let Some(a) = self.abstracts.get_mut(id) {
                    a.levels[index] = Some(definition);
                }
            }
            Scope::Num(id) => {
                if let Some(num) = self.nums.get_mut(id) {
                    num.levels[index] = Some(definition);
                }
            }
            Scope::None => {}
        }
    }

    /// The abstract definition a `w:num` uses, following one `numStyleLink` if it has no levels.
    fn abstract_of(&self, num: &Num) -> Option<(&str, &Abstract)> {
        let (id, definition) = self.abstracts.get_key_value(&num.abstract_id)?;
        if let Some(link) = &definition.style_link_to
            && let Some((linked_id, linked)) = self
                .abstracts
                .iter()
                .find(|(_, a)| a.style_link.as_ref() == Some(link))
        {
            return Some((linked_id, linked));
        }
        Some((id, definition))
    }
}

fn level_index(value: Option<String>) -> Option<usize> {
    value
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&i| i < LEVELS)
}

/// Numbering state while reading one part in order.
#[derive(Debug, Default)]
pub struct Counters {
    /// Per abstract definition: the last number shown at each level.
    shown: HashMap<String, LevelCounters<LEVELS>>,
    used_nums: HashSet<String>,
}

impl Counters {
    /// Count a paragraph numbered `num_id` at `ilvl` and return its label. `None` when the
    /// paragraph is not numbered after all (numId 0, an unknown list, or format "none" with no
    /// text).
    pub fn next(&mut self, numbering: &Numbering, num_id: &str, ilvl: u8) -> Option<Label> {
        if num_id == "0" {
            return None;
        }
        let num = numbering.nums.get(num_id)?;
        let (abstract_id, definition) = numbering.abstract_of(num)?;
        let ilvl = usize::from(ilvl).min(LEVELS - 1);
        let level_at = |i: usize| -> Level {
            num.levels[i]
                .clone()
                .or_else(|| definition.levels[i].clone())
                .unwrap_or_default()
        };
        let shown = self.shown.entry(abstract_id.to_string()).or_default();
        if self.used_nums.insert(num_id.to_string()) {
            for (i, start) in num.starts.iter().enumerate() {
                if let Some(start) = start {
                    // The next number at this level will be `start`.
                    shown.set(i, u64::from(start.saturating_sub(1)));
                    shown.restart_below(i);
                }
            }
        }
        let level = level_at(ilvl);
        // Word's counters are 32-bit: one counted past the top stays there.
        let value = shown
            .following(ilvl, u64::from(level.start))
            .min(u64::from(u32::MAX));
        shown.set(ilvl, value);
        for deeper in ilvl + 1..LEVELS {
            let restart = level_at(deeper).restart.map_or(deeper, |r| r as usize);
            if ilvl < restart {
                shown.restart(deeper);
            }
        }
        if level.format == "bullet" {
            return Some(Label {
                text: bullet(&level.text),
                bullet: true,
            });
        }
        let mut text = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(digit) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let Some(index) = (digit as usize).checked_sub(1).filter(|&i| i < LEVELS) else {
                    continue;
                };
                let at = level_at(index);
                let value = shown.shown_or(index, u64::from(at.start));
                let format = if level.legal {
                    NumberFormat::Decimal
                } else {
                    NumberFormat::word(&at.format)
                };
                text.push_str(&format.format(value));
            } else {
                text.push(c);
            }
        }
        let text = text.trim().to_string();
        (!text.is_empty()).then_some(Label {
            text,
            bullet: false,
        })
    }
}

/// Bullet characters from symbol fonts sit in the Private Use Area; show them as a bullet.
fn bullet(text: &str) -> String {
    let text = text.trim();
    match text.chars().next() {
        None => "•".into(),
        Some(c) if is_private_use(c) => "•".into(),
        Some(_) => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Counters, Numbering};

    const XML: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="2">
    <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#61623;"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="1"/>
    <w:lvlOverride w:ilvl="0"><w:startOverride w:val="9"/></w:lvlOverride></w:num>
</w:numbering>"#;

    #[test]
    fn clause_numbers_are_rendered_in_document_order() {
        let numbering = Numbering::parse(XML).expect("parses");
        let mut counters = Counters::default();
        let mut next = |num: &str, ilvl: u8| {
            counters
                .next(&numbering, num, ilvl)
                .map(|l| l.text)
                .unwrap_or_default()
        };
        assert_eq!(next("1", 0), "1.");
        assert_eq!(next("1", 1), "1.1");
        assert_eq!(next("1", 1), "1.2");
        assert_eq!(next("1", 2), "(a)");
        assert_eq!(next("1", 2), "(b)");
        assert_eq!(next("1", 0), "2.");
        assert_eq!(next("1", 1), "2.1", "deeper levels restart");
        assert_eq!(next("2", 0), "•");
        assert_eq!(next("3", 0), "9.", "a start override restarts the list");
        assert_eq!(next("3", 1), "9.1");
        assert_eq!(next("0", 0), "");
        assert_eq!(next("77", 0), "", "an unknown list is not numbered");
    }
}
