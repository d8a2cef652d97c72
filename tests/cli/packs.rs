//! Packs: several files checked as one document set (`--pack DIR`, a folder's
//! `tenderlint-pack.toml`, `[[packs]]` in tenderlint.toml). A provision in any member answers
//! for all; findings point at the member where the words are; a finding about the whole pack at
//! its main document; file by file, the old behaviour.

use std::fs;
use std::path::Path;

use serde_json::Value;

use super::{json, shared, tenderlint, zip};

/// (file name, rule, subject, sheet cell or line) of every diagnostic.
fn findings(report: &Value) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for file in report["files"].as_array().expect("files") {
        let name = Path::new(file["path"].as_str().expect("path"))
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        for d in file["diagnostics"].as_array().expect("diagnostics") {
            let at = &d["location"];
            let place = match at["address"].as_str() {
                Some(cell) => format!("{}!{cell}", at["sheet"].as_str().unwrap_or_default()),
                None => at["line"]
                    .as_u64()
                    .map_or_else(String::new, |l| l.to_string()),
            };
            out.push((
                name.clone(),
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["subject"].as_str().unwrap_or_default().to_string(),
                place,
            ));
        }
    }
    out
}

fn rules_of(report: &Value) -> Vec<String> {
    findings(report).into_iter().map(|f| f.1).collect()
}

const HARBOUR: &str = "fixtures/packs/harbour-bid";

#[test]
fn a_bid_and_its_budget_workbook_are_checked_as_one() {
    let (report, status) = json(&["--pack", HARBOUR]);
    assert_eq!(status, 1, "{report}");
    let found = findings(&report);
    // Quayside Boxing Club CIC's only funding line is a row of the workbook: clear. Estuary
    // Sailing Club has no row: flagged where the application names it.
    let unfunded: Vec<_> = found.iter().filter(|f| f.1 == "unfunded-partner").collect();
    assert_eq!(
        unfunded,
        [&(
            "application.md".to_string(),
            "unfunded-partner".to_string(),
            "Estuary Sailing Club".to_string(),
            "14".to_string()
        )],
        "{found:?}"
    );
    // The workbook's Year 2 total sums one row short: found at its cell.
    assert!(
        found
            .iter()
            .any(|f| (f.0.as_str(), f.1.as_str(), f.3.as_str())
                == ("budget.xlsx", "budget-mismatch", "Budget!C10")),
        "{found:?}"
    );
    // Both files are the pack's, checked as the kind its settings give.
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    for file in files {
        assert_eq!(file["pack"], "Harbour Nights bid", "{file}");
        assert_eq!(file["kind"], "bid", "{file}");
        assert_eq!(file["checked"], true, "{file}");
    }
    let pack = &report["packs"][0];
    assert_eq!(pack["name"], "Harbour Nights bid");
    assert_eq!(pack["main"], format!("{HARBOUR}/application.md"));
    assert_eq!(pack["files"].as_array().map(Vec::len), Some(2));
    assert_eq!(pack["findings"], Value::Array(Vec::new()));
}

#[test]
fn checked_file_by_file_each_member_stands_alone() {
    // The application alone has no funding line for either partner.
    let (report, _) = json(&[&format!("{HARBOUR}/application.md")]);
    let subjects: Vec<String> = findings(&report)
        .into_iter()
        .filter(|f| f.1 == "unfunded-partner")
        .map(|f| f.2)
        .collect();
    assert_eq!(
        subjects,
        ["Quayside Boxing Club CIC", "Estuary Sailing Club"],
        "{report}"
    );
    assert!(report.get("packs").is_none(), "{report}");
    // The workbook alone has no kind its text tells.
    let (report, _) = json(&[&format!("{HARBOUR}/budget.xlsx")]);
    assert_eq!(report["files"][0]["checked"], false, "{report}");
}

#[test]
fn a_folder_holding_a_pack_file_is_a_pack_in_a_walk() {
    let (report, _) = json(&["fixtures/packs"]);
    let packs: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["pack"].as_str())
        .collect();
    assert_eq!(
        packs,
        ["Harbour Nights bid", "Harbour Nights bid"],
        "{report}"
    );
    // The human report introduces the pack once, before its main document.
    let out = tenderlint(&["check", "fixtures/packs"]);
    let human = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        human.matches("Pack \"Harbour Nights bid\"").count(),
        1,
        "{human}"
    );
}

