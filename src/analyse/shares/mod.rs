//! Each partner's share of the work against its share of the money.
//!
//! [`partner_shares`] returns a [`PartnerShare`] for every organisation whose share of the work
//! (participants, outcomes, referrals, sessions, FTE …) and share of the funding can both be
//! found; the `target-share-exceeds-funding` rule compares the two. Shares come from:
//! - **tables** with one row per organisation (a row names exactly one organisation): a count
//!   column ("Participants", "Outcomes", "FTE") or a work percentage column ("Share of referrals
//!   (%)") against a money column ("Total", or a single "Budget" column) or a funding percentage
//!   column ("% of contract value"). A count or amount is turned into a share of the column's
//!   rows (total rows left out); a money column on its own counts only in a budget with a total
//!   row;
//! - **sentences**: a percentage of work or of money tied to an organisation by a verb ("Riverside
//!   will deliver 60% of the outcomes", "60% of participants will be supported by Riverside",
//!   "Riverside will receive 20% of the contract value", "… 60% of the referrals for 20% of the
//!   funding"), a split naming each organisation ("referrals are split 60% to Riverside and 40%
//!   to Northside"), or a part of a count or amount ("Riverside will support 300 of the 500
//!   participants").
//!
//! The two shares of an organisation may come from different places (a delivery share in the
//! text, the funding share from the budget table). When an organisation has several of one kind,
//! the first in the document is used. Percentages that measure rather than share (success rates,
//! results against target, growth) and people moved into an outcome ("help 60% of participants
//! into work") are not shares of the work.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::orgs::Organisation;
use super::quantity::{Quantity, QuantityKind, in_range, within};
use super::sums::{
    MONEY_WORDS, RATE_LIKE, WORK_WORDS, figure, is_index_header, is_total_row, not_additive,
};
use super::targets::{Percentage, Relation};
use super::text::{Unit, UnitKind, head, tail};
use crate::document::{BlockKind, Document, Row, Span, Table};

/// One organisation's share of the work and of the money.
#[derive(Clone, Debug, Serialize)]
pub struct PartnerShare {
    /// Index into `Analysis::organisations`.
    pub organisation: usize,
    /// Where to point: the row or sentence giving the delivery share.
    pub span: Span,
    /// Share of the work (participants, outcomes, referrals, starts, sessions, volumes, FTE) in
    /// per cent.
    pub delivery: f64,
    /// What the work is ("participants", "outcomes").
    pub delivery_of: String,
    /// Share of the funding in per cent.
    pub funding: f64,
    /// Where the funding share was found (the row or sentence).
    pub funding_span: Span,
}

/// A share found for one organisation.
#[derive(Clone, Debug)]
struct Found {
    org: usize,
    value: f64,
    of: String,
    span: Span,
}

/// What a share is of.
#[derive(Clone, Debug, PartialEq)]
enum Of {
    Work(String),
    Money,
}

/// Every organisation with both a delivery share and a funding share.
pub fn partner_shares(
    doc: &Document,
    units: &[Unit],
    quantities: &[Quantity],
    percentages: &[Percentage],
    organisations: &[Organisation],
) -> Vec<PartnerShare> {
    let mentions = mention_index(organisations);
    let mut delivery = Vec::new();
    let mut funding = Vec::new();
    for block in &doc.blocks {
        if let BlockKind::Table(table) = &block.kind {
            table_shares(
                doc,
                table,
                quantities,
                &mentions,
                &mut delivery,
                &mut funding,
            );
        }
    }
    text_shares(
        doc,
        units,
        quantities,
        percentages,
        &mentions,
        &mut delivery,
        &mut funding,
    );
    let first = |found: Vec<Found>| {
        let mut first: Vec<Option<Found>> = vec![None; organisations.len()];
        for f in found {
            if let Some(slot) = first.get_mut(f.org)
                && slot.as_ref().is_none_or(|s| f.span.start < s.span.start)
            {
                *slot = Some(f);
            }
        }
        first
    };
    first(delivery)
        .into_iter()
        .zip(first(funding))
        .filter_map(|pair| match pair {
            (Some(d), Some(f)) => Some(PartnerShare {
                organisation: d.org,
                span: d.span,
                delivery: d.value,
                delivery_of: d.of,
                funding: f.value,
                funding_span: f.span,
            }),
            _ => None,
        })
        .collect()
}

