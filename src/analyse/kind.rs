//! What kind of document this is: a bid, or one of the agreements a small partner signs.
//!
//! The title decides when it names a kind ("Consortium Agreement", "Tender response"); otherwise
//! cue phrases in the opening text are scored (rules-basis.md §6, "Document-type classifier").
//! Front matter (`kind: subcontract`) and `--kind` override both.

use serde::Serialize;

pub use crate::document::DocKind;
use crate::document::{BlockKind, Document};

/// How the kind was decided, for `extract` and JSON output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KindDecision {
    pub kind: DocKind,
    pub reason: String,
}

/// Title cues, most specific first. A title naming a kind decides it.
const TITLE_CUES: &[(&str, DocKind)] = &[
    ("memorandum of understanding", DocKind::Mou),
    ("heads of terms", DocKind::Mou),
    ("letter of intent", DocKind::Mou),
    ("teaming agreement", DocKind::Mou),
    ("statement of intent", DocKind::Mou),
    ("agreement in principle", DocKind::Mou),
    ("mou", DocKind::Mou),
    ("consortium agreement", DocKind::Consortium),
    ("collaboration agreement", DocKind::Consortium),
    ("alliance agreement", DocKind::Consortium),
    ("members agreement", DocKind::Consortium),
    ("consortium", DocKind::Consortium),
    ("sub-contract", DocKind::Subcontract),
    ("subcontract", DocKind::Subcontract),
    ("sub contract", DocKind::Subcontract),
    ("supply chain agreement", DocKind::Subcontract),
    ("partnering agreement", DocKind::Subcontract),
    ("partnership agreement", DocKind::Partnership),
    ("joint working agreement", DocKind::Partnership),
    ("tender response", DocKind::Bid),
    ("response to", DocKind::Bid),
    ("method statement", DocKind::Bid),
    ("bid", DocKind::Bid),
    ("tender", DocKind::Bid),
    ("proposal", DocKind::Bid),
    ("application", DocKind::Bid),
    ("expression of interest", DocKind::Bid),
    ("submission", DocKind::Bid),
];

/// Opening-text cues and their weights. A kind needs a score of 3 to be chosen.
const TEXT_CUES: &[(&str, DocKind, u32)] = &[
    ("memorandum of understanding", DocKind::Mou, 3),
    ("not legally binding", DocKind::Mou, 2),
    ("heads of terms", DocKind::Mou, 3),
    ("consortium agreement", DocKind::Consortium, 3),
    ("collaboration agreement", DocKind::Consortium, 3),
    ("lead member", DocKind::Consortium, 2),
    ("consortium members", DocKind::Consortium, 2),
    ("accountable body", DocKind::Consortium, 1),
    ("partnership agreement", DocKind::Partnership, 3),
    ("sub-contract", DocKind::Subcontract, 2),
    ("subcontract", DocKind::Subcontract, 2),
    ("subcontractor", DocKind::Subcontract, 1),
    ("sub-contractor", DocKind::Subcontract, 1),
    ("head contract", DocKind::Subcontract, 2),
    ("main contract", DocKind::Subcontract, 2),
    ("lead provider", DocKind::Subcontract, 1),
    ("prime contractor", DocKind::Subcontract, 1),
    ("back-to-back", DocKind::Subcontract, 1),
    ("invitation to tender", DocKind::Bid, 3),
    ("tender response", DocKind::Bid, 3),
    ("our bid", DocKind::Bid, 3),
    ("this bid", DocKind::Bid, 3),
    ("our response", DocKind::Bid, 2),
    ("method statement", DocKind::Bid, 3),
    ("our proposal", DocKind::Bid, 3),
    ("this proposal", DocKind::Bid, 3),
    ("grant application", DocKind::Bid, 3),
    ("this application", DocKind::Bid, 3),
    ("our application", DocKind::Bid, 3),
    ("evaluation criteria", DocKind::Bid, 2),
    ("we will deliver", DocKind::Bid, 1),
    ("we propose", DocKind::Bid, 2),
    ("social value", DocKind::Bid, 1),
    ("total costs", DocKind::Bid, 1),
    ("total budget", DocKind::Bid, 1),
    ("milestones", DocKind::Bid, 1),
];