/// An agreement in two files: the core terms hold the dispute clause, the schedule the exit
/// plan and the data protection terms, the definitions file what "Services" means.
fn agreement_pack(dir: &Path) {
    fs::create_dir_all(dir.join("contract")).expect("mkdir");
    fs::write(
        dir.join("contract/Core Terms.md"),
        "---\nkind: subcontract\n---\n\n# Subcontract for advice services: core terms\n\n\
         This subcontract is made between Northgate Advice Trust (the \"Contractor\") and \
         Millbrook Law Centre (the \"Subcontractor\").\n\n\
         ## 1. Services\n\nThe Subcontractor shall deliver the Services set out in Schedule 1 \
         and the Contractor shall pay the Subcontractor £48,000 a year, within 30 days of a \
         valid invoice.\n\n\
         ## 2. Disputes\n\nIf a dispute arises under this subcontract, the parties shall first \
         try to resolve it by negotiation between their chief executives and, failing that \
         within 30 days, refer it to mediation.\n",
    )
    .expect("write");
    fs::write(
        dir.join("contract/Schedule 1 - Services and exit.md"),
        "# Schedule 1: services, exit and data\n\n\
         ## Exit\n\nOn expiry or termination the Subcontractor shall follow the exit plan: it \
         shall hand over case records and work with the Contractor for an orderly transfer of \
         open cases to a new provider.\n\n\
         ## Data protection\n\nEach party shall comply with the UK GDPR and the Data \
         Protection Act 2018; the Subcontractor processes personal data as a processor on the \
         Contractor's written instructions.\n",
    )
    .expect("write");
}

#[test]
fn a_provision_in_one_member_answers_for_the_pack() {
    let dir = tempfile::tempdir().expect("tempdir");
    agreement_pack(dir.path());
    let contract = dir.path().join("contract");
    let contract = contract.to_str().expect("utf-8 path");
    let missing = [
        "missing-dispute-resolution",
        "missing-exit-arrangements",
        "missing-data-protection",
    ];
    // File by file, the schedule lacks the dispute clause.
    let (alone, _) = json(&["--kind", "subcontract", contract]);
    let lacking: Vec<_> = findings(&alone)
        .into_iter()
        .filter(|f| f.1 == "missing-dispute-resolution")
        .map(|f| f.0)
        .collect();
    assert_eq!(lacking, ["Schedule 1 - Services and exit.md"], "{alone}");
    // As a pack, nothing is missing; the main document is the core terms, by name.
    let (pack, _) = json(&["--pack", contract]);
    let rules = rules_of(&pack);
    assert!(
        !rules.iter().any(|r| missing.contains(&r.as_str())),
        "{pack}"
    );
    assert!(
        pack["packs"][0]["main"]
            .as_str()
            .is_some_and(|m| m.ends_with("Core Terms.md")),
        "{pack}"
    );
    assert_eq!(pack["packs"][0]["kind"], "subcontract");
    // Take the dispute clause away: the pack lacks it, said once, at the main document.
    let core = dir.path().join("contract/Core Terms.md");
    let text = fs::read_to_string(&core).expect("read");
    let cut = text.find("## 2. Disputes").expect("the clause");
    fs::write(&core, &text[..cut]).expect("write");
    let (pack, _) = json(&["--pack", contract]);
    let lacking: Vec<_> = findings(&pack)
        .into_iter()
        .filter(|f| f.1 == "missing-dispute-resolution")
        .collect();
    assert_eq!(lacking.len(), 1, "{pack}");
    assert_eq!(lacking[0].0, "Core Terms.md");
    assert_eq!(
        pack["packs"][0]["findings"][0]["rule"],
        "missing-dispute-resolution"
    );
}

