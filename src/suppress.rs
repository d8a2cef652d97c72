//! Inline suppressions in Markdown: HTML comments that silence named rules.
//!
//! ```markdown
//! <!-- tenderlint-disable-next-line unfunded-partner -- paid from the council's own grant -->
//! <!-- tenderlint-disable unrealistic-target --> … <!-- tenderlint-enable unrealistic-target -->
//! <!-- tenderlint-disable-file missing-tupe-disclosure -- no staff transfer: see cover note -->
//! ```
//!
//! A directive must name the rules it silences (comma- or space-separated; anything after
//! `--` is the reason). `disable-next-line` covers the next non-blank line; `disable` runs to
//! the matching `enable` or the end of the file; `disable-file` covers the whole file. A finding
//! is silenced when the line its words start on is covered.
//!
//! Mistakes are findings too, so they are seen and fixed: a directive naming no rule or an
//! unknown one is `invalid-suppression`; a directive that silenced nothing is
//! `unused-suppression` (only for rules that ran on this document, so `--select` and
//! per-folder settings do not make every other suppression look unused). Both point at the
//! comment itself.
//!
//! In a Word file, a reviewer's comment or reply (to one of tenderlint's comments in a reviewed
//! copy, or any comment) whose text starts `tenderlint:` is a directive too:
//!
//! ```text
//! tenderlint: accept unfunded-partner — paid from the council's own grant
//! ```
//!
//! It silences the named rules' findings in the paragraphs the comment is anchored to (a reply
//! has its parent's place); its mistakes are reported as for Markdown. PDF files cannot carry
//! directives; baselines (`--baseline`) cover them.

use crate::diagnostic::{Finding, Located, Severity};
use crate::document::{Comment, Document, Location, Remark};
use crate::wording::did_you_mean;

const PREFIX: &str = "tenderlint-";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    NextLine,
    Block,
    File,
    Enable,
}

#[derive(Debug)]
struct Directive<'a> {
    comment: &'a Comment,
    scope: Scope,
    rules: Vec<String>,
    /// Lines covered (inclusive), per rule in `rules`.
    lines: (u32, u32),
    used: Vec<bool>,
}

/// Parse a comment body as a directive, if it is one.
fn directive(comment: &Comment) -> Option<(Scope, Vec<String>)> {
    let body = comment.body.trim().strip_prefix(PREFIX)?;
    let (head, _reason) = body.split_once("--").unwrap_or((body, ""));
    let mut words = head.split(|c: char| c.is_whitespace() || c == ',');
    let scope = match words.next()? {
        "disable-next-line" => Scope::NextLine,
        "disable" => Scope::Block,
        "disable-file" => Scope::File,
        "enable" => Scope::Enable,
        _ => return None,
    };
    let rules = words
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    Some((scope, rules))
}

/// What a run knows about rules, for judging directives.
pub struct Rules<'a> {
    /// Every rule id that exists (the full rule set before select/ignore), plus notice ids.
    pub known: &'a dyn Fn(&str) -> bool,
    /// The rule ids, for suggesting the one a misspelt directive meant.
    pub ids: &'a [String],
    /// Whether a rule ran on this document (selected, and applies to its kind).
    pub ran: &'a dyn Fn(&str) -> bool,
}

/// What suppressions left of a document's findings.
#[derive(Debug, Default)]
pub struct Applied {
    /// The findings kept, with findings for unused and invalid directives.
    pub kept: Vec<Located>,
    /// The rule id of each finding a directive silenced.
    pub silenced: Vec<String>,
}

/// Remove silenced findings and add findings for unused and invalid directives.
pub fn apply(doc: &Document, rules: &Rules<'_>, findings: Vec<Located>) -> Applied {
    let mut silenced = Vec::new();
    let findings = apply_remarks(doc, rules, findings, &mut silenced);
    let kept = apply_comments(doc, rules, findings, &mut silenced);
    Applied { kept, silenced }
}

