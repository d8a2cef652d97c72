//! What a percentage is of, what a target promises, and what a budget buys per person.
//!
//! - [`Relation`]: a percentage read in its sentence: a share of a set ("105% of participants"),
//!   a rate ("a success rate of 98%"), growth or reduction ("an increase of 150%", "reduce … by
//!   30%"), over-achievement ("120% of target"), or a share of money ("10% of the contract value").
//! - [`Target`]: a promise about people: a percentage or a universal ("all", "every", "100%")
//!   attached to what will happen to them, classed as an *outcome* (into work, tenancy sustained)
//!   or a *process* (contacted within 2 days, DBS-checked), from the words of the promise.
//! - [`UnitCost`]: money and a number of people tied together in one sentence or table row.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::quantity::{Quantity, QuantityKind};
use super::text::{Unit, UnitKind, head, window};
use crate::document::Span;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// A share of a population or set: "105% of participants", "140% of the criteria".
    OfSet,
    /// A rate: "a success rate of 105%", "98% attendance".
    Rate,
    /// Growth: "an increase of 150%", "150% growth".
    Growth,
    /// A reduction: "reduce by 30%".
    Reduction,
    /// Against a target or profile: "120% of target".
    OfTarget,
    /// A share of money: "10% of the contract value", "a 15% management fee".
    Money,
    Other,
}

impl Relation {
    pub fn name(&self) -> &'static str {
        match self {
            Relation::OfSet => "of-set",
            Relation::Rate => "rate",
            Relation::Growth => "growth",
            Relation::Reduction => "reduction",
            Relation::OfTarget => "of-target",
            Relation::Money => "money",
            Relation::Other => "other",
        }
    }
}

/// A percentage and what it is of.
#[derive(Clone, Debug, Serialize)]
pub struct Percentage {
    pub span: Span,
    pub value: f64,
    pub relation: Relation,
    /// The noun phrase after "of", when there is one ("enrolled participants").
    pub of: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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

/// Money tied to a number of people in one unit.
#[derive(Clone, Debug, Serialize)]
pub struct UnitCost {
    /// The unit (sentence or table row).
    pub span: Span,
    pub money: Span,
    pub people: Option<Span>,
    pub amount: f64,
    pub count: f64,
    pub per_person: f64,
}

/// Nouns for groups of people a service works with (not staff).
const PEOPLE: &[&str] = &[
    "participant",
    "participants",
    "people",
    "person",
    "persons",
    "young people",
    "young person",
    "client",
    "clients",
    "service user",
    "service users",
    "user",
    "users",
    "family",
    "families",
    "household",
    "households",
    "learner",
    "learners",
    "resident",
    "residents",
    "beneficiary",
    "beneficiaries",
    "child",
    "children",
    "adult",
    "adults",
    "women",
    "men",
    "woman",
    "man",
    "veterans",
    "carer",
    "carers",
    "tenant",
    "tenants",
    "individual",
    "individuals",
    "pupil",
    "pupils",
    "student",
    "students",
    "patient",
    "patients",
    "survivor",
    "survivors",
    "victim",
    "victims",
    "parent",
    "parents",
    "older people",
    "refugees",
    "offenders",
    "prisoners",
    "jobseekers",
    "claimants",
    "trainees",
    "apprentices",
    "attendees",
    "members",
    "girls",
    "boys",
    "teenagers",
    "graduates",
    "citizens",
    "leavers",
    "care leavers",
    "mothers",
    "fathers",
    "babies",
    "infants",
    "callers",
    "learner",
    "cases",
];

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

static GROWTH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:increase[sd]?|increasing|rise|rising|risen|rose|growth|grow|grew|grown|growing|up|uplift|improve(?:d|ment)?|boost(?:ed)?|expand(?:ed)?|expansion|more|higher|raise|raising|climbed|jumped|doubled|went\s+up)\s+(?:of\s+|by\s+|to\s+)?(?:at\s+least\s+|over\s+|more\s+than\s+|around\s+|about\s+|some\s+)?$")
        .expect("static regex")
});
static REDUCTION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:reduce[sd]?|reducing|reduction|decrease[sd]?|decreasing|fall|falling|fell|fallen|cut|cutting|lower|lowering|drop|dropped|dropping|down|fewer|less|declined?|went\s+down)\s+(?:of\s+|by\s+|to\s+)?(?:at\s+least\s+|over\s+|more\s+than\s+|around\s+|about\s+|some\s+)?$")
        .expect("static regex")
});
/// A change verb earlier in the clause, with "by" just before the percentage: "reduce repeat
/// homelessness by 30%".
static CHANGE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(increase|increased|increasing|improve|improved|improving|raise|raised|raising|grow|grew|growing|rose|boost|boosted|reduce|reduced|reducing|decrease|decreased|decreasing|cut|cutting|lower|lowered|lowering|fell|dropped)\b[^.;]{0,80}\bby\s+(?:at\s+least\s+|over\s+|around\s+|about\s+)?$")
        .expect("static regex")
});
static GROWTH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:increase|growth|rise|more|higher|uplift|improvement|above|over|up\b|year[- ]on[- ]year)").expect("static regex")
});
static REDUCTION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:reduction|decrease|fall|drop|fewer|lower|less|cut|below|down\b)")
        .expect("static regex")
});
static RATE_AROUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:rate|satisfaction|attendance|completion|retention|success|achievement|engagement|occupancy|take-up|uptake)\b").expect("static regex")
});
/// "of" and the noun phrase after a percentage.
static OF_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*of\s+((?:[\w'’-]+\s+){0,4}?[\w'’-]+)(?:\s+(?:will|shall|who|that|which|we|they|you|are|is|to|in|on|at|by|within|for|across|over|into|with|from|per|each|a|an|and|or|referred|supported|seen|helped|engaged|registered|identified|assessed|accessing|attending|using|receiving|taking|living|aged|on\s+caseload)\b|[,.;:)(]|$)")
        .expect("static regex")
});
static MONEY_NOUNS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:budget|contract|funding|funds|grant|value|price|income|cost|costs|award|fee|fees|total|turnover|spend|spending|allocation|money|sum|payment|payments|charges|revenue|investment|resources|overheads?|salary|salaries|pay)\b")
        .expect("static regex")
});
static TARGET_NOUNS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:target|targets|profile|profiled|expected|expectation|contracted|baseline|benchmark|forecast|plan|planned|goal|ambition|kpi|minimum|requirement|last\s+year|previous|national\s+average|average|numbers?|figures?|levels?|volumes?|capacity|quota|estimates?|projections?)\b")
        .expect("static regex")
});
static FEE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:management|admin(?:istration|istrative)?|top[- ]slice|overhead|contract\s+management|central|hub)\b").expect("static regex")
});

