//! Facts found in a document, computed once and shared by every rule.
//!
//! [`analyse`] reads a [`Document`] and returns an [`Analysis`]:
//! - the document kind ([`kind`]);
//! - reading units: sentences, table rows, headings ([`text`]);
//! - negation: the words each sentence, heading or row says are not so, and whether it states an
//!   absence ("no staff will transfer") or a restriction ("not without consent") ([`negation`]);
//! - quantities: money, percentages, counts, FTE, durations ([`quantity`]), with numbers in
//!   table columns headed "£", "Budget" or "Participants" read as money or counts;
//! - organisations and their roles ([`orgs`]);
//! - percentages in context, targets and costs per person ([`targets`]);
//! - figures that should add up: table totals, row totals, splits ([`sums`]);
//! - each partner's share of the work against its share of the money ([`shares`]).
//!
//! Rules never re-derive these; a new fact belongs here, with its tests, so every rule can use it.

pub mod kind;
pub mod names;
pub mod negation;
pub mod orgs;
pub mod parties;
pub mod quantity;
pub mod refs;
pub mod shares;
pub mod sums;
pub mod targets;
pub mod terms;
pub mod text;

use serde::Serialize;

use crate::document::{BlockKind, Document, Span};
pub use kind::{DocKind, KindDecision};
pub use negation::{Negation, Reading};
pub use orgs::{Organisation, Role};
pub use quantity::{Quantity, QuantityKind};
pub use refs::Reference;
pub use shares::PartnerShare;
pub use sums::{Sum, SumKind};
pub use targets::{Percentage, Relation, Target, TargetClass, UnitCost};
pub use terms::Definition;
pub use text::{Unit, UnitKind};

#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    pub kind: KindDecision,
    pub title: String,
    #[serde(skip)]
    pub units: Vec<Unit>,
    /// Negations, in text order of their cues; each lies in one unit.
    #[serde(skip)]
    pub negations: Vec<Negation>,
    #[serde(skip)]
    pub quantities: Vec<Quantity>,
    /// Defined terms and what they stand for ("Alliance Leadership Team ("ALT")").
    #[serde(skip)]
    pub definitions: Vec<Definition>,
    /// Whole-word uses of defined terms: `(unit, definition)` pairs, sorted.
    #[serde(skip)]
    pub term_uses: Vec<(usize, usize)>,
    /// References to other parts ("under clause 12"), in text order.
    #[serde(skip)]
    pub references: Vec<Reference>,
    pub organisations: Vec<Organisation>,
    pub percentages: Vec<Percentage>,
    pub targets: Vec<Target>,
    pub unit_costs: Vec<UnitCost>,
    pub sums: Vec<Sum>,
    pub shares: Vec<PartnerShare>,
}

impl Analysis {
    /// The index of the unit containing text offset `offset`.
    pub fn unit_at(&self, offset: usize) -> Option<usize> {
        let index = self
            .units
            .partition_point(|u| u.span.start <= offset)
            .checked_sub(1)?;
        (offset <= self.units[index].span.end).then_some(index)
    }

    /// Does the text say the words at `span` are absent: are they negated by a negation that
    /// reads as an absence (see [`negation::negates`])? A span outside every unit is not.
    pub fn is_negated(&self, span: Span) -> bool {
        if self.negations.is_empty() {
            return false;
        }
        let Some(unit) = self.unit_at(span.start).map(|u| self.units[u].span) else {
            return false;
        };
        let first = self.negations.partition_point(|n| n.cue.start < unit.start);
        self.negations[first..]
            .iter()
            .take_while(|n| n.cue.start < unit.end)
            .any(|n| negation::negates(n, span))
    }

