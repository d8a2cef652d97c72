//! `--format sarif`, `github` and `junit`, and `--output`: the real binary over `fixtures/`.
//!
//! - SARIF is validated against the OASIS 2.1.0 schema in `../shared/schemas/` (no network: the
//!   schema has only internal references; without `../shared` only that check is skipped, see
//!   `shared` in main.rs); Markdown results carry text regions that agree with
//!   the JSON output; PDF, Word and OpenDocument results carry logical locations and quote the
//!   words; fingerprints survive a second run and a line added above the finding.
//! - GitHub workflow commands are matched line by line against a pattern.
//! - JUnit is read back with quick-xml and its counts compared with the JSON findings.
//! - Unreadable files show up in every format; `--output` writes the file and nothing else.

use std::collections::BTreeSet;
use std::fs;

use quick_xml::XmlVersion;
use quick_xml::events::Event;
use regex::Regex;
use serde_json::Value;

use super::{json, root, shared_for, tenderlint, test_name};

/// Run `check --format FORMAT ARGS…`; stdout as text, and the exit status.
fn run(format: &str, args: &[&str]) -> (String, i32) {
    let mut all = vec!["check", "--format", format];
    all.extend_from_slice(args);
    let out = tenderlint(&all);
    let text = String::from_utf8(out.stdout).expect("utf-8 output");
    (text, out.status.code().unwrap_or(-1))
}

fn sarif(args: &[&str]) -> (Value, i32) {
    let (text, status) = run("sarif", args);
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (value, status)
}

/// What the 2.1.0 schema says is wrong with `log`, one line per problem; empty when valid. `None`
/// when the schema is not there (a clone without `../shared`): the schema check is skipped and
/// says so, the rest of the test runs.
fn schema_errors(log: &Value) -> Option<Vec<String>> {
    let what = format!("{} (the SARIF schema check)", test_name());
    let path = shared_for(&what, "schemas/sarif-2.1.0.json")?;
    let schema: Value =
        serde_json::from_str(&fs::read_to_string(&path).expect("read the SARIF schema"))
            .expect("the schema is JSON");
    let location = path.to_str().expect("utf-8 path");
    let mut compiler = boon::Compiler::new();
    // Draft-04 schemas assert `format` (uri, uri-reference, date-time) by default; say so.
    compiler.enable_format_assertions();
    compiler
        .add_resource(location, schema)
        .expect("add the schema");
    let mut schemas = boon::Schemas::new();
    let index = compiler
        .compile(location, &mut schemas)
        .unwrap_or_else(|e| panic!("the SARIF schema compiles: {e:#}"));
    Some(match schemas.validate(log, index) {
        Ok(()) => Vec::new(),
        Err(error) => format!("{error:#}").lines().map(String::from).collect(),
    })
}

