//! Tables: the cells of a row against the table's grid ([`GridRow`]), and how a table nested in
//! a cell is written into that cell's text ([`Flattening`]).
//!
//! Both readers write the outermost table as a table block with one cell per grid column, so a
//! column keeps its index in every row: a cell spanning columns is followed by empty cells for
//! the other columns it covers, and a column with no cell of its own is an empty cell. Word marks
//! the columns a row leaves out (`w:gridBefore`, `w:gridAfter`) and the columns a cell spans
//! (`w:gridSpan`); ODF writes a `table:covered-table-cell` for each column a cell covers, to its
//! right or from the row above. A table inside a cell is not a table block: its text joins the
//! cell's, with the separators of the format's [`Flattening`].
//!
//! To handle another way of spanning: give [`GridRow`] a method saying how many empty cells it
//! stands for. To change a separator: change [`WORD_FLATTENING`] or [`ODF_FLATTENING`].

/// A row's place against the grid: the columns the last spanning cell still covers.
#[derive(Clone, Copy, Debug, Default)]
pub struct GridRow {
    covered: u32,
}

impl GridRow {
    /// A cell spanning `span` columns was written: the empty cells to write after it, one for
    /// each other column it covers. The covered-cell markers for those columns then add nothing
    /// (see [`GridRow::covered_cell`]).
    pub fn after_cell(&mut self, span: u32) -> u32 {
        self.covered = span.saturating_sub(1);
        self.covered
    }

    /// A covered-cell marker: true when it is an empty cell of its own (covered from the row
    /// above), false when it is a column the cell to its left spans, already written as empty.
    pub fn covered_cell(&mut self) -> bool {
        if self.covered > 0 {
            self.covered -= 1;
            false
        } else {
            true
        }
    }
}

/// What separates the parts of a table flattened into the cell that holds it. When two meet (a
/// row ends where a paragraph did), the stronger is written: paragraph, then cell, then row.
#[derive(Clone, Copy, Debug)]
pub struct Flattening {
    /// Between paragraphs in one cell (also in a cell of the outermost table).
    pub paragraph: &'static str,
    /// Between the cells of a row.
    pub cell: &'static str,
    /// Between rows.
    pub row: &'static str,
}

/// Word: cells joined by a space, rows by "; ".
pub const WORD_FLATTENING: Flattening = Flattening {
    paragraph: " ",
    cell: " ",
    row: "; ",
};

/// OpenDocument: cells joined by ", ", rows by "; ".
pub const ODF_FLATTENING: Flattening = Flattening {
    paragraph: " ",
    cell: ", ",
    row: "; ",
};

impl Flattening {
    /// How strong a separator is: 0 for a paragraph's (or one not of this table), 1 for a
    /// cell's, 2 for a row's.
    pub fn strength(&self, separator: &str) -> usize {
        [self.paragraph, self.cell, self.row]
            .iter()
            .position(|s| *s == separator)
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::{GridRow, ODF_FLATTENING};

    #[test]
    fn covered_cells_after_a_span_are_already_padded() {
        let mut row = GridRow::default();
        assert_eq!(row.after_cell(3), 2);
        assert!(!row.covered_cell());
        assert!(!row.covered_cell());
        assert!(row.covered_cell(), "covered from above: an empty cell");
        assert_eq!(row.after_cell(1), 0);
        assert!(row.covered_cell());
        assert_eq!(row.after_cell(0), 0);
    }

    #[test]
    fn a_row_separator_is_stronger_than_a_cell_or_paragraph_separator() {
        let f = ODF_FLATTENING;
        assert!(f.strength(f.row) > f.strength(f.cell));
        assert!(f.strength(f.cell) > f.strength(f.paragraph));
        assert_eq!(f.strength("?"), 0);
    }
}
