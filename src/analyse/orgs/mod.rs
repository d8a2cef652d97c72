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
use std::sync::LazyLock;

use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexSet};
use serde::Serialize;

use super::text::{Unit, UnitKind, head, tail, window};
use crate::document::{BlockKind, Document, Span};

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

/// Words that make a capitalised run an organisation wherever they stand in it.
const ORG_WORDS: &[&str] = &[
    "trust",
    "charity",
    "charities",
    "foundation",
    "association",
    "society",
    "centre",
    "center",
    "network",
    "partnership",
    "council",
    "group",
    "alliance",
    "collective",
    "forum",
    "institute",
    "university",
    "college",
    "academy",
    "hospital",
    "hospice",
    "church",
    "club",
    "agency",
    "board",
    "authority",
    "company",
    "co-operative",
    "cooperative",
    "enterprise",
    "enterprises",
    "federation",
    "coalition",
    "commission",
    "department",
    "ministry",
    "chamber",
    "services",
    "consortium",
    "union",
    "housing",
    "homes",
    "nhs",
    "hmp",
    "prison",
    "police",
    "lottery",
    "ymca",
    "ywca",
];

/// Last words that make a run an organisation (legal forms and charity names' endings).
const ORG_ENDINGS: &[&str] = &[
    "ltd",
    "limited",
    "cic",
    "cio",
    "llp",
    "plc",
    "inc",
    "llc",
    "gmbh",
    "mind",
    "advice",
    "aid",
    "refuge",
    "project",
    "fund",
    "uk",
    "cvs",
    "foodbank",
    "bank",
    "care",
    "pantry",
    "larder",
    "kitchen",
    "sheds",
    "studio",
    "studios",
    "theatre",
    "theater",
    "circle",
    "mission",
    "fellowship",
    "shelter",
    "befrienders",
    "advocacy",
];

/// Last words of things that are not organisations even when they contain an organisation word
/// ("Consortium Agreement", "Council Tax", "Housing Strategy").
const NOT_ORG_ENDINGS: &[&str] = &[
    "agreement",
    "contract",
    "schedule",
    "memorandum",
    "policy",
    "policies",
    "regulations",
    "act",
    "terms",
    "response",
    "tender",
    "bid",
    "plan",
    "report",
    "standard",
    "strategy",
    "tax",
    "benefit",
    "credit",
    "meeting",
    "meetings",
    "team",
    "officer",
    "officers",
    "manager",
    "lead",
    "board's",
    "procedure",
    "process",
    "notice",
    "price",
    "value",
    "fee",
    "fees",
    "budget",
    "account",
    "accounts",
    "statement",
    "form",
    "list",
    "register",
    "guidance",
    "framework",
    "review",
    "date",
    "period",
    "rate",
    "rates",
    "law",
    "laws",
    "court",
    "courts",
    "conference",
    "newsletter",
    "bulletin",
    "website",
    "inbox",
    "list",
    "protocol",
    "clause",
    "scheme",
    "programme",
    "program",
    "initiative",
    "star",
    "toolkit",
    "pathway",
    "pathways",
];

/// Last words of named projects and products (role `project`, never a partner).
const PROJECT_ENDINGS: &[&str] = &[
    "programme",
    "program",
    "scheme",
    "initiative",
    "star",
    "toolkit",
    "pathway",
    "pathways",
];

/// Capitalised words that start a sentence or phrase without being part of a name.
const LEADING_NON_NAME: &[&str] = &[
    "the",
    "a",
    "an",
    "our",
    "we",
    "this",
    "that",
    "these",
    "those",
    "each",
    "every",
    "all",
    "any",
    "both",
    "in",
    "on",
    "at",
    "for",
    "by",
    "with",
    "from",
    "to",
    "of",
    "and",
    "or",
    "but",
    "if",
    "as",
    "when",
    "where",
    "while",
    "since",
    "under",
    "through",
    "during",
    "after",
    "before",
    "dear",
    "it",
    "he",
    "she",
    "they",
    "its",
    "their",
    "please",
    "signed",
    "between",
    "year",
    "phase",
    "week",
    "weeks",
    "schedule",
    "clause",
    "section",
    "table",
    "part",
    "annex",
    "appendix",
    "question",
    "lot",
    "line",
    "budget",
    "total",
    "note",
    "notes",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "cllr",
    "professor",
    "prof",
    "once",
    "then",
    "also",
    "here",
    "there",
    "following",
    "following:",
    "via",
    "including",
    "unless",
    "until",
    "whether",
    "where",
    "who",
    "which",
    "what",
    "how",
    "why",
    "no",
    "not",
    "only",
    "some",
    "most",
    "many",
    "several",
    "other",
    "another",
    "such",
    "about",
    "around",
    "over",
    "up",
    "within",
    "without",
    "however",
    "therefore",
    "further",
    "furthermore",
    "although",
    "because",
    "so",
    "yes",
    "new",
    "key",
    "each",
    "is",
    "are",
    "was",
    "were",
    "be",
    "will",
    "shall",
    "may",
    "can",
    "must",
    "should",
    "would",
    "could",
    "have",
    "has",
    "had",
    "do",
    "does",
    "did",
    "my",
    "your",
    "you",
    "i",
    "us",
    "them",
    "whose",
    "if",
    "upon",
    "per",
];

