//! From the lines of every page to a [`Document`]: running headers and footers, tables,
//! headings, list items and paragraphs.
//!
//! Everything here reads geometry the producer left behind, measured against the document's own
//! body text: the body font size and line pitch are the most common ones, so a heading is a line
//! set larger or in bold, and a paragraph ends at a gap wider than the pitch. Tables are found as
//! runs of lines split into aligned segments; their rows are rebuilt by asking, for each line,
//! whether its first word would have fitted at the end of the line above in the same column —
//! if not, the producer wrapped the cell, and the line continues the row.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

use super::layout::Line;
use crate::document::{BlockKind, Builder, Document, Format, Origin};

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

#[derive(Debug)]
struct TablePlan {
    page: usize,
    /// Column extents (x0, x1).
    columns: Vec<(f32, f32)>,
    /// Rows of cells of parts.
    rows: Vec<Vec<Vec<Part>>>,
    header: bool,
}

struct Stats {
    body_size: f32,
    /// Baseline-to-baseline distance of body lines, per point of font size.
    pitch_ratio: f32,
    heading_sizes: Vec<f32>,
    /// Every word in the document, lower-cased, without surrounding punctuation: a word broken
    /// across lines is joined only into a word the document uses elsewhere.
    words: HashMap<String, u32>,
    /// Right edge of the text on each page.
    right_edge: Vec<f32>,
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

/// Normalised text for comparing header and footer lines across pages.
fn furniture_key(text: &str) -> String {
    let mut key = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !key.ends_with('#') {
                key.push('#');
            }
        } else if !c.is_whitespace() {
            key.extend(c.to_lowercase());
        }
    }
    key
}

fn is_page_number(key: &str) -> bool {
    let key = key.trim_matches(|c: char| c == '-' || c == '–' || c == '|');
    let key = key.strip_prefix("page").unwrap_or(key);
    matches!(key, "#" | "#of#" | "#/#" | "p.#" | "(#)" | "[#]")
}

/// Mark running headers, footers and page numbers: the first or last lines of a page, set off
/// from the body by a gap, whose text (digits aside) recurs on other pages, or that are a page
/// number.
fn mark_furniture(pages: &mut [Vec<Line>]) {
    // Candidates: up to two lines at each end of a page, each set apart from its neighbour.
    let mut candidates: Vec<(usize, usize, String)> = Vec::new();
    for (p, lines) in pages.iter().enumerate() {
        let n = lines.len();
        let apart = |i: usize, j: usize| {
            let (a, b) = (&lines[i], &lines[j]);
            (a.y - b.y).abs() > 1.8 * a.size.max(b.size)
        };
        for (i, line) in lines.iter().enumerate().take(2) {
            // A top line is a candidate if every line up to it and the line after are apart.
            if i + 1 < n && apart(i, i + 1) || n == 1 {
                candidates.push((p, i, furniture_key(&line.text)));
            }
            if i + 1 < n && !apart(i, i + 1) {
                break;
            }
        }
        for k in 0..n.min(2) {
            let i = n - 1 - k;
            if i < 2 && candidates.iter().any(|&(cp, ci, _)| cp == p && ci == i) {
                break;
            }
            if i >= 1 && apart(i - 1, i) {
                candidates.push((p, i, furniture_key(&lines[i].text)));
            }
            if i >= 1 && !apart(i - 1, i) {
                break;
            }
        }
    }
    let mut pages_with: HashMap<&str, HashSet<usize>> = HashMap::new();
    for (p, _, key) in &candidates {
        pages_with.entry(key.as_str()).or_default().insert(*p);
    }
    let total = pages.len();
    let marks: Vec<(usize, usize)> = candidates
        .iter()
        .filter(|(_, _, key)| {
            let seen = pages_with.get(key.as_str()).map_or(0, HashSet::len);
            is_page_number(key) || (seen >= 2 && seen * 5 >= total * 2)
        })
        .map(|&(p, i, _)| (p, i))
        .collect();
    for (p, i) in marks {
        pages[p][i].furniture = true;
    }
}