/// How much opening text the cues are looked for in.
const OPENING_BYTES: usize = 3000;

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
    let title = title(doc).to_ascii_lowercase();
    let agreement_title = contains_word(&title, "agreement") || contains_word(&title, "contract");
    for &(cue, kind) in TITLE_CUES {
        // A bid cue in an agreement's title ("Grant application agreement") does not make it a bid.
        if kind == DocKind::Bid && agreement_title {
            continue;
        }
        if contains_word(&title, cue) {
            return KindDecision {
                kind,
                reason: format!("title mentions \"{cue}\""),
            };
        }
    }
    let opening = opening_text(doc).to_ascii_lowercase();
    let mut scores = [0u32; DocKind::ALL.len()];
    for &(cue, kind, weight) in TEXT_CUES {
        if agreement_title && kind == DocKind::Bid {
            continue;
        }
        if contains_word(&opening, cue) {
            scores[kind as usize] += weight;
        }
    }
    let best = DocKind::ALL
        .into_iter()
        .filter(|&k| k != DocKind::Unknown)
        .max_by_key(|&k| (scores[k as usize], std::cmp::Reverse(k as usize)))
        .filter(|&k| scores[k as usize] >= 3);
    match best {
        Some(kind) => KindDecision {
            kind,
            reason: format!("opening text reads like a {}", kind.describe()),
        },
        None if agreement_title => KindDecision {
            kind: DocKind::Partnership,
            reason: "title names an agreement between parties".into(),
        },
        None => KindDecision {
            kind: DocKind::Unknown,
            reason: "no title or opening text says what it is".into(),
        },
    }
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

fn opening_text(doc: &Document) -> &str {
    let mut end = doc.text.len().min(OPENING_BYTES);
    while !doc.text.is_char_boundary(end) {
        end -= 1;
    }
    &doc.text[..end]
}

/// True when `needle` occurs in `haystack` with word boundaries on both sides.
pub fn contains_word(haystack: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(at) = haystack[from..].find(needle) {
        let start = from + at;
        let end = start + needle.len();
        let before = haystack[..start].chars().next_back();
        let after = haystack[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            return true;
        }
        from = start + needle.len().max(1);
        while !haystack.is_char_boundary(from) {
            from += 1;
        }
    }
    false
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

    #[test]
    fn titles_decide() {
        assert_eq!(
            kind("# Memorandum of Understanding\n\nReferrals."),
            DocKind::Mou
        );
        assert_eq!(kind("# Consortium Agreement\n\nText."), DocKind::Consortium);
        assert_eq!(
            kind("# Sub-contract for advice services\n"),
            DocKind::Subcontract
        );
        assert_eq!(kind("# Tender response: Lot 2\n"), DocKind::Bid);
        assert_eq!(kind("# Partnership Agreement\n"), DocKind::Partnership);
    }

    #[test]
    fn opening_text_decides_when_the_title_does_not() {
        assert_eq!(
            kind("# Kingsford Youth Service\n\nThis bid responds to the Invitation to Tender."),
            DocKind::Bid
        );
        assert_eq!(
            kind("# Agreement\n\nThis agreement is a sub-contract under the Head Contract."),
            DocKind::Subcontract
        );
        assert_eq!(
            kind("# Agreement\n\nBetween A and B."),
            DocKind::Partnership
        );
        assert_eq!(
            kind("# Experiences of collaboration\n\nCharities compete for bids."),
            DocKind::Unknown
        );
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
        assert!("sub-contract".parse::<DocKind>().is_ok());
        assert!("letter".parse::<DocKind>().is_err());
    }
}
