//! Sentence totals: a total amount and its parts in one sentence ("a total of £120k: £50k for
//! staff, £40k for venues and £30k for evaluation"), or a total ending in a colon followed by
//! list items with one amount each.
//!
//! [`sentence_sums`] takes a sentence with exactly one amount called a total ([`TOTAL_BEFORE`],
//! [`TOTAL_AFTER`]); the other amounts are its parts only when they read as one list beside it
//! ([`reads_as_parts`]) and nothing in the sentence makes them something else ([`NOT_PARTS`]:
//! comparisons, caps, examples). Ranges and amounts per a different period are never parts. New
//! words belong in those patterns, compiled in [`warm_up`], with a test below.

use std::sync::LazyLock;

use regex::Regex;

use super::lists::{introduces_list, listed};
use super::{Sum, SumKind, sum_kind};
use crate::analyse::quantity::{Quantity, QuantityKind, in_range, within};
use crate::analyse::text::{Unit, UnitKind, head, tail};
use crate::document::{Document, Span};

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

/// In a list item, the words of [`NOT_PARTS`] that still make its amount something other than a
/// part. "Including on-costs" or "such as fuel" describes what an item's line covers, so those
/// words are left out here.
static ITEM_NOT_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:up\s+from|down\s+from|compared|against|last\s+year|previous(?:ly)?|maximum|ceiling|capped|more\s+than|less\s+than|rather\s+than|instead\s+of|increase[sd]?|decrease[sd]?|reduc(?:e|ed|tion)|rises?|rose|already|so\s+far|to\s+date|still|shortfall|outstanding|up\s+to|at\s+least)\b")
        .expect("static regex")
});

/// After an amount, the colon that ends a lead-in line: "Our costs each year are £148,200:".
static LEAD_IN_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\s*_)]*:\s*$").expect("static regex"));

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

/// Totals in sentences with their parts in the same sentence or in the list after it.
pub(super) fn sentence_sums(
    doc: &Document,
    units: &[Unit],
    quantities: &[Quantity],
    out: &mut Vec<Sum>,
) {
    for unit in units.iter().filter(|u| u.kind == UnitKind::Sentence) {
        let money = sum_money(doc, quantities, unit.span);
        let totals: Vec<usize> = money
            .iter()
            .copied()
            .filter(|&i| {
                let q = &quantities[i];
                let before = tail(doc.slice(Span::new(unit.span.start, q.span.start)), 80);
                let after = head(doc.slice(Span::new(q.span.end, unit.span.end)), 30);
                TOTAL_BEFORE.is_match(before)
                    || TOTAL_AFTER.is_match(after)
                    // A lead-in line whose one amount ends it, before the list of its parts.
                    || (money.len() == 1
                        && LEAD_IN_END.is_match(after)
                        && introduces_list(doc, unit))
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
                        && !ITEM_NOT_PART.is_match(doc.slice(item)) =>
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

/// A bracket right after an amount that breaks it down by period: "£196,000 (Year 1: £62,000;
/// Year 2: £62,000; Year 3: £62,000)", "(2025/26 £40k, 2026/27 £42k)".
static PERIOD_BREAKDOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s*_]*\(((?:\s*(?:and\s+)?(?:(?:year|yr|y)\s*[0-9]|(?:19|20)[0-9]{2}(?:\s*[/–-]\s*[0-9]{2,4})?|q[1-4])\s*[:=–-]?\s*[£$€]?\s*[0-9][0-9,.]*\s*(?:k|m|million)?\s*[;,]?)+)\s*\)")
        .expect("static regex")
});

/// Amounts broken down by period in a bracket after them, whatever the words before ("shall
/// not exceed £196,000 (Year 1: £62,000; …)"): the bracket's amounts are the amount's parts.
pub(super) fn period_breakdowns(
    doc: &Document,
    units: &[Unit],
    quantities: &[Quantity],
    out: &mut Vec<Sum>,
) {
    for unit in units.iter().filter(|u| u.kind == UnitKind::Sentence) {
        let money = sum_money(doc, quantities, unit.span);
        for &t in &money {
            let total = &quantities[t];
            let after = doc.slice(Span::new(total.span.end, unit.span.end));
            let Some(bracket) = PERIOD_BREAKDOWN.captures(after).and_then(|c| c.get(1)) else {
                continue;
            };
            let inside = Span::new(
                total.span.end + bracket.start(),
                total.span.end + bracket.end(),
            );
            let parts: Vec<f64> = money
                .iter()
                .map(|&i| &quantities[i])
                .filter(|q| inside.contains(q.span) && part_of(total, q))
                .map(|q| q.value)
                .collect();
            if parts.len() >= 2 && !out.iter().any(|s| s.span == total.span) {
                out.push(money_sum(total, &parts, unit.span));
            }
        }
    }
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

/// Compile this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&TOTAL_BEFORE);
    LazyLock::force(&TOTAL_AFTER);
    LazyLock::force(&NOT_PARTS);
    LazyLock::force(&BREAKDOWN_CUE);
    LazyLock::force(&PART_LABEL);
    LazyLock::force(&PERIOD_BREAKDOWN);
    LazyLock::force(&ITEM_NOT_PART);
    LazyLock::force(&LEAD_IN_END);
}

#[cfg(test)]
mod tests {
    use super::super::testing::figures;

    #[test]
    fn an_amount_broken_down_by_period_in_a_bracket() {
        assert_eq!(
            figures(
                "The Council's payments under this agreement will not be more than £150,000 (2025/26: £48,000, 2026/27: £50,000 and 2027/28: £50,000)."
            ),
            [(150_000.0, 148_000.0, 3)]
        );
        assert_eq!(
            figures("Funding is capped at £90k (Y1 £30k; Y2 £30k; Y3 £30k)."),
            [(90_000.0, 90_000.0, 3)]
        );
        // A bracket that is not a breakdown by period.
        assert!(figures("The fee is £9,000 (about £750 a month).").is_empty());
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
    fn a_lead_in_line_ending_in_its_amount_totals_the_list_under_it() {
        assert_eq!(
            figures(
                "Each year the hub costs £52,000:\n\n- Hub manager (1 FTE, including employer pension): £34,000\n- Rent and utilities: £11,000\n- Volunteer expenses: £4,500\n"
            ),
            [(52_000.0, 49_500.0, 3)]
        );
        // Money raised so far, or an item that is a cap, is not a breakdown.
        assert!(
            figures("We have raised £20,000 so far:\n\n- Kestrel Trust: £12,000\n- Hallam Fund: £8,000\n").is_empty()
        );
        assert!(
            figures("Each year the hub costs £52,000:\n\n- Hub manager: £34,000\n- Hardship grants of up to £500 each: £18,000\n").is_empty()
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
}
