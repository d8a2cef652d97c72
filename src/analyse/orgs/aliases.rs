//! The other names of an organisation: aliases defined after its name (quoted, bracketed
//! acronyms, "referred to as"), short forms used alone, and folding names that are aliases of
//! another.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::candidates::Found;
use super::cues::role_word;
use super::{Entity, RoleEvidence};
use crate::analyse::names::legal;
use crate::analyse::names::runs::{Run, runs};
use crate::analyse::names::words::{LEADING_NON_NAME, ORG_WORDS, looks_like_org, name_key};
use crate::analyse::text::Unit;
use crate::document::{Document, Span};

/// A role word standing alone in a table cell or a party line ("Commissioner", "Bidder").
pub(super) static ALIAS_GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\(([^()]{1,160})\)"#).expect("static regex"));

pub(super) static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"["“”]([^"“”]{1,60})["“”]"#).expect("static regex"));

pub(super) static REFERRED_AS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?-u:\b)(?:referred to as|known as|called|hereinafter)\s+(?:the\s+)?["“]([^"“”]{1,60})["”]"#)
        .expect("static regex")
});

/// The words between a name and its trading name.
static TRADING_AS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*,?\s*(?:d/b/a|d\.b\.a\.|dba|doing\s+business\s+as|trading\s+as|t/a|a/k/a|also\s+known\s+as)\s+(?:the\s+)?")
        .expect("static regex")
});

pub(super) static ACRONYM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z][A-Z0-9&]{1,7}$").expect("static regex"));

/// A description between a name and the bracket that defines its term: an appositive ("a
/// Delaware limited liability company", "a federal savings bank located in Athens,
/// Tennessee"), an address ("of 4 Mill Lane, Wexcombe"), a place of business ("having its
/// principal office at …"). No semicolon, bracket or quote inside, no sentence's end (an
/// abbreviation's stop, "St. Andrew Place", is not one), and not another party ("and").
static DESCRIPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^(?:an?|having|with|whose|organi[sz]ed|incorporated|located|of|at)\s[^;()“”"]{0,250}"#,
    )
    .expect("static regex")
});

/// The end of a sentence inside a description: a full stop after a word of three or more
/// lower-case letters, then a capital.
static SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[a-z]{3}\.\s+[A-Z]").expect("static regex"));

