//! The named features the kind of a document is scored on, and what each is evidence for.
//!
//! A feature is a pattern over the [`Normalised`] text with a weight, a cap on how many of its
//! matches count, and the region it is looked for in (the whole text, or the opening where a
//! document says what it is). [`GENRE`] features say which family a document belongs to:
//! an agreement (a parties clause, "the Parties", defined terms, obligations, signatures,
//! payment and termination terms), a bid (an applicant's first-person commitments, a request
//! for money, answers to an application form), or none of them: a document a commissioner or
//! funder issues to bidders, a report of results, a board paper. [`SPECIFIC`] features then
//! say which agreement: an MoU, a grant agreement, a subcontract, a consortium or a partnership.
//! [`tense`] counts what the writer says "we" did against what "we" will do, the evidence that
//! tells a report from a bid.
//!
//! Features describe what a kind of document does, never one document's wording: to extend,
//! add a pattern for a general shape (a clause every agreement of that kind has) with a test in
//! `mod.rs` written in words of your own.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use super::normal::Normalised;
use crate::document::DocKind;

/// The families a document can belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Genre {
    /// What only an agreement says of itself: its name for itself ("this agreement"), its
    /// signatures. A document that discusses agreements has none of these.
    Itself,
    /// What makes a document an agreement in force: parties and their agreeing.
    Agreement,
    /// Contract terms: obligations, payment, termination, definitions. Agreements have them,
    /// but so does a specification describing the contract to come.
    Terms,
    Bid,
    /// Issued by a commissioner or funder to those who bid: an invitation to tender, a
    /// specification, guidance for applicants, an evaluation brief.
    Issued,
    /// A report of results already achieved.
    Report,
    /// A paper asking a board or committee for a decision.
    BoardPaper,
}

