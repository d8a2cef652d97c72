//! What kind of document this is: a bid, one of the agreements, or neither (`unknown`, which
//! no shipped rule reads).
//!
//! The kind is decided by what a document *is*, scored as evidence ([`features`]): first its
//! family (an agreement has parties, "the Parties", defined terms, obligations, signatures and
//! payment or termination terms; a bid has an applicant's "we will", a request for money and
//! answers to an application form; a document issued to bidders, a report of results and a
//! board paper have their own signs, and make the document `unknown`), then, for an agreement,
//! which one: an MoU, a grant agreement, a subcontract, a consortium or a partnership when its
//! evidence is clear, else the generic agreement. The features read the [`normal`]ised text,
//! never heading markup, so a document gives the same kind as Markdown, DOCX, ODT or PDF.
//! [`KindDecision::reason`] names the evidence that decided.
//!
//! Front matter (`kind: subcontract`) and `--kind` override the text. To recognise more, add a
//! feature in `features.rs` (a general shape, never one document's words) and a test below.

mod features;
mod normal;

use serde::Serialize;

pub use crate::document::DocKind;
use crate::document::{BlockKind, Document};
use features::{Genre, Hit};
use normal::Normalised;

/// How the kind was decided, for `extract` and JSON output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KindDecision {
    pub kind: DocKind,
    pub reason: String,
}

/// The least evidence for a family to be chosen: an agreement needs more than a passing
/// "the parties" or a payment term (a bid has those too); a bid needs more than one "we will".
const MIN_AGREEMENT: u32 = 8;
const MIN_BID: u32 = 5;
const MIN_OTHER: u32 = 5;
/// The least evidence for a specific agreement kind (else the generic `agreement`).
const MIN_SPECIFIC: u32 = 4;

/// Decide the kind of `doc`. `forced` (from `--kind`) beats front matter, which beats the text.
pub fn classify(doc: &Document, forced: Option<DocKind>) -> KindDecision {
    if let Some(kind) = forced {
        return KindDecision {
            kind,
            reason: "set on the command line".into(),
        };
    }
    if let Some(value) = doc.front_matter("kind")
        && let Ok(kind) = value.parse()
    {
        return KindDecision {
            kind,
            reason: "set in front matter".into(),
        };
    }
    classify_text(&doc.text)
}

