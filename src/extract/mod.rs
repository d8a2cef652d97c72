//! Bytes to [`Document`]: sniff the format from content, decode, and hand off to the extractor.
//!
//! The format is decided by what the bytes are, never by the file extension: a PDF starts with
//! `%PDF-`, Word and OpenDocument files and Excel workbooks are ZIP archives (told apart by their
//! parts), a legacy Word 97-2003 `.doc` is an OLE2 compound file, and anything else that decodes
//! as text is read as Markdown (plain text is valid Markdown). The one use of a name: a text file
//! named `.csv` is read as a spreadsheet ([`sheet`]). Each failure is a [`ReadError`] with a stable code, naming the cause and what to do.
//!
//! To add a format: add a [`Sniffed`] variant, a module that returns a `Document` built with
//! [`crate::document::Builder`], and an arm in [`extract`].

pub mod docx;
pub mod markdown;
pub mod odt;
mod office;
pub mod package;
pub mod pdf;
pub mod sheet;
pub mod written;
mod xml;

use std::path::Path;

use crate::diagnostic::{self, FileError};
use crate::document::{Document, Format, Notice, Span};
use crate::limits::LimitError;

/// Why a file could not be read as a document. Every variant has a stable code for machine
/// output and a help line for people.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("file not found")]
    NotFound,
    #[error("the folder holds no documents tenderlint reads")]
    NoDocuments,
    #[error("permission denied")]
    PermissionDenied,
    #[error("could not read the file: {0}")]
    Io(String),
    #[error("the file is empty")]
    Empty,
    #[error("unknown format: the file is not Markdown or text, PDF, DOCX, ODT or a spreadsheet")]
    UnknownFormat,
    #[error("legacy Word 97-2003 .doc file")]
    LegacyDoc,
    #[error("{format} files are not documents tenderlint reads")]
    Unsupported { format: &'static str },
    #[error("the {format} is encrypted and needs a password to open")]
    Encrypted { format: &'static str },
    #[error("the PDF has no text layer: its pages are images (a scan or a photo)")]
    NoTextLayer,
    #[error("the PDF has no text on any page")]
    NoText,
    #[error("the file is damaged: {0}")]
    Damaged(String),
    #[error(transparent)]
    LimitExceeded(#[from] LimitError),
}

impl ReadError {
    pub fn from_io(error: &std::io::Error) -> Self {
        match error.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            std::io::ErrorKind::PermissionDenied => ReadError::PermissionDenied,
            _ => ReadError::Io(error.to_string()),
        }
    }

    /// A stable identifier for machine output.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::NotFound => "not-found",
            ReadError::NoDocuments => "no-documents",
            ReadError::PermissionDenied => "permission-denied",
            ReadError::Io(_) => "io-error",
            ReadError::Empty => "empty-file",
            ReadError::UnknownFormat => "unknown-format",
            ReadError::LegacyDoc => "legacy-doc",
            ReadError::Unsupported { .. } => "unsupported-format",
            ReadError::Encrypted { .. } => "encrypted",
            ReadError::NoTextLayer => "no-text-layer",
            ReadError::NoText => "no-text",
            ReadError::Damaged(_) => "corrupt-file",
            ReadError::LimitExceeded(_) => "limit-exceeded",
        }
    }

    /// What the user can do about it.
    pub fn help(&self) -> String {
        let text = match self {
            ReadError::NotFound => {
                "check the path; folders are searched for .md, .markdown, .docx, .docm, .odt, .pdf, .doc, .xlsx, .xlsm, .ods and .csv files"
            }
            ReadError::NoDocuments => {
                "check the folder's name; folders are searched for .md, .markdown, .docx, .docm, .odt, .pdf, .doc, .xlsx, .xlsm, .ods and .csv files (hidden files, .gitignore, .tenderlintignore and `exclude` are skipped)"
            }
            ReadError::PermissionDenied => "make the file readable by the user running tenderlint",
            ReadError::Io(_) => "check that the file is not locked or on a disconnected drive",
            ReadError::Empty => {
                "the file has no content: check that it was saved or copied completely"
            }
            ReadError::UnknownFormat => {
                "tenderlint reads Markdown or plain text, PDF, DOCX and ODT documents and XLSX, ODS and CSV spreadsheets; export the file to one of these"
            }
            ReadError::LegacyDoc => {
                "save it as .docx (File > Save As > Word Document) and check that file"
            }
            ReadError::Unsupported { format } if format.starts_with("Excel") => {
                "save it as an Excel workbook (.xlsx: File > Save As > Excel Workbook) and check that file"
            }
            ReadError::Unsupported { .. } => {
                "tenderlint reads bids and agreements as Word (.docx), OpenDocument (.odt), PDF or Markdown; save or export the document as one of these"
            }
            ReadError::Encrypted { format: "PDF" } => {
                "ask the sender for an unprotected copy, or open it with the password and save or print it to a new PDF without protection"
            }
            ReadError::Encrypted { .. } => {
                "ask the sender for an unprotected copy, or open it with the password and save it again without protection (in Word: File > Info > Protect Document > Encrypt with Password, clear the password)"
            }
            ReadError::NoTextLayer => {
                "tenderlint does not do OCR: ask for the original document (Word or a PDF exported from it), or run OCR first (for example ocrmypdf) and check the result"
            }
            ReadError::NoText => {
                "the pages hold no readable text (blank, or text drawn as shapes); ask for the original document"
            }
            ReadError::Damaged(_) => {
                "the file may be truncated or corrupted in transfer: download or copy it again, or re-export it from the original"
            }
            ReadError::LimitExceeded(error) => return error.help(),
        };
        text.to_string()
    }
}

