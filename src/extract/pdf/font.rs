//! Fonts: from the bytes a content stream shows to characters and glyph widths.
//!
//! Text is decoded in the order readers such as poppler use: the font's `/ToUnicode` CMap; then
//! the glyph names of its `/Encoding` (a base encoding plus `/Differences`) or, when there is
//! none, the built-in encoding of an embedded Type1 font program; then the code itself for plain
//! ASCII. Widths come from `/Widths` (simple fonts), `/W` and `/DW` (CID fonts), and the AFM
//! metrics of the standard 14 fonts when a file relies on them. Ligature glyphs (ﬁ, ﬂ, ﬃ) are
//! spelled out as letters so that rules see words.

use std::collections::HashMap;

use lopdf::{Dictionary, Document as Pdf, Object};

use super::cmap::CMap;
use super::glyph_names::glyph_text;
use super::tables_codegen as tables;

/// One decoded glyph: its text (a range of the caller's buffer), its advance width in text
/// space per unit of font size, and whether word spacing (`Tw`) applies to it.
#[derive(Clone, Copy, Debug)]
pub struct Decoded {
    pub start: u32,
    pub end: u32,
    pub width: f32,
    pub word_space: bool,
}

#[derive(Debug)]
pub struct Font {
    pub bold: bool,
    kind: Kind,
    to_unicode: Option<CMap>,
    /// Width used for codes with none given, per unit of font size.
    default_width: f32,
}

#[derive(Debug)]
enum Kind {
    Simple {
        /// Text for each code from the encoding's glyph names.
        text: Vec<Option<Box<str>>>,
        widths: Vec<Option<f32>>,
        /// True for fonts whose codes are not characters (Symbol, Dingbats, symbolic
        /// TrueType): unmapped codes are not read as ASCII.
        symbolic: bool,
    },
    Composite {
        /// The encoding CMap; `None` for Identity-H/V (two-byte codes, CID = code).
        encoding: Option<CMap>,
        widths: HashMap<u32, f32>,
        width_ranges: Vec<(u32, u32, f32)>,
    },
}

/// Largest font program or CMap stream read, decompressed.
const MAX_FONT_STREAM: usize = 16 << 20;

impl Font {
    /// A font that decodes bytes as Latin-1 with Helvetica-like widths, for a `Tf` that names
    /// no font.
    pub fn fallback() -> Font {
        Font {
            bold: false,
            kind: Kind::Simple {
                text: (0..256u16)
                    .map(|code| {
                        let name = tables::WIN_ANSI[code as usize];
                        glyph_text(name).map(String::into_boxed_str)
                    })
                    .collect(),
                widths: std14_widths("Helvetica", &tables::WIN_ANSI),
                symbolic: false,
            },
            to_unicode: None,
            default_width: 0.5,
        }
    }

