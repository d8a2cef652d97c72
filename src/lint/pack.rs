//! A pack in, located findings per member out: the pipeline for a set of files read as one
//! (a contract's core terms and schedules, a bid's application and budget workbook).
//!
//! ```text
//! members ─ main first ─▶ Joined ─ analyse ─▶ Analysis ─ rules ─▶ findings
//!     ─ member_at ─▶ per member: locate, suppressions, configuration, quote
//! ```
//!
//! The rules run once, over the members' texts joined (definitions made in one file apply in
//! every other, and "is there a dispute clause" is answered by any file). Each finding is then
//! placed in the member its words are in, with that member's own places (page, clause, cell),
//! and its suppressions and per-file settings. A finding about the pack as a whole (a missing
//! provision) points at the main document's title, since the main document comes first.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Options, find, find_rules, locate, settle, unchecked};
use crate::analyse::{self, Analysis, kind};
use crate::diagnostic::{self, Finding, Located, PackFinding, PackInfo, Unchecked};
use crate::document::{DocKind, Document, Joined, Span};
use crate::extract::ReadError;
use crate::limits;
use crate::rules::RuleSet;
use crate::suppress;

/// What a pack is made of, as the settings give it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PackSpec {
    /// The pack's name in output (the folder's, or `[[packs]]`'s `name`).
    pub name: String,
    /// The member files, in the order found.
    pub files: Vec<PathBuf>,
    /// The kind of every member (`kind` in the pack's settings), else found from the main
    /// document.
    pub kind: Option<DocKind>,
    /// The main document (`main` in the pack's settings), else chosen ([`main_member`]).
    pub main: Option<PathBuf>,
}

/// A pack read, understood as one and checked.
#[derive(Debug)]
pub struct LintedPack {
    pub info: Arc<PackInfo>,
    /// The members, main document first.
    pub members: Vec<Document>,
    pub analysis: Analysis,
    /// Each member's kind: the pack's, or its own when that is of the other family (the
    /// subcontract in a bid's pack).
    pub kinds: Vec<DocKind>,
    /// Each member's findings, in member order.
    pub findings: Vec<Vec<Located>>,
    /// For each member, `Some` when no rule ran on it.
    pub unchecked: Vec<Option<Unchecked>>,
    /// For each member, the rule id of each finding its suppressions silenced.
    pub suppressed: Vec<Vec<String>>,
}

impl LintedPack {
    /// One result per member, main document first, each naming the pack.
    pub fn into_results(self) -> Vec<diagnostic::FileResult> {
        self.members
            .into_iter()
            .zip(self.findings)
            .zip(self.kinds)
            .zip(self.unchecked)
            .zip(self.suppressed)
            .map(|((((document, findings), kind), unchecked), suppressed)| {
                let mut result = diagnostic::FileResult::new(&document.path);
                result.format = Some(document.format);
                result.kind = Some(kind);
                result.findings = findings;
                result.warnings = document.warnings;
                result.unchecked = unchecked;
                result.suppressed = suppressed;
                result.pack = Some(Arc::clone(&self.info));
                result
            })
            .collect()
    }
}

