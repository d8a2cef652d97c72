//! References from one part of a document to another: "the dispute shall be resolved under
//! clause 12", "dealt with under the escalation procedure in Schedule 3", "clause 16 of the Head
//! Contract continues to apply". A reference that hands a matter over (a [`Reference::defers`]
//! one) lets a rule judging a clause read what the clause points to, when it is in the
//! document, and tells it when the provision is somewhere it cannot see.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::text::Unit;
use crate::document::{BlockKind, Document, Span};

/// A reference to a numbered or named part ("clause 12", "Schedule 3", "Annex B").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The words of the reference ("clause 12").
    pub span: Span,
    /// The unit it is in.
    pub unit: usize,
    /// The blocks of the part it points to, when that part is in this document.
    pub target: Option<Range<usize>>,
    /// It points into another document ("clause 16 of the Head Contract").
    pub external: bool,
    /// Its sentence hands the matter over to the part it names ("under", "in accordance
    /// with", "continues to apply"), rather than only mentioning it ("subject to clause 4").
    pub defers: bool,
}

static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(clauses?|sections?|schedules?|annex(?:es)?|appendix|appendices|paragraphs?|part)\s+(\d+(?:\.\d+)*[a-z]?|[A-Z]\b|[IVX]{1,4}\b)",
    )
    .expect("static regex")
});

/// A named procedure a clause can hand a matter to ("the Dispute Resolution Procedure", "the
/// Escalation Process"); a reference only when its sentence defers to it.
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bthe\s+((?:[A-Z][\w-]*\s+){1,5}(?:Procedure|Process|Protocol|Mechanism))\b")
        .expect("static regex")
});

/// After a reference: the other document it belongs to ("of the Head Contract", "of the
/// Framework Agreement"). "of this Agreement" and a bare "of the Agreement" stay in this one.
static EXTERNAL_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\s*\([^()]{1,60}\))?\s+(?:of|in|to|under)\s+the\s+(?:[A-Z][\w-]*\s+){1,4}(?:Agreement|Contract|Framework|Terms|Conditions|Call-Off)\b",
    )
    .expect("static regex")
});

/// Words before a reference that hand the matter over to it.
static DEFERS_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:under|in accordance with|in line with|pursuant to|as (?:set out|provided|described|specified|detailed) in|set out in|provided (?:for )?in|described in|procedure (?:in|at|of)|as per|follow(?:s|ed)?|referred to|refer(?:red)? (?:it |them |the (?:matter|dispute) )?to)\b[^.;]{0,50}$",
    )
    .expect("static regex")
});

/// Words after a reference that hand the matter over to it.
static DEFERS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^.;]{0,60}\b(?:continues? to apply|shall apply|will apply|applies|apply)\b")
        .expect("static regex")
});

/// Most blocks a part opened by a title line (not a heading) can hold.
const PART_BLOCKS: usize = 60;

/// The references in `units`, with their targets resolved in `doc`.
pub fn find(doc: &Document, units: &[Unit]) -> Vec<Reference> {
    let mut parts = Parts::new(doc);
    let mut out = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        if matches!(unit.kind, super::text::UnitKind::Heading) {
            continue;
        }
        let text = doc.slice(unit.span);
        for caps in REFERENCE.captures_iter(text) {
            let (Some(whole), Some(word), Some(id)) = (caps.get(0), caps.get(1), caps.get(2))
            else {
                continue;
            };
            // A title naming its own part ("SCHEDULE 3 — PRICES") refers to nothing.
            if text[..whole.start()].trim().is_empty() && is_title_like(doc, unit.block) {
                continue;
            }
            let external = EXTERNAL_AFTER.is_match(&text[whole.end()..]);
            let defers = DEFERS_BEFORE.is_match(&text[..whole.start()])
                || DEFERS_AFTER.is_match(&text[whole.end()..]);
            let target = if external {
                None
            } else {
                parts.resolve(unit.block, word.as_str(), id.as_str())
            };
            out.push(Reference {
                span: Span::new(
                    unit.span.start + whole.start(),
                    unit.span.start + whole.end(),
                ),
                unit: u,
                target,
                external,
                defers,
            });
        }
        for caps in NAMED.captures_iter(text) {
            let (Some(whole), Some(name)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            if !DEFERS_BEFORE.is_match(&text[..whole.start()]) {
                continue;
            }
            out.push(Reference {
                span: Span::new(
                    unit.span.start + whole.start(),
                    unit.span.start + whole.end(),
                ),
                unit: u,
                target: parts.resolve_named(unit.block, name.as_str()),
                external: false,
                defers: true,
            });
        }
    }
    out.sort_by_key(|r| r.span);
    out
}