/// Fails when `log` is not valid SARIF 2.1.0 (skipped without the schema).
pub(super) fn assert_valid(log: &Value) {
    if let Some(errors) = schema_errors(log) {
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

/// (path, diagnostic) for every JSON finding, in output order.
fn json_findings(report: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for file in report["files"].as_array().expect("files") {
        for d in file["diagnostics"].as_array().expect("diagnostics") {
            out.push((file["path"].as_str().expect("path").to_string(), d.clone()));
        }
    }
    out
}

fn result_uri(result: &Value) -> &str {
    result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .expect("uri")
}

fn fingerprint(result: &Value) -> String {
    result["partialFingerprints"]["tenderlintFinding/v1"]
        .as_str()
        .expect("fingerprint")
        .to_string()
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let (log, status) = sarif(&["fixtures/"]);
    assert_eq!(status, 1, "findings exit 1 whatever the format");
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"].as_array().map(Vec::len), Some(1));
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "tenderlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );

    let Some(errors) = schema_errors(&log) else {
        return;
    };
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The validator does catch mistakes.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    broken["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    broken["runs"][0]["artifacts"][0]["location"]["uri"] = "a file:with spaces.md".into();
    let errors = schema_errors(&broken).expect("the schema was found above");
    assert!(
        errors.iter().any(|e| e.contains("/runs/0/results/0/level"))
            && errors
                .iter()
                .any(|e| e.contains("/runs/0/results/1/locations"))
            && errors
                .iter()
                .any(|e| e.contains("/runs/0/artifacts/0/location/uri")),
        "{}",
        errors.join("\n")
    );
}

#[test]
fn sarif_describes_every_rule_and_every_result_id() {
    let (log, _) = sarif(&["fixtures/"]);
    let (report, _) = json(&["fixtures/"]);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    for id in [
        "missing-dispute-resolution",
        "missing-tupe-disclosure",
        "unfunded-partner",
        "unrealistic-target",
        "unaccepted-tracked-changes",
        "unused-suppression",
    ] {
        assert!(ids.contains(&id), "no descriptor for {id}: {ids:?}");
    }
    for rule in rules {
        for key in ["shortDescription", "fullDescription"] {
            let text = rule[key]["text"].as_str().unwrap_or("");
            assert!(
                !text.is_empty() && text.chars().count() <= 1024,
                "{key}: {rule}"
            );
        }
        assert!(!rule["help"]["text"].as_str().unwrap_or("").is_empty());
        assert!(!rule["help"]["markdown"].as_str().unwrap_or("").is_empty());
        assert!(
            ["error", "warning", "note"]
                .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap_or(""))
        );
    }
    let tupe = &rules[ids
        .iter()
        .position(|&id| id == "missing-tupe-disclosure")
        .expect("tupe")];
    let markdown = tupe["help"]["markdown"].as_str().unwrap_or("");
    for heading in [
        "## What it checks",
        "## Why it matters",
        "## A compliant example",
        "## Sources",
    ] {
        assert!(markdown.contains(heading), "{heading} missing: {markdown}");
    }
    assert_eq!(tupe["defaultConfiguration"]["level"], "error");

    let findings = json_findings(&report);
    let results = results(&log);
    assert_eq!(results.len(), findings.len(), "one result per finding");
    assert!(results.len() >= 27);
    for (result, (path, d)) in results.iter().zip(&findings) {
        assert_eq!(result["ruleId"], d["rule"]);
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "ruleIndex points at the rule"
        );
        let level = match d["severity"].as_str() {
            Some("error") => "error",
            Some("warning") => "warning",
            _ => "note",
        };
        assert_eq!(result["level"], level);
        assert_eq!(result_uri(result), path, "relative path, forward slashes");
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
            "%SRCROOT%"
        );
    }
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "unaccepted-tracked-changes" && r["level"] == "note")
    );
    let artifacts = log["runs"][0]["artifacts"].as_array().expect("artifacts");
    assert_eq!(
        artifacts.len(),
        report["files"].as_array().map_or(0, Vec::len)
    );
}

#[test]
fn sarif_markdown_results_have_regions_matching_the_json_output() {
    let (log, _) = sarif(&["fixtures/"]);
    let (report, _) = json(&["fixtures/"]);
    let mut checked = 0;
    for (result, (path, d)) in results(&log).iter().zip(json_findings(&report)) {
        if !path.ends_with(".md") {
            continue;
        }
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            region["startLine"], d["location"]["line"],
            "{path}: {result}"
        );
        assert_eq!(region["startColumn"], d["location"]["column"], "{path}");
        let (start, end) = (
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (region["endLine"].as_u64(), region["endColumn"].as_u64()),
        );
        assert!(end >= start, "the region ends after it starts: {region}");
        assert!(result["locations"][0].get("logicalLocations").is_none());
        checked += 1;
    }
    let markdown = json_findings(&report)
        .iter()
        .filter(|(path, _)| path.ends_with(".md"))
        .count();
    assert!(
        checked > 0 && checked == markdown,
        "{checked} of {markdown}"
    );

    // The region covers the partner's name in the file itself.
    let halden = results(&log)
        .iter()
        .find(|r| {
            result_uri(r) == "fixtures/bids/youth-employment-bid.md"
                && r["properties"]["subject"] == "Halden Street Refugee Forum"
        })
        .expect("Halden Street finding");
    let region = &halden["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 25);
    assert_eq!(region["endLine"], 25);
    assert_eq!(region["snippet"]["text"], "Halden Street Refugee Forum");
    let source = fs::read_to_string(root().join("fixtures/bids/youth-employment-bid.md"))
        .expect("read fixture");
    let line: Vec<char> = source.lines().nth(24).expect("line 25").chars().collect();
    let (from, to) = (
        region["startColumn"].as_u64().expect("col") as usize - 1,
        region["endColumn"].as_u64().expect("end col") as usize - 1,
    );
    assert_eq!(
        line[from..to].iter().collect::<String>(),
        "Halden Street Refugee Forum"
    );
}