impl Genre {
    pub fn describe(self) -> &'static str {
        match self {
            Genre::Itself | Genre::Agreement => "an agreement",
            Genre::Terms => "contract terms",
            Genre::Bid => "a bid",
            Genre::Issued => "a document issued to bidders",
            Genre::Report => "a report of results",
            Genre::BoardPaper => "a board paper",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    /// The first few hundred characters: where a document names itself.
    Opening,
    Anywhere,
}

/// One named piece of evidence.
pub struct Feature<T> {
    pub name: &'static str,
    pub towards: T,
    pub weight: u32,
    /// At most this many matches count.
    pub cap: u32,
    pub region: Region,
    pub pattern: &'static str,
}

/// A feature found in a document.
#[derive(Clone, Debug)]
pub struct Hit<T> {
    pub name: &'static str,
    pub towards: T,
    pub count: u32,
    pub points: u32,
}

const fn feature<T>(
    name: &'static str,
    towards: T,
    weight: u32,
    cap: u32,
    region: Region,
    pattern: &'static str,
) -> Feature<T> {
    Feature {
        name,
        towards,
        weight,
        cap,
        region,
        pattern,
    }
}

use Genre::{Agreement, Bid, BoardPaper, Issued, Itself, Report, Terms};
use Region::{Anywhere, Opening};

/// Which family a document belongs to.
pub const GENRE: &[Feature<Genre>] = &[
    // --- agreements -----------------------------------------------------------------------
    feature(
        "a name for itself as an agreement",
        Itself,
        3,
        1,
        Opening,
        r"\b(?:agreement|contract|sub-?contract|memorandum|mou|letter of (?:intent|agreement|understanding|offer|appointment)|terms and conditions|heads of terms|grant offer|conditions of grant|service level agreement)\b",
    ),
    feature(
        "a parties clause",
        Agreement,
        4,
        1,
        Anywhere,
        r#"\b(?:is|are|was|made|entered into|dated)\s+(?:[a-z0-9, ]{0,30}\s)?(?:by\s+and\s+)?between\b|\bbetween\s*:|\bparties\s*:|\b(?:agreement|memorandum|understanding|mou|contract|letter)\s+between\b|\(1\)\s.{3,300}?\(2\)\s|\bthe parties (?:to|of) this\b"#,
    ),
    feature(
        "\"the Parties\"",
        Agreement,
        1,
        6,
        Anywhere,
        r"\b(?:the|both|either|each|all|neither|other)\s+part(?:y|ies)\b",
    ),
    feature(
        "the agreement naming itself",
        Itself,
        2,
        4,
        Anywhere,
        r"\bth(?:is|ese)\s+(?:[a-z-]+\s+){0,2}?(?:agreement|memorandum|mou|sub-?contract|letter of (?:intent|agreement|understanding|offer)|terms and conditions|conditions of grant|grant offer)\b|\bthis letter (?:sets out|records|confirms|forms|is)\b",
    ),
    feature(
        "defined terms",
        Terms,
        1,
        5,
        Anywhere,
        r#"\((?:the\s+|each\s+an?\s+|together\s+(?:the\s+)?|hereinafter\s+)?"[^"()]{1,50}"\)|"[^"]{1,50}"\s+(?:means|shall mean|has the meaning|includes)\b|\bhereinafter\b"#,
    ),
    feature(
        "the parties agreeing",
        Agreement,
        2,
        3,
        Anywhere,
        r"\b(?:parties|party|partners|members)\s+(?:hereby\s+|have\s+)?agree[ds]?\b|\bagreed as follows\b|\bagrees? to (?:pay|provide|give|deliver|make|award|grant|fund|the|these|this)\b|\bhereby\b|\bin consideration of\b|\bwhereas\b|\bwe have agreed\b",
    ),
    feature(
        "obligations with \"shall\"",
        Terms,
        1,
        6,
        Anywhere,
        r"\bshall\b",
    ),
    feature(
        "a party's obligations",
        Terms,
        1,
        5,
        Anywhere,
        r"\b(?:the|each|either|both)\s+(?:[a-z'-]+\s+){1,2}(?:must|will|shall|agrees to|undertakes to)\s+(?:not\s+)?(?:pay|repay|provide|deliver|keep|tell|send|notify|ensure|maintain|comply|return|acknowledge|inform|submit|use|spend|report|refer|share|hold|have)\b",
    ),
    feature(
        "a signature block",
        Itself,
        3,
        2,
        Anywhere,
        r"\bsigned\s+(?:for\s+and\s+|by\s+\w+\s+)?on\s+behalf\s+of\b|\bfor\s+and\s+on\s+behalf\s+of\b|\bauthori[sz]ed\s+signator(?:y|ies)\b|\bexecuted\s+as\s+a\s+deed\b|\bin witness whereof\b|\bsigned (?:and|to) (?:return|confirm|accept)|\b(?:countersign|acceptance of (?:the|this) (?:grant|offer|agreement)|signed by (?:the|both|each) part)",
    ),
    feature(
        "signature lines",
        Itself,
        1,
        2,
        Anywhere,
        r"\bsign(?:ature|ed)\s*:\s|\bname\s*:.{0,80}?\bdate\s*:",
    ),
    feature(
        "payment terms",
        Terms,
        1,
        3,
        Anywhere,
        r"\b(?:will|shall|must|agrees? to)\s+pay\b|\bpayments?\s+(?:will|shall)\s+be\s+made\b|\binvoices?\b|\bin\s+(?:arrears|advance)\b|\binstalments?\b|\brepay\b",
    ),
    feature(
        "term and termination",
        Terms,
        1,
        3,
        Anywhere,
        r"\bterminat(?:e|es|ed|ion)\b|\bcommencement date\b|\b(?:months?|days?|weeks?)'?s?\s+(?:prior\s+)?(?:written\s+)?notice\b|\bnotice in writing\b|\bexpiry\b",
    ),
    feature(
        "contract boilerplate",
        Terms,
        1,
        3,
        Anywhere,
        r"\bgoverning law\b|\bentire agreement\b|\bcounterparts\b|\bforce majeure\b|\bexclusive jurisdiction\b|\bindemnif(?:y|ies|ied|ication)\b|\bno (?:variation|waiver)\b|\bseverab",
    ),
    // --- bids -----------------------------------------------------------------------------
    feature(
        "a name for itself as a bid",
        Bid,
        3,
        1,
        Opening,
        r"\b(?:application|proposal|bid|tender response|response|expression of interest|eoi|concept note|submission|method statement|funding request)\b",
    ),
    feature(
        "an applicant's commitments (\"we will\")",
        Bid,
        1,
        8,
        Anywhere,
        r"\bwe\s+(?:will|would|propose|plan|intend|aim|want to|are\s+(?:requesting|asking|applying|seeking|proposing|bidding|building|developing|creating|planning|looking))\b|\bwe'(?:ll|d)\b",
    ),
    feature(
        "\"our organisation\"",
        Bid,
        1,
        5,
        Anywhere,
        r"\bour\s+(?:organisation|organization|charity|group|project|proposal|bid|application|team|approach|experience|track record|delivery partners?|partners)\b",
    ),
    feature(
        "a request for money",
        Bid,
        3,
        2,
        Anywhere,
        r"\b(?:request(?:ing|s)?|asking\s+(?:you\s+)?for|applying\s+for|seek(?:ing|s)?)\s+(?:[a-z]+\s+){0,6}?(?:£|\$|€|eur\b|usd\b)\s?\d|(?:£|\$|€)\s?[\d,.]+\s?(?:k|m|million)?\s+(?:is\s+|are\s+|being\s+)?(?:requested|sought)\b|\bamount\s+(?:requested|applied for|sought)\b|\bhow much (?:are you|do you) (?:asking|applying|need|requesting)\b|\b(?:total|grant)\s+(?:amount\s+)?requested\b",
    ),
    feature(
        "application-form questions",
        Bid,
        1,
        4,
        Anywhere,
        r"\btell us\b|\bplease\s+(?:describe|explain|tell|give|list|outline|summarise|set out)\b|\b(?:max(?:imum)?\.?|up to|no more than)\s+\d+\s+words\b|\bword\s+(?:limit|count)\b|\bcomplete\s+(?:all|each|every|the following)\s+(?:[a-z]+\s+)?(?:fields?|sections?|questions?)\b|\bapplicant'?s?\s+(?:organi[sz]ation|name|details)\b",
    ),
    feature(
        "the bid naming itself",
        Bid,
        2,
        3,
        Anywhere,
        r"\b(?:this|our)\s+(?:bid|proposal|application|tender|submission|response|expression of interest|eoi|concept note)\b|\b(?:in\s+response|responds?|responding)\s+to\s+(?:the|your)\b|\bapplicant organisation\b",
    ),
    feature(
        "the parts of a project proposal",
        Bid,
        1,
        5,
        Anywhere,
        r"\bproject\s+(?:description|summary|overview|objectives|aims|timeline|plan|duration|team)\b|\bteam\s+members\b|\b(?:development\s+)?roadmap\b|\bdeliverables\b|\bexpected\s+(?:outcomes|results|impact)\b|\bproposed\s+(?:activities|work|approach|budget|solution|project)\b|\btheory of change\b|\bstatement of need\b|\bneed for (?:the|this|our) (?:project|service|work)\b",
    ),
    // --- documents a commissioner or funder issues --------------------------------------
    feature(
        "a name for itself as issued to bidders",
        Issued,
        3,
        1,
        Opening,
        r"\binvitation to (?:tender|quote|bid|submit)\b|\b(?:service )?specification\b|\binstructions to (?:bidders|tenderers|applicants)\b|\bguidance (?:notes? )?for applicants\b|\bprospectus\b|\bevaluation (?:brief|framework|plan)\b|\bterms of reference\b",
    ),
    feature(
        "instructions to bidders",
        Issued,
        2,
        5,
        Anywhere,
        r"\b(?:bidders|tenderers|applicants|suppliers|potential providers|respondents|bidding organisations)\s+(?:must|should|shall|are\s+(?:required|invited|asked|expected|reminded)|will\s+(?:need|be\s+required|be\s+asked)|may\s+(?:not\s+)?(?:submit|apply|bid))\b",
    ),
    feature(
        "an invitation to bid",
        Issued,
        3,
        2,
        Anywhere,
        r"\binvites?\s+(?:tenders|bids|applications|proposals|expressions of interest|submissions|quotations)\b|\binstructions to (?:bidders|tenderers)\b",
    ),
    feature(
        "a procurement's procedure",
        Issued,
        1,
        4,
        Anywhere,
        r"\bthe\s+successful\s+(?:bidder|tenderer|applicant|provider|supplier|organisation)\b|\btender\s+deadline\b|\bclarification\s+questions?\b|\b(?:tenders|bids|responses|applications)\s+will\s+be\s+(?:evaluated|scored|assessed)\b|\bevaluation\s+(?:criteria|panel|methodology|questions?)\b|\bcontract\s+award\b",
    ),
    feature(
        "words to those who will bid",
        Issued,
        2,
        2,
        Anywhere,
        r"\byour\s+(?:bid|tender|proposal|response|submission|quotation)s?\b|\bhow (?:and when )?to ask (?:clarification )?questions\b|\bdeadline for (?:tenders|bids|responses|submissions|applications)\b",
    ),
    // --- reports of results -------------------------------------------------------------
    feature(
        "a name for itself as a report",
        Report,
        2,
        1,
        Opening,
        r"\b(?:report|annual review|review of the year|evaluation|impact statement)\b",
    ),
    feature(
        "results achieved",
        Report,
        1,
        6,
        Anywhere,
        r"\b(?:was|were|have been|has been)\s+achieved\b|\bwe\s+(?:achieved|exceeded|reached)\b|\bagainst\s+(?:a|the|our)\s+target\s+of\b|\bwhat went well\b|\blessons\s+(?:we\s+)?learn(?:ed|t)\b|\bduring the (?:year|grant|project|funding)\b|\bover the (?:grant|project|funding) period\b|\bend[- ]of[- ](?:grant|project|year) report\b|\bfinal report\b|\bprogress report\b",
    ),
    feature(
        "looking back on a year",
        Report,
        1,
        4,
        Anywhere,
        r"\b(?:this|last|the past|the previous)\s+year\s*,?\s+(?:we|our)\b|\bover the (?:past|last) (?:year|twelve months|12 months)\b|\bthank(?:s| you)\s+to\s+(?:all\s+)?(?:our|the)\s+(?:funders|supporters|volunteers|donors|staff|trustees|partners)\b|\b(?:year|our year) in numbers\b|\bhighlights of the year\b|\b(?:were|was)\s+(?:supported|helped|reached|trained|completed|achieved)\b",
    ),
    // --- board papers -------------------------------------------------------------------
    feature(
        "a decision asked of a board",
        BoardPaper,
        4,
        3,
        Anywhere,
        r"\b(?:the\s+)?(?:board|trustees|committee|cabinet|directors)\s+(?:is|are)\s+(?:asked|invited|requested|recommended)\s+to\b|\bdecision\s+required\b|\bfor\s+(?:decision|approval|noting)\s*(?:$|[.|:;)])|\bpaper\s+(?:from|by|to the)\b|\bagenda\s+item\b|\b(?:purpose of )?this paper\b",
    ),
    feature(
        "a meeting of a board",
        BoardPaper,
        1,
        2,
        Anywhere,
        r"\bboard of (?:trustees|directors)\b|\bmeeting of (?:the )?(?:board|trustees|committee)\b|\bminutes of\b",
    ),
];

/// Which agreement, once a document is one.
pub const SPECIFIC: &[Feature<DocKind>] = &[
    feature(
        "named in its opening as a memorandum or letter of intent",
        DocKind::Mou,
        5,
        1,
        Opening,
        r"\bmemorandum of understanding\b|\bmou\b|\bletter of intent\b|\bstatement of intent\b|\bheads of terms\b|\bagreement in principle\b",
    ),
    feature(
        "named in its opening as a grant agreement",
        DocKind::GrantAgreement,
        5,
        1,
        Opening,
        r"\bgrant (?:agreement|offer|award|letter|contract)\b|\b(?:conditions|terms) of grant\b|\bgrant (?:terms and )?conditions\b|\bfunding agreement\b",
    ),
    feature(
        "named in its opening as a subcontract",
        DocKind::Subcontract,
        5,
        1,
        Opening,
        r"\bsub-?contract\b|\bsubgrant agreement\b|\bservice level agreement\b|\bdelivery partner agreement\b|\bsupply chain agreement\b",
    ),
    feature(
        "named in its opening as a consortium agreement",
        DocKind::Consortium,
        5,
        1,
        Opening,
        r"\b(?:consortium|collaboration|alliance|members'?|joint venture) agreement\b",
    ),
    feature(
        "named in its opening as a partnership agreement",
        DocKind::Partnership,
        5,
        1,
        Opening,
        r"\b(?:partnership|joint working) agreement\b",
    ),
    feature(
        "a memorandum or letter of intent",
        DocKind::Mou,
        3,
        2,
        Anywhere,
        r"\bmemorandum of understanding\b|\bmou\b|\bletters? of intent\b|\bstatement of intent\b|\bheads of terms\b|\bteaming agreement\b|\bagreement in principle\b",
    ),
    feature(
        "not legally binding",
        DocKind::Mou,
        3,
        1,
        Anywhere,
        r"\b(?:not|non)[- ](?:legally[- ])?binding\b|\bnot\s+(?:intended\s+to\s+be\s+|meant\s+to\s+be\s+|itself\s+)?(?:a\s+)?(?:legally[- ]binding|binding)\b|\bno\s+legal\s+(?:obligations?|relationship|effect)\b|\bsubject\s+to\s+contract\b|\b(?:does|do|will)\s+not\s+create\s+(?:any\s+)?(?:legal(?:ly)?|binding)\b",
    ),
    feature(
        "a funder's grant",
        DocKind::GrantAgreement,
        2,
        3,
        Anywhere,
        r"\bgrant\s+(?:offer|award|letter|conditions|holder|recipient)\b|\bconditions\s+of\s+(?:the\s+)?grant\b|\bgrantees?\b|\b(?:award(?:ed|s)?|offer(?:ed|s)?|give|make|made)\s+(?:you\s+|to\s+you\s+)?(?:[a-z'&]+\s+){0,6}?a\s+grant\s+of\b",
    ),
    feature(
        "\"the grant\"",
        DocKind::GrantAgreement,
        1,
        2,
        Anywhere,
        r"\bthe grant\b",
    ),
    feature(
        "delivery passed down a funding chain",
        DocKind::Subcontract,
        2,
        4,
        Anywhere,
        r"\b(?:this|the)\s+sub-?contract(?:or)?\b|\bsubgrant(?:s|ee|ees)?\b|\b(?:head|main|prime|principal|lead)\s+contract\b|\bback[- ]to[- ]back\b|\bflow(?:ed|s)?[- ]down\b|\bservice\s+level\s+agreement\b|\bsla\b|\bdelivery\s+partner\s+agreement\b|\bprime\s+(?:provider|contractor)\b|\blead\s+provider\b|\bto\s+deliver\s+(?:part|some|a\s+share|a\s+proportion|elements?)\s+of\s+(?:our|the|its)\b",
    ),
    feature(
        "members of a consortium or alliance",
        DocKind::Consortium,
        2,
        4,
        Anywhere,
        r"\bconsortium\b|\balliance\b|\bcollaboration\s+agreement\b|\b(?:lead|consortium|alliance|founding)\s+members?\b|\bthe\s+members\b|\beach\s+member\b|\bmembers'?\s+agreement\b",
    ),
    feature(
        "partners working jointly",
        DocKind::Partnership,
        1,
        4,
        Anywhere,
        r"\bpartnership\s+agreement\b|\bjoint\s+working\b|\bthe\s+partners\b|\b(?:each|both|all)\s+partners?\b|\bthe\s+partnership\b",
    ),
];

static GENRE_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| compile(GENRE));
static SPECIFIC_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| compile(SPECIFIC));
/// Every feature's pattern in one set: one pass over the text says which features occur at all,
/// and only those are counted (most documents hold a few of them).
static GENRE_SET: LazyLock<RegexSet> = LazyLock::new(|| compile_set(GENRE));
static SPECIFIC_SET: LazyLock<RegexSet> = LazyLock::new(|| compile_set(SPECIFIC));

