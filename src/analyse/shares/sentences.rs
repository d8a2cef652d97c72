//! Shares stated in sentences: a percentage of work or of money tied to an organisation by a
//! verb, a split naming each organisation, or a part of a count or amount.
//!
//! [`referents`] gives each sentence the organisations it speaks of: those it names, or the
//! paragraph's topic when it says "it"/"they" or opens "The credit union …". [`text_shares`]
//! reads each such sentence: [`claims`] finds the shares in it (a [`Claim`]: "60% of the
//! outcomes", "300 of the 500 participants", "half of the 48 workshops", "2,600 of those
//! Delivery Hours" against a count stated earlier), and each is tied to the organisation named
//! before it ([`tie_before`]: "Riverside will deliver 60% of …") or after it ([`tie_after`]:
//! "… will be supported by Riverside", "split 60% to Riverside"). What a share is of comes from
//! its "of" phrase ([`share_of`]) or, for nouns that can be either, the verb. Counts shared out
//! between organisations are read by [`count_splits`] (in one sentence) and [`count_ties`]
//! (clause by clause, when they add up to a figure the document states). New words belong in
//! the pattern for their part of the sentence, compiled in [`warm_up`], with a test below.

use std::sync::LazyLock;

use regex::Regex;

use super::{Found, Of, mentions_in};
use crate::analyse::quantity::{Quantity, QuantityKind, in_range, within};
use crate::analyse::targets::{Percentage, Relation};
use crate::analyse::text::{Unit, UnitKind, head, tail};
use crate::document::{Document, Span};

/// Nouns for money a share can be of.
static MONEY_SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:funding|funds|budget|contract\s+(?:value|price|sum)|value|price|income|payments?|grant|money|award|fees?|allocation)\b")
        .expect("static regex")
});
/// Nouns for work a share can be of.
static WORK_SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:participants?|outcomes?|referrals?|starts|sessions?|volumes?|caseloads?|places|delivery|work|clients?|families|households|cases|young\s+people|people|learners|beneficiaries|service\s+users|users|carers|tenants|residents|hours|interventions|assessments|activity|activities|contacts|appointments|visits|workshops|courses|fte|posts|groups|clubs|classes|cohorts|mentees|parcels)\b")
        .expect("static regex")
});
/// Nouns that are work or money by the verb: "deliver 60% of the contract", "receive 20% of the
/// contract".
static EITHER_SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:contract|service|services|programme|project)\b").expect("static regex")
});
/// "it", "its", "they" or "their" standing for an organisation named before.
static PRONOUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:[Ii]ts?|[Tt]hey|[Tt]heir)\b").expect("static regex"));

/// What may come before the name that opens a sentence: nothing, "The", or a clause label
/// ("B2.", "4.1", "(c)").
static CLAUSE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\W*(?:[A-Z]?[0-9]+(?:\.[0-9]+)*\.?\s+|\([a-z0-9]{1,4}\)\s+)?(?:[Tt]he\s+)?$")
        .expect("static regex")
});

/// A sentence opening "The credit union …", "The Forum …": the organisation the words end the
/// name of ("Hebble Vale Credit Union").
static DESCRIBED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\W*(?:[A-Z]?[0-9]+(?:\.[0-9]+)*\.?\s+|\([a-z0-9]{1,4}\)\s+)?[Tt]he\s+([A-Za-z][a-z-]+(?:\s+[A-Za-z][a-z-]+)?)\b").expect("static regex")
});

/// The ways a sentence opening "The credit union …" or "The Centre shall …" may end an
/// organisation's name: (" credit union", its end; " credit", its end), lower-cased with a
/// leading space, two words before one. The match starts at the sentence's start.
fn opening_tails(sentence: &str) -> Vec<(String, usize)> {
    let Some(words) = DESCRIBED.captures(sentence).and_then(|c| c.get(1)) else {
        return Vec::new();
    };
    let first_end = words
        .as_str()
        .find(char::is_whitespace)
        .map_or(words.end(), |at| words.start() + at);
    let mut ends = vec![words.end()];
    if first_end != words.end() {
        ends.push(first_end);
    }
    ends.into_iter()
        .map(|end| {
            let tail = format!(" {}", sentence[words.start()..end].to_ascii_lowercase());
            (tail, end)
        })
        .collect()
}

/// Where a sentence names the organisation whose lower-cased name is `name` by its last words
/// ([`opening_tails`]), as byte offsets in the sentence.
fn described(tails: &[(String, usize)], name: &str) -> Option<(usize, usize)> {
    tails
        .iter()
        .find(|(tail, _)| name.ends_with(tail.as_str()))
        .map(|&(_, end)| (0, end))
}

