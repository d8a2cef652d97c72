//! Clause numbers: the number a finding is located by ("clause 9.2"), from the label Word or
//! LibreOffice shows for a numbered paragraph ([`clause_of`]), from a number typed at a
//! paragraph's start ([`literal_clause`]), or from a nested item's label and its parent's clause
//! ([`item_clause`]).
//!
//! A clause is the label without the punctuation that ends it: "9.2." is clause 9.2, and "3)"
//! is clause 3, as the Markdown reader numbers a "3)" list item. Brackets that enclose the label
//! stay, because they are how the clause is cited: "(b)" is clause (b). So "b)" is clause b, and
//! the same paragraph gets the same clause from its DOCX, ODT and Markdown forms (the test in
//! `twins.rs` checks this).
//!
//! To change how a label becomes a clause: change [`clause_of`] here, for both readers, and the
//! twin test with it.

/// The clause number a list label shows, without the punctuation that ends it: "3." → "3",
/// "9.2" stays, "(b)" stays, "b)" → "b", "3)" → "3". `None` for a label with no letter or digit
/// (a dash used as a number).
pub fn clause_of(label: &str) -> Option<String> {
    let mut clause = label.trim().trim_end_matches(['.', ':']).trim_end();
    if !clause.contains('(') {
        clause = clause.trim_end_matches(')').trim_end_matches('.');
    }
    clause
        .chars()
        .any(char::is_alphanumeric)
        .then(|| clause.to_string())
}

/// A clause number typed at the start of a paragraph: "4.2 Open Gate will…" → "4.2", "4. Charges"
/// → "4". A number with no dot ("2025 was") or with a unit ("£4.50") is not one.
pub fn literal_clause(text: &str) -> Option<String> {
    let word = text.split_whitespace().next()?;
    let number = word.trim_end_matches('.');
    let parts: Vec<&str> = number.split('.').collect();
    let numeric = parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    (numeric && (parts.len() >= 2 || word.ends_with('.')) && parts.len() <= 5)
        .then(|| number.to_string())
}

/// The clause of a numbered list item whose label is `label`, inside the item or heading whose
/// clause is `parent`. A level that shows only its own decimal number (`own_level_only`: "1."
/// under "2.") is cited with its parent's, "2.1", as the Markdown reader numbers nested lists. A
/// label with no clause of its own leaves the item in its parent's clause.
pub fn item_clause(label: &str, parent: Option<&str>, own_level_only: bool) -> Option<String> {
    match (clause_of(label), parent) {
        (Some(own), Some(parent))
            if own_level_only
                && own.chars().all(|c| c.is_ascii_digit())
                && parent.chars().all(|c| c.is_ascii_digit() || c == '.') =>
        {
            Some(format!("{parent}.{own}"))
        }
        (Some(own), _) => Some(own),
        (None, parent) => parent.map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::{clause_of, item_clause, literal_clause};

    #[test]
    fn labels_become_clause_numbers() {
        let clause = |label| clause_of(label).unwrap_or_default();
        assert_eq!(clause("9.2."), "9.2");
        assert_eq!(clause("3."), "3");
        assert_eq!(clause("3)"), "3");
        assert_eq!(clause("b)"), "b");
        assert_eq!(clause("(b)"), "(b)");
        assert_eq!(clause("(iv)"), "(iv)");
        assert_eq!(clause(" 5.1: "), "5.1");
        assert_eq!(clause("Article 5"), "Article 5");
        assert_eq!(clause_of("–"), None);
        assert_eq!(clause_of(""), None);
    }

    #[test]
    fn typed_numbers_become_clause_numbers() {
        assert_eq!(
            literal_clause("4.2 Open Gate will invoice"),
            Some("4.2".into())
        );
        assert_eq!(literal_clause("4. Charges"), Some("4".into()));
        assert_eq!(literal_clause("2025 was a year"), None);
        assert_eq!(literal_clause("£4.50 a week"), None);
        assert_eq!(literal_clause("1.2.3.4.5.6 too deep"), None);
    }

    #[test]
    fn nested_items_showing_their_own_number_join_their_parent() {
        assert_eq!(item_clause("1.", Some("2"), true), Some("2.1".into()));
        assert_eq!(item_clause("1.", Some("2"), false), Some("1".into()));
        assert_eq!(item_clause("(a)", Some("2.1"), true), Some("(a)".into()));
        assert_eq!(item_clause("1.", Some("(a)"), true), Some("1".into()));
        assert_eq!(item_clause("–", Some("4"), true), Some("4".into()));
        assert_eq!(item_clause("1.", None, true), Some("1".into()));
    }
}
