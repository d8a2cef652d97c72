//! Writes the spreadsheet fixtures: `fixtures/sheets/*.xlsx` (and the CSV beside them).
//!
//! Run it as `cargo run --example make_fixture_sheets` (`--out DIR` writes somewhere else). The
//! ODS twin is LibreOffice's conversion of the workbook:
//! `soffice --headless --convert-to ods --outdir fixtures/sheets fixtures/sheets/harbour-budget.xlsx`.
//!
//! `harbour-budget.xlsx` is a bid's budget workbook as a small charity keeps one:
//! - sheet "Budget": a title line, a blank row, a header row ("Cost", "Year 1 (£)" …), cost
//!   lines (two of them a partner's), and a "Total" row of SUM formulas. The Year 2 total sums
//!   one row short (B..C5:C9 misses the last line), the mistake a row inserted under a SUM makes;
//!   its cached value is what Excel shows, so the reader must read cached values and find the
//!   gap at cell C10;
//! - sheet "Notes": a paragraph of text, no table, and in row 3, hidden, a working note the
//!   reader must still read and report as a hidden row;
//! - sheet "Split": each party's share of the grant as cells formatted `0%` (stored as 0.6,
//!   0.3 and 1): the reader must show them as 60%, 30% and 100%, and find that they come to
//!   90%, not 100%, at the total's cell;
//! - sheet "Old figures", hidden: last year's budget, which a reader must still read and report
//!   as hidden.
//!
//! `harbour-budget.csv` is the Budget sheet's figures as a CSV export, with the right totals.
//!
//! `../packs/harbour-bid/budget.xlsx` is the same workbook, the budget of the pack
//! `fixtures/packs/harbour-bid/` (its application is written by hand).

use std::path::PathBuf;

use rust_xlsxwriter::{Format, Formula, Workbook, XlsxError};

/// (cost line, year 1, year 2, year 3).
const LINES: [(&str, f64, f64, f64); 5] = [
    ("Youth Work Lead (0.8 FTE)", 26_400.0, 27_190.0, 28_010.0),
    ("Sessional youth workers", 12_480.0, 12_850.0, 13_240.0),
    (
        "Coaching and mentoring – Quayside Boxing Club CIC",
        9_360.0,
        9_360.0,
        9_360.0,
    ),
    ("Venue hire (Quay Hall)", 4_200.0, 4_330.0, 4_460.0),
    ("Overheads (finance, insurance)", 5_680.0, 5_790.0, 5_940.0),
];

fn main() -> Result<(), XlsxError> {
    let mut args = std::env::args().skip(1);
    let mut out = PathBuf::from("fixtures/sheets");
    while let Some(arg) = args.next() {
        if arg == "--out" {
            out = PathBuf::from(args.next().expect("--out needs a folder"));
        }
    }
    std::fs::create_dir_all(&out).expect("create the output folder");

    let mut workbook = Workbook::new();
    let budget = workbook.add_worksheet().set_name("Budget")?;
    budget.write_string(0, 0, "Harbour Nights – project budget")?;
    for (c, header) in ["Cost", "Year 1 (£)", "Year 2 (£)", "Year 3 (£)"]
        .iter()
        .enumerate()
    {
        budget.write_string(2, c as u16, *header)?;
    }
    for (r, (line, y1, y2, y3)) in LINES.iter().enumerate() {
        let row = 3 + r as u32;
        budget.write_string(row, 0, *line)?;
        budget.write_number(row, 1, *y1)?;
        budget.write_number(row, 2, *y2)?;
        budget.write_number(row, 3, *y3)?;
    }
    // Row 10 (0-based 9), after a blank row: the totals. Year 2 sums one row short.
    let total_row = 9;
    budget.write_string(total_row, 0, "Total")?;
    let sum = |from: usize, to: usize, column: usize| -> f64 {
        LINES[from..to]
            .iter()
            .map(|l| [l.1, l.2, l.3][column])
            .sum()
    };
    budget.write_formula(
        total_row,
        1,
        Formula::new("=SUM(B4:B8)").set_result(sum(0, 5, 0).to_string()),
    )?;
    budget.write_formula(
        total_row,
        2,
        Formula::new("=SUM(C4:C7)").set_result(sum(0, 4, 1).to_string()),
    )?;
    budget.write_formula(
        total_row,
        3,
        Formula::new("=SUM(D4:D8)").set_result(sum(0, 5, 2).to_string()),
    )?;

    let notes = workbook.add_worksheet().set_name("Notes")?;
    notes.write_string(
        0,
        0,
        "Staff costs rise by 3% a year. Quayside Boxing Club CIC invoices monthly in arrears.",
    )?;
    // Row 3, hidden: a working note a reader of the workbook does not see.
    notes.write_string(
        2,
        0,
        "Working note: a 12% management fee is still to be agreed with Quayside.",
    )?;
    notes.set_row_hidden(2)?;

    // Sheet "Split": each party's share of the grant, formatted as percentages (stored as
    // fractions: 0.6 shows as 60%). They come to 90%, against a total of 100%.
    let split = workbook.add_worksheet().set_name("Split")?;
    let percent = Format::new().set_num_format("0%");
    split.write_string(0, 0, "Organisation")?;
    split.write_string(0, 1, "Share of the grant")?;
    for (r, (name, share)) in [
        ("Harbour Youth Project", 0.6),
        ("Quayside Boxing Club CIC", 0.3),
        ("Total", 1.0),
    ]
    .iter()
    .enumerate()
    {
        split.write_string(1 + r as u32, 0, *name)?;
        split.write_number_with_format(1 + r as u32, 1, *share, &percent)?;
    }

    let old = workbook.add_worksheet().set_name("Old figures")?;
    old.write_string(0, 0, "Cost")?;
    old.write_string(0, 1, "2024-25 (£)")?;
    old.write_string(1, 0, "Youth Work Lead")?;
    old.write_number(1, 1, 24_000.0)?;
    old.write_string(2, 0, "Total")?;
    old.write_number(2, 1, 24_000.0)?;
    old.set_hidden(true);

    workbook.save(out.join("harbour-budget.xlsx"))?;
    // The same workbook is the budget of the bid pack `fixtures/packs/harbour-bid/`, beside its
    // application (which names a second partner the workbook has no line for).
    let pack = out.join("../packs/harbour-bid");
    std::fs::create_dir_all(&pack).expect("create the pack folder");
    workbook.save(pack.join("budget.xlsx"))?;

    let mut csv = String::from("Cost,Year 1 (£),Year 2 (£),Year 3 (£)\n");
    for (line, y1, y2, y3) in LINES {
        csv.push_str(&format!("\"{line}\",{y1},{y2},{y3}\n"));
    }
    csv.push_str(&format!(
        "Total,{},{},{}\n",
        sum(0, 5, 0),
        sum(0, 5, 1),
        sum(0, 5, 2)
    ));
    std::fs::write(out.join("harbour-budget.csv"), csv).expect("write the CSV");
    Ok(())
}
