//! Facts: what a rule reads from the analysis of a document, all in one place.
//!
//! [`Fact`] names them, with the lists of where each may be written ([`Fact::METRIC`],
//! [`Fact::CLAUSE_MEASURE`], [`Fact::PRESENCE`], [`Fact::EVIDENCE`]); `parse` reads a fact
//! from a rule file and refuses one its place cannot read. What each reads: [`Fact::any_in`] (a
//! fact present in a sentence, row or section: a clause's `facts`, an `[[element]]`'s `facts`,
//! an each-entity rule's evidence), [`row_describes`] (`words`, read by each-entity), and
//! [`Fact::measured`] (the numbers a `[[measure]]` compares with its threshold, written as a
//! reader would write them).
//!
//! To add a fact: a variant in [`Fact`] (rule files write it in kebab-case), in the lists of
//! the places that may read it, and its arms in `Fact::is_in` and [`Fact::measured`] (both
//! match every fact, so the compiler asks); then its line in `rules/README.md` ("Facts and
//! roles").

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::analyse::{
    Analysis, Organisation, Quantity, QuantityKind, Relation, SumKind, TargetClass, Unit, UnitKind,
};
use crate::document::{Document, Span};
use crate::rules::matcher::Negated;
use crate::rules::names;
use crate::rules::rule_error::{Ctx, RuleError, S};
use crate::wording::{money, number};

/// What a rule can read from the analysis. Rule files name facts in kebab-case
/// (`cost-per-person`); each place that takes facts takes only some (the lists below).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fact {
    /// A money amount above zero.
    Money,
    /// A percentage share of money ("10% of the contract value").
    Share,
    /// A percentage, with its relation (what it is of).
    Percentage,
    /// A promise about a share of people ("60% of participants will…"), with its class.
    Target,
    /// Money divided by the people it is for, in one sentence or table row.
    CostPerPerson,
    /// A period of time, in calendar days ("30 days", "four weeks", "20 working days").
    Duration,
    /// A number of something ("450 participants").
    Count,
    /// Amounts or counts that should add up to a stated total, as the percentage of the stated
    /// total they are off by.
    TotalDifference,
    /// Percentages that should make 100 (or a stated total), as the points they are off by.
    PercentTotal,
    /// A partner's share of the work minus its share of the money, in points.
    ShareGap,
    /// A table row naming the organisation has another cell of words (a role or deliverables).
    Words,
}

impl Fact {
    /// Facts a metric rule's `[[measure]]` reads, in the order errors list them.
    pub const METRIC: [Fact; 8] = [
        Fact::Percentage,
        Fact::Target,
        Fact::CostPerPerson,
        Fact::Duration,
        Fact::Money,
        Fact::TotalDifference,
        Fact::PercentTotal,
        Fact::ShareGap,
    ];
    /// Facts a clause's `[[measure]]` reads (numbers inside the clause).
    pub const CLAUSE_MEASURE: [Fact; 4] =
        [Fact::Duration, Fact::Percentage, Fact::Money, Fact::Count];
    /// Facts that can make a sentence a clause, or satisfy an `[[element]]`.
    pub const PRESENCE: [Fact; 4] = [Fact::Money, Fact::Percentage, Fact::Count, Fact::Duration];
    /// Evidence facts for an each-entity rule's `[require]`.
    pub const EVIDENCE: [Fact; 3] = [Fact::Money, Fact::Share, Fact::Words];

    /// The fact's name in rule files.
    pub fn name(self) -> &'static str {
        names::all::<Fact>()[self as usize]
    }
}

impl Fact {
    /// Does this quantity show the fact? (Money: an amount above zero; a share: a percentage of
    /// money above zero; a percentage, a count, a duration: any.)
    fn is_in(self, q: &Quantity, analysis: &Analysis) -> bool {
        match self {
            Fact::Money => q.is_money() && q.value > 0.0,
            Fact::Share => {
                q.is_percent()
                    && q.value > 0.0
                    && analysis
                        .percentage_at(q.span)
                        .is_some_and(|p| p.relation == Relation::Money)
            }
            Fact::Percentage => q.is_percent(),
            Fact::Count => matches!(q.kind, QuantityKind::Count { .. }),
            Fact::Duration => matches!(q.kind, QuantityKind::Duration { .. }),
            // Read as numbers by a measure, or (words) from a table row.
            Fact::Target
            | Fact::CostPerPerson
            | Fact::TotalDifference
            | Fact::PercentTotal
            | Fact::ShareGap
            | Fact::Words => false,
        }
    }

