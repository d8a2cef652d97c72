//! Where names are found, with the context that makes them organisations: party clauses and
//! lines, partners' lists and tables, "in partnership with …".

use std::sync::LazyLock;

use regex::Regex;

use super::Role;
use super::cues::{
    AFTER_CUES, BEFORE_CUES, REGISTERED_AFTER, described_role, role_word, section_role,
};
use crate::analyse::names::runs::{Run, trim_title};
use crate::analyse::names::words::looks_like_org;
use crate::analyse::parties::Party;
use crate::analyse::text::{Unit, UnitKind, tail, window};
use crate::document::{BlockKind, Document, Span};

pub(super) static PARTIES_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:the\s+)?parties(?:\s+to\s+this\s+\w+)?\s*(?:are)?\s*:")
        .expect("static regex")
});

pub(super) static PARTY_LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\(?\d{1,2}[.)]\s*|\([a-z]\)\s*)?(?:between|and)?\s*")
        .expect("static regex")
});

pub(super) static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:made|entered\s+into|is|are)\s+(?:on\s+[^,]{0,30}\s+)?between\s+")
        .expect("static regex")
});

/// A column of partners: "Delivered by", "Partner organisation", "Subcontractors". Whole words:
/// a column headed with a name ("Great Lakes Gas Transmission Limited Partnership") is not one.
static PARTNER_COLUMN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:deliver(?:ed|y)\s+by|partners?|members?|organi[sz]ations?|sub-?contractors?|providers?)(?-u:\b)")
        .expect("static regex")
});

/// A name found, with how it was found.
pub(super) struct Found {
    pub(super) span: Span,
    pub(super) unit: usize,
    /// Role implied by where it was found (a partners list, a party clause, a role cell).
    pub(super) role: Option<Role>,
    /// True when the context alone makes it an organisation, whatever its shape.
    pub(super) structural: bool,
    /// True for the name that opens a party line; its aliases may come anywhere in the line.
    pub(super) party: bool,
}

/// Every name candidate, with structural context where it has one.
/// `unit_runs` holds each unit's capitalised runs.
pub(super) fn candidates(
    doc: &Document,
    units: &[Unit],
    unit_runs: &[Vec<Run>],
    parties: &[Party],
) -> Vec<Found> {
    let text = &doc.text;
    // For cheap literal checks that gate the regexes below: ASCII lower-casing keeps every
    // byte offset, so a span of `text` is the same span of `lower`.
    let lower = text.to_ascii_lowercase();
    // Read once per section, not once per unit.
    let section_roles: Vec<Option<Role>> = doc
        .sections
        .iter()
        .map(|s| section_role(&s.title))
        .collect();
    let untitled_role = section_role("");
    let mut found = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        let block = &doc.blocks[unit.block];
        let unit_text = &text[unit.span.range()];
        if unit.kind == UnitKind::Heading {
            continue;
        }
        let section_role = block
            .section
            .and_then(|s| section_roles.get(s).copied())
            .unwrap_or(untitled_role);
        // "Royal Bank of Scotland plc": British names write "plc" in lower case, and it is
        // part of the name before it (no capitalised run reaches it).
        let unit_runs: Vec<Run> = unit_runs[u]
            .iter()
            .map(|&r| {
                let mut run = trim_title(text, r);
                let end = run.span.end + " plc".len();
                if end <= unit.span.end
                    && text[run.span.end..].starts_with(" plc")
                    && !text[end..].starts_with(char::is_alphanumeric)
                {
                    run.span = Span::new(run.span.start, end);
                    run.words += 1;
                }
                run
            })
            .collect();
        // The first name in a party line, a partners list item, or after a numbered party mark.
        let first_run = unit_runs.first().copied();
        // A party's line: it opens with a name the parties reader found.
        let in_parties = first_run.is_some_and(|r| {
            parties
                .iter()
                .any(|p| r.span.start <= p.name.start && p.name.start < r.span.end)
        });
        // The tests that need no regex first: most units fail them.
        let party_line = in_parties
            || unit.kind == UnitKind::Sentence
                && doc.blocks.len() > 1
                && unit.block < 30
                && doc.slice(block.span).len() > 60
                && PARTY_LEAD_IN.find(unit_text).is_some_and(|m| {
                    let lead = m.as_str().trim();
                    (lead.starts_with('(')
                        || lead.eq_ignore_ascii_case("between")
                        || lead.eq_ignore_ascii_case("and"))
                        && REGISTERED_AFTER.is_match(
                            &text[first_run.map_or(unit.span.end, |r| r.span.end)..unit.span.end],
                        )
                });
        match unit.kind {
            UnitKind::Row { row, header } if !header => {
                table_names(doc, unit, u, row, &unit_runs, &mut found);
            }
            _ => {}
        }
        // "Parties: A (…) ("A"); B (…); and C (…)." names every party in one line.
        let parties_line = PARTIES_LINE.is_match(unit_text);
        for (i, run) in unit_runs.iter().enumerate() {
            let before = &text[unit.span.start..run.span.start];
            if parties_line && i > 0 && looks_like_org(&text[run.span.range()]) {
                // Each party's aliases follow its own name directly, so `party` stays false.
                found.push(Found {
                    span: run.span,
                    unit: u,
                    role: Some(Role::Partner),
                    structural: true,
                    party: false,
                });
                continue;
            }
            let mut role = None;
            let mut structural = false;
            let mut party = false;
            if i == 0
                && before
                    .trim_start_matches(|c: char| !c.is_alphanumeric())
                    .len()
                    <= 12
            {
                if party_line {
                    role = Some(Role::Partner);
                    structural = true;
                    party = true;
                } else if let (Some(section_role), BlockKind::ListItem { .. }) =
                    (section_role, &block.kind)
                {
                    // A list item in a partners section names a partner when the name has an
                    // organisation's shape or the item says what it will do; a bare name there
                    // may be a person or a topic ("Nothing in this Agreement …").
                    let after = window(text, run.span.end, 120);
                    let described = AFTER_CUES
                        .iter()
                        .any(|cue| cue.role == section_role && cue.pattern.is_match(after));
                    if looks_like_org(&text[run.span.range()]) || described {
                        role = Some(section_role);
                        structural = run.words <= 8;
                    }
                }
            }
            // The literal test first: it fails for almost every run, and then no cue is run.
            if lower[unit.span.start..run.span.start].contains("partnership with")
                && BEFORE_CUES
                    .iter()
                    .any(|cue| cue.role == Role::Partner && cue.pattern.is_match(tail(before, 80)))
            {
                structural = true;
            }
            found.push(Found {
                span: run.span,
                unit: u,
                role,
                structural,
                party,
            });
        }
        // "made between X and Y": the names after "between" and "and" are parties. Every match
        // holds "between" in ASCII letters (no other letter folds to them: see the tests), and
        // most units have none, so the literal test spares the regex.
        if lower[unit.span.range()].contains("between")
            && let Some(m) = BETWEEN.find(unit_text)
        {
            let after = unit.span.start + m.end();
            for run in unit_runs.iter().filter(|r| r.span.start >= after).take(2) {
                found.push(Found {
                    span: run.span,
                    unit: u,
                    role: Some(Role::Partner),
                    structural: false,
                    party: false,
                });
            }
        }
    }
    found
}