fn compile_set<T>(features: &[Feature<T>]) -> RegexSet {
    RegexSet::new(
        features
            .iter()
            .map(|f| f.pattern.replace(r"\b", r"(?-u:\b)")),
    )
    .expect("static regex set")
}

fn compile<T>(features: &[Feature<T>]) -> Vec<Regex> {
    features.iter().map(|f| ascii_regex(f.pattern)).collect()
}

/// `pattern` with ASCII word boundaries: a Unicode `\b` keeps the regex engine off its fast
/// path on any text with a character outside ASCII, and the words the features look for are
/// all ASCII.
fn ascii_regex(pattern: &str) -> Regex {
    Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).expect("static regex")
}

/// The genre features found in `text`.
pub fn genre_hits(text: &Normalised) -> Vec<Hit<Genre>> {
    hits(GENRE, &GENRE_PATTERNS, &GENRE_SET, text)
}

/// The specific-agreement features found in `text`.
pub fn specific_hits(text: &Normalised) -> Vec<Hit<DocKind>> {
    hits(SPECIFIC, &SPECIFIC_PATTERNS, &SPECIFIC_SET, text)
}

fn hits<T: Copy>(
    features: &[Feature<T>],
    patterns: &[Regex],
    set: &RegexSet,
    text: &Normalised,
) -> Vec<Hit<T>> {
    // The opening is part of the whole text: what does not occur in the whole does not occur
    // in the opening either.
    let present = set.matches(text.all.as_str());
    features
        .iter()
        .zip(patterns)
        .enumerate()
        .filter(|&(i, _)| present.matched(i))
        .filter_map(|(_, (f, pattern))| {
            let count = match f.region {
                // The set has found it in the whole text: counting one match needs no search.
                Anywhere if f.cap == 1 => 1,
                Anywhere => pattern.find_iter(&text.all).take(f.cap as usize).count() as u32,
                Opening => pattern
                    .find_iter(text.opening())
                    .take(f.cap as usize)
                    .count() as u32,
            };
            (count > 0).then_some(Hit {
                name: f.name,
                towards: f.towards,
                count,
                points: count * f.weight,
            })
        })
        .collect()
}