/// Every mention of every organisation, in text order.
fn mention_index(organisations: &[Organisation]) -> Vec<(Span, usize)> {
    let mut all: Vec<(Span, usize)> = organisations
        .iter()
        .enumerate()
        .flat_map(|(i, o)| o.mentions.iter().map(move |&m| (m, i)))
        .collect();
    all.sort();
    all
}

/// The mentions wholly inside `span`.
fn mentions_in(mentions: &[(Span, usize)], span: Span) -> &[(Span, usize)] {
    let start = mentions.partition_point(|(m, _)| m.start < span.start);
    let rest = &mentions[start..];
    let keep = rest.iter().take_while(|(m, _)| m.start < span.end).count();
    &rest[..keep]
}

/// The one organisation a row names, if it names exactly one.
fn sole_org(mentions: &[(Span, usize)], span: Span) -> Option<usize> {
    let inside = mentions_in(mentions, span);
    let (_, first) = *inside.first()?;
    inside.iter().all(|&(_, o)| o == first).then_some(first)
}

/// Headers for a percentage of something.
static PERCENT_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)%|\b(?:share|split|proportion|percentage|per\s*cent)\b").expect("static regex")
});

/// Headers of periods, whose money columns add up to the row's whole ("Year 1", "Q3", "2025/26").
static PERIOD_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:year|yr|y|q|quarter|month|phase|stage|fy)\s*\d|^\W*\d{4}(?:\s*[/–-]\s*\d{2,4})?\W*$")
        .expect("static regex")
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
/// totals. Needs two organisations with a figure.
fn column_shares(
    rows: &[(&Row, Option<usize>)],
    columns: &[usize],
    kind: &Column,
    quantities: &[Quantity],
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
    if per_org.len() < 2 {
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

fn table_shares(
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
    if named.len() < 2 {
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
        && let Some(shares) = column_shares(&rows, &[c], kind, quantities)
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
    if let Some((columns, kind)) = funding_columns
        && let Some(shares) = column_shares(&rows, &columns, &kind, quantities)
    {
        funding.extend(shares.into_iter().map(|(org, value, span)| Found {
            org,
            value,
            of: String::new(),
            span,
        }));
    }
}

/// Nouns for money a share can be of.
static MONEY_SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:funding|funds|budget|contract\s+(?:value|price|sum)|value|price|income|payments?|grant|money|award|fees?|allocation)\b")
        .expect("static regex")
});
/// Nouns for work a share can be of.
static WORK_SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:participants?|outcomes?|referrals?|starts|sessions?|volumes?|caseloads?|places|delivery|work|clients?|families|households|cases|young\s+people|people|learners|beneficiaries|service\s+users|users|carers|tenants|residents|hours|interventions|assessments|activity|activities|contacts|appointments|visits|workshops|courses|fte|posts)\b")
        .expect("static regex")
});
/// Nouns that are work or money by the verb: "deliver 60% of the contract", "receive 20% of the
/// contract".
static EITHER_SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:contract|service|services|programme|project)\b").expect("static regex")
});
/// Verbs that give an organisation work, just before the percentage.
static WORK_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:deliver(?:s|ing)?|provid(?:e|es|ing)|support(?:s|ing)?|work(?:s|ing)?\s+with|see(?:s|ing)?|tak(?:e|es|ing)\s+on|handl(?:e|es|ing)|run(?:s|ning)?|manag(?:e|es|ing)|carr(?:y|ies|ying)\s+out|responsible\s+for|account(?:s|ing)?\s+for|cover(?:s|ing)?|serv(?:e|es|ing)|engag(?:e|es|ing)|recruit(?:s|ing)?|reach(?:es|ing)?|achiev(?:e|es|ing)|accept(?:s|ing)?|host(?:s|ing)?)\s+(?:(?:about|around|approximately|roughly|some|up\s+to|at\s+least|over|nearly|almost|just\s+under|just\s+over|an\s+estimated)\s+)*$")
        .expect("static regex")
});
/// Verbs that give an organisation money, just before the percentage.
static MONEY_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:receiv(?:e|es|ing)|get(?:s|ting)?|(?:be|is|are)\s+paid|paid|(?:be|is)\s+allocated|allocated|(?:be|is)\s+given|retain(?:s|ing)?|keep(?:s|ing)?|tak(?:e|es|ing)|hold(?:s|ing)?|draw(?:s|ing)?(?:\s+down)?|entitled\s+to|(?:be|is)\s+awarded|earn(?:s|ing)?)\s+(?:(?:about|around|approximately|roughly|some|up\s+to|at\s+least|over|nearly|almost|just\s+under|just\s+over|only|just)\s+)*$")
        .expect("static regex")
});
/// "Riverside's share of the funding is 20%": the noun says what the share is of.
static SHARE_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[’']s\s+(?:share|allocation|portion|proportion)\s+of\s+(?:the\s+)?([a-z' -]{2,40}?)\s+(?:is|will\s+be|would\s+be|of|at)\s+(?:about\s+|around\s+|approximately\s+)?$")
        .expect("static regex")
});
/// "… 60% of the referrals for 20% of the funding": money in return for the work before it.
static IN_RETURN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)%[^%;]{0,80}\b(?:for|in\s+return\s+for|in\s+exchange\s+for|but\s+(?:only\s+)?(?:receives?|gets?)|and\s+(?:receives?|gets?)|receiving)\s+(?:only\s+|just\s+)?$")
        .expect("static regex")
});
/// A name then a colon, dash or bracket: "Riverside: 60% of participants", "Riverside (20% of
/// the funding)".
static LABEL_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[:–—(-]\s*\(?\s*$").expect("static regex"));
/// After a percentage of work, a passive that gives it to the organisation named next:
/// "… will be supported by Riverside", "… will be referred to Riverside".
static WORK_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^;%]{0,100}?\b(?:(?:delivered|supported|seen|handled|managed|run|provided|served|worked\s+with|taken\s+on|engaged|recruited|reached|covered|carried\s+out|hosted|accepted|achieved|placed|helped)\s+by|(?:allocated|referred|passed(?:\s+on)?|given|assigned|sent|subcontracted|go|goes|going)\s+to)\s+(?:the\s+)?$")
        .expect("static regex")
});
/// After a percentage of money, a verb that gives it to the organisation named next: "… goes
/// to Riverside", "… is for Riverside", "… will be paid to Riverside".
static MONEY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^;%]{0,100}?\b(?:paid|allocated|passed(?:\s+on)?|given|go|goes|going|awarded|transferred|reserved|earmarked|set\s+aside|is|are|will\s+be)\s+(?:to|for)\s+(?:the\s+)?$")
        .expect("static regex")
});
/// Right after a bare percentage in a split: "60% to Riverside".
static SPLIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:to|for|by|with)\s+(?:the\s+)?$").expect("static regex")
});
/// Words that share a whole out, before the percentages of a split.
static SPLIT_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:split|divided|shared|allocated|apportioned|distributed)\b")
        .expect("static regex")
});
/// People taken somewhere rather than a share of the caseload: "help 60% of participants into
/// work", "60% of participants will find work".
static OUTCOME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:will\s+|to\s+|should\s+|are\s+expected\s+to\s+)?(?:into|back|find|gain|secure|achieve|enter|move|get|sustain|complete|improve|report|progress|be\s+in|stay|remain|start|feel|keep|reduce|increase|leave|go\s+on)\b")
        .expect("static regex")
});
/// "300 of the 500 participants", "£50,000 of the £200,000".
static PART_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+of\s+(?:the\s+|our\s+|its\s+|a\s+total\s+of\s+|the\s+total\s+of\s+)?$")
        .expect("static regex")
});

