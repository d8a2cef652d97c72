//! Measures, shared by metric and clause rules: `[[measure]]` (`RawMeasure`) reads one fact's
//! numbers ([`Fact::measured`]) and compares each with a threshold ([`Compare`], [`Threshold`],
//! fixed or named in `[thresholds]`), in context (`followed-by`, `preceded-by`, `unless`,
//! `if-document`, `unless-document`). [`Measure`] is the compiled form; [`measure_findings`]
//! evaluates measures over a document or, for a clause rule, inside its clauses.
//!
//! To add a key to `[[measure]]`: a field in `RawMeasure` and [`Measure`], compiled in
//! `compile` and applied in [`measure_findings`]. Which facts a measure reads is up to its kind
//! (a list in [`crate::rules::facts`]).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::finding;
use crate::analyse::{Analysis, Relation, TargetClass};
use crate::diagnostic::{Finding, Severity};
use crate::document::{Document, Span};
use crate::rules::facts::{self, Fact, Measured};
use crate::rules::rule_error::{Ctx, RuleError, S, named, severity, template};
use crate::rules::vocabulary::{Anchor, any_regex, any_regex_at};
use crate::rules::{Pattern, Rule, Template, names};

/// The placeholders of a measure's templates, and of a metric rule's own.
pub const PLACEHOLDERS: &[&str] = &[
    "subject",
    "kind",
    "value",
    "threshold",
    "computed",
    "stated",
    "delivery",
    "funding",
];

/// `threshold = 90`, or the name of a `[thresholds]` entry.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawThreshold {
    Number(f64),
    Name(String),
}

/// `[[measure]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawMeasure {
    pub(crate) fact: S<String>,
    pub(crate) compare: S<String>,
    pub(crate) threshold: S<RawThreshold>,
    #[serde(default)]
    pub(crate) relations: Vec<S<String>>,
    #[serde(default)]
    pub(crate) classes: Vec<S<String>>,
    #[serde(default)]
    pub(crate) severity: Option<S<String>>,
    #[serde(default)]
    pub(crate) label: Option<S<String>>,
    #[serde(default)]
    pub(crate) message: Option<S<String>>,
    #[serde(default)]
    pub(crate) help: Option<S<String>>,
    #[serde(default)]
    pub(crate) followed_by: Vec<S<String>>,
    #[serde(default)]
    pub(crate) preceded_by: Vec<S<String>>,
    #[serde(default)]
    pub(crate) unless_document: Vec<S<String>>,
    #[serde(default)]
    pub(crate) if_document: Vec<S<String>>,
    #[serde(default)]
    pub(crate) unless: Vec<S<String>>,
}

/// How a measure's value is compared with its threshold (`compare = ">"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Compare {
    #[serde(rename = ">")]
    Above,
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "<")]
    Below,
    #[serde(rename = "<=")]
    AtMost,
}

impl Compare {
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Compare::Above => value > threshold,
            Compare::AtLeast => value >= threshold,
            Compare::Below => value < threshold,
            Compare::AtMost => value <= threshold,
        }
    }
}

#[derive(Clone, Debug)]
pub enum Threshold {
    Value(f64),
    /// A key in the rule's `[thresholds]` (configurable).
    Named(String),
}