/// Names in a table row: a role cell ("Commissioner | X") gives the row's names that role; a
/// column headed "Partner", "Member" or "Delivered by" holds partners.
pub(super) fn table_names(
    doc: &Document,
    unit: &Unit,
    u: usize,
    row: usize,
    unit_runs: &[Run],
    found: &mut Vec<Found>,
) {
    let BlockKind::Table(table) = &doc.blocks[unit.block].kind else {
        return;
    };
    let Some(cells) = table.rows.get(row).map(|r| &r.cells) else {
        return;
    };
    let row_role = cells.iter().find_map(|&cell| role_word(doc.slice(cell)));
    let header = table.header();
    for (c, &cell) in cells.iter().enumerate() {
        let column = header
            .and_then(|h| h.cells.get(c))
            .map_or("", |&span| doc.slice(span))
            .to_ascii_lowercase();
        let column_role = if PARTNER_COLUMN.is_match(&column) {
            Some(Role::Partner)
        } else {
            role_word(&column)
        };
        // In a who-does-what table, what the row says the organisation does decides between
        // partner, lead and referrer ("Ashdown Youth Project | Leads the project; …").
        let column_role = match column_role {
            Some(Role::Partner) => cells
                .iter()
                .skip(c + 1)
                .map(|&other| doc.slice(other))
                .find(|other| !other.trim().is_empty())
                .and_then(described_role)
                .or(Some(Role::Partner)),
            other => other,
        };
        let role = row_role
            .filter(|_| role_word(doc.slice(cell)).is_none())
            .or(column_role);
        let Some(role) = role else { continue };
        // The cell's leading name.
        if let Some(run) = unit_runs.iter().find(|r| cell.contains(r.span)) {
            let lead_text = &doc.text[cell.start..run.span.start];
            // "SIGNATURE: | SIGNATURE:" under "THE BUYER: | THE SELLER:": a label, not a name.
            let label = doc.text[run.span.end..cell.end]
                .trim_start()
                .starts_with(':');
            if lead_text.trim().is_empty() && !label && role_word(doc.slice(run.span)).is_none() {
                found.push(Found {
                    span: run.span,
                    unit: u,
                    role: Some(role),
                    structural: run.words <= 8,
                    party: false,
                });
            }
        }
    }
}
