//! Spreadsheets (Excel .xlsx/.xlsm, OpenDocument .ods, CSV) to a [`Document`].
//!
//! A budget workbook is tables: each sheet becomes a heading (the sheet's name) and its blocks,
//! where a block is a run of rows with no empty row between them. A block whose rows each hold
//! at most one filled cell is text (a title or note above a table, read as a heading when it
//! reads like one); any other block is a table, after the one-cell rows at its top (its title)
//! are read as text. A table's first row is its header when its cells are all words and a
//! later row has a number. Cells hold what the file stores as their value: for a formula, the
//! value last calculated (Excel and LibreOffice save it beside the formula), so a total row
//! reads as the reader sees it.
//!
//! Every cell's text maps to [`Origin::Cell`] (sheet, row, column), so findings say "sheet
//! Budget, row 9, cell C9". Hidden sheets are read like the others and reported once as a
//! [`diagnostic::HIDDEN_SHEETS`] notice; rows hidden in a visible sheet with something in them,
//! as a [`diagnostic::HIDDEN_ROWS`] notice (calamine reads their cells but not their
//! visibility, which comes from the sheets' XML).
//!
//! Excel and OpenDocument files are ZIP packages: every XML part is first read through
//! [`Package`] under the same limits as Word files (part size, total size, compression ratio,
//! entry count), so a zip bomb is refused before calamine inflates anything.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::path::PathBuf;

use calamine::{Data, Reader, SheetVisible};

use super::ReadError;
use super::package::Package;
use super::xml::{XmlReader, attr};
use crate::diagnostic;
use crate::document::{
    BlockKind, Builder, Document, Format, Notice, Origin, Span, TITLE_LINE_LEVEL, is_title_line,
};
use quick_xml::events::Event;

/// One filled cell: 1-based row and column in the sheet, and its text.
struct Cell {
    row: u32,
    column: u32,
    text: String,
}

/// A sheet's filled cells, row by row (rows with no filled cell left out).
struct Sheet {
    name: String,
    hidden: bool,
    rows: Vec<Vec<Cell>>,
    /// Rows hidden from the reader (1-based), sorted.
    hidden_rows: Vec<u32>,
}

/// What the sheets' XML says about cells that calamine does not: rows hidden from the reader,
/// and cells formatted as percentages (stored as fractions: 0.25 shows as 25%).
#[derive(Default)]
struct Marks {
    hidden_rows: Vec<u32>,
    /// (row, column), 1-based.
    percent: HashSet<(u32, u32)>,
}

/// The most percentage cells recorded per workbook.
const MAX_PERCENT_CELLS: usize = 200_000;

/// Read an Excel or OpenDocument spreadsheet from its package.
pub fn extract(
    path: PathBuf,
    bytes: &[u8],
    package: &mut Package,
    format: Format,
) -> Result<Document, ReadError> {
    // Inflate every XML part once within limits: calamine reads them without any. A sheet's
    // used range is measured before calamine holds it in memory.
    let limit = crate::limits::current().sheet_cells;
    for name in package.names() {
        let lower = name.to_ascii_lowercase();
        if !(lower.ends_with(".xml") || lower.ends_with(".rels")) {
            continue;
        }
        let Some(xml) = package.read(&name)? else {
            continue;
        };
        // Every part, not only where sheets usually are: the workbook's relationships may put a
        // sheet anywhere in the package.
        let extent = match format {
            Format::Ods => ods_extent(&xml),
            _ => xlsx_extent(&xml),
        };
        if extent > limit {
            return Err(crate::limits::exceeded(
                "sheet-cells",
                format!(
                    "a sheet's used range covers {} cells (the limit is {})",
                    crate::wording::number(extent as f64),
                    crate::wording::number(limit as f64)
                ),
            )
            .into());
        }
    }
    let marks = sheet_marks(package, format)?;
    let cursor = Cursor::new(bytes);
    let mut sheets = match format {
        Format::Ods => sheets(
            calamine::Ods::new(cursor).map_err(|error| unreadable(&error))?,
            &marks,
        )?,
        _ => sheets(
            calamine::Xlsx::new(cursor).map_err(|error| unreadable(&error))?,
            &marks,
        )?,
    };
    for sheet in &mut sheets {
        if let Some(marks) = marks.get(&sheet.name) {
            let mut rows = marks.hidden_rows.clone();
            rows.sort_unstable();
            rows.dedup();
            sheet.hidden_rows = rows;
        }
    }
    Ok(build(path, format, sheets))
}

