//! Integration tests: the real `tenderlint` binary over `fixtures/`, user rule folders, broken
//! rule files, awkward inputs and the shared corpus.
//!
//! - `fixtures`: human and JSON output for each bundled fixture, one insta snapshot per file
//!   and output under `snapshots/fixtures/` (review changes with `cargo insta review`); a run on
//!   the folder is those files' reports in path order; every twin of a fixture (DOCX, ODT,
//!   PDF) has the kind of its Markdown.
//! - `rules_*`: the shipped rules' own examples; a user's rule of each kind from `--rules DIR`;
//!   rule-file errors that point into the file.
//! - `input_*`: missing files, non-UTF-8 text, unsupported formats: errors per file, the run goes on.
//! - `holdout`: documents written by someone who never saw the rules, with an answer key
//!   (`tests/holdout/EXPECTED.tsv`): every intended finding and nothing else.
//! - `corpus_*`: every Markdown file in `../shared/corpus/` and the sector report; the corpus's
//!   twins (one document in several formats) share a kind.
//! - `pdf`: PDF twins of the fixtures, page/line locations, bad PDFs, every corpus PDF.
//! - `formats` (formats.rs): SARIF (validated against the 2.1.0 schema), GitHub workflow
//!   commands, JUnit XML, `--output`.
//! - `review` (review.rs): the Word review report, read back with the DOCX reader.
//! - `copies` (copies.rs): `tenderlint review`'s copies of Word, OpenDocument and PDF files,
//!   read back with zip, quick-xml and lopdf; Word replies that accept a finding.
//! - `serve` (serve.rs): the local app's server on a free port: the API against `check
//!   --format json` on every fixture, the host and origin guard, limits, fifty uploads at once.
//! - `settings` (settings.rs): tenderlint.toml discovery and keys, suppressions, baselines,
//!   partitions, stdin.
//! - `triage` (triage.rs): the human report's order, groups, width and closing summary;
//!   `--format concise`.
//! - `unchecked` (unchecked.rs): a document no rule ran on, in every format, and
//!   `--fail-on-unchecked`.
//! - `word`: DOCX (pandoc, docx-rs) and ODT twins of the fixtures, clause/paragraph locations,
//!   bad Word files, every corpus DOCX and ODT, one agreement in four formats.
//!
//! Tests that read `../shared` (the corpus, the SARIF schema, the sector report) ask for it with
//! [`shared`]: on a clone of the project alone they print `skipped: …` and pass; under CI they fail.

#[cfg(unix)]
mod action;
mod copies;
mod formats;
mod packs;
mod review;
mod robustness;
mod serve;
mod settings;
mod sheets;
mod triage;
mod unchecked;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A ZIP archive of `parts` (deflated), for Word, OpenDocument and workbook packages made in
/// tests.
fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        out.start_file(*name, options).expect("start");
        out.write_all(data).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tenderlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tenderlint"))
        .args(args)
        .current_dir(root())
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .output()
        .expect("run tenderlint")
}

fn json(args: &[&str]) -> (Value, i32) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = tenderlint(&all);
    let text = String::from_utf8(out.stdout).expect("utf-8 output");
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (value, out.status.code().unwrap_or(-1))
}

