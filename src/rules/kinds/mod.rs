//! The rule kinds, one module each, holding everything about the kind: the tables it takes
//! (`TABLES`), their raw TOML form where it has its own (serde, `deny_unknown_fields`,
//! kebab-case), their validation and compilation (`compile`), the compiled form, and the
//! evaluation over one analysed document (`check`, returning [`Finding`]s with spans into the
//! document's text). [`measure`] is shared by metric and clause rules.
//!
//! [`Kind`] is a kind as the file names it, [`Check`] a compiled rule's kind; [`run`] evaluates a
//! rule. `Tables` lends a kind the tables of a file (`schema::RawRule` holds them; the kinds
//! never import the schema, which imports them).
//!
//! To add a kind: a module here (`TABLES`, raw tables, compiled struct, `compile`, `check`); a
//! variant in [`Kind`] (its name is the variant in kebab-case) and in [`Check`], and an arm in
//! [`Kind::tables`], [`Kind::placeholders`], `Kind::compile` and [`run`]; for each new table, a
//! field in `schema::RawRule` (and `RawRule::tables`) and in `Tables` (and `Tables::written`);
//! and its section in `rules/README.md` ("The five kinds").

pub mod clause;
pub mod each_entity;
pub mod forbid;
pub mod measure;
pub mod metric;
pub mod require;

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;

use crate::analyse::Analysis;
use crate::diagnostic::{Finding, Severity};
use crate::document::{Document, Span};

use super::rule_error::{Ctx, RuleError, S, push_new};
use super::vocabulary::{RawMatcher, Triggers, regex};
use super::{Matcher, Rule, Template, names};
use clause::{ClauseCheck, Flag, RawElement, RawFlag};
use each_entity::{EachEntity, RawEntities};
use forbid::Forbid;
use measure::{Measure, RawMeasure};
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
    /// The kind's name in rule files.
    pub fn name(self) -> &'static str {
        names::all::<Kind>()[self as usize]
    }

    /// The tables a rule of this kind may have; any other is an error.
    pub fn tables(self) -> &'static [&'static str] {
        match self {
            Kind::Require => require::TABLES,
            Kind::Forbid => forbid::TABLES,
            Kind::EachEntity => each_entity::TABLES,
            Kind::Metric => metric::TABLES,
            Kind::Clause => clause::TABLES,
        }
    }

    /// The placeholders the rule's own `message`, `help` and `label` may use.
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            Kind::Require | Kind::Forbid | Kind::EachEntity => SUBJECT_AND_KIND,
            Kind::Metric => measure::PLACEHOLDERS,
            Kind::Clause => clause::PLACEHOLDERS,
        }
    }

    /// Refuse the tables that do not belong to the kind, then check and compile the others.
    pub(crate) fn compile(
        self,
        ctx: &Ctx<'_>,
        tables: &Tables<'_>,
    ) -> Result<Check, Vec<RuleError>> {
        // Tables must match the kind: a forbid rule with [entities] is a mistake, not an option.
        let allowed = self.tables();
        let mut refused = Vec::new();
        for (table, span) in &tables.written() {
            if let Some(span) = span
                && !allowed.contains(table)
            {
                refused.push(*ctx.error(
                    format!("`{table}` does not belong in a {} rule", self.name()),
                    Some(span.clone()),
                    "not used by this kind",
                    Some(format!(
                        "a {} rule uses: {}",
                        self.name(),
                        allowed.join(", ")
                    )),
                ));
            }
        }
        if !refused.is_empty() {
            return Err(refused);
        }
        // Require and forbid rules report every table's mistakes; the other kinds their first.
        let first = |e: Box<RuleError>| vec![*e];
        match self {
            Kind::Require => require::compile(ctx, tables).map(Check::Require),
            Kind::Forbid => forbid::compile(ctx, tables).map(Check::Forbid),
            Kind::EachEntity => each_entity::compile(ctx, tables)
                .map(Check::EachEntity)
                .map_err(first),
            Kind::Metric => metric::compile(ctx, tables)
                .map(Check::Metric)
                .map_err(first),
            Kind::Clause => clause::compile(ctx, tables)
                .map(Check::Clause)
                .map_err(first),
        }
        // These kinds stop at their first mistake; every regex that does not compile is added,
        // wherever it is, so one run names those too.
        .map_err(|mut errors| {
            for error in tables.pattern_errors(ctx) {
                push_new(&mut errors, error);
            }
            errors
        })
    }
}

