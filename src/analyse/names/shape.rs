//! Capitalised runs that are not names, told by their shape and by the document's own usage:
//! a clause title ("Termination for Convenience", "ARTICLE IX"), an office ("Chief Executive
//! Officer", "Board of Directors of the Company"), a sentence or heading in capitals
//! ("NEITHER PARTY WARRANTS THAT …"), and a common phrase the document capitalises as a term
//! ("Support Services", "Confidential Information") — every word of which the same document
//! also writes in lower case, where a proper name ("Kesterton Advocacy Services") has a word
//! it never does.
//!
//! These tests are for runs read from running text. A name that the document's structure
//! names as a party, or that carries a legal form ("Payment Europe LLC"), is one whatever its
//! words: callers test that first.

use std::collections::HashSet;

use super::legal;
use super::words::{CONNECTORS, ORG_WORD_SET, ascii_in, looks_like_org, lower_in, words};

/// Words that title a clause or a part of a document. A run holding one is a heading or a
/// cross-reference, not an organisation.
const CLAUSE_WORDS: &[&str] = &[
    "article",
    "articles",
    "section",
    "sections",
    "clause",
    "clauses",
    "schedule",
    "exhibit",
    "annex",
    "appendix",
    "recital",
    "recitals",
    "whereas",
    "witnesseth",
    "definition",
    "definitions",
    "interpretation",
    "termination",
    "term",
    "warranty",
    "warranties",
    "representations",
    "indemnification",
    "indemnity",
    "obligations",
    "liability",
    "liabilities",
    "confidentiality",
    "confidential",
    "miscellaneous",
    "notices",
    "notice",
    "payment",
    "payments",
    "provisions",
    "remedies",
    "disclaimer",
    "responsibilities",
    "assignment",
    "compensation",
    "pricing",
    "governing",
    "severability",
];

/// Offices and governing bodies of an organisation: the head word of a title, not a name.
const OFFICE_HEADS: &[&str] = &[
    "officer",
    "officers",
    "president",
    "secretary",
    "treasurer",
    "chairman",
    "chairperson",
    "chair",
    "signatory",
    "counsel",
    "representative",
    "representatives",
    "directors",
    "trustees",
    "regents",
    "governors",
    "manager",
];

/// Words that open a title ("Chief Executive Officer", "Vice President Finance").
const OFFICE_OPENERS: &[&str] = &[
    "chief",
    "director",
    "vice",
    "president",
    "secretary",
    "authorized",
    "authorised",
    "head",
    "cabinet",
    "councillor",
    "cllr",
];

/// The words a document writes in lower case somewhere: what it uses as common words.
pub struct Lexicon<'t> {
    /// Words as the text writes them, starting with a lower-case letter.
    lower: HashSet<&'t str>,
}