/// (file, rule, line, subject) for every diagnostic, in output order.
fn findings(report: &Value) -> Vec<(String, String, u64, String)> {
    let mut out = Vec::new();
    for file in report["files"].as_array().expect("files") {
        for d in file["diagnostics"].as_array().expect("diagnostics") {
            out.push((
                file["path"].as_str().unwrap_or_default().to_string(),
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["location"]["line"].as_u64().unwrap_or(0),
                d["subject"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    out
}

/// (file name, first error code or "ok", number of findings) for every file, sorted by name.
fn outcomes(report: &Value) -> Vec<(String, String, usize)> {
    let mut seen: Vec<(String, String, usize)> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|file| {
            let name = Path::new(file["path"].as_str().expect("path"))
                .file_name()
                .expect("name")
                .to_string_lossy()
                .to_string();
            let code = file["errors"][0]["code"].as_str().unwrap_or("ok");
            assert_ne!(code, "internal-error", "{file}");
            let findings = file["diagnostics"].as_array().map_or(0, Vec::len);
            (name, code.to_string(), findings)
        })
        .collect();
    seen.sort();
    seen
}

/// `path` in the shared material (corpus, schemas, sector report) that lives beside the checkout
/// in `../shared`, or wherever `TENDERLINT_SHARED` says. A clone of the project alone has none:
/// the test that asked is then skipped, with a line on standard error saying so, and the README's
/// `cargo test` still passes. Under CI (`CI` set, as `.ci/run` does; "", "0" and "false" count
/// as unset, as for insta) a missing path fails the test instead: CI has the shared material, and
/// a skipped test there would prove nothing.
fn shared(path: &str) -> Option<PathBuf> {
    shared_for(&test_name(), path)
}

/// [`shared`] for part of a test: `what` names the part that is skipped without it.
fn shared_for(what: &str, path: &str) -> Option<PathBuf> {
    let (dir, shown) = match std::env::var_os("TENDERLINT_SHARED") {
        Some(dir) => (PathBuf::from(dir), "$TENDERLINT_SHARED"),
        None => (root().join("../shared"), "../shared"),
    };
    let found = dir.join(path);
    if found.exists() {
        return Some(found);
    }
    let in_ci = std::env::var("CI").is_ok_and(|v| !["", "0", "false"].contains(&v.as_str()));
    assert!(
        !in_ci,
        "{what}: {shown}/{path} not found ({}), and CI is set: CI runs with the shared \
         material beside the checkout",
        found.display()
    );
    // Straight to standard error: the test harness captures `eprintln!` and shows it only for
    // a failing test, and a skip must be seen.
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {what}: {shown}/{path} not found"
    );
    None
}

/// The running test's name (`corpus::no_file_in_the_corpus_crashes_the_run`): the harness names
/// each test's thread after it.
fn test_name() -> String {
    std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string()
}

/// The bundled fixtures. What tenderlint finds in them is written down once, as insta snapshots:
/// one per file and output, `tests/cli/snapshots/fixtures/<path under fixtures/>@human.snap`
/// and `@json.snap`, so a change to a rule shows as small diffs in the files it touches (review
/// them with `cargo insta review`). Each PDF, DOCX and ODT twin has its own, because where a
/// finding is and the words quoted differ by format; that a twin finds the same rules and
/// subjects as its Markdown is tested in `pdf` and `word`. `fixtures/README.md` says what each
/// fixture is built to catch, and why.
/// Files that are twins (the same stem, in `folder_too`'s case also the same folder, in
/// different formats) and were given different kinds: "stem: path kind, path kind".
fn twins_of_different_kinds(report: &Value, folder_too: bool) -> Vec<String> {
    let mut kinds: std::collections::BTreeMap<String, Vec<(String, String)>> =
        std::collections::BTreeMap::new();
    for file in report["files"].as_array().expect("files") {
        let path = Path::new(file["path"].as_str().expect("path"));
        let stem = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .to_string();
        let key = if folder_too {
            path.with_extension("").display().to_string()
        } else {
            stem
        };
        let kind = file["kind"].as_str().unwrap_or("none").to_string();
        kinds
            .entry(key)
            .or_default()
            .push((path.display().to_string(), kind));
    }
    kinds
        .into_iter()
        .filter(|(_, twins)| twins.iter().any(|(_, kind)| *kind != twins[0].1))
        .map(|(key, twins)| format!("{key}: {twins:?}"))
        .collect()
}

mod fixtures {
    use std::fs;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::path::Path;
    use std::sync::OnceLock;

    use serde_json::Value;

    use super::{json, root, tenderlint};

    /// What `tenderlint check` says about `fixtures/`, as a folder and file by file.
    struct Reports {
        /// `check --format json fixtures`.
        json: Value,
        /// Its exit status.
        status: i32,
        /// `check fixtures`: standard error.
        human: String,
        /// Every file the folder run checked, in its order, with the standard error of a
        /// `check FILE` run on that file alone.
        files: Vec<(String, String)>,
    }

    /// The runs, made once for the tests below (a process per file: about seventy).
    fn reports() -> &'static Reports {
        static REPORTS: OnceLock<Reports> = OnceLock::new();
        REPORTS.get_or_init(|| {
            let (json, status) = json(&["fixtures"]);
            let human = stderr(&["check", "fixtures"]);
            let paths: Vec<String> = json["files"]
                .as_array()
                .expect("files")
                .iter()
                .map(|f| f["path"].as_str().expect("path").to_string())
                .collect();
            // Four at a time: a run on one file is mostly start-up.
            let files = std::thread::scope(|scope| {
                let runs: Vec<_> = paths
                    .chunks(paths.len().div_ceil(4).max(1))
                    .map(|chunk| {
                        scope.spawn(move || {
                            chunk
                                .iter()
                                .map(|path| (path.clone(), stderr(&["check", path])))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                runs.into_iter()
                    .flat_map(|run| run.join().expect("a run on one file"))
                    .collect()
            });
            Reports {
                json,
                status,
                human,
                files,
            }
        })
    }

    /// Standard error of a run in the human format, which writes nothing to standard output.
    fn stderr(args: &[&str]) -> String {
        let out = tenderlint(args);
        assert!(
            out.stdout.is_empty(),
            "human output goes to standard error: {args:?}"
        );
        String::from_utf8(out.stderr).expect("utf-8")
    }

    /// A human report cut before its summary, the lines after the last blank line ("2 errors to
    /// fix before you sign or submit: …").
    fn split_summary(report: &str) -> (&str, &str) {
        let end = report
            .trim_end_matches('\n')
            .rfind("\n\n")
            .map_or(0, |i| i + 2);
        report.split_at(end)
    }

    #[test]
    fn each_fixture_file_gives_the_findings_in_its_snapshots() {
        let reports = reports();
        let entries = reports.json["files"].as_array().expect("files");
        let mut differ = Vec::new();
        let mut expected = Vec::new();
        for ((path, human), entry) in reports.files.iter().zip(entries) {
            let inner = path
                .strip_prefix("fixtures/")
                .expect("a path under fixtures/");
            let (dir, name) = inner.rsplit_once('/').unwrap_or(("", inner));
            let mut settings = insta::Settings::clone_current();
            settings.set_snapshot_path(Path::new("snapshots/fixtures").join(dir));
            settings.set_prepend_module_to_snapshot(false);
            settings.set_input_file(root().join(path));
            settings.set_omit_expression(true);
            // One failure must not hide the others: check every snapshot, then fail.
            let mut check = |suffix: &str, description: String, assert: &dyn Fn()| {
                settings.set_snapshot_suffix(suffix);
                settings.set_description(description);
                if catch_unwind(AssertUnwindSafe(|| settings.bind(assert))).is_err() {
                    differ.push(format!("{inner}@{suffix}"));
                }
                expected.push(format!("{inner}@{suffix}.snap"));
            };
            check(
                "human",
                format!("tenderlint check {path}: standard error"),
                &|| insta::assert_snapshot!(name, human),
            );
            // A pack's file: the human snapshot is the file checked on its own, the JSON one
            // the file as the pack's member (the folder holds a tenderlint-pack.toml).
            check(
                "json",
                format!("{path} in tenderlint check --format json fixtures"),
                &|| insta::assert_json_snapshot!(name, entry),
            );
        }
        assert!(
            differ.is_empty(),
            "{} snapshots differ (review them with `cargo insta review`): {}",
            differ.len(),
            differ.join(", ")
        );
        // A snapshot left behind by a renamed or removed fixture would never be checked.
        let mut found = Vec::new();
        snapshots(&root().join("tests/cli/snapshots/fixtures"), "", &mut found);
        let stale: Vec<&String> = found.iter().filter(|f| !expected.contains(f)).collect();
        assert!(
            stale.is_empty(),
            "snapshots in tests/cli/snapshots/fixtures with no fixture file (delete them): {stale:?}"
        );
    }

    /// Every `.snap` under `dir`, as a path relative to it.
    fn snapshots(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.path().is_dir() {
                snapshots(&entry.path(), &format!("{name}/"), out);
            } else if name.ends_with(".snap") {
                out.push(name);
            }
        }
    }

    #[test]
    fn a_folder_run_is_its_files_reports_in_path_order() {
        let reports = reports();
        assert_eq!(reports.status, 1, "findings at error level exit 1");
        let paths: Vec<&str> = reports.files.iter().map(|(p, _)| p.as_str()).collect();
        let mut sorted = paths.clone();
        sorted.sort_unstable();
        assert_eq!(paths, sorted, "files in path order");
        assert!(
            paths.iter().all(|p| !p.ends_with("README.md")),
            "fixtures/.tenderlintignore keeps the guides out: {paths:?}"
        );
        // The human report: each file's own, without its summary line, then one summary. A
        // pack's files (a folder with a tenderlint-pack.toml) are checked as one: the pack's
        // own run stands for them, once.
        let mut joined = String::new();
        let entries = reports.json["files"].as_array().expect("files");
        let mut packs_seen = Vec::new();
        for ((path, human), entry) in reports.files.iter().zip(entries) {
            let pack_run;
            let human = match entry["pack"].as_str() {
                Some(pack) if packs_seen.contains(&pack) => continue,
                Some(pack) => {
                    packs_seen.push(pack);
                    let folder = Path::new(path).parent().expect("a pack's folder");
                    pack_run = stderr(&["check", "--pack", &folder.display().to_string()]);
                    assert!(pack_run.contains(" in 2 files."), "{pack_run}");
                    &pack_run
                }
                None => human,
            };
            let (findings, summary) = split_summary(human);
            if entry["pack"].is_string() {
                joined.push_str(findings);
                continue;
            }
            // A file no rule ran on (its kind could not be told) is counted apart.
            let counted = summary.contains(" in 1 file.\n")
                || summary.starts_with("1 file not checked")
                || summary == "No problems found in 1 file.\n";
            assert!(counted, "{path}: {summary}");
            joined.push_str(findings);
        }
        let (_, summary) = split_summary(&reports.human);
        assert!(
            summary.contains(" errors to fix before you sign"),
            "{summary}"
        );
        joined.push_str(summary);
        assert!(
            joined == reports.human,
            "the folder run differs from its files' runs"
        );
        // The JSON summary counts what the files hold; every fixture is read.
        let files = reports.json["files"].as_array().expect("files");
        let count = |severity: &str| {
            files
                .iter()
                .flat_map(|f| f["diagnostics"].as_array().expect("diagnostics"))
                .filter(|d| d["severity"] == severity)
                .count()
        };
        let summary = &reports.json["summary"];
        assert_eq!(summary["files"], files.len());
        assert_eq!(summary["errors"], count("error"));
        assert_eq!(summary["warnings"], count("warning"));
        assert_eq!(summary["info"], count("info"));
        assert_eq!(summary["tool_errors"], 0);
        for file in files {
            assert_eq!(file["errors"], Value::Array(Vec::new()), "{file}");
        }
    }

    #[test]
    fn json_follows_the_documented_shape() {
        let report = &reports().json;
        assert_eq!(report["version"], 1);
        let summary = &report["summary"];
        for key in [
            "files",
            "errors",
            "warnings",
            "info",
            "tool_errors",
            "unchecked",
        ] {
            assert!(summary[key].is_u64(), "summary.{key}");
        }
        let mut unchecked = 0;
        for file in report["files"].as_array().expect("files") {
            for key in [
                "path",
                "format",
                "kind",
                "checked",
                "unchecked",
                "diagnostics",
                "errors",
                "warnings",
            ] {
                assert!(file.get(key).is_some(), "file.{key}");
            }
            // Not checked: read, no rule ran, with a code and a reason; else `null`.
            let why = &file["unchecked"];
            if why.is_null() {
                assert_eq!(file["checked"], true, "{file}");
            } else {
                unchecked += 1;
                assert_eq!(file["checked"], false, "{file}");
                assert!(
                    why["code"].is_string() && why["reason"].is_string(),
                    "{why}"
                );
            }
            for d in file["diagnostics"].as_array().expect("diagnostics") {
                for key in [
                    "rule", "severity", "message", "subject", "help", "location", "span", "snippet",
                ] {
                    assert!(d.get(key).is_some(), "diagnostic.{key}");
                }
                for key in ["line", "column", "page", "paragraph", "section"] {
                    assert!(d["location"].get(key).is_some(), "location.{key}");
                }
                assert!(d["span"]["offset"].is_u64() && d["span"]["length"].is_u64());
                assert!(
                    ["error", "warning", "info"].contains(&d["severity"].as_str().unwrap_or(""))
                );
            }
        }
        assert_eq!(summary["unchecked"], unchecked);
        assert!(
            unchecked > 0,
            "fixtures/misc holds a document of unknown kind"
        );
    }

    #[test]
    fn spans_point_at_the_quoted_words_in_the_extracted_text() {
        let (report, _) = json(&["fixtures/bids/youth-employment-bid.md"]);
        let out = tenderlint(&["extract", "fixtures/bids/youth-employment-bid.md"]);
        let text = String::from_utf8(out.stdout).expect("utf-8");
        for d in report["files"][0]["diagnostics"]
            .as_array()
            .expect("diagnostics")
        {
            let offset = d["span"]["offset"].as_u64().unwrap_or(0) as usize;
            let length = d["span"]["length"].as_u64().unwrap_or(0) as usize;
            assert_eq!(
                &text[offset..offset + length],
                d["snippet"].as_str().unwrap_or("")
            );
        }
    }

    #[test]
    fn output_is_the_same_with_one_thread_or_many() {
        // The engine sizes its own pool from `--threads`. On four workers the fixtures (72 files,
        // the PDFs much slower than the Markdown) finish out of order, so this fails if results
        // are printed as they finish rather than in path order.
        let run = |threads: &str| {
            let json = tenderlint(&[
                "check",
                "--format",
                "json",
                "--threads",
                threads,
                "fixtures",
            ]);
            let human = tenderlint(&["check", "--threads", threads, "fixtures"]);
            (json.stdout, human.stderr)
        };
        let (json, human) = run("1");
        assert!(!json.is_empty() && !human.is_empty());
        let (json_4, human_4) = run("4");
        assert!(json == json_4, "JSON differs on 1 and 4 threads");
        assert!(
            human == human_4,
            "the human report differs on 1 and 4 threads"
        );
    }

    #[test]
    fn every_twin_of_a_fixture_has_the_kind_of_its_markdown() {
        let report = &reports().json;
        let differ = super::twins_of_different_kinds(report, false);
        assert_eq!(differ, Vec::<String>::new());
    }

    #[test]
    fn a_clean_document_exits_zero() {
        let out = tenderlint(&["check", "fixtures/bids/tenancy-sustainment-bid.md"]);
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stderr).expect("utf-8");
        assert!(text.contains("No problems found in 1 file."), "{text}");
    }

    #[test]
    fn kind_can_be_forced_from_the_command_line() {
        // Read as an MoU, the subcontract's missing dispute clause is a warning, not an error.
        let (report, status) = json(&[
            "--kind",
            "mou",
            "fixtures/agreements/subcontract-advice-service.md",
        ]);
        assert_eq!(report["files"][0]["kind"], "mou");
        assert_eq!(report["files"][0]["diagnostics"][0]["severity"], "warning");
        assert_eq!(status, 1);
    }
}

mod rules {
    use std::fs;

    use super::{findings, json, root, tenderlint};

    #[test]
    fn every_shipped_rule_passes_its_own_examples() {
        let rules = ::tenderlint::rules::RuleSet::builtin()
            .unwrap_or_else(|e| panic!("{} rule errors", e.len()));
        let mut failures = Vec::new();
        for rule in &rules.rules {
            let flags = rule
                .examples
                .iter()
                .filter(|e| e.expect == ::tenderlint::rules::Expect::Flag)
                .count();
            assert!(
                flags >= 3 && rule.examples.len() - flags >= 3,
                "{} needs 3 flagged and 3 clear examples",
                rule.id
            );
            failures.extend(
                ::tenderlint::rules::examples::test_examples(rule)
                    .into_iter()
                    .map(|f| f.to_string()),
            );
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        for id in SHIPPED {
            assert!(rules.get(id).is_some(), "{id} ships");
        }
        assert_eq!(
            rules.rules.len(),
            SHIPPED.len(),
            "a rule was added: list it here"
        );
    }

    /// The rule pack: the four headline rules and issue 6's fifteen.
    const SHIPPED: [&str; 19] = [
        "unfunded-partner",
        "missing-tupe-disclosure",
        "missing-dispute-resolution",
        "unrealistic-target",
        "weak-dispute-resolution",
        "late-employee-liability-information",
        "transfer-pensions-not-addressed",
        "budget-mismatch",
        "target-share-exceeds-funding",
        "target-not-smart",
        "high-management-fee",
        "partner-without-role",
        "payment-terms-over-30-days",
        "pay-when-paid",
        "unresolved-placeholder",
        "one-sided-termination",
        "missing-exit-arrangements",
        "missing-data-protection",
        "missing-safeguarding",
    ];

    #[test]
    fn coverage_passes_for_the_shipped_pack_and_fails_a_rule_without_a_clear_example() {
        let out = tenderlint(&["test-rules", "--coverage"]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{stdout}");
        assert!(stdout.contains("weak-dispute-resolution"), "{stdout}");
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(
            dir.path().join("only-flags.toml"),
            r#"kind = "forbid"
summary = "s"
applies-to = ["bid"]
severity = "warning"
message = "m"
help = "h"
[match]
phrases = ["TBC"]
[docs]
what = "w"
why = "y"
example = "e"
[[examples]]
expect = "flag"
text = "Price: TBC"
"#,
        )
        .expect("write rule");
        let dir_arg = dir.path().to_string_lossy().to_string();
        let out = tenderlint(&["test-rules", &dir_arg]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "examples pass without --coverage"
        );
        let out = tenderlint(&["test-rules", "--coverage", &dir_arg]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        assert!(stdout.contains("only-flags"), "{stdout}");
        assert!(stdout.contains("no clear example"), "{stdout}");
        // A rule with no examples at all fails even without --coverage.
        let bare = tempfile::tempdir().expect("tempdir");
        let text = fs::read_to_string(dir.path().join("only-flags.toml")).expect("read");
        let head = text.split("[[examples]]").next().expect("head");
        fs::write(bare.path().join("untested.toml"), head).expect("write rule");
        let bare_arg = bare.path().to_string_lossy().to_string();
        let out = tenderlint(&["test-rules", &bare_arg]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        assert!(stdout.contains("has no [[examples]]"), "{stdout}");
    }

    #[test]
    fn docs_rules_md_is_generated_from_the_rules() {
        let out = tenderlint(&["rules", "--markdown", "--isolated"]);
        assert_eq!(out.status.code(), Some(0));
        let generated = String::from_utf8(out.stdout).expect("utf-8");
        let path = root().join("docs/rules.md");
        if std::env::var_os("UPDATE_DOCS").is_some() {
            fs::write(&path, &generated).expect("write docs/rules.md");
        }
        let committed = fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/rules.md is out of date: run `UPDATE_DOCS=1 cargo test docs_rules_md` (or `tenderlint rules --markdown --isolated > docs/rules.md`)"
        );
        for id in SHIPPED {
            assert!(
                generated.contains(&format!("\n## {id}\n")),
                "{id} documented"
            );
        }
    }

    #[test]
    fn test_rules_command_runs_examples() {
        let out = tenderlint(&["test-rules"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        let out = tenderlint(&["test-rules", "tests/user-rules"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }

    #[test]
    fn a_user_rule_of_each_kind_works_from_a_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let doc = dir.path().join("bid.md");
        fs::write(
            &doc,
            "# Tender response: holiday activities\n\n\
             We will run holiday clubs for children across Kingsford. We guarantee that families will be happier.\n\n\
             We will deliver this in partnership with Oakham Youth Trust, which will receive £12,000 to run sports sessions.\n\n\
             93% of participants will move into education or work.\n",
        )
        .expect("write");
        let (report, status) = json(&["--rules", "tests/user-rules", doc.to_str().expect("path")]);
        assert_eq!(status, 1);
        let rules: Vec<String> = findings(&report)
            .into_iter()
            .map(|(_, r, _, _)| r)
            .collect();
        for id in [
            "mentions-guarantee",
            "missing-safeguarding-lead",
            "partner-without-percentage",
            "fte-ratio",
            "holiday-club-without-times",
        ] {
            assert!(
                rules.contains(&id.to_string()),
                "{id} did not fire: {rules:?}"
            );
        }
        let listed =
            String::from_utf8(tenderlint(&["rules", "--rules", "tests/user-rules"]).stdout)
                .expect("utf-8");
        assert!(listed.contains("partner-without-percentage") && listed.contains("each-entity"));
    }

    fn rule_error(name: &str, body: &str) -> String {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join(name), body).expect("write");
        let out = tenderlint(&[
            "check",
            "--rules",
            dir.path().to_str().expect("path"),
            "fixtures/bids",
        ]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "a broken rule file is a tool error"
        );
        String::from_utf8(out.stderr).expect("utf-8")
    }

    const HEAD: &str = "summary = \"s\"\napplies-to = [\"bid\"]\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\n[docs]\nwhat = \"w\"\nwhy = \"y\"\nexample = \"e\"\n";

    #[test]
    fn an_unknown_key_points_into_the_file() {
        let text = rule_error(
            "typo.toml",
            &format!("kind = \"forbid\"\nseveriy = \"error\"\n{HEAD}[match]\nphrases = [\"x\"]\n"),
        );
        assert!(text.contains("typo.toml"), "{text}");
        assert!(
            text.contains("unknown field") && text.contains("severiy"),
            "{text}"
        );
        assert!(text.contains("2 │"), "the error quotes line 2: {text}");
    }

    #[test]
    fn every_mistake_of_a_rule_file_is_reported_in_one_run() {
        // A misspelt key, an unknown severity and an example with an unknown expectation.
        let text = rule_error(
            "three.toml",
            &format!(
                "kind = \"forbid\"\nlabl = \"l\"\n{}[match]\nphrases = [\"x\"]\n[[examples]]\ntext = \"x\"\nexpect = \"flags\"\n",
                HEAD.replace("\"warning\"", "\"high\"")
            ),
        );
        for expected in [
            "labl",
            "unknown severity \"high\"",
            "unknown expectation \"flags\"",
        ] {
            assert!(text.contains(expected), "{expected} not reported: {text}");
        }
        assert_eq!(text.matches("three.toml: ").count(), 3, "{text}");
    }

    #[test]
    fn a_users_rule_without_docs_loads_with_a_warning() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bare = HEAD[..HEAD.find("[docs]").expect("docs")].to_string();
        fs::write(
            dir.path().join("says-guarantee.toml"),
            format!(
                "kind = \"forbid\"\n{bare}[match]\nphrases = [\"we guarantee\"]\n[[examples]]\ntext = \"We guarantee results.\"\nexpect = \"flag\"\n"
            ),
        )
        .expect("write");
        let rules = dir.path().to_str().expect("path");
        let out = tenderlint(&["test-rules", rules]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(
            stderr.contains("says-guarantee.toml") && stderr.contains("no [docs]"),
            "{stderr}"
        );
        let out = tenderlint(&["explain", "--rules", rules, "says-guarantee"]);
        assert_eq!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stdout).contains("has no [docs]"));
    }

    #[test]
    fn a_bad_regex_points_at_the_pattern() {
        let text = rule_error(
            "bad-regex.toml",
            &format!("kind = \"forbid\"\n{HEAD}[match]\npatterns = ['(unclosed']\n"),
        );
        assert!(text.contains("does not compile"), "{text}");
        assert!(text.contains("(unclosed"), "{text}");
    }

    #[test]
    fn a_table_from_another_kind_is_an_error() {
        let text = rule_error(
            "mixed.toml",
            &format!(
                "kind = \"forbid\"\n{HEAD}[match]\nphrases = [\"x\"]\n[entities]\nroles = [\"partner\"]\n"
            ),
        );
        assert!(
            text.contains("`entities` does not belong in a forbid rule"),
            "{text}"
        );
    }

    #[test]
    fn unknown_roles_placeholders_and_thresholds_are_errors() {
        let text = rule_error(
            "role.toml",
            &format!(
                "kind = \"each-entity\"\n{HEAD}[entities]\nroles = [\"sponsor\"]\n[require]\nfacts = [\"money\"]\nwithin = [\"sentence\"]\n"
            ),
        );
        assert!(text.contains("unknown role \"sponsor\""), "{text}");
        let text = rule_error(
            "placeholder.toml",
            &format!(
                "kind = \"forbid\"\n{}[match]\nphrases = [\"x\"]\n",
                HEAD.replace("message = \"m\"", "message = \"{partner} is bad\"")
            ),
        );
        assert!(text.contains("unknown placeholder {partner}"), "{text}");
        let text = rule_error(
            "threshold.toml",
            &format!(
                "kind = \"metric\"\n{HEAD}[[measure]]\nfact = \"percentage\"\ncompare = \">\"\nthreshold = \"max\"\n"
            ),
        );
        assert!(text.contains("no threshold named \"max\""), "{text}");
    }

    #[test]
    fn explain_prints_the_rule_docs() {
        let out = tenderlint(&["explain", "missing-tupe-disclosure"]);
        let text = String::from_utf8(out.stdout).expect("utf-8");
        assert!(
            text.contains("Why it matters") && text.contains("28 days"),
            "{text}"
        );
        let out = tenderlint(&["explain", "no-such-rule"]);
        assert_eq!(out.status.code(), Some(2));
    }
}

mod input {
    use std::fs;

    use super::{json, tenderlint};

    #[test]
    fn a_missing_file_is_reported_and_the_others_are_still_checked() {
        let (report, status) = json(&["no/such/bid.md", "fixtures/bids/youth-employment-bid.md"]);
        assert_eq!(status, 2, "a file that cannot be read makes the status 2");
        let files = report["files"].as_array().expect("files");
        assert_eq!(files.len(), 2);
        let missing = files
            .iter()
            .find(|f| f["path"] == "no/such/bid.md")
            .expect("missing file listed");
        assert_eq!(missing["errors"][0]["code"], "not-found");
        let good = files
            .iter()
            .find(|f| f["path"] != "no/such/bid.md")
            .expect("good file");
        let (alone, _) = json(&["fixtures/bids/youth-employment-bid.md"]);
        assert_eq!(good, &alone["files"][0], "checked as it is on its own");
        assert_eq!(report["summary"]["tool_errors"], 1);
    }

    #[test]
    fn windows_1252_text_is_read_with_a_warning() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("latin.md");
        let mut bytes = b"# Bid\n\nOur tender response. We are confident that 120% of participants will finish; it costs \xA3500.\n".to_vec();
        bytes.extend_from_slice(b"\x93Quoted\x94\n");
        fs::write(&path, &bytes).expect("write");
        let (report, _) = json(&[path.to_str().expect("path")]);
        let file = &report["files"][0];
        let notice = file["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .find(|d| d["rule"] == "invalid-utf8")
            .unwrap_or_else(|| panic!("an invalid-utf8 notice: {file}"));
        assert!(
            notice["message"]
                .as_str()
                .unwrap_or("")
                .contains("Windows-1252"),
            "{notice}"
        );
        assert_eq!(notice["location"]["line"], 3, "the paragraph with the £");
        assert_eq!(
            file["warnings"].as_array().map(Vec::len),
            Some(0),
            "said once"
        );
        assert!(
            file["diagnostics"]
                .as_array()
                .expect("d")
                .iter()
                .any(|d| d["rule"] == "unrealistic-target")
        );
        assert_eq!(file["diagnostics"][0]["location"]["line"], 3);
        assert_eq!(
            fs::read(&path).expect("read"),
            bytes,
            "tenderlint never writes to documents"
        );
    }

    #[test]
    fn unreadable_formats_get_a_clear_error_per_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(
            dir.path().join("legacy.md"),
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
        )
        .expect("write");
        fs::write(dir.path().join("empty.md"), b"").expect("write");
        fs::write(dir.path().join("binary.md"), [0u8, 1, 2, 3, 255, 0, 7]).expect("write");
        let (report, status) = json(&[dir.path().to_str().expect("path")]);
        assert_eq!(status, 2);
        let mut codes: Vec<String> = report["files"]
            .as_array()
            .expect("files")
            .iter()
            .map(|f| f["errors"][0]["code"].as_str().unwrap_or("").to_string())
            .collect();
        codes.sort();
        assert_eq!(codes, ["empty-file", "legacy-doc", "unknown-format"]);
        let out = tenderlint(&["check", dir.path().to_str().expect("path")]);
        let text = String::from_utf8(out.stderr).expect("utf-8");
        assert!(text.contains("save it as .docx"), "{text}");
    }

    #[test]
    fn front_matter_sets_the_kind() {
        let (report, _) = json(&["fixtures/agreements/subcontract-with-disputes.md"]);
        assert_eq!(report["files"][0]["kind"], "subcontract");
    }
}

mod holdout {
    use super::{findings, json, root};

    #[test]
    fn held_out_documents_give_exactly_the_answer_key() {
        let key =
            std::fs::read_to_string(root().join("tests/holdout/EXPECTED.tsv")).expect("answer key");
        let mut expected: Vec<(String, String, u64)> = key
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                let cols: Vec<&str> = line.split('\t').collect();
                (
                    format!("tests/holdout/{}", cols[0]),
                    cols[1].to_string(),
                    cols[2].parse().expect("line number"),
                )
            })
            .collect();
        expected.sort();
        // The documents were written for the four headline rules; the later rules are measured
        // on the corpus and the fixtures instead.
        let (report, _) = json(&[
            "tests/holdout",
            "--select",
            "unfunded-partner,missing-tupe-disclosure,missing-dispute-resolution,unrealistic-target",
        ]);
        let mut got: Vec<(String, String, u64)> = findings(&report)
            .into_iter()
            .map(|(f, r, l, _)| (f, r, l))
            .collect();
        got.sort();
        assert_eq!(got, expected);
    }
}

mod corpus {
    use std::collections::BTreeMap;

    use super::{Path, findings, json, shared};

    fn markdown_files(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read corpus dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                markdown_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path.display().to_string());
            }
        }
    }

    #[test]
    fn every_corpus_markdown_file_and_the_report_lint_without_error() {
        let Some(corpus) = shared("corpus") else {
            return;
        };
        let Some(report_path) = shared("domain/competition-and-collaboration-report.txt") else {
            return;
        };
        let mut files = Vec::new();
        markdown_files(&corpus, &mut files);
        files.sort();
        assert!(
            files.len() > 100,
            "expected the whole corpus, found {}",
            files.len()
        );
        let report_path = report_path.display().to_string();
        files.push(report_path.clone());
        let args: Vec<&str> = files.iter().map(String::as_str).collect();
        let (report, status) = json(&args);
        assert_ne!(status, 2, "no file may fail to read");
        for file in report["files"].as_array().expect("files") {
            assert_eq!(file["errors"].as_array().map(Vec::len), Some(0), "{file}");
        }
        let found = findings(&report);
        let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
        for (_, rule, _, _) in &found {
            *per_rule.entry(rule.clone()).or_default() += 1;
        }
        // Reviewed by hand (closing notes of issues 2 and 6): the sector report is not a bid and
        // raises nothing. The corpus's agreement templates (DESCA, the OLS fiscal-hosting
        // contract) hold their blanks, two pay-when-paid terms and two dispute clauses without
        // escalation; nothing else fires. Since issue 17 the Web3 Foundation grant proposals
        // are read as bids: they add placeholders ("TBD", "[x]", the template's "[...]"), a
        // management fee with no figure (open_square_network) and one partner with no funding
        // line (Acala Network in stablecoin_acala, not checked by hand).
        assert!(
            found.iter().all(|(file, ..)| *file != report_path),
            "the report raised: {found:?}"
        );
        let allowed: BTreeMap<&str, usize> = [
            ("unresolved-placeholder", 57),
            ("pay-when-paid", 3),
            // Graded by element (issue 18): the OLS contract's clause has no time limits (a
            // warning) and no escalation (info), one finding per severity.
            ("weak-dispute-resolution", 3),
            ("missing-dispute-resolution", 1),
            ("high-management-fee", 1),
            ("unfunded-partner", 1),
        ]
        .into_iter()
        .collect();
        for (rule, count) in &per_rule {
            assert!(
                allowed.get(rule.as_str()).is_some_and(|max| count <= max),
                "{rule}: {count} findings: {per_rule:?}"
            );
        }
    }

    #[test]
    fn no_file_in_the_corpus_crashes_the_run_and_twins_share_a_kind() {
        let Some(corpus) = shared("corpus") else {
            return;
        };
        let corpus = corpus.display().to_string();
        let (report, _) = json(&[&corpus]);
        for file in report["files"].as_array().expect("files") {
            for error in file["errors"].as_array().expect("errors") {
                assert_ne!(error["code"], "internal-error", "{file}");
            }
        }
        assert!(report["summary"]["files"].as_u64().unwrap_or(0) > 150);
        // The corpus's twins (one document saved as Markdown, DOCX and PDF side by side) are
        // the same document, so the same kind.
        let differ = super::twins_of_different_kinds(&report, true);
        assert_eq!(differ, Vec::<String>::new());
    }
}

/// PDFs: the fixtures rendered by two producers (tools/make-fixture-pdfs.sh), and broken files.
mod pdf {
    use std::collections::BTreeSet;
    use std::fs;
    use std::path::Path;

    use serde_json::Value;

    use super::{json, outcomes, root, shared, tenderlint};

    /// (rule, subject) of every finding in a one-file report.
    fn subjects(report: &Value) -> BTreeSet<(String, String)> {
        report["files"][0]["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| {
                let text = |k: &str| d[k].as_str().unwrap_or("").to_string();
                (text("rule"), text("subject"))
            })
            .collect()
    }

    #[test]
    fn pdf_twins_find_exactly_what_the_markdown_finds() {
        let mut compared = 0;
        for group in ["bids", "agreements", "misc"] {
            let dir = root().join("fixtures").join(group);
            for entry in fs::read_dir(&dir).expect("fixtures") {
                let path = entry.expect("entry").path();
                let name = path
                    .file_stem()
                    .expect("stem")
                    .to_string_lossy()
                    .to_string();
                let md = format!("fixtures/{group}/{name}.md");
                let (expected, _) = json(&[&md]);
                let expected = subjects(&expected);
                for producer in ["libreoffice", "latex"] {
                    let pdf = format!("fixtures/pdf/{producer}/{group}/{name}.pdf");
                    let (report, _) = json(&[&pdf]);
                    assert_eq!(report["files"][0]["format"], "pdf", "{pdf}");
                    assert_eq!(subjects(&report), expected, "{pdf} against {md}");
                    compared += 1;
                }
            }
        }
        assert_eq!(compared, 24);
    }

    #[test]
    fn pdf_findings_point_at_page_and_line_and_quote_the_words() {
        let file = "fixtures/pdf/libreoffice/bids/youth-employment-bid.pdf";
        let (report, status) = json(&[file]);
        assert_eq!(status, 1);
        let diagnostics = report["files"][0]["diagnostics"]
            .as_array()
            .expect("diagnostics");
        for d in diagnostics {
            assert!(d["location"]["page"].as_u64().is_some(), "{d}");
            assert!(d["location"]["line"].as_u64().is_some(), "{d}");
        }
        let target = diagnostics
            .iter()
            .find(|d| d["subject"] == "115% of enrolled participants")
            .expect("the 115% target");
        assert_eq!(target["location"]["page"], 2);
        assert_eq!(target["location"]["line"], 34);
        // The human report quotes that page with the page's own line numbers.
        let out = tenderlint(&["check", "--no-color", file]);
        let text = String::from_utf8(out.stderr).expect("utf-8");
        assert!(
            text.contains("youth-employment-bid.pdf › page 2 line 34]"),
            "{text}"
        );
        assert!(
            text.contains(" 34 │ • We are confident that 115% of enrolled participants"),
            "{text}"
        );
    }

    #[test]
    fn extract_prints_pages_separated_by_form_feeds() {
        let out = tenderlint(&[
            "extract",
            "fixtures/pdf/libreoffice/bids/youth-employment-bid.pdf",
        ]);
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).expect("utf-8");
        assert_eq!(text.matches('\x0C').count(), 3, "4 pages");
        // The budget table keeps each partner with its amounts, across a page break.
        assert!(text.contains(
            "2 | Wellbeing practitioner (0.6 FTE) and clinical supervision | Calder Valley Mind | £34,000 | £34,000 | £68,000"
        ));
    }

    #[test]
    fn bad_pdfs_get_a_clear_error_and_the_run_goes_on() {
        let Some(samples) = shared("corpus/robustness/pypdf-sample-files") else {
            return;
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let copy = |from: &Path, to: &str| {
            fs::copy(from, dir.path().join(to)).expect("copy");
        };
        copy(
            &samples.join("005-libreoffice-writer-password_libreoffice-writer-password.pdf"),
            "locked.pdf",
        );
        copy(
            &samples.join("019-grayscale-image_grayscale-image.pdf"),
            "scan.pdf",
        );
        fs::write(dir.path().join("fake.pdf"), b"%PDF-1.4\nnot really a pdf\n").expect("write");
        let good = fs::read(root().join("fixtures/pdf/latex/bids/youth-employment-bid.pdf"))
            .expect("read");
        fs::write(dir.path().join("good.pdf"), &good).expect("write");
        fs::write(dir.path().join("truncated.pdf"), &good[..good.len() / 3]).expect("write");
        let (report, status) = json(&[dir.path().to_str().expect("path")]);
        assert_eq!(status, 2, "unreadable files exit 2");
        let seen = outcomes(&report);
        let code = |name: &str| {
            seen.iter()
                .find(|(n, _, _)| n == name)
                .map(|(_, c, _)| c.as_str())
        };
        assert_eq!(code("locked.pdf"), Some("encrypted"));
        assert_eq!(code("scan.pdf"), Some("no-text-layer"));
        assert_eq!(code("fake.pdf"), Some("corrupt-file"));
        assert_eq!(code("good.pdf"), Some("ok"));
        // A truncated file is either recovered or reported as damaged.
        assert!(
            matches!(
                code("truncated.pdf"),
                Some("ok" | "corrupt-file" | "no-text")
            ),
            "{seen:?}"
        );
        let out = tenderlint(&["check", dir.path().join("scan.pdf").to_str().expect("path")]);
        let text = String::from_utf8(out.stderr).expect("utf-8");
        assert!(text.contains("does not do OCR"), "{text}");
    }

    #[test]
    fn every_corpus_pdf_lints_or_gets_a_clear_error() {
        let Some(corpus) = shared("corpus") else {
            return;
        };
        let corpus = corpus.display().to_string();
        let out = tenderlint(&["check", "--format", "json", &corpus]);
        let report: Value = serde_json::from_slice(&out.stdout).expect("json");
        let mut pdfs = 0;
        for file in report["files"].as_array().expect("files") {
            if !file["path"].as_str().unwrap_or("").ends_with(".pdf") {
                continue;
            }
            pdfs += 1;
            for error in file["errors"].as_array().expect("errors") {
                let code = error["code"].as_str().unwrap_or("");
                assert!(
                    ["encrypted", "no-text-layer", "no-text", "corrupt-file"].contains(&code),
                    "{file}"
                );
            }
        }
        assert!(pdfs >= 30, "{pdfs} PDFs");
    }
}

