//! What the analysis found in one document, as JSON: `tenderlint extract --facts --format json`.
//!
//! ```json
//! { "file": "bid.pdf", "format": "pdf", "title": "…",
//!   "kind": { "value": "bid", "reason": "…" },
//!   "facts": {
//!     "organisations": [ { "name": "…", "aliases": ["…"], "party": true, "roles": ["partner"],
//!                          "mentions": [ { "text": "…", "location": { … } } ] } ],
//!     "money": [ { "text": "£12,000", "value": 12000, "currency": "£", "location": { … } } ],
//!     "percentages": [ { "text": "40%", "value": 40, "relation": "share", "of": "…", "location": { … } } ],
//!     "durations": [ { "text": "30 days", "days": 30, "location": { … } } ],
//!     "targets": [ { "text": "…", "percent": 95, "class": "outcome", "location": { … } } ],
//!     "unit_costs": [ { "text": "…", "per_person": 250, "amount": 25000, "count": 100, "location": { … } } ] } }
//! ```
//!
//! A `location` is the same object as a finding's in `check --format json` (line and column,
//! page, paragraph, clause, section, table, row, cell: those that apply to the format). The
//! schema is documented in README ("What the analysis finds"); add a field there when adding
//! one here.

use std::io::Write;

use serde::Serialize;

use crate::analyse::{Analysis, QuantityKind};
use crate::document::{Document, Location, Span};

#[derive(Serialize)]
struct Facts<'a> {
    file: String,
    format: &'static str,
    title: &'a str,
    kind: Kind<'a>,
    facts: Body,
}

#[derive(Serialize)]
struct Kind<'a> {
    value: &'static str,
    reason: &'a str,
}

#[derive(Serialize)]
struct Body {
    organisations: Vec<Organisation>,
    money: Vec<Money>,
    percentages: Vec<Percentage>,
    durations: Vec<Duration>,
    targets: Vec<Target>,
    unit_costs: Vec<UnitCost>,
}

#[derive(Serialize)]
struct Organisation {
    name: String,
    aliases: Vec<String>,
    /// A party to the agreement (its parties clause or a signature block names it).
    party: bool,
    roles: Vec<&'static str>,
    mentions: Vec<Place>,
}

/// Words of the document and where they are.
#[derive(Serialize)]
struct Place {
    text: String,
    location: Location,
}

#[derive(Serialize)]
struct Money {
    text: String,
    value: f64,
    currency: Option<String>,
    per: Option<String>,
    location: Location,
}

#[derive(Serialize)]
struct Percentage {
    text: String,
    value: f64,
    relation: &'static str,
    of: Option<String>,
    location: Location,
}

#[derive(Serialize)]
struct Duration {
    text: String,
    days: f64,
    location: Location,
}

#[derive(Serialize)]
struct Target {
    text: String,
    percent: f64,
    class: String,
    location: Location,
}

#[derive(Serialize)]
struct UnitCost {
    text: String,
    per_person: f64,
    amount: f64,
    count: f64,
    location: Location,
}

fn place(doc: &Document, span: Span) -> Place {
    Place {
        text: doc.slice(span).to_string(),
        location: doc.locate(span),
    }
}

/// Write the facts of `doc` as one JSON document.
pub fn write(out: &mut dyn Write, doc: &Document, analysis: &Analysis) -> std::io::Result<()> {
    let organisations = analysis
        .organisations
        .iter()
        .map(|org| {
            let mut roles: Vec<&'static str> = org.roles.iter().map(|r| r.role.name()).collect();
            roles.sort_unstable();
            roles.dedup();
            Organisation {
                name: org.name.clone(),
                aliases: org.aliases.clone(),
                party: org.party,
                roles,
                mentions: org.mentions.iter().map(|&s| place(doc, s)).collect(),
            }
        })
        .collect();
    let mut money = Vec::new();
    let mut durations = Vec::new();
    for q in &analysis.quantities {
        let at = place(doc, q.span);
        match &q.kind {
            QuantityKind::Money { currency, per } => money.push(Money {
                text: at.text,
                value: q.value,
                currency: currency.map(String::from),
                per: per.clone(),
                location: at.location,
            }),
            QuantityKind::Duration { days, .. } => durations.push(Duration {
                text: at.text,
                days: *days,
                location: at.location,
            }),
            _ => {}
        }
    }
    let percentages = analysis
        .percentages
        .iter()
        .map(|p| {
            let at = place(doc, p.span);
            Percentage {
                text: at.text,
                value: p.value,
                relation: p.relation.name(),
                of: p.of.clone(),
                location: at.location,
            }
        })
        .collect();
    let targets = analysis
        .targets
        .iter()
        .map(|t| {
            let at = place(doc, t.span);
            Target {
                text: at.text,
                percent: t.percent,
                class: format!("{:?}", t.class).to_lowercase(),
                location: at.location,
            }
        })
        .collect();
    let unit_costs = analysis
        .unit_costs
        .iter()
        .map(|c| {
            let at = place(doc, c.span);
            UnitCost {
                text: at.text,
                per_person: c.per_person,
                amount: c.amount,
                count: c.count,
                location: at.location,
            }
        })
        .collect();
    let facts = Facts {
        file: doc.name(),
        format: doc.format.name(),
        title: &analysis.title,
        kind: Kind {
            value: analysis.kind.kind.name(),
            reason: &analysis.kind.reason,
        },
        facts: Body {
            organisations,
            money,
            percentages,
            durations,
            targets,
            unit_costs,
        },
    };
    // Serialised first, so that a closed pipe is reported as the I/O error it is.
    let json = serde_json::to_string_pretty(&facts).map_err(std::io::Error::other)?;
    writeln!(out, "{json}")
}
