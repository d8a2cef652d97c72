//! `forbid`: vocabulary that must not appear. Tables: `[match]` and `[unless]`, both vocabulary
//! tables. [`Forbid`] is the compiled form; each match is a finding unless its sentence (or
//! table row) matches `[unless]`.
//!
//! Negated matches (`negated`): `[match]`'s are absent by default ("this is not a pay-when-paid
//! arrangement" forbids nothing); `[unless]`'s count by default, since its wording often holds
//! the negation itself ("not conditional on").

use super::{Tables, finding, missing};
use crate::analyse::Analysis;
use crate::diagnostic::Finding;
use crate::document::Document;
use crate::rules::rule_error::{Ctx, RuleError, keep};
use crate::rules::vocabulary::matcher;
use crate::rules::{Matcher, Negated, Rule};

/// The tables a forbid rule may have.
pub const TABLES: &[&str] = &["match", "unless"];

/// A compiled forbid rule.
#[derive(Clone, Debug)]
pub struct Forbid {
    pub matcher: Matcher,
    pub unless: Option<Matcher>,
}

/// Check and compile the kind's tables; a missing one is an error at `kind`.
/// Both tables are compiled, so one run names the mistakes of each.
pub(crate) fn compile(ctx: &Ctx<'_>, tables: &Tables<'_>) -> Result<Forbid, Vec<RuleError>> {
    let mut errors = Vec::new();
    let found = match tables.match_ {
        Some(m) => matcher(ctx, m.get_ref(), m.span(), Negated::Absent),
        None => Err(missing(
            ctx,
            tables.kind,
            "match",
            "the vocabulary that must not appear",
        )),
    };
    let unless = tables
        .unless
        .map(|t| matcher(ctx, t.get_ref(), t.span(), Negated::Counts))
        .transpose();
    let found = keep(&mut errors, found);
    let unless = keep(&mut errors, unless);
    match (found, unless) {
        (Some(matcher), Some(unless)) => Ok(Forbid { matcher, unless }),
        _ => Err(errors),
    }
}

/// A finding for each match, unless its sentence matches `unless`.
pub fn check(rule: &Rule, forbid: &Forbid, doc: &Document, analysis: &Analysis) -> Vec<Finding> {
    let Forbid { matcher, unless } = forbid;
    let mut findings = Vec::new();
    for span in matcher.find_all(doc, analysis) {
        let unit = analysis
            .unit_at(span.start)
            .map(|u| analysis.units[u].span)
            .unwrap_or(span);
        if unless
            .as_ref()
            .is_some_and(|u| u.matches_in(doc, analysis, unit))
        {
            continue;
        }
        findings.push(finding(
            rule,
            analysis,
            span,
            doc.slice(span).to_string(),
            &[],
        ));
    }
    findings
}
