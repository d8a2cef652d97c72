//! One document in, located findings out: the pipeline that the command line's engine, the
//! fuzz targets and every other front end call.
//!
//! ```text
//! bytes + name ─ extract ─▶ Document ─ analyse ─▶ Analysis ─ rules ─▶ findings
//!     ─ locate ─▶ Located ─ suppressions, configuration ─▶ kept ─ quote ─▶ Linted
//! ```
//!
//! [`lint`] is pure: no file is read or written, no thread started, nothing drawn. It runs under
//! whatever limits are in force on the calling thread ([`crate::limits::within`]); the engine
//! puts it on a worker with a deadline and catches its panics, a test or a fuzz target calls it
//! as it is. A finding leaves here with its place (page, clause, line), its words and the
//! passage a report quotes ([`crate::document::Excerpt`]), so that the document can be dropped.
//! A document no rule applied to (after select/ignore and the file's own settings) leaves
//! marked [`Unchecked`], so that no report calls it clean.

mod pack;

use std::path::Path;

use crate::analyse::{self, Analysis};
use crate::config::{Config, FileSettings};
use crate::diagnostic::{self, Finding, Located, Related, Severity, Unchecked};
use crate::document::{DocKind, Document, Notice, Quote, Quoter};
use crate::extract::{self, ReadError};
use crate::limits;
use crate::rules::{RuleSet, kinds};
use crate::suppress;

pub use pack::{LintedPack, PackSpec, lint_pack, main_member};

/// What applies to every document of a run besides the rules.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--kind`: the document kind for every file, overriding detection, front matter and
    /// configuration overrides.
    pub kind: Option<DocKind>,
    /// `tenderlint.toml`: per-file kind and rules, notice ids, minimum severity.
    pub config: Config,
    /// Every rule id that exists, before select/ignore (for judging suppressions).
    pub known_rules: Vec<String>,
}

/// One document read, understood and checked.
#[derive(Debug)]
pub struct Linted {
    pub document: Document,
    pub analysis: Analysis,
    /// What is reported, in order: suppressed findings and those the configuration turns off
    /// are gone; each carries its excerpt.
    pub findings: Vec<Located>,
    /// `Some` when no rule ran on the document: its findings are only reading notices.
    pub unchecked: Option<Unchecked>,
    /// The rule id of each finding the document's own suppressions silenced.
    pub suppressed: Vec<String>,
}

impl Linted {
    /// What a run keeps of the document: its format, kind, findings and read warnings.
    pub fn into_result(self, path: &Path) -> diagnostic::FileResult {
        let mut result = diagnostic::FileResult::new(path);
        result.format = Some(self.document.format);
        result.kind = Some(self.analysis.kind.kind);
        result.findings = self.findings;
        result.warnings = self.document.warnings;
        result.unchecked = self.unchecked;
        result.suppressed = self.suppressed;
        result
    }
}

/// Read `bytes` (named `path`: the name is reported and matched against the configuration's
/// globs; the format is found from the content) and check it.
pub fn lint(
    path: &Path,
    bytes: &[u8],
    rules: &RuleSet,
    options: &Options,
) -> Result<Linted, ReadError> {
    let document = extract::extract(path, bytes)?;
    lint_document(document, rules, options)
}

/// Check a document already extracted.
pub fn lint_document(
    document: Document,
    rules: &RuleSet,
    options: &Options,
) -> Result<Linted, ReadError> {
    let settings = options.config.for_file(&document.path);
    let analysis = analyse::analyse(&document, options.kind.or(settings.kind));
    let kind = analysis.kind.kind;
    let found = check_document(&document, &analysis, rules);
    // Rules stop early once time is up; what they found is not reported as complete.
    limits::check_time()?;
    let known = |id: &str| options.known_rules.iter().any(|r| r == id) || diagnostic::is_notice(id);
    let ran =
        |id: &str| rules.get(id).is_some_and(|rule| rule.applies(kind)) && settings.reports(id);
    let unchecked = unchecked(kind, rules, &|id| settings.reports(id)).map(|why| {
        if why == Unchecked::UnknownKind && document.format.is_spreadsheet() {
            Unchecked::UnknownWorkbook
        } else {
            why
        }
    });
    let judge = suppress::Rules {
        known: &known,
        ids: &options.known_rules,
        ran: &ran,
    };
    let (findings, suppressed) = settle(&document, &judge, found, &settings, rules, options);
    Ok(Linted {
        document,
        analysis,
        findings,
        unchecked,
        suppressed,
    })
}

/// A document's findings as reported: its suppressions applied; the findings its settings or
/// the configuration turn off, or below the minimum severity, dropped; each one quoted. Also
/// the rule id of each finding a suppression silenced.
fn settle(
    document: &Document,
    judge: &suppress::Rules<'_>,
    found: Vec<Located>,
    settings: &FileSettings,
    rules: &RuleSet,
    options: &Options,
) -> (Vec<Located>, Vec<String>) {
    let min = options.config.min_severity.unwrap_or(Severity::Info);
    let applied = suppress::apply(document, judge, found);
    let mut findings: Vec<Located> = applied
        .kept
        .into_iter()
        .filter(|found| {
            let id = found.finding.rule.as_str();
            settings.reports(id)
                && (rules.get(id).is_some() || options.config.reports(id))
                && found.finding.severity >= min
        })
        .collect();
    quote(document, &mut findings);
    (findings, applied.silenced)
}