/// The cells in an Excel worksheet's used range: the box from the first filled cell's row and
/// column to the last's, read from the cells' references (`<c r="XFD1048576">`) and the rows'
/// numbers (`<row r="9">`) alone.
fn xlsx_extent(xml: &[u8]) -> u64 {
    let (mut rows, mut columns) = ((u64::MAX, 0u64), (u64::MAX, 0u64));
    let widen = |range: &mut (u64, u64), value: u64| {
        range.0 = range.0.min(value);
        range.1 = range.1.max(value);
    };
    let mut rest = xml;
    while let Some(at) = find(rest, b" r=\"") {
        rest = &rest[at + 4..];
        let end = rest.iter().position(|&b| b == b'"').unwrap_or(rest.len());
        let reference = &rest[..end];
        let letters = reference
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let digits = &reference[letters..];
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) || digits.len() > 9 {
            continue;
        }
        let row: u64 = std::str::from_utf8(digits)
            .ok()
            .and_then(|d| d.parse().ok())
            .unwrap_or(0);
        widen(&mut rows, row);
        if letters > 0 && letters <= 4 {
            let column = reference[..letters].iter().fold(0u64, |n, b| {
                n * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1)
            });
            widen(&mut columns, column);
        }
    }
    let span = |range: (u64, u64)| range.1.saturating_sub(range.0.min(range.1)) + 1;
    if rows.1 == 0 {
        return 0;
    }
    span(rows).saturating_mul(if columns.1 == 0 { 1 } else { span(columns) })
}

/// An upper bound on the cells an OpenDocument spreadsheet's tables expand to: each row's
/// cells, repeats counted (`table:number-columns-repeated`), times the row's own repeat. Empty
/// cells and rows repeated to the sheet's edge (what LibreOffice writes after the last filled
/// row) are not counted: they hold nothing to expand.
fn ods_extent(xml: &[u8]) -> u64 {
    let mut total: u64 = 0;
    let mut rest = xml;
    while let Some(at) = find(rest, b"<table:table-row") {
        rest = &rest[at + 16..];
        // A row left open runs to the end of the part: read it once and stop, rather than
        // scan to the end again from every later row.
        let (end, last) = match find(rest, b"</table:table-row>") {
            Some(end) => (end, false),
            None => (rest.len(), true),
        };
        let (tag_end, row) = (
            rest.iter().position(|&b| b == b'>').unwrap_or(0),
            &rest[..end],
        );
        let repeat = attribute(&rest[..tag_end], b"table:number-rows-repeated").unwrap_or(1);
        let mut cells: u64 = 0;
        let mut inner = row;
        while let Some(c) = find(inner, b"<table:table-cell") {
            inner = &inner[c + 17..];
            let close = inner.iter().position(|&b| b == b'>').unwrap_or(inner.len());
            let tag = &inner[..close];
            let filled =
                find(tag, b"office:value").is_some() || (close > 0 && tag[close - 1] != b'/');
            if filled {
                cells = cells
                    .saturating_add(attribute(tag, b"table:number-columns-repeated").unwrap_or(1));
            }
        }
        if cells > 0 {
            total = total.saturating_add(cells.saturating_mul(repeat));
        }
        if last {
            break;
        }
        rest = &rest[end.min(rest.len())..];
    }
    total
}