#[test]
fn sarif_pdf_and_word_results_have_logical_locations_and_quote_the_words() {
    let (log, _) = sarif(&["fixtures/"]);
    let (report, _) = json(&["fixtures/"]);
    let mut kinds = BTreeSet::new();
    for (result, (path, d)) in results(&log).iter().zip(json_findings(&report)) {
        if path.ends_with(".md") {
            continue;
        }
        let location = &result["locations"][0];
        assert!(
            location["physicalLocation"].get("region").is_none(),
            "no text region for {path}: {location}"
        );
        let logical = &location["logicalLocations"][0];
        let name = logical["fullyQualifiedName"].as_str().unwrap_or("");
        assert!(!name.is_empty(), "{path}: {location}");
        kinds.insert(logical["kind"].as_str().unwrap_or("").to_string());
        let message = result["message"]["text"].as_str().expect("message");
        let words: Vec<&str> = d["snippet"]
            .as_str()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        let opening = words.iter().take(4).copied().collect::<Vec<_>>().join(" ");
        assert!(
            message.contains(&format!("\"{opening}")),
            "{path}: the message quotes {opening:?}: {message}"
        );
        if path.ends_with(".pdf") {
            let page = d["location"]["page"].as_u64().expect("page");
            assert!(message.contains(&format!("page {page}")), "{message}");
            assert!(name.starts_with(&format!("page {page}")), "{name}");
        } else if let Some(paragraph) = d["location"]["paragraph"].as_u64() {
            assert!(name.contains(&format!("paragraph {paragraph}")), "{name}");
        }
        assert!(
            result["partialFingerprints"]["primaryLocationLineHash"].is_string(),
            "GitHub needs a fingerprint it cannot compute without a line: {result}"
        );
    }
    assert!(
        kinds.contains("page") && kinds.contains("paragraph"),
        "{kinds:?}"
    );
    let target_pdf = results(&log)
        .iter()
        .find(|r| {
            result_uri(r) == "fixtures/pdf/latex/bids/youth-employment-bid.pdf"
                && r["ruleId"] == "unrealistic-target"
        })
        .expect("a PDF target finding");
    let message = target_pdf["message"]["text"].as_str().unwrap_or("");
    assert!(
        message.starts_with("\"115% of enrolled participants\": ")
            && message.ends_with(" (page 2, line 18)"),
        "the message quotes the words once and says where: {message}"
    );
}

#[test]
fn sarif_fingerprints_are_stable_across_runs_and_moved_lines() {
    let (first, _) = run("sarif", &["fixtures/"]);
    let (second, _) = run("sarif", &["fixtures/"]);
    assert_eq!(first, second, "the same output every run");
    let log: Value = serde_json::from_str(&first).expect("json");
    let all: Vec<String> = results(&log).iter().map(fingerprint).collect();
    let unique: BTreeSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "fingerprints are unique in a run");

    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("bid.md");
    let original = fs::read_to_string(root().join("fixtures/bids/youth-employment-bid.md"))
        .expect("read fixture");
    fs::write(&copy, &original).expect("write");
    let (before, _) = sarif(&[copy.to_str().expect("path")]);
    fs::write(&copy, format!("\n{original}")).expect("write");
    let (after, _) = sarif(&[copy.to_str().expect("path")]);
    let prints = |log: &Value| -> Vec<String> { results(log).iter().map(fingerprint).collect() };
    assert_eq!(prints(&before).len(), 9);
    assert_eq!(prints(&before), prints(&after));
    let line = |log: &Value| {
        results(log)[0]["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64()
    };
    assert_eq!(
        line(&after),
        line(&before).map(|l| l + 1),
        "the finding moved"
    );
    let uri = result_uri(&results(&before)[0]);
    assert!(
        uri.starts_with("file:///"),
        "absolute paths are file URIs: {uri}"
    );
    assert_valid(&before);
}