impl Threshold {
    /// The number, looking a named threshold up in the rule's (configured) `[thresholds]`.
    pub fn value(&self, thresholds: &BTreeMap<String, f64>) -> f64 {
        match self {
            Threshold::Value(v) => *v,
            Threshold::Named(name) => thresholds.get(name).copied().unwrap_or(f64::NAN),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Measure {
    pub fact: Fact,
    pub compare: Compare,
    pub threshold: Threshold,
    pub relations: Vec<Relation>,
    pub classes: Vec<TargetClass>,
    /// Overrides the rule's severity for findings of this measure.
    pub severity: Option<Severity>,
    pub label: Option<Template>,
    pub message: Option<Template>,
    pub help: Option<Template>,
    /// The words right after the number must start with one of these ("days' notice").
    pub followed_by: Option<Pattern>,
    /// The words right before the number must end with one of these ("notice of").
    pub preceded_by: Option<Pattern>,
    /// The measure is skipped in a document holding this wording anywhere.
    pub unless_document: Option<Pattern>,
    /// The measure runs only in a document holding this wording somewhere.
    pub if_document: Option<Pattern>,
    /// A number whose sentence (or row) matches this is not measured.
    pub unless: Option<Pattern>,
}

/// Check and compile one `[[measure]]`, which may read only `facts`.
pub(crate) fn compile(
    ctx: &Ctx<'_>,
    raw: &S<RawMeasure>,
    thresholds: &BTreeMap<String, f64>,
    facts: &[Fact],
) -> Result<Measure, Box<RuleError>> {
    let m = raw.get_ref();
    let fact = facts::parse(ctx, &m.fact, facts, "not a measurable fact here")?;
    let compare: Compare = named(
        ctx,
        &m.compare,
        "comparison",
        &format!("use one of: {}", names::all::<Compare>().join(", ")),
    )?;
    let threshold = match m.threshold.get_ref() {
        RawThreshold::Number(n) => Threshold::Value(*n),
        RawThreshold::Name(name) => {
            if !thresholds.contains_key(name) {
                let known: Vec<&str> = thresholds.keys().map(String::as_str).collect();
                return Err(ctx.at(
                    &m.threshold,
                    format!("no threshold named {name:?} in [thresholds]"),
                    "unknown threshold",
                    Some(if known.is_empty() {
                        "add it under [thresholds]".into()
                    } else {
                        format!("defined: {}", known.join(", "))
                    }),
                ));
            }
            Threshold::Named(name.clone())
        }
    };
    let relations = m
        .relations
        .iter()
        .map(|r| {
            let help = format!("use {}", names::one_of(names::all::<Relation>()));
            named(ctx, r, "relation", &help)
        })
        .collect::<Result<Vec<Relation>, _>>()?;
    if !relations.is_empty() && fact != Fact::Percentage {
        return Err(ctx.at(
            &m.relations[0],
            "relations only apply to fact = \"percentage\"",
            "not used",
            None,
        ));
    }
    let classes = m
        .classes
        .iter()
        .map(|c| {
            let help = format!("use {}", names::one_of(names::all::<TargetClass>()));
            named(ctx, c, "class", &help)
        })
        .collect::<Result<Vec<TargetClass>, _>>()?;
    if !classes.is_empty() && fact != Fact::Target {
        return Err(ctx.at(
            &m.classes[0],
            "classes only apply to fact = \"target\"",
            "not used",
            None,
        ));
    }
    let placeholders = PLACEHOLDERS;
    let followed_by = any_regex_at(ctx, &m.followed_by, Anchor::Start)?;
    let preceded_by = any_regex_at(ctx, &m.preceded_by, Anchor::End)?;
    let unless_document = any_regex(ctx, &m.unless_document)?;
    let if_document = any_regex(ctx, &m.if_document)?;
    let unless = any_regex(ctx, &m.unless)?;
    Ok(Measure {
        unless,
        followed_by,
        preceded_by,
        unless_document,
        if_document,
        fact,
        compare,
        threshold,
        relations,
        classes,
        severity: m.severity.as_ref().map(|v| severity(ctx, v)).transpose()?,
        label: m
            .label
            .as_ref()
            .map(|t| template(ctx, t, placeholders))
            .transpose()?,
        message: m
            .message
            .as_ref()
            .map(|t| template(ctx, t, placeholders))
            .transpose()?,
        help: m
            .help
            .as_ref()
            .map(|t| template(ctx, t, placeholders))
            .transpose()?,
    })
}

/// The findings of `measures`; with `within`, only numbers inside those units count.
pub fn measure_findings(
    rule: &Rule,
    measures: &[Measure],
    doc: &Document,
    analysis: &Analysis,
    within: Option<&[Span]>,
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    for measure in measures {
        // Whether the document lets this measure run: a whole-text search, so asked only once
        // there is a value it would report.
        let mut skipped: Option<bool> = None;
        let mut document_skips = || {
            *skipped.get_or_insert_with(|| {
                measure
                    .unless_document
                    .as_ref()
                    .is_some_and(|r| r.is_match(&doc.text))
                    || measure
                        .if_document
                        .as_ref()
                        .is_some_and(|r| !r.is_match(&doc.text))
            })
        };
        let threshold = measure.threshold.value(&rule.thresholds);
        for m in measure.fact.measured(
            &measure.relations,
            &measure.classes,
            doc,
            analysis,
            threshold,
        ) {
            let Measured {
                span,
                value,
                shown,
                threshold: threshold_shown,
                subject: named,
                extra,
            } = m;
            if !measure.compare.holds(value, threshold) {
                continue;
            }
            let unit = analysis
                .unit_at(span.start)
                .map_or(span, |u| analysis.units[u].span);
            if within.is_some_and(|units| !units.iter().any(|u| u.contains(span)))
                || measure
                    .unless
                    .as_ref()
                    .is_some_and(|r| r.is_match(doc.slice(unit)))
            {
                continue;
            }
            let mut span = span;
            if let Some(after) = &measure.followed_by {
                let rest = doc.text.get(span.end..unit.end.max(span.end)).unwrap_or("");
                match after.find(rest) {
                    Some(m) => span = Span::new(span.start, span.end + m.end()),
                    None => continue,
                }
            }
            if let Some(before) = &measure.preceded_by {
                let from = unit
                    .start
                    .min(span.start)
                    .max(span.start.saturating_sub(120));
                let from = (from..=span.start)
                    .find(|&i| doc.text.is_char_boundary(i))
                    .unwrap_or(span.start);
                if !before.is_match(&doc.text[from..span.start]) {
                    continue;
                }
            }
            if findings.iter().any(|f| f.span.overlaps(span)) {
                continue;
            }
            if document_skips() {
                break;
            }
            // A followed-by match may run to the end of the sentence: the subject stops before
            // its full stop.
            let trimmed = doc.slice(span).trim_end_matches(['.', ',', ';', ':']);
            span = Span::new(span.start, span.start + trimmed.len());
            let subject = named.unwrap_or_else(|| trimmed.to_string());
            let mut values: Vec<(&str, &str)> = vec![
                ("value", shown.as_str()),
                ("threshold", threshold_shown.as_str()),
            ];
            values.extend(extra.iter().map(|(k, v)| (*k, v.as_str())));
            let mut f = finding(rule, analysis, span, subject.clone(), &values);
            let kind = analysis.kind.kind.describe();
            values.extend([("subject", subject.as_str()), ("kind", kind)]);
            if let Some(message) = &measure.message {
                f.message = message.render(&values);
            }
            if let Some(help) = &measure.help {
                f.help = help.render(&values);
            }
            if let Some(label) = &measure.label {
                f.label = label.render(&values);
            }
            if let Some(severity) = measure.severity {
                f.severity = severity;
            }
            findings.push(f);
        }
    }
    findings.sort_by_key(|f| f.span);
    findings
}