    /// Does `span` hold one of these facts (a presence or evidence fact; others never match),
    /// at a number the `negated` reading keeps ("no payment of £5,000 will be made" holds no
    /// money when negated numbers are read as absent)?
    pub fn any_in(facts: &[Fact], analysis: &Analysis, span: Span, negated: Negated) -> bool {
        analysis
            .quantities_in(span)
            .iter()
            .any(|q| facts.iter().any(|f| f.is_in(q, analysis)) && negated.keeps(analysis, q.span))
    }
}

/// The fact `value` names, if it is one of `allowed`; if not, an error listing them.
pub(crate) fn parse(
    ctx: &Ctx<'_>,
    value: &S<String>,
    allowed: &[Fact],
    label: &str,
) -> Result<Fact, Box<RuleError>> {
    names::parse::<Fact>(value.get_ref())
        .filter(|fact| allowed.contains(fact))
        .ok_or_else(|| {
            let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
            ctx.at(
                value,
                format!("unknown fact {:?}", value.get_ref()),
                label,
                Some(format!("use one of: {}", names.join(", "))),
            )
        })
}

/// [`parse`] for a list of facts.
pub(crate) fn parse_list(
    ctx: &Ctx<'_>,
    values: &[S<String>],
    allowed: &[Fact],
) -> Result<Vec<Fact>, Box<RuleError>> {
    values
        .iter()
        .map(|v| parse(ctx, v, allowed, "not a fact here"))
        .collect()
}

/// A column about who to contact or who signs, not about the work: "Lead", "Contact",
/// "Signed", "Position", "Email".
static CONTACT_COLUMN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:(?:named\s+|key\s+)?(?:lead|contact)(?:\s+(?:person|officer|name|details))?|name|signed|signature|signatory|date|position|job\s+title|title|e-?mail|tel(?:ephone)?|phone|address|representative)s?\W*$")
        .expect("static regex")
});

/// Does a (body) table row naming `org` have another cell of at least three words: a role, a
/// service or deliverables? A cell under a contact or signature column ("Lead": "Ann Lee,
/// Manager") describes a person, not the work.
pub fn row_describes(doc: &Document, unit: Unit, org: &Organisation) -> bool {
    let UnitKind::Row { row, header: false } = unit.kind else {
        return false;
    };
    let crate::document::BlockKind::Table(table) = &doc.blocks[unit.block].kind else {
        return false;
    };
    let Some(row) = table.rows.get(row) else {
        return false;
    };
    let header = table.header();
    row.cells.iter().enumerate().any(|(column, &cell)| {
        let contact = header
            .and_then(|h| h.cells.get(column))
            .is_some_and(|&h| CONTACT_COLUMN.is_match(doc.slice(h)));
        if contact {
            return false;
        }
        let names_org = org.mentions.iter().any(|m| cell.contains(*m));
        let words = doc
            .slice(cell)
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        !names_org && words >= 3
    })
}

