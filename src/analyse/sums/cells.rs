//! Reading a table's rows and cells for sums: which rows state a total ([`TotalRow`],
//! [`is_total_row`]), the figure a cell holds ([`figure`]) and its quantities ([`cell_range`]).
//!
//! Shared by every kind of sum in a table ([`super::table`], [`super::row_totals`],
//! [`super::share_columns`]) and by [`crate::analyse::shares`]. A new total label belongs in
//! [`total_label`], a word that keeps "Total …" the whole in [`WHOLE_WORDS`].

use std::ops::Range;

use crate::analyse::quantity::{Quantity, within};
use crate::document::{Document, Row, Span};

/// The kind of a table row that states a total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TotalRow {
    /// "Sub-total", "Subtotal".
    Sub,
    /// "Grand total", "Overall total".
    Grand,
    /// "Total", "Total cost"; `qualified` when it names a part ("Total staff costs").
    Plain { qualified: bool },
}

/// Words after "Total" that still describe the whole ("Total cost (£)", "Total for 3 years").
const WHOLE_WORDS: &[&str] = &[
    "cost",
    "costs",
    "budget",
    "price",
    "value",
    "amount",
    "funding",
    "request",
    "requested",
    "project",
    "contract",
    "programme",
    "program",
    "grant",
    "award",
    "expenditure",
    "spend",
    "income",
    "incl",
    "including",
    "inc",
    "excl",
    "excluding",
    "vat",
    "gbp",
    "for",
    "over",
    "the",
    "all",
    "years",
    "year",
    "months",
    "per",
    "annum",
    "sum",
];

/// If `label` (a row's first filled cell) says the row is a total, which kind.
pub(super) fn total_label(label: &str) -> Option<TotalRow> {
    let lower = label.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        ["subtotal" | "sub-total" | "subtotals" | "sub-totals", ..] | ["sub", "total", ..] => {
            Some(TotalRow::Sub)
        }
        ["grand" | "overall", "total" | "totals", ..] => Some(TotalRow::Grand),
        ["total" | "totals", rest @ ..] => Some(TotalRow::Plain {
            qualified: rest
                .iter()
                .any(|w| w.chars().all(char::is_alphabetic) && !WHOLE_WORDS.contains(w)),
        }),
        _ => None,
    }
}

/// The total-row kind of a table row, read from its first cell with words (a line number may
/// come before the label: "| 9 | Total | … |").
pub(super) fn row_total(doc: &Document, row: &Row) -> Option<TotalRow> {
    let label = row
        .cells
        .iter()
        .map(|&c| doc.slice(c).trim())
        .find(|s| s.chars().any(char::is_alphabetic))?;
    total_label(label)
}

/// True when a table row states a total or subtotal ("Total", "Sub-total", "Grand total").
pub(crate) fn is_total_row(doc: &Document, row: &Row) -> bool {
    row_total(doc, row).is_some()
}

/// The quantities of a table cell (`within` over the cell's span), as an index range.
pub(super) fn cell_range(quantities: &[Quantity], cell: Span) -> Range<usize> {
    let start = quantities.partition_point(|q| q.span.start < cell.start);
    start..start + within(quantities, cell).len()
}

/// The figure a cell holds when it holds nothing else: one quantity and no words.
pub(crate) fn figure<'q>(
    doc: &Document,
    cell: Span,
    found: &'q [Quantity],
) -> Option<&'q Quantity> {
    let [q] = found else {
        return None;
    };
    let before = doc.slice(Span::new(cell.start, q.span.start));
    let after = doc.slice(Span::new(q.span.end, cell.end));
    let bare = |s: &str| !s.chars().any(char::is_alphanumeric);
    (bare(before) && bare(after)).then_some(q)
}