/// Markdown comments.
fn apply_comments(
    doc: &Document,
    rules: &Rules<'_>,
    findings: Vec<Located>,
    silenced: &mut Vec<String>,
) -> Vec<Located> {
    let Some(source) = &doc.source else {
        return findings;
    };
    let lines: Vec<&str> = source.text.split('\n').collect();
    let last_line = lines.len() as u32;
    let next_non_blank = |after: u32| -> u32 {
        (after + 1..=last_line)
            .find(|&l| {
                lines
                    .get(l as usize - 1)
                    .is_some_and(|t| !t.trim().is_empty())
            })
            .unwrap_or(after + 1)
    };
    let mut directives = Vec::new();
    let mut problems = Vec::new();
    for comment in &doc.comments {
        let Some((scope, ids)) = directive(comment) else {
            continue;
        };
        if ids.is_empty() {
            problems.push(problem(
                comment,
                "invalid-suppression",
                "this suppression does not name the rule it silences".into(),
                "name the rule, e.g. <!-- tenderlint-disable-next-line unfunded-partner -- why -->; `tenderlint rules` lists the ids".into(),
            ));
            continue;
        }
        if let Some(unknown) = ids.iter().find(|id| !(rules.known)(id)) {
            problems.push(problem(
                comment,
                "invalid-suppression",
                format!(
                    "this suppression names {unknown:?}, which is not a rule{}",
                    did_you_mean(unknown, rules.ids.iter().map(String::as_str))
                ),
                "check the spelling; `tenderlint rules` lists the ids".into(),
            ));
            continue;
        }
        let lines = match scope {
            Scope::NextLine => {
                let target = next_non_blank(comment.end_line);
                (target, target)
            }
            Scope::Block => (comment.end_line + 1, last_line),
            Scope::File => (1, last_line),
            Scope::Enable => (0, 0),
        };
        directives.push(Directive {
            comment,
            scope,
            used: vec![false; ids.len()],
            rules: ids,
            lines,
        });
    }
    // An enable ends the open block of each rule it names.
    for i in 0..directives.len() {
        if directives[i].scope != Scope::Enable {
            continue;
        }
        let line = directives[i].comment.line;
        let names = directives[i].rules.clone();
        let mut matched = vec![false; names.len()];
        for d in directives[..i].iter_mut().rev() {
            if d.scope != Scope::Block || d.lines.1 < line {
                continue;
            }
            for (n, name) in names.iter().enumerate() {
                if d.rules.contains(name) && !matched[n] {
                    d.lines.1 = line.saturating_sub(1);
                    matched[n] = true;
                }
            }
        }
        if let Some(n) = matched.iter().position(|m| !m) {
            problems.push(problem(
                directives[i].comment,
                "invalid-suppression",
                format!(
                    "tenderlint-enable {} has no tenderlint-disable before it",
                    names[n]
                ),
                "remove it, or add the tenderlint-disable it should end".into(),
            ));
        }
    }
    let mut kept = Vec::with_capacity(findings.len());
    'findings: for found in findings {
        let Some(line) = found.location.line else {
            kept.push(found);
            continue;
        };
        for d in &mut directives {
            if d.scope == Scope::Enable || line < d.lines.0 || line > d.lines.1 {
                continue;
            }
            if let Some(r) = d.rules.iter().position(|id| *id == found.finding.rule) {
                d.used[r] = true;
                silenced.push(found.finding.rule.clone());
                continue 'findings;
            }
        }
        kept.push(found);
    }
    for d in &directives {
        if d.scope == Scope::Enable {
            continue;
        }
        for (id, used) in d.rules.iter().zip(&d.used) {
            if !used && (rules.ran)(id) {
                problems.push(problem(
                    d.comment,
                    "unused-suppression",
                    format!("this suppression of {id} silences nothing"),
                    "remove it: the finding it was for is gone (or, for disable-next-line, it is not on the next non-blank line)".into(),
                ));
            }
        }
    }
    // A problem with a comment is placed by the comment's own range in the file.
    kept.extend(problems.into_iter().map(|mut found| {
        found.region = doc.text_region(
            found.finding.span,
            found.finding.source,
            (found.location.line, found.location.column),
        );
        found
    }));
    kept.sort_by_key(|found| {
        (
            found.location.line.unwrap_or(0),
            found.location.column.unwrap_or(0),
            found.finding.rule.clone(),
        )
    });
    kept
}

