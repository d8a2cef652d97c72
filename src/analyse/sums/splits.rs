//! Percentage splits: a sentence that divides a whole into percentages ("split 60% to the Lead
//! and 40% to Riverside", "retains 15% and passes the remaining 80% on", "Of the remaining 85%,
//! 50% goes to …"), or a split ending in a colon followed by list items with one percentage each.
//!
//! [`split_sums`] needs a word that shares a whole out ([`SPLIT_CUE`]) or a percentage called the
//! rest ([`REST_WORD`]); the whole is 100% unless a percentage is itself the whole being shared
//! ([`WHOLE_AFTER`], [`WHOLE_BEFORE`]). Percentages that are changes, rates or results against a
//! target ([`shares_in`]), shares "each", and a rest with no figure end the reading. New words
//! belong in those patterns, compiled in [`warm_up`], with a test below.

use std::sync::LazyLock;

use regex::Regex;

use super::lists::{introduces_list, listed};
use super::{Sum, SumKind};
use crate::analyse::quantity::{Quantity, in_range};
use crate::analyse::targets::{Percentage, Relation};
use crate::analyse::text::{Unit, UnitKind, head, tail};
use crate::document::{Document, Span};

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
pub(super) fn split_sums(
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

/// Compile this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
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
    use super::super::testing::figures;

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
