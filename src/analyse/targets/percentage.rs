//! What a percentage is of: [`Percentage`] and its [`Relation`], read from the words around it.
//!
//! [`percentages`] reads each percentage in its clause: change words before or after it make it
//! growth or a reduction, a fee word a share of money, and its "of" phrase ([`OF_PHRASE`]) what
//! it is a share of (a target, money, a rate or a set). [`read_table_rows`] then gives a
//! percentage alone in a table row the meaning of the row's first cell. A new word belongs in the
//! pattern for its meaning, compiled in [`warm_up`], with a test below.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::{clause_before, is_people};
use crate::analyse::quantity::Quantity;
use crate::analyse::text::{Unit, UnitKind, window};
use crate::document::Span;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// A share of a population or set: "105% of participants", "140% of the criteria".
    OfSet,
    /// A rate: "a success rate of 105%", "98% attendance".
    Rate,
    /// Growth: "an increase of 150%", "150% growth".
    Growth,
    /// A reduction: "reduce by 30%".
    Reduction,
    /// Against a target or profile: "120% of target".
    OfTarget,
    /// A share of money: "10% of the contract value", "a 15% management fee".
    Money,
    Other,
}

impl Relation {
    pub fn name(&self) -> &'static str {
        match self {
            Relation::OfSet => "of-set",
            Relation::Rate => "rate",
            Relation::Growth => "growth",
            Relation::Reduction => "reduction",
            Relation::OfTarget => "of-target",
            Relation::Money => "money",
            Relation::Other => "other",
        }
    }
}

/// A percentage and what it is of.
#[derive(Clone, Debug, Serialize)]
pub struct Percentage {
    pub span: Span,
    pub value: f64,
    pub relation: Relation,
    /// The noun phrase after "of", when there is one ("enrolled participants").
    pub of: Option<String>,
}

static GROWTH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:increase[sd]?|increasing|rise|rising|risen|rose|growth|grow|grew|grown|growing|up|uplift|improve(?:d|ment)?|boost(?:ed)?|expand(?:ed)?|expansion|more|higher|raise|raising|climbed|jumped|doubled|went\s+up)\s+(?:of\s+|by\s+|to\s+)?(?:at\s+least\s+|over\s+|more\s+than\s+|around\s+|about\s+|some\s+)?$")
        .expect("static regex")
});
static REDUCTION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:reduce[sd]?|reducing|reduction|decrease[sd]?|decreasing|fall|falling|fell|fallen|cut|cutting|lower|lowering|drop|dropped|dropping|down|fewer|less|declined?|went\s+down)\s+(?:of\s+|by\s+|to\s+)?(?:at\s+least\s+|over\s+|more\s+than\s+|around\s+|about\s+|some\s+)?$")
        .expect("static regex")
});
/// A change verb earlier in the clause, with "by" just before the percentage: "reduce repeat
/// homelessness by 30%".
static CHANGE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(increase|increased|increasing|improve|improved|improving|raise|raised|raising|grow|grew|growing|rose|boost|boosted|reduce|reduced|reducing|decrease|decreased|decreasing|cut|cutting|lower|lowered|lowering|fell|dropped)(?-u:\b)[^.;]{0,80}(?-u:\b)by\s+(?:at\s+least\s+|over\s+|around\s+|about\s+)?$")
        .expect("static regex")
});
static GROWTH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:increase|growth|rise|more|higher|uplift|improvement|above|over|up(?-u:\b)|year[- ]on[- ]year)").expect("static regex")
});
static REDUCTION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:reduction|decrease|fall|drop|fewer|lower|less|cut|below|down(?-u:\b))")
        .expect("static regex")
});
static RATE_AROUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:rate|satisfaction|attendance|completion|retention|success|achievement|engagement|occupancy|take-up|uptake)(?-u:\b)").expect("static regex")
});
/// "of" and the noun phrase after a percentage.
pub(super) static OF_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*of\s+((?:[\w'’-]+\s+){0,4}?[\w'’-]+)(?:\s+(?:will|shall|who|that|which|we|they|you|are|is|to|in|on|at|by|within|for|across|over|into|with|from|per|each|a|an|and|or|referred|supported|seen|helped|engaged|registered|identified|assessed|accessing|attending|using|receiving|taking|living|aged|on\s+caseload)(?-u:\b)|[,.;:)(]|$)")
        .expect("static regex")
});
/// Whether `after` opens, after any spaces, with "of", as every match of [`OF_PHRASE`] does: a
/// literal test before that pattern, whose capture group is read by a slower engine than a
/// search (most percentages are followed by no "of").
pub(super) fn opens_with_of(after: &str) -> bool {
    after
        .trim_start()
        .as_bytes()
        .get(..2)
        .is_some_and(|word| word.eq_ignore_ascii_case(b"of"))
}

