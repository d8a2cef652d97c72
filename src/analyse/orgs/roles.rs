//! Giving each organisation its roles from the cues around each of its mentions.

use std::sync::LazyLock;

use regex::Regex;

use super::aliases::skip_registration;
use super::cues::{AFTER_CUES, BEFORE_CUES, role_word};
use super::{Organisation, Role, RoleEvidence};
use crate::analyse::names::words::words_lower;
use crate::analyse::text::{Unit, UnitKind, head, tail};
use crate::document::{BlockKind, Document, Span};

/// Being referred or signposted to (or from) an organisation: the cue that makes a referral
/// partner, and the weakest of them.
static REFERRED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:signpost(?:ed|ing)?|refer(?:red|rals)?)\s+(?:\w+\s+){0,3}(?:to|from)\s*$",
    )
    .expect("static regex")
});

/// Read each mention's surroundings for role cues; list neighbours share cues ("in partnership
/// with A, B and C"; "A and B will deliver").
pub(super) fn assign_roles(doc: &Document, units: &[Unit], orgs: &mut [Organisation]) {
    let text = &doc.text;
    // All mentions in text order: (span, org index).
    let mut all: Vec<(Span, usize)> = orgs
        .iter()
        .enumerate()
        .flat_map(|(i, o)| o.mentions.iter().map(move |&s| (s, i)))
        .collect();
    all.sort();
    let mut roles: Vec<Vec<Role>> = vec![Vec::new(); all.len()];
    let mut unit_of = vec![usize::MAX; all.len()];
    // Mentions whose only cue is that people are referred or signposted to (or from) them.
    let mut referral = vec![false; all.len()];
    let mut u = 0;
    for (m, &(span, _)) in all.iter().enumerate() {
        while u < units.len() && units[u].span.end < span.start {
            u += 1;
        }
        if u < units.len() && units[u].span.contains(span) {
            unit_of[m] = u;
        }
    }
    for (m, &(span, _)) in all.iter().enumerate() {
        let Some(unit) = units.get(unit_of[m]) else {
            continue;
        };
        if unit.kind == UnitKind::Heading {
            continue;
        }
        let before = tail(&text[unit.span.start..span.start], 90);
        // Read past "(registered charity no. …)" to what the text says about the name.
        let after = head(skip_registration(&text[span.end..unit.span.end]), 120);
        roles[m].extend(BEFORE_CUES.first(before));
        roles[m].extend(AFTER_CUES.first(after));
        referral[m] = roles[m] == [Role::Supporter] && REFERRED.is_match(before);
        // "**Coastline Arts** is a cooperative of six artists. They will run three projects a
        // year.": a name that opens a sentence is what "They" or "It" opening the next sentence
        // of the paragraph refers to.
        if roles[m].is_empty()
            && before
                .trim_matches(|c: char| !c.is_alphanumeric())
                .is_empty()
        {
            let next = units
                .get(unit_of[m] + 1)
                .filter(|n| n.block == unit.block && n.kind == UnitKind::Sentence);
            if let Some(next) = next {
                let sentence = &text[next.span.range()];
                if let Some(rest) = ["They ", "It "]
                    .iter()
                    .find_map(|pronoun| sentence.strip_prefix(pronoun))
                {
                    roles[m].extend(
                        AFTER_CUES
                            .first(head(rest, 120))
                            .filter(|&role| role == Role::Partner),
                    );
                }
            }
        }
        // A role word in the same table row ("Commissioner | Calderbrook Council").
        if let UnitKind::Row { row, header: false } = unit.kind
            && let BlockKind::Table(table) = &doc.blocks[unit.block].kind
            && let Some(role) = table
                .rows
                .get(row)
                .and_then(|r| r.cells.iter().find_map(|&c| role_word(doc.slice(c))))
        {
            roles[m].push(role);
        }
    }
    // Share cues along lists: a mention joined to the next by ", " / " and " takes its
    // before-cues forward and its after-cues back.
    let joined = |a: Span, b: Span| {
        let between = text.get(a.end..b.start).unwrap_or("x").trim();
        let between =
            between.trim_start_matches(|c: char| !c.is_alphanumeric() && c != ',' && c != '&');
        let between = between
            .split_once(')')
            .map_or(between, |(_, rest)| rest)
            .trim();
        matches!(
            between,
            "," | "and" | ", and" | "&" | "or" | ", or" | ";" | "; and"
        )
    };
    for m in 1..all.len() {
        if unit_of[m] == unit_of[m - 1] && joined(all[m - 1].0, all[m].0) && roles[m].is_empty() {
            roles[m] = roles[m - 1].clone();
        }
    }
    for m in (0..all.len().saturating_sub(1)).rev() {
        if unit_of[m] == unit_of[m + 1] && joined(all[m].0, all[m + 1].0) && roles[m].is_empty() {
            roles[m] = roles[m + 1].clone();
        }
    }
    for (m, &(span, org)) in all.iter().enumerate() {
        for &role in &roles[m] {
            orgs[org].roles.push(RoleEvidence { role, span });
        }
    }
    // People referred to an organisation that the text also gives work to ("Eastvale Mind will
    // provide weekly drop-ins … participants who need support will be referred to Eastvale
    // Mind") are referred to a partner: the referral alone makes a supporter, not beside a
    // partner's role.
    let referred: Vec<Span> = all
        .iter()
        .zip(&referral)
        .filter(|(_, r)| **r)
        .map(|(&(span, _), _)| span)
        .collect();
    for org in orgs.iter_mut() {
        let supporter = |r: &RoleEvidence| r.role == Role::Supporter;
        if org.roles.iter().any(|r| r.role == Role::Partner)
            && org
                .roles
                .iter()
                .filter(|r| supporter(r))
                .all(|r| referred.contains(&r.span))
        {
            org.roles.retain(|r| !supporter(r));
        }
    }
    // Names that are commissioners or funders whatever the sentence says.
    for org in orgs.iter_mut() {
        let words = words_lower(&org.name);
        let last = words.last().map_or("", String::as_str);
        let commissioner = matches!(
            last,
            "council" | "authority" | "commissioner" | "icb" | "ccg" | "lottery" | "fund"
        ) && !words
            .iter()
            .any(|w| matches!(w.as_str(), "voluntary" | "cvs" | "action"))
            || words
                .windows(3)
                .any(|w| w == ["integrated", "care", "board"])
            || words
                .first()
                .is_some_and(|w| matches!(w.as_str(), "department" | "ministry"))
            || words == ["nhs", "england"];
        if commissioner {
            let span = org.mentions.first().copied().unwrap_or_default();
            org.roles.push(RoleEvidence {
                role: Role::Commissioner,
                span,
            });
        }
    }
}
