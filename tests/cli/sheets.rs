//! Spreadsheets: Excel, OpenDocument and CSV budgets read as tables with sheet and cell
//! locations; hidden sheets and rows reported; presentations, binary and legacy workbooks and workbook
//! bombs refused with a clear error and exit 2, the other files still checked.

use serde_json::Value;

use super::{json, root, zip};

/// (rule, sheet, cell) of every finding in the one file of a report.
fn places(report: &Value) -> Vec<(String, String, String)> {
    report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let at = &d["location"];
            (
                d["rule"].as_str().unwrap_or_default().to_string(),
                at["sheet"].as_str().unwrap_or_default().to_string(),
                at["address"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_wrong_total_in_a_workbook_is_found_at_its_cell_in_xlsx_and_ods() {
    for file in [
        "fixtures/sheets/harbour-budget.xlsx",
        "fixtures/sheets/harbour-budget.ods",
    ] {
        let (report, status) = json(&["--kind", "bid", file]);
        assert_eq!(status, 1, "{report}");
        let found = places(&report);
        // The Year 2 total sums one row short: its cached value is the wrong figure.
        assert!(
            found.contains(&("budget-mismatch".into(), "Budget".into(), "C10".into())),
            "{file}: {found:?}"
        );
        // Years 1 and 3 add up.
        assert_eq!(
            found
                .iter()
                .filter(|f| f.0 == "budget-mismatch" && f.1 == "Budget")
                .count(),
            1,
            "{file}: {found:?}"
        );
        // Shares formatted as percentages read as 60% and 30% (stored as 0.6 and 0.3), and
        // come to 90% against the total's 100%.
        assert!(
            found.contains(&("budget-mismatch".into(), "Split".into(), "B4".into())),
            "{file}: {found:?}"
        );
        let text = super::tenderlint(&["extract", file]);
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(
            text.contains("Harbour Youth Project | 60%") && text.contains("Total | 100%"),
            "{file}: {text}"
        );
        // The hidden sheet is read and said to be hidden.
        assert!(
            found.contains(&("hidden-sheets".into(), "Old figures".into(), "A1".into())),
            "{file}: {found:?}"
        );
        let message = report.to_string();
        assert!(message.contains("'Old figures'"), "{message}");
        // A hidden row of a visible sheet is read too (its note is still a placeholder) and
        // said to be hidden, at its cell.
        assert!(
            found.contains(&("hidden-rows".into(), "Notes".into(), "A3".into())),
            "{file}: {found:?}"
        );
        assert!(
            found.contains(&("unresolved-placeholder".into(), "Notes".into(), "A3".into())),
            "{file}: {found:?}"
        );
        assert!(message.contains("sheet Notes: row 3"), "{message}");
    }
}

#[test]
fn a_csv_budget_that_adds_up_has_no_mismatch_and_its_places_are_cells() {
    let (report, _) = json(&["--kind", "bid", "fixtures/sheets/harbour-budget.csv"]);
    assert_eq!(report["files"][0]["format"], "csv", "{report}");
    let found = places(&report);
    assert!(found.iter().all(|f| f.0 != "budget-mismatch"), "{found:?}");
    assert!(
        found
            .iter()
            .all(|f| f.1 == "harbour-budget" && f.2.starts_with('A')),
        "{found:?}"
    );
}

#[test]
fn a_folder_walk_reads_workbooks_and_a_lone_workbook_asks_for_its_kind() {
    let (report, _) = json(&["fixtures/sheets"]);
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 3, "{report}");
    for file in files {
        assert!(
            file["errors"].as_array().is_none_or(Vec::is_empty),
            "{file}"
        );
    }
}

#[test]
fn presentations_binary_and_legacy_workbooks_and_bombs_are_errors_with_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let put =
        |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).expect("write");
    put(
        "deck.pptx",
        &zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("_rels/.rels", b"<Relationships/>"),
            ("ppt/presentation.xml", b"<p:presentation/>"),
        ]),
    );
    put(
        "slides.odp",
        &zip(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.presentation",
            ),
            ("content.xml", b"<office:document-content/>"),
        ]),
    );
    put(
        "budget.xlsb",
        &zip(&[
            ("_rels/.rels", b"<Relationships/>"),
            ("xl/workbook.bin", b"\x00\x01"),
        ]),
    );
    // An OLE2 compound file with a "Workbook" stream: Excel 97-2003.
    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.extend("Workbook".encode_utf16().flat_map(u16::to_le_bytes));
    put("budget.xls", &xls);
    // A workbook whose one sheet inflates to gigabytes of nothing.
    let mut sheet = b"<worksheet><sheetData>".to_vec();
    sheet.extend(std::iter::repeat_n(b' ', 300 << 20));
    put(
        "bomb.xlsx",
        &zip(&[
            ("_rels/.rels", b"<Relationships/>"),
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/worksheets/sheet1.xml", &sheet),
        ]),
    );
    std::fs::copy(
        root().join("fixtures/sheets/harbour-budget.xlsx"),
        dir.path().join("good.xlsx"),
    )
    .expect("copy");
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let names = [
        "deck.pptx",
        "slides.odp",
        "budget.xlsb",
        "budget.xls",
        "bomb.xlsx",
        "good.xlsx",
    ];
    let args: Vec<String> = names.iter().map(|n| path(n)).collect();
    let mut all = vec!["--kind", "bid"];
    all.extend(args.iter().map(String::as_str));
    let (report, status) = json(&all);
    assert_eq!(status, 2, "{report}");
    let code = |name: &str| -> String {
        let file = report["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
            .unwrap_or_else(|| panic!("{name} in {report}"));
        file["errors"][0]["code"]
            .as_str()
            .unwrap_or("ok")
            .to_string()
    };
    assert_eq!(code("deck.pptx"), "unsupported-format");
    assert_eq!(code("slides.odp"), "unsupported-format");
    assert_eq!(code("budget.xlsb"), "unsupported-format");
    assert_eq!(code("budget.xls"), "unsupported-format");
    assert_eq!(code("bomb.xlsx"), "limit-exceeded");
    assert_eq!(code("good.xlsx"), "ok");
    let text = report.to_string();
    assert!(
        text.contains("save it as an Excel workbook (.xlsx"),
        "{text}"
    );
}