/// Decide the kind from the text alone.
fn classify_text(text: &str) -> KindDecision {
    let text = Normalised::new(text);
    let mut hits = features::genre_hits(&text);
    let (past, future) = features::tense(&text);
    // A report tells what was done; a bid, what will be. Past narration well ahead of plans
    // is a report's evidence (a bid's track record is a few sentences among many plans).
    if past >= 5 && past > 2 * future {
        hits.push(Hit {
            name: "past-tense narration",
            towards: Genre::Report,
            count: past,
            points: (past - 2 * future).min(8),
        });
    }
    let points = |genre: Genre| -> u32 {
        hits.iter()
            .filter(|h| h.towards == genre)
            .map(|h| h.points)
            .sum()
    };
    let issued = points(Genre::Issued) >= MIN_OTHER;
    // A document issued to bidders describes the contract to come, so its contract terms are
    // no evidence that it is an agreement: then only what makes an agreement in force counts.
    // A document that names itself an agreement or is signed as one: without that, parties
    // and terms are only a document discussing agreements (a report on partnership working).
    let itself = points(Genre::Itself);
    let score = |genre: Genre| -> u32 {
        match genre {
            Genre::Agreement if itself == 0 => 0,
            Genre::Agreement if issued => itself + points(Genre::Agreement),
            Genre::Agreement => itself + points(Genre::Agreement) + points(Genre::Terms),
            other => points(other),
        }
    };
    let genres = [
        (Genre::Agreement, MIN_AGREEMENT),
        (Genre::Issued, MIN_OTHER),
        (Genre::Report, MIN_OTHER),
        (Genre::BoardPaper, MIN_OTHER),
        (Genre::Bid, MIN_BID),
    ];
    // The family with most evidence; on a tie the earlier in `genres`: a document with as
    // much evidence of being issued to bidders, a report or a board paper as of being a bid
    // is not called a bid.
    let mut ranked: Vec<(Genre, u32, u32)> =
        genres.iter().map(|&(g, min)| (g, score(g), min)).collect();
    ranked.sort_by_key(|&(_, points, _)| std::cmp::Reverse(points));
    let (winner, points, min) = ranked[0];
    let runner_up = ranked
        .iter()
        .skip(1)
        .find(|(_, p, _)| *p > 0)
        .map(|&(g, p, _)| format!("; {} {p}", short(g)))
        .unwrap_or_default();
    let evidence = |genre: Genre| {
        let counted = |h: &&Hit<Genre>| {
            h.towards == genre
                || (genre == Genre::Agreement
                    && (h.towards == Genre::Itself || (!issued && h.towards == Genre::Terms)))
        };
        evidence(hits.iter().filter(counted))
    };
    if points < min {
        return KindDecision {
            kind: DocKind::Unknown,
            reason: if points == 0 {
                "nothing in the text says it is a bid or an agreement".into()
            } else {
                format!(
                    "too little evidence: {} {points} ({}){runner_up}",
                    short(winner),
                    evidence(winner)
                )
            },
        };
    }
    match winner {
        Genre::Bid => KindDecision {
            kind: DocKind::Bid,
            reason: format!(
                "reads like a bid, {points}: {}{runner_up}",
                evidence(winner)
            ),
        },
        Genre::Agreement => {
            let (kind, specific) = which_agreement(&text);
            KindDecision {
                kind,
                reason: format!(
                    "reads like {}, {points}: {}{runner_up}{specific}",
                    article(kind),
                    evidence(winner)
                ),
            }
        }
        other => KindDecision {
            kind: DocKind::Unknown,
            reason: format!(
                "not a bid or an agreement: reads like {}, {points}: {}{runner_up}",
                other.describe(),
                evidence(other)
            ),
        },
    }
}

/// The specific agreement kind with clear evidence, else the generic one; and what decided it.
fn which_agreement(text: &Normalised) -> (DocKind, String) {
    let hits = features::specific_hits(text);
    let mut scores: Vec<(DocKind, u32)> = DocKind::AGREEMENTS
        .iter()
        .map(|&k| {
            let points = hits
                .iter()
                .filter(|h| h.towards == k)
                .map(|h| h.points)
                .sum();
            (k, points)
        })
        .collect();
    scores.sort_by_key(|&(_, points)| std::cmp::Reverse(points));
    let (best, points) = scores[0];
    let second = scores[1].1;
    let found = |kind: DocKind| evidence(hits.iter().filter(|h| h.towards == kind));
    if points >= MIN_SPECIFIC && points > second {
        (best, format!("; {}: {}", best.describe(), found(best)))
    } else if points == 0 {
        (DocKind::Agreement, String::new())
    } else {
        let close: Vec<String> = scores
            .iter()
            .filter(|(_, p)| *p > 0)
            .map(|(k, p)| format!("{} {p}", k.name()))
            .collect();
        (
            DocKind::Agreement,
            format!("; no specific kind is clear ({})", close.join(", ")),
        )
    }
}

/// "a parties clause, \"the Parties\" ×4, defined terms ×3", strongest first.
fn evidence<'a>(hits: impl Iterator<Item = &'a Hit<impl Copy + 'a>>) -> String {
    let mut hits: Vec<_> = hits.collect();
    hits.sort_by_key(|h| std::cmp::Reverse(h.points));
    let named: Vec<String> = hits
        .iter()
        .map(|h| match h.count {
            1 => h.name.to_string(),
            n => format!("{} ×{n}", h.name),
        })
        .collect();
    named.join(", ")
}