impl<'t> Lexicon<'t> {
    /// Read `text` once.
    pub(in crate::analyse) fn of(text: &'t str) -> Lexicon<'t> {
        // The words are the stretches of letters, digits and hyphens (the text split at any
        // other character), hyphens trimmed. Read byte by byte: most of a text is ASCII, and
        // splitting it by a test on each decoded character was half the time of this pass.
        let mut lower = HashSet::with_capacity(text.len() / 64);
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut at = 0;
        while at <= bytes.len() {
            let (in_word, width) = match bytes.get(at) {
                None => (false, 1),
                Some(&b) if b.is_ascii() => (b.is_ascii_alphanumeric() || b == b'-', 1),
                Some(_) => text[at..]
                    .chars()
                    .next()
                    .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
            };
            if !in_word {
                let word = text[start..at].trim_matches('-');
                if word.starts_with(|c: char| c.is_lowercase()) {
                    lower.insert(word);
                }
                start = at + width;
            }
            at += width;
        }
        Lexicon { lower }
    }

    /// Whether `name` joins a proper word to a common one, as organisations' names do
    /// ("Wexley Community Transport"), where a person's name has only proper words ("Stefan
    /// Behnel") and a common phrase only common ones.
    pub(in crate::analyse) fn is_proper_and_common(&self, name: &str) -> bool {
        let known = |w: &str| self.lower.contains(w.to_lowercase().as_str());
        let content: Vec<&str> = words(name).filter(|w| !ascii_in(w, CONNECTORS)).collect();
        content.iter().any(|w| known(w)) && content.iter().any(|w| !known(w))
    }

    /// Whether `name` is a kind of service rather than a provider of one: it ends in
    /// "Services" and opens with a word the document also writes in lower case ("Customer
    /// Support Services", "Software & Hardware Services"), where a provider's name opens with
    /// its own ("Harlow Vale Care Services").
    pub(in crate::analyse) fn is_common_service(&self, name: &str) -> bool {
        let mut all = words(name).filter(|w| !ascii_in(w, CONNECTORS));
        let first = all.next();
        let last = all.next_back();
        matches!((first, last), (Some(first), Some(last))
            if last.eq_ignore_ascii_case("services")
                && self.lower.contains(first.to_lowercase().as_str()))
    }

    /// Whether every word of `name` but its connectors is one the document also writes in
    /// lower case: a common phrase capitalised ("Support Services"), not a proper name.
    pub(in crate::analyse) fn is_common_phrase(&self, name: &str) -> bool {
        let mut content = words(name).filter(|w| !ascii_in(w, CONNECTORS)).peekable();
        content.peek().is_some()
            && content.all(|w| {
                let w = w.trim_end_matches(['\'', '’']);
                let w = w
                    .strip_suffix("'s")
                    .or_else(|| w.strip_suffix("’s"))
                    .unwrap_or(w);
                self.lower.contains(w.to_lowercase().as_str())
            })
    }
}

/// Whether `name` opens with the word that numbers a part of a document ("EXHIBIT C TO THE
/// OFFERING CIRCULAR OF …, INC.", "Schedule 2 Kite Hill Ltd"): a heading, whatever follows.
pub(in crate::analyse) fn opens_with_part(name: &str) -> bool {
    words(name).next().is_some_and(|w| {
        lower_in(
            w,
            &[
                "article", "section", "clause", "schedule", "exhibit", "annex", "appendix",
            ],
        )
    })
}

/// Whether `name` is a sentence in capitals, not a name: more than six words written all in
/// capitals ("OPERATOR MAKES NO REPRESENTATION AS"), whatever word it ends with.
pub(in crate::analyse) fn is_provision(name: &str) -> bool {
    is_shouted(name) && words(name).count() > 6
}

/// Whether `name` is a piece of a sentence rather than a name: it ends on a word that joins
/// ("RESELLER'S OBLIGATIONS AS", "WARRANTY OF NON-INFRINGEMENT OR") or holds a verb that makes
/// a statement ("USE THE SERVICES SHALL BE LIMITED", "OBLIGATIONS UNDER THE AGREEMENT IS
/// LIMITED"). No organisation's name does either.
pub(in crate::analyse) fn is_fragment(name: &str) -> bool {
    let all: Vec<&str> = words(name).collect();
    all.len() > 1
        && (all.last().is_some_and(|last| {
            lower_in(
                last,
                &[
                    "of", "or", "and", "as", "the", "for", "to", "in", "at", "by", "with", "under",
                    "from",
                ],
            )
        }) || all
            .iter()
            .any(|w| lower_in(w, &["shall", "is", "are", "must", "hereby"])))
}

/// Whether `name` holds a word that titles a clause or a part of a document.
pub fn is_clause_title(name: &str) -> bool {
    words(name).any(|w| lower_in(w, CLAUSE_WORDS))
}

/// Whether `name` is an office or governing body ("Chief Financial Officer", "Vice President
/// Sales", "Board of Directors", "the University's Board of Regents").
pub fn is_office(name: &str) -> bool {
    let all: Vec<&str> = words(name).collect();
    let Some(&last) = all.last() else {
        return false;
    };
    // "Registered Charity No", "Company Number": the label of a registration.
    lower_in(last, &["no", "nos", "number", "numbers", "reg"])
        || lower_in(last, OFFICE_HEADS)
        || all.first().is_some_and(|w| lower_in(w, OFFICE_OPENERS))
        || all.windows(3).any(|w| {
            lower_in(w[0], &["board", "boards"])
                && w[1].eq_ignore_ascii_case("of")
                && lower_in(w[2], OFFICE_HEADS)
        })
}

/// Whether `name` names something that belongs to a body rather than a body: an organ or a
/// part of one ("Board of Directors of Advantus Series Fund, Inc.", "Institutional Review Board
/// of the University"), a title or duty ("Duties of Company", "General Corporate of MetLife
/// Group, Inc."), or an office's possession ("Managing Director's Authority"). The body is the
/// owner after "of": a name with a legal form, or an organisation word alone (the term a
/// contract defines for a party). A name of its own in front keeps the whole a name ("Bank of
/// America, N.A."), as does an owner that is only a place or a cause ("Friends of the Earth").
pub(in crate::analyse) fn belongs_to_body(name: &str, lexicon: &Lexicon) -> bool {
    let organ = |head: &str| {
        words(head)
            .next_back()
            .is_some_and(|w| lower_in(w, ORGANS) || lower_in(w, OFFICE_HEADS))
    };
    let owned = name.match_indices(" of ").any(|(at, of)| {
        let head = &name[..at];
        let owner = &name[at + of.len()..];
        let owner = ["the ", "The ", "THE "]
            .iter()
            .find_map(|the| owner.strip_prefix(the))
            .unwrap_or(owner);
        let body =
            legal::has_form(owner) || words(owner).count() == 1 && ORG_WORD_SET.has_lower(owner);
        // A head with an organisation word of its own names a body ("University of Phoenix,
        // Inc."), unless that word is an organ's.
        body && (organ(head)
            || is_office(head)
            || !looks_like_org(head)
                && !words(head).any(|w| ORG_WORD_SET.has_lower(w))
                && lexicon.is_common_phrase(head))
    });
    // "Managing Director's Authority": what an office holds.
    let possessed = name
        .split_once("'s ")
        .or_else(|| name.split_once("’s "))
        .is_some_and(|(holder, _)| {
            is_office(holder)
                || words(holder)
                    .next_back()
                    .is_some_and(|w| lower_in(w, &["director", "trustee", "governor", "executive"]))
        });
    owned || possessed
}

/// The last words of a body's organs ("Board", "Audit Committee").
const ORGANS: &[&str] = &[
    "board",
    "boards",
    "committee",
    "committees",
    "council",
    "panel",
    "directors",
    "trustees",
    "governors",
    "shareholders",
    "stockholders",
    "members",
];

/// Whether `name` is written all in capitals with two or more words: a heading or a
/// provision in capitals, unless a legal form or the parties clause makes it a name.
pub(in crate::analyse) fn is_shouted(name: &str) -> bool {
    words(name).count() >= 2
        && name.chars().any(char::is_alphabetic)
        && !name.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::{
        Lexicon, belongs_to_body, is_clause_title, is_office, is_provision, is_shouted,
        opens_with_part,
    };

    #[test]
    fn common_phrases_are_told_by_the_documents_own_lower_case() {
        let text = "We provide support services and hosting. Support Services are described below. \
                    Larchfield Advocacy Services will deliver advocacy services in Larchfield.";
        let lexicon = Lexicon::of(text);
        assert!(lexicon.is_common_phrase("Support Services"));
        assert!(!lexicon.is_common_phrase("Larchfield Advocacy Services"));
        assert!(!lexicon.is_common_phrase("Hosting Partners"));
        assert!(!lexicon.is_common_phrase("of the"));
        assert!(lexicon.is_proper_and_common("Larchfield Support"));
        assert!(!lexicon.is_proper_and_common("Larchfield Kestrel"));
        assert!(lexicon.is_common_service("Support and Hosting Services"));
        assert!(!lexicon.is_common_service("Larchfield Advocacy Services"));
        assert!(!lexicon.is_common_service("Support Partners"));
    }

    #[test]
    fn the_lexicon_holds_the_words_written_in_lower_case() {
        let text = "--co-op\u{2014}led caf\u{e9} \u{e9}t\u{e9}, x-ray; Stra\u{df}e 4th \
                    \u{df}ix\u{201c}quoted\u{201d}end-";
        let lexicon = Lexicon::of(text);
        let mut found: Vec<&str> = lexicon.lower.iter().copied().collect();
        found.sort_unstable();
        // As `str::split` at every character but letters, digits and hyphens would give them.
        let mut expected: Vec<&str> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .map(|word| word.trim_matches('-'))
            .filter(|word| word.starts_with(|c: char| c.is_lowercase()))
            .collect();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(found, expected);
        assert!(found.contains(&"\u{df}ix"));
        assert!(found.contains(&"end"));
    }

    #[test]
    fn clause_titles_offices_and_capitals() {
        for title in [
            "Termination for Convenience",
            "ARTICLE IX",
            "Governing Law",
            "Notices",
        ] {
            assert!(is_clause_title(title), "{title}");
        }
        assert!(!is_clause_title("Brookside Housing Association"));
        assert!(opens_with_part("EXHIBIT C TO THE CIRCULAR OF ARLO, INC."));
        assert!(!opens_with_part("Arlo, Inc."));
        for office in [
            "Chief Executive Officer",
            "Vice President Operations",
            "Board of Directors",
            "Fund's Board of Trustees",
            "Company Secretary",
            "Registered Charity No",
            "Head of Services",
            "Cabinet Member for Adult Social Care",
        ] {
            assert!(is_office(office), "{office}");
        }
        assert!(!is_office("Brookside Housing Association"));
        assert!(!is_office("Harbour Trust Board"));
        assert!(is_shouted("NEITHER PARTY WARRANTS"));
        assert!(is_provision(
            "THE OPERATOR MAKES NO REPRESENTATION OR WARRANTY AS"
        ));
        assert!(!is_provision("BIRCH FIRST GLOBAL INVESTMENTS INC"));
        assert!(!is_shouted("NHS"));
        assert!(!is_shouted("NHS Wexley"));
    }

    #[test]
    fn what_belongs_to_a_body_is_not_a_body() {
        let text = "The duties and general obligations below. The ethics committee approved it. \
                    The friends of the trust meet in June.";
        let lexicon = Lexicon::of(text);
        for owned in [
            // An organ of a body with a legal form, or of the term defined for a party.
            "Audit Committee of Harrowfield Mills, Inc.",
            "Board of Trustees of Kestrel Holdings Ltd",
            "Ethics Committee of the Charity",
            // A duty or a common phrase of the document, owned by a party.
            "Duties of Company",
            "General Obligations of the Trust",
            // What an office holds.
            "Chief Executive's Authority",
            "Finance Director's Report Group",
        ] {
            assert!(belongs_to_body(owned, &lexicon), "{owned}");
        }
        for body in [
            "Bank of Harrowfield, N.A.",
            "University of Kestrel, Inc.",
            "Friends of Kite Hill Trust",
            "Trustees of Marlow College",
            "Council of Upland Parishes",
            "McAllister's Community Trust",
        ] {
            assert!(!belongs_to_body(body, &lexicon), "{body}");
        }
    }
}