/// The kinds' tables of one rule file as written (`schema::RawRule` holds them, the file being
/// one flat table), with what the kinds read from its head: `kind` (where a missing table is
/// reported), `message` and the thresholds.
pub(crate) struct Tables<'a> {
    pub kind: &'a S<String>,
    pub message: &'a S<String>,
    pub thresholds: &'a BTreeMap<String, f64>,
    /// One `[trigger]` table, or several `[[trigger]]` tables that must all match.
    pub trigger: Option<&'a S<Triggers>>,
    pub clause: Option<&'a S<RawMatcher>>,
    pub element: &'a [S<RawElement>],
    pub flag: &'a [S<RawFlag>],
    pub require: Option<&'a S<RawMatcher>>,
    pub match_: Option<&'a S<RawMatcher>>,
    pub unless: Option<&'a S<RawMatcher>>,
    pub entities: Option<&'a S<RawEntities>>,
    pub satisfied_by: Option<&'a S<RawMatcher>>,
    pub measure: &'a [S<RawMeasure>],
}

impl Tables<'_> {
    /// The error of each `patterns` entry, in any table, that is not a regex.
    fn pattern_errors(&self, ctx: &Ctx<'_>) -> Vec<RuleError> {
        let mut lists: Vec<(&[S<String>], bool)> = Vec::new();
        let matchers = self
            .trigger
            .map(|t| t.get_ref().0.iter().collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .chain(
                [
                    self.clause,
                    self.require,
                    self.match_,
                    self.unless,
                    self.satisfied_by,
                ]
                .into_iter()
                .flatten()
                .map(S::get_ref),
            );
        for m in matchers {
            lists.push((&m.patterns, m.case_sensitive));
        }
        for e in self.element {
            lists.push((&e.get_ref().patterns, false));
        }
        for f in self.flag {
            lists.push((&f.get_ref().patterns, false));
        }
        lists
            .into_iter()
            .flat_map(|(patterns, case_sensitive)| {
                patterns
                    .iter()
                    .filter_map(move |p| regex(ctx, p, case_sensitive).err())
            })
            .map(|e| *e)
            .collect()
    }

    /// Each table, and where it is written (the first, when repeated) if it is.
    fn written(&self) -> [(&'static str, Option<Range<usize>>); 10] {
        [
            ("trigger", self.trigger.map(S::span)),
            ("clause", self.clause.map(S::span)),
            ("element", self.element.first().map(S::span)),
            ("flag", self.flag.first().map(S::span)),
            ("require", self.require.map(S::span)),
            ("match", self.match_.map(S::span)),
            ("unless", self.unless.map(S::span)),
            ("entities", self.entities.map(S::span)),
            ("satisfied-by", self.satisfied_by.map(S::span)),
            ("measure", self.measure.first().map(S::span)),
        ]
    }
}

/// The error for a table the kind needs and the file lacks, at `kind = …`.
fn missing(ctx: &Ctx<'_>, kind: &S<String>, table: &str, what: &str) -> Box<RuleError> {
    ctx.at(
        kind,
        format!(
            "a {} rule needs a `[{table}]` table: {what}",
            kind.get_ref()
        ),
        "this kind",
        None,
    )
}

/// The placeholders every finding has: what it is about, and the document's kind in words.
pub const SUBJECT_AND_KIND: &[&str] = &["subject", "kind"];

/// A compiled rule's kind, with what it checks.
#[derive(Clone, Debug)]
pub enum Check {
    Require(Require),
    Forbid(Forbid),
    EachEntity(EachEntity),
    Metric(Metric),
    Clause(ClauseCheck),
}

impl Check {
    /// Drop the severities the rule's parts (clause flags, measures) set for their own
    /// findings, so that all take the rule's.
    pub fn clear_part_severities(&mut self) {
        let measures = match self {
            Check::Metric(metric) => &mut metric.measures,
            Check::Clause(clause) => {
                for flag in &mut clause.flags {
                    flag.severity = None;
                }
                &mut clause.measures
            }
            _ => return,
        };
        for measure in measures {
            measure.severity = None;
        }
    }

    /// The severities a rule's parts (metric measures; clause flags, then measures) set for
    /// their own findings, with each part's label, in the order the rule file gives them.
    pub fn part_severities(&self) -> Vec<(Option<&Template>, Severity)> {
        let (flags, measures): (&[Flag], &[Measure]) = match self {
            Check::Metric(metric) => (&[], &metric.measures),
            Check::Clause(clause) => (&clause.flags, &clause.measures),
            _ => (&[], &[]),
        };
        let flags = flags.iter().map(|f| (f.label.as_ref(), f.severity));
        let measures = measures.iter().map(|m| (m.label.as_ref(), m.severity));
        flags
            .chain(measures)
            .filter_map(|(label, severity)| Some((label, severity?)))
            .collect()
    }
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

/// A finding of `rule` at `span` about `subject`, its templates rendered with `{subject}`,
/// `{kind}` and the `extra` placeholders.
fn finding(
    rule: &Rule,
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