/// The number in an attribute `name="N"` inside a tag.
fn attribute(tag: &[u8], name: &[u8]) -> Option<u64> {
    let at = find(tag, name)? + name.len();
    let value = tag.get(at..)?.strip_prefix(b"=\"")?;
    let end = value.iter().position(|&b| b == b'"')?;
    std::str::from_utf8(&value[..end]).ok()?.parse().ok()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn unreadable(error: &dyn std::fmt::Display) -> ReadError {
    ReadError::Damaged(format!("the workbook cannot be read: {error}"))
}

/// The most hidden rows recorded per sheet (a crafted file may hide a million).
const MAX_HIDDEN_ROWS: usize = 10_000;

/// Rows hidden from the workbook's reader and percentage cells, by sheet name. Excel: `<row
/// r="7" hidden="1">` and cells whose style (`s`) has a percentage number format, in each
/// worksheet part (found through the workbook's relationships). OpenDocument:
/// `<table:table-row table:visibility="collapse">` (or `"filter"`) and cells of
/// `office:value-type="percentage"`, repeats counted.
fn sheet_marks(package: &mut Package, format: Format) -> Result<HashMap<String, Marks>, ReadError> {
    let mut marks = HashMap::new();
    if format == Format::Ods {
        if let Some(content) = package.read("content.xml")? {
            ods_marks(&String::from_utf8_lossy(&content), &mut marks)?;
        }
        return Ok(marks);
    }
    let percent_styles = match package.read("xl/styles.xml")? {
        Some(styles) => percent_styles(&String::from_utf8_lossy(&styles))?,
        None => Vec::new(),
    };
    let mut percent_cells = 0;
    let (Some(workbook), Some(rels)) = (
        package.read("xl/workbook.xml")?,
        package.read("xl/_rels/workbook.xml.rels")?,
    ) else {
        return Ok(marks);
    };
    let targets = relationship_targets(&String::from_utf8_lossy(&rels))?;
    let workbook = String::from_utf8_lossy(&workbook);
    let mut reader = XmlReader::new(&workbook, "xl/workbook.xml");
    let mut sheets = Vec::new();
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) if local_name(&e) == "sheet" => {
                if let (Some(name), Some(id)) = (attr(&e, "name"), attr(&e, "id"))
                    && let Some(target) = targets.get(&id)
                {
                    sheets.push((name, target.clone()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for (name, target) in sheets {
        let part = target
            .strip_prefix('/')
            .map_or_else(|| format!("xl/{target}"), str::to_string);
        let Some(xml) = package.read(&part)? else {
            continue;
        };
        let xml = String::from_utf8_lossy(&xml);
        let mut reader = XmlReader::new(&xml, &part);
        let mut sheet = Marks::default();
        loop {
            match reader.next()? {
                Event::Start(e) | Event::Empty(e) if local_name(&e) == "row" => {
                    let is_hidden = attr(&e, "hidden").is_some_and(|v| v == "1" || v == "true");
                    if is_hidden
                        && sheet.hidden_rows.len() < MAX_HIDDEN_ROWS
                        && let Some(row) = attr(&e, "r").and_then(|r| r.parse::<u32>().ok())
                    {
                        sheet.hidden_rows.push(row);
                    }
                }
                Event::Start(e) | Event::Empty(e) if local_name(&e) == "c" => {
                    let styled = attr(&e, "s")
                        .and_then(|s| s.parse::<usize>().ok())
                        .is_some_and(|s| percent_styles.get(s).copied().unwrap_or(false));
                    if styled
                        && percent_cells < MAX_PERCENT_CELLS
                        && let Some(place) = attr(&e, "r").and_then(|r| cell_reference(&r))
                    {
                        sheet.percent.insert(place);
                        percent_cells += 1;
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        marks.insert(name, sheet);
    }
    Ok(marks)
}

/// For each cell style of `xl/styles.xml` (`<cellXfs>` in order), whether its number format
/// shows a percentage: the built-in formats 9 (`0%`) and 10 (`0.00%`), or a custom format
/// with a `%` outside quotes.
fn percent_styles(xml: &str) -> Result<Vec<bool>, ReadError> {
    let mut reader = XmlReader::new(xml, "xl/styles.xml");
    let mut custom: HashMap<u32, bool> = HashMap::new();
    let mut styles = Vec::new();
    let mut in_cell_xfs = false;
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) if local_name(&e) == "numFmt" => {
                if let (Some(id), Some(code)) = (
                    attr(&e, "numFmtId").and_then(|i| i.parse().ok()),
                    attr(&e, "formatCode"),
                ) {
                    custom.insert(id, percent_code(&code));
                }
            }
            Event::Start(e) if local_name(&e) == "cellXfs" => in_cell_xfs = true,
            Event::End(e) if crate::extract::xml::local(e.name().0) == "cellXfs" => {
                in_cell_xfs = false;
            }
            Event::Start(e) | Event::Empty(e) if in_cell_xfs && local_name(&e) == "xf" => {
                let id: u32 = attr(&e, "numFmtId")
                    .and_then(|i| i.parse().ok())
                    .unwrap_or(0);
                styles.push(matches!(id, 9 | 10) || custom.get(&id).copied().unwrap_or(false));
            }
            Event::Eof => return Ok(styles),
            _ => {}
        }
    }
}

/// Whether a number format code shows a percentage: a `%` outside quoted text and escapes.
fn percent_code(code: &str) -> bool {
    let mut quoted = false;
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' => {
                chars.next();
            }
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A cell reference ("C9") as 1-based (row, column).
fn cell_reference(reference: &str) -> Option<(u32, u32)> {
    let letters = reference
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let column = reference[..letters].bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row = reference[letters..].parse().ok()?;
    Some((row, column))
}

/// Relationship ids to their targets, from a `.rels` part.
fn relationship_targets(xml: &str) -> Result<HashMap<String, String>, ReadError> {
    let mut reader = XmlReader::new(xml, "xl/_rels/workbook.xml.rels");
    let mut targets = HashMap::new();
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) if local_name(&e) == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    targets.insert(id, target);
                }
            }
            Event::Eof => return Ok(targets),
            _ => {}
        }
    }
}