/// The blocks that could open each part, indexed once per document so that a document full of
/// references ("Paragraph 1 …", "Paragraph 2 …") costs one pass, not one pass per reference.
struct Parts<'d> {
    doc: &'d Document,
    /// Blocks opening with a clause number ("12.", "12.1"), or list items numbered so, in order.
    numbered: HashMap<String, Vec<usize>>,
    /// Title-like blocks opening with a part word and its id ("SCHEDULE 3 — …"), in order.
    titled: HashMap<(&'static str, String), Vec<usize>>,
    /// Title-like blocks holding a procedure's name, by lower-case name.
    named: HashMap<String, Vec<usize>>,
    /// Where each part ends, by its opening block, whether a part word named it, and its id.
    ends: HashMap<(usize, bool, String), usize>,
}

impl<'d> Parts<'d> {
    fn new(doc: &'d Document) -> Self {
        let mut numbered: HashMap<String, Vec<usize>> = HashMap::new();
        let mut titled: HashMap<(&'static str, String), Vec<usize>> = HashMap::new();
        for (b, block) in doc.blocks.iter().enumerate() {
            let text = doc.slice(block.span).trim_start();
            match &block.kind {
                BlockKind::Table(_) => continue,
                BlockKind::ListItem { .. } => {
                    if let Some(clause) = block.clause.as_deref() {
                        numbered.entry(clause.to_string()).or_default().push(b);
                    }
                }
                _ => {}
            }
            if let Some(n) = leading_number(text)
                && numbered.get(n).is_none_or(|v| v.last() != Some(&b))
            {
                numbered.entry(n.to_string()).or_default().push(b);
            }
            if let Some((stem, id)) = part_title(text)
                && is_title_like(doc, b)
            {
                titled.entry((stem, id)).or_default().push(b);
            }
        }
        Self {
            doc,
            numbered,
            titled,
            named: HashMap::new(),
            ends: HashMap::new(),
        }
    }

    /// The blocks of the part named `word id` ("Schedule" "3"), other than the referring block.
    fn resolve(&mut self, from: usize, word: &str, id: &str) -> Option<Range<usize>> {
        let stem = part_word(word);
        let candidates = match stem {
            Some(stem) => self.titled.get(&(stem, id.to_ascii_lowercase())),
            None => self.numbered.get(id),
        }?;
        let start = self.first_heading_or_last(candidates, from)?;
        Some(start..self.end_of(start, stem.is_some(), id))
    }

    /// Where the part opened by block `start` ends, worked out once per part.
    fn end_of(&mut self, start: usize, named: bool, id: &str) -> usize {
        let doc = self.doc;
        *self
            .ends
            .entry((start, named, id.to_string()))
            .or_insert_with(|| part_end(doc, start, named, id))
    }

    /// The part titled with procedure `name` ("SCHEDULE 3 — ESCALATION PROCEDURE"), other than
    /// the referring block.
    fn resolve_named(&mut self, from: usize, name: &str) -> Option<Range<usize>> {
        let name = name.to_lowercase();
        let doc = self.doc;
        let candidates = self
            .named
            .entry(name.clone())
            .or_insert_with(|| {
                (0..doc.blocks.len())
                    .filter(|&b| {
                        is_title_like(doc, b)
                            && doc.slice(doc.blocks[b].span).to_lowercase().contains(&name)
                    })
                    .collect()
            })
            .clone();
        let start = self.first_heading_or_last(&candidates, from)?;
        Some(start..self.end_of(start, true, ""))
    }

    /// A heading is the part itself; a title line in the text may be a contents entry, so the
    /// last one is taken (the contents come first).
    fn first_heading_or_last(&self, candidates: &[usize], from: usize) -> Option<usize> {
        let heading = candidates
            .iter()
            .copied()
            .find(|&b| b != from && matches!(self.doc.blocks[b].kind, BlockKind::Heading { .. }));
        heading.or_else(|| candidates.iter().copied().rev().find(|&b| b != from))
    }
}

/// "Schedule 3 — Escalation", "SCHEDULE 3: …", "Annex B", "Appendix 2.1": the part word and
/// the id (lower case) a line opens with.
fn part_title(text: &str) -> Option<(&'static str, String)> {
    let word_end = text
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(text.len());
    let stem = part_word(&text[..word_end])?;
    let rest = text[word_end..].trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .unwrap_or(rest.len());
    let id = rest[..end].trim_end_matches('.');
    (!id.is_empty()).then(|| (stem, id.to_ascii_lowercase()))
}

/// The part a word names, in one spelling: "Schedules" is "schedule", "Appendices" "appendix".
fn part_word(word: &str) -> Option<&'static str> {
    match word.to_ascii_lowercase().as_str() {
        "schedule" | "schedules" => Some("schedule"),
        "annex" | "annexe" | "annexes" => Some("annex"),
        "appendix" | "appendices" => Some("appendix"),
        "part" | "parts" => Some("part"),
        _ => None,
    }
}

