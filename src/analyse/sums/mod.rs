//! Figures that should add up: a stated total and the parts it is made of.
//!
//! [`sums`] finds each place where a document gives a whole and its parts and returns a [`Sum`]:
//! the total as stated and the total computed from the parts, whether or not they agree (the
//! `budget-mismatch` rule compares them with its tolerance). It reads:
//! - **table columns** with a "Total", "Sub-total" or "Grand total" row: a subtotal adds up the
//!   rows since the previous total row; a grand total after subtotals adds up the subtotals;
//! - **row totals**: a column headed "Total" that adds up the money columns before it
//!   ("Year 1 | Year 2 | Year 3 | Total");
//! - **percentage columns** that split money or work between the rows ("Share of funding (%)")
//!   in a table with no total row: they should make 100;
//! - **a sentence with a total and its parts** ("a total of £120k: £50k for staff, £40k for
//!   venues and £30k for evaluation"), or a total ending in a colon followed by list items with
//!   one amount each;
//! - **a sentence that splits a whole into percentages** ("split 60% to the Lead and 40% to
//!   Riverside", "retains 15% and passes the remaining 80% on"), or a split ending in a colon
//!   followed by list items with one percentage each.
//!
//! Only clear structures count: a false alarm about a bid's arithmetic costs more trust than a
//! missed one. So amounts per period or per person, ranges, comparisons ("up from £90,000"),
//! growth percentages, rates and any cell holding two candidate figures end the reading of that
//! structure rather than being guessed at. A new pattern belongs in the function for its
//! structure (`table_sums`, `sentence_sums`, `split_sums`), with a test that it ignores
//! its look-alikes.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::quantity::{Quantity, QuantityKind, in_range, within};
use super::targets::{Percentage, Relation};
use super::text::{Unit, UnitKind, head, tail};
use crate::document::{BlockKind, Document, Row, Span, Table};

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
            table_sums(doc, index, table, quantities, &mut out);
        }
    }
    sentence_sums(doc, units, quantities, &mut out);
    split_sums(doc, units, quantities, percentages, &mut out);
    out.sort_by_key(|s| (s.span, s.unit));
    out
}

/// The kind of a table row that states a total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TotalRow {
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
fn total_label(label: &str) -> Option<TotalRow> {
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
fn row_total(doc: &Document, row: &Row) -> Option<TotalRow> {
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

/// Column headers whose figures do not add up down a column or across a row: unit costs,
/// rates, averages, caps, and comparisons with another period or a plan.
static NOT_ADDITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:per|each|average|avg|mean|median|rate|ratio|unit\s+(?:cost|price)|max|maximum|min|minimum|cap|previous|prior|last|current|existing|actual|spent|original|revised|variance|difference|change|baseline|benchmark|cumulative)\b")
        .expect("static regex")
});
/// A period after "per" or "each": amounts per year add up across partners and budget lines.
static PER_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:per|each|a)\s+(?:year|annum|month|quarter|week)\b").expect("static regex")
});

/// True when a column header says its figures do not add up down a column or across a row.
pub(crate) fn not_additive(header: &str) -> bool {
    NOT_ADDITIVE.is_match(&PER_PERIOD.replace_all(header, " "))
}

/// Percentages that measure rather than share out: rates, targets, changes, weightings.
pub(crate) static RATE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:rates?|targets?|success|achieved|achievement|satisfaction|attendance|completion|retention|increase|decrease|change|growth|reduction|improvement|uplift|margin|discount|vat|interest|score|weighting|probability|confidence|likelihood|expected|forecast)\b")
        .expect("static regex")
});

/// A header that gives a share of something.
static SPLIT_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)%|\b(?:share|split|allocation|proportion|percentage|per\s*cent)\b")
        .expect("static regex")
});

/// Nouns for money.
pub(crate) static MONEY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:fund(?:ing|s)?|budget|contract|value|grant|income|price|payments?|money|costs?|allocation|award|spend|fee|fees)\b")
        .expect("static regex")
});

/// Nouns for work that can be shared between partners.
pub(crate) static WORK_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:work|delivery|participants?|outcomes?|referrals?|starts|sessions|volumes?|caseloads?|places|hours|activity|activities|clients?|families|households|cases|learners|beneficiaries|service\s+users|young\s+people|people)\b")
        .expect("static regex")
});

