//! Organisations named in a document and the role each plays in it.
//!
//! Finding them takes three passes over the sentence and table-row units:
//! 1. **Names.** Runs of capitalised words ("Fernlea Deaf Community Association",
//!    "VALE COMMUNITY ACTION TRUST") become organisations when they carry an organisation word or
//!    legal suffix (Trust, Association, Ltd, CIC …), are followed by a charity or company number,
//!    or stand where only an organisation can (a party clause, a partners list, "in partnership
//!    with …", a table column of partners). Aliases defined in the text (`("FDCA")`,
//!    `(the "Subcontractor")`, `referred to as "the Carers' Centre"`) and short forms used alone
//!    ("Ladderstep" for "Ladderstep Employment Services Ltd") map to the same organisation.
//! 2. **Mentions.** Every occurrence of any name or alias, found with one Aho-Corasick automaton.
//! 3. **Roles.** Each mention's surroundings say what the organisation is *in this document*:
//!    lead, delivery partner or party, commissioner or funder, supporter, incumbent, or a named
//!    project. Cues are phrases before or after the mention ("in partnership with X",
//!    "X will deliver", "currently run by X", "letter of support from X"), role words in the same
//!    table row ("Commissioner | X"), the heading of the section (a "Partners" list), and role
//!    aliases (`(the "Lead Provider")`).
//!
//! An organisation can collect several roles; rules decide which matter (a partner that is also
//! the incumbent is not "bid candy").

use std::collections::HashMap;

use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::Serialize;

mod aliases;
mod candidates;
mod cues;
mod roles;

use super::text::{Unit, window};
use crate::analyse::names::legal;
use crate::analyse::names::runs::{Run, runs};
use crate::analyse::names::shape::{
    Lexicon, belongs_to_body, is_clause_title, is_fragment, is_office, is_provision, is_shouted,
    opens_with_part,
};
use crate::analyse::names::words::{
    NOT_ORG_ENDING_SET, PROJECT_ENDING_SET, PROJECT_ENDINGS, is_placeholder, looks_like_org,
    lower_in, name_key, words,
};
use crate::analyse::parties::Party;
use crate::document::{Document, Span};
use aliases::{add_short_forms, define_aliases, define_by_meaning, drop_joined, merge_aliases};
use candidates::candidates;
use cues::{AFTER_CUES, REGISTERED_AFTER, role_word};
use roles::assign_roles;

/// What an organisation is in this document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The bidder, prime contractor, lead member or accountable body.
    Lead,
    /// A delivery partner, subcontractor, consortium member or party to the agreement.
    Partner,
    /// The commissioner, buyer or funder.
    Commissioner,
    /// A letter-of-support signatory, referral or stakeholder partner: named but not delivering.
    Supporter,
    /// The current, incumbent or outgoing provider of the service.
    Incumbent,
    /// A named project, programme or product rather than an organisation.
    Project,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Lead,
        Role::Partner,
        Role::Commissioner,
        Role::Supporter,
        Role::Incumbent,
        Role::Project,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Partner => "partner",
            Role::Commissioner => "commissioner",
            Role::Supporter => "supporter",
            Role::Incumbent => "incumbent",
            Role::Project => "project",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Some(match name {
            "lead" => Role::Lead,
            "partner" | "party" => Role::Partner,
            "commissioner" | "funder" => Role::Commissioner,
            "supporter" => Role::Supporter,
            "incumbent" => Role::Incumbent,
            "project" | "product" => Role::Project,
            _ => return None,
        })
    }
}

/// Evidence that an organisation plays a role: the mention (or name) it was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RoleEvidence {
    pub role: Role,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct Organisation {
    /// The name as a reader would write it (the first mixed-case full form seen).
    pub name: String,
    /// Aliases defined in the text or short forms used alone.
    pub aliases: Vec<String>,
    /// Every mention of a name or alias, in text order.
    pub mentions: Vec<Span>,
    pub roles: Vec<RoleEvidence>,
    /// A party to the agreement (named in its parties clause or a signature block).
    pub party: bool,
}

impl Organisation {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.iter().any(|r| r.role == role)
    }

    /// The first mention that showed `role`.
    pub fn first_as(&self, role: Role) -> Option<Span> {
        self.roles
            .iter()
            .filter(|r| r.role == role)
            .map(|r| r.span)
            .min()
    }
}