fn short(genre: Genre) -> &'static str {
    match genre {
        Genre::Itself | Genre::Agreement => "agreement",
        Genre::Terms => "contract terms",
        Genre::Bid => "bid",
        Genre::Issued => "issued to bidders",
        Genre::Report => "report",
        Genre::BoardPaper => "board paper",
    }
}

fn article(kind: DocKind) -> String {
    match kind {
        DocKind::Agreement => "an agreement".into(),
        other => format!("a {}", other.describe()),
    }
}

/// Compile the kind patterns now (for a spare thread at start-up).
pub fn warm_up() {
    features::warm_up();
}

/// The document's title: front matter `title`, else the first heading, else the first block.
pub fn title(doc: &Document) -> String {
    if let Some(title) = doc.front_matter("title") {
        return title.to_string();
    }
    let first_heading = doc
        .blocks
        .iter()
        .take(8)
        .find(|b| matches!(b.kind, BlockKind::Heading { .. }))
        .or_else(|| doc.blocks.first());
    first_heading
        .map(|b| doc.slice(b.span).to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{DocKind, classify};
    use crate::extract::markdown;

    fn kind(text: &str) -> DocKind {
        let doc = markdown::extract(PathBuf::from("t.md"), text.to_string(), Vec::new());
        classify(&doc, None).kind
    }

    fn decided(text: &str) -> super::KindDecision {
        let doc = markdown::extract(PathBuf::from("t.md"), text.to_string(), Vec::new());
        classify(&doc, None)
    }

    /// A short services agreement with no title naming a kind: parties, definitions,
    /// obligations, payment, termination and signatures make it an agreement.
    const SERVICES: &str = "\
Dated 3 March 2026\n\n\
This agreement is made between Orchard Lane Trust (\"the Trust\") and Brightwater Learning CIC \
(\"the Provider\"), together the Parties.\n\n\
1. The Provider shall run twelve reading workshops for the Trust's tenants.\n\n\
2. The Trust shall pay the Provider £4,800 in two instalments, each within 30 days of a valid \
invoice.\n\n\
3. Either party may terminate this agreement on three months' written notice.\n\n\
4. This agreement is governed by the law of England and Wales.\n\n\
Signed for and on behalf of Orchard Lane Trust: ____ Date: ____\n\n\
Signed for and on behalf of Brightwater Learning CIC: ____ Date: ____\n";

    #[test]
    fn an_agreement_is_known_by_its_parts_not_its_title() {
        let decision = decided(SERVICES);
        assert_eq!(decision.kind, DocKind::Agreement, "{}", decision.reason);
        assert!(
            decision.reason.contains("a parties clause"),
            "{}",
            decision.reason
        );
        assert!(
            decision.reason.contains("a signature block"),
            "{}",
            decision.reason
        );
    }

    #[test]
    fn specific_agreements_where_their_evidence_is_clear() {
        let grant = "\
# Award letter\n\n\
Dear Ms Patel,\n\n\
The trustees of the Fenholt Fund have agreed to award Larkspur Community Garden a grant of \
£12,000 (\"the Grant\") towards its growing project. These are the conditions of grant. The \
grantee shall spend the Grant only on the approved budget and shall repay any part not spent \
by 31 March 2027. We will pay the Grant in two instalments. We may withhold or reclaim the \
Grant if the grantee breaks these conditions.\n\n\
Signed for and on behalf of the grantee: ____ Name: ____ Date: ____\n";
        assert_eq!(kind(grant), DocKind::GrantAgreement);

        let mou = "\
# Working together on youth referrals\n\n\
This memorandum of understanding is between Harrowgate Youth Club (\"the Club\") and \
Westmere School (\"the School\"), together the Parties. It records how the Parties intend to \
work together and is not legally binding. Either party may end it on one month's notice.\n\n\
Signed on behalf of each party: ____\n";
        assert_eq!(kind(mou), DocKind::Mou);

        let passed_down = "\
# Delivery arrangement\n\n\
This agreement is made between Northgate Advice (\"the Lead\") and Kiln Street Law Centre \
(\"the Partner\"). The Lead holds the main contract with the Borough Council and asks the \
Partner to deliver part of the housing advice service under it, on back-to-back terms. The \
Lead shall pay the Partner within 30 days of each invoice. Either party may terminate this \
agreement on 90 days' notice.\n\n\
Signed for and on behalf of each party: ____\n";
        assert_eq!(kind(passed_down), DocKind::Subcontract);

        let members = "\
# Alliance terms\n\n\
This agreement is between the five members of the Riverside Recovery Alliance (each a \
\"Member\"). The Parties agree that the lead member shall hold the contract and each member \
shall deliver its agreed share. The members shall meet monthly. Any member may terminate its \
membership on six months' notice.\n\nSigned for and on behalf of each Member: ____\n";
        assert_eq!(kind(members), DocKind::Consortium);
    }

    #[test]
    fn sub_grants_letters_of_intent_and_plain_service_agreements() {
        // Money passed on by an accountable body is a subcontract, not a funder's grant.
        let onward = "\
# Small Grants Scheme: sub-grant terms\n\n\
Harbourview Council for Voluntary Service (\"the CVS\") holds funding from the regional \
fund and passes part of it on. This agreement is between the CVS and Tern Street Youth Club \
(\"the Sub-Grantee\"). The Sub-Grantee shall use the sub-grant of £3,000 only for the summer \
programme. The CVS will pay it in two instalments. Either party may terminate this agreement \
on one month's written notice.\n\nSigned for and on behalf of the Sub-Grantee: ____\n";
        assert_eq!(kind(onward), DocKind::Subcontract);

        // A letter of intent to bid together: an agreement, and an MoU rather than a bid.
        let intent = "\
Clearwell Housing Support, 4 Mill Row\n\nDear Priya,\n\n\
Letter of intent: the supported housing tender\n\n\
This letter sets out how Clearwell Housing Support (\"Clearwell\") intends to work with \
Oakmoor Tenancy Advice (\"Oakmoor\") on our bid. It is subject to contract and not legally \
binding. If the bid succeeds, Clearwell will pay Oakmoor for the advice sessions it delivers, \
and the Parties will agree a subcontract.\n\n\
Signed for and on behalf of Oakmoor: ____ Date: ____\n";
        let decision = decided(intent);
        assert_eq!(decision.kind, DocKind::Mou, "{}", decision.reason);

        // Nothing points to a specific kind: the generic agreement, and the reason says so.
        let decision = decided(SERVICES);
        assert_eq!(decision.kind, DocKind::Agreement);
        assert!(
            !decision.reason.contains("memorandum"),
            "{}",
            decision.reason
        );
    }

    #[test]
    fn a_bid_is_an_applicant_asking_for_money() {
        let application = "\
# Community Chest: your answers\n\n\
**Tell us about your organisation (max 200 words)**\n\n\
Our organisation runs a weekly lunch club for older people in Haddon. We have 20 volunteers.\n\n\
**What will you do with the money?**\n\n\
We will open a second club on Thursdays and we will add a minibus service. Our project will \
reach 40 more people.\n\n\
**How much are you asking for?**\n\n\
We are requesting £6,500 towards the minibus and a part-time coordinator.\n";
        assert_eq!(kind(application), DocKind::Bid);

        let concept = "\
# Concept note: Greener Streets\n\n\
Project summary: a two-year scheme to train young people as tree wardens.\n\n\
Expected outcomes: 60 trained wardens and 400 street trees cared for.\n\n\
Proposed budget: we are seeking £45,000 from the Foundation, with £10,000 from our own \
reserves. We would recruit a project worker in the first month.\n";
        assert_eq!(kind(concept), DocKind::Bid);
    }

    #[test]
    fn documents_that_are_neither_are_unknown() {
        let itt = "\
# Invitation to tender: community transport\n\n\
The Borough invites tenders for a door-to-door transport service. Bidders must submit their \
response by noon on 4 May. Tenderers should note that responses will be evaluated on quality \
(60%) and price (40%). The successful bidder will be offered a contract under which the \
provider shall keep records and the Borough shall pay monthly in arrears; either party may \
terminate on three months' notice. Clarification questions must be sent by 20 April.\n";
        let decision = decided(itt);
        assert_eq!(decision.kind, DocKind::Unknown, "{}", decision.reason);
        assert!(
            decision.reason.contains("issued to bidders"),
            "{}",
            decision.reason
        );

        let report = "\
# Report to our funder, year two\n\n\
We ran 48 sessions against a target of 40. We supported 210 families and we trained \
12 new volunteers. We opened a second venue in June and we moved the evening group to a \
larger hall. Outcomes achieved: 85% of families reported less stress. What went well: the \
partnership with the schools. Lessons learned: we started recruitment too late. Next year \
we will keep both venues open.\n";
        let decision = decided(report);
        assert_eq!(decision.kind, DocKind::Unknown, "{}", decision.reason);
        assert!(decision.reason.contains("report"), "{}", decision.reason);

        let review = "\
# Our year 2025\n\n\
Thank you to all our volunteers and supporters. This year we helped 1,300 people with \
food parcels and 220 people were supported into work. Our impact in numbers: 9,000 meals, \
300 volunteers. Over the past year we opened two new pantries. Our team is growing and our \
volunteers are at the heart of what we do. We will keep listening to the people we serve.\n";
        let decision = decided(review);
        assert_eq!(decision.kind, DocKind::Unknown, "{}", decision.reason);

        let paper = "\
# Trustees' meeting, 12 June: item 5\n\n\
Paper from the director. Decision required.\n\n\
Recommendation: the Board is asked to approve a bid to the city's employment fund. Our bid \
would be for £90,000 and we would deliver it with two partners. The trustees are asked to \
note the risks in section 3.\n";
        let decision = decided(paper);
        assert_eq!(decision.kind, DocKind::Unknown, "{}", decision.reason);
        assert!(
            decision.reason.contains("board paper"),
            "{}",
            decision.reason
        );

        assert_eq!(
            kind("# Experiences of collaboration\n\nCharities compete for bids."),
            DocKind::Unknown
        );
        // Writing about agreements is not being one: no name for itself, no signatures. (A
        // study that named agreements in its first lines would still read as one.)
        let study = "\
# Working together: what small charities told us\n\n\
We spoke to the chief officers of forty small charities in three counties about how they \
share work with others, what helped and what got in the way, and what funders could change. \
This summary gives what they told us in their own terms.\n\n\
Many partnerships rest on an agreement between a lead charity and its partners. Where the \
parties agreed their roles early, the work went better; some memoranda of understanding are \
not legally binding, and several partners said the lead would pay invoices late. We \
interviewed 40 charities and we found that trust mattered more than paperwork.\n";
        let decision = decided(study);
        assert_eq!(decision.kind, DocKind::Unknown, "{}", decision.reason);
    }

    #[test]
    fn line_breaks_and_markup_do_not_change_the_kind() {
        // The same agreement with its lines broken as a PDF breaks them, with curly quotes, and
        // with no heading markup at all.
        let pdf_like = SERVICES
            .replace("# ", "")
            .replace('"', "\u{201c}")
            .replace(". ", ".\n")
            .replace(", ", ",\n");
        assert_eq!(decided(&pdf_like), decided(SERVICES));
    }

    #[test]
    fn front_matter_and_command_line_override() {
        let doc = markdown::extract(
            PathBuf::from("t.md"),
            "---\nkind: subcontract\n---\n# Service Level Agreement\n".into(),
            Vec::new(),
        );
        assert_eq!(classify(&doc, None).kind, DocKind::Subcontract);
        assert_eq!(classify(&doc, Some(DocKind::Mou)).kind, DocKind::Mou);
    }
}