    pub fn load(pdf: &Pdf, dict: &Dictionary) -> Font {
        let subtype = name_of(pdf, dict, b"Subtype").unwrap_or_default();
        let base_font = name_of(pdf, dict, b"BaseFont").unwrap_or_default();
        let base_font = strip_subset(&base_font);
        let to_unicode = stream_bytes(pdf, dict.get(b"ToUnicode").ok()).map(|d| CMap::parse(&d));
        if subtype == "Type0" {
            return Font::load_composite(pdf, dict, base_font, to_unicode);
        }
        let descriptor =
            deref(pdf, dict.get(b"FontDescriptor").ok()).and_then(|o| o.as_dict().ok());
        let flags = descriptor
            .and_then(|d| number(pdf, d.get(b"Flags").ok()))
            .unwrap_or(0.0) as i64;
        let bold = is_bold(base_font, descriptor, pdf);
        // Type3 glyph space is scaled by the font matrix; every other font uses 1/1000 em.
        let scale = if subtype == "Type3" {
            deref(pdf, dict.get(b"FontMatrix").ok())
                .and_then(|o| o.as_array().ok())
                .and_then(|m| m.first())
                .and_then(|v| number(pdf, Some(v)))
                .map_or(0.001, |v| v.abs())
        } else {
            0.001
        };
        let std14 = std14_name(base_font);
        let symbolic = flags & 4 != 0
            || matches!(std14, Some("Symbol" | "ZapfDingbats"))
            || subtype == "Type3" && dict.get(b"Encoding").is_err();

        let names = encoding_names(pdf, dict, descriptor, &subtype, std14, symbolic);
        let text: Vec<Option<Box<str>>> = names
            .iter()
            .map(|name| glyph_text(name).map(String::into_boxed_str))
            .collect();

        let mut widths: Vec<Option<f32>> = vec![None; 256];
        let first = number(pdf, dict.get(b"FirstChar").ok()).unwrap_or(0.0) as i64;
        if let Some(list) = deref(pdf, dict.get(b"Widths").ok()).and_then(|o| o.as_array().ok()) {
            for (i, w) in list.iter().enumerate() {
                let code = first + i as i64;
                if (0..256).contains(&code) {
                    widths[code as usize] = number(pdf, Some(w)).map(|w| w * scale);
                }
            }
        } else {
            let metrics = std14.unwrap_or(if bold { "Helvetica-Bold" } else { "Helvetica" });
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            widths = std14_widths(metrics, &names);
        }
        let default_width = descriptor
            .and_then(|d| number(pdf, d.get(b"MissingWidth").ok()))
            .filter(|&w| w > 0.0)
            .map_or(0.5, |w| w * scale);
        Font {
            bold,
            kind: Kind::Simple {
                text,
                widths,
                symbolic,
            },
            to_unicode,
            default_width,
        }
    }

    fn load_composite(
        pdf: &Pdf,
        dict: &Dictionary,
        base_font: &str,
        to_unicode: Option<CMap>,
    ) -> Font {
        let descendant = deref(pdf, dict.get(b"DescendantFonts").ok())
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| deref(pdf, Some(o)))
            .and_then(|o| o.as_dict().ok());
        let descriptor = descendant
            .and_then(|d| deref(pdf, d.get(b"FontDescriptor").ok()))
            .and_then(|o| o.as_dict().ok());
        let encoding = match deref(pdf, dict.get(b"Encoding").ok()) {
            Some(Object::Stream(_)) => {
                stream_bytes(pdf, dict.get(b"Encoding").ok()).map(|d| CMap::parse(&d))
            }
            _ => None,
        };
        let mut widths = HashMap::new();
        let mut width_ranges = Vec::new();
        let mut default_width = 1.0;
        if let Some(descendant) = descendant {
            if let Some(dw) = number(pdf, descendant.get(b"DW").ok()) {
                default_width = dw / 1000.0;
            }
            if let Some(list) =
                deref(pdf, descendant.get(b"W").ok()).and_then(|o| o.as_array().ok())
            {
                read_cid_widths(pdf, list, &mut widths, &mut width_ranges);
            }
        }
        Font {
            bold: is_bold(base_font, descriptor, pdf),
            kind: Kind::Composite {
                encoding,
                widths,
                width_ranges,
            },
            to_unicode,
            default_width,
        }
    }

    /// Decode a shown string: append each glyph's text to `text` and its metrics to `out`.
    pub fn decode(&self, bytes: &[u8], text: &mut String, out: &mut Vec<Decoded>) {
        match &self.kind {
            Kind::Simple {
                text: names,
                widths,
                symbolic,
            } => {
                for &byte in bytes {
                    let code = u32::from(byte);
                    let start = text.len();
                    let mapped = self.to_unicode.as_ref().and_then(|m| m.text(code));
                    match mapped {
                        Some(t) => push_glyph_text(text, &t),
                        None => match &names[byte as usize] {
                            Some(t) => push_glyph_text(text, t),
                            None if !symbolic && (0x20..0x7F).contains(&byte) => {
                                text.push(char::from(byte));
                            }
                            None => {}
                        },
                    }
                    out.push(Decoded {
                        start: start as u32,
                        end: text.len() as u32,
                        width: widths[byte as usize].unwrap_or(self.default_width),
                        word_space: byte == b' ',
                    });
                }
            }
            Kind::Composite {
                encoding,
                widths,
                width_ranges,
            } => {
                let mut rest = bytes;
                while !rest.is_empty() {
                    let (code, length, cid) = match encoding {
                        Some(cmap) if cmap.has_codespace() => {
                            let (code, length) = cmap.next_code(rest);
                            (code, length, cmap.cid(code).unwrap_or(code))
                        }
                        _ => {
                            let length = rest.len().min(2);
                            let code = rest[..length]
                                .iter()
                                .fold(0u32, |c, &b| (c << 8) | u32::from(b));
                            (code, 2, code)
                        }
                    };
                    rest = &rest[length.min(rest.len())..];
                    let start = text.len();
                    if let Some(t) = self.to_unicode.as_ref().and_then(|m| m.text(code)) {
                        push_glyph_text(text, &t);
                    }
                    let width = widths.get(&cid).copied().or_else(|| {
                        width_ranges
                            .iter()
                            .find(|&&(low, high, _)| low <= cid && cid <= high)
                            .map(|&(_, _, w)| w)
                    });
                    out.push(Decoded {
                        start: start as u32,
                        end: text.len() as u32,
                        width: width.unwrap_or(self.default_width),
                        word_space: length == 1 && code == 32,
                    });
                }
            }
        }
    }
}

