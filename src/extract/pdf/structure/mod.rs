//! From the lines of every page to a [`Document`]: running headers and footers, tables,
//! headings, list items and paragraphs.
//!
//! Everything here reads geometry the producer left behind, measured against the document's own
//! body text: the body font size and line pitch are the most common ones, so a heading is a line
//! set larger or in bold, and a paragraph ends at a gap wider than the pitch. Tables are found as
//! runs of lines split into aligned segments; their rows are rebuilt by asking, for each line,
//! whether its first word would have fitted at the end of the line above in the same column —
//! if not, the producer wrapped the cell, and the line continues the row.
//!
//! The steps, in order, each in its own file: [`furniture`] marks running headers, footers and
//! page numbers; [`stats`] measures the body text ([`Stats`]); [`plan`] here lays the lines out
//! as blocks ([`Plan`]: headings, list items, paragraphs), asking [`table`] for the tables on each
//! page ([`TablePlan`]); [`writer`] writes the blocks into the [`Document`] with each run's page
//! and line. A new kind of block is a new [`Plan`] variant, found in [`plan`] and written in
//! [`writer`].

mod furniture;
mod stats;
mod table;
mod writer;

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use furniture::mark_furniture;
use stats::{Stats, near};
use table::{TablePlan, find_tables, push_table};
use writer::Writer;

use super::layout::Line;
use crate::document::{Builder, Document, Format};

/// A run of words on one line: (page index, line index, word range).
#[derive(Clone, Debug)]
struct Part {
    page: usize,
    line: usize,
    words: Range<usize>,
}

#[derive(Debug)]
enum Plan {
    Heading {
        level: u8,
        parts: Vec<Part>,
    },
    Paragraph {
        parts: Vec<Part>,
    },
    Item {
        label: String,
        depth: u8,
        parts: Vec<Part>,
    },
    Table(TablePlan),
}

pub fn build(path: PathBuf, mut pages: Vec<Vec<Line>>) -> Document {
    mark_furniture(&mut pages);
    let stats = Stats::measure(&pages);
    let plans = plan(&pages, &stats);
    let mut builder = Builder::new(path, Format::Pdf);
    builder.set_pages(
        pages
            .iter()
            .map(|lines| {
                lines
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect(),
    );
    let mut writer = Writer {
        builder,
        pages: &pages,
        stats: &stats,
    };
    for plan in &plans {
        writer.write(plan);
    }
    writer.builder.finish()
}

/// The label of a list item, if the word starts one: a bullet, "1.", "(a)", "b)", "iv.".
fn list_marker(word: &str) -> Option<String> {
    const BULLETS: &[&str] = &[
        "•", "◦", "▪", "■", "●", "∙", "·", "–", "-", "*", "\u{F0B7}", "\u{F0A7}", "\u{F076}", "➢",
        "✓",
    ];
    if BULLETS.contains(&word) {
        return Some("•".to_string());
    }
    let bytes = word.as_bytes();
    let label = if let Some(inner) = word.strip_prefix('(').and_then(|w| w.strip_suffix(')')) {
        (!inner.is_empty() && inner.len() <= 4 && inner.chars().all(char::is_alphanumeric))
            .then(|| word.to_string())
    } else if let Some(body) = word.strip_suffix('.').or_else(|| word.strip_suffix(')')) {
        let digits =
            !body.is_empty() && body.len() <= 3 && body.bytes().all(|b| b.is_ascii_digit());
        let letter = body.len() == 1 && bytes[0].is_ascii_alphabetic();
        let roman =
            !body.is_empty() && body.len() <= 5 && body.chars().all(|c| "ivxIVX".contains(c));
        (digits || letter || roman).then(|| word.to_string())
    } else {
        None
    };
    label.or_else(|| {
        // A clause number such as "9.2" or "10.1.3".
        let parts: Vec<&str> = word.trim_end_matches('.').split('.').collect();
        (parts.len() >= 2
            && parts.len() <= 4
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit())))
        .then(|| word.to_string())
    })
}

fn ends_sentence(text: &str) -> bool {
    matches!(
        text.trim_end_matches(['"', '\'', ')', '”', '’'])
            .chars()
            .last(),
        Some('.' | '!' | '?' | ':')
    )
}

