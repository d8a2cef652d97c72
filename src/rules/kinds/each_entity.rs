//! `each-entity`: every organisation with one of the roles must have evidence (money, a share, a
//! role statement) in the same sentence, table row or section.

use crate::analyse::{Analysis, Organisation, QuantityKind, Relation, Role, UnitKind};
use crate::diagnostic::Finding;
use crate::document::{Document, Span};

use super::{finding, is_within};
use crate::rules::{Fact, Matcher, Pattern, Rule};

#[derive(Clone, Debug)]
pub struct EachEntity {
    pub roles: Vec<Role>,
    pub exclude_roles: Vec<Role>,
    pub facts: Vec<Fact>,
    /// "sentence", "table-row", "section".
    pub within: Vec<String>,
    pub section_headings: Option<Pattern>,
    /// A unit matching these does not count as evidence ("TBC", "in kind").
    pub not_counted: Option<Pattern>,
    /// Wording in a unit naming the organisation that counts as evidence.
    pub evidence: Matcher,
    /// Wording anywhere that satisfies every organisation ("no money will change hands").
    pub satisfied_by: Option<Matcher>,
    /// Wording right after a mention of the organisation that counts as evidence
    /// ("Riverside will deliver …"), anchored at the end of the mention.
    pub follows: Option<Pattern>,
}

/// A finding for each organisation in scope with no evidence.
pub fn check(rule: &Rule, each: &EachEntity, doc: &Document, analysis: &Analysis) -> Vec<Finding> {
    if each
        .satisfied_by
        .as_ref()
        .is_some_and(|m| m.is_found(doc, analysis))
    {
        return Vec::new();
    }
    let in_scope = |org: &Organisation| {
        each.roles.iter().any(|&r| org.has_role(r))
            && !each.exclude_roles.iter().any(|&r| org.has_role(r))
    };
    let candidates: Vec<&Organisation> = analysis
        .organisations
        .iter()
        .filter(|o| in_scope(o))
        .collect();
    let mut findings = Vec::new();
    for org in &candidates {
        if has_evidence(each, doc, analysis, org, &candidates) {
            continue;
        }
        let span = each
            .roles
            .iter()
            .filter_map(|&r| org.first_as(r))
            .min()
            .or_else(|| org.mentions.first().copied());
        let Some(span) = span else { continue };
        findings.push(finding(rule, doc, analysis, span, org.name.clone(), &[]));
    }
    findings
}

/// Does any unit naming `org` carry the evidence the rule asks for?
fn has_evidence(
    each: &EachEntity,
    doc: &Document,
    analysis: &Analysis,
    org: &Organisation,
    candidates: &[&Organisation],
) -> bool {
    let counted = |unit: Span| {
        !each
            .not_counted
            .as_ref()
            .is_some_and(|r| r.is_match(doc.slice(unit)))
    };
    let has_fact = |unit: Span| {
        analysis.quantities_in(unit).iter().any(|q| {
            each.facts.iter().any(|fact| match fact {
                Fact::Money => matches!(q.kind, QuantityKind::Money { .. }) && q.value > 0.0,
                Fact::Share => {
                    q.is_percent()
                        && q.value > 0.0
                        && analysis
                            .percentage_at(q.span)
                            .is_some_and(|p| p.relation == Relation::Money)
                }
                _ => false,
            })
        })
    };
    let mut units: Vec<usize> = org
        .mentions
        .iter()
        .filter_map(|m| analysis.unit_at(m.start))
        .collect();
    units.dedup();
    if let Some(follows) = &each.follows {
        for &mention in &org.mentions {
            let Some(u) = analysis.unit_at(mention.start) else {
                continue;
            };
            let end = analysis.units[u].span.end.max(mention.end);
            let after = doc.text.get(mention.end..end).unwrap_or("");
            if counted(analysis.units[u].span) && follows.is_match(after) {
                return true;
            }
        }
    }
    for &u in &units {
        let unit = analysis.units[u];
        let scope = match unit.kind {
            UnitKind::Row { .. } => "table-row",
            UnitKind::Sentence | UnitKind::Heading => "sentence",
        };
        if !counted(unit.span) {
            continue;
        }
        if each.within.iter().any(|w| w == scope) && has_fact(unit.span) {
            return true;
        }
        if each.facts.contains(&Fact::Words)
            && each.within.iter().any(|w| w == "table-row")
            && row_describes(doc, unit, org)
        {
            return true;
        }
        if each.evidence.matches_text(doc.slice(unit.span)) {
            return true;
        }
    }
    // A funding section that names this organisation and no other: its amounts are this
    // organisation's (a two-party agreement's payment schedule).
    if each.within.iter().any(|w| w == "section") {
        let Some(headings) = &each.section_headings else {
            return false;
        };
        for (s, section) in doc.sections.iter().enumerate() {
            if !headings.is_match(&section.title) {
                continue;
            }
            let section_units: Vec<Span> = analysis
                .units
                .iter()
                .filter(|u| {
                    doc.blocks[u.block]
                        .section
                        .is_some_and(|bs| bs == s || is_within(doc, bs, s))
                })
                .map(|u| u.span)
                .collect();
            let named = |o: &Organisation| {
                o.mentions
                    .iter()
                    .any(|m| section_units.iter().any(|u| u.contains(*m)))
            };
            if !named(org)
                || candidates
                    .iter()
                    .any(|other| !std::ptr::eq(*other, org) && named(other))
            {
                continue;
            }
            if section_units.iter().any(|&u| counted(u) && has_fact(u)) {
                return true;
            }
        }
    }
    false
}

/// Does a (body) table row naming `org` have another cell of at least three words: a role, a
/// service or deliverables?
fn row_describes(doc: &Document, unit: crate::analyse::Unit, org: &Organisation) -> bool {
    let UnitKind::Row { row, header: false } = unit.kind else {
        return false;
    };
    let crate::document::BlockKind::Table(table) = &doc.blocks[unit.block].kind else {
        return false;
    };
    let Some(row) = table.rows.get(row) else {
        return false;
    };
    row.cells.iter().any(|&cell| {
        let names_org = org.mentions.iter().any(|m| cell.contains(*m));
        let words = doc
            .slice(cell)
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        !names_org && words >= 3
    })
}
