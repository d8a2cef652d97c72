//! A document no rule ran on is never reported as clean: the real binary on a document of
//! unknown kind (`fixtures/misc/not-a-bid-report.md`, an annual-report blog post) in every
//! format, with a checked bid beside it, and `--fail-on-unchecked` and its configuration key.

use std::process::Output;

use serde_json::Value;

use super::formats::{assert_valid, read_junit};
use super::{json, tenderlint};

/// The document of unknown kind.
const REPORT: &str = "fixtures/misc/not-a-bid-report.md";
/// A bid with no findings.
const CLEAN_BID: &str = "fixtures/bids/tenancy-sustainment-bid.md";
/// What every format says about the report, after "not checked: ".
const REASON: &str =
    "the kind of document could not be told; use --kind or front matter (kind: bid)";

/// Run `check --format FORMAT ARGS…`: standard output, standard error, exit status.
fn check(format: &str, args: &[&str]) -> (String, String, i32) {
    let mut all = vec!["check", "--format", format];
    all.extend_from_slice(args);
    output(&tenderlint(&all))
}

fn output(out: &Output) -> (String, String, i32) {
    (
        String::from_utf8(out.stdout.clone()).expect("utf-8"),
        String::from_utf8(out.stderr.clone()).expect("utf-8"),
        out.status.code().unwrap_or(-1),
    )
}

/// Human output as one line of words: miette wraps long messages behind a `│`.
fn words(text: &str) -> String {
    text.replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn human_output_says_not_checked_and_counts_it_apart() {
    let (stdout, stderr, status) = check("human", &[REPORT]);
    assert!(stdout.is_empty());
    assert_eq!(
        status, 0,
        "without --fail-on-unchecked the exit status is unchanged"
    );
    let said = words(&stderr);
    assert!(
        said.contains(&format!("{REPORT}: not checked: {REASON}")),
        "{stderr}"
    );
    assert!(!said.contains("No problems found"), "{stderr}");
    assert!(stderr.ends_with("\n1 file not checked.\n"), "{stderr}");
    // Beside a checked bid, only the bid is "found with no problems".
    let (_, stderr, status) = check("human", &[REPORT, CLEAN_BID]);
    assert_eq!(status, 0);
    assert!(
        stderr.ends_with("\nNo problems found in 1 file. 1 file not checked.\n"),
        "{stderr}"
    );
    assert_eq!(words(&stderr).matches("not checked:").count(), 1);
    // --quiet drops the summary, never the line that says the file was not checked.
    let (_, quiet, _) = check("human", &["--quiet", REPORT]);
    assert!(
        words(&quiet).contains(&format!("not checked: {REASON}")),
        "{quiet}"
    );
}

#[test]
fn json_says_checked_false_with_the_reason() {
    let (report, status) = json(&[REPORT, CLEAN_BID]);
    assert_eq!(status, 0);
    let files = report["files"].as_array().expect("files");
    let file = |path: &str| {
        files
            .iter()
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("{path} in {report}"))
    };
    let unchecked = file(REPORT);
    assert_eq!(unchecked["kind"], "unknown");
    assert_eq!(unchecked["checked"], false);
    assert_eq!(unchecked["unchecked"]["code"], "unknown-kind");
    assert_eq!(unchecked["unchecked"]["reason"], REASON);
    assert_eq!(unchecked["diagnostics"], Value::Array(Vec::new()));
    let bid = file(CLEAN_BID);
    assert_eq!(bid["checked"], true);
    assert_eq!(bid["unchecked"], Value::Null);
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["summary"]["unchecked"], 1);
    assert_eq!(report["summary"]["tool_errors"], 0);
}