/// Read each percentage in its unit.
pub fn percentages(text: &str, quantities: &[Quantity]) -> Vec<Percentage> {
    quantities
        .iter()
        .filter(|q| q.is_percent())
        .map(|q| {
            let before = clause_before(text, q.span.start);
            let after = window(text, q.span.end, 120);
            let after = trim_to_boundary(after);
            let of = OF_PHRASE
                .captures(after)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_string());
            let relation = if GROWTH_BEFORE.is_match(before) || GROWTH_AFTER.is_match(after) {
                Relation::Growth
            } else if REDUCTION_BEFORE.is_match(before) || REDUCTION_AFTER.is_match(after) {
                Relation::Reduction
            } else if let Some(change) = CHANGE_BY.captures(before) {
                let verb = change
                    .get(1)
                    .map_or("", |m| m.as_str())
                    .to_ascii_lowercase();
                let reduction = ["reduc", "decreas", "cut", "lower", "fell", "drop"]
                    .iter()
                    .any(|stem| verb.starts_with(stem));
                if reduction {
                    Relation::Reduction
                } else {
                    Relation::Growth
                }
            } else if FEE_AFTER.is_match(after) {
                Relation::Money
            } else if let Some(noun) = &of {
                if TARGET_NOUNS.is_match(noun) {
                    Relation::OfTarget
                } else if MONEY_NOUNS.is_match(noun) {
                    Relation::Money
                } else if RATE_AROUND.is_match(noun) {
                    Relation::Rate
                } else {
                    Relation::OfSet
                }
            } else if RATE_AROUND.is_match(tail_words(before, 4))
                || RATE_AROUND.is_match(head_words(after, 3))
            {
                Relation::Rate
            } else {
                Relation::Other
            };
            Percentage {
                span: q.span,
                value: q.value,
                relation,
                of,
            }
        })
        .collect()
}