#[test]
fn github_lines_are_workflow_commands_one_per_finding() {
    let (text, status) = run("github", &["fixtures/"]);
    assert_eq!(status, 1);
    let (report, _) = json(&["fixtures/"]);
    let findings = json_findings(&report);
    let pattern = Regex::new(
        r"^::(error|warning|notice) file=[^,:]+(,line=\d+,col=\d+,endLine=\d+,endColumn=\d+)?,title=[^,:]+::\S.*$",
    )
    .expect("regex");
    let lines: Vec<&str> = text.lines().collect();
    let (summary, commands) = lines.split_last().expect("some output");
    assert!(
        summary.starts_with("tenderlint: Found ") && !summary.starts_with("::"),
        "{summary}"
    );
    // A file no rule ran on has a notice of its own (tests/cli/unchecked.rs); the rest are
    // the findings.
    let (unchecked, commands): (Vec<&str>, Vec<&str>) = commands
        .iter()
        .partition(|line| line.contains(",title=tenderlint not-checked::not checked: "));
    assert_eq!(
        unchecked.len() as u64,
        report["summary"]["unchecked"].as_u64().expect("count")
    );
    assert_eq!(commands.len(), findings.len());
    for (line, (path, d)) in commands.iter().zip(&findings) {
        assert!(pattern.is_match(line), "not a workflow command: {line}");
        let command = match d["severity"].as_str() {
            Some("error") => "error",
            Some("warning") => "warning",
            _ => "notice",
        };
        let rule = d["rule"].as_str().expect("rule");
        assert!(
            line.starts_with(&format!("::{command} file={path},")),
            "{line}"
        );
        assert!(line.contains(&format!(",title={rule}::")), "{line}");
        if path.ends_with(".md") {
            let at = format!(
                ",line={},col={},",
                d["location"]["line"], d["location"]["column"]
            );
            assert!(line.contains(&at), "{line} has {at}");
        } else {
            assert!(!line.contains(",line="), "no file line for {path}: {line}");
            let snippet = d["snippet"].as_str().unwrap_or("");
            let opening = snippet
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
                .replace('%', "%25");
            assert!(line.contains(&format!("\"{opening}")), "{line}");
        }
    }
}

/// Attribute `name` of an element, unescaped.
fn attribute(element: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    element
        .attributes()
        .map(|a| a.expect("well-formed attribute"))
        .find(|a| a.key.0 == name)
        .map(|a| {
            a.normalized_value(XmlVersion::Explicit1_0)
                .expect("unescape")
                .into_owned()
        })
}

/// Counts read back from a JUnit document: suites, test cases, failures, errors, skips, and the
/// failure and skip messages. Panics if the XML is not well formed or the declared counts are
/// wrong.
pub(super) struct Junit {
    pub(super) suites: usize,
    pub(super) cases: usize,
    pub(super) failures: Vec<String>,
    pub(super) errors: Vec<String>,
    pub(super) skipped: Vec<String>,
}

