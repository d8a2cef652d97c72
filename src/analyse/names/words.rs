//! The words that make a capitalised run an organisation's name, or keep it from being one:
//! organisation words and legal forms, endings of things that are not organisations, words that
//! start a phrase but not a name; and the tests on a name's shape built on them.

use std::sync::LazyLock;

/// Words that make a capitalised run an organisation wherever they stand in it.
pub(in crate::analyse) const ORG_WORDS: &[&str] = &[
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
pub(in crate::analyse) const ORG_ENDINGS: &[&str] = &[
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
    "shed",
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
pub(in crate::analyse) const NOT_ORG_ENDINGS: &[&str] = &[
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
    "regulation",
    "directive",
    "site",
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
pub(in crate::analyse) const PROJECT_ENDINGS: &[&str] = &[
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
pub(in crate::analyse) const LEADING_NON_NAME: &[&str] = &[
    "whereas",
    "witnesseth",
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
pub(in crate::analyse) const CONNECTORS: &[&str] = &[
    "of", "and", "for", "the", "&", "de", "in", "on", "upon", "at", "y", "du",
];

/// Job titles and parts of organisations that come before "of" and the organisation's name.
pub(in crate::analyse) const TITLE_WORDS: &[&str] = &[
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

pub(in crate::analyse) fn is_capitalised(word: &str) -> bool {
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

/// The long word lists above, for the membership tests made on every word of every run.
pub(in crate::analyse) static ORG_WORD_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(ORG_WORDS));
pub(in crate::analyse) static ORG_ENDING_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(ORG_ENDINGS));
pub(in crate::analyse) static NOT_ORG_ENDING_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(NOT_ORG_ENDINGS));
pub(in crate::analyse) static PROJECT_ENDING_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(PROJECT_ENDINGS));
pub(in crate::analyse) static LEADING_NON_NAME_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(LEADING_NON_NAME));

/// A list of lower-case words that answers [`ascii_in`] and [`lower_in`] by a binary search
/// rather than a comparison with each word in turn (a run's first word was compared with all
/// 149 words of [`LEADING_NON_NAME`]).
pub(in crate::analyse) struct WordSet {
    /// The words as bytes, ordered by length, then bytes.
    sorted: Vec<&'static [u8]>,
}

/// The longest word a [`WordSet`] lower-cases in place; a longer one is compared in turn.
const SET_WORD_BYTES: usize = 32;

impl WordSet {
    /// The set of `list`'s words, which must be written in lower case, as [`ascii_in`] and
    /// [`lower_in`] expect of their lists.
    pub(in crate::analyse) fn new(list: &[&'static str]) -> WordSet {
        let mut sorted: Vec<&'static [u8]> = list.iter().map(|w| w.as_bytes()).collect();
        sorted.sort_by(|a, b| (a.len(), *a).cmp(&(b.len(), *b)));
        sorted.dedup();
        WordSet { sorted }
    }

    fn has_bytes(&self, word: &[u8]) -> bool {
        self.sorted
            .binary_search_by(|w| (w.len(), *w).cmp(&(word.len(), word)))
            .is_ok()
    }

    /// `ascii_in(word, list)`.
    pub(in crate::analyse) fn has_ascii(&self, word: &str) -> bool {
        let mut buffer = [0u8; SET_WORD_BYTES];
        let Some(lower) = buffer.get_mut(..word.len()) else {
            return self
                .sorted
                .iter()
                .any(|w| w.eq_ignore_ascii_case(word.as_bytes()));
        };
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        self.has_bytes(lower)
    }

    /// `lower_in(word, list)`.
    pub(in crate::analyse) fn has_lower(&self, word: &str) -> bool {
        if word.is_ascii() {
            self.has_ascii(word)
        } else {
            self.has_bytes(word.to_lowercase().as_bytes())
        }
    }
}

/// Is `word`, lower-cased by ASCII only, in `list` (of lower-case words)? No allocation.
pub(in crate::analyse) fn ascii_in(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Is `word`, lower-cased as `words_lower` does, in `list` (of lower-case words)? Allocates only
/// for a word with non-ASCII letters (some lower-case to ASCII ones: the Kelvin sign to "k").
pub(in crate::analyse) fn lower_in(word: &str, list: &[&str]) -> bool {
    if word.is_ascii() {
        ascii_in(word, list)
    } else {
        list.contains(&word.to_lowercase().as_str())
    }
}

/// The words of `words_lower`, as written: for comparisons through `lower_in`.
pub(in crate::analyse) fn words(name: &str) -> impl DoubleEndedIterator<Item = &str> + Clone {
    name.split([' ', '\n'])
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&'))
}

pub(in crate::analyse) fn words_lower(name: &str) -> Vec<String> {
    name.split([' ', '\n'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&')
                .to_lowercase()
        })
        .collect()
}

/// Does the run's own shape say it is an organisation?
pub(in crate::analyse) fn looks_like_org(name: &str) -> bool {
    // Called for most runs: compare the words as written (`lower_in`) rather than allocate
    // `words_lower`.
    let Some(last) = words(name).next_back() else {
        return false;
    };
    if NOT_ORG_ENDING_SET.has_lower(last) && !PROJECT_ENDING_SET.has_lower(last) {
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
    ORG_ENDING_SET.has_lower(last)
        || PROJECT_ENDING_SET.has_lower(last) && count > 1
        || words(name).any(|w| ORG_WORD_SET.has_lower(w)) && count > 1
        || count > 1
            && words(name)
                .next()
                .is_some_and(|w| lower_in(w, &["nhs", "hmp", "age", "citizens"]))
}

/// Template text standing where a name should be ("[OFFICIAL NAME OF THE PARTY]", "Insert").
pub(in crate::analyse) fn is_placeholder(name: &str) -> bool {
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
pub(in crate::analyse) fn name_key(name: &str) -> String {
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
            Some(
                "ltd"
                    | "limited"
                    | "cic"
                    | "cio"
                    | "llp"
                    | "plc"
                    | "inc"
                    | "incorporated"
                    | "llc"
                    | "corp"
                    | "corporation"
                    | "co"
                    | "lp"
                    | "na"
                    | "gmbh"
                    | "ag"
                    | "sa"
                    | "bv"
                    | "nv"
                    | "pty"
                    | "pte"
            )
        )
    {
        words.pop();
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::{
        LEADING_NON_NAME, NOT_ORG_ENDINGS, ORG_ENDINGS, ORG_WORDS, PROJECT_ENDINGS, WordSet,
        ascii_in, lower_in,
    };

    #[test]
    fn a_word_set_answers_as_its_list_does() {
        for list in [
            ORG_WORDS,
            ORG_ENDINGS,
            NOT_ORG_ENDINGS,
            PROJECT_ENDINGS,
            LEADING_NON_NAME,
        ] {
            let set = WordSet::new(list);
            for &word in list {
                // The lists are written in lower case, as the set requires.
                assert_eq!(word, word.to_lowercase(), "{word}");
                let upper = word.to_uppercase();
                for probe in [word, upper.as_str(), &word[..word.len() - 1]] {
                    assert_eq!(set.has_ascii(probe), ascii_in(probe, list), "{probe}");
                    assert_eq!(set.has_lower(probe), lower_in(probe, list), "{probe}");
                }
            }
            for probe in [
                "",
                "Trust\u{212a}",
                "\u{212a}",
                "Caf\u{e9}",
                "a-very-long-word-of-more-than-thirty-two-bytes",
            ] {
                assert_eq!(set.has_ascii(probe), ascii_in(probe, list), "{probe}");
                assert_eq!(set.has_lower(probe), lower_in(probe, list), "{probe}");
            }
        }
    }
}
