//! Row totals: "Year 1 | Year 2 | Year 3 | Total", a money total at the end of a row that adds
//! up the money columns before it.
//!
//! [`row_totals`] is called by [`super::table::table_sums`] for every table. A row counts only
//! when every other figure in it is money of the same kind as its total; index columns ("Line",
//! "No.") are skipped and a column whose header says its figures do not add up
//! ([`not_additive`]) ends the row. A new case belongs in the loop over the row's cells, with a
//! test below.

use super::cells::{figure, total_label};
use super::words::{is_index_header, not_additive};
use super::{Sum, SumKind, same_kind};
use crate::analyse::quantity::{Quantity, QuantityKind, within};
use crate::document::{Document, Table};

/// "Year 1 | Year 2 | Year 3 | Total": a money total at the end of a row is the sum of the money
/// columns before it, when every other figure in the row is money of the same kind.
pub(super) fn row_totals(
    doc: &Document,
    table: &Table,
    headers: &[String],
    quantities: &[Quantity],
    out: &mut Vec<Sum>,
) {
    let totals: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| total_label(h).is_some())
        .map(|(c, _)| c)
        .collect();
    let [t] = totals[..] else {
        return;
    };
    'rows: for (_, row) in table.body() {
        let Some(&total_cell) = row.cells.get(t) else {
            continue;
        };
        let Some(total) = figure(doc, total_cell, within(quantities, total_cell)) else {
            continue;
        };
        if !total.is_money() {
            continue;
        }
        let mut computed = 0.0;
        let mut items = 0;
        for (c, &cell) in row.cells.iter().enumerate().take(t) {
            let header = headers.get(c).map_or("", String::as_str);
            if is_index_header(header) {
                continue;
            }
            let found = within(quantities, cell);
            match figure(doc, cell, found) {
                Some(q) if same_kind(total, q) && !not_additive(header) => {
                    computed += q.value;
                    items += 1;
                }
                Some(_) => continue 'rows,
                // Money with words around it ("£5,000 (estimate)") is unclear; other words
                // with a number inside ("Key workers (4.0 FTE)") are a description.
                None if found.iter().any(Quantity::is_money) => continue 'rows,
                None => {}
            }
        }
        if items >= 2 {
            out.push(Sum {
                span: total_cell,
                unit: row.span,
                stated: total.value,
                computed,
                items,
                kind: SumKind::Money {
                    currency: match total.kind {
                        QuantityKind::Money { currency, .. } => currency,
                        _ => None,
                    },
                },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::figures;

    #[test]
    fn row_totals_add_up_the_years() {
        let text = "| Partner | Year 1 | Year 2 | Year 3 | Total |\n|---|---:|---:|---:|---:|\n| Riverside | £10,000 | £12,000 | £12,000 | £34,000 |\n| Northside | £5,000 | £5,000 | £5,000 | £14,000 |\n| Oakham | In kind | In kind | In kind | In kind |\n";
        assert_eq!(
            figures(text),
            [(34000.0, 34000.0, 3), (14000.0, 15000.0, 3)]
        );
        // A line-number column and a description with an FTE in it are not parts.
        let text = "| Line | Cost heading | Year 1 | Year 2 | Total |\n|---:|---|---:|---:|---:|\n| 1 | Key workers (4.0 FTE) | £156,000 | £160,000 | £316,000 |\n";
        assert_eq!(figures(text), [(316000.0, 316000.0, 2)]);
    }
}
