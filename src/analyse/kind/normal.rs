//! The text the kind features are read from, the same whatever the format it came in.
//!
//! A PDF's lines break where the page did, a Word file's quotes are curly, Markdown keeps the
//! writer's line breaks; none of that says what a document is. [`Normalised`] lowercases the
//! text, straightens quotes and dashes, joins words hyphenated across a line break, and turns
//! every run of whitespace into one space, so a feature pattern never depends on where a line
//! ended. Heading markup is not used at all: a PDF's headings are guessed.

/// How much of a long document is read: its start, where the parties and the purpose are,
/// and its end, where the signatures are.
const HEAD_BYTES: usize = 120_000;
const TAIL_BYTES: usize = 20_000;

/// How much of the start counts as the opening, where a document says what it is.
pub const OPENING_BYTES: usize = 300;

/// A document's text, normalised for the kind features.
pub struct Normalised {
    /// The whole text read (start and end of a long document), normalised.
    pub all: String,
    /// The first [`OPENING_BYTES`] of `all` (cut at a character boundary).
    pub opening_len: usize,
}

impl Normalised {
    pub fn new(text: &str) -> Self {
        let all = if text.len() > HEAD_BYTES + TAIL_BYTES {
            let head = floor_boundary(text, HEAD_BYTES);
            let tail = ceil_boundary(text, text.len() - TAIL_BYTES);
            normalise(&format!("{}\n{}", &text[..head], &text[tail..]))
        } else {
            normalise(text)
        };
        let opening_len = floor_boundary(&all, OPENING_BYTES.min(all.len()));
        Normalised { all, opening_len }
    }

    pub fn opening(&self) -> &str {
        &self.all[..self.opening_len]
    }
}

/// Lowercase; quotes, apostrophes and dashes made plain; a word hyphenated across a line break
/// joined ("agree-\nment"); "sub-grant" written as one word so that it is never read as a
/// grant; whitespace runs made one space.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut at = 0;
    while let Some(&byte) = text.as_bytes().get(at) {
        // Most of a text is ASCII letters, digits and spaces: those go without decoding a
        // character (decoding each was a third of the kind classifier's time).
        if is_plain(byte) {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(char::from(byte.to_ascii_lowercase()));
            at += 1;
            continue;
        }
        if byte == b' ' {
            pending_space = !out.is_empty();
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => '"',
            '\u{2010}' | '\u{2011}' => '-',
            '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            '\u{00ad}' => continue,
            '*' | '_' | '`' => continue,
            other => other,
        };
        // A hyphen that ends a line, between letters, joins the word it splits.
        if c == '-'
            && out.chars().next_back().is_some_and(char::is_alphabetic)
            && let Some(after) = text[at..].strip_prefix('\n')
            && after.chars().next().is_some_and(char::is_lowercase)
        {
            at += 1;
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    // Most texts have no "sub": test before copying the text twice.
    if out.contains("sub-grant") {
        out = out.replace("sub-grant", "subgrant");
    }
    if out.contains("sub grant") {
        out = out.replace("sub grant", "subgrant");
    }
    out
}

/// Whether `byte` is an ASCII character that [`normalise`] only lower-cases: not whitespace or
/// another control character, not a hyphen, not the emphasis and code markup it drops.
fn is_plain(byte: u8) -> bool {
    byte.is_ascii_graphic() && !matches!(byte, b'-' | b'*' | b'_' | b'`')
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::{Normalised, normalise};

    #[test]
    fn line_breaks_quotes_and_markup_do_not_matter() {
        assert_eq!(
            normalise("The  **Lead**\nshall pay\r\n\u{201c}the Fee\u{201d}  within 30 days"),
            "the lead shall pay \"the fee\" within 30 days"
        );
        assert_eq!(normalise("this agree-\nment binds"), "this agreement binds");
        assert_eq!(normalise("Mid-\nSussex"), "mid- sussex");
        assert_eq!(normalise("the Sub-Grantee"), "the subgrantee");
        assert_eq!(
            normalise("\u{c9}T\u{c9}\u{2014}Sub\tGrant \u{2018}x\u{2019}  co\u{ad}op -\nment"),
            "\u{e9}t\u{e9}-subgrant 'x' coop ment"
        );
    }

    #[test]
    fn a_long_text_is_read_at_both_ends() {
        let text = format!(
            "Opening words. {} Signed for and on behalf of",
            "x ".repeat(100_000)
        );
        let read = Normalised::new(&text);
        assert!(read.opening().starts_with("opening words."));
        assert!(read.all.ends_with("signed for and on behalf of"));
        assert!(read.all.len() < text.len());
    }
}
