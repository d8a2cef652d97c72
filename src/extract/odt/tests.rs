//! ODT reader tests on packages built here from XML, one feature each.

use std::path::PathBuf;

use super::extract;
use crate::document::{BlockKind, Document};
use crate::extract::ReadError;
use crate::extract::package::Package;

const NS: &str = concat!(
    r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
    r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" "#,
    r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
    r#"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" "#,
    r#"xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" "#,
    r#"xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" "#,
    r#"xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" "#,
    r#"xmlns:dc="http://purl.org/dc/elements/1.1/""#
);

fn zip(parts: &[(&str, &str)]) -> Vec<u8> {
    crate::extract::package::zip_of(parts)
}

fn content(automatic: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.3"><office:automatic-styles>{automatic}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    )
}

fn styles(common: &str, master: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}><office:styles>{common}</office:styles><office:automatic-styles/><office:master-styles>{master}</office:master-styles></office:document-styles>"#
    )
}

fn read(parts: &[(&str, &str)]) -> Result<Document, ReadError> {
    let mut all = vec![("mimetype", "application/vnd.oasis.opendocument.text")];
    all.extend_from_slice(parts);
    let bytes = zip(&all);
    let mut package = Package::open(&bytes)?;
    extract(PathBuf::from("test.odt"), &mut package)
}

/// A document with this body, these common styles and master pages.
fn odt_with(common: &str, master: &str, body: &str) -> Document {
    read(&[
        ("content.xml", &content("", body)),
        ("styles.xml", &styles(common, master)),
    ])
    .expect("reads")
}

fn odt(body: &str) -> Document {
    odt_with("", "", body)
}

/// Each block as (kind, clause, text).
fn blocks(doc: &Document) -> Vec<(String, Option<String>, String)> {
    doc.blocks
        .iter()
        .map(|b| {
            let kind = match &b.kind {
                BlockKind::Heading { level } => format!("h{level}"),
                BlockKind::Paragraph => "p".into(),
                BlockKind::ListItem { label, depth } => format!("item {label} {depth}"),
                BlockKind::Table(_) => "table".into(),
            };
            (kind, b.clause.clone(), doc.slice(b.span).to_string())
        })
        .collect()
}

fn number_level(level: u8, format: &str, prefix: &str, suffix: &str, shown: u8) -> String {
    format!(
        r#"<text:list-level-style-number text:level="{level}" style:num-format="{format}" style:num-prefix="{prefix}" style:num-suffix="{suffix}" text:display-levels="{shown}"/>"#
    )
}

fn items(texts: &[&str]) -> String {
    texts
        .iter()
        .map(|t| format!("<text:list-item>{t}</text:list-item>"))
        .collect()
}

fn p(text: &str) -> String {
    format!("<text:p>{text}</text:p>")
}

#[test]
fn headings_open_sections_from_outline_levels_and_styles() {
    let common = concat!(
        r#"<style:style style:name="Heading" style:family="paragraph"/>"#,
        r#"<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading"/>"#,
        r#"<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:default-outline-level="2"/>"#,
    );
    let body = concat!(
        r#"<text:p text:style-name="Title">Partnership Agreement</text:p>"#,
        r#"<text:h text:outline-level="1">Parties</text:h>"#,
        r#"<text:p>Fernlea Trust and Oakham CIC.</text:p>"#,
        r#"<text:p text:style-name="Heading_20_2">Disputes</text:p>"#,
        r#"<text:h text:outline-level="3">Mediation</text:h>"#,
        r#"<text:p>CEDR.</text:p>"#,
    );
    let doc = odt_with(common, "", body);
    let kinds: Vec<_> = blocks(&doc).into_iter().map(|(k, _, _)| k).collect();
    assert_eq!(kinds, ["h1", "h1", "p", "h2", "h3", "p"]);
    let location = doc.locate(doc.blocks[5].span);
    assert_eq!(
        location.section.as_deref(),
        Some("Parties > Disputes > Mediation")
    );
    assert_eq!(location.paragraph, Some(6));
    assert_eq!(location.part, None);
}

