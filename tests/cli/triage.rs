//! Triage in the terminal: `--format concise` prints a line per finding, an insta snapshot on
//! `tests/triage/draft-subcontract.md` (an agreement with seven placeholders) and two twins.

use std::process::{Command, Output};

use super::root;

/// The agreement with several placeholders.
const DRAFT: &str = "tests/triage/draft-subcontract.md";

/// The real binary, drawing `columns` wide.
fn run(columns: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tenderlint"))
        .args(args)
        .current_dir(root())
        .env("COLUMNS", columns)
        .env("NO_COLOR", "1")
        .output()
        .expect("run tenderlint")
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("utf-8")
}

#[test]
fn concise_output_is_a_line_per_finding_with_its_place() {
    let out = run(
        "80",
        &[
            "check",
            "--format",
            "concise",
            DRAFT,
            "fixtures/docx/docx-rs/agreements/subcontract-payment-and-exit.docx",
            "fixtures/pdf/latex/agreements/consortium-agreement.pdf",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "{}", text(out.stderr));
    let report = text(out.stdout);
    insta::assert_snapshot!(report);
    // With --quiet, the findings alone.
    let quiet = run("80", &["check", "--format", "concise", "--quiet", DRAFT]);
    let quiet = text(quiet.stdout);
    assert_eq!(quiet.lines().count(), 7, "{quiet}");
    assert!(quiet.lines().all(|l| l.starts_with(DRAFT)), "{quiet}");
}