/// Check `members` (read from `spec.files`) as one pack.
pub fn lint_pack(
    spec: &PackSpec,
    mut members: Vec<Document>,
    rules: &RuleSet,
    options: &Options,
) -> Result<LintedPack, ReadError> {
    let (main, main_reason) = main_member(&members, spec.main.as_deref());
    if main < members.len() {
        let document = members.remove(main);
        members.insert(0, document);
    }
    let joined = Joined::new(PathBuf::from(&spec.name), &members);
    let main_path = members.first().map(|d| d.path.clone()).unwrap_or_default();
    let settings = options.config.for_file(&main_path);
    // The pack's kind: the command line's, the pack's settings', the main file's settings', else
    // the main document's own (its front matter or its text); the joined text only when the
    // main document alone cannot tell.
    let given = options.kind.or(spec.kind).or(settings.kind);
    let told = match given {
        Some(_) => None,
        None => members
            .first()
            .map(|main| kind::classify(main, None))
            .filter(|decision| decision.kind != DocKind::Unknown),
    };
    let mut analysis = analyse::analyse(&joined.document, given.or(told.as_ref().map(|d| d.kind)));
    if let Some(told) = told {
        analysis.kind.reason = format!("the main document's: {}", told.reason);
    } else if options.kind.is_none() && spec.kind.is_some() {
        analysis.kind.reason = "set in the pack's settings".into();
    } else if options.kind.is_none() && given.is_some() {
        analysis.kind.reason = "set in tenderlint.toml for the main document".into();
    }
    let kind = analysis.kind.kind;
    // A member of the other family (the subcontract in a bid's pack) is checked as what it is,
    // when its settings or its own text say so; not when --kind says what every document is.
    let kinds: Vec<DocKind> = members
        .iter()
        .enumerate()
        .map(|(index, member)| {
            if index == 0 || options.kind.is_some() || kind == DocKind::Unknown {
                return kind;
            }
            let own = options
                .config
                .for_file(&member.path)
                .kind
                .unwrap_or_else(|| kind::classify(member, None).kind);
            if own != DocKind::Unknown && own.is_agreement() != kind.is_agreement() {
                own
            } else {
                kind
            }
        })
        .collect();
    let mut found = find(&joined.document, &analysis, rules);
    found.retain(|f| {
        joined
            .member_at(f.span)
            .is_none_or(|(m, _)| kinds[m] == kind)
    });
    let mut other_kinds: Vec<DocKind> = kinds.iter().copied().filter(|&k| k != kind).collect();
    other_kinds.sort();
    other_kinds.dedup();
    for other in other_kinds {
        // The members of the other family are read as a pack of their own and asked their
        // kind's questions: a subcontract's dispute clause must be in the subcontract (or its
        // schedules), not in the bid it delivers.
        let group: Vec<usize> = (0..members.len()).filter(|&i| kinds[i] == other).collect();
        let sub = Joined::new(
            PathBuf::from(&spec.name),
            group.iter().map(|&i| &members[i]),
        );
        let sub_analysis = analyse::analyse(&sub.document, Some(other));
        let to_pack = |span: Span| {
            sub.member_at(span)
                .map(|(j, local)| local.shift(joined.starts[group[j]]))
        };
        for mut finding in find_rules(&sub.document, &sub_analysis, rules, false) {
            let Some(span) = to_pack(finding.span) else {
                continue;
            };
            finding.span = span;
            finding.related = finding
                .related
                .into_iter()
                .filter_map(|(span, label)| to_pack(span).map(|s| (s, label)))
                .collect();
            found.push(finding);
        }
    }
    found.sort_by(|a, b| {
        (a.span.start, &a.rule, a.span.end).cmp(&(b.span.start, &b.rule, b.span.end))
    });
    limits::check_time()?;
    let unchecked_as = |kind: DocKind| unchecked(kind, rules, &|id| settings.reports(id));
    let unchecked = unchecked_as(kind);
    let mut per_member: Vec<Vec<Finding>> = members.iter().map(|_| Vec::new()).collect();
    let whole = |id: &str| {
        rules
            .get(id)
            .is_some_and(|rule| rule.kind_name == "require")
    };
    // Where a finding about the whole pack goes: the title of the first member of its kind
    // (the main document, or the subcontract in a bid's pack).
    let home_title = |member: usize| {
        let home = kinds.iter().position(|&k| k == kinds[member]).unwrap_or(0);
        analysis
            .units
            .iter()
            .find(|u| u.span.start >= joined.starts[home])
            .map(|u| (home, u.span))
    };
    let each_entity = |id: &str| {
        rules
            .get(id)
            .is_some_and(|rule| rule.kind_name == "each-entity")
    };
    for mut finding in found {
        // A finding about an organisation met first in a workbook row points at where a text
        // member of its kind names it, when one does: the partner "at its mention in the
        // application".
        if each_entity(&finding.rule)
            && let Some((member, _)) = joined.member_at(finding.span)
            && members[member].format.is_spreadsheet()
            && let Some(subject) = &finding.subject
            && let Some(org) = analysis.organisations.iter().find(|o| &o.name == subject)
            && let Some(&named) = org.mentions.iter().find(|&&m| {
                joined.member_at(m).is_some_and(|(other, _)| {
                    !members[other].format.is_spreadsheet() && kinds[other] == kinds[member]
                })
            })
        {
            finding.span = named;
            finding.related.clear();
        }
        if whole(&finding.rule) && members.len() > 1 {
            let mut about = format!("checked across the pack's {} files", members.len());
            // Words in a schedule that raise the question ("staff will move across"): the
            // finding is the pack's, at its main document, and says where the words are.
            if let Some((member, span)) = joined.member_at(finding.span)
                && let Some((home, title)) = home_title(member)
                && home != member
            {
                let place = members[member].locate(span).describe();
                let name = members[member].path.file_name().map_or_else(
                    || members[member].name(),
                    |n| n.to_string_lossy().into_owned(),
                );
                about.push_str(&format!(
                    "; the words that raise it are in {name}{}: \"{}\"",
                    if place.is_empty() {
                        String::new()
                    } else {
                        format!(", {place}")
                    },
                    excerpt(members[member].slice(span))
                ));
                finding.span = title;
                finding.related.clear();
            }
            finding.message = format!("{} ({about})", finding.message);
        }
        let Some((member, span)) = joined.member_at(finding.span) else {
            continue;
        };
        finding.span = span;
        // Other places in the same file are kept; one in another file cannot be quoted there.
        finding.related = finding
            .related
            .into_iter()
            .filter_map(|(span, label)| {
                joined
                    .member_at(span)
                    .filter(|(m, _)| *m == member)
                    .map(|(_, span)| (span, label))
            })
            .collect();
        per_member[member].push(finding);
    }
    let known = |id: &str| options.known_rules.iter().any(|r| r == id) || diagnostic::is_notice(id);
    let findings = members
        .iter()
        .zip(per_member)
        .zip(&kinds)
        .map(|((document, found), &kind)| {
            let file = options.config.for_file(&document.path);
            let ran =
                |id: &str| rules.get(id).is_some_and(|rule| rule.applies(kind)) && file.reports(id);
            let judge = suppress::Rules {
                known: &known,
                ids: &options.known_rules,
                ran: &ran,
            };
            let located = found.into_iter().map(|f| locate(document, f)).collect();
            settle(document, &judge, located, &file, rules, options)
        })
        .collect::<Vec<(Vec<Located>, Vec<String>)>>();
    let (findings, suppressed): (Vec<Vec<Located>>, Vec<Vec<String>>) =
        findings.into_iter().unzip();
    // A question asked of the whole pack ("is there a dispute clause anywhere?") is answered
    // for the pack: its findings are the pack's own.
    let pack_findings = findings
        .iter()
        .flatten()
        .filter(|found| whole(&found.finding.rule))
        .map(|found| PackFinding {
            rule: found.finding.rule.clone(),
            severity: found.finding.severity.name(),
            message: found.finding.message.clone(),
        })
        .collect();
    let info = Arc::new(PackInfo {
        name: spec.name.clone(),
        main: main_path,
        files: members.iter().map(|d| d.path.clone()).collect(),
        main_reason,
        kind,
        findings: pack_findings,
    });
    let unchecked = kinds
        .iter()
        .map(|&k| {
            if k == kind {
                unchecked
            } else {
                unchecked_as(k)
            }
        })
        .collect();
    Ok(LintedPack {
        info,
        members,
        analysis,
        kinds,
        findings,
        unchecked,
        suppressed,
    })
}