/// A share stated in a sentence, before it is tied to an organisation.
struct Claim {
    value: f64,
    /// What it is of; `None` when the verb or the sentence decides.
    of: Option<Of>,
    /// The figure (the percentage, or "300 of the 500 participants").
    span: Span,
    /// A percentage with no "of" phrase ("60% to Riverside"): only a split or "Riverside's
    /// share of the funding is 20%" says what it is of.
    bare: bool,
    /// The noun of an "of" phrase that is work or money by the verb ("contract").
    either: String,
}

/// What a percentage's "of" phrase makes it a share of: money, work, or (`Err` with the noun)
/// either, as the verb says.
fn share_of(of: &str) -> Option<Result<Of, String>> {
    if MONEY_SHARE.is_match(of) {
        Some(Ok(Of::Money))
    } else if let Some(m) = WORK_SHARE.find(of) {
        Some(Ok(Of::Work(m.as_str().to_ascii_lowercase())))
    } else {
        EITHER_SHARE
            .find(of)
            .map(|m| Err(m.as_str().to_ascii_lowercase()))
    }
}

/// The shares stated in one sentence: percentages of work or money, and parts of a count or
/// amount.
fn claims(
    doc: &Document,
    unit: Span,
    quantities: &[Quantity],
    percentages: &[Percentage],
) -> Vec<Claim> {
    let mut out = Vec::new();
    let start = percentages.partition_point(|p| p.span.start < unit.start);
    for p in percentages[start..]
        .iter()
        .take_while(|p| p.span.end <= unit.end)
    {
        if matches!(
            p.relation,
            Relation::Rate | Relation::Growth | Relation::Reduction | Relation::OfTarget
        ) || in_range(
            quantities,
            quantities.partition_point(|q| q.span.start < p.span.start),
        ) {
            continue;
        }
        let after = doc.slice(Span::new(p.span.end, unit.end));
        let (of, either) = match &p.of {
            Some(of) => {
                let Some(kind) = share_of(of) else {
                    continue;
                };
                // The text after the "of" phrase: "… of participants into work".
                let rest = after
                    .find(of.as_str())
                    .map_or("", |at| &after[at + of.len()..]);
                if matches!(kind, Ok(Of::Work(_))) && OUTCOME_AFTER.is_match(head(rest, 40)) {
                    continue;
                }
                match kind {
                    Ok(of) => (Some(of), String::new()),
                    Err(noun) => (None, noun),
                }
            }
            None => (None, String::new()),
        };
        out.push(Claim {
            value: p.value,
            of,
            span: p.span,
            bare: p.of.is_none(),
            either,
        });
    }
    // "300 of the 500 participants", "£50,000 of the £200,000 contract".
    let inside = within(quantities, unit);
    for pair in inside.windows(2) {
        let (part, whole) = (&pair[0], &pair[1]);
        if part.span.end > whole.span.start
            || !PART_OF.is_match(between(doc, part.span.end, whole.span.start))
        {
            continue;
        }
        if whole.value <= 0.0 || part.value > whole.value {
            continue;
        }
        let of = match (&part.kind, &whole.kind) {
            (QuantityKind::Money { .. }, QuantityKind::Money { .. }) => Of::Money,
            (QuantityKind::Number | QuantityKind::Count { .. }, QuantityKind::Count { unit }) => {
                match WORK_SHARE.find(unit) {
                    Some(m) => Of::Work(m.as_str().to_ascii_lowercase()),
                    None => continue,
                }
            }
            _ => continue,
        };
        let after = doc.slice(Span::new(whole.span.end, unit.end));
        if matches!(of, Of::Work(_)) && OUTCOME_AFTER.is_match(head(after, 40)) {
            continue;
        }
        out.push(Claim {
            value: part.value / whole.value * 100.0,
            of: Some(of),
            span: part.span.cover(whole.span),
            bare: false,
            either: String::new(),
        });
    }
    out.sort_by_key(|c| c.span);
    out
}