/// Lay out the document as a sequence of blocks.
fn plan(pages: &[Vec<Line>], stats: &Stats) -> Vec<Plan> {
    let mut plans: Vec<Plan> = Vec::new();
    let mut markers: Vec<f32> = Vec::new();
    for (p, lines) in pages.iter().enumerate() {
        let tables = find_tables(p, lines, stats);
        let mut table_at: HashMap<usize, usize> = HashMap::new();
        let mut in_table = vec![false; lines.len()];
        for (t, (range, _)) in tables.iter().enumerate() {
            table_at.insert(range.start, t);
            for i in range.clone() {
                in_table[i] = true;
            }
        }
        let mut tables: Vec<Option<TablePlan>> = tables.into_iter().map(|(_, t)| Some(t)).collect();
        let mut first_on_page = true;
        for (i, line) in lines.iter().enumerate() {
            if let Some(&t) = table_at.get(&i) {
                if let Some(table) = tables[t].take() {
                    markers.clear();
                    push_table(&mut plans, table, pages, first_on_page);
                }
                first_on_page = false;
                continue;
            }
            if in_table[i] || line.furniture {
                continue;
            }
            let part = Part {
                page: p,
                line: i,
                words: 0..line.words.len(),
            };
            if let Some(level) = stats.heading_level(line) {
                markers.clear();
                if let Some(Plan::Heading { level: l, parts }) = plans.last_mut() {
                    let last = parts.last().map(|q| &pages[q.page][q.line]);
                    if *l == level
                        && last.is_some_and(|q| {
                            q.page == line.page
                                && near(q.size, line.size)
                                && q.y - line.y <= stats.paragraph_gap(line.size)
                        })
                    {
                        parts.push(part);
                        first_on_page = false;
                        continue;
                    }
                }
                plans.push(Plan::Heading {
                    level,
                    parts: vec![part],
                });
                first_on_page = false;
                continue;
            }
            let previous = plans
                .last()
                .and_then(last_part)
                .map(|q| &pages[q.page][q.line]);
            let continues = previous.is_some_and(|prev| continues(prev, line, stats));
            let marker = list_marker(&line.words[0].text).filter(|_| line.words.len() > 1);
            // A number at the start of a line inside a running sentence is not a list label.
            let marker = marker.filter(|_| {
                let running = continues
                    && previous.is_some_and(|p| {
                        !ends_sentence(&p.text) && (text_x(p) - line.x0()).abs() < 2.0
                    });
                !running
            });
            if let Some(label) = marker {
                let x = line.x0();
                while markers.last().is_some_and(|&m| m > x + 2.0) {
                    markers.pop();
                }
                if !markers.last().is_some_and(|&m| (m - x).abs() <= 2.0) {
                    markers.push(x);
                }
                // Bullets and list numbers ("3.", "b)") are the list's, not the text's; a
                // bracketed or clause number ("(2)", "9.2") is written as part of the text.
                let in_text = label.starts_with('(') || label.trim_end_matches('.').contains('.');
                plans.push(Plan::Item {
                    label,
                    depth: markers.len().saturating_sub(1) as u8,
                    parts: vec![Part {
                        page: p,
                        line: i,
                        words: usize::from(!in_text)..line.words.len(),
                    }],
                });
                first_on_page = false;
                continue;
            }
            let extend = match plans.last_mut() {
                Some(Plan::Paragraph { parts }) if continues => Some(parts),
                Some(Plan::Item { parts, .. }) if continues => {
                    // A list item continues with lines indented past its marker.
                    // A list item continues with lines that do not start left of its label.
                    let first = &pages[parts[0].page][parts[0].line];
                    (line.x0() >= first.x0() - 2.0 || line.page != first.page).then_some(parts)
                }
                _ => None,
            };
            match extend {
                Some(parts) => parts.push(part),
                None => {
                    if line.x0() <= markers.first().copied().unwrap_or(f32::NEG_INFINITY) + 2.0 {
                        markers.clear();
                    }
                    plans.push(Plan::Paragraph { parts: vec![part] });
                }
            }
            first_on_page = false;
        }
    }
    plans
}

/// Where a line's text starts, after its list label if it has one.
fn text_x(line: &Line) -> f32 {
    match line.words.get(1) {
        Some(second) if list_marker(&line.words[0].text).is_some() => second.x0,
        _ => line.x0(),
    }
}

fn last_part(plan: &Plan) -> Option<&Part> {
    match plan {
        Plan::Paragraph { parts } | Plan::Item { parts, .. } => parts.last(),
        _ => None,
    }
}

/// Does `line` carry on the paragraph whose last line is `prev`?
fn continues(prev: &Line, line: &Line, stats: &Stats) -> bool {
    if prev.page != line.page {
        return !ends_sentence(&prev.text);
    }
    let gap = prev.y - line.y;
    if gap <= 0.0 || gap > stats.paragraph_gap(prev.size.max(line.size)) {
        return false;
    }
    if (line.size - prev.size).abs() > 0.15 * prev.size.max(line.size) {
        return false;
    }
    // A short line that ends a sentence ends its paragraph.
    let right = stats
        .right_edge
        .get((line.page as usize).saturating_sub(1))
        .copied()
        .unwrap_or(0.0);
    !(prev.x1() < right - 4.0 * prev.size && ends_sentence(&prev.text))
}