/// Words in a file name that make it the document the others hang from: the core terms of a
/// contract or a bid's application first (a subcontract in a bid's pack hangs from the bid),
/// then an agreement or contract.
const MAIN_WORDS: &[(&str, i32)] = &[
    ("core terms", 3),
    ("terms and conditions", 3),
    ("conditions of contract", 3),
    ("application", 3),
    ("proposal", 3),
    ("bid", 3),
    ("tender", 3),
    ("agreement", 2),
    ("contract", 2),
    ("memorandum", 2),
    ("mou", 2),
];
/// Words in a file name that make it one of the documents hanging from another.
const PART_WORDS: &[&str] = &[
    "schedule",
    "annex",
    "appendix",
    "attachment",
    "exhibit",
    "letter",
    "definitions",
    "budget",
    "form",
    "specification",
    "requirements",
    "guidance",
    "about",
    "cv",
];

/// Which member is the pack's main document, and why: the one the settings name; else, among
/// the members that are not spreadsheets, the best by name (words such as "core terms",
/// "agreement", "application" count for; "schedule", "annex", "letter", "budget" against),
/// then one whose kind its own text tells, then the longest text.
pub fn main_member(members: &[Document], named: Option<&Path>) -> (usize, String) {
    if let Some(named) = named
        && let Some(index) = members
            .iter()
            .position(|d| d.path == named || d.path.ends_with(named))
    {
        return (index, "named as `main` in the pack's settings".into());
    }
    let name_score = |doc: &Document| -> i32 {
        let name = doc
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let has = |word: &str| {
            name.match_indices(word).any(|(at, _)| {
                let before = name[..at].chars().next_back();
                let after = name[at + word.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        };
        let main = MAIN_WORDS
            .iter()
            .filter(|(w, _)| has(w))
            .map(|(_, score)| *score)
            .max()
            .unwrap_or(0);
        let part = PART_WORDS.iter().any(|w| has(w));
        main - i32::from(part) * 3
    };
    let best = members
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.format.is_spreadsheet())
        .map(|(i, d)| (name_score(d), d.text.len(), i))
        .max_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(b.2.cmp(&a.2)));
    match best {
        Some((score, _, index)) if score > 0 => {
            (index, "its file name names the main document".into())
        }
        Some((score, _, _)) => {
            // No name says it: a member whose own text tells its kind, longest first.
            let told = members
                .iter()
                .enumerate()
                .filter(|(_, d)| !d.format.is_spreadsheet() && name_score(d) == score)
                .filter(|(_, d)| kind::classify(d, None).kind != DocKind::Unknown)
                .max_by(|a, b| a.1.text.len().cmp(&b.1.text.len()).then(b.0.cmp(&a.0)));
            match told {
                Some((index, _)) => (
                    index,
                    "the longest document whose kind its text tells".into(),
                ),
                None => (best.map_or(0, |b| b.2), "the longest document".into()),
            }
        }
        None => (0, "the first file (every member is a spreadsheet)".into()),
    }
}

/// At most the first twelve words of `text`, on one line.
fn excerpt(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 12 {
        format!("{} …", words[..12].join(" "))
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::{PackSpec, lint_pack, main_member};
    use crate::document::DocKind;
    use crate::extract::extract;
    use crate::lint::Options;
    use crate::rules::RuleSet;

    fn md(name: &str, text: &str) -> crate::document::Document {
        extract(Path::new(name), text.as_bytes()).expect("reads")
    }

    fn spec(members: &[crate::document::Document]) -> PackSpec {
        PackSpec {
            name: "pack".into(),
            files: members.iter().map(|d| d.path.clone()).collect(),
            ..PackSpec::default()
        }
    }

    #[test]
    fn a_term_defined_in_a_schedule_is_understood_in_the_core_terms() {
        let members = vec![
            md(
                "Schedule 1 - Definitions.md",
                "# Schedule 1: Definitions\n\n\"Service Users\" means the carers referred to \
                 the Provider under this agreement.\n",
            ),
            md(
                "Core Terms.md",
                "# Core terms\n\n1. The Provider shall support the Service Users for 12 months \
                 and the Commissioner shall pay £20,000.\n",
            ),
        ];
        let rules = RuleSet::builtin().expect("rules");
        let options = Options {
            kind: Some(DocKind::Subcontract),
            ..Options::default()
        };
        let linted = lint_pack(&spec(&members), members, &rules, &options).expect("checks");
        // The core terms come first, by name; the definition is read from the schedule.
        assert_eq!(linted.members[0].path, PathBuf::from("Core Terms.md"));
        let analysis = &linted.analysis;
        let term = analysis
            .definitions
            .iter()
            .position(|d| d.term == "Service Users")
            .expect("defined");
        let core_end = linted.members[0].text.len();
        let used_in_core = analysis
            .term_uses
            .iter()
            .any(|&(unit, d)| d == term && analysis.units[unit].span.end <= core_end);
        assert!(used_in_core, "{:?}", analysis.term_uses);
    }

    #[test]
    fn the_main_document_is_chosen_by_its_name_then_its_text() {
        let docs = |names: &[(&str, &str)]| -> Vec<crate::document::Document> {
            names.iter().map(|(n, t)| md(n, t)).collect()
        };
        let plain = "# A title\n\nSome words about a project.\n";
        let long = "# Agreement\n\nThis agreement is made between Ash Trust (the \"Lead\") and Elm CIC \
                    (the \"Partner\"). The Partner shall deliver the services and the Lead shall \
                    pay the Partner £10,000 within 30 days of a valid invoice. Either party may \
                    terminate this agreement on 90 days' notice. Disputes shall be referred to \
                    mediation.\n";
        let cases: [(&[(&str, &str)], usize); 4] = [
            (
                &[("Schedule 2 - Prices.md", plain), ("Core Terms.md", plain)],
                1,
            ),
            (
                &[
                    ("Subcontract Agreement.md", plain),
                    ("application.md", plain),
                ],
                1,
            ),
            (
                &[
                    ("notes.md", plain),
                    ("Annex A.md", long),
                    ("letter.md", long),
                ],
                0,
            ),
            (&[("a.md", plain), ("b.md", long)], 1),
        ];
        for (names, expected) in cases {
            let (main, why) = main_member(&docs(names), None);
            assert_eq!(main, expected, "{names:?}: {why}");
        }
        let members = docs(&[("a.md", plain), ("b.md", long)]);
        assert_eq!(main_member(&members, Some(Path::new("a.md"))).0, 0);
    }
}