#[test]
fn automatic_styles_inherit_heading_styles_from_styles_xml() {
    let common = r#"<style:style style:name="Subtitle" style:family="paragraph"/>"#;
    let automatic = r#"<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Subtitle"/>"#;
    let doc = read(&[
        (
            "content.xml",
            &content(
                automatic,
                r#"<text:p text:style-name="P1">For the Council</text:p>"#,
            ),
        ),
        ("styles.xml", &styles(common, "")),
    ])
    .expect("reads");
    assert!(matches!(
        doc.blocks[0].kind,
        BlockKind::Heading { level: 2 }
    ));
}

#[test]
fn numbered_lists_get_labels_and_clause_numbers() {
    let list_style = format!(
        r#"<text:list-style style:name="L1">{}{}{}</text:list-style>"#,
        number_level(1, "1", "", ".", 1),
        number_level(2, "1", "", ".", 2),
        number_level(3, "a", "(", ")", 1),
    );
    let inner = format!(
        "<text:list>{}</text:list>",
        items(&[&p("Fees"), &p("Invoices")])
    );
    let deepest = format!(
        "<text:list>{}</text:list>",
        items(&[&p("monthly"), &p("in arrears")])
    );
    let second = format!(
        "<text:list>{}</text:list>",
        items(&[&format!("{}{deepest}", p("Timing"))])
    );
    let body = format!(
        r#"<text:list text:style-name="L1">{}</text:list><text:p>Between.</text:p><text:list text:style-name="L1" text:continue-numbering="true">{}</text:list>"#,
        items(&[
            &format!("{}{inner}", p("Payment")),
            &format!("{}{second}{}", p("Term"), p("A second paragraph.")),
        ]),
        items(&[&p("Disputes")]),
    );
    let doc = odt_with(&list_style, "", &body);
    let got: Vec<_> = blocks(&doc)
        .into_iter()
        .map(|(k, c, t)| format!("{k} | {} | {t}", c.unwrap_or_default()))
        .collect();
    assert_eq!(
        got,
        [
            "item 1. 0 | 1 | Payment",
            "item 1.1. 1 | 1.1 | Fees",
            "item 1.2. 1 | 1.2 | Invoices",
            "item 2. 0 | 2 | Term",
            "item 2.1. 1 | 2.1 | Timing",
            "item (a) 2 | (a) | monthly",
            "item (b) 2 | (b) | in arrears",
            "p | 2 | A second paragraph.",
            "p |  | Between.",
            "item 3. 0 | 3 | Disputes",
        ]
    );
}

#[test]
fn nested_numbers_that_show_one_level_join_like_markdown() {
    // pandoc's Word numbering, converted by LibreOffice: each level shows only its own
    // number ("1."), and a reader cites the nested item as 2.1.
    let list_style = format!(
        r#"<text:list-style style:name="L1">{}{}</text:list-style>"#,
        number_level(1, "1", "", ".", 1),
        number_level(2, "1", "", ".", 1),
    );
    let inner = format!("<text:list>{}</text:list>", items(&[&p("Start date")]));
    let body = format!(
        r#"<text:list text:style-name="L1">{}</text:list>"#,
        items(&[&p("Scope"), &format!("{}{inner}", p("Term"))])
    );
    let doc = odt_with(&list_style, "", &body);
    let got = blocks(&doc);
    assert_eq!(got[2].0, "item 1. 1");
    assert_eq!(got[2].1.as_deref(), Some("2.1"));
}

