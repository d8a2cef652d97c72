//! Promises about people: [`Target`], a percentage or a universal ("all", "every", "100%")
//! attached to what will happen to them, and its [`TargetClass`].
//!
//! [`targets`] finds universal claims whose quantifier is the subject of its clause ("All
//! participants will …", "we will ensure that every tenant …") and percentages of people followed
//! by a promise ("95% of referrals will be contacted within 2 days"). [`classify`] decides
//! outcome or process from who the promise is about ([`PROCESS_SUBJECTS`]), a service time limit
//! ([`TIMED`]) and the earliest cue word ([`PROCESS_CUES`], [`OUTCOME_CUES`]). A new cue word
//! belongs in those lists; a new pattern is compiled in [`warm_up`]; tests are below.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::percentage::{OF_PHRASE, Percentage, Relation, opens_with_of};
use super::{clause_before, is_people};
use crate::analyse::text::{Unit, UnitKind, head};
use crate::document::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetClass {
    /// What changes for people: into work, tenancy sustained, wellbeing improved.
    Outcome,
    /// What the service does: contacted within 2 days, assessed, DBS-checked, offered a mentor.
    Process,
    Unclear,
}

/// A promise about a share of people.
#[derive(Clone, Debug, Serialize)]
pub struct Target {
    /// The promise, from the quantifier to the end of its clause.
    pub span: Span,
    /// The share promised, in per cent (100 for "all" and "every").
    pub percent: f64,
    pub universal: bool,
    pub class: TargetClass,
}

/// Words of a process promise (what the service does to or for people).
const PROCESS_CUES: &[&str] = &[
    "contacted",
    "contact",
    "offered",
    "offer",
    "receive",
    "received",
    "receives",
    "given",
    "assessed",
    "assessment",
    "seen",
    "referred",
    "allocated",
    "assigned",
    "invited",
    "access",
    "dbs",
    "checked",
    "check",
    "trained",
    "training",
    "induction",
    "registered",
    "visited",
    "told",
    "informed",
    "acknowledged",
    "signposted",
    "provided",
    "issued",
    "consulted",
    "screened",
    "followed",
    "called",
    "welcomed",
    "greeted",
    "triaged",
    "booked",
    "appointment",
    "named",
    "support plan",
    "action plan",
    "asked",
    "surveyed",
    "responded",
    "met",
    "sent",
    "enrolled",
    "attend an",
    "attend the induction",
    "have a",
    "get a",
    "paid at least",
];

/// Words of an outcome promise (what changes in people's lives).
const OUTCOME_CUES: &[&str] = &[
    "work",
    "job",
    "jobs",
    "employment",
    "employed",
    "tenancy",
    "tenancies",
    "housed",
    "housing",
    "accommodation",
    "home",
    "homes",
    "wellbeing",
    "well-being",
    "improve",
    "improved",
    "improves",
    "improving",
    "improvement",
    "increase",
    "increased",
    "reduce",
    "reduced",
    "achieve",
    "achieved",
    "gain",
    "gained",
    "qualification",
    "qualifications",
    "certificate",
    "certificates",
    "pass",
    "abstinent",
    "abstain",
    "drug-free",
    "sober",
    "recover",
    "recovered",
    "recovery",
    "offend",
    "re-offend",
    "reoffend",
    "offending",
    "re-offending",
    "reoffending",
    "sustain",
    "sustained",
    "sustaining",
    "independent",
    "independence",
    "turned around",
    "move on",
    "moved on",
    "progress",
    "progressed",
    "confidence",
    "complete",
    "completed",
    "graduate",
    "evicted",
    "eviction",
    "homeless",
    "homelessness",
    "return to",
    "secure",
    "find",
    "obtain",
    "enter",
    "stay",
    "remain",
    "safe",
    "safer",
    "stop",
    "stopped",
    "apprenticeship",
    "apprenticeships",
    "education",
    "learning",
    "skills",
    "health",
    "debt-free",
    "free of",
    "debt",
    "keep",
    "resolved",
    "better off",
    "thrive",
    "succeed",
    "transform",
    "transformed",
    "sustains",
    "keeps",
    "free from",
    "abuse",
    "violence",
    "lonely",
    "loneliness",
    "isolated",
    "isolation",
    "feel",
    "feels",
    "happier",
    "healthier",
    // Attainment.
    "grade level",
    "reading level",
    "read",
    "reading",
    "literacy",
    "numeracy",
    "attainment",
];