struct Entity {
    key: String,
    forms: Vec<String>,
    aliases: Vec<String>,
    roles: Vec<RoleEvidence>,
    /// Named in the parties clause or a signature block.
    party: bool,
    /// Some mention carries a legal form or a registration, or stands where only a name can.
    vouched: bool,
}

/// Find the organisations in `doc` and their roles.
pub fn find(
    doc: &Document,
    units: &[Unit],
    parties: &[Party],
    lexicon: &Lexicon,
) -> Vec<Organisation> {
    let text = &doc.text;
    // Both the candidates and the short forms read every unit's capitalised runs: find them once.
    let unit_runs: Vec<Vec<Run>> = units.iter().map(|unit| runs(text, unit.span)).collect();
    let found = candidates(doc, units, &unit_runs, parties);
    let mut entities: Vec<Entity> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    // Where each kept name starts, and its entity: definitions by meaning point at names.
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for f in &found {
        let name = &text[f.span.range()];
        // "incorporated in England and Wales (company no. …)": a place, not the organisation.
        let after_place_word = [" in ", " of ", " at ", " within "]
            .iter()
            .any(|w| text[..f.span.start].ends_with(w));
        // "Kite Hill, a registered charity"; not "Charitable company limited by guarantee", a
        // word that opens the description itself.
        let registered = REGISTERED_AFTER.is_match(window(text, f.span.end, 80))
            && !(words(name).count() == 1
                && text[f.span.end..]
                    .strip_prefix(' ')
                    .is_some_and(|rest| rest.starts_with(char::is_lowercase)));
        let formed = legal::has_form(name);
        // "Wexley Community Transport will provide door-to-door transport": a proper name
        // said to deliver part of the work is an organisation whatever its last word.
        let delivers = || {
            lexicon.is_proper_and_common(name)
                // "M1 Crust AlphaNet will deliver …": a milestone or item, not a name.
                // (A name ending as a document does is dropped below, however it was shaped.)
                && !name.contains(|c: char| c.is_ascii_digit())
                && {
                    // Every delivery cue holds one of these: most runs are followed by none.
                    let after = window(text, f.span.end, 200);
                    ["will", "shall", "agree", "would", " to "]
                        .iter()
                        .any(|w| after.contains(w))
                        && AFTER_CUES
                            .iter()
                            .any(|cue| cue.role == Role::Partner && cue.pattern.is_match(after))
                }
        };
        // "Rare Element Resources Ltd., a British Columbia Corporation having …": after "a" or
        // "an", capitals describe what kind of body a name is; they are not another name.
        let described = [" a ", " an ", "\na ", "\nan "]
            .iter()
            .any(|article| text[..f.span.start].ends_with(article));
        if described && !f.party {
            continue;
        }
        let shaped =
            looks_like_org(name) || formed || registered && !after_place_word || delivers();
        if !(shaped || f.structural) {
            continue;
        }
        // Shapes that are not names: a legal form or a registration overrides them.
        if opens_with_part(name)
            || is_provision(name)
            || is_fragment(name)
            || !f.party && belongs_to_body(name, lexicon)
            || !formed
                && words(name).next_back().is_some_and(|w| {
                    NOT_ORG_ENDING_SET.has_lower(w) && !PROJECT_ENDING_SET.has_lower(w)
                })
            || !(registered || formed)
                && (is_clause_title(name)
                    || is_office(name)
                    || !f.structural
                        && (is_shouted(name)
                            || lexicon.is_common_phrase(name)
                            || lexicon.is_common_service(name)))
        {
            continue;
        }
        let key = name_key(name);
        if key.len() < 2 || role_word(name).is_some() || is_placeholder(name) {
            continue;
        }
        let index = *by_key.entry(key.clone()).or_insert_with(|| {
            entities.push(Entity {
                key: key.clone(),
                forms: Vec::new(),
                aliases: Vec::new(),
                roles: Vec::new(),
                party: false,
                vouched: false,
            });
            entities.len() - 1
        });
        let entity = &mut entities[index];
        entity.vouched |= formed || registered || f.structural;
        if !entity.forms.iter().any(|form| form == name) {
            entity.forms.push(name.to_string());
        }
        if let Some(role) = f.role {
            entity.roles.push(RoleEvidence { role, span: f.span });
        }
        if lower_in(words(name).next_back().unwrap_or_default(), PROJECT_ENDINGS)
            && !REGISTERED_AFTER.is_match(window(text, f.span.end, 80))
        {
            entity.roles.push(RoleEvidence {
                role: Role::Project,
                span: f.span,
            });
        }
        define_aliases(text, units, f, entity);
        starts.push((f.span.start, index));
    }
    starts.sort_unstable();
    starts.dedup_by_key(|&mut (start, _)| start);
    define_by_meaning(text, &starts, &mut entities);
    // The parties: a party written by a term the text defined for an organisation ("by and
    // among PSS, PSS Merger Corp. and GSMS") is that organisation.
    for party in parties {
        let name = doc.slice(party.name);
        let key = name_key(name);
        if key.len() < 2 {
            continue;
        }
        let known = by_key.get(&key).copied().or_else(|| {
            entities
                .iter()
                .position(|e| e.aliases.iter().any(|a| a == name))
        });
        let index = known.unwrap_or_else(|| {
            entities.push(Entity {
                key: key.clone(),
                forms: Vec::new(),
                aliases: Vec::new(),
                roles: Vec::new(),
                party: true,
                vouched: true,
            });
            by_key.insert(key.clone(), entities.len() - 1);
            entities.len() - 1
        });
        let entity = &mut entities[index];
        entity.party = true;
        if (known.is_none() || name_key(name) == entity.key)
            && !entity.forms.iter().any(|form| form == name)
        {
            entity.forms.push(name.to_string());
        }
        // Being a party says nothing of the role (a funder and its grantee are both parties):
        // the terms the clause defines for it do ("the Subcontractor", "the Lead Partner").
        for (alias, span) in &party.aliases {
            if let Some(role) = role_word(alias) {
                entity.roles.push(RoleEvidence { role, span: *span });
            }
            if name_key(alias) != entity.key && !entity.aliases.contains(alias) {
                entity.aliases.push(alias.clone());
            }
        }
    }
    let mut entities = drop_about_parties(drop_joined(merge_aliases(entities)), lexicon);
    add_short_forms(doc, &unit_runs, &mut entities);
    let mut orgs = Vec::new();
    let mut vouched = Vec::new();
    for entity in entities {
        vouched.push(entity.party || entity.vouched);
        orgs.push(Organisation {
            name: display_name(&entity.forms),
            aliases: entity.aliases,
            mentions: Vec::new(),
            roles: entity.roles,
            party: entity.party,
        });
    }
    find_mentions(text, &mut orgs);
    assign_roles(doc, units, &mut orgs);
    for org in &mut orgs {
        org.roles.sort_by_key(|r| (r.span, r.role));
        org.roles.dedup();
    }
    // "Professional Services", "Galaxy Products and Services", "Services Period for Berkshire":
    // a name made with what is sold is a service or product, or a term about one, unless
    // something shows it acting as an organisation (a role, a legal form, a registration, a
    // party's place).
    let mut vouched = vouched.into_iter();
    orgs.retain(|org| {
        let vouched = vouched.next().unwrap_or(true);
        vouched
            || !org.roles.is_empty()
            || !words(&org.name).any(|word| {
                ["services", "service", "products"]
                    .iter()
                    .any(|w| word.eq_ignore_ascii_case(w))
            })
    });
    orgs
}