/// One number a measure reads.
pub struct Measured {
    pub span: Span,
    pub value: f64,
    /// The value as a reader would write it.
    pub shown: String,
    /// The threshold, written the same way.
    pub threshold: String,
    /// What the finding is about, when not the words at `span` (a partner's name).
    pub subject: Option<String>,
    /// More placeholders: `computed` and `stated` for sums, `delivery` and `funding` for shares.
    pub extra: Vec<(&'static str, String)>,
}

impl From<(Span, f64, String, String)> for Measured {
    fn from((span, value, shown, threshold): (Span, f64, String, String)) -> Self {
        Measured {
            span,
            value,
            shown,
            threshold,
            subject: None,
            extra: Vec::new(),
        }
    }
}

impl Fact {
    /// The numbers of this fact in the document, each with how it is shown against `threshold`;
    /// a percentage only if its relation is one of `relations`, a target only if its class is one
    /// of `classes` (either empty: all).
    pub fn measured(
        self,
        relations: &[Relation],
        classes: &[TargetClass],
        doc: &Document,
        analysis: &Analysis,
        threshold: f64,
    ) -> Vec<Measured> {
        let percent = |v: f64| format!("{}%", number(v));
        let tuples: Vec<(Span, f64, String, String)> = match self {
            Fact::Percentage => analysis
                .percentages
                .iter()
                .filter(|p| relations.is_empty() || relations.contains(&p.relation))
                .map(|p| {
                    // Quote what the percentage is of: "115% of enrolled participants", or the
                    // row's first cell before it in a table ("Clients with a solution | 102%").
                    let span = match &p.of {
                        Some(of) => {
                            let after = &doc.text[p.span.end..];
                            let before = &doc.text[..p.span.start];
                            if after.trim_start().starts_with("of ") {
                                after.find(of.as_str()).map_or(p.span, |at| {
                                    Span::new(p.span.start, p.span.end + at + of.len())
                                })
                            } else if let Some(at) = before
                                .rfind(of.as_str())
                                .filter(|&at| p.span.start - at < 400)
                            {
                                Span::new(at, p.span.end)
                            } else {
                                p.span
                            }
                        }
                        None => p.span,
                    };
                    (span, p.value, percent(p.value), percent(threshold))
                })
                .collect(),
            Fact::Target => analysis
                .targets
                .iter()
                .filter(|t| classes.is_empty() || classes.contains(&t.class))
                .map(|t| (t.span, t.percent, percent(t.percent), percent(threshold)))
                .collect(),
            Fact::CostPerPerson => analysis
                .unit_costs
                .iter()
                .map(|c| {
                    let symbol = analysis
                        .quantities_in(c.money)
                        .iter()
                        .find_map(|q| match q.kind {
                            QuantityKind::Money { currency, .. } => currency,
                            _ => None,
                        })
                        .unwrap_or('£');
                    let span = c.people.map_or(c.money, |p| c.money.cover(p));
                    (
                        span,
                        c.per_person,
                        money(symbol, c.per_person),
                        money(symbol, threshold),
                    )
                })
                .collect(),
            Fact::Duration => analysis
                .quantities
                .iter()
                .filter_map(|q| match &q.kind {
                    QuantityKind::Duration { unit, days } => {
                        let written = doc.slice(q.span);
                        let shown = if unit == "days" {
                            format!("{} days", number(*days))
                        } else {
                            format!("{written} (about {} days)", number(days.round()))
                        };
                        Some((q.span, *days, shown, format!("{} days", number(threshold))))
                    }
                    _ => None,
                })
                .collect(),
            Fact::Money => analysis
                .quantities
                .iter()
                .filter(|q| q.is_money())
                .map(|q| {
                    let symbol = match q.kind {
                        QuantityKind::Money { currency, .. } => currency.unwrap_or('£'),
                        _ => '£',
                    };
                    (
                        q.span,
                        q.value,
                        money(symbol, q.value),
                        money(symbol, threshold),
                    )
                })
                .collect(),
            Fact::Count => analysis
                .quantities
                .iter()
                .filter(|q| matches!(q.kind, QuantityKind::Count { .. }))
                .map(|q| (q.span, q.value, number(q.value), number(threshold)))
                .collect(),
            Fact::TotalDifference | Fact::PercentTotal | Fact::ShareGap => {
                return self.derived(analysis, threshold);
            }
            Fact::Share | Fact::Words => Vec::new(),
        };
        tuples.into_iter().map(Measured::from).collect()
    }

