//! A document no rule ran on is never reported as clean: the real binary on a document of
//! unknown kind (`fixtures/misc/not-a-bid-report.md`, an annual-report blog post) in every
//! format, with a checked bid beside it, and `--fail-on-unchecked` and its configuration key.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use super::formats::{assert_valid, read_junit};
use super::{json, root, tenderlint};

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

/// Run tenderlint in `dir`, so that it finds `dir`'s tenderlint.toml.
fn run_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    output(
        &Command::new(env!("CARGO_BIN_EXE_tenderlint"))
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .output()
            .expect("run tenderlint"),
    )
}

/// A folder holding the report of unknown kind and the clean bid, and this tenderlint.toml.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (from, to) in [(REPORT, "report.md"), (CLEAN_BID, "bid.md")] {
        fs::copy(root().join(from), dir.path().join(to)).expect("copy");
    }
    fs::write(dir.path().join("tenderlint.toml"), config).expect("write config");
    dir
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
    assert!(
        said.ends_with("1 file not checked (no rule applies to it): not-a-bid-report.md."),
        "{stderr}"
    );
    // Beside a checked bid, only the bid is "found with no problems".
    let (_, stderr, status) = check("human", &[REPORT, CLEAN_BID]);
    assert_eq!(status, 0);
    assert!(
        words(&stderr).ends_with(
            "No findings in the 1 file checked. 1 file not checked (no rule applies to it): \
             not-a-bid-report.md."
        ),
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
         and tell tenderlint which kind of document it is.",
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

#[test]
fn fail_on_unchecked_makes_the_run_exit_1_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docx = dir.path().join("review.docx");
    for format in ["human", "json", "sarif", "github", "junit", "docx"] {
        let mut args = vec!["--isolated"];
        if format == "docx" {
            args.extend(["--output", docx.to_str().expect("path")]);
        }
        args.push(REPORT);
        let (_, _, status) = check(format, &args);
        assert_eq!(status, 0, "{format}: not checked alone does not fail");
        args.insert(0, "--fail-on-unchecked");
        let (_, _, status) = check(format, &args);
        assert_eq!(status, 1, "{format}: --fail-on-unchecked fails the run");
        args.insert(0, "--exit-zero");
        let (_, _, status) = check(format, &args);
        assert_eq!(status, 0, "{format}: --exit-zero wins");
    }
    // A document that was checked passes with the flag, and --statistics still counts the
    // files not checked.
    let (_, _, status) = check("human", &["--fail-on-unchecked", CLEAN_BID]);
    assert_eq!(status, 0);
    let out = tenderlint(&[
        "check",
        "--statistics",
        "--fail-on-unchecked",
        REPORT,
        CLEAN_BID,
    ]);
    let (stdout, _, status) = output(&out);
    assert_eq!(status, 1);
    assert_eq!(
        stdout,
        format!(
            "not checked: {REPORT} (unknown-kind)\nNo problems found in 1 file. 1 file not checked.\n"
        )
    );
    // An unreadable file is an error (exit 2), not a file "not checked".
    let empty = dir.path().join("empty.md");
    fs::write(&empty, b"").expect("write");
    let (report, status) = json(&["--fail-on-unchecked", empty.to_str().expect("path")]);
    assert_eq!(status, 2);
    assert_eq!(report["summary"]["unchecked"], 0);
    assert_eq!(report["files"][0]["unchecked"], Value::Null);
    assert_eq!(report["files"][0]["checked"], false);
}

#[test]
fn fail_on_unchecked_can_be_set_in_the_configuration() {
    let on = project("fail-on-unchecked = true\n");
    let (_, stderr, status) = run_in(on.path(), &["check", "."]);
    assert_eq!(status, 1, "{stderr}");
    assert!(
        words(&stderr).contains(&format!("report.md: not checked: {REASON}")),
        "{stderr}"
    );
    let (shown, _, _) = run_in(on.path(), &["check", "--show-config"]);
    assert!(shown.contains("\nfail-on-unchecked = true\n"), "{shown}");
    // Off, or not set: the exit status is as before; the flag turns it on over the file.
    for config in ["fail-on-unchecked = false\n", ""] {
        let off = project(config);
        let (_, _, status) = run_in(off.path(), &["check", "."]);
        assert_eq!(status, 0, "{config:?}");
        let (shown, _, _) = run_in(off.path(), &["check", "--show-config"]);
        assert!(shown.contains("\nfail-on-unchecked = false\n"), "{shown}");
        let (_, _, status) = run_in(off.path(), &["check", "--fail-on-unchecked", "."]);
        assert_eq!(status, 1, "{config:?}");
    }
    // Parsed strictly: a value that is not true or false stops the run, pointing at it.
    let bad = project("fail-on-unchecked = \"yes\"\n");
    let (_, stderr, status) = run_in(bad.path(), &["check", "."]);
    assert_eq!(status, 2);
    assert!(stderr.contains("fail-on-unchecked = \"yes\""), "{stderr}");
    // `init` documents it.
    let fresh = tempfile::tempdir().expect("tempdir");
    let (_, _, status) = run_in(fresh.path(), &["init"]);
    assert_eq!(status, 0);
    let starter = fs::read_to_string(fresh.path().join("tenderlint.toml")).expect("starter");
    assert!(
        starter.contains("\n# fail-on-unchecked = true\n"),
        "{starter}"
    );
}

