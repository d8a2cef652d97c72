//! `require`: vocabulary that must be present, optionally only when every trigger table
//! matches ("staff will transfer" → TUPE must be mentioned). Tables: `[trigger]`/`[[trigger]]`,
//! `[require]` and `[satisfied-by]`, all vocabulary tables. [`Require`] is the compiled form; one
//! finding when the triggers match and neither `[require]` nor `[satisfied-by]` does.
//!
//! Negated matches (`negated`): a trigger's and `[require]`'s are absent by default ("no staff
//! will transfer" triggers nothing; "there is no dispute procedure" is not one); a
//! `[satisfied-by]`'s count by default. A rule answered by a statement of absence ("no staff
//! will transfer" answers the TUPE question) says so with `negated = "only"` in `[satisfied-by]`.

use super::{Tables, finding, missing, triggered};
use crate::analyse::Analysis;
use crate::diagnostic::Finding;
use crate::document::{Document, Span};
use crate::rules::rule_error::{Ctx, RuleError, keep};
use crate::rules::vocabulary::{matcher, triggers};
use crate::rules::{Matcher, Negated, Rule};

/// The tables a require rule may have.
pub const TABLES: &[&str] = &["trigger", "require", "satisfied-by"];

/// A compiled require rule.
#[derive(Clone, Debug)]
pub struct Require {
    /// Every trigger table must match somewhere for the rule to run (none: always runs).
    pub trigger: Vec<Matcher>,
    pub require: Matcher,
    /// Other wording that answers the rule (a statement that the trigger is absent).
    pub satisfied_by: Option<Matcher>,
}

/// Check and compile the kind's tables; a missing one is an error at `kind`.
/// Every table is compiled, so one run names the mistakes of all of them.
pub(crate) fn compile(ctx: &Ctx<'_>, tables: &Tables<'_>) -> Result<Require, Vec<RuleError>> {
    let mut errors = Vec::new();
    let require = match tables.require {
        Some(value) => matcher(ctx, value.get_ref(), value.span(), Negated::Absent),
        None => Err(missing(
            ctx,
            tables.kind,
            "require",
            "the vocabulary whose presence satisfies the rule",
        )),
    };
    let trigger = triggers(ctx, tables.trigger);
    let satisfied_by = tables
        .satisfied_by
        .map(|s| matcher(ctx, s.get_ref(), s.span(), Negated::Counts))
        .transpose();
    let require = keep(&mut errors, require);
    let trigger = keep(&mut errors, trigger);
    let satisfied_by = keep(&mut errors, satisfied_by);
    match (require, trigger, satisfied_by) {
        (Some(require), Some(trigger), Some(satisfied_by)) => Ok(Require {
            trigger,
            require,
            satisfied_by,
        }),
        _ => Err(errors),
    }
}

/// The finding when the triggers match and nothing in `[require]` or `[satisfied-by]` does.
pub fn check(rule: &Rule, require: &Require, doc: &Document, analysis: &Analysis) -> Vec<Finding> {
    // Yes-or-no questions first, each stopping at its first match; the trigger's places are
    // listed only for a finding.
    if !triggered(&require.trigger, doc, analysis)
        || require.require.is_found(doc, analysis)
        || require
            .satisfied_by
            .as_ref()
            .is_some_and(|s| s.is_found(doc, analysis))
    {
        return Vec::new();
    }
    let triggers = require
        .trigger
        .first()
        .map_or_else(Vec::new, |trigger| trigger.find_all(doc, analysis));
    match triggers.first() {
        Some(&first) => {
            // Point at the sentence of the first trigger; list the other trigger sentences.
            let sentence = |span: Span| {
                analysis
                    .unit_at(span.start)
                    .map_or(span, |u| analysis.units[u].span)
            };
            let mut finding = finding(
                rule,
                analysis,
                sentence(first),
                doc.slice(first).to_string(),
                &[],
            );
            // Other trigger words, one per sentence, outside the labelled sentence.
            let mut seen = vec![finding.span];
            for &span in &triggers[1..] {
                let unit = sentence(span);
                if !seen.contains(&unit) && finding.related.len() < 3 {
                    seen.push(unit);
                    finding.related.push((span, "and here".to_string()));
                }
            }
            vec![finding]
        }
        None => {
            // Nothing triggers it: the finding is about the whole document; point at its title.
            let title = analysis.units.first().map_or(Span::new(0, 0), |u| u.span);
            let subject = if analysis.title.is_empty() {
                doc.name()
            } else {
                analysis.title.clone()
            };
            vec![finding(rule, analysis, title, subject, &[])]
        }
    }
}
