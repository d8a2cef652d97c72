//! tenderlint.toml, suppressions, baselines, partitions, standard input and the CI flags, each
//! in a temporary project folder with copies of the fixtures.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use super::root;

const BID: &str = "fixtures/bids/youth-employment-bid.md";
const SUBCONTRACT: &str = "fixtures/agreements/subcontract-advice-service.md";

/// Run tenderlint in `dir` (so it finds `dir`'s tenderlint.toml).
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tenderlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("run tenderlint")
}

fn json_in(dir: &Path, args: &[&str]) -> (Value, i32) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (value, out.status.code().unwrap_or(-1))
}

/// (file name, rule) for every finding.
fn rules_found(report: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for file in report["files"].as_array().expect("files") {
        let name = Path::new(file["path"].as_str().expect("path"))
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        for d in file["diagnostics"].as_array().expect("diagnostics") {
            out.push((name.clone(), d["rule"].as_str().unwrap_or("").to_string()));
        }
    }
    out
}

fn count(report: &Value, rule: &str) -> usize {
    rules_found(report)
        .iter()
        .filter(|(_, r)| r == rule)
        .count()
}

/// A project folder with the youth bid in bids/ and a subcontract in agreements/.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (from, to) in [
        (BID, "bids/youth.md"),
        (SUBCONTRACT, "agreements/advice.md"),
    ] {
        let target = dir.path().join(to);
        fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        fs::copy(root().join(from), target).expect("copy");
    }
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(&path, text).expect("write");
    path
}

#[test]
fn the_nearest_configuration_applies_and_can_be_overridden_or_ignored() {
    let dir = project();
    let (plain, _) = json_in(dir.path(), &["."]);
    assert_eq!(count(&plain, "unrealistic-target"), 3);
    assert_eq!(count(&plain, "unfunded-partner"), 2);
    write(
        dir.path(),
        "tenderlint.toml",
        "ignore = [\"unrealistic-target\"]\n",
    );
    // Found from a subfolder too: the nearest file upwards.
    let (report, _) = json_in(&dir.path().join("bids"), &["."]);
    assert_eq!(count(&report, "unrealistic-target"), 0);
    assert_eq!(count(&report, "unfunded-partner"), 2);
    let (isolated, _) = json_in(dir.path(), &["--isolated", "."]);
    assert_eq!(count(&isolated, "unrealistic-target"), 3);
    let other = write(
        dir.path(),
        "other/strict.toml",
        "select = [\"unrealistic-target\"]\n",
    );
    let (chosen, _) = json_in(
        dir.path(),
        &["--config", other.to_str().expect("path"), "."],
    );
    assert_eq!(rules_found(&chosen).len(), 3, "{:?}", rules_found(&chosen));
    let shown = run_in(dir.path(), &["check", "--show-config"]);
    let text = String::from_utf8(shown.stdout).expect("utf-8");
    assert!(text.contains("tenderlint.toml"), "{text}");
    assert!(text.contains("ignore = [\"unrealistic-target\"]"), "{text}");
}

#[test]
fn severities_thresholds_overrides_exclude_and_min_severity() {
    let dir = project();
    write(
        dir.path(),
        "tenderlint.toml",
        r#"
exclude = ["archive/**"]
min-severity = "warning"
[rules.unrealistic-target]
severity = "info"
[rules.missing-tupe-disclosure]
severity = "error"
[[overrides]]
"agreements/**" = { ignore = ["missing-dispute-resolution"] }
"#,
    );
    fs::create_dir_all(dir.path().join("archive")).expect("mkdir");
    fs::copy(root().join(BID), dir.path().join("archive/old.md")).expect("copy");
    let (report, _) = json_in(dir.path(), &["."]);
    let found = rules_found(&report);
    assert!(
        !found.iter().any(|(f, _)| f == "old.md"),
        "excluded: {found:?}"
    );
    // unrealistic-target is now info, below min-severity.
    assert_eq!(count(&report, "unrealistic-target"), 0, "{found:?}");
    assert_eq!(count(&report, "missing-dispute-resolution"), 0, "{found:?}");
    let tupe = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().expect("d").iter())
        .find(|d| d["rule"] == "missing-tupe-disclosure")
        .expect("tupe finding");
    assert_eq!(tupe["severity"], "error");
    // A threshold: with a £10-per-person floor, £20 each is no longer too little.
    write(
        dir.path(),
        "tenderlint.toml",
        "[rules.unrealistic-target]\nmin-cost-per-participant = 10\n",
    );
    let (report, _) = json_in(dir.path(), &["bids"]);
    assert_eq!(count(&report, "unrealistic-target"), 2);
    // A kind override: the bid read as an MoU gets the MoU rules.
    write(
        dir.path(),
        "tenderlint.toml",
        "[[overrides]]\n\"bids/**\" = { kind = \"mou\" }\n",
    );
    let (report, _) = json_in(dir.path(), &["bids"]);
    assert_eq!(report["files"][0]["kind"], "mou");
}