/// Lower-case words allowed inside a name between capitalised words.
const CONNECTORS: &[&str] = &[
    "of", "and", "for", "the", "&", "de", "in", "on", "upon", "at", "y", "du",
];

/// Role words used as aliases (`(the "Lead Provider")`) or in a table row.
fn role_word(text: &str) -> Option<Role> {
    let t = text
        .trim()
        .trim_start_matches("the ")
        .trim_start_matches("The ")
        .to_ascii_lowercase();
    let t = t.trim_matches(|c: char| !c.is_alphanumeric());
    Some(match t {
        "lead" | "lead provider" | "lead member" | "lead partner" | "lead organisation"
        | "lead organization" | "lead applicant" | "lead bidder" | "prime" | "prime contractor"
        | "prime provider" | "contractor" | "accountable body" | "bidder" | "applicant"
        | "lead body" | "contract holder" | "main contractor" | "coordinator" | "co-ordinator"
        | "host" | "fiscal host" => Role::Lead,
        "subcontractor"
        | "sub-contractor"
        | "partner"
        | "delivery partner"
        | "member"
        | "provider"
        | "supplier"
        | "grantee"
        | "consortium member"
        | "specialist partner"
        | "supply chain partner"
        | "delivery partners"
        | "partners"
        | "subcontractors" => Role::Partner,
        "council"
        | "commissioner"
        | "authority"
        | "funder"
        | "grantor"
        | "buyer"
        | "customer"
        | "purchaser"
        | "icb"
        | "commissioning body"
        | "contracting authority"
        | "funders" => Role::Commissioner,
        "current provider" | "incumbent" | "incumbent provider" | "outgoing provider"
        | "former supplier" | "existing provider" | "previous provider" => Role::Incumbent,
        "supporter" | "letter of support" | "referral partner" | "stakeholder" => Role::Supporter,
        _ => return None,
    })
}

/// A capitalised run of words: a name candidate, as a byte range of the text.
#[derive(Clone, Copy, Debug)]
struct Run {
    span: Span,
    /// Number of words.
    words: usize,
}

/// Capitalised runs in `text[span]`. Possessives end a run ("Ladderstep's" gives "Ladderstep").
fn runs(text: &str, span: Span) -> Vec<Run> {
    let slice = &text[span.range()];
    let mut tokens: Vec<(usize, usize, bool)> = Vec::new(); // (start, end, possessive)
    let mut i = 0;
    while i < slice.len() {
        let c = slice[i..].chars().next().unwrap_or(' ');
        if c.is_alphanumeric() || c == '&' {
            let start = i;
            while i < slice.len() {
                // Most of a word is ASCII letters and digits: step over them without decoding.
                let b = slice.as_bytes()[i];
                if b.is_ascii_alphanumeric() || b == b'&' {
                    i += 1;
                    continue;
                }
                let ch = slice[i..].chars().next().unwrap_or(' ');
                let next = slice[i + ch.len_utf8()..].chars().next();
                let inner =
                    matches!(ch, '\'' | '’' | '-' | '.') && next.is_some_and(char::is_alphanumeric);
                // A plural possessive ("Carers' Centre") keeps its apostrophe.
                let plural_possessive = matches!(ch, '\'' | '’')
                    && slice[..i].ends_with(['s', 'S'])
                    && next.is_none_or(|c| c == ' ');
                if plural_possessive {
                    i += ch.len_utf8();
                    break;
                }
                if ch.is_alphanumeric() || ch == '&' || inner {
                    i += ch.len_utf8();
                } else {
                    break;
                }
            }
            let word = &slice[start..i];
            let (end, possessive) =
                match word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")) {
                    Some(stem) => (start + stem.len(), true),
                    None if word.ends_with(['\'', '’']) => {
                        let apostrophe = word.chars().next_back().map_or(1, char::len_utf8);
                        (i - apostrophe, true)
                    }
                    None => (i, false),
                };
            tokens.push((start, end, possessive));
        } else {
            // Anything but spaces between two tokens breaks a run.
            if c != ' ' {
                tokens.push((i, i, false));
            }
            i += c.len_utf8();
        }
    }
    let mut out = Vec::new();
    let mut t = 0;
    while t < tokens.len() {
        let (start, end, _) = tokens[t];
        let word = &slice[start..end];
        if start == end || !is_capitalised(word) {
            t += 1;
            continue;
        }
        // Extend: capitalised words, connectors followed by a capitalised word.
        let mut last = t;
        let mut k = t;
        // A possessive ends a name unless a capitalised word follows ("Women's Refuge").
        let continues = |i: usize| {
            !tokens[i].2
                || tokens
                    .get(i + 1)
                    .is_some_and(|&(s, e, _)| s != e && is_capitalised(&slice[s..e]))
        };
        while continues(last) {
            let mut next = k + 1;
            let mut previous_connector: Option<&str> = None;
            while next < tokens.len() && {
                let (s, e, _) = tokens[next];
                let word = &slice[s..e];
                // "the" joins only after "of", "for" or "and" ("Friends of the Earth"), never
                // on its own ("Agreement the Ashworth …").
                let allowed = !word.eq_ignore_ascii_case("the")
                    || previous_connector.is_some_and(|p| ascii_in(p, &["of", "for", "and", "&"]));
                let is_connector =
                    s != e && ascii_in(word, CONNECTORS) && !is_capitalised(word) && allowed;
                if is_connector {
                    previous_connector = Some(word);
                }
                is_connector
            } {
                next += 1;
            }
            if next < tokens.len()
                && tokens[next].0 != tokens[next].1
                && is_capitalised(&slice[tokens[next].0..tokens[next].1])
            {
                last = next;
                k = next;
            } else {
                break;
            }
        }
        // Drop leading words that are not part of names.
        let mut first = t;
        while first <= last && {
            let (s, e, _) = tokens[first];
            s == e || ascii_in(&slice[s..e], LEADING_NON_NAME) || ascii_in(&slice[s..e], CONNECTORS)
        } {
            first += 1;
        }
        if first <= last {
            // "Fernlea Trust and Oakham Youth Trust" is two names: split at a connector that
            // follows a complete organisation name.
            let mut from = first;
            for k in first + 1..last {
                let (s, e, _) = tokens[k];
                if ascii_in(&slice[s..e], &["and", "&"]) && k > from {
                    let before = &slice[tokens[from].0..tokens[k - 1].1];
                    let last_word = words(before).next_back().unwrap_or_default();
                    let next_is_the = tokens
                        .get(k + 1)
                        .is_some_and(|&(s, e, _)| slice[s..e].eq_ignore_ascii_case("the"));
                    if next_is_the
                        || lower_in(last_word, ORG_ENDINGS)
                        || lower_in(last_word, ORG_WORDS) && words(before).count() > 1
                    {
                        let words = tokens[from..k].iter().filter(|(s, e, _)| s != e).count();
                        out.push(Run {
                            span: Span::new(tokens[from].0, tokens[k - 1].1).shift(span.start),
                            words,
                        });
                        from = k + 1;
                        while from < last
                            && ascii_in(&slice[tokens[from].0..tokens[from].1], LEADING_NON_NAME)
                        {
                            from += 1;
                        }
                    }
                }
            }
            if from <= last {
                let words = tokens[from..=last]
                    .iter()
                    .filter(|(s, e, _)| s != e)
                    .count();
                out.push(Run {
                    span: Span::new(tokens[from].0, tokens[last].1).shift(span.start),
                    words,
                });
            }
        }
        t = last + 1;
    }
    out
}

