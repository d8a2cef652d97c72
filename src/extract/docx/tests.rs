//! DOCX reader tests on packages built here from XML, one feature each.

use std::path::{Path, PathBuf};

use crate::document::{BlockKind, Document};
use crate::extract::package::zip_of;
use crate::extract::{ReadError, extract};

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
</w:styles>"#;

const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#61623;"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"#;

/// A DOCX with this body and these extra parts (name, relationship type, xml).
fn docx(body: &str, parts: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut files: Vec<(String, String)> = vec![
        (
            "[Content_Types].xml".into(),
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#
                .into(),
        ),
        (
            "_rels/.rels".into(),
            format!(
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>"#
            ),
        ),
        (
            "word/document.xml".into(),
            format!(r#"<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>"#),
        ),
    ];
    let mut rels = String::new();
    for (i, (name, kind, xml)) in parts.iter().enumerate() {
        rels.push_str(&format!(
            r#"<Relationship Id="rIdX{i}" Type="{REL}/{kind}" Target="{}"/>"#,
            name.trim_start_matches("word/")
        ));
        files.push((name.to_string(), xml.to_string()));
    }
    files.push((
        "word/_rels/document.xml.rels".into(),
        format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        ),
    ));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(name, xml)| (name.as_str(), xml.as_str()))
        .collect();
    zip_of(&files)
}

/// A package holding only `word/document.xml`.
fn document_only(xml: &str) -> Vec<u8> {
    zip_of(&[("word/document.xml", xml)])
}

fn with_definitions(body: &str) -> Vec<u8> {
    docx(
        body,
        &[
            ("word/styles.xml", "styles", STYLES),
            ("word/numbering.xml", "numbering", NUMBERING),
        ],
    )
}

