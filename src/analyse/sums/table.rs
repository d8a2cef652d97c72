//! Column totals: a "Total", "Sub-total" or "Grand total" row in a table, and the figures
//! above it that it adds up.
//!
//! [`table_sums`] reads one table row by row, keeping for each column the item cells since the
//! last total row and the totals stated so far ([`ColumnState`]); at a total row each column's
//! figure is compared with the items above it, or with the subtotals before it, whichever the
//! row's label and the arithmetic say ([`column_total`]). It then hands the table to
//! [`super::row_totals`] and, when there is no total row, to [`super::share_columns`]. A new
//! reason for a column not to add up belongs in [`column_adds_up`], with a test below.

use std::ops::Range;

use super::cells::{TotalRow, cell_range, row_total};
use super::row_totals::row_totals;
use super::share_columns::split_columns;
use super::words::{PERIOD_HEADER, RATE_LIKE, SPLIT_HEADER, not_additive};
use super::{Sum, same_kind, sum_kind};
use crate::analyse::quantity::{Quantity, QuantityKind, within};
use crate::analyse::text::tail;
use crate::document::{BlockKind, Document, Table};

/// Add up the figures like `total` in item cells (quantity index ranges). `None` when a cell is
/// unclear: two such figures, or only a figure of another kind (a "6%" in a money column).
fn add_up(
    quantities: &[Quantity],
    cells: &[Range<usize>],
    total: &Quantity,
) -> Option<(f64, usize)> {
    let mut sum = 0.0;
    let mut items = 0;
    for cell in cells {
        let found = quantities.get(cell.clone())?;
        let mut same = found.iter().filter(|q| same_kind(total, q));
        match (same.next(), same.next()) {
            (Some(q), None) => {
                sum += q.value;
                items += 1;
            }
            (Some(_), Some(_)) => return None,
            (None, _) if !found.is_empty() => return None,
            (None, _) => {}
        }
    }
    Some((sum, items))
}

/// `computed` agrees with `stated` closely enough to choose between two readings of a table.
fn agrees(computed: f64, stated: f64) -> bool {
    (computed - stated).abs() <= (stated.abs() * 0.01).max(0.5)
}

/// One column's running state down a table.
#[derive(Default)]
struct ColumnState {
    /// Item cells since the last total row.
    items: Vec<Range<usize>>,
    /// Totals stated since the last grand total: quantity index and row kind.
    totals: Vec<(usize, TotalRow)>,
}

/// Column totals, row totals and share columns of the table in block `block`.
pub(super) fn table_sums(
    doc: &Document,
    block: usize,
    table: &Table,
    quantities: &[Quantity],
    out: &mut Vec<Sum>,
) {
    let headers: Vec<String> = table
        .header()
        .map(|h| {
            h.cells
                .iter()
                .map(|&c| doc.slice(c).trim().to_string())
                .collect()
        })
        .unwrap_or_default();
    let header = |c: usize| headers.get(c).map_or("", String::as_str);
    let preceding = block
        .checked_sub(1)
        .and_then(|b| doc.blocks.get(b))
        .filter(|b| !matches!(b.kind, BlockKind::Table(_)))
        .map_or("", |b| tail(doc.slice(b.span), 300));
    let mut any_total = false;
    let mut columns: Vec<ColumnState> = Vec::new();
    for (_, row) in table.body() {
        if columns.len() < row.cells.len() {
            columns.resize_with(row.cells.len(), ColumnState::default);
        }
        let Some(kind) = row_total(doc, row) else {
            for (c, &cell) in row.cells.iter().enumerate() {
                let range = cell_range(quantities, cell);
                if !range.is_empty() {
                    columns[c].items.push(range);
                }
            }
            continue;
        };
        any_total = true;
        for (c, &cell) in row.cells.iter().enumerate() {
            let state = &mut columns[c];
            let range = cell_range(quantities, cell);
            let stated = match quantities.get(range.clone()) {
                Some([q]) if sum_kind(q).is_some() => Some(range.start),
                _ => None,
            };
            if let Some(s) = stated
                && column_adds_up(header(c), &quantities[s])
            {
                let (sum, summed_totals) = column_total(quantities, state, s, kind);
                if let Some((computed, items)) = sum
                    && items >= 2
                    && let Some(sum_kind) = sum_kind(&quantities[s])
                {
                    out.push(Sum {
                        span: cell,
                        unit: row.span,
                        stated: quantities[s].value,
                        computed,
                        items,
                        kind: sum_kind,
                    });
                }
                // A total of totals starts the next group of subtotals.
                if summed_totals {
                    state.totals.clear();
                }
                state.totals.push((s, kind));
            }
            state.items.clear();
        }
    }
    row_totals(doc, table, &headers, quantities, out);
    period_total_after(doc, block, table, &headers, quantities, out);
    if !any_total {
        split_columns(table, &headers, preceding, quantities, out);
    }
}