/// Where the part opened by block `start` ends.
fn part_end(doc: &Document, start: usize, named: bool, id: &str) -> usize {
    let block = &doc.blocks[start];
    if let (BlockKind::Heading { .. }, Some(s)) = (&block.kind, block.section) {
        // The heading's section with its subsections.
        return (start + 1..doc.blocks.len())
            .find(|&b| {
                doc.blocks[b]
                    .section
                    .is_none_or(|bs| bs != s && !within(doc, bs, s))
            })
            .unwrap_or(doc.blocks.len());
    }
    let limit = (start + 1 + PART_BLOCKS).min(doc.blocks.len());
    (start + 1..limit)
        .find(|&b| {
            let next = &doc.blocks[b];
            let text = doc.slice(next.span).trim_start();
            if matches!(next.kind, BlockKind::Heading { .. }) {
                return true;
            }
            if named {
                // The next schedule or annex.
                part_title(text).is_some() && is_title_like(doc, b)
            } else {
                // The next clause at the same depth: a number that is not a subclause of `id`.
                leading_number(text).is_some_and(|n| {
                    !n.starts_with(&format!("{id}."))
                        && n.split('.').count() <= id.split('.').count()
                })
            }
        })
        .unwrap_or(limit)
}

fn within(doc: &Document, mut section: usize, ancestor: usize) -> bool {
    while let Some(parent) = doc.sections[section].parent {
        if parent == ancestor {
            return true;
        }
        section = parent;
    }
    false
}

/// A heading, or a short line standing alone as a title.
fn is_title_like(doc: &Document, b: usize) -> bool {
    let block = &doc.blocks[b];
    match block.kind {
        BlockKind::Heading { .. } => true,
        BlockKind::Table(_) => false,
        _ => {
            let text = doc.slice(block.span).trim();
            text.split_whitespace().nth(12).is_none() && !text.ends_with(['.', ';', ','])
        }
    }
}

/// The clause number a line opens with ("12", "12.1"), if any.
pub(crate) fn leading_number(text: &str) -> Option<&str> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let number = text[..end].trim_end_matches('.');
    let rest = &text[end..];
    (!number.is_empty()
        && number.starts_with(|c: char| c.is_ascii_digit())
        && (rest.starts_with([' ', '\t', ')']) || rest.is_empty()))
    .then_some(number)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::analyse::text::units;
    use crate::extract::markdown;

    fn refs(md: &str) -> (Document, Vec<Reference>) {
        let doc = markdown::extract(PathBuf::from("t.md"), md.to_string(), Vec::new());
        let units = units(&doc);
        let found = find(&doc, &units);
        (doc, found)
    }

    fn target_text(doc: &Document, r: &Reference) -> String {
        r.target
            .clone()
            .map(|t| {
                t.map(|b| doc.slice(doc.blocks[b].span).to_string())
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .unwrap_or_default()
    }

    #[test]
    fn a_clause_number_resolves_to_its_numbered_heading_section() {
        let (doc, found) = refs(
            "## 3. Fees\n\nAny query about an invoice is settled under clause 7.\n\n## 7. Disagreements\n\n7.1 Managers meet first.\n\n7.2 Then a mediator.\n\n## 8. Notices\n\nBy email.\n",
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].defers && !found[0].external);
        assert_eq!(
            target_text(&doc, &found[0]),
            "7. Disagreements | 7.1 Managers meet first. | 7.2 Then a mediator."
        );
    }

    #[test]
    fn a_schedule_resolves_to_its_title_line_and_the_lines_under_it() {
        let (doc, found) = refs(
            "Contents: Schedule 2 Handling Complaints\n\n9. Any disagreement goes through the procedure in Schedule 2.\n\nSigned for both.\n\nSCHEDULE 2 - HANDLING COMPLAINTS\n\n1. Leads talk within a week.\n2. Then the trustees.\n\nSCHEDULE 3 - PRICES\n\nNone.\n",
        );
        let r = found
            .iter()
            .find(|r| r.defers)
            .expect("a deferring reference");
        assert_eq!(
            target_text(&doc, r),
            "SCHEDULE 2 - HANDLING COMPLAINTS | Leads talk within a week. | Then the trustees."
        );
    }

    #[test]
    fn another_documents_clause_is_external_and_a_mere_mention_does_not_defer() {
        let (_, found) = refs(
            "Clause 21 of the Main Contract continues to apply to this subcontract.\n\nSubject to clause 4, either side may end this agreement.\n",
        );
        assert_eq!(found.len(), 2);
        assert!(found[0].external && found[0].defers && found[0].target.is_none());
        assert!(!found[1].defers && !found[1].external);
    }

    #[test]
    fn a_named_procedure_is_a_reference_when_a_sentence_defers_to_it() {
        let (doc, found) = refs(
            "Any disagreement is settled under the Escalation Protocol.\n\nThe Escalation Protocol is reviewed yearly.\n\nANNEX 1 - ESCALATION PROTOCOL\n\nManagers meet first.\n\nA mediator decides.\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            target_text(&doc, &found[0]),
            "ANNEX 1 - ESCALATION PROTOCOL | Managers meet first. | A mediator decides."
        );
        let (_, found) = refs("Disputes follow the Dispute Resolution Procedure.\n");
        assert!(found[0].defers && found[0].target.is_none());
    }

    #[test]
    fn a_reference_to_a_part_not_in_the_document_has_no_target() {
        let (_, found) = refs("Disputes are handled under Annex C.\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].defers && found[0].target.is_none() && !found[0].external);
    }
}
