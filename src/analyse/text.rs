//! Units of reading: sentences in paragraphs and list items, rows in tables, headings.
//!
//! Rules ask "in the same sentence" or "in the same budget row"; a [`Unit`] is that scope. A
//! sentence never crosses a block, so a heading never runs into the paragraph after it and a
//! table row keeps a partner's name and its amount together.

use crate::document::{BlockKind, Document, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    Heading,
    Sentence,
    /// A table row: the block index of the table and the row's index in it.
    Row {
        row: usize,
        header: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unit {
    pub span: Span,
    /// Index of the block in [`Document::blocks`].
    pub block: usize,
    pub kind: UnitKind,
}

/// The first `n` bytes of `s`, cut back to a character boundary.
pub fn head(s: &str, n: usize) -> &str {
    let mut end = s.len().min(n);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The last `n` bytes of `s`, cut forward to a character boundary.
pub fn tail(s: &str, n: usize) -> &str {
    let mut start = s.len().saturating_sub(n);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

/// Up to `len` bytes of `text` from `start` (a character boundary), cut back to a boundary.
pub fn window(text: &str, start: usize, len: usize) -> &str {
    text.get(start.min(text.len())..)
        .map_or("", |rest| head(rest, len))
}

/// All units of a document, in text order.
pub fn units(doc: &Document) -> Vec<Unit> {
    let mut units = Vec::new();
    for (index, block) in doc.blocks.iter().enumerate() {
        match &block.kind {
            BlockKind::Heading { .. } => {
                units.push(Unit {
                    span: block.span,
                    block: index,
                    kind: UnitKind::Heading,
                });
            }
            BlockKind::Table(table) => {
                for (r, row) in table.rows.iter().enumerate() {
                    let header = r < table.header_rows;
                    units.push(Unit {
                        span: row.span,
                        block: index,
                        kind: UnitKind::Row { row: r, header },
                    });
                }
            }
            BlockKind::Paragraph | BlockKind::ListItem { .. } => {
                for span in sentences(&doc.text[block.span.range()]) {
                    units.push(Unit {
                        span: span.shift(block.span.start),
                        block: index,
                        kind: UnitKind::Sentence,
                    });
                }
            }
        }
    }
    units
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "no", "nos", "st", "dr", "mr", "mrs", "ms", "prof", "e.g", "i.e", "eg", "ie", "etc", "approx",
    "vs", "incl", "cf", "dept", "ref", "para", "paras", "cl", "sch", "art", "reg", "regs", "fig",
    "vol", "p", "pp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "cllr", "rev", "hon", "est", "tel", "govt", "assoc", "nr", "op", "a.k.a", "viz", "al",
];

/// Company suffixes: a full stop after one ends a sentence only before a capitalised word
/// ("… Services Ltd. Its staff …"), not before "(company no. …)" or a lower-case word.
const COMPANY_SUFFIXES: &[&str] = &["ltd", "plc", "inc", "co", "corp", "bros", "llp"];

/// Split a block's text into sentence spans (relative to the text), trimmed.
pub fn sentences(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let boundary = match b {
            b'\n' => Some(i + 1),
            b'.' | b'!' | b'?' => sentence_end(text, i),
            _ => None,
        };
        if let Some(next) = boundary {
            push_trimmed(text, start, next, &mut spans);
            start = next;
            i = next;
        } else {
            i += 1;
        }
    }
    push_trimmed(text, start, text.len(), &mut spans);
    spans
}

fn push_trimmed(text: &str, start: usize, end: usize, spans: &mut Vec<Span>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        spans.push(Span::new(start + lead, start + lead + trimmed.len()));
    }
}

/// If the terminator at `at` ends a sentence, the offset where the next sentence starts.
fn sentence_end(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    // Consume closing quotes and brackets after the terminator.
    let mut j = at + 1;
    while j < bytes.len() {
        let rest = &text[j..];
        let closer = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | ')' | ']' | '”' | '’'));
        match closer {
            Some(c) => j += c.len_utf8(),
            None => break,
        }
    }
    if j >= bytes.len() {
        return None;
    }
    if !bytes[j].is_ascii_whitespace() {
        return None;
    }
    let next = text[j..].trim_start();
    let first = next.chars().next()?;
    if !(first.is_uppercase()
        || first.is_ascii_digit()
        || matches!(first, '"' | '\'' | '(' | '[' | '“' | '‘' | '£' | '€' | '$'))
    {
        return None;
    }
    if bytes[at] == b'.' {
        // The separator may be wider than a byte (a no-break or ideographic space).
        let word_start = text[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || c == '(')
            .map_or(0, |(p, c)| p + c.len_utf8());
        let word = text[word_start..at].to_ascii_lowercase();
        // Initials ("J. Smith") and abbreviations do not end sentences.
        if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
            return None;
        }
        let word = word.trim_start_matches(['(', '"', '\'']);
        if ABBREVIATIONS.contains(&word) {
            return None;
        }
        if COMPANY_SUFFIXES.contains(&word) && !first.is_uppercase() {
            return None;
        }
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::{head, sentences, tail, window};

    #[test]
    fn a_wide_space_before_an_abbreviation_is_not_split_inside() {
        // Found by fuzzing: a no-break or ideographic space before "word." sliced mid-character.
        for space in ['\u{a0}', '\u{3000}', '\u{2003}'] {
            let text = format!("We pay{space}approx. Then we stop. Next{space}J. Smith agrees.");
            let spans = sentences(&text);
            assert!(!spans.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn slices_never_split_a_character() {
        assert_eq!(head("£5", 1), "");
        assert_eq!(tail("5£", 1), "");
        assert_eq!(window("a£b", 1, 1), "");
        assert_eq!(window("a£b", 1, 2), "£");
        assert_eq!(window("ab", 5, 2), "");
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text)
            .into_iter()
            .map(|s| &text[s.range()])
            .collect()
    }

    #[test]
    fn sentences_split_on_terminators_not_abbreviations() {
        assert_eq!(
            split(
                "Fernlea Ltd. will deliver. It gets £5.2k (approx. 10%). Then e.g. Mr. J. Smith leads! Done?"
            ),
            [
                "Fernlea Ltd. will deliver.",
                "It gets £5.2k (approx. 10%).",
                "Then e.g. Mr. J. Smith leads!",
                "Done?"
            ]
        );
        assert_eq!(
            split("It is run by Ladderstep Ltd. Its staff stay. Acme Ltd. (company no. 5) pays."),
            [
                "It is run by Ladderstep Ltd.",
                "Its staff stay.",
                "Acme Ltd. (company no. 5) pays."
            ]
        );
    }

    #[test]
    fn line_breaks_end_sentences_and_lowercase_continues() {
        assert_eq!(
            split("Line one\nLine two. and more"),
            ["Line one", "Line two. and more"]
        );
        assert_eq!(
            split("He said \"Stop.\" Then left."),
            ["He said \"Stop.\"", "Then left."]
        );
    }
}