    /// Facts computed from several numbers: sums and partners' shares.
    fn derived(self, analysis: &Analysis, threshold: f64) -> Vec<Measured> {
        let points = |v: f64| format!("{} points", number((v * 10.0).round() / 10.0));
        let percent = |v: f64| format!("{}%", number((v * 10.0).round() / 10.0));
        match self {
            Fact::TotalDifference => analysis
                .sums
                .iter()
                .filter(|s| s.stated > 0.0)
                .filter_map(|s| {
                    let show = |v: f64| {
                        match &s.kind {
                            SumKind::Money { currency } => money(currency.unwrap_or('£'), v),
                            SumKind::Count { unit } => format!("{} {unit}", number(v)),
                            SumKind::Percent => return None,
                        }
                        .into()
                    };
                    let (computed, stated) = (show(s.computed)?, show(s.stated)?);
                    // Only what rounding the figures cannot explain counts.
                    let unexplained = ((s.computed - s.stated).abs()
                        - rounding_slack(s.stated, s.computed, s.items))
                    .max(0.0);
                    let value = unexplained / s.stated * 100.0;
                    Some(Measured {
                        span: s.span,
                        value,
                        shown: percent(value),
                        threshold: percent(threshold),
                        subject: None,
                        extra: vec![("computed", computed), ("stated", stated)],
                    })
                })
                .collect(),
            Fact::PercentTotal => analysis
                .sums
                .iter()
                .filter(|s| s.kind == SumKind::Percent)
                .map(|s| {
                    let value = (s.computed - s.stated).abs();
                    Measured {
                        span: s.span,
                        value,
                        shown: points(value),
                        threshold: points(threshold),
                        subject: None,
                        extra: vec![
                            ("computed", percent(s.computed)),
                            ("stated", percent(s.stated)),
                        ],
                    }
                })
                .collect(),
            Fact::ShareGap => analysis
                .shares
                .iter()
                .filter_map(|share| {
                    let org = analysis.organisations.get(share.organisation)?;
                    let value = share.delivery - share.funding;
                    Some(Measured {
                        span: share.span,
                        value,
                        shown: points(value),
                        threshold: points(threshold),
                        subject: Some(org.name.clone()),
                        extra: vec![
                            (
                                "delivery",
                                format!("{} of the {}", percent(share.delivery), share.delivery_of),
                            ),
                            ("funding", percent(share.funding)),
                        ],
                    })
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// How far a total may be from its items through rounding alone. Each item may be rounded to
/// the pound (half a pound each way); a total written coarser than its items ("£243,000" over
/// items to the pound) may be rounded to its own last figure, up to the nearest thousand. When
/// the total is no coarser than the items (every figure a whole hundred or thousand, or every
/// figure to the pound), only the items' rounding is allowed, so "£240,592" over items that
/// come to £242,592 is wrong, though the gap is under 1%.
fn rounding_slack(stated: f64, computed: f64, items: usize) -> f64 {
    let unit = |v: f64| -> f64 {
        if v.fract().abs() > 1e-9 {
            return 0.01;
        }
        let mut unit = 1.0;
        while unit < 1000.0 && (v / (unit * 10.0)).fract().abs() < 1e-9 {
            unit *= 10.0;
        }
        unit
    };
    let items_rounding = items as f64 * 0.5;
    let (total_unit, items_unit) = (unit(stated), unit(computed));
    if total_unit > items_unit {
        total_unit / 2.0 + items_rounding
    } else {
        items_rounding
    }
}

#[cfg(test)]
mod tests {
    use super::{Fact, rounding_slack};
    use crate::rules::names;

    #[test]
    fn rounding_explains_only_what_the_figures_could_have_lost() {
        // Items to the pound, total to the pound: a £2,000 gap is not rounding.
        assert_eq!(rounding_slack(240_592.0, 242_592.0, 10), 5.0);
        // A total rounded to the thousand over items to the pound.
        assert_eq!(rounding_slack(243_000.0, 242_592.0, 10), 505.0);
        // Every figure a whole hundred: any difference is an error.
        assert_eq!(rounding_slack(30_100.0, 30_000.0, 2), 1.0);
        // Pence.
        assert_eq!(rounding_slack(100.5, 100.0, 2), 1.0);
    }

    #[test]
    fn each_fact_is_named_as_rule_files_write_it() {
        let all = names::all::<Fact>();
        assert_eq!(all.len(), 11);
        for (index, name) in all.iter().enumerate() {
            let fact: Fact = names::parse(name).expect("parses");
            assert_eq!((fact as usize, fact.name()), (index, *name));
        }
        assert_eq!(Fact::CostPerPerson.name(), "cost-per-person");
        assert_eq!(names::parse::<Fact>("CostPerPerson"), None);
    }
}
