//! Shares read from a table with one row per organisation: a count or work-percentage column
//! against a money or funding-percentage column.
//!
//! [`table_shares`] keeps the rows that name exactly one organisation (total rows left out),
//! reads each column's meaning from its header and figures ([`column_kind`] gives a [`Column`]),
//! and turns a count or amount into each organisation's share of the column ([`column_shares`]).
//! A money column on its own counts as the funding only in a budget with a total row or beside
//! the work it pays for. A new kind of column belongs in [`Column`] and [`column_kind`], with a
//! test below.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::{Found, sole_org};
use crate::analyse::quantity::{Quantity, QuantityKind, within};
use crate::analyse::sums::{
    MONEY_WORDS, PERIOD_HEADER, RATE_LIKE, WORK_WORDS, figure, is_index_header, is_total_row,
    not_additive, without_period,
};
use crate::document::{Document, Row, Span, Table};

/// Headers for a percentage of something.
static PERCENT_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)%|\b(?:share|split|proportion|percentage|per\s*cent)\b").expect("static regex")
});

/// What a table column holds, for shares.
#[derive(Clone, Debug, PartialEq)]
enum Column {
    /// Counts of work (participants, FTE); the string says of what.
    Count(String),
    /// Percentages of work.
    WorkPercent(String),
    Money,
    /// Percentages of the funding.
    FundingPercent,
}

/// The value of `kind` in a cell: `Some(None)` for no such figure ("TBC", "In kind"), `None`
/// when the cell is unclear (two figures).
fn cell_value(quantities: &[Quantity], cell: Span, kind: &Column) -> Option<Option<f64>> {
    let wanted = |q: &&Quantity| match kind {
        Column::Count(_) => matches!(q.kind, QuantityKind::Count { .. } | QuantityKind::Fte),
        Column::Money => q.is_money(),
        Column::WorkPercent(_) | Column::FundingPercent => q.is_percent(),
    };
    let found: Vec<&Quantity> = within(quantities, cell).iter().filter(wanted).collect();
    match found[..] {
        [] => Some(None),
        [q] => Some(Some(q.value)),
        _ => None,
    }
}

/// Read a column's meaning from its header and the figures in it.
fn column_kind(
    doc: &Document,
    header: &str,
    cells: &[Span],
    quantities: &[Quantity],
) -> Option<Column> {
    if is_index_header(header) || not_additive(header) || RATE_LIKE.is_match(header) {
        return None;
    }
    let header = &*without_period(header);
    let figures: Vec<&Quantity> = cells
        .iter()
        .filter_map(|&cell| figure(doc, cell, within(quantities, cell)))
        .collect();
    let first = figures.first()?;
    let all = |f: fn(&Quantity) -> bool| figures.iter().all(|q| f(q));
    let work = WORK_WORDS
        .find(header)
        .map(|m| m.as_str().to_ascii_lowercase());
    if all(Quantity::is_percent) {
        // A funding word wins: "% of contract value"; "Share of delivery (%)" is work.
        if PERCENT_HEADER.is_match(header) && MONEY_WORDS.is_match(header) {
            return Some(Column::FundingPercent);
        }
        return work.map(Column::WorkPercent);
    }
    if all(Quantity::is_money) {
        return Some(Column::Money);
    }
    if all(|q| matches!(q.kind, QuantityKind::Fte)) {
        return Some(Column::Count("FTE".into()));
    }
    // Plain numbers under a header that names the work: "Carers supported (2 years)".
    if all(|q| matches!(q.kind, QuantityKind::Number)) && !MONEY_WORDS.is_match(header) {
        return work.map(Column::Count);
    }
    if all(|q| matches!(q.kind, QuantityKind::Count { .. })) && !MONEY_WORDS.is_match(header) {
        let QuantityKind::Count { unit } = &first.kind else {
            return None;
        };
        return WORK_WORDS
            .find(unit)
            .map(|m| m.as_str().to_ascii_lowercase())
            .or(work)
            .map(Column::Count);
    }
    None
}

