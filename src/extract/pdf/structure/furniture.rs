//! Running headers, footers and page numbers ("furniture"): marked on the lines so that no
//! later step reads them as text.
//!
//! [`mark_furniture`] takes up to two lines at each end of a page, set off from the body by a
//! gap, and marks those whose text, digits aside ([`furniture_key`]), recurs on enough pages, or
//! that are a page number ([`is_page_number`]). A new page-number form belongs in
//! [`is_page_number`].

use std::collections::{HashMap, HashSet};

use crate::extract::pdf::layout::Line;

/// Normalised text for comparing header and footer lines across pages.
fn furniture_key(text: &str) -> String {
    let mut key = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !key.ends_with('#') {
                key.push('#');
            }
        } else if !c.is_whitespace() {
            key.extend(c.to_lowercase());
        }
    }
    key
}

fn is_page_number(key: &str) -> bool {
    let key = key.trim_matches(|c: char| c == '-' || c == '–' || c == '|');
    let key = key.strip_prefix("page").unwrap_or(key);
    matches!(key, "#" | "#of#" | "#/#" | "p.#" | "(#)" | "[#]")
}

/// Mark running headers, footers and page numbers: the first or last lines of a page, set off
/// from the body by a gap, whose text (digits aside) recurs on other pages, or that are a page
/// number.
pub(super) fn mark_furniture(pages: &mut [Vec<Line>]) {
    // Candidates: up to two lines at each end of a page, each set apart from its neighbour.
    let mut candidates: Vec<(usize, usize, String)> = Vec::new();
    for (p, lines) in pages.iter().enumerate() {
        let n = lines.len();
        let apart = |i: usize, j: usize| {
            let (a, b) = (&lines[i], &lines[j]);
            (a.y - b.y).abs() > 1.8 * a.size.max(b.size)
        };
        for (i, line) in lines.iter().enumerate().take(2) {
            // A top line is a candidate if every line up to it and the line after are apart.
            if i + 1 < n && apart(i, i + 1) || n == 1 {
                candidates.push((p, i, furniture_key(&line.text)));
            }
            if i + 1 < n && !apart(i, i + 1) {
                break;
            }
        }
        for k in 0..n.min(2) {
            let i = n - 1 - k;
            if i < 2 && candidates.iter().any(|&(cp, ci, _)| cp == p && ci == i) {
                break;
            }
            if i >= 1 && apart(i - 1, i) {
                candidates.push((p, i, furniture_key(&lines[i].text)));
            }
            if i >= 1 && !apart(i - 1, i) {
                break;
            }
        }
    }
    let mut pages_with: HashMap<&str, HashSet<usize>> = HashMap::new();
    for (p, _, key) in &candidates {
        pages_with.entry(key.as_str()).or_default().insert(*p);
    }
    let total = pages.len();
    let marks: Vec<(usize, usize)> = candidates
        .iter()
        .filter(|(_, _, key)| {
            let seen = pages_with.get(key.as_str()).map_or(0, HashSet::len);
            is_page_number(key) || (seen >= 2 && seen * 5 >= total * 2)
        })
        .map(|&(p, i, _)| (p, i))
        .collect();
    for (p, i) in marks {
        pages[p][i].furniture = true;
    }
}