/// "Director of Housing Services", "Peer Support Team of Kingsmead NHS Trust": when the words
/// before an "of" are not an organisation and the words after are, the name is what follows.
fn trim_title(text: &str, run: Run) -> Run {
    let name = &text[run.span.range()];
    let Some(at) = name.find(" of ") else {
        return run;
    };
    let before = &name[..at];
    let mut after_start = at + 4;
    if name[after_start..].starts_with("the ") {
        after_start += 4;
    }
    let after = &name[after_start..];
    let title = words_lower(before)
        .last()
        .is_some_and(|w| TITLE_WORDS.contains(&w.as_str()));
    if title && !after.is_empty() && looks_like_org(after) {
        return Run {
            span: Span::new(run.span.start + after_start, run.span.end),
            words: words_lower(after).len(),
        };
    }
    run
}

/// Job titles and parts of organisations that come before "of" and the organisation's name.
const TITLE_WORDS: &[&str] = &[
    "director",
    "head",
    "chief",
    "chair",
    "chairman",
    "chairperson",
    "manager",
    "officer",
    "secretary",
    "trustee",
    "trustees",
    "coordinator",
    "co-ordinator",
    "president",
    "executive",
    "team",
    "procedure",
    "rules",
    "members",
    "member",
    "staff",
    "unit",
    "division",
    "directorate",
    "committee",
    "representative",
    "representatives",
    "lead",
    "leader",
    "governor",
    "governors",
];

fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => true,
        // "4Children", "1st Step Trust": a digit-led word with letters counts.
        Some(c) if c.is_ascii_digit() => {
            word.chars().any(char::is_alphabetic) && chars.any(char::is_uppercase)
        }
        _ => false,
    }
}

