//! Finding a finding's words again in the file's own text.
//!
//! A reviewed copy puts each comment on the words a finding points at. The words come from the
//! normalised text (whitespace collapsed, a small-capitals run shown as capitals); the file
//! holds them split across runs, escaped, and with its own spacing and quotes. Both sides are
//! folded the same way (case, whitespace runs, curly quotes, dashes) and the passage is
//! searched for the words, taking the occurrence nearest where the normalised text says they
//! are.

/// A passage's characters, folded for matching, each with the byte range in the file it came
/// from.
#[derive(Debug, Default)]
pub struct Folded {
    chars: Vec<char>,
    at: Vec<(usize, usize)>,
}

/// A character as matching sees it: lower case, any space as one space, curly quotes straight,
/// dashes as hyphens.
fn fold(c: char) -> char {
    match c {
        c if c.is_whitespace() => ' ',
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' | '`' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

impl Folded {
    /// Add a character that came from bytes `from..to` of the file.
    pub fn push(&mut self, c: char, from: usize, to: usize) {
        let c = fold(c);
        if c == ' ' && self.chars.last().is_none_or(|&last| last == ' ') {
            return;
        }
        self.chars.push(c);
        self.at.push((from, to));
    }

    /// The file byte range of `words`, at the occurrence whose start is nearest character
    /// `near` of the passage. Words that are not found whole are looked for by their first
    /// forty characters (a finding whose words run past the passage).
    pub fn find(&self, words: &str, near: usize) -> Option<(usize, usize)> {
        let mut needle = Folded::default();
        for c in words.trim().chars() {
            needle.push(c, 0, 0);
        }
        while needle.chars.last() == Some(&' ') {
            needle.chars.pop();
        }
        if needle.chars.is_empty() {
            return None;
        }
        let whole = self.nearest(&needle.chars, near);
        let (start, len) = match whole {
            Some(start) => (start, needle.chars.len()),
            None if needle.chars.len() > 40 => (self.nearest(&needle.chars[..40], near)?, 40),
            None => return None,
        };
        Some((self.at[start].0, self.at[start + len - 1].1))
    }

    fn nearest(&self, needle: &[char], near: usize) -> Option<usize> {
        if needle.len() > self.chars.len() {
            return None;
        }
        (0..=self.chars.len() - needle.len())
            .filter(|&i| self.chars[i..i + needle.len()] == *needle)
            .min_by_key(|&i| i.abs_diff(near))
    }
}

#[cfg(test)]
mod tests {
    use super::Folded;

    fn folded(text: &str) -> Folded {
        let mut folded = Folded::default();
        for (i, c) in text.char_indices() {
            folded.push(c, i, i + c.len_utf8());
        }
        folded
    }

    #[test]
    fn words_are_found_whatever_their_case_spacing_and_quotes() {
        let passage = folded("The  Lead’s fee is FIXED.");
        assert_eq!(passage.find("lead's fee", 0), Some((5, 17)));
        assert_eq!(passage.find("is fixed", 0), Some((18, 26)));
        assert_eq!(passage.find("not there", 0), None);
    }

    #[test]
    fn the_occurrence_nearest_the_expected_place_is_taken() {
        let passage = folded("fee one, fee two, fee three");
        assert_eq!(passage.find("fee", 0), Some((0, 3)));
        assert_eq!(passage.find("fee", 20), Some((18, 21)));
    }

    #[test]
    fn long_words_are_found_by_their_start() {
        let passage = folded("Payment is due within 60 days of the invoice. Next.");
        let words = "Payment is due within 60 days of the invoice and then some more words";
        assert_eq!(passage.find(words, 0), Some((0, 40)));
    }
}