/// The line just after a budget table that states the whole of its per-period totals ("Total
/// requested over three years: £193,470" under a "Total per year" row of Year 1, Year 2 and
/// Year 3): that figure against the sum of the period columns of the table's last total row.
fn period_total_after(
    doc: &Document,
    block: usize,
    table: &Table,
    headers: &[String],
    quantities: &[Quantity],
    out: &mut Vec<Sum>,
) {
    let Some(last) = table.body().last().map(|(_, row)| row) else {
        return;
    };
    if row_total(doc, last).is_none() {
        return;
    }
    let mut parts: Vec<&Quantity> = Vec::new();
    for (c, &cell) in last.cells.iter().enumerate() {
        let header = headers.get(c).map_or("", String::as_str);
        let range = cell_range(quantities, cell);
        if range.is_empty() {
            continue;
        }
        let [q] = &quantities[range] else {
            return;
        };
        if !q.is_money() {
            continue;
        }
        // Every figure of the row must be a period's, so the line's total can only be theirs.
        if !PERIOD_HEADER.is_match(header) {
            return;
        }
        parts.push(q);
    }
    if parts.len() < 2 {
        return;
    }
    let Some(next) = doc.blocks.get(block + 1) else {
        return;
    };
    // A bold line standing alone may have been read as a heading.
    if !matches!(next.kind, BlockKind::Paragraph | BlockKind::Heading { .. }) {
        return;
    }
    let text = doc.slice(next.span);
    if !text.to_lowercase().contains("total") || text.split_whitespace().nth(25).is_some() {
        return;
    }
    let inside: Vec<&Quantity> = within(quantities, next.span)
        .iter()
        .filter(|q| q.is_money())
        .collect();
    let [stated] = inside.as_slice() else {
        return;
    };
    // Each period's figure is "per year" by its column; the line's is for all of them.
    let currency = |q: &Quantity| match q.kind {
        QuantityKind::Money { currency, .. } => currency,
        _ => None,
    };
    if !parts.iter().all(|p| {
        currency(p).is_none() || currency(stated).is_none() || currency(p) == currency(stated)
    }) {
        return;
    }
    let Some(kind) = sum_kind(stated) else {
        return;
    };
    out.push(Sum {
        span: stated.span,
        unit: next.span,
        stated: stated.value,
        computed: parts.iter().map(|p| p.value).sum(),
        items: parts.len(),
        kind,
    });
}

/// May a column's figures be added up down the table, given its header and the stated total?
fn column_adds_up(header: &str, stated: &Quantity) -> bool {
    if not_additive(header) {
        return false;
    }
    match stated.kind {
        // An overall rate in a total row ("Total | 300 | 65%") is not a sum of the rates above.
        QuantityKind::Percent => {
            !RATE_LIKE.is_match(header)
                && ((stated.value - 100.0).abs() <= 0.5 || SPLIT_HEADER.is_match(header))
        }
        _ => true,
    }
}

/// The sum for a total cell (computed, items): the items since the last total row, or the
/// totals before it plus those items. The flag says the totals before it were summed.
fn column_total(
    quantities: &[Quantity],
    state: &ColumnState,
    stated: usize,
    kind: TotalRow,
) -> (Option<(f64, usize)>, bool) {
    let total = &quantities[stated];
    let recent = add_up(quantities, &state.items, total);
    // The totals before this one, plus the items since the last of them.
    let earlier = if state.totals.is_empty() || kind == TotalRow::Sub {
        None
    } else {
        state
            .totals
            .iter()
            .try_fold((0.0, 0), |(sum, n), &(i, _)| {
                let q = quantities.get(i)?;
                same_kind(total, q).then_some((sum + q.value, n + 1))
            })
            .zip(recent)
            .map(|((a, n), (b, m))| (a + b, n + m))
    };
    let prefer_earlier = earlier.is_some()
        && match kind {
            TotalRow::Grand => true,
            TotalRow::Sub => false,
            TotalRow::Plain { qualified } => state.totals.iter().any(|&(_, k)| {
                k == TotalRow::Sub || !qualified && k == TotalRow::Plain { qualified: true }
            }),
        };
    let (first, second) = if prefer_earlier {
        (earlier, recent)
    } else {
        (recent, earlier)
    };
    // When the reading the labels suggest does not add up and the other does, the table is
    // laid out the other way.
    let swap = match (first, second) {
        (Some(a), Some(b)) => !agrees(a.0, total.value) && agrees(b.0, total.value),
        (None, Some(_)) => true,
        _ => false,
    };
    if swap {
        (second, !prefer_earlier)
    } else {
        (first, prefer_earlier)
    }
}

#[cfg(test)]
mod tests {
    use super::super::SumKind;
    use super::super::testing::{figures, sums};