/// Each organisation's share of one column: the organisation's rows over all rows that are not
/// totals. Needs `least` organisations with a figure.
fn column_shares(
    rows: &[(&Row, Option<usize>)],
    columns: &[usize],
    kind: &Column,
    quantities: &[Quantity],
    least: usize,
) -> Option<Vec<(usize, f64, Span)>> {
    let mut whole = 0.0;
    // (organisation, its total, its first row), in order of first row, and where each is.
    let mut per_org: Vec<(usize, f64, Span)> = Vec::new();
    let mut slot: HashMap<usize, usize> = HashMap::new();
    for &(row, org) in rows {
        let mut value = None;
        for &c in columns {
            let Some(&cell) = row.cells.get(c) else {
                continue;
            };
            if let Some(v) = cell_value(quantities, cell, kind)? {
                *value.get_or_insert(0.0) += v;
            }
        }
        let Some(value) = value else {
            continue;
        };
        whole += value;
        if let Some(org) = org {
            let at = *slot.entry(org).or_insert_with(|| {
                per_org.push((org, 0.0, row.span));
                per_org.len() - 1
            });
            per_org[at].1 += value;
        }
    }
    if per_org.len() < least.max(1) {
        return None;
    }
    let percent = matches!(kind, Column::WorkPercent(_) | Column::FundingPercent);
    if !percent && whole <= 0.0 {
        return None;
    }
    Some(
        per_org
            .into_iter()
            .map(|(org, value, span)| {
                let share = if percent {
                    value
                } else {
                    value / whole * 100.0
                };
                (org, share, span)
            })
            .collect(),
    )
}

pub(super) fn table_shares(
    doc: &Document,
    table: &Table,
    quantities: &[Quantity],
    mentions: &[(Span, usize)],
    delivery: &mut Vec<Found>,
    funding: &mut Vec<Found>,
) {
    let Some(header) = table.header() else {
        return;
    };
    let has_total = table.body().any(|(_, row)| is_total_row(doc, row));
    let rows: Vec<(&Row, Option<usize>)> = table
        .body()
        .filter(|(_, row)| !is_total_row(doc, row))
        .map(|(_, row)| (row, sole_org(mentions, row.span)))
        .collect();
    let mut named: Vec<usize> = rows.iter().filter_map(|&(_, o)| o).collect();
    named.sort_unstable();
    named.dedup();
    if named.is_empty() {
        return;
    }
    let headers: Vec<&str> = header.cells.iter().map(|&c| doc.slice(c).trim()).collect();
    let kinds: Vec<Option<Column>> = headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let cells: Vec<Span> = rows
                .iter()
                .filter_map(|(r, _)| r.cells.get(c).copied())
                .collect();
            column_kind(doc, h, &cells, quantities)
        })
        .collect();
    let find = |want: fn(&Column) -> bool| kinds.iter().position(|k| k.as_ref().is_some_and(want));
    let work = find(|k| matches!(k, Column::WorkPercent(_)))
        .or_else(|| find(|k| matches!(k, Column::Count(_))));
    let money: Vec<usize> = (0..kinds.len())
        .filter(|&c| kinds[c] == Some(Column::Money))
        .collect();
    let funding_columns: Option<(Vec<usize>, Column)> = match find(|k| *k == Column::FundingPercent)
    {
        Some(c) => Some((vec![c], Column::FundingPercent)),
        // A money column alone is a share of the funding only in a budget with a total, or
        // beside the work it pays for.
        None if has_total || work.is_some() => {
            let total = money
                .iter()
                .copied()
                .find(|&c| headers[c].to_ascii_lowercase().starts_with("total"));
            match (total, &money[..]) {
                (Some(c), _) | (None, &[c]) => Some((vec![c], Column::Money)),
                (None, [_, _, ..]) if money.iter().all(|&c| PERIOD_HEADER.is_match(headers[c])) => {
                    Some((money.clone(), Column::Money))
                }
                _ => None,
            }
        }
        None => None,
    };
    if let Some(c) = work
        && let Some(kind) = &kinds[c]
        && let Some(shares) = column_shares(&rows, &[c], kind, quantities, 2)
    {
        let of = match kind {
            Column::Count(of) | Column::WorkPercent(of) => of.clone(),
            _ => String::new(),
        };
        delivery.extend(shares.into_iter().map(|(org, value, span)| Found {
            org,
            value,
            of: of.clone(),
            span,
        }));
    }
    // In a budget with a total row every cost is counted, so one partner's line is its share of
    // the whole: "Coaching – Quayside Boxing Club CIC | 9,360 | 9,360 | 9,360" beside the
    // applicant's own staff and running costs, a second partner's line "in kind".
    let least = if has_total && kind_is_money(&funding_columns) {
        1
    } else {
        2
    };
    if let Some((columns, kind)) = funding_columns
        && let Some(shares) = column_shares(&rows, &columns, &kind, quantities, least)
    {
        funding.extend(shares.into_iter().map(|(org, value, span)| Found {
            org,
            value,
            of: String::new(),
            span,
        }));
    }
}

