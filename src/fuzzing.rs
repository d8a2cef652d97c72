//! The bodies of the fuzz targets in `fuzz/`, kept in the library so that `cargo test` can
//! replay every input the fuzzers ever crashed on (`fuzz/regressions/TARGET/`) through exactly
//! the same code, with no panic guard. Not an API: nothing else should call these.
//!
//! - [`markdown`]: any bytes decoded as text, then analysed and checked by every rule;
//! - [`docx`], [`odt`]: input starting `PK` is an archive as it is; anything else is split at
//!   `\0\0` into XML parts packed in a stored ZIP (DOCX: document, styles, numbering,
//!   footnotes, header with fixed relationships; ODT: content and styles), so that mutations
//!   reach the XML readers rather than dying in a checksum;
//! - [`sheet`]: input starting `PK` is a workbook as it is; anything else is split at `\0\0`
//!   into a worksheet and its shared strings under a fixed workbook part, and, when it starts
//!   like text, read as CSV too;
//! - [`pdf`]: any bytes as a PDF;
//! - [`rules_file`]: any text as a rule file, run over its own examples if it loads;
//! - [`config`]: any text as `tenderlint.toml`, applied and shown if it loads.

use std::io::{Cursor, Write};
use std::path::Path;
use std::sync::LazyLock;

use crate::lint;
use crate::rules::RuleSet;

static RULES: LazyLock<Option<RuleSet>> = LazyLock::new(|| RuleSet::builtin().ok());

/// Load the built-in rules and compile the analysers' patterns now (the fuzz targets'
/// `init`), so the first input is not timed with them: under a sanitizer that takes seconds,
/// and libFuzzer would report a timeout.
pub fn init() {
    rules().warm_up();
    markdown(
        b"# Tender response\n\nThe lead partner, Oak Trust, will pay Elm CIC \xc2\xa320,000 (40%) within 30 days. 95% of 200 participants will find work by March 2027.\n\n| Partner | Share |\n|---|---|\n| Elm CIC | 60% |\n| Total | 100% |\n",
    );
}

fn rules() -> &'static RuleSet {
    static EMPTY: RuleSet = RuleSet::empty();
    RULES.as_ref().unwrap_or(&EMPTY)
}

/// Every rule known, no configuration: suppression comments are judged against the rules.
fn options() -> lint::Options {
    lint::Options {
        known_rules: rules().rules.iter().map(|r| r.id.clone()).collect(),
        ..lint::Options::default()
    }
}

fn lint(name: &str, bytes: &[u8]) {
    let _ = lint::lint(Path::new(name), bytes, rules(), &options());
}

pub fn markdown(data: &[u8]) {
    let (text, warnings) = crate::extract::decode_text(data);
    let document = crate::extract::markdown::extract("fuzz.md".into(), text, warnings);
    let _ = lint::lint_document(document, rules(), &options());
}

const DOCX_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
</Relationships>"#;

pub fn docx(data: &[u8]) {
    if data.starts_with(b"PK") {
        return lint("fuzz.docx", data);
    }
    let p = parts(data, 5);
    let archive = stored_zip(&[
        ("word/document.xml", p[0]),
        ("word/_rels/document.xml.rels", DOCX_RELS),
        ("word/styles.xml", p[1]),
        ("word/numbering.xml", p[2]),
        ("word/footnotes.xml", p[3]),
        ("word/header1.xml", p[4]),
    ]);
    lint("fuzz.docx", &archive);
}

pub fn odt(data: &[u8]) {
    if data.starts_with(b"PK") {
        return lint("fuzz.odt", data);
    }
    let p = parts(data, 2);
    let archive = stored_zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.text".as_slice(),
        ),
        ("content.xml", p[0]),
        ("styles.xml", p[1]),
    ]);
    lint("fuzz.odt", &archive);
}

const XLSX_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"#;

const XLSX_PACKAGE_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"#;

const XLSX_WORKBOOK: &[u8] = br#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Budget" sheetId="1" r:id="rId1"/></sheets></workbook>"#;

/// A spreadsheet: input starting `PK` is a workbook as it is; anything else is split at `\0\0`
/// into a sheet and its shared strings, packed with a fixed workbook; input starting with a
/// letter or a quote is also read as CSV.
pub fn sheet(data: &[u8]) {
    if data.starts_with(b"PK") {
        return lint("fuzz.xlsx", data);
    }
    if data
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'"')
    {
        lint("fuzz.csv", data);
    }
    let p = parts(data, 2);
    let archive = stored_zip(&[
        ("_rels/.rels", XLSX_PACKAGE_RELS),
        ("xl/workbook.xml", XLSX_WORKBOOK),
        ("xl/_rels/workbook.xml.rels", XLSX_RELS),
        ("xl/worksheets/sheet1.xml", p[0]),
        ("xl/sharedStrings.xml", p[1]),
    ]);
    lint("fuzz.xlsx", &archive);
}

