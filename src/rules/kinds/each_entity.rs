//! `each-entity`: every organisation with one of the rule's roles must have evidence for it: a
//! fact ([`Fact::EVIDENCE`]) in the sentence, table row or section naming it ([`Within`]),
//! wording there, or a role statement right after its name (`follows`). Tables: `[entities]`
//! (`RawEntities`), `[require]` (a vocabulary table with the evidence keys) and
//! `[satisfied-by]`. [`EachEntity`] is the compiled form; a finding for each organisation
//! without evidence, at its first mention in the role.
//!
//! Negated matches (`negated`): evidence the text negates (its facts, phrases, patterns and
//! `follows`) is absent by default ("no payment of £5,000 will be made to X" is no funding);
//! `[satisfied-by]`'s matches count by default, and `negated = "only"` there makes it a
//! statement of absence ("no money changes hands", "this MoU creates no financial obligation").

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::{Tables, finding, is_within, missing};
use crate::analyse::names::legal;
use crate::analyse::{Analysis, Organisation, Role, UnitKind};
use crate::diagnostic::Finding;
use crate::document::{Document, Span};
use crate::rules::facts::{self, Fact};
use crate::rules::rule_error::{Ctx, RuleError, S, named};
use crate::rules::vocabulary::{
    Anchor, RawMatcher, any_regex_at, compile_error, matcher, negated, regex, role,
};
use crate::rules::{Matcher, Negated, Pattern, Rule, matcher, names};

/// The tables an each-entity rule may have.
pub const TABLES: &[&str] = &["entities", "require", "satisfied-by"];

/// `[entities]` as written: which organisations the rule checks.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawEntities {
    pub(crate) roles: Vec<S<String>>,
    #[serde(default)]
    pub(crate) exclude_roles: Vec<S<String>>,
}

/// Where an organisation and the evidence for it must appear together (`within`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Within {
    /// The sentence (or heading) naming the organisation.
    Sentence,
    /// A table row naming it.
    TableRow,
    /// A section under a `section-headings` heading that names it and no other candidate.
    Section,
}

/// A compiled each-entity rule.
#[derive(Clone, Debug)]
pub struct EachEntity {
    pub roles: Vec<Role>,
    pub exclude_roles: Vec<Role>,
    pub facts: Vec<Fact>,
    /// Where the organisation and a fact must appear together.
    pub within: Vec<Within>,
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
    /// How evidence the text negates is read (facts, wording, `follows`).
    pub negated: Negated,
}

/// Check and compile the kind's tables; a missing one is an error at `kind`.
pub(crate) fn compile(ctx: &Ctx<'_>, tables: &Tables<'_>) -> Result<EachEntity, Box<RuleError>> {
    let entities = tables.entities.ok_or_else(|| {
        missing(
            ctx,
            tables.kind,
            "entities",
            "which organisations the rule checks",
        )
    })?;
    let require_value = tables.require.ok_or_else(|| {
        missing(
            ctx,
            tables.kind,
            "require",
            "what each organisation must have",
        )
    })?;
    let r = require_value.get_ref();
    for (key, values) in [("headings", &r.headings), ("roles", &r.roles)] {
        if let Some(first) = values.first() {
            return Err(ctx.at(
                first,
                format!("`{key}` is not used in an each-entity rule's [require]"),
                "not used here",
                Some(
                    "use facts, within, section-headings, not-counted, phrases and patterns".into(),
                ),
            ));
        }
    }
    from_tables(ctx, entities.get_ref(), r, tables.satisfied_by)
}