/// Prefer a mixed-case form to an all-capitals one, then the longest.
/// A name that is a party's name with words in front that are not part of a name ("Drilling
/// Costs for the BP America Production Company", "Attorney-in-Fact for …", "Execution Version
/// GWG Holdings, Inc.") is a phrase about the party, not another organisation: drop it. Words in
/// front ending in "of" may make a name of their own ("Friends of Kite Hill Trust"): kept.
fn drop_about_parties(entities: Vec<Entity>, lexicon: &Lexicon) -> Vec<Entity> {
    let party_keys: Vec<String> = entities
        .iter()
        .filter(|e| e.party && e.key.contains(' '))
        .map(|e| e.key.clone())
        .collect();
    entities
        .into_iter()
        .filter(|entity| {
            entity.party
                || !party_keys.iter().any(|party| {
                    let Some(front) = entity
                        .key
                        .strip_suffix(party.as_str())
                        .and_then(|front| front.strip_suffix(' '))
                    else {
                        return false;
                    };
                    let last = front.rsplit(' ').next().unwrap_or_default();
                    matches!(last, "for" | "by" | "and" | "the" | "to")
                        || last != "of" && lexicon.is_common_phrase(front)
                })
        })
        .collect()
}

fn display_name(forms: &[String]) -> String {
    let mixed = forms
        .iter()
        .filter(|f| f.chars().any(char::is_lowercase))
        .max_by_key(|f| f.len());
    mixed
        .or_else(|| forms.iter().max_by_key(|f| f.len()))
        .cloned()
        .unwrap_or_default()
}