#[test]
fn packs_from_the_configuration_and_a_pack_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    agreement_pack(dir.path());
    fs::write(
        dir.path().join("tenderlint.toml"),
        "[[packs]]\nname = \"Millbrook subcontract\"\nfiles = [\"contract/*.md\"]\n",
    )
    .expect("write");
    let out = tenderlint(&[
        "check",
        "--format",
        "json",
        dir.path().to_str().expect("utf-8"),
    ]);
    // Run from the project root, the temporary folder's tenderlint.toml is not found; from
    // inside it, it is.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Millbrook subcontract"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenderlint"))
        .args(["check", "--format", "json", "."])
        .current_dir(dir.path())
        .output()
        .expect("run");
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        report["packs"][0]["name"], "Millbrook subcontract",
        "{report}"
    );
    assert!(
        !rules_of(&report)
            .iter()
            .any(|r| r == "missing-dispute-resolution")
    );
    // A pack file names the main document and the kind; its mistakes are errors naming it.
    fs::remove_file(dir.path().join("tenderlint.toml")).expect("rm");
    fs::write(
        dir.path().join("contract/tenderlint-pack.toml"),
        "main = \"Schedule 1 - Services and exit.md\"\nkind = \"grant-agreement\"\n",
    )
    .expect("write");
    let (report, _) = json(&[dir.path().to_str().expect("utf-8")]);
    let pack = &report["packs"][0];
    assert_eq!(pack["name"], "contract", "{report}");
    assert_eq!(pack["kind"], "grant-agreement");
    assert!(
        pack["main"]
            .as_str()
            .is_some_and(|m| m.ends_with("exit.md"))
    );
    fs::write(
        dir.path().join("contract/tenderlint-pack.toml"),
        "mian = \"x.md\"\n",
    )
    .expect("write");
    let out = tenderlint(&["check", dir.path().to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tenderlint-pack.toml") && err.contains("mian"),
        "{err}"
    );
}

#[test]
fn a_pack_must_be_a_folder() {
    for (arg, says) in [
        ("no/such/folder", "no such folder"),
        (
            "fixtures/packs/harbour-bid/application.md",
            "a pack is a folder",
        ),
    ] {
        let out = tenderlint(&["check", "--pack", arg]);
        assert_eq!(out.status.code(), Some(2), "{arg}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says) && err.contains(arg), "{err}");
    }
}

#[test]
fn an_unreadable_member_is_reported_and_the_others_still_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    agreement_pack(dir.path());
    let contract = dir.path().join("contract");
    fs::write(contract.join("Schedule 9.docx"), b"PK\x03\x04 not a zip").expect("write");
    fs::write(
        contract.join("Annex.pptx"),
        zip(&[("ppt/presentation.xml", b"<p/>")]),
    )
    .expect("write");
    let (report, status) = json(&["--pack", contract.to_str().expect("utf-8")]);
    assert_eq!(status, 2, "{report}");
    let files = report["files"].as_array().expect("files");
    // A folder walk passes over the presentation (not a document tenderlint reads); the
    // damaged Word file is reported.
    assert_eq!(files.len(), 3, "{report}");
    let errors: Vec<&str> = files
        .iter()
        .filter_map(|f| f["errors"][0]["code"].as_str())
        .collect();
    assert_eq!(errors, ["corrupt-file"], "{report}");
    // The two Markdown files were still checked together.
    assert!(
        !rules_of(&report)
            .iter()
            .any(|r| r == "missing-dispute-resolution")
    );
    for file in files {
        assert_eq!(file["pack"], "contract", "{file}");
    }
}

#[test]
fn a_pack_works_with_kind_baselines_and_sarif() {
    let dir = tempfile::tempdir().expect("tempdir");
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().expect("utf-8");
    let out = tenderlint(&["check", "--pack", HARBOUR, "--write-baseline", baseline]);
    assert_eq!(out.status.code(), Some(0));
    let (report, status) = json(&["--pack", HARBOUR, "--baseline", baseline]);
    assert_eq!(status, 0, "{report}");
    assert!(rules_of(&report).is_empty(), "{report}");
    // --kind wins over the pack's own settings.
    let (report, _) = json(&["--pack", HARBOUR, "--kind", "mou"]);
    assert_eq!(report["packs"][0]["kind"], "mou");
    // SARIF names the member each result is in.
    let out = tenderlint(&["check", "--format", "sarif", "--pack", HARBOUR]);
    let log: Value = serde_json::from_slice(&out.stdout).expect("sarif");
    let uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(
        uris.iter().any(|u| u.ends_with("application.md")),
        "{uris:?}"
    );
    assert!(uris.iter().any(|u| u.ends_with("budget.xlsx")), "{uris:?}");
}