mod word {
    use std::collections::BTreeSet;
    use std::fs;

    use serde_json::Value;

    use super::{json, outcomes, root, shared, tenderlint};

    const TRACKED: &str = "unaccepted-tracked-changes";

    /// (rule, subject) of every finding in a one-file report, tracked-change notices apart.
    fn subjects(report: &Value) -> BTreeSet<(String, String)> {
        diagnostics(report)
            .iter()
            .map(|d| {
                let text = |k: &str| d[k].as_str().unwrap_or("").to_string();
                (text("rule"), text("subject"))
            })
            .filter(|(rule, _)| rule != TRACKED)
            .collect()
    }

    fn diagnostics(report: &Value) -> Vec<Value> {
        report["files"][0]["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .clone()
    }

    fn fixture_names() -> Vec<(String, String)> {
        let mut names = Vec::new();
        for group in ["bids", "agreements", "misc"] {
            for entry in fs::read_dir(root().join("fixtures").join(group)).expect("fixtures") {
                let path = entry.expect("entry").path();
                let stem = path
                    .file_stem()
                    .expect("stem")
                    .to_string_lossy()
                    .to_string();
                names.push((group.to_string(), stem));
            }
        }
        names.sort();
        names
    }

    #[test]
    fn word_and_opendocument_twins_find_exactly_what_the_markdown_finds() {
        let mut compared = 0;
        for (group, name) in fixture_names() {
            let md = format!("fixtures/{group}/{name}.md");
            let (expected, _) = json(&[&md]);
            let expected = subjects(&expected);
            for (twin, format, tracked) in [
                (
                    format!("fixtures/docx/pandoc/{group}/{name}.docx"),
                    "docx",
                    false,
                ),
                (
                    format!("fixtures/docx/docx-rs/{group}/{name}.docx"),
                    "docx",
                    true,
                ),
                (format!("fixtures/odt/{group}/{name}.odt"), "odt", false),
            ] {
                let (report, _) = json(&[&twin]);
                assert_eq!(report["files"][0]["format"], format, "{twin}: {report}");
                assert_eq!(subjects(&report), expected, "{twin} against {md}");
                let notices = diagnostics(&report)
                    .iter()
                    .filter(|d| d["rule"] == TRACKED)
                    .count();
                assert_eq!(
                    notices,
                    usize::from(tracked),
                    "{twin}: tracked-change notice"
                );
                compared += 1;
            }
        }
        assert_eq!(compared, 36);
    }

    #[test]
    fn word_findings_point_at_clause_paragraph_and_table_row() {
        let mut clauses = 0;
        for (group, name) in fixture_names() {
            let twin = format!("fixtures/docx/docx-rs/{group}/{name}.docx");
            let (report, _) = json(&[&twin]);
            for d in diagnostics(&report) {
                let location = &d["location"];
                assert!(location["paragraph"].as_u64().is_some(), "{twin}: {d}");
                assert!(location["line"].is_null(), "{twin}: {d}");
                if location["clause"].is_string() {
                    clauses += 1;
                }
            }
        }
        assert!(clauses > 0, "no finding in a numbered clause");
        // The human report quotes the paragraph, named by where it is in the reader's terms:
        // its clause, or its heading and the paragraph's number under it.
        let out = tenderlint(&[
            "check",
            "fixtures/docx/docx-rs/bids/youth-employment-bid.docx",
        ]);
        let text = String::from_utf8(out.stderr).expect("utf-8");
        let words = text
            .replace('│', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            words.contains("(section 'Question 4: Outcomes, targets and track…' › paragraph 2)"),
            "{text}"
        );
        assert!(
            text.contains("confident that 115% of enrolled participants"),
            "{text}"
        );
        assert!(text.contains(TRACKED), "{text}");
    }

    fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
        super::zip(parts)
    }