/// The text from `a` to `b` (empty if `b` is before `a`).
fn between(doc: &Document, a: usize, b: usize) -> &str {
    doc.slice(Span::new(a, b.max(a)))
}

fn text_shares(
    doc: &Document,
    units: &[Unit],
    quantities: &[Quantity],
    percentages: &[Percentage],
    mentions: &[(Span, usize)],
    delivery: &mut Vec<Found>,
    funding: &mut Vec<Found>,
) {
    for unit in units.iter().filter(|u| u.kind == UnitKind::Sentence) {
        let here = mentions_in(mentions, unit.span);
        if here.is_empty() {
            continue;
        }
        let claims = claims(doc, unit.span, quantities, percentages);
        if claims.is_empty() {
            continue;
        }
        // What a bare split is of: the words before its first percentage ("referrals are split
        // 60% to …").
        let lead = between(doc, unit.span.start, claims[0].span.start);
        let split_of = SPLIT_CUE.is_match(lead).then(|| {
            if MONEY_SHARE.is_match(lead) {
                Some(Of::Money)
            } else {
                WORK_SHARE
                    .find(lead)
                    .map(|m| Of::Work(m.as_str().to_ascii_lowercase()))
            }
        });
        // The organisation and kind of the last work share, for "… for 20% of the funding".
        let mut last_work: Option<usize> = None;
        for claim in &claims {
            let before = here
                .iter()
                .rev()
                .find(|(m, _)| m.end <= claim.span.start)
                .copied();
            let after = here
                .iter()
                .find(|(m, _)| m.start >= claim.span.end)
                .copied();
            let tied = tie_before(claim, before, doc, last_work, unit.span.start)
                .or_else(|| tie_after(claim, after, doc, split_of.as_ref()));
            let Some((org, of)) = tied else {
                continue;
            };
            if !(0.0..=100.0).contains(&claim.value) {
                continue;
            }
            match of {
                Of::Work(what) if claim.value > 0.0 => {
                    last_work = Some(org);
                    delivery.push(Found {
                        org,
                        value: claim.value,
                        of: what,
                        span: unit.span,
                    });
                }
                Of::Work(_) => {}
                Of::Money => funding.push(Found {
                    org,
                    value: claim.value,
                    of: String::new(),
                    span: unit.span,
                }),
            }
        }
    }
}