pub(super) fn read_junit(text: &str) -> Junit {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut junit = Junit {
        suites: 0,
        cases: 0,
        failures: Vec::new(),
        errors: Vec::new(),
        skipped: Vec::new(),
    };
    let mut declared = (0, 0, 0);
    let mut suite_declared = (0, 0);
    let mut suite_cases = 0;
    let mut suite_skipped = 0;
    let mut depth = 0i32;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("not XML ({e}) at {}", reader.buffer_position()));
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
                let count = |name: &str| -> usize {
                    attribute(e, name)
                        .and_then(|v| v.parse().ok())
                        .unwrap_or_else(|| panic!("no numeric {name}"))
                };
                match e.name().0 {
                    "testsuites" => declared = (count("tests"), count("failures"), count("errors")),
                    "testsuite" => {
                        junit.suites += 1;
                        suite_declared = (count("tests"), count("skipped"));
                        suite_cases = 0;
                        suite_skipped = 0;
                        assert!(attribute(e, "name").is_some());
                    }
                    "testcase" => {
                        junit.cases += 1;
                        suite_cases += 1;
                        assert!(attribute(e, "classname").is_some());
                        assert!(attribute(e, "name").is_some());
                    }
                    "failure" => junit
                        .failures
                        .push(attribute(e, "message").expect("failure message")),
                    "error" => junit.errors.push(attribute(e, "type").expect("error type")),
                    "skipped" => {
                        suite_skipped += 1;
                        junit
                            .skipped
                            .push(attribute(e, "message").expect("skipped message"));
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                depth -= 1;
                if e.name().0 == "testsuite" {
                    assert_eq!(
                        (suite_cases, suite_skipped),
                        suite_declared,
                        "testsuite tests= skipped="
                    );
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "every element is closed");
    assert_eq!(
        declared,
        (junit.cases, junit.failures.len(), junit.errors.len()),
        "testsuites counts"
    );
    junit
}

#[test]
fn junit_parses_and_counts_the_findings() {
    let (text, status) = run("junit", &["fixtures/"]);
    assert_eq!(status, 1);
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let (report, _) = json(&["fixtures/"]);
    let findings = json_findings(&report);
    let junit = read_junit(&text);
    let files = report["files"].as_array().expect("files");
    assert_eq!(junit.suites, files.len(), "one suite per file");
    assert_eq!(
        junit.failures.len(),
        findings.len(),
        "one failure per finding"
    );
    assert!(junit.errors.is_empty());
    // A file no rule ran on is skipped, never passed (tests/cli/unchecked.rs).
    let unchecked = report["summary"]["unchecked"].as_u64().expect("count") as usize;
    assert_eq!(
        junit.skipped.len(),
        unchecked,
        "files not checked are skipped"
    );
    let clean = files
        .iter()
        .filter(|f| f["diagnostics"].as_array().is_some_and(Vec::is_empty) && f["checked"] == true)
        .count();
    assert_eq!(
        junit.cases,
        findings.len() + clean + unchecked,
        "clean files pass once"
    );
    for (message, (_, d)) in junit.failures.iter().zip(&findings) {
        let expected = d["message"].as_str().expect("message");
        assert!(message.starts_with(expected), "{message}");
    }
}

#[test]
fn output_writes_the_report_to_a_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    for format in ["sarif", "github", "junit"] {
        let file = dir.path().join(format!("report.{format}"));
        let out = tenderlint(&[
            "check",
            "--format",
            format,
            "--output",
            file.to_str().expect("path"),
            "fixtures/agreements",
        ]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(out.stdout.is_empty(), "{format} wrote to stdout");
        let written = fs::read_to_string(&file).expect("report written");
        let (printed, _) = run(format, &["fixtures/agreements"]);
        assert_eq!(
            written, printed,
            "{format}: the file holds what stdout would"
        );
    }
}

/// A folder with one good Markdown file, an empty file and a `.docx` that is not a zip.
fn broken_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::copy(
        root().join("fixtures/agreements/subcontract-advice-service.md"),
        dir.path().join("agreement.md"),
    )
    .expect("copy");
    fs::write(dir.path().join("empty.md"), "").expect("write");
    fs::write(
        dir.path().join("garbage.docx"),
        b"PK\x03\x04 this is not a zip",
    )
    .expect("write");
    dir
}

#[test]
fn unreadable_files_are_reported_in_every_format() {
    let dir = broken_folder();
    let folder = dir.path().to_str().expect("path");
    let (report, status) = json(&[folder]);
    assert_eq!(status, 2);
    let codes: Vec<String> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["errors"][0]["code"].as_str().map(String::from))
        .collect();
    assert_eq!(codes.len(), 2, "{report}");

    let (log, status) = sarif(&[folder]);
    assert_eq!(status, 2);
    assert_valid(&log);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    let noted: Vec<&str> = notes
        .iter()
        .filter(|n| n["level"] == "error")
        .filter_map(|n| n["descriptor"]["id"].as_str())
        .collect();
    assert_eq!(noted, codes.iter().map(String::as_str).collect::<Vec<_>>());
    for note in notes {
        let uri = note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or("");
        assert!(
            uri.ends_with("empty.md") || uri.ends_with("garbage.docx"),
            "{uri}"
        );
    }
    assert_eq!(results(&log).len(), 1, "the good file is still checked");

    let (text, status) = run("github", &[folder]);
    assert_eq!(status, 2);
    for code in &codes {
        assert!(
            text.lines().any(|l| l.starts_with("::error file=")
                && l.contains(&format!(",title=tenderlint {code}::"))),
            "{code}: {text}"
        );
    }

    let (text, status) = run("junit", &[folder]);
    assert_eq!(status, 2);
    let junit = read_junit(&text);
    assert_eq!(junit.errors, codes);
    assert_eq!(junit.failures.len(), 1);
}