/// Is `word`, lower-cased by ASCII only, in `list` (of lower-case words)? No allocation.
fn ascii_in(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Is `word`, lower-cased as `words_lower` does, in `list` (of lower-case words)? Allocates only
/// for a word with non-ASCII letters (some lower-case to ASCII ones: the Kelvin sign to "k").
fn lower_in(word: &str, list: &[&str]) -> bool {
    if word.is_ascii() {
        ascii_in(word, list)
    } else {
        list.contains(&word.to_lowercase().as_str())
    }
}

/// The words of `words_lower`, as written: for comparisons through `lower_in`.
fn words(name: &str) -> impl DoubleEndedIterator<Item = &str> + Clone {
    name.split([' ', '\n'])
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&'))
}

fn words_lower(name: &str) -> Vec<String> {
    name.split([' ', '\n'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&')
                .to_lowercase()
        })
        .collect()
}

/// Does the run's own shape say it is an organisation?
fn looks_like_org(name: &str) -> bool {
    // Called for most runs: compare the words as written (`lower_in`) rather than allocate
    // `words_lower`.
    let Some(last) = words(name).next_back() else {
        return false;
    };
    if lower_in(last, NOT_ORG_ENDINGS) && !lower_in(last, PROJECT_ENDINGS) {
        return false;
    }
    let count = words(name).count();
    if count > 10 {
        return false;
    }
    // Governance bodies of a partnership are not organisations ("Steering Group",
    // "Consortium Board", "Executive Board").
    let governance_body = lower_in(
        last,
        &[
            "group",
            "board",
            "committee",
            "body",
            "bodies",
            "assembly",
            "panel",
            "team",
            "forum",
        ],
    ) && count <= 3
        && words(name).take(count - 1).all(|w| {
            lower_in(
                w,
                &[
                    "steering",
                    "working",
                    "advisory",
                    "reference",
                    "project",
                    "programme",
                    "executive",
                    "management",
                    "partnership",
                    "consortium",
                    "contract",
                    "general",
                    "operational",
                    "strategic",
                    "governing",
                    "joint",
                    "partners",
                    "members",
                    "alliance",
                    "leadership",
                    "oversight",
                    "review",
                    "the",
                ],
            )
        });
    if governance_body {
        return false;
    }
    lower_in(last, ORG_ENDINGS)
        || lower_in(last, PROJECT_ENDINGS) && count > 1
        || words(name).any(|w| lower_in(w, ORG_WORDS)) && count > 1
        || count > 1
            && words(name)
                .next()
                .is_some_and(|w| lower_in(w, &["nhs", "hmp", "age", "citizens"]))
}

/// Template text standing where a name should be ("[OFFICIAL NAME OF THE PARTY]", "Insert").
fn is_placeholder(name: &str) -> bool {
    words(name).any(|w| {
        lower_in(
            w,
            &[
                "name",
                "names",
                "insert",
                "official",
                "identified",
                "tbc",
                "tba",
                "xx",
                "xxx",
            ],
        )
    })
}

/// The key two names of the same organisation share: lower case, no punctuation, no leading
/// "the", no legal suffix.
pub fn name_key(name: &str) -> String {
    let mut words: Vec<String> = words_lower(&name.replace('&', " and "))
        .into_iter()
        .map(|w| w.replace(['\'', '’', '.'], ""))
        .filter(|w| !w.is_empty())
        .collect();
    if words.first().is_some_and(|w| w == "the") {
        words.remove(0);
    }
    while words.len() > 1
        && matches!(
            words.last().map(String::as_str),
            Some("ltd" | "limited" | "cic" | "cio" | "llp" | "plc" | "inc" | "llc")
        )
    {
        words.pop();
    }
    words.join(" ")
}

/// Organisation-number wording after a name: "(registered charity no. …)", ", a company …".
static REGISTERED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[,(]\s*)?(?:an?\s+)?(?:registered\s+)?(?:charit(?:y|able)|company|society|community interest company|social enterprise|not-for-profit|incorporated)\b")
        .expect("static regex")
});

/// A role word standing alone in a table cell or a party line ("Commissioner", "Bidder").
static ALIAS_GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\(([^()]{1,160})\)"#).expect("static regex"));

static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"["“”]([^"“”]{1,60})["“”]"#).expect("static regex"));

static REFERRED_AS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:referred to as|known as|called|hereinafter)\s+(?:the\s+)?["“]([^"“”]{1,60})["”]"#)
        .expect("static regex")
});

static ACRONYM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z][A-Z0-9&]{1,7}$").expect("static regex"));

/// Cues read in the text before a mention (the pattern ends at the mention).
struct Cue {
    role: Role,
    pattern: Regex,
}

/// A list of cues, in order of precedence, and one set of all their patterns.
struct Cues {
    list: Vec<Cue>,
    /// Matches where any cue does: one search rules out every cue for most mentions.
    any: RegexSet,
}

impl Cues {
    fn iter(&self) -> std::slice::Iter<'_, Cue> {
        self.list.iter()
    }

    /// The role of the first cue that matches `text`.
    fn first(&self, text: &str) -> Option<Role> {
        if !self.any.is_match(text) {
            return None;
        }
        self.list
            .iter()
            .find(|cue| cue.pattern.is_match(text))
            .map(|cue| cue.role)
    }
}

fn cues(list: &[(Role, &str)]) -> Cues {
    Cues {
        list: list
            .iter()
            .map(|&(role, pattern)| Cue {
                role,
                pattern: Regex::new(pattern).expect("static regex"),
            })
            .collect(),
        any: RegexSet::new(list.iter().map(|&(_, pattern)| pattern)).expect("static regex"),
    }
}