static MONEY_NOUNS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:budget|contract|funding|funds|grant|value|price|income|cost|costs|award|fee|fees|total|turnover|spend|spending|allocation|money|sum|payment|payments|charges|revenue|investment|resources|overheads?|salary|salaries|pay)(?-u:\b)")
        .expect("static regex")
});
static TARGET_NOUNS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:target|targets|profile|profiled|expected|expectation|contracted|baseline|benchmark|forecast|plan|planned|goal|ambition|kpi|minimum|requirement|last\s+year|previous|national\s+average|average|numbers?|figures?|levels?|volumes?|capacity|quota|estimates?|projections?)(?-u:\b)")
        .expect("static regex")
});
static FEE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:management|admin(?:istration|istrative)?|top[- ]slice|overhead|contract\s+management|central|hub)(?-u:\b)").expect("static regex")
});

/// Read each percentage in its unit.
pub fn percentages(text: &str, quantities: &[Quantity]) -> Vec<Percentage> {
    quantities
        .iter()
        .filter(|q| q.is_percent())
        .map(|q| {
            let before = clause_before(text, q.span.start);
            let after = window(text, q.span.end, 120);
            let after = trim_to_boundary(after);
            let of = opens_with_of(after)
                .then(|| OF_PHRASE.captures(after))
                .flatten()
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_string());
            let relation = if GROWTH_BEFORE.is_match(before) || GROWTH_AFTER.is_match(after) {
                Relation::Growth
            } else if REDUCTION_BEFORE.is_match(before) || REDUCTION_AFTER.is_match(after) {
                Relation::Reduction
            } else if let Some(change) = CHANGE_BY.captures(before) {
                let verb = change
                    .get(1)
                    .map_or("", |m| m.as_str())
                    .to_ascii_lowercase();
                let reduction = ["reduc", "decreas", "cut", "lower", "fell", "drop"]
                    .iter()
                    .any(|stem| verb.starts_with(stem));
                if reduction {
                    Relation::Reduction
                } else {
                    Relation::Growth
                }
            } else if FEE_AFTER.is_match(after) {
                Relation::Money
            } else if let Some(noun) = &of {
                if TARGET_NOUNS.is_match(noun) {
                    Relation::OfTarget
                } else if MONEY_NOUNS.is_match(noun) {
                    Relation::Money
                } else if RATE_AROUND.is_match(noun) {
                    Relation::Rate
                } else {
                    Relation::OfSet
                }
            } else if RATE_AROUND.is_match(tail_words(before, 4))
                || RATE_AROUND.is_match(head_words(after, 3))
            {
                Relation::Rate
            } else {
                Relation::Other
            };
            Percentage {
                span: q.span,
                value: q.value,
                relation,
                of,
            }
        })
        .collect()
}

/// A column heading that says its percentages are shares of money.
static MONEY_COLUMN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:contract\s+value|value|funding|budget|grant|allocation|money|income|payments?|price|fees?|costs?)(?-u:\b)|[£$€]")
        .expect("static regex")
});

/// A column heading that says its percentages are shares of something the text before the
/// table names.
static SHARE_COLUMN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:share|split|proportion|percentage|allocation)(?-u:\b)")
        .expect("static regex")
});

/// A percentage alone in a table row takes its meaning from the row's first cell: "Clients
/// with a debt solution | 102%" is a share of clients; "Attendance | 105%" is a rate.
pub fn read_table_rows(text: &str, units: &[Unit], percentages: &mut [Percentage]) {
    for p in percentages
        .iter_mut()
        .filter(|p| p.relation == Relation::Other)
    {
        let index = units.partition_point(|u| u.span.start <= p.span.start);
        let Some(unit) = index.checked_sub(1).map(|i| &units[i]) else {
            continue;
        };
        if !matches!(unit.kind, UnitKind::Row { .. }) || !unit.span.contains(p.span) {
            continue;
        }
        let first_cell = text[unit.span.start..p.span.start]
            .split(" | ")
            .next()
            .unwrap_or("")
            .trim();
        // "Party | Share of contract value" over "Peak Valley | 35%": the column says what the
        // percentage is of.
        let column = text[unit.span.start..p.span.start].matches(" | ").count();
        let header = units[..index - 1]
            .iter()
            .rev()
            .take_while(|u| u.block == unit.block)
            .find(|u| matches!(u.kind, UnitKind::Row { header: true, .. }))
            .and_then(|u| text[u.span.range()].split(" | ").nth(column));
        // "… the following split of the contract value:" over "Organisation | Indicative share".
        let table_start = units[..index]
            .iter()
            .rposition(|u| u.block != unit.block)
            .map_or(0, |i| i + 1);
        let lead_in = table_start
            .checked_sub(1)
            .map(|i| &text[units[i].span.range()])
            .unwrap_or("");
        let money_header = header.is_some_and(|h| {
            MONEY_COLUMN.is_match(h) || SHARE_COLUMN.is_match(h) && MONEY_COLUMN.is_match(lead_in)
        });
        if column > 0 && money_header {
            p.relation = Relation::Money;
            continue;
        }
        if first_cell.is_empty() || first_cell.len() == p.span.start - unit.span.start {
            continue;
        }
        if RATE_AROUND.is_match(first_cell) {
            p.relation = Relation::Rate;
        } else if is_people(&first_cell.to_ascii_lowercase()) {
            p.relation = Relation::OfSet;
            p.of = Some(first_cell.to_string());
        }
    }
}