    /// The definitions whose terms unit `unit` uses.
    pub fn terms_used_in(&self, unit: usize) -> impl Iterator<Item = &Definition> + '_ {
        let first = self.term_uses.partition_point(|&(u, _)| u < unit);
        self.term_uses[first..]
            .iter()
            .take_while(move |&&(u, _)| u == unit)
            .map(|&(_, d)| &self.definitions[d])
    }

    /// References made from unit `unit`.
    pub fn references_from(&self, unit: usize) -> impl Iterator<Item = &Reference> + '_ {
        let span = self.units[unit].span;
        let first = self
            .references
            .partition_point(|r| r.span.start < span.start);
        self.references[first..]
            .iter()
            .take_while(move |r| r.span.start <= span.end)
            .filter(move |r| r.unit == unit)
    }

    /// Quantities wholly inside `span`.
    pub fn quantities_in(&self, span: Span) -> &[Quantity] {
        quantity::within(&self.quantities, span)
    }

    /// The percentage (with its relation) that starts at `span.start`.
    pub fn percentage_at(&self, span: Span) -> Option<&Percentage> {
        self.percentages.iter().find(|p| p.span == span)
    }
}

/// Analyse `doc`. `forced_kind` is `--kind` from the command line.
pub fn analyse(doc: &Document, forced_kind: Option<DocKind>) -> Analysis {
    let kind = kind::classify(doc, forced_kind);
    let units = text::units(doc);
    let negations = negation::find(&doc.text, &units);
    let references = refs::find(doc, &units);
    let definitions = terms::find(&doc.text);
    let term_uses = terms::uses_in_units(&doc.text, &definitions, &units);
    let mut quantities = quantity::scan(&doc.text);
    read_table_columns(doc, &mut quantities);
    let lexicon = names::shape::Lexicon::of(&doc.text);
    let parties = parties::find(doc, &lexicon);
    let organisations = orgs::find(doc, &units, &parties, &lexicon);
    let mut percentages = targets::percentages(&doc.text, &quantities);
    targets::read_table_rows(&doc.text, &units, &mut percentages);
    let targets = targets::targets(&doc.text, &units, &percentages);
    let unit_costs = targets::unit_costs(&doc.text, &units, &quantities);
    let sums = sums::sums(doc, &units, &quantities, &percentages);
    let shares = shares::partner_shares(
        doc,
        &units,
        &quantities,
        &percentages,
        &organisations,
        &definitions,
    );
    Analysis {
        kind,
        title: kind::title(doc),
        units,
        negations,
        quantities,
        references,
        definitions,
        term_uses,
        organisations,
        percentages,
        targets,
        unit_costs,
        sums,
        shares,
    }
}

/// Compile the patterns of the analyses that run last (shares, sums, targets, in that order):
/// for a spare thread at start-up, while a worker reads a document and runs the first ones,
/// which compile their own. (A pattern is compiled once, by whichever thread needs it first.)
pub fn warm_up() {
    shares::warm_up();
    sums::warm_up();
    kind::warm_up();
    targets::warm_up();
}

/// Numbers in table cells take their meaning from the column header: a bare "12,000" under
/// "Budget (£)" is money; "120" under "Participants" is a count of participants.
fn read_table_columns(doc: &Document, quantities: &mut [Quantity]) {
    for block in &doc.blocks {
        let BlockKind::Table(table) = &block.kind else {
            continue;
        };
        let Some(header) = table.header() else {
            continue;
        };
        let columns: Vec<Option<QuantityKind>> = header
            .cells
            .iter()
            .map(|&cell| {
                let name = doc.slice(cell).to_ascii_lowercase();
                let currency = ['£', '€', '$'].into_iter().find(|&c| name.contains(c));
                // "Sessions per Contract Year", "Hours a week": what is counted comes before the
                // rate, and the period after it says nothing about money.
                let name = [" per ", " a ", " each ", " every "]
                    .iter()
                    .filter_map(|rate| name.find(rate))
                    .min()
                    .map_or(name.as_str(), |at| &name[..at]);
                // A bracket says over what or in what ("Carers supported (2 years)", "Year 1
                // (£)"): the currency is taken from it above, the rest of it says nothing of
                // what is counted.
                let unbracketed = without_brackets(name);
                let name = unbracketed.trim();
                let money_word = [
                    "cost",
                    "budget",
                    "amount",
                    "value",
                    "allocation",
                    "funding",
                    "price",
                    "fee",
                    "grant",
                    "income",
                    "total",
                    "year",
                    "spend",
                    "payment",
                    "instalment",
                ]
                .iter()
                .any(|w| name.contains(w));
                if currency.is_some()
                    || money_word && !name.contains("participant") && !name.contains("people")
                {
                    Some(QuantityKind::Money {
                        currency,
                        per: None,
                    })
                } else {
                    let unit = name
                        .trim()
                        .trim_start_matches("no. of ")
                        .trim_start_matches("number of ")
                        .trim();
                    (!unit.is_empty() && unit.chars().all(|c| c.is_alphabetic() || c == ' ')).then(
                        || QuantityKind::Count {
                            unit: unit.to_string(),
                        },
                    )
                }
            })
            .collect();
        for (_, row) in table.body() {
            for (c, &cell) in row.cells.iter().enumerate() {
                let Some(Some(kind)) = columns.get(c) else {
                    continue;
                };
                for q in quantities.iter_mut().filter(|q| cell.contains(q.span)) {
                    if q.kind == QuantityKind::Number {
                        q.kind = kind.clone();
                    }
                }
            }
        }
    }
}

