//! Tables in the walker: the outermost table becomes a table block whose rows are buffered (so a
//! repeated row or cell is written a bounded number of times); a table inside one of its cells is
//! flattened into that cell's text. The grid and the separators are the office model's
//! ([`GridRow`], [`ODF_FLATTENING`]); repeated rows and cells are ODF's own.
//!
//! To read another table element: add an arm to `Walker::table_part`.

use quick_xml::events::BytesStart;

use super::{Action, Frame, Walker};
use crate::extract::odt::runs::Runs;
use crate::extract::office::table::{GridRow, ODF_FLATTENING};
use crate::extract::xml::attr;

/// Most copies written of one repeated table row or cell. LibreOffice writes repeat counts in
/// the thousands for the empty trailing cells of a spreadsheet range pasted into a text.
const MAX_REPEAT: u32 = 1000;
/// Most cells kept for one table row.
const MAX_ROW_CELLS: usize = 1000;

/// The table being written as a block.
pub(super) struct OpenTable {
    clause: Option<String>,
    /// Grid columns declared by `table:table-column`.
    columns: usize,
    /// Depth of open `table:table-header-rows`.
    pub(super) header: u32,
    /// Depth of tables open inside the current cell.
    pub(super) nested: u32,
    row: Option<RowBuffer>,
    pub(super) cell: Option<CellBuffer>,
    /// Rows written so far.
    rows: u32,
}

struct RowBuffer {
    /// Each cell's text and whether it holds a tracked-change marker.
    cells: Vec<(Runs, bool)>,
    repeat: u32,
    header: bool,
    /// The columns a cell spanning them still covers (already padded for).
    grid: GridRow,
    /// Cells with text, and those of them whose paragraphs are all in a table-heading style.
    texted: usize,
    styled: usize,
}

pub(super) struct CellBuffer {
    pub(super) runs: Runs,
    pub(super) change: bool,
    /// Whether every paragraph so far is in a table-heading style (`None` before the first).
    pub(super) heading: Option<bool>,
    repeat: u32,
    span: u32,
}