impl Stats {
    fn measure(pages: &[Vec<Line>]) -> Stats {
        let mut sizes: HashMap<i32, usize> = HashMap::new();
        let mut words: HashMap<String, u32> = HashMap::new();
        for line in pages.iter().flatten().filter(|l| !l.furniture) {
            for word in &line.words {
                *sizes.entry((word.size * 2.0).round() as i32).or_default() +=
                    word.text.chars().count();
                let inner = word.text.trim_matches(|c: char| !c.is_alphanumeric());
                if !inner.is_empty() {
                    *words.entry(inner.to_lowercase()).or_default() += 1;
                }
            }
        }
        let body_size = sizes
            .iter()
            .max_by_key(|&(size, n)| (*n, -size))
            .map_or(10.0, |(&s, _)| s as f32 / 2.0);
        // Line pitch of body text.
        let mut pitches: HashMap<i32, usize> = HashMap::new();
        for lines in pages {
            for pair in lines.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                if a.furniture
                    || b.furniture
                    || !near(a.size, body_size)
                    || !near(b.size, body_size)
                {
                    continue;
                }
                let gap = a.y - b.y;
                if gap > 0.9 * body_size && gap < 2.5 * body_size {
                    *pitches.entry((gap * 4.0).round() as i32).or_default() += 1;
                }
            }
        }
        let pitch = pitches
            .iter()
            .max_by_key(|&(g, n)| (*n, -g))
            .map_or(1.2 * body_size, |(&g, _)| g as f32 / 4.0);
        let mut heading_sizes: Vec<f32> = Vec::new();
        for line in pages.iter().flatten() {
            if !line.furniture
                && line.size >= body_size * 1.12
                && line.words.len() <= 25
                && !heading_sizes.iter().any(|&s| (s - line.size).abs() < 0.6)
            {
                heading_sizes.push(line.size);
            }
        }
        heading_sizes.sort_by(|a, b| b.total_cmp(a));
        let right_edge = pages
            .iter()
            .map(|lines| {
                lines
                    .iter()
                    .filter(|l| !l.furniture)
                    .map(Line::x1)
                    .fold(0.0, f32::max)
            })
            .collect();
        Stats {
            body_size,
            pitch_ratio: pitch / body_size,
            heading_sizes,
            words,
            right_edge,
        }
    }

    /// Largest baseline gap that still continues a paragraph of this size.
    fn paragraph_gap(&self, size: f32) -> f32 {
        size * self.pitch_ratio * 1.25 + 0.5
    }

    fn heading_level(&self, line: &Line) -> Option<u8> {
        if line.furniture || line.words.len() > 25 || !line.text.chars().any(char::is_alphabetic) {
            return None;
        }
        if list_marker(&line.words[0].text).is_some() && line.words.len() > 1 && !line.bold {
            return None;
        }
        if let Some(i) = self
            .heading_sizes
            .iter()
            .position(|&s| (s - line.size).abs() < 0.6)
        {
            return Some((i + 1).min(6) as u8);
        }
        let ends = line.text.chars().last().unwrap_or(' ');
        if line.bold
            && near(line.size, self.body_size)
            && line.words.len() <= 14
            && !matches!(ends, '.' | ',' | ';')
        {
            return Some((self.heading_sizes.len() + 1).min(6) as u8);
        }
        None
    }
}