/// Verbs that give an organisation work, just before the percentage.
static WORK_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:deliver(?:s|ing)?|provid(?:e|es|ing)|offer(?:s|ing)?)\s+(?:[a-z-]+\s+){1,3}(?:to|for)|deliver(?:s|ing)?|provid(?:e|es|ing)|lead(?:s|ing)?|support(?:s|ing)?|work(?:s|ing)?\s+with|see(?:s|ing)?|tak(?:e|es|ing)\s+on|handl(?:e|es|ing)|run(?:s|ning)?|manag(?:e|es|ing)|carr(?:y|ies|ying)\s+out|responsible\s+for|account(?:s|ing)?\s+for|cover(?:s|ing)?|serv(?:e|es|ing)|engag(?:e|es|ing)|recruit(?:s|ing)?|reach(?:es|ing)?|achiev(?:e|es|ing)|accept(?:s|ing)?|host(?:s|ing)?)\s+(?:(?:about|around|approximately|roughly|some|up\s+to|at\s+least|over|nearly|almost|just\s+under|just\s+over|an\s+estimated)\s+)*$")
        .expect("static regex")
});
/// Verbs that give an organisation money, just before the percentage.
static MONEY_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:receiv(?:e|es|ing)|get(?:s|ting)?|(?:be|is|are)\s+paid|paid|(?:be|is)\s+allocated|allocated|(?:be|is)\s+given|retain(?:s|ing)?|keep(?:s|ing)?|tak(?:e|es|ing)|hold(?:s|ing)?|draw(?:s|ing)?(?:\s+down)?|entitled\s+to|(?:be|is)\s+awarded|earn(?:s|ing)?)\s+(?:(?:about|around|approximately|roughly|some|up\s+to|at\s+least|over|nearly|almost|just\s+under|just\s+over|only|just)\s+)*$")
        .expect("static regex")
});
/// "Riverside's share of the funding is 20%": the noun says what the share is of.
static SHARE_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[’']s\s+(?:share|allocation|portion|proportion)\s+of\s+(?:the\s+)?([a-z' -]{2,40}?)\s+(?:is|will\s+be|would\s+be|of|at)\s+(?:about\s+|around\s+|approximately\s+)?$")
        .expect("static regex")
});
/// "… 60% of the referrals for 20% of the funding": money in return for the work before it.
static IN_RETURN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)%[^%;]{0,80}\b(?:for|in\s+return\s+for|in\s+exchange\s+for|but\s+(?:only\s+)?(?:receives?|gets?)|and\s+(?:receives?|gets?)|receiving)\s+(?:only\s+|just\s+)?$")
        .expect("static regex")
});
/// A name then a colon, dash or bracket: "Riverside: 60% of participants", "Riverside (20% of
/// the funding)".
static LABEL_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[:–—(-]\s*\(?\s*$").expect("static regex"));
/// After a percentage of work, a passive that gives it to the organisation named next:
/// "… will be supported by Riverside", "… will be referred to Riverside", "… led by coaches
/// from Riverside" (the organisation's people do the work).
static WORK_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^;%]{0,100}?\b(?:(?:delivered|supported|seen|handled|managed|run|led|provided|served|worked\s+with|taken\s+on|engaged|recruited|reached|covered|carried\s+out|hosted|accepted|achieved|placed|helped|staffed|facilitated|taught)\s+by(?:\s+(?:(?:qualified|trained|specialist|experienced)\s+)?(?:staff|coaches|workers|youth\s+workers|caseworkers|tutors|trainers|volunteers|mentors|practitioners|counsellors|therapists|advisers|advisors|specialists|nurses|a\s+team|teams?)\s+(?:from|of|at|employed\s+by))?|(?:allocated|referred|passed(?:\s+on)?|given|assigned|sent|subcontracted|go|goes|going)\s+to)\s+(?:the\s+)?$")
        .expect("static regex")
});
/// After a percentage of money, a verb that gives it to the organisation named next: "… goes
/// to Riverside", "… is for Riverside", "… will be paid to Riverside".
static MONEY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^;%]{0,100}?\b(?:paid|allocated|passed(?:\s+on)?|given|go|goes|going|awarded|transferred|reserved|earmarked|set\s+aside|is|are|will\s+be)\s+(?:to|for)\s+(?:the\s+)?$")
        .expect("static regex")
});
/// Right after a bare percentage in a split: "60% to Riverside".
static SPLIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:to|for|by|with)\s+(?:the\s+)?$").expect("static regex")
});
/// Words that share a whole out, before the percentages of a split.
static SPLIT_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:split|divided|shared|allocated|apportioned|distributed)\b")
        .expect("static regex")
});
/// People taken somewhere rather than a share of the caseload: "help 60% of participants into
/// work", "60% of participants will find work".
static OUTCOME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:will\s+|to\s+|should\s+|are\s+expected\s+to\s+)?(?:into|back|find|gain|secure|achieve|enter|move|get|sustain|complete|improve|report|progress|be\s+in|stay|remain|start|feel|keep|reduce|increase|leave|go\s+on)\b")
        .expect("static regex")
});
/// "300 of the 500 participants", "£50,000 of the £200,000".
static PART_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+of\s+(?:the\s+|those\s+|these\s+|our\s+|its\s+|their\s+|a\s+total\s+of\s+|the\s+total\s+of\s+)?$")
        .expect("static regex")
});