impl Walker<'_> {
    /// A `table:table` starts: the outermost becomes a table block, one in a cell of it is
    /// flattened into the cell, and one in a paragraph or text box is walked for its text.
    pub(super) fn table_start(&mut self) -> Action {
        if self.capture > 0 {
            return Action::Enter(Frame::Other);
        }
        if let Some(table) = &mut self.table {
            let Some(cell) = &mut table.cell else {
                return Action::Skip;
            };
            cell.runs.separate(ODF_FLATTENING.paragraph);
            table.nested += 1;
            return Action::Enter(Frame::NestedTable);
        }
        if self.block.is_some() {
            return Action::Enter(Frame::Other);
        }
        let clause = self.context_clause();
        self.builder.begin_table(clause.clone());
        self.table = Some(OpenTable {
            clause,
            columns: 0,
            header: 0,
            nested: 0,
            row: None,
            cell: None,
            rows: 0,
        });
        Action::Enter(Frame::Table)
    }

    pub(super) fn table_part(&mut self, name: &str, e: &BytesStart<'_>) -> Action {
        let covered = name == "table:covered-table-cell";
        let Some(table) = self.table.as_mut().filter(|_| self.capture == 0) else {
            return if covered {
                Action::Skip
            } else {
                Action::Enter(Frame::Other)
            };
        };
        if table.nested > 0 {
            // A flattened table: rows are "; "-separated and cells ", "-separated in the cell.
            let Some(cell) = &mut table.cell else {
                return Action::Skip;
            };
            match name {
                "table:table-row" => cell.runs.separate(ODF_FLATTENING.row),
                "table:table-cell" => cell.runs.separate(ODF_FLATTENING.cell),
                "table:covered-table-cell" => return Action::Skip,
                _ => {}
            }
            return Action::Enter(Frame::Other);
        }
        let count = |attribute: &str| -> u32 {
            attr(e, attribute)
                .and_then(|v| v.trim().parse::<u32>().ok())
                .filter(|&n| n > 0)
                .unwrap_or(1)
        };
        match name {
            "table:table-column" => {
                let repeat = count("number-columns-repeated").min(MAX_REPEAT) as usize;
                table.columns = (table.columns + repeat).min(MAX_ROW_CELLS);
                Action::Enter(Frame::Other)
            }
            "table:table-header-rows" => {
                table.header += 1;
                Action::Enter(Frame::HeaderRows)
            }
            "table:table-row" => {
                if table.row.is_some() {
                    self.row_end();
                }
                let Some(table) = &mut self.table else {
                    return Action::Skip;
                };
                table.row = Some(RowBuffer {
                    cells: Vec::new(),
                    repeat: count("number-rows-repeated"),
                    header: table.header > 0,
                    grid: GridRow::default(),
                    texted: 0,
                    styled: 0,
                });
                Action::Enter(Frame::Row)
            }
            "table:table-cell" => {
                if table.row.is_none() || table.cell.is_some() {
                    return Action::Skip;
                }
                table.cell = Some(CellBuffer {
                    runs: Runs::default(),
                    change: false,
                    heading: None,
                    repeat: count("number-columns-repeated"),
                    span: count("number-columns-spanned"),
                });
                Action::Enter(Frame::Cell)
            }
            _ => {
                // A covered cell: hidden by a cell spanning it. Columns spanned from the left
                // were padded already; one covered from above is an empty cell here.
                let repeat = count("number-columns-repeated");
                let columns = table.columns;
                if let Some(row) = &mut table.row {
                    for _ in 0..repeat.min(MAX_REPEAT) {
                        if row.grid.covered_cell() && row.cells.len() < MAX_ROW_CELLS.max(columns) {
                            row.cells.push((Runs::default(), false));
                        }
                    }
                }
                Action::Skip
            }
        }
    }

    pub(super) fn cell_end(&mut self) {
        let Some(table) = &mut self.table else { return };
        let Some(cell) = table.cell.take() else {
            return;
        };
        let Some(row) = &mut table.row else { return };
        let room = MAX_ROW_CELLS.saturating_sub(row.cells.len());
        let repeat = cell.repeat.min(MAX_REPEAT) as usize;
        let copies = if cell.runs.is_empty() {
            // Empty repeats only up to the declared grid: trailing empty cells add nothing.
            repeat.min(table.columns.saturating_sub(row.cells.len()).max(1))
        } else {
            repeat.min(1 + self.repeat_budget)
        }
        .min(room);
        if !cell.runs.is_empty() {
            self.repeat_budget = self.repeat_budget.saturating_sub(copies.saturating_sub(1));
            row.texted += 1;
            row.styled += usize::from(cell.heading == Some(true));
        }
        for copy in 0..copies {
            row.cells
                .push((cell.runs.clone(), cell.change && copy == 0));
        }
        let span = row.grid.after_cell(cell.span);
        let padding = (span as usize).min(MAX_ROW_CELLS.saturating_sub(row.cells.len()));
        row.cells
            .extend(std::iter::repeat_with(|| (Runs::default(), false)).take(padding));
    }

    pub(super) fn row_end(&mut self) {
        if self.table.as_ref().is_some_and(|t| t.cell.is_some()) {
            self.cell_end();
        }
        let Some(table) = &mut self.table else { return };
        let Some(mut row) = table.row.take() else {
            return;
        };
        while row.cells.len() > table.columns.max(1)
            && row.cells.last().is_some_and(|(runs, _)| runs.is_empty())
        {
            row.cells.pop();
        }
        if row.cells.is_empty() {
            return;
        }
        // A first row whose cells are all in Writer's "Table Heading" style heads the table,
        // as a repeated header row (`table:table-header-rows`) does.
        if table.rows == 0 && row.texted > 0 && row.styled == row.texted {
            row.header = true;
        }
        table.rows += 1;
        let empty = row.cells.iter().all(|(runs, _)| runs.is_empty());
        let copies = if empty {
            1
        } else {
            let affordable = self.repeat_budget / row.cells.len();
            (row.repeat.min(MAX_REPEAT) as usize).min(1 + affordable)
        };
        self.repeat_budget = self
            .repeat_budget
            .saturating_sub((copies - 1) * row.cells.len());
        for copy in 0..copies {
            self.builder.begin_row();
            for (runs, change) in &row.cells {
                self.builder.begin_cell();
                runs.write(self.builder);
                self.builder.end_cell();
                if *change && copy == 0 && self.first_change.is_none() && !runs.is_empty() {
                    self.first_change = Some(self.builder.offset().saturating_sub(1));
                }
            }
            self.builder.end_row(row.header);
        }
    }

    pub(super) fn table_end(&mut self) {
        if self.table.as_ref().is_some_and(|t| t.row.is_some()) {
            self.row_end();
        }
        if let Some(table) = self.table.take() {
            self.builder.end_table(table.clause);
        }
    }
}
