//! Rules as data: `rules/<pack>/<id>.toml`, one rule per file, the file name is the id.
//!
//! A rule has a kind from a small closed set, each a module of [`kinds`]:
//! - **require**: vocabulary that must be present in documents of the kinds it applies to,
//!   optionally only when a trigger is present ("staff will transfer" → TUPE must be mentioned);
//! - **forbid**: vocabulary that must not appear (each match is a finding), unless its sentence
//!   also matches an `unless` list;
//! - **each-entity**: for every organisation with a role (say, partner), evidence must exist
//!   (a money amount in the same sentence or budget row), order-independent, over the whole
//!   document;
//! - **metric**: numbers the analysis found (percentages, targets, cost per person, sums that
//!   should add up, partners' shares) compared with thresholds kept in the rule file;
//! - **clause**: find the clauses on a topic (a section under a matching heading, or sentences
//!   matching the vocabulary), then check what is in them: elements a good clause has
//!   (`[[element]]`), wording it must not hold (`[[flag]]`) and numbers in it (`[[measure]]`, say
//!   a notice period in days).
//!
//! Here: [`Rule`] (one compiled rule: its head, and its kind as [`Check`]) and [`RuleSet`] (the
//! rules of a run, and the loader: the built-in pack is compiled into the binary by `build.rs`,
//! `--rules DIR` adds more). The rest, in the order a rule file meets them: [`schema`] (the
//! rule file's common keys, and the dispatch to its kind), `rule_error` (errors that point into
//! the file, and the values every part reads), `vocabulary` (phrases, patterns, headings and
//! roles, and every regex check), [`kinds`] (each kind's tables, compiled form and
//! evaluation), [`facts`] (what a rule can read from the analysis), [`matcher`] (compiled
//! vocabulary), `names` (the names of closed vocabularies) and [`examples`] (a rule's own test
//! cases).
//!
//! To add a rule: a TOML file in `rules/core/` (see `rules/README.md`); no code. To add a kind:
//! see [`kinds`]; a fact: see [`facts`].

pub mod examples;
pub mod facts;
pub mod kinds;
pub mod matcher;
mod names;
mod rule_error;
pub mod schema;
mod vocabulary;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::analyse::DocKind;
use crate::diagnostic::Severity;
pub use facts::Fact;
pub use kinds::Check;
pub use matcher::{Matcher, Negated, Pattern};
pub use rule_error::RuleError;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// A message or help template with `{placeholders}` checked at load time.
#[derive(Clone, Debug)]
pub struct Template(pub String);

