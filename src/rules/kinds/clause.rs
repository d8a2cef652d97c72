//! `clause`: the clauses on a topic (a section under a matching heading, a numbered title line
//! and what follows it, or matching sentences, optionally only those holding a fact), then what
//! is in them. Tables: `[trigger]`, `[clause]` (a vocabulary table, with `facts` and
//! `per-clause`, `whole-clause`), `[[element]]` (`RawElement`: what a good clause has; one finding names the
//! missing ones in `{missing}`), `[[flag]]` (`RawFlag`: wording it must not hold) and
//! `[[measure]]` (numbers in it, see [`super::measure`]). [`ClauseCheck`] is the compiled form.
//!
//! Negated matches (`negated`): `[clause]`'s count by default (a negated sentence on the topic
//! is still about it: "neither party may terminate in the first year"); an `[[element]]`'s and
//! a `[[flag]]`'s are absent by default ("there is no time limit" is not one; "the Lead's
//! decision shall not be final" is not a one-sided clause), as are a trigger's. Measures read
//! every number.

use serde::Deserialize;

use super::measure::{self, Measure, measure_findings};
use super::{SUBJECT_AND_KIND, Tables, finding, is_within, missing, triggered};
use crate::analyse::Analysis;
use crate::diagnostic::{Finding, Severity};
use crate::document::{Document, Span};
use crate::rules::facts::{self, Fact};
use crate::rules::rule_error::{Ctx, RuleError, S, severity, template};
use crate::rules::vocabulary::{RawMatcher, any_regex, matcher, negated, triggers};
use crate::rules::{Matcher, Negated, Pattern, Rule, Template};

/// The tables a clause rule may have.
pub const TABLES: &[&str] = &["trigger", "clause", "element", "flag", "measure"];

/// The placeholders of the rule's own templates: `{missing}` names the missing elements.
pub const PLACEHOLDERS: &[&str] = &["subject", "kind", "missing"];

/// `[[element]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawElement {
    pub(crate) name: S<String>,
    #[serde(default)]
    pub(crate) phrases: Vec<S<String>>,
    #[serde(default)]
    pub(crate) patterns: Vec<S<String>>,
    #[serde(default)]
    pub(crate) facts: Vec<S<String>>,
    #[serde(default)]
    pub(crate) only_if: Vec<S<String>>,
    #[serde(default)]
    pub(crate) unless_document: Vec<S<String>>,
    #[serde(default)]
    pub(crate) severity: Option<S<String>>,
    #[serde(default)]
    pub(crate) negated: Option<S<String>>,
}

/// `[[flag]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawFlag {
    #[serde(default)]
    pub(crate) phrases: Vec<S<String>>,
    #[serde(default)]
    pub(crate) patterns: Vec<S<String>>,
    #[serde(default)]
    pub(crate) unless: Vec<S<String>>,
    #[serde(default)]
    pub(crate) unless_in_clause: Vec<S<String>>,
    #[serde(default)]
    pub(crate) unless_document: Vec<S<String>>,
    #[serde(default)]
    pub(crate) if_document: Vec<S<String>>,
    #[serde(default)]
    pub(crate) severity: Option<S<String>>,
    #[serde(default)]
    pub(crate) label: Option<S<String>>,
    pub(crate) message: S<String>,
    #[serde(default)]
    pub(crate) help: Option<S<String>>,
    #[serde(default)]
    pub(crate) negated: Option<S<String>>,
}

/// A clause rule: where the clauses on a topic are, and what is checked in them.
#[derive(Clone, Debug)]
pub struct ClauseCheck {
    /// Every trigger table must match somewhere for the rule to run (none: always runs).
    pub trigger: Vec<Matcher>,
    /// Headings open a clause (the whole section); phrases and patterns make a sentence one.
    pub clause: Matcher,
    /// A sentence is a clause only if it also holds one of these quantities.
    pub clause_facts: Vec<Fact>,
    /// Judge each clause on its own (targets), rather than all of them together (a dispute
    /// procedure spread over several clauses).
    pub per_clause: bool,
    /// A matching sentence brings the rest of its numbered clause ("10.1 …", "10.2 …"): for a
    /// topic whose clause runs over several sentences (a dispute procedure).
    pub whole_clause: bool,
    pub elements: Vec<Element>,
    pub flags: Vec<Flag>,
    pub measures: Vec<Measure>,
}