/// Populations whose 100% is process by nature (staff are checked, referrals are contacted).
const PROCESS_SUBJECTS: &[&str] = &[
    "staff",
    "volunteers",
    "employees",
    "workers",
    "referrals",
    "calls",
    "complaints",
    "invoices",
    "reports",
    "applications",
    "enquiries",
    "requests",
    "cases",
    "incidents",
    "visits",
    "sessions",
    "assessments",
    "records",
    "contacts",
    "managers",
    "trustees",
    "mentors",
];

/// A universal quantifier or a percentage followed by a promise.
static UNIVERSAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:all(?:\s+of)?(?:\s+(?:the|our|those|these))?|every|each|no)\s+((?:[\w'’-]+\s+){0,2}?(?:participants?|people|person|young\s+people|young\s+person|clients?|service\s+users?|users?|famil(?:y|ies)|households?|learners?|residents?|beneficiar(?:y|ies)|child(?:ren)?|adults?|women|men|veterans|carers?|tenants?|individuals?|pupils?|students?|patients?|survivors?|victims?|parents?|refugees|offenders|prisoners|jobseekers|claimants|trainees|apprentices|one))\b")
        .expect("static regex")
});
/// A clause number before a sentence ("4.2", "(b)") is not a lead-in.
static CLAUSE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(\[]?[0-9a-z]{1,3}(?:\.[0-9]{1,3})*[.)\]]?$").expect("static regex")
});

/// A lead-in that makes what follows a promise without "will": "we will ensure that …".
static ASSURING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:ensure|ensures|guarantee|guarantees|make\s+sure|makes\s+sure|promise|promises|commit\s+to\s+ensuring)(?:\s+that)?$")
        .expect("static regex")
});

/// What may stand between a universal subject and its verb: a relative or qualifying phrase.
static GAP_OK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:who|that|which|we|on|in|at|from|with|aged|taking\s+part|of\s+(?:them|our|the|these)|\w+ed|\w+ing)\b").expect("static regex")
});

/// The verb that makes the rest of the clause a promise.
static PROMISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:will|shall|are\s+(?:expected|guaranteed|going)\s+to|is\s+(?:expected|guaranteed|going)\s+to|are\s+to|is\s+to|to\s+be)\b").expect("static regex")
});

