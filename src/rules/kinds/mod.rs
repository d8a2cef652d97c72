//! The rule kinds, one module each: a kind's compiled form and its evaluation over one analysed
//! document. [`Check`] is a compiled rule's kind; [`run`] evaluates it. Every kind reads the shared
//! [`Analysis`] and returns [`Finding`]s with spans into the document's text.

pub mod clause;
pub mod each_entity;
pub mod forbid;
pub mod measure;
pub mod metric;
pub mod require;

use serde::Deserialize;

use crate::analyse::Analysis;
use crate::diagnostic::Finding;
use crate::document::{Document, Span};

use super::{Matcher, Rule, names};
use clause::ClauseCheck;
use each_entity::EachEntity;
use forbid::Forbid;
use metric::Metric;
use require::Require;

/// A rule's kind as the file names it (`kind = "each-entity"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Require,
    Forbid,
    EachEntity,
    Metric,
    Clause,
}

impl Kind {
    pub fn name(self) -> &'static str {
        names::all::<Kind>()[self as usize]
    }
}

/// A compiled rule's kind, with what it checks.
#[derive(Clone, Debug)]
pub enum Check {
    Require(Require),
    Forbid(Forbid),
    EachEntity(EachEntity),
    Metric(Metric),
    Clause(ClauseCheck),
}

/// Run `rule` over `doc`. The caller has checked that the rule applies to the document's kind.
pub fn run(rule: &Rule, doc: &Document, analysis: &Analysis) -> Vec<Finding> {
    match &rule.check {
        Check::Require(kind) => require::check(rule, kind, doc, analysis),
        Check::Forbid(kind) => forbid::check(rule, kind, doc, analysis),
        Check::EachEntity(kind) => each_entity::check(rule, kind, doc, analysis),
        Check::Metric(kind) => metric::check(rule, kind, doc, analysis),
        Check::Clause(kind) => clause::check(rule, kind, doc, analysis),
    }
}

fn finding(
    rule: &Rule,
    _doc: &Document,
    analysis: &Analysis,
    span: Span,
    subject: String,
    extra: &[(&str, &str)],
) -> Finding {
    let kind = analysis.kind.kind.describe();
    let mut values = vec![("subject", subject.as_str()), ("kind", kind)];
    values.extend_from_slice(extra);
    Finding {
        rule: rule.id.clone(),
        severity: rule.severity_for(analysis.kind.kind),
        message: rule.message.render(&values),
        subject: Some(subject.clone()),
        help: rule.help.render(&values),
        span,
        label: rule.label.render(&values),
        related: Vec::new(),
        source: None,
    }
}

/// True when every trigger table matches somewhere (and when the rule has none).
fn triggered(triggers: &[Matcher], doc: &Document, analysis: &Analysis) -> bool {
    triggers
        .iter()
        .all(|trigger| trigger.is_found(doc, analysis))
}

/// Is section `inner` inside section `outer`?
fn is_within(doc: &Document, inner: usize, outer: usize) -> bool {
    let mut current = doc.sections.get(inner).and_then(|s| s.parent);
    let mut steps = 0;
    while let Some(s) = current {
        if s == outer {
            return true;
        }
        current = doc.sections.get(s).and_then(|x| x.parent);
        steps += 1;
        if steps > 64 {
            break;
        }
    }
    false
}