fn read(bytes: &[u8]) -> Document {
    extract(Path::new("t.docx"), bytes).expect("reads")
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn styled(style: &str, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

fn numbered(num: u32, ilvl: u8, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

fn blocks(doc: &Document) -> Vec<(String, String, Option<String>)> {
    doc.blocks
        .iter()
        .map(|b| {
            let kind = match &b.kind {
                BlockKind::Heading { level } => format!("h{level}"),
                BlockKind::Paragraph => "p".into(),
                BlockKind::ListItem { label, depth } => format!("li{depth} {label}"),
                BlockKind::Table(_) => "table".into(),
            };
            (kind, doc.slice(b.span).to_string(), b.clause.clone())
        })
        .collect()
}

#[test]
fn headings_and_numbered_clauses_give_sections_and_clause_numbers() {
    let body = [
        styled("Heading1", "Subcontract"),
        numbered(1, 0, "Disputes"),
        numbered(1, 1, "The parties will meet within 10 days."),
        numbered(1, 2, "first by negotiation"),
        numbered(1, 2, "then by mediation"),
        numbered(1, 1, "Mediation is through CEDR."),
        numbered(2, 0, "a bullet"),
        p("4.2 Open Gate will invoice monthly."),
    ]
    .concat();
    let doc = read(&with_definitions(&body));
    assert_eq!(doc.format, crate::document::Format::Docx);
    let got = blocks(&doc);
    let want = [
        ("h1", "Subcontract", None),
        ("li0 1.", "Disputes", Some("1")),
        (
            "li1 1.1",
            "The parties will meet within 10 days.",
            Some("1.1"),
        ),
        ("li2 (a)", "first by negotiation", Some("(a)")),
        ("li2 (b)", "then by mediation", Some("(b)")),
        ("li1 1.2", "Mediation is through CEDR.", Some("1.2")),
        ("li0 •", "a bullet", None),
        ("p", "4.2 Open Gate will invoice monthly.", Some("4.2")),
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0.as_str(), g.1.as_str(), g.2.as_deref()), w);
    }
    let at = doc.text.find("CEDR").expect("text");
    let location = doc.locate(crate::document::Span::new(at, at + 4));
    assert_eq!(location.clause.as_deref(), Some("1.2"));
    assert_eq!(location.paragraph, Some(6));
    assert_eq!(location.section.as_deref(), Some("Subcontract"));
    assert_eq!(location.describe(), "clause 1.2, paragraph 6");
}

#[test]
fn a_wholly_bold_short_paragraph_is_a_heading_typed_without_a_style() {
    let bold =
        |text: &str| format!(r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{text}</w:t></w:r></w:p>"#);
    let body = [
        styled("Heading1", "Grant agreement"),
        bold("9. Disputes"),
        p("9.1 You may ask for a review."),
        // Bold and plain runs in one paragraph: a lead-in, not a heading.
        r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Note: </w:t></w:r><w:r><w:t>the fee is fixed.</w:t></w:r></w:p>"#.to_string(),
        // Bold but a sentence.
        bold("All reports are due on the first of the month."),
        // Bold switched off again is plain.
        r#"<w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>Payment</w:t></w:r></w:p>"#.to_string(),
        // Word's "Strong" character style is bold.
        r#"<w:p><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>Exit</w:t></w:r></w:p>"#.to_string(),
        p("Either party may leave."),
    ]
    .concat();
    let doc = read(&with_definitions(&body));
    let kinds: Vec<(String, String)> = blocks(&doc).into_iter().map(|(k, t, _)| (k, t)).collect();
    let heading = |t: &str| ("h9".to_string(), t.to_string());
    let para = |t: &str| ("p".to_string(), t.to_string());
    assert_eq!(
        kinds,
        [
            ("h1".to_string(), "Grant agreement".to_string()),
            heading("9. Disputes"),
            para("9.1 You may ask for a review."),
            para("Note: the fee is fixed."),
            para("All reports are due on the first of the month."),
            para("Payment"),
            heading("Exit"),
            para("Either party may leave."),
        ]
    );
    let at = doc.text.find("review").expect("text");
    let location = doc.locate(crate::document::Span::new(at, at + 6));
    assert_eq!(location.section.as_deref(), Some("9. Disputes"));
}

#[test]
fn numbered_headings_carry_their_number_into_the_section_title() {
    let body = format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Heading2"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Charges</w:t></w:r></w:p>{}"#,
        p("Greenhithe will pay.")
    );
    let doc = read(&with_definitions(&body));
    assert_eq!(doc.sections[0].title, "1 Charges");
    assert_eq!(doc.sections[0].level, 2);
}

#[test]
fn tables_keep_rows_merged_cells_and_flatten_nested_tables() {
    let cell = |text: &str| format!("<w:tc>{}</w:tc>", p(text));
    let body = format!(
        r#"{intro}<w:tbl><w:tblPr><w:tblLook w:val="04A0"/></w:tblPr>
<w:tr>{h1}{h2}{h3}</w:tr>
<w:tr>{a}{b}{c}</w:tr>
<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>{total}</w:tc>{sum}</w:tr>
<w:tr>{d}<w:tc><w:tbl><w:tr>{x}{y}</w:tr><w:tr>{z}</w:tr></w:tbl></w:tc>{e}</w:tr>
</w:tbl>"#,
        intro = p("Budget"),
        h1 = cell("Partner"),
        h2 = cell("Role"),
        h3 = cell("Amount"),
        a = cell("Fernlea Deaf Community Association"),
        b = cell("Outreach"),
        c = cell("£12,000"),
        total = "<w:p><w:r><w:t>Total</w:t></w:r></w:p>",
        sum = cell("£12,000"),
        d = cell("Open Gate"),
        x = cell("inner one"),
        y = cell("inner two"),
        z = cell("inner three"),
        e = cell("£0"),
    );
    let doc = read(&docx(&body, &[]));
    let BlockKind::Table(table) = &doc.blocks[1].kind else {
        panic!("not a table: {:#?}", blocks(&doc));
    };
    assert_eq!(table.header_rows, 1);
    let rows: Vec<Vec<&str>> = table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| doc.slice(*c)).collect())
        .collect();
    assert_eq!(
        rows[1],
        ["Fernlea Deaf Community Association", "Outreach", "£12,000"]
    );
    assert_eq!(
        rows[2],
        ["Total", "", "£12,000"],
        "a merged cell keeps the grid"
    );
    assert_eq!(
        rows[3],
        ["Open Gate", "inner one inner two; inner three", "£0"]
    );
    let at = doc.text.find("Outreach").expect("cell");
    let location = doc.locate(crate::document::Span::new(at, at + 8));
    assert_eq!(
        (location.table, location.row, location.cell),
        (Some(1), Some(2), Some(2))
    );
    assert_eq!(location.paragraph, Some(6), "cell paragraphs are counted");
}