/// First-column headers of tables whose rows are the parties to a split.
static PARTY_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:partners?|members?|organisations?|organizations?|providers?|subcontractors?|sub-contractors?|parties|party|lead|agency|agencies|consortium)\b")
        .expect("static regex")
});

/// Words that say a whole is being divided.
static SPLIT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:split|shared?|divided|allocat(?:ed|ion)|apportioned|distributed|breakdown|proportions?)\b")
        .expect("static regex")
});

/// Index columns ("Line", "No.", "#"): their figures number the rows.
pub(crate) fn is_index_header(header: &str) -> bool {
    let h = header
        .trim()
        .trim_end_matches(['.', ':'])
        .to_ascii_lowercase();
    matches!(
        h.as_str(),
        "line"
            | "no"
            | "nr"
            | "#"
            | "ref"
            | "item no"
            | "id"
            | "row"
            | "number"
            | "line no"
            | "item"
    )
}

/// The quantities of a table cell (`within` over the cell's span), as an index range.
fn cell_range(quantities: &[Quantity], cell: Span) -> Range<usize> {
    let start = quantities.partition_point(|q| q.span.start < cell.start);
    start..start + within(quantities, cell).len()
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
fn table_sums(
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
    if !any_total {
        split_columns(table, &headers, preceding, quantities, out);
    }
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

/// "Year 1 | Year 2 | Year 3 | Total": a money total at the end of a row is the sum of the money
/// columns before it, when every other figure in the row is money of the same kind.
fn row_totals(
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

/// A percentage column that shares out money or work between the rows of a table with no total
/// row: the rows should make 100%.
fn split_columns(
    table: &Table,
    headers: &[String],
    preceding: &str,
    quantities: &[Quantity],
    out: &mut Vec<Sum>,
) {
    let Some(header_row) = table.header() else {
        return;
    };
    let parties = headers.first().is_some_and(|h| PARTY_HEADER.is_match(h));
    let preceding_split = SPLIT_WORDS.is_match(preceding);
    for (c, header) in headers.iter().enumerate() {
        if !SPLIT_HEADER.is_match(header) || RATE_LIKE.is_match(header) {
            continue;
        }
        // Money split between any rows; work split only between partners (a "% of
        // participants" column by age group or ethnicity need not make 100).
        let of_what = |s: &str| MONEY_WORDS.is_match(s) || parties && WORK_WORDS.is_match(s);
        if !(of_what(header) || preceding_split && of_what(preceding)) {
            continue;
        }
        let mut computed = 0.0;
        let mut items = 0;
        let mut clear = true;
        for (_, row) in table.body() {
            let Some(&cell) = row.cells.get(c) else {
                clear = false;
                break;
            };
            let range = cell_range(quantities, cell);
            let mut percents = range.clone().filter(|&i| quantities[i].is_percent());
            match (percents.next(), percents.next()) {
                (Some(i), None) if !in_range(quantities, i) => {
                    computed += quantities[i].value;
                    items += 1;
                }
                _ => {
                    clear = false;
                    break;
                }
            }
        }
        let Some(&span) = header_row.cells.get(c) else {
            continue;
        };
        if clear && items >= 2 {
            out.push(Sum {
                span,
                unit: header_row.span,
                stated: 100.0,
                computed,
                items,
                kind: SumKind::Percent,
            });
        }
    }
}

/// Words before an amount that make it a total: "a total of", "total budget of", "the contract
/// value is", "in total,".
static TOTAL_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:a|the|our|in|of)\s+total\s+(?:of\s+)?|\btotal(?:ling|ing|led|ed|s)\s+|\btotal\s+(?:[a-z'’-]+\s+){0,4}?(?:of|is|was|will\s+be|would\s+be|comes\s+to|amounts\s+to|at)\s+|\btotal\s*[:=]\s*|\b(?:contract|grant|project|programme|award)\s+(?:value|sum|price)\s+(?:is|of|will\s+be|would\s+be)\s+|\b(?:in\s+total|overall|altogether|in\s+all),?\s+)(?:(?:of\s+)?(?:about|around|approximately|approx\.?|some|c\.)\s+)?$")
        .expect("static regex")
});

/// Words after an amount that make it a total: "£120,000 in total", "£1.2m overall".
static TOTAL_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*\)?\s*(?:in\s+total|overall|in\s+all|altogether|all\s+told|total\b)")
        .expect("static regex")
});

