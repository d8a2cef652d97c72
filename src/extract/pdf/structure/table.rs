//! Tables: runs of lines split into aligned segments, rebuilt as rows of cells.
//!
//! [`find_tables`] grows a table on one page from a line with two or more segments ([`cells`]),
//! merging segment extents into columns; [`rebuild_rows`] then decides, line by line, whether a
//! line starts a row or continues the cells above: a line whose first word would have fitted at
//! the end of the line above in the same column was not wrapped, so it starts a row
//! ([`wraps_into`]), as does a wider gap or, at one pitch, a line of capitalised cells
//! ([`starts_row`]). [`push_table`] joins a table to the one that ran off the previous page. A new
//! signal for a row break belongs in [`rebuild_rows`].

use std::ops::Range;

use super::stats::Stats;
use super::{Part, Plan, list_marker};
use crate::extract::pdf::layout::Line;

#[derive(Debug)]
pub(super) struct TablePlan {
    pub(super) page: usize,
    /// Column extents (x0, x1).
    pub(super) columns: Vec<(f32, f32)>,
    /// Rows of cells of parts.
    pub(super) rows: Vec<Vec<Vec<Part>>>,
    pub(super) header: bool,
}

/// Append a table, joining it to a table that ran off the previous page: same columns, with
/// the header row repeated or not.
pub(super) fn push_table(
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
pub(super) fn find_tables(
    p: usize,
    lines: &[Line],
    stats: &Stats,
) -> Vec<(Range<usize>, TablePlan)> {
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