#[test]
fn list_styles_come_from_paragraph_styles_start_values_and_cached_numbers() {
    let common = format!(
        r#"<text:list-style style:name="Roman">{}</text:list-style><style:style style:name="Numbered" style:family="paragraph" style:list-style-name="Roman"/>"#,
        number_level(1, "I", "", ".", 1),
    );
    let body = concat!(
        r#"<text:list><text:list-item text:start-value="4"><text:p text:style-name="Numbered">Four</text:p></text:list-item>"#,
        r#"<text:list-item><text:p text:style-name="Numbered">Five</text:p></text:list-item>"#,
        r#"<text:list-item><text:number>9.</text:number><text:p text:style-name="Numbered">Cached</text:p></text:list-item>"#,
        r#"<text:list-header><text:p>Unnumbered</text:p></text:list-header></text:list>"#,
    );
    let doc = odt_with(&common, "", body);
    let got: Vec<_> = blocks(&doc).into_iter().map(|(k, c, _)| (k, c)).collect();
    assert_eq!(
        got,
        [
            ("item IV. 0".to_string(), Some("IV".to_string())),
            ("item V. 0".to_string(), Some("V".to_string())),
            ("item 9. 0".to_string(), Some("9".to_string())),
            ("p".to_string(), None),
        ]
    );
}

#[test]
fn continue_list_picks_up_the_named_list() {
    let list_style = format!(
        r#"<text:list-style style:name="L1">{}</text:list-style>"#,
        number_level(1, "1", "", ")", 1),
    );
    let body = format!(
        r#"<text:list xml:id="first" text:style-name="L1">{}</text:list><text:list text:style-name="L1">{}</text:list><text:list text:style-name="L1" text:continue-list="first">{}</text:list>"#,
        items(&[&p("a"), &p("b")]),
        items(&[&p("new")]),
        items(&[&p("c")]),
    );
    let doc = odt_with(&list_style, "", &body);
    let labels: Vec<_> = blocks(&doc).into_iter().map(|(k, _, _)| k).collect();
    assert_eq!(labels, ["item 1) 0", "item 2) 0", "item 1) 0", "item 3) 0"]);
    assert_eq!(doc.blocks[3].clause.as_deref(), Some("3"));
}

#[test]
fn bullets_show_their_character_and_keep_the_clause_around_them() {
    let list_style = format!(
        r#"<text:list-style style:name="L1">{}<text:list-level-style-bullet text:level="2" text:bullet-char="–"/></text:list-style><text:list-style style:name="B"><text:list-level-style-bullet text:level="1" text:bullet-char=""/></text:list-style>"#,
        number_level(1, "1", "", ".", 1),
    );
    let inner = format!("<text:list>{}</text:list>", items(&[&p("within 30 days")]));
    let body = format!(
        r#"<text:list text:style-name="L1">{}</text:list><text:list text:style-name="B">{}</text:list>"#,
        items(&[&format!("{}{inner}", p("Paid monthly"))]),
        items(&[&p("symbol font bullet")]),
    );
    let doc = odt_with(&list_style, "", &body);
    let got = blocks(&doc);
    assert_eq!(got[1].0, "item – 1");
    assert_eq!(got[1].1.as_deref(), Some("1"));
    assert_eq!(got[2].0, "item • 0");
    assert_eq!(got[2].1, None);
}

#[test]
fn headings_are_numbered_from_the_outline_style() {
    let common = format!(
        r#"<text:outline-style style:name="Outline">{}{}</text:outline-style>"#,
        number_level(1, "1", "", ".", 1).replace("list-level-style-number", "outline-level-style"),
        number_level(2, "1", "", "", 2).replace("list-level-style-number", "outline-level-style"),
    );
    let body = concat!(
        r#"<text:h text:outline-level="1">Payment</text:h><text:h text:outline-level="2">Invoices</text:h>"#,
        r#"<text:p>Within 30 days.</text:p><text:h text:outline-level="1">Disputes</text:h>"#,
    );
    let doc = odt_with(&common, "", body);
    let got: Vec<_> = blocks(&doc).into_iter().map(|(_, c, _)| c).collect();
    assert_eq!(
        got,
        [
            Some("1".to_string()),
            Some("1.1".to_string()),
            Some("1.1".to_string()),
            Some("2".to_string())
        ]
    );
    assert_eq!(doc.sections[1].title, "1.1 Invoices");
}