#[test]
fn tracked_insertions_count_deletions_do_not_and_a_notice_says_so() {
    let body = format!(
        r#"{}<w:p><w:r><w:t xml:space="preserve">Open Gate will be paid </w:t></w:r><w:ins w:id="1" w:author="A"><w:r><w:t>within 30 days</w:t></w:r></w:ins><w:del w:id="2" w:author="A"><w:r><w:delText>when Greenhithe is paid</w:delText></w:r></w:del><w:r><w:t>.</w:t></w:r></w:p>"#,
        p("Payment")
    );
    let doc = read(&docx(&body, &[]));
    assert!(
        doc.text.contains("Open Gate will be paid within 30 days."),
        "{}",
        doc.text
    );
    assert!(!doc.text.contains("when Greenhithe"));
    assert_eq!(doc.notices.len(), 1);
    let notice = &doc.notices[0];
    assert_eq!(notice.code, "unaccepted-tracked-changes");
    assert!(
        notice
            .message
            .contains("2 unaccepted tracked changes (1 insertion, 1 deletion)")
    );
    assert_eq!(
        doc.slice(notice.span),
        "within 30 days",
        "the first change itself"
    );

    let clean = read(&docx(&p("No changes here."), &[]));
    assert!(clean.notices.is_empty());
}

