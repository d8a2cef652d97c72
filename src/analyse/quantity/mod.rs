//! Numbers with what they measure: money, percentages, counts of things, FTE and durations.
//!
//! One pass over the text finds every numeral ("480", "1,200", "1.2", "twelve") and reads the
//! words around it: a currency before ("£", "€", "$", "GBP"), a multiplier or unit after ("k",
//! "m", "million", "%", "per cent", "FTE", "young people", "working days"), and a period for
//! money ("a year", "per participant"). The result is a [`Quantity`] with the span of the whole
//! expression. Context that needs a sentence (what a percentage is *of*) is read later, in
//! [`crate::analyse::targets`].
//!
//! The pass is in two parts: `numeral` finds the numbers ([`scan`]: digits, ranges, numbers
//! written in words, and what is not a quantity: dates, codes, ordinals); `measure` reads what
//! each one measures from the words next to it. A new unit or period belongs in `measure`, a
//! new way of writing a number in `numeral`; the tests here read whole expressions through
//! [`scan`].

mod measure;
mod numeral;

use crate::document::Span;

pub use numeral::scan;

#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The whole expression, currency and unit included ("£1.2m", "480 young people").
    pub span: Span,
    pub value: f64,
    pub kind: QuantityKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum QuantityKind {
    /// An amount of money. `currency` is `None` for amounts known to be money from context only
    /// ("120,000 a year", a number in a "Budget (£)" column). `per` is what it is paid per
    /// ("year", "participant"), if said.
    Money {
        currency: Option<char>,
        per: Option<String>,
    },
    Percent,
    /// A count of something, with the unit's words as written, lower-cased ("young people").
    Count {
        unit: String,
    },
    /// Full-time equivalent staff.
    Fte,
    /// A period of time, converted to calendar days (working days count 1.4 each).
    Duration {
        unit: String,
        days: f64,
    },
    /// A number with no unit the scanner knows (years, clause numbers, bare figures).
    Number,
}

impl Quantity {
    pub fn is_money(&self) -> bool {
        matches!(self.kind, QuantityKind::Money { .. })
    }

    pub fn is_percent(&self) -> bool {
        matches!(self.kind, QuantityKind::Percent)
    }
}

/// The quantities wholly inside `span`, from `quantities` in text order (as [`scan`] returns
/// them).
pub fn within(quantities: &[Quantity], span: Span) -> &[Quantity] {
    let start = quantities.partition_point(|q| q.span.start < span.start);
    let end = quantities.partition_point(|q| q.span.start < span.end);
    let slice = &quantities[start..end.max(start)];
    let keep = slice.iter().take_while(|q| q.span.end <= span.end).count();
    &slice[..keep]
}

/// True when the quantity at `index` is one end of a range ("£5,000–£8,000", "60-70%"): the
/// scanner gives both ends the same start.
pub fn in_range(quantities: &[Quantity], index: usize) -> bool {
    let Some(start) = quantities.get(index).map(|q| q.span.start) else {
        return false;
    };
    let same = |i: Option<usize>| {
        i.and_then(|i| quantities.get(i))
            .is_some_and(|q| q.span.start == start)
    };
    same(index.checked_sub(1)) || same(Some(index + 1))
}

#[cfg(test)]
mod tests {
    use super::{Quantity, QuantityKind, in_range, scan, within};

    fn one(text: &str) -> Quantity {
        let found = scan(text);
        assert_eq!(found.len(), 1, "{text:?} gave {found:?}");
        found.into_iter().next().unwrap()
    }

    fn money(text: &str) -> (f64, Option<String>, String) {
        let q = one(text);
        match q.kind {
            QuantityKind::Money { per, .. } => (q.value, per, text[q.span.range()].to_string()),
            other => panic!("{text:?} is {other:?}, not money"),
        }
    }

