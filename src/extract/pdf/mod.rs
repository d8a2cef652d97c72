//! PDF: lopdf reads the file structure (cross-reference table, object streams, filters, content
//! operators); the text layer is ours: `interpret` runs each page's content stream with real
//! font metrics, `layout` turns glyphs into lines and words, and `structure` finds running
//! headers and footers, headings, paragraphs, list items and tables, and writes the
//! [`Document`] with every text run mapped to its page and line.
//!
//! Bad files fail with a cause a person can act on: encrypted (after trying the empty password
//! that most "protected" PDFs open with), no text layer (scanned pages), damaged beyond lopdf's
//! cross-reference recovery. Decompression and per-page work are bounded.

mod cff;
mod cmap;
mod font;
mod glyph_names;
mod interpret;
mod layout;
mod structure;
mod tables_codegen;

use std::path::PathBuf;

use lopdf::{Document as Pdf, LoadOptions};

use super::ReadError;
use crate::document::Document;

pub use interpret::Limits;

/// Read a PDF, within the limits in force on this thread ([`crate::limits::current`]): the
/// `part-size-mb` per stream (lopdf applies it while loading object streams, we apply it to
/// page content, forms and fonts), `unpacked-size-mb` and `compression-ratio` for page content,
/// `pdf-objects`, `pages` (later pages are skipped with a warning), `pdf-depth` for forms, and
/// the document's deadline between pages and within long content streams.
pub fn extract(path: PathBuf, bytes: &[u8]) -> Result<Document, ReadError> {
    let limits = crate::limits::current();
    let pdf = load(bytes, &limits)?;
    if pdf.objects.len() > limits.pdf_objects {
        return Err(crate::limits::exceeded(
            "pdf-objects",
            format!(
                "the PDF has {} objects (the limit is {})",
                pdf.objects.len(),
                limits.pdf_objects
            ),
        ));
    }
    crate::limits::check_time()?;
    let pages = pdf.get_pages();
    if pages.is_empty() {
        return Err(ReadError::Damaged(
            "no pages could be found in the file".to_string(),
        ));
    }
    let page_limits = Limits {
        max_stream: usize::try_from(limits.part_size).unwrap_or(usize::MAX),
        max_form_depth: limits.pdf_depth,
        ..Limits::default()
    };
    let mut fonts = interpret::FontCache::new();
    let mut page_lines = Vec::with_capacity(pages.len().min(limits.pages));
    let mut images = 0;
    let mut warnings = Vec::new();
    let mut unpacked: u64 = 0;
    for (&number, &page_id) in pages.iter().take(limits.pages) {
        let content = interpret::page(&pdf, page_id, &mut fonts, page_limits);
        crate::limits::check_time()?;
        if let Some(cause) = &content.too_large {
            return Err(crate::limits::exceeded(
                "part-size-mb",
                format!(
                    "page {number}'s content inflates to more than {} MiB ({cause})",
                    limits.part_size >> 20
                ),
            ));
        }
        unpacked += content.unpacked;
        if unpacked > limits.unpacked_size {
            return Err(crate::limits::exceeded(
                "unpacked-size-mb",
                format!(
                    "the pages' content inflates to more than {} MiB in all (by page {number})",
                    limits.unpacked_size >> 20
                ),
            ));
        }
        if crate::limits::ratio_exceeded(content.unpacked, content.packed, &limits) {
            return Err(crate::limits::exceeded(
                "compression-ratio",
                format!(
                    "page {number}'s content inflates {}-fold ({} KiB to {} MiB), more than the limit of {}",
                    content.unpacked / content.packed.max(1),
                    content.packed >> 10,
                    content.unpacked >> 20,
                    limits.compression_ratio
                ),
            ));
        }
        images += content.images;
        if let Some(problem) = &content.problem {
            warnings.push(format!("page {number}: {problem}"));
        }
        page_lines.push(layout::page_lines(&content, number));
    }
    if pages.len() > limits.pages {
        warnings.push(format!(
            "the document has {} pages; only the first {} were read (the `pages` limit)",
            pages.len(),
            limits.pages
        ));
    }
    let words: usize = page_lines.iter().flatten().map(|l| l.words.len()).sum();
    if words == 0 {
        return Err(if images > 0 {
            ReadError::NoTextLayer
        } else {
            ReadError::NoText
        });
    }
    crate::limits::check_time()?;
    let mut doc = structure::build(path, page_lines);
    doc.warnings.extend(warnings);
    Ok(doc)
}