    #[test]
    fn a_line_after_a_budget_table_totals_its_period_columns() {
        let table = "| Line | 2025/26 (£) | 2026/27 (£) |\n|---|---:|---:|\n| Staff | 30,000 | 31,000 |\n| Rent | 4,000 | 4,100 |\n| Total for the year | 34,000 | 35,100 |\n\n";
        let found = figures(&format!(
            "{table}The total we ask for over both years is £70,100.\n"
        ));
        assert!(found.contains(&(70_100.0, 69_100.0, 2)), "{found:?}");
        // A line about something else, or after a table with a column that is not a period.
        assert!(
            !figures(&format!("{table}We hold reserves of £70,100.\n"))
                .contains(&(70_100.0, 69_100.0, 2))
        );
        let mixed = "| Line | Year 1 | Match |\n|---|---:|---:|\n| Staff | 30,000 | 5,000 |\n| Total | 30,000 | 5,000 |\n\nTotal requested: £30,000.\n";
        assert!(!figures(mixed).contains(&(30_000.0, 35_000.0, 2)));
    }

    #[test]
    fn a_total_row_adds_up_the_column_above_it() {
        let found = sums(
            "| Item | Cost |\n|---|---:|\n| Staff | £1.2m |\n| Venues | £120k |\n| Evaluation | £80k |\n| **Total** | **£1.4m** |\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].stated, found[0].computed),
            (1_400_000.0, 1_400_000.0)
        );
        assert_eq!(found[0].items, 3);
        assert_eq!(
            found[0].kind,
            SumKind::Money {
                currency: Some('£')
            }
        );
        // Bare numbers under a "Budget (£)" header are money; a wrong total is reported as is.
        assert_eq!(
            figures(
                "| Line | Budget (£) |\n|---|---:|\n| Rent | 5,000 |\n| Travel | 2,500 |\n| Total | 8,000 |\n"
            ),
            [(8000.0, 7500.0, 2)]
        );
        // Amounts a year add up across partners; a row with no figure is left out.
        assert_eq!(
            figures(
                "| Partner | Amount per year |\n|---|---:|\n| A | £112,000 |\n| B | £74,000 |\n| C | No payment |\n| Total from the grant | £186,000 |\n"
            ),
            [(186000.0, 186000.0, 2)]
        );
        // Counts add up too, and "TBC" or "In kind" rows are left out.
        assert_eq!(
            figures(
                "| Partner | Participants |\n|---|---:|\n| A | 120 |\n| B | TBC |\n| C | 80 |\n| Total | 200 |\n"
            ),
            [(200.0, 200.0, 2)]
        );
    }

    #[test]
    fn subtotals_and_grand_totals() {
        let text = "| Heading | £ |\n|---|---:|\n| Worker | 30,000 |\n| Manager | 10,000 |\n| Sub-total staff | 40,000 |\n| Rent | 4,000 |\n| Phones | 1,000 |\n| Sub-total running | 5,000 |\n| Grand total | 46,000 |\n";
        assert_eq!(
            figures(text),
            [
                (40000.0, 40000.0, 2),
                (5000.0, 5000.0, 2),
                (46000.0, 45000.0, 2)
            ]
        );
        // "Total staff costs" rows are subtotals when a plain "Total" follows them.
        let text = "| Heading | Cost |\n|---|---:|\n| Worker | £30,000 |\n| Manager | £10,000 |\n| Total staff costs | £40,000 |\n| Rent | £4,000 |\n| Phones | £1,000 |\n| Total running costs | £5,000 |\n| Total | £45,000 |\n";
        assert_eq!(
            figures(text),
            [
                (40000.0, 40000.0, 2),
                (5000.0, 5000.0, 2),
                (45000.0, 45000.0, 2)
            ]
        );
    }

    #[test]
    fn rates_unit_costs_and_multiplications_are_not_sums() {
        // A total row with an overall success rate: the rate is not a sum of the rates.
        let text = "| Cohort | Participants | Success rate |\n|---|---:|---:|\n| Spring | 100 | 60% |\n| Autumn | 200 | 70% |\n| Total | 300 | 67% |\n";
        assert_eq!(figures(text), [(300.0, 300.0, 2)]);
        // Unit cost times number: the total column is a product, so no row total.
        let text = "| Item | Unit cost (£) | Sessions | Total (£) |\n|---|---:|---:|---:|\n| Venue | 50 | 40 | 2,000 |\n| Tutor | 120 | 40 | 4,800 |\n";
        assert_eq!(figures(text), []);
        // Only one item above the total.
        let text = "| Item | Cost |\n|---|---:|\n| Staff | £5,000 |\n| Total | £5,000 |\n";
        assert_eq!(figures(text), []);
        // A cell with two amounts makes the column unclear.
        let text = "| Item | Cost |\n|---|---:|\n| Staff | £5,000–£6,000 |\n| Rent | £1,000 |\n| Total | £7,000 |\n";
        assert_eq!(figures(text), []);
    }
}