/// Aliases defined after a name in its unit: quoted names in the next bracket group,
/// `referred to as "…"`, or a bracketed acronym. A role alias (`the "Lead Provider"`) also gives
/// the role.
pub(super) fn define_aliases(text: &str, units: &[Unit], f: &Found, entity: &mut Entity) {
    let unit = units[f.unit];
    // A name that ends its unit may have its definition open the next one: a page or line
    // break in a PDF falls between "Gulf Medical Supply, Inc." and "("GMS"), a corporation".
    let end = match units.get(f.unit + 1) {
        Some(next)
            if text[f.span.end..unit.span.end]
                .trim_matches(|c: char| c.is_whitespace() || c == '.')
                .is_empty()
                && text[next.span.range()].trim_start().starts_with('(') =>
        {
            next.span.end
        }
        _ => unit.span.end,
    };
    let mut after = &text[f.span.end..end];
    // "Tribute Pharmaceuticals Inc. (the “Corporation”)": the full stop of an abbreviated
    // legal form that the name's run left out.
    if let Some(rest) = after.strip_prefix('.')
        && legal::has_form(&format!("{}.", &text[f.span.range()]))
    {
        after = rest;
    }
    // "Greater Delaware Valley Savings Bank d/b/a Alliance Bank, a … bank (the “Bank”)", "Kite
    // Hill Ltd trading as Kite Hill Arts": the trading name is another name of the same
    // organisation, and the term after it is still this one's.
    let mut trading_name = None;
    if let Some(marker) = TRADING_AS.find(after) {
        let from = f.span.end + marker.end();
        if let Some(run) = runs(text, Span::new(from, end))
            .first()
            .filter(|run| run.span.start == from)
        {
            // A form read past the unit (into the next paragraph) ends with it.
            let trading_end = legal::form_end(text, run.span.end)
                .unwrap_or(run.span.end)
                .min(end);
            trading_name = Some(Span::new(from, trading_end));
            after = &text[trading_end..end];
        }
    }
    // A party line defines its party's aliases anywhere in the line; elsewhere the alias must
    // follow the name directly (after any registration-number brackets).
    let window = if f.party {
        after
    } else {
        direct_brackets(after)
    };
    let add = |alias: &str, entity: &mut Entity, span: Span| {
        let alias = alias.trim().trim_start_matches("the ").trim();
        if alias.is_empty() || alias.len() > 60 {
            return;
        }
        let generic = matches!(
            alias.to_ascii_lowercase().as_str(),
            "member" | "members" | "partner" | "partners" | "party" | "parties"
        );
        if let Some(role) = role_word(alias) {
            // "Member" and "Members" name every party at once: a role on a party line, and no
            // one's alias.
            if !generic || f.party {
                entity.roles.push(RoleEvidence { role, span });
            }
        }
        if generic {
            return;
        }
        if name_key(alias) != entity.key && !entity.aliases.iter().any(|a| a == alias) {
            entity.aliases.push(alias.to_string());
        }
    };
    if let Some(span) = trading_name {
        add(&text[span.range()], entity, span);
    }
    for group in ALIAS_GROUP.captures_iter(window) {
        let inner = group.get(1).map_or("", |m| m.as_str());
        if is_registration(inner) {
            continue;
        }
        let quoted: Vec<&str> = QUOTED
            .captures_iter(inner)
            .filter_map(|c| c.get(1))
            .map(|m| m.as_str())
            .collect();
        if !quoted.is_empty() {
            for q in quoted {
                add(q, entity, f.span);
            }
            break;
        }
        let bare = inner.trim();
        if ACRONYM.is_match(bare) {
            add(bare, entity, f.span);
            break;
        }
        if let Some(role) = role_word(bare) {
            entity.roles.push(RoleEvidence { role, span: f.span });
            break;
        }
        if !f.party {
            break;
        }
    }
    // "X is referred to as "the Carers' Centre"": only when X is what is being named.
    // A party line's quoted role words wherever they stand ("which acts as the "Lead Partner"").
    if f.party {
        for q in QUOTED.captures_iter(window).filter_map(|c| c.get(1)) {
            if let Some(role) = role_word(q.as_str()) {
                entity.roles.push(RoleEvidence { role, span: f.span });
            }
        }
    }
    if let Some(c) = REFERRED_AS.captures(after) {
        let (Some(whole), Some(m)) = (c.get(0), c.get(1)) else {
            return;
        };
        let between = after[..whole.start()].trim();
        if between.len() <= 24 && !between.contains(['.', ';']) {
            add(m.as_str(), entity, f.span);
        }
    }
}

/// Terms defined by what they mean: "“LKPL” means Link Plus Corporation", "In this Agreement,
/// “we,” “us” and “our” refer to Pizza Fusion Holding, Inc.". The quoted terms, then the verb; the
/// organisation's name must follow the verb directly (after "the").
static MEANS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:["“][^"“”]{1,40}["”][\s,]*(?:(?:and|or)\s+)?)+(?:shall\s+)?(?:means?|refers?\s+to|shall\s+refer\s+to)\s+(?:the\s+)?"#,
    )
    .expect("static regex")
});

/// Aliases defined by a "means" or "refers to" definition: each quoted term becomes an alias of
/// the organisation whose name starts where the definition's verb ends. `starts` lists where each
/// found name starts and its entity, sorted by position.
pub(super) fn define_by_meaning(text: &str, starts: &[(usize, usize)], entities: &mut [Entity]) {
    // Every definition holds one of these words: most texts have few.
    if !(text.contains("mean") || text.contains("refer")) {
        return;
    }
    for m in MEANS.find_iter(text) {
        let Ok(at) = starts.binary_search_by_key(&m.end(), |&(start, _)| start) else {
            continue;
        };
        let Some(entity) = entities.get_mut(starts[at].1) else {
            continue;
        };
        let span = Span::new(m.start(), m.end());
        for q in QUOTED.captures_iter(m.as_str()).filter_map(|c| c.get(1)) {
            let alias = q.as_str().trim().trim_end_matches([',', ';']).trim();
            let alias = alias.strip_prefix("the ").unwrap_or(alias);
            if alias.is_empty() || name_key(alias) == entity.key {
                continue;
            }
            if let Some(role) = role_word(alias) {
                entity.roles.push(RoleEvidence { role, span });
            }
            if !entity.aliases.iter().any(|a| a == alias) {
                entity.aliases.push(alias.to_string());
            }
        }
    }
}

pub(super) fn is_registration(inner: &str) -> bool {
    let lower = inner.to_ascii_lowercase();
    lower.contains("charity")
        || lower.contains("company no")
        || lower.contains("registered")
        || lower.contains("society no")
}