fn near(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.6
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

/// Append a table, joining it to a table that ran off the previous page: same columns, with
/// the header row repeated or not.
fn push_table(
    plans: &mut Vec<Plan>,
    mut table: TablePlan,
    pages: &[Vec<Line>],
    first_on_page: bool,
) {
    if first_on_page && let Some(Plan::Table(previous)) = plans.last_mut() {
        let same_columns = previous.columns.len() == table.columns.len()
            && previous
                .columns
                .iter()
                .zip(&table.columns)
                .all(|(a, b)| (a.0 - b.0).abs() < 6.0 || (a.1 - b.1).abs() < 6.0);
        if same_columns && previous.page + 1 == table.page {
            let text = |row: &Vec<Vec<Part>>| -> Vec<String> {
                row.iter()
                    .map(|cell| {
                        cell.iter()
                            .flat_map(|part| {
                                pages[part.page][part.line].words[part.words.clone()].iter()
                            })
                            .map(|w| w.text.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect()
            };
            let repeated =
                previous.header && previous.rows.first().map(text) == table.rows.first().map(text);
            let skip = usize::from(repeated);
            let mut rows = table.rows.drain(..).skip(skip).peekable();
            // A row that broke across the page: its first cell is empty on the new page.
            let several = previous.rows.len() > 1;
            if let (Some(first), Some(last)) = (rows.peek(), previous.rows.last_mut())
                && first[0].is_empty()
                && !last[0].is_empty()
                && several
            {
                let first = rows.next().unwrap_or_default();
                for (cell, parts) in last.iter_mut().zip(first) {
                    cell.extend(parts);
                }
            }
            previous.rows.extend(rows);
            previous.page = table.page;
            return;
        }
    }
    plans.push(Plan::Table(table));
}

/// A line's segments as table cells: a list bullet or number set apart from its text is not a
/// cell of its own.
fn cells(line: &Line) -> Vec<Range<usize>> {
    let mut segments = line.segments();
    if segments.len() >= 2 && segments[0].len() == 1 && list_marker(&line.words[0].text).is_some() {
        let second = segments.remove(1);
        segments[0].end = second.end;
    }
    segments
}

/// Tables on one page: (line range, plan).
fn find_tables(p: usize, lines: &[Line], stats: &Stats) -> Vec<(Range<usize>, TablePlan)> {
    let mut out: Vec<(Range<usize>, TablePlan)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.furniture || cells(line).len() < 2 {
            i += 1;
            continue;
        }
        // Grow a region from this multi-segment line.
        let mut columns: Vec<(f32, f32)> = Vec::new();
        add_segments(&mut columns, line);
        let mut end = i + 1;
        let mut row_lines = 1;
        while end < lines.len() {
            let (prev, next) = (&lines[end - 1], &lines[end]);
            if next.furniture
                || prev.y - next.y > 2.4 * prev.size.max(next.size)
                || prev.y <= next.y
            {
                break;
            }
            if stats
                .heading_level(next)
                .is_some_and(|_| next.size > stats.body_size * 1.12)
            {
                break;
            }
            if cells(next).len() >= 2 {
                // A line whose segments bridge the columns so far is not part of this table.
                let mut grown = columns.clone();
                add_segments(&mut grown, next);
                if grown.len() < columns.len() {
                    break;
                }
                columns = grown;
                row_lines += 1;
            } else {
                match column_of(&columns, next.x0(), next.x1()) {
                    None => break,
                    // A heading at the left margin ends the table.
                    Some(0) if stats.heading_level(next).is_some() => break,
                    Some(_) => {}
                }
            }
            end += 1;
        }
        // Trailing single-segment lines in the first column are as likely to be the paragraph
        // after the table: keep them only if the row pitch says so.
        while end > i + 1 && cells(&lines[end - 1]).len() < 2 {
            let (prev, last) = (&lines[end - 2], &lines[end - 1]);
            let first_column = column_of(&columns, last.x0(), last.x1()) == Some(0);
            if first_column && prev.y - last.y > stats.paragraph_gap(last.size) {
                end -= 1;
            } else {
                break;
            }
        }
        if row_lines >= 2 && columns.len() >= 2 {
            // A header cell set lower in its row (bottom-aligned) sits above the first line with
            // several cells, in a column other than the first.
            let mut start = i;
            while start > 0 {
                let (above, below) = (&lines[start - 1], &lines[start]);
                let column = column_of(&columns, above.x0(), above.x1());
                let close = above.y - below.y <= 1.6 * above.size.max(below.size);
                if above.furniture
                    || !close
                    || column.is_none_or(|c| c == 0)
                    || cells(above).len() > 1
                {
                    break;
                }
                start -= 1;
            }
            if let Some((last, _)) = out.last() {
                start = start.max(last.end);
            }
            out.push((start..end, rebuild_rows(p, lines, start..end, columns)));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Merge a line's segments into the column extents.
fn add_segments(columns: &mut Vec<(f32, f32)>, line: &Line) {
    for segment in cells(line) {
        let (x0, x1) = (line.words[segment.start].x0, line.words[segment.end - 1].x1);
        columns.push((x0, x1));
    }
    columns.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut merged: Vec<(f32, f32)> = Vec::new();
    for &(x0, x1) in columns.iter() {
        match merged.last_mut() {
            Some(last) if x0 < last.1 => last.1 = last.1.max(x1),
            _ => merged.push((x0, x1)),
        }
    }
    *columns = merged;
}

/// The column a segment from x0 to x1 belongs to: the one it overlaps most.
fn column_of(columns: &[(f32, f32)], x0: f32, x1: f32) -> Option<usize> {
    let mut best = None;
    let mut best_overlap = 0.0;
    for (c, &(a, b)) in columns.iter().enumerate() {
        // A segment must stay between its neighbours.
        let limit = columns.get(c + 1).map_or(f32::INFINITY, |n| n.0);
        let floor = if c == 0 {
            f32::NEG_INFINITY
        } else {
            columns[c - 1].1
        };
        let overlap = b.min(x1) - a.max(x0);
        if overlap > best_overlap && x1 <= limit + 1.0 && x0 >= floor - 1.0 {
            best_overlap = overlap;
            best = Some(c);
        }
    }
    best
}

fn rebuild_rows(
    p: usize,
    lines: &[Line],
    range: Range<usize>,
    columns: Vec<(f32, f32)>,
) -> TablePlan {
    let ncols = columns.len();
    let gaps: Vec<f32> = range
        .clone()
        .skip(1)
        .map(|i| lines[i - 1].y - lines[i].y)
        .collect();
    let min_gap = gaps.iter().copied().fold(f32::INFINITY, f32::min);
    let max_gap = gaps.iter().copied().fold(0.0, f32::max);
    // Rows set further apart than the lines inside a cell (a word processor's cell padding).
    let pitch_splits = max_gap > min_gap * 1.15 + 0.5;
    // Below a header rule the rows may be set at one pitch (LaTeX): then only the text tells.
    let body = gaps.get(1..).unwrap_or(&[]);
    let body_min = body.iter().copied().fold(f32::INFINITY, f32::min);
    let uniform_body = body.iter().all(|&g| g <= body_min * 1.1 + 0.3);
    let mut rows: Vec<Vec<Vec<Part>>> = Vec::new();
    for i in range.clone() {
        let line = &lines[i];
        let mut row_cells: Vec<Vec<Part>> = vec![Vec::new(); ncols];
        for segment in cells(line) {
            let (x0, x1) = (line.words[segment.start].x0, line.words[segment.end - 1].x1);
            let c = column_of(&columns, x0, x1).unwrap_or_else(|| {
                columns
                    .iter()
                    .rposition(|col| col.0 <= x0 + 1.0)
                    .unwrap_or(0)
            });
            row_cells[c].push(Part {
                page: p,
                line: i,
                words: segment,
            });
        }
        let new_row = match rows.last() {
            None => true,
            Some(row) => {
                let gap = lines[i - 1].y - line.y;
                // Rows set further apart than the lines in a cell; and, whatever the pitch, a line
                // whose text could not have wrapped from the cell above starts a row. A column
                // the row has no text in yet may be filling from the bottom or middle.
                (pitch_splits && gap > min_gap * 1.1 + 0.3)
                    || row_cells.iter().enumerate().any(|(c, parts)| {
                        let Some(part) = parts.first() else {
                            return false;
                        };
                        row[c].last().is_some()
                            && !wraps_into(lines, row[c].last(), part, columns[c].1 - columns[c].0)
                    })
                    || (uniform_body && starts_row(lines, row, &row_cells))
            }
        };
        if new_row {
            rows.push(row_cells);
        } else if let Some(row) = rows.last_mut() {
            for (cell, parts) in row.iter_mut().zip(row_cells) {
                cell.extend(parts);
            }
        }
    }
    let header = rows.len() >= 2;
    TablePlan {
        page: p,
        columns,
        rows,
        header,
    }
}

/// At one pitch, a line whose cells start with capitals, none lower-case, after cells that
/// could have ended, starts a row: cell text begins a sentence; a wrapped line rarely does.
fn starts_row(lines: &[Line], row: &[Vec<Part>], cells: &[Vec<Part>]) -> bool {
    let mut capitals = 0;
    for (c, parts) in cells.iter().enumerate() {
        let Some(part) = parts.first() else { continue };
        let first = lines[part.line].words[part.words.start]
            .text
            .chars()
            .next()
            .unwrap_or(' ');
        if first.is_lowercase() {
            return false;
        }
        if let Some(prev) = row[c].last() {
            let words = &lines[prev.line].words[prev.words.clone()];
            let last = &words[words.len() - 1].text;
            let brackets: i32 = words
                .iter()
                .flat_map(|w| w.text.chars())
                .map(|c| match c {
                    '(' | '[' => 1,
                    ')' | ']' => -1,
                    _ => 0,
                })
                .sum();
            let open = brackets > 0
                || last.ends_with([',', '(', '-', '/', '&'])
                || matches!(
                    last.to_lowercase().as_str(),
                    "and" | "or" | "of" | "the" | "for" | "to" | "in" | "a" | "an" | "with" | "by"
                );
            if open {
                return false;
            }
        }
        capitals += usize::from(
            first.is_uppercase() || first.is_ascii_digit() || matches!(first, '£' | '€' | '$'),
        );
    }
    capitals >= 2
}

/// Would `next` have been wrapped from the line holding `prev` in a column `width` wide? It was
/// if its first word would not have fitted after `prev`. Numbers do not wrap into numbers.
fn wraps_into(lines: &[Line], prev: Option<&Part>, next: &Part, width: f32) -> bool {
    let Some(prev) = prev else { return false };
    let prev_line = &lines[prev.line];
    let next_line = &lines[next.line];
    let (start, end) = (
        &prev_line.words[prev.words.start],
        &prev_line.words[prev.words.end - 1],
    );
    let first = &next_line.words[next.words.start];
    let numeric =
        |t: &str| t.chars().any(|c| c.is_ascii_digit()) && !t.chars().any(char::is_alphabetic);
    let opens_number = first
        .text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '£' | '€' | '$'));
    if numeric(&end.text) && opens_number {
        return false;
    }
    let space = 0.2 * first.size;
    (end.x1 - start.x0) + space + (first.x1 - first.x0) > width - 0.5 * first.size
}

struct Writer<'a> {
    builder: Builder,
    pages: &'a [Vec<Line>],
    stats: &'a Stats,
}

#[derive(Clone, Copy, PartialEq)]
enum Join {
    Space,
    Touch,
    DropHyphen,
}

impl Writer<'_> {
    fn line(&self, part: &Part) -> &Line {
        &self.pages[part.page][part.line]
    }

    fn write(&mut self, plan: &Plan) {
        match plan {
            Plan::Heading { level, parts } => {
                self.builder.begin_block();
                self.parts(parts, None);
                self.builder
                    .end_block(BlockKind::Heading { level: *level }, None);
            }
            Plan::Paragraph { parts } => {
                self.builder.begin_block();
                self.parts(parts, None);
                self.builder.end_block(BlockKind::Paragraph, None);
            }
            Plan::Item {
                label,
                depth,
                parts,
            } => {
                self.builder.begin_block();
                self.parts(parts, None);
                let number = label.trim_end_matches(['.', ')']).trim_start_matches('(');
                let clause = number
                    .split('.')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| number.to_string());
                self.builder.end_block(
                    BlockKind::ListItem {
                        label: label.clone(),
                        depth: *depth,
                    },
                    clause,
                );
            }
            Plan::Table(table) => {
                self.builder.begin_table(None);
                for (r, row) in table.rows.iter().enumerate() {
                    self.builder.begin_row();
                    for (c, cell) in row.iter().enumerate() {
                        self.builder.begin_cell();
                        self.parts(cell, Some(table.columns[c].1));
                        self.builder.end_cell();
                    }
                    self.builder.end_row(table.header && r == 0);
                }
                self.builder.end_table(None);
            }
        }
    }

    /// Push a sequence of parts, joining lines with a space, a repaired hyphenation, or nothing
    /// where a narrow cell broke a word.
    fn parts(&mut self, parts: &[Part], cell_right: Option<f32>) {
        for (k, part) in parts.iter().enumerate() {
            let join = match parts.get(k + 1) {
                Some(next) => self.join(part, next, cell_right),
                None => Join::Space,
            };
            let line = self.line(part);
            if part.words.is_empty() {
                continue;
            }
            let mut text = line.words[part.words.clone()]
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            if join == Join::DropHyphen {
                text.pop();
            }
            let origin = Origin::Page {
                page: line.page,
                line: line.number,
                column: line.columns[part.words.start],
            };
            self.builder.push(&text, origin, 0, true);
            if join == Join::Space && k + 1 < parts.len() {
                self.builder.push_joiner(" ");
            }
        }
    }

    fn join(&self, part: &Part, next: &Part, cell_right: Option<f32>) -> Join {
        let line = self.line(part);
        let next_line = self.line(next);
        let (Some(last), Some(first)) = (
            line.words
                .get(part.words.end.saturating_sub(1))
                .filter(|_| !part.words.is_empty()),
            next_line
                .words
                .get(next.words.start)
                .filter(|_| !next.words.is_empty()),
        ) else {
            return Join::Space;
        };
        let last_text = last.text.as_str();
        let first_char = first.text.chars().next().unwrap_or(' ');
        if matches!(first_char, ',' | '.' | ';' | ':' | ')' | ']' | '%') {
            return Join::Touch;
        }
        let joined = |a: &str, b: &str| {
            let a = a.trim_start_matches(|c: char| !c.is_alphanumeric());
            let b: String = b.chars().take_while(|c| c.is_alphanumeric()).collect();
            format!("{a}{b}").to_lowercase()
        };
        if last_text.ends_with('\u{AD}') {
            return Join::DropHyphen;
        }
        let before_hyphen = last_text
            .strip_suffix('-')
            .or_else(|| last_text.strip_suffix('\u{2010}'));
        if let Some(stem) = before_hyphen
            && stem.chars().last().is_some_and(char::is_alphabetic)
        {
            // A hyphenation point: the whole word is used elsewhere in the document. Otherwise
            // the hyphen is part of the word ("trauma-informed").
            if first_char.is_lowercase()
                && self.stats.words.contains_key(&joined(stem, &first.text))
            {
                return Join::DropHyphen;
            }
            return Join::Touch;
        }
        // A number broken at its thousands separator: "£210," / "000".
        let mut tail = last_text.chars().rev();
        if tail.next() == Some(',')
            && tail.next().is_some_and(|c| c.is_ascii_digit())
            && first.text.chars().take(3).all(|c| c.is_ascii_digit())
            && first.text.chars().take(3).count() == 3
        {
            return Join::Touch;
        }
        // A word too long for a narrow cell, broken where the cell ended.
        if let Some(right) = cell_right {
            let full = last.x1 >= right - 1.0 * last.size;
            let letters = last_text.chars().last().is_some_and(char::is_alphanumeric)
                && first_char.is_alphanumeric();
            let known = self
                .stats
                .words
                .contains_key(&joined(last_text, &first.text));
            // A fragment seen nowhere else, filling the cell to its edge, is half a word.
            let fragment = part.words.len() == 1
                && !last_text.contains('-')
                && last.x1 >= right - 0.3 * last.size
                && first_char.is_lowercase()
                && self
                    .stats
                    .words
                    .get(&last_text.to_lowercase())
                    .is_some_and(|&n| n == 1);
            if full && letters && (known || fragment) {
                return Join::Touch;
            }
        }
        Join::Space
    }
}