static BEFORE_CUES: LazyLock<Cues> = LazyLock::new(|| {
    cues(&[
        (
            Role::Supporter,
            r"(?i)\bletters?\s+of\s+support\s+(?:from|by|provided\s+by|received\s+from|signed\s+by)\s*$",
        ),
        (Role::Supporter, r"(?i)\b(?:endorsed|supported)\s+by\s*$"),
        (
            Role::Supporter,
            r"(?i)\b(?:referral|signposting)\s+partners?(?:\s+(?:such\s+as|including|like))?,?\s*$",
        ),
        (
            Role::Supporter,
            r"(?i)\b(?:signpost(?:ed|ing)?|refer(?:red|rals)?)\s+(?:\w+\s+){0,3}(?:to|from)\s*$",
        ),
        (
            Role::Supporter,
            r"(?i)\b(?:we\s+have\s+consulted(?:\s+with)?|consultation\s+with)\s*$",
        ),
        (
            Role::Incumbent,
            r"(?i)\b(?:current|existing|incumbent|outgoing|previous|present)\s+(?:service\s+)?(?:provider|supplier|contractor|operator|deliverer)s?\s*(?:,|\bis\b|\bwas\b|\(|:)?\s*$",
        ),
        (
            Role::Incumbent,
            r"(?i)\b(?:currently|presently|at\s+present|has\s+been|have\s+been|is\s+being|was)\s+(?:\w+\s+){0,2}(?:delivered|provided|run|operated|managed|carried\s+out|held)\s+(?:[\w,]+\s+){0,5}?by\s*$",
        ),
        (
            Role::Incumbent,
            r"(?i)\b(?:delivered|provided|run|operated|managed)\s+since\s+[^.]{0,30}?\bby\s*$",
        ),
        (
            Role::Incumbent,
            r"(?i)\b(?:transfer|move|moving|transferring)\s+(?:\w+\s+){0,4}from\s*$",
        ),
        (
            Role::Commissioner,
            r"(?i)\b(?:commissioned|funded|procured|tendered|awarded|issued|published|grant(?:-| )funded)\s+(?:\w+\s+){0,2}by\s*$",
        ),
        (
            Role::Commissioner,
            r"(?i)\b(?:grant|funding|award|contribution)\s+from\s*$",
        ),
        (
            Role::Commissioner,
            r"(?i)\b(?:hold|holds|held|sign|signs)\s+the\s+(?:head\s+|main\s+)?contract\s+with\s*$",
        ),
        (
            Role::Commissioner,
            r"(?i)\bon\s+behalf\s+of\s+the\s+commissioner\s*$",
        ),
        (
            Role::Lead,
            r"(?i)\b(?:led|submitted|coordinated|co-ordinated)\s+by\s*$",
        ),
        (
            Role::Lead,
            r"(?i)\b(?:lead\s+(?:partner|organisation|organization|applicant|bidder|provider|member|body)|prime\s+(?:contractor|provider)|accountable\s+body|bidder)\s*(?:,|\bis\b|:)?\s*$",
        ),
        (
            Role::Partner,
            r"(?i)\bin\s+(?:close\s+)?partnership\s+with\s*$",
        ),
        (
            Role::Partner,
            r"(?i)\b(?:delivery|specialist|supply[- ]chain|consortium|local|community|strategic|key)\s+partners?(?:\s+organisations?)?\s*(?:,|\bis\b|\bare\b|:|\binclude\b|\bincluding\b)?\s*$",
        ),
        (
            Role::Partner,
            r"(?i)\b(?:our|the)\s+partners?\s*(?:,|\bis\b|\bare\b|:|\binclude\b)?\s*$",
        ),
        (
            Role::Partner,
            r"(?i)\b(?:sub-?contract(?:ed|ing)?|sub-?let)\s+(?:\w+\s+){0,5}?(?:to|with)\s*$",
        ),
        (Role::Partner, r"(?i)\bworking\s+alongside\s*$"),
        (
            Role::Partner,
            r"(?i)\b(?:will|shall)\s+be\s+(?:jointly\s+)?(?:delivered|provided|run|led)\s+(?:\w+\s+){0,3}?by\s*$",
        ),
        (Role::Partner, r"(?i)\bpayable\s+to\s*$"),
    ])
});

