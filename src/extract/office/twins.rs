//! The same paragraph gets the same clause from its DOCX, ODT and Markdown forms.
//!
//! Two tests: twins built here, whose list labels end in ")" ("1)", "b)") or are bracketed
//! ("(b)"), where the DOCX and ODT readers used to disagree; and the committed fixture twins,
//! where every paragraph the Markdown numbers must be numbered alike by the docx-rs DOCX (Word
//! numbering) and the LibreOffice ODT. These tests read through [`crate::extract::extract`], so
//! they are the one place under `office/` that reaches the readers; the model itself never does.
//!
//! The pandoc DOCX twins are not compared. pandoc gives each nested list a numbering instance of
//! its own, on the same abstract definition as the clause headings, with a start override at
//! every level; the DOCX reader lets that override restart the headings' level, so each clause
//! heading after the first nested list reads "1." (LibreOffice numbers the same file 1, 2, 3:
//! its ODT twin agrees with the Markdown). The DOCX reader also does not join a nested "1." to
//! its parent's "2" as the ODT reader does ([`super::clause::item_clause`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::document::{BlockKind, Document};
use crate::extract::extract;
use crate::extract::package::zip_of;

/// Each paragraph's text with its clause (tables left out: their text is laid out differently).
fn clauses(document: &Document) -> HashMap<String, Option<String>> {
    document
        .blocks
        .iter()
        .filter(|block| !matches!(block.kind, BlockKind::Table(_)))
        .map(|block| (document.slice(block.span).to_string(), block.clause.clone()))
        .collect()
}