    #[test]
    fn money_in_the_forms_bids_write_it() {
        assert_eq!(money("a budget of £1.2m for").0, 1_200_000.0);
        assert_eq!(money("costs £120k in total").0, 120_000.0);
        assert_eq!(money("£18,500 to run").0, 18_500.0);
        assert_eq!(money("EUR 5,000").0, 5_000.0);
        assert_eq!(money("we pay £ 2.5 million").0, 2_500_000.0);
        assert_eq!(
            money("US$75,000 to hire"),
            (75_000.0, None, "US$75,000".into())
        );
        let (value, per, words) = money("paid 120,000 a year to");
        assert_eq!(
            (value, per.as_deref(), words.as_str()),
            (120_000.0, Some("year"), "120,000 a year")
        );
        let (_, per, _) = money("£40 per participant");
        assert_eq!(per.as_deref(), Some("participant"));
        assert_eq!(money("£0 to Oakham").0, 0.0);
    }

    #[test]
    fn percentages_and_ranges() {
        let q = one("105% of participants");
        assert_eq!((q.value, q.kind), (105.0, QuantityKind::Percent));
        assert_eq!(one("12 per cent of").value, 12.0);
        let points = one("up by 8 percentage points from");
        assert_eq!((points.value, points.kind), (8.0, QuantityKind::Percent));
        let both = scan("between 60–70% of");
        assert_eq!(
            both.iter().map(|q| q.value).collect::<Vec<_>>(),
            [60.0, 70.0]
        );
        assert!(both.iter().all(Quantity::is_percent));
    }

    #[test]
    fn a_number_written_twice_is_one_quantity_from_the_words() {
        let text = "no later than fourteen (14) days before the transfer";
        let found = scan(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.range()], "fourteen (14) days");
        assert!(matches!(found[0].kind, QuantityKind::Duration { days, .. } if days == 14.0));
        assert_eq!(scan("a fee — (14) days").len(), 1);
        let found = scan("on one month's notice");
        assert!(matches!(found[0].kind, QuantityKind::Duration { days, .. } if days == 30.0));
        let found = scan("pay within 30 (thirty) days and (12) sessions");
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn ranges_and_spans() {
        let found = scan("£5,000–£8,000 and £2,000");
        assert_eq!(found.len(), 3);
        assert!(in_range(&found, 0) && in_range(&found, 1));
        assert!(!in_range(&found, 2) && !in_range(&found, 3));
        let last = found[2].span;
        assert_eq!(within(&found, last).len(), 1);
        assert!(within(&found, super::Span::new(0, 3)).is_empty());
    }

    #[test]
    fn counts_keep_their_unit() {
        let q = one("support 480 young people in Kingsford");
        assert_eq!(
            q.kind,
            QuantityKind::Count {
                unit: "young people".into()
            }
        );
        assert_eq!(
            one("220 households a year").kind,
            QuantityKind::Count {
                unit: "households".into()
            }
        );
        assert_eq!(
            one("twelve families will").kind,
            QuantityKind::Count {
                unit: "families".into()
            }
        );
        assert_eq!(one("2.5 FTE key workers").kind, QuantityKind::Fte);
        assert_eq!(one("0.5 full-time equivalent").kind, QuantityKind::Fte);
    }

    #[test]
    fn durations_in_days() {
        let q = one("within thirty (30) days of");
        assert_eq!(
            q.kind,
            QuantityKind::Duration {
                unit: "days".into(),
                days: 30.0
            }
        );
        let q = one("5 working days");
        assert!(matches!(q.kind, QuantityKind::Duration { days, .. } if (days - 7.0).abs() < 1e-9));
        let q = one("three months’ notice");
        assert!(matches!(q.kind, QuantityKind::Duration { days, .. } if days == 90.0));
    }

    #[test]
    fn dates_codes_and_ordinals_are_not_quantities() {
        assert!(scan("on 1/4/2025 and 2025-04-01 at 10:30").is_empty());
        assert!(scan("Q3 and COVID19, the 1st and 22nd").is_empty());
        let q = one("in 2026");
        assert_eq!(q.kind, QuantityKind::Number);
    }

    #[test]
    fn a_written_number_as_part_of_a_count() {
        let found = scan("run two of those four weekly sessions");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            (found[0].value, &found[0].kind),
            (2.0, &QuantityKind::Number)
        );
        assert!(
            matches!(&found[1].kind, QuantityKind::Count { unit } if unit.ends_with("sessions"))
        );
        assert_eq!(scan("one of the 3 hubs").len(), 2);
        // A pronoun or a number on its own is not a quantity.
        assert!(scan("one of the partners and two of them").is_empty());
    }
}