/// A sentence that shares out the count just before it: "Of these, …", "Of them, …".
static OF_THESE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:[0-9.]+\s+)?of\s+(?:these|them|those|this\s+number|the\s+total)\b")
        .expect("static regex")
});

/// Each sentence with the organisations it speaks of: those it names, or, naming none, the
/// paragraph's topic when it says "it", "its", "they" or "their", or opens with the last words
/// of the topic's name ("The credit union …"). The topic is the organisation that opens the
/// paragraph's latest sentence naming one ("St Aidan's Community Pantry … From there, its
/// volunteers will deliver …"). Sentences speaking of none are left out.
/// A sentence and the organisations it speaks of ([`referents`]).
pub(super) type Referents<'u> = Vec<(&'u Unit, Vec<(Span, usize)>)>;

pub(super) fn referents<'u>(
    doc: &Document,
    names: &[String],
    units: &'u [Unit],
    mentions: &[(Span, usize)],
) -> Referents<'u> {
    let lower: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
    let mut out = Vec::new();
    let mut topic: Option<(usize, usize)> = None;
    for unit in units.iter().filter(|u| u.kind == UnitKind::Sentence) {
        let named = mentions_in(mentions, unit.span);
        if topic.is_some_and(|(block, _)| block != unit.block) {
            topic = None;
        }
        if let Some(&(m, org)) = named.first()
            && CLAUSE_LABEL.is_match(doc.slice(Span::new(unit.span.start, m.start)))
        {
            topic = Some((unit.block, org));
        }
        if !named.is_empty() {
            out.push((unit, named.to_vec()));
            continue;
        }
        let sentence = doc.slice(unit.span);
        // "The Advice Centre shall …" opens a paragraph about the one organisation whose name
        // ends so ("Lynfield Advice Centre").
        let tails = opening_tails(sentence);
        let mut owners = lower
            .iter()
            .enumerate()
            .filter_map(|(o, name)| described(&tails, name).map(|at| (o, at)));
        if let (Some((org, (from, to))), None) = (owners.next(), owners.next()) {
            topic = Some((unit.block, org));
            out.push((
                unit,
                vec![(Span::new(unit.span.start + from, unit.span.start + to), org)],
            ));
            continue;
        }
        let Some((_, org)) = topic else {
            continue;
        };
        if let Some((from, to)) = PRONOUN
            .find(sentence)
            .map(|m| (m.start(), m.end()))
            .or_else(|| described(&tails, &lower[org]))
        {
            out.push((
                unit,
                vec![(Span::new(unit.span.start + from, unit.span.start + to), org)],
            ));
        }
    }
    out
}

