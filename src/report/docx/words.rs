//! The words of the Word report: text cleaned for XML, quotes cut to length, sentences, lists
//! and the plain names of places, kinds and formats.

use crate::diagnostic::{Located, Severity};
use crate::document::Format;

/// Quotes longer than this (in characters) are cut at a word and end with "…".
const MAX_QUOTE: usize = 600;

/// "Line 25, column 5, in the section “Tender Response › Question 2”."
pub(super) fn where_is(found: &Located) -> String {
    let place = found.location.describe();
    let section = found
        .location
        .section
        .as_deref()
        .map(|s| clean(&s.replace(" > ", " › ")));
    let text = match (place.is_empty(), section) {
        (false, Some(section)) => format!("{place}, in the section “{section}”"),
        (false, None) => place,
        (true, Some(section)) => format!("in the section “{section}”"),
        (true, None) => "the document as a whole".to_string(),
    };
    sentence(&text)
}

pub(super) fn title_case(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Info",
    }
}

pub(super) fn format_name(format: Option<Format>) -> &'static str {
    match format {
        Some(Format::Markdown) => "Markdown or plain text",
        Some(Format::Pdf) => "PDF",
        Some(Format::Docx) => "a Word document",
        Some(Format::Odt) => "an OpenDocument text",
        Some(Format::Xlsx) => "an Excel workbook",
        Some(Format::Ods) => "an OpenDocument spreadsheet",
        Some(Format::Csv) => "a CSV file",
        None => "an unknown format",
    }
}

/// "a bid", "an MoU": the kind's description with its article.
pub(super) fn a_kind(describe: &str) -> String {
    match describe {
        "document" => "a document of no particular kind".to_string(),
        d if d.starts_with(['a', 'e', 'i', 'o', 'u']) => format!("an {d}"),
        d => format!("a {d}"),
    }
}

/// Text for a Word run: control characters and runs of white space become one space (a
/// control character other than tab, newline and carriage return cannot be written in XML).
pub(super) fn clean(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Quoted words, cleaned and cut at a word after [`MAX_QUOTE`] characters.
pub(super) fn quote(text: &str) -> String {
    let text = clean(text);
    if text.chars().count() <= MAX_QUOTE {
        return text;
    }
    let cut: String = text.chars().take(MAX_QUOTE).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut} …")
}

/// Rule documentation as paragraphs: a blank line separates paragraphs, other line breaks are
/// the TOML file's wrapping.
pub(super) fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(clean(&current));
                current.clear();
            }
        } else {
            current.push(' ');
            current.push_str(line);
        }
    }
    if !current.trim().is_empty() {
        out.push(clean(&current));
    }
    out
}

/// Cleaned text with a capital letter, ending with a full stop (or its own closing punctuation).
pub(super) fn sentence(text: &str) -> String {
    let mut text = capitalise(&clean(text));
    if !text.ends_with(['.', '!', '?', ')', '"', '”', ':']) && !text.is_empty() {
        text.push('.');
    }
    text
}

pub(super) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "a", "a and b", "a, b and c".
pub(super) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [head @ .., last] => format!("{} and {last}", head.join(", ")),
    }
}