/// Who a narrative is about: "we", "they", "it", "our team", "the charity".
const NARRATOR: &str = r"\b(?:we|they|it|our\s+[a-z]+|the\s+(?:trust|charity|project|programme|foundation|fund|team|service|group|centre|organisation))";
/// The narrator and a past-tense verb ("we ran", "the project has supported"), against the
/// narrator and a future ("we will", "the project would").
static WE_PAST: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(&format!(
        r"{NARRATOR}\s+(?:have\s+|has\s+|had\s+)?(?:[a-z]{{2,}}ed|ran|held|saw|made|were|was|did|met|took|gave|found|spent|began|got|built|brought|led|kept|won|grew|set up|sent|taught|paid|bought|sold|wrote)\b"
    ))
});
static WE_FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(&format!(
        r"{NARRATOR}\s+(?:will|shall|would|propose|proposes|plan|plans|intend|intends|aim|aims|is going to|are going to|hope to|hopes to|expect to|expects to)\b"
    ))
});

/// How often the writer says what "we" did, and what "we" will do.
pub fn tense(text: &Normalised) -> (u32, u32) {
    let past = WE_PAST
        .find_iter(&text.all)
        // "we need", "we succeed": present tenses that end like a past one.
        .filter(|m| !m.as_str().ends_with("eed"))
        .count() as u32;
    let future = WE_FUTURE.find_iter(&text.all).count() as u32;
    (past, future)
}

/// Compile the patterns now (for a spare thread at start-up).
pub fn warm_up() {
    LazyLock::force(&GENRE_PATTERNS);
    LazyLock::force(&SPECIFIC_PATTERNS);
    LazyLock::force(&GENRE_SET);
    LazyLock::force(&SPECIFIC_SET);
    LazyLock::force(&WE_PAST);
    LazyLock::force(&WE_FUTURE);
}