/// Append a glyph's text, spelling out ligatures and dropping control characters and soft
/// hyphens' invisible twins (zero-width characters).
fn push_glyph_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            '\u{A0}' | '\t' => out.push(' '),
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{FFFD}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// The glyph names for codes 0..=255 of a simple font.
fn encoding_names(
    pdf: &Pdf,
    dict: &Dictionary,
    descriptor: Option<&Dictionary>,
    subtype: &str,
    std14: Option<&str>,
    symbolic: bool,
) -> Vec<String> {
    let table = |name: &str| -> Option<&'static [&'static str; 256]> {
        match name {
            "WinAnsiEncoding" => Some(&tables::WIN_ANSI),
            "MacRomanEncoding" => Some(&tables::MAC_ROMAN),
            "StandardEncoding" => Some(&tables::STANDARD),
            _ => None,
        }
    };
    let builtin = || -> Vec<String> {
        let program = |d: &Dictionary| {
            type1_builtin_encoding(pdf, d).or_else(|| {
                let data = stream_bytes(pdf, d.get(b"FontFile3").ok())?;
                super::cff::builtin_encoding(&data)
            })
        };
        if let Some(names) = descriptor.and_then(program) {
            return names;
        }
        let base = match std14 {
            Some("Symbol") => &tables::SYMBOL_ENCODING,
            Some("ZapfDingbats") => &tables::ZAPF_DINGBATS_ENCODING,
            _ if subtype == "TrueType" && !symbolic => &tables::WIN_ANSI,
            _ => &tables::STANDARD,
        };
        base.iter().map(|s| s.to_string()).collect()
    };
    match deref(pdf, dict.get(b"Encoding").ok()) {
        Some(Object::Name(name)) => match table(&String::from_utf8_lossy(name)) {
            Some(base) => base.iter().map(|s| s.to_string()).collect(),
            None => builtin(),
        },
        Some(Object::Dictionary(encoding)) => {
            let mut names = match name_of(pdf, encoding, b"BaseEncoding")
                .as_deref()
                .and_then(table)
            {
                Some(base) => base.iter().map(|s| s.to_string()).collect(),
                None => builtin(),
            };
            if let Some(differences) =
                deref(pdf, encoding.get(b"Differences").ok()).and_then(|o| o.as_array().ok())
            {
                let mut code: i64 = 0;
                for item in differences {
                    match item {
                        Object::Integer(n) => code = *n,
                        Object::Real(n) => code = *n as i64,
                        Object::Name(name) => {
                            if (0..256).contains(&code) {
                                names[code as usize] = String::from_utf8_lossy(name).into_owned();
                            }
                            code += 1;
                        }
                        _ => {}
                    }
                }
            }
            names
        }
        _ => builtin(),
    }
}