/// A percentage alone in a table row takes its meaning from the row's first cell: "Clients
/// with a debt solution | 102%" is a share of clients; "Attendance | 105%" is a rate.
pub fn read_table_rows(text: &str, units: &[Unit], percentages: &mut [Percentage]) {
    for p in percentages
        .iter_mut()
        .filter(|p| p.relation == Relation::Other)
    {
        let index = units.partition_point(|u| u.span.start <= p.span.start);
        let Some(unit) = index.checked_sub(1).map(|i| &units[i]) else {
            continue;
        };
        if !matches!(unit.kind, UnitKind::Row { .. }) || !unit.span.contains(p.span) {
            continue;
        }
        let first_cell = text[unit.span.start..p.span.start]
            .split(" | ")
            .next()
            .unwrap_or("")
            .trim();
        if first_cell.is_empty() || first_cell.len() == p.span.start - unit.span.start {
            continue;
        }
        if RATE_AROUND.is_match(first_cell) {
            p.relation = Relation::Rate;
        } else if is_people(&first_cell.to_ascii_lowercase()) {
            p.relation = Relation::OfSet;
            p.of = Some(first_cell.to_string());
        }
    }
}

/// The text of the clause before `at`: back to the last sentence or clause break.
fn clause_before(text: &str, at: usize) -> &str {
    let floor = at.saturating_sub(160);
    let mut start = floor;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let window = &text[start..at];
    let cut = window
        .rfind(['.', ';', '\n', '|', ':'])
        .map_or(0, |p| p + 1);
    &window[cut..]
}

fn trim_to_boundary(s: &str) -> &str {
    let mut end = s.len();
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let s = &s[..end];
    let cut = s.find(['\n', '|']).unwrap_or(s.len());
    &s[..cut]
}

fn tail_words(s: &str, n: usize) -> &str {
    let mut count = 0;
    for (i, c) in s.char_indices().rev() {
        if c.is_whitespace() {
            count += 1;
            if count > n {
                return &s[i..];
            }
        }
    }
    s
}

fn head_words(s: &str, n: usize) -> &str {
    let mut count = 0;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() && i > 0 {
            count += 1;
            if count > n {
                return &s[..i];
            }
        }
    }
    s
}

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
        let skip = OF_PHRASE.find(rest).map_or(0, |m| m.end().min(rest.len()));
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

/// Does the phrase name a group of people ("enrolled participants", "tenants we support")?
fn is_people(phrase: &str) -> bool {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    words.last() == Some(&"one")
        || words.iter().any(|w| PEOPLE.contains(w))
        // Two-word names ("young people") compared in halves, without building a string per
        // pair of words.
        || words.windows(2).any(|pair| {
            let (first, second) = (pair[0], pair[1]);
            PEOPLE.iter().any(|p| {
                p.len() == first.len() + 1 + second.len()
                    && p.starts_with(first)
                    && p.as_bytes()[first.len()] == b' '
                    && p.ends_with(second)
            })
        })
}

/// Outcome or process: a process subject (staff, referrals) or a time limit makes it a process;
/// otherwise the earliest cue in the promise decides.
fn classify(subject: &str, predicate: &str) -> TargetClass {
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

/// Money tied to a number of people in one sentence or table row.
pub fn unit_costs(
    text: &str,
    units: &[Unit],
    quantities: &[Quantity],
    percentages: &[Percentage],
) -> Vec<UnitCost> {
    let mut out = Vec::new();
    let _ = percentages;
    let mut q = 0;
    for unit in units {
        while q < quantities.len() && quantities[q].span.start < unit.span.start {
            q += 1;
        }
        let inside: Vec<&Quantity> = quantities[q..]
            .iter()
            .take_while(|x| x.span.end <= unit.span.end)
            .collect();
        let money: Vec<&Quantity> = inside
            .iter()
            .copied()
            .filter(|x| x.is_money() && x.value > 0.0)
            .collect();
        let people: Vec<&Quantity> = inside
            .iter()
            .copied()
            .filter(|x| {
                matches!(&x.kind, QuantityKind::Count { unit } if is_people(unit)) && x.value >= 1.0
            })
            .collect();
        // Money already per person: "£30 per participant".
        for m in &money {
            if let QuantityKind::Money { per: Some(per), .. } = &m.kind
                && (is_people(per) || per == "person" || per == "head")
            {
                out.push(UnitCost {
                    span: unit.span,
                    money: m.span,
                    people: None,
                    amount: m.value,
                    count: 1.0,
                    per_person: m.value,
                });
            }
        }
        let totals: Vec<&&Quantity> = money
            .iter()
            .filter(|m| matches!(&m.kind, QuantityKind::Money { per, .. } if per.as_deref().is_none_or(|p| matches!(p, "year" | "month" | "week" | "quarter"))))
            .collect();
        if totals.len() == 1 && people.len() == 1 {
            let (m, p) = (totals[0], people[0]);
            let unit_text = &text[unit.span.range()];
            // "£8,000 … for 400 young people": money for people, not a per-head figure.
            if !unit_text.to_ascii_lowercase().contains(" each ") || m.span.start < p.span.start {
                out.push(UnitCost {
                    span: unit.span,
                    money: m.span,
                    people: Some(p.span),
                    amount: m.value,
                    count: p.value,
                    per_person: m.value / p.value,
                });
            }
        }
    }
    out
}

/// Compile this module's patterns now (a spare thread does, at start-up; see
/// [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&GROWTH_BEFORE);
    LazyLock::force(&REDUCTION_BEFORE);
    LazyLock::force(&CHANGE_BY);
    LazyLock::force(&GROWTH_AFTER);
    LazyLock::force(&REDUCTION_AFTER);
    LazyLock::force(&RATE_AROUND);
    LazyLock::force(&OF_PHRASE);
    LazyLock::force(&MONEY_NOUNS);
    LazyLock::force(&TARGET_NOUNS);
    LazyLock::force(&FEE_AFTER);
    LazyLock::force(&UNIVERSAL);
    LazyLock::force(&CLAUSE_NUMBER);
    LazyLock::force(&ASSURING);
    LazyLock::force(&GAP_OK);
    LazyLock::force(&PROMISE);
    LazyLock::force(&TIMED);
}