fn kind_is_money(columns: &Option<(Vec<usize>, Column)>) -> bool {
    matches!(columns, Some((_, Column::Money)))
}

/// Compile this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&PERCENT_HEADER);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{PARTIES, shares};

    #[test]
    fn work_and_money_in_two_tables_with_a_period_in_a_header() {
        let text = format!(
            "{PARTIES}| Member | What it does | Places per Contract Year |\n|---|---|---|\n| Brightside Housing Trust | Hostel | 200 |\n| Riverside Advice Centre | Debt casework | 600 |\n| Northside Youth Project CIC | Youth work | 200 |\n| **Total** | | **1,000** |\n\n| Member | Annual allocation |\n|---|---|\n| Brightside Housing Trust | £50,000 |\n| Riverside Advice Centre | £30,000 |\n| Northside Youth Project CIC | £20,000 |\n| **Total** | **£100,000** |\n"
        );
        let found = shares(&text);
        assert!(
            found.contains(&(
                "Riverside Advice Centre".into(),
                60.0,
                "places".into(),
                30.0
            )),
            "{found:?}"
        );
    }

    #[test]
    fn one_partner_line_in_a_budget_with_a_total_against_work_in_the_text() {
        let text = format!(
            "{PARTIES}We will run six weekly workshops. Three of those six weekly workshops will be staffed by volunteers from Riverside Advice Centre.\n\n| Cost | Year 1 (£) | Year 2 (£) |\n|---|---|---|\n| Club leader | 20,000 | 20,000 |\n| Sessional staff – Riverside Advice Centre | 5,000 | 5,000 |\n| Venue – Northside Youth Project CIC | in kind | in kind |\n| **Total** | **25,000** | **25,000** |\n"
        );
        assert_eq!(
            shares(&text),
            [(
                "Riverside Advice Centre".into(),
                50.0,
                "workshops".into(),
                20.0
            )]
        );
        // Without a total row, one partner's line is not read as its share of the whole.
        let text = format!(
            "{PARTIES}Three of those six weekly workshops will be staffed by volunteers from Riverside Advice Centre.\n\n| Cost | Year 1 (£) |\n|---|---|\n| Club leader | 20,000 |\n| Sessional staff – Riverside Advice Centre | 5,000 |\n"
        );
        assert_eq!(shares(&text), []);
    }

    #[test]
    fn a_table_of_partners_with_work_and_money() {
        let text = format!(
            "{PARTIES}| Partner | Participants | Budget (£) |\n|---|---:|---:|\n| Brightside Housing Trust | 100 | 60,000 |\n| Riverside Advice Centre | 300 | 30,000 |\n| Northside Youth Project CIC | 100 | 10,000 |\n| Total | 500 | 100,000 |\n"
        );
        assert_eq!(
            shares(&text),
            [
                (
                    "Brightside Housing Trust".into(),
                    20.0,
                    "participants".into(),
                    60.0
                ),
                (
                    "Riverside Advice Centre".into(),
                    60.0,
                    "participants".into(),
                    30.0
                ),
                (
                    "Northside Youth Project CIC".into(),
                    20.0,
                    "participants".into(),
                    10.0
                ),
            ]
        );
        // Percentages given in the table are used as they are.
        let text = format!(
            "{PARTIES}| Partner | Share of outcomes (%) | % of contract value |\n|---|---:|---:|\n| Riverside Advice Centre | 70% | 40% |\n| Northside Youth Project CIC | 30% | 45% |\n"
        );
        assert_eq!(
            shares(&text),
            [
                (
                    "Riverside Advice Centre".into(),
                    70.0,
                    "outcomes".into(),
                    40.0
                ),
                (
                    "Northside Youth Project CIC".into(),
                    30.0,
                    "outcomes".into(),
                    45.0
                ),
            ]
        );
    }
}
