//! Lists and outline numbering in the walker: which counters a `text:list` uses (its own, its
//! parent list's, or an earlier list's it continues), and the label and clause number of each
//! list item and numbered heading.
//!
//! To support another way of continuing a list: extend `Walker::list_start`.

use quick_xml::events::BytesStart;

use super::{Frame, OpenList, Walker};
use crate::extract::odt::LEVELS;
use crate::extract::odt::styles::Level;
use crate::extract::office::clause::{clause_of, item_clause};
use crate::extract::office::numbering::LevelCounters;
use crate::extract::xml::attr;

impl Walker<'_> {
    /// Number the innermost list item: its label and clause number.
    pub(super) fn number_item(
        &mut self,
        paragraph_style: Option<&str>,
    ) -> (String, Option<String>) {
        let Some(item) = self.items.last_mut() else {
            return (String::new(), None);
        };
        item.pending = false;
        let inherited = item.clause.clone();
        if item.header {
            return (String::new(), inherited);
        }
        let start_value = item.start_value;
        let cached = item.number.take();
        let Some(list) = self.lists.last() else {
            return ("•".into(), inherited);
        };
        let level = list.level.clamp(1, LEVELS);
        let styles = self.styles;
        let style = list
            .style
            .as_deref()
            .or_else(|| styles.list_style_of(paragraph_style))
            .and_then(|name| styles.lists.get(name));
        let shown = style.and_then(|s| s.levels[level - 1].as_ref());
        let counters = &mut self.counters[list.counters];
        let first = shown.map_or(1, Level::start);
        let value = start_value.unwrap_or_else(|| counters.following(level - 1, first));
        counters.set(level - 1, value);
        counters.restart_below(level - 1);
        let counters = *counters;
        let (label, own_decimal) = match (cached, shown, style) {
            (Some(cached), _, _) => (
                cached.trim().to_string(),
                matches!(shown, Some(Level::Number(n)) if n.own_decimal(level)),
            ),
            (None, Some(Level::Number(number)), Some(style)) => (
                number.label(&counters, level, style),
                number.own_decimal(level),
            ),
            (None, Some(Level::Bullet(bullet)), _) => return (bullet.clone(), inherited),
            _ => return ("•".into(), inherited),
        };
        let clause = item_clause(&label, inherited.as_deref(), own_decimal);
        if let Some(item) = self.items.last_mut() {
            item.clause.clone_from(&clause);
        }
        (label, clause)
    }

    /// Advance the outline numbering for a heading and return its clause number, if the
    /// outline style numbers that level.
    pub(super) fn number_heading(&mut self, e: &BytesStart<'_>, level: u8) -> Option<String> {
        if attr(e, "is-list-header").as_deref() == Some("true") {
            return None;
        }
        let level = usize::from(level).clamp(1, LEVELS);
        let outline = self.styles.outline.as_ref();
        let shown = outline.and_then(|o| o.levels[level - 1].as_ref());
        let first = shown.map_or(1, Level::start);
        let value = if attr(e, "restart-numbering").as_deref() == Some("true") {
            attr(e, "start-value")
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(first)
        } else {
            self.outline.following(level - 1, first)
        };
        self.outline.set(level - 1, value);
        self.outline.restart_below(level - 1);
        match (shown, outline) {
            (Some(Level::Number(number)), Some(outline)) => {
                clause_of(&number.label(&self.outline, level, outline))
            }
            _ => None,
        }
    }

    /// A `text:list` starts: its level, the list style in effect and the counters it numbers
    /// with (a nested list shares its parent's; a continued list takes the earlier list's).
    pub(super) fn list_start(&mut self, e: &BytesStart<'_>, in_item: bool) -> Frame {
        let own_style = attr(e, "style-name").filter(|s| !s.is_empty());
        let parent = if in_item { self.lists.last() } else { None };
        let parent = parent.map(|p| (p.level, p.counters, p.style.clone()));
        let top = parent.is_none();
        let (level, counters, style) = match parent {
            Some((parent_level, parent_counters, parent_style)) => (
                parent_level + 1,
                parent_counters,
                own_style.or(parent_style),
            ),
            None => {
                let continued = attr(e, "continue-list")
                    .and_then(|id| self.list_ids.get(&id).copied())
                    .or_else(|| {
                        (attr(e, "continue-numbering").as_deref() == Some("true"))
                            .then_some(self.last_list)
                            .flatten()
                    });
                let counters = continued.unwrap_or_else(|| {
                    self.counters.push(LevelCounters::default());
                    self.counters.len() - 1
                });
                (1, counters, own_style)
            }
        };
        if let Some(id) = attr(e, "id") {
            self.list_ids.insert(id, counters);
        }
        self.lists.push(OpenList {
            style,
            level,
            counters,
            top,
        });
        Frame::List
    }
}