fn read(name: &str, bytes: &[u8]) -> Document {
    extract(Path::new(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// A DOCX whose paragraphs are numbered `(numId, ilvl)` with these levels: per abstract
/// definition, its levels' (format, text).
fn docx(levels: &[&[(&str, &str)]], paragraphs: &[(u8, u8, &str)]) -> Vec<u8> {
    let mut numbering = format!("<w:numbering {W}>");
    for (id, definition) in levels.iter().enumerate() {
        numbering.push_str(&format!(r#"<w:abstractNum w:abstractNumId="{id}">"#));
        for (ilvl, (format, text)) in definition.iter().enumerate() {
            numbering.push_str(&format!(
                r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/></w:lvl>"#
            ));
        }
        numbering.push_str("</w:abstractNum>");
    }
    for id in 0..levels.len() {
        numbering.push_str(&format!(
            r#"<w:num w:numId="{}"><w:abstractNumId w:val="{id}"/></w:num>"#,
            id + 1
        ));
    }
    numbering.push_str("</w:numbering>");
    let body: String = paragraphs
        .iter()
        .map(|(num, ilvl, text)| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        })
        .collect();
    let document = format!(r#"<w:document {W}><w:body>{body}</w:body></w:document>"#);
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#;
    zip_of(&[
        ("word/document.xml", document.as_str()),
        ("word/_rels/document.xml.rels", rels),
        ("word/numbering.xml", numbering.as_str()),
    ])
}

/// A list level in ODF: number format, prefix, suffix, levels shown.
type OdfLevel<'a> = (&'a str, &'a str, &'a str, u8);

/// An ODT with these list styles (name, levels) and this body.
fn odt(styles: &[(&str, &[OdfLevel<'_>])], body: &str) -> Vec<u8> {
    let mut automatic = String::new();
    for (name, levels) in styles {
        automatic.push_str(&format!(r#"<text:list-style style:name="{name}">"#));
        for (i, (format, prefix, suffix, shown)) in levels.iter().enumerate() {
            automatic.push_str(&format!(
                r#"<text:list-level-style-number text:level="{}" style:num-format="{format}" style:num-prefix="{prefix}" style:num-suffix="{suffix}" text:display-levels="{shown}"/>"#,
                i + 1
            ));
        }
        automatic.push_str("</text:list-style>");
    }
    let content = format!(
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"><office:automatic-styles>{automatic}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", content.as_str()),
    ])
}

fn list(style: &str, items: &[String]) -> String {
    let items: String = items
        .iter()
        .map(|item| format!("<text:list-item>{item}</text:list-item>"))
        .collect();
    if style.is_empty() {
        format!("<text:list>{items}</text:list>")
    } else {
        format!(r#"<text:list text:style-name="{style}">{items}</text:list>"#)
    }
}

fn p(text: &str) -> String {
    format!("<text:p>{text}</text:p>")
}

const PAYMENT: &str = "Payment is due within 30 days.";
const DISPUTES: &str = "Disputes go to mediation.";
const MEDIATOR: &str = "The mediator is agreed by both parties.";
const COSTS: &str = "Costs are shared equally.";
const MONTHLY: &str = "The lead pays monthly.";
const QUARTERLY: &str = "The partner invoices quarterly.";
const REPORTS: &str = "Reports are sent each quarter.";
const RECORDS: &str = "Records are kept for six years.";

#[test]
fn twins_built_here_give_each_paragraph_the_same_clause() {
    // Markdown numbers "1)" lists (and nested "1." lists) but has no lettered lists.
    let markdown = format!("1) {PAYMENT}\n2) {DISPUTES}\n   1. {MEDIATOR}\n   2. {COSTS}\n");
    let docx = docx(
        &[
            &[("decimal", "%1)"), ("decimal", "%1.%2.")],
            &[("lowerLetter", "%1)")],
            &[("lowerLetter", "(%1)")],
        ],
        &[
            (1, 0, PAYMENT),
            (1, 0, DISPUTES),
            (1, 1, MEDIATOR),
            (1, 1, COSTS),
            (2, 0, MONTHLY),
            (2, 0, QUARTERLY),
            (3, 0, REPORTS),
            (3, 0, RECORDS),
        ],
    );
    let nested = list("", &[p(MEDIATOR), p(COSTS)]);
    let odt = odt(
        &[
            ("Clauses", &[("1", "", ")", 1), ("1", "", ".", 2)]),
            ("Letters", &[("a", "", ")", 1)]),
            ("Bracketed", &[("a", "(", ")", 1)]),
        ],
        &[
            list("Clauses", &[p(PAYMENT), format!("{}{nested}", p(DISPUTES))]),
            list("Letters", &[p(MONTHLY), p(QUARTERLY)]),
            list("Bracketed", &[p(REPORTS), p(RECORDS)]),
        ]
        .concat(),
    );
    let markdown = clauses(&read("twin.md", markdown.as_bytes()));
    let docx = clauses(&read("twin.docx", &docx));
    let odt = clauses(&read("twin.odt", &odt));
    for (text, label, clause) in [
        (PAYMENT, "1)", "1"),
        (DISPUTES, "2)", "2"),
        (MEDIATOR, "2.1.", "2.1"),
        (COSTS, "2.2.", "2.2"),
        (MONTHLY, "a)", "a"),
        (QUARTERLY, "b)", "b"),
        (REPORTS, "(a)", "(a)"),
        (RECORDS, "(b)", "(b)"),
    ] {
        let clause = Some(clause.to_string());
        assert_eq!(docx.get(text), Some(&clause), "DOCX {label} {text}");
        assert_eq!(odt.get(text), Some(&clause), "ODT {label} {text}");
        if !label.contains(char::is_alphabetic) {
            assert_eq!(markdown.get(text), Some(&clause), "Markdown {label} {text}");
        }
    }
}

#[test]
fn fixture_twins_number_what_the_markdown_numbers_alike() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut compared = 0;
    for group in ["bids", "agreements", "misc"] {
        let mut names: Vec<PathBuf> = std::fs::read_dir(root.join(group))
            .expect("fixtures")
            .map(|entry| entry.expect("entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "md"))
            .collect();
        names.sort();
        for markdown in names {
            let stem = markdown.file_stem().expect("stem").to_string_lossy();
            let read_file = |path: PathBuf| {
                let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
                clauses(&read(&path.to_string_lossy(), &bytes))
            };
            let expected = read_file(markdown.clone());
            for twin in [
                root.join(format!("docx/docx-rs/{group}/{stem}.docx")),
                root.join(format!("odt/{group}/{stem}.odt")),
            ] {
                let found = read_file(twin.clone());
                for (text, clause) in expected.iter().filter(|(_, c)| c.is_some()) {
                    assert_eq!(
                        found.get(text),
                        Some(clause),
                        "{}: the clause of {text:?}",
                        twin.display()
                    );
                    compared += 1;
                }
            }
        }
    }
    // 318 when this was written: each numbered paragraph of the fixtures, in both twins.
    assert!(compared > 250, "only {compared} paragraphs compared");
}