    fn ole2(stream: &str) -> Vec<u8> {
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        bytes.extend(vec![0; 1024]);
        bytes.extend(stream.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    #[test]
    fn bad_word_files_get_a_clear_error_and_the_run_goes_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let write = |name: &str, bytes: &[u8]| {
            fs::write(dir.path().join(name), bytes).expect("write");
        };
        let good = fs::read(root().join("fixtures/docx/pandoc/bids/youth-employment-bid.docx"))
            .expect("fixture");
        write("good.docx", &good);
        write("renamed.md", &good);
        write("truncated.docx", &good[..good.len() / 2]);
        write("legacy.doc", &ole2("WordDocument"));
        write("locked.docx", &ole2("EncryptedPackage"));
        let spaces = vec![b' '; 65 * 1024 * 1024];
        write("bomb.docx", &package(&[("word/document.xml", &spaces)]));
        let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
        let deep = format!(
            "<w:document {w}><w:body>{}{}</w:body></w:document>",
            "<w:tbl><w:tr><w:tc>".repeat(5_000),
            "</w:tc></w:tr></w:tbl>".repeat(5_000)
        );
        write(
            "deep.docx",
            &package(&[("word/document.xml", deep.as_bytes())]),
        );
        write(
            "sheet.docx",
            &package(&[("xl/workbook.xml", b"<workbook/>")]),
        );
        let (report, status) = json(&[dir.path().to_str().expect("path")]);
        assert_eq!(status, 2, "unreadable files exit 2");
        let seen = outcomes(&report);
        let expected = [
            ("bomb.docx", "limit-exceeded"),
            ("deep.docx", "limit-exceeded"),
            ("good.docx", "ok"),
            ("legacy.doc", "legacy-doc"),
            ("locked.docx", "encrypted"),
            ("renamed.md", "ok"),
            // Read as the workbook it is, whatever its name; this one has no sheets.
            ("sheet.docx", "corrupt-file"),
            ("truncated.docx", "corrupt-file"),
        ];
        let got: Vec<(&str, &str)> = seen
            .iter()
            .map(|(n, c, _)| (n.as_str(), c.as_str()))
            .collect();
        assert_eq!(got, expected);
        // The good file and its renamed copy are read as DOCX and checked.
        assert!(seen.iter().filter(|(_, c, n)| c == "ok" && *n > 0).count() == 2);
        let out = tenderlint(&["check", dir.path().to_str().expect("path")]);
        let text = String::from_utf8(out.stderr).expect("utf-8");
        assert!(text.contains("save it as .docx"), "{text}");
    }

    #[test]
    fn every_corpus_word_file_lints_or_gets_a_clear_error() {
        let Some(corpus) = shared("corpus") else {
            return;
        };
        let corpus = corpus.display().to_string();
        let out = tenderlint(&["check", "--format", "json", &corpus]);
        let report: Value = serde_json::from_slice(&out.stdout).expect("json");
        let mut read = 0;
        for file in report["files"].as_array().expect("files") {
            let path = file["path"].as_str().unwrap_or("");
            if !(path.ends_with(".docx") || path.ends_with(".odt")) {
                continue;
            }
            let errors = file["errors"].as_array().expect("errors");
            assert!(errors.is_empty(), "{file}");
            read += 1;
        }
        assert!(read >= 47, "{read} Word and OpenDocument files");
    }

    #[test]
    fn the_ols_agreements_give_the_same_findings_in_every_format() {
        let Some(dir) = shared("corpus/agreements/ols-fiscal-hosting") else {
            return;
        };
        for (name, formats) in [
            ("fsc-contract", &["md", "docx", "odt", "pdf"][..]),
            ("fsc-in-principle-agreement", &["md", "docx", "pdf"][..]),
        ] {
            let md = dir.join(format!("{name}.md")).display().to_string();
            let (expected, _) = json(&[&md]);
            let expected = subjects(&expected);
            for format in formats {
                let file = dir.join(format!("{name}.{format}")).display().to_string();
                let (report, _) = json(&[&file]);
                assert_eq!(report["files"][0]["format"], *format_name(format), "{file}");
                assert_eq!(subjects(&report), expected, "{file}");
            }
        }
    }

    fn format_name(extension: &str) -> &'static str {
        match extension {
            "md" => "markdown",
            "docx" => "docx",
            "odt" => "odt",
            _ => "pdf",
        }
    }
}