static AFTER_CUES: LazyLock<Cues> = LazyLock::new(|| {
    cues(&[
        (
            Role::Supporter,
            r"(?i)^\s*(?:has|have)\s+(?:kindly\s+)?(?:provided|given|written|sent|supplied|offered)\s+(?:us\s+)?(?:a\s+|their\s+|its\s+)?letters?\s+of\s+support",
        ),
        (
            Role::Supporter,
            r"(?i)^\s*(?:supports|endorses|has\s+endorsed|have\s+endorsed|backs)\s+(?:this|our)\s+(?:bid|application|proposal|tender)",
        ),
        (
            Role::Supporter,
            r"(?i)^\s*(?:will|can|may)\s+(?:also\s+)?(?:refer|signpost)\b",
        ),
        (
            Role::Supporter,
            r"(?i)^\s*(?:sits?|will\s+sit)\s+on\s+(?:our|the)\s+(?:advisory|steering|reference)",
        ),
        (
            Role::Incumbent,
            r"(?i)^\s*,?\s*(?:is|are|was|as)\s+the\s+(?:current|existing|incumbent|outgoing|present)\b",
        ),
        (
            Role::Incumbent,
            r"(?i)^\s*(?:'s|’s)?\s*(?:\w+\s+){0,3}(?:staff|team|key\s+workers|workers|employees|practitioners)\s+(?:currently|presently|now)\s+(?:deliver|run|provide|work)",
        ),
        (
            Role::Incumbent,
            r"(?i)^\s*(?:currently|presently|now)\s+(?:delivers?|provides?|runs?|operates?|holds?)\b",
        ),
        (
            Role::Commissioner,
            r"(?i)^\s*(?:is|are)\s+(?:commissioning|funding|tendering|procuring|the\s+commissioner|the\s+funder|the\s+buyer)",
        ),
        (
            Role::Commissioner,
            r"(?i)^\s*(?:has|have)\s+(?:jointly\s+)?(?:commissioned|awarded|funded|appointed)",
        ),
        (
            Role::Commissioner,
            r"(?i)^\s*(?:'s|’s)\s+(?:invitation\s+to\s+tender|itt|tender|specification|service\s+specification|procurement|commissioning|funding|grant)",
        ),
        (
            Role::Lead,
            r"(?i)^\s*,?\s*(?:is|as|will\s+be|acts\s+as|will\s+act\s+as)\s+(?:the\s+)?(?:lead\b|prime\b|accountable\s+body|contract\s+holder|bidder|applicant)",
        ),
        (
            Role::Lead,
            r"(?i)^\s*(?:will\s+hold|shall\s+hold|holds|will\s+sign|shall\s+sign|signs|has\s+signed|has\s+been\s+awarded|was\s+awarded)\s+the\s+(?:head\s+|main\s+|prime\s+)?(?:contract|grant|grant\s+agreement|funding\s+agreement)\b",
        ),
        (
            Role::Lead,
            r"(?i)^\s*,\s*(?:the|our)\s+(?:lead\s+(?:partner|organisation|organization|member|provider|applicant|body|bidder)|accountable\s+body|prime\s+(?:contractor|provider)|contract\s+holder|grant\s+holder)\b",
        ),
        (
            Role::Lead,
            r"(?i)^\s*(?:wishes|intends|proposes)\s+to\s+sub-?contract",
        ),
        (
            Role::Lead,
            r"(?i)^\s*\(\s*(?:the\s+)?(?:lead|prime|bidder)\b",
        ),
        (
            Role::Partner,
            r"(?i)^\s*,?\s*(?:our|a|the|as\s+(?:a|our|the))\s+(?:\w+\s+){0,2}(?:delivery\s+|specialist\s+|supply[- ]chain\s+)?partner\b",
        ),
        (
            Role::Partner,
            r"(?i)^\s*(?:will|shall|is\s+to|are\s+to|would|has\s+agreed\s+to|have\s+agreed\s+to|agrees\s+to)\s+(?:also\s+|jointly\s+|each\s+|then\s+)?(?:deliver|provide|run|host|employ|offer|manage|coordinate|co-ordinate|facilitate|undertake|supply|place|contribute|carry\s+out|operate|lead\s+on|work\s+with|hold\s+(?:a|an|weekly|monthly|fortnightly)|support\s+\d|support\s+(?:up\s+to|around|about|over)\s+\d)",
        ),
        (
            Role::Partner,
            r"(?i)^\s*\((?:partner|delivery\s+partner|subcontractor)\)",
        ),
    ])
});

/// Section headings whose lists and tables name delivery partners, and those that name
/// supporters.
static PARTNER_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:partners?|partnership|consortium|supply\s+chain|sub-?contractors?|delivery\s+model|who\s+will\s+deliver|collaborat\w*)\b|^\W*(?:the\s+)?(?:consortium\s+)?members\W*$").expect("static regex")
});
static SUPPORTER_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:letters?\s+of\s+support|supporters?|endorsements?|stakeholders?|referral\s+(?:partners|routes|sources)|signpost\w*)\b").expect("static regex")
});
static PARTIES_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:the\s+)?parties\W*$|\bbetween\W*$|\bbetween\b[^.]*:\s*$")
        .expect("static regex")
});
static END_OF_PARTIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:background|recitals|whereas|it\s+is\s+agreed|agreed\s+terms|now\s+it\s+is|operative|terms|1\.?\s)").expect("static regex")
});
static PARTIES_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:the\s+)?parties(?:\s+to\s+this\s+\w+)?\s*(?:are)?\s*:")
        .expect("static regex")
});
static PARTY_LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\(?\d{1,2}[.)]\s*|\([a-z]\)\s*)?(?:between|and)?\s*")
        .expect("static regex")
});
static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:made|entered\s+into|is|are)\s+(?:on\s+[^,]{0,30}\s+)?between\s+")
        .expect("static regex")
});

/// A name found, with how it was found.
struct Found {
    span: Span,
    unit: usize,
    /// Role implied by where it was found (a partners list, a party clause, a role cell).
    role: Option<Role>,
    /// True when the context alone makes it an organisation, whatever its shape.
    structural: bool,
    /// True for the name that opens a party line; its aliases may come anywhere in the line.
    party: bool,
}

struct Entity {
    key: String,
    forms: Vec<String>,
    aliases: Vec<String>,
    roles: Vec<RoleEvidence>,
}