/// The Crown Commercial Service's facilities management call-off pack: core terms, call-off and
/// joint schedules and the specification, as published. Checked file by file, schedule after
/// schedule "lacks" the dispute clause the core terms hold; as a pack, none does.
#[test]
fn the_ccs_contract_pack_holds_its_provisions_somewhere() {
    let Some(dir) = shared("corpus/agreements/ccs-rm3830-fm-docx") else {
        return;
    };
    let dir = dir.to_str().expect("utf-8");
    let missing = [
        "missing-dispute-resolution",
        "missing-exit-arrangements",
        "missing-data-protection",
    ];
    let (alone, _) = json(&[dir]);
    let by_file = rules_of(&alone)
        .into_iter()
        .filter(|r| missing.contains(&r.as_str()))
        .count();
    assert!(by_file >= 5, "file by file: {by_file}");
    let (pack, status) = json(&["--pack", dir]);
    assert_ne!(status, 2, "{pack}");
    let rules = rules_of(&pack);
    assert!(
        !rules.iter().any(|r| missing.contains(&r.as_str())),
        "{rules:?}"
    );
    assert!(
        pack["packs"][0]["main"]
            .as_str()
            .is_some_and(|m| m.contains("Core Terms")),
        "{}",
        pack["packs"][0]
    );
}

/// Every folder of the shared corpus checked as one pack (real contract packs and bids, and
/// the robustness folders' damaged and hostile files): each ends with a result for every file,
/// never a crash.
#[test]
fn every_corpus_folder_checked_as_a_pack_ends_cleanly() {
    let Some(corpus) = shared("corpus") else {
        return;
    };
    let mut folders = Vec::new();
    for group in ["agreements", "bids", "robustness"] {
        for entry in fs::read_dir(corpus.join(group))
            .expect("corpus group")
            .flatten()
        {
            if entry.path().is_dir() {
                folders.push(entry.path());
            }
        }
    }
    folders.sort();
    assert!(folders.len() >= 5, "{folders:?}");
    for folder in folders {
        let shown = folder.display().to_string();
        let out = tenderlint(&["check", "--format", "json", "--pack", &shown]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{shown}: {stderr}");
        assert!(
            matches!(out.status.code(), Some(0..=2)),
            "{shown}: {stderr}"
        );
        let report: Value = serde_json::from_slice(&out.stdout).expect("json");
        let files = report["files"].as_array().expect("files");
        assert!(!files.is_empty(), "{shown}");
        for file in files {
            let internal = file["errors"][0]["code"] == "internal-error";
            assert!(!internal, "{shown}: {file}");
        }
    }
}

/// A member that panics (or hangs) takes its own pack down with it, reported for each of the
/// pack's files, and nothing else: the files outside the pack are checked as before.
#[cfg(debug_assertions)]
#[test]
fn a_panic_in_a_pack_stays_in_the_pack() {
    let dir = tempfile::tempdir().expect("tempdir");
    agreement_pack(dir.path());
    fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/bids/family-support-bid.md"),
        dir.path().join("outside.md"),
    )
    .expect("copy");
    let contract = dir.path().join("contract");
    fs::write(
        contract.join("panics.md"),
        "# A schedule\n\nNothing here.\n",
    )
    .expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenderlint"))
        .args(["check", "--format", "json", "--pack"])
        .arg(&contract)
        .arg(dir.path().join("outside.md"))
        .env("TENDERLINT_TEST_PANIC", "panics.md")
        .output()
        .expect("run");
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let files = report["files"].as_array().expect("files");
    let code = |name: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
            .map(|f| f["errors"][0]["code"].clone())
            .unwrap_or_default()
    };
    assert_eq!(code("panics.md"), "internal-error", "{report}");
    assert_eq!(code("Core Terms.md"), "internal-error", "{report}");
    assert_eq!(code("outside.md"), Value::Null, "{report}");
    assert_eq!(out.status.code(), Some(2));
}
