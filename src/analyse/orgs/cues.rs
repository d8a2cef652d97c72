//! Role cues: the words around a mention, a table row's role cell and a section's title that
//! say what an organisation is in this document (lead, partner, commissioner, supporter,
//! incumbent).

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use super::Role;

/// Role words used as aliases (`(the "Lead Provider")`) or in a table row.
pub(super) fn role_word(text: &str) -> Option<Role> {
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
        // Any other "Lead …" or "Prime …" party noun names the one that holds the contract:
        // "the Lead Contractor", "the Lead Charity", "the Prime Agency" (not "Lead Academy
        // Trust", a name, nor "lead time").
        _ if lead_noun(t) => Role::Lead,
        _ => return None,
    })
}

/// "Lead" or "prime", at most one word more, and a noun for a party: "lead contractor", "lead
/// delivery organisation".
fn lead_noun(t: &str) -> bool {
    const NOUNS: &[&str] = &[
        "contractor",
        "charity",
        "agency",
        "organisation",
        "organization",
        "body",
        "partner",
        "provider",
        "member",
        "applicant",
        "bidder",
        "grantee",
        "institution",
        "party",
        "consultant",
        "supplier",
    ];
    let words: Vec<&str> = t.split_whitespace().collect();
    matches!(words.first(), Some(&("lead" | "prime")))
        && (2..=3).contains(&words.len())
        && words.last().is_some_and(|w| NOUNS.contains(w))
}

/// Organisation-number wording after a name: "(registered charity no. …)", ", a company …",
/// ", incorporated in …". A bare "Company" or "Charity" must go on as a registration does
/// ("company number", "charity no."): after a comma it is more often the term a contract defines
/// for a party ("during the Term, Company will pay"), and "incorporated therein" is a document's.
pub(super) static REGISTERED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^\s*(?:[,(]\s*)?(?:",
        r"(?:an?\s+)?(?:registered\s+)?(?:community\s+interest\s+company|social\s+enterprise|not-for-profit)",
        r"|(?:an?\s+(?:registered\s+)?|registered\s+)(?:charit(?:y|able)|company|society)",
        r"|(?:charit(?:y|able)|company)\s+(?:no|nos|number|reg|registered|registration|limited|incorporated|organi[sz]ation|company|trust)",
        r"|incorporated\s+(?:in|under|as|with|on|pursuant|and)",
        r")(?-u:\b)"
    ))
    .expect("static regex")
});

/// Cues read in the text before a mention (the pattern ends at the mention).
pub(super) struct Cue {
    pub(super) role: Role,
    pub(super) pattern: Regex,
}

/// A list of cues, in order of precedence, and one set of all their patterns.
pub(super) struct Cues {
    pub(super) list: Vec<Cue>,
    /// Matches where any cue does: one search rules out every cue for most mentions.
    pub(super) any: RegexSet,
}

impl Cues {
    pub(super) fn iter(&self) -> std::slice::Iter<'_, Cue> {
        self.list.iter()
    }

    /// The role of the first cue that matches `text`.
    pub(super) fn first(&self, text: &str) -> Option<Role> {
        if !self.any.is_match(text) {
            return None;
        }
        self.list
            .iter()
            .find(|cue| cue.pattern.is_match(text))
            .map(|cue| cue.role)
    }
}