#[test]
fn the_ci_strict_profile_fails_on_unchecked_unless_the_file_says_otherwise() {
    let (_, _, status) = check("human", &["--isolated", "--profile", "ci-strict", REPORT]);
    assert_eq!(status, 1);
    let (_, _, status) = check("human", &["--isolated", "--profile", "bid-writer", REPORT]);
    assert_eq!(status, 0);
    let off = project("profile = \"ci-strict\"\nfail-on-unchecked = false\n");
    let (_, _, status) = run_in(off.path(), &["check", "report.md"]);
    assert_eq!(status, 0, "the file's setting wins over its profile's");
}

#[test]
fn notices_are_still_reported_for_a_file_not_checked() {
    // The Word twin has tracked changes nobody accepted: an info notice from reading it.
    let twin = "fixtures/docx/docx-rs/misc/not-a-bid-report.docx";
    let (report, status) = json(&[twin]);
    assert_eq!(status, 0);
    let file = &report["files"][0];
    assert_eq!(file["checked"], false);
    assert_eq!(file["unchecked"]["code"], "unknown-kind");
    assert_eq!(file["diagnostics"][0]["rule"], "unaccepted-tracked-changes");
    let (_, stderr, _) = check("human", &[twin]);
    assert!(
        words(&stderr).ends_with(
            "No errors. Found 1 info in 1 file. 1 file not checked (no rule applies to it): \
             not-a-bid-report.docx."
        ),
        "{stderr}"
    );
}

#[test]
fn a_kind_from_the_command_line_or_front_matter_gets_it_checked() {
    let (report, _) = json(&["--kind", "bid", REPORT]);
    assert_eq!(report["files"][0]["checked"], true);
    assert_eq!(report["summary"]["unchecked"], 0);
    let dir = tempfile::tempdir().expect("tempdir");
    let text = fs::read_to_string(root().join(REPORT)).expect("read");
    let marked = dir.path().join("report.md");
    fs::write(&marked, format!("---\nkind: bid\n---\n{text}")).expect("write");
    let (report, _) = json(&["--isolated", marked.to_str().expect("path")]);
    assert_eq!(report["files"][0]["kind"], "bid");
    assert_eq!(report["files"][0]["checked"], true);
}

#[test]
fn a_kind_whose_rules_are_all_off_is_not_checked() {
    // pay-when-paid reads agreements only: with it alone, a bid has no rule.
    let (report, status) = json(&["--isolated", "--select", "pay-when-paid", CLEAN_BID]);
    assert_eq!(status, 0);
    let file = &report["files"][0];
    assert_eq!(file["kind"], "bid");
    assert_eq!(file["checked"], false);
    assert_eq!(file["unchecked"]["code"], "no-rule-applies");
    assert_eq!(
        file["unchecked"]["reason"],
        "none of the rules that are on applies to a document of kind bid; check select and \
         ignore (tenderlint.toml, --select, --ignore)"
    );
    let (_, _, status) = check(
        "human",
        &[
            "--isolated",
            "--select",
            "pay-when-paid",
            "--fail-on-unchecked",
            CLEAN_BID,
        ],
    );
    assert_eq!(status, 1);
}

#[test]
fn baselines_are_written_and_read_with_files_not_checked() {
    let dir = project("");
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().expect("path");
    let (_, stderr, status) = run_in(dir.path(), &["check", "--write-baseline", baseline, "."]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stderr.contains("wrote 0 finding(s)"), "{stderr}");
    let (_, stderr, status) = run_in(dir.path(), &["check", "--baseline", baseline, "."]);
    assert_eq!(status, 0, "{stderr}");
    assert!(
        words(&stderr).contains(&format!("report.md: not checked: {REASON}")),
        "{stderr}"
    );
    assert!(
        words(&stderr).ends_with(
            "No findings in the 1 file checked. 1 file not checked (no rule applies to it): \
             report.md."
        ),
        "{stderr}"
    );
    let (_, _, status) = run_in(
        dir.path(),
        &["check", "--baseline", baseline, "--fail-on-unchecked", "."],
    );
    assert_eq!(
        status, 1,
        "a baseline accepts findings, not files nobody checked"
    );
}