/// Words that make the other amounts in a sentence something other than parts of its total:
/// comparisons, caps, examples, partial lists, money already raised.
static NOT_PARTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:up\s+from|down\s+from|compared|against|last\s+year|previous(?:ly)?|maximum|ceiling|capped|more\s+than|less\s+than|rather\s+than|instead\s+of|increase[sd]?|decrease[sd]?|reduc(?:e|ed|tion)|rises?|rose|including|includes?|included|such\s+as|e\.g|for\s+example|already|so\s+far|to\s+date|still|shortfall|outstanding|up\s+to|at\s+least)\b")
        .expect("static regex")
});

/// Money in a unit that can take part in a sum: not a range ("£5,000–£8,000", "between £5,000
/// and £8,000").
fn sum_money(doc: &Document, quantities: &[Quantity], unit: Span) -> Vec<usize> {
    let start = quantities.partition_point(|q| q.span.start < unit.start);
    let inside = within(quantities, unit).len();
    let money: Vec<usize> = (start..start + inside)
        .filter(|&i| quantities[i].is_money() && !in_range(quantities, i))
        .collect();
    let mut keep = vec![true; money.len()];
    for (k, pair) in money.windows(2).enumerate() {
        let (a, b) = (&quantities[pair[0]], &quantities[pair[1]]);
        let gap = doc
            .slice(Span::new(a.span.end, b.span.start.max(a.span.end)))
            .trim();
        let lead = tail(doc.slice(Span::new(unit.start, a.span.start)), 10).to_ascii_lowercase();
        if gap.eq_ignore_ascii_case("and") && lead.trim_end().ends_with("between") {
            keep[k] = false;
            keep[k + 1] = false;
        }
    }
    money
        .into_iter()
        .zip(keep)
        .filter_map(|(i, k)| k.then_some(i))
        .collect()
}

fn per(q: &Quantity) -> Option<&str> {
    match &q.kind {
        QuantityKind::Money { per, .. } => per.as_deref(),
        _ => None,
    }
}

/// A part of a total paid per something: left out unless the total is per the same thing.
fn part_of(total: &Quantity, part: &Quantity) -> bool {
    match (per(total), per(part)) {
        (_, None) => true,
        (Some(a), Some(b)) => a == b,
        (None, Some(_)) => false,
    }
}

fn money_sum(total: &Quantity, parts: &[f64], unit: Span) -> Sum {
    Sum {
        span: total.span,
        unit,
        stated: total.value,
        computed: parts.iter().sum(),
        items: parts.len(),
        kind: sum_kind(total).unwrap_or(SumKind::Money { currency: None }),
    }
}

/// True when the unit is the last sentence of its block and ends with a colon.
fn introduces_list(doc: &Document, unit: &Unit) -> bool {
    let Some(block) = doc.blocks.get(unit.block) else {
        return false;
    };
    doc.slice(unit.span).trim_end().ends_with(':')
        && doc
            .slice(Span::new(unit.span.end, block.span.end.max(unit.span.end)))
            .trim()
            .is_empty()
}

/// The list items right after block `block`, at the first item's depth (deeper items belong to
/// those items and are skipped).
fn following_items(doc: &Document, block: usize) -> Vec<Span> {
    let mut items = Vec::new();
    let mut depth = None;
    for b in doc.blocks.iter().skip(block + 1) {
        let BlockKind::ListItem { depth: d, .. } = b.kind else {
            break;
        };
        let first = *depth.get_or_insert(d);
        if d < first {
            break;
        }
        if d == first {
            items.push(b.span);
        }
    }
    items
}