/// Hidden rows and percentage cells of each table in an OpenDocument spreadsheet's
/// `content.xml`.
fn ods_marks(xml: &str, marks: &mut HashMap<String, Marks>) -> Result<(), ReadError> {
    let mut reader = XmlReader::new(xml, "content.xml");
    let mut table: Option<String> = None;
    // Rows before the current one, the current row's repeat, and the next cell's column.
    let mut row: u64 = 0;
    let mut row_repeat: u64 = 1;
    let mut column: u64 = 0;
    let mut percent_cells = 0;
    loop {
        match reader.next()? {
            Event::Start(e) if local_name(&e) == "table" => {
                table = attr(&e, "name");
                row = 0;
                row_repeat = 1;
            }
            Event::Start(e) | Event::Empty(e) if local_name(&e) == "table-row" => {
                let repeat: u64 = attr(&e, "number-rows-repeated")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(1)
                    .max(1);
                let collapsed = attr(&e, "visibility").is_some_and(|v| v != "visible");
                if collapsed && let Some(name) = &table {
                    let rows = &mut marks.entry(name.clone()).or_default().hidden_rows;
                    let first = row + 1;
                    let last = (row + repeat).min(first + MAX_HIDDEN_ROWS as u64);
                    for r in first..=last {
                        if rows.len() >= MAX_HIDDEN_ROWS {
                            break;
                        }
                        if let Ok(r) = u32::try_from(r) {
                            rows.push(r);
                        }
                    }
                }
                column = 0;
                row_repeat = repeat;
                row = row.saturating_add(repeat);
            }
            Event::Start(e) | Event::Empty(e)
                if matches!(local_name(&e).as_str(), "table-cell" | "covered-table-cell") =>
            {
                let repeat: u64 = attr(&e, "number-columns-repeated")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(1)
                    .max(1);
                let percent = attr(&e, "value-type").is_some_and(|t| t == "percentage");
                if percent && let Some(name) = &table {
                    let cells = &mut marks.entry(name.clone()).or_default().percent;
                    let first_row = row.saturating_sub(row_repeat) + 1;
                    for r in first_row..first_row + row_repeat.min(100) {
                        for c in column + 1..=column + repeat.min(1000) {
                            if percent_cells >= MAX_PERCENT_CELLS {
                                break;
                            }
                            if let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) {
                                cells.insert((r, c));
                                percent_cells += 1;
                            }
                        }
                    }
                }
                column = column.saturating_add(repeat);
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// An element's local name.
fn local_name(element: &quick_xml::events::BytesStart<'_>) -> String {
    crate::extract::xml::local(element.name().0).to_string()
}

/// Every worksheet's filled cells, in the workbook's order.
fn sheets<'a, R>(mut workbook: R, marks: &HashMap<String, Marks>) -> Result<Vec<Sheet>, ReadError>
where
    R: Reader<Cursor<&'a [u8]>>,
    R::Error: std::fmt::Display,
{
    let metadata: Vec<(String, bool)> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    let mut sheets = Vec::new();
    for (name, hidden) in metadata {
        crate::limits::check_time()?;
        let range = workbook.worksheet_range(&name).map_err(|error| {
            ReadError::Damaged(format!("the sheet '{name}' cannot be read: {error}"))
        })?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let percent = marks.get(&name).map(|m| &m.percent);
        let mut rows = Vec::new();
        for (r, row) in range.rows().enumerate() {
            let cells: Vec<Cell> = row
                .iter()
                .enumerate()
                .filter_map(|(c, value)| {
                    let (row, column) = (top + r as u32 + 1, left + c as u32 + 1);
                    let shown_as_percent = percent.is_some_and(|p| p.contains(&(row, column)));
                    let text = match value {
                        // A fraction formatted as a percentage reads as the reader sees it.
                        Data::Float(f) if shown_as_percent => format!("{}%", number(f * 100.0)),
                        Data::Int(i) if shown_as_percent => {
                            format!("{}%", number(*i as f64 * 100.0))
                        }
                        _ => display(value)?,
                    };
                    Some(Cell { row, column, text })
                })
                .collect();
            rows.push(cells);
        }
        sheets.push(Sheet {
            name,
            hidden,
            rows,
            hidden_rows: Vec::new(),
        });
    }
    Ok(sheets)
}

/// Read a CSV file (already decoded to text) as one sheet named after the file.
pub fn extract_csv(path: PathBuf, text: &str, warnings: Vec<String>) -> Document {
    let name = path
        .file_stem()
        .map_or_else(|| "sheet".to_string(), |s| s.to_string_lossy().into_owned());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut notes = warnings;
    for (r, record) in reader.records().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                notes.push(format!("CSV row {} could not be read: {error}", r + 1));
                break;
            }
        };
        let cells = record
            .iter()
            .enumerate()
            .filter(|(_, field)| !field.trim().is_empty())
            .map(|(c, field)| Cell {
                row: r as u32 + 1,
                column: c as u32 + 1,
                text: field.trim().to_string(),
            })
            .collect();
        rows.push(cells);
    }
    let mut document = build(
        path,
        Format::Csv,
        vec![Sheet {
            name,
            hidden: false,
            hidden_rows: Vec::new(),
            rows,
        }],
    );
    document.warnings.extend(notes);
    document
}