/// Find the organisations in `doc` and their roles.
pub fn find(doc: &Document, units: &[Unit]) -> Vec<Organisation> {
    let text = &doc.text;
    // Both the candidates and the short forms read every unit's capitalised runs: find them once.
    let unit_runs: Vec<Vec<Run>> = units.iter().map(|unit| runs(text, unit.span)).collect();
    let found = candidates(doc, units, &unit_runs);
    let mut entities: Vec<Entity> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for f in &found {
        let name = &text[f.span.range()];
        // "incorporated in England and Wales (company no. …)": a place, not the organisation.
        let after_place_word = [" in ", " of ", " at ", " within "]
            .iter()
            .any(|w| text[..f.span.start].ends_with(w));
        let shaped = looks_like_org(name)
            || REGISTERED_AFTER.is_match(window(text, f.span.end, 80)) && !after_place_word;
        if !(shaped || f.structural) {
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
            });
            entities.len() - 1
        });
        let entity = &mut entities[index];
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
    }
    let mut entities = drop_joined(merge_aliases(entities));
    add_short_forms(doc, &unit_runs, &mut entities);
    let mut orgs = Vec::new();
    for entity in entities {
        orgs.push(Organisation {
            name: display_name(&entity.forms),
            aliases: entity.aliases,
            mentions: Vec::new(),
            roles: entity.roles,
        });
    }
    find_mentions(text, &mut orgs);
    assign_roles(doc, units, &mut orgs);
    for org in &mut orgs {
        org.roles.sort_by_key(|r| (r.span, r.role));
        org.roles.dedup();
    }
    orgs
}