/// Totals in sentences with their parts in the same sentence or in the list after it.
fn sentence_sums(doc: &Document, units: &[Unit], quantities: &[Quantity], out: &mut Vec<Sum>) {
    for unit in units.iter().filter(|u| u.kind == UnitKind::Sentence) {
        let money = sum_money(doc, quantities, unit.span);
        let totals: Vec<usize> = money
            .iter()
            .copied()
            .filter(|&i| {
                let q = &quantities[i];
                let before = tail(doc.slice(Span::new(unit.span.start, q.span.start)), 80);
                let after = head(doc.slice(Span::new(q.span.end, unit.span.end)), 30);
                TOTAL_BEFORE.is_match(before) || TOTAL_AFTER.is_match(after)
            })
            .collect();
        let [t] = totals[..] else {
            continue;
        };
        let total = &quantities[t];
        // Asked last: on a whole sentence with a "£" in it the pattern cannot use its fast
        // engine, and most sentences with a total have no parts to veto.
        let not_parts = || NOT_PARTS.is_match(doc.slice(unit.span));
        let parts: Vec<&Quantity> = money
            .iter()
            .filter(|&&i| i != t)
            .map(|&i| &quantities[i])
            .filter(|q| part_of(total, q))
            .collect();
        if parts.is_empty() && money.len() == 1 && introduces_list(doc, unit) {
            if not_parts() {
                continue;
            }
            let parts = listed(doc, unit.block, |item| {
                let money = sum_money(doc, quantities, item);
                match money[..] {
                    [i] if part_of(total, &quantities[i])
                        && !NOT_PARTS.is_match(doc.slice(item)) =>
                    {
                        Some(quantities[i].value)
                    }
                    _ => None,
                }
            });
            if let Some(parts) = parts {
                out.push(money_sum(total, &parts, unit.span));
            }
            continue;
        }
        if parts.len() >= 2 && reads_as_parts(doc, total, &parts) && !not_parts() {
            let values: Vec<f64> = parts.iter().map(|q| q.value).collect();
            out.push(money_sum(total, &values, unit.span));
        }
    }
}

/// The figure of each list item after `block`, as `figure` reads it, when there are at least
/// two items and every one has its figure.
fn listed(doc: &Document, block: usize, figure: impl Fn(Span) -> Option<f64>) -> Option<Vec<f64>> {
    let parts = following_items(doc, block)
        .into_iter()
        .map(figure)
        .collect::<Option<Vec<f64>>>()?;
    (parts.len() >= 2).then_some(parts)
}

/// Between a total and the list of its parts: "£120,000: £50,000 …", "£120,000, made up of …".
static BREAKDOWN_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[:(—–=]|\b(?:of\s+which|made\s+up\s+of|comprising|comprises|consisting|consists|broken\s+down|split|divided|allocated|as\s+follows|namely|being|with|making|giving|bringing|which\s+(?:makes|gives|comes\s+to))\b")
        .expect("static regex")
});
/// After a part, what it is for: "£50,000 for staff", "£30,000 to Riverside", "£20,000 in Year 2".
static PART_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*\)?\s*(?:for|on|towards|to|in|from|of)\b").expect("static regex")
});

/// Do the parts read as one list next to the total: "£50k for staff, £40k for venues and £20k
/// for evaluation", with the total before or after the list, not in the middle of it? Either a
/// word between total and list says the list breaks the total down, or every part says what it
/// is for; "Brightside gets a total of £90k, Riverside £30k and Northside £20k" is a list of
/// partners' amounts, one of them a total of its own.
fn reads_as_parts(doc: &Document, total: &Quantity, parts: &[&Quantity]) -> bool {
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    let gap = |a: Span, b: Span| doc.slice(Span::new(a.end, b.start.max(a.end)));
    let to_total = if total.span.end <= first.span.start {
        gap(total.span, first.span)
    } else if last.span.end <= total.span.start {
        gap(last.span, total.span)
    } else {
        return false;
    };
    if to_total.len() > 80 || to_total.contains(';') {
        return false;
    }
    let labelled = parts
        .iter()
        .all(|p| PART_LABEL.is_match(head(doc.slice(Span::new(p.span.end, doc.text.len())), 20)));
    if !labelled && !BREAKDOWN_CUE.is_match(to_total) {
        return false;
    }
    parts.windows(2).all(|pair| {
        let between = gap(pair[0].span, pair[1].span);
        let lower = between.to_ascii_lowercase();
        between.len() <= 120
            && (between.contains([',', ';', '+', '&'])
                || lower.contains(" and ")
                || lower.contains(" plus "))
            && !lower.contains(" or ")
    })
}

