//! Measures (`[[measure]]`), shared by metric and clause rules: a fact's numbers compared with
//! a threshold, in context (`followed-by`, `preceded-by`, `unless`, …).

use crate::analyse::{Analysis, QuantityKind, Relation, SumKind, TargetClass};
use crate::diagnostic::{Finding, Severity};
use crate::document::{Document, Span};
use crate::wording::{money, number};

use super::finding;
use crate::rules::{Fact, Pattern, Rule, Template};
use std::collections::BTreeMap;

use serde::Deserialize;

use crate::rules::schema::{Ctx, RuleError, S, severity, template};
use crate::rules::vocabulary::{Anchor, any_regex, any_regex_at};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compare {
    Above,
    AtLeast,
    Below,
    AtMost,
}

impl Compare {
    pub fn parse(s: &str) -> Option<Compare> {
        Some(match s {
            ">" => Compare::Above,
            ">=" => Compare::AtLeast,
            "<" => Compare::Below,
            "<=" => Compare::AtMost,
            _ => return None,
        })
    }

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
        let threshold = rule.threshold(&measure.threshold);
        for m in measured(measure, doc, analysis, threshold) {
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
            let mut f = finding(rule, doc, analysis, span, subject.clone(), &values);
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

/// One number a measure reads.
struct Measured {
    span: Span,
    value: f64,
    /// The value as a reader would write it.
    shown: String,
    /// The threshold, written the same way.
    threshold: String,
    /// What the finding is about, when not the words at `span` (a partner's name).
    subject: Option<String>,
    /// More placeholders: `computed` and `stated` for sums, `delivery` and `funding` for shares.
    extra: Vec<(&'static str, String)>,
}

impl From<(Span, f64, String, String)> for Measured {
    fn from((span, value, shown, threshold): (Span, f64, String, String)) -> Self {
        Measured {
            span,
            value,
            shown,
            threshold,
            subject: None,
            extra: Vec::new(),
        }
    }
}

/// The facts a measure reads.
fn measured(
    measure: &Measure,
    doc: &Document,
    analysis: &Analysis,
    threshold: f64,
) -> Vec<Measured> {
    let percent = |v: f64| format!("{}%", number(v));
    let tuples: Vec<(Span, f64, String, String)> = match measure.fact {
        Fact::Percentage => analysis
            .percentages
            .iter()
            .filter(|p| measure.relations.is_empty() || measure.relations.contains(&p.relation))
            .map(|p| {
                // Quote what the percentage is of: "115% of enrolled participants", or the
                // row's first cell before it in a table ("Clients with a solution | 102%").
                let span = match &p.of {
                    Some(of) => {
                        let after = &doc.text[p.span.end..];
                        let before = &doc.text[..p.span.start];
                        if after.trim_start().starts_with("of ") {
                            after.find(of.as_str()).map_or(p.span, |at| {
                                Span::new(p.span.start, p.span.end + at + of.len())
                            })
                        } else if let Some(at) = before
                            .rfind(of.as_str())
                            .filter(|&at| p.span.start - at < 400)
                        {
                            Span::new(at, p.span.end)
                        } else {
                            p.span
                        }
                    }
                    None => p.span,
                };
                (span, p.value, percent(p.value), percent(threshold))
            })
            .collect(),
        Fact::Target => analysis
            .targets
            .iter()
            .filter(|t| measure.classes.is_empty() || measure.classes.contains(&t.class))
            .map(|t| (t.span, t.percent, percent(t.percent), percent(threshold)))
            .collect(),
        Fact::CostPerPerson => analysis
            .unit_costs
            .iter()
            .map(|c| {
                let symbol = analysis
                    .quantities_in(c.money)
                    .iter()
                    .find_map(|q| match q.kind {
                        QuantityKind::Money { currency, .. } => currency,
                        _ => None,
                    })
                    .unwrap_or('£');
                let span = c.people.map_or(c.money, |p| c.money.cover(p));
                (
                    span,
                    c.per_person,
                    money(symbol, c.per_person),
                    money(symbol, threshold),
                )
            })
            .collect(),
        Fact::Duration => analysis
            .quantities
            .iter()
            .filter_map(|q| match &q.kind {
                QuantityKind::Duration { unit, days } => {
                    let written = doc.slice(q.span);
                    let shown = if unit == "days" {
                        format!("{} days", number(*days))
                    } else {
                        format!("{written} (about {} days)", number(days.round()))
                    };
                    Some((q.span, *days, shown, format!("{} days", number(threshold))))
                }
                _ => None,
            })
            .collect(),
        Fact::Money => analysis
            .quantities
            .iter()
            .filter(|q| q.is_money())
            .map(|q| {
                let symbol = match q.kind {
                    QuantityKind::Money { currency, .. } => currency.unwrap_or('£'),
                    _ => '£',
                };
                (
                    q.span,
                    q.value,
                    money(symbol, q.value),
                    money(symbol, threshold),
                )
            })
            .collect(),
        Fact::Count => analysis
            .quantities
            .iter()
            .filter(|q| matches!(q.kind, QuantityKind::Count { .. }))
            .map(|q| (q.span, q.value, number(q.value), number(threshold)))
            .collect(),
        Fact::TotalDifference | Fact::PercentTotal | Fact::ShareGap => {
            return derived(measure.fact, analysis, threshold);
        }
        Fact::Share | Fact::Words => Vec::new(),
    };
    tuples.into_iter().map(Measured::from).collect()
}

/// Facts computed from several numbers: sums and partners' shares.
fn derived(fact: Fact, analysis: &Analysis, threshold: f64) -> Vec<Measured> {
    let points = |v: f64| format!("{} points", number((v * 10.0).round() / 10.0));
    let percent = |v: f64| format!("{}%", number((v * 10.0).round() / 10.0));
    match fact {
        Fact::TotalDifference => analysis
            .sums
            .iter()
            .filter(|s| s.stated > 0.0)
            .filter_map(|s| {
                let show = |v: f64| {
                    match &s.kind {
                        SumKind::Money { currency } => money(currency.unwrap_or('£'), v),
                        SumKind::Count { unit } => format!("{} {unit}", number(v)),
                        SumKind::Percent => return None,
                    }
                    .into()
                };
                let (computed, stated) = (show(s.computed)?, show(s.stated)?);
                let value = (s.computed - s.stated).abs() / s.stated * 100.0;
                Some(Measured {
                    span: s.span,
                    value,
                    shown: percent(value),
                    threshold: percent(threshold),
                    subject: None,
                    extra: vec![("computed", computed), ("stated", stated)],
                })
            })
            .collect(),
        Fact::PercentTotal => analysis
            .sums
            .iter()
            .filter(|s| s.kind == SumKind::Percent)
            .map(|s| {
                let value = (s.computed - s.stated).abs();
                Measured {
                    span: s.span,
                    value,
                    shown: points(value),
                    threshold: points(threshold),
                    subject: None,
                    extra: vec![
                        ("computed", percent(s.computed)),
                        ("stated", percent(s.stated)),
                    ],
                }
            })
            .collect(),
        Fact::ShareGap => analysis
            .shares
            .iter()
            .filter_map(|share| {
                let org = analysis.organisations.get(share.organisation)?;
                let value = share.delivery - share.funding;
                Some(Measured {
                    span: share.span,
                    value,
                    shown: points(value),
                    threshold: points(threshold),
                    subject: Some(org.name.clone()),
                    extra: vec![
                        (
                            "delivery",
                            format!("{} of the {}", percent(share.delivery), share.delivery_of),
                        ),
                        ("funding", percent(share.funding)),
                    ],
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawThreshold {
    Number(f64),
    Name(String),
}

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

pub(crate) fn compile(
    ctx: &Ctx<'_>,
    raw: &S<RawMeasure>,
    thresholds: &BTreeMap<String, f64>,
    facts: &[&str],
) -> Result<Measure, Box<RuleError>> {
    let m = raw.get_ref();
    let fact = Fact::parse(m.fact.get_ref())
        .filter(|f| facts.contains(&f.name()))
        .ok_or_else(|| {
            ctx.at(
                &m.fact,
                format!("unknown fact {:?}", m.fact.get_ref()),
                "not a measurable fact here",
                Some(format!("use one of: {}", facts.join(", "))),
            )
        })?;
    let compare = Compare::parse(m.compare.get_ref()).ok_or_else(|| {
        ctx.at(
            &m.compare,
            format!("unknown comparison {:?}", m.compare.get_ref()),
            "not a comparison",
            Some("use one of: >, >=, <, <=".into()),
        )
    })?;
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
            relation(r.get_ref()).ok_or_else(|| {
                ctx.at(
                    r,
                    format!("unknown relation {:?}", r.get_ref()),
                    "not a relation",
                    Some("use of-set, rate, growth, reduction, of-target, money or other".into()),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
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
        .map(|c| match c.get_ref().as_str() {
            "outcome" => Ok(TargetClass::Outcome),
            "process" => Ok(TargetClass::Process),
            "unclear" => Ok(TargetClass::Unclear),
            other => Err(ctx.at(
                c,
                format!("unknown class {other:?}"),
                "not a class",
                Some("use outcome, process or unclear".into()),
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    if !classes.is_empty() && fact != Fact::Target {
        return Err(ctx.at(
            &m.classes[0],
            "classes only apply to fact = \"target\"",
            "not used",
            None,
        ));
    }
    let placeholders = &[
        "subject",
        "kind",
        "value",
        "threshold",
        "computed",
        "stated",
        "delivery",
        "funding",
    ];
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

fn relation(name: &str) -> Option<Relation> {
    Some(match name {
        "of-set" => Relation::OfSet,
        "rate" => Relation::Rate,
        "growth" => Relation::Growth,
        "reduction" => Relation::Reduction,
        "of-target" => Relation::OfTarget,
        "money" => Relation::Money,
        "other" => Relation::Other,
        _ => return None,
    })
}