/// Promises about people in each sentence unit.
pub fn targets(text: &str, units: &[Unit], percentages: &[Percentage]) -> Vec<Target> {
    let mut out = Vec::new();
    for unit in units {
        let unit_text = &text[unit.span.range()];
        // Universal claims: "all participants will …", "every family who … will …".
        for m in UNIVERSAL.captures_iter(unit_text) {
            let whole = m.get(0).map_or(0..0, |g| g.range());
            let subject = m.get(1).map_or("", |g| g.as_str()).to_ascii_lowercase();
            let negative = unit_text[whole.clone()]
                .to_ascii_lowercase()
                .starts_with("no ");
            if negative && !subject.ends_with("one") && !is_people(&subject) {
                continue;
            }
            // The quantifier must be the subject of its clause ("All participants will …",
            // "we are confident that every family will …"), not an object ("refer to us all
            // clients who …, and shall …").
            let lead_in = clause_before(text, unit.span.start + whole.start)
                .trim()
                .to_ascii_lowercase();
            let subject_position = lead_in.is_empty()
                || CLAUSE_NUMBER.is_match(&lead_in)
                || [
                    "that",
                    "ensure",
                    "guarantee",
                    "expect",
                    "promise",
                    "and",
                    "so",
                    "means",
                    "—",
                    "–",
                    "-",
                ]
                .iter()
                .any(|w| lead_in.ends_with(w));
            if !subject_position {
                continue;
            }
            let rest = &unit_text[whole.end..];
            let predicate_start = match PROMISE.find(head(rest, 140)) {
                Some(promise) => {
                    // Only a qualifying clause may stand between subject and verb ("who
                    // completes …", "matched with a befriender").
                    let gap = rest[..promise.start()].trim();
                    if !(gap.is_empty() || GAP_OK.is_match(gap))
                        || gap.contains([',', ';']) && !gap.starts_with("who")
                    {
                        continue;
                    }
                    whole.end + promise.end()
                }
                // "we will ensure that every tenant sustains their tenancy": the promise is
                // the lead-in; the verb after the subject is in the present tense.
                None if ASSURING.is_match(&lead_in) => whole.end,
                None => continue,
            };
            let predicate = clause(&unit_text[predicate_start..]);
            let class = classify(&subject, predicate);
            let end = predicate_start + predicate.len();
            out.push(Target {
                span: Span::new(unit.span.start + whole.start, unit.span.start + end),
                percent: 100.0,
                universal: true,
                class,
            });
        }
    }
    // Percentages of people with a promise after them: "100% will sustain their tenancy".
    for p in percentages {
        if !matches!(
            p.relation,
            Relation::OfSet | Relation::Other | Relation::Rate
        ) {
            continue;
        }
        let index = units.partition_point(|u| u.span.start <= p.span.start);
        let Some(unit) = index
            .checked_sub(1)
            .map(|i| &units[i])
            .filter(|u| u.span.contains(p.span))
        else {
            continue;
        };
        // In a table row with no "of …", the row's first cell names what is measured
        // ("Referrals acknowledged | 100% within one working day").
        let row_subject = match unit.kind {
            UnitKind::Row { .. } => text[unit.span.start..p.span.start]
                .split(" | ")
                .next()
                .map(str::to_string),
            _ => None,
        };
        let subject =
            p.of.clone()
                .or(row_subject)
                .unwrap_or_default()
                .to_ascii_lowercase();
        if !subject.is_empty()
            && !is_people(&subject)
            && !PROCESS_SUBJECTS.iter().any(|s| subject.contains(s))
        {
            continue;
        }
        let rest = &text[p.span.end..unit.span.end];
        let skip = opens_with_of(rest)
            .then(|| OF_PHRASE.find(rest))
            .flatten()
            .map_or(0, |m| m.end().min(rest.len()));
        let after_subject = &rest[skip..];
        let (predicate_start, predicate) = match PROMISE.find(head(after_subject, 100)) {
            Some(promise) => (
                p.span.end + skip + promise.end(),
                clause(&after_subject[promise.end()..]),
            ),
            // "95% of referrals contacted within 2 days" has no "will"; without a named group
            // of people there is no promise to read.
            None if !subject.is_empty() => (p.span.end + skip, clause(after_subject)),
            None => continue,
        };
        if predicate.trim().is_empty() {
            continue;
        }
        let class = classify(&subject, predicate);
        out.push(Target {
            span: Span::new(p.span.start, predicate_start + predicate.len()),
            percent: p.value,
            universal: false,
            class,
        });
    }
    out.sort_by_key(|t| t.span);
    out
}

/// The clause that starts `s`: up to a full stop, semicolon or the end.
fn clause(s: &str) -> &str {
    let end = s.find(['.', ';', '\n', '|']).unwrap_or(s.len());
    s[..end].trim_end_matches([',', ' '])
}