impl Template {
    pub fn render(&self, values: &[(&str, &str)]) -> String {
        let mut out = self.0.clone();
        for (name, value) in values {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Docs {
    pub what: String,
    pub why: String,
    pub example: String,
    pub sources: Vec<String>,
}

/// What an example expects: `expect = "flag"` (some finding) or `"clear"` (none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expect {
    Flag,
    Clear,
}

/// A test case carried by the rule file.
#[derive(Clone, Debug)]
pub struct Example {
    pub text: String,
    pub expect: Expect,
    pub kind: DocKind,
    pub subject: Option<String>,
    /// Line of the example in the rule file, for failure reports.
    pub line: usize,
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    /// Where the rule came from, for errors and `rules` output.
    pub path: String,
    pub kind_name: String,
    pub summary: String,
    /// The kinds `applies-to` names, as written; `agreement` names every agreement kind
    /// ([`Rule::applies`]).
    pub applies_to: Vec<DocKind>,
    pub severity: Severity,
    /// `[severity-by-kind]`, keys as written (`agreement` again names the family).
    pub severity_by_kind: BTreeMap<DocKind, Severity>,
    pub message: Template,
    pub help: Template,
    pub label: Template,
    pub docs: Docs,
    pub thresholds: BTreeMap<String, f64>,
    pub check: Check,
    pub examples: Vec<Example>,
}

impl Rule {
    /// Whether the rule runs on a document of `kind`: some name in `applies-to` covers it
    /// (`agreement` covers every agreement kind).
    pub fn applies(&self, kind: DocKind) -> bool {
        self.applies_to.iter().any(|named| named.covers(kind))
    }

    /// The severity for a document of `kind`: `[severity-by-kind]`'s entry for the kind
    /// itself, else for its family (`agreement`), else the rule's.
    pub fn severity_for(&self, kind: DocKind) -> Severity {
        self.severity_by_kind
            .get(&kind)
            .or_else(|| {
                self.severity_by_kind
                    .iter()
                    .find(|(named, _)| named.covers(kind))
                    .map(|(_, severity)| severity)
            })
            .copied()
            .unwrap_or(self.severity)
    }

    /// Make every finding of this rule take the rule's severity (a configured or profile
    /// severity): drop per-kind, per-measure and per-flag severities.
    pub fn set_severity(&mut self, severity: Severity) {
        self.severity = severity;
        self.severity_by_kind.clear();
        self.check.clear_part_severities();
    }

    /// The severities a rule's parts (metric measures; clause flags, then measures) set for
    /// their own findings, with each part's label, in the order the rule file gives them.
    pub fn part_severities(&self) -> Vec<(Option<&Template>, Severity)> {
        self.check.part_severities()
    }
}

/// The rules in force for a run, sorted by id.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Patterns of the shipped rules not compiled yet, in the order the rules use them.
    deferred: Vec<Pattern>,
    /// What the user's rule files should fix but that does not stop them loading (a rule
    /// with no `[docs]`), for the commands to show once.
    pub warnings: Vec<RuleError>,
}

impl RuleSet {
    /// The rule pack shipped in `rules/`, compiled into the binary. Its patterns are not
    /// checked or compiled here but on first use (see [`Pattern`]); [`RuleSet::warm_up`]
    /// compiles them ahead of time.
    pub fn builtin() -> Result<RuleSet, Vec<RuleError>> {
        let (loaded, deferred) = matcher::shipped_patterns(|| {
            builtin::RULES
                .iter()
                .map(|(path, source)| load_one(path, source, schema::Origin::Shipped))
                .collect::<Vec<_>>()
        });
        let mut set = RuleSet {
            rules: Vec::new(),
            deferred,
            warnings: Vec::new(),
        };
        let mut errors = Vec::new();
        for result in loaded {
            match result {
                Ok(parsed) => set.add(parsed),
                Err(mut e) => errors.append(&mut e),
            }
        }
        set.finish(errors)
    }

    /// Add every `*.toml` under `dir` (recursively).
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), Vec<RuleError>> {
        let mut files = Vec::new();
        collect_toml(dir, &mut files, 0).map_err(|e| vec![io_error(dir, &e)])?;
        if files.is_empty() {
            return Err(vec![io_error(
                dir,
                &std::io::Error::other("no rule files (*.toml) found"),
            )]);
        }
        files.sort();
        let mut errors = Vec::new();
        for file in files {
            let name = file.display().to_string();
            match std::fs::read_to_string(&file) {
                Ok(source) => match load_one(&name, &source, schema::Origin::User) {
                    Ok(parsed) => self.add(parsed),
                    Err(mut e) => errors.append(&mut e),
                },
                Err(e) => errors.push(io_error(&file, &e)),
            }
        }
        let set = std::mem::take(self);
        *self = set.finish(errors)?;
        Ok(())
    }

    fn add(&mut self, parsed: schema::Parsed) {
        self.rules.push(parsed.rule);
        self.warnings.extend(parsed.warnings);
    }