pub(super) fn cues(list: &[(Role, &str)]) -> Cues {
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

pub(super) static BEFORE_CUES: LazyLock<Cues> = LazyLock::new(|| {
    cues(&[
        (
            Role::Supporter,
            r"(?i)(?-u:\b)letters?\s+of\s+support\s+(?:from|by|provided\s+by|received\s+from|signed\s+by)\s*$",
        ),
        (
            Role::Supporter,
            r"(?i)(?-u:\b)(?:endorsed|supported)\s+by\s*$",
        ),
        (
            Role::Supporter,
            r"(?i)(?-u:\b)(?:referral|signposting)\s+partners?(?:\s+(?:such\s+as|including|like))?,?\s*$",
        ),
        (
            Role::Supporter,
            r"(?i)(?-u:\b)(?:signpost(?:ed|ing)?|refer(?:red|rals)?)\s+(?:\w+\s+){0,3}(?:to|from)\s*$",
        ),
        (
            Role::Supporter,
            r"(?i)(?-u:\b)(?:we\s+have\s+consulted(?:\s+with)?|consultation\s+with)\s*$",
        ),
        (
            Role::Incumbent,
            r"(?i)(?-u:\b)(?:current|existing|incumbent|outgoing|previous|present)\s+(?:service\s+)?(?:provider|supplier|contractor|operator|deliverer)s?\s*(?:,|(?-u:\b)is(?-u:\b)|(?-u:\b)was(?-u:\b)|\(|:)?\s*$",
        ),
        (
            Role::Incumbent,
            r"(?i)(?-u:\b)(?:currently|presently|at\s+present|has\s+been|have\s+been|is\s+being|was)\s+(?:\w+\s+){0,2}(?:delivered|provided|run|operated|managed|carried\s+out|held)\s+(?:[\w,]+\s+){0,5}?by\s*$",
        ),
        (
            Role::Incumbent,
            r"(?i)(?-u:\b)(?:delivered|provided|run|operated|managed)\s+since\s+[^.]{0,30}?(?-u:\b)by\s*$",
        ),
        (
            Role::Incumbent,
            r"(?i)(?-u:\b)(?:transfer|move|moving|transferring)\s+(?:\w+\s+){0,4}from\s*$",
        ),
        (
            Role::Commissioner,
            r"(?i)(?-u:\b)(?:commissioned|funded|procured|tendered|awarded|issued|published|grant(?:-| )funded)\s+(?:\w+\s+){0,2}by\s*$",
        ),
        (
            Role::Commissioner,
            r"(?i)(?-u:\b)(?:grant|funding|award|contribution)\s+from\s*$",
        ),
        (
            Role::Commissioner,
            r"(?i)(?-u:\b)(?:hold|holds|held|sign|signs)\s+the\s+(?:head\s+|main\s+)?contract\s+with\s*$",
        ),
        (
            Role::Commissioner,
            r"(?i)(?-u:\b)on\s+behalf\s+of\s+the\s+commissioner\s*$",
        ),
        (
            Role::Lead,
            r"(?i)(?-u:\b)(?:led|submitted|coordinated|co-ordinated)\s+by\s*$",
        ),
        (
            Role::Lead,
            r"(?i)(?-u:\b)(?:lead\s+(?:partner|organisation|organization|applicant|bidder|provider|member|body)|prime\s+(?:contractor|provider)|accountable\s+body|bidder)\s*(?:,|(?-u:\b)is(?-u:\b)|:)?\s*$",
        ),
        (
            Role::Partner,
            r"(?i)(?-u:\b)in\s+(?:close\s+)?partnership\s+with\s*$",
        ),
        (
            Role::Partner,
            r"(?i)(?-u:\b)(?:delivery|specialist|supply[- ]chain|consortium|local|community|strategic|key)\s+partners?(?:\s+organisations?)?\s*(?:,|(?-u:\b)is(?-u:\b)|(?-u:\b)are(?-u:\b)|:|(?-u:\b)include(?-u:\b)|(?-u:\b)including(?-u:\b))?\s*$",
        ),
        (
            Role::Partner,
            r"(?i)(?-u:\b)(?:our|the)\s+partners?\s*(?:,|(?-u:\b)is(?-u:\b)|(?-u:\b)are(?-u:\b)|:|(?-u:\b)include(?-u:\b))?\s*$",
        ),
        (
            Role::Partner,
            r"(?i)(?-u:\b)(?:sub-?contract(?:ed|ing)?|sub-?let)\s+(?:\w+\s+){0,5}?(?:to|with)\s*$",
        ),
        (Role::Partner, r"(?i)(?-u:\b)working\s+alongside\s*$"),
        (
            Role::Partner,
            r"(?i)(?-u:\b)(?:will|shall)\s+be\s+(?:jointly\s+)?(?:delivered|provided|run|led)\s+(?:\w+\s+){0,3}?by\s*$",
        ),
        (Role::Partner, r"(?i)(?-u:\b)payable\s+to\s*$"),
    ])
});

pub(super) static AFTER_CUES: LazyLock<Cues> = LazyLock::new(|| {
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
            r"(?i)^\s*(?:will|can|may)\s+(?:also\s+)?(?:refer|signpost)(?-u:\b)",
        ),
        (
            Role::Supporter,
            r"(?i)^\s*(?:sits?|will\s+sit)\s+on\s+(?:our|the)\s+(?:advisory|steering|reference)",
        ),
        (
            Role::Incumbent,
            r"(?i)^\s*,?\s*(?:is|are|was|as)\s+the\s+(?:current|existing|incumbent|outgoing|present)(?-u:\b)",
        ),
        (
            Role::Incumbent,
            r"(?i)^\s*(?:'s|’s)?\s*(?:\w+\s+){0,3}(?:staff|team|key\s+workers|workers|employees|practitioners)\s+(?:currently|presently|now)\s+(?:deliver|run|provide|work)",
        ),
        (
            Role::Incumbent,
            r"(?i)^\s*(?:currently|presently|now)\s+(?:delivers?|provides?|runs?|operates?|holds?)(?-u:\b)",
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
            r"(?i)^\s*,?\s*(?:is|as|will\s+be|acts\s+as|will\s+act\s+as)\s+(?:the\s+)?(?:lead(?-u:\b)|prime(?-u:\b)|accountable\s+body|contract\s+holder|bidder|applicant)",
        ),
        (
            Role::Lead,
            r"(?i)^\s*(?:will\s+hold|shall\s+hold|holds|will\s+sign|shall\s+sign|signs|has\s+signed|has\s+been\s+awarded|was\s+awarded)\s+the\s+(?:head\s+|main\s+|prime\s+)?(?:contract|grant|grant\s+agreement|funding\s+agreement)(?-u:\b)",
        ),
        (
            Role::Lead,
            r"(?i)^\s*,\s*(?:the|our)\s+(?:lead\s+(?:partner|organisation|organization|member|provider|applicant|body|bidder)|accountable\s+body|prime\s+(?:contractor|provider)|contract\s+holder|grant\s+holder)(?-u:\b)",
        ),
        (
            Role::Lead,
            r"(?i)^\s*(?:wishes|intends|proposes)\s+to\s+sub-?contract",
        ),
        (
            // "X will lead the project", "X leads the partnership".
            Role::Lead,
            r"(?i)^\s*(?:will\s+|shall\s+|is\s+to\s+)?(?:lead|leads)\s+(?:the|this|our)\s+(?:whole\s+|overall\s+)?(?:project|programme|program|partnership|consortium|bid|application|contract|service)(?-u:\b)",
        ),
        (
            Role::Lead,
            r"(?i)^\s*\(\s*(?:the\s+)?(?:lead|prime|bidder)(?-u:\b)",
        ),
        (
            Role::Partner,
            r"(?i)^\s*,?\s*(?:our|a|the|as\s+(?:a|our|the))\s+(?:\w+\s+){0,2}(?:delivery\s+|specialist\s+|supply[- ]chain\s+)?partner(?-u:\b)",
        ),
        (
            Role::Partner,
            // "X will deliver …", "X, a community family support agency, will co-facilitate …".
            r"(?i)^\s*(?:,[^,.;()]{1,90},\s*)?(?:will|shall|is\s+to|are\s+to|would|has\s+agreed\s+to|have\s+agreed\s+to|agrees\s+to)\s+(?:also\s+|jointly\s+|each\s+|then\s+)?(?:co-?)?(?:deliver|provide|run|host|employ|offer|manage|coordinate|co-ordinate|facilitate|undertake|supply|place|contribute|carry\s+out|operate|lead\s+on|work\s+with|design|build|install|train|teach|mentor|recruit|distribute|hold\s+(?:a|an|weekly|monthly|fortnightly)|support\s+\d|support\s+(?:up\s+to|around|about|over)\s+\d)",
        ),
        (
            Role::Partner,
            r"(?i)^\s*\((?:partner|delivery\s+partner|subcontractor)\)",
        ),
    ])
});