/// Tie a claim to the organisation named before it: "Riverside will deliver 60% of …",
/// "Riverside: 60% of …", "Riverside's share of the funding is 20%", "… 60% of the referrals for
/// 20% of the funding".
fn tie_before(
    claim: &Claim,
    before: Option<(Span, usize)>,
    doc: &Document,
    last_work: Option<usize>,
    unit_start: usize,
) -> Option<(usize, Of)> {
    let (m, org) = before?;
    let gap = between(doc, m.end, claim.span.start);
    if gap.contains(';') || gap.len() > 150 {
        return None;
    }
    // The verb decides only for nouns that can be either ("60% of the contract").
    let by_verb = |verb: Of| match (&claim.of, claim.bare) {
        (Some(of), _) => Some(of.clone()),
        (None, false) if verb == Of::Money => Some(Of::Money),
        (None, false) => Some(Of::Work(claim.either.clone())),
        (None, true) => None,
    };
    let tied = if LABEL_GAP.is_match(gap) {
        claim.of.clone()
    } else if WORK_VERB.is_match(gap) {
        by_verb(Of::Work(String::new()))
    } else if MONEY_VERB.is_match(gap) {
        by_verb(Of::Money)
    } else if claim.bare {
        SHARE_OF
            .captures(gap)
            .and_then(|c| share_of(c.get(1)?.as_str())?.ok())
    } else {
        None
    };
    if let Some(of) = tied {
        return Some((org, of));
    }
    // Money in return for the work just before it, for the organisation doing that work.
    let worker = last_work?;
    (claim.of == Some(Of::Money)
        && IN_RETURN.is_match(tail(between(doc, unit_start, claim.span.start), 120)))
    .then_some((worker, Of::Money))
}

/// Tie a claim to the organisation named after it: "60% of participants will be supported by
/// Riverside", "20% of the funding goes to Riverside", "split 60% to Riverside".
fn tie_after(
    claim: &Claim,
    after: Option<(Span, usize)>,
    doc: &Document,
    split_of: Option<&Option<Of>>,
) -> Option<(usize, Of)> {
    let (m, org) = after?;
    let gap = between(doc, claim.span.end, m.start);
    let of = match &claim.of {
        Some(of @ Of::Work(_)) if WORK_AFTER.is_match(gap) => of.clone(),
        Some(Of::Money) if MONEY_AFTER.is_match(gap) => Of::Money,
        None if claim.bare && SPLIT_AFTER.is_match(gap) => split_of?.clone()?,
        _ => return None,
    };
    Some((org, of))
}