    fn finish(mut self, mut errors: Vec<RuleError>) -> Result<RuleSet, Vec<RuleError>> {
        self.rules.sort_by(|a, b| a.id.cmp(&b.id));
        for pair in self.rules.windows(2) {
            if pair[0].id == pair[1].id {
                errors.push(RuleError::file(
                    rule_error::CODE,
                    &pair[1].path,
                    format!(
                        "rule id {:?} is defined twice: {} and {}",
                        pair[0].id, pair[0].path, pair[1].path
                    ),
                    "rule ids are file names and must be unique across all rule folders; rename one",
                ));
            }
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }

    /// No rules.
    pub const fn empty() -> RuleSet {
        RuleSet {
            rules: Vec::new(),
            deferred: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Compile the patterns whose compilation was deferred, last rule first (a worker checking
    /// a document meets them first rule first, so the two meet in the middle). Meant for a
    /// spare thread at start-up; a pattern already compiled, or being compiled by the worker
    /// that needs it, is skipped or waited for, never compiled twice.
    pub fn warm_up(&self) {
        for pattern in self.deferred.iter().rev() {
            pattern.force();
        }
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// The rule id of a file: its stem.
fn load_one(
    path: &str,
    source: &str,
    origin: schema::Origin,
) -> Result<schema::Parsed, Vec<RuleError>> {
    let id = Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(path);
    schema::parse_file(id, path, source, origin)
}

fn collect_toml(
    dir: &Path,
    out: &mut Vec<std::path::PathBuf>,
    depth: usize,
) -> std::io::Result<()> {
    if depth > 16 {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_toml(&path, out, depth + 1)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn io_error(path: &Path, error: &std::io::Error) -> RuleError {
    RuleError::file(
        rule_error::CODE,
        &path.display().to_string(),
        format!("{}: cannot read rules: {error}", path.display()),
        "--rules takes a folder of rule files (*.toml)",
    )
}

#[cfg(test)]
mod boundaries {
    use std::path::Path;

    use super::{RuleSet, builtin, load_one, matcher, schema};
    use crate::{analyse, extract, lint};

    /// The built-in rules, loaded on this thread.
    fn rules() -> RuleSet {
        let rules = builtin::RULES
            .iter()
            .map(|(path, source)| {
                load_one(path, source, schema::Origin::Shipped)
                    .expect("loads")
                    .rule
            })
            .collect();
        RuleSet {
            rules,
            deferred: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn markdown_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                markdown_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }

    #[test]
    fn shipped_patterns_are_compiled_on_first_use_and_every_one_compiles() {
        // Loading the shipped rules defers their patterns unchecked: the checks they skip are
        // made here, as for a user's rule (syntax, empty matches, size), and each compiles.
        let set = RuleSet::builtin().expect("loads");
        assert!(set.deferred.len() > 50, "{} deferred", set.deferred.len());
        assert!(set.deferred.iter().all(|p| !p.is_compiled()));
        let eager = rules();
        assert_eq!(eager.rules.len(), set.rules.len());
        assert!(eager.deferred.is_empty());
        set.warm_up();
        assert!(set.deferred.iter().all(matcher::Pattern::is_compiled));
        // A clone shares what was compiled.
        let copy = set.clone();
        assert!(copy.deferred.iter().all(matcher::Pattern::is_compiled));
    }

    #[test]
    fn ascii_word_boundaries_change_no_finding() {
        // The rewrite exists for speed (a Unicode \b plus one "£" made matching 20-37x slower);
        // on the fixtures and the corpus it must find exactly what the rules as written find.
        let ascii = rules();
        matcher::UNICODE_BOUNDARIES.with(|b| b.set(true));
        let unicode = rules();
        let written = matcher::compile(r"\bfee\b", false).expect("compiles");
        assert_eq!(
            written.as_str(),
            r"\bfee\b",
            "the switch compiles patterns as written"
        );
        matcher::UNICODE_BOUNDARIES.with(|b| b.set(false));
        let rewritten = matcher::compile(r"\bfee\b", false).expect("compiles");
        assert_ne!(rewritten.as_str(), written.as_str());
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        markdown_files(&root.join("fixtures"), &mut files);
        let corpus = std::env::var_os("TENDERLINT_SHARED")
            .map_or_else(|| root.join("../shared"), std::path::PathBuf::from)
            .join("corpus");
        let with_corpus = corpus.is_dir();
        if with_corpus {
            markdown_files(&corpus, &mut files);
        } else {
            // A clone of the project alone: the fixtures are still compared. CI has the corpus.
            let in_ci =
                std::env::var("CI").is_ok_and(|v| !["", "0", "false"].contains(&v.as_str()));
            assert!(!in_ci, "{} not found, and CI is set", corpus.display());
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                b"skipped: the corpus part of ascii_word_boundaries_change_no_finding: ../shared/corpus not found\n",
            );
        }
        assert!(files.len() > 10, "{} files", files.len());
        let mut findings = 0;
        for path in files {
            let bytes = std::fs::read(&path).expect("read");
            let Ok(doc) = extract::extract(&path, &bytes) else {
                continue;
            };
            let analysis = analyse::analyse(&doc, None);
            let found = |rules: &RuleSet| -> Vec<(String, usize, usize)> {
                lint::check_document(&doc, &analysis, rules)
                    .into_iter()
                    .map(|f| (f.finding.rule, f.finding.span.start, f.finding.span.end))
                    .collect()
            };
            let with_ascii = found(&ascii);
            assert_eq!(with_ascii, found(&unicode), "{}", path.display());
            findings += with_ascii.len();
        }
        let least = if with_corpus { 50 } else { 20 };
        assert!(findings > least, "only {findings} findings compared");
    }
}