/// The each-entity rule of these tables (`compile` has checked they are there).
fn from_tables(
    ctx: &Ctx<'_>,
    entities: &RawEntities,
    require: &RawMatcher,
    satisfied_by: Option<&S<RawMatcher>>,
) -> Result<EachEntity, Box<RuleError>> {
    let roles = entities
        .roles
        .iter()
        .map(|r| role(ctx, r))
        .collect::<Result<Vec<_>, _>>()?;
    let exclude_roles = entities
        .exclude_roles
        .iter()
        .map(|r| role(ctx, r))
        .collect::<Result<Vec<_>, _>>()?;
    let facts = facts::parse_list(ctx, &require.facts, &Fact::EVIDENCE)?;
    let scopes = names::all::<Within>();
    let within = require
        .within
        .iter()
        .map(|w| {
            named(
                ctx,
                w,
                "scope",
                &format!("use one of: {}", scopes.join(", ")),
            )
        })
        .collect::<Result<Vec<Within>, _>>()?;
    if !facts.is_empty()
        && within.is_empty()
        && let Some(first) = require.facts.first()
    {
        return Err(ctx.at(
            first,
            "facts need `within`: where the organisation and the fact must appear together",
            "no scope",
            Some(format!(
                "add within = [{}]",
                scopes
                    .iter()
                    .map(|s| format!("\"{s}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ));
    }
    let section_headings = require
        .section_headings
        .iter()
        .map(|p| regex(ctx, p, false))
        .collect::<Result<Vec<_>, _>>()?;
    let not_counted = require
        .not_counted
        .iter()
        .map(|p| regex(ctx, p, false))
        .collect::<Result<Vec<_>, _>>()?;
    let phrases: Vec<String> = require
        .phrases
        .iter()
        .map(|p| p.get_ref().clone())
        .collect();
    let patterns = require
        .patterns
        .iter()
        .map(|p| regex(ctx, p, false))
        .collect::<Result<Vec<_>, _>>()?;
    let reading = negated(ctx, require.negated.as_ref(), Negated::Absent)?;
    let evidence = Matcher::new(&phrases, &patterns, &[], Vec::new(), false)
        .map_err(|e| {
            let values: Vec<&S<String>> = require.patterns.iter().collect();
            compile_error(ctx, &values, false, &e, 0..0)
        })?
        .reading(reading);
    let compile_all = |list: &[String]| {
        matcher::compile_any(list, false).map_err(|e| {
            ctx.error(
                "the vocabulary does not compile together",
                None,
                "",
                Some(e.to_string()),
            )
        })
    };
    if let Some(per_clause) = &require.per_clause {
        return Err(ctx.at(
            per_clause,
            "`per-clause` is only for a clause rule's [clause]",
            "not used here",
            None,
        ));
    }
    let follows = any_regex_at(ctx, &require.follows, Anchor::Start)?;
    Ok(EachEntity {
        follows,
        roles,
        exclude_roles,
        facts,
        within,
        section_headings: compile_all(&section_headings)?,
        not_counted: compile_all(&not_counted)?,
        evidence,
        satisfied_by: satisfied_by
            .map(|s| matcher(ctx, s.get_ref(), s.span(), Negated::Counts))
            .transpose()?,
        negated: reading,
    })
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
        findings.push(finding(rule, analysis, span, org.name.clone(), &[]));
    }
    findings
}

/// Opens a sentence that goes on about the organisation the one before opened with: a pronoun
/// ("It", "They", "Its staff") or "The" and a word of its name ("The Collective").
static GOES_ON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\W*(?:(?:It|They)\b|(?:Its|Their)\s+[a-z][\w-]*\b|The\s+([A-Z][\w-]*)\b)")
        .expect("static regex")
});

/// When `mention` opens sentence `u` and the next sentence of the paragraph opens by pointing
/// back at the organisation, the rest of that sentence after its subject.
fn continuation(
    doc: &Document,
    analysis: &Analysis,
    u: usize,
    mention: Span,
    org: &Organisation,
) -> Option<Span> {
    let unit = analysis.units[u];
    let next = *analysis.units.get(u + 1)?;
    if next.block != unit.block || !matches!(next.kind, UnitKind::Sentence) {
        return None;
    }
    let before = doc.text.get(unit.span.start..mention.start)?;
    let before = before.trim_matches(|c: char| !c.is_alphanumeric());
    if !(before.is_empty() || before.eq_ignore_ascii_case("the")) {
        return None;
    }
    let text = doc.slice(next.span);
    let caps = GOES_ON.captures(text)?;
    if let Some(word) = caps.get(1) {
        // "The Collective" for "Coastline Arts Collective": a word of its name, not a form.
        let named = org
            .name
            .split_whitespace()
            .filter(|w| !legal::is_form(w))
            .any(|w| w == word.as_str());
        if !named {
            return None;
        }
    }
    Some(Span::new(
        next.span.start + caps.get(0)?.end(),
        next.span.end,
    ))
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
    let has_fact = |unit: Span| Fact::any_in(&each.facts, analysis, unit, each.negated);
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
            let kept = follows.find(after).is_some_and(|m| {
                each.negated
                    .keeps(analysis, Span::from(m.range()).shift(mention.end))
            });
            if counted(analysis.units[u].span) && kept {
                return true;
            }
            // "X is a cooperative of six artists. They will run …": the next sentence goes on
            // about the organisation its sentence opened with.
            if let Some(next) = continuation(doc, analysis, u, mention, org) {
                let after = doc.text.get(next.start..next.end).unwrap_or("");
                let kept = follows.find(after).is_some_and(|m| {
                    each.negated
                        .keeps(analysis, Span::from(m.range()).shift(next.start))
                });
                if counted(analysis.units[u + 1].span) && kept {
                    return true;
                }
            }
        }
    }
    for &u in &units {
        let unit = analysis.units[u];
        let scope = match unit.kind {
            UnitKind::Row { .. } => Within::TableRow,
            UnitKind::Sentence | UnitKind::Heading => Within::Sentence,
        };
        if !counted(unit.span) {
            continue;
        }
        if each.within.contains(&scope) && has_fact(unit.span) {
            return true;
        }
        if each.facts.contains(&Fact::Words)
            && each.within.contains(&Within::TableRow)
            && facts::row_describes(doc, unit, org)
        {
            return true;
        }
        if each.evidence.matches_in(doc, analysis, unit.span) {
            return true;
        }
    }
    // A funding section that names this organisation and no other: its amounts are this
    // organisation's (a two-party agreement's payment schedule).
    if each.within.contains(&Within::Section) {
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
            // A table row of its own in the section is its funding line, read above: the
            // amounts of other rows (a fee, the total) are not its.
            let own_row = analysis.units.iter().any(|u| {
                matches!(u.kind, UnitKind::Row { header: false, .. })
                    && section_units.contains(&u.span)
                    && org.mentions.iter().any(|m| u.span.contains(*m))
            });
            if !own_row && section_units.iter().any(|&u| counted(u) && has_fact(u)) {
                return true;
            }
        }
    }
    false
}
