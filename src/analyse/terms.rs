//! Defined terms: a short name a document gives to something and then uses in its place ("the
//! Alliance Leadership Team ("ALT")", "“Steering Group” means the group of …"). A rule that
//! looks for what a clause holds reads a term as what it stands for: "the ALT will meet" is a
//! meeting of the leadership team.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::text::Unit;
use crate::document::Span;

/// A term and the words it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub term: String,
    /// The words it stands for: the name before the bracket, or what follows "means".
    pub meaning: Span,
}

/// A quoted term in brackets after what it names: `("ALT")`, `(the “Board”)`.
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\((?:the\s+|each\s+an?\s+|together\s+the\s+)?["“']([^"“”'()]{1,40})["”']\)"#)
        .expect("static regex")
});

/// A quoted term opening its definition: `"Steering Group" means …`.
static MEANS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"["“]([^"“”]{1,40})["”]\s*(?:means|shall mean|refers to|is defined as)\s+([^.;]{3,240})"#,
    )
    .expect("static regex")
});

/// Most words of a name read back from its bracketed term.
const NAME_WORDS: usize = 8;

/// Small words inside a name ("Board of Trustees", "Head of Service").
fn is_joining(word: &str) -> bool {
    matches!(word, "of" | "and" | "for" | "the" | "&" | "de" | "on")
}

/// The terms `text` defines, in text order.
pub fn find(text: &str) -> Vec<Definition> {
    let mut out = Vec::new();
    for caps in BRACKETED.captures_iter(text) {
        let (Some(whole), Some(term)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        if let Some(meaning) = name_before(text, whole.start()) {
            out.push(Definition {
                term: term.as_str().trim().to_string(),
                meaning,
            });
        }
    }
    for caps in MEANS.captures_iter(text) {
        let (Some(term), Some(meaning)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        out.push(Definition {
            term: term.as_str().trim().to_string(),
            meaning: Span::new(meaning.start(), meaning.end()),
        });
    }
    out.retain(|d| !d.term.is_empty());
    out.sort_by_key(|d| d.meaning.start);
    out
}

/// The capitalised name ending just before `end` (spaces allowed before the bracket).
fn name_before(text: &str, end: usize) -> Option<Span> {
    let head = &text[..end];
    let trimmed = head.trim_end();
    let name_end = trimmed.len();
    let mut start = name_end;
    let mut first_capital = None;
    for (words, (i, word)) in trimmed
        .split_inclusive(char::is_whitespace)
        .rev()
        .scan(name_end, |pos, w| {
            *pos -= w.len();
            Some((*pos, w.trim_end()))
        })
        .enumerate()
    {
        if words == NAME_WORDS
            || word.is_empty()
            || word.ends_with([',', '.', ';', ':']) && words > 0
        {
            break;
        }
        let capital = word.starts_with(|c: char| c.is_uppercase());
        if !capital && !is_joining(word) {
            break;
        }
        start = i;
        if capital {
            first_capital = Some(i);
        }
    }
    // The name opens with a capital, not with a joining word.
    let start = first_capital.filter(|&f| f >= start)?;
    (start < name_end).then(|| Span::new(start, name_end))
}

/// A defined term used in a unit: `(unit, definition)` pairs, sorted, for every whole-word use
/// of a term inside one unit (the definition itself included). One pass over the text for all
/// terms, so a document with thousands of terms costs no more than one with a few.
pub fn uses_in_units(
    text: &str,
    definitions: &[Definition],
    units: &[Unit],
) -> Vec<(usize, usize)> {
    if definitions.is_empty() || units.is_empty() {
        return Vec::new();
    }
    // One pattern per distinct term; each may have several definitions.
    let mut terms: Vec<&str> = definitions.iter().map(|d| d.term.as_str()).collect();
    terms.sort_unstable();
    terms.dedup();
    let Ok(automaton) = AhoCorasick::new(&terms) else {
        return Vec::new();
    };
    let mut by_term: Vec<Vec<usize>> = vec![Vec::new(); terms.len()];
    for (i, d) in definitions.iter().enumerate() {
        if let Ok(t) = terms.binary_search(&d.term.as_str()) {
            by_term[t].push(i);
        }
    }
    let mut out = Vec::new();
    for found in automaton.find_overlapping_iter(text) {
        let (start, end) = (found.start(), found.end());
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let u = units.partition_point(|u| u.span.start <= start);
        let Some(unit) = u.checked_sub(1) else {
            continue;
        };
        if end > units[unit].span.end {
            continue;
        }
        for &d in &by_term[found.pattern().as_usize()] {
            out.push((unit, d));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        find(text)
            .into_iter()
            .map(|d| (d.term, text[d.meaning.range()].to_string()))
            .collect()
    }

    #[test]
    fn a_bracketed_term_stands_for_the_capitalised_name_before_it() {
        assert_eq!(
            pairs("The partners set up a Joint Board of Trustees (the “JBT”) to oversee it."),
            vec![("JBT".to_string(), "Joint Board of Trustees".to_string())]
        );
        assert_eq!(
            pairs("disputes go to the Programme Oversight Panel (\"POP\"), which meets monthly"),
            vec![("POP".to_string(), "Programme Oversight Panel".to_string())]
        );
    }

    #[test]
    fn a_term_that_means_something_stands_for_the_rest_of_its_sentence() {
        assert_eq!(
            pairs(
                "“Core Group” means the chief officers of the three councils; “Day” means a day."
            ),
            vec![
                (
                    "Core Group".to_string(),
                    "the chief officers of the three councils".to_string()
                ),
                ("Day".to_string(), "a day".to_string())
            ]
        );
    }

    #[test]
    fn a_bracket_after_lower_case_words_names_nothing() {
        assert!(pairs("money paid in advance (\"Advance\")").is_empty());
    }

    #[test]
    fn a_term_is_used_in_a_unit_as_a_whole_word() {
        let md = "The Joint Board of Trustees (the “JBT”) meets.\n\nIf the JBT cannot agree, the chair decides.\n\nThe JBTS list is kept.\n";
        let doc = crate::extract::markdown::extract("t.md".into(), md.to_string(), Vec::new());
        let units = crate::analyse::text::units(&doc);
        let definitions = find(&doc.text);
        let used: Vec<&str> = uses_in_units(&doc.text, &definitions, &units)
            .into_iter()
            .map(|(u, _)| doc.slice(units[u].span))
            .collect();
        assert_eq!(
            used,
            vec![
                "The Joint Board of Trustees (the “JBT”) meets.",
                "If the JBT cannot agree, the chair decides."
            ]
        );
    }
}