/// Find every mention of every organisation's names (case-insensitive) and aliases (as written).
fn find_mentions(text: &str, orgs: &mut [Organisation]) {
    // Each pattern with its owner and, for an alias, which of the owner's aliases it is: the
    // text must hold that alias exactly.
    let mut patterns: Vec<String> = Vec::new();
    let mut owners: Vec<usize> = Vec::new();
    let mut exact: Vec<Option<usize>> = Vec::new();
    for (index, org) in orgs.iter().enumerate() {
        let mut names: Vec<String> = vec![org.name.clone()];
        let stripped = strip_suffix(&org.name);
        if stripped.split(' ').count() > 1 {
            names.push(stripped);
        }
        for name in names {
            patterns.push(name.to_lowercase());
            owners.push(index);
            exact.push(None);
        }
        for (a, alias) in org.aliases.iter().enumerate() {
            patterns.push(alias.clone());
            owners.push(index);
            exact.push(Some(a));
        }
    }
    if patterns.is_empty() {
        return;
    }
    let lower = to_lowercase(text);
    // Lower-casing can change byte lengths for some scripts; fall back to exact matching then.
    let folded = lower.len() == text.len();
    if folded {
        // The lower-cased text holds no ASCII capital, so matching it ignoring ASCII case is
        // matching it exactly with ASCII-lower-cased patterns: same matches, and a case-sensitive
        // automaton builds and searches faster.
        for pattern in &mut patterns {
            pattern.make_ascii_lowercase();
        }
    }
    // Built for every document: a contiguous NFA builds several times faster than the DFA the
    // builder picks for a few patterns, and searches about as fast (its prefilter does the work).
    let Ok(matcher) = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(!folded)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(&patterns)
    else {
        return;
    };
    let haystack = if folded { lower.as_str() } else { text };
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    for m in matcher.find_iter(haystack) {
        let (start, end) = (m.start(), m.end());
        let pattern = m.pattern().as_usize();
        if is_word(text[..start].chars().next_back()) || is_word(text[end..].chars().next()) {
            continue;
        }
        let owner = owners[pattern];
        if exact[pattern].is_some_and(|a| text[start..end] != orgs[owner].aliases[a]) {
            continue;
        }
        orgs[owner].mentions.push(Span::new(start, end));
    }
}