/// A pack: the input split at `\0\0\0` into up to four members, each read by its content
/// (names: a Markdown application, a Word schedule, a workbook, a CSV), then checked as one.
pub fn pack(data: &[u8]) {
    const NAMES: [&str; 4] = [
        "application.md",
        "schedule 1.docx",
        "budget.xlsx",
        "rows.csv",
    ];
    let members: Vec<crate::document::Document> = split_members(data)
        .into_iter()
        .zip(NAMES)
        .filter_map(|(bytes, name)| crate::extract::extract(Path::new(name), bytes).ok())
        .collect();
    let spec = lint::PackSpec {
        name: "fuzz".into(),
        files: members.iter().map(|d| d.path.clone()).collect(),
        ..lint::PackSpec::default()
    };
    if !members.is_empty() {
        let _ = lint::lint_pack(&spec, members, rules(), &options());
    }
}

/// `data` cut at each `\0\0\0`.
fn split_members(data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(3).position(|w| w == b"\0\0\0") {
        out.push(&rest[..at]);
        rest = &rest[at + 3..];
    }
    out.push(rest);
    out
}

pub fn pdf(data: &[u8]) {
    if let Ok(document) = crate::extract::pdf::extract("fuzz.pdf".into(), data) {
        let _ = lint::lint_document(document, rules(), &options());
    }
}

pub fn rules_file(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    // A user's rule: the laxer reading (docs optional) reaches more of the parser.
    let origin = crate::rules::schema::Origin::User;
    if let Ok(parsed) =
        crate::rules::schema::parse_file("fuzz-rule", "fuzz-rule.toml", source, origin)
    {
        let _ = crate::rules::examples::test_examples(&parsed.rule);
    }
}

pub fn config(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(config) = crate::config::parse("tenderlint.toml", source, rules()) {
        let mut set = rules().clone();
        config.apply_to_rules(&mut set);
        let _ = config.show();
        let _ = config.for_file(Path::new("bids/a.md"));
    }
}

/// Run `data` through the target called `name` (for replaying saved inputs).
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "markdown" => markdown(data),
        "docx" => docx(data),
        "odt" => odt(data),
        "sheet" => sheet(data),
        "pack" => pack(data),
        "pdf" => pdf(data),
        "rules" => rules_file(data),
        "config" => config(data),
        _ => return false,
    }
    true
}

/// A stored (uncompressed) ZIP of `parts`.
fn stored_zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in parts {
        if out.start_file(*name, options).is_err() || out.write_all(data).is_err() {
            return Vec::new();
        }
    }
    out.finish().map(Cursor::into_inner).unwrap_or_default()
}

/// Split fuzz input into exactly `n` parts at each `\0\0` (XML never holds NUL).
fn parts(data: &[u8], n: usize) -> Vec<&[u8]> {
    let mut out = Vec::with_capacity(n);
    let mut rest = data;
    while out.len() + 1 < n {
        match rest.windows(2).position(|w| w == b"\0\0") {
            Some(at) => {
                out.push(&rest[..at]);
                rest = &rest[at + 2..];
            }
            None => break,
        }
    }
    out.push(rest);
    out.resize(n, b"");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn parts_split_at_double_nul_into_exactly_n() {
        assert_eq!(
            super::parts(b"a\0\0b\0\0c", 2),
            [b"a".as_slice(), b"b\0\0c"]
        );
        assert_eq!(super::parts(b"a", 3), [b"a".as_slice(), b"", b""]);
    }

    #[test]
    fn a_structured_docx_input_reads_as_a_word_document() {
        let xml = br#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>"#;
        let doc = crate::extract::extract(
            std::path::Path::new("x.docx"),
            &super::stored_zip(&[("word/document.xml", xml)]),
        )
        .expect("reads");
        assert_eq!(doc.text.trim(), "Hello");
    }

    #[test]
    fn a_structured_sheet_input_reads_as_a_workbook() {
        let sheet = br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Cost</t></is></c><c r="B1"><v>120</v></c></row></sheetData></worksheet>"#;
        let doc = crate::extract::extract(
            std::path::Path::new("x.xlsx"),
            &super::stored_zip(&[
                ("_rels/.rels", super::XLSX_PACKAGE_RELS),
                ("xl/workbook.xml", super::XLSX_WORKBOOK),
                ("xl/_rels/workbook.xml.rels", super::XLSX_RELS),
                ("xl/worksheets/sheet1.xml", sheet),
            ]),
        )
        .expect("reads");
        assert_eq!(doc.text.trim(), "Cost | 120");
    }
}