/// Text after a name with any registration-number brackets (and the comma after them) skipped.
pub(super) fn skip_registration(after: &str) -> &str {
    let mut rest = after;
    loop {
        let trimmed = rest.trim_start();
        let Some(inner) = trimmed.strip_prefix('(') else {
            return rest;
        };
        let Some(close) = inner.find(')') else {
            return rest;
        };
        if !is_registration(&inner[..close]) {
            return rest;
        }
        rest = &inner[close + 1..];
    }
}

/// The bracket groups that follow a name directly: "(registered charity no. 1) ("FDCA")".
pub(super) fn direct_brackets(after: &str) -> &str {
    // A line break may stand where a space would (a PDF line ends after the name).
    let mut rest = after.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    // "X, a Delaware corporation (the “Company”)", "X of 12 Abbey Walk, Wexcombe (“the
    // Partner”)": a description of the organisation may stand between its name and its term.
    if let Some(described) = DESCRIPTION.find(rest) {
        let description = described.as_str();
        let next_party = description
            .match_indices(" and ")
            .any(|(i, _)| description[i + 5..].starts_with(|c: char| c.is_uppercase()));
        // "a subsidiary of Pell Farms Ltd (“Pell”)": the term is the other name's.
        // "a Delaware Corporation" describes it; "a subsidiary of Pell Farms Ltd" names another.
        let names_another = runs(description, Span::new(0, description.len()))
            .iter()
            .any(|r| {
                let name = &description[r.span.range()];
                let before = description[..r.span.start].trim_end();
                !(before.ends_with(" a")
                    || before.ends_with(" an")
                    || before == "a"
                    || before == "an")
                    && (looks_like_org(name) || legal::has_form(name))
            });
        if rest[described.end()..].starts_with('(')
            && !next_party
            && !names_another
            && !SENTENCE_END.is_match(description)
        {
            rest = &rest[described.end()..];
        }
    }
    let mut consumed = after.len() - rest.len();
    loop {
        if !rest.starts_with('(') {
            return &after[..consumed];
        }
        let Some(close) = rest.find(')') else {
            return &after[..consumed];
        };
        let inner = &rest[1..close];
        consumed += close + 1;
        if !is_registration(inner) {
            return &after[..consumed];
        }
        let next = rest[close + 1..].trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        consumed += rest[close + 1..].len() - next.len();
        rest = next;
    }
}

/// A short form used alone ("Ladderstep's team" for "Ladderstep Employment Services Ltd"): the
/// name's first word, when that word stands as a name of its own elsewhere and starts no other
/// organisation's name.
pub(super) fn add_short_forms(doc: &Document, unit_runs: &[Vec<Run>], entities: &mut [Entity]) {
    let mut standalone: HashMap<String, usize> = HashMap::new();
    // Short forms of several words that are also used as a place ("across Brackley Vale", "the
    // Brackley Vale district"): the organisation is named after the place, not shortened to it.
    let mut places: HashSet<String> = HashSet::new();
    for runs in unit_runs {
        for run in runs {
            if (1..=3).contains(&run.words) {
                let text = doc.text[run.span.range()].to_string();
                if run.words > 1 && used_as_place(doc, run.span) {
                    places.insert(text.clone());
                }
                *standalone.entry(text).or_default() += 1;
            }
        }
    }
    for place in &places {
        standalone.remove(place);
    }
    let firsts: Vec<Option<String>> = entities
        .iter()
        .map(|e| {
            let form = e.forms.iter().find(|f| f.chars().any(char::is_lowercase))?;
            let first = form.split(' ').next()?.to_string();
            (form.split(' ').count() > 1).then_some(first)
        })
        .collect();
    for (index, entity) in entities.iter_mut().enumerate() {
        let Some(first) = &firsts[index] else {
            continue;
        };
        let lower = first.to_ascii_lowercase();
        let shared = firsts
            .iter()
            .enumerate()
            .any(|(j, other)| j != index && other.as_ref() == Some(first));
        let generic = LEADING_NON_NAME.contains(&lower.as_str())
            || ORG_WORDS.contains(&lower.as_str())
            || matches!(
                lower.as_str(),
                "north"
                    | "south"
                    | "east"
                    | "west"
                    | "new"
                    | "old"
                    | "st"
                    | "saint"
                    | "royal"
                    | "national"
                    | "greater"
                    | "upper"
                    | "lower"
                    | "central"
                    | "great"
                    | "little"
                    | "community"
                    | "local"
                    | "young"
                    | "open"
            );
        if !shared
            && !generic
            && standalone.get(first).is_some_and(|&n| n > 0)
            && !entity.aliases.contains(first)
        {
            entity.aliases.push(first.clone());
        }
    }
    // The first two or three words ("Green Doors" for "Green Doors Energy Advice CIC", "Tenant
    // Voice" for "Tenant Voice Wyvern CIC"), when they stand alone elsewhere as a name, start no
    // other organisation's name, and end in a word that names (not "North East", "The Trust").
    let forms: Vec<Vec<String>> = entities
        .iter()
        .map(|e| {
            e.forms
                .iter()
                .find(|f| f.chars().any(char::is_lowercase))
                .map(|f| f.split(' ').map(str::to_string).collect())
                .unwrap_or_default()
        })
        .collect();
    for (index, entity) in entities.iter_mut().enumerate() {
        let words = &forms[index];
        for k in 2..=3.min(words.len().saturating_sub(1)) {
            let prefix = words[..k].join(" ");
            let last = words[k - 1].to_ascii_lowercase();
            let naming = !(LEADING_NON_NAME.contains(&last.as_str())
                || ORG_WORDS.contains(&last.as_str())
                || GENERIC_LAST.contains(&last.as_str())
                || last.len() < 3);
            let shared = forms
                .iter()
                .enumerate()
                .any(|(j, other)| j != index && other.len() >= k && other[..k].join(" ") == prefix);
            if naming
                && !shared
                && standalone.get(&prefix).is_some_and(|&n| n > 0)
                && !entity.aliases.contains(&prefix)
            {
                entity.aliases.push(prefix);
                break;
            }
        }
    }
}