/// A Word comment's directive: the rules it accepts, or what is wrong with it.
fn accepted(body: &str) -> Result<Vec<String>, String> {
    let rest = body.get(11..).unwrap_or("").trim_start();
    let Some(rest) = rest
        .get(..6)
        .filter(|w| w.eq_ignore_ascii_case("accept"))
        .map(|_| &rest[6..])
    else {
        return Err("this tenderlint comment does not say what to accept".into());
    };
    // The rule ids end where the reason starts: at a dash, a colon or the end.
    let head = rest
        .split(['—', '–', ':'])
        .next()
        .unwrap_or("")
        .split(" - ")
        .next()
        .unwrap_or("")
        .split("--")
        .next()
        .unwrap_or("");
    let ids: Vec<String> = head
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if ids.is_empty() {
        return Err("this tenderlint comment does not name the rule it accepts".into());
    }
    Ok(ids)
}

/// Word comments addressed to tenderlint.
fn apply_remarks(
    doc: &Document,
    rules: &Rules<'_>,
    findings: Vec<Located>,
    silenced: &mut Vec<String>,
) -> Vec<Located> {
    if doc.remarks.is_empty() {
        return findings;
    }
    const HELP: &str = "reply to the comment with: tenderlint: accept RULE — why (the rule id is in tenderlint's comment; `tenderlint rules` lists them)";
    let mut problems = Vec::new();
    let mut directives: Vec<(&Remark, Vec<String>, Vec<bool>)> = Vec::new();
    for remark in &doc.remarks {
        match accepted(&remark.body) {
            Err(why) => problems.push(remark_problem(
                doc,
                remark,
                "invalid-suppression",
                why,
                HELP,
            )),
            Ok(ids) => {
                if let Some(unknown) = ids.iter().find(|id| !(rules.known)(id)) {
                    problems.push(remark_problem(
                        doc,
                        remark,
                        "invalid-suppression",
                        format!(
                            "this tenderlint comment accepts {unknown:?}, which is not a rule{}",
                            did_you_mean(unknown, rules.ids.iter().map(String::as_str))
                        ),
                        HELP,
                    ));
                    continue;
                }
                let used = vec![false; ids.len()];
                directives.push((remark, ids, used));
            }
        }
    }
    let mut kept = Vec::with_capacity(findings.len());
    'findings: for found in findings {
        let at = found.finding.span.start;
        for (remark, ids, used) in &mut directives {
            if at < remark.span.start || at > remark.span.end {
                continue;
            }
            if let Some(i) = ids.iter().position(|id| *id == found.finding.rule) {
                used[i] = true;
                silenced.push(found.finding.rule.clone());
                continue 'findings;
            }
        }
        kept.push(found);
    }
    for (remark, ids, used) in &directives {
        for (id, used) in ids.iter().zip(used) {
            if !used && (rules.ran)(id) {
                problems.push(remark_problem(
                    doc,
                    remark,
                    "unused-suppression",
                    format!("this tenderlint comment accepts {id}, which finds nothing here"),
                    "remove the comment: the finding it accepted is gone, or it is not in the paragraphs the comment is on",
                ));
            }
        }
    }
    kept.extend(problems);
    kept.sort_by_key(|found| (found.finding.span.start, found.finding.rule.clone()));
    kept
}

fn remark_problem(
    doc: &Document,
    remark: &Remark,
    rule: &str,
    message: String,
    help: &str,
) -> Located {
    // The comment's first words' place: its anchor, cut to a line.
    let anchor = doc.slice(remark.span);
    let first_line = anchor.find('\n').unwrap_or(anchor.len()).min(200);
    let mut end = remark.span.start + first_line;
    while end > remark.span.start && !doc.text.is_char_boundary(end) {
        end -= 1;
    }
    let span = crate::document::Span::new(remark.span.start, end);
    Located {
        finding: Finding {
            rule: rule.to_string(),
            severity: Severity::Warning,
            message,
            subject: None,
            help: help.to_string(),
            span,
            label: "the comment is here".into(),
            related: Vec::new(),
            source: None,
        },
        location: doc.locate(span),
        snippet: doc.slice(span).to_string(),
        region: None,
        related: Vec::new(),
        excerpt: None,
    }
}