impl From<ReadError> for FileError {
    fn from(error: ReadError) -> Self {
        FileError {
            code: error.code(),
            message: error.to_string(),
            help: error.help(),
        }
    }
}

/// What the first bytes of a file say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Empty,
    Pdf,
    /// A ZIP archive: DOCX, ODT, or something else packed.
    Zip,
    /// An OLE2 compound file: legacy .doc (or .xls, .msg).
    Ole2,
    Text,
    Binary,
}

/// Decide a file's format from its content.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Sniffed::Empty;
    }
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Sniffed::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Sniffed::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Sniffed::Ole2;
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Sniffed::Text;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)))
        .count();
    // Text files have no NUL bytes and next to no control characters.
    if sample.contains(&0) || controls * 100 > sample.len() {
        Sniffed::Binary
    } else {
        Sniffed::Text
    }
}

/// Read a document from its bytes. `path` is used for naming only.
pub fn extract(path: &Path, bytes: &[u8]) -> Result<Document, ReadError> {
    match sniff(bytes) {
        Sniffed::Empty => Err(ReadError::Empty),
        Sniffed::Pdf => pdf::extract(path.to_path_buf(), bytes),
        Sniffed::Zip => read_package(path, bytes),
        Sniffed::Ole2 => Err(ole2_error(path, bytes)),
        Sniffed::Binary => Err(ReadError::UnknownFormat),
        Sniffed::Text if is_csv(path) => {
            let (text, warnings) = decode_text(bytes);
            Ok(sheet::extract_csv(path.to_path_buf(), &text, warnings))
        }
        Sniffed::Text => {
            let (text, mut warnings) = decode_text(bytes);
            let invalid = invalid_utf8_line(bytes);
            if invalid.is_some() {
                // Said once, as a located notice, rather than also as a warning.
                warnings.retain(|w| !w.starts_with(NOT_UTF8));
            }
            let mut document = markdown::extract(path.to_path_buf(), text, warnings);
            if let Some(line) = invalid {
                let notice = invalid_utf8_notice(&document, line);
                document.notices.push(notice);
            }
            Ok(document)
        }
    }
}