#[test]
fn inline_markup_spaces_links_and_fields_read_as_text() {
    let body = concat!(
        "<text:p>\n  <text:span>Fernlea</text:span>   Deaf<text:s text:c=\"2\"/>Trust",
        r#"<text:tab/>pays<text:line-break/><text:a xlink:href="https://example.org">Oakham</text:a>"#,
        r#"<text:soft-page-break/> <text:bookmark text:name="x"/>CIC on <text:date>1 May 2025</text:date>"#,
        r#" &amp; page <text:page-number>3</text:page-number>.</text:p>"#,
    );
    let doc = odt(body);
    assert_eq!(
        doc.text,
        "Fernlea Deaf  Trust\tpays Oakham CIC on 1 May 2025 & page ."
    );
}

#[test]
fn tables_keep_header_rows_spans_and_flatten_nested_tables() {
    let body = concat!(
        r#"<table:table><table:table-column table:number-columns-repeated="3"/>"#,
        r#"<table:table-header-rows><table:table-row><table:table-cell><text:p>Partner</text:p></table:table-cell>"#,
        r#"<table:table-cell table:number-columns-spanned="2"><text:p>Funding</text:p></table:table-cell>"#,
        r#"<table:covered-table-cell/></table:table-row></table:table-header-rows>"#,
        r#"<table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>Fernlea</text:p></table:table-cell>"#,
        r#"<table:table-cell><text:p>£12,000</text:p></table:table-cell><table:table-cell><text:p>Year 1</text:p><text:p>only</text:p></table:table-cell></table:table-row>"#,
        r#"<table:table-row><table:covered-table-cell/><table:table-cell><table:table>"#,
        r#"<table:table-row><table:table-cell><text:p>a</text:p></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row>"#,
        r#"<table:table-row><table:table-cell><text:p>c</text:p></table:table-cell></table:table-row>"#,
        r#"</table:table></table:table-cell><table:table-cell table:number-columns-repeated="5000"/></table:table-row>"#,
        r#"<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="1000000"/></table:table-row>"#,
        r#"</table:table><text:p>After.</text:p>"#,
    );
    let doc = odt(body);
    let BlockKind::Table(table) = &doc.blocks[0].kind else {
        panic!("not a table: {:?}", doc.blocks)
    };
    assert_eq!(table.header_rows, 1);
    assert_eq!(table.rows.len(), 4, "{}", doc.text);
    assert_eq!(
        doc.text,
        "Partner | Funding | \nFernlea | £12,000 | Year 1 only\n | a, b; c | \n |  |\n\nAfter."
    );
    assert_eq!(doc.slice(table.rows[1].cells[2]), "Year 1 only");
    assert_eq!(doc.slice(table.rows[2].cells[1]), "a, b; c");
    let location = doc.locate(table.rows[1].cells[1]);
    assert_eq!((location.row, location.cell), (Some(2), Some(2)));
    // Paragraphs in cells count: "After." is the tenth paragraph.
    assert_eq!(doc.locate(doc.blocks[1].span).paragraph, Some(10));
}

#[test]
fn a_first_row_in_the_table_heading_style_heads_the_table() {
    let common = concat!(
        r#"<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph"/>"#,
        r#"<style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents"/>"#,
        r#"<style:style style:name="Centred_20_heading" style:family="paragraph" style:parent-style-name="Table_20_Heading"/>"#,
    );
    let row = |style: &str, a: &str, b: &str| {
        format!(
            r#"<table:table-row><table:table-cell><text:p text:style-name="{style}">{a}</text:p></table:table-cell><table:table-cell><text:p text:style-name="{style}">{b}</text:p></table:table-cell></table:table-row>"#
        )
    };
    let table = |first: &str| {
        format!(
            "<table:table><table:table-column table:number-columns-repeated=\"2\"/>{first}{}</table:table>",
            row("Table_20_Contents", "Oakham Trust", "£4,000")
        )
    };
    let header_rows = |body: &str| {
        let doc = odt_with(common, "", body);
        let BlockKind::Table(table) = &doc.blocks[0].kind else {
            panic!("not a table: {:?}", doc.blocks)
        };
        table.header_rows
    };
    // Writer's header style (or one derived from it) on every cell of the first row.
    assert_eq!(
        header_rows(&table(&row("Centred_20_heading", "Activity", "Amount"))),
        1
    );
    // A first row in the contents style, or only partly in the heading style, is a data row.
    assert_eq!(
        header_rows(&table(&row("Table_20_Contents", "Activity", "Amount"))),
        0
    );
    let mixed = r#"<table:table-row><table:table-cell><text:p text:style-name="Table_20_Heading">Activity</text:p></table:table-cell><table:table-cell><text:p text:style-name="Table_20_Contents">Amount</text:p></table:table-cell></table:table-row>"#;
    assert_eq!(header_rows(&table(mixed)), 0);
}