/// What a table's description of an organisation's part says it is, read from the start of the
/// description ("Leads the project; employs the worker" is the lead, "Refers young people at
/// risk" a referrer): the verbs of a who-does-what table, in the present tense or with "will".
static DESCRIBED_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:will\s+)?(?:leads?|led|holds?\s+the\s+(?:contract|grant)|(?:is\s+)?(?:the\s+)?(?:lead(?:\s+(?:partner|organisation|organization|applicant|member|body))?|applicant|accountable\s+body|grant\s+holder|contract\s+holder))(?-u:\b)").expect("static regex")
});
static DESCRIBED_REFERRER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W*(?:will\s+)?(?:refers?|referr(?:al|als|ing)|signposts?|signposting)(?-u:\b)",
    )
    .expect("static regex")
});

/// The role a who-does-what description gives, when it says lead or referrer; `None` leaves the
/// column's role.
pub(super) fn described_role(description: &str) -> Option<Role> {
    if DESCRIBED_LEAD.is_match(description) {
        Some(Role::Lead)
    } else if DESCRIBED_REFERRER.is_match(description) {
        Some(Role::Supporter)
    } else {
        None
    }
}

/// Section headings whose lists and tables name delivery partners, and those that name
/// supporters.
pub(super) static PARTNER_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:partners?|partnership|consortium|supply\s+chain|sub-?contractors?|delivery\s+model|who\s+will\s+deliver|collaborat\w*)(?-u:\b)|^\W*(?:the\s+)?(?:consortium\s+)?members\W*$").expect("static regex")
});