#[cfg(test)]
mod tests {
    use super::{Relation, TargetClass, percentages, targets, unit_costs};
    use crate::analyse::quantity::scan;
    use crate::analyse::text::{Unit, UnitKind};
    use crate::document::Span;

    fn relation(text: &str) -> Relation {
        let found = percentages(text, &scan(text));
        assert_eq!(found.len(), 1, "{text:?}");
        found[0].relation.clone()
    }

    #[test]
    fn percentages_are_read_in_context() {
        assert_eq!(
            relation("105% of enrolled participants will complete"),
            Relation::OfSet
        );
        assert_eq!(relation("we met 140% of the criteria"), Relation::OfSet);
        assert_eq!(
            relation("an increase of 150% on last year"),
            Relation::Growth
        );
        assert_eq!(relation("a 150% increase in referrals"), Relation::Growth);
        assert_eq!(
            relation("delivered 124% of its contracted target"),
            Relation::OfTarget
        );
        assert_eq!(relation("120% of target"), Relation::OfTarget);
        assert_eq!(
            relation("at least 60% of the contract value"),
            Relation::Money
        );
        assert_eq!(
            relation("reduce repeat homelessness by 30%"),
            Relation::Reduction
        );
        assert_eq!(relation("a satisfaction rate of 105%"), Relation::Rate);
        assert_eq!(relation("a 12% management fee"), Relation::Money);
    }

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
        assert_eq!(relation("visits grew by 140% in 2024"), Relation::Growth);
        assert_eq!(relation("visits rose by 85% in a year"), Relation::Growth);
    }

    #[test]
    fn a_percentage_alone_in_a_row_takes_the_first_cell() {
        let text = "Families housed at closure | 103%";
        let units = [Unit {
            span: Span::new(0, text.len()),
            block: 0,
            kind: UnitKind::Row {
                row: 1,
                header: false,
            },
        }];
        let mut found = percentages(text, &scan(text));
        super::read_table_rows(text, &units, &mut found);
        assert_eq!(found[0].relation, Relation::OfSet);
        let text = "Attendance | 104%";
        let mut found = percentages(text, &scan(text));
        super::read_table_rows(text, &units, &mut found);
        assert_eq!(found[0].relation, Relation::Rate);
    }

    #[test]
    fn cost_per_person_needs_one_budget_and_one_group() {
        let text = "Budget line 4 sets aside £8,000 for workshops, which we will run for 400 young people.";
        let units = [Unit {
            span: Span::new(0, text.len()),
            block: 0,
            kind: UnitKind::Sentence,
        }];
        let q = scan(text);
        let costs = unit_costs(text, &units, &q, &percentages(text, &q));
        assert_eq!(costs.len(), 1);
        assert_eq!(costs[0].per_person, 20.0);
        let text = "We spend £8,000 and £2,000 on 400 young people.";
        let units = [Unit {
            span: Span::new(0, text.len()),
            block: 0,
            kind: UnitKind::Sentence,
        }];
        let q = scan(text);
        assert!(unit_costs(text, &units, &q, &[]).is_empty());
    }
}