/// Words that share a whole out.
static SPLIT_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:split|divided|apportioned|distributed)\b|\bshared\s+(?:between|among|amongst|out|as)\b")
        .expect("static regex")
});
/// A word for what is left of a whole.
static REST_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:remaining|rest|remainder|balance)\b").expect("static regex")
});
/// "the remaining 80%", "the rest (85%)": the rest word just before a percentage.
static REST_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\s+of\s+the\s+[a-z]+)?\s*\(?\s*(?:of\s+)?$").expect("static regex")
});
/// "80% (the balance)", "80% as the remainder": the rest word just after a percentage.
static REST_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*\(?\s*(?:is|are|as|being)?\s*(?:the\s+)?$").expect("static regex")
});
/// After a percentage that is itself the whole being shared: "40% is split …", "60% of the
/// grant will be divided …".
static WHOLE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:of\s+(?:the\s+)?[a-z'’-]+(?:\s+[a-z'’-]+)?\s+)?(?:is|are|will\s+be|would\s+be|shall\s+be|to\s+be|being)?\s*(?:split|divided|shared|apportioned|distributed)\b")
        .expect("static regex")
});
/// Before a percentage that is the whole: "of the remaining 85%, …", "Of this 40%".
static WHOLE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bof\s+(?:the\s+|this\s+|that\s+)?(?:remaining\s+|other\s+)?$")
        .expect("static regex")
});
/// After a percentage that is multiplied, not added: "20% each", "10% a year".
static EACH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*\)?\s*(?:each|apiece|per\s+[a-z]+|a\s+year|a\s+month|per\s+annum|pa)\b")
        .expect("static regex")
});

/// Percentages in `span` that can be shares: `None` if any is a change, a rate, a result
/// against target or a range (then the sentence is about something else).
fn shares_in<'p>(
    percentages: &'p [Percentage],
    quantities: &[Quantity],
    span: Span,
) -> Option<Vec<&'p Percentage>> {
    let start = percentages.partition_point(|p| p.span.start < span.start);
    let mut found = Vec::new();
    for p in percentages[start..]
        .iter()
        .take_while(|p| p.span.end <= span.end)
    {
        if matches!(
            p.relation,
            Relation::Growth | Relation::Reduction | Relation::Rate | Relation::OfTarget
        ) {
            return None;
        }
        let q = quantities.partition_point(|q| q.span.start < p.span.start);
        if in_range(quantities, q) {
            return None;
        }
        found.push(p);
    }
    Some(found)
}

/// Sentences (and colon-led lists) that divide a whole into percentages.
fn split_sums(
    doc: &Document,
    units: &[Unit],
    quantities: &[Quantity],
    percentages: &[Percentage],
    out: &mut Vec<Sum>,
) {
    for unit in units.iter().filter(|u| u.kind == UnitKind::Sentence) {
        let text = doc.slice(unit.span);
        let Some(mut found) = shares_in(percentages, quantities, unit.span) else {
            continue;
        };
        let rel = |s: Span| Span::new(s.start - unit.span.start, s.end - unit.span.start);
        // Percentages in brackets break down the one before them ("10% to the manager (5% now,
        // the remaining 5% later), 50% …"): they are not parts of the main split.
        let bracketed = |p: &Percentage| {
            let before = &text[..rel(p.span).start];
            before.matches('(').count() > before.matches(')').count()
        };
        if found.iter().any(|p| !bracketed(p)) {
            found.retain(|p| !bracketed(p));
        }
        let before = |p: &Percentage| &text[..rel(p.span).start];
        let after = |p: &Percentage| &text[rel(p.span).end..];
        if found
            .iter()
            .any(|p| EACH_AFTER.is_match(head(after(p), 20)))
            || text.to_ascii_lowercase().contains("equally")
        {
            continue;
        }
        // A rest word not attached to a percentage is an unnumbered part ("… and the rest to
        // Northside"), or not about shares at all ("in the remaining months"): either way the
        // percentages are not the whole list.
        let rests: Vec<bool> = REST_WORD
            .find_iter(text)
            .map(|m| {
                found.iter().any(|p| {
                    let r = rel(p.span);
                    (m.end() <= r.start && REST_BEFORE.is_match(&text[m.end()..r.start]))
                        || (r.end <= m.start() && REST_AFTER.is_match(&text[r.end..m.start()]))
                })
            })
            .collect();
        if rests.contains(&false) {
            continue;
        }
        let attached_rest = !rests.is_empty();
        let wholes: Vec<&&Percentage> = found
            .iter()
            .filter(|p| {
                WHOLE_AFTER.is_match(head(after(p), 60))
                    || WHOLE_BEFORE.is_match(tail(before(p), 30))
            })
            .collect();
        if wholes.len() > 1 {
            continue;
        }
        let whole = wholes.first().map(|p| **p);
        let cue = SPLIT_CUE.is_match(text) || attached_rest;
        if !cue {
            continue;
        }
        if found.len() <= usize::from(whole.is_some()) && introduces_list(doc, unit) {
            let parts = listed(doc, unit.block, |item| {
                match shares_in(percentages, quantities, item)?[..] {
                    [p] => Some(p.value),
                    _ => None,
                }
            });
            if let Some(parts) = parts {
                let (stated, span) = whole.map_or((100.0, unit.span), |w| (w.value, w.span));
                out.push(Sum {
                    span,
                    unit: unit.span,
                    stated,
                    computed: parts.iter().sum(),
                    items: parts.len(),
                    kind: SumKind::Percent,
                });
            }
            continue;
        }
        let parts: Vec<&Percentage> = found
            .iter()
            .copied()
            .filter(|p| whole.is_none_or(|w| w.span != p.span))
            .collect();
        let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
            continue;
        };
        if parts.len() < 2 {
            continue;
        }
        let (stated, span) =
            whole.map_or((100.0, first.span.cover(last.span)), |w| (w.value, w.span));
        out.push(Sum {
            span,
            unit: unit.span,
            stated,
            computed: parts.iter().map(|p| p.value).sum(),
            items: parts.len(),
            kind: SumKind::Percent,
        });
    }
}

