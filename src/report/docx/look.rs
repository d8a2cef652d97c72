//! How the Word report looks: page, fonts, colours and the styles its paragraphs use, built
//! once as the document shell ([`base_docx`]). A new paragraph style goes here.

use docx_rs::{
    BorderType, Docx, LineSpacing, PageMargin, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Run, RunFonts, Shading, Style, StyleType, TableBorder, TableBorderPosition,
};

use crate::diagnostic::Severity;

/// The creation and modification date docx-rs writes into the package. Fixed, so that two runs
/// over the same documents give the same bytes.
pub(super) const FIXED_DATE: &str = "1970-01-01T00:00:00Z";

/// A4, 2 cm margins: the text block is 9638 twips wide.
pub(super) const PAGE_WIDTH: u32 = 11906;
pub(super) const PAGE_HEIGHT: u32 = 16838;
pub(super) const MARGIN: i32 = 1134;
pub(super) const TEXT_WIDTH: usize = 9638;
/// Summary table columns: document, kind, errors, warnings, info (twips, summing to the text
/// width). Each count column is wide enough for its bold header on one line in Calibri and in
/// the wider fonts a machine without Calibri puts in its place: "Warnings" is 1177 twips in
/// DejaVu Sans Bold (LibreOffice's fallback on Linux), 1002 in Liberation Sans Bold, plus the
/// cell's 216 twips of margins. The kind column fits "subcontract"; the document column takes
/// the rest.
pub(super) const COLUMNS: [usize; 5] = [3838, 2200, 1100, 1500, 1000];

/// Colours: headings, the shaded quote, the table header and totals, quiet notes.
pub(super) const INK: &str = "1F3864";
pub(super) const QUOTE_FILL: &str = "F2F2F2";
pub(super) const QUOTE_RULE: &str = "8EAADB";
pub(super) const HEADER_FILL: &str = "D9E2F3";
pub(super) const TOTAL_FILL: &str = "F2F2F2";
pub(super) const GRID: &str = "A6A6A6";
pub(super) const QUIET: &str = "595959";

/// The severity word in its colour.
pub(super) fn severity_run(severity: Severity, text: &str) -> Run {
    let colour = match severity {
        Severity::Error => "C00000",
        Severity::Warning => "B45F06",
        Severity::Info => "2F5496",
    };
    Run::new().add_text(text).bold().color(colour)
}

pub(super) fn table_border(position: TableBorderPosition) -> TableBorder {
    TableBorder::new(position)
        .border_type(BorderType::Single)
        .size(4)
        .color(GRID)
}

/// The document shell: A4, fixed dates, fonts and the styles the report uses.
pub(super) fn base_docx() -> Docx {
    let margin = PageMargin {
        top: MARGIN,
        left: MARGIN,
        bottom: MARGIN,
        right: MARGIN,
        header: 567,
        footer: 567,
        gutter: 0,
    };
    let mut docx = Docx::new()
        .created_at(FIXED_DATE)
        .updated_at(FIXED_DATE)
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(margin)
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .east_asia("Calibri")
                .cs("Calibri"),
        )
        .default_size(22)
        // docx-rs always writes a bare "Normal" style of its own, so body spacing goes in the
        // document defaults: 6 pt after each paragraph, lines at 1.15.
        .default_line_spacing(LineSpacing::new().after(120).line(276));

    let mut title = Style::new("Title", StyleType::Paragraph)
        .name("Title")
        .based_on("Normal")
        .next("Normal")
        .size(48)
        .color(INK)
        .line_spacing(LineSpacing::new().after(240));
    title.paragraph_property = title.paragraph_property.keep_next(true);
    docx = docx.add_style(title);

    // Heading n: Word's built-in name ("heading 1") and outline level n-1, so Word's navigation
    // pane lists them.
    for (level, size, before) in [(1, 32, 360), (2, 26, 240), (3, 23, 200)] {
        let mut heading = Style::new(format!("Heading{level}"), StyleType::Paragraph)
            .name(format!("heading {level}"))
            .based_on("Normal")
            .next("Normal")
            .outline_lvl(level - 1)
            .line_spacing(LineSpacing::new().before(before).after(120))
            .size(size)
            .color(INK)
            .bold();
        heading.paragraph_property = heading.paragraph_property.keep_next(true).keep_lines(true);
        docx = docx.add_style(heading);
    }

    let mut quote = Style::new("Quote", StyleType::Paragraph)
        .name("Quote")
        .based_on("Normal")
        .next("Normal")
        .indent(Some(567), None, Some(567), None)
        .italic();
    quote.paragraph_property = quote
        .paragraph_property
        .shading(Shading::new().fill(QUOTE_FILL))
        .set_borders(
            ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Left)
                    .val(BorderType::Single)
                    .size(18)
                    .space(8)
                    .color(QUOTE_RULE),
            ),
        );
    docx = docx.add_style(quote);

    docx.add_style(
        Style::new("Key", StyleType::Paragraph)
            .name("Key")
            .based_on("Normal")
            .indent(Some(284), None, None, None)
            .line_spacing(LineSpacing::new().after(60)),
    )
    // The first page's lists: a document's name, then each error's heading line and its
    // labelled lines, indented under it.
    .add_style(
        Style::new("FixDocument", StyleType::Paragraph)
            .name("Fix Document")
            .based_on("Normal")
            .next("Normal")
            .color(INK)
            .line_spacing(LineSpacing::new().before(200).after(60)),
    )
    .add_style(
        Style::new("FixItem", StyleType::Paragraph)
            .name("Fix Item")
            .based_on("Normal")
            .indent(Some(284), None, None, None)
            .line_spacing(LineSpacing::new().before(120).after(40)),
    )
    .add_style(
        Style::new("FixDetail", StyleType::Paragraph)
            .name("Fix Detail")
            .based_on("Normal")
            .indent(Some(567), None, None, None)
            .line_spacing(LineSpacing::new().after(40)),
    )
    .add_style(
        Style::new("TableText", StyleType::Paragraph)
            .name("Table Text")
            .based_on("Normal")
            .line_spacing(LineSpacing::new().before(40).after(40).line(240)),
    )
    .add_style(
        Style::new("Note", StyleType::Paragraph)
            .name("Note")
            .based_on("Normal")
            .size(18)
            .color(QUIET),
    )
    .add_style(
        Style::new("Footer", StyleType::Paragraph)
            .name("footer")
            .based_on("Normal")
            .size(18)
            .color(QUIET),
    )
}