/// `str::to_lowercase`, faster on text that is mostly ASCII: the standard library maps every
/// character after the first non-ASCII one on its own (2-3 ns a byte), this lower-cases each
/// ASCII stretch in bulk. Only a capital sigma lower-cases by its context ("ς" ending a word);
/// text with one goes to the standard library.
fn to_lowercase(text: &str) -> String {
    if text.contains('Σ') {
        return text.to_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let at = out.len();
        out.push_str(&rest[..ascii]);
        out[at..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let other = rest
            .bytes()
            .position(|b| b.is_ascii())
            .unwrap_or(rest.len());
        out.extend(rest[..other].chars().flat_map(char::to_lowercase));
        rest = &rest[other..];
    }
    out
}

fn strip_suffix(name: &str) -> String {
    let mut words: Vec<&str> = name.split(' ').collect();
    while words.len() > 1
        && matches!(
            words
                .last()
                .map(|w| w.trim_end_matches('.').to_ascii_lowercase())
                .as_deref(),
            Some("ltd" | "limited" | "cic" | "cio" | "llp" | "plc" | "inc")
        )
    {
        words.pop();
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use regex::Regex;

    use super::{Organisation, Role, find, to_lowercase};
    use crate::analyse::names::words::{
        CONNECTORS, LEADING_NON_NAME, NOT_ORG_ENDINGS, ORG_ENDINGS, ORG_WORDS, PROJECT_ENDINGS,
        TITLE_WORDS, name_key,
    };
    use crate::analyse::text::units;
    use crate::extract::markdown;

    fn orgs(text: &str) -> Vec<Organisation> {
        let doc = markdown::extract(PathBuf::from("t.md"), text.to_string(), Vec::new());
        let lexicon = super::Lexicon::of(&doc.text);
        find(
            &doc,
            &units(&doc),
            &crate::analyse::parties::find(&doc, &lexicon),
            &lexicon,
        )
    }

    /// The aliases of the organisation called `name` (none when it was not found).
    fn aliases_of(orgs: &[Organisation], name: &str) -> Vec<String> {
        orgs.iter()
            .find(|o| o.name == name)
            .map(|o| o.aliases.clone())
            .unwrap_or_default()
    }

    #[test]
    fn a_legal_form_ends_a_name_before_its_place_or_registration() {
        let text = "# Suppliers\n\nHarrowgate Tiles Ltd of Leeds will supply the tiles. \
                    Brackenfield Survey Pty Ltd ACN 601 234 567 will survey the site. \
                    Cover comes from Western Indemnity Corporation of America. \
                    Payments are made through Lothian Bank of Scotland plc each month. \
                    The Director of Finance signs each order.\n";
        let found = orgs(text);
        let names: Vec<&str> = found.iter().map(|o| o.name.as_str()).collect();
        for name in [
            "Harrowgate Tiles Ltd",
            "Brackenfield Survey Pty Ltd",
            "Lothian Bank of Scotland plc",
        ] {
            assert!(names.contains(&name), "{name}: {names:?}");
        }
        // "Corporation of America" is a name's own "of": never cut there.
        assert!(
            !names.contains(&"Western Indemnity Corporation"),
            "{names:?}"
        );
        assert!(!names.iter().any(|n| n.contains("Director")), "{names:?}");
    }

    #[test]
    fn a_cell_label_and_a_column_headed_by_a_name_are_not_partners() {
        let text = "# Notices\n\n\
                    | Harbour Reach Limited Partnership | ARLOW TRANSIT COMPANY |\n\
                    |---|---|\n\
                    | Commercial Operations | Commercial Operations |\n\
                    | Houston, TX | Houston, TX |\n\n\
                    # Signatures\n\n\
                    | THE BUYER: | THE SELLER: |\n\
                    |---|---|\n\
                    | SIGNATURE: | SIGNATURE: |\n";
        let found = orgs(text);
        let names: Vec<&str> = found.iter().map(|o| o.name.as_str()).collect();
        for not_org in ["Commercial Operations", "Houston", "SIGNATURE"] {
            assert!(!names.contains(&not_org), "{names:?}");
        }
        // A column headed "Partner organisation" still holds partners.
        let found = orgs(
            "| Partner organisation | Role |\n|---|---|\n| Tidewell Advice | Debt casework |\n",
        );
        assert!(
            found
                .iter()
                .any(|o| o.name == "Tidewell Advice" && o.has_role(Role::Partner)),
            "{:?}",
            found.iter().map(|o| &o.name).collect::<Vec<_>>()
        );
    }

    fn roles(orgs: &[Organisation], name: &str) -> Vec<Role> {
        let org = orgs.iter().find(|o| o.name == name).unwrap_or_else(|| {
            panic!(
                "{name:?} not found in {:?}",
                orgs.iter().map(|o| &o.name).collect::<Vec<_>>()
            )
        });
        let mut roles: Vec<Role> = org.roles.iter().map(|r| r.role).collect();
        roles.sort();
        roles.dedup();
        roles
    }

    #[test]
    fn between_folds_only_to_ascii_letters() {
        // `candidates` runs BETWEEN only where the ASCII-lower-cased text holds "between".
        let letter = Regex::new("(?i)^[betwn]$").expect("regex");
        let mut buf = [0; 4];
        assert!(
            (char::from(128)..=char::MAX).all(|c| !letter.is_match(c.encode_utf8(&mut buf))),
            "a non-ASCII letter folds to one of \"between\""
        );
    }

    #[test]
    fn lower_cases_as_the_standard_library() {
        for text in [
            "",
            "Plain ASCII, Ltd.",
            "Carers’ Centre – £1,200 for ÉCOLE Ünited",
            "İSTANBUL \u{212A}elvin ΑΘΗΝΑ ΟΔΟΣ Σ ΣΑ",
            "ǅ ß ẞ Ω ﬁ 𐐀",
        ] {
            assert_eq!(to_lowercase(text), text.to_lowercase(), "{text}");
        }
    }

    #[test]
    fn word_lists_are_lower_case() {
        // `ascii_in` and `lower_in` compare words to these lists ignoring ASCII case.
        for list in [
            ORG_WORDS,
            ORG_ENDINGS,
            NOT_ORG_ENDINGS,
            PROJECT_ENDINGS,
            LEADING_NON_NAME,
            CONNECTORS,
            TITLE_WORDS,
        ] {
            for word in list {
                assert_eq!(*word, word.to_lowercase());
            }
        }
    }

    #[test]
    fn keys_ignore_case_suffixes_and_punctuation() {
        assert_eq!(
            name_key("ASHWORTH VALE CARERS' CENTRE LIMITED"),
            name_key("Ashworth Vale Carers’ Centre Ltd")
        );
        assert_eq!(name_key("The Brightside Trust CIC"), "brightside trust");
    }

    #[test]
    fn a_short_form_of_two_words_is_an_alias_unless_it_is_a_place() {
        let found = orgs(
            "Blue Finch Debt Advice CIC will join the partnership. Blue Finch will see the clients \
             with the most complex debts, and we have worked with Blue Finch since 2020. \
             Marram Bay Youth Trust runs the project. Young people across Marram Bay face long \
             bus journeys, and Marram Bay has no college.",
        );
        assert_eq!(
            aliases_of(&found, "Blue Finch Debt Advice CIC"),
            ["Blue Finch"]
        );
        // The place the trust is named after is not the trust.
        assert!(
            !aliases_of(&found, "Marram Bay Youth Trust").contains(&"Marram Bay".to_string()),
            "{found:?}"
        );
    }

    #[test]
    fn sentences_give_roles() {
        let found = orgs(
            "We will deliver this in partnership with Fernlea Deaf Community Association and Oakham Youth Trust. \
             The service is currently delivered by Ladderstep Employment Services Ltd. \
             Kingsford Borough Council commissioned the service. \
             The Ridings Chamber of Commerce has provided a letter of support. \
             Riverside Housing Trust will deliver tenancy workshops.",
        );
        assert_eq!(
            roles(&found, "Fernlea Deaf Community Association"),
            [Role::Partner]
        );
        assert_eq!(roles(&found, "Oakham Youth Trust"), [Role::Partner]);
        assert_eq!(
            roles(&found, "Ladderstep Employment Services Ltd"),
            [Role::Incumbent]
        );
        assert!(roles(&found, "Kingsford Borough Council").contains(&Role::Commissioner));
        assert_eq!(
            roles(&found, "Ridings Chamber of Commerce"),
            [Role::Supporter]
        );
        assert_eq!(roles(&found, "Riverside Housing Trust"), [Role::Partner]);
    }

    #[test]
    fn a_description_may_stand_between_a_name_and_its_term() {
        let found = orgs(
            "Marrow Bancorp Corporation, a Tennessee corporation (the “Company”), and Marrow Federal Bank, a savings bank located in Athens, Tennessee (the “Bank”), confirm their agreement with Lyle & Ward, Inc. Hollin Foods Ltd, a supplier of Pell Farms Ltd (“Pell”), signs too.\n",
        );
        let aliases = |name: &str| aliases_of(&found, name);
        assert_eq!(aliases("Marrow Bancorp Corporation"), ["Company"]);
        assert_eq!(aliases("Marrow Federal Bank"), ["Bank"]);
        assert!(aliases("Hollin Foods Ltd").is_empty(), "{found:?}");
    }

    #[test]
    fn a_who_does_what_table_says_who_leads_delivers_and_refers() {
        let found = orgs(
            "## Partners\n\n| Member | Part in the project |\n|---|---|\n| Brookfield Carers Trust | Will lead the partnership and hold the grant |\n| Oldgate Men's Shed | Runs the Thursday workshop |\n| Fenby Primary School | Refers families who need help |\n",
        );
        assert_eq!(roles(&found, "Brookfield Carers Trust"), [Role::Lead]);
        assert_eq!(roles(&found, "Oldgate Men's Shed"), [Role::Partner]);
        assert_eq!(roles(&found, "Fenby Primary School"), [Role::Supporter]);
    }

    #[test]
    fn people_referred_to_a_partner_do_not_make_it_a_supporter() {
        let found = orgs(
            "## Delivery\n\n- **Ashcombe Mind** will run weekly wellbeing groups at the hub.\n\nYoung people who need counselling will be referred to Ashcombe Mind. Families are signposted to Westgate Citizens Advice for debt help.\n",
        );
        assert_eq!(roles(&found, "Ashcombe Mind"), [Role::Partner]);
        assert_eq!(roles(&found, "Westgate Citizens Advice"), [Role::Supporter]);
    }

    #[test]
    fn a_name_made_with_what_is_sold_needs_something_showing_an_organisation() {
        let found = orgs(
            "The Supplier will provide the Onboarding Services and the Harbour Analytics Products during the Services Period for Westmoor.\n\nThe evening club will be run by Kestrel Family Services. Moorland Care Services Ltd is the landlord's agent.\n",
        );
        let names: Vec<&str> = found.iter().map(|o| o.name.as_str()).collect();
        assert!(!names.contains(&"Onboarding Services"), "{names:?}");
        assert!(!names.contains(&"Harbour Analytics Products"), "{names:?}");
        assert!(
            !names.iter().any(|n| n.starts_with("Services Period")),
            "{names:?}"
        );
        assert!(names.contains(&"Kestrel Family Services"), "{names:?}");
        assert!(names.contains(&"Moorland Care Services Ltd"), "{names:?}");
    }

    #[test]
    fn a_trading_name_is_an_alias_and_the_term_after_it_is_the_names() {
        let found = orgs(
            "Hillcrest Community Enterprises Ltd trading as Hillcrest Café, a company limited by guarantee (the “Caterer”), will run the kitchen.\n\nHillcrest Café opens at nine.\n",
        );
        let org = found
            .iter()
            .find(|o| o.name == "Hillcrest Community Enterprises Ltd")
            .expect("found");
        assert_eq!(org.aliases, ["Hillcrest Café", "Caterer"]);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn capitals_after_a_or_an_describe_a_body_and_name_none() {
        let found = orgs(
            "This agreement is made between Tarn Valley Energy Ltd, a Cumbria Corporation, hereinafter referred to as \"Seller\", and Brackenfell Mills Limited, an Ontario Limited Partnership (\"Buyer\").\n",
        );
        let names: Vec<&str> = found.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(
            names,
            ["Tarn Valley Energy Ltd", "Brackenfell Mills Limited"]
        );
    }

    #[test]
    fn terms_defined_by_what_they_mean_are_aliases() {
        let found = orgs(
            "## Definitions\n\n\"HRT\" means Harbour Rowing Trust, a charity based in Whitby.\n\nIn this letter, “we,” “us” and “our” refer to Cobble Lane Arts CIC.\n\n\"Venue\" means the Old Boathouse.\n",
        );
        let aliases = |name: &str| aliases_of(&found, name);
        assert_eq!(aliases("Harbour Rowing Trust"), ["HRT"]);
        assert_eq!(aliases("Cobble Lane Arts CIC"), ["we", "us", "our"]);
    }

    #[test]
    fn a_phrase_about_a_party_is_no_other_organisation() {
        let found = orgs(
            "This Agreement is made between Kestrel Haulage Company (\"Kestrel\") and Moorside Foods Ltd (\"Moorside\").\n\nThe Fuel Costs for the Kestrel Haulage Company are paid monthly. Friends of Moorside Foods Ltd may visit.\n",
        );
        let names: Vec<&str> = found.iter().map(|o| o.name.as_str()).collect();
        assert!(
            !names.iter().any(|n| n.starts_with("Fuel Costs")),
            "{names:?}"
        );
        assert!(names.contains(&"Kestrel Haulage Company"), "{names:?}");
        let kestrel = found
            .iter()
            .find(|o| o.name == "Kestrel Haulage Company")
            .expect("party");
        assert_eq!(kestrel.aliases, ["Kestrel"]);
    }

    #[test]
    fn party_clauses_and_aliases() {
        let found = orgs(
            "# Consortium Agreement\n\n**BETWEEN**\n\n(1) VALE COMMUNITY ACTION TRUST, a charitable company (registered charity\nno. 1063218) of 12 Market Street (\"VCAT\" or the \"Lead Member\");\n\n\
             (2) GREENACRE OLDER PEOPLE'S FORUM (registered charity no. 1110457) of Mill Brow (\"Greenacre\"),\n\n\
             each a \"Member\".\n\n**BACKGROUND**\n\nGreenacre will run befriending. VCAT holds the Contract.\n",
        );
        let vcat = found
            .iter()
            .find(|o| o.name == "VALE COMMUNITY ACTION TRUST")
            .expect("VCAT");
        assert!(
            vcat.aliases.contains(&"VCAT".to_string()),
            "{:?}",
            vcat.aliases
        );
        assert!(vcat.has_role(Role::Lead));
        let greenacre = found
            .iter()
            .find(|o| o.aliases.contains(&"Greenacre".to_string()))
            .expect("Greenacre");
        assert!(greenacre.has_role(Role::Partner));
        assert!(greenacre.mentions.len() >= 2);
    }

    #[test]
    fn partner_lists_and_role_tables() {
        let found = orgs(
            "| | |\n|---|---|\n| Commissioner | Calderbrook Metropolitan Borough Council |\n| Bidder | Holmbridge Youth Trust |\n\n\
             ## Our delivery partners\n\n- **Calder Valley Mind** will offer wellbeing support.\n- **Northfield Enterprise Network** runs taster days.\n\n\
             ## Letters of support\n\n- Westmere Food Partnership\n",
        );
        assert!(
            roles(&found, "Calderbrook Metropolitan Borough Council").contains(&Role::Commissioner)
        );
        assert_eq!(roles(&found, "Holmbridge Youth Trust"), [Role::Lead]);
        assert!(roles(&found, "Calder Valley Mind").contains(&Role::Partner));
        assert!(roles(&found, "Northfield Enterprise Network").contains(&Role::Partner));
        assert_eq!(
            roles(&found, "Westmere Food Partnership"),
            [Role::Supporter]
        );
    }

    #[test]
    fn roles_after_registration_brackets_and_parties_lines() {
        let found = orgs(
            "## Who this agreement is between\n\n- **Castlebridge Arts Trust** (charity no. 1012876), the Lead Partner for the grant;\n- **Hollow Lane Studios CIC** (company no. 10488213).\n\n\
             **Parties:** Saltmarsh Carers' Centre (registered charity no. 1104412) (\"the Carers' Centre\"); and Tidewater Housing Association (\"Tidewater\").\n",
        );
        assert!(roles(&found, "Castlebridge Arts Trust").contains(&Role::Lead));
        assert!(roles(&found, "Tidewater Housing Association").contains(&Role::Partner));
        let tidewater = found
            .iter()
            .find(|o| o.name == "Tidewater Housing Association")
            .expect("Tidewater");
        assert_eq!(
            tidewater.aliases,
            ["Tidewater"],
            "each party keeps its own alias"
        );
    }

    #[test]
    fn a_name_said_to_deliver_the_work_is_a_partner() {
        let found = orgs(
            "Patients need transport home and community support. Harlow Vale Community Transport will provide transport home on the day of discharge. Orrin Cooke, a volunteer, will run the rota. Kestrel Family Services, a family support agency, will co-facilitate every session.",
        );
        assert!(roles(&found, "Harlow Vale Community Transport").contains(&Role::Partner));
        assert!(roles(&found, "Kestrel Family Services").contains(&Role::Partner));
        assert!(found.iter().all(|o| o.name != "Orrin Cooke"), "{found:?}");
    }

    #[test]
    fn they_in_the_next_sentence_is_the_name_that_opened_the_last() {
        let found = orgs(
            "Ravensholme Youth Theatre CIC is a company of eight actors. They will run two workshops a week for the project.\n\nHollin Bank Ltd is our bank. It holds the project account.\n",
        );
        assert!(roles(&found, "Ravensholme Youth Theatre CIC").contains(&Role::Partner));
        assert!(!roles(&found, "Hollin Bank Ltd").contains(&Role::Partner));
    }

    #[test]
    fn people_places_and_programmes_are_not_partners() {
        let found = orgs(
            "Stefan Behnel will deliver the work in Kingsford. We use the Outcomes Star and the Kickstart Programme.",
        );
        assert!(
            found.iter().all(|o| !o.has_role(Role::Partner)),
            "{found:?}"
        );
        let kickstart = found.iter().find(|o| o.name == "Kickstart Programme");
        assert!(kickstart.is_none_or(|o| o.has_role(Role::Project)));
    }
}