/// A text file named `.csv` is read as comma-separated values: the content alone cannot tell a
/// CSV from a text that has commas in it.
fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// A ZIP archive: a Word or OpenDocument text, or some other packed file that gets a clear error.
fn read_package(path: &Path, bytes: &[u8]) -> Result<Document, ReadError> {
    let mut package = package::Package::open(bytes)?;
    // A workbook has package relationships too: look for its workbook part first.
    if package.has("xl/workbook.xml") {
        return sheet::extract(path.to_path_buf(), bytes, &mut package, Format::Xlsx);
    }
    if package.has("ppt/presentation.xml") {
        return Err(ReadError::Unsupported {
            format: "PowerPoint presentation",
        });
    }
    if package.has("xl/workbook.bin") {
        return Err(ReadError::Unsupported {
            format: "Excel binary workbook (.xlsb)",
        });
    }
    if package.has("word/document.xml") || package.has("_rels/.rels") {
        return docx::extract(path.to_path_buf(), &mut package);
    }
    let mimetype = package
        .read("mimetype")?
        .map(|m| String::from_utf8_lossy(&m).trim().to_string())
        .unwrap_or_default();
    if mimetype.starts_with("application/vnd.oasis.opendocument.text")
        || (mimetype.is_empty() && package.has("content.xml"))
    {
        return odt::extract(path.to_path_buf(), &mut package);
    }
    if mimetype.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
        return sheet::extract(path.to_path_buf(), bytes, &mut package, Format::Ods);
    }
    let format = match mimetype.as_str() {
        m if m.contains("opendocument.presentation") => "OpenDocument presentation",
        m if m.contains("opendocument") => "OpenDocument (not a text document)",
        m if m.contains("epub") => "EPUB",
        _ => return Err(ReadError::UnknownFormat),
    };
    Err(ReadError::Unsupported { format })
}

