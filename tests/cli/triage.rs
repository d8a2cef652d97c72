//! Triage in the terminal: the human report puts errors first, draws findings that say the same
//! thing once with the list of their places, fits the terminal's width, names the errors to fix
//! in its closing summary; `--format concise` prints a line per finding. The grouped and
//! concise outputs are insta snapshots of `tests/triage/draft-subcontract.md`, an agreement
//! with seven placeholders.

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

/// Whether a line wider than the terminal is one word that cannot be broken (a long path or
/// address) once miette's gutter and box characters are left out.
fn unbreakable(line: &str) -> bool {
    let words = line
        .trim_start_matches(|c: char| c.is_ascii_digit() || " │╭╰─·┬[".contains(c))
        .trim_end_matches(']')
        .trim();
    !words.contains(char::is_whitespace)
}

#[test]
fn at_80_columns_no_line_of_the_fixtures_report_is_wider() {
    let out = run("80", &["check", "fixtures"]);
    let report = text(out.stderr);
    assert!(report.lines().count() > 1000, "{report}");
    let wide: Vec<&str> = report
        .lines()
        .filter(|line| line.chars().count() > 80 && !unbreakable(line))
        .collect();
    assert!(
        wide.is_empty(),
        "{} lines wider than 80 columns:\n{}",
        wide.len(),
        wide.join("\n")
    );
}

#[test]
fn findings_that_say_the_same_thing_are_drawn_once_with_their_places() {
    let out = run("80", &["check", DRAFT]);
    let report = text(out.stderr);
    assert_eq!(report.matches("help:").count(), 1, "{report}");
    insta::assert_snapshot!(report);
}

#[test]
fn errors_come_before_warnings_and_info_in_each_file() {
    let out = run(
        "100",
        &[
            "check",
            "fixtures/agreements/subcontract-payment-and-exit.md",
        ],
    );
    let report = text(out.stderr);
    let order: Vec<u8> = report
        .lines()
        .filter_map(|line| match line.trim_start().chars().next() {
            Some('×') => Some(0),
            Some('⚠') => Some(1),
            Some('☞') => Some(2),
            _ => None,
        })
        .collect();
    assert!(order.len() > 3 && order[0] == 0, "{report}");
    assert!(
        order.windows(2).all(|w| w[0] <= w[1]),
        "{order:?}\n{report}"
    );
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

#[test]
fn the_summary_names_the_errors_and_never_calls_an_unread_file_clean() {
    let out = run(
        "100",
        &[
            "check",
            "fixtures/agreements/subcontract-payment-and-exit.md",
        ],
    );
    // As one line of words: the summary is wrapped to the width.
    let report = text(out.stderr)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        report.contains(
            "2 errors to fix before you sign or submit: payment-terms-over-30-days \
             (subcontract-payment-and-exit.md), pay-when-paid (subcontract-payment-and-exit.md)."
        ),
        "{report}"
    );
    let out = run(
        "100",
        &[
            "check",
            "fixtures/bids/tenancy-sustainment-bid.md",
            "fixtures/no-such-file.md",
        ],
    );
    let report = text(out.stderr)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(!report.contains("No problems found"), "{report}");
    assert!(
        report.contains("1 file could not be read: no-such-file.md (not-found)."),
        "{report}"
    );
}