/// True when the words at `span` read as a place: after "in", "across", "throughout", "around"
/// or "of", or before "district", "area", "borough" or "town".
fn used_as_place(doc: &Document, span: crate::document::Span) -> bool {
    let before = doc.text[..span.start].trim_end();
    let word_before = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let after = doc.text[span.end..].trim_start();
    let word_after = after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        word_before.as_str(),
        "in" | "across" | "throughout" | "around" | "of" | "within" | "near" | "serving"
    ) || matches!(
        word_after.as_str(),
        "district" | "area" | "borough" | "town" | "city" | "county" | "region" | "ward" | "wards"
    )
}

/// Words that end a place or a description rather than a name, so a short form ending in one
/// is not taken for the organisation ("North East", "Community Interest").
const GENERIC_LAST: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "new",
    "old",
    "community",
    "local",
    "young",
    "open",
    "city",
    "county",
    "borough",
    "district",
    "council",
    "interest",
    "and",
    "of",
    "for",
    "the",
    "upon",
    "on",
    "under",
    "in",
    "at",
];

/// An organisation first named in full and later found on its own under its alias (a table
/// cell holding "VCAT") is one organisation: fold such entities into the alias's owner.
pub(super) fn merge_aliases(entities: Vec<Entity>) -> Vec<Entity> {
    let mut owner_of: HashMap<String, usize> = HashMap::new();
    for (index, entity) in entities.iter().enumerate() {
        for alias in &entity.aliases {
            owner_of.entry(name_key(alias)).or_insert(index);
        }
    }
    let mut into: Vec<Option<usize>> = vec![None; entities.len()];
    for (index, entity) in entities.iter().enumerate() {
        if let Some(&owner) = owner_of.get(&entity.key)
            && owner != index
            && into[owner].is_none()
        {
            into[index] = Some(owner);
        }
    }
    let mut slots: Vec<Option<Entity>> = entities.into_iter().map(Some).collect();
    for index in 0..slots.len() {
        if let Some(owner) = into[index]
            && let Some(merged) = slots[index].take()
            && let Some(target) = slots[owner].as_mut()
        {
            target.roles.extend(merged.roles);
            for alias in merged.aliases {
                if !target.aliases.contains(&alias) {
                    target.aliases.push(alias);
                }
            }
        }
    }
    slots.into_iter().flatten().collect()
}

/// "Rushmere and Tollgate Homes" read as one name when both are known on their own: drop it.
pub(super) fn drop_joined(entities: Vec<Entity>) -> Vec<Entity> {
    let mut known: Vec<String> = Vec::new();
    for entity in &entities {
        known.push(entity.key.clone());
        known.extend(entity.aliases.iter().map(|a| name_key(a)));
    }
    entities
        .into_iter()
        .filter(|entity| {
            let parts: Vec<&str> = entity.key.split(" and ").collect();
            !(parts.len() > 1 && parts.iter().all(|p| known.iter().any(|k| k == p.trim())))
        })
        .collect()
}