pub(super) static SUPPORTER_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:letters?\s+of\s+support|supporters?|endorsements?|stakeholders?|referral\s+(?:partners|routes|sources)|signpost\w*)(?-u:\b)").expect("static regex")
});

/// The role a section's title gives the names listed in it: supporters under "Letters of
/// support", partners under "Delivery partners", none under a team's title.
/// A title of more than eight words is a sentence about something ("Orders for Manufacturer's
/// Products to be Manufactured by Subcontractor"), not the title of a list of names.
pub(super) fn section_role(title: &str) -> Option<Role> {
    if title.to_ascii_lowercase().contains("team")
        || title
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count()
            > 8
    {
        None
    } else if SUPPORTER_HEADING.is_match(title) {
        Some(Role::Supporter)
    } else if PARTNER_HEADING.is_match(title) {
        Some(Role::Partner)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{REGISTERED_AFTER, Role, role_word, section_role};

    #[test]
    fn any_lead_or_prime_party_noun_is_the_lead_and_names_are_not() {
        for lead in [
            "the Lead Contractor",
            "Lead Charity",
            "the Prime Agency",
            "lead delivery organisation",
        ] {
            assert_eq!(role_word(lead), Some(Role::Lead), "{lead}");
        }
        for other in [
            "Lead Academy Trust",
            "lead time",
            "Leading Lights Charity",
            "the Contractor's lead",
        ] {
            assert_eq!(role_word(other), None, "{other}");
        }
    }

    #[test]
    fn registration_wording_after_a_name_is_read_and_a_defined_term_is_not() {
        for registered in [
            ", a registered charity (no. 1049127)",
            " (charity number 1049127)",
            ", company number 04512233",
            " (Company No. 04512233)",
            ", a company incorporated in Scotland",
            ", incorporated under the laws of Delaware",
            ", a charitable incorporated organisation",
            ", a community interest company",
            ", registered society no. 31022R",
        ] {
            assert!(REGISTERED_AFTER.is_match(registered), "{registered}");
        }
        for not_registered in [
            // The term a contract defines for a party, after a comma.
            ", Company will pay ACSI the consideration",
            " Company sells franchises for the operation of",
            ", Charity shall report quarterly",
            // A document's wording, not a body's.
            " incorporated therein, as the same may be changed",
            " incorporated by reference",
        ] {
            assert!(
                !REGISTERED_AFTER.is_match(not_registered),
                "{not_registered}"
            );
        }
    }

    #[test]
    fn a_list_title_gives_a_role_and_a_long_sentence_about_a_party_does_not() {
        assert_eq!(section_role("4. Delivery partners"), Some(Role::Partner));
        assert_eq!(
            section_role("Our subcontractors and what each will deliver"),
            Some(Role::Partner)
        );
        assert_eq!(section_role("Letters of support"), Some(Role::Supporter));
        assert_eq!(
            section_role(
                "6. Warranties Given for Goods to be Supplied to the Buyer by Subcontractor"
            ),
            None
        );
        assert_eq!(section_role("Project team"), None);
    }
}
