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
//!
//! Tables are read in `table`, sentences in `sentences`; this file merges what they find
//! ([`partner_shares`]) and indexes the organisations' mentions for both. A new way of stating a
//! share belongs in the file for where it is stated, with a test there; a new pattern is
//! compiled in that file's `warm_up`.

mod sentences;
mod table;

use serde::Serialize;

use std::sync::LazyLock;

use regex::Regex;

use super::orgs::Organisation;
use super::quantity::{Quantity, within};
use super::targets::Percentage;
use super::terms::Definition;
use super::text::Unit;
use crate::document::{BlockKind, Document, Span};

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
    definitions: &[Definition],
) -> Vec<PartnerShare> {
    let mentions = mention_index(organisations);
    let mut delivery = Vec::new();
    let mut funding = Vec::new();
    for block in &doc.blocks {
        if let BlockKind::Table(table) = &block.kind {
            table::table_shares(
                doc,
                table,
                quantities,
                &mentions,
                &mut delivery,
                &mut funding,
            );
        }
    }
    let names: Vec<String> = organisations.iter().map(|o| o.name.clone()).collect();
    let referents = sentences::referents(doc, &names, units, &mentions);
    sentences::text_shares(
        doc,
        &referents,
        quantities,
        percentages,
        &mut delivery,
        &mut funding,
    );
    sentences::count_splits(doc, units, quantities, &mentions, &mut delivery);
    sentences::count_ties(doc, &referents, quantities, &mut delivery);
    defined_funding(quantities, organisations, definitions, &mut funding);
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

/// A defined sum that is the whole budget: "Programme Budget", "Contract Value", "Total Grant".
static WHOLE_TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(?:programme|project|contract|total|overall|annual|service)\s+(?:budget|value|sum|price|funding|amount|grant)$")
        .expect("static regex")
});

/// After a party's name in a defined term, a word for its money: "Delivery Partner Allocation".
static PARTY_MONEY_TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[’']?s?\s*(?:annual\s+)?(?:allocation|funding|grant|budget|fee|fees|payment|share|sum|amount)$")
        .expect("static regex")
});

/// Funding shares from defined sums: "“Delivery Partner Allocation” means £38,000 per Contract
/// Year" against "“Programme Budget” means £142,000 per Contract Year". A term naming a party
/// (its name or alias) and a word for money is the party's money; a term for the whole budget is
/// the whole.
fn defined_funding(
    quantities: &[Quantity],
    organisations: &[Organisation],
    definitions: &[Definition],
    funding: &mut Vec<Found>,
) {
    let amount = |d: &Definition| {
        within(quantities, d.meaning)
            .iter()
            .find(|q| q.is_money())
            .map(|q| q.value)
    };
    let wholes: Vec<f64> = definitions
        .iter()
        .filter(|d| WHOLE_TERM.is_match(d.term.trim()))
        .filter_map(amount)
        .collect();
    let [whole] = wholes[..] else {
        return;
    };
    if whole <= 0.0 {
        return;
    }
    for d in definitions {
        let term = d.term.trim();
        let owner = organisations.iter().position(|o| {
            std::iter::once(&o.name).chain(&o.aliases).any(|name| {
                term.len() > name.len()
                    && term
                        .get(..name.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(name))
                    && PARTY_MONEY_TERM.is_match(&term[name.len()..])
            })
        });
        if let (Some(org), Some(value)) = (owner, amount(d))
            && value <= whole
        {
            funding.push(Found {
                org,
                value: value / whole * 100.0,
                of: String::new(),
                span: d.meaning,
            });
        }
    }
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

/// Compile this module's patterns now (a spare thread does, at start-up; see
/// [`super::warm_up`]).
pub(super) fn warm_up() {
    table::warm_up();
    sentences::warm_up();
    LazyLock::force(&WHOLE_TERM);
    LazyLock::force(&PARTY_MONEY_TERM);
}

/// What the tests of every way of stating a share read.
#[cfg(test)]
mod testing {
    use std::path::PathBuf;

    use crate::analyse::analyse;
    use crate::extract::markdown;

    /// (organisation name, delivery, what, funding), shares rounded to 0.1.
    pub(super) fn shares(text: &str) -> Vec<(String, f64, String, f64)> {
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

    pub(super) const PARTIES: &str = "Brightside Housing Trust will lead the partnership with Riverside Advice Centre and Northside Youth Project CIC.\n\n";
}

#[cfg(test)]
mod tests {
    use super::testing::{PARTIES, shares};

    #[test]
    fn a_count_shared_out_and_money_in_defined_sums() {
        let text = format!(
            "{PARTIES}In this agreement “Project Budget” means £200,000 a year; “Riverside Advice Centre Allocation” means £30,000 a year.\n\nThe service will see 500 families a year. Of these, Riverside Advice Centre will see 300 families and Brightside Housing Trust will see 200 families.\n"
        );
        assert!(
            shares(&text).contains(&(
                "Riverside Advice Centre".into(),
                60.0,
                "families".into(),
                15.0
            )),
            "{:?}",
            shares(&text)
        );
        // Counts side by side that share out nothing: no delivery share.
        let text = format!(
            "{PARTIES}In this agreement “Project Budget” means £200,000 a year; “Riverside Advice Centre Allocation” means £30,000 a year.\n\nLast winter Riverside Advice Centre saw 300 families and Brightside Housing Trust saw 200 families.\n"
        );
        assert!(shares(&text).is_empty(), "{:?}", shares(&text));
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
