//! Figures that should add up: a stated total and the parts it is made of.
//!
//! [`sums`] finds each place where a document gives a whole and its parts and returns a [`Sum`]:
//! the total as stated and the total computed from the parts, whether or not they agree (the
//! `budget-mismatch` rule compares them with its tolerance). Each kind of sum has its own file:
//! - `table`: **table columns** with a "Total", "Sub-total" or "Grand total" row: a subtotal
//!   adds up the rows since the previous total row; a grand total after subtotals adds up the
//!   subtotals. It reads each table and hands the same table to the next two;
//! - `row_totals`: a column headed "Total" that adds up the money columns before it
//!   ("Year 1 | Year 2 | Year 3 | Total");
//! - `share_columns`: **percentage columns** that split money or work between the rows
//!   ("Share of funding (%)") in a table with no total row: they should make 100;
//! - `sentences`: **a sentence with a total and its parts** ("a total of £120k: £50k for
//!   staff, £40k for venues and £30k for evaluation"), or a total ending in a colon followed by
//!   list items with one amount each;
//! - `splits`: **a sentence that splits a whole into percentages** ("split 60% to the Lead
//!   and 40% to Riverside", "retains 15% and passes the remaining 80% on"), or a split ending in
//!   a colon followed by list items with one percentage each.
//!
//! Shared by them: `words`, the words of headers and sentences that say whether figures add
//! up, and `cells`, which rows state a total and what a cell holds (both also read by
//! [`super::shares`]); `lists`, the list items after a sentence that ends in a colon; and
//! here, which figures can be added to which (`same_kind`, `sum_kind`).
//!
//! Only clear structures count: a false alarm about a bid's arithmetic costs more trust than a
//! missed one. So amounts per period or per person, ranges, comparisons ("up from £90,000"),
//! growth percentages, rates and any cell holding two candidate figures end the reading of that
//! structure rather than being guessed at. A new pattern belongs in the file for its structure,
//! with a test beside it that it ignores its look-alikes; a new kind of structure gets a file of
//! its own, called from [`sums`] (or from `table::table_sums` for a table), and its patterns
//! are compiled in `warm_up`.

mod cells;
mod lists;
mod row_totals;
mod sentences;
mod share_columns;
mod splits;
mod table;
mod words;

use serde::Serialize;

use super::quantity::{Quantity, QuantityKind};
use super::targets::Percentage;
use super::text::Unit;
use crate::document::{BlockKind, Document, Span};
pub(crate) use cells::{figure, is_total_row};
pub(crate) use words::{
    MONEY_WORDS, PERIOD_HEADER, RATE_LIKE, WORK_WORDS, is_index_header, not_additive,
    without_period,
};

/// What is being added up.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SumKind {
    /// Money; `currency` is the symbol of the stated total, if it has one, for display.
    Money {
        currency: Option<char>,
    },
    Percent,
    /// A count of something in a table column ("participants"), or FTE.
    Count {
        unit: String,
    },
}

/// A stated total and the total of its parts.
#[derive(Clone, Debug, Serialize)]
pub struct Sum {
    /// Where to point: the stated total (the total cell, or the total amount in a sentence).
    /// For a percentage split with no stated total, the percentages themselves.
    pub span: Span,
    /// The unit (table row or sentence) holding the total, for quoting.
    pub unit: Span,
    pub stated: f64,
    pub computed: f64,
    /// Number of items added up.
    pub items: usize,
    pub kind: SumKind,
}

/// Every sum whose parts can be found, in text order.
pub fn sums(
    doc: &Document,
    units: &[Unit],
    quantities: &[Quantity],
    percentages: &[Percentage],
) -> Vec<Sum> {
    let mut out = Vec::new();
    for (index, block) in doc.blocks.iter().enumerate() {
        if let BlockKind::Table(table) = &block.kind {
            table::table_sums(doc, index, table, quantities, &mut out);
        }
    }
    sentences::sentence_sums(doc, units, quantities, &mut out);
    sentences::period_breakdowns(doc, units, quantities, &mut out);
    splits::split_sums(doc, units, quantities, percentages, &mut out);
    out.sort_by_key(|s| (s.span, s.unit));
    out
}

/// Figures that can be added to `total`: same kind, same period, same unit, same currency.
fn same_kind(total: &Quantity, item: &Quantity) -> bool {
    match (&total.kind, &item.kind) {
        (
            QuantityKind::Money {
                currency: a,
                per: p,
            },
            QuantityKind::Money {
                currency: b,
                per: q,
            },
        ) => p == q && (a.is_none() || b.is_none() || a == b),
        (QuantityKind::Percent, QuantityKind::Percent) | (QuantityKind::Fte, QuantityKind::Fte) => {
            true
        }
        (QuantityKind::Count { unit: a }, QuantityKind::Count { unit: b }) => a == b,
        _ => false,
    }
}

fn sum_kind(q: &Quantity) -> Option<SumKind> {
    match &q.kind {
        QuantityKind::Money { currency, .. } => Some(SumKind::Money {
            currency: *currency,
        }),
        QuantityKind::Percent => Some(SumKind::Percent),
        QuantityKind::Count { unit } => Some(SumKind::Count { unit: unit.clone() }),
        QuantityKind::Fte => Some(SumKind::Count { unit: "FTE".into() }),
        QuantityKind::Duration { .. } | QuantityKind::Number => None,
    }
}

/// Compile this module's patterns now (a spare thread does, at start-up; see
/// [`super::warm_up`]).
pub(super) fn warm_up() {
    words::warm_up();
    sentences::warm_up();
    splits::warm_up();
}

/// What the tests of every kind of sum read: the sums `analyse` finds in a Markdown text.
#[cfg(test)]
mod testing {
    use std::path::PathBuf;

    use super::Sum;
    use crate::analyse::analyse;
    use crate::extract::markdown;

    pub(super) fn sums(text: &str) -> Vec<Sum> {
        let doc = markdown::extract(PathBuf::from("t.md"), text.to_string(), Vec::new());
        analyse(&doc, None).sums
    }

    /// (stated, computed, items) of each sum.
    pub(super) fn figures(text: &str) -> Vec<(f64, f64, usize)> {
        sums(text)
            .iter()
            .map(|s| (s.stated, (s.computed * 100.0).round() / 100.0, s.items))
            .collect()
    }
}