#[test]
fn a_bad_configuration_points_into_the_file_and_exits_2() {
    let dir = project();
    write(
        dir.path(),
        "tenderlint.toml",
        "select = [\"unfunded-partner\"]\n[rules.unfunded-partner]\nseverity = \"fatal\"\n",
    );
    let out = run_in(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr).expect("utf-8");
    assert!(text.contains("unknown severity \"fatal\""), "{text}");
    assert!(text.contains("tenderlint.toml:3:"), "{text}");
}

#[test]
fn init_writes_a_starter_file_that_changes_nothing() {
    let dir = project();
    let out = run_in(dir.path(), &["init"]);
    assert!(out.status.success());
    let text = fs::read_to_string(dir.path().join("tenderlint.toml")).expect("written");
    assert!(text.contains("# select"), "{text}");
    let again = run_in(dir.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2), "does not overwrite");
    let (report, _) = json_in(dir.path(), &["."]);
    assert_eq!(rules_found(&report).len(), 10);
}

#[test]
fn suppressions_silence_named_rules_and_unused_ones_are_reported() {
    let dir = project();
    let path = dir.path().join("bids/youth.md");
    let text = fs::read_to_string(&path).expect("read");
    let target = "We are confident that 115% of enrolled participants";
    let text = text.replacen(
        target,
        &format!(
            "<!-- tenderlint-disable-next-line unrealistic-target -- agreed with the council -->\n{target}"
        ),
        1,
    );
    let text = format!(
        "{text}\n<!-- tenderlint-disable-file missing-tupe-disclosure -- no staff will transfer -->\n<!-- tenderlint-disable-next-line unfunded-partner -->\nThis line has no partner in it.\n"
    );
    fs::write(&path, text).expect("write");
    let (report, _) = json_in(dir.path(), &["bids"]);
    assert_eq!(count(&report, "missing-tupe-disclosure"), 0);
    assert_eq!(
        count(&report, "unrealistic-target"),
        2,
        "one of three silenced"
    );
    assert_eq!(count(&report, "unused-suppression"), 1);
    let out = run_in(dir.path(), &["check", "bids"]);
    let human = String::from_utf8(out.stderr).expect("utf-8");
    assert!(
        human.contains("tenderlint-disable-next-line unfunded-partner"),
        "the unused suppression quotes its comment: {human}"
    );
}