/// Outcome or process: a process subject (staff, referrals) or a time limit makes it a process;
/// otherwise the earliest cue in the promise decides.
fn classify(subject: &str, predicate: &str) -> TargetClass {
    // How it is measured is not what is promised ("…, as measured by the fall reading
    // assessment").
    let predicate = [", as measured", " as measured", ", measured", " (measured"]
        .iter()
        .filter_map(|cut| predicate.find(cut))
        .min()
        .map_or(predicate, |at| &predicate[..at]);
    if PROCESS_SUBJECTS
        .iter()
        .any(|s| subject.split_whitespace().any(|w| w == *s))
    {
        return TargetClass::Process;
    }
    let full = predicate.to_ascii_lowercase();
    let timed = TIMED.is_match(&full);
    // The time limit itself says nothing about outcomes ("within one working day").
    let lower = TIMED.replace_all(&full, " ").into_owned();
    let first = |cues: &[&str]| cues.iter().filter_map(|cue| find_word(&lower, cue)).min();
    let process = first(PROCESS_CUES);
    let outcome = first(OUTCOME_CUES);
    match (process, outcome) {
        (Some(p), Some(o)) if p < o || timed => TargetClass::Process,
        (Some(_), Some(_)) | (None, Some(_)) => TargetClass::Outcome,
        (Some(_), None) => TargetClass::Process,
        (None, None) if timed => TargetClass::Process,
        (None, None) => TargetClass::Unclear,
    }
}

/// A short service time limit ("within 2 working days", "within 48 hours") marks a process.
static TIMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bwithin\s+(?:\d+|one|two|three|four|five|six|seven|ten|fourteen)\s+(?:working\s+|business\s+|calendar\s+)?(?:hours?|days?|weeks?)\b")
        .expect("static regex")
});

/// Byte offset of `word` in `text` as a whole word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find(word) {
        let start = from + at;
        let end = start + word.len();
        let before_ok = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = text[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return Some(start);
        }
        from = end;
    }
    None
}

/// Compile this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&UNIVERSAL);
    LazyLock::force(&CLAUSE_NUMBER);
    LazyLock::force(&ASSURING);
    LazyLock::force(&GAP_OK);
    LazyLock::force(&PROMISE);
    LazyLock::force(&TIMED);
}

#[cfg(test)]
mod tests {
    use super::TargetClass;
    use crate::analyse::quantity::scan;
    use crate::analyse::targets::{percentages, targets};
    use crate::analyse::text::{Unit, UnitKind};
    use crate::document::Span;

    fn one_target(text: &str) -> (f64, TargetClass) {
        let units = [Unit {
            span: Span::new(0, text.len()),
            block: 0,
            kind: UnitKind::Sentence,
        }];
        let found = targets(text, &units, &percentages(text, &scan(text)));
        assert_eq!(found.len(), 1, "{text:?}: {found:?}");
        (found[0].percent, found[0].class)
    }

    #[test]
    fn promises_are_outcomes_or_processes() {
        assert_eq!(
            one_target("All participants will secure paid work."),
            (100.0, TargetClass::Outcome)
        );
        assert_eq!(
            one_target("Every young person who completes the programme will move into paid work."),
            (100.0, TargetClass::Outcome)
        );
        assert_eq!(
            one_target("100% will sustain their tenancy."),
            (100.0, TargetClass::Outcome)
        );
        assert_eq!(
            one_target("Every participant will be offered a mentor."),
            (100.0, TargetClass::Process)
        );
        assert_eq!(
            one_target("95% of referrals will be contacted within 2 days."),
            (95.0, TargetClass::Process)
        );
        assert_eq!(
            one_target("100% of staff will be DBS-checked."),
            (100.0, TargetClass::Process)
        );
        assert_eq!(
            one_target("100% of families will be assessed within 10 working days."),
            (100.0, TargetClass::Process)
        );
        // Attainment is an outcome; how it is measured is not the promise.
        assert_eq!(
            one_target(
                "100% of enrolled pupils will reach the expected standard in numeracy, as measured by the summer assessment."
            ),
            (100.0, TargetClass::Outcome)
        );
        assert_eq!(
            one_target("100% of participating fourth graders will be assessed in September."),
            (100.0, TargetClass::Process)
        );
    }

    #[test]
    fn promises_without_will_and_after_clause_numbers() {
        assert_eq!(
            one_target(
                "The Provider will ensure that every tenant on its caseload keeps their home."
            ),
            (100.0, TargetClass::Outcome)
        );
        assert_eq!(
            one_target("3.1 All carers supported by the service will feel less isolated."),
            (100.0, TargetClass::Outcome)
        );
    }
}