/// Counts of one kind of work given to organisations in separate sentences or clauses ("The
/// Lead Member shall support 480 Carers", "Kestrel … shall support 420 Carers", "It shall be
/// responsible for 300 Carers") or list items ("Riverside – 60 young people"): shares of their
/// sum when the document states that sum as a figure of its own (a "Carers supported | 1,200"
/// row), so the counts are known to make the whole. Each count is tied to its organisation by a
/// verb that gives work or as the organisation's label.
pub(super) fn count_ties(
    doc: &Document,
    referents: &Referents,
    quantities: &[Quantity],
    delivery: &mut Vec<Found>,
) {
    // (organisation, count, work noun, sentence, the count's span)
    let mut ties: Vec<(usize, f64, String, Span, Span)> = Vec::new();
    for (unit, here) in referents {
        for q in within(quantities, unit.span) {
            // A count, or a number before a defined term ("480 Carers", which the scanner does
            // not take for a unit).
            let what = match &q.kind {
                QuantityKind::Count { unit } => unit.clone(),
                QuantityKind::Number => doc
                    .slice(Span::new(q.span.end, unit.span.end))
                    .split_whitespace()
                    .take(2)
                    .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => continue,
            };
            let Some(work) = what
                .split_whitespace()
                .filter_map(|w| WORK_SHARE.find(w).filter(|m| m.len() == w.len()))
                .next_back()
            else {
                continue;
            };
            let Some(&(m, org)) = here.iter().rev().find(|(m, _)| m.end <= q.span.start) else {
                continue;
            };
            let gap = between(doc, m.end, q.span.start);
            // By a verb ("Kestrel shall support 420 Carers") or as a label ("Brightpath
            // Training CIC – 75 young people", a list of partners and their numbers).
            if gap.len() > 150
                || gap.contains(';')
                || !(WORK_VERB.is_match(gap) || LABEL_GAP.is_match(gap))
            {
                continue;
            }
            ties.push((
                org,
                q.value,
                work.as_str().to_ascii_lowercase(),
                unit.span,
                q.span,
            ));
        }
    }
    let mut kinds: Vec<&str> = ties.iter().map(|t| t.2.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    for kind in kinds {
        let group: Vec<&(usize, f64, String, Span, Span)> =
            ties.iter().filter(|t| t.2 == kind).collect();
        let mut orgs: Vec<usize> = group.iter().map(|t| t.0).collect();
        orgs.sort_unstable();
        orgs.dedup();
        if orgs.len() < 2 || orgs.len() != group.len() {
            continue;
        }
        let whole: f64 = group.iter().map(|t| t.1).sum();
        let stated = quantities.iter().any(|q| {
            q.value == whole
                && !q.is_money()
                && !q.is_percent()
                && group.iter().all(|t| !t.4.contains(q.span))
        });
        if !stated || whole <= 0.0 {
            continue;
        }
        for t in group {
            delivery.push(Found {
                org: t.0,
                value: t.1 / whole * 100.0,
                of: t.2.clone(),
                span: t.3,
            });
        }
    }
}

/// Counts of one kind of work shared out between organisations in one sentence: "Of these, the
/// Delivery Partner shall provide 270 places, and the Lead Provider shall provide 180 places".
/// Each organisation's count follows its name; the counts are the whole when the sentence says
/// it shares out the figure before it ("Of these") or they add up to a count in the sentence
/// before.
pub(super) fn count_splits(
    doc: &Document,
    units: &[Unit],
    quantities: &[Quantity],
    mentions: &[(Span, usize)],
    delivery: &mut Vec<Found>,
) {
    let mut previous: Option<Span> = None;
    for unit in units.iter().filter(|u| u.kind == UnitKind::Sentence) {
        let before = previous.replace(unit.span);
        let here = mentions_in(mentions, unit.span);
        if here.len() < 2 {
            continue;
        }
        // Each mention with the first count after it, before the next mention.
        let mut parts: Vec<(usize, f64, String)> = Vec::new();
        for (k, &(m, org)) in here.iter().enumerate() {
            let end = here
                .get(k + 1)
                .map_or(unit.span.end, |(next, _)| next.start);
            let Some(q) = within(quantities, Span::new(m.end, end.max(m.end)))
                .iter()
                .find(|q| matches!(q.kind, QuantityKind::Count { .. }))
            else {
                continue;
            };
            let QuantityKind::Count { unit: what } = &q.kind else {
                continue;
            };
            parts.push((org, q.value, what.to_ascii_lowercase()));
        }
        let Some((_, _, what)) = parts.first().cloned() else {
            continue;
        };
        let mut orgs: Vec<usize> = parts.iter().map(|p| p.0).collect();
        orgs.sort_unstable();
        orgs.dedup();
        if parts.len() < 2
            || orgs.len() != parts.len()
            || parts.iter().any(|p| p.2 != what)
            || !WORK_SHARE.is_match(&what)
        {
            continue;
        }
        let whole: f64 = parts.iter().map(|p| p.1).sum();
        let shares_out = OF_THESE.is_match(doc.slice(unit.span))
            || before.is_some_and(|b| {
                within(quantities, b)
                    .iter()
                    .any(|q| matches!(q.kind, QuantityKind::Count { .. }) && q.value == whole)
            });
        if !shares_out || whole <= 0.0 {
            continue;
        }
        for (org, value, what) in parts {
            delivery.push(Found {
                org,
                value: value / whole * 100.0,
                of: what,
                span: unit.span,
            });
        }
    }
}

/// A share stated in a sentence, before it is tied to an organisation.
struct Claim {
    value: f64,
    /// What it is of; `None` when the verb or the sentence decides.
    of: Option<Of>,
    /// The figure (the percentage, or "300 of the 500 participants").
    span: Span,
    /// A percentage with no "of" phrase ("60% to Riverside"): only a split or "Riverside's
    /// share of the funding is 20%" says what it is of.
    bare: bool,
    /// The noun of an "of" phrase that is work or money by the verb ("contract").
    either: String,
}

/// What a percentage's "of" phrase makes it a share of: money, work, or (`Err` with the noun)
/// either, as the verb says.
fn share_of(of: &str) -> Option<Result<Of, String>> {
    if MONEY_SHARE.is_match(of) {
        Some(Ok(Of::Money))
    } else if let Some(m) = WORK_SHARE.find(of) {
        Some(Ok(Of::Work(m.as_str().to_ascii_lowercase())))
    } else {
        EITHER_SHARE
            .find(of)
            .map(|m| Err(m.as_str().to_ascii_lowercase()))
    }
}

/// The shares stated in one sentence: percentages of work or money, and parts of a count or
/// amount.
fn claims(
    doc: &Document,
    unit: Span,
    quantities: &[Quantity],
    percentages: &[Percentage],
) -> Vec<Claim> {
    let mut out = Vec::new();
    let start = percentages.partition_point(|p| p.span.start < unit.start);
    for p in percentages[start..]
        .iter()
        .take_while(|p| p.span.end <= unit.end)
    {
        if matches!(
            p.relation,
            Relation::Rate | Relation::Growth | Relation::Reduction | Relation::OfTarget
        ) || in_range(
            quantities,
            quantities.partition_point(|q| q.span.start < p.span.start),
        ) {
            continue;
        }
        let after = doc.slice(Span::new(p.span.end, unit.end));
        let (of, either) = match &p.of {
            Some(of) => {
                let Some(kind) = share_of(of) else {
                    continue;
                };
                // The text after the "of" phrase: "… of participants into work".
                let rest = after
                    .find(of.as_str())
                    .map_or("", |at| &after[at + of.len()..]);
                if matches!(kind, Ok(Of::Work(_))) && OUTCOME_AFTER.is_match(head(rest, 40)) {
                    continue;
                }
                match kind {
                    Ok(of) => (Some(of), String::new()),
                    Err(noun) => (None, noun),
                }
            }
            None => (None, String::new()),
        };
        out.push(Claim {
            value: p.value,
            of,
            span: p.span,
            bare: p.of.is_none(),
            either,
        });
    }
    // "300 of the 500 participants", "£50,000 of the £200,000 contract".
    let inside = within(quantities, unit);
    for pair in inside.windows(2) {
        let (part, whole) = (&pair[0], &pair[1]);
        if part.span.end > whole.span.start
            || !PART_OF.is_match(between(doc, part.span.end, whole.span.start))
        {
            continue;
        }
        if whole.value <= 0.0 || part.value > whole.value {
            continue;
        }
        let of = match (&part.kind, &whole.kind) {
            (QuantityKind::Money { .. }, QuantityKind::Money { .. }) => Of::Money,
            (QuantityKind::Number | QuantityKind::Count { .. }, QuantityKind::Count { unit }) => {
                match WORK_SHARE.find(unit) {
                    Some(m) => Of::Work(m.as_str().to_ascii_lowercase()),
                    None => continue,
                }
            }
            _ => continue,
        };
        let after = doc.slice(Span::new(whole.span.end, unit.end));
        if matches!(of, Of::Work(_)) && OUTCOME_AFTER.is_match(head(after, 40)) {
            continue;
        }
        out.push(Claim {
            value: part.value / whole.value * 100.0,
            of: Some(of),
            span: part.span.cover(whole.span),
            bare: false,
            either: String::new(),
        });
    }
    // "2,600 of those Delivery Hours": a part of a count stated before, in an earlier sentence
    // ("shall together deliver 4,000 Delivery Hours").
    for part in inside {
        if !matches!(part.kind, QuantityKind::Number)
            || out.iter().any(|c| c.span.contains(part.span))
        {
            continue;
        }
        let after = doc.slice(Span::new(part.span.end, unit.end));
        let Some(rest) = BACK_OF.find(after).map(|m| &after[m.end()..]) else {
            continue;
        };
        // The noun: the words up to the first that names work, at most four ("Advice
        // Appointments", "Delivery Hours" are hours).
        let mut noun = String::new();
        let mut work = None;
        for word in rest.split_whitespace().take(4) {
            let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            if !noun.is_empty() {
                noun.push(' ');
            }
            noun.push_str(word);
            if let Some(m) = WORK_SHARE.find(word).filter(|m| m.len() == word.len()) {
                work = Some(m.as_str().to_ascii_lowercase());
                break;
            }
        }
        let Some(work) = work else {
            continue;
        };
        let noun = noun.to_ascii_lowercase();
        let earlier = &quantities[..quantities.partition_point(|q| q.span.start < unit.start)];
        // The nearest count of the same noun before ("240 home visits" in the summary, "120 of
        // the home visits" in the partner's section), within BACK_LOOK quantities.
        let whole = earlier
            .iter()
            .rev()
            .take(BACK_LOOK)
            .find(|q| match &q.kind {
                QuantityKind::Count { unit } => unit.to_ascii_lowercase().ends_with(&noun),
                // "4,000 Delivery Hours": a defined term is not read as a unit.
                QuantityKind::Number => {
                    let next = doc.slice(Span::new(
                        q.span.end,
                        (q.span.end + noun.len() + 1).min(doc.text.len()),
                    ));
                    next.trim_start().to_ascii_lowercase().starts_with(&noun)
                }
                _ => false,
            });
        let Some(whole) = whole else {
            continue;
        };
        if whole.value <= 0.0 || part.value > whole.value {
            continue;
        }
        out.push(Claim {
            value: part.value / whole.value * 100.0,
            of: Some(Of::Work(work)),
            span: part.span,
            bare: false,
            either: String::new(),
        });
    }
    // "half of the 48 creative workshops", "a third of our sessions": a fraction of work.
    let text = doc.slice(unit);
    for m in FRACTION.captures_iter(text) {
        let (Some(all), Some(which)) = (m.get(0), m.get(1)) else {
            continue;
        };
        let value = match which
            .as_str()
            .to_ascii_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()[..]
        {
            ["half"] => 50.0,
            [_, "third"] => 100.0 / 3.0,
            ["two", "thirds"] => 200.0 / 3.0,
            [_, "quarter"] => 25.0,
            ["three", "quarters"] => 75.0,
            [_, "fifth"] => 20.0,
            _ => continue,
        };
        let rest = &text[all.end()..];
        let Some(work) = rest
            .split_whitespace()
            .take(5)
            .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
            .find_map(|w| WORK_SHARE.find(w).filter(|m| m.len() == w.len()))
        else {
            continue;
        };
        let span = Span::new(unit.start + all.start(), unit.start + all.end());
        if out
            .iter()
            .any(|c| c.span.start < span.end && span.start < c.span.end)
        {
            continue;
        }
        if OUTCOME_AFTER.is_match(head(rest, 60)) {
            continue;
        }
        out.push(Claim {
            value,
            of: Some(Of::Work(work.as_str().to_ascii_lowercase())),
            span,
            bare: false,
            either: String::new(),
        });
    }
    out.sort_by_key(|c| c.span);
    out
}

/// A fraction of something: "half of the", "a third of our", "two thirds of those".
static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(half|(?:a|one)\s+third|two\s+thirds|(?:a|one)\s+quarter|three\s+quarters|(?:a|one)\s+fifth)\s+of\s+(?:the|our|those|these|its|their|all)\s+")
        .expect("static regex")
});