#[test]
fn a_baseline_round_trip_survives_edits_and_reports_stale_entries() {
    let dir = project();
    // target-not-smart quotes the whole sentence the edit below changes; leave it out here.
    fs::write(
        dir.path().join("tenderlint.toml"),
        "ignore = [\"target-not-smart\"]\n",
    )
    .expect("write config");
    let out = run_in(
        dir.path(),
        &["check", "--write-baseline", "baseline.json", "."],
    );
    assert_eq!(out.status.code(), Some(0));
    let (report, status) = json_in(dir.path(), &["--baseline", "baseline.json", "."]);
    assert_eq!((rules_found(&report).len(), status), (0, 0));
    // An edit elsewhere moves every line: still nothing new.
    let path = dir.path().join("bids/youth.md");
    let text = fs::read_to_string(&path).expect("read");
    fs::write(&path, format!("\n\n{text}\n\nA new closing paragraph.\n")).expect("write");
    let (report, _) = json_in(dir.path(), &["--baseline", "baseline.json", "."]);
    assert_eq!(rules_found(&report).len(), 0);
    // Fix one finding: its entry is reported stale.
    let text = fs::read_to_string(&path).expect("read");
    fs::write(&path, text.replace("115% of enrolled", "85% of enrolled")).expect("write");
    let out = run_in(dir.path(), &["check", "--baseline", "baseline.json", "."]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert!(stderr.contains("1 stale baseline entry"), "{stderr}");
    assert!(stderr.contains("115 of enrolled participants"), "{stderr}");
    // A new finding is reported.
    fs::write(
        &path,
        format!("{}\nWe will place 130% of participants in work.\n", text),
    )
    .expect("write");
    let (report, _) = json_in(dir.path(), &["--baseline", "baseline.json", "."]);
    assert_eq!(count(&report, "unrealistic-target"), 1);
}

#[test]
fn partitions_split_the_files_without_overlap() {
    let mut all = Vec::new();
    let (whole, _) = json_in(&root(), &["fixtures"]);
    let every: Vec<String> = whole["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path").to_string())
        .collect();
    for k in 1..=3 {
        let part = format!("{k}/3");
        let (report, _) = json_in(&root(), &["--partition", &part, "fixtures"]);
        let files = report["files"].as_array().expect("files");
        assert!(!files.is_empty(), "part {part} is empty");
        all.extend(
            files
                .iter()
                .map(|f| f["path"].as_str().expect("path").to_string()),
        );
    }
    all.sort();
    assert_eq!(all, every, "the parts are the whole, once each");
    let bad = run_in(&root(), &["check", "--partition", "4/3", "fixtures"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn standard_input_exit_zero_quiet_and_statistics() {
    let dir = project();
    write(
        dir.path(),
        "tenderlint.toml",
        "[[overrides]]\n\"agreements/**\" = { kind = \"subcontract\" }\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_tenderlint"))
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "agreements/from-stdin.md",
            "-",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let text = fs::read(root().join(BID)).expect("read");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&text)
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["files"][0]["path"], "agreements/from-stdin.md");
    assert_eq!(
        report["files"][0]["kind"], "subcontract",
        "configuration globs apply"
    );
    assert_eq!(out.status.code(), Some(1));

    let out = run_in(dir.path(), &["check", "--exit-zero", "bids"]);
    assert_eq!(out.status.code(), Some(0));
    let quiet = run_in(dir.path(), &["check", "--quiet", "bids"]);
    let text = String::from_utf8(quiet.stderr).expect("utf-8");
    assert!(text.contains("unfunded-partner"), "{text}");
    assert!(
        !text.contains("files checked"),
        "no summary when quiet: {text}"
    );
    let stats = run_in(dir.path(), &["check", "--statistics", "bids"]);
    let text = String::from_utf8(stats.stdout).expect("utf-8");
    assert!(text.contains("    2  error    unfunded-partner"), "{text}");
    assert!(
        text.contains("    2  warning  unrealistic-target"),
        "{text}"
    );
    assert!(
        text.contains("    1  error    unrealistic-target"),
        "{text}"
    );
}

#[test]
fn a_report_written_into_the_checked_folder_is_not_checked() {
    let dir = project();
    let output = dir.path().join("bids/review.docx");
    let output = output.to_str().expect("path");
    for _ in 0..2 {
        run_in(
            dir.path(),
            &["check", "--format", "docx", "-o", output, "."],
        );
    }
    let text = run_in(dir.path(), &["extract", output]).stdout;
    let text = String::from_utf8(text).expect("utf-8");
    assert!(text.contains("youth.md"), "{text}");
    assert!(!text.contains("review.docx"), "{text}");
}

mod profiles {
    use std::fs;

    use super::{BID, SUBCONTRACT, json_in, root, rules_found, run_in};