#[test]
fn notes_headers_and_footers_are_read_and_comments_are_not() {
    let footnotes = format!(
        r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1">{}</w:footnote></w:footnotes>"#,
        p("Figures exclude VAT.")
    );
    let header = format!(r#"<w:hdr {W}>{}</w:hdr>"#, p("Draft for review"));
    let header2 = format!(r#"<w:hdr {W}>{}</w:hdr>"#, p("Draft for review"));
    let footer = format!(
        r#"<w:ftr {W}><w:p><w:r><w:t xml:space="preserve">Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>"#
    );
    let comments = format!(
        r#"<w:comments {W}><w:comment w:id="0">{}</w:comment></w:comments>"#,
        p("There is no dispute resolution clause.")
    );
    let body = r#"<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>The fee is £5,000.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p><w:sectPr><w:headerReference w:type="default" r:id="rIdX1"/><w:footerReference w:type="default" r:id="rIdX2"/></w:sectPr>"#.to_string();
    let doc = read(&docx(
        &body,
        &[
            ("word/footnotes.xml", "footnotes", &footnotes),
            ("word/header1.xml", "header", &header),
            ("word/footer1.xml", "footer", &footer),
            ("word/comments.xml", "comments", &comments),
            ("word/header2.xml", "header", &header2),
        ],
    ));
    assert_eq!(
        doc.text,
        "The fee is £5,000.\n\nFigures exclude VAT.\n\nDraft for review\n\nPage"
    );
    let at = doc.text.find("VAT").expect("footnote");
    let location = doc.locate(crate::document::Span::new(at, at + 3));
    assert_eq!(location.part.as_deref(), Some("footnotes"));
    assert_eq!(location.describe(), "footnotes, paragraph 1");
}

#[test]
fn fields_links_controls_text_boxes_and_hidden_text() {
    let body = r#"<w:p><w:hyperlink r:id="rId9"><w:r><w:t>the funder's guidance</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> and </w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden words</w:t></w:r><w:fldSimple w:instr=" REF x "><w:r><w:t>clause 9</w:t></w:r></w:fldSimple></w:p>
<w:sdt><w:sdtPr><w:alias w:val="Partner"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Fernlea Trust</w:t></w:r></w:p></w:sdtContent></w:sdt>
<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Contents 1</w:t></w:r></w:p></w:sdtContent></w:sdt>
<w:p><w:r><w:t xml:space="preserve">Before </w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Box text</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Box text</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>after.</w:t></w:r></w:p>"#;
    let doc = read(&docx(body, &[]));
    assert_eq!(
        doc.text,
        "the funder's guidance and clause 9\n\nFernlea Trust\n\nBox text\n\nBefore after."
    );
}

#[test]
fn a_document_with_another_prefix_is_read_by_namespace() {
    let xml = r#"<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body><x:p><x:r><x:t>Hello</x:t></x:r></x:p></x:body></x:document>"#;
    assert_eq!(read(&document_only(xml)).text, "Hello");
}

#[test]
fn hostile_and_broken_packages_get_clear_errors() {
    // Thousands of nested tables.
    let deep = "<w:tbl><w:tr><w:tc>".repeat(5_000) + &"</w:tc></w:tr></w:tbl>".repeat(5_000);
    let error = extract(Path::new("t.docx"), &docx(&deep, &[])).expect_err("too deep");
    assert!(matches!(error, ReadError::LimitExceeded(_)), "{error:?}");
    // Truncated archive.
    let bytes = with_definitions(&p("Some text"));
    let error = extract(Path::new("t.docx"), &bytes[..bytes.len() - 30]).expect_err("truncated");
    assert_eq!(error.code(), "corrupt-file", "{error}");
    // Malformed XML.
    let error = extract(
        Path::new("t.docx"),
        &docx("<w:p><w:r><w:t>x</w:t></w:r></w:p><!-- unclosed", &[]),
    )
    .expect_err("bad xml");
    assert!(error.to_string().contains("word/document.xml"), "{error}");
    // External entities are never fetched or expanded.
    let xml = format!(
        r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/hostname">]><w:document {W}><w:body><w:p><w:r><w:t>a&e;b</w:t></w:r></w:p></w:body></w:document>"#
    );
    let bytes = document_only(&xml);
    assert_eq!(read(&bytes).text, "ab");
}

#[test]
fn legacy_and_password_protected_word_files_are_named() {
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(vec![0; 500]);
    let with_stream = |name: &str| {
        let mut bytes = ole.clone();
        bytes.extend(name.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    };
    let error = extract(Path::new("a.docx"), &with_stream("EncryptedPackage")).expect_err("enc");
    assert_eq!(error.code(), "encrypted");
    let error = extract(Path::new("a.doc"), &with_stream("WordDocument")).expect_err("doc");
    assert_eq!(error.code(), "legacy-doc");
    // A renamed DOCX is read as what it is.
    let doc = extract(&PathBuf::from("renamed.pdf"), &docx(&p("Hello"), &[])).expect("reads");
    assert_eq!(doc.format, crate::document::Format::Docx);
}

#[test]
fn places_are_said_as_a_reader_finds_them() {
    let cell = |text: &str| format!("<w:tc>{}</w:tc>", p(text));
    let body = [
        styled("Heading1", "Subcontract"),
        numbered(1, 0, "Disputes"),
        numbered(1, 1, "Mediation is through CEDR."),
        styled("Heading1", "Payment"),
        p("The Lead Provider pays monthly."),
        p("Invoices are paid within 30 days."),
        format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            cell("Partner"),
            cell("Amount"),
            cell("Open Gate"),
            cell("£12,000")
        ),
    ]
    .concat();
    let doc = read(&with_definitions(&body));
    let place = |words: &str| {
        let at = doc.text.find(words).expect(words);
        doc.locate(crate::document::Span::new(at, at + words.len()))
            .place()
    };
    assert_eq!(place("CEDR"), "clause 1.1");
    assert_eq!(place("within 30 days"), "section 'Payment' › paragraph 2");
    assert_eq!(place("£12,000"), "table 1, row 2");
}
