//! The words that say whether figures add up: column headers of unit costs, rates and
//! comparisons, headers and sentences that share something out, nouns for money and for work.
//!
//! Read by every kind of sum in a table, and by [`crate::analyse::shares`] to tell what a
//! column holds. A word belongs in the pattern whose doc names its meaning; a new pattern is
//! compiled in [`warm_up`].

use std::sync::LazyLock;

use regex::Regex;

/// Column headers whose figures do not add up down a column or across a row: unit costs,
/// rates, averages, caps, and comparisons with another period or a plan.
static NOT_ADDITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:per|each|average|avg|mean|median|rate|ratio|unit\s+(?:cost|price)|max|maximum|min|minimum|cap|previous|prior|last|current|existing|actual|spent|original|revised|variance|difference|change|baseline|benchmark|cumulative)\b")
        .expect("static regex")
});
/// A period after "per" or "each": amounts per year add up across partners and budget lines.
static PER_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:per|each|a|every)\s+(?:(?:contract|financial|calendar|academic|funding)\s+)?(?:year|annum|month|quarter|week)\b").expect("static regex")
});

/// Headers of periods, whose money columns add up to the row's whole ("Year 1", "Q3", "2025/26").
pub(crate) static PERIOD_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:year|yr|y|q|quarter|month|phase|stage|fy)\s*\d|^\W*\d{4}(?:\s*[/–-]\s*\d{2,4})?\W*$")
        .expect("static regex")
});

/// A header without the period its figures are per ("Sessions per Contract Year" is sessions):
/// the period names no money.
pub(crate) fn without_period(header: &str) -> std::borrow::Cow<'_, str> {
    PER_PERIOD.replace_all(header, " ")
}

/// True when a column header says its figures do not add up down a column or across a row.
pub(crate) fn not_additive(header: &str) -> bool {
    NOT_ADDITIVE.is_match(&PER_PERIOD.replace_all(header, " "))
}

/// Percentages that measure rather than share out: rates, targets, changes, weightings.
pub(crate) static RATE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:rates?|targets?|success|achieved|achievement|satisfaction|attendance|completion|retention|increase|decrease|change|growth|reduction|improvement|uplift|margin|discount|vat|interest|score|weighting|probability|confidence|likelihood|expected|forecast)\b")
        .expect("static regex")
});

/// A header that gives a share of something.
pub(super) static SPLIT_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)%|\b(?:share|split|allocation|proportion|percentage|per\s*cent)\b")
        .expect("static regex")
});

/// Nouns for money.
pub(crate) static MONEY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:fund(?:ing|s)?|budget|contract|value|grant|income|price|payments?|money|costs?|allocation|award|spend|fee|fees)\b")
        .expect("static regex")
});

/// Nouns for work that can be shared between partners.
pub(crate) static WORK_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:work|delivery|participants?|outcomes?|referrals?|starts|sessions|volumes?|caseloads?|places|hours|activity|activities|clients?|families|households|cases|learners|beneficiaries|service\s+users|young\s+people|people|carers|tenants|residents|mentees|groups|clubs|classes|cohorts|visits|appointments|workshops|courses|parcels|assessments|interventions)\b")
        .expect("static regex")
});

/// First-column headers of tables whose rows are the parties to a split.
pub(super) static PARTY_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:partners?|members?|organisations?|organizations?|providers?|subcontractors?|sub-contractors?|parties|party|lead|agency|agencies|consortium)\b")
        .expect("static regex")
});

/// Words that say a whole is being divided.
pub(super) static SPLIT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:split|shared?|divided|allocat(?:ed|ion)|apportioned|distributed|breakdown|proportions?)\b")
        .expect("static regex")
});

/// Index columns ("Line", "No.", "#"): their figures number the rows.
pub(crate) fn is_index_header(header: &str) -> bool {
    let h = header
        .trim()
        .trim_end_matches(['.', ':'])
        .to_ascii_lowercase();
    matches!(
        h.as_str(),
        "line"
            | "no"
            | "nr"
            | "#"
            | "ref"
            | "item no"
            | "id"
            | "row"
            | "number"
            | "line no"
            | "item"
    )
}

/// Compile this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&PERIOD_HEADER);
    LazyLock::force(&NOT_ADDITIVE);
    LazyLock::force(&PER_PERIOD);
    LazyLock::force(&RATE_LIKE);
    LazyLock::force(&SPLIT_HEADER);
    LazyLock::force(&MONEY_WORDS);
    LazyLock::force(&WORK_WORDS);
    LazyLock::force(&PARTY_HEADER);
    LazyLock::force(&SPLIT_WORDS);
}