    #[test]
    fn every_shipped_profile_loads_and_rules_shows_its_effect() {
        for profile in ["bid-writer", "small-charity-signing", "ci-strict"] {
            let out = run_in(&root(), &["rules", "--isolated", "--profile", profile]);
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "{profile}: {stderr}");
            assert!(
                stdout.starts_with(&format!("profile {profile}: ")),
                "{stdout}"
            );
            if profile != "bid-writer" {
                assert!(
                    stdout.contains(&format!("[changed by profile {profile}]")),
                    "{stdout}"
                );
            }
        }
        let out = run_in(&root(), &["rules", "--isolated", "--profile", "bid-writer"]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let off = stdout
            .lines()
            .find(|l| l.starts_with("not run"))
            .unwrap_or_default();
        assert!(
            off.contains("pay-when-paid"),
            "agreement rules are off: {stdout}"
        );
        assert!(!off.contains("unfunded-partner"), "{stdout}");
        let out = run_in(&root(), &["rules", "--isolated", "--profile", "no-such"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("profiles are: bid-writer"));
    }

    #[test]
    fn a_profile_changes_severities_and_the_configuration_wins_over_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::copy(root().join(SUBCONTRACT), dir.path().join("sub.md")).expect("copy");
        fs::copy(root().join(BID), dir.path().join("bid.md")).expect("copy");
        let severity_of = |report: &serde_json::Value, rule: &str| -> Vec<String> {
            let mut out = Vec::new();
            for file in report["files"].as_array().expect("files") {
                for d in file["diagnostics"].as_array().expect("diagnostics") {
                    if d["rule"] == rule {
                        out.push(d["severity"].as_str().unwrap_or_default().to_string());
                    }
                }
            }
            out
        };
        let (plain, _) = json_in(dir.path(), &["--isolated", "."]);
        let (strict, _) = json_in(dir.path(), &["--isolated", "--profile", "ci-strict", "."]);
        assert_eq!(rules_found(&plain), rules_found(&strict));
        // ci-strict makes every first-priority rule an error.
        for rule in ["missing-dispute-resolution", "unfunded-partner"] {
            assert!(
                severity_of(&strict, rule).iter().all(|s| s == "error"),
                "{rule}: {:?}",
                severity_of(&strict, rule)
            );
        }
        // The bid-writer profile leaves out agreement-only rules.
        let (bid, _) = json_in(dir.path(), &["--isolated", "--profile", "bid-writer", "."]);
        assert!(
            !rules_found(&bid)
                .iter()
                .any(|(_, r)| r == "missing-dispute-resolution"),
            "{:?}",
            rules_found(&bid)
        );
        // profile = in tenderlint.toml; the file's own settings win over the profile's.
        fs::write(
            dir.path().join("tenderlint.toml"),
            "profile = \"ci-strict\"\n[rules.unfunded-partner]\nseverity = \"info\"\n",
        )
        .expect("write config");
        let (mixed, _) = json_in(dir.path(), &["."]);
        assert!(
            severity_of(&mixed, "unfunded-partner")
                .iter()
                .all(|s| s == "info")
        );
        assert!(
            severity_of(&mixed, "missing-dispute-resolution")
                .iter()
                .all(|s| s == "error")
        );
        let shown = run_in(dir.path(), &["check", "--show-config"]);
        assert!(String::from_utf8_lossy(&shown.stdout).contains("profile = \"ci-strict\""));
        // A misspelt profile in the file points into it.
        fs::write(
            dir.path().join("tenderlint.toml"),
            "profile = \"ci-stict\"\n",
        )
        .expect("write");
        let out = run_in(dir.path(), &["check", "."]);
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("no profile \"ci-stict\""), "{stderr}");
    }
}

/// `--fail-on` sets the least severe finding that fails the run; `--min-severity` what is
/// reported at all (and so what can fail it).
#[test]
fn fail_on_and_min_severity_set_the_gate_and_the_report() {
    let code = |args: &[&str]| run_in(&root(), args).status.code();
    let info_only = "fixtures/sheets/harbour-budget.xlsx";
    let warnings_only = "fixtures/agreements/referral-mou.md";
    assert_eq!(code(&["check", info_only]), Some(0));
    assert_eq!(code(&["check", "--fail-on", "info", info_only]), Some(1));
    assert_eq!(code(&["check", warnings_only]), Some(1));
    assert_eq!(
        code(&["check", "--fail-on", "warning", warnings_only]),
        Some(1)
    );
    assert_eq!(
        code(&["check", "--fail-on", "error", warnings_only]),
        Some(0)
    );
    assert_eq!(code(&["check", "--fail-on", "error", SUBCONTRACT]), Some(1));
    assert_eq!(code(&["check", "--fail-on", "fatal", SUBCONTRACT]), Some(2));
    let report = |args: &[&str]| -> (Value, Option<i32>) {
        let out = run_in(&root(), args);
        let value = serde_json::from_slice(&out.stdout).expect("JSON");
        (value, out.status.code())
    };
    let (all, _) = report(&["check", "--format", "json", BID]);
    assert!(
        all["summary"]["warnings"].as_u64() > Some(0),
        "{}",
        all["summary"]
    );
    let (errors, status) = report(&["check", "--format", "json", "--min-severity", "error", BID]);
    assert_eq!(errors["summary"]["warnings"], 0);
    assert_eq!(errors["summary"]["errors"], all["summary"]["errors"]);
    assert_eq!(status, Some(1));
    let (none, status) = report(&[
        "check",
        "--format",
        "json",
        "--min-severity",
        "error",
        warnings_only,
    ]);
    assert_eq!(none["summary"]["warnings"], 0);
    assert_eq!(status, Some(0));
}