#[test]
fn awkward_file_names_are_escaped_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "bid, \"draft\" <v2> & 50%: final #1.md";
    fs::copy(
        root().join("fixtures/agreements/subcontract-advice-service.md"),
        dir.path().join(name),
    )
    .expect("copy");
    let folder = dir.path().to_str().expect("path");

    let (log, _) = sarif(&[folder]);
    assert_valid(&log);
    let uri = result_uri(&results(&log)[0]);
    assert!(
        uri.ends_with("/bid,%20%22draft%22%20%3Cv2%3E%20&%2050%25:%20final%20%231.md"),
        "{uri}"
    );

    let (text, _) = run("github", &[folder]);
    let first = text.lines().next().expect("a command");
    assert!(
        first.contains("/bid%2C \"draft\" <v2> & 50%25%3A final #1.md,line=1,"),
        "{first}"
    );

    let (text, _) = run("junit", &[folder]);
    let junit = read_junit(&text);
    assert_eq!(junit.failures.len(), 1);
    assert!(text.contains("bid, &quot;draft&quot; &lt;v2&gt; &amp; 50%: final #1.md"));
}

#[test]
fn a_clean_run_is_clean_in_every_format() {
    let file = "fixtures/bids/tenancy-sustainment-bid.md";
    let (log, status) = sarif(&[file]);
    assert_eq!(status, 0);
    assert!(results(&log).is_empty());
    assert_valid(&log);
    let (text, status) = run("github", &[file]);
    assert_eq!(status, 0);
    assert_eq!(text, "tenderlint: No problems found in 1 file.\n");
    let (text, status) = run("junit", &[file]);
    assert_eq!(status, 0);
    let junit = read_junit(&text);
    assert_eq!((junit.suites, junit.cases, junit.failures.len()), (1, 1, 0));
}

#[test]
fn suppression_findings_have_descriptors_and_point_at_the_comment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original =
        fs::read_to_string(root().join("fixtures/agreements/subcontract-advice-service.md"))
            .expect("read fixture");
    let text = format!(
        "{original}\n<!-- tenderlint-disable-next-line unfunded-partner -- paid elsewhere -->\nThe End.\n"
    );
    let comment_line = text
        .lines()
        .position(|l| l.starts_with("<!--"))
        .expect("comment")
        + 1;
    let file = dir.path().join("agreement.md");
    fs::write(&file, &text).expect("write");
    let (log, _) = sarif(&[file.to_str().expect("path")]);
    assert_valid(&log);
    let unused = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "unused-suppression")
        .unwrap_or_else(|| panic!("no unused-suppression result: {log}"));
    assert_eq!(unused["level"], "warning");
    let rules = &log["runs"][0]["tool"]["driver"]["rules"];
    let index = unused["ruleIndex"].as_u64().expect("index") as usize;
    assert_eq!(rules[index]["id"], "unused-suppression");
    assert_eq!(rules[index]["defaultConfiguration"]["level"], "warning");
    let region = &unused["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"].as_u64(), Some(comment_line as u64));
    assert_eq!(region["startColumn"], 1);
    assert!(
        region["snippet"]["text"]
            .as_str()
            .is_some_and(|s| s.starts_with("<!-- tenderlint-disable-next-line unfunded-partner")),
        "{region}"
    );
}

#[test]
fn streamed_formats_come_out_in_path_order_with_missing_files_in_place() {
    // Human, GitHub and JSON print each file as it is checked (documents are not held), so
    // the files are checked in path order whatever order they were named in, and a missing
    // path takes its place among them.
    let args = [
        "fixtures/bids/youth-employment-bid.md",
        "fixtures/agreements/no-such-file.md",
        "fixtures/bids/family-support-bid.md",
        "fixtures/agreements/referral-mou.md",
    ];
    let mut sorted: Vec<&str> = args.to_vec();
    sorted.sort();
    let (report, _) = json(&args);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths, sorted);
    let (github, _) = run("github", &args);
    let mut seen: Vec<&str> = Vec::new();
    for line in github.lines() {
        if let Some(file) = line
            .split("file=")
            .nth(1)
            .and_then(|r| r.split([',', ':']).next())
            && seen.last() != Some(&file)
        {
            seen.push(file);
        }
    }
    assert_eq!(seen, sorted, "{github}");
    let human = tenderlint(&[&["check"][..], &args[..]].concat());
    let text = String::from_utf8(human.stderr).expect("utf-8");
    let first_at = |path: &str| text.find(path).unwrap_or(usize::MAX);
    let order: Vec<usize> = sorted.iter().map(|p| first_at(p)).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}\n{text}");
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains(" could not be read: "), "{text}");
}