#[test]
fn text_boxes_become_paragraphs_after_their_anchor() {
    let body = concat!(
        r#"<text:p>Before <draw:frame><svg:title>Logo</svg:title><draw:text-box><text:p>Boxed text</text:p></draw:text-box></draw:frame>after.</text:p>"#,
        r#"<text:p>Next.</text:p>"#,
    );
    let doc = odt(body);
    assert_eq!(doc.text, "Before after.\n\nBoxed text\n\nNext.");
    assert_eq!(doc.locate(doc.blocks[1].span).paragraph, Some(2));
    assert_eq!(doc.locate(doc.blocks[2].span).paragraph, Some(3));
}

#[test]
fn notes_come_after_the_body_and_headers_and_footers_last() {
    let master = concat!(
        r#"<style:master-page style:name="Standard"><style:header><text:p>Draft v2</text:p></style:header>"#,
        r#"<style:header-left><text:p>Draft v2</text:p></style:header-left>"#,
        r#"<style:footer><text:p>Page <text:page-number>4</text:page-number> · Confidential</text:p></style:footer></style:master-page>"#,
        r#"<style:master-page style:name="First"><style:footer><text:p>Page <text:page-number>1</text:page-number> · Confidential</text:p></style:footer>"#,
        r#"<style:header style:display="false"><text:p>Hidden</text:p></style:header></style:master-page>"#,
    );
    let body = concat!(
        r#"<text:p>The fee<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>"#,
        r#"<text:note-body><text:p>Excluding VAT.</text:p></text:note-body></text:note> is £5,000.</text:p>"#,
        r#"<text:p>End.</text:p>"#,
    );
    let doc = odt_with("", master, body);
    assert_eq!(
        doc.text,
        "The fee is £5,000.\n\nEnd.\n\nExcluding VAT.\n\nDraft v2\n\nPage · Confidential"
    );
    let parts: Vec<_> = doc
        .blocks
        .iter()
        .map(|b| {
            let location = doc.locate(b.span);
            (location.part, location.paragraph)
        })
        .collect();
    assert_eq!(
        parts,
        [
            (None, Some(1)),
            (None, Some(2)),
            (Some("notes".to_string()), Some(1)),
            (Some("header".to_string()), Some(1)),
            (Some("footer".to_string()), Some(1)),
        ]
    );
}

#[test]
fn comments_and_generated_indexes_are_left_out() {
    let body = concat!(
        r#"<text:table-of-content><text:index-body><text:p>Payment ..... 3</text:p></text:index-body></text:table-of-content>"#,
        r#"<text:p>The fee <office:annotation><dc:creator>Ann</dc:creator><text:p>Check with Oakham CIC</text:p></office:annotation>is fixed<office:annotation-end/>.</text:p>"#,
    );
    let doc = odt(body);
    assert_eq!(doc.text, "The fee is fixed.");
    // The contents line still counts as a paragraph a reader sees.
    assert_eq!(doc.locate(doc.blocks[0].span).paragraph, Some(2));
}