/// A folder with nothing to check is a mistake to report, not a clean run.
#[test]
fn a_folder_with_no_documents_exits_2_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("notes.txt"), "not searched for").expect("write");
    fs::write(dir.path().join("logo.png"), b"\x89PNG").expect("write");
    fs::write(dir.path().join(".hidden.md"), "# Hidden\n").expect("write");
    fs::create_dir(dir.path().join("empty")).expect("mkdir");
    for target in [".", "empty"] {
        let out = run_in(dir.path(), &["check", target]);
        assert_eq!(out.status.code(), Some(2), "{target}");
        let text = String::from_utf8(out.stderr).expect("utf-8");
        assert!(
            text.contains(&format!("no documents to check in {target}")),
            "{text}"
        );
        assert!(!text.contains("No problems found"), "{text}");
    }
    // Beside a folder that has documents, the empty one is still an error (exit 2) and the
    // other is checked: a CI gate must not pass with one of its folders empty.
    fs::create_dir(dir.path().join("bids")).expect("mkdir");
    fs::copy(
        root().join("fixtures/bids/youth-employment-bid.md"),
        dir.path().join("bids/bid.md"),
    )
    .expect("copy");
    let out = run_in(dir.path(), &["check", "--format", "json", "bids", "empty"]);
    assert_eq!(out.status.code(), Some(2));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let files = report["files"].as_array().expect("files");
    let empty = files
        .iter()
        .find(|f| f["path"] == "empty")
        .expect("the empty folder is reported");
    assert_eq!(empty["errors"][0]["code"], "no-documents");
    assert!(
        files
            .iter()
            .any(|f| f["path"] == "bids/bid.md"
                && !f["diagnostics"].as_array().expect("d").is_empty()),
        "the other folder is checked"
    );
    let out = run_in(dir.path(), &["check", "bids", "empty"]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("no documents tenderlint reads"), "{text}");
}