fn load(bytes: &[u8], limits: &crate::limits::Limits) -> Result<Pdf, ReadError> {
    let options = || LoadOptions {
        max_decompressed_size: Some(usize::try_from(limits.part_size).unwrap_or(usize::MAX)),
        ..LoadOptions::default()
    };
    let pdf = match Pdf::load_mem_with_options(bytes, options()) {
        Ok(pdf) => pdf,
        Err(first) => {
            // Lenient loading already repairs a damaged cross-reference table; as a last resort,
            // rebuild it from the objects themselves.
            let mut rebuild = options();
            rebuild.force_reconstruct = true;
            Pdf::load_mem_with_options(bytes, rebuild).map_err(|_| {
                if matches!(first, lopdf::Error::Decompress(_)) {
                    crate::limits::exceeded("part-size-mb", format!("{first}"))
                } else {
                    ReadError::Damaged(describe(&first))
                }
            })?
        }
    };
    // lopdf opens files protected with an empty user password by itself; a file that is still
    // encrypted needs a password we do not have.
    if pdf.is_encrypted() && (!pdf.was_encrypted() || pdf.get_pages().is_empty()) {
        return Err(ReadError::Encrypted { format: "PDF" });
    }
    Ok(pdf)
}

fn describe(error: &lopdf::Error) -> String {
    let text = error.to_string();
    if text.is_empty() {
        "the file structure could not be read".to_string()
    } else {
        format!("the file structure could not be read ({text})")
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use lopdf::{Dictionary, Document as Pdf, Object, Stream, dictionary};

    use super::extract;
    use crate::extract::ReadError;

    /// A one-page PDF whose page draws `content` with font `/F1` = `font` and the XObjects given.
    fn pdf(content: &[u8], font: Dictionary, xobjects: Vec<(&str, Stream)>) -> Vec<u8> {
        let mut doc = Pdf::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(font);
        let mut xobject_dict = Dictionary::new();
        for (name, stream) in xobjects {
            let id = doc.add_object(stream);
            xobject_dict.set(name, id);
        }
        let resources =
            dictionary! { "Font" => dictionary! { "F1" => font_id }, "XObject" => xobject_dict };
        let content_id = doc.add_object(Stream::new(Dictionary::new(), content.to_vec()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => content_id,
            "Resources" => resources,
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
            ),
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("write pdf");
        bytes
    }

    fn helvetica() -> Dictionary {
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" }
    }

    fn text(bytes: &[u8]) -> String {
        extract(PathBuf::from("t.pdf"), bytes)
            .expect("readable")
            .text
    }

    #[test]
    fn spaces_come_from_glyph_gaps_and_tj_offsets() {
        // "Fernlea" drawn in two pieces that touch, a kerned TJ, a word gap made by a TJ offset,
        // and WinAnsi's pound sign and curly quotes.
        let content = b"BT /F1 12 Tf 72 700 Td (Fern) Tj (lea) Tj [( Deaf) -1000 (Community)] TJ ET
            BT /F1 12 Tf 72 680 Td [(\x93Ass) 20 (ociation\x94 gets \xa3210,000)] TJ ET";
        assert_eq!(
            text(&pdf(content, helvetica(), Vec::new())),
            "Fernlea Deaf Community \u{201C}Association\u{201D} gets £210,000"
        );
    }

    #[test]
    fn identity_h_fonts_read_through_their_to_unicode_cmap() {
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
            1 begincodespacerange <0000> <FFFF> endcodespacerange
            3 beginbfchar <0001> <0054> <0002> <FB01> <0003> <0020> endbfchar
            1 beginbfrange <0010> <0012> <0061> endbfrange
            endcmap end end";
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+Carlito",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Dictionary(dictionary! {
                "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "ABCDEF+Carlito",
                "DW" => 500,
                "W" => vec![1.into(), vec![Object::Integer(480), 520.into(), 220.into()].into()],
            })],
        };
        let bytes = pdf(
            b"BT /F1 11 Tf 72 700 Td <0001000200100011001200030010> Tj ET",
            font,
            Vec::new(),
        );
        // The ToUnicode CMap is a stream, so it goes in as an object of its own.
        let mut with_cmap = Pdf::load_mem(&bytes).expect("reload");
        let stream_id = with_cmap.add_object(Stream::new(Dictionary::new(), cmap.to_vec()));
        for object in with_cmap.objects.values_mut() {
            if let Object::Dictionary(dict) = object
                && dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0")
            {
                dict.set("ToUnicode", stream_id);
            }
        }
        let mut out = Vec::new();
        with_cmap.save_to(&mut out).expect("write");
        assert_eq!(text(&out), "Tfiabc a");
    }

    #[test]
    fn differences_name_glyphs_and_ligatures_become_letters() {
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Times-Roman",
            "Encoding" => dictionary! {
                "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
                "Differences" => vec![1.into(), Object::Name(b"fi".to_vec()), Object::Name(b"sterling".to_vec())],
            },
        };
        assert_eq!(
            text(&pdf(
                b"BT /F1 10 Tf 72 700 Td (\x01nance \x0250) Tj ET",
                font,
                Vec::new()
            )),
            "finance £50"
        );
    }

    #[test]
    fn a_form_that_draws_itself_is_read_once_and_does_not_hang() {
        let form = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()] },
            b"BT /F1 9 Tf 72 40 Td (Page footer) Tj ET /X1 Do".to_vec(),
        );
        let bytes = pdf(
            b"BT /F1 12 Tf 72 700 Td (Body text.) Tj ET /X1 Do",
            helvetica(),
            vec![("X1", form)],
        );
        // The form's own resources are missing, so /X1 inside it resolves through the page's: a
        // cycle that the interpreter must refuse.
        let doc = extract(PathBuf::from("t.pdf"), &bytes).expect("readable");
        assert_eq!(
            doc.pages[0].matches("Page footer").count(),
            1,
            "{:?}",
            doc.pages
        );
    }

    #[test]
    fn image_only_pages_have_no_text_layer() {
        let image = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
            vec![0],
        );
        let bytes = pdf(
            b"q 595 0 0 842 0 0 cm /Im1 Do Q",
            helvetica(),
            vec![("Im1", image)],
        );
        assert!(matches!(
            extract(PathBuf::from("t.pdf"), &bytes),
            Err(ReadError::NoTextLayer)
        ));
    }

    #[test]
    fn not_a_pdf_after_all_is_a_damaged_file() {
        let result = extract(
            PathBuf::from("t.pdf"),
            b"%PDF-1.7\nthis is not a pdf at all\n%%EOF",
        );
        assert!(matches!(result, Err(ReadError::Damaged(_))), "{result:?}");
    }

    #[test]
    fn lines_map_back_to_page_and_line() {
        let content = b"BT /F1 12 Tf 72 760 Td (Running header) Tj ET
            BT /F1 12 Tf 72 700 Td (First line of the body) Tj 0 -14 Td (second line here.) Tj ET";
        let doc = extract(
            PathBuf::from("t.pdf"),
            &pdf(content, helvetica(), Vec::new()),
        )
        .expect("readable");
        let at = doc.text.find("second").expect("text");
        let location = doc.locate(crate::document::Span::new(at, at + 6));
        assert_eq!(
            (location.page, location.line, location.column),
            (Some(1), Some(3), Some(1))
        );
        assert_eq!(
            doc.page_offset(at),
            Some((1, doc.pages[0].find("second").expect("page")))
        );
    }
}