fn trim_to_boundary(s: &str) -> &str {
    let mut end = s.len();
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let s = &s[..end];
    let cut = s.find(['\n', '|']).unwrap_or(s.len());
    &s[..cut]
}

fn tail_words(s: &str, n: usize) -> &str {
    let mut count = 0;
    for (i, c) in s.char_indices().rev() {
        if c.is_whitespace() {
            count += 1;
            if count > n {
                return &s[i..];
            }
        }
    }
    s
}

fn head_words(s: &str, n: usize) -> &str {
    let mut count = 0;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() && i > 0 {
            count += 1;
            if count > n {
                return &s[..i];
            }
        }
    }
    s
}

/// Compile this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&GROWTH_BEFORE);
    LazyLock::force(&REDUCTION_BEFORE);
    LazyLock::force(&CHANGE_BY);
    LazyLock::force(&GROWTH_AFTER);
    LazyLock::force(&REDUCTION_AFTER);
    LazyLock::force(&RATE_AROUND);
    LazyLock::force(&OF_PHRASE);
    LazyLock::force(&MONEY_NOUNS);
    LazyLock::force(&TARGET_NOUNS);
    LazyLock::force(&FEE_AFTER);
}

#[cfg(test)]
mod tests {
    use super::{Relation, percentages};
    use crate::analyse::quantity::scan;
    use crate::analyse::text::{Unit, UnitKind};
    use crate::document::Span;

    fn relation(text: &str) -> Relation {
        let found = percentages(text, &scan(text));
        assert_eq!(found.len(), 1, "{text:?}");
        found[0].relation.clone()
    }

    #[test]
    fn percentages_are_read_in_context() {
        assert_eq!(
            relation("105% of enrolled participants will complete"),
            Relation::OfSet
        );
        assert_eq!(relation("we met 140% of the criteria"), Relation::OfSet);
        assert_eq!(
            relation("an increase of 150% on last year"),
            Relation::Growth
        );
        assert_eq!(relation("a 150% increase in referrals"), Relation::Growth);
        assert_eq!(
            relation("delivered 124% of its contracted target"),
            Relation::OfTarget
        );
        assert_eq!(relation("120% of target"), Relation::OfTarget);
        assert_eq!(
            relation("at least 60% of the contract value"),
            Relation::Money
        );
        assert_eq!(
            relation("reduce repeat homelessness by 30%"),
            Relation::Reduction
        );
        assert_eq!(relation("a satisfaction rate of 105%"), Relation::Rate);
        assert_eq!(relation("a 12% management fee"), Relation::Money);
    }

    #[test]
    fn a_percentage_alone_in_a_row_takes_the_first_cell() {
        let text = "Families housed at closure | 103%";
        let units = [Unit {
            span: Span::new(0, text.len()),
            block: 0,
            kind: UnitKind::Row {
                row: 1,
                header: false,
            },
        }];
        let mut found = percentages(text, &scan(text));
        super::read_table_rows(text, &units, &mut found);
        assert_eq!(found[0].relation, Relation::OfSet);
        let text = "Attendance | 104%";
        let mut found = percentages(text, &scan(text));
        super::read_table_rows(text, &units, &mut found);
        assert_eq!(found[0].relation, Relation::Rate);
    }

    #[test]
    fn a_column_headed_by_money_makes_its_percentages_shares_of_money() {
        let text = "Member | Portion of the grant\nOrrin Trust | 40%";
        let row = |start: usize, end: usize, row: usize| Unit {
            span: Span::new(start, end),
            block: 0,
            kind: UnitKind::Row {
                row,
                header: row == 0,
            },
        };
        let units = [row(0, 29, 0), row(30, text.len(), 1)];
        let mut found = percentages(text, &scan(text));
        super::read_table_rows(text, &units, &mut found);
        assert_eq!(found[0].relation, Relation::Money);
        let text =
            "We propose this split of the contract value:\nMember | Share\nOrrin Trust | 40%";
        let units = [
            Unit {
                span: Span::new(0, 44),
                block: 0,
                kind: UnitKind::Sentence,
            },
            Unit {
                block: 1,
                ..row(45, 59, 0)
            },
            Unit {
                block: 1,
                ..row(60, text.len(), 1)
            },
        ];
        let mut found = percentages(text, &scan(text));
        super::read_table_rows(text, &units, &mut found);
        assert_eq!(found[0].relation, Relation::Money);
        let text = "Member | Share of sessions\nOrrin Trust | 40%";
        let units = [row(0, 26, 0), row(27, text.len(), 1)];
        let mut found = percentages(text, &scan(text));
        super::read_table_rows(text, &units, &mut found);
        assert_ne!(found[0].relation, Relation::Money);
    }

    #[test]
    fn growth_by_a_percentage_after_the_verb() {
        assert_eq!(relation("visits grew by 140% in 2024"), Relation::Growth);
        assert_eq!(relation("visits rose by 85% in a year"), Relation::Growth);
    }
}