/// A mistyped rule id or profile name gets the one it most likely meant, wherever it is typed.
#[test]
fn mistyped_rule_ids_and_profiles_get_a_suggestion() {
    // Without the spaces and frame characters a drawn diagnostic wraps its lines with.
    let stderr = |dir: &Path, args: &[&str]| {
        let out = run_in(dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8(out.stderr)
            .expect("utf-8")
            .chars()
            .filter(|c| !c.is_whitespace() && !"│╭╰─·┬".contains(*c))
            .collect::<String>()
    };
    let here = root();
    for args in [
        &["check", "--select", "unfunded-partnr", BID][..],
        &["check", "--ignore", "Unfunded-Partner-x", BID][..],
        &["explain", "unfunded-parnter"][..],
    ] {
        let text = stderr(&here, args);
        assert!(
            text.contains("didyoumean\"unfunded-partner\"?"),
            "{args:?}: {text}"
        );
    }
    let text = stderr(&here, &["check", "--profile", "bid-writr", BID]);
    assert!(text.contains("didyoumean\"bid-writer\"?"), "{text}");
    let dir = project();
    write(
        dir.path(),
        "tenderlint.toml",
        "profile = \"small-charity-signin\"\n[rules.pay-wen-paid]\nseverity = \"error\"\n",
    );
    let text = stderr(dir.path(), &["check", "."]);
    assert!(
        text.contains("didyoumean\"small-charity-signing\"?"),
        "{text}"
    );
    write(
        dir.path(),
        "tenderlint.toml",
        "[rules.pay-wen-paid]\nseverity = \"error\"\n",
    );
    let text = stderr(dir.path(), &["check", "."]);
    assert!(text.contains("didyoumean\"pay-when-paid\"?"), "{text}");
}

/// JSON names a file as SARIF and GitHub do: no leading `./`, forward slashes.
#[test]
fn json_paths_have_no_leading_dot_slash() {
    let out = run_in(
        &root(),
        &[
            "check",
            "--format",
            "json",
            "./fixtures/bids/family-support-bid.md",
        ],
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        report["files"][0]["path"],
        "fixtures/bids/family-support-bid.md"
    );
}

/// `--statistics` names the files its counts leave out.
#[test]
fn statistics_name_the_files_not_read_or_not_checked() {
    let out = run_in(
        &root(),
        &[
            "check",
            "--statistics",
            "missing.md",
            "fixtures/misc/not-a-bid-report.md",
            BID,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.contains("could not be read: missing.md (not-found)"),
        "{text}"
    );
    assert!(
        text.contains("not checked: fixtures/misc/not-a-bid-report.md (unknown-kind)"),
        "{text}"
    );
    assert!(!text.contains("No problems found"), "{text}");
}

/// Named files are read whatever `exclude` says, unless `--force-exclude`: then `exclude` and
/// `.tenderlintignore` apply to them as to a folder walk.
#[test]
fn force_exclude_applies_exclude_and_ignore_files_to_named_files() {
    let dir = project();
    write(
        dir.path(),
        "tenderlint.toml",
        "exclude = [\"agreements/**\"]\n",
    );
    write(dir.path(), "bids/.tenderlintignore", "old-*.md\n");
    fs::copy(root().join(BID), dir.path().join("bids/old-draft.md")).expect("copy");
    let named = ["agreements/advice.md", "bids/old-draft.md", "bids/youth.md"];
    let (all, _) = checked_paths(dir.path(), &named);
    assert_eq!(all, named, "named files are all read without the flag");
    let mut forced = vec!["--force-exclude"];
    forced.extend_from_slice(&named);
    let (kept, _) = checked_paths(dir.path(), &forced);
    assert_eq!(kept, ["bids/youth.md"]);
    // Everything named excluded: nothing to do, not an error; JSON is still a report.
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--force-exclude",
            "agreements/advice.md",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    assert_eq!(report["files"], serde_json::json!([]));
    let out = run_in(
        dir.path(),
        &["check", "--force-exclude", "agreements/advice.md"],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stderr).expect("utf-8");
    assert!(text.contains("Nothing to check: 1 file excluded"), "{text}");
}

/// `--diff-base REV` reports only on files changed since REV (modified, staged or new), with
/// a plain error outside a git repository or for a revision that does not exist.
#[test]
fn diff_base_reports_only_files_changed_since_a_revision() {
    let dir = project();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .expect("run git");
        assert!(out.status.success(), "git {args:?}: {:?}", out);
    };
    // Outside a repository first.
    let out = run_in(dir.path(), &["check", "--diff-base", "HEAD", "."]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr).expect("utf-8");
    assert!(
        text.contains("--diff-base needs a git repository"),
        "{text}"
    );
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "base"]);
    let (unchanged, _) = checked_paths(dir.path(), &["--diff-base", "HEAD", "."]);
    assert!(unchanged.is_empty(), "{unchanged:?}");
    let out = run_in(dir.path(), &["check", "--diff-base", "HEAD", "."]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stderr).expect("utf-8");
    assert!(
        text.contains("no document has changed since HEAD"),
        "{text}"
    );
    let advice = dir.path().join("agreements/advice.md");
    let text = fs::read_to_string(&advice).expect("read");
    fs::write(&advice, format!("{text}\nA new line.\n")).expect("write");
    fs::copy(root().join(BID), dir.path().join("bids/new-bid.md")).expect("copy");
    let (changed, _) = checked_paths(dir.path(), &["--diff-base", "HEAD", "."]);
    assert_eq!(changed, ["agreements/advice.md", "bids/new-bid.md"]);
    let (all, _) = checked_paths(dir.path(), &["."]);
    assert_eq!(all.len(), 3, "{all:?}");
    let out = run_in(dir.path(), &["check", "--diff-base", "no-such-branch", "."]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr).expect("utf-8");
    assert!(text.contains("no such revision"), "{text}");
}

/// The files `check --format json ARGS` reports on in `dir`, and its exit status.
fn checked_paths(dir: &Path, args: &[&str]) -> (Vec<String>, Option<i32>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let paths = report["files"]
        .as_array()
        .map(|files| {
            files
                .iter()
                .filter_map(|f| f["path"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    (paths, out.status.code())
}