/// Something a good clause has; its absence is reported by name in `{missing}`.
#[derive(Clone, Debug)]
pub struct Element {
    pub name: String,
    pub matcher: Matcher,
    /// Any of these quantities in the clause also counts.
    pub facts: Vec<Fact>,
    /// Required only when the clause holds this wording (a baseline for a change target).
    pub only_if: Option<Pattern>,
    /// Not required in a document holding this wording anywhere ("not legally binding").
    pub unless_document: Option<Pattern>,
    /// How much its absence matters (default: the rule's severity). Missing elements of one
    /// severity share a finding.
    pub severity: Option<Severity>,
    /// How negated wording and facts are read (the matcher's reading, for the facts too).
    pub negated: Negated,
}

/// Wording that must not appear in a clause.
#[derive(Clone, Debug)]
pub struct Flag {
    pub matcher: Matcher,
    /// Not reported when its sentence also matches.
    pub unless: Option<Pattern>,
    /// Not reported when the clause (all clauses, unless judged per clause) matches.
    pub unless_in_clause: Option<Pattern>,
    /// Skipped in a document holding this wording anywhere.
    pub unless_document: Option<Pattern>,
    /// Runs only in a document holding this wording somewhere.
    pub if_document: Option<Pattern>,
    pub severity: Option<Severity>,
    pub label: Option<Template>,
    pub message: Template,
    pub help: Option<Template>,
}

/// Check and compile the kind's tables; a missing one is an error at `kind`.
pub(crate) fn compile(ctx: &Ctx<'_>, tables: &Tables<'_>) -> Result<ClauseCheck, Box<RuleError>> {
    let clause_value = tables.clause.ok_or_else(|| {
        missing(
            ctx,
            tables.kind,
            "clause",
            "the headings or wording that make a clause on the rule's topic",
        )
    })?;
    let c = clause_value.get_ref();
    let clause_facts = facts::parse_list(ctx, &c.facts, &Fact::PRESENCE)?;
    let per_clause = c.per_clause.as_ref().is_some_and(|p| *p.get_ref());
    let whole_clause = c.whole_clause.as_ref().is_some_and(|p| *p.get_ref());
    // The vocabulary itself, without the clause-only keys `matcher` rejects.
    let vocabulary = RawMatcher {
        phrases: c.phrases.clone(),
        patterns: c.patterns.clone(),
        headings: c.headings.clone(),
        roles: c.roles.clone(),
        case_sensitive: c.case_sensitive,
        negated: c.negated.clone(),
        ..RawMatcher::default()
    };
    if let Some(first) = c.roles.first() {
        return Err(ctx.at(
            first,
            "`roles` is not used in [clause]",
            "not used here",
            None,
        ));
    }
    let clause = matcher(ctx, &vocabulary, clause_value.span(), Negated::Counts)?;
    if tables.element.is_empty() && tables.flag.is_empty() && tables.measure.is_empty() {
        return Err(missing(
            ctx,
            tables.kind,
            "element",
            "at least one [[element]], [[flag]] or [[measure]]: what is checked in the clause",
        ));
    }
    let elements = tables
        .element
        .iter()
        .map(|e| {
            let e = e.get_ref();
            let facts = facts::parse_list(ctx, &e.facts, &Fact::PRESENCE)?;
            let reading = negated(ctx, e.negated.as_ref(), Negated::Absent)?;
            let vocabulary = RawMatcher {
                phrases: e.phrases.clone(),
                patterns: e.patterns.clone(),
                negated: e.negated.clone(),
                ..RawMatcher::default()
            };
            let matcher = if vocabulary.phrases.is_empty() && vocabulary.patterns.is_empty() {
                if facts.is_empty() {
                    return Err(ctx.at(
                        &e.name,
                        "this element has no phrases, patterns or facts",
                        "matches nothing",
                        None,
                    ));
                }
                Matcher::default()
            } else {
                matcher(ctx, &vocabulary, e.name.span(), Negated::Absent)?
            };
            Ok(Element {
                name: e.name.get_ref().trim().to_string(),
                matcher,
                facts,
                only_if: any_regex(ctx, &e.only_if)?,
                unless_document: any_regex(ctx, &e.unless_document)?,
                severity: e.severity.as_ref().map(|v| severity(ctx, v)).transpose()?,
                negated: reading,
            })
        })
        .collect::<Result<Vec<_>, Box<RuleError>>>()?;
    let placeholders = SUBJECT_AND_KIND;
    let flags = tables
        .flag
        .iter()
        .map(|f| {
            let span = f.span();
            let f = f.get_ref();
            let vocabulary = RawMatcher {
                phrases: f.phrases.clone(),
                patterns: f.patterns.clone(),
                negated: f.negated.clone(),
                ..RawMatcher::default()
            };
            Ok(Flag {
                matcher: matcher(ctx, &vocabulary, span, Negated::Absent)?,
                unless: any_regex(ctx, &f.unless)?,
                unless_in_clause: any_regex(ctx, &f.unless_in_clause)?,
                unless_document: any_regex(ctx, &f.unless_document)?,
                if_document: any_regex(ctx, &f.if_document)?,
                severity: f.severity.as_ref().map(|v| severity(ctx, v)).transpose()?,
                label: f
                    .label
                    .as_ref()
                    .map(|t| template(ctx, t, placeholders))
                    .transpose()?,
                message: template(ctx, &f.message, placeholders)?,
                help: f
                    .help
                    .as_ref()
                    .map(|t| template(ctx, t, placeholders))
                    .transpose()?,
            })
        })
        .collect::<Result<Vec<_>, Box<RuleError>>>()?;
    let measures = tables
        .measure
        .iter()
        .map(|m| {
            if m.get_ref().message.is_none() {
                return Err(ctx.at(
                    m,
                    "a clause rule's [[measure]] needs its own `message`",
                    "no message",
                    Some("say what the number means, e.g. \"{subject}: notice of {value} is shorter than {threshold}\"".into()),
                ));
            }
            measure::compile(ctx, m, tables.thresholds, &Fact::CLAUSE_MEASURE)
        })
        .collect::<Result<Vec<_>, _>>()?;
    if !elements.is_empty() && tables.message.get_ref().trim().is_empty() {
        return Err(ctx.at(tables.message, "the message is empty", "empty", None));
    }
    Ok(ClauseCheck {
        trigger: triggers(ctx, tables.trigger)?,
        clause,
        clause_facts,
        per_clause,
        whole_clause,
        elements,
        flags,
        measures,
    })
}