/// A cell's value as a reader sees it, or `None` for an empty cell.
fn display(value: &Data) -> Option<String> {
    let text = match value {
        Data::Empty => return None,
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => date(d.as_f64()),
        Data::DateTime(d) => number(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    };
    (!text.is_empty()).then_some(text)
}

/// A number as a budget shows it: whole numbers without decimals, others to two places.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// An Excel date serial (days since 1899-12-30) as an ISO date.
fn date(serial: f64) -> String {
    // Days from 1970-01-01, then the civil date.
    let (year, month, day) = crate::wording::civil_from_days(serial.floor() as i64 - 25_569);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Lay the sheets out as blocks.
fn build(path: PathBuf, format: Format, sheets: Vec<Sheet>) -> Document {
    let mut builder = Builder::new(path, format);
    let hidden: Vec<String> = sheets
        .iter()
        .filter(|s| s.hidden)
        .map(|s| s.name.clone())
        .collect();
    let mut first_hidden: Option<usize> = None;
    // Rows hidden in a sheet that is not itself hidden, with something in them.
    let mut hidden_rows: Vec<(String, Vec<u32>)> = Vec::new();
    let mut first_hidden_row: Option<usize> = None;
    let several = sheets.len() > 1;
    for (index, sheet) in sheets.into_iter().enumerate() {
        let part = index as u16;
        builder.source_map_mut().parts.push(sheet.name.clone());
        let first = sheet.rows.iter().flatten().next();
        let at = Origin::Cell {
            sheet: part,
            row: first.map_or(1, |c| c.row),
            column: first.map_or(1, |c| c.column),
        };
        // The sheet's name heads its blocks when there are several (a CSV or a one-sheet
        // workbook is its one table).
        if several {
            let name = sheet.name.trim();
            builder.begin_block();
            builder.push(name, at, 0, false);
            if sheet.hidden && first_hidden.is_none() {
                first_hidden = Some(builder.offset().saturating_sub(name.len()));
            }
            builder.end_block(BlockKind::Heading { level: 1 }, None);
        }
        let hidden_here: &[u32] = if sheet.hidden {
            &[]
        } else {
            &sheet.hidden_rows
        };
        let filled: Vec<u32> = sheet
            .rows
            .iter()
            .filter_map(|row| row.first())
            .map(|cell| cell.row)
            .filter(|row| hidden_here.binary_search(row).is_ok())
            .collect();
        if !filled.is_empty() {
            hidden_rows.push((sheet.name.clone(), filled));
        }
        let mut marks = Hidden {
            rows: hidden_here,
            first: None,
        };
        for run in runs(&sheet.rows) {
            block(&mut builder, part, run, &mut marks);
        }
        first_hidden_row = first_hidden_row.or(marks.first);
    }
    if let (Some(offset), false) = (first_hidden, hidden.is_empty()) {
        builder.notice(Notice {
            code: diagnostic::HIDDEN_SHEETS,
            message: format!(
                "the workbook has {} hidden from its reader ({}); tenderlint read {} too",
                crate::wording::plural(hidden.len(), "sheet", "sheets"),
                hidden
                    .iter()
                    .map(|n| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(", "),
                if hidden.len() == 1 { "it" } else { "them" },
            ),
            help: "unhide them (Excel: right-click a sheet tab > Unhide; LibreOffice: Sheet > Show Sheet) to see what they hold, and delete what should not be sent".into(),
            span: Span::new(offset, offset + 1),
            label: "the first hidden sheet".into(),
        });
    }
    if let (Some(offset), false) = (first_hidden_row, hidden_rows.is_empty()) {
        let count: usize = hidden_rows.iter().map(|(_, rows)| rows.len()).sum();
        let places = hidden_rows
            .iter()
            .map(|(sheet, rows)| {
                let shown: Vec<String> = rows.iter().take(8).map(u32::to_string).collect();
                let more = if rows.len() > 8 { ", …" } else { "" };
                format!(
                    "sheet {sheet}: {} {}{more}",
                    if rows.len() == 1 { "row" } else { "rows" },
                    shown.join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        builder.notice(Notice {
            code: diagnostic::HIDDEN_ROWS,
            message: format!(
                "the workbook has {} hidden from its reader with something in {} ({places}); \
                 tenderlint read {} too",
                crate::wording::plural(count, "row", "rows"),
                if count == 1 { "it" } else { "them" },
                if count == 1 { "it" } else { "them" },
            ),
            help: "unhide them (Excel: select the rows either side, right-click > Unhide; \
                   LibreOffice: Format > Rows > Show) to see what they hold: a total may count \
                   them, and they go out with the file"
                .into(),
            span: Span::new(offset, offset + 1),
            label: "the first hidden row".into(),
        });
    }
    builder.finish()
}

/// Rows hidden in the sheet being built, and where the first of them went in the text.
struct Hidden<'a> {
    rows: &'a [u32],
    first: Option<usize>,
}

impl Hidden<'_> {
    /// Note the text offset of `cell` when it is the first cell seen in a hidden row.
    fn mark(&mut self, builder: &Builder, cell: &Cell) {
        if self.first.is_none() && self.rows.binary_search(&cell.row).is_ok() {
            self.first = Some(builder.offset());
        }
    }
}

/// The sheet's blocks: runs of rows split at empty rows, except that one empty row between two
/// rows of several cells is a gap inside a table (a blank line above the "Total" row).
fn runs(rows: &[Vec<Cell>]) -> Vec<&[Vec<Cell>]> {
    let wide = |row: Option<&Vec<Cell>>| row.is_some_and(|r| r.len() > 1);
    let mut out: Vec<&[Vec<Cell>]> = Vec::new();
    let mut start: Option<usize> = None;
    for i in 0..=rows.len() {
        let empty = rows.get(i).is_none_or(Vec::is_empty);
        let gap_in_table = empty && i > 0 && wide(rows.get(i - 1)) && wide(rows.get(i + 1));
        match (start, empty && !gap_in_table) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push(&rows[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// One run of rows with no empty row between them: text rows at its top, then a table.
fn block(builder: &mut Builder, sheet: u16, rows: &[Vec<Cell>], hidden: &mut Hidden<'_>) {
    let wide = |row: &Vec<Cell>| row.len() > 1;
    let lead = if rows.iter().any(wide) {
        rows.iter().take_while(|r| !wide(r)).count()
    } else {
        rows.len()
    };
    for row in &rows[..lead] {
        for cell in row {
            builder.begin_block();
            hidden.mark(builder, cell);
            push_cell(builder, sheet, cell);
            let kind = if is_title_line(&cell.text) && !starts_with_digit(&cell.text) {
                BlockKind::Heading {
                    level: TITLE_LINE_LEVEL,
                }
            } else {
                BlockKind::Paragraph
            };
            builder.end_block(kind, None);
        }
    }
    let table = &rows[lead..];
    if table.is_empty() {
        return;
    }
    let first_column = table.iter().flatten().map(|c| c.column).min().unwrap_or(1);
    let last_column = table.iter().flatten().map(|c| c.column).max().unwrap_or(1);
    let is_number = |c: &Cell| numeric(&c.text);
    let header = table.len() > 1
        && !table[0].iter().any(is_number)
        && table[1..].iter().flatten().any(is_number);
    builder.begin_table(None);
    for (r, row) in table.iter().enumerate() {
        if row.is_empty() {
            continue;
        }
        builder.begin_row();
        let mut cells = row.iter().peekable();
        for column in first_column..=last_column {
            builder.begin_cell();
            if let Some(cell) = cells.next_if(|c| c.column == column) {
                hidden.mark(builder, cell);
                push_cell(builder, sheet, cell);
            }
            builder.end_cell();
        }
        builder.end_row(header && r == 0);
    }
    builder.end_table(None);
}

fn push_cell(builder: &mut Builder, sheet: u16, cell: &Cell) {
    builder.push(
        &cell.text,
        Origin::Cell {
            sheet,
            row: cell.row,
            column: cell.column,
        },
        0,
        false,
    );
}

fn starts_with_digit(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit())
}

/// True when a cell holds a number (a value, or text such as "£1,200" or "25%").
fn numeric(text: &str) -> bool {
    let t = text.trim_start_matches(['£', '$', '€', '-', '(', ' ']);
    let t = t.trim_end_matches(['%', ')', ' ']);
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
}

#[cfg(test)]
mod tests {
    use super::{date, number, ods_extent, xlsx_extent};

    #[test]
    fn the_used_range_is_measured_from_the_xml() {
        let xml = br#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>"#;
        assert_eq!(xlsx_extent(xml), 1_048_576 * 16_384);
        let xml = br#"<sheetData><row r="3"><c r="B3" t="s"><v>0</v></c><c r="D3"><v>2</v></c></row><row r="9"><c r="B9"><v>1</v></c></row></sheetData>"#;
        assert_eq!(xlsx_extent(xml), 7 * 3);
        // LibreOffice's trailing empty rows count for nothing; a repeated filled cell counts.
        let ods = br#"<table:table-row><table:table-cell office:value-type="float" office:value="1"/><table:table-cell table:number-columns-repeated="1023"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
        assert_eq!(ods_extent(ods), 1);
        let bomb = br#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row>"#;
        assert_eq!(ods_extent(bomb), 1_000_000_000);
    }

    #[test]
    fn percentage_formats_and_cell_references() {
        for (code, percent) in [
            ("0%", true),
            ("0.0%", true),
            ("#,##0.00%;[Red]-#,##0.00%", true),
            ("\"%\"0", false),
            ("0\\%", false),
            ("£#,##0", false),
            ("General", false),
        ] {
            assert_eq!(super::percent_code(code), percent, "{code}");
        }
        assert_eq!(super::cell_reference("C9"), Some((9, 3)));
        assert_eq!(super::cell_reference("AB10"), Some((10, 28)));
        assert_eq!(super::cell_reference("9"), None);
        assert_eq!(super::cell_reference("ABCD1"), None);
    }

    #[test]
    fn numbers_and_dates_as_a_reader_sees_them() {
        assert_eq!(number(9360.0), "9360");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(0.126), "0.13");
        assert_eq!(date(45_658.0), "2025-01-01");
        assert_eq!(date(25_569.0), "1970-01-01");
    }
}
