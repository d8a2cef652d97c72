//! The kinds of document tenderlint knows: a vocabulary every layer shares (rules say which
//! kinds they apply to, the configuration can set a file's kind, reports print it).
//! [`crate::analyse::kind`] decides which kind a document is; this module only names them.
//!
//! Two families: a `bid` (an application, proposal or tender response someone submits for
//! funding), and the agreements. An agreement is one of the specific kinds when its own words
//! make that clear (`subcontract`, `consortium`, `partnership`, `mou`, `grant-agreement`), else
//! the generic `agreement`. Anything else is `unknown`, and no shipped rule reads it.
//!
//! Where a name *selects* documents (a rule's `applies-to` and `[severity-by-kind]`),
//! `agreement` names the whole family ([`DocKind::covers`]), so a rule for every agreement
//! says `applies-to = ["agreement"]`; where a name *says what one document is* (`--kind`,
//! front matter `kind:`, a configuration override, an example's `kind`), it is the generic
//! agreement.
//!
//! To add a kind: a variant here, its names in [`DocKind::name`], [`DocKind::describe`] and
//! [`FromStr`], whether it is an agreement ([`DocKind::is_agreement`]), and the evidence that
//! recognises it: the features in `analyse/kind/features.rs`.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// What a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    Bid,
    Subcontract,
    Consortium,
    Partnership,
    Mou,
    GrantAgreement,
    /// An agreement of no more specific kind: services, SLAs, data sharing, collaboration,
    /// letters of agreement, variations, fiscal sponsorship…
    Agreement,
    Unknown,
}

impl DocKind {
    pub const ALL: [DocKind; 8] = [
        DocKind::Bid,
        DocKind::Subcontract,
        DocKind::Consortium,
        DocKind::Partnership,
        DocKind::Mou,
        DocKind::GrantAgreement,
        DocKind::Agreement,
        DocKind::Unknown,
    ];

    /// The agreement family: what `agreement` selects in a rule's `applies-to`.
    pub const AGREEMENTS: [DocKind; 6] = [
        DocKind::Subcontract,
        DocKind::Consortium,
        DocKind::Partnership,
        DocKind::Mou,
        DocKind::GrantAgreement,
        DocKind::Agreement,
    ];

    /// The name in rule files, configuration, `--kind` and JSON.
    pub fn name(self) -> &'static str {
        match self {
            DocKind::Bid => "bid",
            DocKind::Subcontract => "subcontract",
            DocKind::Consortium => "consortium",
            DocKind::Partnership => "partnership",
            DocKind::Mou => "mou",
            DocKind::GrantAgreement => "grant-agreement",
            DocKind::Agreement => "agreement",
            DocKind::Unknown => "unknown",
        }
    }

    /// Agreements between organisations: every kind but a bid and unknown.
    pub fn is_agreement(self) -> bool {
        Self::AGREEMENTS.contains(&self)
    }

    /// Whether a rule or setting that names `self` reaches a document of kind `document`:
    /// `agreement` reaches every agreement kind; any other name only its own kind.
    pub fn covers(self, document: DocKind) -> bool {
        self == document || (self == DocKind::Agreement && document.is_agreement())
    }

    /// A phrase for messages: "this subcontract", "this memorandum of understanding".
    pub fn describe(self) -> &'static str {
        match self {
            DocKind::Bid => "bid",
            DocKind::Subcontract => "subcontract",
            DocKind::Consortium => "consortium agreement",
            DocKind::Partnership => "partnership agreement",
            DocKind::Mou => "memorandum of understanding",
            DocKind::GrantAgreement => "grant agreement",
            DocKind::Agreement => "agreement",
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

    /// A kind's name, or an older or longer spelling of it ("sub-contract", "tender",
    /// "memorandum-of-understanding", "funding-agreement"); case, spaces and underscores do
    /// not matter.
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
            "grant-agreement" | "grant" | "funding-agreement" | "sub-grant-agreement" => {
                DocKind::GrantAgreement
            }
            "agreement" | "agreements" | "contract" => DocKind::Agreement,
            "unknown" | "other" => DocKind::Unknown,
            _ => {
                let names: Vec<&str> = Self::ALL.iter().map(|k| k.name()).collect();
                return Err(format!(
                    "unknown document kind {s:?}: expected one of {}",
                    names.join(", ")
                ));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::DocKind;

    #[test]
    fn agreement_covers_the_family_and_nothing_else() {
        for kind in DocKind::ALL {
            assert_eq!(
                DocKind::Agreement.covers(kind),
                kind.is_agreement(),
                "{kind}"
            );
            assert!(kind.covers(kind), "{kind}");
        }
        assert!(!DocKind::Subcontract.covers(DocKind::Agreement));
        assert!(!DocKind::Bid.covers(DocKind::Subcontract));
    }

    #[test]
    fn names_and_old_spellings_parse() {
        for kind in DocKind::ALL {
            assert_eq!(kind.name().parse::<DocKind>(), Ok(kind));
            assert_eq!(
                serde_json::to_value(kind).expect("serialises"),
                serde_json::Value::from(kind.name())
            );
        }
        assert_eq!("Grant Agreement".parse(), Ok(DocKind::GrantAgreement));
        assert_eq!("funding_agreement".parse(), Ok(DocKind::GrantAgreement));
        assert_eq!("sub-contract".parse(), Ok(DocKind::Subcontract));
        assert_eq!("agreements".parse(), Ok(DocKind::Agreement));
        let error = "letter".parse::<DocKind>().expect_err("not a kind");
        assert!(
            error.contains("grant-agreement, agreement, unknown"),
            "{error}"
        );
    }
}