/// Compile this module's patterns now (a spare thread does, at start-up; see
/// [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&NOT_ADDITIVE);
    LazyLock::force(&PER_PERIOD);
    LazyLock::force(&RATE_LIKE);
    LazyLock::force(&SPLIT_HEADER);
    LazyLock::force(&MONEY_WORDS);
    LazyLock::force(&WORK_WORDS);
    LazyLock::force(&PARTY_HEADER);
    LazyLock::force(&SPLIT_WORDS);
    LazyLock::force(&TOTAL_BEFORE);
    LazyLock::force(&TOTAL_AFTER);
    LazyLock::force(&NOT_PARTS);
    LazyLock::force(&BREAKDOWN_CUE);
    LazyLock::force(&PART_LABEL);
    LazyLock::force(&SPLIT_CUE);
    LazyLock::force(&REST_WORD);
    LazyLock::force(&REST_BEFORE);
    LazyLock::force(&REST_AFTER);
    LazyLock::force(&WHOLE_AFTER);
    LazyLock::force(&WHOLE_BEFORE);
    LazyLock::force(&EACH_AFTER);
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{Sum, SumKind};
    use crate::analyse::analyse;
    use crate::extract::markdown;

    fn sums(text: &str) -> Vec<Sum> {
        let doc = markdown::extract(PathBuf::from("t.md"), text.to_string(), Vec::new());
        analyse(&doc, None).sums
    }

    /// (stated, computed, items) of each sum.
    fn figures(text: &str) -> Vec<(f64, f64, usize)> {
        sums(text)
            .iter()
            .map(|s| (s.stated, (s.computed * 100.0).round() / 100.0, s.items))
            .collect()
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

    #[test]
    fn percentage_columns_that_share_money_make_100() {
        let text = "| Partner | Share of funding (%) |\n|---|---:|\n| Riverside | 55% |\n| Northside | 35% |\n";
        let found = sums(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].stated, found[0].computed, found[0].items),
            (100.0, 90.0, 2)
        );
        assert_eq!(found[0].kind, SumKind::Percent);
        // A bare "%" header counts when the sentence before the table says what is shared.
        let text = "The contract value will be split between the members as follows.\n\n| Member | % |\n|---|---:|\n| A | 50% |\n| B | 50% |\n";
        assert_eq!(figures(text), [(100.0, 100.0, 2)]);
    }

    #[test]
    fn rate_and_profile_columns_do_not_need_to_make_100() {
        let text = "| Measure | Target % |\n|---|---:|\n| Into work | 45% |\n| Sustained | 30% |\n";
        assert_eq!(figures(text), []);
        let text =
            "| Partner | Success rate |\n|---|---:|\n| Riverside | 55% |\n| Northside | 35% |\n";
        assert_eq!(figures(text), []);
        // A profile of participants by group is not a split between partners.
        let text =
            "| Age group | % of participants |\n|---|---:|\n| 16-18 | 40% |\n| 19-24 | 45% |\n";
        assert_eq!(figures(text), []);
    }

    #[test]
    fn a_sentence_total_with_its_parts() {
        assert_eq!(
            figures(
                "The total budget is £1.2m: £700k for staff, £300k for venues and £150k for evaluation."
            ),
            [(1_200_000.0, 1_150_000.0, 3)]
        );
        assert_eq!(
            figures("We will spend £60,000 on mentoring and £30,000 on travel, £90,000 in total."),
            [(90000.0, 90000.0, 2)]
        );
        assert_eq!(
            figures(
                "The grant of £50,000 overall covers:\n\n- £30,000 for a support worker\n- £12,000 for venue hire\n- £6,000 for volunteer expenses\n"
            ),
            [(50000.0, 48000.0, 3)]
        );
    }

    #[test]
    fn sentences_without_a_total_or_with_comparisons_give_nothing() {
        // Two unrelated amounts, no total word.
        assert_eq!(
            figures("Our price is £426,000 against an indicative budget of £440,000."),
            []
        );
        assert_eq!(
            figures("We pay £12,000 for rent and £3,000 for phones."),
            []
        );
        // A comparison, a range and amounts per year are not parts.
        assert_eq!(
            figures("The total budget is £120,000, up from £90,000 and £80,000 in earlier years."),
            []
        );
        assert_eq!(
            figures("A total of £120,000 over three years (£40,000 a year), or £1,000 a month."),
            []
        );
        assert_eq!(
            figures("The total cost is £20,000, between £8,000 and £12,000 of it for staff."),
            []
        );
        // Partners' amounts, one of them called a total.
        assert_eq!(
            figures(
                "Brightside will receive a total of £90,000, Riverside £30,000 and Northside £20,000."
            ),
            []
        );
        // A list with an item that has no amount is not a full breakdown.
        assert_eq!(
            figures(
                "The total budget is £9,000:\n\n- £6,000 for staff\n- volunteer time\n- £3,000 for rent\n"
            ),
            []
        );
    }

    #[test]
    fn percentage_splits_in_a_sentence() {
        assert_eq!(
            figures("The funding is split 60% to the Lead, 30% to Riverside and 20% to Northside."),
            [(100.0, 110.0, 3)]
        );
        assert_eq!(
            figures("Oakham retains 15% and passes the remaining 80% to the delivery partners."),
            [(100.0, 95.0, 2)]
        );
        // Percentages in brackets break down the one before them.
        assert_eq!(
            figures(
                "Each fee is split 10% to the host (5% at once and 5% at the end), 50% to the room and 45% to the fund."
            ),
            [(100.0, 105.0, 3)]
        );
        // The whole being divided can itself be a percentage.
        assert_eq!(
            figures("Of the remaining 85%, 50% goes to Riverside and 35% to Northside."),
            [(85.0, 85.0, 2)]
        );
        assert_eq!(
            figures(
                "The budget will be divided as follows:\n\n- Staff: 70%\n- Venues: 20%\n- Evaluation: 5%\n"
            ),
            [(100.0, 95.0, 3)]
        );
    }

    #[test]
    fn changes_rates_and_open_rests_are_not_splits() {
        assert_eq!(
            figures(
                "We expect an increase of 20% in referrals and a 15% reduction in waiting times."
            ),
            []
        );
        // No word says the parts are the whole.
        assert_eq!(
            figures("Riverside will receive 20% of the funding and Northside 30% of the funding."),
            []
        );
        // "the rest" without a figure is a part: the split is complete by definition.
        assert_eq!(
            figures(
                "The grant is split 60% to Riverside, 30% to Northside and the rest to Oakham."
            ),
            []
        );
        // Shares per partner are multiplied, not added.
        assert_eq!(
            figures("The remaining 40% is shared between the two partners, 20% each."),
            []
        );
        assert_eq!(
            figures(
                "The cohort will be split: 60% of participants will find work and 20% will start training, a satisfaction rate of 90%."
            ),
            []
        );
    }
}
