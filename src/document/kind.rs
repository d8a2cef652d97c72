//! The kinds of document tenderlint knows: a vocabulary every layer shares (rules say which
//! kinds they apply to, the configuration can set a file's kind, reports print it).
//! [`crate::analyse::kind`] decides which kind a document is; this module only names them.
//!
//! To add a kind: a variant here, its names in [`DocKind::name`], [`DocKind::describe`] and
//! [`FromStr`], and the cues that recognise it in `analyse/kind.rs`.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// What a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Bid,
    Subcontract,
    Consortium,
    Partnership,
    Mou,
    Unknown,
}

impl DocKind {
    pub const ALL: [DocKind; 6] = [
        DocKind::Bid,
        DocKind::Subcontract,
        DocKind::Consortium,
        DocKind::Partnership,
        DocKind::Mou,
        DocKind::Unknown,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DocKind::Bid => "bid",
            DocKind::Subcontract => "subcontract",
            DocKind::Consortium => "consortium",
            DocKind::Partnership => "partnership",
            DocKind::Mou => "mou",
            DocKind::Unknown => "unknown",
        }
    }

    /// Agreements between organisations (everything but a bid).
    pub fn is_agreement(self) -> bool {
        matches!(
            self,
            DocKind::Subcontract | DocKind::Consortium | DocKind::Partnership | DocKind::Mou
        )
    }

    /// A phrase for messages: "this subcontract", "this MoU".
    pub fn describe(self) -> &'static str {
        match self {
            DocKind::Bid => "bid",
            DocKind::Subcontract => "subcontract",
            DocKind::Consortium => "consortium agreement",
            DocKind::Partnership => "partnership agreement",
            DocKind::Mou => "memorandum of understanding",
            DocKind::Unknown => "document",
        }
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DocKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let normal = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        Ok(match normal.as_str() {
            "bid" | "tender" | "tender-response" | "application" | "proposal" => DocKind::Bid,
            "subcontract" | "sub-contract" | "sub" => DocKind::Subcontract,
            "consortium" | "consortium-agreement" | "collaboration-agreement" | "cons" => {
                DocKind::Consortium
            }
            "partnership" | "partnership-agreement" => DocKind::Partnership,
            "mou" | "memorandum-of-understanding" | "memorandum" => DocKind::Mou,
            "unknown" | "other" => DocKind::Unknown,
            _ => {
                return Err(format!(
                    "unknown document kind {s:?}: expected one of bid, subcontract, consortium, partnership, mou, unknown"
                ));
            }
        })
    }
}
