//! What a percentage is of, what a target promises, and what a budget buys per person.
//!
//! - [`Relation`] (`percentage`): a percentage read in its sentence: a share of a set ("105% of
//!   participants"), a rate ("a success rate of 98%"), growth or reduction ("an increase of
//!   150%", "reduce … by 30%"), over-achievement ("120% of target"), or a share of money ("10% of
//!   the contract value").
//! - [`Target`] (`target`): a promise about people: a percentage or a universal ("all",
//!   "every", "100%") attached to what will happen to them, classed as an *outcome* (into work,
//!   tenancy sustained) or a *process* (contacted within 2 days, DBS-checked), from the words of
//!   the promise.
//! - [`UnitCost`] (`unit_cost`): money and a number of people tied together in one sentence or
//!   table row.
//!
//! Shared by the three and kept here: who counts as people (`PEOPLE`, `is_people`) and the
//! clause before a position (`clause_before`). A new reading of one of them belongs in its
//! file, with a test there; a new pattern is compiled in that file's `warm_up`.

mod percentage;
mod target;
mod unit_cost;

pub use percentage::{Percentage, Relation, percentages, read_table_rows};
pub use target::{Target, TargetClass, targets};
pub use unit_cost::{UnitCost, unit_costs};

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
    "graders",
    "year olds",
    "year-olds",
    "toddlers",
    "youngsters",
    "teens",
    "seniors",
    "elders",
    "newcomers",
    "asylum seekers",
    "rough sleepers",
    "kids",
    "guests",
    "customers",
];

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

/// Compile this module's patterns now (a spare thread does, at start-up; see
/// [`super::warm_up`]).
pub(super) fn warm_up() {
    percentage::warm_up();
    target::warm_up();
}
