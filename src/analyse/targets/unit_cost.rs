//! What a budget buys per person: [`UnitCost`], money and a number of people tied together in
//! one sentence or table row.
//!
//! [`unit_costs`] takes money already stated per person ("£30 per participant"), and a unit with
//! exactly one total amount and exactly one count of people ("£8,000 … for 400 young people").
//! Who counts as people is [`super::is_people`]. A new case belongs in the loop over units, with
//! a test below.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::is_people;
use crate::analyse::quantity::{Quantity, QuantityKind};
use crate::analyse::text::{Unit, UnitKind};
use crate::document::Span;

/// Money tied to a number of people in one unit.
#[derive(Clone, Debug, Serialize)]
pub struct UnitCost {
    /// The unit (sentence or table row).
    pub span: Span,
    pub money: Span,
    pub people: Option<Span>,
    pub amount: f64,
    pub count: f64,
    pub per_person: f64,
}

/// A sentence whose money is the cost of what the sentence before it described: "We have
/// costed this at £3,200", "It will cost £3,200", "This comes to £3,200".
static COST_OF_THAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:costed|priced|budgeted)\s+(?:this|it|that)|(?:this|it|that)\s+(?:will\s+|would\s+)?(?:cost|costs|comes\s+to|totals|is\s+costed|is\s+budgeted))(?-u:\b)")
        .expect("static regex")
});

/// Money tied to a number of people in one sentence or table row, or in a sentence that prices
/// what the sentence before it (in the same paragraph) offers to a number of people.
pub fn unit_costs(text: &str, units: &[Unit], quantities: &[Quantity]) -> Vec<UnitCost> {
    let mut out = Vec::new();
    let mut q = 0;
    // The one count of people of the previous sentence, when it had no money: (block, count).
    let mut previous: Option<(usize, &Quantity)> = None;
    for unit in units {
        while q < quantities.len() && quantities[q].span.start < unit.span.start {
            q += 1;
        }
        let inside: Vec<&Quantity> = quantities[q..]
            .iter()
            .take_while(|x| x.span.end <= unit.span.end)
            .collect();
        let money: Vec<&Quantity> = inside
            .iter()
            .copied()
            .filter(|x| x.is_money() && x.value > 0.0)
            .collect();
        let people: Vec<&Quantity> = inside
            .iter()
            .copied()
            .filter(|x| {
                matches!(&x.kind, QuantityKind::Count { unit } if is_people(unit)) && x.value >= 1.0
            })
            .collect();
        // Money already per person: "£30 per participant".
        for m in &money {
            if let QuantityKind::Money { per: Some(per), .. } = &m.kind
                && (is_people(per) || per == "person" || per == "head")
            {
                out.push(UnitCost {
                    span: unit.span,
                    money: m.span,
                    people: None,
                    amount: m.value,
                    count: 1.0,
                    per_person: m.value,
                });
            }
        }
        let totals: Vec<&&Quantity> = money
            .iter()
            .filter(|m| matches!(&m.kind, QuantityKind::Money { per, .. } if per.as_deref().is_none_or(|p| matches!(p, "year" | "month" | "week" | "quarter"))))
            .collect();
        let earlier = previous.take().filter(|(block, _)| *block == unit.block);
        if money.is_empty() && people.len() == 1 && matches!(unit.kind, UnitKind::Sentence) {
            previous = Some((unit.block, people[0]));
        }
        if let (Some((_, p)), [m], []) = (earlier, totals.as_slice(), people.as_slice())
            && COST_OF_THAT.is_match(&text[unit.span.start..m.span.start])
        {
            out.push(UnitCost {
                span: Span::new(p.span.start, unit.span.end),
                money: m.span,
                people: Some(p.span),
                amount: m.value,
                count: p.value,
                per_person: m.value / p.value,
            });
        }
        if totals.len() == 1 && people.len() == 1 {
            let (m, p) = (totals[0], people[0]);
            let unit_text = &text[unit.span.range()];
            // "£8,000 … for 400 young people": money for people, not a per-head figure.
            if !unit_text.to_ascii_lowercase().contains(" each ") || m.span.start < p.span.start {
                out.push(UnitCost {
                    span: unit.span,
                    money: m.span,
                    people: Some(p.span),
                    amount: m.value,
                    count: p.value,
                    per_person: m.value / p.value,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::analyse::quantity::scan;
    use crate::analyse::targets::unit_costs;
    use crate::analyse::text::{Unit, UnitKind};
    use crate::document::Span;

    #[test]
    fn cost_per_person_needs_one_budget_and_one_group() {
        let text = "Budget line 4 sets aside £8,000 for workshops, which we will run for 400 young people.";
        let units = [Unit {
            span: Span::new(0, text.len()),
            block: 0,
            kind: UnitKind::Sentence,
        }];
        let q = scan(text);
        let costs = unit_costs(text, &units, &q);
        assert_eq!(costs.len(), 1);
        assert_eq!(costs[0].per_person, 20.0);
        let text = "We spend £8,000 and £2,000 on 400 young people.";
        let units = [Unit {
            span: Span::new(0, text.len()),
            block: 0,
            kind: UnitKind::Sentence,
        }];
        let q = scan(text);
        assert!(unit_costs(text, &units, &q).is_empty());
    }

    #[test]
    fn a_sentence_may_price_what_the_one_before_offers() {
        let sentences = |text: &str, block: usize| -> Vec<Unit> {
            let mut at = 0;
            text.split_inclusive(". ")
                .map(|s| {
                    let unit = Unit {
                        span: Span::new(at, at + s.trim_end().len()),
                        block,
                        kind: UnitKind::Sentence,
                    };
                    at += s.len();
                    unit
                })
                .collect()
        };
        let text = "The drop-in will be open to 300 older residents of the ward. We have priced this at £1,500 for the year.";
        let q = scan(text);
        let costs = unit_costs(text, &sentences(text, 0), &q);
        assert_eq!(costs.len(), 1, "{costs:?}");
        assert_eq!(costs[0].per_person, 5.0);
        // Without a word pointing back, the money is for something else.
        let text = "The drop-in will be open to 300 older residents of the ward. Rent for the hall is £1,500 a year.";
        let q = scan(text);
        assert!(unit_costs(text, &sentences(text, 0), &q).is_empty());
        // Another paragraph is another subject.
        let text =
            "The drop-in will be open to 300 older residents of the ward. It will cost £1,500.";
        let q = scan(text);
        let mut units = sentences(text, 0);
        units[1].block = 1;
        assert!(unit_costs(text, &units, &q).is_empty());
    }
}
