//! Evaluating a rule of each kind over one analysed document.
//!
//! Every kind reads the shared [`Analysis`] and returns [`Finding`]s with spans into the
//! document's text. Adding a kind means a variant in [`Check`], its schema in `schema.rs`, and an
//! arm here.

use crate::analyse::{Analysis, Organisation, QuantityKind, Relation, SumKind, UnitKind};
use crate::document::{Document, Span};
use crate::wording::{money, number};

use super::{Check, ClauseCheck, EachEntity, Fact, Measure, Metric, Require, Rule};
use crate::diagnostic::Finding;

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
        Check::Clause(clause) => run_clause(rule, clause, doc, analysis),
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
    // Yes-or-no questions first, each stopping at its first match; the trigger's places are
    // listed only for a finding.
    if !triggered(&require.trigger, doc, analysis) || require.require.is_found(doc, analysis) {
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

/// True when every trigger table matches somewhere (and when the rule has none).
fn triggered(triggers: &[super::Matcher], doc: &Document, analysis: &Analysis) -> bool {
    triggers
        .iter()
        .all(|trigger| trigger.is_found(doc, analysis))
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
    measure_findings(rule, &metric.measures, doc, analysis, None)
}

/// The findings of `measures`; with `within`, only numbers inside those units count.
fn measure_findings(
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

/// A clause on the rule's topic: a section under a matching heading, a numbered clause under a
/// matching short title, or one matching sentence.
struct Clause {
    /// Indices into [`Analysis::units`].
    units: Vec<usize>,
    /// Where a finding about the clause as a whole points: its heading, or the sentence.
    anchor: Span,
    /// The heading, or the sentence, as written.
    title: String,
}

/// Longest block (in words) that can serve as a clause title ("12. Disputes").
const TITLE_WORDS: usize = 8;

/// Most blocks a clause under a title-like line can hold.
const CLAUSE_BLOCKS: usize = 40;

fn clauses(check: &ClauseCheck, doc: &Document, analysis: &Analysis) -> Vec<Clause> {
    let mut taken = vec![false; analysis.units.len()];
    let mut out = Vec::new();
    let mut take = |units: Vec<usize>, anchor: Span, title: String, taken: &mut Vec<bool>| {
        let units: Vec<usize> = units.into_iter().filter(|&u| !taken[u]).collect();
        if units.is_empty() {
            return;
        }
        for &u in &units {
            taken[u] = true;
        }
        out.push(Clause {
            units,
            anchor,
            title,
        });
    };
    // Sections under a matching heading, with their subsections.
    for (s, section) in doc.sections.iter().enumerate() {
        if !check.clause.heading_matches(&section.title) {
            continue;
        }
        let units = (0..analysis.units.len())
            .filter(|&u| {
                doc.blocks[analysis.units[u].block]
                    .section
                    .is_some_and(|bs| bs == s || is_within(doc, bs, s))
            })
            .collect();
        let anchor = doc.blocks[section.heading].span;
        take(units, anchor, section.title.clone(), &mut taken);
    }
    // A short item or paragraph that reads as a title ("12. Disputes", a bold line in a PDF):
    // it and the blocks after it, up to the next title or heading.
    let is_title = |block: &crate::document::Block| {
        let text = doc.slice(block.span).trim();
        matches!(
            block.kind,
            crate::document::BlockKind::ListItem { .. } | crate::document::BlockKind::Paragraph
        ) && !text.ends_with(['.', ';', ':', ','])
            && text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            && text.split_whitespace().nth(TITLE_WORDS).is_none()
    };
    for (b, block) in doc.blocks.iter().enumerate() {
        if !is_title(block) || !check.clause.heading_matches(doc.slice(block.span)) {
            continue;
        }
        let end = doc.blocks[b + 1..]
            .iter()
            .take(CLAUSE_BLOCKS)
            .position(|next| {
                is_title(next) || matches!(next.kind, crate::document::BlockKind::Heading { .. })
            })
            .map_or(doc.blocks.len(), |p| b + 1 + p)
            .min(b + 1 + CLAUSE_BLOCKS);
        // Units are in block order.
        let first = analysis.units.partition_point(|unit| unit.block < b);
        let last = analysis.units.partition_point(|unit| unit.block < end);
        let units = (first..last).collect();
        let text = doc.slice(block.span).trim();
        let title = match &block.kind {
            crate::document::BlockKind::ListItem { label, .. } if !label.is_empty() => {
                // As section titles are written ("9 Disputes"), whatever the list's punctuation.
                format!("{} {text}", label.trim_end_matches(['.', ')']))
            }
            _ => text.to_string(),
        };
        take(units, block.span, title, &mut taken);
    }
    // Sentences matching the vocabulary, each a clause of its own. When a clause must hold a
    // quantity, only the sentences that hold one are searched, each on its own (a match stays
    // inside its sentence, as the clause does); most sentences hold none.
    let spans = if check.clause_facts.is_empty() {
        check.clause.body_spans(&doc.text)
    } else {
        analysis
            .units
            .iter()
            .enumerate()
            .filter(|&(u, unit)| {
                !taken[u] && has_any_fact(&check.clause_facts, analysis, unit.span)
            })
            .flat_map(|(_, unit)| {
                check
                    .clause
                    .body_spans(doc.slice(unit.span))
                    .into_iter()
                    .map(|span| span.shift(unit.span.start))
            })
            .collect()
    };
    let mut seen = vec![false; analysis.units.len()];
    for span in spans {
        let Some(u) = analysis.unit_at(span.start) else {
            continue;
        };
        if taken[u] || seen[u] {
            continue;
        }
        let unit = analysis.units[u];
        if !check.clause_facts.is_empty() && !has_any_fact(&check.clause_facts, analysis, unit.span)
        {
            continue;
        }
        seen[u] = true;
        take(
            vec![u],
            unit.span,
            doc.slice(unit.span).to_string(),
            &mut taken,
        );
    }
    out.sort_by_key(|c| c.anchor);
    out
}

/// Does `span` hold one of these quantities?
fn has_any_fact(facts: &[Fact], analysis: &Analysis, span: Span) -> bool {
    analysis.quantities_in(span).iter().any(|q| {
        facts.iter().any(|f| match f {
            Fact::Money => q.is_money() && q.value > 0.0,
            Fact::Percentage => q.is_percent(),
            Fact::Count => matches!(q.kind, QuantityKind::Count { .. }),
            Fact::Duration => matches!(q.kind, QuantityKind::Duration { .. }),
            _ => false,
        })
    })
}

/// "a", "a and b", "a, b and c".
fn listed(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn run_clause(
    rule: &Rule,
    check: &ClauseCheck,
    doc: &Document,
    analysis: &Analysis,
) -> Vec<Finding> {
    if !triggered(&check.trigger, doc, analysis) {
        return Vec::new();
    }
    let found = clauses(check, doc, analysis);
    if found.is_empty() {
        return Vec::new();
    }
    // Groups judged together: each clause, or all of them.
    let groups: Vec<Vec<&Clause>> = if check.per_clause {
        found.iter().map(|c| vec![c]).collect()
    } else {
        vec![found.iter().collect()]
    };
    // Document-wide work, once per rule: each flag's matches (in documents it runs on).
    let flag_spans: Vec<Vec<Span>> = check
        .flags
        .iter()
        .map(|flag| {
            let skipped = flag
                .unless_document
                .as_ref()
                .is_some_and(|r| r.is_match(&doc.text))
                || flag
                    .if_document
                    .as_ref()
                    .is_some_and(|r| !r.is_match(&doc.text));
            if skipped {
                Vec::new()
            } else {
                flag.matcher.body_spans(&doc.text)
            }
        })
        .collect();
    let kind = analysis.kind.kind.describe();
    let mut findings = Vec::new();
    for group in &groups {
        let units: Vec<Span> = group
            .iter()
            .flat_map(|c| c.units.iter().map(|&u| analysis.units[u].span))
            .collect();
        let any_unit = |test: &dyn Fn(&str) -> bool| units.iter().any(|&u| test(doc.slice(u)));
        // Elements the clause should have.
        let missing: Vec<&str> = check
            .elements
            .iter()
            .filter(|e| {
                e.only_if
                    .as_ref()
                    .is_none_or(|r| any_unit(&|t| r.is_match(t)))
            })
            .filter(|e| {
                !any_unit(&|t| e.matcher.matches_text(t))
                    && !units.iter().any(|&u| has_any_fact(&e.facts, analysis, u))
            })
            .map(|e| e.name.as_str())
            .collect();
        if !missing.is_empty() {
            let first = group[0];
            let missing = listed(&missing);
            let mut f = finding(
                rule,
                doc,
                analysis,
                first.anchor,
                first.title.clone(),
                &[("missing", missing.as_str())],
            );
            for other in group.iter().skip(1).take(3) {
                f.related.push((other.anchor, "and here".to_string()));
            }
            findings.push(f);
        }
        // Wording the clause must not hold.
        for (flag, spans) in check.flags.iter().zip(&flag_spans) {
            if flag
                .unless_in_clause
                .as_ref()
                .is_some_and(|r| any_unit(&|t| r.is_match(t)))
            {
                continue;
            }
            for &span in spans {
                let Some(unit) = units.iter().find(|u| u.contains(span)) else {
                    continue;
                };
                if flag
                    .unless
                    .as_ref()
                    .is_some_and(|r| r.is_match(doc.slice(*unit)))
                    || findings.iter().any(|f: &Finding| f.span.overlaps(span))
                {
                    continue;
                }
                let subject = doc.slice(span).to_string();
                let values = [("subject", subject.as_str()), ("kind", kind)];
                let mut f = finding(rule, doc, analysis, span, subject.clone(), &[]);
                f.message = flag.message.render(&values);
                if let Some(help) = &flag.help {
                    f.help = help.render(&values);
                }
                f.label = flag
                    .label
                    .as_ref()
                    .map_or_else(|| rule.summary.clone(), |l| l.render(&values));
                if let Some(severity) = flag.severity {
                    f.severity = severity;
                }
                findings.push(f);
            }
        }
    }
    // Numbers in any clause: measured once, whatever the grouping.
    if !check.measures.is_empty() {
        let units: Vec<Span> = found
            .iter()
            .flat_map(|c| c.units.iter().map(|&u| analysis.units[u].span))
            .collect();
        for f in measure_findings(rule, &check.measures, doc, analysis, Some(&units)) {
            if !findings.iter().any(|g| g.span.overlaps(f.span)) {
                findings.push(f);
            }
        }
    }
    findings.sort_by_key(|f| f.span);
    findings
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::run;
    use crate::analyse::{self, DocKind};
    use crate::extract::markdown;
    use crate::rules::schema;

    const HEAD: &str = r#"
summary = "s"
applies-to = ["subcontract"]
severity = "warning"
help = "h"
"#;

    const DOCS: &str = r#"
[docs]
what = "w"
why = "y"
example = "e"
"#;

    /// Run a rule (its body after the common head) over a Markdown text: (severity, subject,
    /// message) of each finding.
    fn findings(body: &str, text: &str) -> Vec<(String, String, String)> {
        let rule =
            schema::parse("t", "t.toml", &format!("{HEAD}{body}{DOCS}")).expect("rule parses");
        let doc = markdown::extract(PathBuf::from("t.md"), text.to_string(), Vec::new());
        let analysis = analyse::analyse(&doc, Some(DocKind::Subcontract));
        run(&rule, &doc, &analysis)
            .into_iter()
            .map(|f| {
                (
                    f.severity.to_string(),
                    f.subject.unwrap_or_default(),
                    f.message,
                )
            })
            .collect()
    }

    const DISPUTES: &str = r#"
kind = "clause"
message = "no {missing}"
[clause]
headings = ['\bdisput']
patterns = ['\bresolve\s+disputes?\b']
[[element]]
name = "time limits"
facts = ["duration"]
[[element]]
name = "mediation"
phrases = ["mediation", "mediator"]
[[flag]]
patterns = ['\bLead\W+s decision (?:is|shall be) final']
unless = ['\bexpert']
message = "one side decides: {subject}"
severity = "error"
"#;

    #[test]
    fn a_clause_under_a_heading_lists_every_missing_element_once() {
        let text = "# Subcontract\n\n## 9. Disputes\n\nThe parties will try to settle disputes amicably.\n\n### 9.1 Escalation\n\nThe chief executives will meet.\n\n## 10. Law\n\nEnglish law applies; mediation is not mentioned here in the clause above.\n";
        let got = findings(DISPUTES, text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "9. Disputes");
        assert_eq!(got[0].2, "no time limits and mediation");
        // The subsection is part of the clause: a time limit there counts.
        let text = text.replace(
            "will meet.",
            "will meet within 10 days, then go to mediation.",
        );
        assert!(findings(DISPUTES, &text).is_empty());
    }

    #[test]
    fn a_short_title_line_opens_a_clause_up_to_the_next_title() {
        // As a PDF or Word file reads: numbered lines, no heading styles.
        let text = "Subcontract\n\n10. Disputes\n\n11. If a disagreement arises, directors meet within 14 days.\n\n12. If it is not settled, either party may refer it to mediation.\n\n13. Governing law\n\n14. English law applies.\n";
        assert!(findings(DISPUTES, text).is_empty());
        let cut = text.replace(
            "either party may refer it to mediation",
            "the parties will talk",
        );
        let got = findings(DISPUTES, &cut);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "10 Disputes");
        assert_eq!(got[0].2, "no mediation");
    }

    #[test]
    fn sentences_make_clauses_when_there_is_no_heading_and_flags_honour_unless() {
        let text = "# Subcontract\n\nThe parties will resolve disputes within 20 days by mediation; the Lead's decision is final. The Lead's decision is final on the choice of venue.\n";
        let got = findings(DISPUTES, text);
        // Only the final-decision sentence inside a clause (a sentence about disputes) counts.
        assert_eq!(
            got,
            [(
                "error".into(),
                "Lead's decision is final".into(),
                "one side decides: Lead's decision is final".into()
            )]
        );
        let expert = text.replace(
            "the Lead's decision is final.",
            "the Lead's decision is final, unless an expert is appointed.",
        );
        assert!(findings(DISPUTES, &expert).is_empty());
    }

    const TARGETS: &str = r#"
kind = "clause"
message = "target without {missing}"
[clause]
patterns = ['\bwill\s+(?:reduce|support|increase)\b']
facts = ["percentage", "count"]
per-clause = true
[[element]]
name = "a timeframe"
patterns = ['\bby\s+(?:March|April)\s+\d{4}', '\ba year\b']
[[element]]
name = "a baseline"
patterns = ['\bfrom\s+\d', '\bbaseline']
only-if = ['\b(?:reduce|increase)\b']
"#;

    #[test]
    fn per_clause_elements_and_only_if() {
        let text = "# Bid\n\nWe will support 300 people a year. We will reduce evictions by 30%. We will increase attendance from 60% to 75% by March 2027. We will support families.\n";
        let got: Vec<String> = findings(TARGETS, text).into_iter().map(|f| f.2).collect();
        assert_eq!(got, ["target without a timeframe and a baseline"]);
    }

    #[test]
    fn every_trigger_table_must_match_and_measures_read_durations_in_context() {
        let rule = r#"
kind = "clause"
message = "m"
[[trigger]]
phrases = ["Council"]
[[trigger]]
phrases = ["invoice"]
[clause]
patterns = ['\bpa(?:y|id)\b']
[[measure]]
fact = "duration"
compare = ">"
threshold = 30
followed-by = ['\s+of\s+(?:receipt of\s+)?(?:a\s+)?(?:valid\s+)?invoice']
message = "{subject}: {value} > {threshold}"
"#;
        let text = "# Subcontract\n\nUnder the Council contract, the Lead will pay within 45 working days of receipt of a valid invoice. The Lead will pay the annual fee in 2 months, and keep records for 60 days.\n";
        let got = findings(rule, text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0].2,
            "45 working days of receipt of a valid invoice: 45 working days (about 63 days) > 30 days"
        );
        assert!(findings(rule, &text.replace("Council", "charity")).is_empty());
    }
}