/// How many quantities back a "N of the <noun>" looks for its whole: far enough for a summary
/// pages before, bounded so that a document of thousands of such phrases stays linear.
const BACK_LOOK: usize = 2_000;

/// After a number, "of those", "of these", "of the": what follows is the noun of a count
/// stated before ("2,600 of those Delivery Hours").
static BACK_OF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s+of\s+(?:those|these|the)\s+").expect("static regex"));

/// The text from `a` to `b` (empty if `b` is before `a`).
fn between(doc: &Document, a: usize, b: usize) -> &str {
    doc.slice(Span::new(a, b.max(a)))
}

pub(super) fn text_shares(
    doc: &Document,
    referents: &Referents,
    quantities: &[Quantity],
    percentages: &[Percentage],
    delivery: &mut Vec<Found>,
    funding: &mut Vec<Found>,
) {
    for (unit, here) in referents {
        let here = &here[..];
        let claims = claims(doc, unit.span, quantities, percentages);
        if claims.is_empty() {
            continue;
        }
        // What a bare split is of: the words before its first percentage ("referrals are split
        // 60% to …").
        let lead = between(doc, unit.span.start, claims[0].span.start);
        let split_of = SPLIT_CUE.is_match(lead).then(|| {
            if MONEY_SHARE.is_match(lead) {
                Some(Of::Money)
            } else {
                WORK_SHARE
                    .find(lead)
                    .map(|m| Of::Work(m.as_str().to_ascii_lowercase()))
            }
        });
        // The organisation and kind of the last work share, for "… for 20% of the funding".
        let mut last_work: Option<usize> = None;
        for claim in &claims {
            let before = here
                .iter()
                .rev()
                .find(|(m, _)| m.end <= claim.span.start)
                .copied();
            let after = here
                .iter()
                .find(|(m, _)| m.start >= claim.span.end)
                .copied();
            let tied = tie_before(claim, before, doc, last_work, unit.span.start)
                .or_else(|| tie_after(claim, after, doc, split_of.as_ref()));
            let Some((org, of)) = tied else {
                continue;
            };
            if !(0.0..=100.0).contains(&claim.value) {
                continue;
            }
            match of {
                Of::Work(what) if claim.value > 0.0 => {
                    last_work = Some(org);
                    delivery.push(Found {
                        org,
                        value: claim.value,
                        of: what,
                        span: unit.span,
                    });
                }
                Of::Work(_) => {}
                Of::Money => funding.push(Found {
                    org,
                    value: claim.value,
                    of: String::new(),
                    span: unit.span,
                }),
            }
        }
    }
}