/// The `/Encoding` array written into an embedded Type1 font program (`dup 65 /A put`), as
/// TeX fonts carry it. `None` when the program says `StandardEncoding` or has no program.
fn type1_builtin_encoding(pdf: &Pdf, descriptor: &Dictionary) -> Option<Vec<String>> {
    let data = stream_bytes(pdf, descriptor.get(b"FontFile").ok())?;
    // The encoding sits in the clear-text part, before `eexec`.
    let end = find(&data, b"eexec").unwrap_or(data.len()).min(1 << 20);
    let head = &data[..end];
    let at = find(head, b"/Encoding")?;
    let rest = &head[at..];
    if rest.starts_with(b"/Encoding StandardEncoding") {
        return None;
    }
    let mut names = vec![String::new(); 256];
    let text = String::from_utf8_lossy(rest);
    let mut words = text.split_ascii_whitespace().peekable();
    let mut found = false;
    while let Some(word) = words.next() {
        if word == "readonly" || word == "def" && found {
            break;
        }
        if word != "dup" {
            continue;
        }
        let (Some(code), Some(name)) = (words.next(), words.next()) else {
            break;
        };
        if let (Ok(code), Some(name)) = (code.parse::<usize>(), name.strip_prefix('/'))
            && code < 256
        {
            names[code] = name.to_string();
            found = true;
        }
    }
    found.then_some(names)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `/W` entries: `c [w1 w2 …]` and `c_first c_last w`.
fn read_cid_widths(
    pdf: &Pdf,
    list: &[Object],
    widths: &mut HashMap<u32, f32>,
    ranges: &mut Vec<(u32, u32, f32)>,
) {
    let mut i = 0;
    while i < list.len() && widths.len() + ranges.len() < 200_000 {
        let Some(first) = number(pdf, list.get(i)) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match list.get(i + 1).and_then(|o| deref(pdf, Some(o))) {
            Some(Object::Array(each)) => {
                for (k, w) in each.iter().enumerate().take(65_536) {
                    if let Some(w) = number(pdf, Some(w)) {
                        widths.insert(first.saturating_add(k as u32), w / 1000.0);
                    }
                }
                i += 2;
            }
            Some(_) => {
                let last = number(pdf, list.get(i + 1)).unwrap_or(0.0).max(0.0) as u32;
                if let Some(w) = number(pdf, list.get(i + 2)) {
                    ranges.push((first, last, w / 1000.0));
                }
                i += 3;
            }
            None => break,
        }
    }
}

fn is_bold(base_font: &str, descriptor: Option<&Dictionary>, pdf: &Pdf) -> bool {
    let lower = base_font.to_ascii_lowercase();
    if ["bold", "black", "heavy", "semibd", "demi"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return true;
    }
    let Some(descriptor) = descriptor else {
        return false;
    };
    let weight = number(pdf, descriptor.get(b"FontWeight").ok()).unwrap_or(0.0);
    let flags = number(pdf, descriptor.get(b"Flags").ok()).unwrap_or(0.0) as i64;
    weight >= 600.0 || flags & 0x40000 != 0
}

/// "ABCDEF+Arial-BoldMT" → "Arial-BoldMT".
fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    }
}