/// `text` with its bracketed parts taken out: "carers supported (2 years)" → "carers supported ".
fn without_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{QuantityKind, analyse};
    use crate::extract::markdown;

    /// The quantities of a Markdown text, each with its value and kind, and the analysis.
    fn quantity_kinds(markdown_text: &str) -> (Vec<(f64, QuantityKind)>, super::Analysis) {
        let doc = markdown::extract(PathBuf::from("t.md"), markdown_text.to_string(), Vec::new());
        let analysis = analyse(&doc, None);
        let kinds = analysis
            .quantities
            .iter()
            .map(|q| (q.value, q.kind.clone()))
            .collect();
        (kinds, analysis)
    }

    #[test]
    fn a_column_of_a_thing_per_period_counts_the_thing() {
        let (kinds, _) = quantity_kinds(
            "| Member | Sessions per Contract Year | Cost per session (£) |\n|---|---:|---:|\n| Fernlea | 800 | 45 |\n",
        );
        assert_eq!(
            kinds,
            [
                (
                    800.0,
                    QuantityKind::Count {
                        unit: "sessions".into()
                    }
                ),
                (
                    45.0,
                    QuantityKind::Money {
                        currency: Some('£'),
                        per: None
                    }
                ),
            ]
        );
    }

    #[test]
    fn a_period_in_brackets_does_not_make_a_count_money() {
        let (kinds, _) = quantity_kinds(
            "| Partner | Carers supported (2 years) | Year 1 (£) | Total |\n|---|---:|---:|---:|\n| Fernlea | 300 | 4,000 | 8,000 |\n",
        );
        // The body row's three figures (the header's "2 years" and "1" come first).
        assert_eq!(
            kinds[kinds.len() - 3..]
                .iter()
                .map(|k| k.1.clone())
                .collect::<Vec<_>>(),
            [
                QuantityKind::Count {
                    unit: "carers supported".into()
                },
                QuantityKind::Money {
                    currency: Some('£'),
                    per: None
                },
                QuantityKind::Money {
                    currency: None,
                    per: None
                },
            ]
        );
    }

    #[test]
    fn table_columns_give_bare_numbers_their_unit() {
        let (kinds, analysis) = quantity_kinds(
            "| Activity | Participants | Budget (£) |\n|---|---:|---:|\n| Mentoring | 300 | 9,000 |\n",
        );
        assert_eq!(
            kinds,
            [
                (
                    300.0,
                    QuantityKind::Count {
                        unit: "participants".into()
                    }
                ),
                (
                    9000.0,
                    QuantityKind::Money {
                        currency: Some('£'),
                        per: None
                    }
                ),
            ]
        );
        assert_eq!(analysis.unit_costs.len(), 1);
        assert_eq!(analysis.unit_costs[0].per_person, 30.0);
    }
}