/// Tie a claim to the organisation named before it: "Riverside will deliver 60% of …",
/// "Riverside: 60% of …", "Riverside's share of the funding is 20%", "… 60% of the referrals for
/// 20% of the funding".
fn tie_before(
    claim: &Claim,
    before: Option<(Span, usize)>,
    doc: &Document,
    last_work: Option<usize>,
    unit_start: usize,
) -> Option<(usize, Of)> {
    let (m, org) = before?;
    let gap = between(doc, m.end, claim.span.start);
    if gap.contains(';') || gap.len() > 150 {
        return None;
    }
    // The verb decides only for nouns that can be either ("60% of the contract").
    let by_verb = |verb: Of| match (&claim.of, claim.bare) {
        (Some(of), _) => Some(of.clone()),
        (None, false) if verb == Of::Money => Some(Of::Money),
        (None, false) => Some(Of::Work(claim.either.clone())),
        (None, true) => None,
    };
    let tied = if LABEL_GAP.is_match(gap) {
        claim.of.clone()
    } else if WORK_VERB.is_match(gap) {
        by_verb(Of::Work(String::new()))
    } else if MONEY_VERB.is_match(gap) {
        by_verb(Of::Money)
    } else if claim.bare {
        SHARE_OF
            .captures(gap)
            .and_then(|c| share_of(c.get(1)?.as_str())?.ok())
    } else {
        None
    };
    if let Some(of) = tied {
        return Some((org, of));
    }
    // Money in return for the work just before it, for the organisation doing that work.
    let worker = last_work?;
    (claim.of == Some(Of::Money)
        && IN_RETURN.is_match(tail(between(doc, unit_start, claim.span.start), 120)))
    .then_some((worker, Of::Money))
}