/// The standard 14 font whose metrics a base font name stands for, including the usual
/// aliases (Arial for Helvetica, Times New Roman for Times).
fn std14_name(base_font: &str) -> Option<&'static str> {
    let lower = base_font.to_ascii_lowercase().replace([' ', '-', ','], "");
    let bold = lower.contains("bold");
    let italic = lower.contains("italic") || lower.contains("oblique");
    let family = if lower.starts_with("helvetica") || lower.starts_with("arial") {
        "Helvetica"
    } else if lower.starts_with("times") {
        "Times"
    } else if lower.starts_with("courier") {
        "Courier"
    } else if lower.starts_with("symbol") {
        return Some("Symbol");
    } else if lower.starts_with("zapfdingbats") {
        return Some("ZapfDingbats");
    } else {
        return None;
    };
    Some(match (family, bold, italic) {
        ("Helvetica", false, false) => "Helvetica",
        ("Helvetica", true, false) => "Helvetica-Bold",
        ("Helvetica", false, true) => "Helvetica-Oblique",
        ("Helvetica", true, true) => "Helvetica-BoldOblique",
        ("Times", false, false) => "Times-Roman",
        ("Times", true, false) => "Times-Bold",
        ("Times", false, true) => "Times-Italic",
        ("Times", true, true) => "Times-BoldItalic",
        _ => "Courier",
    })
}

fn std14_widths<S: AsRef<str>>(font: &str, names: &[S]) -> Vec<Option<f32>> {
    let table: &[(&str, u16)] = match font {
        "Helvetica" => tables::HELVETICA,
        "Helvetica-Bold" => tables::HELVETICA_BOLD,
        "Helvetica-Oblique" => tables::HELVETICA_OBLIQUE,
        "Helvetica-BoldOblique" => tables::HELVETICA_BOLD_OBLIQUE,
        "Times-Roman" => tables::TIMES_ROMAN,
        "Times-Bold" => tables::TIMES_BOLD,
        "Times-Italic" => tables::TIMES_ITALIC,
        "Times-BoldItalic" => tables::TIMES_BOLD_ITALIC,
        "Symbol" => tables::SYMBOL,
        "ZapfDingbats" => tables::ZAPF_DINGBATS,
        _ => return vec![Some(0.6); 256],
    };
    names
        .iter()
        .map(|name| {
            let name = name.as_ref();
            table
                .binary_search_by(|(n, _)| (*n).cmp(name))
                .ok()
                .map(|i| f32::from(table[i].1) / 1000.0)
        })
        .collect()
}

// Small helpers over lopdf objects, following references.

pub fn deref<'a>(pdf: &'a Pdf, object: Option<&'a Object>) -> Option<&'a Object> {
    let mut object = object?;
    // A chain of references longer than this is a loop.
    for _ in 0..32 {
        match object {
            Object::Reference(id) => object = pdf.get_object(*id).ok()?,
            other => return Some(other),
        }
    }
    None
}

/// A finite number, following references.
pub fn number(pdf: &Pdf, object: Option<&Object>) -> Option<f32> {
    real(deref(pdf, object)?)
}

/// A finite number written in place (content-stream operands are never references).
pub fn real(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(n) => Some(*n as f32),
        Object::Real(n) if n.is_finite() => Some(*n),
        _ => None,
    }
}

pub fn name_of(pdf: &Pdf, dict: &Dictionary, key: &[u8]) -> Option<String> {
    match deref(pdf, dict.get(key).ok())? {
        Object::Name(name) => Some(String::from_utf8_lossy(name).into_owned()),
        _ => None,
    }
}

/// A stream's decoded bytes, bounded; raw bytes if it has no filter lopdf can undo.
pub fn stream_bytes(pdf: &Pdf, object: Option<&Object>) -> Option<Vec<u8>> {
    let stream = deref(pdf, object)?.as_stream().ok()?;
    if stream.dict.get(b"Filter").is_err() {
        return Some(stream.content.clone());
    }
    stream.decompressed_content_with_limit(MAX_FONT_STREAM).ok()
}

#[cfg(test)]
mod tests {
    use super::{std14_name, strip_subset};

    #[test]
    fn base_font_names_map_to_standard_metrics() {
        assert_eq!(strip_subset("ABCDEF+Arial-BoldMT"), "Arial-BoldMT");
        assert_eq!(std14_name("Arial-BoldMT"), Some("Helvetica-Bold"));
        assert_eq!(std14_name("TimesNewRomanPS-ItalicMT"), Some("Times-Italic"));
        assert_eq!(std14_name("LMRoman10-Regular"), None);
    }
}