/// Whether a document of `kind` goes unchecked: no rule of the run applies to its kind and is
/// reported for the file. Decided from the rules, whatever the kinds are called; the kind only
/// picks the explanation (could not be told, or every rule for it turned off).
fn unchecked(kind: DocKind, rules: &RuleSet, reports: &dyn Fn(&str) -> bool) -> Option<Unchecked> {
    let any_ran = rules
        .rules
        .iter()
        .any(|rule| rule.applies(kind) && reports(&rule.id));
    match (any_ran, kind) {
        (true, _) => None,
        (false, DocKind::Unknown) => Some(Unchecked::UnknownKind),
        (false, kind) => Some(Unchecked::NoRuleApplies(kind)),
    }
}

/// Run every applicable rule over an analysed document, with the document's own notices;
/// findings sorted by position, then rule, each with its place and words (no excerpt yet).
pub fn check_document(doc: &Document, analysis: &Analysis, rules: &RuleSet) -> Vec<Located> {
    find(doc, analysis, rules)
        .into_iter()
        .map(|finding| locate(doc, finding))
        .collect()
}

/// The findings of every applicable rule and the document's notices, sorted by position, then
/// rule.
fn find(doc: &Document, analysis: &Analysis, rules: &RuleSet) -> Vec<Finding> {
    find_rules(doc, analysis, rules, true)
}

/// [`find`], with the document's notices or without them (a pack's second kind).
fn find_rules(doc: &Document, analysis: &Analysis, rules: &RuleSet, notices: bool) -> Vec<Finding> {
    let kind = analysis.kind.kind;
    let notices = doc.notices.iter().filter(|_| notices);
    let mut findings: Vec<Finding> = rules
        .rules
        .iter()
        .filter(|rule| rule.applies(kind))
        .take_while(|_| !limits::out_of_time())
        .flat_map(|rule| kinds::run(rule, doc, analysis))
        .chain(notices.map(notice_finding))
        .collect();
    findings.sort_by(|a, b| {
        (a.span.start, &a.rule, a.span.end).cmp(&(b.span.start, &b.rule, b.span.end))
    });
    findings
}

/// A finding with its place, words and related places.
fn locate(doc: &Document, finding: Finding) -> Located {
    let location = doc.locate(finding.span);
    let snippet = doc.slice(finding.span).to_string();
    let region = doc.text_region(
        finding.span,
        finding.source,
        (location.line, location.column),
    );
    let related = finding
        .related
        .iter()
        .map(|(span, _)| {
            let location = doc.locate(*span);
            Related {
                region: doc.text_region(*span, None, (location.line, location.column)),
                snippet: doc.slice(*span).to_string(),
                location,
            }
        })
        .collect();
    Located {
        finding,
        location,
        snippet,
        region,
        related,
        excerpt: None,
    }
}

/// Cut each finding's excerpt from the document.
fn quote(doc: &Document, findings: &mut [Located]) {
    let quoter = Quoter::new(doc);
    for found in findings {
        let places: Vec<_> = found
            .related
            .iter()
            .map(|r| (&r.location, r.snippet.as_str()))
            .collect();
        let excerpt = quoter.excerpt(&Quote {
            span: found.finding.span,
            source: found.finding.source,
            label: &found.finding.label,
            location: &found.location,
            related: &found.finding.related,
            related_places: &places,
        });
        found.excerpt = Some(excerpt);
    }
}

/// A notice from extraction, reported like a finding at info level.
fn notice_finding(notice: &Notice) -> Finding {
    Finding {
        rule: notice.code.to_string(),
        severity: Severity::Info,
        message: notice.message.clone(),
        subject: None,
        help: notice.help.clone(),
        span: notice.span,
        label: notice.label.clone(),
        related: Vec::new(),
        source: None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{Options, lint};
    use crate::analyse::DocKind;
    use crate::config::parse;
    use crate::diagnostic::Unchecked;
    use crate::rules::RuleSet;

    const REPORT: &[u8] = b"# Annual report\n\nWe ran three youth clubs this year.\n";

    fn unchecked(options: &Options, rules: &RuleSet) -> Option<Unchecked> {
        lint(Path::new("report.md"), REPORT, rules, options)
            .expect("reads")
            .unchecked
    }

    #[test]
    fn a_document_no_rule_ran_on_is_unchecked() {
        let rules = RuleSet::builtin().expect("rules");
        let unknown = Options::default();
        assert_eq!(unchecked(&unknown, &rules), Some(Unchecked::UnknownKind));
        let bid = Options {
            kind: Some(DocKind::Bid),
            ..Options::default()
        };
        assert_eq!(unchecked(&bid, &rules), None);
        // Every rule for bids turned off, for the run or for this file: read, not checked.
        let mut selected = RuleSet::builtin().expect("rules");
        selected.rules.retain(|rule| rule.id == "pay-when-paid");
        assert_eq!(
            unchecked(&bid, &selected),
            Some(Unchecked::NoRuleApplies(DocKind::Bid))
        );
        let per_file = Options {
            config: parse(
                "t.toml",
                "[[overrides]]\n\"*.md\" = { select = [\"pay-when-paid\"] }",
                &rules,
            )
            .expect("parses"),
            ..bid
        };
        assert_eq!(
            unchecked(&per_file, &rules),
            Some(Unchecked::NoRuleApplies(DocKind::Bid))
        );
    }
}