/// Tie a claim to the organisation named after it: "60% of participants will be supported by
/// Riverside", "20% of the funding goes to Riverside", "split 60% to Riverside".
fn tie_after(
    claim: &Claim,
    after: Option<(Span, usize)>,
    doc: &Document,
    split_of: Option<&Option<Of>>,
) -> Option<(usize, Of)> {
    let (m, org) = after?;
    let gap = between(doc, claim.span.end, m.start);
    let of = match &claim.of {
        Some(of @ Of::Work(_)) if WORK_AFTER.is_match(gap) => of.clone(),
        Some(Of::Money) if MONEY_AFTER.is_match(gap) => Of::Money,
        None if claim.bare && SPLIT_AFTER.is_match(gap) => split_of?.clone()?,
        _ => return None,
    };
    Some((org, of))
}

/// Compile this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&OF_THESE);
    LazyLock::force(&MONEY_SHARE);
    LazyLock::force(&WORK_SHARE);
    LazyLock::force(&BACK_OF);
    LazyLock::force(&PRONOUN);
    LazyLock::force(&DESCRIBED);
    LazyLock::force(&CLAUSE_LABEL);
    LazyLock::force(&FRACTION);
    LazyLock::force(&EITHER_SHARE);
    LazyLock::force(&WORK_VERB);
    LazyLock::force(&MONEY_VERB);
    LazyLock::force(&SHARE_OF);
    LazyLock::force(&IN_RETURN);
    LazyLock::force(&LABEL_GAP);
    LazyLock::force(&WORK_AFTER);
    LazyLock::force(&MONEY_AFTER);
    LazyLock::force(&SPLIT_AFTER);
    LazyLock::force(&SPLIT_CUE);
    LazyLock::force(&OUTCOME_AFTER);
    LazyLock::force(&PART_OF);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{PARTIES, shares};

    #[test]
    fn a_part_of_a_count_stated_in_an_earlier_sentence() {
        let text = format!(
            "{PARTIES}3.1 The Partners shall between them run 1,200 Advice Appointments in each Contract Year.\n\n3.2 Riverside Advice Centre shall deliver 720 of those Advice Appointments.\n\n3.3 Riverside Advice Centre shall receive 30% of the Contract Price.\n"
        );
        assert_eq!(
            shares(&text),
            [(
                "Riverside Advice Centre".into(),
                60.0,
                "appointments".into(),
                30.0
            )]
        );
        // No count of that noun before: nothing to be a part of.
        let text = format!(
            "{PARTIES}Riverside Advice Centre shall deliver 720 of those Advice Appointments. Riverside Advice Centre shall receive 30% of the Contract Price.\n"
        );
        assert_eq!(shares(&text), []);
    }

    #[test]
    fn a_sentence_saying_its_goes_on_about_the_organisation_before() {
        let text = format!(
            "{PARTIES}We will support 400 families over two years. Northside Youth Project CIC runs the youth café on Mill Road. From there, its staff will provide holiday activities to 240 of the families we support. Riverside Advice Centre will receive 10% of the funding and Northside Youth Project CIC will receive 15% of the funding.\n"
        );
        assert_eq!(
            shares(&text),
            [(
                "Northside Youth Project CIC".into(),
                60.0,
                "families".into(),
                15.0
            )]
        );
        // In a new paragraph "its" has no organisation to stand for.
        let text = format!(
            "{PARTIES}We will support 400 families over two years. Northside Youth Project CIC runs the youth café on Mill Road.\n\nFrom there, its staff will provide holiday activities to 240 of the families we support. Northside Youth Project CIC will receive 15% of the funding.\n"
        );
        assert_eq!(shares(&text), []);
    }

    #[test]
    fn counts_given_clause_by_clause_that_make_a_stated_whole() {
        let text = format!(
            "{PARTIES}| Measure | Target |\n|---|---|\n| Families supported | 500 |\n\n2.1 Brightside Housing Trust shall work with 100 Families.\n\n2.2 The Centre shall run the debt clinics. It shall be responsible for 300 Families.\n\n2.3 Northside Youth Project CIC shall support 100 Families.\n\n| Partner | Allocation |\n|---|---|\n| Brightside Housing Trust | £50,000 |\n| Riverside Advice Centre | £30,000 |\n| Northside Youth Project CIC | £20,000 |\n| Total | £100,000 |\n"
        );
        assert!(
            shares(&text).contains(&(
                "Riverside Advice Centre".into(),
                60.0,
                "families".into(),
                30.0
            )),
            "{:?}",
            shares(&text)
        );
        // Counts that do not make a figure the document states are not shares of a whole.
        let text = text.replace("| 500 |", "| 650 |");
        assert!(
            shares(&text)
                .iter()
                .all(|s| s.0 != "Riverside Advice Centre"),
            "{:?}",
            shares(&text)
        );
    }

    #[test]
    fn a_list_of_partners_and_their_numbers_that_make_a_stated_whole() {
        let text = format!(
            "{PARTIES}We will work with 400 young people over two years.\n\n- **Riverside Advice Centre** – 240 young people, through its drop-in.\n- **Northside Youth Project CIC** – 100 young people, through detached work.\n- **Brightside Housing Trust** – 60 young people, through its hostels.\n\n| Partner | Grant |\n|---|---|\n| Brightside Housing Trust | £50,000 |\n| Riverside Advice Centre | £30,000 |\n| Northside Youth Project CIC | £20,000 |\n| Total | £100,000 |\n"
        );
        assert!(
            shares(&text).contains(&(
                "Riverside Advice Centre".into(),
                60.0,
                "people".into(),
                30.0
            )),
            "{:?}",
            shares(&text)
        );
    }

    #[test]
    fn fractions_of_work_in_words() {
        let text = format!(
            "{PARTIES}Northside Youth Project CIC runs a youth café. They will lead half of the 40 weekly sessions. Northside Youth Project CIC will receive 20% of the funding.\n"
        );
        assert_eq!(
            shares(&text),
            [(
                "Northside Youth Project CIC".into(),
                50.0,
                "sessions".into(),
                20.0
            )]
        );
    }

    #[test]
    fn shares_stated_in_sentences() {
        let text = format!(
            "{PARTIES}Riverside will deliver 60% of the outcomes. Riverside will receive 20% of the contract value.\n\n60% of referrals will be seen by Northside Youth Project CIC, for 15% of the funding.\n"
        );
        assert_eq!(
            shares(&text),
            [
                (
                    "Riverside Advice Centre".into(),
                    60.0,
                    "outcomes".into(),
                    20.0
                ),
                (
                    "Northside Youth Project CIC".into(),
                    60.0,
                    "referrals".into(),
                    15.0
                ),
            ]
        );
        let text = format!(
            "{PARTIES}Northside Youth Project CIC will handle 35% of the referrals for just 10% of the funding.\n\nThe funding is split 50% to Brightside Housing Trust, 30% to Riverside Advice Centre and 20% to Northside Youth Project CIC.\n"
        );
        assert_eq!(
            shares(&text),
            [(
                "Northside Youth Project CIC".into(),
                35.0,
                "referrals".into(),
                10.0
            )]
        );
        // A split of the work naming each partner, against the funding split.
        let text = format!(
            "{PARTIES}Referrals will be divided 50% to Riverside and 50% to Northside.\n\nThe funding is split 70% to Brightside Housing Trust, 20% to Riverside and 10% to Northside.\n"
        );
        assert_eq!(
            shares(&text),
            [
                (
                    "Riverside Advice Centre".into(),
                    50.0,
                    "referrals".into(),
                    20.0
                ),
                (
                    "Northside Youth Project CIC".into(),
                    50.0,
                    "referrals".into(),
                    10.0
                ),
            ]
        );
    }
}