/// Compile this module's patterns now (a spare thread does, at start-up; see
/// [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&PERCENT_HEADER);
    LazyLock::force(&PERIOD_HEADER);
    LazyLock::force(&MONEY_SHARE);
    LazyLock::force(&WORK_SHARE);
    LazyLock::force(&EITHER_SHARE);
    LazyLock::force(&WORK_VERB);
    LazyLock::force(&MONEY_VERB);
    LazyLock::force(&SHARE_OF);
    LazyLock::force(&IN_RETURN);
    LazyLock::force(&LABEL_GAP);
    LazyLock::force(&WORK_AFTER);
    LazyLock::force(&MONEY_AFTER);
    LazyLock::force(&SPLIT_AFTER);
    LazyLock::force(&SPLIT_CUE);
    LazyLock::force(&OUTCOME_AFTER);
    LazyLock::force(&PART_OF);
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::analyse::analyse;
    use crate::extract::markdown;

    /// (organisation name, delivery, what, funding), shares rounded to 0.1.
    fn shares(text: &str) -> Vec<(String, f64, String, f64)> {
        let doc = markdown::extract(PathBuf::from("t.md"), text.to_string(), Vec::new());
        let analysis = analyse(&doc, None);
        let round = |v: f64| (v * 10.0).round() / 10.0;
        analysis
            .shares
            .iter()
            .map(|s| {
                (
                    analysis.organisations[s.organisation].name.clone(),
                    round(s.delivery),
                    s.delivery_of.clone(),
                    round(s.funding),
                )
            })
            .collect()
    }

    const PARTIES: &str = "Brightside Housing Trust will lead the partnership with Riverside Advice Centre and Northside Youth Project CIC.\n\n";

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

    #[test]
    fn shares_stated_in_sentences() {
        let text = format!(
            "{PARTIES}Riverside will deliver 60% of the outcomes. Riverside will receive 20% of the contract value.\n\n60% of referrals will be seen by Northside Youth Project CIC, for 15% of the funding.\n"
        );
        assert_eq!(
            shares(&text),
            [
                (
                    "Riverside Advice Centre".into(),
                    60.0,
                    "outcomes".into(),
                    20.0
                ),
                (
                    "Northside Youth Project CIC".into(),
                    60.0,
                    "referrals".into(),
                    15.0
                ),
            ]
        );
        let text = format!(
            "{PARTIES}Northside Youth Project CIC will handle 35% of the referrals for just 10% of the funding.\n\nThe funding is split 50% to Brightside Housing Trust, 30% to Riverside Advice Centre and 20% to Northside Youth Project CIC.\n"
        );
        assert_eq!(
            shares(&text),
            [(
                "Northside Youth Project CIC".into(),
                35.0,
                "referrals".into(),
                10.0
            )]
        );
        // A split of the work naming each partner, against the funding split.
        let text = format!(
            "{PARTIES}Referrals will be divided 50% to Riverside and 50% to Northside.\n\nThe funding is split 70% to Brightside Housing Trust, 20% to Riverside and 10% to Northside.\n"
        );
        assert_eq!(
            shares(&text),
            [
                (
                    "Riverside Advice Centre".into(),
                    50.0,
                    "referrals".into(),
                    20.0
                ),
                (
                    "Northside Youth Project CIC".into(),
                    50.0,
                    "referrals".into(),
                    10.0
                ),
            ]
        );
    }

    #[test]
    fn counts_in_text_against_a_budget_table() {
        let text = format!(
            "{PARTIES}Riverside will support 300 of the 500 participants.\n\n| Partner | Amount |\n|---|---:|\n| Brightside Housing Trust | £80,000 |\n| Riverside Advice Centre | £15,000 |\n| Northside Youth Project CIC | £5,000 |\n| **Total** | **£100,000** |\n"
        );
        assert_eq!(
            shares(&text),
            [(
                "Riverside Advice Centre".into(),
                60.0,
                "participants".into(),
                15.0
            )]
        );
    }

    #[test]
    fn no_share_without_both_figures() {
        // A table of partners with money only.
        let text = format!(
            "{PARTIES}| Partner | Amount |\n|---|---:|\n| Riverside Advice Centre | £15,000 |\n| Northside Youth Project CIC | £5,000 |\n| Total | £20,000 |\n"
        );
        assert_eq!(shares(&text), []);
        // Success rates and outcomes for people are not shares of the work.
        let text = format!(
            "{PARTIES}Riverside will achieve a success rate of 60%. Riverside will help 60% of participants into work. Riverside will receive 20% of the funding.\n"
        );
        assert_eq!(shares(&text), []);
        // A source of referrals, not who does the work.
        let text = format!(
            "{PARTIES}60% of referrals come from GPs, according to Riverside Advice Centre. Riverside will receive 20% of the funding.\n"
        );
        assert_eq!(shares(&text), []);
        // Named in a list with no figures.
        let text = format!(
            "{PARTIES}Our partners are:\n\n- Riverside Advice Centre\n- Northside Youth Project CIC\n\nThe budget is £100,000 in total.\n"
        );
        assert_eq!(shares(&text), []);
    }
}