#[test]
fn tracked_changes_read_as_accepted_with_a_notice() {
    let body = concat!(
        r#"<text:tracked-changes text:track-changes="true">"#,
        r#"<text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>R</dc:creator></office:change-info>"#,
        r#"<text:p>Oakham CIC receives £4,000.</text:p></text:deletion></text:changed-region>"#,
        r#"<text:changed-region text:id="c2"><text:insertion><office:change-info><dc:creator>R</dc:creator></office:change-info></text:insertion></text:changed-region>"#,
        r#"<text:changed-region text:id="c3"><text:format-change><office:change-info/></text:format-change></text:changed-region>"#,
        r#"</text:tracked-changes>"#,
        r#"<text:p>Budget.</text:p>"#,
        r#"<text:p>Fernlea receives<text:change text:change-id="c1"/> <text:change-start text:change-id="c2"/>£6,000<text:change-end text:change-id="c2"/>.</text:p>"#,
    );
    let doc = odt(body);
    assert_eq!(doc.text, "Budget.\n\nFernlea receives £6,000.");
    assert!(!doc.text.contains("Oakham"));
    assert_eq!(doc.notices.len(), 1);
    let notice = &doc.notices[0];
    assert_eq!(notice.code, "unaccepted-tracked-changes");
    assert!(
        notice
            .message
            .contains("2 unaccepted tracked changes (1 insertion, 1 deletion)"),
        "{}",
        notice.message
    );
    assert_eq!(doc.slice(notice.span), "Fernlea receives £6,000.");
    // Paragraphs in the deleted text do not count.
    assert_eq!(doc.locate(notice.span).paragraph, Some(2));
}

#[test]
fn a_password_protected_file_is_encrypted() {
    let manifest = r#"<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum="x"><manifest:algorithm manifest:algorithm-name="AES"/></manifest:encryption-data></manifest:file-entry></manifest:manifest>"#;
    let result = read(&[
        ("META-INF/manifest.xml", manifest),
        ("content.xml", "\u{1}\u{2} not xml"),
    ]);
    assert!(
        matches!(
            result,
            Err(ReadError::Encrypted {
                format: "OpenDocument file"
            })
        ),
        "{result:?}"
    );
}

#[test]
fn broken_or_missing_content_is_damaged() {
    let truncated = content("", "<text:p>Fee</text:p>");
    let truncated = &truncated[..truncated.len() - 30];
    let result = read(&[("content.xml", truncated)]);
    assert!(matches!(result, Err(ReadError::Damaged(_))), "{result:?}");
    let malformed = content("", "<text:p>Fee</text:p").replace("</text:p", "</text:p <");
    let result = read(&[("content.xml", &malformed)]);
    assert!(matches!(result, Err(ReadError::Damaged(_))), "{result:?}");
    let result = read(&[("styles.xml", &styles("", ""))]);
    assert!(matches!(result, Err(ReadError::Damaged(_))), "{result:?}");
}

#[test]
fn entities_from_a_doctype_are_not_expanded() {
    let xml = content("", "<text:p>&x;&a; fee &#163;5</text:p>").replacen(
        "<office:document-content",
        "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\"><!ENTITY a \"aaaa\">]><office:document-content",
        1,
    );
    let doc = read(&[("content.xml", &xml)]).expect("reads");
    assert_eq!(doc.text, "fee £5");
}

#[test]
fn deep_nesting_is_a_limit_error_not_a_crash() {
    let deep = "<text:list><text:list-item>".repeat(400)
        + "<text:p>x</text:p>"
        + &"</text:list-item></text:list>".repeat(400);
    let result = read(&[("content.xml", &content("", &deep))]);
    assert!(
        matches!(result, Err(ReadError::LimitExceeded(_))),
        "{result:?}"
    );
}

#[test]
fn other_namespace_prefixes_are_understood() {
    let xml = r#"<o:document-content xmlns:o="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:t="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><o:body><o:text><t:h t:outline-level="2">Fees</t:h><t:p>£5</t:p></o:text></o:body></o:document-content>"#;
    let doc = read(&[("content.xml", xml)]).expect("reads");
    assert!(matches!(
        doc.blocks[0].kind,
        BlockKind::Heading { level: 2 }
    ));
    assert_eq!(doc.text, "Fees\n\n£5");
}

#[test]
fn an_empty_document_reads_with_a_warning() {
    let doc = odt(r#"<text:p/><text:p><draw:frame><draw:image/></draw:frame></text:p>"#);
    assert!(doc.text.is_empty());
    assert!(doc.warnings[0].contains("no text"), "{:?}", doc.warnings);
    assert!(doc.warnings[0].contains("an image"), "{:?}", doc.warnings);
}