/// The findings of the clauses on the rule's topic: missing elements, flagged wording, numbers.
pub fn check(
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
                flag.matcher
                    .body_spans(doc, analysis, Span::new(0, doc.text.len()))
            }
        })
        .collect();
    let kind = analysis.kind.kind.describe();
    let mut findings = Vec::new();
    for group in &groups {
        let (unit_ids, unseen) = with_references(group, analysis);
        let units: Vec<Span> = unit_ids.iter().map(|&u| analysis.units[u].span).collect();
        // What the clause's defined terms stand for ("the ALT" is the leadership team): an
        // element named only through a term is there.
        let mut meanings: Vec<Span> = unit_ids
            .iter()
            .flat_map(|&u| {
                let span = analysis.units[u].span;
                analysis
                    .terms_used_in(u)
                    .filter(move |d| !span.contains(d.meaning))
                    .map(|d| d.meaning)
            })
            .collect();
        meanings.sort_unstable();
        meanings.dedup();
        let any_unit = |test: &dyn Fn(&str) -> bool| units.iter().any(|&u| test(doc.slice(u)));
        let any_span =
            |test: &dyn Fn(Span) -> bool| units.iter().chain(&meanings).any(|&u| test(u));
        // Elements the clause should have.
        // A clause that hands the matter to a part this document does not hold ("clause 16 of
        // the Head Contract applies") cannot be judged on what it lacks.
        let missing: Vec<&Element> = if unseen {
            Vec::new()
        } else {
            check
                .elements
                .iter()
                .filter(|e| {
                    e.only_if
                        .as_ref()
                        .is_none_or(|r| any_unit(&|t| r.is_match(t)))
                        && e.unless_document
                            .as_ref()
                            .is_none_or(|r| !r.is_match(&doc.text))
                })
                .filter(|e| {
                    !any_span(&|u| e.matcher.matches_in(doc, analysis, u))
                        && !any_span(&|u| Fact::any_in(&e.facts, analysis, u, e.negated))
                })
                .collect()
        };
        // One finding per severity, the gravest first, each naming its missing elements.
        let mut grades: Vec<Severity> = missing
            .iter()
            .map(|e| e.severity.unwrap_or(rule.severity))
            .collect();
        grades.sort_by(|a, b| b.cmp(a));
        grades.dedup();
        // The clause a finding points at: the first with a heading or title, else the first.
        let first = group.iter().find(|c| c.titled).copied().unwrap_or(group[0]);
        for grade in grades {
            let names: Vec<&str> = missing
                .iter()
                .filter(|e| e.severity.unwrap_or(rule.severity) == grade)
                .map(|e| e.name.as_str())
                .collect();
            let missing = listed(&names);
            let mut f = finding(
                rule,
                analysis,
                first.anchor,
                first.title.clone(),
                &[("missing", missing.as_str())],
            );
            f.severity = grade;
            for other in group.iter().filter(|c| c.anchor != first.anchor).take(3) {
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
                let mut f = finding(rule, analysis, span, subject.clone(), &[]);
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

/// A clause on the rule's topic: a section under a matching heading, a numbered clause under a
/// matching short title, or one matching sentence.
struct Clause {
    /// Indices into [`Analysis::units`].
    units: Vec<usize>,
    /// Where a finding about the clause as a whole points: its heading, or the sentence.
    anchor: Span,
    /// The heading, or the sentence, as written.
    title: String,
    /// Opened by a heading or a title line, not a lone sentence.
    titled: bool,
}

/// The units of `group`, with those of the parts its sentences hand the matter to ("resolved
/// under clause 12", "the procedure in Schedule 3") when this document holds them; and whether
/// a sentence hands it to a part the document does not hold (another document's clause, a
/// schedule that is not attached).
fn with_references(group: &[&Clause], analysis: &Analysis) -> (Vec<usize>, bool) {
    let mut units: Vec<usize> = group.iter().flat_map(|c| c.units.iter().copied()).collect();
    let mut unseen = false;
    let own = units.clone();
    for r in own
        .iter()
        .flat_map(|&u| analysis.references_from(u))
        .filter(|r| r.defers)
    {
        match &r.target {
            Some(blocks) => {
                let first = analysis.units.partition_point(|u| u.block < blocks.start);
                let last = analysis.units.partition_point(|u| u.block < blocks.end);
                units.extend(first..last);
            }
            None => unseen = true,
        }
    }
    units.sort_unstable();
    units.dedup();
    (units, unseen)
}

/// Longest block (in words) that can serve as a clause title ("12. Disputes").
const TITLE_WORDS: usize = 8;

/// Most blocks a clause under a title-like line can hold.
const CLAUSE_BLOCKS: usize = 40;

fn clauses(check: &ClauseCheck, doc: &Document, analysis: &Analysis) -> Vec<Clause> {
    let mut taken = vec![false; analysis.units.len()];
    let mut out = Vec::new();
    let mut take =
        |units: Vec<usize>, anchor: Span, title: String, titled: bool, taken: &mut Vec<bool>| {
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
                titled,
            });
        };
    // Sections under a matching heading, with their subsections.
    for (s, section) in doc.sections.iter().enumerate() {
        let heading = doc.blocks[section.heading].span;
        if !check
            .clause
            .heading_matches(analysis, &section.title, heading)
        {
            continue;
        }
        // A section and its subsections are one run of blocks from its heading on.
        let first = analysis
            .units
            .partition_point(|unit| unit.block < section.heading);
        let units = (first..analysis.units.len())
            .take_while(|&u| {
                doc.blocks[analysis.units[u].block]
                    .section
                    .is_some_and(|bs| bs == s || is_within(doc, bs, s))
            })
            .collect();
        let anchor = doc.blocks[section.heading].span;
        take(units, anchor, section.title.clone(), true, &mut taken);
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
        if !is_title(block)
            || !check
                .clause
                .heading_matches(analysis, doc.slice(block.span), block.span)
        {
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
        take(units, block.span, title, true, &mut taken);
    }
    // Sentences matching the vocabulary, each a clause of its own. When a clause must hold a
    // quantity, only the sentences that hold one are searched, each on its own (a match stays
    // inside its sentence, as the clause does); most sentences hold none.
    let spans = if check.clause_facts.is_empty() {
        check
            .clause
            .body_spans(doc, analysis, Span::new(0, doc.text.len()))
    } else {
        analysis
            .units
            .iter()
            .enumerate()
            .filter(|&(u, unit)| {
                !taken[u] && Fact::any_in(&check.clause_facts, analysis, unit.span, Negated::Counts)
            })
            .flat_map(|(_, unit)| check.clause.body_spans(doc, analysis, unit.span))
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
        if !check.clause_facts.is_empty()
            && !Fact::any_in(&check.clause_facts, analysis, unit.span, Negated::Counts)
        {
            continue;
        }
        seen[u] = true;
        // A topic whose clause runs over several sentences reads the rest of the sentence's
        // numbered clause too ("10.1 Any disagreement … 10.2 If they cannot resolve it …").
        let units = if check.whole_clause {
            numbered_clause(doc, analysis, u)
        } else {
            vec![u]
        };
        take(
            units,
            unit.span,
            doc.slice(unit.span).to_string(),
            false,
            &mut taken,
        );
    }
    out.sort_by_key(|c| c.anchor);
    out
}

/// Most blocks of one numbered clause read after a matching sentence.
const NUMBERED_BLOCKS: usize = 20;

/// Unit `u` and the units after it in its numbered clause: the blocks from its own on whose
/// numbers share its top-level number ("10.1", "10.2", "10.2.1" under 10). A unit in an
/// unnumbered block is alone.
fn numbered_clause(doc: &Document, analysis: &Analysis, u: usize) -> Vec<usize> {
    let number = |b: usize| -> Option<String> {
        let block = &doc.blocks[b];
        match &block.kind {
            crate::document::BlockKind::ListItem { .. } if block.clause.is_some() => {
                block.clause.clone()
            }
            crate::document::BlockKind::Paragraph | crate::document::BlockKind::ListItem { .. } => {
                crate::analyse::refs::leading_number(doc.slice(block.span).trim_start())
                    .map(str::to_string)
            }
            _ => None,
        }
    };
    let block = analysis.units[u].block;
    let Some(own) = number(block) else {
        return vec![u];
    };
    let top = own.split('.').next().unwrap_or(&own).to_string();
    let same = |n: &str| n == top || n.starts_with(&format!("{top}."));
    let end = (block + 1..doc.blocks.len().min(block + 1 + NUMBERED_BLOCKS))
        .find(|&b| !number(b).is_some_and(|n| same(&n)))
        .unwrap_or(doc.blocks.len().min(block + 1 + NUMBERED_BLOCKS));
    let last = analysis.units.partition_point(|unit| unit.block < end);
    (u..last).collect()
}

/// "a", "a and b", "a, b and c".
fn listed(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::analyse::{self, DocKind};
    use crate::extract::markdown;
    use crate::rules::kinds::run;
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

    const GRADED: &str = r#"
kind = "clause"
message = "no {missing}"
[clause]
headings = ['\bdisput']
patterns = ['\b(?:resolve|settle)\s+(?:any\s+)?disputes?\b']
whole-clause = true
[[element]]
name = "escalation"
severity = "info"
patterns = ['\b(?:chief executives?|trustees|board)\b']
[[element]]
name = "time limits"
facts = ["duration"]
[[element]]
name = "mediation"
unless-document = ['\bnot legally binding\b']
phrases = ["mediation", "mediator"]
"#;

    #[test]
    fn missing_elements_are_graded_one_finding_per_severity_and_may_be_excused_by_the_document() {
        let text = "# Subcontract\n\n## 7. Disputes\n\nThe parties will try to settle disputes amicably.\n";
        let got = findings(GRADED, text);
        assert_eq!(
            got.iter()
                .map(|(sev, _, msg)| format!("{sev}: {msg}"))
                .collect::<Vec<_>>(),
            [
                "warning: no time limits and mediation",
                "info: no escalation"
            ]
        );
        let binding = format!("{text}\nThis letter is not legally binding.\n");
        let got = findings(GRADED, &binding);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].2, "no time limits");
    }

    #[test]
    fn a_clause_reads_the_part_it_defers_to_and_is_not_judged_on_a_part_it_cannot_see() {
        let text = "# Subcontract\n\n## 7. Disputes\n\nAny disagreement is dealt with under the procedure in Annex 2.\n\n## 8. Law\n\nEnglish law.\n\nANNEX 2 - RESOLVING PROBLEMS\n\nThe chief executives meet within 10 days; then a mediator is appointed.\n";
        assert!(findings(GRADED, text).is_empty());
        let elsewhere = text.replace("Annex 2.", "clause 30 of the Head Contract.");
        assert!(findings(GRADED, &elsewhere).is_empty());
        // A part that is named but says nothing useful is judged.
        let thin = text.replace(
            "The chief executives meet within 10 days; then a mediator is appointed.",
            "Talk to each other.",
        );
        assert_eq!(findings(GRADED, &thin).len(), 2);
    }

    #[test]
    fn a_matching_sentence_brings_its_numbered_clause_and_terms_stand_for_their_meaning() {
        // No heading about disputes: the sentence's clause 10 (10.1, 10.2) is read, and "the
        // JRB" is the Joint Review Board defined earlier.
        let text = "# Subcontract\n\n## 3. Governance\n\n3.1 The Joint Review Board (the \"JRB\") oversees delivery.\n\n## 10. Jurisdiction\n\n10.1 The parties will first try to settle any dispute between their managers within 10 days.\n\n10.2 If that fails, the JRB will meet and may appoint a mediator.\n\n11.1 English law applies.\n";
        assert!(
            findings(GRADED, text).is_empty(),
            "{:?}",
            findings(GRADED, text)
        );
        let undefined = text.replace("(the \"JRB\") ", "");
        let got = findings(GRADED, &undefined);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].2, "no escalation");
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
