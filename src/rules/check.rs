//! Evaluating a rule of each kind over one analysed document.
//!
//! Every kind reads the shared [`Analysis`] and returns [`Finding`]s with spans into the
//! document's text. Adding a kind means a variant in [`Check`], its schema in `schema.rs`, and an
//! arm here.

use crate::analyse::{Analysis, Organisation, QuantityKind, Relation, UnitKind};
use crate::document::{Document, Span};

use super::{Check, EachEntity, Fact, Finding, Measure, Metric, Require, Rule};

/// Run `rule` over `doc`. The caller has checked that the rule applies to the document's kind.
pub fn run(rule: &Rule, doc: &Document, analysis: &Analysis) -> Vec<Finding> {
    match &rule.check {
        Check::Require(require) => run_require(rule, require, doc, analysis),
        Check::Forbid { matcher, unless } => {
            let mut findings = Vec::new();
            for span in matcher.find_all(doc, analysis) {
                let unit = analysis
                    .unit_at(span.start)
                    .map(|u| analysis.units[u].span)
                    .unwrap_or(span);
                if unless
                    .as_ref()
                    .is_some_and(|u| u.matches_text(doc.slice(unit)))
                {
                    continue;
                }
                findings.push(finding(
                    rule,
                    doc,
                    analysis,
                    span,
                    doc.slice(span).to_string(),
                    &[],
                ));
            }
            findings
        }
        Check::EachEntity(each) => run_each_entity(rule, each, doc, analysis),
        Check::Metric(metric) => run_metric(rule, metric, doc, analysis),
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

fn run_require(
    rule: &Rule,
    require: &Require,
    doc: &Document,
    analysis: &Analysis,
) -> Vec<Finding> {
    let triggers = match &require.trigger {
        Some(trigger) => {
            let found = trigger.find_all(doc, analysis);
            if found.is_empty() {
                return Vec::new();
            }
            found
        }
        None => Vec::new(),
    };
    if require.require.find_first(doc, analysis).is_some() {
        return Vec::new();
    }
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
                doc,
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
            vec![finding(rule, doc, analysis, title, subject, &[])]
        }
    }
}

fn run_each_entity(
    rule: &Rule,
    each: &EachEntity,
    doc: &Document,
    analysis: &Analysis,
) -> Vec<Finding> {
    if each
        .satisfied_by
        .as_ref()
        .is_some_and(|m| m.find_first(doc, analysis).is_some())
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

fn run_metric(rule: &Rule, metric: &Metric, doc: &Document, analysis: &Analysis) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    for measure in &metric.measures {
        let threshold = rule.threshold(&measure.threshold);
        for (span, value, shown, threshold_shown) in measured(measure, doc, analysis, threshold) {
            if !measure.compare.holds(value, threshold) {
                continue;
            }
            if findings.iter().any(|f| f.span.overlaps(span)) {
                continue;
            }
            let subject = doc.slice(span).to_string();
            let extra = [
                ("value", shown.as_str()),
                ("threshold", threshold_shown.as_str()),
            ];
            let mut f = finding(rule, doc, analysis, span, subject.clone(), &extra);
            let kind = analysis.kind.kind.describe();
            let values = [
                ("subject", subject.as_str()),
                ("kind", kind),
                ("value", shown.as_str()),
                ("threshold", threshold_shown.as_str()),
            ];
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

/// The facts a measure reads: (span, value, value as shown, threshold as shown).
fn measured(
    measure: &Measure,
    doc: &Document,
    analysis: &Analysis,
    threshold: f64,
) -> Vec<(Span, f64, String, String)> {
    let percent = |v: f64| format!("{}%", number(v));
    match measure.fact {
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
        Fact::Money | Fact::Share => Vec::new(),
    }
}

/// A number as a reader writes it: thousands separated, no needless decimals.
pub fn number(value: f64) -> String {
    if value.fract().abs() < 1e-9 && value.abs() < 1e15 {
        let digits = format!("{}", value.abs() as u64);
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if value < 0.0 {
            format!("-{grouped}")
        } else {
            grouped
        }
    } else {
        let s = format!("{value:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn money(symbol: char, value: f64) -> String {
    if value < 100.0 && value.fract().abs() > 1e-9 {
        format!("{symbol}{value:.2}")
    } else {
        format!("{symbol}{}", number(value.round()))
    }
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(number(598000.0), "598,000");
        assert_eq!(number(20.0), "20");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(1316.6666), "1316.67");
    }
}