/// An OLE2 compound file: a password-protected Office document keeps its encrypted package in an
/// `EncryptedPackage` stream; a Word 97-2003 file has a `WordDocument` stream, Excel a
/// `Workbook`. Stream names are UTF-16LE in the directory sectors.
fn ole2_error(path: &Path, bytes: &[u8]) -> ReadError {
    let utf16 =
        |name: &str| -> Vec<u8> { name.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let has = |name: &str| {
        let needle = utf16(name);
        bytes.windows(needle.len()).any(|w| w == needle)
    };
    if has("EncryptedPackage") {
        // The encrypted package hides what it is; the name is the only hint.
        let workbook = path.extension().is_some_and(|e| {
            ["xlsx", "xlsm", "xls"]
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        });
        ReadError::Encrypted {
            format: if workbook {
                "Excel workbook"
            } else {
                "Word document"
            },
        }
    } else if has("WordDocument") {
        ReadError::LegacyDoc
    } else if has("Workbook") {
        ReadError::Unsupported {
            format: "Excel 97-2003 workbook",
        }
    } else if has("PowerPoint Document") {
        ReadError::Unsupported {
            format: "PowerPoint 97-2003 presentation",
        }
    } else {
        // Most compound files handed to a document linter are Word 97-2003 files.
        ReadError::LegacyDoc
    }
}

/// The notice for a Word or OpenDocument file with unaccepted tracked changes, pointing at the
/// first change (`first`), or at the start when the change left no text to point at.
pub(crate) fn tracked_changes_notice(
    insertions: u32,
    deletions: u32,
    first: Option<Span>,
) -> Notice {
    let count = insertions + deletions;
    let plural = |n: u32, one: &str, many: &str| crate::wording::plural(n as usize, one, many);
    Notice {
        code: diagnostic::UNACCEPTED_TRACKED_CHANGES,
        message: format!(
            "this document has {} ({}, {}): it is still a draft, and what a reader sees may not be final",
            plural(count, "unaccepted tracked change", "unaccepted tracked changes"),
            plural(insertions, "insertion", "insertions"),
            plural(deletions, "deletion", "deletions"),
        ),
        help: "tenderlint checked the text as if every change were accepted (inserted text in, deleted text out); accept or reject the changes (Word: Review > Accept or Reject; LibreOffice: Edit > Track Changes > Manage) before you submit or sign, then check again".into(),
        span: first.unwrap_or(Span::new(0, 0)),
        label: "first tracked change".into(),
    }
}

const NOT_UTF8: &str = "not valid UTF-8";

/// The line of the first byte that is not UTF-8 in a text file without a UTF-16 byte-order
/// mark, or `None` when it is all UTF-8.
fn invalid_utf8_line(bytes: &[u8]) -> Option<usize> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    let error = std::str::from_utf8(bytes).err()?;
    Some(
        bytes[..error.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1,
    )
}

/// The `invalid-utf8` notice: the file was read as Windows-1252, pointing at the block holding
/// the first bad byte (the first block at or before its line).
fn invalid_utf8_notice(document: &Document, line: usize) -> Notice {
    let span = document
        .blocks
        .iter()
        .take_while(|b| {
            document
                .locate(b.span)
                .line
                .is_none_or(|l| l as usize <= line)
        })
        .last()
        .or(document.blocks.first())
        .map_or(Span::new(0, 0), |b| b.span);
    Notice {
        code: diagnostic::INVALID_UTF8,
        message: format!(
            "the file is not valid UTF-8 (the first bad byte is on line {line}); it was read as Windows-1252, so £, dashes and curly quotes may not be what the author typed"
        ),
        help:
            "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8) and check it again"
                .into(),
        span,
        label: "the first bad byte is here or just after".into(),
    }
}

/// Decode a text file: UTF-8 (a byte-order mark is dropped), UTF-16 with a byte-order mark, and
/// otherwise Windows-1252, which maps every byte to a character, so nothing is lost. A decode
/// that is not UTF-8 comes with a warning saying so.
pub fn decode_text(bytes: &[u8]) -> (String, Vec<String>) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_text(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes, "UTF-16LE");
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes, "UTF-16BE");
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), Vec::new()),
        Err(_) => {
            // The error path only: find the line again with the helper the notice uses.
            let line = invalid_utf8_line(bytes).unwrap_or(1);
            let text = bytes.iter().map(|&b| windows_1252(b)).collect();
            let warning = format!(
                "{NOT_UTF8} (first bad byte on line {line}); read as Windows-1252. Save the file as UTF-8 to be sure the text is right"
            );
            (text, vec![warning])
        }
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, name: &str) -> (String, Vec<String>) {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut warnings = vec![format!("read as {name} (from its byte-order mark)")];
    let mut bad = false;
    let text = char::decode_utf16(units)
        .map(|c| {
            c.unwrap_or_else(|_| {
                bad = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if bad || bytes.len() % 2 == 1 {
        warnings.push(format!(
            "the {name} text is damaged; unreadable characters were replaced"
        ));
    }
    (text, warnings)
}

/// Windows-1252 to Unicode. The five undefined bytes map to the C1 controls of the same value,
/// as browsers do, so every byte has a character.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::{Sniffed, decode_text, sniff};

    #[test]
    fn io_errors_get_their_own_codes() {
        use std::io::{Error, ErrorKind};
        let code = |kind| super::ReadError::from_io(&Error::from(kind)).code();
        assert_eq!(code(ErrorKind::NotFound), "not-found");
        // Tests run as root in CI, where no file is unreadable: the mapping is checked here.
        assert_eq!(code(ErrorKind::PermissionDenied), "permission-denied");
        assert_eq!(code(ErrorKind::Interrupted), "io-error");
    }

    #[test]
    fn sniffing_uses_content_not_names() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Sniffed::Pdf);
        assert_eq!(sniff(b"PK\x03\x04rest"), Sniffed::Zip);
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Sniffed::Ole2
        );
        assert_eq!(sniff(b"# A bid\n\nText."), Sniffed::Text);
        assert_eq!(sniff(b"  \n\t"), Sniffed::Empty);
        assert_eq!(sniff(b"\x00\x01\x02binary"), Sniffed::Binary);
    }

    #[test]
    fn latin_text_is_decoded_losslessly_with_a_warning() {
        let (text, warnings) = decode_text(b"Fee \xA3500 \x96 \x93quoted\x94\nline two \xFF");
        assert_eq!(text, "Fee £500 – “quoted”\nline two ÿ");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("line 1"), "{warnings:?}");
    }

    #[test]
    fn byte_order_marks_are_honoured() {
        assert_eq!(decode_text(b"\xEF\xBB\xBF# Bid").0, "# Bid");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("£5".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_text(&utf16).0, "£5");
    }
}