#[test]
fn sarif_has_a_notification_for_the_file() {
    let (stdout, _, status) = check("sarif", &[REPORT, CLEAN_BID]);
    assert_eq!(status, 0);
    let log: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_valid(&log);
    let run = &log["runs"][0];
    assert_eq!(run["results"], Value::Array(Vec::new()));
    let invocation = &run["invocations"][0];
    assert_eq!(
        invocation["executionSuccessful"], true,
        "the run worked; the file was not checked"
    );
    let notifications = invocation["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert_eq!(notifications.len(), 1, "{notifications:?}");
    let notification = &notifications[0];
    assert_eq!(notification["level"], "warning");
    assert_eq!(
        notification["message"]["text"],
        format!("{REPORT}: not checked: {REASON}")
    );
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        REPORT
    );
    let id = &notification["descriptor"]["id"];
    assert_eq!(id, "unknown-kind");
    let index = notification["descriptor"]["index"].as_u64().expect("index") as usize;
    assert_eq!(&run["tool"]["driver"]["notifications"][index]["id"], id);
}

#[test]
fn junit_skips_the_file() {
    let (stdout, _, status) = check("junit", &[REPORT, CLEAN_BID]);
    assert_eq!(status, 0);
    let junit = read_junit(&stdout);
    assert_eq!((junit.suites, junit.cases), (2, 2));
    assert_eq!(junit.skipped, [format!("not checked: {REASON}")]);
    assert!(junit.failures.is_empty() && junit.errors.is_empty());
    let suite = stdout
        .split("<testsuite ")
        .find(|s| s.starts_with(&format!("name=\"{REPORT}\"")))
        .unwrap_or_else(|| panic!("a suite for {REPORT}: {stdout}"));
    assert!(
        suite.contains("tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"1\""),
        "{suite}"
    );
    assert!(
        suite.contains(&format!(
            "name=\"not checked\" file=\"{REPORT}\" time=\"0\">\n      <skipped message=\"not checked: {REASON}\"/>"
        )),
        "{suite}"
    );
    assert!(
        !suite.contains("no findings"),
        "a skipped file does not pass"
    );
    // The checked bid still passes.
    assert!(stdout.contains(&format!("classname=\"{CLEAN_BID}\" name=\"no findings\"")));
}

#[test]
fn github_gives_a_notice() {
    let (stdout, _, status) = check("github", &[REPORT, CLEAN_BID]);
    assert_eq!(status, 0);
    assert_eq!(
        stdout,
        format!(
            "::notice file={REPORT},title=tenderlint not-checked::not checked: {REASON}\n\
             tenderlint: No problems found in 1 file. 1 file not checked.\n"
        )
    );
}

#[test]
fn the_word_report_says_not_checked_and_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("review.docx");
    let path = out.to_str().expect("path");
    let (stdout, _, status) = check("docx", &["--output", path, REPORT, CLEAN_BID]);
    assert!(stdout.is_empty());
    assert_eq!(status, 0);
    let (text, _, read) = output(&tenderlint(&["extract", path]));
    assert_eq!(read, 0);
    let text = words(&text);
    for said in [
        "tenderlint was given tenancy-sustainment-bid.md and not-a-bid-report.md. 1 document \
         was not checked (the reasons are below). In the other 1 it found no problems.",
        &format!("{REPORT} | not checked: kind not known | 0 | 0 | 0"),
        &format!("{CLEAN_BID} | bid | 0 | 0 | 0"),
        &format!("{REPORT}, read as Markdown or plain text, was not checked."),
        "Not checked: none of tenderlint's checks was applied, so it may have problems this \
         report does not show.",
        "Why: tenderlint could not tell what kind of document this is",
        "What to do: If it is a bid or an agreement, ask whoever ran this check to run it again \
         saying which kind it is: with --kind, or a line such as “kind: bid” in the front matter",
    ] {
        assert!(text.contains(said), "no {said:?} in {text}");
    }
    assert_eq!(
        text.matches("No problems found.").count(),
        1,
        "only the bid is clean: {text}"
    );
    // Alone, nothing was checked.
    check("docx", &["--output", path, REPORT]);
    let (text, _, _) = output(&tenderlint(&["extract", path]));
    assert!(
        words(&text).contains(
            "tenderlint was given not-a-bid-report.md but did not check it: the reason is below."
        ),
        "{text}"
    );
}