fn problem(comment: &Comment, rule: &str, message: String, help: String) -> Located {
    let location = Location {
        line: Some(comment.line),
        column: None,
        ..Location::default()
    };
    Located {
        finding: Finding {
            rule: rule.to_string(),
            severity: Severity::Warning,
            message,
            subject: None,
            help,
            span: crate::document::Span::new(comment.text_offset, comment.text_offset),
            label: "this comment".into(),
            related: Vec::new(),
            source: Some(comment.source),
        },
        location,
        snippet: format!("<!-- {} -->", comment.body),
        region: None,
        related: Vec::new(),
        excerpt: None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{Rules, apply};
    use crate::analyse;
    use crate::extract::markdown;
    use crate::lint::check_document;
    use crate::rules::RuleSet;

    /// Rule ids and lines of the findings left after suppressions.
    fn run(text: &str) -> Vec<(String, u32)> {
        let doc = markdown::extract(PathBuf::from("t.md"), text.to_string(), Vec::new());
        let analysis = analyse::analyse(&doc, None);
        let rules = RuleSet::builtin().expect("rules");
        let findings = check_document(&doc, &analysis, &rules);
        let known = |id: &str| rules.get(id).is_some();
        let ran = |id: &str| rules.get(id).is_some();
        let ids: Vec<String> = Vec::new();
        let rules = Rules {
            known: &known,
            ids: &ids,
            ran: &ran,
        };
        apply(&doc, &rules, findings)
            .kept
            .into_iter()
            .map(|f| (f.finding.rule, f.location.line.unwrap_or(0)))
            .collect()
    }

    const BID: &str = "# Tender response for the Greenfield advice service\n\nWe are confident that 120% of participants will complete the course each year.\n\nOur bid requests £20,000 and we will report each quarter.\n";

    #[test]
    fn disable_next_line_silences_the_named_rule_on_the_next_line() {
        assert_eq!(run(BID), [("unrealistic-target".to_string(), 3)]);
        let text = BID.replace(
            "\nWe are",
            "<!-- tenderlint-disable-next-line unrealistic-target -- checked with the funder -->\n\nWe are",
        );
        assert_eq!(run(&text), []);
    }

    #[test]
    fn blocks_files_and_mistakes() {
        let block = BID.replace(
            "\nWe are",
            "<!-- tenderlint-disable unrealistic-target -->\nWe are",
        );
        assert_eq!(run(&block), []);
        let ended = BID.replace(
            "\nWe are",
            "<!-- tenderlint-disable unrealistic-target -->\n<!-- tenderlint-enable unrealistic-target -->\nWe are",
        );
        let got = run(&ended);
        assert!(
            got.contains(&("unrealistic-target".to_string(), 4)),
            "{got:?}"
        );
        assert!(
            got.contains(&("unused-suppression".to_string(), 2)),
            "{got:?}"
        );
        let file = format!("{BID}\n<!-- tenderlint-disable-file unrealistic-target -->\n");
        assert_eq!(run(&file), []);
        let unnamed = BID.replace("\nWe are", "<!-- tenderlint-disable-next-line -->\nWe are");
        assert!(run(&unnamed).contains(&("invalid-suppression".to_string(), 2)));
        let misspelt = BID.replace(
            "\nWe are",
            "<!-- tenderlint-disable-next-line unrealistic-targt -->\nWe are",
        );
        assert!(run(&misspelt).contains(&("invalid-suppression".to_string(), 2)));
        let other_rule = BID.replace(
            "\nWe are",
            "<!-- tenderlint-disable-next-line unfunded-partner -->\nWe are",
        );
        let got = run(&other_rule);
        assert!(
            got.contains(&("unrealistic-target".to_string(), 3)),
            "{got:?}"
        );
        assert!(
            got.contains(&("unused-suppression".to_string(), 2)),
            "{got:?}"
        );
    }
}