/// An organisation first named in full and later found on its own under its alias (a table
/// cell holding "VCAT") is one organisation: fold such entities into the alias's owner.
fn merge_aliases(entities: Vec<Entity>) -> Vec<Entity> {
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
fn drop_joined(entities: Vec<Entity>) -> Vec<Entity> {
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

/// Prefer a mixed-case form to an all-capitals one, then the longest.
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

/// Every name candidate, with structural context where it has one.
/// `unit_runs` holds each unit's capitalised runs.
fn candidates(doc: &Document, units: &[Unit], unit_runs: &[Vec<Run>]) -> Vec<Found> {
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
    let mut in_parties = false;
    let mut last_block = usize::MAX;
    for (u, unit) in units.iter().enumerate() {
        let block = &doc.blocks[unit.block];
        let unit_text = &text[unit.span.range()];
        // A party list runs from a "PARTIES" / "BETWEEN" line to the recitals.
        if unit.block != last_block {
            let block_text = doc.slice(block.span);
            if block_text.len() < 200 && PARTIES_MARK.is_match(block_text) {
                in_parties = true;
                last_block = unit.block;
                continue;
            }
            if matches!(block.kind, BlockKind::Heading { .. })
                || END_OF_PARTIES.is_match(block_text) && block_text.len() < 40
            {
                in_parties = false;
            }
            last_block = unit.block;
        }
        if unit.kind == UnitKind::Heading {
            continue;
        }
        let section_role = block
            .section
            .and_then(|s| section_roles.get(s).copied())
            .unwrap_or(untitled_role);
        let unit_runs: Vec<Run> = unit_runs[u].iter().map(|&r| trim_title(text, r)).collect();
        // The first name in a party line, a partners list item, or after a numbered party mark.
        let first_run = unit_runs.first().copied();
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

/// The role a section's title gives the names listed in it: supporters under "Letters of
/// support", partners under "Delivery partners", none under a team's title.
fn section_role(title: &str) -> Option<Role> {
    if title.to_ascii_lowercase().contains("team") {
        None
    } else if SUPPORTER_HEADING.is_match(title) {
        Some(Role::Supporter)
    } else if PARTNER_HEADING.is_match(title) {
        Some(Role::Partner)
    } else {
        None
    }
}

/// Names in a table row: a role cell ("Commissioner | X") gives the row's names that role; a
/// column headed "Partner", "Member" or "Delivered by" holds partners.
fn table_names(
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
        let column_role = if [
            "delivered by",
            "delivery by",
            "partner",
            "member",
            "organisation",
            "organization",
            "subcontractor",
            "provider",
        ]
        .iter()
        .any(|w| column.contains(w))
        {
            Some(Role::Partner)
        } else {
            role_word(&column)
        };
        let role = row_role
            .filter(|_| role_word(doc.slice(cell)).is_none())
            .or(column_role);
        let Some(role) = role else { continue };
        // The cell's leading name.
        if let Some(run) = unit_runs.iter().find(|r| cell.contains(r.span)) {
            let lead_text = &doc.text[cell.start..run.span.start];
            if lead_text.trim().is_empty() && role_word(doc.slice(run.span)).is_none() {
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

/// Aliases defined after a name in its unit: quoted names in the next bracket group,
/// `referred to as "…"`, or a bracketed acronym. A role alias (`the "Lead Provider"`) also gives
/// the role.
fn define_aliases(text: &str, units: &[Unit], f: &Found, entity: &mut Entity) {
    let unit = units[f.unit];
    let after = &text[f.span.end..unit.span.end];
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

fn is_registration(inner: &str) -> bool {
    let lower = inner.to_ascii_lowercase();
    lower.contains("charity")
        || lower.contains("company no")
        || lower.contains("registered")
        || lower.contains("society no")
}

/// Text after a name with any registration-number brackets (and the comma after them) skipped.
fn skip_registration(after: &str) -> &str {
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
fn direct_brackets(after: &str) -> &str {
    let mut rest = after.trim_start_matches([' ', ',']);
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
        let next = rest[close + 1..].trim_start_matches([' ', ',']);
        consumed += rest[close + 1..].len() - next.len();
        rest = next;
    }
}

/// A short form used alone ("Ladderstep's team" for "Ladderstep Employment Services Ltd"): the
/// name's first word, when that word stands as a name of its own elsewhere and starts no other
/// organisation's name.
fn add_short_forms(doc: &Document, unit_runs: &[Vec<Run>], entities: &mut [Entity]) {
    let mut standalone: HashMap<String, usize> = HashMap::new();
    for runs in unit_runs {
        for run in runs {
            if run.words == 1 {
                *standalone
                    .entry(doc.text[run.span.range()].to_string())
                    .or_default() += 1;
            }
        }
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

/// Read each mention's surroundings for role cues; list neighbours share cues ("in partnership
/// with A, B and C"; "A and B will deliver").
fn assign_roles(doc: &Document, units: &[Unit], orgs: &mut [Organisation]) {
    let text = &doc.text;
    // All mentions in text order: (span, org index).
    let mut all: Vec<(Span, usize)> = orgs
        .iter()
        .enumerate()
        .flat_map(|(i, o)| o.mentions.iter().map(move |&s| (s, i)))
        .collect();
    all.sort();
    let mut roles: Vec<Vec<Role>> = vec![Vec::new(); all.len()];
    let mut unit_of = vec![usize::MAX; all.len()];
    let mut u = 0;
    for (m, &(span, _)) in all.iter().enumerate() {
        while u < units.len() && units[u].span.end < span.start {
            u += 1;
        }
        if u < units.len() && units[u].span.contains(span) {
            unit_of[m] = u;
        }
    }
    for (m, &(span, _)) in all.iter().enumerate() {
        let Some(unit) = units.get(unit_of[m]) else {
            continue;
        };
        if unit.kind == UnitKind::Heading {
            continue;
        }
        let before = tail(&text[unit.span.start..span.start], 90);
        // Read past "(registered charity no. …)" to what the text says about the name.
        let after = head(skip_registration(&text[span.end..unit.span.end]), 120);
        roles[m].extend(BEFORE_CUES.first(before));
        roles[m].extend(AFTER_CUES.first(after));
        // A role word in the same table row ("Commissioner | Calderbrook Council").
        if let UnitKind::Row { row, header: false } = unit.kind
            && let BlockKind::Table(table) = &doc.blocks[unit.block].kind
            && let Some(role) = table
                .rows
                .get(row)
                .and_then(|r| r.cells.iter().find_map(|&c| role_word(doc.slice(c))))
        {
            roles[m].push(role);
        }
    }
    // Share cues along lists: a mention joined to the next by ", " / " and " takes its
    // before-cues forward and its after-cues back.
    let joined = |a: Span, b: Span| {
        let between = text.get(a.end..b.start).unwrap_or("x").trim();
        let between =
            between.trim_start_matches(|c: char| !c.is_alphanumeric() && c != ',' && c != '&');
        let between = between
            .split_once(')')
            .map_or(between, |(_, rest)| rest)
            .trim();
        matches!(
            between,
            "," | "and" | ", and" | "&" | "or" | ", or" | ";" | "; and"
        )
    };
    for m in 1..all.len() {
        if unit_of[m] == unit_of[m - 1] && joined(all[m - 1].0, all[m].0) && roles[m].is_empty() {
            roles[m] = roles[m - 1].clone();
        }
    }
    for m in (0..all.len().saturating_sub(1)).rev() {
        if unit_of[m] == unit_of[m + 1] && joined(all[m].0, all[m + 1].0) && roles[m].is_empty() {
            roles[m] = roles[m + 1].clone();
        }
    }
    for (m, &(span, org)) in all.iter().enumerate() {
        for &role in &roles[m] {
            orgs[org].roles.push(RoleEvidence { role, span });
        }
    }
    // Names that are commissioners or funders whatever the sentence says.
    for org in orgs.iter_mut() {
        let words = words_lower(&org.name);
        let last = words.last().map_or("", String::as_str);
        let commissioner = matches!(
            last,
            "council" | "authority" | "commissioner" | "icb" | "ccg" | "lottery" | "fund"
        ) && !words
            .iter()
            .any(|w| matches!(w.as_str(), "voluntary" | "cvs" | "action"))
            || words
                .windows(3)
                .any(|w| w == ["integrated", "care", "board"])
            || words
                .first()
                .is_some_and(|w| matches!(w.as_str(), "department" | "ministry"))
            || words == ["nhs", "england"];
        if commissioner {
            let span = org.mentions.first().copied().unwrap_or_default();
            org.roles.push(RoleEvidence {
                role: Role::Commissioner,
                span,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use regex::Regex;

    use super::{
        CONNECTORS, LEADING_NON_NAME, NOT_ORG_ENDINGS, ORG_ENDINGS, ORG_WORDS, Organisation,
        PROJECT_ENDINGS, Role, TITLE_WORDS, find, name_key, to_lowercase,
    };
    use crate::analyse::text::units;
    use crate::extract::markdown;

    fn orgs(text: &str) -> Vec<Organisation> {
        let doc = markdown::extract(PathBuf::from("t.md"), text.to_string(), Vec::new());
        find(&doc, &units(&doc))
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
