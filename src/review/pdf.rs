//! Highlight annotations in a copy of a PDF, appended as an incremental update.
//!
//! The copy is the original bytes, unchanged, followed by an update (ISO 32000-1 §7.5.6): the
//! new annotations (a highlight over the words with a popup note, or a note icon for a finding
//! with no words on a page), a new version of each page that gains annotations, and a
//! cross-reference section of the same kind as the original's last one (a table, or a stream)
//! whose `/Prev` points at it, and tenderlint's mark as a comment line before `startxref`. A
//! signature over the original bytes stays valid, and a reader
//! that ignores the update sees the original.
//!
//! The words are placed from the source map: a finding's first and last characters are a page,
//! a line and a column there, and the same layout the extractor made gives each word's box on
//! the line.

use std::fmt::Write as _;

use lopdf::{Object, ObjectId, StringFormat};

use super::{Author, MARK, Note, ReviewError};
use crate::document::{Document, Origin};
use crate::extract::ReadError;
use crate::extract::pdf::{Line, PageLayout};

/// Highlight colour (a warm yellow), RGB.
const COLOUR: [f32; 3] = [1.0, 0.85, 0.2];

pub fn review(
    bytes: &[u8],
    document: &Document,
    notes: &[Note],
    author: &Author,
) -> Result<Vec<u8>, ReviewError> {
    if notes.is_empty() {
        // Nothing to add: the original, marked with a comment line at its end.
        let mut out = bytes.to_vec();
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        out.extend_from_slice(format!("%{MARK}\n").as_bytes());
        return Ok(out);
    }
    let (pdf, pages) = crate::extract::pdf::layout(bytes)?;
    if pdf.trailer.get(b"Encrypt").is_ok() {
        return Err(ReviewError::Cannot(
            "the PDF is encrypted: annotations cannot be added to it without its password".into(),
        ));
    }
    let previous = last_xref(bytes)
        .ok_or_else(|| super::parts::damaged("the PDF has no startxref at its end".into()))?;
    let stream_xref = !bytes
        .get(previous..)
        .is_some_and(|rest| rest.trim_ascii_start().starts_with(b"xref"));
    let Some(first_page) = pages.first() else {
        return Err(super::parts::damaged("the PDF has no pages".into()));
    };

    let mut next = pdf.max_id + 1;
    let mut objects: Vec<(ObjectId, Vec<u8>)> = Vec::new();
    // Per page (by index in `pages`), the annotation references it gains.
    let mut added: Vec<Vec<ObjectId>> = vec![Vec::new(); pages.len()];
    let date = pdf_date(&author.date);
    for (n, note) in notes.iter().enumerate() {
        let (page_index, quads) = place(document, &pages, note).unwrap_or_default();
        let page = &pages[page_index];
        let annot = (next, 0);
        let popup = (next + 1, 0);
        next += 2;
        let (subtype, rect, extra) = if quads.is_empty() {
            // A note icon beside the first line of text.
            let line = page
                .lines
                .iter()
                .find(|l| !l.furniture && l.dir == 0)
                .or(first_page.lines.first());
            let (x, y) = line.map_or((36.0, 760.0), |l| ((l.x0() - 22.0).max(2.0), l.y));
            (
                "Text",
                [x, y, x + 18.0, y + 18.0],
                "/Name /Comment".to_string(),
            )
        } else {
            let rect = bounds(&quads);
            let appearance = (next, 0);
            next += 1;
            objects.push((appearance, appearance_stream(&quads, rect)));
            let mut points = String::new();
            for quad in &quads {
                for v in quad {
                    points.push_str(&number(*v));
                    points.push(' ');
                }
            }
            (
                "Highlight",
                rect,
                format!(
                    "/QuadPoints [{}] /AP << /N {} 0 R >>",
                    points.trim_end(),
                    appearance.0
                ),
            )
        };
        let mut dict = String::new();
        let _ = write!(
            dict,
            "<< /Type /Annot /Subtype /{subtype} /Rect [{}] {extra} /C [{}] /T {} /Contents {} \
             /M ({date}) /CreationDate ({date}) /NM (tenderlint-{}) /F 4 /P {} {} R /Popup {} 0 R >>",
            rect.iter()
                .map(|v| number(*v))
                .collect::<Vec<_>>()
                .join(" "),
            COLOUR
                .iter()
                .map(|v| number(*v))
                .collect::<Vec<_>>()
                .join(" "),
            text_string(&author.name),
            text_string(&note.text()),
            n + 1,
            page.id.0,
            page.id.1,
            popup.0,
        );
        objects.push((annot, dict.into_bytes()));
        // Beside the words, inside the page: right of them when there is room, else left.
        let width = page_width(&pdf, page.id);
        let left = if rect[2] + 228.0 <= width {
            rect[2] + 8.0
        } else {
            (rect[0] - 228.0).max(0.0)
        };
        let popup_rect = [
            left,
            (rect[3] - 140.0).max(0.0),
            left + 220.0,
            rect[3].max(140.0),
        ];
        objects.push((
            popup,
            format!(
                "<< /Type /Annot /Subtype /Popup /Parent {} 0 R /Rect [{}] /Open false /F 28 >>",
                annot.0,
                popup_rect
                    .iter()
                    .map(|v| number(*v))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
            .into_bytes(),
        ));
        added[page_index].push(annot);
        added[page_index].push(popup);
    }

    // New versions of the pages that gained annotations.
    for (page, refs) in pages.iter().zip(&added) {
        if refs.is_empty() {
            continue;
        }
        let dict = pdf
            .get_object(page.id)
            .and_then(Object::as_dict)
            .map_err(|e| {
                super::parts::damaged(format!("page {} cannot be read ({e})", page.number))
            })?;
        let mut dict = dict.clone();
        let mut annots = match dict.get(b"Annots") {
            Ok(Object::Array(items)) => items.clone(),
            Ok(Object::Reference(id)) => pdf
                .get_object(*id)
                .and_then(Object::as_array)
                .cloned()
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        annots.extend(refs.iter().map(|&id| Object::Reference(id)));
        dict.set("Annots", Object::Array(annots));
        let mut out = Vec::new();
        serialize(&Object::Dictionary(dict), &mut out)?;
        objects.push((page.id, out));
    }

    let mut out = bytes.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets: Vec<(ObjectId, usize)> = Vec::new();
    for (id, body) in &objects {
        offsets.push((*id, out.len()));
        out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let mut trailer = String::new();
    for key in ["Root", "Info", "ID"] {
        if let Ok(value) = pdf.trailer.get(key.as_bytes()) {
            let mut bytes = Vec::new();
            serialize(value, &mut bytes)?;
            let _ = write!(trailer, " /{key} {}", String::from_utf8_lossy(&bytes));
        }
    }
    if stream_xref {
        let id = (next, 0);
        next += 1;
        let start = out.len();
        offsets.push((id, start));
        offsets.sort();
        let mut data = Vec::new();
        let mut index = String::new();
        for &((number, generation), offset) in &offsets {
            data.push(1u8);
            data.extend_from_slice(&u32::try_from(offset).unwrap_or(u32::MAX).to_be_bytes());
            data.extend_from_slice(&generation.to_be_bytes());
            let _ = write!(index, "{number} 1 ");
        }
        out.extend_from_slice(
            format!(
                "{} 0 obj\n<< /Type /XRef /Size {next} /Index [{}] /W [1 4 2] /Prev {previous}{trailer} /Length {} >>\nstream\n",
                id.0,
                index.trim_end(),
                data.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
        out.extend_from_slice(format!("%{MARK}\nstartxref\n{start}\n%%EOF\n").as_bytes());
    } else {
        offsets.sort();
        let start = out.len();
        let mut table = String::from("xref\n");
        let mut i = 0;
        while i < offsets.len() {
            let mut j = i + 1;
            while j < offsets.len() && offsets[j].0.0 == offsets[j - 1].0.0 + 1 {
                j += 1;
            }
            let _ = writeln!(table, "{} {}", offsets[i].0.0, j - i);
            for &((_, generation), offset) in &offsets[i..j] {
                let _ = write!(table, "{offset:010} {generation:05} n\r\n");
            }
            i = j;
        }
        let _ = write!(
            table,
            "trailer\n<< /Size {next} /Prev {previous}{trailer} >>\n%{MARK}\nstartxref\n{start}\n%%EOF\n"
        );
        out.extend_from_slice(table.as_bytes());
    }
    Ok(out)
}

/// A page's width from its media box (inherited from the page tree when the page has none),
/// US Letter's when the file does not say.
fn page_width(pdf: &lopdf::Document, page: ObjectId) -> f32 {
    let mut id = page;
    for _ in 0..16 {
        let Ok(dict) = pdf.get_object(id).and_then(Object::as_dict) else {
            break;
        };
        if let Ok(boxed) = dict.get(b"MediaBox") {
            let boxed = match boxed {
                Object::Reference(r) => pdf.get_object(*r).unwrap_or(boxed),
                other => other,
            };
            if let Ok(values) = boxed.as_array() {
                let number = |o: &Object| {
                    o.as_float()
                        .ok()
                        .or_else(|| o.as_i64().ok().map(|i| i as f32))
                };
                if let (Some(x0), Some(x1)) = (
                    values.first().and_then(number),
                    values.get(2).and_then(number),
                ) {
                    return (x1 - x0).abs().max(72.0);
                }
            }
        }
        match dict.get(b"Parent").and_then(Object::as_reference) {
            Ok(parent) => id = parent,
            Err(_) => break,
        }
    }
    612.0
}

/// The offset the file's last `startxref` gives.
fn last_xref(bytes: &[u8]) -> Option<usize> {
    let tail_start = bytes.len().saturating_sub(2048);
    let tail = &bytes[tail_start..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let rest = std::str::from_utf8(&tail[at + 9..]).ok().or_else(|| {
        // Bytes past the number (a producer's junk) need not be text.
        let end = tail[at + 9..]
            .iter()
            .position(|b| !(b.is_ascii_digit() || b.is_ascii_whitespace()))
            .unwrap_or(tail.len() - at - 9);
        std::str::from_utf8(&tail[at + 9..at + 9 + end]).ok()
    })?;
    let number: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    number.parse().ok().filter(|&n: &usize| n < bytes.len())
}

/// Where a note's words are: the page (an index into `pages`) and a quadrilateral per line
/// (upper left, upper right, lower left, lower right, as `/QuadPoints` wants them).
fn place(document: &Document, pages: &[PageLayout], note: &Note) -> Option<(usize, Vec<[f32; 8]>)> {
    let (page, line, start) = char_at(document, note.span.start)?;
    let last = last_char(&document.text, note.span.start, note.span.end);
    let (end_page, end_line, end) = char_at(document, last)?;
    let index = pages.iter().position(|p| p.number == page)?;
    let lines = &pages[index].lines;
    let first = lines.iter().find(|l| l.number == line)?;
    if first.dir != 0 {
        return None;
    }
    let (x0, _) = char_box(first, start)?;
    let mut quads = Vec::new();
    if end_page == page && end_line == line {
        let (_, x1) = char_box(first, end)?;
        quads.push(quad(first, x0, x1.max(x0)));
    } else {
        quads.push(quad(first, x0, first.x1()));
        let until = if end_page == page { end_line } else { line };
        for middle in lines
            .iter()
            .filter(|l| l.number > line && l.number < until && !l.furniture && l.dir == 0)
        {
            quads.push(quad(middle, middle.x0(), middle.x1()));
        }
        if end_page == page
            && let Some(last) = lines.iter().find(|l| l.number == end_line && l.dir == 0)
            && let Some((_, x1)) = char_box(last, end)
        {
            quads.push(quad(last, last.x0(), x1));
        }
    }
    Some((index, quads))
}

/// The start of the last character of `start..end` (or `start` for an empty span).
fn last_char(text: &str, start: usize, end: usize) -> usize {
    let mut at = end.saturating_sub(1).max(start);
    while at > start && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The page, line and character column (1-based, in the line's text) of a text offset.
fn char_at(document: &Document, offset: usize) -> Option<(u32, u32, u32)> {
    let resolved = document.source_map.resolve(offset)?;
    let Origin::Page { page, line, column } = resolved.origin else {
        return None;
    };
    let start = document.source_map.segment_start(offset)?;
    let inside = document.text.get(start..offset)?.chars().count() as u32;
    Some((page, line, column + inside))
}

/// The left and right edges of the character at `column` of a line (a word's width shared
/// evenly among its characters; the space between words belongs to neither).
fn char_box(line: &Line, column: u32) -> Option<(f32, f32)> {
    let i = line.columns.iter().rposition(|&c| c <= column)?;
    let word = line.words.get(i)?;
    let len = word.text.chars().count().max(1) as u32;
    let k = (column - line.columns[i]).min(len - 1);
    let width = (word.x1 - word.x0) / len as f32;
    let left = word.x0 + width * k as f32;
    Some((left, left + width))
}

fn quad(line: &Line, x0: f32, x1: f32) -> [f32; 8] {
    let bottom = line.y - 0.25 * line.size;
    let top = line.y + 0.85 * line.size;
    [x0, top, x1, top, x0, bottom, x1, bottom]
}

fn bounds(quads: &[[f32; 8]]) -> [f32; 4] {
    let mut rect = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
    for q in quads {
        for p in q.chunks(2) {
            rect[0] = rect[0].min(p[0]);
            rect[1] = rect[1].min(p[1]);
            rect[2] = rect[2].max(p[0]);
            rect[3] = rect[3].max(p[1]);
        }
    }
    rect
}

/// A form drawing the quadrilaterals in the highlight colour, multiplied over the page (so the
/// words stay readable) for viewers that draw appearances rather than make their own.
fn appearance_stream(quads: &[[f32; 8]], rect: [f32; 4]) -> Vec<u8> {
    let mut content = String::from("/G0 gs ");
    let _ = write!(
        content,
        "{} {} {} rg ",
        number(COLOUR[0]),
        number(COLOUR[1]),
        number(COLOUR[2])
    );
    for q in quads {
        let _ = write!(
            content,
            "{} {} m {} {} l {} {} l {} {} l h f ",
            number(q[4]),
            number(q[5]),
            number(q[6]),
            number(q[7]),
            number(q[2]),
            number(q[3]),
            number(q[0]),
            number(q[1])
        );
    }
    let content = content.trim_end();
    format!(
        "<< /Type /XObject /Subtype /Form /BBox [{}] /Resources << /ExtGState << /G0 << /Type /ExtGState /BM /Multiply /ca 1 >> >> >> /Length {} >>\nstream\n{content}\nendstream",
        rect.iter().map(|v| number(*v)).collect::<Vec<_>>().join(" "),
        content.len()
    )
    .into_bytes()
}

/// A number as PDF writes it: at most two decimals, no exponent.
fn number(v: f32) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" || text.is_empty() {
        "0".into()
    } else {
        text.to_string()
    }
}

/// A text string as UTF-16BE with its byte order mark, in hex.
fn text_string(text: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in text.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
    out
}

/// `2026-12-07T19:00:00Z` as a PDF date, `D:20261207190000Z`.
fn pdf_date(iso: &str) -> String {
    let digits: String = iso.chars().filter(char::is_ascii_digit).take(14).collect();
    format!("D:{digits}Z")
}

/// An object as PDF syntax (no streams: a page dictionary has none of its own).
fn serialize(object: &Object, out: &mut Vec<u8>) -> Result<(), ReviewError> {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(number(*r).as_bytes()),
        Object::Name(name) => {
            out.push(b'/');
            for &b in name {
                if b.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&b) {
                    out.push(b);
                } else {
                    out.extend_from_slice(format!("#{b:02X}").as_bytes());
                }
            }
        }
        Object::String(bytes, _format @ (StringFormat::Literal | StringFormat::Hexadecimal)) => {
            out.push(b'<');
            for b in bytes {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                serialize(item, out)?;
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => {
            out.extend_from_slice(b"<<");
            for (key, value) in dict.iter() {
                out.push(b' ');
                serialize(&Object::Name(key.clone()), out)?;
                out.push(b' ');
                serialize(value, out)?;
            }
            out.extend_from_slice(b" >>");
        }
        Object::Reference((id, generation)) => {
            out.extend_from_slice(format!("{id} {generation} R").as_bytes());
        }
        Object::Stream(_) => {
            return Err(ReviewError::Read(ReadError::Damaged(
                "a page dictionary holds a stream where a reference was expected".into(),
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{last_xref, number, pdf_date, text_string};

    #[test]
    fn numbers_and_strings_are_written_as_pdf_wants_them() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(12.345), "12.35");
        assert_eq!(number(-0.001), "0");
        assert_eq!(text_string("£a"), "<FEFF00A30061>");
        assert_eq!(pdf_date("2026-12-07T19:05:09Z"), "D:20261207190509Z");
    }

    #[test]
    fn the_last_startxref_is_the_one_read() {
        let file = b"%PDF-1.4\n...startxref\n9\n%%EOF\nmore\nstartxref\n12\n%%EOF\n";
        assert_eq!(last_xref(file), Some(12));
    }
}
